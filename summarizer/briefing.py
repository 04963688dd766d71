"""The one-minute briefing (领导简报): who, what was done, key figures, shortcomings, plans, completeness.

Every figure is quoted with its own clause from the source, so its qualifier (余/近/约…) and what it
counts travel with it; the pipeline then runs the verifier over the finished Markdown.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date
from typing import NamedTuple

from summarizer import regexes
from summarizer.document import Document
from summarizer.headings import past_marker
from summarizer.indicators import family_of, ranks
from summarizer.models import (
    Briefing,
    BriefingPoint,
    Compliance,
    Grounded,
    Metric,
    NumberCheck,
    Report,
    Section,
)
from summarizer.numbers.match import MARKDOWN_ESCAPES
from summarizer.numbers.rows import BARE_CELL, cell_at, column_head, head_unit, label_unit, row_label
from summarizer.verify import FAILING, MARK, STATUS_LINE, YEAR_FACT

LEVEL_LABEL = {
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇(街道)",
    "department": "政府部门",
    "central_department": "中央部门",
    "other": "其他",
}
MIN_HEADLINES, MAX_HEADLINES = 3, 5
MAX_FIGURES = 6
MAX_ITEMS = 5
CLAUSE_CHARS = 60
MIN_CLAUSE_CHARS = 10  # shorter than this, a clause rarely says what its number counts
# (a comma or colon between digits is a thousands separator or a time: 1,024件, 10:30). Written as one
# class of the edge characters and then what each needs (what "[。;!?\n]|(?<![0-9])[,:]|[,:](?![0-9])"
# matches): a pattern that starts with a class lets the regex engine skip to the next candidate character
# in C, where the alternation was tried at every character of a clause.
CLAUSE_EDGE = regexes.compile(r"[。;!?\n,:](?:(?<=[。;!?\n])|(?<![0-9][,:])|(?![0-9]))")
LAST_CLAUSE_EDGE = regexes.compile(rf"(?s).*{CLAUSE_EDGE.pattern}")  # greedy: the last edge in a span
HAN = regexes.compile(r"[\u4e00-\u9fff]")
MIN_WORDS = 2  # Han characters besides its figure a quote needs to say what the figure counts
MIN_NAME_WORDS = 4  # … and a metric's name needs, to be quoted without the clause it was taken from
# Points are built with ``problems=[]`` given: pydantic would deep-copy the mutable default in Python.


def build_briefing(report: Report, doc: Document, headline: list[BriefingPoint] | None = None) -> Briefing:
    """Briefing points and Markdown for a report whose extraction and compliance are done."""
    model_wrote = bool(headline) or report.provenance.backend != "llm"
    headline = headline or headline_points(report, doc)
    # LLM reports: the figures the model chose come first, the rules' kept ones fill the remaining slots
    quoted = [(p.start, p.end) for p in headline if p.start is not None and p.end is not None]
    figures = figure_points(sorted(report.metrics, key=lambda m: m.origin == "rules"), doc, quoted)
    shortcomings = [_item_point("shortcoming", item, doc) for item in report.shortcomings.items[:MAX_ITEMS]]
    plans = [_item_point("plan", item, doc) for item in report.plans.items[:MAX_ITEMS]]
    completeness = BriefingPoint(kind="completeness", text=completeness_line(report.compliance), problems=[])
    points = [p for p in [*headline, *figures, *shortcomings, *plans, completeness] if _has_content(p.text)]
    marked = set() if model_wrote else {"headline"}
    return Briefing(markdown=render_markdown(report, points, rules_filled=marked), points=points)


def _has_content(text: str) -> bool:
    """A point with words in it: never an empty bullet, nor bare markup."""
    return any(c.isalnum() for c in text)


# LLM reports: a part the model left empty is filled from the rules, and the briefing says so.
RULES_MARK = "（模型未提取，据规则补全）"


def _rules_filled(report: Report, kind: str, marked: set[str]) -> bool:
    if kind in marked:
        return True
    items = {"shortcoming": report.shortcomings.items, "plan": report.plans.items}.get(kind, [])
    return bool(items) and all(item.origin == "rules" for item in items)


# --------------------------------------------------------------------------- choosing points


def headline_points(report: Report, doc: Document) -> list[BriefingPoint]:
    """3–5 achievements: the subsections with the most figures of the report year, in report order,
    each with its first such figure."""
    subsections = [
        child for part in report.sections if part.kind == "achievements" for child in part.children
    ]
    if not subsections:
        subsections = [part for part in report.sections if part.kind == "achievements"]
    if len(subsections) < MIN_HEADLINES:  # one theme, its measures one level down (一、… 一是…二是…)
        deeper = [child for section in subsections for child in section.children or [section]]
        subsections = deeper if len(deeper) > len(subsections) else subsections
    metrics = sorted((m for m in report.metrics if m.period != "other_year"), key=lambda m: m.start)
    starts = [m.start for m in metrics]

    def within(section: Section) -> tuple[int, int]:
        return bisect_left(starts, section.start), bisect_left(starts, section.end)

    spans = [within(s) for s in subsections]
    busiest = sorted(range(len(subsections)), key=lambda i: spans[i][0] - spans[i][1])[:MAX_HEADLINES]
    points = []
    for i in sorted(busiest):
        section, (lo, hi) = subsections[i], spans[i]
        quotes = ((_figure_quote(doc, metric), metric) for metric in metrics[lo:hi])
        detail = next((quote for quote, metric in quotes if _says_what(quote, metric)), None)
        if detail and section.marker and detail.text.startswith(section.marker):
            # a body fused with its heading (text that lost its line breaks): the quote starts after the marker
            cut = len(section.marker)
            detail = _Quote(detail.text[cut:], detail.start + cut, detail.end)
        title = (section.heading or "").rstrip("。")
        if detail and detail.text in title:
            title = ""  # a heading that holds the quoted clause is body text run on into it
        if detail is None and not title:
            continue
        # (no title: a subsection whose heading could not be told from its body shows its figure alone)
        text = f"**{title}**" if detail is None else f"**{title}**: {detail.text}" if title else detail.text
        span = detail or section
        points.append(BriefingPoint(kind="headline", text=text, start=span.start, end=span.end, problems=[]))
    return points


def figure_points(
    metrics: list[Metric], doc: Document, quoted: list[tuple[int, int]] | None = None
) -> list[BriefingPoint]:
    """Key figures: comparable indicators first (one each), then rates, then other counts; never a figure
    of another year (the one the report compares with), nor a clause another point already quotes
    (``quoted``: spans of the headline points)."""
    metrics = [m for m in metrics if m.period != "other_year"]
    seen_indicators: set[str] = set()
    first_of_indicator = []
    for metric in metrics:
        if metric.indicator and metric.indicator not in seen_indicators:
            seen_indicators.add(metric.indicator)
            first_of_indicator.append(metric)
    rates = [m for m in metrics if m.kind in ("percent", "pct_change", "pct_from_to")]
    ranked = list({id(m): m for m in [*_most_compared_first(first_of_indicator), *rates, *metrics]}.values())
    points: list[BriefingPoint] = []
    taken = list(quoted or [])
    for metric in ranked:
        clause = _figure_quote(doc, metric)
        if not _says_what(clause, metric):
            continue
        if _overlaps(clause, taken):
            # another point quotes its clause (办理行政复议案件72件,纠错率9.7%): a figure that point leaves
            # out is stated as its metric names it; a figure it quotes is on the briefing already
            clause = _named_quote(metric)
            if _overlaps(clause, taken) or len(HAN.findall(metric.name)) < MIN_NAME_WORDS:
                continue  # (a name as short as 办复率 or 废止 does not say what it counts without its clause)
        taken.append((clause.start, clause.end))
        points.append(
            BriefingPoint(kind="figure", text=clause.text, start=clause.start, end=clause.end, problems=[])
        )
        if len(points) == MAX_FIGURES:
            break
    return sorted(points, key=lambda p: p.start or 0)


def _most_compared_first(metrics: list[Metric]) -> list[Metric]:
    """Figures of indicators in the indicator table's order (what evaluators compare most first): the
    first of each 纲要 area, then the first of each family of indicators (行政复议 收案, 受理, 审结…), then
    the others. The key figures cover the report's areas and topics, not its first sections."""
    rank = ranks()
    ordered = sorted(metrics, key=lambda metric: rank.get(metric.indicator or "", len(rank)))
    areas: set[str | None] = set()
    families: set[str] = set()
    by_area, by_family, others = [], [], []
    for metric in ordered:
        family = family_of(metric.indicator or "")
        if metric.area not in areas:
            by_area.append(metric)
        elif family not in families:
            by_family.append(metric)
        else:
            others.append(metric)
        areas.add(metric.area)
        families.add(family)
    return by_area + by_family + others


class _Quote(NamedTuple):
    """A span of the cleaned text as quoted in a point (offsets into the text as read); the point
    built from it is the validated model."""

    text: str
    start: int
    end: int


def _says_what(quote: _Quote, metric: Metric) -> bool:
    """Does a quote have words besides its figure? A figure alone (765件, a cell on a line of its own)
    tells a reader nothing, and no check can tie it to its source fact."""
    return len(HAN.findall(quote.text.replace(metric.text, "", 1))) >= MIN_WORDS


def _figure_quote(doc: Document, metric: Metric) -> _Quote:
    """How a point quotes a figure: its clause (or its name and figure, when the clause lacks the name),
    or for a cell of a table row (行政诉讼案件(件) 28 30) its name (the row's label) and that cell only,
    since the other cells are other years or other columns."""
    start, end = doc.to_clean(metric.start, metric.end)
    found = cell_at(doc.text, start)
    if found is None:
        quote = _clause(doc, metric)
        if set(HAN.findall(metric.name)) <= set(quote.text):
            return quote
        # a step of a list named by the list's object (…收到行政复议申请2,645件,同比增长37.2%;受理2,318件):
        # its clause does not say what it counts, so the point states the figure as its metric names it
        return _named_quote(metric)
    figures, column = found
    cell = doc.text[slice(*figures[column])]
    # a bare cell's unit is its row's, as the label writes it (行政诉讼案件(件) 28 30, 金额(万元) 312.4), or
    # its column's (类别 收到(件) 受理(件))
    unit = ""
    if BARE_CELL.fullmatch(cell):
        label = label_unit(row_label(doc.text, start))
        unit = label[0] if label else head_unit(column_head(doc.text, start)) or ""
    return _Quote(f"{metric.name} {cell}{unit}", metric.start, metric.end)


def _named_quote(metric: Metric) -> _Quote:
    """A figure as its metric names it (受理行政复议申请2,318件), grounded in the figure's own span; words
    the name ends in and the figure starts with are said once (…案件同比增长 + 增长12.3%)."""
    name, text = metric.name, metric.text
    said = next((k for k in range(min(len(name), len(text)), 0, -1) if name.endswith(text[:k])), 0)
    return _Quote(name[: len(name) - said] + text, metric.start, metric.end)


def _overlaps(quote: _Quote, spans: list[tuple[int, int]]) -> bool:
    return any(start < quote.end and quote.start < end for start, end in spans)


def _clause(doc: Document, fact: Grounded) -> _Quote:
    """The clause of the cleaned text that holds a fact, cut to about ``CLAUSE_CHARS``; a clause too
    short to say what is counted (受理121件) takes the clause before it along."""
    start, end = doc.to_clean(fact.start, fact.end)
    clause_start = _clause_start(doc.text, start)
    after = CLAUSE_EDGE.search(doc.text, end, min(len(doc.text), end + CLAUSE_CHARS))
    clause_end = after.start() if after else min(len(doc.text), end + CLAUSE_CHARS)
    if (
        clause_end - clause_start < MIN_CLAUSE_CHARS
        and clause_start > 0
        and doc.text[clause_start - 1] == ","
    ):
        clause_start = _clause_start(doc.text, clause_start - 1)
    while clause_start < start and doc.text[clause_start].isspace():
        clause_start += 1
    clause_start = min(past_marker(doc.folded, clause_start), start)  # (③新增市场主体5213户: no ③)
    return _Quote(**doc.grounded(clause_start, clause_end))


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause ending at ``pos``: after the last edge within ``CLAUSE_CHARS``, else after
    the last 、 there (a long enumeration), else ``CLAUSE_CHARS`` back."""
    left = max(0, pos - CLAUSE_CHARS)
    if edge := LAST_CLAUSE_EDGE.match(text, left, pos):
        return edge.end()
    enumeration = text.rfind("、", left, pos)
    return enumeration + 1 if enumeration >= 0 else left


def _item_point(kind: str, item: Grounded, doc: Document) -> BriefingPoint:
    title = getattr(item, "title", None)
    text = (title or _shorten(item.text)).rstrip("。;,")
    return BriefingPoint(kind=kind, text=text, start=item.start, end=item.end, problems=[])


def _shorten(text: str, limit: int = 80) -> str:
    text = text.strip()
    text = text[past_marker(text, 0) :].lstrip()  # (一)干部法治意识有待提升, 一是…: the marker says nothing
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "。;,")
    return text[: cut if cut > limit // 3 else limit] + "…"


# --------------------------------------------------------------------------- rendering


def completeness_line(compliance: Compliance) -> str:
    def mark(ok: bool | None) -> str:
        return "✓" if ok else "✗"

    parts = [
        f"成效 {mark(compliance.achievements)}",
        f"不足 {mark(compliance.shortcomings)}",
        f"原因 {mark(compliance.causes_given)}",
        f"第一责任人 {mark(compliance.first_responsible_person)}",
        f"下一年度安排 {mark(compliance.next_year_plan)}",
    ]
    line = " · ".join(parts)
    timing = [
        _timing(label, deadline.on_time)
        for label, deadline in (("报告", compliance.reporting), ("公开", compliance.publication))
        if deadline is not None and deadline.on_time is not None
    ]
    if timing:
        line += " · " + "、".join(timing)
    if compliance.plan_year_ok is False:
        line += " · 安排年份与报告年度不衔接"
    return line


def _timing(label: str, on_time: bool) -> str:
    return f"按时{label}" if on_time else f"逾期{label}"


def _cn_date(value: date | None) -> str | None:
    return f"{value.year}年{value.month}月{value.day}日" if value else None


def render_markdown(
    report: Report, points: list[BriefingPoint], rules_filled: frozenset[str] | set[str] = frozenset()
) -> str:
    info = report.document
    year = f"{info.report_year}年度" if info.report_year else ""
    who = _escape(info.issuer or "(未识别单位)")
    lines = [f"## {who}{year}法治政府建设情况 · 简报", ""]
    facts = [f"单位: {who}({LEVEL_LABEL[info.level]})"]
    if info.report_year:
        facts.append(f"{YEAR_FACT}{info.report_year}年")
    facts += [
        f"{label}: {value}"
        for label, value in (("签发", _cn_date(info.signed_date)), ("发布", _cn_date(info.published_date)))
        if value
    ]
    lines += [" · ".join(facts), ""]
    sections = (
        ("主要举措和成效", "headline"),
        ("关键数据", "figure"),
        ("存在的不足", "shortcoming"),
        ("下一年度安排", "plan"),
    )
    for title, kind in sections:
        chosen = [p for p in points if p.kind == kind]
        if chosen:
            mark = RULES_MARK if _rules_filled(report, kind, rules_filled) else ""
            lines += [f"### {title}{mark}", *[f"- {_escape(p.text)}" for p in chosen], ""]
    lines += ["### 完整性", *[f"- {p.text}" for p in points if p.kind == "completeness"]]
    if report.compliance.missing:
        lines.append("- 缺项: " + "; ".join(report.compliance.missing))
    return "\n".join(lines) + "\n"


# A line break inside a point would end its list item: what followed would display as Markdown of its
# own (a model's title ending "\n\n### 存在的不足\n- 无" made a section of the briefing).
LINE_BREAK = regexes.compile(r"\s*[\n\r\v\f\x85\u2028\u2029]+\s*")


def _escape(text: str) -> str:
    """Source text is data: markup in it (a scraped <script>, <img onerror=…>) must not become HTML
    where the Markdown is displayed, nor a link or an image ([12件](//…), ![](//…/t.png)): a bracket is
    written as a Markdown escape, which shows as the bracket itself. It stays on its line."""
    text = LINE_BREAK.sub(" ", text)
    for char, escaped in MARKDOWN_ESCAPES.items():  # (& first: the others' escapes hold one)
        if char in text:
            text = text.replace(char, escaped)
    return text


# --------------------------------------------------------------------------- verification marks

VERDICT_NOTE = {
    "unanchored": "原文中的{src}说的是别的事项",
    "possible_misattribution": "原文中这件事的数字是{src}",
    "value_mismatch": "原文此处为{src}",
    "qualifier_mismatch": "限定词(余/近/约/以上)与原文{src}不符",
    "unit_mismatch": "单位与原文{src}不符",
    "direction_mismatch": "增减方向与原文{src}相反",
    "kind_mismatch": "原文{src}不是同一类数字",
    "rounded": "原文为{src}",
    "not_found": "原文中没有这个数字",
}
LITERAL_NOTE = {
    "title": "原文中没有这个标题",
    "quote": "原文中没有这段引文",
    "assertion": "数字是否核实只由规则核对给出",
}


def marked_markdown(report: Report) -> str:
    """The briefing as delivered: a status line under its title, and after every line that holds an
    unverified number a ⚠ 未核实 note naming the number and why (what the source says instead)."""
    markdown = report.briefing.markdown
    notes: dict[int, list[str]] = {}
    for check in report.verification.results:
        if check.field == "briefing.markdown" and check.status in FAILING:  # few: most reports have none
            notes.setdefault(markdown.count("\n", 0, check.start), []).append(_note(check))
    lines = markdown.split("\n")
    for point in report.briefing.points:  # a model's point unverified for another reason than a number
        if not point.verified and point.problems and (line := _line_of(lines, point.text)) is not None:
            notes.setdefault(line, []).append(_escape(point.problems[0]))
    for line, found in notes.items():
        lines[line] += f" {MARK}：" + "；".join(found)
    at = 1 if lines and lines[0].startswith("#") else 0
    lines[at:at] = ["", status_line(report, sum(map(len, notes.values())))]
    return "\n".join(lines)


def _line_of(lines: list[str], text: str) -> int | None:
    """The index of the first Markdown line that shows ``text`` (as the briefing escapes it)."""
    shown = _escape(text)
    return next((i for i, line in enumerate(lines) if shown and shown in line), None)


def status_line(report: Report, marked: int) -> str:
    summary = report.verification.summary
    counted = summary.checked - summary.ignored
    # a model's items kept unverified or dropped (provenance degraded): the numbers' line does not cover them
    model = (
        "；模型输出中另有未核实或未采用的内容(见JSON provenance)"
        if report.provenance.backend == "llm" and report.provenance.status != "ok"
        else ""
    )
    if report.verification.status == "verified":
        return f"{STATUS_LINE}：✓ 本报告输出的{counted}个数字均已与原文逐一核对{model}"
    failing = summary.unsupported + summary.mismatch
    where = f"，简报中{marked}处已用“⚠ 未核实”标出" if marked else "，均在简报以外的字段(见JSON verification)"
    return f"{STATUS_LINE}：⚠ 未通过——{counted}个数字中{failing}个未能核实{where}{model}"


def _note(check: NumberCheck) -> str:
    if check.kind in LITERAL_NOTE:
        return f"“{_escape(check.text)}”{LITERAL_NOTE[check.kind]}"
    src = f"“{_escape(check.source[0].text)}”" if check.source else ""
    why = VERDICT_NOTE.get(check.verdict, check.verdict).format(src=src)
    return f"“{_escape(check.text)}”{why}"
