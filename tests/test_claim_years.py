"""A claim that names a year must be about that year's figure: the source's 2022年受理…45件 does not
support 2023年…45件 when the source gives 2023年's figure too (the classic slip of a summary that mixes
the report year with the year it compares with)."""

from __future__ import annotations

import pytest

from summarizer.numbers.match import SourceIndex, figure_years, year_said
from summarizer.numbers.mentions import analyse
from summarizer.reader import read_bytes
from summarizer.verify import verify_text


def figure_verdicts(source: str, claim: str, report_year: int = 2023) -> list[str]:
    """The verdicts of the claim's figures (its years aside), checked against ``source``."""
    index = SourceIndex(read_bytes(source.encode("utf-8"), path="x.txt"), report_year=report_year)
    return [c.verdict for c in index.check(claim) if c.kind != "year"]


SOURCE = (
    "梧桐县2023年法治政府建设情况报告\n\n一、主要举措和成效\n"
    "(一)行政复议。2022年受理行政复议案件45件,2023年受理行政复议案件56件,较2022年增加11件。"
    "2019年以来累计培训执法人员1500人次。\n二、存在的不足\n执法队伍专业化水平不高。\n"
)


@pytest.fixture(scope="module")
def index() -> SourceIndex:
    return SourceIndex(read_bytes(SOURCE.encode("utf-8"), path="x.txt"))


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("2023年受理行政复议案件45件", "possible_misattribution"),
        ("2023年,全县受理行政复议案件45件", "possible_misattribution"),  # the year in the sentence's lead
        ("2022年受理行政复议案件56件", "possible_misattribution"),
        ("2022年受理行政复议案件45件", "match"),
        ("2023年受理行政复议案件56件", "match"),
        ("受理行政复议案件56件,较2022年增加11件", "match"),  # a year compared with names no figure
        ("2023年累计培训执法人员1500人次", "match"),  # 2019年以来 starts a span: no year of its own
        ("今年受理行政复议案件56件", "match"),  # no year named
    ],
)
def test_a_claim_is_checked_against_the_figure_of_the_year_it_names(
    index: SourceIndex, claim: str, verdict: str
) -> None:
    checks = [c for c in index.check(claim) if c.kind not in ("year", "date")]
    assert checks[0].verdict == verdict, checks[0].reason
    if verdict == "possible_misattribution":
        assert "for 20" in checks[0].reason and len(checks[0].source) == 2


def test_a_figure_of_a_year_with_no_such_figure_of_the_year_claimed_is_unanchored(index: SourceIndex) -> None:
    # a total since 2019 is no one year's figure, unless the claim says it is a running total too
    (check,) = [c for c in index.check("2021年培训执法人员1500人次") if c.kind == "count"]
    assert check.verdict == "unanchored" and "as a total since 2019年, not for 2021年" in check.reason
    (check,) = [c for c in index.check("截至2023年累计培训执法人员1500人次") if c.kind == "count"]
    assert check.verdict == "match", check.reason
    at = index.doc.text.index("1500人次")  # a model's metric named so: the same two verdicts
    assert index.check_value("1500人次", at, at + 6, name="2023年培训执法人员").verdict == "unanchored"
    assert index.check_value("1500人次", at, at + 6, name="2023年累计培训执法人员").verdict == "match"
    source = SourceIndex(read_bytes("2022年办理法律援助案件88件。".encode(), path="y.txt"))
    (check,) = [c for c in source.check("2023年办理法律援助案件88件") if c.kind == "count"]
    assert check.verdict == "unanchored" and "for 2022年, not for 2023年" in check.reason


def test_which_years_name_the_figures_after_them() -> None:
    text = (
        "2022年受理45件,较2021年增加3件;2019年以来累计120件,2021—2023年共90件。《2023年规划》印发后,办结7件"
    )
    norm, mentions = analyse(text)
    years = figure_years(norm.text, mentions)
    assert [year for _, year in years] == [2022]
    assert year_said(norm.text, years, norm.text.index("3件")) == 2022  # 较2021年 is compared with
    assert year_said(norm.text, years, norm.text.index("7件")) is None  # another sentence


def test_with_the_report_year_the_words_that_name_a_year_count_too() -> None:
    source = "(一)行政复议。上年度受理行政复议案件45件,本年度受理行政复议案件56件,较上年增加11件。"
    index = SourceIndex(read_bytes(source.encode("utf-8"), path="x.txt"), report_year=2023)
    verdicts = {
        claim: [c.verdict for c in index.check(claim) if c.kind == "count"][0]
        for claim in (
            "今年受理行政复议案件45件",
            "2023年受理行政复议案件45件",
            "全年受理行政复议案件56件",
            "去年受理行政复议案件45件",
            "较上年增加11件",
        )
    }
    assert verdicts == {
        "今年受理行政复议案件45件": "possible_misattribution",
        "2023年受理行政复议案件45件": "possible_misattribution",
        "全年受理行政复议案件56件": "match",
        "去年受理行政复议案件45件": "match",
        "较上年增加11件": "match",  # 较上年 is compared with: no year of the figure
    }
    unknown = SourceIndex(read_bytes(source.encode("utf-8"), path="x.txt"))  # no report year: no such words
    assert [c.verdict for c in unknown.check("今年受理行政复议案件45件") if c.kind == "count"] == ["match"]


def test_a_metric_whose_name_names_a_year_is_checked_against_that_years_figure(index: SourceIndex) -> None:
    text = index.doc.text
    last, this = text.index("45件"), text.index("56件")
    assert index.check_value("45件", last, last + 3, name="2022年受理行政复议案件").verdict == "match"
    assert index.check_value("56件", this, this + 3, name="2023年受理行政复议案件").verdict == "match"
    wrong = index.check_value("45件", last, last + 3, name="2023年受理行政复议案件")
    assert wrong.verdict == "possible_misattribution" and "for 2022年" in wrong.reason
    assert index.check_value("45件", last, last + 3, name="受理行政复议案件").verdict == "match"  # no year


UNMARKED = (
    "麦田县2023年法治政府建设情况报告\n一、主要举措和成效\n"
    "(一)行政复议。全年共收到行政复议申请45件,受理42件。2022年收到行政复议申请38件。"
    "2021年曾获评省级法治政府建设示范县,建成法治文化阵地26个。\n"
    "(二)法治宣传。开展普法活动320场次,2022年开展普法活动280场次。计划2024年开展执法培训6期。\n"
    "|指标|2022年|2023年|\n|---|---|---|\n|行政诉讼案件(件)|17|23|\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("全县调处矛盾纠纷近5000起", "match"),
        ("2023年全县调处矛盾纠纷近5000起", "match"),
        ("2024年全县调处矛盾纠纷近5000起", "unanchored"),  # a later year: the report year's figure
        ("2024年案卷优秀率提高到90%以上", "match"),  # …but a later year's plan target is that year's
    ],
)
def test_a_claim_naming_a_later_year_takes_no_figure_of_the_report_year(claim: str, verdict: str) -> None:
    source = "全县调处矛盾纠纷近5000起。\n四、2024年工作安排\n开展案卷评查,力争案卷优秀率提高到90%以上。\n"
    assert figure_verdicts(source, claim) == [verdict]


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # the next year's plan restated with its year: its figures are that year's targets
        ("2024年培育法律明白人1000名", "match"),
        ("2024年新建法治文化阵地3个", "match"),
        ("2024年全年新建法治文化阵地3个", "match"),  # (全年 after a year: that whole year)
        # …and said of the report year, or as reached, they are no figure the report year reached
        ("2023年培育法律明白人1000名", "unanchored"),
        ("新建法治文化阵地已达3个", "unanchored"),
        ("全年培育法律明白人800名", "match"),  # (the report year's own figure)
    ],
)
def test_the_figures_of_the_next_years_plan_are_its_targets(claim: str, verdict: str) -> None:
    source = (
        "鹿鸣县2023年度法治政府建设情况报告\n一、主要举措和成效\n全年培育法律明白人800名。\n"
        "二、存在的不足\n基层力量薄弱。\n三、2024年工作安排\n一是培育法律明白人1000名。二是新建法治文化阵地3个。\n"
    )
    assert figure_verdicts(source, claim) == [verdict]


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # a target its own words set (计划, 力争), said of no time at all, is said as done
        ("开展执法培训6期", "unanchored"),
        ("培训执法人员3000人次", "unanchored"),
        ("计划开展执法培训6期", "match"),
        ("下一步,开展执法培训6期", "match"),
        ("培训执法人员2760人次", "match"),
    ],
)
def test_a_target_said_of_no_time_is_said_as_done(claim: str, verdict: str) -> None:
    source = "全年计划培训执法人员3000人次,实际完成培训2,760人次。计划2024年开展执法培训6期。\n"
    assert figure_verdicts(source, claim) == [verdict]
    assert figure_verdicts(source, "### 下一年度安排\n- " + claim) == ["match"]  # a plan heading says so


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # a claim saying no year nor span is of the report year: not a part of it, nor a running total
        ("全县受理行政复议申请186件", "unanchored"),
        ("建成法治文化阵地45个", "unanchored"),
        ("上半年全县受理行政复议申请186件", "match"),
        ("累计建成法治文化阵地45个", "match"),
        ("全县受理行政复议申请412件", "match"),
        ("培训执法人员5600人次", "match"),  # (2023年以来 in a report of 2023: the year's own)
        ("全年审查报备文件3615件", "unanchored"),  # (2021—2023年累计: since 2021)
    ],
)
def test_a_claim_saying_no_span_takes_no_figure_of_a_part_of_the_year_or_of_years(
    claim: str, verdict: str
) -> None:
    source = (
        "上半年全县受理行政复议申请186件。全年共受理行政复议申请412件。2023年以来,累计培训执法人员5600人次。"
        "自2021年以来累计建成法治文化阵地45个。2021—2023年累计审查报备文件3,615件。\n"
    )
    assert figure_verdicts(source, claim) == [verdict]


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("收到行政复议申请", "match"),
        ("2023年收到行政复议申请", "match"),
        # a model's metric naming another year for the report year's figure: 2022年, 上年, 2024年
        ("2022年收到行政复议申请", "unanchored"),
        ("上年收到行政复议申请", "unanchored"),
        ("2024年收到行政复议申请", "unanchored"),
    ],
)
def test_a_metric_naming_another_year_for_the_report_years_figure_is_unanchored(
    name: str, verdict: str
) -> None:
    source = "县政府共收到行政复议申请172件,审结159件。2025年力争行政复议纠错率降至8%以下。"
    index = SourceIndex(read_bytes(source.encode("utf-8"), path="x.txt"), report_year=2023)
    at = source.index("172件")
    assert index.check_value("172件", at, at + 4, name=name).verdict == verdict
    target = source.index("8%")  # (a later year's target is that year's)
    assert index.check_value("8%以下", target, target + 4, name="2025年行政复议纠错率").verdict == "match"


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("收到行政复议申请38件", "possible_misattribution"),  # read as 2023's: the source says 45件
        ("收到行政复议申请45件", "match"),
        ("2022年收到行政复议申请38件", "match"),
        ("上年收到行政复议申请38件", "match"),
        ("行政复议申请较上年的38件增加7件", "match"),  # 较上年的: the figure compared with is named so
        ("建成法治文化阵地26个", "match"),
        ("开展普法活动280场次", "possible_misattribution"),  # the unmarked 320场次 is the report year's
        ("开展普法活动320场次", "match"),  # of 2021, but the source has no 2023 figure for it
        ("行政诉讼案件17件", "possible_misattribution"),  # the 2022年 column; the 2023年 one says 23
        ("行政诉讼案件23件", "match"),
    ],
)
def test_with_the_report_year_a_claim_naming_no_year_is_read_as_of_that_year(
    claim: str, verdict: str
) -> None:
    index = SourceIndex(read_bytes(UNMARKED.encode("utf-8"), path="u.txt"), report_year=2023)
    check = next(c for c in index.check(claim) if c.kind == "count")
    assert check.verdict == verdict, check.reason
    if verdict == "possible_misattribution":
        assert "for 2023年" in check.reason
    unknown = SourceIndex(read_bytes(UNMARKED.encode("utf-8"), path="u.txt"))  # no report year: any year
    assert next(c for c in unknown.check(claim) if c.kind == "count").verdict == "match"


PART_YEAR = "(一)行政复议。上半年受理行政复议申请20件,全年受理45件。一季度办理法律援助案件30件。\n"


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("受理行政复议申请45件", "match"),  # a half year's figure takes no words of the year's
        ("上半年受理行政复议申请20件", "match"),
        ("全年受理行政复议申请20件", "possible_misattribution"),
        ("2023年受理行政复议申请20件", "unanchored"),  # a part of the year's figure given for the year
        ("全年办理法律援助案件30件", "unanchored"),
    ],
)
def test_a_figure_of_a_part_of_the_year_is_not_the_years(claim: str, verdict: str) -> None:
    index = SourceIndex(read_bytes(PART_YEAR.encode("utf-8"), path="p.txt"), report_year=2023)
    checks = [c for c in index.check(claim) if c.kind not in ("year", "date")]
    assert checks[0].verdict == verdict, checks[0].reason


COMPARED = (
    "2024年,办理行政处罚案件1,386件,较2023年的1,512件下降8.3%。"
    "行政诉讼一审败诉率为6.1%,比2023年(8.7%)下降2.6个百分点。"
)


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # the base figure a figure is compared with is of the year named before it, and of no other
        ("2023年行政诉讼一审败诉率为8.7%", "match"),
        ("2024年行政诉讼一审败诉率为8.7%", "unanchored"),
        ("行政诉讼一审败诉率为8.7%", "possible_misattribution"),  # read as of 2024: the year's is 6.1%
        ("办理行政处罚案件1,512件", "possible_misattribution"),
        # …while what follows the base figure is said of the figure compared (2024's), not of 2023
        ("2024年办理行政处罚案件下降8.3%", "match"),
        ("2024年行政诉讼一审败诉率下降2.6个百分点", "match"),
        # a restatement that says the figure is the earlier one, in any words
        ("行政诉讼一审败诉率为6.1%,上年为8.7%", "match"),
        ("行政诉讼一审败诉率为6.1%,低于上年的8.7%", "match"),
        ("办理行政处罚案件1,386件,较上年的1,512件下降8.3%", "match"),
    ],
)
def test_a_base_figure_is_of_its_own_year_and_of_no_other(claim: str, verdict: str) -> None:
    index = SourceIndex(read_bytes(COMPARED.encode("utf-8"), path="c.txt"), report_year=2024)
    checks = [c for c in index.check(claim) if c.kind not in ("year", "date")]
    worst = next((c for c in checks if c.verdict != "match"), checks[-1])
    assert worst.verdict == verdict, worst.reason


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # a report's figures are its year's unless its words say otherwise: an earlier year written out
        # in the claim takes none of them (the slip of a summary mixing the report year with the last)
        ("2023年全县共收到行政复议申请214件", "unanchored"),
        ("2024年全县共收到行政复议申请214件", "match"),
        ("全县共收到行政复议申请214件", "match"),
        # a later year takes none either: only a target the plan sets is that year's (see the test of
        # a claim naming a later year)
        ("2025年全县共收到行政复议申请214件", "unanchored"),
        ("上年结转2件,全县共收到行政复议申请214件", "match"),  # 上年 is 结转's, not the claim's year
        ("2023年开展普法活动120场次", "match"),  # the source says 2023年 itself
    ],
)
def test_an_earlier_year_written_in_a_claim_takes_no_figure_of_the_report_year(
    claim: str, verdict: str
) -> None:
    source = (
        "青川县2024年法治政府建设情况报告\n一、主要举措和成效\n(一)化解矛盾纠纷。全县共收到行政复议申请214件。"
        "上年结转2件。2023年开展普法活动120场次。\n"
    )
    index = SourceIndex(read_bytes(source.encode("utf-8"), path="r.txt"), report_year=2024)
    checks = [c for c in index.check(claim) if c.kind not in ("year", "date")]
    assert checks[-1].verdict == verdict, checks[-1].reason


BASES = (
    "石门县2024年度法治政府建设情况报告\n一、主要举措和成效\n(一)化解行政争议。全县收到行政复议申请128件,"
    "上年为98件;行政诉讼一审案件39件,2023年为41件。\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # the base figure said with its year: the same words as the year's figure, of another year
        ("2023年收到行政复议申请98件", "match"),
        ("2023年行政诉讼一审案件41件", "match"),
        # …but not another subject's base figure
        ("2023年行政复议申请41件", "possible_misattribution"),
        ("2023年行政诉讼一审案件98件", "possible_misattribution"),
        ("2024年行政复议申请98件", "possible_misattribution"),
    ],
)
def test_a_base_figure_said_with_its_year_is_its_subjects(claim: str, verdict: str) -> None:
    assert figure_verdicts(BASES, claim, report_year=2024) == [verdict]


@pytest.mark.parametrize(
    ("table", "verdicts"),
    [
        # a model's Markdown table: each cell is of its column's year
        ("| 指标 | 2023年 | 2024年 |\n|---|---|---|\n| 行政复议申请 | 98件 | 128件 |\n| 行政诉讼一审案件 | 41件 | 39件 |",
         ["match", "match", "match", "match"]),
        # the columns swapped: every cell is another year's
        ("| 指标 | 2023年 | 2024年 |\n|---|---|---|\n| 行政复议申请 | 128件 | 98件 |\n| 行政诉讼一审案件 | 39件 | 41件 |",
         ["unanchored", "possible_misattribution", "unanchored", "possible_misattribution"]),
    ],
)  # fmt: skip
def test_a_cell_of_a_claims_table_is_of_its_columns_year(table: str, verdicts: list[str]) -> None:
    """verify reads the report's year from the source itself when the candidate names none."""
    result = verify_text(read_bytes(BASES.encode("utf-8")), table)
    assert [c.verdict for c in result.numbers if c.kind != "year"] == verdicts


RELATIVE_SOURCE = (
    "柏溪县2023年法治政府建设情况报告\n\n一、主要成效\n"
    "行政机关负责人出庭应诉率由84.6%提高到98.1%,较上年提高13.5个百分点。\n"
    "二、下一步打算\n明年将力争行政复议纠错率保持在15%左右。\n"
)


@pytest.mark.parametrize(
    ("claim", "verdicts"),
    [
        ("2022年行政机关负责人出庭应诉率为84.6%", ["match", "match"]),  # 上年 written out
        ("2024年力争行政复议纠错率保持在15%左右", ["match", "match"]),  # 明年 written out
        ("2021年行政机关负责人出庭应诉率为84.6%", ["not_found", "match"]),  # a year the source never names
        ("2022年行政机关负责人出庭应诉率为98.1%", ["match", "unanchored"]),  # the figure: still that year's
    ],
)
def test_a_year_the_source_names_by_its_distance_from_the_report_year_is_its_year(
    claim: str, verdicts: list[str]
) -> None:
    """A briefing writes out the year a report names as 上年 or 明年: the year is the source's (its
    figure is still checked as of that year)."""
    doc = read_bytes(RELATIVE_SOURCE.encode("utf-8"), path="x.txt")
    assert [c.verdict for c in verify_text(doc, claim).numbers] == verdicts


HALF_THEN_YEAR = (
    "鹿鸣县2023年法治政府建设情况报告\n一、主要成效\n"
    "2023年上半年,县行政复议局收到行政复议申请47件;全年共收到行政复议申请109件,同比增长18.5%,"
    "其中涉企案件26件。\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # the year's part after ; opens with its own span (全年): the half year before is not its time
        ("全年收到行政复议申请109件,同比增长18.5%", "match"),
        ("行政复议申请同比增长18.5%", "match"),
        ("涉企行政复议案件26件", "match"),
        ("上半年收到行政复议申请47件", "match"),
        ("收到行政复议申请47件", "unanchored"),  # (the half year's figure is still no year's)
    ],
)
def test_a_span_of_time_said_after_a_semicolon_starts_the_time_of_the_figures_after_it(
    claim: str, verdict: str
) -> None:
    assert figure_verdicts(HALF_THEN_YEAR, claim)[-1] == verdict


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # a claim of a part of the year takes the source's figure of that part, not the year's
        ("上半年收到行政复议申请109件", "possible_misattribution"),
        ("上半年收到行政复议申请47件", "match"),
        ("全年收到行政复议申请109件", "match"),
    ],
)
def test_a_claim_of_a_part_of_the_year_takes_no_figure_of_the_whole_year(claim: str, verdict: str) -> None:
    assert figure_verdicts(HALF_THEN_YEAR, claim)[-1] == verdict
