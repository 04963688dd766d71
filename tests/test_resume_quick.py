"""Resume quick check: an unchanged source or output is recognised by its file signature (size, times,
inode) without being read; any change of size or times makes the file hashed again, a changed content
redoes the report, and an index written before signatures existed still resumes (by hashing)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import FIXTURES, index_lines
from fakeserver import county_name, make_report

from summarizer import runindex, runner
from summarizer.cli import main

pytestmark = pytest.mark.usefixtures("offline_and_bounded")


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the run hashes (sources at planning, outputs at the done check), by name; and no
    racy margin, so files the test has just written get their signature recorded."""
    names: list[str] = []
    real = runindex.file_sha256

    def counting(path: str | Path) -> str | None:
        names.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(runindex, "file_sha256", counting)
    monkeypatch.setattr(runner, "file_sha256", counting)
    monkeypatch.setattr(runindex, "RACY_NS", 0)
    monkeypatch.setattr(runindex, "COARSE_RACY_NS", 0)
    return names


def reports(directory: Path, count: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"{county_name(i)}.txt" for i in range(count)]
    for i, path in enumerate(paths):
        path.write_text(make_report(i), "utf-8")
    return paths


def rerun(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[set[str], set[str]]:
    """(redone sources, skipped sources) of one more run."""
    capsys.readouterr()
    assert main(["run", *args]) == 0
    lines = capsys.readouterr().out.splitlines()
    redone = {line.split()[1] for line in lines if line.startswith("ok")}
    skipped = {line.split()[1] for line in lines if line.startswith("skipped")}
    return redone, skipped


def one_digit_changed(text: str) -> str:
    """The same text, one digit different: the same size in bytes."""
    digit = next(ch for ch in text if ch.isdigit())
    return text.replace(digit, str((int(digit) + 1) % 10), 1)


def lines_of(out: Path) -> list[dict]:
    return index_lines(out)


def test_an_unchanged_batch_resumes_without_reading_a_file(
    tmp_path: Path, hashed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = reports(tmp_path / "in", 3)
    args = [str(tmp_path / "in"), "-o", str(tmp_path / "out")]
    assert main(["run", *args]) == 0
    entry = lines_of(tmp_path / "out")[0]
    assert len(entry["source_stat"]) == 5 and set(entry["output_stats"]) == set(entry["outputs"])
    hashed.clear()
    redone, skipped = rerun(args, capsys)
    assert (redone, skipped) == (set(), {str(p) for p in inputs})
    assert hashed == []


def test_a_changed_size_or_time_is_hashed_and_a_changed_content_redone(
    tmp_path: Path, hashed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    touched, same_size, longer, untouched = reports(tmp_path / "in", 4)
    out = tmp_path / "out"
    args = [str(tmp_path / "in"), "-o", str(out)]
    assert main(["run", *args]) == 0
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # times only
    before = same_size.stat()
    same_size.write_text(one_digit_changed(same_size.read_text("utf-8")), "utf-8")
    os.utime(same_size, ns=(before.st_atime_ns, before.st_mtime_ns))  # size and mtime as they were
    assert same_size.stat().st_size == before.st_size
    longer.write_text(longer.read_text("utf-8") + "\n", "utf-8")
    hashed.clear()
    redone, skipped = rerun(args, capsys)
    assert redone == {str(same_size), str(longer)} and skipped == {str(touched), str(untouched)}
    # the ctime a write sets gives the same-size edit with its mtime set back away
    assert sorted(hashed) == sorted(p.name for p in (touched, same_size, longer))


def test_an_output_with_other_times_is_hashed_and_an_edited_one_redone(
    tmp_path: Path, hashed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = reports(tmp_path / "in", 2)
    out = tmp_path / "out"
    args = [str(tmp_path / "in"), "-o", str(out)]
    assert main(["run", *args]) == 0
    os.utime(out / f"{first.stem}.md")  # same bytes, new times: hashed, still done
    edited = out / f"{second.stem}.md"
    edited.write_text(one_digit_changed(edited.read_text("utf-8")), "utf-8")  # same size
    hashed.clear()
    redone, skipped = rerun(args, capsys)
    assert redone == {str(second)} and skipped == {str(first)}
    assert sorted(hashed) == sorted([f"{first.stem}.md", f"{second.stem}.md"])


def test_an_index_from_before_signatures_still_resumes_by_hashing(
    tmp_path: Path, hashed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = reports(tmp_path / "in", 3)
    out = tmp_path / "out"
    args = [str(tmp_path / "in"), "-o", str(out)]
    assert main(["run", *args]) == 0
    old = [{k: v for k, v in e.items() if k not in ("source_stat", "output_stats")} for e in lines_of(out)]
    (out / "index.jsonl").write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in old), "utf-8")
    inputs[0].write_text(make_report(50), "utf-8")
    hashed.clear()
    redone, skipped = rerun(args, capsys)
    assert redone == {str(inputs[0])} and skipped == {str(p) for p in inputs[1:]}
    assert len(hashed) == 3 + 2 * 2  # every source, and the outputs of the two skipped reports
    assert "source_stat" in lines_of(out)[-1]  # the redone report's new line has signatures


def test_a_source_changed_just_before_it_was_hashed_gets_no_signature(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_bytes(make_report(1).encode())
    stat = source.stat()
    assert runindex.settled_signature(stat, max(stat.st_mtime_ns, stat.st_ctime_ns) + 1) is None
    later = max(stat.st_mtime_ns, stat.st_ctime_ns) + runindex.COARSE_RACY_NS + 1
    assert runindex.settled_signature(stat, later) == runindex.signature(stat)


def test_no_signature_is_recorded_when_the_worker_read_other_bytes_than_planned(tmp_path: Path) -> None:
    index = runindex.RunIndex(tmp_path)
    committer = runner.Committer(tmp_path, index, ["json"], {"backend": "rules"})
    task = runner.Task(str(FIXTURES / "f05_province_bom.txt"), "key", "stem", sha256="a" * 64)
    task.source_stat = [1, 2, 3, 4, 5]
    same = runner.Finished(sha256="a" * 64, started="", t0=0.0)
    other = runner.Finished(sha256="b" * 64, started="", t0=0.0)
    assert committer._entry(task, same, "ok", [], {}, None)["source_stat"] == [1, 2, 3, 4, 5]
    assert "source_stat" not in committer._entry(task, other, "ok", [], {}, None)


def syncs_counted(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """The descriptors ``owner.name`` (a sync) is called with from now on; one sync pass a run."""
    calls: list[int] = []
    real = getattr(owner, name)
    monkeypatch.setattr(owner, name, lambda fd: (calls.append(fd), real(fd)))
    monkeypatch.setattr(runindex, "SYNC_EVERY_S", 60.0)  # a slow machine must not make a second pass
    return calls


def test_the_index_is_synced_once_a_second_and_at_the_end_not_per_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = syncs_counted(monkeypatch, runindex, "sync_file_system")
    index = runindex.RunIndex(tmp_path)
    index.open()
    for i in range(50):
        index.append({"key": f"/x/{i}.txt", "status": "failed"})
    assert len(synced) == 1  # the first line; the next 49 wait
    index.close()
    assert len(synced) == 2
    markers = [json.loads(line) for line in (tmp_path / "index.jsonl").read_bytes().splitlines()]
    markers = [m for m in markers if "synced_to" in m]
    size = (tmp_path / "index.jsonl").stat().st_size
    assert len(markers) == 2 and markers[-1]["synced_to"] == size - len(json.dumps(markers[-1])) - 1
    assert len(runindex.RunIndex(tmp_path).load().latest) == 50


def test_a_run_fsyncs_no_output_one_by_one_and_marks_every_line_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fsynced = syncs_counted(monkeypatch, os, "fsync")
    counts = []
    for n in (2, 6):
        reports(tmp_path / f"in{n}", n)
        out = tmp_path / f"out{n}"
        fsynced.clear()
        assert main(["run", str(tmp_path / f"in{n}"), "-o", str(out), "--format", "json,md", "-q"]) == 0
        counts.append(len(fsynced))
        raw = (out / "index.jsonl").read_bytes()
        last = json.loads(raw.splitlines()[-1])
        assert last.get("synced_to", 0) > raw.rindex(b'"key":')  # the last marker covers every line
        runs = {entry["unsynced"] for entry in lines_of(out)}
        assert len(runs) == 1 and last["run"] in runs
    assert counts[0] == counts[1]  # the overview's files and the index: none per report


def _index_of_one_report(tmp_path: Path, *, marker: str | None) -> runindex.RunIndex:
    """An index whose one line describes ``a.json`` by signature and by a digest of other bytes: the
    zero-filled file of the right size that a crash can leave where an unsynced output was."""
    output = tmp_path / "a.json"
    output.write_bytes(b"\0" * 16)
    line = {
        "v": 1, "key": "/x/a.txt", "sha256": "a" * 64, "fingerprint": "f1", "status": "ok",
        "outputs": ["a.json"], "digests": {"a.json": "0" * 64}, "unsynced": "run1",
        "output_stats": {"a.json": runindex.signature(output.stat())},
    }  # fmt: skip
    text = json.dumps(line) + "\n"
    if marker:  # the sync of run ``marker``
        text += json.dumps({"v": 1, "run": marker, "synced_to": len(text.encode())}) + "\n"
    (tmp_path / "index.jsonl").write_text(text, "utf-8")
    return runindex.RunIndex(tmp_path).load()


def test_an_output_written_after_the_last_sync_is_hashed_not_trusted_by_its_signature(tmp_path: Path) -> None:
    assert _index_of_one_report(tmp_path, marker=None).done("/x/a.txt", "a" * 64, "f1") is None
    # covered by its run's marker: the sync made its bytes durable, and the signature is trusted
    assert _index_of_one_report(tmp_path, marker="run1").done("/x/a.txt", "a" * 64, "f1") is not None
    # another run's sync (after a power loss, say) cannot bring back what this one had not written
    assert _index_of_one_report(tmp_path, marker="run2").done("/x/a.txt", "a" * 64, "f1") is None


def test_a_marker_covers_only_the_lines_written_before_it(tmp_path: Path) -> None:
    index = _index_of_one_report(tmp_path, marker="run1")
    text = (tmp_path / "index.jsonl").read_text("utf-8")
    first, marker = text.splitlines()
    later = json.loads(first) | {"key": "/x/b.txt"}  # appended after the sync began: not covered
    (tmp_path / "index.jsonl").write_text("\n".join([first, json.dumps(later), marker]) + "\n", "utf-8")
    index = runindex.RunIndex(tmp_path).load()
    assert index.done("/x/a.txt", "a" * 64, "f1") is not None
    assert index.done("/x/b.txt", "a" * 64, "f1") is None
    assert index.torn == 0 and set(index.latest) == {"/x/a.txt", "/x/b.txt"}


def test_the_directory_walk_finds_what_rglob_finds_with_paths_resolved_once(tmp_path: Path) -> None:
    tree = tmp_path / "in"
    for name in ("a/x.txt", "a/.hidden/y.txt", "a/b/c/z.HTML", "top.htm", "notes.pdf", ".secret.txt"):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text("报告", "utf-8")
    (tree / "a" / "to_top.txt").symlink_to(tree / "top.htm")
    (tree / "a" / "linked_dir").symlink_to(tree / "a" / "b", target_is_directory=True)
    (tree / "out").mkdir()
    (tree / "out" / "r.txt").write_text("报告", "utf-8")
    skipped: list[str] = []
    found = list(runner.expand_sources([str(tree)], exclude=(tree / "out").resolve(), skipped=skipped))

    expected = []  # what the walk did before: rglob, a stat and a resolve per file
    for file in sorted(p for p in tree.rglob("*") if p.is_file()):
        parts = file.relative_to(tree).parts
        if any(part.startswith(".") for part in parts) or file.resolve().is_relative_to(tree / "out"):
            continue
        expected.append((str(file), str(file.resolve()), None))
    assert found == [e for e in expected if e[0].lower().endswith((".txt", ".html", ".htm"))]
    assert skipped == [str(tree / "notes.pdf")]
    assert (str(tree / "a" / "to_top.txt"), str((tree / "top.htm").resolve()), None) in found


def test_without_syncfs_the_index_syncs_every_file_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ctypes

    synced: list[bool] = []
    monkeypatch.setattr(ctypes, "CDLL", lambda *a, **k: (_ for _ in ()).throw(OSError("no libc")))
    monkeypatch.setattr(runindex.os, "sync", lambda: synced.append(True))
    index = runindex.RunIndex(tmp_path)
    index.open()
    index.append({"key": "/x/a.txt", "status": "failed"})
    index.close()
    assert synced and '"synced_to"' in (tmp_path / "index.jsonl").read_text("utf-8")
