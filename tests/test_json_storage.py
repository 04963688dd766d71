"""A report's JSON file: compact (passing checks as rows, no null or empty keys) and nothing lost.

Every check of the in-memory report is in the file: a failing one in full (reason, source context), a
passing one as its field, offsets, verdict, status and source spans; the full form comes back from
``summarizer verify SOURCE REPORT.json --json``. Reading the file back with the model, the batch
overview and the tables give what the in-memory report gives. The fixtures are our own invented reports.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from pydantic import BaseModel

from summarizer import checks, models
from summarizer.cli import main
from summarizer.models import Report
from summarizer.overview import slim
from summarizer.pipeline import RulesBackend, process_path, verification_of
from summarizer.reader import read_path
from summarizer.render import render_outputs, stored_data, to_json
from summarizer.render_html import overview_record
from summarizer.review import checks_of, failing_checks, metric_views
from summarizer.tables import compliance_row, coverage_row, metric_rows, metrics_csv, report_row
from summarizer.verify import first_failure, verify_report

REPORTS = sorted(p.name for p in FIXTURES.glob("f0*"))
FAILING = ("unsupported", "mismatch")


@cache
def report_of(name: str) -> Report:
    return process_path(FIXTURES / name, RulesBackend())


def written(report: Report) -> dict[str, Any]:
    return json.loads(to_json(report))


def check_key(check: dict[str, Any]) -> tuple:
    spans = tuple((ref["start"], ref["end"]) for ref in check.get("source") or [])
    return check["field"], check["start"], check["end"], check["verdict"], check["status"], spans


def failing_report(name: str) -> Report:
    """A fixture report with two planted wrong numbers (a measure's summary and a metric's value)."""
    report = report_of(name).model_copy(deep=True)
    report.measures[0].summary += "全年受理行政复议案件98765件。"
    report.metrics[0].value = "98765"
    report.verification = verification_of(verify_report(read_path(FIXTURES / name), report))
    assert report.verification.status == "unverified"
    return report


@pytest.mark.parametrize("name", REPORTS)
def test_every_check_is_in_the_file_with_its_spans_verdict_and_status(name: str) -> None:
    report = report_of(name)
    data = written(report)
    expected = sorted(check_key(asdict(c)) for c in report.verification.results)
    assert sorted(check_key(c) for c in checks_of(data)) == expected
    assert "results" not in data["verification"]  # all passed: every check is a row
    assert data["verification"]["summary"] == asdict(report.verification.summary)


@pytest.mark.parametrize("name", REPORTS)
def test_a_passing_row_gives_the_number_in_its_field_and_its_source_span(name: str) -> None:
    report = report_of(name)
    data, original = written(report), read_path(FIXTURES / name).original
    texts = {(c.field, c.start, c.end): c.text for c in report.verification.results}
    quoted = [c for c in checks_of(data) if not c["field"].startswith(("metrics[", "document."))]
    assert len(quoted) > 20
    for check in quoted:
        holder: Any = data
        for step in check["field"].replace("]", "").replace("[", ".").split("."):
            holder = holder[int(step)] if step.isdigit() else holder[step]
        assert holder[check["start"] : check["end"]] == texts[check["field"], check["start"], check["end"]]
        for ref in check["source"]:
            assert 0 <= ref["start"] < ref["end"] <= len(original), check


def test_failing_checks_stay_in_full_with_reason_and_source_context() -> None:
    report = failing_report(REPORTS[0])
    data = written(report)
    failing = [c for c in report.verification.results if c.status in FAILING]
    assert len(failing) >= 2
    stored_failing = data["verification"]["results"]
    assert stored_failing == [{k: v for k, v in asdict(c).items() if v is not None} for c in failing]
    assert all(c["reason"] for c in stored_failing)
    assert any(ref.get("context") for c in stored_failing for ref in c.get("source") or [])
    assert failing_checks(data) == stored_failing
    assert {"measures[0].summary", "metrics[0].value"} <= {c["field"] for c in stored_failing}
    back = Report.model_validate(data)
    assert first_failure(back.verification) == first_failure(report.verification)
    assert sorted(check_key(c) for c in checks_of(data)) == sorted(
        check_key(asdict(c)) for c in report.verification.results
    )


@pytest.mark.parametrize("name", REPORTS)
def test_the_file_reads_back_into_the_same_report(name: str) -> None:
    report = report_of(name)
    back = Report.model_validate(written(report))
    assert back.verification.passed is not None and back.verification.results == []
    full, read = report.model_dump(mode="json"), back.model_dump(mode="json")
    for dump in (full, read):
        dump["verification"].pop("results")
        dump["verification"].pop("passed")
    assert read == full


@pytest.mark.parametrize("name", [REPORTS[0], REPORTS[3]])
def test_verify_of_the_file_gives_every_check_in_full(name: str) -> None:
    report = report_of(name)
    again = verify_report(read_path(FIXTURES / name), written(report))
    assert [asdict(c) for c in again.numbers] == [asdict(c) for c in report.verification.results]


def test_a_file_with_failing_numbers_verifies_as_the_report_did() -> None:
    report = failing_report(REPORTS[1])
    again = verify_report(read_path(FIXTURES / REPORTS[1]), written(report))
    assert [asdict(c) for c in again.numbers] == [asdict(c) for c in report.verification.results]


@pytest.mark.parametrize("name", REPORTS)
def test_no_null_or_empty_key_is_written(name: str) -> None:
    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                assert value is not None and value != [] and value != {}, f"{path}.{key}"
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                if not (path.endswith("passed.spans") and item == []):  # a check with no source span
                    walk(item, f"{path}[{i}]")

    walk(written(report_of(name)), "")


def models_in(annotation: Any) -> list[type]:
    """The models and the plain dataclasses (summarizer.checks) a field's type holds."""
    if isinstance(annotation, type) and (
        issubclass(annotation, BaseModel) or dataclasses.is_dataclass(annotation)
    ):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in models_in(arg)]


def fields_of(model: type) -> list[tuple[str, Any, Any]]:
    """(name, type, default) of each field; a dataclass's ``default_factory`` is called for its default."""
    if issubclass(model, BaseModel):
        return [(name, info.annotation, info.default) for name, info in model.model_fields.items()]
    hints = typing.get_type_hints(model)
    return [
        (
            f.name,
            hints[f.name],
            f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default,
        )
        for f in dataclasses.fields(model)
    ]


def test_every_field_that_can_be_left_out_has_that_value_as_default() -> None:
    """A key left out of the file (null, empty list or object) reads back as the value it had."""
    seen: set[type] = set()
    todo: list[type] = [Report]
    while todo:
        model = todo.pop()
        seen.add(model)
        for name, annotation, default in fields_of(model):
            if type(None) in typing.get_args(annotation):
                assert default is None, f"{model.__name__}.{name} may be null: default it to None"
            if typing.get_origin(annotation) in (list, dict):
                assert default in ([], {}), f"{model.__name__}.{name} may be empty: default it to empty"
            todo += [m for m in models_in(annotation) if m not in seen]
    assert {
        models.PassedChecks,
        models.Section,
        models.Deadline,
        checks.NumberCheck,
        checks.SourceRef,
    } <= seen


@pytest.mark.parametrize("name", REPORTS)
def test_the_file_is_under_half_the_full_form(name: str) -> None:
    report = report_of(name)
    assert len(to_json(report).encode()) < 0.5 * len(report.model_dump_json().encode())


@pytest.mark.parametrize("name", REPORTS)
def test_overview_and_tables_read_the_file_as_they_read_the_report(name: str) -> None:
    report = failing_report(name)
    entry = {"key": name, "stem": Path(name).stem, "status": "unverified", "source": name, "sha256": "0" * 64}
    full = report.model_dump(mode="json")  # also the form of a JSON written before compact storage
    forms = [full, written(report), slim(written(report)), slim(stored_data(report)), slim(full)]
    # the reason of a verified metric is shown nowhere (the full form has one, the file none)
    views = [
        [(v.verified, v.verdict, "" if v.verified else v.reason) for v in metric_views(form)]
        for form in forms
    ]
    assert all(view == views[0] for view in views), name
    assert not views[0][0][0]  # the planted wrong value shows as unverified
    for row in (metric_rows, report_row, compliance_row, coverage_row):
        assert all(row(entry, form) == row(entry, full) for form in forms), row.__name__
    assert all(overview_record(entry, form) == overview_record(entry, full) for form in forms)
    assert len({metrics_csv([(entry, form)]) for form in forms}) == 1


def test_the_run_writes_the_file_and_keeps_the_same_data_for_the_overview() -> None:
    report = report_of(REPORTS[2])
    rendered, data = render_outputs(report, None, ["json", "md"])
    assert rendered["json"] == to_json(report).encode()
    assert json.loads(rendered["json"]) == data
    assert list(rendered) == ["json", "md"]


def test_stored_keeps_checks_it_cannot_hold_as_rows_in_full() -> None:
    report = report_of(REPORTS[0]).model_copy(deep=True)
    odd = report.verification.results[0]
    odd.field = None  # a check of free text has no field to file it under
    kept = stored_data(report)["verification"]
    read_back = Report.model_validate(stored_data(report)).verification
    assert read_back.results == [odd] and read_back.passed is not None
    assert len(checks_of({"verification": kept})) == len(report.verification.results)


@pytest.mark.usefixtures("offline_and_bounded")
def test_a_rerun_rebuilds_the_overview_and_the_table_from_the_files(tmp_path: Path) -> None:
    out, table = tmp_path / "out", tmp_path / "metrics.csv"
    args = ["run", *(str(FIXTURES / name) for name in REPORTS[:3]), "-o", str(out), "--csv", str(table)]
    assert main(args) == 0
    page, rows = (out / "index.html").read_bytes(), table.read_bytes()
    (out / "index.html").unlink()
    table.unlink()
    assert main(args) == 0  # every report done earlier: both are rebuilt from the JSON files
    assert (out / "index.html").read_bytes() == page and table.read_bytes() == rows
    assert b",true,match," in rows  # the verdicts of the metrics came back from the rows
