"""Tables as text (a web page's <table>, a Word table pasted, a Markdown table): a row's label may give the
unit of its bare cells (行政复议案件(件) 45 56), a header may give each column's year (指标 2022年 2023年);
the figures are then that unit's quantities, of that year, checked and briefed cell by cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.models import Report
from summarizer.numbers import format_decimal
from summarizer.numbers.mentions import analyse
from summarizer.numbers.rows import cell_at, cell_gap, column_year, stacked_rows
from summarizer.pipeline import RulesBackend, process_path
from summarizer.reader import read_bytes, read_path
from summarizer.verify import verify_text

TABLE = """
<html><head><title>梧桐县司法局2023年法治政府建设年度报告</title></head><body>
<h1>梧桐县司法局2023年法治政府建设年度报告</h1>
<p>2023年，我局深入推进法治政府建设，现将有关情况报告如下。</p>
<p>一、主要举措和成效</p>
<p>（一）行政复议应诉。主要数据见下表。</p>
<table>
<tr><td>指标</td><td>2022年</td><td>2023年</td></tr>
<tr><td>行政复议案件（件）</td><td>45</td><td>56</td></tr>
<tr><td>行政诉讼案件（件）</td><td>28</td><td>30</td></tr>
<tr><td>行政机关负责人出庭应诉率</td><td>95%</td><td>100%</td></tr>
</table>
<p>二、存在的不足</p><p>执法队伍专业化水平不高。</p>
<p>三、党政主要负责人履行推进法治建设第一责任人职责情况</p><p>局主要负责人带头学法4次。</p>
<p>四、2024年工作安排</p><p>持续深化依法行政。</p>
</body></html>
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("table") / "report.html"
    path.write_text(TABLE, "utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("行政复议案件(件) 45 56", [("count", "45", "件"), ("count", "56", "件")]),
        ("行政复议案件（件）\t45\t56", [("count", "45", "件"), ("count", "56", "件")]),
        ("| 培训执法人员(人次) | 300 | 420 |", [("count", "300", "人次"), ("count", "420", "人次")]),
        ("出庭应诉率(%) 95 100", [("percent", "95", "%"), ("percent", "100", "%")]),
        ("罚没款金额(万元) 312.4 256.7", [("money", "3124000", "元"), ("money", "2567000", "元")]),  # 万
        ("罚没款金额 万元 312.4 256.7", [("money", "3124000", "元"), ("money", "2567000", "元")]),
        ("受众(万人次) 3.5 4", [("count", "35000", "人次"), ("count", "40000", "人次")]),
        ("行政复议案件\t件\t45\t56", [("count", "45", "件"), ("count", "56", "件")]),  # a unit column
        ("培训执法人员 人次 300 420", [("count", "300", "人次"), ("count", "420", "人次")]),
        ("行政处罚案件(件) 1,204 1,356", [("count", "1204", "件"), ("count", "1356", "件")]),  # thousands
        ("行政复议案件 45 56", [("bare", "45", None), ("bare", "56", None)]),  # no unit: numbers only
        # a caption over the table writes the unit of all its cells
        (
            "行政争议情况 单位:件\n指标 2022年 2023年\n行政复议案件 45 56",
            [("count", "45", "件"), ("count", "56", "件")],
        ),
        (
            "(单位:万元)\n指标 2022年 2023年\n罚没款 312.4 256.7",
            [("money", "3124000", "元"), ("money", "2567000", "元")],
        ),
        ("指标(单位:人次) 2022年 2023年\n培训 300 420", [("count", "300", "人次"), ("count", "420", "人次")]),
        (
            "指标 2022年 2023年 (单位:件)\n受理 45 56",
            [("count", "45", "件"), ("count", "56", "件")],
        ),  # its last cell
        ("第3批 2 3", [("ordinal", "3", "批"), ("bare", "2", None), ("bare", "3", None)]),  # no unit cell
        ("案件(件)共45起 56", [("count", "45", "起"), ("bare", "56", None)]),  # not a row of cells
    ],
)
def test_a_rows_label_gives_its_bare_cells_their_unit(row: str, expected: list) -> None:
    mentions = [m for m in analyse(row)[1] if m.kind != "year"]
    assert [(m.kind, format_decimal(m.value), m.unit) for m in mentions] == expected


def test_a_cell_and_its_column_year() -> None:
    text = "指标 | 2022年 | 2023年\n\n行政复议纠错率 | 8.5% | 12.5%\n纠错件数 3 5\n全年办理 45 件"
    at = text.index("12.5%")
    assert cell_at(text, at) is not None and column_year(text, at) == 2023
    assert column_year(text, text.index("8.5%")) == 2022
    assert column_year(text, text.index("5\n")) == 2023  # the next row of the same table
    assert cell_at(text, text.index("45 件")) is None  # a unit in a cell of its own: prose, not a row
    assert cell_gap(" | ") and cell_gap("\t") and not cell_gap(" ,") and not cell_gap("\n")
    change = "指标 2022年 2023年 同比增长\n出庭应诉率 95% 100% 5.3%"  # a column that names no year
    assert [column_year(change, change.index(v)) for v in ("95%", "100%", "5.3%")] == [2022, 2023, None]
    grouped = "指标 2022年 2023年\n(一)行政复议\n受理案件 45 56\n全县上下深入学习贯彻习近平法治思想推进依法行政\n培训 3 4"
    assert column_year(grouped, grouped.index("56")) == 2023  # a row naming a group is read past
    captioned = "指标 2022年 2023年 单位:件\n受理案件 45 56"
    assert column_year(captioned, captioned.index("56")) == 2023  # the caption's unit is no column
    assert column_year(grouped, grouped.rindex("4")) is None  # a line of prose is not


def test_a_table_gives_metrics_of_each_column_year_named_without_the_unit(page: Path) -> None:
    report = process_path(page, RulesBackend())
    found = {(m.name, m.value, m.unit, m.period) for m in report.metrics}
    assert {
        ("行政复议案件", "45", "件", "other_year"),
        ("行政复议案件", "56", "件", "year"),
        ("行政诉讼案件", "30", "件", "year"),
        ("行政机关负责人出庭应诉率", "95", "%", "other_year"),
        ("行政机关负责人出庭应诉率", "100", "%", "year"),
    } <= found
    assert report.verification.status == "verified"


def report_with_table(tmp_path: Path, table: str, after: str = "") -> tuple[str, Report]:
    """An invented report whose first achievement holds ``table`` (then ``after``): its text as written,
    and what the run makes of it."""
    text = (
        "梧桐县司法局2023年法治政府建设情况报告\n\n一、主要举措和成效\n(一)严格执法。主要数据如下:\n\n"
        + table
        + "\n"
        + after
        + "二、存在的不足\n执法队伍专业化水平不高。\n"
    )
    path = tmp_path / "report.txt"
    path.write_text(text, "utf-8")
    return text, process_path(path, RulesBackend())


def test_a_unit_column_gives_the_unit_and_no_part_of_the_name(tmp_path: Path) -> None:
    rows = "指标\t单位\t2022年\t2023年\n行政复议案件\t件\t45\t56\n培训执法人员\t人次\t300\t420\n"
    _, report = report_with_table(tmp_path, rows)
    assert {(m.name, m.value, m.unit, m.period) for m in report.metrics} == {
        ("行政复议案件", "45", "件", "other_year"),
        ("行政复议案件", "56", "件", "year"),
        ("培训执法人员", "300", "人次", "other_year"),
        ("培训执法人员", "420", "人次", "year"),
    }
    assert report.verification.status == "verified"


@pytest.mark.parametrize(
    ("rows", "expected", "quoted", "claims"),
    [
        (  # 类别 收到(件) 受理(件): a column's header says, with the row's label, what its cells count
            "类别\t收到(件)\t受理(件)\t审结(件)\n行政复议\t45\t42\t40\n行政诉讼\t30\t30\t28\n",
            {
                ("行政复议收到", "45", "件", "year", "admin_reconsideration_received"),
                ("行政复议受理", "42", "件", "year", "admin_reconsideration_accepted"),
                ("行政复议审结", "40", "件", "year", "admin_reconsideration_closed"),
            },
            "行政诉讼审结 28件",
            {"行政复议受理42件": True, "行政复议受理45件": False},  # the 收到 column's figure
        ),
        (  # 年度 行政复议案件(件) … over 2022年 45 30 95%: named by the column, of the row's year
            "年度\t行政复议案件(件)\t行政诉讼案件(件)\t出庭应诉率\n2022年\t45\t30\t95%\n2023年\t52\t28\t100%\n",
            {
                ("行政复议案件", "45", "件", "other_year", None),
                ("行政复议案件", "52", "件", "year", None),
                ("出庭应诉率", "100", "%", "year", "court_appearance_rate"),
            },
            "行政复议案件 52件",
            {
                "2023年行政复议案件52件,出庭应诉率100%": True,
                "2023年行政诉讼案件52件": False,  # the 行政复议 column's cell
                "2023年行政复议案件45件": False,  # the 2022年 row's cell
            },
        ),
    ],
)
def test_a_header_naming_each_column_names_its_cells_and_gives_their_unit(
    tmp_path: Path, rows: str, expected: set, quoted: str, claims: dict[str, bool]
) -> None:
    """No cell of such a row is named by the row's other cells, nor by a year labelling the row; a claim
    must take its column's cell (and its year's row)."""
    text, report = report_with_table(tmp_path, rows)
    assert {(m.name, m.value, m.unit, m.period, m.indicator) for m in report.metrics} >= expected
    assert quoted in report.briefing.markdown
    assert report.verification.status == "verified"
    doc = read_bytes(text.encode("utf-8"), path="report.txt")
    assert {claim: verify_text(doc, claim).ok for claim in claims} == claims


def test_a_claim_naming_a_year_takes_that_years_row(tmp_path: Path) -> None:
    """2023年…45件 where 45 stands on the 2022年 row: the note names the 2023年 row's cell of its column."""
    rows = "年度\t行政复议案件(件)\t出庭应诉率\n2022年\t45\t95%\n2023年\t52\t100%\n"
    text, _ = report_with_table(tmp_path, rows)
    doc = read_bytes(text.encode("utf-8"), path="report.txt")
    (check,) = [c for c in verify_text(doc, "2023年行政复议案件45件").numbers if c.kind == "count"]
    assert (check.verdict, check.source[0].text) == ("possible_misattribution", "52"), check.reason


def test_a_header_naming_a_span_of_the_year_gives_its_cells_their_name_and_period(tmp_path: Path) -> None:
    rows = "指标\t上半年\t下半年\n行政处罚案件(件)\t400\t412\n"
    _, report = report_with_table(tmp_path, rows)
    assert {(m.name, m.value, m.period) for m in report.metrics} == {
        ("行政处罚案件上半年", "400", "part_year"),
        ("行政处罚案件下半年", "412", "part_year"),
    }


def test_every_cell_of_a_long_row_is_named_by_its_label(tmp_path: Path) -> None:
    rows = "指标\t2021年\t2022年\t2023年\n出庭应诉率\t90%\t92.5%\t100%\n行政处罚案件(件)\t700\t765\t812\n"
    _, report = report_with_table(tmp_path, rows)
    assert {m.name for m in report.metrics} == {"出庭应诉率", "行政处罚案件"}  # not 出庭应诉率 90%


@pytest.mark.parametrize("header", ["罚没款金额(万元)", "罚没款金额\t万元"])
def test_a_label_unit_in_wan_gives_amounts_quoted_as_written(tmp_path: Path, header: str) -> None:
    table = f"指标\t{'单位' + chr(9) if chr(9) in header else ''}2022年\t2023年\n{header}\t312.4\t256.7\n"
    text, report = report_with_table(tmp_path, table)
    assert {(m.name, m.value, m.unit, m.period) for m in report.metrics} == {
        ("罚没款金额", "3124000", "元", "other_year"),
        ("罚没款金额", "2567000", "元", "year"),
    }
    assert "罚没款金额 256.7万元" in report.briefing.markdown and "256.7元" not in report.briefing.markdown
    assert report.verification.status == "verified"
    doc = read_bytes(text.encode("utf-8"), path="report.txt")
    assert verify_text(doc, "2023年罚没款金额256.7万元").ok
    assert not verify_text(doc, "2023年罚没款金额256.7元").ok


def test_the_briefing_quotes_a_cell_with_its_rows_label_only(page: Path) -> None:
    report = process_path(page, RulesBackend())
    texts = [p.text for p in report.briefing.points if p.kind in ("figure", "headline")]
    assert any(text.endswith("行政诉讼案件 30件") for text in texts), texts
    assert not any("28" in text or "95%" in text for text in texts)  # last year's cells are not briefed
    assert all(p.verified for p in report.briefing.points)


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("2023年受理行政复议案件56件", "match"),
        ("2023年受理行政复议案件66件", "value_mismatch"),
        ("行政诉讼案件56件", "possible_misattribution"),
    ],
)
def test_claims_about_a_table_are_checked_against_its_cells(page: Path, claim: str, verdict: str) -> None:
    checks = verify_text(read_path(page), claim).numbers
    assert [c.verdict for c in checks if c.kind == "count"] == [verdict]


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("2023年受理行政复议案件45件", "possible_misattribution"),  # last year's column, said of this year
        ("2023年,全县受理行政复议案件45件。", "possible_misattribution"),  # the year in the sentence's lead
        ("2022年行政复议案件56件", "possible_misattribution"),
        ("2022年受理行政复议案件45件", "match"),
        ("2022年行政复议案件45件,2023年行政复议案件56件", "match"),  # each figure with its own year
        # no year named: the report's own (its title's 2023年), as a run reads it; 45件 is 2022's
        ("行政复议案件45件", "possible_misattribution"),
    ],
)
def test_a_claim_naming_a_year_takes_that_years_column(page: Path, claim: str, verdict: str) -> None:
    checks = [c for c in verify_text(read_path(page), claim).numbers if c.kind == "count"]
    assert {c.verdict for c in checks} == {verdict}
    if verdict != "match":
        assert "column" in checks[0].reason and len(checks[0].source) == 2


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["指标", "2022年", "2023年", "行政处罚案件", "765", "812", "罚没款金额(万元)", "312.4", "256.7"],
         {0, 1, 3, 4, 6, 7}),
        (["数据如下:", "项目", "2022", "2023", "案件", "45件", "56件", "(二)化解纠纷。"], {1, 2, 4, 5}),
        (["指标", "2022年", "2023年", "行政处罚案件", "765"], set()),  # a header without a whole row
        (["指标", "2022年", "2023年", "全年办理行政处罚案件812件,同比上升6%。"], set()),  # prose after it
        (["行政处罚案件", "765", "812"], set()),  # no header naming the years
        (["2023年", "2024年", "全年受理", "45件", "56件"], set()),  # no label over the years
    ],
)  # fmt: skip
def test_a_table_laid_out_one_cell_per_line_is_found(lines: list[str], joined: set[int]) -> None:
    assert stacked_rows(lines) == joined


def test_a_table_copied_one_cell_per_line_reads_as_rows(tmp_path: Path) -> None:
    cells = [
        "指标",
        "2022年",
        "2023年",
        "行政处罚案件（件）",
        "765",
        "812",
        "罚没款金额",
        "312.4万元",
        "256.7万元",
    ]
    text, report = report_with_table(
        tmp_path, "\n\n".join(cells)
    )  # a blank line between cells, as pages copy them
    assert {(m.name, m.value, m.unit, m.period) for m in report.metrics} == {
        ("行政处罚案件", "765", "件", "other_year"),
        ("行政处罚案件", "812", "件", "year"),
        ("罚没款金额", "3124000", "元", "other_year"),
        ("罚没款金额", "2567000", "元", "year"),
    }
    cell = next(m for m in report.metrics if m.value == "812")
    assert text[cell.start : cell.end] == "812"  # the span is the cell in the file
    assert "行政处罚案件 812件" in report.briefing.markdown
    assert report.verification.status == "verified"


def test_the_briefing_never_quotes_a_figure_alone(tmp_path: Path) -> None:
    """A table copied one cell per line whose header names no years is not joined: its figures stand
    alone on their lines (765件), and the briefing, which quotes what a figure counts, leaves them out
    rather than print a bare number it then cannot verify."""
    cells = ["项目", "上半年", "下半年", "行政处罚案件", "765件", "812件"]
    _, report = report_with_table(tmp_path, "\n".join(cells), after="(二)化解纠纷。调处矛盾纠纷4215件。\n")
    assert {m.text for m in report.metrics} >= {"765件", "812件"}
    lines = report.briefing.markdown.splitlines()
    assert not any(line.rstrip().endswith(("765件", "812件")) for line in lines), lines
    assert "- **化解纠纷**: 调处矛盾纠纷4215件" in lines
    assert report.verification.status == "verified"


CHANGES = """<html><body><h1>梧桐县司法局2023年法治政府建设年度报告</h1>
<p>一、主要举措和成效</p><p>（一）行政复议应诉。主要数据见下表。</p>
<table>
<tr><td>指标</td><td>2022年</td><td>2023年</td><td>同比</td></tr>
<tr><td>行政复议收案（件）</td><td>96</td><td>108</td><td>+12.5%</td></tr>
<tr><td>行政复议纠错率</td><td>11.2%</td><td>9.3%</td><td>-1.9个百分点</td></tr>
<tr><td>负责人出庭应诉率</td><td>98.5%</td><td>100%</td><td>+1.5个百分点</td></tr>
</table>
<p>二、存在的不足</p><p>执法队伍专业化水平不高。</p>
</body></html>"""


@pytest.fixture(scope="module")
def changes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("changes") / "report.html"
    path.write_text(CHANGES, "utf-8")
    return path


def test_a_table_with_a_column_of_signed_changes_is_read_row_by_row(changes: Path) -> None:
    """A column of signed changes (+12.5%, -1.9个百分点) is a column of the table: its rows stay rows,
    under the header's years, its bare cells still take the label's unit, and its cells are named by
    their row and their column's head (行政复议收案同比)."""
    doc = read_path(changes)
    assert "同比\n行政复议收案(件) 96 108 +12.5%\n" in doc.text  # one line a row, no blank line between
    report = process_path(changes, RulesBackend())
    found = {(m.name, m.text, m.kind, m.direction, m.period) for m in report.metrics}
    assert {
        ("行政复议收案", "96", "count", None, "other_year"),
        ("行政复议收案", "108", "count", None, "year"),
        ("行政复议收案同比", "+12.5%", "pct_change", "up", "year"),
        ("行政复议纠错率", "11.2%", "percent", None, "other_year"),
        ("行政复议纠错率同比", "-1.9个百分点", "pct_point", "down", "year"),
    } <= found
    assert report.verification.status == "verified"


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("行政复议收案108件,同比增长12.5%", "match"),
        ("行政复议收案同比下降12.5%", "direction_mismatch"),
        ("负责人出庭应诉率由98.5%提高到100%", "match"),  # the row's two year cells, as one change
        ("行政复议纠错率由11.2%降至9.3%", "match"),
        ("行政复议收案较上年增加12件", "derived"),
        ("2023年行政复议收案96件", "possible_misattribution"),  # the 2022 column's
        ("2023年行政复议纠错率11.2%", "possible_misattribution"),
    ],
)
def test_claims_about_a_table_of_changes(changes: Path, claim: str, verdict: str) -> None:
    checks = [c for c in verify_text(read_path(changes), claim).numbers if c.kind != "year"]
    assert checks[-1].verdict == verdict, checks[-1].reason


def test_claims_about_a_table_whose_caption_gives_the_unit() -> None:
    """单位:件 over a table of bare cells: 行政诉讼案件39件 is its cell (it was not found at all), and a
    figure of another row or column is caught."""
    text = "(一)主要数据如下:\n行政争议情况 单位:件\n指标 2023年 2024年\n行政复议收案 98 128\n行政诉讼案件 41 39\n"
    doc = read_bytes(text.encode("utf-8"))
    verdicts = [
        verify_text(doc, claim).numbers[-1].verdict for claim in ("行政诉讼案件39件", "行政复议收案39件")
    ]
    assert verdicts == ["match", "possible_misattribution"]


UNITLESS = (
    "鹿鸣区司法局2024年法治政府建设年度报告\n一、主要举措和成效\n(一)行政复议。全年工作情况如下:\n\n"
    "指标  2023年  2024年  同比\n行政复议收案  96  108  +12.5%\n行政复议受理  88  101  +14.8%\n"
    "直接纠错  9  7  -22.2%\n\n二、存在的不足和原因\n复议力量不足。\n三、2025年工作安排\n加强复议工作。\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # no label or header writes a unit: under a header of years the cells are counts all the same
        ("行政复议收案108件", "match"),
        ("2023年行政复议收案96件", "match"),
        ("行政复议受理101件,同比增长14.8%", "match"),
        ("直接纠错7件,同比下降22.2%", "match"),  # (7  -22.2% is two cells, no range)
        ("行政复议受理108件", "possible_misattribution"),
        ("行政复议收案96件", "possible_misattribution"),  # (the 2023年 column's)
        ("行政复议受理同比增长12.5%", "possible_misattribution"),  # (受理's own change is +14.8%)
    ],
)
def test_claims_about_a_table_that_writes_no_unit(claim: str, verdict: str) -> None:
    doc = read_bytes(UNITLESS.encode("utf-8"))
    assert verify_text(doc, claim).numbers[-1].verdict == verdict


def test_a_table_that_writes_no_unit_gives_verified_metrics_of_each_year(tmp_path: Path) -> None:
    path = tmp_path / "unitless.txt"
    path.write_text(UNITLESS, encoding="utf-8")
    report = process_path(path, RulesBackend())
    cells = [(m.name, m.value, m.period) for m in report.metrics if m.kind == "count"]
    assert cells[:2] == [("行政复议收案", "96", "other_year"), ("行政复议收案", "108", "year")]
    assert ("直接纠错", "7", "year") in cells
    assert report.verification.status == "verified"


EMPTY_CELL_PAGE = (
    "<html><body><h1>鹿鸣县2023年法治政府建设情况报告</h1><p>一、主要举措和成效</p><p>全县案件情况见下表:</p>"
    "<table><tr><th rowspan='2'>类别</th><th colspan='2'>案件数量(件)</th><th rowspan='2'>同比增长</th></tr>"
    "<tr><th>2022年</th><th>2023年</th></tr>"
    "<tr><td>行政复议案件</td><td>1,046</td><td>1,215</td><td>16.2%</td></tr>"
    "<tr><td>行政诉讼案件</td><td>312</td><td>287</td><td></td></tr>"
    "<tr><td>行政处罚案件</td><td>12,480</td><td>13,906</td><td>11.4%</td></tr>"
    "<tr><td>合计</td><td>13,838</td><td>15,408</td><td>11.3%</td></tr></table>"
    "<p>二、存在的不足和原因</p><p>执法力量不足。</p></body></html>"
)


def test_an_empty_cell_keeps_the_rows_below_it_under_their_columns(tmp_path: Path) -> None:
    """行政诉讼案件 312 287 [ ]: the empty cell is written as a dash, so this row and the rows under it
    stay under 2022年 2023年 同比增长 (they lost their years, units and names), and every cell verifies."""
    page = tmp_path / "empty.html"
    page.write_text(EMPTY_CELL_PAGE, encoding="utf-8")
    report = process_path(page, RulesBackend())
    cells = {(m.name, m.value): m.period for m in report.metrics}
    assert cells[("行政诉讼案件", "287")] == "year" and cells[("行政诉讼案件", "312")] == "other_year"
    assert cells[("合计", "15408")] == "year" and ("合计同比增长", "11.3") in cells
    assert report.verification.status == "verified"


def test_a_plain_percent_under_a_change_column_is_a_change_and_a_base_figure_keeps_its_name(
    tmp_path: Path,
) -> None:
    """项目 2023年 2024年 同比 / 审结行政复议案件(件) 876 1,139 30.0%: 30.0% is a rise (审结…同比下降30% is
    caught, 同比增长30% passes); and 较上年的9,402件, named by the figure it is compared with, is no
    rival's (its words are not its own: a half year's 3,980件 or 42个部门 took its name)."""
    text = (
        "鹿鸣市2024年法治政府建设情况报告\n一、主要举措和成效\n"
        "全市42个行政执法部门开展联合检查。全市行政执法机关办理行政处罚案件8,615件,较上年的9,402件下降8.4%。"
        "其中,上半年办理行政处罚案件3,980件。\n"
        "项目\t2023年\t2024年\t同比\n审结行政复议案件(件)\t876\t1,139\t30.0%\n"
        "一审行政诉讼案件(件)\t547\t512\t-6.4%\n\n二、存在的不足和原因\n执法力量不足。\n"
    )
    doc = read_bytes(text.encode("utf-8"))
    rise, fall = (
        verify_text(doc, f"审结行政复议案件同比{way}30%").numbers[-1].verdict for way in ("增长", "下降")
    )
    assert (rise, fall) == ("match", "direction_mismatch")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    assert process_path(path, RulesBackend()).verification.status == "verified"


SPANNED = """
<html><body><h1>柳岸区2024年法治政府建设年度报告</h1>
<p>一、主要举措和成效</p>
<p>（一）行政复议和应诉。全区行政复议、行政应诉主要数据如下表：</p>
<table border="1">
<tr><th rowspan="2">项目</th><th colspan="2">数量（件）</th><th rowspan="2">同比</th></tr>
<tr><th>2023年</th><th>2024年</th></tr>
<tr><td rowspan="2">行政复议</td><td>收案</td><td>98</td><td>128</td><td>+30.6%</td></tr>
<tr><td>结案</td><td>91</td><td>117</td><td>+28.6%</td></tr>
<tr><td colspan="2">行政诉讼一审</td><td>45</td><td>39</td><td>-13.3%</td></tr>
</table>
<p>二、存在的不足和原因</p><p>执法力量不足，原因是编制紧张。</p>
</body></html>
"""


def test_cells_spanning_rows_and_columns_are_read_in_each_they_span(tmp_path: Path) -> None:
    """A header of two rows (数量(件) over 2023年 2024年, 项目 and 同比 beside them) and a label spanning two
    rows: each row reads one cell per column, so the years head the figures' columns, the spanning
    header gives their unit, and every row its label (收案 is no unit column); figures are never read
    twice."""
    path = tmp_path / "spanned.html"
    path.write_text(SPANNED, "utf-8")
    doc = read_path(path)
    assert (
        "项目 数量(件) 数量(件) 同比\n项目 2023年 2024年 同比\n行政复议 收案 98 128 +30.6%\n行政复议 结案 91"
        in doc.text
    )
    assert "\n行政诉讼一审 45 39" in doc.text  # a label over two columns of a row with figures: one name
    at = doc.text.index("行政复议 结案")
    assert doc.original[doc.offsets[at] : doc.offsets[at] + 4] == "行政复议"  # where it was read
    report = process_path(path, RulesBackend())
    cells = {(m.name, m.text): (m.value, m.unit, m.period) for m in report.metrics if m.kind == "count"}
    assert cells[("行政复议 收案", "98")] == ("98", "件", "other_year")
    assert cells[("行政复议 收案", "128")] == ("128", "件", "year")
    assert cells[("行政复议 结案", "117")] == ("117", "件", "year")
    assert sorted(m.text for m in report.metrics).count("128") == 1
    assert report.verification.status == "verified"


@pytest.mark.parametrize(
    "cell",
    [
        '<td rowspan="3">' + "法治政府建设情况" * 4 + "</td>",  # a layout table's long cell
        '<td rowspan="3">合计 45件</td>',  # a figure: read once
    ],
)
def test_a_long_cell_or_one_with_a_figure_is_not_read_again_where_it_spans(cell: str) -> None:
    page = f"<table><tr>{cell}<td>甲</td></tr><tr><td>乙</td></tr><tr><td>丙</td></tr></table>"
    text = read_bytes(page.encode("utf-8"), path="page.html").text
    inner = cell.split(">", 1)[1].rsplit("<", 1)[0]
    assert text.count(inner) == 1


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("行政复议收案同比增长30.6%", "match"),
        ("行政复议结案同比增长28.6%", "match"),
        ("2024年行政复议结案117件", "match"),
        ("2023年行政复议收案98件", "match"),
        # a row's figure claimed for the row under it: the table's rows are one paragraph
        ("行政复议结案同比增长30.6%", "possible_misattribution"),
        ("行政复议收案同比增长28.6%", "possible_misattribution"),
        ("2024年行政复议收案117件", "possible_misattribution"),
    ],
)
def test_claims_about_the_rows_of_a_table_with_spanning_cells(
    tmp_path: Path, claim: str, verdict: str
) -> None:
    path = tmp_path / "spanned.html"
    path.write_text(SPANNED, "utf-8")
    checks = [c for c in verify_text(read_path(path), claim).numbers if c.kind != "year"]
    assert checks[-1].verdict == verdict, checks[-1].reason


MODEL_TABLE = (
    "| 指标 | 2023年 | 2024年 | 同比 |\n|---|---|---|---|\n"
    "| 行政复议收案 | 98件 | 128件 | {received} |\n| 行政复议结案 | 91件 | 117件 | {closed} |\n"
)


def test_a_models_table_with_a_change_column_is_checked_cell_by_cell(tmp_path: Path) -> None:
    """A model's Markdown table of two years and a 同比 column: its |---| rule is no row (the years head
    the cells, which had all been taken for the report year's), and a change cell is named by its row
    (the cells before it name nothing): a row given the other row's change is caught."""
    path = tmp_path / "spanned.html"
    path.write_text(SPANNED, "utf-8")
    doc = read_path(path)
    faithful = verify_text(doc, MODEL_TABLE.format(received="+30.6%", closed="+28.6%")).numbers
    assert {c.text: c.verdict for c in faithful if c.kind != "year"} == dict.fromkeys(
        ["98件", "128件", "+30.6%", "91件", "117件", "+28.6%"], "match"
    )
    swapped = verify_text(doc, MODEL_TABLE.format(received="+30.6%", closed="+30.6%")).numbers
    assert [c.verdict for c in swapped if c.text == "+30.6%"] == ["match", "possible_misattribution"]
