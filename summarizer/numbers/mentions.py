"""Tokenizer: every numeric expression of a text as a :class:`Mention`, in order.

The scan looks for runs of numeral characters only (a character class, so it is fast), and at
each run tries, in order: structured forms (dates, year ranges, times, memorial days), known
identifiers (二十大, 十四五, 12348热线), 百分之…, ordinals and ranks (第N), and the generic
``prefix? numeral 余/多? 万/亿? unit tail?`` quantity. Guards keep
enumerators (一是, (一), 1.), lexical words (进一步, 统一, 队伍) and words containing a Chinese
numeral (两个维护, 三台县) out. Quoted and 《title》 spans are still extracted but flagged.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import cache
from itertools import pairwise

from summarizer import regexes
from summarizer.numbers.chinese import CN_DIGITS, CN_MULTS, NUMERAL_CHARS, Numeral, scan_numeral
from summarizer.numbers.mention import DATE_KINDS, MENTION_FIELDS, Mention, NewMention
from summarizer.numbers.normalize import ENCLOSED_ENUMERATORS, Normalized, normalize
from summarizer.numbers.rows import (
    BARE_CELL,
    CELL,
    CELL_GAP,
    EMPTY_CELL,
    UNIT_NOTE,
    caption_unit,
    column_head,
    column_year,
    figure_cells,
    head_unit,
    label_unit,
    other_column_head,
    year_label,
)
from summarizer.numbers.tables import Tables, tables

_NUMERAL_CLASS = "[" + "".join(sorted(NUMERAL_CHARS)) + "]"
# Where a number can start: 百分之…, a run of digits, a run of Chinese numerals, 几十/数百/上千, 半年.
# Written as one character of a class followed by what that character allows (the lookbehinds
# name it), which matches exactly what "百分之|[0-9]+|numerals+|[几数上](?=十…)|半(?=年…)" matches:
# a pattern that starts with a character class lets the regex engine skip to the next candidate
# character in C, where the plain alternation tried every branch at every character of the text.
TRIGGER_RE = regexes.compile(
    rf"[0-9{_NUMERAL_CLASS[1:-1]}几数上半首]"
    rf"(?:(?<=百)分之|(?<=[0-9])[0-9]*|(?<={_NUMERAL_CLASS}){_NUMERAL_CLASS}*"
    r"|(?<=[几数上])(?=[十百千万])|(?<=半)(?=年|天|小时|个月)|(?<=首)(?=位)|(?<=榜首))"
)
VAGUE_RE = regexes.compile(r"(?:几|数|上)(十|百|千|万)")
# between the items of a list of figures (45件、40件; 12.5%和6.7%), a comma not among them
LIST_JOIN = regexes.compile(r"\s*(?:以及|[、和及与])\s*")
VAGUE_SPAN = {"十": (10, 100), "百": (100, 1000), "千": (1000, 10000), "万": (10**4, 10**5)}
HALF_BLOCKERS = frozenset("上下前后多大近")
YEAR_SPAN = (1900, 2100)  # a Chinese numeral in this range before 年 is a year, never a duration

_Y = r"(?:19|20)[0-9]{2}"
_M = r"(?:1[0-2]|0?[1-9])"
_D = r"(?:3[01]|[12][0-9]|0?[1-9])"
_CY = r"[〇零○一二三四五六七八九]{4}"
_CM = r"(?:十[一二]?|[一二三四五六七八九])"
_CD = r"(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_SEP = r"\s*[-—–~～至到]\s*"

ISO_RE = regexes.compile(
    rf"({_Y})([-/.])({_M})\2({_D})(?![0-9])(?:[ T]+((?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?)(?![0-9]))?"
)
TIME_RE = regexes.compile(r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?![0-9])")
SHARE_REACH = 16  # characters between a qualifier before 占 and the share (约占全县行政复议案件的)
# a ratio (执法人员与常住人口比为1:4800, 配比1:1.5): checked as written, like a clock time (∶ folds to :)
RATIO_RE = regexes.compile(r"[0-9]+(?:\.[0-9]+)?:[0-9]+(?:\.[0-9]+)?(?![0-9:])")
YEAR_RANGE_RE = regexes.compile(rf"({_Y})(?:年度?)?{_SEP}({_Y})(?:年度?)?(?![0-9])")
CN_YEAR_RANGE_RE = regexes.compile(rf"({_CY})(?:年度?)?{_SEP}({_CY})年度?")
DATE_RE = regexes.compile(rf"({_Y}) ?年(度)?(?:({_M})月(?:份)?(?:({_D})[日号])?)?")
CN_DATE_RE = regexes.compile(rf"({_CY})年(度)?(?:({_CM})月(?:份)?(?:({_CD})[日号])?)?")
MONTH_DAY_RE = regexes.compile(rf"({_M})月(?:份)?(?:({_D})[日号])?")
CN_MONTH_DAY_RE = regexes.compile(rf"({_CM})月({_CD})[日号]")
MIDDLE_DOTS = "·・•"
MEMORIAL_RE = regexes.compile(rf"[0-9]{{1,2}}[{MIDDLE_DOTS}][0-9]{{1,2}}(?![0-9])")
BRACKET_CLOSERS = "〕]］)】"
BRACKET_YEAR_RE = regexes.compile(rf"(?<=[〔\[［(【])({_Y})(?=[{re.escape(BRACKET_CLOSERS)}])")
RANGE_SEPARATORS = "-~～至到—–"
RANGE_SEP_RE = regexes.compile(rf"\s*[{RANGE_SEPARATORS}]\s*")
# the second end may name its own year (…下降到2023年的876件); a verb that says no way (整合为, 调整为)
# leaves the way to the figures
FROM_TO_LINK_RE = regexes.compile(
    r"[,，]?\s*(?:大幅|稳步|进一步|逐步)?"
    r"(?P<verb>上升|提升|提高|增长|增加|下降|降低|减少|回落|下滑|压减|压缩|缩短|精简|提速|升|提|降|减|增)?"
    r"(?:整合|合并|归并|调整|优化|变更|扩展|扩大|拓展|延伸|延长)?了?(?:至|到|为)"
    r"(?:\d{4}年(?:度|底|末)?的?|本年度?的?|今年的?)?"
)
# 由原来的30个工作日…, 由2022年的1,024件…, 从上年同期的…: the words a change's first end may take between
# its 由/从 and its figure; the year among them is that end's alone
FIRST_END_YEAR = r"(?:\d{4}年(?:度|底|末|初)?|上一?年度?|去年|前年)(?:同期)?的?"
FROM_EARLIER_RE = regexes.compile(rf"(?:原来的?|原有的?|原|过去的?|共|{FIRST_END_YEAR})$")
# the words between a figure and the base figure it is compared with (1,386件,较2023年的1,512件下降8.3%,
# 45件,比上年(38件)增加7件), after an aside the figure may have (56件(2022年为45件),较上年同期的45件)
ASIDE = r"\([^()\n]{1,16}\)"  # (98件), (2022年为45件): a short aside in brackets
# a date typeset with spaces between its parts (a signature's 2024 年 2 月 28 日), which the engine reads as
# no date: read apart by the signature finder and the date check
SPACED_DATE = regexes.compile(r"((?:19|20)[0-9]{2})\s+年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")
BASE_WORD = regexes.compile("[较比]")  # what a comparison with a base figure says
BASE_FIGURE_GAP = regexes.compile(rf"(?:{ASIDE})?[,\s]*{BASE_WORD.pattern}{FIRST_END_YEAR}\(?$")
# the year of a change's first end (由2022年的1,024件…, the text may end at that figure), or of the figure
# a change is compared with (较2023年的1,512件下降8.3%, 比2022年(91.2%)提高7.5个百分点): that figure's alone
FIRST_END_YEAR_RE = regexes.compile(
    rf"(?<=[由从]){FIRST_END_YEAR}(?=[0-9]|$)|(?<=[较比]){FIRST_END_YEAR}(?=\(?[0-9])"
)
FROM_EARLIER_CHARS = 9  # the longest of those words (2022年度同期的)
LETTER_RE = regexes.compile(r"[A-Za-z]")
ITEM_BEFORE_YEAR = regexes.compile(r"[0-9]{1,2}\.(?=(?:19|20)[0-9]{2}年)")  # at a line's start
# 比上年(98件)增加38件: an aside giving the base figure between a change's basis and its verb
BASE_ASIDE_RE = regexes.compile(f"{ASIDE}$")
BASE_ASIDE_CHARS = 18
QUOTE_RES = (
    (
        regexes.compile(
            r"“[^“”\n]{0,120}”|‘[^‘’\n]{0,120}’|「[^「」\n]{0,120}」|『[^『』\n]{0,120}』|\"[^\"\n]{0,120}\""
        ),
        1,
    ),
    (regexes.compile(r"《[^《》\n]{0,160}》|〈[^〈〉\n]{0,160}〉"), 2),
)
QUOTE_OPENERS = ('“‘「『"', "《〈")  # the first character of each QUOTE_RES pattern's spans
QUOTE_OPENER_RE = regexes.compile(f"[{''.join(QUOTE_OPENERS)}]")  # …of any of them
_STARTS = (
    f"0-9{_NUMERAL_CLASS[1:-1]}几数上半{''.join(QUOTE_OPENERS)}"  # what TRIGGER_RE and a quote start with
)
QUOTED, IN_TITLE = 1, 2
MARK_FLAGS = {QUOTED: {"quoted"}, IN_TITLE: {"in_title"}, QUOTED | IN_TITLE: {"quoted", "in_title"}}
ENUMERATOR_PUNCT = frozenset(".、)．")
LINE_LEAD = frozenset(" \t#>*-+")
SENTENCE_END = frozenset("。；;：:!！?？")

RULE_TO_QUALIFIER = {
    "exact": "exact",
    "over": "over",
    "under": "under",
    "approx": "approx",
    "at_least": "at_least",
    "at_least_open": "at_least",
    "at_most": "at_most",
    "at_most_open": "at_most",
}
PERCENT_LIKE = frozenset({"percent", "pct_point", "pct_change", "pct_from_to"})
FRACTION_STEP = Decimal("0.01")  # a fraction is read as a percent to two decimals (三分之一: 33.33%)
FIGURE_IN = regexes.compile(r"[0-9]")
CONTEXT_LEFT, CONTEXT_RIGHT = 10, 6  # characters of a mention's context window on each side
# a year in a context window says when, not what is counted: the window reaches past it for the words
# that do (市级行政许可事项由2023年的286项 names its figure by 市级行政许可事项)
WINDOW_YEAR_RE = regexes.compile(r"[0-9]{4}年(?:度|底|末|初)?(?:同期)?的?")
LABEL_COLONS = ":：】]"  # a figure right after one is counted by the label before it (行政诉讼案件:30件, 【行政诉讼】30件)
NO_FLAGS: frozenset[str] = frozenset()
# A bare cell of a table row whose label gives its unit (see _table_cell) is that unit's quantity.
TABLE_CELL_FLAGS = frozenset({"table_cell"})
# The ends of a change stated by both (事项由612项压减至548项): flagged, not merged (only percentages merge,
# into pct_from_to), so that the first is read as the figure compared with and neither takes the other's
# words; CHANGE_END_KINDS are the kinds so stated.
CHANGE_FROM, CHANGE_TO = frozenset({"change_from"}), frozenset({"change_to"})
CHANGE_END_KINDS = frozenset({"count", "money", "duration", "rank"})
# A change whose verb says the other way than its two ends go (由8.2%上升至4.5%): flagged with the way it
# says, on the mention that states the change (its second end), since no source can support that claim.
SAID_AGAINST = {"up": "said_up", "down": "said_down"}


@cache
def checkable_char() -> re.Pattern[str]:
    """A character a number, a quote or a title starts with, in either script (兩, 萬 fold to 两, 万): a
    text with none states nothing to check."""
    traditional = "".join(chr(code) for code, to in tables().fold.items() if to in _STARTS)
    return regexes.compile(f"[{_STARTS}{traditional}]")


def extract_mentions(text: str, *, folded: str | None = None) -> list[Mention]:
    """All numeric mentions of ``text`` in order; offsets index ``text``.

    ``folded`` may give the same text already converted to Simplified script (same length, e.g.
    ``Document.folded``); it is then used for keywords and contexts instead of the built-in table.
    """
    return analyse(text, folded=folded)[1]


def analyse(text: str, *, folded: str | None = None) -> tuple[Normalized, list[Mention]]:
    """The normalised text and the mentions (for callers that also search the text literally)."""
    return analysed(text, analysis_text(text, folded))


def analysis_text(text: str, folded: str | None = None) -> Normalized:
    """The text :func:`analyse` reads in ``text`` (given ``folded``), and its map to ``text``."""
    if folded is None or folded == text or len(folded) != len(text):  # (a text folds to itself)
        return normalize(text)
    folded_norm = normalize(folded)
    if len(folded_norm.text) == len(text) and _keeps_length(text):
        # normalize(text) would keep its length with no offset map: only the folded text is read
        return Normalized(folded_norm.text, None)
    norm = normalize(text)
    if len(folded_norm.text) == len(norm.text):
        norm = Normalized(folded_norm.text, norm.to_orig)
    return norm


def analysed(text: str, norm: Normalized) -> tuple[Normalized, list[Mention]]:
    """:func:`analyse` of ``text`` given its :func:`analysis_text`."""
    return norm, _Scanner(text, norm, tables()).run()


def _keeps_length(text: str) -> bool:
    """Whether normalize(text) is as long as ``text`` with no offset map (to_orig None): so for an NFKC
    text when every character normalisation changes in one (see :func:`_nfkc_keeps_length`)."""
    return unicodedata.is_normalized("NFKC", text) and _nfkc_keeps_length()


@cache
def _nfkc_keeps_length() -> bool:
    """Normalisation changes an NFKC text character by character, only where the fold table or an
    enclosed enumerator stands: does each such character that NFKC leaves alone become one character?"""
    codes = [*tables().fold, *(code for low, high in ENCLOSED_ENUMERATORS for code in range(low, high + 1))]
    chars = [chr(code) for code in codes if unicodedata.is_normalized("NFKC", chr(code))]
    # each becomes at least one character (NFKC leaves it as it is): the same length means one each
    return len(normalize("".join(chars)).text) == len(chars)


class _Scanner:
    def __init__(self, original: str, norm: Normalized, t: Tables) -> None:
        self.original = original
        self.norm = norm
        self.s = norm.text
        self.n = len(self.s)
        self.t = t
        self.same_text = self.s is original  # nothing normalised: offsets and text are the original's
        self.mask = _quote_mask(self.s)
        self.lone_digit_followers = _lone_digit_followers()  # read at every lone digit (一是, 统一)
        self.last_end = 0
        self.out: list[Mention] = []

    # ------------------------------------------------------------------ driver

    def run(self) -> list[Mention]:
        for match in TRIGGER_RE.finditer(self.s):
            p = match.start()
            if p < self.last_end:
                continue
            result = self._at(p, match.end())
            if isinstance(result, Mention):
                self.out.append(result)
                self.last_end = result.nend
            else:
                self.last_end = max(self.last_end, result)
        self.out = [self._table_cell(m) if m.kind == "bare" or m.is_quantity else m for m in self.out]
        self._mark_change_ends()
        return self.out

    def _mark_change_ends(self) -> None:
        """Flag the two ends of each change stated by both (see CHANGE_FROM): 由612项压减至548项,
        从原来的30个工作日缩短到3个工作日."""
        out, s = self.out, self.s
        if not any(marker in s for marker in self.t.from_markers):
            return  # (most claims, and a report that states no change by its ends)
        ends = [i for i, m in enumerate(out) if m.kind not in DATE_KINDS]  # (…下降到2023年876件)
        for i, j in pairwise(ends):
            first, second = out[i], out[j]
            if (
                first.kind in CHANGE_END_KINDS
                and second.kind == first.kind
                and first.is_quantity
                and second.is_quantity
                and (link := FROM_TO_LINK_RE.fullmatch(s, first.nend, second.nstart))
                and from_marker_before(s, first.nstart) is not None
            ):
                out[i] = _flagged(first, CHANGE_FROM)
                out[j] = _flagged(second, CHANGE_TO | self._said_against(link, first, second))

    def _table_cell(self, m: Mention) -> Mention:
        """A number that is a cell of a table row: a bare one takes the unit its row's label says
        (行政复议案件(件) 45 56, 出庭应诉率(%) 95 100, or a unit column: 行政复议案件 件 45 56) or its
        column's header (类别 收到(件) 受理(件)); under a header naming each column, a cell's words are
        the row's label and its column's (行政复议 受理; a year labelling the row is no word: 2022年 45).
        Else ``m`` itself."""
        s = self.s
        if m.flags or not (m.nstart and s[m.nstart - 1] in CELL_GAP):
            return m  # (most numbers: amid words, not a cell of their own)
        line_start = s.rfind("\n", 0, m.nstart) + 1
        figures = figure_cells(s, line_start)
        if not any(a == m.nstart and b == m.nend for a, b in figures):
            return m
        label = CELL.findall(s, line_start, figures[0][0])
        head = column_head(s, m.nstart)
        context = m.context
        if head is not None:
            words = "" if year_label(label) is not None else "".join(label)
            context = words + UNIT_NOTE.sub("", head) + "|"
        if m.kind != "bare":
            # a change column under a header of years (指标 2022年 2023年 同比增长): its row and its head
            if head is None and label and (change := other_column_head(s, m.nstart)) is not None:
                context = "".join(label) + UNIT_NOTE.sub("", change) + "|"
                if m.kind == "percent" and CHANGE_HEAD.search(change):
                    # 30.0% under 同比: a change, its way the head's (下降: down) or else up, as +30.0%
                    way = "down" if FALL_HEAD.search(change) else "up"
                    return _replaced(m, kind="pct_change", direction=way, context=context)
            return m if context == m.context else _replaced(m, context=context)
        # (a rate or a change beside the bare cells, 96 108 +12.5%, has a unit of its own)
        unit = row_unit(label) if all(_bare_or_rate(s, a, b) for a, b in figures) else None
        unit = unit or head_unit(head) or caption_unit(s, m.nstart)
        if not unit:
            # under a header of years (指标 2023年 2024年 同比) a row's cells count what its label names,
            # in a unit no cell or label writes (行政复议收案 96 108): a count, its unit unknown
            if not label or year_label(label) is not None or column_year(s, m.nstart) is None:
                return m
            return _replaced(m, kind="count", context="".join(label) + "|", flags=TABLE_CELL_FLAGS)
        quantity = plain_quantity(s[m.nstart : m.nend], "", unit, "", {})
        if quantity is None:  # 金额(万元) 312.4 and 案件(件) 1,204: the tokenizer reads 312.4万元, 1,204件
            quantity = _read_whole(s[m.nstart : m.nend] + unit)
        if quantity is None:
            return m
        q = quantity
        return NewMention(
            q.kind, q.value, None, q.lo, q.hi, q.lo_open, q.hi_open, q.unit, q.unit_class, q.qualifier,
            q.qualifier_text, None, m.start, m.end, m.raw, TABLE_CELL_FLAGS, context, q.precision, q.scale,
            m.nstart, m.nend, m.norm, (),
        )  # fmt: skip

    def _at(self, p: int, run_end: int) -> Mention | int:
        """A mention starting at (or just before) ``p``, or the position to skip to."""
        s = self.s
        char = s[p]
        if char == "百" and s.startswith("百分之", p):
            return self._percent_words(p) or p + 3
        if char in "几数上":
            return self._vague(p) or p + 1
        if char == "半":
            return self._half(p) or p + 1
        if char == "首":
            return self._first_place(p) or p + 1
        if s.startswith("番", p + 1) and CN_DIGITS.get(char) and (doubled := self._doubling(p)):
            return doubled
        if "0" <= char <= "9":
            if (item := ITEM_BEFORE_YEAR.match(s, p)) and not s[s.rfind("\n", 0, p) + 1 : p].strip():
                return item.end()  # 4.2024年主要安排: an item's number, then a year (not 4.2024年)
            found = self._arabic_structured(p, run_end)
        elif self._lone_word_digit(p, run_end):
            return self._lone_digit_ident(p, run_end)
        else:
            if self._lexical_at(p, run_end) and not self._qualified_magnitude(p):
                return run_end
            found = self._chinese_structured(p, run_end)
        if found is None and (ident := self.t.ident_re.match(s, p)):
            found = self._make("ident", p, ident.end(), None, flags={"identifier"})
        if found is not None:
            return found
        if p > 0 and s[p - 1] == "第":
            return self._ordinal(p) or run_end
        return self._quantity(p, run_end)

    def _lone_word_digit(self, p: int, run_end: int) -> bool:
        """一是, (二), 三、: a lone Chinese digit, not after 第, followed by nothing a date (月) or a
        quantity reads; it can only start an identifier (一中全会)."""
        s = self.s
        if run_end != p + 1 or s[p] not in CN_DIGITS or (p > 0 and s[p - 1] == "第"):
            return False
        after = s[run_end : run_end + 1]
        # (what may follow a lone digit to make it a quantity, 三个 or 三点五: see _lone_digit_followers)
        return after != "月" and after not in self.lone_digit_followers and not after.isspace()

    def _lone_digit_ident(self, p: int, run_end: int) -> Mention | int:
        """The identifier at a lone word digit, unless a lexical word covers it (the checks of
        :meth:`_at` in their order, with the identifier pattern tried first: it rarely matches)."""
        ident = self.t.ident_re.match(self.s, p)
        if ident is None or self._lexical_at(p, run_end):
            return run_end
        return self._make("ident", p, ident.end(), None, flags={"identifier"})

    # ------------------------------------------------------------------ structured forms

    def _arabic_structured(self, p: int, run_end: int) -> Mention | None:
        """Dates, year ranges, times, memorial days and [2024] at the digit run ``s[p:run_end]``.

        Each form starts with four digits (a year) or with one or two digits, and the character right
        after the digits tells which forms can match there (``-`` an ISO date or a range, ``年`` a date or
        a range, ``:`` a time ...): a pattern is tried only where it can match, in the order below.
        """
        s, length = self.s, run_end - p
        after = s[run_end] if run_end < self.n else ""
        if after == ":" and not TIME_RE.match(s, p) and (m := RATIO_RE.match(s, p)):
            return self._make("bare", p, m.end(), None, flags={"ratio"})
        if not after or (length != 4 and length > 2):
            return None
        if length == 4:
            return self._year_structured(p, after)
        if after == ":" and (m := TIME_RE.match(s, p)):
            return self._make("bare", p, m.end(), None, flags={"time", "noise"})
        if after == "月" and (m := MONTH_DAY_RE.match(s, p)):
            day = int(m[2]) if m[2] else 0
            return self._date_mention("month_day", p, m.end(), Decimal(int(m[1]) * 100 + day), set())
        if (
            after in MIDDLE_DOTS
            and (m := MEMORIAL_RE.match(s, p))
            and m.end() < self.n
            and "\u4e00" <= s[m.end()] <= "\u9fff"
        ):
            return self._make("ident", p, m.end(), None, flags={"memorial"})
        return None

    def _year_structured(self, p: int, after: str) -> Mention | None:
        """2024-02-29, 2023-2024, 2024年…, [2024] at four digits followed by ``after``."""
        s = self.s
        if after in "-/." and (m := ISO_RE.match(s, p)):
            y, mo, d = int(m[1]), int(m[3]), int(m[4])
            flags = {"noise"} if m[5] else set()
            return self._date_mention("date", p, m.end(), Decimal(y * 10000 + mo * 100 + d), flags)
        if (
            (after == "年" or after in RANGE_SEPARATORS or after.isspace())
            and (m := YEAR_RANGE_RE.match(s, p))
            and int(m[1]) < int(m[2])
        ):
            return self._date_mention(
                "year_range", p, m.end(), Decimal(m[2]), set(), value_from=Decimal(m[1])
            )
        if after in " 年" and (m := DATE_RE.match(s, p)):
            return self._date_from_match(p, m, int(m[1]), m[3], m[4])
        if after in BRACKET_CLOSERS and (m := BRACKET_YEAR_RE.match(s, p)):
            return self._date_mention("year", p, m.end(), Decimal(m[1]), {"doc_number"})
        return None

    def _chinese_structured(self, p: int, run_end: int) -> Mention | None:
        """二〇二四年…, 二〇二三—二〇二四年, 十二月三十一日 at the numeral run ``s[p:run_end]``: four
        positional digits or a month ending right before 月."""
        s = self.s
        if run_end - p != 4 and not s.startswith("月", run_end):
            return None
        if (m := CN_YEAR_RANGE_RE.match(s, p)) and _cn_digits(m[1]) < _cn_digits(m[2]):
            return self._date_mention(
                "year_range",
                p,
                m.end(),
                Decimal(_cn_digits(m[2])),
                set(),
                value_from=Decimal(_cn_digits(m[1])),
            )
        if m := CN_DATE_RE.match(s, p):
            return self._date_from_match(p, m, _cn_digits(m[1]), m[3], m[4])
        if m := CN_MONTH_DAY_RE.match(s, p):
            month, day = _cn_small(m[1]), _cn_small(m[2])
            return self._date_mention("month_day", p, m.end(), Decimal(month * 100 + day), set())
        return None

    def _date_from_match(self, p: int, m: re.Match, year: int, month: str | None, day: str | None) -> Mention:
        if month is None:
            return self._date_mention("year", p, m.end(), Decimal(year), {"fiscal"} if m[2] else set())
        mo = int(month) if month.isdigit() else _cn_small(month)
        d = (int(day) if day.isdigit() else _cn_small(day)) if day else 0
        return self._date_mention("date", p, m.end(), Decimal(year * 10000 + mo * 100 + d), set())

    def _date_mention(
        self, kind: str, p: int, end: int, value: Decimal, flags: set[str], value_from: Decimal | None = None
    ) -> Mention:
        lo = value_from if value_from is not None else value
        return self._make(kind, p, end, value, value_from=value_from, lo=lo, hi=value, flags=flags)

    # ------------------------------------------------------------------ 百分之…, 第N

    def _percent_words(self, p: int) -> Mention | None:
        """百分之九十三点六四, 百分之百, 百分之85."""
        s = self.s
        numeral = scan_numeral(s, p + 3)
        if numeral is None:
            return None
        return self._finish_quantity(p, numeral, numeral.end, unit="%", via_words=True)

    def _vague(self, p: int) -> Mention | None:
        """几十个, 数百人, 上千件: a count somewhere in the decade the word names."""
        m = VAGUE_RE.match(self.s, p)
        if m is None or (self.s[p] == "上" and p > 0 and self.s[p - 1] in "以之向"):
            return None
        unit, end = self._unit_at(m.end(), chinese=True)
        if unit is None or self.t.unit_class.get(unit) in (None, "percent", "pct_point", "money"):
            return None
        lo, hi = (Decimal(v) for v in VAGUE_SPAN[m[1]])
        return self._make(
            "count", p, end, None, lo=lo, hi=hi, lo_open=self.s[p] != "上", hi_open=True, unit=unit,
            unit_class=self.t.unit_class.get(unit), qualifier="approx", qualifier_text=m.group(),
            flags={"vague", "chinese"},
        )  # fmt: skip

    def _doubling(self, p: int) -> Mention | None:
        """翻一番 (doubled: up by 1倍, 100%), 翻了两番 (quadrupled: up by 3倍): a change by a multiple, as 增长1倍
        is; ``s[p]`` is the count of doublings."""
        s = self.s
        start = p - 1 if s[p - 1 : p] == "翻" else p - 2 if s[p - 2 : p] == "翻了" else -1
        if start < self.last_end:
            return None
        times = Decimal(2 ** CN_DIGITS[s[p]] - 1)
        return self._make(
            "pct_change", start, p + 2, times, unit="倍", unit_class="multiple", direction="up",
            precision=Decimal(1), scale=Decimal(1), flags={"chinese"},
        )  # fmt: skip

    def _half(self, p: int) -> Mention | None:
        """半年, 半天: half of one time unit (上半年 and 下半年 are periods, not durations)."""
        if p > 0 and self.s[p - 1] in HALF_BLOCKERS:
            return None
        unit, end = self._unit_at(p + 1, chinese=True)
        if unit is None or self.t.unit_class.get(unit) != "time":
            return None
        half = Decimal("0.5")
        return self._make(
            "duration", p, end, half, unit=unit, unit_class="time", precision=half, scale=Decimal(1),
            flags={"chinese"},
        )  # fmt: skip

    def _fraction(self, p: int, denominator: Numeral) -> Mention | None:
        """三分之一 -> 33.33%, 四分之三 -> 75%: the percent to two decimals, as a report writes it (a
        restatement 33.33%, 33.3% or 约33% then reads as the same figure or its rounding)."""
        numerator = scan_numeral(self.s, denominator.end + 2)
        if numerator is None or denominator.value == 0 or numerator.value > denominator.value:
            return None
        percent = (numerator.value * 100 / denominator.value).quantize(Decimal("0.01")).normalize()
        s, t, end = self.s, self.t, numerator.end
        rule, qual_text = "exact", ""
        if end < self.n and s[end] in t.tails_by_first and (tail := _word_at(s, end, t.tails_by_first)):
            rule, qual_text, end = t.tail_qualifiers[tail], tail, end + len(tail)  # 三分之一以上
        # the words before it qualify it as they do a figure in digits (不足三分之一, 超过三分之二, 增长三分之一)
        start, rule, qual_text, direction = self._apply_prefix(p, rule, qual_text, "percent")
        lo = hi = percent
        lo_open = hi_open = False
        if rule != "exact":
            lo, hi, lo_open, hi_open = _interval(
                percent, _granularity(percent, FRACTION_STEP, 2, rule, "percent"), rule
            )
        return self._make(
            self._kind("percent", direction), start, end, percent, lo=lo, hi=hi, lo_open=lo_open,
            hi_open=hi_open, unit="%", unit_class="percent", qualifier=RULE_TO_QUALIFIER[rule],
            qualifier_text=qual_text, direction=direction, precision=FRACTION_STEP, scale=Decimal(1),
            flags={"fraction"},
        )  # fmt: skip

    def _ordinal(self, p: int) -> Mention | None:
        s, t = self.s, self.t
        numeral = scan_numeral(s, p)
        if numeral is None or numeral.positional:
            return None
        start, end = p - 1, numeral.end
        unit = _word_at(s, end, t.ordinals_by_first)
        if unit:
            end += len(unit)
        rank = (unit in t.rank_units) or self._rank_cue_before(start)
        if not rank and unit is None and end < self.n and s[end] in ",，、:：":
            return None  # 第一，… 第二、… are enumerators
        flags = {"citation"} if unit in t.citation_units else set()
        if rank:
            return self._make("rank", start, end, numeral.value, unit=None, unit_class="rank", flags=flags)
        return self._make("ordinal", start, end, numeral.value, unit=unit, flags=flags)

    def _first_place(self, p: int) -> Mention | None:
        """首位 or 榜首 after a word of ranking (居全省首位, 位居全市榜首): a rank of 1, as 第一 is."""
        start = p - 1 if self.s[p - 1 : p] == "榜" else p
        if not self._rank_cue_before(start):
            return None
        return self._make("rank", start, start + 2, Decimal(1), unit=None, unit_class="rank", flags=set())

    def _rank_cue_before(self, pos: int) -> bool:
        window_start = pos
        while window_start > max(0, pos - 8) and self.s[window_start - 1] not in self.t.context_stop:
            window_start -= 1
        window = self.s[window_start:pos]
        return any(cue in window for cue in self.t.rank_cues)

    # ------------------------------------------------------------------ generic quantities

    def _quantity(self, p: int, run_end: int) -> Mention | int:
        s = self.s
        numeral = scan_numeral(s, p, run_end if "0" <= s[p] <= "9" else 0)
        if numeral is None:
            return run_end
        chinese = numeral.script == "chinese"
        if chinese and self._chinese_blocked(p, numeral):
            return max(run_end, numeral.end)
        if numeral.positional:
            return self._positional_range(p, numeral) or max(run_end, numeral.end)
        if s.startswith("分之", numeral.end):
            return self._fraction(p, numeral) or numeral.end + 2
        mention = self._finish_quantity(p, numeral, numeral.end)
        return mention if mention is not None else max(run_end, numeral.end)

    def _chinese_blocked(self, p: int, numeral: Numeral) -> bool:
        s = self.s
        if (
            numeral.financial
            and numeral.digit_count + sum(1 for c in s[p : numeral.end] if c in "拾佰仟万亿") < 2
        ):
            return True  # 队伍, 下陆区, 参加: a lone financial digit is a word
        return s.endswith(self.t.cn_blocked_before, 0, p)

    def _positional_range(self, p: int, numeral: Numeral) -> Mention | None:
        """两三个, 三四次: two consecutive digits mean a small range."""
        digits = format(numeral.value, "f")
        if len(digits) != 2 or int(digits[1]) != int(digits[0]) + 1:
            return None
        unit, end = self._unit_at(numeral.end, chinese=True)
        if unit is None:
            return None
        lo, hi = Decimal(digits[0]), Decimal(digits[1])
        return self._make(
            "count", p, end, None, lo=lo, hi=hi, unit=unit, qualifier="approx", qualifier_text=self.s[p:end],
            flags={"range", "chinese"}, unit_class=self.t.unit_class.get(unit),
        )  # fmt: skip

    def _finish_quantity(
        self, p: int, numeral: Numeral, i: int, *, unit: str | None = None, via_words: bool = False
    ) -> Mention | None:
        """Qualifiers, multiplier, unit and tail after a numeral; prefix words before it."""
        s, t = self.s, self.t
        chinese = numeral.script == "chinese"
        value, precision, decimals, scale = numeral.value, numeral.precision, numeral.decimals, numeral.scale
        rule, qual_text = "exact", ""
        if i < self.n and (char := s[i]) in t.post_qualifiers and self._post_qualifier_ok(numeral, char):
            rule, qual_text = t.post_qualifiers[char], char
            i += 1
            if i < self.n and s[i] in CN_MULTS:
                mult = CN_MULTS[s[i]]
                value, precision, scale = value * mult, precision * mult, scale * mult
                i += 1
        if (
            numeral.digit_count == 0
            and not s.startswith("十", p)
            and rule == "exact"
            and not via_words
            and not (self._qualified_magnitude(p) and self._unit_at(i, chinese=True)[0])
        ):
            return None  # 万人, 百姓, 千方百计: a lone 十百千万亿 is not a number (近万人, 逾千件 are)
        range_hi = None
        if (
            unit is None
            and rule == "exact"
            and i < self.n
            and (s[i] in RANGE_SEPARATORS or s[i].isspace())
            and (rng := self._range_tail(i, numeral))
        ):
            value, range_hi, i = rng
        if unit is None:
            unit, i = self._unit_at(i, chinese=chinese)
            if unit is None and not chinese and s.startswith(" ", i):  # 72 个, as typeset with spaces
                unit, after = self._unit_at(i + 1, chinese=False)
                i = after if unit is not None else i
            if unit is None:
                if range_hi is not None:
                    return None
                return self._unitless(p, numeral, i, rule, qual_text)
        if (
            unit == "年"
            and chinese
            and rule == "exact"
            and YEAR_SPAN[0] <= value <= YEAR_SPAN[1]
            and value % 1 == 0
        ):
            return self._date_mention("year", p, i + s.startswith("度", i), value, set())  # 两千零一十八年
        if unit == "成":
            value, precision, scale, unit = value * 10, precision * 10, scale * 10, "%"
            if rule == "exact" and self._tenth_digit_at(i):  # 九成五: 95%, not 90%
                value, precision, i = value + CN_DIGITS[s[i]], Decimal(1), i + 1
            elif rule == "exact" and i < self.n and s[i] in t.post_qualifiers:  # 两成多: over 20%
                rule, qual_text, i = t.post_qualifiers[s[i]], s[i], i + 1
        elif t.unit_class.get(unit) == "time" and s.startswith("半", i) and rule == "exact":
            value, precision, i = value + Decimal("0.5"), Decimal("0.5"), i + 1  # 两年半, 一年半
        elif (
            numeral.lone_one and not via_words and range_hi is None and t.unit_class.get(unit) != "pct_point"
        ):
            return None  # 一个, 一次, 一起: "one" is a word far more often than a count (not 一个百分点)
        if range_hi is not None:
            unit_class = "percent" if unit == "%" else t.unit_class.get(unit)
            return self._make(
                "percent" if unit_class == "percent" else "count", p, i, None, lo=value, hi=range_hi, unit=unit,
                qualifier="approx", qualifier_text="至", flags={"range"} | ({"chinese"} if chinese else set()),
                unit_class=unit_class,
            )  # fmt: skip
        tail = _word_at(s, i, t.tails_by_first) if i < self.n and s[i] in t.tails_by_first else None
        if tail and rule == "exact":
            rule, qual_text = t.tail_qualifiers[tail], tail
            i += len(tail)
        elif tail in ("以上", "以下", "以内", "左右"):
            i += len(tail)  # "30余人以上": keep 余, swallow the redundant tail
        unit_class = "percent" if unit == "%" else t.unit_class.get(unit)
        start, rule, qual_text, direction = self._apply_prefix(p, rule, qual_text, unit_class)
        kind = self._kind(unit_class, direction)
        if unit_class == "pct_point":
            unit = "个百分点"  # 百分点 and 个百分点 are one unit
        mention = self._quantity_mention(
            kind,
            start,
            i,
            (value, precision, decimals, scale),
            rule,
            qual_text,
            unit,
            unit_class,
            direction,
            numeral,
        )
        return self._maybe_from_to(mention) if kind == "percent" else mention

    def _post_qualifier_ok(self, numeral: Numeral, char: str) -> bool:
        if char == "几":  # 十几, 二十几: only after a Chinese unit character
            return numeral.script == "chinese" and self.s[numeral.end - 1] in "十百千万"
        return True

    def _range_tail(self, i: int, numeral: Numeral) -> tuple[Decimal, Decimal, int] | None:
        """3-5个, 三到五个: the range's lower end, its upper end and where it stops (``s[i]`` is a separator
        or space). A 万/亿 written once, after the upper end, counts for both: 5—8万人次 is 5万 to 8万."""
        m = RANGE_SEP_RE.match(self.s, i)
        if m is None or m.end() >= self.n:
            return None
        if self.s[i].isspace() and self.s[m.end() - 1] == "-":
            return None  # 直接纠错  9  7  -22.2%: a sign of the next cell, not a range (3-5, 3 - 5)
        other = scan_numeral(self.s, m.end())
        if other is None or (other.script == "chinese") != (numeral.script == "chinese") or other.positional:
            return None
        low = numeral.value
        if numeral.scale == 1 and other.scale > 1 and low * other.scale <= other.value:
            low *= other.scale
        if other.value <= low:
            return None
        return low, other.value, other.end

    def _unit_at(self, i: int, *, chinese: bool) -> tuple[str | None, int]:
        s, t = self.s, self.t
        if i >= self.n:
            return None, i
        if unit := _word_at(s, i, t.units_by_first):
            if chinese and unit in t.arabic_only_units:
                return None, i
            return unit, i + len(unit)
        if s[i] == "成" and (i + 1 >= self.n or s[i + 1] not in t.cheng_blocked_after):
            return "成", i + 1
        return None, i

    def _unitless(self, p: int, numeral: Numeral, i: int, rule: str, qual_text: str) -> Mention | int | None:
        """Numbers without a measure word: identifiers, enumerators or bare Arabic numbers."""
        s, t = self.s, self.t
        if i < self.n and s[i] in t.ident_units:
            return self._make("ident", p, i + 1, numeral.value, flags={"identifier"})
        if numeral.script == "chinese":
            return None
        end = numeral.end if rule == "exact" else i
        text = s[p : numeral.end]
        if (p > 0 and LETTER_RE.match(s[p - 1])) or (end < self.n and LETTER_RE.match(s[end])):
            return self._letters_ident(p, end)
        if self._is_enumerator(p, numeral):
            return None
        if text in t.hotlines:
            return self._make("ident", p, end, numeral.value, flags={"identifier", "hotline"})
        return self._make(
            "bare", p, end, numeral.value, precision=numeral.precision,
            qualifier=RULE_TO_QUALIFIER[rule], qualifier_text=qual_text,
        )  # fmt: skip

    def _letters_ident(self, p: int, end: int) -> Mention:
        s = self.s
        while p > 0 and (LETTER_RE.match(s[p - 1]) or s[p - 1].isdigit()):
            p -= 1
        while end < self.n and (LETTER_RE.match(s[end]) or s[end].isdigit()):
            end += 1
        return self._make("ident", p, end, None, flags={"identifier", "code"})

    def _is_enumerator(self, p: int, numeral: Numeral) -> bool:
        s = self.s
        if numeral.decimals or numeral.value >= 100:
            return False
        after = s[numeral.end] if numeral.end < self.n else ""
        before = s[p - 1] if p > 0 else "\n"
        if before == "(" and after == ")":
            return True
        if after not in ENUMERATOR_PUNCT:
            return False
        if after in ".．" and numeral.end + 1 < self.n and s[numeral.end + 1].isdigit():
            return False
        q = p
        while q > 0 and s[q - 1] in LINE_LEAD:
            q -= 1
        return q == 0 or s[q - 1] == "\n" or s[q - 1] in SENTENCE_END

    def _prefix(self, p: int) -> tuple[int, str | None, str, str | None, str]:
        """Words right before a number: (start, qualifier rule, qualifier text, direction, basis)."""
        s, t = self.s, self.t
        floor = self.last_end
        pos, rule, text = p, None, ""
        if found := self._word_ending_at(pos, t.prefix_by_last):
            text, rule = found
            pos -= len(text)
        verb_end = pos - 1 if pos - 1 >= floor and s[pos - 1] == "了" else pos
        if (
            pos - 1 >= floor
            and s[pos - 1] in t.noun_links
            and self._word_ending_at(pos - 1, t.noun_direction_by_last)
        ):
            verb_end = pos - 1  # 增幅为46.3%: a change said as a noun, linked to its figure
        direction, basis, verb_start = None, "", verb_end
        if found := self._word_ending_at(verb_end, t.direction_by_last):
            direction, verb_start = found[1], verb_end - len(found[0])
        start = verb_start
        if direction is None and verb_end - 1 >= floor and s[verb_end - 1] in t.short_direction_of:
            candidate_start = verb_end - 1
            basis, start = self._basis_before(candidate_start)
            if basis:
                direction, verb_start = t.short_direction_of[s[verb_end - 1]], candidate_start
        elif direction is not None:
            basis, start = self._basis_before(verb_start)
        if direction is None and (sign := self._sign_before(verb_end)):
            direction, verb_start = sign, verb_end - 1
            basis, start = self._basis_before(verb_start)
            start = start if basis else verb_start
        if direction is None:
            return pos, rule, text, None, ""
        return start, rule, text, direction, basis

    def _sign_before(self, pos: int) -> str | None:
        """The direction a sign right before ``pos`` gives (-11.2%: down), unless it joins two figures
        (50%-60%, 10-20%)."""
        s = self.s
        if pos - 1 < self.last_end or (direction := self.t.sign_direction_of.get(s[pos - 1])) is None:
            return None
        return None if pos >= 2 and (s[pos - 2].isdigit() or s[pos - 2] == "%") else direction

    def _basis_before(self, pos: int) -> tuple[str, int]:
        """The basis (同比, 比上年 …) ending at ``pos``, and where the mention starts: at the basis, or at
        ``pos`` when an aside giving the base figure stands between (比上年(98件)增加38件: the aside's
        figure is a mention of its own)."""
        found = self._word_ending_at(pos, self.t.basis_by_last)
        if found:
            return found[0], pos - len(found[0])
        out, s = self.out, self.s
        aside = BASE_ASIDE_RE.search(s, max(0, pos - BASE_ASIDE_CHARS), pos)
        if aside is None or not out or out[-1].nstart < aside.start():
            return "", pos
        at, floor = aside.start(), out[-2].nend if len(out) > 1 else 0
        for word, _ in self.t.basis_by_last.get(s[at - 1], ()) if at else ():
            if at - len(word) >= floor and s.startswith(word, at - len(word)):
                return word, pos
        return "", pos

    def _word_ending_at(
        self, pos: int, by_last: dict[str, tuple[tuple[str, str], ...]]
    ) -> tuple[str, str] | None:
        """The first (word, payload) of a table whose word ends at ``pos`` after the last mention."""
        if pos <= self.last_end:
            return None
        s, floor = self.s, self.last_end
        for word, payload in by_last.get(s[pos - 1], ()):
            if pos - len(word) >= floor and s.startswith(word, pos - len(word)):
                return word, payload
        return None

    def _apply_prefix(
        self, p: int, rule: str, qual_text: str, unit_class: str | None
    ) -> tuple[int, str, str, str | None]:
        """Fold the words before a number into (start, rule, qualifier text, direction)."""
        s = self.s
        if unit_class == "percent" and rule == "exact":
            rule, qual_text = self._share_qualifier(p) or (rule, qual_text)
        if p <= self.last_end or ((before := s[p - 1]) not in self.t.prefix_word_ends and before != "了"):
            # most numbers: no word of the tables ends right before them
            return p, rule, qual_text, self._listed_change(p, unit_class)
        start, prefix_rule, prefix_text, direction, basis = self._prefix(p)
        if unit_class == "time" and prefix_rule == "under":
            prefix_rule, prefix_text = None, ""  # 近三年 = the last three years, not "under 3"
        changes = unit_class in ("percent", "pct_point", "multiple") or (basis and unit_class is not None)
        if direction and not changes:
            direction = None  # 增加5件 without 同比 is an amount, not a change
        if direction is None:
            start = p - len(prefix_text)
        if prefix_rule and rule == "exact":
            rule, qual_text = prefix_rule, prefix_text
        return start, rule, qual_text, direction

    def _share_qualifier(self, p: int) -> tuple[str, str] | None:
        """(rule, word) of a qualifier said before 占 rather than before the share itself (约占全县的11%,
        约占五分之一, 约占三成): it qualifies the share all the same."""
        found = self.t.share_qualifier_re.search(self.s, max(self.last_end, p - SHARE_REACH), p)
        return (self.t.prefix_qualifiers[found["word"]], found["word"]) if found else None

    def _listed_change(self, p: int, unit_class: str | None) -> str | None:
        """The direction of the change a figure is the next item of (分别增长12.5%和6.7%: 6.7% went up
        too), when only a list's joiner stands between the two; else None."""
        out = self.out
        if not out or (last := out[-1]).direction is None or last.kind != "pct_change":
            return None
        if last.unit_class != unit_class or LIST_JOIN.fullmatch(self.s, last.nend, p) is None:
            return None
        return last.direction

    @staticmethod
    def _kind(unit_class: str | None, direction: str | None) -> str:
        if unit_class == "money":
            return "money"
        if unit_class == "percent":
            return "pct_change" if direction else "percent"
        if unit_class == "pct_point":
            return "pct_point"
        if unit_class == "multiple" and direction:
            return "pct_change"
        if unit_class == "time":
            return "duration"
        return "count"

    def _quantity_mention(
        self, kind: str, start: int, end: int, written: tuple[Decimal, Decimal, int, Decimal],
        rule: str, qual_text: str, unit: str | None, unit_class: str | None, direction: str | None,
        numeral: Numeral,
    ) -> Mention:  # fmt: skip
        value, precision, decimals, scale = written
        if rule == "exact":
            lo = hi = value
            lo_open = hi_open = False
        else:
            lo, hi, lo_open, hi_open = _interval(
                value, _granularity(value, precision, decimals, rule, kind), rule
            )
        flags: set[str] | frozenset[str] = NO_FLAGS
        if numeral.script != "arabic":
            flags = {"chinese", "financial"} if numeral.financial else {"chinese"}
        return self._make(
            kind, start, end, value, lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open, unit=unit,
            unit_class=unit_class, qualifier=RULE_TO_QUALIFIER[rule], qualifier_text=qual_text,
            direction=direction, flags=flags, precision=precision, scale=scale,
        )  # fmt: skip

    def _maybe_from_to(self, mention: Mention) -> Mention:
        """由53.4%提升至95%, 由上年的53.4%提升至95%: merge the two percentages into one pct_from_to
        mention (from the 由, or from the first figure when a year mention stands between)."""
        s = self.s
        marker_pos = from_marker_before(s, mention.nstart)
        if marker_pos is None:
            return self._percent_range(mention)
        marker_pos = marker_pos if marker_pos >= self.last_end else mention.nstart
        link = FROM_TO_LINK_RE.match(s, mention.nend)
        if link is None or link.end() >= self.n:
            return mention
        q = link.end()
        numeral = scan_numeral(s, q)
        if numeral is None:
            return mention
        saved = self.last_end
        self.last_end = q
        target = self._finish_quantity(q, numeral, numeral.end)
        self.last_end = saved
        if target is None or target.kind != "percent" or target.nstart != q:
            return mention
        direction = direction_of_change(mention.value, target.value)
        return self._make(
            "pct_from_to", marker_pos, target.nend, target.value, value_from=mention.value, lo=target.lo,
            hi=target.hi, lo_open=target.lo_open, hi_open=target.hi_open, unit=target.unit, unit_class="percent",
            qualifier=target.qualifier, qualifier_text=target.qualifier_text, direction=direction,
            flags=set(mention.flags | target.flags | self._said_against(link, mention, target)),
            precision=target.precision, scale=target.scale,
            parts=(_flagged(mention, CHANGE_FROM), _flagged(target, CHANGE_TO)),
        )  # fmt: skip

    def _percent_range(self, mention: Mention) -> Mention:
        """20%至30%, 20%-30%: a range written with its unit at both ends, as 20—30% is with one (no 由 or
        从 before it: that is a change from one to the other)."""
        s, end = self.s, mention.nend
        if mention.qualifier != "exact" or end + 1 >= self.n or s[end] not in RANGE_SEPARATORS:
            return mention  # (most percentages)
        numeral = scan_numeral(s, end + 1)
        if numeral is None:
            return mention
        saved, self.last_end = self.last_end, end + 1
        upper = self._finish_quantity(end + 1, numeral, numeral.end)
        self.last_end = saved
        if upper is None or upper.kind != "percent" or upper.nstart != end + 1 or upper.qualifier != "exact":
            return mention
        if upper.value is None or mention.value is None or upper.value <= mention.value:
            return mention
        return self._make(
            "percent", mention.nstart, upper.nend, None, lo=mention.value, hi=upper.value, unit="%",
            qualifier="approx", qualifier_text="至", flags={"range"}, unit_class="percent",
        )  # fmt: skip

    def _said_against(self, link: re.Match[str], first: Mention, second: Mention) -> frozenset[str]:
        """SAID_AGAINST's flag when the verb of a change's ``link`` (上升至, 降到) says the other way than
        its ends go from ``first`` to ``second``; else none."""
        verb = link.group("verb")
        said = verb and (self.t.direction_of.get(verb) or self.t.short_direction_of.get(verb))
        goes = direction_of_change(first.value, second.value, second.kind)
        return frozenset({SAID_AGAINST[said]}) if said and goes and said != goes else NO_FLAGS

    # ------------------------------------------------------------------ guards and helpers

    def _tenth_digit_at(self, i: int) -> bool:
        """Is ``s[i]``, right after 成, the digit of its tenths (九成五), not the start of another number
        or word (九成五个, 八成三十)?"""
        s = self.s
        if i >= self.n or not CN_DIGITS.get(s[i]):
            return False
        after = s[i + 1 : i + 2]
        return not after or (after not in NUMERAL_CHARS and after not in self.t.units_by_first)

    def _qualified_magnitude(self, p: int) -> bool:
        """A lone 百千万亿 after a qualifier word (近万人, 逾千件): a number, not the word 万人."""
        return self.s[p] in "百千万亿" and self._word_ending_at(p, self.t.prefix_by_last) is not None

    def _lexical_at(self, p: int, run_end: int) -> bool:
        """A lexical word (进一步, 两个维护, 三台) covers the whole numeral run starting at ``p``.

        "清单一百二十六项" is not 单一: the word must reach the end of the run to count.
        """
        s, index = self.s, self.t.lexical_by_char
        char = s[p]
        for key in ((char, s[p + 1 : p + 2]), (char, "")):
            for offset, words in index.get(key, ()):
                begin = p - offset
                if begin < 0 or not s.startswith(words, begin):
                    continue
                for word in words:  # one of them is written here: does it reach the end of the run?
                    if begin + len(word) >= run_end and s.startswith(word, begin):
                        return True
        return False

    def _make(
        self, kind: str, nstart: int, nend: int, value: Decimal | None, *, value_from: Decimal | None = None,
        lo: Decimal | None = None, hi: Decimal | None = None, lo_open: bool = False, hi_open: bool = False,
        unit: str | None = None, unit_class: str | None = None, qualifier: str = "exact", qualifier_text: str = "",
        direction: str | None = None, flags: set[str] | frozenset[str] = frozenset(), precision: Decimal | None = None,
        scale: Decimal | None = None, parts: tuple[Mention, ...] = (),
    ) -> Mention:  # fmt: skip
        if lo is None and value is not None and qualifier == "exact" and (hi is None or kind == "bare"):
            lo = hi = value
        norm = self.s[nstart:nend]
        if self.same_text:
            start, end, raw = nstart, nend, norm
        else:
            start, end = (nstart, nend) if self.norm.to_orig is None else self.norm.span(nstart, nend)
            raw = self.original[start:end]
        if self.mask and (mark := self.mask[nstart]):
            flags = flags | MARK_FLAGS[mark]
        return NewMention(
            kind, value, value_from, lo, hi, lo_open, hi_open, unit, unit_class, qualifier, qualifier_text,
            direction, start, end, raw, frozenset(flags), self._context(nstart, nend), precision, scale,
            nstart, nend, norm, parts,
        )  # fmt: skip

    def _context(self, nstart: int, nend: int) -> str:
        """The clause words around a mention: up to 10 characters left and 6 right, cut at punctuation.

        A parenthesised aside (县(市、区)) is kept whole: its 、 does not end the clause.
        """
        s, t = self.s, self.t
        floor = nstart - CONTEXT_LEFT if nstart > CONTEXT_LEFT else 0
        if floor and (year := WINDOW_YEAR_RE.search(s, floor, nstart)):
            floor = max(0, floor - (year.end() - year.start()))
        ceiling = nend + CONTEXT_RIGHT if nend + CONTEXT_RIGHT < self.n else self.n
        # Fast path: the nearest stop or parenthesis on each side is a stop (or there is none).
        left = right = -1
        edge = t.context_last_edge_re.match(s, floor, nstart)
        if edge is None:
            left = floor
        elif s[edge.end() - 1] in t.context_stop:
            left = edge.end()
        edge = t.context_edge_re.search(s, nend, ceiling)
        if edge is None:
            right = ceiling
        elif s[edge.start()] in t.context_stop:
            right = edge.start()
        if left < 0 or right < 0:
            left, right = self._context_bounds(nstart, nend, floor, ceiling)
        if left and s[left - 1] in LABEL_COLONS and not s[left:nstart].strip():
            left = self._label_start(left - 1)  # 行政诉讼案件:30件: the label says what it counts
        if (aside := s.find("(", nend, right)) >= 0 and FIGURE_IN.search(s, aside, right):
            right = aside  # 326件(刑事112件、民事…): an aside with figures of its own says what they count
        return f"{s[left:nstart]}|{s[nend:right]}"

    def _label_start(self, colon: int) -> int:
        """Where the label before ``colon`` starts: after the clause stop before it, within CONTEXT_LEFT."""
        floor = max(0, colon - CONTEXT_LEFT)
        edge = self.t.context_last_edge_re.match(self.s, floor, colon)
        return edge.end() if edge else floor

    def _context_bounds(self, nstart: int, nend: int, floor: int, ceiling: int) -> tuple[int, int]:
        """The context window walked character by character, keeping parenthesised asides whole."""
        s, stop = self.s, self.t.context_stop
        left, depth = nstart, 0
        while left > floor:
            char = s[left - 1]
            depth += (char in ")）") - (char in "(（")
            if char in stop and depth <= 0:
                break
            left -= 1
        right, depth = nend, 0
        while right < ceiling:
            char = s[right]
            depth += (char in "(（") - (char in ")）")
            if char in stop and depth <= 0:
                break
            right += 1
        return left, right


# ---------------------------------------------------------------------- module helpers


_OR_BIT = {bit: bytes(byte | bit for byte in range(256)) for bit in (QUOTED, IN_TITLE)}


def _quote_mask(s: str) -> bytes | bytearray:
    if QUOTE_OPENER_RE.search(s) is None:
        return b""  # no quotes (most short texts): nothing is marked
    mask = bytearray(len(s) + 1)
    for start, end, bit in quoted_spans(s):
        mask[start + 1 : end - 1] = mask[start + 1 : end - 1].translate(_OR_BIT[bit])
    return mask


def quoted_spans(s: str) -> list[tuple[int, int, int]]:
    """(start, end, QUOTED or IN_TITLE) of every “quoted” and 《title》 span, marks included: what each
    pattern of QUOTE_RES finds in turn, as ``finditer`` finds it.

    Each branch of a pattern starts with its own opening mark, so a match can start only at one: the
    pattern is tried at each opening mark (found by ``str.find``, which skips text much faster than the
    pattern's scan), from the end of the last match on, as ``finditer`` tries it.
    """
    spans = []
    for (pattern, bit), openers in zip(QUOTE_RES, QUOTE_OPENERS, strict=True):
        starts = [at for opener in openers if opener in s for at in _positions(s, opener)]
        end = 0
        for start in sorted(starts) if len(starts) > 1 else starts:
            if start >= end and (found := pattern.match(s, start)):
                end = found.end()
                spans.append((start, end, bit))
    return spans


def _positions(s: str, char: str) -> list[int]:
    """Every index of ``char`` in ``s``."""
    found = []
    at = s.find(char)
    while at >= 0:
        found.append(at)
        at = s.find(char, at + 1)
    return found


@cache
def _lone_digit_followers() -> frozenset[str]:
    """What :meth:`_Scanner._quantity` reads right after a numeral: 点 (三点五), 分之, a post qualifier
    (余, 多), a range separator, the first character of a measure word or 成, an identifier unit (届)."""
    t = tables()
    return frozenset(
        {"点", "分", "成", *t.post_qualifiers, *RANGE_SEPARATORS, *t.units_by_first, *t.ident_units}
    )


def _word_at(s: str, i: int, by_first: dict[str, tuple[str, ...]]) -> str | None:
    """The longest word of a table (grouped by first character) written at ``s[i]``."""
    for word in by_first.get(s[i : i + 1], ()):
        if s.startswith(word, i):
            return word
    return None


def _cn_digits(text: str) -> int:
    return int("".join(str(CN_DIGITS[c]) for c in text))


def _cn_small(text: str) -> int:
    """Months and days in Chinese: 十二 -> 12, 二十九 -> 29, 三十一 -> 31."""
    if "十" not in text:
        return CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def _granularity(value: Decimal, precision: Decimal, decimals: int, rule: str, kind: str) -> Decimal:
    """One step of the last written digit, for interval rules.

    Deviation from that rule: 近 before a number with one significant digit uses half a step
    (近2000 = [1500, 2000), 近1万 = [5000, 10000)); a whole step would make 近1万 cover 1.
    """
    step = precision if decimals > 0 or value == 0 else max(precision, _trailing_zero_step(value))
    if rule == "under" and value < step * 10:
        step /= 2
    if kind in PERCENT_LIKE and rule != "over" and step > 10:
        step = Decimal(10)
    return step


def bound_step(m: Mention) -> Decimal:
    """One step of the last digit written in an open-ended bound (超过2000 → 1000, 超九成 → 10,
    超过93.5% → 0.1): the granularity 余 reads after the same digits."""
    value = m.value if m.value is not None else Decimal(0)
    decimals = 0 if value == value.to_integral_value() else 1
    return _granularity(value, m.precision or Decimal(1), decimals, "at_least", m.kind)


def _trailing_zero_step(value: Decimal) -> Decimal:
    integer = int(value)
    if integer == 0 or integer != value:
        return Decimal(1)
    zeros = 0
    while integer % 10 == 0:
        integer //= 10
        zeros += 1
    return Decimal(10) ** zeros


def _interval(value: Decimal, step: Decimal, rule: str) -> tuple[Decimal | None, Decimal | None, bool, bool]:
    if rule == "over":
        return value, value + step, True, True
    if rule == "under":
        return value - step, value, False, True
    if rule == "approx":
        return value - step / 2, value + step / 2, False, False
    if rule == "at_least":
        return value, None, False, False
    if rule == "at_least_open":
        return value, None, True, False
    if rule == "at_most":
        return None, value, False, False
    if rule == "at_most_open":
        return None, value, False, True
    return value, value, False, False


# ------------------------------------------------------------------ a quantity from its fields

PLAIN_VALUE = regexes.compile(
    r"[0-9]{1,15}(?:\.[0-9]{1,15})?"
)  # a value plain_quantity reads without analyse
# Characters after a number that make the tokenizer read something else than number + measure word:
# a date or a time (年 月 : ·), a range (-, 至), a multiplier (万), a fraction (分之), 成, a bracketed year.
UNSAFE_UNIT_START = frozenset("年月:成分百佰千仟万亿 " + MIDDLE_DOTS + BRACKET_CLOSERS + RANGE_SEPARATORS)


def _replaced(m: Mention, **changes: object) -> Mention:
    """``m`` with some fields changed (built as NewMention builds one: dataclasses.replace is a frozen
    init)."""
    return NewMention(*(changes.get(name, getattr(m, name)) for name in MENTION_FIELDS))  # type: ignore[return-value]


def direction_of_change(first: Decimal | None, second: Decimal | None, kind: str | None = None) -> str | None:
    """The way a change goes from ``first`` to ``second``: up, down, or None (equal, or unknown). A rank
    goes up as its number falls (由第14位上升至第9位)."""
    if first is None or second is None or first == second:
        return None
    return "up" if (second > first) != (kind == "rank") else "down"


def _flagged(m: Mention, flags: frozenset[str]) -> Mention:
    """``m`` with ``flags`` added."""
    return _replaced(m, flags=m.flags | flags)


def from_marker_before(text: str, at: int) -> int | None:
    """Where the 由/从 of a change's first end starts when it stands right before ``at``, or before
    原来的 there (由原来的30个工作日…), in folded text; else None."""
    earlier = FROM_EARLIER_RE.search(text, max(0, at - FROM_EARLIER_CHARS), at)
    at = earlier.start() if earlier else at
    return at - 1 if at > 0 and text[at - 1] in tables().from_markers else None


def without_first_end_years(text: str) -> str:
    """Folded ``text`` with each year said of a change's first end alone (由2022年的1,024件下降至876件), or
    of the figure a change is compared with (较2023年的1,512件下降8.3%), blanked, character for
    character: it is not the year of the figures after that figure (a text ending at the base figure
    keeps its year: it is that figure's)."""
    if not any(marker in text for marker in tables().from_markers) and "较" not in text and "比" not in text:
        return text
    return FIRST_END_YEAR_RE.sub(lambda found: " " * len(found.group()), text)


def _read_whole(text: str) -> Mention | None:
    """The one quantity ``text`` reads as, whole (312.4万元), or None."""
    found = analyse(text)[1]
    return found[0] if len(found) == 1 and found[0].is_quantity and found[0].nend == len(text) else None


CHANGE_HEAD = regexes.compile(r"同比|环比|增长|增幅|增减|变化|上升|下降|减少")  # a column of changes
FALL_HEAD = regexes.compile(r"下降|减少|降低|降幅")  # …of falls


def _bare_or_rate(s: str, start: int, end: int) -> bool:
    """Is a row's cell a bare figure, or a rate or change whose unit is its own (+12.5%, -1.9个百分点)?"""
    return bool(BARE_CELL.fullmatch(s, start, end) or EMPTY_CELL.fullmatch(s, start, end)) or s.endswith(
        ("%", "百分点"), start, end
    )


def row_unit(label: list[str]) -> str | None:
    """The unit a table row's label cells give its figures: in brackets at the label's end, or a cell of
    its own after it (a 单位 column), when the tables read it as a measure word."""
    found = label_unit(label)
    if found is None:
        return None
    unit, bracketed = found
    measure = unit[1:] if unit[:1] in CN_MULTS else unit  # 万元: read whole by the caller
    return unit if bracketed or _words_after_value("", measure, "") is not None else None


def plain_quantity(value: str, after: str, unit: str, tail: str, known: dict) -> Mention | None:
    """The mention ``analyse`` reads in ``value + after + unit + tail`` (e.g. 39800余份, 95%以上), built
    from those pieces without reading the text, when their reading is certain: ``value`` a plain
    decimal, ``after`` empty or 余, ``unit`` a measure word of the tables, ``tail`` empty or 以上/以下.
    None otherwise (read the text with ``analyse``).

    Each step is the tokenizer's own (tests compare both on many pieces): the digits are read by
    ``scan_numeral``, the measure word and the tail must be those the tables find there, the interval
    comes from the same rules. ``known`` keeps how the words after a value read, for the next calls.
    """
    if not unit or not PLAIN_VALUE.fullmatch(value):
        return None
    key = (after, unit, tail)
    if key not in known:
        known[key] = _words_after_value(after, unit, tail)
    read = known[key]
    if read is None:
        return None
    text = value + after + unit + tail
    numeral = scan_numeral(text, 0, len(value) if "." not in value else 0)
    # the value must be read whole (5百分点 reads 5百) and not as an identifier (12345热线)
    if numeral is None or numeral.end != len(value) or tables().ident_re.match(text):
        return None
    rule, qualifier_text, unit, unit_class, kind = read
    number = numeral.value
    lo = hi = number
    lo_open = hi_open = False
    if rule != "exact":
        step = _granularity(number, numeral.precision, numeral.decimals, rule, kind)
        lo, hi, lo_open, hi_open = _interval(number, step, rule)
    return NewMention(
        kind, number, None, lo, hi, lo_open, hi_open, unit, unit_class, RULE_TO_QUALIFIER[rule],
        qualifier_text, None, 0, len(text), text, NO_FLAGS, "|", numeral.precision, numeral.scale, 0,
        len(text), text, (),
    )  # fmt: skip


def _words_after_value(after: str, unit: str, tail: str) -> tuple[str, str, str, str | None, str] | None:
    """How the tokenizer reads ``after + unit + tail`` right after a plain number: (qualifier rule, its
    words, unit, unit class, kind), or None when it may read them otherwise (another measure word,
    a date, a range, a multiplier) or normalisation changes them. Digits before them change nothing:
    they are normalised and compose with no character."""
    t = tables()
    rest = after + unit + tail
    if (
        unit[0] in UNSAFE_UNIT_START
        or unit[0] in t.post_qualifiers
        or _word_at(rest, len(after), t.units_by_first) != unit
        or (tail and _word_at(rest, len(after) + len(unit), t.tails_by_first) != tail)
        or normalize(rest).text is not rest
    ):
        return None
    rule, qualifier_text = "exact", ""
    if after:
        rule, qualifier_text = t.post_qualifiers[after], after
    elif tail:
        rule, qualifier_text = t.tail_qualifiers[tail], tail
    unit_class = "percent" if unit == "%" else t.unit_class.get(unit)
    if unit_class == "pct_point":
        unit = "个百分点"
    return rule, qualifier_text, unit, unit_class, _Scanner._kind(unit_class, None)
