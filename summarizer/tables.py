"""The comparison tables of a batch: ``--csv`` (metrics, UTF-8 with BOM) and ``--xlsx`` (four sheets).

Both cover every report of the output directory's index (see :mod:`summarizer.overview`), not only
the reports of this run. Columns are stable: scripts may address them by name. Values are exact
decimal strings in base units in the CSV and numbers in the workbook.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from summarizer.io import atomic_file
from summarizer.review import (
    AREA_LABELS,
    COVERAGE_LABELS,
    LEVEL_LABELS,
    PLACEMENT_LABELS,
    REVIEW_AREAS,
    SECTION_LABELS,
    STATUS_LABELS,
    coverage,
    metric_views,
    number_counts,
    on_time,
)

BOM = "\ufeff"  # Excel and WPS on Chinese Windows read a CSV as UTF-8 only when it starts with one
# (column, Chinese header) for the metrics table; the CSV uses the first, the workbook the second.
METRIC_COLUMNS = [
    ("report_id", "报告"), ("source_sha256", "源文件sha256"), ("source", "源文件"), ("issuer", "报告主体"),
    ("level", "层级"), ("report_year", "年度"), ("indicator", "指标代码"), ("indicator_label", "指标"),
    ("canonical", "本报告该指标的主数"), ("period", "统计期"), ("unit_class", "单位类别"), ("name", "名称"), ("value", "数值"),
    ("unit", "单位"), ("qualifier", "限定"), ("low", "区间下限"), ("high", "区间上限"),
    ("value_from", "由…(起始值)"), ("kind", "类型"), ("direction", "增减"), ("verified", "已核实"),
    ("verdict", "核实结论"), ("area", "纲要领域"), ("section", "报告部分"), ("text", "原文"),
    ("start", "起始位置"), ("end", "结束位置"),
]  # fmt: skip
NUMERIC_COLUMNS = {"report_year", "value", "low", "high", "value_from", "start", "end"}
REPORT_COLUMNS = [
    ("report_id", "报告"), ("source", "源文件"), ("source_sha256", "源文件sha256"), ("issuer", "报告主体"),
    ("level", "层级"), ("report_year", "年度"), ("status", "状态"), ("score", "合规得分"),
    ("on_time", "按时报送/公开"), ("numbers_verified", "已核实数字"), ("numbers_unverified", "未核实数字"),
    ("measures", "举措数"), ("metrics", "指标数"), ("backend", "方式"), ("error", "失败原因"),
]  # fmt: skip
COMPLIANCE_COLUMNS = [
    ("report_id", "报告"), ("issuer", "报告主体"), ("achievements", "主要举措和成效"),
    ("shortcomings", "存在的不足"), ("causes_given", "不足的原因"),
    ("first_responsible_person", "第一责任人职责情况"), ("frp_placement", "第一责任人部分位置"),
    ("next_year_plan", "下一年度主要安排"), ("plan_year_ok", "安排年度正确"),
    ("reporting_deadline", "报送期限"), ("reporting_date", "报送(落款)日期"), ("reporting_on_time", "按时报送"),
    ("publication_deadline", "公开期限"), ("publication_date", "公开日期"), ("publication_on_time", "按时公开"),
    ("score", "合规得分"), ("missing", "缺项"),
]  # fmt: skip


Record = tuple[dict[str, Any], dict[str, Any] | None]  # (index entry, report JSON or None)


# --------------------------------------------------------------------------- rows


def metric_rows(entry: dict[str, Any], report: dict[str, Any]) -> list[dict[str, Any]]:
    base = _report_identity(entry, report)
    rows = []
    for view in metric_views(report):
        m = view.data
        rows.append(
            {
                **base,
                "indicator": m.get("indicator") or "",
                "indicator_label": view.indicator_label,
                "canonical": view.canonical if m.get("indicator") else "",
                "period": m.get("period") or "year",
                "unit_class": view.unit_class,
                "name": m.get("name"),
                "value": m.get("value"),
                "unit": m.get("unit"),
                "qualifier": m.get("qualifier"),
                "low": m.get("low"),
                "high": m.get("high"),
                "value_from": m.get("value_from"),
                "kind": m.get("kind"),
                "direction": m.get("direction"),
                "verified": view.verified,
                "verdict": view.verdict,
                "area": m.get("area"),
                "section": m.get("section"),
                "text": m.get("text"),
                "start": m.get("start"),
                "end": m.get("end"),
            }  # fmt: skip
        )
    return rows


def report_row(entry: dict[str, Any], report: dict[str, Any] | None) -> dict[str, Any]:
    row = {**_report_identity(entry, report), "status": entry.get("status"), "error": entry.get("error")}
    if report is None:
        return row
    verified, unverified = number_counts(report)
    return row | {
        "score": (report.get("compliance") or {}).get("score"),
        "on_time": on_time(report),
        "numbers_verified": verified,
        "numbers_unverified": unverified,
        "measures": len(report.get("measures") or []),
        "metrics": len(report.get("metrics") or []),
        "backend": (report.get("provenance") or {}).get("backend"),
    }


def compliance_row(entry: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    c = report.get("compliance") or {}
    reporting, publication = c.get("reporting") or {}, c.get("publication") or {}
    frp = report.get("first_responsible_person") or {}
    return {
        **_report_identity(entry, report),
        **{k: c.get(k) for k in ("achievements", "shortcomings", "causes_given", "first_responsible_person")},
        "frp_placement": PLACEMENT_LABELS.get(frp.get("placement"), frp.get("placement")),
        "next_year_plan": c.get("next_year_plan"), "plan_year_ok": c.get("plan_year_ok"),
        "reporting_deadline": reporting.get("deadline"), "reporting_date": reporting.get("actual"),
        "reporting_on_time": reporting.get("on_time"), "publication_deadline": publication.get("deadline"),
        "publication_date": publication.get("actual"), "publication_on_time": publication.get("on_time"),
        "score": c.get("score"), "missing": ";".join(c.get("missing") or []),
    }  # fmt: skip


def coverage_row(entry: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    return _report_identity(entry, report) | coverage(report)


def _report_identity(entry: dict[str, Any], report: dict[str, Any] | None) -> dict[str, Any]:
    source = (report or {}).get("source") or {}
    document = (report or {}).get("document") or {}
    return {
        "report_id": entry.get("stem"),
        "source_sha256": source.get("sha256") or entry.get("sha256"),
        "source": entry.get("source") or source.get("path"),
        "issuer": document.get("issuer"),
        "level": document.get("level"),
        "report_year": document.get("report_year"),
    }


def _done(records: Iterable[Record]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(entry, report) for entry, report in records if report is not None]


# --------------------------------------------------------------------------- CSV


def metrics_csv(records: Iterable[Record]) -> str:
    """Every metric of every report, UTF-8 with BOM; booleans as true/false, absent values empty."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.DictWriter(buffer, fieldnames=[c for c, _ in METRIC_COLUMNS], lineterminator="\r\n")
    writer.writeheader()
    for entry, report in _done(records):
        writer.writerows({k: _csv_cell(k, v) for k, v in row.items()} for row in metric_rows(entry, report))
    return buffer.getvalue()


# A spreadsheet reads a cell starting with one of these as a formula (=HYPERLINK(…), +cmd|…): text from a
# web page or a model must not run in a reviewer's Excel or WPS.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(key: str, value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and key not in NUMERIC_COLUMNS and value.startswith(FORMULA_START):
        return "'" + value  # a CSV has no types: the quote mark is how a spreadsheet is told it is text
    return "" if value is None else value


# --------------------------------------------------------------------------- workbook


def write_xlsx(path: Path, records: Iterable[Record]) -> None:
    """报告 / 指标 / 合规 / 覆盖 sheets with Chinese headers, written atomically."""
    from openpyxl import Workbook  # only when --xlsx is asked for

    records = list(records)
    done = _done(records)
    book = Workbook()
    sheets = [
        ("报告", REPORT_COLUMNS, [report_row(e, r) for e, r in records]),
        ("指标", METRIC_COLUMNS, [row for e, r in done for row in metric_rows(e, r)]),
        ("合规", COMPLIANCE_COLUMNS, [compliance_row(e, r) for e, r in done]),
        ("覆盖", _coverage_columns(), [_coverage_labels(coverage_row(e, r)) for e, r in done]),
    ]
    book.remove(book.active)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append([header for _, header in columns])
        for row in rows:
            sheet.append([_xlsx_cell(key, row.get(key)) for key, _ in columns])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # openpyxl takes a string starting with = for a formula
                    cell.data_type = "s"
        sheet.freeze_panes = "B2"
    with atomic_file(path) as handle:  # fsynced before the rename, like every output
        book.save(handle)


def _coverage_columns() -> list[tuple[str, str]]:
    identity = [("report_id", "报告"), ("issuer", "报告主体"), ("level", "层级"), ("report_year", "年度")]
    return identity + [(area, AREA_LABELS[area]) for area in REVIEW_AREAS]


def _coverage_labels(row: dict[str, Any]) -> dict[str, Any]:
    return {k: COVERAGE_LABELS.get(v, v) if k in REVIEW_AREAS else v for k, v in row.items()}


def _xlsx_cell(key: str, value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "level":
        return LEVEL_LABELS.get(value, value)
    if key == "status":
        return STATUS_LABELS.get(value, value)
    if key == "area":
        return AREA_LABELS.get(value, value)
    if key == "section":
        return SECTION_LABELS.get(value, value)
    if key in NUMERIC_COLUMNS and isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return int(number) if number == number.to_integral_value() else float(number)
    return value
