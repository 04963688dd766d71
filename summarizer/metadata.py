"""Document facts from the cleaned text: title, issuer, level, years and dates, addressees, doc type.

Everything is matched on ``doc.folded`` (Simplified, NFKC) and reported from ``doc.text`` at the
same offsets, so names keep the source's own script (高陵區 stays 高陵區). The page metadata lines
the reader removed (政务公开 blocks, info bars) are parsed too: they carry the publisher and the
publication / written dates. Site banners (今天是:…) are never a date source. Word lists live in
data/metadata.json.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple

from summarizer import regexes
from summarizer.document import Document
from summarizer.headings import closing_re, is_heading_marker, styles
from summarizer.numbers.chinese import scan_numeral
from summarizer.regex_hints import could_match

if TYPE_CHECKING:  # the models are built last (read_facts): the verify command reads a year only
    from summarizer.models import DocType, DocumentInfo, EvidenceSource, FieldEvidence, Level

CJK = r"\u4e00-\u9fff"
PLACE_SEARCH_CHARS = 5000  # a bare 区政府's place is named near the opening; bounds the scan on huge inputs
# Where to look in the gazetteer for the place a bare unit (省政府, 我市, 自治区) stands for.
UNIT_LEVELS: dict[str, tuple[Level, ...]] = {"省": ("province",), "自治区": ("province",), "州": ("city",)}
UNIT_LEVELS |= {"盟": ("city",), "自治州": ("city",), "区": ("county",), "县": ("county",), "旗": ("county",)}
UNIT_LEVELS |= {"自治县": ("county",), "自治旗": ("county",)}
_YEAR_OR_SINCE = regexes.compile(r"\s*(?:20\d\d|二[〇○零]|今年|一年来|近年来)")
_YEAR_RE = regexes.compile(r"(?<!\d)(20\d\d|二[〇○零O0][一二三四五六七八九〇○零O0]{2})\s*年(度)?")


@cache
def _data() -> dict[str, Any]:
    return json.loads(resources.files("summarizer").joinpath("data/metadata.json").read_text("utf-8"))


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    start: int  # clean offsets
    end: int
    text: str  # source script
    folded: str  # Simplified


def content_lines(doc: Document) -> list[Line]:
    """Non-empty lines of the cleaned text with their clean offsets."""
    lines, pos = [], 0
    for raw in doc.text.split("\n"):
        end = pos + len(raw)
        if raw.strip():
            lines.append(Line(pos, end, raw, doc.folded[pos:end]))
        pos = end + 1
    return lines


def _is_heading_marker(folded: str) -> bool:
    return is_heading_marker(folded)


# --------------------------------------------------------------------------- lost line breaks


@dataclass
class ReportLines:
    lines: list[Line]
    furniture: list[str]  # page text run into a flattened report's head (banners, info bars, widgets)


def report_lines(doc: Document) -> ReportLines:
    """``content_lines``; in a copy that lost its line breaks, each long line is cut where the lines
    of the report began (title | addressee | preamble, before headings, 特此报告, signature) so the
    line-based finders below read it as they read a normal report. Page furniture run into the head
    is set apart (the reader only removes whole lines)."""
    lines = content_lines(doc)
    if not lines or not lost_line_breaks(doc.folded):
        return ReportLines(lines, [])
    head = _flat_head(lines[0].folded)
    relined = [_sub_line(lines[0], a, b) for a, b in head.kept]
    relined += _cut_line(_sub_line(lines[0], head.body, len(lines[0].folded)), first=not head.kept)
    for line in lines[1:]:
        relined += _cut_line(line)
    furniture = [lines[0].text[a:b] for a, b in head.furniture]
    return ReportLines([line for line in relined if line.folded.strip()], furniture)


def lost_line_breaks(folded: str) -> bool:
    """Same test as the outline's sparse-lines mode: far fewer breaks than a report has, or (a short
    report whose title and opening kept theirs) its parts run together on one line that holds most of it."""
    if folded.count("\n") * _flat()["chars_per_break"] < len(folded):
        return True
    longest = max(folded.split("\n"), key=len)
    return len(longest) * 2 >= len(folded) and _parts_run_on(longest)


def _parts_run_on(line: str) -> bool:
    """一、 二、 三、 … in order on one line, each after the first following a sentence stop (…调解纠纷86件。
    二、存在的问题…): the parts' headings lost the breaks before them."""
    table, stops = styles(), _flat()["sentence_stops"]
    expected = 1
    for match in table.marker.finditer(line):
        style, ordinal = table.ordinal(match)
        if (
            style == "cn"
            and ordinal == expected
            and (expected == 1 or _prev_char(line, match.start()) in stops)
        ):
            expected += 1
    return expected > _flat()["min_run_on_parts"]


def _flat() -> dict[str, Any]:
    return _data()["flat"]


def _sub_line(line: Line, start: int, end: int) -> Line:
    """``line[start:end]`` without surrounding blanks (may be empty)."""
    while start < end and line.folded[start].isspace():
        start += 1
    while end > start and line.folded[end - 1].isspace():
        end -= 1
    return Line(line.start + start, line.start + end, line.text[start:end], line.folded[start:end])


def _cut_line(line: Line, *, first: bool = False) -> list[Line]:
    """A flattened line cut before headings, around 特此报告 and before a closing signature."""
    folded, stops = line.folded, _flat()["sentence_stops"]
    markers = styles().marker.finditer(folded)
    cuts = [m.start() for m in markers if _prev_char(folded, m.start()) in stops]
    for match in re.finditer(r"特此报告。?", folded):
        cuts += [match.start(), match.end()]
    cuts += _signature_cuts(folded)
    if first and (addressee := _addressee_before(folded, _addressee_colon_end(folded))):
        cuts.append(addressee[1])  # the report opens with its addressees (no title)
    bounds = [0, *sorted({cut for cut in cuts if 0 < cut < len(folded)}), len(folded)]
    return [_sub_line(line, a, b) for a, b in zip(bounds, bounds[1:], strict=False)]


def _prev_char(folded: str, pos: int) -> str:
    before = folded[:pos].rstrip()
    return before[-1] if before else "。"


def _signature_cuts(folded: str) -> list[int]:
    """Around the last date when the run from the last sentence stop to it is a signature
    (…整改。梧源市人民政府2023年3月8日【打印本页】)."""
    reach = _flat()["signature_chars"]
    tail_start = max(0, len(folded) - reach)
    dates = _dates_in(folded[tail_start:])
    if not dates:
        return []
    _value, (last_start, last_end) = max(dates, key=lambda found: found[1][1])
    last_start, last_end = last_start + tail_start, last_end + tail_start
    stops = _flat()["sentence_stops"]
    run_start = max(folded.rfind(stop, 0, last_start) for stop in stops) + 1
    return [run_start, last_end] if _is_date_line(folded[run_start:last_end]) else []


@dataclass
class _Head:
    kept: list[tuple[int, int]]  # title and addressee spans
    furniture: list[tuple[int, int]]  # page text around them (dropped from the lines)
    body: int  # where the preamble starts


def _flat_head(folded: str) -> _Head:
    """Title and addressee at the start of a flattened report, the page furniture around them, and
    the preamble's start (its 2023年, lead or the end of the addressee list)."""
    window = folded[: _flat()["head_chars"]]
    lead = _lead_re().search(window)
    colon_end = _addressee_colon_end(window)
    # with no preamble and no addressee the first part's heading starts the body (…情况报告一、主要举措…)
    first_part = _first_part_re().search(window)
    starts = (lead and lead.start(), colon_end, first_part and first_part.end())
    body = min((pos for pos in starts if pos is not None), default=None)
    if body is None:
        return _Head([], [], 0)
    addressee = _addressee_before(window, body)
    title = _title_before(window, addressee[0] if addressee else body)
    kept = [span for span in (title, addressee) if span]
    furniture, pos = [], 0
    for a, b in [*kept, (body, body)]:
        if window[pos:a].strip():
            furniture.append((pos, a))
        pos = b
    if any(re.search(_flat()["not_furniture"], window[a:b]) for a, b in furniture):
        return _Head([], [], 0)  # sentences before the lead: not a page head
    return _Head(kept, furniture, body)


@cache
def _lead_re() -> re.Pattern:
    return regexes.compile("|".join(_flat()["preamble_leads"]))


@cache
def _first_part_re() -> re.Pattern:
    """A report word right before the first part's heading (一、): where a title ends when no preamble
    and no addressee follow it."""
    words = "|".join(_data()["title"]["report_words"])
    return regexes.compile(rf"(?:{words})(?=\s*一\s*[、.．])")


def _addressee_colon_end(window: str) -> int | None:
    """End of the first colon that closes an addressee list."""
    for colon in re.finditer(r"[:∶]", window):
        if _addressee_before(window, colon.end()):
            return colon.end()
    return None


def _addressee_before(window: str, end: int | None) -> tuple[int, int] | None:
    """Span of an addressee list (中共许昌市委、许昌市人民政府:) ending at the colon before ``end``:
    the shortest that starts after page text, a title's last word or a widget (【关闭)."""
    if end is None:
        return None
    head = window[:end].rstrip()
    if not head.endswith((":", "∶")):
        return None
    colon = len(head) - 1
    for start in sorted(_name_boundaries(window, max(0, colon - 60), colon), reverse=True):
        if _is_addressee_list(window[start:colon].strip()):
            return start, colon + 1
    return None


def _name_boundaries(window: str, start: int, end: int) -> set[int]:
    from summarizer.reader import noise_rules  # the reader owns the widget vocabulary

    bounds = {start}
    bounds |= {m.end() for m in re.finditer(rf"[^{CJK}、,,;\s()]", window[:end]) if m.end() >= start}
    for word in _data()["title"]["report_words"]:
        bounds |= {start + m.end() for m in re.finditer(word, window[start:end])}
    tokens = noise_rules().widget_token.finditer(window, start, end)
    bounds |= {m.end() for m in tokens if m.lastgroup != "sep"}
    return bounds


def _is_addressee_list(body: str) -> bool:
    names = [body[a:b] for a, b in _addressees(body)]
    return bool(names) and all(re.fullmatch(rf"[{CJK}()]{{2,30}}", name) for name in names)


def _title_before(window: str, limit: int) -> tuple[int, int] | None:
    """The title run ending at the last report word before ``limit`` (only page text between)."""
    ends = sorted(
        {m.end() for word in _data()["title"]["report_words"] for m in re.finditer(word, window[:limit])}
    )
    for end in reversed(ends):
        if re.search(_flat()["not_furniture"], window[end:limit]):
            break
        start = _title_start(window, end)
        if start is not None:
            return start, end
    return None


def _title_start(window: str, end: int) -> int | None:
    """Start of the title run ending at ``end``: back over title characters, past a leading date or
    stray digits, and from 中共 / 关于 when what precedes it is not an issuer (通知公告关于…)."""
    run = re.search(rf"[{CJK}\d\s、()《》“”]{{1,{_data()['title']['max_chars']}}}$", window[:end])
    if not run:
        return None
    start = run.start()
    found = _find_date(window[start:end])
    if found and found[1][0] == 0:
        start += found[1][1]
    lead = re.match(rf"[^{CJK}]*?(?=20\d\d\s*年|[{CJK}])", window[start:end])
    start += lead.end() if lead else 0
    for word in [*_data()["organisations"]["party_prefixes"], "关于"]:
        pos = window.find(word, start, end)
        before = window[start:pos].strip()
        if pos > start and not _names_in(before, before):  # 法治政府建设中共鹿鸣县委… (a nav trail)
            # …unless the run's last word names one (打印 关闭 梨花镇人民政府关于…: widgets, then the issuer)
            last = re.search(r"\S+$", before)
            named = last is not None and last.start() > 0 and _names_in(last.group(), last.group())
            start = window.rfind(last.group(), start, pos) if named else pos
    title = window[start:end]
    if len(title.strip()) < _flat()["min_title_chars"] or not _is_title_like(title):
        return None
    return start


# --------------------------------------------------------------------------- dates


def parse_date(text: str) -> date | None:
    """The first date in ``text``: 2024年2月29日, 2024-02-29, 2024/2/29, 二〇二四年二月二十九日."""
    found = _find_date(text)
    return found[0] if found else None


def _find_date(text: str) -> tuple[date, tuple[int, int]] | None:
    """The first calendar date in ``text`` and its span, as the number engine reads dates, or typeset
    with spaces between its parts (a signature's 2024 年 2 月 28 日, 二〇二四年 二月 二十八日)."""
    found = _dates_in(text) or _spaced_dates(text)
    return found[0] if found and isinstance(found[0][0], date) else None


# A date typeset with spaces between its parts, in digits or in Chinese numerals (day optional: a
# signature may name the month only); read with its spaces taken out.
SPACED_PARTS = regexes.compile(
    r"(?:(?:19|20)\d\d|二[〇○零][一二三四五六七八九〇○零]{2})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?"
)


def _spaced_dates(text: str, *, months: bool = False) -> list[tuple[date | Month, tuple[int, int]]]:
    """The dates :func:`_dates_in` finds once the spaces inside a date are taken out, at their spans."""
    found: list[tuple[date | Month, tuple[int, int]]] = []
    for match in SPACED_PARTS.finditer(text):
        if any(char.isspace() for char in match.group()):
            compact = "".join(match.group().split())
            found += [(value, match.span()) for value, _span in _dates_in(compact, months=months)[:1]]
    return found


class Month(NamedTuple):
    """A date known to its month only, as a signature may give it (2025年1月, 二〇二四年二月)."""

    year: int
    month: int


def _dates_in(text: str, *, months: bool = False) -> list[tuple[date | Month, tuple[int, int]]]:
    """Every calendar date in ``text``; ``months``: a year and month without a day (2025年1月) too."""
    from summarizer.numbers import extract_mentions  # the number engine reads every date form

    dates: list[tuple[date | Month, tuple[int, int]]] = []
    for mention in extract_mentions(text):
        if mention.kind != "date" or mention.value is None:
            continue
        year, month_day = divmod(int(mention.value), 10000)
        month, day = divmod(month_day, 100)
        if months and day == 0 and 1 <= month <= 12 and year >= MIN_YEAR:
            dates.append((Month(year, month), (mention.start, mention.end)))
            continue
        try:
            dates.append((date(year, month, day), (mention.start, mention.end)))
        except ValueError:
            continue
    return dates


MIN_YEAR = 1900  # a month date's year (the engine reads 1月 alone as of year 0)


def _find_date_or_month(text: str) -> tuple[date | Month, tuple[int, int]] | None:
    """The first date in ``text``, else the first year and month (a signature's 2025年1月)."""
    return _find_date(text) or next(
        iter(_dates_in(text, months=True) or _spaced_dates(text, months=True)), None
    )


# --------------------------------------------------------------------------- page metadata


@dataclass
class PageMeta:
    publisher: str | None = None  # 发布机构, in the source script
    source_org: str | None = None  # 来源 / 信息来源: often the issuer, sometimes the office that posted it
    written_date: date | None = None  # 成文日期
    published_date: date | None = None  # 发布日期 / 发布时间 / 信息时间 / 时间
    fields: dict[str, str] | None = None  # every label: value found (folded label → source value)


@cache
def _label_re() -> re.Pattern:
    from summarizer.reader import noise_table  # the reader owns the page-furniture vocabulary

    noise = noise_table()
    labels = set(noise["meta_labels"]["strong"]) | set(noise["meta_labels"]["weak"])
    labels |= set(noise["info_labels"]["meta"]) | set(noise["info_labels"]["counter"])
    spaced = regexes.longest_first(r"\s*".join(map(re.escape, label)) for label in labels)
    return regexes.compile(rf"(?:{'|'.join(spaced)})(?=\s*[::∶|])")


BYLINE_DATE = "发布时间"  # the field a page's unlabelled byline date stands for


def removed_meta_fields(doc: Document, furniture: list[str] | None = None) -> PageMeta:
    """Fields of the page metadata lines the reader removed (never from banners or navigation), then
    of the page text run into a flattened report's head (labelled values only)."""
    fields: dict[str, str] = {}
    pending: str | None = None  # a bare label whose value is on the next removed line
    spans = [(span.kind, span.text) for span in doc.removed_noise]
    for kind, text in [*spans, *(("furniture", text) for text in furniture or [])]:
        if kind in {"banner", "nav"}:
            pending = None
            continue
        folded = _fold(doc, text)
        pairs = _label_values(folded, text)
        if pairs and kind == "meta" and (lead := _before_labels(folded, text)) and parse_date(lead):
            fields.setdefault(BYLINE_DATE, lead)  # a byline's date before its labels (2024-03-25 来源:本网)
        if not pairs and pending:
            fields.setdefault(pending, text.strip(" |"))
        elif not pairs and kind == "meta" and parse_date(text):
            fields.setdefault(BYLINE_DATE, text)  # a byline's bare date (原创 某司法 2023-03-10 18:02)
        pending = None
        for label, value in pairs:
            if value:
                fields.setdefault(label, value)
            else:
                pending = label
    return _page_meta(fields)


def _before_labels(folded: str, text: str) -> str:
    """The words of a metadata line before its first label."""
    first = _label_re().search(folded)
    return text[: first.start()].strip(" |") if first else ""


LABEL_COLON = regexes.compile(r"^\s*[::∶|]\s*")  # between a label and its value
SPACES = regexes.compile(r"\s+")


def _label_values(folded: str, text: str) -> list[tuple[str, str]]:
    matches = list(_label_re().finditer(folded))
    pairs = []
    for index, match in enumerate(matches):
        value_end = matches[index + 1].start() if index + 1 < len(matches) else len(folded)
        value = text[match.end() : value_end]
        value = LABEL_COLON.sub("", value).strip(" |【】[]-•·")
        pairs.append((SPACES.sub("", match.group()), value))
    return pairs


def _page_meta(fields: dict[str, str]) -> PageMeta:
    dates = _data()["dates"]
    meta = PageMeta(fields=fields)
    meta.publisher = next((fields[label] for label in dates["publisher_labels"] if fields.get(label)), None)
    meta.source_org = next((fields[label] for label in dates["source_labels"] if fields.get(label)), None)
    meta.written_date = _first_date(fields, dates["written_labels"])
    meta.published_date = _first_date(fields, dates["published_labels"])
    return meta


def _first_date(fields: dict[str, str], labels: list[str]) -> date | None:
    for label in labels:
        if label in fields and (value := parse_date(fields[label])):
            return value
    return None


def _fold(doc: Document, text: str) -> str:
    if doc.script == "simplified":
        return text
    from summarizer.reader import fold  # the reader owns the converter

    return fold(text)


def _html_published_date(doc: Document) -> date | None:
    if doc.format != "html":
        return None
    names = "|".join(map(re.escape, _data()["dates"]["html_meta_names"]))
    for tag in re.finditer(r"<meta\b[^>]*>", doc.original[:20000], re.I):
        if re.search(rf"""(?:name|property)\s*=\s*["']?(?:{names})["'\s>]""", tag.group(), re.I):
            content = re.search(r"""content\s*=\s*["']([^"']*)""", tag.group(), re.I)
            if content and (value := parse_date(content.group(1))):
                return value
    return None


# --------------------------------------------------------------------------- title


def find_title(lines: list[Line]) -> int | None:
    """Index of the title line: a short line near the top, before the first paragraph; under a news
    item's headline (云溪县公布2024年度法治政府建设年度报告, then 全文如下:) the report's own title."""
    config = _data()["title"]
    headline = None
    scanned = lines[: config["max_lines_scanned"]]
    for index, line in enumerate(scanned):
        folded = line.folded.strip()
        if (
            len(folded) > config["max_chars"]
            or folded.endswith(("。", ";", ","))
            or _is_heading_marker(folded)
        ):
            return headline  # reached the body
        if folded.endswith((":", "∶")) or parse_date(folded) and len(folded) < 20:
            continue  # addressee line or a dateline
        if folded.endswith(tuple(config["column_words"])):
            continue  # the site's column over the page (2022年度法治政府建设专栏), another year's as often
        if index + 1 < len(scanned) and _banner_over_title(folded, scanned[index + 1].folded.strip()):
            continue  # a slogan over the title (奋力推进法治政府建设 / 鹿鸣县2023年度…报告)
        if headline is not None and folded.endswith("报告") and _is_title_like(folded):
            return index
        if headline is None and _is_title_like(folded):
            if not any(verb in folded for verb in config["news_verbs"]):
                return index
            headline = index
    return headline


TITLE_JOINS = ("和", "及", "与", "暨", "的", "、")  # a title's first line that ends so goes on below


def _banner_over_title(folded: str, following: str) -> bool:
    """Is ``folded`` a line over the title rather than its first part: it does not end as a title does,
    and the line under it is a whole title (the subject and a report word at its end), not the rest of
    one (关于鹿鸣县2023年度法治政府建设 / 情况的报告; 鹿鸣县关于2023年度依法行政和 / 法治政府建设…)."""
    config = _data()["title"]
    ends = tuple(config["report_words"])
    return (
        not folded.endswith(ends)
        and TITLE_HEAD_END not in folded
        and not folded.endswith(TITLE_JOINS)
        and len(following) <= config["max_chars"]
        and following.endswith(ends)
        and any(word in following for word in config["subject_words"])
    )


def _is_title_like(folded: str) -> bool:
    config = _data()["title"]
    return any(word in folded for word in config["generic_words"]) or any(
        word in folded for word in config["subject_words"]
    )


def clean_title(title: str, *, page: bool = False) -> str:
    """One space between words, no wrapping 《》 or trailing 。, nor a site's name after it (…报告_鹿鸣县
    人民政府网, as a scraped header keeps it; a page <title> loses a government's name there too)."""
    title = SPACES.sub(" ", title).strip()
    site = SITE_TAIL_OF_PAGE if page else SITE_TAIL
    for separator in _data()["title"]["site_suffix_separators"]:
        head, found, tail = title.rpartition(separator)
        # (a site's name holds no digit: 2021-2025年 in a title is no separator)
        if found and _is_title_like(head) and site.search(tail) and not any(ch.isdigit() for ch in tail):
            title = head.strip()
    return title.strip("《》 。")


SITE_TAIL = regexes.compile(r"网|门户|首页|官网")  # a site's name after a title
SITE_TAIL_OF_PAGE = regexes.compile(r"网|政府|门户|首页|官网")  # …and a page <title>'s suffix of its owner


# --------------------------------------------------------------------------- organisations & places


def _units(level: str) -> list[str]:
    return _data()["places"][level]


def _split_names(folded: str) -> list[tuple[int, int]]:
    """Spans of the names in a list like 中共XX县委 XX县人民政府 / 中共XX市委、XX市人民政府; 和/及/与 join
    two names only when both sides are names (人力资源和社会保障局 is one)."""
    spans = []
    for match in _NAME_RUN.finditer(folded):
        parts = [(m.start(), m.end()) for m in _NAME_PART.finditer(match.group())]
        if len(parts) > 1 and all(_valid_org(match.group()[a:b]) for a, b in parts):
            spans += [(match.start() + a, match.start() + b) for a, b in parts]
        else:
            spans.append((match.start(), match.end()))
    return spans


def _names_in(line_text: str, line_folded: str) -> list[str] | None:
    spans = _split_names(line_folded)
    if spans and all(_valid_org(line_folded[a:b]) for a, b in spans):
        return [line_text[a:b] for a, b in spans]
    return None


def strip_org(folded: str) -> str:
    """The region part of a body's name: 中共襄城县委 → 襄城县, 梧源市人民政府 → 梧源市."""
    org = _data()["organisations"]
    for prefix in org["party_prefixes"]:
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
    for suffix in org["government_suffixes"]:
        if folded.endswith(suffix) and len(folded) > len(suffix):
            return folded[: -len(suffix)]
    if _is_party_committee(folded):
        return re.sub(r"(?:党工委|党委|委员会|委)$", "", folded)
    return folded


def _is_party_committee(folded: str) -> bool:
    return bool(_party_committee_re().search(folded)) or folded.startswith(
        tuple(_data()["organisations"]["party_prefixes"])
    )


# Compiled once, not looked up in the re module's cache by pattern text at every call (several
# dozen calls per report, each hashing a fresh pattern string)
_NAME_RUN = regexes.compile(r"[^\s、,,;;]+")
_NAME_PART = regexes.compile(r"[^和及与]+")
_BARE_UNIT = regexes.compile(
    r"(?:中共)?[我本]?(自治区|自治州|自治县|自治旗|省|市|县|区|旗|州|盟|街道|镇|乡)(?:人民政府|政府|党委|党工委|委|办事处)?"
)


@cache
def _party_committee_re() -> re.Pattern[str]:
    units = "|".join(u for key in ("province", "city", "county", "township") for u in _units(key))
    return regexes.compile(rf"(?:{units})(?:党工委|党委|委员会|委)$")


@cache
def _org_chars_re() -> re.Pattern[str]:
    # compiled on first use: a class of the CJK range costs ~10 M instructions to compile
    return regexes.compile(rf"[{CJK}()]+")


@cache
def _own_units_re() -> re.Pattern[str]:
    return regexes.compile(_data()["subject"]["own_units"])


# --------------------------------------------------------------------------- body names


def _org_list(folded: str) -> list[tuple[int, int]] | None:
    """Spans of the names when ``folded`` is a list of body names (湖北省委、省政府 / 中共XX县委 XX县人民政府)."""
    spans = _split_names(folded)
    if spans and all(_valid_org(folded[a:b]) for a, b in spans):
        return spans
    return None


def _valid_org(name: str) -> bool:
    """A body's name: a ministry, a place's government or party committee, a department of one
    (with or without its place: 区人社局), a place itself, or the own unit (我局, 区政府)."""
    org = _data()["organisations"]
    if not 2 <= len(name) <= 30 or not _org_chars_re().fullmatch(name):
        return False
    if _is_central_name(name) or _bare_unit(name) or _own_units_re().fullmatch(name):
        return True
    core = name
    for prefix in org["party_prefixes"]:
        core = core.removeprefix(prefix)
    suffixes = _body_suffixes()
    if core.endswith(suffixes):  # (one test in C: most names end with none of them)
        for suffix in suffixes:
            if core.endswith(suffix) and len(core) > len(suffix) and _valid_region(core[: -len(suffix)]):
                return True
    return _valid_department(core) or _valid_region(core)


@cache
def _body_suffixes() -> tuple[str, ...]:
    """The endings of a government, party or other body's name, longest first."""
    org = _data()["organisations"]
    bodies = org["government_suffixes"] + org["party_suffixes"] + org["other_bodies"]
    return tuple(sorted(bodies, key=len, reverse=True))


@cache
def _department_suffixes() -> tuple[str, ...]:
    """The endings of a department's name (局 委 办 厅 …), longest first."""
    return tuple(sorted(_data()["organisations"]["department_suffixes"], key=len, reverse=True))


def _valid_department(core: str) -> bool:
    """[place] + what it does + 局/委/办/厅 …: 区人社局, 市政务和数据局, 温州市自然资源和规划局."""
    suffix = next((s for s in _department_suffixes() if core.endswith(s)), None)
    if suffix is None:
        return False
    body = core[: -len(suffix)]
    for cut in range(len(body) + 1):
        region, stem = body[:cut], body[cut:]
        # the stem first: it is cheap, and most cuts fail on it (both tests have no side effects)
        if _valid_stem(stem, region) and (
            not region or region in "省市县区州旗镇乡" or _valid_region(region)
        ):
            return True
    return False


def _valid_stem(stem: str, region: str) -> bool:
    if (
        not 1 <= len(stem) <= 14
        or _has_function_words(stem)
        or stem[0] in _data()["places"]["pronoun_prefixes"]
    ):
        return False
    return len(stem) >= 2 or bool(region)


def _has_function_words(name: str) -> bool:
    """Words that never stand inside a body's name (在, 的, 坚持 …): the name has run into a sentence."""
    org = _data()["organisations"]
    return not _function_chars().isdisjoint(name) or any(w in name for w in org["name_function_words"])


@cache
def _function_chars() -> frozenset[str]:
    return frozenset(_data()["organisations"]["name_function_chars"])


def _valid_region(region: str) -> bool:
    """One or more place names, each known to the gazetteer or a name + unit word (鹿鸣县, 东城街道)."""
    if "人民政府" in region:
        region = re.sub(r"人民政府(?=.)", "", region)  # XX区人民政府YY街道办事处
    if not region:
        return False
    pos = 0
    while pos < len(region):
        end = _place_end(region, pos)
        if end is None:
            return False
        pos = end
    return True


@cache
def _unit_re() -> re.Pattern:
    places = _data()["places"]
    units = regexes.longest_first(
        u for key in ("province", "city", "county", "township") for u in places[key]
    )
    zones = regexes.longest_first(_data()["organisations"]["other_level"])
    return regexes.compile(rf"[{CJK}]{{1,8}}?(?:{'|'.join(zones)})|[{CJK}]{{2,6}}?(?:{'|'.join(units)})")


def _place_end(region: str, pos: int) -> int | None:
    from summarizer import places  # the gazetteer loads on first use

    # places.lookup(name) is found exactly when by_name has the name; no name is longer than lengths[0]
    gazetteer = places.gazetteer()
    names, longest = gazetteer.by_name, gazetteer.lengths[0] if gazetteer.lengths else 0
    known = next(
        (end for end in range(min(len(region), pos + longest), pos + 1, -1) if names.get(region[pos:end])),
        None,
    )
    if known is not None:
        return known
    match = _unit_re().match(region, pos)
    if not match:
        return None
    if match.group()[0] in _data()["places"]["pronoun_prefixes"] or _has_function_words(match.group()):
        return None
    return match.end()


# --------------------------------------------------------------------------- level


def level_of(name: str, recipients: list[str], folded_text: str) -> Level:
    """Administrative level of an issuing body (folded name): a department is a department whatever
    place it belongs to; a place's level comes from the gazetteer, else from its unit word."""
    org = _data()["organisations"]
    if _is_central_name(name) or _is_central(name):
        return "central_department"
    if any(body in name for body in org["other_bodies"]):
        return "other"
    if _is_department(name):
        return "department"
    if unit := _bare_unit(name):
        return region_level(unit)
    region = strip_org(name)
    level = region_level(region)
    if level == "city" and region.endswith("市") and _is_county_level_city(region, recipients, folded_text):
        return "county"
    return level


def _is_central_name(name: str) -> bool:
    """A ministry's name, short or full, with or without 中华人民共和国 before it."""
    return name.removeprefix("中华人民共和国") in _data()["organisations"]["central_names"]


def _is_central(name: str) -> bool:
    """国家税务总局 is central; 国家税务总局鹿鸣县税务局 (a second body under it) is a local department."""
    org = _data()["organisations"]
    if (
        not name.startswith(tuple(org["central_prefixes"]))
        or name.startswith(tuple(org["party_prefixes"]))  # 中国共产党鹿鸣县委员会: a place's committee
        or any(zone in name for zone in org["other_level"])  # 中国(青岚)自由贸易试验区管理委员会
    ):
        return False
    return len(re.findall(r"(?:总局|局|委员会|委|办公室|办|署|部|银行|分行|支行)", name)) <= 1


OWN_PREFIX = regexes.compile(r"^[我本]")  # 我局, 本委: the unit speaking of itself


def _is_department(name: str) -> bool:
    org = _data()["organisations"]
    if name.endswith("人民政府办公室"):
        return True
    core = OWN_PREFIX.sub("", name)
    for prefix in org["party_prefixes"]:
        core = core.removeprefix(prefix)  # 中共XX县委依法治县办 is an office, 中共XX县委 is not
    if _is_party_committee(core) or core.endswith(tuple(org["government_suffixes"])):
        return False
    return core.endswith(tuple(org["department_suffixes"])) and not _bare_unit(name)


def region_level(region: str) -> Level:
    """By the last unit of the name: a township by its unit word; else the gazetteer (西安市高陵区 →
    county, 仙桃市 → county); else the unit word (县级市 resolved by the caller); 开发区/新区 → other."""
    from summarizer import places  # the gazetteer loads on first use

    places_data = _data()["places"]
    if region.endswith(tuple(places_data["township"])) or region in ("街道", "镇", "乡"):
        return "township"
    known = places.level_of_place(region)
    if known:
        return known
    if any(word in region for word in _data()["organisations"]["other_level"]):
        return "other"
    if region in places_data["municipalities"] or region == "省":
        return "province"
    ordered: list[tuple[Level, list[str]]] = [
        ("province", places_data["province"]),
        ("city", ["自治州", "地区"]),
        ("county", places_data["county"]),
        ("city", places_data["city"]),
    ]
    for level, units in ordered:
        if region.endswith(tuple(units)):
            return level
    return "other"


def _is_county_level_city(region: str, recipients: list[str], folded_text: str) -> bool:
    from summarizer import places

    if places.lookup(region):
        return False  # the gazetteer knows it (and said 地级市)
    if any(cue in folded_text for cue in _data()["county_level_city_cues"]):
        return True
    for recipient in recipients:  # a 市 that reports up to another 市/州 is a 县级市
        upper = strip_org(recipient)
        if upper != region and region_level(upper) == "city":
            return True
    return False


# --------------------------------------------------------------------------- issuer


@dataclass
class Issuer:
    names: list[str]  # source script
    folded: list[str]
    source: EvidenceSource = "title"
    span: tuple[int, int] | None = None  # clean offsets of the words it was read from
    place: tuple[str, tuple[int, int] | None] | None = None  # (place, clean span) that completed a 区政府


def find_issuer(
    doc: Document,
    lines: list[Line],
    title_index: int | None,
    preamble: Line | None,
    meta: PageMeta,
    page_titles: list[tuple[EvidenceSource, str]] | None = None,
    signature: tuple[list[Line], Line | None] | None = None,
) -> Issuer | None:
    """First found of: the title, the signature block, the subject of the opening sentence (and the
    own unit of 现将我局…报告如下), the 发布机构 field; a name without its place (区司法局, 我局) is
    completed by the signature's, the page's or the 发布机构's, and a bare 区政府/我市 with the place the
    text names for it. ``signature``: signature_block(lines), when the caller has it already."""
    title = lines[title_index] if title_index is not None else None
    above = lines[title_index - 1] if title_index else None
    publisher = _issuer_from_meta(doc, meta)
    page_title = _issuer_from_page_titles(doc, page_titles or [])
    signed = _issuer_from_signature(signature or signature_block(lines))
    for finder in (
        lambda: _issuer_from_title(title, above),
        lambda: signed,
        lambda: _issuer_from_opening(lines, preamble),
        lambda: page_title,
        lambda: _issuer_from_place_mentions(doc, preamble),
        lambda: publisher,
    ):
        issuer = finder()
        if issuer:
            for fuller in (signed, page_title, publisher):  # (区司法局 in the title, signed 东城区司法局)
                issuer = _completed(issuer, fuller)
            placers = [
                page_title,
                publisher,
                _issuer_from_source(doc, meta),
                _site_owner(doc, page_titles or []),
            ]
            return _placed(doc, issuer, [p for p in placers if p])
    return None


def _completed(issuer: Issuer, publisher: Issuer | None) -> Issuer:
    """县司法局 / 我局 in the text + 鹿鸣县司法局 as 发布机构 or in the page's <title> → the full name."""
    if not publisher or len(issuer.folded) != 1:
        return issuer
    if len(publisher.folded) > 1:  # a place alone (鹿鸣县2023年…) signed by its committee and government
        place = issuer.folded[0]
        return publisher if all(strip_org(name) == place != name for name in publisher.folded) else issuer
    short, full = issuer.folded[0], publisher.folded[0]
    if _own_units_re().fullmatch(short) and _is_department(short) == _is_department(full):
        return publisher
    if full.endswith(short) and len(full) > len(short) or _abbreviates(short, full):
        return publisher
    if _run_into(short, strip_org(full)):
        return publisher
    # a place alone (桂塘镇 in the title) and its government's name in the signature (桂塘镇人民政府)
    return publisher if full.startswith(short) and GOVERNMENT_OF_PLACE.fullmatch(full, len(short)) else issuer


def _run_into(name: str, place: str) -> bool:
    """Is ``name`` a place run into by words that name none (a flat page's 互动交流望川县: its menu's last
    item, then the title), ``place`` being the one it ends with?"""
    head = name.removesuffix(place)
    return (
        head != name
        and bool(head)
        and place != name
        and _valid_region(place)
        and _place_end(head, 0) is None
        and not head.startswith(tuple(_data()["organisations"]["party_prefixes"]))
    )


UNIT_CHARS = "省市县区州旗镇乡"  # a unit that stands for its own place before a department (县司法局)


def _abbreviates(short: str, full: str) -> bool:
    """Is ``short`` the text's short name of the department ``full`` (县市场监管局 of 鹿鸣县市场监督管理局, 区人社局
    of 东岭区人力资源和社会保障局)? Its place is its unit alone, of the unit of ``full``'s place, and its
    words are taken from ``full``'s in order, ending with the same word (局, 委, 办)."""
    if short.startswith(tuple(_data()["organisations"]["party_prefixes"])) or not _is_department(full):
        return False
    if _leading_places(short) or not _is_department(short):
        return False
    # (each place the name may open with: 住房和城乡建设局 reads as a 乡 too)
    return any(_abbreviates_stem(short, region, full[len(region) :]) for region in _leading_places(full))


def _abbreviates_stem(short: str, region: str, stem: str) -> bool:
    unit = short[0] if short[0] in UNIT_CHARS and region.endswith(short[0]) else ""
    own = short[len(unit) :]
    if not own or own[-1] != stem[-1] or len(own) >= len(stem):
        return False
    rest = iter(stem)
    return all(char in rest for char in own)


TITLE_HEAD_END = "关于"  # a title's first line that ends so goes on below (鹿鸣县人民政府关于 / 2023年度…)
GOVERNMENT_OF_PLACE = regexes.compile(r"人民政府|政府|街道办事处|办事处|管理委员会|管委会")


def _issuer_from_title(title: Line | None, above: Line | None = None) -> Issuer | None:
    """The bodies named before 关于 / 公布 / the year / the subject words, or on the line above."""
    if title is None:
        return None
    if above is not None and (across := _issuer_across(above, title)):
        return across
    # the bodies over 关于…: the place after 关于 (关于鹿鸣县2023年度…) is what the report is about
    found = None if above is not None and _issuer_above(above, title) else _title_issuer(title.folded)
    if found:
        start, end = found
        return _issuer_at(title, start, end, "title")
    if above is not None and _title_head(above) and (found := _title_issuer(above.folded)):
        return _issuer_at(above, *found, "title")  # (…人民政府关于2024年度 / 法治政府建设情况的报告)
    head = above.folded.strip().removesuffix(TITLE_HEAD_END) if above is not None else ""
    if above is not None and (names := _org_list(head)):
        lead = len(above.folded) - len(above.folded.lstrip())
        return _issuer_at(above, lead, lead + len(head), "title", names)
    return None


def _title_head(line: Line) -> bool:
    """Whether ``line`` is a title's first part, cut where a centred title wraps (a PDF's lines): the
    issuer, 关于 and what follows it, no sentence and no report word at its end (鹿鸣县人民政府关于2024年度 /
    法治政府建设情况的报告; 鹿鸣县市场监督管理局关于2024年度法治政 / 府建设情况的报告)."""
    folded = line.folded.strip()
    head = folded.find(TITLE_HEAD_END)
    return (
        head > 0
        and len(folded) <= _data()["title"]["max_chars"]
        and not any(mark in folded for mark in ",。;:")
        and not folded.endswith(tuple(_data()["title"]["report_words"]))
    )


def _issuer_above(above: Line, title: Line) -> bool:
    """A title that opens with 关于 under a line of the bodies that issue it (中共鹿鸣县委 鹿鸣县人民政府 /
    关于鹿鸣县2023年度…的报告), as a 公文 sets its head."""
    return title.folded.lstrip().startswith(TITLE_HEAD_END) and _org_list(above.folded.strip()) is not None


TITLE_CUTS = regexes.compile(r"关于|公布|发布|印发")


def _title_issuer(folded: str) -> tuple[int, int] | None:
    """Span of the issuer list in a title: the longest run of body names that ends where 关于, 公布,
    the report year or the subject words begin (a leading 文号 or 《 is skipped)."""
    cuts = [m.start() for m in TITLE_CUTS.finditer(folded)] + [m.start() for m in _YEAR_RE.finditer(folded)]
    cuts += [folded.find(w) for w in _data()["title"]["subject_words"] if w in folded]
    # 2023年安平县…: the year may open the title, and the issuer follow it
    opening_year = _YEAR_RE.match(folded.lstrip())
    after_year = len(folded) - len(folded.lstrip()) + opening_year.end() if opening_year else -1
    for cut in sorted({c for c in cuts if c > 0}):
        end = _before_lead_verb(folded, cut)
        for start in range(end - 1):
            if start != after_year and (
                folded[start] in " 《"
                or (
                    start
                    and folded[max(0, start - 2) : start] != "关于"
                    and folded[start - 1] not in " 《〕号]】[【"
                )
            ):
                continue
            if _org_list(folded[start:end]):
                return start, end
    return None


def _before_lead_verb(folded: str, cut: int) -> int:
    """Where the issuer may end before ``cut``: back over 的, spaces and a closing bracket (【鹿鸣县】2023年…),
    and over a verb that leads into the subject (安平县司法局推进法治政府建设…)."""
    end = cut
    for verb in _data()["title"]["subject_lead_verbs"]:
        if folded.endswith(verb, 0, end):
            end -= len(verb)
            break
    while end > 0 and folded[end - 1] in " 的]】":
        end -= 1
    return end


def _issuer_across(head: Line, title: Line) -> Issuer | None:
    """The issuer of a title broken in the middle of its name (鹿鸣市自然资源和 / 规划局2023年…报告): the
    names read across the line break, their span running from the head line into the title line."""
    head_folded = head.folded.rstrip()
    if _org_list(head_folded.strip()) or _opens_with_a_place(title.folded):
        return (
            None  # a name over the title (鹿鸣县人民政府 / 鹿鸣县2023年…), or a site's (…门户网站 / 鹿鸣县…)
        )
    lead = len(title.folded) - len(title.folded.lstrip())
    joined = head_folded + title.folded[lead:]
    found = _title_issuer(joined)
    if found is None or not found[0] < len(head_folded) < found[1]:
        return None
    start, end = found
    text = (head.text.rstrip() + title.text[lead:])[start:end]
    return _issuer_of(
        text, joined[start:end], (head.start + start, title.start + lead + end - len(head_folded))
    )


def _opens_with_a_place(folded: str) -> bool:
    """Does the title's own issuer name its place (鹿鸣县…, 鹿鸣县司法局…), not only a body (规划局…)?"""
    found = _title_issuer(folded)
    return found is not None and _place_end(folded[found[0] : found[1]].strip(), 0) is not None


def _issuer_at(
    line: Line, start: int, end: int, source: EvidenceSource, spans: list[tuple[int, int]] | None = None
) -> Issuer:
    return _issuer_of(
        line.text[start:end], line.folded[start:end], (line.start + start, line.start + end), source, spans
    )


def _issuer_of(
    text: str,
    folded: str,
    span: tuple[int, int],
    source: EvidenceSource = "title",
    spans: list[tuple[int, int]] | None = None,
) -> Issuer:
    spans = spans or _org_list(folded) or [(0, len(folded))]
    return Issuer([text[a:b] for a, b in spans], [folded[a:b] for a, b in spans], source, span)


def _issuer_named(text: str, folded: str, source: EvidenceSource = "page_meta") -> Issuer | None:
    """An Issuer when ``folded`` is a list of body names (source-script names cut from ``text``)."""
    text, folded = text.strip(), folded.strip()
    names = _names_in(text, folded)
    if not names:
        return None
    return Issuer(names, [folded[a:b] for a, b in _split_names(folded)], source)


def signature_block(lines: list[Line]) -> tuple[list[Line], Line | None]:
    """(name lines, date line) at the end: after 特此报告, or the last lines when they end with a date;
    without a date, the last line when it holds names alone."""
    config = _data()["dates"]
    end = signature_end([line.folded for line in lines])
    tail = lines[max(0, end - config["signature_lines_scanned"]) : end]
    closing = max((i for i, line in enumerate(tail) if _is_closing_line(line.folded)), default=-1)
    candidates = tail[closing + 1 :] if closing >= 0 else tail[-3:]
    date_index = next(
        (i for i in range(len(candidates) - 1, -1, -1) if _is_date_line(candidates[i].folded)),
        None,
    )
    if date_index is None:
        # a signature without its date (a page that dropped it): the text's last line, names alone
        return _name_lines(candidates[-1:]), None
    return _name_lines(candidates[:date_index]), candidates[date_index]


SEAL_NOTE = regexes.compile(
    r"\s*\(\s*(?:盖章|公章|印章|签章)\s*\)\s*$"
)  # where the seal goes: 鹿鸣县人民政府(盖章)


def _name_lines(lines: list[Line]) -> list[Line]:
    """The lines that hold body names alone, without the note of where the seal goes."""
    names = []
    for line in lines:
        seal = SEAL_NOTE.search(line.folded)
        named = _sub_line(line, 0, seal.start()) if seal else line
        if _names_in(named.text.strip(), named.folded.strip()):
            names.append(named)
    return names


def _is_closing_line(folded: str) -> bool:
    return closing_re().fullmatch(folded.strip().rstrip("。.")) is not None


# --------------------------------------------------------------------------- layout (handed to the outline)


@dataclass
class Layout:
    """What the page's layout says, read once here and handed to the outline."""

    lines: list[Line]  # the report's lines (re-cut when the copy lost its line breaks)
    flat: bool  # the copy lost its line breaks
    title: tuple[int, int] | None  # clean spans
    recipients: tuple[int, int] | None
    closing_marks: list[int]  # where each 特此报告 starts
    signature_start: int | None  # where a trailing names + date block (else the 版记 under the text) starts

    def closing_start(self, after: int) -> int | None:
        """Start of the last 特此报告 after ``after``, else of the trailing signature block."""
        marks = [mark for mark in self.closing_marks if mark >= after]
        if marks:
            return marks[-1]
        return (
            self.signature_start
            if self.signature_start is not None and self.signature_start >= after
            else None
        )


def layout_of(doc: Document) -> Layout:
    """The layout alone (for callers that need the outline without the document facts)."""
    relined = report_lines(doc)
    title_index = find_title(relined.lines)
    recipient_index, _names, _folded = find_recipients(
        relined.lines, -1 if title_index is None else title_index
    )
    return _layout(doc, relined.lines, title_index, recipient_index)


def _layout(doc: Document, lines: list[Line], title_index: int | None, recipient_index: int | None) -> Layout:
    def span(index: int | None) -> tuple[int, int] | None:
        return (lines[index].start, lines[index].end) if index is not None else None

    flat = lost_line_breaks(doc.folded)
    return Layout(
        lines=lines,
        flat=flat,
        title=span(title_index),
        recipients=span(recipient_index),
        closing_marks=[match.start() for match in closing_re().finditer(doc.folded)],
        signature_start=_flat_signature_start(lines)
        if flat
        else _signature_start(doc.folded[: attachments_start(doc)]),
    )


def attachments_start(doc: Document) -> int:
    """Where the attachments under the signature begin when the page's lone 附件: line was removed as page
    noise (a download list's label): at that line, when it stands right under the signature's date; else
    the text's end (a 附件1 line kept in the text is found by signature_end)."""
    for span in doc.removed_noise:
        if span.kind == "attachment":
            at = doc.to_clean(span.start, span.end)[0]
            before = doc.folded[:at].rstrip()
            if _is_date_line(before[before.rfind("\n") + 1 :]):
                return at
    return len(doc.folded)


def _signature_start(folded: str) -> int | None:
    """A trailing date line and the short issuer lines above it (no 特此报告 needed); without one, the
    公文's 版记 that ends the text (抄送:…, …印发): report text stops there all the same."""
    lines = folded.rstrip().split("\n")
    first = _signature_line(lines, names_on_date=False)
    if first is None:
        first = _trailer_line(lines)
    return None if first is None else sum(len(line) + 1 for line in lines[:first])


def _trailer_line(lines: list[str]) -> int | None:
    """Index of the first of the 版记 lines that end ``lines`` (blank lines among them), if any."""
    end = signature_end(lines)
    return end if any(TRAILER_LINE.fullmatch(line.strip()) for line in lines[end:]) else None


def _flat_signature_start(lines: list[Line]) -> int | None:
    """:func:`_signature_start` of a copy that lost its line breaks, read in its lines as re-cut
    (report_lines), where the names and the date are one line (梨花镇人民政府 2021年1月15日)."""
    first = _signature_line([line.folded for line in lines], names_on_date=True)
    return None if first is None else lines[first].start


def _signature_line(lines: list[str], *, names_on_date: bool) -> int | None:
    """Index of the first line of the signature block that ends ``lines`` (attachments and 版记 under
    it aside): its date line and the short lines above it; ``names_on_date``: a date line may start
    with the names."""
    lines = lines[: signature_end(lines)]
    if len(lines) < 2 or not _is_date_line(lines[-1]):
        return None
    if _find_date_or_month(lines[-1].strip())[1][0] != 0:
        return len(lines) - 1 if names_on_date else None
    first = len(lines) - 1
    while first > 1 and _is_signature_line(lines[first - 1]):
        first -= 1
    return first


def signature_end(lines: list[str]) -> int:
    """How many of a text's lines (folded) run up to its signature's date: all but the lines under it
    (blank lines, a 公文's 版记: (此件公开发布), 抄送:…, …印发) and the attachments after it (附件1 …)."""
    end = len(lines)
    reach = max(0, len(lines) - ATTACHMENT_REACH)
    if "附件" not in "".join(lines[reach:]):  # (almost every text)
        reach = len(lines)
    for i in range(len(lines) - 1, reach, -1):
        if ATTACHMENT_HEAD.match(lines[i].strip()):
            before = i  # (back over blank lines and the 版记 between: 抄送:… may come first)
            while before > 0 and (
                not lines[before - 1].strip() or TRAILER_LINE.fullmatch(lines[before - 1].strip())
            ):
                before -= 1
            if before > 0 and _is_date_line(lines[before - 1]):
                end = before  # the signature's date, then the attachments
    while end and (not lines[end - 1].strip() or TRAILER_LINE.fullmatch(lines[end - 1].strip())):
        end -= 1
    return end


def _is_signature_line(line: str) -> bool:
    stripped = line.strip(" \t\u3000\xa0")
    return not stripped or (len(stripped) <= 30 and stripped[-1] not in "。;:!?")


# between the steps of a breadcrumb (首页 > 政务公开)
BREADCRUMB_STEP = regexes.compile(r"\s*(?:>>|>|»|›|→)\s*")
PAGER = regexes.compile(r"\s*(?:上一篇|下一篇|上一条|下一条)")  # a link to another article, not its title
# after a signature's date, how the document may be published: 2024年2月28日(此件公开发布)
PUBLICATION_NOTE = regexes.compile(r"\(\s*此件[^()]{0,10}\)")
# …or the day of the week: 2024年2月26日(星期一)
DATE_NOTE = regexes.compile(PUBLICATION_NOTE.pattern + r"|\(?\s*(?:星期|周)[一二三四五六日天]\s*\)?")
SITE_WORDS = regexes.compile(r"(?:门户网站|网站|门户|官网|首页)$")  # a site's name after its owner's
# An attachment after the signature (附件1, 附件:1.…表, 附件一): what follows is not the report's text.
ATTACHMENT_HEAD = regexes.compile(r"附件\s*[0-9一二三四五六七八九十]*(?:\s|:|$)")
ATTACHMENT_REACH = 400  # lines from the end an attachment may start (a statistics table is long)
# A 公文's lines under its signature (版记, folded): that note, whom it is copied to, who printed it when.
TRAILER_LINE = regexes.compile(
    PUBLICATION_NOTE.pattern + r"|(?:抄送|抄报|分送)\s*:.*|[^。\n]{0,40}印发|\(\s*共印\s*\d+\s*份\s*\)"
)


def _is_date_line(folded: str) -> bool:
    if len(folded.strip()) > 60:  # before the number engine reads the line
        return False
    found = _find_date_or_month(folded.strip())  # (a signature may name the month only: 2025年1月)
    if not found:
        return False
    _value, (match_start, match_end) = found
    rest = folded.strip()[match_end:].strip(" 。")
    head = folded.strip()[:match_start].strip()
    return (not rest or DATE_NOTE.fullmatch(rest) is not None) and (
        not head or _names_in(head, head) is not None
    )


def _issuer_from_signature(signature: tuple[list[Line], Line | None]) -> Issuer | None:
    name_lines, date_line = signature
    for line in reversed(name_lines[-2:]):
        stripped = line.folded.strip()
        if names := _org_list(stripped):
            lead = len(line.folded) - len(line.folded.lstrip())
            signed = _issuer_at(line, lead, lead + len(stripped), "signature", names)
            return _joint_signature(name_lines, line, signed) or signed
    found = _find_date_or_month(date_line.folded) if date_line else None
    if date_line and found and found[1][0] > 0:  # names and date on one line
        cut = len(date_line.folded[: found[1][0]].rstrip())
        lead = len(date_line.folded) - len(date_line.folded.lstrip())
        if names := _org_list(date_line.folded[lead:cut]):
            return _issuer_at(date_line, lead, cut, "signature", names)
    return None


def _joint_signature(name_lines: list[Line], line: Line, signed: Issuer) -> Issuer | None:
    """A party committee signed on the line above the government (中共鹿鸣县委 / 鹿鸣县人民政府): the two
    bodies are the report's joint issuer."""
    at = next((i for i, name_line in enumerate(name_lines) if name_line is line), 0)
    if at == 0 or any(_is_party_committee(name) for name in signed.folded):
        return None
    above = name_lines[at - 1]
    party = above.folded.strip()
    if not _is_party_committee(party) or _org_list(party) is None:
        return None
    lead = len(above.folded) - len(above.folded.lstrip())
    return Issuer(
        [above.text[lead : lead + len(party)], *signed.names],
        [party, *signed.folded],
        "signature",
        (above.start + lead, signed.span[1] if signed.span else line.end),
    )


def _issuer_from_page_titles(doc: Document, page_titles: list[tuple[EvidenceSource, str]]) -> Issuer | None:
    """The issuer named by the page's <title> or 标题 field when the text itself has no title."""
    for source, text in page_titles:
        folded = _fold(doc, text)
        if _is_title_like(folded) and (found := _title_issuer(folded)):
            start, end = found
            names = _org_list(folded[start:end]) or [(0, end - start)]
            return Issuer(
                [text[start:end][a:b] for a, b in names], [folded[start:end][a:b] for a, b in names], source
            )
    return None


def _site_owner(doc: Document, page_titles: list[tuple[EvidenceSource, str]]) -> Issuer | None:
    """The body whose site the page is on, named by its <title>'s site suffix (…_鹿鸣县人民政府门户网站):
    used only to place a bare 县政府 / 我县, as the 来源 field is."""
    for source, text in page_titles:
        if source != "html_title":
            continue
        for separator in _data()["title"]["site_suffix_separators"]:
            _head, found, site = text.rpartition(separator)
            if found and (name := SITE_WORDS.sub("", site.strip())):
                return _issuer_named(name, _fold(doc, name))
    return None


def _issuer_from_opening(lines: list[Line], preamble: Line | None) -> Issuer | None:
    """The subject of the opening sentence (2023年,在市委的领导下,XX区委、区政府坚持…), else the own unit
    of its 现将我局…情况报告如下 sentence."""
    if preamble is None:
        return None
    subject = _opening_subject(preamble.folded)
    if subject:
        return _issuer_at(preamble, *subject, "first_sentence")
    for line in [preamble, *lines[lines.index(preamble) + 1 : lines.index(preamble) + 3]]:
        own = re.search(rf"现(?:将|就)({_data()['subject']['own_units']}|[省市县区镇乡]政府)", line.folded)
        if own:
            return _issuer_at(line, own.start(1), own.end(1), "first_sentence")
    return None


CLAUSE_END = regexes.compile(r"[,。;:!?\n]")


def _opening_subject(folded: str) -> tuple[int, int] | None:
    config = _data()["subject"]
    lead = regexes.compile(config["lead"]).match(folded)
    pos = lead.end() if lead else len(folded) - len(folded.lstrip())
    adverbial_re = regexes.compile(config["adverbial"])
    if not lead and not adverbial_re.match(folded, pos):
        return None  # the subject opens the sentence after a year or a 在…领导下, lead only
    while adverbial := adverbial_re.match(folded, pos):
        pos = adverbial.end()
    window = CLAUSE_END.split(folded[pos : pos + config["max_chars"]], maxsplit=1)[0]
    followers = tuple(config["followers"])
    # A list whose first name is not a body's is no list, however it goes on: once the first name
    # (split as _split_names splits it) is found invalid, no longer cut is tried.
    first = _NAME_RUN.search(window)
    head_end = first.end() if first and first.end() < len(window) else len(window)
    head_valid: bool | None = None
    for end in range(len(window), 1, -1):
        if not (end == len(window) or window[end:].startswith(followers)):
            continue
        if end > head_end:
            if head_valid is None:
                head_valid = _org_list(window[:head_end]) is not None
            if not head_valid:
                continue
        if _org_list(window[:end]):
            return pos, pos + end
    return None


def _issuer_from_place_mentions(doc: Document, preamble: Line | None) -> Issuer | None:
    """我镇/本街道 … → the 镇 named most often in the text (南华镇 from 《南华镇2023年…》)."""
    if preamble is None:
        return None
    own = re.search(r"(?:我|本)(街道|镇|乡)", preamble.folded[:80])
    if not own:
        return None
    found = _township_named(doc.folded, own.group(1))
    if not found:
        return None
    name, pos = found
    return Issuer([doc.text[pos : pos + len(name)]], [name], "body", (pos, pos + len(name)))


def _township_named(folded: str, unit: str) -> tuple[str, int] | None:
    """The township of that unit named at least twice, most often (townships are not in the gazetteer:
    their unit word marks them)."""
    generic = set(_data()["places"]["generic_prefixes"])
    counts: Counter[str] = Counter()
    # where the unit word is written (str.find), the 2 or 3 characters before it: what the lookahead
    # (?=([CJK]{width}unit)) finds, in its order, without trying it at every character
    at = []
    pos = folded.find(unit)
    while pos >= 0:
        at.append(pos)
        pos = folded.find(unit, pos + 1)
    for width in (2, 3):
        for end in at:
            if end < width or not all("\u4e00" <= char <= "\u9fff" for char in folded[end - width : end]):
                continue
            name = folded[end - width : end + len(unit)]
            stem = name[: -len(unit)]
            if stem[-1] not in generic and stem[0] not in generic and not _has_function_words(stem):
                counts[name] += 1
    if not counts or max(counts.values()) < 2:
        return None
    top = max(counts.values())
    name = min((n for n, c in counts.items() if c == top), key=len)
    longer = [n for n, c in counts.items() if c == top and n.endswith(name) and len(n) > len(name)]
    name = longer[0] if longer else name
    return name, folded.find(name)


def _issuer_from_source(doc: Document, meta: PageMeta) -> Issuer | None:
    """The 来源 field as a body name (used only to place a bare 区政府 / 我市: it may name the office
    that posted the page rather than the issuer)."""
    return _issuer_named(meta.source_org, _fold(doc, meta.source_org)) if meta.source_org else None


def _issuer_from_meta(doc: Document, meta: PageMeta) -> Issuer | None:
    return _issuer_named(meta.publisher, _fold(doc, meta.publisher)) if meta.publisher else None


def _placed(doc: Document, issuer: Issuer, placers: list[Issuer]) -> Issuer:
    """A bare 区政府 / 我市 / 省委、省政府 completed with the place the document names for it: the
    place of the page title's issuer or of the publisher, else the division of that unit the text names most often (gazetteer), else
    the township named most often. Left bare when nothing names it."""
    if any(not _bare_unit(name) for name in issuer.folded):
        return issuer
    unit = _bare_unit(issuer.folded[0])
    place = _place_for(doc, unit, placers)
    if place is None:
        return issuer
    name, span, written = place
    rest = [re.sub(r"^[我本]?" + re.escape(unit), "", f) for f in issuer.folded]
    # the names in the source's script (鹿鳴縣 of a Traditional page's 來源), read as the text writes them
    rest_written = [
        text[len(text) - len(r) :] if r else "" for text, r in zip(issuer.names, rest, strict=True)
    ]
    return Issuer(
        [written + r for r in rest_written],
        [name + r for r in rest],
        issuer.source,
        issuer.span,
        (written, span),
    )


def _leading_places(name: str) -> list[str]:
    """The places a department's name opens with, longest last: 青禾市东岭区司法局 → 青禾市, 青禾市东岭区
    (来源: 望川县司法局 places a 我县 as 望川县)."""
    if not _is_department(name):
        return []
    found, pos = [], 0
    while pos < len(name) and (end := _place_end(name, pos)) is not None and end < len(name):
        found.append(name[:end])
        pos = end
    return found


def _bare_unit(folded: str) -> str | None:
    """The unit of a name that names no place: 区政府 → 区, 我市 → 市, 省委 → 省 (None otherwise)."""
    match = _BARE_UNIT.fullmatch(folded)
    return match.group(1) if match else None


def _place_for(
    doc: Document, unit: str, placers: list[Issuer]
) -> tuple[str, tuple[int, int] | None, str] | None:
    """(place, clean span of where the text names it, the place as the source writes it)."""
    for placer in placers:
        for region in (strip_org(placer.folded[0]), *_leading_places(placer.folded[0])):
            if region.endswith(unit) and len(region) > len(unit) and _valid_region(region):
                return region, None, _as_written(placer.names[0], placer.folded[0], region)
    if unit in ("街道", "镇", "乡"):
        found = _township_named(doc.folded, unit)
        if found is None:
            return None
        name, pos = found
        return name, (pos, pos + len(name)), doc.text[pos : pos + len(name)]
    from summarizer import places  # the gazetteer loads on first use

    levels: tuple[Level, ...] = UNIT_LEVELS.get(unit, ("city", "county"))
    named = places.places_named(doc.folded[:PLACE_SEARCH_CHARS], levels)
    candidates = [(count, name) for name, count in named.items() if name.endswith(unit)]
    if not candidates:
        return None
    _count, name = max(candidates)
    pos = doc.folded.find(name)
    if pos < 0:
        pos = doc.folded.find(places.short_name(name))
    return (
        name,
        (pos, pos + len(places.short_name(name))) if pos >= 0 else None,
        _as_written(doc.text, doc.folded, name),
    )


def _as_written(text: str, folded: str, name: str) -> str:
    """``name`` (Simplified) as ``text`` writes it, where its folded form ``folded`` holds it (folding
    keeps every character's place); else as it is."""
    pos = folded.find(name)
    return text[pos : pos + len(name)] if pos >= 0 and len(text) == len(folded) else name


# --------------------------------------------------------------------------- recipients, preamble


YEAR_DIGITS = regexes.compile(r"20\d\d")


def find_recipients(lines: list[Line], after: int) -> tuple[int | None, list[str], list[str]]:
    """(line index, names, folded names) of an addressee line like 中共许昌市委、许昌市人民政府:."""
    for index in range(after + 1, min(after + 4, len(lines))):
        line = lines[index]
        folded = line.folded.strip()
        if not folded.endswith((":", "∶")) or len(folded) > 60 or YEAR_DIGITS.match(folded):
            continue
        body = folded.rstrip(":∶").strip()
        spans = _addressees(body)
        if spans:
            lead = len(line.folded) - len(line.folded.lstrip())
            text = line.text[lead : lead + len(body)]
            names, folded_names = ([t[a:b] for a, b in spans] for t in (text, body))
            return index, _with_shared_place(names, folded_names), _with_shared_place(folded_names)
    return None, [], []


SHORT_BODY = regexes.compile(
    r"[省市县区州旗](?:委|人民政府|政府|人大常委会|政协)"
)  # 市人民政府 of 临澜市委、市人民政府
PLACE_OF_BODY = regexes.compile(r"(?:中共)?(\w{2,8}?[省市县区州旗])")


def _with_shared_place(names: list[str], folded: list[str] | None = None) -> list[str]:
    """Addressees with the place a short one leaves to the name before it (临澜市委、市人民政府: 临澜市人民政府);
    ``folded``: the names as read (Simplified), when ``names`` are as written."""
    out, place = [], ""
    for name, read in zip(names, folded or names, strict=True):
        if place and SHORT_BODY.fullmatch(read) and place.endswith(read[0]):
            out.append(place + name[1:])
            continue
        found = PLACE_OF_BODY.match(name)
        place = found.group(1) if found else ""
        out.append(name)
    return out


def _addressees(body: str) -> list[tuple[int, int]]:
    """Spans of the names when every name in ``body`` ends like an addressee (…市委, …人民政府)."""
    suffixes = tuple(_data()["organisations"]["recipient_suffixes"])
    spans = _split_names(body)
    return spans if spans and all(body[a:b].endswith(suffixes) for a, b in spans) else []


def find_preamble(lines: list[Line], after: int, title: Line | None) -> Line | None:
    """The first paragraph of the body (not a heading, the addressee line or a repeated title); a
    paragraph that opens like a report (2023年, / 今年以来, …) wins over a lead-in before it (a mirror
    site's 「《…》是…发布的通知」)."""
    paragraphs = []
    for line in lines[after + 1 : after + 4]:
        folded = line.folded.strip()
        if _is_heading_marker(folded):
            break
        if len(folded) >= 20 and (title is None or folded != title.folded.strip()):
            paragraphs.append(line)
    lead = regexes.compile(_data()["subject"]["lead"])
    opening = next(
        (line for line in paragraphs if lead.match(line.folded) and _YEAR_OR_SINCE.match(line.folded)), None
    )
    return opening or (paragraphs[0] if paragraphs else None)


# --------------------------------------------------------------------------- report year


def year_mentions(folded: str, skip_titles: bool = True) -> list[int]:
    """Years named as periods (2023年, 2023年度) — not dates (2024年2月), not range ends (2021—2025年)."""
    return [year for year, _start, _end in year_spans(folded, skip_titles)]


MONTH_NEXT = regexes.compile(r"\s*\d{1,2}\s*月")  # 2023年 followed by its month: a date, not a year


def year_spans(folded: str, skip_titles: bool = True) -> list[tuple[int, int, int]]:
    """(year, start, end) of each year named as a period; 《…》 titles skipped unless told otherwise."""
    marks = _data()["report_year"]["range_marks"]
    range_end = regexes.compile(rf"\s*[{re.escape(marks)}]\s*20\d\d")  # 2021—2025年's 2021
    text = _blank_book_titles(folded) if skip_titles else folded
    years = []
    for match in _YEAR_RE.finditer(text):
        before = text[max(0, match.start() - 1) : match.start()]
        after = text[match.end() : match.end() + 8]
        if before and before in marks:
            continue
        if range_end.match(after) or MONTH_NEXT.match(after):
            continue
        years.append((_year_value(match.group(1)), match.start(), match.end()))
    return years


def _year_value(numeral: str) -> int:
    """2023 or 二〇二三 (read by the number engine)."""
    if numeral.isdigit():
        return int(numeral)
    found = scan_numeral(numeral.replace("O", "〇").replace("0", "〇"), 0)
    return int(found.value) if found else 0


@dataclass
class Found:
    """A fact and where it was read (clean span of the words, when they are in the cleaned text)."""

    value: Any
    source: EvidenceSource
    span: tuple[int, int] | None = None
    text: str | None = None  # the words, when they are not in the cleaned text (page <title>, 标题 field)


def find_report_year(
    title: Line | None,
    other_titles: list[tuple[EvidenceSource, str]],
    preamble: Line | None,
    lines: list[Line],
    signed: date | Month | None,
    published: date | None = None,
) -> Found | None:
    """The year reported on: votes from the title and the opening sentence (its lead year and its
    现将…2023年度…情况报告如下) outweigh other years the preamble names; else the first heading's year,
    else a plan heading's year minus one, else the signing date, else (nothing the report says telling)
    the page's publication date. Never a banner date, never a 文号 (〔2024〕 is not 2024年)."""
    weights = _data()["report_year"]
    votes: list[tuple[int, int, Found]] = []  # (year, weight, where)
    if title:
        votes += [
            (y, weights["title_weight"], _found_in(title, y, a, b, "title"))
            for y, a, b in year_spans(title.folded, False)
        ]
    elif other_titles:
        source, text = other_titles[0]
        votes += [
            (y, weights["title_weight"], Found(y, source, None, text)) for y in year_mentions(text, False)
        ]
    if preamble:
        votes += _opening_votes(preamble, weights)
    if not votes:
        votes += _heading_votes(lines)
    if votes:
        totals: Counter[int] = Counter()
        for year, weight, _found in votes:
            totals[year] += weight
        best = max(totals.values())
        year = min(y for y, total in totals.items() if total == best)
        return max((v for v in votes if v[0] == year), key=lambda v: v[1])[2]
    if signed:
        return Found(signed.year - 1 if signed.month <= 6 else signed.year, "signature")
    if published:  # a report is published the year after the year it reports on (late, as often as not)
        year = published.year if published.month == PUBLISHED_SAME_YEAR_MONTH else published.year - 1
        return Found(year, "page_meta", None, str(published))
    return None


PUBLISHED_SAME_YEAR_MONTH = 12  # a report published in December is that year's (an early one)


def _found_in(line: Line, value: Any, start: int, end: int, source: EvidenceSource) -> Found:
    return Found(value, source, (line.start + start, line.start + end))


def _opening_votes(preamble: Line, weights: dict[str, Any]) -> list[tuple[int, int, Found]]:
    folded = preamble.folded
    spans = year_spans(folded) or year_spans(folded, False)
    # 2019年以来 starts a span the report looks back over, not the year it reports on (2024年,全县…)
    spans = [(year, a, b) for year, a, b in spans if not SINCE.match(folded, b)]
    lead = regexes.compile(_data()["subject"]["lead"]).match(folded)
    report_sentence = regexes.compile(weights["report_sentence"]).search(folded)
    votes = []
    for year, start, end in spans:
        strong = (
            (lead and start < lead.end())
            or (report_sentence and report_sentence.start() <= start < report_sentence.end())
            # a year that opens the main clause after an adverbial (按照…2022年省委部署, 2023年,县政府…)
            or CLAUSE_YEAR.match(folded, end) is not None
        )
        votes.append(
            (
                year,
                weights["opening_weight"] if strong else 1,
                _found_in(preamble, year, start, end, "first_sentence"),
            )
        )
    return votes


CLAUSE_YEAR = regexes.compile(r"\s*,")  # after a year that opens a clause (2023年,)
SINCE = regexes.compile(r"\s*(?:度)?\s*(?:以来|至今)")  # after a year that starts a span


def _heading_votes(lines: list[Line]) -> list[tuple[int, int, Found]]:
    """The first heading's year (一、2023年工作情况), else a plan heading's year less one."""
    headings = [line for line in lines if _is_heading_marker(line.folded.strip()) and len(line.folded) < 60]
    for line in headings[:1]:
        if spans := year_spans(line.folded):
            year, start, end = spans[0]
            return [(year, 1, _found_in(line, year, start, end, "heading"))]
    plan = regexes.compile(_data()["report_year"]["plan_heading"])
    for line in headings:
        if match := plan.search(line.folded):
            year = int(match.group(1)) - 1
            return [(year, 1, _found_in(line, year, match.start(1), match.end(1), "heading"))]
    return []


# --------------------------------------------------------------------------- doc type


@dataclass
class Genre:
    doc_type: DocType
    label: str  # the genre's Chinese name
    confidence: float
    reasons: list[str]

    @property
    def accepted(self) -> bool:
        return self.doc_type == "rol_annual_report"


REPORT_LABEL = "法治政府建设年度报告"


def classify(doc: Document, titles: list[str], lines: list[Line]) -> Genre:
    """The document's genre. A text is refused only on positive evidence of another genre (its title,
    its opening words, the 政府信息公开 headings); a report missing its title or parts is still a report."""
    config = _data()["doc_types"]
    text = doc.folded
    if not text.strip() or not has_cjk_share(text, config["min_cjk_share"]):
        return Genre("other", "非中文文本", 0.9, ["little or no Chinese text"])
    head = _masked_head(text, config["head_chars"])
    speaks_as_report = regexes.compile(config["report_voice"]).search(text) is not None
    report_title = _report_title(titles)
    chars = [set(head), *map(set, titles)]  # what each text holds: a pattern needing more is not searched
    for genre in config["genres"]:
        if genre.get("not_if_report_voice") and speaks_as_report:
            continue  # a report reposted under a news byline still says 现将…情况报告如下
        # a report (titled so, or saying 现将…报告如下) may open on its 政务公开 work (主动公开政府信息…)
        opening = not (genre.get("opening_not_if_report") and (report_title or speaks_as_report))
        if found := _genre_evidence(genre, titles, head, config["report_title"], chars, opening=opening):
            return Genre(genre["type"], genre["label"], 0.9, found)
    if gis := _gis_headings(lines, config):
        return Genre("gis_annual_report", "政府信息公开工作年度报告", 0.9, gis)
    if not any(word in text for word in config["topic_words"]):
        return Genre("other", "与法治政府建设无关的文本", 0.8, ["never mentions 法治, 依法 or 行政执法"])
    return _report_confidence(text, titles, config)


CJK_RUN = regexes.compile(rf"[{CJK}]+")


def has_cjk_share(text: str, share: float) -> bool:
    """Whether Chinese characters are at least ``share`` of the characters other than spaces and line
    breaks. Counted a piece at a time (runs, not characters: 4x faster), only as far as needed: a
    report reaches its share within its first lines."""
    needed = share * (len(text) - text.count(" ") - text.count("\n"))
    cjk = 0
    for start in range(0, len(text), CJK_PIECE):
        cjk += sum(map(len, CJK_RUN.findall(text[start : start + CJK_PIECE])))
        if cjk >= needed:
            return True
    return cjk >= needed


CJK_PIECE = 1000  # characters counted at a time by has_cjk_share


BOOK_TITLE = regexes.compile(r"《[^》]{0,80}》")


def _blank_book_titles(folded: str) -> str:
    """``folded`` with every 《title》 blanked out, at the same length (offsets stay valid)."""
    return BOOK_TITLE.sub(lambda m: " " * len(m.group()), folded)


def _masked_head(folded: str, chars: int) -> str:
    """The opening of the text with cited titles (《…》) blanked: citing a plan does not make one."""
    head = folded[:chars]
    return _blank_book_titles(head)


def _genre_evidence(
    genre: dict[str, Any],
    titles: list[str],
    head: str,
    report_words: list[str],
    chars: list[set[str]] | None = None,
    *,
    opening: bool = True,
) -> list[str]:
    """``chars``: the set of characters of the head, then of each title (computed here if not given);
    ``opening``: whether the head's words count as evidence too."""
    head_chars, *title_chars = chars or [set(head), *map(set, titles)]
    for title, in_title in zip(titles, title_chars, strict=True):
        word = next(
            (
                _cue(m)
                for p in genre["title"]
                if could_match(p, in_title) and (m := regexes.compile(p).search(title))
            ),
            None,
        )
        if word is None:
            continue
        is_report = genre["type"] == "work_plan" and any(w in title for w in report_words)
        if not is_report:
            return [f"title {title!r} names {word}"]
    if not genre.get("head") or not opening:
        return []
    patterns = [p for p in genre["head"] if could_match(p, head_chars)]
    hits = sorted({m.group().strip() for p in patterns for m in regexes.compile(p, re.M).finditer(head)})
    if len(hits) >= genre["min_head"]:
        return ["opening words: " + "、".join(hits)]
    return []


def _cue(match: re.Match[str]) -> str:
    """The words a genre pattern found: its group named cue, when the rest only says where it may stand."""
    return match.group("cue") if "cue" in match.re.groupindex else match.group()


def _gis_headings(lines: list[Line], config: dict[str, Any]) -> list[str]:
    # a heading names one only if some line does: with too few named anywhere, no line is read as a heading
    joined = "\n".join(line.folded for line in lines)
    if sum(h in joined for h in config["gis_headings"]) < config["gis_min_headings"]:
        return []
    headings = [line.folded for line in lines if _is_heading_marker(line.folded.strip())]
    found = [h for h in config["gis_headings"] if any(h in heading for heading in headings)]
    if len(found) >= config["gis_min_headings"]:
        return [f"{len(found)} of the six 政府信息公开 report headings: " + "、".join(found)]
    return []


def _report_title(titles: list[str]) -> tuple[str, str] | None:
    """The words by which a title names a 法治政府建设 report (its subject, and 报告/情况/总结), if one does."""
    subject_words, report_words = _data()["title"]["subject_words"], _data()["title"]["report_words"]
    for title in titles:
        subject = next((w for w in subject_words if w in title), None)
        report = next((w for w in report_words if w in title), None)
        if subject and report:
            return subject, report
    return None


def _report_confidence(text: str, titles: list[str], config: dict[str, Any]) -> Genre:
    if named := _report_title(titles):
        return Genre("rol_annual_report", REPORT_LABEL, 0.95, [f"title names {named[0]} and {named[1]}"])
    subject_words = _data()["title"]["subject_words"]
    cues = [cue for cue in config["body_cues"] if cue in text]
    mentions = text.count(subject_words[0])
    if cues or mentions >= 2:
        reasons = [f"body names 法治政府建设 {mentions} times"] + (
            ["cues: " + "、".join(cues[:5])] if cues else []
        )
        return Genre("rol_annual_report", REPORT_LABEL, 0.8 if cues else 0.7, reasons)
    return Genre(
        "rol_annual_report",
        REPORT_LABEL,
        0.5,
        ["no report title or cues, but no sign of another genre either"],
    )


# --------------------------------------------------------------------------- entry point


def extract_metadata(doc: Document) -> DocumentInfo:
    """Title, issuer, level, years, dates, addressees and document type (plan_year comes later), each
    with the evidence it was read from."""
    return read_facts(doc)[0]


@dataclass
class _Opening:
    """What a report's facts are read from: its lines, the page's data, its title, addressees, opening
    sentence, the page's other titles and its signature."""

    lines: list[Line]
    meta: PageMeta
    title_index: int | None
    recipient_index: int | None
    recipients: list[str]
    recipients_folded: list[str]
    preamble: Line | None
    others: list[tuple[EvidenceSource, str]]  # the page's <title>, its 标题 field

    @property
    def title_line(self) -> Line | None:
        return self.lines[self.title_index] if self.title_index is not None else None


def _opening(doc: Document) -> _Opening:
    from summarizer.reader import page_title

    relined = report_lines(doc)
    lines = relined.lines
    meta = removed_meta_fields(doc, relined.furniture)
    title_index = find_title(lines)
    title_line = lines[title_index] if title_index is not None else None
    recipient_index, recipients, recipients_folded = find_recipients(
        lines, -1 if title_index is None else title_index
    )
    body_start = max(i for i in (title_index, recipient_index, -1) if i is not None)
    others: list[tuple[EvidenceSource, str]] = [
        (source, text)
        for source, text in (
            ("html_title", page_title(doc)),
            ("page_meta", _meta_title(meta)),
            ("page_meta", _breadcrumb_title(doc)),
        )
        if text
    ]
    return _Opening(
        lines=lines,
        meta=meta,
        title_index=title_index,
        recipient_index=recipient_index,
        recipients=recipients,
        recipients_folded=recipients_folded,
        preamble=find_preamble(lines, body_start, title_line),
        others=others,
    )


def _signature(
    doc: Document, opening: _Opening
) -> tuple[tuple[list[Line], Line | None], date | Month | None]:
    """The signature block (names and date line) and when the report is signed: its date, else the
    成文日期, else the month a signature dated to the month only names (2025年1月)."""
    cut = attachments_start(doc)
    signature = signature_block([line for line in opening.lines if line.start < cut])
    date_line = signature[1]
    found = _find_date_or_month(date_line.folded) if date_line else None
    if found and isinstance(found[0], date):
        return signature, found[0]
    return signature, opening.meta.written_date or (found[0] if found else None)


def _year_found(
    doc: Document, opening: _Opening, signed: date | Month | None, published: date | None = None
) -> Found | None:
    titles = [(source, _fold(doc, text)) for source, text in opening.others]
    other_titles = [(source, text) for source, text in titles if _is_title_like(text)]
    return find_report_year(
        opening.title_line, other_titles, opening.preamble, opening.lines, signed, published
    )


def _published(doc: Document, meta: PageMeta) -> date | None:
    """The page's publication date: its 发布时间 (or a byline's date), else its <meta> PubDate."""
    return meta.published_date or _html_published_date(doc)


def report_year_of(doc: Document) -> int | None:
    """The year a report is of, read as :func:`read_facts` reads it, without its other facts (nor their
    models, nor the gazetteer a signature's names are read with, unless only its date tells): what the
    verify command reads a figure naming no year as."""
    opening = _opening(doc)
    found = _year_found(doc, opening, None) or _year_found(
        doc, opening, _signature(doc, opening)[1], _published(doc, opening.meta)
    )
    return found.value if found else None


def read_facts(doc: Document) -> tuple[DocumentInfo, Layout]:
    """The document facts and the layout they were read from (for the outline)."""
    from summarizer.models import DocumentInfo

    opening = _opening(doc)
    lines, meta, others, title_index = opening.lines, opening.meta, opening.others, opening.title_index
    recipient_index, recipients, recipients_folded = (
        opening.recipient_index,
        opening.recipients,
        opening.recipients_folded,
    )
    preamble = opening.preamble
    title_lines = _title_lines(lines, title_index)
    title, title_source, title_folded = _title_fields(doc, title_lines, [t for _s, t in others])
    signature, signed_when = _signature(doc, opening)
    signed = signed_when if isinstance(signed_when, date) else None
    issuer = find_issuer(doc, lines, title_index, preamble, meta, [] if title_lines else others, signature)
    date_line = signature[1]
    published = _published(doc, meta)
    own_title = title_folded if title_source == "body" else None
    genre = classify(doc, [own_title] if own_title else [_fold(doc, t) for _s, t in others], lines)
    year = _year_found(doc, opening, signed_when, published)
    level, level_evidence = _level(issuer, recipients_folded, doc.folded)
    evidence = {
        "title": _title_evidence(doc, title_lines, title_source, title, others),
        "issuer": _evidence(doc, Found(None, issuer.source, issuer.span, " ".join(issuer.names)))
        if issuer
        else None,
        "issuer_place": _evidence(doc, Found(None, "body", issuer.place[1], issuer.place[0]))
        if issuer and issuer.place
        else None,
        "level": level_evidence,
        "report_year": _evidence(doc, year) if year else None,
        "signed_date": _line_evidence(doc, date_line, "signature")
        if date_line and signed is not None and signed == parse_date(date_line.folded)
        else (_field_evidence(source="page_meta", text=str(signed)) if signed else None),
        "published_date": _field_evidence(source="page_meta", text=str(published)) if published else None,
        "recipients": _line_evidence(doc, lines[recipient_index], "recipients")
        if recipient_index is not None
        else None,
    }
    info = DocumentInfo(
        title=title,
        title_source=title_source,
        issuer=" ".join(issuer.names) if issuer else None,
        issuer_names=issuer.names if issuer else [],
        level=level,
        report_year=year.value if year else None,
        signed_date=signed,
        published_date=published,
        recipients=recipients,
        doc_type=genre.doc_type,
        doc_type_label=genre.label,
        doc_type_confidence=genre.confidence,
        doc_type_reasons=genre.reasons,
        evidence={key: value for key, value in evidence.items() if value is not None},
    )
    return info, _layout(doc, lines, title_index, recipient_index)


def _field_evidence(**fields: Any) -> FieldEvidence:
    from summarizer.models import FieldEvidence

    return FieldEvidence(**fields)


def _evidence(doc: Document, found: Found) -> FieldEvidence:
    """A FieldEvidence with offsets into the text as read when the words are in the cleaned text."""
    if found.span is None:
        return _field_evidence(source=found.source, text=found.text or str(found.value))
    start, end = doc.to_original(*found.span)
    return _field_evidence(
        source=found.source, text=doc.text[found.span[0] : found.span[1]], start=start, end=end
    )


def _line_evidence(doc: Document, line: Line, source: EvidenceSource) -> FieldEvidence:
    lead = len(line.text) - len(line.text.lstrip())
    trail = len(line.text.rstrip())
    return _evidence(doc, Found(None, source, (line.start + lead, line.start + trail)))


def _title_evidence(
    doc: Document,
    title_lines: list[Line],
    title_source: str | None,
    title: str | None,
    others: list[tuple[EvidenceSource, str]],
) -> FieldEvidence | None:
    if title is None:
        return None
    if title_source == "body" and title_lines:
        first, last = title_lines[0], title_lines[-1]
        lead = len(first.text) - len(first.text.lstrip())
        return _evidence(
            doc, Found(None, "title", (first.start + lead, last.start + len(last.text.rstrip())))
        )
    source = next((s for s, text in others if clean_title(text, page=True) == title), "page_meta")
    tag = (
        re.search(r"<title[^>]*>(.*?)</title\s*>", doc.original, re.I | re.S)
        if source == "html_title"
        else None
    )
    if tag:  # the <title> element is not in the cleaned text, but it is in the file
        return _field_evidence(source=source, text=title, start=tag.start(1), end=tag.end(1))
    return _field_evidence(source=source, text=title)


def _title_fields(
    doc: Document, title_lines: list[Line], others: list[str | None]
) -> tuple[str | None, Any, str | None]:
    """(title, title_source, folded title): the body's title lines, else the page <title> or the 标题
    metadata field (source 'meta': not a line of the cleaned text)."""
    if title_lines:
        text = "".join(line.text.strip() for line in title_lines)
        folded = "".join(line.folded.strip() for line in title_lines)
        return clean_title(text), "body", clean_title(folded)
    for other in others:
        if other and _is_title_like(_fold(doc, other)):
            title = clean_title(other, page=True)
            return title, "meta", _fold(doc, title)
    return None, None, None


def _breadcrumb_title(doc: Document) -> str | None:
    """The last step of the page's removed breadcrumb when it names a report (首页 > 部门信息公开 >
    …局2023年度法治政府建设情况报告): a page may show its title there only."""
    ends = tuple(_data()["title"]["report_words"])
    for span in doc.removed_noise:
        if span.kind == "nav" and BREADCRUMB_STEP.search(span.text) and not PAGER.match(span.text):
            last = BREADCRUMB_STEP.split(span.text)[-1].strip()
            if len(last) >= _flat()["min_title_chars"] and _fold(doc, last).endswith(ends):
                return last
    return None


def _meta_title(meta: PageMeta) -> str | None:
    fields = meta.fields or {}
    return next((fields[label] for label in ("标题", "名称", "文件名称") if fields.get(label)), None)


def _title_lines(lines: list[Line], title_index: int | None) -> list[Line]:
    """The lines of the title, in order (none without one): the line :func:`find_title` found, the line
    above it when the title starts there (its issuer's name broken across the lines: 鹿鸣市自然资源和 /
    规划局2023年…; or a head that ends in 关于: 鹿鸣区南湖街道办事处关于 / 2023年度…), and the line that
    continues it (…法治政府建设 / 情况的报告)."""
    if title_index is None:
        return []
    first = title_index
    if title_index and (
        _issuer_across(above := lines[title_index - 1], lines[title_index])
        or above.folded.rstrip().endswith(TITLE_HEAD_END)
        or _title_head(above)
    ):
        first = title_index - 1
    last = title_index + 1 if _title_continuation(lines, title_index) else title_index
    if first == last:
        return [_without_tag(_without_header(lines[title_index]))]
    return lines[first : last + 1]


# A site's tag before a headline (【全文】, 【转载】, [原创]): a bracketed word that names no body (【鹿鸣县】
# before 2023年… names the issuer)
LEADING_TAG = regexes.compile(rf"\s*[【\[]\s*([{CJK}]{{1,6}})\s*[】\]]\s*")


def _without_tag(line: Line) -> Line:
    tag = LEADING_TAG.match(line.folded)
    if tag is None or _org_list(tag.group(1)) is not None or len(line.folded) == tag.end():
        return line
    return _sub_line(line, tag.end(), len(line.folded))


HEADER_WORD = regexes.compile(rf"[{CJK}]{{2,12}}")  # a site header's word: a column, a menu item


def _without_header(line: Line) -> Line:
    """A title line with the site's header run into it (鹿鸣县人民政府 政务公开 法治政府建设 鹿鸣县2023年度…
    报告): the words after the header's last word that names no body, when they are a whole title (the
    subject and a report word at the end); the line as it is otherwise (中共鹿鸣县委 鹿鸣县人民政府关于…)."""
    parts = list(_WORD_RUN.finditer(line.folded))
    header = [
        index
        for index, part in enumerate(parts[:-1])
        if HEADER_WORD.fullmatch(part.group()) and _org_list(part.group()) is None
    ]
    if not header:
        return line
    cut = parts[header[-1] + 1].start()
    rest = line.folded[cut:].rstrip()
    title = _data()["title"]
    if rest.endswith(tuple(title["report_words"])) and any(w in rest for w in title["subject_words"]):
        return _sub_line(line, cut, len(line.folded))
    return line


_WORD_RUN = regexes.compile(r"\S+")


def _title_continuation(lines: list[Line], title_index: int | None) -> Line | None:
    """A title broken over two lines: 关于XX县2023年度法治政府建设 / 情况的报告 (…建设情况 / 的报告)."""
    if title_index is None or title_index + 1 >= len(lines):
        return None
    title, following = lines[title_index].folded.strip(), lines[title_index + 1].folded.strip()
    ends = tuple(_data()["title"]["report_words"])
    if (
        # (a title cut after a report word goes on with 的: …法治政府建设情况 / 的报告)
        (not title.endswith(ends) or following.startswith("的"))
        and len(following) <= 30
        and following.endswith(ends)
        and not following.endswith(":")
    ):
        return lines[title_index + 1]
    return None


def _level(
    issuer: Issuer | None, recipients: list[str], folded_text: str
) -> tuple[Level, FieldEvidence | None]:
    """Level of the government body among the issuers (a joint party–government report is the
    government's level), and the gazetteer entry it came from when one did."""
    if issuer is None:
        return "other", None
    names = issuer.folded
    government = [n for n in names if not _is_party_committee(n)]
    name = (government or names)[0]
    level = level_of(name, recipients, folded_text)
    if level in ("department", "central_department") or _bare_unit(name):
        return level, None
    from summarizer import places

    division = places.division_of(strip_org(name))
    if division is None:
        return level, None
    return level, _field_evidence(source="gazetteer", text=f"{division.name} ({division.type})")
