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
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer import __version__, extract_rules, regexes
from summarizer.context import BackendUsage, ReportContext
from summarizer.document import Document
from summarizer.errors import LLMError
from summarizer.indicators import bounds_of, indicator_for, period_at
from summarizer.llm import grounding
from summarizer.llm.cache import ResponseCache
from summarizer.llm.cassette import Cassette, CassetteLibrary, RecordingCreate, ReplayCreate
from summarizer.llm.client import (
    CallResult,
    Meter,
    ModeFallbacks,
    SectionError,
    StructuredLLM,
    Usage,
    http_client,
)
from summarizer.llm.grounding import GroundingState
from summarizer.llm.prompts import Prompts, load_prompts
from summarizer.llm.responses import STAGE_LABELS, STAGE_ORDER, BriefingOut, ExtractionOut, extraction_model
from summarizer.llm.secrets import scrub, scrubbing
from summarizer.llm.settings import DEFAULT_MIN_COVERAGE, LLMSettings
from summarizer.models import (
    BriefingPoint,
    Coverage,
    DocumentInfo,
    Extraction,
    Item,
    Measure,
    Metric,
    Provenance,
    Report,
    SectionKind,
)
from summarizer.numbers import extract_mentions
from summarizer.outline import Node, Outline, split_items
from summarizer.ratelimit import RequestGate

if TYPE_CHECKING:
    from summarizer.numbers import SourceIndex

MAX_BRIEF_MEASURES = 10
MAX_BRIEF_METRICS = 12
BRIEF_SUMMARY_CHARS = 30
FACTS_SHARE = 0.3  # briefing material at most this share of the report's length (at least FACTS_MIN chars)
FACTS_MIN = 360
MIN_MODEL_FACTS = 3  # fewer verified facts of the model's own than this: no briefing call, the rules choose
MIN_HEADLINES = 3  # the briefing prompt asks for 3–5 points; fewer usable ones do not stand for the report
BARE_TITLE = regexes.compile(r"\*\*[^*]*\*\*\s*[:：]?\s*")
# What instructor's re-asks say; small models copy it into their answers ("(五)Recall the function …").
REASK_PHRASES = ("recall the function", "validation error found", "correct your json", "fix the errors")
NUMERALS = set("0123456789零〇一二两三四五六七八九十百千万亿")
# How long the model's texts may be: the prompts ask for titles of at most 15 characters (举措名称,
# 概括), summaries of one or two sentences and headline points of at most 60 characters. Models
# overshoot a little, so a text is cut only past twice that (a summary: two long sentences).
TITLE_CHARS = 30
SUMMARY_CHARS = 200
HEADLINE_CHARS = 120
# A headline point restates the facts it cites, so most of its character pairs are the words of the
# cited fact's paragraph (faithful points: 0.8 and more); an item's title may abbreviate, a point's
# words may not (鹭溪县获评全国法治政府建设示范县 shares only 法治政府建设 with a part heading: 0.33).
POINT_WORDS_GROUNDED = 0.5
MAX_HEADLINE_POINTS = 5  # the briefing prompt asks for 3～5 points (more are kept up to one per fact)
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
    fallbacks: list[str] = field(default_factory=list)
    fallback_stages: list[str] = field(default_factory=list)  # stages whose LLM answer failed
    coverage: dict[str, Coverage] = field(default_factory=dict)  # per kind, filled by keep_floor
    echoes: str = ""  # our own instructions, normalised: a model that repeats them wrote nothing
    notes: list[str] = field(default_factory=list)  # what was dropped of the model's answers, and why
    trimmed: int = 0  # items dropped beyond what the source can hold


@dataclass
class _Session:
    """One report's connection: its StructuredLLM (replay: its cassette) and its counters; kept in the
    report's context (``ReportContext.backend_state``), so it goes when the report does."""

    llm: StructuredLLM
    numbers: SourceIndex  # the report's number index, for the validators
    usage: Usage = field(default_factory=Usage)
    replay: ReplayCreate | None = None
    fallbacks: list[str] = field(default_factory=list)
    views: grounding.Views = field(default_factory=dict)  # normalised source spans, shared by the calls
    fallback_stages: list[str] = field(default_factory=list)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # the model's items dropped (repeats, beyond the source)
    trimmed: int = 0  # of them, items dropped beyond what the source can hold: the answer said too much
    unverified: dict[str, int] = field(default_factory=dict)  # per kind: the model's items kept unverified


class LLMBackend:
    """Section-wise structured extraction and briefing with instructor, verified by the rules."""

    concurrent = True  # waits on the network: a batch's --jobs threads pay off

    def __init__(
        self, settings: LLMSettings, *, create: Any = None, sleep: Any = None, gate: RequestGate | None = None
    ) -> None:
        self.settings = settings
        self.prompts: Prompts = load_prompts()
        self._create = create
        self._sleep = sleep
        self.gate = gate  # a batch's shared request gate (in flight, rpm/tpm, run-wide 429 pauses)
        # Workers of a batch share one backend: the lazily built client and cache, and the run totals
        # are guarded; each report's session lives in its context, used by one worker only.
        self._lock = threading.RLock()
        self._cache: ResponseCache | None = None
        self._client: Any = None
        self.meter = Meter()  # live run totals: progress reads them while a report is under way
        self.totals = self.meter.totals
        self.modes = ModeFallbacks()  # modes the endpoint does not serve, learnt once per run
        self.drift: list[str] = []  # replay: interactions whose request changed since recording

    # ----------------------------------------------------------------------------------- API

    def extract(self, ctx: ReportContext) -> Extraction:
        doc, outline, info = ctx.doc, ctx.outline, ctx.info
        session = self._session(ctx)
        # what the rules find: the LLM result keeps all of it
        floor = extract_rules.extract(doc, outline, info, numbers=ctx.numbers)
        harvest = Harvest(echoes=self._echoes())
        for call in pack(plan_units(doc, outline, self.settings.chunk_chars), self.settings.chunk_chars):
            self._run_call(session, doc, outline, info, call, harvest)
        session.fallbacks.extend(harvest.fallbacks)
        session.fallback_stages.extend(s for s in harvest.fallback_stages if s not in session.fallback_stages)
        coverage = session.coverage = harvest.coverage
        # the model may find causes the rules missed; an empty or failed answer never takes them away
        causes = floor.shortcomings.causes_given or bool(harvest.causes_given)
        parts = {
            "measures": keep_floor(harvest.measures, floor.measures, coverage, "measures"),
            "metrics": self._metrics_with_floor(harvest, floor.metrics, coverage),
            "first_responsible": self._with_floor(
                harvest, "first_responsible", floor.first_responsible_person
            ),
            "shortcomings": self._with_floor(
                harvest, "shortcomings", floor.shortcomings, causes_given=causes
            ),
            "plans": self._with_floor(harvest, "plans", floor.plans),
        }
        session.notes.extend(harvest.notes)
        session.trimmed += harvest.trimmed
        for kind, part in parts.items():
            session.unverified[kind] = unverified_count(part if isinstance(part, list) else part.items)
        return Extraction(
            measures=parts["measures"],
            metrics=parts["metrics"],
            first_responsible_person=parts["first_responsible"],
            shortcomings=parts["shortcomings"],
            plans=parts["plans"],
            provenance=self.provenance(session),
        )

    @staticmethod
    def _metrics_with_floor(
        harvest: Harvest, rules: list[Metric], coverage: dict[str, Coverage]
    ) -> list[Metric]:
        """The model's metrics and every rules metric it missed. The model is asked for the achievements'
        figures only: the leaders' own (their 第一责任人 part) are kept by the rules, and not counted
        as missed by the model."""
        asked = [m for m in rules if m.section != "first_responsible_person"]
        merged = keep_floor(harvest.metrics, asked, coverage, "metrics")
        spans = sorted((m.start, m.end) for m in merged)
        leaders = [
            m.model_copy(update={"origin": "rules"})
            for m in rules
            if m.section == "first_responsible_person" and not _covered(m, spans)
        ]
        return sorted([*merged, *leaders], key=lambda item: (item.start, item.end))

    def _with_floor(self, harvest: Harvest, stage: str, rules: Any, **update: Any) -> Any:
        """The rules' part with the model's items for it, and every rules item the model missed."""
        items = keep_floor(self._items_for(harvest, stage), rules.items, harvest.coverage, stage)
        return rules.model_copy(update={"items": items, **update})

    def _echoes(self) -> str:
        texts = [self.prompts.system, *self.prompts.stages.values()]
        return "\n".join(grounding.normalize(t) for t in texts)

    def brief(self, ctx: ReportContext, report: Report) -> list[BriefingPoint] | None:
        """Headline points written from the validated extraction; every number checked against the source.

        Adds its call to ``report.provenance`` in place. Returns None (the rules choose the points)
        when there is nothing to brief from or the call fails; the failure is recorded as a fallback.
        """
        session = self._session(ctx)
        facts, refs = briefing_facts(report)
        if not facts:
            return None
        year = f"{report.document.report_year}" if report.document.report_year else ""
        # no system prompt: the briefing works from checked facts, and its own prompt states the rules
        messages = self.prompts.messages(
            "briefing", system=False, issuer=report.document.issuer or "", year=year, facts=facts
        )
        state = GroundingState(ctx.doc, ref_ids=frozenset(refs), numbers=session.numbers, views=session.views)
        try:
            result = self._call(session, "briefing", BriefingOut, messages, state)
        except SectionError as err:
            self._refuse_fallback("briefing", err)
            session.fallbacks.append(f"briefing: {err.reason}; the rules chose the headline points")
            session.fallback_stages.append("briefing")
            report.provenance = self.provenance(session)
            return None
        points, notes = briefing_points(result, refs, state)
        if len(points) < MIN_HEADLINES:  # too thin to stand for the report: the rules' points, marked so
            log.info("briefing: %d usable point(s); the rules choose the headline points", len(points))
            report.provenance = self.provenance(session)
            return None
        session.notes.extend(notes)
        session.unverified["briefing"] = sum(not point.verified for point in points)
        report.provenance = self.provenance(session)
        return points

    def _refuse_fallback(self, what: str, err: SectionError) -> None:
        """With --no-fallback a part the model could not answer fails the report."""
        if not self.settings.fallback:
            raise LLMError(f"{what}: {err.reason} (--no-fallback: the rules were not used instead)")

    def provenance(self, session: _Session) -> Provenance:
        """The report's provenance. Degraded when a part fell back to the rules, when the model's answer
        said more than the source holds (items dropped), or when items of the model are kept unverified
        (a quote not in the source, a stitched or too short one, words not grounded in it…): a report
        whose model output is not all verified is not "ok", whatever its numbers say."""
        usage = session.usage
        ratio = coverage_ratio(session.coverage)
        unverified = {kind: n for kind, n in session.unverified.items() if n}
        notes = [
            f"{kind}: {n} item(s) of the model not verified against the source; kept and marked, "
            "the rules' items of the same places kept beside them"
            for kind, n in unverified.items()
        ]
        degraded = session.fallback_stages or session.trimmed or unverified
        status = "degraded" if degraded else "ok"
        if status == "ok" and ratio is not None and ratio < self.settings.min_coverage:
            status = "incomplete"
        return Provenance(
            backend="llm",
            status=status,
            model=session.llm.model,
            mode=session.llm.mode,
            prompt_version=self.prompts.version,
            llm_calls=usage.requests,
            cached_calls=usage.cached,
            reasks=usage.reasks,
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            cost=self.settings.cost(usage.prompt_tokens, usage.completion_tokens),
            fallbacks=[*session.fallbacks, *session.notes, *notes],
            fallback_sections=list(session.fallback_stages),
            coverage=dict(session.coverage),
            coverage_ratio=ratio,
            tool_version=__version__,
        )

    def fingerprint(self) -> dict[str, Any]:
        settings: dict[str, Any] = {
            "backend": "llm",
            "model": self.settings.model,
            "mode": self.settings.mode,
            "prompt_version": self.prompts.version,
        }
        if self.settings.min_coverage != DEFAULT_MIN_COVERAGE:  # it decides the status a report gets
            settings["min_coverage"] = self.settings.min_coverage
        return {**settings, "replay": True} if self.settings.replay else settings

    def usage(self) -> BackendUsage:
        t = self.totals
        tokens = t.prompt_tokens + t.completion_tokens
        return BackendUsage(t.requests, t.cached, tokens, t.reasks, self.meter.waiting())

    def summary(self) -> str:
        """One line for the end of a run: calls, cache hits, re-asks, tokens, cost, 429 pauses."""
        t = self.totals
        cost = self.settings.cost(t.prompt_tokens, t.completion_tokens)
        pauses = self.gate.stats.pauses if self.gate is not None else 0
        return (
            f"LLM: {t.requests} request(s), {t.cached} cached call(s), {t.reasks} re-ask(s), "
            f"{t.prompt_tokens}+{t.completion_tokens} tokens"
            + (f", cost {cost:.4f}" if cost is not None else "")
            + (f"; {pauses} run-wide pause(s) after 429" if pauses else "")
            + (f", {t.refused} refused connection(s)" if t.refused else "")
        )

    def close(self) -> None:
        if self.drift:  # informational: `summarizer cassettes check` lists and refreshes them
            log.info(
                "%d replayed request(s) changed since recording: %s",
                len(self.drift),
                "; ".join(self.drift[:5]),
            )
        with self._lock:
            if self._cache is not None:
                self._cache.close()
                self._cache = None

    # ----------------------------------------------------------------------------------- sessions

    def _session(self, ctx: ReportContext) -> _Session:
        with self._lock:  # sessions share the lazily made client and cache
            if ctx.backend_state is None:
                ctx.backend_state = self._new_session(ctx.doc, ctx.numbers)
            return ctx.backend_state

    def _new_session(self, doc: Document, numbers: SourceIndex) -> _Session:
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
            # what the endpoint answers is scrubbed before it is parsed, stored or recorded
            create = scrubbing(create or self._live_create())
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
            meter=self.meter,
            modes=self.modes,
        )
        return _Session(llm, numbers, replay=replay)

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
                http_client=http_client(settings.timeout),  # the timeout bounds the whole request too
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
        self.meter.add(Usage(cached=usage.cached))  # requests and tokens reached the meter as they happened

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
        state = GroundingState(
            doc, spans=spans, numbers=session.numbers, views=session.views, report_year=info.report_year
        )
        try:
            result = self._call(session, label, extraction_model(stages), messages, state)
        except SectionError as err:
            failure = err
        else:
            _harvest(doc, outline, result, state, harvest)
            return
        # Outside the except block: a part's own error must not carry this call's as its context.
        if len(call) > 1 and not _is_transport(failure):
            log.info("%s failed (%s); asking part by part", label, failure.reason)
            for host in call:
                self._run_call(session, doc, outline, info, [host], harvest)
            return
        for unit in units:
            self._fall_back(unit, failure, harvest)

    def _fall_back(self, unit: Unit, err: SectionError, harvest: Harvest) -> None:
        """The rules answer this unit: the floor keeps their items; the reason goes to provenance."""
        self._refuse_fallback(f"{STAGE_LABELS[unit.stage]} ({unit.key})", err)
        harvest.fallbacks.append(f"{STAGE_LABELS[unit.stage]} ({unit.key}): {err.reason}; rules used instead")
        if unit.stage not in harvest.fallback_stages:
            harvest.fallback_stages.append(unit.stage)
        harvest.items.pop(unit.stage, None)

    # ----------------------------------------------------------------------------------- assembly

    def _items_for(self, harvest: Harvest, stage: str) -> list[Item]:
        """The model's items of a stage; none when the stage fell back to the rules."""
        if stage in harvest.fallback_stages:
            return []
        return harvest.items.get(stage, [])


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
        scrub(f"{p[len(prefix) :]}: {msg}")
        for p, msgs in problems.items()
        if p.startswith(prefix)
        for msg in msgs
    ]


def _ground(
    doc: Document, quote: str, spans: list[tuple[int, int]], views: grounding.Views
) -> tuple[tuple[int, int], bool]:
    """Where a quote sits (clean span) and whether it was found; unfound quotes get the nearest sentence."""
    span = grounding.locate_quote(doc, quote, spans, views)
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
    harvest: Harvest,
) -> None:
    answer: ExtractionOut = result.value  # type: ignore[assignment]
    problems = result.problems
    achievements = state.spans.get("achievements", [])
    measures: list[tuple[Any, Measure]] = []
    for i, measure in enumerate(getattr(answer, "measures", [])):
        if _worthless(doc, harvest.echoes, measure.quote, measure.title, measure.summary):
            continue
        (start, end), _ = _ground(doc, measure.quote, achievements, state.views)
        if start == end:
            continue  # nothing in the source near it: a fact that points nowhere is not kept
        title, cut_title = _bounded_text(measure.title, "title", TITLE_CHARS)
        summary, cut_summary = _bounded_text(measure.summary, "summary", SUMMARY_CHARS)
        issues = _problems_under(problems, f"measures[{i}]") + cut_title + cut_summary
        found = Measure(
            **doc.grounded(start, end),
            area=area_at(outline, start),
            title=title,
            summary=summary,
            verified=not issues,
            problems=issues,
            origin="llm",
        )
        # the same summary on the same place is the same measure, whatever its title
        measures.append(((grounding.normalize(summary), start, end), found))
    harvest.measures += _at_most(harvest, "measures", measures, grounding.clauses_in(doc, achievements))
    metric_spans = achievements + state.spans.get("first_responsible", [])
    metrics: list[tuple[Any, Metric]] = []
    ranges = 0
    for i, metric in enumerate(getattr(answer, "metrics", [])):
        if not _has_numeral(metric.value) or _worthless(doc, harvest.echoes, metric.quote, metric.name):
            continue  # no quantity at all: nothing to keep
        found = _metric(doc, outline, metric, metric_spans, state, _problems_under(problems, f"metrics[{i}]"))
        if found is None:
            ranges += 1
        elif found.end > found.start:
            metrics.append(((grounding.normalize(found.name), found.value, found.start, found.end), found))
    if ranges:
        harvest.notes.append(f"metrics: {ranges} range(s) of the model dropped (a range is no one figure)")
    # a metric is a figure of the source: there are no more of them than figures in the text sent
    figures = sum(1 + len(m.parts) for s, e in metric_spans for m in grounding.mentions_in(state.index, s, e))
    harvest.metrics += _at_most(harvest, "metrics", metrics, figures)
    for field_name in ("shortcomings", "plans", "first_responsible"):
        if field_name not in type(answer).model_fields:
            continue
        spans = state.spans.get(field_name, [])
        items: list[tuple[Any, Item]] = []
        for i, item in enumerate(getattr(answer, field_name)):
            if _worthless(doc, harvest.echoes, item.quote, item.title):
                continue
            (start, end), _ = _ground(doc, item.quote, spans, state.views)
            if start == end:
                continue
            title, cut = _bounded_text(item.title, "title", TITLE_CHARS)
            issues = _problems_under(problems, f"{field_name}[{i}]") + cut
            found_item = Item(
                **doc.grounded(start, end), title=title, verified=not issues, problems=issues, origin="llm"
            )
            items.append(((grounding.normalize(title), start, end), found_item))
        kept = _at_most(harvest, field_name, items, grounding.clauses_in(doc, spans))
        harvest.items.setdefault(field_name, []).extend(kept)
    if "causes" in type(answer).model_fields:
        # causes count as given only with a verified quote of the source that states causes
        # (grounding.check_causes); the rules' judgement stands otherwise
        causes = answer.causes.strip()  # type: ignore[attr-defined]
        if causes and not problems.get("causes") and not _worthless(doc, harvest.echoes, causes):
            harvest.causes_given = True


def _has_numeral(value: str) -> bool:
    """Whether a value writes a quantity at all; full-width digits (４７件) are read as the number engine
    reads them, like ASCII ones."""
    return bool(NUMERALS & set(unicodedata.normalize("NFKC", value)))


def _at_most(harvest: Harvest, kind: str, found: list[tuple[Any, Any]], most: int) -> list[Any]:
    """The model's items of one kind from one answer, each once and no more than ``most``.

    A repeated item (the same words on the same place) says nothing new and is dropped; beyond one item
    per clause of the source sent (per figure, for metrics) an answer says more than the text holds,
    and the rest is dropped too. Either is recorded in provenance; only the second degrades the report
    (something the model said was left out).
    """
    seen: set[Any] = set()
    once = [item for key, item in found if not (key in seen or seen.add(key))]
    if len(once) < len(found):
        harvest.notes.append(
            f"{kind}: {len(found) - len(once)} repeated item(s) of the model's answer dropped"
        )
    if len(once) > most:
        harvest.notes.append(
            f"{kind}: {len(once) - most} item(s) dropped beyond the {most} the source text sent can hold"
        )
        harvest.trimmed += len(once) - most
    return once[:most]


def _bounded_text(text: str, field_name: str, limit: int) -> tuple[str, list[str]]:
    """A text the model wrote, as we store it (see :func:`_model_text`), cut at ``limit`` characters
    with a problem saying so: the prompts ask for short texts, and a page-long one is no summary."""
    text = _model_text(text)
    if len(text) <= limit:
        return text, []
    return text[:limit] + "…", [f"{field_name}: 长{len(text)}字，远超提示的长度，只保留了前{limit}字"]


def _model_text(text: str) -> str:
    """A text the model wrote, as we store it: trimmed, and never carrying a key it may have echoed."""
    return scrub(text.strip())


def _worthless(doc: Document, echoes: str, quote: str, *texts: str) -> bool:
    """A row the lenient last attempt let through that says nothing: no quote (a title with no evidence
    points nowhere in the source), no content (``""``, ``"]"``), or our own instructions or re-ask
    repeated (每项安排一条，不收问题). A quote that is merely not found is kept, marked unverified."""
    texts = tuple(t for t in (quote, *texts) if t)
    cores = [grounding.normalize(t) for t in texts]
    if not quote.strip() or sum(map(len, cores)) < 2:
        return True
    if any(phrase in " ".join(t.lower().split()) for t in texts for phrase in REASK_PHRASES):
        return True
    whole = [(0, len(doc.text))]
    return any(
        len(core) >= 4 and core in echoes and grounding.locate_quote(doc, text, whole) is None
        for core, text in zip(cores, texts, strict=True)
    )


def keep_floor(model: list[Any], rules: list[Any], coverage: dict[str, Coverage], kind: str) -> list[Any]:
    """The model's items plus every rules item no verified model item covers (same source span), marked
    ``origin="rules"``; records the kind's coverage. The LLM may add and improve, never lose."""
    verified = sorted((m.start, m.end) for m in model if m.verified)
    kept = [r for r in rules if not _covered(r, verified)]
    coverage[kind] = Coverage(
        rules=len(rules),
        model=len(verified),
        matched=len(rules) - len(kept),
        kept_from_rules=len(kept),
        ratio=round((len(rules) - len(kept)) / len(rules), 3) if rules else 1.0,
    )
    marked = [r.model_copy(update={"origin": "rules"}) for r in kept]
    return sorted([*model, *marked], key=lambda item: (item.start, item.end))


def unverified_count(items: list[Any]) -> int:
    """How many of the model's own items are kept unverified."""
    return sum(1 for item in items if item.origin == "llm" and not item.verified)


def _covered(item: Any, spans: list[tuple[int, int]]) -> bool:
    return any(start < item.end and item.start < end for start, end in spans)


def coverage_ratio(coverage: dict[str, Coverage]) -> float | None:
    """The mean ratio over the kinds the rules find (None before extraction or when they find nothing)."""
    ratios = [c.ratio for c in coverage.values() if c.rules]
    return round(sum(ratios) / len(ratios), 3) if ratios else None


def _metric(
    doc: Document,
    outline: Outline,
    metric: Any,
    spans: list[tuple[int, int]],
    state: GroundingState,
    issues: list[str],
) -> Metric | None:
    """The model's metric as the source states it, or None for a range (建成阵地3至5个): like the rules'
    metrics, a range is no one figure to compare, and it has no value to write."""
    (qstart, qend), found = _ground(doc, metric.quote, spans, state.views)
    mention = (
        grounding.source_mention(state.index, metric.value, (qstart, qend), name=metric.name)
        if found
        else None
    )
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
    if mention is not None and mention.value is None:
        return None
    name, cut_name = _bounded_text(metric.name, "name", TITLE_CHARS)
    written, cut_value = _bounded_text(metric.value, "value", TITLE_CHARS)
    issues = [*issues, *cut_name, *cut_value]
    value, unit, qualifier, kind, direction = _mention_fields(mention, written)
    before = doc.folded[max(0, start - extract_rules.INDICATOR_CHARS) : start]
    return Metric(
        **doc.grounded(start, end),
        name=name,
        value=value,
        unit=unit,
        qualifier=qualifier,
        kind=kind,
        direction=direction,
        **(bounds_of(mention) if mention is not None else {}),
        indicator=indicator_for(before, metric.name, kind, unit, direction),
        period=period_at(
            doc, start, state.report_year, getattr(mention, "flags", frozenset())
        ),  # the source's words, not the model's
        area=area_at(outline, start) if section == "achievements" else None,
        section=section,
        verified=not issues,
        problems=[scrub(i) for i in issues],
        origin="llm",
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
    measures, metrics = _pick_measures(_own(report.measures)), _pick_metrics(_own(report.metrics))
    if len(measures) + len(metrics) < MIN_MODEL_FACTS:
        return "", {}  # the model verified too little to write from: the rules choose the points
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


def _own(facts: list[Any]) -> list[Any]:
    """The model's own facts: the briefing call elaborates on what the model itself verified (rules-kept
    facts reach the briefing through its key figures)."""
    return [f for f in facts if f.origin == "llm"]


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


def briefing_points(
    result: CallResult, refs: dict[str, Any], state: GroundingState
) -> tuple[list[BriefingPoint], list[str]]:
    """The model's headline points, each once, no more than the facts it was given (the prompt asks for
    3～5), each at most HEADLINE_CHARS long and anchored where the source says it (:func:`_anchor`);
    and notes on what was dropped."""
    answer: BriefingOut = result.value  # type: ignore[assignment]
    points: list[BriefingPoint] = []
    seen: set[str] = set()
    repeats = 0
    for point in answer.headline:
        text, cut = _bounded_text(point.text, "text", HEADLINE_CHARS)
        core = grounding.normalize(text)
        if not core or BARE_TITLE.fullmatch(text):
            continue  # an empty point, or a bold title with nothing after it, is never written
        if core in seen:
            repeats += 1
            continue
        seen.add(core)
        cited = [refs[r] for r in point.refs if r in refs]
        span, problems = _anchor(state, text, cited, point.refs)
        problems += cut
        points.append(
            BriefingPoint(
                kind="headline",
                text=text,
                start=span[0] if span else None,
                end=span[1] if span else None,
                verified=not problems,
                problems=problems,
            )
        )
    notes = [f"briefing: {repeats} repeated point(s) dropped"] if repeats else []
    # Past one point per fact given, points can only repeat the material; up to there each is kept and
    # judged on its own (a lie dropped unseen would look like none was told).
    most = max(MAX_HEADLINE_POINTS, len(refs))
    if len(points) > most:
        notes.append(f"briefing: {len(points) - most} point(s) dropped beyond one per fact of the material")
    return points[:most], notes


def _anchor(
    state: GroundingState, text: str, cited: list[Any], refs: list[str]
) -> tuple[tuple[int, int] | None, list[str]]:
    """Where a headline point stands in the source (original offsets), or a problem.

    A point is grounded by its own text, not by the ids it cites: a cited fact anchors it only when the
    fact's paragraph holds most of the point's words and, if the point has figures, one of them. Else
    the point stands where the source says the first of its figures the number checks support (they
    judge the others); a point in neither place points nowhere and is marked.
    """
    doc, index = state.doc, state.index
    figures = [m.raw for m in extract_mentions(text) if m.is_quantity]
    for fact in cited:
        span = doc.to_clean(fact.start, fact.end)
        where = grounding.paragraph_around(doc, span)
        share = grounding.words_grounded(doc, span, text)
        worded = share >= POINT_WORDS_GROUNDED if share is not None else bool(figures)
        if worded and (not figures or any(grounding.source_mention(index, f, where) for f in figures)):
            return (fact.start, fact.end), []
    for check in index.check(text) if figures else []:  # where the source says the point's figures
        if check.text in figures and check.status not in grounding.FAILING and check.source:
            clean = doc.to_clean(check.source[0].start, check.source[0].end)
            return doc.to_original(*grounding.clause_around(doc, *clean)), []
    where = "、".join(refs) or "（无）"
    if figures:
        return None, [f"要点的数字不在它引用的材料{where}的原文中，原文中也找不到"]
    return None, [f"要点的说法在它引用的材料{where}的原文中找不到依据"]
