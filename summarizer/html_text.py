"""HTML markup to visible text, with the offset in the page of every character produced: block
elements become line breaks, cells are kept apart, scripts, styles and the head are dropped.

A module of its own so that only HTML input loads the standard library's parser.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from summarizer import regexes
from summarizer.reader import TextBuilder

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "ul", "ol"}
    | {"table", "dl", "dt", "dd", "blockquote", "pre", "hr", "header", "footer", "nav", "main", "aside"}
    | {"form", "title", "address", "figure", "figcaption"}
)
_CELL_TAGS = frozenset({"td", "th"})
# A short row of two cells or more is a table's data row: a line break inside a cell (行政复议案件<br>(件))
# is a space, so the row stays one line and its label keeps its unit. A layout table's cell holds a
# whole page: its breaks stay.
DATA_ROW_CHARS = 120
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
_HTML_SPACE_RE = regexes.compile(r"[ \t\r\n\f]+")
# CJK punctuation, ideographs, compatibility ideographs, full-width forms. Compared by code point: a
# regex class over these ranges costs milliseconds to compile in every process that starts.
_CJK_RANGES = ((0x3000, 0x303F), (0x3400, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


@dataclass
class _Row:
    """A table row being read: where its text starts, its cells, the line breaks made inside them."""

    start: int
    depth: int  # the tables open around it
    cells: int = 0
    breaks: list[int] = field(default_factory=list)  # indexes into the builder's parts


class _TextExtractor(HTMLParser):
    """Collects visible text with a source offset for every produced character."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.out = TextBuilder()
        self.skip: list[str] = []  # open elements whose content is dropped
        self.pre = 0
        self.link_depth = 0
        self.link_spans: list[tuple[int, int]] = []  # source ranges of link text (menus, footers)
        self.rows: list[_Row] = []  # open table rows, innermost last
        self.tables = 0  # open tables

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """<![CDATA[, <![if …]>: as the standard parser reads them; any other <![… (a broken page) is a
        bogus comment, as a browser takes it, where the standard parser raises AssertionError."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return self.parse_bogus_comment(i)

    def position(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "body" and "head" in self.skip:  # an unclosed <head> ends where <body> starts
            del self.skip[self.skip.index("head") :]
        if tag == "table":
            self.tables += 1
        elif tag == "tr":
            self._end_rows(self.tables)  # a row left open (<tr> with no </tr>) ends where the next starts
            self.rows.append(_Row(start=len(self.out.offsets), depth=self.tables))
        elif tag in _CELL_TAGS and self.rows:
            self.rows[-1].cells += 1
        if tag in _SKIP_TAGS and not (tag == "head" and self.skip):
            self.skip.append(tag)
        elif tag == "pre":
            self.pre += 1
        elif tag == "a":
            self.link_depth += 1
        self._break_for(tag, opening=True)

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        self._break_for(tag, opening=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._end_rows(self.tables)
        elif tag == "table" and self.tables:
            self._end_rows(self.tables)
            self.tables -= 1
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()
        elif tag == "pre" and self.pre:
            self.pre -= 1
        elif tag == "a" and self.link_depth:
            self.link_depth -= 1
        self._break_for(tag, opening=False)

    def _break_for(self, tag: str, *, opening: bool) -> None:
        if self.skip:
            return
        if tag in _BLOCK_TAGS:
            if tag == "tr" and opening and self._at_line_start():
                return  # a table's rows are lines one under the other: its header stays above its cells
            self.out.add_mapped("\n", self.position())
            if self.rows and self.rows[-1].cells and tag not in ("tr", "table"):
                self.rows[-1].breaks.append(len(self.out.parts) - 1)
        elif tag in _CELL_TAGS and opening:  # cells apart, so numbers in adjacent cells never fuse
            self.out.add_mapped(" ", self.position())

    def _at_line_start(self) -> bool:
        """Is nothing but blanks written since the last line break?"""
        for part in reversed(self.out.parts):
            if part.strip(" \t"):
                return part.endswith("\n")
        return True

    def _end_rows(self, depth: int) -> None:
        """End the open rows of the table at ``depth`` and of those inside it: in a short row of two cells
        or more, the line breaks made inside its cells become spaces."""
        while self.rows and self.rows[-1].depth >= depth:
            row = self.rows.pop()
            if row.cells >= 2 and len(self.out.offsets) - row.start <= DATA_ROW_CHARS:
                for i in row.breaks:
                    self.out.parts[i] = " "

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        start = self.position()
        if self.link_depth:
            self.link_spans.append((start, start + len(data)))
        if self.pre:
            self.out.add_raw(data, start)
            return
        last = 0
        for match in _HTML_SPACE_RE.finditer(data):
            self.out.add_raw(data[last : match.start()], start + last)
            if not self._drop_space(data, match):
                self.out.add_mapped(" ", start + match.start())
            last = match.end()
        self.out.add_raw(data[last:], start + last)

    @staticmethod
    def _drop_space(data: str, match: re.Match) -> bool:
        """A source line break between two CJK characters is not a space in the rendered page."""
        if "\n" not in match.group():
            return False
        before, after = match.start() - 1, match.end()
        return before >= 0 and after < len(data) and _is_cjk(data[before]) and _is_cjk(data[after])

    def _add_reference(self, raw_len_hint: int) -> None:
        pos = self.position()
        end = self.source.find(";", pos, pos + raw_len_hint + 1)
        raw = self.source[pos : end + 1] if end >= 0 else self.source[pos : pos + raw_len_hint]
        value = html.unescape(raw)
        if value == raw:
            self.out.add_raw(raw, pos)
        else:
            self.out.add_mapped(value.replace("\xa0", " "), pos)

    def handle_entityref(self, name: str) -> None:
        if not self.skip:
            self._add_reference(len(name) + 1)

    def handle_charref(self, name: str) -> None:
        if not self.skip:
            self._add_reference(len(name) + 2)


def parse_html(source: str) -> _TextExtractor:
    """The page parsed: its visible text and offsets (``out``), and its link text spans (``link_spans``)."""
    parser = _TextExtractor(source)
    parser.feed(source)
    parser.close()
    return parser
