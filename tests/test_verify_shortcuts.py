"""Shortcuts of the free-text verification and its rendering, each checked against the plain form it
replaces on many inputs (invented fixture reports, their numbers changed at random)."""

from __future__ import annotations

import random
import re
from bisect import bisect_right
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from summarizer.briefing import _note, marked_markdown, status_line
from summarizer.models import Report
from summarizer.pipeline import RulesBackend, process
from summarizer.reader import read_path
from summarizer.verify import FAILING, MARK, verify_report

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORTS = sorted(p for p in FIXTURES.glob("f0*") if p.suffix in (".txt", ".html"))
DIGIT = re.compile(r"[0-9]")


def _plain_marked_markdown(report: Report) -> str:
    """marked_markdown as first written: each note on the line found by bisecting the line starts."""
    markdown = report.briefing.markdown
    starts = [0] + [i + 1 for i, char in enumerate(markdown) if char == "\n"]
    notes: dict[int, list[str]] = {}
    for check in report.verification.results:
        if check.field == "briefing.markdown" and check.status in FAILING:
            notes.setdefault(bisect_right(starts, check.start) - 1, []).append(_note(check))
    lines = markdown.split("\n")
    for line, found in notes.items():
        lines[line] += f" {MARK}：" + "；".join(found)
    at = 1 if lines and lines[0].startswith("#") else 0
    lines[at:at] = ["", status_line(report, sum(map(len, notes.values())))]
    return "\n".join(lines)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_marked_markdown_places_notes_as_the_plain_form(path: Path) -> None:
    report = process(read_path(path), RulesBackend())
    rng = random.Random(path.name)
    failing_seen = 0
    for _ in range(6):
        trial = report.model_copy(deep=True)
        results, markdown = trial.verification.results, trial.briefing.markdown
        breaks = [i + shift for i, char in enumerate(markdown) if char == "\n" for shift in (-1, 0, 1)]
        for check in results:  # failing checks of the briefing at random offsets, line edges often
            if rng.random() < 0.5:
                check.field, check.status = "briefing.markdown", rng.choice(FAILING)
                check.start = rng.choice(breaks) if rng.random() < 0.5 else rng.randrange(len(markdown) + 1)
        failing_seen += sum(c.field == "briefing.markdown" and c.status in FAILING for c in results)
        assert marked_markdown(trial) == _plain_marked_markdown(trial)
    assert failing_seen  # the notes were exercised


@pytest.mark.parametrize("path", REPORTS[:4], ids=lambda p: p.name)
def test_check_moved_with_at_is_replace(path: Path) -> None:
    doc = read_path(path)
    checks = verify_report(doc, process(doc, RulesBackend())).numbers
    rng = random.Random(path.name)
    for check in checks:
        start = rng.randrange(200)
        moved = check.at(start, start + len(check.text))
        assert moved == replace(check, start=start, end=start + len(check.text))
        assert asdict(moved) == asdict(replace(check, start=start, end=start + len(check.text)))
        moved.field = "elsewhere"  # a copy: the check it was made from keeps its own field
        assert check.field != "elsewhere" and moved.source is check.source
    assert len(checks) > 20
