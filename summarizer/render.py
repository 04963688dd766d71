"""Report → JSON, Markdown, HTML and the cross-report metrics CSV; files are written atomically."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from summarizer.briefing import marked_markdown
from summarizer.models import Report

CSV_COLUMNS = [
    "source", "issuer", "level", "report_year", "indicator", "name", "value", "unit", "qualifier",
    "kind", "direction", "area", "text", "start", "end",
]  # fmt: skip


def to_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def to_markdown(report: Report) -> str:
    """The briefing with its verification status on top and every unverified number marked."""
    return marked_markdown(report)


def to_html(report: Report) -> str:
    """A standalone page: the briefing, then every figure with its source offsets."""
    info = report.document
    rows = "\n".join(
        f"<tr><td>{_e(m.name)}</td><td>{_e(m.value)}</td><td>{_e(m.unit)}</td><td>{_e(m.qualifier)}</td>"
        f"<td>{_e(m.indicator or '')}</td><td>{_e(m.text)}</td><td>{m.start}–{m.end}</td></tr>"
        for m in report.metrics
    )
    points = "\n".join(
        f"<li class='{p.kind}'>{_e(p.text.replace('**', ''))}</li>" for p in report.briefing.points
    )
    title = _e(f"{info.issuer or ''} {info.report_year or ''} 法治政府建设年度报告")
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}td{{border-top:1px solid #ddd;padding:2px 6px}}</style>
</head><body>
<h1>{title}</h1>
<p>verification: <b>{_e(report.verification.status)}</b> · backend: {_e(report.provenance.backend)}</p>
<ul>{points}</ul>
<h2>Figures</h2>
<table><tr><th>name</th><th>value</th><th>unit</th><th>qualifier</th><th>indicator</th><th>source text</th><th>offsets</th></tr>
{rows}
</table></body></html>
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def metric_rows(report: Report) -> Iterable[dict]:
    info = report.document
    for m in report.metrics:
        yield {
            "source": report.source.path, "issuer": info.issuer, "level": info.level,
            "report_year": info.report_year, "indicator": m.indicator, "name": m.name, "value": m.value,
            "unit": m.unit, "qualifier": m.qualifier, "kind": m.kind, "direction": m.direction,
            "area": m.area, "text": m.text, "start": m.start, "end": m.end,
        }  # fmt: skip


def rows_to_csv(rows: Iterable[dict]) -> str:
    """The cross-report metrics table (rows from :func:`metric_rows`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


RENDERERS = {"json": to_json, "md": to_markdown, "html": to_html}


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
