"""Golden tests for mention extraction: cases for every numeric form (digits, Chinese numerals, tricky ones).

All phrases are invented for these tests (numbers differ from the seed reports).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from summarizer.numbers import Mention, extract_mentions, format_decimal

D = Decimal


def only(text: str) -> Mention:
    mentions = extract_mentions(text)
    assert len(mentions) == 1, [(m.kind, m.raw) for m in mentions]
    return mentions[0]


def summary(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.raw) for m in extract_mentions(text)]


def interval(m: Mention) -> tuple:
    return (m.lo, m.hi, m.lo_open, m.hi_open)


# ---------------------------------------------------------------------- Arabic digits


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit", "unit_class"),
    [
        ("全年办理案件315件", "315件", "315", "件", "cases"),  # A1
        ("组织专题培训47次", "47次", "47", "次", "times"),
        ("新建调解室12個", "12個", "12", "个", "items"),
        ("审核合同83项", "83项", "83", "项", "items"),
        ("招录调解员58名", "58名", "58", "名", "people"),
        ("服务企业1960家", "1960家", "1960", "家", "orgs"),
        ("培训群众733人次", "733人次", "733", "人次", "person_times"),
        ("开展活动6场次", "6场次", "6", "场次", "times"),
        ("帮扶困难户368戶", "368戶", "368", "户", "orgs"),
        ("协调4部門联合执法", "4部門", "4", "部门", "orgs"),
        ("聚焦5方面问题", "5方面", "5", "方面", "items"),
        ("评查卷宗26卷", "26卷", "26", "卷", "items"),
        ("建成驿站9处", "9处", "9", "处", "places"),
        ("检查企业137家次", "137家次", "137", "家次", "times"),  # not 137家 + 次
        ("抽检食品500批次", "500批次", "500", "批次", "times"),
        ("办理公证业务860笔", "860笔", "860", "笔", "items"),
        ("编印手册120页", "120页", "120", "页", "items"),
        ("执法人员平均年龄45歲", "45歲", "45", "岁", "age"),  # an age, not a bare 45
    ],
)
def test_a1_integer_with_measure_word(text: str, raw: str, value: str, unit: str, unit_class: str) -> None:
    m = only(text)
    assert (m.kind, m.raw, format_decimal(m.value), m.unit, m.unit_class, m.qualifier) == (
        "count", raw, value, unit, unit_class, "exact",
    )  # fmt: skip
    assert text[m.start : m.end] == m.raw


def test_a1_working_days_are_a_duration() -> None:
    m = only("为企业节省时间172個工作日")
    assert (m.kind, m.value, m.unit) == ("duration", D(172), "个工作日")


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("受理行政案件40余起", 40, 50),  # A2
        ("培训干部3000余人次", 3000, 4000),
        ("办理事项7800多件", 7800, 7900),
        ("开展演练17余次", 17, 18),
        ("审查文件200余件次", 200, 300),
        ("发放手册4万多份", 40000, 50000),  # A3
        ("发放手提袋2万余个", 20000, 30000),
        ("走访群众6万余人次", 60000, 70000),
    ],
)
def test_a2_a3_over_qualifier_interval(text: str, lo: int, hi: int) -> None:
    m = only(text)
    assert m.qualifier == "over" and m.qualifier_text in ("余", "多")
    assert interval(m) == (D(lo), D(hi), True, True)
    assert m.value == D(lo)


def test_a3_decimal_wan_is_exact_in_base_units() -> None:
    m = only("发放资料2.75万份")
    assert (m.value, m.qualifier, m.unit, interval(m)) == (
        D(27500),
        "exact",
        "份",
        (D(27500), D(27500), False, False),
    )


def test_a4_near_is_slightly_below() -> None:
    m = only("化解纠纷近2600件")
    assert (m.qualifier, m.qualifier_text, m.raw) == ("under", "近", "近2600件")
    assert interval(m) == (D(2500), D(2600), False, True)


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "bounds"),
    [
        ("发放补贴2346万元", 23460000, "exact", (23460000, 23460000, False, False)),  # A5
        ("减免金额约1234.56万元", 12345600, "approx", (12345550, 12345650, False, False)),
        ("挽回损失512.34万余元", 5123400, "over", (5123400, 5123500, True, True)),
        ("减免费用27万余元", 270000, "over", (270000, 280000, True, True)),
        ("支付4.18万元", 41800, "exact", (41800, 41800, False, False)),
        ("投入3.2亿元", 320000000, "exact", (320000000, 320000000, False, False)),
    ],
)
def test_a5_money_in_yuan(text: str, value: int, qualifier: str, bounds: tuple) -> None:
    m = only(text)
    assert (m.kind, m.unit, m.unit_class, m.value, m.qualifier) == (
        "money",
        "元",
        "money",
        D(value),
        qualifier,
    )
    assert interval(m) == (D(bounds[0]), D(bounds[1]), bounds[2], bounds[3])


@pytest.mark.parametrize(
    ("text", "raw", "value", "qualifier"),
    [
        ("联办率91.27%", "91.27%", "91.27", "exact"),  # A6
        ("应诉率达97.5%", "97.5%", "97.5", "exact"),
        ("網辦率達到90%以上", "90%以上", "90", "at_least"),
        ("满意率均為100%", "100%", "100", "exact"),
        ("覆盖率９６．５％", "９６．５％", "96.5", "exact"),
    ],
)
def test_a6_percentage_levels(text: str, raw: str, value: str, qualifier: str) -> None:
    m = only(text)
    assert (m.kind, m.raw, format_decimal(m.value), m.qualifier, m.unit) == (
        "percent",
        raw,
        value,
        qualifier,
        "%",
    )


@pytest.mark.parametrize(
    ("text", "raw", "direction"),
    [
        ("结案数同比上升12.5%", "同比上升12.5%", "up"),  # A7
        ("检查频次同比减少8.4%", "同比减少8.4%", "down"),
        ("发案量較上年下降8.4%", "較上年下降8.4%", "down"),
        ("办件量同比增10%", "同比增10%", "up"),
    ],
)
def test_a7_percentage_change_with_direction(text: str, raw: str, direction: str) -> None:
    m = only(text)
    assert (m.kind, m.raw, m.direction) == ("pct_change", raw, direction)


@pytest.mark.parametrize("text", ["申请136件,比上年(98件)增加38件", "申请136件,同比(上年为98件)增加38件"])
def test_a7_a_base_figure_in_an_aside_keeps_the_change_a_change(text: str) -> None:
    """比上年(98件)增加38件: the basis stands before an aside giving the base figure; the change's mention
    starts at its verb (the aside's 98件 is a mention of its own)."""
    *_, change = extract_mentions(text)
    assert (change.raw, change.direction) == ("增加38件", "up")
    assert [m.raw for m in extract_mentions(text)] == ["136件", "98件", "增加38件"]


@pytest.mark.parametrize(("text", "raws"), [("4.2024年主要安排", ["2024年"]), ("全年4.5件", ["4.5件"])])
def test_an_items_number_before_a_year_at_a_lines_start_is_no_decimal(text: str, raws: list[str]) -> None:
    assert [m.raw for m in extract_mentions(text)] == raws  # not a duration of 4.2024年


def test_a7_change_verb_without_basis_on_counts_is_an_amount() -> None:
    m = only("新增调解组织12个")
    assert (m.kind, m.direction) == ("count", None)


def test_a8_percentage_from_to() -> None:
    m = only("通过率由61.2%提升至88%")
    assert (m.kind, m.raw, m.value, m.value_from, m.direction, m.unit) == (
        "pct_from_to", "由61.2%提升至88%", D(88), D("61.2"), "up", "%",
    )  # fmt: skip
    assert [p.value for p in m.parts] == [D("61.2"), D(88)]
    assert only("发案率由9.5%下降到4.1%").direction == "down"


@pytest.mark.parametrize(
    ("text", "value"), [("全市考核排名第3", 3), ("信用考核中排名第一", 1), ("获评全省第2名", 2)]
)
def test_a9_ranks(text: str, value: int) -> None:
    m = only(text)
    assert (m.kind, m.value) == ("rank", D(value))


def test_a10_composite_counts_are_split() -> None:
    assert summary("协同6省21县开展执法") == [("count", "6省"), ("count", "21县")]
    assert summary("纳入第三批9個示范点") == [("ordinal", "第三批"), ("count", "9個")]


def test_a11_years_and_fiscal_years() -> None:
    assert (only("2022年,全县").kind, only("2022年,全县").value) == ("year", D(2022))
    assert "fiscal" in only("2023年度工作").flags
    titled = only("印发《2022年全县工作要点》")
    assert titled.kind == "year" and "in_title" in titled.flags and not titled.is_quantity


def test_a12_year_ranges() -> None:
    m = only("规划(2021—2025年)")
    assert (m.kind, m.value_from, m.value) == ("year_range", D(2021), D(2025))
    assert only("《实施方案(2023—2027年)》").flags >= {"in_title"}
    assert only("2021年至2025年").kind == "year_range"


def test_a13_dates_and_month_days() -> None:
    assert (only("2025年3月15日").kind, only("2025年3月15日").value) == ("date", D(20250315))
    md = only("6月30日前完成")
    assert (md.kind, md.value) == ("month_day", D(630))


def test_a14_page_metadata_dates() -> None:
    stamp = only("发布时间:2025-01-08 09:30 阅读")
    assert (stamp.kind, stamp.value, "noise" in stamp.flags) == ("date", D(20250108), True)
    assert only("2025-02-03").kind == "date"
    assert only("更新于 09:30").flags >= {"time", "noise"}


def test_a15_memorial_days_are_identifiers() -> None:
    m = only("开展3·15消费者权益日宣传")
    assert (m.kind, m.raw, "memorial" in m.flags) == ("ident", "3·15", True)
    assert not only("5·12防灾减灾日").is_quantity


def test_a16_bare_identifiers() -> None:
    hotline = only("12345热线受理诉求")
    assert hotline.kind == "ident" and not hotline.is_quantity
    quoted = only("推行“2468”工作机制")
    assert quoted.kind == "bare" and "quoted" in quoted.flags and not quoted.is_quantity


# ---------------------------------------------------------------------- Chinese numerals


@pytest.mark.parametrize(
    "text",
    [
        "一是强化领导。二是完善制度。四是狠抓落实。",  # B1 enumerators
        "(一)强化领导\n(二)完善制度",
        "一、工作成效\n二、存在问题",
        "1.加强学习\n2.完善机制\n3、推进改革",
        "(1)加强学习 (2)完善机制",
        "①加强学习②完善机制",
        "㈠加强学习㈡完善机制",
        "⑴加强学习⑵完善机制",
        "第一,加强学习;第二,完善机制",
        "深入学习贯彻落实,进一步加强,统一部署,下一步,一线执法,一系列举措,一年来,扫一扫",  # B7
        "一些问题,一次性告知,一体化平台,一定成效,万人成讼率下降",
        "加强队伍建设,隊伍素质,下陆区,四川省",  # B8
        "做到两个维护,增强四个意识,落实一岗双责,双随机、一公开,一规划两方案",  # B5 unquoted slogans
        "高效办成一件事,十大优秀案例,千方百计,百姓满意",
        "压实第一责任人职责,落实第一议题制度",  # B4 lexical ordinals
    ],
)
def test_non_quantities_produce_nothing(text: str) -> None:
    assert summary(text) == []


def test_b2_b3_congress_and_plan_periods_are_identifiers() -> None:
    mentions = extract_mentions("学习党的二十大和二十届三中全会精神,推进“八五”普法和“十四五”规划")
    assert [m.raw for m in mentions] == ["二十大", "二十届", "三中全会", "八五", "十四五"]
    assert all(m.kind == "ident" and not m.is_quantity for m in mentions)
    assert summary("十四五规划") == [("ident", "十四五")]


def test_b4_ordinals_inside_names() -> None:
    assert summary("召开第一次会议") == [("ordinal", "第一次")]
    assert summary("入选第二批示范市") == [("ordinal", "第二批")]
    assert summary("六届市委") == [("ident", "六届")]
    assert summary("信用考核排名第一") == [("rank", "第一")]
    assert "citation" in only("依照第二十四条规定").flags


def test_b5_quoted_slogans_are_literal_only() -> None:
    m = only("落实“三项制度”")
    assert (m.kind, m.value, m.unit, "quoted" in m.flags, m.is_quantity) == ("count", D(3), "项", True, False)
    assert only("完善「五个一」机制").flags >= {"quoted"}


@pytest.mark.parametrize(
    ("text", "value"), [("实现市县两级全覆盖", 2), ("乡、村四级联动", 4), ("市區兩級", 2)]
)
def test_b6_chinese_numeral_quantities(text: str, value: int) -> None:
    m = only(text)
    assert (m.kind, m.value, m.unit, m.unit_class) == ("count", D(value), "级", "levels")


# ---------------------------------------------------------------------- tricky cases


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("3万多份", 30000, 40000),  # the qualifier applies at the last written digit
        ("30多万份", 300000, 400000),
        ("18万余元", 180000, 190000),
        ("512.34万余元", 5123400, 5123500),
        ("三十多万人次", 300000, 400000),
        ("十几个", 10, 20),
    ],
)
def test_1_3_1_over_relative_to_wan(text: str, lo: int, hi: int) -> None:
    assert interval(only(text)) == (D(lo), D(hi), True, True)


@pytest.mark.parametrize(
    ("text", "qualifier", "bounds"),
    [
        ("2000余人", "over", (D(2000), D(3000), True, True)),
        ("85%以上", "at_least", (D(85), None, False, False)),
        ("超过85%", "at_least", (D(85), None, True, False)),
        ("逾600人", "at_least", (D(600), None, True, False)),
        ("近1800件", "under", (D(1700), D(1800), False, True)),
        ("近2000件", "under", (D(1500), D(2000), False, True)),  # one significant digit: half a step
        ("约1957.08万元", "approx", (D(19570750), D(19570850), False, False)),
        ("600人左右", "approx", (D(550), D(650), False, False)),
        ("不足15%", "at_most", (None, D(15), False, True)),
        ("500人以下", "at_most", (None, D(500), False, False)),
        ("不少于4次", "at_least", (D(4), None, False, False)),
    ],
)
def test_1_3_2_qualifier_intervals(text: str, qualifier: str, bounds: tuple) -> None:
    m = only(text)
    assert m.qualifier == qualifier
    assert interval(m) == bounds


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("两千余人次", "count", 2000, "人次"),
        ("三十余起", "count", 30, "起"),
        ("百分之百", "percent", 100, "%"),
        ("百分之九十三点六", "percent", D("93.6"), "%"),
        ("百分之85", "percent", 85, "%"),
        ("八成", "percent", 80, "%"),
        ("42.5个百分点", "pct_point", D("42.5"), "个百分点"),
        ("下降3个百分点", "pct_point", 3, "个百分点"),
        ("三分之一", "percent", D("33.33"), "%"),
        ("四分之三", "percent", 75, "%"),
        ("7‰", "percent", 7, "‰"),
        ("增长2倍", "pct_change", 2, "倍"),
        ("半年", "duration", D("0.5"), "年"),
        ("两年半", "duration", D("2.5"), "年"),
    ],
)
def test_1_3_3_and_12_chinese_and_percent_forms(text: str, kind: str, value, unit: str) -> None:
    m = only(text)
    assert (m.kind, m.value, m.unit) == (kind, D(value), unit)


@pytest.mark.parametrize(
    ("text", "raw", "reading"),
    [
        # a fraction takes the qualifiers and change words a figure in digits takes
        ("不足三分之一的人员", "不足三分之一", ("percent", "33.33", "at_most", None)),
        ("超过三分之二的案件", "超过三分之二", ("percent", "66.67", "at_least", None)),
        ("三分之一以上的村", "三分之一以上", ("percent", "33.33", "at_least", None)),
        ("約三分之二的村", "約三分之二", ("percent", "66.67", "approx", None)),
        ("同比增长了三分之一", "同比增长了三分之一", ("pct_change", "33.33", "exact", "up")),
        # a doubling is a change by a multiple: 翻一番 is up by 1倍, 翻两番 by 3倍
        ("实现翻一番", "翻一番", ("pct_change", "1", "exact", "up")),
        ("较上年翻了一番", "翻了一番", ("pct_change", "1", "exact", "up")),
        ("翻两番", "翻两番", ("pct_change", "3", "exact", "up")),
        ("翻了三番", "翻了三番", ("pct_change", "7", "exact", "up")),
    ],
)
def test_the_words_of_a_chinese_figure_are_read_as_a_figure_in_digits_has_them(
    text: str, raw: str, reading
) -> None:
    m = only(text)
    assert (m.raw, (m.kind, str(m.value), m.qualifier, m.direction)) == (raw, reading)


def test_1_3_3_chinese_numerals_need_a_measure_word() -> None:
    assert summary("三十余") == []
    assert summary("两千") == []
    assert summary("五星级") == [("ident", "五星")]


def test_1_3_4_quoted_and_title_spans_are_flagged() -> None:
    quoted = only("出台“18条”措施")
    assert quoted.flags >= {"quoted"} and not quoted.is_quantity
    titled = only("《关于2024年全县工作的意见》")
    assert titled.flags >= {"in_title"}


def test_1_3_5_digits_that_are_not_quantities() -> None:
    assert [m.kind for m in extract_mentions("拨打12348热线,5·12宣传,09:45发布,G20峰会,5G基站")] == [
        "ident", "ident", "bare", "ident", "ident",
    ]  # fmt: skip
    duration = only("打造15分钟政务服务圈")
    assert (duration.kind, duration.unit) == ("duration", "分钟")


def test_1_3_6_year_followed_by_count() -> None:
    assert summary("2023年受理的30余起案件") == [("year", "2023年"), ("count", "30余起")]
    assert summary("2000余人次") == [("count", "2000余人次")]


def test_1_3_7_adjacent_quantities() -> None:
    assert summary("2024年共受理159件") == [("year", "2024年"), ("count", "159件")]
    assert summary("第一批13個") == [("ordinal", "第一批"), ("count", "13個")]


def test_1_3_8_punctuation_and_thousands() -> None:
    assert [m.value for m in extract_mentions("办结率100%,95%满意")] == [D(100), D(95)]
    assert only("办理1,234件").value == D(1234)
    assert only("办理１２３件").value == D(123)
    assert only("共１，２３４件").value == D(1234)
    assert only("达到３０％").value == D(30)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("全年新增经营主体5 862户", [D(5862)]),  # a PDF's thin or no-break space between thousands
        ("罚没款2\u2009316.8万元", [D(23168000)]),
        ("共办理1\u00a0234\u00a0567件", [D(1234567)]),
        ("收案(件) 98 128", [D(98), D(128)]),  # between two bare cells a space separates them
        ("2023年收案 1 862", [D(1), D(862)]),  # (no unit after: not read as one)
        ("受理98 1284件", [D(98), D(1284)]),  # (a group is three digits)
    ],
)
def test_spaces_between_thousands_after_a_word_and_before_a_unit(text: str, values: list) -> None:
    assert [m.value for m in extract_mentions(text) if m.kind != "year"] == values


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("5萬餘人次", 50000, "人次"),
        ("約1957.08萬元", 19570800, "元"),
        ("3億元", 300000000, "元"),
        ("兩千餘人", 2000, "人"),
        ("受理130余件", 130, "件"),  # Simplified 余 inside Traditional text
        ("2萬馀份", 20000, "份"),
        ("參萬元", 30000, "元"),
        ("貳佰陸拾元", 260, "元"),
        ("壹万贰仟叁佰元", 12300, "元"),
        ("百分之九十八點六", D("98.6"), "%"),
        ("發放資料3張", 3, "张"),
        ("辦理1條", 1, "条"),
        ("開展12場", 12, "场"),
        ("市區兩級", 2, "级"),
    ],
)
def test_1_3_9_traditional_and_financial(text: str, value, unit: str) -> None:
    m = only(text)
    assert (m.value, m.unit) == (D(value), unit)
    assert text[m.start : m.end] == m.raw


@pytest.mark.parametrize("text", ["二〇二四年", "二零二四年", "二○二四年"])
def test_1_3_10_digit_sequence_years(text: str) -> None:
    m = only(text)
    assert (m.kind, m.value) == ("year", D(2024))


def test_1_3_10_chinese_full_date() -> None:
    m = only("二〇二五年二月二十六日")
    assert (m.kind, m.value) == ("date", D(20250226))


@pytest.mark.parametrize(
    ("text", "value"), [("两千四百七项", 2470), ("一万八件", 18000), ("13万2人", 132000)]
)
def test_1_3_11_elliptic_forms(text: str, value: int) -> None:
    assert only(text).value == D(value)


def test_1_3_12_vague_quantities_and_ranges() -> None:
    assert interval(only("几十个")) == (D(10), D(100), True, True)
    assert interval(only("数百人")) == (D(100), D(1000), True, True)
    for text in ("3至5个", "3-5个", "三到五个"):
        m = only(text)
        assert (m.value, m.lo, m.hi, "range" in m.flags) == (None, D(3), D(5), True)
    assert (only("两三个").lo, only("两三个").hi) == (D(2), D(3))
    # a 万 written once, after the upper end, counts for both ends; a lower end of its own stays
    assert (only("5—8万人次").lo, only("5—8万人次").hi) == (D(50000), D(80000))
    assert (only("5万—8万人次").lo, only("5万—8万人次").hi) == (D(50000), D(80000))
    assert (only("5000—8万人次").lo, only("5000—8万人次").hi) == (D(5000), D(80000))
    assert summary("上半年完成") == []


@pytest.mark.parametrize("text", ["20%至30%", "20%-30%", "20—30%", "20~30%"])
def test_a_range_of_percentages_with_its_unit_once_or_at_both_ends(text: str) -> None:
    m = only(f"抽查比例为{text}。")
    assert (m.kind, m.raw, m.lo, m.hi, "range" in m.flags) == ("percent", text, D(20), D(30), True)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("约占五分之一", "approx"),
        ("约占全县的11%", "approx"),
        ("约占三成", "approx"),
        ("占全县的11%", "exact"),
    ],
)
def test_a_qualifier_said_before_zhan_qualifies_the_share(text: str, qualifier: str) -> None:
    assert only(f"专职调解员{text}。").qualifier == qualifier


@pytest.mark.parametrize("text", ["1:4800", "1∶4800", "1:1.5", "4800:1"])
def test_a_ratio_is_one_figure_read_as_written(text: str) -> None:
    m = only(f"执法人员与常住人口之比为{text}。")
    assert (m.kind, m.raw, "ratio" in m.flags) == ("bare", text, True)
    assert "time" in only("会议于9:30召开").flags  # (a clock time stays one)


def test_two_percentages_from_one_to_the_other_are_a_change_not_a_range() -> None:
    assert summary("通过率由20%提高至30%") == [("pct_from_to", "由20%提高至30%")]


def test_1_3_12_enclosed_characters_map_back_to_the_original() -> None:
    text = "⑴完成23件；㈠新增4项；②办结15件"
    mentions = extract_mentions(text)
    assert [m.raw for m in mentions] == ["23件", "4项", "15件"]
    assert all(text[m.start : m.end] == m.raw for m in mentions)
    assert mentions[0].start == 3  # index in the original: ⑴ is one character although NFKC makes it three


def test_seed_reports_have_no_chinese_numeral_quantities_outside_b6(seeds_dir) -> None:
    """Lint: in the real reports, the only unquoted Chinese-numeral quantities are
    the 两级/四级 kind (B6) and the rank 排名第一 (B4); enumerators, names and lexical words must never
    become quantities."""
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text("utf-8")
        mentions = extract_mentions(text)
        chinese = [m for m in mentions if m.is_quantity and not any(c.isdigit() for c in m.raw)]
        assert all(m.unit_class == "levels" or m.kind == "rank" for m in chinese), (
            path.name,
            [m.raw for m in chinese],
        )
        assert all(text[m.start : m.end] == m.raw for m in mentions)
        assert sum(m.is_quantity for m in mentions) >= 20, path.name


# ---------------------------------------------------------------------- construction shortcut


def test_fast_mention_construction_builds_the_dataclass_mention():
    import inspect
    import pickle
    from dataclasses import FrozenInstanceError, astuple

    from summarizer.numbers.mention import MENTION_FIELDS, NewMention

    # NewMention skips Mention.__init__: it must take every field, in order, and nothing may run there.
    assert tuple(inspect.signature(NewMention).parameters) == MENTION_FIELDS
    assert not hasattr(Mention, "__post_init__")
    for text in ("由53.4%提升至95%", "约1957.08万元", "“三台县”2024年"):
        for mention in extract_mentions(text):
            values = tuple(getattr(mention, name) for name in MENTION_FIELDS)
            built, reference = NewMention(*values), Mention(*values)
            assert type(built) is Mention
            assert built == reference and hash(built) == hash(reference)
            assert repr(built) == repr(reference) and astuple(built) == astuple(reference)
            assert pickle.loads(pickle.dumps(built)) == reference
            with pytest.raises(FrozenInstanceError):
                built.kind = "count"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("事项由612项压减至548项", [("612项", "change_from"), ("548项", "change_to")]),
        (
            "審批時限由原來的30個工作日縮短至3個工作日",
            [("30個工作日", "change_from"), ("3個工作日", "change_to")],
        ),
        ("办件量从1.2万件增加到2.3万件", [("1.2万件", "change_from"), ("2.3万件", "change_to")]),
        ("成立由3名同志组成的专班", []),  # 由 names who, no change follows
        ("受理45件,审结到40件", []),  # no 由/从 before the first
        ("由53.4%提升至95%", []),  # percentages merge into one pct_from_to mention
        # the first end's year (or 上年, 去年) between 由 and it, the second's after the link
        ("案件由2022年的1,024件下降至876件", [("1,024件", "change_from"), ("876件", "change_to")]),
        ("案件数量从去年同期的1024件降到876件", [("1024件", "change_from"), ("876件", "change_to")]),
        ("从2019年的12个增加到2023年的35个", [("12个", "change_from"), ("35个", "change_to")]),
        ("由2022年底收到的12件增加到35件", []),  # a verb between: not a change's end
    ],
)
def test_the_two_ends_of_a_change_are_flagged(text: str, flagged: list) -> None:
    found = [
        (m.raw, flag)
        for m in extract_mentions(text)
        for flag in ("change_from", "change_to")
        if flag in m.flags
    ]
    assert found == flagged


@pytest.mark.parametrize(
    "text", ["应诉率由53.4%提升至95%", "应诉率由上年的53.4%提升至95%", "应诉率从2022年的53.4%提升到95%"]
)
def test_percentages_of_a_change_merge_with_their_ends_flagged(text: str) -> None:
    (change,) = [m for m in extract_mentions(text) if m.kind == "pct_from_to"]
    assert (change.value_from, change.value) == (Decimal("53.4"), Decimal("95"))
    assert [sorted(part.flags) for part in change.parts] == [["change_from"], ["change_to"]]
