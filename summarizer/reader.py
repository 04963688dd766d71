"""Read a report file into a :class:`~summarizer.document.Document`: decode, de-HTML, clean, fold.

Stages, each keeping a map from its text back to the decoded input (``offsets[i]`` = index in
``original`` of char ``i``):

1. decode the bytes (UTF-8 first, BOMs, then charset-normalizer; GBK family reported as gb18030);
2. HTML only: markup → text (summarizer.html_text), block elements → line breaks;
3. per-character NFKC (full-width → ASCII, ㈠ → (一)), NBSP/U+3000 → space, zero-width chars dropped;
4. script detection and folding to Simplified (same length as the text, so one offset map serves both);
5. line pass: scraped-page noise removed and recorded (rules in data/noise.json), indentation and
   trailing spaces stripped, runs of blank lines collapsed.

Speed matters (reading is ~1 ms of the offline pipeline's ~13 ms per report): per-character Python loops only touch the
characters that change; everything else is str/regex/array slicing.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer import regexes
from summarizer.checks import NoiseSpan
from summarizer.document import Document
from summarizer.errors import InputError

if TYPE_CHECKING:  # the report model (pydantic) stays unloaded for `summarizer verify`
    from collections.abc import Callable

    from summarizer.models import Script

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
UNREAD_FORMATS = (
    (b"%PDF-", "a PDF: convert it to text first (pdftotext -layout report.pdf), then run on the .txt"),
    (
        b"\xd0\xcf\x11\xe0",
        "an old Word/WPS file (.doc/.wps) or a password-protected one: save it as .docx or .txt",
    ),
)
GB_FAMILY = {"gbk", "gb2312", "gb18030", "cp936", "hz", "ms936", "euc_cn", "euccn"}
MAX_CONTROL_SHARE = 0.05  # more control characters than this and the input is treated as binary
SCRIPT_TABLE = "data/script_chars.json"
MAX_UTF8_DAMAGE = 0.01  # share of undecodable bytes still read as UTF-8 (a truncated or damaged page)

# --------------------------------------------------------------------------- offsets helpers

_IDENTITY = array("i")


def _identity(start: int, end: int) -> array:
    """``array('i', range(start, end))`` by slicing a cached identity map (memcpy, not a Python loop)."""
    global _IDENTITY
    table = _IDENTITY  # one read: another thread may swap in a longer table meanwhile
    if end > len(table):
        table = _IDENTITY = counting(max(end, 2 * len(table), 1 << 16))
    return table[start:end]


def counting(size: int) -> array:
    """``array('i', range(size))``, assembled from byte strings: ``range`` would convert every int on
    its own (~40 M instructions for the first 65,536, most of a report's reading)."""
    table = array("i")
    width = table.itemsize
    words = bytearray(width * size)
    for place in range(width):  # byte ``place`` of ``i`` is (i // 256**place) % 256
        step = 256**place
        if step >= size:
            break
        cycle = b"".join(bytes((value,)) * step for value in range(min(256, -(-size // step))))
        column = (cycle * -(-size // len(cycle)))[:size]
        offset = place if sys.byteorder == "little" else width - 1 - place
        words[offset::width] = column
    table.frombytes(words)
    return table


@dataclass
class TextBuilder:
    """Accumulates output text pieces and their offsets."""

    parts: list[str] = field(default_factory=list)
    offsets: array = field(default_factory=lambda: array("i"))

    def add_slice(self, text: str, offsets: array, start: int, end: int) -> None:
        if start < end:
            self.parts.append(text[start:end])
            self.offsets.extend(offsets[start:end])

    def add_raw(self, text: str, original_start: int) -> None:
        """Verbatim source text starting at ``original_start``."""
        if text:
            self.parts.append(text)
            self.offsets.extend(_identity(original_start, original_start + len(text)))

    def add_mapped(self, text: str, original_pos: int) -> None:
        """Produced text (entity, expansion, inserted break) whose every char maps to one source char."""
        if len(text) == 1:  # most often an inserted line break
            self.parts.append(text)
            self.offsets.append(original_pos)
        elif text:
            self.parts.append(text)
            self.offsets.extend(array("i", [original_pos]) * len(text))

    def text(self) -> str:
        return "".join(self.parts)


# --------------------------------------------------------------------------- public API


def read_path(path: str | Path) -> Document:
    """Read and clean one report file. Raises :class:`InputError` with a one-line message."""
    return read_bytes(_file_bytes(Path(path)), path=str(path))


def read_text(path: str | Path) -> str:
    """A file's decoded text, not cleaned (a candidate to verify: its offsets are the file's own)."""
    data = _file_bytes(Path(path))
    _reject_blank(data, str(path))
    return decode(data, str(path))[0]


def _file_bytes(path: Path) -> bytes:
    if not path.exists():
        if path.is_symlink():
            raise InputError(
                f"{path}: a symbolic link to nothing (its target is missing, or links lead back to it)"
            )
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a report file")
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None


def _reject_blank(data: bytes, path: str) -> None:
    if not data.strip():
        raise InputError(f"{path}: empty file" if not data else f"{path}: file contains only whitespace")


def read_bytes(data: bytes, *, path: str = "-") -> Document:
    """Decode and clean report bytes (``path`` is only used in messages and to spot .html files)."""
    _reject_blank(data, path)
    original, encoding = decode(data, path)
    is_docx = encoding == "docx"
    is_html = not is_docx and looks_like_html(original, path)
    link_spans: list[tuple[int, int]] = []
    if is_html:
        from summarizer.html_text import parse_html  # only HTML input loads the standard parser

        parser = parse_html(original)
        stage_text, stage_offsets, link_spans = parser.out.text(), parser.out.offsets, parser.link_spans
    else:
        stage_text, stage_offsets = original, _identity(0, len(original))
    text, offsets = normalise_chars(stage_text, stage_offsets)
    text, offsets = close_letter_spacing(text, offsets)
    traditional = _has_traditional(text)  # most input has none: no need to count every character
    script = detect_script(text) if traditional else "simplified"
    folded = fold(text) if script != "simplified" else text
    text, folded, offsets, inline_noise = drop_inline_noise(text, folded, offsets)
    clean, clean_folded, clean_offsets, noise = clean_lines(
        text, folded, offsets, link_spans, maybe_traditional=traditional
    )
    noise = sorted(inline_noise + noise, key=lambda span: span.start)
    return Document(
        original=original,
        text=clean,
        folded=clean_folded,
        offsets=clean_offsets,
        path=path,
        encoding=encoding,
        format="html" if is_html else "docx" if is_docx else "text",
        script=script,
        sha256=hashlib.sha256(data).hexdigest(),
        removed_noise=noise,
    )


def page_title(doc: Document) -> str | None:
    """The HTML ``<title>`` of an HTML document (cleaned, NFKC), else None."""
    if doc.format != "html":
        return None
    match = re.search(r"<title[^>]*>(.*?)</title\s*>", doc.original, re.I | re.S)
    if not match:
        return None
    from html import unescape

    title = unicodedata.normalize("NFKC", unescape(re.sub(r"<[^>]+>", "", match.group(1))))
    title = " ".join(title.split())
    return title or None


# --------------------------------------------------------------------------- decoding

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


def decode(data: bytes, path: str = "-") -> tuple[str, str]:
    """The decoded text (BOM stripped) and the encoding name reported in SourceInfo ("docx" for a Word
    report, whose text is read out of its XML); a PDF or an old Word file gets a one-line reason."""
    if data.startswith(b"PK\x03\x04"):  # a zip: the Word reader (and zipfile) only loaded for one
        from summarizer.docx_text import docx_text, is_docx

        if is_docx(data):
            return docx_text(data, path), "docx"
        if b"word/" in data or path.lower().endswith(".docx"):  # a Word file's parts, but no whole zip
            raise InputError(f"{path}: damaged .docx (truncated, or not a complete zip file)")
    for magic, what in UNREAD_FORMATS:
        if data.startswith(magic):
            raise InputError(f"{path}: {what}")
    text, encoding = _decode_any(data, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    _reject_binary_text(text, path)
    return text, encoding


def _decode_any(data: bytes, path: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(
                    f"{path}: binary or undecodable file ({encoding} BOM but invalid data)"
                ) from None
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        text = data.decode("utf-8", errors="replace")  # UTF-8 with a few damaged bytes stays UTF-8
        if text.count("\ufffd") <= MAX_UTF8_DAMAGE * len(text):
            return text, "utf-8"
        gb_text = _decode_gb(data)
        if gb_text is not None:
            return gb_text, "gb18030"
    text, encoding = _decode_detected(data, path)
    if b"\x00" in data and not encoding.startswith("utf-"):
        raise InputError(f"{path}: binary file (contains NUL bytes)")
    return text, encoding


def _decode_gb(data: bytes) -> str | None:
    """GBK/GB18030 first when it fits well: our inputs are Chinese, and charset-normalizer guesses
    poorly on short texts. "Fits well" = strict decode and ≥ 90% of the distinct non-ASCII characters
    are in GB2312 (Big5 or Latin data decoded as GBK gives rare characters)."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [ch for ch in set(text) if ord(ch) > 0x7F]
    return text if wide and sum(map(_in_gb2312, wide)) >= 0.9 * len(wide) else None


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _decode_detected(data: bytes, path: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # imported lazily: most inputs are UTF-8

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{path}: binary or undecodable file (no text encoding fits)")
    encoding = best.encoding.lower().replace("-", "_")
    if encoding in GB_FAMILY:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    return str(best), encoding.replace("_", "-")


def _reject_binary_text(text: str, path: str) -> None:
    controls = len(_CONTROL_RE.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(f"{path}: binary file (mostly control characters)")


_CONTROL_RE = regexes.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


# --------------------------------------------------------------------------- HTML


def looks_like_html(text: str, path: str = "-") -> bool:
    if Path(path).suffix.lower() in HTML_SUFFIXES:
        return True
    if text.find("<", 0, 20000) < 0:
        return False  # no tag at all (most plain-text reports): the tests below all look for "<"
    head = text[:4096].lower()
    if "<html" in head or "<!doctype html" in head:
        return True
    return len(_TAG_SNIFF_RE.findall(text, 0, 20000)) >= 10


_TAG_SNIFF_RE = regexes.compile(
    r"</?(?:p|div|span|br|td|tr|table|a|li|ul|h[1-6]|body|font|strong)\b[^>]{0,200}>", re.I
)

# --------------------------------------------------------------------------- character normalisation

_SPECIAL_CHARS = {
    "\t": " ",
    "\u200b": "",  # zero-width space / joiners / BOM inside text / soft hyphen carry no content
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\u00ad": "",
}


def is_circled_number(ch: str) -> bool:
    """① ❶ ➀ ⓫ ㉑ ㊱: list markers, never quantities. NFKC would make them plain digits (① → 1) that
    the number engine reads as figures, so they are kept as written (⑴ → (1) and ⒈ → 1. stay
    NFKC'd: they are heading markers the outline reads in their ASCII form)."""
    code = ord(ch)
    return (
        0x2460 <= code <= 0x2473  # ①-⑳
        or 0x24EA <= code <= 0x24FF  # ⓪ ⓫-⓴ ⓵-⓾ ⓿
        or 0x2776 <= code <= 0x2793  # ❶-❿ ➀-➉ ➊-➓
        or 0x3251 <= code <= 0x325F  # ㉑-㉟
        or 0x32B1 <= code <= 0x32BF  # ㊱-㊿
    )


def normalise_chars(text: str, offsets: array) -> tuple[str, array]:
    """Per-character NFKC (circled numbers kept), tabs → space, zero-width characters dropped."""
    if unicodedata.is_normalized("NFKC", text) and not _has_special(text):
        return text, offsets
    same_length: dict[str, str] = {}
    other: dict[str, str] = {}
    for ch in set(_may_change_re().findall(text)):
        if ch in _SPECIAL_CHARS:
            replacement = _SPECIAL_CHARS[ch]
        elif unicodedata.is_normalized("NFKC", ch) or is_circled_number(ch):
            continue
        else:
            replacement = unicodedata.normalize("NFKC", ch)
        if len(replacement) == 1:
            same_length[ch] = replacement
        else:
            other[ch] = replacement
    text = _replace_each(text, same_length)  # 1 → 1: offsets unchanged
    if not other:
        return text, offsets
    return _replace_resizing(text, offsets, other)


def _at_line_starts(body: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``body`` as found at a line's start (``(?m)^body``), as two patterns: one for the text's first
    line (.match), one for every other line, from the line break before it (its matches start one
    character early). CPython's engine skips ahead only to a pattern's first literal: ``^body`` is
    tried at every character of the text, ``\nbody`` only where a line ends."""
    return regexes.compile(body, re.MULTILINE), regexes.compile("\n" + body, re.MULTILINE)


# Some PDF extractors put a space after every character of a justified or letter-spaced line
# (法 治 政 府 建 设 1 2 次; a space of the line itself becomes three). Such a line is closed up, so words
# and numbers read whole: it is one whose every second character is a space, five characters at least,
# two of them Han. A number may stand whole among them (计 办 理 8,617 件 , 平 均: pdftotext spaces a
# justified line stretched wide, the number that did not fit gone down, but keeps a number's digits
# together) in a line of SPACED_NUMBER_TOKENS at least (a line of the text's width, not a footer's
# 第 3 页 共 10 页), though not beside another (合 计 325 394: a table's row).
_SPACED_TOKEN = r"(?:[0-9][0-9,.%]*[^\s0-9]?|[^\s])"  # (a mark set close after a number: 100%;)
_SPACED_FIRST_LINE, _SPACED_LINE = _at_line_starts(
    rf"[ \t]*((?:{_SPACED_TOKEN} (?:  )*){{4,}}{_SPACED_TOKEN})[ \t\r]*$"
)
_SPACED_NUMBER_RE = regexes.compile(r"[0-9][^\s]")  # a number of two characters or more
SPACED_NUMBER_TOKENS = 10
_SPACED_GAP_RE = regexes.compile(r" +")
_HAN_RE = regexes.compile(r"[\u4e00-\u9fff]")


def close_letter_spacing(text: str, offsets: array) -> tuple[str, array]:
    """``text`` with its letter-spaced lines closed up (each kept character keeps its offset)."""
    first = _SPACED_FIRST_LINE.match(text)
    lines = [
        m.span(1)
        for m in itertools.chain([first] if first else [], _SPACED_LINE.finditer(text))
        if len(_HAN_RE.findall(m.group(1))) >= 2 and _numbers_spaced_whole(m.group(1))
    ]
    if not lines:
        return text, offsets
    out, last = TextBuilder(), 0
    for start, end in lines:
        out.add_slice(text, offsets, last, start)
        at = start
        for gap in _SPACED_GAP_RE.finditer(text, start, end):  # one space stands for none, three for one…
            out.add_slice(text, offsets, at, gap.start())
            for pos in range(gap.start() + 1, gap.end() - 1, 2):
                out.add_slice(text, offsets, pos, pos + 1)
            at = gap.end()
        out.add_slice(text, offsets, at, end)
        last = end
    out.add_slice(text, offsets, last, len(text))
    return out.text(), _ended(out.offsets, offsets, len(text))


def _numbers_spaced_whole(line: str) -> bool:
    """Whether a spaced line's numbers may stand whole in it (see SPACED_NUMBER_TOKENS); a line spaced
    digit by digit (2 0 2 3 年) is spaced whole."""
    if not _SPACED_NUMBER_RE.search(line):
        return True
    tokens = line.split()
    return len(tokens) >= SPACED_NUMBER_TOKENS and not any(
        a[0] in ASCII_DIGITS and b[0] in ASCII_DIGITS for a, b in itertools.pairwise(tokens)
    )


@cache
def _may_change_re() -> re.Pattern[str]:
    """Printable ASCII, line breaks and CJK unified ideographs (most of a report) are NFKC already and
    never special: only the other characters are looked at one by one. (Compiled on first use, by
    the first input not NFKC already. One class of the three ranges costs twice as much to compile,
    ~10 M instructions more, as a lookahead and a range, but a third as much per character scanned:
    the lookahead is a sub-match at every character, ~0.7 M instructions more per report.)"""
    return regexes.compile(r"[^\n\x20-\x7e\u4e00-\u9fff]")


def _replace_each(text: str, replacements: dict[str, str]) -> str:
    """``text`` with each char of ``replacements`` replaced by its 1-char value. A scan per character
    replaced (str.replace, in C) beats str.translate, which looks every non-ASCII char up in a dict."""
    if len(replacements) > 16:
        return text.translate(str.maketrans(replacements))
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def _has_special(text: str) -> bool:
    return any(ch in text for ch in _SPECIAL_CHARS)


def _replace_resizing(text: str, offsets: array, replacements: dict[str, str]) -> tuple[str, array]:
    """Replacements that change the length (㈠ → (一), … → ..., deletions): each output char → its source."""
    out = TextBuilder()
    # re.compile: a pattern of this report's characters, not one of ours to keep (summarizer.regexes)
    pattern = re.compile("[" + "".join(re.escape(ch) for ch in replacements) + "]")
    last = 0
    for match in pattern.finditer(text):
        pos = match.start()
        out.add_slice(text, offsets, last, pos)
        out.add_mapped(replacements[text[pos]], offsets[pos])
        last = pos + 1
    out.add_slice(text, offsets, last, len(text))
    return out.text(), out.offsets


# --------------------------------------------------------------------------- script


@cache
def _converter(config: str) -> Any:
    import opencc  # loaded only when needed (~20 ms per converter)

    return opencc.OpenCC(config)


@cache
def _script_chars() -> tuple[frozenset[str], frozenset[str]]:
    """(Traditional-only, Simplified-only) CJK characters, from the table shipped in data/: building it
    needs both OpenCC converters (~0.1 s and 36 MiB for s2t), too much for every input and every
    ``summarizer verify``. A test keeps the file equal to :func:`script_table_json`."""
    data = json.loads(resources.files("summarizer").joinpath(SCRIPT_TABLE).read_text("utf-8"))
    return frozenset(data["traditional"]), frozenset(data["simplified"])


def script_table_json() -> str:
    """The content of data/script_chars.json, from OpenCC: the CJK characters that change under t2s
    (Traditional) and under s2t (Simplified), minus those that change under both."""
    chars = [chr(code) for code in range(0x4E00, 0xA000)]
    joined = "\n".join(chars)
    to_simplified = _converter("t2s").convert(joined).split("\n")
    to_traditional = _converter("s2t").convert(joined).split("\n")
    traditional = {ch for ch, s in zip(chars, to_simplified, strict=True) if s != ch}
    simplified = {ch for ch, t in zip(chars, to_traditional, strict=True) if t != ch}
    both = traditional & simplified
    table = {
        "traditional": "".join(sorted(traditional - both)),
        "simplified": "".join(sorted(simplified - both)),
    }
    return json.dumps(table, ensure_ascii=False, indent=0) + "\n"


def script_counts(text: str) -> tuple[int, int]:
    """(Traditional-only, Simplified-only) character counts."""
    traditional, simplified = _script_res()
    return len(traditional.findall(text)), len(simplified.findall(text))


def has_traditional(text: str) -> bool:
    """Does ``text`` hold any Traditional-only character (調, 糾, 紛 …)?"""
    return _script_res()[0].search(text) is not None


@cache
def _script_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One character class each of the Traditional-only and the Simplified-only characters: the regex
    engine tests every character of a text against a class in C, where counting all of its characters
    (a Counter) made a string and a dictionary entry of each, ~1,000 instructions a character."""
    traditional, simplified = _script_chars()
    return tuple(  # type: ignore[return-value]
        regexes.compile("[" + re.escape("".join(sorted(chars))) + "]") for chars in (traditional, simplified)
    )


def detect_script(text: str) -> Script:
    """'traditional' when a clear majority (≥ 80%) of script-specific chars are Traditional;
    'mixed' when both scripts have a substantial share (> 20% each); else 'simplified'."""
    traditional, simplified = script_counts(text)
    total = traditional + simplified
    if total == 0 or traditional <= 0.2 * total:
        return "simplified"
    if traditional >= 0.8 * total:
        return "traditional"
    return "mixed"


def fold(text: str) -> str:
    """``text`` in Simplified script, guaranteed the same length (per-char fallback on a bad line)."""
    converter = _converter("t2s")
    folded = converter.convert(text)
    if len(folded) == len(text):
        return folded
    lines = text.split("\n")
    return "\n".join(_fold_line(converter, line) for line in lines)


def _fold_line(converter: Any, line: str) -> str:
    folded = converter.convert(line)
    if len(folded) == len(line):
        return folded
    chars = []
    for ch in line:
        converted = converter.convert(ch)
        chars.append(converted if len(converted) == 1 else ch)
    return "".join(chars)


# --------------------------------------------------------------------------- noise rules


@dataclass(frozen=True)
class NoiseRules:
    max_line_chars: int
    line_rules: re.Pattern  # every whole-line rule, one named group each, in order (the first wins)
    line_kinds: dict[str, str]  # group name → noise kind
    widget_line: re.Pattern
    widget_token: re.Pattern
    token_kinds: dict[str, str]
    meta_strong: re.Pattern
    meta_weak: re.Pattern
    meta_bare: re.Pattern  # a label with its value on the next line


_LINE_SEP_RE = regexes.compile(r"\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")
_RARE_LINE_SEPS = "\u2028\u2029\x85\x0b\x0c"  # line separators other than \n and \r
_DATE_VALUE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
_TABLE_SEP_RE = regexes.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")


@cache
def noise_table() -> dict[str, Any]:
    """data/noise.json, read once: the reader's rules and the labels metadata.py reads values after."""
    return json.loads(resources.files("summarizer").joinpath("data/noise.json").read_text("utf-8"))


@cache
def noise_rules() -> NoiseRules:
    data = noise_table()
    token_parts, token_kinds = [], {}
    for index, rule in enumerate(data["widget_keywords"]):
        group = f"kw{index}"
        token_parts.append(f"(?P<{group}>{rule['pattern']})\\s*[::∶]?")
        token_kinds[group] = rule["kind"]
    for kind, labels in data["info_labels"].items():
        alternation = "|".join(sorted(map(re.escape, labels), key=len, reverse=True))
        # (a counter may stand in brackets: 阅读量:[ 203 ])
        value = rf"(?:{_DATE_VALUE}|\d+\s*次?|次|[\[【]\s*\d+\s*[\]】]|[^\s【】\[\]|丨::∶]{{1,30}})"
        token_parts.append(f"(?P<{kind}>(?:{alternation})\\s*[::∶]\\s*{value}?)")
        token_kinds[kind] = kind
        if kind == "meta":  # a 公众号's credits put a bar for the colon and a name after it: 编辑丨赵一帆
            token_parts.append(f"(?P<credit>(?:{alternation})\\s*[|丨]\\s*[\\u4e00-\\u9fff·]{{2,12}})")
            token_kinds["credit"] = kind
    # a bare date, as a byline writes it before its labels (2024-03-25 16:02 来源:本网): a token of the
    # line, but no kind of its own (a line of a date alone is a report's date, not page furniture)
    token_parts.append(f"(?P<date>{_DATE_VALUE})")
    token = "|".join(token_parts) + r"|(?P<sep>[\s【】\[\]()|丨/,;])"
    # One alternation tried once per line instead of a regex call per rule: fullmatch backtracks
    # through the alternatives in order, so the group that matches is the first rule that would.
    line_rules = "|".join(
        f"(?P<line{index}>{rule['pattern'].replace('<PAGE>', data['page_number'])})"
        for index, rule in enumerate(data["line_rules"])
    )
    return NoiseRules(
        max_line_chars=data["max_line_chars"],
        line_rules=regexes.compile(line_rules),
        line_kinds={f"line{index}": rule["kind"] for index, rule in enumerate(data["line_rules"])},
        widget_line=regexes.compile(f"(?:{token})+"),
        widget_token=regexes.compile(token),
        token_kinds=token_kinds,
        meta_strong=_label_pattern(data["meta_labels"]["strong"]),
        meta_weak=_label_pattern(data["meta_labels"]["weak"]),
        meta_bare=_label_pattern(data["meta_labels"]["strong"] + data["meta_labels"]["weak"], bare=True),
    )


def _label_pattern(labels: list[str], *, bare: bool = False) -> re.Pattern:
    """Labels at the start of a line (after a bullet or table pipe), spaces allowed inside (索 引 号).
    ``bare``: the whole line is the label (its value follows on the next line)."""
    spaced = sorted((r"\s*".join(map(re.escape, label)) for label in labels), key=len, reverse=True)
    head = rf"(?:[-•·*]\s*|\|\s*)?(?:{'|'.join(spaced)})"
    return regexes.compile(head + (r"\s*[::∶]?\s*\|?\s*$" if bare else r"\s*(?:[::∶|]|\s+\S|$)"))


def classify_line(folded_line: str) -> str | None:
    """Noise kind of a single stripped, folded line, or None when it is (or may be) report text.
    Metadata-block context (weak labels) is handled by :func:`clean_lines`."""
    rules = noise_rules()
    if len(folded_line) > rules.max_line_chars:
        return None
    if found := rules.line_rules.fullmatch(folded_line):
        return rules.line_kinds[found.lastgroup or ""]
    if rules.widget_line.fullmatch(folded_line):
        kind = _widget_kind(rules, folded_line)
        if kind:
            return kind
    if rules.meta_strong.match(folded_line):
        return "meta"
    return None


def _widget_kind(rules: NoiseRules, line: str) -> str | None:
    kinds, dated = set(), False
    for match in rules.widget_token.finditer(line):
        if match.lastgroup == "date":
            dated = dated or "年" not in match.group()  # (a signature's 2024年2月29日【打印】 is no byline)
        elif match.lastgroup and match.lastgroup != "sep":
            kinds.add(rules.token_kinds[match.lastgroup])
    if dated and kinds:
        return "meta"  # a byline's date beside its widgets ([ 2024-03-08 ] 分享到:): the page's date
    for kind in ("meta", "counter", "share", "qr", "widget"):
        if kind in kinds:
            return kind
    return None  # separators only (e.g. a line of 【】): leave it to the blank-line logic


# --------------------------------------------------------------------------- inline noise


@cache
def _inline_rules() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """(kind, the literals one of which the rule needs in the text, pattern) of every inline noise rule."""
    found = []
    for rule in noise_table()["inline_rules"]:
        needs = rule.get("requires", "")
        found.append((rule["kind"], (needs,) if isinstance(needs, str) else tuple(needs), rule["pattern"]))
    return tuple(found)


@cache
def _inline_re(kinds: tuple[str, ...]) -> re.Pattern:
    return regexes.compile(
        "|".join(f"(?P<{kind}>{pattern})" for kind, _, pattern in _inline_rules() if kind in kinds)
    )


def _inline_matches(folded: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of inline noise. Only the rules whose required literal the text holds are
    scanned (most reports have no watermark, and its pattern would be tried at every character)."""
    kinds = tuple(kind for kind, needs, _ in _inline_rules() if any(need in folded for need in needs))
    if not kinds:
        return []
    return [(m.lastgroup or "other", m.start(), m.end()) for m in _inline_re(kinds).finditer(folded)]


def drop_inline_noise(text: str, folded: str, offsets: array) -> tuple[str, str, array, list[NoiseSpan]]:
    """Remove noise that stands inside report lines (pinyin after characters, site watermarks)."""
    spans = _watermark_names(_inline_matches(folded), folded)
    if not spans:
        return text, folded, offsets, []
    out_text, out_folded, noise, last = TextBuilder(), TextBuilder(), [], 0
    for kind, match_start, match_end in spans:
        out_text.add_slice(text, offsets, last, match_start)
        out_folded.add_slice(folded, offsets, last, match_start)
        start, end = offsets[match_start], offsets[match_end - 1] + 1
        noise.append(NoiseSpan(kind=kind, text=text[match_start:match_end], start=start, end=end))
        last = match_end
    out_text.add_slice(text, offsets, last, len(text))
    out_folded.add_slice(folded, offsets, last, len(text))
    return out_text.text(), out_folded.text(), _ended(out_text.offsets, offsets, len(text)), noise


def _ended(cut: array, offsets: array, length: int) -> array:
    """``cut``, the offsets of a text cut out of one of ``length`` characters, with the end offset a map
    keeps after its last character: the old map's own, or one past the last character kept."""
    cut.append(offsets[length] if len(offsets) > length else (cut[-1] + 1 if cut else 0))
    return cut


def _watermark_names(spans: list[tuple[str, int, int]], folded: str) -> list[tuple[str, int, int]]:
    """A watermark pasted mid-sentence takes the words before it for its site name (…责任公文之家—);
    the name is what all copies of the same watermark share at their end."""
    tails: dict[str, list[str]] = {}
    for kind, start, end in spans:
        if kind == "watermark":
            name, tail = _watermark_parts(folded[start:end])
            tails.setdefault(tail, []).append(name)
    names = {tail: _common_suffix(found) for tail, found in tails.items()}
    out = []
    for kind, start, end in spans:
        if kind == "watermark":
            name, tail = _watermark_parts(folded[start:end])
            shared = names[tail]
            start += len(name) - (len(shared) if len(shared) >= 2 else len(name))
        out.append((kind, start, end))
    return out


def _watermark_parts(match: str) -> tuple[str, str]:
    dash = re.search(r"[—–-]", match)
    return (match[: dash.start()], match[dash.start() :]) if dash else ("", match)


def _common_suffix(words: list[str]) -> str:
    shortest = min(words, key=len)
    size = len(shortest)
    while size and not all(word.endswith(shortest[len(shortest) - size :]) for word in words):
        size -= 1
    return shortest[len(shortest) - size :]


# --------------------------------------------------------------------------- line pass


@dataclass
class _Line:
    start: int  # stripped bounds in the stage text
    end: int
    sep: int  # index of the line separator after the line (len(text) when none)
    kind: str | None = None


def _split_lines(text: str) -> list[_Line]:
    """The lines between separators (``_LINE_SEP_RE``). Most text separates lines with ``\n`` or
    ``\r\n`` only: it is split by ``str.split`` (in C), not by a regex tried at every character."""
    if any(sep in text for sep in _RARE_LINE_SEPS) or text.count("\r") != text.count("\r\n"):
        return _split_lines_any(text)
    lines, pos = [], 0
    for segment in text.split("\n"):
        end = pos + len(segment)
        sep = end - 1 if segment.endswith("\r") else end  # a \r\n separator starts at its \r
        lines.append(_stripped_line(text, pos, sep, sep))
        pos = end + 1
    return lines


def _split_lines_any(text: str) -> list[_Line]:
    lines, pos = [], 0
    for match in _LINE_SEP_RE.finditer(text):
        lines.append(_stripped_line(text, pos, match.start(), match.start()))
        pos = match.end()
    lines.append(_stripped_line(text, pos, len(text), len(text)))
    return lines


def _stripped_line(text: str, start: int, end: int, sep: int) -> _Line:
    segment = text[start:end]
    stripped = segment.strip()
    if not stripped:
        return _Line(start, start, sep)
    lead = len(segment) - len(segment.lstrip())
    return _Line(start + lead, start + lead + len(stripped), sep)


def _classify_lines(
    folded: str,
    offsets: array,
    lines: list[_Line],
    link_spans: list[tuple[int, int]],
    maybe_traditional: bool = True,
) -> None:
    rules = noise_rules()
    links = _LinkIndex(link_spans)
    # without a Traditional character no line needs a second, folded try
    traditional = maybe_traditional and _has_traditional(folded)
    for line in lines:
        if line.start < line.end:
            line.kind = _line_kind(folded[line.start : line.end], rules, traditional)
            if line.kind is None and links.covers(folded, offsets, line):
                line.kind = "nav"
    _keep_signature_date(folded, lines)
    _extend_meta_blocks(folded, lines, rules)
    _mark_recommendations(folded, lines)
    _mark_next_report(folded, lines)


# A date alone on its line, as a signature writes it (2025年2月10日, 二〇二五年二月十日, 2025-02-10)
SIGNATURE_DATE = regexes.compile(
    r"(?:[0-9]{4}|[〇零○一二三四五六七八九]{4})\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月"
    r"(?:\s*[0-9一二三四五六七八九十]{1,3}\s*日)?|[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2}"
)
_FIRST_DATE_LINE, _DATE_LINE = _at_line_starts(rf"[ \t\f]*(?:{SIGNATURE_DATE.pattern})[ \t\r]*$")
NEXT_REPORT_GAP = 3  # lines between a signature's date and the next report's title, at most
NEXT_REPORT_AFTER = 3  # sentences of a report's body before its signature's date, at least


@cache
def _report_title_re() -> re.Pattern[str]:
    """A report's title line: its subject (法治政府建设…) and, last, what it is (报告, 情况, 总结), as
    the metadata's title table names them."""
    data = resources.files("summarizer").joinpath("data/metadata.json").read_text("utf-8")
    words = json.loads(data)["title"]
    subjects, ends = "|".join(words["subject_words"]), "|".join(words["report_words"])
    return regexes.compile(f"[^。;!?]{{0,{words['max_chars']}}}(?:{subjects})[^。;!?]*(?:{ends})")


def _date_lines(folded: str) -> list[int]:
    """Where each line that is a date alone starts."""
    starts = [0] if _FIRST_DATE_LINE.match(folded) else []
    starts += [found.start() + 1 for found in _DATE_LINE.finditer(folded)]
    return starts


def _mark_next_report(folded: str, lines: list[_Line]) -> None:
    """A page that lists several reports (a 汇编, a portal's column copied whole) goes on after the
    first one's signature with the next one's title: from there on it is another report, not this
    one's last part (its plans would swallow it, its signature would date this one). Marked
    ``next_report``; the report's warnings name it."""
    dates = _date_lines(folded)  # (most texts: one, the signature's, at the end)
    if not dates:
        return
    content = [i for i, line in enumerate(lines) if line.start < line.end]
    starts = [lines[i].start for i in content]
    for at in dates:
        dated = bisect_left(starts, at)  # the date line's place among the lines of text
        for n in range(dated + 1, min(dated + 1 + NEXT_REPORT_GAP, len(content) - 1)):
            line = lines[content[n]]
            text = folded[line.start : line.end]
            if (
                line.kind is None
                and _report_title_re().fullmatch(text)
                and _after_a_body(folded, lines, content[:dated], text)
            ):
                for later in content[n:]:
                    lines[later].kind = "next_report"
                return


def _after_a_body(folded: str, lines: list[_Line], before: list[int], title: str) -> bool:
    """Do the lines ``before`` a signature's date hold a report's body (NEXT_REPORT_AFTER sentences at
    least), which ``title`` is not the title of (a title seen before starts a copy of the same report)?"""
    texts = [folded[lines[i].start : lines[i].end] for i in before if lines[i].kind is None]
    return title not in texts and sum(text[-1] in SENTENCE_STOPS for text in texts) >= NEXT_REPORT_AFTER


BARE_DATE = regexes.compile(r"\d{4}-\d{1,2}-\d{1,2}")  # a date alone, as a byline writes it
SIGNATURE_NAME_CHARS = 30  # a signature's name line, at most
SIGNATURE_TRAILER_LINES = 3  # lines of text under a signature's date, at most


def _keep_signature_date(folded: str, lines: list[_Line]) -> None:
    """A date alone under the report's last line of text, a short name with no sentence stop (鹿鸣县司法局 /
    2024-02-05), is the report's signing date, not a page's byline: kept. Only after the last sentence of
    the text (a byline's date under the title has the report's sentences below it)."""
    above: _Line | None = None  # the nearest line of text above the date, going up
    candidate: _Line | None = None
    under = 0  # lines of text under the date (a 公文's 版记: 此件公开发布, 抄送…)
    for line in reversed(lines):
        if line.start == line.end:
            continue
        if line.kind is None:
            if candidate is not None:
                above = line
                break
            under += 1
            if folded[line.end - 1] in SENTENCE_STOPS or under > SIGNATURE_TRAILER_LINES:
                return  # report text: any date above it is not its signature's
        elif candidate is None and line.kind == "meta" and BARE_DATE.fullmatch(folded, line.start, line.end):
            candidate = line
    if (
        candidate is not None
        and above is not None
        and above.end - above.start <= SIGNATURE_NAME_CHARS
        and not any(stop in folded[above.start : above.end] for stop in SENTENCE_STOPS)
    ):
        candidate.kind = None


RECOMMENDED = regexes.compile(
    r"(?:往期(?:推荐|回顾|精选|阅读)|(?:推荐|相关|延伸|猜你)(?:阅读|喜欢|链接|文章|新闻|信息))\s*[:∶]?"
)
RECOMMENDED_LINES = 8  # article titles a page lists under 往期推荐, at most
RECOMMENDED_CHARS = 40  # …each a title's length at most


def _mark_recommendations(folded: str, lines: list[_Line]) -> None:
    """The article titles a page lists under its 往期推荐 or 相关链接: at the end (a 公众号 article's
    trailer, a portal's related links): page noise, though each reads like a headline. Only a short run
    of short lines to the end counts."""
    titles: list[_Line] = []  # the unclassified lines after it, from the end back
    for line in reversed(lines):
        if line.start == line.end:
            continue
        if RECOMMENDED.fullmatch(folded, line.start, line.end):
            for title in (*titles, line):
                title.kind = title.kind or "widget"
            return
        if line.kind is None:
            if line.end - line.start > RECOMMENDED_CHARS or len(titles) == RECOMMENDED_LINES:
                return  # report text: no trailer of recommendations here
            titles.append(line)


def _line_kind(folded_line: str, rules: NoiseRules, traditional: bool) -> str | None:
    kind = classify_line(folded_line)
    if (
        kind is None
        and traditional
        and len(folded_line) <= rules.max_line_chars
        and _has_traditional(folded_line)
    ):
        kind = classify_line(
            _fold_line(_converter("t2s"), folded_line)
        )  # Traditional widget, Simplified page
    return kind


def _has_traditional(text: str) -> bool:
    """Whether ``text`` holds a Traditional-only character. A set lookup per character costs a string
    object and a hash each (~0.4 µs); instead the GB2312 codec, in C, sets aside the characters it
    cannot encode (few in Simplified text) and only those, with the few Traditional-only characters
    GB2312 does have, are looked up."""
    if any(ch in text for ch in FREQUENT_TRADITIONAL):  # a Traditional text: settled at once
        return True
    outside = _CHAR_REF_RE.findall(text.encode("gb2312", "xmlcharrefreplace"))
    if not _script_chars()[0].isdisjoint(chr(int(code)) for code in outside):
        return True
    return any(ch in text for ch in _traditional_in_gb2312())


# Traditional-only characters common in these reports (國家 會議 為 發展 實施 區): in a Traditional text
# one is found before the codec would set aside nearly every character, one error at a time.
FREQUENT_TRADITIONAL = "國會為發實區"
# Every Traditional-only character is a CJK ideograph (U+4E00–U+9FFF): five decimal digits.
_CHAR_REF_RE = regexes.compile(rb"&#(\d{5});")


@cache
def _traditional_in_gb2312() -> str:
    """The Traditional-only characters GB2312 encodes (乾 後 於 …)."""
    traditional = "".join(sorted(_script_chars()[0]))
    return traditional.encode("gb2312", "replace").decode("gb2312").replace("?", "")


class _LinkIndex:
    """HTML only: a short line made entirely of link text is a menu or footer, not report text."""

    MAX_CHARS = 20
    SEPARATORS = frozenset(" |丨/>»·•-_,、")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def covers(self, folded: str, offsets: array, line: _Line) -> bool:
        if not self.starts or line.end - line.start > self.MAX_CHARS:
            return False
        for index in range(line.start, line.end):
            if folded[index] in self.SEPARATORS:
                continue
            span = bisect_right(self.starts, offsets[index]) - 1
            if span < 0 or offsets[index] >= self.ends[span]:
                return False
        return True


def _extend_meta_blocks(folded: str, lines: list[_Line], rules: NoiseRules) -> None:
    """Weak labels, table separators and bare values next to a 政务公开 block belong to it."""
    content = [line for line in lines if line.start < line.end]
    changed = True
    while changed:
        changed = False
        for index, line in enumerate(content):
            if line.kind is not None:
                continue
            neighbours = content[max(0, index - 1) : index] + content[index + 1 : index + 2]
            if not any(n.kind == "meta" for n in neighbours):
                continue
            if _is_meta_companion(folded, content, index, rules):
                line.kind = "meta"
                changed = True


def _is_meta_companion(folded: str, content: list[_Line], index: int, rules: NoiseRules) -> bool:
    line = content[index]
    text = folded[line.start : line.end]
    if len(text) > rules.max_line_chars:
        return False
    if rules.meta_weak.match(text) or _TABLE_SEP_RE.fullmatch(text):
        return True
    previous = content[index - 1] if index else None
    return (  # a value on the line after its bare label ("索引号:" / "11410000-…")
        previous is not None
        and previous.kind == "meta"
        and len(text) <= 60
        and rules.meta_bare.match(folded[previous.start : previous.end]) is not None
    )


def clean_lines(
    text: str,
    folded: str,
    offsets: array,
    link_spans: list[tuple[int, int]] | None = None,
    *,
    maybe_traditional: bool = True,
) -> tuple[str, str, array, list[NoiseSpan]]:
    """Drop noise lines (recording them), strip indentation/trailing spaces, collapse blank lines.
    ``maybe_traditional=False``: the caller knows ``folded`` holds no Traditional-only character."""
    lines = _split_lines(text)
    _classify_lines(folded, offsets, lines, link_spans or [], maybe_traditional)
    _mark_bare_page_numbers(folded, lines)
    _mark_part_ornaments(folded, lines)
    _mark_running_heads(folded, lines)
    _mark_repeated_copy(folded, lines)
    wrapped = soft_wraps(folded, lines) | cut_numbers(folded, lines)
    joinable = 2 if wrapped and _double_spaced(lines) else 1  # the line breaks a wrap may stand for
    stacked = _stacked_cells(folded, lines)
    # Simplified input is its own folded text (the same string): it is then cut once, for both
    builders = (TextBuilder(),) if folded is text else (TextBuilder(), TextBuilder())
    out_text = builders[0]
    noise: list[NoiseSpan] = []
    pending_breaks: list[int] = []  # separator positions seen since the last kept line
    kept_any = wraps = paged = in_row = False
    for index, line in enumerate(lines):
        if line.kind is not None:
            noise.append(_noise_span(text, offsets, line))
            paged = paged or line.kind == "page"
            continue
        if line.start == line.end:
            pending_breaks.append(line.sep)
            continue
        # a wrapped line goes on after a page break, not after a blank line (a title, a salutation)
        page_break = paged or any(text.startswith("\f", sep) for sep in pending_breaks)
        if in_row:  # the next cell of a table row laid out one cell per line: a tab, not a line break
            _emit_breaks(builders, offsets, pending_breaks[:1], len(text), "\t")
        elif kept_any and not (wraps and (len(pending_breaks) <= joinable or page_break)):
            _emit_breaks(builders, offsets, pending_breaks, len(text))
        wraps, paged, in_row = index in wrapped, False, index in stacked
        out_text.add_slice(text, offsets, line.start, line.end)
        if len(builders) == 2:
            builders[1].add_slice(folded, offsets, line.start, line.end)
        pending_breaks = [line.sep]
        kept_any = True
    clean_offsets = out_text.offsets
    clean_offsets.append(clean_offsets[-1] + 1 if clean_offsets else 0)
    clean = out_text.text()
    clean_folded = builders[1].text() if len(builders) == 2 else clean
    return clean, clean_folded, clean_offsets, noise


DOUBLE_SPACED_SHARE = 0.9  # of a text's line breaks this many with a blank line: a blank line says nothing


def _double_spaced(lines: list[_Line]) -> bool:
    """Whether a blank line stands between (nearly) every two kept lines: a PDF turned into a page one
    block a line (pdf2htmlEX, a Word page of a PDF), a copy that doubles every line break. There a
    blank line is no paragraph's end, and a wrap is undone across it."""
    gaps, blank, seen = [], 0, False
    for line in lines:
        if line.kind is not None:
            continue
        if line.start == line.end:
            blank += 1
            continue
        if seen:
            gaps.append(blank)
        blank, seen = 0, True
    return len(gaps) >= WRAP_MIN_LINES and sum(gap >= 1 for gap in gaps) >= DOUBLE_SPACED_SHARE * len(gaps)


# Hard-wrapped text (copied from a PDF, or a text file saved at a fixed width) breaks every line at
# the same width, mid-sentence; a paragraph's last line is shorter. Those breaks are undone, so that
# sentences, names of figures and numbers (135\n27件) are read whole.
WRAP_MIN_LINES = 8  # lines of 10+ characters a text needs before its line widths say anything
WRAP_WIDTHS = (24, 240)  # a page's line, in half-width units: 12 to 120 Han characters
WRAP_SLACK = 4  # a full line may fall short of the width by two Han characters (a hanging comma)
WRAP_FULL_SHARE = 0.3  # of the long lines at least this many are full,
WRAP_WIDER_SHARE = 0.05  # at most this many are wider,
WRAP_OPEN_SHARE = 0.6  # and of the full ones at least this many end mid-sentence
WRAP_TITLE_LINES = 5  # a title among the first lines is not wrapped, however wide it is
WRAP_INDENT = 4  # a paragraph's indent, in spaces: two Han characters' width
SENTENCE_STOPS = (
    "。!?;:"  # in folded text (NFKC: 。!?;: from their full-width forms); the outline reads them too
)
_CLOSING = "”’」』)》"  # after a sentence's end, still the end (……活动。”)
# after NFKC, printable ASCII (letters, digits, signs) is narrow; these punctuation marks were Chinese
# (full width) before it, and control characters are not counted as narrow: the ASCII a line keeps
# once these bytes are dropped is its narrow characters
_NOT_NARROW_ASCII = bytes(range(0x20)) + b"\x7f,.;:!?()"


def soft_wraps(folded: str, lines: list[_Line]) -> set[int]:
    """Indexes of the kept lines of a hard-wrapped text whose line break is a wrap, not a paragraph end:
    a full line (as wide as most lines) that ends mid-sentence, followed by a line that does not start
    with a heading marker or an indent. Empty for text laid out one paragraph per line. Width is
    measured in characters and in display width: a text editor wraps by the one, a PDF by the other,
    and a line with digits differs."""
    content = [i for i, line in enumerate(lines) if line.kind is None and line.start < line.end]
    # a paragraph's first line is as wide as the others with its indent (两字缩进) counted
    indents = {i: _indent(folded, lines[i].start) for i in content}
    chars = {i: lines[i].end - lines[i].start + indents[i] for i in content}
    widths = {i: _width(folded[lines[i].start : lines[i].end]) + indents[i] for i in content}
    full = _full_lines(chars, 2, folded, lines) | _full_lines(widths, 1, folded, lines)
    full |= _full_lines_unindented(folded, lines, content, chars, widths)
    if not full:
        return set()
    full |= _ended_short(folded, lines, content, widths, full)
    from summarizer.headings import is_heading_marker  # only a wrapped text needs the heading table
    from summarizer.numbers.rows import figure_cells  # …and the table rows

    wraps = set()
    for n, (i, j) in enumerate(itertools.pairwise(content)):
        if i not in full:
            continue
        line, following = folded[lines[i].start : lines[i].end], folded[lines[j].start : lines[j].end]
        indented = lines[j].start > 0 and folded[lines[j].start - 1] in " \t"
        # a full line that ends a sentence may end its paragraph too (before a signature, say): kept
        # as it is, a sentence is still read whole, while a wrong join would run two paragraphs together
        if _ends_sentence(line) or indented or is_heading_marker(following):
            continue
        if len(figure_cells(folded, lines[i].start)) >= 2 or len(figure_cells(folded, lines[j].start)) >= 2:
            continue  # a table's row (行政复议收案  96  108  +12.5%) is a line of its own, however wide
        if n < WRAP_TITLE_LINES and _title_like(line):
            continue
        # a heading as wide as a line goes on only in a short line that is not a sentence: its own end
        # (or in a character carried down with its closing mark: …习近平法治思 / 想。健全…)
        if (
            is_heading_marker(line)
            and _no_sentence(line)
            and (j in full or _ends_sentence(following))
            and not _CARRIED_START.match(following)
        ):
            continue
        wraps.add(i)
    return wraps


# A number cut by a line break (…共计4 / 68件, …同比增长12. / 8%): prose never breaks a paragraph inside
# a number, whatever the widths of its lines (too few for soft_wraps to measure, or a ragged copy). The
# break is undone where a line of prose ends in a digit and the next goes on with the number's rest and
# its unit or words; a table's cells (800 / 926) and a list's next point (2.加强…) stay on their lines.
ASCII_DIGITS = "0123456789"  # (str.isdigit takes ① ② too: list markers, kept as written)
CUT_NUMBER_LINE_CHARS = 10  # the line before: prose, not a cell or a 附件1
_CUT_NUMBER_REST = regexes.compile(r"[0-9.%][0-9.,%]*[^0-9\s.,%]")  # its rest, then what follows it


def cut_numbers(folded: str, lines: list[_Line]) -> set[int]:
    """Indexes of the kept lines whose line break cuts a number in two (see CUT_NUMBER_LINE_CHARS)."""
    content = [i for i, line in enumerate(lines) if line.kind is None and line.start < line.end]
    cuts = set()
    for i, j in itertools.pairwise(content):
        line, following = lines[i], lines[j]
        if (
            line.end - line.start >= CUT_NUMBER_LINE_CHARS
            and _ends_in_a_number(folded, line.end)
            and _HAN_RE.search(folded, line.start, line.end)  # words, not a row of figures
            and _CUT_NUMBER_REST.match(folded, following.start, following.end)
            and not _is_table_row(folded, line.start)
            and not _is_table_row(folded, following.start)
        ):
            cuts.add(i)
    return cuts


def _heading_tail(heading: str, line: str, is_heading_marker: Callable[[str], bool]) -> bool:
    """Whether ``line`` ends a heading wrapped on two lines (二、2024年度党政主要负责人履行推 / 进法治建设
    第一责任人职责情况): the line above opens a heading and neither says a sentence (the caller sees that
    the heading's first line is as wide as the text's lines)."""
    return is_heading_marker(heading) and "。" not in heading and not any(stop in line for stop in "。;:")


# What a typesetter moves to the next line whole when it does not fit: a number (3,968 is never cut);
# and a character with the closing mark that may not open a line (次。 想。 法》 率、: no paragraph opens
# so; not ), nor 、 after a numeral, which a list's marker may end in: 一、 一))
_UNCUT_NUMBER = regexes.compile(r"[0-9][0-9,.]*%?")
_CARRIED_START = regexes.compile(
    r"[\u4e00-\u9fff][。,;:!?”’》]|(?![一二三四五六七八九十百零〇壹贰叁肆伍陆柒捌玖拾])[\u4e00-\u9fff]、"
)
WRAP_FULL_QUANTILE = 0.9  # the text's width: as wide as nine in ten of its full lines


def _ended_short(
    folded: str, lines: list[_Line], content: list[int], widths: dict[int, int], full: set[int]
) -> set[int]:
    """The lines of a wrapped text that end mid-sentence short of its width because the next line opens
    with what did not fit and could not be cut: a character carried down with its closing mark
    (…带头出庭应诉39 / 次。; …习近平法治思 / 想。), or a number, as wide as the line fell short
    (…全年排查矛盾纠纷 / 3,968起); and the lines wider than it (quotes and digits are set narrower or
    wider than counted)."""
    ordered = sorted(widths[i] for i in full)
    width = ordered[int(WRAP_FULL_QUANTILE * (len(ordered) - 1))]
    short = set()
    for i, j in itertools.pairwise(content):
        if i in full or _ends_sentence(folded[lines[i].start : lines[i].end]):
            continue
        if widths[i] >= width or _CARRIED_START.match(folded, lines[j].start, lines[j].end):
            short.add(i)
        elif widths[i] >= width - WRAP_SLACK - 2 * WRAP_INDENT:  # (cheap check first)
            uncut = _UNCUT_NUMBER.match(folded, lines[j].start, lines[j].end)
            if uncut and widths[i] + _width(uncut.group()) >= width - WRAP_SLACK:
                short.add(i)
    return short


def _full_lines_unindented(
    folded: str, lines: list[_Line], content: list[int], chars: dict[int, int], widths: dict[int, int]
) -> set[int]:
    """The full lines of a wrapped text whose paragraphs lost their first line's indent (pdftotext without
    -layout, a PDF viewer's copy) or kept it narrower (pdftotext -layout writes a 2em indent as two
    spaces, counted as one Han character): each paragraph's first line falls short of the others by up
    to the indent's two characters, and with a paragraph of two or three lines those first lines are
    most of the lines near the width, which no longer reads as a width (or reads as one they miss). The
    width is read from the other lines, and a line that may open a paragraph (after a sentence's end, a
    heading or a line half as wide) is full when it falls short of it by the indent at most."""
    # a line opens no paragraph only under one that ends mid-sentence: a text of whole paragraphs, one a
    # line (almost every text), has too few such lines to be looked at further
    if sum(folded[lines[i].end - 1] not in SENTENCE_STOPS for i in content) < 2 * WRAP_MIN_LINES:
        return set()
    from summarizer.headings import is_heading_marker

    texts = {i: folded[lines[i].start : lines[i].end] for i in content}
    opening = [
        j
        for h, i, j in zip([-1, *content], content, content[1:], strict=False)
        if (
            _ends_sentence(texts[i])
            or (is_heading_marker(texts[i]) and widths[i] + WRAP_SLACK < widths[j])  # (one ending there)
            or 2 * widths[i] < widths[j]  # under a line half as wide: a wrapped heading's end (…情况)
            # the end of a heading as wide as a line: …主要负责人履行推 / 进法治建设第一责任人职责情况
            or (
                widths.get(h, 0) + WRAP_SLACK >= widths[j]
                and _heading_tail(texts.get(h, ""), texts[i], is_heading_marker)
            )
        )
    ]
    if len(content) - len(opening) < 2 * WRAP_MIN_LINES:
        return set()  # mostly whole paragraphs, one a line (almost every text): nothing was wrapped
    shown = set(opening)
    return _full_lines(chars, 2, folded, lines, shown) | _full_lines(widths, 1, folded, lines, shown)


def _ends_in_a_number(folded: str, end: int) -> bool:
    """Whether the line ending at ``end`` ends in a digit, or in a digit and a decimal point (12.)."""
    last = folded[end - 1]
    return last in ASCII_DIGITS or (last == "." and folded[end - 2] in ASCII_DIGITS)


def _is_table_row(folded: str, start: int) -> bool:
    from summarizer.numbers.rows import figure_cells  # loaded only for a text with a number cut in two

    return len(figure_cells(folded, start)) >= 2


PAGE_CHARS = 300  # the least text between two pages' numbers: a page of a report holds 500-900 characters
FIRST_PAGE_NUMBER = 3  # a run of pages' numbers starts at 1 (or 2, 3 after an unnumbered cover)


def _mark_bare_page_numbers(folded: str, lines: list[_Line]) -> None:
    """A PDF copied out (pdftotext, a viewer's copy) gives a page's number as a line of its own: 3.
    Such a line is page noise beside a form feed, when it is that page's number; or in the longest run
    of them counting up by one a page's text apart. Elsewhere a bare number is a table's cell (序号 1 2
    3, a row apart; a figure under its label)."""
    alone = _page_alone_re()
    content = [i for i, line in enumerate(lines) if line.start < line.end]
    bare = [
        n
        for n, i in enumerate(content)
        if lines[i].kind is None and alone.fullmatch(folded, lines[i].start, lines[i].end)
    ]
    if not bare:
        return  # (almost every text)
    for n in bare:
        line = lines[content[n]]
        before = lines[content[n - 1]].end if n else 0
        after = lines[content[n + 1]].start if n + 1 < len(content) else len(folded)
        page = folded.count("\f", 0, line.start) + 1  # the page the line stands on
        if (
            "\f" in folded[before:after]
            and 0 <= page - int(folded[line.start : line.end]) <= FIRST_PAGE_NUMBER
        ):
            line.kind = "page"
    for n in _page_number_run(folded, lines, content, bare):
        lines[content[n]].kind = "page"


def _page_number_run(folded: str, lines: list[_Line], content: list[int], bare: list[int]) -> list[int]:
    """The longest run of bare numbers k, k+1 … (k ≤ FIRST_PAGE_NUMBER) each PAGE_CHARS after the one
    before; the last page's may come sooner when it is the text's last line (a page of the signature)
    and two pages' numbers came before it."""
    runs: dict[int, list[int]] = {}  # a page's number → the longest run ending in it
    for n in bare:
        line = lines[content[n]]
        value = int(folded[line.start : line.end])
        previous = runs.get(value - 1, [])
        last_page = n == len(content) - 1 and len(previous) >= 2
        if previous and (last_page or line.start - lines[content[previous[-1]]].end >= PAGE_CHARS):
            run = [*previous, n]
        else:
            run = [n] if value <= FIRST_PAGE_NUMBER else []
        if len(run) > len(runs.get(value, [])):
            runs[value] = run
    longest = max(runs.values(), key=len, default=[])
    return longest if len(longest) >= 2 else []


ORNAMENT_CHARS = 8  # an ornament's line at most: PART 02
ORNAMENT_GAP = 40  # the least text between two parts' ornaments: a paragraph (a table's rows stand closer)
ORNAMENT_HEADING_CHARS = 30  # the heading under an ornament: a short line with no sentence stop


def _mark_part_ornaments(folded: str, lines: list[_Line]) -> None:
    """The numbers a 公众号 sets above each part's heading (01 / PART 02): page noise when they count up
    from 1, each above a heading and a paragraph after the one before (see noise.json part_ornament);
    left in the text, each would end the part before it as an item of its own."""
    ornament = _part_ornament_re()
    content = [i for i, line in enumerate(lines) if line.kind is None and line.start < line.end]
    found: list[_Line] = []
    for i, j in itertools.pairwise(content):
        line = lines[i]
        if line.end - line.start > ORNAMENT_CHARS:
            continue  # (almost every line: no regex tried)
        heading, match = (
            folded[lines[j].start : lines[j].end],
            ornament.fullmatch(folded, line.start, line.end),
        )
        if match is None or len(heading) > ORNAMENT_HEADING_CHARS or any(m in heading for m in ",。;"):
            continue
        value = int(match["n"] or match["m"])
        if value == len(found) + 1 and (not found or line.start - found[-1].end >= ORNAMENT_GAP):
            found.append(line)
    if len(found) >= 2:
        for line in found:
            line.kind = "widget"


@cache
def _part_ornament_re() -> re.Pattern[str]:
    return regexes.compile(noise_table()["part_ornament"])


@cache
def _page_alone_re() -> re.Pattern[str]:
    return regexes.compile(noise_table()["page_alone"])


RUNNING_HEAD_CHARS = 40


def _mark_running_heads(folded: str, lines: list[_Line]) -> None:
    """A PDF's running head or foot (the title, the issuer, 内部资料) repeats beside the page breaks
    (a page number, a form feed): a short line found right beside half of them or more, twice at least,
    is page noise, and so is the same line atop the text (the first page's head; not a title, which a
    head may repeat). Only there: a table's
    合计 or a repeated short heading elsewhere is report text."""
    content = [i for i, line in enumerate(lines) if line.start < line.end]
    breaks = [
        n
        for n, i in enumerate(content)
        if lines[i].kind == "page" or (i and folded.startswith("\f", lines[i - 1].sep))
    ]
    # a page's number and the form feed after it (pdftotext: - 3 -, then \f and the next page's head)
    # are one break: counted twice, a head beside every break would stand beside only half of them
    pages = len(breaks) - sum(b - a == 1 for a, b in itertools.pairwise(breaks))
    if pages < 2:
        return
    near: dict[str, list[int]] = {}
    for n in breaks:
        for i in content[max(0, n - 1) : n + 2]:
            text = folded[lines[i].start : lines[i].end]
            if lines[i].kind is None and len(text) <= RUNNING_HEAD_CHARS:
                near.setdefault(text, []).append(i)
    from summarizer.headings import is_heading_marker

    top = lines[content[0]]  # the first page's head: no break above it
    for text, found in near.items():
        if len(set(found)) >= max(2, pages / 2) and not is_heading_marker(text):
            for i in found:
                lines[i].kind = "page"
            if top.kind is None and folded[top.start : top.end] == text and not _title_like(text):
                top.kind = "page"


REPEAT_LINES = 4  # a run of this many lines that repeats earlier ones is a second copy of the text
REPEAT_LINE_CHARS = 8  # (only lines this long count: short headings, 合计 or a date may repeat)


def _mark_repeated_copy(folded: str, lines: list[_Line]) -> None:
    """A page scraped with its text twice (its print or mobile version under it, a mirror pasted after
    the original): the lines that repeat a run of earlier ones, from the first of REPEAT_LINES lines in
    a row that do, are noise. Read twice, the report would have its plans (its last part) swallow the
    whole second copy. The run's lines differ from each other: a line repeated on its own (合计, one
    list item a line) is text."""
    content = [i for i, line in enumerate(lines) if line.kind is None and line.start < line.end]
    texts = [folded[lines[i].start : lines[i].end] for i in content]
    first: dict[str, int] = {}
    for n, text in enumerate(texts):
        earlier = first.setdefault(text, n) if len(text) >= REPEAT_LINE_CHARS else n
        run = texts[earlier : earlier + REPEAT_LINES]
        if earlier < n and texts[n : n + REPEAT_LINES] == run and len(set(run)) == REPEAT_LINES:
            for offset, text_again in enumerate(texts[n:]):
                if earlier + offset >= n or texts[earlier + offset] != text_again:
                    break
                lines[content[n + offset]].kind = "repeat"
            return


def _indent(folded: str, start: int) -> int:
    """The spaces before a line's text, when they are a paragraph's indent (two Han characters at most,
    as four spaces or two ideographic ones, folded to one each): a line set further in is centred or
    right-aligned (a signature), not a paragraph's start."""
    begin = start
    while begin and folded[begin - 1] in " \t":
        begin -= 1
    lead = start - begin
    return lead if lead <= WRAP_INDENT and (not begin or folded[begin - 1] in "\n\r\f") else 0


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSING)
    return bool(stripped) and stripped[-1] in SENTENCE_STOPS


def _no_sentence(line: str) -> bool:
    return not any(stop in line for stop in ",。;")


def _title_like(line: str) -> bool:
    """关于…的报告: a line that ends in 报告 and holds no sentence (a lead-in ending …情况报告 has commas)."""
    return line.endswith("报告") and _no_sentence(line)


def _full_lines(
    measure: dict[int, int], unit: int, folded: str, lines: list[_Line], unindented: set[int] | None = None
) -> set[int]:
    """The lines as wide as the text's width by ``measure`` (``unit``: its step in half-width units),
    when the text is hard-wrapped by that measure; else none. The width is the one most lines reach:
    in a wrapped text many lines are that wide, few are wider, and most of those end mid-sentence.
    ``unindented``: paragraphs' first lines that lost their indent (see _full_lines_unindented), left
    out of the width and full when short of it by the indent at most."""
    slack = WRAP_SLACK // unit
    unindented = unindented or set()
    long = sorted(w for i, w in measure.items() if w * unit >= 20 and i not in unindented)
    if len(long) < WRAP_MIN_LINES:
        return set()
    reach, full = max((bisect_right(long, w) - bisect_left(long, w - slack), w) for w in set(long))
    wider = len(long) - bisect_right(long, full)
    if not WRAP_WIDTHS[0] <= full * unit <= WRAP_WIDTHS[1] or reach < WRAP_FULL_SHARE * len(long):
        return set()
    indent = WRAP_INDENT // unit
    near = [i for i, w in measure.items() if full - slack - indent * (i in unindented) <= w <= full]
    open_ended = sum(not _ends_sentence(folded[lines[i].start : lines[i].end]) for i in near)
    if wider > WRAP_WIDER_SHARE * len(long) or open_ended < WRAP_OPEN_SHARE * len(near):
        return set()
    return set(near)


def _width(line: str) -> int:
    """Display width in half-width units: Han characters and Chinese punctuation 2, ASCII 1."""
    # bytes in C, not a regex match per narrow character: a paragraph laid out as one line is long
    return 2 * len(line) - len(line.encode("ascii", "ignore").translate(None, _NOT_NARROW_ASCII))


def _emit_breaks(
    builders: tuple[TextBuilder, ...], offsets: array, breaks: list[int], end: int, gap: str = "\n"
) -> None:
    """One line break, or two (a paragraph gap) when blank lines separated the kept lines (``gap``:
    what stands for each)."""
    for sep in breaks[:2]:
        position = offsets[sep] if sep < end else offsets[end - 1] + 1
        for builder in builders:
            builder.add_mapped(gap, position)


_FIRST_YEAR_ALONE, _YEAR_ALONE = _at_line_starts(r"[ \t\u3000]*(?:19|20)[0-9]{2}(?:年度?)?[ \t\u3000]*$")


def _stacked_cells(folded: str, lines: list[_Line]) -> set[int]:
    """Indexes of the kept lines followed by the next cell of their table row (see stacked_rows)."""
    if not (_FIRST_YEAR_ALONE.match(folded) or _YEAR_ALONE.search(folded)):
        return set()  # no line holds a year alone: no header of year columns (almost every text)
    content = [i for i, line in enumerate(lines) if line.kind is None and line.start < line.end]
    if len(content) < 6:  # a header and a row at least
        return set()
    from summarizer.numbers.rows import stacked_rows  # only a text with such a table needs it

    cells = [folded[lines[i].start : lines[i].end].strip() for i in content]
    return {content[n] for n in stacked_rows(cells)}


def _noise_span(text: str, offsets: array, line: _Line) -> NoiseSpan:
    start, end = offsets[line.start], offsets[line.end - 1] + 1
    return NoiseSpan(kind=line.kind or "other", text=text[line.start : line.end], start=start, end=end)
