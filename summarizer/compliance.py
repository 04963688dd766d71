"""Does the report contain what the 2019 规定 requires, and was it on time?

Required items (《法治政府建设与责任落实督察工作规定》): 主要举措和成效, 存在的不足和原因, 党政主要负责人履行
第一责任人职责情况, 下一年度主要安排, 其他需要报告的情况. Deadlines: report upward by 3月1日 (4月1日 for a
province reporting to the centre), publish by 4月1日; before the 2019 规定 (report years up to 2018) both
were 第一季度.
"""

from __future__ import annotations

from datetime import date

from summarizer.models import Compliance, Deadline, DocumentInfo, Extraction

FIRST_REPORT_YEAR_UNDER_2019_RULE = 2019
REQUIRED = {
    "achievements": "主要举措和成效",
    "shortcomings": "存在的不足和原因",
    "first_responsible_person": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "next_year_plan": "下一年度主要安排",
}


def assess(info: DocumentInfo, extraction: Extraction, kinds_present: set[str]) -> Compliance:
    """Compliance block from the parts found, the extraction and the document dates."""
    frp = extraction.first_responsible_person
    present = {
        "achievements": "achievements" in kinds_present,
        "shortcomings": extraction.shortcomings.present,
        # Only mentioned in passing ("inline") does not report on the duty; a subsection or part does.
        "first_responsible_person": frp.placement in ("standalone", "nested"),
        "next_year_plan": extraction.plans.present,
    }
    missing = [
        REQUIRED[key]
        for key, ok in present.items()
        if not ok and not (key == "first_responsible_person" and frp.placement == "inline")
    ]
    if present["shortcomings"] and not extraction.shortcomings.causes_given:
        missing.append("不足的原因 (问题已列出, 未说明原因)")
    if frp.placement == "inline":
        missing.append("第一责任人职责情况 (仅在正文中提及, 未单独报告)")
    plan_year_ok = None
    if extraction.plans.year is not None and info.report_year is not None:
        plan_year_ok = extraction.plans.year == info.report_year + 1
    return Compliance(
        **present,
        causes_given=extraction.shortcomings.causes_given,
        other_matters="other_matters" in kinds_present,
        plan_year_ok=plan_year_ok,
        reporting=reporting_deadline(info),
        publication=publication_deadline(info),
        missing=missing,
        # the five the regulation asks for: the four parts, and the causes of the shortcomings
        score=f"{sum(present.values()) + extraction.shortcomings.causes_given}/{len(present) + 1}",
    )


def reporting_deadline(info: DocumentInfo) -> Deadline | None:
    if info.report_year is None:
        return None
    year = info.report_year + 1
    if info.report_year < FIRST_REPORT_YEAR_UNDER_2019_RULE:
        rule, deadline = "法治政府建设实施纲要(2015—2020年): 每年第一季度报告", date(year, 3, 31)
    elif info.level == "province":
        rule, deadline = "督察工作规定: 省级党委和政府4月1日前向党中央、国务院报告", date(year, 4, 1)
    else:
        rule, deadline = "督察工作规定: 3月1日前向上级报告", date(year, 3, 1)
    return _deadline(rule, deadline, info.signed_date)


def publication_deadline(info: DocumentInfo) -> Deadline | None:
    if info.report_year is None:
        return None
    year = info.report_year + 1
    if info.report_year < FIRST_REPORT_YEAR_UNDER_2019_RULE:
        rule, deadline = "法治政府建设实施纲要(2015—2020年): 第一季度公开", date(year, 3, 31)
    else:
        rule, deadline = "督察工作规定第二十四条: 4月1日前向社会公开", date(year, 4, 1)
    return _deadline(rule, deadline, info.published_date)


def _deadline(rule: str, deadline: date, actual: date | None) -> Deadline:
    # "By 4月1日" (之前): the deadline day itself is taken as on time.
    return Deadline(
        rule=rule, deadline=deadline, actual=actual, on_time=None if actual is None else actual <= deadline
    )
