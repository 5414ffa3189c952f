"""Fault injection: nothing lost, nothing altered, one writer per output, one line and exit 2.

Re-creates the cases of the fault campaign: concurrent writers, kill and resume, a damaged part,
a full disk, a decompression bomb, verbatim values, folders as outputs, undecodable drafts,
Ctrl-C. Processes are real (``python -m analysis``); the full disk is simulated by making the
writer raise ``OSError(ENOSPC)``.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from analysis import corpus, tables
from analysis.cli import main as cli_main
from analysis.corpus import label_corpus, parts_dir
from analysis.errors import OutputError
from analysis.tables import output_lock

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ["Kyiv rejected the proposal.", "They lied about the convoy.", "Prices will likely rise.",
             "The talks resumed on Monday.", "This is unacceptable."]


def _corpus(path: Path, n: int) -> Path:
    pd.DataFrame({"id": [f"{i:06d}" for i in range(n)],
                  "text": [SENTENCES[i % len(SENTENCES)] + f" ({i})" for i in range(n)]}).to_csv(path, index=False)
    return path


def _cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "analysis", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def _one_line_error(err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("error: "), err
    assert "Traceback" not in err, err


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.name.endswith((".tmp", ".parts")))


# ------------------------------------------------------------------------- one writer per output


def test_second_writer_is_refused_with_the_owner_pid(tmp_path):
    src = _corpus(tmp_path / "in.csv", 50)
    out = tmp_path / "out.parquet"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom analysis.tables import output_lock\n"
        f"with output_lock({str(out)!r}):\n    print('locked', flush=True)\n    time.sleep(30)\n")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        proc = _cli("label-corpus", str(src), "-o", str(out), "--labeler", "cues", "--quiet")
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 2
        _one_line_error(err)
        assert f"is being written by process {holder.pid}" in err
        assert not out.exists()
    finally:
        holder.kill()
        holder.wait()
    # the holder died without cleaning up: its lock is stale and the next run takes it over
    assert cli_main(["label-corpus", str(src), "-o", str(out), "--labeler", "cues", "--quiet"]) == 0
    assert len(pd.read_parquet(out)) == 50
    assert _leftovers(tmp_path) == []


def test_two_concurrent_runs_never_mix_parts(tmp_path):
    """Two runs with different chunk sizes started together: one writes, the other is refused."""
    src = _corpus(tmp_path / "in.csv", 6000)
    out = tmp_path / "out.parquet"
    a = _cli("label-corpus", str(src), "-o", str(out), "--labeler", "cues", "--chunksize", "500", "--quiet")
    b = _cli("label-corpus", str(src), "-o", str(out), "--labeler", "cues", "--chunksize", "700", "--quiet")
    results = [p.communicate(timeout=300) for p in (a, b)]
    codes = sorted([a.returncode, b.returncode])
    assert codes in ([0, 2], [0, 0]), results  # [0, 0]: the second started after the first finished
    for proc, (_, err) in zip((a, b), results):
        if proc.returncode == 2:
            _one_line_error(err)
            assert "is being written by process" in err
    got = pd.read_parquet(out)
    assert got["row"].tolist() == list(range(1, 6001))
    assert got["id"].tolist() == [f"{i:06d}" for i in range(6000)]
    assert _leftovers(tmp_path) == []


# ------------------------------------------------------------------------- kill, resume, damaged parts


def _killed_midway(src: Path, out: Path, chunksize: int = 200) -> None:
    proc = _cli("label-corpus", str(src), "-o", str(out), "--labeler", "cues", "--chunksize", str(chunksize), "--quiet")
    parts = parts_dir(out)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(parts.glob("part-*.arrow"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists() and len(list(parts.glob("part-*.arrow"))) >= 3


@pytest.mark.slow
def test_sigkill_then_resume_gives_the_same_output(tmp_path):
    src = _corpus(tmp_path / "in.csv", 20000)
    out = tmp_path / "out.parquet"
    _killed_midway(src, out)
    assert cli_main(["label-corpus", str(src), "-o", str(out), "--labeler", "cues", "--chunksize", "200", "--quiet"]) == 0
    fresh = label_corpus(src, tmp_path / "fresh.parquet", labeler="cues", chunksize=200, progress=False)
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(fresh))
    assert _leftovers(tmp_path) == []


@contextlib.contextmanager
def _crash_on_chunk(n: int, exc: BaseException | type[BaseException]) -> Iterator[None]:
    """While active, ``label_corpus`` raises ``exc`` when it starts labelling its ``n``-th chunk."""
    real = corpus._label_chunk
    calls = []

    def crash(chunk, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise exc
        return real(chunk, **kwargs)

    corpus._label_chunk = crash
    try:
        yield
    finally:
        corpus._label_chunk = real


@pytest.mark.parametrize("damage", ["truncate", "empty", "garbage"])
def test_damaged_part_is_redone_not_trusted(tmp_path, damage, capsys):
    src = _corpus(tmp_path / "in.csv", 400)
    out = tmp_path / "out.parquet"
    with _crash_on_chunk(3, KeyboardInterrupt), pytest.raises(KeyboardInterrupt):
        label_corpus(src, out, labeler="cues", chunksize=100, progress=False)
    part = parts_dir(out) / "part-000001.arrow"
    data = part.read_bytes()
    part.write_bytes({"truncate": data[: len(data) // 2], "empty": b"", "garbage": b"x" * len(data)}[damage])
    label_corpus(src, out, labeler="cues", chunksize=100, progress=False)
    assert "damaged or incomplete; redoing that chunk" in capsys.readouterr().err
    fresh = label_corpus(src, tmp_path / "fresh.parquet", labeler="cues", chunksize=100, progress=False)
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(fresh))


def test_resume_with_other_options_restarts_cleanly(tmp_path, capsys):
    src = _corpus(tmp_path / "in.csv", 300)
    out = tmp_path / "out.parquet"
    with _crash_on_chunk(2, RuntimeError("boom")), pytest.raises(RuntimeError):
        label_corpus(src, out, labeler="cues", chunksize=100, progress=False)
    label_corpus(src, out, labeler="cues", chunksize=70, progress=False)  # another chunk size
    assert "other options" in capsys.readouterr().err
    got = pd.read_parquet(out)
    assert got["row"].tolist() == list(range(1, 301)) and got["row"].is_unique


# ------------------------------------------------------------------------- disk full


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_in_label_corpus_is_one_line_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    src = _corpus(tmp_path / "in.csv", 300)
    out = tmp_path / "out.parquet"
    monkeypatch.setattr(tables.os, "fsync", _enospc)
    assert cli_main(["label-corpus", str(src), "-o", str(out), "--labeler", "cues", "--quiet"]) == 2
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "no space left" in err
    assert not out.exists()
    assert not list(tmp_path.glob(".*.tmp")) and not list(parts_dir(out).glob(".*.tmp"))


def test_disk_full_in_label_and_ingest(tmp_path, capsys, monkeypatch):
    src = _corpus(tmp_path / "in.csv", 20)
    out_dir = tmp_path / "tables"
    assert cli_main(["ingest", str(ROOT / "data" / "raw" / "articles"), "-o", str(out_dir)]) == 0
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    capsys.readouterr()
    monkeypatch.setattr(tables.os, "fsync", _enospc)
    assert cli_main(["label", str(src), "-o", str(tmp_path / "out.csv"), "--labeler", "cues", "--quiet"]) == 2
    _one_line_error(capsys.readouterr().err)
    assert cli_main(["ingest", str(ROOT / "data" / "raw" / "articles"), "-o", str(out_dir)]) == 2
    _one_line_error(capsys.readouterr().err)
    # all or nothing: the earlier tables are untouched, no staging folder or temp file is left
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before
    assert _leftovers(tmp_path) == [] and not (tmp_path / "out.csv").exists()


# ------------------------------------------------------------------------- caps


def test_decompression_bomb_stops_at_the_cap(tmp_path, capsys):
    bomb = tmp_path / "bomb.csv.gz"
    with gzip.open(bomb, "wb") as fh:
        fh.write(b"text\n")
        for _ in range(64):
            fh.write(b"a" * (1 << 20))  # 64 MB of one cell
    for command in (["label-corpus", str(bomb), "-o", str(tmp_path / "out.parquet")], ["label", str(bomb)]):
        assert cli_main([*command, "--labeler", "cues", "--quiet", "--max-input-bytes", "10000000"]) == 2
        err = capsys.readouterr().err
        _one_line_error(err)
        assert "decompresses to more than 10,000,000 bytes" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bomb.csv.gz"]


def test_bomb_under_a_memory_limit(tmp_path):
    """A 3 GB cell behind a small .gz: with the default caps the row is skipped, memory stays low."""
    bomb = tmp_path / "bomb.csv.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as fh:
        fh.write(b"id,text\n1,")
        block = b"a" * (1 << 22)
        for _ in range(50):  # 200 MB cell (enough to blow a 1 GB limit if held several times)
            fh.write(block)
        fh.write(b"\n2,They lied.\n")
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_DATA, (1_200_000_000, 1_200_000_000))\n"
        "from analysis.cli import main\n"
        f"sys.exit(main(['label-corpus', {str(bomb)!r}, '-o', {str(tmp_path / 'out.parquet')!r}, '--labeler', 'cues', '--quiet']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    got = pd.read_parquet(tmp_path / "out.parquet")
    assert got["id"].tolist() == ["2"] and got["accusation"].tolist() == [1]
    skipped = pd.read_csv(tmp_path / "out.parquet.skipped.csv")
    assert skipped["row"].tolist() == [1] and "max-row-chars" in skipped["reason"][0]
    assert "1 row(s) were skipped" in proc.stderr


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "txt", "parquet"])
def test_row_cap_skips_and_lists_the_row_in_every_input_format(tmp_path, fmt):
    """--max-row-chars holds for every format: the long row is skipped and listed, the others labelled."""
    texts = ["They lied.", "x " * 60, "We reject it."]
    src = tmp_path / f"in.{fmt}"
    if fmt == "txt":
        src.write_text("\n".join(texts) + "\n", encoding="utf-8")
    elif fmt == "parquet":
        pd.DataFrame({"text": texts}).to_parquet(src)
    elif fmt == "jsonl":
        pd.DataFrame({"text": texts}).to_json(src, orient="records", lines=True)
    else:
        pd.DataFrame({"text": texts}).to_csv(src, index=False)
    out = tmp_path / "out.parquet"
    assert cli_main(["label-corpus", str(src), "-o", str(out), "--labeler", "cues", "--quiet",
                     "--max-row-chars", "100"]) == 0
    got = pd.read_parquet(out)
    assert got["row"].tolist() == [1, 3] and got["accusation"].tolist() == [1, 0]
    skipped = pd.read_csv(tmp_path / "out.parquet.skipped.csv")
    assert skipped["row"].tolist() == [2] and "max-row-chars" in skipped["reason"][0]


# ------------------------------------------------------------------------- verbatim values


@pytest.mark.parametrize("out_name", ["out.csv", "out.parquet", "out.jsonl"])
@pytest.mark.parametrize("command", ["label", "label-corpus"])
def test_values_come_back_verbatim(tmp_path, command, out_name):
    src = tmp_path / "in.csv"
    src.write_text("id,country,text\n000123,NA,They lied.\n0042,None,null\n7,N/A,NaN\n-0,null,None\n",
                   encoding="utf-8")
    out = tmp_path / out_name
    assert cli_main([command, str(src), "-o", str(out), "--labeler", "cues", "--quiet", "--chunksize", "2"]
                    if command == "label-corpus" else [command, str(src), "-o", str(out), "--labeler", "cues"]) == 0
    if out.suffix == ".parquet":
        got = pd.read_parquet(out)
    elif out.suffix == ".jsonl":
        got = pd.read_json(out, lines=True, dtype=False)
    else:
        got = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert got["id"].tolist() == ["000123", "0042", "7", "-0"]
    assert got["country"].tolist() == ["NA", "None", "N/A", "null"]
    assert got["text"].tolist() == ["They lied.", "null", "NaN", "None"]
    assert [str(v) for v in got["accusation"].tolist()] == ["1", "0", "0", "0"]  # text, not missing


def test_same_messy_csv_same_rows_in_label_label_corpus_and_ingest(tmp_path, capsys):
    src = tmp_path / "messy.csv"
    src.write_text("id,text\n1,They lied.\n2,\n3,   \n\n5,Kyiv rejected the plan.\n", encoding="utf-8")
    assert cli_main(["label", str(src), "-o", str(tmp_path / "a.csv"), "--labeler", "cues"]) == 0
    err_label = capsys.readouterr().err
    assert cli_main(["label-corpus", str(src), "-o", str(tmp_path / "b.csv"), "--labeler", "cues", "--quiet"]) == 0
    err_corpus = capsys.readouterr().err
    a = pd.read_csv(tmp_path / "a.csv", dtype=str, keep_default_na=False)
    b = pd.read_csv(tmp_path / "b.csv", dtype=str, keep_default_na=False)
    assert b["row"].tolist() == ["1", "2", "3", "4", "5"]
    pd.testing.assert_frame_equal(a, b.drop(columns=["row"]))
    for err in (err_label, err_corpus):
        assert "3 row(s) had no text" in err and "rows 2, 3, 4" in err
    assert cli_main(["ingest", str(src), "-o", str(tmp_path / "ing")]) == 0
    err_ingest = capsys.readouterr().err
    skipped = pd.read_parquet(tmp_path / "ing" / "skipped.parquet")
    assert skipped["item"].tolist() == ["row 2", "row 3", "row 4"] and set(skipped["problem"]) == {"no text"}
    assert "(row 2): no text" in err_ingest


# ------------------------------------------------------------------------- one line, exit 2


def test_folders_and_files_in_the_wrong_place(tmp_path, capsys):
    src = _corpus(tmp_path / "in.csv", 5)
    folder = tmp_path / "dir.parquet"
    folder.mkdir()
    cases = [
        ["label", str(src), "-o", str(folder)],
        ["label-corpus", str(src), "-o", str(folder)],
        ["ingest", str(ROOT / "data" / "raw" / "articles"), "-o", str(src)],
    ]
    for argv in cases:
        assert cli_main([*argv, "--quiet"]) == 2, argv
        _one_line_error(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.parquet", "in.csv"]
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(("name", "content", "message"), [
    ("cp1251.txt", "Проект договора".encode("cp1251"), "not UTF-8 text"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary file"),
    ("empty.txt", b"", "empty file"),
])
def test_drafts_align_bad_text_is_one_line(tmp_path, capsys, name, content, message):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = ROOT / "tests" / "fixtures" / "drafts" / "texts" / "treaty-v1.txt"
    assert cli_main(["drafts", "align", str(bad), str(good)]) == 2
    err = capsys.readouterr().err
    _one_line_error(err)
    assert message in err and name in err


def test_ctrl_c_is_one_line_exit_130_and_resumable(tmp_path):
    src = _corpus(tmp_path / "in.csv", 20000)
    out = tmp_path / "out.parquet"
    proc = _cli("label-corpus", str(src), "-o", str(out), "--labeler", "cues", "--chunksize", "200", "--quiet")
    deadline = time.time() + 120
    while time.time() < deadline and len(list(parts_dir(out).glob("part-*.arrow"))) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and "interrupted" in err
    assert len(list(parts_dir(out).glob("part-*.arrow"))) >= 2  # kept for the rerun
    assert not list(tmp_path.glob(".*.lock"))


def test_output_lock_is_exclusive_within_a_process(tmp_path):
    out = tmp_path / "x.parquet"
    with output_lock(out):
        with pytest.raises(OutputError, match=f"process {os.getpid()}"):
            with output_lock(out):
                pass
    assert list(tmp_path.iterdir()) == []


def test_dask_worker_deaths_are_one_line(tmp_path, capsys, monkeypatch):
    from distributed.scheduler import KilledWorker

    src = _corpus(tmp_path / "in.csv", 10)

    def dies(*args, **kwargs):
        raise KilledWorker("('label-and-write-0', 0)", "tcp://127.0.0.1:1234", None)

    monkeypatch.setattr(corpus, "_run_local", dies)
    assert cli_main(["label-corpus", str(src), "-o", str(tmp_path / "out.parquet"), "--labeler", "cues", "--quiet"]) == 2
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "Dask worker died repeatedly" in err
