"""Report → JSON, Markdown and HTML (the page itself: summarizer.render_html); files are written by summarizer.io."""

from __future__ import annotations

import json

from summarizer.briefing import marked_markdown
from summarizer.document import Document
from summarizer.models import Report
from summarizer.render_html import report_page
from summarizer.verify import stored


def to_json(report: Report) -> str:
    """One line, no indentation (``jq .`` shows it indented), passing checks stored without their
    reasons and source contexts (summarizer.verify.stored): half the size, faster to write and read."""
    return report.model_copy(update={"verification": stored(report.verification)}).model_dump_json() + "\n"


def to_markdown(report: Report) -> str:
    """The briefing with its verification status on top and every unverified number marked."""
    return marked_markdown(report)


def to_html(report: Report, doc: Document | None = None) -> str:
    """The review page (summarizer.render_html); with ``doc``, the source text with every span."""
    return report_page(report, doc)


RENDERERS = {"json": to_json, "md": to_markdown, "html": to_html}


def render(fmt: str, report: Report, doc: Document | None = None) -> str:
    """One output of a report; the HTML page also shows the source when ``doc`` is given."""
    return to_html(report, doc) if fmt == "html" else RENDERERS[fmt](report)


def schema_json() -> str:
    return json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
