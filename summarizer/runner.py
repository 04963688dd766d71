"""A batch of reports: planned, resumed, processed by N workers, committed one report at a time.

Flow of ``summarizer run``:

1. **Plan** (main thread): remove the temporary files a killed run left, expand the paths, hash every
   source, read ``OUTDIR/index.jsonl`` and skip the reports already done with the same source and
   settings; give each remaining report its output stem (reruns keep theirs; a new source never
   takes a stem the index gave another one).
2. **Work**: read, process and render, then *commit* under one lock, held against the other
   workers and (``flock`` on the index) against other runs writing into the same OUTDIR: read the
   index lines those runs added, confirm the stem (a stem another run took meanwhile gives way to the
   next free one), write the outputs, each atomically, then one index line, then ``OUTDIR/index.html``
   (summarizer.overview). A report is either entirely committed or not at all, and concurrent runs
   never write over each other's outputs. The LLM backend runs ``--jobs`` threads (default 1): it
   waits on the network, and the request gate bounds what is in flight. The rules backend is
   CPU-bound pure Python, where threads gain nothing under the GIL: it runs ``--jobs`` worker
   processes (default one per usable core) that read, process and render, and this process commits
   their results in input order (:class:`ProcessPool`).
3. **Report** (main thread): one result line per report as it finishes, progress on stderr, then a
   summary that lists every report that is not ok.

Ctrl-C stops dispatching, waits for a commit in progress to finish, keeps everything committed and
exits 130; a rerun of the same command finishes the rest.

Why shared OUTDIRs rather than one writer per OUTDIR: units send their reports in waves and operators
start a run per wave; a lock would turn the second run into an error to retry by hand, while a
commit-time lock costs milliseconds per report and leaves nothing to retry.

Paths are kept as the OS gave them (a GBK name from a Windows zip stays bytes underneath) and shown
escaped (:func:`~summarizer.runindex.shown`) wherever they become text: status lines, the index, the
report's ``source.path``.
"""

from __future__ import annotations

import collections
import functools
import gc
import itertools
import json
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Any, NamedTuple

from summarizer import __version__, models, regexes
from summarizer.document import Document
from summarizer.errors import InputError, SummarizerError
from summarizer.io import discard, remove_stale_temps, stage, write_atomic
from summarizer.models import Report
from summarizer.overview import Catalogue, slim
from summarizer.pipeline import Backend, Options, process
from summarizer.progress import Counters, Progress
from summarizer.reader import read_bytes, read_path
from summarizer.render import RENDERERS, render_outputs
from summarizer.runindex import (
    RunIndex,
    bytes_sha256,
    file_sha256,
    file_signature,
    fingerprint,
    now_iso,
    output_stem,
    settled_signature,
    shown,
    signature,
    source_key,
)
from summarizer.verify import first_failure

if TYPE_CHECKING:  # the process pool's machinery is loaded with the first pool (ProcessPool)
    from concurrent.futures import Future, ProcessPoolExecutor

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_UNVERIFIED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
# the provenance notes of the model's own items: kept unverified, or dropped (summarizer.llm.backend)
MODEL_ITEMS_NOTE = regexes.compile(r"item\(s\) (?:of the model|dropped beyond)")
REPORT_SUFFIXES = {".txt", ".html", ".htm", ".docx"}
# Real reports are 5–30 KB, their web pages a few hundred KB. A file of several MB is a dump, not a
# report (a 5 MB one takes about 30 s offline and far more with an LLM), so it is refused unless asked.
DEFAULT_MAX_MB = 1.0
# A web page or a Word file holds more than its text: markup, and images (a page saved whole keeps them
# as data: URIs, a .docx its photos and its seal), often several MB around a 20 KB report. For these
# (and standard input, which may be either) the limit is on the text read from them, in characters of
# three UTF-8 bytes; the file itself may be this many times the limit before it is not even read.
CONTAINER_SUFFIXES = (".html", ".htm", ".docx")
CONTAINER_ALLOWANCE = 20
COMMIT_GRACE_S = 30.0  # on Ctrl-C, how long to wait for a commit already under way
EXECUTOR_EXIT_S = 3.0  # at the end of a run, how long the process pool may take to wind down, twice
# Reports a worker process is handed at once (ProcessPool): each hand-over wakes three threads of the
# main process, which shares the cores with the workers; a few reports per hand-over cut that by as
# many. Large reports go alone, so that no core waits at the end of a batch for another's pile.
CHUNK_TASKS = 4
CHUNK_BYTES = 256 << 10
POLL_S = 0.2


# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class RunOptions:
    """Everything a run takes from the command line; summarizer.cli builds it, the runner reads only it."""

    paths: tuple[str, ...]
    out: str = "out"  # "-": one report's JSON on standard output
    formats: tuple[str, ...] = ("json", "md")
    csv: str | None = None
    xlsx: str | None = None
    strict: bool = False
    jsonl: bool = False
    jobs: int | None = None  # None: one per usable core offline, one with the LLM backend
    force: bool = False
    max_mb: float | None = None  # None: DEFAULT_MAX_MB; 0: no limit
    quiet: bool = False
    name: str | None = None  # the stem for standard input
    accept_any: bool = False  # process documents that look like another genre

    def pipeline_options(self) -> Options:
        return Options(strict=self.strict, accept_any=self.accept_any)

    @property
    def max_bytes(self) -> int | None:
        limit = DEFAULT_MAX_MB if self.max_mb is None else self.max_mb
        return int(limit * 1024 * 1024) if limit and limit > 0 else None


# --------------------------------------------------------------------------- inputs


def expand_paths(
    paths: list[str],
    *,
    exclude: Path | None = None,
    skipped: list[str] | None = None,
) -> Iterator[tuple[str, str | None]]:
    """(path, error) for every report named: files as given, directories searched recursively.

    In directories only .txt/.html/.htm/.docx files count; other files are collected in ``skipped`` (hidden
    files and anything under ``exclude``, the output directory, are passed over silently).
    """
    for path, _, error in expand_sources(paths, exclude=exclude, skipped=skipped):
        yield path, error


def expand_sources(
    paths: list[str],
    *,
    exclude: Path | None = None,
    skipped: list[str] | None = None,
) -> Iterator[tuple[str, str | None, str | None]]:
    """:func:`expand_paths` with each file's resolved path (None for ``-`` and files named directly,
    resolved by the caller): a directory is resolved once, not every file in it, and its files are
    listed without a stat each (a resume over thousands of reports is mostly this walk)."""
    excluded = str(exclude) if exclude is not None else None
    for raw in paths:
        path = Path(raw)
        if raw == "-" or not path.is_dir():
            yield raw, None, None
            continue
        found = []
        root = "" if str(path) == "." else str(path)  # the names str(path / name) gives
        for parts, file, resolved in sorted(_walk(root, os.path.realpath(path))):
            if excluded is not None and (
                resolved == excluded or resolved.startswith(excluded.rstrip("/") + "/")
            ):
                continue
            if os.path.splitext(parts[-1])[1].lower() in REPORT_SUFFIXES:
                found.append((file, resolved))
            elif skipped is not None:
                skipped.append(file)
        if not found:
            yield raw, None, f"no reports (.txt, .html, .htm, .docx) in directory {raw}"
        yield from ((file, resolved, None) for file, resolved in found)


def _walk(
    directory: str, resolved: str, parts: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], str, str]]:
    """(parts below the root, path, resolved path) of every file under ``directory`` ("" for the
    current one), as ``rglob`` finds them (symlinked files and directories count as what they point
    to, but the walk does not descend into symlinked directories), hidden ones left out."""
    try:
        with os.scandir(directory or ".") as entries:
            listed = list(entries)
    except OSError:
        return
    for entry in listed:
        if entry.name.startswith("."):
            continue
        child, path = (*parts, entry.name), os.path.join(directory, entry.name)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path, os.path.join(resolved, entry.name), child)
            elif entry.is_file():
                real = os.path.realpath(path) if entry.is_symlink() else os.path.join(resolved, entry.name)
                yield child, path, real
        except OSError:
            continue


class OutputNames:
    """``<stem>.<ext>`` per report, with -2, -3… when two inputs share a stem.

    ``reserved`` maps source keys to the stems an earlier run gave them (from the index): those sources
    keep their stem, and no other source may take it. ``stdin_name`` is the stem for ``-`` (--name).
    """

    def __init__(self, reserved: dict[str, str] | None = None, stdin_name: str | None = None) -> None:
        self.reserved = dict(reserved or {})
        self.used: set[str] = set()
        self._taken = set(self.reserved.values())
        self.stdin_name = stdin_name

    def stem_for(self, path: str, key: str | None = None) -> str:
        earlier = self.reserved.get(key) if key else None
        if earlier and earlier not in self.used:
            self.used.add(earlier)
            return earlier
        return self.fresh(self.base_of(path))

    def base_of(self, path: str) -> str:
        return (self.stdin_name or "stdin") if path == "-" else output_stem(Path(path).stem)

    def fresh(self, base: str) -> str:
        stem, n = base, 1
        while stem in self.used or stem in self._taken:
            n += 1
            stem = f"{base}-{n}"
        self.used.add(stem)
        return stem

    def settle(self, task: Task, index: RunIndex) -> str:
        """The stem to write under, the index freshly read: the planned one unless another source
        holds it now (another run into this OUTDIR committed it since we planned); then the next free."""
        owner = index.owner(task.stem)
        if owner is None or owner == task.key:
            return task.stem
        self.reserved = index.stems()
        self._taken = set(self.reserved.values())
        return self.fresh(self.base_of(task.path))


# --------------------------------------------------------------------------- outcomes


@dataclass
class Task:
    """One report to process, as planned by the main thread."""

    path: str  # as given (may hold undecodable bytes as surrogates: it is only used to open the file)
    key: str
    stem: str
    sha256: str | None = None
    source_stat: list[int] | None = None  # the source's signature for the resume quick check (runindex)
    data: bytes | None = None  # standard input, read once by the main thread
    size: int = 0  # bytes of the source, when planned
    problem: str | None = None  # known before reading: a directory without reports, a file too large
    text_limit: int | None = None  # characters of text at most, for a file whose bytes are not its text

    @property
    def shown(self) -> str:
        return "-" if self.path == "-" else shown(self.path)


@dataclass
class Outcome:
    path: str
    status: str  # "ok" | "unverified" | "degraded" | "incomplete" | "failed"
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    verification: dict[str, Any] | None = None  # the verification summary
    facts: str = ""
    note: str = ""  # why a report that did not fail is not ok (rules fallbacks, low coverage)
    skipped: bool = False  # done by an earlier run (index.jsonl)
    first_failure: str = ""  # the first unverified number and its source context

    def line(self) -> str:
        if self.skipped:
            return f"{'skipped':<11} {self.path} -> {', '.join(self.outputs)} (done earlier: {self.status})"
        if self.status == "failed":
            return f"FAILED      {self.path}: {self.reason}"
        label = "ok" if self.status == "ok" else self.status.upper()
        # one line whatever a model wrote: a quote's line break or escape code would start a line of its own
        note = f" · {shown(self.note)}" if self.note else ""
        first = f" · first: {shown(self.first_failure)}" if self.first_failure else ""
        return f"{label:<11} {self.path} -> {', '.join(self.outputs)} [{self.facts}{note}]{first}"

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
        if self.note:
            data["note"] = self.note
        if self.first_failure:
            data["first_failure"] = self.first_failure
        if self.skipped:
            data["skipped"] = True
        return data


def facts_of(report: Report) -> str:
    r, v = report, report.verification.summary
    partial = "partial · " if r.status == "partial" else ""
    return (
        f"{partial}{r.document.level} {r.document.report_year or '?'} · {len(r.measures)} measures · "
        f"{len(r.metrics)} metrics · {len(r.shortcomings.items)} shortcomings · {len(r.plans.items)} plans · "
        f"numbers {v.supported}/{v.checked - v.ignored} verified{_left_out(r)}"
    )


def _left_out(report: Report) -> str:
    """Another report the text went on with, left out (see the report's warnings)."""
    return (
        " · another report left out"
        if any(s.kind == "next_report" for s in report.source.removed_noise)
        else ""
    )


def note_of(report: Report) -> str:
    """What degraded an LLM result: the parts the rules answered, the model's items kept unverified or
    dropped (backend.provenance's notes), and a coverage below the threshold."""
    p = report.provenance
    notes = [f"rules fallback: {', '.join(p.fallback_sections)}"] if p.fallback_sections else []
    notes += [note for note in p.fallbacks if MODEL_ITEMS_NOTE.search(note)]
    if p.coverage_ratio is not None and p.backend == "llm":
        found = ", ".join(f"{kind} {c.matched}/{c.rules}" for kind, c in p.coverage.items() if c.rules)
        notes.append(f"model coverage {p.coverage_ratio:.0%} of the rules' items ({found})")
    return " · ".join(notes)


# --------------------------------------------------------------------------- settings


def run_settings(backend: Backend, options: RunOptions) -> dict[str, Any]:
    """What shapes a report's outputs; a change of any of these redoes the report on a rerun."""
    settings: dict[str, Any] = {**backend.fingerprint()}
    if options.accept_any:  # only when set, so default runs keep their fingerprint
        settings["accept_any"] = True
    return {
        **settings,
        "strict": options.strict,
        "formats": sorted(options.formats),
        "tool_version": __version__,
    }


def counters_of(backend: Backend) -> Callable[[], Counters] | None:
    """Live backend counters for the progress line (they move while a report is under way)."""
    if backend.usage() is None:
        return None

    def counters() -> Counters:
        usage = backend.usage()
        if usage is None:
            return Counters()
        return Counters(usage.requests, usage.cached, usage.tokens, usage.reasks, usage.waiting)

    return counters


# --------------------------------------------------------------------------- commits


class Committer:
    """Writes a finished report's outputs and index line, and updates the overview, one report at a time."""

    def __init__(
        self,
        out_dir: Path,
        index: RunIndex,
        formats: Iterable[str],
        settings: dict[str, Any],
        names: OutputNames | None = None,
    ) -> None:
        self.out_dir, self.index, self.formats = out_dir, index, list(formats)
        self.settings, self.fingerprint = settings, fingerprint(settings)
        self.names = names or OutputNames()
        self.catalogue: Catalogue | None = None  # OUTDIR/index.html and the tables
        self.lock = threading.Lock()  # threads of this run; index.locked() holds off other runs

    def commit(self, task: Task, done: Finished) -> Outcome:
        digests: dict[str, str] = {}
        stats: dict[str, list[int]] = {}
        error = done.error
        with self.lock, self.index.locked():
            task.stem = self.names.settle(task, self.index)
            try:
                digests, stats = self._write_outputs(done.rendered, task.stem) if done.ok else ({}, {})
            except OSError as err:  # a full disk or a read-only OUTDIR: this report fails, visibly
                error = f"cannot write the outputs: {err}"
                done = Finished(error=error, sha256=done.sha256, started=done.started, t0=done.t0)
            status = done.status if done.ok else "failed"
            outputs = list(digests)
            entry = self._entry(task, done, status, outputs, digests, error)
            if stats:
                entry["output_stats"] = stats
            if outputs:  # written without an fsync each: this run's next index sync makes them durable
                entry["unsynced"] = self.index.run_id
            self.index.append(entry)
            if self.catalogue is not None:
                self.catalogue.add(entry, done.slim)
        shown_outputs = [shown(str(self.out_dir / name)) for name in outputs]
        outcome = Outcome(task.shown, status, shown_outputs, error)
        if done.ok:
            outcome.verification = done.summary
            outcome.facts = done.facts
            outcome.note = done.note if status != "ok" else ""
            outcome.first_failure = done.first_failure
        return outcome

    def _write_outputs(
        self, rendered: dict[str, bytes | Staged], stem: str
    ) -> tuple[dict[str, str], dict[str, list[int]]]:
        """Output name → sha256 of what was written, and → its file signature (the index records
        both: a resume compares the signature, and hashes the file only when that differs). An output
        a worker process staged is renamed into place; one still in memory is written."""
        digests, stats = {}, {}
        try:
            for fmt, data in rendered.items():
                name = f"{stem}.{fmt}"
                path = self.out_dir / name  # one path per output: pathlib parses every one it builds
                if isinstance(data, Staged):
                    os.replace(data.tmp, path)
                    digests[name] = data.sha256
                else:
                    write_atomic(path, data, durable=False)
                    digests[name] = bytes_sha256(data)
                if (stat := file_signature(path)) is not None:
                    stats[name] = stat
        except OSError:
            discard_staged(rendered)  # (those renamed already are gone from their temporary names)
            raise
        return digests, stats

    def _entry(
        self,
        task: Task,
        done: Finished,
        status: str,
        outputs: list[str],
        digests: dict[str, str],
        error: str | None,
    ) -> dict[str, Any]:
        sha256 = done.sha256 or task.sha256
        entry: dict[str, Any] = {
            "source": task.shown,
            "key": task.key,
            "sha256": sha256,
            "stem": task.stem,
            "fingerprint": self.fingerprint,
            "settings": self.settings,
            "status": status,
            "verification": done.verification_status,
            "numbers": done.summary,
            "outputs": outputs,
            "digests": digests,
            "error": error,
            "started": done.started,
            "finished": now_iso(),
            "seconds": round(time.monotonic() - done.t0, 3),
        }
        if done.llm is not None:
            entry["llm"] = done.llm
        if task.source_stat is not None and sha256 == task.sha256:  # the bytes planned are those read
            entry["source_stat"] = task.source_stat
        return entry


class Staged(NamedTuple):
    """An output a worker process wrote to a temporary file of OUTDIR (see :func:`staged`)."""

    tmp: str
    sha256: str


@dataclass
class Finished:
    """A processed report, ready to commit: its rendered outputs and the little the commit, the index
    and the overview need of it. Small and picklable, so a worker process can hand it to the parent."""

    # format → bytes, or the file a worker process staged them in; in --format order
    rendered: dict[str, bytes | Staged] = field(default_factory=dict)
    error: str | None = None
    sha256: str | None = None
    status: str = "failed"
    verification_status: str | None = None
    summary: dict[str, Any] | None = None
    facts: str = ""
    note: str = ""
    first_failure: str = ""
    slim: dict[str, Any] | None = None  # what the overview and the tables read (summarizer.overview)
    llm: dict[str, Any] | None = None
    started: str = ""  # when the work on the report began (ISO), and its monotonic clock (system-wide,
    t0: float = 0.0  # so valid in the parent process too)

    @property
    def ok(self) -> bool:
        return self.error is None and self.summary is not None


def finished_of(
    report: Report | None, error: str | None, doc: Document | None, formats: Iterable[str]
) -> Finished:
    """Render a report's outputs and keep what the commit needs; never raises."""
    if report is None:
        return Finished(error=error)
    try:
        rendered, data = render_outputs(report, doc, formats)
    except Exception as err:  # a renderer bug on one report must not sink the batch
        return Finished(error=_internal(err), sha256=report.source.sha256)
    status = _status(report)
    return Finished(
        rendered=rendered,
        sha256=report.source.sha256,
        status=status,
        verification_status=report.verification.status,
        summary=asdict(report.verification.summary),
        facts=facts_of(report),
        note=note_of(report),
        first_failure=first_failure(report.verification),
        slim=slim(data),
        llm=_llm_usage(report),
    )


def _llm_usage(report: Report) -> dict[str, Any] | None:
    if report.provenance.backend != "llm":
        return None
    p = report.provenance
    return {
        "calls": p.llm_calls,
        "cached": p.cached_calls,
        "reasks": p.reasks,
        "tokens": p.prompt_tokens + p.completion_tokens,
        "fallbacks": len(p.fallbacks),
        "fallback_sections": p.fallback_sections,
        "coverage": p.coverage_ratio,
    }


def _status(report: Report) -> str:
    """unverified (a number failed) before degraded (a part fell back) before incomplete (low coverage)."""
    return report.provenance.status if report.verification.status == "verified" else "unverified"


# --------------------------------------------------------------------------- work


class Worker:
    """Processes tasks; never raises: every problem becomes a failed, committed outcome."""

    def __init__(self, backend: Backend, options: Options, committer: Committer) -> None:
        self.backend, self.options, self.committer = backend, options, committer

    def __call__(self, task: Task) -> Outcome:
        return self.committer.commit(task, prepare(task, self.backend, self.options, self.committer.formats))


def prepare(
    task: Task,
    backend: Backend,
    options: Options,
    formats: Iterable[str],
    stage_in: tuple[Path, int] | None = None,
) -> Finished:
    """Read, process and render one report (in a worker thread or a worker process); never raises.
    With ``stage_in`` (OUTDIR and the pid of the process that commits), its outputs are written there
    under temporary names (:func:`staged`)."""
    started, t0 = now_iso(), time.monotonic()
    report, error, doc = process_task(task, backend, options)
    finished = replace(finished_of(report, error, doc, formats), started=started, t0=t0)
    regexes.save()  # a worker process runs no exit handler: what it compiled first is kept now
    return finished if stage_in is None else staged(finished, *stage_in)


def prepare_all(
    tasks: list[Task],
    backend: Backend,
    options: Options,
    formats: Iterable[str],
    stage_in: tuple[Path, int] | None = None,
) -> list[Finished]:
    """:func:`prepare` of each task in turn (a worker process's share of a batch, see CHUNK_TASKS)."""
    return [
        prepare(task, backend=backend, options=options, formats=formats, stage_in=stage_in) for task in tasks
    ]


def staged(finished: Finished, out_dir: Path, owner: int) -> Finished:
    """``finished`` with its outputs written to temporary files of ``out_dir`` and hashed: a worker
    process does that work, and the process that commits the report (``owner``) only renames them into
    place (the batch's one committing thread is what limits ``--jobs``), without the bytes handed over.
    Unsynced: the index's sync makes them durable with their rename. Where they cannot be written (a
    full disk), the bytes stay in memory and the commit writes them, or says why it cannot."""
    files: dict[str, bytes | Staged] = {}
    try:
        for fmt, data in finished.rendered.items():
            files[fmt] = (
                data
                if isinstance(data, Staged)
                else Staged(stage(out_dir, data, durable=False, owner=owner), bytes_sha256(data))
            )
    except OSError:
        discard_staged(files)
        return finished
    return replace(finished, rendered=files)


def discard_staged(rendered: dict[str, bytes | Staged]) -> None:
    """Remove the temporary files of outputs that will not be committed."""
    for data in rendered.values():
        if isinstance(data, Staged):
            discard(data.tmp)


def process_task(
    task: Task, backend: Backend, options: Options
) -> tuple[Report | None, str | None, Document | None]:
    """The report (and the document it was read from), or the one-line reason there is none; never raises."""
    if task.problem is not None:
        return None, task.problem, None
    doc = None
    try:
        doc = read_source(task)
        return process(doc, backend, options), None, doc
    except SummarizerError as err:
        return None, shown(str(err)), doc
    except Exception as err:  # a bug on one report must not sink the batch
        return None, _internal(err), doc


def _internal(err: Exception) -> str:
    return f"internal error ({err.__class__.__name__}): {shown(' '.join(str(err).split())[:300])}"


def read_source(task: Task) -> Any:
    """The document, its path shown as text: a name that is not UTF-8 must not reach the report."""
    doc = read_bytes(task.data, path=task.shown) if task.data is not None else read_path(task.path)
    if task.text_limit is not None and len(doc.text) > task.text_limit:
        raise InputError(
            too_large(task.shown, f"its text is {len(doc.text) * 3 / 2**20:.1f} MB", task.text_limit * 3)
        )
    return doc if doc.path == task.shown else replace(doc, path=task.shown)


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

    def close(self) -> None:
        """Nothing to wait for: the threads are daemons (an interrupted run does not wait on requests)."""

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


class ProcessPool:
    """``jobs`` worker processes for the CPU-bound rules backend (threads gain nothing under the GIL).

    Each worker reads, processes and renders a report (:func:`prepare`); one thread of this process
    commits the results in input order, so the lock, the index, the digests and the overview stay
    where they are with threads, and Ctrl-C is handled the same way (:func:`run_batch`). The same
    interface as :class:`Pool`. Workers ignore SIGINT: the terminal sends it to the whole process
    group, and only this process decides what to keep. A worker the OS kills (out of memory, say)
    fails the report it was on, not the batch: the others are done by fresh workers.
    """

    def __init__(
        self, jobs: int, backend: Backend, options: Options, committer: Committer, tasks: list[Task]
    ) -> None:
        # imported here, not with the module: a run on one core never needs them (~3% of its start-up)
        import multiprocessing

        self.tasks, self.committer = tasks, committer
        self.jobs = max(1, min(jobs, len(tasks)))
        self.chunks = chunked(tasks, self.jobs)
        self.work = functools.partial(
            prepare_all,
            backend=backend,
            options=options,
            formats=committer.formats,
            stage_in=(committer.out_dir, os.getpid()),
        )
        self.results: queue.Queue[Outcome] = queue.Queue()
        self.stop = threading.Event()
        # fork: workers start at once with everything imported
        self.context = multiprocessing.get_context(
            "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        )
        self.executor = self._executor(self.jobs)
        # every executor's own thread and worker processes, kept for close(): an executor that is shut
        # down forgets them, and the interpreter's exit still waits for that thread
        self.managers: list[threading.Thread] = []
        self.processes: list[Any] = []
        self.thread = threading.Thread(target=self._loop, name="summarizer-committer", daemon=True)

    def _executor(self, workers: int) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(workers, mp_context=self.context, initializer=_worker_init)

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        """End the pool before the interpreter exits, whose hook waits for the executors' own threads:
        the reports under way may finish (a worker killed while it hands a result back leaves that
        thread waiting for the rest of it forever), queued ones are dropped; workers still busy after
        ``EXECUTOR_EXIT_S`` are killed, and a thread that still will not end is left behind, so the
        exit does not wait on it. Also avoids a race in CPython before 3.12, whose exit hook could
        write to a pipe that thread is closing (a traceback after the run)."""
        import concurrent.futures.process as futures_process

        self.executor.shutdown(wait=False, cancel_futures=True)
        if not _joined(self.managers, EXECUTOR_EXIT_S):
            for process in self.processes:
                process.terminate()
            _joined(self.managers, EXECUTOR_EXIT_S)
        for manager in self.managers:
            if manager.is_alive():
                getattr(futures_process, "_threads_wakeups", {}).pop(manager, None)
        # outputs the workers staged for reports never committed (the run was stopped, a worker died):
        # named by this process, which has no other temporary file under way now
        remove_stale_temps(self.committer.out_dir, gone={os.getpid()})

    def _loop(self) -> None:
        reported = 0
        try:
            for outcome in self._outcomes():
                self.results.put(outcome)
                reported += 1
        except Exception as err:  # a bug here must end the run with every report counted, not hang it
            for task in self.tasks[reported:]:
                self.results.put(Outcome(task.shown, "failed", error=_internal(err)))
        finally:
            if not self.stop.is_set():  # all done: the workers are idle (when stopped: see close)
                _terminate(self.executor)

    def _outcomes(self) -> Iterator[Outcome]:
        """One outcome per task, in input order, until the run is stopped."""
        waiting: collections.deque[tuple[list[Task], Future[list[Finished]]]] = collections.deque()
        todo = iter(self.chunks)
        while not self.stop.is_set():
            # a few hand-overs ahead per worker: the cores stay busy, and finished ones do not pile up
            for chunk in itertools.islice(todo, self.jobs * 2 + 1 - len(waiting)):
                waiting.append((chunk, self._submit(chunk)))
            if not waiting:
                return
            chunk, future = waiting.popleft()
            for task, done in zip(chunk, self._finished(chunk, future, waiting), strict=True):
                yield self._commit(task, done)
                if self.stop.is_set():
                    return

    def _finished(
        self,
        chunk: list[Task],
        future: Future[list[Finished]],
        waiting: collections.deque[tuple[list[Task], Future[list[Finished]]]],
    ) -> list[Finished | None]:
        """The chunk's results; when a worker died, each of its reports is asked again alone on a fresh
        worker (the one that kills its worker even alone is the one that fails), and every report in
        flight on fresh workers."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return list(future.result())
        except BrokenProcessPool:
            if self.stop.is_set():
                return [None] * len(chunk)  # the run is ending (Ctrl-C closed the pool): no fresh workers
            _terminate(self.executor)
            try:
                return [self._alone(task) for task in chunk]
            finally:
                self.executor = self._executor(self.jobs)
                for i, (other, _) in enumerate(waiting):
                    waiting[i] = (other, self._submit(other))

    def _alone(self, task: Task) -> Finished | None:
        """The task's result from a worker of its own, or None when it kills that one too."""
        from concurrent.futures.process import BrokenProcessPool

        alone = self._executor(1)
        try:
            return alone.submit(self.work, [task]).result()[0]
        except BrokenProcessPool:
            return None
        finally:
            _terminate(alone)

    def _submit(self, chunk: list[Task]) -> Future[list[Finished]]:
        """The chunk under way; on a pool a worker's death has broken, a future that says so (the
        chunk in flight that broke it is handled when its turn comes, like any other)."""
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        try:
            future = self.executor.submit(self.work, chunk)
        except BrokenProcessPool as err:
            broken: Future[list[Finished]] = Future()
            broken.set_exception(err)
            return broken
        manager = getattr(self.executor, "_executor_manager_thread", None)
        if manager is not None and manager not in self.managers:
            self.managers.append(manager)
        # (where workers are spawned as needed, as without fork, they appear with later tasks)
        self.processes.extend(p for p in _workers(self.executor) if p not in self.processes)
        return future

    def _commit(self, task: Task, done: Finished | None) -> Outcome:
        if done is None:  # recorded in the index like any failure: the next run tries it again
            done = Finished(error=WORKER_DIED, started=now_iso(), t0=time.monotonic())
        try:
            return self.committer.commit(task, done)
        except Exception as err:  # e.g. the index cannot be written: say so, keep the count right
            return Outcome(task.path, "failed", error=f"{err.__class__.__name__}: {err}")


def chunked(tasks: list[Task], jobs: int) -> list[list[Task]]:
    """Consecutive tasks in hand-overs of at most CHUNK_TASKS and CHUNK_BYTES of source (a larger one
    alone), and at most a quarter of each worker's share of a short batch (every core gets work)."""
    most = max(1, min(CHUNK_TASKS, len(tasks) // (4 * jobs)))
    chunks: list[list[Task]] = []
    size = 0
    for task in tasks:
        if not chunks or len(chunks[-1]) == most or size + task.size > CHUNK_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(task)
        size += task.size
    return chunks


def _build_models() -> None:
    """Build every model's validators now, before the heap is frozen: they are built on first use
    (models.py, ``defer_build``, so that ``summarizer verify`` builds only the few it needs), and
    forked workers then inherit them instead of each building its own."""
    for model in vars(models).values():
        if isinstance(model, type) and issubclass(model, models.Model):
            model.model_rebuild()


WORKER_DIED = "the worker process died on this report (killed by the system: out of memory?)"


def _terminate(executor: ProcessPoolExecutor) -> None:
    """Stop at once (the report in progress is dropped: the next run redoes it). The executor has no
    public way to end its workers before Python 3.14."""
    for worker in _workers(executor):
        worker.terminate()
    executor.shutdown(wait=False, cancel_futures=True)


def _joined(threads: list[threading.Thread], within_s: float) -> bool:
    """Whether every thread ended within ``within_s`` seconds in all."""
    deadline = time.monotonic() + within_s
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(thread.is_alive() for thread in threads)


def _workers(executor: ProcessPoolExecutor) -> list[Any]:
    """The executor's worker processes (none once it is shut down)."""
    return list((getattr(executor, "_processes", None) or {}).values())


def _worker_init() -> None:
    """Workers ignore SIGINT (the main process decides what to keep) and end when the main process is
    gone: a killed run leaves no orphans holding memory."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="summarizer-orphan-watch", daemon=True).start()


def default_jobs() -> int:
    """The cores this process may run on (an affinity mask or a container's cpuset counts)."""
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


# --------------------------------------------------------------------------- the batch


@dataclass
class Plan:
    tasks: list[Task]
    skipped: list[Outcome]
    ignored_files: list[str]


def plan_batch(
    options: RunOptions,
    out_dir: Path,
    index: RunIndex,
    fingerprint_: str,
    tables: Catalogue | None,
    names: OutputNames | None = None,
) -> Plan:
    ignored: list[str] = []
    names = names or OutputNames(index.stems())
    tasks: list[Task] = []
    skipped: list[Outcome] = []
    seen: set[str] = set()
    out_name = "" if str(out_dir) == "." else str(out_dir)  # as str(out_dir / name) shows it
    for path, resolved, problem in expand_sources(
        list(options.paths), exclude=out_dir.resolve(), skipped=ignored
    ):
        task = Task(path, "", "", problem=problem)
        if path != "-":
            task.key = shown(resolved) if resolved is not None else source_key(path)
        if problem is None:
            _fill_source(task, options.max_bytes, index)
        if path == "-":
            task.key = stdin_key(task, names.stdin_name)
        if task.key in seen:  # the same file named twice (a path and its directory, say)
            continue
        seen.add(task.key)
        task.stem = names.stem_for(path, task.key)
        if path == "-":
            _say_if_replacing(task, index)
        done = None if options.force else index.done(task.key, task.sha256, fingerprint_)
        if done is None or (tables is not None and not tables.readable(task.key)):  # not done, or its
            tasks.append(task)  # metrics for the tables cannot be read back from its JSON: redo it
            continue
        outputs = [shown(os.path.join(out_name, name)) for name in done.get("outputs") or []]
        outcome = Outcome(task.shown, done["status"], outputs, None, done.get("numbers"), skipped=True)
        skipped.append(outcome)
    return Plan(tasks, skipped, ignored)


def stdin_key(task: Task, name: str | None) -> str:
    """Standard input named with --name is that name across runs; unnamed, each distinct content is
    its own source (stdin, stdin-2, …), so a second pipe never replaces the first one's outputs."""
    return f"stdin:{name}" if name else f"stdin:{(task.sha256 or '')[:16]}"


def _say_if_replacing(task: Task, index: RunIndex) -> None:
    earlier = index.latest.get(task.key)
    if earlier and earlier.get("outputs") and earlier.get("sha256") != task.sha256:
        print(
            f"summarizer: note: standard input named {task.stem!r} differs from the one written "
            f"earlier; its outputs {', '.join(earlier['outputs'])} are replaced",
            file=sys.stderr,
        )


def _fill_source(task: Task, max_bytes: int | None, index: RunIndex | None = None) -> None:
    """Hash the source (standard input is read here, once), unless the index recorded its sha256 and
    its file signature is unchanged since (runindex: resume quick check); refuse a file above the
    size limit."""
    if task.path == "-":
        task.data = sys.stdin.buffer.read()
        task.sha256 = bytes_sha256(task.data)
        size = len(task.data)
    else:
        try:
            stat = os.stat(task.path)
        except OSError:
            stat = None
        if stat is None or not S_ISREG(stat.st_mode):
            task.sha256 = None  # the worker says why it cannot be read
        elif (known := index.quick_sha256(task.key, stat) if index is not None else None) is not None:
            task.sha256, task.source_stat = known, signature(stat)
        else:
            hashed_at = time.time_ns()
            task.sha256 = file_sha256(Path(task.path))
            task.source_stat = settled_signature(stat, hashed_at) if task.sha256 else None
        size = stat.st_size if stat is not None and task.sha256 else 0
    task.size = size
    if max_bytes is None:
        return
    container = task.path == "-" or task.path.lower().endswith(CONTAINER_SUFFIXES)
    if container:
        task.text_limit = max_bytes // 3
    if size > max_bytes * (CONTAINER_ALLOWANCE if container else 1):
        task.problem = too_large(task.shown, f"{size / 2**20:.1f} MB", max_bytes)
        task.data = None


def too_large(shown_path: str, size: str, max_bytes: int) -> str:
    limit = f"{max_bytes / 2**20:.3g} MB"
    return f"{shown_path}: too large for one report ({size}; the limit is {limit}, change it with --max-mb)"


def run_batch(options: RunOptions, backend: Backend) -> int:
    if options.out == "-":
        return run_to_stdout(options, backend)
    out_dir = Path(options.out)
    settings = run_settings(backend, options)
    remove_stale_temps(out_dir)
    index = RunIndex(out_dir).load()
    names = OutputNames(index.stems(), stdin_name=options.name)
    committer = Committer(out_dir, index, options.formats, settings, names)
    catalogue = committer.catalogue = Catalogue(out_dir, index)
    wants_tables = bool(options.csv or options.xlsx)
    plan = plan_batch(
        options, out_dir, index, committer.fingerprint, catalogue if wants_tables else None, names
    )
    index.planned()
    quiet = options.quiet
    if plan.ignored_files and not quiet:
        listed = ", ".join(map(shown, plan.ignored_files[:5])) + (" …" if len(plan.ignored_files) > 5 else "")
        print(f"summarizer: skipped {len(plan.ignored_files)} non-report file(s): {listed}", file=sys.stderr)
    index.open()
    total = len(plan.tasks) + len(plan.skipped)
    progress = Progress(
        total, mode=Progress.mode_for(sys.stderr, quiet), stream=sys.stderr, counters=counters_of(backend)
    )
    emit = _emitter(options, progress)
    outcomes = Tally()
    for outcome in plan.skipped:
        outcomes.append(outcome)
        emit(outcome)
        progress.finished(failed=outcome.status != "ok", skipped=True)
    collector = gc.isenabled(), gc.get_threshold()  # a run retunes the collector for itself (_settle_heap)
    pool = make_pool(options, backend, committer, plan.tasks)
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
    pool.close()
    progress.close()
    index.close()
    # a killed run's worker processes outlive it a moment: what they staged then is stale too
    remove_stale_temps(out_dir)
    catalogue.write_overview()
    catalogue.write_tables(_path(options.csv), _path(options.xlsx))
    catalogue.close()
    _release_heap(collector)
    if interrupted:
        return _interrupted(outcomes, total, out_dir)
    backend.close()
    return finish(outcomes, backend, quiet=quiet)


def make_pool(
    options: RunOptions, backend: Backend, committer: Committer, tasks: list[Task]
) -> Pool | ProcessPool:
    """Threads for a backend that waits on the network (default one: the request gate shapes the
    load); processes for the CPU-bound rules backend (default one per usable core)."""
    if backend.concurrent:
        gc.enable()  # (paused during the CLI's start-up)
        return Pool(options.jobs or 1, Worker(backend, options.pipeline_options(), committer), tasks)
    _build_models()
    _settle_heap()
    jobs = options.jobs or default_jobs()
    if jobs > 1 and len(tasks) > 1:
        return ProcessPool(jobs, backend, options.pipeline_options(), committer, tasks)
    return Pool(1, Worker(backend, options.pipeline_options(), committer), tasks)


def _settle_heap() -> None:
    """What is loaded by now lives as long as the run: gc.freeze takes it out of the collector's view
    (and keeps forked workers from copying it page by page). Young collections are made rarer, since a
    report's objects are freed by reference counting anyway: the collector cost ~3% of a report's CPU.
    The collector is on from here (the CLI pauses it during start-up)."""
    gc.freeze()  # (no collection first: what garbage is frozen with it is freed after the run)
    gc.set_threshold(10_000, 10, 10)
    gc.enable()


def _release_heap(collector: tuple[bool, tuple[int, int, int]]) -> None:
    """Undo :func:`_settle_heap` when the run is over: a program that runs batches in turn (a library
    caller) gets its collector back as it was."""
    enabled, thresholds = collector
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    if not enabled:
        gc.disable()


def _path(name: str | None) -> Path | None:
    return Path(name) if name else None


def run_to_stdout(options: RunOptions, backend: Backend) -> int:
    """``-o -``: one report's JSON on standard output, its status line and the summary on stderr; no
    OUTDIR and no index (there is nothing to resume)."""
    found = list(expand_paths(list(options.paths)))
    if len(found) != 1:
        print(
            f"summarizer run: error: -o - writes one report's JSON to standard output, and {len(found)} "
            "reports were named; give one, or an output directory",
            file=sys.stderr,
        )
        return EXIT_USAGE
    path, problem = found[0]
    task = Task(path, "", "", problem=problem)
    if problem is None:
        _fill_source(task, options.max_bytes)
    report, error, _ = process_task(task, backend, options.pipeline_options())
    outcome = Outcome(task.shown, "failed" if report is None else _status(report), ["-"], error)
    if report is not None:
        sys.stdout.write(RENDERERS["json"](report))
        sys.stdout.flush()
        outcome.facts = facts_of(report)
        if options.csv:
            from summarizer.tables import metrics_csv  # only a run asked for the table loads it

            entry = {
                "stem": task.stem or Path(task.shown).stem,
                "source": task.shown,
                "status": outcome.status,
            }
            write_atomic(Path(options.csv), metrics_csv([(entry, report.model_dump(mode="json"))]))
    if not options.quiet or report is None:
        print(outcome.line(), file=sys.stderr)
    backend.close()
    return finish([outcome], backend, quiet=options.quiet)


def _emitter(options: RunOptions, progress: Progress) -> Callable[[Outcome], None]:
    def emit(outcome: Outcome) -> None:
        if not options.jsonl and options.quiet:
            return
        text = json.dumps(outcome.as_json(), ensure_ascii=False) if options.jsonl else outcome.line()
        try:
            progress.print(text, sys.stdout)
        except BrokenPipeError:  # the reader went away (| head): the batch and its index go on
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)

    return emit


def _collect(
    pool: Pool | ProcessPool,
    expected: int,
    outcomes: Tally,
    emit: Callable[[Outcome], None],
    progress: Progress,
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


def _interrupted(outcomes: Tally, total: int, out_dir: Path) -> int:
    print(
        f"summarizer: interrupted; {len(outcomes)} of {total} reports finished and kept in {shown(str(out_dir))} "
        f"(index.jsonl); run the same command again to finish the rest",
        file=sys.stderr,
    )
    return EXIT_INTERRUPTED


class Tally:
    """What the closing summary needs of a batch's outcomes: every one that is not ok, and counts of
    the others (a batch of thousands keeps nothing per report that went well)."""

    def __init__(self, outcomes: Iterable[Outcome] = ()) -> None:
        self.ok = self.skipped = 0
        self.not_ok: list[Outcome] = []
        for outcome in outcomes:
            self.append(outcome)

    def append(self, outcome: Outcome) -> None:
        self.skipped += outcome.skipped
        if outcome.status == "ok":
            self.ok += 1
        else:
            self.not_ok.append(outcome)

    def __len__(self) -> int:
        return self.ok + len(self.not_ok)


def finish(
    outcomes: Iterable[Outcome] | Tally, backend: Backend | None = None, *, quiet: bool = False
) -> int:
    """The closing summary on stderr (every report that is not ok, one per line) and the exit code."""
    tally = outcomes if isinstance(outcomes, Tally) else Tally(outcomes)
    not_ok, skipped, total = tally.not_ok, tally.skipped, len(tally)
    if total > 1 or not_ok or skipped:
        note = f" ({skipped} done earlier)" if skipped else ""
        print(f"summarizer: {tally.ok} of {total} reports ok{note}", file=sys.stderr)
        for o in not_ok:
            details = [o.reason] if o.error else [d for d in (o.note, o.first_failure) if d]
            detail = f": {' · '.join(details)}" if details else ""
            print(f"  {o.status.upper():<10} {o.path}{detail}", file=sys.stderr)
    summary = backend.summary() if backend is not None else None
    if summary is not None and not quiet:
        print(f"summarizer: {summary}", file=sys.stderr)
    if not total or any(o.status == "failed" for o in not_ok):
        return EXIT_FAILED
    return EXIT_UNVERIFIED if not_ok else EXIT_OK
