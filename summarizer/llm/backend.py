"""The LLM extraction backend: the report's parts, packed into few calls, verified, with rules fallbacks.

Plan of a report: every part the statute asks for (举措和成效, 第一责任人, 不足, 下一年度安排) becomes a
*unit* of clean text; a long achievements part is split by subsection, a very long subsection by its
items. Units are packed in document order into calls of at most ``chunk_chars`` characters, so a short
report costs one extraction call and one briefing call, and no text is sent twice (a nested or inline
第一责任人 passage travels inside its achievements unit). A call that fails is retried unit by unit;
a unit that still fails falls back to the rules backend, and the reason goes to provenance.
"""

from __future__ import annotations

import logging
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer import __version__, extract_rules
from summarizer.document import Document
from summarizer.errors import LLMError
from summarizer.llm import grounding
from summarizer.llm.cache import ResponseCache
from summarizer.llm.cassette import Cassette, CassetteLibrary, RecordingCreate, ReplayCreate
from summarizer.llm.client import CallResult, SectionError, StructuredLLM, Usage
from summarizer.llm.grounding import GroundingState
from summarizer.llm.prompts import Prompts, load_prompts
from summarizer.llm.responses import STAGE_LABELS, STAGE_ORDER, BriefingOut, ExtractionOut, extraction_model
from summarizer.llm.settings import LLMSettings
from summarizer.models import (
    BriefingPoint,
    DocumentInfo,
    Extraction,
    FirstResponsible,
    Item,
    Measure,
    Metric,
    Plans,
    Provenance,
    Report,
    SectionKind,
    Shortcomings,
)
from summarizer.outline import Node, Outline, split_items
from summarizer.ratelimit import RequestGate

MAX_BRIEF_MEASURES = 10
MAX_BRIEF_METRICS = 12
BRIEF_SUMMARY_CHARS = 30
FACTS_SHARE = 0.3  # briefing material at most this share of the report's length (at least FACTS_MIN chars)
FACTS_MIN = 360
SECTION_OF_STAGE: dict[str, SectionKind] = {
    "achievements": "achievements",
    "first_responsible": "first_responsible_person",
    "shortcomings": "shortcomings",
    "plans": "next_year_plan",
}

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- planning


@dataclass
class Unit:
    """A piece of one report part sent to the model, with what the rules would say instead."""

    stage: str
    tag: str  # stable id within the report: the heading markers, e.g. 一(二)-(四)
    spans: list[tuple[int, int]]  # clean spans
    nodes: list[Node] = field(default_factory=list)  # achievements: the subsections covered
    guests: list[Unit] = field(default_factory=list)  # units whose text lies inside this one's

    @property
    def key(self) -> str:
        return f"{self.stage}:{self.tag}"

    @property
    def chars(self) -> int:
        return sum(end - start for start, end in self.spans)

    def all_units(self) -> list[Unit]:
        return [self, *self.guests]


def _mark(node: Node | None, fallback: str) -> str:
    return (node.marker or "").rstrip("、.．") if node is not None and node.marker else fallback


def plan_units(doc: Document, outline: Outline, chunk_chars: int) -> list[Unit]:
    """The units of a report in document order; nested/inline 第一责任人 rides inside its host unit."""
    units: list[Unit] = []
    for index, part in enumerate(outline.parts):
        tag = _mark(part, f"part{index}")
        if part.kind == "achievements":
            units.extend(_achievement_units(doc, part, tag, chunk_chars))
        elif part.kind == "shortcomings":
            units.append(Unit("shortcomings", tag, [(part.start, part.end)]))
        elif part.kind == "next_year_plan":
            units.append(Unit("plans", tag, [(part.start, part.end)]))
    frp = _first_responsible_unit(outline)
    if frp is not None:
        units.append(frp)
    hosts: list[Unit] = []
    for unit in sorted(units, key=lambda u: (u.spans[0][0], -u.chars)):
        host = next((h for h in hosts if all(_inside(span, h.spans) for span in unit.spans)), None)
        if host is not None and unit.stage != host.stage:
            host.guests.append(unit)  # its text is already in the host's: send it once
        else:
            hosts.append(unit)
    return hosts


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _first_responsible_unit(outline: Outline) -> Unit | None:
    placement, spans = outline.first_responsible
    if placement == "absent" or not spans:
        return None
    parts = outline.find("first_responsible_person")
    if placement == "standalone" and parts:
        return Unit("first_responsible", _mark(parts[0], "frp"), [(p.start, p.end) for p in parts])
    return Unit("first_responsible", placement, list(spans))


def _achievement_units(doc: Document, part: Node, tag: str, chunk_chars: int) -> list[Unit]:
    if part.end - part.start <= chunk_chars or not part.children:
        return [Unit("achievements", tag, [(part.start, part.end)], nodes=part.children or [part])]
    units: list[Unit] = []
    group: list[Node] = []
    group_start = part.start  # the part's heading and intro travel with its first group
    for child in part.children:
        if child.end - child.start > chunk_chars:
            if group:
                units.append(_group_unit(tag, group, group_start))
                group = []
            units.extend(_item_units(doc, tag, child, chunk_chars, start=min(group_start, child.start)))
            group_start = child.end
            continue
        if group and child.end - group_start > chunk_chars:
            units.append(_group_unit(tag, group, group_start))
            group, group_start = [], child.start
        group.append(child)
    if group:
        units.append(_group_unit(tag, group, group_start))
    return units


def _group_unit(tag: str, group: list[Node], start: int) -> Unit:
    first, last = _mark(group[0], "?"), _mark(group[-1], "?")
    group_tag = tag + first + (f"-{last}" if len(group) > 1 else "")
    return Unit("achievements", group_tag, [(min(start, group[0].start), group[-1].end)], nodes=group)


def _item_units(doc: Document, tag: str, child: Node, chunk_chars: int, *, start: int) -> list[Unit]:
    """A subsection too long for one call, cut between its items."""
    pieces: list[list[int]] = [[start, start]]
    for _, item_end, _ in split_items(doc, child.start, child.end):
        if item_end - pieces[-1][0] > chunk_chars and pieces[-1][1] > pieces[-1][0]:
            pieces.append([pieces[-1][1], pieces[-1][1]])
        pieces[-1][1] = item_end
    pieces[-1][1] = child.end
    base = tag + _mark(child, "?")
    return [
        Unit("achievements", f"{base}~{i}" if len(pieces) > 1 else base, [(s, e)], nodes=[child])
        for i, (s, e) in enumerate(pieces, 1)
    ]


def pack(units: list[Unit], chunk_chars: int) -> list[list[Unit]]:
    """Consecutive units grouped into calls of at most ``chunk_chars`` characters of source text."""
    calls: list[list[Unit]] = []
    size = 0
    for unit in units:
        if calls and size + unit.chars <= chunk_chars:
            calls[-1].append(unit)
            size += unit.chars
        else:
            calls.append([unit])
            size = unit.chars
    return calls


# --------------------------------------------------------------------------- results of calls


@dataclass
class Harvest:
    """What the calls of one report produced, before assembly."""

    measures: list[Measure] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    items: dict[str, list[Item]] = field(default_factory=dict)
    causes_given: bool | None = None
    done: set[str] = field(default_factory=set)  # stages answered by the LLM
    fallen: set[str] = field(default_factory=set)  # stages whose LLM answer failed: the rules' stands
    fallbacks: list[str] = field(default_factory=list)
    rules: dict[str, Any] = field(default_factory=dict)  # stage → the rules backend's result


@dataclass
class _Session:
    """One report's connection: its StructuredLLM (replay: its cassette) and its counters."""

    llm: StructuredLLM
    usage: Usage = field(default_factory=Usage)
    replay: ReplayCreate | None = None
    fallbacks: list[str] = field(default_factory=list)


class LLMBackend:
    """Section-wise structured extraction and briefing with instructor, verified by the rules."""

    def __init__(
        self, settings: LLMSettings, *, create: Any = None, sleep: Any = None, gate: RequestGate | None = None
    ) -> None:
        self.settings = settings
        self.prompts: Prompts = load_prompts()
        self._create = create
        self._sleep = sleep
        self.gate = gate  # a batch's shared request gate (in flight, rpm/tpm, run-wide 429 pauses)
        # Workers of a batch share one backend: sessions, the lazily built client and cache, and the
        # run totals are guarded; each report's session is used by one worker only.
        self._lock = threading.RLock()
        self._cache: ResponseCache | None = None
        self._client: Any = None
        # per report, dropped with the Document (ids of collected documents can be reused)
        self._sessions: weakref.WeakKeyDictionary[Document, _Session] = weakref.WeakKeyDictionary()
        self.totals = Usage()
        self.drift: list[str] = []  # replay: interactions whose request changed since recording

    # ----------------------------------------------------------------------------------- API

    def extract(self, doc: Document, outline: Outline, info: DocumentInfo) -> Extraction:
        session = self._session(doc)
        harvest = Harvest()
        rules = harvest.rules
        rules["shortcomings"] = extract_rules.shortcomings_of(doc, outline)
        rules["plans"] = extract_rules.plans_of(doc, outline, info)
        rules["first_responsible"] = extract_rules.first_responsible_of(doc, outline)
        for call in pack(plan_units(doc, outline, self.settings.chunk_chars), self.settings.chunk_chars):
            self._run_call(session, doc, outline, info, call, harvest)
        session.fallbacks.extend(harvest.fallbacks)
        return Extraction(
            measures=sorted(harvest.measures, key=lambda m: m.start),
            metrics=sorted(harvest.metrics, key=lambda m: m.start),
            first_responsible_person=self._first_responsible(harvest),
            shortcomings=self._shortcomings(harvest),
            plans=self._plans(harvest),
            provenance=self.provenance(doc),
        )

    def brief(self, doc: Document, report: Report) -> list[BriefingPoint] | None:
        """Headline points written from the validated extraction; every number checked against the source.

        Adds its call to ``report.provenance`` in place. Returns None (the rules choose the points)
        when there is nothing to brief from or the call fails; the failure is recorded as a fallback.
        """
        session = self._session(doc)
        facts, refs = briefing_facts(report)
        if not facts:
            return None
        year = f"{report.document.report_year}" if report.document.report_year else ""
        # no system prompt: the briefing works from checked facts, and its own prompt states the rules
        messages = self.prompts.messages(
            "briefing", system=False, issuer=report.document.issuer or "", year=year, facts=facts
        )
        state = GroundingState(doc, ref_ids=frozenset(refs))
        try:
            result = self._call(session, "briefing", BriefingOut, messages, state)
        except SectionError as err:
            session.fallbacks.append(f"briefing: {err.reason}; the rules chose the headline points")
            report.provenance = self.provenance(doc)
            return None
        report.provenance = self.provenance(doc)
        return briefing_points(result, refs)

    def provenance(self, doc: Document) -> Provenance:
        session = self._session(doc)
        usage = session.usage
        return Provenance(
            backend="llm",
            model=session.llm.model,
            mode=session.llm.mode,
            prompt_version=self.prompts.version,
            llm_calls=usage.requests,
            cached_calls=usage.cached,
            reasks=usage.reasks,
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            cost=self.settings.cost(usage.prompt_tokens, usage.completion_tokens),
            fallbacks=list(session.fallbacks),
            tool_version=__version__,
        )

    def summary(self) -> str:
        """One line for the end of a run: calls, cache hits, re-asks, tokens, cost."""
        t = self.totals
        cost = self.settings.cost(t.prompt_tokens, t.completion_tokens)
        return (
            f"LLM: {t.requests} request(s), {t.cached} cached call(s), {t.reasks} re-ask(s), "
            f"{t.prompt_tokens}+{t.completion_tokens} tokens"
            + (f", cost {cost:.4f}" if cost is not None else "")
        )

    def close(self) -> None:
        if self.drift:  # informational: `summarizer cassettes check` lists and refreshes them
            log.info(
                "%d replayed request(s) changed since recording: %s",
                len(self.drift),
                "; ".join(self.drift[:5]),
            )
        with self._lock:
            self._sessions.clear()
            if self._cache is not None:
                self._cache.close()
                self._cache = None

    # ----------------------------------------------------------------------------------- sessions

    def _session(self, doc: Document) -> _Session:
        with self._lock:
            session = self._sessions.get(doc)
            if session is None:
                session = self._sessions[doc] = self._new_session(doc)
            return session

    def _new_session(self, doc: Document) -> _Session:
        settings = self.settings
        mode, model, replay = settings.mode, settings.model, None
        create = self._create
        library = CassetteLibrary(settings.cassette_dir)
        name = Path(doc.path).name if doc.path not in ("-", "") else ""
        if settings.replay:
            cassette = library.require(doc.sha256, name, doc.path)
            if settings.mode_explicit and settings.mode != cassette.mode:
                log.warning(
                    "replaying %s in its recorded mode %s, not %s",
                    cassette.path.name,
                    cassette.mode,
                    settings.mode,
                )
            mode, model = cassette.mode, cassette.model
            replay = create = ReplayCreate(cassette, source_path=doc.path, drift_log=self.drift)
        else:
            create = create or self._live_create()
            if settings.record:
                source = {"name": name or "stdin", "sha256": doc.sha256}
                cassette = Cassette.new(
                    library.path_for(name or "stdin", doc.sha256),
                    source=source,
                    model=model,
                    mode=mode,
                    prompt_version=self.prompts.version,
                )
                create = RecordingCreate(cassette, create)
        llm = StructuredLLM(
            settings,
            create=create,
            mode=mode,
            model=model,
            prompt_version=self.prompts.version,
            sleep=self._sleep,
            cache=self._response_cache(),
            gate=None if settings.replay else self.gate,
        )
        return _Session(llm, replay=replay)

    def _response_cache(self) -> ResponseCache | None:
        if self._cache is None and self.settings.use_cache:
            self._cache = ResponseCache(self.settings.cache_dir)
        return self._cache

    def _live_create(self) -> Any:
        if self._client is None:
            import openai

            settings = self.settings
            if not settings.api_key and not settings.base_url:
                raise LLMError(
                    "no LLM endpoint configured: set OPENAI_API_KEY (and OPENAI_BASE_URL), or use --replay"
                )
            self._client = openai.OpenAI(
                api_key=settings.api_key or "not-needed",  # local servers accept any key
                base_url=settings.base_url,
                max_retries=0,  # tenacity owns retries (one place for policy, injectable sleep)
                timeout=settings.timeout,
            )
        return self._client.chat.completions.create

    # ----------------------------------------------------------------------------------- calls

    def _call(
        self,
        session: _Session,
        label: str,
        response_model: type,
        messages: list[dict[str, Any]],
        state: GroundingState,
    ) -> CallResult:
        try:
            result = session.llm.call(label, response_model, messages, state)
        except SectionError as err:
            usage = getattr(err, "usage", None)
            if usage is not None:
                self._count(session, usage)
            raise
        self._count(session, result.usage)
        return result

    def _count(self, session: _Session, usage: Usage) -> None:
        session.usage.add(usage)
        with self._lock:
            self.totals.add(usage)

    def _run_call(
        self,
        session: _Session,
        doc: Document,
        outline: Outline,
        info: DocumentInfo,
        call: list[Unit],
        harvest: Harvest,
    ) -> None:
        units = [u for host in call for u in host.all_units()]
        stages = tuple(s for s in STAGE_ORDER if any(u.stage == s for u in units))
        label = "+".join(u.key for u in units)
        messages = self.prompts.messages(
            "extract",
            issuer=info.issuer or "",
            notes="\n".join(self.prompts.stages[s] for s in stages),
            text=_blocks(doc, call),
        )
        spans: dict[str, list[tuple[int, int]]] = {}
        for unit in units:
            spans.setdefault(unit.stage, []).extend(unit.spans)
        state = GroundingState(doc, spans=spans)
        try:
            result = self._call(session, label, extraction_model(stages), messages, state)
        except SectionError as err:
            if len(call) > 1 and not _is_transport(err):
                log.info("%s failed (%s); asking part by part", label, err.reason)
                for host in call:
                    self._run_call(session, doc, outline, info, [host], harvest)
                return
            for unit in units:
                self._fall_back(doc, outline, unit, err.reason, harvest)
            return
        _harvest(doc, outline, result, state, units, harvest)

    def _fall_back(self, doc: Document, outline: Outline, unit: Unit, reason: str, harvest: Harvest) -> None:
        harvest.fallbacks.append(f"{STAGE_LABELS[unit.stage]} ({unit.key}): {reason}; rules used instead")
        if unit.stage == "achievements":
            harvest.measures.extend(_rule_measures(doc, unit))
            harvest.metrics.extend(_rule_metrics(doc, unit))
        else:
            harvest.items.pop(unit.stage, None)
            harvest.done.discard(unit.stage)
            harvest.fallen.add(unit.stage)

    # ----------------------------------------------------------------------------------- assembly

    def _items_for(self, harvest: Harvest, stage: str) -> list[Item] | None:
        if stage in harvest.fallen or stage not in harvest.done:
            return None
        return harvest.items.get(stage, [])

    def _first_responsible(self, harvest: Harvest) -> FirstResponsible:
        rules: FirstResponsible = harvest.rules["first_responsible"]
        items = self._items_for(harvest, "first_responsible")
        return rules if items is None else rules.model_copy(update={"items": items})

    def _shortcomings(self, harvest: Harvest) -> Shortcomings:
        rules: Shortcomings = harvest.rules["shortcomings"]
        items = self._items_for(harvest, "shortcomings")
        if items is None:
            return rules
        causes = rules.causes_given if harvest.causes_given is None else harvest.causes_given
        return rules.model_copy(update={"items": items, "causes_given": causes})

    def _plans(self, harvest: Harvest) -> Plans:
        rules: Plans = harvest.rules["plans"]
        items = self._items_for(harvest, "plans")
        return rules if items is None else rules.model_copy(update={"items": items})


def _is_transport(err: SectionError) -> bool:
    return err.reason.startswith("transport failed")


def _blocks(doc: Document, call: list[Unit]) -> str:
    """The call's source text, each run of one part under its 【label】."""
    lines: list[str] = []
    previous = None
    for unit in call:
        if unit.stage != previous:
            lines.append(f"【{STAGE_LABELS[unit.stage]}】")
            previous = unit.stage
        lines.extend(doc.text[start:end].strip() for start, end in unit.spans)
    return "\n".join(lines)


# --------------------------------------------------------------------------- answer → models


def _problems_under(problems: dict[str, list[str]], path: str) -> list[str]:
    prefix = path + "."
    return [
        f"{p[len(prefix) :]}: {msg}" for p, msgs in problems.items() if p.startswith(prefix) for msg in msgs
    ]


def _ground(doc: Document, quote: str, spans: list[tuple[int, int]]) -> tuple[tuple[int, int], bool]:
    """Where a quote sits (clean span) and whether it was found; unfound quotes get the nearest sentence."""
    span = grounding.locate_quote(doc, quote, spans)
    if span is not None:
        return span, True
    near = grounding.nearest_context(doc, quote, spans)
    return (near or (spans[0][0], spans[0][0])), False


def area_at(outline: Outline, clean_offset: int) -> Any:
    for part in outline.find("achievements"):
        for child in part.children:
            if child.start <= clean_offset < child.end:
                return child.area
    return None


def _harvest(
    doc: Document,
    outline: Outline,
    result: CallResult,
    state: GroundingState,
    units: list[Unit],
    harvest: Harvest,
) -> None:
    answer: ExtractionOut = result.value  # type: ignore[assignment]
    problems = result.problems
    achievements = state.spans.get("achievements", [])
    for i, measure in enumerate(getattr(answer, "measures", [])):
        path = f"measures[{i}]"
        (start, end), _ = _ground(doc, measure.quote, achievements)
        issues = _problems_under(problems, path)
        harvest.measures.append(
            Measure(
                **doc.grounded(start, end),
                area=area_at(outline, start),
                title=measure.title.strip(),
                summary=measure.summary.strip(),
                verified=not issues,
                problems=issues,
            )
        )
    metric_spans = achievements + state.spans.get("first_responsible", [])
    for i, metric in enumerate(getattr(answer, "metrics", [])):
        harvest.metrics.append(
            _metric(doc, outline, metric, metric_spans, state, _problems_under(problems, f"metrics[{i}]"))
        )
    for field_name in ("shortcomings", "plans", "first_responsible"):
        if field_name not in type(answer).model_fields:
            continue
        spans = state.spans.get(field_name, [])
        items = harvest.items.setdefault(field_name, [])
        for i, item in enumerate(getattr(answer, field_name)):
            (start, end), _ = _ground(doc, item.quote, spans)
            issues = _problems_under(problems, f"{field_name}[{i}]")
            items.append(
                Item(
                    **doc.grounded(start, end), title=item.title.strip(), verified=not issues, problems=issues
                )
            )
        harvest.done.add(field_name)
    if "causes" in type(answer).model_fields:
        # causes count as given only with a verified quote; an unverifiable one leaves the rules' judgement
        harvest.causes_given = None if problems.get("causes") else bool(answer.causes.strip())  # type: ignore[attr-defined]
    harvest.done.update(u.stage for u in units)


def _metric(
    doc: Document,
    outline: Outline,
    metric: Any,
    spans: list[tuple[int, int]],
    state: GroundingState,
    issues: list[str],
) -> Metric:
    (qstart, qend), found = _ground(doc, metric.quote, spans)
    mention = grounding.source_mention(doc, metric.value, (qstart, qend), name=metric.name) if found else None
    section = (
        "first_responsible_person"
        if _inside((qstart, qend), state.spans.get("first_responsible", []))
        else "achievements"
    )
    if mention is not None:
        start, end = mention.start, mention.end
    else:  # the engine may still place the value in its quote; then the quote grounds it
        mention = grounding.value_mention(metric.value)
        start, end = qstart, qend
        if not issues and (
            not found or grounding.check_value(state, metric.value, (qstart, qend), metric.name)
        ):
            issues = [f"value: “{metric.value}” not found in its quote"]
    value, unit, qualifier, kind, direction = _mention_fields(mention, metric.value)
    before = doc.folded[max(0, start - extract_rules.NAME_CHARS) : start]
    return Metric(
        **doc.grounded(start, end),
        name=metric.name.strip(),
        value=value,
        unit=unit,
        qualifier=qualifier,
        kind=kind,
        direction=direction,
        indicator=extract_rules.indicator_for(before, metric.name, kind),
        area=area_at(outline, start) if section == "achievements" else None,
        section=section,
        verified=not issues,
        problems=issues,
    )


def _mention_fields(mention: Any, raw: str) -> tuple[str, str, Any, str, Any]:
    from summarizer.numbers import format_decimal

    if mention is None:
        return raw, "", "exact", "unknown", None
    try:
        value = format_decimal(mention.value)
    except (TypeError, ValueError, AttributeError):
        value = str(mention.value)
    return value, mention.unit or "", mention.qualifier, mention.kind, getattr(mention, "direction", None)


def _rule_measures(doc: Document, unit: Unit) -> list[Measure]:
    measures = []
    (start, end) = unit.spans[0]
    for node in unit.nodes:
        for measure in extract_rules.measures_of(doc, node):
            clean_start = doc.to_clean(measure.start, measure.end)[0]
            if start <= clean_start < end:
                measures.append(measure)
    return measures


def _rule_metrics(doc: Document, unit: Unit) -> list[Metric]:
    metrics = []
    for start, end in unit.spans:
        cursor = start
        for node in unit.nodes:
            if node.start > cursor:  # the part's intro before its first subsection
                metrics += extract_rules.metrics_in(
                    doc, cursor, min(node.start, end), area=None, section="achievements"
                )
            lo, hi = max(node.start, start), min(node.end, end)
            if lo < hi:
                metrics += extract_rules.metrics_in(doc, lo, hi, area=node.area, section="achievements")
            cursor = max(cursor, node.end)
        if cursor < end:
            metrics += extract_rules.metrics_in(doc, cursor, end, area=None, section="achievements")
    return metrics


# --------------------------------------------------------------------------- briefing


def _pick_measures(measures: list[Measure]) -> list[Measure]:
    """Up to MAX_BRIEF_MEASURES verified measures, one per area first so the briefing sees every area."""
    verified = [m for m in measures if m.verified]
    seen: set[Any] = set()
    first_of_area = [m for m in verified if not (m.area in seen or seen.add(m.area))]
    chosen = first_of_area[:MAX_BRIEF_MEASURES]
    chosen += [m for m in verified if m not in chosen][: MAX_BRIEF_MEASURES - len(chosen)]
    return sorted(chosen, key=lambda m: m.start)


def _pick_metrics(metrics: list[Metric]) -> list[Metric]:
    """Up to MAX_BRIEF_METRICS verified metrics: comparable indicators, then rates, then the rest."""
    verified = [m for m in metrics if m.verified]
    ranked = [m for m in verified if m.indicator]
    ranked += [m for m in verified if m.kind.startswith("pct") or m.kind == "percent" if m not in ranked]
    ranked += [m for m in verified if m not in ranked]
    return sorted(ranked[:MAX_BRIEF_METRICS], key=lambda m: m.start)


def briefing_facts(report: Report) -> tuple[str, dict[str, Any]]:
    """The verified facts the briefing may use, one line each, with ids the model cites (K1…, M1…).

    The material is capped at ``FACTS_SHARE`` of the report's length: measures and metrics alternate
    by priority until the budget is spent, then each list is shown in report order.
    """
    measures, metrics = _pick_measures(report.measures), _pick_metrics(report.metrics)
    budget = max(FACTS_MIN, int(report.source.clean_chars * FACTS_SHARE))
    lines = {id(m): _measure_line(m) for m in measures} | {id(m): f"{m.name} {m.text}" for m in metrics}
    chosen: set[int] = set()
    used = 0
    for fact in _interleave(_by_priority(measures), _by_priority(metrics)):
        cost = len(lines[id(fact)]) + 5
        if used + cost > budget:
            continue
        chosen.add(id(fact))
        used += cost
    refs: dict[str, Any] = {}
    out: list[str] = []
    for prefix, facts in (("K", measures), ("M", metrics)):
        for i, fact in enumerate((f for f in facts if id(f) in chosen), 1):
            refs[f"{prefix}{i}"] = fact
            out.append(f"{prefix}{i} {lines[id(fact)]}")
    return "\n".join(out), refs


def _measure_line(measure: Measure) -> str:
    return f"{measure.title}：{_cut(measure.summary, BRIEF_SUMMARY_CHARS)}"


def _cut(text: str, limit: int) -> str:
    """``text`` shortened at a clause boundary, never inside a number (a cut 100% must not read 1…)."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "，,；;。、")
    if cut < limit // 3:
        cut = limit
        while cut > 0 and (text[cut - 1].isdigit() or text[cut - 1] in ".%"):
            cut -= 1
    return text[:cut].rstrip("，,；;、") + "…"


def _by_priority(facts: list[Any]) -> list[Any]:
    """Facts carrying a comparable indicator or a rate first (they make the strongest headlines)."""
    return sorted(facts, key=lambda f: 0 if getattr(f, "indicator", None) else 1)


def _interleave(a: list[Any], b: list[Any]) -> list[Any]:
    out = []
    for i in range(max(len(a), len(b))):
        out += ([a[i]] if i < len(a) else []) + ([b[i]] if i < len(b) else [])
    return out


def briefing_points(result: CallResult, refs: dict[str, Any]) -> list[BriefingPoint]:
    answer: BriefingOut = result.value  # type: ignore[assignment]
    points = []
    for point in answer.headline:
        anchor = next((refs[r] for r in point.refs if r in refs), None)
        points.append(
            BriefingPoint(
                kind="headline",
                text=point.text.strip(),
                start=anchor.start if anchor is not None else None,
                end=anchor.end if anchor is not None else None,
            )
        )
    return points
