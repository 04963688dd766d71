"""Offline batches through the CLI: index.jsonl, resume, --jobs, bad input at scale, quiet and CSV."""

from __future__ import annotations

import base64
import csv
import io
import json
import random
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, index_lines
from fakeserver import county_name, make_report

from summarizer.cli import main

GOOD = FIXTURES / "f05_province_bom.txt"


pytestmark = pytest.mark.usefixtures("offline_and_bounded")


def reports(directory: Path, count: int, start: int = 0) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = directory / f"{county_name(i)}.txt"
        path.write_text(make_report(i), "utf-8")
        paths.append(path)
    return paths


def run(*args: str) -> int:
    return main(["run", *args])


def latest(out: Path) -> dict[str, dict]:
    return {entry["source"]: entry for entry in index_lines(out)}


def assert_outputs_whole(out: Path) -> None:
    """Every output the index names exists and parses; no temporary file is left behind."""
    for entry in latest(out).values():
        for name in entry["outputs"]:
            text = (out / name).read_text("utf-8")
            if name.endswith(".json"):
                assert json.loads(text)["source"]["sha256"] == entry["sha256"]
            else:
                assert text.strip()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


# --------------------------------------------------------------------------- index and resume


def test_index_has_one_line_per_report_and_a_rerun_skips_the_done_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = reports(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert run(str(tmp_path / "in"), "-o", str(out), "--jobs", "2") == 1  # the empty file fails
    first = latest(out)
    empty_path = str(tmp_path / "in" / "empty.txt")
    assert len(index_lines(out)) == 4 and set(first) == {str(p) for p in inputs} | {empty_path}
    entry = first[str(inputs[0])]
    assert entry["status"] == "ok" and entry["verification"] == "verified" and entry["error"] is None
    settings = {"backend": "rules", "strict": False, "formats": ["json", "md"], "tool_version": "0.1.0"}
    assert entry["settings"] == settings
    assert entry["outputs"] == [f"{inputs[0].stem}.json", f"{inputs[0].stem}.md"]
    assert entry["started"] <= entry["finished"] and len(entry["sha256"]) == 64
    empty = first[empty_path]
    assert empty["status"] == "failed" and "empty file" in empty["error"] and empty["outputs"] == []
    assert_outputs_whole(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.glob("*.json")}
    capsys.readouterr()

    assert run(str(tmp_path / "in"), "-o", str(out), "--jobs", "2") == 1
    stdout, stderr = capsys.readouterr()
    assert stdout.count("skipped") == 3 and "FAILED" in stdout  # failures are always tried again
    assert "3 of 4 reports ok (3 done earlier)" in stderr and "empty file" in stderr
    assert len(index_lines(out)) == 5  # only the failed report was redone
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.json")} == mtimes


def test_only_what_changed_is_redone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = reports(tmp_path / "in", 3)
    out = tmp_path / "out"
    args = [str(tmp_path / "in"), "-o", str(out)]
    assert run(*args) == 0
    inputs[0].write_text(make_report(90), "utf-8")  # new content at the same path
    (out / f"{inputs[1].stem}.md").unlink()  # an output went missing
    capsys.readouterr()
    assert run(*args) == 0
    stdout = capsys.readouterr().out
    redone = {line.split()[1] for line in stdout.splitlines() if line.startswith("ok")}
    assert redone == {str(inputs[0]), str(inputs[1])} and stdout.count("skipped") == 1
    assert latest(out)[str(inputs[0])]["stem"] == inputs[0].stem  # a rerun keeps its names
    assert run(*args, "--strict") == 0  # other settings: everything again
    assert capsys.readouterr().out.count("skipped") == 0
    assert run(*args, "--strict", "--force") == 0
    assert capsys.readouterr().out.count("skipped") == 0
    assert len(index_lines(out)) == 3 + 2 + 3 + 3


def test_a_new_source_never_takes_the_stem_of_an_earlier_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / "a").mkdir()
    shutil.copy(GOOD, tmp_path / "a" / "report.txt")
    assert run(str(tmp_path / "a"), "-o", str(out)) == 0
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "report.txt").write_text(make_report(3), "utf-8")
    before = (out / "report.json").read_bytes()
    assert run(str(tmp_path / "b"), "-o", str(out)) == 0
    assert (out / "report.json").read_bytes() == before and (out / "report-2.json").is_file()


def test_jobs_with_the_rules_backend_change_nothing(tmp_path: Path) -> None:
    """The rules backend runs one report at a time whatever --jobs says (runner docstring)."""
    reports(tmp_path / "in", 8)
    shutil.copy(GOOD, tmp_path / "in")
    assert run(str(tmp_path / "in"), "-o", str(tmp_path / "one"), "--jobs", "1") == 0
    assert run(str(tmp_path / "in"), "-o", str(tmp_path / "four"), "--jobs", "4") == 0
    one, four = latest(tmp_path / "one"), latest(tmp_path / "four")
    assert len(one) == len(four) == 9
    for source, entry in one.items():
        assert four[source]["stem"] == entry["stem"] and four[source]["outputs"] == entry["outputs"]
        for name in entry["outputs"]:
            assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "four" / name).read_bytes()
    assert_outputs_whole(tmp_path / "four")


def test_a_torn_index_line_does_not_stop_a_rerun(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert run(str(tmp_path / "in"), "-o", str(out)) == 0
    with (out / "index.jsonl").open("ab") as index:
        index.write(b'{"v": 1, "source": "x", "key": "/x", "sta')  # a kill in the middle of a line
    capsys.readouterr()
    assert run(str(tmp_path / "in"), "-o", str(out), "--format", "json") == 0  # new settings: redo both
    lines = (out / "index.jsonl").read_text("utf-8").splitlines()
    assert sum(line.endswith('"sta') for line in lines) == 1  # the torn line stays alone on its line
    entries = index_lines(out)
    assert len(entries) == 4 and all(e["settings"]["formats"] == ["json"] for e in entries[2:])


# --------------------------------------------------------------------------- inputs


def test_directories_note_skipped_files_and_never_read_their_own_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    reports(src, 1)
    (src / "notes.pdf").write_bytes(b"PK")
    (src / ".hidden.txt").write_text("x")
    out = src / "out"
    assert run(str(src), "-o", str(out), "--format", "json,html") == 0
    assert "skipped 1 non-report file(s)" in capsys.readouterr().err
    assert run(str(src), "-o", str(out), "--format", "json,html") == 0  # out/*.html are not inputs
    assert "1 of 1 reports ok (1 done earlier)" in capsys.readouterr().err
    assert len(latest(out)) == 1


def _five_mb_report() -> bytes:
    """f05's achievements repeated until the report is 5 MB."""
    text = GOOD.read_text("utf-8-sig")
    start, end = text.index("一、"), text.index("二、")
    repeats = 5 * 2**20 // len(text[start:end].encode()) + 1
    return (text[:end] + text[start:end] * repeats + text[end:]).encode()


def test_bad_inputs_at_scale_each_get_their_outcome_and_none_stops_the_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_empty.txt").write_bytes(b"")
    (src / "b_binary.txt").write_bytes(bytes(range(256)) * 8)
    shutil.copy(FIXTURES / "f03_bureau_gbk.txt", src / "c_gbk.txt")
    (src / "d_huge.txt").write_bytes(_five_mb_report())
    shutil.copy(FIXTURES / "f04_district_page.html", src / "e_page.html")
    shutil.copy(FIXTURES / "not_a_report_gis.txt", src / "f_gis.txt")
    shutil.copy(next(EXAMPLES.glob("*.txt")), src / "g_good.txt")
    out = tmp_path / "out"
    assert run(str(src), "-o", str(out), "--jobs", "3") == 1
    got = {Path(source).stem: entry for source, entry in latest(out).items()}
    expected = {
        "a_empty": ("failed", "empty file"),
        "b_binary": ("failed", "binary"),
        "c_gbk": ("ok", None),
        "d_huge": ("failed", "too large for one report (5.0 MB"),
        "e_page": ("ok", None),
        "f_gis": ("failed", "not a 法治政府建设年度报告"),
        "g_good": ("ok", None),
    }
    assert set(got) == set(expected)
    for stem, (status, message) in expected.items():
        assert got[stem]["status"] == status, (stem, got[stem])
        if message:
            assert message in got[stem]["error"], (stem, got[stem]["error"])
        else:
            assert got[stem]["verification"] == "verified" and len(got[stem]["outputs"]) == 2
    assert_outputs_whole(out)


# --------------------------------------------------------------------------- output modes


def test_quiet_prints_only_the_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports(tmp_path / "in", 2)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    assert run(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--quiet") == 1
    stdout, stderr = capsys.readouterr()
    assert stdout == ""
    assert "2 of 3 reports ok" in stderr and "empty.txt" in stderr and "reports ·" not in stderr


def test_csv_covers_reports_done_earlier(tmp_path: Path) -> None:
    inputs = reports(tmp_path / "in", 3)
    table = tmp_path / "metrics.csv"
    args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--csv", str(table), "--jobs", "2"]
    assert run(*args) == 0
    first = sorted(csv.reader(table.open(encoding="utf-8-sig")))
    inputs[0].write_text(make_report(77), "utf-8")
    assert run(*args) == 0  # two reports skipped: their rows come from their JSON outputs
    second = sorted(csv.reader(table.open(encoding="utf-8-sig")))
    assert len(second) == len(first)
    assert {row[2] for row in second if row[2] != "source"} == {str(p) for p in inputs}


def test_an_output_that_cannot_be_written_fails_that_report_only(tmp_path: Path) -> None:
    inputs = reports(tmp_path / "in", 2)
    out = tmp_path / "out"
    (out / f"{inputs[0].stem}.json").mkdir(parents=True)  # a directory where the output must go
    assert run(str(tmp_path / "in"), "-o", str(out), "--jobs", "2") == 1
    entries = latest(out)
    blocked, fine = entries[str(inputs[0])], entries[str(inputs[1])]
    assert blocked["status"] == "failed" and "cannot write the outputs" in blocked["error"]
    assert blocked["outputs"] == [] and fine["status"] == "ok"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def _with_a_photo(report: str, suffix: str, photo_mb: float = 2.5) -> bytes:
    """The report as a saved web page (its photo inline, a data: URI) or a Word file (a photo in its media)."""
    photo = random.Random(7).randbytes(int(photo_mb * 2**20))
    if suffix == ".html":
        image = f'<img src="data:image/jpeg;base64,{base64.b64encode(photo).decode()}">'
        return f"<html><body>{image}{''.join(f'<p>{line}</p>' for line in report.splitlines())}</body></html>".encode()
    word = io.BytesIO()
    with zipfile.ZipFile(word, "a") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in report.splitlines())
        namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        archive.writestr(
            "word/document.xml", f"<w:document {namespace}><w:body>{paragraphs}</w:body></w:document>"
        )
        archive.writestr("word/media/image1.jpeg", photo)
    return word.getvalue()


@pytest.mark.parametrize("suffix", [".html", ".docx"])
def test_a_report_with_photos_is_not_too_large_its_text_is_what_counts(tmp_path: Path, suffix: str) -> None:
    """A web page saved whole or a Word file carries its photos: MB around a report of a few KB. The
    limit is on the text read from it; a file whose text is above it is still refused, and says so."""
    small = tmp_path / f"photo{suffix}"
    small.write_bytes(_with_a_photo(make_report(3), suffix))
    big = tmp_path / f"long{suffix}"
    big.write_bytes(_with_a_photo(make_report(4) * 400, suffix, photo_mb=0.1))
    out = tmp_path / "out"
    assert small.stat().st_size > 2**21 and big.stat().st_size < 2**21
    assert run(str(small), str(big), "-o", str(out), "--max-mb", "0.25") == 1
    entries = latest(out)
    assert entries[str(small)]["status"] == "ok"
    assert "too large for one report (its text is" in entries[str(big)]["error"]
    assert "the limit is 0.25 MB" in entries[str(big)]["error"]


def test_the_size_limit_is_adjustable_and_can_be_lifted(tmp_path: Path) -> None:
    [report] = reports(tmp_path / "in", 1)
    size = report.stat().st_size
    out = tmp_path / "out"
    assert run(str(report), "-o", str(out), "--max-mb", str(size / 2 / 2**20)) == 1
    assert "too large for one report" in latest(out)[str(report)]["error"]
    assert run(str(report), "-o", str(out), "--max-mb", "0") == 0
    assert latest(out)[str(report)]["status"] == "ok"


def test_csv_redoes_a_report_whose_json_output_cannot_be_read_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = reports(tmp_path / "in", 2)
    out, table = tmp_path / "out", tmp_path / "metrics.csv"
    args = [str(tmp_path / "in"), "-o", str(out), "--csv", str(table)]
    assert run(*args) == 0
    (out / f"{inputs[0].stem}.json").write_text("{}", "utf-8")  # edited by hand: no longer a report
    capsys.readouterr()
    assert run(*args) == 0
    stdout = capsys.readouterr().out
    assert stdout.count("skipped") == 1 and f"ok          {inputs[0]}" in stdout
    assert {row["source"] for row in csv.DictReader(table.open(encoding="utf-8-sig"))} == set(
        map(str, inputs)
    )
