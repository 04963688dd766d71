"""分别: a list of names and a list of figures that pair up by position (受理、审结行政复议案件分别为45件、
40件: 受理 45件, 审结 40件). A claim that names one item with another item's figure is wrong although
every word and the figure occur in the sentence; only the order tells them apart.

Read in normalised or folded text (offsets are the same in both). The names are the clause before 分别,
split at 、 和 及 与; the noun written once at the end of the last name (行政复议案件) is every name's, so
the last name's own words are only as long as the name before it (审结, not 审结行政复议案件), and the object
the first name starts with is every bare step's or rate's after it (案卷合格率和优秀率: 案卷优秀率). 均 or 都
gives one figure to every name of such a list (报备率、及时率均为100%). What tells
a name apart is its character pairs that no other name of the list has: a claim naming the list's noun
alone names none of them.
"""

from __future__ import annotations

import re

from summarizer import regexes
from summarizer.headings import past_marker
from summarizer.numbers.claims import BARE_STEP, NOT_THOUSANDS, STEP_VERB, grams
from summarizer.numbers.mentions import LIST_JOIN
from summarizer.numbers.tables import tables

WORD = "分别"
REACH = 48  # characters from 分别 to the last figure of its list, at most
# what 分别 says of every item before its first figure: a verb (分别为, 分别达到) or a predicate
# (分别占立案总数的, 分别比上年增长), within one clause and without a figure of its own
PREDICATE = regexes.compile(r"[^0-9,;。:!?()\n]{0,12}")
VERB_ONLY = regexes.compile(r"[为是达到了的]+")
NAME_CHARS = 40  # characters of the names before 分别, at most
NAMES_START = regexes.compile(r"(?s).*[,;。:!?()\n]")  # greedy: the last clause edge before the names
# (not the 及 of 及时率, the 和 of 和解率 or 和谐, the 与 of 与会: words a name may hold)
NAME_JOIN = regexes.compile(r"以及|、|和(?![解谐])|及(?!时)|与(?!会)")
FIGURE_JOIN = regexes.compile(rf"{LIST_JOIN.pattern}|\s*,\s*")
FIRST_DIGIT = regexes.compile(r"[0-9]")
# an item's own figure: its last number (全县8个乡镇共办理行政处罚案件1.35万件: 1.35万件, not 8个)
LAST_FIGURE = regexes.compile(r"(?s).*(?<![0-9.,])[0-9]")
# the clauses of a sentence whose figures a 分别 after them compares (…3,126件,…2,860余万元,同比分别增长…):
# split at a comma too, but not at a thousands separator
ITEM_JOIN = regexes.compile(NAME_JOIN.pattern + r"|[,，]" + NOT_THOUSANDS)
SENTENCE_START = regexes.compile(r"(?s).*[;。:!?\n]")  # greedy: the last sentence edge before the items
ITEMS_CHARS = 80  # characters of the clauses before 分别, at most
# what a list is compared with, said before 分别 (同比分别增长12.3%和8.7%): every item's, and no name
COMPARED = regexes.compile(r"(?:同比|环比|[较比](?:上年|去年)(?:同期)?|与上年相比)")
# One figure every name of the list before it has (出庭应诉率、行政复议决定履行率均为100%): 均 or 都 and a
# verb, right before the figure
SHARED = regexes.compile(r"(?:均|都)(?:为|是|达到|达|保持在|保持|实现)?")
SHARED_REACH = 6  # characters of 均 and its verb before the figure, at most

# Steps of one object (受理、审结行政复议案件): the last name's own words are its steps, the rest is every
# name's noun, whatever the name before holds besides its step (a scope: 市本级受理)
STEPS = regexes.compile(f"(?:{STEP_VERB.pattern})+")
STEP_END = regexes.compile(f"(?:{STEP_VERB.pattern})$")

Span = tuple[int, int]


def before(text: str, at: int) -> int:
    """Where the 分别 of a list whose figures may include the one at ``at`` starts, or -1."""
    return text.rfind(WORD, max(0, at - REACH), at)


def listed(text: str, word_at: int, figures: list[Span]) -> list[Span]:
    """Of ``figures`` (spans after the 分别 at ``word_at``, in order), those of its list: the first right
    after 分别 and its verb (分别为45件), each next one joined to the one before (、40件; 和7.5%)."""
    if not figures or PREDICATE.fullmatch(text, word_at + len(WORD), figures[0][0]) is None:
        return []
    found = figures[:1]
    for span in figures[1:]:
        if FIGURE_JOIN.fullmatch(text, found[-1][1], span[0]) is None:
            break
        found.append(span)
    return found


def joined(text: str, end: int, start: int) -> bool:
    """Do two figures of one list follow each other, nothing but a joiner between (45件、40件)?"""
    return FIGURE_JOIN.fullmatch(text, end, start) is not None


def names(text: str, word_at: int, figures: int = 0) -> list[Span]:
    """The names before the 分别 at ``word_at``, in order (one for 纠错率分别为8.9%和7.5%); none when one
    of them is empty. When 分别 opens its clause (or only 同比 stands before it), the names are the
    items before, each up to its own figure: of the clause before (食品安全案件426件、特种设备案件89件,分别
    占立案总数的22.9%和4.8%), or the last ``figures`` clauses of the sentence, each with its figure (办理
    法律援助案件3,126件,挽回经济损失2,860余万元,同比分别增长12.3%和8.7%)."""
    start = _clause_start(text, word_at)
    spans = _names_in(text, start, word_at)
    opens = spans == [(word_at, word_at)] or COMPARED.fullmatch(text, *spans[0])  # (…,同比分别增长)
    if not opens or start == 0 or text[start - 1] not in ",，":
        return [] if any(a == b for a, b in spans) else spans
    return _figure_items(text, start - 1, figures)


def _figure_items(text: str, end: int, figures: int) -> list[Span]:
    """The items before ``end`` that each have a figure, cut before it: the clause before's items when
    it has two or more, else the sentence's last clauses (``figures`` of them, when given)."""
    items = _names_in(text, _clause_start(text, end), end)
    if len(items) < 2:
        left = max(0, end - ITEMS_CHARS)
        edge = SENTENCE_START.match(text, left, end)
        items = _names_in(text, edge.end() if edge else left, end, ITEM_JOIN)
    figures_at = [_own_figure(text, a, b) for a, b in items]
    while figures and len(items) > figures and figures_at[0] is None:
        items, figures_at = items[1:], figures_at[1:]  # (a clause that opens the sentence with no figure)
    if figures and len(items) > figures:
        items, figures_at = items[-figures:], figures_at[-figures:]
    if len(items) < 2 or any(at is None for at in figures_at):
        return []  # (items that have no figure of their own name no list: 分别 is an adverb there)
    cut = [_stripped(text, a, at) for (a, _), at in zip(items, figures_at, strict=True) if at is not None]
    return [] if any(a == b for a, b in cut) else cut


def _own_figure(text: str, start: int, end: int) -> int | None:
    """Where the figure of the item ``text[start:end]`` starts: its last number, the words before it
    (a count of units included: 全县8个乡镇共办理…) its name."""
    found = LAST_FIGURE.match(text, start, end)
    return found.end() - 1 if found else None


def shared_names(text: str, at: int) -> list[Span]:
    """The names of a list of rates that all have the figure at ``at`` (报备率、及时率、规范率均达到100%), in
    order; none when no 均 or 都 stands right before it, or the clause before that is one name."""
    reach = max(0, at - SHARED_REACH)
    if text.find("均", reach, at) < 0 and text.find("都", reach, at) < 0:
        return []  # (most figures)
    found = next(
        (word for word in range(reach, at) if text[word] in "均都" and SHARED.fullmatch(text, word, at)), -1
    )
    if found <= 0:
        return []
    spans = _names_in(text, _clause_start(text, found), found)
    # names of rates each (报备率、及时率): a list of other words shares its nouns, not its figure
    # (市、区人大常委会建议、政协提案答复率均为100%: 建议 and 提案 share both of its rates)
    if len(spans) < 2 or any(a == b or text[b - 1] != "率" for a, b in spans):
        return []
    return spans


def predicate(folded: str, word_at: int, first: int) -> list[Span]:
    """What 分别 says of every item, when more than a verb (占立案总数, 比上年增长): the span from after
    分别 to ``first``, where the list's first figure's digits start, without a trailing 的/为 (none for
    a verb alone), after what the list is compared with when that stands before 分别 (同比分别增长: 同比,
    增长). Read in folded text (为, not 為); its offsets hold in the text as written."""
    start, end = _stripped(folded, word_at + len(WORD), first)
    if VERB_ONLY.fullmatch(folded, start, end):
        return []
    while end > start and folded[end - 1] in "的为是":
        end -= 1
    lead = _stripped(folded, _clause_start(folded, word_at), word_at)
    return [lead, (start, end)] if COMPARED.fullmatch(folded, *lead) else [(start, end)]


def _clause_start(text: str, end: int) -> int:
    """Where the clause ending at ``end`` starts, past a list marker opening it (2.市、县两级受理…)."""
    left = max(0, end - NAME_CHARS)
    edge = NAMES_START.match(text, left, end)
    return past_marker(text, edge.end() if edge else left)


def _names_in(text: str, start: int, end: int, join_re: re.Pattern[str] = NAME_JOIN) -> list[Span]:
    spans, at = [], start
    for join in [*join_re.finditer(text, start, end), None]:
        stop = join.start() if join else end
        span = _stripped(text, at, stop)
        if spans and spans[-1][1] - spans[-1][0] == 1:  # 市、县两级受理: one character names no item
            span = (spans.pop()[0], span[1])
        spans.append(span)
        at = join.end() if join else end
    return spans


def item_name(text: str, spans: list[Span], k: int) -> str:
    """The name of the ``k``-th item: its words, after the object the first name starts with when they
    are only a step or a rate (规范性文件报备率、及时率: 及时率 → 规范性文件及时率), and with the noun the last
    name ends in when it is not the last (受理 → 受理行政复议案件)."""
    name = text[slice(*spans[k])]
    if k and (head := _head_chars(text, spans)) and BARE_STEP.fullmatch(name):
        name = text[spans[0][0] : spans[0][0] + head] + name
    if k == len(spans) - 1:
        return name
    last = spans[-1]
    return name + text[last[0] + _own_chars(text, spans) : last[1]]


def name_keys(text: str, spans: list[Span]) -> list[frozenset[str]]:
    """The character pairs of each name that no other name of the list has (empty for a name with
    none), generic words (全年, 共) cut out."""
    own = [text[a:b] for a, b in spans]
    own[-1] = own[-1][: _own_chars(text, spans)]
    own[0] = own[0][_head_chars(text, spans) :]  # (案卷 of 案卷合格率和优秀率 is both names')
    pairs = [grams(tables().claim_generic_re.sub("", name)) for name in own]
    return [
        mine.difference(*(other for j, other in enumerate(pairs) if j != i)) for i, mine in enumerate(pairs)
    ]


def _head_chars(text: str, spans: list[Span]) -> int:
    """How many characters the first name starts with that are every name's, when the last is a step or
    a rate alone (案卷合格率和优秀率: 案卷, the first name's words before a rate as long as 优秀率), or 0."""
    if len(spans) < 2 or not BARE_STEP.fullmatch(text, *spans[-1]):
        return 0
    head = (spans[0][1] - spans[0][0]) - (spans[-1][1] - spans[-1][0])
    return head if head > 0 and BARE_STEP.fullmatch(text, spans[0][0] + head, spans[0][1]) else 0


def _own_chars(text: str, spans: list[Span]) -> int:
    """How many characters of the last name are its own: as many as the name before it has, generic
    words (全年, 共) cut out; all of them when it ends in no noun the others share: a name with its
    own figure (挽回经济损失2,860余万元), or a step or a rate alone (合格率和优秀率)."""
    last = spans[-1]
    if len(spans) < 2 or FIRST_DIGIT.match(text, last[1]) or BARE_STEP.fullmatch(text, *last):
        return last[1] - last[0]
    if STEP_END.search(text, *spans[-2]) and (steps := STEPS.match(text, *last)):
        return steps.end() - last[0]  # 市本级受理、审结行政复议案件: 审结, however long the words before 受理
    return max(2, len(tables().claim_generic_re.sub("", text[slice(*spans[-2])])))


def _stripped(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
