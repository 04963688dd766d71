"""A damaged response cache never sinks a run, and a tampered row never makes diskcache touch files
outside the cache: one warning naming the directory, then every report as without a cache."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import diskcache.core
import pytest
from conftest import ROOT, index_lines
from fakeserver import FakeLLMServer, county_name, make_report

from summarizer.cli import build_parser, request_gate, run_options
from summarizer.llm.backend import LLMBackend
from summarizer.llm.settings import LLMSettings
from summarizer.runner import run_batch

pytestmark = pytest.mark.usefixtures("offline_and_bounded")
WARNING = "cannot be used"


@pytest.fixture
def server():
    with FakeLLMServer(issuers=[county_name(i) for i in range(3)]) as fake:
        yield fake


def reports(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(3):
        (directory / f"r{i}.txt").write_text(make_report(i), "utf-8")
    return directory


def args_for(server: FakeLLMServer, inputs: Path, out: Path, cache: Path) -> list[str]:
    return ["run", str(inputs), "-o", str(out), "--backend", "llm", "--base-url", server.url,
            "--model", "fake-model", "--mode", "tools", "--cache-dir", str(cache), "--jobs", "2"]  # fmt: skip


def run_llm(server: FakeLLMServer, inputs: Path, out: Path, cache: Path) -> int:
    args = build_parser().parse_args(args_for(server, inputs, out, cache))
    backend = LLMBackend(
        LLMSettings.from_args(args, env={}), sleep=lambda s: time.sleep(min(s, 0.02)), gate=request_gate(args)
    )
    return run_batch(run_options(args), backend)


def statuses(out: Path) -> list[str]:
    return [entry["status"] for entry in index_lines(out)]


def warm_cache(server: FakeLLMServer, tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    assert run_llm(server, reports(tmp_path / "in"), tmp_path / "warm", cache) == 0
    return cache


def truncate(cache: Path) -> None:
    db = _consolidated(cache)
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])


def garbage_header(cache: Path) -> None:
    db = _consolidated(cache)
    db.write_bytes(b"this is not sqlite" + db.read_bytes()[18:])


def _consolidated(cache: Path) -> Path:
    """The database with its write-ahead log folded in (else the log would still hold whole pages)."""
    db = cache / "cache.db"
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for journal in cache.glob("cache.db-*"):
        journal.unlink()
    assert db.stat().st_size > 4 * 4096, "a cache with answers in it"
    return db


def read_only(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read-only files and, since root ignores file modes, SQLite opened read-only as well."""
    for path in [cache, *cache.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    connect = sqlite3.connect
    monkeypatch.setattr(
        diskcache.core.sqlite3,
        "connect",
        lambda db, *a, **kw: connect(f"file:{db}?mode=ro", *a, uri=True, **kw),
    )


DAMAGE: dict[str, Callable[..., None]] = {
    "truncated": lambda cache, mp: truncate(cache),
    "garbage header": lambda cache, mp: garbage_header(cache),
    "read-only": read_only,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_gives_one_warning_and_the_run_goes_on(
    server: FakeLLMServer,
    tmp_path: Path,
    damage: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = warm_cache(server, tmp_path)
    DAMAGE[damage](cache, monkeypatch)
    caplog.clear()
    asked = len(server.state.seen)
    try:
        with caplog.at_level(logging.WARNING):
            code = run_llm(server, tmp_path / "in", tmp_path / "out", cache)
    finally:
        for path in [cache, *cache.rglob("*")]:
            path.chmod(0o755)
    assert code == 0 and statuses(tmp_path / "out") == ["ok"] * 3
    warnings = [r.getMessage() for r in caplog.records if WARNING in r.getMessage()]
    assert len(warnings) == 1 and str(cache) in warnings[0] and "--no-cache" in warnings[0], warnings
    assert len(server.state.seen) == 2 * asked  # every call made again: the cache was left alone


def test_the_warning_reaches_the_terminal_once(server: FakeLLMServer, tmp_path: Path) -> None:
    cache = warm_cache(server, tmp_path)
    truncate(cache)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    result = subprocess.run(
        [sys.executable, "-m", "summarizer", *args_for(server, tmp_path / "in", tmp_path / "out", cache)],
        cwd=ROOT, env=env, capture_output=True, timeout=60,
    )  # fmt: skip
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert stderr.count(WARNING) == 1 and f"response cache in {cache}" in stderr and "Traceback" not in stderr


def test_a_tampered_row_never_makes_the_cache_touch_files_outside_it(
    server: FakeLLMServer, tmp_path: Path
) -> None:
    cache = warm_cache(server, tmp_path)
    victim = tmp_path / "precious" / "notes.txt"
    victim.parent.mkdir()
    victim.write_text("not the cache's", "utf-8")
    with sqlite3.connect(cache / "cache.db") as db:  # every answer now "lives" in the victim file
        rows = db.execute("UPDATE Cache SET mode = 3, value = NULL, filename = ?", (str(victim),)).rowcount
    assert rows >= 6
    assert run_llm(server, tmp_path / "in", tmp_path / "out", cache) == 0
    assert statuses(tmp_path / "out") == ["ok"] * 3
    assert victim.read_text("utf-8") == "not the cache's"
    assert run_llm(server, tmp_path / "in", tmp_path / "again", cache) == 0  # the cache healed itself
    assert len(server.state.seen) == rows * 2
