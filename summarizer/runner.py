"""A batch of reports: planned, resumed, processed by N workers, committed one report at a time.

Flow of ``summarizer run``:

1. **Plan** (main thread): expand the paths, hash every source, read ``OUTDIR/index.jsonl`` and skip
   the reports already done with the same source and settings; give each remaining report its output
   stem (reruns keep theirs; a new source never takes a stem the index gave another one).
2. **Work** (daemon threads): read, process, then *commit* under one lock: the outputs, each written
   atomically, then one index line (and the CSV rows). A report is either entirely committed or not
   at all. The LLM backend runs ``--jobs`` threads: it waits on the network, and the request gate
   bounds what is in flight. The rules backend is CPU-bound pure Python and runs one report at a
   time whatever ``--jobs`` says: under the GIL 4 threads gained at most 1.2x (bench/bench_batch.py),
   and one at a time keeps offline runs in input order.
3. **Report** (main thread): one result line per report as it finishes, progress on stderr, then a
   summary that lists every report that is not ok.

Ctrl-C stops dispatching, waits for a commit in progress to finish, keeps everything committed and
exits 130; a rerun of the same command finishes the rest.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer import __version__
from summarizer.errors import InputError, SummarizerError
from summarizer.models import Report
from summarizer.pipeline import Options, process
from summarizer.progress import Counters, Progress
from summarizer.reader import read_bytes, read_path
from summarizer.render import RENDERERS, metric_rows, rows_to_csv, write_atomic
from summarizer.runindex import RunIndex, file_sha256, fingerprint, now_iso, source_key
from summarizer.verify import first_failure

EXIT_OK, EXIT_FAILED, EXIT_UNVERIFIED, EXIT_INTERRUPTED = 0, 1, 3, 130
REPORT_SUFFIXES = {".txt", ".html", ".htm"}
# Real reports are 5–30 KB, their web pages a few hundred KB. A file of several MB is a dump, not a
# report (a 5 MB one takes about 30 s offline and far more with an LLM), so it is refused unless asked.
DEFAULT_MAX_MB = 1.0
COMMIT_GRACE_S = 30.0  # on Ctrl-C, how long to wait for a commit already under way
POLL_S = 0.2


# --------------------------------------------------------------------------- inputs


def expand_paths(
    paths: list[str],
    *,
    exclude: Path | None = None,
    skipped: list[str] | None = None,
) -> Iterator[tuple[str, str | None]]:
    """(path, error) for every report named: files as given, directories searched recursively.

    In directories only .txt/.html/.htm files count; other files are collected in ``skipped`` (hidden
    files and anything under ``exclude``, the output directory, are passed over silently).
    """
    for raw in paths:
        path = Path(raw)
        if raw == "-" or not path.is_dir():
            yield raw, None
            continue
        found = []
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            if _hidden(file, path) or (exclude is not None and file.resolve().is_relative_to(exclude)):
                continue
            if file.suffix.lower() in REPORT_SUFFIXES:
                found.append(str(file))
            elif skipped is not None:
                skipped.append(str(file))
        if not found:
            yield raw, f"no reports (.txt, .html, .htm) in directory {raw}"
        yield from ((file, None) for file in found)


def _hidden(file: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in file.relative_to(root).parts)


class OutputNames:
    """``<stem>.<ext>`` per report, with -2, -3… when two inputs share a stem.

    ``reserved`` maps source keys to the stems an earlier run gave them (from the index): those sources
    keep their stem, and no other source may take it.
    """

    def __init__(self, reserved: dict[str, str] | None = None) -> None:
        self.reserved = dict(reserved or {})
        self.used: set[str] = set()
        self._taken = set(self.reserved.values())

    def stem_for(self, path: str, key: str | None = None) -> str:
        earlier = self.reserved.get(key) if key else None
        if earlier and earlier not in self.used:
            self.used.add(earlier)
            return earlier
        base = "stdin" if path == "-" else Path(path).stem
        stem, n = base, 1
        while stem in self.used or stem in self._taken:
            n += 1
            stem = f"{base}-{n}"
        self.used.add(stem)
        return stem


# --------------------------------------------------------------------------- outcomes


@dataclass
class Task:
    """One report to process, as planned by the main thread."""

    path: str
    key: str
    stem: str
    sha256: str | None = None
    data: bytes | None = None  # standard input, read once by the main thread
    problem: str | None = None  # known before reading: a directory without reports, a file too large


@dataclass
class Outcome:
    path: str
    status: str  # "ok" | "unverified" | "failed"
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    verification: dict[str, Any] | None = None  # the verification summary
    facts: str = ""
    skipped: bool = False  # done by an earlier run (index.jsonl)
    first_failure: str = ""  # the first unverified number and its source context

    def line(self) -> str:
        if self.skipped:
            return f"{'skipped':<11} {self.path} -> {', '.join(self.outputs)} (done earlier: {self.status})"
        if self.status == "failed":
            return f"FAILED      {self.path}: {self.reason}"
        label = "ok" if self.status == "ok" else "UNVERIFIED"
        first = f" · first: {self.first_failure}" if self.first_failure else ""
        return f"{label:<11} {self.path} -> {', '.join(self.outputs)} [{self.facts}]{first}"

    @property
    def reason(self) -> str:
        """The error without the path it repeats (read errors name their file)."""
        return (self.error or "").removeprefix(f"{self.path}: ")

    def as_json(self) -> dict:
        data: dict[str, Any] = {
            "path": self.path,
            "status": self.status,
            "outputs": self.outputs,
            "error": self.error,
        }
        if self.verification is not None:
            data["verification"] = self.verification
        if self.first_failure:
            data["first_failure"] = self.first_failure
        if self.skipped:
            data["skipped"] = True
        return data


def facts_of(report: Report) -> str:
    r, v = report, report.verification.summary
    return (
        f"{r.document.level} {r.document.report_year or '?'} · {len(r.measures)} measures · "
        f"{len(r.metrics)} metrics · {len(r.shortcomings.items)} shortcomings · {len(r.plans.items)} plans · "
        f"numbers {v.supported}/{v.checked - v.ignored} verified"
    )


# --------------------------------------------------------------------------- settings


def llm_settings(backend: Any) -> Any:
    """The LLM backend's settings, or None for the rules backend (duck-typed: the offline path never
    imports the LLM package)."""
    return getattr(backend, "settings", None)


def run_settings(backend: Any, options: Options, formats: list[str]) -> dict[str, Any]:
    """What shapes a report's outputs; a change of any of these redoes the report on a rerun."""
    settings: dict[str, Any] = {"backend": "rules"}
    llm = llm_settings(backend)
    if llm is not None:
        settings = {
            "backend": "llm",
            "model": llm.model,
            "mode": llm.mode,
            "prompt_version": backend.prompts.version,
        }
        if llm.replay:
            settings["replay"] = True
    return {**settings, "strict": options.strict, "formats": sorted(formats), "tool_version": __version__}


def counters_of(backend: Any) -> Callable[[], Counters] | None:
    totals = getattr(backend, "totals", None)
    if totals is None:
        return None
    return lambda: Counters(totals.requests, totals.cached, totals.prompt_tokens + totals.completion_tokens)


# --------------------------------------------------------------------------- commits


class CsvSink:
    """The cross-report metrics table: rows gathered during the run, written atomically at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: list[dict] = []

    def add(self, rows: Iterable[dict]) -> None:
        self.rows.extend(rows)

    def close(self) -> None:
        write_atomic(self.path, rows_to_csv(self.rows))


class Committer:
    """Writes a finished report's outputs, index line and CSV rows, one report at a time."""

    def __init__(self, out_dir: Path, index: RunIndex, formats: list[str], settings: dict[str, Any]) -> None:
        self.out_dir, self.index, self.formats = out_dir, index, formats
        self.settings, self.fingerprint = settings, fingerprint(settings)
        self.csv: CsvSink | None = None
        self.lock = threading.Lock()

    def commit(
        self, task: Task, report: Report | None, error: str | None, started: str, t0: float
    ) -> Outcome:
        with self.lock:
            try:
                outputs = self._write_outputs(report, task.stem) if report is not None else []
            except OSError as err:  # a full disk or a read-only OUTDIR: this report fails, visibly
                report, outputs, error = None, [], f"cannot write the outputs: {err}"
            status = "failed" if report is None else _status(report)
            self.index.append(self._entry(task, report, status, outputs, error, started, t0))
            if report is not None and self.csv is not None:
                self.csv.add(metric_rows(report))
        outcome = Outcome(task.path, status, [str(self.out_dir / name) for name in outputs], error)
        if report is not None:
            outcome.verification = report.verification.summary.model_dump()
            outcome.facts = facts_of(report)
            outcome.first_failure = first_failure(report.verification)
        return outcome

    def _write_outputs(self, report: Report, stem: str) -> list[str]:
        names = []
        for fmt in self.formats:
            name = f"{stem}.{fmt}"
            write_atomic(self.out_dir / name, RENDERERS[fmt](report))
            names.append(name)
        return names

    def _entry(
        self,
        task: Task,
        report: Report | None,
        status: str,
        outputs: list[str],
        error: str | None,
        started: str,
        t0: float,
    ) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "source": task.path,
            "key": task.key,
            "sha256": report.source.sha256 if report is not None else task.sha256,
            "stem": task.stem,
            "fingerprint": self.fingerprint,
            "settings": self.settings,
            "status": status,
            "verification": report.verification.status if report is not None else None,
            "numbers": report.verification.summary.model_dump() if report is not None else None,
            "outputs": outputs,
            "error": error,
            "started": started,
            "finished": now_iso(),
            "seconds": round(time.monotonic() - t0, 3),
        }
        if report is not None and report.provenance.backend == "llm":
            p = report.provenance
            entry["llm"] = {
                "calls": p.llm_calls,
                "cached": p.cached_calls,
                "reasks": p.reasks,
                "tokens": p.prompt_tokens + p.completion_tokens,
                "fallbacks": len(p.fallbacks),
            }
        return entry


def _status(report: Report) -> str:
    return "ok" if report.verification.status == "verified" else "unverified"


# --------------------------------------------------------------------------- work


class Worker:
    """Processes tasks; never raises: every problem becomes a failed, committed outcome."""

    def __init__(self, backend: Any, options: Options, committer: Committer) -> None:
        self.backend, self.options, self.committer = backend, options, committer

    def __call__(self, task: Task) -> Outcome:
        started, t0 = now_iso(), time.monotonic()
        report, error = None, task.problem
        if error is None:
            try:
                report = process(self._read(task), self.backend, self.options)
            except SummarizerError as err:
                error = str(err)
            except Exception as err:  # a bug on one report must not sink the batch
                error = f"internal error ({err.__class__.__name__}): {' '.join(str(err).split())[:300]}"
        return self.committer.commit(task, report, error, started, t0)

    @staticmethod
    def _read(task: Task) -> Any:
        if task.data is not None:
            return read_bytes(task.data, path="-")
        return read_path(task.path)


class Pool:
    """``jobs`` daemon threads taking planned tasks in order; results arrive on ``results``.

    Daemon threads, so that an interrupted run exits at once instead of waiting for requests in flight
    (their reports were not committed and are redone by the next run).
    """

    def __init__(self, jobs: int, work: Callable[[Task], Outcome], tasks: list[Task]) -> None:
        self.work = work
        self.tasks: queue.Queue[Task] = queue.Queue()
        for task in tasks:
            self.tasks.put(task)
        self.results: queue.Queue[Outcome] = queue.Queue()
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self._loop, name=f"summarizer-worker-{i + 1}", daemon=True)
            for i in range(max(1, min(jobs, len(tasks))))
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def _loop(self) -> None:
        while not self.stop.is_set():
            try:
                task = self.tasks.get_nowait()
            except queue.Empty:
                return
            try:
                outcome = self.work(task)
            except Exception as err:  # e.g. the index cannot be written: say so, and keep the count right
                outcome = Outcome(task.path, "failed", error=f"{err.__class__.__name__}: {err}")
            self.results.put(outcome)


# --------------------------------------------------------------------------- the batch


@dataclass
class Plan:
    tasks: list[Task]
    skipped: list[Outcome]
    ignored_files: list[str]


def plan_batch(
    args: argparse.Namespace, out_dir: Path, index: RunIndex, fingerprint_: str, csv: CsvSink | None
) -> Plan:
    ignored: list[str] = []
    names = OutputNames(index.stems())
    max_bytes = _max_bytes(args)
    tasks: list[Task] = []
    skipped: list[Outcome] = []
    seen: set[str] = set()
    for path, problem in expand_paths(args.paths, exclude=out_dir.resolve(), skipped=ignored):
        key = source_key(path)
        if key in seen and path != "-":  # the same file named twice (a path and its directory, say)
            continue
        seen.add(key)
        task = Task(path, key, names.stem_for(path, key), problem=problem)
        if problem is None:
            _fill_source(task, max_bytes)
        done = None if getattr(args, "force", False) else index.done(key, task.sha256, fingerprint_)
        rows = _earlier_rows(done, out_dir) if done is not None and csv is not None else []
        if done is None or rows is None:  # not done, or its metrics for --csv cannot be recovered
            tasks.append(task)
            continue
        if csv is not None:
            csv.add(rows)
        outputs = [str(out_dir / name) for name in done.get("outputs") or []]
        skipped.append(Outcome(path, done["status"], outputs, None, done.get("numbers"), skipped=True))
    return Plan(tasks, skipped, ignored)


def _max_bytes(args: argparse.Namespace) -> int | None:
    limit = getattr(args, "max_mb", None)
    limit = DEFAULT_MAX_MB if limit is None else limit
    return int(limit * 1024 * 1024) if limit and limit > 0 else None


def _fill_source(task: Task, max_bytes: int | None) -> None:
    """Hash the source (standard input is read here, once); refuse a file above the size limit."""
    import hashlib

    if task.path == "-":
        task.data = sys.stdin.buffer.read()
        task.sha256 = hashlib.sha256(task.data).hexdigest()
        size = len(task.data)
    else:
        path = Path(task.path)
        task.sha256 = file_sha256(path) if path.is_file() else None
        size = path.stat().st_size if task.sha256 else 0
    if max_bytes is not None and size > max_bytes:
        task.problem = str(
            InputError(
                f"{task.path}: too large for one report ({size / 2**20:.1f} MB; the limit is "
                f"{max_bytes / 2**20:g} MB, change it with --max-mb)"
            )
        )
        task.data = None


def _earlier_rows(entry: dict[str, Any], out_dir: Path) -> list[dict] | None:
    """The CSV rows of a report done earlier, read back from its JSON output (None: redo it)."""
    json_out = next((out_dir / n for n in entry.get("outputs") or [] if n.endswith(".json")), None)
    if json_out is None:
        return None
    try:
        return list(metric_rows(Report.model_validate_json(json_out.read_text("utf-8"))))
    except (OSError, ValueError):  # unreadable, or written by an incompatible version
        return None


def run_batch(args: argparse.Namespace, backend: Any, formats: list[str]) -> int:
    out_dir = Path(args.out)
    options = Options(strict=args.strict)
    settings = run_settings(backend, options, formats)
    index = RunIndex(out_dir).load()
    committer = Committer(out_dir, index, formats, settings)
    csv = committer.csv = CsvSink(Path(args.csv)) if args.csv else None
    plan = plan_batch(args, out_dir, index, committer.fingerprint, csv)
    quiet = getattr(args, "quiet", False)
    if plan.ignored_files and not quiet:
        shown = ", ".join(plan.ignored_files[:5]) + (" …" if len(plan.ignored_files) > 5 else "")
        print(f"summarizer: skipped {len(plan.ignored_files)} non-report file(s): {shown}", file=sys.stderr)
    index.open()
    total = len(plan.tasks) + len(plan.skipped)
    progress = Progress(
        total, mode=Progress.mode_for(sys.stderr, quiet), stream=sys.stderr, counters=counters_of(backend)
    )
    emit = _emitter(args, progress, quiet)
    outcomes: list[Outcome] = []
    for outcome in plan.skipped:
        outcomes.append(outcome)
        emit(outcome)
        progress.finished(failed=outcome.status != "ok", skipped=True)
    jobs = (getattr(args, "jobs", 1) or 1) if llm_settings(backend) is not None else 1  # see the docstring
    pool = Pool(jobs, Worker(backend, options, committer), plan.tasks)
    interrupted = False
    try:
        pool.start()
        _collect(pool, len(plan.tasks), outcomes, emit, progress)
    except KeyboardInterrupt:
        interrupted = True
        pool.stop.set()
        committer.lock.acquire(timeout=COMMIT_GRACE_S)  # let a commit under way finish, then hold
        while not pool.results.empty():  # committed, not yet reported: count them as kept
            outcomes.append(pool.results.get_nowait())
    progress.close()
    index.close()
    if csv is not None:
        csv.close()
    if interrupted:
        return _interrupted(outcomes, total, out_dir)
    if hasattr(backend, "close"):
        backend.close()
    return finish(outcomes, backend, quiet=quiet)


def _emitter(args: argparse.Namespace, progress: Progress, quiet: bool) -> Callable[[Outcome], None]:
    def emit(outcome: Outcome) -> None:
        if not args.jsonl and quiet:
            return
        text = json.dumps(outcome.as_json(), ensure_ascii=False) if args.jsonl else outcome.line()
        try:
            progress.print(text, sys.stdout)
        except BrokenPipeError:  # the reader went away (| head): the batch and its index go on
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)

    return emit


def _collect(
    pool: Pool, expected: int, outcomes: list[Outcome], emit: Callable[[Outcome], None], progress: Progress
) -> None:
    while expected:
        try:
            outcome = pool.results.get(timeout=POLL_S)
        except queue.Empty:
            progress.refresh()
            continue
        expected -= 1
        outcomes.append(outcome)
        emit(outcome)
        progress.finished(failed=outcome.status != "ok")


def _interrupted(outcomes: list[Outcome], total: int, out_dir: Path) -> int:
    print(
        f"summarizer: interrupted; {len(outcomes)} of {total} reports finished and kept in {out_dir} "
        f"(index.jsonl); run the same command again to finish the rest",
        file=sys.stderr,
    )
    return EXIT_INTERRUPTED


def finish(outcomes: list[Outcome], backend: Any = None, *, quiet: bool = False) -> int:
    """The closing summary on stderr (every report that is not ok, one per line) and the exit code."""
    failed = [o for o in outcomes if o.status != "ok"]
    skipped = sum(o.skipped for o in outcomes)
    if len(outcomes) > 1 or failed or skipped:
        note = f" ({skipped} done earlier)" if skipped else ""
        print(
            f"summarizer: {len(outcomes) - len(failed)} of {len(outcomes)} reports ok{note}", file=sys.stderr
        )
        for o in failed:
            detail = f": {o.reason}" if o.error else (f": {o.first_failure}" if o.first_failure else "")
            print(f"  {o.status.upper():<10} {o.path}{detail}", file=sys.stderr)
    summary = getattr(backend, "summary", None)
    if summary is not None and not quiet:
        gate = getattr(backend, "gate", None)
        paused = f"; {gate.stats.pauses} run-wide pause(s) after 429" if gate and gate.stats.pauses else ""
        print(f"summarizer: {summary()}{paused}", file=sys.stderr)
    if not outcomes or any(o.status == "failed" for o in outcomes):
        return EXIT_FAILED
    return EXIT_UNVERIFIED if failed else EXIT_OK
