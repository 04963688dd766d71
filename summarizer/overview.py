"""The batch as a whole: ``OUTDIR/index.html`` (overview) and the comparison tables.

A :class:`Catalogue` holds one record per source of ``OUTDIR/index.jsonl`` — its latest index line and
the slim part of its report JSON that the overview and tables read — so the overview after a resume
shows every report done by any run, not only this one. It is rewritten atomically when a report is
committed, at most once every OVERVIEW_EVERY_S (the page grows with OUTDIR: rewriting it for each of
5,000 reports made a run quadratic), and at the end of the run; the tables are written once, at the end.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import Any

from summarizer.io import write_atomic
from summarizer.render_html import OverviewRecord, overview_of, overview_record
from summarizer.review import FAILING
from summarizer.runindex import RunIndex
from summarizer.tables import metrics_csv, write_xlsx

OVERVIEW_NAME = "index.html"
OVERVIEW_EVERY_S = 1.0
# What the overview and the tables read of a report; the rest (measure texts, sections, every number
# check) stays on disk so that memory does not grow with the batch.
SLIM_KEYS = ("source", "document", "compliance", "metrics", "provenance")


class Catalogue:
    """The overview's rows (rendered once per report, so a batch of thousands keeps kilobytes per
    report, not the reports) and, at the end, the tables (read back from the JSON outputs)."""

    def __init__(self, out_dir: Path, index: RunIndex) -> None:
        self.out_dir, self.index = out_dir, index
        self._records: dict[str, OverviewRecord] | None = None  # read on first use: a resume that
        self._written = float("-inf")  # commits nothing reads no report back (monotonic time)
        for stale in out_dir.glob(f".{OVERVIEW_NAME}.*.tmp"):  # left by a run killed mid-write
            stale.unlink(missing_ok=True)

    @property
    def records(self) -> dict[str, OverviewRecord]:
        if self._records is None:
            self._records = {
                key: overview_record(entry, self._read_back(entry))
                for key, entry in self.index.latest.items()
            }
        return self._records

    def readable(self, key: str) -> bool:
        """Whether an earlier run's report of this source could be read back from its JSON output."""
        entry = self.index.latest.get(key)
        return entry is not None and self._read_back(entry) is not None

    def add(self, entry: dict[str, Any], slim_report: dict[str, Any] | None) -> None:
        """Record a committed report by its index entry and the :func:`slim` part of its JSON."""
        self.records[entry["key"]] = overview_record(entry, slim_report)
        if time.monotonic() - self._written < OVERVIEW_EVERY_S:
            return  # written at the latest at the end of the run
        # the report itself is committed; a failed overview write is redone at the end of the run
        with contextlib.suppress(OSError):
            self.write_overview()

    def write_overview(self) -> None:
        """Rewrite the overview, unless nothing changed since the last write of an existing one."""
        if self._records is None and (self.out_dir / OVERVIEW_NAME).exists():
            return
        ordered = sorted(self.records.values(), key=lambda record: record.stem)
        write_atomic(self.out_dir / OVERVIEW_NAME, overview_of(ordered))
        self._written = time.monotonic()

    def write_tables(self, csv_path: Path | None, xlsx_path: Path | None) -> None:
        if csv_path is None and xlsx_path is None:
            return
        entries = sorted(self.index.latest.values(), key=lambda entry: str(entry.get("stem") or ""))
        records = [(entry, self._read_back(entry)) for entry in entries]
        records = [r for r in records if r[0].get("status") != "failed" or r[1] is None]
        if csv_path is not None:
            write_atomic(csv_path, metrics_csv(records))
        if xlsx_path is not None:
            write_xlsx(xlsx_path, records)

    def _read_back(self, entry: dict[str, Any]) -> dict[str, Any] | None:
        if entry.get("status") == "failed":
            return None
        name = next((n for n in entry.get("outputs") or [] if n.endswith(".json")), None)
        if name is None:
            return None
        try:
            data = json.loads((self.out_dir / name).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return slim(data) if isinstance(data, dict) and "metrics" in data else None


def slim(report: dict[str, Any]) -> dict[str, Any]:
    kept = {key: report.get(key) for key in SLIM_KEYS}
    kept["source"] = {k: v for k, v in (report.get("source") or {}).items() if k != "removed_noise"}
    kept["measures"] = [{"area": m.get("area")} for m in report.get("measures") or []]
    kept["sections"] = _areas_only(report.get("sections") or [])
    kept["first_responsible_person"] = {
        "placement": (report.get("first_responsible_person") or {}).get("placement")
    }
    verification = report.get("verification") or {}
    kept["verification"] = {
        "status": verification.get("status"),
        "summary": verification.get("summary"),
        "results": [r for r in verification.get("results") or [] if _kept_check(r)],
        "passed": _metric_values(verification.get("passed") or {}),
    }
    return kept


def _metric_values(passed: dict[str, Any]) -> dict[str, Any]:
    """The rows of ``verification.passed`` (models.PassedChecks) for the metrics' values, and the spans."""
    kept: dict[str, Any] = {"spans": passed.get("spans") or []}
    for verdict, holders in passed.items():
        if verdict != "spans":
            kept[verdict] = {
                holder: {"value": fields["value"]}
                for holder, fields in holders.items()
                if holder.startswith("metrics[") and "value" in fields
            }
    return kept


def _kept_check(check: dict[str, Any]) -> bool:
    field = check.get("field") or ""
    return check.get("status") in FAILING or (field.startswith("metrics[") and field.endswith(".value"))


def _areas_only(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"area": s.get("area"), "children": _areas_only(s.get("children") or [])} for s in sections]
