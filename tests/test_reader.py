"""Reading and cleaning: encodings, HTML, noise removal, normalisation, offsets, script, input errors.

All report text here is invented; real seeds are only read from disk (via conftest.seed_path).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, seed_path
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import reader
from summarizer.document import Document
from summarizer.errors import InputError
from summarizer.reader import page_title, read_bytes, read_path

EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
SEEDS = sorted(name for name in EXPECTED if name[:3].isdigit())
FIXTURE_FILES = sorted(name for name in EXPECTED if not name.startswith("_") and not name[:3].isdigit())

BODY = (
    "关于2023年度法治政府建设情况的报告\n"
    "2023年,鹿鸣县坚持以习近平法治思想为指导,全年办理行政复议案件36件。\n"
    "一、存在的问题\n"
    "一是执法规范化水平有待提升。\n"
)


def fixture_path(name: str) -> Path:
    for base in (FIXTURES, EXAMPLES):
        if (base / name).is_file():
            return base / name
    return seed_path(name)


def assert_offsets_valid(doc: Document) -> None:
    """Every clean char maps to its own source char, its NFKC source, an entity start or a line break."""
    assert len(doc.offsets) == len(doc.text) + 1
    assert len(doc.folded) == len(doc.text)
    previous = -1
    for index, ch in enumerate(doc.text):
        pos = doc.offsets[index]
        assert previous <= pos < len(doc.original)
        previous = pos
        source = doc.original[pos]
        if ch == "\n" or (ch == " " and source.isspace()):
            continue
        if doc.format == "html" and (source == "&" or ch == " " and source == "<"):
            continue  # entity replacement, or the space between two table cells
        assert ch == source or ch in unicodedata.normalize("NFKC", source), (index, ch, source)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("codec", "prefix", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16", b"", "utf-16"),  # Python's utf-16 codec writes a BOM
        ("gbk", b"", "gb18030"),
        ("gb18030", b"", "gb18030"),
    ],
)
def test_encodings_are_detected_and_bom_stripped(tmp_path, codec, prefix, expected):
    path = tmp_path / "report.txt"
    path.write_bytes(prefix + BODY.encode(codec))
    doc = read_path(path)
    assert doc.encoding == expected
    assert doc.original == BODY
    assert doc.text == BODY.rstrip("\n")
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert_offsets_valid(doc)


def test_short_gbk_text_is_not_mistaken_for_another_codec():
    assert read_bytes("法治".encode("gbk")).text == "法治"
    assert read_bytes("关于鹿鸣县法治政府建设情况的报告".encode("gbk")).encoding == "gb18030"


def test_big5_text_is_decoded_and_traditional():
    doc = read_bytes("鹿鳴縣法治政府建設年度報告,全年辦理案件12件。".encode("big5"))
    assert doc.encoding == "big5"
    assert doc.script == "traditional"
    assert doc.folded.startswith("鹿鸣县法治政府建设年度报告")


def test_utf8_with_one_damaged_byte_stays_utf8():
    data = ("法治政府建设" * 40).encode() + b"\xff" + "报告".encode()
    doc = read_bytes(data)
    assert doc.encoding == "utf-8"
    assert doc.text.endswith("\ufffd报告")


@pytest.mark.parametrize("name", [n for n in FIXTURE_FILES if "error" not in EXPECTED[n]])
def test_fixture_encoding_format_and_script(name):
    doc = read_path(fixture_path(name))
    expected = EXPECTED[name]
    assert (doc.encoding, doc.format, doc.script) == (
        expected["encoding"],
        expected["format"],
        expected["script"],
    )
    assert_offsets_valid(doc)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_reads_cleanly(name):
    doc = read_path(seed_path(name))
    assert doc.script == EXPECTED[name]["script"]
    assert doc.encoding == "utf-8"
    assert_offsets_valid(doc)
    for span in doc.removed_noise:  # noise spans point at the removed source text
        assert unicodedata.normalize("NFKC", doc.original[span.start : span.end]) == span.text


# --------------------------------------------------------------------------- input errors


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.txt", "no such file"),
        (lambda tmp: tmp, "is a directory"),
        (lambda tmp: _write(tmp / "empty.txt", b""), "empty file"),
        (lambda tmp: _write(tmp / "blank.txt", b" \n\r\n\t"), "only whitespace"),
        (lambda tmp: _write(tmp / "nul.bin", b"PK\x03\x04\x00\x00abc" * 20), "binary"),
        (lambda tmp: _write(tmp / "ctrl.txt", bytes(range(1, 9)) * 40 + "法治".encode()), "binary"),
    ],
)
def test_unreadable_inputs_raise_one_line_input_error(tmp_path, make, message):
    with pytest.raises(InputError) as info:
        read_path(make(tmp_path))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_permission_error_is_an_input_error(tmp_path, monkeypatch):
    path = _write(tmp_path / "locked.txt", BODY.encode())

    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(InputError, match="cannot read"):
        read_path(path)


@pytest.mark.parametrize("name", [n for n in FIXTURE_FILES if "error" in EXPECTED[n]])
def test_error_fixtures(name):
    with pytest.raises(InputError):
        read_path(FIXTURES / name)


# --------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>鹿鸣县2023年度法治政府建设情况的报告_鹿鸣县人民政府网</title>
<style>.x{color:red} 法治政府</style>
<script>var d = "2019年1月1日"; if (a < b) {}</script>
</head><body>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li></ul>
<h1>关于2023年度法治政府建设情况的报告</h1>
<p>&nbsp;&nbsp;2023年,鹿鸣县推进法治<span>政府</span>建设,办理案件<b>36</b>件&amp;调解&#32416;纷&#x7EA0;纷。</p>
<div>第一行<br>第二行</div>
<table><tr><td>行政复议</td><td>12</td></tr></table>
<p>跨行的
句子继续</p>
</body></html>"""


def test_html_is_reduced_to_visible_text():
    doc = read_bytes(PAGE.encode(), path="page.html")
    assert doc.format == "html"
    lines = doc.text.split("\n")
    assert "关于2023年度法治政府建设情况的报告" in lines
    assert "2023年,鹿鸣县推进法治政府建设,办理案件36件&调解纠纷纠纷。" in lines
    assert "第一行" in lines and "第二行" in lines  # <br> and block elements break lines
    assert "行政复议 12" in lines  # table cells stay apart: numbers never fuse
    assert "跨行的句子继续" in lines  # a source line break between CJK chars is not a space
    assert "2019" not in doc.text and "color" not in doc.text and "法治政府建设情况的报告_" not in doc.text
    assert {"首页", "政务公开"} <= {span.text for span in doc.removed_noise if span.kind == "nav"}
    assert_offsets_valid(doc)


def test_a_line_break_inside_a_data_rows_cell_keeps_the_row_one_line():
    """行政复议案件<br>(件): a short row of cells is one line of the table, its label whole with its unit;
    a layout table's one cell holds the page, whose line breaks stay."""
    page = (
        "<table><tr><td>指标</td><td>2022年</td><td>2023年</td></tr>"
        "<tr><td>行政复议案件<br>(件)</td><td>45</td><td>52</td></tr></table>"
        "<table><tr><td>一、主要举措和成效<br>(一)规范执法。全年办理案件36件。<br>二、存在的不足</td></tr></table>"
        "<table><tr><td>行政诉讼案件<br>(件)<td>30<td>28<tr><td>合计<td>75<td>80</table>"  # rows left open
    )
    doc = read_bytes(page.encode(), path="rows.html")
    lines = doc.text.split("\n")
    assert "行政复议案件 (件) 45 52" in lines and "行政诉讼案件 (件) 30 28" in lines
    assert {"一、主要举措和成效", "二、存在的不足"} <= set(lines)
    assert_offsets_valid(doc)


def test_html_entity_maps_to_entity_start_and_spans_map_into_markup():
    doc = read_bytes(PAGE.encode(), path="page.html")
    amp = doc.text.index("&")
    assert doc.original[doc.offsets[amp] : doc.offsets[amp] + 5] == "&amp;"
    start = doc.text.index("法治政府建设,")
    ostart, oend = doc.to_original(start, start + 6)
    assert doc.original[ostart:oend] == "法治<span>政府</span>建设"
    charref = doc.text.index("纠纷")
    assert doc.original[doc.offsets[charref] :].startswith("&#32416;")


def test_html_sniffed_without_extension_and_page_title():
    doc = read_bytes(PAGE.encode(), path="download.txt")
    assert doc.format == "html"
    assert page_title(doc) == "鹿鸣县2023年度法治政府建设情况的报告_鹿鸣县人民政府网"
    assert page_title(read_bytes(BODY.encode())) is None


@pytest.mark.parametrize(
    ("page", "text"),
    [
        ("<p>审核文件35件<![C 清理</p><p>清理文件48件</p>", "审核文件35件\n清理文件48件"),  # a broken <![
        ("<p><![if !supportLists]>1.<![endif]>审核文件35件</p>", "1.审核文件35件"),  # Word's lists
        ("<p>审核<![CDATA[x]]>文件35件</p>", "审核文件35件"),
    ],
)
def test_marked_sections_never_stop_the_page(page, text):
    """The standard parser raises AssertionError on an unknown <![…: read as a browser does, a bogus
    comment up to the next >."""
    assert read_bytes(page.encode(), path="page.html").text == text


def test_unclosed_head_ends_at_body():
    doc = read_bytes(b"<html><head><title>t</title><body><p>\xe6\xb3\x95\xe6\xb2\xbb</p></body></html>")
    assert doc.text == "法治"


# --------------------------------------------------------------------------- noise

NOISE_LINES = {
    "widget": ["Loading……", "【字号 】【我要打印】【关闭"],
    "nav": [
        "当前位置: 首页 > 通知公告",
        "您当前所在的位置:首页 > 专题专栏",
        "鹿鸣县人民政府网站 首页 > 政务公开 > 通知公告",  # (the site's name before it)
        "无障碍 简体| 繁体",
        "网站首页 政务公开 法治政府",  # a site's menu, as its cells read once its layout table is text
    ],
    "meta": [
        "【信息来源:【信息时间:2024-03-05 09:12  阅读次数: 】【字号 】【我要打印】【关闭",  # dated: meta
        "来源:鹿鸣县政府网      时间:2024-02-27",
        "时间:2024-03-08   来源:办公室   点击:876",
        "编辑:王某某 审核:李某某",  # (a 公众号 article's trailer)
        "索 引 号:000000/2024-00001",
        "索引号 | 000000 | 主题分类 | 综合政务 |",
    ],
    "banner": ["今天是:2031年5月1日 星期四 农历四月初四"],
    "share": ["分享:", "分享到:微信 微博"],
    "counter": ["阅读次数:128", "瀏覽次數:次", "浏览量:", "点击率:56"],
    "attachment": ["相关附件:"],
    "qr": ["扫一扫在手机打开当前页"],
    "footer": ["首页 | 网站地图 | 联系我们", "备案号:X ICP备00000000号-1", "主办单位:鹿鸣县人民政府办公室"],
    "page": ["- 3 -", "第 3 页 共 10 页"],
    "other": ["-"],
}
WIDGET_EXTRA = [
    "字体:【大 中 小】",
    "【打印本页】【关闭窗口】",
    "相关链接",
    "相关链接: 国务院  司法部  鹿鸣县司法局",  # (a links box run into one line)
    "【大 中 小】 【打印本页】 【关闭窗口】",
    "往期推荐",
    "#法治政府建设 12个",
    "阅读 2,318",
    "热点新闻",
    "更多>>",
]  # (a sidebar's boxes)


def test_every_noise_kind_is_removed_and_recorded():
    noise = [line for lines in NOISE_LINES.values() for line in lines] + WIDGET_EXTRA
    text = "\n".join(noise[:9]) + "\n" + BODY + "\n".join(noise[9:]) + "\n"
    doc = read_bytes(text.encode())
    assert doc.text == BODY.rstrip("\n")
    recorded: dict[str, list[str]] = {}
    for span in doc.removed_noise:
        recorded.setdefault(span.kind, []).append(span.text)
        assert unicodedata.normalize("NFKC", doc.original[span.start : span.end]) == span.text
    for kind, lines in NOISE_LINES.items():
        for line in lines:
            assert unicodedata.normalize("NFKC", line) in recorded[kind], (kind, line)
    assert len(doc.removed_noise) == len(noise)


def test_the_article_titles_under_a_pages_recommendations_are_noise():
    trailer = "\n往期推荐\n鹿鸣县召开2024年度全面依法治县工作会议\n鹿鸣县开展宪法宣传周活动\n微信扫一扫\n"
    assert read_bytes((BODY + trailer).encode()).text == BODY.rstrip("\n")
    long_line = "\n往期推荐\n" + "全县" * 30 + "。\n"  # a line of report text is never taken for a title
    assert "全县全县" in read_bytes((BODY + long_line).encode()).text


def test_a_portals_related_links_after_the_signature_are_noise():
    links = (
        "\n打印本页 关闭窗口\n相关链接:\n鹿鸣县2022年度法治政府建设情况报告\n鹿鸣县关于开展案卷评查的通知\n"
    )
    assert read_bytes((BODY + links).encode()).text == BODY.rstrip("\n")


def test_a_bulleted_metadata_line_is_markup_then_meta():
    doc = read_bytes(("- 索 引 号:000000/2024-00001\n- 发布机构:鹿鸣县人民政府\n" + BODY).encode())
    assert doc.text == BODY.rstrip("\n")
    assert [(span.kind, span.text) for span in doc.removed_noise] == [
        ("markup", "- "),
        ("meta", "索 引 号:000000/2024-00001"),
        ("markup", "- "),
        ("meta", "发布机构:鹿鸣县人民政府"),
    ]


def test_metadata_block_companions_are_removed_only_next_to_the_block():
    text = (
        "索引号:\n000000/2024-00001\n标题:关于法治政府建设情况的报告\n| --- | --- |\n\n"
        + BODY
        + "标题:正文里的标题\n"
    )
    doc = read_bytes(text.encode())
    assert [span.kind for span in doc.removed_noise] == ["meta"] * 4
    assert doc.text.endswith("标题:正文里的标题")


@pytest.mark.parametrize(
    "line",
    [
        "特此报告。",
        "(一)加强统筹协调,夯实法治建设基础。",
        "一、存在的问题",
        "附件:1.鹿鸣县法治政府建设任务清单",
        "全县共办理行政复议案件36件,来源于群众申请的占八成。",
        "时间紧、任务重,我们坚持问题导向。",
        "主办法治讲座12场次,覆盖干部800余人次。",
        "分享经验做法3项。",
        "首页改版后新增法治专栏。",
        "首页 设置法治专栏",  # one item after 首页: no menu
        "相关法律法规",
        "推进相关工作",
        "热点问题回应",
        "中",
        "2024年2月29日",
        "中共鹿鸣县委             鹿鸣县人民政府",
        "责任单位:县司法局",
        "文号规范化工作持续推进。",
    ],
)
def test_report_lines_are_never_noise(line):
    doc = read_bytes(f"{BODY}{line}\n".encode())
    assert doc.text.endswith(unicodedata.normalize("NFKC", line).strip())
    assert doc.removed_noise == []


def test_noise_rules_match_folded_traditional_lines():
    assert reader.classify_line("阅读次数:12") == "counter"
    doc = read_bytes("瀏覽次數:12\n發佈日期:2024-01-25\n分享到:\n鹿鳴縣法治政府建設工作報告\n".encode())
    assert [span.kind for span in doc.removed_noise] == ["counter", "meta", "share"]
    assert doc.text == "鹿鳴縣法治政府建設工作報告"


# --------------------------------------------------------------------------- normalisation


def test_nfkc_full_width_and_expansions_map_to_their_source():
    text = "\u3000\u3000２０２３年，办理案件１５６件，占比９８．６％。\n㈠加强领导…\n"
    doc = read_bytes(text.encode())
    assert doc.text == "2023年,办理案件156件,占比98.6%。\n(一)加强领导..."
    paren = doc.text.index("(一)")
    assert doc.offsets[paren] == doc.offsets[paren + 1] == doc.offsets[paren + 2] == text.index("㈠")
    assert doc.to_original(paren, paren + 3) == (text.index("㈠"), text.index("㈠") + 1)
    assert_offsets_valid(doc)


def test_whitespace_tidying():
    text = "  标题\xa0 \r\n\r\n\r\n\r\n\u3000\u3000第一段\t文字  \r\n\u200b第二段\n\n\n"
    doc = read_bytes(text.encode())
    assert doc.text == "标题\n\n第一段 文字\n第二段"
    assert_offsets_valid(doc)


def test_already_clean_text_is_unchanged_and_fast_path():
    doc = read_bytes(BODY.encode())
    assert doc.text == BODY.rstrip("\n")
    assert list(doc.offsets[:-1]) == list(range(len(doc.text)))
    assert doc.folded == doc.text


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "法治",
                "報告",
                "２０",
                "㈠",
                "…",
                "\u3000",
                "\xa0",
                " ",
                "\n",
                "\r\n",
                "\t",
                "&",
                "12",
                "Loading",
                "分享:",
                "\u200b",
                "件",
                "。",
                "-",
                "【关闭】",
                "今天是",
            ]
        ),
        min_size=1,
        max_size=40,
    )
)
def test_offset_map_invariants(pieces):
    text = "".join(pieces)
    if not text.strip():
        return
    doc = read_bytes(text.encode())
    assert_offsets_valid(doc)
    for start in range(len(doc.text)):  # to_original / to_clean round trip on single chars
        ostart, oend = doc.to_original(start, start + 1)
        assert oend > ostart


# --------------------------------------------------------------------------- script


def test_traditional_text_is_folded_to_simplified_same_length():
    text = "鹿鳴縣堅持以習近平法治思想為指導,全面推進法治政府建設。\n三、存在的問題\n"
    doc = read_bytes(text.encode())
    assert doc.script == "traditional"
    assert doc.text.startswith("鹿鳴縣")  # the source script is kept
    assert doc.folded.startswith("鹿鸣县坚持以习近平法治思想为指导")
    assert "存在的问题" in doc.folded
    assert len(doc.folded) == len(doc.text)


def test_mixed_script():
    doc = read_bytes("鹿鳴縣堅持學習貫徹。鹿鸣县坚持学习贯彻。".encode())
    assert doc.script == "mixed"
    assert doc.folded == "鹿鸣县坚持学习贯彻。鹿鸣县坚持学习贯彻。"


def test_simplified_text_with_a_few_traditional_chars_stays_simplified():
    assert reader.detect_script("法治政府建设" * 20 + "後") == "simplified"
    assert reader.detect_script("2023 12 ABC") == "simplified"


def test_fold_falls_back_to_per_character_when_phrases_change_length(monkeypatch):
    class PhraseConverter:
        def convert(self, text: str) -> str:
            return text.replace("臺灣", "台") if len(text) > 1 else {"臺": "台", "灣": "湾"}.get(text, text)

    monkeypatch.setattr(reader, "_converter", lambda config: PhraseConverter())
    text = "臺灣地區\n其他"
    assert reader.fold(text) == "台湾地區\n其他"


def test_a_text_that_is_its_own_folded_text_is_cleaned_once_for_both():
    """Simplified input passes one string as text and folded text: it is cut once and serves as both,
    equal to what cutting an equal, separate folded string gives."""
    paths = [*sorted(EXAMPLES.glob("*.txt")), *sorted(FIXTURES.glob("f0*"))]
    texts = [read_path(path).original for path in paths]
    pieces = [
        "一、工作情况",
        "\n",
        "\n\n",
        "  ",
        "首页 > 政务公开",
        "发布日期:2024-01-05",
        "共办理案件12件。",
        "\u3000",
    ]
    texts += ["".join(pieces[(i * 7 + j * 3) % len(pieces)] for j in range(i % 9 + 1)) for i in range(200)]
    for text in texts:
        offsets = reader._identity(0, len(text))
        separate = "".join(list(text))
        if len(text) < 2 or separate is text:
            continue
        once = reader.clean_lines(text, text, offsets)
        assert once[1] is once[0]
        assert once == reader.clean_lines(text, separate, offsets)


def _plain_looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    if "<html" in head or "<!doctype html" in head:
        return True
    return len(reader._TAG_SNIFF_RE.findall(text, 0, 20000)) >= 10


def test_html_sniffing_without_any_tag_opener_decides_as_the_full_sniff():
    tags = [
        "<p>",
        "</DIV>",
        "<br/>",
        "<HTML>",
        "<!DOCTYPE html>",
        "<",
        "a<b",
        "<td x=1>",
        "文字",
        "\n",
        "x" * 5000,
    ]
    texts = [read_path(path).original for path in sorted(EXAMPLES.glob("*.txt"))]
    texts += ["x" * 19999 + "<p>" * 12, "x" * 20001 + "<p>" * 12, "<p>" * 9 + "x" * 20000 + "<p>"]
    texts += ["".join(tags[(i * 5 + j * 7) % len(tags)] for j in range(i % 25)) for i in range(400)]
    for text in texts:
        assert reader.looks_like_html(text, "report.txt") == _plain_looks_like_html(text), text[:60]
