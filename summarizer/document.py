"""The cleaned document every stage after reading works on, with its map back to the input.

Stages find things in ``text`` (cleaned, source script) or ``folded`` (the same text in
Simplified script, same length, for keyword matching) and convert the clean offsets they found
into offsets of the text as read with :meth:`Document.to_original` / :meth:`Document.grounded`.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarizer.checks import NoiseSpan

if TYPE_CHECKING:  # the report model (pydantic) stays unloaded for `summarizer verify`
    from summarizer.models import Script


@dataclass(frozen=True, eq=False)
class Document:
    original: str  # the decoded input; all output offsets index this string
    text: str  # cleaned: noise removed, NFKC-normalised, whitespace tidied, source script kept
    folded: str  # ``text`` converted to Simplified script; len(folded) == len(text)
    offsets: array  # offsets[i] = index in ``original`` of text[i]; len == len(text) + 1
    path: str = "-"
    encoding: str = "utf-8"
    format: str = "text"  # "text" | "html" | "docx" (its text read out of the XML: plain text)
    script: Script = "simplified"
    sha256: str = ""
    removed_noise: list[NoiseSpan] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.folded) != len(self.text) or len(self.offsets) != len(self.text) + 1:
            raise ValueError("Document: folded text and offset map must match the cleaned text")

    @classmethod
    def from_text(cls, text: str, *, path: str = "-") -> Document:
        """A document whose cleaned text *is* the input (identity map); for tests and stdin snippets."""
        return cls(
            original=text,
            text=text,
            folded=text,
            offsets=array("i", range(len(text) + 1)),
            path=path,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        )

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean ``[start, end)`` to the text as read; an empty span stays empty."""
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span [{start}, {end}) outside cleaned text of length {len(self.text)}")
        if start == end:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def to_clean(self, start: int, end: int) -> tuple[int, int]:
        """Inverse of :meth:`to_original`: the clean span covering original ``[start, end)``."""
        clean_start = bisect_left(self.offsets, start, 0, len(self.text))
        clean_end = bisect_left(self.offsets, end, clean_start, len(self.text))
        return clean_start, max(clean_start, clean_end)

    def grounded(self, start: int, end: int) -> dict:
        """``text``/``start``/``end`` for a :class:`~summarizer.models.Grounded` model from a clean span."""
        ostart, oend = self.to_original(start, end)
        return {"text": self.text[start:end], "start": ostart, "end": oend}
