"""The options every command spells the same way (one CLI style).

- ``INPUT`` positional, ``-`` = standard input (where a command can read a stream);
- ``-o/--output`` (standard output when absent, where a command can write a stream);
- ``--input-format`` / ``--output-format`` when the suffix does not say;
- ``--encoding`` of text input;
- ``--max-row-chars`` / ``--max-input-bytes``: the caps of :mod:`analysis.tables`;
- ``--quiet``: no progress bar (bars go to standard error, with a total and an ETA, and appear
  only when a step takes more than a couple of seconds).

Examples
--------
>>> import argparse
>>> p = argparse.ArgumentParser()
>>> add_input(p, formats=("csv", "txt")); add_output(p, formats=("csv",)); add_caps(p); add_quiet(p)
>>> a = p.parse_args(["in.csv", "-o", "out.csv", "--max-row-chars", "10_000"])
>>> (a.input, a.output, a.max_row_chars, a.quiet)
('in.csv', 'out.csv', 10000, False)
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from analysis.tables import MAX_INPUT_BYTES, MAX_ROW_CHARS

__all__ = ["positive_int", "add_input", "add_output", "add_caps", "add_quiet", "add_labeler", "progress_bar",
           "read_options"]


def positive_int(text: str) -> int:
    """argparse type: an integer >= 1 (underscores allowed: ``50_000``)."""
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def add_input(parser: argparse.ArgumentParser, *, formats: tuple[str, ...], stdin: bool = True,
              metavar: str = "INPUT", nargs: str | None = None, help: str | None = None) -> None:
    """``INPUT`` (``-`` = stdin), ``--input-format`` and ``--encoding``."""
    parser.add_argument("input", metavar=metavar, nargs=nargs,
                        help=help or ("input file" + (" or - for standard input" if stdin else "")))
    parser.add_argument("--input-format", choices=formats, default=None,
                        help="input format when the suffix does not say (stdin: txt)")
    parser.add_argument("--encoding", default=None, help="text encoding of the input (default UTF-8)")


def add_output(parser: argparse.ArgumentParser, *, formats: tuple[str, ...], stdout: bool = True,
               required: bool = False, metavar: str = "OUTPUT", help: str | None = None) -> None:
    """``-o/--output`` (stdout when absent) and ``--output-format``."""
    parser.add_argument("-o", "--output", metavar=metavar, default=None, required=required,
                        help=help or ("output file" + (" (default: standard output)" if stdout else "")))
    parser.add_argument("--output-format", choices=formats, default=None,
                        help=f"output format when the suffix does not say (default {formats[0]})")


def add_caps(parser: argparse.ArgumentParser) -> None:
    """``--max-row-chars`` and ``--max-input-bytes``."""
    parser.add_argument("--max-row-chars", type=positive_int, default=MAX_ROW_CHARS, metavar="N",
                        help=f"rows longer than N characters are skipped and listed (default {MAX_ROW_CHARS:,})")
    parser.add_argument("--max-input-bytes", type=positive_int, default=MAX_INPUT_BYTES, metavar="N",
                        help=f"stop when a compressed input inflates past N bytes (default {MAX_INPUT_BYTES:,})")


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """``-q/--quiet``: no progress bar."""
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar on standard error")


def add_labeler(parser: argparse.ArgumentParser) -> None:
    """``--labeler NAME`` and ``--actors CSV``."""
    parser.add_argument("--labeler", default="default", metavar="NAME",
                        help="default, cues, learned, baseline or transformer (optional extra); default: default")
    parser.add_argument("--actors", default=None, metavar="CSV",
                        help="your own actor dictionary CSV for the cue rules (cues, learned, default)")


def read_options(args: argparse.Namespace) -> dict[str, Any]:
    """Reader keyword arguments of :func:`analysis.corpus.label_stream` from parsed options."""
    return {"input_format": getattr(args, "input_format", None), "encoding": getattr(args, "encoding", None),
            "max_row_chars": getattr(args, "max_row_chars", MAX_ROW_CHARS),
            "max_input_bytes": getattr(args, "max_input_bytes", MAX_INPUT_BYTES)}


def progress_bar(args: argparse.Namespace, *, total: int | None, desc: str, unit: str = "rows"):
    """A tqdm bar on stderr (total and ETA), shown after 2 seconds, off with ``--quiet``."""
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, unit_scale=unit == "rows", file=sys.stderr, delay=2.0,
                mininterval=0.5, disable=bool(getattr(args, "quiet", False)))
