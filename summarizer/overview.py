"""The batch as a whole: ``OUTDIR/index.html`` (overview) and the comparison tables.

A :class:`Catalogue` holds one record per source of ``OUTDIR/index.jsonl`` — its latest index line and
the slim part of its report JSON that the overview and tables read — so the overview after a resume
shows every report done by any run, not only this one. It is rewritten atomically each time a report
is committed; the tables are written once at the end of the run.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from summarizer.io import write_atomic
from summarizer.models import Report
from summarizer.render_html import overview_page
from summarizer.review import FAILING
from summarizer.runindex import RunIndex
from summarizer.tables import metrics_csv, write_xlsx

OVERVIEW_NAME = "index.html"
# What the overview and the tables read of a report; the rest (measure texts, sections, every number
# check) stays on disk so that memory does not grow with the batch.
SLIM_KEYS = ("source", "document", "compliance", "metrics", "provenance")


class Catalogue:
    def __init__(self, out_dir: Path, index: RunIndex) -> None:
        self.out_dir = out_dir
        self.records: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}
        for key, entry in index.latest.items():
            self.records[key] = (entry, self._read_back(entry))
        for stale in out_dir.glob(f".{OVERVIEW_NAME}.*.tmp"):  # left by a run killed mid-write
            stale.unlink(missing_ok=True)

    def readable(self, key: str) -> bool:
        """Whether an earlier run's report of this source could be read back from its JSON output."""
        record = self.records.get(key)
        return record is not None and record[1] is not None

    def add(self, entry: dict[str, Any], report: Report | None) -> None:
        slim_report = slim(report.model_dump(mode="json")) if report is not None else None
        self.records[entry["key"]] = (entry, slim_report)
        # the report itself is committed; a failed overview write is redone at the end of the run
        with contextlib.suppress(OSError):
            self.write_overview()

    def write_overview(self) -> None:
        write_atomic(self.out_dir / OVERVIEW_NAME, overview_page(self.ordered()))

    def ordered(self) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
        return sorted(self.records.values(), key=lambda record: str(record[0].get("stem") or ""))

    def write_tables(self, csv_path: Path | None, xlsx_path: Path | None) -> None:
        records = [r for r in self.ordered() if r[0].get("status") != "failed" or r[1] is None]
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
    }
    return kept


def _kept_check(check: dict[str, Any]) -> bool:
    field = check.get("field") or ""
    return check.get("status") in FAILING or (field.startswith("metrics[") and field.endswith(".value"))


def _areas_only(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"area": s.get("area"), "children": _areas_only(s.get("children") or [])} for s in sections]
