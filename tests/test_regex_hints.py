"""Pattern hints (first and required characters) never skip a search that would have matched."""

from __future__ import annotations

import json
import random
import re
from importlib import resources

import pytest

from summarizer import regex_hints
from summarizer.regex_hints import could_match, first_chars, first_class, required_chars


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("出庭应诉率|出庭率", {"出"}),
        ("(收到|新收).{0,10}复议|复议.{0,6}(申请)", {"收", "新", "复"}),
        ("学法(?!用法)|(专题|集中)学习", {"学", "专", "集"}),
        ("[调和]解", {"调", "和"}),
        ("(调解)?员", {"调", "员"}),
        (".{0,4}率", None),
        ("[^a]b", None),
        ("a?", None),
        ("(?i:a)b", None),
    ],
)
def test_first_characters_of_a_pattern(pattern, expected) -> None:
    assert first_chars(pattern) == (None if expected is None else frozenset(expected))
    if expected is not None:  # every match found starts with one of them
        for text in ("出庭", "收到复议", "复议申请", "学法", "专题学习", "调解", "和解", "调解员", "ab"):
            for match in re.finditer(pattern, text):
                assert not match.group() or match.group()[0] in expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("出庭应诉率|出庭率", "[出]"),
        ("(?P<a>[一二1-4]季度)|(?P<b>(?<![较比])20\\d{2}年)|\\d月", "[1-42\\d一二]"),
        ("[-\\]]x|\\s?y", "[\\-\\]\\sy]"),
        ("[^a]b", None),
        (".x", None),
        ("a?", None),
    ],
)
def test_first_class_of_a_pattern(pattern, expected) -> None:
    assert first_class(pattern) == expected
    if expected is not None:  # led by it as a lookahead, the pattern finds the same matches
        led = re.compile(f"(?={expected})(?:{pattern})")
        for text in ("出庭率", "较2023年、2024年", "二季度3月", "-x]x y", "\u0663月"):
            assert [m.span() for m in led.finditer(text)] == [m.span() for m in re.finditer(pattern, text)]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("本报讯", {"本", "报", "讯"}),
        ("(?:日报|晚报|电视台)讯", {"讯"}),
        ("会议(?:指出|强调)", {"会", "议"}),
        ("本(?:年度)?报告[^。]{0,120}编制", {"本", "报", "告", "编", "制"}),
        ("(?:[*×]{1,3}|某某?)(?:省|市)", set()),
        ("20[xX]{2}\\s*年", {"2", "0", "年"}),
        ("(?<!法治)政府工作报告", {"政", "府", "工", "作", "报", "告"}),
        ("(?i:ab)c", {"c"}),
        ("(?i)abc", set()),
        ("a*b+", {"b"}),
    ],
)
def test_required_characters_of_a_pattern(pattern, expected) -> None:
    assert required_chars(pattern) == frozenset(expected)


def _config_patterns() -> list[str]:
    """The patterns searched with these hints: the genres' title and opening words, the indicators."""
    data = json.loads(resources.files("summarizer.data").joinpath("indicators.json").read_text("utf-8"))
    from summarizer.metadata import _data

    genres = _data()["doc_types"]["genres"]
    return [
        *(i["pattern"] for i in data["indicators"]),
        *(p for g in genres for p in g.get("title", []) + g.get("head", [])),
    ]


def test_a_pattern_the_hints_rule_out_never_matches():
    """On texts built from the patterns' own words, every text a pattern matches in is one the hints
    let through (and they do rule texts out, so the test means something)."""
    patterns = _config_patterns()
    words = [w for p in patterns for w in re.findall(r"[\u4e00-\u9fff]+", p)]
    pieces = [*words, *(w[1:] for w in words), *(w[:-1] for w in words), "\n", " ", "2023", "XX", "*", "某"]
    rng = random.Random(5)
    ruled_out = 0
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        chars = set(text)
        for pattern in patterns:
            if not could_match(pattern, chars):
                ruled_out += 1
                assert re.search(pattern, text, re.M) is None, (pattern, text)
    assert ruled_out > 10000


def test_a_pattern_the_parser_cannot_read_gives_no_hint(monkeypatch) -> None:
    # the parser is the standard library's private one: if its form ever changes, every search is made
    def unreadable(pattern: str) -> None:
        raise ValueError(pattern)

    monkeypatch.setattr(regex_hints.sre_parse, "parse", unreadable)
    pattern = "行政复议(?:案件)?"  # not parsed by an earlier test: _parsed caches what it read
    assert regex_hints.first_chars(pattern) is None
    assert regex_hints.required_chars(pattern) == frozenset()
    assert regex_hints.could_match(pattern, frozenset("无关"))
