"""The canonical record of one numeric expression found in a text."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

QUANTITY_KINDS = frozenset(
    {"count", "money", "percent", "pct_point", "pct_change", "pct_from_to", "rank", "duration"}
)
DATE_KINDS = frozenset({"year", "date", "year_range", "month_day"})
LITERAL_KINDS = frozenset({"bare", "ident", "ordinal"})
# A hierarchy (市县两级, 县乡村三级, 三层) says where something reaches: no figure anyone compares, and no
# figure whose words a claim about a count could take.
SCOPE_UNIT_CLASSES = frozenset({"levels"})
QUOTE_MARKS = frozenset({"quoted", "in_title"})  # the flags of a number inside quotes or a title


@dataclass(frozen=True, slots=True)
class Mention:
    """One number as written, with its exact value and the interval its qualifier implies.

    ``value`` is in base units (3.98万份 -> 39800, 约1957.08万元 -> 19570800, 93.64% -> 93.64).
    Dates encode as integers: year 2024, date 20240229 (day 00 when only the month is given),
    month_day 229; a year_range has ``value_from`` = first year and ``value`` = last year.
    ``lo``/``hi`` are ``None`` when the interval is open-ended (以上, 以下).
    """

    kind: str
    value: Decimal | None
    value_from: Decimal | None
    lo: Decimal | None
    hi: Decimal | None
    lo_open: bool
    hi_open: bool
    unit: str | None
    unit_class: str | None
    qualifier: str
    qualifier_text: str
    direction: str | None
    start: int
    end: int
    raw: str
    flags: frozenset[str]
    context: str
    # Engine internals (not part of the promised interface, but stable):
    precision: Decimal | None = None  # one step of the last written digit, in base units (93.64% -> 0.01)
    scale: Decimal | None = None  # the 万/亿 multiplier the digits are written in (1957.08万 -> 10000)
    nstart: int = -1  # span in the normalised analysis text
    nend: int = -1
    norm: str = ""  # normalised, folded text of the mention (for literal checks)
    parts: tuple[Mention, ...] = ()  # pct_from_to: the two percentages it was built from

    @property
    def is_quantity(self) -> bool:
        # (most mentions have no flags: no set is built for them)
        return self.kind in QUANTITY_KINDS and (not self.flags or self.flags.isdisjoint(QUOTE_MARKS))


MENTION_FIELDS = tuple(field.name for field in fields(Mention))


class NewMention:
    """``NewMention(*values)`` is ``Mention(*values)``, built about six times faster.

    The frozen dataclass ``__init__`` sets each of Mention's 23 fields through ``object.__setattr__``,
    which made it the largest single cost of reading a number. This class has the same slots without
    the frozen ``__setattr__``: it fills them with plain assignments, then becomes a Mention (same slot
    layout, so Python allows the class change). The result is an ordinary frozen Mention, equal field
    by field. A field added to Mention without being added here makes the class change fail at once
    ("object layout differs"); tests compare both constructions.
    """

    __slots__ = MENTION_FIELDS

    def __init__(
        self, kind: str, value: Decimal | None, value_from: Decimal | None, lo: Decimal | None,
        hi: Decimal | None, lo_open: bool, hi_open: bool, unit: str | None, unit_class: str | None,
        qualifier: str, qualifier_text: str, direction: str | None, start: int, end: int, raw: str,
        flags: frozenset[str], context: str, precision: Decimal | None, scale: Decimal | None, nstart: int,
        nend: int, norm: str, parts: tuple[Mention, ...],
    ) -> None:  # fmt: skip
        self.kind, self.value, self.value_from, self.lo, self.hi = kind, value, value_from, lo, hi
        self.lo_open, self.hi_open, self.unit, self.unit_class = lo_open, hi_open, unit, unit_class
        self.qualifier, self.qualifier_text, self.direction = qualifier, qualifier_text, direction
        self.start, self.end, self.raw, self.flags, self.context = start, end, raw, flags, context
        self.precision, self.scale, self.nstart, self.nend = precision, scale, nstart, nend
        self.norm, self.parts = norm, parts
        self.__class__ = Mention  # type: ignore[assignment]


def format_decimal(d: Decimal) -> str:
    """Canonical decimal string without exponent: 39800, 93.64, 0.5 (never 3.98E+4)."""
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text
