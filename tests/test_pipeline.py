"""End to end over the real seeds and our fixture reports: the facts the foundation issue asks for."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, seed_path

from summarizer.errors import NotAReportError
from summarizer.models import Report
from summarizer.numbers import extract_mentions, format_decimal
from summarizer.pipeline import RulesBackend, process_path

EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
REPORTS = {
    name: facts for name, facts in EXPECTED.items() if not name.startswith("_") and "error" not in facts
}
ROL = sorted(
    name
    for name, facts in REPORTS.items()
    if facts.get("doc_type", "rol_annual_report") == "rol_annual_report"
)
SEEDS = [name for name in ROL if name[:3].isdigit()]
OURS = [name for name in ROL if name not in SEEDS]


def path_of(name: str) -> Path:
    if name in SEEDS:
        return seed_path(name)
    return FIXTURES / name if (FIXTURES / name).exists() else EXAMPLES / name


_cache: dict[str, Report] = {}


def report_of(name: str) -> Report:
    if name not in _cache:
        _cache[name] = process_path(path_of(name), RulesBackend())
    return _cache[name]


@pytest.mark.parametrize("name", ROL)
def test_document_facts(name: str) -> None:
    report, facts = report_of(name), REPORTS[name]
    info = report.document
    assert info.issuer == facts["issuer"]
    assert info.level == facts["level"]
    assert info.report_year == facts["report_year"]
    for key in ("signed_date", "published_date"):
        if key in facts:
            actual = getattr(info, key)
            assert (actual.isoformat() if actual else None) == facts[key], key
    if "recipients" in facts:
        assert info.recipients == facts["recipients"]


@pytest.mark.parametrize("name", ROL)
def test_parts_and_counts(name: str) -> None:
    report, facts = report_of(name), REPORTS[name]
    kinds = {s.kind for s in report.sections if s.kind}
    if report.shortcomings.placement == "inline_in_results":
        kinds.add("shortcomings")
    for part in facts["parts"]:
        assert part in kinds or (
            part == "first_responsible_person" and report.first_responsible_person.present
        ), part
    assert report.first_responsible_person.placement == facts["first_responsible_placement"]
    assert report.shortcomings.placement == facts["shortcomings_placement"]
    subsections = [c for s in report.sections if s.kind == "achievements" for c in s.children]
    assert len(subsections) == facts["achievement_subsections"]
    assert all(c.area for c in subsections), [c.heading for c in subsections if not c.area]
    assert len(report.shortcomings.items) == facts["shortcomings_items"]
    assert len(report.plans.items) == facts["plan_items"]
    assert report.shortcomings.causes_given == facts["causes_given"]
    if "plan_year" in facts:
        assert report.plans.year == facts["plan_year"]


@pytest.mark.parametrize("name", ROL)
def test_every_output_number_verifies_and_points_into_the_source(name: str) -> None:
    report = report_of(name)
    original = _original_text(report)
    assert report.verification.status == "verified", [
        (r.field, r.text, r.verdict, r.reason)
        for r in report.verification.results
        if r.status in ("unsupported", "mismatch")
    ]
    assert report.verification.summary.checked > 0
    for fact in [*report.metrics, *report.measures, *report.shortcomings.items, *report.plans.items]:
        # the quote is the source at its offsets (up to the whitespace and width the cleaner normalises)
        quoted = original[fact.start : fact.end]
        if report.source.format == "html":
            quoted = html.unescape(re.sub(r"<[^>]*>", "", quoted))
        assert _squeeze(quoted) == _squeeze(fact.text), fact
    assert len(report.briefing.markdown) < 3000, "a one-minute briefing"
    headlines = [p for p in report.briefing.points if p.kind == "headline"]
    assert 1 <= len(headlines) <= 5


@pytest.mark.parametrize("name", ROL)
def test_no_two_briefing_points_quote_the_same_words(name: str) -> None:
    quoting = [
        p for p in report_of(name).briefing.points if p.kind in ("headline", "figure") and p.start is not None
    ]
    spans = sorted((p.start, p.end) for p in quoting)
    assert all(end <= following for (_, end), (following, _) in zip(spans, spans[1:], strict=False))


def test_a_figure_of_another_year_is_not_on_the_briefing(tmp_path: Path) -> None:
    path = tmp_path / "years.txt"
    path.write_text(
        "青岚县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n"
        "(一)化解争议。2022年受理行政复议案件120件。2023年受理行政复议案件135件。\n",
        "utf-8",
    )
    points = [p.text for p in process_path(path, RulesBackend()).briefing.points]
    assert any("135件" in text for text in points)
    assert not any("120件" in text for text in points)


def test_a_change_whose_first_end_names_its_year_is_this_years_figure_on_the_briefing(tmp_path: Path) -> None:
    """由2022年的1,024件下降至876件: 2022年 is the first end's year, so 876件 and the figures after it in
    the sentence are the report year's; the briefing quotes the clause whole (the comma of 1,024 is no
    clause edge), and every number of it verifies."""
    path = tmp_path / "change.txt"
    path.write_text(
        "青岚县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n"
        "(一)行政执法。全县行政处罚案件由2022年的1,024件下降至876件,罚没款金额1,856.3万元。"
        "行政复议纠错率由2022年的12.3%下降到8.1%。\n",
        "utf-8",
    )
    report = process_path(path, RulesBackend())
    periods = {m.text: (m.name, m.period) for m in report.metrics}
    assert periods["1,024件"] == ("全县行政处罚案件", "other_year")
    assert periods["876件"] == ("全县行政处罚案件", "year")
    assert periods["1,856.3万元"] == ("罚没款金额", "year")
    assert periods["12.3%下降到8.1%"] == ("行政复议纠错率", "year")
    points = [p.text for p in report.briefing.points if p.kind in ("headline", "figure")]
    assert any("全县行政处罚案件由2022年的1,024件下降至876件" in text for text in points), points
    assert report.verification.summary.mismatch == report.verification.summary.unsupported == 0


@pytest.mark.parametrize("name", ROL)
def test_report_json_validates_against_the_model(name: str) -> None:
    data = json.loads(report_of(name).model_dump_json())
    assert Report.model_validate(data).source.sha256 == report_of(name).source.sha256


@pytest.mark.parametrize("name", ROL)
def test_metric_values_equal_the_numbers_at_their_offsets(name: str) -> None:
    report = report_of(name)
    original = _original_text(report)
    for metric in report.metrics:
        mentions = [m for m in extract_mentions(original[metric.start : metric.end]) if m.value is not None]
        assert mentions, metric
        assert format_decimal(mentions[0].value) == metric.value, metric


def test_bundled_example_runs_offline() -> None:
    examples = sorted(EXAMPLES.glob("*.txt"))
    assert examples, "examples/ must hold a report"
    report = process_path(examples[0], RulesBackend())
    assert report.verification.status == "verified"
    assert report.compliance.score == "5/5"
    assert len(report.metrics) >= 10


def short_report(tmp_path: Path, achievements: str) -> Report:
    """A short invented report whose one achievements paragraph is ``achievements``, processed."""
    path = tmp_path / "short.txt"
    path.write_text(
        f"青岚县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n(一)加强学习。{achievements}\n"
        "二、存在的不足\n一是执法力量不足。\n三、2024年工作安排\n继续加强学习。\n",
        "utf-8",
    )
    return process_path(path, RulesBackend())


@pytest.mark.parametrize(
    ("shortcomings", "causes"),
    [
        ("一是执法力量不足;二是宣传不够。", False),
        ("执法力量不足,主要原因是编制紧张。", True),
        ("执法力量不足,客观上受编制限制,主观上重视不够。", True),
        ("执法力量不足,受机构改革影响,队伍不稳定。", True),
        # a cause said without 原因
        ("执法力量不足。这些问题的存在,既有客观因素,也有主观因素。", True),
        ("执法力量不足。之所以出现这些问题,在于思想重视不够。", True),
        ("执法力量不足。问题的症结在于投入不足。", True),
        # causes analysed too little are a shortcoming, not its cause
        ("一是对复议纠错案件的原因分析不够深入;二是宣传不够。", False),
        ("一是查找执法问题的原因还不到位;二是宣传不够。", False),
        ("(一)存在的不足\n执法力量不足。\n(二)原因分析\n主要是编制紧张。", True),
    ],
)
def test_causes_are_given_when_the_shortcomings_say_why(
    tmp_path: Path, shortcomings: str, causes: bool
) -> None:
    path = tmp_path / "causes.txt"
    path.write_text(
        "青岚县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n全年学法4次。\n"
        f"二、存在的不足\n{shortcomings}\n三、2024年工作安排\n继续加强学习。\n",
        "utf-8",
    )
    report = process_path(path, RulesBackend())
    assert (report.shortcomings.causes_given, report.compliance.causes_given) == (causes, causes)


@pytest.mark.parametrize(
    "shortcomings",
    [
        "(一)存在的不足\n1.执法力量不足。\n2.宣传不够。\n(二)原因分析\n一是编制紧张;二是重视不够。",
        "(一)存在的问题。一是执法力量不足;二是宣传不够。\n(二)产生问题的原因。主要是编制紧张,重视不够。",
    ],
    ids=["points-then-causes", "sentences-then-causes"],
)
def test_a_causes_subsection_is_not_a_shortcoming(tmp_path: Path, shortcomings: str) -> None:
    path = tmp_path / "causes.txt"
    path.write_text(
        "青岚县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n全年学法4次。\n"
        f"二、存在的不足和原因\n{shortcomings}\n三、2024年工作安排\n继续加强学习。\n",
        "utf-8",
    )
    items = process_path(path, RulesBackend()).shortcomings
    assert items.causes_given
    assert [item.text.rstrip("。").split("是")[-1].split(".")[-1] for item in items.items] == [
        "执法力量不足",
        "宣传不够",
    ]


@pytest.mark.parametrize(
    ("last_part", "year"),
    [
        ("三、存在问题及改进措施\n(一)存在问题。执法力量不足。\n(二)改进措施。2024年,我县将加强培训。", 2024),
        ("三、不足与展望\n执法力量不足。\n展望2024年,全县将加强培训。", 2024),
        ("三、存在问题和下一步打算\n执法力量不足。\n下一步,我们将巩固2023年成果,加强培训。", None),
        (
            "三、存在的问题和下一步工作安排\n(一)存在的问题\n执法力量不足。\n(二)2024年工作安排\n1.加强培训。",
            2024,
        ),
    ],
    ids=["plan-subsection", "outlook", "no-plan-year", "plan-subsection-heading"],
)
def test_a_plan_split_off_a_combined_part_takes_its_year_from_its_opening(
    tmp_path: Path, last_part: str, year: int | None
) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(
        f"青岚县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n全年学法4次。\n{last_part}\n",
        "utf-8",
    )
    report = process_path(path, RulesBackend())
    assert report.plans.present and report.plans.year == year
    assert report.compliance.plan_year_ok is (None if year is None else True)
    # no causes given but in the first case: the score counts them as the fifth required item
    assert report.compliance.score == ("4/5" if report.shortcomings.causes_given else "3/5")


def test_ranges_in_the_achievements_are_read_but_are_not_metrics(tmp_path: Path) -> None:
    # a range had no value: it failed the whole report
    report = short_report(
        tmp_path, "每2—3年开展一次评估,培训干部5—8万人次,开展活动3至5场,审核规范性文件35件。"
    )
    assert [(m.value, m.unit) for m in report.metrics] == [("35", "件")]
    assert report.verification.status == "verified"
    assert any("5—8万人次" in measure.text for measure in report.measures)


@pytest.mark.parametrize("gap", ["\n", " "])
@pytest.mark.parametrize("lead", range(6))
def test_a_measure_summary_with_no_sentence_end_is_never_cut_inside_a_figure(
    tmp_path: Path, gap: str, lead: int
) -> None:
    # a lead-in, then a table's rows: the summary had been cut at its length, in a figure (4741 of 47414)
    rows = gap.join(f"行政复议案件 {n}2{n}4{n} {n}7{n}1{n}" for n in range(1, 9))
    report = short_report(tmp_path, f"全区行政复议{'主' * lead}要数据如下表:\n{rows}")
    assert set(re.findall(r"[0-9]+", report.measures[0].summary)) <= set(re.findall(r"[0-9]+", rows))
    assert report.verification.status == "verified"


def test_fractions_and_rates_per_mille_verify_as_metrics(tmp_path: Path) -> None:
    # its own metrics failed: 约66.67%, and 3.1% for 3.1‰
    report = short_report(tmp_path, "全县三分之二的行政村建成法治文化阵地,行政诉讼败诉率由5.2‰下降至3.1‰。")
    assert [(m.value, m.unit) for m in report.metrics] == [("66.67", "%"), ("3.1", "‰")]
    assert report.verification.status == "verified"


@pytest.mark.parametrize("name", [n for n, f in REPORTS.items() if f.get("doc_type") == "gis_annual_report"])
def test_look_alike_reports_are_refused(name: str) -> None:
    with pytest.raises(NotAReportError, match="政府信息公开"):
        process_path(FIXTURES / name, RulesBackend())


def _squeeze(text: str) -> str:
    """Compare quotes as the cleaner normalises them: NFKC, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _original_text(report: Report) -> str:
    from summarizer.reader import read_path

    return read_path(report.source.path).original


LEADERS = """梧桐县2023年法治政府建设情况报告

一、主要举措和成效
全年受理行政复议案件56件。{inside}
二、党政主要负责人履行推进法治建设第一责任人职责情况
县委书记主持召开常委会会议研究法治工作4次,县长带头出庭应诉2次。
三、存在的不足
执法队伍专业化水平不高。
四、2024年工作安排
持续深化依法行政。
"""


@pytest.mark.parametrize("inside", ["", "主要负责人切实履行推进法治建设第一责任人职责,带头学法6次。"])
def test_the_leaders_figures_are_metrics_of_their_own_part_once(tmp_path: Path, inside: str) -> None:
    path = tmp_path / "report.txt"
    path.write_text(LEADERS.format(inside=inside), "utf-8")
    report = process_path(path, RulesBackend())
    by_value = {m.value: m for m in report.metrics}
    assert len(by_value) == len(report.metrics)  # no figure twice
    assert by_value["4"].section == by_value["2"].section == "first_responsible_person"
    assert by_value["4"].indicator == "rol_meetings" and by_value["2"].indicator == "court_appearances"
    assert by_value["56"].section == "achievements"
    assert report.verification.status == "verified"


@pytest.mark.parametrize("heading", ["三、二〇二四年工作安排", "三、二〇二四年度重点工作"])
def test_a_plan_heading_naming_its_year_in_chinese_digits_gives_the_plan_year(
    tmp_path: Path, heading: str
) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(
        "柏岭县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n全年学法4次。\n"
        f"二、存在的不足\n审核力量不足。\n{heading}\n(一)加强审核力量。(二)深化执法改革。\n",
        "utf-8",
    )
    report = process_path(path, RulesBackend())
    assert report.plans.year == 2024
    assert report.compliance.plan_year_ok is True
    assert report.verification.status == "verified"
