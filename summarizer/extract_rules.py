"""The offline rules backend: measures, metrics and items straight from the outline and the text.

Everything it returns is extractive: each fact is a slice of the cleaned text with its offsets, so
the verifier can only ever confirm it. The LLM backend falls back to these per-section functions.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TypeVar

from summarizer import __version__, regexes
from summarizer.document import Document
from summarizer.indicators import bounds_of, indicator_for
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
from summarizer.numbers import Mention, format_decimal
from summarizer.numbers.match import SourceIndex
from summarizer.outline import Node, Outline, split_items

ModelT = TypeVar("ModelT", bound=Model)

SUMMARY_CHARS = 90  # a measure summary is the first sentence(s), cut at a sentence end near this length
NAME_CHARS = 24  # how far back a metric's name may reach within its clause
CLAUSE_BREAK = regexes.compile(r"[,。;:!?、\n]")
RIGHT_NOUN_END = regexes.compile(r"[,。;:!?、()\n]|进行|开展|实现|完成|参与|全部|已经|已")
SCOPE_ONLY = {"全区", "全县", "全市", "全镇", "全乡", "全省", "全局", "全年", "市级", "县级", "区级", "镇级"}
LEADING_FILLER = regexes.compile(r"^(其中|同时|并|截至目前|截至年底|目前|今年以来|全年|共|累计)+")
TRAILING_FILLER = regexes.compile(r"(共计|共|累计|达到|达|为|均为|约|近|超过|占比达)$")
CAUSE_WORDS = regexes.compile(r"原因|由于|究其|根源在于|主要是因为|归因于|缘于")
YEAR_IN_HEADING = regexes.compile(r"(20\d\d)\s*年")
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
        metrics.extend(metrics_of_part(doc, part, numbers))
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
    body_start = _skip_space(doc.text, node.heading_end, node.end)
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
    """End of the last full sentence that fits in ``near`` chars (at least one sentence)."""
    best = -1
    for match in SENTENCE_STOP.finditer(text[start:end]):
        if best >= 0 and match.end() > near:
            break
        best = match.end()
    return start + best if best > 0 else min(end, start + near)


def _skip_space(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# --------------------------------------------------------------------------- metrics


def metrics_of_part(doc: Document, part: Node, numbers: SourceIndex) -> list[Metric]:
    """Metrics of an achievements part, each tagged with the area of the subsection holding it."""
    if not part.children:
        return metrics_in(doc, part.start, part.end, area=None, section=part.kind, numbers=numbers)
    metrics = metrics_in(
        doc, part.start, part.children[0].start, area=None, section=part.kind, numbers=numbers
    )
    for child in part.children:
        metrics.extend(
            metrics_in(doc, child.start, child.end, area=child.area, section=part.kind, numbers=numbers)
        )
    return metrics


def metrics_in(
    doc: Document,
    start: int,
    end: int,
    *,
    area: Area | None,
    section: SectionKind | None,
    numbers: SourceIndex,
) -> list[Metric]:
    """Every quantity mentioned in the clean span ``[start, end)`` (``numbers``: the report's index)."""
    mentions = numbers.mentions
    first = bisect_left(mentions, start, key=lambda m: m.start)
    metrics = []
    for mention in mentions[first:]:
        if mention.start >= end:
            break
        if mention.end <= end and mention.is_quantity:
            metrics.append(_metric(doc, mention, area, section))
    return metrics


def _metric(doc: Document, mention: Mention, area: Area | None, section: SectionKind | None) -> Metric:
    name = metric_name(doc, mention)
    value = format_decimal(mention.value)
    data = doc.grounded(mention.start, mention.end)
    data.update(bounds_of(mention, value))
    before = doc.folded[max(0, mention.start - NAME_CHARS) : mention.start]
    data.update(
        name=name,
        value=value,
        unit=mention.unit or "",
        qualifier=mention.qualifier,
        kind=mention.kind,
        direction=mention.direction,
        indicator=indicator_for(before, name, mention.kind, mention.unit),
        area=area,
        section=section,
        problems=[],
    )
    return validated(Metric, data)


def metric_name(doc: Document, mention: Mention) -> str:
    """What is counted: the clause before the number, joined with the noun after it when the clause
    only sets it up (对各乡镇400余名一线执法人员 → 对各乡镇…一线执法人员)."""
    before = doc.text[max(0, mention.start - NAME_CHARS) : mention.start]
    left = CLAUSE_BREAK.split(before)[-1].strip()
    left = TRAILING_FILLER.sub("", LEADING_FILLER.sub("", left))
    sets_up = left.endswith("的") or left.startswith(("对", "为", "向", "帮助", "协助", "為", "對"))
    if len(left) <= 2 or left in SCOPE_ONLY or sets_up:
        right = RIGHT_NOUN_END.split(doc.text[mention.end : mention.end + 12], maxsplit=1)[0][:10].strip()
        left = f"{left}{right}"
    return left or mention.raw


# --------------------------------------------------------------------------- items


def _items(doc: Document, spans: list[tuple[int, int]]) -> list[Item]:
    items = []
    for start, end in spans:
        for item_start, item_end, title in split_items(doc, start, end):
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
        items=_items(doc, _bodies(parts)),
    )


def plans_of(doc: Document, outline: Outline, info: DocumentInfo) -> Plans:
    parts = outline.find("next_year_plan")
    if not parts:
        return Plans(present=False)
    year = None
    for part in parts:
        if part.heading and (match := YEAR_IN_HEADING.search(doc.folded, part.start, part.heading_end)):
            year = int(match.group(1))
            break
    return Plans(present=True, year=year, items=_items(doc, _bodies(parts)))


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
