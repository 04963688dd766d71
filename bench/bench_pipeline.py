"""Offline pipeline cost, measured as whole processes side by side in one run.

    python bench/bench_pipeline.py [--n 200] [--rss-n 5000] [--dir ../shared/seeds] [--large 5]
                                   [--rounds 3] [--instructions N] [--skip rss,slope]
                                   [--jobs-n M] [--before DIR]   # DIR: `git archive <commit> | tar -x -C DIR`

Prints, for the same --n reports (the seeds repeated; our fixtures when the seeds are absent):
- CPU ms per report of ``summarizer run --jobs 1`` and of the *floor pass* (a minimal Python process
  that reads the files, finds digit runs, hashes them and writes a small JSON each), and their ratio;
- the wall-time speed-up of ``--jobs N`` (N usable cores) over ``--jobs 1``, beside the machine's
  ceiling at the time: N processes of pure interpreter work against one (shared virtual cores give
  less than N), and the bound the serial start-up sets (Amdahl: workers start when it is over); with
  --jobs-n M the speed-up once more over a batch of M reports;
- JSON bytes written per input byte;
- the RSS of a ``summarizer run`` over --rss-n reports: its main process at 10% and at 100% of them
  (flat: no leak), its worker processes together at 10% and 90% (at 100% they may have exited);
- the size-scaling slope of one synthetic report from 100 KB to --large MB (1.0 is linear);
- ``summarizer verify`` wall time including interpreter start-up (median of 10 runs after a warm-up,
  for a Markdown briefing and for a report JSON as the candidate);
- the time of a rerun that resumes over --rss-n finished reports (all skipped);
- with --instructions N: instructions of a run over N reports and over one (valgrind), the steady
  measure where CPU time drifts.
With --before, every figure is also measured for that checkout in the same run, side by side.

Every process runs with a bytecode cache of its own (PYTHONPYCACHEPREFIX in the work directory, each
checkout apart), as an installed package has: start-up then measures our imports, not the compiling of
our sources, which PYTHONDONTWRITEBYTECODE in the environment would force on every start. --no-pyc
measures without it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMARIZER = [sys.executable, "-m", "summarizer"]
PYCACHE: dict[str, Path] = {}  # checkout root → its bytecode cache (none with --no-pyc)
VERIFY_RUNS = 10

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
    """``n`` distinct files (the runner keys reports by path) cycling over ``files``. Copies, not hard
    links: a link shares the seed's inode, whose ctime changes whenever anyone links it again (another
    bench run), and a resume then rightly hashes every source again."""
    into.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(n):
        source = files[i % len(files)]
        target = into / f"r{i:05d}{source.suffix}"
        if not target.exists():
            shutil.copyfile(source, target)
        made.append(target)
    return made


def timed(cmd: list[str], root: Path) -> tuple[float, float]:
    """(wall s, CPU s of the child process tree), ``cmd`` run in the checkout ``root``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, cwd=root, env=env_for(root))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 3):
        sys.exit(f"{' '.join(map(str, cmd[:6]))} … failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def env_for(root: Path) -> dict[str, str]:
    """``python -m summarizer`` from ``root`` runs that checkout's code (an earlier one, to compare)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    if str(root) in PYCACHE:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE[str(root)])
    return {**env, "PYTHONPATH": str(root)}


def run_cmd(paths: list[Path], out: Path, jobs: int | None = None) -> list[str]:
    return [
        *SUMMARIZER,
        "run",
        *map(str, paths),
        "-o",
        str(out),
        "-q",
        *(["--jobs", str(jobs)] if jobs else []),
    ]


Figures = dict[str, str]


def floor_cpu(paths: list[Path], work: Path) -> float:
    """CPU ms per report of the floor pass (the standard library only: its installed bytecode, as always)."""
    out = work / "floor"
    out.mkdir(exist_ok=True)
    return 1000 * timed([sys.executable, "-c", FLOOR, str(out), *map(str, paths)], ROOT)[1] / len(paths)


# Pure interpreter work, no I/O and nothing shared: what N processes of it gain over one is the most
# any CPU-bound Python program can gain from N cores on this machine at this time (virtual cores may
# share a physical one, or its caches, with another guest).
SPIN = "x = 0\nfor i in range(12_000_000):\n    x += i & 7"  # about a second alone


def machine_ceiling(cores: int) -> float:
    """Wall speed-up of ``cores`` spin processes at once over one alone (timed before and after, the
    mean): the parallel ceiling now."""
    command = [sys.executable, "-c", SPIN]
    before = timed(command, ROOT)[0]
    started = time.perf_counter()
    for each in [subprocess.Popen(command) for _ in range(cores)]:
        each.wait()
    together = time.perf_counter() - started
    return cores * (before + timed(command, ROOT)[0]) / 2 / together


def cpu_and_jobs(paths: list[Path], roots: dict[str, Path], work: Path, rounds: int) -> dict[str, Figures]:
    """``--jobs 1`` and ``--jobs N`` of every checkout, and the floor pass, in turn, ``rounds`` times:
    the shared machine's speed drifts by tens of percent within a minute, so a ratio is taken within a
    round (same minute) and the median of the rounds is printed, with their range."""
    cores = usable_cores()
    floors: list[float] = []
    cpu: dict[str, list[float]] = {name: [] for name in roots}
    walls: dict[str, list[tuple[float, float]]] = {name: [] for name in roots}
    bounds: dict[str, list[float]] = {name: [] for name in roots}
    ceilings: list[float] = []
    for _ in range(rounds):
        floors.append(floor_cpu(paths, work))
        ceilings.append(machine_ceiling(cores))
        for name, root in roots.items():
            for out in (
                "out1",
                "outn",
                "one",
            ):  # a run into a finished OUTDIR resumes: it would skip them all
                shutil.rmtree(work / name / out, ignore_errors=True)
            wall1, cpu1 = timed(run_cmd(paths, work / name / "out1", 1), root)
            walln, _ = timed(run_cmd(paths, work / name / "outn", cores), root)
            one = timed(run_cmd(paths[:1], work / name / "one", 1), root)[1]
            cpu[name].append(1000 * cpu1 / len(paths))
            walls[name].append((wall1, walln))
            bounds[name].append(amdahl_bound(one, cpu1, len(paths), cores))
    in_bytes = sum(p.stat().st_size for p in paths)
    table: dict[str, Figures] = {}
    for name in roots:
        json_bytes = sum(p.stat().st_size for p in (work / name / "out1").glob("*.json"))
        table[name] = {
            "CPU ms per report": _spread(cpu[name], "{:.2f}"),
            "  floor pass (the same for all)": _spread(floors, "{:.2f}"),
            "  ratio to the floor": _spread(
                [c / f for c, f in zip(cpu[name], floors, strict=True)], "{:.1f}x"
            ),
            f"--jobs 1 / --jobs {cores} wall s": " / ".join(
                f"{statistics.median(w):.2f}" for w in zip(*walls[name], strict=True)
            ),
            "  speed-up": _spread([one / n for one, n in walls[name]], "{:.2f}x"),
            "  its bound from the serial start-up (Amdahl)": _spread(bounds[name], "{:.2f}x"),
            f"  the machine's ceiling ({cores} spin loops)": _spread(ceilings, "{:.2f}x"),
            "JSON bytes per input byte": f"{json_bytes / in_bytes:.2f}",
            "  KiB per report": f"{json_bytes / len(paths) / 1024:.1f}",
        }
    if "before" in roots:
        table["now"]["  CPU now / before"] = _spread(
            [now / before for now, before in zip(cpu["now"], cpu["before"], strict=True)], "{:.3f}x"
        )
    return table


def amdahl_bound(one: float, every: float, n: int, cores: int) -> float:
    """The most ``--jobs cores`` can gain over one process for ``n`` reports when nothing but the start-up
    is serial: ``one`` (CPU s of a one-report run) is the start-up and a report; ``every`` the CPU s of the
    whole run. Workers are forked when the start-up is over, so it is never shared out."""
    report = (every - one) / (n - 1)
    startup = max(0.0, one - report)
    work = every - startup
    return (startup + work) / (startup + work / cores)


def jobs_at(files: list[Path], n: int, root: Path, work: Path) -> Figures:
    """``--jobs 1`` and ``--jobs N`` wall times for a batch of ``n`` reports, one round: the start-up weighs
    less in a longer batch."""
    cores = usable_cores()
    paths = copies(files, n, work / f"in-{n}")
    walls = []
    for jobs in (1, cores):
        out = work / f"jobs-{n}-{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        walls.append(timed(run_cmd(paths, out, jobs), root)[0])
    return {f"--jobs 1 / --jobs {cores} over {n} reports, speed-up": f"{walls[0] / walls[1]:.2f}x"}


def _spread(values: list[float], form: str) -> str:
    """The median of the rounds, and their range when there are several."""
    median = form.format(statistics.median(values))
    return median if len(values) == 1 else f"{median} ({form.format(min(values))}–{form.format(max(values))})"


def rss_and_resume(inputs_dir: Path, n: int, root: Path, out: Path) -> Figures:
    """A default run (--jobs as the checkout defaults) over ``n`` reports: RSS of its process tree at
    10% and 100%, then the same command again, resuming over everything done."""
    proc = subprocess.Popen(
        run_cmd([inputs_dir], out),
        cwd=root,
        env=env_for(root),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    index = out / "index.jsonl"
    # main process at 10% and 100% of the reports; workers at 10% and 90% (at 100% they may be gone)
    marks = {max(1, n // 10): [0.0, 0.0], max(1, n * 9 // 10): [0.0, 0.0], n: [0.0, 0.0]}
    while proc.poll() is None:
        time.sleep(0.05)
        try:
            lines = index.read_bytes().count(b"\n") if index.exists() else 0
        except OSError:
            continue
        for mark, taken in marks.items():
            if lines >= mark and not taken[0]:
                taken[:] = _rss_mib(proc.pid), _workers_rss_mib(proc.pid)
    (early, workers_early), (_, workers_late), (late, _) = marks.values()
    wall, _ = timed(run_cmd([inputs_dir], out), root)
    return {
        f"RSS MiB at 10% / 100% of {n}": f"{early:.1f} / {late:.1f}",
        "  growth MiB": f"{late - early:+.1f}",
        "  worker processes at 10% / 90% MiB": f"{workers_early:.1f} / {workers_late:.1f}",
        f"resume over {n} s": f"{wall:.2f}",
    }


def _rss_mib(pid: int) -> float:
    """The RSS of the run's main process."""
    return _sum_rss_mib([pid])


def _workers_rss_mib(pid: int) -> float:
    """The RSS of the worker processes the run started (from any of its threads: the committer thread
    starts them, so they are that thread's children)."""
    workers = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            workers += [int(c) for c in (task / "children").read_text().split()]
    return _sum_rss_mib(workers)


def _sum_rss_mib(pids: list[int]) -> float:
    total = 0
    for each in pids:
        try:
            with open(f"/proc/{each}/statm") as statm:
                total += int(statm.read().split()[1]) * resource.getpagesize()
        except OSError:
            pass
    return total / 2**20


SLOPE = r"""
import json, sys, time
from pathlib import Path
from summarizer.pipeline import RulesBackend, process
from summarizer.reader import read_bytes
text = next(Path("examples").glob("*.txt")).read_text("utf-8")
head, rest = text.split("二、", 1)
preamble, achievements = head.split("一、", 1)
timings = []
for size in map(float, sys.argv[1:]):
    repeats = max(1, int(size * 1e6 / len(achievements.encode())))
    data = (preamble + "一、" + achievements * repeats + "二、" + rest).encode()
    started = time.process_time()
    process(read_bytes(data), RulesBackend())
    timings.append((len(data), time.process_time() - started))
print(json.dumps(timings))
"""


def size_slope(root: Path, mb: float) -> Figures:
    """One synthetic report (the example's achievements repeated) at 100 KB and at ``mb`` MB."""
    done = subprocess.run(
        [sys.executable, "-c", SLOPE, "0.1", str(mb)],
        capture_output=True,
        cwd=root,
        env=env_for(root),
        check=True,
    )
    (s1, t1), (s2, t2) = json.loads(done.stdout)
    slope = math.log(t2 / t1) / math.log(s2 / s1)
    return {
        f"size slope 0.1 → {mb:g} MB": f"{slope:.2f}",
        f"  CPU s at 0.1 / {mb:g} MB": f"{t1:.2f} / {t2:.1f}",
    }


def instruction_counts(paths: list[Path], root: Path, work: Path) -> Figures:
    """Instructions (valgrind's cachegrind) of ``summarizer run --jobs 1`` over one report and over all
    of ``paths``: the steady measure on a shared machine, where CPU time drifts. One process, so what
    it counts is everything (a forked worker would count its parent's instructions again)."""
    counts = []
    for some in (paths[:1], paths):
        out = work / f"icount-{len(some)}"
        shutil.rmtree(out, ignore_errors=True)
        command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
        done = subprocess.run(
            [*command, *run_cmd(some, out, 1)], capture_output=True, cwd=root, env=env_for(root)
        )
        found = re.search(rb"I\s+refs:\s+([0-9,]+)", done.stderr)
        if done.returncode not in (0, 3) or found is None:
            sys.exit(f"valgrind failed ({done.returncode}): {done.stderr.decode()[-500:]}")
        counts.append(int(found.group(1).replace(b",", b"")))
    one, every = counts
    n = len(paths)
    return {
        f"instructions per report over {n} (M)": f"{every / n / 1e6:.1f}",
        "  a one-report run / each further report (M)": f"{one / 1e6:.0f} / {(every - one) / (n - 1) / 1e6:.1f}",
    }


def verify_time(source: Path, outputs: Path, root: Path) -> Figures:
    """Median wall time of ``summarizer verify`` (after one warm-up run) with the report's Markdown
    briefing and with its JSON as the candidate."""
    figures = {}
    for label, candidate in (
        ("", outputs.with_suffix(".md")),
        (" (report JSON)", outputs.with_suffix(".json")),
    ):
        command = [*SUMMARIZER, "verify", str(source), str(candidate)]
        timed(command, root)
        walls = [timed(command, root)[0] for _ in range(VERIFY_RUNS)]
        figures[f"summarizer verify{label} ms wall"] = (
            f"{statistics.median(walls) * 1000:.0f} (min {min(walls) * 1000:.0f})"
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--rss-n", type=int, default=5000)
    parser.add_argument("--dir", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--large", type=float, default=5.0, metavar="MB")
    parser.add_argument(
        "--before",
        type=Path,
        metavar="DIR",
        help="also measure this checkout (an earlier commit), side by side",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of the CPU and --jobs runs, medians printed (default 3)"
    )
    parser.add_argument("--skip", default="", help="comma list of: rss,slope (to save time)")
    parser.add_argument(
        "--instructions",
        type=int,
        default=0,
        metavar="N",
        help="also count instructions of a run over N reports (valgrind; minutes for an old checkout)",
    )
    parser.add_argument(
        "--no-pyc", action="store_true", help="no bytecode cache: every process compiles our sources"
    )
    parser.add_argument(
        "--jobs-n", type=int, default=0, metavar="N", help="also time --jobs once over a batch of N reports"
    )
    args = parser.parse_args()
    directory = args.dir if args.dir.is_dir() else ROOT / "tests" / "fixtures"
    files = inputs(directory)
    roots = {"before": args.before.resolve(), "now": ROOT} if args.before else {"now": ROOT}
    table: dict[str, dict[str, str]] = {name: {} for name in roots}
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        work = Path(tmp)
        paths = copies(files, args.n, work / "in")
        if not args.no_pyc:
            PYCACHE.update({str(root): work / f"pycache-{name}" for name, root in roots.items()})
        print(
            f"{args.n} reports ({len(files)} distinct, {directory}); whole processes incl. start-up; "
            f"medians of {args.rounds} round(s) (their range)",
            flush=True,
        )
        for name, root in roots.items():
            timed(run_cmd(paths[:1], work / name / "warm-up", 1), root)  # fills the bytecode cache
        for name, figures in cpu_and_jobs(paths, roots, work, args.rounds).items():
            table[name] |= figures
        if args.jobs_n:
            for name, root in roots.items():
                table[name] |= jobs_at(files, args.jobs_n, root, work / name)
        for name, root in roots.items():
            # r00000 is a copy of files[0]: verify the briefing written for it against it
            table[name] |= verify_time(paths[0], work / name / "out1" / "r00000", root)
        if args.instructions:
            if shutil.which("valgrind") is None:
                sys.exit("--instructions needs valgrind (apt install valgrind)")
            for name, root in roots.items():
                table[name] |= instruction_counts(paths[: args.instructions], root, work / name)
            if "before" in roots:
                row = f"instructions per report over {args.instructions} (M)"
                ratio = float(table["now"][row]) / float(table["before"][row])
                table["now"]["  instructions now / before"] = f"{ratio:.3f}x"
        if "slope" not in args.skip:
            for name, root in roots.items():
                table[name] |= size_slope(root, args.large)
        if "rss" not in args.skip:
            big = copies(files, args.rss_n, work / "big")[0].parent
            for name, root in roots.items():
                table[name] |= rss_and_resume(big, args.rss_n, root, work / name / "rss")
    print_table(table)


def print_table(table: dict[str, dict[str, str]]) -> None:
    names = list(table)
    rows = list(table[names[-1]])
    width = max(map(len, rows)) + 2
    print("".ljust(width) + "".join(name.rjust(24) for name in names))
    for row in rows:
        print(row.ljust(width) + "".join(table[name].get(row, "-").rjust(24) for name in names))


if __name__ == "__main__":
    main()
