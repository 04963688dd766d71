"""Comparable indicators: one unit class per code, canonical rows, and the bounds a metric keeps."""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from importlib import resources

import pytest
from conftest import EXAMPLES, FIXTURES

from summarizer.indicators import (
    UNIT_CLASSES,
    bounds_of,
    canonical_flags,
    indicator_for,
    indicator_text,
    indicators,
    indicators_by_class,
    matches_own_words,
    period_of,
    unit_class_of,
)
from summarizer.numbers import format_decimal
from summarizer.numbers.mentions import analyse
from summarizer.pipeline import RulesBackend, process_path
from summarizer.reader import read_path

REPORTS = [*sorted(EXAMPLES.glob("*.txt")), *sorted(FIXTURES.glob("f0*"))]


def test_every_code_is_defined_once_with_one_known_unit_class() -> None:
    data = json.loads(resources.files("summarizer.data").joinpath("indicators.json").read_text("utf-8"))
    codes = [entry["code"] for entry in data["indicators"]]
    assert len(codes) == len(set(codes))
    for entry in data["indicators"]:
        assert isinstance(entry["unit_class"], str) and entry["unit_class"] in UNIT_CLASSES, entry["code"]
        assert "kinds" not in entry  # a list of kinds is how one code came to hold 件 and % at once


def _classes_by_indicator(paths) -> dict[str, set[str]]:
    classes: dict[str, set[str]] = defaultdict(set)
    for path in paths:
        for metric in process_path(path, RulesBackend()).metrics:
            if metric.indicator:
                classes[metric.indicator].add(unit_class_of(metric.kind, metric.unit))
    return classes


def test_no_indicator_mixes_unit_classes_in_our_reports() -> None:
    declared = {i.code: i.unit_class for i in indicators()}
    classes = _classes_by_indicator(REPORTS)
    assert len(classes) >= 15  # the reports do use many indicators, so the check below means something
    assert {code: found for code, found in classes.items() if found != {declared[code]}} == {}


def test_no_indicator_mixes_unit_classes_in_the_real_seeds(seeds_dir) -> None:
    declared = {i.code: i.unit_class for i in indicators()}
    classes = _classes_by_indicator(sorted(seeds_dir.glob("*.txt")))
    assert {code: found for code, found in classes.items() if found != {declared[code]}} == {}


@pytest.mark.parametrize(
    ("before", "kind", "unit", "expected"),
    [
        ("全年共收到行政复议申请", "count", "件", "admin_reconsideration_received"),
        ("依法受理行政复议案件", "count", "件", "admin_reconsideration_accepted"),
        # an application accepted says 申请 too: accepted, not received
        ("今年以来受理行政复议申请", "count", "件", "admin_reconsideration_accepted"),
        ("市本级受理行政复议申请", "count", "件", "admin_reconsideration_accepted"),
        ("调解成功", "count", "件", "mediation_success"),
        # a reconsideration settled by mediation, said without 结案
        ("行政复议案件调解和解", "count", "件", "admin_reconsideration_mediated"),
        # a rate named alone, then its verb, is read with the clause before it, as without the verb
        ("评查案卷320卷,优秀率达到", "percent", "%", "case_file_quality_rate"),
        ("评查案卷320卷,优秀率", "percent", "%", "case_file_quality_rate"),
        ("调解成功率", "percent", "%", "dispute_resolution_rate"),
        ("开展普法宣传活动", "count", "场次", "law_publicity_events"),
        # leaders sitting in on a trial is one of their ways of studying the law
        ("组织县直部门负责人旁听庭审", "count", "次", "study_sessions"),
        ("参加旁听庭审的科级干部共", "count", "名", "training_participants"),
        # 法律进社区, 法治进校园: the campaigns that carry the law to a place are publicity events
        ("开展“法律进社区”活动", "count", "场次", "law_publicity_events"),
        ("组织法治进校园", "count", "场", "law_publicity_events"),
        ("开展普法宣传活动,覆盖群众", "count", "人次", "law_publicity_audience"),
        ("行政机关负责人出庭应诉率", "percent", "%", "court_appearance_rate"),
        ("办理法律援助案件", "percent", "%", None),  # a rate under a count's words: no indicator
        # an indicator with its own measure words: reviews held are not case files reviewed
        ("评查行政执法案卷", "count", "卷", "case_file_reviews"),
        ("组织开展案卷评查", "count", "次", "oversight_inspections"),  # …they are oversight held
        ("开展行政执法案卷评查", "count", "次", "oversight_inspections"),
        ("修订专项应急预案", "count", "件", "emergency_plans"),
        ("开展应急演练", "count", "次", "emergency_drills"),
        ("不见面审批事项覆盖率", "percent", "%", "online_service_rate"),
        ("“一网通办”可办率达到", "percent", "%", "online_service_rate"),
        ("行政复议案件收案", "count", "件", "admin_reconsideration_received"),
        ("行政复议案件结案", "count", "件", "admin_reconsideration_closed"),
        ("村(社区)法律顾问覆盖率", "percent", "%", None),  # a coverage rate of something else
        ("全年新增经营主体", "count", "户", "market_entities"),
        ("培养法律“明白人”", "count", "名", "legal_liaisons"),
        ("办理市政府复议答复案件", "count", "件", "admin_reconsideration_responded"),
        ("不予处罚案件860件,惠及经营主体", "count", "家", None),  # beneficiaries, not new entities
        # a 、 list's items share the verb of its head
        ("清理市政府规章5部、规范性文件", "count", "件", "normative_docs_cleanup"),
        ("制定规范性文件", "count", "件", "normative_docs_issued"),
        # what is filed with a people's congress standing committee is a normative document (or rule)
        ("审核市政府规范性文件23件,报市人大常委会备案", "count", "件", "normative_docs_filed"),
        ("向市政府和区人大常委会报备", "count", "件", "normative_docs_filed"),
        ("审核区政府行政规范性文件", "count", "件", "normative_docs_reviewed"),  # reviewed, not issued
        ("法律顾问审查合同协议等涉法事务", "count", "件", "legality_reviews"),
        # 合法性审核 and 法制审查 are the same review as 合法性审查 and 法制审核
        ("全县各乡镇开展合法性审核共计", "count", "件", "legality_reviews"),
        ("重大执法决定法制审查", "count", "件", "legality_reviews"),
        ("行政决策合法性审核率", "percent", "%", "legality_review_rate"),
        ("全区共有行政执法人员", "count", "人", "enforcement_personnel"),
        # the personnel are counted by the certificates they hold, too
        ("全市持有行政执法证件人员", "count", "人", "enforcement_personnel"),
        ("全县持证执法人员", "count", "名", "enforcement_personnel"),
        ("全镇共有29人完成行政执法持证人员线上培训", "count", "人", "training_participants"),
        ("组织行政执法人员培训", "count", "人次", "training_participants"),  # trained, not personnel
        # stations are counted apart from the services given there
        ("新建村(社区)公共法律服务工作室", "count", "个", "legal_service_sites"),
        ("公共法律服务中心提供服务", "count", "次", "legal_consultation_services"),
        ("办理提案462件,办复率100%,满意率", "percent", "%", "proposals_satisfaction_rate"),
        ("办理提案462件,满意率100%,办复率", "percent", "%", "proposals_reply_rate"),
        # 办理…案件 is an enforcement case only when the words say so
        ("办理法律援助案件", "count", "件", "legal_aid_cases"),
        ("办理信访案件", "count", "件", "petitions"),
        ("办理国家赔偿案件", "count", "件", None),
        ("办理行政处罚案件", "count", "件", "enforcement_cases"),
        ("办理一般程序行政处罚案件12件、简易程序案件", "count", "件", "enforcement_cases"),
        # lenient cases (包容审慎) are a part of the cases, compared apart: not the total a unit handled
        ("办理首违不罚、轻微免罚案件", "count", "件", "enforcement_lenient_cases"),
        ("涉企执法部门办理首违不罚、减轻、从轻处罚案件", "count", "件", "enforcement_lenient_cases"),
        ("不予行政处罚案件", "count", "件", "enforcement_lenient_cases"),
        ("立案查处各类违法案件", "count", "件", "enforcement_cases"),
        ("对轻微违法行为依法作出不予处罚决定", "count", "件", "enforcement_lenient_cases"),
        ("全省立案查处违法行为", "count", "起", "enforcement_cases"),
        ("组织学习行政复议法、法律援助法等", "count", "部", None),  # a law's title counts no cases
        # a unit's answers as the respondent are no applications it received, though both say 申请
        ("作为被申请人参加行政复议答复", "count", "件", "admin_reconsideration_responded"),
        ("全年共收到行政复议申请", "count", "件", "admin_reconsideration_received"),
        ("成功调解矛盾纠纷", "count", "件", "mediation_success"),
        # petitioners received are neither legal consultations nor an audience of legal publicity
        ("镇信访办接待群众来访", "count", "人次", None),
        ("接待群众法律咨询", "count", "人次", "legal_consultations"),
        ("法治宣传受教育群众", "count", "人次", "law_publicity_audience"),
    ],
)
def test_indicator_follows_the_words_and_the_unit_class(before, kind, unit, expected) -> None:
    assert indicator_for(before, "", kind, unit) == expected


def test_one_canonical_row_per_indicator_the_total_before_its_parts() -> None:
    metrics = [
        {"indicator": "mediation_cases", "name": "其中婚姻家庭纠纷", "start": 5},
        {"indicator": "mediation_cases", "name": "排查化解矛盾纠纷", "start": 40},
        {"indicator": "mediation_cases", "name": "化解纠纷", "start": 90},
        {"indicator": None, "name": "培训", "start": 1},
        {"indicator": "legal_aid_cases", "name": "法律援助案件", "start": 60},
    ]
    assert canonical_flags(metrics) == [False, True, False, False, True]


def test_metrics_keep_the_from_value_and_the_interval_of_their_qualifier() -> None:
    report = process_path(FIXTURES / "f05_province_bom.txt", RulesBackend())
    rate = next(m for m in report.metrics if m.indicator == "court_appearance_rate")
    assert (rate.value_from, rate.value, rate.low, rate.high) == ("86.5", "97.1", "97.1", "97.1")
    example = process_path(next(EXAMPLES.glob("*.txt")), RulesBackend())
    over = next(m for m in example.metrics if m.qualifier == "over")
    assert over.low == over.value and over.high is not None and float(over.high) > float(over.value)


def _plain_indicator_for(before: str, name: str, kind: str, unit: str | None) -> str | None:
    """indicator_for without its first-character index: every pattern of the unit class tried in order."""
    text, own_from = indicator_text(before, name)
    for indicator in indicators_by_class().get(unit_class_of(kind, unit), ()):
        if indicator.counts_in(unit) and matches_own_words(indicator.pattern, text, own_from):
            return indicator.code
    return None


def test_indicator_search_skips_only_patterns_that_cannot_match() -> None:
    """The first-character index picks what the plain search of every pattern picks, on clauses made
    of the patterns' own words, their first characters and other words."""
    words = [w for i in indicators() for w in re.findall(r"[\u4e00-\u9fff]+", i.pattern.pattern)]
    pieces = [*words, *(w[:1] for w in words), *(w[1:] for w in words), "的", "共", ",", "。", "、", "82"]
    kinds = [("count", "件"), ("count", "人次"), ("count", None), ("percent", "%"), ("money", "万元")]
    kinds += [("pct_change", "%"), ("count", "名"), ("count", "个"), ("count", "次"), ("count", "卷")]
    rng = random.Random(12)
    found = 0
    for _ in range(8000):  # (more draws as the patterns name more words that name none: 阵地, 公园…)
        before = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        name = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3)))
        kind, unit = rng.choice(kinds)
        expected = _plain_indicator_for(before, name, kind, unit)
        assert indicator_for(before, name, kind, unit) == expected, (before, name, kind, unit)
        found += expected is not None
    assert found > 1000  # the clauses do name indicators, so the comparison means something


def test_bounds_given_the_formatted_value_are_the_bounds_formatted_anew() -> None:
    """bounds_of reuses the formatted value for a bound that is the value itself: same strings."""
    texts = [read_path(path).text for path in REPORTS]
    texts.append(
        "约1260余件、近2000人、3-5个、由53.4%提升至95%、增长12.50%、超过1.0万元、几十个、两三次、以上30人"
    )
    mentions = [m for text in texts for m in analyse(text)[1] if m.value is not None]
    assert len(mentions) > 200
    for mention in mentions:
        assert bounds_of(mention, format_decimal(mention.value)) == bounds_of(mention), mention.raw


@pytest.mark.parametrize(
    ("before", "period"),
    [
        ("2019年以来,全市共办理行政复议案件", "cumulative"),
        ("2019年以来,全市共办理行政复议案件120件,其中2023年办理", "year"),
        ("“十四五”以来,全县建成民主法治示范村", "cumulative"),
        ("近三年来共培训执法人员", "cumulative"),
        ("截至目前,全县政务服务事项2470项,一网通办率", "as_of"),
        ("公布市政府现行规范性文件", "as_of"),
        ("公布市政府现行规范性文件101件,废止", "year"),  # 现行 names those documents only
        ("今年以来,南华镇便民服务中心共办理各类事项", "year"),
        ("全年累计清理证件", "year"),
        ("累计审查执法卷宗", "year"),  # in an annual report, the year's total
        ("上半年,全县受理行政复议申请", "part_year"),
        ("审核规范性文件35件。2019年以来清理文件48件。办理复议案件", "year"),  # another sentence's cue
    ],
)
def test_the_period_a_figure_covers(before: str, period: str) -> None:
    assert period_of(before) == period


@pytest.mark.parametrize(
    ("before", "period"),
    [
        ("2022年受理行政复议案件", "other_year"),
        ("2022年受理行政复议案件120件,2023年受理行政复议案件", "year"),
        ("上年度出庭应诉率为", "other_year"),
        ("去年同期为", "other_year"),
        ("办理法律援助案件342件,比上年增加", "year"),  # a change against last year is this year's
        ("较去年同期增长", "year"),
        ("办理法律援助案件342件,比2022年增长", "year"),  # …and so is one against a year named
        ("行政处罚案件数量与2022年同期相比下降", "year"),
        ("受理案件62件,较2022年的", "other_year"),  # …but the figure compared with is that year's
        ("上一年度共调解纠纷", "year"),  # the regulation's name for the year reported on
        ("印发《江岭省法治政府建设实施方案(2021—2025年)》,明确重点任务", "year"),  # a cited title's years
        ("完成《2022—2025年规划》中期评估,涉及事项", "year"),
        ("2021年至2023年累计培训执法人员", "cumulative"),
        ("2021—2023年共办理", "cumulative"),
        ("落实2021—2025年规划确定的", "year"),  # a plan's span, not a running total
        ("全年受理复议案件56件(2022年为45件),较上年同期增长", "year"),  # the aside's year is its own
        ("全年受理复议案件56件(2022年为", "other_year"),  # …for the figure inside it
        ("(2022年)受理复议案件", "other_year"),
    ],
)
def test_a_figure_of_another_year_than_the_report_year(before: str, period: str) -> None:
    assert period_of(before, 2023) == period


def test_a_figure_of_another_year_is_never_the_canonical_row() -> None:
    metrics = [
        {
            "indicator": "court_appearance_rate",
            "name": "上年度出庭应诉率",
            "start": 10,
            "period": "other_year",
        },
    ]
    assert canonical_flags(metrics) == [False]
    metrics.append(
        {"indicator": "court_appearance_rate", "name": "出庭应诉率", "start": 40, "period": "year"}
    )
    assert canonical_flags(metrics) == [False, True]


def test_the_canonical_row_is_the_years_figure_not_a_running_total() -> None:
    metrics = [
        {
            "indicator": "admin_reconsideration_accepted",
            "name": "受理行政复议案件",
            "start": 10,
            "period": "cumulative",
        },
        {
            "indicator": "admin_reconsideration_accepted",
            "name": "受理行政复议案件",
            "start": 80,
            "period": "year",
        },
    ]
    assert canonical_flags(metrics) == [False, True]


TABLE_REPORT = """梧桐县司法局2023年法治政府建设年度报告

2023年,我局深入推进法治政府建设,现将有关情况报告如下。

一、主要举措和成效

(一)行政复议应诉。主要数据如下:

指标{gap}2022年{gap}2023年

行政复议纠错率{gap}8.5%{gap}12.5%

行政机关负责人出庭应诉率{gap}95%{gap}100%

(二)执法监督。全年评查案卷150卷。

二、存在的不足

执法队伍专业化水平不高。

三、2024年工作安排

持续深化依法行政。
"""


@pytest.mark.parametrize("gap", [" ", "\t", " | "])
def test_a_figure_under_a_year_column_of_a_table_is_of_that_year(gap: str, tmp_path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(TABLE_REPORT.format(gap=gap), "utf-8")
    report = process_path(path, RulesBackend())
    periods = {(m.name, m.value): m.period for m in report.metrics}
    assert periods[("行政复议纠错率", "8.5")] == periods[("行政机关负责人出庭应诉率", "95")] == "other_year"
    assert periods[("行政复议纠错率", "12.5")] == periods[("行政机关负责人出庭应诉率", "100")] == "year"
    assert periods[("评查案卷", "150")] == "year"  # prose: read by its words
    assert report.verification.status == "verified"


def test_last_years_figure_in_an_aside_is_no_metric_and_a_comparison_base_is_other_year(tmp_path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        TABLE_REPORT.format(gap=" ").replace(
            "全年评查案卷150卷。",
            "全年受理行政复议案件56件(2022年为45件),较上年同期的45件增长24.4%。上年同期办结案件38件。",
        ),
        "utf-8",
    )
    report = process_path(path, RulesBackend())
    by_value = {m.value: m for m in report.metrics}
    assert by_value["56"].period == "year" and by_value["24.4"].period == "year"
    assert by_value["38"].period == "other_year"
    assert [m.period for m in report.metrics if m.value == "45"] == ["other_year"]  # the base, not the aside
    assert report.verification.status == "verified"


@pytest.mark.parametrize(
    "sentence",
    [
        "调解成功率99.2%,较去年同期提高0.4个百分点。",
        "调解成功率99.2%,比上年同期提高0.4个百分点。",
        "调解成功率99.2%,较上年提升0.4个百分点。",
    ],
)
def test_a_change_that_opens_with_its_words_is_the_report_years(sentence: str, tmp_path) -> None:
    """较去年同期提高0.4个百分点: the figure is 提高0.4个百分点 (its words are its own), and 较去年同期 before
    them says what this year's change is compared with, not that the change is last year's."""
    source = tmp_path / "r.txt"
    source.write_text(f"梧桐县2024年法治政府建设情况报告\n一、主要举措和成效\n{sentence}\n", encoding="utf-8")
    assert [m.period for m in process_path(source, RulesBackend()).metrics] == ["year", "year"]


def test_a_change_said_by_an_amount_takes_no_indicator_of_levels(tmp_path) -> None:
    """罚没款金额2.17亿元,同比减少0.46亿元: the 0.46亿元 is a change, named by what changed; a comparison
    column of 罚没款金额 holds the level only."""
    source = tmp_path / "r.txt"
    source.write_text(
        "梧桐县2024年法治政府建设情况报告\n一、主要举措和成效\n全县罚没款金额2.17亿元,同比减少0.46亿元。"
        "办理行政处罚案件1,386件,同比增加126件。\n",
        encoding="utf-8",
    )
    metrics = {m.text: m for m in process_path(source, RulesBackend()).metrics}
    assert metrics["2.17亿元"].indicator == "fines_money"
    assert metrics["1,386件"].indicator == "enforcement_cases"
    assert metrics["同比减少0.46亿元"].indicator is None and metrics["同比减少0.46亿元"].direction == "down"
    assert metrics["同比增加126件"].indicator is None


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("全年罚没款", "fines_money"),
        ("查处违法案件120件,罚款", "fines_money"),
        # a fine waived or remitted is money not collected, nor a fee waived for a service: none
        ("对小微企业依法减免罚款", None),
        ("为困难群众减免诉讼费用", "fees_waived"),
        ("为经营主体免除罚款", None),
    ],
)
def test_a_waived_fine_is_no_fine_collected(before: str, expected: str | None) -> None:
    assert indicator_for(before, before, "money", "元") == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # the deputies and members who made the proposals are who is satisfied: not the public
        ("按时办复率100%,代表委员满意率", "proposals_satisfaction_rate"),
        ("人大代表满意度", "proposals_satisfaction_rate"),
        ("政协委员对办理结果满意率", "proposals_satisfaction_rate"),
        ("群众满意率", "satisfaction_rate"),
    ],
)
def test_the_deputies_satisfaction_is_the_proposals(before: str, expected: str) -> None:
    assert indicator_for(before, before.rsplit(",")[-1], "percent", "%") == expected


@pytest.mark.parametrize(
    ("before", "unit", "expected"),
    [
        # the matters handled in a year, counted in 件, are the service's workload, not its list of items
        ("全年办理各类政务服务事项", "件", "gov_service_cases"),
        ("办理行政许可事项", "件", "gov_service_cases"),
        ("全年政务服务中心共受理办件", "件", "gov_service_cases"),
        ("县政务服务中心进驻事项", "项", "gov_service_items"),
        ("实现全程网办事项", "项", "gov_service_items"),
        ("即办件", "件", None),
        # …but matters of another kind handled are counted as theirs
        ("受理群众信访事项", "件", "petitions"),
        ("办理依申请公开事项", "件", "info_requests"),
    ],
)
def test_matters_handled_are_the_services_workload(before: str, unit: str, expected: str | None) -> None:
    assert indicator_for(before, before, "count", unit) == expected


@pytest.mark.parametrize(
    ("before", "kind", "unit", "expected"),
    [
        # the cases a reconsideration corrected are counted beside their rate
        ("审结1.98万件,直接纠错", "count", "件", "admin_reconsideration_corrected"),
        ("通过行政复议纠错", "count", "件", "admin_reconsideration_corrected"),
        ("作出纠错决定", "count", "件", "admin_reconsideration_corrected"),
        ("直接纠错1862件,纠错率", "percent", "%", "admin_reconsideration_correction_rate"),
    ],
)
def test_the_corrected_reconsiderations_are_counted(before: str, kind: str, unit: str, expected: str) -> None:
    assert indicator_for(before, before.rsplit(",")[-1], kind, unit) == expected


@pytest.mark.parametrize("before", ["处罚金额", "立案查处环境违法案件236件,处罚金额"])
def test_the_amount_of_penalties_is_the_fines(before: str) -> None:
    # 處罰金額 is how an environment or market bureau states the money its penalties imposed
    assert indicator_for(before, before.rsplit(",")[-1], "money", "元") == "fines_money"


@pytest.mark.parametrize(
    ("before", "unit", "expected"),
    [
        # letters and visits from the public are petitions, however the report words them
        ("镇综治中心受理群众来信来访", "件次", "petitions"),
        ("全年受理群众来访", "件", "petitions"),
        ("办理群众来信", "件", "petitions"),
        ("领导干部带头接访群众", "批次", None),  # a leader's receptions, not the petitions received
        ("受理群众信访事项", "件", "petitions"),
    ],
)
def test_letters_and_visits_are_petitions(before: str, unit: str, expected: str) -> None:
    assert indicator_for(before, before, "count", unit) == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # a table row or a short report names the disputes mediated as cases
        ("人民调解案件", "mediation_cases"),
        ("全年共调解各类案件", "mediation_cases"),
        ("行政复议调解案件", "admin_reconsideration_mediated"),  # a reconsideration's mediation stays its own
    ],
)
def test_mediation_cases_are_the_disputes_mediated(before: str, expected: str) -> None:
    assert indicator_for(before, before, "count", "件") == expected


@pytest.mark.parametrize("before", ["「一网通办」率由86.4%提升至", "“一网通办”率", "『一网通办』可办率达到"])
def test_a_quoted_one_stop_rate_in_either_script_is_the_online_service_rate(before: str) -> None:
    # Traditional-script reports quote with 「」 or 『』 where Simplified ones use “”
    assert indicator_for(before, before, "pct_from_to", "%") == "online_service_rate"


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # a second rate named alone is of what the first one is of, not of the first rate
        ("评查案卷320卷,优秀率35.2%,合格率", "case_file_quality_rate"),
        ("组织公务员参加学法考试,参考人数4,126人,参考率99.6%,合格率", "exam_participation_rate"),
        ("评查案卷320卷,优秀率", "case_file_quality_rate"),
    ],
)
def test_a_rate_after_a_rate_is_of_the_same_object(before: str, expected: str) -> None:
    assert indicator_for(before, before.rsplit(",")[-1], "percent", "%") == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # a part of a total named by its step alone is read with the total's clause
        ("我局共办理行政复议案件158件,其中新收", "admin_reconsideration_received"),
        ("全年办理行政复议案件158件,其中审结", "admin_reconsideration_closed"),
        ("审结行政复议案件141件,其中维持", None),  # (a decision upheld: no indicator of its own)
    ],
)
def test_a_part_named_by_its_step_is_read_with_the_total(before: str, expected: str | None) -> None:
    name = before.rsplit(",")[-1].removeprefix("其中")
    assert indicator_for(before, name, "count", "件") == expected


@pytest.mark.parametrize(
    ("before", "name", "expected"),
    [
        # 文件 alone, after its sentence named the normative documents, is those documents
        ("开展规范性文件集中清理,清理文件", "清理文件", "normative_docs_cleanup"),
        ("开展规范性文件集中清理,清理文件347件,其中废止", "废止文件", "normative_docs_cleanup"),
        ("清理文件", "清理文件", None),  # (which 文件, nothing says)
        ("印发文件12件,审核规范性文件", "审核规范性文件", "normative_docs_reviewed"),
        ("清理规范性文件20件,清理涉企政策文件", "清理涉企政策文件", None),  # (another kind of 文件)
    ],
)
def test_a_bare_file_is_the_normative_document_its_sentence_named(
    before: str, name: str, expected: str | None
) -> None:
    assert indicator_for(before, name, "count", "件") == expected


@pytest.mark.parametrize(
    ("before", "name"),
    [
        ("全县建成公共法律服务中心1个、工作站", "工作站"),
        ("全县建成公共法律服务中心1个、工作站15个、工作室", "工作室"),
        ("建成村(社区)公共法律服务工作室", "建成村(社区)公共法律服务工作室"),
    ],
)
def test_the_stations_listed_after_a_legal_service_centre_are_its_sites(before: str, name: str) -> None:
    # 公共法律服务 is said once for the centre, stations and rooms of a 、 list
    assert indicator_for(before, name, "count", "个") == "legal_service_sites"


@pytest.mark.parametrize(
    ("before", "unit", "expected"),
    [
        ("全年主动公开政府信息", "条", "gov_info_published"),
        ("公示行政执法信息", "件", "gov_info_published"),
        # the units that publish are no pieces of information published
        ("全县行政执法单位公示执法信息", "家", None),
        ("在政府网站公开信息的部门", "个", None),
    ],
)
def test_information_published_is_counted_in_pieces(before: str, unit: str, expected: str | None) -> None:
    assert indicator_for(before, before, "count", unit) == expected


@pytest.mark.parametrize(
    ("before", "period"),
    [
        # the report year's figure as a share of last year's is the report year's
        ("办理行政许可事项4.5万件,为上年的", "year"),
        ("全年收案数是去年的", "year"),
        ("上年度办理", "other_year"),
        ("上年为", "other_year"),
    ],
)
def test_a_share_of_last_years_figure_is_the_report_years(before: str, period: str) -> None:
    assert period_of(before, 2024) == period


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("矛盾纠纷化解率", "dispute_resolution_rate"),
        ("全年调解矛盾纠纷320件,化解率", "dispute_resolution_rate"),
        # administrative disputes settled in substance are the reconsideration's, not the mediators'
        ("行政争议实质性化解率达到", None),
        ("行政争议化解率", None),
    ],
)
def test_an_administrative_disputes_resolution_rate_is_no_mediation_rate(
    before: str, expected: str | None
) -> None:
    assert indicator_for(before, before.rsplit(",")[-1], "percent", "%") == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # the cases lost are counted apart from all the cases: not the litigation's total
        ("一审行政诉讼败诉案件", "admin_litigation_losses"),
        ("新收行政诉讼案件86件,其中败诉", "admin_litigation_losses"),
        ("全市行政应诉案件", "admin_litigation_cases"),
    ],
)
def test_the_cases_lost_are_no_litigation_total(before: str, expected: str) -> None:
    assert indicator_for(before, before.rsplit(",")[-1].removeprefix("其中"), "count", "件") == expected


@pytest.mark.parametrize(
    ("before", "name", "expected"),
    [
        # a reconsideration's closure rate is its own, not a statutory completion rate of anything
        (
            "全省行政复议机构新收案件3.12万件,办结2.86万件,办结率",
            "办结率",
            "admin_reconsideration_closure_rate",
        ),
        ("行政复议申请审结率", "行政复议申请审结率", "admin_reconsideration_closure_rate"),
        ("受理信访事项320件,按期办结率", "按期办结率", "statutory_completion_rate"),
    ],
)
def test_a_reconsiderations_closure_rate_is_its_own(before: str, name: str, expected: str) -> None:
    assert indicator_for(before, name, "percent", "%") == expected


@pytest.mark.parametrize(
    ("before", "name", "expected"),
    [
        # a rate said on time is as bare as the rate: read with its list's clauses
        ("受理政府信息公开申请86件,全部在法定期限内答复,按时答复率", "按时答复率", "info_request_reply_rate"),
        ("收到行政复议申请46件,审结39件,按期审结率", "按期审结率", "admin_reconsideration_closure_rate"),
        ("按期办结率", "按期办结率", "statutory_completion_rate"),
    ],
)
def test_a_rate_said_on_time_is_read_with_its_list(before: str, name: str, expected: str) -> None:
    assert indicator_for(before, name, "percent", "%") == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # administrative disputes settled by mediation or conciliation are the reconsideration's
        ("通过调解和解方式化解行政争议", "admin_reconsideration_mediated"),
        ("通过调解、和解方式化解行政争议", "admin_reconsideration_mediated"),
        ("调解各类矛盾纠纷", "mediation_cases"),
    ],
)
def test_administrative_disputes_mediated_are_the_reconsiderations(before: str, expected: str) -> None:
    assert indicator_for(before, before, "count", "件") == expected


@pytest.mark.parametrize(
    ("before", "unit", "expected"),
    [
        # a body of people is counted in persons; their person-times are what they did (trained, here)
        ("配备专兼职人民调解员", "名", "mediators"),
        ("培训人民调解员", "人次", "training_participants"),
        ("聘请法律顾问", "人", "legal_advisers"),
        ("组织法律顾问培训", "人次", "training_participants"),
        ("培育法律明白人", "名", "legal_liaisons"),
    ],
)
def test_a_body_of_people_is_counted_in_persons(before: str, unit: str, expected: str) -> None:
    assert indicator_for(before, before, "count", unit) == expected


@pytest.mark.parametrize(
    ("before", "unit", "expected"),
    [
        # a reconsideration's cases are counted in 件; its documents (建议书, 意见书) in 份 are no cases
        ("收到行政复议建议书、意见书", "份", None),
        ("制发行政复议意见书", "份", None),
        ("收到行政复议申请", "件", "admin_reconsideration_received"),
        ("受理行政复议案件", "宗", "admin_reconsideration_accepted"),
    ],
)
def test_a_reconsiderations_documents_are_no_cases(before: str, unit: str, expected: str | None) -> None:
    assert indicator_for(before, before, "count", unit) == expected


@pytest.mark.parametrize(
    ("before", "unit", "expected"),
    [
        ("法律顾问列席县政府常务会议", "次", "legal_adviser_services"),
        ("法律顾问审查合同", "份", "legality_reviews"),
        # the enterprises or villages served are counted in 家, 户 or 所: no count of the services
        ("为企业提供法律顾问服务", "家", None),
        ("为村(社区)配备法律顾问", "户", None),
    ],
)
def test_those_a_legal_adviser_serves_are_no_services(before: str, unit: str, expected: str | None) -> None:
    assert indicator_for(before, before, "count", unit) == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # meetings held on petitions are counted as meetings, not as petitions
        ("召开信访工作联席会议", None),
        ("召开信访形势分析会议", None),
        ("受理信访事项", "petitions"),
    ],
)
def test_meetings_on_petitions_are_no_petitions(before: str, expected: str | None) -> None:
    assert indicator_for(before, before, "count", "次") == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # the places built for the law's publicity are no publicity events held
        ("建成法治文化阵地", None),
        ("新建法治文化公园、广场", None),
        ("开展法治文化活动", "law_publicity_events"),
        ("依托法治文化广场开展普法活动", "law_publicity_events"),
    ],
)
def test_a_place_of_law_publicity_is_no_event(before: str, expected: str | None) -> None:
    assert indicator_for(before, before, "count", "个") == expected


@pytest.mark.parametrize(
    ("before", "unit", "expected"),
    [
        # the bodies that may issue normative documents are no documents issued
        ("公布全县规范性文件制定主体", "个", None),
        ("确定规范性文件制定机关", "家", None),
        ("制定规范性文件", "件", "normative_docs_issued"),
    ],
)
def test_the_bodies_issuing_normative_documents_are_no_documents(
    before: str, unit: str, expected: str | None
) -> None:
    assert indicator_for(before, before, "count", unit) == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # problems found are counted apart from the inspections or audits that found them
        ("开展法治督察4次,督察发现问题", None),
        ("完成审计项目28个,审计发现问题", None),
        ("开展执法监督检查,排查安全隐患", None),
        ("完成审计项目", "audit_projects"),
        ("开展法治督察", "oversight_inspections"),
    ],
)
def test_problems_found_are_no_count_of_what_found_them(before: str, expected: str | None) -> None:
    assert indicator_for(before, before.rsplit(",")[-1], "count", "个") == expected


@pytest.mark.parametrize(
    ("before", "unit", "expected"),
    [
        # cases and proposals are counted in 件 (宗, 条…); the bodies or sites handling them are not
        ("全县信访工作部门", "个", None),
        ("人大代表建议和政协提案的承办单位", "家", None),
        ("全县设立法律援助工作站", "个", None),
        ("受理信访事项", "件", "petitions"),
        ("办理政协提案", "件", "proposals_handled"),
        ("办理法律援助案件", "宗", "legal_aid_cases"),
    ],
)
def test_cases_are_counted_in_cases_not_in_bodies(before: str, unit: str, expected: str | None) -> None:
    assert indicator_for(before, before, "count", unit) == expected


@pytest.mark.parametrize("before", ["办理建议提案", "承办市人大建议和政协提案", "全年办理建议、提案"])
def test_proposals_named_together_are_the_proposals(before: str) -> None:
    # (建议提案: the deputies' suggestions and the members' proposals, said as one)
    assert indicator_for(before, before, "count", "件") == "proposals_handled"


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # a rate said as a share (比例, 比率) is the rate
        ("全市行政机关负责人出庭应诉比例达到", "court_appearance_rate"),
        ("行政复议直接纠错比例为", "admin_reconsideration_correction_rate"),
        ("调解成功比率", "dispute_resolution_rate"),
        ("考核分值占比", None),
    ],
)
def test_a_rate_said_as_a_share_is_the_rate(before: str, expected: str | None) -> None:
    assert indicator_for(before, before, "percent", "%") == expected


@pytest.mark.parametrize("before", ["政务服务事项网上办理率达到", "网上办件率", "网上可办率"])
def test_the_share_handled_online_is_the_online_service_rate(before: str) -> None:
    assert indicator_for(before, before, "percent", "%") == "online_service_rate"


@pytest.mark.parametrize(
    ("before", "unit", "expected"),
    [
        # the heads' appearances in court counted by person-times: a column of their own beside 次
        ("行政机关负责人出庭应诉", "人次", "court_appearance_persons"),
        ("全市行政机关负责人出庭应诉", "次", "court_appearances"),
        ("旁听庭审的领导干部", "人次", "training_participants"),
    ],
)
def test_court_appearances_by_person_times_have_their_own_code(before: str, unit: str, expected: str) -> None:
    assert indicator_for(before, before, "count", unit) == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # who took part is counted as the event of the clause just before it
        ("举办法治讲座3场,参加干部", "training_participants"),
        ("举办培训班3期,开展普法活动12场,参与群众", "law_publicity_audience"),
        ("召开常务会议5次,参加人员", None),
    ],
)
def test_those_who_took_part_are_the_events_of_the_clause_before(before: str, expected: str | None) -> None:
    assert indicator_for(before, before.rsplit(",")[-1], "count", "人次") == expected


def test_the_units_taking_part_are_no_events() -> None:
    # (participants are people: 15 units trained are no 15 sessions)
    assert indicator_for("举办培训班3期,参训单位", "参训单位", "count", "个") is None
