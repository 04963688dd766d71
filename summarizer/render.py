"""Report → JSON, Markdown and HTML (the page itself: summarizer.render_html); files are written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from summarizer.document import Document
from summarizer.models import Report
from summarizer.render_html import report_page


def to_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def to_markdown(report: Report) -> str:
    return report.briefing.markdown


def to_html(report: Report, doc: Document | None = None) -> str:
    """The review page (summarizer.render_html); with ``doc``, the source text with every span."""
    return report_page(report, doc)


RENDERERS = {"json": to_json, "md": to_markdown, "html": to_html}


def render(fmt: str, report: Report, doc: Document | None = None) -> str:
    """One output of a report; the HTML page also shows the source when ``doc`` is given."""
    return to_html(report, doc) if fmt == "html" else RENDERERS[fmt](report)


def write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file in the same directory and rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def schema_json() -> str:
    return json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
