"""Cross-check every number of a candidate (plain text, Markdown or a report JSON) against the source.

The CLI (``summarizer verify``) and the LLM validators build on these functions. Status semantics:
``supported`` (match, consistent, derived, rounded unless strict), ``mismatch`` (the claim differs:
qualifier, unit, direction, kind, value, possible misattribution; rounded under strict),
``unsupported`` (not found in the source; ``unanchored``: stated only for facts the candidate's words
do not name; a “quote” or 《title》 the source does not have) and ``ignored`` (identifiers and quoted
text found verbatim, citations). Every number of free text is checked as a claim (numbers/claims.py),
every metric as a (name, value) pair.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any

from summarizer import regexes
from summarizer.checks import NumberCheck, SourceRef, VerificationSummary
from summarizer.document import Document
from summarizer.metadata import report_year_of
from summarizer.numbers.match import SourceIndex, declares_checked, displayed
from summarizer.numbers.mention import Mention
from summarizer.numbers.mentions import checkable_char, plain_quantity

if TYPE_CHECKING:  # `summarizer verify` never loads the report model (pydantic): it starts faster
    from summarizer.models import Verification

# Report parts that are not claims about the source: tool metadata and computed compliance.
SKIPPED_KEYS = frozenset(
    {"source", "provenance", "verification", "schema_version", "warnings", "compliance", "problems"}
    | {"doc_type_reasons", "doc_type_label", "removed_noise", "evidence"}  # (our label: 半年/五年…专项报告)
)
METRIC_STRUCTURED_KEYS = frozenset(
    {"value", "unit", "qualifier", "kind", "direction", "start", "end", "area", "section"}
    | {"value_from", "low", "high"}  # derived from the same number as value
)
WINDOW_MARGIN = 64  # chars around an object's span where its other fields may quote the source
QUALIFIER_WORDS = {"over": ("", "余"), "under": ("近", ""), "approx": ("约", "")}
QUALIFIER_TAILS = {"at_least": "以上", "at_most": "以下"}
DIRECTION_VERBS = {"up": "上升", "down": "下降"}  # a change metric's direction, written before its value
FROM_TO_VERBS = {"up": "提升至", "down": "下降至"}  # …and a from→to metric's, between its two ends
FAILING = ("unsupported", "mismatch")
FACT_PATH = regexes.compile(
    r"^(?P<list>measures|metrics|shortcomings\.items|plans\.items|first_responsible_person\.items"
    r"|briefing\.points)\[(?P<index>\d+)\]"
)
STATUS_LINE = "> 数字核实"  # the first words of a rendered briefing's status line
MARK = "⚠ 未核实"  # the inline note after a point holding an unverified number
YEAR_FACT = "报告年度: "  # a rendered briefing's facts line names the report year so: 报告年度: 2023年
YEAR_FACT_RE = regexes.compile(re.escape(YEAR_FACT) + r"((?:19|20)[0-9]{2})年")
MARK_RE = regexes.compile(rf"(?m)^{re.escape(STATUS_LINE)}[^\n]*|{MARK}[^\n]*")


@dataclass
class VerifyResult:
    numbers: list[NumberCheck]
    summary: VerificationSummary

    @property
    def ok(self) -> bool:
        """Nothing unsupported and nothing mismatched."""
        return self.summary.unsupported == 0 and self.summary.mismatch == 0

    def to_json(self) -> dict:
        """``{"numbers": [...], "summary": {...}}`` as ``summarizer verify --json`` prints it."""
        return {"numbers": [_check_json(n) for n in self.numbers], "summary": asdict(self.summary)}


# ---------------------------------------------------------------------- entry points


def verify_text(
    source: Document,
    candidate: str,
    *,
    strict: bool = False,
    numbers: SourceIndex | None = None,
    report_year: int | None = None,
) -> VerifyResult:
    """Every number of ``candidate``; with ``report_year``, what 今年 and a figure that names no year
    are read as (see SourceIndex): by default the year a delivered briefing names (报告年度: 2023年),
    else the source report's own, as a run reads it."""
    if numbers is None and report_year is None:
        named = YEAR_FACT_RE.search(candidate)
        report_year = int(named.group(1)) if named else report_year_of(source)
    index = numbers if numbers is not None else SourceIndex(source, report_year=report_year)
    shown, where = displayed(candidate)  # a Markdown file as it displays: &lt; is <, \[ is [
    marks = mark_spans(shown)
    checks = [c for c in index.check(shown, strict=strict) if not any(a <= c.start < b for a, b in marks)]
    for check in checks if where else ():  # fresh objects: offsets into the file as written
        check.start, check.end = where[check.start], where[check.end]
    return _result(checks)


def verify_report(
    source: Document,
    report: dict | Any,
    *,
    strict: bool = False,
    numbers: SourceIndex | None = None,
    report_year: int | None = None,
) -> VerifyResult:
    """Every string field of a report JSON, and each metric's value against its evidence span.

    Tool-made statements are not claims about the source and are skipped: ``compliance``,
    ``provenance``, ``source`` metadata, briefing points of kind ``completeness`` and the same
    sentences where they reappear inside ``briefing.markdown``.
    """
    if numbers is None:  # (a report JSON given to `summarizer verify`: its year says what 今年 names)
        year = report_year or _document_of(report).get("report_year")
        numbers = SourceIndex(source, report_year=year if isinstance(year, int) else None)
    index = numbers
    fields = _string_fields(report)  # a report model is walked as it stands: no JSON dump to walk
    exempt = _completeness_texts(report)
    planned = _plan_points(report)  # with the plan's items, they set out the next year's plan
    windows: dict[tuple[int, int] | None, tuple[int, int] | None] = {None: None}  # one per object
    checks: list[NumberCheck] = []
    checkable, verbatim = checkable_char().search, index.check_verbatim  # bound once: ~250 fields a report
    for parent, key, text, span in fields:
        if not checkable(text) and not declares_checked(text):
            continue  # no number, quote or title (an enum value, a name in words), nor 本简报已核实
        window = windows.get(span, windows)  # (the dict itself: not looked up yet)
        if window is windows:
            window = windows[span] = _clean_window(source, span)
        checks_of_field = verbatim(text, strict=strict, window=window)
        spans = None
        if checks_of_field is None and key == "markdown":  # our rendering of the points: line by line
            spans = _exempt_spans(text, exempt) if exempt else None  # (its lines there are not read)
            checks_of_field = index.check_lines(text, strict=strict, exempt=spans or ())
        elif checks_of_field is None:
            checks_of_field = index.check_pieces(text, strict=strict)
        if checks_of_field is None:
            checks_of_field = index.check(
                text, strict=strict, planned=parent.startswith("plans.") or parent in planned
            )
        if not checks_of_field:
            continue  # most fields state no number: their path is never written out
        path = _path(parent, key)
        if spans is None:
            spans = _exempt_spans(text, exempt) if exempt else None
        for check in checks_of_field:  # each check is a fresh object: no copy needed
            if not spans or not any(a <= check.start and check.end <= b for a, b in spans):
                check.field = path
                checks.append(check)
    checks.extend(_check_metrics(index, _metrics_of(report), strict))
    checks.extend(_check_document_dates(index, _document_of(report)))
    return _result(checks)


def apply_verdicts(report: Any, result: VerifyResult) -> None:
    """Mark every fact of ``report`` (measures, metrics, items, briefing points) that holds a failing
    number as unverified, with the number, its verdict and the reason among its problems."""
    for check in result.numbers:
        if check.status not in FAILING or not check.field or not (found := FACT_PATH.match(check.field)):
            continue
        holder: Any = report
        for name in found["list"].split("."):
            holder = getattr(holder, name)
        fact = holder[int(found["index"])]
        problem = f"{check.text}: {check.verdict} ({check.reason})"
        fact.verified = False
        if problem not in fact.problems:
            fact.problems.append(problem)


def mark_spans(candidate: str) -> list[tuple[int, int]]:
    """Spans of the verification marks a rendered briefing carries (its status line, ⚠ 未核实 notes):
    our own words about the numbers, not claims about the source."""
    return [m.span() for m in MARK_RE.finditer(candidate)]


def first_failure(verification: Verification) -> str:
    """The first unverified number, its verdict and what the source says there, for a status line."""
    check = next((c for c in verification.results if c.status in FAILING), None)
    if check is None:
        return ""
    where = f" [{check.field}]" if check.field else ""
    source = f" ⟨源: {check.source[0].context or check.source[0].text}⟩" if check.source else ""
    return f"«{check.text}» {check.verdict}{where}{source}"


def render_human(result: VerifyResult, source: Document) -> str:
    """One line per number (verdict, number, reason, source context) and a summary line."""
    marks = {"supported": "✓", "mismatch": "✗", "unsupported": "?", "ignored": "·"}
    lines = []
    for check in result.numbers:
        where = f"[{check.field}] " if check.field else ""
        context = _source_context(source, check.source[0]) if check.source else ""
        line = f"{marks[check.status]} {check.status:<11} {check.verdict:<23} {where}{check.text}  — {check.reason}"
        label = "nearest" if check.verdict == "not_found" else "源"
        lines.append(line + (f"  ⟨{label}: {context}⟩" if context else ""))
    s = result.summary
    verdict = "OK" if result.ok else "FAILED"
    lines.append(
        f"{s.checked} numbers checked: {s.supported} supported, {s.mismatch} mismatch, "
        f"{s.unsupported} unsupported, {s.ignored} ignored — {verdict}"
    )
    return "\n".join(lines)


def clean_span(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    """The clean ``[start, end)`` whose characters come from original ``[start, end)``; None if none do."""
    clean_start, clean_end = doc.to_clean(start, end)
    return (clean_start, clean_end) if clean_start < clean_end else None


# ---------------------------------------------------------------------- report walking


FoundString = tuple[str, "str | int | None", str, "tuple[int, int] | None"]  # (parent path, key, text, span)


def _string_fields(report: Any) -> list[FoundString]:
    """Every string of a report (a JSON dict or the model itself) that may state a number about the
    source, in document order: the path of its parent and its key (:func:`_path` joins them, for the
    few that hold a number), the text and the original span of the nearest enclosing object that has one.
    """
    found: list[FoundString] = []
    if isinstance(report, dict):
        _collect_strings(report, "", None, found)
    else:
        _collect_model_strings(report, "", None, found)
    return found


def _path(parent: str, key: str | int | None) -> str:
    """The JSON path of a field: ``metrics[3].name``, ``briefing.markdown``, ``warnings[0]``."""
    if key is None:
        return parent
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def _collect_strings(node: Any, path: str, span: tuple[int, int] | None, found: list[FoundString]) -> None:
    if isinstance(node, str):
        found.append((path, None, node, span))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, str):  # most items: taken here, without a call per string
                found.append((path, i, item, span))
            elif isinstance(item, (list, dict)):  # numbers, booleans, null: no text to read
                _collect_strings(item, f"{path}[{i}]", span, found)
    elif isinstance(node, dict):
        if node.get("kind") == "completeness" and path.startswith("briefing.points"):
            return  # the tool's own compliance statement, not a claim about the source
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int):
            span = (node["start"], node["end"])
        in_metric = path.startswith("metrics[") and path.count(".") == 0
        for key, value in node.items():
            if key in SKIPPED_KEYS or (in_metric and key in METRIC_STRUCTURED_KEYS):
                continue
            if path == "document" and key in ("signed_date", "published_date"):
                continue  # checked as dates by _check_document_dates
            if isinstance(value, str):
                found.append((path, key, value, span))
            elif isinstance(value, (list, dict)):
                _collect_strings(value, f"{path}.{key}" if path else key, span, found)


def _collect_model_strings(
    node: Any, path: str, span: tuple[int, int] | None, found: list[FoundString]
) -> None:
    """:func:`_collect_strings` of ``node.model_dump(mode="json")``, read from the model itself: the
    same strings, paths and spans in the same order, without dumping or visiting numbers and flags."""
    in_metric = path.startswith("metrics[") and path.count(".") == 0
    in_points = path.startswith("briefing.points")
    _collect_model(node, type(node), path, span, found, in_points, in_metric, path == "document")


def _collect_model(
    node: Any, kind: type, path: str, span: tuple[int, int] | None, found: list[FoundString],
    in_points: bool, in_metric: bool, in_document: bool,
) -> None:  # fmt: skip
    """The strings of model ``node`` (of class ``kind``), with what its path says already worked out."""
    if in_points and getattr(node, "kind", None) == "completeness":
        return  # the tool's own compliance statement, not a claim about the source
    values = node.__dict__
    start, end = values.get("start"), values.get("end")
    if isinstance(start, int) and isinstance(end, int):
        span = (start, end)
    _collect_model_values(values, _text_keys(kind, in_metric, in_document), path, span, found)


def _collect_model_values(
    values: dict, keys: tuple[str, ...], path: str, span: tuple[int, int] | None, found: list[FoundString]
) -> None:
    """The strings of the fields ``keys`` of a model whose ``__dict__`` is ``values``."""
    for key in keys:
        value = values[key]
        kind = type(value)
        if kind is str:  # most values: taken at once
            found.append((path, key, value, span))
        elif kind is list:
            if value:
                _collect_model_list(value, f"{path}.{key}" if path else key, span, found)
        elif value is None or kind in _SCALARS:
            continue  # no text to read
        elif isinstance(value, str):
            found.append((path, key, value, span))
        elif isinstance(value, list):
            _collect_model_list(value, f"{path}.{key}" if path else key, span, found)
        elif isinstance(value, date):
            found.append((path, key, value.isoformat(), span))  # as the JSON writes it
        elif not isinstance(value, (bool, int, float)):
            _collect_value(value, f"{path}.{key}" if path else key, span, found)


_SCALARS = frozenset({bool, int, float})


def _collect_model_list(
    items: list, path: str, span: tuple[int, int] | None, found: list[FoundString]
) -> None:
    points = path.startswith("briefing.points")  # (what the items' paths start with, as path does)
    in_metric = (path == "metrics" or path.startswith("metrics[")) and "." not in path  # as their paths say
    for i, item in enumerate(items):
        kind = type(item)
        if kind is str:
            found.append((path, i, item, span))
        elif _is_model(kind):  # a list of facts (measures, metrics, items): walked as models
            _collect_model(item, kind, f"{path}[{i}]", span, found, points, in_metric, False)
        elif isinstance(item, str):
            found.append((path, i, item, span))
        elif item is not None and not isinstance(item, (bool, int, float)):
            _collect_value(item, f"{path}[{i}]", span, found)


def _collect_value(value: Any, path: str, span: tuple[int, int] | None, found: list[FoundString]) -> None:
    if isinstance(value, _base_model()):
        _collect_model_strings(value, path, span, found)
    elif isinstance(value, list):
        _collect_model_list(value, path, span, found)
    elif isinstance(value, date):
        found.append((path, None, value.isoformat(), span))
    else:  # anything else (a dict, a dataclass): as its JSON has it
        from pydantic_core import to_jsonable_python  # not at start-up: `summarizer verify` reads JSON

        _collect_strings(to_jsonable_python(value), path, span, found)


@cache
def _is_model(kind: type) -> bool:
    """Is ``kind`` a pydantic model class (asked once per class)?"""
    return issubclass(kind, _base_model())


@cache
def _base_model() -> type:
    """pydantic's BaseModel, imported when a report model is walked (never by `summarizer verify`)."""
    from pydantic import BaseModel

    return BaseModel


@cache
def _text_keys(model: type, in_metric: bool, in_document: bool) -> tuple[str, ...]:
    """The fields of a report model the walk reads, in their order: all but the skipped ones and those
    that only ever hold a number, a flag or nothing (they have no text to check)."""
    skipped = SKIPPED_KEYS | (METRIC_STRUCTURED_KEYS if in_metric else frozenset())
    if in_document:
        skipped |= {"signed_date", "published_date"}  # checked as dates by _check_document_dates
    return tuple(
        key
        for key, info in model.model_fields.items()  # type: ignore[attr-defined]
        if key not in skipped and not _holds_no_text(info.annotation)
    )


def _holds_no_text(annotation: Any) -> bool:
    """A field type whose values are all numbers, flags or None (int, bool, float, int | None …)."""
    scalars = {int, bool, float, type(None)}
    return annotation in scalars or (
        getattr(annotation, "__args__", None) is not None
        and type(annotation).__name__ == "UnionType"
        and all(arg in scalars for arg in annotation.__args__)
    )


def _metrics_of(report: Any) -> list[dict]:
    if isinstance(report, dict):
        return report.get("metrics") or []
    return [metric.__dict__ for metric in report.metrics]  # the fields metric_text reads are plain


def _document_of(report: Any) -> dict:
    if isinstance(report, dict):
        return report.get("document") or {}
    document = report.document
    return {
        "report_year": document.report_year,
        "plan_year": document.plan_year,
        "signed_date": document.signed_date.isoformat() if document.signed_date else None,
        "published_date": document.published_date.isoformat() if document.published_date else None,
    }


def _clean_window(doc: Document, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Where a field of an object grounded at original ``span`` can stand in the cleaned text: the
    object's own clean span widened a little (a metric's name stands just before its number)."""
    if span is None:
        return None
    start, end = doc.to_clean(*span)
    return max(0, start - WINDOW_MARGIN), min(len(doc.text), end + WINDOW_MARGIN)


def _briefing_points(report: Any) -> list[tuple[Any, Any]]:
    """(kind, text) of each of the briefing's points, of a report model or its JSON."""
    if not isinstance(report, dict):
        return [(p.kind, p.text) for p in report.briefing.points]
    points = (report.get("briefing") or {}).get("points") or []
    return [(p.get("kind"), p.get("text")) if isinstance(p, dict) else (None, None) for p in points]


def _plan_points(report: Any) -> set[str]:
    """The paths of the briefing's plan points (briefing.points[7]): what they say is planned."""
    return {f"briefing.points[{i}]" for i, (kind, _) in enumerate(_briefing_points(report)) if kind == "plan"}


def _completeness_texts(report: Any) -> list[str]:
    return [text for kind, text in _briefing_points(report) if kind == "completeness" and text]


def _exempt_spans(text: str, exempt: list[str]) -> list[tuple[int, int]]:
    spans = []
    for sentence in exempt:
        start = text.find(sentence)
        while start >= 0:
            spans.append((start, start + len(sentence)))
            start = text.find(sentence, start + 1)
    return spans


def metric_text(metric: dict) -> str:
    """The metric's value written out as a Chinese quantity, e.g. 39800余份, 上升42.86%, 排名第2."""
    return "".join(_metric_words(metric))


def _metric_words(metric: dict) -> tuple[str, str, str, str, str, str]:
    """The pieces :func:`metric_text` writes, in order: verb, word before the value, the value, word
    after it (余), unit, tail (以上)."""
    value, unit = str(metric.get("value", "")), str(metric.get("unit") or "")  # as an f-string writes it
    kind, qualifier = metric.get("kind") or "count", metric.get("qualifier") or "exact"
    if kind == "rank":
        return "", "排名第", value, "", "", ""
    if kind == "year":
        return "", "", value, "", "年", ""
    before, after = QUALIFIER_WORDS.get(qualifier, ("", ""))
    tail = QUALIFIER_TAILS.get(qualifier, "")
    if kind in ("percent", "pct_change", "pct_from_to"):
        unit = unit if unit in ("‰", "倍") else "%"  # per mille (败诉率3.5‰) and 增长了1倍 stay so
    elif kind == "pct_point":
        unit = "个百分点"
    elif kind == "money":
        unit = "元"
    prefix = (
        DIRECTION_VERBS.get(metric.get("direction") or "", "") if kind in ("pct_change", "pct_point") else ""
    )
    if kind == "pct_from_to" and metric.get("value_from") not in (None, ""):
        # both ends and the way it went are claims too: 由81.2%提升至92.6%, not 92.6% alone
        prefix = f"由{metric['value_from']}{unit}{FROM_TO_VERBS.get(metric.get('direction') or '', '至')}"
    return prefix, before, value, after, unit, tail


def metric_reading(metric: dict, known: dict | None = None) -> tuple[str, Mention | None]:
    """:func:`metric_text` and the quantity ``analyse`` reads in it, built from the metric's fields
    (:func:`~summarizer.numbers.mentions.plain_quantity`) when their reading is certain: a plain decimal
    value followed by nothing but 余, a measure word and 以上/以下. None otherwise (the caller reads the
    text). ``known`` keeps, for the next metrics of a report, how the words after a value read.
    """
    words = _metric_words(metric)
    text = "".join(words)
    verb, before, value, after, unit, tail = words
    if verb or before or not unit:
        return text, None  # a word before the number: the tokenizer may read it as a prefix
    return text, plain_quantity(value, after, unit, tail, {} if known is None else known)


def _check_metrics(index: SourceIndex, metrics: list, strict: bool) -> list[NumberCheck]:
    checks = []
    known: dict = {}  # metric_reading's readings of the words after a value, for this report
    for i, metric in enumerate(metrics):
        if not isinstance(metric, dict) or metric.get("value") in (None, ""):
            continue
        text, reading = metric_reading(metric, known)
        span = clean_span(index.doc, int(metric.get("start", 0)), int(metric.get("end", 0)))
        if span is None:
            check = NumberCheck(
                text=text, start=0, end=len(text), kind=metric.get("kind") or "count", value=str(metric["value"]),
                unit=metric.get("unit"), status="unsupported", verdict="not_found",
                reason="the metric's evidence span is not part of the cleaned source",
            )  # fmt: skip
        else:
            name = metric.get("name") or None
            check = index.check_value(text, *span, strict=strict, name=name, reading=reading)
        if check.status == "supported" and (why := _direction_contradiction(metric)):
            check.status, check.verdict, check.reason = "mismatch", "direction_mismatch", why
        elif check.status == "supported" and span and (why := _period_contradiction(index, metric, span[0])):
            check.status, check.verdict, check.reason = "unsupported", "unanchored", why
        check.field = f"metrics[{i}].value"
        checks.append(check)
    return checks


def _period_contradiction(index: SourceIndex, metric: dict, start: int) -> str | None:
    """Why a metric's period is not the span of time its source figure covers (a running total given as
    the year's figure, last year's as this year's), or None: the period is read from the source's words
    at its span, as the pipeline reads it, whoever wrote the metric."""
    claimed = metric.get("period")
    if not claimed:
        return None
    said = index.period_at(start, index.flags_at(start))
    if said == claimed:
        return None
    return f"the metric gives its figure as {claimed}, but the source's words make it {said}"


def _direction_contradiction(metric: dict) -> str | None:
    """Why a from→to metric's direction is not the way its two ends go (由3%提升至5% said to go down),
    or None: the text read from its fields takes the way from the two values."""
    direction = metric.get("direction")
    if metric.get("kind") != "pct_from_to" or direction not in ("up", "down"):
        return None
    try:
        start, end = Decimal(str(metric["value_from"])), Decimal(str(metric["value"]))
    except (KeyError, InvalidOperation):
        return None
    goes = "up" if end > start else "down" if end < start else None
    if goes is None or goes == direction:
        return None
    unit = metric.get("unit") or "%"
    return f"the metric says it went {direction}, but its ends go {goes} (from {start}{unit} to {end}{unit})"


def _check_document_dates(index: SourceIndex, document: dict) -> list[NumberCheck]:
    checks = []
    for key in ("report_year", "plan_year"):
        if isinstance(document.get(key), int):
            for check in index.check(f"{document[key]}年"):
                check.field = f"document.{key}"
                checks.append(check)
    for key in ("signed_date", "published_date"):
        if isinstance(document.get(key), str) and document[key]:
            for check in index.check(document[key]):
                check.field = f"document.{key}"
                checks.append(check)
    return checks


# ---------------------------------------------------------------------- helpers


def _result(checks: list[NumberCheck]) -> VerifyResult:
    counts = {"supported": 0, "unsupported": 0, "mismatch": 0, "ignored": 0}
    for check in checks:
        counts[check.status] += 1
    return VerifyResult(numbers=checks, summary=VerificationSummary(checked=len(checks), **counts))


def _check_json(check: NumberCheck) -> dict:
    data = asdict(check)
    if data.get("field") is None:
        data.pop("field", None)
    return data


def _source_context(source: Document, ref: SourceRef, width: int = 14) -> str:
    left = source.original[max(0, ref.start - width) : ref.start]
    right = source.original[ref.end : ref.end + width]
    return " ".join((left + "【" + source.original[ref.start : ref.end] + "】" + right).split())
