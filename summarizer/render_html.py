"""The review pages: one self-contained HTML file per report and the batch overview ``index.html``.

Pages load nothing from the network and work from ``file://``: the template, CSS and a few lines of
vanilla JS (``summarizer/templates/``) are inlined. Every string that comes from a report goes
through :func:`escape`, so a report containing markup or script shows it as text.

The report page shows the source *as read* (for an HTML page, its cleaned text: its markup would bury
the report) cut into pieces at every span the report points to: the regulation's parts are bands,
each metric is a number coloured by its verdict with the verdict and its context on hover/focus, and
each piece carries its offsets (``data-a``/``data-b``) so that clicking an item of the panel marks
exactly the pieces of its span.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from summarizer import regexes
from summarizer.document import Document
from summarizer.models import Report
from summarizer.review import (
    AREA_LABELS,
    COVERAGE_LABELS,
    LEVEL_LABELS,
    PLACEMENT_LABELS,
    REVIEW_AREAS,
    SECTION_LABELS,
    STATUS_LABELS,
    MetricView,
    checks_of,
    coverage,
    failing_checks,
    metric_views,
    number_counts,
    on_time,
    verdict_label,
)

CONTEXT_CHARS = 24  # source context either side of a number in its tooltip
FIELD_LABELS = {
    "document": "基本信息", "measures": "举措", "metrics": "指标", "briefing": "简报",
    "shortcomings": "不足", "plans": "安排", "first_responsible_person": "第一责任人", "sections": "标题",
}  # fmt: skip
FIELD_PATH = regexes.compile(r"([a-z_]+)(?:\.([a-z_]+))?(?:\[(\d+)\])?")
REQUIRED_ITEMS = [
    ("achievements", "主要举措和成效"),
    ("shortcomings", "存在的不足"),
    ("first_responsible_person", "党政主要负责人履行第一责任人职责情况"),
    ("next_year_plan", "下一年度主要安排"),
]

Span = tuple[int, int]


def escape(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


@cache
def template(name: str) -> str:
    return resources.files("summarizer.templates").joinpath(name).read_text("utf-8")


PLACEHOLDER = regexes.compile(r"\{\{(\w+)\}\}")


def fill(page: str, **parts: str) -> str:
    """Replace ``{{name}}`` placeholders in one pass (a part's own text is never re-scanned)."""
    return PLACEHOLDER.sub(lambda m: parts[m.group(1)], page)


# =========================================================================== the report page


class SourceView:
    """The text shown on the page and the map from output offsets (text as read) into it."""

    def __init__(self, doc: Document | None) -> None:
        self.doc = doc
        if doc is None:
            self.text = ""
        else:
            self.text = doc.original if doc.format != "html" else doc.text

    def span(self, start: int | None, end: int | None) -> Span | None:
        if self.doc is None or start is None or end is None or end < start:
            return None
        if self.doc.format == "html":
            start, end = self.doc.to_clean(start, end)
        start, end = max(0, start), min(len(self.text), end)
        return (start, end) if end > start else None

    def context(self, span: Span) -> str:
        start, end = span
        before = self.text[max(0, start - CONTEXT_CHARS) : start]
        after = self.text[end : end + CONTEXT_CHARS]
        return " ".join(f"…{before}【{self.text[start:end]}】{after}…".split())

    def find(self, needle: str | None) -> Span | None:
        """Where the source first says ``needle`` (metadata evidence), as offsets of the text as read."""
        if self.doc is None or not needle:
            return None
        for haystack in (self.doc.text, self.doc.folded):
            pos = haystack.find(needle)
            if pos >= 0:
                return self.doc.to_original(pos, pos + len(needle))
        return None


def report_page(report: Report, doc: Document | None = None) -> str:
    data = report.model_dump(mode="json")
    view = SourceView(doc)
    metrics = metric_views(data)
    numbers: dict[Span, list[MetricView]] = {}  # a figure several names share (均为100%) is one mark
    for metric in metrics:
        if (span := view.span(metric.data["start"], metric.data["end"])) is not None:
            numbers.setdefault(span, []).append(metric)
    targets: list[Span] = []

    def go(start: int | None, end: int | None) -> str:
        """The data attributes that make an item of the panel jump to its span."""
        span = view.span(start, end)
        if span is None:
            return ""
        targets.append(span)
        return f' class="go" tabindex="0" data-a="{span[0]}" data-b="{span[1]}"'

    checks = _checks_by_field(data)
    panel_parts = [
        ("p-attention", "待核查", _attention(data, metrics, go)),
        ("p-brief", "简报", _briefing(data, go, checks)),
        ("p-meta", "基本信息", _metadata(data, view, go)),
        ("p-compliance", "合规检查", _compliance(data, go)),
        ("p-measures", "主要举措(按纲要领域)", _measures(data, go, checks)),
        ("p-metrics", "指标", _metrics(metrics, go)),
        ("p-shortcomings", "存在的不足", _shortcomings(data, go)),
        ("p-plans", "下一年度主要安排", _plans(data, go)),
        ("p-frp", "第一责任人职责情况", _first_responsible(data, go)),
    ]
    panel = "\n".join(
        f'<section id="{pid}"><h2>{title}</h2>{body}</section>' for pid, title, body in panel_parts
    )
    toc = " ".join(f'<a href="#{pid}">{title}</a>' for pid, title, _ in panel_parts)
    source = (
        _source_html(view, data, numbers, targets)
        if doc is not None
        else '<p class="muted">原文不可用(报告由标准输入以外的方式重建)。</p>'
    )
    return fill(
        template("report.html"),
        title=escape(_title(data)),
        facts=_facts(data),
        legend=_legend(),
        source=source,
        toc=toc,
        panel=panel,
        css=template("page.css"),
        js=template("report.js"),
    )


def _title(data: dict[str, Any]) -> str:
    info = data["document"]
    return (
        info.get("title")
        or f"{info.get('issuer') or ''} {info.get('report_year') or ''}年度法治政府建设情况报告"
    )


def _facts(data: dict[str, Any]) -> str:
    info, verification = data["document"], data["verification"]
    verified, unverified = number_counts(data)
    status = (
        '<span class="badge b-ok">数字全部核实</span>'
        if verification["status"] == "verified"
        else f'<span class="badge b-bad">{unverified} 个数字未核实</span>'
    )
    provenance = data["provenance"]
    backend = (
        "规则抽取(离线)" if provenance["backend"] == "rules" else f"大模型 {provenance.get('model') or ''}"
    )
    if provenance.get("fallbacks"):
        backend += f",{len(provenance['fallbacks'])} 部分降级为规则"
    return " · ".join(
        [
            escape(info.get("issuer") or "主体未识别"),
            escape(LEVEL_LABELS.get(info.get("level"), info.get("level"))),
            f"{escape(info.get('report_year') or '?')} 年度",
            status,
            f"已核实 {verified}",
            f"合规 {escape(data['compliance']['score'])}",
            escape(backend),
        ]
    )


def _legend() -> str:
    return (
        '<p class="legend"><span class="num">已核实</span><span class="num v-bad">未核实</span>'
        '<span class="num v-ign">编号/引文(不核实)</span>'
        '<span class="hint">左侧色条:报告的法定部分</span></p>'
    )


# --------------------------------------------------------------------------- the source pane


def _source_html(
    view: SourceView,
    data: dict[str, Any],
    numbers: dict[Span, list[MetricView]],
    targets: list[Span],
) -> str:
    text = view.text
    bands = _bands(view, data)
    spans = sorted(numbers)
    noise = [s for n in data["source"].get("removed_noise") or [] if (s := view.span(n["start"], n["end"]))]
    noise = noise if view.doc is not None and view.doc.format != "html" else []
    cuts = {0, len(text)}
    for start, end, _ in bands:
        cuts |= {start, end}
    for start, end in [*targets, *noise, *spans]:
        cuts |= {start, end}
    starts = [start for start, _ in spans]
    cuts = sorted(c for c in cuts if not _inside_any(spans, starts, c))
    covered = _coverage_counter(targets)

    out: list[str] = []
    band_iter = iter(bands)
    band = next(band_iter, None)
    for a, b in zip(cuts, cuts[1:], strict=False):
        if band is not None and a == band[0]:
            out.append(
                f'<div class="band k-{band[2]}"><span class="band-label">{escape(_band_label(band[2]))}</span>'
            )
        piece = escape(text[a:b])
        if (a, b) in numbers:
            out.append(_number_html(view, numbers[a, b], (a, b), piece))
        elif _in_noise(noise, a, b):
            out.append(f'<span class="noise" title="已去除的网页杂项">{piece}</span>')
        elif covered(a, b):
            out.append(f'<span data-a="{a}" data-b="{b}">{piece}</span>')
        else:
            out.append(piece)
        if band is not None and b == band[1]:
            out.append("</div>")
            band = next(band_iter, None)
    return "".join(out)


def _bands(view: SourceView, data: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans of the top-level parts (and the preamble before them), in order."""
    parts = []
    for section in data["sections"]:
        span = view.span(section["start"], section["end"])
        if span is not None:
            parts.append((span[0], span[1], section.get("kind") or "other"))
    parts.sort()
    bands: list[tuple[int, int, str]] = []
    position = 0
    for start, end, kind in [*parts, (len(view.text), len(view.text), "")]:
        start = max(start, position)
        if start > position:  # text between parts: the head before the first, page furniture after
            gap = "head" if not bands else "closing" if not kind else "other"
            if bands and not view.text[position:start].strip():  # only blank lines: the band before
                bands[-1] = (bands[-1][0], start, bands[-1][2])
            else:
                bands.append((position, start, gap))
        if end > start:
            bands.append((start, end, kind))
            position = end
    return bands


def _band_label(kind: str) -> str:
    return SECTION_LABELS.get(kind, "标题与页面信息" if kind == "head" else "其他内容")


def _coverage_counter(spans: list[Span]) -> Callable[[int, int], bool]:
    starts = sorted(s for s, _ in spans)
    ends = sorted(e for _, e in spans)

    def covered(a: int, b: int) -> bool:  # some span contains [a, b): started at or before a, ends after a
        return bisect_right(starts, a) - bisect_right(ends, a) > 0

    return covered


def _inside_any(spans: list[Span], starts: list[int], position: int) -> bool:
    """Whether ``position`` falls strictly inside one of the sorted, non-overlapping ``spans``."""
    i = bisect_right(starts, position) - 1
    return i >= 0 and spans[i][0] < position < spans[i][1]


def _in_noise(noise: list[Span], a: int, b: int) -> bool:
    return any(start <= a and b <= end for start, end in noise)


def _number_html(view: SourceView, metrics: list[MetricView], span: Span, piece: str) -> str:
    """The mark of a source figure, its tip saying what each metric of it is and how it was checked."""
    css = "" if all(metric.verified for metric in metrics) else " v-bad"
    if all(metric.verdict == "identifier" for metric in metrics):
        css = " v-ign"
    tip = [line for metric in metrics for line in _metric_tip(metric)] + [f"原文: {view.context(span)}"]
    others = "".join(f'<a id="m{metric.index}"></a>' for metric in metrics[1:])  # (each metric's anchor)
    return (
        f'<mark class="num{css}" id="m{metrics[0].index}" tabindex="0" data-a="{span[0]}" data-b="{span[1]}" '
        f'data-tip="{escape(chr(10).join(tip))}">{others}{piece}</mark>'
    )


def _metric_tip(metric: MetricView) -> list[str]:
    m = metric.data
    status = "已核实" if metric.verified else "未核实"
    return [
        f"{status} · {verdict_label(metric.verdict)}",
        f"{m['name']} = {_value_text(m)}",
        *([f"指标: {metric.indicator_label}"] if m.get("indicator") else []),
        *([f"统计期: {metric.period_label}"] if metric.period_label else []),
        *([f"原因: {metric.reason}"] if not metric.verified and metric.reason else []),
    ]


def _value_text(m: dict[str, Any]) -> str:
    """The value as a reader writes it: 1260余名, 近300件, 约5万元 (in base units), 100人以上, 由3%至5%."""
    value, unit, qualifier = m["value"], m.get("unit") or "", m.get("qualifier")
    before = {"under": "近", "approx": "约"}.get(qualifier or "", "")
    middle = "余" if qualifier == "over" else ""
    after = {"at_least": "以上", "at_most": "以下"}.get(qualifier or "", "")
    start = f"由{m['value_from']}{unit}至" if m.get("value_from") else ""
    return f"{start}{before}{value}{middle}{unit}{after}"


# --------------------------------------------------------------------------- the panel

Go = Callable[[int | None, int | None], str]


def _attention(data: dict[str, Any], metrics: list[MetricView], go: Go) -> str:
    """Unverified numbers and missing required items first: what a reviewer must look at."""
    items = []
    for check in failing_checks(data):
        target = _object_at(data, check.get("field") or "")
        where = _field_label(check.get("field") or "")
        candidates = " ".join(
            f"<span{go(ref['start'], ref['end'])}>[原文:{escape(ref['text'])}]</span>"
            for ref in (check.get("source") or [])[:3]
        )
        attrs = go(target.get("start"), target.get("end")) if target else ""
        items.append(
            f"<li{attrs}><span class='badge b-bad'>未核实</span> {escape(where)}:"
            f"<b>{escape(check['text'])}</b> · {escape(verdict_label(check.get('verdict')))}"
            f"<div class='why'>{escape(check.get('reason'))}</div>{candidates}</li>"
        )
    checked = {c.get("field") for c in failing_checks(data)}
    for metric in metrics:  # an LLM metric kept unverified by its validators, its value being right
        if not metric.verified and f"metrics[{metric.index}].value" not in checked:
            m = metric.data
            items.append(
                f"<li{go(m['start'], m['end'])}><span class='badge b-bad'>未核实</span> 指标:"
                f"<b>{escape(m['name'])} {escape(_value_text(m))}</b>"
                f"<div class='why'>{escape(metric.reason)}</div></li>"
            )
    for missing in data["compliance"].get("missing") or []:
        items.append(f"<li><span class='badge b-bad'>缺项</span> {escape(missing)}</li>")
    for fallback in data["provenance"].get("fallbacks") or []:
        items.append(f"<li><span class='badge b-warn'>降级</span> {escape(fallback)}</li>")
    for warning in data.get("warnings") or []:
        items.append(f"<li><span class='badge b-warn'>提示</span> {escape(warning)}</li>")
    if not items:
        return '<p class="muted">没有未核实的数字,四个必备部分齐全。</p>'
    return f'<ul class="items attention">{"".join(items)}</ul>'


def _object_at(data: dict[str, Any], field: str) -> dict[str, Any] | None:
    """The grounded object a check's field path points into (metrics[3].value → the 4th metric)."""
    node: Any = data
    for part in re.finditer(r"([a-z_]+)|\[(\d+)\]", field):
        key, index = part.groups()
        try:
            child = node[key] if key else node[int(index)]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(child, dict | list):
            node = child
        else:
            break
    return node if isinstance(node, dict) and "start" in node else None


def _field_label(field: str) -> str:
    match = FIELD_PATH.match(field)
    if not match:
        return field
    label = FIELD_LABELS.get(match.group(1), match.group(1))
    return f"{label}{int(match.group(3)) + 1}" if match.group(3) else label


def _checks_by_field(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    checks: dict[str, list[dict[str, Any]]] = {}
    for check in checks_of(data):
        if check.get("field") and check.get("status") != "ignored":
            checks.setdefault(check["field"], []).append(check)
    return checks


def _badged(text: str, checks: list[dict[str, Any]]) -> str:
    """``text`` escaped, each number checked in it badged with its verdict (green verified, red not);
    Markdown bold markers are dropped around, never inside, the numbers."""
    out, position = [], 0
    for check in sorted(checks, key=lambda c: c["start"]):
        start, end = check["start"], check["end"]
        if start < position or end > len(text):
            continue
        css = "cn-bad" if check["status"] in ("unsupported", "mismatch") else "cn-ok"
        tip = f"{verdict_label(check.get('verdict'))}: {check.get('reason') or ''}"
        out.append(escape(text[position:start].replace("**", "")))
        out.append(f'<span class="cn {css}" title="{escape(tip)}">{escape(text[start:end])}</span>')
        position = end
    out.append(escape(text[position:].replace("**", "")))
    return "".join(out)


def _briefing(data: dict[str, Any], go: Go, checks: dict[str, list[dict[str, Any]]]) -> str:
    points = data["briefing"].get("points") or []
    if not points:
        return '<p class="muted">无简报要点。</p>'
    kinds = {
        "headline": "要点",
        "figure": "数据",
        "shortcoming": "不足",
        "plan": "安排",
        "completeness": "完整性",
    }
    rows = "".join(
        f"<li{go(p.get('start'), p.get('end'))}><span class='badge b-none'>{kinds.get(p['kind'], p['kind'])}</span> "
        f"{_badged(p['text'], checks.get(f'briefing.points[{i}].text', []))}</li>"
        for i, p in enumerate(points)
    )
    return f'<ul class="items">{rows}</ul>'


def _metadata(data: dict[str, Any], view: SourceView, go: Go) -> str:
    info, source, provenance = data["document"], data["source"], data["provenance"]
    checks = {r.get("field"): r for r in checks_of(data) if r.get("source")}

    def from_check(field: str) -> Span | None:
        check = checks.get(f"document.{field}")
        ref = (check or {}).get("source") or []
        return (ref[0]["start"], ref[0]["end"]) if ref else None

    def evidence(span: Span | None) -> str:
        attrs = go(*span) if span is not None else ""
        return f" <span{attrs}>[依据]</span>" if attrs else ' <span class="muted">(原文中未定位)</span>'

    rows = [
        ("标题", info.get("title"), evidence(view.find(info.get("title")))),
        ("报告主体", info.get("issuer"), "".join(evidence(view.find(n)) for n in info.get("issuer_names") or [])),
        ("层级", LEVEL_LABELS.get(info.get("level"), info.get("level")), ""),
        ("报告年度", info.get("report_year"), evidence(from_check("report_year"))),
        ("安排年度", info.get("plan_year"), evidence(from_check("plan_year")) if info.get("plan_year") else ""),
        ("落款日期", info.get("signed_date"), evidence(from_check("signed_date")) if info.get("signed_date") else ""),
        ("发布日期", info.get("published_date"), evidence(from_check("published_date")) if info.get("published_date") else ""),
        ("报送对象", "、".join(info.get("recipients") or []), "".join(evidence(view.find(r)) for r in info.get("recipients") or [])),
        ("文件类型", "法治政府建设年度报告", escape(";".join(info.get("doc_type_reasons") or []))),
        ("源文件", source.get("path"), ""),
        ("sha256", source.get("sha256"), ""),
        ("编码/字形", f"{source.get('encoding')} · {source.get('format')} · {source.get('script')}", ""),
        ("处理方式", " ".join(str(x) for x in (provenance.get("backend"), provenance.get("model")) if x), ""),
    ]  # fmt: skip
    cells = "".join(
        f"<dt>{label}</dt><dd>{escape(value) if value not in (None, '') else '<span class=muted>未识别</span>'}{extra}</dd>"
        for label, value, extra in rows
    )
    return f'<dl class="meta">{cells}</dl>'


def _compliance(data: dict[str, Any], go: Go) -> str:
    c = data["compliance"]
    sections = {s.get("kind"): s for s in data["sections"] if s.get("kind")}
    frp = data["first_responsible_person"]
    rows = []
    for key, label in REQUIRED_ITEMS:
        section = sections.get(key)
        attrs = go(section["start"], section["end"]) if section else ""
        note = ""
        if key == "first_responsible_person":
            note = PLACEMENT_LABELS.get(frp["placement"], frp["placement"])
            first = (frp.get("items") or [None])[0]
            if not attrs and first:
                attrs = go(first["start"], first["end"])
        rows.append(f"<tr{attrs}><td>{_yes_no(c[key])}</td><td>{label}</td><td>{escape(note)}</td></tr>")
        if key == "shortcomings" and c[key]:
            note = "不足之后写明了原因" if c["causes_given"] else "只列问题,未说明原因"
            rows.append(f"<tr><td>{_yes_no(c['causes_given'])}</td><td>不足的原因</td><td>{note}</td></tr>")
    plan_ok = {True: "安排年度为报告年度次年", False: "安排年度不是报告年度次年", None: "安排年度无法判断"}
    rows.append(
        f"<tr><td>{_yes_no(c.get('plan_year_ok'))}</td><td>下一年度</td><td>{plan_ok[c.get('plan_year_ok')]}</td></tr>"
    )
    deadlines = "".join(
        _deadline_row(label, c.get(key)) for key, label in (("reporting", "报送"), ("publication", "公开"))
    )
    return (
        f"<p>合规得分 <b>{escape(c['score'])}</b>(必备部分)</p>"
        f'<table class="grid"><thead><tr><th></th><th>必备内容</th><th>说明</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        f'<h3>时限</h3><table class="grid"><thead><tr><th></th><th>事项</th><th>依据</th><th>期限</th><th>实际</th></tr></thead>'
        f"<tbody>{deadlines}</tbody></table>"
    )


def _deadline_row(label: str, deadline: dict[str, Any] | None) -> str:
    if not deadline:
        return f"<tr><td>{_yes_no(None)}</td><td>{label}</td><td colspan=3 class=muted>日期不足,无法判断</td></tr>"
    return (
        f"<tr><td>{_yes_no(deadline.get('on_time'))}</td><td>{label}</td><td>{escape(deadline['rule'])}</td>"
        f"<td>{escape(deadline['deadline'])}</td><td>{escape(deadline.get('actual') or '未知')}</td></tr>"
    )


def _yes_no(value: bool | None) -> str:
    if value is None:
        return '<span class="badge b-none">?</span>'
    return '<span class="badge b-ok">✓</span>' if value else '<span class="badge b-bad">✗</span>'


def _measures(data: dict[str, Any], go: Go, checks: dict[str, list[dict[str, Any]]]) -> str:
    groups: dict[str, list[str]] = {}
    for i, m in enumerate(data["measures"]):
        title = _badged(m["title"], checks.get(f"measures[{i}].title", []))
        summary = _badged(m["summary"], checks.get(f"measures[{i}].summary", []))
        groups.setdefault(m.get("area") or "other", []).append(
            f"<li{go(m['start'], m['end'])}>{_unverified_mark(m)}<b>{title}</b> <span class='muted'>{summary}</span></li>"
        )
    if not groups:
        return '<p class="muted">未抽取到举措。</p>'
    order = [*REVIEW_AREAS, "other"]
    return "".join(
        f"<h3>{AREA_LABELS.get(area, area)}({len(groups[area])})</h3><ul class='items'>{''.join(groups[area])}</ul>"
        for area in sorted(groups, key=lambda a: order.index(a) if a in order else len(order))
    )


def _metrics(metrics: list[MetricView], go: Go) -> str:
    if not metrics:
        return '<p class="muted">未抽取到指标。</p>'
    ordered = sorted(metrics, key=lambda v: (v.verified, v.index))  # unverified first
    rows = "".join(
        f"<tr{go(v.data['start'], v.data['end'])}><td>{_verdict_badge(v)}</td><td>{escape(v.data['name'])}</td>"
        f"<td class='n'>{escape(_value_text(v.data))}</td>"
        f"<td>{escape(v.indicator_label)}{' <span class=muted>(主数)</span>' if v.canonical else ''}"
        f"{f' <span class=muted>· {v.period_label}</span>' if v.period_label else ''}</td></tr>"
        for v in ordered
    )
    return (
        f'<table class="grid"><thead><tr><th>核实</th><th>名称</th><th>数值</th><th>可比指标</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _verdict_badge(metric: MetricView) -> str:
    css = "b-ok" if metric.verified else "b-bad"
    return f'<span class="badge {css}" title="{escape(metric.reason)}">{escape(verdict_label(metric.verdict))}</span>'


def _item_list(items: list[dict[str, Any]], go: Go, empty: str) -> str:
    if not items:
        return f'<p class="muted">{empty}</p>'
    rows = "".join(
        f"<li{go(i['start'], i['end'])}>{_unverified_mark(i)}"
        f"{'<b>' + escape(i['title']) + '</b> ' if i.get('title') else ''}{escape(_short(i['text']))}</li>"
        for i in items
    )
    return f'<ul class="items">{rows}</ul>'


def _unverified_mark(item: dict[str, Any]) -> str:
    return "" if item.get("verified", True) else '<span class="badge b-bad">未核实</span> '


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _shortcomings(data: dict[str, Any], go: Go) -> str:
    s = data["shortcomings"]
    head = (
        f"<p>位置:{PLACEMENT_LABELS.get(s['placement'], s['placement'])} · "
        f"{'已说明原因' if s['causes_given'] else '<span class=why>未说明原因</span>'}</p>"
    )
    return head + _item_list(s.get("items") or [], go, "报告未写存在的不足。")


def _plans(data: dict[str, Any], go: Go) -> str:
    p = data["plans"]
    head = f"<p>年度:{escape(p.get('year') or '未写明')}</p>" if p["present"] else ""
    return head + _item_list(p.get("items") or [], go, "报告未写下一年度安排。")


def _first_responsible(data: dict[str, Any], go: Go) -> str:
    f = data["first_responsible_person"]
    head = f"<p>位置:{PLACEMENT_LABELS.get(f['placement'], f['placement'])}</p>"
    return head + _item_list(f.get("items") or [], go, "报告未写党政主要负责人履行第一责任人职责情况。")


# =========================================================================== the batch overview

OVERVIEW_HEADERS = [
    "报告",
    "主体",
    "层级",
    "年度",
    "状态",
    "合规得分",
    "按时",
    "已核实数字",
    "未核实数字",
    "文件",
]


def overview_page(records: Iterable[tuple[dict[str, Any], dict[str, Any] | None]]) -> str:
    return overview_of([overview_record(entry, report) for entry, report in records])


@dataclass(frozen=True)
class OverviewRecord:
    """One report's part of the overview, rendered once: a batch keeps these, not the reports."""

    stem: str
    status: str
    row: str
    matrix: str  # "" without a report
    failure: str  # "" unless it failed


def overview_record(entry: dict[str, Any], report: dict[str, Any] | None) -> OverviewRecord:
    failed = entry.get("status") == "failed"
    return OverviewRecord(
        stem=str(entry.get("stem") or ""),
        status=str(entry.get("status")),
        row=_overview_row(entry, report),
        matrix=_matrix_row(entry, report) if report is not None else "",
        failure=_failure_row(entry) if failed else "",
    )


def overview_of(records: list[OverviewRecord]) -> str:
    def parts(part: str) -> Iterator[str]:
        return (getattr(record, part) for record in records)

    return "".join(overview_pieces([r.status for r in records], parts))


# Where the overview's template takes a part of every record, in the records' order.
STREAMED_PARTS = {"rows": "row", "matrix": "matrix"}
Piece = TypeVar("Piece", str, bytes)  # a record's part as text, or as UTF-8 read from a spool


def overview_pieces(statuses: list[str], parts: Callable[[str], Iterable[Piece]]) -> Iterator[str | Piece]:
    """The overview page in pieces, for records of these statuses (in page order): ``parts(name)``
    gives each record's ``row``, ``matrix`` or ``failure`` in that order, so that a batch of thousands
    is written from disk rather than held (summarizer.overview). A ``failure`` is "" unless it failed."""
    counts = Counter(statuses)
    facts = (
        f"{len(statuses)} 份报告 · {counts['ok']} 份数字全部核实 · "
        f"{counts['unverified']} 份有未核实数字 · {counts['failed']} 份失败"
    )
    filled = {
        "facts": facts,
        "status_options": "".join(
            f'<option value="{escape(s)}">{escape(STATUS_LABELS.get(s, s))}</option>' for s in sorted(counts)
        ),
        "headers": "".join(f"<th>{h}</th>" for h in OVERVIEW_HEADERS),
        "area_headers": "".join(f"<th>{AREA_LABELS[a]}</th>" for a in REVIEW_AREAS),
        "css": template("page.css"),
        "js": template("overview.js"),
    }
    page, at = template("overview.html"), 0
    for placeholder in PLACEHOLDER.finditer(page):  # as fill() does, each part written as it comes
        yield page[at : placeholder.start()]
        at, name = placeholder.end(), placeholder.group(1)
        if name == "failures" and not counts["failed"]:
            yield _failures("")
        elif name == "failures":
            head, tail = _failures("{{rows}}").split("{{rows}}")
            yield head
            yield from parts("failure")
            yield tail
        elif name in STREAMED_PARTS:
            yield from parts(STREAMED_PARTS[name])
        else:
            yield filled[name]
    yield page[at:]


def _overview_row(entry: dict[str, Any], report: dict[str, Any] | None) -> str:
    status = str(entry.get("status"))
    badge = {"ok": "b-ok", "unverified": "b-bad", "failed": "b-bad"}.get(status, "b-warn")
    stem = escape(entry.get("stem") or "")
    info = (report or {}).get("document") or {}
    cells = [
        f"<td>{stem}</td>",
        f"<td>{escape(info.get('issuer') or '')}</td>",
        f"<td>{escape(LEVEL_LABELS.get(info.get('level'), info.get('level') or ''))}</td>",
        f"<td class='n'>{escape(info.get('report_year') or '')}</td>",
        f"<td data-v='{escape(status)}'><span class='badge {badge}'>{escape(STATUS_LABELS.get(status, status))}</span></td>",
    ]
    if report is not None:
        verified, unverified = number_counts(report)
        score = (report.get("compliance") or {}).get("score") or ""
        timely = on_time(report)
        cells += [
            f"<td class='n' data-v='{escape(_score_value(score))}'>{escape(score)}</td>",
            f"<td data-v='{'' if timely is None else int(timely)}' title='{escape(_deadlines_text(report))}'>"
            f"{_yes_no(timely)}</td>",
            f"<td class='n'>{verified}</td>",
            f"<td class='n'>{unverified}</td>",
        ]
    else:
        cells += ["<td></td>", "<td></td>", "<td></td>", "<td></td>"]
    links = " ".join(
        f'<a href="{escape(name)}">{escape(_link_label(name))}</a>' for name in entry.get("outputs") or []
    )
    cells.append(f"<td>{links or escape(_short(entry.get('error') or '', 60))}</td>")
    return f'<tr data-status="{escape(status)}">{"".join(cells)}</tr>'


def _deadlines_text(report: dict[str, Any]) -> str:
    compliance = report.get("compliance") or {}
    parts = []
    for key, label in (("reporting", "报送"), ("publication", "公开")):
        deadline = compliance.get(key)
        if deadline:
            parts.append(f"{label}: 期限 {deadline['deadline']}, 实际 {deadline.get('actual') or '未知'}")
    return "; ".join(parts) or "日期不足,无法判断"


def _score_value(score: str) -> str:
    have, _, total = score.partition("/")
    return f"{int(have) / int(total):.3f}" if have.isdigit() and total.isdigit() and int(total) else ""


def _link_label(name: str) -> str:
    return {"html": "审阅页", "json": "JSON", "md": "简报"}.get(name.rsplit(".", 1)[-1], name)


def _matrix_row(entry: dict[str, Any], report: dict[str, Any]) -> str:
    info = report.get("document") or {}
    name = f"{entry.get('stem')} {info.get('issuer') or ''}".strip()
    marks = {"quantified": "●", "mentioned": "○", "absent": "·"}
    cells = "".join(
        f"<td class='cov-{state}' title='{escape(AREA_LABELS[area])}:{COVERAGE_LABELS[state]}'>{marks[state]}</td>"
        for area, state in coverage(report).items()
    )
    return f"<tr><td>{escape(name)}</td>{cells}</tr>"


def _failure_row(entry: dict[str, Any]) -> str:
    return (
        f"<tr><td>{escape(entry.get('source'))}</td><td>{'拒绝处理' if _is_refusal(entry) else '失败'}</td>"
        f"<td>{escape(entry.get('error'))}</td></tr>"
    )


def _failures(rows: str) -> str:
    if not rows:
        return '<p class="muted">无。</p>'
    return f'<table class="grid"><thead><tr><th>源文件</th><th>类别</th><th>原因</th></tr></thead><tbody>{rows}</tbody></table>'


def _is_refusal(entry: dict[str, Any]) -> bool:
    """Not a 法治政府建设年度报告, or too large: refused by design, not broken."""
    error = entry.get("error") or ""
    return "not a 法治政府建设年度报告" in error or "too large" in error
