"""Label corpora larger than memory: streamed in chunks, resumable, or on a Dask cluster.

:func:`label_corpus` reads a CSV, JSON Lines or Parquet file chunk by chunk, labels every
chunk with one of the :mod:`analysis.labels` labelers and writes Parquet (or CSV, by the
output's suffix) in constant memory. Each finished chunk is saved as a part file in
``OUTPUT.parts/`` (temporary name, then rename) next to a manifest that fingerprints the
input (size, modification time, SHA-256) and the options; a rerun after an interruption
skips the finished chunks. When every chunk is done, the parts are streamed into
``OUTPUT`` (again through a temporary file and a rename) and the parts folder is removed,
so a half-written ``OUTPUT`` is never visible.

``engine="dask"`` runs the same labeler over the same chunks with
:func:`dask.dataframe.map_partitions`, on a local two-worker cluster or on an existing
scheduler (``scheduler="tcp://host:8786"``); its output is identical to the local one.

The output holds a ``row`` column (the 0-based input row number), the input's columns and
the label columns of :func:`analysis.labels.label_sentences` (``accusation``,
``prediction``, ``rejection``, their ``*_score`` columns and ``evidence``), in input order.

Examples
--------
>>> import tempfile, pathlib, pandas as pd
>>> from analysis.corpus import label_corpus
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> pd.DataFrame({"text": ["They lied.", "This is unacceptable."]}).to_csv(folder / "in.csv", index=False)
>>> out = label_corpus(folder / "in.csv", folder / "out.parquet", labeler="cues", progress=False)
>>> pd.read_parquet(out)[["row", "text", "rejection"]].shape
(2, 3)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.errors import InputError

__all__ = [
    "ENGINES",
    "INPUT_FORMATS",
    "OUTPUT_FORMATS",
    "ROW_COLUMN",
    "label_corpus",
    "iter_chunks",
    "parts_dir",
]

#: Engines :func:`label_corpus` accepts.
ENGINES: tuple[str, ...] = ("local", "dask")
#: Input suffixes (after an optional compression suffix such as ``.gz``) and their format.
INPUT_FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
#: Output suffixes and their format.
OUTPUT_FORMATS: dict[str, str] = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}
#: Name of the input-row-number column added to the output.
ROW_COLUMN = "row"

_COMPRESSION = (".gz", ".bz2", ".xz", ".zst", ".zip")
_MANIFEST = "manifest.json"
_MANIFEST_VERSION = 1
_PART = "part-{:06d}.parquet"


# --------------------------------------------------------------------------------------
# validation and input reading


def _input_format(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in _COMPRESSION:
        suffixes = suffixes[:-1]
    fmt = INPUT_FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt is None or (fmt == "parquet" and path.suffix.lower() in _COMPRESSION):
        raise InputError(
            path, f"unsupported input type {path.suffix or '(no suffix)'!r}; use one of {', '.join(INPUT_FORMATS)}"
        )
    return fmt


def _output_format(path: Path) -> str:
    fmt = OUTPUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            path, f"unsupported output type {path.suffix or '(no suffix)'!r}; use one of {', '.join(OUTPUT_FORMATS)}"
        )
    return fmt


def _input_columns(path: Path, fmt: str) -> list[str]:
    """The input's column names, read from its header / schema / first record only."""
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return list(pq.read_schema(path).names)
        if fmt == "csv":
            return [str(c) for c in pd.read_csv(path, nrows=0).columns]
        first = next(iter(pd.read_json(path, lines=True, chunksize=1)), None)
        return [] if first is None else [str(c) for c in first.columns]
    except InputError:
        raise
    except Exception as exc:  # unreadable file: name it and the problem
        raise InputError(path, f"cannot read as {fmt}: {exc}") from exc


def iter_chunks(
    path: str | os.PathLike[str],
    *,
    chunksize: int = 50_000,
    row_column: str | None = ROW_COLUMN,
) -> Iterator[pd.DataFrame]:
    """Yield a CSV, JSON Lines or Parquet file as data frames of at most ``chunksize`` rows.

    Parameters
    ----------
    path : str or os.PathLike
        The input file; its format comes from the suffix (see :data:`INPUT_FORMATS`).
    chunksize : int, default 50_000
        Rows per chunk (the last chunk may be shorter).
    row_column : str or None, default "row"
        Name of a column inserted first holding the 0-based input row number; ``None`` adds none.

    Yields
    ------
    pandas.DataFrame
        One chunk, with a fresh ``RangeIndex``.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> pd.DataFrame({"text": list("abcde")}).to_csv(p, index=False)
    >>> [c["row"].tolist() for c in iter_chunks(p, chunksize=2)]
    [[0, 1], [2, 3], [4]]
    """
    path = Path(path)
    fmt = _input_format(path)
    start = 0
    for chunk in _raw_chunks(path, fmt, chunksize):
        chunk = chunk.reset_index(drop=True)
        if row_column is not None:
            chunk.insert(0, row_column, pd.RangeIndex(start, start + len(chunk), dtype="int64").to_numpy())
        start += len(chunk)
        yield chunk


def _raw_chunks(path: Path, fmt: str, chunksize: int) -> Iterator[pd.DataFrame]:
    number = 0
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            with pq.ParquetFile(path) as pf:
                for batch in pf.iter_batches(batch_size=chunksize):
                    number += 1
                    yield batch.to_pandas()
            return
        if fmt == "csv":
            reader = pd.read_csv(path, chunksize=chunksize)
        else:
            reader = pd.read_json(path, lines=True, chunksize=chunksize)
        with reader:
            for chunk in reader:
                number += 1
                yield chunk
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(path, f"cannot read chunk {number} as {fmt}: {exc}") from exc
    except Exception as exc:  # pyarrow.ArrowInvalid and friends
        if type(exc).__module__.startswith("pyarrow"):
            raise InputError(path, f"cannot read chunk {number} as {fmt}: {exc}") from exc
        raise


# --------------------------------------------------------------------------------------
# labelling one chunk (the same function on every engine)

_LABELER_CACHE: dict[str, Any] = {}


def _resolve_labeler(labeler: Any) -> Any:
    """A labeler name -> the fitted estimator, loaded once per process."""
    if not isinstance(labeler, str):
        return labeler
    if labeler not in _LABELER_CACHE:
        from analysis.labels import get_labeler

        _LABELER_CACHE[labeler] = get_labeler(labeler)
    return _LABELER_CACHE[labeler]


def _label_chunk(frame: pd.DataFrame, *, labeler: Any, text_column: str, source: str = "input") -> pd.DataFrame:
    """Label one chunk; the output keeps the chunk's columns and row order.

    A problem the labeler reports in the data (say an empty text cell) is raised as an
    :class:`InputError` naming ``source`` and the chunk's input rows.
    """
    from analysis.labels import label_sentences

    try:
        out = label_sentences(frame, labeler=_resolve_labeler(labeler), text_column=text_column)
    except InputError as exc:
        rows = f"rows {frame[ROW_COLUMN].iloc[0]}-{frame[ROW_COLUMN].iloc[-1]}" if len(frame) else "no rows"
        raise InputError(source, f"{rows}: {exc}") from exc
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------
# parts folder, manifest, atomic writes


def parts_dir(output: str | os.PathLike[str]) -> Path:
    """The folder holding the finished chunks of ``output`` while a run is incomplete.

    Examples
    --------
    >>> parts_dir("out/labelled.parquet").as_posix()
    'out/labelled.parquet.parts'
    """
    output = Path(output)
    return output.with_name(output.name + ".parts")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def _labeler_id(labeler: Any) -> str:
    if isinstance(labeler, str):
        return labeler
    cls = type(labeler)
    return f"{cls.__module__}.{cls.__qualname__}"


def _labels_fingerprint() -> str:
    """SHA-256 over the labelers' code, lexicons and shipped models (a changed labeler = new parts)."""
    import analysis.labels

    folder = Path(analysis.labels.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".json", ".skops", ".txt", ".yml", ".yaml"}:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _fingerprint(path: Path, *, chunksize: int, text_column: str, labeler: Any) -> dict[str, Any]:
    import analysis

    stat = path.stat()
    return {
        "version": _MANIFEST_VERSION,
        "analysis": analysis.__version__,
        "input": str(path.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "sha256": _sha256(path),
        "chunksize": chunksize,
        "text_column": text_column,
        "labeler": _labeler_id(labeler),
        "labels_sha256": _labels_fingerprint(),
        "row_column": ROW_COLUMN,
    }


def _atomic_write_json(obj: Any, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(obj, indent=2, sort_keys=True))
    os.replace(tmp, path)


def _prepare_parts(parts: Path, manifest: dict[str, Any]) -> None:
    """Keep ``parts`` when its manifest matches; otherwise start it afresh."""
    current = parts / _MANIFEST
    if parts.is_dir():
        try:
            old = json.loads(current.read_text())
        except (OSError, ValueError):
            old = None
        if old == manifest:
            return
        shutil.rmtree(parts)
    parts.mkdir(parents=True)
    _atomic_write_json(manifest, current)


def _write_part(frame: pd.DataFrame, path: Path) -> int:
    """Write one chunk's Parquet part atomically; return its row count."""
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    return len(frame)


def _done_parts(parts: Path) -> list[Path]:
    return sorted(parts.glob("part-*.parquet"))


# --------------------------------------------------------------------------------------
# combining parts into the output


def _unified_schema(files: list[Path]):
    """One Arrow schema all parts can be cast to (pandas may infer types chunk by chunk)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = [pq.read_schema(f) for f in files]
    first = schemas[0]
    if all(s.equals(first, check_metadata=False) for s in schemas[1:]):
        return first
    plain = [s.remove_metadata() for s in schemas]
    try:
        return pa.unify_schemas(plain, promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    fields = []  # incompatible types in one column (say float NaNs vs text): keep it as text
    for field in plain[0]:
        types = {s.field(field.name).type for s in plain if field.name in s.names}
        if len(types) > 1:
            try:
                unified = pa.unify_schemas(
                    [pa.schema([pa.field(field.name, t)]) for t in types], promote_options="permissive"
                ).field(field.name)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                unified = pa.field(field.name, pa.large_string())
            fields.append(unified)
        else:
            fields.append(field)
    return pa.schema(fields)


def _combine(files: list[Path], output: Path, fmt: str, empty: pd.DataFrame) -> Path:
    """Stream the parts, in order, into ``output`` through a temporary file and a rename."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp")
    try:
        if not files:
            if fmt == "parquet":
                empty.to_parquet(tmp, index=False)
            else:
                empty.to_csv(tmp, index=False)
        elif fmt == "parquet":
            schema = _unified_schema(files)
            with pq.ParquetWriter(tmp, schema) as writer:
                for f in files:
                    table = pq.read_table(f)
                    if not table.schema.equals(schema, check_metadata=False):
                        table = table.cast(schema)
                    writer.write_table(table)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                for i, f in enumerate(files):
                    pq.read_table(f).to_pandas().to_csv(fh, header=(i == 0), index=False)
        os.replace(tmp, output)
    finally:
        if tmp.exists():
            tmp.unlink()
    return output


def _empty_output(columns: list[str]) -> pd.DataFrame:
    from analysis.labels import LABELS

    data: dict[str, pd.Series] = {ROW_COLUMN: pd.Series([], dtype="int64")}
    data.update({c: pd.Series([], dtype="str") for c in columns})
    data.update({name: pd.Series([], dtype="int64") for name in LABELS})
    data.update({f"{name}_score": pd.Series([], dtype="float64") for name in LABELS})
    data["evidence"] = pd.Series([], dtype="str")
    return pd.DataFrame(data)


# --------------------------------------------------------------------------------------
# engines


def _progress_bar(progress: bool, total: int | None, desc: str, unit: str = "rows"):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit=unit, unit_scale=unit == "rows", desc=desc, disable=not progress, file=sys.stderr)


def _parquet_rows(path: Path, fmt: str) -> int | None:
    if fmt != "parquet":
        return None
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def _run_local(
    source: Path, fmt: str, parts: Path, *, chunksize: int, labeler: Any, text_column: str, progress: bool
) -> int:
    """Label the chunks without a part, in order; return the number of chunks."""
    done = {p.name for p in _done_parts(parts)}
    labeler_obj = None
    number = -1
    with _progress_bar(progress, _parquet_rows(source, fmt), f"label {source.name}") as bar:
        for number, chunk in enumerate(iter_chunks(source, chunksize=chunksize)):
            name = _PART.format(number)
            if name not in done:
                if labeler_obj is None:
                    labeler_obj = _resolve_labeler(labeler)
                labelled = _label_chunk(chunk, labeler=labeler_obj, text_column=text_column, source=str(source))
                _write_part(labelled, parts / name)
            bar.update(len(chunk))
            del chunk
    return number + 1


def _label_and_write(
    frame: pd.DataFrame,
    *,
    labeler: Any,
    text_column: str,
    folder: str,
    names: list[str],
    source: str,
    partition_info: dict | None = None,
) -> pd.DataFrame:
    """Dask partition task: label one staged chunk and write its part (runs on a worker)."""
    if partition_info is None:  # dask calls this once on the empty meta frame
        return pd.DataFrame({"part": pd.Series([], dtype="str"), "rows": pd.Series([], dtype="int64")})
    name = names[partition_info["number"]]
    labelled = _label_chunk(frame, labeler=labeler, text_column=text_column, source=source)
    _write_part(labelled, Path(folder) / name)
    return pd.DataFrame({"part": [name], "rows": [len(labelled)]})


@contextmanager
def _dask_client(scheduler: str | None, n_workers: int) -> Iterator[Any]:
    """A client of ``scheduler``, or of a fresh LocalCluster closed on exit."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(scheduler, f"cannot connect to the Dask scheduler: {exc}") from exc
        with client:
            yield client
        return
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            yield client


def _run_dask(
    source: Path,
    fmt: str,
    parts: Path,
    *,
    client: Any,
    chunksize: int,
    labeler: Any,
    text_column: str,
    progress: bool,
) -> int:
    """Stage the input as chunk files, label them on the cluster; return the number of chunks."""
    import dask
    import dask.dataframe as dd
    from distributed import as_completed

    # 1. stage: the same chunks as the local engine, as partitioned Parquet the workers read
    staged = parts / "input"
    staged.mkdir(exist_ok=True)
    done = {p.name for p in _done_parts(parts)}
    staged_done = staged / "complete.json"
    if not staged_done.exists():
        number = -1
        with _progress_bar(progress, _parquet_rows(source, fmt), f"stage {source.name}") as bar:
            for number, chunk in enumerate(iter_chunks(source, chunksize=chunksize)):
                name = _PART.format(number)
                if name not in done and not (staged / name).exists():
                    _write_part(chunk, staged / name)
                bar.update(len(chunk))
        _atomic_write_json({"chunks": number + 1}, staged_done)
    n_chunks = int(json.loads(staged_done.read_text())["chunks"])
    todo = [str(p) for p in sorted(staged.glob("part-*.parquet")) if p.name not in done]
    if not todo:
        return n_chunks

    # 2. label on the cluster: one partition per staged chunk, map_partitions, each writes its part.
    # Keep the pandas dtypes the local engine produces (no string[pyarrow] conversion).
    with dask.config.set({"dataframe.convert-string": False}):
        meta = pd.DataFrame({"part": pd.Series([], dtype="str"), "rows": pd.Series([], dtype="int64")})
        frames = dd.from_map(pd.read_parquet, todo, enforce_metadata=False)
        written = frames.map_partitions(
            _label_and_write,
            labeler=labeler,
            text_column=text_column,
            folder=str(parts),
            names=[Path(t).name for t in todo],
            source=str(source),
            meta=meta,
            enforce_metadata=False,
        )
        futures = client.compute(written.to_delayed())
        with _progress_bar(progress, len(todo), f"label {source.name} (dask)", "chunks") as bar:
            for future in as_completed(futures):
                future.result()
                bar.update(1)
    return n_chunks


# --------------------------------------------------------------------------------------
# public entry point


@dataclass(frozen=True)
class _Options:
    source: Path
    output: Path
    in_fmt: str
    out_fmt: str


def _validate(
    input: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    text_column: str,
    chunksize: int,
    engine: str,
    scheduler: str | None,
) -> tuple[_Options, list[str]]:
    source, target = Path(input), Path(output)
    if engine not in ENGINES:
        raise InputError(f"engine={engine!r}", f"unknown engine; use one of {', '.join(ENGINES)}")
    if scheduler is not None and engine != "dask":
        raise InputError(f"scheduler={scheduler!r}", "a scheduler is only used with engine='dask'")
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise InputError(f"chunksize={chunksize!r}", "chunksize must be a positive integer")
    in_fmt = _input_format(source)
    out_fmt = _output_format(target)
    if not source.exists():
        raise InputError(source, "no such file")
    if not source.is_file():
        raise InputError(source, "not a file")
    if source.resolve() == target.resolve():
        raise InputError(target, "the output would overwrite the input")
    columns = _input_columns(source, in_fmt)
    if text_column not in columns:
        raise InputError(source, f"no column {text_column!r} (columns: {', '.join(columns) or 'none'})")
    if ROW_COLUMN in columns:
        raise InputError(source, f"already has a {ROW_COLUMN!r} column; rename it (the output adds the row number)")
    return _Options(source, target, in_fmt, out_fmt), columns


def label_corpus(
    input: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    text_column: str = "text",
    labeler: Any = "default",
    chunksize: int = 50_000,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = True,
    n_workers: int = 2,
    keep_parts: bool = False,
) -> Path:
    """Label every sentence of a large CSV / JSON Lines / Parquet file, in constant memory.

    Parameters
    ----------
    input : str or os.PathLike
        ``.csv``, ``.jsonl`` (``.ndjson``, line-delimited ``.json``; each optionally ``.gz``)
        or ``.parquet`` file, one sentence per row.
    output : str or os.PathLike
        ``.parquet`` or ``.csv`` file to write: ``row`` (the 0-based input row number), the
        input's columns and the label columns, in input order. Written atomically.
    text_column : str, default "text"
        Column holding the sentence text.
    labeler : str or estimator, default "default"
        A name for :func:`analysis.labels.get_labeler` (``cues``, ``learned``, ``default``,
        ``baseline``) or a fitted labeler instance.
    chunksize : int, default 50_000
        Rows read, labelled and written at a time; memory grows with it.
    engine : {"local", "dask"}, default "local"
        ``local`` labels the chunks one after another in this process; ``dask`` labels them as
        the partitions of a :mod:`dask.dataframe` on a Dask cluster.
    scheduler : str, optional
        With ``engine="dask"``, the address of an existing scheduler (``"tcp://host:8786"``);
        by default a :class:`distributed.LocalCluster` of ``n_workers`` single-threaded worker
        processes is started and closed. Workers must see the output's folder.
    progress : bool, default True
        Show a tqdm progress bar on stderr.
    n_workers : int, default 2
        Worker processes of the local Dask cluster (``engine="dask"`` without ``scheduler``).
    keep_parts : bool, default False
        Keep ``OUTPUT.parts/`` after success (for debugging).

    Returns
    -------
    pathlib.Path
        ``output``.

    Raises
    ------
    analysis.errors.InputError
        Missing or unreadable input, unsupported suffix, missing text column, unknown engine,
        bad chunk size, or an unreachable scheduler. Nothing is written then.

    Notes
    -----
    Resuming: finished chunks are kept in ``OUTPUT.parts/part-NNNNNN.parquet`` with a
    ``manifest.json`` recording the input's path, size, modification time and SHA-256, the chunk
    size, the text column and the labeler. A rerun with the same manifest skips the finished
    chunks; any difference discards the parts and starts afresh. The parts are combined into
    ``OUTPUT`` only when every chunk is done.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> pd.DataFrame({"text": ["Analysts expect prices to rise.", "We reject the plan."]}).to_parquet(folder / "s.parquet")
    >>> out = label_corpus(folder / "s.parquet", folder / "out.csv", labeler="cues", chunksize=1, progress=False)
    >>> pd.read_csv(out)["row"].tolist()
    [0, 1]
    """
    opts, columns = _validate(
        input, output, text_column=text_column, chunksize=chunksize, engine=engine, scheduler=scheduler
    )
    if engine == "dask" and (isinstance(n_workers, bool) or not isinstance(n_workers, int) or n_workers < 1):
        raise InputError(f"n_workers={n_workers!r}", "n_workers must be a positive integer")
    if isinstance(labeler, str):
        _check_labeler_name(labeler, load=engine == "local")
    parts = parts_dir(opts.output)
    manifest = _fingerprint(opts.source, chunksize=chunksize, text_column=text_column, labeler=labeler)
    common = dict(chunksize=chunksize, labeler=labeler, text_column=text_column, progress=progress)
    if engine == "local":
        _prepare_parts(parts, manifest)
        n_chunks = _run_local(opts.source, opts.in_fmt, parts, **common)
    else:
        with _dask_client(scheduler, n_workers) as client:  # connect before writing anything
            _prepare_parts(parts, manifest)
            n_chunks = _run_dask(opts.source, opts.in_fmt, parts, client=client, **common)
    files = _done_parts(parts)
    _check_complete(files, parts, n_chunks)
    empty = _empty_output(columns) if not files else pd.DataFrame()
    _combine(files, opts.output, opts.out_fmt, empty)
    if not keep_parts:
        shutil.rmtree(parts, ignore_errors=True)
    return opts.output


def _check_labeler_name(name: str, *, load: bool) -> None:
    """Fail on an unknown labeler name before anything is written; ``load`` it for this process.

    The Dask engine only checks the name: the workers load the labeler, the client needs none.
    """
    from analysis import labels

    names = getattr(labels, "LABELER_NAMES", None)
    if not load and names is not None:
        if name not in names:
            raise InputError(f"labeler={name!r}", f"unknown labeler; choose one of {', '.join(names)}")
        return
    try:
        _resolve_labeler(name)
    except (KeyError, ValueError, LookupError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"labeler={name!r}", f"unknown labeler: {exc}") from exc


def _check_complete(files: list[Path], parts: Path, n_chunks: int) -> None:
    numbers = [int(f.stem.split("-")[1]) for f in files]
    if numbers != list(range(n_chunks)):
        missing = sorted(set(range(n_chunks)) - set(numbers))
        raise RuntimeError(f"{parts}: chunks {missing[:10]} are missing; rerun to finish them")
