"""A metric's value built from its fields (verify.metric_reading) is what ``analyse`` reads in its text.

The shortcut builds the Mention of ``metric_text(metric)`` without reading the text, when its reading
is certain; these tests compare it, every field, with the plain reading on every metric of the
fixture, seed and corpus reports and on many generated field combinations, odd model-style values
included ("1,234", "三千", "12.50", "", negative, huge), and check that a metric check gives the
same NumberCheck either way.
"""

from __future__ import annotations

import random
from array import array
from pathlib import Path

import pytest

from summarizer.document import Document
from summarizer.numbers.match import SourceIndex
from summarizer.numbers.mentions import analyse
from summarizer.numbers.tables import tables
from summarizer.verify import QUALIFIER_TAILS, QUALIFIER_WORDS, metric_reading, metric_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KINDS = ("count", "money", "percent", "pct_point", "pct_change", "pct_from_to", "rank", "year", "duration", "")  # fmt: skip
QUALIFIERS = (*QUALIFIER_WORDS, *QUALIFIER_TAILS, "exact", "", "about", None)
DIRECTIONS = ("up", "down", None, "")
ODD_VALUES = (
    "0", "00", "007", "1", "3", "12", "100", "2000", "2023", "2024", "12345", "110", "39800", "1,234",
    "12.50", "0.5", "93.64", "2024.5", "1.", ".5", "-3", "+3", "1e5", "三千", "两", "3万", "3.98万", "1-3",
    "10%", " 12", "12 ", "１２", "99999999999999999999999999999", "123456789012345", "1234567890123456",
    "0.000000000000001", "12.5.1", "12,5", "第2", "约5", "5余",
)  # fmt: skip
SOURCE = "全年收到行政复议申请128件,受理121件,审结97件。办理案件39800余份,结案率95.5%,同比上升2.3个百分点。\n"


def plain_reading(text: str):
    """What SourceIndex.check_value reads in a metric's text without the shortcut."""
    kinds = ("count", "money", "percent", "pct_point", "pct_change", "pct_from_to", "rank", "duration")
    return next(
        (m for m in analyse(text)[1] if m.kind in kinds or m.kind in ("year", "date", "year_range", "month_day", "bare")),
        None,
    )  # fmt: skip


def units() -> list[str]:
    odd = ("", "个工作日", "万元", "亿元", "余", "成", "年度", "热线", "号", "月", "x", "個")
    return [*tables().unit_class, *odd]


def generated_metrics(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    values = [*ODD_VALUES, *(str(rng.randint(0, 10 ** rng.randint(1, 12))) for _ in range(60))]
    values += [f"{rng.randint(0, 999)}.{rng.randint(0, 999):0{rng.randint(1, 3)}d}" for _ in range(40)]
    unit_pool = units()
    return [
        {
            "value": rng.choice(values),
            "unit": rng.choice(unit_pool),
            "kind": rng.choice(KINDS),
            "qualifier": rng.choice(QUALIFIERS),
            "direction": rng.choice(DIRECTIONS),
        }
        for _ in range(count)
    ]


def every_unit_and_qualifier() -> list[dict]:
    """Each measure word of the tables with each qualifier and a few values: the whole table is covered."""
    return [
        {"value": value, "unit": unit, "kind": kind, "qualifier": qualifier}
        for unit in units()
        for qualifier in QUALIFIERS
        for value in ("0", "7", "30", "2024", "12345", "3.50", "1,234")
        for kind in ("count", "duration")
    ]


def report_metrics() -> list[dict]:
    """Every metric of the rules backend's reports of the fixtures, and of the seeds and corpus when
    present beside the repo."""
    from summarizer.pipeline import RulesBackend, process
    from summarizer.reader import read_path

    paths = sorted(p for p in FIXTURES.glob("f0*") if p.suffix in (".txt", ".html"))
    paths += sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus").glob("*.txt"))
    backend = RulesBackend()
    found = []
    for path in paths:
        report = process(read_path(path), backend)
        found += [{**metric.__dict__} for metric in report.metrics]
    return found


def assert_same_reading(metric: dict, known: dict | None = None) -> bool:
    """The shortcut's Mention, when it builds one, equals analyse's in every field; True if it did.
    ``known`` is shared by the metrics of one test, as by those of one report."""
    text, built = metric_reading(metric, known)
    assert text == metric_text(metric)
    if built is None:
        return False
    plain = plain_reading(text)
    assert plain is not None, metric
    assert built == plain, (metric, built, plain)  # every field (a dataclass compares them all)
    return True


def test_every_unit_and_qualifier_reads_as_analyse_reads_it() -> None:
    metrics = every_unit_and_qualifier()
    known: dict = {}
    built = sum(assert_same_reading(metric, known) for metric in metrics)
    assert built > len(metrics) // 3  # the shortcut is taken for most table units


def test_generated_metrics_read_as_analyse_reads_them() -> None:
    metrics = generated_metrics(6000, seed=12)
    known: dict = {}
    built = sum(assert_same_reading(metric, known) for metric in metrics)
    assert 0 < built < len(metrics)


def test_report_metrics_read_as_analyse_reads_them() -> None:
    metrics = report_metrics()
    assert metrics, "the fixture reports have metrics"
    known: dict = {}
    built = sum(assert_same_reading(metric, known) for metric in metrics)
    assert built > len(metrics) // 2  # most real metrics take the shortcut


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        ({"value": "39800", "unit": "份", "qualifier": "over", "kind": "count"}, True),
        ({"value": "95.5", "unit": "%", "kind": "percent"}, True),
        ({"value": "5", "unit": "人次", "qualifier": "at_least", "kind": "count"}, True),
        ({"value": "2.3", "unit": "个百分点", "kind": "pct_point", "direction": "up"}, False),  # 上升2.3…
        ({"value": "900", "unit": "人次", "qualifier": "under", "kind": "count"}, False),  # 近900人次
        ({"value": "1,234", "unit": "件", "kind": "count"}, False),
        ({"value": "三千", "unit": "件", "kind": "count"}, False),
        ({"value": "2023", "unit": "年", "kind": "count"}, False),
        ({"value": "5", "unit": "百分点", "kind": "count"}, False),  # 5百 is five hundred
        ({"value": "5", "unit": "人民", "kind": "count"}, False),  # 人 and more words: not a measure word
        ({"value": "2", "unit": "", "kind": "rank"}, False),
    ],
)
def test_the_shortcut_is_taken_only_where_its_reading_is_certain(metric: dict, expected: bool) -> None:
    assert assert_same_reading(metric) is expected


def test_a_metric_check_is_the_same_with_and_without_the_shortcut() -> None:
    doc = Document(original=SOURCE, text=SOURCE, folded=SOURCE, offsets=array("i", range(len(SOURCE) + 1)))
    metrics = generated_metrics(400, seed=5) + every_unit_and_qualifier()[::7]
    rng = random.Random(7)
    names = ("行政复议申请", "受理", "审结", "办理案件", "结案率", "", "同比上升")
    for strict in (False, True):
        shortcut, plain = SourceIndex(doc), SourceIndex(doc)
        for metric in metrics:
            text, reading = metric_reading(metric)
            start = rng.randrange(len(SOURCE) - 10)
            span = (start, start + rng.randint(2, 40))
            name = rng.choice(names) or None
            got = shortcut.check_value(text, *span, strict=strict, name=name, reading=reading)
            assert got == plain.check_value(text, *span, strict=strict, name=name), metric
