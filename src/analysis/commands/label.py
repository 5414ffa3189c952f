"""``python -m analysis label INPUT``: label sentences as accusation / prediction / rejection.

INPUT is a ``.csv`` (with a text column), ``.jsonl`` (one JSON object per line), ``.txt`` (one
sentence per line) or ``-`` (stdin, read as ``.txt`` lines unless ``--format`` says otherwise).
The output CSV (stdout unless ``--output``) has the input columns, ``accusation``,
``prediction``, ``rejection`` (0/1), the three ``*_score`` columns and ``evidence``; rows keep
their order and count. Bad input exits with code 2 and one message on stderr, and never leaves a
half-written output file (the CSV is written to a temporary file, then renamed).

Examples
--------
>>> import argparse
>>> from analysis.commands import label
>>> p = argparse.ArgumentParser(); label.configure(p)
>>> p.parse_args(["in.csv", "--labeler", "cues"]).labeler
'cues'
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
from pathlib import Path

import pandas as pd

from analysis.errors import InputError

__all__ = ["NAME", "HELP", "configure", "run", "read_input"]

NAME = "label"
HELP = "Label sentences (CSV, JSONL, TXT or stdin) as accusation / prediction / rejection."

_FORMATS = ("csv", "jsonl", "txt")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's arguments."""
    parser.add_argument("input", help="input file (.csv, .jsonl, .txt) or - for stdin")
    parser.add_argument("--text-column", default="text", help="column with the sentences (default: text)")
    parser.add_argument("--output", "-o", default=None, help="output CSV (default: stdout)")
    parser.add_argument(
        "--labeler", default="default", choices=("default", "cues", "learned", "baseline"),
        help="which labeler (default: default)",
    )
    parser.add_argument(
        "--actors", default=None, metavar="CSV",
        help="your own actor dictionary CSV for the cue rules (cues and default labelers)",
    )
    parser.add_argument(
        "--format", default=None, choices=_FORMATS,
        help="input format (default: from the file extension; stdin: txt)",
    )


def _read_text(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a folder, not a file") from None
    except UnicodeDecodeError:
        raise InputError(source, "not UTF-8 text") from None
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None


def read_input(source: str, *, text_column: str = "text", fmt: str | None = None) -> pd.DataFrame:
    """Read INPUT into a DataFrame with a str column ``text_column``.

    Raises
    ------
    InputError
        Unreadable or empty input, unknown extension, bad JSON line, missing column or a
        non-text value in the text column.
    """
    if fmt is None:
        suffix = Path(source).suffix.lower().lstrip(".") if source != "-" else "txt"
        fmt = {"csv": "csv", "jsonl": "jsonl", "ndjson": "jsonl", "txt": "txt", "text": "txt"}.get(suffix)
        if fmt is None:
            raise InputError(source, "unknown input type; use .csv, .jsonl or .txt (or --format)")
    raw = _read_text(source)
    if not raw.strip():
        raise InputError(source, "empty input")
    if fmt == "txt":
        lines = raw.splitlines()
        while lines and not lines[-1].strip():
            lines.pop()
        return pd.DataFrame({text_column: lines})
    if fmt == "jsonl":
        rows = []
        for i, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise InputError(f"{source} line {i}", f"not valid JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise InputError(f"{source} line {i}", "each line must be a JSON object")
            rows.append(record)
        frame = pd.DataFrame(rows)
    else:
        try:
            frame = pd.read_csv(io.StringIO(raw), dtype=object, keep_default_na=False, na_values=[])
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(source, f"not a valid CSV file ({exc})") from None
    if frame.empty:
        raise InputError(source, "no rows")
    if text_column not in frame.columns:
        raise InputError(source, f"no column {text_column!r} (columns: {', '.join(map(str, frame.columns))})")
    for i, value in enumerate(frame[text_column]):
        where = f"line {i + 1}" if fmt == "jsonl" else f"row {i + 1}"
        if not isinstance(value, str):
            raise InputError(source, f"{where}: {text_column!r} is not text ({type(value).__name__}: {value!r})")
        if fmt == "csv" and not value.strip():
            raise InputError(source, f"{where}: {text_column!r} is empty (a missing value)")
    return frame


def _write_atomic(frame: pd.DataFrame, output: str) -> None:
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(output, "output folder does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            frame.to_csv(handle, index=False)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    """Read, label, write; return 0 (errors are raised as InputError -> exit code 2)."""
    from analysis.labels import label_sentences

    labeler: object = args.labeler
    actors = getattr(args, "actors", None)
    if actors is not None:
        from analysis.actors import load_actors
        from analysis.labels import CueLabeler, DefaultLabeler

        if args.labeler not in ("cues", "default"):
            raise InputError("--actors", f"applies to the cues and default labelers, not {args.labeler!r}")
        dictionary = load_actors(actors)  # a bad file fails here, before any input is read
        labeler = CueLabeler(actors=dictionary).fit() if args.labeler == "cues" else DefaultLabeler.load(actors=dictionary)
    frame = read_input(args.input, text_column=args.text_column, fmt=getattr(args, "format", None))
    labelled = label_sentences(frame, labeler=labeler, text_column=args.text_column)
    if args.output:
        _write_atomic(labelled, args.output)
    else:
        labelled.to_csv(sys.stdout, index=False)
    return 0
