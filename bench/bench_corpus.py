"""Document understanding on real openings nobody here wrote: doc type, issuer, level, report year.

    python bench/bench_corpus.py [--corpus ../shared/corpus] [--quiet]

Runs the offline pipeline over ``<corpus>/NN.txt`` and scores each file against ``gold.json``
(``doc_type`` true = must be accepted; ``issuer`` a list of acceptable substrings, null = not scored;
``level``; ``year`` = the year reported on), then does the same over our own fixtures
(``tests/fixtures`` + the example, facts in ``tests/fixtures/expected.json``, issuer compared whole;
the look-alikes in ``tests/fixtures/lookalikes`` must be refused as their genre).
Prints per field right/total and every miss with what we found.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("doc_type", "issuer", "level", "year")


@dataclass
class Found:
    accepted: bool
    doc_type: str
    issuer: str | None
    level: str
    year: int | None
    note: str = ""


@dataclass
class Score:
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, field_name: str, ok: bool | None, detail: str) -> None:
        if ok is None:
            return
        self.total[field_name] += 1
        self.right[field_name] += ok
        if not ok:
            self.misses.append(f"  {name:<34} {field_name:<8} {detail}")


def run_one(path: Path) -> Found:
    from summarizer.errors import NotAReportError
    from summarizer.metadata import extract_metadata
    from summarizer.pipeline import RulesBackend, process
    from summarizer.reader import read_path

    doc = read_path(path)
    try:
        report = process(doc, RulesBackend())
        info, accepted, note = report.document, True, getattr(report, "status", "")
    except NotAReportError as err:
        info, accepted, note = extract_metadata(doc), False, str(err)
    return Found(accepted, info.doc_type, info.issuer, info.level, info.report_year, str(note))


def score_corpus(corpus: Path) -> Score:
    gold = json.loads((corpus / "gold.json").read_text("utf-8"))
    score = Score()
    for key, facts in sorted(gold.items()):
        found = run_one(corpus / f"{key}.txt")
        name = f"{key}.txt"
        score.add(name, "doc_type", found.accepted == facts["doc_type"], f"refused: {found.note}")
        wanted = facts["issuer"]
        issuer_ok = None if wanted is None else any(w in (found.issuer or "") for w in wanted)
        score.add(name, "issuer", issuer_ok, f"got {found.issuer!r}, want one of {wanted}")
        score.add(
            name,
            "level",
            found.level == facts["level"],
            f"got {found.level} ({found.issuer!r}), want {facts['level']}",
        )
        score.add(name, "year", found.year == facts["year"], f"got {found.year}, want {facts['year']}")
    return score


def score_fixtures() -> Score:
    fixtures = ROOT / "tests" / "fixtures"
    expected = json.loads((fixtures / "expected.json").read_text("utf-8"))
    score = Score()
    for name, facts in sorted(expected.items()):
        path = fixtures / name if (fixtures / name).exists() else ROOT / "examples" / name
        if name.startswith("_") or not path.exists() or facts.get("error"):
            continue  # seeds live in ../shared and are scored by the tests
        found = run_one(path)
        want_accept = facts["doc_type"] == "rol_annual_report"
        score.add(
            name, "doc_type", found.accepted == want_accept, f"accepted={found.accepted} ({found.doc_type})"
        )
        if want_accept:
            score.add(
                name,
                "issuer",
                found.issuer == facts["issuer"],
                f"got {found.issuer!r}, want {facts['issuer']!r}",
            )
            score.add(
                name, "level", found.level == facts["level"], f"got {found.level}, want {facts['level']}"
            )
            score.add(
                name,
                "year",
                found.year == facts["report_year"],
                f"got {found.year}, want {facts['report_year']}",
            )
    lookalikes = fixtures / "lookalikes"
    for name, facts in sorted(json.loads((lookalikes / "expected.json").read_text("utf-8")).items()):
        if not name.startswith("_"):
            found = run_one(lookalikes / name)
            ok = not found.accepted and found.doc_type == facts["doc_type"]
            score.add(f"lookalikes/{name}", "doc_type", ok, f"accepted={found.accepted} ({found.doc_type})")
    return score


def show(title: str, score: Score, quiet: bool) -> None:
    figures = "  ".join(f"{f} {score.right[f]}/{score.total[f]}" for f in FIELDS)
    print(f"{title}: {figures}")
    if not quiet:
        print("\n".join(score.misses) if score.misses else "  no misses")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--quiet", action="store_true", help="figures only, no list of misses")
    args = parser.parse_args()
    started = time.perf_counter()
    if (args.corpus / "gold.json").exists():
        show(f"corpus {args.corpus}", score_corpus(args.corpus), args.quiet)
    else:
        print(f"corpus: {args.corpus}/gold.json not found, skipped", file=sys.stderr)
    show("fixtures", score_fixtures(), args.quiet)
    print(f"wall time: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
