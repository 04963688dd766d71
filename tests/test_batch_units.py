"""The batch's building blocks on their own: the request gate, the run index, the progress display."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
from pathlib import Path

import pytest
from fakeserver import time_limit

from summarizer.progress import Counters, Progress
from summarizer.ratelimit import DEFAULT_PAUSE_S, RequestGate
from summarizer.runindex import RunIndex, fingerprint
from summarizer.runner import Outcome, OutputNames


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(20):
        yield


# --------------------------------------------------------------------------- request gate


def _hammer(gate: RequestGate, workers: int, hold: float) -> list[float]:
    starts: list[float] = []

    def one() -> None:
        ticket = gate.acquire()
        starts.append(time.monotonic())
        time.sleep(hold)
        gate.release(ticket)

    threads = [threading.Thread(target=one) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    return sorted(starts)


def test_no_more_requests_in_flight_than_allowed() -> None:
    gate = RequestGate(max_in_flight=3)
    starts = _hammer(gate, workers=9, hold=0.05)
    assert len(starts) == 9 and gate.stats.peak_in_flight == 3 and gate.in_flight == 0
    assert starts[-1] - starts[0] >= 0.09  # three waves of three


def test_requests_per_minute_hold_the_next_request_until_the_window_moves() -> None:
    gate = RequestGate(rpm=2, window=0.3)
    t0 = time.monotonic()
    starts = [t - t0 for t in _hammer(gate, workers=4, hold=0.0)]
    assert starts[1] < 0.1 and 0.28 <= starts[2] < 0.5 and starts[3] >= 0.28


def test_token_budget_uses_the_reported_usage_and_lets_one_oversized_request_through() -> None:
    gate = RequestGate(tpm=100, window=0.3)
    first = gate.acquire(tokens=30)
    gate.release(first, tokens=90)  # the response said 90: the estimate is corrected
    t0 = time.monotonic()
    gate.release(gate.acquire(tokens=30), tokens=30)
    assert time.monotonic() - t0 >= 0.25  # 90 + 30 > 100: wait for the first to leave the window
    t1 = time.monotonic()
    gate.release(gate.acquire(tokens=500))  # above the whole budget, but only ever alone
    assert time.monotonic() - t1 >= 0.25


def test_a_pause_holds_every_worker_and_escalates_without_retry_after() -> None:
    gate = RequestGate(max_in_flight=8)
    assert gate.pause(0.2) == pytest.approx(0.2)
    t0 = time.monotonic()
    starts = _hammer(gate, workers=4, hold=0.0)
    assert min(starts) - t0 >= 0.18 and gate.stats.pauses == 1
    fresh = RequestGate()
    assert fresh.pause(None) == DEFAULT_PAUSE_S and fresh.pause(None) == 2 * DEFAULT_PAUSE_S


def test_success_resets_the_escalation() -> None:
    gate = RequestGate()
    gate.pause(0.0)
    gate.release(gate.acquire(), ok=True)
    assert gate.pause(None) == DEFAULT_PAUSE_S


def test_limits_below_one_are_refused() -> None:
    with pytest.raises(ValueError, match="rpm"):
        RequestGate(rpm=0)


# --------------------------------------------------------------------------- run index


EMPTY_JSON_SHA = hashlib.sha256(b"{}").hexdigest()


def _entry(key: str, **kw: object) -> dict:
    base = {"key": key, "source": key, "sha256": "a" * 64, "fingerprint": "f1", "status": "ok"}
    name = f"{Path(key).stem}.json"
    return {**base, "stem": Path(key).stem, "outputs": [name], "digests": {name: EMPTY_JSON_SHA}, **kw}


def test_index_lines_are_whole_and_the_latest_line_wins(tmp_path: Path) -> None:
    index = RunIndex(tmp_path)
    index.open()
    index.append(_entry("/x/a.txt", status="failed", outputs=[]))
    index.append(_entry("/x/a.txt"))
    index.close()
    (tmp_path / "a.json").write_text("{}")
    lines = (tmp_path / "index.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b"" and all(json.loads(line)["v"] == 1 for line in lines[:-1])
    loaded = RunIndex(tmp_path).load()
    assert loaded.done("/x/a.txt", "a" * 64, "f1") is not None
    assert loaded.done("/x/a.txt", "b" * 64, "f1") is None  # source changed
    assert loaded.done("/x/a.txt", "a" * 64, "f2") is None  # settings changed
    (tmp_path / "a.json").write_text('{"edited": 1}')
    assert loaded.done("/x/a.txt", "a" * 64, "f1") is None  # an output is not the one written
    (tmp_path / "a.json").unlink()
    assert loaded.done("/x/a.txt", "a" * 64, "f1") is None  # an output went missing


def test_a_torn_last_line_is_skipped_and_the_next_line_starts_clean(tmp_path: Path) -> None:
    path = tmp_path / "index.jsonl"
    whole = json.dumps(_entry("/x/a.txt"), ensure_ascii=False) + "\n"
    path.write_bytes(whole.encode() + b'{"key": "/x/b.txt", "sta')  # killed in the middle of a write
    index = RunIndex(tmp_path).load()
    assert index.torn == 1 and set(index.latest) == {"/x/a.txt"}
    index.open()
    index.append(_entry("/x/c.txt"))
    index.close()
    again = RunIndex(tmp_path).load()
    assert again.torn == 1 and set(again.latest) == {"/x/a.txt", "/x/c.txt"}


def test_appends_from_many_threads_never_interleave(tmp_path: Path) -> None:
    index = RunIndex(tmp_path)
    index.open()
    long_error = "错误" * 3000  # lines far above PIPE_BUF

    def write(n: int) -> None:
        for i in range(20):
            index.append(_entry(f"/x/{n}-{i}.txt", error=long_error))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    index.close()
    loaded = RunIndex(tmp_path).load()
    assert loaded.torn == 0 and len(loaded.latest) == 120


def test_fingerprint_is_order_independent_and_changes_with_settings() -> None:
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})


def test_output_names_keep_their_stems_and_never_take_another_sources(tmp_path: Path) -> None:
    names = OutputNames({"/old/report.txt": "report", "/new/report.txt": "report-2"})
    assert names.stem_for("/new/report.txt", "/new/report.txt") == "report-2"
    assert names.stem_for("/third/report.txt", "/third/report.txt") == "report-3"
    assert names.stem_for("/old/report.txt", "/old/report.txt") == "report"


# --------------------------------------------------------------------------- progress


def test_bar_redraws_one_line_with_counts_and_eta() -> None:
    stream = io.StringIO()
    clock = iter(float(t) for t in range(100))
    progress = Progress(
        4, mode="bar", stream=stream, counters=lambda: Counters(7, 2, 12345), clock=lambda: next(clock)
    )
    progress.finished()
    progress.finished(failed=True)
    text = stream.getvalue()
    assert text.count("\r") >= 2 and "\n" not in text
    last = text.rsplit("\r", 1)[1]
    assert "2/4 reports" in last and "1 not ok" in last and "7 calls, 2 cached, 12k tokens" in last
    assert "ETA" in last
    progress.print("ok line", io.StringIO())  # the bar is cleared before a result line
    assert "\x1b[K" in stream.getvalue()


def test_log_mode_writes_plain_lines_and_off_writes_nothing() -> None:
    stream = io.StringIO()
    progress = Progress(3, mode="log", stream=stream, log_every=0.0)
    for _ in range(3):
        progress.finished()
    lines = stream.getvalue().splitlines()
    assert (
        len(lines) == 3 and lines[-1].startswith("summarizer: 3/3 reports") and "\r" not in stream.getvalue()
    )
    silent = io.StringIO()
    off = Progress(3, mode="off", stream=silent)
    off.finished()
    off.refresh(force=True)
    assert silent.getvalue() == ""
    assert Progress.mode_for(io.StringIO(), quiet=False) == "log"
    assert Progress.mode_for(io.StringIO(), quiet=True) == "off"


# --------------------------------------------------------------------------- boundaries


def test_the_runner_takes_run_options_and_any_backend(tmp_path: Path) -> None:
    from conftest import FIXTURES

    from summarizer.pipeline import RulesBackend
    from summarizer.runner import RunOptions, run_batch

    options = RunOptions(
        paths=(str(FIXTURES / "f05_province_bom.txt"),), out=str(tmp_path), formats=("json",)
    )
    assert run_batch(options, RulesBackend()) == 0
    assert [p.name for p in tmp_path.glob("*.json")] == ["f05_province_bom.json"]


def test_both_backends_carry_everything_the_runner_asks_of_them() -> None:
    from summarizer.llm.backend import LLMBackend
    from summarizer.pipeline import Backend, RulesBackend

    wanted = {name for name in vars(Backend) if not name.startswith("_")} | set(Backend.__annotations__)
    assert {"fingerprint", "extract", "brief", "usage", "summary", "close", "concurrent"} <= wanted
    for backend in (RulesBackend, LLMBackend):
        missing = [name for name in wanted if not hasattr(backend, name)]
        assert not missing, (backend.__name__, missing)


def test_the_llm_package_sits_below_the_runner() -> None:
    """No module of summarizer.llm imports the runner, the pipeline, the renderers or the CLI (not even
    inside a function): the import graph has no cycle through them."""
    import ast

    from conftest import ROOT

    above = ("summarizer.runner", "summarizer.pipeline", "summarizer.render", "summarizer.cli",
             "summarizer.cassettes_cli", "summarizer.progress", "summarizer.runindex")  # fmt: skip
    found = []
    for path in sorted((ROOT / "summarizer" / "llm").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            found += [f"{path.name}: {name}" for name in names if name.startswith(above)]
    assert found == []


# --------------------------------------------------------------------------- status lines


def test_a_status_line_stays_one_line_whatever_a_model_wrote() -> None:
    """The first failure quotes a model's words (a title, a quote): a line break or an escape code in
    them must not start a line of its own, such as a forged ``ok`` line, nor drive the terminal."""
    forged = "«规范执法\nok          b.txt -> out/b.json [numbers 9/9 verified]\x1b[2K» not_found [measures[0].title]"
    outcome = Outcome("a.txt", "unverified", ["out/a.json"], first_failure=forged, note="«x\ry» dropped")
    line = outcome.line()
    assert line.isprintable() and "\\n" in line and "\\x1b" in line and "\\r" in line
    assert line.startswith("UNVERIFIED  a.txt") and "规范执法" in line
