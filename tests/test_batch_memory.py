"""A batch's main process keeps nothing per finished report that grows with the batch: the overview's
rows wait in the catalogue's spool (a nameless file), the index keeps only each source's stem, and the
overview streamed from the spool is the page rendered in memory, byte for byte."""

from __future__ import annotations

import argparse
import gc
import os
import tracemalloc
from pathlib import Path

import pytest
from conftest import FIXTURES

from summarizer import io, runner
from summarizer.overview import READ_AHEAD, Catalogue
from summarizer.pipeline import Options, RulesBackend
from summarizer.render_html import overview_of, overview_record
from summarizer.runindex import RunIndex

pytestmark = pytest.mark.usefixtures("offline_and_bounded")

FORMATS = ["json", "md"]
# What a finished report may still hold in the main process: its key -> stem in the index, its place
# in the spool (stem, status, offset) and the dicts' share of slots. Keeping the overview row (≈2 KB)
# or the index line (≈1 KB) of each report, as the runner once did, is several times this.
RETAINED_PER_REPORT = 500


@pytest.fixture(scope="module")
def finished() -> runner.Finished:
    """One report processed and rendered for real (committed many times under other names)."""
    task = runner.Task(str(FIXTURES / "f01_city_fullwidth.txt"), "k", "s")
    done = runner.prepare(task, RulesBackend(), Options(), FORMATS)
    assert done.ok and done.slim is not None
    return done


def committer_for(out: Path) -> runner.Committer:
    """What run_batch builds once its reports are planned."""
    index = RunIndex(out).load()
    index.planned()
    index.open()
    committer = runner.Committer(out, index, FORMATS, {"backend": "rules"})
    committer.catalogue = Catalogue(out, index)
    return committer


def commit(committer: runner.Committer, done: runner.Finished, numbers: range) -> None:
    for i in numbers:
        path = f"/batch/r{i:04d}.txt"
        committer.commit(runner.Task(path, path, f"r{i:04d}", sha256=done.sha256), done)


def test_committed_reports_leave_no_row_or_index_line_in_memory(
    tmp_path: Path, finished: runner.Finished, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(io.os, "fsync", lambda fd: None)  # memory is measured here, not durability
    committer = committer_for(tmp_path)
    commit(committer, finished, range(50))  # the spool opened, the dicts past their first sizes
    gc.collect()
    tracemalloc.start(25)
    try:
        before = tracemalloc.take_snapshot()
        commit(committer, finished, range(50, 350))
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    ours = [tracemalloc.Filter(True, f"{Path(runner.__file__).parent}{os.sep}*", all_frames=True)]
    grown = sum(
        s.size_diff for s in after.filter_traces(ours).compare_to(before.filter_traces(ours), "filename")
    )
    assert grown / 300 < RETAINED_PER_REPORT, f"{grown / 300:.0f} bytes kept per committed report"
    committer.index.close()
    committer.catalogue.write_overview()
    assert (tmp_path / "index.html").read_text("utf-8").count("<tr data-status=") == 350


def test_the_streamed_overview_is_the_page_rendered_in_memory_and_a_resume_shows_every_run(
    tmp_path: Path, finished: runner.Finished, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(io.os, "fsync", lambda fd: None)
    first = committer_for(tmp_path)
    commit(first, finished, range(3, 6))
    long_error = "/batch/gone.txt: 无法读取 <b>& 'x'" + "很长的原因" * 1000  # a record past READ_AHEAD
    first.commit(runner.Task("/batch/gone.txt", "/batch/gone.txt", "gone", sha256="0" * 64),
                 runner.Finished(error=long_error))  # fmt: skip
    first.index.close()
    first.catalogue.write_overview()
    first.catalogue.close()
    second = committer_for(tmp_path)  # a later run: its page holds the first run's reports too
    commit(second, finished, [0, 4, 9])
    second.index.close()
    second.catalogue.write_overview()
    second.catalogue.close()
    entries = RunIndex(tmp_path).load().entries()
    records = [overview_record(entry, None if entry["status"] == "failed" else finished.slim)
               for entry in entries.values()]  # fmt: skip
    expected = overview_of(sorted(records, key=lambda record: record.stem))
    assert (tmp_path / "index.html").read_text("utf-8") == expected
    assert expected.count("<tr data-status=") == 6 and "无法读取 &lt;b&gt;&amp;" in expected
    assert len(long_error.encode()) > READ_AHEAD and "很长的原因" * 1000 in expected
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")], "the spool has no name"


class FullDisk:
    """A spool whose next write stops short, as write(2) does on a full disk."""

    def __init__(self, spool: object) -> None:
        self.spool = spool

    def write(self, data: bytes) -> int:
        return len(data) - 1

    def __getattr__(self, name: str) -> object:
        return getattr(self.spool, name)


def test_a_record_the_spool_cannot_take_fails_no_commit_and_is_read_back_for_the_page(
    tmp_path: Path, finished: runner.Finished, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(io.os, "fsync", lambda fd: None)
    committer = committer_for(tmp_path)
    commit(committer, finished, range(2))
    committer.catalogue._spool = FullDisk(committer.catalogue._spool)
    outcome = committer.commit(runner.Task("/batch/r0002.txt", "/batch/r0002.txt", "r0002"), finished)
    assert outcome.status == "ok"  # the report is committed; only its overview row waits
    committer.catalogue.write_overview()  # as at the end of a run: every report read back
    assert (tmp_path / "index.html").read_text("utf-8").count("<tr data-status=") == 3
    commit(committer, finished, range(3, 5))
    committer.index.close()
    committer.catalogue.write_overview()
    page = (tmp_path / "index.html").read_text("utf-8")
    assert [f"r{i:04d}" in page for i in range(5)] == [True] * 5
    assert page.count("<tr data-status=") == 5


@pytest.mark.parametrize("collecting", [True, False], ids=["caller-collects", "caller-paused-it"])
def test_a_rules_batch_gives_the_collector_back_as_it_found_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collecting: bool
) -> None:
    """The CLI pauses the collector during start-up and the run freezes its loaded heap and makes young
    collections rarer, for itself only: the reports are processed with the collector on, and a program
    running batches in turn keeps its own settings, on or off."""
    from summarizer.cli import main

    seen: dict[str, bool] = {}
    parse = argparse.ArgumentParser.parse_args
    process = runner.process

    def parse_args(self, *args, **kwargs):
        seen.setdefault("start-up", gc.isenabled())
        return parse(self, *args, **kwargs)

    def process_report(*args, **kwargs):
        seen["report"] = gc.isenabled()
        return process(*args, **kwargs)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", parse_args)
    monkeypatch.setattr(runner, "process", process_report)
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    (gc.enable if collecting else gc.disable)()
    try:
        source = FIXTURES / "f01_city_fullwidth.txt"
        assert main(["run", str(source), "-o", str(tmp_path / "out"), "-q", "--jobs", "1"]) == 0
        after = gc.isenabled()
    finally:
        gc.enable()
    assert (tmp_path / "out" / "index.jsonl").is_file()  # the batch ran (and tuned the collector)
    assert seen == {"start-up": False, "report": True}
    assert after is collecting
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == frozen
