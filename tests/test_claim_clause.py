"""Where a claim's clause starts (claims._clause_start), found by regex, against the character walk it
replaces: the same start at every position of texts mixing hard edges, soft edges and Han words."""

from __future__ import annotations

import random

import pytest

from summarizer.numbers.claims import (
    CLAIM_LEFT,
    CLAUSE_EDGE,
    MIN_CLAIM_HAN,
    SOFT_EDGE,
    WORD_RUN,
    _clause_start,
)


def _walked_start(text: str, pos: int, *, stop_at_soft_edge: bool = False) -> int:
    """The clause start as a walk back from ``pos`` finds it, one character at a time."""
    left, floor = pos, max(0, pos - CLAIM_LEFT)
    while left > floor:
        char = text[left - 1]
        if char in CLAUSE_EDGE:
            break
        words = sum(map(len, WORD_RUN.findall(text[left:pos])))  # (a lone 件 after a figure is no word)
        if char in SOFT_EDGE and (stop_at_soft_edge or words >= MIN_CLAIM_HAN):
            break
        left -= 1
    return left


@pytest.mark.parametrize("seed", range(4))
def test_clause_start_is_the_walked_start(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "县政府受理案件行政复议12.%件** :：|,，、。；\n-ab"
    text = "".join(rng.choice(alphabet) for _ in range(3000))
    soft_stops = 0
    for pos in range(len(text) + 1):
        for soft in (False, True):
            expected = _walked_start(text, pos, stop_at_soft_edge=soft)
            assert _clause_start(text, pos, stop_at_soft_edge=soft) == expected, (
                text[max(0, pos - 30) : pos],
                soft,
            )
            soft_stops += expected > 0 and text[expected - 1] in SOFT_EDGE
    assert soft_stops  # the soft-edge rule was exercised, not only hard edges


def test_clause_start_examples() -> None:
    text = "**出庭应诉**: 行政机关负责人出庭应诉率100%"
    pos = text.index("100")
    assert text[_clause_start(text, pos) : pos] == " 行政机关负责人出庭应诉率"  # enough words after the colon
    short = "标题:率100%"
    assert _clause_start(short, short.index("100")) == 0  # one Han character is not a clause of its own
    assert _clause_start(short, short.index("100"), stop_at_soft_edge=True) == short.index("率")
    row = "| 收案 | 98件 | 128件 | +28.6% |"  # a table row's last cell: the cells before name nothing
    assert row[_clause_start(row, row.index("+28.6")) : row.index("+28.6")] == " 收案 | 98件 | 128件 | "
