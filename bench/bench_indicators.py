"""Share of metrics that carry a comparable indicator, over the example, our fixtures, the real seeds
and the real corpus openings (../shared, when present), with the unit classes each indicator holds.

    python bench/bench_indicators.py [--names N]   # --names: print the N commonest unindicated names

Why not 100%: many figures in these reports are one-off facts of the unit (进驻事项1586项, 排查隐患
2000余处) that no evaluator compares across units; an indicator is only given when the words say
which comparable quantity it is and the unit class fits, so the share measures coverage of the
comparable ones, and a wrong indicator costs more than a missing one.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.errors import SummarizerError  # noqa: E402
from summarizer.indicators import canonical_flags, unit_class_of  # noqa: E402
from summarizer.pipeline import RulesBackend, process_path  # noqa: E402

SHARED = ROOT.parent / "shared"
SETS = {
    "example+fixtures": sorted((ROOT / "examples").glob("*.txt"))
    + sorted((ROOT / "tests" / "fixtures").glob("f0*")),
    "seeds": sorted(Path(os.environ.get("SUMMARIZER_SEEDS", SHARED / "seeds")).glob("*.txt")),
    "corpus": sorted((SHARED / "corpus").glob("*.txt")),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=0)
    args = parser.parse_args()
    classes: dict[str, Counter] = defaultdict(Counter)
    missing: Counter = Counter()
    for label, files in SETS.items():
        total = with_indicator = canonical = reports = 0
        for path in files:
            try:
                report = process_path(path, RulesBackend())
            except SummarizerError:
                continue
            reports += 1
            flags = canonical_flags(report.metrics)
            for metric, flag in zip(report.metrics, flags, strict=True):
                total += 1
                if metric.indicator:
                    with_indicator += 1
                    canonical += flag
                    classes[metric.indicator][unit_class_of(metric.kind, metric.unit)] += 1
                else:
                    missing[f"{metric.name} [{metric.unit or metric.kind}]"] += 1
        share = with_indicator / total if total else 0.0
        print(
            f"{label:<17} {reports:>3} reports  {total:>4} metrics  with indicator {with_indicator:>4} "
            f"({share:.1%})  canonical rows {canonical}"
        )
    mixed = {code: dict(c) for code, c in classes.items() if len(c) > 1}
    print(f"indicators used: {len(classes)}; mixing unit classes: {mixed or 'none'}")
    for code, counter in sorted(classes.items()):
        print(f"  {code:<40} {dict(counter)}")
    for name, n in missing.most_common(args.names):
        print(f"  unindicated ×{n}: {name}")


if __name__ == "__main__":
    main()
