"""The heading and list-marker styles of these reports (一、 (一) 1. (1) ① 一是), from one table.

``data/headings.json`` → ``heading_styles`` names each style with its pattern, its usual nesting rank,
how its numeral is read and whether it carries subsection headings. Metadata (heading lines, cutting a
flattened copy into lines) and the outline (the heading tree) both read markers through this module,
so a new style is added in that table and nowhere else. Numerals are read by the number engine.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from summarizer import regexes
from summarizer.numbers.chinese import scan_numeral


@dataclass(frozen=True, slots=True)
class Style:
    name: str
    pattern: str  # with (?P<n>…) for the numeral
    first: str  # a character class: what a marker of the style starts with
    rank: int  # usual nesting depth, 1 = outermost
    numeral: str  # chinese | arabic | circled
    structural: bool  # carries subsection headings


@dataclass(frozen=True, slots=True)
class Styles:
    styles: tuple[Style, ...]
    marker: re.Pattern[str]  # any style; the numeral is in the group named after the style
    rank: dict[str, int]
    structural: frozenset[str]
    numeral_of: dict[str, str]  # style name → how its numeral is read

    def ordinal(self, match: re.Match[str]) -> tuple[str, int]:
        """(style, ordinal) of a ``marker`` match; ordinal 0 when the numeral does not read (十十)."""
        style = match.lastgroup or ""
        return style, ordinal(self.numeral_of[style], match.group(style))


@cache
def styles() -> Styles:
    raw = json.loads(resources.files("summarizer.data").joinpath("headings.json").read_text("utf-8"))
    table = tuple(Style(**entry) for entry in raw["heading_styles"]["styles"])
    alternatives = [style.pattern.replace("(?P<n>", f"(?P<{style.name}>") for style in table]
    # The styles are tried only where a marker can start: one class test per character of a report
    # instead of an attempt per style (an alternation of groups gets no fast first-character scan).
    first = "|".join(style.first for style in table)
    return Styles(
        styles=table,
        marker=regexes.compile(f"(?=(?:{first}))(?:{'|'.join(alternatives)})"),
        rank={style.name: style.rank for style in table},
        structural=frozenset(style.name for style in table if style.structural),
        numeral_of={style.name: style.numeral for style in table},
    )


@cache  # markers repeat (一 二 三 …): a report reads a few dozen distinct ones
def ordinal(numeral_kind: str, numeral: str) -> int:
    """一 … 九十九 (number engine), 1 … 99, ① … ⑳; 0 when it is not one number."""
    if numeral_kind == "arabic":
        return int(numeral)
    if numeral_kind == "circled":
        return int(unicodedata.numeric(numeral, 0))
    found = scan_numeral(numeral, 0)
    if found is None or found.end != len(numeral) or found.positional and len(numeral) > 1:
        return 0  # 一一 / 二〇 are digit strings, not ordinals
    return int(found.value)


@cache
def closing_re() -> re.Pattern[str]:
    """The closing words of a report (特此报告 / 特此汇报)."""
    raw = json.loads(resources.files("summarizer.data").joinpath("headings.json").read_text("utf-8"))
    return regexes.compile("|".join(raw["closing"]["patterns"]))


@dataclass(frozen=True, slots=True)
class _SplitHeading:
    open_end: re.Pattern[str]
    open_start: re.Pattern[str]
    max_chars: int


@cache
def _split_heading() -> _SplitHeading:
    raw = json.loads(resources.files("summarizer.data").joinpath("headings.json").read_text("utf-8"))
    rule = raw["split_heading"]
    return _SplitHeading(
        regexes.compile(rule["open_end"]), regexes.compile(rule["open_start"]), rule["max_chars"]
    )


SENTENCE_MARKS = "。,;:!?"  # (folded: NFKC made them ASCII) a line holding one is not a heading's rest


def heading_line_end(
    folded: str, start: int, limit: int, reads_better: Callable[[str, str], bool] | None = None
) -> int:
    """The end of the heading line from ``start`` (at most ``limit``): its line's end, or the next
    line's when the heading was broken over the two (see headings.json ``split_heading``), or when
    ``reads_better(line, both lines)`` (the two name a report part, the first alone does not)."""
    end = folded.find("\n", start, limit)
    if end < 0:
        return limit
    after = folded.find("\n", end + 1, limit)
    after = limit if after < 0 else after
    line, rest = folded[start:end].rstrip(), folded[end + 1 : after].strip()
    rule = _split_heading()
    if (
        not rest
        or len(rest) > rule.max_chars
        or is_heading_marker(rest)
        or any(mark in line or mark in rest for mark in SENTENCE_MARKS)
    ):
        return end
    if rule.open_end.search(line) or rule.open_start.search(rest):
        return after
    return after if reads_better is not None and reads_better(line, line + rest) else end


def is_heading_marker(folded: str) -> bool:
    """Whether ``folded`` starts with a heading or list marker of any style."""
    return styles().marker.match(folded) is not None


def past_marker(folded: str, at: int) -> int:
    """Past the list marker (①, 1., 一是) and the spaces after it at ``at``, if one stands there: a quote
    of the text after it does not start with it."""
    found = styles().marker.match(folded, at)
    if found is None:
        return at
    end = found.end()
    while end < len(folded) and folded[end] in " \u3000":
        end += 1
    return end
