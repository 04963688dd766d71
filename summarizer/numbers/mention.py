"""The canonical record of one numeric expression found in a text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

QUANTITY_KINDS = frozenset(
    {"count", "money", "percent", "pct_point", "pct_change", "pct_from_to", "rank", "duration"}
)
DATE_KINDS = frozenset({"year", "date", "year_range", "month_day"})
LITERAL_KINDS = frozenset({"bare", "ident", "ordinal"})


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
        return self.kind in QUANTITY_KINDS and not (self.flags & {"quoted", "in_title"})


def format_decimal(d: Decimal) -> str:
    """Canonical decimal string without exponent: 39800, 93.64, 0.5 (never 3.98E+4)."""
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text
