"""Checking the numbers of a candidate text against a source document.

Each candidate mention S is compared with every source *facet* T near its value. A facet is a
source mention as it may be restated: a plain quantity, either end of a 由A%至B% change, or the
difference B−A in percentage points, or between the two exact ends of a count's change (由612项压减至548项:
64项), or the change from a base figure to the figure compared with it (98.7%,比2022年(91.2%): 由91.2%至98.7%,
and its 7.5个百分点) (``derived``). The comparison yields one verdict:

- ``match``: same interval; ``consistent``: S is weaker but true (T ⊆ S); ``rounded``: S is T
  with decimals dropped (a mismatch under ``strict``); ``derived``: S is B−A of a from→to pair (said as
  a change the way it went, for a count).
- ``qualifier_mismatch`` / ``unit_mismatch`` / ``direction_mismatch`` / ``kind_mismatch``: the
  value agrees but the claim does not.
- ``possible_misattribution``: the value exists in the source, but the words around S belong to
  another source number (two figures of a sentence swapped). Decided on character bigrams of the
  clause around each number, using only the words that tell the two source numbers apart.
- ``value_mismatch``: the clause is recognisably a source clause but its number differs.
- ``unanchored``: the value is in the source, but only for facts the words of S's clause do not
  name (新建调解室177个 where 177个 counts 民主法治示范村); see :mod:`summarizer.numbers.claims`.
- ``not_found``: nothing in the source supports S.

Years and dates are matched as dates; identifiers, ordinals and bare numbers are matched literally,
and a “quoted” or 《title》 span of a candidate must occur in the source as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, cached_property, lru_cache
from heapq import nsmallest
from operator import attrgetter

from summarizer import regexes
from summarizer.checks import NumberCheck, SourceRef
from summarizer.document import Document
from summarizer.headings import is_heading_marker
from summarizer.indicators import period_at, period_of
from summarizer.numbers import respectively
from summarizer.numbers.chinese import CN_DIGITS, CN_UNITS
from summarizer.numbers.claims import (
    ANCHOR_SHARE,
    CLAIM_LEFT,
    CLAUSE_EDGE_RE,
    HAN,
    LAST_CLAUSE_EDGE,
    NO_WORDS,
    REACH_ONLY,
    SENTENCE_EDGE_RE,
    STEP_START,
    STEP_VERB,
    Claim,
    claim_from_grams,
    claim_grams,
    claim_grams_at,
    claim_of_name,
    explained,
    fact_text,
    fold_candidate,
    grams,
    opening_gram,
    says_only_how,
    sentence_start,
    source_words,
    word_pairs,
)
from summarizer.numbers.mention import DATE_KINDS, QUANTITY_KINDS, SCOPE_UNIT_CLASSES, Mention, format_decimal
from summarizer.numbers.mentions import (
    BASE_FIGURE_GAP,
    BASE_WORD,
    CHANGE_END_KINDS,
    SAID_AGAINST,
    SPACED_DATE,
    analyse,
    analysed,
    analysis_text,
    bound_step,
    checkable_char,
    direction_of_change,
    from_marker_before,
    quoted_spans,
)
from summarizer.numbers.rows import (
    CELL_GAP,
    cell_at,
    cell_gap,
    cell_of_year_row,
    column_head,
    column_year,
    figure_cells,
    other_column_head,
    row_year,
)
from summarizer.numbers.tables import tables
from summarizer.reader import has_traditional

ROUNDING_ERROR = Decimal("0.05")  # how far, relatively, a rounded restatement may move a figure
POSITIVE = ("match", "derived", "consistent", "rounded")
LEVEL_KINDS = frozenset({"count", "money"})  # what a figure counts, not how it changed
FIGURE_KINDS = LEVEL_KINDS | {"percent"}  # …or a rate: what a change that follows it is of
# between a figure and its change (…万件,较上年下降6.4%; …万元,较2023年增长8.1%: the year is a mention)
CHANGE_GAP = regexes.compile(r"[\s,，、;；(（]*(?:[较比](?:上年|去年|(?:19|20)[0-9]{2}年)(?:同期)?)?")
# between a figure and its rank (调解成功率为98.2%,居全国第3位)
RANK_GAP = regexes.compile(
    r"[\s,，、(（]*(?:位居|位列|名列|排名|排在|居|列)(?:全国|全省|全市|全区|全州|全县)?(?:第)?"
)
FULL_OR_NONE = (Decimal(100), Decimal(0))  # a rate of all or none: no rounding reaches it
COMPARED_YEAR = regexes.compile(r"[较比与同][^0-9]?$")  # before a year a figure is compared with
SPAN_START = regexes.compile(r"\s*(?:以来|至今|起|开始|[-—~至到])")  # after a year that starts a span
RUNNING_TOTAL = regexes.compile(r"累计|以来|至今")  # a claim of a running total, not of one year
# a running total's start (2021年以来, 2021—2023年)
FIRST_YEAR = regexes.compile(r"(?:19|20)[0-9]{2}(?=年|[-—~至到])")
PART_YEAR = "part_year"  # (indicators.period_of's name for 上半年, 一季度 …)
TARGET_GRAMS = frozenset({"力争", "争取", "确保", "力求", "目标", "预计", "计划"})  # a figure set as a target
TARGET_WORDS = regexes.compile("|".join(sorted(TARGET_GRAMS)))
# a verb of reaching that ends the words before a figure (合格率达到|100%): said of any figure, it may
# tie a claim to a source figure said with it (出庭应诉率达到100%) over the one its name is of (合格率100%)
REACH_TAIL = regexes.compile(rf"(?<=[\u4e00-\u9fff]{{2}})(?:{REACH_ONLY.pattern})(?=\|)")
REACHED_WORDS = regexes.compile(r"(?:已经?|业已)[^,，;；。]{0,6}$|了$")  # 已达到95%, 提高到了95%
EXPLICIT_YEAR = regexes.compile(r"(?:19|20)[0-9]{2}年|今年|本年")  # a year a claim names, not 全年's
# a claim of what is planned, in its clause or its sentence's lead (下一步,培育…)
PLAN_SAID = regexes.compile("将|拟|明年|下一年度?|下一步|下步|今后|安排|打算|部署")
SENTENCE_TARGET = regexes.compile("力争|力求")  # (never said of a figure reached, unlike 确保 or 计划)
RELATIVE_YEAR = regexes.compile(
    r"(?<![较比与同])(?:(?P<this>今年|本年度?|(?<!年)全年|(?<!年)当年)|(?P<last>上年度?|去年)(?!以来))"
    r"|(?<=[较比与])(?P<base>上年度?|去年)(?=(?:同期)?的|\((?=[0-9]))"  # 较上年的38件: the figure compared with
)
RELATIVE_YEAR_START = regexes.compile("[今本全当上去]年")  # where a RELATIVE_YEAR match can start
# the years next to the report year, as a report names them (上年, 上一年度, 去年; 明年, 下一年度)
PREVIOUS_YEAR_SAID = regexes.compile(r"(?<!以)上一?年度?|去年")  # (not 一年以上年限)
NEXT_YEAR_SAID = regexes.compile(r"明年|下一年度?")
# a claim saying its figure is the sum of what it names (人大代表建议和政协委员提案共215件, 两项合计76件)
SUM_SAID = regexes.compile(r"共计?|合计|总计|两项|两者|二者")
# …or of the figures before it in its own sentence (学法10次、研究3次,合计13次), said right before it
SUM_OF_THE_ABOVE = regexes.compile(r"(?:[两三四五六]项|二者|两者|以上|上述)?(?:合计|共计|总计)(?:为|达)?$")
# a claim saying its figure is a whole's (全州人民调解员…, 共计…), and the word a breakdown's parts follow
WHOLE_SAID = regexes.compile(r"全[省市县区州镇乡旗盟]|共计|合计|总计|总数|共有")
PART_MARK = "其中"
# a word of change anywhere in a claim's words (新增, 增加, 减少, 多, 压缩…): said as a change, not a level
CHANGE_SAID = regexes.compile(r"[增减升降涨跌多少扩缩压削精]|提高|降低|回落|下滑")
# a clause opening with a place's organ or office names its own subject (区政府…, 县法院…, 乡镇…, 市长…; not
# 市场, 市民, 乡村, 区域)
SUBJECT_OPENING = regexes.compile(
    r"[\s,，;；、]*(?:其中|同时|另外|此外|全年|并)?[省市县区州镇乡村街](?![场民村域])"
)
SCOPE_WORD = regexes.compile(r"全(?:国|省|市|州|盟|区|县|旗)")  # what a rank ranks among (全省第5位)
# what a figure counts over: a whole place (全市) or its own level only (市本级, 本级); 全市共审核213件 and
# 市本级审核46件 are two figures of one kind that the claim's other words (folded: claim_generic_words)
# cannot tell apart
REACH_WORD = regexes.compile(r"全(?:国|省|市|州|盟|区|县|旗|镇|乡)|(?:省|市|州|县|区|旗)?本级")
# a source saying in words that there was none of something (全年无一起…, 未发生…, 实现零…)
NONE_SAID = regexes.compile(r"无一[起件例个宗人]?|未发生|没有发生|未出现|零发生|实现“?零")
NONE_CONTEXT = 12  # characters after such words a reason quotes
PER_HEAD = regexes.compile(r"人均|户均|每[千万]?人")  # a figure per person (人均培训时长), not a total
# a claim of what a figure went to: a verb of change and 到/至 right before it (增加到224件, 降至5%)
CHANGED_TO = regexes.compile(
    r"(?:上升|增长|增加|提高|提升|下降|减少|降低|压减|压缩|缩短|缩减|[增降减升])(?:到|至)了?$"
)
# the numeral characters of a figure written in Chinese (五千六百余件), read as digits are: no words
CHINESE_NUMERAL = regexes.compile("[" + "".join(sorted(set(CN_DIGITS) | set(CN_UNITS))) + "]")
# the last comma or semicolon of a span, not a thousands separator (1,902)
LAST_COMMA = regexes.compile(r"(?s).*(?:[，;；]|,(?![0-9]{3}(?![0-9])))")
# names of the nation's calendar (十四五, 八五普法's 八五, 二十大, 二十届, 三中全会): never a claim about the report
NATIONAL_NAME = regexes.compile(
    r"(?:十[一二三四五六]|[一二三四五六七八九])五|(?:十[五六七八九]|二十[一二]?)(?:大|届)|[一二三四五六七]中全会"
)
FIRST_DIGIT = regexes.compile(r"(?<=[\u4e00-\u9fff])[0-9]")  # a sentence's first figure (not its 1.)
CUT_NUMBER = regexes.compile(r"^[0-9.,]+")  # digits a context window starts with: maybe a number's tail
COMPARED_CLAIM = regexes.compile(r"[较比]|低于|高于|相比")  # a claim that says its figure is compared with
BASE_WORD_CHARS = 12  # how far before a base figure its 较 or 比 stands (较2023年同期的)
BASE_REACH = 3  # mentions after a year compared with among which its base figure is (a date may come first)
MAX_BASE_GAP = 24  # characters between a figure and the base figure after it (,较2023年同期的)
# after a year compared with: its own figure follows (较2022年的45件, 比2023年(8.7%))
BASE_FIGURE = regexes.compile(r"(?:同期)?的|\((?=[0-9])")
NEAR = ("qualifier_mismatch", "unit_mismatch", "direction_mismatch", "kind_mismatch")
MISMATCH_VERDICTS = frozenset(NEAR) | {"value_mismatch", "possible_misattribution"}
COMPATIBLE_KINDS = {
    "count": frozenset({"count"}),
    "money": frozenset({"money"}),
    "percent": frozenset({"percent"}),
    "pct_point": frozenset({"pct_point"}),
    "pct_change": frozenset({"pct_change"}),
    "pct_from_to": frozenset({"pct_from_to"}),
    "rank": frozenset({"rank"}),
    "duration": frozenset({"duration"}),
}
MAX_MENTION_CHARS = 64  # longer than any single numeric expression (由53.4%提升至95% is 13)
MIN_OTHER_SIMILARITY = 0.3  # Dice of S's clause and a rival source clause, to accuse S of misattribution
MIN_EXPLAINED = 0.5  # …or this share of S's clause bigrams found in the rival clause
MIN_MARGIN = 0.25  # and the rival must explain S's clause this much better than the matched number
MAX_SENTENCE_GAP = 120  # characters between two numbers of one sentence, at most
TARGET_REACH = max(CLAIM_LEFT, MAX_SENTENCE_GAP)  # how far before a figure a word may set it as a target
PARAGRAPH_REACH = 300  # characters either side of a metric's number searched for a swapped item
MAX_POSTING = 64  # a bigram found around more source numbers than this tells none of them apart
REF_CONTEXT = 16  # characters of source text shown before a cited number (half as many after)
PAGE_META_KIND = "meta"  # NoiseSpan.kind of page metadata lines (发布日期 …), see summarizer.reader
# A summary declaring its own numbers checked (所有数字均已核实, 以上数据经核对无误): an instruction a report
# or a model may slip in, never a fact about the source.
VERIFIED_CLAIM = regexes.compile(
    r"(?:所有|全部|以上|上述|各项|文中|本文|本报告|本简报|简报中?的?)[^。；;！!？?\n]{0,4}?(?:数字|数据|数值|指标)"
    r"[^。；;！!？?\n]{0,6}?(?:核实|核对|核验|核查|验证|校验|校核)(?:准确无误|无误|通过|属实)?"
    # the summary itself said checked (本简报已核实), or an instruction to mark it so (请标记为已核实)
    r"|(?:本简报|本报告|本文|简报|以上内容|上述内容)(?:均|已|均已|业已|经)+(?:核实|核对|核验|核查|验证|校验)"
    r"|(?:标记|标注|判定|视为|认定)为?(?:已核实|已核对|已验证|核实无误|核验通过)"
)
CHECKED_VERB = regexes.compile(
    "核实|核对|核验|核查|验证|校验|校核"
)  # the verbs VERIFIED_CLAIM's sentences use
CHECKED_REACH = 24  # characters before such a verb that such a sentence spans


def declares_checked(text: str) -> bool:
    """Does ``text`` hold a VERIFIED_CLAIM? Read only around its verbs of checking: a text with no 核 or
    验 (most) is not read at all, and 审核 is no such verb."""
    if "核" not in text and "验" not in text:
        return False
    return any(
        VERIFIED_CLAIM.search(text, max(0, verb.start() - CHECKED_REACH), verb.end() + 4)
        for verb in CHECKED_VERB.finditer(text)
    )


# What a check of a mention reads: all of it but where it stands (start, end, nstart, nend) and its
# parts, which are compared by the same content.
QUOTED_FLAGS = frozenset({"quoted", "in_title"})
NOT_JUDGED_KINDS = DATE_KINDS | {"ident", "ordinal", "bare"}  # check_mention's other checks
_PLACE_FIELDS = frozenset({"start", "end", "nstart", "nend", "parts"})
_MENTION_CONTENT = attrgetter(*(f.name for f in fields(Mention) if f.name not in _PLACE_FIELDS))
NON_WORD = regexes.compile(r"[\s0-9.,%|\ufffc“”‘’\"'《》〈〉()（）【】\[\]*#>_`~-]")
WORD_RUN = regexes.compile(r"[^" + NON_WORD.pattern[1:] + r"{2,}")  # a word: its bigrams overlap
# A line of our own Markdown around source slices: ``- `` (or a heading's ``## ``) before it, and a
# ``**heading**`` before the clause it leads (``- **强化组织领导**: 专题研究法治工作4次``).
HEAD_SAYS_WHEN = regexes.compile(r"[0-9０-９]|今年|本年|全年|当年|上年|去年")  # in a heading: a time
BARE_START = regexes.compile(r"[^0-9０-９\w]*[0-9０-９]")  # a clause that starts with its figure
MARKUP_LINE = regexes.compile(r"(?:#+ |- )?(?:\*\*(?P<head>[^*\n]+)\*\*(?::\s*|$))?(?P<body>[^\n]*)")
# How our Markdown writes source text, so that markup in it stays text (a scraped <script>, a link or an
# image [12件](//…)), and how a line is read back as it displays.
MARKDOWN_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]"}
ESCAPED = regexes.compile("|".join(map(re.escape, MARKDOWN_ESCAPES.values())))
UNESCAPED = {escaped: char for char, escaped in MARKDOWN_ESCAPES.items()}


@dataclass(eq=False)
class Facet:
    """A source number as it may be restated."""

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
    direction: str | None
    precision: Decimal | None
    scale: Decimal | None
    mention: Mention  # the source span to cite
    derived: bool = False
    shared_context: bool = False  # its bigrams are its parent's context, not its own (a from→to end)
    bigrams: frozenset[str] = field(default_factory=frozenset)
    words: frozenset[str] | None = None  # bigrams of its sentence (claims.source_words), when needed
    fact: str | None = None  # …the text they are cut from (claims.fact_text), when needed
    topic: frozenset[str] | None = None  # …of that sentence up to the number (SourceIndex._topic)
    clause: frozenset[str] | None = None  # context bigrams before the number (_clause_before)
    period: str | None = None  # the span of time its sentence says it covers, when asked (_period)

    @property
    def sort_value(self) -> Decimal:
        for v in (self.value, self.lo, self.hi):
            if v is not None:
                return v
        return Decimal(0)


@dataclass(slots=True, eq=False)  # one per source number judged: compared by identity
class _Candidate:
    verdict: str
    facet: Facet
    similarity: float


def context_bigrams(context: str) -> frozenset[str]:
    """Character bigrams of each side of a mention's context, ignoring digits and punctuation
    (``|`` between the sides is one of them)."""
    if context == "|":  # a number read alone (a metric's value): no words on either side
        return NO_WORDS
    return frozenset(word_pairs(WORD_RUN.findall(context)))


def _clause_before(facet: Facet) -> frozenset[str]:
    """Context bigrams of the words before a facet's number: its own clause (read once, when asked)."""
    if facet.clause is None:
        facet.clause = context_bigrams(facet.mention.context.partition("|")[0])
    return facet.clause


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


class SourceIndex:
    """The numbers of one source document, indexed once, and the checks against them."""

    def __init__(
        self, doc: Document, report_year: int | None = None, plan_spans: list[tuple[int, int]] | None = None
    ) -> None:
        self.doc = doc
        self.report_year = report_year  # what 今年 and 上年度 name, when known
        # clean spans of the next year's plan (its figures are targets); read from the outline when
        # first asked, unless the caller has the outline already
        self._plan_spans = plan_spans
        norm, self.mentions = analyse(doc.text, folded=doc.folded)
        self._norm = norm
        self.text = norm.text  # normalised, folded source text for literal checks
        self.has_lists = respectively.WORD in self.text  # (分别: names and figures paired by order)
        self.facets = sorted(self._facets(), key=lambda f: f.sort_value)
        self._values = [f.sort_value for f in self.facets]
        self._open_facets = [f for f in self.facets if f.lo is None or f.hi is None]
        self.by_kind: dict[str, list[Facet]] = {}
        for facet in self.facets:
            self.by_kind.setdefault(facet.kind, []).append(facet)
        # Page metadata the cleaner removed (发布日期, 信息时间) still states dates of this page.
        self.dates = [m for m in self.mentions if m.kind in DATE_KINDS] + self._page_dates()
        self.literal_values = {
            m.value for m in self.mentions if m.value is not None and m.kind not in DATE_KINDS
        }
        self._starts = [m.start for m in self.mentions]
        self._hint = 0
        self._by_start = sorted(self.facets, key=lambda f: f.mention.start)
        self._facet_starts = [f.mention.start for f in self._by_start]
        self._postings: dict[str, list[Facet]] | None = None  # bigram -> facets whose sentence has it
        self._spaceless: str | None = None  # the source without whitespace, for quoted spans
        self._spaced: frozenset[Decimal] | None = None  # dates typeset with spaces (_spaced_dates)
        # Built once per source mention, however many fields quote it (this report's only).
        self._own_checks: dict[tuple[int, bool], NumberCheck] = {}  # (mention index, strict) -> check
        # Judged once per claim, however many fields restate it (a briefing point and its Markdown line).
        self._claim_checks: dict[tuple, NumberCheck] = {}  # (mention content, its bigrams, strict) -> check
        self._value_mentions: dict[str, list[Mention]] = {}  # a metric's value as text -> its mentions
        self._refs: dict[int, tuple[Mention, SourceRef]] = {}  # id(mention) -> (it, its SourceRef)
        self._rival_postings: dict[str, dict[str, list[int]]] = {}  # kind -> bigram -> positions
        self._paragraphs: dict[tuple[int, int], list[Facet]] = {}  # normalised bounds -> its facets
        self._years: list[tuple[int, int]] | None = None  # figure_years of the source, when first asked
        self._figure_periods: dict[tuple[int, frozenset[str]], str] = {}  # see period_at
        self._texts_checked: dict[tuple[str, bool, str | None], list[NumberCheck]] = {}  # see check
        self._targets: dict[int, bool] = {}  # normalised start of a source figure -> sets_a_target

    # ------------------------------------------------------------------ building

    def _facets(self) -> list[Facet]:
        facets: list[Facet] = []
        previous = None  # the figure before (事项由612项压减至548项: 612项 before 548项)
        for m in self.mentions:
            if m.kind not in QUANTITY_KINDS:
                continue
            second_end = previous is not None and "change_from" in previous.flags and "change_to" in m.flags
            # the second end of a change stated by both is named by the subject before the first end, as
            # that end is (市级行政许可事项由2023年的286项精简至263项): its own window holds little but the change
            facets.append(_facet(m, context=_joined_context(previous, m)) if second_end else _facet(m))
            if m.kind == "pct_from_to" and len(m.parts) == 2:
                # Both ends describe the parent's subject (一次性通过率), so they share its words.
                facets.extend(_facet(part, context=m.context) for part in m.parts)
                facets.append(_difference_facet(m))
            elif m.kind == "pct_change" and m.unit == "倍" and m.value is not None:
                facets.append(_percent_facet(m))  # 增长了1倍 is 增长100%
            elif second_end:
                facets.extend(self._change_facets(previous, m))
            elif previous is not None and BASE_FIGURE_GAP.fullmatch(self.text, previous.nend, m.nstart):
                facets.extend(self._change_facets(m, previous))  # 98.7%,比2022年(91.2%): from 91.2% to it
            elif previous is not None and (base := self._base_by_points(previous, m)) is not None:
                facets.extend(self._change_facets(base, previous)[:1])  # 98.6%,比上年提高3.1个百分点
            elif previous is not None and self._later_column(previous, m):
                facets.extend(
                    self._change_facets(previous, m)
                )  # 出庭应诉率 98.5% 100%: from one to the other
            previous = m
        return facets

    def _later_column(self, first: Mention, second: Mention) -> bool:
        """Are two figures of one kind the cells of one table row, the second under a later year's
        column than the first (指标 2023年 2024年 / 出庭应诉率 98.5% 100%)? A summary may restate them as
        one change."""
        if (
            first.kind != second.kind
            or first.unit != second.unit
            or not cell_gap(self.text[first.nend : second.nstart])
            or not (first.nstart and self.text[first.nstart - 1] in CELL_GAP)
        ):
            return False
        years = column_year(self.text, first.nstart), column_year(self.text, second.nstart)
        return None not in years and years[0] < years[1]  # type: ignore[operator]

    def _base_by_points(self, level: Mention, change: Mention) -> Mention | None:
        """The rate a year before, when a change in points with a basis is said right after a rate
        (可办率达到98.6%,比上年提高3.1个百分点: 95.5%), as a figure at the change's span: a summary may
        restate both as one change (由95.5%提升至98.6%). None for any other pair."""
        if (
            change.kind != "pct_point"
            or change.direction is None
            or level.kind != "percent"
            or _basis(change.raw) is None
            or self.text[level.nend : change.nstart].strip(" ,，")
            or level.value is None
            or change.value is None
        ):
            return None
        base = level.value - change.value if change.direction == "up" else level.value + change.value
        return replace(
            level, value=base, lo=base, hi=base, start=change.start, end=change.end, nstart=change.nstart,
            nend=change.nend, raw=change.raw, flags=frozenset(),
        )  # fmt: skip

    def _change_facets(self, first: Mention, second: Mention) -> list[Facet]:
        """The change from ``first`` to ``second``, as a summary may restate it: between two exact counts
        (事项由612项压减至548项 supports 事项压减64项: the difference, cited as the span of both), or two
        percentages (出庭应诉率98.7%,比2022年(91.2%)提高… supports 由91.2%提升至98.7% and its difference
        in percentage points). Nothing when an end is approximate, or they are equal."""
        goes = direction_of_change(first.value, second.value, second.kind)
        if (
            goes is None
            or first.qualifier != "exact"
            or second.qualifier != "exact"
            or first.unit != second.unit
        ):
            return []
        at, end = min(first, second, key=attrgetter("start")), max(first, second, key=attrgetter("end"))
        both = replace(
            second,
            start=at.start,
            nstart=at.nstart,
            end=end.end,
            nend=end.nend,
            raw=self.doc.text[at.start : end.end],
        )
        if second.kind == "percent":
            change = replace(
                both, kind="pct_from_to", value_from=first.value, direction=goes, parts=(first, second)
            )
            return [_facet(change), _difference_facet(change)]
        if second.kind not in CHANGE_END_KINDS:
            return []
        diff = abs(second.value - first.value)
        moved = replace(
            _facet(second), value=diff, lo=diff, hi=diff, direction=goes, mention=both, derived=True,
            precision=min(first.precision or Decimal(1), second.precision or Decimal(1)),
        )  # fmt: skip
        # a rank's move is said as a count of places (由第14位上升至第9位: 上升5位, 前进5名)
        return [
            replace(moved, kind="count", unit="位", unit_class="people") if second.kind == "rank" else moved
        ]

    def _page_dates(self) -> list[Mention]:
        """Dates inside removed ``meta`` noise, with offsets into the original text."""
        found = []
        for span in self.doc.removed_noise:
            if span.kind != PAGE_META_KIND:
                continue
            for m in analyse(span.text)[1]:
                if m.kind in DATE_KINDS:
                    shifted = replace(m, start=m.start + span.start, end=m.end + span.start)
                    found.append(replace(shifted, flags=shifted.flags | {"page_meta"}))
        return found

    # ------------------------------------------------------------------ public checks

    def check(
        self, candidate: str, *, strict: bool = False, folded: str | None = None, planned: bool = False
    ) -> list[NumberCheck]:
        """One check per number of ``candidate``; offsets index ``candidate``.

        Each quantity is checked as a claim: its value, and what the words of its clause say it counts.
        ``planned``: the text sets out the next year's plan (a plan item, a briefing's plan point), as
        the text's own plan heading says of the lines under it (### 下一年度安排).
        A text checked again (a briefing point's and its Markdown line's) is read once: fresh copies of
        its checks come back each time, as callers move them and set their field.
        """
        key = (candidate, strict, folded, planned)
        checks = self._texts_checked.get(key)
        if checks is None:
            checks = self._texts_checked[key] = self._checks_of(candidate, strict, folded, planned)
        return [check.at(check.start, check.end) for check in checks]

    def _checks_of(
        self, candidate: str, strict: bool, folded: str | None, planned: bool
    ) -> list[NumberCheck]:
        """:meth:`check` of a text not checked before."""
        norm = analysis_text(candidate, folded or self._simplified(candidate))
        mentions = analysed(candidate, norm)[1]
        plans = [] if planned or "\n" not in norm.text else plan_sections(norm.text)
        quotes = [
            (a, b, self._quote_present(norm.text[a + 1 : b - 1])) for a, b, _ in quoted_spans(norm.text)
        ]
        checks = []
        years = figure_years(norm.text, mentions, self.report_year) if mentions else []
        written = cache(lambda: figure_years(norm.text, mentions))  # the years written out, once, if asked
        figure = None  # the last number before that is no date
        items = _listed_items(norm.text, mentions) if respectively.WORD in norm.text else {}
        said = _numerals_as_digits(norm.text, mentions)  # (the text the claims' words are read in)
        for m in mentions:
            inside = [present for a, b, present in quotes if a < m.nstart and m.nend < b]
            if (
                inside
                and m.kind == "ident"
                and any(a + 1 == m.nstart and m.nend + 1 == b for a, b, _ in quotes)
            ):
                checks.append(self._check_identifier(m))  # (“十四五”: a quote of the name alone is the name)
            elif inside:  # a number inside 《title》 or “quote”: the whole span must be the source's
                checks.append(self._check_quoted(m, strict, present=all(inside)))
            else:  # (a date, an identifier or a bare number is checked whatever year it is of)
                year, named = (
                    self._year_of_claim(norm.text, years, m, written)
                    if _judged_as_quantity(m)
                    else (None, False)
                )
                checks.append(
                    self._check_claim(
                        m,
                        strict,
                        said,
                        year,
                        _words_end(norm.text, figure, m),
                        named=named,
                        item=items.get((m.nstart, m.nend)),
                        planned=planned or any(a <= m.nstart < b for a, b in plans),
                    )
                )
            if m.kind not in DATE_KINDS:
                figure = m
        if "计" in norm.text:  # (cheap first: no 合计 nor 共计, no sum)
            _sums_of_the_above(norm.text, mentions, checks, strict)
        for a, b, present in quotes:
            if not present and not any(a < m.nstart and m.nend < b for m in mentions):
                checks.append(self._absent_literal(candidate, *norm.span(a, b)))
        for found in VERIFIED_CLAIM.finditer(norm.text) if declares_checked(norm.text) else ():
            if not any(a < found.start() and found.end() < b and present for a, b, present in quotes):
                checks.append(self._absent_literal(candidate, *norm.span(*found.span()), kind="assertion"))
        checks.sort(key=attrgetter("start"))
        return checks

    def _year_of_claim(
        self,
        text: str,
        years: list[tuple[int, int]],
        m: Mention,
        written: Callable[[], list[tuple[int, int]]],
    ) -> tuple[int | None, bool]:
        """The year a claim's quantity ``m`` is said of in ``text`` (normalised; ``years``: its
        figure_years, ``written``: those without the report year's cues, computed once per text), and
        whether that year is named: an earlier year written out (2023年), not only implied
        (上年结转2件,办结62件)."""
        if (column := _claim_column_year(text, m)) is not None:
            return column, True  # | 行政复议申请 | 98件 | 128件 | under | 2023年 | 2024年 |
        year = year_said(text, years, m.nstart) if years else None
        if year is None or self.report_year is None or year == self.report_year:
            return year, False
        return year, year_said(text, written(), m.nstart) == year

    def _check_claim(
        self,
        m: Mention,
        strict: bool,
        text: str,
        year: int | None = None,
        words_end: int | None = None,
        *,
        named: bool = False,
        item: str | None = None,
        planned: bool = False,
    ) -> NumberCheck:
        """:meth:`check_mention` of ``m`` as a claim of ``text`` (normalised) about ``year`` (named before
        it in its sentence; ``named``: an earlier one written out, 2023年), judged once for all mentions
        that read the same amid the same words: the check depends on nothing else but where ``m`` stands.
        ``words_end``: where the words naming it end, when not at the number (see :func:`_words_end`);
        ``item``: its name when it is a figure of a 分别 list of the claim (see :func:`_listed_items`)."""
        # equal bigrams make identical claims; a number that is not judged as a quantity (a date, an
        # identifier, a quoted one) is checked without its words: they are not read at all
        at = m.nstart if words_end is None else words_end
        if item is not None and _reads_words(m):
            m = replace(m, context=f"{item}|")  # (its own words are its item's, not the whole list's)
            words: tuple[tuple[str, ...], tuple[str, ...]] | None = claim_grams(item, "")
        else:
            words = claim_grams_at(text, at, m.nend) if _reads_words(m) else None
        if _judged_as_quantity(m):
            former, running, whole_year, unmarked, part_year = _said_when(text, m.nstart, year, planned)
        else:  # a date, an identifier, a quoted or bare number: check_mention reads none of these
            former = running = whole_year = unmarked = part_year = False
        key = (_content(m), words, strict, year, former, running, named, unmarked, whole_year, part_year)
        judged = self._claim_checks.get(key)
        if judged is None:
            claim = claim_from_grams(*words) if words is not None else None
            judged = self.check_mention(
                m, strict=strict, claim=claim, year=year, former=former, running=running, named=named,
                unmarked=unmarked, whole_year=whole_year, part_year=part_year,
            )  # fmt: skip
            self._claim_checks[key] = judged
        return judged.at(m.start, m.end)

    def _simplified(self, candidate: str) -> str | None:
        """The candidate folded to Simplified script (its words are compared with the folded source),
        when it may hold Traditional text: the source does, or the candidate has a Traditional numeral
        word (個, 萬, 項 …) or any other Traditional character (調解矛盾糾紛: a model writing Traditional
        of a Simplified report). None when there is nothing to fold. Each text is folded once: a
        metric's name is asked for by several of its checks."""
        folded = self._folded_texts
        if candidate not in folded:
            may_fold = (
                self.doc.script != "simplified" or _foldable().search(candidate) or has_traditional(candidate)
            )
            folded[candidate] = fold_candidate(candidate) if may_fold else None
        return folded[candidate]

    @cached_property
    def _folded_texts(self) -> dict[str, str | None]:
        """:meth:`_simplified` of each text asked for (this report's only)."""
        return {}

    def _quote_present(self, inner: str) -> bool:
        """Does the text of a “quote” or 《title》 occur in the source (spacing aside)?"""
        if not inner.strip() or inner in self.text:
            return True
        if self._spaceless is None:
            self._spaceless = "".join(self.text.split())
        return "".join(inner.split()) in self._spaceless

    @staticmethod
    def _absent_literal(candidate: str, start: int, end: int, kind: str | None = None) -> NumberCheck:
        text = candidate[start:end]
        kind = kind or ("title" if text[:1] in "《〈" else "quote")
        reason = (
            "only the rule-based check can say the numbers are verified; a summary saying so is not evidence"
            if kind == "assertion"
            else f"this {kind} does not occur in the source"
        )
        return NumberCheck(
            text=text, start=start, end=end, kind=kind, value=None, status="unsupported", verdict="not_found",
            reason=reason,
        )  # fmt: skip

    def check_verbatim(
        self, candidate: str, *, strict: bool = False, window: tuple[int, int] | None = None
    ) -> list[NumberCheck] | None:
        """Checks for a candidate that is an exact slice of the cleaned source, or None if it is not.

        Its numbers are then the source's own mentions, read in their full context, so each one is
        supported by itself: no search, no attribution. Extractive reports verify in linear time.
        ``window`` (clean offsets) limits where to look, when the caller knows where it quoted from.
        """
        text = self.doc.text
        at = self._find(candidate) if window is None else text.find(candidate, *window)
        bounds = (0, len(text)) if window is None else window
        while at >= 0:
            checks = self._verbatim_at(at, candidate, strict)
            if checks is not None:
                return checks
            # the slice cuts a number in two (86项 in 1,286项): another place may hold it whole
            at = text.find(candidate, at + 1, bounds[1])
        return None

    def _verbatim_at(self, at: int, candidate: str, strict: bool) -> list[NumberCheck] | None:
        """:meth:`check_verbatim`'s checks of ``candidate`` found at ``at``, or None when the slice cuts a
        number in two there."""
        end = at + len(candidate)
        starts, mentions, own_checks = self._starts, self.mentions, self._own_checks
        first = bisect_left(starts, at)
        if first > 0 and mentions[first - 1].end > at:
            return None  # the slice cuts a number in two: judge what it actually says
        checks = []
        for i in range(first, bisect_left(starts, end, first)):  # the mentions that start inside it
            m = mentions[i]
            if m.end > end:
                return None
            own = own_checks.get((i, strict))
            if own is None:
                own = own_checks[i, strict] = self._own_check(m, strict)
            checks.append(own.at(m.start - at, m.end - at))
        return checks

    def check_lines(
        self, candidate: str, *, strict: bool = False, exempt: Sequence[tuple[int, int]] = ()
    ) -> list[NumberCheck]:
        """Checks of a text whose lines each state something alone (a briefing's Markdown, one line per
        point and a title and facts line from the report's own fields): each line checked alone, a line
        of source slices in our markup by :meth:`check_pieces` (the briefing's points were mostly checked
        so already, as fields: this is where the Markdown takes their checks). Offsets index
        ``candidate``. A line whose words lie within an ``exempt`` span (our own statement, whose checks
        the caller drops) is not checked."""
        checks: list[NumberCheck] = []
        at = 0
        planned = False  # under a plan heading (### 下一年度安排)
        checkable = checkable_char().search
        for written in candidate.split("\n"):
            if (heading := candidate_heading(written)) is not None:
                planned = is_plan_heading(heading)
            # (a check of a bullet's line starts past its ``- ``: see check_pieces and the shift below)
            words_at = at + 2 if written.startswith("- ") else at
            # a line with no number, quote or title (a heading: ### 存在的不足) states nothing to check
            if (
                (checkable(written) or declares_checked(written))
                and written.strip()
                and not any(a <= words_at and at + len(written) <= b for a, b in exempt)
            ):
                line, where = displayed(written)  # as a reader sees it: &lt; is <, \[ is [
                on_line = self.check_pieces(line, strict=strict)
                shift = 0
                if on_line is None:  # a bullet's ``- `` is no word of its claim
                    shift = 2 if line.startswith("- ") else 0
                    on_line = self.check(line[shift:], strict=strict, planned=planned)
                for check in on_line:  # fresh objects: moved in place
                    start, end = check.start + shift, check.end + shift
                    check.start, check.end = (
                        (at + where[start], at + where[end]) if where else (at + start, at + end)
                    )
                checks.extend(on_line)
            at += len(written) + 1
        return checks

    def check_pieces(self, candidate: str, *, strict: bool = False) -> list[NumberCheck] | None:
        """Checks of a line made of verbatim source text in our markup (``- **heading**: clause``: each
        piece a slice of the cleaned source, see :meth:`check_verbatim`), or None if it is not one. The
        clause must name what its figures count (words before its first figure) and the heading no
        time: else the heading could change what the figures say, and the line is judged as a claim."""
        line = MARKUP_LINE.fullmatch(candidate)
        if line is None or line.start("body") == 0 or declares_checked(candidate):
            return None  # no markup (check_verbatim's case), or a claim of ours to judge
        if line.start("head") >= 0 and (
            HEAD_SAYS_WHEN.search(candidate, *line.span("head"))
            or BARE_START.match(candidate, line.start("body"))
        ):
            # the heading would say what or when the clause's figures are (**行政诉讼案件**: 45件,
            # **2023年成效**: …): the line is judged as one claim, not as two quotes
            return None
        checks: list[NumberCheck] = []
        for piece in ("head", "body"):
            start, end = line.span(piece)
            if start == end:  # (-1, -1): no heading
                continue
            own = self.check_verbatim(candidate[start:end], strict=strict)
            if own is None:
                return None
            for check in own:
                check.start, check.end = check.start + start, check.end + start
            checks.extend(own)
        return checks

    def _find(self, candidate: str) -> int:
        """Where ``candidate`` occurs in the cleaned text; searching on from the last hit first,
        because a report's fields mostly come in document order."""
        text = self.doc.text
        if not candidate:
            return -1
        at = text.find(candidate, self._hint)
        if at < 0:
            at = text.find(candidate, 0, self._hint + len(candidate))
        if at >= 0:
            self._hint = at
        return at

    def _own_check(self, m: Mention, strict: bool) -> NumberCheck:
        if m.flags & {"quoted", "in_title"} or m.kind in ("ident", "ordinal"):
            return self._result(m, "identifier", [], "verbatim source text", strict)
        return self._result(m, "match", [], "verbatim source text", strict, cited=[m])

    def check_value(
        self,
        mention_text: str,
        quote_start: int,
        quote_end: int,
        *,
        strict: bool = False,
        name: str | None = None,
        reading: Mention | None = None,
    ) -> NumberCheck:
        """Is the number written in ``mention_text`` inside the clean span [quote_start, quote_end)?

        With ``name`` (a metric's), the pair is checked as a claim: the source must say that this number
        counts what the name says, and no other number of its sentence or paragraph may fit the name
        better (a name/value swap between two items of one sentence). ``reading`` may give the mention
        the text reads as, when the caller built it (verify.metric_reading): it is not read again.
        """
        m = reading if reading is not None else self._value_reading(mention_text)
        if m is None:
            return NumberCheck(
                text=mention_text, start=0, end=len(mention_text), kind="bare", value=None,
                status="unsupported", verdict="not_found", reason="no number could be read from this value",
            )  # fmt: skip
        if m.kind in DATE_KINDS:
            dates = [d for d in self.dates if d.start < quote_end and d.end > quote_start]
            return self._check_date(m, dates)
        inside = self._facets_within(quote_start, quote_end)
        claim_words = (self._simplified(name) or name) if name else ""
        claim = claim_of_name(claim_words) if name else None
        verdict, refs, reason = self._judge(m, inside, strict=strict, attribution=False, claim=claim)
        if (
            claim
            and verdict in POSITIVE
            and (swap := self._swapped_in_paragraph(m, refs[0], claim) or self._respective(m, refs[0], claim))
        ):
            verdict, refs, reason = swap
        if name and verdict in POSITIVE and (other_reach := self._reach_differs(name, refs[0])):
            verdict, refs, reason = other_reach
        if name and verdict in POSITIVE and (per_head := self._per_head_differs(claim_words, refs[0])):
            verdict, refs, reason = "unanchored", refs[:1], per_head  # a metric's name, like a claim's words
        if (
            name
            and ("年" in name or "去" in name)
            and verdict in POSITIVE
            and (year := self._year_named(name)) is not None
            and (
                other := self._year_taken(refs[0], year, running := RUNNING_TOTAL.search(name) is not None)
                or (None if running else self._of_report_year(refs[0], year))
            )
        ):  # 2023年受理行政复议案件 for the 2022年 figure; 上年收到…172件 for the report year's
            verdict, refs, reason = other
        if (
            name
            and verdict in POSITIVE
            and self.sets_a_target(refs[0].mention)
            and not TARGET_WORDS.search(self._simplified(name) or name)
            and not self._of_a_later_year(name)
        ):  # 培训执法人员 3000人次 for 全年计划培训…3000人次: a target is no metric of the year (extract_rules)
            where = f"«{refs[0].mention.raw}» ({_ctx(refs[0])})"
            verdict, refs, reason = (
                "unanchored",
                refs[:1],
                f"the source sets {where} as a target, not as a figure reached",
            )
        return self._result(m, verdict, refs, reason, strict)

    def period_at(self, start: int, flags: frozenset[str]) -> str:
        """:func:`~summarizer.indicators.period_at` of the figure at clean offset ``start`` in this
        report, read once: the rules' metric and the verifier's check of it ask the same."""
        key = (start, flags)
        period = self._figure_periods.get(key)
        if period is None:
            period = self._figure_periods[key] = period_at(self.doc, start, self.report_year, flags)
        return period

    def flags_at(self, start: int) -> frozenset[str]:
        """The number engine's flags of the source number that starts at clean offset ``start`` (none
        when no number starts there)."""
        i = bisect_left(self._starts, start)
        return self.mentions[i].flags if i < len(self.mentions) and self._starts[i] == start else frozenset()

    def _of_a_later_year(self, name: str) -> bool:
        """Does a metric's name say its figure is of a year after the report's (2025年行政复议纠错率)?"""
        year = self._year_named(name) if "年" in name else None
        return year is not None and self.report_year is not None and year > self.report_year

    def _year_named(self, name: str) -> int | None:
        """The year a metric's name says its figure is of (the last one it names, see figure_years)."""
        norm, mentions = analyse(self._simplified(name) or name)
        years = figure_years(norm.text, mentions, self.report_year)
        return years[-1][1] if years else None

    def _value_reading(self, mention_text: str) -> Mention | None:
        """The number :meth:`check_value` checks in ``mention_text``: its first quantity, date or bare
        number."""
        mentions = self._value_mentions.get(mention_text)
        if mentions is None:  # metrics of one value (2个, 100%) share a reading
            mentions = self._value_mentions[mention_text] = analyse(mention_text)[1]
        return next(
            (m for m in mentions if m.kind in QUANTITY_KINDS or m.kind in DATE_KINDS or m.kind == "bare"),
            None,
        )

    def _swapped_in_paragraph(
        self, s: Mention, chosen: Facet, claim: Claim
    ) -> tuple[str, list[Facet], str] | None:
        """Another number of the chosen one's paragraph whose own clause names what the claim names."""
        wanted = frozenset(claim.before) | claim.after
        if not wanted or not chosen.bigrams:
            return None  # no words on one side: nothing can contradict the pair (see _belongs_elsewhere)
        if self._is_base_figure(chosen):
            return (
                None  # 较上年的9,402件: named by the figure it is compared with, whose words are not its own
            )
        if wanted <= chosen.bigrams:
            return None  # every word of the name is around the chosen number: no rival has one of its own
        after = chosen.mention.context.partition("|")[2]
        # a word pair of the claim (two characters) is one of their character pairs if it occurs in them
        if any(map(after.__contains__, wanted)):
            return None  # the name's words follow the number: 23个市级行政执法部门 counts those
        mine = _Candidate("match", chosen, dice(wanted, chosen.bigrams))
        kinds = _kinds_like(s.kind)
        rivals = [
            _Candidate("value_mismatch", f, dice(wanted, f.bigrams))
            for f in self._paragraph_facets(chosen.mention.nstart)
            if f.kind in kinds
            and f is not chosen
            and (f.direction is None)
            == (chosen.direction is None)  # a change's words name no level (_rivals)
            # a rival sharing no word with the claim cannot be accused (see _belongs_elsewhere), unless
            # its words are not those of its bigrams (an end of a from→to change)
            and (f.shared_context or not wanted.isdisjoint(f.bigrams))
            and f.value != chosen.value
            # (another unit only when the rival's own words are all the name's and the chosen one's none of
            # them: 出具法律意见书 for 22次 in 列席常务会议22次,出具法律意见书63份 takes 63份's name,
            # whatever the unit; 执法人员培训 for 培训班11期、培训1450人次 is 1450人次's too; the rival's words
            # are cut into pairs only then)
            and (_units_compatible(s, f) or (wanted.isdisjoint(chosen.bigrams) and wanted <= _own_words(f)))
            and (f.unit_class not in SCOPE_UNIT_CLASSES or f.unit_class == s.unit_class)
            and not self._named_alike(chosen, f)
            # (a half year's figure, 其中上半年…3,980件, takes no name of a whole year's)
            and (self._period(f) != PART_YEAR or self._period(chosen) == PART_YEAR)
        ]
        for rival in sorted(rivals, key=lambda c: -c.similarity):
            if _belongs_elsewhere(wanted, mine, rival, topic=self._topic(chosen, rival.facet)):
                return _accuse(s, mine, rival)
        return None

    def _named_alike(self, a: Facet, b: Facet) -> bool:
        """Do the same words name two figures, so that neither can be said to take the other's: cells of
        one table row (出庭应诉率 92.5% 100%: nothing but spaces between them), or the two ends of one
        change (事项由612项压减至548项)?"""
        first, second = sorted((a.mention, b.mention), key=attrgetter("nstart"))
        if "change_from" in first.flags and "change_to" in second.flags:
            return not SENTENCE_EDGE_RE.search(self.text, first.nend, second.nstart)
        if cell_gap(self.text[first.nend : second.nstart]):  # unless each column's header names its own
            return column_head(self.text, first.nstart) is None  # (类别 收到(件) 受理(件))
        if BASE_FIGURE_GAP.fullmatch(self.text, first.nend, second.nstart):
            return True  # 行政处罚案件1,386件,较2023年的1,512件: a figure and the one it is compared with
        # (or two figures of one list: 分别为8.9%和7.5%, where only the order can tell them apart)
        return respectively.joined(self.text, first.nend, second.nstart)

    def _paragraph_facets(self, at: int) -> list[Facet]:
        """Facets of the paragraph around normalised offset ``at`` (at most PARAGRAPH_REACH either side),
        found once per paragraph: the metrics of one paragraph share it. A table's row is one line, and
        its rows one paragraph (行政复议 收案 … +30.6% / 行政复议 结案 … +28.6%: a row's figure may be
        claimed for another's)."""
        text = self.text
        reach = max(0, at - PARAGRAPH_REACH), min(len(text), at + PARAGRAPH_REACH)
        start = max(text.rfind("\n", reach[0], at) + 1, at - PARAGRAPH_REACH)
        end = text.find("\n", at, reach[1])
        end = reach[1] if end < 0 else end
        if cell_at(text, at) is not None:
            start, end = _table_rows(text, start, end, reach)
        found = self._paragraphs.get((start, end))
        if found is None:
            found = self._paragraphs[start, end] = self._facets_within(*self._norm.span(start, end))
        return found

    def _facets_within(self, start: int, end: int) -> list[Facet]:
        """Facets whose mention overlaps ``[start, end)`` (mentions are short: look a little back)."""
        first = bisect_left(self._facet_starts, start - MAX_MENTION_CHARS)
        last = bisect_left(self._facet_starts, end)
        return [f for f in self._by_start[first:last] if f.mention.start < end and f.mention.end > start]

    def check_mention(
        self,
        m: Mention,
        *,
        strict: bool = False,
        claim: Claim | None = None,
        year: int | None = None,
        former: bool = False,
        running: bool = False,
        named: bool = False,
        unmarked: bool = False,
        whole_year: bool = False,
        part_year: bool = False,
    ) -> NumberCheck:
        """``m`` checked as a claim (``claim``: its words) about ``year`` (``named``: an earlier one written out);
        ``former``: said as a figure before a change (由612项…); ``running``: said as a running total (累计);
        ``unmarked``: said with no year nor span of time at all; ``whole_year``: its year said only by 全年;
        ``part_year``: said of a part of the year (上半年…)."""
        if m.flags & QUOTED_FLAGS:
            return self._check_quoted(m, strict, present=self._literal_present(m))
        if m.kind in DATE_KINDS:
            return self._check_date(m, self.dates)
        if m.kind in ("ident", "ordinal"):
            return self._check_identifier(m)
        if m.kind == "bare":
            return self._check_bare(m, claim)
        # (any other kind is judged with the claim's words: see _judged_as_quantity)
        verdict, refs, reason = self._judge(m, None, strict=strict, attribution=True, claim=claim)
        if (
            verdict in ("not_found", "value_mismatch")
            and m.value == 0
            and claim
            and (none := self._none_said(claim, refs[0].bigrams if verdict == "value_mismatch" else NO_WORDS))
        ):
            return self._result(m, "match", [], f"the source says there was none ({none})", strict)
        if (
            verdict in ("value_mismatch", "not_found")
            and claim
            and refs
            and (parts := self._parts_summed(m, refs[0], claim))
        ):
            # (the checks below are of one figure's words, year and period; the parts' are the sentence's)
            reason = "the sum of " + " and ".join(f"«{p.mention.raw}» ({_ctx(p)})" for p in parts)
            return self._result(m, "derived", parts, reason, strict)
        if m.kind == "rank" and (ranked := self._rank_in_scope(m, verdict, refs)):
            verdict, refs, reason = ranked
        if verdict == "possible_misattribution" and year is not None and year != self.report_year:
            verdict, refs, reason = self._of_the_year_named(m, year, refs) or (verdict, refs, reason)
        # a figure said as a change's first end (由1,024件…) or of an earlier year is a former one
        earlier = former or (year is not None and year != self.report_year)
        # a target of the plan said of a later year (2025年…提高到75%) is that year's, whatever 全年 says
        planned = (
            year is not None and self.report_year is not None and year > self.report_year
            and verdict in POSITIVE and self._is_target(refs[0])
        )  # fmt: skip
        if (
            verdict in POSITIVE
            and not planned
            and (
                other := (None if former and year is None else self._year_taken(refs[0], year, running))
                or (
                    self._of_report_year(refs[0], year)
                    if named and year is not None and not running
                    else None
                )
                or self._former(refs[0], earlier)
                or (None if earlier else self._compared_with(refs[0], m))
            )
        ):
            verdict, refs, reason = other
        if (
            verdict in POSITIVE
            and unmarked
            and self.report_year is not None
            and (taken := self._span_taken(refs[0], self.report_year))
        ):  # 受理行政复议申请186件 for 上半年…186件: a figure said with no span is read as of the report year
            verdict, refs, reason = taken
        if verdict in POSITIVE and (whole := self._whole_of_part(m, refs[0])):
            verdict, refs = "possible_misattribution", [whole, refs[0]]
            reason = (
                f"the source's «{refs[1].mention.raw}» is a part ({_ctx(refs[1])}); these words say the "
                f"whole, for which it gives «{whole.mention.raw}» ({_ctx(whole)})"
            )
        if verdict in POSITIVE and claim and (part := self._part_named(m, refs[0], claim)):
            verdict, refs, reason = part
        if verdict in POSITIVE and claim and (subject := self._subject_taken(m, refs[0], claim)):
            verdict, refs = "possible_misattribution", [subject, refs[0]]
            reason = (
                f"the value occurs in the source as «{refs[1].mention.raw}» ({_ctx(refs[1])}), but these words "
                f"take the subject of «{subject.mention.raw}» ({_ctx(subject)}), which its own clause replaces"
            )
        if verdict in POSITIVE and (owner := self._changed_figure(m, refs[0])):
            verdict, refs = "possible_misattribution", [owner, refs[0]]
            reason = (
                f"the source's «{refs[1].mention.raw}» is how «{owner.mention.raw}» changed ({_ctx(owner)}); "
                "these words give it as the figure itself"
            )
        if verdict in POSITIVE and (reached_for := _reached_for_change(m, refs[0])):
            verdict, refs, reason = "kind_mismatch", refs[:1], reached_for
        if (
            verdict in POSITIVE
            and claim
            and (reach := self._reach_differs(m.context.partition("|")[0], refs[0], claim))
        ):
            verdict, refs, reason = reach  # 市本级收到…2418件 for 全市各级…共收到…2,418件: another whole
        if verdict in POSITIVE and (per_head := self._per_head_differs(m.context.partition("|")[0], refs[0])):
            verdict, refs, reason = "unanchored", refs[:1], per_head
        if (
            verdict in POSITIVE
            and part_year
            and claim
            and (part := self._part_year_figure(m, refs[0], claim))
        ):
            verdict, refs = "possible_misattribution", [part, refs[0]]
            reason = (
                f"these words say a part of the year; the source gives «{refs[1].mention.raw}» for more "
                f"({_ctx(refs[1])}) and «{part.mention.raw}» for a part of it ({_ctx(part)})"
            )
        if verdict in POSITIVE and (flipped := _negation_flipped(m, refs[0])):
            verdict, refs, reason = "unanchored", refs[:1], flipped
        if (
            verdict in POSITIVE
            and (
                (year is not None and year == self.report_year or _says_reached(m))
                and (self._set_as_target(refs[0]) if whole_year else self._is_target(refs[0]))
                # (said of no time at all: a target its own words set, 力争…, 计划…; not any plan's figure)
                or unmarked
                and self._set_as_target(refs[0])
            )
            and not _says_target(m, claim)
        ):  # 2024年案卷优秀率达到75%, 案卷优秀率已达到75%, where 力争…提高到75% is the plan's: a target is
            # no figure reached
            when = f"{year}年" if year is not None else "the report year"
            verdict, refs, reason = (
                "unanchored",
                refs[:1],
                f"the source sets «{refs[0].mention.raw}» as a target ({_ctx(refs[0])}), not as what {when} reached",
            )
        if verdict in POSITIVE and (said := _said_against(m, refs[0])):
            verdict, reason = "direction_mismatch", said
        return self._result(m, verdict, refs, reason, strict)

    def _parts_summed(self, s: Mention, named: Facet, claim: Claim) -> list[Facet] | None:
        """When the claim says a sum (共, 合计, 两项) of what figures next to each other in the sentence of the
        figure its words name count, each named by the claim by words its neighbour lacks, and they add up
        to its value: those figures (人大代表建议和政协委员提案共215件 for 办理人大代表建议89件、政协委员提案126件)."""
        if s.value is None or s.qualifier != "exact" or not SUM_SAID.search(s.context.partition("|")[0]):
            return None
        at, text = named.mention.nstart, self.text
        edge = SENTENCE_EDGE_RE.search(text, at)
        span = self._norm.span(self._sentence_start(at), edge.start() if edge else len(text))
        figures = [
            f
            for f in self._facets_within(*span)
            if f.kind == named.kind and not f.derived and f.mention.direction is None and f.value is not None
            and f.qualifier == "exact" and _units_compatible(s, f)
        ]  # fmt: skip
        words = claim.before.keys() | claim.after
        for first in range(len(figures) - 1):
            total = figures[first].value
            for last in range(first + 1, len(figures)):
                total += figures[last].value
                if total == s.value:
                    parts = figures[first : last + 1]
                    # each named by its own words: 受理行政复议申请共271件 names no 收到 of …申请140件,受理131件
                    named_apart = (_told_apart(a, b) for a, b in zip(parts, parts[1:], strict=False))
                    return (
                        parts
                        if all(mine & words and theirs & words for mine, theirs in named_apart)
                        else None
                    )
                if total > s.value:
                    break
        return None

    def _part_named(self, s: Mention, chosen: Facet, claim: Claim) -> tuple[str, list[Facet], str] | None:
        """When the chosen change is a total's (全年共收到行政复议申请131件,同比增长22.4%,其中涉企案件37件)
        and the claim's words name a part of the breakdown after it by the word that opens it (涉企行政复议
        案件同比增长22.4%): the source states no such change of the part."""
        if not chosen.direction or chosen.derived:
            return None  # (most claims: a level, whose words the rivals of its sentence settle)
        whole = self._figure_before(self._paragraph_facets(chosen.mention.nstart), chosen)
        if whole is None:
            return None
        at = chosen.mention.nend
        mark = self.text.find(PART_MARK, at, at + MAX_SENTENCE_GAP)
        part = self._part_after(whole, mark) if mark >= 0 else None
        if part is None:
            return None  # (most changes: no breakdown follows them)
        head = opening_gram(self.text[mark + len(PART_MARK) : part.mention.nstart])
        lead = self.text[self._sentence_start(whole.mention.nstart) : whole.mention.nstart]
        if head is None or head not in claim.before or head in grams(lead):
            return None
        reason = (
            f"the source gives «{chosen.mention.raw}» as the change of the total «{whole.mention.raw}» "
            f"({_ctx(whole)}), not of its part these words name ({_ctx(part)})"
        )
        return "unanchored", [chosen, part], reason

    def _part_after(self, whole: Facet, mark: int) -> Facet | None:
        """The first figure of ``whole``'s kind after the 其中 at ``mark``, when it and the whole stand in
        one sentence with it: the first part of the whole's breakdown."""
        if SENTENCE_EDGE_RE.search(self.text, whole.mention.nend, mark):
            return None
        part = next(
            (
                f
                for f in self._paragraph_facets(mark)
                if f.mention.nstart > mark and f.kind == whole.kind and not f.derived
            ),
            None,
        )
        if part is None or SENTENCE_EDGE_RE.search(self.text, mark, part.mention.nstart):
            return None
        return part

    def _none_said(self, claim: Claim, besides: frozenset[str]) -> str | None:
        """Where the source says in words that there was none of what the claim's words name (全年无一起
        行政复议被纠错案件, 未发生…群体性事件), which a claim of 0 restates (行政复议被纠错案件0起). With
        ``besides``, the words of a figure the claim's words fit too: the claim must name what there was
        none of by a word they lack (行政诉讼败诉0件 for 行政诉讼案件6件,无一败诉; not 全乡0个行政村 for
        全乡9个行政村 beside 未发生行政复议被纠错…)."""
        words = claim.before.keys() | claim.after
        for said in NONE_SAID.finditer(self.text):
            if explained(claim, fact_text(self.text, said.start(), said.end())) >= ANCHOR_SHARE:
                edge = SENTENCE_EDGE_RE.search(self.text, said.end(), said.end() + NONE_CONTEXT)
                end = edge.start() if edge else said.end() + NONE_CONTEXT
                # what there was none of opens the words after (无一败诉: 败诉): the claim must name it, not
                # only the sentence's other figures (行政诉讼案件6件,无一败诉 says nothing of 案件0件)
                if (gram := opening_gram(self.text[said.end() : end])) in words and gram not in besides:
                    return self.text[said.start() : end]
        return None

    def _per_head_differs(self, words: str, chosen: Facet) -> str | None:
        """Why a figure per person (人均培训时长42学时) is claimed as a total (培训时长42学时), or a total as
        one per person, by the claim's ``words``, or None: the same value counts something else."""
        said = PER_HEAD.search(words)
        at = chosen.mention.nstart  # (its own clause is within CLAIM_LEFT before it: most have no 人均 there)
        per_head_before = PER_HEAD.search(self.text, max(0, at - CLAIM_LEFT), at) is not None
        source = PER_HEAD.search(self._own_clause(chosen)) if per_head_before else None
        if (said is None) == (source is None):
            return None  # (most claims)
        if source is not None:
            return f"the source gives «{chosen.mention.raw}» per person ({_ctx(chosen)}); these words give it as a total"
        return f"these words say «{said.group()}», the source's «{chosen.mention.raw}» is a total ({_ctx(chosen)})"

    def _part_year_figure(self, s: Mention, chosen: Facet, claim: Claim) -> Facet | None:
        """The figure of a part of the year the source gives for the claim's words beside the chosen one,
        when the claim says a part of the year (上半年收到行政复议申请131件) and the chosen figure is not
        one (全年共收到…131件, where 上半年…收到…58件). None when the source gives no such figure: a
        half year's report names its figures' span once, in its title."""
        if self._period(chosen) == PART_YEAR:
            return None
        for rival in self._paragraph_facets(chosen.mention.nstart):
            if (
                rival is not chosen
                and not rival.derived
                and rival.kind == chosen.kind
                and _units_compatible(s, rival)
                and self._period(rival) == PART_YEAR
                and self._anchors(rival, claim)
            ):
                return rival
        return None

    def _rank_in_scope(
        self, s: Mention, verdict: str, refs: list[Facet]
    ) -> tuple[str, list[Facet], str] | None:
        """A rank is a place among the units of a scope (全省第5位, 在全市11个县(市、区)中排名第3位): when the
        claim names its scope, the rank the source gives in another scope is not it (法治宣传教育在全市排名
        第5位 for 在全省排名第5位), and one the source gives in that scope is, whatever other words it shares
        with a rank of another scope. None when the claim names no scope or the scopes settle nothing."""
        said = _last_scope(s.context.partition("|")[0])
        if said is None or not refs:
            return None
        chosen = refs[-1] if verdict == "possible_misattribution" else refs[0]
        own = self._scope_of(chosen)
        if verdict in POSITIVE and own is not None and own != said:
            reason = f"the source ranks «{chosen.mention.raw}» within {own} ({_ctx(chosen)}); these words say {said}"
            return "unanchored", [chosen], reason
        if verdict == "possible_misattribution" and own == said != self._scope_of(refs[0]):
            found = _verdict(s, chosen)
            return (found, [chosen], _reason(s, found, chosen)) if found in POSITIVE else None
        return None

    def _reach_differs(
        self, name: str, chosen: Facet, claim: Claim | None = None
    ) -> tuple[str, list[Facet], str] | None:
        """A metric's name saying a whole place (全市审核规范性文件) for a figure whose sentence counts its own
        level only (全年市本级审核规范性文件46件), or the other way: the figure of that reach in the
        paragraph, when there is one, is the name's (全市共审核…213件). None when either says no reach."""
        said = _reach(self._simplified(name) or name)
        if said is None:
            return None  # (most names: the figure's own reach is not read)
        own = (
            _reach(self.text[self._sentence_start(chosen.mention.nstart) : chosen.mention.nstart])
            if claim is None
            else self._figure_reach(chosen)
        )
        if own is None or said == own:
            return None
        rivals = [
            f
            for f in self._paragraph_facets(chosen.mention.nstart)
            if f is not chosen and f.kind == chosen.kind and f.unit_class == chosen.unit_class
            and _reach(self.text[self._sentence_start(f.mention.nstart) : f.mention.nstart]) == said
            and (claim is None or 2 * len(f.bigrams & claim.before.keys()) >= len(claim.before))  # (names it too)
        ]  # fmt: skip
        where = f"«{chosen.mention.raw}» ({_ctx(chosen)})"
        if rivals:
            reason = f"these words say {said}; the source's {where} is of {own}, its «{rivals[0].mention.raw}» of {said}"
            return "possible_misattribution", [rivals[0], chosen], reason
        return "unanchored", [chosen], f"these words say {said}; the source's {where} is of {own}"

    def _figure_reach(self, facet: Facet) -> str | None:
        """The reach a source figure is of: the one its own clause names (区本级收到…304件), else the first
        its sentence names, its subject's (全县收到…128件,其中县本级56件,受理121件: 121件 is 全县's)."""
        at = facet.mention.nstart
        start = self._sentence_start(at)
        # (its clause up to a comma: 其中县本级办理1,902件、罚没款2,477万元 lists two figures of 县本级)
        comma = LAST_COMMA.match(self.text, start, at)
        own = _reach(self.text[comma.end() if comma else start : at])
        if own is not None:
            return own
        first = REACH_WORD.search(self.text, start, at)
        return None if first is None else "本级" if first.group().endswith("本级") else first.group()

    def _scope_of(self, facet: Facet) -> str | None:
        """The scope a source figure's sentence names last before it (全省, 全市 …), if any."""
        at = facet.mention.nstart
        return _last_scope(self.text[self._sentence_start(at) : at])

    def _whole_of_part(self, s: Mention, chosen: Facet) -> Facet | None:
        """The total a breakdown's part is of (全州共有人民调解员8,912名,其中专职人民调解员1,046名), when
        the claim says the whole (全州人民调解员1046名: 全州, 共计, 总数) but none of the words that make
        the part a part (专职, 县本级): a summary that drops them gives the part as the total."""
        said = s.context.partition("|")[0]
        if chosen.derived or chosen.kind not in FIGURE_KINDS or not WHOLE_SAID.search(said):
            return None  # (most claims)
        at = chosen.mention.nstart
        lead = self._sentence_start(at)
        mark = self.text.rfind(PART_MARK, max(0, lead - 1), at)
        part = self.text[mark + len(PART_MARK) : at]
        if mark < 0 or WHOLE_SAID.search(part):
            return None  # no breakdown, or one whose words say a whole too (其中全县乡镇…)
        # (其中 opening a sentence breaks down the sentence before: 调解纠纷4,602件。其中,街道…)
        floor = self._sentence_start(lead - 1) if mark <= lead + 1 and lead > 0 else lead
        wholes = [
            f for f in self._paragraph_facets(at)
            if floor <= f.mention.nstart and f.mention.nend <= mark and f.kind == chosen.kind
            and not f.derived and f.value != chosen.value and _units_compatible(s, f)
        ]  # fmt: skip
        if not wholes:
            return None
        whole = wholes[-1]
        own = grams(part) - grams(self.text[floor : whole.mention.nstart])  # what makes it a part
        return whole if own and not own & grams(said) else None

    def _subject_taken(self, s: Mention, chosen: Facet, claim: Claim) -> Facet | None:
        """Another figure of the chosen one's sentence whose clause's own words the claim takes, when
        the chosen figure's clause opens with a subject of its own that the claim drops: 区委常委会专题
        学法12次 for 区委常委会专题研究法治建设4次,区政府常务会议专题学法12次 joins two facts. A clause
        names a subject of its own when it opens with a place's organ (区政府, 县法院, 乡镇, 市长); one that
        opens with its verb (听取汇报2次, 受理196件) keeps the subject before it."""
        if (
            s.direction
            or chosen.derived
            or chosen.direction
            or cell_at(self.text, chosen.mention.nstart) is not None
        ):
            return None
        mine = self._own_clause(chosen)
        opening = opening_gram(mine)
        wanted = frozenset(claim.before) | claim.after
        if opening is None or opening in wanted or not SUBJECT_OPENING.match(mine):
            return None  # (most claims: they name the chosen clause's subject, or it names none)
        mine_grams, kinds = grams(mine), _kinds_like(s.kind)
        for rival in self._paragraph_facets(chosen.mention.nstart):
            if (
                rival is chosen
                or rival.derived
                or rival.kind not in kinds
                or not _units_compatible(s, rival)
                or not self._one_sentence(chosen, rival)
            ):
                continue
            theirs = grams(self._own_clause(rival))
            if opening not in theirs and (theirs - mine_grams) & wanted:
                return rival
        return None

    def _own_clause(self, facet: Facet) -> str:
        """The words of a source figure's own clause before it (CLAIM_LEFT characters at most)."""
        at = facet.mention.nstart
        floor = max(0, at - CLAIM_LEFT)
        edge = LAST_CLAUSE_EDGE.match(self.text, floor, at)
        return self.text[edge.end() if edge else floor : at]

    def _changed_figure(self, s: Mention, chosen: Facet) -> Facet | None:
        """The figure a change the source states follows (建成法治文化阵地1,160个,比上年增加128个), when the
        claim gives that change as a level, with no word of change at all (建成法治文化阵地128个): what
        its words name is the figure, and the change is not it."""
        said = s.context.partition("|")[0]
        if s.direction or chosen.derived or not chosen.direction or s.kind not in LEVEL_KINDS:
            return None  # (most claims: a level for a level, a change for a change)
        if CHANGE_SAID.search(said):
            return None  # 新增法治文化阵地128个, 较上年多128个: said as a change
        owner = self._figure_before(self._paragraph_facets(chosen.mention.nstart), chosen)
        if owner is None or owner.kind != chosen.kind or not _units_compatible(s, owner):
            return None
        return owner

    def _of_the_year_named(
        self, s: Mention, year: int, refs: list[Facet]
    ) -> tuple[str, list[Facet], str] | None:
        """A claim of an earlier year (2023年行政复议申请98件) accused of taking a figure whose words are
        another's (…申请128件,上年为98件): when the figure is that year's and the other is not, it is the
        claim's own, the same words said of two years."""
        rival, chosen = refs[0], refs[-1]
        gap = self.text[rival.mention.nend : chosen.mention.nstart]
        if (
            rival is chosen
            or not 0 < len(gap) <= MAX_BASE_GAP
            or not says_only_how(
                gap.lstrip(" ,;")
            )  # …申请128件,上年为98件: the figure before is its subject's
            or self._year_of_figure(chosen) != year
            or self._year_of_figure(rival) == year
        ):
            return None
        verdict = _verdict(s, chosen)
        return (verdict, [chosen], _reason(s, verdict, chosen)) if verdict in POSITIVE else None

    def _year_of_figure(self, facet: Facet) -> int | None:
        """The year the source says a figure is of: its table column's, or as its sentence says (上年为,
        2023年为); None when it says none."""
        at = facet.mention.nstart
        if (column := column_year(self.text, at)) is not None:
            return column
        return year_said(self.text, self._source_years(), at)

    def _source_years(self) -> list[tuple[int, int]]:
        """figure_years of the source, read when first asked."""
        if self._years is None:
            self._years = figure_years(self.text, self.mentions, self.report_year)
        return self._years

    def _former(self, chosen: Facet, said_so: bool) -> tuple[str, list[Facet], str] | None:
        """When the chosen source figure is the first end of a change (由612项压减至548项) and the claim
        does not say it so (``said_so``: 由/从 before it): the claim gives the former figure as what is."""
        if said_so or (now := self._second_end(chosen)) is None:
            return None
        reason = (
            f"the source's «{chosen.mention.raw}» is what it was before the change ({_ctx(chosen)}); "
            f"what it is now is «{now.mention.raw}»"
        )
        return "possible_misattribution", [now, chosen], reason

    def _second_end(self, first: Facet) -> Facet | None:
        """The figure a change goes to, when ``first`` is the figure it goes from (由612项压减至548项)."""
        if "change_from" not in first.mention.flags:
            return None
        after = first.mention.end
        return next(
            (
                f
                for f in self._facets_within(after, after + MAX_MENTION_CHARS)
                if "change_to" in f.mention.flags and not f.derived
            ),
            None,
        )

    def _end_said(self, s: Mention, named: _Candidate) -> _Candidate:
        """The end of a change a claim names, when it names one: 压减至96项 says what a change went to, so
        its true figure is the change's second end (548项), not the first (612项) whose words it shares."""
        if not s.context.partition("|")[0].endswith(tables().to_markers):
            return named
        now = self._second_end(named.facet)
        return named if now is None else _Candidate(named.verdict, now, named.similarity)

    def _compared_with(self, chosen: Facet, s: Mention) -> tuple[str, list[Facet], str] | None:
        """When the chosen source figure is the base figure a figure of the year is compared with
        (败诉率为6.1%,比2023年(8.7%)…; 1,386件,较2023年的1,512件) and the claim ``s`` does not say it is
        compared with (较, 低于…): the claim gives the base figure as the year's."""
        at, nstart = chosen.mention.start, chosen.mention.nstart
        if not BASE_WORD.search(self.text, max(0, nstart - BASE_WORD_CHARS), nstart) or COMPARED_CLAIM.search(
            s.context.partition("|")[0]
        ):
            return None  # (most figures: no 较 or 比 right before them)
        kinds = _kinds_like(chosen.kind)
        before = [
            f for f in self._facets_within(max(0, at - MAX_BASE_GAP), at)
            if f.mention.end <= at and f.kind in kinds and not f.derived
        ]  # fmt: skip
        level = max(before, key=lambda f: f.mention.end, default=None)
        if level is None or not BASE_FIGURE_GAP.fullmatch(
            self.text, level.mention.nend, chosen.mention.nstart
        ):
            return None
        reason = (
            f"the source's «{chosen.mention.raw}» is the figure it compares with ({_ctx(chosen)}); "
            f"the year's figure is «{level.mention.raw}»"
        )
        return "possible_misattribution", [level, chosen], reason

    def _year_taken(
        self, chosen: Facet, year: int | None, running: bool = False
    ) -> tuple[str, list[Facet], str] | None:
        """When the chosen source figure is of another year than the claim's: the year it names, or,
        when it names none and the report year is known, the report year, which a summary's unmarked
        figure is read as. An unmarked claim is only said to take an earlier year's figure when the
        source gives the same words a figure of the report year too (本年收到…45件, 2022年收到…38件):
        the source's unmarked background figures may well be of any year. A claim of one year's figure
        (not ``running``) cannot take a running total since an earlier year."""
        if year is not None:
            other = self._other_column(chosen, year) or self._other_year(chosen, year)
            return other or (None if running else self._span_taken(chosen, year))
        if self.report_year is None or not self._sentence_says_year(chosen):
            return None
        other = self._other_column(chosen, self.report_year, earlier=True) or self._other_year(
            chosen, self.report_year, earlier=True
        )
        return other if other and other[0] == "possible_misattribution" else None

    def _of_report_year(self, chosen: Facet, year: int) -> tuple[str, list[Facet], str] | None:
        """When the claim gives for another year (2023年收到…2,645件) a figure the source states with no
        year of its own in a report of a later year: a report's figures are its year's unless its words
        say otherwise (the source names no year there, nor a span, a part of the year or a date). A later
        year's may be the plan's target (2025年…力争达到95%), not a figure the report year reached."""
        if (
            self.report_year is None
            or year == self.report_year
            or self.period_at(chosen.mention.start, chosen.mention.flags) != "year"
            or (year > self.report_year and self._is_target(chosen))
        ):
            return None
        where = f"«{chosen.mention.raw}» ({_ctx(chosen)})"
        return (
            "unanchored",
            [chosen],
            f"the source gives {where} as of {self.report_year}年, the report's year, not {year}年",
        )

    def _span_taken(self, chosen: Facet, year: int) -> tuple[str, list[Facet], str] | None:
        """When the chosen source figure is a running total over years (自2021年以来累计培训…5,600人次) or
        of a part of the year (上半年受理…20件), as its sentence says up to it, and the claim gives it
        for the one year it names: the source gives no figure of that year."""
        period = self._period(chosen)
        where = f"«{chosen.mention.raw}» ({_ctx(chosen)})"
        if period == PART_YEAR:
            return (
                "unanchored",
                [chosen],
                f"the source gives {where} for a part of the year, not for {year}年",
            )
        if period != "cumulative":
            return None
        start = FIRST_YEAR.search(
            self.text, self._sentence_start(chosen.mention.nstart), chosen.mention.nstart
        )
        if start and int(start.group()) == year:
            return None  # 2023年以来…累计 in a report of 2023: the year's own
        since = f" since {start.group()}年" if start else ""
        return "unanchored", [chosen], f"the source gives {where} as a total{since}, not for {year}年"

    def _said_of_year(self, s: Mention) -> bool:
        """Does the claim say its figure is of the report year (or say no span of time at all)?"""
        return period_of(s.context.partition("|")[0], self.report_year) == "year"

    def _period(self, facet: Facet) -> str:
        """The span of time its sentence says the figure covers (see indicators.period_of), read once."""
        if facet.period is None:
            at = facet.mention.nstart
            facet.period = period_of(self.text[self._sentence_start(at) : at], self.report_year)
        return facet.period

    def _is_target(self, facet: Facet) -> bool:
        """Is the figure a target its clause sets (力争…降至5%以下, 确保…达到95%) or the next year's plan
        sets (四、2024年工作安排 …培育法律明白人1000名), not one reached?"""
        return self._in_plan(facet) or self._set_as_target(facet)

    def _set_as_target(self, facet: Facet) -> bool:
        """Is the figure a target by its own words (力争…降至5%以下, 计划培训3000人次)?"""
        return self.sets_a_target(facet.mention)

    def sets_a_target(self, m: Mention) -> bool:
        """Do the source's words set its figure ``m`` as a target (力争…, 计划…), not as one reached? Read
        once per figure: the rules' metrics and the checks of every metric and claim ask."""
        said = self._targets.get(m.nstart)
        if said is None:
            said = self._targets[m.nstart] = self._said_as_target(m.nstart)
        return said

    def _said_as_target(self, at: int) -> bool:
        if not TARGET_WORDS.search(self.text, max(0, at - TARGET_REACH), at):
            return False  # (most figures: no target word before them, in their clause or sentence)
        edge = LAST_CLAUSE_EDGE.match(self.text, max(0, at - CLAIM_LEFT), at)
        if TARGET_WORDS.search(self.text, edge.end() if edge else max(0, at - CLAIM_LEFT), at):
            return True
        # 力争全年办结率保持在99%以上,案卷优秀率提高到75%: 力争 sets every figure after it in its sentence
        return SENTENCE_TARGET.search(self.text, self._sentence_start(at), at) is not None

    def _in_plan(self, facet: Facet) -> bool:
        """Does the figure stand in the part of the next year's plan?"""
        if self._plan_spans is None:
            from summarizer.outline import build_outline, plan_spans  # (the verify command's index)

            self._plan_spans = plan_spans(build_outline(self.doc))
        at = facet.mention.start
        return any(start <= at < end for start, end in self._plan_spans)

    def _sentence_start(self, at: int) -> int:
        """Where the sentence of the figure at ``at`` starts (at most MAX_SENTENCE_GAP back)."""
        return sentence_start(self.text, max(0, at - MAX_SENTENCE_GAP), at)

    def _sentence_says_year(self, chosen: Facet) -> bool:
        """Does the chosen figure's sentence say 年 before it, or is the figure a table's cell? (Most
        figures are of the report year's sentences: the years of the source are then not read.)"""
        at = chosen.mention.nstart
        return "年" in self.text[self._sentence_start(at) : at] or (at > 0 and self.text[at - 1] in CELL_GAP)

    def _other_column(
        self, chosen: Facet, year: int, *, earlier: bool = False
    ) -> tuple[str, list[Facet], str] | None:
        """When the chosen source figure is a table cell under another year's column than the year the
        claim names (``earlier``: an earlier year's), and its row has a cell under that year's: the
        source says that cell for it."""
        m = chosen.mention
        # a change across a row's cells (出庭应诉率 98.5% 100%) is of its last cell's column
        last_gap = max(self.text.rfind(gap, m.nstart, m.nend) for gap in CELL_GAP)
        column = column_year(self.text, last_gap + 1 if last_gap > m.nstart else m.nstart)
        if column is None:
            return self._other_row(chosen, year, earlier=earlier)
        if column == year or (earlier and column > year):
            return None
        figures, _ = cell_at(self.text, chosen.mention.nstart) or ([], 0)
        for a, b in figures:
            if column_year(self.text, a) != year:
                continue
            right = [
                f for f in self._facets_within(*self._norm.span(a, b))
                if not f.derived and a <= f.mention.nstart and f.mention.nend <= b  # (that cell alone)
            ]  # fmt: skip
            if right:
                reason = (
                    f"the source's «{chosen.mention.raw}» is in its table's {column}年 column; "
                    f"for {year}年 the same row says «{right[0].mention.raw}»"
                )
                return "possible_misattribution", [right[0], chosen], reason
        return None

    def _other_row(
        self, chosen: Facet, year: int, *, earlier: bool = False
    ) -> tuple[str, list[Facet], str] | None:
        """When the chosen source figure is a table cell on another year's row (2022年 45 30) than the
        year the claim names, and that year has a row: the source says its cell of the same column."""
        at = chosen.mention.nstart
        row = row_year(self.text, at)
        if row is None or row == year or (earlier and row > year):
            return None
        span = cell_of_year_row(self.text, at, year)
        right = [f for f in self._facets_within(*self._norm.span(*span)) if not f.derived] if span else []
        if not right:
            return None
        reason = (
            f"the source's «{chosen.mention.raw}» is on its table's {row}年 row; "
            f"for {year}年 the same column says «{right[0].mention.raw}»"
        )
        return "possible_misattribution", [right[0], chosen], reason

    def _other_year(
        self, chosen: Facet, year: int, *, earlier: bool = False
    ) -> tuple[str, list[Facet], str] | None:
        """When the source says the chosen figure of another year than the claim names (2022年受理…45件
        for a claim of 2023年…45件; ``earlier``: of an earlier year): the figure of its paragraph the
        source gives for that year, with the same words, or only that the source's figure is another
        year's."""
        years = self._source_years()
        # (a change worked out between two ends is of the second end's year, not of the first's: 由2022年的30项
        # 扩展至58项 is 2023's change)
        said = year_said(
            self.text, years, chosen.mention.nend - 1 if chosen.derived else chosen.mention.nstart
        )
        if said is None or said == year or (earlier and said > year):
            return None
        kinds = _kinds_like(chosen.kind)

        def of_year(f: Facet) -> bool:
            said_of = year_said(self.text, years, f.mention.nstart)
            if said_of is None and earlier:  # a report's figures are its year's unless it says otherwise
                alike = dice(f.bigrams, chosen.bigrams) >= MIN_OTHER_SIMILARITY
                return f.direction is None and f.unit == chosen.unit and alike
            return said_of == year

        same_year = [
            f for f in self._paragraph_facets(chosen.mention.nstart)
            if f.kind in kinds and not f.derived and f is not chosen and of_year(f)
        ]  # fmt: skip
        right = max(same_year, key=lambda f: dice(f.bigrams, chosen.bigrams), default=None)
        where = f"«{chosen.mention.raw}» ({_ctx(chosen)})"
        if right is not None and dice(right.bigrams, chosen.bigrams) > 0:
            reason = f"the source gives {where} for {said}年; for {year}年 it says «{right.mention.raw}» ({_ctx(right)})"
            return "possible_misattribution", [right, chosen], reason
        return "unanchored", [chosen], f"the source gives {where} for {said}年, not for {year}年"

    # ------------------------------------------------------------------ quantities

    def _judge(
        self,
        s: Mention,
        pool: list[Facet] | None,
        *,
        strict: bool,
        attribution: bool,
        claim: Claim | None = None,
    ) -> tuple[str, list[Facet], str]:
        s_grams = context_bigrams(s.context)
        if claim and attribution and (not s_grams or "change_to" in s.flags or _names_nothing(s)):
            # a label and a colon before the figure (行政诉讼案件: 56件) end its context, not its claim;
            # the first end and verb before a change's second (由1512件下降至1386件) are no words of it;
            # nor is a verb of reaching alone (…较上年提高1.5个百分点,达到99.3%: the claim's are before it)
            s_grams = frozenset(claim.before) | claim.after
        positives: list[_Candidate] = []
        near: list[_Candidate] = []
        for t in self._near_value(s) if pool is None else pool:
            verdict = _verdict(s, t)
            if verdict is None:
                continue
            bucket = positives if verdict in POSITIVE else near
            bucket.append(_Candidate(verdict, t, dice(s_grams, t.bigrams)))
        # no words around S (a metric's value): no rival shares one, and nothing can contradict it
        others = (
            self._rivals(s, s_grams, {id(c.facet) for c in positives + near})
            if attribution and s_grams
            else []
        )
        if len(near) > 1:  # (a figure the source states before one worked out, as in _best_positive)
            near.sort(key=lambda c: (c.facet.derived, -c.similarity))
        if positives:
            best = _best_positive(positives)
            if s_grams:  # (_belongs_elsewhere finds nothing without them)
                if others and self._period(best.facet) != PART_YEAR and not _says_part_year(s):
                    # 上半年受理…20件,全年受理45件: a half year's figure takes no words of the year's
                    others = [c for c in others if self._period(c.facet) != PART_YEAR]
                if others and self._period(best.facet) == "year" and self._said_of_year(s):
                    # 2023年全市收到行政复议申请1686件 takes no words of the report year's 2318件
                    others = [c for c in others if self._period(c.facet) != "other_year"]
                # 问题率6.4% … 力争执法案卷问题率降至5%以下: a target takes no words of the figure reached
                reached = not self._set_as_target(best.facet) and not _says_target(s, claim)
                if others and reached:
                    others = [c for c in others if not self._set_as_target(c.facet)]
                challenger = _best_challenger(near, others)
                if (
                    challenger
                    and not self._named_alike(best.facet, challenger.facet)
                    and (
                        _belongs_elsewhere(s_grams, best, challenger)
                        or _belongs_elsewhere(_name_grams(s, s_grams), best, challenger)
                    )
                ):
                    # the value stated again where the words fit it (受理2,236件 after 收到…申请2,418件, and
                    # later 受理、审结…案件分别为2,236件…): the claim is of that statement
                    restated = [
                        c
                        for c in positives
                        if c is not best
                        and self._said_as_a_step(c.facet, s.context.partition("|")[0])
                        and not _belongs_elsewhere(s_grams, c, challenger)
                    ]
                    if not restated:
                        named = self._nearest_alike(s_grams, best, challenger, others)
                        return _accuse(s, best, self._end_said(s, named))
                    best = _best_positive(restated)
                for rival in others:  # a later figure of the same sentence: its own words settle it
                    if self._named_alike(best.facet, rival.facet):
                        continue
                    topic = self._topic(best.facet, rival.facet)
                    if (
                        topic is not None
                        and _belongs_elsewhere(s_grams, best, rival, topic=topic)
                        and self._part_head_said(
                            best.facet, rival.facet, s_grams | (claim.before.keys() if claim else set())
                        )
                    ):
                        return _accuse(s, best, rival)
                if claim and (neighbour := self._said_next_door(s, best.facet, claim, reached=reached)):
                    return _accuse(s, best, neighbour)
                if claim and (respective := self._respective(s, best.facet, claim)):
                    return respective
                if (
                    claim
                    and (s.direction or s.kind == "rank")
                    and (
                        other := (None if s.kind == "rank" else self._change_of_another(best.facet, claim))
                        or self._change_of_neighbour(best.facet, claim)
                    )
                ):
                    return other
            if claim and not self._anchors(best.facet, claim):  # the others are read only if it does not
                anchored = [c for c in positives if c is not best and self._anchors(c.facet, claim)]
                if not anchored:
                    return self._unanchored(s, best, claim)
                best = _best_positive(anchored)
            refs = (
                [best.facet] + [c.facet for c in positives if c is not best][:2]
                if len(positives) > 1
                else [best.facet]
            )
            return best.verdict, refs, _reason(s, best.verdict, best.facet)
        if near and s_grams and claim:
            # the value said of something else entirely, in another unit (2025年将重点抓好两项工作 for
            # 开展案卷评查2次): a coincidence of value, not this fact's figure in a wrong unit
            near = [c for c in near if c.similarity or c.verdict != "unit_mismatch"]
        if near:
            top = near[0]
            if others and _belongs_elsewhere(s_grams, top, others[0]):
                return "value_mismatch", [others[0].facet], _reason(s, "value_mismatch", others[0].facet)
            return top.verdict, [c.facet for c in near[:3]], _reason(s, top.verdict, top.facet)
        # the source's figure for these words, when it is the same sort of figure: a change (较上年增加7件)
        # is not a wrong level (收到…38件), it is a figure the source does not state
        if others and others[0].similarity >= 0.5:
            return "value_mismatch", [others[0].facet], _reason(s, "value_mismatch", others[0].facet)
        if pool is None and (year := self._same_value_date(s)):
            return "kind_mismatch", [year], _reason(s, "kind_mismatch", year)
        nearest = [c.facet for c in others[:3]] or self._nearest(s, pool)
        return "not_found", nearest, _reason(s, "not_found", None)

    # ------------------------------------------------------------------ claims

    def _said_as_a_step(self, facet: Facet, said: str) -> bool:
        """Are the claim's words ``said`` the figure's own clause and its sentence's first clause alone,
        as a step of a list is named with the list's object (受理行政复议申请2,236件 for …共收到行政复议申请
        2,418件,…;受理2,236件), its own clause's opening among them? Words of another clause (其中市本级)
        are not."""
        own = self._own_clause(facet)
        at = facet.mention.nstart
        start = max(self.text.rfind("。", 0, at), self.text.rfind("\n", 0, at)) + 1  # (past a ;)
        first = FIRST_DIGIT.search(self.text, start, at)
        lead = self.text[start : first.start() if first else at]
        opening = opening_gram(own)
        # (characters, not pairs: the claim joins the two clauses' words, 受理|行政复议申请)
        return opening is not None and opening in grams(said) and set(HAN.findall(said)) <= set(own + lead)

    def _part_head_said(self, chosen: Facet, rival: Facet, said: AbstractSet[str]) -> bool:
        """Unless ``rival`` is a part of a breakdown of the chosen total (…申请131件,其中涉企案件37件), do the
        claim's words name it by the word the part opens with (涉企)? The part's other words restate
        what the total counts (案件), which a claim of the total may say too (行政复议案件131件)."""
        mark = self.text.find(PART_MARK, chosen.mention.nend, rival.mention.nstart)
        if mark < 0:
            return True  # (most rivals: another clause of the sentence, not a part)
        head = opening_gram(self.text[mark + len(PART_MARK) : rival.mention.nstart])
        return head is None or head in said

    def _topic(self, chosen: Facet, rival: Facet) -> frozenset[str] | None:
        """When ``rival`` comes after ``chosen`` in the same source sentence, in a clause of its own: the
        words of that sentence up to the chosen number, which say what both count, and of the chosen
        one's clause after it (None otherwise)."""
        a, b = chosen.mention, rival.mention
        if b.nstart < a.nend or b.nstart - a.nend > MAX_SENTENCE_GAP:
            return None
        between = (self.text, a.nend, b.nstart)
        if not CLAUSE_EDGE_RE.search(*between) or (
            SENTENCE_EDGE_RE.search(*between) and sentence_start(*between) > a.nend  # (;依法受理…: the same)
        ):
            return None  # another sentence, or one noun phrase (为106个在建市区两级重点项目解决问题36个)
        if chosen.topic is None:
            # (and the words after it in its own clause, which are its own too: 全镇有3个村被评为县级民主法治
            # 示范村,累计建成省级民主法治示范村2个 — 示范村 is not the 2个's alone)
            edge = CLAUSE_EDGE_RE.search(*between)
            chosen.topic = grams(source_words(self.text, a.nstart, a.nend).partition("|")[0]) | grams(
                self.text[a.nend : edge.start()]
            )
        return chosen.topic

    def _nearest_alike(
        self, s_grams: frozenset[str], chosen: _Candidate, rival: _Candidate, others: list[_Candidate]
    ) -> _Candidate:
        """The figure to name for S's words: ``rival``, unless a figure of the chosen one's own sentence
        holds as many of S's words and S's words fit it as clearly: then the nearest such figure. Dice
        favours a short context, so 2022年收到行政复议申请38件 would be named for 收到行政复议申请42件 over
        the 全年共收到行政复议申请45件 of the list the 42件 is in."""
        if rival.verdict in NEAR:
            return rival
        held = len(s_grams & rival.facet.bigrams)
        alike = [
            c for c in others
            if c is not rival and len(s_grams & c.facet.bigrams) >= held
            and self._one_sentence(chosen.facet, c.facet) and not self._named_alike(chosen.facet, c.facet)
            and _belongs_elsewhere(s_grams, chosen, c)
        ]  # fmt: skip
        at = chosen.facet.mention.nstart
        return min([rival, *alike], key=lambda c: abs(c.facet.mention.nstart - at))

    def _said_next_door(self, s: Mention, chosen: Facet, claim: Claim, *, reached: bool) -> _Candidate | None:
        """A figure of another sentence of the chosen one's paragraph whose own clause holds words of
        the claim that the chosen figure's sentence lacks, while the claim holds no word of that
        sentence the rival's lacks: 受理行政复议申请38件 where the source says 收到行政复议申请45件,
        受理42件 and, a sentence later, 2022年收到行政复议申请38件. The step of a process (收到, 受理,
        审结) is one word, often written once before a list of figures: the words shared by both
        sentences (行政复议申请) cannot tell them apart, so the verb alone has to. For a figure ``reached``,
        no target is such a rival."""
        wanted = frozenset(claim.before) | claim.after  # (generic words such as 全县 and 开展 cut out)
        mine: frozenset[str] | None = None
        kinds = _kinds_like(s.kind)
        for rival in self._paragraph_facets(chosen.mention.nstart):
            if (
                rival is chosen
                or rival.derived
                or rival.kind not in kinds
                or rival.value == chosen.value
                or not _units_compatible(s, rival)
                or self._one_sentence(chosen, rival)
                or (reached and self._set_as_target(rival))
            ):
                continue
            mine = mine if mine is not None else self.words_of(chosen)
            own = _own_words(rival)
            if (own - mine) & wanted and not (mine - self.words_of(rival)) & wanted:
                return _Candidate("value_mismatch", rival, dice(wanted, rival.bigrams))
        return None

    def _change_of_another(self, chosen: Facet, claim: Claim) -> tuple[str, list[Facet], str] | None:
        """When the claim says a change of what another figure of the chosen change's paragraph counts,
        not of what the change's own sentence names: 实有经营主体同比增长6.8% where the source says
        新登记经营主体4.12万户,同比增长6.8%;全市实有经营主体达到38.6万户. That figure has no change of
        its own, so the claim's is unanchored."""
        wanted = frozenset(claim.before) | claim.after
        mine: frozenset[str] | None = None
        for rival in self._paragraph_facets(chosen.mention.nstart):
            if rival.kind not in LEVEL_KINDS or rival.derived or rival.mention.direction:
                continue
            mine = mine if mine is not None else self.words_of(chosen)
            own = _own_words(rival)
            if (own - mine) & wanted and not (mine - self.words_of(rival)) & wanted:
                reason = (
                    f"the source gives «{chosen.mention.raw}» of what its own sentence counts, not of "
                    f"«{rival.mention.raw}» ({_ctx(rival)}), which these words name"
                )
                return "unanchored", [chosen, rival], reason
        return None

    def _change_of_neighbour(self, chosen: Facet, claim: Claim) -> tuple[str, list[Facet], str] | None:
        """When the chosen change follows a figure it belongs to (处罚案件3.62万件,较上年下降6.4%,罚没款
        4.15亿元,同比下降12.7%) and the claim's words name another figure of that sentence, not its
        own: the change the source gives that figure, or none. The sentence's words all around a
        change name every figure in it, so only the figures' own names can tell them apart."""
        if cell_at(self.text, chosen.mention.nstart) is not None:
            return None  # a table's cells are named by their row and column (see _judge's table checks)
        facets = self._paragraph_facets(chosen.mention.nstart)
        owner = self._figure_before(facets, chosen)
        if owner is None:
            return None
        wanted = frozenset(claim.before) | claim.after
        for rival in facets:
            if (
                rival is owner
                or rival.derived
                or rival.direction
                or rival.kind not in FIGURE_KINDS
                or not self._one_sentence(chosen, rival)
                or self._second_end(rival) is owner  # (由18,320次减少到12,740次: one figure's two ends)
            ):
                continue
            mine, theirs = _told_apart(owner, rival)
            if not ((theirs - mine) & wanted) or (mine - theirs) & wanted:
                continue
            own_change = self._change_after(facets, rival, chosen)
            named = f"these words name «{rival.mention.raw}» ({_ctx(rival)})"
            what = "rank" if chosen.kind == "rank" else "change"
            given = f"the source gives «{chosen.mention.raw}» as the {what} of «{owner.mention.raw}» ({_ctx(owner)})"
            if own_change is None:
                return "unanchored", [chosen, rival], f"{given}; {named}, of which it states no such {what}"
            reason = f"{given}; {named}, whose {what} is «{own_change.mention.raw}»"
            return "possible_misattribution", [own_change, chosen], reason
        return None

    def _figure_before(self, facets: list[Facet], change: Facet) -> Facet | None:
        """The figure a change follows with nothing but punctuation between (3.62万件,较上年下降6.4%;
        2318件(同比增长37.5%)): what the change is of."""
        at = change.mention.nstart
        before = [f for f in facets if f.mention.nend <= at and not f.derived and f.kind not in DATE_KINDS]
        if not before:
            return None
        figure = max(before, key=lambda f: f.mention.nend)
        gap = RANK_GAP if change.kind == "rank" else CHANGE_GAP
        if (
            figure.kind not in FIGURE_KINDS
            or figure.direction
            or not gap.fullmatch(self.text, figure.mention.nend, at)
            or self._is_base_figure(figure)  # (较2023年的1,512件下降8.3%: the change is not of that figure)
        ):
            return None
        return figure

    def _is_base_figure(self, facet: Facet) -> bool:
        """Is the figure the one a comparison is with (较2023年的1,512件, 比上年(38件))?"""
        at = facet.mention.nstart
        return (
            at > 0
            and self.text[at - 1] in "的("
            and BASE_FIGURE_GAP.search(self.text, max(0, at - BASE_WORD_CHARS), at) is not None
        )

    def _change_after(self, facets: list[Facet], figure: Facet, like: Facet) -> Facet | None:
        """The change of ``like``'s kind that follows ``figure`` as :meth:`_figure_before` reads it."""
        for facet in facets:
            if (
                (facet.direction or facet.kind == "rank")
                and facet.kind in _kinds_like(like.kind)
                and facet.mention.nstart >= figure.mention.nend
                and self._figure_before(facets, facet) is figure
            ):
                return facet
        return None

    def _respective(self, s: Mention, chosen: Facet, claim: Claim) -> tuple[str, list[Facet], str] | None:
        """When the chosen figure is one of a list after 分别 and the claim's words name another item of
        the names before it (受理、审结行政复议案件分别为45件、40件; 审结…45件): that item's figure."""
        m, text = chosen.mention, self.text
        word_at = respectively.before(text, m.nstart) if self.has_lists else -1
        if word_at < 0:
            return None  # (most figures)
        kinds = _kinds_like(s.kind)
        after = [
            f for f in self._paragraph_facets(m.nstart)
            if f.mention.nstart > word_at and f.kind in kinds and not f.derived and not f.shared_context
        ]  # fmt: skip
        spans = respectively.listed(text, word_at, [(f.mention.nstart, f.mention.nend) for f in after])
        names = respectively.names(text, word_at, len(spans))
        if len(names) < 2 or len(names) != len(spans) or chosen not in after[: len(spans)]:
            return None
        # (what 分别 says of every item, 占立案总数, names none of them)
        wanted = (frozenset(claim.before) | claim.after) - grams(text[word_at : spans[0][0]])
        keys = respectively.name_keys(text, names)
        named = [f for f, key in zip(after, keys, strict=False) if key & wanted]
        if len(named) != 1 or named[0] is chosen or named[0].value == chosen.value:
            return None
        reason = (
            f"the source pairs names and figures by their order (…{respectively.WORD}…): these words name "
            f"the item whose figure is «{named[0].mention.raw}», not «{m.raw}»'s"
        )
        return "possible_misattribution", [named[0], chosen], reason

    def _one_sentence(self, a: Facet, b: Facet) -> bool:
        """Do two figures stand in one sentence (or one table row)?"""
        first, second = sorted((a.mention, b.mention), key=attrgetter("nstart"))
        return not SENTENCE_EDGE_RE.search(self.text, first.nend, second.nstart)

    def _anchors(self, facet: Facet, claim: Claim) -> bool:
        """Does the source sentence of ``facet`` say what the claim's words say is counted?"""
        return explained(claim, self.fact_of(facet)) >= ANCHOR_SHARE

    def fact_of(self, facet: Facet) -> str:
        """The words of the source sentence of ``facet`` (:func:`fact_text`, computed once, when asked):
        enough to tell which of a claim's bigrams it has, at a fraction of the cost of the set."""
        if facet.fact is None:
            m = facet.mention
            facet.fact = self._header_words(m) + fact_text(self.text, m.nstart, m.nend)
        return facet.fact

    def _header_words(self, m: Mention) -> str:
        """For a cell under a header naming each column (年度 行政复议案件(件) …, 2022年 45): what its row
        and column say it counts (the cell's context, see the number engine), which its row's text
        alone does not say; else nothing."""
        if not (m.nstart and self.text[m.nstart - 1] in CELL_GAP) or (
            column_head(self.text, m.nstart) is None and other_column_head(self.text, m.nstart) is None
        ):
            return ""  # (a change column under a header of years, 同比增长, names its cells too)
        return m.context.partition("|")[0] + "|"

    def words_of(self, facet: Facet) -> frozenset[str]:
        """Bigrams of the source sentence that says what ``facet`` counts (computed once, when asked)."""
        if facet.words is None:
            m = facet.mention
            facet.words = grams(self._header_words(m) + source_words(self.text, m.nstart, m.nend))
        return facet.words

    def _unanchored(self, s: Mention, chosen: _Candidate, claim: Claim) -> tuple[str, list[Facet], str]:
        """S's value is in the source, but only for facts its words do not name: name the source number
        those words do describe (and its value), if any."""
        share = explained(claim, self.fact_of(chosen.facet))
        rival = self._claim_rival(s, claim, share)
        where = f"«{chosen.facet.mention.raw}» ({_ctx(chosen.facet)})"
        if rival is not None:
            reason = (
                f"the value occurs in the source as {where}; the source says «{rival.mention.raw}» "
                f"({_ctx(rival)}) for what these words describe"
            )
            return "possible_misattribution", [rival, chosen.facet], reason
        reason = (
            f"the source states this value only as {where}, about something else; nothing in the source "
            "gives it for what these words describe"
        )
        return "unanchored", [chosen.facet], reason

    def _claim_rival(self, s: Mention, claim: Claim, floor: float) -> Facet | None:
        """The source number of S's kind whose sentence best explains S's words (better than ``floor``)."""
        if self._postings is None:
            self._postings = {}
            for facet in self.facets:
                if not facet.derived:
                    for gram in self.words_of(facet):
                        self._postings.setdefault(gram, []).append(facet)
        hits: dict[int, tuple[Facet, int]] = {}
        for gram in claim.after.union(claim.before):
            posting = self._postings.get(gram, ())
            if len(posting) > MAX_POSTING:
                continue
            for facet in posting:
                hits[id(facet)] = (facet, hits.get(id(facet), (facet, 0))[1] + 1)
        kinds = _kinds_like(s.kind)
        best, best_share = None, max(floor, ANCHOR_SHARE - 1e-9)
        said = claim.after.union(claim.before)
        # (among as many hits, the figure whose own words hold the claim's, not one whose sentence only
        # follows a short one that does, read as its heading: 其中调解和解52件,占31.5%。行政诉讼…败诉率5.1%)
        for facet, _ in sorted(
            hits.values(), key=lambda hit: (-hit[1], -len(self._sentence_grams(hit[0]) & said))
        ):
            if facet.kind in kinds and _units_compatible(s, facet) and facet.value != s.value:
                share = explained(claim, self.words_of(facet))
                if share > best_share:
                    best, best_share = facet, share
        return best

    def _sentence_grams(self, facet: Facet) -> frozenset[str]:
        """Bigrams of a figure's own sentence up to it (no heading nor sentence before it)."""
        at = facet.mention.nstart
        return grams(self.text[self._sentence_start(at) : at])

    def _near_value(self, s: Mention) -> list[Facet]:
        """Facets whose value could relate to S (match, rounding, overlap, within a step of an open-ended
        S's bound: see _within_a_step), plus open-ended ones."""
        lo = s.lo if s.lo is not None else s.value
        hi = s.hi if s.hi is not None else s.value
        if (s.lo is None) != (s.hi is None) and s.value is not None:
            step = bound_step(s)
            lo, hi = (lo, lo + step) if s.hi is None else (hi - step, hi)
        slack = s.precision or Decimal(0)
        if "fraction" in s.flags:  # 三分之二 may restate a source's 66.7% or 67% (a rounding of it)
            slack = max(slack, ROUNDING_ERROR * abs(s.value or 0))
        found: list[Facet] = []
        if lo is None and hi is None:
            return found
        if lo is None:
            found = self.facets[: bisect_right(self._values, hi + slack)]
        elif hi is None:
            found = self.facets[bisect_left(self._values, lo - slack) :]
        else:
            found = self.facets[
                bisect_left(self._values, lo - slack) : bisect_right(self._values, hi + slack)
            ]
        seen = {id(f) for f in found}
        return found + [f for f in self._open_facets if id(f) not in seen]

    def _rivals(self, s: Mention, s_grams: frozenset[str], exclude: set[int]) -> list[_Candidate]:
        """Same-kind source numbers with other values, best context first (for attribution): of S's
        sort, a change for a change (增加38件) and a level for a level (136件), since a change's words
        (比上年增加) never describe a level beside it.

        Only numbers sharing a context bigram with S can score above zero: they are looked up by
        bigram (:meth:`_kind_postings`), so a check costs what S's words match, not the whole source
        (a 5 MB report has tens of thousands of numbers). Same order as a scan of ``by_kind``.
        """
        rivals = []
        kinds = _kinds_like(s.kind)
        change = s.direction is not None or _said_as_change(s)
        for kind in kinds:
            postings = self._kind_postings(kind)
            positions: set[int] = set()
            for gram in s_grams:
                positions.update(postings.get(gram, ()))
            facets = self.by_kind[kind] if positions else []
            for position in sorted(positions):
                t = facets[position]
                if id(t) in exclude or not _units_compatible(s, t) or (t.direction is not None) != change:
                    continue
                rivals.append(_Candidate("value_mismatch", t, dice(s_grams, t.bigrams)))
        rivals.sort(key=lambda c: -c.similarity)
        return rivals

    def _kind_postings(self, kind: str) -> dict[str, list[int]]:
        """Context bigram -> positions in ``by_kind[kind]`` of the facets that have it (built once)."""
        postings = self._rival_postings.get(kind)
        if postings is None:
            postings = self._rival_postings[kind] = {}
            for position, facet in enumerate(self.by_kind.get(kind, ())):
                for gram in facet.bigrams:
                    postings.setdefault(gram, []).append(position)
        return postings

    def _same_value_date(self, s: Mention) -> Facet | None:
        """A source year with S's value: 2023件 for 2023年 is a kind mismatch, not an invention."""
        for d in self.dates:
            if d.kind == "year" and d.value == s.value:
                return _facet(d)
        return None

    def _nearest(self, s: Mention, pool: list[Facet] | None) -> list[Facet]:
        facets = pool if pool is not None else self.by_kind.get(s.kind, [])
        if s.value is None:
            return facets[:3]
        return nsmallest(3, facets, key=lambda f: abs(f.sort_value - s.value))  # = sorted(...)[:3], in O(n)

    # ------------------------------------------------------------------ dates, identifiers, literals

    def _check_date(self, m: Mention, dates: list[Mention]) -> NumberCheck:
        verdict, refs = _date_verdict(m, dates)
        if verdict == "not_found" and m.kind == "year" and m.value == self.report_year is not None:
            # the report's year as the rules read it from the source (今年以来 under a signature of
            # 2024年1月: 2023), though the text never writes it
            return self._result(m, "match", [], "the report year, as read from the source", False)
        if verdict == "not_found" and m.kind == "year" and self._year_said_relatively(int(m.value or 0)):
            # 2022年 for the source's 上年 (2022年出庭应诉率为86.4% for 由86.4%提高到…, 较上年…): a briefing
            # writes out the year a report names only by its distance from the report year
            return self._result(
                m, "match", [], "the year the source names as 上年/明年 of the report year", False
            )
        if verdict == "not_found" and m.kind == "date" and m.value in self._spaced_dates():
            return self._result(m, "match", [], "date found in source (typeset with spaces)", False)
        reason = {
            "match": "date found in source",
            "value_mismatch": "source has the same month with another day",
            "not_found": "this year/date does not occur in the source",
        }[verdict]
        return self._result(m, verdict, [], reason, False, cited=refs)

    def _year_said_relatively(self, year: int) -> bool:
        """Does the source name ``year`` by its distance from the report year: the year before as
        上年/去年, the year after as 明年/下一年度?"""
        if self.report_year is None or abs(year - self.report_year) != 1:
            return False
        words = PREVIOUS_YEAR_SAID if year < self.report_year else NEXT_YEAR_SAID
        return words.search(self.text) is not None

    def _spaced_dates(self) -> frozenset[Decimal]:
        """The dates the source typesets with spaces between their parts (a signature's 2024 年 2 月 28 日),
        which the number engine reads as no date, as date values (20240228)."""
        if self._spaced is None:
            self._spaced = frozenset(
                Decimal(f"{int(y):04d}{int(mo):02d}{int(d):02d}")
                for y, mo, d in SPACED_DATE.findall(self.text)
            )
        return self._spaced

    def _check_identifier(self, m: Mention) -> NumberCheck:
        if self._literal_present(m):
            return self._result(m, "identifier", [], "identifier found verbatim in source", False)
        if m.kind == "ordinal" and (same := self._same_ordinal(m)):
            return self._result(m, "identifier", [], "ordinal found in source", False, cited=[same])
        if "citation" in m.flags:
            return self._result(
                m, "identifier", [], "citation of another document's article; not checked", False
            )
        if m.kind == "ident" and NATIONAL_NAME.fullmatch(m.raw):
            return self._result(
                m, "identifier", [], "name of a national plan period or congress; not checked", False
            )
        return self._result(m, "not_found", [], "identifier does not occur in the source", False)

    def _check_bare(self, m: Mention, claim: Claim | None = None) -> NumberCheck:
        """A number without a measure word: found in the source, and, when words around it say what it
        counts (审查执法卷宗数为400), found for what they name (not only as 400余名执法人员)."""
        if "time" in m.flags or "ratio" in m.flags:
            verdict = "identifier" if self._literal_present(m) else "not_found"
            what = "clock time" if "time" in m.flags else "ratio"
            return self._result(
                m, verdict, [], what + ("" if verdict == "identifier" else " not in source"), False
            )
        if not (self._literal_present(m) or m.value in self.literal_values):
            return self._result(
                m, "not_found", [], "number (without unit) does not occur in the source", False
            )
        if not claim:
            return self._result(m, "match", [], "number (without unit) found in source", False)
        # judged as each kind of quantity the source gives this value (审结28 as 审结28件, 全程网办率100 as
        # 100%), with the claim's words: the same attribution as a number with its unit
        judged = [
            self._judge(replace(m, kind=kind), None, strict=False, attribution=True, claim=claim)
            for kind in dict.fromkeys(f.kind for f in self._same_value(m))
        ]
        verdict, refs, reason = next(
            (j for j in judged if j[0] in POSITIVE), judged[0] if judged else (None,) * 3
        )
        if verdict is not None:
            return self._result(m, verdict, refs, reason, False)
        # the value stands in the source only as a bare number or an identifier: found near these words?
        same = [t for t in self.mentions if t.value == m.value and t.kind not in DATE_KINDS]
        anchored = [
            t for t in same if explained(claim, fact_text(self.text, t.nstart, t.nend)) >= ANCHOR_SHARE
        ]
        if anchored:
            return self._result(
                m, "match", [], "number (without unit) found in source", False, cited=anchored[:1]
            )
        reason = "the source has this number (without unit) only for something else, not for these words"
        return self._result(m, "unanchored", [], reason, False, cited=same[:3])

    def _same_value(self, m: Mention) -> list[Facet]:
        """The source quantities whose value is ``m``'s."""
        return self.facets[bisect_left(self._values, m.value) : bisect_right(self._values, m.value)]

    def _check_quoted(self, m: Mention, strict: bool, *, present: bool) -> NumberCheck:
        """A number inside a “quote” or 《title》: quoted text is the source's word for word, or it is
        not the source's (《…22条措施》 for 《…12条措施》 is an invented title, whatever 22 counts)."""
        if present:
            return self._result(m, "identifier", [], "quoted/title text found verbatim in source", False)
        what = "title" if "in_title" in m.flags else "quoted text"
        return self._result(
            m, "not_found", [], f"the {what} holding this number does not occur in the source", False
        )

    def _literal_present(self, m: Mention) -> bool:
        # (a document cited by its number: 5号文件 is the source's 〔2024〕5号)
        needle = m.norm.removesuffix("文件") if m.kind == "ident" else m.norm
        if not needle:
            return False
        if needle[0].isdigit() or needle[-1].isdigit():
            pattern = (r"(?<![0-9.])" if needle[0].isdigit() else "") + re.escape(needle)
            pattern += r"(?![0-9])" if needle[-1].isdigit() else ""
            if re.search(pattern, self.text):
                return True
        elif needle in self.text:
            return True
        return any(alias in self.text for alias in tables().identifier_aliases.get(needle, ()))

    def _same_ordinal(self, m: Mention) -> Mention | None:
        for t in self.mentions:
            if t.kind in ("ordinal", "rank") and t.value == m.value and (t.unit == m.unit or m.unit is None):
                return t
        return None

    # ------------------------------------------------------------------ results

    def _result(
        self,
        m: Mention,
        verdict: str,
        refs: list[Facet],
        reason: str,
        strict: bool,
        cited: list[Mention] | None = None,
    ) -> NumberCheck:
        """The check of ``m``: its verdict, citing the mentions of ``refs`` (distinct spans) or ``cited``."""
        return NumberCheck.made(
            m.raw,
            m.start,
            m.end,
            m.kind,
            display_value(m),
            m.unit,
            m.qualifier if m.kind in QUANTITY_KINDS or m.kind == "bare" else None,
            status_of(verdict, strict),
            verdict,
            reason,
            [self._ref(c) for c in (cited if cited is not None else _unique_mentions(refs))],
        )

    def _ref(self, m: Mention) -> SourceRef:
        cached = self._refs.get(id(m))
        if cached is None:
            cached = self._refs[id(m)] = (m, self._make_ref(m))  # m kept: its id stays unique
        return cached[1]

    def _make_ref(self, m: Mention) -> SourceRef:
        if "page_meta" in m.flags:  # already an original span (removed page metadata)
            return SourceRef(start=m.start, end=m.end, text=m.raw)
        start, end = self.doc.to_original(m.start, m.end)
        text = self.doc.text
        left = text[max(0, m.start - REF_CONTEXT) : m.start].rpartition("\n")[2]
        right = text[m.end : m.end + REF_CONTEXT // 2].partition("\n")[0]
        return SourceRef(
            start=start,
            end=end,
            text=text[m.start : m.end],
            context=f"{left}【{text[m.start : m.end]}】{right}",
        )


# ---------------------------------------------------------------------- verdict helpers


def displayed(line: str) -> tuple[str, list[int] | None]:
    """A line of our Markdown as it displays (our escapes undone, see MARKDOWN_ESCAPES), and for each of
    its offsets, and its end, the offset in ``line`` (None: the same offsets, nothing was escaped)."""
    if "&" not in line and "\\" not in line:  # (almost every line)
        return line, None
    text: list[str] = []
    where: list[int] = []
    last = 0
    for found in ESCAPED.finditer(line):
        text.append(line[last : found.start()])
        where.extend(range(last, found.start()))
        text.append(UNESCAPED[found.group()])
        where.append(found.start())
        last = found.end()
    text.append(line[last:])
    where.extend(range(last, len(line) + 1))
    return "".join(text), where


def status_of(verdict: str, strict: bool) -> str:
    if verdict == "rounded":
        return "mismatch" if strict else "supported"
    if verdict in ("match", "consistent", "derived"):
        return "supported"
    if verdict == "identifier":
        return "ignored"
    if verdict in ("not_found", "unanchored"):
        return "unsupported"
    return "mismatch"


# (a report's checks show a few dozen values, most of them many times: 1, 2, 100 …; equal values
# write alike, so a value written once is looked up after)
_written = lru_cache(maxsize=1024)(format_decimal)


def display_value(m: Mention) -> str | None:
    if m.value is None:
        if m.lo is not None and m.hi is not None:
            return f"{_written(m.lo)}-{_written(m.hi)}"
        return None
    if m.kind not in DATE_KINDS:  # a quantity, the usual case
        return _written(m.value)
    v = int(m.value)
    if m.kind == "date":
        return f"{v // 10000:04d}-{v // 100 % 100:02d}" + (f"-{v % 100:02d}" if v % 100 else "")
    if m.kind == "month_day":
        return f"{v // 100:02d}" + (f"-{v % 100:02d}" if v % 100 else "")
    if m.kind == "year_range" and m.value_from is not None:
        return f"{_written(m.value_from)}/{_written(m.value)}"
    return _written(m.value)


@cache
def _foldable() -> re.Pattern[str]:
    """Any character the numeral table folds to Simplified script."""
    return regexes.compile("[" + "".join(re.escape(chr(code)) for code in sorted(tables().fold)) + "]")


def _reads_words(m: Mention) -> bool:
    """Does the check of ``m`` read the words of its clause? A quantity's does (:func:`_judged_as_quantity`),
    and so does a bare number's (what it counts must be what the source counts with it)."""
    return _judged_as_quantity(m) or (m.kind == "bare" and not m.flags & QUOTED_FLAGS)


def _judged_as_quantity(m: Mention) -> bool:
    """Does :meth:`SourceIndex.check_mention` judge ``m`` as a quantity (the only check that reads a
    claim's words)? Not a quoted or title number, a date, an identifier, an ordinal or a bare number."""
    return not (m.flags & QUOTED_FLAGS) and m.kind not in NOT_JUDGED_KINDS


def _content(m: Mention) -> tuple:
    """A mention as a check reads it, wherever it stands (a key for checks judged once)."""
    return _MENTION_CONTENT(m), tuple(map(_content, m.parts))


def _facet(m: Mention, *, context: str | None = None) -> Facet:
    # positional: one is built per source quantity, and Facet's twenty keywords cost more to match
    # than its whole construction
    return Facet(
        m.kind, m.value, m.value_from, m.lo, m.hi, m.lo_open, m.hi_open, m.unit, m.unit_class, m.qualifier,
        m.direction, m.precision, m.scale, m, False, context is not None,
        context_bigrams(m.context if context is None else context),
    )  # fmt: skip


def _joined_context(first: Mention, second: Mention) -> str:
    """The words of a change's second end: the subject before the first end's 由 or 从, and its own."""
    before = first.context.partition("|")[0]
    marker = max(before.rfind("由"), before.rfind("从"))
    return (before[:marker] if marker > 0 else "") + " " + second.context


def _percent_facet(m: Mention) -> Facet:
    """A change by a multiple (增长了1倍, 增长1.5倍) as the percentage a summary may write (增长100%)."""
    hundred = Decimal(100)
    return replace(
        _facet(m), value=m.value * hundred, lo=_times(m.lo, hundred), hi=_times(m.hi, hundred), unit="%",
        unit_class="percent", precision=_times(m.precision, hundred),
    )  # fmt: skip


def _times(value: Decimal | None, factor: Decimal) -> Decimal | None:
    return None if value is None else value * factor


def _difference_facet(m: Mention) -> Facet:
    """由53.4%提升至95% supports "提升41.6个百分点"."""
    diff = abs(m.value - m.value_from)
    return Facet(
        kind="pct_point", value=diff, value_from=None, lo=diff, hi=diff, lo_open=False, hi_open=False,
        unit="个百分点", unit_class="pct_point", qualifier="exact", direction=m.direction,
        precision=min(m.parts[0].precision or Decimal(1), m.parts[1].precision or Decimal(1)),
        scale=Decimal(1), mention=m, derived=True, bigrams=context_bigrams(m.context),
    )  # fmt: skip


def figure_years(text: str, mentions: list[Mention], report_year: int | None = None) -> list[tuple[int, int]]:
    """(where it ends, the year) of each year in ``text`` (normalised) that says which year the figures
    after it in its sentence are of: not one compared with (较2022年, 比上年) unless its own figure
    follows (较2022年的45件), nor the start of a span (2019年以来, 2021年至, 2021—2023年), nor one in a
    cited title; with ``report_year``, the words that name it (今年, 本年度, 全年) and the year before it
    (上年度, 去年, 较上年的) too. The year of a change's first end (由2022年的1,024件下降至876件), or of a
    base figure (较2023年的1,512件下降8.3%), is that figure's alone: an entry of year 0 (none said) follows it."""
    found = []
    for m in mentions:
        if m.kind != "year" or m.value is None or m.flags & QUOTED_FLAGS or SPAN_START.match(text, m.nend):
            continue
        if COMPARED_YEAR.search(text, max(0, m.nstart - 2), m.nstart):
            if not BASE_FIGURE.match(text, m.nend):
                continue
            found += _closed_after_base(mentions, m.nend)
        found.append((m.nend, int(m.value)))
    if report_year is not None:
        for cue in _relative_years(text):
            found.append((cue.end(), report_year if cue.lastgroup == "this" else report_year - 1))
            if cue.lastgroup == "base":
                found += _closed_after_base(mentions, cue.end())
    found.sort()
    if any(marker in text for marker in tables().from_markers):
        found = _first_end_years(text, mentions, found)
    return found


def _relative_years(text: str) -> Iterator[re.Match[str]]:
    """``RELATIVE_YEAR.finditer(text)``, the pattern tried only where a match can start (RELATIVE_YEAR_START):
    it opens with a lookbehind, which makes the engine try it at every character of the source."""
    end = 0
    for start in RELATIVE_YEAR_START.finditer(text):
        if start.start() >= end and (cue := RELATIVE_YEAR.match(text, start.start())) is not None:
            end = cue.end()  # (matches do not overlap, as finditer's)
            yield cue


def _closed_after_base(mentions: list[Mention], at: int) -> list[tuple[int, int]]:
    """An entry of year 0 right after the base figure that follows ``at`` (较2023年的1,512件下降8.3%): the
    year compared with is that figure's alone, and what follows it is said of the figure compared."""
    first = bisect_left(mentions, at, key=attrgetter("nstart"))
    base = next((m for m in mentions[first : first + BASE_REACH] if m.kind not in DATE_KINDS), None)
    return [] if base is None else [(base.nend, 0)]


def _first_end_years(
    text: str, mentions: list[Mention], found: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``found`` with each year said of a change's first end alone (由2022年的1,024件…) closed after it."""
    ends = [m for m in mentions if "change_from" in m.flags]
    if not ends:
        return found
    closed = list(found)
    for end in ends:
        i = bisect_left(found, (end.nstart, 0)) - 1
        marker = from_marker_before(text, end.nstart)
        if i >= 0 and marker is not None and marker < found[i][0] <= end.nstart:  # the year stands between
            closed.append((end.nend, 0))
    return sorted(closed)


def year_said(text: str, years: list[tuple[int, int]], at: int) -> int | None:
    """The year a figure at ``at`` is said of: the last of ``years`` (:func:`figure_years`) before it
    in its sentence, if any."""
    i = bisect_right(years, (at, 0)) - 1  # (a year closed where the figure starts: 1,512件下降8.3%)
    if i < 0 or SENTENCE_EDGE_RE.search(text, years[i][0], at):
        return None
    return years[i][1] or None


def _kinds_like(kind: str) -> frozenset[str]:
    """The kinds a number of ``kind`` may be compared with (only its own, for a kind not listed)."""
    return COMPATIBLE_KINDS.get(kind) or frozenset({kind})


def _unique_mentions(facets: list[Facet]) -> list[Mention]:
    """The mentions of ``facets``, one per source span."""
    if len(facets) < 2:  # the usual case: nothing to tell apart
        return [f.mention for f in facets]
    seen: set[tuple[int, int]] = set()
    out = []
    for f in facets:
        key = (f.mention.start, f.mention.end)
        if key not in seen:
            seen.add(key)
            out.append(f.mention)
    return out


def _said_when(text: str, at: int, year: int | None, planned: bool) -> tuple[bool, bool, bool, bool, bool]:
    """What the words before a claim's quantity at ``at`` in ``text`` (normalised) say of its time, given
    the ``year`` its sentence names and whether it is ``planned``: (former, running, whole_year, unmarked,
    part_year), as :meth:`SourceIndex.check_mention` takes them."""
    former = from_marker_before(text, at) is not None  # 由612项…: said as the former figure
    # 2023年累计…: a running total of the year named (its clause says so), not that year's own figure
    running = year is not None and RUNNING_TOTAL.search(text, max(0, at - CLAIM_LEFT), at) is not None
    before = text[max(0, at - CLAIM_LEFT) : at]
    lead = sentence_start(before, 0, len(before))  # where the claim's sentence starts in it
    # 全年 (not 2023年 or 今年) says the whole of the year its context is about: in a plan, the plan's
    whole_year = year is not None and not EXPLICIT_YEAR.search(before, lead)
    period = period_of(before)
    unmarked = (
        year is None
        and not planned
        and not RUNNING_TOTAL.search(before)
        and not PLAN_SAID.search(before, lead)
        and period == "year"
    )  # said with no year, span or plan of its own (nor under a plan heading): of the report year
    part_year = not unmarked and period == PART_YEAR  # 上半年收到…
    return former, running, whole_year, unmarked, part_year


def _said_of_a_basis(s: Mention) -> bool:
    """Is S's percent said right after what it compares with, with no way (审结案件同比30.0%: a change,
    as a table's 同比 column gives it), though the number engine reads no change in it? (With a way,
    同比增长 16.2%, its verb says it: see _verb_direction.)"""
    return s.context.partition("|")[0].rstrip().endswith(("同比", "环比", "较上年", "比上年"))


def _unitless_count(t: Facet) -> bool:
    """Is T a count its source writes with no unit (a table's cell: 行政复议收案 96 108), which a number
    written bare restates exactly?"""
    return t.kind == "count" and t.unit is None


def _units_compatible(s: Mention, t: Facet) -> bool:
    if s.unit == t.unit or s.unit is None or t.unit is None:
        return True
    tab = tables()
    group = tab.alias_group.get(s.unit)
    if group is not None and group == tab.alias_group.get(t.unit):
        return True
    general = tab.general_classifier
    if s.unit == general and t.unit_class in tab.general_classes:
        return True
    return t.unit == general and s.unit_class in tab.general_classes


def candidate_heading(line: str) -> str | None:
    """The heading a candidate's line is, if it is one: a Markdown heading (### 下一年度安排), a bold line
    alone (**下一步工作**), or a short line opened by a heading marker with no sentence in it (四、2024年
    工作安排); else None."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return stripped.lstrip("#").strip()
    if len(stripped) > HEADING_CHARS or any(stop in stripped for stop in "。;；"):
        return None
    if stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4:
        return stripped.strip("*").strip()
    return stripped if is_heading_marker(stripped) else None


HEADING_CHARS = 30  # a heading line of a candidate is short


@lru_cache(maxsize=256)  # (a briefing's few headings come back in every report of a batch)
def is_plan_heading(heading: str) -> bool:
    """Does the heading name the next year's plan (下一年度安排, 下一步工作打算, 2024年工作安排)?"""
    from summarizer.outline import classify_heading  # (the one table of heading styles)

    return classify_heading(heading) == "next_year_plan"


def plan_sections(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` under its plan headings, each up to the next heading."""
    spans: list[tuple[int, int]] = []
    start, at = None, 0
    for line in text.split("\n"):
        if (heading := candidate_heading(line)) is not None:
            if start is not None:
                spans.append((start, at))
            start = at if is_plan_heading(heading) else None
        at += len(line) + 1
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _words_end(text: str, previous: Mention | None, m: Mention) -> int | None:
    """Where the words naming ``m`` end when it is the second end of a change stated by both (行政处罚案件
    由1512件下降至1386件): at the 由 of the first, since the words between say how it changed from the
    first, not what the second counts; when it is the rank of the figure before it (败诉率5.8%,居全省第3位):
    at that figure, whose words say what is ranked. None for any other number: its words end at it."""
    if previous is None:
        return None
    if (
        m.kind == "rank"
        and previous.kind in FIGURE_KINDS
        and RANK_GAP.fullmatch(text, previous.nend, m.nstart)
    ):
        return previous.nstart
    if "change_to" not in m.flags or "change_from" not in previous.flags:
        return None
    return from_marker_before(text, previous.nstart)


def _said_against(s: Mention, chosen: Facet) -> str | None:
    """Why a change the candidate states by its two ends is misstated, when its verb says the other way
    than its figures go (由8.2%上升至4.5%, flagged by the number engine) and the source's does not."""
    for says, flag in SAID_AGAINST.items():
        if flag in s.flags and flag not in chosen.mention.flags:
            goes = "down" if says == "up" else "up"
            return f"the candidate says it went {says}, but its figures go {goes}; the source: «{chosen.mention.raw}»"
    return None


def _verdict(s: Mention, t: Facet) -> str | None:
    """The verdict of S against one facet, or None when they are unrelated."""
    relation = _relation(s, t)
    if relation is None:
        return None
    if t.derived and t.kind != "pct_point":  # the change between two ends of a count (事项由612项压减至548项)
        said = s.direction or _verb_direction(s)
        if said is None:
            return None  # a level (事项64项) is no change (事项压减64项)
        if said != t.direction:
            return "direction_mismatch" if relation in ("match", "rounded") else None
    value_equal = s.value is not None and s.value == t.value
    strong = relation in ("match", "rounded") or value_equal
    if (
        t.kind not in COMPATIBLE_KINDS.get(s.kind, ())
        and not (s.kind == "bare" and _unitless_count(t))
        and not (
            s.kind == "percent" and t.kind == "pct_change" and (_said_of_a_basis(s) or _verb_direction(s))
        )
    ):
        # A rank is an ordinal: "第二" sharing a value with "2项" says nothing about either.
        return "kind_mismatch" if strong and "rank" not in (s.kind, t.kind) else None
    if not _units_compatible(s, t):
        return "unit_mismatch" if strong else None
    if s.direction and t.direction and s.direction != t.direction:
        return "direction_mismatch" if strong or relation == "consistent" else None
    if t.direction and not s.direction and (said := _verb_direction(s)) and said != t.direction:
        return "direction_mismatch" if strong else None  # 事项增加37项 for 较上年减少37项
    if s.direction and t.direction and _bases_differ(s.raw, t.mention.raw):
        return "kind_mismatch" if strong else None  # 环比 for 同比: compared with another period
    if s.kind == "pct_from_to" and t.kind == "pct_from_to":
        start_relation = _start_relation(s, t)
        if start_relation is None:
            return None
        if start_relation == "rounded" and relation == "match":
            relation = "rounded"
    if relation == "overlap":
        return "qualifier_mismatch"
    if t.derived and relation in ("match", "rounded"):
        return "derived"
    return relation


def _relation(s: Mention, t: Facet) -> str | None:
    """match | consistent | rounded | overlap | None, on the intervals of S and T.

    An open-ended S (以上, 超过, 不少于, 不足) is ``consistent`` only with a source of the same bound, or
    with a closed one within a step of its bound, which it rounds (超过2000项 for 2470项, 超九成 for
    93.64%): "不少于2次" is implied by "不少于4次" or "4次" but says something else, so it does not pass.
    """
    s_iv = (s.lo, s.lo_open, s.hi, s.hi_open)
    t_iv = (t.lo, t.lo_open, t.hi, t.hi_open)
    if s_iv == t_iv:
        return "match"
    open_ended = s.lo is None or s.hi is None
    if open_ended and (s.lo, s.hi) == (t.lo, t.hi):
        return "consistent"  # 超过九成 for 九成以上: the same bound, said exclusive or inclusive
    if s.value == t.value and {s.qualifier, t.qualifier} == {"over", "at_least"} and s.lo_open and t.lo_open:
        return "consistent"  # 650万余 for 逾650万: both say more than the same figure, by what is left unsaid
    if s.value == t.value and (s.qualifier, t.qualifier) == ("approx", "under"):
        return "consistent"  # 约1200万元 for 近1200万元: about the figure it nearly reaches
    if (
        _contains(s_iv, t_iv)
        and (not open_ended or s.value == t.value or _within_a_step(s, t))
        and not _nearly_too_far(s, t)
    ):
        return "consistent"
    if _rounded(s, t):
        return "rounded"
    if s.value is not None and s.value == t.value:
        return "overlap"
    if None not in (s.lo, s.hi, t.lo, t.hi) and _overlaps(s_iv, t_iv) and s.qualifier != t.qualifier:
        return "overlap"
    return None


def _nearly_too_far(s: Mention, t: Facet) -> bool:
    """Is S said as nearly a figure (近99%) that T, a figure stated, does not round to (98.2%)? 近 says
    the figure rounds up to it: 近99% for 98.6%, 近2000名 for 1960名, 近三成 for 27.9%, not 近99% for
    98.2%, which rounds to 98%."""
    if s.qualifier != "under" or t.qualifier != "exact" or s.value is None or t.value is None:
        return False
    return t.value < s.value - bound_step(s) / 2


def _within_a_step(s: Mention, t: Facet) -> bool:
    """Does closed T lie within one step of open-ended S's bound (the step of its last written digit)?"""
    if t.lo is None or t.hi is None or (s.lo is None) == (s.hi is None):
        return False  # (an S with no bound at all, as a change without its base, has no step either)
    step = bound_step(s)
    if s.hi is None:  # a lower bound: 超过2000 reads as 2000-odd, up to 3000
        return t.hi < s.lo + step or (t.hi == s.lo + step and t.hi_open)
    return t.lo > s.hi - step or (t.lo == s.hi - step and t.lo_open)


def _start_relation(s: Mention, t: Facet) -> str | None:
    """How the 由A% of two from→to mentions compare: match, rounded or None."""
    if s.value_from == t.value_from:
        return "match"
    s_start = s.parts[0] if s.parts else None
    t_start = t.mention.parts[0] if t.mention.parts else None
    if s_start is None or t_start is None:
        return None
    return "rounded" if _rounded(s_start, _facet(t_start)) else None


def _contains(outer: tuple, inner: tuple) -> bool:
    o_lo, o_lo_open, o_hi, o_hi_open = outer
    i_lo, i_lo_open, i_hi, i_hi_open = inner
    if o_lo is not None and (i_lo is None or i_lo < o_lo or (i_lo == o_lo and o_lo_open and not i_lo_open)):
        return False
    return o_hi is None or not (i_hi is None or i_hi > o_hi or (i_hi == o_hi and o_hi_open and not i_hi_open))


def _overlaps(a: tuple, b: tuple) -> bool:
    a_lo, a_lo_open, a_hi, a_hi_open = a
    b_lo, b_lo_open, b_hi, b_hi_open = b
    if a_hi < b_lo or (a_hi == b_lo and (a_hi_open or b_lo_open)):
        return False
    return not (b_hi < a_lo or (b_hi == a_lo and (b_hi_open or a_lo_open)))


def _rounded(s: Mention, t: Facet) -> bool:
    """S is T with trailing decimals dropped, in T's own unit (93.6% for 93.64%, 1957万 for 1957.08万),
    or T restated in a larger unit to two significant digits or more (8.43万件 or 8.4万件 for 84315件,
    0.12亿元 for 1173万元): a briefing's usual way to write a large count. One digit (8万件) says too
    little to tell the figure from its neighbours, so it must be hedged (约8万件) to pass. Either way
    the rounding may move the figure by ROUNDING_ERROR at most: 2倍 for 1.5倍, or 3% for 2.6%, says
    something else."""
    if (
        s.value is None
        or t.value is None
        or s.qualifier != t.qualifier
        or s.qualifier in ("at_least", "at_most")
    ):
        return False
    if s.precision is None or t.precision is None or t.scale is None:
        return False
    if s.kind == "percent" and s.value in FULL_OR_NONE:
        return False  # 办结率100% says every one was, which 99.7% does not; 败诉率0% says none was
    # the rounded figure and the one it rounds: S of T, or T of a fraction S (三分之二 for a source's 66.7%)
    coarse, fine = (t, s) if "fraction" in s.flags and s.precision < t.precision else (s, t)
    if not (
        fine.precision < coarse.precision
        and (coarse.precision <= fine.scale or _in_larger_unit(coarse, fine))
    ):
        return False
    rounded = (fine.value / coarse.precision).quantize(Decimal(1), rounding=ROUND_HALF_UP) * coarse.precision
    return rounded == coarse.value and abs(coarse.value - fine.value) <= ROUNDING_ERROR * abs(fine.value)


def _in_larger_unit(coarse: Mention | Facet, fine: Mention | Facet) -> bool:
    """Is ``coarse`` written in a larger 万/亿 unit than ``fine``, with two significant digits or more?"""
    return coarse.scale is not None and coarse.scale > fine.scale and coarse.value >= 10 * coarse.precision


def _best_positive(positives: list[_Candidate]) -> _Candidate:
    """The strongest verdict (match > derived > consistent > rounded), unless a weaker one sits in
    a clearly more similar clause: 93.6% rounded from the 93.64% of the same clause beats an
    exact 93.6% about something else."""
    if len(positives) == 1:  # the usual case: nothing to weigh
        return positives[0]
    if any(c.verdict == "match" and not c.facet.derived for c in positives):
        # a figure the source states beats the same one worked out from two others (增加38件 stated, and
        # 136件 against 98件)
        positives = [c for c in positives if not c.facet.derived]
    by_verdict = min(positives, key=lambda c: (POSITIVE.index(c.verdict), -c.similarity))
    by_context = max(positives, key=lambda c: (c.similarity, -POSITIVE.index(c.verdict)))
    return by_context if by_context.similarity > by_verdict.similarity else by_verdict


def _basis(raw: str) -> str | None:
    """What a change written with its basis compares with: 环比 (the period before) or 同比 (the same
    period of the year before: 同比, 较上年, 比去年同期 …); None when it names none."""
    if "环比" in raw:
        return "环比"
    return "同比" if any(word in raw for word in tables().basis_words) else None


def _bases_differ(claimed: str, source: str) -> bool:
    """Do two changes that both name their basis name different ones (环比 and 同比)?"""
    a, b = _basis(claimed), _basis(source)
    return a is not None and b is not None and a != b


def _claim_column_year(text: str, m: Mention) -> int | None:
    """The year a claim's table (a model's Markdown table) writes over the column of its cell ``m``."""
    return column_year(text, m.nstart) if m.nstart and text[m.nstart - 1] in CELL_GAP else None


def _says_target(s: Mention, claim: Claim | None) -> bool:
    """Does the claim say its figure is a target (力争, 确保…) or a plan's (将, 拟, 明年…), in its clause or
    its window?"""
    said = s.context.partition("|")[0]
    return (claim is not None and not TARGET_GRAMS.isdisjoint(claim.before)) or bool(
        TARGET_WORDS.search(said) or PLAN_SAID.search(said)
    )


def _name_grams(s: Mention, s_grams: frozenset[str]) -> frozenset[str]:
    """S's context bigrams without a verb of reaching that ends its name (合格率达到100%: 合格率): the
    words that say what it counts, when the verb would tie it to another rate said with it."""
    named = REACH_TAIL.sub("", s.context, count=1)
    return s_grams if named == s.context else context_bigrams(named)


def _sums_of_the_above(text: str, mentions: list[Mention], checks: list[NumberCheck], strict: bool) -> None:
    """A figure said as the sum of the figures right before it in its sentence (镇党委会议研究法治建设3次、
    镇政府常务会议学法10次,合计13次), each of them supported and in its unit, is derived from them: its
    words (合计) name nothing of the source, the figures they add up do; one they do not add up to is
    a wrong sum. ``checks[i]`` is the check of ``mentions[i]``; a sum's check is replaced in place."""
    for i, m in enumerate(mentions):
        said = SUM_OF_THE_ABOVE.search(text, max(0, m.nstart - 8), m.nstart)
        if said is None or checks[i].status == "supported" or m.value is None or m.qualifier != "exact":
            continue
        parts: list[NumberCheck] = []
        total, summed = Decimal(0), None
        for j in range(i - 1, -1, -1):
            part = mentions[j]
            if (
                part.unit != m.unit
                or part.value is None
                or part.qualifier != "exact"
                or checks[j].status != "supported"
                or SENTENCE_EDGE_RE.search(text, part.nend, m.nstart)
            ):
                break
            total += part.value
            parts.append(checks[j])
            if total == m.value and len(parts) >= 2:
                summed = parts[:]
        if len(parts) < 2:
            continue
        if summed is not None:
            verdict = "derived"
            reason = "the sum of the figures before it: " + " + ".join(
                f"«{c.text}»" for c in reversed(summed)
            )
        else:
            verdict, summed = "value_mismatch", parts
            reason = f"the {len(parts)} figures before it add up to {format_decimal(total)}{m.unit or ''}"
        source = [ref for c in reversed(summed) for ref in c.source[:1]]
        checks[i] = NumberCheck.made(
            m.raw, m.start, m.end, m.kind, display_value(m), m.unit, m.qualifier,
            status_of(verdict, strict), verdict, reason, source,
        )  # fmt: skip


def _numerals_as_digits(text: str, mentions: list[Mention]) -> str:
    """``text`` with the numerals of its figures written in Chinese as digits (五千六百余件 as 0000余件):
    a figure's digits are no words of a claim, whichever way it is written (办件量五千六百余件,同比增长18.4%
    names the change as 办件量5600余件,同比增长18.4% does)."""
    spans = [
        (m.nstart, m.nend) for m in mentions if m.kind in QUANTITY_KINDS and CHINESE_NUMERAL.search(m.raw)
    ]
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        if start >= last:  # (mentions do not overlap; if one ever did, its first reading stands)
            pieces += [text[last:start], CHINESE_NUMERAL.sub("0", text[start:end])]
            last = end
    return "".join(pieces) + text[last:]


def _names_nothing(s: Mention) -> bool:
    """Do the words of S's own clause only say that it was reached (达到, 提高至)?"""
    return REACH_ONLY.fullmatch(s.context.partition("|")[0].strip()) is not None


def _listed_items(text: str, mentions: list[Mention]) -> dict[tuple[int, int], str]:
    """The name of each figure of a 分别 list in a claim (医疗、物业和婚姻家庭纠纷分别为214起、563起、781起:
    214起 is 医疗纠纷's), by its span: the words of its clause name every item of the list, so only the
    order tells which figure each one's is, as in the source."""
    named: dict[tuple[int, int], str] = {}
    figures = [(m.nstart, m.nend) for m in mentions if m.kind not in DATE_KINDS]
    word_at = text.find(respectively.WORD)
    while word_at >= 0:
        spans = respectively.listed(text, word_at, [f for f in figures if f[0] > word_at])
        names = respectively.names(text, word_at, len(spans)) if len(spans) > 1 else []
        if len(names) == len(spans):
            named.update((span, respectively.item_name(text, names, k)) for k, span in enumerate(spans))
        word_at = text.find(respectively.WORD, word_at + 1)
    return named


def _reach(words: str) -> str | None:
    """The last reach ``words`` name, 全市 … or 本级 (市本级 and 本级 alike), if any."""
    found = REACH_WORD.findall(words)
    return None if not found else "本级" if found[-1].endswith("本级") else found[-1]


def _last_scope(words: str) -> str | None:
    """The last scope words name (全国, 全省, 全市 …), if any."""
    found = SCOPE_WORD.findall(words)
    return found[-1] if found else None


def _reached_for_change(s: Mention, chosen: Facet) -> str | None:
    """Why a claim of the level a figure went to (增加到224件) is not the source's change by that much
    (较上年的1,880件增加224件), or None."""
    if not CHANGED_TO.search(s.context.partition("|")[0].rstrip()):
        return None  # (most claims)
    source = chosen.mention.context.partition("|")[0].rstrip()
    if CHANGED_TO.search(source) or not (chosen.direction or _verb_direction(chosen.mention)):
        return None  # the source's figure is what it went to, or no change at all
    return f"the source gives «{chosen.mention.raw}» as how much it changed ({_ctx(chosen)}); these words give it as what it went to"


def _negation_flipped(s: Mention, chosen: Facet) -> str | None:
    """Why S's words say the opposite of what the chosen figure's own clause says, when one negates a
    word the other says (合格案卷占比4.7% for 不合格案卷占比为4.7%, 受理15件 for 不予受理15件)."""
    said, source = s.context.partition("|")[0], chosen.mention.context.partition("|")[0]
    if not any(word in text for text in (said, source) for word in "不未"):
        return None  # (most claims)
    for negated, plain in tables().negations:
        for one, other in ((said, source), (source, said)):
            if negated in other and negated not in one and plain in one:
                return (
                    f"the source gives «{chosen.mention.raw}» for «{negated}» ({_ctx(chosen)}); "
                    f"these words say «{plain}»"
                    if other is source
                    else f"these words say «{negated}», the source's «{chosen.mention.raw}» is «{plain}» ({_ctx(chosen)})"
                )
    return None


def _says_reached(s: Mention) -> bool:
    """Does the claim say its figure was reached (已达到95%, 提高到了95%)?"""
    return REACHED_WORDS.search(s.context.partition("|")[0]) is not None


def _says_part_year(s: Mention) -> bool:
    """Does the claim say its figure is of a part of the year (上半年…)?"""
    return period_of(s.context.partition("|")[0]) == PART_YEAR


def _said_as_change(s: Mention) -> bool:
    """Does a verb of change stand right before S (行政复议申请增加38件: with no 同比 before it the number
    engine reads an amount, but the words say a change)?"""
    return _verb_direction(s) is not None


def _verb_direction(s: Mention) -> str | None:
    """The way the verb of change right before S says (增加38件: up), or None."""
    left = s.context.partition("|")[0].rstrip().removesuffix("了")
    return next(
        (way for word, way in tables().direction_by_last.get(left[-1:], ()) if left.endswith(word)), None
    )


def _best_challenger(near: list[_Candidate], others: list[_Candidate]) -> _Candidate | None:
    pool = near[:1] + others[:1]
    return max(pool, key=lambda c: c.similarity) if pool else None


def _table_rows(text: str, start: int, end: int, reach: tuple[int, int]) -> tuple[int, int]:
    """The lines around the table row ``text[start:end]`` that are rows too (two figure cells or more),
    within ``reach``."""
    while start > reach[0] + 1 and len(figure_cells(text, row := text.rfind("\n", 0, start - 1) + 1)) >= 2:
        start = max(row, reach[0])
    while end < reach[1] and len(figure_cells(text, end + 1)) >= 2:
        following = text.find("\n", end + 1, reach[1])
        end = reach[1] if following < 0 else following
    return start, end


def _belongs_elsewhere(
    s_grams: frozenset[str], chosen: _Candidate, rival: _Candidate, *, topic: frozenset[str] | None = None
) -> bool:
    """The words around S name the rival's fact and nothing that is specific to the chosen one.

    Evidence counts only the bigrams that tell the two source clauses apart. "Explained" is the
    share of S's bigrams found in a source clause: a short candidate clause (处理2085家) is fully
    explained by the longer source clause it was cut from (处理定点医药机构550家). One distinct
    bigram is weak evidence (an inserted 共 can create one), so it also needs a clear margin.

    When the rival follows the chosen number in the same sentence, the words before the chosen one
    (``topic``) say what both count (全年收到行政复议申请128件,受理121件: 行政复议 is the topic of 121件
    too): then one word of the rival's own clause found nowhere before the chosen number (受理) settles it.
    """
    chosen_grams, rival_grams = chosen.facet.bigrams, rival.facet.bigrams
    if not chosen_grams or not s_grams:
        return False  # no words on one side: nothing to contradict
    if topic is not None:  # the rival's own clause is what comes before it, after the chosen number
        own_clause = _clause_before(rival.facet)
        return bool((own_clause - chosen_grams - topic) & s_grams)
    own_evidence = len((chosen_grams - rival_grams) & s_grams)
    rival_evidence = len((rival_grams - chosen_grams) & s_grams)
    if own_evidence or not rival_evidence:
        return False
    rival_explains = len(s_grams & rival_grams) / len(s_grams)
    chosen_explains = len(s_grams & chosen_grams) / len(s_grams)
    if rival.similarity < MIN_OTHER_SIMILARITY and rival_explains < MIN_EXPLAINED:
        return False
    return rival_evidence >= 2 or rival_explains - chosen_explains >= MIN_MARGIN


def _accuse(s: Mention, chosen: _Candidate, rival: _Candidate) -> tuple[str, list[Facet], str]:
    if rival.verdict in NEAR:
        return rival.verdict, [rival.facet, chosen.facet], _reason(s, rival.verdict, rival.facet)
    reason = (
        f"the value occurs in the source as «{chosen.facet.mention.raw}» ({_ctx(chosen.facet)}), but these "
        f"words go with «{rival.facet.mention.raw}» ({_ctx(rival.facet)})"
    )
    return "possible_misattribution", [rival.facet, chosen.facet], reason


def _own_words(f: Facet) -> frozenset[str]:
    """Bigrams of the words before a figure in its own clause (its context's first side)."""
    return grams(f.mention.context.partition("|")[0])


def _told_apart(first: Facet, then: Facet) -> tuple[frozenset[str], frozenset[str]]:
    """Bigrams of the names two figures of one sentence have in their own clauses (their contexts
    before the number). A later step named by its verb alone (收到行政复议申请2318件, 受理2104件) counts
    the first one's object: only the first one's verb is its own then (none when it is the total:
    一审行政诉讼案件共1452件, 审结1390件)."""
    mine, theirs = (f.mention.context.partition("|")[0] for f in (first, then))
    if STEP_START.fullmatch(theirs):
        return grams(" ".join(STEP_VERB.findall(mine))), grams(theirs)
    return grams(mine), grams(theirs)


def _ctx(f: Facet) -> str:
    # a context window may start inside a number (2022年 cut to 2年): a reason never shows such a stub
    return CUT_NUMBER.sub("", f.mention.context).replace("|", "…")


def _reason(s: Mention, verdict: str, t: Facet | None) -> str:
    src = f"«{t.mention.raw}»" if t else ""
    match verdict:  # only the verdict's own words are written (this runs for every check)
        case "match":
            return f"matches source {src}"
        case "consistent":
            return f"weaker than, but implied by, source {src}"
        case "rounded":
            return f"rounded from source {src}"
        case "derived":
            return f"difference of the two ends of source {src}"
        case "qualifier_mismatch" if t is not None and _nearly_too_far(s, t):
            return f"source says {src}, which is not nearly «{s.raw}»: it does not round up to it"
        case "qualifier_mismatch":
            said = f" ({s.qualifier_text})" if s.qualifier_text else ""
            return f"source says {src} ({t.qualifier if t else ''}); candidate says {s.qualifier}{said}"
        case "unit_mismatch":
            return f"source has this value as {src} (unit {t.unit if t else ''}), not with {s.unit}"
        case "direction_mismatch":
            return f"source {src} goes {t.direction if t else ''}, candidate says {s.direction or _verb_direction(s)}"
        case "kind_mismatch" if t is not None and t.kind == s.kind and _basis(s.raw):
            return f"source {src} compares with {_basis(t.mention.raw)}, candidate with {_basis(s.raw)}"
        case "kind_mismatch":
            return f"source {src} is a {t.kind if t else ''}, candidate makes it a {s.kind}"
        case "value_mismatch":
            return f"the source says {src} in this place"
        case "not_found":
            return "no source number supports this value"
    raise KeyError(verdict)


def _date_verdict(m: Mention, dates: list[Mention]) -> tuple[str, list[Mention]]:
    value = int(m.value) if m.value is not None else 0
    if m.kind == "year":
        same = [d for d in dates if _year_of(d) == value]
        # A year range (often a national plan's, in a title) does not vouch for its single years.
        return ("match", same[:1]) if same else ("not_found", [])
    if m.kind == "year_range":
        same = [
            d for d in dates if d.kind == "year_range" and d.value == m.value and d.value_from == m.value_from
        ]
        return ("match", same[:1]) if same else ("not_found", [])
    if m.kind == "date":
        y, md = value // 10000, value % 10000
        exact = [d for d in dates if d.kind == "date" and _date_matches(int(d.value), y, md)]
        if exact:
            return "match", exact[:1]
        if any(_year_of(d) == y for d in dates):  # (the years of the source's dates: read only here)
            partial = [d for d in dates if d.kind == "month_day" and _md_matches(int(d.value), md)]
            if partial:
                return "match", partial[:1]
        same_month = [
            d for d in dates if d.kind == "date" and int(d.value) // 100 == value // 100 and md % 100
        ]
        return ("value_mismatch", same_month[:1]) if same_month else ("not_found", [])
    md = value  # month_day
    found = [
        d for d in dates
        if (d.kind == "date" and _md_matches(int(d.value) % 10000, md))
        or (d.kind == "month_day" and _md_matches(int(d.value), md))
    ]  # fmt: skip
    return ("match", found[:1]) if found else ("not_found", [])


def _date_matches(source: int, year: int, md: int) -> bool:
    return source // 10000 == year and _md_matches(source % 10000, md)


def _md_matches(source_md: int, md: int) -> bool:
    """Month-day equality; a day of 0 (month only) matches any day of that month."""
    if md % 100 == 0:
        return source_md // 100 == md // 100
    return source_md == md


def _year_of(d: Mention) -> int | None:
    if d.value is None:
        return None
    if d.kind == "year":
        return int(d.value)
    if d.kind == "date":
        return int(d.value) // 10000
    return None
