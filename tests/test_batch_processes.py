"""The rules backend on worker processes (--jobs N): the same outputs as one process, committed and
printed in input order, a failing report does not sink the batch, and Ctrl-C sent to the whole
process group (as a terminal does) keeps what is committed and exits 130."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import FIXTURES, ROOT, default_sigint, index_lines
from test_batch_faults import assert_nothing_partial, clean_env, latest, wait_for_lines

from summarizer import runner
from summarizer.cli import main
from summarizer.pipeline import Options, RulesBackend
from summarizer.runner import default_jobs
from summarizer.runner import prepare as runner_prepare

REPORTS = sorted(p for p in FIXTURES.glob("f0*") if p.suffix in (".txt", ".html"))


def inputs(directory: Path, count: int) -> list[Path]:
    """``count`` distinct files cycling over our fixtures, and one empty file in the middle."""
    directory.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        source = REPORTS[i % len(REPORTS)]
        made.append(directory / f"r{i:03d}{source.suffix}")
        shutil.copy(source, made[-1])
    (directory / f"r{count // 2:03d}-empty.txt").write_bytes(b"")
    return sorted(directory.iterdir())


def run(directory: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "summarizer", "run", str(directory), "-o", str(out), *extra]
    return subprocess.run(command, cwd=ROOT, capture_output=True, env=clean_env(out.parent))


def test_two_processes_write_what_one_writes_in_input_order(tmp_path: Path) -> None:
    paths = inputs(tmp_path / "in", 8)
    one = run(tmp_path / "in", tmp_path / "one", "--jobs", "1", "--jsonl")
    two = run(tmp_path / "in", tmp_path / "two", "--jobs", "2", "--jsonl")
    assert one.returncode == two.returncode == 1  # the empty file fails, the others are done
    printed = [json.loads(line)["path"] for line in two.stdout.decode().splitlines()]
    assert printed == [str(p) for p in paths]
    failed = [json.loads(line) for line in two.stdout.decode().splitlines() if "empty" in line]
    assert failed[0]["status"] == "failed" and "empty" in failed[0]["error"]
    for name in sorted(p.name for p in (tmp_path / "one").glob("r*.*")):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    index_two = [e["source"] for e in index_lines(tmp_path / "two")]
    assert index_two == [str(p) for p in paths]  # committed in input order
    assert (tmp_path / "two" / "index.html").is_file()


def test_ctrl_c_to_the_process_group_keeps_what_is_committed(tmp_path: Path) -> None:
    inputs(tmp_path / "in", 300)  # a second or more of work left when the signal comes, even for fast code
    out = tmp_path / "out"
    command = [sys.executable, "-m", "summarizer", "run", str(tmp_path / "in"), "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=clean_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True, preexec_fn=default_sigint,
    )  # fmt: skip
    try:
        wait_for_lines(out / "index.jsonl", 2, process, limit=60)
        os.killpg(process.pid, signal.SIGINT)  # the workers get it too, as from a terminal
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, stderr.decode()
    assert "interrupted" in stderr.decode() and "Traceback" not in stderr.decode()
    kept = latest(out)
    assert 2 <= len(kept) < 301
    assert_nothing_partial(out)
    rerun = run(tmp_path / "in", out, "--jobs", "2")
    assert rerun.returncode == 1  # the empty file
    assert len(latest(out)) == 301
    done = sum(entry["status"] == "ok" for entry in kept.values())  # a failed report is tried again
    assert f"({done} done earlier)" in rerun.stderr.decode()


def test_a_worker_stages_the_outputs_and_the_commit_only_renames_them(tmp_path: Path) -> None:
    """A worker process writes and hashes a report's outputs under temporary names its parent owns; the
    commit renames them into place with those digests; what is never committed is removed when the
    parent's pool closes, or by any run once the parent is gone."""
    from summarizer.io import remove_stale_temps
    from summarizer.runindex import RunIndex, file_sha256

    out = tmp_path / "out"
    task = runner.Task(str(REPORTS[0]), "k", "r")
    done = runner_prepare(task, RulesBackend(), Options(), ["json", "md"], stage_in=(out, os.getpid()))
    assert all(isinstance(file, runner.Staged) for file in done.rendered.values())
    temps = sorted(p.name for p in out.iterdir())
    assert len(temps) == 2 and all(name.startswith(f".summarizer-{os.getpid()}-") for name in temps)
    index = RunIndex(out).load()
    index.open()
    outcome = runner.Committer(out, index, ["json", "md"], {"backend": "rules"}).commit(task, done)
    index.close()
    assert outcome.status == "ok"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith("r.")) == ["r.json", "r.md"]
    entry = index_lines(out)[-1]
    assert entry["digests"] == {name: file_sha256(out / name) for name in ("r.json", "r.md")}
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    again = runner_prepare(task, RulesBackend(), Options(), ["json"], stage_in=(out, os.getpid()))
    assert remove_stale_temps(out) == 0  # its owner (this process) is running: it may yet commit it
    assert remove_stale_temps(out, gone={os.getpid()}) == 1  # the pool has closed: it never will
    assert not Path(again.rendered["json"].tmp).exists()


def test_default_jobs_is_the_usable_cores() -> None:
    assert default_jobs() == len(os.sched_getaffinity(0))


def prepare_or_die(task, **kwargs):
    """A worker the system kills (out of memory, say) while it is on one report."""
    if "killer" in task.path:
        os.kill(os.getpid(), signal.SIGKILL)
    return runner_prepare(task, **kwargs)


def test_a_worker_killed_on_one_report_fails_that_report_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = inputs(tmp_path / "in", 6)
    shutil.copy(REPORTS[0], tmp_path / "in" / "r002-killer.txt")
    monkeypatch.setattr("summarizer.runner.prepare", prepare_or_die)
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "-o", str(out), "--jobs", "2", "--quiet"]) == 1
    entries = latest(out)
    killed = next(e for name, e in entries.items() if "killer" in name)
    assert killed["status"] == "failed" and "worker process died" in killed["error"]
    others = [e for name, e in entries.items() if "killer" not in name and "empty" not in name]
    assert len(others) == len(paths) - 1 and all(e["status"] == "ok" for e in others)
    assert_nothing_partial(out)


def test_a_worker_killed_amid_several_reports_handed_over_at_once_fails_only_its_killer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = inputs(tmp_path / "in", 40)
    shutil.copy(REPORTS[0], tmp_path / "in" / "r021-killer.txt")
    tasks = [runner.Task(str(p), str(p), p.stem) for p in sorted((tmp_path / "in").iterdir())]
    assert max(map(len, runner.chunked(tasks, 2))) > 1  # the killer shares its hand-over with others
    monkeypatch.setattr("summarizer.runner.prepare", prepare_or_die)
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "-o", str(out), "--jobs", "2", "--quiet"]) == 1
    entries = latest(out)
    assert len(entries) == len(paths) + 1
    failed = {name for name, e in entries.items() if e["status"] == "failed"}
    assert failed == {"r021-killer", "r020-empty"}
    assert "worker process died" in entries["r021-killer"]["error"]
    assert_nothing_partial(out)


def prepare_slowly(task, **kwargs):
    """A report that keeps its worker busy far longer than the end of a run may wait."""
    import time

    time.sleep(60)
    return runner_prepare(task, **kwargs)


def test_closing_the_pool_never_waits_long_on_a_busy_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interpreter's exit waits for the pool's own thread; closing the pool makes sure it can: a
    busy worker is given EXECUTOR_EXIT_S, then killed, and the run ends."""
    import concurrent.futures.process as futures_process
    import time

    from summarizer import runner

    monkeypatch.setattr(runner, "prepare", prepare_slowly)
    monkeypatch.setattr(runner, "EXECUTOR_EXIT_S", 0.5)
    paths = inputs(tmp_path / "in", 2)
    tasks = [runner.Task(path=str(p), key=str(p), stem=p.stem) for p in paths]
    committer = SimpleNamespace(formats=["json"], out_dir=tmp_path / "out")  # nothing is committed here
    pool = runner.ProcessPool(2, RulesBackend(), Options(), committer, tasks)  # type: ignore[arg-type]
    futures = [pool._submit(task) for task in tasks]
    time.sleep(0.5)  # the workers are on their reports
    workers = list(pool.executor._processes.values())
    started = time.monotonic()
    pool.close()
    assert time.monotonic() - started < 3
    for worker in workers:
        worker.join(2)  # (SIGTERM was sent: the sleeping worker ends at once)
    assert all(not worker.is_alive() for worker in workers)
    assert all(future.done() for future in futures)
    assert not any(t.is_alive() for t in futures_process._threads_wakeups)
