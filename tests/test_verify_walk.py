"""A report model is verified without dumping it to JSON: the walk over the model must read the same
strings, at the same paths and spans, as the walk over its JSON, and give the same checks."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest

from summarizer.pipeline import RulesBackend, context_for, report_of
from summarizer.reader import read_path
from summarizer.verify import _path, _string_fields, verify_report

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORTS = sorted(p for p in FIXTURES.glob("f0*") if p.suffix in (".txt", ".html"))


def _report(path: Path):  # type: ignore[no-untyped-def]
    doc = read_path(path)
    return doc, report_of(context_for(doc), RulesBackend())


def _walked(report: object) -> list[tuple[str, str, tuple[int, int] | None]]:
    return [(_path(parent, key), text, span) for parent, key, text, span in _string_fields(report)]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_model_walk_reads_what_the_json_walk_reads(path: Path) -> None:
    _, report = _report(path)
    report.briefing.points[0].kind = "completeness"  # a tool statement: skipped by both walks
    report.document.signed_date = date(2024, 2, 29)  # a date field: never read as a string field
    walked = _walked(report)
    assert walked == _walked(json.loads(report.model_dump_json()))
    paths = [p for p, _, _ in walked]
    assert "briefing.markdown" in paths and "document.signed_date" not in paths
    assert not any(p.startswith("briefing.points[0]") for p in paths)
    assert not any(p.startswith(("compliance", "provenance", "source")) for p in paths)


@pytest.mark.parametrize("path", REPORTS[:3], ids=lambda p: p.name)
@pytest.mark.parametrize("strict", [False, True])
def test_model_and_json_give_the_same_checks(path: Path, strict: bool) -> None:
    doc, report = _report(path)
    for metric in report.metrics[::2]:  # some metrics wrong: failing checks must agree as well
        metric.value = str(int(float(metric.value)) + 7) if metric.value.replace(".", "").isdigit() else "7"
    from_model = verify_report(doc, report, strict=strict)
    from_json = verify_report(doc, json.loads(report.model_dump_json()), strict=strict)
    assert [asdict(c) for c in from_model.numbers] == [asdict(c) for c in from_json.numbers]
    assert from_model.summary == from_json.summary
    assert any(c.field and c.field.startswith("metrics[") for c in from_model.numbers)
