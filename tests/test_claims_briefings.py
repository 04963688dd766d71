"""Claims as people write them in a 领导简报, 汇报材料 or 讲话稿 from a unit's annual report (invented
reports): rounded, converted, summed, abridged, beside figures of other parts of the report."""

from __future__ import annotations

from summarizer.numbers.match import SourceIndex
from summarizer.reader import read_bytes


def checks_of(source: str, claim: str) -> list:
    """The checks of ``claim`` against ``source`` read as a report file is."""
    return SourceIndex(read_bytes(source.encode("utf-8"), path="source.txt")).check(claim)


EXAM = (
    "柏溪县2024年法治政府建设情况报告\n"
    "组织全县412名领导干部参加年度学法考试,参考率100%,合格率99.2%。\n"
    "全年行政诉讼一审案件48件,行政机关负责人出庭应诉率达到100%。\n"
)


def test_a_verb_of_reaching_does_not_tie_a_rate_to_another_rate_said_with_it() -> None:
    # 达到 is said of any figure: 合格率达到100% names 合格率, whose figure is 99.2%, not the 100% of
    # the 出庭应诉率 that happens to be said with 达到 too
    check = checks_of(EXAM, "全县412名领导干部参加年度学法考试,合格率达到100%。")[-1]
    assert (check.verdict, check.source[0].text) == ("possible_misattribution", "99.2%"), check.reason
    # …and the rates it is said of still pass with it
    for claim in ("负责人出庭应诉率达到100%", "学法考试参考率达到100%", "学法考试合格率达到99.2%"):
        assert checks_of(EXAM, claim)[-1].status == "supported", claim


REVIEW = (
    "柏溪县2024年法治政府建设情况报告\n"
    "一、主要成效\n全年开展行政执法案卷评查2次,评查案卷318卷。\n"
    "二、2025年工作安排\n持续深化行政执法协调监督。\n"
)


def test_a_value_said_of_nothing_the_source_counts_in_that_unit_is_not_a_wrong_unit() -> None:
    # 两项工作 shares only its value with 评查2次: not that figure in a wrong unit, a figure not found
    check = checks_of(REVIEW, "2025年,该县将重点抓好两项工作。")[-1]
    assert (check.status, check.verdict) == ("unsupported", "not_found"), check.reason
    # …while the fact's own words with another unit are still a wrong unit
    check = checks_of(REVIEW, "开展行政执法案卷评查2项")[-1]
    assert (check.verdict, check.source[0].text) == ("unit_mismatch", "2次"), check.reason


def test_hours_said_with_the_general_classifier_are_hours() -> None:
    # 60个学时 is 60学时 (as 3.2个工作日 is 3.2工作日), not a count of 60 things
    source = "全县1,126名行政执法人员完成60学时法律知识培训,每场讲座2小时。\n"
    assert [(c.text, c.verdict) for c in checks_of(source, "执法人员完成60个学时培训,每场讲座2个小时")] == [
        ("60个学时", "match"),
        ("2个小时", "match"),
    ]
    source = "全县行政执法人员人均完成60个学时法律知识培训。\n"
    assert checks_of(source, "执法人员人均完成60学时培训")[-1].verdict == "match"
    assert checks_of(source, "执法人员人均完成80学时培训")[-1].status == "mismatch"


def test_a_change_said_as_its_extent_is_a_change() -> None:
    # 压缩幅度85% says the change 压缩85%; 增长幅度 says it the other way
    source = (
        "柏溪县2024年法治政府建设情况报告\n全县审批事项平均办理时限压缩至2.8个工作日,较法定时限压缩82%。\n"
    )
    assert checks_of(source, "审批时限2.8个工作日,压缩幅度82%")[-1].verdict == "match"
    assert checks_of(source, "审批时限较法定时限增长幅度82%")[-1].verdict == "direction_mismatch"


NONE_LOST = "柏溪县2024年法治政府建设情况报告\n办理行政复议案件14件,行政诉讼案件9件,无一败诉。\n"


def test_none_said_by_a_verb_is_a_zero_of_what_it_names() -> None:
    # 无一败诉 says there was no lost case: 败诉0件 restates it, beside the 9件 of the same sentence
    assert [c.verdict for c in checks_of(NONE_LOST, "行政诉讼案件9件,败诉0件")] == ["match", "match"]
    # …and nothing of what the sentence's other words count
    assert checks_of(NONE_LOST, "行政诉讼案件0件")[-1].status == "mismatch"
    assert checks_of(NONE_LOST, "行政复议被纠错0件")[-1].status != "supported"


VILLAGES = (
    "柏溪镇2024年法治政府建设情况报告\n"
    "指导16个村(社区)修订完善村规民约,16个村(社区)全部配备法律顾问。"
    "全镇有4个村被评为县级民主法治示范村,累计建成省级民主法治示范村2个。\n"
)


def test_a_figure_opening_its_clause_is_named_by_the_words_after_it() -> None:
    # the clause before holds its own figure (16个): its words are not this one's
    checks = checks_of(VILLAGES, "16个村(社区)全部配备法律顾问,4个村被评为县级民主法治示范村")
    assert [(c.text, c.verdict) for c in checks] == [("16个", "match"), ("4个", "match")], checks[-1].reason
    # …and the words after it still name it, wrong: 配备法律顾问 is the 16个's
    check = checks_of(VILLAGES, "4个村被评为县级民主法治示范村,16个村(社区)全部配备法律顾问")[-1]
    assert check.status == "supported", check.reason
    check = checks_of(VILLAGES, "16个村被评为县级民主法治示范村,4个村(社区)全部配备法律顾问")[-1]
    assert check.status == "mismatch", check.reason


def test_the_words_after_a_figure_in_its_own_clause_are_its_own() -> None:
    # 示范村 is said of the 4个 too (…村被评为县级民主法治示范村,累计建成省级民主法治示范村2个): a claim
    # naming it with 县级 takes the 4个, not the 省级 2个 after it
    check = checks_of(VILLAGES, "2024年新增县级示范村4个")[-1]
    assert check.status == "supported", check.reason
    # …while words of the 2个's own clause still name the 2个
    check = checks_of(VILLAGES, "累计建成省级民主法治示范村4个")[-1]
    assert (check.verdict, check.source[0].text) == ("possible_misattribution", "2个"), check.reason


MOTIONS = (
    "柏溪区2024年法治政府建设情况报告\n"
    "全年共收到行政复议申请140件,受理131件,审结122件。区政府办理人大代表建议76件、政协委员提案118件,办复率100%。\n"
)


def test_a_sum_of_figures_the_claim_names_is_derived() -> None:
    # 两项 of one sentence added up: what a person writes for 两项合计 (it was value_mismatch, citing the 118件)
    check = checks_of(MOTIONS, "办理人大代表建议和政协委员提案共194件")[-1]
    assert (check.status, check.verdict) == ("supported", "derived"), check.reason
    assert [ref.text for ref in check.source] == ["76件", "118件"]
    # …a wrong sum is not
    assert checks_of(MOTIONS, "办理人大代表建议和政协委员提案共149件")[-1].status == "mismatch"
    # …nor a sum of figures the claim does not name (受理 alone: 140件 + 131件 is no 受理 figure)
    assert checks_of(MOTIONS, "受理行政复议申请共271件")[-1].status != "supported"


def test_a_change_after_a_figure_in_chinese_numerals_is_named_by_its_words() -> None:
    # 五千六百余件 is 5600余件 for the change after it: its numerals are no words of the claim
    source = "柏溪县2024年法治政府建设情况报告\n“一网通办”办件量5,630件,同比增长18.4%。\n"
    checks = checks_of(source, "“一网通办”办件量五千六百余件,同比增长18.4%")
    assert [c.status for c in checks] == ["supported", "supported"], checks[-1].reason


def test_a_change_after_another_change_is_of_the_figure_before_both() -> None:
    # 下降7.6% borrows its words past 比上年减少108件, which names nothing either
    source = "柏溪县2024年法治政府建设情况报告\n全县共办理行政处罚案件1,312件,较2023年的1,420件下降7.6%。\n"
    checks = checks_of(source, "办理行政处罚案件1312件,比上年减少108件,下降7.6%")
    assert [c.status for c in checks] == ["supported"] * 3, checks[-1].reason
    # …and a change of another figure is still caught
    source += "全县罚没款金额856万元,同比下降12.5%。\n"
    check = checks_of(source, "办理行政处罚案件1312件,比上年减少108件,下降12.5%")[-1]
    assert check.status != "supported", check.reason


def test_names_of_the_national_calendar_are_not_claims_about_the_report() -> None:
    # a speech names plan periods and congresses the report never does: nothing of the report to check
    source = "柏溪县2024年法治政府建设情况报告\n扎实推进“八五”普法。\n"
    claim = "“十四五”时期,深入学习贯彻党的二十大和二十届三中全会精神,谋划“九五”普法规划,八五普法收官。"
    assert {(c.text, c.status) for c in checks_of(source, claim)} == {
        ("十四五", "ignored"), ("二十大", "ignored"), ("二十届", "ignored"), ("三中全会", "ignored"),
        ("九五", "ignored"), ("八五", "ignored"),
    }  # fmt: skip
    # …while a quote holding more than the name is still the source's or not
    check = checks_of(source, "开展“九五普法进万家”活动")[-1]
    assert check.status == "unsupported", check.reason


def test_nearly_a_figure_is_a_figure_that_rounds_up_to_it() -> None:
    source = (
        "柏溪县2024年法治政府建设情况报告\n调解成功率98.2%,行政复议纠错率6.6%,培育“法律明白人”1,960名。\n"
    )
    # 98.2% rounds to 98%: 近99% rounds it the dishonest way (it was consistent)
    check = checks_of(source, "调解成功率近99%")[-1]
    assert (check.status, check.verdict) == ("mismatch", "qualifier_mismatch"), check.reason
    assert "98.2%" in check.reason
    for claim in ("调解成功率约98%", "调解成功率超过98%", "行政复议纠错率近7%", "培育“法律明白人”近2000名"):
        assert checks_of(source, claim)[-1].status == "supported", claim


MEETINGS = "柏溪镇2024年法治政府建设情况报告\n镇党委会议专题研究法治建设工作4次,镇政府常务会议学法11次。镇法治建设领导小组成员15人。\n"


def test_a_sum_of_the_figures_before_it_is_derived_from_them() -> None:
    # 合计15次 adds up the claim's own figures, checked each (it was unit_mismatch, citing 成员15人)
    checks = checks_of(MEETINGS, "镇党委会议专题研究法治建设4次、镇政府常务会议学法11次,合计15次。")
    assert [(c.status, c.verdict) for c in checks][-1] == ("supported", "derived"), checks[-1].reason
    # …a wrong sum says what they add up to
    check = checks_of(MEETINGS, "镇党委会议专题研究法治建设4次、镇政府常务会议学法11次,合计16次。")[-1]
    assert (check.status, check.reason) == ("mismatch", "the 2 figures before it add up to 15次")
    # …and a sum of figures that are wrong is no sum of the source's
    check = checks_of(MEETINGS, "镇党委会议专题研究法治建设5次、镇政府常务会议学法11次,合计16次。")[-1]
    assert check.status != "supported", check.reason


def test_businesses_counted_by_hu_or_by_jia_are_the_same_count() -> None:
    # 企业1,083户 is 企业1083家, as a briefing writes it; another unit is still another
    source = "柏溪县2024年法治政府建设情况报告\n新增市场主体4,216户,其中企业1,083户。\n"
    assert checks_of(source, "新增市场主体4216户,其中企业1083家")[-1].verdict == "match"
    assert checks_of(source, "新增市场主体4216户,其中企业1083人")[-1].verdict == "unit_mismatch"


REACHES = (
    "柏溪区2024年法治政府建设情况报告\n"
    "区本级收到行政复议申请304件,其中当场受理271件。全区行政应诉案件147件。\n"
    "全区各级调解组织共调解纠纷2,418件,其中区本级调解纠纷356件,调解成功2,376件。\n"
)


def test_a_claim_of_a_whole_place_is_not_of_its_own_level_alone() -> None:
    # 全区 for a figure of 区本级 (it passed): unanchored, not the 147件 of another fact of 全区
    check = checks_of(REACHES, "全区收到行政复议申请304件")[-1]
    assert (check.status, check.verdict) == ("unsupported", "unanchored"), check.reason
    check = checks_of(REACHES, "区本级调解纠纷2418件")[-1]
    assert check.status != "supported", check.reason
    # …a figure after a part (其中区本级…) is of the sentence's subject, and its reach is said right
    for claim in (
        "全区调解成功2376件",
        "区本级收到行政复议申请304件",
        "全区调解纠纷2418件",
        "区本级调解纠纷356件",
    ):
        assert checks_of(REACHES, claim)[-1].status == "supported", claim


def test_a_document_cited_by_its_number_is_the_sources_document() -> None:
    source = "柏溪县2024年法治政府建设情况报告\n印发《关于加强行政执法协调监督的实施意见》(柏政办发〔2024〕7号)。\n"
    assert checks_of(source, "按照7号文件要求")[-1].status == "ignored"
    assert checks_of(source, "按照8号文件要求")[-1].status == "unsupported"


def test_first_place_is_a_rank_of_one() -> None:
    source = "柏溪县2024年法治政府建设情况报告\n营商环境评价位列全市第三。法治政府建设考核位列全省第一。\n"
    # 居全市首位 for a source's 第三 was not read at all: a wrong rank passed unchecked
    check = checks_of(source, "营商环境评价居全市首位")[-1]
    assert (check.text, check.status) == ("首位", "mismatch"), check.reason
    assert checks_of(source, "法治政府建设考核位居全省榜首")[-1].status == "supported"
    # …首 in other words is no rank (首批, 首次, 首位 not ranked)
    assert [c.text for c in checks_of(source, "首批示范单位首次评选,首位发言")] == []


SHARES = (
    "柏溪区2024年法治政府建设情况报告\n"
    "区行政复议局收到行政复议申请186件,审结165件,结案率95.9%;其中调解和解52件,占31.5%。"
    "行政诉讼案件78件,一审败诉4件,败诉率5.1%。\n"
)


def test_a_wrong_figure_is_named_by_its_own_sentence_not_by_the_one_after() -> None:
    # 调解和解 is said in the 31.5%'s sentence; the sentence after it reads the short one as its heading,
    # and the reason named the 败诉率5.1% for these words
    check = checks_of(SHARES, "其中调解和解95.9%")[-1]
    assert (check.verdict, check.source[0].text) == ("possible_misattribution", "31.5%"), check.reason


def test_a_share_is_of_what_the_clause_before_names() -> None:
    # 约占三成 and 占比31.5% name nothing, as the source's 占31.5% does not (they were unanchored)
    for claim in ("调解和解52件,约占三成", "调解和解52件,占比31.5%"):
        assert checks_of(SHARES, claim)[-1].status == "supported", claim
    for claim in ("一审败诉4件,约占三成", "一审败诉4件,占比31.5%"):
        assert checks_of(SHARES, claim)[-1].status == "mismatch", claim
