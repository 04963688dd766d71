"""What a number counts: the words of a claim around a number, and the words of a source fact.

A number restated in a summary is right only on the fact it belongs to. The words that say what a
candidate number counts are those of its own clause (the noun phrase before it, the measure word,
the words right after it); the words that say what a source number counts are those of its
sentence (the subject is often at the start: 全县各级调解组织排查调处矛盾纠纷3687起), plus a heading
(the line before its paragraph, or a short sentence before it). Both are compared as sets of character
bigrams, without digits, punctuation and words that say nothing about what is counted (全县, 累计).
A faithful restatement keeps most of its source's words even when it abridges them
(调解纠纷3687起); a number moved onto another fact keeps almost none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from summarizer import regexes
from summarizer.numbers.normalize import fold
from summarizer.numbers.tables import tables

NON_WORD = regexes.compile(r"[\s0-9.,%|\ufffc“”‘’\"'《》〈〉「」『』()（）【】\[\]*#>_`~/:：-]")
# A run of two or more word characters: its bigrams are those of one NON_WORD-split word (cutting runs
# into pairs costs less than a lookahead tried at every character).
WORD_RUN = regexes.compile(r"[^" + NON_WORD.pattern[1:] + r"{2,}")
HAN = regexes.compile(r"[\u4e00-\u9fff]")
DIGIT = regexes.compile(r"[0-9]")
CLAUSE_EDGE = frozenset("。；;！!？?\n,，、")
# …but a thousands separator (较上年的1,512件): a comma between a digit and exactly three more
NOT_THOUSANDS = r"(?!(?<=[0-9],)[0-9]{3}(?![0-9]))"
CLAUSE_EDGE_RE = regexes.compile("[" + re.escape("".join(sorted(CLAUSE_EDGE))) + "]" + NOT_THOUSANDS)
SOFT_EDGE = frozenset("：:*|")  # ends a claim's clause only once it has words of its own (标题: 内容)
SOFT_EDGE_RE = regexes.compile("[" + re.escape("".join(sorted(SOFT_EDGE))) + "]")
LAST_CLAUSE_EDGE = regexes.compile("(?s).*" + CLAUSE_EDGE_RE.pattern)  # greedy: the last one in a span
SENTENCE_EDGE = frozenset("。；;！!？?\n")
SENTENCE_EDGE_RE = regexes.compile("[" + re.escape("".join(sorted(SENTENCE_EDGE))) + "]")
# The steps a list of figures counts one object through (收到行政复议申请128件,受理121件,审结116件); a
# sentence that opens with one after a ; goes on the list before it (…申请1,126件,同比增长18.6%;依法受理…)
STEP_VERB = regexes.compile(
    r"收到|受理|办理|审结|办结|审核|审查|清理|废止|修改|修订|保留|排查|调处|化解|调解|立案|结案|查处"
    r"|处理|备案|接待|答复|办复|纠正|撤销|维持|驳回|变更|确认违法|责令履行|终止|新增|新建|收案"
)
BARE_STEP = regexes.compile(f"(?:{STEP_VERB.pattern})|[\u4e00-\u9fff]{{1,3}}率")  # 受理, 审结率: no object
STEP_START = regexes.compile(rf"(?:依法|全年|共|其中|累计)*(?:{STEP_VERB.pattern})")
# the words of a clause that names only the year its figure is of, or says it is compared with (上年为,
# 低于上年的, 去年同期为, 2023年为: its digits cut out)
BASE_ONLY = regexes.compile(r"[比较]?(?:低于|高于|相比)?(?:上一?年度?|去年|前年|年度?)?(?:同期)?[的为是]?")
NO_DIGITS = str.maketrans("", "", "0123456789")
CLAIM_LEFT = 24  # characters of a claim's clause before its number
CLAIM_RIGHT = 8  # …and after it (调处3687起矛盾纠纷)
SOURCE_LEFT = 48  # characters of a source sentence before its number
BREAKDOWN = "其中"  # a sentence of the parts of what the sentence before counts
SENTENCE_REACH = 240  # …and how far back its opening words are looked for, when it is longer
SUBJECT_CHARS = 16  # …and how many of them come along
SOURCE_RIGHT = 24  # …and after it, within its sentence: 对38名乡镇(街道)和县直部门主要负责人
HEADING_CHARS = 20  # a line or sentence this short before a number's sentence is its heading
# a clause that only says a figure was reached, naming nothing (达到, 提高至, 保持在)
REACH_ONLY = regexes.compile(
    r"(?:已经?|均|都|仍|全部)?(?:达到|达|为|是|保持在?|稳定在|(?:提高|提升|上升|增加|增长|下降|降低|减少|压减|缩短|升|降|增|减)[至到])了?"
)
# a clause that only says its figure is a share of what the clause before names (约占三成, 占比31.5%)
SHARE_ONLY = regexes.compile(r"(?:约|近|超过|逾|不足|仅)?占(?:比)?(?:为|达到?)?")
MIN_CLAIM_HAN = 2  # a clause with fewer Han characters borrows the clause before it
HEAD_GRAMS = 4  # bigrams right before a number: what it counts (…会前学法16次)
FAR_WEIGHT = 0.5  # weight of the words further back: the subject, often abridged (党政机关 for 县委、县政府)
ANCHOR_SHARE = 0.5  # share of a claim's bigrams its source fact must contain
NO_WORDS: frozenset[str] = frozenset()


def grams(words: str) -> frozenset[str]:
    """Character bigrams of ``words`` within each run of word characters, generic words cut out."""
    return frozenset(_bigrams(words))


LEADER = "负责人"  # the one word every leader word is read as


def compared_words(words: str) -> str:
    """``words`` as claims and the source's words are compared: generic words cut out (at a |), and
    every leader word read as one (局长, 主要负责人: 负责人)."""
    t = tables()
    return t.claim_generic_re.sub("|", t.leader_re.sub(LEADER, words))


def _bigrams(words: str) -> list[str]:
    """The bigrams of ``words`` in order, generic words and non-word characters cut out."""
    return word_pairs(WORD_RUN.findall(compared_words(words)))


def opening_gram(words: str) -> str | None:
    """The first bigram of ``words`` as claims are compared (generic words cut out): what a clause
    opens with, its subject when it names one (区政府常务会议专题学法: 区政)."""
    found = _bigrams(words)
    return found[0] if found else None


def word_pairs(runs: list[str]) -> list[str]:
    """Every two adjacent characters of each run of word characters, in order (overlapping)."""
    return [run[i : i + 2] for run in runs for i in range(len(run) - 1)]


@dataclass(slots=True)  # not frozen: a frozen init costs twice as much, and one is built per metric
class Claim:
    """The words of a candidate number's clause: before it (what it counts) and right after it."""

    before: dict[str, float]  # bigram -> weight: the words right before the number weigh most
    after: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.before or self.after)


def claim_grams_at(text: str, start: int, end: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`claim_grams` of the claim words of the number at ``text[start:end]``: before it, and right
    after it.

    After a title and a colon (**标题**: 两个科室…), a number that opens its clause counts the words
    after it, not the title; with no words after it (出庭应诉率: 100%) the words before the colon count.
    """
    edge = CLAUSE_EDGE_RE.search(text, end, end + CLAIM_RIGHT)
    right = edge.start() if edge else min(len(text), end + CLAIM_RIGHT)
    after = _bigrams(text[end:right])
    left = _clause_start(text, start, stop_at_soft_edge=bool(after))
    if (
        left > 0
        and text[left - 1] in ",，、"
        and not _list_item(text, left, start, end)
        and not _opens_its_own_clause(text, left, start, after)
        and (
            len(HAN.findall(text, left, start)) < MIN_CLAIM_HAN
            or says_only_how(words := text[left:start].strip())
            or REACH_ONLY.fullmatch(words)
            or SHARE_ONLY.fullmatch(words)
        )
    ):
        # 审结79件 → 受理行政复议案件86件,审结79件; a clause that only says how something changed, or when
        # the figure was, or that it reached it, names it in the clause before (事项压减至263项,减少23项;
        # 败诉率6.1%,上年为8.7%; 成功率较上年提高1.5个百分点,达到97.8%)
        left = _borrowed_clause_start(text, left)
    return tuple(_bigrams(text[left:start])), tuple(after)


def _borrowed_clause_start(text: str, left: int) -> int:
    """Where the clause before the one at ``left`` starts; when that clause is itself a change of the figure
    before it (办理行政处罚案件1386件,比上年减少126件,下降8.3%), where the one before it starts: the two
    changes are of what that one names."""
    start = _clause_start(text, left - 1)
    figure = DIGIT.search(text, start, left)
    if (
        figure is not None
        and start > 0
        and text[start - 1] in ",，"
        and only_a_change(text[start : figure.start()].strip())
    ):
        return _clause_start(text, start - 1)
    return start


def _opens_its_own_clause(text: str, left: int, start: int, after: list[str]) -> bool:
    """Does the number at ``start`` open its clause, the words after it saying what it counts, while
    the clause before has a figure of its own (18个村(社区)全部配备法律顾问,3个村被评为县级民主法治示范村)?
    Then the clause before names that figure, not this one."""
    return (
        bool(after)
        and not HAN.search(text, left, start)
        and bool(DIGIT.search(text, _clause_start(text, left - 1), left))
    )


def _list_item(text: str, left: int, start: int, end: int) -> bool:
    """Is the clause ``text[left:start]`` before the number at ``start`` an item of a list whose item
    before ends in the same measure word (街道2918件、镇1684件): its one word (镇) is its own name, the
    item before's name is another's."""
    return (
        text[left - 1] == "、"
        and left >= 2
        and text[left - 2] == text[end - 1]
        and len(HAN.findall(text, left, start)) == 1
    )


def claim_from(before: str, after: str) -> Claim:
    """The claim of the words before a number and right after it (see :func:`claim_grams_at`)."""
    return claim_from_grams(*claim_grams(before, after))


def claim_grams(before: str, after: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The bigrams, in order, of the words before a number and right after it: all a claim is made of,
    so two clauses that differ only in spacing or markup (``- ``, ``**``) make the same claim."""
    return tuple(_bigrams(before)), tuple(_bigrams(after))


def claim_from_grams(before: tuple[str, ...], after: tuple[str, ...]) -> Claim:
    """The claim of :func:`claim_grams`' bigrams."""
    return Claim(_weighted_grams(before), frozenset(after))


def claim_of_name(name: str) -> Claim:
    """A metric's name (in Simplified script) as a claim about what its number counts (its last words
    weigh most)."""
    return Claim(_weighted(fold(name)), NO_WORDS)


def _weighted(words: str) -> dict[str, float]:
    return _weighted_grams(_bigrams(words))


def _weighted_grams(bigrams: list[str] | tuple[str, ...]) -> dict[str, float]:
    # in order of first occurrence from the number back
    weights = dict.fromkeys(reversed(bigrams), FAR_WEIGHT)
    for gram in bigrams[-HEAD_GRAMS:]:  # the words right before the number weigh most
        weights[gram] = 1.0
    return weights


def _clause_start(text: str, pos: int, *, stop_at_soft_edge: bool = False) -> int:
    """Where the clause ending at ``pos`` starts, at most CLAIM_LEFT characters back: after the last
    clause edge, or after a later soft edge once the words after it are enough (or at once, when
    ``stop_at_soft_edge``)."""
    floor = max(0, pos - CLAIM_LEFT)
    hard = LAST_CLAUSE_EDGE.match(text, floor, pos)
    left = hard.end() if hard else floor
    for soft in reversed([found.end() for found in SOFT_EDGE_RE.finditer(text, left, pos)]):
        # (a measure word is no word: | 98件 | 128件 | before a table row's last cell names nothing)
        if stop_at_soft_edge or sum(map(len, WORD_RUN.findall(text, soft, pos))) >= MIN_CLAIM_HAN:
            return soft
    return left


def source_words(text: str, start: int, end: int, *, paragraph: bool = False) -> str:
    """The words of the source sentence up to and including the number at ``text[start:end]`` and
    the rest of its sentence (a short reach); a heading before the sentence comes along: the line
    before a paragraph, or a short sentence before it (二是动态调整权责清单。调整…217项); with
    ``paragraph``, the opening words of the paragraph a later sentence of it is in (what it is about)."""
    floor = max(0, start - SOURCE_LEFT)
    left = sentence_start(text, floor, start)
    subject = ""
    if left == floor > 0:
        # a long sentence (审结164件,其中维持98件、撤销11件…,纠错率为12.8%): its opening words name what
        # all its figures are of, however far from the number
        opening = sentence_start(text, max(0, start - SENTENCE_REACH), floor)
        subject = text[opening : min(floor, opening + SUBJECT_CHARS)] + " " if opening < floor else ""
    elif left > 0 and paragraph:
        # a later sentence of a paragraph (…行政复议机关共收到…。经审理,纠错率为13.3%): the paragraph's
        # opening words (often its heading, (四)发挥行政复议…作用) say what it is about, though not which
        # of its figures is which
        back = max(0, start - SENTENCE_REACH)
        paragraph = text.rfind("\n", back, left) + 1 or (0 if back == 0 else left)
        if paragraph < left - SUBJECT_CHARS:
            subject = text[paragraph : paragraph + SUBJECT_CHARS] + " "
    if left > 0 and text.startswith(BREAKDOWN, left) and text[left - 1] in "。;；":
        # a breakdown (…行政诉讼案件64件。其中,一审案件47件): what it breaks down is the sentence before's
        before = sentence_start(text, max(0, left - 1 - SOURCE_LEFT), left - 1)
        subject = text[before : left - 1] + " " + subject
    if 0 < left != floor:
        # a heading: the sentence before ends at most HEADING_CHARS before this one starts
        heading_edge = _last_sentence_edge(text, max(0, left - 2 - HEADING_CHARS), left - 1)
        if heading_edge >= 0:
            left = heading_edge + 1
        elif left - 1 <= HEADING_CHARS:
            left = 0
    reach = min(len(text), end + SOURCE_RIGHT)
    edge = SENTENCE_EDGE_RE.search(text, end, reach)
    right = edge.start() if edge else reach
    # the mention's own words (同比上升12.5%), and the words on both sides joined, as a name built
    # around the number reads them (对18个县 → 对县)
    return (
        subject
        + text[left:end]
        + "|"
        + text[end:right]
        + "|"
        + text[max(left, start - 2) : start]
        + text[end : end + 2]
    )


def sentence_start(text: str, floor: int, at: int) -> int:
    """Where the sentence that ``text[at]`` is in starts (not before ``floor``): after its last edge or,
    when a list's step opens it after a ; (…申请1,126件,同比增长18.6%;依法受理1,035件), where the sentence
    before starts: the step counts that sentence's object."""
    left = _last_sentence_edge(text, floor, at) + 1 or floor
    while left > floor and text[left - 1] in ";；" and STEP_START.match(text, left):
        left = _last_sentence_edge(text, floor, left - 1) + 1 or floor
    return left


def says_only_how(words: str) -> bool:
    """Do a clause's words before its figure only say how it changed, or the year it is of (上年为,
    低于上年的, 2023年为), naming nothing counted?"""
    return only_a_change(words) or BASE_ONLY.fullmatch(words.translate(NO_DIGITS)) is not None


def only_a_change(words: str) -> bool:
    """Do the words before a figure only say how the figure before it changed (同比增长, 较上年下降,
    比2023年增长)?"""
    t = tables()
    year = t.basis_year_re.match(words)
    basis = year.group() if year else next((word for word in t.basis_words if words.startswith(word)), "")
    verb = words[len(basis) :].removesuffix("了")
    return verb in t.direction_of or bool(basis) and verb in t.short_direction_of


def year_basis(words: str, start: int = 0, end: int | None = None) -> bool:
    """Are ``words[start:end]`` a change's basis said by its year (较2023年, 与2023年同期相比)?"""
    return tables().basis_year_re.fullmatch(words, start, len(words) if end is None else end) is not None


def year_basis_start(words: str, start: int, end: int) -> int | None:
    """Where a change's basis said by its year that ends ``words[start:end]`` starts, if one does."""
    found = tables().basis_year_end_re.search(words, start, end)
    return found.start() if found else None


def _last_sentence_edge(text: str, start: int, end: int) -> int:
    """Index of the last sentence edge in ``text[start:end]``, or -1: the first one in the span reversed
    (a greedy ``(?s).*`` before the edge would try the edge at every character back from the end)."""
    found = SENTENCE_EDGE_RE.search(text[start:end][::-1])
    return end - 1 - found.start() if found else -1


def fact_text(text: str, start: int, end: int) -> str:
    """:func:`source_words` with its paragraph's opening as compared (:func:`compared_words`): the text
    :func:`grams` cuts into bigrams.

    A claim's bigrams are pairs of word characters, so one is among ``grams(source_words(…))`` exactly
    when it occurs in this text: :func:`explained` reads it as is, without building the set.
    """
    return compared_words(source_words(text, start, end, paragraph=True))


def explained(claim: Claim, fact: frozenset[str] | str) -> float:
    """Share of a claim's words found among a source fact's (1.0 when the claim names nothing).

    ``fact`` is the fact's bigrams, or its :func:`fact_text` (a bigram is in it when it occurs in it).
    The words before a number must be explained; the words after it count only when the source has
    them too (调处3687起矛盾纠纷), because they more often start a new predicate (42项并逐项明确…).
    """
    has = fact.__contains__
    after = sum(map(has, claim.after)) if claim.after else 0
    before = claim.before
    if before:
        # Weighted, the words right before the number count most (党政机关会前学法 for 县委常委会会议、
        # 县政府常务会议会前学法); plain, a reordered restatement passes (行政复议案件收到 for 收到行政复议申请).
        found = list(filter(has, before))  # read by C loops, not a Python one: this runs for every metric
        weighted = (sum(map(before.__getitem__, found)) + after) / (sum(before.values()) + after)
        plain = (len(found) + after) / (len(before) + after)
        return max(weighted, plain)
    return after / len(claim.after) if claim.after else 1.0


def fold_candidate(candidate: str) -> str | None:
    """``candidate`` in Simplified script (same length), when converting changes it; else None.

    The source's words are compared in Simplified script (``Document.folded``), so a Traditional
    candidate is folded the same way. OpenCC is imported only when a candidate needs it.
    """
    if candidate.isascii() or not HAN.search(candidate):
        return None
    folded = _t2s().convert(candidate)
    return folded if folded != candidate and len(folded) == len(candidate) else None


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")
