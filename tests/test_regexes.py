"""Compiled patterns kept beside the bytecode (summarizer.regexes): a pattern built from the file is the
very pattern re.compile gives, and a missing, stale, corrupt or unwritable file changes nothing."""

from __future__ import annotations

import marshal
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, ROOT

from summarizer import regexes
from summarizer.pipeline import RulesBackend, process_path

REPORTS = sorted(FIXTURES.glob("f*.txt")) + sorted(EXAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def ours() -> list[tuple[str, int]]:
    """Every pattern our modules compile: at import, and on first use by the reports."""
    for path in REPORTS:
        process_path(path, RulesBackend())
    return sorted(key for key in regexes._STORE.built if isinstance(key[0], str))


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A process that has compiled nothing yet, its file in ``tmp_path``, bytecode writes allowed."""
    path = tmp_path / "pycache" / "regexes.test.marshal"
    fresh_process(monkeypatch)
    monkeypatch.setattr(regexes, "store_path", lambda: path)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return path


def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regexes, "_STORE", regexes._Store())


def test_patterns_built_from_the_file_are_those_re_compile_gives(
    store: Path, ours: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(ours) > 150
    compiled_anew = [regexes.compile(*key) for key in ours]
    regexes.save()
    fresh_process(monkeypatch)
    from_file = [regexes.compile(*key) for key in ours]
    assert not regexes._STORE.new  # every one was built from the file
    # patterns compare equal when their flags, their text and their compiled code are the same
    assert from_file == [re.compile(*key) for key in ours] == compiled_anew
    assert all(
        built.groupindex == re.compile(*key).groupindex for built, key in zip(from_file, ours, strict=True)
    )


def test_a_pattern_is_built_once_per_process(store: Path) -> None:
    assert regexes.compile(r"(?P<n>[0-9]+)件") is regexes.compile(r"(?P<n>[0-9]+)件")
    assert regexes.compile(r"[0-9]+件", re.M) is not regexes.compile(r"[0-9]+件")


def test_a_bad_pattern_fails_as_re_compile_fails(store: Path) -> None:
    with pytest.raises(re.error):
        regexes.compile("(unclosed")
    regexes.save()
    assert not store.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal at all",
        marshal.dumps(((regexes.FORMAT, "another Python"), {("a", 0): (0, [1, 2], 0, {}, (None,))})),
        marshal.dumps(["a list", "not a header and entries"]),
        "truncated",
    ],
    ids=["empty", "garbage", "other interpreter", "other shape", "truncated"],
)
def test_a_file_not_ours_or_damaged_is_ignored_and_replaced(
    store: Path, content: bytes | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    patterns = [r"办理行政复议案件(\d+)件", r"(?P<rate>\d+(?:\.\d+)?)%"]
    if content == "truncated":
        for pattern in patterns:
            regexes.compile(pattern)
        regexes.save()
        content = store.read_bytes()[:-7]
        fresh_process(monkeypatch)
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_bytes(content)
    assert [regexes.compile(p) for p in patterns] == [re.compile(p) for p in patterns]
    regexes.save()
    fresh_process(monkeypatch)
    assert [regexes.compile(p) for p in patterns] == [re.compile(p) for p in patterns]
    assert not regexes._STORE.new


def test_nothing_is_written_where_bytecode_may_not_be(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    regexes.compile(r"出庭应诉率(\d+)%")
    regexes.save()
    assert not store.exists()


def test_a_directory_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("in the way", "utf-8")
    fresh_process(monkeypatch)
    monkeypatch.setattr(regexes, "store_path", lambda: blocker / "regexes.marshal")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert regexes.compile(r"调解(\d+)起") == re.compile(r"调解(\d+)起")
    regexes.save()
    assert blocker.read_text("utf-8") == "in the way" and os.listdir(tmp_path) == ["a file"]


def test_a_file_of_older_patterns_is_cut_back_to_this_process(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regexes, "MAX_ENTRIES", 5)
    for n in range(6):
        regexes.compile(f"old pattern {n}")
    regexes.save()
    fresh_process(monkeypatch)
    regexes.compile("old pattern 0")  # from the file
    regexes.compile("new pattern")
    regexes.save()
    _, entries = marshal.loads(store.read_bytes())
    assert sorted(pattern for pattern, _ in entries) == ["new pattern", "old pattern 0"]


RUN = [sys.executable, "-m", "summarizer", "run", "-q"]


def stored_patterns(prefix: Path) -> set[str]:
    (path,) = prefix.rglob("regexes.*.marshal")
    _, entries = marshal.loads(path.read_bytes())
    return {pattern for pattern, _ in entries}


def test_worker_processes_keep_what_they_compiled_and_the_next_run_compiles_nothing(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n, report in enumerate(REPORTS[:4]):
        shutil.copy(report, inputs / f"r{n}{report.suffix}")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    stored = {}
    for jobs in ("1", "2"):
        env_jobs = {**env, "PYTHONPYCACHEPREFIX": str(tmp_path / f"pyc-{jobs}")}
        args = [*RUN, str(inputs), "-o", str(tmp_path / f"out-{jobs}"), "--jobs", jobs]
        done = subprocess.run(args, cwd=ROOT, env=env_jobs, capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr.decode()
        stored[jobs] = stored_patterns(tmp_path / f"pyc-{jobs}")
    # the main process of --jobs 2 compiles only at import: what the reports need came from the workers
    assert len(stored["2"]) > 150 and stored["2"] == stored["1"]
    (kept,) = (tmp_path / "pyc-2").rglob("regexes.*.marshal")
    before = kept.read_bytes(), kept.stat().st_mtime_ns
    args = [*RUN, str(inputs), "-o", str(tmp_path / "out-again"), "--jobs", "2"]
    env_again = {**env, "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc-2")}
    done = subprocess.run(args, cwd=ROOT, env=env_again, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    assert (kept.read_bytes(), kept.stat().st_mtime_ns) == before  # nothing new to add: no write


def test_a_reports_own_text_never_becomes_a_kept_pattern(tmp_path: Path) -> None:
    """Only our code's and data's patterns are kept: two reports that differ in the odd characters they
    hold (folded, widened, replaced by the reader) add no pattern the first did not."""
    text = REPORTS[0].read_text("utf-8")
    odd = ["㈠", "…", "①", "Ａ", "﹙", "⑵", "㊣", "™", "ﬁ", "½"]
    built = []
    for n, chosen in enumerate((odd[:5], odd[5:])):
        varied = tmp_path / f"varied{n}.txt"
        varied.write_text(
            "".join(ch + chosen[i % 5] if ch == "。" else ch for i, ch in enumerate(text)), "utf-8"
        )
        process_path(varied, RulesBackend())
        built.append(set(regexes._STORE.built))
    assert built[1] == built[0]


KEYS = """
import json, sys
from pathlib import Path
from summarizer import regexes
from summarizer.pipeline import RulesBackend, process_path
for path in sys.argv[1:]:
    process_path(Path(path), RulesBackend())
print(json.dumps(sorted(key for key in regexes._STORE.built if isinstance(key[0], str))))
"""


def test_every_kept_pattern_reads_the_same_in_every_process() -> None:
    """String hashes are salted per process, so a pattern joined from a set would differ from one run
    to the next, and its compiled form on disk would never be found again."""
    keys = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        args = [sys.executable, "-c", KEYS, *map(str, REPORTS)]
        done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        keys.append(done.stdout)
    assert len(keys[0]) > 10_000 and keys[0] == keys[1]


SAVING_AT_ONCE = """
import sys, time
from summarizer import regexes
who, start = sys.argv[1], float(sys.argv[2])
time.sleep(max(0.0, start - time.time()))  # every process starts saving at the same moment
for n in range(25):
    regexes.compile(f"saved-by-{who}-{n}")
    regexes.save()
"""


def test_processes_saving_at_once_lose_none_of_each_others_patterns(tmp_path: Path) -> None:
    """A run's workers save as they go, at the same time: each save adds to the file as it is then,
    so none may write over what another has just added."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env |= {"PYTHONPYCACHEPREFIX": str(tmp_path / "pyc"), "PYTHONPATH": str(ROOT)}
    start = str(time.time() + 2)  # after the slowest start-up
    savers = [
        subprocess.Popen([sys.executable, "-c", SAVING_AT_ONCE, str(who), start], env=env, cwd=ROOT)
        for who in range(6)
    ]
    assert [saver.wait(timeout=120) for saver in savers] == [0] * 6
    saved = {p for p in stored_patterns(tmp_path / "pyc") if p.startswith("saved-by-")}
    assert saved == {f"saved-by-{who}-{n}" for who in range(6) for n in range(25)}
