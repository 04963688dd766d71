"""Grounding checks the response models run as validators: quotes, metric values, numbers in free text.

The source reaches the validators through the :data:`GROUNDING` ContextVar — never through instructor's
``context=``, which renders every message as a Jinja template. A failed check
raises ``ValueError`` with a message that names the field, the wrong number or quote, and what the
source says nearby, which instructor sends back to the model as the re-ask. On the last allowed
attempt the state is *lenient*: problems are recorded per field path and the answer is kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from summarizer import regexes
from summarizer.document import Document
from summarizer.extract_rules import CAUSE_WORDS, SHORTCOMINGS_AND_CAUSES
from summarizer.numbers.tables import tables

if TYPE_CHECKING:
    from summarizer.checks import NumberCheck
    from summarizer.numbers import Mention, SourceIndex

FAILING = ("unsupported", "mismatch")
ELLIPSIS = regexes.compile(r"…+|\.{3,}|。{3,}")
SENTENCE_END = regexes.compile(r"[。;；!！?？\n]")
CLAUSE_LEFT = regexes.compile(r"[。;；!！?？\n:：]")
CLAUSE_RIGHT = regexes.compile(r"[。;；!！?？\n,，、]")
KEEP_PUNCT = ".%‰"  # kept by the matcher: a decimal point or percent sign changes a number
MIN_FRAGMENT = 2  # an ellipsis fragment shorter than this (after normalising) proves nothing
CONTEXT_CHARS = 70
# A measure, shortcoming, plan or duty is grounded by its quote: the prompts ask for 原文引文, the place
# in the source that says it. Two to five characters (加强, 法治, 执法人员) occur all over any report and
# say nothing of one item; the shortest statements of one are six (执法力量不足, 深化普法宣传, 评查案卷86卷),
# counted as the matcher reads them (Han characters, letters and digits).
MIN_QUOTE_CHARS = 6
# An item's own words (its title, and a measure's summary) must come from where its quote stands: at
# least this share of their character pairs occurs in the quote's paragraph (or the heading line
# before it). Faithful answers score 0.6 and more, an abbreviating one a third (普法针对性不强 for
# 法治宣传教育的针对性和实效性有待进一步增强); a claim anchored on an unrelated sentence a quarter or less
# (已无明显短板 on 群众参与度不高: none; 实现复议零纠错 on 依法化解矛盾纠纷: 0.26).
MIN_WORDS_GROUNDED = 0.3
NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"  # a text without them or digits states no number
WORD_COUNT_BELOW = 10  # 三项制度, 两个维护: counts below it in Chinese numerals may be words of the genre
CN_NUMERAL_RUN = regexes.compile(r"[零〇一二两三四五六七八九十百千]+")
HAN_RUN = regexes.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# An item's own words may share every character pair with its quote and still say the opposite:
# 执法队伍力量充足 for 基层执法队伍力量不足, 经费投入充足 for 经费投入有限. A state said well of something
# (the two characters before it name the thing) ...
STATE_SAID_WELL = regexes.compile(
    r"([\u4e00-\u9fff]{2})(?<![不未无非欠])"
    r"(充足|充分|充裕|足够|到位|完善|健全|较强|很强|较高|很高|扎实|有力|良好|丰富|多样|均衡|平衡|畅通|及时|明显|规范)"
)
# ... where the source says that thing falls short (within a few characters after its name)
STATE_SAID_SHORT = regexes.compile(
    r"不足|有限|不强|不高|不够|欠缺|缺乏|薄弱|不到位|不完善|不健全|不规范|不力|单一|不平衡|不均衡|不畅"
    r"|不及时|不明显|不充分|滞后|偏弱|偏低|较弱|短缺|流于形式|有待"
)
SHORT_REACH = 6  # characters after the thing's name in which the source's shortfall is its own
# ... unless its clause says the shortfall was overcome (解决了执法力量不足的问题: an achievement)
SHORT_OVERCOME = regexes.compile(
    r"解决|破解|改变|扭转|克服|弥补|补齐|缓解|改善|化解|针对(?!性)|整治|整改|纠正|治理"
)
# ... or writes the item's own last word negated after it (覆盖面仍不够广 for 培训覆盖面广)
NEGATIONS = ("不够", "不太", "不", "未", "欠")
HAN_ENDING = regexes.compile(r"([\u4e00-\u9fff]{2})([\u4e00-\u9fff]{1,2})$")

BARE_KINDS = ("count", "money")  # what a bare number may stand for: a figure with its unit left out
Views = dict[tuple[int, int], tuple[str, list[int]]]  # clean span → its normalised text and offsets


# --------------------------------------------------------------------------- state


@dataclass
class GroundingState:
    """What the validators check against: the document and the clean spans that were sent."""

    doc: Document
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # per stage: clean spans sent
    ref_ids: frozenset[str] = frozenset()  # briefing stage: the fact ids the model may cite
    lenient: bool = False
    problems: dict[str, list[str]] = field(default_factory=dict)
    numbers: SourceIndex | None = None  # the report's number index (built here when not handed one)
    views: Views = field(default_factory=dict)  # shared by a report's calls: quotes are matched often
    report_year: int | None = None  # a metric of another year named in its sentence is other_year

    def reset(self) -> None:
        self.problems = {}
        self.lenient = False

    def begin_attempt(self, *, lenient: bool) -> None:
        self.problems = {}
        self.lenient = lenient

    @property
    def index(self) -> SourceIndex:
        if self.numbers is None:
            from summarizer.numbers import SourceIndex

            self.numbers = SourceIndex(self.doc)
        return self.numbers

    def enforce(self, problems: dict[str, list[str]]) -> None:
        """Raise (→ re-ask) unless this is the last attempt, in which case keep the problems."""
        problems = {path: msgs for path, msgs in problems.items() if msgs}
        if not problems:
            return
        if self.lenient:
            for path, msgs in problems.items():
                self.problems.setdefault(path, []).extend(msgs)
            return
        raise ValueError(reask_message(problems))


GROUNDING: ContextVar[GroundingState | None] = ContextVar("GROUNDING", default=None)


def current() -> GroundingState | None:
    return GROUNDING.get()


def reask_message(problems: dict[str, list[str]]) -> str:
    lines = ["以下内容与原文不符。请只改正这些地方，其余内容保持不变，再完整地回答一次："]
    number = 0
    for path, msgs in problems.items():
        for msg in msgs:
            number += 1
            lines.append(f"{number}. {path}：{msg}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- quotes


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def _norm_char(char: str) -> str:
    """Width and script folding for matching: keep letters, digits, Han and number punctuation only."""
    folded = unicodedata.normalize("NFKC", char)
    return "".join(c for c in folded if c.isalnum() or c in KEEP_PUNCT)


def normalize(text: str) -> str:
    return "".join(_norm_char(c) for c in _t2s().convert(text))


def _view(doc: Document, span: tuple[int, int], views: Views) -> tuple[str, list[int]]:
    """The normalised folded text of a clean span and, per normalised char, its clean offset."""
    if span not in views:
        chars, where = [], []
        for offset in range(*span):
            for c in _norm_char(doc.folded[offset]):
                chars.append(c)
                where.append(offset)
        text, folded = fold_numerals("".join(chars), where)
        views[span] = (text, folded or [])
    return views[span]


def fold_numerals(text: str, where: list[int] | None = None) -> tuple[str, list[int] | None]:
    """``text`` with each Chinese numeral written in Arabic digits (三百二十六 → 326), and ``where`` (a
    source offset per character) kept in step: a quote may write a figure either way the source does not
    (审议草案12件 for 审议草案十二件). Quote and source are folded alike, so words holding numeral
    characters (三项制度) still match themselves; a lone 一 (统一, 进一步), a run that is no one number
    (十四五) and digits read in place (二〇二四) are left as written."""
    from summarizer.numbers.chinese import scan_numeral

    out, offsets, last = [], [] if where is not None else None, 0
    for run in CN_NUMERAL_RUN.finditer(text):
        numeral = scan_numeral(run.group(), 0)
        if (
            numeral is None
            or numeral.end != len(run.group())
            or numeral.positional
            or numeral.lone_one
            or numeral.value != numeral.value.to_integral_value()
        ):
            continue
        digits = str(int(numeral.value))
        out.append(text[last : run.start()] + digits)
        if offsets is not None and where is not None:
            offsets += where[last : run.start()]
            offsets += [where[min(run.start() + i, run.end() - 1)] for i in range(len(digits) - 1)]
            offsets.append(where[run.end() - 1])
        last = run.end()
    if not out:
        return text, where
    out.append(text[last:])
    if offsets is not None and where is not None:
        offsets += where[last:]
    return "".join(out), offsets


def locate_quote(
    doc: Document, quote: str, spans: Iterable[tuple[int, int]], views: Views | None = None
) -> tuple[int, int] | None:
    """Clean ``(start, end)`` of ``quote`` inside one of ``spans``, tolerant of width, spacing, punctuation,
    script, figures in Chinese or Arabic numerals and ``……`` elisions (each elided fragment must appear
    in order); None when absent."""
    fragments = [fold_numerals(normalize(part))[0] for part in ELLIPSIS.split(quote)]
    fragments = [f for f in fragments if f]
    if not fragments or sum(map(len, fragments)) < MIN_FRAGMENT:
        return None
    for span in spans:
        found = _find_in_view(*_view(doc, span, {} if views is None else views), fragments)
        if found is not None:
            return found
    return None


def _find_in_view(text: str, where: list[int], fragments: list[str]) -> tuple[int, int] | None:
    first = fragments[0]
    position = text.find(first)
    while position >= 0:
        end = position + len(first)
        for fragment in fragments[1:]:
            nxt = text.find(fragment, end)
            if nxt < 0:
                end = -1
                break
            end = nxt + len(fragment)
        if end > 0:
            return where[position], where[end - 1] + 1
        position = text.find(first, position + 1)
    return None


def clauses_in(doc: Document, spans: Iterable[tuple[int, int]]) -> int:
    """How many clauses (runs between 。，、； and line ends) with a letter, digit or Han character the
    spans hold: the most items one answer can have, one per clause of the text it was sent."""
    return sum(
        1
        for start, end in spans
        for clause in CLAUSE_RIGHT.split(doc.text[start:end])
        if any(c.isalnum() for c in clause)
    )


def nearest_context(doc: Document, text: str, spans: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
    """The source sentence (clean span) sharing the most character bigrams with ``text``."""
    wanted = _bigrams(normalize(text))
    best, best_score = None, 0.0
    for start, end in spans:
        cursor = start
        for match in [*SENTENCE_END.finditer(doc.text, start, end), None]:
            stop = match.end() if match else end
            score = _overlap(wanted, _bigrams(normalize(doc.folded[cursor:stop])))
            if score > best_score and doc.text[cursor:stop].strip():
                best, best_score = (cursor, stop), score
            cursor = stop
    return _trim(doc, best) if best else None


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / (len(a) or 1)


def _trim(doc: Document, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    return start, end


def excerpt(doc: Document, span: tuple[int, int] | None, limit: int = CONTEXT_CHARS) -> str:
    if span is None:
        return ""
    text = " ".join(doc.text[span[0] : span[1]].split())
    return text if len(text) <= limit else text[:limit] + "…"


def check_quote(
    state: GroundingState, quote: str, spans: list[tuple[int, int]]
) -> tuple[tuple[int, int] | None, list[str]]:
    """The quote's clean span within ``spans``, or a problem naming the nearest source sentence.

    A quote whose elisions (……, ...) join places that are not one run of the source is found, so its
    item keeps its place, but is a problem: the prompt forbids 拼接, and 纠错率……不高 stitched from
    纠错率仍然偏高 and 参与度不高 says the opposite of the source.
    """
    span = locate_quote(state.doc, quote, spans, state.views)
    if span is not None:
        if (
            ELLIPSIS.search(quote)
            and locate_quote(state.doc, ELLIPSIS.sub("", quote), spans, state.views) is None
        ):
            return span, [
                f"引文“{_short(quote)}”用省略号把原文中不相连的几处拼在一起。引文必须是原文中连续的一段，不得拼接。"
            ]
        return span, []
    near = excerpt(state.doc, nearest_context(state.doc, quote, spans))
    hint = f"最接近的原文是：“{near}”。" if near else ""
    return None, [
        f"引文“{_short(quote)}”在本节原文中找不到。{hint}引文必须从本节原文逐字摘录，不得改写或拼接。"
    ]


def check_claim(state: GroundingState, quote: str, span: tuple[int, int] | None, *words: str) -> list[str]:
    """Problems of a found quote as the ground of an item: too short to say anything of one item, or
    the item's own ``words`` (its title, a measure's summary) not drawn from where the quote stands."""
    if span is None:
        return []  # the quote's own problem is reported on the quote
    if len(normalize(ELLIPSIS.sub("", quote))) < MIN_QUOTE_CHARS:
        return [
            f"引文“{_short(quote)}”太短(不足{MIN_QUOTE_CHARS}个字)，说明不了这一项。"
            "请摘录原文中写这一项的完整短句。"
        ]
    share = words_grounded(state.doc, span, *words)
    if (thing := shortfall_of_unnamed(state.doc, span, *words)) is not None:
        return [
            f"“{_short('：'.join(words))}”说“{thing}”有不足，引文所在的原文段落没有说到“{thing}”："
            f"“{excerpt(state.doc, span)}”。只能写原文所说的不足；请改写，或换成写这件事的原文引文。"
        ]
    if (said := said_the_other_way(state.doc, span, *words)) is not None:
        return [
            f"“{_short('：'.join(words))}”与原文所说相反：原文是“{said}”。"
            "概括和摘要只能照原文的意思写，不得把不足写成成绩。"
        ]
    if share is not None and share < MIN_WORDS_GROUNDED:
        return [
            f"“{_short('：'.join(words))}”在引文所在的原文段落中找不到依据：“{excerpt(state.doc, span)}”。"
            "概括和摘要只能写这段原文所说的事；请改写，或换成写这件事的原文引文。"
        ]
    return []


def said_the_other_way(doc: Document, span: tuple[int, int], *words: str) -> str | None:
    """The source's words, in the paragraph holding ``span``, that say a thing the item's ``words`` say
    well of (力量充足) falls short (力量不足, 投入有限); None when the item says nothing well or the source
    says no shortfall of it."""
    texts = [_t2s().convert(text) for text in words]
    said = [(m.group(1), None) for text in texts for m in STATE_SAID_WELL.finditer(text)]
    said += [pair for text in texts for pair in _endings(text)]
    if not said:
        return None
    start, end = paragraph_around(doc, span)
    source = doc.folded[start:end]
    for thing, state in said:
        at = source.find(thing)
        while at >= 0:
            found = _short_after(source, at + len(thing), state)
            if found is not None and not STATE_SAID_WELL.search(source, at, found[0]):
                left, right = clause_around(doc, start + at, start + found[1])
                if not SHORT_OVERCOME.search(doc.folded, left, right):
                    return source[at : found[1]]
            at = source.find(thing, at + 1)
    return None


def shortfall_of_unnamed(doc: Document, span: tuple[int, int], *words: str) -> str | None:
    """The thing the item's ``words`` say falls short (出庭应诉率偏低: 诉率, the two characters before the
    shortfall) when the quote's paragraph never names it: a judgement the source does not make
    (its 负责人出庭应诉不出声 says nothing of a rate). None when every such thing is named there."""
    start, end = paragraph_around(doc, span)
    source = normalize(doc.folded[start:end])
    for text in words:
        text = normalize(text)
        for short in STATE_SAID_SHORT.finditer(text):
            thing = text[max(0, short.start() - 2) : short.start()]
            if len(thing) == 2 and HAN_RUN.fullmatch(thing) and thing not in source:
                return thing
    return None


def _endings(text: str) -> list[tuple[str, str]]:
    """(thing, state) for the last one and two characters of ``text`` said plainly (培训覆盖面广: 盖面, 广;
    覆盖, 面广), none when a negation stands before them (执法力量不足)."""
    pairs = []
    for k in (1, 2):
        match = HAN_ENDING.search(text[-(k + 2) :]) if len(text) >= k + 2 else None
        if match and len(match.group(2)) == k and not text[:-k].endswith(NEGATIONS):
            pairs.append((match.group(1), match.group(2)))
    return pairs


def _short_after(source: str, at: int, state: str | None) -> tuple[int, int] | None:
    """Where, within SHORT_REACH characters from ``at``, the source says a shortfall: a word of
    STATE_SAID_SHORT, or (with ``state``) that word negated (不够广)."""
    if state is None:
        short = STATE_SAID_SHORT.search(source, at, at + SHORT_REACH)
        return (short.start(), short.end()) if short else None
    window = source[at : at + SHORT_REACH + len(state)]
    for negation in NEGATIONS:
        found = window.find(negation + state)
        if found >= 0:
            return at + found, at + found + len(negation) + len(state)
    return None


def check_causes(state: GroundingState, quote: str, spans: list[tuple[int, int]]) -> list[str]:
    """Causes count only with a quote of the source that states causes: its sentence has the words the
    rules read causes by (原因, 由于, 究其, 受…制约 …), other than in a heading that only names them.
    A quoted shortcoming is not its cause."""
    span, problems = check_quote(state, quote, spans)
    if span is None or problems:
        return problems
    start, end = sentence_around(state.doc, span)
    # a heading that names causes (存在的不足和原因) states none
    if CAUSE_WORDS.search(SHORTCOMINGS_AND_CAUSES.sub("", state.doc.folded[start:end])):
        return []
    return [
        f"causes 的引文“{_short(quote)}”没有分析原因(原文这句话里没有“原因”“由于”等词)。"
        "只在原文分析了不足的原因时摘录那句话，否则留空。"
    ]


def sentence_around(doc: Document, span: tuple[int, int]) -> tuple[int, int]:
    """The clean span of the sentences holding ``span``."""
    start = max((m.end() for m in SENTENCE_END.finditer(doc.text, 0, span[0])), default=0)
    end = SENTENCE_END.search(doc.text, span[1])
    return start, end.start() if end else len(doc.text)


def words_grounded(doc: Document, span: tuple[int, int], *words: str) -> float | None:
    """The share of the character pairs of ``words`` (within runs of Han characters) that occur in the
    paragraph holding ``span`` or the line before it (a heading); None when ``words`` have no pair."""
    wanted = {pair for text in words for run in HAN_RUN.findall(normalize(text)) for pair in _bigrams(run)}
    if not wanted:
        return None
    start, end = paragraph_around(doc, span)
    return _overlap(wanted, _bigrams(normalize(doc.folded[start:end])))


def paragraph_around(doc: Document, span: tuple[int, int]) -> tuple[int, int]:
    """The clean span of the lines holding ``span``, and of the line with text before them (a heading
    may stand on its own line above its paragraph)."""
    text = doc.text
    previous = text.rfind("\n", 0, span[0])  # the end of the line before, if any
    while previous > 0 and text[previous - 1].isspace():  # past blank lines
        previous -= 1
    start = text.rfind("\n", 0, previous) + 1 if previous > 0 else 0
    end = text.find("\n", span[1])
    return start, len(text) if end < 0 else end


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


# --------------------------------------------------------------------------- numbers


def check_numbers(state: GroundingState, text: str) -> list[str]:
    """Every number in a free-text field must pass the number engine against the whole source."""
    if not text or not any(c.isdigit() or c in NUMERAL_CHARS for c in text):
        return []
    return [_number_problem(state.doc, check) for check in state.index.check(text) if check.status in FAILING]


def _number_problem(doc: Document, check: NumberCheck) -> str:
    said = f"原文相近处：“{_source_text(doc, check)}”。" if check.source else "原文中没有这个数字。"
    reason = f"（{check.verdict}{'：' + check.reason if check.reason else ''}）"
    if check.verdict in ("unanchored", "possible_misattribution") and check.source:
        own = f"原文给这件事的数字见：“{_source_text(doc, check)}”。" if len(check.source) > 1 else ""
        return (
            f"数字“{check.text}”在原文中说的是别的事项{reason}：“{_source_text(doc, check, -1)}”。{own}"
            "请写明原文中这个数字所说的事项，或改用原文给这件事的数字，或删去它。"
        )
    return f"数字“{check.text}”与原文不符{reason}。{said}请照原文的写法改正这个数字（含“余”“近”“约”“以上”等限定词），或删去它。"


def _source_text(doc: Document, check: NumberCheck, which: int = 0) -> str:
    """The clause around one of the engine's source refs (offsets into the original), the best first."""
    ref = check.source[which]
    start, end = doc.to_clean(ref.start, ref.end)
    return excerpt(doc, clause_around(doc, start, end))


def clause_around(doc: Document, start: int, end: int, reach: int = 30) -> tuple[int, int]:
    left = max(
        (m.end() for m in CLAUSE_LEFT.finditer(doc.text, max(0, start - reach), start)),
        default=max(0, start - reach),
    )
    right_match = CLAUSE_RIGHT.search(doc.text, end, min(len(doc.text), end + reach))
    return _trim(doc, (left, right_match.start() if right_match else min(len(doc.text), end + reach)))


def check_value(
    state: GroundingState, value: str, quote_span: tuple[int, int] | None, name: str | None = None
) -> list[str]:
    """A metric's value must be a quantity written inside its own quote and, with ``name``, the source
    must say that this number counts what the name says (the clause holding the number, not the whole
    quote, decides: a quote may be a paragraph with several figures)."""
    if quote_span is None:
        if value_mention(value) is None:
            return [f"“{_short(value)}”不是一个数量；请照抄原文中的数字连同单位，如“2000余件”“95.6%”。"]
        return []  # the quote problem is reported on the quote itself
    mention = source_mention(state.index, value, quote_span, name=name)
    if mention is not None and value_mention(value) is None:
        value = mention.raw  # a bare number taken for its count (1,284 for 1,284件) is that claim
    span = (mention.start, mention.end) if mention is not None else quote_span
    check = state.index.check_value(value, *span, name=name)
    if check.status not in FAILING and value_mention(value) is not None:
        return []
    if mention is not None and check.verdict not in (
        "unanchored",
        "possible_misattribution",
        "direction_mismatch",
    ):
        return []  # the value as written is in the quote (排名第3 for 第3) and nothing says it is misnamed
    if mention is not None and check.verdict == "direction_mismatch":
        return [f"数值“{value}”的增减方向与原文“{mention.raw}”相反；请照抄原文的数字连同增减词。"]
    if mention is not None:
        clause = excerpt(state.doc, clause_around(state.doc, mention.start, mention.end))
        other = (
            f"原文中“{_short(name or '')}”的数字是“{check.source[0].text}”。" if len(check.source) > 1 else ""
        )
        return [
            f"统计对象“{_short(name or '')}”与数值“{value}”不对应：原文“{clause}”中的“{mention.raw}”说的是别的事项。"
            f"{other}请让统计对象与原文中这个数字所说的事项一致，或换成原文给这一事项的数字。"
        ]
    numbers = "、".join(f"“{m.raw}”" for m in mentions_in(state.index, *quote_span)) or "（无）"
    quote = excerpt(state.doc, quote_span)
    return [
        f"数值“{value}”不在它的引文“{quote}”中（{check.verdict}）；引文里的数量是：{numbers}。"
        "请照抄引文里的数字连同单位，或换一句包含该数字的引文。"
    ]


def check_figures_quoted(state: GroundingState, text: str, span: tuple[int, int] | None) -> list[str]:
    """An item's title states a figure of its own quote: 学法15次 on 研究法治建设工作4次 (the 15次 of
    another sentence) or 培训执法人员15期 on a plan's 不少于20期 each pass the check against the whole
    source, but the item points at a place that does not say them. (Whether the figure is written as
    the source writes it is :func:`check_numbers`' question.) A small count in Chinese numerals is a
    word of the genre as often as a figure (推行三项制度 over the sentence naming the three), and is
    left to that check."""
    if span is None or not any(c.isdigit() or c in NUMERAL_CHARS for c in text):
        return []
    from summarizer.numbers import extract_mentions

    inside = [(m.kind, m.value) for m in mentions_in(state.index, *span)]
    return [
        f"“{_short(text)}”中的数字“{m.raw}”不在它的引文“{excerpt(state.doc, span)}”中；"
        "请写引文所说的数字，或换成写这个数字的原文引文。"
        for m in extract_mentions(text)
        if m.is_quantity
        and m.value is not None
        and (m.value >= WORD_COUNT_BELOW or any(c.isdigit() for c in m.raw))
        and (m.kind, m.value) not in inside
    ]


def check_one_figure(value: str) -> list[str]:
    """A metric is one figure: a value writing two (326件、1,906件) would be checked, and kept, as its
    first, the other dropped unseen."""
    from summarizer.numbers import extract_mentions

    if sum(m.is_quantity for m in extract_mentions(value)) < 2:
        return []
    return [f"数值“{_short(value)}”写了不止一个数字；每项只写一个数字，其余的另列一项。"]


def check_named(name: str) -> list[str]:
    """A metric says what its figure counts: a figure with no name says nothing a reader can use."""
    return [] if any(c.isalpha() for c in normalize(name)) else ["统计对象为空；请写明这个数字统计的是什么。"]


def said_value(value: str, name: str, quote: str = "") -> str:
    """A metric's value as the source says it: a rate or points with no direction, named by the change
    it is of with its basis (罚没款同比下降 · 11.2%), is that change (同比下降11.2%), as the source writes
    it; so is one whose name ends with the change's verb when its quote writes that verb right before
    the value (行政处罚案件下降 · 8.3% quoting …1,512件下降8.3%): a model often puts the change's words
    in the name. Any other value as given."""
    mention = value_mention(value)
    if mention is None or mention.direction or mention.kind not in ("percent", "pct_point"):
        return value
    t = tables()
    verb = _word_ending(name, t.direction_by_last)
    basis = _word_ending(name[: -len(verb)], t.basis_by_last) if verb else None
    if basis is not None:
        return f"{basis}{verb}{value.strip()}"
    # (办结率提高 · 99.7% may well be a level reached, 提高到99.7%: only the quote's own words decide)
    changed = f"{verb}{value.strip()}" if verb else None
    return changed if changed and normalize(changed) in normalize(quote) else value


def _word_ending(text: str, by_last: dict[str, tuple[tuple[str, str], ...]]) -> str | None:
    """The word of a number table's index by last character that ``text`` ends with, if any."""
    return next((word for word, _ in by_last.get(text[-1:], ()) if text.endswith(word)), None)


def value_mention(value: str) -> Mention | None:
    from summarizer.numbers import extract_mentions

    return next((m for m in extract_mentions(value) if m.is_quantity), None)


def mentions_in(numbers: SourceIndex, start: int, end: int) -> list[Mention]:
    return [m for m in numbers.mentions if start <= m.start and m.end <= end and m.is_quantity]


def source_mention(
    numbers: SourceIndex, value: str, span: tuple[int, int], name: str | None = None
) -> Mention | None:
    """The source quantity inside ``span`` that ``value`` stands for: the same text as written (排名第3
    for 第3), else the same kind, value, qualifier and unit; among several, the one whose sentence
    best fits ``name``."""
    mentions = [part for m in mentions_in(numbers, *span) for part in (m, *m.parts)]  # 由A%提升至B%: A and B
    written = normalize(value)
    same_text = [m for m in mentions if written and normalize(m.raw) == written]
    wanted = value_mention(value)
    if not same_text and wanted is None:
        same_text = _count_of_bare(value, mentions)
    if same_text or wanted is None:
        found = same_text or [m for m in mentions if written and normalize(m.raw).endswith(written)]
    else:
        candidates = [
            m
            for m in mentions
            if m.value == wanted.value and m.kind == wanted.kind and m.qualifier == wanted.qualifier
        ]
        found = [m for m in candidates if m.unit == wanted.unit] or candidates
    if len(found) > 1 and name:
        # the first of equals: max keeps it; the sentence's words first, then the figure's own clause's
        # (出庭应诉率98%,…调解和解率98%: one sentence, so both fit a name of either as well)
        return max(found, key=lambda m: (_fits(numbers, m, name), _clause_fits(numbers.doc, m, name)))
    return found[0] if found else None


def _count_of_bare(value: str, mentions: list[Mention]) -> list[Mention]:
    """The counts or sums of money of ``mentions`` a bare number stands for (1,284 or 1284 for 1,284件,
    3.6亿 for 3.6亿元, as models answer a figure without its measure word, or as a JSON number): same
    value, stated exactly. The figure keeps the source's unit, and the claim is checked as the source
    writes it. Never a rate (99.2 for 99.2%: the sign changes the number) nor an approximation (1000
    for 近千件)."""
    from summarizer.numbers import extract_mentions

    bare = next((m for m in extract_mentions(value) if m.kind == "bare"), None)
    if bare is None or normalize(bare.raw) != normalize(value):
        return []
    return [m for m in mentions if m.kind in BARE_KINDS and m.qualifier == "exact" and m.value == bare.value]


def _clause_fits(doc: Document, mention: Mention, name: str) -> float:
    """The share of ``name``'s character pairs in the words of the figure's own clause before it."""
    start, _ = clause_around(doc, mention.start, mention.end)
    return _overlap(_bigrams(normalize(name)), _bigrams(normalize(doc.folded[start : mention.start])))


def _fits(numbers: SourceIndex, mention: Mention, name: str) -> float:
    """How well ``name`` says what the source mention counts (share of its words around it)."""
    from summarizer.numbers.claims import claim_of_name, explained, fold_candidate, grams, source_words

    text = numbers.text  # the analysis text the mention's nstart/nend index
    claim = claim_of_name(fold_candidate(name) or name)
    return explained(claim, grams(source_words(text, mention.nstart, mention.nend, paragraph=True)))
