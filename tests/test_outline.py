"""The outline: parts, subsections, kinds, areas, placements, items and offsets.

Ground truth for the seeds and fixtures is ``tests/fixtures/expected.json``; the short reports in the
unit tests below are invented for these tests.
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from pathlib import Path
from typing import get_args

import opencc
import pytest
from conftest import EXAMPLES, FIXTURES, seed_path

from summarizer.document import Document
from summarizer.models import Area
from summarizer.outline import (
    Node,
    Outline,
    build_outline,
    classify_area,
    classify_heading,
    split_items,
    to_sections,
)
from summarizer.pipeline import RulesBackend, process
from summarizer.reader import read_bytes, read_path

EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
REPORTS = sorted(
    name
    for name, facts in EXPECTED.items()
    if not name.startswith("_") and not facts.get("error") and facts.get("doc_type") == "rol_annual_report"
)
AREAS = set(get_args(Area))


# --------------------------------------------------------------------------- helpers


def report_path(name: str) -> Path:
    for folder in (FIXTURES, EXAMPLES):
        if (folder / name).is_file():
            return folder / name
    return seed_path(name)


def simplified(text: str) -> Document:
    return Document.from_text(text)


def traditional(text: str) -> Document:
    """A Traditional-script document whose folded text is Simplified (same length)."""
    folded = opencc.OpenCC("t2s").convert(text)
    assert len(folded) == len(text)
    return Document(
        original=text,
        text=text,
        folded=folded,
        offsets=array("i", range(len(text) + 1)),
        script="traditional",
    )


def walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from walk(node.children)


def kinds(outline: Outline) -> list[str | None]:
    return [part.kind for part in outline.parts]


def items_of(doc: Document, outline: Outline, kind: str) -> list[str]:
    return [
        doc.text[start:end]
        for part in outline.find(kind)
        for start, end, _ in split_items(doc, part.heading_end, part.end)
    ]


def statutory_order(outline: Outline) -> list[str]:
    """Statutory items in document order, counting an inline/nested 第一责任人 passage where it sits."""
    found = [(p.start, p.kind) for p in outline.parts if p.kind not in ("preamble", "closing", None)]
    placement, spans = outline.first_responsible
    if placement in ("inline", "nested"):
        found.append((spans[0][0], "first_responsible_person"))
    order: list[str] = []
    for _, kind in sorted(found):
        if not order or order[-1] != kind:
            order.append(kind)
    return order


@pytest.fixture(scope="module", params=REPORTS)
def report(request) -> tuple[str, Document, Outline]:
    doc = read_path(report_path(request.param))
    return request.param, doc, build_outline(doc)


# --------------------------------------------------------------------------- seeds and fixtures


def test_expected_covers_seeds_and_fixtures():
    assert len(REPORTS) >= 10
    assert any(name.startswith("004_") for name in REPORTS)


def test_statutory_parts_in_document_order(report):
    name, _, outline = report
    assert statutory_order(outline) == EXPECTED[name]["parts"]


def test_placements(report):
    name, _, outline = report
    assert outline.first_responsible[0] == EXPECTED[name]["first_responsible_placement"]
    assert outline.shortcomings_placement == EXPECTED[name]["shortcomings_placement"]


def test_achievement_subsections_and_areas(report):
    name, doc, outline = report
    subsections = [sub for part in outline.find("achievements") for sub in part.children]
    assert len(subsections) == EXPECTED[name]["achievement_subsections"]
    for sub in subsections:
        assert sub.level == 2
        assert sub.area in AREAS
        assert sub.area != "other", (name, sub.heading)


def test_item_counts(report):
    name, doc, outline = report
    assert len(items_of(doc, outline, "shortcomings")) == EXPECTED[name]["shortcomings_items"]
    assert len(items_of(doc, outline, "next_year_plan")) == EXPECTED[name]["plan_items"]


def test_plan_heading_carries_the_plan_year(report):
    name, doc, outline = report
    headings = "".join(p.heading or "" for p in outline.find("next_year_plan"))
    year = EXPECTED[name]["plan_year"]
    if year is None:
        assert not any(f"{y}年" in headings for y in range(2015, 2031))
    else:
        assert f"{year}年" in headings


def test_frp_spans_mention_the_duty(report):
    name, doc, outline = report
    placement, spans = outline.first_responsible
    for start, end in spans:
        assert 0 <= start < end <= len(doc.text)
        assert not doc.text[start].isspace()
    if placement == "inline":
        assert all(re.search("第一责任人|主要负责", doc.folded[start:end]) for start, end in spans)


def test_node_offsets(report):
    _, doc, outline = report
    check_tree(doc, outline.parts, 0, len(doc.text))


def check_tree(doc: Document, nodes: list[Node], lower: int, upper: int) -> None:
    previous_end = lower
    for node in nodes:
        assert previous_end <= node.start <= node.heading_end <= node.end <= upper, node
        if node.marker is not None:
            assert doc.text.startswith(node.marker, node.start)
        if node.heading is not None:
            assert node.heading in doc.text[node.start : node.heading_end]
        check_tree(doc, node.children, node.heading_end, node.end)
        previous_end = node.end


def test_sections_map_to_the_original(report):
    _, doc, outline = report
    sections = to_sections(doc, outline)
    assert [s.kind for s in sections] == kinds(outline)
    check_sections(doc, sections, outline.parts, 0, len(doc.original))


def check_sections(doc, sections, nodes, lower, upper) -> None:
    previous_end = lower
    for section, node in zip(sections, nodes, strict=True):
        assert previous_end <= section.start <= section.end <= upper
        assert (section.level, section.marker, section.heading, section.area) == (
            node.level,
            node.marker,
            node.heading,
            node.area,
        )
        if node.marker is not None and doc.format == "text":
            written = doc.original[section.start : section.start + len(node.marker)]
            assert unicodedata.normalize("NFKC", written) == node.marker
        check_sections(doc, section.children, node.children, section.start, section.end)
        previous_end = section.end


def test_reports_survive_lost_line_breaks(report):
    """Document-sharing copies drop every line break: the same parts and counts must come out."""
    name, doc, _ = report
    keep = [i for i, c in enumerate(doc.text) if c != "\n"]
    text, folded = "".join(doc.text[i] for i in keep), "".join(doc.folded[i] for i in keep)
    flat = Document(original=text, text=text, folded=folded, offsets=array("i", range(len(text) + 1)))
    outline = build_outline(flat)
    assert statutory_order(outline) == EXPECTED[name]["parts"]
    subsections = sum(len(p.children) for p in outline.find("achievements"))
    assert subsections == EXPECTED[name]["achievement_subsections"]
    assert len(items_of(flat, outline, "shortcomings")) == EXPECTED[name]["shortcomings_items"]
    assert len(items_of(flat, outline, "next_year_plan")) == EXPECTED[name]["plan_items"]


# --------------------------------------------------------------------------- heading styles

REPORT = """某县2023年度法治政府建设情况的报告
2023年,某县扎实推进法治政府建设。现将有关情况报告如下。
一、工作开展情况
{results}
二、存在的问题
一是学法制度落实不够;二是执法队伍力量偏弱;三是宣传形式单一。
三、下一步工作打算
(一)抓学法。组织专题学法。
(二)抓执法。开展案卷评查。
特此报告。
某县人民政府
2024年2月1日
"""


def test_heading_on_its_own_line():
    doc = simplified(
        REPORT.format(results="(一)加强组织领导\n召开专题会议3次。\n(二)规范行政执法\n评查案卷12卷。")
    )
    outline = build_outline(doc)
    assert kinds(outline) == ["preamble", "achievements", "shortcomings", "next_year_plan", "closing"]
    first, second = outline.find("achievements")[0].children
    assert (first.marker, first.heading, first.level) == ("(一)", "加强组织领导", 2)
    assert doc.text[first.heading_end :].lstrip().startswith("召开专题会议")
    assert (first.area, second.area) == ("party_leadership", "law_enforcement")


def test_heading_fused_to_its_first_point():
    doc = simplified(
        REPORT.format(results="(一)加强组织领导一是健全机制。成立领导小组。二是压实责任。纳入考核。")
    )
    sub = build_outline(doc).find("achievements")[0].children[0]
    assert sub.heading == "加强组织领导"
    assert doc.text.startswith("一是", sub.heading_end)
    assert [(p.marker, p.heading, p.level) for p in sub.children] == [
        ("一是", "健全机制", 3),
        ("二是", "压实责任", 3),
    ]


def test_heading_ending_in_full_stop_before_its_body():
    doc = simplified(REPORT.format(results="(一)强化组织领导,夯实工作基础。一是健全机制。成立领导小组。"))
    sub = build_outline(doc).find("achievements")[0].children[0]
    assert sub.heading == "强化组织领导,夯实工作基础"
    assert doc.text.startswith("一是", sub.heading_end)


def test_heading_ending_in_full_stop_on_its_own_line():
    doc = simplified(REPORT.format(results="(一)强化组织领导。\n成立领导小组,召开会议2次。"))
    sub = build_outline(doc).find("achievements")[0].children[0]
    assert sub.heading == "强化组织领导"
    assert doc.text[sub.heading_end :].lstrip().startswith("成立领导小组")


def test_chinese_numeral_with_dot():
    text = "一.工作开展情况\n(一)加强领导\n内容。\n二.存在的问题\n一是甲。\n"
    assert kinds(build_outline(simplified(text))) == ["achievements", "shortcomings"]


def test_arabic_points_relative_to_the_part():
    doc = simplified(REPORT.format(results="1、加强学法。学法4次。\n2、规范执法。评查案卷8卷。"))
    subs = build_outline(doc).find("achievements")[0].children
    assert [(s.marker, s.heading, s.level) for s in subs] == [("1、", "加强学法", 2), ("2、", "规范执法", 2)]


def test_numbering_running_on_across_subsections():
    results = "(一)优化服务\n1.网上办理。内容。\n2.就近办理。内容。\n(二)规范执法\n3.案卷评查。内容。\n4.执法培训。内容。"
    subs = build_outline(simplified(REPORT.format(results=results))).find("achievements")[0].children
    assert [s.marker for s in subs] == ["(一)", "(二)"]
    assert [[p.marker for p in s.children] for s in subs] == [["1.", "2."], ["3.", "4."]]
    assert all(p.level == 3 for s in subs for p in s.children)


def test_same_marker_reused_at_two_levels():
    results = "一、加强组织领导\n召开会议。\n二、推进依法决策\n审查文件。\n三、规范行政执法\n评查案卷。"
    outline = build_outline(simplified(REPORT.format(results=results)))
    assert kinds(outline) == ["preamble", "achievements", "shortcomings", "next_year_plan", "closing"]
    subs = outline.find("achievements")[0].children
    assert [(s.marker, s.level) for s in subs] == [("一、", 2), ("二、", 2), ("三、", 2)]
    assert [s.area for s in subs] == ["party_leadership", "decision_making", "law_enforcement"]


def test_parts_numbered_1_2_around_subsections_numbered_one_two_are_the_top_level():
    """1.主要举措和成效 over (一)加强领导: the styles' usual order reversed; the parts name report parts,
    the (一) headings none, so 1. 2. are the top level (4.2024年主要安排: an item's number, then a year)."""
    text = (
        "鹿鸣县人民政府关于2023年度法治政府建设情况的报告\n1.主要举措和成效\n(一)加强领导。召开会议4次。\n"
        "(二)规范执法。办理案件36件。\n2.存在的不足和原因\n执法力量不足,原因是编制少。\n"
        "3.党政主要负责人履行推进法治建设第一责任人职责情况\n县长主持召开专题会议3次。\n4.2024年主要安排\n"
        "(一)加强建设。\n(二)深化改革。\n"
    )
    outline = build_outline(simplified(text))
    assert kinds(outline)[1:] == [
        "achievements",
        "shortcomings",
        "first_responsible_person",
        "next_year_plan",
    ]
    assert [s.heading for s in outline.find("achievements")[0].children] == ["加强领导", "规范执法"]
    assert outline.find("next_year_plan")[0].heading == "2024年主要安排"


def test_enumerations_and_decimals_are_not_headings():
    results = "(一)规范执法\n全县一、二级执法单位公示信息1.5万条,完成率3.5%。"
    sub = build_outline(simplified(REPORT.format(results=results))).find("achievements")[0].children[0]
    assert sub.children == []


def test_traditional_script_headings():
    text = (
        "2023年,某區推進法治政府建設。\n"
        "一、2023年度推進法治政府建設的主要舉措和成效\n"
        "(一)堅持黨的領導\n一是健全機制。成立領導小組。\n"
        "(二)化解矛盾糾紛\n一是加強調解。調解糾紛20件。\n"
        "二、存在的不足和原因\n"
        "綜合來看,仍有一些問題和短板:學法不夠深入,執法不夠規範,宣傳不夠廣泛。\n"
        "三、2024年度推進法治政府建設的主要安排\n"
        "(一)深化學法\n組織學法。\n(二)規範執法\n開展評查。\n"
    )
    doc = traditional(text)
    outline = build_outline(doc)
    assert kinds(outline) == ["preamble", "achievements", "shortcomings", "next_year_plan"]
    subs = outline.find("achievements")[0].children
    assert [s.heading for s in subs] == ["堅持黨的領導", "化解矛盾糾紛"]  # source script kept
    assert [s.area for s in subs] == ["party_leadership", "dispute_resolution"]
    assert items_of(doc, outline, "shortcomings") == ["學法不夠深入", "執法不夠規範", "宣傳不夠廣泛"]
    assert len(items_of(doc, outline, "next_year_plan")) == 2


def test_traditional_parts_numbered_in_capital_numerals():
    text = (
        "壹、主要舉措和成效\n(一)規範執法。評查案卷260卷。\n"
        "貳、存在的不足和原因\n一是決策機制不夠健全;二是執法素質不高。究其原因,主要是培訓不夠。\n"
        "參、2024年工作安排\n一是健全決策機制;二是加強隊伍建設。\n"
    )
    doc = traditional(text)
    outline = build_outline(doc)
    assert kinds(outline) == ["achievements", "shortcomings", "next_year_plan"]
    assert items_of(doc, outline, "shortcomings") == ["一是決策機制不夠健全", "二是執法素質不高。"]
    assert items_of(doc, outline, "next_year_plan") == ["一是健全決策機制", "二是加強隊伍建設。"]


# --------------------------------------------------------------------------- part structure


def test_combined_problems_and_plans_heading_is_split():
    text = (
        "一、工作开展情况\n(一)加强领导\n召开会议。\n"
        "二、存在的问题及下一步工作打算\n"
        "一年来虽有进展,但仍存在一些问题,主要表现在:一是学法不够;二是执法不严。\n"
        "下一步,我们将重点做好以下工作:\n"
        "(一)抓学法。内容。\n(二)抓执法。内容。\n(三)抓宣传。内容。\n"
    )
    doc = simplified(text)
    outline = build_outline(doc)
    assert outline.shortcomings_placement == "combined_with_plan"
    shortcomings, plan = outline.find("shortcomings")[0], outline.find("next_year_plan")[0]
    assert shortcomings.heading == "存在的问题及下一步工作打算"
    assert plan.marker is None and doc.text.startswith("下一步", plan.start)
    assert shortcomings.end <= plan.start
    assert items_of(doc, outline, "shortcomings") == ["一是学法不够", "二是执法不严。"]
    plans = items_of(doc, outline, "next_year_plan")
    assert [p[:3] for p in plans] == ["(一)", "(二)", "(三)"]  # the 下一步 intro is not an item


@pytest.mark.parametrize(
    ("part", "shortcomings", "plans"),
    [
        (
            "二、存在问题及改进措施\n(一)存在问题。执法人员不足。\n(二)改进措施。2024年,我局将加强培训;完善制度。\n",
            ["执法人员不足。"],
            ["2024年,我局将加强培训", "完善制度。"],
        ),
        ("二、不足与展望\n当前执法人员不足。\n展望2024年,我局将加强培训。\n", ["当前执法人员不足。"], None),
        (
            "二、存在的问题及下一步打算\n一是执法人员不足;二是培训不够。\n针对上述问题,下一步我局将:一是充实人员;二是加强培训。\n",
            ["一是执法人员不足", "二是培训不够。"],
            ["一是充实人员", "二是加强培训。"],
        ),
    ],
    ids=["plan-subsection", "outlook", "answering-the-problems"],
)
def test_combined_part_splits_at_its_plan_subsection_or_outlook(part, shortcomings, plans):
    doc = simplified("一、主要举措和成效\n(一)加强学法。全年学法6次。\n" + part)
    outline = build_outline(doc)
    assert outline.shortcomings_placement == "combined_with_plan"
    assert items_of(doc, outline, "shortcomings") == shortcomings
    plan = outline.find("next_year_plan")[0]
    assert doc.text[plan.start :].lstrip("(二)").startswith(("改进措施", "展望", "针对"))
    if plans:
        assert items_of(doc, outline, "next_year_plan") == plans


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("二、问题和建议", "shortcomings"),
        ("二、主要问题", "shortcomings"),
        ("五、其他事项", "other_matters"),
        # the main responsible persons named by their offices (党政主要负责人 = 书记 and 县长)
        ("三、县委书记、县长履行法治建设职责情况", "first_responsible_person"),
        ("三、局长履行推进法治建设职责情况", "first_responsible_person"),
        # ... or by what they did: pushed the rule of law forward, reported on it (述法)
        ("三、主要负责人推进法治建设情况", "first_responsible_person"),
        ("三、党政主要负责人述法情况", "first_responsible_person"),
        ("三、主要负责同志推进法治建设情况", "first_responsible_person"),
        ("三、抓住“关键少数”,发挥示范带头作用", "achievements"),  # leaders at large: a theme of results
        # next year's plan named by 谋划, or said as what the unit will do
        ("四、2025年法治政府建设工作谋划", "next_year_plan"),
        ("四、2025年将重点做好以下工作", "next_year_plan"),
        ("二、2024年将法治建设纳入绩效考核", "achievements"),  # 将 as 把: a theme of results, no plan
        # the outlook named by the year it looks to (展望 alone ends 不足与展望)
        ("四、展望2025年", "next_year_plan"),
        ("四、展望未来", "next_year_plan"),
    ],
)
def test_a_part_is_classified_by_its_heading_without_the_marker(heading, kind):
    doc = simplified(f"一、主要举措和成效\n全年学法6次。\n{heading}\n内容一。\n")
    assert kinds(build_outline(doc))[-1] == kind


def test_inline_shortcomings_are_cut_out_of_the_last_subsection():
    text = (
        "一、2023年法治政府建设主要举措和成效\n"
        "(一)加强领导\n一是健全机制。成立小组。\n"
        "(二)规范执法\n一是评查案卷。评查20卷。\n二是培训人员。培训50人次。\n"
        "过去一年,全县法治政府建设工作虽有进步,但仍有一些不足:一是立法不够;二是决策程序不全;三是执法能力不强。\n"
        "二、2024年法治政府建设工作计划\n(一)抓立法。内容。\n"
    )
    doc = simplified(text)
    outline = build_outline(doc)
    assert kinds(outline) == ["achievements", "shortcomings", "next_year_plan"]
    assert outline.shortcomings_placement == "inline_in_results"
    results, inline = outline.find("achievements")[0], outline.find("shortcomings")[0]
    last = results.children[-1]
    assert last.end <= inline.start and results.end <= inline.start
    assert [p.marker for p in last.children] == ["一是", "二是"]
    assert (inline.marker, inline.heading) == (None, None)
    assert doc.text.startswith("过去一年", inline.start)
    assert items_of(doc, outline, "shortcomings") == [
        "一是立法不够",
        "二是决策程序不全",
        "三是执法能力不强。",
    ]


@pytest.mark.parametrize("run_in", [True, False])
def test_shortcomings_written_as_the_results_last_subsection_are_cut_out(run_in):
    gap = "" if run_in else "\n"
    text = (
        "一、法治政府建设工作情况\n(一)加强组织领导。召开会议2次。\n(二)规范行政执法。评查案卷300卷。\n"
        f"(三)存在的问题和不足。{gap}一是法治宣传形式单一;二是执法人员素质参差不齐。\n"
        "二、2025年工作打算\n(一)创新法治宣传形式。(二)加强执法队伍建设。\n"
    )
    doc = simplified(text)
    outline = build_outline(doc)
    assert kinds(outline) == ["achievements", "shortcomings", "next_year_plan"]
    assert outline.shortcomings_placement == "inline_in_results"
    results, shortcomings = outline.find("achievements")[0], outline.find("shortcomings")[0]
    assert [s.heading for s in results.children] == ["加强组织领导", "规范行政执法"]
    assert (shortcomings.marker, shortcomings.heading) == ("(三)", "存在的问题和不足")
    assert items_of(doc, outline, "shortcomings") == ["一是法治宣传形式单一", "二是执法人员素质参差不齐。"]


def test_a_results_subsection_on_problems_solved_stays_a_result():
    text = (
        "一、法治政府建设工作情况\n(一)加强组织领导。召开会议2次。\n(二)聚焦短板弱项。新增审核人员24名。\n"
        "二、2025年工作打算\n(一)创新法治宣传形式。\n"
    )
    outline = build_outline(simplified(text))
    assert kinds(outline) == ["achievements", "next_year_plan"]


def test_thematic_parts_without_a_results_wrapper_are_grouped():
    text = (
        "前言。\n"
        "一、强化政治引领,夯实组织保障\n(一)学法。内容。\n(二)述法。内容。\n"
        "二、深化放管服改革,优化营商环境\n(一)政务服务。内容。\n"
        "三、存在的不足\n一是甲;二是乙。\n"
        "四、下一步工作打算\n(一)计划。内容。\n"
    )
    outline = build_outline(simplified(text))
    assert kinds(outline) == ["preamble", "achievements", "shortcomings", "next_year_plan"]
    group = outline.find("achievements")[0]
    assert (group.marker, group.level) == (None, 1)
    assert [(s.marker, s.level, s.area) for s in group.children] == [
        ("一、", 2, "party_leadership"),
        ("二、", 2, "gov_functions"),
    ]
    assert [p.level for p in group.children[0].children] == [3, 3]


@pytest.mark.parametrize(
    "named", ["二、党政主要负责人履行推进法治建设第一责任人职责情况", "二、行政复议工作情况"]
)
def test_thematic_parts_after_a_named_one_are_results_too(named):
    text = (
        "前言。\n一、强化政治引领\n学法6次。\n"
        f"{named}\n内容。\n三、深化执法改革\n办理案件120件。\n"
        "四、存在的不足\n一是甲;二是乙。\n五、下一步工作打算\n(一)计划。内容。\n"
    )
    outline = build_outline(simplified(text))
    assert kinds(outline)[-2:] == ["shortcomings", "next_year_plan"]
    results = [p.heading or p.children[0].heading for p in outline.find("achievements")]
    assert "深化执法改革" in results and "强化政治引领" in results


def test_other_matters_and_closing_with_signature():
    text = (
        "一、主要举措和成效\n(一)加强领导\n内容。\n"
        "二、存在的不足和原因\n一是甲。\n"
        "三、下一年度主要安排\n(一)计划\n内容。\n"
        "四、其他需要报告的情况\n无。\n"
        "某县人民政府\n2024年3月1日\n"
    )
    doc = simplified(text)
    outline = build_outline(doc)
    assert kinds(outline) == ["achievements", "shortcomings", "next_year_plan", "other_matters", "closing"]
    assert doc.text[outline.find("closing")[0].start :].startswith("某县人民政府")


def test_unnumbered_part_headings_on_their_own_lines():
    text = (
        "某镇2023年度法治政府建设工作报告\n"
        "2023年,我镇推进依法行政。现将有关情况报告如下:\n"
        "2023年法治政府建设工作情况\n(一)加强领导\n召开会议。\n(二)规范执法\n评查案卷。\n"
        "存在的问题\n一是学法不够;二是执法不严。\n"
        "下一步工作打算\n(一)抓学法。内容。\n(二)抓执法。内容。\n"
    )
    doc = simplified(text)
    outline = build_outline(doc)
    assert kinds(outline) == ["preamble", "achievements", "shortcomings", "next_year_plan"]
    results = outline.find("achievements")[0]
    assert (results.marker, results.heading) == (None, "2023年法治政府建设工作情况")
    assert [s.heading for s in results.children] == ["加强领导", "规范执法"]
    assert len(items_of(doc, outline, "shortcomings")) == 2
    assert len(items_of(doc, outline, "next_year_plan")) == 2


def test_unnumbered_part_headings_ending_in_a_colon():
    """存在的问题: on a line of its own leads into its part; the lead-in sentence ending 如下: does not."""
    text = (
        "某镇2023年度法治政府建设工作报告\n"
        "2023年,我镇推进依法行政。现将有关情况报告如下:\n"
        "主要工作成效:\n开展法治讲座8场。\n"
        "存在的问题:\n一是学法不够;二是执法不严。\n"
        "下步工作计划:\n一是抓学法;二是抓执法;三是抓宣传。\n"
    )
    doc = simplified(text)
    outline = build_outline(doc)
    assert [(part.kind, part.heading) for part in outline.parts] == [
        ("preamble", None),
        ("achievements", "主要工作成效"),
        ("shortcomings", "存在的问题"),
        ("next_year_plan", "下步工作计划"),
    ]
    assert len(items_of(doc, outline, "next_year_plan")) == 3


def test_a_short_report_whose_parts_ran_together_on_one_line():
    """Title and opening kept their breaks, the body lost them: 二、 after a sentence stop opens a part."""
    text = (
        "某乡2023年度法治政府建设情况报告\n\n2023年,某乡推进依法行政,现报告如下:\n"
        "一、主要成效。开展法治讲座9场,调解纠纷52件。二、存在的问题。一是学法不够;二是宣传单一。"
        "三、党政主要负责人履行推进法治建设第一责任人职责情况。乡长主持学法3次。"
        "四、2024年工作安排。一是加强学法;二是创新宣传。\n"
    )
    doc = simplified(text)
    outline = build_outline(doc)
    assert kinds(outline) == [
        "preamble",
        "achievements",
        "shortcomings",
        "first_responsible_person",
        "next_year_plan",
    ]
    assert len(items_of(doc, outline, "shortcomings")) == 2


def test_part_headings_in_brackets_are_named_without_them():
    text = (
        "某街道2024年法治政府建设情况报告\n2024年,街道推进依法行政。现将有关情况报告如下:\n"
        "【主要举措和成效】\n开展学法4次。\n【存在的不足和原因】\n执法力量不足。\n【2025年工作打算】\n加强培训。\n"
    )
    outline = build_outline(simplified(text))
    assert [(part.kind, part.heading) for part in outline.parts[1:]] == [
        ("achievements", "主要举措和成效"),
        ("shortcomings", "存在的不足和原因"),
        ("next_year_plan", "2025年工作打算"),
    ]


@pytest.mark.parametrize(
    ("open_", "close"),
    [("【", "】"), ("【一、", "】"), ("**", "**"), ("■一、", "")],
    ids=["brackets", "numbered-brackets", "bold", "square-mark"],
)
def test_framed_headings_named_at_their_end_are_classified_without_the_frame(open_, close):
    """差距和不足 / 2025年工作思路 are named by their last words: the closing bracket is not a word."""
    numbered = open_.endswith("、")
    marks = ("一、", "二、", "三、") if numbered else ("", "", "")
    text = (
        "某街道2024年法治政府建设情况报告\n2024年,街道推进依法行政。现将有关情况报告如下:\n"
        f"{open_}主要举措和成效{close}\n开展学法4次。\n"
        f"{open_.replace(marks[0], marks[1])}差距和不足{close}\n执法力量不足。\n"
        f"{open_.replace(marks[0], marks[2])}2025年工作思路{close}\n加强培训。\n"
    )
    outline = build_outline(simplified(text))
    assert [(part.kind, part.heading) for part in outline.parts[1:]] == [
        ("achievements", "主要举措和成效"),
        ("shortcomings", "差距和不足"),
        ("next_year_plan", "2025年工作思路"),
    ]


PART_SKELETON = (
    "某局2023年度法治政府建设情况报告\n2023年,我局推进依法行政。现将有关情况报告如下:\n"
    "{0}主要举措和成效\n{4}加强学法。全年学法6次。\n{5}规范执法。开展检查120次。\n"
    "{1}存在的不足和原因\n执法人员不足,主要原因是编制紧张。\n"
    "{2}主要负责人履行推进法治建设第一责任人职责情况\n局长带头学法4次。\n"
    "{3}2024年工作安排\n加强队伍建设。\n"
)


@pytest.mark.parametrize(
    "markers",
    [
        ("第一部分 ", "第二部分 ", "第三部分 ", "第四部分 ", "一、", "二、"),
        ("第一章 ", "第二章 ", "第三章 ", "第四章 ", "(一)", "(二)"),
        ("壹、", "贰、", "叁、", "肆、", "一、", "二、"),
        ("1. ", "2. ", "3. ", "4. ", "(1)", "(2)"),
        ("1、", "2、", "3、", "4、", "", ""),
    ],
    ids=["part-then-cn", "chapter", "capital-numerals", "arabic-dot", "arabic-comma"],
)
def test_parts_numbered_in_any_outer_style(markers):
    """The outermost numbering holds the parts, whatever it is; 1. 2. only when they name parts."""
    outline = build_outline(simplified(PART_SKELETON.format(*markers)))
    assert kinds(outline) == [
        "preamble",
        "achievements",
        "shortcomings",
        "first_responsible_person",
        "next_year_plan",
    ]
    assert outline.parts[1].marker == markers[0].strip()
    assert len(outline.parts[1].children) == (2 if markers[4] else 0)


def test_a_numbered_list_without_part_headings_is_not_read_as_parts():
    text = "2023年,我局推进依法行政。主要做了以下工作:\n1. 全年学法6次。\n2. 开展检查120次。\n3. 评查案卷30卷。\n"
    assert kinds(build_outline(simplified(text))) == ["preamble"]


def test_closing_starts_at_special_report_phrase():
    doc = simplified(REPORT.format(results="(一)加强领导\n内容。"))
    closing = build_outline(doc).find("closing")[0]
    assert doc.text[closing.start : closing.end].startswith("特此报告。")
    assert doc.text[closing.start : closing.end].endswith("2024年2月1日")


HEADLESS = (
    "望川镇2023年度法治政府建设情况报告\n"
    "2023年,望川镇全面推进法治政府建设。镇党委书记认真履行第一责任人职责。全年集中学法8次,调解纠纷46起。\n"
    "{shortcomings}一是干部法治意识有待增强;二是执法力量薄弱。\n"
    "{plans}一是加强干部学法;二是充实执法力量。\n"
)


@pytest.mark.parametrize(
    ("shortcomings", "plans", "expected"),
    [
        (
            "但工作中仍存在一些不足:",
            "2024年,望川镇将继续深入学习贯彻习近平法治思想,",
            ["preamble", "achievements", "shortcomings", "next_year_plan"],
        ),
        (
            "同时也要清醒看到,我镇还存在不少问题:",
            "下一步,我们将重点抓好以下工作:",
            ["preamble", "achievements", "shortcomings", "next_year_plan"],
        ),
        ("", "下一步,我们将重点抓好以下工作:", ["preamble", "achievements", "next_year_plan"]),
    ],
    ids=["both", "seen-clearly", "plans-only"],
)
def test_a_report_without_headings_is_cut_at_the_paragraphs_that_open_its_parts(
    shortcomings, plans, expected
):
    doc = simplified(HEADLESS.format(shortcomings=shortcomings, plans=plans))
    outline = build_outline(doc)
    assert kinds(outline) == expected
    assert doc.text[outline.find("achievements")[0].start :].startswith("2023年,望川镇")
    assert len(items_of(doc, outline, "next_year_plan")) == 2


def test_a_headless_reports_result_that_solved_its_problems_opens_no_shortcomings():
    text = (
        "2023年,望川镇全面推进法治政府建设。全年集中学法8次。\n调解组织新增8个,全年调解纠纷92件。\n"
        "虽然纠纷数量增长15%,但已妥善解决群众反映的问题,调解成功率98%。\n"
        "2024年,我镇将继续加强法治宣传,深化矛盾纠纷多元化解。\n"
    )
    assert kinds(build_outline(simplified(text))) == ["achievements", "next_year_plan"]


def test_a_headless_reports_first_paragraph_is_never_its_plans():
    # 将 is also 把: 2023年,我县将法治政府建设摆在… opens the results, not next year's plans
    doc = simplified("2023年,我县将法治政府建设摆在突出位置,全年学法8次。\n特此报告。")
    assert kinds(build_outline(doc)) == ["preamble", "closing"]


def test_a_report_of_paragraphs_with_run_in_titles_takes_its_parts_from_them():
    """存在的问题:一是… / 主要负责人履职:镇长… / 下步打算:… paragraphs: the first responsible's paragraph
    after the shortcomings is a part of its own, not more shortcomings."""
    text = (
        "某镇2023年法治政府建设工作情况报告\n"
        "今年以来主要做了以下工作:一是加强学法。学法6次。二是强化调处。调处纠纷40件。\n"
        "存在的问题:一是法治力量不足;二是宣传不够。原因是人员紧张。\n"
        "主要负责人履职:镇党委书记、镇长带头学法3次,主持研究法治工作2次。\n"
        "下步打算:一是充实力量;二是加强宣传。\n"
    )
    doc = simplified(text)
    outline = build_outline(doc)
    assert [(part.kind, part.heading) for part in outline.parts[2:]] == [
        ("shortcomings", "存在的问题"),
        ("first_responsible_person", "主要负责人履职"),
        ("next_year_plan", "下步打算"),
    ]
    assert outline.first_responsible[0] == "standalone"
    assert len(items_of(doc, outline, "shortcomings")) == 2


def test_a_report_of_point_paragraphs_takes_its_parts_from_their_titles():
    """一是…七是 paragraphs and no part headings: a point titled as a part (正视存在的不足, 落实第一责任人
    职责, 明确2024年工作安排) starts that part, headed by its title."""
    text = (
        "某县人民政府2023年度法治政府建设情况报告\n现将有关情况报告如下。\n"
        "一是强化统筹推进。研究法治议题4次。\n二是严格执法监督。评查案卷245卷。\n"
        "三是正视存在的不足。执法人员持证率仅为86%,原因在于人员流动较大。\n"
        "四是落实第一责任人职责。县长主持会前学法12次。\n五是明确2024年工作安排。推进合法性审查全覆盖。\n"
    )
    doc = simplified(text)
    outline = build_outline(doc)
    parts = [(part.kind, part.heading) for part in outline.parts]
    assert parts[1:] == [
        ("achievements", None),
        ("shortcomings", "正视存在的不足"),
        ("first_responsible_person", "落实第一责任人职责"),
        ("next_year_plan", "明确2024年工作安排"),
    ]
    assert [doc.text[s:e] for s, e, _ in split_items(doc, *_body(outline, "next_year_plan"))] == [
        "推进合法性审查全覆盖。"
    ]


def _body(outline, kind: str) -> tuple[int, int]:
    part = outline.find(kind)[0]
    return part.heading_end, part.end


def test_report_without_headings_is_one_preamble():
    doc = simplified("2023年,我局认真推进依法行政,取得一定成效。\n特此报告。")
    outline = build_outline(doc)
    assert kinds(outline) == ["preamble", "closing"]
    check_tree(doc, outline.parts, 0, len(doc.text))
    assert outline.shortcomings_placement == "absent"
    assert outline.first_responsible == ("absent", [])


# --------------------------------------------------------------------------- first responsible person


def test_first_responsible_standalone_part():
    text = "一、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人主持会议2次。\n二、主要举措和成效\n(一)加强领导\n内容。\n"
    doc = simplified(text)
    outline = build_outline(doc)
    placement, spans = outline.first_responsible
    assert placement == "standalone"
    assert [doc.text[s:e] for s, e in spans] == ["主要负责人主持会议2次。"]


def test_first_responsible_nested_subsection():
    text = (
        "一、主要举措和成效\n(一)加强领导\n内容。\n"
        "(二)党政主要负责人切实履行推进法治建设第一责任人职责\n1.带头述法。内容。\n2.亲自部署。内容。\n"
    )
    doc = simplified(text)
    outline = build_outline(doc)
    placement, spans = outline.first_responsible
    assert placement == "nested"
    assert [t for _, _, t in split_items(doc, *spans[0])] == ["带头述法", "亲自部署"]
    assert outline.find("achievements")[0].children[1].area == "party_leadership"


def test_first_responsible_inline_sentence():
    text = "一、主要举措和成效\n(一)加强领导\n成立小组。县长认真履行推进法治建设第一责任人职责,主持会议3次。召开培训。\n"
    doc = simplified(text)
    placement, spans = build_outline(doc).first_responsible
    assert placement == "inline"
    assert [doc.text[s:e] for s, e in spans] == ["县长认真履行推进法治建设第一责任人职责,主持会议3次。"]


def test_first_responsible_inline_without_the_term():
    text = (
        "一、主要举措和成效\n(一)加强领导\n成立小组。县委、县政府主要负责人亲自部署、亲自推动法治政府建设。"
        "各部门主要负责人参加培训。\n"
    )
    doc = simplified(text)
    placement, spans = build_outline(doc).first_responsible
    assert placement == "inline"
    assert [doc.text[s:e] for s, e in spans] == ["县委、县政府主要负责人亲自部署、亲自推动法治政府建设。"]


@pytest.mark.parametrize(
    "sentence",
    ["县委书记、县长带头学法讲法,主持召开会议研究法治工作3次。", "街道党工委书记、办事处主任带头述法。"],
)
def test_first_responsible_inline_named_as_the_two_leaders(sentence):
    text = f"一、主要举措和成效\n(一)加强领导\n成立小组。{sentence}各部门负责人参加培训。\n"
    doc = simplified(text)
    placement, spans = build_outline(doc).first_responsible
    assert placement == "inline"
    assert [doc.text[s:e] for s, e in spans] == [sentence]


def test_first_responsible_only_in_the_plan_is_absent():
    text = "一、主要举措和成效\n(一)加强领导\n内容。\n二、下一步工作打算\n(一)督促主要负责人落实第一责任人职责。内容。\n"
    assert build_outline(simplified(text)).first_responsible == ("absent", [])


# --------------------------------------------------------------------------- items


def test_split_items_comma_list_after_opener_without_outro():
    text = "本单位工作虽有成效,但还有差距,主要表现在:服务有待提升,人才比较欠缺,审核力量不足。我们将继续改进。"
    doc = simplified(text)
    assert [doc.text[s:e] for s, e, _ in split_items(doc, 0, len(text))] == [
        "服务有待提升",
        "人才比较欠缺",
        "审核力量不足",
    ]


def test_split_items_semicolons_win_over_commas():
    text = "还存在一些短板:基层力量薄弱,人员流动大;宣传形式单一,覆盖面窄。"
    doc = simplified(text)
    assert [doc.text[s:e] for s, e, _ in split_items(doc, 0, len(text))] == [
        "基层力量薄弱,人员流动大",
        "宣传形式单一,覆盖面窄",
    ]


def test_split_items_keeps_a_paragraph_whose_clause_deep_inside_reads_like_a_list_opener():
    # a first-responsible paragraph of ;-clauses: 存在问题, near its end opens no list, and drops nothing
    text = (
        "局主要负责人带头学法,全年组织党组会前学法11次,主持专题学习研讨4次;亲自审定《青岚县法治政府建设"
        "重点任务清单》等文件9件;每季度听取法治建设工作汇报,研判分析存在问题,提出改进意见;带头述法。"
    )
    doc = simplified(text)
    items = [doc.text[s:e] for s, e, _ in split_items(doc, 0, len(text))]
    assert items[0].startswith("局主要负责人带头学法") and len(items) == 4
    assert items[2] == "每季度听取法治建设工作汇报,研判分析存在问题,提出改进意见"


@pytest.mark.parametrize(
    "causes",
    [
        "产生上述问题的原因主要是:培训不够。",
        "主要原因是培训不够。",
        "\n根本原因在于培训不够。",
        "分析原因,培训不够。",
    ],
)
def test_split_items_points_with_titles_and_causes_left_out(causes: str):
    text = "一是认识不足。部分单位重视不够。二是能力不强。部分人员素养不高。" + causes
    doc = simplified(text)
    items = split_items(doc, 0, len(text))
    assert [(doc.text[s:e], t) for s, e, t in items] == [
        ("一是认识不足。部分单位重视不够。", "认识不足"),
        ("二是能力不强。部分人员素养不高。", "能力不强"),
    ]


def test_split_items_skips_intro_paragraph_and_own_heading():
    text = "三、2024年工作计划\n2024年,我县将继续努力。\n(一)抓学法\n组织学法。\n(二)抓执法\n开展评查。"
    doc = simplified(text)
    items = split_items(doc, 0, len(text))
    assert [t for _, _, t in items] == ["抓学法", "抓执法"]
    assert doc.text[items[0][0] : items[0][1]] == "(一)抓学法\n组织学法。"


def test_split_items_sentences_fallback():
    text = "县长主持会议研究法治工作;带头述法。听取汇报3次。"
    doc = simplified(text)
    assert [doc.text[s:e] for s, e, _ in split_items(doc, 0, len(text))] == [
        "县长主持会议研究法治工作",
        "带头述法。",
        "听取汇报3次。",
    ]


def test_split_items_empty_span():
    doc = simplified("  \n ")
    assert split_items(doc, 0, len(doc.text)) == []


# --------------------------------------------------------------------------- classification tables


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("上一年度推进法治政府建设的主要举措和成效", "achievements"),
        ("2022年度法治政府建设工作开展情况", "achievements"),
        ("2021年法治政府建设工作成效和举措", "achievements"),
        ("上一年度推进法治政府建设存在的不足和原因", "shortcomings"),
        ("存在的主要问题", "shortcomings"),
        ("面临的困难和挑战", "shortcomings"),
        ("存在问题及改进措施", "combined"),
        ("不足与展望", "combined"),
        ("2024年重点工作", "next_year_plan"),
        ("今后努力方向", "next_year_plan"),
        ("存在问题和今后一个时期的工作打算", "combined"),
        ("工作中存在的薄弱环节及改进措施", "combined"),
        ("工作中的短板及努力方向", "combined"),
        ("存在的弱项", "shortcomings"),
        ("深化改革创新,为今后发展奠定法治基础", None),  # a result that looks ahead, no plan
        ("2023年重点工作完成情况", None),
        ("其他需要说明的情况", "other_matters"),
        (
            "党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况",
            "first_responsible_person",
        ),
        ("下一年度推进法治政府建设的主要安排", "next_year_plan"),
        ("2025年工作思路", "next_year_plan"),
        ("存在的问题及下步工作打算", "combined"),
        ("其他需要报告的情况", "other_matters"),
        ("强化政治引领,夯实组织保障", None),
        ("困难和问题", "shortcomings"),
        ("工作中的短板和弱项", "shortcomings"),
        ("突出重点,谋划好明年工作", "next_year_plan"),
        ("聚焦新的一年目标任务", "next_year_plan"),
        ("补齐短板,提升执法水平", None),  # a theme, not the shortcomings
        ("短板弱项", "shortcomings"),
        ("需要改进的问题", "shortcomings"),
        ("补齐短板弱项,提升执法水平", None),
        # a task done, worded as a verb and its object, ends like a part's name but is a theme
        ("着力补齐基层法治短板", None),
        ("聚焦薄弱环节,补齐基层法治短板", None),
        ("统筹实施“八五”普法规划", None),
        ("科学编制法治政府建设规划", None),
        ("加强和改进工作的打算", "next_year_plan"),  # what is planned, named with 的
        # problems worked on are a task done, wherever the clause stands
        ("聚焦存在问题,抓实督察反馈整改落实", None),
        ("针对存在的不足,健全长效机制", None),
        ("坚持依法行政,着力解决存在的突出问题", None),
        ("短板和弱项", "shortcomings"),
        ("差距和不足", "shortcomings"),
        ("下步工作计划", "next_year_plan"),
    ],
)
def test_classify_heading(heading, kind):
    assert classify_heading(heading) == kind


@pytest.mark.parametrize(
    ("heading", "area"),
    [
        ("深入学习贯彻习近平法治思想", "party_leadership"),
        ("健全政府机构职能体系,推动更好发挥政府作用", "gov_functions"),
        ("完善依法行政制度体系", "rules_system"),
        ("推进行政决策科学化、民主化、法治化", "decision_making"),
        ("强化行政执法监督,助力法治化营商环境", "law_enforcement"),
        ("健全突发事件应对体系", "emergency"),
        ("推进依法治理和社会矛盾纠纷化解", "dispute_resolution"),
        ("强化对行政权力的制约和监督", "oversight"),
        ("全面建设数字法治政府", "digital"),
        ("深入开展法治宣传教育", "capacity_and_publicity"),
        ("健全公共法律服务平台", "public_legal_services"),
        ("推进法治乡村建设", "grassroots_governance"),
        ("积极开展示范创建活动", "demonstration"),
        ("打造一流法治化营商环境", "business_environment"),
        ("抓好年度工作", None),
    ],
)
def test_classify_area(heading, area):
    assert classify_area(heading) == area


# A heading too wide for a PDF's line, or broken by hand in Word, goes on on the next line: where it
# leaves off open (…建设的 / 和原因), or where only the two lines together name the report's part.
SPLIT_HEADINGS = """溪口县人民政府关于2023年度法治政府建设情况的报告
2023年,溪口县人民政府坚持依法行政,法治政府建设取得积极成效。现将有关情况报告如下。
一、2023年推进法治政府建设的主要
举措和成效
(一)完善制度体系。清理规范性文件62件,宣布失效8件。
二、党政主要负责人履行推进法治建设第一责任人职责情况
县长主持召开县政府常务会议专题研究法治政府建设工作5次。
三、法治政府建设存在的不足
和原因
一是制度建设质量有待提高;二是执法人员素质参差不齐。
四、2024年推进法治政府建设的
重点安排
(一)提高制度建设质量。
(二)加强执法队伍建设。
溪口县人民政府
2024年2月5日
"""


def test_a_heading_broken_over_two_lines_reads_whole() -> None:
    from summarizer.reader import read_bytes

    doc = read_bytes(SPLIT_HEADINGS.encode())
    parts = [(part.kind, part.heading) for part in build_outline(doc).parts if part.marker]
    assert parts == [
        ("achievements", "2023年推进法治政府建设的主要举措和成效"),
        ("first_responsible_person", "党政主要负责人履行推进法治建设第一责任人职责情况"),
        ("shortcomings", "法治政府建设存在的不足和原因"),
        ("next_year_plan", "2024年推进法治政府建设的重点安排"),
    ]


def test_a_part_heading_followed_by_an_unnumbered_one_stays_apart() -> None:
    from summarizer.reader import read_bytes

    text = SPLIT_HEADINGS.replace("的主要\n举措和成效\n", "的主要举措和成效\n加强制度建设\n")
    parts = [(part.kind, part.heading) for part in build_outline(read_bytes(text.encode())).parts]
    assert ("achievements", "2023年推进法治政府建设的主要举措和成效") in parts


@pytest.mark.parametrize(
    "annex",
    [
        "附件1:溪口县2023年法治政府建设主要指标完成情况表\n行政复议案件 156件 180件\n",
        "附件\n溪口县2023年法治政府建设主要指标完成情况表\n序号\n指标\n完成值\n1\n行政复议案件\n180件\n",
    ],
)
def test_an_annex_after_a_report_without_its_signature_is_no_item_of_its_last_part(annex: str) -> None:
    """A web copy may drop the signature and keep the attachment: its table is no plan."""
    from summarizer.pipeline import RulesBackend, process
    from summarizer.reader import read_bytes

    text = SPLIT_HEADINGS.replace("溪口县人民政府\n2024年2月5日\n", annex)
    report = process(read_bytes(text.encode()), RulesBackend())
    assert [item.text for item in report.plans.items] == ["(一)提高制度建设质量。", "(二)加强执法队伍建设。"]


@pytest.mark.parametrize(
    "cause",
    [
        "其根源在于培训投入不足。",
        "问题的症结在于考核刚性不强。",
        "究其根源,是编制偏少。",
        "原因分析:培训不够系统。",
    ],
)
def test_a_closing_sentence_naming_the_root_of_the_shortcomings_is_no_item(cause):
    text = f"部门协作不够顺畅。基层审核人员偏少。{cause}"
    doc = simplified(text)
    assert [doc.text[s:e] for s, e, _ in split_items(doc, 0, len(text))] == [
        "部门协作不够顺畅。",
        "基层审核人员偏少。",
    ]


@pytest.mark.parametrize(
    "closing",
    [
        "虽然全年复议案件同比增长40%,但通过多元调解妥善化解了群众反映的问题。",
        "全镇取得了明显成效,但也克服了人员不足的困难。",
    ],
)
def test_a_closing_result_that_solved_its_problems_is_no_inline_shortcomings(closing):
    text = (
        "一、主要举措和成效\n(一)加强领导\n成立小组。\n(二)化解纠纷\n受理案件30件。"
        f"{closing}\n二、2025年工作安排\n(一)加强培训。\n"
    )
    outline = build_outline(simplified(text))
    assert kinds(outline) == ["achievements", "next_year_plan"]
    assert outline.shortcomings_placement == "absent"


def test_each_shortcoming_followed_by_its_own_cause_keeps_it():
    text = (
        "(一)执法人员专业能力不足。原因是新入职人员多。\n"
        "(二)信用监管手段单一。原因是信用信息归集不充分。\n"
        "下一步,我们将逐项整改。\n"
    )
    doc = simplified(text)
    assert [doc.text[s:e] for s, e, _ in split_items(doc, 0, len(text))] == [
        "(一)执法人员专业能力不足。原因是新入职人员多。",
        "(二)信用监管手段单一。原因是信用信息归集不充分。",
    ]


def test_a_cause_closing_the_list_on_the_last_items_line_is_no_part_of_it():
    text = "一是执法人员不足;二是信用监管单一。究其原因,主要是培训不够。"
    doc = simplified(text)
    assert [doc.text[s:e] for s, e, _ in split_items(doc, 0, len(text))] == [
        "一是执法人员不足",
        "二是信用监管单一。",
    ]


@pytest.mark.parametrize(
    "closing",
    ["站在新的起点上,全市上下将推动法治政府建设再上新台阶。", "全县上下将以更加务实的作风抓好落实。"],
)
def test_the_plans_closing_remark_is_no_part_of_the_last_plan(closing):
    text = (
        "(一)持续提升依法行政能力\n1.健全学法制度。\n2.开展全员轮训。\n"
        f"(二)加强行政执法监督\n1.建设协调监督体系。\n2.开展质量评估。\n{closing}\n"
    )
    doc = simplified(text)
    items = [doc.text[s:e] for s, e, _ in split_items(doc, 0, len(text), plan=True)]
    assert items[-1] == "(二)加强行政执法监督\n1.建设协调监督体系。\n2.开展质量评估。"


@pytest.mark.parametrize(
    ("head", "tail"), [("第一责任人", "职责情况"), ("第一责任人", "履职情况"), ("第一责任人职责", "情况")]
)
def test_a_heading_whose_tail_went_down_a_line_takes_it_back(head: str, tail: str) -> None:
    """A part heading that names its part on its first line (…第一责任人) and whose last words went down to
    the next line alone (a PDF's narrow column): the tail is the heading's, not the part's first item."""
    text = (
        "一、主要举措和成效\n全年学法12次。\n二、存在的不足和原因\n执法力量不足。\n"
        f"三、党政主要负责人履行推进法治建设{head}\n{tail}\n县长主持研究法治工作3次。\n"
        "四、2025年工作安排\n深化依法行政。\n"
    )
    report = process(read_bytes(text.encode()), RulesBackend())
    assert [item.text for item in report.first_responsible_person.items] == ["县长主持研究法治工作3次。"]
