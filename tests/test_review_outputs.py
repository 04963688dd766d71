"""The review page, the batch overview and the tables, read as files (the browser tests click them)."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES
from fakeserver import county_name, make_report

from summarizer.cli import main

pytestmark = pytest.mark.usefixtures("offline_and_bounded")

EXAMPLE = next(EXAMPLES.glob("*.txt"))
UNVERIFIED_REPLAY = FIXTURES / "f01_city_fullwidth.txt"  # its cassette keeps 28件 where the source says 27件
NUMERIC = ("report_year", "value", "low", "high", "value_from", "start", "end")


def run(*args: str) -> int:
    return main(["run", *args])


def invented(directory: Path, *numbers: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in numbers:
        path = directory / f"{county_name(i)}.txt"
        path.write_text(make_report(i), "utf-8")
        paths.append(path)
    return paths


def page_of(out: Path, source: Path) -> str:
    return (out / f"{source.stem}.html").read_text("utf-8")


# --------------------------------------------------------------------------- report page


def test_page_is_self_contained_and_shows_every_metric_with_its_verdict(tmp_path: Path) -> None:
    assert run(str(EXAMPLE), "-o", str(tmp_path), "--format", "json,html") == 0
    page = page_of(tmp_path, EXAMPLE)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing from the network
    assert page.count("<script>") == 1 and page.count("<style>") == 1
    import json

    report = json.loads((tmp_path / f"{EXAMPLE.stem}.json").read_text("utf-8"))
    tips = {}  # each metric's anchor: its figure's mark, or an anchor in it (a figure names share)
    for mark in re.finditer(
        r'<mark class="num[^"]*" id="(m\d+)" [^>]*data-tip="([^"]*)">((?:<a id="m\d+"></a>)*)', page
    ):
        for anchor in [mark.group(1), *re.findall(r'id="(m\d+)"', mark.group(3))]:
            tips[anchor] = mark.group(2).replace("&quot;", '"')
    for i, metric in enumerate(report["metrics"]):
        assert f"m{i}" in tips, metric
        assert "已核实" in tips[f"m{i}"] and metric["name"] in tips[f"m{i}"]
    assert len(tips) == len(report["metrics"]) > len(set(tips.values()))  # 报备率、及时率均为100%: one mark
    for label in (
        "待核查",
        "简报",
        "基本信息",
        "合规检查",
        "主要举措(按纲要领域)",
        "指标",
        "存在的不足",
        "下一年度主要安排",
    ):
        assert f"<h2>{label}</h2>" in page
    assert "[依据]" in page  # metadata evidence links into the source


def test_a_figure_of_another_period_says_so_on_the_page_and_in_the_csv(tmp_path: Path) -> None:
    source = tmp_path / "periods.txt"
    source.write_text(
        "青岚县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n(一)规范执法。截至目前,"
        "全县政务服务事项2470项。2019年以来累计受理行政复议申请512件,全年受理行政复议申请128件。\n"
        "二、存在的不足\n一是执法力量不足。\n三、2024年工作安排\n继续加强学习。\n",
        "utf-8",
    )
    table = tmp_path / "metrics.csv"
    assert run(str(source), "-o", str(tmp_path / "out"), "--format", "json,html", "--csv", str(table)) == 0
    rows = {row["value"]: row for row in csv.DictReader(table.open(encoding="utf-8-sig", newline=""))}
    assert {value: rows[value]["period"] for value in ("2470", "512", "128")} == {
        "2470": "as_of", "512": "cumulative", "128": "year",
    }  # fmt: skip
    assert (rows["512"]["canonical"], rows["128"]["canonical"]) == ("false", "true")  # the year's figure
    page = page_of(tmp_path / "out", source)
    assert page.count("统计期: 多年累计") == 1 and page.count("统计期: 时点存量") == 1


def test_report_text_is_escaped_everywhere(tmp_path: Path) -> None:
    source = tmp_path / "in" / "hostile.txt"
    source.parent.mkdir()
    hostile = make_report(3).replace(
        "扎实推进法治政府建设。",
        "扎实推进法治政府建设<script>alert(1)</script><img src=x onerror=alert(2)>。",
    )
    source.write_text(hostile.replace("审核规范性文件", '审核"规范性文件"<marquee>'), "utf-8")
    out = tmp_path / "out"
    assert run(str(source), "-o", str(out), "--format", "json,html") == 0
    for page in (page_of(out, source), (out / "index.html").read_text("utf-8")):
        assert "<script>alert" not in page and "<img" not in page and "<marquee>" not in page
        assert page.count("<script>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_of(out, source)


def test_unverified_numbers_come_first_on_the_page_of_an_llm_replay(tmp_path: Path) -> None:
    code = run(
        str(UNVERIFIED_REPLAY), "-o", str(tmp_path), "--format", "json,html", "--backend", "llm", "--replay"
    )
    assert code == 3  # done, but a number never verified
    page = page_of(tmp_path, UNVERIFIED_REPLAY)
    attention = page[page.index("<h2>待核查</h2>") : page.index("<h2>简报</h2>")]
    assert "28件" in attention and "未核实" in attention
    assert page.index("<h2>待核查</h2>") < page.index("<h2>简报</h2>") < page.index("<h2>指标</h2>")
    measures = page[page.index('<section id="p-measures">') : page.index('<section id="p-metrics">')]
    assert re.findall(r'<span class="cn cn-bad"[^>]*>([^<]*)</span>', measures) == ["28件"]  # badged inline
    assert measures.count('class="cn cn-ok"') > 10  # and every verified number of the panel too
    assert "有未核实数字" in (tmp_path / "index.html").read_text("utf-8")


def test_missing_required_items_are_listed_first(tmp_path: Path) -> None:
    [source] = invented(tmp_path / "in", 5)  # the invented reports have no 第一责任人 part
    assert run(str(source), "-o", str(tmp_path / "out"), "--format", "html") == 0
    page = page_of(tmp_path / "out", source)
    attention = page[page.index("<h2>待核查</h2>") : page.index("<h2>简报</h2>")]
    assert "缺项" in attention and "第一责任人" in attention


# --------------------------------------------------------------------------- overview


def test_overview_lists_every_report_of_every_run_and_the_failures(tmp_path: Path) -> None:
    first, second = invented(tmp_path / "a", 1), invented(tmp_path / "b", 2)
    out = tmp_path / "out"
    assert run(*map(str, first), "-o", str(out)) == 0
    refused = FIXTURES / "not_a_report_gis.txt"
    assert run(*map(str, second), str(refused), "-o", str(out)) == 1
    overview = (out / "index.html").read_text("utf-8")
    for path in [*first, *second]:
        assert f"<td>{path.stem}</td>" in overview
    failures = overview[overview.index('id="failures"') :]
    assert "拒绝处理" in failures and "not_a_report_gis.txt" in failures
    matrix = overview[overview.index('id="coverage"') : overview.index('id="failures"')]
    assert matrix.count("<tr>") == 1 + 2  # header + the two reports (the refused one has no coverage)
    assert "cov-quantified" in matrix and "cov-absent" in matrix


# --------------------------------------------------------------------------- tables


def test_csv_has_a_bom_numeric_columns_and_covers_the_whole_index(tmp_path: Path) -> None:
    first, second = invented(tmp_path / "a", 1), invented(tmp_path / "b", 2)
    out, table = tmp_path / "out", tmp_path / "metrics.csv"
    assert run(*map(str, first), "-o", str(out), "--csv", str(table)) == 0
    assert (
        run(*map(str, second), str(FIXTURES / "f05_province_bom.txt"), "-o", str(out), "--csv", str(table))
        == 0
    )
    assert table.read_bytes()[:3] == b"\xef\xbb\xbf"
    rows = list(csv.DictReader(table.open(encoding="utf-8-sig", newline="")))
    assert {r["report_id"] for r in rows} == {first[0].stem, second[0].stem, "f05_province_bom"}
    for row in rows:
        for column in NUMERIC:
            assert row[column] == "" or Decimal(row[column]).is_finite(), (column, row[column])
        assert row["verified"] in ("true", "false") and row["verdict"]
        assert len(row["source_sha256"]) == 64
    rate = next(r for r in rows if r["indicator"] == "court_appearance_rate")
    assert (rate["value_from"], rate["value"], rate["unit"]) == ("86.5", "97.1", "%")
    assert sum(r["canonical"] == "true" for r in rows if r["indicator"] == "case_file_reviews") == 3


def test_xlsx_has_four_sheets_with_chinese_headers_and_numbers(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is a dependency: pip install -e .")
    book_path = tmp_path / "t" / "review.xlsx"
    assert (
        run(
            str(EXAMPLE),
            str(FIXTURES / "not_a_report_gis.txt"),
            "-o",
            str(tmp_path / "out"),
            "--xlsx",
            str(book_path),
        )
        == 1
    )
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["报告", "指标", "合规", "覆盖"]
    reports = list(book["报告"].values)
    assert reports[0][:4] == ("报告", "源文件", "源文件sha256", "报告主体") and len(reports) == 3
    metrics = list(book["指标"].values)
    header = metrics[0]
    value = header.index("数值")
    assert len(metrics) > 20 and all(isinstance(row[value], int | float) for row in metrics[1:])
    assert list(book["合规"].values)[0][2] == "主要举措和成效"
    coverage = list(book["覆盖"].values)
    assert "党的领导" in coverage[0] and {"有数据", "未涉及"} <= set(coverage[1])
    assert not list(book_path.parent.glob(".*.tmp"))


def test_text_that_reads_as_a_formula_stays_text_in_the_csv_and_the_workbook(tmp_path: Path) -> None:
    """A metric named by a model (or a scraped page) =HYPERLINK(…) or +cmd|… must not run in a reviewer's
    spreadsheet: the CSV marks it as text with a leading quote mark, the workbook stores it as text."""
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is a dependency: pip install -e .")
    from summarizer.pipeline import RulesBackend, process_path
    from summarizer.tables import metrics_csv, write_xlsx

    report = process_path(EXAMPLE, RulesBackend())
    evil = ['=HYPERLINK("http://127.0.0.1/x","点击")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]
    metrics = [m.model_copy(update={"name": name}) for m, name in zip(report.metrics, evil, strict=False)]
    data = report.model_copy(update={"metrics": metrics}).model_dump(mode="json")
    records = [({"key": "x", "stem": "x", "status": "ok", "source": "x.txt"}, data)]
    rows = list(csv.DictReader(metrics_csv(records).lstrip("\ufeff").splitlines()))
    assert [row["name"] for row in rows[: len(evil)]] == ["'" + name for name in evil]
    assert all(not row["value"].startswith("'") for row in rows)  # numbers stay numbers
    book_path = tmp_path / "review.xlsx"
    write_xlsx(book_path, records)
    sheet = openpyxl.load_workbook(book_path)["指标"]
    column = [cell.value for cell in sheet[1]].index("名称")
    cells = [row[column] for row in sheet.iter_rows(min_row=2, max_row=1 + len(evil))]
    assert [cell.value for cell in cells] == evil and all(cell.data_type == "s" for cell in cells)
