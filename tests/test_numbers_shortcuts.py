"""The tokenizer's shortcuts read exactly what the plain forms they replace read.

Each shortcut spares work on the common case (a cheaper pattern, a digit run read without its
regex, a lone word digit skipped); these tests run the shortcut and the plain form side by side on
many generated strings, so a change to the tables or the patterns that breaks the equivalence fails
here. All strings are generated from invented pieces.
"""

from __future__ import annotations

import random
import re

import pytest
from conftest import joined_pieces

from summarizer.numbers import mentions
from summarizer.numbers.chinese import scan_numeral
from summarizer.numbers.mention import Mention
from summarizer.numbers.mentions import TRIGGER_RE, _Scanner, analyse
from summarizer.numbers.normalize import Normalized, normalize
from summarizer.numbers.tables import tables
from summarizer.reader import fold

PIECES_TEXT = (
    "0 1 2 3 7 12 2024 1,234 3.98 百分之 分之 一 二 两 三 五 九 十 百 千 万 亿 零 〇 壹 贰 参 伍 拾 佰 几 数 上 半 "
    "年 年度 月 日 个 件 人次 项 次 余 多 以上 左右 约 近 同比 增长 至 到 - ～ 第 届 号 中全会 进一步 统一 单一 "
    "一是 队伍 “ ” 《 》 ( ) 、 , 。 : · 点 成 米 千米 天 小时 个月 热线 x"
)
PIECES = PIECES_TEXT.split()


def generated(count: int, seed: int) -> list[str]:
    return joined_pieces(PIECES, count, seed, 9)


def fields(text: str) -> list[tuple]:
    return [tuple(getattr(m, name) for name in m.__slots__) for m in analyse(text)[1]]


def test_trigger_pattern_matches_the_plain_alternation():
    numerals = "零〇○一二两三四五六七八九十百千万亿壹贰叁参肆伍陆柒捌玖拾佰仟"
    plain = re.compile(rf"百分之|[0-9]+|[{numerals}]+|[几数上](?=[十百千万])|半(?=年|天|小时|个月)")
    texts = generated(4000, seed=1) + ["", "半年", "上千人", "以上", "数", "百分之五", "百姓", "2024年"]
    for text in texts:
        expected = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in TRIGGER_RE.finditer(text)] == expected, text


def test_digit_run_given_by_the_tokenizer_reads_as_the_regex_reads_it():
    for text in generated(3000, seed=2) + [
        "12,345人",
        "3.5万元",
        "20万",
        "7千米",
        "1234567890123456789012345678个",
    ]:
        for run in re.finditer(r"[0-9]+", text):
            assert scan_numeral(text, run.start(), run.end()) == scan_numeral(text, run.start()), text


def test_lone_word_digit_shortcut_changes_no_mention(monkeypatch):
    t = tables()
    followers = sorted(
        {*t.units_by_first, *t.post_qualifiers, *t.ident_units, "成", "分", "点", "月", "是", "、"}
    )
    texts = [
        f"{before}{digit}{after}项"
        for digit in "一二三五"
        for before in ("", "第", "(")
        for after in followers
    ]
    texts += generated(3000, seed=3)
    shortcut = {text: fields(text) for text in texts}
    monkeypatch.setattr(mentions._Scanner, "_lone_word_digit", lambda self, p, run_end: False)
    for text in texts:
        assert fields(text) == shortcut[text], text


@pytest.mark.parametrize(
    ("text", "kind", "raw"),
    [
        ("2024-02-29 10:30发布", "date", "2024-02-29 10:30"),
        ("2023—2024年", "year_range", "2023—2024年"),
        ("2023 至 2024年度", "year_range", "2023 至 2024年度"),
        ("2024 年3月", "date", "2024 年3月"),
        ("〔2024〕5号", "year", "2024"),
        ("12:30开会", "bare", "12:30"),
        ("3月15日", "month_day", "3月15日"),
        ("3·15活动", "ident", "3·15"),
    ],
)
def test_structured_forms_tried_by_the_character_after_the_digits(text, kind, raw):
    first = analyse(text)[1][0]
    assert (first.kind, first.raw) == (kind, raw)


TRADITIONAL_PIECES = "兩 萬 億 個 項 參 貳 點 屆 次 會 區 縣 ① ⑴ ❶ ㈠ １２ ３.５ ％ 〇 二〇二三年 x\u3000y"


def _plain_analyse(text: str, folded: str | None) -> tuple[Normalized, list[Mention]]:
    """analyse as first written: the text normalised in every case, the folded text when it differs."""
    norm = normalize(text)
    if folded is not None and folded != text and len(folded) == len(text):
        folded_norm = normalize(folded)
        if len(folded_norm.text) == len(norm.text):
            norm = Normalized(folded_norm.text, norm.to_orig)
    return norm, _Scanner(text, norm, tables()).run()


def test_analysis_of_a_folded_text_skips_only_a_normalisation_that_changes_nothing_it_reads():
    traditional = TRADITIONAL_PIECES.split()
    rng = random.Random(7)
    texts = generated(1500, seed=8)
    texts += [
        "".join(rng.choice(PIECES + traditional) for _ in range(rng.randint(1, 9))) for _ in range(3000)
    ]
    for text in texts:
        # a caller's folded text may also differ where normalisation changes the length (⑴ -> (1))
        foldings = (fold(text), fold(text).replace("两", "二"), text.replace("⑴", "甲"), text + "x", None)
        for folded in foldings:
            expected_norm, expected = _plain_analyse(text, folded)
            norm, found = analyse(text, folded=folded)
            assert norm == expected_norm, (text, folded)
            assert [_slots(m) for m in found] == [_slots(m) for m in expected], (text, folded)


def _slots(m: Mention) -> tuple:
    return tuple(getattr(m, name) for name in m.__slots__)
