"""The batch as a whole: ``OUTDIR/index.html`` (overview) and the comparison tables.

A :class:`Catalogue` holds one record per source of ``OUTDIR/index.jsonl`` — rendered from its latest
index line and the slim part of its report JSON that the overview reads — so the overview after a resume
shows every report done by any run, not only this one. It is rewritten atomically when a report is
committed, at most once every OVERVIEW_EVERY_S (the page grows with OUTDIR: rewriting it for each of
5,000 reports made a run quadratic), and at the end of the run; the tables are written once, at the end.

Memory does not grow with the batch: a record's HTML (a few KB) is appended to a *spool*, a file of this
run in OUTDIR that has no name (``O_TMPFILE``, or unlinked as soon as it is created), so that it never
outlives the run however it ends, and never meets another run's. In memory each source keeps only its
stem, its status and where its record starts in the spool; the page is streamed from the spool into
its temporary file, record by record, never built whole. A run that commits something reads the earlier
runs' reports back from their JSON outputs once, at its first commit (a resume that commits nothing
reads nothing).
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from summarizer.io import atomic_file, write_atomic
from summarizer.render_html import OverviewRecord, overview_pieces, overview_record
from summarizer.review import FAILING
from summarizer.runindex import RunIndex

OVERVIEW_NAME = "index.html"
OVERVIEW_EVERY_S = 1.0
# What the overview and the tables read of a report; the rest (measure texts, sections, every number
# check) stays on disk so that memory does not grow with the batch.
SLIM_KEYS = ("source", "document", "compliance", "metrics", "provenance")
# A record in the spool: the byte lengths of its row and matrix row, then of its failure row, then those
# three texts in UTF-8.
RECORD_HEAD = struct.Struct("<III")
PARTS = ("row", "matrix", "failure")
READ_AHEAD = 8192  # bytes read at a record's offset: its head and, as a rule, every part (2-3 KB)


class Catalogue:
    """The overview's records (rendered once per report, kept on disk in the spool) and, at the end, the
    tables (read back from the JSON outputs)."""

    def __init__(self, out_dir: Path, index: RunIndex) -> None:
        self.out_dir, self.index = out_dir, index
        # source key → (stem, status, the record's offset in the spool), built on first use, so that a
        # resume that commits nothing reads no report back
        self._places: dict[str, tuple[str, str, int]] | None = None
        self._spool: BinaryIO | None = None
        self._spooled_to = 0  # the spool's length
        self._stale = False  # a record could not be spooled: the overview is rewritten at the end
        self._written = float("-inf")  # monotonic time
        for stale in out_dir.glob(f".{OVERVIEW_NAME}.*.tmp"):  # left by a run killed mid-write
            stale.unlink(missing_ok=True)

    @property
    def places(self) -> dict[str, tuple[str, str, int]]:
        """Where each source's record is in the spool, every earlier run's report read back first."""
        if self._places is None:
            self._spool = tempfile.TemporaryFile(  # noqa: SIM115 (open until close())
                buffering=0, dir=self.out_dir, prefix=f".{OVERVIEW_NAME}.spool."
            )
            self._spooled_to, places = 0, {}
            for key, entry in self.index.entries().items():
                places[key] = self._spooled(overview_record(entry, self._read_back(entry)))
            self._places, self._stale = places, False
        return self._places

    def readable(self, key: str) -> bool:
        """Whether an earlier run's report of this source could be read back from its JSON output."""
        entry = self.index.latest.get(key)
        return entry is not None and self._read_back(entry) is not None

    def add(self, entry: dict[str, Any], slim_report: dict[str, Any] | None) -> None:
        """Record a committed report by its index entry and the :func:`slim` part of its JSON."""
        if self._stale:
            return  # the spool failed (a full disk): it is rebuilt, from the outputs, with the next page
        try:
            places = self.places  # the spool, with every earlier run's record, exists before this one
            places[entry["key"]] = self._spooled(overview_record(entry, slim_report))
        except OSError:  # the spool cannot grow (a full disk): every record is read back when next needed
            self.close()
            self._stale = True
            return
        if time.monotonic() - self._written < OVERVIEW_EVERY_S:
            return  # written at the latest at the end of the run
        # the report itself is committed; a failed overview write is redone at the end of the run
        with contextlib.suppress(OSError):
            self.write_overview()

    def _spooled(self, record: OverviewRecord) -> tuple[str, str, int]:
        """Append the record to the spool; where it is, and what orders and counts it on the page."""
        assert self._spool is not None
        texts = [getattr(record, part).encode("utf-8") for part in PARTS]
        data = RECORD_HEAD.pack(*map(len, texts)) + b"".join(texts)
        offset = self._spooled_to
        if self._spool.write(data) != len(data):  # unbuffered: on a full disk, now and here
            raise OSError("the overview's spool is full")
        self._spooled_to += len(data)
        # a status is one of a handful of words: one string each, not one per report
        return record.stem, sys.intern(record.status), offset

    def write_overview(self) -> None:
        """Rewrite the overview, unless nothing changed since the last write of an existing one."""
        if self._places is None and not self._stale and (self.out_dir / OVERVIEW_NAME).exists():
            return
        ordered = sorted(self.places.values(), key=lambda place: place[0])  # by stem
        with atomic_file(self.out_dir / OVERVIEW_NAME) as page:
            for piece in overview_pieces([status for _, status, _ in ordered], self._parts(ordered)):
                page.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
        self._written = time.monotonic()

    def _parts(self, ordered: list[tuple[str, str, int]]) -> Callable[[str], Iterator[bytes]]:
        def parts(part: str) -> Iterator[bytes]:
            index = PARTS.index(part)
            for _, _, offset in ordered:
                yield self._read_part(offset, index)

        return parts

    def _read_part(self, offset: int, index: int) -> bytes:
        """One part of the record at ``offset``, as UTF-8 (the page's encoding): one read, as a rule."""
        assert self._spool is not None
        fd = self._spool.fileno()
        record = os.pread(fd, READ_AHEAD, offset)
        lengths = RECORD_HEAD.unpack_from(record)
        start = RECORD_HEAD.size + sum(lengths[:index])
        end = start + lengths[index]
        return record[start:end] if end <= len(record) else os.pread(fd, lengths[index], offset + start)

    def close(self) -> None:
        """Let the spool go (its space is freed with it); the records are read back if needed again."""
        if self._spool is not None:
            self._spool.close()
        self._spool, self._places = None, None

    def write_tables(self, csv_path: Path | None, xlsx_path: Path | None) -> None:
        if csv_path is None and xlsx_path is None:
            return
        from summarizer.tables import metrics_csv, write_xlsx  # only a run asked for tables loads them

        entries = sorted(self.index.entries().values(), key=lambda entry: str(entry.get("stem") or ""))
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
