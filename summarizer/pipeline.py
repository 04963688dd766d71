"""One report through every stage: read & clean → outline → extract → verify → (render elsewhere).

Data flows one way. Each stage is its own module; this one only wires them and picks the backend.
The LLM backend is imported lazily so the offline path never loads openai/instructor.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from summarizer import compliance, extract_rules
from summarizer.briefing import build_briefing
from summarizer.document import Document
from summarizer.errors import NotAReportError
from summarizer.metadata import extract_metadata
from summarizer.models import (
    Briefing,
    BriefingPoint,
    DocumentInfo,
    Extraction,
    Report,
    SourceInfo,
    Verification,
    VerificationSummary,
)
from summarizer.outline import Outline, build_outline, to_sections
from summarizer.reader import read_path
from summarizer.verify import apply_verdicts, verification_of, verify_report

DOC_TYPE_LABEL = {
    "gis_annual_report": "政府信息公开工作年度报告",
    "work_plan": "工作要点/实施方案",
    "interpretation": "政策解读",
    "other": "其他文本",
}


class Backend(Protocol):
    """What the pipeline needs of an extraction backend (rules here, LLM in summarizer.llm.backend)."""

    def extract(self, doc: Document, outline: Outline, info: DocumentInfo) -> Extraction: ...

    def brief(self, doc: Document, report: Report) -> list[BriefingPoint] | None: ...


class RulesBackend:
    """The offline default: extractive, deterministic, no network."""

    def extract(self, doc: Document, outline: Outline, info: DocumentInfo) -> Extraction:
        return extract_rules.extract(doc, outline, info)

    def brief(self, doc: Document, report: Report) -> list[BriefingPoint] | None:
        return None  # the briefing module chooses the points from the extraction


@dataclass
class Options:
    strict: bool = False  # reject rounded restatements in verification


def process_path(path: str | Path, backend: Backend, options: Options | None = None) -> Report:
    return process(read_path(path), backend, options)


def process(doc: Document, backend: Backend, options: Options | None = None) -> Report:
    """The structured, verified report for one document. Raises NotAReportError for look-alikes."""
    options = options or Options()
    info = extract_metadata(doc)
    if info.doc_type != "rol_annual_report":
        label = DOC_TYPE_LABEL.get(info.doc_type, info.doc_type)
        raise NotAReportError(
            f"not a 法治政府建设年度报告 (looks like {label}: {'; '.join(info.doc_type_reasons)})"
        )
    outline = build_outline(doc)
    kinds = {part.kind for part in outline.parts if part.kind}
    if not kinds & {"achievements", "shortcomings", "next_year_plan"}:
        raise NotAReportError("not a 法治政府建设年度报告 (no 举措和成效, 不足 or 下一年度安排 part found)")
    extraction = backend.extract(doc, outline, info)
    info = info.model_copy(update={"plan_year": extraction.plans.year})
    report = Report(
        source=source_info(doc),
        document=info,
        sections=to_sections(doc, outline),
        measures=extraction.measures,
        metrics=extraction.metrics,
        first_responsible_person=extraction.first_responsible_person,
        shortcomings=extraction.shortcomings,
        plans=extraction.plans,
        compliance=compliance.assess(info, extraction, kinds),
        briefing=Briefing(markdown=""),
        verification=Verification(status="verified", summary=VerificationSummary()),
        provenance=extraction.provenance,
        warnings=warnings_for(info, extraction),
    )
    report.briefing = build_briefing(report, doc, backend.brief(doc, report))
    # verify_report skips what is ours rather than a claim about the source (compliance, provenance…)
    result = verify_report(doc, report, strict=options.strict)
    report.verification = verification_of(result)
    apply_verdicts(report, result)
    return report


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


def warnings_for(info: DocumentInfo, extraction: Extraction) -> list[str]:
    warnings = []
    if info.report_year is None:
        warnings.append("report year not found in the title or preamble")
    if info.issuer is None:
        warnings.append("issuer not found")
    if extraction.plans.year and info.report_year and extraction.plans.year != info.report_year + 1:
        warnings.append(f"plan heading names {extraction.plans.year}, expected {info.report_year + 1}")
    return warnings
