"""Benchmarks of the number engine (prints figures; not a test).

1. Extraction throughput: MB of Chinese text per second on one core (target >= 1 MB/s).
2. ``summarizer verify``-equivalent wall time on a 10 KB report and a 1 KB summary, including
   interpreter start-up, measured in a fresh subprocess (target < 0.3 s).

Texts: the real seeds from ../shared/seeds when present, else the invented fixture reports.

    python bench/bench_numbers.py
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT))

from summarizer.numbers import extract_mentions  # noqa: E402

VERIFY_SNIPPET = """
import sys
from summarizer.document import Document
from summarizer.verify import verify_text, render_human
source = Document.from_text(open(sys.argv[1], encoding="utf-8").read())
result = verify_text(source, open(sys.argv[2], encoding="utf-8").read())
sys.stdout.write(render_human(result, source) + "\\n")
"""


def corpus() -> tuple[str, str]:
    paths = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    label = "seeds"
    if not paths:
        paths = [p for p in sorted((ROOT / "tests" / "fixtures").glob("f0*.txt")) if p.stat().st_size > 1000]
        paths += sorted((ROOT / "examples").glob("*.txt"))
        label = "fixtures"
    texts = []
    for path in paths:
        data = path.read_bytes()
        for codec in ("utf-8-sig", "utf-16", "gb18030"):
            try:
                texts.append(data.decode(codec))
                break
            except UnicodeDecodeError:
                continue
    return "\n".join(texts), label


def bench_extraction(text: str) -> tuple[float, int]:
    repeats = max(1, (1_000_000 // len(text.encode("utf-8"))) + 1)
    big = "\n".join([text] * repeats)
    size = len(big.encode("utf-8"))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        mentions = extract_mentions(big)
        best = min(best, time.perf_counter() - start)
    return size / best / 1e6, len(mentions)


def make_verify_inputs(text: str, directory: Path) -> tuple[Path, Path]:
    source = text.encode("utf-8")[:10240].decode("utf-8", "ignore")
    clauses = [c for c in re.split(r"[,，;；。\n]", source) if re.search(r"[0-9]", c)]
    summary = ""
    for clause in clauses:
        if len((summary + clause + "。").encode("utf-8")) > 1024:
            break
        summary += clause + "。"
    source_path, summary_path = directory / "source.txt", directory / "summary.txt"
    source_path.write_text(source, encoding="utf-8")
    summary_path.write_text(summary, encoding="utf-8")
    return source_path, summary_path


def wall_times(args: list[str], runs: int = 7) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    text, label = corpus()
    rate, count = bench_extraction(text)
    print(
        f"extraction: {rate:.2f} MB/s on one core ({label} text repeated to >= 1 MB, {count} mentions per pass)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        source, summary = make_verify_inputs(text, Path(tmp))
        sizes = f"{source.stat().st_size} B source, {summary.stat().st_size} B summary"
        bare = wall_times([sys.executable, "-c", "pass"])
        verify = wall_times([sys.executable, "-c", VERIFY_SNIPPET, str(source), str(summary)])
    print(
        f"verify wall time ({sizes}, fresh interpreter): min {min(verify):.3f} s, "
        f"median {statistics.median(verify):.3f} s (bare interpreter start-up min {min(bare):.3f} s)"
    )


if __name__ == "__main__":
    main()
