"""Offline pipeline throughput: the seed reports (or our fixtures) repeated to N reports, one core.

    python bench/bench_pipeline.py [--n 500] [--dir ../shared/seeds]

Prints reports/s, ms per report, peak RSS, RSS growth between the first and the last 10% of the run
(flat means no per-report leak), the wall time of `summarizer --help` (no LLM imports offline), and
the time for one synthetic large report at a quarter of --large MB and at --large MB (linearity).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def inputs(directory: Path) -> list[Path]:
    files = sorted(
        p for p in directory.iterdir() if p.suffix in (".txt", ".html") and not p.name.startswith("not_")
    )
    if not files:
        sys.exit(f"no reports in {directory}")
    return files


def bench(files: list[Path], n: int) -> None:
    from summarizer.pipeline import RulesBackend, process
    from summarizer.reader import read_bytes

    blobs = [(str(p), p.read_bytes()) for p in files]
    backend = RulesBackend()
    process(read_bytes(blobs[0][1], path=blobs[0][0]), backend)  # warm caches (regexes, data files)
    rss_early = rss_late = 0.0
    chars = 0
    started = time.perf_counter()
    for i in range(n):
        path, data = blobs[i % len(blobs)]
        report = process(read_bytes(data, path=path), backend)
        chars += report.source.chars
        if i == n // 10:
            rss_early = rss_mib()
        if i == n - 1:
            rss_late = rss_mib()
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"reports:            {n} ({len(files)} distinct, {chars / n:,.0f} chars on average)")
    print(f"throughput:         {n / elapsed:,.1f} reports/s  ({1000 * elapsed / n:.2f} ms/report, one core)")
    print(f"text rate:          {chars / elapsed / 1e6:.2f} M chars/s")
    print(f"peak RSS:           {peak:,.1f} MiB")
    print(f"RSS growth 10%→end: {rss_late - rss_early:+.1f} MiB")


def large(mb: float) -> None:
    """One synthetic report of ``mb`` MB (the example's achievements repeated): is it linear?"""
    from summarizer.pipeline import RulesBackend, process
    from summarizer.reader import read_bytes

    text = next((ROOT / "examples").glob("*.txt")).read_text("utf-8")
    head, rest = text.split("二、", 1)
    preamble, achievements = head.split("一、", 1)
    for size in (mb / 4, mb):
        repeats = max(1, int(size * 1e6 / len(achievements.encode())))
        data = (preamble + "一、" + achievements * repeats + "二、" + rest).encode()
        started = time.perf_counter()
        report = process(read_bytes(data), RulesBackend())
        elapsed = time.perf_counter() - started
        print(
            f"large report:       {len(data) / 1e6:.2f} MB in {elapsed:.1f} s ({len(data) / 1e6 / elapsed:.2f} MB/s), "
            f"{len(report.metrics)} metrics, {report.verification.status}"
        )


def help_time() -> None:
    best = min(_timed([sys.executable, "-m", "summarizer", "--help"]) for _ in range(5))
    print(f"summarizer --help:  {best * 1000:.0f} ms (best of 5, incl. interpreter start-up)")
    probe = "import sys, summarizer.cli, summarizer.pipeline; print(any(m.split('.')[0] in ('openai', 'instructor') for m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    print(f"openai/instructor imported on the offline path: {loaded}")


def _timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--dir", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument(
        "--large", type=float, default=5.0, metavar="MB", help="size of the synthetic large report"
    )
    args = parser.parse_args()
    directory = args.dir if args.dir.is_dir() else ROOT / "tests" / "fixtures"
    bench(inputs(directory), args.n)
    help_time()
    large(args.large)


if __name__ == "__main__":
    main()
