"""One report through every stage: read & clean → outline → extract → verify → (render elsewhere).

Data flows one way. Each stage is its own module; this one only wires them and picks the backend.
The LLM backend is imported lazily so the offline path never loads openai/instructor.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from summarizer import compliance, extract_rules
from summarizer.briefing import build_briefing
from summarizer.context import BackendUsage, ReportContext
from summarizer.document import Document
from summarizer.errors import NotAReportError
from summarizer.metadata import read_facts
from summarizer.models import (
    Briefing,
    BriefingPoint,
    Compliance,
    DocumentInfo,
    Extraction,
    Report,
    SourceInfo,
    Verification,
    VerificationSummary,
)
from summarizer.numbers.match import SourceIndex
from summarizer.outline import build_outline, plan_spans, to_sections
from summarizer.reader import read_path
from summarizer.verify import VerifyResult, apply_verdicts, verify_report


class Backend(Protocol):
    """What the pipeline and the runner need of a backend (rules here, LLM in summarizer.llm.backend)."""

    concurrent: bool  # reports may run on several threads (the backend waits on the network, not the CPU)

    def fingerprint(self) -> dict[str, Any]:
        """The backend settings that shape a report's outputs (a change redoes the report on a rerun)."""
        ...

    def extract(self, ctx: ReportContext) -> Extraction: ...

    def brief(self, ctx: ReportContext, report: Report) -> list[BriefingPoint] | None: ...

    def usage(self) -> BackendUsage | None:
        """Work so far, for the progress line; None when there is nothing to count."""
        ...

    def summary(self) -> str | None:
        """One closing line for the run, or None."""
        ...

    def close(self) -> None: ...


class RulesBackend:
    """The offline default: extractive, deterministic, no network."""

    concurrent = False  # CPU-bound pure Python: threads gain nothing under the GIL

    def fingerprint(self) -> dict[str, Any]:
        return {"backend": "rules"}

    def extract(self, ctx: ReportContext) -> Extraction:
        return extract_rules.extract(ctx.doc, ctx.outline, ctx.info, ctx.numbers)

    def brief(self, ctx: ReportContext, report: Report) -> list[BriefingPoint] | None:
        return None  # the briefing module chooses the points from the extraction

    def usage(self) -> BackendUsage | None:
        return None

    def summary(self) -> str | None:
        return None

    def close(self) -> None:
        pass


@dataclass
class Options:
    strict: bool = False  # reject rounded restatements in verification
    accept_any: bool = False  # process a document even when it looks like another genre


def process_path(path: str | Path, backend: Backend, options: Options | None = None) -> Report:
    return process(read_path(path), backend, options)


def process(doc: Document, backend: Backend, options: Options | None = None) -> Report:
    """The structured, verified report for one document. Raises NotAReportError for a document that
    shows another genre (unless ``options.accept_any``); a report missing parts comes back partial."""
    options = options or Options()
    return report_of(context_for(doc, options), backend, options)


def context_for(doc: Document, options: Options | None = None) -> ReportContext:
    """Read & clean → metadata and layout → outline → numbers, once per report; NotAReportError for
    look-alikes (checked before the number index, the costliest part, is built)."""
    options = options or Options()
    info, layout = read_facts(doc)
    if info.doc_type != "rol_annual_report" and not options.accept_any:
        raise NotAReportError(
            f"not a 法治政府建设年度报告: looks like {info.doc_type_label} ({'; '.join(info.doc_type_reasons)});"
            " --accept-any processes it anyway"
        )
    outline = build_outline(doc, layout)
    kinds = frozenset(part.kind for part in outline.parts if part.kind)
    numbers = SourceIndex(doc, report_year=info.report_year, plan_spans=plan_spans(outline))
    return ReportContext(doc=doc, info=info, outline=outline, part_kinds=kinds, numbers=numbers)


def report_of(ctx: ReportContext, backend: Backend, options: Options | None = None) -> Report:
    """Extract (by the backend) → brief → verify, for a report's context."""
    options = options or Options()
    doc, outline = ctx.doc, ctx.outline
    extraction = backend.extract(ctx)
    info = ctx.info.model_copy(update={"plan_year": extraction.plans.year})
    report_compliance = compliance.assess(info, extraction, set(ctx.part_kinds))
    absent = absent_parts(report_compliance, extraction)
    report = Report(
        status="partial" if absent else "complete",
        source=source_info(doc),
        document=info,
        sections=to_sections(doc, outline),
        measures=extraction.measures,
        metrics=extraction.metrics,
        first_responsible_person=extraction.first_responsible_person,
        shortcomings=extraction.shortcomings,
        plans=extraction.plans,
        compliance=report_compliance,
        briefing=Briefing(markdown=""),
        verification=Verification(status="verified", summary=VerificationSummary()),
        provenance=extraction.provenance,
        warnings=warnings_for(info, extraction, absent) + cut_warnings(doc),
    )
    report.briefing = build_briefing(report, doc, backend.brief(ctx, report))
    # verify_report skips what is ours rather than a claim about the source (compliance, provenance…)
    result = verify_report(doc, report, strict=options.strict, numbers=ctx.numbers)
    report.verification = verification_of(result)
    apply_verdicts(report, result)
    return report


def verification_of(result: VerifyResult) -> Verification:
    return Verification(
        status="verified" if result.ok else "unverified", summary=result.summary, results=result.numbers
    )


def source_info(doc: Document) -> SourceInfo:
    return SourceInfo(
        path=doc.path,
        sha256=doc.sha256,
        encoding=doc.encoding,
        format=doc.format,  # type: ignore[arg-type]
        script=doc.script,
        chars=len(doc.original),
        clean_chars=len(doc.text),
        removed_noise=doc.removed_noise,
    )


def absent_parts(found: Compliance, extraction: Extraction) -> list[str]:
    """The regulation's required parts not found at all (a passing mention of 第一责任人 counts)."""
    present = {
        "achievements": found.achievements,
        "shortcomings": found.shortcomings,
        "first_responsible_person": extraction.first_responsible_person.placement != "absent",
        "next_year_plan": found.next_year_plan,
    }
    return [compliance.REQUIRED[key] for key, ok in present.items() if not ok]


def cut_warnings(doc: Document) -> list[str]:
    """What the reader left out that a user must know of: another report the text goes on with."""
    title = next((span.text for span in doc.removed_noise if span.kind == "next_report"), None)
    return (
        []
        if title is None
        else [f"the text goes on with another report ({title}): left out, run it on its own"]
    )


def warnings_for(info: DocumentInfo, extraction: Extraction, absent: list[str]) -> list[str]:
    warnings = []
    if info.doc_type != "rol_annual_report":
        warnings.append(f"processed with --accept-any although it looks like {info.doc_type_label}")
    if absent:
        warnings.append("partial: not found in the text: " + "、".join(absent))
    if info.title is None:
        warnings.append("no title found")
    if info.report_year is None:
        warnings.append("report year not found in the title or preamble")
    if info.issuer is None:
        warnings.append("issuer not found")
    if extraction.plans.year and info.report_year and extraction.plans.year != info.report_year + 1:
        warnings.append(f"plan heading names {extraction.plans.year}, expected {info.report_year + 1}")
    return warnings
