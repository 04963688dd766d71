"""The text of a Word report (.docx), as its reader sees it: one line per paragraph, a table row per
line with its cells apart, and Word's automatic list numbers (一、 (一) 1.) written out, since the
outline reads a report's parts from them.

A .docx is a zip of XML parts; the standard library reads it. Only ``word/document.xml`` holds the
body; ``word/numbering.xml`` and ``word/styles.xml`` say how its numbered paragraphs are numbered.
Deleted revisions, footnotes, headers and footers are not report text and are left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from summarizer import regexes
from summarizer.errors import InputError
from summarizer.numbers.chinese import int_to_chinese
from summarizer.numbers.rows import MAX_SPAN, has_figure, spanned_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PART_BYTES = 64 << 20  # a part this large unpacked is a zip bomb, not a report
ZIP_MAGIC = b"PK\x03\x04"
LEVELS = 9  # a Word list has levels 0–8
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_LEVEL_REF_RE = regexes.compile(r"%([1-9])")
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# not text of the report: a deleted revision, the old place of moved text, a drawing's second copy
SKIPPED = frozenset({f"{W}del", f"{W}moveFrom", f"{W}pPr", f"{W}rPr", f"{MC}Fallback", f"{W}instrText"})


def is_docx(data: bytes) -> bool:
    """A zip holding a Word body (a .docx, whatever its name)."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def docx_text(data: bytes, path: str = "-") -> str:
    """The report's text; a damaged file raises :class:`InputError` with a one-line reason."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            body = _parse(archive, "word/document.xml", path)
            numbering = _parse(archive, "word/numbering.xml", path, optional=True)
            styles = _parse(archive, "word/styles.xml", path, optional=True)
    except zipfile.BadZipFile as err:
        raise InputError(f"{path}: damaged .docx ({err})") from None
    counter = _Numbering.read(numbering, styles)
    root = body.find(f"{W}body")
    return "\n".join(_blocks(root, counter)) + "\n" if root is not None else ""


def _parse(
    archive: zipfile.ZipFile, name: str, path: str, *, optional: bool = False
) -> ElementTree.Element | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        if optional:
            return None
        raise InputError(f"{path}: not a Word document ({name} missing)") from None
    if info.file_size > MAX_PART_BYTES:
        raise InputError(f"{path}: {name} unpacks to {info.file_size >> 20} MiB; not read")
    try:
        return ElementTree.fromstring(archive.read(info))
    except (ElementTree.ParseError, zipfile.BadZipFile, OSError, EOFError) as err:
        raise InputError(f"{path}: damaged .docx ({name}: {err})") from None
    except (NotImplementedError, RuntimeError) as err:  # an encrypted file, an unknown compression
        raise InputError(f"{path}: cannot open this .docx ({name}: {err})") from None


def _blocks(parent: ElementTree.Element, counter: _Numbering) -> Iterator[str]:
    """Lines of the body's paragraphs and tables, in order (content controls opened)."""
    for child in parent:
        if child.tag == f"{W}p":
            text = _runs_text(child)
            if not text.strip() and child.find(f"{W}pPr/{W}rPr/{W}del") is not None:
                continue  # a paragraph deleted under tracked changes: gone, and its number with it
            yield counter.label(child) + text
        elif child.tag == f"{W}tbl":
            yield from _table_rows(child, counter)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins"):
            yield from _blocks(child, counter)


def _table_rows(table: ElementTree.Element, counter: _Numbering) -> Iterator[str]:
    """A table's rows, a line each with its cells apart. A merged cell is written again in each row it
    spans (vMerge), and in the header (before the first row with a figure) in each column (gridSpan),
    when it is short and has no figure (see rows.spanned_text): every row then reads one cell per
    column, as a web page's table does."""
    above: dict[int, str] = {}  # grid column → the text of the merged cell that starts above
    header = True
    for row in table.findall(f"{W}tr"):
        cells, column = [], 0
        for cell in row.findall(f"{W}tc"):
            grid = cell.find(f"{W}tcPr/{W}gridSpan")
            span = max(1, min(MAX_SPAN, _int(grid.get(f"{W}val") if grid is not None else None, 1)))
            merge = cell.find(f"{W}tcPr/{W}vMerge")
            text = " ".join(_blocks(cell, counter)).strip()
            if merge is not None and merge.get(f"{W}val", "continue") == "continue":
                text = above.get(column, "")  # (the merged cell's text, or none: written once)
            elif merge is not None and spanned_text(text):
                above[column] = text
            else:
                above.pop(column, None)
            cells += [text] * (span if header and spanned_text(text) else 1)
            column += span
        header = header and not any(has_figure(cell) for cell in cells)
        yield " ".join(cell for cell in cells if cell)


def _runs_text(paragraph: ElementTree.Element) -> str:
    return "".join(_run_parts(paragraph))


def _run_parts(node: ElementTree.Element) -> Iterator[str]:
    for child in node:
        tag = child.tag
        if tag == f"{W}t":
            yield child.text or ""
        elif tag == f"{W}tab":
            yield "\t"
        elif tag in (f"{W}br", f"{W}cr"):
            yield "\n"
        elif tag == f"{W}noBreakHyphen":
            yield "-"
        elif tag == f"{W}txbxContent":  # a text box: its paragraphs are lines of their own
            for paragraph in child.findall(f"{W}p"):
                yield "\n" + _runs_text(paragraph)
            yield "\n"
        elif tag not in SKIPPED:
            yield from _run_parts(child)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class _Numbering:
    """Word's list numbering: which paragraphs are numbered, how, and the counts so far."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → level → format
    by_style: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId → (numId, level)
    counts: dict[str, list[int]] = field(default_factory=dict)
    # numId → whose counts it goes on with: its abstractNum's, which Word continues across the numIds
    # that share it (parts 一、二、 under numId 1, 三、四、 under numId 2), unless it restarts them
    counter: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, numbering: ElementTree.Element | None, styles: ElementTree.Element | None) -> _Numbering:
        found = cls()
        if numbering is None:
            return found
        abstract = {a.get(f"{W}abstractNumId"): _levels(a) for a in numbering.findall(f"{W}abstractNum")}
        for num in numbering.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            abstract_id = ref.get(f"{W}val") if ref is not None else None
            levels = dict(abstract.get(abstract_id) or {})
            num_id = num.get(f"{W}numId") or ""
            restarts = False
            for override in num.findall(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                level = _int(override.get(f"{W}ilvl"))
                if start is not None and level in levels:
                    restarts = True
                    levels[level] = _Level(
                        _int(start.get(f"{W}val"), 1), levels[level].fmt, levels[level].text
                    )
            found.levels[num_id] = levels
            found.counter[num_id] = num_id if restarts or abstract_id is None else f"abstract:{abstract_id}"
        for style in styles.findall(f"{W}style") if styles is not None else []:
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None and (num_id := _val(num_pr, "numId")) is not None:
                found.by_style[style.get(f"{W}styleId") or ""] = (num_id, _int(_val(num_pr, "ilvl")))
        return found

    def label(self, paragraph: ElementTree.Element) -> str:
        """The number Word shows before ``paragraph`` (一、), counting it; "" when it has none."""
        properties = paragraph.find(f"{W}pPr")
        if properties is None or not self.levels:
            return ""
        num_id, level = None, 0
        style = properties.find(f"{W}pStyle")
        if style is not None and (styled := self.by_style.get(style.get(f"{W}val") or "")):
            num_id, level = styled
        num_pr = properties.find(f"{W}numPr")
        if num_pr is not None:
            num_id = _val(num_pr, "numId") or num_id
            level = _int(_val(num_pr, "ilvl"), level)
        levels = self.levels.get(num_id or "")
        if not levels or level not in levels or levels[level].fmt == "bullet" or not 0 <= level < LEVELS:
            return ""  # numId 0 switches numbering off; a bullet is no number
        counts = self.counts.setdefault(self.counter.get(num_id or "", num_id or ""), [0] * LEVELS)
        counts[level] += 1
        counts[level + 1 :] = [0] * (LEVELS - 1 - level)

        def shown(ref: re.Match[str]) -> str:  # %2 in 第%1章第%2节: level 2's count, in its format
            at = int(ref[1]) - 1
            return _format(levels.get(at), counts[at])

        return _LEVEL_REF_RE.sub(shown, levels[level].text)


def _levels(abstract: ElementTree.Element) -> dict[int, _Level]:
    levels = {}
    for lvl in abstract.findall(f"{W}lvl"):
        fmt = _val(lvl, "numFmt") or "decimal"
        levels[_int(lvl.get(f"{W}ilvl"))] = _Level(
            _int(_val(lvl, "start"), 1), fmt, _val(lvl, "lvlText") or ""
        )
    return levels


def _format(level: _Level | None, count: int) -> str:
    """A list number in its level's format (Word's numFmt): 3 → 三, 3, ③, 丙, c …; bullets show none."""
    if level is None:
        return str(count)
    n = level.start + max(count, 1) - 1
    match level.fmt:
        case "chineseCounting" | "chineseCountingThousand" | "japaneseCounting" | "chineseLegalSimplified":
            return int_to_chinese(n)
        case "ideographTraditional" if 1 <= n <= len(HEAVENLY_STEMS):
            return HEAVENLY_STEMS[n - 1]
        case "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if 1 <= n <= len(CIRCLED):
            return CIRCLED[n - 1]
        case "lowerLetter" | "upperLetter":
            letter = chr(ord("a") + (n - 1) % 26)
            return letter.upper() if level.fmt == "upperLetter" else letter
        case "none":
            return ""
        case _:
            return str(n)


def _val(element: ElementTree.Element, child: str) -> str | None:
    found = element.find(f"{W}{child}")
    return found.get(f"{W}val") if found is not None else None


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
