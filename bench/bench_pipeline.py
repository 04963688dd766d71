"""Offline pipeline cost, measured as whole processes side by side in one run.

    python bench/bench_pipeline.py [--n 200] [--rss-n 5000] [--dir ../shared/seeds] [--large 5]

Prints, for the same --n reports (the seeds repeated; our fixtures when the seeds are absent):
- CPU ms per report of ``summarizer run --jobs 1`` and of the *floor pass* (a minimal Python process
  that reads the files, finds digit runs, hashes them and writes a small JSON each), and their ratio;
- the wall-time speed-up of ``--jobs N`` (N usable cores) over ``--jobs 1``;
- JSON bytes written per input byte;
- the RSS of a ``summarizer run`` over --rss-n reports at 10% and at 100% of them (flat: no leak);
- the size-scaling slope of one synthetic report from 100 KB to --large MB (1.0 is linear);
- ``summarizer verify`` wall time including interpreter start-up;
- the time of a rerun that resumes over --rss-n finished reports (all skipped).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMARIZER = [sys.executable, "-m", "summarizer"]

FLOOR = r"""
import hashlib, json, re, sys
from pathlib import Path
out = Path(sys.argv[1])
digits = re.compile(r"\d+")
for i, name in enumerate(sys.argv[2:]):
    data = Path(name).read_bytes()
    text = data.decode("utf-8", "replace")
    runs = digits.findall(text)
    record = {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "numbers": len(runs), "first": runs[:20]}
    (out / f"{i}.json").write_text(json.dumps(record), "utf-8")
"""


def inputs(directory: Path) -> list[Path]:
    files = sorted(
        p for p in directory.iterdir() if p.suffix in (".txt", ".html") and not p.name.startswith("not_")
    )
    if not files:
        sys.exit(f"no reports in {directory}")
    return files


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def copies(files: list[Path], n: int, into: Path) -> list[Path]:
    """``n`` distinct paths (the runner keys reports by path) cycling over ``files``."""
    into.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(n):
        source = files[i % len(files)]
        target = into / f"r{i:05d}{source.suffix}"
        if not target.exists():
            os.link(source, target) if source.stat().st_dev == into.stat().st_dev else shutil.copy(source, target)
        made.append(target)
    return made


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall s, CPU s of the child process tree)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 3):
        sys.exit(f"{' '.join(map(str, cmd[:6]))} … failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_cmd(paths: list[Path], out: Path, jobs: int) -> list[str]:
    return [*SUMMARIZER, "run", *map(str, paths), "-o", str(out), "--jobs", str(jobs), "-q"]


def cpu_and_jobs(files: list[Path], n: int, work: Path) -> Path:
    paths = copies(files, n, work / "in")
    floor_out = work / "floor"
    floor_out.mkdir()
    _, floor_cpu = timed([sys.executable, "-c", FLOOR, str(floor_out), *map(str, paths)])
    wall1, cpu1 = timed(run_cmd(paths, work / "out1", 1))
    cores = usable_cores()
    walln, _ = timed(run_cmd(paths, work / "outn", cores))
    ours, floor = 1000 * cpu1 / n, 1000 * floor_cpu / n
    print(f"reports:              {n} ({len(files)} distinct), whole processes incl. start-up")
    print(f"CPU per report:       ours {ours:.2f} ms · floor {floor:.2f} ms · ratio {ours / floor:.1f}x")
    print(f"--jobs 1 vs --jobs {cores}: {wall1:.2f} s vs {walln:.2f} s wall · speed-up {wall1 / walln:.2f}x")
    in_bytes = sum(p.stat().st_size for p in paths)
    json_bytes = sum(p.stat().st_size for p in (work / "out1").glob("*.json"))
    print(f"JSON bytes per input: {json_bytes / in_bytes:.2f} ({json_bytes / n / 1024:.1f} KiB per report)")
    return work / "out1"


def rss_and_resume(files: list[Path], n: int, work: Path) -> None:
    paths = copies(files, n, work / "in")
    out = work / "rss"
    proc = subprocess.Popen(run_cmd([work / "in"], out, 1), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    index = out / "index.jsonl"
    marks = {max(1, n // 10): 0.0, n: 0.0}
    lines = 0
    while proc.poll() is None:
        time.sleep(0.05)
        try:
            lines = index.read_bytes().count(b"\n") if index.exists() else 0
        except OSError:
            continue
        for mark in marks:
            if lines >= mark and not marks[mark]:
                marks[mark] = _tree_rss_mib(proc.pid)
    early, late = marks.values()
    print(f"RSS at 10% / 100%:    {early:.1f} / {late:.1f} MiB over {len(paths)} reports · growth {late - early:+.1f} MiB")
    wall, _ = timed(run_cmd([work / "in"], out, 1))
    print(f"resume over {n}:      {wall:.2f} s wall (all skipped)")


def _tree_rss_mib(pid: int) -> float:
    """The RSS of the run: its main process and any worker processes it started."""
    total = 0
    pids = [pid]
    try:
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    for each in pids:
        try:
            with open(f"/proc/{each}/statm") as statm:
                total += int(statm.read().split()[1]) * resource.getpagesize()
        except OSError:
            pass
    return total / 2**20


def size_slope(mb: float) -> None:
    """One synthetic report (the example's achievements repeated) at 100 KB and at ``mb`` MB."""
    from summarizer.pipeline import RulesBackend, process
    from summarizer.reader import read_bytes

    text = next((ROOT / "examples").glob("*.txt")).read_text("utf-8")
    head, rest = text.split("二、", 1)
    preamble, achievements = head.split("一、", 1)
    timings = []
    for size in (0.1, mb):
        repeats = max(1, int(size * 1e6 / len(achievements.encode())))
        data = (preamble + "一、" + achievements * repeats + "二、" + rest).encode()
        started = time.process_time()
        process(read_bytes(data), RulesBackend())
        timings.append((len(data), time.process_time() - started))
    (s1, t1), (s2, t2) = timings
    slope = math.log(t2 / t1) / math.log(s2 / s1)
    print(f"size slope:           {slope:.2f} ({s1 / 1e6:.2f} MB {t1:.2f} s → {s2 / 1e6:.2f} MB {t2:.1f} s CPU)")


def verify_time(files: list[Path], out: Path) -> None:
    source, briefing = files[0], next(out.glob("*.md"))
    best = min(timed([*SUMMARIZER, "verify", str(source), str(briefing)])[0] for _ in range(3))
    print(f"summarizer verify:    {best * 1000:.0f} ms wall (best of 3, incl. start-up)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--rss-n", type=int, default=5000)
    parser.add_argument("--dir", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--large", type=float, default=5.0, metavar="MB")
    parser.add_argument("--skip", default="", help="comma list of: rss,slope (to save time)")
    args = parser.parse_args()
    directory = args.dir if args.dir.is_dir() else ROOT / "tests" / "fixtures"
    files = inputs(directory)
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        work = Path(tmp)
        out1 = cpu_and_jobs(files, args.n, work)
        # r00000 is a copy of files[0]: verify its briefing against it
        verify_time([work / "in" / f"r00000{files[0].suffix}"], _only(out1, "r00000"))
        if "rss" not in args.skip:
            rss_and_resume(files, args.rss_n, work / "big")
        if "slope" not in args.skip:
            size_slope(args.large)


def _only(out: Path, stem: str) -> Path:
    picked = out / "_verify"
    picked.mkdir()
    shutil.copy(out / f"{stem}.md", picked / f"{stem}.md")
    return picked


if __name__ == "__main__":
    main()
