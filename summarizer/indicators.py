"""Comparable indicators: which figure of a report is which quantity evaluators compare across units.

Each indicator code (``data/indicators.json``) has exactly one unit class, so a column of the
comparison table never mixes 件 counts with % rates or 人 with 件: a metric gets an indicator only
when the words before it match the indicator's pattern *and* its unit falls in that class. Where a
quantity is reported both ways (调解成功 …件 and 调解成功率 …%) there are two codes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources

from summarizer import regexes
from summarizer.document import Document
from summarizer.numbers import Mention, format_decimal
from summarizer.numbers.claims import BASE_ONLY, NOT_THOUSANDS, STEP_START, only_a_change, sentence_start
from summarizer.numbers.mentions import without_first_end_years
from summarizer.numbers.rows import column_head, column_year, row_year
from summarizer.numbers.tables import tables
from summarizer.regex_hints import first_chars, first_class

CLAUSE_BREAK_CHARS = ",。;:!?、\n"  # in folded text (NFKC: ，→ ,): the clause breaks of a metric's words
_BREAK = f"[{CLAUSE_BREAK_CHARS}]{NOT_THOUSANDS}"  # (not a thousands separator: 较2023年的1,512件)
CLAUSE_BREAK = regexes.compile(_BREAK)
LAST_CLAUSE_BREAK = regexes.compile(f"(?s).*{_BREAK}")  # greedy: up to the last break
DIGITS = regexes.compile(r"[0-9.]+[万亿]?")  # a number, cut out of the clauses before a short one
YEAR_NAMED = regexes.compile(r"20\d{2}")
CITED_TITLE = regexes.compile(r"《[^《》]*》")  # a cited title's years name no period of a figure
# A closed aside stating a figure of its own, (2022年为45件): its years name no period of later figures.
FIGURE_ASIDE = regexes.compile(r"\([^()]*[0-9][^()0-9年][^()]*\)")
OWN_CLAUSE_CHARS = 24  # how far back a metric's own clause is read
PERIOD_CHARS = 160  # how far back a figure's sentence is read for the span of time it covers
NUMERAL_CHARS = "0123456789零〇一二两三四五六七八九十百千万"
FIRST_NUMERAL = regexes.compile(f"[{NUMERAL_CHARS}]")
CHANGE_WORDS_CHARS = 8  # a change's words its figure opens with (同比增长, 较上年提高), at most
SHORT_CLAUSE = 4  # a clause shorter than this (办结, 审结) says what it counts with the clauses before it
# the verb a clause ends in before its figure (优秀率达到85%): it says nothing of what the figure counts
SAYING_VERB = regexes.compile(r"(?:达到|达|为|是|保持在|保持|稳定在)$")
# words opening a clause that say nothing of what it counts: a part (其中), or on time (按时, 按期, 及时)
OPENING_ADVERB = regexes.compile(r"^(?:其中|按时|按期|及时)")
# a clause naming only who took part (参加干部, 参训人员, 参与群众): of the event in the clause before it
PARTICIPANTS_ONLY = regexes.compile(
    r"(?:共有|共)?(?:参加|参与|参训)[\u4e00-\u9fff]{0,2}(?:干部|人员|群众|职工|学员|党员|师生|学生|村民|居民|人数)"
)
LEAD_CLAUSES = 2  # …at most this many of them (收到行政复议申请46件,受理41件,审结39件)
# a clause naming only a rate (优秀率35.2%): it says no more of what the rates after it are of
RATE_ONLY = regexes.compile(r"[\u4e00-\u9fff]{1,3}率(?:达到|达|为|是)?")
NORMATIVE_DOCS = "规范性文件"
BARE_FILE = regexes.compile(r"(?<![性策])文件")  # 文件 alone: not 规范性文件, 政策文件
LIST_HEAD_STOPS = ",;:("  # where a 、 list's head clause starts (the verb its items share)
# A breakdown of a total names its parts after 其中/含; the total, stated first, is the canonical row.
PART_WORDS = ("其中", "含", "包括")
PART_OF_TOTAL = regexes.compile(rf"({'|'.join(PART_WORDS)})[^,。;]*$")

# A name ending in what was found wrong counts those problems, which no indicator compares (督察发现问题,
# 排查安全隐患, 移交问题线索): the words before them say only who found them.
PROBLEMS_FOUND = regexes.compile(r"(?:问题|隐患|线索|漏洞)(?:清单)?$")

# A rate may be said as a share, 比例 or 比率 (纠错比例为8.6%): the indicators' patterns name it 率.
SHARE_WORDS = regexes.compile("比例|比率")

# Unit classes of the number engine folded into the classes a comparison cares about.
COUNT_CLASSES = {"cases", "items", "times", "orgs", "places", "levels"}
PEOPLE_CLASSES = {"people", "person_times"}
KIND_CLASSES = {
    "percent": "rate", "pct_from_to": "rate", "pct_change": "change", "pct_point": "pct_point",
    "money": "money", "rank": "rank", "duration": "duration",
}  # fmt: skip
# the period cues of data/indicators.json, tried in this order
PERIODS = ("cumulative", "as_of", "part_year", "other_year", "year")
UNIT_CLASSES = ("count", "people", "rate", "change", "pct_point", "money", "rank", "duration", "other")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit_class: str
    pattern: re.Pattern[str]
    units: frozenset[str] | None = None  # the only measure words it counts in (None: any of its class)

    def counts_in(self, unit: str | None) -> bool:
        return self.units is None or unit in self.units


@cache
def _table() -> dict:
    return json.loads(resources.files("summarizer.data").joinpath("indicators.json").read_text("utf-8"))


@cache
def indicators() -> tuple[Indicator, ...]:
    data = _table()
    return tuple(
        Indicator(
            i["code"],
            i["label"],
            i["unit_class"],
            regexes.compile(i["pattern"]),
            frozenset(i["units"]) if "units" in i else None,
        )  # fmt: skip
        for i in data["indicators"]
    )


@cache
def indicators_by_class() -> dict[str, tuple[Indicator, ...]]:
    """The indicators of each unit class, in table order (the first whose words match wins)."""
    grouped: dict[str, list[Indicator]] = {}
    for indicator in indicators():
        grouped.setdefault(indicator.unit_class, []).append(indicator)
    return {unit_class: tuple(group) for unit_class, group in grouped.items()}


@cache
def labels() -> dict[str, str]:
    return {i.code: i.label for i in indicators()}


@cache
def ranks() -> dict[str, int]:
    """Each indicator's place in the table, which lists first what evaluators compare most (出庭应诉率,
    行政复议 before 学法次数)."""
    return {indicator.code: place for place, indicator in enumerate(indicators())}


def family_of(code: str) -> str:
    """The family of an indicator: the quantity its code's first two words name, of which the others are
    steps or rates (admin_reconsideration_received, …_closed, …_correction_rate)."""
    return "_".join(code.split("_")[:2])


def unit_class_of(kind: str, unit: str | None) -> str:
    """count | people | rate | change | pct_point | money | rank | duration | other."""
    if kind in KIND_CLASSES:
        return KIND_CLASSES[kind]
    if kind != "count":
        return "other"
    engine_class = tables().unit_class.get(unit or "")
    if engine_class in PEOPLE_CLASSES:
        return "people"
    if engine_class is None or engine_class in COUNT_CLASSES:
        return "count"
    return "other"


def indicator_for(
    before: str, name: str, kind: str, unit: str | None = None, direction: str | None = None
) -> str | None:
    """The comparable indicator whose words appear in the clause before a metric (or in its name) and
    whose unit class is the metric's. ``before`` is folded (Simplified) text ending at the number. A
    change (``direction``: 罚没款金额同比减少0.46亿元) is none: a column of levels never takes a change (a
    rate stated by its two ends, 由86.5%提升至97.1%, is the level it reached)."""
    if direction is not None and kind != "pct_from_to":
        return None
    unit_class = unit_class_of(kind, unit)
    if unit_class == "count" and PROBLEMS_FOUND.search(name):
        return None  # (督察发现问题45个: problems found, no count of the inspections that found them)
    if unit_class == "rate" and "比" in before + name:  # (出庭应诉比例达到100%: 出庭应诉率)
        before, name = SHARE_WORDS.sub("率", before), SHARE_WORDS.sub("率", name)
    text, own_from = indicator_text(before, name)
    group = indicators_by_class().get(unit_class, ())
    bits = _may_match(unit_class, text) & _counting_in(unit_class, unit)
    while bits:  # the candidates in table order: lowest bit first
        lowest = bits & -bits
        indicator = group[lowest.bit_length() - 1]
        if matches_own_words(indicator.pattern, text, own_from):
            return indicator.code
        bits ^= lowest
    return None


def indicator_text(before: str, name: str) -> tuple[str, int]:
    """The words an indicator is read in, and where the metric's own clause starts in them.

    A clause too short to say what it counts (办结82件) is read with the clauses before it in its sentence,
    their numbers cut out (受理行政复议案件86件,办结82件 → 受理行政复议案件件办结), so that 复议 and 办结 meet.
    """
    sentence, name = _files_named(_last_sentence(before), name)
    clauses = CLAUSE_BREAK.split(sentence)
    own = clauses[-1][-OWN_CLAUSE_CHARS:]
    # (优秀率达到: as short as 优秀率; 其中新收, a part named by its step: as short as 新收; 按时答复率, a
    # rate said on time: as short as 答复率)
    core = OPENING_ADVERB.sub("", SAYING_VERB.sub("", own))
    if len(clauses) > 1 and PARTICIPANTS_ONLY.fullmatch(core):
        # 举办法治讲座3场,参加干部450余人次: who took part in the event of the clause before, read as its own
        return f"{DIGITS.sub('', clauses[-2])}{own} {name}", 0
    if (len(core) >= SHORT_CLAUSE and not STEP_START.fullmatch(core)) or len(clauses) == 1:  # (依法受理)
        lead = _list_lead(sentence[: len(sentence) - len(clauses[-1])])
        return f"{lead}{own} {name}", len(lead)
    # the clauses before, but one that only says how the figure before it changed (…,同比增长18.6%,受理…)
    leads = [clause for clause in clauses[:-1] if not says_of_the_figure_before(clause)]
    lead = DIGITS.sub("", "".join(leads[-LEAD_CLAUSES:]))
    return f"{lead}{own} {name}", len(lead)


def _files_named(sentence: str, name: str) -> tuple[str, str]:
    """``sentence`` and a metric's ``name`` with a bare 文件 after the sentence names 规范性文件 read as
    those: 开展规范性文件集中清理,清理文件347件,其中废止23件 cleans up and repeals normative documents,
    though its figures' clauses say 文件 alone."""
    named = sentence.find(NORMATIVE_DOCS)
    if named < 0 or "文件" not in sentence[named + len(NORMATIVE_DOCS) :] + name:
        return sentence, name
    return (
        sentence[:named] + BARE_FILE.sub(NORMATIVE_DOCS, sentence[named:]),
        BARE_FILE.sub(NORMATIVE_DOCS, name),
    )


def says_of_the_figure_before(clause: str) -> bool:
    """Does a clause only say more of the figure before it: how it changed (同比增长18.6%), what it is
    compared with (较上年的58件增长25.9%, 比2023年的45件), a part of it (其中市本级428件) or a rate
    of it (评查案卷320卷,优秀率35.2%,合格率100%: 合格率 is the case files' too)? It is no step
    of a list (…申请73件,较上年的58件增长25.9%,依法受理68件): the figures after it are read with the
    clauses before it."""
    words = DIGITS.split(clause, 1)[0]
    if only_a_change(words):
        return True
    return bool(words) and (
        words.startswith(PART_WORDS)
        or BASE_ONLY.fullmatch(words) is not None
        or RATE_ONLY.fullmatch(words) is not None
    )


def _list_lead(before_own: str) -> str:
    """The items before a metric's own clause in a 、 list, from the list's head, numbers cut: their verb
    is the metric's too (清理市政府规章5部、规范性文件286件: 286 规范性文件 cleaned up, not issued)."""
    if not before_own.endswith("、"):
        return ""
    head = max(before_own.rfind(stop) for stop in LIST_HEAD_STOPS) + 1
    return DIGITS.sub("", before_own[head:])[-OWN_CLAUSE_CHARS:]


def matches_own_words(pattern: re.Pattern[str], text: str, own_from: int) -> bool:
    """Does ``pattern`` match ``text`` in the metric's own words (ending after ``own_from``)? A match in the
    clauses before alone names another figure: 受理41件 after 收到行政复议申请46件 is not one received."""
    found = pattern.search(text)
    while found is not None and found.end() <= own_from:
        found = pattern.search(text, found.start() + 1)  # (matches may overlap: not finditer)
    return found is not None


def _may_match(unit_class: str, clause: str) -> int:
    """Bit i set: indicator i of the class (in table order) can match somewhere in ``clause``. A match
    starts with one of its pattern's first characters, so a pattern none of whose first characters is
    in the clause need not be searched (most of a class's ~36 patterns, for most clauses)."""
    bits, by_char, starts = _first_char_bits(unit_class)
    for char in starts.findall(clause):
        bits |= by_char[char]
    return bits


@lru_cache(maxsize=256)
def _counting_in(unit_class: str, unit: str | None) -> int:
    """Bit i set: indicator i of the class (in table order) counts in ``unit``."""
    group = indicators_by_class().get(unit_class, ())
    return sum(1 << index for index, indicator in enumerate(group) if indicator.counts_in(unit))


@cache
def _first_char_bits(unit_class: str) -> tuple[int, dict[str, int], re.Pattern[str]]:
    """Of the indicators of a unit class: (bit i set: indicator i may start anywhere, first character
    -> bits of the indicators that can start with it, a pattern finding those characters)."""
    always = 0
    by_char: dict[str, int] = {}
    for index, indicator in enumerate(indicators_by_class().get(unit_class, ())):
        chars = first_chars(indicator.pattern.pattern)
        if chars is None:
            always |= 1 << index
        for char in chars or ():
            by_char[char] = by_char.get(char, 0) | 1 << index
    starts = regexes.compile("[" + "".join(map(re.escape, sorted(by_char))) + "]" if by_char else "(?!)")
    return always, by_char, starts


def bounds_of(mention: Mention, value_text: str | None = None) -> dict[str, str | None]:
    """``value_from``/``low``/``high`` of a metric from its number-engine mention (``value_text``: its
    value already formatted, reused for a bound that is the value itself, as an exact figure's are)."""
    value = getattr(mention, "value", None) if value_text is not None else None
    lo, hi = getattr(mention, "lo", None), getattr(mention, "hi", None)
    return {
        "value_from": _decimal(getattr(mention, "value_from", None)),
        "low": value_text if lo is value and value is not None else _decimal(lo),
        "high": value_text if hi is value and value is not None else _decimal(hi),
    }


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format_decimal(value)


def period_at(doc: Document, start: int, report_year: int | None, flags: frozenset[str] = frozenset()) -> str:
    """The period of the figure at clean offset ``start`` with the number engine's ``flags`` (whoever
    found it, the rules or a model): by its column when a table's header names a year per column (指标
    2022年 2023年) or another span (上半年 下半年), or by its row's year (2022年 45 30); the first end of
    a change (由612项压减至548项) is the figure compared with; else as its sentence says."""
    year = (column_year(doc.folded, start) or row_year(doc.folded, start)) if report_year else None
    if year is not None:
        return "year" if year == report_year else "other_year"
    if "change_from" in flags:
        return "other_year"
    if (head := column_head(doc.folded, start)) is not None and (
        of_head := period_of(head, report_year)
    ) != "year":
        return of_head  # 指标 上半年 下半年: the column's header says the span of its cells
    before = doc.folded[max(0, start - PERIOD_CHARS) : _past_change_words(doc.folded, start)]
    return period_of(without_first_end_years(before), report_year)


def _past_change_words(folded: str, start: int) -> int:
    """Where the numeral of the figure at ``start`` starts when the figure opens with its change's words
    (较去年同期提高0.4个百分点: the figure is 提高0.4个百分点), read with them: 较去年同期 then says what the
    report year's change is compared with, not that the figure is last year's (较去年同期的45件)."""
    if folded[start : start + 1] in NUMERAL_CHARS:
        return start  # (most figures: the numeral first, no search)
    numeral = FIRST_NUMERAL.search(folded, start, start + CHANGE_WORDS_CHARS)
    if numeral is None:
        return start
    return numeral.start() if only_a_change(folded[start : numeral.start()]) else start


def period_of(before: str, report_year: int | None = None) -> str:
    """year | cumulative | as_of | part_year | other_year: the span of time a figure covers, read in its
    own clause and in its sentence's lead (截至目前, | 2019年以来, : said once for every figure after it),
    from ``before``, folded text ending at the number. The last cue wins; none: the report year's. A year
    named other than ``report_year`` (2022年 in a 2023 report) is other_year."""
    sentence = _without_asides(_last_sentence(before))
    sentence_cues, own_cues = _period_res()
    sentence = _from_timed_clause(sentence, sentence_cues)
    first, last = CLAUSE_BREAK.search(sentence), LAST_CLAUSE_BREAK.match(sentence)
    lead, own = (sentence[: first.start()], sentence[last.end() :]) if first and last else ("", sentence)
    found = _later(_last_cue(sentence_cues, own), _last_cue(own_cues, own)) or _last_cue(sentence_cues, lead)
    if found is None:
        return "year"
    period = (found.lastgroup or "year").removesuffix("__own")
    years = YEAR_NAMED.findall(found.group())
    if period == "cumulative" and len(years) == 2 and report_year and int(years[1]) > report_year:
        return "year"  # 2021—2025年: a plan's span, no running total of the report
    named = YEAR_NAMED.search(found.group())
    return (
        "other_year"
        if period == "year" and named and report_year and int(named.group()) != report_year
        else period
    )


def _without_asides(sentence: str) -> str:
    """``sentence`` with its cited titles and its asides stating a figure blanked (see period_of)."""
    if "《" in sentence:  # (the substitutions are tried only where they can match: most sentences)
        sentence = CITED_TITLE.sub(" ", sentence)
    return FIGURE_ASIDE.sub(" ", sentence) if "(" in sentence else sentence


def _from_timed_clause(sentence: str, cues: re.Pattern[str]) -> str:
    """``sentence`` from its last part after a ; that opens with a span of time of its own (上半年…收到
    申请58件;全年共收到…131件,同比增长22.4%): the time said before it is not of the figures after it,
    though a step opening that part (收到, 受理) makes one sentence of both for what they count."""
    semi = len(sentence)
    while (semi := sentence.rfind(";", 0, semi)) >= 0:  # (in folded text: ；is ;)
        if cues.match(sentence, semi + 1):
            return sentence[semi + 1 :]
    return sentence


def _last_sentence(before: str) -> str:
    """The sentence ``before`` ends in (from its last sentence edge on, see claims.sentence_start)."""
    return before[sentence_start(before, 0, len(before)) :]


def _last_cue(
    cues: re.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> re.Match[str] | None:
    """The last match of ``cues`` in ``text[start:end]`` that ``finditer`` would give (none is empty), found
    by a search a match: a clause holds few cues, and an iterator costs more than the searches."""
    end = len(text) if end is None else end
    last = None
    while (found := cues.search(text, start, end)) is not None:
        last, start = found, found.end()
    return last


def _later(first: re.Match[str] | None, second: re.Match[str] | None) -> re.Match[str] | None:
    """The match of the two that ends later (``first`` on a tie), or the one there is."""
    return first if second is None or first is not None and first.end() >= second.end() else second


def past_year_words(folded: str, start: int, end: int) -> int:
    """Where the words ``folded[start:end]`` go on past the last words naming the report year in them
    (全年, 2024年, 今年以来: the periods' ``year`` cue), or ``start`` when none do."""
    last = _last_cue(_year_cue(), folded, start, end)
    return start if last is None else last.end()


@cache
def _year_cue() -> re.Pattern[str]:
    return regexes.compile(_table()["periods"]["year"])


@cache
def _period_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The cues read in a sentence's lead and a figure's own clause, and those read in its own clause
    only (现行规范性文件101件 is a stock, but not the 废止39件 after it)."""
    periods = _table()["periods"]
    own = periods["own_clause"]
    return (
        _first_char_led("|".join(f"(?P<{name}>{periods[name]})" for name in PERIODS)),
        _first_char_led("|".join(f"(?P<{name}__own>{own[name]})" for name in PERIODS if name in own)),
    )


def _first_char_led(pattern: str) -> re.Pattern[str]:
    """``pattern`` led by a lookahead for the characters its matches can start with: the same matches
    (and groups), but the engine passes over the other characters of a clause in C instead of trying
    each named group's branches at every one of them (most of the time period_of takes)."""
    first = first_class(pattern)
    return regexes.compile(pattern if first is None else f"(?={first})(?:{pattern})")


def canonical_flags(metrics: Sequence) -> list[bool]:
    """One canonical metric per indicator in a report: the first stated total of the report year (a
    figure inside a 其中… breakdown is a part, not the total; a running total or a half year's figure
    is another period) in document order; metrics without indicator, or of another year (上年度…, the
    figure the report compares with), never."""
    flags = [False] * len(metrics)
    chosen: dict[str, tuple[tuple[bool, bool], int]] = {}
    order = sorted(range(len(metrics)), key=lambda i: _get(metrics[i], "start") or 0)
    for i in order:
        code = _get(metrics[i], "indicator")
        if not code or _get(metrics[i], "period") == "other_year":
            continue
        rank = (_is_part(metrics[i]), (_get(metrics[i], "period") or "year") != "year")
        if code not in chosen or rank < chosen[code][0]:
            chosen[code] = (rank, i)
    for _, i in chosen.values():
        flags[i] = True
    return flags


def _is_part(metric: object) -> bool:
    return bool(PART_OF_TOTAL.search(_get(metric, "name") or ""))


def _get(metric: object, key: str) -> object:
    """Metrics arrive as models (this run) or dicts (read back from a report JSON)."""
    return metric.get(key) if isinstance(metric, dict) else getattr(metric, key, None)
