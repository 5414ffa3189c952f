"""Label corpora larger than memory: streamed in chunks, resumable, one writer, or on Dask.

:func:`label_corpus` reads a CSV, JSON Lines, text or Parquet file chunk by chunk
(:func:`analysis.tables.iter_table`: values verbatim, 1-based row numbers, row-size and
decompression caps), labels every chunk and writes Parquet, CSV or JSON Lines in constant memory.

Safety:

- **one writer per output**: an exclusive lock beside OUTPUT (:func:`analysis.tables.output_lock`);
  a second run on the same OUTPUT stops at once with one line naming the other process;
- **verified resume**: each finished chunk is a part file in ``OUTPUT.parts/``, fsynced before it
  enters the manifest with its row count and SHA-256; a rerun checks every part (size, checksum,
  Parquet footer) and redoes a damaged one. A rerun with other options (input, chunk size,
  labeler, text column, format, caps) discards the parts and starts afresh, and says so; parts
  are never mixed;
- **all or nothing**: OUTPUT appears (through a temporary file and a rename) only when every chunk
  is done; on any error the temporary files go and OUTPUT is untouched;
- **nothing dropped silently**: a row without text gets an empty label row, a row over the size
  cap is left out of OUTPUT and listed with its reason in ``OUTPUT.skipped.csv``; both are
  counted in a warning.

``engine="dask"`` runs the same labeler over the same chunks as partitions of a Dask cluster (a
local one, or ``scheduler="tcp://host:8786"``); its output is identical to the local one.

The output holds ``row`` (the 1-based input data row), the input's columns and the label columns
(``accusation``, ``prediction``, ``rejection``, their ``*_score`` columns and ``evidence``), in
input order.

Examples
--------
>>> import tempfile, pathlib, pandas as pd
>>> from analysis.corpus import label_corpus
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> pd.DataFrame({"id": ["007"], "text": ["They lied."]}).to_csv(folder / "in.csv", index=False)
>>> out = label_corpus(folder / "in.csv", folder / "out.parquet", labeler="cues", progress=False)
>>> pd.read_parquet(out)[["row", "id", "accusation"]].values.tolist()
[[1, '007', 1]]
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from analysis.errors import InputError, OutputError, ParameterError
from analysis.tables import (
    MAX_INPUT_BYTES,
    unified_schema,
    MAX_ROW_CHARS,
    Chunk,
    atomic_write,
    count_rows,
    detect_format,
    iter_table,
    output_lock,
    read_ipc,
    read_table,
    write_ipc,
    write_stream,
    write_table,
)

__all__ = ["ENGINES", "ROW_COLUMN", "LabelReport", "label_corpus", "label_stream", "parts_dir",
           "write_skipped"]

#: Engines :func:`label_corpus` accepts.
ENGINES: tuple[str, ...] = ("local", "dask")
#: Name of the input-row-number column added to the output (1-based data rows).
ROW_COLUMN = "row"

_MANIFEST = "manifest.json"
_MANIFEST_VERSION = 2
_PART = "part-{:06d}.arrow"  # Arrow IPC: cheap to write and to read back when combining
_STAGED = "chunk-{:06d}.parquet"  # Dask engine: the input chunks the workers read


# --------------------------------------------------------------------------------------
# labelling a stream of chunks (shared with the ``label`` command)


@dataclass
class LabelReport:
    """What a labelling run did besides labelling: rows without text, rows skipped."""

    rows: int = 0
    missing: list[int] = field(default_factory=list)  # 1-based rows without text
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, reason), not in the output

    def add(self, rows: int, missing: list[int], skipped: list[tuple[int, str]]) -> None:
        self.rows += rows
        self.missing.extend(missing)
        self.skipped.extend(skipped)

    def warnings(self, source: str) -> list[str]:
        """One line per kind of problem, for standard error."""
        out = []
        if self.missing:
            first = ", ".join(map(str, self.missing[:5]))
            out.append(f"warning: {source}: {len(self.missing):,} row(s) had no text and got an empty "
                       f"label row (rows {first}{', ...' if len(self.missing) > 5 else ''})")
        if self.skipped:
            first = ", ".join(f"{r} ({why})" for r, why in self.skipped[:3])
            out.append(f"warning: {source}: {len(self.skipped):,} row(s) were skipped, not labelled: "
                       f"{first}{', ...' if len(self.skipped) > 3 else ''}")
        return out


def _label_chunk(chunk: Chunk, *, labeler: Any, text_column: str, source: str,
                 row_column: str | None) -> tuple[pa.Table, list[int]]:
    """Label one chunk; return the output table and the 1-based rows without text."""
    from analysis.labels.apply import label_arrow

    table = chunk.table
    if text_column not in table.column_names:
        raise InputError(source, f"no column {text_column!r} (columns: {', '.join(table.column_names) or 'none'})")
    out, missing = label_arrow(table, labeler=labeler, text_column=text_column)
    if row_column is not None:
        if row_column in table.column_names:
            raise InputError(source, f"already has a {row_column!r} column; rename it (the output adds the row number)")
        out = out.add_column(0, row_column, pa.array(chunk.rows, pa.int64()))
    return out, [int(chunk.rows[i]) for i in missing]


def label_stream(input: str | os.PathLike[str], *, labeler: Any, text_column: str = "text",
                 chunksize: int = 50_000, input_format: str | None = None, encoding: str | None = None,
                 max_row_chars: int = MAX_ROW_CHARS, max_input_bytes: int = MAX_INPUT_BYTES,
                 row_column: str | None = ROW_COLUMN, report: LabelReport | None = None,
                 on_chunk: Callable[[int], None] | None = None) -> Iterator[pa.Table]:
    """Yield the labelled chunks of ``input`` (see :func:`label_corpus` for the options).

    ``report`` collects rows without text and skipped rows; ``on_chunk(n_rows)`` is called
    after each chunk (a progress bar).
    """
    from analysis.labels.apply import resolve_labeler

    model = resolve_labeler(labeler)
    source = os.fspath(input)
    for chunk in iter_table(input, fmt=input_format, encoding=encoding, chunksize=chunksize,
                            max_row_chars=max_row_chars, max_input_bytes=max_input_bytes, text_column=text_column):
        out, missing = _label_chunk(chunk, labeler=model, text_column=text_column, source=source,
                                    row_column=row_column)
        if report is not None:
            report.add(out.num_rows, missing, chunk.skipped)
        if on_chunk is not None:
            on_chunk(out.num_rows + len(chunk.skipped))
        yield out


# --------------------------------------------------------------------------------------
# parts, manifest, verification


def parts_dir(output: str | os.PathLike[str]) -> Path:
    """The folder holding the finished chunks of ``output`` while a run is incomplete.

    Examples
    --------
    >>> parts_dir("out/labelled.parquet").as_posix()
    'out/labelled.parquet.parts'
    """
    output = Path(output)
    return output.with_name(output.name + ".parts")


def _sha256_file(path: Path) -> str:
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


def _options(source: Path, **options: Any) -> dict[str, Any]:
    import analysis

    stat = source.stat()
    return {
        "version": _MANIFEST_VERSION,
        "analysis": analysis.__version__,
        "input": str(source.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "sha256": _sha256_file(source),
        "labels_sha256": _labels_fingerprint(),
        **options,
    }


def _number(part_name: str) -> int:
    """The chunk number of a part file name (``part-000012.arrow`` -> 12)."""
    return int(part_name.split("-")[1].split(".")[0])


def _write_json(obj: Any, path: Path) -> None:
    with atomic_write(path, binary=False) as fh:
        fh.write(json.dumps(obj, indent=2, sort_keys=True))


class _Parts:
    """The parts folder of one output: manifest, verified parts, skipped rows."""

    def __init__(self, folder: Path, options: dict[str, Any]) -> None:
        self.folder = folder
        self.manifest_path = folder / _MANIFEST
        self.options = options
        self.parts: dict[str, dict[str, Any]] = {}
        self.notes: list[str] = []

    def open(self) -> None:
        """Keep the verified parts of an earlier run with the same options; else start afresh."""
        old = None
        if self.folder.is_dir():
            try:
                old = json.loads(self.manifest_path.read_text())
            except (OSError, ValueError):
                old = None
            if old is not None and old.get("options") != self.options:
                self.notes.append(f"note: {self.folder}: the earlier run used other options or input; "
                                  "its finished chunks are discarded and the run starts afresh")
                old = None
            if old is None:
                shutil.rmtree(self.folder)
        if old is not None:
            for name, info in sorted(old.get("parts", {}).items()):
                if self._verified(name, info):
                    self.parts[name] = info
                else:
                    self.notes.append(f"note: {self.folder / name} is damaged or incomplete; redoing that chunk")
            for stray in self.folder.iterdir():  # parts never recorded, temporary files
                if stray.name != _MANIFEST and stray.name not in self.parts and stray.name != "input":
                    if stray.is_dir():
                        shutil.rmtree(stray, ignore_errors=True)
                    else:
                        stray.unlink(missing_ok=True)
        else:
            try:
                self.folder.mkdir(parents=True)
            except OSError as exc:
                raise OutputError(self.folder, f"cannot create the parts folder ({exc.strerror})") from None
        self._save()

    def _verified(self, name: str, info: dict[str, Any]) -> bool:
        path = self.folder / name
        try:
            if path.stat().st_size != info["bytes"] or _sha256_file(path) != info["sha256"]:
                return False
            return read_ipc(path).num_rows == info["rows"]  # the IPC footer must be readable too
        except (OSError, KeyError, pa.ArrowException):
            return False

    def _save(self) -> None:
        _write_json({"options": self.options, "parts": self.parts}, self.manifest_path)

    def done(self, number: int) -> bool:
        return _PART.format(number) in self.parts

    def add(self, number: int, table: pa.Table, skipped: list[tuple[int, str]], missing: list[int]) -> None:
        """Write one part (fsynced), then record it in the manifest."""
        name = _PART.format(number)
        path = self.folder / name
        with atomic_write(path) as fh:
            write_ipc(table, fh)
        self.parts[name] = {"rows": table.num_rows, "bytes": path.stat().st_size, "sha256": _sha256_file(path),
                            "skipped": [list(s) for s in skipped], "missing": missing}
        self._save()

    def files(self) -> list[Path]:
        return [self.folder / n for n in sorted(self.parts)]

    def report(self) -> LabelReport:
        rep = LabelReport()
        for name in sorted(self.parts):
            info = self.parts[name]
            rep.add(info["rows"], info.get("missing", []), [tuple(s) for s in info.get("skipped", [])])
        return rep


# --------------------------------------------------------------------------------------
# combining parts into the output


def _combine(files: list[Path], output: Path, fmt: str, empty: pa.Table) -> None:
    schema = unified_schema([read_ipc(f).schema for f in files]) if files else empty.schema
    with atomic_write(output) as fh:
        if not files:
            write_stream([empty], fh, fmt)
        else:
            write_stream((read_ipc(f) for f in files), fh, fmt, schema)


def write_skipped(skipped: list[tuple[int, str]], path: Path) -> Path | None:
    """Write the skipped rows (row, reason) beside an output as CSV; remove an old list when none."""
    if not skipped:
        path.unlink(missing_ok=True)
        return None
    with atomic_write(path, binary=False) as fh:
        fh.write("row,reason\n")
        fh.writelines(f'{row},"{reason}"\n' for row, reason in skipped)
    return path


def _empty_output(columns: list[str], text_column: str) -> pa.Table:
    from analysis.labels.apply import OUTPUT_COLUMNS

    fields = [pa.field(ROW_COLUMN, pa.int64())] + [pa.field(c, pa.string()) for c in columns]
    for c in OUTPUT_COLUMNS:
        kind = pa.int64() if not c.endswith("_score") and c != "evidence" else (
            pa.float64() if c.endswith("_score") else pa.string())
        fields.append(pa.field(c, kind))
    return pa.schema(fields).empty_table()


# --------------------------------------------------------------------------------------
# engines


def _progress_bar(progress: bool, total: int | None, desc: str, unit: str = "rows"):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit=unit, unit_scale=unit == "rows", desc=desc, disable=not progress,
                file=sys.stderr, mininterval=0.5, delay=2.0)


def _run_local(source: Path, parts: _Parts, *, model: Any, read: dict[str, Any], text_column: str,
               progress: bool) -> tuple[int, list[str]]:
    """Label the chunks without a verified part, in order; return (number of chunks, columns)."""
    columns: list[str] = []
    number = -1
    total = count_rows(source, read["fmt"]) if progress else None  # a pass over the file: only for the bar
    with _progress_bar(progress, total, f"label {source.name}") as bar:
        for number, chunk in enumerate(iter_table(source, text_column=text_column, **read)):
            if number == 0:
                columns = list(chunk.table.column_names)
            n = chunk.table.num_rows + len(chunk.skipped)
            if not parts.done(number):
                out, missing = _label_chunk(chunk, labeler=model, text_column=text_column, source=str(source),
                                            row_column=ROW_COLUMN)
                parts.add(number, out, chunk.skipped, missing)
            bar.update(n)
    return number + 1, columns


def _label_and_write(frame: Any, *, labeler: Any, text_column: str, folder: str, names: list[str],
                     source: str, partition_info: dict | None = None) -> Any:
    """Dask partition task: label one staged chunk and write its part (runs on a worker)."""
    import pandas as pd

    meta = pd.DataFrame({"part": pd.Series([], dtype="str"), "rows": pd.Series([], dtype="int64")})
    if partition_info is None:  # dask calls this once on the empty meta frame
        return meta
    name = names[partition_info["number"]]
    staged = read_table(Path(folder) / "input" / _STAGED.format(_number(name))).table
    rows = staged.column(ROW_COLUMN).to_numpy()
    chunk = Chunk(staged.drop_columns([ROW_COLUMN]), rows, [])
    out, missing = _label_chunk(chunk, labeler=labeler, text_column=text_column, source=source,
                                row_column=ROW_COLUMN)
    tmp = Path(folder) / f".{name}.worker"
    with atomic_write(tmp) as fh:
        write_ipc(out, fh)
    return pd.DataFrame({"part": [name], "rows": [out.num_rows], "missing": [json.dumps(missing)]})


@contextlib.contextmanager
def _dask_client(scheduler: str | None, n_workers: int) -> Iterator[Any]:
    """A client of ``scheduler``, or of a fresh LocalCluster closed on exit."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ParameterError(f"cannot connect to the Dask scheduler {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            yield client


def _run_dask(source: Path, parts: _Parts, *, client: Any, labeler: Any, read: dict[str, Any],
              text_column: str, progress: bool) -> tuple[int, list[str]]:
    """Stage the input as chunk files, label them on the cluster; return (chunks, columns)."""
    import dask
    import dask.dataframe as dd
    import pandas as pd
    from distributed import as_completed

    staged = parts.folder / "input"
    staged.mkdir(exist_ok=True)
    columns: list[str] = []
    chunk_skips: dict[int, list[tuple[int, str]]] = {}
    number = -1
    total = count_rows(source, read["fmt"]) if progress else None
    with _progress_bar(progress, total, f"stage {source.name}") as bar:
        for number, chunk in enumerate(iter_table(source, text_column=text_column, **read)):
            if number == 0:
                columns = list(chunk.table.column_names)
            if text_column not in chunk.table.column_names:
                raise InputError(source, f"no column {text_column!r} (columns: {', '.join(chunk.table.column_names)})")
            if ROW_COLUMN in chunk.table.column_names:
                raise InputError(source, f"already has a {ROW_COLUMN!r} column; rename it (the output adds the row number)")
            chunk_skips[number] = chunk.skipped
            name = _STAGED.format(number)
            if not parts.done(number) and not (staged / name).exists():
                write_table(chunk.table.add_column(0, ROW_COLUMN, pa.array(chunk.rows, pa.int64())), staged / name)
            bar.update(chunk.table.num_rows + len(chunk.skipped))
    n_chunks = number + 1
    todo = [_PART.format(i) for i in range(n_chunks) if not parts.done(i)]
    if not todo:
        return n_chunks, columns
    with dask.config.set({"dataframe.convert-string": False}):
        meta = pd.DataFrame({"part": pd.Series([], dtype="str"), "rows": pd.Series([], dtype="int64"),
                             "missing": pd.Series([], dtype="str")})
        frames = dd.from_map(lambda name: pd.DataFrame({"name": [name]}), todo, enforce_metadata=False)
        written = frames.map_partitions(
            _label_and_write, labeler=labeler, text_column=text_column, folder=str(parts.folder),
            names=todo, source=str(source), meta=meta, enforce_metadata=False,
        )
        futures = client.compute(written.to_delayed())
        with _progress_bar(progress, len(todo), f"label {source.name} (dask)", "chunks") as bar:
            for future in as_completed(futures):
                result = future.result()
                for row in result.itertuples():
                    worker_file = parts.folder / f".{row.part}.worker"
                    table = read_ipc(worker_file)
                    number_done = _number(row.part)
                    parts.add(number_done, table, chunk_skips.get(number_done, []), json.loads(row.missing))
                    worker_file.unlink(missing_ok=True)
                bar.update(1)
    return n_chunks, columns


# --------------------------------------------------------------------------------------
# public entry point


def _check_columns(source: Path, read: dict[str, Any], text_column: str) -> None:
    """Read the first rows only: the text column must be there, and no ``row`` column."""
    first = next(iter_table(source, text_column=text_column, **{**read, "chunksize": 1}), None)
    columns = [] if first is None else first.table.column_names
    if first is not None and first.table.num_rows and text_column not in columns:
        raise InputError(source, f"no column {text_column!r} (columns: {', '.join(columns) or 'none'})")
    if ROW_COLUMN in columns:
        raise InputError(source, f"already has a {ROW_COLUMN!r} column; rename it (the output adds the row number)")


def _check_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ParameterError(f"{what} must be a positive integer, got {value!r}")
    return int(value)


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
    input_format: str | None = None,
    output_format: str | None = None,
    encoding: str | None = None,
    max_row_chars: int = MAX_ROW_CHARS,
    max_input_bytes: int = MAX_INPUT_BYTES,
) -> Path:
    """Label every sentence of a large table file, in constant memory, resumably.

    Parameters
    ----------
    input : str or os.PathLike
        ``.csv``, ``.jsonl`` (``.ndjson``, line-delimited ``.json``), ``.txt`` (one sentence per
        line) or ``.parquet``; the text formats may be ``.gz``, ``.bz2``, ``.xz`` or ``.zip``.
    output : str or os.PathLike
        ``.parquet``, ``.csv`` or ``.jsonl`` file to write: ``row`` (the 1-based input data row),
        the input's columns (values as read) and the label columns, in input order.
    text_column : str, default "text"
        Column holding the sentence text.
    labeler : str or a fitted labeler, default "default"
        A name of :mod:`analysis.labels.registry` or a fitted labeler.
    chunksize : int, default 50_000
        Rows read, labelled and written at a time; memory grows with it.
    engine : {"local", "dask"}, default "local"
    scheduler : str, optional
        With ``engine="dask"``, the address of an existing scheduler; by default a local cluster
        of ``n_workers`` single-threaded worker processes is started and closed.
    progress : bool, default True
        A progress bar (rows, total and ETA) on standard error.
    n_workers : int, default 2
    keep_parts : bool, default False
        Keep ``OUTPUT.parts/`` after success (for debugging).
    input_format, output_format : str, optional
        Formats, when the suffixes do not say.
    encoding : str, optional
        Text encoding of the input (default UTF-8).
    max_row_chars : int
        Rows longer than this are skipped and listed in ``OUTPUT.skipped.csv``.
    max_input_bytes : int
        Cap on the decompressed size of a compressed input.

    Returns
    -------
    pathlib.Path
        ``output``.

    Raises
    ------
    InputError
        Bad input (missing or unreadable file, no text column, bad rows).
    ParameterError
        Bad arguments (unknown engine or labeler, bad chunk size, unreachable scheduler).
    OutputError
        OUTPUT cannot be written (a folder, another process writing it, no space).

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> pd.DataFrame({"text": ["Analysts expect prices to rise.", "We reject the plan."]}).to_parquet(folder / "s.parquet")
    >>> out = label_corpus(folder / "s.parquet", folder / "out.csv", labeler="cues", chunksize=1, progress=False)
    >>> pd.read_csv(out)["row"].tolist()
    [1, 2]
    """
    from analysis.labels.apply import resolve_labeler

    if engine not in ENGINES:
        raise ParameterError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if scheduler is not None and engine != "dask":
        raise ParameterError("a scheduler is only used with engine='dask'")
    chunksize = _check_int(chunksize, "chunksize")
    n_workers = _check_int(n_workers, "n_workers")
    source, target = Path(input), Path(output)
    if target.is_dir():
        raise OutputError(target, "is a folder; give a file name for the output")
    in_fmt = detect_format(source, input_format)
    out_fmt = detect_format(target, output_format, output=True)
    if os.fspath(input) == "-":
        raise ParameterError("label-corpus reads a file (it resumes by re-reading it); use 'label' for stdin")
    if not source.exists():
        raise InputError(source, "no such file")
    if not source.is_file():
        raise InputError(source, "is a folder, not a file")
    if target.exists() and target.resolve() == source.resolve():
        raise OutputError(target, "the output would overwrite the input")
    if target.is_dir():
        raise OutputError(target, "is a folder; give a file name for the output")
    if not target.parent.is_dir():
        raise OutputError(target, f"the folder {target.parent} does not exist")
    if isinstance(labeler, str):
        from analysis.labels.registry import labeler_names

        if labeler not in labeler_names():
            raise ParameterError(f"unknown labeler {labeler!r}; choose one of {', '.join(labeler_names())}")
    read = dict(fmt=in_fmt, encoding=encoding, chunksize=chunksize, max_row_chars=max_row_chars,
                max_input_bytes=max_input_bytes)
    _check_columns(source, read, text_column)  # a wrong column or unreadable header: nothing written
    with output_lock(target):
        parts = _Parts(parts_dir(target), _options(
            source, chunksize=chunksize, text_column=text_column, labeler=_labeler_id(labeler),
            input_format=in_fmt, encoding=encoding, max_row_chars=max_row_chars, max_input_bytes=max_input_bytes,
            row_column=ROW_COLUMN))
        try:
            if engine == "local":
                model = resolve_labeler(labeler)  # an unknown name or missing model fails before any write
                parts.open()
                for note in parts.notes:
                    print(note, file=sys.stderr)
                n_chunks, columns = _run_local(source, parts, model=model, read=read, text_column=text_column,
                                               progress=progress)
            else:
                with _dask_client(scheduler, n_workers) as client:  # connect before writing anything
                    parts.open()
                    for note in parts.notes:
                        print(note, file=sys.stderr)
                    n_chunks, columns = _run_dask(source, parts, client=client, labeler=labeler, read=read,
                                                  text_column=text_column, progress=progress)
        except BaseException:
            if not parts.parts:  # nothing to resume: leave no parts folder behind
                shutil.rmtree(parts.folder, ignore_errors=True)
            raise
        missing = [i for i in range(n_chunks) if not parts.done(i)]
        if missing:
            raise OutputError(parts.folder, f"chunks {missing[:10]} are missing; rerun to finish them")
        files = parts.files()
        if not files and columns and text_column not in columns:
            raise InputError(source, f"no column {text_column!r} (columns: {', '.join(columns)})")
        empty = _empty_output(columns or [text_column], text_column)
        rep = parts.report()
        nonempty = [f for f, name in zip(files, sorted(parts.parts)) if parts.parts[name]["rows"]]
        _combine(nonempty or [], target, out_fmt, empty)
        write_skipped(rep.skipped, target.with_name(target.name + ".skipped.csv"))
        for line in rep.warnings(str(source)):
            print(line, file=sys.stderr)
        if not keep_parts:
            shutil.rmtree(parts.folder, ignore_errors=True)
    return target
