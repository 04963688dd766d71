"""The reader's scans that replace a regex tried at every character give what that regex gives."""

from __future__ import annotations

import re

from conftest import joined_pieces

from summarizer import reader

LINE_PIECES = ["一、工作情况", "\n", "\r\n", "\r", "  ", "\u3000", "\t", "x", "\u2028", "\x0b", "\x85", "。"]


def _plain_lines(text: str) -> list[tuple[int, int, int]]:
    lines = [reader._stripped_line(text, pos, sep, sep) for pos, sep in _plain_bounds(text)]
    return [(line.start, line.end, line.sep) for line in lines]


def _plain_bounds(text: str) -> list[tuple[int, int]]:
    bounds, pos = [], 0
    for match in reader._LINE_SEP_RE.finditer(text):
        bounds.append((pos, match.start()))
        pos = match.end()
    return [*bounds, (pos, len(text))]


def test_split_lines_equals_the_separator_regex() -> None:
    common = [piece for piece in LINE_PIECES if piece not in ("\r", "\u2028", "\x0b", "\x85")]
    texts = joined_pieces(LINE_PIECES, 1500, seed=12, most=12) + joined_pieces(common, 1500, seed=13, most=12)
    for text in texts:
        found = [(line.start, line.end, line.sep) for line in reader._split_lines(text)]
        assert found == _plain_lines(text), repr(text)


CHAR_PIECES = [
    "法治",
    "政府",
    "a1",
    " ",
    "\n",
    ",",
    "(一)",
    "①",
    "\u3000",
    "\t",
    "\u200b",
    "…",
    "㈠",
    "é",
    "\U00020000",
]


def test_may_change_chars_equal_the_lookahead_form() -> None:
    plain = re.compile(r"(?![\n\x20-\x7e])[^\u4e00-\u9fff]")
    pieces = [*CHAR_PIECES, *(chr(code) for code in (0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0x1F, 0x7F, 0x7E, 0x20))]
    for text in joined_pieces(pieces, 2000, seed=14, most=10):
        assert reader._may_change_re().findall(text) == plain.findall(text), repr(text)
