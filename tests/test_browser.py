"""The review pages in a real headless Chromium (Debian's chromium + chromium-driver; nothing downloaded).

Each test saves a screenshot under its tmp dir. The tests skip, saying why, only where no browser or
driver is installed (``.ci/run`` installs them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES
from fakeserver import county_name, make_report

from summarizer.cli import main

pytestmark = pytest.mark.usefixtures("offline_and_bounded")

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1400,900",
]  # fmt: skip


def _binary(*names: str) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


@pytest.fixture
def browser(tmp_path: Path):
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is a test extra: pip install -e '.[test]'"
    )
    from selenium.webdriver.chrome.service import Service

    chromium = _binary("chromium", "chromium-browser")
    driver_path = _binary("chromedriver")
    if chromium is None or driver_path is None:
        pytest.skip("no headless browser: apt-get install chromium chromium-driver (.ci/run installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)  # a given driver: no download
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def marked(driver) -> list[dict]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#text .hit'))"
        ".map(e => ({a: +e.dataset.a, b: +e.dataset.b, id: e.id, text: e.textContent}));"
    )


def test_clicking_a_metric_marks_its_span_in_the_source(browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    example = next(EXAMPLES.glob("*.txt"))
    out = tmp_path / "out"
    assert main(["run", str(example), "-o", str(out), "--format", "json,html"]) == 0
    browser.get((out / f"{example.stem}.html").as_uri())
    assert browser.title.startswith("中共安平县委")
    row = browser.find_elements(By.CSS_SELECTOR, "#p-metrics tbody tr.go")[3]
    start, end = int(row.get_attribute("data-a")), int(row.get_attribute("data-b"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", row)
    row.click()
    hits = marked(browser)
    assert hits and all(hit["a"] < end and hit["b"] > start for hit in hits)
    mark = browser.find_element(By.CSS_SELECTOR, "#text mark.hit")
    assert mark.text and mark.get_attribute("id").startswith("m")
    assert browser.execute_script(  # scrolled into the visible part of the source pane
        "const r = arguments[0].getBoundingClientRect(), p = document.getElementById('source').getBoundingClientRect();"
        "return r.top >= p.top && r.bottom <= p.bottom;",
        mark,
    )
    # the click focused the number, which shows its verdict and source context
    assert browser.switch_to.active_element == mark
    tip = browser.execute_script("return getComputedStyle(arguments[0], '::after').content;", mark)
    assert "已核实" in tip and "原文" in tip
    measure = browser.find_element(By.CSS_SELECTOR, "#p-measures li.go")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", measure)
    measure.click()
    assert len(marked(browser)) > 1 and "current" in measure.get_attribute("class")
    browser.save_screenshot(str(tmp_path / "report.png"))
    assert console_errors(browser) == []


def test_an_unverified_number_is_listed_first_and_leads_to_its_span(browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    source = FIXTURES / "f01_city_fullwidth.txt"
    out = tmp_path / "out"
    assert (
        main(["run", str(source), "-o", str(out), "--format", "json,html", "--backend", "llm", "--replay"])
        == 3
    )
    browser.get((out / f"{source.stem}.html").as_uri())
    first = browser.find_element(By.CSS_SELECTOR, "#p-attention li")
    assert "未核实" in first.text and "28件" in first.text
    first.click()
    assert any("27" in hit["text"] for hit in marked(browser))  # the measure that says 27件
    browser.save_screenshot(str(tmp_path / "unverified.png"))
    assert console_errors(browser) == []


def test_overview_sorts_and_filters(browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / f"{county_name(11)}.txt").write_text(make_report(11), "utf-8")
    for source in (next(EXAMPLES.glob("*.txt")), FIXTURES / "f05_province_bom.txt"):
        shutil.copy(source, inputs)
    out = tmp_path / "out"
    refused = FIXTURES / "not_a_report_gis.txt"
    assert main(["run", str(inputs), str(refused), "-o", str(out), "--format", "html"]) == 1
    browser.get((out / "index.html").as_uri())

    def column(n: int) -> list[str]:
        rows = browser.find_elements(By.CSS_SELECTOR, "#report-table tbody tr")
        return [r.find_elements(By.TAG_NAME, "td")[n].text for r in rows if r.is_displayed()]

    header = browser.find_elements(By.CSS_SELECTOR, "#report-table thead th")
    verified = [h.text for h in header].index("已核实数字")
    header[verified].click()
    numbers = [int(v) for v in column(verified) if v]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3
    header[verified].click()
    assert [int(v) for v in column(verified) if v] == sorted(numbers, reverse=True)
    assert header[verified].get_attribute("aria-sort") == "descending"
    browser.find_element(By.ID, "filter").send_keys(county_name(11))
    assert column(0) == [county_name(11)]
    browser.find_element(By.ID, "filter").clear()
    browser.execute_script(
        "const s = document.getElementById('status-filter'); s.value = 'failed'; s.dispatchEvent(new Event('change'));"
    )
    assert column(0) == ["not_a_report_gis"]
    browser.execute_script(
        "const s = document.getElementById('status-filter'); s.value = ''; s.dispatchEvent(new Event('change'));"
    )
    browser.save_screenshot(str(tmp_path / "overview.png"))
    assert console_errors(browser) == []
