"""The offline rules backend: measures, metrics and items straight from the outline and the text.

Everything it returns is extractive: each fact is a slice of the cleaned text with its offsets, so
the verifier can only ever confirm it. The LLM backend falls back to these per-section functions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple, TypeVar

from summarizer import __version__, regexes
from summarizer.document import Document
from summarizer.headings import past_marker
from summarizer.indicators import (
    CLAUSE_BREAK_CHARS,
    FIRST_NUMERAL,
    LAST_CLAUSE_BREAK,
    bounds_of,
    indicator_for,
    past_year_words,
    period_at,
    says_of_the_figure_before,
    unit_class_of,
)
from summarizer.models import (
    Area,
    DocumentInfo,
    Extraction,
    FirstResponsible,
    Item,
    Measure,
    Metric,
    Model,
    Plans,
    Provenance,
    SectionKind,
    Shortcomings,
)
from summarizer.numbers import Mention, format_decimal, respectively
from summarizer.numbers.chinese import scan_numeral
from summarizer.numbers.claims import (
    BARE_STEP,
    HAN,
    STEP_START,
    STEP_VERB,
    only_a_change,
    year_basis,
    year_basis_start,
)
from summarizer.numbers.match import SourceIndex
from summarizer.numbers.mention import SCOPE_UNIT_CLASSES
from summarizer.numbers.mentions import (
    BASE_FIGURE_GAP,
    BASE_WORD,
    FROM_TO_LINK_RE,
    LABEL_COLONS,
    from_marker_before,
    row_unit,
)
from summarizer.numbers.rows import (
    CELL_BARS,
    UNIT_NOTE,
    cell_gap,
    column_head,
    figure_cells,
    label_unit,
    other_column_head,
    row_label,
    row_year,
)
from summarizer.outline import SPACE, Node, Outline, folded_heading, plan_opening_year, split_items

ModelT = TypeVar("ModelT", bound=Model)

FIGURE_CHARS = frozenset("0123456789.,%")  # what a summary is never cut between
SUMMARY_CHARS = 90  # a measure summary is the first sentence(s), cut at a sentence end near this length
NAME_CHARS = 24  # how far back a metric's name may reach within its clause
QUOTE_PAIRS = ("“”", "《》", "「」")  # (in folded text) a name or title quoted in a metric's clause
QUOTE_CLOSE = regexes.compile("[" + "".join(closing for _, closing in QUOTE_PAIRS) + "]")
INDICATOR_CHARS = 64  # …and its indicator's words, a short clause's subject in the clauses before
RIGHT_NOUN_CHARS = 10  # how far the noun a number counts may reach after it (对各乡镇400余名一线执法人员)
RIGHT_DEED_CHARS = 16  # …and what was done, when the words before say nothing (全镇共有29人完成…培训)
CHANGE_KINDS = frozenset({"pct_change", "pct_point"})  # a figure's change, said after the figure
# The same figure of another year, in an aside right after it (56件(2022年为45件)): no metric of its own,
# since only the figure before names what it counts, and that name would be the report year's figure's.
OTHER_YEAR_ASIDE = regexes.compile(
    r"\s*\(\s*(?:(?:19|20)[0-9]{2}年度?|上年(?:度|同期)?|去年(?:同期)?|同期)(?:同期)?[为是:]?\s*"
)
# Where a change's own words (同比上升) end and its number begins.
FIRST_DIGIT = regexes.compile(r"[0-9]")
# a caption's or an attachment's number (表2 街道法治建设主要指标, 附图1): no quantity, whatever follows it
CAPTION_NUMBER_BEFORE = regexes.compile(r"(?<![\u4e00-\u9fff])附?[表图][ \t]*$")
CAPTION_CHARS = 3  # how far before a number its caption word is looked for (附表 + a space)
BASE_FIGURE_CHARS = 32  # how far back a base figure's words reach: (2022年为45件),较2023年度同期的
LAST_FIGURE = regexes.compile(r"[0-9][0-9.,]*(?=[^0-9]*$)")  # the last number of a clause
SUBJECT_BREAKS = ",;"  # a clause whose subject is in the clause before it follows one of these
CHANGE_TAIL = regexes.compile(  # …较上年翻了一番, 办件量增长了1倍
    r"(?:较|比|同比|环比|持续|不断|逐年|大幅|稳步|明显|增长|增加|上升|提高|提升|下降|减少|降低|翻了)"
)
# Where the noun after a number ends: a clause break or bracket, a quote or title, another number, a
# verb (what is said of the noun: 为辖区11个社区配备了…, 由23家单位组成的…) or a preposition or adverb
# opening it (17个委办局对182个事项…, 邀请3名专家分别作…). Folded (Simplified) text is searched, so one
# list serves both scripts.
RIGHT_NOUN_END = regexes.compile(
    r"[,。;:!?、()\n《“0-9]|各(?=[0-9一二两三四五六七八九十])|已经|已|全部|分别|均|并|对|由|被|向|将"
    r"|进行|开展|完成|参与|参加|获得|通过|接受|取得|实现|配备|实施|纳入|签订|组成|作出"
    r"|压减|减少|减至|降至|降为|降低|下降|缩短|压缩|增加|增至|上升|提升|提高|达到"
    rf"|累计|共计|共(?=有|{STEP_VERB.pattern})"  # (…人民调解组织共调解…: not 公共法律服务)
)
LIST_JOINS = ("和", "及", "与", "、")  # between the items of a list of figures (17个部门和8个镇)
NOUN_TAIL = frozenset("的和及与对由向将把给各")  # words cut short after a number do not end in these
STOP_WORD_CHARS = 2  # the longest stop word may start within the reach and end past it
# What the counted did (after the noun) ends at its clause, a title or another number.
RIGHT_DEED_END = regexes.compile(r"[,。;:!?、()\n《0-9]")
# A clause that only says where (全县, 全街道, 市级): the figure's name is after the number.
SCOPE_ONLY = regexes.compile(
    r"(?:全|本)(?:省|市|州|盟|区|县|旗|镇|乡|街道|局|委|系统|单位|部门|年)|(?:省|市|州|区|县|镇|乡)级"
)
# A verb that only brings people to the deed named after them, and where (组织全市3260名国家工作人员参加
# 年度学法考试): the deed says what the number counts, as after a clause saying only where.
ORGANIZES = regexes.compile(f"(?:组织|动员|带领|引导)(?:{SCOPE_ONLY.pattern})")
# Words that name nothing, at a clause's start (matched there) and at its end.
# an item's number (1. 2、 (3)) and the words that name nothing, at a name's start (依法 before a step)
LEADING_FILLER = regexes.compile(
    r"(?:(?:[0-9]{1,2}[.、](?![0-9])|\([0-9一二三四五六七八九十]{1,3}\))\s*)?"
    rf"(?:其中|同时|并|截至目前|截至年底|目前|今年以来|全年|共计|共|累计|依法(?={STEP_VERB.pattern}))*"
)
LEADING_FILLER_CHARS = 4  # the longest leading filler (截至目前)
LEADING_FILLER_STARTS = frozenset("0123456789(其同并截目今全共累依")  # the characters it can start with
TRAILING_FILLER = regexes.compile(
    r"(共计|共有|共|累计|达到|达|(?<![行作])为|均为|约|近|超过|占比达)$"
)  # (违法行为: a noun)
TRAILING_FILLER_ENDS = frozenset("计有共到达为约近过")  # the characters it can end with
FILLER_CHARS = 3  # the longest trailing filler: only the clause's last characters are searched
# A clause ending in a preposition or a verb's 了 leaves its object to the noun after the number
# (制定了7个…, 组织对3个…, 建立了由23家…组成的…), as does one opening with 对/为/将 (对各乡镇400余名…).
SETS_UP_START = ("对", "为", "向", "将", "把", "帮助", "协助")
# The steps a list of figures counts one object through (收到行政复议申请128件,受理121件,审结116件;
# 清理规范性文件63件,废止9件): a figure named by its step alone (受理) or its rate (审结率) takes the
# object of the list's first clause (受理行政复议申请, 行政复议申请审结率).
OBJECT_THEN_STEP = regexes.compile(f"(?:{STEP_VERB.pattern})$")  # 行政复议案件收案: the object, then the step
# the subject of a list's first clause, then its steps, told apart by the words between (全年, 共)
SUBJECT_THEN_STEPS = regexes.compile(f"(?:全年|共计|共|累计|依法)+(?:{STEP_VERB.pattern})+")
# a step refused (不予受理5件) is a step of the list, not an object (不予) named before a step
STEPS_BEFORE = regexes.compile(f"(?:{STEP_VERB.pattern})+$")  # (searched up to a clause's object)
REFUSED_STEP = regexes.compile(f"(?:不予|未予|不|未)(?:{STEP_VERB.pattern})")
# the words around a span of years that make it a time window, not a figure (近三年, 三年来, 三年行动)
WINDOW_BEFORE = regexes.compile(r"(?:近|每|前|未来|今后)$")
WINDOW_AFTER = regexes.compile(r"来|以来|内|间|行动|规划|计划|攻坚|专项|一次|一轮")
# 连续三年保持100%: the years say how long a figure of the same clause held, they count nothing
HELD_FIGURE = regexes.compile(r"[^,，;；。\n]{0,8}?[0-9]")
LIST_FIGURES = 8  # figures of a 分别 list read after the one named (more than any list has)
LIST_CLAUSES = 4  # how many short clauses (受理121件) a list's step may be from its first one
OBJECT_CHARS = (2, 12)  # the length of a list's object (规范性文件, 行政复议申请)
SETS_UP_END = ("的", "了", "对", "向", "将", "把", "由", "给", "与", "有")  # (为 ends as a filler)
# 原因 said to be analysed too little (纠错案件的原因分析不够深入, 查找原因还不到位) is a shortcoming, no cause
CAUSE_WORDS = regexes.compile(
    r"原因(?!的?(?:分析|剖析|查找|研判)?(?:得|还|仍|尚)?(?:不够|不深|不透|不到位|不准|有待))|由于|究其|根源|症结|主要是因为|归因于|缘于|(?:客观|主观)(?:上|因素|原因)|之所以[^。;]{0,30}(?:在于|是因为)"
    r"|受[^。;,]{0,12}(?:限制|制约|影响)"
)
# a subsection of the shortcomings that gives their causes (原因分析), not one heading for both
CAUSE_HEADING = regexes.compile(r"(?:原因|成因)(?:分析|剖析)?$|^(?:原因|成因)")
SHORTCOMINGS_AND_CAUSES = regexes.compile(r"(?:不足|问题|短板|差距)(?:和|及|与|、)(?:原因|成因)")
# a year in digits or in Chinese digits (三、二〇二五年工作安排)
YEAR_IN_HEADING = regexes.compile(r"(20\d\d|二[〇○零][一二三四五六七八九〇○零]{2})\s*年")
SUBPOINT_TITLE_END = regexes.compile(r"[。;:!?]")
SENTENCE_STOP = regexes.compile("[。;!?]")
# Facts are built with ``problems=[]`` given: pydantic deep-copies a mutable default (``[]``) in Python
# for every model built, the costliest part of building one. They are validated from their data
# (``validated``), as ``Model(**data)`` validates them, without the keyword call.


def validated(model: type[ModelT], data: dict) -> ModelT:
    """``model.model_validate(data)``, calling the model's validator itself: ``model_validate`` passes
    it seven options at their defaults by keyword, and parsing them costs a fifth of a fact's
    validation (~40 facts per report)."""
    return model.__pydantic_validator__.validate_python(data)


def extract(
    doc: Document, outline: Outline, info: DocumentInfo, numbers: SourceIndex | None = None
) -> Extraction:
    """The whole extraction for one report, rules only (``numbers``: the report's number index)."""
    numbers = numbers if numbers is not None else SourceIndex(doc)
    measures: list[Measure] = []
    metrics: list[Metric] = []
    for part in outline.find("achievements"):
        for node in part.children or [part]:
            measures.extend(measures_of(doc, node))
        metrics.extend(metrics_of_part(doc, part, numbers, info.report_year))
    metrics.extend(_leaders_metrics(doc, outline, numbers, info.report_year, {m.start for m in metrics}))
    return Extraction(
        measures=measures,
        metrics=metrics,
        first_responsible_person=first_responsible_of(doc, outline),
        shortcomings=shortcomings_of(doc, outline),
        plans=plans_of(doc, outline, info),
        provenance=Provenance(backend="rules", tool_version=__version__),
    )


# --------------------------------------------------------------------------- measures


def measures_of(doc: Document, node: Node) -> list[Measure]:
    """One measure per sub-point (一是 / 1.) of an achievement subsection, or one for the whole node."""
    points = [child for child in node.children if child.end > child.heading_end]
    if not points:
        return [
            _measure(doc, node, node.heading or _first_clause(doc, node.heading_end, node.end), node.area)
        ]
    return [_measure(doc, point, point.heading or _point_title(doc, point), node.area) for point in points]


def _measure(doc: Document, node: Node, title: str, area: Area | None) -> Measure:
    body_start = past_marker(doc.folded, _skip_space(doc.text, node.heading_end, node.end))  # (no ①)
    summary_end = _sentence_end(doc.text, body_start, node.end, SUMMARY_CHARS)
    data = doc.grounded(node.start, _trim_end(doc.text, node.start, node.end))
    data.update(
        area=area,
        title=title.strip().rstrip("。,;:"),
        summary=doc.text[body_start:summary_end].strip() or title,
        problems=[],
    )
    return validated(Measure, data)


def _point_title(doc: Document, point: Node) -> str:
    """A sub-point without a separate heading: its first clause (一是坚持政治引领。→ 坚持政治引领)."""
    return _first_clause(doc, point.heading_end, point.end)


def _first_clause(doc: Document, start: int, end: int) -> str:
    match = SUBPOINT_TITLE_END.search(doc.text, start, end)
    return doc.text[start : match.start() if match else min(end, start + 30)].strip()


def _sentence_end(text: str, start: int, end: int, near: int) -> int:
    """End of the last full sentence that fits in ``near`` chars (at least one sentence); with no
    sentence end at all (a table under a lead-in), the last line or clause that fits, never inside a
    figure."""
    best = -1
    for match in SENTENCE_STOP.finditer(text, start, end):  # (not a slice: a copy of the whole node)
        if best >= 0 and match.end() - start > near:
            break
        best = match.end() - start
    if best > 0:
        return start + best
    cut = min(end, start + near)
    clause = max(text.rfind(stop, start, cut) for stop in CLAUSE_BREAK_CHARS)
    if clause > start:
        return clause + 1
    while start < cut < end and text[cut - 1] in FIGURE_CHARS and text[cut] in FIGURE_CHARS:
        cut -= 1  # (not 11 of 117)
    return cut


def _skip_space(text: str, start: int, end: int) -> int:
    """Past the spaces at ``start`` (and a table's cell bars: a name never starts or ends with one)."""
    while start < end and (text[start].isspace() or text[start] in CELL_BARS):
        start += 1
    return start


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in CELL_BARS):
        end -= 1
    return end


# --------------------------------------------------------------------------- metrics


def _leaders_metrics(
    doc: Document, outline: Outline, numbers: SourceIndex, report_year: int | None, taken: set[int]
) -> list[Metric]:
    """The figures of the part on the leaders' 第一责任人 duty (主持召开常委会会议研究法治工作4次, 带头出庭
    应诉2次): the year's own work too, under 党的领导; a figure an achievements part holds already (a
    part found inside one) is not taken twice."""
    return [
        metric
        for part in outline.find("first_responsible_person")
        for metric in metrics_in(
            doc, part.start, part.end, area="party_leadership", section=part.kind, numbers=numbers,
            report_year=report_year,
        )
        if metric.start not in taken
    ]  # fmt: skip


def metrics_of_part(
    doc: Document, part: Node, numbers: SourceIndex, report_year: int | None = None
) -> list[Metric]:
    """Metrics of an achievements part, each tagged with the area of the subsection holding it."""
    spans: list[tuple[int, int, Area | None]] = [(part.start, part.end, None)]
    if part.children:
        spans = [(part.start, part.children[0].start, None)]
        spans += [(child.start, child.end, child.area) for child in part.children]
    return [
        metric
        for start, end, area in spans
        for metric in metrics_in(
            doc, start, end, area=area, section=part.kind, numbers=numbers, report_year=report_year
        )
    ]


def metrics_in(
    doc: Document,
    start: int,
    end: int,
    *,
    area: Area | None,
    section: SectionKind | None,
    numbers: SourceIndex,
    report_year: int | None = None,
) -> list[Metric]:
    """Every quantity mentioned in the clean span ``[start, end)`` (``numbers``: the report's index;
    ``report_year``: a figure of another year named in its sentence is other_year)."""
    mentions = numbers.mentions
    first = bisect_left(mentions, start, key=lambda m: m.start)
    metrics = []
    previous = mentions[first - 1] if first else None
    figure = None  # the last quantity before
    for i in range(first, len(mentions)):  # (not a slice: a copy of the rest, per part of a long report)
        mention = mentions[i]
        if mention.start >= end:
            break
        if (
            mention.end <= end
            and mention.is_quantity
            and mention.value is not None  # a range (每2—3年, 3至5场) is not one figure to compare
            and mention.unit_class not in SCOPE_UNIT_CLASSES
            and not (figure and OTHER_YEAR_ASIDE.fullmatch(doc.folded, figure.end, mention.start))
            and not _time_window(doc.folded, mention)
            and not _caption_number(doc.folded, mention)
            and not numbers.sets_a_target(mention)  # (全年计划培训3000人次: a target, not the year's figure)
        ):
            listed = _listed_name(doc, mentions, i) if numbers.has_lists else None
            period = (  # (read once per figure: the verifier reads it again for the metric)
                numbers.period_at(mention.start, mention.flags)
                if numbers.report_year == report_year
                else period_at(doc, mention.start, report_year, mention.flags)
            )
            owners = [listed] if listed is not None else _shared_names(doc, mention) or [None]
            # (5213户,比2023年增长11.7%: the year says what the change compares with; the figure is before)
            based = (
                figure
                if previous is not figure and _after_basis_year(doc.folded, previous, mention)
                else None
            )
            metrics.extend(
                _metric(doc, mention, area, section, based or previous, period, own) for own in owners
            )
        previous = mention
        if mention.is_quantity:
            figure = mention
    return metrics


def _after_basis_year(folded: str, previous: Mention | None, mention: Mention) -> bool:
    """Is ``mention`` a change right after the year it is compared with (比2023年增长11.7%)?"""
    return (
        previous is not None
        and _is_change(mention)
        and previous.kind == "year"
        and year_basis(folded, previous.start - 1, mention.start)
    )


def _caption_number(folded: str, mention: Mention) -> bool:
    """Is the number a table's or figure's (表2 街道法治建设主要指标: 2 街道 counts no streets)?"""
    start = max(0, mention.start - CAPTION_CHARS)
    window = folded[start : mention.start]
    return ("表" in window or "图" in window) and (  # (most figures: no caption word, no search)
        CAPTION_NUMBER_BEFORE.search(folded, start, mention.start) is not None
    )


def _time_window(folded: str, mention: Mention) -> bool:
    """A span of years that says when, not how much (近三年, 三年来, 每两年, 三年行动计划, 连续三年保持100%):
    no metric. (连续5年获评… is one: a count of years.)"""
    if mention.unit != "年" or mention.kind != "duration":
        return False
    return bool(
        WINDOW_BEFORE.search(folded, max(0, mention.start - 2), mention.start)
        or WINDOW_AFTER.match(folded, mention.end)
        or (folded.endswith("连续", 0, mention.start) and HELD_FIGURE.match(folded, mention.end))
    )


def _listed_name(doc: Document, mentions: list[Mention], i: int) -> tuple[str, str] | None:
    """The name of a figure of a list after 分别, as written and folded, from the names before it in the
    same order (受理、审结行政复议案件分别为45件、40件: 受理行政复议案件 45件, 审结行政复议案件 40件;
    纠错率分别为8.9%和7.5%: 纠错率 both), or None."""
    folded, mention = doc.folded, mentions[i]
    word_at = respectively.before(folded, mention.start)
    if word_at < 0:
        return None  # (most figures)
    first = bisect_left(mentions, word_at, key=lambda m: m.start)
    after = [(m.start, m.end) for m in mentions[first : i + LIST_FIGURES] if m.is_quantity]
    spans = respectively.listed(folded, word_at, after)
    names = respectively.names(folded, word_at, len(spans))
    if (mention.start, mention.end) not in spans or len(names) not in (1, len(spans)):
        return None
    k = spans.index((mention.start, mention.end)) if len(names) > 1 else 0
    # (to the first figure's digits: the change it says, 同比增长10.1%和8.3%, is every item's)
    found = respectively.FIRST_DIGIT.search(folded, *spans[0])
    first = found.start() if found else spans[0][0]
    said = respectively.predicate(folded, word_at, first)
    written, name = (
        respectively.item_name(text, names, k) + "".join(text[a:b] for a, b in said)
        for text in (doc.text, folded)
    )
    lead = LEADING_FILLER.match(name).end()  # (全年共办理法律援助案件3,126件,…,同比分别增长…: no 全年共)
    return written[lead:], name[lead:]


def _shared_names(doc: Document, mention: Mention) -> list[tuple[str, str]]:
    """The names, as written and folded, of the list whose every item has ``mention``'s figure
    (出庭应诉率、行政复议决定履行率均为100%: a metric each), or none."""
    names = respectively.shared_names(doc.folded, mention.start)
    return [
        (respectively.item_name(doc.text, names, k), respectively.item_name(doc.folded, names, k))
        for k in range(len(names))
    ]


def _metric(
    doc: Document,
    mention: Mention,
    area: Area | None,
    section: SectionKind | None,
    previous: Mention | None,
    period: str,
    own: tuple[str, str] | None = None,
) -> Metric:
    """The metric of ``mention``; ``own``: its name as written and folded when found apart (an item of a
    分别 list, a cell under a header naming each column), which also gives its indicator."""
    parts = name_parts(doc, mention, previous)
    name = _with_list_object(doc, parts, _joined(doc.text, parts.left, parts.after) or mention.raw)
    subject = None  # the words a change's end or a base figure is named by, when it is one
    if own is not None:  # 受理、审结行政复议案件分别为45件、40件: each figure its own item's name
        name = own[0]
    elif (subject := _change_subject(doc, mention, previous)) is not None:
        if period == "other_year":
            subject = _without_year_words(doc.folded, subject)
        name = doc.text[subject[0] : subject[1]]  # 事项由612项压减至548项: both ends are 事项
        name += _change_words(doc, previous, mention) or ""  # …增加到2.3万件,同比增长12%: 办件量同比增长
    # 行政复议案件(件) 45 56 +12.5%: the unit is the row's figures', not the name of any of them
    if "table_cell" in mention.flags or name.endswith(")"):
        label = row_label(doc.text, mention.start)  # (a last label cell that is no measure word, 收案, stays)
        name = _without_row_unit(name, label_unit(label) if row_unit(label) else None)
        if name == mention.raw and label:  # a row named by a word that names nothing in a sentence: 共计
            name = "".join(label)
    if (change := other_column_head(doc.text, mention.start)) is not None:
        name += UNIT_NOTE.sub("", change)  # 指标 2023年 2024年 同比: 行政复议收案 + 同比
    elif (head := column_head(doc.text, mention.start)) is not None:  # 类别 收到(件) 受理(件): its column's
        year_row = row_year(doc.text, mention.start) is not None  # 2022年 45 30: the year is no name
        name = ("" if year_row else name) + UNIT_NOTE.sub("", head)  # 行政复议 + 受理
        label = "" if year_row else doc.folded[parts.left[0] : parts.left[1]]
        own = name, label + UNIT_NOTE.sub("", column_head(doc.folded, mention.start) or "")
    # what the people counted did says which figure it is (1260名…参加年度学法考试: exam participants);
    # what counted things did does not (9个行政村实现法律顾问全覆盖 counts villages, not adviser services)
    people = unit_class_of(mention.kind, mention.unit) == "people"
    counted = parts.after if people else (parts.after[0], parts.noun_end)
    value = format_decimal(mention.value)
    data = doc.grounded(mention.start, mention.end)
    data.update(bounds_of(mention, value))
    before = doc.folded[max(0, mention.start - INDICATOR_CHARS) : mention.start]
    data.update(
        name=name,
        value=value,
        unit=mention.unit or "",
        qualifier=mention.qualifier,
        kind=mention.kind,
        direction=mention.direction,
        indicator=(
            indicator_for(own[1], own[1], mention.kind, mention.unit, mention.direction)
            if own is not None  # (the clause before it holds every name of the list, or the row's)
            else indicator_for(
                before,
                _joined(doc.folded, parts.left, counted),
                mention.kind,
                mention.unit,
                mention.direction,
            )
            or _step_indicator(doc, mention, parts)
            or _subject_indicator(doc, mention, subject)
        ),
        period=period,
        area=area,
        section=section,
        problems=[],
    )
    return validated(Metric, data)


def _subject_indicator(doc: Document, mention: Mention, subject: tuple[int, int] | None) -> str | None:
    """The indicator of a figure named by the subject it is compared with or changes from (成功率98.1%,
    较2023年同期的97.4%; …申请73件,较上年的58件): that subject's, read in its words alone, since the words
    right before the figure (较2023年同期的) name nothing. A change said of it (增长25.9%) gets none."""
    if subject is None:
        return None
    words = doc.folded[subject[0] : subject[1]]
    return indicator_for(words, words, mention.kind, mention.unit, mention.direction)


def _change_subject(doc: Document, mention: Mention, previous: Mention | None) -> tuple[int, int] | None:
    """What a change stated by its two ends is of (the clause before its 由/从), when ``mention`` is one
    of those ends (flagged by the number engine): the first (由612项…), or the second (…压减至548项), or
    a change said of the second (…,同比减少10%); or, of a comparison with a base figure, that figure and a
    change said of it (see :func:`_compared_figure`). They are named by it, not by words holding the other
    end (事项由612项压减至 for 548项)."""
    folded = doc.folded
    if "change_from" in mention.flags:
        first_at: int | None = mention.start
    elif previous is not None and "change_from" in previous.flags and "change_to" in mention.flags:
        first_at = previous.start
    elif previous is not None and "change_to" in previous.flags and mention.kind in CHANGE_KINDS:
        clause = _clause_before(folded, previous.start)  # 从1.2万件增加到2.3万件,同比增长12%
        first_at = next((m.start() for m in FIRST_DIGIT.finditer(folded, *clause)), None)
    elif (compared := _compared_figure(doc, mention, previous)) is not None:
        return _naming_clause(folded, compared)
    else:
        return None
    marker = from_marker_before(folded, first_at) if first_at is not None else None
    return None if marker is None else _naming_clause(folded, marker)


def _without_year_words(folded: str, subject: tuple[int, int]) -> tuple[int, int]:
    """A subject naming another year's figure (the base figure of 全年共收到申请73件,较上年的58件) without
    the words that name the report year (全年共): 58件 is last year's, so a name saying 全年 says it is
    this year's (and the verifier, reading the name's year, rejects it)."""
    start, end = _strip_fillers(folded, past_year_words(folded, *subject), subject[1])
    return (start, end) if end - start >= 2 else subject


def _change_words(doc: Document, previous: Mention | None, mention: Mention) -> str | None:
    """How ``mention`` says a figure before it changed, as written: a change's own words before its number
    (2.3万件,同比增长12%: 同比增长; …1,512件下降8.3%: 下降), or the verb between an amount and the figure
    right before it (比上年(38件)增加7件: 增加); None when it is no change."""
    if _is_change(mention):
        digit = FIRST_DIGIT.search(doc.folded, mention.start, mention.end)
        return doc.text[_basis_start(doc.folded, previous, mention) : digit.start()] if digit else ""
    gap = _gap(doc.folded, previous, mention) if previous is not None else ""
    if not only_a_change(gap):  # (比上年(38件)增加7件, 同比减少7件)
        return None
    at = doc.folded.rfind(gap, previous.end, mention.start)  # (folded and written text align char for char)
    return doc.text[at : at + len(gap)]


def _basis_start(folded: str, previous: Mention | None, mention: Mention) -> int:
    """Where a change's words start: at the year it is compared with when that stands alone between it
    and the figure before (…5213户,比2023年增长11.7%: 比2023年增长), else where its mention does."""
    if previous is None:
        return mention.start
    gap = folded[previous.end : mention.start]
    start = mention.start - len(gap.lstrip(CLAUSE_BREAK_CHARS + SPACE))
    return start if start < mention.start and year_basis(folded, start, mention.start) else mention.start


def _is_change(mention: Mention) -> bool:
    """A change (同比上升8.5%, 下降3个百分点), or an amount said as one by the number engine."""
    return mention.kind in CHANGE_KINDS or mention.direction is not None


def _gap(folded: str, previous: Mention, mention: Mention) -> str:
    """The words between two figures, but spaces and the close of an aside ((38件)增加7件: 增加)."""
    return folded[previous.end : mention.start].strip().removeprefix(")").strip()


def _naming_clause(folded: str, at: int) -> tuple[int, int] | None:
    """The clause before ``at``, when it holds a name (two characters or more)."""
    start, end = _clause_before(folded, at)
    return (start, end) if end - start >= 2 else None


def _compared_figure(doc: Document, mention: Mention, previous: Mention | None) -> int | None:
    """Where the figure that ``mention`` is compared with starts, when it is the base figure of a
    comparison (办理行政处罚案件1,386件,较2023年的1,512件: 1,386件 for 1,512件) or a change said right after
    one (…1,512件下降8.3%): both are named by that figure's subject, not by the comparison's words."""
    folded = doc.folded
    if not BASE_WORD.search(folded, max(0, (previous or mention).start - BASE_FIGURE_CHARS), mention.start):
        return None  # (most figures: no 较 or 比 before them)
    base = mention
    if previous is not None and (
        _gap(folded, previous, mention) == ""
        if _is_change(mention)
        else _change_words(doc, previous, mention)
    ):
        base = previous  # a change said right after the base figure
    gap = BASE_FIGURE_GAP.search(folded, max(0, base.start - BASE_FIGURE_CHARS), base.start)
    if gap is None:
        return None
    clause = _clause_before(folded, gap.start())  # 办理行政处罚案件1,386件: the figure compared with
    figure = LAST_FIGURE.search(folded, *clause)
    return None if figure is None else figure.start()


class NameParts(NamedTuple):
    """Where a metric's name is, in clean offsets."""

    left: tuple[int, int]  # the words before the number
    after: tuple[int, int]  # the words after it (may be empty): the noun it counts, then what was done
    noun_end: int  # where the noun ends in ``after`` (the rest says what the counted did)


def name_parts(doc: Document, mention: Mention, previous: Mention | None = None) -> NameParts:
    """The clause before the number, and after it the noun it counts when that clause only sets it up
    (对各乡镇400余名一线执法人员 → 对各乡镇 + 一线执法人员; 实现了100%的办结率 → 实现了 + 办结率), with what was
    done when the words before say nothing (全镇共有29人完成线上培训 → 全镇 + 完成线上培训; 组织58名负责人开展
    年终述法 → 组织 + 负责人 + 开展年终述法); a change alone in its clause is named by the figure before it
    (办理事项23.4万件,同比上升12.5% → 办理事项 + 同比上升), and so is the next cell of a table row (出庭应诉率
    92.5% 100% → 出庭应诉率), never by the figure itself. Read in the folded (Simplified) text."""
    folded = doc.folded
    left_start, left_end = _clause_before(folded, mention.start)
    if mention.kind == "pct_from_to" and (marker := from_marker_before(folded, mention.start)) is not None:
        left_start, left_end = _clause_before(folded, marker)  # 纠错率由2022年的12.3%下降到8.1%: before 由
    elif left_start == left_end and (label_end := _label_end(folded, mention.start)) is not None:
        left_start, left_end = _clause_before(folded, label_end)  # 行政诉讼案件:30件, 【行政诉讼】30件
    elif left_start == left_end and (label := _label_line_before(folded, mention)) is not None:
        left_start, left_end = label  # 行政复议收案\n56件: a table copied one cell a line
    if previous is not None and _next_cell(folded, previous, mention):  # 出庭应诉率 90% 92.5% 100%
        cells = figure_cells(folded, folded.rfind("\n", 0, mention.start) + 1)
        first = cells[0][0] if cells else previous.start  # the row's label: before its first cell
        return NameParts(_clause_before(folded, first), (mention.start, mention.start), mention.start)
    if (
        (left_start == left_end or year_basis(folded, left_start, left_end))  # (…万户,比2023年增长11.7%)
        and _is_change(mention)
        and previous is not None
        and not folded[previous.end : left_start].strip(CLAUSE_BREAK_CHARS + SPACE)  # 23.4万件,同比上升12.5%
    ):
        numeral = FIRST_NUMERAL.search(folded, mention.start, mention.end)
        words_end = numeral.start() if numeral else mention.start
        return NameParts(_clause_before(folded, previous.start), (left_start, words_end), words_end)
    if (
        previous is not None
        and left_start <= previous.start < previous.end < left_end
        and previous.is_quantity
        and FIRST_DIGIT.search(previous.raw)  # (a count in numerals is more often part of a name: 镇村两级)
    ):
        left_start, left_end = _after_figure(folded, previous, left_end)
    if _is_change(mention) and (basis := year_basis_start(folded, left_start, left_end)) is not None:
        left_end = basis  # 行政处罚案件数量较2023年下降7.3%: named as 同比 or 较上年 leave it, without them
    left = folded[left_start:left_end]
    after = mention.end + folded.startswith("的", mention.end)  # 100%的办结率: the rate is named after it
    weak = len(left) <= 2 or SCOPE_ONLY.fullmatch(left) is not None or ORGANIZES.fullmatch(left) is not None
    if not (weak or left.startswith(SETS_UP_START) or left.endswith(SETS_UP_END) or after > mention.end):
        return NameParts((left_start, left_end), (after, after), after)
    noun_end = _end_of(RIGHT_NOUN_END, folded, after, RIGHT_NOUN_CHARS)
    if noun_end == after + RIGHT_NOUN_CHARS and (last := folded.rfind("的", after, noun_end)) > after:
        noun_end = last  # cut by its reach (11个社区和机关各科室的年度考核): the noun ends at its 的
    elif noun_end == after + RIGHT_NOUN_CHARS:  # …or, without a 的, at its clause's end when that is near
        noun_end = max(noun_end, _end_of(RIGHT_DEED_END, folded, after, RIGHT_DEED_CHARS))
    deed_end = _end_of(RIGHT_DEED_END, folded, after, RIGHT_DEED_CHARS) if weak else noun_end
    if folded[deed_end : deed_end + 1].isdigit() and noun_end < after + RIGHT_NOUN_CHARS:
        deed_end = noun_end  # the deed names the next figure (1,496个人民调解组织共调解矛盾纠纷5.12万件)
    end = max(noun_end, deed_end)
    start, end = _trimmed(folded, after, end)
    noun_end = _trimmed(folded, start, min(noun_end, end))[1]
    if start == end and left.endswith(SETS_UP_END):
        left_end -= 1  # nothing to set up after all (事项由612项压减至…): not 事项由
    if start == end and left_start == left_end and (subject := _subject_before(folded, mention.start)):
        return NameParts(subject, (start, end), noun_end)  # 处罚案件数量较上年翻了一番,达到560件
    return NameParts((left_start, left_end), (start, end), noun_end)


def _after_figure(folded: str, previous: Mention, end: int) -> tuple[int, int]:
    """The words naming a figure whose clause holds an earlier one, ending at ``end``: after that figure,
    which counts its own noun (全市1,496个人民调解组织共调解矛盾纠纷5.12万件: 人民调解组织共调解矛盾纠纷), or
    before the 从 or 由 of the change whose first end it is (审批事项从法定平均办理时间20.86天提速至6.44天: 审批事项;
    the words after 从 are the first end's)."""
    if FROM_TO_LINK_RE.fullmatch(folded, previous.end, end):
        start, end = _clause_before(folded, previous.start)
        marker = max(folded.rfind("由", start, end), folded.rfind("从", start, end))
        return _clause_before(folded, marker) if marker > start else (start, end)
    start, end = _strip_fillers(folded, previous.end, end)
    if folded.endswith(LIST_JOINS, start, end):  # 17个区政府工作部门和8个镇: the words are 17个's
        return end, end
    return start + folded.startswith(LIST_JOINS, start, end), end  # 13个和市级“为民实事”10个


def _without_row_unit(name: str, written: tuple[str, bool] | None) -> str:
    """A row label as a metric's name, without the unit it writes for its cells (行政复议案件(件), or a
    unit column: 行政复议案件 件)."""
    if written is None:
        return name
    unit, bracketed = written
    if bracketed:
        return UNIT_NOTE.sub("", name) or name
    head = name[: -len(unit)]
    return head.rstrip() if name.endswith(unit) and head[-1:].isspace() else name


def _with_list_object(doc: Document, parts: NameParts, name: str) -> str:
    """A figure named by its step or its rate alone (受理, 审结率) with the object of its list: 受理行政复议申请,
    行政复议申请审结率 (see STEP_VERB)."""
    found = _step_object(doc, parts)
    if found is None:
        return name
    start, end, first = found
    what = doc.text[start:end]
    if name.startswith(what):  # 调解成功797件,成功率98.2%: the rate of that clause's outcome, not its object
        return doc.text[_steps_start(doc.folded, start) : end] + name[len(what) :]
    return what + name if first or name.endswith("率") else name + what


def _steps_start(folded: str, end: int) -> int:
    """Where the step verbs right before ``end`` start (调解成功 with ``end`` at 成功: at 调解)."""
    steps = STEPS_BEFORE.search(folded, max(0, end - NAME_CHARS), end)
    return steps.start() if steps else end


def _step_object(doc: Document, parts: NameParts) -> tuple[int, int, bool] | None:
    """The object of the list a figure named by its step or rate alone continues (see _list_object)."""
    start, end = parts.left
    if (
        parts.after[0] != parts.after[1]
        or not 0 < end - start <= 4
        or not BARE_STEP.fullmatch(doc.folded, start, end)
    ):
        return None  # (most names: more than a step's or a rate's few characters)
    return _list_object(doc.folded, start)


def _step_indicator(doc: Document, mention: Mention, parts: NameParts) -> str | None:
    """The indicator of a figure named by its step alone read with its list's object, when the clauses
    right before it do not name that object (…申请73件,依法受理68件,不予受理5件;审结65件): read as the
    object's clause before the step's, so that the step must be in the words that match (纠正21件 after
    备案审查规范性文件1380件 is no document issued, though 规范性文件 alone names those)."""
    found = _step_object(doc, parts)
    if found is None:
        return None
    step = doc.folded[parts.left[0] : parts.left[1]]
    words = f"{doc.folded[found[0] : found[1]]},{step}"
    return indicator_for(words, "", mention.kind, mention.unit, mention.direction)


def _object_before_step(folded: str, start: int, end: int) -> tuple[int, int] | None:
    """The object of a clause that names it before its step (行政复议案件收案 → 行政复议案件), if any."""
    words = folded[start:end]
    step = OBJECT_THEN_STEP.search(words)
    if step is None or not OBJECT_CHARS[0] <= step.start() <= OBJECT_CHARS[1]:
        return None
    return start, start + step.start()


def _list_object(folded: str, at: int) -> tuple[int, int, bool] | None:
    """The object of the list a clause starting at ``at`` continues (…申请128件,受理121件, with ``at`` at
    受理): the words after the step verbs of the nearest clause before it that names more than a step,
    if that clause is of the same sentence and names its object so (收到行政复议申请 → 行政复议申请,
    立案查处违法案件 → 违法案件), or the words before its step when it names the object first (行政复议案件
    收案128件、结案121件 → 行政复议案件: the third item says so, True)."""
    own = LAST_CLAUSE_BREAK.match(folded, max(0, at - FILLER_CHARS), at)
    at = own.end() if own else at  # (依法受理: from before the words that name nothing)
    for _ in range(LIST_CLAUSES):
        end = _trim_end(folded, 0, at)
        if (
            end == 0
            or folded[end - 1] not in ",、"
            and not (folded[end - 1] == ";" and STEP_START.match(folded, at))
        ):
            return None  # (a ; ends the list unless a step opens the clause after it: ;依法受理1,035件)
        found = LAST_CLAUSE_BREAK.match(folded, max(0, end - 1 - NAME_CHARS), end - 1)
        start = found.end() if found else max(0, end - 1 - NAME_CHARS)
        numeral = FIRST_DIGIT.search(folded, start, end)
        if numeral is None:
            return None
        words = _strip_fillers(folded, start, numeral.start())
        # (…申请1,126件,同比增长18.6%;受理1,035件: the change said of a figure is no step of the list,
        # nor the figure it is compared with or a part of it: 较上年的58件增长25.9%, 其中市本级428件)
        if (
            words[1] - words[0] > 3
            and not only_a_change(folded[words[0] : words[1]])
            and not says_of_the_figure_before(folded[start:end])
            and not REFUSED_STEP.fullmatch(folded, *words)
        ):
            if scope := SCOPE_ONLY.match(folded, *words):  # 全市共收到行政复议申请: where, then the steps
                words = _strip_fillers(folded, scope.end(), words[1])
            verbs_end = words[0]
            while verb := STEP_VERB.match(folded, verbs_end, words[1]):  # 备案审查规范性文件: both steps
                verbs_end = verb.end()
            if verbs_end == words[0] and (first := _object_before_step(folded, *words)) is not None:
                return (*first, True)
            if verbs_end == words[0] and (said := SUBJECT_THEN_STEPS.search(folded, *words)) is not None:
                verbs_end = said.end()  # 县复议局全年共收到行政复议申请: the subject, then the steps
            if verbs_end == words[0]:
                return None
            if not OBJECT_CHARS[0] <= words[1] - verbs_end <= OBJECT_CHARS[1]:
                return None
            return verbs_end, words[1], False
        at = start
    return None


def _subject_before(folded: str, at: int) -> tuple[int, int] | None:
    """The subject of a figure whose own clause names nothing (…,达到560件): the clause before it in
    its sentence, without the change it reports (较上年翻了一番, 持续上升), if it states no figure itself."""
    reach = max(0, at - NAME_CHARS)
    own = LAST_CLAUSE_BREAK.match(folded, reach, at)
    if own is None or folded[own.end() - 1] not in SUBJECT_BREAKS:
        return None
    start, end = _clause_before(folded, own.end() - 1)
    if change := CHANGE_TAIL.search(folded, start, end):
        end = change.start()
    start, end = _trimmed(folded, start, end)
    words = folded[start:end]
    return (start, end) if len(words) >= 2 and not FIRST_DIGIT.search(words) else None


def _trimmed(folded: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without spaces at either end, nor a 的, 和 or preposition left hanging where a
    number cut it short (7个方面的要求, 17个部门和8个镇, 17个委办局对182个事项)."""
    start, end = _stripped(folded, start, end)
    while end > start and folded[end - 1] in NOUN_TAIL:
        end -= 1
    return start, end


def _label_end(folded: str, at: int) -> int | None:
    """Where the colon or the bracket that ends a label right before ``at`` is (spaces between), if one
    does (行政诉讼案件:30件, 【行政诉讼】30件)."""
    while at and folded[at - 1] in SPACE:
        at -= 1
    return at - 1 if at and folded[at - 1] in LABEL_COLONS else None


def _label_line_before(folded: str, mention: Mention) -> tuple[int, int] | None:
    """The line before a figure alone on its line, when that line is a label: a few words, no figure, no
    sentence's end (a table of two columns copied from a PDF or a web page puts each cell on a line of
    its own). A figure on the next line makes it a row of more columns, whose header says what each is
    (行政处罚案件 / 765件 / 812件 under 上半年 下半年): not named so."""
    line_start = folded.rfind("\n", 0, mention.start) + 1
    line_end = folded.find("\n", mention.end)
    line_end = len(folded) if line_end < 0 else line_end
    if (
        line_start < 2
        or folded[line_start : mention.start].strip(SPACE)
        or HAN.search(folded, mention.end, line_end)
        or FIRST_DIGIT.match(folded[line_end + 1 : line_end + 1 + NAME_CHARS].lstrip())
    ):
        return None
    start, end = _stripped(folded, folded.rfind("\n", 0, line_start - 1) + 1, line_start - 1)
    end -= end > start and folded[end - 1] in ":："  # 行政复议收案:\n56件
    words = folded[start:end]
    if not 2 <= len(words) <= NAME_CHARS or FIRST_DIGIT.search(words) or words[-1] in CLAUSE_BREAK_CHARS:
        return None
    return _strip_fillers(folded, start, end)


def _next_cell(folded: str, previous: Mention, mention: Mention) -> bool:
    """Is ``mention`` the next cell of a table row after ``previous``?"""
    return previous.end <= mention.start and cell_gap(folded[previous.end : mention.start])


def _clause_before(folded: str, at: int) -> tuple[int, int]:
    """The words of the clause that ends at ``at`` (at most NAME_CHARS back), fillers cut off; a break
    inside a “quoted” name or a 《title》 is none (“双随机、一公开”抽查278次)."""
    reach = max(0, at - NAME_CHARS)
    clause = LAST_CLAUSE_BREAK.match(folded, reach, at)
    start = clause.end() if clause else _past_cut_filler(folded, reach)
    if start < at and folded[start - 1 : start] == "、":
        start = _joined_words_start(folded, reach, start)
    for opening, closing in QUOTE_PAIRS if QUOTE_CLOSE.search(folded, start, at) else ():
        close = folded.find(closing, start, at)
        if (
            close >= 0
            and folded.find(opening, start, close) < 0
            and (quote := folded.rfind(opening, reach, start)) >= 0
        ):
            clause = LAST_CLAUSE_BREAK.match(folded, reach, quote)
            start = clause.end() if clause else reach
    return _strip_fillers(folded, start, at)


def _joined_words_start(folded: str, reach: int, start: int) -> int:
    """Where a name whose clause starts after a 、 starts: at the clause the 、 and the ones before it
    join it to when no figure stands between (开展送法进社区、进企业活动480场: one name), found whole
    within ``reach`` and outside brackets; else at ``start`` (受理12件、审结10件: 审结)."""
    joined = start
    while folded[joined - 1 : joined] == "、":
        before = LAST_CLAUSE_BREAK.match(folded, reach, joined - 1)
        if before is None and reach > 0:
            return start  # (the whole name is out of reach: none of it)
        words_start = before.end() if before else 0
        words = folded[words_start : joined - 1]
        if FIRST_DIGIT.search(words) or words.count(")") > words.count("("):
            break  # a figure's clause, or one inside brackets (各县(市、区)政府、32个…)
        joined = words_start
    return joined


def _past_cut_filler(folded: str, reach: int) -> int:
    """Where a name cut by its reach starts: past a filler the cut split (全年主持召开…: not 年主持召开)."""
    for back in range(1, LEADING_FILLER_CHARS):
        if reach >= back and (lead := LEADING_FILLER.match(folded, reach - back)).end() > reach:
            return lead.end()
    return reach


def _joined(text: str, left: tuple[int, int], noun: tuple[int, int]) -> str:
    return text[left[0] : left[1]] + text[noun[0] : noun[1]]


def _strip_fillers(folded: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding whitespace and the words that name nothing (其中, 共计 …)."""
    start, end = _stripped(folded, start, end)
    start = min(past_marker(folded, start), end)  # (①新增市场主体: a list's marker is no word)
    if end - start > 2 and folded[start] in "【[" and folded[end - 1] in "】]":  # 【行政诉讼】30件
        start, end = start + 1, end - 1
    # (each filler is looked for only where a character it can start or end with stands: most names)
    if folded[start : start + 1] in LEADING_FILLER_STARTS:
        start = LEADING_FILLER.match(folded, start, end).end()
    if folded[end - 1 : end] in TRAILING_FILLER_ENDS and (
        trail := TRAILING_FILLER.search(folded, max(start, end - FILLER_CHARS), end)
    ):
        end = trail.start()
    return start, end


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the whitespace at either end."""
    start = _skip_space(text, start, end)
    return start, _trim_end(text, start, end)


def _end_of(stop: re.Pattern[str], folded: str, start: int, reach: int) -> int:
    """Where ``stop`` first matches within ``reach`` characters from ``start`` (the reach's end if not)."""
    limit = min(len(folded), start + reach)
    found = stop.search(folded, start, limit + STOP_WORD_CHARS - 1)
    return min(found.start(), limit) if found else limit


# --------------------------------------------------------------------------- items


def _items(doc: Document, spans: list[tuple[int, int]], *, plan: bool = False) -> list[Item]:
    items = []
    for start, end in spans:
        for item_start, item_end, title in split_items(doc, start, end, plan=plan):
            data = doc.grounded(item_start, _trim_end(doc.text, item_start, item_end))
            data.update(title=title, problems=[])
            items.append(validated(Item, data))
    return items


def _bodies(nodes: list[Node]) -> list[tuple[int, int]]:
    return [(node.heading_end, node.end) for node in nodes]


def shortcomings_of(doc: Document, outline: Outline) -> Shortcomings:
    parts = outline.find("shortcomings")
    if not parts:
        return Shortcomings(present=False, placement="absent", causes_given=False)
    body = "".join(doc.folded[start:end] for start, end in _bodies(parts))
    return Shortcomings(
        present=True,
        placement=outline.shortcomings_placement,
        causes_given=bool(CAUSE_WORDS.search(body)),
        items=_items(doc, [span for part in parts for span in _shortcoming_bodies(doc, part)]),
    )


def _shortcoming_bodies(doc: Document, part: Node) -> list[tuple[int, int]]:
    """Where the shortcomings themselves are listed: a part split into (一)存在的不足 and (二)原因分析
    lists them in the first subsection's points; the causes are not shortcomings."""
    causes = [child for child in part.children if child.heading and _is_cause_heading(doc, child)]
    if not causes:
        return _bodies([part])
    return _bodies([child for child in part.children if child not in causes])


def _is_cause_heading(doc: Document, node: Node) -> bool:
    heading = folded_heading(doc, node)
    return CAUSE_HEADING.search(heading) is not None and not SHORTCOMINGS_AND_CAUSES.search(heading)


def plans_of(doc: Document, outline: Outline, info: DocumentInfo) -> Plans:
    parts = outline.find("next_year_plan")
    if not parts:
        return Plans(present=False)
    return Plans(present=True, year=_plan_year(doc, parts), items=_items(doc, _bodies(parts), plan=True))


def _plan_year(doc: Document, parts: list[Node]) -> int | None:
    """The year the plan heading names, or the heading of its first subsection ((二)2025年工作安排: a plan
    split off a combined part at its subsection has no heading of its own), else the year its body opens
    with (2024年,我局将…)."""
    for part in parts:
        for node in (part, *part.children[:1]):
            if node.heading and (match := YEAR_IN_HEADING.search(doc.folded, node.start, node.heading_end)):
                return _year(match.group(1))
    return next(
        (year for part in parts if (year := plan_opening_year(doc, part.heading_end, part.end))), None
    )


def _year(numeral: str) -> int:
    """2025, or 二〇二五 read by the number engine (its digits, one by one)."""
    if numeral.isdigit():
        return int(numeral)
    found = scan_numeral(numeral, 0)
    return int(found.value) if found else 0


def first_responsible_of(doc: Document, outline: Outline) -> FirstResponsible:
    placement, spans = outline.first_responsible
    if placement == "absent":
        return FirstResponsible(present=False, placement="absent")
    if placement == "inline":
        items = [
            Item(**doc.grounded(start, _trim_end(doc.text, start, end)), problems=[]) for start, end in spans
        ]
    else:
        items = _items(doc, spans)
    return FirstResponsible(present=True, placement=placement, items=items)
