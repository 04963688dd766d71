"""Document understanding that generalises: genre calls, partial reports, issuer/level/year from
wherever the text states them, and the noise that must never reach them.

Report text here is invented; real division names (海淀区, 仙桃市 …) appear only as place names the
gazetteer must know, never with real report wording.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from summarizer.errors import NotAReportError
from summarizer.metadata import extract_metadata, level_of
from summarizer.numbers import extract_mentions
from summarizer.pipeline import Options, RulesBackend, process
from summarizer.reader import read_bytes

LOOKALIKES = FIXTURES / "lookalikes"
GENRES = {
    k: v
    for k, v in json.loads((LOOKALIKES / "expected.json").read_text("utf-8")).items()
    if not k.startswith("_")
}


def meta(text: str, path: str = "-"):
    return extract_metadata(read_bytes(text.encode("utf-8"), path=path))


# --------------------------------------------------------------------------- genres


@pytest.mark.parametrize("name", sorted(GENRES))
def test_lookalikes_are_refused_naming_their_genre(name: str) -> None:
    doc = read_bytes((LOOKALIKES / name).read_bytes(), path=name)
    info = extract_metadata(doc)
    assert info.doc_type == GENRES[name]["doc_type"]
    assert GENRES[name]["label_part"] in info.doc_type_label and info.doc_type_reasons
    with pytest.raises(NotAReportError, match=GENRES[name]["label_part"]):
        process(doc, RulesBackend())


@pytest.mark.parametrize(
    "title",
    [
        "中共鹿鸣县委 鹿鸣县人民政府关于2023年度法治政府建设情况和党政主要负责人履行推进法治建设第一责任人职责情况的报告",
        "鹿鸣县司法局2023年法治政府建设暨局长履行推进法治建设第一责任人职责情况报告",
        "鹿鸣县2023年度法治政府建设暨普法依法治理工作情况报告",
        "鹿鸣县司法局2023年法治政府建设工作总结",  # a summary of the rule of law work: the report
        "鹿鸣县2023年度依法行政工作报告",
    ],
)
def test_a_report_that_also_names_a_leaders_duty_or_legal_education_stays_a_report(title: str) -> None:
    body = "\n\n2023年,鹿鸣县全面推进法治政府建设。现将有关情况报告如下:\n一、主要成效\n全年学法4次。\n"
    assert meta(title + body).doc_type == "rol_annual_report"


@pytest.mark.parametrize(
    "opening",
    [
        # 政务公开 is one of the areas of the work: a short report may open on it
        "(一)推进政务公开。全年主动公开政府信息1260条,办理政府信息公开申请12件,依申请公开答复率100%。",
        # the 人大's inspection of the government's work, and its opinions, are what the report answers
        "认真落实县人大常委会执法检查组提出的审议意见,扎实推进依法行政。",
    ],
)
@pytest.mark.parametrize("title", ["鹿鸣县人民政府关于2023年度法治政府建设情况的报告\n\n", ""])
def test_a_report_whose_opening_names_what_another_genre_is_about_stays_a_report(
    title: str, opening: str
) -> None:
    """The opening's words of the 政府信息公开 report and of a 人大 inspection report do not refuse a text
    that is titled as a 法治政府建设 report, or says 现将…情况报告如下 (their titles still do)."""
    body = f"2023年,鹿鸣县全面推进法治政府建设。现将有关情况报告如下:\n一、主要举措和成效\n{opening}\n"
    assert meta(title + body).doc_type == "rol_annual_report"
    gis = "鹿鸣县人民政府2023年政府信息公开工作年度报告\n\n" + body
    assert meta(gis).doc_type == "gis_annual_report"


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("鹿鸣县司法局局长2023年度述职述廉报告", "述法"),  # a leader's own report
        ("鹿鸣县2023年行政执法工作年度报告", "专项工作报告"),  # the enforcement data report
        ("鹿鸣县2023年度行政执法数据统计年报", "统计年报"),
        ("鹿鸣县2023年行政复议和行政应诉工作年度报告", "行政复议"),  # no 法治政府 in it: a special report
        ("关于对鹿鸣县法治政府建设督察的反馈意见", "督察反馈意见"),  # a superior's findings
        ("鹿鸣县2023年度法治政府建设第三方评估报告", "第三方评估"),
        ("鹿鸣县2023年度法治建设满意度调查报告", "专项报告"),
        ("鹿鸣县2023年度法治政府建设年度报告审核意见", "专项报告"),  # an opinion on a report
        ("关于鹿鸣县2023年度法治政府建设考核情况的报告", "通报"),  # the units' results
        ("鹿鸣县2023年度法治政府建设示范创建申报书", "申报材料"),  # an application
        ("鹿鸣县2023年法治政府建设工作台账", "专项报告"),  # a ledger
        ("鹿鸣县召开2023年度法治政府建设工作推进会", "新闻"),  # a news item on a meeting
        ("鹿鸣县2023年度法治政府建设工作推进会召开", "新闻"),
    ],
)
def test_a_title_naming_another_kind_of_report_refuses_it(title: str, genre: str) -> None:
    body = "\n\n2023年,鹿鸣县全面推进法治政府建设。\n一、主要工作\n召开专题会议4次。\n二、存在的问题\n执法力量不足。\n"
    info = meta(title + body)
    assert info.doc_type != "rol_annual_report" and genre in info.doc_type_label, info.doc_type_reasons


def test_a_report_reposted_under_a_meetings_title_stays_a_report() -> None:
    """A news title over a text that speaks as the report itself (现将…情况报告如下) is the report."""
    text = (
        "鹿鸣县召开2023年度法治政府建设工作推进会\n2023年,鹿鸣县全面推进法治政府建设。现将有关情况报告如下:\n"
        "一、主要举措和成效\n全年学法6次。\n二、存在的不足和原因\n执法力量不足,原因是编制紧张。\n"
    )
    assert meta(text).doc_type == "rol_annual_report"


def test_a_report_published_inside_an_issuing_notice_stays_a_report() -> None:
    # 印发给你们 opens a plan's notice too; a text that speaks as a report (…情况报告如下) is the report
    text = (
        "鹿鸣县人民政府关于印发2023年度法治政府建设情况报告的通知\n各乡镇人民政府:\n"
        "现将《鹿鸣县2023年度法治政府建设情况报告》印发给你们,请认真贯彻落实。\n"
        "鹿鸣县2023年度法治政府建设情况报告\n2023年,鹿鸣县全面推进法治政府建设。现将有关情况报告如下:\n"
        "一、主要举措和成效\n全年学法6次。\n二、存在的不足和原因\n执法力量不足,原因是编制紧张。\n"
    )
    info = meta(text)
    assert (info.doc_type, info.issuer, info.report_year) == ("rol_annual_report", "鹿鸣县人民政府", 2023)


def test_a_notice_without_its_title_is_known_by_its_opening() -> None:
    text = (
        "各乡镇人民政府,县直各单位:\n现就报送2023年度法治政府建设情况报告有关事项通知如下:\n"
        "一、报告内容\n(一)主要举措和成效;(二)存在的不足和原因。\n二、报送时间\n请于2月15日前报送。\n"
    )
    info = meta(text)
    assert info.doc_type == "other" and "通知" in info.doc_type_label


def test_accept_any_processes_a_lookalike_and_says_so() -> None:
    doc = read_bytes((LOOKALIKES / "work_plan.txt").read_bytes(), path="work_plan.txt")
    report = process(doc, RulesBackend(), Options(accept_any=True))
    assert report.document.doc_type == "work_plan"
    assert any("accept-any" in warning for warning in report.warnings)


def test_a_lookalikes_genre_label_is_ours_not_a_claim() -> None:
    """半年/五年/整改/自评等专项报告 names the genre we see: its 半年 and 五年 are checked against nothing."""
    text = (
        "东江区司法局2024年上半年法治政府建设工作总结\n一、主要工作\n上半年调解矛盾纠纷1,238件。\n"
        "二、存在问题\n执法能力有待提高。\n三、下半年工作计划\n继续抓好执法监督。\n"
    )
    report = process(read_bytes(text.encode("utf-8")), RulesBackend(), Options(accept_any=True))
    assert "半年" in report.document.doc_type_label
    assert report.verification.status == "verified", [c.text for c in report.verification.results]


def test_cli_accept_any_flag(tmp_path: Path) -> None:
    plan = str(LOOKALIKES / "personal_report.txt")
    refused = subprocess.run(
        [sys.executable, "-m", "summarizer", "run", plan, "-o", str(tmp_path / "a")],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert refused.returncode == 1 and "个人述法报告" in refused.stdout.decode() + refused.stderr.decode()
    accepted = subprocess.run(
        [sys.executable, "-m", "summarizer", "run", plan, "-o", str(tmp_path / "b"), "--accept-any"],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    data = json.loads((tmp_path / "b" / "personal_report.json").read_text("utf-8"))
    assert data["document"]["doc_type"] == "personal_report", accepted.stderr.decode()
    assert data["document"]["doc_type_confidence"] > 0.5


PREAMBLE_ONLY = (
    "2022年,在市委、市政府的坚强领导下,鹿鸣县认真贯彻落实党中央、国务院关于法治政府建设的决策部署,"
    "全面推进依法行政。现将有关情况报告如下:\n一、坚持党的领导,统筹推进法治政府建设\n(一)加强组织领导。县政府常务会议"
)


def test_a_report_cut_after_its_opening_is_processed_as_partial() -> None:
    report = process(read_bytes(PREAMBLE_ONLY.encode()), RulesBackend())
    assert report.status == "partial"
    assert report.document.doc_type == "rol_annual_report" and report.document.doc_type_confidence < 0.95
    assert any(warning.startswith("partial:") for warning in report.warnings)
    assert (report.document.issuer, report.document.level, report.document.report_year) == (
        "鹿鸣县",
        "county",
        2022,
    )


def test_a_complete_report_is_complete() -> None:
    report = process(read_bytes((ROOT / "examples").glob("*.txt").__next__().read_bytes()), RulesBackend())
    assert report.status == "complete" and report.document.doc_type_confidence >= 0.9


def test_text_about_something_else_is_refused() -> None:
    with pytest.raises(NotAReportError, match="无关"):
        process(read_bytes("鹿鸣县召开全县农业工作会议\n会议部署春耕生产。\n".encode()), RulesBackend())


# --------------------------------------------------------------------------- issuer, level, year


@pytest.mark.parametrize(
    ("opening", "issuer", "level"),
    [
        (
            "2023年,水利部坚持依法行政,推进法治政府部门建设。",
            "水利部",
            "central_department",
        ),
        (
            "2022年,在省委的坚强领导下,青禾市委、市政府坚持依法行政,推进法治政府建设。",
            "青禾市委 市政府",
            "city",
        ),
        ("2021年,区卫健局在区委区政府的领导下,推进法治政府建设。", "区卫健局", "department"),
        (
            "2024年,在市委、市政府领导下,市数据管理局全面推进法治政府建设。",
            "市数据管理局",
            "department",
        ),
        ("今年以来,在县委、县政府的领导下,望川镇坚持依法行政,推进法治政府建设。", "望川镇", "township"),
        (
            "2023年,鹿鸣经济技术开发区管委会坚持依法行政,推进法治政府建设。",
            "鹿鸣经济技术开发区管委会",
            "other",
        ),
    ],
)
def test_issuer_is_the_subject_of_the_opening_sentence(opening: str, issuer: str, level: str) -> None:
    info = meta(opening + "\n一、主要举措和成效\n(一)加强领导。\n")
    assert (info.issuer, info.level) == (issuer, level)
    assert info.evidence["issuer"].source == "first_sentence"
    start, end = info.evidence["issuer"].start, info.evidence["issuer"].end
    assert (opening + "\n")[start:end].replace("、", " ") == issuer


def test_a_bare_district_government_takes_the_district_the_text_names() -> None:
    text = (
        "2023年,区政府坚持以习近平法治思想为指导,推进法治政府建设。\n一、主要举措和成效\n"
        "(一)加强学习。成立海淀区法治宣讲团,海淀区各部门参加学习。\n"
    )
    info = meta(text)
    assert (info.issuer, info.level) == ("海淀区政府", "county")
    assert info.evidence["issuer_place"].text == "海淀区"


def test_own_unit_of_the_report_sentence_is_completed_by_the_publisher() -> None:
    text = (
        "索引号 | 0001/2025-00001 |\n发布机构 | 青禾市应急管理局 |\n成文日期 | 2025-03-01 |\n"
        "根据工作要求,现将我局2024年度法治政府建设工作情况报告如下:\n一、主要举措和成效\n(一)加强领导。\n"
    )
    info = meta(text)
    assert (info.issuer, info.level, info.report_year) == ("青禾市应急管理局", "department", 2024)


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("仙桃市人民政府", "county"),  # 县级市 by the gazetteer, not by its 市
        ("昆山市人民政府", "county"),
        ("苏州市人民政府", "city"),
        ("延边朝鲜族自治州人民政府", "city"),
        ("阿拉善盟行政公署", "city"),
        ("北京市海淀区人民政府", "county"),
        ("海淀区司法局", "department"),  # never the parent's level
        ("湖北省人民政府", "province"),
        ("上海市人民政府", "province"),
        ("东城街道办事处", "township"),
        ("望川镇人民政府", "township"),
        ("某某苏木", "township"),
        ("司法部", "central_department"),
        ("国家税务总局", "central_department"),
        ("国家税务总局鹿鸣县税务局", "department"),  # a local bureau of a central agency
        ("鹿鸣高新区管委会", "other"),
    ],
)
def test_level_rules(name: str, level: str) -> None:
    assert level_of(name, [], "") == level


def test_year_comes_from_the_opening_not_other_years_or_banners() -> None:
    text = (
        "今天是:2019年10月31日 星期三\n"
        "2020年,青禾市坚持依法行政。2020年7月,青禾市获评示范市;在2019年度考核中名列第二。现将有关情况报告如下。\n"
        "一、主要工作成效\n(一)加强领导。\n"
    )
    info = meta(text)
    assert info.report_year == 2020
    assert info.evidence["report_year"].source == "first_sentence"


def test_year_never_from_a_document_number() -> None:
    info = meta(
        "青政发〔2024〕3号\n青禾市人民政府关于法治政府建设情况的报告\n今年以来,青禾市全面推进法治政府建设。\n"
    )
    assert info.report_year != 2024


def test_year_from_the_report_sentence_when_the_lead_has_none() -> None:
    info = meta("根据有关要求,现将我局2023年度法治政府建设工作开展情况报告如下:\n一、主要举措和成效\n")
    assert info.report_year == 2023


def test_year_from_a_plan_heading_when_nothing_else_names_it() -> None:
    text = "青禾市司法局法治政府建设情况\n今年以来,我局全面推进法治政府建设。\n一、主要工作\n(一)加强领导。\n二、2025年工作计划\n(一)继续努力。\n"
    assert meta(text).report_year == 2024


# --------------------------------------------------------------------------- noise that must not reach the facts


def test_pinyin_after_characters_is_removed_and_recorded() -> None:
    doc = read_bytes(
        "青禾市人民政府關(guān)于2023年度法治政府建設(shè)情況的報告\n2023年,青禾市全面推進法治政府建設(shè)。\n".encode()
    )
    assert "(guān)" not in doc.text and "建設情況" in doc.text
    assert [span.kind for span in doc.removed_noise].count("pinyin") == 3
    assert extract_metadata(doc).issuer == "青禾市人民政府"


def test_site_watermark_is_removed_even_mid_word() -> None:
    mark = "公文之家—海量范文每日更新www.example.com"
    doc = read_bytes(
        f"{mark}青禾市人民政府关于2023年度法治政府建设情况的报告\n一是扛牢第一{mark}责任人职责。\n".encode()
    )
    assert "example" not in doc.text and "扛牢第一责任人职责" in doc.text
    assert extract_metadata(doc).issuer == "青禾市人民政府"


def test_circled_numbers_are_list_markers_not_quantities() -> None:
    doc = read_bytes("①完善制度。②审查文件12件。⑳结束。".encode())
    assert doc.text.startswith("①")
    assert [m.raw for m in extract_mentions(doc.text)] == ["12件"]


def test_breadcrumb_lines_are_not_the_title() -> None:
    info = meta(
        "首页\n>> 政务公开 >> 法治政府工作报告\n望川镇2023年度法治政府建设工作报告\n今年以来,望川镇坚持依法行政。\n"
    )
    assert info.title == "望川镇2023年度法治政府建设工作报告" and info.report_year == 2023


def test_issuer_named_after_guanyu_in_the_title() -> None:
    info = meta(
        "关于鹿鸣县2023年法治政府建设情况的报告\n2023年,我县全面推进法治政府建设。\n一、主要举措和成效\n"
    )
    assert (info.issuer, info.level, info.evidence["issuer"].source) == ("鹿鸣县", "county", "title")


def test_own_unit_is_completed_from_the_page_title() -> None:
    page = (
        "<html><head><title>云泽区2023年度法治政府建设年度报告_云泽区人民政府</title></head><body>"
        "<p>今年以来,我区全面推进法治政府建设,法治政府建设取得成效。</p><p>一、主要举措和成效</p></body></html>"
    )
    info = meta(page, path="page.html")
    assert (info.issuer, info.level, info.report_year) == ("云泽区", "county", 2023)


def test_a_department_in_its_short_form_takes_its_full_name_from_the_page_title() -> None:
    page = (
        "<html><head><title>青岫市生态环境局关于2022年度法治政府建设情况的报告_青岫市人民政府</title></head>"
        "<body><p>2022年,市生态环境局深入推进法治政府建设。现将有关情况报告如下:</p>"
        "<p>一、主要举措和成效</p></body></html>"
    )
    info = meta(page, path="page.html")
    assert (info.issuer, info.level) == ("青岫市生态环境局", "department")


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("中共鹿鸣县委全面依法治县委员会办公室", "department"),
        ("中共鹿鸣县委", "county"),
        ("市委政法委", "department"),
    ],
)
def test_a_party_committee_office_is_a_department_the_committee_is_not(name: str, level: str) -> None:
    assert level_of(name, [], "") == level


def test_news_story_told_by_a_reporter_is_refused() -> None:
    info = meta("青禾市法治政府建设成效显著\n近日,记者从市司法局获悉,2023年青禾市法治政府建设取得新进展。\n")
    assert info.doc_type == "news"


def test_years_written_in_chinese_numerals() -> None:
    info = meta(
        "江岭省人民政府二〇二三年度法治政府建设情况报告\n二〇二三年,江岭省人民政府坚持依法行政,推进法治政府建设。\n"
    )
    assert (info.issuer, info.report_year) == ("江岭省人民政府", 2023)


def test_department_named_by_its_short_form_after_an_adverbial() -> None:
    info = meta("2022年,在县委县政府的坚强领导下,县市场监管局坚持依法行政,推进法治政府建设。\n")
    assert (info.issuer, info.level) == ("县市场监管局", "department")


def test_own_unit_is_placed_by_the_source_field_of_the_info_bar() -> None:
    info = meta(
        "来源:鹿鸣县人民政府 发布时间:2024-03-01\n2023年,我县坚持依法行政,全面推进法治政府建设各项工作。\n一、主要举措和成效\n"
    )
    assert (info.issuer, info.level, info.report_year) == ("鹿鸣县", "county", 2023)
    assert str(info.published_date) == "2024-03-01"


def test_opening_that_starts_with_its_adverbial_and_a_bare_region() -> None:
    text = (
        "在党中央的领导下,自治区坚持依法行政,推进法治政府建设取得成效。\n"
        "一、主要举措和成效\n(一)宁夏回族自治区各级政府深入推进依法行政。\n"
    )
    info = meta(text)
    assert (info.issuer, info.level) == ("宁夏回族自治区", "province")


def test_a_mirror_sites_lead_in_does_not_hide_the_opening() -> None:
    text = (
        "《青禾市人民政府2022年度法治政府建设情况》是2023年青禾市人民政府发布的文件。\n"
        "2022年,青禾市坚持依法行政,法治政府建设取得明显成效。\n"
        "一、依法全面履行政府职能\n"
    )
    info = meta(text)
    assert info.report_year == 2022 and info.evidence["report_year"].source == "first_sentence"


def test_a_fragment_without_its_opening_is_still_processed() -> None:
    text = "一、依法全面履行政府职能\n(一)深化行政审批制度改革。全年取消审批事项12项,下放8项。\n(二)优化营商环境。\n"
    report = process(read_bytes(text.encode()), RulesBackend())
    assert report.status == "partial" and report.document.doc_type == "rol_annual_report"


def test_a_report_reposted_under_a_news_byline_is_still_a_report() -> None:
    text = (
        "青禾市2023年度法治政府建设情况报告\n来源:青禾日报 记者 周远\n"
        "2023年,青禾市坚持依法行政,全面推进法治政府建设。现将有关情况报告如下:\n一、主要举措和成效\n"
    )
    assert meta(text).doc_type == "rol_annual_report"


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        (
            "本报告根据《中华人民共和国政府信息公开条例》要求编制。全年主动公开政府信息3200条,"
            "受理政府信息公开申请41件。法治政府建设稳步推进。\n",
            "gis_annual_report",
        ),
        (
            "各县(市、区)人民政府:\n现将《青禾市2024年法治政府建设工作要点》印发给你们,请认真贯彻落实。\n",
            "work_plan",
        ),
        # a plan whose title was lost in the site's header: it sets points and assigns each one
        (
            "首页 > 法治政府建设\n为深入推进依法行政,现就2025年法治政府建设工作提出如下要点。\n"
            "一、全面履行政府职能\n1.深化“放管服”改革。牵头单位:县政务服务局。\n",
            "work_plan",
        ),
        (
            "一、健全依法行政制度体系\n3.加强规范性文件备案审查。责任单位:县司法局。完成时限:全年。\n",
            "work_plan",
        ),
        ("一、起草背景\n为推进法治政府建设,制定本办法。\n二、主要内容\n共五章。\n", "interpretation"),
        (
            "各位代表:\n现在,我代表市人民政府向大会报告工作。过去一年,我们坚持依法行政。\n",
            "government_work_report",
        ),
        ("青禾日报讯 近日,青禾市公布了2023年度法治政府建设情况,全市法治政府建设取得新进展。\n", "news"),
        ("鹿鸣县司法局局长2023年度述职报告\n本人认真履行法治建设第一责任人职责。\n", "personal_report"),
        # an official's 述法 speech at a meeting, its title lost or named so
        (
            "在2023年度述法会议上的述法发言\n鹿鸣县县长\n各位领导、同志们:\n"
            "现将我一年来履行推进法治建设第一责任人职责情况述法如下。\n一、带头学法\n全年学法6次。\n",
            "personal_report",
        ),
        (
            "各位领导、同志们:\n现将我一年来履行推进法治建设第一责任人职责情况述法如下。\n一、带头学法\n全年学法6次。\n",
            "personal_report",
        ),
        # a leader's speech at a meeting, its title lost: its address and its "I shall make three points"
        (
            "同志们:\n今天召开全县法治政府建设工作会议。下面,我讲三点意见。\n"
            "一、肯定成绩\n全年办理行政复议案件73件。\n二、正视不足\n个别部门依法决策意识不强。\n",
            "other",
        ),
        # … but a report that speaks as one, quoting a speech's words, stays a report
        (
            "鹿鸣县2023年度法治政府建设情况报告\n现将有关情况报告如下:\n一、主要举措\n县长在会上对同志们说:"
            "下面,我讲三点意见。全年办理行政复议案件73件。\n",
            "rol_annual_report",
        ),
        # a school's (hospital's, company's) own 依法治校 summary is no government's report
        (
            "青禾市第二实验中学2023年度依法行政工作总结\n2023年,我校坚持依法治校,现将有关情况总结如下。\n"
            "一、主要工作及成效\n修订学校章程1部。\n",
            "other",
        ),
    ],
)
def test_genres_known_from_their_opening_words(text: str, doc_type: str) -> None:
    assert meta(text).doc_type == doc_type


def test_title_from_the_html_title_points_into_the_file() -> None:
    page = (
        "<html><head><title>鹿鸣县2023年度法治政府建设情况报告_鹿鸣县人民政府网</title></head><body>"
        "<p>2023年,鹿鸣县全面推进法治政府建设,法治政府建设成效明显。</p></body></html>"
    )
    evidence = meta(page, path="page.html").evidence["title"]
    assert evidence.source == "html_title"
    assert page[evidence.start : evidence.end].startswith(evidence.text)
