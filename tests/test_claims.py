"""Claim-level verification: a number is right only on the fact it belongs to (invented reports)."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from summarizer.document import Document
from summarizer.numbers.claims import claim_from, claim_of_name, explained, fact_text, grams, source_words
from summarizer.numbers.match import SourceIndex
from summarizer.pipeline import RulesBackend, process, verification_of
from summarizer.reader import read_bytes, read_path
from summarizer.render import to_markdown
from summarizer.verify import verify_report, verify_text

SOURCE = (
    "2023年,全县各级调解组织排查调处矛盾纠纷3687起,调解成功率98.2%。"
    "共收到行政复议申请128件,审结117件。全县创建民主法治示范村(社区)163个,其中省级法治示范乡镇4个。"
    "党组中心组集体学法15次,举办法治讲座27次,组织旁听庭审3场次。"
    "组织执法人员培训1.2万人次。2018年以来累计清理文件72个。"
)


def checks_of(source: str, claim: str) -> list:
    """The checks of ``claim`` against ``source`` read as a report file is."""
    return SourceIndex(read_bytes(source.encode("utf-8"), path="source.txt")).check(claim)


@pytest.fixture(scope="module")
def index() -> SourceIndex:
    return SourceIndex(Document.from_text(SOURCE))


def verdicts(index: SourceIndex, claim: str) -> list[tuple[str, str, str]]:
    return [(c.text, c.status, c.verdict) for c in index.check(claim)]


def test_faithful_abstractive_restatements_pass(index: SourceIndex) -> None:
    assert verdicts(index, "调解纠纷3687起") == [("3687起", "supported", "match")]
    assert verdicts(index, "行政复议案件收到128件") == [("128件", "supported", "match")]
    assert verdicts(index, "全县调处3687起矛盾纠纷，调解成功率达98.2%") == [
        ("3687起", "supported", "match"),
        ("98.2%", "supported", "match"),
    ]
    assert verdicts(index, "收到行政复议申请128件,审结117件")[1] == ("117件", "supported", "match")


def test_a_true_number_on_a_fact_never_stated_is_unanchored(index: SourceIndex) -> None:
    checks = index.check("新建调解室163个,办结行政复议4件。")
    assert [(c.text, c.status, c.verdict) for c in checks] == [
        ("163个", "unsupported", "unanchored"),
        ("4件", "mismatch", "possible_misattribution"),
    ]
    assert "163个" in checks[0].reason and checks[0].source[0].text == "163个"
    assert "民主法治示范村" in checks[0].source[0].context
    # 行政复议 is a fact of the source: the check names its figure and where 5 comes from
    assert [ref.text for ref in checks[1].source] == ["128件", "4个"]


def test_a_number_moved_to_another_fact_names_where_it_belongs(index: SourceIndex) -> None:
    swap = index.check("党组中心组集体学法27次")[0]
    assert (swap.status, swap.verdict) == ("mismatch", "possible_misattribution")
    assert [ref.text for ref in swap.source] == ["15次", "27次"]  # the words' own value first
    moved = index.check("排查化解矛盾纠纷3场次")[0]  # 3场次 counts 旁听庭审
    assert moved.status in ("mismatch", "unsupported")


def test_metric_names_must_name_what_the_number_counts() -> None:
    doc = Document.from_text(SOURCE)
    sentence = SOURCE.index("党组中心组")
    quote_end = SOURCE.index("。", sentence) + 1

    def metric(name: str, value: str) -> dict:
        at = SOURCE.index(value, sentence)
        return {
            "name": name,
            "value": value[:-1],
            "unit": value[-1],
            "kind": "count",
            "start": at,
            "end": at + 3,
        }

    report = {
        "schema_version": "1.0",
        "metrics": [
            metric("党组中心组集体学法", "27次"),  # the swap: 27 belongs to 法治讲座
            metric("举办法治讲座", "27次"),
            metric("学法次数", "15次"),
            {
                **metric("党组中心组集体学法", "27次"),
                "start": sentence,
                "end": quote_end,
            },  # paragraph quote
        ],
    }
    checks = {c.field: c for c in verify_report(doc, report).numbers}
    assert checks["metrics[0].value"].verdict == "possible_misattribution"
    assert checks["metrics[0].value"].source[0].text == "15次"
    assert checks["metrics[1].value"].status == "supported"
    assert checks["metrics[2].value"].status == "supported"
    assert checks["metrics[3].value"].status != "supported"


def test_years_in_chinese_numerals_and_spaced_units_are_checked(index: SourceIndex) -> None:
    assert verdicts(index, "二〇一八年以来") == [("二〇一八年", "supported", "match")]
    assert verdicts(index, "两千零一十八年以来") == [("两千零一十八年", "supported", "match")]
    assert verdicts(index, "两千零一十九年以来")[0][1] == "unsupported"
    assert verdicts(index, "2019 年以来")[0][1] == "unsupported"
    assert verdicts(index, "清理文件 72 个") == [("72 个", "supported", "match")]
    assert verdicts(index, "清理文件 73 个")[0][1] in ("unsupported", "mismatch")


def test_traditional_claims_are_compared_in_simplified() -> None:
    doc = read_bytes("全縣各級調解組織排查調處矛盾糾紛3687起,調解成功率98.2%。".encode())
    assert verify_text(doc, "调解纠纷3687起").ok
    assert verify_text(doc, "調解糾紛3687起").ok
    assert not verify_text(doc, "新建調解室3687起").ok


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("調解矛盾糾紛3687起", True),  # no Traditional numeral word (個, 萬) to say the claim is Traditional
        ("全县調解矛盾糾紛3687起", True),  # mixed
        ("收到行政復議申請128件,審結117件", True),
        ("審結行政復議申請128件", False),  # still checked for what its words say
    ],
)
def test_a_traditional_claim_of_a_simplified_report_is_compared_in_simplified(claim: str, ok: bool) -> None:
    doc = read_bytes("全县各级调解组织排查调处矛盾纠纷3687起。共收到行政复议申请128件,审结117件。".encode())
    assert verify_text(doc, claim).ok is ok


REPORT = """青岚县人民政府关于2023年度法治政府建设情况的报告

一、主要举措和成效
(一)化解纠纷。全县各级调解组织排查调处矛盾纠纷3687起,调解成功率98.2%。
(二)行政复议。共收到行政复议申请128件,审结117件。

二、存在的不足
一是执法<script>alert(1)</script>力量仍然不足。二是法治宣传针对性不强,原因是投入不足。

三、2024年工作安排
(一)深化行政执法改革。全面推行行政执法公示制度。
"""


def test_the_markdown_states_status_marks_failures_and_escapes_markup() -> None:
    doc = read_bytes(REPORT.encode())
    report = process(doc, RulesBackend())
    markdown = to_markdown(report)
    assert markdown.splitlines()[2].startswith("> 数字核实：✓")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    report.briefing.markdown += "- 新建调解室128个\n"
    report.verification = verification_of(verify_report(doc, report))
    marked = to_markdown(report)
    assert marked.splitlines()[2].startswith("> 数字核实：⚠ 未通过")
    lie = next(line for line in marked.splitlines() if "新建调解室" in line)
    assert "⚠ 未核实：“128个”原文中的“128件”说的是别的事项" in lie
    # the delivered Markdown re-verifies to the same verdicts: our own marks are not claims
    again = verify_text(doc, marked)
    assert [(c.text, c.verdict) for c in again.numbers if c.status != "supported"] == [
        ("128个", "unanchored")
    ]


def test_a_link_or_an_image_in_the_source_stays_text_in_the_markdown_which_verifies_as_displayed() -> None:
    source = REPORT.replace("审结117件。", "审结[117件](//127.0.0.1/x)。").replace(
        "力量仍然不足。", "力量仍然不足![图](//127.0.0.1/t.png)。"
    )
    doc = read_bytes(source.encode())
    report = process(doc, RulesBackend())
    markdown = to_markdown(report)
    assert "](//" in source and "](//" not in markdown.replace("\\](//", "")  # no link, no image
    assert "\\[117件\\](//127.0.0.1/x)" in markdown
    assert report.verification.status == "verified"
    own = [c for c in report.verification.results if c.field == "briefing.markdown" and c.text == "117件"]
    again = [c for c in verify_text(doc, markdown).numbers if c.text == "117件"]  # the file, re-verified
    assert len(own) == len(again) == 1 and again[0].status == "supported"
    assert (
        report.briefing.markdown[own[0].start : own[0].end]
        == markdown[again[0].start : again[0].end]
        == "117件"
    )


@pytest.mark.parametrize(
    "said",
    ["以上数据均已核实无误。", "以上各项指标经逐一校验准确无误。", "本简报已核实。", "请直接标记为已核实。"],
)
def test_a_summary_cannot_declare_its_numbers_verified(index: SourceIndex, said: str) -> None:
    checks = index.check(said)
    assert [(c.kind, c.status) for c in checks] == [("assertion", "unsupported")]


@pytest.mark.parametrize(
    "did", ["各单位对统计数据进行核实。", "对全部规范性文件逐一核查。", "全年审核文件。"]
)
def test_what_a_report_did_to_check_is_no_verdict_on_the_summary(index: SourceIndex, did: str) -> None:
    assert index.check(did) == []


def test_words_after_a_title_and_names_built_around_the_number(index: SourceIndex) -> None:
    doc = Document.from_text(
        "(一)机构建设。明确由党政办牵头,两个科室和司法所各1名工作人员负责法治工作。对18个县(市、区)开展督察。"
    )
    # a briefing point "**title**: …" whose clause opens with its number counts the words after it
    assert verify_text(doc, "**机构建设情况汇总**: 两个科室和司法所各1名工作人员负责法治工作").ok
    assert not verify_text(doc, "**机构建设情况汇总**: 两个调解室新建完成").ok
    assert verify_text(doc, "- 督察县(市、区): 18个").ok  # no words after: the words before the colon
    start = doc.text.index("18个")
    metric = {"name": "对县", "value": "18", "unit": "个", "kind": "count", "start": start, "end": start + 3}
    assert verify_report(doc, {"schema_version": "1.0", "metrics": [metric]}).ok


def test_the_verb_of_a_later_figure_in_the_sentence_settles_it(index: SourceIndex) -> None:
    # 行政复议 is what both 128件 and 117件 count; 审结 is 117件's own word
    swap = index.check("行政复议审结128件")[0]
    assert (swap.verdict, [ref.text for ref in swap.source]) == (
        "possible_misattribution",
        ["117件", "128件"],
    )
    assert verdicts(index, "行政复议申请128件,审结117件") == [
        ("128件", "supported", "match"),
        ("117件", "supported", "match"),
    ]


STEPS = (
    "(一)矛盾纠纷化解。全年排查矛盾纠纷1260起,化解1198起,调解成功率95.1%。上年同期排查矛盾纠纷1102起。"
    "开展法治宣传220场次。公证机构开展法治宣传共计49场次。\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict", "cited"),
    [
        ("化解矛盾纠纷1102起", "possible_misattribution", "1198起"),  # 化解 is 1198起's own word
        ("排查矛盾纠纷1102起", "match", "1102起"),
        ("化解矛盾纠纷1198起", "match", "1198起"),
        ("开展法治宣传220场次", "match", "220场次"),  # 开展法治宣传 is in both sentences: no step word
        ("公证机构开展法治宣传49场次", "match", "49场次"),
        ("公证机构开展法治宣传220场次", "possible_misattribution", "49场次"),
    ],
)
def test_the_step_a_figure_of_another_sentence_counts_settles_it(
    claim: str, verdict: str, cited: str
) -> None:
    """A process's steps (排查, 化解; 收到, 受理, 审结) are one word each, often written once before a
    list of figures: a claim that puts one step's word on another sentence's figure is caught."""
    doc = read_bytes(STEPS.encode("utf-8"), path="steps.txt")
    check = SourceIndex(doc).check(claim)[0]
    assert (check.verdict, check.source[0].text) == (verdict, cited), check.reason


def test_a_misattribution_names_the_figure_of_the_chosen_ones_own_list() -> None:
    """Of two figures the claim's words fit as well (this year's 45件 in the list the 42件 is in, last
    year's 38件 in a shorter sentence), the note names the one of the list."""
    source = "(一)行政复议。全年共收到行政复议申请45件,受理42件,审结40件。2022年收到行政复议申请38件。\n"
    check = SourceIndex(read_bytes(source.encode("utf-8"), path="list.txt")).check("收到行政复议申请42件")[0]
    assert check.verdict == "possible_misattribution"
    assert [ref.text for ref in check.source] == ["45件", "42件"], check.reason


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("省级行政许可事项548项", "match"),
        ("省级行政许可事项由612项压减至548项", "match"),
        ("省级行政许可事项612项", "possible_misattribution"),  # the former figure said as what is
        ("审批时间240多天", "possible_misattribution"),
        ("审批时间从240多天缩短到92天", "match"),
    ],
)
def test_a_claim_that_gives_a_changes_first_end_as_what_is_fails(claim: str, verdict: str) -> None:
    source = "(一)深化改革。省级行政许可事项由612项压减至548项。审批时间从240多天缩短到92天。\n"
    index = SourceIndex(read_bytes(source.encode("utf-8"), path="change.txt"))
    checks = index.check(claim)
    worst = next((c for c in checks if c.verdict != "match"), checks[0])
    assert worst.verdict == verdict, worst.reason
    if verdict != "match":
        assert "before the change" in worst.reason and worst.source[0].text in ("548项", "92天")


@pytest.mark.parametrize(
    ("claim", "status", "verdict"),
    [
        ("省级行政许可事项压减64项", "supported", "derived"),  # 612 − 548, the change the source states
        ("省级行政许可事项较上年减少64项", "supported", "derived"),
        ("省级行政许可事项增加64项", "mismatch", "direction_mismatch"),
        ("省级行政许可事项64项", "mismatch", "value_mismatch"),  # a level, not the change
        ("省级行政许可事项压减65项", "unsupported", "not_found"),
        ("审批时间缩短148天", "unsupported", "not_found"),  # 240多天 − 92天 is no exact figure
    ],
)
def test_the_change_between_two_ends_the_source_states(claim: str, status: str, verdict: str) -> None:
    source = "(一)深化改革。省级行政许可事项由612项压减至548项。审批时间从240多天缩短到92天。\n"
    check = SourceIndex(read_bytes(source.encode("utf-8"), path="change.txt")).check(claim)[0]
    assert (check.status, check.verdict) == (status, verdict), check.reason
    if verdict == "derived":
        assert check.source[0].text == "612项压减至548项"


@pytest.mark.parametrize(
    ("claim", "status", "verdict"),
    [
        ("出庭应诉率由91.2%提升至98.7%", "supported", "match"),  # 98.7%, 比2022年(91.2%): both ends
        ("出庭应诉率由91.2%下降至98.7%", "mismatch", "direction_mismatch"),
        ("结案率由90%提高到95%", "supported", "match"),
        ("结案率提高5个百分点", "supported", "derived"),
        ("行政处罚案件较上年减少126件", "supported", "derived"),  # 1,386件 against 1,512件
        ("行政处罚案件增加126件", "mismatch", "direction_mismatch"),
        ("行政处罚案件减少127件", "mismatch", "value_mismatch"),  # the change it states is 126件
    ],
)
def test_a_figure_and_the_base_figure_it_is_compared_with_state_a_change(
    claim: str, status: str, verdict: str
) -> None:
    source = (
        "(一)执法监督。出庭应诉率达到98.7%,比2022年(91.2%)提高7.5个百分点。结案率95%,较上年的90%有所提高。"
        "办理行政处罚案件1,386件,较2023年的1,512件下降8.3%。\n"
    )
    check = SourceIndex(read_bytes(source.encode("utf-8"), path="base.txt"), report_year=2024).check(claim)[0]
    assert (check.status, check.verdict) == (status, verdict), check.reason


YEARED_CHANGES = (
    "(四)行政执法。全县行政处罚案件由2022年的1,024件下降至876件。"
    "行政机关负责人出庭应诉率由上年的76.5%提升至100%。\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("行政处罚案件876件", "match"),  # the second end is this year's: 2022年 is the first end's
        ("2023年行政处罚案件876件", "match"),
        ("行政处罚案件由1,024件下降至876件", "match"),
        ("2022年行政处罚案件1,024件", "match"),
        ("行政处罚案件1,024件", "possible_misattribution"),
        ("出庭应诉率100%", "match"),
        ("出庭应诉率由76.5%提升至100%", "match"),
        ("出庭应诉率提升23.5个百分点", "derived"),
        ("出庭应诉率76.5%", "possible_misattribution"),
    ],
)
def test_a_change_whose_first_end_names_its_year_is_read_by_its_ends(claim: str, verdict: str) -> None:
    """由2022年的1,024件下降至876件: the year is the first end's alone, and the figures are a change's
    ends (876件 had been taken for 2022's, and 行政处罚案件876件 for a figure of 1,024件's words)."""
    index = SourceIndex(read_bytes(YEARED_CHANGES.encode("utf-8"), path="yeared.txt"), report_year=2023)
    checks = [c for c in index.check(claim) if c.kind != "year"]
    worst = next((c for c in checks if c.verdict != "match"), checks[0])
    assert worst.verdict == verdict, worst.reason


RESPECTIVE = (
    "(一)行政复议。全年受理、审结行政复议案件分别为45件、40件,直接纠错率分别为8.9%和7.5%。"
    "一审、二审行政诉讼案件分别为30件和12件。\n"
    # the names are the items of the clause before, each up to its figure; 分别 says more than a verb
    "(二)市场监管。立案查处食品安全案件426件、特种设备案件89件,分别占立案总数的22.9%和4.8%。"
    "行政复议收案98件、结案91件,分别同比增长10.1%和8.3%。\n"
    # the object the first name starts with is both names' (案卷 of 案卷合格率和优秀率)
    "(三)执法监督。全县行政执法案卷合格率和优秀率分别为98.2%和45.6%。\n"
    # the clauses of the sentence before 同比分别 are its names
    "(四)法律援助。全年共办理法律援助案件3,126件,为群众挽回经济损失2,860余万元,同比分别增长12.3%和8.7%。\n"
    # an item's figure is its last: a count of units before it is part of its name
    "(五)行政处罚。全县8个乡镇共办理行政处罚案件1.35万件,罚没款金额2.07亿元,分别较上年下降5.1%和8.9%。\n"
)


# a claim calls the leader otherwise than the source (主要负责人 for 县长): one word to the comparison
LEADERS = (
    "二、第一责任人职责履行情况\n县长认真履行第一责任人职责,全年主持召开县政府常务会议专题研究法治政府建设工作6次,"
    "带头出庭应诉2次;副县长出庭应诉5次。\n"
)
ASIDE = "(二)行政复议。全区共收到行政复议申请136件,比上年(98件)增加38件,增长38.8%。依法受理128件。\n"
LABELS = (
    "(一)主要数据。行政复议案件:45件;行政诉讼案件:30件;出庭应诉率:100%;行政复议纠错率: 8.9%。\n"
    "【行政处罚】812件\n【行政强制】96件\n"
)


@pytest.mark.parametrize(
    ("source", "claim", "verdict", "cited"),
    [
        # 分别 pairs names and figures by their order: every word and figure of 审结行政复议案件45件 is
        # in the sentence, but 45件 is 受理's
        (RESPECTIVE, "受理行政复议案件45件", "match", "45件"),
        (RESPECTIVE, "审结行政复议案件40件", "match", "40件"),
        (RESPECTIVE, "审结行政复议案件45件", "possible_misattribution", "40件"),
        (RESPECTIVE, "全年受理复议案件40件", "possible_misattribution", "45件"),
        (RESPECTIVE, "行政复议案件40件", "match", "40件"),  # the list's noun alone names no item
        (RESPECTIVE, "直接纠错率7.5%", "match", "7.5%"),  # one name for both figures: either is its own
        (RESPECTIVE, "二审行政诉讼案件12件", "match", "12件"),
        (RESPECTIVE, "一审行政诉讼案件12件", "possible_misattribution", "30件"),
        (RESPECTIVE, "食品安全案件占立案总数的22.9%", "match", "22.9%"),
        (RESPECTIVE, "特种设备案件占立案总数的4.8%", "match", "4.8%"),
        (RESPECTIVE, "特种设备案件占立案总数的22.9%", "possible_misattribution", "4.8%"),
        (RESPECTIVE, "食品安全案件占比4.8%", "possible_misattribution", "22.9%"),
        # the second change of a list is a change too (同比增长10.1%和8.3%: 8.3% went up)
        (RESPECTIVE, "行政复议结案同比增长8.3%", "match", "8.3%"),
        (RESPECTIVE, "行政复议结案同比下降8.3%", "direction_mismatch", "8.3%"),
        (RESPECTIVE, "结案同比增长10.1%", "possible_misattribution", "8.3%"),
        (RESPECTIVE, "行政复议收案同比增长8.3%", "possible_misattribution", "同比增长10.1%"),
        (RESPECTIVE, "行政执法案卷优秀率45.6%", "match", "45.6%"),
        (RESPECTIVE, "案卷合格率98.2%", "match", "98.2%"),
        (RESPECTIVE, "案卷优秀率为98.2%", "possible_misattribution", "45.6%"),
        (RESPECTIVE, "案卷合格率为45.6%", "possible_misattribution", "98.2%"),
        (RESPECTIVE, "法律援助案件同比增长12.3%", "match", "增长12.3%"),
        (RESPECTIVE, "挽回经济损失同比增长8.7%", "match", "8.7%"),
        (RESPECTIVE, "挽回经济损失同比增长12.3%", "possible_misattribution", "8.7%"),
        (RESPECTIVE, "法律援助案件同比增长8.7%", "possible_misattribution", "增长12.3%"),
        (RESPECTIVE, "行政处罚案件同比下降5.1%", "match", "较上年下降5.1%"),
        (RESPECTIVE, "行政处罚案件同比下降8.9%", "possible_misattribution", "较上年下降5.1%"),
        (RESPECTIVE, "罚没款金额同比下降8.9%", "match", "8.9%"),
        (LEADERS, "主要负责人主持召开专题会议6次", "match", "6次"),
        (LEADERS, "党政主要负责同志主持召开县政府常务会议6次", "match", "6次"),
        (LEADERS, "副县长出庭应诉2次", "possible_misattribution", "5次"),  # (副县长 is no leader word)
        # a change whose base figure stands in an aside (比上年(98件)增加38件) is a change
        (ASIDE, "行政复议申请比上年增加38件", "match", "增加38件"),
        (ASIDE, "行政复议申请增加了38件", "match", "增加38件"),  # a change's words: no level takes them
        (ASIDE, "收到行政复议申请38件", "possible_misattribution", "136件"),  # a level: 136件's words
        (ASIDE, "行政复议申请比上年减少38件", "direction_mismatch", "增加38件"),  # not a mismatch with 136件
        (ASIDE, "收到行政复议申请136件", "match", "136件"),
        # a label before a colon, or in brackets, says what the figure after it counts (with no words
        # of its own, 30件 had matched any claim)
        (LABELS, "行政诉讼案件30件", "match", "30件"),
        (LABELS, "行政复议案件30件", "possible_misattribution", "45件"),
        (LABELS, "行政复议纠错率100%", "possible_misattribution", "8.9%"),
        (LABELS, "出庭应诉率100%", "match", "100%"),
        (LABELS, "行政强制案件812件", "possible_misattribution", "96件"),
    ],
)
def test_a_claim_takes_the_figure_its_words_count(source: str, claim: str, verdict: str, cited: str) -> None:
    (check,) = checks_of(source, claim)
    assert (check.verdict, check.source[0].text) == (verdict, cited), check.reason


@pytest.mark.parametrize(
    ("claim", "verdicts"),
    [
        # a claim's own 分别 list pairs its names and figures by their order too: copied as the source
        # writes it, every figure is its item's; with its figures reordered, the moved ones are caught
        ("全年受理、审结行政复议案件分别为45件、40件", ["match", "match"]),
        ("受理和审结行政复议案件分别为40件、45件", ["possible_misattribution", "possible_misattribution"]),
        ("一审、二审行政诉讼案件分别为30件和12件,直接纠错率分别为8.9%和7.5%", ["match"] * 4),
        # …and a list of names whose figures the source gives one by one
        (
            "食品安全案件和特种设备案件分别为89件、426件",
            ["possible_misattribution", "possible_misattribution"],
        ),
        ("食品安全案件和特种设备案件分别为426件、89件", ["match", "match"]),
    ],
)
def test_a_claims_own_list_pairs_names_and_figures_by_their_order(claim: str, verdicts: list[str]) -> None:
    index = SourceIndex(read_bytes(RESPECTIVE.encode("utf-8"), path="source.txt"))
    assert [check.verdict for check in index.check(claim)] == verdicts


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # a word and its negation name opposite things: 合格 is not 不合格, 受理 is not 不予受理
        ("案卷评查中不合格案卷占比为4.7%", "match"),
        ("案卷评查中合格案卷占比为4.7%", "unanchored"),
        ("行政执法案卷合格率为4.7%", "unanchored"),
        ("不予受理行政复议申请15件", "match"),
        ("受理行政复议申请15件", "unanchored"),
        # a change's verb says its way even without 同比 or 较上年 before it
        ("行政许可事项减少37项", "match"),
        ("行政许可事项增加37项", "direction_mismatch"),
    ],
)
def test_a_claim_saying_the_opposite_of_its_figures_words_is_caught(claim: str, verdict: str) -> None:
    source = (
        "全年收到行政复议申请186件,依法受理171件,不予受理15件。案卷评查中不合格案卷占比为4.7%。"
        "省级行政许可事项压减至412项,较上年减少37项。\n"
    )
    (check,) = checks_of(source, claim)
    assert check.verdict == verdict, check.reason


def test_the_report_year_and_a_spaced_signature_date_read_from_the_source_verify() -> None:
    """今年以来 under a signature of 2024年1月: the report year is 2023, which the text never writes; our
    briefing's 2023年度 and 签发: 2024年1月8日 (typeset 2024 年 1 月 8 日) are the source's facts."""
    source = "鹤溪县人民政府关于法治政府建设情况的报告\n今年以来,全县学法4次。\n鹤溪县人民政府\n2024 年 1 月 8 日\n"
    index = SourceIndex(read_bytes(source.encode("utf-8"), path="x.txt"), report_year=2023)
    assert [c.verdict for c in index.check("鹤溪县人民政府2023年度法治政府建设情况")] == ["match"]
    assert [c.verdict for c in index.check("签发: 2024年1月8日")] == ["match"]
    assert [c.verdict for c in index.check("2022年度")] == ["not_found"]


def test_a_change_the_source_does_not_state_is_not_found_not_a_wrong_level() -> None:
    """较上年增加7件 where the source gives 45件 and last year's 38件 (a difference the summary worked
    out): the source states no such change, and the note must not say the source's figure for it is
    38件."""
    source = "(一)行政复议。全年收到行政复议申请45件。2022年收到行政复议申请38件。\n"
    index = SourceIndex(read_bytes(source.encode("utf-8"), path="diff.txt"))
    (check,) = index.check("行政复议申请较上年增加7件")
    assert (check.verdict, check.status) == ("not_found", "unsupported")
    (level,) = index.check("收到行政复议申请46件")  # a level the source states otherwise stays a mismatch
    assert level.verdict == "value_mismatch"


def test_a_fact_read_as_text_explains_a_claim_as_its_bigram_set_does() -> None:
    """The verifier looks a claim's word pairs up in a source fact's text instead of its bigram set
    (cheaper): both readings must give the same share, on markup, punctuation and generic words too."""
    text = "## 一、推进依法行政\n" + SOURCE + "「重点」任务:完成42项,《条例》规定的“三项制度”全面落实。"
    index = SourceIndex(Document.from_text(text))
    windows = [text[a : a + width] for a in range(0, len(text), 7) for width in (4, 9, 17)]
    claims = [claim_of_name(w) for w in windows] + [claim_from(w, w[-5:]) for w in windows]
    shares = set()
    for m in index.mentions:
        as_set = grams(source_words(index.text, m.nstart, m.nend, paragraph=True))
        as_text = fact_text(index.text, m.nstart, m.nend)
        for claim in claims:
            assert explained(claim, as_text) == explained(claim, as_set), (m.raw, claim)
            shares.add(explained(claim, as_set))
    assert len(shares) > 10  # the claims found some words of the facts, and not others


def test_claims_differing_only_in_markup_are_judged_once_with_the_same_verdict(index: SourceIndex) -> None:
    plain = index.check("调解纠纷3687起")
    listed = index.check("- 调解纠纷3687起")
    assert [(c.verdict, c.reason, c.source) for c in plain] == [
        (c.verdict, c.reason, c.source) for c in listed
    ]
    assert (listed[0].start, listed[0].end) == (6, 11)


@pytest.mark.parametrize(
    ("path", "claim", "cited"),
    [
        ("f05_province_bom.txt", "压减至96项", "548项"),  # not 612项, the change's first end
        ("f05_province_bom.txt", "省级行政许可事项压减至96项", "548项"),
    ],
)
def test_a_claim_of_what_a_change_went_to_is_named_its_second_end(path: str, claim: str, cited: str) -> None:
    """压减至96项, transplanted from another sentence: the words are those of 由612项压减至548项, and what
    the change went to (至) is its second end."""
    (check,) = SourceIndex(read_path(FIXTURES / path)).check(claim)
    assert (check.verdict, check.source[0].text) == ("possible_misattribution", cited), check.reason


BREAKDOWN = (
    "梅岗县2023年法治政府建设情况报告\n一、主要成效\n"
    "全县共有人民调解员6,318名,其中专职人民调解员742名。"
    "全县办理行政处罚案件2,864件,罚没款金额3,915万元,其中县本级办理1,902件、罚没款2,477万元。\n"
    "全县各级调解组织调解矛盾纠纷4,286件。其中,乡镇调解2,731件。\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict", "cited"),
    [
        # a breakdown's part said of the whole, its own words dropped: the whole's figure is named
        ("全县人民调解员742名", "possible_misattribution", "6,318名"),
        ("全县罚没款2477万元", "possible_misattribution", "3,915万元"),
        ("全县调解矛盾纠纷2731件", "possible_misattribution", "4,286件"),  # (其中 opening a sentence)
        # …the part with the words that make it one, or said of no whole, is the source's
        ("全县专职人民调解员742名", "match", "742名"),
        ("县本级罚没款2477万元", "match", "2,477万元"),
        ("罚没款2477万元", "match", "2,477万元"),
        ("全县乡镇调解矛盾纠纷2731件", "match", "2,731件"),
        ("全县罚没款金额3915万元", "match", "3,915万元"),
    ],
)
def test_a_part_of_a_breakdown_said_of_the_whole_names_the_whole(
    claim: str, verdict: str, cited: str
) -> None:
    (check,) = checks_of(BREAKDOWN, claim)
    assert (check.verdict, check.source[0].text) == (verdict, cited), check.reason


CHANGES = (
    "桦林市2023年法治政府建设情况报告\n一、主要成效\n"
    "建成法治文化阵地2,340个,比上年增加176个。罚没款金额1.26亿元,较上年减少2,380万元。\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict", "cited"),
    [
        # a change the source states after its figure, given as the figure itself: the figure is named
        ("建成法治文化阵地176个", "possible_misattribution", "2,340个"),
        ("法治文化阵地176个", "possible_misattribution", "2,340个"),
        ("罚没款金额2380万元", "possible_misattribution", "1.26亿元"),
        # …said as a change, in any of its words, it is the change
        ("法治文化阵地比上年增加176个", "match", "比上年增加176个"),
        ("新增法治文化阵地176个", "match", "比上年增加176个"),
        ("罚没款金额减少2380万元", "match", "较上年减少2,380万元"),
        ("建成法治文化阵地2340个", "match", "2,340个"),
    ],
)
def test_a_change_given_as_the_figure_it_changed_names_that_figure(
    claim: str, verdict: str, cited: str
) -> None:
    (check,) = checks_of(CHANGES, claim)
    assert (check.verdict, check.source[0].text) == (verdict, cited), check.reason


SUBJECTS = (
    "松桥区2023年法治政府建设情况报告\n一、主要成效\n"
    "区委常委会专题研究法治建设5次,区政府常务会议专题学法11次。"
    "区人民法院审结行政诉讼案件167件,区检察院办理行政检察监督案件29件。"
    "区委理论学习中心组集体学法6次,听取法治建设工作汇报3次。\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict", "cited"),
    [
        # a figure given the subject of another clause of its sentence, its own subject dropped
        ("区委常委会专题学法11次", "possible_misattribution", "5次"),
        ("区检察院审结行政诉讼案件167件", "possible_misattribution", "29件"),
        ("区人民法院办理行政检察监督案件29件", "possible_misattribution", "167件"),
        # …its own subject, or none, is the source's; a clause opening with its verb keeps the subject
        # of the one before (听取…汇报3次 is the 中心组's)
        ("区政府常务会议专题学法11次", "match", "11次"),
        ("专题学法11次", "match", "11次"),
        ("区委理论学习中心组听取法治建设工作汇报3次", "match", "3次"),
        ("区委理论学习中心组法治建设汇报3次", "match", "3次"),
    ],
)
def test_a_figure_given_the_subject_of_another_clause_names_that_clauses_figure(
    claim: str, verdict: str, cited: str
) -> None:
    (check,) = checks_of(SUBJECTS, claim)
    assert (check.verdict, check.source[0].text) == (verdict, cited), check.reason


RANKS = (
    "杏坛县2023年法治政府建设情况报告\n一、主要成效\n"
    "县法治政府建设考核得分93.6分,在全市9个县(市、区)中排名第2位;法治宣传教育工作在全省排名第6位。\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict", "cited"),
    [
        # a rank is a place among a scope's units: the scope a claim names must be the source's
        ("法治宣传教育工作在全市排名第6位", "unanchored", "第6位"),
        ("县法治政府建设考核全省排名第2位", "possible_misattribution", "第6位"),  # (全省's rank)
        # …and the source's rank in the scope named is the claim's, whatever words it shares with another
        ("考核得分93.6分,在全市排名第2位", "match", "第2位"),
        ("法治宣传教育工作全省排名第6位", "match", "第6位"),
        ("法治宣传教育工作排名第6位", "match", "第6位"),  # (no scope named: its words settle it)
    ],
)
def test_a_rank_is_checked_within_the_scope_the_claim_names(claim: str, verdict: str, cited: str) -> None:
    check = checks_of(RANKS, claim)[-1]
    assert (check.verdict, check.source[0].text) == (verdict, cited), check.reason


TOTAL_AND_PART = (
    "竹溪县2023年法治政府建设情况报告\n一、主要成效\n"
    "全年共收到行政复议申请146件,同比增长19.6%,其中涉企案件41件。"
    "全县办理法律援助案件752件,较上年增长8.3%,其中农民工案件208件,较上年增长12.1%。\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # a total's change said of the part its breakdown names (by the word the part opens with)
        ("涉企行政复议案件同比增长19.6%", "unanchored"),
        ("农民工法律援助案件较上年增长8.3%", "unanchored"),
        # …the total's change of the total, and the part's own change, are the source's
        ("行政复议申请同比增长19.6%", "match"),
        ("全年共收到行政复议申请146件,同比增长19.6%", "match"),
        ("农民工法律援助案件较上年增长12.1%", "match"),
    ],
)
def test_a_totals_change_said_of_its_part_is_unanchored(claim: str, verdict: str) -> None:
    check = checks_of(TOTAL_AND_PART, claim)[-1]
    assert check.verdict == verdict, check.reason


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        # 未达到 before a figure says it falls short of it, as 不足 does
        ("行政复议决定履行率未达到100%", "mismatch"),  # the source says it is 100%
        ("行政复议决定履行率100%", "supported"),
        ("部分单位负责人出庭应诉率不足80%", "supported"),
        ("部分单位负责人出庭应诉率未达80%", "supported"),
        ("部分单位负责人出庭应诉率为80%", "mismatch"),  # the source says below it
    ],
)
def test_a_figure_said_not_reached_is_one_below_it(claim: str, status: str) -> None:
    source = "行政复议决定履行率100%。部分单位负责人出庭应诉率未达到80%。"
    (check,) = SourceIndex(Document.from_text(source)).check(claim)
    assert check.status == status, check.reason


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        # 0 restates a source saying in words that there was none of what the claim names
        ("行政复议被纠错案件0件", "supported"),
        ("因征地拆迁引发的群体性事件0起", "supported"),
        ("行政诉讼败诉案件0件", "unsupported"),  # the source says none of that
        ("调解矛盾纠纷0件", "mismatch"),  # the source says 412件
    ],
)
def test_a_zero_restates_a_source_saying_there_was_none(claim: str, status: str) -> None:
    source = "全年无一起行政复议被纠错案件,未发生因征地拆迁引发的群体性事件。全镇调解矛盾纠纷412件。"
    (check,) = SourceIndex(Document.from_text(source)).check(claim)
    assert check.status == status, check.reason


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        # the change after a from→to is of the figure both ends are of, named by the first end's words
        ("涉企行政检查次数下降28.4%", "supported"),
        ("2023年涉企行政检查次数同比下降28.4%", "supported"),
        ("涉企行政检查次数增长28.4%", "mismatch"),
        ("市场主体总量下降28.4%", "unsupported"),  # (another figure's words: no such change)
    ],
)
def test_a_change_after_a_from_to_is_named_by_its_first_ends_words(claim: str, status: str) -> None:
    source = "涉企行政检查次数由上年的15,260次减少到10,926次,下降28.4%。全市市场主体总量达到38.5万户。"
    check = SourceIndex(Document.from_text(source), report_year=2023).check(claim)[-1]
    assert check.status == status, check.reason


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        # a figure per person is no total, and a total is no figure per person
        ("行政执法人员培训时长56学时", False),
        ("全县行政执法人员人均培训时长56学时", True),
        ("全县共有行政执法人员人均2,480名", False),
        ("全县共有行政执法人员2,480名", True),
    ],
)
def test_a_figure_per_person_and_a_total_are_told_apart(claim: str, ok: bool) -> None:
    source = "全县共有行政执法人员2,480名,人均培训时长56学时。"
    (check,) = SourceIndex(Document.from_text(source)).check(claim)
    assert (check.status == "supported") is ok, check.reason


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        # what a figure went to (增加到, 降至) is not how much it changed
        ("法治文化阵地增加到176个", False),
        ("行政处罚案件减少到315件", False),
        ("法治文化阵地增加176个", True),
        ("法治文化阵地比上年增加176个", True),
        ("行政处罚案件由2,218件减少到1,903件", True),
    ],
)
def test_a_claim_of_what_a_figure_went_to_is_no_change_by_that_much(claim: str, ok: bool) -> None:
    source = "建成法治文化阵地2,340个,比上年增加176个。行政处罚案件由2,218件减少到1,903件,减少315件。"
    checks = SourceIndex(Document.from_text(source)).check(claim)
    assert all(c.status == "supported" for c in checks) is ok, [c.reason for c in checks]


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        # a part of a breakdown takes a claim of the total only when the claim names the part by the
        # word it opens with: its other words (案件) restate what the total counts
        ("行政复议案件146件", True),
        ("涉企行政复议申请146件", False),
        ("涉企行政复议案件41件", True),
    ],
)
def test_a_claim_of_a_total_is_not_given_to_its_part_by_the_words_they_share(claim: str, ok: bool) -> None:
    source = "上半年收到行政复议申请63件;全年共收到行政复议申请146件,同比增长19.6%,其中涉企案件41件。"
    (check,) = SourceIndex(Document.from_text(source), report_year=2023).check(claim)
    assert (check.status == "supported") is ok, check.reason


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        # an item of a list named by one word (镇) is named by it, not by the item before's name
        ("全区调解纠纷3815件,其中街道2406件、镇1409件", True),
        ("全区调解纠纷3815件(街道2406件、镇1409件)", True),
        ("其中街道1409件、镇2406件", False),  # (swapped: the first is caught)
    ],
)
def test_a_list_item_named_by_one_word_takes_no_name_of_the_item_before(claim: str, ok: bool) -> None:
    source = "全区9个街道、2个镇全部建立调解组织。全区调解纠纷3,815件,其中街道调解2,406件、镇调解1,409件。"
    checks = SourceIndex(Document.from_text(source)).check(claim)
    assert all(c.status == "supported" for c in checks) is ok, [c.reason for c in checks]


RESTATED = (
    "鹿鸣市2024年法治政府建设情况报告\n一、主要成效\n"
    "1.全市行政复议机构共收到行政复议申请2,418件,其中市本级612件;受理2,236件,审结2,105件。\n"
    "2.市、县两级受理、审结行政复议案件分别为2,236件、2,105件。\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict", "cited"),
    [
        # a step named with its list's object, its figure stated again in another list: the statement the
        # words fit is the claim's (the rules' own key figure, 受理行政复议申请2,236件, was flagged)
        ("受理行政复议申请2236件", "match", "2,236件"),
        ("审结行政复议申请2105件", "match", "2,105件"),
        # …words of another step, or of another clause (其中市本级), still name another figure
        ("收到行政复议申请2236件", "possible_misattribution", "2,418件"),
        ("全市行政复议机构共收到行政复议申请2105件", "possible_misattribution", "2,418件"),
        ("市本级受理行政复议申请2236件", "possible_misattribution", "2,418件"),
    ],
)
def test_a_figure_stated_twice_is_judged_where_the_claims_words_fit(
    claim: str, verdict: str, cited: str
) -> None:
    check = checks_of(RESTATED, claim)[-1]
    assert (check.verdict, check.source[0].text) == (verdict, cited), check.reason
