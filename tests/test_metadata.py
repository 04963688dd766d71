"""Document facts: data-driven over the fixtures and seeds (expected.json), plus unit tests of the traps.

Report text in the unit tests is invented (鹿鸣县, 青禾市, 望川镇 … are not real places).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, seed_path

from summarizer.metadata import (
    clean_title,
    content_lines,
    extract_metadata,
    level_of,
    parse_date,
    region_level,
    removed_meta_fields,
    report_lines,
    year_mentions,
)
from summarizer.pipeline import RulesBackend, process
from summarizer.reader import read_bytes, read_path

EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
CASES = sorted(name for name, facts in EXPECTED.items() if not name.startswith("_") and "error" not in facts)
FIELDS = [
    "title",
    "issuer",
    "level",
    "report_year",
    "signed_date",
    "published_date",
    "recipients",
    "doc_type",
]


def case_path(name: str) -> Path:
    for base in (FIXTURES, EXAMPLES):
        if (base / name).is_file():
            return base / name
    return seed_path(name)


@pytest.mark.parametrize("name", CASES)
def test_expected_document_facts(name):
    info = extract_metadata(read_path(case_path(name))).model_dump(mode="json")
    expected = EXPECTED[name]
    assert {field: info[field] for field in FIELDS} == {field: expected[field] for field in FIELDS}


@pytest.mark.parametrize("name", CASES)
def test_issuer_names_are_the_issuer_parts(name):
    info = extract_metadata(read_path(case_path(name)))
    assert " ".join(info.issuer_names) == info.issuer
    assert info.doc_type_reasons


def meta(text: str, path: str = "-"):
    return extract_metadata(read_bytes(text.encode(), path=path))


REPORT = """中共鹿鸣县委 鹿鸣县人民政府关于鹿鸣县2023年度法治政府建设情况的报告

中共青禾市委、青禾市人民政府:

2023年,鹿鸣县坚持以习近平法治思想为指导,全面推进法治政府建设。现将有关情况报告如下。

一、工作开展情况

(一)强化组织领导。全年研究法治工作4次。

二、存在的问题

一是认识有待提升。

三、下步工作打算

(一)持续压实责任。

特此报告。

中共鹿鸣县委      鹿鸣县人民政府

{signed}
"""


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二〇二四年二月二十九日", date(2024, 2, 29)),
        ("二○二三年十二月三十一日", date(2023, 12, 31)),
        ("二〇二四年十月十日", date(2024, 10, 10)),
        ("二〇二四年三月一日", date(2024, 3, 1)),
        ("2024年2月29日", date(2024, 2, 29)),
        ("2024-03-05 09:12", date(2024, 3, 5)),
        ("2024/3/8", date(2024, 3, 8)),
        ("2023年2月30日", None),
        ("十四五", None),
        # typeset with spaces between the parts
        ("2024 年 2 月 28 日", date(2024, 2, 28)),
        ("二〇二四年 二月 二十六日", date(2024, 2, 26)),
        ("二〇二四 年 十二 月 一 日", date(2024, 12, 1)),
        ("2024 年 2 月", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "signed",
    [
        "2024年2月29日（此件公开发布）",
        "2024年2月29日\n（此件公开发布）",
        "2024年2月29日(此件主动公开)",
        "2024年2月29日（星期四）",
        "2024年2月29日 星期四",
        # a 公文's 版记: whom it is copied to, who printed it when
        "2024年2月29日\n\n抄送：市委办公室，市人大常委会办公室。\n鹿鸣县人民政府办公室      2024年2月29日印发",
    ],
)
@pytest.mark.parametrize("closing", ["特此报告。\n\n", ""])
def test_a_note_or_the_lines_under_the_signing_date_keep_the_signature(signed: str, closing: str) -> None:
    text = REPORT.replace("特此报告。\n\n", closing).format(signed=signed)
    assert meta(text).signed_date == date(2024, 2, 29)
    report = process(read_bytes(text.encode("utf-8"), path="x.txt"), RulesBackend())
    assert not any(word in item.text for item in report.plans.items for word in ("此件", "2024年", "抄送"))


@pytest.mark.parametrize(
    "trailer",
    [
        "抄送:县委办公室,县人大常委会办公室。",
        "鹿鸣县人民政府办公室      2024年2月29日印发",
        "抄送:县委办公室。\n\n鹿鸣县人民政府办公室 2024年2月29日印发\n(共印20份)",
    ],
)
def test_the_lines_under_a_report_without_a_signature_are_no_plan(trailer: str) -> None:
    """A copy without its signature (a web page's, an article's) may keep the 公文's 版记 under it."""
    plans = "(一)持续压实责任。\n\n(二)加强队伍建设。"
    text = REPORT.replace("(一)持续压实责任。", plans)
    text = text.replace("特此报告。\n\n中共鹿鸣县委      鹿鸣县人民政府\n\n{signed}", trailer)
    report = process(read_bytes(text.encode("utf-8"), path="x.txt"), RulesBackend())
    assert [item.text for item in report.plans.items] == plans.split("\n\n")
    assert report.document.signed_date is None


def test_chinese_numeral_signing_date_and_fallback_report_year():
    info = meta(REPORT.format(signed="二〇二四年二月二十九日"))
    assert info.signed_date == date(2024, 2, 29)
    assert info.report_year == 2023
    no_years = REPORT.replace("2023年度", "年度").replace("2023年,", "今年以来,")
    assert meta(no_years.format(signed="2024年2月29日")).report_year == 2023  # 2024年2月 signing → 2023


@pytest.mark.parametrize(
    "signed", ["2024年2月", "二〇二四年二月", "鹿鸣县人民政府 2024年2月", "2024 年 2 月", "二〇二四年 二月"]
)
def test_a_signature_dated_to_the_month_tells_the_year_and_is_no_plan(signed: str) -> None:
    """A signature that names the month only (2024年2月) has no signing date, but it is a signature: the
    year reported on when nothing else names it, and no item of the plans above it."""
    no_years = REPORT.replace("2023年度", "年度").replace("2023年,", "今年以来,")
    text = no_years.format(signed=signed)
    info = meta(text)
    assert (info.signed_date, info.report_year) == (None, 2023)
    assert "signed_date" not in info.evidence
    report = process(read_bytes(text.encode("utf-8"), path="x.txt"), RulesBackend())
    words = ("2024", "二〇", "人民政府")
    assert not any(word in item.text for item in report.plans.items for word in words)


def test_a_year_that_starts_a_span_is_not_the_year_reported_on():
    text = (
        "鹿鸣县人民政府关于法治政府建设情况的报告\n\n"
        "2019年以来特别是“十四五”以来,全县法治政府建设不断深化。2024年,全县扎实推进依法行政。"
        "现将有关情况报告如下:\n一、主要举措和成效\n全年学法4次。\n四、2025年工作安排\n加强培训。\n"
    )
    assert meta(text).report_year == 2024


def test_a_half_years_report_and_a_signature_typeset_with_spaces():
    half = REPORT.format(signed="2024年7月5日").replace(
        "2023年度法治政府建设情况的报告", "2024年1—6月法治政府建设工作情况报告"
    )
    assert meta(half).doc_type != "rol_annual_report"
    spaced = meta(REPORT.format(signed="2024 年 2 月 28 日"))
    assert spaced.signed_date == date(2024, 2, 28)
    leagues = REPORT.format(signed="2024年2月28日").replace(
        "中共青禾市委、青禾市人民政府:", "中共乌兰哈达盟委员会、乌兰哈达盟行政公署:"
    )
    assert meta(leagues).recipients == ["中共乌兰哈达盟委员会", "乌兰哈达盟行政公署"]


def test_an_addressee_that_leaves_its_place_to_the_one_before_takes_it():
    text = REPORT.format(signed="2024年2月29日").replace(
        "中共青禾市委、青禾市人民政府:", "青禾市委、市人民政府:"
    )
    assert meta(text).recipients == ["青禾市委", "青禾市人民政府"]


def test_joint_issuer_recipients_and_level():
    info = meta(REPORT.format(signed="2024年2月29日"))
    assert info.issuer_names == ["中共鹿鸣县委", "鹿鸣县人民政府"]
    assert info.recipients == ["中共青禾市委", "青禾市人民政府"]
    assert info.level == "county"
    assert info.title_source == "body"
    assert info.doc_type == "rol_annual_report"


@pytest.mark.parametrize("trailer", ["", "\n（此件公开发布）"])
def test_a_date_alone_under_the_signature_is_the_signing_date_not_a_byline(trailer: str) -> None:
    """A signature dated 2024-02-29 (as a byline writes a date) is the report's date; a byline's date
    under the title, with the report's sentences below it, is the page's."""
    info = meta(REPORT.format(signed="2024-02-29" + trailer))
    assert (info.signed_date, info.published_date) == (date(2024, 2, 29), None)
    head, _, rest = REPORT.format(signed="2024年2月28日").partition("\n")
    byline = meta(f"{head}\n2024-03-05\n{rest}")
    assert (byline.signed_date, byline.published_date) == (date(2024, 2, 28), date(2024, 3, 5))


def test_banner_date_is_never_a_publication_date():
    text = "今天是:2031年5月1日 星期四\n" + REPORT.format(signed="2024年2月29日")
    info = meta(text)
    assert info.published_date is None
    assert info.report_year == 2023
    dated = "今天是:2031年5月1日 星期四\n发布时间:2024-03-02 09:00 来源:鹿鸣县司法局\n" + REPORT.format(
        signed=""
    )
    assert meta(dated).published_date == date(2024, 3, 2)


def test_page_metadata_block_fields():
    text = (
        "索引号 | 000000/2024-00001 | 主题分类 | 综合政务 |\n"
        "发布机构:\n鹿鸣县人民政府\n"
        "- 成 文 日 期:2024-02-27\n- 发布日期:2024-03-05\n\n"
        "2023年,我县全面推进法治政府建设,法治政府建设取得成效。现将有关情况报告如下。\n一、存在的问题\n一是认识不足。\n"
    )
    doc = read_bytes(text.encode())
    fields = removed_meta_fields(doc)
    assert fields.publisher == "鹿鸣县人民政府"
    assert (fields.written_date, fields.published_date) == (date(2024, 2, 27), date(2024, 3, 5))
    info = extract_metadata(doc)
    assert info.signed_date == date(2024, 2, 27)  # no signature block: 成文日期
    assert info.published_date == date(2024, 3, 5)
    assert (info.issuer, info.level) == ("鹿鸣县人民政府", "county")


def test_year_mentions_skip_ranges_dates_and_book_titles():
    text = "2023年,根据《法治政府建设实施纲要(2021—2025年)》和《2022年工作要点》,2024年2月召开会议,2023年度"
    assert year_mentions(text) == [2023, 2023]
    assert year_mentions("2021年—2025年规划") == []


def test_report_year_is_the_title_and_preamble_majority_not_one_heading():
    text = REPORT.format(signed="2024年2月29日").replace("三、下步工作打算", "三、2023年工作安排")
    assert meta(text).report_year == 2023
    next_year = (
        "2023年,鹿鸣县全面推进法治政府建设,2024年将继续努力。特此报告如下。\n一、工作开展情况\n一是。\n"
    )
    assert meta(next_year).report_year == 2023


# --------------------------------------------------------------------------- levels


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("广安市司法局", "department"),
        ("青禾市司法局", "department"),
        ("鹿鸣县教育局", "department"),
        ("青禾市人民政府办公室", "department"),
        ("青禾市卫生健康委员会", "department"),
        ("中共青禾市委", "city"),
        ("青禾市人民政府", "city"),
        ("青禾市澄湖区", "county"),
        ("澄湖区人民政府", "county"),
        ("鹿鸣县", "county"),
        ("望川镇人民政府", "township"),
        ("柳溪街道办事处", "township"),
        ("青禾乡", "township"),
        ("江岭省人民政府", "province"),
        ("北京市人民政府", "province"),
        ("广西壮族自治区人民政府", "province"),
        ("青禾藏族自治州人民政府", "city"),
        ("司法部", "central_department"),
        ("国家市场监督管理总局", "central_department"),
        ("鹿鸣县人民法院", "other"),
    ],
)
def test_level_of(name, level):
    assert level_of(name, [], "") == level


@pytest.mark.parametrize(
    ("issuer", "level"),
    [
        # a ministry by its full name as well as its short one
        ("人力资源和社会保障部", "central_department"),
        ("住房和城乡建设部", "central_department"),
        ("中华人民共和国住房和城乡建设部", "central_department"),
        # national bodies named 中国…, and the central bank
        ("中国人民银行", "central_department"),
        ("中国证券监督管理委员会", "central_department"),
        ("中国气象局", "central_department"),
        # …but not a local branch of one, a zone, nor the party's committee of a place
        ("中国气象局江岭省气象局", "department"),
        ("中国青岚自由贸易试验区管理委员会", "other"),
        ("中国共产党鹿鸣县委员会", "county"),
    ],
)
def test_a_central_body_by_any_of_its_names(issuer, level):
    body = "\n\n2023年,我部认真履行职责,全面推进法治政府建设。\n一、主要举措和成效\n全年起草规章5件。\n"
    info = meta(f"{issuer}2023年法治政府建设年度报告{body}")
    assert (info.issuer, info.level) == (issuer, level)


@pytest.mark.parametrize(
    "issuer",
    [
        "青禾市公安局交通警察支队",
        "鹿鸣县综合行政执法大队",
        "鹿鸣县望川镇司法所",
        "江岭省生态环境保护综合行政执法总队",
    ],
)
def test_an_enforcement_unit_or_a_justice_office_is_a_department(issuer):
    """总队/支队/大队 and 司法所 report as departments do (they were no body at all: no issuer)."""
    info = meta(f"{issuer}2023年度法治政府建设工作报告\n一、主要举措和成效\n全年集体学法12次。\n")
    assert (info.issuer, info.level) == (issuer, "department")


def test_county_level_city_is_a_county():
    report = REPORT.replace("鹿鸣县", "白露市").replace("全面推进", "全面推进").format(signed="2024年2月29日")
    info = meta(report)  # reports up to 青禾市: 白露市 is a 县级市
    assert info.issuer_names == ["中共白露市委", "白露市人民政府"]
    assert info.level == "county"
    assert level_of("白露市人民政府", [], "白露市是省辖县级市") == "county"
    assert level_of("白露市人民政府", ["中共江岭省委", "江岭省人民政府"], "") == "city"


def test_region_level_uses_the_last_unit():
    assert region_level("市中区") == "county"
    assert region_level("新市镇") == "township"
    assert region_level("青禾地区") == "city"


# --------------------------------------------------------------------------- issuer without a title


def test_preamble_subject_department_in_source_script():
    info = meta(
        "2023年,青禾市司法局在市委市政府的坚强领导下,全面推进法治政府建设。\n一、存在的问题\n一是不足。\n"
    )
    assert (info.issuer, info.level, info.title) == ("青禾市司法局", "department", None)
    info = meta("2024年,澄湖區堅持以習近平法治思想為指導,推進法治政府建設。\n一、存在的問題\n一是不足。\n")
    assert (info.issuer, info.level, info.report_year) == ("澄湖區", "county", 2024)


def test_own_township_named_elsewhere_in_the_text():
    text = (
        "2023年,我镇法治政府建设稳步推进,法治政府建设取得成效。现将2023年工作开展情况总结如下:\n"
        "一、工作开展情况\n(一)制定《望川镇2023年法治政府建设工作计划》。\n"
        "(二)修订《望川镇应急预案》,全镇干部参加培训。\n二、存在的问题\n一是不足。\n下一步,我们将继续努力。\n"
    )
    info = meta(text)
    assert (info.issuer, info.level, info.title, info.doc_type) == (
        "望川镇",
        "township",
        None,
        "rol_annual_report",
    )


def test_title_broken_over_two_lines_and_issuer_on_the_line_above():
    text = (
        "中共鹿鸣县委 鹿鸣县人民政府\n关于2023年度法治政府建设\n情况的报告\n\n"
        "2023年,鹿鸣县全面推进法治政府建设。\n一、存在的问题\n一是不足。\n"
    )
    info = meta(text)
    assert info.title == "关于2023年度法治政府建设情况的报告"
    assert info.issuer_names == ["中共鹿鸣县委", "鹿鸣县人民政府"]


@pytest.mark.parametrize(
    ("head", "rest", "issuer"),
    [
        ("鹿鸣市自然资源和", "规划局2023年法治政府建设年度报告", "鹿鸣市自然资源和规划局"),
        ("鹿鸣县人民", "政府关于2023年度法治政府建设情况的报告", "鹿鸣县人民政府"),
    ],
)
def test_a_title_broken_in_the_middle_of_its_issuer(head: str, rest: str, issuer: str):
    text = f"{head}\n{rest}\n\n2023年,我们全面推进法治政府建设。\n一、存在的问题\n一是不足。\n"
    info = meta(text)
    assert (info.title, info.issuer) == (head + rest, issuer)
    evidence = info.evidence["issuer"]
    assert text[evidence.start : evidence.end].replace("\n", "") == issuer


@pytest.mark.parametrize(
    ("lines", "issuer"),
    [
        (["鹿鸣区南湖街道办事处关于", "2023年度法治政府建设", "情况的报告"], "鹿鸣区南湖街道办事处"),
        (["鹿鸣市生态", "环境局关于2023年度法治政府", "建设情况的报告"], "鹿鸣市生态环境局"),
    ],
)
def test_a_title_over_three_lines(lines: list[str], issuer: str):
    info = meta("\n".join(lines) + "\n\n2023年,我们全面推进法治政府建设。\n一、存在的问题\n一是不足。\n")
    assert (info.title, info.issuer) == ("".join(lines), issuer)


@pytest.mark.parametrize(
    ("above", "title", "issuer"),
    [
        # a site's name, the issuer's own name or a superior's over a title that names its own place
        ("鹿鸣县人民政府门户网站", "鹿鸣县2023年度法治政府建设情况报告", "鹿鸣县"),
        ("鹿鸣县人民政府", "鹿鸣县2023年度法治政府建设情况报告", "鹿鸣县"),
        ("青禾市人民政府", "望川镇2023年度法治政府建设情况报告", "望川镇"),
        (
            "阿木旗人民政府门户网站 2025年1月2日 星期四",
            "阿木旗交通运输局2023年法治政府建设年度报告",
            "阿木旗交通运输局",
        ),
    ],
)
def test_a_line_over_a_title_naming_its_place_is_no_part_of_the_name(above: str, title: str, issuer: str):
    info = meta(f"{above}\n{title}\n\n2023年,我们全面推进法治政府建设。\n一、存在的问题\n一是不足。\n")
    assert (info.title, info.issuer) == (title, issuer)


@pytest.mark.parametrize(
    ("headline", "lead"),
    [
        ("鹿鸣县公布2023年度法治政府建设年度报告", "近日,鹿鸣县人民政府在门户网站公布了年度报告,全文如下:"),
        ("鹿鸣县2023年度法治政府建设情况报告出炉", "来源:鹿鸣日报"),
    ],
)
def test_a_news_items_headline_gives_way_to_the_reports_own_title(headline: str, lead: str):
    text = (
        f"{headline}\n{lead}\n鹿鸣县人民政府关于2023年度法治政府建设情况的报告\n青禾市人民政府:\n"
        "2023年,鹿鸣县全面推进法治政府建设。\n一、存在的问题\n一是不足。\n"
    )
    info = meta(text)
    assert info.title == "鹿鸣县人民政府关于2023年度法治政府建设情况的报告"
    assert (info.issuer, info.level, info.report_year) == ("鹿鸣县人民政府", "county", 2023)


@pytest.mark.parametrize(
    "header",
    [
        "鹿鸣区司法局　>　法治政府建设　>　部门报告",  # a breadcrumb that starts at the site, not at 首页
        "",
    ],
)
def test_a_scraped_title_line_loses_the_sites_name_and_breadcrumb(header: str):
    title = "鹿鸣区综合行政执法局2023年法治政府建设年度报告"
    text = f"{header}\n{title}_鹿鸣区人民政府网\n\n2023年,我局全面推进法治政府建设。\n一、存在的问题\n一是不足。\n"
    info = meta(text)
    assert (info.title, info.issuer) == (title, "鹿鸣区综合行政执法局")


@pytest.mark.parametrize(
    ("title", "page"),
    [
        ("鹿鸣区人民政府关于2023年法治政府建设情况的报告", True),  # a page <title>: 报告-鹿鸣区人民政府网
        ("鹿鸣区综合行政执法局2023年法治政府建设年度报告", False),  # a scraped title line
    ],
)
def test_a_site_name_after_a_bare_hyphen_is_no_part_of_the_title(title: str, page: bool):
    assert clean_title(f"{title}-鹿鸣区人民政府网", page=page) == title


def test_a_year_range_is_no_site_separator():
    title = "鹿鸣区人民政府关于法治政府建设实施纲要(2021-2025年)落实情况的报告"
    assert clean_title(title, page=True) == title


def test_a_party_committee_signed_over_the_government_is_a_joint_issuer():
    text = (
        "关于2023年度法治政府建设情况的报告\n\n2023年,全县深入推进法治政府建设。\n一、存在的问题\n一是不足。\n\n"
        "中共鹿鸣县委\n鹿鸣县人民政府\n2024年3月1日\n"
    )
    info = meta(text)
    assert (info.issuer_names, info.level) == (["中共鹿鸣县委", "鹿鸣县人民政府"], "county")
    evidence = info.evidence["issuer"]
    assert text[evidence.start : evidence.end] == "中共鹿鸣县委\n鹿鸣县人民政府"


def test_a_news_headline_alone_is_still_the_title():
    info = meta(
        "鹿鸣县公布2023年度法治政府建设情况报告\n2023年,鹿鸣县全面推进法治政府建设。\n一、存在的问题\n一是不足。\n"
    )
    assert info.title == "鹿鸣县公布2023年度法治政府建设情况报告"


@pytest.mark.parametrize(
    ("title", "issuer", "level"),
    [
        ("2023年鹿鸣县法治政府建设情况报告", "鹿鸣县", "county"),
        ("2023 年度 鹿鸣县人民政府法治政府建设工作总结", "鹿鸣县人民政府", "county"),
        ("二〇二三年鹿鸣县司法局关于法治政府建设情况的报告", "鹿鸣县司法局", "department"),
        ("2023年鹿鸣县司法局推进法治政府建设工作情况报告", "鹿鸣县司法局", "department"),
        ("鹿鸣县司法局深入推进依法行政2023年度工作报告", "鹿鸣县司法局", "department"),
        ("【鹿鸣县】2023年度法治政府建设情况报告", "鹿鸣县", "county"),
    ],
)
def test_issuer_after_an_opening_year_or_before_a_lead_verb(title, issuer, level):
    body = "\n\n2023年,我局认真履行职责,全面推进法治政府建设。现将有关情况报告如下:\n一、主要成效\n全年学法4次。\n"
    info = meta(title + body)
    assert (info.issuer, info.level, info.report_year) == (issuer, level, 2023)


@pytest.mark.parametrize(
    ("title", "signed", "issuer"),
    [
        ("区司法局2023年度法治政府建设情况报告", "鹿鸣市东城区司法局", "鹿鸣市东城区司法局"),
        ("市卫生健康委员会2023年度法治政府建设情况报告", "鹿鸣市卫生健康委员会", "鹿鸣市卫生健康委员会"),
        ("我局2023年度法治政府建设情况报告", "鹿鸣市东城区司法局", "鹿鸣市东城区司法局"),
        # another body's signature completes nothing
        ("区司法局2023年度法治政府建设情况报告", "鹿鸣市东城区人民政府", "区司法局"),
    ],
)
def test_a_title_naming_its_unit_without_the_place_takes_the_signatures_name(title, signed, issuer):
    body = "\n一、主要成效\n全年学法4次。\n二、存在的不足\n力量薄弱。\n"
    info = meta(f"{title}{body}{signed}\n2024年2月10日\n")
    assert (info.issuer, info.level) == (issuer, "department")


def test_page_title_is_used_when_the_body_has_none():
    page = (
        "<html><head><title>鹿鸣县2023年度法治政府建设情况报告_鹿鸣县人民政府网</title></head><body>"
        "<p>2023年,鹿鸣县全面推进法治政府建设,法治政府建设成效明显。</p><p>一、存在的问题</p></body></html>"
    )
    info = meta(page, path="page.html")
    assert (info.title, info.title_source) == ("鹿鸣县2023年度法治政府建设情况报告", "meta")
    assert info.issuer == "鹿鸣县"


# --------------------------------------------------------------------------- document type


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        ("鹿鸣县2023年法治政府建设工作要点\n一、总体要求\n", "work_plan"),
        ("一图读懂:鹿鸣县2023年度法治政府建设情况报告解读\n一、背景\n", "interpretation"),
        ("鹿鸣县2023年上半年法治政府建设工作情况报告\n一、工作开展情况\n", "other"),
        ("鹿鸣县2024年一季度法治政府建设工作情况报告\n一、工作开展情况\n", "other"),
        ("鹿鸣县司法局2023年前三季度法治政府建设工作情况\n一、工作开展情况\n", "other"),
        ("鹿鸣县2023年第4季度法治政府建设工作总结\n一、工作开展情况\n", "other"),
        ("Annual report on law-based government, 2023.\nSection one.\n", "other"),
        ("鹿鸣县召开全县经济工作会议\n会议强调要抓好经济运行。\n", "other"),
        (
            "2023年政务公开情况\n一、总体情况\n全年公开信息。\n二、主动公开政府信息情况\n见表。\n"
            "三、收到和处理政府信息公开申请情况\n见表。\n",
            "gis_annual_report",
        ),
    ],
)
def test_doc_type(text, doc_type):
    info = meta(text)
    assert info.doc_type == doc_type
    assert info.doc_type_reasons


META_TABLE_PAGE = """<html><head><title>鹿鸣县司法局</title><meta name="PubDate" content="2024-03-06 10:00"></head><body>
<table><tr><td>索引号:</td><td>0000/2024-01</td><td>主题分类:</td><td>综合</td></tr>
<tr><td>发布机构:</td><td>鹿鸣县司法局</td><td>成文日期:</td><td>2024-02-20</td></tr>
<tr><td>标题:</td><td colspan=3>鹿鸣县司法局2023年法治政府建设年度报告</td></tr></table>
<p>2023年,县司法局坚持以习近平法治思想为指导,全面推进法治政府建设各项工作。</p>
<p>一、主要举措和成效</p><p>(一)加强领导。</p><p>二、存在的问题</p><p>一是不足。</p></body></html>"""


def test_html_metadata_table_completes_issuer_title_and_dates():
    info = meta(META_TABLE_PAGE, path="page.html")
    assert (info.title, info.title_source) == ("鹿鸣县司法局2023年法治政府建设年度报告", "meta")
    assert (info.issuer, info.level, info.report_year) == ("鹿鸣县司法局", "department", 2023)
    assert info.signed_date == date(2024, 2, 20)  # 成文日期, no signature block
    assert info.published_date == date(2024, 3, 6)  # <meta name="PubDate">
    assert info.doc_type == "rol_annual_report"


def test_repeated_title_is_not_the_preamble():
    title = "青禾市2023年法治政府建设年度报告"
    text = f"{title}\n{title}\n2023年,青禾市全面推进法治政府建设。\n一、存在的问题\n一是不足。\n"
    info = meta(text)
    assert (info.title, info.issuer, info.level, info.report_year) == (title, "青禾市", "city", 2023)


# --------------------------------------------------------------------------- lost line breaks

FLAT_FIELDS = ["title", "issuer", "level", "report_year", "recipients", "signed_date", "doc_type"]


def flattened(name: str, variant: str):
    """The report with every line break removed: of the file as served (page furniture included), or
    of the cleaned text (furniture already gone). An HTML page is flattened after reading."""
    doc = read_path(case_path(name))
    if variant == "raw" and doc.format == "text":
        return read_bytes(doc.original.replace("\r", "").replace("\n", "").encode(), path=name)
    return read_bytes(doc.text.replace("\n", "").encode(), path=f"{name}.flat.txt")


@pytest.mark.parametrize("variant", ["raw", "cleaned"])
@pytest.mark.parametrize("name", CASES)
def test_flattened_reports_keep_their_document_facts(name, variant):
    doc = flattened(name, variant)
    assert doc.text.count("\n") == 0
    info = extract_metadata(doc).model_dump(mode="json")
    expected = EXPECTED[name]
    assert {field: info[field] for field in FLAT_FIELDS} == {field: expected[field] for field in FLAT_FIELDS}


@pytest.mark.parametrize("name", [name for name in CASES if EXPECTED[name]["format"] == "text"])
def test_flattened_page_furniture_still_gives_the_publication_date(name):
    info = extract_metadata(flattened(name, "raw"))
    assert info.published_date == parse_date(EXPECTED[name]["published_date"] or "")


def flat_report(**replacements: str) -> str:
    text = REPORT.format(signed="2024年2月29日")
    for old, new in replacements.items():
        text = text.replace(old, new, 1)
    return text.replace("\n", "")


def test_flattened_head_furniture_is_set_apart_and_read_for_page_fields():
    text = "Loading……首页 > 政务公开 > 法治政府建设" + flat_report(
        的报告="的报告【字号 大 中 小】来源:鹿鸣县司法局 发布时间:2024-03-02【关闭"
    )
    info = meta(text + "【打印本页】【关闭窗口】")
    assert info.title == "中共鹿鸣县委 鹿鸣县人民政府关于鹿鸣县2023年度法治政府建设情况的报告"
    assert info.issuer_names == ["中共鹿鸣县委", "鹿鸣县人民政府"]
    assert info.recipients == ["中共青禾市委", "青禾市人民政府"]
    assert (info.signed_date, info.published_date) == (date(2024, 2, 29), date(2024, 3, 2))
    assert (info.level, info.report_year, info.doc_type) == ("county", 2023, "rol_annual_report")


def test_flattened_report_without_title_or_closing_words():
    text = flat_report(**{"特此报告。": "", "中共鹿鸣县委      鹿鸣县人民政府": "鹿鸣县人民政府"})
    info = meta(text[text.index("中共青禾市委") :])  # opens with its addressees
    assert (info.title, info.recipients) == (None, ["中共青禾市委", "青禾市人民政府"])
    assert (info.issuer, info.level, info.signed_date) == ("鹿鸣县人民政府", "county", date(2024, 2, 29))


def test_flattened_title_before_the_preamble_lead_and_spaces_for_breaks():
    text = "青禾市人民政府关于2022年度法治政府建设情况的报告 2022年,青禾市全面推进法治政府建设。一、存在的问题一是不足。"
    info = meta(text)
    assert info.title == "青禾市人民政府关于2022年度法治政府建设情况的报告"
    assert (info.issuer, info.level, info.report_year, info.recipients) == (
        "青禾市人民政府",
        "city",
        2022,
        [],
    )


@pytest.mark.parametrize(
    "first_part",
    [
        "一、主要举措和成效(一)化解矛盾纠纷。",
        "一. 主要举措和成效。",
        " 一、2023年度推进法治政府建设的主要举措",
    ],
)
def test_flattened_title_before_the_first_part_with_no_preamble(first_part: str):
    """No preamble and no addressee: the title ends where the first part's heading starts."""
    text = f"青禾市人民政府关于2022年度法治政府建设情况的报告{first_part}全年收到行政复议申请66件。二、存在的问题一是不足。"
    info = meta(text)
    assert info.title == "青禾市人民政府关于2022年度法治政府建设情况的报告"
    assert (info.issuer, info.level, info.report_year) == ("青禾市人民政府", "city", 2022)


def test_sentences_before_the_lead_are_never_furniture():
    text = "为全面推进法治政府建设," + flat_report()[flat_report().index("2023年,鹿鸣县") :]
    relined = report_lines(read_bytes(text.encode()))
    assert relined.furniture == []
    assert relined.lines[0].text.startswith("为全面推进法治政府建设,2023年,鹿鸣县")
    assert meta(text).report_year == 2023


def test_line_broken_reports_are_not_recut():
    doc = read_bytes(REPORT.format(signed="2024年2月29日").encode())
    relined = report_lines(doc)
    assert (relined.lines, relined.furniture) == (content_lines(doc), [])


@pytest.mark.parametrize(
    "head", ["附件1", "附件1：鹿鸣县2023年行政执法统计表", "附件一 统计表", "附件：", "附件"]
)
def test_an_attachment_after_the_signature_is_not_the_reports_text(head: str) -> None:
    attachment = f"\n\n{head}\n鹿鸣县2023年行政执法统计表\n指标 2022年 2023年\n行政处罚案件(件) 765 812\n"
    text = REPORT.replace("特此报告。\n\n", "").format(signed="2024年2月29日") + attachment
    assert meta(text).signed_date == date(2024, 2, 29)
    report = process(read_bytes(text.encode("utf-8"), path="x.txt"), RulesBackend())
    assert not any(
        word in item.text for item in report.plans.items for word in ("2024年", "附件", "统计表", "765")
    )


def test_an_attachment_under_the_signature_and_its_copy_to_line_is_not_the_reports_text() -> None:
    """A 公文's 抄送 line may stand between the signature's date and the attachments."""
    tail = "\n抄送:县委办公室,县人大常委会办公室。\n附件:1.鹿鸣县2023年行政执法统计年报\n"
    text = REPORT.replace("特此报告。\n\n", "").replace("(一)持续压实责任。", "持续压实责任,开展法治督察。")
    text = text.format(signed="2024年2月29日") + tail
    report = process(read_bytes(text.encode("utf-8"), path="x.txt"), RulesBackend())
    assert [item.text for item in report.plans.items] == ["持续压实责任,开展法治督察。"]
    assert not any(
        word in item.text for item in report.plans.items for word in ("2024年", "抄送", "附件", "年报")
    )


def test_a_flattened_reports_signature_ends_its_last_part() -> None:
    """A copy with every line break lost: the issuer and date on one re-cut line end the plan, and the
    attachments and page footer after them are no plan; the plan with no heading of its own, a 下一步
    paragraph after the shortcomings, is the plan; page widgets before the title are not its words."""
    text = (
        "首页 > 政务公开 字号 大 中 小 打印 关闭 梨溪镇人民政府关于2023年度法治政府建设情况的报告 "
        "县委依法治县办:2023年,梨溪镇深入推进依法行政。现将有关情况报告如下:一、主要工作及成效 "
        "(一)加强组织领导。主持召开党委会专题研究法治工作4次。二、存在的问题 一是干部法治意识有待提升;"
        "二是执法力量薄弱。下一步,我镇将继续加强法治学习,完善法律顾问制度,力争实现村法律顾问全覆盖。"
        "梨溪镇人民政府 2024年1月15日 附件:1.梨溪镇法治政府建设工作台账 2.法律顾问合同 "
        "扫一扫在手机打开当前页 版权所有:东坪县人民政府 ICP备13004567号"
    )
    doc = read_bytes(text.encode("utf-8"), path="x.txt")
    assert meta(text).title == "梨溪镇人民政府关于2023年度法治政府建设情况的报告"
    plans = process(doc, RulesBackend()).plans.items
    assert [item.text for item in plans] == [
        "下一步,我镇将继续加强法治学习,完善法律顾问制度,力争实现村法律顾问全覆盖。"
    ]


@pytest.mark.parametrize(
    ("signed", "issuer"),
    [("桂塘镇人民政府", "桂塘镇人民政府"), ("桂塘镇党委", "桂塘镇"), ("桂塘镇司法所", "桂塘镇")],
)
def test_a_place_in_the_title_takes_its_governments_name_from_the_signature(signed: str, issuer: str) -> None:
    text = (
        "桂塘镇2022年法治政府建设年度报告\n\n2022年,桂塘镇扎实推进依法行政。现将有关情况报告如下:\n"
        f"一、主要工作\n开展学法4次。\n\n{signed}\n2023年1月10日\n"
    )
    assert meta(text).issuer == issuer


def test_a_link_to_another_article_is_never_the_title() -> None:
    """上一篇: names the article before this one (another genre, often): no title, not a refusal."""
    text = (
        "上一篇:青枫县2023年政府信息公开工作年度报告\n下一篇:青枫县召开法治政府建设推进会\n"
        "2023年,县政府坚持以习近平法治思想为指导,全面推进依法行政。现将有关情况报告如下:\n"
        "一、主要举措和成效\n全年审核规范性文件12件。\n"
    )
    info = meta(text)
    assert info.doc_type == "rol_annual_report" and "信息公开" not in (info.title or "")


def test_a_title_shown_only_as_the_last_step_of_the_breadcrumb_is_the_title() -> None:
    text = (
        "首页 > 部门信息公开 > 鹿鸣县司法局 > 鹿鸣县司法局2023年度法治政府建设情况报告\n"
        "发布时间:2024-02-28 浏览次数:429\n\n"
        "2023年,县司法局坚持以习近平法治思想为指导,全面推进依法行政。现将有关情况报告如下:\n"
        "一、主要举措和成效\n全年审核规范性文件12件。\n"
    )
    info = meta(text)
    assert (info.title, info.issuer, info.level) == (
        "鹿鸣县司法局2023年度法治政府建设情况报告",
        "鹿鸣县司法局",
        "department",
    )


@pytest.mark.parametrize("site", ["鹿鸣县人民政府门户网站", "鹿鸣县人民政府网站", "鹿鸣县人民政府"])
def test_a_bare_county_government_is_placed_by_the_site_the_page_is_on(site: str) -> None:
    page = (
        f"<html><head><title>2023年度法治政府建设年度报告_{site}</title></head><body>"
        "<p>2023年,县政府深入推进法治政府建设。现将有关情况报告如下:</p><p>一、主要举措和成效</p>"
        "<p>召开专题会议4次。</p></body></html>"
    )
    info = extract_metadata(read_bytes(page.encode("utf-8"), path="page.html"))
    assert (info.issuer, info.level) == ("鹿鸣县政府", "county")


def test_a_byline_with_its_date_before_its_labels_gives_the_publication_date() -> None:
    """您当前的位置 is the breadcrumb, not the title; a byline writes its date first, then its labels."""
    text = (
        "您当前的位置：首页 > 信息公开 > 法治政府建设年度报告\n2023年度法治政府建设情况报告\n"
        "2024-03-25 16:02  来源：本网  浏览次数：523\n"
        "2023年，我委认真落实法治政府建设各项任务。\n一、主要举措和成效\n全年审核合同58份。\n"
        "枫城市发展和改革委员会\n2024年3月20日\n"
    )
    report = process(read_bytes(text.encode("utf-8")), RulesBackend())
    assert report.document.title == "2023年度法治政府建设情况报告"
    assert (report.document.published_date, report.document.signed_date) == (
        date(2024, 3, 25),
        date(2024, 3, 20),
    )


@pytest.mark.parametrize("counter", ["阅读量：[ 203 ]", "浏览次数：【 523 】", "点击数：[88]"])
def test_a_byline_with_a_bracketed_counter_is_page_furniture(counter: str) -> None:
    """阅读量：[ 203 ]: a counter in brackets still makes the byline a line of page data, whose date is the
    publication's (it was report text, and the date was lost)."""
    text = (
        "柳溪镇2024年度法治政府建设工作报告\n"
        f"来源：柳溪镇人民政府   发布时间：2025-01-16 10:21   {counter}   字号：大 中 小\n"
        "2024年，我镇认真落实法治政府建设各项任务。\n一、主要举措和成效\n全年集中学法6次。\n"
        "柳溪镇人民政府\n2025年1月15日\n"
    )
    doc = read_bytes(text.encode("utf-8"))
    assert "发布时间" not in doc.text and [span.kind for span in doc.removed_noise] == ["meta"]
    assert process(doc, RulesBackend()).document.published_date == date(2025, 1, 16)


@pytest.mark.parametrize(
    ("source", "issuer"),
    [("望川县司法局", "望川县"), ("青禾市东岭区司法局", "青禾市东岭区"), ("青禾市司法局", "我区")],
)
def test_a_bare_own_unit_is_placed_by_a_department_named_as_the_source(source: str, issuer: str) -> None:
    """A report reposted on another unit's site with no title of its own (2023年度法治政府建设情况报告)
    that says 我县: the department in its 来源 field names the place, when it is of that unit."""
    text = (
        f"青禾市人民政府网\n2023年度法治政府建设情况报告\n发布时间：2024-03-15  来源：{source}\n"
        f"2023年，{'我区' if '区' in issuer else '我县'}坚持以习近平法治思想为指导，全面推进法治政府建设。"
        "现将有关情况报告如下：\n一、主要举措和成效\n全年召开专题会议4次。\n"
    )
    assert meta(text).issuer == issuer


@pytest.mark.parametrize(
    ("signature", "names"),
    [
        ("中共鹿鸣县委      鹿鸣县人民政府", ["中共鹿鸣县委", "鹿鸣县人民政府"]),
        ("中共鹿鸣县委\n鹿鸣县人民政府", ["中共鹿鸣县委", "鹿鸣县人民政府"]),
        ("中共青禾市委      青禾市人民政府", ["鹿鸣县"]),  # another place's bodies: not the title's
    ],
)
def test_a_place_alone_in_the_title_is_issued_by_the_bodies_that_sign_for_it(
    signature: str, names: list[str]
) -> None:
    text = REPORT.format(signed="2024年2月29日").replace(
        "中共鹿鸣县委 鹿鸣县人民政府关于鹿鸣县2023年度", "鹿鸣县2023年度"
    )
    text = text.replace("中共鹿鸣县委      鹿鸣县人民政府", signature)
    info = meta(text)
    assert info.title == "鹿鸣县2023年度法治政府建设情况的报告"
    assert (info.issuer_names, info.level) == (names, "county")


@pytest.mark.parametrize("issuers", ["中共鹿鸣县委 鹿鸣县人民政府", "鹿鸣县人民政府"])
def test_the_bodies_over_a_title_that_opens_with_guanyu_issue_it(issuers: str) -> None:
    """A 公文's head: the issuing bodies on one line, 关于鹿鸣县…的报告 on the next. The place after 关于
    is what the report is about, not who issues it (the signature's 中共鹿鸣县委 鹿鸣县人民政府 does not
    complete it)."""
    text = REPORT.format(signed="2024年2月29日").replace(
        "中共鹿鸣县委 鹿鸣县人民政府关于", f"{issuers}\n关于", 1
    )
    info = meta(text)
    assert (info.issuer, info.evidence["issuer"].source) == (issuers, "title")


@pytest.mark.parametrize(
    "credit", ["转载自：鹿鸣县人民政府网", "转自：鹿鸣县人民政府网", "转载来源：鹿鸣日报"]
)
def test_a_reposts_info_bar_naming_where_it_was_copied_from_is_page_furniture(credit: str) -> None:
    text = (
        f"鹿鸣县2023年度法治政府建设情况报告\n发布时间：2024-03-25  来源：鹿鸣县人民政府  {credit}\n"
        + (REPORT.format(signed="").split("\n", 1)[1])
    )
    doc = read_bytes(text.encode(), path="-")
    assert "转" not in doc.text
    assert extract_metadata(doc).published_date == date(2024, 3, 25)


@pytest.mark.parametrize(
    ("bar", "published"),
    [
        ("[ 2024-03-08 ]  分享到：", date(2024, 3, 8)),
        ("2024-03-08 【打印】【关闭】", date(2024, 3, 8)),
        ("2024/3/8  字号：大 中 小", date(2024, 3, 8)),
        ("2024年3月8日 【打印】【关闭】", None),  # a date as a signature writes it: not a byline's
    ],
)
def test_a_bylines_date_beside_the_pages_widgets_is_the_publication_date(bar: str, published) -> None:
    head, _, rest = REPORT.format(signed="2024年2月29日").partition("\n")
    info = meta(f"{head}\n{bar}\n{rest}")
    assert (info.published_date, info.signed_date) == (published, date(2024, 2, 29))


@pytest.mark.parametrize(
    "column", ["2022年度法治政府建设专栏", "法治政府建设年度报告专题", "法治政府建设情况报告栏目"]
)
def test_the_sites_column_over_the_page_is_not_the_title(column: str) -> None:
    text = f"{column}\n" + REPORT.format(signed="2024年2月29日")
    info = meta(text)
    assert info.title == "中共鹿鸣县委 鹿鸣县人民政府关于鹿鸣县2023年度法治政府建设情况的报告"
    assert info.report_year == 2023


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "鹿鸣县人民政府 政务公开 法治政府建设 鹿鸣县2023年度法治政府建设情况报告",
            "鹿鸣县2023年度法治政府建设情况报告",
        ),
        (
            "信息公开 法治政府建设年度报告 鹿鸣县2023年度法治政府建设情况报告",
            "鹿鸣县2023年度法治政府建设情况报告",
        ),
        # the bodies that issue it, and a title broken by a space, stay whole
        ("中共鹿鸣县委 鹿鸣县人民政府关于2023年度法治政府建设情况的报告", None),
        ("鹿鸣县 2023年度法治政府建设情况报告", None),
        ("关于法治政府建设 情况的报告", None),
    ],
)
def test_a_site_header_run_into_the_title_line_is_not_the_title(line: str, title: str | None) -> None:
    text = f"{line}\n\n2023年,鹿鸣县全面推进法治政府建设。现将有关情况报告如下:\n一、主要举措和成效\n全年学法4次。\n"
    info = meta(text)
    assert info.title == (title or line)
    assert text[info.evidence["title"].start : info.evidence["title"].end] == info.title


@pytest.mark.parametrize(
    "opening",
    [
        "按照2022年省委全面依法治省工作会议部署,2023年,县政府全面推进法治政府建设。",
        "根据《鹿鸣县法治政府建设规划(2021—2025年)》和2022年县委部署,2023年,全县持续推进依法行政。",
    ],
)
def test_the_year_that_opens_the_main_clause_is_the_year_reported_on(opening: str) -> None:
    """A title that names no year over an opening whose adverbial cites another year first."""
    text = (
        f"鹿鸣县人民政府关于法治政府建设工作情况的报告\n\n{opening}现将有关情况报告如下:\n"
        "一、主要举措和成效\n全年学法4次。\n"
    )
    assert meta(text).report_year == 2023


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("县人社局", "鹿鸣县人力资源和社会保障局"),
        ("县住建局", "鹿鸣县住房和城乡建设局"),
        ("区市场监管局", "青禾市东岭区市场监督管理局"),
    ],
)
def test_the_texts_short_name_of_a_department_is_completed_by_its_full_name(short: str, full: str) -> None:
    """The opening names the department as the text calls it (县人社局); the 发布机构 field, or the page's
    <title>, names it in full."""
    opening = f"2023年,{short}坚持以习近平法治思想为指导,全面推进法治政府建设。现将有关情况报告如下:\n"
    body = "一、主要举措和成效\n全年学法4次。\n"
    field = meta(f"索引号:11520-2024-00031\n发布机构:{full}\n{opening}{body}")
    assert field.issuer == full
    page = f"<html><head><title>{full}2023年度法治政府建设情况报告_鹿鸣县人民政府网</title></head>"
    html = meta(f"{page}<body><p>{opening}</p><p>{body}</p></body></html>", path="x.html")
    assert html.issuer == full
    other = meta(f"索引号:11520-2024-00031\n发布机构:鹿鸣县司法局\n{opening}{body}")
    assert other.issuer == short  # another department posted it: not its name


@pytest.mark.parametrize(
    ("bar", "year"),
    [
        ("发布时间:2024-03-12 来源:鹿鸣县交通运输局", 2023),
        ("发布时间:2024-09-02 浏览次数:12", 2023),  # published late
        ("发布时间:2024-12-20", 2024),  # published before the year is out
        ("今天是:2024年3月12日 星期二", None),  # a banner's date is the day the page was seen
    ],
)
def test_a_report_that_names_no_year_is_of_the_year_before_it_was_published(bar: str, year) -> None:
    text = (
        f"鹿鸣县交通运输局关于上年度法治政府建设情况的报告\n{bar}\n"
        "过去一年,县交通运输局认真贯彻落实法治政府建设各项部署。现将有关情况报告如下:\n"
        "一、主要举措和成效\n全年学法4次。\n"
    )
    info = meta(text)
    assert info.report_year == year
    if year:
        assert info.evidence["report_year"].source == "page_meta"


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("【全文】鹿鸣县2023年法治政府建设情况报告", "鹿鸣县2023年法治政府建设情况报告"),
        ("[转载] 鹿鸣县2023年法治政府建设情况报告", "鹿鸣县2023年法治政府建设情况报告"),
        ("【鹿鸣县】2023年度法治政府建设情况报告", None),  # the issuer in brackets
    ],
)
def test_a_sites_tag_before_the_title_is_not_the_title(line: str, title: str | None) -> None:
    text = f"{line}\n\n2023年,鹿鸣县全面推进法治政府建设。现将有关情况报告如下:\n一、主要举措和成效\n全年学法4次。\n"
    info = meta(text)
    assert info.title == (title or line)
    assert text[info.evidence["title"].start : info.evidence["title"].end] == info.title
    assert info.issuer == "鹿鸣县"


@pytest.mark.parametrize(
    "banner",
    ["深入学习贯彻习近平法治思想 奋力推进2022年法治政府建设", "法治政府建设进行时", "全面推进法治政府建设！"],
)
def test_a_slogan_over_the_title_is_not_its_first_line(banner: str) -> None:
    info = meta(f"{banner}\n" + REPORT.format(signed="2024年2月29日"))
    assert info.title == "中共鹿鸣县委 鹿鸣县人民政府关于鹿鸣县2023年度法治政府建设情况的报告"
    assert info.report_year == 2023


@pytest.mark.parametrize(
    ("first", "rest"),
    [
        ("鹿鸣县人民政府关于2023年度依法行政和", "法治政府建设情况的报告"),
        ("鹿鸣县2023年度依法行政暨", "法治政府建设工作情况报告"),
    ],
)
def test_a_title_broken_before_its_subject_stays_whole(first: str, rest: str) -> None:
    text = f"{first}\n{rest}\n\n2023年,鹿鸣县全面推进法治政府建设。现将有关情况报告如下:\n一、主要举措和成效\n全年学法4次。\n"
    assert meta(text).title == first + rest


@pytest.mark.parametrize("closing", ["特此报告。\n\n", ""])
def test_a_signature_without_its_date_still_names_the_issuer(closing: str) -> None:
    text = REPORT.format(signed="").replace("中共鹿鸣县委 鹿鸣县人民政府关于鹿鸣县2023年度", "鹿鸣县2023年度")
    text = text.replace("特此报告。\n\n", closing).replace(
        "中共鹿鸣县委      鹿鸣县人民政府", "鹿鸣县人民政府"
    )
    info = meta(text)
    assert (info.issuer, info.evidence["issuer"].source, info.signed_date) == (
        "鹿鸣县人民政府",
        "signature",
        None,
    )
    # the last line of the text is report text: no signature
    assert meta(text.replace("鹿鸣县人民政府\n", "(二)加强队伍建设。\n")).issuer == "鹿鸣县"


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        (  # placed by the 來源 field's department
            "青禾市人民政府網\n2023年度法治政府建設情況報告\n發布時間：2024-03-15  來源：望川縣司法局\n"
            "2023年，我縣堅持以習近平法治思想為指導，全面推進法治政府建設。現將有關情況報告如下：\n"
            "一、主要舉措和成效\n全年召開專題會議4次。\n",
            "望川縣",
        ),
        (  # placed by the township the text names most often
            "2023年度法治政府建設情況報告\n"
            "2023年，我鎮堅持依法行政，全面推進法治政府建設。現將有關情況報告如下：\n"
            "一、主要舉措和成效\n桂塘鎮全年召開專題會議4次，桂塘鎮司法所調解糾紛12件。\n",
            "桂塘鎮",
        ),
    ],
)
def test_a_bare_unit_is_placed_in_the_texts_own_script(text: str, issuer: str) -> None:
    info = meta(text)
    assert (info.issuer, info.issuer_names) == (issuer, [issuer])


@pytest.mark.parametrize(
    "signature",
    ["鹿鸣县人民政府（盖章）", "中共鹿鸣县委（盖章）\n鹿鸣县人民政府（盖章）", "鹿鸣县人民政府 (公章)"],
)
def test_a_signature_naming_where_its_seal_goes_names_the_issuer(signature: str) -> None:
    text = REPORT.format(signed="2024年2月29日").replace(
        "中共鹿鸣县委 鹿鸣县人民政府关于鹿鸣县2023年度", "鹿鸣县2023年度"
    )
    info = meta(text.replace("中共鹿鸣县委      鹿鸣县人民政府", signature))
    names = [line.split("（")[0].split(" (")[0] for line in signature.split("\n")]
    assert (info.issuer_names, info.signed_date) == (names, date(2024, 2, 29))
    assert info.evidence["issuer"].text.endswith("鹿鸣县人民政府")  # (a joint one's runs over both lines)


def test_a_menu_item_run_into_a_flat_pages_title_is_not_the_issuers():
    """A copy that lost its line breaks: the menu's last item runs into the title (…互动交流鹿鸣县2023年…)."""
    body = REPORT.format(signed="2024年2月29日").split("\n", 1)[1]
    body = body.replace("中共鹿鸣县委      鹿鸣县人民政府", "鹿鸣县人民政府")
    text = "鹿鸣县人民政府门户网站首页 | 政务公开 | 互动交流鹿鸣县2023年度法治政府建设情况报告" + body
    info = meta(text.replace("\n", ""))
    assert (info.issuer, info.signed_date, info.report_year) == ("鹿鸣县人民政府", date(2024, 2, 29), 2023)
