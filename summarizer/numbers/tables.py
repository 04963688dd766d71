"""Word tables of the number engine, loaded once from ``summarizer/data/numbers.json``.

Keys of the JSON file:

- ``units``: measure words by unit class (people, cases, items, money, percent, time, ...).
- ``units_arabic_only``: measure words that follow Arabic digits only; after a Chinese numeral they
  are part of a word (十分, 三台县, 五门).
- ``unit_aliases``: groups of measure words that say the same thing (人/名/位, 天/日).
- ``general_classifier`` / ``general_classifier_classes``: 个 is compatible with these classes.
- ``qualifiers``: ``post`` (余/多 right after the digits), ``prefix`` (约 近 超过 不足 ...) and
  ``tail`` (以上 以下 左右 ...), each word mapped to an interval rule.
- ``directions``: verbs of change; ``*_short`` single characters count only after a basis word.
- ``change_basis``: 同比, 环比, 较上年 ...; ``from_markers`` / ``to_markers``: 由…至….
- ``rank_cues`` / ``rank_units``: 排名第2, 第2名; ``ordinal_units``: what may follow 第N;
  ``citation_units``: 第N条/款 cite other documents; ``ident_units``: N届, N号 are names.
- ``ident_patterns``: regexes of identifiers (二十大, 十四五, 12348热线) anchored at a numeral.
- ``hotlines``: numbers that are identifiers when they stand without a measure word.
- ``lexical``: words whose numeral characters are not numbers (进一步, 统一, 两个维护, 三台县 ...).
- ``cn_blocked_before``: characters before a Chinese numeral that make it part of a word.
- ``cheng_blocked_after``: characters after N成 that make 成 a verb (成员, 成效).
- ``context_stop``: clause punctuation that bounds a mention's context window.
- ``claim_generic_words``: words that say nothing about what a number counts (全县, 累计, 开展, 共):
  they are cut out before a claim's words are compared with the source's.
- ``leader_words``: what a report calls the leader who answers for its work (局长, 县长, 书记, 主要负责
  人, 第一责任人): a claim may call them otherwise, so they are read as one word when claims and the
  source's words are compared (副局长 is not a leader word).
- ``negated_words``: a word and its negation (不合格, 不予受理, 未办结) name opposite things: a claim that
  says the one where the source says the other is not about the source's figure.
- ``identifier_aliases``: other spellings accepted when checking an identifier literally.
- ``fold``: Traditional and variant characters -> Simplified, one character to one character, for
  every character the tables and the parser use (so the engine needs no OpenCC).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from summarizer import regexes

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "numbers.json"
CONTEXT_PARENS = "()（）"  # an aside in parentheses does not end a mention's context (县(市、区))
INTERVAL_RULES = ("over", "approx", "under", "at_least", "at_least_open", "at_most", "at_most_open")


@dataclass(frozen=True)
class Tables:
    unit_class: dict[str, str]
    units_by_first: dict[str, tuple[str, ...]]  # the measure words by first character, longest first
    arabic_only_units: frozenset[str]
    alias_group: dict[str, int]
    general_classifier: str
    general_classes: frozenset[str]
    post_qualifiers: dict[str, str]
    prefix_qualifiers: dict[str, str]  # longest first
    prefix_by_last: dict[str, tuple[tuple[str, str], ...]]  # the same, by last character
    tails_by_first: dict[str, tuple[str, ...]]
    tail_qualifiers: dict[str, str]
    direction_of: dict[str, str]  # long verbs
    direction_by_last: dict[str, tuple[tuple[str, str], ...]]
    share_qualifier_re: re.Pattern[str]  # a qualifier said before 占 (约占全县的11%): see mentions
    noun_direction_by_last: dict[str, tuple[tuple[str, str], ...]]  # 增幅, 降幅: a change said as a noun
    noun_links: frozenset[str]  # what may stand between such a noun and its figure (增幅为46.3%)
    short_direction_of: dict[str, str]
    sign_direction_of: dict[str, str]  # a signed percent is a change (同比-11.2%, -11.2%, ↑6.8%)
    prefix_word_ends: frozenset[str]  # last characters of the qualifier and direction words before a number
    basis_words: tuple[str, ...]
    basis_year_re: re.Pattern[str]  # a change's basis said by its year (较2023年, 与2023年同期相比)
    basis_year_end_re: re.Pattern[str]  # …ending a span searched
    basis_by_last: dict[str, tuple[tuple[str, str], ...]]
    from_markers: tuple[str, ...]
    to_markers: tuple[str, ...]
    rank_cues: tuple[str, ...]
    rank_units: frozenset[str]
    ordinals_by_first: dict[str, tuple[str, ...]]
    citation_units: frozenset[str]
    ident_units: frozenset[str]
    ident_re: re.Pattern[str]
    hotlines: frozenset[str]
    lexical_by_char: dict[tuple[str, str], tuple[tuple[int, tuple[str, ...]], ...]]  # (char, next char or "")
    cn_blocked_before: tuple[str, ...]
    cheng_blocked_after: frozenset[str]
    context_stop: frozenset[str]
    context_edge_re: re.Pattern[str]  # a clause stop or a parenthesis (a context window's fast path)
    context_last_edge_re: re.Pattern[str]  # greedy: the last of them in a window
    identifier_aliases: dict[str, tuple[str, ...]]
    claim_generic_re: re.Pattern[str]
    leader_re: re.Pattern[str]
    negations: tuple[tuple[str, str], ...]  # (不合格, 合格): a negated word and the word it negates
    fold: dict[int, str]


def _alternation(words: list[str]) -> str:
    """Regex alternation, longest first so that 个百分点 wins over 个 and 人次 over 人."""
    return "|".join(re.escape(w) for w in regexes.longest_first(words))


def _grouped_alternation(words: list[str], not_after: str = "") -> str:
    """:func:`_alternation` as one branch per first character, its words longest first: at every
    position it matches the same word, but the regex engine tries only the words that start with the
    character there instead of all of them (half the cost of a cut of the claims' generic words).
    ``not_after``: a character no word may follow (副 of 副局长), checked once the first one matched,
    so that the pattern still starts with a character (a lookbehind first is tried everywhere)."""
    branches = []
    for char, group in _by_first_char(words).items():
        longer = [re.escape(word[1:]) for word in group if len(word) > 1]
        tail = "(?:" + "|".join(longer) + ")" + ("?" if len(longer) < len(group) else "") if longer else ""
        guard = f"(?<!{re.escape(not_after + char)})" if not_after else ""
        branches.append(re.escape(char) + guard + tail)
    return "|".join(branches)


def _by_first_char(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Words grouped by first character, longest first (个百分点 before 个, 人次 before 人): the scanner
    reads the word at a position by trying the few that start with its character, which costs less
    than one call of a regular expression."""
    index: dict[str, list[str]] = {}
    for word in regexes.longest_first(words):
        if not word:
            raise ValueError("an empty word in summarizer/data/numbers.json")
        index.setdefault(word[0], []).append(word)
    return {char: tuple(group) for char, group in index.items()}


def _lexical_index(words: list[str]) -> dict[tuple[str, str], tuple[tuple[int, tuple[str, ...]], ...]]:
    """For each numeral character and the character the word has after it ("" at the word's end),
    the lexical words holding that pair, grouped by the offset of the numeral inside them: the scanner
    tests each group with one ``startswith`` rather than every word that contains 一."""
    index: dict[tuple[str, str], dict[int, list[str]]] = {}
    for word in words:
        for offset, char in enumerate(word):
            by_offset = index.setdefault((char, word[offset + 1 : offset + 2]), {})
            by_offset.setdefault(offset, []).append(word)
    return {
        key: tuple((offset, tuple(group)) for offset, group in by_offset.items())
        for key, by_offset in index.items()
    }


def _by_last_char(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[tuple[str, str], ...]]:
    """(word, payload) pairs grouped by the word's last character, each group in the given order:
    the scanner matches words that end right before a number, so only one group can match."""
    index: dict[str, list[tuple[str, str]]] = {}
    for word, payload in pairs:
        index.setdefault(word[-1], []).append((word, payload))
    return {char: tuple(entries) for char, entries in index.items()}


def _context_edge_class(stops: str) -> str:
    return "[" + re.escape("".join(sorted(set(stops) | set(CONTEXT_PARENS)))) + "]"


@cache
def tables() -> Tables:
    raw = json.loads(DATA_FILE.read_text("utf-8"))
    unit_class = {unit: cls for cls, units in raw["units"].items() for unit in units}
    alias_group = {unit: i for i, group in enumerate(raw["unit_aliases"]) for unit in group}
    quals = raw["qualifiers"]
    directions = raw["directions"]
    nouns = {w: "up" for w in directions["up_nouns"]} | {w: "down" for w in directions["down_nouns"]}
    direction_of = {w: "up" for w in directions["up"]} | {w: "down" for w in directions["down"]} | nouns
    short = {w: "up" for w in directions["up_short"]} | {w: "down" for w in directions["down_short"]}
    signs = {w: "up" for w in directions["up_sign"]} | {w: "down" for w in directions["down_sign"]}
    prefix = dict(sorted(quals["prefix"].items(), key=lambda kv: len(kv[0]), reverse=True))
    basis_words = tuple(sorted(raw["change_basis"], key=len, reverse=True))
    return Tables(
        unit_class=unit_class,
        units_by_first=_by_first_char(unit_class),
        arabic_only_units=frozenset(raw["units_arabic_only"]),
        alias_group=alias_group,
        general_classifier=raw["general_classifier"],
        general_classes=frozenset(raw["general_classifier_classes"]),
        post_qualifiers=quals["post"],
        prefix_qualifiers=prefix,
        prefix_by_last=_by_last_char(prefix.items()),
        share_qualifier_re=regexes.compile(
            f"(?P<word>{'|'.join(map(re.escape, prefix))})占(?:[^,，。;；0-9]{{0,12}}的)?$"
        ),
        tails_by_first=_by_first_char(quals["tail"]),
        tail_qualifiers=quals["tail"],
        direction_of=direction_of,
        direction_by_last=_by_last_char(direction_of.items()),
        noun_direction_by_last=_by_last_char(nouns.items()),
        noun_links=frozenset(directions["noun_links"]),
        short_direction_of=short,
        sign_direction_of=signs,
        prefix_word_ends=frozenset(
            word[-1] for word in (*prefix, *direction_of, *short, *signs, *directions["noun_links"])
        ),
        basis_words=basis_words,
        basis_year_re=regexes.compile(raw["change_basis_year"]),
        basis_year_end_re=regexes.compile(raw["change_basis_year"] + "$"),
        basis_by_last=_by_last_char((word, word) for word in basis_words),
        from_markers=tuple(raw["from_markers"]),
        to_markers=tuple(raw["to_markers"]),
        rank_cues=tuple(sorted(raw["rank_cues"], key=len, reverse=True)),
        rank_units=frozenset(raw["rank_units"]),
        ordinals_by_first=_by_first_char(raw["ordinal_units"]),
        citation_units=frozenset(raw["citation_units"]),
        ident_units=frozenset(raw["ident_units"]),
        ident_re=regexes.compile("|".join(f"(?:{p})" for p in raw["ident_patterns"])),
        hotlines=frozenset(raw["hotlines"]),
        lexical_by_char=_lexical_index(raw["lexical"]),
        cn_blocked_before=tuple(raw["cn_blocked_before"]),
        cheng_blocked_after=frozenset(raw["cheng_blocked_after"]),
        context_stop=frozenset(raw["context_stop"]),
        context_edge_re=regexes.compile(_context_edge_class(raw["context_stop"])),
        context_last_edge_re=regexes.compile("(?s).*" + _context_edge_class(raw["context_stop"])),
        identifier_aliases={k: tuple(v) for k, v in raw["identifier_aliases"].items()},
        claim_generic_re=regexes.compile(_grouped_alternation(raw["claim_generic_words"])),
        leader_re=regexes.compile(_grouped_alternation(raw["leader_words"], not_after="副")),
        negations=tuple((word, re.sub("^(?:不予|不|未)", "", word)) for word in raw["negated_words"]),
        fold=str.maketrans(raw["fold"]),
    )
