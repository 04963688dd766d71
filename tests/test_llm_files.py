"""Where the LLM layer writes: the cache directory it is given, and recorded cassettes."""

from __future__ import annotations

import stat
from pathlib import Path

from summarizer.llm.cache import ResponseCache
from summarizer.llm.cassette import Cassette, CassetteLibrary


def test_cache_makes_its_own_directory_private_but_leaves_a_named_one_alone(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh" / "cache"
    ResponseCache(fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    ResponseCache(shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755, "a directory the user named keeps its mode"


def test_two_reports_with_one_name_record_to_two_cassettes(tmp_path: Path) -> None:
    library = CassetteLibrary(tmp_path)
    first = library.path_for("a/report.txt", "1" * 64)
    Cassette.new(
        first, source={"name": "report.txt", "sha256": "1" * 64}, model="m", mode="tools", prompt_version="1"
    ).save()
    assert library.path_for("a/report.txt", "1" * 64) == first, "the same report keeps its cassette"
    second = library.path_for("b/report.txt", "2" * 64)
    assert second != first and second.name == "report-22222222.json"
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))
