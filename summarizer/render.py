"""Report → JSON, Markdown and HTML (the page itself: summarizer.render_html); files are written by summarizer.io."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_json as json_bytes

from summarizer.briefing import marked_markdown
from summarizer.checks import NumberCheck
from summarizer.document import Document
from summarizer.models import PassedChecks, Report, Verification
from summarizer.numbers.match import status_of
from summarizer.render_html import report_page

# verdict → the status of a check that passed with it (what PassedChecks stores)
PASSED_STATUS = {
    verdict: status_of(verdict, False) for verdict in PassedChecks.model_fields if verdict != "spans"
}


def stored_data(report: Report) -> dict[str, Any]:
    """The report as its JSON file holds it: the checks that passed as compact rows
    (:func:`_split`), and no key whose value is null or empty (every such field defaults
    to it, so reading the file back with the model restores it). One dump of the report, its checks
    left out; the rows are built as the plain data they are dumped to (a model of them would be
    validated for nothing)."""
    data = report.model_dump(mode="json", exclude_none=True, exclude=CHECKS_APART)
    _prune(data, _plan(Report))
    failing, passed = _split(report.verification)
    verification = data["verification"]  # its status and summary, in the model's order
    if failing:  # rare: most reports pass every check
        kept = Verification.model_construct(  # its parts come from a validated Verification already
            status=report.verification.status, summary=report.verification.summary, results=failing
        )
        verification["results"] = _drop_empty(kept.model_dump(mode="json", exclude_none=True))["results"]
    if passed is not None:
        verification["passed"] = passed
    return data


def _split(verification: Verification) -> tuple[list[NumberCheck], dict[str, Any] | None]:
    """How a report's JSON stores its checks: the failing ones in full, with reason and source context,
    and any other the rows cannot hold (no field); the others (nine in ten) as the rows of
    :class:`PassedChecks` (field, offsets, verdict, source spans), which give everything else about
    them, as it dumps them (spans first, then the verdicts in the model's order; None when none)."""
    results: list[NumberCheck] = []
    rows: dict[str, dict[str, dict[str, list[int]]]] = {}  # verdict → object → field → triples
    spans: dict[tuple[int, ...], int] = {}  # source spans → index in PassedChecks.spans
    field = verdict = ""
    triples: list[int] = []
    passed_status, span_of = PASSED_STATUS.get, spans.setdefault  # bound once: ~200 checks a report
    for check in verification.results:
        if not (at := check.field) or check.status != passed_status(check.verdict):
            results.append(check)
            continue
        refs = check.source
        if len(refs) == 1:
            key: tuple[int, ...] = (refs[0].start, refs[0].end)
        else:
            key = tuple(o for r in refs for o in (r.start, r.end))
        span = span_of(key, len(spans))
        if at != field or check.verdict != verdict:  # a field's checks come one after another
            field, verdict = at, check.verdict
            holder, _, name = field.rpartition(".")
            triples = rows.setdefault(verdict, {}).setdefault(holder, {}).setdefault(name, [])
        triples += (check.start, check.end, span)
    if not rows:
        return results, None
    passed: dict[str, Any] = {"spans": [list(refs) for refs in spans]}
    passed.update((verdict, rows[verdict]) for verdict in PASSED_STATUS if verdict in rows)
    return results, passed


def to_json(report: Report) -> str:
    """One line, no indentation (``jq .`` shows it indented): see :func:`stored_data`."""
    return _json_line(stored_data(report)).decode("utf-8")


def to_markdown(report: Report) -> str:
    """The briefing with its verification status on top and every unverified number marked."""
    return marked_markdown(report)


def to_html(report: Report, doc: Document | None = None) -> str:
    """The review page (summarizer.render_html); with ``doc``, the source text with every span."""
    return report_page(report, doc)


RENDERERS = {"json": to_json, "md": to_markdown, "html": to_html}


def render(fmt: str, report: Report, doc: Document | None = None) -> str:
    """One output of a report; the HTML page also shows the source when ``doc`` is given."""
    return to_html(report, doc) if fmt == "html" else RENDERERS[fmt](report)


def render_outputs(
    report: Report, doc: Document | None, formats: Iterable[str]
) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Every output of a report (format → bytes, in ``formats`` order) and its stored JSON data, which
    the batch overview and tables read: the report is dumped once for both."""
    data = stored_data(report)
    rendered = {
        fmt: _json_line(data) if fmt == "json" else render(fmt, report, doc).encode("utf-8")
        for fmt in formats
    }
    return rendered, data


def schema_json() -> str:
    return json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


def _json_line(data: dict[str, Any]) -> bytes:
    return json_bytes(data) + b"\n"


# The checks are stored apart: the failing ones in full, the others as rows (``passed`` is never set on
# a report in memory; left out, a report read back from a file with its rows is stored the same way).
CHECKS_APART = {"verification": {"results", "passed"}}

# How :func:`_prune` treats a field that can hold a container (fields of plain values need nothing).
PLAIN, OBJECT, OBJECTS, MAPPING, ANY = range(5)
Plan = list[tuple[str, int, "Plan"]]


def _prune(node: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """:func:`_drop_empty` for the dump of a model whose :func:`_plan` is ``plan``: only the keys that
    can hold a container are looked at (one in five; the others hold strings and numbers)."""
    for name, shape, inner in plan:
        value = node.get(name)
        if value is None:  # left out: it was None
            continue
        if shape == OBJECTS:
            if len(inner) == 1 and inner[0][1] == PLAIN:  # facts whose one list is their problems
                only = inner[0][0]
                for item in value:
                    if not item.get(only, True):
                        del item[only]
            elif inner:
                for item in value:
                    _prune(item, inner)
        elif shape == OBJECT:
            _prune(value, inner)
        elif shape == MAPPING:
            for key in [key for key, item in value.items() if not _prune(item, inner)]:
                del value[key]
        elif shape == ANY:  # a type not foreseen here: walked the long way
            if not _drop_empty({name: value}):
                del node[name]
            continue
        if not value:
            del node[name]
    return node


def _plan(model: type) -> Plan:
    """The fields of ``model`` (a pydantic model or a dataclass) that can hold a container, with how to
    walk them; read from the annotations once per model, so a change of the models changes it. The
    plan of a model that holds itself (``Section.children``) holds itself."""
    plan = _PLANS.get(model)
    if plan is None:
        plan = _PLANS[model] = []  # before its fields are read: Section finds itself here
        if issubclass(model, BaseModel):
            fields = [(name, info.annotation) for name, info in model.model_fields.items()]
        else:
            fields = [(info.name, info.type) for info in dataclasses.fields(model)]
        for name, annotation in fields:
            if (shape := _shape(annotation)) is not None:
                plan.append((name, *shape))
    return plan


_PLANS: dict[type, Plan] = {}  # model class → its plan: of the models, never of a report


def _shape(annotation: Any) -> tuple[int, Plan] | None:
    """How a field of this type is pruned: None for a plain value (str, int, date, a Literal …)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        kept = [arg for arg in args if arg is not type(None)]
        return _shape(kept[0]) if len(kept) == 1 else (ANY, [])
    if origin is list:
        item = args[0] if args else Any
        if _is_model(item):
            return OBJECTS, _plan(item)
        return (PLAIN, []) if _is_plain(item) else (ANY, [])
    if origin is dict:
        value = args[1] if args else Any
        if _is_model(value):
            return MAPPING, _plan(value)
        return (PLAIN, []) if _is_plain(value) else (ANY, [])
    if _is_model(annotation):
        return OBJECT, _plan(annotation)
    return None if _is_plain(annotation) else (ANY, [])


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and (
        issubclass(annotation, BaseModel) or dataclasses.is_dataclass(annotation)
    )


def _is_plain(annotation: Any) -> bool:
    """A value that dumps to no list or object: a string, a number, a boolean, a date, a Literal."""
    if typing.get_origin(annotation) is typing.Literal:
        return True
    return annotation in (str, int, float, bool, date, datetime)


def _drop_empty(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` without the keys, at any depth, whose value is an empty list or object (in place)."""
    empty = []
    for key, value in node.items():
        kind = type(value)
        if kind is str or kind is int:  # most values: nothing to look into
            continue
        if kind is dict:
            if not _drop_empty(value):
                empty.append(key)
        elif kind is list:
            if not value:
                empty.append(key)
            elif type(value[0]) is dict:  # a list of objects (lists of strings, ints or spans hold no key)
                for item in value:
                    _drop_empty(item)
    for key in empty:
        del node[key]
    return node
