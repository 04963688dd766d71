"""The numeral reader and writer: fixed cases, cn2an as an oracle, and random round trips."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.numbers import extract_mentions, format_decimal
from summarizer.numbers.chinese import decimal_to_chinese, digits_to_chinese, int_to_chinese, scan_numeral
from summarizer.numbers.normalize import _CHAR_MAP, fold, normalize

D = Decimal


def read(text: str) -> Decimal:
    numeral = scan_numeral(fold(text), 0)
    assert numeral is not None and numeral.end == len(text), text
    return numeral.value


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("十", 10, 10),
        ("十五", 15, 1),
        ("二十", 20, 10),
        ("一百零五", 105, 1),
        ("一千零五十", 1050, 10),
        ("两千四百七", 2470, 10),
        ("一万八", 18000, 1000),
        ("三万零五百", 30500, 100),
        ("十八万", 180000, 10000),
        ("一亿二千万", 120000000, 10**7),
        ("一亿五", 150000000, 10**7),
        ("13万2", 132000, 1000),
        ("1亿2000万", 120000000, 10000),
        ("3.98万", 39800, 100),
        ("三点九八万", 39800, 100),
        ("一千九百五十七点零八万", 19570800, 100),
        ("2百万", 2000000, 1000000),
        ("壹仟贰佰叁拾肆", 1234, 1),
        ("拾", 10, 10),
    ],
)
def test_reads_values_and_precision(text: str, value: int, precision: int) -> None:
    numeral = scan_numeral(fold(text), 0)
    assert numeral is not None
    assert (numeral.value, numeral.precision) == (D(value), D(precision))


def test_positional_digits_and_scale() -> None:
    year = scan_numeral("二〇二四", 0)
    assert year is not None and year.positional and year.value == 2024
    assert scan_numeral("1957.08万", 0).scale == 10000
    assert scan_numeral("13万2", 0).scale == 1


def test_unit_words_give_back_their_numeral() -> None:
    numeral = scan_numeral("5千米", 0)
    assert numeral is not None and (numeral.value, numeral.end) == (5, 1)


def test_consecutive_digits_inside_a_number_are_not_one_number() -> None:
    assert scan_numeral("十二三", 0) is None


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "零"), (10, "十"), (15, "十五"), (105, "一百零五"), (2470, "二千四百七十"), (10010, "一万零一十"),
     (100000000, "一亿"), (120003400, "一亿二千万三千四百")],
)  # fmt: skip
def test_writer_fixed_cases(n: int, text: str) -> None:
    assert int_to_chinese(n) == text


def test_writer_styles() -> None:
    assert int_to_chinese(2470, liang=True) == "两千四百七十"
    assert int_to_chinese(2470, financial=True) == "贰仟肆佰柒拾"
    assert int_to_chinese(25000, liang=True, traditional=True) == "兩萬五千"
    assert decimal_to_chinese(D("93.64")) == "九十三点六四"
    assert decimal_to_chinese(D("3.98"), traditional=True) == "三點九八"
    assert digits_to_chinese(2024) == "二〇二四"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_writer_agrees_with_cn2an(n: int) -> None:
    assert int(cn2an.cn2an(int_to_chinese(n), "normal")) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_reader_reads_cn2an_output(n: int) -> None:
    assert read(cn2an.an2cn(n)) == n


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**11),
    st.sampled_from(["plain", "liang", "financial", "traditional", "traditional_financial"]),
)
def test_reader_reads_every_writing_style(n: int, style: str) -> None:
    options = {
        "plain": {},
        "liang": {"liang": True},
        "financial": {"financial": True},
        "traditional": {"liang": True, "traditional": True},
        "traditional_financial": {"financial": True, "traditional": True},
    }[style]
    assert read(int_to_chinese(n, **options)) == n


def _written(value: Decimal, scale: str, style: str) -> str:
    """Write ``value`` (in units of ``scale``) the way a report or a summary might."""
    text = format(value, "f")
    if style == "thousands":
        text = f"{value:,f}"
    elif style == "full_width":
        text = text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    elif style == "chinese":
        text = decimal_to_chinese(value, liang=True)
    elif style == "traditional":
        text = decimal_to_chinese(value, liang=True, traditional=True)
    elif style == "financial":
        text = decimal_to_chinese(value, financial=True)
    suffix = {"": "", "万": "万", "亿": "亿"}[scale]
    if style in ("traditional", "financial"):
        suffix = {"": "", "万": "萬", "亿": "億"}[scale]
    return text + suffix


@settings(max_examples=400, deadline=None)
@given(
    st.decimals(min_value=1, max_value=99999, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "万", "亿"]),
    st.sampled_from(["arabic", "thousands", "full_width", "chinese", "traditional", "financial"]),
    st.sampled_from(["元", "件", "人次"]),
)
def test_any_writing_parses_to_the_same_base_value(value: Decimal, scale: str, style: str, unit: str) -> None:
    if style == "financial" and value != value.to_integral_value():
        value = value.to_integral_value()  # financial numerals are written for whole amounts
    if value == 1 and style in ("chinese", "traditional") and scale == "":
        value = D(2)  # a lone 一 is read as a word (一件), by design
    if style == "financial" and value < 10 and scale == "":
        value += 10  # a lone financial digit is a word (队伍, 下陆区), by design
    text = "合计" + _written(value, scale, style) + unit
    mentions = extract_mentions(text)
    assert len(mentions) == 1, (text, [m.raw for m in mentions])
    m = mentions[0]
    expected = value * {"": 1, "万": 10**4, "亿": 10**8}[scale]
    assert m.value == expected, text
    assert text[m.start : m.end] == m.raw
    assert format_decimal(m.value) == format_decimal(expected)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="①⑴㈠⒈ａ１２３４５６７８９０件项万％，。（）甲乙丙", max_size=40))
def test_offsets_always_index_the_original(text: str) -> None:
    norm = normalize(text)
    for m in extract_mentions(text):
        assert text[m.start : m.end] == m.raw
        assert 0 <= m.start < m.end <= len(text)
    if norm.to_orig is not None:
        assert len(norm.to_orig) == len(norm.text) + 1


def test_format_decimal_never_uses_exponents() -> None:
    assert format_decimal(D("3.98E+4")) == "39800"
    assert format_decimal(D("93.640")) == "93.64"
    assert format_decimal(D("0.0")) == "0"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="2０３萬億貳叁①⑴❶㈠ﬁ％，.。个個年十百千万ｶ\u0301e\n 法治", max_size=30))
def test_normalize_fast_path_equals_the_character_table(text):
    """Text NFKC already leaves alone skips the per-character walk: same result as the walk."""
    walked = "".join(_CHAR_MAP[char] for char in text)
    norm = normalize(text)
    assert norm.text == walked
    if norm.to_orig is not None:
        assert len(norm.to_orig) == len(norm.text) + 1


def test_a_character_nfkc_changes_never_hides_in_an_nfkc_text() -> None:
    """normalize() maps only the table's characters of a text NFKC leaves alone: that holds because
    every character NFKC changes on its own also makes any text holding it fail is_normalized."""
    import unicodedata

    for code in (*range(0xD800), *range(0xE000, 0x110000)):
        char = chr(code)
        if unicodedata.normalize("NFKC", char) != char:
            assert not unicodedata.is_normalized("NFKC", f"法{char}治"), hex(code)


def test_every_path_builds_a_complete_numeral() -> None:
    """Arabic alone and a lone Chinese digit (fast paths), positional, evaluated and mixed numerals
    all carry every field."""
    from summarizer.numbers.chinese import Numeral

    expected = {
        "3,687": Numeral(0, 5, D(3687), D(1), 0, "arabic", False, False, 1, False, D(1)),
        "12.50": Numeral(0, 5, D("12.50"), D("0.01"), 2, "arabic", False, False, 1, False, D(1)),
        "二〇二四": Numeral(0, 4, D(2024), D(1), 0, "chinese", False, True, 4, False, D(1)),
        "两千四百七": Numeral(0, 5, D(2470), D(10), 0, "chinese", False, False, 3, False, D(1)),
        "3.98万": Numeral(0, 5, D("39800.00"), D("100.00"), 2, "mixed", False, False, 1, False, D(10000)),
        "一是": Numeral(0, 1, D(1), D(1), 0, "chinese", False, False, 1, True, D(1)),
        "伍人": Numeral(0, 1, D(5), D(1), 0, "chinese", True, False, 1, False, D(1)),
        "零": Numeral(0, 1, D(0), D(1), 0, "chinese", False, False, 1, False, D(1)),
    }
    for text, numeral in expected.items():
        found = scan_numeral(text, 0)
        assert type(found) is Numeral and repr(found) == repr(numeral)
