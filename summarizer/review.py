"""What reviewers read off a finished report: Chinese labels, each metric's verdict, 纲要 coverage.

Shared by the report page, the batch overview and the tables. Works on the report as a JSON dict
(``Report.model_dump(mode="json")`` or its stored form for this run's reports, the JSON file for
earlier ones), so a report done by an earlier run is shown exactly like one done now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summarizer.indicators import canonical_flags, labels, unit_class_of
from summarizer.numbers.match import status_of

AREA_LABELS = {
    "party_leadership": "党的领导",
    "gov_functions": "政府职能",
    "rules_system": "制度体系",
    "decision_making": "行政决策",
    "law_enforcement": "行政执法",
    "emergency": "突发事件应对",
    "dispute_resolution": "矛盾纠纷化解",
    "oversight": "制约监督",
    "digital": "数字法治政府",
    "capacity_and_publicity": "法治能力与普法",
    "public_legal_services": "公共法律服务",
    "grassroots_governance": "基层治理",
    "demonstration": "示范创建",
    "business_environment": "营商环境",
    "other": "其他",
}
LEVEL_LABELS = {
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇(街道)",
    "department": "部门",
    "central_department": "中央部门",
    "other": "其他",
}
SECTION_LABELS = {
    "preamble": "导语",
    "achievements": "主要举措和成效",
    "first_responsible_person": "党政主要负责人履行第一责任人职责情况",
    "shortcomings": "存在的不足和原因",
    "next_year_plan": "下一年度主要安排",
    "other_matters": "其他需要报告的事项",
    "closing": "结尾",
}
PERIOD_LABELS = {  # year: none
    "cumulative": "多年累计",
    "as_of": "时点存量",
    "part_year": "年内部分时段",
    "other_year": "其他年度",
}
STATUS_LABELS = {"ok": "已核实", "unverified": "有未核实数字", "degraded": "已降级", "failed": "失败"}
VERDICT_LABELS = {
    "match": "一致",
    "consistent": "相符",
    "rounded": "约数",
    "derived": "可推算",
    "qualifier_mismatch": "限定词不符",
    "unit_mismatch": "单位不符",
    "direction_mismatch": "增减方向不符",
    "kind_mismatch": "类型不符",
    "value_mismatch": "数值不符",
    "possible_misattribution": "疑似张冠李戴",
    "unanchored": "原文未说此事",
    "not_found": "原文未见",
    "identifier": "编号/引文",
}
PLACEMENT_LABELS = {
    "standalone": "单列一部分",
    "nested": "作为小节",
    "inline": "仅在正文提及",
    "combined_with_plan": "与下一年安排合并",
    "inline_in_results": "在成效中提及",
    "absent": "未见",
}
COVERAGE_LABELS = {"absent": "未涉及", "mentioned": "提及", "quantified": "有数据"}
REVIEW_AREAS = [a for a in AREA_LABELS if a != "other"]
FAILING = ("unsupported", "mismatch")


@dataclass
class MetricView:
    """A metric as reviewers see it: its fields plus verdict, canonical flag and unit class."""

    index: int
    data: dict[str, Any]
    verified: bool
    verdict: str
    reason: str
    canonical: bool
    unit_class: str

    @property
    def indicator_label(self) -> str:
        code = self.data.get("indicator")
        return labels().get(code, code or "")

    @property
    def period_label(self) -> str:
        """多年累计 / 时点存量 / 年内部分时段 / 其他年度 for a figure not of the report year; "" for one that is."""
        return PERIOD_LABELS.get(self.data.get("period") or "year", "")


def verdict_label(verdict: str | None) -> str:
    return VERDICT_LABELS.get(verdict or "", verdict or "")


def checks_of(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every number check of a report JSON: those in ``results`` (the failing ones in full; every check
    in a JSON written before ``passed`` existed), then each row of ``passed`` (models.PassedChecks) as
    a check of its field, offsets, verdict, status and source spans, with no reason."""
    verification = report.get("verification") or {}
    checks = list(verification.get("results") or [])
    passed = verification.get("passed") or {}
    spans = passed.get("spans") or []
    for verdict, holders in passed.items():
        if verdict == "spans":
            continue
        status = status_of(verdict, False)
        for holder, fields in holders.items():
            for name, rows in fields.items():
                field = f"{holder}.{name}" if holder else name
                for i in range(0, len(rows) - 2, 3):
                    start, end, span = rows[i : i + 3]
                    refs = spans[span] if 0 <= span < len(spans) else []
                    source = [{"start": refs[j], "end": refs[j + 1]} for j in range(0, len(refs) - 1, 2)]
                    check = {"field": field, "start": start, "end": end, "status": status, "verdict": verdict}
                    checks.append({**check, "reason": "", "source": source})
    return checks


def metric_views(report: dict[str, Any]) -> list[MetricView]:
    """Each metric with the verdict of the check on its value (``metrics[i].value``)."""
    metrics = report.get("metrics") or []
    checks: dict[str, dict[str, Any]] = {}
    failed: dict[str, dict[str, Any]] = {}  # the first failing check of each metric, by its prefix
    for r in checks_of(report):
        if field := r.get("field"):
            checks.setdefault(field, r)
            if r.get("status") in FAILING:
                failed.setdefault(field.partition("].")[0], r)
    flags = canonical_flags(metrics)
    views = []
    for i, metric in enumerate(metrics):
        # the value's check, unless another field of the metric failed (its name): that one says why
        check = failed.get(f"metrics[{i}") or checks.get(f"metrics[{i}].value") or {}
        failing = check.get("status") in FAILING
        verified = bool(metric.get("verified", True)) and not failing
        reason = check.get("reason") or "; ".join(metric.get("problems") or [])
        views.append(
            MetricView(
                index=i,
                data=metric,
                verified=verified,
                verdict=check.get("verdict") or ("match" if verified else "not_found"),
                reason=reason,
                canonical=flags[i],
                unit_class=unit_class_of(metric.get("kind") or "", metric.get("unit")),
            )
        )
    return views


def failing_checks(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every number of the output that did not verify, in report order (always stored in full)."""
    return [r for r in (report.get("verification") or {}).get("results") or [] if r.get("status") in FAILING]


def coverage(report: dict[str, Any]) -> dict[str, str]:
    """纲要 area → absent | mentioned (a measure or subsection) | quantified (a metric too)."""
    state = dict.fromkeys(REVIEW_AREAS, "absent")
    for area in _section_areas(report.get("sections") or []):
        if area in state:
            state[area] = "mentioned"
    for measure in report.get("measures") or []:
        if measure.get("area") in state:
            state[measure["area"]] = "mentioned"
    for metric in report.get("metrics") or []:
        if metric.get("area") in state:
            state[metric["area"]] = "quantified"
    return state


def _section_areas(sections: list[dict[str, Any]]) -> list[str]:
    areas = []
    for section in sections:
        if section.get("area"):
            areas.append(section["area"])
        areas.extend(_section_areas(section.get("children") or []))
    return areas


def on_time(report: dict[str, Any]) -> bool | None:
    """Reported (and, when the page says, published) by the deadline; None when dates do not tell."""
    compliance = report.get("compliance") or {}
    verdicts = [(compliance.get(k) or {}).get("on_time") for k in ("reporting", "publication")]
    known = [v for v in verdicts if v is not None]
    return all(known) if known else None


def number_counts(report: dict[str, Any]) -> tuple[int, int]:
    """(verified, unverified) numbers of the output."""
    summary = (report.get("verification") or {}).get("summary") or {}
    return summary.get("supported", 0), summary.get("unsupported", 0) + summary.get("mismatch", 0)
