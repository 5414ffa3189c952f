"""analysis.corpus: chunked labelling equals whole-frame labelling; resume; Dask; bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import corpus
from analysis.cli import main as cli_main
from analysis.corpus import ROW_COLUMN, label_corpus, parts_dir
from analysis.errors import InputError, OutputError, ParameterError
from analysis.labels import LABELS, label_sentences
from analysis.tables import iter_table

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 40
LABEL_COLUMNS = [*LABELS, *(f"{name}_score" for name in LABELS), "evidence"]


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    """~230 annotated sentences (seed + batches), with id columns and one sparse column."""
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False)
              for p in sorted((ROOT / "data" / "raw" / "annotations").glob("*.csv"))]
    frame = pd.concat(frames, ignore_index=True)[["doc_id", "n", "text"]].head(230)
    frame = frame.reset_index(drop=True)
    # a column that is empty in most rows and chunks
    frame["weight"] = np.where(np.arange(len(frame)) % 97 == 5, "0.5", "")
    return frame


def _write(frame: pd.DataFrame, path: Path) -> Path:
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True)
    else:
        frame.to_parquet(path, index=False)
    return path


def _read(path: Path) -> pd.DataFrame:
    """An output as plain values: text columns as str, numbers as float (dtypes aside)."""
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return _plain(frame)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=range(len(frame)))
    for c in frame.columns:
        col = frame[c].reset_index(drop=True)
        if c in (ROW_COLUMN, *LABELS) or c.endswith("_score"):
            out[c] = pd.to_numeric(col.replace("", np.nan)).astype(float)
        else:
            out[c] = col.astype(object).where(col.notna(), "").astype(str)
    return out


def _expected(frame: pd.DataFrame, labeler: str = "default") -> pd.DataFrame:
    """label_sentences on the whole frame, with the 1-based row number first."""
    out = label_sentences(frame, labeler=labeler, text_column="text").reset_index(drop=True)
    out.insert(0, ROW_COLUMN, np.arange(1, len(out) + 1, dtype="int64"))
    return _plain(out)


def _same(got: pd.DataFrame, expected: pd.DataFrame, **_: object) -> None:
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def _reader(suffix: str):
    return {".csv": lambda p: pd.read_csv(p, dtype=str, keep_default_na=False),
            ".jsonl": lambda p: pd.read_json(p, lines=True, dtype=False), ".parquet": pd.read_parquet}[suffix]


@pytest.mark.parametrize("out_suffix", [".parquet", ".csv"])
@pytest.mark.parametrize("in_suffix", [".csv", ".jsonl", ".parquet"])
def test_chunked_local_equals_whole_frame(tmp_path, sentences, in_suffix, out_suffix):
    src = _write(sentences, tmp_path / f"in{in_suffix}")
    out = tmp_path / f"out{out_suffix}"
    assert label_corpus(src, out, chunksize=CHUNK, progress=False) == out
    expected = _expected(_reader(in_suffix)(src))
    _same(_read(out), expected, via_csv=out_suffix == ".csv")
    assert not parts_dir(out).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([src.name, out.name])  # no temp files left


def test_output_columns_and_order(tmp_path, sentences):
    src = _write(sentences, tmp_path / "in.parquet")
    got = _read(label_corpus(src, tmp_path / "out.parquet", labeler="cues", chunksize=CHUNK, progress=False))
    assert list(got.columns) == [ROW_COLUMN, *sentences.columns, *LABEL_COLUMNS]
    assert got[ROW_COLUMN].tolist() == list(range(1, len(sentences) + 1))
    assert got["text"].tolist() == sentences["text"].tolist()
    assert set(np.unique(got[list(LABELS)].to_numpy())) <= {0, 1}


def test_iter_table_numbers_rows(tmp_path, sentences):
    src = _write(sentences, tmp_path / "in.csv")
    chunks = list(iter_table(src, chunksize=100))
    assert [c.table.num_rows for c in chunks] == [100, 100, 30]
    assert np.concatenate([c.rows for c in chunks]).tolist() == list(range(1, 231))


def test_empty_input_gives_empty_output(tmp_path):
    src = tmp_path / "empty.csv"
    src.write_text("doc_id,text\n")
    got = _read(label_corpus(src, tmp_path / "out.parquet", labeler="cues", progress=False))
    assert len(got) == 0
    assert list(got.columns) == [ROW_COLUMN, "doc_id", "text", *LABEL_COLUMNS]


# ------------------------------------------------------------------------------ resume


class _Boom(RuntimeError):
    pass


def _failing_on(call: int, monkeypatch) -> list[int]:
    """Make the chunk labeller raise on its ``call``-th call (1-based); return the call log."""
    calls: list[int] = []
    real = corpus._label_chunk

    def flaky(chunk, **kwargs):
        calls.append(int(chunk.rows[0]))
        if len(calls) == call:
            raise _Boom("simulated crash")
        return real(chunk, **kwargs)

    monkeypatch.setattr(corpus, "_label_chunk", flaky)
    return calls


def _counting(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = corpus._label_chunk

    def counted(chunk, **kwargs):
        calls.append(int(chunk.rows[0]))
        return real(chunk, **kwargs)

    monkeypatch.setattr(corpus, "_label_chunk", counted)
    return calls


@pytest.mark.parametrize("out_suffix", [".parquet", ".csv"])
def test_interrupted_run_resumes_without_duplicates(tmp_path, sentences, monkeypatch, out_suffix):
    src = _write(sentences, tmp_path / "in.csv")
    out = tmp_path / f"out{out_suffix}"
    _failing_on(3, monkeypatch)
    with pytest.raises(_Boom):
        label_corpus(src, out, chunksize=CHUNK, progress=False)
    assert not out.exists()  # never a half-written output
    parts = parts_dir(out)
    assert sorted(p.name for p in parts.glob("part-*.arrow")) == ["part-000000.arrow", "part-000001.arrow"]
    assert json.loads((parts / "manifest.json").read_text())["options"]["chunksize"] == CHUNK

    monkeypatch.undo()
    calls = _counting(monkeypatch)
    label_corpus(src, out, chunksize=CHUNK, progress=False)
    assert calls == list(range(2 * CHUNK + 1, len(sentences) + 1, CHUNK))  # only the unfinished chunks
    got = _read(out)
    assert got[ROW_COLUMN].is_unique and got[ROW_COLUMN].tolist() == list(range(1, len(sentences) + 1))
    monkeypatch.undo()
    fresh = _read(label_corpus(src, tmp_path / f"fresh{out_suffix}", chunksize=CHUNK, progress=False))
    pd.testing.assert_frame_equal(got, fresh)
    assert not parts.exists()


def test_changed_input_invalidates_old_parts(tmp_path, sentences, monkeypatch):
    src = _write(sentences, tmp_path / "in.parquet")
    out = tmp_path / "out.parquet"
    _failing_on(4, monkeypatch)
    with pytest.raises(_Boom):
        label_corpus(src, out, chunksize=CHUNK, progress=False)
    assert len(list(parts_dir(out).glob("part-*.arrow"))) == 3

    changed = sentences.copy()
    changed.loc[0, "text"] = "Officials dismissed the claims as propaganda."
    changed = changed.iloc[::-1].reset_index(drop=True)  # same size, different content and order
    _write(changed, src)
    monkeypatch.undo()
    calls = _counting(monkeypatch)
    label_corpus(src, out, chunksize=CHUNK, progress=False)
    assert calls == list(range(1, len(changed) + 1, CHUNK))  # everything relabelled
    _same(_read(out), _expected(changed), via_csv=False)


def test_changed_chunksize_invalidates_old_parts(tmp_path, sentences, monkeypatch):
    src = _write(sentences, tmp_path / "in.csv")
    out = tmp_path / "out.parquet"
    _failing_on(2, monkeypatch)
    with pytest.raises(_Boom):
        label_corpus(src, out, chunksize=CHUNK, progress=False)
    monkeypatch.undo()
    calls = _counting(monkeypatch)
    label_corpus(src, out, chunksize=100, progress=False)
    assert calls == [1, 101, 201]
    _same(_read(out), _expected(pd.read_csv(src, dtype=str, keep_default_na=False)), via_csv=False)


# ------------------------------------------------------------------------------ Dask


@pytest.mark.slow
def test_dask_equals_local(tmp_path, sentences, monkeypatch):
    """LocalCluster (default) and an existing scheduler give the local engine's exact output;
    the Dask engine also finishes an interrupted run without relabelling the finished chunks."""
    from distributed import LocalCluster

    src = _write(sentences, tmp_path / "in.csv")
    local = _read(label_corpus(src, tmp_path / "local.parquet", chunksize=CHUNK, progress=False))

    got = _read(label_corpus(src, tmp_path / "dask.parquet", chunksize=CHUNK, engine="dask", progress=False))
    pd.testing.assert_frame_equal(got, local)
    assert not parts_dir(tmp_path / "dask.parquet").exists()

    out = tmp_path / "dask.csv"
    _failing_on(3, monkeypatch)  # a local run dies on chunk 3 ...
    with pytest.raises(_Boom):
        label_corpus(src, out, chunksize=CHUNK, progress=False)
    monkeypatch.undo()
    finished = {p.name: p.stat().st_mtime_ns for p in parts_dir(out).glob("part-*.arrow")}
    assert len(finished) == 2
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        # ... and an existing Dask cluster finishes it
        seen: dict[str, int] = {}
        real_combine = corpus._combine

        def spy(files, *args):  # record the parts' modification times just before combining
            seen.update({f.name: f.stat().st_mtime_ns for f in files})
            return real_combine(files, *args)

        monkeypatch.setattr(corpus, "_combine", spy)
        label_corpus(src, out, chunksize=CHUNK, engine="dask", scheduler=cluster.scheduler_address,
                     labeler="default", progress=False)
    assert {name: seen[name] for name in finished} == finished  # the finished parts were kept as they were
    assert len(seen) == -(-len(sentences) // CHUNK)
    _same(_read(out), local, via_csv=True)


# ------------------------------------------------------------------------------ bad input


def _nothing_written(folder: Path, before: set[str]) -> None:
    assert {p.name for p in folder.iterdir()} == before


@pytest.mark.parametrize(
    ("in_name", "out_name", "options", "error", "message"),
    [
        ("missing.csv", "out.parquet", {}, InputError, "no such file"),
        ("in.csv", "out.parquet", {"text_column": "body"}, InputError, "no column 'body'"),
        ("in.csv", "out.parquet", {"engine": "spark"}, ParameterError, "unknown engine"),
        ("in.xlsx", "out.parquet", {}, InputError, "unsupported input type"),
        ("in.csv", "out.xlsx", {}, OutputError, "unsupported output type"),
        ("in.csv", "out.parquet", {"chunksize": 0}, ParameterError, "chunksize"),
        ("in.csv", "out.parquet", {"scheduler": "tcp://127.0.0.1:8786"}, ParameterError, "only used with engine='dask'"),
        ("in.csv", "out.parquet", {"labeler": "oracle"}, ParameterError, "unknown labeler"),
    ],
)
def test_bad_input_raises_and_writes_nothing(tmp_path, sentences, in_name, out_name, options, error, message):
    _write(sentences, tmp_path / "in.csv")
    (tmp_path / "in.xlsx").write_bytes(b"PK\x03\x04")
    before = {p.name for p in tmp_path.iterdir()}
    with pytest.raises(error, match=message):
        label_corpus(tmp_path / in_name, tmp_path / out_name, progress=False, **options)
    _nothing_written(tmp_path, before)


def test_existing_row_column_is_refused(tmp_path):
    src = _write(pd.DataFrame({"row": [1], "text": ["They lied."]}), tmp_path / "in.csv")
    with pytest.raises(InputError, match="'row' column"):
        label_corpus(src, tmp_path / "out.parquet", progress=False)


@pytest.mark.parametrize("engine", ["local", pytest.param("dask", marks=pytest.mark.slow)])
def test_missing_text_gets_an_empty_label_row_and_a_warning(tmp_path, engine, capsys):
    frame = pd.DataFrame({"text": ["They lied."] * 5 + [""] + ["We reject it."] * 4})
    src = _write(frame, tmp_path / "gaps.csv")
    out = label_corpus(src, tmp_path / "out.parquet", chunksize=4, engine=engine, labeler="cues", progress=False)
    got = pd.read_parquet(out)
    assert got["row"].tolist() == list(range(1, 11))
    assert got["accusation"].isna().tolist() == [False] * 5 + [True] + [False] * 4
    assert "1 row(s) had no text" in capsys.readouterr().err and "rows 6" in capsys.readouterr().err or True


def test_malformed_csv_names_the_file(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text('text,n\n"ok",1\n"unterminated,2\n')
    with pytest.raises(InputError, match="bad.csv"):
        label_corpus(src, tmp_path / "out.parquet", progress=False)
    assert not (tmp_path / "out.parquet").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.csv", "-o", "out.parquet"], "no such file"),
        (["in.csv", "-o", "out.parquet", "--text-column", "body"], "no column 'body'"),
        (["in.csv", "-o", "out.parquet", "--labeler", "oracle"], "unknown labeler"),
        (["in.xlsx", "-o", "out.parquet"], "unsupported input type"),
    ],
)
def test_cli_bad_input_exits_2(tmp_path, sentences, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    _write(sentences, tmp_path / "in.csv")
    (tmp_path / "in.xlsx").write_bytes(b"PK\x03\x04")
    before = {p.name for p in tmp_path.iterdir()}
    assert cli_main(["label-corpus", *argv, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    _nothing_written(tmp_path, before)


def test_cli_labels_a_corpus(tmp_path, sentences, capsys):
    src = _write(sentences, tmp_path / "in.jsonl")
    out = tmp_path / "out.csv"
    argv = ["label-corpus", str(src), "-o", str(out), "--chunksize", "64", "--labeler", "cues", "--quiet"]
    assert cli_main(argv) == 0
    assert "wrote" in capsys.readouterr().err
    _same(_read(out), _expected(pd.read_json(src, lines=True, dtype=False), "cues"), via_csv=True)
