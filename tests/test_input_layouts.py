"""Layouts users feed read like the report they lay out: hard-wrapped text (a PDF copied out, a file
saved at a fixed width), letter-spaced lines (法 治 政 府, as some PDF extractors give a justified line),
a report converted to Markdown and a Word file with its headings numbered by Word.

The inputs are made here from our fixture reports: every paragraph cut at a fixed width (in
characters, as a text editor does, or in display width, as a PDF does) with a page number or a form
feed every 30 lines; Markdown heading marks, list bullets and bold put on the report's headings.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile

import pytest
from conftest import EXAMPLES, FIXTURES, seed_path

from summarizer import reader
from summarizer.errors import InputError
from summarizer.models import Report
from summarizer.pipeline import RulesBackend, process
from summarizer.reader import read_bytes, read_path
from summarizer.runner import facts_of

OURS = [
    FIXTURES / "f01_city_fullwidth.txt",
    FIXTURES / "f02_street_traditional.txt",
    FIXTURES / "f03_bureau_gbk.txt",
    FIXTURES / "f05_province_bom.txt",
    FIXTURES / "f06_township_utf16.txt",
    EXAMPLES / "安平县2024年法治政府建设情况报告.txt",
]
NARROW = re.compile(r"[\x20-\x7e]")
CLOSING_MARKS = "。,、;:!?”’)》"  # (as NFKC folds them)
NUMBER_CHARS = "0123456789,.%"


def _display(ch: str) -> int:
    return 1 if NARROW.match(ch) and ch not in ",.;:!?()" else 2


def wrap(
    text: str,
    width: int,
    *,
    by: str = "chars",
    page_break: str = "- {page} -",
    every: int = 30,
    indent: str = "",
    kinsoku: bool = False,
) -> str:
    """``text`` with every paragraph cut at ``width`` Han characters, a page break every ``every`` lines;
    each paragraph's first line starts with ``indent``, which counts in its width. ``kinsoku``: as a
    typesetter breaks, no line starts with a closing mark (。,、”): the character before it goes down
    with it; and no number is cut (3,968 goes down whole)."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line, used = indent, sum(1 if by == "chars" else _display(ch) for ch in indent)
        for ch in paragraph:
            step = 1 if by == "chars" else _display(ch)
            limit = width if by == "chars" else 2 * width
            if used + step > limit:
                carried = ""
                if kinsoku and ch in CLOSING_MARKS and len(line) > 1:
                    carried = line[-1]
                elif kinsoku and ch in NUMBER_CHARS:
                    carried = re.search(r"[0-9][0-9,.]*$", line)
                    carried = carried.group() if carried and carried.start() > 0 else ""
                out.append(line[: len(line) - len(carried)])
                line, used = carried, sum(1 if by == "chars" else _display(c) for c in carried)
                if len(out) % every == 0:
                    out.append(page_break.format(page=len(out) // every))
            line, used = line + ch, used + step
        out.append(line)
    return "\n".join(out)


def unbroken(text: str) -> str:
    """``text`` without the line breaks after a sentence's end."""
    return re.sub(r"(?<=[。!?;:])\n+", "", text)


def facts(report: Report) -> dict:
    return {
        "metrics": sorted((m.value, m.unit, m.name) for m in report.metrics),
        "document": (report.document.issuer, report.document.level, report.document.report_year),
        "title": report.document.title,
        "counts": (len(report.measures), len(report.shortcomings.items), len(report.plans.items)),
        "compliance": report.compliance.model_dump(exclude={"publication"}),  # a page header's date
        "verification": report.verification.status,
    }


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
@pytest.mark.parametrize(
    ("width", "by", "page_break", "indent"),
    [
        (28, "display", "- {page} -", ""),
        (40, "chars", "\f", ""),
        (60, "chars", "第{page}页", ""),
        # a paragraph's first line indented by two characters' width (公文's 首行缩进), as a PDF gives it
        (30, "display", "— {page} —", "    "),
        (36, "chars", "- {page} -", "\u3000\u3000"),
    ],
)
def test_a_wrapped_report_gives_what_the_report_gives(
    path, width: int, by: str, page_break: str, indent: str
) -> None:
    doc = read_path(path)
    wrapped = wrap(doc.text, width, by=by, page_break=page_break, indent=indent)
    wrapped = read_bytes(wrapped.encode(), path="wrapped.txt")
    # a line break may stay where a full line ends a sentence, never inside one
    assert unbroken(wrapped.text) == unbroken(doc.text)
    assert facts(process(wrapped, RulesBackend())) == facts(process(doc, RulesBackend()))


NARROW_PAGE = (
    "一、2024年度推进法治政府建设的主要举措和成效\n"
    "全年审查各类行政规范性文件46件,提出修改意见19条,报备率、及时率、规范率均达到100%,清理规范性文件"
    "67件,废止28件。制定突发事件应急预案42件,组织开展应急演练35次,妥善处置突发事件15起。\n"
    "二、2024年度党政主要负责人履行推进法治建设第一责任人职责情况\n"
    "区长认真履行推进法治建设第一责任人职责,全年主持召开常务会议研究法治政府建设工作13次,专题听取"
    "法治政府建设工作汇报14次,对重大法治问题亲自部署、重要工作亲自过问。\n"
    "三、存在的不足和原因\n"
    "一是法治思维仍需加强。部分干部运用法治思维和法治方式推动工作的能力不强,原因是学法用法的制度落实"
    "不够到位。二是基层法治力量相对薄弱,原因是编制和经费保障不足。\n"
    "四、2025年度推进法治政府建设的主要安排\n"
    "一是深入学习贯彻习近平法治思想,把法治政府建设纳入2025年重点工作,计划举办法治专题培训11场,"
    "组织旁听庭审活动6次。二是持续提升行政执法质量,开展行政执法案卷评查,力争案卷合格率达到96%以上。"
    "三是强化行政权力制约监督,全面推行合法性审查,确保审查率100%。\n"
)


def test_a_narrow_page_that_lost_its_indents_reads_whole() -> None:
    """A 公文 on a narrow page (18 characters a line), copied without its indents: the part's heading takes
    two lines (…主要负责人履行推 / 进法治建设第一责任人职责情况) and the paragraph under it opens on the
    next, as short of the width as a first line is."""
    wrapped = wrap(NARROW_PAGE, 18, by="display", indent="\u3000\u3000", kinsoku=True)
    wrapped = "\n".join(line.lstrip("\u3000") for line in wrapped.split("\n"))
    assert "\n进法治建设第一责任人职责情况\n区长认真履行推进法治建设第一责任\n" in wrapped
    doc = read_bytes(f"关于2024年度法治政府建设情况的报告\n{wrapped}".encode(), path="wrapped.txt")
    assert unbroken(doc.text) == unbroken(f"关于2024年度法治政府建设情况的报告\n{NARROW_PAGE}").rstrip()


def test_a_character_carried_down_with_its_mark_does_not_end_its_line() -> None:
    """A line of a wide page ended short (its digits set wider than counted) where 率 went down with the
    、 after it: …提出修改意见9条,报备 / 率、及时率、规范率均达到100%."""
    head = "关于2024年度法治政府建设情况的报告\n县委、县政府:\n"
    lines = "  全年审查规范性文件42件,提出修改意见9条,报备\n率、及时率、规范率均达到100%,全年清理规范性文件814件,废\n止16件。\n"
    body = wrap(FIGURES + NARROW_PAGE, 30, by="display", indent="  ", kinsoku=True)
    doc = read_bytes(f"{head}{lines}{body}".encode(), path="wrapped.txt")
    assert "提出修改意见9条,报备率、及时率、规范率均达到100%,全年清理规范性文件814件,废止16件。\n" in doc.text


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
@pytest.mark.parametrize("width", [24, 27, 30, 33])
def test_a_line_a_typesetter_ended_short_still_wraps(path, width: int) -> None:
    """A PDF's line ends short where what comes next could not be cut nor fit: a number goes down whole
    (…全年排查矛盾纠纷 / 3,968起) and a character goes down with the closing mark after it (…出庭应诉39 /
    次。), leaving the line a few characters short of the others."""
    doc = read_path(path)
    title, body = doc.text.split("\n", 1)
    wrapped = wrap(body, width, by="display", page_break="- {page} -", indent="  ", kinsoku=True)
    wrapped = read_bytes(f"{title}\n{wrapped}".encode(), path="wrapped.txt")
    assert unbroken(wrapped.text) == unbroken(doc.text)
    assert facts(process(wrapped, RulesBackend())) == facts(process(doc, RulesBackend()))


FIGURES = (
    "(一)强化执法监督。全年办理行政处罚案件12,486件,罚没款金额3,275.46万元,开展行政执法案卷评查"
    "17次,评查案卷1,128卷,整改问题2,934个,执法人员持证率达到100%。\n"
    "(二)化解矛盾纠纷。全镇排查矛盾纠纷3,968起,调解成功3,171起,调解成功率97.8%,建成村(社区)人民"
    "调解委员会40个,全年接待群众来访1,265人次,办结率98.6%。\n"
    "(三)推进政务公开。主动公开政府信息15,724条,办理依申请公开318件,按时答复率100%,办理人大代表"
    "建议126件、政协委员提案1,089件,办复率均为100%。\n"
)


def test_a_number_a_typesetter_moved_down_whole_does_not_end_its_line() -> None:
    """A 公文 typeset at 22 characters a line: each number that did not fit went down whole, ending its line
    short (…开展行政执法案卷评查 / 17次, …罚没款金额 / 3,275.46万元); the text still reads whole."""
    title = "关于2024年度法治政府建设情况的报告\n"
    source = title + wrap(FIGURES, 22, by="display", indent="  ", kinsoku=True)
    doc = read_bytes(source.encode(), path="wrapped.txt")
    assert unbroken(doc.text) == unbroken(title + FIGURES).rstrip()


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
@pytest.mark.parametrize(("width", "page_break"), [(28, "- {page} -"), (30, "- {page} -\n\f")])
def test_a_pdf_copy_whose_paragraphs_lost_their_indent_reads_whole(path, width: int, page_break: str) -> None:
    """pdftotext without -layout and a viewer's copy keep a 公文's lines but not the indent of each
    paragraph's first line: that line is two characters short of the others."""
    doc = read_path(path)
    title, body = doc.text.split("\n", 1)  # (a title is centred: its own lines)
    wrapped = wrap(body, width, by="display", page_break=page_break, indent="\u3000\u3000", kinsoku=True)
    wrapped = "\n".join([title, *(line.lstrip("\u3000") for line in wrapped.split("\n"))])
    wrapped = read_bytes(wrapped.encode(), path="wrapped.txt")
    assert unbroken(wrapped.text) == unbroken(doc.text)
    assert facts(process(wrapped, RulesBackend())) == facts(process(doc, RulesBackend()))


def typeset(text: str, widths: list[int], indent: str = "  ") -> str:
    """``text``'s paragraphs cut into lines whose counted widths (half-width units) take the values of
    ``widths`` in turn, as the lines of a justified PDF in a font whose digits and quotes are not set as
    counted: each line is as wide on the page, its count spreads; a paragraph's first line is 4 units
    shorter, its 2em indent written as ``indent``."""
    out: list[str] = []
    turn = itertools.cycle(widths)
    for paragraph in text.split("\n"):
        line, limit = indent, next(turn) - 4
        for ch in paragraph:
            if sum(map(_display, line.lstrip())) + _display(ch) > limit:
                out.append(line)
                line, limit = "", next(turn)
            line += ch
        out.append(line)
    return "\n".join(out)


def test_a_pdf_whose_full_lines_spread_over_several_widths_reads_whole() -> None:
    """pdftotext -layout of a 公文 in such a font: its full lines count 58 to 62 units, and its paragraphs'
    first lines, indented by two spaces, fewer."""
    paragraphs = "\n".join(FIGURES.split("\n")[:3] + NARROW_PAGE.split("\n")[1:])
    title = "关于2024年度法治政府建设情况的报告\n县委、县政府:\n"
    source = title + typeset(paragraphs, [58, 60, 62, 59, 61, 60, 62, 58, 61])
    doc = read_bytes(source.encode(), path="wrapped.txt")
    assert unbroken(doc.text) == unbroken(title + paragraphs).rstrip()


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
@pytest.mark.parametrize(
    "page_break",
    [
        "{page}",
        "{page}\n\f",
        "        {page}\n\n\f",
        # a footer that sets the issuer and the page's number on one line (pdftotext -layout)
        "青岚县人民政府办公室          第 {page} 页 共 9 页",
        "— {page} —        青岚县2023年度法治政府建设情况报告\n\f",
    ],
)
def test_a_pages_number_alone_on_its_line_is_page_noise(path, page_break: str) -> None:
    """A PDF copied out by a viewer (no form feeds) or by pdftotext (a form feed after each page), its
    page's number alone on its line or beside the running foot."""
    doc = read_path(path)
    lines = wrap(doc.text, 28, by="display", every=10**6).split("\n")
    pages = ["\n".join(lines[at : at + 24]) for at in range(0, len(lines), 24)]
    wrapped = "\n".join(page + "\n" + page_break.format(page=n) for n, page in enumerate(pages, 1))
    assert len(pages) >= 2
    wrapped = read_bytes(wrapped.encode(), path="wrapped.txt")
    assert unbroken(wrapped.text) == unbroken(doc.text)
    assert facts(process(wrapped, RulesBackend())) == facts(process(doc, RulesBackend()))


def test_a_bare_number_that_is_no_page_number_stays() -> None:
    """序号 cells a row apart, a figure under its label, a number by a form feed that is not its page's."""
    rows = "序号\n项目\n数量\n1\n培训执法人员\n926\n2\n审查文件\n35\n"
    source = f"(一)加强学习。{'全年组织集体学法12次,举办法治讲座6场。' * 12}\n{rows}\f17\n清理文件48件。\n"
    doc = read_bytes(source.encode())
    assert doc.removed_noise == []
    assert "\n数量\n1\n培训执法人员\n926\n2\n审查文件\n35\n\n17\n清理文件48件。" in doc.text


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
@pytest.mark.parametrize(
    "page_break", ["- {page} -\n青岚县2023年度法治政府建设情况报告", "\f内部资料 注意保存"]
)
def test_running_heads_beside_page_breaks_are_page_noise(path, page_break: str) -> None:
    doc = read_path(path)
    wrapped = read_bytes(wrap(doc.text, 30, page_break=page_break, every=12).encode(), path="wrapped.txt")
    assert unbroken(wrapped.text) == unbroken(doc.text)
    assert facts(process(wrapped, RulesBackend())) == facts(process(doc, RulesBackend()))


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
@pytest.mark.parametrize(
    ("head", "foot"),
    [
        ("青岚县人民政府", "- {page} -\n\n\f"),  # pdftotext
        ("               青岚县司法局", "\n                - {page} -\n\n\f"),  # pdftotext -layout
    ],
)
def test_a_head_over_every_page_and_a_number_under_it_are_page_noise(path, head: str, foot: str) -> None:
    """Each page as a PDF prints it: its head at the top, its number at the foot, then a form feed (the
    number and the form feed are one page break, not two)."""
    doc = read_path(path)
    lines = wrap(doc.text, 28, by="display", every=10**6).split("\n")
    pages = ["\n".join(lines[at : at + 24]) for at in range(0, len(lines), 24)]
    assert len(pages) >= 3
    pdf = "".join(f"{head}\n\n{page}\n{foot.format(page=n)}" for n, page in enumerate(pages, 1))
    wrapped = read_bytes(pdf.encode(), path="wrapped.txt")
    assert head.strip() not in wrapped.text
    assert unbroken(wrapped.text) == unbroken(doc.text)
    assert facts(process(wrapped, RulesBackend())) == facts(process(doc, RulesBackend()))


def test_a_short_line_repeated_away_from_page_breaks_stays() -> None:
    rows = "合计\n审核规范性文件35件。\n" * 3
    pages = [f"{rows}- {page} -\n清理文件48件。\n" for page in range(1, 5)]
    source = "".join(pages) + "合计\n- 5 -\n合计\n"  # beside 2 of 5 breaks
    assert read_bytes(source.encode()).text.count("合计") == 14


def test_a_wrapped_seed_reads_whole(request) -> None:
    doc = read_path(seed_path("001_118fc12fe431ecd5.txt"))
    wrapped = read_bytes(wrap(doc.text, 38).encode(), path="wrapped.txt")
    assert unbroken(wrapped.text) == unbroken(doc.text)
    assert process(wrapped, RulesBackend()).verification.status == "verified"


BODY = (
    "一、主要举措和成效\n"
    "(一)加强学习。全年组织集体学法12次,举办法治讲座\n"
    "6场,培训执法人员1350人次,考试合格率达到98.5%,比上\n"
    "年提高2个百分点。\n"
    "(二)规范执法。审核规范性文件35件,清理文件48件,办理\n"
    "行政复议案件128件,审结117件,纠错率为9.4%,全部在\n"
    "法定期限内办结。\n"
    "  全年未发生因执法不当引发的群体性事件,执法满意度持续\n"
    "提升,群众获得感明显增强。\n"
    "二、存在的不足\n"
    "一是执法力量不足,基层执法人员专业化水平有待进一步提高\n"
    "。二是法治宣传针对性不强。\n"
)


def test_wraps_are_joined_and_paragraphs_headings_and_indents_kept() -> None:
    doc = read_bytes(("关于2023年度法治政府建设情况的报告\n\n" + BODY).encode())
    assert doc.text.split("\n")[2:] == [
        "一、主要举措和成效",
        "(一)加强学习。全年组织集体学法12次,举办法治讲座6场,培训执法人员1350人次,考试合格率达到98.5%,比上年提高2个百分点。",
        "(二)规范执法。审核规范性文件35件,清理文件48件,办理行政复议案件128件,审结117件,纠错率为9.4%,全部在法定期限内办结。",
        "全年未发生因执法不当引发的群体性事件,执法满意度持续提升,群众获得感明显增强。",
        "二、存在的不足",
        "一是执法力量不足,基层执法人员专业化水平有待进一步提高。二是法治宣传针对性不强。",
    ]
    assert doc.original[doc.offsets[doc.text.index("6场")]] == "6"  # the offsets skip the joins


def test_a_title_as_wide_as_the_lines_is_not_joined_to_the_next() -> None:
    title = "青岚县人民政府关于2023年度法治政府建设情况的报告"  # as wide as the body's lines
    doc = read_bytes((title + "\n县委:\n" + wrap(BODY.replace("\n", ""), len(title))).encode())
    assert doc.text.split("\n")[:2] == [title, "县委:"]


@pytest.mark.parametrize(
    "line", ["- 3 -", "— 12 —", "第3页", "第 3 页 共 10 页", "共10页 第3页", "3 / 10", "·3·", "· 12 ·"]
)
def test_page_numbers_are_page_noise(line: str) -> None:
    doc = read_bytes(f"审核规范性文件35件。\n{line}\n清理文件48件。\n".encode())
    assert doc.text == "审核规范性文件35件。\n清理文件48件。"
    assert [(span.kind, span.text) for span in doc.removed_noise] == [("page", line)]


ROWS = "\n".join(
    f"{unit}行政复议案件收案数与结案数{n}件"
    for unit, n in zip("甲乙丙丁戊己庚辛壬癸", range(10, 20), strict=True)
)


@pytest.mark.parametrize(
    "text",
    [
        ROWS,  # table rows of one width, none ending a sentence: wider paragraphs around them
        "\n".join(f"{n}. 审核规范性文件{n}件,清理文件{n + 1}件。" for n in range(10, 30)),  # one item a line
        "开展法治宣传活动,全年累计开展法治宣传活动32场次。\n" * 12,
    ],
)
def test_text_laid_out_one_paragraph_a_line_is_not_joined(text: str) -> None:
    paragraphs = "(一)加强学习。" + "全年组织集体学法12次,举办法治讲座6场,培训执法人员1350人次。" * 4
    source = f"{paragraphs}\n{text}\n{paragraphs}\n"
    assert read_bytes(source.encode()).text.count("\n") == source.count("\n") - 1


@pytest.mark.parametrize("path", [*OURS, FIXTURES / "f04_district_page.html"], ids=lambda p: p.name[:24])
def test_our_reports_have_no_wraps(path, monkeypatch) -> None:
    as_read = read_path(path).text
    monkeypatch.setattr(reader, "soft_wraps", lambda folded, lines: set())
    assert read_path(path).text == as_read


def as_markdown(text: str) -> str:
    """``text`` as a converter to Markdown writes it: ## 一、… ### (一)… - 1. … **bold** headings."""
    text = re.sub(r"(?m)^([一二三四五六七八九十]+、)", r"## \1", text)
    text = re.sub(r"(?m)^(\([一二三四五六七八九十]+\))([^。\n]{1,30})", r"### \1**\2**", text)
    return re.sub(r"(?m)^(\d+[.、])", r"- \1", text)


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
def test_a_report_in_markdown_gives_what_the_report_gives(path) -> None:
    doc = read_path(path)
    markdown = read_bytes(as_markdown(doc.text).encode(), path="report.md")
    assert markdown.text == doc.text
    assert facts(process(markdown, RulesBackend())) == facts(process(doc, RulesBackend()))


FRAMES = [("【", "】"), ("■", ""), ("◆ ", ""), ("[", "]"), ("**", "**")]


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
@pytest.mark.parametrize(("left", "right"), FRAMES)
def test_framed_headings_give_what_the_report_gives(path, left: str, right: str) -> None:
    """【一、…】 or ■一、…: a heading line framed by a bracket or a bullet is the heading it frames (the
    first part's 一、 was missed behind its 【, and every part after it ran into the first); the frame
    of the next heading ends no item's text."""
    doc = read_path(path)
    framed = re.sub(r"(?m)^([一二三四五六七八九十]+、)([^\n]*)$", rf"{left}\1\2{right}", doc.text)
    assert framed != doc.text
    report, plain = process(read_bytes(framed.encode()), RulesBackend()), process(doc, RulesBackend())
    assert facts(report) == facts(plain)
    assert [s.heading for s in report.sections] == [s.heading for s in plain.sections]
    said = report.model_dump_json(exclude={"verification", "source"})
    assert said.count(left[0]) == plain.model_dump_json(exclude={"verification", "source"}).count(left[0])


def test_markdown_marks_are_markup_noise_and_the_rest_stays() -> None:
    source = "## 一、主要举措\n### (一)**加强学习**\n- 1. 审核文件35件。\n• 清理文件48件。\n- 3 -\n2021-2025年 #1号"
    doc = read_bytes(source.encode(), path="report.md")
    assert doc.text == "一、主要举措\n(一)加强学习\n1. 审核文件35件。\n清理文件48件。\n2021-2025年 #1号"
    kinds = [span.kind for span in doc.removed_noise]
    assert kinds.count("markup") == 6 and kinds.count("page") == 1
    assert doc.original[doc.offsets[doc.text.index("35件")]] == "3"


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
@pytest.mark.parametrize("every", [1, 3])
def test_letter_spaced_lines_are_closed_up(path, every: int) -> None:
    doc = read_path(path)
    lines = doc.text.split("\n")
    spaced = "\n".join(" ".join(line) if n % every == 0 else line for n, line in enumerate(lines))
    closed = read_bytes(spaced.encode(), path="spaced.txt")
    assert closed.text == doc.text
    assert facts(process(closed, RulesBackend())) == facts(process(doc, RulesBackend()))


def test_spaces_of_ordinary_lines_stay() -> None:
    source = "中共青岚县委 青岚县人民政府\n2019 年培训 72 个单位。\n审 核 文 件\n索 引 号:0001\n"
    doc = read_bytes(source.encode())
    assert doc.text.startswith("中共青岚县委 青岚县人民政府\n2019 年培训 72 个单位。\n审 核 文 件")
    spaced = read_bytes("审 核 规 范 性 文 件 3 5 件 。\r\n".encode())
    assert spaced.text == "审核规范性文件35件。"
    assert [spaced.original[spaced.offsets[i]] for i in range(len(spaced.text))] == list(spaced.text)


def test_a_stretched_line_with_a_whole_number_is_closed_up() -> None:
    """pdftotext spaces a justified line stretched wide (its last number gone down whole) but keeps each
    number's digits together: 计 办 理 8,617 件 , 平 均 … A footer (第 3 页 共 10 页) and a table's row of
    spaced label and figures (合 计 325 394) stay as they are."""
    source = (
        "“一件事一次办”集成服务事项累\n"
        "计 办 理 8,617 件 ， 平 均 办 理 时 限 压 缩\n"
        "35.5%。罚没款金额\n"
        "595.45 万 元 ， 开 展 行 政 执 法 案 卷 评 查 11\n"
        "次。按时答复率\n"
        "100%; 办 理 人 大 代 表 建 议 20 件 、 政 协 委 员 提 案\n"
        "合 计 325 394 412 568 619 703 811 902\n"
        "第 3 页 共 10 页\n"
    )
    doc = read_bytes(source.encode())
    assert doc.text.split("\n")[1:4] == [
        "计办理8,617件,平均办理时限压缩",
        "35.5%。罚没款金额",
        "595.45万元,开展行政执法案卷评查11",
    ]
    assert "\n100%;办理人大代表建议20件、政协委员提案\n" in doc.text
    assert "合 计 325 394 412" in doc.text
    assert doc.removed_noise[0].text == "第 3 页 共 10 页"
    assert doc.original[doc.offsets[doc.text.index("617件")]] == "6"


# --------------------------------------------------------------------------- Word (.docx)

WORD = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NUMBERING = f"""<w:numbering {WORD}><w:abstractNum w:abstractNumId="7">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>"""
STYLES = f"""<w:styles {WORD}><w:style w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="3"/>
<w:ilvl w:val="0"/></w:numPr></w:pPr></w:style></w:styles>"""
MARKER = re.compile(r"^(?:([一二三四五六七八九十]+)、|\(([一二三四五六七八九十]+)\))")


def _paragraph(line: str) -> str:
    """A w:p of ``line``: a 一、 heading numbered by its style, a (一) one by its own numPr."""
    found, props = MARKER.match(line), ""
    if found and found[1]:
        props = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
    elif found:
        props = '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr>'
    text = line[found.end() :] if found else line
    half = len(text) // 2  # two runs, as Word splits a paragraph wherever its formatting changed
    runs = "".join(
        f'<w:r><w:t xml:space="preserve">{part}</w:t></w:r>' for part in (text[:half], text[half:])
    )
    return f"<w:p>{props}{runs}<w:del><w:r><w:delText>删去的旧文字99件</w:delText></w:r></w:del></w:p>"


def as_docx(text: str) -> bytes:
    """``text`` as a Word file: its headings numbered by Word, an annex table after the signature."""
    table = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>数量</w:t></w:r></w:p>"
        "</w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>新建调解室</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>12个"
        "</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    body = "".join(_paragraph(line) for line in text.split("\n")) + table
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document {WORD}><w:body>{body}</w:body></w:document>")
        archive.writestr("word/numbering.xml", NUMBERING)
        archive.writestr("word/styles.xml", STYLES)
    return buffer.getvalue()


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
def test_a_word_report_gives_what_the_report_gives(path, tmp_path) -> None:
    doc = read_path(path)
    word = tmp_path / "report.docx"
    word.write_bytes(as_docx(doc.text))
    from_word = read_path(word)
    assert from_word.format == "docx" and "删去" not in from_word.text
    assert from_word.text == doc.text + "\n指标 数量\n新建调解室 12个"
    assert facts(process(from_word, RulesBackend())) == facts(process(doc, RulesBackend()))


def _word_body(paragraphs: str, numbering: str = NUMBERING) -> bytes:
    """A Word file of the body ``paragraphs`` (w:p elements) numbered by ``numbering``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", f"<w:document {WORD}><w:body>{paragraphs}</w:body></w:document>"
        )
        archive.writestr("word/numbering.xml", numbering)
    return buffer.getvalue()


def test_word_numbers_of_one_list_go_on_across_the_numbers_that_share_it() -> None:
    """numId 3 and 4 share abstractNum 7: Word numbers their paragraphs 一、二、三、; numId 5 restarts it."""
    numbering = NUMBERING.replace(
        "</w:numbering>",
        '<w:num w:numId="4"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="5"><w:abstractNumId w:val="7"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>',
    )
    paragraphs = "".join(
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
        f"<w:r><w:t>{text}</w:t></w:r></w:p>"
        for num, text in (
            ("3", "主要举措和成效"),
            ("3", "存在的不足"),
            ("4", "第一责任人职责情况"),
            ("5", "附件"),
        )
    )
    lines = read_bytes(_word_body(paragraphs, numbering), path="numbered.docx").text.split("\n")
    assert [line[:2] for line in lines] == ["一、", "二、", "三、", "一、"]


def test_a_deleted_paragraph_takes_its_number_away_and_a_text_box_has_lines_of_its_own() -> None:
    numbered = '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>{mark}</w:pPr>'
    deleted_mark = '<w:rPr><w:del w:id="1" w:author="x" w:date="2024-01-01T00:00:00Z"/></w:rPr>'
    box = (
        "<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>图1  法律援助情况</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>办理法律援助案件356件</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r>"
    )
    paragraphs = (
        f"<w:p>{numbered.format(mark='')}<w:r><w:t>严格执法。</w:t></w:r>{box}</w:p>"
        f"<w:p>{numbered.format(mark=deleted_mark)}<w:del><w:r><w:delText>删去的一项</w:delText></w:r></w:del></w:p>"
        f"<w:p>{numbered.format(mark='')}<w:r><w:t>加强普法。</w:t></w:r></w:p>"
    )
    lines = [line for line in read_bytes(_word_body(paragraphs), path="edited.docx").text.split("\n") if line]
    assert lines == ["(一)严格执法。", "图1  法律援助情况", "办理法律援助案件356件", "(二)加强普法。"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF: convert it to text first"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "an old Word/WPS file"),
        (b"PK\x03\x04" + bytes(40), "binary"),  # a zip that is no Word file: not text either
    ],
)
def test_files_we_cannot_read_say_what_they_are(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        read_bytes(data, path="report.bin")


def test_an_encrypted_word_file_is_a_one_line_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {WORD}><w:body/></w:document>")
    data = bytearray(buffer.getvalue())
    for header, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # the zip encryption bit
        data[data.find(header) + flags] |= 1
    with pytest.raises(InputError, match="cannot open this .docx"):
        read_bytes(bytes(data), path="report.docx")


def test_a_damaged_word_file_is_a_one_line_error() -> None:
    data = as_docx("审核规范性文件35件。")
    broken = data.replace(b"word/document.xml", b"word/document.xmm", 1)
    with pytest.raises(InputError, match="damaged .docx|not a Word document|binary"):
        read_bytes(broken[: len(broken) // 2], path="report.docx")


def test_word_text_leaves_out_what_is_not_report_text() -> None:
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    body = (
        "<w:p><w:r><w:t>审核</w:t></w:r><w:moveFrom><w:r><w:t>旧处</w:t></w:r></w:moveFrom>"
        "<w:moveTo><w:r><w:t>文件</w:t></w:r></w:moveTo><w:r><mc:AlternateContent><mc:Choice><w:t>35</w:t>"
        "</mc:Choice><mc:Fallback><w:t>35</w:t></mc:Fallback></mc:AlternateContent></w:r>"
        "<w:r><w:instrText>PAGE</w:instrText><w:t>件</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外表</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内表</w:t>"
        "</w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {WORD} {mc}><w:body>{body}</w:body></w:document>")
    # a moved text once, a drawing's fallback copy and a field code never, a nested table's row once
    assert read_bytes(buffer.getvalue()).text == "审核文件35件\n外表 内表"


def _cell(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_a_word_tables_merged_cells_are_read_in_each_row_and_header_column_they_span() -> None:
    """数量(件) over 2023年 2024年 (gridSpan), 项目 beside both header rows and 行政复议 beside two data
    rows (vMerge): each row reads one cell per column, as a web page's table with rowspan and colspan
    does; a merged label over two columns of a data row is one name."""
    merged, below = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    rows = [
        [_cell("项目", merged), _cell("数量(件)", '<w:gridSpan w:val="2"/>')],
        [_cell("", below), _cell("2023年"), _cell("2024年")],
        [_cell("行政复议", merged), _cell("收案"), _cell("98"), _cell("128")],
        [_cell("", below), _cell("结案"), _cell("91"), _cell("117")],
        [_cell("行政诉讼一审", '<w:gridSpan w:val="2"/>'), _cell("45"), _cell("39")],
    ]
    body = "<w:tbl>" + "".join(f"<w:tr>{''.join(row)}</w:tr>" for row in rows) + "</w:tbl>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {WORD}><w:body>{body}</w:body></w:document>")
    assert read_bytes(buffer.getvalue()).text.split("\n") == [
        "项目 数量(件) 数量(件)",
        "项目 2023年 2024年",
        "行政复议 收案 98 128",
        "行政复议 结案 91 117",
        "行政诉讼一审 45 39",
    ]


# --------------------------------------------------------------------------- a WeChat article

WECHAT_CHROME = [
    "阅读原文 阅读 3028 在看 12",
    "预览时标签不可点",
    "微信扫一扫",
    "关注该公众号",
    "继续滑动看下一个",
    "轻触阅读原文",
    "向上滑动看下一个",
    "知道了",
    "使用小程序",
    "取消 允许",
    "分享 留言 收藏",
    "写留言",
    "喜欢此内容的人还喜欢",
]


def as_wechat_page(text: str) -> str:
    """``text`` as a 公众号 article page: title, byline with the publication time, paragraphs, chrome."""
    title, body = text.split("\n", 1)
    paragraphs = "".join(
        f'<section><p style="text-indent:2em"><span>{line}</span></p></section>' for line in body.split("\n")
    )
    chrome = "".join(f"<div>{line}</div>" for line in WECHAT_CHROME)
    return (
        f'<html><body><h1 id="activity-name">{title}</h1><div id="meta_content">原创 <a>梧源司法</a> '
        f'<em id="publish_time">2023-03-10 18:02</em> <em>浙江</em></div><div id="js_content">{paragraphs}'
        f"</div>{chrome}</body></html>"
    )


def test_a_wechat_article_gives_what_the_report_gives() -> None:
    doc = read_path(OURS[0])
    page = read_bytes(as_wechat_page(doc.text).encode(), path="article.html")
    assert page.text.replace("\n\n", "\n") == doc.text.replace("\n\n", "\n")
    removed = [span.text for span in page.removed_noise]
    assert removed[0] == "原创 梧源司法 2023-03-10 18:02 浙江" and len(removed) == 1 + len(WECHAT_CHROME)
    report = process(page, RulesBackend())
    assert facts(report) == facts(process(doc, RulesBackend()))
    assert str(report.document.published_date) == "2023-03-10"  # the byline's date


@pytest.mark.parametrize("level", ["9", "12", "-1", "x"])
def test_a_list_level_word_does_not_have_is_no_number(level: str) -> None:
    numbering = NUMBERING.replace('w:ilvl="1"', f'w:ilvl="{level}"')
    body = f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>审核文件35件</w:t></w:r></w:p>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {WORD}><w:body>{body}</w:body></w:document>")
        archive.writestr("word/numbering.xml", numbering)
    assert read_bytes(buffer.getvalue()).text.endswith("审核文件35件")


LAYOUT_PAGE = """<html><head><title>鹿鸣县人民政府关于2023年度法治政府建设情况的报告_鹿鸣县人民政府</title></head>
<body><table><tr><td>首页</td><td>政务公开</td><td>法治政府</td></tr></table>
<table><tr><td>
<table><tr><td>鹿鸣县人民政府关于2023年度法治政府建设情况的报告</td></tr><tr><td>
<p>2023年,鹿鸣县深入推进法治政府建设。现将有关情况报告如下:</p>
<p>一、主要举措和成效</p><p>(一)加强组织领导。召开专题会议4次。</p>
<p>二、存在的不足和原因</p><p>执法力量不足,原因是编制紧张。</p>
<p>三、2024年工作安排</p><p>持续深化法治政府建设。</p>
<p>鹿鸣县人民政府<br/>2024年2月28日</p>
</td></tr></table></td><td><div>相关链接</div><div>热点新闻</div></td></tr></table></body></html>"""


def test_a_page_laid_out_in_tables_reads_without_its_menu_and_sidebar() -> None:
    """An old site lays its page out in tables: the menu (首页 政务公开 法治政府) must not run into the
    title, and the sidebar's boxes (相关链接, 热点新闻) under the signature must not hide it."""
    report = process(read_bytes(LAYOUT_PAGE.encode("utf-8"), path="page.html"), RulesBackend())
    assert report.document.title == "鹿鸣县人民政府关于2023年度法治政府建设情况的报告"
    assert str(report.document.signed_date) == "2024-02-28"
    assert [item.text for item in report.plans.items] == ["持续深化法治政府建设。"]


def test_a_truncated_word_file_says_it_is_damaged() -> None:
    whole = as_docx("一、主要举措和成效\n全年学法4次。")
    with pytest.raises(InputError, match="damaged .docx"):
        read_bytes(whole[: len(whole) // 2], path="report.docx")


# what a 公众号 article copied from the phone ends with: its end mark, its credits (a bar for the colon),
# a plea to tap 在看
WECHAT_TAIL = ["—END—", "编辑丨赵一帆", "审核 | 孙立群", "文字丨李明 图片丨王芳", "点个在看你最好看"]


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
def test_a_wechat_articles_end_mark_credits_and_plea_are_noise(path) -> None:
    doc = read_path(path)
    copied = read_bytes(("\n".join([doc.text, *WECHAT_TAIL]) + "\n").encode(), path="copied.txt")
    assert copied.text == doc.text
    assert [span.text for span in copied.removed_noise[-len(WECHAT_TAIL) :]] == WECHAT_TAIL
    assert facts(process(copied, RulesBackend())) == facts(process(doc, RulesBackend()))


@pytest.mark.parametrize("line", ["审核 | 35件", "| 来源 | 2023 |", "审核|合法性审查率100%。", "Endless"])
def test_a_table_row_with_a_credits_label_stays(line: str) -> None:
    assert reader.classify_line(line) is None


# a PDF copied out with lines of no one width, each number cut at a line's end
CUT = """(一)加强合法性审查。全年审查文件和合同共计4
68件,审查意见采纳率达到9
7.5%。
(二)推进法律援助。全市办理法律援助案件3
206件,同比增长12.
8%,挽回经济损失2
300余万元。"""


def test_a_number_cut_by_a_line_break_reads_whole() -> None:
    title = "桃源县司法局2023年法治政府建设情况报告\n一、主要举措和成效\n"
    doc = read_bytes((title + CUT).encode())
    assert doc.text == title + CUT.replace("\n", "").replace("。(二)", "。\n(二)")
    figures = {metric.text for metric in process(doc, RulesBackend()).metrics}
    assert {"468件", "97.5%", "3206件", "同比增长12.8%", "2300余万元"} <= figures


@pytest.mark.parametrize(
    "text",
    [
        "指标名称\n培训执法人员人次合计800\n926\n审查文件35",  # a table's cells, one a line
        "附件1\n2023年法治政府建设主要指标完成情况表",  # a short line: a label, not prose
        "全县建成法治文化阵地共计12\n2. 加强普法宣传。",  # the next point of a list
        "行政复议收案 96 108\n120件 130件 +8.3%",  # table rows
        "全年开展法治宣传教育专项行动①\n2项重点任务如期完成。",  # a list marker, no digit
    ],
)
def test_a_line_ending_in_a_digit_that_cuts_no_number_stays(text: str) -> None:
    assert read_bytes(text.encode()).text == text


# what a 公众号 article copied from the phone may open and end with besides: prompts to follow it, its
# WeChat id, the source of its pictures, a reprint's disclaimer
WECHAT_HEAD = ["点击上方蓝字关注我们", "收录于合集 #法治建设 8个"]
WECHAT_PROMPTS = [
    "图片来源:网络",
    "声明:本文转载自青岚司法,如有侵权请联系删除。",
    "长按识别二维码关注我们",
    "微信号丨qinglansf",
]


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
def test_a_wechat_articles_prompts_to_follow_and_disclaimer_are_noise(path) -> None:
    doc = read_path(path)
    copied = "\n".join([*WECHAT_HEAD, doc.text, *WECHAT_PROMPTS]) + "\n"
    copied = read_bytes(copied.encode(), path="copied.txt")
    assert copied.text == doc.text
    assert facts(process(copied, RulesBackend())) == facts(process(doc, RulesBackend()))


@pytest.mark.parametrize(
    "line",
    [
        "关注群众诉求,解决急难愁盼问题。",
        "扫码关注我们,了解更多法治资讯的群众达3万人。",
        "重点关注",
        "点击量同比增长12%",
    ],
)
def test_report_lines_about_following_or_scanning_stay(line: str) -> None:
    assert reader.classify_line(line) is None


TOP_MARKER = re.compile(r"(?m)^([一二三四五六七八九])、")


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
@pytest.mark.parametrize("ornament", ["0{n}", "PART 0{n}", "NO.{n}"])
def test_a_wechat_articles_numbers_above_its_part_headings_are_noise(path, ornament: str) -> None:
    """A 公众号 sets a big number above each part's heading in place of its 一、: the report reads as
    it does with the headings unnumbered."""
    text = read_path(path).text
    numbers = "一二三四五六七八九"
    unnumbered = TOP_MARKER.sub("", text)
    ornamented = TOP_MARKER.sub(lambda m: ornament.format(n=numbers.index(m[1]) + 1) + "\n", text)
    doc = read_bytes(ornamented.encode(), path="article.txt")
    assert doc.text == unnumbered
    assert facts(process(doc, RulesBackend())) == facts(
        process(read_bytes(unnumbered.encode()), RulesBackend())
    )


def test_a_tables_serial_numbers_stay() -> None:
    text = "序号\n事项\n01\n行政许可\n02\n行政处罚\n03\n行政强制"
    assert read_bytes(text.encode()).text == text


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name[:24])
@pytest.mark.parametrize("form", ["text", "html"])
def test_a_wrapped_report_with_a_blank_line_after_every_line_gives_what_the_report_gives(path, form) -> None:
    """A copy that doubles every line break, or a PDF made a page one block a line (pdf2htmlEX)."""
    doc = read_path(path)
    lines = wrap(doc.text, 28, by="display", every=10**6).split("\n")
    if form == "text":
        source, name = "\n\n".join(lines), "copy.txt"
    else:
        blocks = "".join(f'<div class="t m0 y{n}">{line}</div>' for n, line in enumerate(lines))
        source, name = f"<html><body>{blocks}</body></html>", "page.html"
    spaced = read_bytes(source.encode(), path=name)

    def lines_of(text: str) -> str:  # (a page collapses the spaces between the signature's names)
        return unbroken(re.sub(r" +", " ", text.replace("\n\n", "\n")))

    assert lines_of(spaced.text) == lines_of(doc.text)
    assert facts(process(spaced, RulesBackend())) == facts(process(doc, RulesBackend()))


@pytest.mark.parametrize("line", ["合格率 98/100", "见第3页 附表", "全年办理案件共计 — 3 — 件,同比下降。"])
def test_a_line_with_a_page_reference_in_it_stays(line: str) -> None:
    assert reader.classify_line(line) is None


REPORT = (
    "青岚县2024年法治政府建设情况报告\n一、主要举措和成效\n(一)依法决策。全年审议重大行政决策事项9件。\n"
    "(二)严格执法。办理行政处罚案件1,236件。\n二、存在的不足和原因\n基层执法力量薄弱。\n"
    "三、2025年工作安排\n持续深化依法行政。\n青岚县人民政府\n2025年2月10日\n"
)


@pytest.mark.parametrize(
    "page",
    [
        REPORT + REPORT,  # the print version under the page's own
        REPORT + "\n打印本页\n" + REPORT.split("\n", 1)[1],  # …without its title
    ],
)
def test_a_page_with_its_text_twice_is_read_once(page: str) -> None:
    doc = read_bytes(page.encode())
    assert doc.text == REPORT.strip() and {span.kind for span in doc.removed_noise} >= {"repeat"}
    report = process(doc, RulesBackend())
    assert [item.text for item in report.plans.items] == ["持续深化依法行政。"]


def test_a_paragraph_repeated_inside_the_text_is_kept_apart_from_a_copy() -> None:
    lines = REPORT.split("\n")
    page = "\n".join([*lines[:6], lines[3], *lines[6:]])  # one paragraph twice: not four lines in a row
    assert read_bytes(page.encode()).text.count("办理行政处罚案件1,236件") == 2


NEXT = (
    "白石镇人民政府2024年法治政府建设工作报告\n一、主要举措和成效\n全镇调解纠纷218件。\n"
    "二、存在的不足和原因\n法治力量较弱。\n三、2025年工作安排\n继续深化普法宣传。\n白石镇人民政府\n2025年1月15日\n"
)


def test_a_page_of_two_reports_is_read_as_its_first_and_says_what_it_left_out() -> None:
    doc = read_bytes((REPORT + "\n" + NEXT).encode())
    assert doc.text == REPORT.strip()
    report = process(doc, RulesBackend())
    assert report.document.signed_date is not None and report.document.signed_date.isoformat() == "2025-02-10"
    assert [item.text for item in report.plans.items] == ["持续深化依法行政。"]
    assert any("白石镇人民政府2024年法治政府建设工作报告" in warning for warning in report.warnings)
    assert facts_of(report).endswith("· another report left out")  # the status line says so too


def test_a_title_repeated_under_its_byline_date_is_the_same_report() -> None:
    page = REPORT.replace("\n", "\n2025-02-10\n" + REPORT.split("\n", 1)[0] + "\n", 1)
    doc = read_bytes(page.encode())
    assert "办理行政处罚案件1,236件" in doc.text
    assert not [span for span in doc.removed_noise if span.kind == "next_report"]
