"""The briefing's key figures (关键数据) are those evaluators compare most, across the report's areas:
not simply the first indicators a report states. A list step named by its list's object is quoted with
that name, since its own clause does not say what it counts. The report is invented."""

from __future__ import annotations

from summarizer.briefing import figure_points
from summarizer.pipeline import RulesBackend, process
from summarizer.reader import read_bytes
from summarizer.verify import verify_report

REPORT = """青川县人民政府关于2024年度法治政府建设情况的报告
一、主要举措和成效
（一）加强组织领导
县政府常务会议专题学法10次，听取法治政府建设工作汇报3次，研究部署法治建设会议4次。
（二）深化“放管服”改革
全县政务服务事项1,268项，即办件占比86.5%，新增市场主体2,315户，清理证明事项41项。
（三）严格规范执法
全县共办理行政处罚案件1,946件，评查行政执法案卷320卷，新增行政执法人员85名，罚没款金额1,230万元。
（四）化解矛盾纠纷
全县共收到行政复议申请214件，同比增长12.1%；受理198件，审结187件，其中纠错率为9.6%。行政机关负责人出庭应诉率达100%，行政诉讼败诉率为4.2%。各级人民调解组织调解矛盾纠纷2,716件。
二、存在的不足和原因
基层执法力量薄弱，原因是编制不足。
三、党政主要负责人履行推进法治建设第一责任人职责情况
县长带头学法，主持研究法治建设重要事项5次。
四、2025年工作安排
推进行政复议规范化建设。
"""


def _report():
    doc = read_bytes(REPORT.encode("utf-8"))
    return doc, process(doc, RulesBackend())


def test_key_figures_take_the_most_compared_indicators_of_every_area() -> None:
    _, report = _report()
    figures = [p.text for p in report.briefing.points if p.kind == "figure"]
    said = "\n".join(figures)
    assert "出庭应诉率达100%" in said and "败诉率为4.2%" in said
    assert "纠错率9.6%" in said or "纠错率为9.6%" in said
    # the first section's several counts do not take every place
    assert sum("学法" in f or "汇报" in f or "会议" in f for f in figures) <= 1


def test_a_list_step_is_quoted_with_its_lists_object_and_verifies() -> None:
    doc, report = _report()
    names = {m.text: m.name for m in report.metrics}
    assert names["198件"] == "受理行政复议申请" and names["187件"] == "审结行政复议申请"
    steps = [m for m in report.metrics if m.text in ("198件", "187件")]
    assert [p.text for p in figure_points(steps, doc)] == ["受理行政复议申请198件", "审结行政复议申请187件"]
    report.briefing.points.extend(figure_points(steps, doc))  # checked as the briefing's own points are
    result = verify_report(doc, report)
    assert all(c.status not in ("mismatch", "unsupported") for c in result.numbers)


def test_a_heading_fused_with_its_body_ends_before_the_bodys_first_figure() -> None:
    """Text that lost its line breaks runs a subsection's heading into its body up to the first 。: the
    heading ends at the clause break before the first figure, and the briefing quotes no marker."""
    flat = "".join(REPORT.splitlines()).replace("（一）加强组织领导", "（一）加强组织领导，压实责任")
    doc = read_bytes(flat.encode("utf-8"))
    report = process(doc, RulesBackend())
    headings = [s.heading for part in report.sections for s in part.children]
    assert "加强组织领导" in headings  # not …压实责任县政府常务会议专题学法10次,…
    headlines = [p.text for p in report.briefing.points if p.kind == "headline"]
    assert not any(": （" in h or ": (" in h for h in headlines)
    assert len(headlines) == 4 and not any(h.startswith("****") for h in headlines)  # no empty title
    assert all(c.status not in ("mismatch", "unsupported") for c in verify_report(doc, report).numbers)


def test_a_shortcoming_or_plan_point_shows_no_list_marker() -> None:
    """（一）…（二）… or 1、… 2、… number the items; the points say what the items say."""
    text = REPORT.replace(
        "基层执法力量薄弱，原因是编制不足。", "（一）基层执法力量薄弱，原因是编制不足。（二）普法针对性不强。"
    ).replace("推进行政复议规范化建设。", "1、推进行政复议规范化建设。\n2、加强执法监督。")
    report = process(read_bytes(text.encode("utf-8")), RulesBackend())
    points = [p.text for p in report.briefing.points if p.kind in ("shortcoming", "plan")]
    assert points == [
        "基层执法力量薄弱,原因是编制不足",
        "普法针对性不强",
        "推进行政复议规范化建设",
        "加强执法监督",
    ]


def test_a_measure_or_figure_point_shows_no_list_marker() -> None:
    """① … ② … number a subsection's points: neither its measure's summary nor a quoted clause starts
    with one, and both still verify."""
    text = REPORT.replace("县政府常务会议专题学法10次，", "①县政府常务会议专题学法10次；②").replace(
        "全县政务服务事项1,268项，即办件占比86.5%，", "①全县政务服务事项1,268项；②即办件占比86.5%；③"
    )
    report = process(read_bytes(text.encode("utf-8")), RulesBackend())
    assert [m.summary[:3] for m in report.measures[:3]] == ["县政府", "听取法", "全县政"]
    assert not any(point.text[0] in "①②③" for point in report.briefing.points)
    assert any(p.text == "即办件占比86.5%" for p in report.briefing.points if p.kind == "figure")
    assert report.verification.status == "verified"


def test_a_figure_whose_clause_an_achievement_quotes_is_stated_by_its_name() -> None:
    """An achievement point quotes 办理行政复议案件72件; the 纠错率 in the clause after it is not on the
    briefing: it becomes a key figure as its metric names it, and verifies. A figure the point quotes
    is not repeated, nor one whose name is too short to say what it counts."""
    text = REPORT.replace(
        "全县共收到行政复议申请214件，同比增长12.1%；受理198件，审结187件，其中纠错率为9.6%。",
        "全年办理行政复议案件72件，纠错率9.7%，办复率100%。",
    )
    doc = read_bytes(text.encode("utf-8"))
    report = process(doc, RulesBackend())
    headlines = [p.text for p in report.briefing.points if p.kind == "headline"]
    figures = [p.text for p in report.briefing.points if p.kind == "figure"]
    assert any(h.endswith("全年办理行政复议案件72件") for h in headlines)
    assert "行政复议案件纠错率9.7%" in figures
    assert not any("72件" in f or "办复率" in f for f in figures)
    assert report.verification.status == "verified"


def test_a_results_part_of_one_theme_gives_a_headline_per_measure() -> None:
    """A results part that holds one theme, its measures one level down (【一、…】 一是…二是…三是…): each
    measure is an achievement of the briefing, not the theme alone."""
    text = """云岭省人民政府关于2024年法治政府建设情况的报告
【一、深入推进依法行政，着力提升政府治理效能】
一是持续优化营商环境。全省新增经营主体58.3万户。
二是强化制度供给。制定省政府规章6件，备案审查规范性文件386件。
三是规范行政执法。全省行政复议机关新收行政复议案件1.86万件，直接纠错率14.6%。
【二、问题和不足】
基层法治力量薄弱。
【三、2025年工作思路】
深化法治政府建设示范创建。
"""
    report = process(read_bytes(text.encode("utf-8")), RulesBackend())
    headlines = [p.text for p in report.briefing.points if p.kind == "headline"]
    assert [h.partition("**:")[0] for h in headlines] == [
        "**持续优化营商环境",
        "**强化制度供给",
        "**规范行政执法",
    ]
    assert report.verification.status == "verified"


def test_a_figure_stated_by_its_name_says_its_change_once() -> None:
    """同比分别增长12.3%和8.7%: the change is named 办理法律援助案件同比增长 and written 增长12.3%; stated by
    its name (a headline quotes its clause), the point says 增长 once, and verifies."""
    text = REPORT.replace(
        "全县共办理行政处罚案件1,946件，评查行政执法案卷320卷，新增行政执法人员85名，罚没款金额1,230万元。",
        "全年共办理法律援助案件3,126件，为群众挽回经济损失2,860余万元，同比分别增长12.3%和8.7%。",
    )
    doc = read_bytes(text.encode("utf-8"))
    report = process(doc, RulesBackend())
    change = [m for m in report.metrics if m.text == "增长12.3%"]
    cases = next(m for m in report.metrics if m.text == "3,126件")  # the headline quotes its clause
    points = figure_points(change, doc, quoted=[(cases.start - 11, cases.end)])
    assert [p.text for p in points] == ["办理法律援助案件同比增长12.3%"]
    report.briefing.points.extend(points)
    assert verify_report(doc, report).ok
