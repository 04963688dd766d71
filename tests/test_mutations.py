"""Mutation suite for the number checker, generated at test time from real and invented reports.

Every sentence with a quantity is restated faithfully (verbatim, 万 expanded, thousands
separators, Chinese numerals, full-width, 百分之…, 余↔多, Traditional, a decimal rounded away) and
corrupted (a digit changed, digits transposed, ×10, 万 dropped, decimal point shifted, a rounding
that moves the figure more than 5% (2万 for 1.5万), qualifier
dropped or flipped, unit or kind changed, a number invented); sentences with two figures of the
same kind get them swapped. Faithful restatements must be supported, corruptions caught,
swaps flagged. Run with ``pytest -s tests/test_mutations.py`` to see the figures and the
residual misses.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, SEEDS

from summarizer.document import Document
from summarizer.metadata import read_facts
from summarizer.numbers import Mention, extract_mentions, format_decimal
from summarizer.numbers.chinese import decimal_to_chinese
from summarizer.numbers.match import ROUNDING_ERROR, SourceIndex
from summarizer.numbers.normalize import fold
from summarizer.numbers.tables import tables

CAUGHT = {"mismatch", "unsupported"}
FINE = {"supported", "ignored"}
MUTATED_KINDS = {"count", "money", "percent", "pct_point", "pct_change", "pct_from_to", "rank", "duration"}
SENTENCE_SPLIT = re.compile(r"(?<=[。；;！!？?\n])")
RUN_RE = re.compile(
    r"[0-9０-９][0-9０-９,，.．]*(?:[万亿萬億])?"
    r"|[零〇○一二两兩三四五六七八九十百千万亿萬億壹贰貳叁参參肆伍陆陸柒捌玖拾佰仟点點]+"
)
FULL_WIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")
TRADITIONAL = str.maketrans("万亿个项余两条场户级县区元件人", "萬億個項餘兩條場戶級縣區元件人")
UNIT_SWAP = {
    "件": "人次", "起": "人", "项": "名", "个": "次", "次": "家", "名": "次", "人": "件", "人次": "件",
    "家": "次", "份": "人", "部": "人", "条": "人", "卷": "人", "户": "次", "场次": "件", "场": "件",
    "期": "人", "处": "人", "级": "人", "省": "人", "县": "人", "元": "人", "个工作日": "个", "方面": "人",
    "部门": "次", "件次": "人", "年": "件", "天": "件", "分钟": "件",
}  # fmt: skip

# Invented sentences (not from any real report) so the suite runs without ../shared/seeds.
INVENTED_REPORT = """\
2024年,青禾县共办理行政复议案件86件,审结79件,纠错率12.5%,同比下降3.2个百分点。
全县政务服务事项1356项,全程网办率达到96.8%,群众满意率99.12%。
开展法治宣传活动120余场次,发放宣传资料2.6万余份,受益群众约3.5万人次。
化解矛盾纠纷近900件,调解成功率由88.4%提升至93.7%,挽回经济损失416.25万元。
行政机关负责人出庭应诉率100%,行政诉讼案件同比减少18.75%,我县在全市考核中排名第3。
培训执法人员650余名,评查案卷300余卷,备案审查规范性文件42件,清理文件17件。
"""


@dataclass
class Tally:
    total: Counter = field(default_factory=Counter)
    hits: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, label: str, ok: bool, detail: str) -> None:
        self.total[label] += 1
        if ok:
            self.hits[label] += 1
        elif len(self.misses) < 400:
            self.misses.append(f"{label}: {detail}")

    def rate(self) -> float:
        return sum(self.hits.values()) / max(1, sum(self.total.values()))


# ---------------------------------------------------------------------- sources


def _read(path: Path) -> Document | None:
    try:
        from summarizer.reader import read_path

        return read_path(path)
    except Exception:  # the reader belongs to another module; fall back to plain decoding
        data = path.read_bytes()
        for codec in ("utf-8-sig", "utf-16", "gb18030"):
            try:
                return Document.from_text(data.decode(codec))
            except UnicodeDecodeError:
                continue
    return None


def _sources() -> list[tuple[str, Document]]:
    docs = [("invented", Document.from_text(INVENTED_REPORT))]
    paths = sorted(FIXTURES.glob("*.txt")) + sorted(FIXTURES.glob("*.html")) + sorted(EXAMPLES.glob("*.txt"))
    paths += sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    for path in paths:
        if path.stat().st_size < 200:
            continue
        doc = _read(path)
        if doc is not None and doc.text.strip():
            docs.append((path.name, doc))  # as read: its words are compared in Simplified script
    return docs


# ---------------------------------------------------------------------- rewriting one mention


def _run(m: Mention) -> re.Match | None:
    """The first numeral run inside a mention's text (skipping 百分之 and 第)."""
    for match in RUN_RE.finditer(m.raw):
        if match.group() not in ("百", "百分之") and any(c not in "百" for c in match.group()):
            return match
    return None


def _splice(sentence: str, m: Mention, start: int, end: int, new: str) -> tuple[str, int, int]:
    """Replace raw[start:end] of mention m; return the new sentence and the new mention span."""
    a, b = m.start + start, m.start + end
    out = sentence[:a] + new + sentence[b:]
    return out, m.start, m.end + len(new) - (b - a)


def _written(run: str) -> tuple[Decimal, str]:
    """Value of an Arabic run as written (without 万/亿) and its multiplier character."""
    text = fold(run)
    mult = text[-1] if text[-1] in "万亿" else ""
    digits = text[: len(text) - len(mult)].replace(",", "")
    return Decimal(digits), mult


def _is_arabic(run: str) -> bool:
    return fold(run)[0].isdigit()


def _chinese_reads_as_number(m: Mention, value: Decimal) -> bool:
    """Documented engine choices: 一 + measure word is a word (一个, 一次), and measure words such
    as 处 分 台 read as words after a Chinese numeral (四处, 十分, 三台); such restatements are
    not extracted, so they are not generated here."""
    return value != 1 and m.unit not in tables().arabic_only_units


def faithful_variants(sentence: str, m: Mention) -> list[tuple[str, str, int, int]]:
    run = _run(m)
    if run is None:
        return []
    out = [("verbatim", sentence, m.start, m.end)]
    rs, re_, text = run.start(), run.end(), run.group()
    after = m.raw[re_ : re_ + 1]
    if _is_arabic(text):
        value, mult = _written(text)
        base = value * {"": 1, "万": 10**4, "亿": 10**8}[mult]
        if mult:  # 3.98万份 -> 39800份, 3万多份 -> 30000多份, 约1957.08万元 -> 约19570800元
            out.append(("wan_expanded", *_splice(sentence, m, rs, re_, format_decimal(base))))
        if base >= 1000:
            out.append(("thousands", *_splice(sentence, m, rs, re_, f"{base.normalize():,f}")))
        chinese = decimal_to_chinese(value, liang=True) + mult
        if fold(after) == "%" and m.kind != "pct_from_to":
            out.append(("chinese", *_splice(sentence, m, rs, re_ + 1, "百分之" + decimal_to_chinese(value))))
            out.append(("baifenzhi", *_splice(sentence, m, rs, re_ + 1, "百分之" + text)))
        elif m.kind != "pct_from_to" and _chinese_reads_as_number(m, value):
            out.append(("chinese", *_splice(sentence, m, rs, re_, chinese)))
        width = re_ + (1 if fold(after) == "%" else 0)
        out.append(("full_width", *_splice(sentence, m, rs, width, m.raw[rs:width].translate(FULL_WIDTH))))
        if (rounded := _one_decimal_dropped(m, value)) is not None and _close(rounded, value):
            out.append(("rounded", *_splice(sentence, m, rs, re_, format(rounded, "f") + mult)))
    else:
        out.append(("arabic", *_splice(sentence, m, rs, re_, format_decimal(m.value or Decimal(0)))))
    for a, b in (("余", "多"), ("多", "余")):
        k = fold(m.raw).find(a, re_)
        if k == re_ or (k == re_ + 1 and fold(m.raw)[re_] == "万"):
            out.append(("yu_duo", *_splice(sentence, m, k, k + 1, b)))
            break
    out += _paraphrases(sentence, m)
    traditional = m.raw.translate(TRADITIONAL)
    if traditional != m.raw:
        out.append(("traditional", *_splice(sentence, m, 0, len(m.raw), traditional)))
    return out


CLAUSE_STOP = re.compile(r"[，,、：:。；;！!？?\n]")


def _paraphrases(sentence: str, m: Mention) -> list[tuple[str, str, int, int]]:
    """Light paraphrases that change the words around the number, as a summary would."""
    out = []
    stops = [x.end() for x in CLAUSE_STOP.finditer(sentence, 0, m.start)]
    begin = stops[-1] if stops else 0
    after = CLAUSE_STOP.search(sentence, m.end)
    end = after.start() if after else len(sentence)
    clause = sentence[begin:end]
    if clause != sentence:
        out.append(("clause_only", clause, m.start - begin, m.end - begin))
    if m.qualifier == "exact" and m.kind in ("count", "money", "percent") and m.start > begin:
        verb = "共" if m.kind != "percent" else "达到"
        if sentence[m.start - 1] not in "共达到为":
            out.append(
                (
                    "with_verb",
                    sentence[: m.start] + verb + sentence[m.start :],
                    m.start + len(verb),
                    m.end + len(verb),
                )
            )
    return out


def _one_decimal_dropped(m: Mention, value: Decimal) -> Decimal | None:
    """``value`` rounded to one decimal fewer (2.35 → 2.4, 1.5 → 2), for an exact or approximate figure."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0 or m.qualifier not in ("exact", "approx"):
        return None
    return value.quantize(Decimal(1).scaleb(exponent + 1), rounding=ROUND_HALF_UP)


def _close(rounded: Decimal, value: Decimal) -> bool:
    """Does the rounding move the figure no further than a restatement may (2倍 for 1.5倍 goes too far)?"""
    return abs(rounded - value) <= ROUNDING_ERROR * abs(value)


def corruptions(sentence: str, m: Mention, rng: random.Random) -> list[tuple[str, str, int, int]]:
    run = _run(m)
    if run is None:
        return []
    rs, re_, text = run.start(), run.end(), run.group()
    out = []
    if _is_arabic(text):
        out += _digit_corruptions(sentence, m, rs, re_, text, rng)
        value, mult = _written(text)
        if mult:
            out.append(("wan_dropped", *_splice(sentence, m, re_ - 1, re_, "")))
        if (rounded := _one_decimal_dropped(m, value)) is not None and not _close(rounded, value):
            out.append(("coarse_rounding", *_splice(sentence, m, rs, re_, format(rounded, "f") + mult)))
    else:
        bumped = decimal_to_chinese((m.value or Decimal(0)) + 1, liang=True)
        out.append(("digit", *_splice(sentence, m, rs, re_, bumped)))
    out += _qualifier_corruptions(sentence, m, rs, re_)
    out += _unit_corruptions(sentence, m)
    return out


def _digit_corruptions(sentence: str, m: Mention, rs: int, re_: int, text: str, rng: random.Random) -> list:
    out = []
    digit_positions = [i for i, c in enumerate(text) if c.isdigit()]
    position = rng.choice(digit_positions)
    old = int(text[position])
    choices = [
        d for d in range(10) if d != old and not (d == 0 and position == 0 and len(digit_positions) > 1)
    ]
    changed = text[:position] + str(rng.choice(choices)) + text[position + 1 :]
    out.append(("digit", *_splice(sentence, m, rs, re_, changed)))
    pairs = [
        i
        for i in range(len(text) - 1)
        if text[i].isdigit() and text[i + 1].isdigit() and text[i] != text[i + 1]
    ]
    pairs = [i for i in pairs if not (i == 0 and text[1] == "0")]
    if pairs:
        i = rng.choice(pairs)
        swapped = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        out.append(("transposed", *_splice(sentence, m, rs, re_, swapped)))
    value, mult = _written(text)
    plain = text[: len(text) - len(mult)].replace(",", "")
    if "." in plain:
        whole, frac = plain.split(".")
        times_ten = (whole + frac[0]).lstrip("0") + ("." + frac[1:] if len(frac) > 1 else "")
        shifted = (whole[:-1] or "0") + "." + whole[-1] + frac
    else:
        times_ten = plain + "0"
        shifted = plain[:-1] + "." + plain[-1] if len(plain) > 1 else None
    if value != 0:
        out.append(("x10", *_splice(sentence, m, rs, re_, (times_ten or "0") + mult)))
    if shifted:
        out.append(("decimal_shift", *_splice(sentence, m, rs, re_, shifted + mult)))
    return out


def _qualifier_corruptions(sentence: str, m: Mention, rs: int, re_: int) -> list:
    out = []
    q, qt, raw = m.qualifier, fold(m.qualifier_text), fold(m.raw)
    if qt:
        k = raw.find(qt)
        if k >= 0:
            out.append(("qualifier_dropped", *_splice(sentence, m, k, k + len(qt), "")))
    if q == "over" and qt in ("余", "多"):
        k = raw.find(qt, rs)
        dropped = m.raw[:k] + m.raw[k + 1 :]
        out.append(("qualifier_flipped", *_splice(sentence, m, rs, len(m.raw), "近" + dropped[rs:])))
    elif q == "under" and qt:
        k = raw.find(qt)
        body = m.raw[k + len(qt) :]
        run_end = re_ - (k + len(qt))
        out.append(
            (
                "qualifier_flipped",
                *_splice(sentence, m, k, len(m.raw), body[:run_end] + "余" + body[run_end:]),
            )
        )
    elif q == "approx" and qt.startswith("约"):
        out.append(("qualifier_flipped", *_splice(sentence, m, 0, 1, "近")))
    elif q in ("at_least", "at_most") and qt in ("以上", "以下"):
        k = raw.find(qt)
        out.append(("qualifier_flipped", *_splice(sentence, m, k, k + 2, "以下" if qt == "以上" else "以上")))
    elif q == "exact" and m.kind in ("count", "money", "duration"):
        out.append(("qualifier_added", *_splice(sentence, m, re_, re_, "余")))
    elif q == "exact" and m.kind in ("percent", "pct_change"):
        out.append(("qualifier_added", *_splice(sentence, m, rs, rs, "近")))
    return out


def _unit_corruptions(sentence: str, m: Mention) -> list:
    out = []
    folded = fold(m.raw)
    if m.kind == "percent" and folded.endswith("%"):
        out.append(("kind_changed", *_splice(sentence, m, len(m.raw) - 1, len(m.raw), "个百分点")))
    elif m.kind == "pct_point":
        k = folded.find("个百分点")
        out.append(("kind_changed", *_splice(sentence, m, k, k + 4, "%")))
    if m.direction:
        for up, down in (
            ("上升", "下降"),
            ("增长", "减少"),
            ("提高", "降低"),
            ("增加", "减少"),
            ("提升", "下降"),
        ):
            for a, b in ((up, down), (down, up)):
                k = folded.find(a)
                if k >= 0 and m.kind != "pct_from_to":
                    out.append(("direction_flipped", *_splice(sentence, m, k, k + 2, b)))
                    return out
    if m.unit and m.unit in UNIT_SWAP and m.kind not in ("percent", "pct_point", "pct_change"):
        k = folded.rfind(m.unit)
        if k >= 0:
            out.append(("unit_changed", *_splice(sentence, m, k, k + len(m.unit), UNIT_SWAP[m.unit])))
    return out


def invented(sentence: str, source_values: set[Decimal], rng: random.Random) -> tuple[str, int, int]:
    while True:
        value = Decimal(rng.randint(11, 9999))
        if value not in source_values:
            break
    unit = rng.choice(["件", "人次", "项", "个", "次", "名", "万元", "%"])
    body = sentence.rstrip("。；;\n")
    clause = f",另新增{value}{unit}"
    return body + clause + "。", len(body) + 4, len(body) + 4 + len(str(value)) + len(unit)


# ---------------------------------------------------------------------- running the suite


def _status_at(index: SourceIndex, text: str, start: int, end: int) -> tuple[str, str]:
    checks = [c for c in index.check(text) if c.start < end and c.end > start]
    if not checks:
        return "missing", "no number found at the mutated span"
    worst = max(checks, key=lambda c: ("ignored", "supported", "unsupported", "mismatch").index(c.status))
    return worst.status, f"{worst.verdict} «{worst.text}» ({worst.reason})"


def _quantity_sentences(doc: Document) -> list[tuple[str, list[Mention]]]:
    out = []
    for sentence in SENTENCE_SPLIT.split(doc.text):
        if not sentence.strip():
            continue
        mentions = [m for m in extract_mentions(sentence) if m.is_quantity and m.kind in MUTATED_KINDS]
        if mentions:
            out.append((sentence, mentions))
    return out


def run_suite() -> dict[str, Tally]:
    rng = random.Random(20240229)
    tallies = {"faithful": Tally(), "verbatim_all": Tally(), "corrupted": Tally(), "swapped": Tally()}
    for name, doc in _sources():
        index = SourceIndex(doc, report_year=read_facts(doc)[0].report_year)  # as a run checks
        source_values = {m.value for m in index.mentions if m.value is not None}
        for sentence, mentions in _quantity_sentences(doc):
            for check in index.check(sentence):
                tallies["verbatim_all"].add(
                    "verbatim",
                    check.status in FINE,
                    f"{name}: {check.verdict} «{check.text}» in {sentence.strip()[:60]}",
                )
            for m in mentions:
                for label, text, start, end in faithful_variants(sentence, m):
                    status, detail = _status_at(index, text, start, end)
                    tallies["faithful"].add(label, status in FINE, f"{name}: {text[start:end]} -> {detail}")
                for label, text, start, end in corruptions(sentence, m, rng):
                    status, detail = _status_at(index, text, start, end)
                    tallies["corrupted"].add(
                        label, status in CAUGHT, f"{name}: {m.raw} -> {text[start:end]}: {detail}"
                    )
            text, start, end = invented(sentence, source_values, rng)
            status, detail = _status_at(index, text, start, end)
            tallies["corrupted"].add("invented", status in CAUGHT, f"{name}: {text[start:end]}: {detail}")
            _swap(index, name, sentence, mentions, tallies["swapped"])
    return tallies


def _swap(index: SourceIndex, name: str, sentence: str, mentions: list[Mention], tally: Tally) -> None:
    for a, b in zip(mentions, mentions[1:], strict=False):
        if a.kind != b.kind or a.unit != b.unit or a.value == b.value or a.kind == "pct_from_to":
            continue
        ra, rb = _run(a), _run(b)
        if ra is None or rb is None:
            continue
        sa, ea = a.start + ra.start(), a.start + ra.end()
        sb, eb = b.start + rb.start(), b.start + rb.end()
        text = sentence[:sa] + sentence[sb:eb] + sentence[ea:sb] + sentence[sa:ea] + sentence[eb:]
        shift = (eb - sb) - (ea - sa)
        first = _status_at(index, text, a.start, a.end + shift)
        second = _status_at(index, text, b.start + shift, b.end + shift)
        flagged = first[0] in CAUGHT or second[0] in CAUGHT
        tally.add("swap", flagged, f"{name}: {text[a.start : b.end + shift]} -> {first[1]} / {second[1]}")
        both = first[0] in CAUGHT and second[0] in CAUGHT
        tally.add(
            "swap_both_flagged", both, f"{name}: {text[a.start : b.end + shift]} -> {first[1]} / {second[1]}"
        )


@pytest.fixture(scope="module")
def suite() -> dict[str, Tally]:
    return run_suite()


def _print(tallies: dict[str, Tally]) -> None:
    for name, tally in tallies.items():
        print(f"\n== {name}: {sum(tally.hits.values())}/{sum(tally.total.values())} = {tally.rate():.2%}")
        for label in sorted(tally.total):
            print(f"   {label:18s} {tally.hits[label]:5d}/{tally.total[label]:<5d}")
        for miss in tally.misses[:40]:
            print("   MISS", miss)


def test_mutation_figures(suite: dict[str, Tally]) -> None:
    _print(suite)
    assert sum(suite["corrupted"].total.values()) > 300, "too few corruptions generated to measure anything"
    assert suite["corrupted"].rate() >= 0.99
    assert 1 - suite["faithful"].rate() <= 0.01
    assert 1 - suite["verbatim_all"].rate() <= 0.01


def test_swapped_figures_are_mostly_flagged(suite: dict[str, Tally]) -> None:
    assert sum(suite["swapped"].total.values()) >= 10
    assert suite["swapped"].rate() >= 0.8


def test_seed_sentences_are_part_of_the_suite(seeds_dir: Path) -> None:
    """With the real seeds present, the suite covers all five of them (not only invented text)."""
    names = {name for name, _ in _sources()}
    assert {p.name for p in seeds_dir.glob("*.txt")} <= names
