"""Verdicts of SourceIndex.check on worked examples (invented source text)."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from summarizer.document import Document
from summarizer.numbers import SourceIndex
from summarizer.reader import read_bytes

SOURCE = (
    "2023年,青禾县受理行政复议案件30余起,审结28件。全县可办政务事项2380项,全程网办率100%,"
    "并联审批率93.64%。发放宣传资料3.98万份、手册3万多份,减免费用约1957.08万元,挽回损失860.88万余元。"
    "化解纠纷近1800件,调解结案数同比上升42.86%,抽查频次同比减少30.3%。一次性通过率由53.4%提升至95%。"
    "现场检查医药机构2085家,处理医药机构550家。我县在全市考核中排名第2。培训干部2000余人次。"
    "实现市县两级全覆盖。网办率达到85%以上。开通12348热线,学习党的二十大精神,入选第二批示范县,"
    "印发《青禾县法治政府建设实施方案(2021—2025年)》,推行“1555”工作机制。4月13日召开推进会。"
    "批准加装电梯326部,竣工208部,在建95部。\n2024年2月29日"
)


@pytest.fixture(scope="module")
def index() -> SourceIndex:
    return SourceIndex(Document.from_text(SOURCE))


def verdicts(index: SourceIndex, candidate: str, *, strict: bool = False) -> list[tuple[str, str, str]]:
    return [(c.text, c.status, c.verdict) for c in index.check(candidate, strict=strict)]


@pytest.mark.parametrize(
    ("candidate", "text"),
    [
        ("发放宣传资料39800份", "39800份"),
        ("发放宣传资料三万九千八百份", "三万九千八百份"),
        ("发放宣传资料三点九八万份", "三点九八万份"),
        ("发放宣传资料39,800份", "39,800份"),
        ("政务事项两千三百八十项", "两千三百八十项"),
        ("全程网办率百分之百", "百分之百"),
        ("受理行政复议案件三十余起", "三十余起"),
        ("受理行政复议案件30多起", "30多起"),
        ("手册三万余份", "三万余份"),
        ("实现市县兩級全覆盖", "兩級"),
        ("并联审批率９３．６４％", "９３．６４％"),
        ("挽回损失8608800余元", "8608800余元"),
        ("我县在全市考核中排名第二", "第二"),
    ],
)
def test_match(index: SourceIndex, candidate: str, text: str) -> None:
    assert (text, "supported", "match") in verdicts(index, candidate)


@pytest.mark.parametrize(
    ("candidate", "text"),
    [
        ("减免费用约1957万元", "约1957万元"),
        ("化解纠纷近2000件", "近2000件"),
        ("网办率达到85%以上", "85%以上"),
    ],
)
def test_consistent(index: SourceIndex, candidate: str, text: str) -> None:
    found = [v for v in verdicts(index, candidate) if v[0] == text]
    assert found and found[0][1] == "supported" and found[0][2] in ("consistent", "match")


BOUND = "全县调解成功率九成以上。"
MULTIPLE = "办件量增长了1倍。网上办理量增长1.5倍。"
BASES = "全年办件量同比增长5.6%;四季度办件量环比下降3.1%。"


@pytest.mark.parametrize(
    ("source", "claim", "verdict"),
    [
        # 超过九成 for 九成以上: a summary's wording, not another figure (the way of the bound still counts)
        (BOUND, "调解成功率超过九成", "consistent"),
        (BOUND, "调解成功率不低于90%", "match"),
        (BOUND, "调解成功率不足九成", "qualifier_mismatch"),
        # 650万余 for 逾650万: both say more than 650万 (and 600万余 says less)
        ("覆盖群众逾650万人次。", "覆盖群众650万余人次", "consistent"),
        ("覆盖群众逾650万人次。", "覆盖群众600万余人次", "value_mismatch"),
        # 约1200万 for 近1200万: about the figure it nearly reaches (近 for 约 says less: it may be above)
        ("讨回欠薪近1200万元。", "讨回欠薪约1200万元", "consistent"),
        ("受教育群众约15万人次。", "受教育群众近15万人次", "qualifier_mismatch"),
        # 起 and 件 count cases alike (违规处置垃圾案件98起)
        ("查处违规处置垃圾案件98起。", "查处违规处置垃圾案件98件", "match"),
        # 增长了1倍 is 增长100% (not 200%: that is 是原来的2倍)
        (MULTIPLE, "办件量增长100%", "match"),
        (MULTIPLE, "办件量增长了1倍", "match"),
        (MULTIPLE, "办件量增长200%", "value_mismatch"),
        (MULTIPLE, "网上办理量增长150%", "match"),
        (MULTIPLE, "网上办理量增长15%", "value_mismatch"),
        # 环比 (the period before) for 同比 (the same period of the year before), or the other way round
        (BASES, "办件量环比增长5.6%", "kind_mismatch"),
        (BASES, "办件量较上年增长5.6%", "match"),
        (BASES, "办件量增长5.6%", "match"),  # no basis named: none to contradict
        (BASES, "四季度办件量同比下降3.1%", "kind_mismatch"),
        (BASES, "四季度办件量环比下降3.1%", "match"),
    ],
)
def test_a_restatement_says_the_same_or_fails(source: str, claim: str, verdict: str) -> None:
    (check,) = SourceIndex(Document.from_text(source)).check(claim)
    assert check.verdict == verdict, check.reason


def test_consistent_needs_the_same_bound_when_open_ended(index: SourceIndex) -> None:
    assert verdicts(index, "网办率达到60%以上") == [("60%以上", "mismatch", "value_mismatch")]
    assert verdicts(index, "通过率60%以上")[0][1] != "supported"


@pytest.mark.parametrize(
    ("candidate", "text"), [("并联审批率93.6%", "93.6%"), ("减免费用约1957万元", "约1957万元")]
)
def test_rounded_is_allowed_unless_strict(index: SourceIndex, candidate: str, text: str) -> None:
    (result,) = [v for v in verdicts(index, candidate) if v[0] == text]
    assert result[1] == "supported"
    strict = [v for v in verdicts(index, "并联审批率93.6%", strict=True) if v[0] == "93.6%"]
    assert strict == [("93.6%", "mismatch", "rounded")]


@pytest.mark.parametrize(
    ("candidate", "supported"),
    [
        ("受理矛盾纠纷1.35万件", True),  # 13527件 restated in 万, as a briefing writes it
        ("受理矛盾纠纷1.4万件", True),
        ("办理案件8.43万件", True),
        ("发放补贴资金0.12亿元", True),  # 1173万元 in 亿
        ("受理矛盾纠纷1.36万件", False),  # rounds to a figure the source does not give
        ("受理矛盾纠纷1万件", False),  # one digit covers too much: it needs 约
        ("调处成功1.35万件", False),  # 13527 rounded, but the words are those of 13377
    ],
)
def test_restated_in_a_larger_unit_is_rounded(candidate: str, supported: bool) -> None:
    source = "受理矛盾纠纷13527件,调处成功13377件。办理案件84315件。发放补贴资金1173万元。"
    index = SourceIndex(Document.from_text(source))
    (found,) = verdicts(index, candidate)
    assert (found[1] == "supported") is supported
    if supported:
        assert found[2] == "rounded"
        assert verdicts(index, candidate, strict=True)[0][1:] == ("mismatch", "rounded")


@pytest.mark.parametrize(
    ("candidate", "supported"),
    [("是上年的2倍", False), ("纠错率3%", False), ("出庭应诉率67%", True), ("纠错率13%", True)],
)
def test_rounding_may_move_a_figure_five_percent_at_most(candidate: str, supported: bool) -> None:
    source = "办理复议案件是上年的1.5倍,纠错率2.6%,其中行政纠错率12.5%。出庭应诉率66.7%。"
    index = SourceIndex(Document.from_text(source))
    (found,) = verdicts(index, candidate)
    assert (found[1] == "supported") is supported, found


@pytest.mark.parametrize(
    ("source", "candidate", "supported"),
    [
        ("全县三分之二的行政村建成法治文化阵地", "全县66.67%的行政村建成", True),
        ("全县三分之二的行政村建成法治文化阵地", "全县66.7%的行政村建成", True),
        ("全县三分之二的行政村建成法治文化阵地", "全县67%的行政村建成", True),
        ("全县三分之二的行政村建成法治文化阵地", "全县约67%的行政村建成", True),
        ("全县三分之二的行政村建成法治文化阵地", "全县68%的行政村建成", False),
        ("全县66.7%的行政村建成法治文化阵地", "全县三分之二的行政村建成", True),
        ("全县66.7%的行政村建成法治文化阵地", "全县四分之三的行政村建成", False),
        # a fraction is qualified as a figure in digits is: a bound dropped or turned is no restatement
        ("审核人员不足三分之一具有法律职业资格", "审核人员三分之一具有法律职业资格", False),
        ("审核人员不足三分之一具有法律职业资格", "审核人员超过三分之一具有法律职业资格", False),
        ("审核人员不足三分之一具有法律职业资格", "审核人员不足三分之一具有法律职业资格", True),
        ("審核人員三分之二以上具有法律職業資格", "審核人員三分之二以上具有", True),
        ("審核人員三分之二以上具有法律職業資格", "審核人員不到三分之二具有", False),
    ],
)
def test_a_fraction_and_its_percent_restate_each_other(source: str, candidate: str, supported: bool) -> None:
    index = SourceIndex(Document.from_text(source))
    (found,) = verdicts(index, candidate)
    assert (found[1] == "supported") is supported, found


def test_rounding_that_changes_integer_digits_is_a_value_mismatch(index: SourceIndex) -> None:
    assert verdicts(index, "并联审批率90%")[0][1] != "supported"
    assert verdicts(index, "减免费用1960万元")[0][1] != "supported"


@pytest.mark.parametrize(
    ("candidate", "text", "verdict"),
    [
        ("培训干部2000人次", "2000人次", "qualifier_mismatch"),  # 余 dropped
        ("化解纠纷1800余件", "1800余件", "qualifier_mismatch"),  # 近 flipped
        ("挽回损失860.88万元", "860.88万元", "qualifier_mismatch"),
        ("减免费用1957.08万元", "1957.08万元", "qualifier_mismatch"),  # 约 dropped
        ("培训干部2000余人", "2000余人", "unit_mismatch"),
        ("受理行政复议案件30余项", "30余项", "unit_mismatch"),  # (30余件 restates 30余起: cases alike)
        ("调解结案数同比下降42.86%", "同比下降42.86%", "direction_mismatch"),
        ("调解结案数上升42.86个百分点", "上升42.86个百分点", "kind_mismatch"),
        ("办理2023件", "2023件", "kind_mismatch"),
    ],
)
def test_mismatches(index: SourceIndex, candidate: str, text: str, verdict: str) -> None:
    assert (text, "mismatch", verdict) in verdicts(index, candidate)


def test_from_to_ends_and_difference(index: SourceIndex) -> None:
    assert verdicts(index, "一次性通过率提升至95%") == [("95%", "supported", "match")]
    assert verdicts(index, "一次性通过率由53.4%提升至95%")[0][2] == "match"
    assert verdicts(index, "一次性通过率提升41.6个百分点") == [("提升41.6个百分点", "supported", "derived")]
    assert verdicts(index, "一次性通过率由53.4%提升至96%")[0][1] != "supported"


CHANGES = (
    "办理行政处罚案件1,386件,较2023年的1,512件下降8.3%。行政诉讼败诉率由上年的8.2%下降至4.5%。"
    "群众满意率由90%上升至85%。"  # a source that says its own change the wrong way
    "全市共取消和下放行政许可事项23项,市级行政许可事项由2023年的286项精简至263项。"
    "行政应诉工作全省排名由第14位上升至第9位。"
)


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        # a verb that says the other way than the two ends go: no source can support the change
        ("败诉率由8.2%上升至4.5%", [("由8.2%上升至4.5%", "mismatch", "direction_mismatch")]),
        ("败诉率从8.2%提高到4.5%", [("从8.2%提高到4.5%", "mismatch", "direction_mismatch")]),
        ("败诉率由8.2%降至4.5%", [("由8.2%降至4.5%", "supported", "match")]),
        ("行政处罚案件由1512件增加至1386件", [("1386件", "mismatch", "direction_mismatch")]),
        # the words naming a change's second end are its subject, not the first end and the verb
        (
            "行政处罚案件由1512件下降至1386件",
            [("1512件", "supported", "match"), ("1386件", "supported", "match")],
        ),
        # a year before the first end is no word of it, and the second end is named by the subject too,
        # not by the figure before the subject (23项)
        ("市级行政许可事项263项", [("263项", "supported", "match")]),
        ("2023年市级行政许可事项286项", [("286项", "supported", "match")]),
        ("市级行政许可事项286项", [("286项", "mismatch", "possible_misattribution")]),
        ("取消和下放行政许可事项263项", [("263项", "mismatch", "possible_misattribution")]),
        # as the source itself says it: what the source states, right or wrong, is supported
        ("群众满意率从90%上升到85%", [("从90%上升到85%", "supported", "match")]),
        # a rank's ends: the first is what it was; a rank goes up as its number falls, by places
        ("行政应诉工作全省排名第14位", [("第14位", "mismatch", "possible_misattribution")]),
        ("行政应诉工作全省排名第9位", [("第9位", "supported", "match")]),
        ("行政应诉工作全省排名上升5位", [("5位", "supported", "derived")]),
        ("行政应诉工作全省排名下降5位", [("5位", "mismatch", "direction_mismatch")]),
    ],
)
def test_a_change_said_by_its_two_ends(candidate: str, expected: list[tuple[str, str, str]]) -> None:
    changes = SourceIndex(Document.from_text(CHANGES), report_year=2024)
    found = verdicts(changes, candidate)
    assert [check for check in found if check[0] in {text for text, _, _ in expected}] == expected


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        # a change said as a noun (增幅, 降幅, 增长率), with or without a word linking it to its figure
        ("行政复议申请增幅46.3%", ("增幅46.3%", "supported", "match")),
        ("行政复议申请同比增幅为46.3%", ("同比增幅为46.3%", "supported", "match")),
        ("行政诉讼案件同比降幅达12.1%", ("同比降幅达12.1%", "supported", "match")),
        ("行政复议申请增长率46.3%", ("增长率46.3%", "supported", "match")),
        ("行政复议申请降幅为46.3%", ("降幅为46.3%", "mismatch", "direction_mismatch")),
        ("行政诉讼案件数为12.1%", ("12.1%", "mismatch", "kind_mismatch")),  # (a level, not a change)
    ],
)
def test_a_change_said_as_a_noun(candidate: str, expected: tuple[str, str, str]) -> None:
    index = SourceIndex(
        Document.from_text("收到行政复议申请1,742件,同比增长46.3%。行政诉讼案件同比下降12.1%。")
    )
    assert verdicts(index, candidate) == [expected]


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("执法人员与常住人口比约为1:4800", ("1:4800", "ignored", "identifier")),
        ("执法人员与常住人口比约为1:5000", ("1:5000", "unsupported", "not_found")),
        ("执法人员与常住人口比约为4800:1", ("4800:1", "unsupported", "not_found")),  # (inverted)
    ],
)
def test_a_ratio_is_checked_as_written(candidate: str, expected: tuple[str, str, str]) -> None:
    index = SourceIndex(Document.from_text("全县执法人员与常住人口之比为1∶4800,另有专职人员1名。"))
    assert verdicts(index, candidate) == [expected]


def last_verdict(source: str, candidate: str, report_year: int = 2024) -> tuple[str, str, str]:
    """The verdict of the candidate's last number, checked against ``source`` of ``report_year``."""
    return verdicts(SourceIndex(Document.from_text(source), report_year=report_year), candidate)[-1]


# sources a claim is read against in context: what its words say beyond its figure
CONTEXTS = {
    "change_alone": (
        "全市共取消和下放行政许可事项23项,市级行政许可事项由2023年的286项精简至263项。"
        "全市共收到行政复议申请2,645件,同比增长37.2%;受理2,318件,审结2,206件。"
    ),
    "change_subject": "全年新登记各类经营主体4.12万户,同比增长6.8%;全市实有经营主体达到38.6万户。",
    "long_sentence": (
        "全年收到行政复议申请186件,依法受理171件;审结164件,其中维持98件、撤销11件、确认违法6件、"
        "责令履行4件、驳回申请21件、调解和解终止24件,纠错率为12.8%。"
        "2025年工作安排:力争行政复议案件审结率达到98%以上,纠错率下降至10%以下。"
    ),
    "paragraph_topic": (
        "(四)发挥行政复议化解争议主渠道作用。全市各级行政复议机关共收到行政复议申请2318件。"
        "经审理,直接纠错264件,纠错率为13.3%,较上年提高2.1个百分点。"
    ),
    "rank": "全省人民调解组织调解矛盾纠纷42.7万件,调解成功率为98.2%,居全国第3位。",
    "breakdown": "全区行政机关共办理行政诉讼案件64件,较上年减少11件。其中,一审案件47件,二审案件17件。",
    "year_and_last_year": "全市共收到行政复议申请2318件,同比增长37.5%。2023年全市收到行政复议申请1686件。",
    # each change follows the figure it is of, in one sentence with the others
    "changes_in_a_row": (
        "全市共办理行政处罚案件3.62万件,较上年下降6.4%,罚没款金额4.15亿元,较2023年下降12.7%。"
        "全市一审行政诉讼案件共1452件,同比下降8.9%,审结1390件。"
        "全年收到行政复议申请186件,较上年增加52件,依法受理171件。"
    ),
    "targets": (
        "开展行政执法案卷评查,抽查案卷1,350卷,问题率6.4%。执法人员持证率100%,行政机关负责人出庭应诉率达99.2%。"
        "2025年工作安排:一是持续推进综合执法改革,力争执法案卷问题率降至5%以下。"
        # 力争 sets every figure after it in its sentence, not only its own clause's
        "二是力争投诉举报办结率保持在99%以上,案卷优秀率提高到75%。评查案卷310卷,优秀率较上年提高5.6个百分点,达到71.3%。"
        "投诉举报办结率99.7%。"
    ),
    "rate_and_points": (
        "“一网通办”可办率达到98.6%,比上年提高3.1个百分点。问题率6.4%,较上年下降2.3个百分点。"
        "群众满意率96%,提高6个百分点。"
    ),
}
SUPPORTED = ("supported", "match")
MISATTRIBUTED = ("mismatch", "possible_misattribution")


@pytest.mark.parametrize(
    ("source", "candidate", "expected"),
    [
        # a clause that only says how something changed is about the clause before it
        ("change_alone", "市级行政许可事项压减至263项,减少23项", SUPPORTED),
        ("change_alone", "收到行政复议申请2645件,同比增长37.2%", SUPPORTED),
        # (the growth is of the applications received)
        ("change_alone", "受理2318件,同比增长37.2%", ("unsupported", "unanchored")),
        # …and a change said of what another figure of its paragraph counts is not that figure's
        ("change_alone", "受理行政复议申请2318件,同比增长37.2%", ("unsupported", "unanchored")),
        ("change_alone", "审结行政复议申请同比增长37.2%", ("unsupported", "unanchored")),
        ("change_alone", "收到行政复议申请同比增长37.2%", SUPPORTED),
        ("change_subject", "实有经营主体同比增长6.8%", ("unsupported", "unanchored")),
        ("change_subject", "新登记经营主体同比增长6.8%", SUPPORTED),
        ("change_subject", "实有经营主体38.6万户", SUPPORTED),
        # a long sentence's opening words name its last figure too, however far from it
        ("long_sentence", "行政复议纠错率12.8%", SUPPORTED),
        ("long_sentence", "法律援助案件纠错率12.8%", MISATTRIBUTED),
        # …and a paragraph's opening words what its later sentences are about
        ("paragraph_topic", "行政复议纠错率较上年提高2.1个百分点", SUPPORTED),
        ("paragraph_topic", "行政复议纠错率为13.3%", SUPPORTED),
        ("paragraph_topic", "法律援助纠错率13.3%", ("unsupported", "unanchored")),
        # a rank, like a change, is of the figure it follows: given to another figure of its sentence, caught
        ("rank", "调解成功率居全国第3位", SUPPORTED),
        ("rank", "调解矛盾纠纷数量居全国第3位", ("unsupported", "unanchored")),
        # a rank said after a figure of the claim is that figure's, as in the source
        ("rank", "调解矛盾纠纷42.7万件,居全国第3位", ("unsupported", "unanchored")),
        ("rank", "调解成功率98.2%,居全国第3位", SUPPORTED),
        # a breakdown's sentence (其中,…) is of what the sentence before counts: a part given as the total,
        # or the total as a part, is caught
        ("breakdown", "一审行政诉讼案件47件", SUPPORTED),
        ("breakdown", "行政诉讼一审案件64件", MISATTRIBUTED),
        ("breakdown", "行政诉讼案件64件", SUPPORTED),
        # a figure of last year takes no words of the report year's figure, unless the claim names that year
        ("year_and_last_year", "全市收到行政复议申请2318件", SUPPORTED),
        ("year_and_last_year", "2024年全市收到行政复议申请2318件", SUPPORTED),
        ("year_and_last_year", "2023年全市收到行政复议申请2318件", ("unsupported", "unanchored")),
        ("year_and_last_year", "2023年全市收到行政复议申请1686件", SUPPORTED),
        ("year_and_last_year", "行政复议申请由2023年的1686件增至2318件", SUPPORTED),
        # a change given to the figure next to its own, in the same sentence: that figure's own change
        ("changes_in_a_row", "罚没款金额较上年下降6.4%", MISATTRIBUTED),
        ("changes_in_a_row", "行政处罚案件同比下降12.7%", MISATTRIBUTED),
        ("changes_in_a_row", "处罚案件3.62万件,较上年下降6.4%", SUPPORTED),
        ("changes_in_a_row", "罚没款4.15亿元,同比下降12.7%", SUPPORTED),
        # …or none: a step named by its verb alone counts what the figure before it counts
        ("changes_in_a_row", "一审行政诉讼案件审结1390件,同比下降8.9%", ("unsupported", "unanchored")),
        ("changes_in_a_row", "一审行政诉讼案件1452件,同比下降8.9%", SUPPORTED),
        ("changes_in_a_row", "依法受理行政复议申请171件,较上年增加52件", ("unsupported", "unanchored")),
        ("changes_in_a_row", "收到行政复议申请186件,较上年增加52件", SUPPORTED),
        # a target of the plan is no rival for the figure reached, whose words it repeats…
        ("targets", "执法案卷问题率6.4%", SUPPORTED),
        ("targets", "執法案卷問題率6.4%", SUPPORTED),
        # …but a claim that makes the figure reached a target is judged against the target
        ("targets", "力争执法案卷问题率降至6.4%", MISATTRIBUTED),
        # a target said of no time at all is said as reached; under a plan heading, or said as a plan, it is
        # the plan's
        ("targets", "执法案卷问题率降至5%以下", ("unsupported", "unanchored")),
        ("targets", "### 下一年度安排\n- 执法案卷问题率降至5%以下", SUPPORTED),
        ("targets", "下一步,执法案卷问题率降至5%以下", SUPPORTED),
        ("targets", "行政机关负责人出庭应诉率100%", MISATTRIBUTED),  # the 100% is 持证率's
        ("targets", "评查案卷优秀率71.3%", SUPPORTED),
        # a target said of the report year is no figure reached; said of a later year, it is the plan's
        ("targets", "2024年案卷优秀率达到75%", ("unsupported", "unanchored")),
        ("targets", "今年案卷优秀率达到75%", ("unsupported", "unanchored")),
        ("targets", "2025年案卷优秀率提高到75%", SUPPORTED),
        ("targets", "案卷优秀率提高到75%", ("unsupported", "unanchored")),
        ("targets", "**下一步工作**\n案卷优秀率提高到75%", SUPPORTED),
        ("targets", "将案卷优秀率提高到75%", SUPPORTED),
        (
            "targets",
            "案卷优秀率已达到75%",
            ("unsupported", "unanchored"),
        ),  # …but not one saying it is reached
        ("targets", "案卷优秀率提高到了75%", ("unsupported", "unanchored")),
        # a clause that only says a figure was reached (达到) takes the words of the clause before it
        ("targets", "评查案卷优秀率较上年提高5.6个百分点,达到71.3%", SUPPORTED),
        ("targets", "行政机关负责人出庭应诉率较上年提高5.6个百分点,达到71.3%", MISATTRIBUTED),
        # a rate of all (or none) rounds nothing: 100% says every complaint was handled, 99.7% does not
        ("targets", "投诉举报办结率100%", MISATTRIBUTED),
        ("targets", "投诉举报办结率近100%", ("supported", "consistent")),
        # a rate and its change in points with a basis restate as one change by its two ends
        ("rate_and_points", "一网通办可办率由上年的95.5%提升至98.6%", SUPPORTED),
        ("rate_and_points", "問題率由8.7%下降至6.4%", SUPPORTED),
        ("rate_and_points", "一网通办可办率从95.5%下降到98.6%", ("mismatch", "direction_mismatch")),
        ("rate_and_points", "一网通办可办率从95.6%提高到98.6%", ("mismatch", "kind_mismatch")),  # no such end
        ("rate_and_points", "满意率由90%上升至96%", ("mismatch", "kind_mismatch")),  # no basis: to what?
    ],
)
def test_a_claim_is_read_in_the_context_of_its_figure(source: str, candidate: str, expected) -> None:
    assert last_verdict(CONTEXTS[source], candidate)[1:] == expected


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("罚没款同比-11.2%", ("supported", "match")),
        ("| 罚没款 | 2316.8万元 | -11.2% |", ("supported", "match")),  # a table's column of changes
        ("| 新登记经营主体 | 4.12万户 | +6.8% |", ("supported", "match")),
        ("新登记经营主体↑6.8%", ("supported", "match")),
        ("新登记经营主体同比-6.8%", ("mismatch", "direction_mismatch")),
        ("罚没款同比+11.2%", ("mismatch", "direction_mismatch")),
        ("满意率50%-60%的事项", ("supported", "match")),  # a dash between figures is no sign
    ],
)
def test_a_signed_percent_is_a_change(candidate: str, expected: tuple[str, str]) -> None:
    """-11.2% or ↓11.2% says a fall, as 下降11.2% does: a model's table of changes is read as one."""
    source = (
        "罚没款2,316.8万元,同比下降11.2%;全年新登记经营主体4.12万户,同比增长6.8%。满意率50%-60%的事项3项。"
    )
    assert last_verdict(source, candidate)[1:] == expected


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("事项扩展至58项,增加28项", "supported"),  # 扩展至 links the two ends of a change
        ("事项扩展至58项,实现翻一番", "supported"),
        ("事项扩展至58项,增长100%", "supported"),
        ("事项扩展至58项,翻了两番", "unsupported"),  # quadrupled is no doubling
    ],
)
def test_a_change_extended_to_and_a_doubling(candidate: str, expected: str) -> None:
    source = "“一件事一次办”事项由2022年的30项扩展至58项,实现翻一番。"
    assert last_verdict(source, candidate, 2023)[1] == expected


def test_an_aside_with_figures_of_its_own_says_what_they_count_not_what_the_figure_before_counts() -> None:
    index = SourceIndex(Document.from_text("共办理法律援助案件326件,其中刑事案件112件,民事案件190件。"))
    assert [v[1] for v in verdicts(index, "法律援助:办理案件326件(刑事112件、民事190件)")] == [
        "supported"
    ] * 3
    assert [v[1] for v in verdicts(index, "法律援助:办理案件326件(刑事190件、民事112件)")] == [
        "supported",
        "mismatch",
        "mismatch",
    ]


def test_swapped_figures_are_possible_misattribution(index: SourceIndex) -> None:
    result = verdicts(index, "现场检查医药机构550家,处理医药机构2085家")
    assert [v[2] for v in result] == ["possible_misattribution", "possible_misattribution"]
    assert {v[2] for v in verdicts(index, "竣工95部,在建208部")} == {"possible_misattribution"}
    checks = index.check("全程网办率93.64%")
    assert checks[0].verdict == "possible_misattribution"
    assert [s.text for s in checks[0].source] == ["100%", "93.64%"]


def test_faithful_paraphrase_is_not_misattribution(index: SourceIndex) -> None:
    assert verdicts(index, "审结行政复议案件28件") == [("28件", "supported", "match")]
    assert verdicts(index, "处理医药机构共550家") == [("550家", "supported", "match")]


def test_changed_value_in_a_recognisable_clause_is_a_value_mismatch(index: SourceIndex) -> None:
    assert verdicts(index, "审结29件") == [("29件", "mismatch", "value_mismatch")]
    assert verdicts(index, "审结行政复议案件29件")[0][1] in ("mismatch", "unsupported")


def test_not_found(index: SourceIndex) -> None:
    assert verdicts(index, "新增仲裁员77名") == [("77名", "unsupported", "not_found")]
    assert verdicts(index, "发放宣传资料3.98份")[0][1:] == ("mismatch", "value_mismatch")


def test_years_and_dates_are_checked(index: SourceIndex) -> None:
    assert verdicts(index, "2023年") == [("2023年", "supported", "match")]
    assert verdicts(index, "2023年度") == [("2023年度", "supported", "match")]
    assert verdicts(index, "2025年") == [("2025年", "unsupported", "not_found")]
    assert verdicts(index, "2022年") == [("2022年", "unsupported", "not_found")]
    assert verdicts(index, "二〇二四年二月二十九日") == [("二〇二四年二月二十九日", "supported", "match")]
    assert verdicts(index, "2024-02-29") == [("2024-02-29", "supported", "match")]
    assert verdicts(index, "2024年2月28日")[0][1:] == ("mismatch", "value_mismatch")
    assert verdicts(index, "4月13日") == [("4月13日", "supported", "match")]
    assert verdicts(index, "2021至2025年") == [("2021至2025年", "supported", "match")]


def test_identifiers_are_checked_literally(index: SourceIndex) -> None:
    assert verdicts(index, "党的二十大") == [("二十大", "ignored", "identifier")]
    assert verdicts(index, "12348热线") == [("12348", "ignored", "identifier")]
    assert verdicts(index, "“1555”工作机制") == [("1555", "ignored", "identifier")]
    assert verdicts(index, "入选第二批示范县") == [("第二批", "ignored", "identifier")]
    assert verdicts(index, "12345热线") == [("12345", "unsupported", "not_found")]
    assert verdicts(index, "入选第三批示范县") == [("第三批", "unsupported", "not_found")]
    assert verdicts(index, "依照第二十五条") == [("第二十五条", "ignored", "identifier")]
    assert verdicts(index, "《青禾县法治政府建设实施方案(2021—2025年)》") == [
        ("2021—2025年", "ignored", "identifier")
    ]


def test_quoted_and_title_spans_must_occur_in_the_source(index: SourceIndex) -> None:
    # a title the source never names is not the source's, whatever its numbers are
    assert verdicts(index, "《法治政府建设实施纲要(2021—2025年)》") == [
        ("2021—2025年", "unsupported", "not_found")
    ]
    assert verdicts(index, "印发《青禾县法治政府建设实施方案(2021—2026年)》")[0][1:] == (
        "unsupported",
        "not_found",
    )
    assert verdicts(index, "“1556”工作机制") == [("1556", "unsupported", "not_found")]
    checks = index.check("落实「最多跑一次」改革")  # a quote without a number
    assert [(c.text, c.kind, c.status) for c in checks] == [("「最多跑一次」", "quote", "unsupported")]
    assert index.check("《青禾县法治政府建设实施方案》") == []  # an abridged title is still the source's


def test_enumerators_and_lexical_words_are_never_checked(index: SourceIndex) -> None:
    assert verdicts(index, "一是进一步统一认识;(二)加强队伍建设;1.下一步工作") == []


def test_source_refs_point_into_the_original(index: SourceIndex) -> None:
    check = index.check("培训干部2000余人次")[0]
    ref = check.source[0]
    assert SOURCE[ref.start : ref.end] == ref.text == "2000余人次"
    assert (check.start, check.end, check.value, check.unit, check.qualifier) == (
        4,
        11,
        "2000",
        "人次",
        "over",
    )


def test_check_value_inside_an_evidence_span(index: SourceIndex) -> None:
    start = SOURCE.index("发放宣传资料")
    end = start + len("发放宣传资料3.98万份")
    assert index.check_value("39800份", start, end).verdict == "match"
    assert index.check_value("39900份", start, end).status == "unsupported"
    elsewhere = SOURCE.index("审结28件")
    assert index.check_value("39800份", elsewhere, elsewhere + 6).status == "unsupported"
    assert index.check_value("无数字", start, end).verdict == "not_found"


def test_traditional_source_and_mixed_candidate() -> None:
    # read like any source, so that the words around its numbers are also folded to Simplified
    doc = read_bytes(
        "2024年,全區共受理行政復議案件159件,辦結134件,走訪群眾5萬餘人次,滿意率達98.6%。".encode()
    )
    index = SourceIndex(doc)
    assert verdicts(index, "全区受理行政复议案件159件") == [("159件", "supported", "match")]
    assert verdicts(index, "走访群众5万余人次")[0][1:] == ("supported", "match")
    assert verdicts(index, "走訪群眾50000餘人次")[0][1:] == ("supported", "match")
    assert verdicts(index, "满意率达百分之九十八点六")[0][1:] == ("supported", "match")


def test_a_restated_claim_is_judged_as_if_alone() -> None:
    """A claim judged once serves every field restating it (a briefing point and its Markdown line):
    the checks are those of a fresh index, each a separate object placed in its own text."""
    point = "**行政复议**: 受理行政复议案件30余起,审结28件,处理医药机构2085家"
    line = f"- {point}\n- 培训干部2000余人次"
    alone = [asdict(c) for c in SourceIndex(Document.from_text(SOURCE)).check(line)]
    index = SourceIndex(Document.from_text(SOURCE))
    first = index.check(point)
    first[0].field = "briefing.points[0].text"
    again = index.check(line)
    assert [asdict(c) for c in again] == alone
    assert [c.start for c in again[:3]] == [c.start + 2 for c in first]
    assert again[2].verdict == "possible_misattribution"  # a failing verdict is reused as it was
    assert again[0].field is None


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\u00ad", "\ufeff", "\u200d"])
def test_invisible_characters_neither_split_a_number_nor_hide_a_wrong_one(
    index: SourceIndex, invisible: str
) -> None:
    # 审结2{ZWSP}9件 shows 审结29件: wrong (the source says 28件), not a bare 2 that the source has
    wrong = verdicts(index, f"审结2{invisible}9件")
    assert [(status, verdict) for _, status, verdict in wrong] == [("mismatch", "value_mismatch")]
    right = verdicts(index, f"受理行政复议案件30余{invisible}起,审结28{invisible}件")
    assert [status for _, status, _ in right] == ["supported", "supported"]


def test_the_invisible_table_holds_only_invisible_characters() -> None:
    import unicodedata

    from summarizer.numbers.normalize import INVISIBLE

    codes = [code for low, high in INVISIBLE for code in range(low, high + 1)]
    for code in codes:
        char = chr(code)
        assert unicodedata.category(char) == "Cf" or "VARIATION SELECTOR" in unicodedata.name(char, ""), hex(
            code
        )
    general_punctuation_formats = [c for c in range(0x2000, 0x2070) if unicodedata.category(chr(c)) == "Cf"]
    assert set(general_punctuation_formats) <= set(codes)


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("审结28,全程网办率100", [("28", "supported", "match"), ("100", "supported", "match")]),
        ("可办政务事项共2380", [("2380", "supported", "match")]),
        ("2380", [("2380", "supported", "match")]),  # no words: the value is all there is to check
        # without a measure word a number is still a claim about what its words name
        ("审结行政复议案件2380", [("2380", "mismatch", "possible_misattribution")]),
        ("全程网办率93.64", [("93.64", "mismatch", "possible_misattribution")]),
        ("受理行政复议案件30", [("30", "mismatch", "qualifier_mismatch")]),  # the source says 30余起
        ("审结77", [("77", "unsupported", "not_found")]),
    ],
)
def test_a_number_without_unit_must_be_found_for_what_its_words_name(
    index: SourceIndex, candidate: str, expected: list[tuple[str, str, str]]
) -> None:
    assert verdicts(index, candidate) == expected


@pytest.mark.parametrize(
    ("candidate", "status"),
    [
        ("可办政务事项超过2000项", "supported"),  # 2380: a 2000-odd figure, as 2000余项 reads
        ("可办政务事项逾2000项", "supported"),
        ("并联审批率超九成", "supported"),  # 93.64%
        ("可办政务事项不超过3000项", "supported"),
        ("可办政务事项超过1000项", "mismatch"),  # true, but a step short of what the source says
        ("可办政务事项超过2400项", "mismatch"),  # false
        ("并联审批率超过95%", "mismatch"),
        ("并联审批率近九成", "mismatch"),
    ],
)
def test_an_open_bound_rounds_a_closed_source_figure_within_one_step(
    index: SourceIndex, candidate: str, status: str
) -> None:
    assert verdicts(index, candidate)[0][1] == status


def test_a_lone_magnitude_after_a_qualifier_is_a_number_to_check(index: SourceIndex) -> None:
    from summarizer.numbers.mentions import analyse

    assert [(m.raw, m.value, m.qualifier) for m in analyse("覆盖群众近万人次,办理逾千件")[1]] == [
        ("近万人次", 10000, "under"),
        ("逾千件", 1000, "at_least"),
    ]
    assert analyse("万人成讼率下降,千方百计服务百姓")[1] == []  # words, not numbers
    # 2085家 in the source: a claim written this way was not read at all, so never checked
    assert verdicts(index, "现场检查医药机构逾两千家")[0][1] == "supported"
    assert verdicts(index, "现场检查医药机构近千家")[0][1] == "mismatch"
    assert verdicts(index, "培训干部近万人次")[0][1] == "mismatch"


def test_the_tenths_after_cheng_are_read(index: SourceIndex) -> None:
    from summarizer.numbers.mentions import analyse

    assert [(m.raw, m.value) for m in analyse("满意度达九成五,九成五个")[1]] == [
        ("九成五", 95),
        ("九成", 90),
        ("五个", 5),
    ]
    # 93.64% in the source: 九成五 (95%) was read as 九成 (90%)
    assert verdicts(index, "并联审批率九成五")[0][1] != "supported"


def test_one_percentage_point_is_a_number_while_one_alone_is_a_word() -> None:
    from summarizer.numbers.mentions import analyse

    assert [(m.raw, m.kind, m.value) for m in analyse("同比提高一个百分点,一次性告知,一个窗口")[1]] == [
        ("同比提高一个百分点", "pct_point", 1),
    ]


def test_duo_after_cheng_is_a_qualifier(index: SourceIndex) -> None:
    # 93.64% in the source: 九成多 (over 90%) is true; 八成多 is not; 多 was dropped (九成 exact, a false alarm)
    assert verdicts(index, "并联审批率九成多") == [("九成多", "supported", "consistent")]
    assert verdicts(index, "并联审批率八成多")[0][1] == "mismatch"
