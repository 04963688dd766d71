"""Claim-level verification benchmark (prints figures; not a test).

Briefing-style short claims are generated from every report at hand (the real seeds and corpus
openings in ../shared when present, our fixture reports and the bundled example) and checked with
``verify_text`` against their own report:

- **faithful**: the words of a clause and its own number, as a briefing would quote it
  (全县各级调解组织排查调处矛盾纠纷3687起); must pass (target >= 99%);
- **transplanted**: the same words with the number of another fact of the report that has the
  same measure word (排查化解矛盾纠纷177起 where 177起 counts something else; never a number whose own
  sentence has these words too, which would make the claim true); must be caught (target >= 98%);
- **named**: a transplanted claim caught as ``possible_misattribution`` must name, as the figure its
  words go with, the clause's own figure (the 3687起 of 排查化解矛盾纠纷): the note a reader sees says
  what the source states for this fact (target >= 95%);
- **invented**: a phrase of the genre whose subject the report never mentions, with a true number
  of the report that has the phrase's measure word (新建调解室177个); must be caught (target >= 95%);
- **faithful, no unit** and **transplanted, no unit**: the same two without the measure word, as a
  model may write a figure (审结28 for 审结28件, exact counts and rates only): a number without a unit is
  still a claim about what its words name (targets >= 99% and >= 95%: before a transplanted bare
  number, words that name nothing, such as 全县213, leave only its presence in the source to check);
- **faithful, in 万** and **off by one, in 万**: an exact count or sum of 10,000 or more restated in 万 to
  two decimals, as a briefing writes a large figure (84315件 → 8.43万件), must pass (target >= 99%);
  the same with its last digit one off (8.44万件) must be caught (target >= 98%).

    python bench/bench_claims.py [--show N]   # N misses of each kind printed (default 10)
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from summarizer.checks import NumberCheck  # noqa: E402
from summarizer.document import Document  # noqa: E402
from summarizer.metadata import read_facts  # noqa: E402
from summarizer.numbers import Mention  # noqa: E402
from summarizer.numbers.match import SourceIndex  # noqa: E402
from summarizer.verify import verify_text  # noqa: E402

KINDS = {"count", "money", "percent", "pct_change", "pct_point", "duration"}
CLAUSE_EDGE = re.compile(r"[。；;！!？?\n,，、:：]")
SENTENCE_EDGE = re.compile(r"[。；;！!？?\n]")
HAN = re.compile(r"[\u4e00-\u9fff]")
LEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+是|其中|同时|此外|另外|并|全年|共|累计|\s|[(（][一二三四五六七八九十\d]+[)）])+"
)
MIN_WORDS = 2  # Han characters a clause needs before its number to say what it counts
MAX_WORDS = 30
FAIL = {"mismatch", "unsupported"}
BARE_FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|[\u4e00-\u9fff]{1,2})")  # 28件, 93.64%, 100 人次

# Phrases of the genre (verb + what is counted + measure word), invented for this bench. A phrase is
# used on a report only when the report never mentions what it counts.
GENRE_PHRASES = [
    ("新建", "调解室", "个"), ("聘请", "村居法律顾问", "名"), ("建成", "公共法律服务工作站", "个"),
    ("配备", "执法记录仪", "台"), ("召开", "行政决策听证会", "场"), ("选派", "法治副校长", "名"),
    ("培训", "专职网格员", "人次"), ("办理", "行政公益诉讼案件", "件"), ("建设", "法治文化广场", "个"),
    ("设立", "法治宣传栏", "块"), ("受理", "信访事项", "件"), ("开展", "送法进企业活动", "次"),
    ("征集", "立法意见建议", "条"), ("调处", "劳动人事争议", "起"), ("取消", "证明事项", "项"),
    ("办结", "国家赔偿案件", "件"), ("移送", "涉嫌犯罪案件", "件"), ("推行", "电子证照", "类"),
    ("发放", "法律援助补贴", "万元"), ("投入", "智慧法院建设资金", "万元"), ("组建", "志愿服务队", "支"),
    ("印发", "普法读本", "册"), ("走访", "企业商户", "家"), ("排查", "安全生产隐患", "处"),
    ("开通", "政务服务自助终端", "台"), ("评选", "法治模范家庭", "户"), ("举办", "模拟法庭", "期"),
    ("", "法律援助案件结案率", "%"), ("", "行政许可网上办理率", "%"), ("", "律师调解成功率", "%"),
    ("", "电子证照共享率", "%"), ("", "执法车辆配备率", "%"), ("", "智能信访办结率", "%"),
    ("接待", "来访群众", "人次"), ("审结", "劳动仲裁案件", "件"), ("培训", "人民陪审员", "名"),
]  # fmt: skip


@dataclass
class Tally:
    total: int = 0
    good: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, detail: str) -> None:
        self.total += 1
        self.good += ok
        if not ok:
            self.misses.append(detail)

    @property
    def rate(self) -> float:
        return self.good / max(1, self.total)


# --------------------------------------------------------------------------- sources


def sources() -> Iterator[tuple[str, Document]]:
    from summarizer.reader import read_path

    paths = sorted((ROOT / "tests" / "fixtures").glob("f*.*")) + sorted((ROOT / "examples").glob("*.txt"))
    for folder in (SHARED / "seeds", SHARED / "corpus"):
        if folder.is_dir():
            paths += sorted(folder.glob("*.txt"))
    for path in paths:
        try:
            doc = read_path(path)
        except Exception:  # a fixture that is deliberately not a report (binary, empty)
            continue
        if len(doc.text) > 200:
            yield f"{path.parent.name}/{path.name}", doc


# --------------------------------------------------------------------------- claims


def clause_words(text: str, m: Mention, previous_end: int) -> str:
    """The words of the clause before ``m``, after any earlier number; the clause before that too
    when it is too short to say what the number counts (办结82件 → 受理行政复议案件,办结82件)."""
    floor = max(previous_end, m.start - 80)
    edges = [e.end() for e in CLAUSE_EDGE.finditer(text, floor, m.start)]
    start = edges[-1] if edges else max(floor, m.start - MAX_WORDS)
    words = LEADING.sub("", text[start : m.start])
    if len(HAN.findall(words)) < MIN_WORDS and len(edges) >= 2 and text[edges[-1] - 1] in ",，、":
        start = edges[-2]
        words = LEADING.sub("", text[start : m.start])
    return words[-MAX_WORDS:].strip()


def claim_mentions(index: SourceIndex) -> list[Mention]:
    return [m for m in index.mentions if m.kind in KINDS and m.is_quantity and m.value is not None]


def sentence_of(text: str, m: Mention) -> tuple[int, int]:
    left = [e.end() for e in SENTENCE_EDGE.finditer(text, max(0, m.start - 200), m.start)]
    right = SENTENCE_EDGE.search(text, m.end)
    return (left[-1] if left else 0), (right.start() if right else len(text))


def worst_check(doc: Document, index: SourceIndex, claim: str, start: int, end: int) -> NumberCheck | None:
    checks = [c for c in verify_text(doc, claim, numbers=index).numbers if c.start < end and c.end > start]
    if not checks:
        return None
    return max(checks, key=lambda c: ("ignored", "supported", "unsupported", "mismatch").index(c.status))


def status_of_number(doc: Document, index: SourceIndex, claim: str, start: int, end: int) -> tuple[str, str]:
    worst = worst_check(doc, index, claim, start, end)
    if worst is None:
        return "missing", "no number read"
    return worst.status, f"{worst.verdict}: {worst.reason}"


def bare_digits(m: Mention) -> str | None:
    """An exact count or rate as a model may write it without its measure word (28件 → 28, 93.64% → 93.64)."""
    found = BARE_FIGURE.fullmatch(m.raw)
    if m.qualifier != "exact" or m.kind not in ("count", "percent") or found is None:
        return None
    return found.group(1) if Decimal(found.group(1)) == m.value else None  # not 136.8 of 136.8万件


def in_wan(m: Mention, nudge: int = 0) -> str | None:
    """An exact figure of 10,000 or more written without 万, restated in 万 to two decimals (84315件 →
    8.43万件), its last digit moved by ``nudge``."""
    found = re.fullmatch(r"(\d+)\s*([\u4e00-\u9fff]{1,2})", m.raw)
    if m.qualifier != "exact" or found is None or "万" in found.group(2) or m.value < 10000:
        return None
    hundredths = (m.value / 100).quantize(Decimal(1), rounding="ROUND_HALF_UP") + nudge
    return f"{hundredths / 100:.2f}万{found.group(2)}"


def run(show: int) -> dict[str, Tally]:
    rng = random.Random(20250301)
    rng_no_unit = random.Random(20250302)  # its own stream: the other kinds draw the same donors as ever
    tallies = {
        "faithful": Tally(),
        "transplanted": Tally(),
        "named": Tally(),
        "invented": Tally(),
        "faithful, no unit": Tally(),
        "transplanted, no unit": Tally(),
        "faithful, in 万": Tally(),
        "off by one, in 万": Tally(),
    }
    for name, doc in sources():
        # checked as a run checks them: with the report year, which an unmarked figure is read as
        text, index = doc.text, SourceIndex(doc, report_year=read_facts(doc)[0].report_year)
        mentions = claim_mentions(index)
        by_unit: dict[tuple[str, str | None], list[Mention]] = {}
        for m in mentions:
            by_unit.setdefault((m.kind, m.unit), []).append(m)
        every = index.mentions
        ends = {id(m): prev.end for prev, m in zip(every, every[1:], strict=False)}
        for m in mentions:
            words = clause_words(text, m, ends.get(id(m), 0))
            if len(HAN.findall(words)) < MIN_WORDS:
                continue
            claim = words + m.raw
            status, why = status_of_number(doc, index, claim, len(words), len(claim))
            tallies["faithful"].add(status not in FAIL, f"{name}: {claim} -> {why}")
            lo, hi = sentence_of(text, m)
            here = {o.value for o in mentions if lo <= o.start < hi}
            donors = [
                d for d in by_unit.get((m.kind, m.unit), [])
                if d.value not in here and not (lo <= d.start < hi) and d.raw != m.raw
                and words not in text[slice(*sentence_of(text, d))]  # same words there: a true claim
            ]  # fmt: skip
            if donors:
                donor = rng.choice(donors)
                fake = words + donor.raw
                status, why = status_of_number(doc, index, fake, len(words), len(fake))
                tallies["transplanted"].add(status in FAIL, f"{name}: {fake} (true: {m.raw}) -> {why}")
                check = worst_check(doc, index, fake, len(words), len(fake))
                if check is not None and check.verdict == "possible_misattribution":
                    named = (check.source[0].start, check.source[0].end) if check.source else None
                    tallies["named"].add(
                        named == doc.to_original(m.start, m.end), f"{name}: {fake} (true: {m.raw}) -> {why}"
                    )
            if (restated := in_wan(m)) is not None:
                claim = words + restated
                status, why = status_of_number(doc, index, claim, len(words), len(claim))
                tallies["faithful, in 万"].add(status not in FAIL, f"{name}: {claim} -> {why}")
                fake = words + in_wan(m, 1)  # type: ignore[operator]
                status, why = status_of_number(doc, index, fake, len(words), len(fake))
                tallies["off by one, in 万"].add(status in FAIL, f"{name}: {fake} (true: {m.raw}) -> {why}")
            if (digits := bare_digits(m)) is None:
                continue
            claim = words + digits
            status, why = status_of_number(doc, index, claim, len(words), len(claim))
            tallies["faithful, no unit"].add(status not in FAIL, f"{name}: {claim} -> {why}")
            donor_digits = [d for d in donors if bare_digits(d) not in (None, digits)]
            if donor_digits:
                fake = words + bare_digits(rng_no_unit.choice(donor_digits))  # type: ignore[operator]
                status, why = status_of_number(doc, index, fake, len(words), len(fake))
                tallies["transplanted, no unit"].add(
                    status in FAIL, f"{name}: {fake} (true: {m.raw}) -> {why}"
                )
        folded = doc.folded
        for verb, noun, unit in GENRE_PHRASES:
            if noun in folded:
                continue
            pool = [m for m in mentions if (m.unit or "") == unit or (unit == "万元" and m.kind == "money")]
            if not pool:
                continue
            m = rng.choice(pool)
            phrase = f"{verb}{noun}"
            fake = phrase + m.raw
            status, why = status_of_number(doc, index, fake, len(phrase), len(fake))
            tallies["invented"].add(status in FAIL, f"{name}: {fake} -> {why}")
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=10, help="misses to print per kind")
    args = parser.parse_args()
    t0 = time.perf_counter()
    tallies = run(args.show)
    seconds = time.perf_counter() - t0
    targets = {
        "faithful": ("pass", 0.99),
        "transplanted": ("caught", 0.98),
        "named": ("right", 0.95),  # a misattribution names the figure the claim's words describe
        "invented": ("caught", 0.95),
        "faithful, no unit": ("pass", 0.99),
        "transplanted, no unit": ("caught", 0.95),  # 全县213: words that name nothing check presence only
        "faithful, in 万": ("pass", 0.99),
        "off by one, in 万": ("caught", 0.98),
    }
    for kind, tally in tallies.items():
        label, target = targets[kind]
        mark = "ok" if tally.rate >= target else "BELOW TARGET"
        print(
            f"{kind:22s} {label} {tally.good}/{tally.total} = {tally.rate:.2%} (target >= {target:.0%}) {mark}"
        )
        for miss in tally.misses[: args.show]:
            print(f"    miss  {miss}")
    print(f"{sum(t.total for t in tallies.values())} claims in {seconds:.1f} s")


if __name__ == "__main__":
    main()
