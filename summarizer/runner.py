"""A batch of reports: one at a time, outputs written atomically as each finishes, failures isolated."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.errors import SummarizerError
from summarizer.models import Report
from summarizer.pipeline import Options, process
from summarizer.reader import read_bytes, read_path
from summarizer.render import RENDERERS, to_csv, write_atomic

EXIT_OK, EXIT_FAILED = 0, 1
REPORT_SUFFIXES = {".txt", ".html", ".htm"}


@dataclass
class Outcome:
    path: str
    status: str  # "ok" | "unverified" | "failed"
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    report: Report | None = None

    def line(self) -> str:
        if self.report is None:
            return f"FAILED      {self.path}: {self.error}"
        r, v = self.report, self.report.verification.summary
        facts = (
            f"{r.document.level} {r.document.report_year or '?'} · {len(r.measures)} measures · "
            f"{len(r.metrics)} metrics · {len(r.shortcomings.items)} shortcomings · {len(r.plans.items)} plans · "
            f"numbers {v.supported}/{v.checked - v.ignored} verified"
        )
        label = "ok" if self.status == "ok" else "UNVERIFIED"
        return f"{label:<11} {self.path} -> {', '.join(self.outputs)} [{facts}]"

    def as_json(self) -> dict:
        data = {"path": self.path, "status": self.status, "outputs": self.outputs, "error": self.error}
        if self.report is not None:
            data["verification"] = self.report.verification.summary.model_dump()
        return data


class OutputNames:
    """``<stem>.<ext>`` per report, with -2, -3… when two inputs share a stem."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def stem_for(self, path: str) -> str:
        base = "stdin" if path == "-" else Path(path).stem
        stem, n = base, 1
        while stem in self.used:
            n += 1
            stem = f"{base}-{n}"
        self.used.add(stem)
        return stem


def expand_paths(paths: list[str]) -> Iterator[tuple[str, str | None]]:
    """(path, error) for every report named: files as given, directories searched recursively."""
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            yield raw, None
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                yield raw, f"no reports (.txt, .html, .htm) in directory {raw}"
            for file in found:
                yield str(file), None
        else:
            yield raw, None


def run_batch(args: argparse.Namespace, backend, formats: list[str]) -> int:
    out_dir = Path(args.out)
    names = OutputNames()
    options = Options(strict=args.strict)
    outcomes = []
    for path, problem in expand_paths(args.paths):
        outcome = Outcome(path, "failed", error=problem) if problem else run_one(path, backend, options)
        if outcome.report is not None:
            outcome.outputs = write_outputs(outcome.report, out_dir, names.stem_for(path), formats)
        outcomes.append(outcome)
        print(json.dumps(outcome.as_json(), ensure_ascii=False) if args.jsonl else outcome.line(), flush=True)
    if args.csv:
        write_atomic(Path(args.csv), to_csv(o.report for o in outcomes if o.report is not None))
    if hasattr(backend, "close"):
        backend.close()
    return finish(outcomes)


def run_one(path: str, backend, options: Options) -> Outcome:
    try:
        doc = read_bytes(sys.stdin.buffer.read(), path="-") if path == "-" else read_path(path)
        report = process(doc, backend, options)
    except SummarizerError as err:
        return Outcome(path, "failed", error=str(err))
    status = "ok" if report.verification.status == "verified" else "unverified"
    return Outcome(path, status, report=report)


def write_outputs(report: Report, out_dir: Path, stem: str, formats: list[str]) -> list[str]:
    written = []
    for fmt in formats:
        target = out_dir / f"{stem}.{fmt}"
        write_atomic(target, RENDERERS[fmt](report))
        written.append(str(target))
    return written


def finish(outcomes: list[Outcome]) -> int:
    failed = [o for o in outcomes if o.status != "ok"]
    if len(outcomes) > 1 or failed:
        print(
            f"summarizer: {len(outcomes) - len(failed)} of {len(outcomes)} reports ok"
            + (f"; not ok: {', '.join(o.path for o in failed)}" if failed else ""),
            file=sys.stderr,
        )
    return EXIT_FAILED if failed or not outcomes else EXIT_OK
