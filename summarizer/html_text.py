"""HTML markup to visible text, with the offset in the page of every character produced: block
elements become line breaks, cells are kept apart, scripts, styles and the head are dropped.

A module of its own so that only HTML input loads the standard library's parser.
"""

from __future__ import annotations

import html
import re
from array import array
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from summarizer import regexes
from summarizer.numbers.rows import MAX_SPAN, has_figure, spanned_text
from summarizer.reader import TextBuilder

EMPTY_CELL = "—"  # written for an empty cell of a row of figures
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


# A header cell over several columns (数量(件) over 2023年 2024年) or rows (项目, 同比 beside them) is
# written again in each column and row it spans, so that every row reads as one cell per column: the
# years' row then heads the figures' columns, as a table typed in text has it; a label over several rows
# is written in each (行政复议 beside 收案 and 结案). Only a short cell with no figure (rows.spanned_text),
# and over columns only in the header, before the first row with a figure (a label over two label
# columns is one name).


@dataclass
class _Span:
    """A cell that spans rows below its own: its text and offsets, its width, the rows still to come."""

    text: str
    offsets: array
    width: int
    rows: int


@dataclass
class _Row:
    """A table row being read: where its text starts, its cells, the line breaks made inside them."""

    start: int
    depth: int  # the tables open around it
    cells: int = 0
    breaks: list[int] = field(default_factory=list)  # indexes into the builder's parts
    column: int = 0  # the grid column the next cell starts at
    cell: tuple[int, int, int, int] | None = None  # the open cell: its parts, offsets, colspan, rowspan
    figures: bool = False  # a cell holds a figure (not a year): the table's header has ended


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
        self.spans: list[dict[int, _Span]] = []  # per open table: cells spanning rows, by grid column
        self.in_header: list[bool] = []  # per open table: no row with a figure read yet

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
            self.spans.append({})
            self.in_header.append(True)
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
        cell = tag in _CELL_TAGS and self.rows and not self.skip
        if cell:
            self._close_cell(self.rows[-1])  # (a cell left open ends where the next starts)
            self._write_spanning(self.rows[-1], until=None)
        self._break_for(tag, opening=True)
        if cell:
            self._open_cell(self.rows[-1], attrs)

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        self._break_for(tag, opening=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._end_rows(self.tables)
        elif tag == "table" and self.tables:
            self._end_rows(self.tables)
            self.tables -= 1
            self.spans.pop()
            self.in_header.pop()
        elif tag in _CELL_TAGS and self.rows:
            self._close_cell(self.rows[-1])
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

    def _open_cell(self, row: _Row, attrs: Any) -> None:
        """A cell starts, after the cells of rows above that span into this row before it: it is read
        from here."""
        width, height = (_span_attr(attrs, name) for name in ("colspan", "rowspan"))
        row.cell = (len(self.out.parts), len(self.out.offsets), width, height)

    def _close_cell(self, row: _Row) -> None:
        """The open cell ends: written again in the other columns it spans, and kept for the rows below
        it spans, when it is a short cell with no figure."""
        if row.cell is None:
            return
        first_part, first_offset, width, height = row.cell
        row.cell = None
        header = bool(self.in_header) and self.in_header[-1]
        spanning = width > 1 or height > 1
        if not any(part.strip() for part in self.out.parts[first_part:]) and _after_figure(
            self.out.parts, first_part
        ):
            # an empty cell after a figure (行政诉讼案件 312 287 [ ]): a dash keeps the row's cells under
            # their columns, as the rows around it have one more
            self.out.add_mapped(EMPTY_CELL, self.out.offsets[-1])
        # (a cell's text is read only while the header lasts, or when it spans: most cells neither)
        text = "".join(self.out.parts[first_part:]).replace("\n", " ") if header or spanning else ""
        row.figures = row.figures or (header and has_figure(text))
        if spanning and spanned_text(text):
            offsets = self.out.offsets[first_offset:]
            written = width if header else 1
            for _ in range(written - 1):
                self._write_cell(text, offsets)
            if height > 1 and self.spans:
                self.spans[-1][row.column] = _Span(text, offsets, written, height - 1)
        row.column += width
        self._write_spanning(row, until=row.column)

    def _write_spanning(self, row: _Row, until: int | None) -> None:
        """The cells of rows above that span the columns from ``row.column`` on (up to ``until``: those
        right after the cell just read; None: those before the next cell), written into this row."""
        spans = self.spans[-1] if self.spans and row.depth == self.tables else {}
        while (span := spans.get(row.column)) is not None and (until is None or row.column >= until):
            for _ in range(span.width):
                self._write_cell(span.text, span.offsets)
            span.rows -= 1
            if not span.rows:
                del spans[row.column]
            row.column += span.width

    def _write_cell(self, text: str, offsets: array) -> None:
        """A cell's text again, apart from the one before, each character mapped to where it was read."""
        self.out.add_mapped(" ", offsets[0])
        self.out.parts.append(text)
        self.out.offsets.extend(offsets)

    def _end_rows(self, depth: int) -> None:
        """End the open rows of the table at ``depth`` and of those inside it: in a short row of two cells
        or more, the line breaks made inside its cells become spaces."""
        while self.rows and self.rows[-1].depth >= depth:
            row = self.rows.pop()
            self._close_cell(row)
            if self.spans and row.depth == self.tables:
                self._write_spanning(row, until=row.column)  # spanning cells after its last one
                self.in_header[-1] = self.in_header[-1] and not row.figures
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


def _after_figure(parts: list[str], end: int) -> bool:
    """Does the text written before part ``end`` end with a figure (a digit or a %)?"""
    last = next((part.rstrip() for part in reversed(parts[:end]) if part.strip()), "")
    return last[-1:].isdigit() or last.endswith("%")


def _span_attr(attrs: Any, name: str) -> int:
    """A cell's colspan or rowspan: 1 when absent or unreadable, at most MAX_SPAN."""
    value = next((v for k, v in attrs if k == name), None)
    try:
        return max(1, min(MAX_SPAN, int(str(value).strip()))) if value is not None else 1
    except ValueError:
        return 1


def parse_html(source: str) -> _TextExtractor:
    """The page parsed: its visible text and offsets (``out``), and its link text spans (``link_spans``)."""
    parser = _TextExtractor(source)
    parser.feed(source)
    parser.close()
    return parser
