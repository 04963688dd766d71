"""A rules metric's name says what its number counts, wherever Chinese puts that: before the number
(受理行政复议申请38件) or after it, when the words before only set it up (为辖区9个社区…, 制定了7个…,
100%的办结率, 全街道共有46人参加…). Sentences are invented, in both scripts."""

from __future__ import annotations

import pytest

from summarizer.extract_rules import metrics_in
from summarizer.models import Metric
from summarizer.numbers.match import SourceIndex
from summarizer.reader import read_bytes
from summarizer.verify import verify_report


def metrics_of(sentence: str) -> dict[str, Metric]:
    """The sentence's metrics, by the number as written."""
    doc = read_bytes(sentence.encode("utf-8"))
    found = metrics_in(doc, 0, len(doc.text), area=None, section=None, numbers=SourceIndex(doc))
    return {metric.text: metric for metric in found}


@pytest.mark.parametrize(
    ("sentence", "number", "name"),
    [
        # the clause before names it: as it always did
        ("全年受理行政复议申请38件,审结35件。", "38件", "受理行政复议申请"),
        ("①新增市场主体5213户;②办结投诉举报326件。", "5213户", "新增市场主体"),  # (a list's marker is no word)
        ("全省立案查处违法行为1,624起。", "1,624起", "全省立案查处违法行为"),  # (为 ends a noun here)
        # words joined by 、 with no figure between are one name; a figure's clause before a 、 is not
        ("开展送法进社区、进企业活动480场。", "480场", "开展送法进社区、进企业活动"),
        ("通过调解、和解方式化解行政争议214件。", "214件", "通过调解、和解方式化解行政争议"),
        ("全年受理行政复议申请12件、审结10件。", "10件", "审结行政复议申请"),
        ("对18个县(市、区)政府、32个市政府部门开展考核。", "32个", "市政府部门开展考核"),
        ("其中,累计办理法律援助案件42件。", "42件", "办理法律援助案件"),
        ("全年共计受理法律援助申请318件。", "318件", "受理法律援助申请"),  # (共计 names nothing: not 计受理…)
        ("行政机关负责人出庭应诉率达到100%。", "100%", "行政机关负责人出庭应诉率"),
        # a table copied one cell a line: the label is the line before the figure
        ("主要数据\n行政复议收案\n63件\n", "63件", "行政复议收案"),
        ("主要數據\n行政機關負責人出庭應訴率：\n100%\n", "100%", "行政機關負責人出庭應訴率"),
        ("全年办结信访事项。\n63件\n", "63件", "63件"),  # a sentence's end is no label
        # a row labelled by a word that names nothing in a sentence (共计12次) keeps it
        ("项目 2023年 2024年\n行政复议案件 1,046 1,215\n共计 13,838 15,408\n", "15,408", "共计"),
        # a preposition or a verb's 了 before the number: the noun after it
        ("为辖区9个社区配备了兼职法律顾问。", "9个", "为辖区社区"),
        ("组织对5个执法单位开展案卷评查。", "5个", "组织对执法单位"),
        ("建立了由14家部门组成的联席会议机制。", "14家", "建立了由部门"),
        ("街道制定了6个方面的工作措施。", "6个", "街道制定了方面的工作措施"),
        # a number before 的: what it measures follows
        ("镇政府实现了100%的按期办结率。", "100%", "镇政府实现了按期办结率"),
        # only a scope before it, and a verb after it: who did what
        ("全街道共有46人参加行政执法资格考试。", "46人", "全街道参加行政执法资格考试"),
        # the noun ends at another number, and at a stop word that runs past its reach
        ("三个股室和综合办各2名联络员负责法治工作。", "三个", "股室和综合办"),
        ("组织对126项区行政审批服务事项作出调整。", "126项", "组织对区行政审批服务事项"),
        # a change alone in its clause: the figure before it says what changed
        ("全年办理政务服务事项12.6万件,同比上升8.5%。", "同比上升8.5%", "办理政务服务事项同比上升"),
        ("受理群眾信訪事項320件,同比下降6.1%。", "同比下降6.1%", "受理群眾信訪事項同比下降"),
        # a clause that only says how much (达到, 累计达): the subject is the clause before, less its change
        ("行政处罚案件数量较上年翻了一番,达到560件。", "560件", "行政处罚案件数量"),
        ("全年共开展执法检查,累计达1200次。", "1200次", "开展执法检查"),
        ("受理申请41件,达到39件。", "39件", "39件"),  # a clause with its own figure names not this one
        # Traditional script: the same stop words (並 开展, 配備) end the noun
        ("向各社區下放審批事項8項並開展業務培訓。", "8項", "向各社區下放審批事項"),
        ("為轄區9個社區配備了兼職法律顧問。", "9個", "為轄區社區"),
        # a name cut by its reach starts past the filler the cut split (not 年主持召开…)
        ("县长全年主持召开县政府常务会议专题研究法治政府建设工作4次。", "4次",
         "主持召开县政府常务会议专题研究法治政府建设工作"),
        # a noun after the number longer than its reach, without a 的, runs to its clause's near end
        ("全县有5个村获评省级民主法治示范村。", "5个", "全县有村获评省级民主法治示范村"),
        ("全區有3個社區獲評市級民主法治示範社區,", "3個", "全區有社區獲評市級民主法治示範社區"),
    ],
)  # fmt: skip
def test_a_metric_is_named_by_what_its_number_counts(sentence: str, number: str, name: str) -> None:
    assert metrics_of(sentence)[number].name == name


def verified_metrics_of(sentence: str) -> dict[str, Metric]:
    """:func:`metrics_of`, each metric checked by the verifier as a (name, value) claim."""
    metrics = metrics_of(sentence)
    data = [metric.model_dump() for metric in metrics.values()]
    assert verify_report(read_bytes(sentence.encode("utf-8")), {"schema_version": "2.2", "metrics": data}).ok
    return metrics


@pytest.mark.parametrize(
    ("sentence", "number", "name"),
    [
        # a step or a rate alone takes the object of its list's first clause
        ("全年收到行政复议申请58件,受理53件,审结50件,审结率94.3%。", "53件", "受理行政复议申请"),
        ("全年收到行政复议申请58件,受理53件,审结50件,审结率94.3%。", "50件", "审结行政复议申请"),
        ("全年收到行政复议申请58件,受理53件,审结50件,审结率94.3%。", "94.3%", "行政复议申请审结率"),
        ("备案审查规范性文件36件,纠正4件。", "4件", "纠正规范性文件"),  # two steps before the object
        # a rate of the clause before's outcome: that clause read whole, its outcome once
        ("各村调解组织化解纠纷812件,调解成功797件,成功率98.2%。", "98.2%", "调解成功率"),
        ("全年審查合同236份,審核通過231份,通過率97.9%。", "97.9%", "審核通過率"),
        ("立案查處違法案件73件,結案71件,結案率97.3%。", "97.3%", "違法案件結案率"),  # either script
        # a review's outcomes are its steps (维持, 撤销, 变更, 确认违法, 责令履行, 终止)
        ("办理行政复议案件12件,其中维持9件、撤销2件、终止1件。", "1件", "终止行政复议案件"),
        ("办理行政复议案件12件,其中维持8件、确认违法3件、责令履行1件。", "3件", "确认违法行政复议案件"),
        # …only when that clause names a step and an object, in the same sentence
        ("公布现行规范性文件101件,废止39件。", "39件", "废止"),  # 公布 is no step: 现行 ones are not废止
        ("办理行政处罚案件2315件,罚没款金额845.3万元,结案率98%。", "98%", "结案率"),  # another clause between
        ("收到行政复议申请58件。受理53件。", "53件", "受理"),  # another sentence
        ("全年收到行政复议申请58件,行政诉讼案件41件,审结39件。", "39件", "审结"),  # a noun clause between
    ],
)
def test_a_step_of_a_list_is_named_with_the_lists_object(sentence: str, number: str, name: str) -> None:
    assert verified_metrics_of(sentence)[number].name == name


@pytest.mark.parametrize(
    ("sentence", "number", "name", "indicator"),
    [
        # what the people counted did says which figure it is
        ("组织1260余名国家工作人员参加年度学法考试。", "1260余名", "组织国家工作人员参加年度学法考试",
         "training_participants"),
        ("组织58名单位主要负责人开展年终述法。", "58名", "组织单位主要负责人开展年终述法", "law_reports"),
        # what counted things did does not: 9 villages, not 9 adviser services
        ("全乡9个行政村实现法律顾问全覆盖。", "9个", "全乡行政村实现法律顾问全覆盖", None),
    ],
)  # fmt: skip
def test_what_the_counted_did_names_them_and_gives_people_their_indicator(
    sentence: str, number: str, name: str, indicator: str | None
) -> None:
    metric = metrics_of(sentence)[number]
    assert (metric.name, metric.indicator) == (name, indicator)


def test_a_short_clause_takes_its_subject_from_the_clauses_before_it() -> None:
    found = metrics_of("全年收到行政复议申请46件,受理41件,审结39件,纠错率12.2%。")
    assert [found[n].indicator for n in ("46件", "41件", "39件", "12.2%")] == [
        "admin_reconsideration_received",
        "admin_reconsideration_accepted",
        "admin_reconsideration_closed",
        "admin_reconsideration_correction_rate",
    ]


def test_a_name_read_after_the_number_gives_the_indicator() -> None:
    rate = metrics_of("镇政府实现了100%的按期办结率。")["100%"]
    assert rate.indicator == "statutory_completion_rate"
    people = metrics_of("全街道共有46人参加行政执法资格考试。")["46人"]
    assert people.indicator == "training_participants"


def test_traditional_names_are_matched_to_indicators_in_simplified_script() -> None:
    metric = metrics_of("向各街道辦事處下放行政執法事項24項並開展專項培訓。")["24項"]
    assert metric.name == "向各街道辦事處下放行政執法事項"
    assert metric.indicator == "enforcement_items"


@pytest.mark.parametrize(
    "sentence",
    ["推动镇村两级调解组织规范化建设,调解纠纷35件。", "建成县乡村三级公共法律服务平台,接待群众35人次。"],
)
def test_a_hierarchy_is_a_scope_not_a_metric(sentence: str) -> None:
    assert [metric.unit for metric in metrics_of(sentence).values()] in (["件"], ["人次"])


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("行政复议案件:45件;出庭应诉率: 100%。", {"45件": "行政复议案件", "100%": "出庭应诉率"}),  # a label
        ("1.收到复议申请52件\n2.办结48件\n", {"52件": "收到复议申请", "48件": "办结"}),  # not 1.收到…
        ("(1)收到复议申请:52件\n", {"52件": "收到复议申请"}),
        ("【行政复议】45件\n【行政诉讼】30件\n", {"45件": "行政复议", "30件": "行政诉讼"}),
    ],
)
def test_a_label_before_a_colon_names_its_figure_and_an_items_number_names_nothing(
    sentence: str, named: dict[str, str]
) -> None:
    assert {number: metric.name for number, metric in verified_metrics_of(sentence).items()} == named


@pytest.mark.parametrize(
    ("sentence", "texts"),
    [
        ("近两年案件情况如下。", []),
        ("近三年来累计办理案件300件。", ["300件"]),
        ("实施法治政府建设三年行动计划,每两年开展一次评估。", []),
        ("连续5年获评全省法治政府建设先进县。", ["5年"]),  # a count of years is a figure
        ("行政机关负责人出庭应诉率连续三年保持100%。", ["100%"]),  # …but not how long a figure held
        ("办理时限由20天压缩至5天。", ["20天", "5天"]),
    ],
)
def test_a_span_of_years_that_says_when_is_not_a_metric(sentence: str, texts: list[str]) -> None:
    assert list(metrics_of(sentence)) == texts


def test_the_cells_of_a_table_row_are_named_by_its_label_and_verify() -> None:
    # an HTML table flattened to text: a header line, then a label and one cell per column
    text = "一、主要成效\n指标 2022年 2023年\n行政机关负责人出庭应诉率 92.5% 100%\n行政诉讼案件 58件 63件\n"
    doc = read_bytes(text.encode("utf-8"))
    index = SourceIndex(doc)
    found = metrics_in(doc, 0, len(doc.text), area=None, section=None, numbers=index)
    assert [(m.name, m.value) for m in found if m.unit in ("%", "件")] == [
        ("行政机关负责人出庭应诉率", "92.5"),
        ("行政机关负责人出庭应诉率", "100"),
        ("行政诉讼案件", "58"),
        ("行政诉讼案件", "63"),
    ]
    report = {"schema_version": "1.0", "metrics": [m.model_dump(mode="json") for m in found]}
    failing = [c for c in verify_report(doc, report).numbers if c.status in ("mismatch", "unsupported")]
    assert failing == []
    claims = {text: index.check(text)[0].status for text in ("出庭应诉率100%", "出庭应诉率95%")}
    assert claims == {"出庭应诉率100%": "supported", "出庭应诉率95%": "mismatch"}


@pytest.mark.parametrize(
    ("sentence", "subject", "before", "after"),
    [
        ("省级行政许可事项由612项压减至548项。", "省级行政许可事项", "612项", "548项"),
        ("報建審批事項從63項減少到40項。", "報建審批事項", "63項", "40項"),
        ("审批时限由原来的30个工作日缩短为3个工作日。", "审批时限", "30个工作日", "3个工作日"),
        ("办件量从1.2万件增加到2.3万件。", "办件量", "1.2万件", "2.3万件"),
        # a verb that says no way (整合为, 调整为): the figures say it
        ("县级综合执法队伍由原来的47支整合为21支。", "县级综合执法队伍", "47支", "21支"),
        ("鄉鎮執法隊伍由32支調整為18支。", "鄉鎮執法隊伍", "32支", "18支"),
    ],
)
def test_a_change_stated_by_its_two_ends_names_both_by_its_subject_and_compares_with_the_first(
    sentence: str, subject: str, before: str, after: str
) -> None:
    """The first end is the figure the report compares with (other_year: never the canonical row nor a
    key figure of the briefing); neither end is named by words that hold the other (事项由612项压减至)."""
    metrics = verified_metrics_of(sentence)
    assert (metrics[before].name, metrics[before].period) == (subject, "other_year")
    assert (metrics[after].name, metrics[after].period) == (subject, "year")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "办理行政处罚案件1,386件,较2023年的1,512件下降8.3%。",
            [
                ("办理行政处罚案件", "year"),
                ("办理行政处罚案件", "other_year"),
                ("办理行政处罚案件下降", "year"),
            ],
        ),
        (
            "受理行政复议申请45件,比上年同期的38件增加7件。",
            [
                ("受理行政复议申请", "year"),
                ("受理行政复议申请", "other_year"),
                ("受理行政复议申请增加", "year"),
            ],
        ),
        (
            "办理案件45件,比上年(38件)增加7件。",
            [("办理案件", "year"), ("办理案件", "other_year"), ("办理案件增加", "year")],
        ),
        (
            "行政机关负责人出庭应诉率达到98.7%,比2022年(91.2%)提高7.5个百分点。",
            [
                ("行政机关负责人出庭应诉率", "year"),
                ("行政机关负责人出庭应诉率", "other_year"),
                ("行政机关负责人出庭应诉率提高", "year"),
            ],
        ),
        # the base figure is another year's: the words naming the report year (全年, 2024年) are not its
        (
            "县复议局全年共收到行政复议申请73件,较上年的58件增长25.9%。",
            [
                ("县复议局全年共收到行政复议申请", "year"),
                ("收到行政复议申请", "other_year"),
                ("县复议局全年共收到行政复议申请增长", "year"),
            ],
        ),
        (
            "2024年办理案件45件,比上年(38件)增加7件。",
            [("2024年办理案件", "year"), ("办理案件", "other_year"), ("2024年办理案件增加", "year")],
        ),
        # a change against a year named, with no base figure: the report year's, named as 同比 leaves it
        (
            "全县新登记市场主体5,213户,比2023年增长11.7%。",
            [("全县新登记市场主体", "year"), ("全县新登记市场主体比2023年增长", "year")],
        ),
        (
            "调解和解率22.5%,较2023年提高6.1个百分点。",
            [("调解和解率", "year"), ("调解和解率较2023年提高", "year")],
        ),
        ("行政处罚案件数量较2023年下降7.3%。", [("行政处罚案件数量", "year")]),
        ("行政复议申请与2023年同期相比增长12.1%。", [("行政复议申请", "year")]),
        (  # a 、 inside a quoted name is no clause break
            "全年开展“双随机、一公开”抽查278次。",
            [("开展“双随机、一公开”抽查", "year")],
        ),
    ],
)
def test_a_figure_compared_with_a_base_figure_names_both_and_its_change_by_its_subject(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    """The base figure (较2023年的1,512件) is the year compared with, named by the figure it is compared
    with; the change said of it (下降8.3%) is this year's, named by that subject and its verb; a thousands
    separator is no clause break (the name is never 512件); the verifier agrees with every name."""
    doc = read_bytes(sentence.encode("utf-8"))
    found = metrics_in(
        doc,
        0,
        len(doc.text),
        area=None,
        section=None,
        numbers=SourceIndex(doc, report_year=2024),
        report_year=2024,
    )
    assert [(m.name, m.period) for m in found] == expected
    report = {"schema_version": "2.2", "metrics": [m.model_dump() for m in found]}
    failing = [c for c in verify_report(doc, report, report_year=2024).numbers if c.status != "supported"]
    assert failing == []


@pytest.mark.parametrize(
    "sentence",
    [
        "全年共收到行政复议申请1,126件,同比增长18.6%;依法受理1,035件,审结982件。",
        "全年共收到行政复议申请1,126件,同比增长18.6%,依法受理1,035件,审结982件。",
        "全年共收到行政复议申请1,126件;受理1,035件;审结982件。",
        # nor the figure it is compared with, nor a part of it
        "全年共收到行政复议申请1,126件,较上年的980件增长14.9%,依法受理1,035件,审结982件。",
        "全年共收到行政复议申请1,126件,其中市本级428件;依法受理1,035件,审结982件。",
    ],
)
def test_a_lists_steps_after_a_change_aside_or_a_semicolon_take_its_object(sentence: str) -> None:
    """A list of steps goes on past the change said of its first figure (同比增长18.6%) and past a ; that a
    step opens (;依法受理): the steps are named with the list's object and get its indicators, and the
    verifier reads them so (a true briefing claim is supported)."""
    doc = read_bytes(sentence.encode("utf-8"))
    index = SourceIndex(doc, report_year=2024)
    found = metrics_in(doc, 0, len(doc.text), area=None, section=None, numbers=index, report_year=2024)
    named = {m.value: (m.name, m.indicator) for m in found}
    assert named["1035"] == ("受理行政复议申请", "admin_reconsideration_accepted")
    assert named["982"] == ("审结行政复议申请", "admin_reconsideration_closed")
    report = {"schema_version": "2.2", "metrics": [m.model_dump() for m in found]}
    assert [c for c in verify_report(doc, report, report_year=2024).numbers if c.status != "supported"] == []
    assert [c.verdict for c in index.check("受理行政复议申请1035件,审结行政复议案件982件")] == [
        "match",
        "match",
    ]


def test_a_change_said_of_a_changes_second_end_is_named_by_its_subject() -> None:
    metrics = verified_metrics_of("办件量从1.2万件增加到2.3万件,同比增长12%。")
    assert metrics["同比增长12%"].name == "办件量同比增长"  # not 办件量从1.2万件增加到同比增长


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        (
            "全年受理、审结行政复议案件分别为45件、40件,直接纠错率分别为8.9%和7.5%。",
            {
                "45件": ("受理行政复议案件", "admin_reconsideration_accepted"),
                "40件": ("审结行政复议案件", "admin_reconsideration_closed"),
                "8.9%": ("直接纠错率", "admin_reconsideration_correction_rate"),
                "7.5%": ("直接纠错率", "admin_reconsideration_correction_rate"),
            },
        ),
        (
            "行政机关负责人出庭应诉率、行政复议决定履行率分别达到100%和98.5%。",
            {"100%": ("行政机关负责人出庭应诉率", "court_appearance_rate"), "98.5%": ("行政复议决定履行率", None)},
        ),
        # one character names no item (市、县两级: the levels), nor does a list marker (2.) start a name
        ("2.市、县两级受理、审结行政复议案件分别为2,236件、2,105件。",
         {"2,236件": ("市、县两级受理行政复议案件", "admin_reconsideration_accepted"),
          "2,105件": ("审结行政复议案件", "admin_reconsideration_closed")}),
        # the last name's own words are its steps, however long the first name's scope (市本级受理)
        ("市本级受理、审结行政复议案件分别为587件、560件。",
         {"587件": ("市本级受理行政复议案件", "admin_reconsideration_accepted"),
          "560件": ("审结行政复议案件", "admin_reconsideration_closed")}),
        ("一審、二審行政訴訟案件分別為30件和12件。", {"30件": ("一審行政訴訟案件", "admin_litigation_cases"),
                                                  "12件": ("二審行政訴訟案件", "admin_litigation_cases")}),
        # names in the clause before, each with its own figure; what 分别 says is every item's
        ("立案查处食品安全案件426件、特种设备案件89件,分别占立案总数的22.9%和4.8%。",
         {"426件": ("立案查处食品安全案件", "enforcement_cases"), "89件": ("特种设备案件", None),
          "22.9%": ("立案查处食品安全案件占立案总数", None), "4.8%": ("特种设备案件占立案总数", None)}),
        ("行政复议收案98件、结案91件,分别同比增长10.1%和8.3%。",
         {"98件": ("行政复议收案", "admin_reconsideration_received"),
          "91件": ("行政复议结案", "admin_reconsideration_closed"),
          "同比增长10.1%": ("行政复议收案同比增长", None), "8.3%": ("行政复议结案同比增长", None)}),
        # 分别 after 同比 opens its clause too: the names are the sentence's clauses before, each up to its
        # figure, and 同比 is said of every item
        ("全年共办理法律援助案件3,126件,为群众挽回经济损失2,860余万元,同比分别增长12.3%和8.7%。",
         {"3,126件": ("办理法律援助案件", "legal_aid_cases"), "2,860余万元": ("为群众挽回经济损失", "money_recovered"),
          "增长12.3%": ("办理法律援助案件同比增长", None), "8.7%": ("为群众挽回经济损失同比增长", None)}),
        # a bare rate after the first name takes the object that name starts with (案卷合格率 → 案卷优秀率)
        ("全县行政执法案卷合格率和优秀率分别为98.2%和45.6%。",
         {"98.2%": ("全县行政执法案卷合格率", "case_file_quality_rate"),
          "45.6%": ("全县行政执法案卷优秀率", "case_file_quality_rate")}),
    ],
)  # fmt: skip
def test_the_figures_of_a_respective_list_are_named_by_their_items(sentence: str, named: dict) -> None:
    """分别: the n-th figure is the n-th name's, with the noun the last name ends in (受理 → 受理行政复议案件);
    the clause before the list holds every name, so it neither names a figure nor gives its indicator."""
    metrics = verified_metrics_of(sentence)
    assert {number: (m.name, m.indicator) for number, m in metrics.items()} == named


def named_in(sentence: str) -> list[tuple[str, str, str | None]]:
    doc = read_bytes(sentence.encode("utf-8"))
    found = metrics_in(doc, 0, len(doc.text), area=None, section=None, numbers=SourceIndex(doc))
    data = [metric.model_dump() for metric in found]
    assert verify_report(doc, {"schema_version": "2.2", "metrics": data}).ok
    return [(m.text, m.name, m.indicator) for m in found]


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("行政机关负责人出庭应诉率、行政复议决定履行率均为100%。",
         [("100%", "行政机关负责人出庭应诉率", "court_appearance_rate"), ("100%", "行政复议决定履行率", None)]),
        # the 及 of 及时率 joins nothing; a bare rate takes the object the first name starts with
        ("规范性文件报备率、及时率、规范率均达到100%。",
         [("100%", "规范性文件报备率", None), ("100%", "规范性文件及时率", None),
          ("100%", "规范性文件规范率", None)]),
        ("辦結率和滿意率都達到100%。", [("100%", "辦結率", "statutory_completion_rate"),
                                 ("100%", "滿意率", "satisfaction_rate")]),
        # a list of other words shares its nouns, not its figure: one metric, named by them all
        ("市、区人大常委会建议、政协提案答复率均为100%。",
         [("100%", "市、区人大常委会建议、政协提案答复率", "proposals_reply_rate")]),
        ("行政复议决定履行率均为100%。", [("100%", "行政复议决定履行率", None)]),
    ],
)  # fmt: skip
def test_a_figure_every_name_of_a_list_has_is_each_names_metric(sentence: str, named: list) -> None:
    """均为, 都达到: one figure, a metric for each rate named before it, on the same source span."""
    assert named_in(sentence) == named


def test_a_figure_after_a_change_is_named_by_the_changes_subject() -> None:
    metrics = verified_metrics_of("办件量增长了1倍,达到2.4万件。")
    assert [(m.name, m.text) for m in metrics.values()] == [("办件量", "增长了1倍"), ("办件量", "2.4万件")]


def test_a_hierarchy_is_no_rival_for_a_changes_name() -> None:
    metrics = verified_metrics_of("整治形式主义,市区两级政务APP由239个降至36个,切实为基层减负。")
    assert [(m.name, m.text) for m in metrics.values()] == [
        ("市区两级政务APP", "239个"),
        ("市区两级政务APP", "36个"),
    ]


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        # an earlier figure of the clause counts its own noun, and the words after it name the next
        (
            "全市1,496个人民调解组织共调解矛盾纠纷5.12万件。",
            {"1,496个": "全市人民调解组织", "5.12万件": "人民调解组织共调解矛盾纠纷"},
        ),
        ("全县32家执法单位公示执法信息2.1万条。", {"2.1万条": "执法单位公示执法信息"}),
        ("對17個區政府部門和8個鎮開展督查。", {"8個": "鎮開展督查"}),
        ("市级“为民实事”13个和民生项目10个。", {"10个": "民生项目"}),
        # the first end of a change the number engine does not flag (从 far before it): what changed
        ("审批事项从法定平均办理时间20.86天提速至6.44天。", {"6.44天": "审批事项"}),
        # a change said by an amount: the figure before it says what changed, never the amount itself
        ("罚没款金额2.17亿元,同比减少0.46亿元。", {"同比减少0.46亿元": "罚没款金额同比减少"}),
        # a count in numerals is more often part of the name
        ("镇村两级调解组织排查矛盾纠纷156起。", {"156起": "镇村两级调解组织排查矛盾纠纷"}),
    ],
)
def test_a_figure_after_another_in_its_clause_is_named_without_it(sentence: str, named: dict) -> None:
    metrics = verified_metrics_of(sentence)
    assert {number: metrics[number].name for number in named} == named
    assert all(metrics[number].verified for number in named)


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        # a list that names its object before the first step: the later steps take it before them
        (
            "全年行政复议案件收案128件、结案121件,结案率94.5%。",
            {"128件": "行政复议案件收案", "121件": "行政复议案件结案", "94.5%": "行政复议案件结案率"},
        ),
        ("全年行政訴訟案件收案45件,結案40件。", {"40件": "行政訴訟案件結案"}),
    ],
)
def test_a_lists_object_named_before_its_first_step_names_the_others(sentence: str, named: dict) -> None:
    metrics = verified_metrics_of(sentence)
    assert {number: metrics[number].name for number in named} == named
    assert all(metrics[number].verified for number in named)


def test_the_steps_of_an_object_first_list_take_their_indicators() -> None:
    metrics = metrics_of("全年行政复议案件收案128件、结案121件。")
    assert (metrics["128件"].indicator, metrics["121件"].indicator) == (
        "admin_reconsideration_received",
        "admin_reconsideration_closed",
    )


def test_a_target_its_words_set_is_no_metric_of_the_year() -> None:
    metrics = metrics_of("全年计划培训执法人员3000人次,实际完成培训2,760人次,力争明年达到3500人次。")
    assert "2,760人次" in metrics
    assert "3000人次" not in metrics and "3500人次" not in metrics


def test_a_models_metric_of_a_target_is_unanchored_unless_its_name_says_so() -> None:
    source = "全年计划培训执法人员3000人次,实际完成培训2,760人次。"
    index = SourceIndex(read_bytes(source.encode("utf-8")))
    at = source.index("3000人次")
    done = source.index("2,760人次")
    assert index.check_value("3000人次", at, at + 6, name="培训执法人员").verdict == "unanchored"
    assert index.check_value("3000人次", at, at + 6, name="计划培训执法人员").verdict == "match"
    assert index.check_value("2760人次", done, done + 7, name="实际完成培训").verdict == "match"


def test_a_refused_step_is_no_object_of_the_steps_after_it() -> None:
    """不予受理5件 is a step of the list (refused), not the object 不予 of a step: the step after it is
    named with the list's object (审结行政复议申请), never 不予审结."""
    doc = read_bytes("全县共收到行政复议申请73件,依法受理68件,不予受理5件;审结65件。".encode())
    found = metrics_in(doc, 0, len(doc.text), area=None, section=None, numbers=SourceIndex(doc))
    assert {m.value: m.name for m in found}["65"] == "审结行政复议申请"


@pytest.mark.parametrize(
    "sentence",
    [
        "全县共收到行政复议申请73件,依法受理68件,不予受理5件;审结65件。",
        "全年共收到行政复议申请73件,受理68件,不予受理5件,审结65件。",
    ],
)
def test_a_step_named_with_its_lists_object_takes_its_indicator_from_it(sentence: str) -> None:
    """A step whose clauses before do not say what it counts (审结 after 依法受理68件,不予受理5件) is
    indicated by the object its name takes from the list (审结行政复议申请), not left without one (nor
    taken for the 受理 of the clauses before it)."""
    doc = read_bytes(sentence.encode())
    found = metrics_in(doc, 0, len(doc.text), area=None, section=None, numbers=SourceIndex(doc))
    indicated = {m.value: m.indicator for m in found}
    assert (indicated["68"], indicated["5"], indicated["65"]) == (
        "admin_reconsideration_accepted",
        None,
        "admin_reconsideration_closed",
    )


def test_a_step_takes_no_indicator_its_lists_object_alone_names() -> None:
    """The object read with a step must not be all the matched words: 纠正21件 after 备案审查规范性文件 is no
    document issued, though 规范性文件 alone is the issued documents' word."""
    doc = read_bytes("备案审查规范性文件1380件,纠正21件。".encode())
    found = metrics_in(doc, 0, len(doc.text), area=None, section=None, numbers=SourceIndex(doc))
    assert [m.indicator for m in found] == ["normative_docs_filed", None]


@pytest.mark.parametrize(
    "sentence",
    [
        "全市行政复议机构共收到行政复议申请1,536件,其中市本级428件;受理1,402件,审结1,355件。",
        "县复议局全年收到行政复议申请1,536件,受理1,402件,审结1,355件。",
    ],
)
def test_a_lists_object_is_found_after_the_subject_of_its_first_clause(sentence: str) -> None:
    """The first clause of a list may name its subject before its steps (全市行政复议机构共收到…): the
    object is the words after those steps, so the steps after it are named with it."""
    doc = read_bytes(sentence.encode())
    found = metrics_in(doc, 0, len(doc.text), area=None, section=None, numbers=SourceIndex(doc))
    named = {m.value: m.name for m in found}
    assert (named["1402"], named["1355"]) == ("受理行政复议申请", "审结行政复议申请")


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("组织全市3260名国家工作人员参加年度学法考试。", "组织全市国家工作人员参加年度学法考试"),
        ("組織全區1860名公職人員參加網上學法考試。", "組織全區公職人員參加網上學法考試"),
    ],
)
def test_people_a_clause_only_gathers_are_named_by_their_deed(sentence: str, name: str) -> None:
    """组织全市 says only who gathered them and where: the deed after the number (参加年度学法考试) says
    what it counts, so it names the figure and gives its indicator (exam takers)."""
    doc = read_bytes(sentence.encode())
    found = metrics_in(doc, 0, len(doc.text), area=None, section=None, numbers=SourceIndex(doc))
    assert [(m.name, m.indicator) for m in found] == [(name, "training_participants")]


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        ("全年共收到行政复议申请73件,较上年的58件增长25.9%。", "admin_reconsideration_received"),
        ("调解成功率98.1%,较2023年同期的97.4%有所提升。", "dispute_resolution_rate"),
        ("办理行政处罚案件1,386件,较2023年的1,512件下降8.3%。", "enforcement_cases"),
    ],
)
def test_a_base_figure_takes_the_indicator_of_its_subject(sentence: str, indicator: str) -> None:
    """The figure compared with (较上年的58件) is last year's of the same quantity: its indicator is its
    subject's, so a researcher can set it beside the year's figure (the change said of it gets none)."""
    doc = read_bytes(sentence.encode())
    found = metrics_in(
        doc, 0, len(doc.text), area=None, section=None, numbers=SourceIndex(doc, report_year=2024),
        report_year=2024,
    )  # fmt: skip
    said = [(m.period, m.indicator) for m in found]
    assert said[:2] == [("year", indicator), ("other_year", indicator)]
    assert said[2:] in ([], [("year", None)])  # (有所提升: no figure of a change)


@pytest.mark.parametrize(
    "caption", ["表2 街道法治建设主要指标", "附表3\t街道法治建设指标", "图1 全区各街道调解案件"]
)
def test_a_captions_number_is_no_metric(caption: str) -> None:
    # (a table's or figure's number, however the words after it read: 2 街道 is no count of streets)
    assert list(metrics_of(caption + "\n人民调解案件 356件\n")) == ["356件"]


def test_a_bare_rate_reads_its_lists_object_past_a_change_and_a_part() -> None:
    # (the object, 行政复议, opens the list more than 48 characters before the rate)
    found = metrics_of(
        "全省行政复议机构新收案件3.12万件,同比增长42.6%,其中涉企案件6,230件;办结2.86万件,办结率91.7%。"
    )
    assert found["91.7%"].indicator == "admin_reconsideration_closure_rate"
