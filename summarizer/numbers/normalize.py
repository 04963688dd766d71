"""NFKC plus a Traditional->Simplified numeral table, with a map back to the original offsets.

Normalisation works character by character so that every normalised character knows which
original character it came from, even when NFKC expands one character into several (⑴ -> "(1)").
Enclosed enumerators (① ⑴ ⒈ ㈠ ❶ ...) become placeholder characters of the same length: they
are list markers, never numbers, and must not reach the tokenizer as digits.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import NamedTuple

from summarizer import regexes
from summarizer.numbers.tables import tables

PLACEHOLDER = "\ufffc"  # object replacement character: never a numeral, never punctuation we use


# Enclosed list markers: ① ⑴ ⒈ ⓐ, ❶ ➀ ➊, ㈠ ㈩ ㉑, ㊀ ㊉ ㊱
ENCLOSED_ENUMERATORS = ((0x2460, 0x24FF), (0x2776, 0x2793), (0x3220, 0x3251), (0x3280, 0x32BF))


# Invisible characters: zero-width space and joiners, direction marks, soft hyphen, word joiner, BOM,
# variation selectors, tags. A reader sees 5\u200b次 as 5次, so the tokenizer must too: left in, they cut a
# number from its unit (or in two), and a wrong figure would pass as a bare number found elsewhere.
INVISIBLE = (
    (0x00AD, 0x00AD), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F), (0xE0100, 0xE01EF),
)  # fmt: skip


def _is_enclosed_enumerator(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ENCLOSED_ENUMERATORS)


def _is_invisible(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in INVISIBLE)


class _CharMap(dict):
    """Cache of the normalised form of each character seen so far."""

    def __missing__(self, char: str) -> str:
        normal = unicodedata.normalize("NFKC", char)
        if _is_invisible(char):
            normal = ""  # dropped: the offset map keeps every other character's place
        elif _is_enclosed_enumerator(char):
            normal = PLACEHOLDER * len(normal)
        else:
            normal = normal.translate(tables().fold)
        self[char] = normal
        return normal


_CHAR_MAP = _CharMap()


class Normalized(NamedTuple):  # a named tuple: one or two are built for every text analysed
    text: str  # normalised analysis text
    to_orig: list[int] | None  # to_orig[i] = original index of text[i]; None = identity; len+1 entries

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of a normalised span (an expansion maps to its one source char)."""
        if self.to_orig is None:
            return start, end
        if start >= end:
            pos = self.to_orig[start]
            return pos, pos
        return self.to_orig[start], self.to_orig[end - 1] + 1


def normalize(text: str) -> Normalized:
    if unicodedata.is_normalized("NFKC", text):  # the common case: the reader already applied NFKC
        if not _changed_by_table().search(text):
            return Normalized(text, None)
        # Each character of an NFKC text is its own NFKC form, so only the table's characters change
        # (one for one): replace just those, at C speed, instead of mapping every character.
        normal = text.translate(_table_translation())
        if len(normal) == len(text):
            return Normalized(normal, None)
    pieces = list(map(_CHAR_MAP.__getitem__, text))
    normal = "".join(pieces)
    if len(normal) == len(text):
        return Normalized(normal, None)
    to_orig: list[int] = []
    for index, piece in enumerate(pieces):
        to_orig.extend([index] * len(piece))
    to_orig.append(len(text))
    return Normalized(normal, to_orig)


def fold(text: str) -> str:
    """Normalised text only (NFKC + numeral table), for comparing short strings."""
    return normalize(text).text


@cache
def _changed_by_table() -> re.Pattern[str]:
    """Characters NFKC leaves alone that normalisation still changes: the fold table's Traditional and
    variant characters, enclosed enumerators (❶ is NFKC-stable but a list marker) and invisible ones."""
    folded = "".join(re.escape(chr(code)) for code in tables().fold)
    ranges = "".join(f"{chr(low)}-{chr(high)}" for low, high in (*ENCLOSED_ENUMERATORS, *INVISIBLE))
    return regexes.compile(f"[{folded}{ranges}]")


@cache
def _table_translation() -> dict[int, str]:
    """``str.translate`` table giving every character :func:`_changed_by_table` finds its normal form."""
    ranges = (*ENCLOSED_ENUMERATORS, *INVISIBLE)
    codes = [*tables().fold, *(code for low, high in ranges for code in range(low, high + 1))]
    return {code: _CHAR_MAP[chr(code)] for code in codes}
