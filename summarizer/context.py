"""What a backend is handed and hands back, below both the pipeline and the LLM package.

``ReportContext`` is one report's state, made once by :func:`summarizer.pipeline.process` and passed
to every stage that needs more than the document: the stages never look it up in module-level caches
keyed by the document (which thrash when several reports run at once, or outlive their report).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from summarizer.document import Document
from summarizer.models import DocumentInfo

if TYPE_CHECKING:
    from summarizer.numbers import SourceIndex
    from summarizer.outline import Outline


@dataclass(eq=False)
class ReportContext:
    """One report on its way through the pipeline."""

    doc: Document
    info: DocumentInfo  # metadata and layout (title, issuer, level, dates, document type)
    outline: Outline
    part_kinds: frozenset[str]  # the statutory parts the outline found (achievements, shortcomings…)
    numbers: SourceIndex  # every number of the source, for the extractor, the validators and the verifier
    backend_state: Any = None  # the backend's own per-report state (the LLM backend: its session)


@dataclass(frozen=True)
class BackendUsage:
    """A backend's work so far, for the progress line (all zero, or None, offline)."""

    requests: int = 0
    cached: int = 0
    tokens: int = 0
    reasks: int = 0
    waiting: float = 0.0  # seconds the oldest request in flight has waited for its answer
