"""One table reader and writer for every command: formats, verbatim values, caps, atomic writes.

Every reader and writer of the package goes through this module, so the same file gives the
same rows, row numbers and messages everywhere (``label``, ``label-corpus``, ``ingest``).

Reading (:func:`iter_table`, :func:`read_table`):

- formats ``csv``, ``jsonl``, ``parquet`` and ``txt`` (one row per line, column ``text``), chosen
  by the suffix (:func:`detect_format`) or given; ``.gz``, ``.bz2``, ``.xz`` and ``.zip``
  compression; ``-`` is standard input;
- **verbatim values**: every CSV and TXT cell is read as the text the user wrote (``000123``
  stays ``000123``, ``NA``, ``None`` and ``null`` stay text; no type inference, no NA parsing);
  JSON values and Parquet columns keep their own types;
- **row numbers** are 1-based data rows (the header is not a row; in JSON Lines blank lines are
  not rows), the same in every message;
- **caps**: a row longer than ``max_row_chars`` characters is not read into memory but recorded
  as skipped (its row number and the reason); a compressed input that inflates past
  ``max_input_bytes`` stops with an :class:`~analysis.errors.InputError` (a decompression bomb);
- bad input (undecodable bytes, a broken JSON line, a bad Parquet file) is one
  :class:`~analysis.errors.InputError` naming the file, the row and the problem.

Writing: :func:`atomic_write` (temporary file beside the target, fsync, rename; nothing is left
behind on any error), :func:`write_table`, :func:`staged_folder` (several files that appear
together or not at all) and :func:`output_lock` (one writer per output). Output problems
(a folder given as a file, no space left, another process writing) are
:class:`~analysis.errors.OutputError`.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "in.csv"
>>> _ = p.write_text("id,text\\n000123,They lied.\\nNA,\\n", encoding="utf-8")
>>> t = read_table(p)
>>> t.table.column("id").to_pylist(), t.rows.tolist()
(['000123', 'NA'], [1, 2])
>>> missing_text(t.table.column("text").to_pylist())
[1]
"""

from __future__ import annotations

import bz2
import contextlib
import csv
import errno
import gzip
import io
import json
import lzma
import os
import shutil
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pyarrow as pa

from analysis.errors import InputError, OutputError, ParameterError

__all__ = [
    "FORMATS",
    "OUTPUT_FORMATS",
    "COMPRESSIONS",
    "MAX_ROW_CHARS",
    "MAX_INPUT_BYTES",
    "Chunk",
    "detect_format",
    "iter_table",
    "read_table",
    "count_rows",
    "missing_text",
    "as_cell_texts",
    "concat",
    "unified_schema",
    "conform",
    "check_output_path",
    "atomic_write",
    "write_csv",
    "write_stream",
    "write_ipc",
    "read_ipc",
    "read_data_csv",
    "write_table",
    "write_frame",
    "staged_folder",
    "output_lock",
]

#: Input formats and the suffixes that select them.
FORMATS: dict[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "jsonl": (".jsonl", ".ndjson", ".json"),
    "parquet": (".parquet", ".pq"),
    "txt": (".txt", ".text"),
}
#: Output formats (``txt`` is input only).
OUTPUT_FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")
#: Compression suffixes understood on input.
COMPRESSIONS: tuple[str, ...] = (".gz", ".bz2", ".xz", ".zip")
#: Default cap on the characters of one row (one CSV record, JSON line or text line).
MAX_ROW_CHARS = 1_000_000
#: Default cap on the decompressed bytes of a compressed input (4 GiB).
MAX_INPUT_BYTES = 4 * 1024**3

_SUFFIX_FORMAT = {s: f for f, suffixes in FORMATS.items() for s in suffixes}
_READ_BLOCK = 1 << 20


# --------------------------------------------------------------------------------------
# formats


def _compression(name: str) -> str | None:
    lower = name.lower()
    return next((c for c in COMPRESSIONS if lower.endswith(c)), None)


def detect_format(path: str | os.PathLike[str], given: str | None = None, *, output: bool = False) -> str:
    """The table format of ``path``: ``given`` when set, else from the suffix.

    ``-`` (standard input or output) is ``txt`` for input and ``csv`` for output unless
    ``given`` says otherwise. A compression suffix is looked through (``x.csv.gz`` is ``csv``).

    Raises
    ------
    ParameterError
        An unknown ``given`` format.
    InputError
        A suffix that names no supported format.

    Examples
    --------
    >>> detect_format("corpus.jsonl.gz"), detect_format("-"), detect_format("-", output=True)
    ('jsonl', 'txt', 'csv')
    """
    allowed = OUTPUT_FORMATS if output else tuple(FORMATS)
    if given is not None:
        if given not in allowed:
            raise ParameterError(f"unknown {'output' if output else 'input'} format {given!r}; "
                                 f"use one of {', '.join(allowed)}")
        return given
    name = os.fspath(path)
    if name == "-":
        return "csv" if output else "txt"
    comp = _compression(name)
    stem = name[: -len(comp)] if comp else name
    if output and comp:
        raise OutputError(name, "compressed output is not supported; drop the compression suffix")
    fmt = _SUFFIX_FORMAT.get(Path(stem).suffix.lower())
    if fmt is None or fmt not in allowed or (fmt == "parquet" and comp):
        wanted = ", ".join(s for f in allowed for s in FORMATS[f])
        where = OutputError if output else InputError
        raise where(name, f"unsupported {'output' if output else 'input'} type "
                          f"{Path(stem).suffix or '(no suffix)'!r}; use {wanted} (or give the format)")
    return fmt


# --------------------------------------------------------------------------------------
# reading: byte streams with a decompression cap


class _CappedReader(io.RawIOBase):
    """A read-only byte stream that fails once more than ``cap`` bytes came through."""

    def __init__(self, raw: IO[bytes], cap: int, source: str) -> None:
        self._raw, self._cap, self._source, self.count = raw, cap, source, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        self.count += len(data)
        if self.count > self._cap:
            raise InputError(self._source, f"decompresses to more than {self._cap:,} bytes (the "
                                           "--max-input-bytes cap); raise the cap if the file is genuine")
        buffer[: len(data)] = data
        return len(data)


@contextlib.contextmanager
def _open_bytes(path: str | os.PathLike[str], *, max_input_bytes: int) -> Iterator[IO[bytes]]:
    """A binary stream of the (decompressed) input; ``-`` is standard input."""
    name = os.fspath(path)
    if name == "-":
        yield sys.stdin.buffer
        return
    p = Path(name)
    if p.is_dir():
        raise InputError(name, "is a folder, not a file")
    try:
        raw: IO[bytes] = open(p, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None
    comp = _compression(name)
    try:
        if comp is None:
            yield raw
            return
        if comp == ".zip":
            try:
                archive = zipfile.ZipFile(raw)
            except zipfile.BadZipFile as exc:
                raise InputError(name, f"not a valid zip archive ({exc})") from None
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise InputError(name, f"a zip input must hold exactly one file, it holds {len(members)}")
            inner: IO[bytes] = archive.open(members[0])
        elif comp == ".gz":
            inner = gzip.GzipFile(fileobj=raw)
        elif comp == ".bz2":
            inner = bz2.BZ2File(raw)
        else:
            inner = lzma.LZMAFile(raw)
        yield io.BufferedReader(_CappedReader(inner, max_input_bytes, name), buffer_size=_READ_BLOCK)
    except (OSError, EOFError, zipfile.BadZipFile, lzma.LZMAError) as exc:
        if isinstance(exc, (InputError, OutputError)):
            raise
        raise InputError(name, f"cannot decompress ({exc})") from None
    finally:
        raw.close()


def _capped_lines(stream: IO[str], cap: int, overlong: list[int]) -> Iterator[str]:
    """Physical lines of ``stream``; a line over ``cap`` characters is never held in memory.

    Its first ``cap + 1`` characters are yielded (so a parser sees it as too long) and the rest
    is read and dropped; ``overlong`` counts such lines.
    """
    while True:
        line = stream.readline(cap + 2)
        if not line:
            return
        if len(line) > cap + 1 or (len(line) == cap + 2 and not line.endswith("\n")):
            overlong.append(1)
            tail = line
            while tail and not tail.endswith("\n"):
                tail = stream.readline(_READ_BLOCK)
            yield line[: cap + 1] + "\n"
        else:
            yield line


# --------------------------------------------------------------------------------------
# chunks


@dataclass
class Chunk:
    """Rows of a table read by :func:`iter_table`.

    Attributes
    ----------
    table : pyarrow.Table
        The rows, every input column, values verbatim.
    rows : numpy.ndarray of int64
        The 1-based data row number of each row of ``table``.
    skipped : list of (int, str)
        Rows of this stretch of the input that were not read: (row number, reason).
    """

    table: pa.Table
    rows: np.ndarray
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def to_pandas(self):
        """The rows as a DataFrame (text columns as Python str)."""
        return self.table.to_pandas(types_mapper=None)


def _column_arrays(columns: list[str], records: list[list[Any]]) -> pa.Table:
    """A table of string columns from CSV/TXT records (lists of cells)."""
    if not records:
        return pa.table({c: pa.array([], pa.string()) for c in columns})
    cols = list(zip(*records)) if records else [[] for _ in columns]
    return pa.table({c: pa.array(v, pa.string()) for c, v in zip(columns, cols)})


def _json_table(columns: list[str], records: list[dict[str, Any]]) -> pa.Table:
    """A table from JSON objects; a column of mixed JSON types keeps its values as JSON text."""
    out = {}
    for c in columns:
        values = [r.get(c) for r in records]
        try:
            out[c] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            out[c] = pa.array([v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                               for v in values], pa.string())
    return pa.table(out) if out else pa.table({})


def _decode_error(name: str, row: int, exc: UnicodeDecodeError, encoding: str) -> InputError:
    hint = " (give --encoding, e.g. cp1251 or latin-1)" if encoding.startswith("utf") else ""
    return InputError(name, f"row {row}: not {encoding} text ({exc.reason}){hint}")


def _text_stream(raw: IO[bytes], encoding: str | None) -> IO[str]:
    return io.TextIOWrapper(raw, encoding=encoding or "utf-8-sig", errors="strict", newline="")


def _iter_csv(name: str, raw: IO[bytes], *, encoding: str | None, chunksize: int, cap: int,
              skip_bad: bool = False, start_after: int = 0) -> Iterator[Chunk]:
    stream = _text_stream(raw, encoding)
    overlong: list[int] = []
    lines = _capped_lines(stream, cap, overlong)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(cap)
    try:
        reader = csv.reader(lines, strict=True)
        row = 0
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(name, "empty input (no header)") from None
        except csv.Error as exc:
            raise InputError(name, f"header: not valid CSV ({exc})") from None
        except UnicodeDecodeError as exc:
            raise _decode_error(name, 0, exc, encoding or "utf-8") from None
        if not header or not any(h.strip() for h in header):
            raise InputError(name, "the first line must be a header naming the columns")
        width = len(header)
        records: list[list[str]] = []
        numbers: list[int] = []
        skipped: list[tuple[int, str]] = []
        while True:
            cut_before = len(overlong)
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                row += 1
                if "field larger than field limit" in str(exc):
                    if row > start_after:
                        skipped.append((row, f"longer than {cap:,} characters (the --max-row-chars cap)"))
                    continue
                if skip_bad:
                    skipped.append((row, f"not valid CSV ({exc})"))
                    continue
                raise InputError(name, f"row {row}: not valid CSV ({exc})") from None
            except UnicodeDecodeError as exc:
                raise _decode_error(name, row + 1, exc, encoding or "utf-8") from None
            row += 1
            if len(overlong) != cut_before:  # a physical line of this row was cut at the cap
                if row > start_after:
                    skipped.append((row, f"longer than {cap:,} characters (the --max-row-chars cap)"))
                continue
            if len(cells) != width:
                if not cells:  # an empty line: a row of empty cells (kept, so numbers do not shift)
                    cells = [""] * width
                elif len(cells) < width:
                    cells = cells + [""] * (width - len(cells))
                elif skip_bad:
                    skipped.append((row, f"{len(cells)} cells for {width} columns"))
                    continue
                else:
                    raise InputError(name, f"row {row}: {len(cells)} cells for {width} columns")
            if row <= start_after:  # given out already (by the fast reader)
                continue
            if sum(map(len, cells)) > cap:
                skipped.append((row, f"longer than {cap:,} characters (the --max-row-chars cap)"))
                continue
            records.append(cells)
            numbers.append(row)
            if len(records) >= chunksize:
                yield Chunk(_column_arrays(header, records), np.asarray(numbers, np.int64), skipped)
                records, numbers, skipped = [], [], []
        if records or skipped or row == 0:
            yield Chunk(_column_arrays(header, records), np.asarray(numbers, np.int64), skipped)
    finally:
        csv.field_size_limit(old_limit)


class _FastPathFailed(Exception):
    """The pyarrow CSV reader met something it cannot read the way the exact reader does."""

    def __init__(self, rows_done: int) -> None:
        super().__init__(rows_done)
        self.rows_done = rows_done


def _iter_csv_fast(raw: IO[bytes], *, encoding: str | None, chunksize: int, cap: int) -> Iterator[Chunk]:
    """CSV through pyarrow's streaming reader: every column as verbatim text, 1-based rows.

    Gives the same rows as :func:`_iter_csv` on regular files, much faster; anything irregular
    (a short or long row, undecodable bytes, a row larger than the block of 1-8 MB) raises
    :class:`_FastPathFailed` with the number of rows already yielded, and the caller finishes
    with the exact reader.
    """
    import pyarrow.csv as pcsv

    if encoding not in (None, "utf-8", "utf8", "utf-8-sig"):
        raise _FastPathFailed(0)
    head = raw.peek(1 << 16) if hasattr(raw, "peek") else b""
    first = head.split(b"\n", 1)[0].decode("utf-8-sig", "replace").rstrip("\r")
    try:
        header = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        raise _FastPathFailed(0) from None
    if not header or len(set(header)) != len(header) or b'"' in first.encode():
        raise _FastPathFailed(0)
    try:
        reader = pcsv.open_csv(
            raw,
            # blocks of 8 MB, smaller when few rows are asked for (label-corpus reads one row first)
            read_options=pcsv.ReadOptions(block_size=min(8 << 20, max(1 << 20, chunksize << 10))),
            parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(column_types={c: pa.string() for c in header},
                                                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowException, OSError):
        raise _FastPathFailed(0) from None
    if reader.schema.names != header:
        raise _FastPathFailed(0)
    done = 0  # the last row number given out (yielded or recorded as skipped)
    tables: list[pa.Table] = []
    numbers: list[np.ndarray] = []
    skipped: list[tuple[int, str]] = []
    next_row = 1
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except (pa.ArrowException, OSError, UnicodeDecodeError):
            raise _FastPathFailed(done) from None
        rows = np.arange(next_row, next_row + batch.num_rows, dtype=np.int64)
        next_row += batch.num_rows
        batch, rows, over = _over_cap(batch, rows, cap)
        skipped += over
        tables.append(pa.Table.from_batches([batch], schema=reader.schema))
        numbers.append(rows)
        while sum(t.num_rows for t in tables) >= chunksize:
            table, all_rows = pa.concat_tables(tables), np.concatenate(numbers)
            done = int(all_rows[chunksize - 1])
            given = [x for x in skipped if x[0] <= done]
            skipped = [x for x in skipped if x[0] > done]
            yield Chunk(table.slice(0, chunksize), all_rows[:chunksize], given)
            tables, numbers = [table.slice(chunksize)], [all_rows[chunksize:]]
    table = pa.concat_tables(tables) if tables else reader.schema.empty_table()
    all_rows = np.concatenate(numbers) if numbers else np.zeros(0, np.int64)
    if table.num_rows or skipped or next_row == 1:
        yield Chunk(table, all_rows, skipped)


def _line_records(name: str, raw: IO[bytes], *, fmt: str, encoding: str | None,
                  cap: int, skip_bad: bool = False) -> Iterator[tuple[int, Any, str | None]]:
    """(row number, record, skip reason) of JSON Lines (one object per non-blank line) or text
    (one row per line; blank lines are rows, except at the end of the input)."""
    stream = io.TextIOWrapper(raw, encoding=encoding or "utf-8-sig", errors="strict")
    lines = _capped_lines(stream, cap, [])
    row = 0
    pending_blank = 0
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise _decode_error(name, row + 1, exc, encoding or "utf-8") from None
        body = line.rstrip("\r\n")
        if not body.strip():
            pending_blank += fmt == "txt"
            continue
        for _ in range(pending_blank):
            row += 1
            yield row, [""], None
        pending_blank = 0
        row += 1
        if len(body) > cap:
            yield row, None, f"longer than {cap:,} characters (the --max-row-chars cap)"
        elif fmt == "txt":
            yield row, [body], None
        else:
            try:
                obj = json.loads(body)
            except ValueError as exc:
                problem = f"not valid JSON ({getattr(exc, 'msg', exc)})"
                if skip_bad:
                    yield row, None, problem
                    continue
                raise InputError(name, f"row {row}: {problem}") from None
            if not isinstance(obj, dict):
                if skip_bad:
                    yield row, None, "not a JSON object"
                    continue
                raise InputError(name, f"row {row}: not a JSON object (each line must be one)")
            yield row, obj, None


def _iter_lines(name: str, raw: IO[bytes], *, fmt: str, encoding: str | None, chunksize: int,
                cap: int, text_column: str, skip_bad: bool = False) -> Iterator[Chunk]:
    """Chunks of a JSON Lines or text input."""
    columns: list[str] = [text_column] if fmt == "txt" else []
    records: list[Any] = []
    numbers: list[int] = []
    skipped: list[tuple[int, str]] = []
    seen_any = False

    def chunk() -> Chunk:
        table = _column_arrays(columns, records) if fmt == "txt" else _json_table(columns, records)
        return Chunk(table, np.asarray(numbers, np.int64), skipped)

    for row, record, reason in _line_records(name, raw, fmt=fmt, encoding=encoding, cap=cap, skip_bad=skip_bad):
        seen_any = True
        if reason is not None:
            skipped.append((row, reason))
            continue
        if fmt != "txt":
            for key in record:
                if key not in columns:
                    columns.append(key)
        records.append(record)
        numbers.append(row)
        if len(records) >= chunksize:
            yield chunk()
            records, numbers, skipped = [], [], []
    if records or skipped or not seen_any:
        yield chunk()


def _over_cap(batch: pa.RecordBatch, rows: np.ndarray, cap: int) -> tuple[pa.RecordBatch, np.ndarray,
                                                                            list[tuple[int, str]]]:
    """Drop the rows whose text cells hold more than ``cap`` characters together; list them as skipped."""
    import pyarrow.compute as pc

    lengths = None
    for column in batch.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            part = pc.fill_null(pc.utf8_length(column), 0)
            lengths = part if lengths is None else pc.add(lengths, part)
    if lengths is None:
        return batch, rows, []
    over = lengths.to_numpy(zero_copy_only=False) > cap
    if not over.any():
        return batch, rows, []
    skipped = [(int(r), f"longer than {cap:,} characters (the --max-row-chars cap)") for r in rows[over]]
    return batch.filter(pa.array(~over)), rows[~over], skipped


def _iter_parquet(name: str, raw: IO[bytes], *, chunksize: int, cap: int) -> Iterator[Chunk]:
    import pyarrow.parquet as pq

    row = 0
    try:
        pf = pq.ParquetFile(raw)
        batches = pf.iter_batches(batch_size=chunksize)
        empty = pf.schema_arrow.empty_table()
        yielded = False
        for batch in batches:
            numbers = np.arange(row + 1, row + 1 + batch.num_rows, dtype=np.int64)
            row += batch.num_rows
            batch, numbers, skipped = _over_cap(batch, numbers, cap)
            yielded = True
            yield Chunk(pa.Table.from_batches([batch]), numbers, skipped)
        if not yielded:
            yield Chunk(empty, np.zeros(0, np.int64), [])
    except (pa.ArrowException, OSError) as exc:
        if isinstance(exc, (InputError, OutputError)):
            raise
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(name, f"not a readable Parquet file ({first})") from None


def iter_table(path: str | os.PathLike[str], *, fmt: str | None = None, encoding: str | None = None,
               chunksize: int = 50_000, max_row_chars: int = MAX_ROW_CHARS,
               max_input_bytes: int = MAX_INPUT_BYTES, text_column: str = "text",
               skip_bad_rows: bool = False) -> Iterator[Chunk]:
    """Yield a table file as :class:`Chunk` objects of at most ``chunksize`` rows.

    Parameters
    ----------
    path : path or "-"
        The input (``-`` = standard input).
    fmt : {"csv", "jsonl", "parquet", "txt"}, optional
        The format; by default from the suffix (:func:`detect_format`).
    encoding : str, optional
        Text encoding of CSV, JSON Lines and text input (default UTF-8, a BOM allowed).
    chunksize : int
        Rows per chunk.
    max_row_chars : int
        Rows longer than this are skipped and recorded in :attr:`Chunk.skipped`.
    max_input_bytes : int
        Cap on the decompressed size of a compressed input.
    text_column : str
        The column name of a ``txt`` input's lines.
    skip_bad_rows : bool
        Record a malformed row (bad JSON, a CSV row with too many cells) in
        :attr:`Chunk.skipped` instead of raising (a lenient read).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.txt"
    >>> _ = p.write_text("One.\\n\\nThree.\\n\\n", encoding="utf-8")
    >>> [c.table.column("text").to_pylist() for c in iter_table(p, chunksize=2)]
    [['One.', ''], ['Three.']]
    """
    for value, what in ((chunksize, "chunksize"), (max_row_chars, "max_row_chars"), (max_input_bytes, "max_input_bytes")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ParameterError(f"{what} must be a positive integer, got {value!r}")
    name = os.fspath(path)
    fmt = detect_format(name, fmt)
    if fmt == "parquet" and name == "-":
        raise ParameterError("Parquet cannot be read from standard input; give a file")
    with _open_bytes(name, max_input_bytes=max_input_bytes) as raw:
        if fmt == "parquet":
            source: IO[bytes] = raw
            if not raw.seekable():
                source = io.BytesIO(raw.read())
            yield from _iter_parquet(name, source, chunksize=chunksize, cap=max_row_chars)
        elif fmt == "csv":
            if name == "-" or skip_bad_rows:
                yield from _iter_csv(name, raw, encoding=encoding, chunksize=chunksize, cap=max_row_chars,
                                     skip_bad=skip_bad_rows)
                return
            try:
                yield from _iter_csv_fast(raw, encoding=encoding, chunksize=chunksize, cap=max_row_chars)
                return
            except _FastPathFailed as failed:
                after = failed.rows_done
            # finish with the exact reader, from the first row not yet given out
            with _open_bytes(name, max_input_bytes=max_input_bytes) as again:
                for chunk in _iter_csv(name, again, encoding=encoding, chunksize=chunksize, cap=max_row_chars,
                                       skip_bad=False, start_after=after):
                    yield chunk
        else:
            yield from _iter_lines(name, raw, fmt=fmt, encoding=encoding, chunksize=chunksize,
                                   cap=max_row_chars, text_column=text_column, skip_bad=skip_bad_rows)


def read_table(path: str | os.PathLike[str], **options: Any) -> Chunk:
    """Read a whole table (options of :func:`iter_table`) as one :class:`Chunk`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.jsonl"
    >>> _ = p.write_text('{"text": "a", "n": 1}\\n\\n{"text": "b"}\\n', encoding="utf-8")
    >>> t = read_table(p)
    >>> t.table.column("n").to_pylist(), t.rows.tolist()
    ([1, None], [1, 2])
    """
    options = {**options, "chunksize": 1 << 62}
    chunks = list(iter_table(path, **options))
    table = concat([c.table for c in chunks])
    rows = np.concatenate([c.rows for c in chunks]) if chunks else np.zeros(0, np.int64)
    return Chunk(table, rows, [s for c in chunks for s in c.skipped])


def count_rows(path: str | os.PathLike[str], fmt: str | None = None) -> int | None:
    """Number of rows of an uncompressed file, cheaply (Parquet metadata; lines for text
    formats, so a CSV cell with a line break makes it an estimate); None when unknown."""
    name = os.fspath(path)
    if name == "-" or _compression(name):
        return None
    try:
        fmt = detect_format(name, fmt)
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(name).metadata.num_rows)
        lines, last = 0, b"\n"
        with open(name, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 22), b""):
                lines += block.count(b"\n")
                last = block[-1:]
        lines += last != b"\n"
        return max(lines - (fmt == "csv"), 0)
    except (OSError, InputError, pa.ArrowException):
        return None


def as_cell_texts(values: Sequence[Any]) -> list[str | None]:
    """The package's one rule for the text cell of a row, applied to a column of values.

    A string is the text; a missing value (None, NaN) is None; any other value (a number, a
    boolean from JSON or Parquet) is labelled as its text (``5`` -> ``"5"``).

    Examples
    --------
    >>> as_cell_texts(["a", None, float("nan"), 5, True])
    ['a', None, None, '5', 'True']
    """
    out: list[str | None] = []
    for v in values:
        if isinstance(v, str) or v is None:
            out.append(v)
        elif isinstance(v, float) and v != v:
            out.append(None)
        else:
            out.append(str(v))
    return out


def missing_text(values: Sequence[Any]) -> list[int]:
    """Positions whose text is missing: None (or NaN) or blank after :func:`as_cell_texts`.

    Such a row gets an empty label row (or no sentences) and is counted in a warning; it never
    stops a run.

    Examples
    --------
    >>> missing_text(["a", "", "  ", None, float("nan"), "None"])
    [1, 2, 3, 4]
    """
    return [i for i, v in enumerate(values) if v is None or (isinstance(v, float) and v != v)
            or (isinstance(v, str) and not v.strip())]


def unified_schema(schemas: list[pa.Schema]) -> pa.Schema:
    """One schema every table can be cast to (a column of mixed types across tables becomes text).

    Examples
    --------
    >>> unified_schema([pa.schema([("a", pa.int64())]), pa.schema([("a", pa.string()), ("b", pa.int8())])])
    a: string
    b: int8
    """
    first = schemas[0]
    if all(s.equals(first, check_metadata=False) for s in schemas[1:]):
        return first.remove_metadata()
    plain = [s.remove_metadata() for s in schemas]
    try:
        return pa.unify_schemas(plain, promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    names: list[str] = []
    for s in plain:
        names += [n for n in s.names if n not in names]
    fields = []
    for name in names:
        types = {s.field(name).type for s in plain if name in s.names}
        try:
            fields.append(pa.unify_schemas([pa.schema([pa.field(name, t)]) for t in types],
                                           promote_options="permissive").field(name))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            fields.append(pa.field(name, pa.string()))
    return pa.schema(fields)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Cast ``table`` to ``schema``: missing columns become nulls, mixed values become JSON text."""
    if table.schema.equals(schema, check_metadata=False):
        return table
    columns = []
    for f in schema:
        if f.name in table.column_names:
            col = table.column(f.name)
            if col.type != f.type:
                col = col.cast(f.type) if f.type != pa.string() else pa.array(
                    [None if v is None else (v if isinstance(v, str) else json.dumps(v, default=str))
                     for v in col.to_pylist()], pa.string())
            columns.append(col)
        else:
            columns.append(pa.nulls(table.num_rows, f.type))
    return pa.table(columns, schema=schema)


def concat(tables: Sequence[pa.Table]) -> pa.Table:
    """Concatenate tables whose columns or types may differ (chunks of one JSON Lines file).

    Examples
    --------
    >>> concat([pa.table({"a": [1]}), pa.table({"a": ["x"], "b": [2]})]).to_pylist()
    [{'a': '1', 'b': None}, {'a': 'x', 'b': 2}]
    """
    if len(tables) == 1:
        return tables[0]
    schema = unified_schema([t.schema for t in tables])
    return pa.concat_tables([conform(t, schema) for t in tables])


# --------------------------------------------------------------------------------------
# writing


def _output_problem(target: str, exc: OSError) -> OutputError:
    if exc.errno == errno.ENOSPC:
        return OutputError(target, "no space left on the device; nothing was written")
    if exc.errno == errno.EDQUOT:
        return OutputError(target, "disk quota exceeded; nothing was written")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(target, f"cannot write here ({exc.strerror})")
    return OutputError(target, f"cannot write ({exc.strerror or exc})")


def check_output_path(path: str | os.PathLike[str]) -> None:
    """Raise :class:`~analysis.errors.OutputError` unless ``path`` can be a new or replaced file."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(target, "is a folder; give a file name for the output")
    parent = target.parent
    if not parent.is_dir():
        if parent.exists():
            raise OutputError(target, f"{parent} is not a folder")
        raise OutputError(target, f"the folder {parent} does not exist")


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], *, binary: bool = True) -> Iterator[IO[Any]]:
    """Write ``path`` through a hidden temporary file beside it, fsync it, then rename it.

    On any error (including Ctrl-C and a full disk) the temporary file is removed and ``path``
    is left as it was. ``OSError`` becomes :class:`~analysis.errors.OutputError`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_write(p, binary=False) as fh:
    ...     _ = fh.write("done")
    >>> p.read_text(), [f.name for f in p.parent.iterdir()]
    ('done', ['x.txt'])
    """
    target = Path(path)
    check_output_path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        fh = open(tmp, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""}))  # noqa: SIM115
    except OSError as exc:
        raise _output_problem(str(target), exc) from None
    try:
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, (InputError, OutputError)):
            raise
        raise _output_problem(str(target), exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _arrow(table: Any) -> pa.Table:
    if isinstance(table, pa.Table):
        return table
    return pa.Table.from_pandas(table, preserve_index=False)


def _write_to(fh: IO[bytes], table: pa.Table, fmt: str) -> None:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, fh)
    elif fmt == "csv":
        write_csv(table, fh, header=True)
    else:
        for row in table.to_pylist():
            fh.write((json.dumps(row, ensure_ascii=False, default=str) + "\n").encode("utf-8"))


def write_csv(table: pa.Table, fh: IO[bytes], *, header: bool) -> None:
    """Write ``table`` as CSV (quotes only where needed; a missing value is an empty cell).

    Examples
    --------
    >>> buf = io.BytesIO(); write_csv(pa.table({"a": ["x,y", "000123"], "n": [1, None]}), buf, header=True)
    >>> buf.getvalue().decode().splitlines()
    ['a,n', '"x,y",1', '000123,']
    """
    import pandas as pd

    text = table.to_pandas(types_mapper=pd.ArrowDtype).to_csv(index=False, header=header, lineterminator="\n")
    fh.write(text.encode("utf-8"))


def write_stream(tables: Iterable[pa.Table], fh: IO[bytes], fmt: str, schema: pa.Schema | None = None) -> None:
    """Stream ``tables`` (one schema, or ``schema`` to cast to) into an open binary file.

    Examples
    --------
    >>> buf = io.BytesIO()
    >>> write_stream([pa.table({"a": ["x"]}), pa.table({"a": ["y"]})], buf, "csv")
    >>> buf.getvalue().decode().splitlines()
    ['a', 'x', 'y']
    """
    import pyarrow.parquet as pq

    writer = None
    first = True
    try:
        for table in tables:
            if schema is not None:
                table = conform(table, schema)
            if fmt == "parquet":
                writer = writer or pq.ParquetWriter(fh, table.schema)
                writer.write_table(table)
            elif fmt == "csv":
                write_csv(table, fh, header=first)
            else:
                for row in table.to_pylist():
                    fh.write((json.dumps(row, ensure_ascii=False, default=str) + "\n").encode("utf-8"))
            first = False
    finally:
        if writer is not None:
            writer.close()


def write_ipc(table: pa.Table, fh: IO[bytes]) -> None:
    """Write ``table`` as an Arrow IPC file (cheap to write, memory-mapped when read back)."""
    with pa.ipc.new_file(fh, table.schema) as writer:
        writer.write_table(table)


def read_ipc(path: str | os.PathLike[str]) -> pa.Table:
    """Read an Arrow IPC file written by :func:`write_ipc` (raises on a damaged file).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.arrow"
    >>> with atomic_write(p) as fh:
    ...     write_ipc(pa.table({"a": [1, 2]}), fh)
    >>> read_ipc(p).num_rows
    2
    """
    with pa.memory_map(os.fspath(path)) as source:
        return pa.ipc.open_file(source).read_all()


def read_data_csv(text: str, *, source: object) -> Any:
    """A documented data file's CSV text (``#`` comment lines allowed) as a DataFrame of text.

    For the package's data files (lexicons, actor table, drafts data): every value verbatim,
    an empty cell is ``""``; a malformed file is an :class:`~analysis.errors.InputError` naming
    ``source``.

    Examples
    --------
    >>> read_data_csv("# a comment\\nalias,name\\nUS,United States\\n", source="x").to_dict("records")
    [{'alias': 'US', 'name': 'United States'}]
    """
    import pandas as pd

    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    try:
        return pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        raise InputError(source, f"not a valid CSV file ({str(exc).splitlines()[0]})") from None


def write_table(table: Any, path: str | os.PathLike[str], *, fmt: str | None = None) -> Path | None:
    """Write a table (pyarrow Table or DataFrame) as CSV, JSON Lines or Parquet, atomically.

    ``path`` ``-`` writes to standard output (CSV unless ``fmt`` says otherwise).

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> out = write_table(pd.DataFrame({"a": ["000123"]}), pathlib.Path(tempfile.mkdtemp()) / "t.csv")
    >>> out.read_text().splitlines()
    ['a', '000123']
    """
    name = os.fspath(path)
    fmt = detect_format(name, fmt, output=True)
    table = _arrow(table)
    if name == "-":
        buffer = io.BytesIO()
        _write_to(buffer, table, fmt)
        raw = getattr(sys.stdout, "buffer", None)
        if raw is None or fmt != "parquet":  # text formats go through the text stream (captures work)
            if fmt == "parquet":
                raise OutputError("-", "Parquet cannot go to this standard output; give -o FILE")
            sys.stdout.write(buffer.getvalue().decode("utf-8"))
        else:
            sys.stdout.flush()
            raw.write(buffer.getvalue())
        sys.stdout.flush()
        return None
    with atomic_write(name) as fh:
        _write_to(fh, table, fmt)
    return Path(name)


def write_frame(frame: Any, path: str | os.PathLike[str]) -> Path:
    """Write a DataFrame by suffix with pandas' own writers (the study's tables), atomically.

    Parquet keeps pandas' dtypes and index-free layout; CSV and JSON Lines as pandas writes them.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> out = write_frame(pd.DataFrame({"a": [1]}), pathlib.Path(tempfile.mkdtemp()) / "t.parquet")
    >>> pd.read_parquet(out)["a"].tolist()
    [1]
    """
    target = Path(path)
    fmt = detect_format(target, None, output=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(target) as fh:
        if fmt == "parquet":
            frame.to_parquet(fh, index=False)
        elif fmt == "csv":
            fh.write(frame.to_csv(index=False).encode("utf-8"))
        else:
            fh.write(frame.to_json(orient="records", lines=True, force_ascii=False).encode("utf-8"))
    return target


@contextlib.contextmanager
def staged_folder(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A staging folder whose files replace the folder ``path`` together, or not at all.

    Write every file into the yielded folder; on success it is swapped into place by renames
    (the old folder, if any, is removed afterwards); on any error the staging folder is removed
    and ``path`` is untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "tables"
    >>> with staged_folder(out) as stage:
    ...     _ = (stage / "a.txt").write_text("x")
    >>> sorted(p.name for p in out.iterdir()), sorted(p.name for p in out.parent.iterdir())
    (['a.txt'], ['tables'])
    """
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise OutputError(target, "is a file; give a folder for the output tables")
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(target, f"the folder {parent} does not exist")
    stage = parent / f".{target.name}.{os.getpid()}.staging"
    old = parent / f".{target.name}.{os.getpid()}.old"
    try:
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
    except OSError as exc:
        raise _output_problem(str(target), exc) from None
    try:
        yield stage
        for f in stage.iterdir():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
        if target.exists():
            os.replace(target, old)
        os.replace(stage, target)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        if old.exists() and not target.exists():
            os.replace(old, target)
        if isinstance(exc, (InputError, OutputError)):
            raise
        raise _output_problem(str(target), exc) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        if old.exists() and not target.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def output_lock(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold an exclusive lock on ``path`` for this process (one writer per output).

    The lock is ``.NAME.lock`` beside ``path``, locked with ``flock`` (released by the operating
    system when the process dies, so a stale lock of a killed run never blocks) and holding the
    owner's process id for the message. A second writer gets an
    :class:`~analysis.errors.OutputError` at once.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "x.parquet"
    >>> with output_lock(out):
    ...     pass
    >>> list(out.parent.iterdir())
    []
    """
    import fcntl

    target = Path(path)
    lock = target.with_name(f".{target.name}.lock")
    if not target.parent.is_dir():
        raise OutputError(target, f"the folder {target.parent} does not exist")
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise _output_problem(str(target), exc) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                owner = os.read(fd, 64).decode("ascii", "replace").strip() or "?"
            finally:
                os.close(fd)
            raise OutputError(target, f"is being written by process {owner}; wait for it to finish "
                                      "(or stop it) and run again") from None
        # the file we locked must still be the lock file (another process may have removed it)
        try:
            same = os.fstat(fd).st_ino == os.stat(lock).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        yield lock
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)
