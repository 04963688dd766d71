"""The pipeline on mutated reports and the answer models on junk answers: never a crash.

Our fixture reports are mutated with pieces of the genre's number forms and layout (ranges, fractions,
‰, from→to changes, Chinese numerals, page numbers, Markdown marks, line breaks, zero-width spaces),
with cuts and shuffled lines, and put in pages of random, broken markup. Every one must come out as a
report that renders in every format, or be refused with a SummarizerError; an internal error fails
the test with the input that caused it. Junk answers of a model (any value in any field) must
validate, or raise the ValidationError that becomes a re-ask.
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


# --------------------------------------------------------------------------- a model's answers

ANSWER_PIECES = [
    "｜",
    "|",
    "……",
    "",
    " ",
    "\n",
    "null",
    "12.5‰",
    "三分之二",
    "5—8万",
    "约",
    "余",
    "%",
    "个百分点",
]
ANSWER_PIECES += [
    "\x00",
    "😀",
    "<script>",
    "{",
    '"',
    "｜｜｜",
    "2023年",
    "第3",
    "K1",
    "由5%提升至",
    "-1",
    "1e9",
    "1,234",
]


def junk_answer(rng: random.Random, sentences: list[str], fields: list[str]) -> dict:
    """An answer of the right keys holding anything a weak or hostile model may write in them."""

    def text() -> str:
        piece = rng.choice(sentences)
        for _ in range(rng.randint(0, 4)):
            at = rng.randrange(len(piece) + 1)
            piece = piece[:at] + rng.choice(ANSWER_PIECES) + piece[at:]
        return piece[: rng.randint(0, len(piece))] if rng.random() < 0.3 else piece

    def value() -> object:
        roll = rng.random()
        if roll < 0.6:
            return "｜".join(text() for _ in range(rng.randint(1, 4)))
        if roll < 0.7:
            return {key: text() for key in ("name", "value", "quote", "title", "summary")}
        return rng.choice([None, 1, 2.5, True, [], {}, ["a"], text()])

    return {
        name: [value() for _ in range(rng.randint(0, 5))] if rng.random() < 0.9 else value()
        for name in fields
    }


@pytest.mark.parametrize("seed", range(CASES))
def test_any_answer_is_accepted_or_refused_for_a_reask_never_crashes(seed: int) -> None:
    from pydantic import ValidationError

    from summarizer.llm.grounding import GROUNDING, GroundingState
    from summarizer.llm.responses import extraction_model

    rng = random.Random(seed)
    doc = read_path(REPORTS[seed % len(REPORTS)])
    sentences = [s for s in doc.text.replace("\n", "。").split("。") if s] or ["审核文件35件"]
    stages = rng.choice(
        [("achievements",), ("shortcomings",), ("plans",), ("achievements", "shortcomings", "plans")]
    )
    model = extraction_model(stages)
    answer = junk_answer(rng, sentences, list(model.model_fields))
    spans = {stage: [(0, len(doc.text))] for stage in ("achievements", "shortcomings", "plans")}
    for lenient in (False, True):  # a re-ask, then the last attempt, which keeps what it can
        token = GROUNDING.set(GroundingState(doc, spans=spans, lenient=lenient))
        try:
            model.model_validate(answer)
        except ValidationError:
            pass  # the re-ask the model gets
        finally:
            GROUNDING.reset(token)
