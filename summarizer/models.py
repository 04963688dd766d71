"""The data model: every structure summarizer reads or writes, in one file.

These pydantic models are the single source of truth. ``schemas/report.schema.json`` is exported
from :class:`Report` (``summarizer schema``) and a test keeps the file in sync.

Offsets (``start``/``end``) are Python string indices, half-open ``[start, end)``, into the text
*as read*: the decoded input file, before any cleaning. ``text`` fields hold the cleaned quote in
the source's own script, so ``original[start:end]`` and ``text`` agree except for removed noise,
HTML markup and normalised whitespace.
"""

# No ``from __future__ import annotations``: pydantic would compile and evaluate each of the ~150
# annotations back from its string at every start (~11 M instructions); only Section names itself.
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Built per number and read by `summarizer verify`, these are plain dataclasses (see summarizer.checks);
# the models below embed them and pydantic validates and exports them like the rest.
from summarizer.checks import NoiseSpan, NumberCheck, Qualifier, VerificationSummary

# 2.0: verification.results holds the failing checks only; the passing ones are rows in verification.passed
# 2.1: metrics[].period (the span of time a figure covers)
# 2.2: period other_year (a single year other than the report year: 上年度, 2022年 in a 2023 report)
SCHEMA_VERSION = "2.2"

Level = Literal["province", "city", "county", "township", "department", "central_department", "other"]
Script = Literal["simplified", "traditional", "mixed"]
Period = Literal["year", "cumulative", "as_of", "part_year", "other_year"]
SectionKind = Literal[
    "preamble",
    "achievements",
    "first_responsible_person",
    "shortcomings",
    "next_year_plan",
    "other_matters",
    "closing",
]
Area = Literal[
    "party_leadership",
    "gov_functions",
    "rules_system",
    "decision_making",
    "law_enforcement",
    "emergency",
    "dispute_resolution",
    "oversight",
    "digital",
    "capacity_and_publicity",
    "public_legal_services",
    "grassroots_governance",
    "demonstration",
    "business_environment",
    "other",
]
DocType = Literal[
    "rol_annual_report",  # 法治政府建设年度报告 — the only type we extract from
    "gis_annual_report",  # 政府信息公开工作年度报告
    "work_plan",  # 实施方案 / 工作要点 / 规划 / 工作安排
    "interpretation",  # 政策解读
    "personal_report",  # 个人述法报告
    "government_work_report",  # 政府工作报告
    "news",  # a news article about a report or a meeting
    "template",  # a 范文 with masked names (*区, xx街道)
    "other",  # not about rule-of-law government at all, not Chinese text, a half-year report …
]
EvidenceSource = Literal[
    "title",
    "first_sentence",
    "body",
    "heading",
    "signature",
    "recipients",
    "page_meta",
    "html_title",
    "gazetteer",
]
# Who found an item of an LLM result: the model, or the rules backend (the floor the model must not lose).
Origin = Literal["llm", "rules"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Grounded(Model):
    """Anything that points back into the source."""

    text: str = Field(description="The cleaned source quote, in the source's own script.")
    start: int = Field(ge=0, description="Start offset into the text as read.")
    end: int = Field(ge=0, description="End offset (exclusive) into the text as read.")


# --------------------------------------------------------------------------- source & document


class SourceInfo(Model):
    path: str
    sha256: str
    encoding: str = Field(description="Detected input encoding, e.g. utf-8, utf-8-sig, gb18030, utf-16.")
    format: Literal["text", "html", "docx"] = "text"
    script: Script
    chars: int = Field(description="Length of the text as read (after decoding).")
    clean_chars: int = Field(description="Length of the cleaned text.")
    removed_noise: list[NoiseSpan] = []


class FieldEvidence(Model):
    """Where a document fact was read: a span of the text as read (``start``/``end``) and its place."""

    source: EvidenceSource
    text: str = Field(description="The words the fact was read from, in the source's own script.")
    start: int | None = Field(None, ge=0, description="Start offset into the text as read, when known.")
    end: int | None = Field(None, ge=0)


class DocumentInfo(Model):
    title: str | None = None
    title_source: Literal["body", "meta", "inferred"] | None = Field(
        None,
        description="body: a title line; meta: the page <title> or 政务公开 block; inferred: built by us.",
    )
    issuer: str | None = Field(None, description="e.g. 中共襄城县委 襄城县人民政府, 广安市司法局, 黄石市.")
    issuer_names: list[str] = Field([], description="Each issuing body named separately.")
    level: Level = "other"
    report_year: int | None = Field(None, description="The year reported on.")
    plan_year: int | None = Field(None, description="The year named by the next-year plan heading.")
    signed_date: date | None = Field(None, description="Date in the closing/signature block.")
    published_date: date | None = Field(None, description="Page publication date (never a site banner date).")
    recipients: list[str] = Field([], description="Addressees, e.g. 中共许昌市委, 许昌市人民政府.")
    doc_type: DocType = "rol_annual_report"
    doc_type_label: str = Field("法治政府建设年度报告", description="The genre named in Chinese.")
    doc_type_confidence: float = Field(
        1.0, ge=0, le=1, description="How sure the genre call is (low: accepted for want of evidence)."
    )
    doc_type_reasons: list[str] = []
    evidence: dict[str, FieldEvidence] = Field(
        {},
        description="Per field (title, issuer, level, report_year, signed_date, published_date, recipients): "
        "the span it was read from and where that span sits.",
    )


class Section(Model):
    kind: SectionKind | None = Field(None, description="Regulation item; set on top-level parts.")
    area: Area | None = Field(None, description="纲要 area; set on achievement subsections.")
    marker: str | None = Field(None, description="Heading marker as written: 一、 (一) 1. 1、 一是 …")
    heading: str | None = None
    level: int = Field(description="1 for top-level parts, 2 for their subsections, …")
    start: int
    end: int
    children: list["Section"] = []


# --------------------------------------------------------------------------- extracted facts


class Measure(Grounded):
    area: Area | None = None
    title: str = Field(description="Short name of the measure (usually the subsection heading).")
    summary: str = Field(description="One or two sentences on what was done.")
    verified: bool = True
    problems: list[str] = Field([], description="Why the measure is unverified (LLM output only).")
    origin: Origin | None = Field(
        None, description="LLM backend only: found by the model or kept from the rules."
    )


class Metric(Grounded):
    name: str = Field(description="What is counted, from the surrounding words.")
    value: str = Field(description="Exact value as a decimal string in base units (3.98万 -> 39800).")
    unit: str = Field(description="Measure word or unit as normalised: 件 人次 % 元 …")
    qualifier: Qualifier = "exact"
    kind: str = Field(description="count | money | percent | pct_point | pct_change | rank | …")
    direction: Literal["up", "down"] | None = None
    value_from: str | None = Field(None, description="The starting value of 由A提升至B (A), B being value.")
    low: str | None = Field(
        None, description="Lower bound the qualifier implies (1260余 -> 1260); None: open."
    )
    high: str | None = Field(
        None, description="Upper bound the qualifier implies (1260余 -> 1270); None: open."
    )
    indicator: str | None = Field(
        None, description="Comparable indicator code (data/indicators.json), e.g. court_appearance_rate."
    )
    period: Period = Field(
        "year",
        description="The span of time the figure covers: year (the report year), cumulative (累计, …以来: "
        "a running total), as_of (截至目前, 现有: a stock at a date), part_year (上半年, 一季度) or "
        "other_year (上年度, or a year other than the report year: a figure to compare with, not the "
        "report's own); only figures of one period compare.",
    )
    area: Area | None = None
    section: SectionKind | None = None
    verified: bool = True
    problems: list[str] = Field([], description="Why the metric is unverified (LLM output only).")
    origin: Origin | None = Field(
        None, description="LLM backend only: found by the model or kept from the rules."
    )


class Item(Grounded):
    """One shortcoming, plan item or first-responsible-person fact."""

    title: str | None = Field(None, description="The item's own heading, when it has one.")
    verified: bool = True
    problems: list[str] = Field([], description="Why the item is unverified (LLM output only).")
    origin: Origin | None = Field(
        None, description="LLM backend only: found by the model or kept from the rules."
    )


class FirstResponsible(Model):
    present: bool
    placement: Literal["standalone", "nested", "inline", "absent"]
    items: list[Item] = []


class Shortcomings(Model):
    present: bool
    placement: Literal["standalone", "combined_with_plan", "inline_in_results", "absent"]
    causes_given: bool = Field(description="Whether causes (原因) are actually stated, not just named.")
    items: list[Item] = []


class Plans(Model):
    present: bool
    year: int | None = None
    items: list[Item] = []


class Deadline(Model):
    rule: str = Field(description="Which rule applies, e.g. 规定第二十四条 publication by 4月1日.")
    deadline: date
    actual: date | None = None
    on_time: bool | None = None


class Compliance(Model):
    achievements: bool
    shortcomings: bool
    causes_given: bool
    first_responsible_person: bool
    next_year_plan: bool
    other_matters: bool
    plan_year_ok: bool | None = Field(None, description="Plan heading names report_year + 1.")
    reporting: Deadline | None = None
    publication: Deadline | None = None
    missing: list[str] = Field([], description="Required items not found, in the regulation's words.")
    score: str = Field(description="e.g. 4/5: required items present out of the five.")


class BriefingPoint(Model):
    kind: Literal["headline", "figure", "shortcoming", "plan", "completeness"]
    text: str
    start: int | None = None
    end: int | None = None
    verified: bool = True
    problems: list[str] = Field(
        [], description="Why the point is unverified: each failing number and verdict."
    )


class Briefing(Model):
    markdown: str
    points: list[BriefingPoint] = []


# --------------------------------------------------------------------------- verification


# Where a passing check stands in ``PassedChecks``: a JSON path's last step (``text``, ``issuer_names[0]``)
# under the path of the object holding it (``measures[4]``, ``document``; ``""`` for a top-level key).
CheckRows = dict[str, dict[str, list[int]]]


class PassedChecks(Model):
    """The checks that passed, as a report's JSON file stores them (nine in ten checks; in memory they
    are all in ``Verification.results``). Per verdict, then per object and field of the checked text
    (``measures[4]`` → ``text``), a flat list of triples ``start, end, span``: the number's offsets in
    the field's text and the index in ``spans`` of the source spans that back it. For ``metrics[i].value``
    and the document's years the offsets are into the value as checked (``39800余份``, ``2024年``). The
    status follows from the verdict: ``identifier`` is ``ignored``, the others ``supported``. The number's
    text is the field's text at its offsets and the source's words are the source at its spans; the
    reasons in full: ``summarizer verify SOURCE REPORT.json --json``."""

    spans: list[list[int]] = Field(
        [],
        description="Source spans of passing checks, each as [start, end, start, end, …] (offsets into the "
        "text as read; [] when a check has none, as an identifier may not); rows give their index.",
    )
    match: CheckRows = {}
    consistent: CheckRows = {}
    rounded: CheckRows = {}
    derived: CheckRows = {}
    identifier: CheckRows = {}


class Verification(Model):
    status: Literal["verified", "unverified"]
    summary: VerificationSummary
    results: list[NumberCheck] = Field(
        [],
        description="Every check, in checking order; in a report's JSON file the failing ones (unsupported, "
        "mismatch) in full, the others in passed.",
    )
    passed: PassedChecks | None = Field(
        None, description="In a report's JSON file: the checks that passed, compactly (see PassedChecks)."
    )


# --------------------------------------------------------------------------- provenance & report


class Coverage(Model):
    """How much of what the rules backend finds the model found itself, for one kind of item."""

    rules: int = Field(description="Items the rules backend finds.")
    model: int = Field(description="Items the model wrote that verified.")
    matched: int = Field(description="Rules items that a verified model item covers (same source span).")
    kept_from_rules: int = Field(description="Rules items the model missed, kept with origin 'rules'.")
    ratio: float = Field(description="matched / rules (1.0 when the rules find none).")


class Provenance(Model):
    backend: Literal["rules", "llm"]
    status: Literal["ok", "degraded", "incomplete"] = Field(
        "ok",
        description="LLM backend: degraded when a section fell back to the rules, when items of the model are "
        "kept unverified or were dropped beyond what the source holds (see fallbacks), incomplete when the "
        "model covered less than the coverage threshold of what the rules find.",
    )
    model: str | None = None
    mode: str | None = None
    prompt_version: str | None = None
    llm_calls: int = 0
    cached_calls: int = 0
    reasks: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    fallbacks: list[str] = Field([], description="Sections that fell back to the rules backend, and why.")
    fallback_sections: list[str] = Field(
        [],
        description="The parts answered by the rules fallback: achievements, first_responsible, …, briefing.",
    )
    coverage: dict[str, Coverage] = Field(
        {}, description="LLM backend, per kind (measures, metrics, shortcomings, plans, first_responsible)."
    )
    coverage_ratio: float | None = Field(
        None,
        description="Mean of the per-kind ratios over the kinds the rules find; below the threshold: incomplete.",
    )
    tool_version: str


class Report(Model):
    """The structured result for one 法治政府建设年度报告."""

    schema_version: str = SCHEMA_VERSION
    status: Literal["complete", "partial"] = Field(
        "complete", description="partial: required parts are absent (see compliance.missing and warnings)."
    )
    source: SourceInfo
    document: DocumentInfo
    sections: list[Section] = []
    measures: list[Measure] = []
    metrics: list[Metric] = []
    first_responsible_person: FirstResponsible
    shortcomings: Shortcomings
    plans: Plans
    compliance: Compliance
    briefing: Briefing
    verification: Verification
    provenance: Provenance
    warnings: list[str] = []


class Extraction(Model):
    """What an extraction backend (rules or LLM) returns; the pipeline assembles the Report."""

    measures: list[Measure] = []
    metrics: list[Metric] = []
    first_responsible_person: FirstResponsible
    shortcomings: Shortcomings
    plans: Plans
    headline: list[BriefingPoint] = Field([], description="Backend-written briefing points, if any.")
    provenance: Provenance
