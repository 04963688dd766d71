"""The report's stored JSON, made the short way (one dump, only the fields that can hold a container
looked at for emptiness), against the plain form it replaces: a full dump, every key walked, the checks
dumped and split apart, the keys put back in the model's order. Same bytes, on the invented fixtures
and on many variations of them (empty and filled lists, missing values, failing checks)."""

from __future__ import annotations

import copy
import json
import random
from functools import cache
from typing import Any

import pytest
from conftest import FIXTURES
from pydantic import BaseModel

from summarizer.checks import SourceRef
from summarizer.models import Coverage, FieldEvidence, Item, Report, Section, Verification
from summarizer.pipeline import RulesBackend, process_path
from summarizer.render import PASSED_STATUS, _drop_empty, _json_line, _plan, _prune, stored_data

REPORTS = sorted(p.name for p in FIXTURES.glob("f0*"))


@cache
def report_of(name: str) -> Report:
    return process_path(FIXTURES / name, RulesBackend())


def plain_split(verification: Verification) -> tuple[list[Any], dict[str, Any] | None]:
    failing: list[Any] = []
    rows: dict[str, dict[str, dict[str, list[int]]]] = {}
    spans: list[list[int]] = []
    for check in verification.results:
        if not check.field or check.status != PASSED_STATUS.get(check.verdict):
            failing.append(check)
            continue
        refs = [offset for ref in check.source for offset in (ref.start, ref.end)]
        if refs not in spans:
            spans.append(refs)
        holder, _, name = check.field.rpartition(".")
        row = rows.setdefault(check.verdict, {}).setdefault(holder, {}).setdefault(name, [])
        row += [check.start, check.end, spans.index(refs)]
    if not rows:
        return failing, None
    passed: dict[str, Any] = {"spans": spans}
    passed.update((verdict, rows[verdict]) for verdict in PASSED_STATUS if verdict in rows)
    return failing, passed


def plain_stored_data(report: Report) -> dict[str, Any]:
    data = _drop_empty(report.model_dump(mode="json", exclude_none=True, exclude={"verification"}))
    failing, passed = plain_split(report.verification)
    kept = Verification(
        status=report.verification.status, summary=report.verification.summary, results=failing
    )
    data["verification"] = _drop_empty(kept.model_dump(mode="json", exclude_none=True))
    if passed is not None:
        data["verification"]["passed"] = passed
    return {key: data[key] for key in Report.model_fields if key in data}


def varied(report: Report, rng: random.Random) -> Report:
    """The report with lists emptied or filled, optional values dropped and checks failed at random."""
    report = report.model_copy(deep=True)
    maybe = lambda: rng.random() < 0.5  # noqa: E731
    for fact in [*report.measures, *report.metrics, *report.plans.items, *report.briefing.points]:
        fact.problems = ["数字未核实"] if maybe() else []
    report.shortcomings.items = report.shortcomings.items if maybe() else []
    report.first_responsible_person.items = (
        [Item(text="主要负责人带头学法", start=1, end=9)] if maybe() else []
    )
    _vary_sections(report.sections, rng)
    doc = report.document
    doc.recipients = ["某市人民政府"] if maybe() else []
    doc.issuer_names = doc.issuer_names if maybe() else []
    doc.evidence = (
        {"title": FieldEvidence(source="title", text="某某报告", start=0, end=4)} if maybe() else {}
    )
    doc.title, doc.report_year = (None, None) if maybe() else (doc.title, doc.report_year)
    report.source.removed_noise = report.source.removed_noise if maybe() else []
    report.compliance.missing = ["存在的不足和原因"] if maybe() else []
    report.warnings = ["no title found"] if maybe() else []
    report.provenance.fallbacks = ["metrics: timeout"] if maybe() else []
    report.provenance.coverage = (
        {"measures": Coverage(rules=3, model=2, matched=2, kept_from_rules=1, ratio=0.67)} if maybe() else {}
    )
    for check in report.verification.results:
        if rng.random() < 0.1:
            check.status, check.verdict, check.reason = "mismatch", "value_mismatch", "原文此处不同"
        if rng.random() < 0.05:
            check.field = None
        if rng.random() < 0.05:
            check.source = [SourceRef(start=5, end=9, text="1234"), SourceRef(start=20, end=22, text="12")]
    return report


def _vary_sections(sections: list[Section], rng: random.Random) -> None:
    for section in sections:
        if rng.random() < 0.3:
            section.children = []
        section.heading = section.heading if rng.random() < 0.7 else None
        _vary_sections(section.children, rng)


@pytest.mark.parametrize("name", REPORTS)
def test_stored_data_is_the_plain_form_byte_for_byte(name: str) -> None:
    report = report_of(name)
    assert _json_line(stored_data(report)) == _json_line(plain_stored_data(report))
    rng = random.Random(name)
    failed = 0
    for _ in range(40):
        trial = varied(report, rng)
        assert _json_line(stored_data(trial)) == _json_line(plain_stored_data(trial))
        failed += trial.verification.status == "unverified" or any(
            c.status == "mismatch" for c in trial.verification.results
        )
    assert failed  # the failing checks' path was exercised


class Loose(BaseModel):
    """Field types the report models do not use today: the pruning plan must still match the walk."""

    either: int | str | None = None
    table: dict[str, list[int]] = {}
    grid: list[list[int]] = []
    note: str | None = None


class Holder(BaseModel):
    loose: Loose | None = None
    many: list[Loose] = []
    named: dict[str, Loose] = {}
    words: list[str] = []


def random_holder(rng: random.Random) -> Holder:
    def loose() -> Loose:
        return Loose(
            either=rng.choice([None, 0, 1, "", "x"]),
            table={k: rng.choice([[], [1]]) for k in rng.sample("abc", rng.randrange(3))},
            grid=rng.choice([[], [[]], [[1, 2]]]),
            note=rng.choice([None, "", "n"]),
        )

    return Holder(
        loose=rng.choice([None, loose()]),
        many=[loose() for _ in range(rng.randrange(3))],
        named={k: loose() for k in rng.sample("xyz", rng.randrange(3))},
        words=rng.choice([[], ["w"]]),
    )


def test_pruning_by_plan_is_the_walk_of_every_key() -> None:
    rng = random.Random(12)
    for _ in range(500):
        data = random_holder(rng).model_dump(mode="json", exclude_none=True)
        expected = json.dumps(_drop_empty(copy.deepcopy(data)))
        assert json.dumps(_prune(data, _plan(Holder))) == expected
