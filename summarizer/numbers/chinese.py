"""Reading numerals written with Arabic digits, Chinese characters or both (3.98万, 两千四百七, 13万2).

The scanner works on normalised, folded text (萬→万, 兩→两, 點→点, 參→参). It reads one numeral
starting at a position and reports its exact value and the place value of its last written
digit (``precision``): 3.98万 -> 39800 with precision 100; 两千四百七 -> 2470 with precision 10.

Also here: writing integers and decimals in Chinese (used by tests and by the mutation suite to
produce faithful restatements; cross-checked against cn2an in tests).
"""

from __future__ import annotations

import re
from decimal import Decimal, getcontext
from functools import partial
from typing import NamedTuple

from summarizer import regexes

PLAIN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
FINANCIAL_DIGITS = {"壹": 1, "贰": 2, "叁": 3, "参": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
CN_DIGITS = PLAIN_DIGITS | FINANCIAL_DIGITS
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_MULTS = {"万": 10**4, "亿": 10**8}
FINANCIAL_CHARS = frozenset(FINANCIAL_DIGITS) | {"拾", "佰", "仟"}
NUMERAL_CHARS = frozenset(CN_DIGITS) | frozenset(CN_UNITS) | frozenset(CN_MULTS)

# Thousands are grouped by commas (1,286.5万元), or in a PDF's text by spaces (5 862户: a thin or
# no-break space, folded to one). A space groups only right after a word and right before a unit or
# 万: between two bare figures (a table's cells, 98 128) it separates them.
ARABIC_RE = regexes.compile(
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])"
    r"|(?<=[\u4e00-\u9fff])[0-9]{1,3}(?: [0-9]{3})+(?=(?:\.[0-9]+)?[\u4e00-\u9fff%])"
    r"|[0-9]+)(?:\.[0-9]+)?"
)
_ONE = Decimal(1)
_ZERO = Decimal(0)
_PLACES = tuple(_ONE.scaleb(-decimals) for decimals in range(16))  # 1, 0.1, 0.01, ...: built once
_EXACT_DIGITS = getcontext().prec  # longer digit runs are rounded by arithmetic (Decimal(text) is exact)
# Tokens are immutable: one prebuilt (kind, value, decimals) per numeral character.
_DIGIT_TOKENS = {char: ("d", Decimal(digit), 0) for char, digit in CN_DIGITS.items()}
_UNIT_TOKENS = {char: ("u", Decimal(unit), 0) for char, unit in CN_UNITS.items()}
_MULT_TOKENS = {char: ("m", Decimal(mult), 0) for char, mult in CN_MULTS.items()}
# A Chinese digit standing alone (一 in 一是, 三 in 三个): the tail of its Numeral, as the evaluator reads it.
_LONE_DIGITS = {
    char: (Decimal(digit), _ONE, 0, "chinese", char in FINANCIAL_CHARS, False, 1, digit == 1, _ONE)
    for char, digit in CN_DIGITS.items()
}
_CONTINUES_CN_DIGIT = NUMERAL_CHARS | {"点"}  # what may follow a Chinese digit inside one numeral
# Characters that can extend an Arabic number into a mixed numeral (3.98万, 5千); 十 cannot (a 5十 is no number).
_AFTER_ARABIC = frozenset("百佰千仟万亿")
_AFTER_DIGIT_RUN = _AFTER_ARABIC | {",", ".", " "}  # what may continue a run of digits into a longer numeral


class Numeral(NamedTuple):  # a named tuple: one is built for every candidate number
    start: int
    end: int
    value: Decimal
    precision: Decimal  # place value of the last written digit, e.g. 3.98万 -> 100
    decimals: int  # digits written after the decimal point
    script: str  # arabic | chinese | mixed
    financial: bool
    positional: bool  # Chinese digits without 十百千万亿: 二〇二四, 两三
    digit_count: int
    lone_one: bool  # the whole numeral is 一 or 壹 (a word, almost never a count)
    scale: Decimal = Decimal(1)  # 万/亿 written after the last digit: 1957.08万 -> 10000


# Numeral(*fields) with every field given, without the generated Python-level __new__ (about 40% cheaper).
_new_numeral = partial(tuple.__new__, Numeral)


class _Invalid(Exception):
    """Raised inside the evaluator for sequences that are not one number (十二三, 一一)."""


def scan_numeral(s: str, i: int, digits_end: int = 0) -> Numeral | None:
    """Read the numeral starting at ``s[i]``; None if there is none.

    ``digits_end`` may give the end of the run of digits starting at ``i`` (the tokenizer has found
    it): when no separator or multiplier follows the run, the run is the numeral.
    """
    if digits_end > i and (digits_end == len(s) or s[digits_end] not in _AFTER_DIGIT_RUN):
        text = s[i:digits_end]
        value = Decimal(text) if digits_end - i <= _EXACT_DIGITS else Decimal(text) + _ZERO
        return _new_numeral((i, digits_end, value, _PLACES[0], 0, "arabic", False, False, 1, False, _ONE))
    if i < len(s) and "0" <= s[i] <= "9":
        match = ARABIC_RE.match(s, i)
        end = match.end()
        if end == len(s) or s[end] not in _AFTER_ARABIC:
            return _arabic_numeral(i, end, match.group())
    elif i < len(s) and s[i] in _LONE_DIGITS and (i + 1 == len(s) or s[i + 1] not in _CONTINUES_CN_DIGIT):
        return _new_numeral((i, i + 1, *_LONE_DIGITS[s[i]]))
    tokens, end, flags = _tokenize(s, i)
    if not tokens:
        return None
    has_arabic, has_cn_digit, financial = flags
    tokens, end = _give_back_unit_prefix(s, tokens, end)
    if not tokens:
        return None
    script = (
        "mixed"
        if has_arabic and any(t[0] in "um" for t in tokens)
        else ("arabic" if has_arabic else "chinese")
    )
    digit_count = sum(1 for t in tokens if t[0] in "nd")
    if has_cn_digit and digit_count >= 2 and not any(t[0] in "umf" for t in tokens):
        digits = "".join(str(int(t[1])) for t in tokens)
        return _new_numeral(
            (i, end, Decimal(digits), _ONE, 0, "chinese", financial, True, digit_count, False, _ONE)
        )
    try:
        value, precision, decimals = _evaluate(tokens)
    except _Invalid:
        return None
    lone_one = len(tokens) == 1 and tokens[0][0] == "d" and tokens[0][1] == 1
    scale = _ONE
    for kind, token_value, _ in reversed(tokens):
        if kind != "m":
            break
        scale *= token_value
    return _new_numeral(
        (i, end, value, precision, decimals, script, financial, False, digit_count, lone_one, scale)
    )


def _arabic_numeral(start: int, end: int, text: str) -> Numeral:
    """A numeral of Arabic digits alone (the common case), as :func:`_evaluate` would read it."""
    if "," in text or " " in text:
        text = text.replace(",", "").replace(" ", "")
    decimals = len(text) - text.index(".") - 1 if "." in text else 0
    value = Decimal(text)
    if len(text) > _EXACT_DIGITS:
        value += _ZERO  # the evaluator's sum rounds a digit run this long to the context precision
    return _new_numeral(
        (start, end, value, _place(decimals), decimals, "arabic", False, False, 1, False, _ONE)
    )


def _place(decimals: int) -> Decimal:
    """Place value of the last digit of a number written with ``decimals`` digits after the point."""
    return _PLACES[decimals] if decimals < len(_PLACES) else _ONE.scaleb(-decimals)


def _tokenize(s: str, i: int) -> tuple[list[tuple[str, Decimal, int]], int, tuple[bool, bool, bool]]:
    """Split a numeral into n(Arabic number) d(Chinese digit) u(十百千) m(万亿) f(点 fraction) tokens."""
    n = len(s)
    tokens: list[tuple[str, Decimal, int]] = []
    has_arabic = has_cn_digit = financial = False
    while i < n:
        char = s[i]
        if "0" <= char <= "9":
            if has_cn_digit or (tokens and tokens[-1][0] in "ndf"):
                break
            match = ARABIC_RE.match(s, i)
            text = match.group().replace(",", "").replace(" ", "")
            decimals = len(text) - text.index(".") - 1 if "." in text else 0
            tokens.append(("n", Decimal(text), decimals))
            has_arabic = True
            i = match.end()
            continue
        token = _DIGIT_TOKENS.get(char)
        if token is not None:
            if has_arabic:
                break
            financial = financial or char in FINANCIAL_CHARS
            tokens.append(token)
            has_cn_digit = True
            i += 1
            continue
        token = _UNIT_TOKENS.get(char)
        if token is not None:
            if char == "百" and s.startswith("分之", i + 1):
                break
            if has_arabic and (tokens[-1][0] != "n" or token[1] == 10):
                break
            financial = financial or char in FINANCIAL_CHARS
            tokens.append(token)
            i += 1
            continue
        token = _MULT_TOKENS.get(char)
        if token is not None:
            tokens.append(token)
            i += 1
            continue
        if char == "点" and tokens and not has_arabic and i + 1 < n and s[i + 1] in PLAIN_DIGITS:
            j = i + 1
            while j < n and s[j] in PLAIN_DIGITS:
                j += 1
            fraction = "".join(str(PLAIN_DIGITS[c]) for c in s[i + 1 : j])
            tokens.append(("f", Decimal("0." + fraction), len(fraction)))
            i = j
            continue
        break
    return tokens, i, (has_arabic, has_cn_digit, financial)


_UNIT_WORDS_STARTING_WITH_NUMERALS = ("千米", "千克", "千瓦", "百分点", "万人成讼率", "百姓", "千家万户")


def _give_back_unit_prefix(s: str, tokens: list, end: int) -> tuple[list, int]:
    """5千米 is 5 km, not 5000 米: a trailing 千/百 that starts a unit word belongs to the unit."""
    if tokens and tokens[-1][0] in "um" and s.startswith(_UNIT_WORDS_STARTING_WITH_NUMERALS, end - 1):
        return tokens[:-1], end - 1
    return tokens, end


def _evaluate(tokens: list[tuple[str, Decimal, int]]) -> tuple[Decimal, Decimal, int]:
    """Value, precision and decimals of a non-positional numeral (sections split by 万 and 亿)."""
    yi = wan = section = _ZERO
    num: Decimal | None = None
    num_place = place = _ONE
    decimals = 0
    last_struct: Decimal | None = None  # value of the 十百千万亿 token right before the pending digit
    pending_single = False
    zero_gap = False
    empty_section = True  # nothing written since the last 万/亿: a bare 万 means 一万
    previous = ""
    for kind, value, dec in tokens:
        empty_section = empty_section and kind == "m"
        if kind in "nd":
            if kind == "d" and value == 0:
                zero_gap = True
                previous = kind
                continue
            if num is not None:
                raise _Invalid
            num = value
            decimals = dec
            num_place = place = _place(dec)
            pending_single = dec == 0 and value < 10 and previous in ("u", "m") and not zero_gap
        elif kind == "u":
            base = num if num is not None else _ONE
            section += base * value
            place = num_place * value
            last_struct, num, zero_gap = value, None, False
        elif kind == "m" and empty_section and previous == "m":
            yi, wan = (yi + wan) * value, _ZERO  # 一万万 = 一亿
            place *= value
        elif kind == "m":
            part = section + (num if num is not None else 0)
            if empty_section:
                part = _ONE
            if num is not None:
                place = num_place
            if value == 10**4:
                wan = (wan + part) * value  # a second 万 scales what came before: 一万零一万 = 10001万
            else:
                yi = (yi + wan + part) * value
                wan = _ZERO
            place *= value
            section, num, last_struct, zero_gap, empty_section = _ZERO, None, value, False, True
        else:  # "f": a decimal fraction (点…) belongs to everything written before it (一万点五)
            section = yi + wan + section + (num if num is not None else 0) + value
            yi = wan = _ZERO
            num = None
            decimals = dec
            num_place = place = _place(dec)
        previous = kind
    if num is not None:
        if pending_single and last_struct is not None and last_struct >= 10:
            num_place = last_struct / 10  # elliptic tail: 两千四百七, 一万八, 13万2
            num *= num_place
        place = num_place
    return yi + wan + section + (num if num is not None else 0), place, decimals


# --------------------------------------------------------------------------- writing Chinese numerals

_WRITE_DIGITS = "零一二三四五六七八九"
_SECTION_UNITS = ("", "十", "百", "千")
_BIG_UNITS = ("", "万", "亿", "万亿")
_FINANCIAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
_TRADITIONAL = str.maketrans(
    {"万": "萬", "亿": "億", "两": "兩", "点": "點", "贰": "貳", "叁": "參", "陆": "陸"}
)


def _write_section(x: int) -> str:
    out, zero = "", False
    for pos in (3, 2, 1, 0):
        digit = x // 10**pos % 10
        if digit == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _WRITE_DIGITS[digit] + _SECTION_UNITS[pos]
    return out


def int_to_chinese(n: int, *, liang: bool = False, financial: bool = False, traditional: bool = False) -> str:
    """Standard Chinese reading of a non-negative integer: 2470 -> 二千四百七十 (两千… with liang)."""
    if n == 0:
        return "零"
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out, zero_pending = "", False
    for k in range(len(groups) - 1, -1, -1):
        group = groups[k]
        if group == 0:
            zero_pending = bool(out)
            continue
        if out and (zero_pending or group < 1000):
            out += "零"
        out += _write_section(group) + _BIG_UNITS[k]
        zero_pending = False
    if not financial and out.startswith("一十"):
        out = out[1:]
    if liang and not financial:
        out = re.sub(r"(^|[零万亿])二(?=[千百万亿])", r"\1两", out)
    if financial:
        out = out.translate(_FINANCIAL)
    return out.translate(_TRADITIONAL) if traditional else out


def decimal_to_chinese(d: Decimal, **style: bool) -> str:
    """三点九八 for 3.98; integers as :func:`int_to_chinese`."""
    sign, digits, exponent = d.as_tuple()
    if exponent >= 0:
        return int_to_chinese(int(d), **style)
    text = format(d, "f")
    whole, fraction = text.split(".")
    point = "點" if style.get("traditional") else "点"
    return int_to_chinese(int(whole), **style) + point + "".join(_WRITE_DIGITS[int(c)] for c in fraction)


def digits_to_chinese(n: int, zero: str = "〇") -> str:
    """Positional digits, as years are written: 2024 -> 二〇二四."""
    return "".join(zero if c == "0" else _WRITE_DIGITS[int(c)] for c in str(n))
