"""A Markdown's bullet line checked again alone (a briefing point is a field of its own and a line of
the briefing) takes the checks the Markdown's own check made for it, when the line reads as it reads
alone: compared with the plain check of the line on many generated Markdown texts."""

from __future__ import annotations

import random
from dataclasses import asdict
from pathlib import Path

import pytest
from conftest import joined_pieces

from summarizer.numbers.match import SourceIndex
from summarizer.numbers.mentions import analyse, reads_line_alone
from summarizer.reader import read_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORTS = sorted(p for p in FIXTURES.glob("f0*") if p.suffix in (".txt", ".html"))
# What makes a line read otherwise inside a text than alone: a numeral at its end and a range going on
# (3\n- 5), a year range, a from→to link, a parenthesis left open, quotes, a “verified” claim, markup.
PIECES_TEXT = (
    "3 12 2023 2024年 二〇二三年 三 十 1. 4.5 百分之 % 个百分点 余 万 件 个 项 人次 年度 - ～ 至 到 "
    "由 提升至 同比 增长 以上 约 近 第 名 排名 ( ) （ ） “ ” 《 》 , ， 、 。 : ： | ** 标题 受理 案件 "
    "所有数据均已核实 进一步 统一 一是 壹 萬 個 －"
)
PIECES = PIECES_TEXT.split() + [" ", "  "]


def _source_pieces(text: str, rng: random.Random) -> list[str]:
    """Short slices of the source around its digits: lines that restate (or misstate) its numbers."""
    digits = [i for i, char in enumerate(text) if char.isdigit()]
    return [text[max(0, at - rng.randint(0, 12)) : at + rng.randint(1, 8)] for at in rng.sample(digits, 60)]


def _markdowns(pieces: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    lines = joined_pieces(pieces, count * 6, seed, 7)
    texts = []
    for _ in range(count):
        chosen = [
            rng.choice(("- ", "- ", "- ", "", "## ", "- **标题**: ")) + line for line in rng.sample(lines, 6)
        ]
        texts.append("\n".join(chosen) + rng.choice(("", "\n", "\n- ")))
    return texts


def _bullet_lines(markdown: str) -> list[str]:
    return [line[2:] for line in markdown.split("\n") if line.startswith("- ")]


def _dumped(checks: list) -> list[dict]:
    return [asdict(check) for check in checks]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_a_bullet_line_checked_again_gets_the_checks_of_its_plain_check(path: Path) -> None:
    doc = read_path(path)
    rng = random.Random(path.name)
    pieces = PIECES + _source_pieces(doc.text, rng)
    remembered = SourceIndex(doc)  # checks each Markdown, then its lines: these may be remembered
    plain = SourceIndex(doc)  # checks the lines only: nothing is remembered
    reused = 0
    for markdown in _markdowns(pieces, 120, seed=len(doc.text)):
        strict = rng.random() < 0.3
        remembered.check(markdown, strict=strict)
        for line in _bullet_lines(markdown):
            reused += (line, strict) in remembered._line_checks
            again = remembered.check(line, strict=strict)
            assert _dumped(again) == _dumped(plain.check(line, strict=strict)), (markdown, line)
            for check in again:
                check.field = "briefing.points[0]"  # a caller marks the checks it is given: its own copies
            assert _dumped(remembered.check(line, strict=strict)) == _dumped(plain.check(line, strict=strict))
    assert reused > 100  # the shortcut was taken


def test_lines_that_read_otherwise_inside_the_text_are_not_taken_alone() -> None:
    for markdown, line in (
        ("- 受理案件3\n- 5", "受理案件3"),  # 3\n- 5 reads as a range (and no measure word: no number)
        ("- 受理案件3 -\n5项", "受理案件3 -"),
        ("- 1", "1"),  # a number at the line's start has ``- `` in its context
        ("- 受理(案件共3件\n- 其中)", "受理(案件共3件"),  # an open parenthesis keeps the context going
    ):
        norm, mentions = analyse(markdown)
        start = markdown.index(line)
        end = start + len(line)
        near = [m for m in mentions if m.nend > start - 3 and m.nstart < end]
        assert not reads_line_alone(norm.text, start, end, near), markdown
    norm, mentions = analyse("- 标题: 受理案件共3件\n- 5")
    assert reads_line_alone(norm.text, 2, norm.text.index("\n"), mentions[:1])  # 3件: no range goes on
