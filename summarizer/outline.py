"""The report's outline: its top-level parts, their subsections and sub-points, and what each part is.

Headings are found on ``doc.folded`` (Simplified script) and sliced from ``doc.text`` (source script).
Numbering is read by style (一、 / (一) / 1. / (1) / 一是) and ordinal, not by indentation, because scraped
copies lose line breaks, fuse headings to their first sentence, reuse 一、 at two levels and let 1., 2.
run on across subsections. The first style seen under a part is its level 2, whatever that style is.

Top-level parts are classified with the heading variants in ``data/headings.json``;
achievement subsections get a 纲要 area from the keyword tables there.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from summarizer import regexes
from summarizer.document import Document
from summarizer.headings import heading_line_end, is_heading_marker, styles
from summarizer.metadata import ATTACHMENT_HEAD, Layout, layout_of, lost_line_breaks
from summarizer.reader import SENTENCE_STOPS

if TYPE_CHECKING:  # (the models load with the report's sections: `summarizer verify` needs none)
    from summarizer.models import Area, Section, SectionKind

MAX_HEADING = 60  # a heading run longer than this is body text, not a heading
MAX_POINT_TITLE = 40  # 一是 sub-points: a longer first sentence is not a title
BODY_AREA_CHARS = 100  # how much body text may decide the area of a subsection with a generic heading
FUSED_REACH = 60  # how far after a heading marker a fused 一是 may start
POINT_PREV_OK = SENTENCE_STOPS + ",、"  # what a sub-point marker (一是, ①) may follow mid-line
SPACE = " \t\u3000\xa0"
# what a heading line may be framed with (【一、…】, ■一、…, **一、…**, ## 一、…): no words of it
FRAME_OPEN = "【〖〔[■□◆◇●○★☆▲△▶►◎※#*"
FRAME_CLOSE = "】〗〕]*"
HEADING_STOPS = regexes.compile(r"[。!?:]")
POINT_TITLE_STOPS = regexes.compile(r"[。!?;:]")
SENTENCE_END = regexes.compile(r"[。!?\n]")
CLAUSE_STOPS = regexes.compile(r"[,;:]")  # within a heading
CLAUSE_STOPS_KEPT = regexes.compile(r"([,;:])")  # …and kept among the clauses
AREA_CLAUSE_STOPS = regexes.compile(r"[,;:。]")
POINT_RANK = 3  # styles of this rank and deeper (1. (1) ① 一是) mark points, not parts or subsections
PART_STYLES = ("part", "cn")  # 第一部分 / 一、: a report numbered so has its parts in that numbering
PARAGRAPH_OPENING = 40  # how much of a paragraph's opening says which part it starts
PARAGRAPH_TITLE_END = regexes.compile(r"[。:;,]")  # where a point's title ends in its paragraph's opening
PARAGRAPH_ORDER = ("shortcomings", "next_year_plan")  # headless parts come in this order
PLAN_AFTER_PARAGRAPHS = 2  # a plan paragraph follows the opening one and at least one of results
PLAN_YEAR_REACH = 40  # how far into a plan part its opening sentence may name the year
MAX_PLAIN_HEADING = 30  # an unnumbered heading line is at most this long
PLAIN_NOT_HEADING = regexes.compile(r"报告|^关于|如下")  # title and lead-in lines name report parts too
LIST_LEAD_IN = 60  # a run-on list's opener ends within this many characters of its sentence
RUN_ON_CLAUSE = regexes.compile(r"[。!?:,;]")
FUSED_FIGURE = regexes.compile(r"[0-9]+(?![0-9]*年)")  # a figure in digits, not a year (2024年工作)
MIN_FUSED_HEADING = 4  # characters a heading cut before its fused body keeps at least
RUN_ON_SUFFIX = regexes.compile(r"[^\d,。;:]{0,8}?(?:情况|事项)")


# --------------------------------------------------------------------------- public types


@dataclass(slots=True)
class Node:
    level: int  # 1 = top-level part, 2 = subsection, 3 = sub-point (一是 / 1.)
    marker: str | None  # as written: '一、' '(一)' '1.' '1、' '一是' (None for preamble/closing/synthetic)
    heading: str | None  # heading text without marker, in source script (None when there is none)
    start: int  # clean offset where the node starts (its marker)
    heading_end: int  # where its heading ends and its body starts
    end: int  # exclusive
    kind: SectionKind | None = None  # set on top-level parts
    area: Area | None = None  # set on achievement subsections (level 2)
    children: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Outline:
    parts: list[Node]  # top-level, in document order: preamble, the report's parts, closing
    first_responsible: tuple[str, list[tuple[int, int]]]  # placement and clean spans of the content
    shortcomings_placement: str  # 'standalone' | 'combined_with_plan' | 'inline_in_results' | 'absent'

    def find(self, kind: str) -> list[Node]:
        """Top-level parts of that kind, synthetic ones included, in document order."""
        return [part for part in self.parts if part.kind == kind]


def plan_spans(outline: Outline) -> list[tuple[int, int]]:
    """Clean spans of the parts that set out the next year's plan."""
    return [(part.start, part.end) for part in outline.find("next_year_plan")]


@dataclass(slots=True)
class _Marker:
    start: int
    end: int
    style: str  # cn | pcn | arabic | parab | shi
    ordinal: int


@dataclass(slots=True)
class _Open:
    style: str
    ordinal: int
    node: Node


# --------------------------------------------------------------------------- data tables


@dataclass(frozen=True, slots=True)
class _Tables:
    sections: dict[str, list[re.Pattern[str]]]
    plan_split: re.Pattern[str]
    inline_shortcomings: list[re.Pattern[str]]
    list_openers: list[re.Pattern[str]]
    outro: list[re.Pattern[str]]
    frp_headings: list[re.Pattern[str]]
    task_openers: list[re.Pattern[str]]
    problems_worked_on: re.Pattern[str]
    paragraph_shortcomings: list[re.Pattern[str]]
    paragraph_plans: list[re.Pattern[str]]
    lead_in: re.Pattern[str]
    frp_keyword: re.Pattern[str]
    frp_verbs: tuple[str, ...]
    # (area, keyword, score weight) of every area keyword, grouped by the keyword's first character
    areas_by_first: dict[str, tuple[tuple[str, str, int], ...]]


def _compile_all(patterns: list[str]) -> list[re.Pattern[str]]:
    return [regexes.compile(p) for p in patterns]


@cache
def tables() -> _Tables:
    """The heading and area tables of ``data/headings.json``, compiled once."""
    raw = json.loads(resources.files("summarizer.data").joinpath("headings.json").read_text("utf-8"))
    sections = {
        kind: _compile_all(p) for kind, p in raw["section_patterns"].items() if not kind.startswith("_")
    }
    weights = {k: v for k, v in raw["area_weights"].items() if not k.startswith("_")}
    areas = [
        (area, keyword, len(keyword) * weights[taxonomy])
        for area, by_taxonomy in raw["areas"].items()
        if not area.startswith("_")
        for taxonomy, keywords in by_taxonomy.items()
        for keyword in keywords
    ]
    frp = raw["first_responsible"]
    return _Tables(
        sections=sections,
        plan_split=regexes.compile("|".join(f"(?:{p})" for p in raw["plan_split"]["patterns"])),
        inline_shortcomings=_compile_all(raw["inline_shortcomings"]["patterns"]),
        list_openers=_compile_all(raw["list_openers"]["patterns"]),
        outro=_compile_all(raw["outro_openers"]["patterns"]),
        frp_headings=sections["first_responsible_person"],
        task_openers=_compile_all(raw["task_openers"]["patterns"]),
        problems_worked_on=regexes.compile(raw["task_openers"]["problems_worked_on"]["pattern"]),
        paragraph_shortcomings=_compile_all(raw["paragraph_openers"]["shortcomings"]),
        paragraph_plans=_compile_all(raw["paragraph_openers"]["next_year_plan"]),
        lead_in=regexes.compile(raw["paragraph_openers"]["lead_in"]),
        frp_keyword=regexes.compile(frp["keyword"]),
        frp_verbs=tuple(frp["verbs"]),
        areas_by_first=_by_first_char(areas),
    )


def _by_first_char(areas: list[tuple[str, str, int]]) -> dict[str, tuple[tuple[str, str, int], ...]]:
    """Area keywords grouped by first character, in table order: a clause is compared only with the
    keywords that can start at one of its characters (two keywords found at one place share that
    character, so ties still go to the first in the table)."""
    grouped: dict[str, list[tuple[str, str, int]]] = {}
    for entry in areas:
        grouped.setdefault(entry[1][0], []).append(entry)
    return {char: tuple(entries) for char, entries in grouped.items()}


# --------------------------------------------------------------------------- classification


# A report's outline asks about one heading several times (its parts, their kinds, the run-on cut),
# and most reports name their parts alike (主要工作成效, 存在的不足, 下一步工作打算)
@lru_cache(maxsize=1024)
def classify_heading(heading: str) -> str | None:
    """SectionKind of a top-level heading (Simplified), 'combined' for 问题及下一步打算, None if thematic.
    Read without the frame around it (【差距和不足】, **差距和不足**): the variants anchored at the
    heading's end or start ($ / ^) name its words, not the bracket."""
    heading = heading.strip(SPACE + FRAME_OPEN + FRAME_CLOSE)
    sections = tables().sections
    if _any(sections["first_responsible_person"], heading):
        return "first_responsible_person"
    if _any(sections["other_matters"], heading):
        return "other_matters"
    task = _names_a_task(heading)
    shortcomings = _any(sections["shortcomings"], _without_problems_worked_on(heading), ends_ok=not task)
    plan = _any(sections["next_year_plan"], heading, ends_ok=not task)
    if shortcomings and plan:
        return "combined"
    if shortcomings:
        return "shortcomings"
    if plan:
        return "next_year_plan"
    if _any(sections["achievements"], heading):
        return "achievements"
    return None


def classify_area(text: str) -> Area | None:
    """纲要 area of a subsection heading (Simplified): the first clause naming one decides."""
    by_first = tables().areas_by_first
    for clause in AREA_CLAUSE_STOPS.split(text):
        best: tuple[int, int, str] | None = None
        candidates = (entry for char in set(clause) for entry in by_first.get(char, ()))
        for area, keyword, score in candidates:
            pos = clause.find(keyword)
            if pos >= 0 and (best is None or (-score, pos) < (-best[0], best[1])):
                best = (score, pos, area)
        if best:
            return best[2]  # type: ignore[return-value]
    return None


def _any(patterns: list[re.Pattern[str]], text: str, *, ends_ok: bool = True) -> bool:
    """Whether one of ``patterns`` is found; ``ends_ok`` False skips those anchored at the end ($)."""
    return any(p.search(text) for p in patterns if ends_ok or not p.pattern.endswith("$"))


def _without_problems_worked_on(heading: str) -> str:
    """The heading without its clauses that work on problems (聚焦存在问题,抓实整改落实 names a task)."""
    clauses = CLAUSE_STOPS_KEPT.split(heading)
    worked_on = tables().problems_worked_on
    if not any(worked_on.match(clause.strip(SPACE)) for clause in clauses[::2]):
        return heading
    return ",".join(clause for clause in clauses[::2] if not worked_on.match(clause.strip(SPACE)))


def _names_a_task(heading: str) -> bool:
    """A heading whose last clause opens with a verb (补齐基层法治短板, 实施普法规划): a task done."""
    last = CLAUSE_STOPS.split(heading)[-1].strip(SPACE)
    return _any(tables().task_openers, last)


# --------------------------------------------------------------------------- markers


def _prev_char(text: str, pos: int, floor: int = 0) -> str:
    """The nearest non-blank character before ``pos`` on the same line ('\\n' at a line start); a
    heading's frame is blank here."""
    i = pos - 1
    while i >= floor and (text[i] in SPACE or text[i] in FRAME_OPEN):
        i -= 1
    return text[i] if i >= floor else "\n"


def scan_markers(folded: str, start: int, end: int, *, sparse_lines: bool = False) -> list[_Marker]:
    """Numbering markers in ``folded[start:end]`` that sit where a heading or list item can start."""
    found: list[_Marker] = []
    last_structural: _Marker | None = None
    table = styles()
    for match in table.marker.finditer(folded, start, end):
        style, ordinal = table.ordinal(match)
        if ordinal <= 0:
            continue
        marker = _Marker(match.start(), match.end(), style, ordinal)
        at_span_start = marker.start == start and style != "cn"  # a body starts where its heading ended
        if not at_span_start and not _placed_ok(folded, marker, last_structural, sparse_lines):
            continue
        found.append(marker)
        if style in table.structural:
            last_structural = marker
    return found


def _placed_ok(folded: str, marker: _Marker, last_structural: _Marker | None, sparse_lines: bool) -> bool:
    prev = _prev_char(folded, marker.start)
    if prev == "\n":
        return True
    if marker.style == "cn" and not sparse_lines:
        return False  # 一、 mid-line is an enumeration (一、二级), unless the copy lost its line breaks
    if prev in (SENTENCE_STOPS if marker.style in styles().structural else POINT_PREV_OK):
        return True
    if marker.ordinal != 1:
        return False
    # (a copy that lost its line breaks, as above: 一、 run on from the title)
    return (
        marker.style == "cn" and _opens_first_part(folded, marker) or _fused(folded, marker, last_structural)
    )


def _opens_first_part(folded: str, marker: _Marker) -> bool:
    """A 一、 run on from the title (…情况的报告一、主要举措和成效): it opens the first part when the words
    after it name a part of the report, as no 一、 inside a word (统一、规范) does."""
    window = RUN_ON_CLAUSE.split(folded[marker.end : marker.end + MAX_HEADING], maxsplit=1)[0]
    return classify_heading(window) is not None


def _fused(folded: str, marker: _Marker, heading: _Marker | None) -> bool:
    """A first point run into an outer heading: (一)加强党的领导一是深入学习… / 一、工作情况(一)…"""
    rank = styles().rank
    if heading is None or rank[heading.style] >= rank[marker.style]:
        return False
    if marker.start - heading.end > FUSED_REACH:
        return False
    between = folded[heading.end : marker.start]
    return "\n" not in between and not any(c in between for c in SENTENCE_STOPS)


# --------------------------------------------------------------------------- building the tree


def build_tree(doc: Document, markers: list[_Marker], start: int, end: int, base_level: int) -> list[Node]:
    """Nest the markers in ``[start, end)`` by style and ordinal; returns the first-level nodes."""
    roots: list[Node] = []
    stack: list[_Open] = []
    style_depth: dict[str, int] = {}
    for marker in markers:
        if not start <= marker.start < end:
            continue
        depth = _depth_for(stack, style_depth, marker)
        if depth is None:
            continue
        while len(stack) >= depth:
            closed = stack.pop().node
            closed.end = _trim(doc.text, closed.start, marker.start)
        node = Node(
            base_level + depth, doc.text[marker.start : marker.end], None, marker.start, marker.end, end
        )
        (stack[-1].node.children if stack else roots).append(node)
        stack.append(_Open(marker.style, marker.ordinal, node))
        style_depth.setdefault(marker.style, depth)
    return roots


def _depth_for(stack: list[_Open], style_depth: dict[str, int], marker: _Marker) -> int | None:
    """1-based depth for a new marker given the open ones, or None to read it as body text."""
    same = [i for i, entry in enumerate(stack) if entry.style == marker.style]
    if same:
        following = [i for i in same if stack[i].ordinal + 1 == marker.ordinal]
        if following:
            return following[-1] + 1
        if marker.ordinal == 1 and marker.style == "cn":
            return same[0] + 2  # 一、 reused one level down
        return same[-1] + 1  # a new run (1 again) or a gap in the numbering: a sibling
    if marker.ordinal != 1 and marker.style in style_depth:
        return min(style_depth[marker.style], len(stack) + 1)  # numbering running on across sections
    if marker.ordinal != 1 and marker.style not in styles().structural:
        return None  # 二是 with no 一是 before it
    depth = len(stack)
    rank = styles().rank
    while depth and rank[stack[depth - 1].style] > rank[marker.style]:
        depth -= 1
    return depth + 1


def _walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def set_headings(doc: Document, nodes: list[Node]) -> None:
    """Fill ``heading``/``heading_end`` of every node (nodes in document order, any depth)."""
    starts = [node.start for node in nodes]
    for i, node in enumerate(nodes):
        following = starts[i + 1] if i + 1 < len(starts) else node.end
        _set_heading(doc, node, min(following, node.end))


def _set_heading(doc: Document, node: Node, limit: int, *, bare_ok: bool = False) -> None:
    """Heading runs from the marker to the line end, the first 。/:, or the next marker (fused).

    ``bare_ok``: a heading with no body after it is still a heading (a top-level part); otherwise
    such a node is a one-sentence item without a title of its own.
    """
    body = node.heading_end  # marker end
    limit = heading_line_end(doc.folded, body, limit, _names_a_part)
    is_point = node.marker is not None and node.marker.endswith("是")
    stop = (POINT_TITLE_STOPS if is_point else HEADING_STOPS).search(doc.folded, body, limit)
    text_end, heading_end = (stop.start(), stop.end()) if stop else (limit, limit)
    if (
        stop is not None
        and _line_goes_on(doc.folded, heading_end)  # past the stop: a copy that lost its line breaks
        and not _is_point_line(node.marker or "")  # (a point is one sentence: 1、持续加强…,全年学法4次…。)
        and (cut := _fused_body_start(doc.folded, body, text_end)) is not None
    ):
        text_end = heading_end = cut
    # (【主要举措和成效】: no bracket either)
    heading = doc.text[body:text_end].strip(SPACE + FRAME_OPEN + FRAME_CLOSE + ",;:、").replace("\n", "")
    rest = heading_end  # the body after the heading: is there any? (read in place, not copied)
    while rest < node.end and doc.text[rest].isspace():
        rest += 1
    if rest >= node.end and not bare_ok:
        heading = ""
    if is_point and (stop is None or len(heading) > MAX_POINT_TITLE):
        heading = ""
    if not heading or len(heading) > MAX_HEADING:
        node.heading, node.heading_end = None, body
    else:
        node.heading, node.heading_end = heading, heading_end


def _line_goes_on(folded: str, pos: int) -> bool:
    """Does text follow ``pos`` on its line?"""
    while pos < len(folded) and folded[pos] in SPACE:
        pos += 1
    return pos < len(folded) and folded[pos] != "\n"


def _fused_body_start(folded: str, start: int, end: int) -> int | None:
    """Where the body starts in a heading run on into it up to a stop, in text that lost its line breaks
    (坚持高位推动,压实法治建设责任市政府常务会议专题学法12次,…。): a heading states no figure, so it ends at
    the last clause break before the first one; None when it states none, or no break comes before it."""
    figure = FUSED_FIGURE.search(folded, start, end)
    if figure is None:
        return None
    cut = folded.rfind(",", start, figure.start())
    return cut if cut - start >= MIN_FUSED_HEADING else None


# --------------------------------------------------------------------------- top-level parts


def _top_markers(doc: Document, markers: list[_Marker], *, sparse_lines: bool) -> list[_Marker]:
    """The markers that open top-level parts: the outer 一、 chain, telling it from a nested reuse."""
    style = _top_style(doc, markers)
    if (
        not sparse_lines
        and not any(m.style in PART_STYLES for m in markers)
        and (style is None or styles().rank[style] < POINT_RANK)  # (1.主要举措和成效: numbered parts)
        and (plain := _plain_headings(doc))
    ):
        return plain
    top: list[_Marker] = []
    nested_last: int | None = None
    for i, marker in enumerate(markers):
        if marker.style != style:
            continue
        kind = classify_heading(
            _heading_line(doc, marker, markers[i + 1].start if i + 1 < len(markers) else None)
        )
        fits_top = not top or marker.ordinal == top[-1].ordinal + 1
        fits_nested = nested_last is not None and marker.ordinal == nested_last + 1
        if fits_top and not (fits_nested and kind is None):
            top.append(marker)
            nested_last = None
        elif fits_nested or marker.ordinal == 1:
            nested_last = marker.ordinal
        elif kind is not None and marker.ordinal > top[-1].ordinal:
            top.append(marker)  # a gap in the top numbering, but clearly a report part
            nested_last = None
    return top


def _top_style(doc: Document, markers: list[_Marker]) -> str | None:
    """The outermost heading style of the report: 第一部分, else 一、, else (一); a report numbered 1. 2.
    at the top only when one of those headings names a report part (else they are list items), and
    above (一) when its headings name two parts or more and no (一) heading names one (1.主要举措和成效
    over (一)加强领导: the order of the styles reversed)."""
    present = [
        s
        for s in sorted(styles().structural, key=styles().rank.__getitem__)
        if s in {m.style for m in markers}
    ]
    parts: dict[str, set[str]] = {}

    def parts_named(style: str) -> set[str]:
        if style not in parts:
            headings = (_heading_line(doc, m, None) for m in markers if m.style == style)
            parts[style] = {kind for heading in headings if (kind := classify_heading(heading))}
        return parts[style]

    for style in present:
        if styles().rank[style] >= POINT_RANK:
            if parts_named(style):
                return style
        elif parts_named(style) or not any(
            len(parts_named(point)) >= 2 for point in present if styles().rank[point] >= POINT_RANK
        ):
            return style
    return None


def _plain_headings(doc: Document) -> list[_Marker]:
    """Unnumbered part headings on lines of their own (存在的问题 / 下一步工作打算), for reports with
    no 一、 level. Only lines naming a report part count; a title line (…的报告) does not."""
    found: list[_Marker] = []
    pos = 0
    for line in doc.folded.split("\n"):
        stripped = _without_lead_colon(line.strip(SPACE))
        if (
            2 <= len(stripped) <= MAX_PLAIN_HEADING
            and stripped[-1] not in "。,;:!?"
            and not PLAIN_NOT_HEADING.search(stripped)
            and not is_heading_marker(stripped)
            and classify_heading(stripped) is not None
        ):
            start = pos + len(line) - len(line.lstrip(SPACE))
            found.append(_Marker(start, start, "line", len(found) + 1))
        pos += len(line) + 1
    return found


def _without_lead_colon(line: str) -> str:
    """A heading line that leads into its part with a colon (存在的问题:), without the colon; a line
    with a clause break before it is a sentence (2023年,我县主要开展了以下工作:) and keeps it."""
    if line.endswith(":") and not any(stop in line for stop in ",;。"):
        return line[:-1].rstrip(SPACE)
    return line


def _names_a_part(line: str, joined: str) -> bool:
    """A heading broken over two lines: the two name a report part, its first line alone does not."""
    return classify_heading(line) is None and classify_heading(joined) is not None


def _heading_line(doc: Document, marker: _Marker, next_marker: int | None) -> str:
    """The heading run after a marker: to the line end, a 。/:, or the next marker."""
    end = len(doc.folded) if next_marker is None else next_marker
    line = doc.folded[marker.end : heading_line_end(doc.folded, marker.end, end, _names_a_part)]
    line = line.replace("\n", "")
    return HEADING_STOPS.split(line, maxsplit=1)[0][:MAX_HEADING]


def _trim(text: str, start: int, end: int) -> int:
    """``end`` moved back over trailing blanks, and over the frame that opens the next heading's line
    (the 【 of 【二、…】, the ■ of ■二、…), never before ``start``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    framed = end
    while framed > start and text[framed - 1] in FRAME_OPEN:
        framed -= 1
    if framed < end and (framed == start or text[framed - 1] == "\n"):
        return _trim(text, start, framed)
    return end


def _part_nodes(
    doc: Document, top: list[_Marker], markers: list[_Marker], end: int, *, sparse_lines: bool
) -> list[Node]:
    starts = [m.start for m in markers]
    parts = []
    for i, marker in enumerate(top):
        part_end = _trim(doc.text, marker.start, top[i + 1].start if i + 1 < len(top) else end)
        node = Node(1, doc.text[marker.start : marker.end] or None, None, marker.start, marker.end, part_end)
        following = bisect_right(starts, marker.start)  # a fused first subsection ends the heading
        limit = min(part_end, starts[following]) if following < len(starts) else part_end
        _set_heading(doc, node, limit, bare_ok=True)
        if node.heading is None or sparse_lines:
            _cut_run_on_heading(doc, node, limit)
        parts.append(node)
    return parts


def _cut_run_on_heading(doc: Document, node: Node, limit: int) -> None:
    """A part heading run into its body with no break or stop (…工作计划2024年,我市将…): end it
    after the first section-variant match in its first clause, plus a trailing 情况/事项."""
    body = node.start + len(node.marker or "")
    window_end = min(limit, body + MAX_HEADING)
    window = RUN_ON_CLAUSE.split(doc.folded[body:window_end], maxsplit=1)[0]
    kind = classify_heading(window)
    if kind is None:
        return
    kinds = ("shortcomings", "next_year_plan") if kind == "combined" else (kind,)
    patterns = [p for k in kinds for p in tables().sections[k]]
    firsts = [m for p in patterns if (m := p.search(window))]
    unanchored = [m for m in firsts if not m.re.pattern.endswith("$")]  # $ only means "end of window"
    cut = max(m.end() for m in unanchored or firsts)
    if suffix := RUN_ON_SUFFIX.match(window, cut):
        cut = suffix.end()
    node.heading = doc.text[body : body + cut].strip(SPACE)
    node.heading_end = body + cut


# --------------------------------------------------------------------------- the outline


def build_outline(doc: Document, layout: Layout | None = None) -> Outline:
    """Parts, subsections and sub-points of a report, with kinds, areas and FRP/shortcomings placement.
    ``layout`` is what metadata read of the page (closing, signature, lost line breaks); read here when
    not given."""
    layout = layout or layout_of(doc)
    sparse_lines = layout.flat
    markers = scan_markers(doc.folded, 0, len(doc.folded), sparse_lines=sparse_lines)
    top = _top_markers(doc, markers, sparse_lines=sparse_lines)
    body_start = top[0].start if top else len(doc.text)
    closing_at = layout.closing_start(body_start if top else 0)
    if closing_at is None and top:
        closing_at = _annex_start(doc, top[-1].end)
    body_end = closing_at if closing_at is not None else _trim(doc.text, 0, len(doc.text))
    parts = _part_nodes(
        doc, [m for m in top if m.start < body_end], markers, body_end, sparse_lines=sparse_lines
    )
    for part in parts:
        part.kind = _kind_of(doc, part)
    if not parts and (parts := _paragraph_parts(doc, layout, body_end)):
        body_start = parts[0].start
    parts = _group_thematic(parts)
    top_starts = {m.start for m in top}
    inner = [m for m in markers if m.start not in top_starts]
    parts, placement = _place_shortcomings(doc, parts, inner)
    for part in parts:
        _fill(doc, part, inner)
    preamble = _span_node(doc, 0, min(body_start, body_end), "preamble")
    closing = _span_node(doc, closing_at, len(doc.text), "closing") if closing_at is not None else None
    all_parts = [p for p in [preamble, *parts, closing] if p is not None]
    _tag_areas(doc, all_parts)
    return Outline(all_parts, _first_responsible(doc, all_parts), placement)


ANNEX_LINE = regexes.compile(r"(?m)^[ \t]*(?:" + ATTACHMENT_HEAD.pattern + ")")


def _annex_start(doc: Document, after: int) -> int | None:
    """Where an attachment starts after the report's last part heading (附件1:…完成情况表, or the lone 附件
    line the reader removed) in a copy without its signature, whose date would otherwise end the text
    before it: the table or list under it is no item of the last part."""
    found = ANNEX_LINE.search(doc.folded, after)
    removed = (
        doc.to_clean(span.start, span.end)[0] for span in doc.removed_noise if span.kind == "attachment"
    )
    starts = [at for at in removed if at > after] + ([found.start()] if found else [])
    return min(starts, default=None)


def _paragraph_parts(doc: Document, layout: Layout, end: int) -> list[Node]:
    """A report with no headings at all (a short township report in three paragraphs): the paragraph
    that opens on its shortcomings (但工作中仍存在一些不足:…) and the one that opens on its plans
    (2024年,我镇将… / 下一步…) start those parts, and what comes before them is the achievements,
    after the title, the addressees and a lead-in ending 报告如下. None found: no parts."""
    body = max((span[1] for span in (layout.title, layout.recipients) if span), default=0)
    starts: list[tuple[int, SectionKind]] = []
    pos, paragraphs = body, 0
    for line in doc.folded[body:end].split("\n"):
        opening = line.lstrip(SPACE)
        at = pos + len(line) - len(opening)
        pos += len(line) + 1
        if not opening:
            continue
        kind = _paragraph_kind(opening)
        after_results = paragraphs >= PLAN_AFTER_PARAGRAPHS or bool(starts)
        if kind and _follows(starts, kind) and (kind != "next_year_plan" or after_results):
            starts.append((at, kind))
        paragraphs += 1
    if not starts:
        return []
    lead_in = tables().lead_in.search(doc.folded, body, starts[0][0])
    results_start = _skip_blank(doc.text, lead_in.end() if lead_in else body, starts[0][0])
    if results_start < starts[0][0]:
        starts.insert(0, (results_start, "achievements"))
    nodes = []
    for i, (start, kind) in enumerate(starts):
        node = Node(
            1,
            None,
            None,
            start,
            start,
            _trim(doc.text, start, starts[i + 1][0] if i + 1 < len(starts) else end),
            kind,
        )
        # a part a point's title opened (七是明确2023年工作安排。…) is headed by that title, and so is
        # one a run-in title opened (存在的问题:一是…)
        if kind != "achievements" and (marker := styles().marker.match(doc.folded, start)) is not None:
            node.marker, node.heading_end = doc.text[start : marker.end()], marker.end()
            _set_heading(doc, node, node.end)
        elif kind != "achievements" and (title := _run_in_title(doc.folded[start : node.end])):
            node.heading, node.heading_end = doc.text[start : start + title[0]], start + title[1]
        nodes.append(node)
    return nodes


def _follows(starts: list[tuple[int, SectionKind]], kind: SectionKind) -> bool:
    """Whether a part of ``kind`` may come after those found (shortcomings, then plans, once each; the
    first responsible's duty anywhere, once)."""
    if kind == "first_responsible_person":
        return all(found != kind for _, found in starts)
    ordered = [found for _, found in starts if found in PARAGRAPH_ORDER]
    return not ordered or PARAGRAPH_ORDER.index(kind) > PARAGRAPH_ORDER.index(ordered[-1])


def _paragraph_kind(opening: str) -> SectionKind | None:
    """shortcomings or next_year_plan when a paragraph opens as those parts do, else None."""
    first = opening[:PARAGRAPH_OPENING]
    if any(p.match(first) for p in tables().paragraph_shortcomings):
        return "shortcomings"
    if any(p.match(first) for p in tables().paragraph_plans):
        return "next_year_plan"
    # a paragraph that opens on a point's title (七是明确2023年工作安排。…) or on a run-in title with a
    # colon (主要负责人履职:乡党委书记…): the title says which part
    if (marker := styles().marker.match(first)) is not None:
        stop = PARAGRAPH_TITLE_END.search(first, marker.end())
        title = first[marker.end() : stop.start()] if stop else ""
    else:
        title = first[: run_in[0]] if (run_in := _run_in_title(first)) else ""
    kind = classify_heading(title) if title else None
    return kind if kind in (*PARAGRAPH_ORDER, "first_responsible_person") else None  # type: ignore[return-value]


def _run_in_title(opening: str) -> tuple[int, int] | None:
    """(end, past its colon) of a title run in before a paragraph's first clause (存在的问题:一是…), None
    when the paragraph opens on a sentence."""
    stop = PARAGRAPH_TITLE_END.search(opening, 0, PARAGRAPH_OPENING)
    if stop is None or stop.group() != ":" or stop.start() == 0:
        return None
    return stop.start(), stop.end()


def plan_opening_year(doc: Document, start: int, end: int) -> int | None:
    """The year a plan part names where it opens (2024年,我局将… / 展望2024年…), at its start or at a
    sentence start within PLAN_YEAR_REACH characters of it (after (二)改进措施。); None if it names none."""
    folded = doc.folded
    reach = min(end, start + PLAN_YEAR_REACH)
    starts = [start, *(i + 1 for i in range(start, reach) if folded[i] in "。:\n")]
    for at in starts:
        at = _skip_blank(folded, at, end)
        for pattern in tables().paragraph_plans:
            if (found := pattern.match(folded, at, end)) and found.groupdict().get("year"):
                return int(found["year"])
    return None


def _span_node(doc: Document, start: int, end: int, kind: SectionKind) -> Node | None:
    end = _trim(doc.text, start, end)
    while start < end and doc.text[start].isspace():
        start += 1
    return Node(1, None, None, start, start, end, kind) if start < end else None


def _kind_of(doc: Document, part: Node) -> str | None:
    """The kind its heading names, read without its marker (^问题… anchors at the heading's words)."""
    return classify_heading(folded_heading(doc, part)) if part.heading else None


def folded_heading(doc: Document, node: Node) -> str:
    """A node's heading in Simplified script, without its marker and the stop that ends it."""
    return (
        doc.folded[node.start + len(node.marker or "") : node.heading_end]
        .strip(SPACE + "。:")
        .replace("\n", "")
    )


def _group_thematic(parts: list[Node]) -> list[Node]:
    """The thematic first-level parts before 不足/安排 are results: each run of them becomes one
    achievements part; a part named on the way (三、第一责任人职责情况 / 三、行政复议工作情况) ends a run,
    not the results (the thematic parts after it are results too)."""
    first_rest = next(
        (i for i, p in enumerate(parts) if p.kind not in (None, "achievements", "first_responsible_person")),
        len(parts),
    )
    grouped: list[Node] = []
    run: list[Node] = []
    for i, part in enumerate(parts):
        if i < first_rest and part.kind is None:
            run.append(part)
            continue
        if run:
            grouped.append(_results_group(run))
            run = []
        grouped.append(part)
    return [*grouped, _results_group(run)] if run else grouped


def _results_group(members: list[Node]) -> Node:
    """One achievements part holding a run of thematic parts as its subsections."""
    for member in members:
        member.level = 2
    return Node(
        1, None, None, members[0].start, members[0].start, members[-1].end, "achievements", None, members
    )


def _place_shortcomings(doc: Document, parts: list[Node], markers: list[_Marker]) -> tuple[list[Node], str]:
    """Split a combined 问题及打算 part, or cut inline shortcomings out of the results part."""
    out: list[Node] = []
    placement = "absent"
    has_plan = any(p.kind in ("next_year_plan", "combined") for p in parts)
    for part in parts:
        if part.kind == "combined":
            placement = "combined_with_plan"
            out.extend(_split_plan(doc, part, markers, required=True))
        elif part.kind == "shortcomings":
            placement = "standalone"
            out.extend(_split_plan(doc, part, markers, required=False) if not has_plan else [part])
        else:
            out.append(part)
    if placement != "absent":
        return out, placement
    results = [p for p in out if p.kind == "achievements"]
    inline = None
    if results:
        inline = _shortcomings_subsection(doc, results[-1], markers) or _inline_shortcomings(doc, results[-1])
    if inline is None:
        return out, "absent"
    out.insert(out.index(results[-1]) + 1, inline)
    return out, "inline_in_results"


def _shortcomings_subsection(doc: Document, results: Node, markers: list[_Marker]) -> Node | None:
    """The last subsection of the results part headed as the shortcomings ((三)存在的问题和不足): the
    regulation's second item, written as the results' closing subsection instead of a part."""
    host = results.children[-1] if results.marker is None and results.children else results
    inside = [
        m
        for m in markers
        if host.heading_end <= m.start < host.end
        and m.style in styles().structural
        and styles().rank[m.style] < POINT_RANK
    ]
    if not inside:
        return None
    first_rank = min(styles().rank[m.style] for m in inside)
    subsections = [m for m in inside if styles().rank[m.style] == first_rank]
    last = subsections[-1]
    if len(subsections) < 2 or classify_heading(_heading_line(doc, last, None)) != "shortcomings":
        return None
    node = Node(1, doc.text[last.start : last.end], None, last.start, last.end, host.end, "shortcomings")
    _set_heading(doc, node, host.end, bare_ok=True)
    host.end = _trim(doc.text, host.start, last.start)
    results.end = host.end
    return node


def _split_plan(doc: Document, part: Node, markers: list[_Marker], *, required: bool) -> list[Node]:
    """The shortcomings part and, from the first 下一步/今后… sentence on, a next_year_plan part."""
    split = _plan_subsection(doc, part, markers)
    if split is None:
        split = _plan_start(doc, part)
    if split is None and required:
        split = next(
            (m.start for m in markers if part.heading_end <= m.start < part.end and m.style in ("cn", "pcn")),
            None,
        )
    part.kind = "shortcomings"
    if split is None:
        return [part]
    plan = Node(1, None, None, split, split, part.end, "next_year_plan")
    part.end = _trim(doc.text, part.start, split)
    return [part, plan]


def _plan_subsection(doc: Document, part: Node, markers: list[_Marker]) -> int | None:
    """Where a subsection headed as the plan ((二)改进措施 / (二)下一步打算) begins in the part."""
    inside = [m for m in markers if part.heading_end <= m.start < part.end]
    for i, marker in enumerate(inside):
        if styles().rank[marker.style] >= POINT_RANK:
            continue
        following = inside[i + 1].start if i + 1 < len(inside) else part.end
        if classify_heading(_heading_line(doc, marker, following)) == "next_year_plan":
            return marker.start
    return None


def _plan_start(doc: Document, part: Node) -> int | None:
    for match in tables().plan_split.finditer(doc.folded, part.heading_end, part.end):
        prev = _prev_char(doc.folded, match.start(), part.heading_end)
        if prev in "\n。!?" or match.start() == part.heading_end:
            return match.start()
    return None


def _inline_shortcomings(doc: Document, results: Node) -> Node | None:
    """A closing 虽取得…但仍存在不足 sentence (and what follows it) in the last results part."""
    host = results.children[-1] if results.marker is None and results.children else results
    for pattern in tables().inline_shortcomings:
        for match in pattern.finditer(doc.folded, host.heading_end, host.end):
            if not _only_points_follow(doc.folded, match.end(), host.end):
                continue  # more results follow: not the closing remark
            start = _sentence_start(doc.folded, match.start(), host.heading_end)
            node = Node(1, None, None, start, start, host.end, "shortcomings")
            host.end = _trim(doc.text, host.start, start)
            results.end = host.end
            return node
    return None


def _only_points_follow(folded: str, pos: int, end: int) -> bool:
    """Nothing but the rest of this paragraph and 一是/1. point lines up to ``end``."""
    line_end = folded.find("\n", pos, end)
    if line_end < 0:
        return True
    return all(not line.strip(SPACE) or _is_point_line(line) for line in folded[line_end:end].split("\n"))


def _is_point_line(line: str) -> bool:
    table = styles()
    match = table.marker.match(line.lstrip(SPACE))
    return match is not None and table.rank[match.lastgroup or ""] >= POINT_RANK


def _sentence_start(folded: str, pos: int, floor: int) -> int:
    start = max(folded.rfind(stop, floor, pos) for stop in "。!?\n") + 1
    start = max(start, floor)
    while start < pos and folded[start] in SPACE:
        start += 1
    return start


def _fill(doc: Document, part: Node, markers: list[_Marker]) -> None:
    """Subsections and sub-points of a part (or of each member of a synthetic results part)."""
    hosts = part.children if part.marker is None and part.children else [part]
    for host in hosts:
        host.children = build_tree(doc, markers, host.heading_end, host.end, host.level)
        nodes = list(_walk(host.children))
        set_headings(doc, nodes)


def _tag_areas(doc: Document, parts: list[Node]) -> None:
    for part in parts:
        if part.kind != "achievements":
            continue
        for sub in part.children:
            sub.area = _area_of(doc, sub)


def _area_of(doc: Document, sub: Node) -> Area:
    """From the heading; a generic heading (推进依法行政) defers to its points, then to its first lines."""
    if sub.heading and (area := classify_area(doc.folded[sub.start : sub.heading_end])):
        return area
    votes = [
        a
        for child in sub.children
        if child.heading and (a := classify_area(doc.folded[child.start : child.heading_end]))
    ]
    if votes:
        return max(votes, key=votes.count)  # ties go to the earliest point
    return classify_area(doc.folded[sub.heading_end : sub.heading_end + BODY_AREA_CHARS]) or "other"


# --------------------------------------------------------------------------- first responsible person


def _first_responsible(doc: Document, parts: list[Node]) -> tuple[str, list[tuple[int, int]]]:
    t = tables()
    standalone = [p for p in parts if p.kind == "first_responsible_person"]
    if standalone:
        return "standalone", [(_skip_blank(doc.text, p.heading_end, p.end), p.end) for p in standalone]
    results = [p for p in parts if p.kind == "achievements"]
    nested = [
        node
        for part in results
        for node in _walk(part.children)
        if node.heading
        and node.level <= 3
        and _any(t.frp_headings, doc.folded[node.start : node.heading_end])
    ]
    if nested:
        return "nested", [(_skip_blank(doc.text, n.heading_end, n.end), n.end) for n in nested]
    spans = [
        span
        for part in parts
        if part.kind in ("achievements", "preamble", None)
        for span in _frp_sentences(doc, part.start, part.end)
    ]
    return ("inline", spans) if spans else ("absent", [])


def _frp_sentences(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    t = tables()
    spans: list[tuple[int, int]] = []
    found = t.frp_keyword.search(doc.folded, start, end)
    while found:
        pos = found.start()
        s = _sentence_start(doc.folded, pos, start)
        stop = SENTENCE_END.search(doc.folded, pos, end)
        e = stop.end() if stop and stop.group() != "\n" else (stop.start() if stop else end)
        if any(v in doc.folded[s:e] for v in t.frp_verbs) and (not spans or s >= spans[-1][1]):
            spans.append((s, e))
        found = t.frp_keyword.search(doc.folded, max(e, pos + 1), end)
    return spans


# --------------------------------------------------------------------------- items


def split_items(
    doc: Document, start: int, end: int, *, plan: bool = False
) -> list[tuple[int, int, str | None]]:
    """Items of a shortcomings / plan / FRP body: numbered points, else a run-on list, else sentences.

    Text before the first numbered point (an intro) and a closing 下一步/我局将… sentence are not items,
    but in a ``plan`` body of such sentences alone (下一步,我镇将继续…, no heading of its own) they are
    the plan.
    """
    start = _skip_blank(doc.text, start, end)
    end = _trim(doc.text, start, end)
    if start >= end:
        return []
    markers = scan_markers(doc.folded, start, end, sparse_lines=lost_line_breaks(doc.folded))
    start = _skip_own_heading(doc, markers, start, end)
    markers = [m for m in markers if m.start >= start]
    roots = build_tree(doc, markers, start, end, 0)
    if roots:
        set_headings(doc, list(_walk(roots)))
        items = [(n.start, _trim_item(doc.text, n.start, n.end), n.heading) for n in roots]
        last_start, last_end, title = items[-1]
        last_end = _cut_outro(doc, last_start, last_end, items[:-1])
        items[-1] = (last_start, last_end, title if roots[-1].heading_end < last_end else None)
        return items
    return (
        _run_on_list(doc, start, end)
        or _sentences(doc, start, end)
        or (_sentences(doc, start, end, outro=True) if plan else [])
    )


def _trim_item(text: str, start: int, end: int) -> int:
    """Item end without the separator that ties it to the next item (…加强; 二是…)."""
    end = _trim(text, start, end)
    while end > start and text[end - 1] in ",;、":
        end -= 1
    return end


def _skip_blank(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _skip_own_heading(doc: Document, markers: list[_Marker], start: int, end: int) -> int:
    """A span passed with its own heading (二、存在的问题…) starts after that heading."""
    if not markers or markers[0].start != start or markers[0].style not in styles().structural:
        return start
    if any(m.style == markers[0].style for m in markers[1:]):
        return start
    node = Node(1, None, None, start, markers[0].end, end)
    _set_heading(doc, node, end, bare_ok=True)
    return _skip_blank(doc.text, node.heading_end, end) if node.heading else start


def _cut_outro(
    doc: Document, start: int, end: int, earlier: list[tuple[int, int, str | None]] | None = None
) -> int:
    """End the last item before a closing sentence such as 下一步,我们将… / 我局将… / 究其原因…

    A sentence on the item's own line, worded as a sentence inside an ``earlier`` item is (each
    shortcoming followed by its 原因是…), is the item's own, not the list's closing."""
    parallel: bool | None = None
    for sentence_start in _later_sentences(doc, start, end):
        if not _any(tables().outro, doc.folded[sentence_start:end]):
            continue
        if "\n" not in doc.folded[start:sentence_start]:
            if parallel is None:
                parallel = any(
                    _any(tables().outro, doc.folded[at:e])
                    for s, e, _ in earlier or ()
                    for at in _later_sentences(doc, s, e)
                )
            if parallel:
                continue
        return _trim(doc.text, start, sentence_start)
    return end


def _later_sentences(doc: Document, start: int, end: int) -> Iterator[int]:
    """Where each sentence after the first of ``[start, end)`` starts."""
    for stop in SENTENCE_END.finditer(doc.folded[start:end]):
        sentence_start = _skip_blank(doc.text, start + stop.end(), end)
        if sentence_start < end:
            yield sentence_start


def _run_on_list(doc: Document, start: int, end: int) -> list[tuple[int, int, str | None]]:
    """A list written as one sentence after 主要表现在: / 存在一些问题和短板, — split at ; or ,"""
    for sentence_start, sentence_end in _sentence_spans(doc, start, end):
        sentence = doc.folded[sentence_start:sentence_end]
        # an opener introduces the list: it ends a short lead-in (存在一些问题和不足,主要表现在:), not a
        # clause deep in a paragraph (…研判分析存在问题,提出下阶段工作建议;…), whose words it would drop
        opener = next(
            (m for p in tables().list_openers if (m := p.search(sentence, 0, LIST_LEAD_IN)) is not None), None
        )
        if opener is None or opener.end() >= len(sentence) - 1:
            continue
        opener_end = opener.end()
        list_start = sentence_start + opener_end
        list_end = sentence_end - 1 if doc.folded[sentence_end - 1] in "。!?" else sentence_end
        separator = ";" if ";" in doc.folded[list_start:list_end] else ","
        items = _pieces(doc, list_start, list_end, separator)
        if len(items) >= 2:
            return items
    return []


def _pieces(doc: Document, start: int, end: int, separator: str) -> list[tuple[int, int, str | None]]:
    items: list[tuple[int, int, str | None]] = []
    piece_start = start
    for pos in [*(i for i in range(start, end) if doc.folded[i] == separator), end]:
        s = _skip_blank(doc.text, piece_start, pos)
        e = _trim(doc.text, s, pos)
        if e > s:
            items.append((s, e, None))
        piece_start = pos + 1
    return items


def _sentence_spans(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    for stop in SENTENCE_END.finditer(doc.folded, start, end):
        if doc.folded[pos : stop.end()].strip():
            spans.append(
                (_skip_blank(doc.text, pos, stop.end()), stop.end() if stop.group() != "\n" else stop.start())
            )
        pos = stop.end()
    if doc.folded[pos:end].strip():
        spans.append((_skip_blank(doc.text, pos, end), end))
    return spans


def _sentences(
    doc: Document, start: int, end: int, *, outro: bool = False
) -> list[tuple[int, int, str | None]]:
    """Fallback: each sentence (or ;-clause) that is neither an intro nor (unless ``outro``) an outro."""
    t = tables()
    items: list[tuple[int, int, str | None]] = []
    for s, e in _sentence_spans(doc, start, end):
        piece_start = s
        for pos in [*(i for i in range(s, e) if doc.folded[i] == ";"), e]:
            ps = _skip_blank(doc.text, piece_start, pos)
            pe = _trim(doc.text, ps, pos)
            text = doc.folded[ps:pe]
            if (
                pe > ps
                and not text.endswith(":")
                and (outro or not _any(t.outro, text))
                and not _any(t.inline_shortcomings, text)
            ):
                items.append((ps, pe, None))
            piece_start = pos + 1
    return items


# --------------------------------------------------------------------------- sections


def to_sections(doc: Document, outline: Outline) -> list[Section]:
    """The outline as pydantic Sections with offsets into the text as read (each part's tree validated
    in one call, its subsections and points as data: one validation call per node cost more)."""
    from summarizer.models import Section

    validate = Section.__pydantic_validator__.validate_python  # as Section.model_validate, see extract_rules
    return [validate(_section_data(doc, node)) for node in outline.parts]


def _section_data(doc: Document, node: Node) -> dict[str, object]:
    start, end = doc.to_original(node.start, max(node.start, node.end))
    return {
        "kind": node.kind,
        "area": node.area,
        "marker": node.marker,
        "heading": node.heading,
        "level": node.level,
        "start": start,
        "end": end,
        "children": [_section_data(doc, child) for child in node.children],
    }
