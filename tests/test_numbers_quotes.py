"""The quoted and 《title》 spans found from the opening marks, compared with the patterns' own scan."""

from __future__ import annotations

from conftest import joined_pieces

from summarizer.numbers.mentions import QUOTE_RES, quoted_spans

# Opening and closing marks of every kind, nested and unclosed, line breaks, spans near the length limit.
PIECES = [*'“”‘’「」『』"《》〈〉\n', "文字", "3个", "x" * 60, "字" * 119]


def _plain_spans(text: str) -> list[tuple[int, int, int]]:
    return [(m.start(), m.end(), bit) for pattern, bit in QUOTE_RES for m in pattern.finditer(text)]


def test_spans_found_from_the_opening_marks_are_those_the_patterns_find():
    texts = joined_pieces(PIECES, 6000, seed=7, most=12)
    found = 0
    for text in texts + ["", "“”", "“a“b”", "《a〈b〉c》", '"“a”"']:
        spans = quoted_spans(text)
        assert spans == _plain_spans(text), text
        found += len(spans)
    assert found > 1000  # the inputs hold many spans
