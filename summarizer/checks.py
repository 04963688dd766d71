"""What the reader and the number checker make, as plain dataclasses: a removed noise span, a number
check and the source spans behind it, the counts of a verification.

They are part of the data model (``summarizer.models`` embeds them in the report, and pydantic
validates and exports them from these very classes), but they are built hundreds of times per report
and read by ``summarizer verify``, which must start fast: so they do not import pydantic. The
``__pydantic_config__`` below is a plain dict pydantic reads when a report model embeds them; it
forbids unknown keys, as every model does. A field's description (in the exported schema) is its
``metadata``: pydantic reads it from the field, where attribute docstrings would make it read and
tokenize this file's source at every start.
"""

# No ``from __future__ import annotations``: pydantic would evaluate every field's annotation back from
# its string when it builds the report models.
from dataclasses import dataclass, field
from typing import Any, Literal

Qualifier = Literal["exact", "over", "at_least", "under", "at_most", "approx"]
CheckStatus = Literal["supported", "unsupported", "mismatch", "ignored"]
Verdict = Literal[
    "match",
    "consistent",
    "rounded",
    "derived",
    "qualifier_mismatch",
    "unit_mismatch",
    "direction_mismatch",
    "kind_mismatch",
    "value_mismatch",
    "possible_misattribution",
    "unanchored",
    "not_found",
    "identifier",
]
PYDANTIC_CONFIG = {"extra": "forbid"}


def described(text: str, **options: object) -> Any:
    """A field with the description the report schema gives it."""
    return field(metadata={"description": text}, **options)


@dataclass
class NoiseSpan:
    """A span of web-page furniture the reader removed (navigation, banner, page metadata …)."""

    __pydantic_config__ = PYDANTIC_CONFIG

    text: str = described("The removed text, as read.")
    start: int = described("Start offset into the text as read.")
    end: int = described("End offset (exclusive) into the text as read.")
    kind: str = described(
        "nav | meta | banner | widget | share | counter | attachment | qr | footer | page | repeat | next_report | markup | other"
    )


# Slots for the two classes built and read hundreds of times per report: every read of an attribute is
# then specialized by the interpreter. With a ``__dict__``, the copies ``NumberCheck.at`` makes (their
# dict given whole) and the checks built by ``__init__`` (values kept inline) differ in layout, and a
# read that meets both keeps missing its specialization: ~2.5 M instructions per report.
@dataclass(slots=True)
class SourceRef:
    __pydantic_config__ = PYDANTIC_CONFIG

    start: int
    end: int
    text: str
    context: str = described("The source words around it, the span in 【】.", default="")


@dataclass(kw_only=True, slots=True)
class NumberCheck:
    """One number found in a candidate text (briefing, JSON field, LLM output) and its verdict."""

    __pydantic_config__ = PYDANTIC_CONFIG

    text: str
    start: int = described("Offset into the candidate text as read.")
    end: int
    kind: str
    value: str | None = None
    unit: str | None = None
    qualifier: Qualifier | None = None
    status: CheckStatus
    verdict: Verdict
    reason: str = described(
        "Why the verdict (a report's JSON file keeps it for the failing checks only).", default=""
    )
    source: list[SourceRef] = described(
        "Matched source spans, or the nearest candidates.", default_factory=list
    )
    field: str | None = described("JSON path of the checked field, when checking a report.", default=None)

    @staticmethod
    def made(
        text: str, start: int, end: int, kind: str, value: str | None, unit: str | None,
        qualifier: Qualifier | None, status: CheckStatus, verdict: Verdict, reason: str, source: list[SourceRef],
    ) -> "NumberCheck":  # fmt: skip
        """``NumberCheck(text=text, start=start, …, source=source)`` (``field`` None), without parsing twelve
        keywords: the number checker builds one per source number and metric it checks, ~100 a report."""
        made = object.__new__(NumberCheck)
        made.text, made.start, made.end, made.kind = text, start, end, kind
        made.value, made.unit, made.qualifier = value, unit, qualifier
        made.status, made.verdict, made.reason = status, verdict, reason
        made.source, made.field = source, None
        return made

    def at(self, start: int, end: int) -> "NumberCheck":
        """The same verdict for the same number stated at other offsets (a claim judged once is handed
        to every field that restates it): a shallow copy, made without the cost of ``replace``."""
        moved = object.__new__(NumberCheck)
        moved.text, moved.kind, moved.value, moved.unit = self.text, self.kind, self.value, self.unit
        moved.qualifier, moved.status, moved.verdict = self.qualifier, self.status, self.verdict
        moved.reason, moved.source, moved.field = self.reason, self.source, self.field
        moved.start, moved.end = start, end
        return moved


@dataclass
class VerificationSummary:
    __pydantic_config__ = PYDANTIC_CONFIG

    checked: int = 0
    supported: int = 0
    unsupported: int = 0
    mismatch: int = 0
    ignored: int = 0
