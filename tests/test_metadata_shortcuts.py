"""The metadata readers' shortcuts decide exactly what the plain forms they replace decide.

Body names are tested many times per report (every cut of an opening sentence, every split of a
list), so the tests behind them skip what cannot succeed: a gazetteer name longer than any known
name, a body suffix test when no suffix ends the name, a region cut whose stem already fails, a
人民政府 removal from a region without it. These tests run each shortcut and its plain form side by
side on many generated names. All names are generated from invented and generic pieces.
"""

from __future__ import annotations

import random
import re
from collections import Counter

from conftest import joined_pieces

from summarizer import metadata, places
from summarizer.metadata import (
    _body_suffixes,
    _place_end,
    _unit_re,
    _valid_department,
    _valid_org,
    _valid_region,
    _valid_stem,
)

PIECES_TEXT = (
    "黄石 黄石市 鹿鸣 鹿鸣县 梧源市 襄城县 高陵区 东城 街道 镇 乡 省 市 县 区 州 旗 湖北省 西安市 海淀区 朝阳区 "
    "人民政府 政府 办事处 管委会 中共 委 党委 党工委 委员会 司法局 局 办 厅 办公室 人社 政务和数据 自然资源和规划 "
    "开发区 高新区 我 本 在 的 认真 贯彻 落实 坚持 和 与 及 ( ) 、 法治政府建设 关于 2023年 国务院 司法部"
)
PIECES = PIECES_TEXT.split()


def generated(count: int, seed: int) -> list[str]:
    return joined_pieces(PIECES, count, seed, 6)


def _plain_place_end(region: str, pos: int) -> int | None:
    known = next((end for end in range(len(region), pos + 1, -1) if places.lookup(region[pos:end])), None)
    if known is not None:
        return known
    match = _unit_re().match(region, pos)
    if not match:
        return None
    if match.group()[0] in metadata._data()["places"]["pronoun_prefixes"] or metadata._has_function_words(
        match.group()
    ):
        return None
    return match.end()


def _plain_valid_region(region: str) -> bool:
    region = re.sub(r"人民政府(?=.)", "", region)
    if not region:
        return False
    pos = 0
    while pos < len(region):
        end = _plain_place_end(region, pos)
        if end is None:
            return False
        pos = end
    return True


def _plain_valid_department(core: str) -> bool:
    suffix = next((s for s in metadata._department_suffixes() if core.endswith(s)), None)
    if suffix is None:
        return False
    body = core[: -len(suffix)]
    for cut in range(len(body) + 1):
        region, stem = body[:cut], body[cut:]
        if (not region or region in "省市县区州旗镇乡" or _plain_valid_region(region)) and _valid_stem(
            stem, region
        ):
            return True
    return False


def _plain_valid_org(name: str) -> bool:
    org = metadata._data()["organisations"]
    if not 2 <= len(name) <= 30 or not re.fullmatch(rf"[{metadata.CJK}()]+", name):
        return False
    if (
        name in org["central_names"]
        or metadata._bare_unit(name)
        or re.fullmatch(metadata._data()["subject"]["own_units"], name)
    ):
        return True
    core = name
    for prefix in org["party_prefixes"]:
        core = core.removeprefix(prefix)
    for suffix in _body_suffixes():
        if core.endswith(suffix) and len(core) > len(suffix) and _plain_valid_region(core[: -len(suffix)]):
            return True
    return _plain_valid_department(core) or _plain_valid_region(core)


def test_place_end_reads_what_trying_every_length_reads():
    names = generated(3000, seed=1) + [*places.gazetteer().by_name][:300]
    for name in names:
        for pos in range(len(name)):
            assert _place_end(name, pos) == _plain_place_end(name, pos), (name, pos)


def test_regions_departments_and_bodies_are_judged_as_the_plain_forms_judge_them():
    names = generated(4000, seed=2) + ["襄城县人民政府", "中共襄城县委", "区人社局", "温州市自然资源和规划局"]
    valid = {"org": 0, "department": 0, "region": 0}
    for name in names:
        assert _valid_region(name) == _plain_valid_region(name), name
        assert _valid_department(name) == _plain_valid_department(name), name
        assert _valid_org(name) == _plain_valid_org(name), name
        valid["org"] += _valid_org(name)
        valid["department"] += _valid_department(name)
        valid["region"] += _valid_region(name)
    assert min(valid.values()) > 100, valid  # the names do pass each test often, so equality means something


def _plain_opening_subject(folded: str) -> tuple[int, int] | None:
    config = metadata._data()["subject"]
    lead = re.match(config["lead"], folded)
    pos = lead.end() if lead else len(folded) - len(folded.lstrip())
    if not lead and not re.compile(config["adverbial"]).match(folded, pos):
        return None
    while adverbial := re.compile(config["adverbial"]).match(folded, pos):
        pos = adverbial.end()
    window = re.split(r"[,。;:!?\n]", folded[pos : pos + config["max_chars"]], maxsplit=1)[0]
    followers = tuple(config["followers"])
    for end in range(len(window), 1, -1):
        if (end == len(window) or window[end:].startswith(followers)) and metadata._org_list(window[:end]):
            return pos, pos + end
    return None


def test_opening_subject_is_found_as_trying_every_cut_finds_it():
    rng = random.Random(3)
    leads = [
        "2023年,",
        "2023年以来,",
        "今年以来,",
        "一年来,",
        "在市委的坚强领导下,",
        "2023年,在区委的领导下,",
        "",
    ]
    followers = ["坚持", "认真贯彻落实", "以习近平法治思想为指导", "在", "和", "的", "深入推进", "、"]
    found = 0
    for _ in range(1500):
        names = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 5)))
        rest = "".join(rng.choice(followers + PIECES) for _ in range(rng.randint(0, 6)))
        text = f"{rng.choice(leads)}{names}{rest},全面推进依法行政。"
        expected = _plain_opening_subject(text)
        assert metadata._opening_subject(text) == expected, text
        found += expected is not None
    assert found > 200  # subjects are found often, so the comparison means something


def test_chinese_share_counted_piecewise_decides_as_the_whole_count():
    rng = random.Random(4)
    pieces = ["法治政府建设", "abc ", "123", "\n", "  ", "Hello world. ", "、", "。", "x" * 300, "报告" * 200]
    texts = ["", " ", "\n", "法", "a", "法a", "a法"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 60))) for _ in range(1500)]
    for text in texts:
        cjk = sum(map(len, re.findall(rf"[{metadata.CJK}]+", text)))
        for share in (0.0, 0.2, 0.5, 0.9, 1.0):
            expected = cjk >= share * len(text.replace(" ", "").replace("\n", ""))
            assert metadata.has_cjk_share(text, share) == expected, (text[:40], share)


def _plain_township_named(folded: str, unit: str) -> tuple[str, int] | None:
    generic = set(metadata._data()["places"]["generic_prefixes"])
    counts: Counter[str] = Counter()
    for width in (2, 3):
        for match in re.finditer(rf"(?=([{metadata.CJK}]{{{width}}}{unit}))", folded):
            name = match.group(1)
            stem = name[: -len(unit)]
            if stem[-1] not in generic and stem[0] not in generic and not metadata._has_function_words(stem):
                counts[name] += 1
    if not counts or max(counts.values()) < 2:
        return None
    top = max(counts.values())
    name = min((n for n, c in counts.items() if c == top), key=len)
    longer = [n for n, c in counts.items() if c == top and n.endswith(name) and len(n) > len(name)]
    name = longer[0] if longer else name
    return name, folded.find(name)


def test_township_named_from_where_its_unit_is_written_as_the_lookahead_scan_finds_it():
    rng = random.Random(6)
    pieces = [
        "南华",
        "东城",
        "青石",
        "我",
        "本",
        "全",
        "各",
        "街道",
        "街道街道",
        "镇",
        "乡",
        "镇镇",
        "a",
        "1",
        "。",
        "\n",
    ]
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        for unit in ("镇", "乡", "街道"):
            expected = _plain_township_named(text, unit)
            assert metadata._township_named(text, unit) == expected, (text, unit)
            found += expected is not None
    assert found > 100  # townships are named often, so the comparison means something


def _plain_gis_headings(lines, config) -> list[str]:
    headings = [line.folded for line in lines if metadata._is_heading_marker(line.folded.strip())]
    found = [h for h in config["gis_headings"] if any(h in heading for heading in headings)]
    if len(found) >= config["gis_min_headings"]:
        return [f"{len(found)} of the six 政府信息公开 report headings: " + "、".join(found)]
    return []


def test_gis_headings_looked_for_in_headings_only_when_the_lines_name_enough():
    config = metadata._data()["doc_types"]
    rng = random.Random(9)
    markers = ["一、", "二、", "(三)", "四、", "", "", "1.", "其中"]
    words = [*config["gis_headings"], "工作情况", "总体", "情况", "依法行政", "主动公开"]
    hits = 0
    for _ in range(3000):
        lines = []
        for _ in range(rng.randint(1, 8)):
            text = rng.choice(markers) + "".join(rng.choice(words) for _ in range(rng.randint(1, 2)))
            lines.append(metadata.Line(0, len(text), text, text))
        expected = _plain_gis_headings(lines, config)
        assert metadata._gis_headings(lines, config) == expected
        hits += bool(expected)
    assert hits > 100
