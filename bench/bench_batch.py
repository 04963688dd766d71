"""Batch runs end to end: LLM concurrency against a fake server, warm cache, offline memory, input scaling.

    python bench/bench_batch.py                      # everything, about 2.5 minutes
    python bench/bench_batch.py --latency 0.2        # quicker LLM part
    python bench/bench_batch.py --skip llm           # offline parts only

1. LLM throughput: ``--reports`` invented reports (tests/fakeserver.make_report) through
   ``summarizer run --backend llm`` against tests/fakeserver.py with ``--latency`` seconds per answer,
   ``--jobs 1`` then ``--jobs 8`` (each with a fresh cache), as subprocesses so the server does not share
   the CLI's interpreter. A short report costs the LLM backend its minimum, 2 calls (one extraction call
   for all parts, one briefing call), so ``--jobs 1`` takes about reports × 2 × latency.
2. Warm cache: the same reports again into a fresh OUTDIR with the ``--jobs 8`` cache: requests made
   (expected 0) and time per report; then the resume path (same OUTDIR: everything skipped).
3. Offline memory: peak RSS of ``summarizer run`` (rules backend) over 50, 200 and 500 reports, and
   RSS sampled at 10% and at the end of the 500-report run: flat means nothing accumulates per report.
   Then the rules pipeline in 1 vs 4 threads (in process): why the rules backend ignores --jobs.
4. Input scaling: one report of growing size (f05's achievements repeated, numbers made unique per
   copy) through the rules pipeline: seconds per size and the growth exponent (1 = linear), plus the
   functions that dominate at the largest size.
"""

from __future__ import annotations

import argparse
import cProfile
import math
import os
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fakeserver import FakeLLMServer, county_name, make_report  # noqa: E402


def clean_env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    return {**env, "SUMMARIZER_CACHE_DIR": str(cache)}


def write_reports(directory: Path, count: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (directory / f"r{i:04d}.txt").write_text(make_report(i), "utf-8")


def run_cli(args: list[str], cache: Path) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "summarizer", "run", *args, "--quiet"],
        cwd=ROOT,
        env=clean_env(cache),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"summarizer run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, done


# --------------------------------------------------------------------------- 1 + 2: LLM


def bench_llm(work: Path, reports: int, latency: float) -> None:
    inputs = work / "llm-in"
    write_reports(inputs, reports)
    issuers = [county_name(i) for i in range(reports)]
    with FakeLLMServer(latency=latency, issuers=issuers) as server:
        common = ["--backend", "llm", "--base-url", server.url, "--model", "fake-model", "--mode", "tools"]
        times: dict[int, float] = {}
        for jobs in (1, 8):
            before = len(server.state.seen)
            times[jobs], _ = run_cli(
                [str(inputs), "-o", str(work / f"out-j{jobs}"), "--jobs", str(jobs), *common],
                work / f"cache-j{jobs}",
            )
            calls = len(server.state.seen) - before
            print(
                f"llm --jobs {jobs}:  {times[jobs]:6.1f} s for {reports} reports "
                f"({calls} calls, {calls / reports:.1f} per report, {latency:g} s latency per call)"
            )
        print(f"speed-up:        {times[1] / times[8]:.1f}x (target >= 6x)")
        before = len(server.state.seen)
        warm, _ = run_cli(
            [str(inputs), "-o", str(work / "out-warm"), "--jobs", "8", *common], work / "cache-j8"
        )
        print(
            f"warm cache:      {len(server.state.seen) - before} requests; {warm:.2f} s, "
            f"{1000 * warm / reports:.0f} ms per report (incl. ~1 s interpreter and import start-up)"
        )
        before = len(server.state.seen)
        resume, _ = run_cli(
            [str(inputs), "-o", str(work / "out-j8"), "--jobs", "8", *common], work / "cache-j8"
        )
        print(
            f"resume rerun:    {len(server.state.seen) - before} requests; {resume:.2f} s for {reports} "
            f"reports skipped via index.jsonl"
        )


# --------------------------------------------------------------------------- 3: memory


def rss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            line = next(line for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0.0
    return int(line.split()[1]) / 1024


CHILD = """
import resource, sys
from summarizer.cli import main
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr)
sys.exit(code)
"""


def peak_rss_run(inputs: Path, out: Path, jobs: int, total: int) -> tuple[float, float, float, float]:
    """(seconds, peak RSS MiB, RSS at 10% done, RSS near the end) of one offline run."""
    index = out / "index.jsonl"
    command = [sys.executable, "-c", CHILD, "run", str(inputs), "-o", str(out), "--backend", "rules"]
    command += ["--jobs", str(jobs), "--quiet"]
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=ROOT, env=clean_env(out / "cache"), stderr=subprocess.PIPE, text=True
    )
    early = late = 0.0
    while child.poll() is None:
        lines = index.read_bytes().count(b"\n") if index.is_file() else 0
        rss = rss_mib(child.pid)
        if not early and lines >= total // 10:
            early = rss
        if lines >= total * 0.9 and rss:
            late = rss
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    stderr = child.stderr.read() if child.stderr else ""
    child.wait()
    peak = float(stderr.strip().splitlines()[-1])
    return elapsed, peak, early, late


def bench_memory(work: Path) -> None:
    inputs = work / "offline-in"
    write_reports(inputs, 500)
    for count in (50, 200, 500):
        subset = work / f"offline-{count}"
        subset.mkdir()
        for path in sorted(inputs.iterdir())[:count]:
            os.link(path, subset / path.name)
        seconds, peak, early, late = peak_rss_run(subset, work / f"offline-out-{count}", 1, count)
        trend = f"; RSS at 10% {early:.1f} MiB, at 90%+ {late:.1f} MiB" if count == 500 else ""
        print(
            f"offline {count:3d} reports: {seconds:5.1f} s ({count / seconds:5.1f} reports/s incl. start-up), "
            f"peak RSS {peak:6.1f} MiB{trend}"
        )
    rules_threads(inputs)


def rules_threads(inputs: Path) -> None:
    """Why the rules backend ignores --jobs: the same reports in 1 and in 4 threads, in process."""
    from concurrent.futures import ThreadPoolExecutor

    from summarizer.pipeline import RulesBackend, process
    from summarizer.reader import read_path

    paths = sorted(inputs.iterdir())[:300]
    backend = RulesBackend()
    process(read_path(paths[0]), backend)
    for threads in (1, 4):
        started = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda path: process(read_path(path), backend).verification.status, paths))
        elapsed = time.perf_counter() - started
        print(
            f"rules backend, {len(paths)} reports in {threads} thread(s): {len(paths) / elapsed:5.1f} reports/s"
        )


# --------------------------------------------------------------------------- 4: scaling


def big_report(target_bytes: int) -> bytes:
    text = (ROOT / "tests" / "fixtures" / "f05_province_bom.txt").read_text("utf-8-sig")
    start, end = text.index("一、"), text.index("二、")
    block = text[start:end]
    copies = []
    size, n = 0, 0
    while size < target_bytes:
        n += 1
        copy = re.sub(r"\d+", lambda m, n=n: str(int(m.group()) + n), block)  # unique numbers per copy
        copies.append(copy)
        size += len(copy.encode())
    return (text[:end] + "".join(copies) + text[end:]).encode()


def bench_scaling(sizes_kb: list[int]) -> None:
    from summarizer.pipeline import RulesBackend, process
    from summarizer.reader import read_bytes

    process(read_bytes(big_report(4096), path="warm.txt"), RulesBackend())
    points = []
    for kb in sizes_kb:
        data = big_report(kb * 1024)
        started = time.perf_counter()
        doc = read_bytes(data, path="big.txt")
        read_s = time.perf_counter() - started
        process(doc, RulesBackend())
        total = time.perf_counter() - started
        points.append((len(data), total))
        print(f"scale {len(data) / 2**20:5.2f} MB: read {read_s:5.2f} s, total {total:6.2f} s")
    (a_size, a_time), (b_size, b_time) = points[0], points[-1]
    exponent = math.log(b_time / a_time) / math.log(b_size / a_size)
    print(f"growth exponent {exponent:.2f} (time ~ size^k; 1 = linear, 2 = quadratic)")
    profile = cProfile.Profile()
    doc = read_bytes(big_report(sizes_kb[-1] * 1024), path="big.txt")
    profile.runcall(process, doc, RulesBackend())
    stats = pstats.Stats(profile)
    top = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:6]  # by own time
    print(f"hot spots at {sizes_kb[-1]} KB (own time):")
    for (filename, line, name), (_, _, own, cumulative, _) in top:
        short = str(Path(filename)).replace(str(ROOT) + "/", "")
        print(f"  {own:6.2f} s own, {cumulative:6.2f} s cum  {short}:{line} {name}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=50)
    parser.add_argument("--latency", type=float, default=1.0, help="seconds per fake LLM answer")
    parser.add_argument("--sizes-kb", default="100,200,400", help="report sizes for the scaling part")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: llm, memory, scale")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        if "llm" not in skip:
            bench_llm(work, args.reports, args.latency)
        if "memory" not in skip:
            bench_memory(work)
        if "scale" not in skip:
            bench_scaling([int(s) for s in args.sizes_kb.split(",")])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"bench peak RSS (this process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    main()
