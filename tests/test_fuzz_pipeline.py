"""The pipeline on mutated reports: whatever the text, a report or a one-line refusal, never a crash.

Our fixture reports are mutated with pieces of the genre's number forms and layout (ranges, fractions,
‰, from→to changes, Chinese numerals, page numbers, Markdown marks, line breaks, zero-width spaces),
with cuts and shuffled lines, and put in pages of random, broken markup. Every one must come out as a
report that renders in every format, or be refused with a SummarizerError; an internal error fails
the test with the input that caused it.
"""

from __future__ import annotations

import random

import pytest
from conftest import EXAMPLES, FIXTURES

from summarizer.errors import SummarizerError
from summarizer.pipeline import Options, RulesBackend, process
from summarizer.reader import read_bytes, read_path
from summarizer.render import render_outputs

REPORTS = [
    *sorted(FIXTURES.glob("f0*.txt")),
    FIXTURES / "f04_district_page.html",
    *sorted(EXAMPLES.glob("*.txt")),
]
PIECES = [
    "3至5场", "2—3年", "5-8万人次", "100%", "由53.4%提升至95%", "由5.2‰下降至3.1‰", "同比下降", "二〇二三年",
    "第3", "①", "(一)", "一、", "\n", "\n\n", "。", "12.5‰", "三分之二", "近万人", "逾千件", "九成五",
    "两成多", "2023-03-10", "3月1日", "1,234", "１２３", "万", "亿元", "个百分点", "倍", "余", "约", "以上",
    "- 3 -", "\f", "**", "## ", "• ", "“", "《", "》", "、", ":", "其中", "共", " ", "\u200b", "〇", "十几",
    "数十", "上百", "1.2.3", "12348", "0", "-1", "+5%", "法 治 政 府 建 设 1 2 次",
]  # fmt: skip
TAGS = [
    "p",
    "div",
    "span",
    "td",
    "tr",
    "table",
    "br",
    "b",
    "a",
    "li",
    "h1",
    "pre",
    "script",
    "style",
    "title",
]
MARKUP = ["&nbsp;", "&amp;", "&#12288;", "&ldquo;", "&bad;", "&", "<", ">", "<!--", "-->", "<![CDATA[", "]]>"]
MARKUP += ["<![if !supportLists]>", "<![endif]>", "<![C", "<?xml ?>", "\x00"]
CASES = 60


def mutated(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 12)):
        at = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.6:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif roll < 0.85:
            text = text[:at] + text[at + rng.randint(1, 30) :]
        else:
            lines = text.split("\n")
            rng.shuffle(lines)
            text = "\n".join(lines)
    return text


def as_broken_page(rng: random.Random, text: str) -> str:
    lines = []
    for line in text.split("\n"):
        tag = rng.choice(TAGS)
        lines.append(
            rng.choice([f"<{tag}>{line}</{tag}>", f"<{tag} class='x'>{line}", line + rng.choice(MARKUP)])
        )
    page = "<html><head><title>t</title></head><body>" + "\n".join(lines) + "</body></html>"
    for _ in range(rng.randint(0, 6)):
        at = rng.randrange(len(page))
        page = (
            page[:at] + rng.choice([*MARKUP, f"<{rng.choice(TAGS)}>", f"</{rng.choice(TAGS)}>"]) + page[at:]
        )
    return page


@pytest.mark.parametrize("seed", range(CASES))
@pytest.mark.parametrize("form", ["text", "html"])
def test_a_mutated_report_is_processed_or_refused_never_crashes(seed: int, form: str) -> None:
    rng = random.Random(seed)
    text = mutated(rng, read_path(REPORTS[seed % len(REPORTS)]).text)
    if form == "html":
        text = as_broken_page(rng, text)
    try:
        doc = read_bytes(text.encode("utf-8", "replace"), path=f"mutated.{form}")
        report = process(doc, RulesBackend(), Options(accept_any=True))
    except SummarizerError:
        return  # a one-line refusal is an answer
    rendered, _ = render_outputs(report, doc, ["json", "md", "html"])
    assert set(rendered) == {"json", "md", "html"} and all(rendered.values()), text
