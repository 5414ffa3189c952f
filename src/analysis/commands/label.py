"""``python -m analysis label INPUT``: label sentences as accusation / prediction / rejection.

INPUT is a ``.csv`` (with a text column), ``.jsonl``, ``.parquet``, ``.txt`` (one sentence per
line; also compressed) or ``-`` (standard input, read as text lines unless ``--input-format``
says otherwise). The output (standard output unless ``-o``; CSV unless the suffix or
``--output-format`` says otherwise) has the input columns, values as read, then ``accusation``,
``prediction``, ``rejection`` (0/1), the three ``*_score`` columns (4 decimals) and
``evidence``; rows keep their order. A row without text gets an empty label row and a warning;
a row over ``--max-row-chars`` is left out, listed in ``OUTPUT.skipped.csv`` and counted in a
warning. Bad input exits with code 2 and one message on standard error, and never leaves a
half-written output file.

Examples
--------
>>> import argparse
>>> from analysis.commands import label
>>> p = argparse.ArgumentParser(); label.configure(p)
>>> p.parse_args(["in.csv", "--labeler", "cues", "-o", "out.csv"]).output
'out.csv'
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.commands.options import add_caps, add_input, add_labeler, add_output, add_quiet, progress_bar, read_options

__all__ = ["NAME", "HELP", "configure", "run"]

NAME = "label"
HELP = "Label sentences (CSV, JSON Lines, Parquet, text or stdin) as accusation / prediction / rejection."


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's arguments."""
    add_input(parser, formats=("csv", "jsonl", "parquet", "txt"))
    add_output(parser, formats=("csv", "jsonl", "parquet"))
    parser.add_argument("--text-column", default="text", help="column with the sentences (default: text)")
    add_labeler(parser)
    add_caps(parser)
    add_quiet(parser)


def run(args: argparse.Namespace) -> int:
    """Read, label, write; return 0 (errors are raised -> one line, exit code 2)."""
    from analysis.corpus import LabelReport, label_stream, write_skipped
    from analysis.labels.registry import load_labeler
    from analysis.tables import check_output_path, concat, count_rows, detect_format, write_table

    if args.output:  # fail on a bad output before reading anything
        check_output_path(args.output)
    out_fmt = detect_format(args.output or "-", args.output_format, output=True)
    labeler = load_labeler(args.labeler, actors=args.actors)  # a bad name or actor file fails first
    report = LabelReport()
    with progress_bar(args, total=count_rows(args.input, args.input_format), desc=f"label {Path(args.input).name}") as bar:
        tables = list(label_stream(args.input, labeler=labeler, text_column=args.text_column, row_column=None,
                                   report=report, on_chunk=bar.update, **read_options(args)))
    table = concat(tables)
    write_table(table, args.output or "-", fmt=out_fmt)
    if args.output:
        write_skipped(report.skipped, Path(args.output).with_name(Path(args.output).name + ".skipped.csv"))
    for line in report.warnings(args.input):
        print(line, file=sys.stderr)
    return 0
