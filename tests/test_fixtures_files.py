"""The fixture files exist, decode as expected.json says, and expected.json covers every one of them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, seed_path

EXPECTED: dict = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
NOT_FIXTURES = {"expected.json", "README.md"}
CODEC = {"gbk": "gb18030"}  # GBK files are read with its superset; both names are accepted
BOMS = {"utf-8-sig": b"\xef\xbb\xbf", "utf-16": (b"\xff\xfe", b"\xfe\xff")}

OWN = sorted(name for name, facts in EXPECTED.items() if not name.startswith("_") and "encoding" in facts)
REPORTS = [name for name in OWN if EXPECTED[name]["encoding"] is not None]
SEEDS = sorted(
    name for name, facts in EXPECTED.items() if not name.startswith("_") and "encoding" not in facts
)


def own_path(name: str) -> Path:
    """Our files live in tests/fixtures, except the bundled example under examples/."""
    for folder in (FIXTURES, EXAMPLES):
        if (folder / name).is_file():
            return folder / name
    raise AssertionError(f"{name} is listed in expected.json but exists in neither fixtures/ nor examples/")


def decoded(name: str) -> str:
    encoding = EXPECTED[name]["encoding"]
    return own_path(name).read_bytes().decode(CODEC.get(encoding, encoding))  # strict: raises on bad bytes


def visible_text(name: str) -> str:
    text = decoded(name)
    if EXPECTED[name]["format"] == "html":
        text = re.sub(r"<[^>]+>", "", text).replace("&nbsp;", " ")
    return text


def test_expected_lists_every_fixture_file_and_nothing_missing() -> None:
    on_disk = {p.name for p in FIXTURES.iterdir() if p.is_file() and p.name not in NOT_FIXTURES}
    assert on_disk <= set(OWN), f"not in expected.json: {sorted(on_disk - set(OWN))}"
    for name in OWN:
        own_path(name)
    assert "_about" in EXPECTED


def test_the_bundled_example_is_covered() -> None:
    examples = {p.name for p in EXAMPLES.glob("*.txt")}
    assert examples and examples <= set(OWN)


@pytest.mark.parametrize("name", REPORTS)
def test_fixture_decodes_with_the_expected_encoding(name: str) -> None:
    encoding = EXPECTED[name]["encoding"]
    raw = own_path(name).read_bytes()
    text = decoded(name)
    assert len(text) > 1000
    if encoding == "utf-8":
        assert not raw.startswith(BOMS["utf-8-sig"]), "plain utf-8 fixtures carry no BOM"
    elif encoding in BOMS:
        assert raw.startswith(BOMS[encoding])
    else:  # a legacy code page: must not also be valid UTF-8, or the fixture tests nothing
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")


@pytest.mark.parametrize("name", REPORTS)
def test_fixture_text_agrees_with_its_facts(name: str) -> None:
    facts = EXPECTED[name]
    text = visible_text(name)
    for field in ("issuer", "title"):
        if facts[field]:
            assert facts[field] in text, field
    for recipient in facts["recipients"]:
        assert recipient in text
    if facts["signed_date"]:
        year, month, day = (int(part) for part in facts["signed_date"].split("-"))
        assert f"{year}年{month}月{day}日" in text
    if facts["published_date"]:
        assert facts["published_date"] in text
    is_page = decoded(name).lstrip().startswith("<!DOCTYPE html>")
    assert is_page == (facts["format"] == "html")
    assert str(facts["report_year"]) in text


def test_traditional_fixture_is_really_traditional() -> None:
    traditional = [name for name in REPORTS if EXPECTED[name]["script"] == "traditional"]
    assert traditional
    for name in traditional:
        text = decoded(name)
        assert "報告" in text and "报告" not in text


def test_empty_and_binary_inputs() -> None:
    assert (FIXTURES / "empty.txt").read_bytes() == b""
    raw = (FIXTURES / "binary.bin").read_bytes()
    assert b"\x00" in raw and len(raw) >= 256
    assert EXPECTED["empty.txt"]["error"] == EXPECTED["binary.bin"]["error"] == "InputError"


@pytest.mark.parametrize("name", SEEDS)
def test_seed_facts_point_at_a_real_seed(name: str) -> None:
    text = seed_path(name).read_text(encoding="utf-8")
    facts = EXPECTED[name]
    assert facts["issuer"] in text
    if facts["title"]:
        assert facts["title"] in text
    for recipient in facts["recipients"]:
        assert recipient in text
