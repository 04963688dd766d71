"""LLM batches against a fake OpenAI-compatible server that misbehaves on purpose.

Every fault either heals (transport retry, re-ask) or degrades to the rules for the section it hit,
or fails that one report with a clear error in the index; no output is ever partial, a 429 pauses the
whole run, and a batch killed with SIGKILL resumes without redoing what it finished.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, default_sigint, index_lines
from fakeserver import FakeLLMServer, county_name, make_report

from summarizer.cli import build_parser, request_gate, run_options
from summarizer.llm.backend import LLMBackend
from summarizer.llm.settings import LLMSettings
from summarizer.ratelimit import RequestGate
from summarizer.runner import run_batch

ISSUERS = [county_name(i) for i in range(8)]


pytestmark = pytest.mark.usefixtures("offline_and_bounded")


@pytest.fixture
def server():
    with FakeLLMServer(issuers=ISSUERS) as fake:
        yield fake


def reports(directory: Path, count: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = directory / f"r{i}.txt"
        path.write_text(make_report(i), "utf-8")
        paths.append(path)
    return paths


def llm_args(server: FakeLLMServer, *args: str) -> list[str]:
    return [
        "--backend", "llm", "--base-url", server.url, "--model", "fake-model", "--mode", "tools",
        "--no-cache", *args,
    ]  # fmt: skip


def run_llm(server: FakeLLMServer, inputs: Path, out: Path, *extra: str) -> tuple[int, LLMBackend]:
    """The CLI's run, in process, with retry waits shortened (the gate's pauses stay real)."""
    args = build_parser().parse_args(["run", str(inputs), "-o", str(out), *llm_args(server, *extra)])
    backend = LLMBackend(
        LLMSettings.from_args(args, env={}),
        sleep=lambda seconds: time.sleep(min(seconds, 0.02)),
        gate=request_gate(args),
    )
    return run_batch(run_options(args), backend), backend


def latest(out: Path) -> dict[str, dict]:
    return {Path(e["source"]).stem: e for e in index_lines(out)}


def report_json(out: Path, entry: dict) -> dict:
    return json.loads((out / entry["outputs"][0]).read_text("utf-8"))


def assert_nothing_partial(out: Path) -> None:
    for entry in latest(out).values():
        for name in entry["outputs"]:
            text = (out / name).read_text("utf-8")
            assert json.loads(text)["source"]["sha256"] == entry["sha256"] if name.endswith(".json") else text
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


# --------------------------------------------------------------------------- one fault at a time

R0 = county_name(0)
FAULTS = {
    # kind: (fault, extra flags, expected status of r0, what r0's report shows); a fallback is never "ok"
    "429": (dict(kind="429", match=R0, times=2, retry_after="0.1"), [], "ok", "clean"),
    "500": (dict(kind="500", match=R0, times=2), [], "ok", "clean"),
    "drop": (dict(kind="drop", match=R0, times=1), [], "ok", "clean"),
    "slow": (dict(kind="slow", match=R0, times=-1, seconds=1.5), ["--timeout", "0.3", "--attempts", "2"], "degraded", "transport failed"),
    "malformed": (dict(kind="malformed", match=R0, times=1), [], "ok", "reask"),
    "truncated": (dict(kind="truncated", match="【存在的不足】", times=-1), [], "degraded", "cut off"),
    "refusal": (dict(kind="refusal", match="【下一年度安排】", times=-1), [], "degraded", "refused"),
    "401": (dict(kind="401", match=R0, times=-1), [], "failed", "the endpoint rejected the request"),
    "html": (dict(kind="html", match="【存在的不足】", times=-1), [], "degraded", "answered 200 but not with a chat completion: '<html>"),
    "badjson": (dict(kind="badjson", match="【存在的不足】", times=-1), [], "degraded", "answered 200 but not with JSON"),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(FAULTS))
def test_each_fault_heals_falls_back_or_fails_clearly(
    server: FakeLLMServer, tmp_path: Path, kind: str
) -> None:
    fault, extra, status, shows = FAULTS[kind]
    server.add_fault(**fault)
    reports(tmp_path / "in", 3)
    out = tmp_path / "out"
    code, backend = run_llm(server, tmp_path / "in", out, "--jobs", "2", *extra)
    entries = latest(out)
    assert set(entries) == {"r0", "r1", "r2"} and code == {"ok": 0, "failed": 1}.get(status, 3)
    assert any(s.fault == kind for s in server.state.seen), "the fault was served"
    r0 = entries["r0"]
    assert r0["status"] == status, r0
    if status == "failed":
        assert shows in r0["error"] and r0["outputs"] == []
        assert entries["r1"]["status"] == entries["r2"]["status"] == "ok"
    else:
        report = report_json(out, r0)
        fallbacks = report["provenance"].get("fallbacks", [])  # an empty list is left out of the file
        if shows == "clean":
            assert fallbacks == [] and r0["llm"]["fallbacks"] == 0
        elif shows == "reask":
            assert fallbacks == [] and r0["llm"]["reasks"] == 1
        else:
            assert fallbacks and all(shows in f for f in fallbacks), fallbacks
        assert report["verification"]["status"] == "verified"
    assert_nothing_partial(out)


def test_a_429_pauses_every_worker_not_just_the_one_that_got_it(
    server: FakeLLMServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Timed at the gate (the client side): the server's own clock lags under load."""
    server.state.latency = 0.2  # r0's 429 comes back at once, while the other reports' answers take 0.2s
    server.add_fault("429", match=R0, times=1, retry_after="0.5")
    reports(tmp_path / "in", 4)
    requests: list[tuple[float, float, str]] = []  # (asked, let through, worker)
    pauses: list[tuple[float, float, str]] = []
    real_acquire, real_pause = RequestGate.acquire, RequestGate.pause

    def acquire(gate: RequestGate, tokens: float = 0) -> Any:
        asked = gate.clock()
        ticket = real_acquire(gate, tokens)
        requests.append((asked, ticket.started, threading.current_thread().name))
        return ticket

    def pause(gate: RequestGate, seconds: float | None = None) -> float:
        waited = real_pause(gate, seconds)
        pauses.append((gate.clock(), waited, threading.current_thread().name))
        return waited

    monkeypatch.setattr(RequestGate, "acquire", acquire)
    monkeypatch.setattr(RequestGate, "pause", pause)
    code, backend = run_llm(server, tmp_path / "in", tmp_path / "out", "--jobs", "4")
    assert code == 0 and backend.gate.stats.pauses == 1
    [(began, seconds, limited_worker)] = pauses
    assert seconds == pytest.approx(0.5)  # the server's Retry-After
    ends = began + seconds
    assert [r for r in requests if began < r[1] < ends - 0.01] == []  # nobody sent anything meanwhile
    held = [r for r in requests if r[0] < ends and r[1] >= ends - 0.01 and r[0] > began]
    assert {worker for _, _, worker in held} - {limited_worker}, "other workers were held too"
    assert len(requests) == len(server.state.seen) == 9 and server.requests_for(R0) == 3
    assert all(e["status"] == "ok" for e in latest(tmp_path / "out").values())


def test_in_flight_limit_holds_across_jobs(server: FakeLLMServer, tmp_path: Path) -> None:
    server.state.latency = 0.1
    reports(tmp_path / "in", 6)
    code, backend = run_llm(server, tmp_path / "in", tmp_path / "out", "--jobs", "6", "--max-in-flight", "2")
    assert code == 0 and backend.gate.stats.peak_in_flight == 2
    spans = sorted((s.arrived, s.answered) for s in server.state.seen)
    busiest = max(sum(a <= t < b for a, b in spans) for t, _ in spans)
    assert busiest <= 2 and len(spans) == 12


def test_concurrent_workers_write_the_same_outputs_as_one(server: FakeLLMServer, tmp_path: Path) -> None:
    server.state.latency = 0.05
    reports(tmp_path / "in", 6)
    assert run_llm(server, tmp_path / "in", tmp_path / "one", "--jobs", "1")[0] == 0
    assert run_llm(server, tmp_path / "in", tmp_path / "six", "--jobs", "6")[0] == 0
    one, six = latest(tmp_path / "one"), latest(tmp_path / "six")
    assert len(index_lines(tmp_path / "six")) == 6 and len({e["stem"] for e in six.values()}) == 6
    for name, entry in one.items():
        assert six[name]["outputs"] == entry["outputs"]
        for output in entry["outputs"]:
            assert (tmp_path / "one" / output).read_bytes() == (tmp_path / "six" / output).read_bytes()
    assert_nothing_partial(tmp_path / "six")


# --------------------------------------------------------------------------- kill and resume


def cli(server: FakeLLMServer, inputs: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", "run", str(inputs), "-o", str(out), *llm_args(server, *extra)]


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    return {**env, "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}


def wait_for_lines(index: Path, count: int, process: subprocess.Popen, limit: float = 15.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if index.is_file() and index.read_bytes().count(b'"key":') >= count:  # report lines, not markers
            return
        time.sleep(0.02)
    raise AssertionError(f"{index} never reached {count} lines (exit {process.poll()})")


def test_sigkill_mid_batch_then_rerun_finishes_without_redoing(server: FakeLLMServer, tmp_path: Path) -> None:
    server.state.latency = 0.25
    reports(tmp_path / "in", 6)
    out = tmp_path / "out"
    command = cli(server, tmp_path / "in", out, "--jobs", "2")
    first = subprocess.Popen(
        command, cwd=ROOT, env=clean_env(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_for_lines(out / "index.jsonl", 2, first)
        first.send_signal(signal.SIGKILL)
    finally:
        first.wait(timeout=10)
        first.stderr.close()
    assert first.returncode == -signal.SIGKILL
    done_before = {name for name, e in latest(out).items() if e["status"] == "ok"}
    assert 2 <= len(done_before) < 6
    calls_before = server.counts()
    rerun = subprocess.run(command, cwd=ROOT, env=clean_env(tmp_path), capture_output=True, timeout=20)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert rerun.stdout.decode().count("skipped") == len(done_before)
    after = server.counts()
    redone = [line for line in rerun.stdout.decode().splitlines() if line.startswith("ok")]
    assert len(redone) == 6 - len(done_before)  # every report not committed is processed again
    for i in range(6):
        name = county_name(i)
        if f"r{i}" in done_before:
            assert after[name] == calls_before[name], f"r{i} was redone"
        elif calls_before[name] == 0:
            assert after[name] >= 2  # extraction and briefing, for the first time
        # a report killed between its answers and its commit may take them from the LLM cache: no
        # new call is owed then, which is the cache doing its job
    assert {name for name, e in latest(out).items() if e["status"] == "ok"} == {f"r{i}" for i in range(6)}
    assert_nothing_partial(out)


def test_ctrl_c_keeps_what_is_done_and_exits_130(server: FakeLLMServer, tmp_path: Path) -> None:
    server.state.latency = 0.25
    reports(tmp_path / "in", 12)  # seconds of work left when the first is committed, even on a busy machine
    out = tmp_path / "out"
    command = cli(server, tmp_path / "in", out, "--jobs", "2")
    run = subprocess.Popen(
        command, cwd=ROOT, env=clean_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=default_sigint,
    )  # fmt: skip
    try:
        wait_for_lines(out / "index.jsonl", 1, run)
        run.send_signal(signal.SIGINT)
        stdout, stderr = run.communicate(timeout=10)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 130, stderr.decode()
    assert "interrupted" in stderr.decode() and "Traceback" not in stderr.decode()
    kept = latest(out)
    assert 1 <= len(kept) < 12 and all(e["status"] == "ok" for e in kept.values())
    printed = [line for line in stdout.decode().splitlines() if line.startswith("ok")]
    assert len(printed) <= len(kept)  # a line is printed after its report is committed, never before
    assert_nothing_partial(out)
