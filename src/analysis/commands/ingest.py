"""``python -m analysis ingest PATH... [-o DIR]``: raw files -> articles, sentences, removed tables.

With ``-o DIR`` it writes ``articles``, ``sentences`` and ``removed`` (and ``skipped`` when
something was skipped) as Parquet (or ``--output-format csv|jsonl``) into DIR, all together or
not at all (a staging folder swapped into place); without ``-o`` it prints the sentences table
as CSV on standard output. Rows and files that are skipped (no text, over the size cap, or bad
files in ``--lenient`` mode) are listed on standard error and in ``skipped``.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> configure(parser)
>>> args = parser.parse_args(["a.txt", "-o", "out"])
>>> args.output, args.lenient
('out', False)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.commands.options import add_caps, add_quiet

__all__ = ["NAME", "HELP", "configure", "run"]

NAME = "ingest"
HELP = "Read, clean, segment and attribute articles; write articles/sentences/removed tables."

_INPUT_FORMATS = ("txt", "md", "html", "csv", "jsonl", "parquet")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add this subcommand's arguments."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to ingest (- = stdin, one text)")
    parser.add_argument("-o", "--output", "--out", dest="output", default=None, metavar="DIR",
                        help="folder for the tables (default: the sentences table as CSV on standard output)")
    parser.add_argument("--output-format", choices=("parquet", "csv", "jsonl"), default="parquet",
                        help="format of the tables in DIR (default parquet)")
    parser.add_argument("--input-format", choices=_INPUT_FORMATS, default=None,
                        help="read every file as this format whatever its suffix")
    parser.add_argument("--lenient", action="store_true",
                        help="skip bad files/rows (recorded in skipped) instead of stopping")
    parser.add_argument("--text-column", default="text", help="text column of corpus files (default: text)")
    parser.add_argument("--id-column", default=None, help="id column of corpus files (default: auto)")
    parser.add_argument("--actors", default=None, metavar="CSV", help="your own actor dictionary CSV")
    parser.add_argument("--encoding", default=None, help="decode text files with this encoding (default: require UTF-8)")
    add_caps(parser)
    add_quiet(parser)


def run(args: argparse.Namespace) -> int:
    """Run the ingest and write the tables; return 0."""
    from analysis.ingest import ingest_paths
    from analysis.tables import staged_folder, write_table

    if args.output is not None and Path(args.output).exists() and not Path(args.output).is_dir():
        from analysis.errors import OutputError

        raise OutputError(args.output, "is a file; give a folder for the output tables")
    result = ingest_paths(args.paths, text_column=args.text_column, id_column=args.id_column,
                          lenient=args.lenient, actors=args.actors, encoding=args.encoding,
                          max_row_chars=args.max_row_chars, fmt=args.input_format)
    for row in result.skipped.itertuples(index=False):
        print(f"skipped: {row.source_path}{f' ({row.item})' if row.item else ''}: {row.problem}", file=sys.stderr)
    if args.output is None:
        write_table(result.sentences, "-", fmt="csv")
        return 0
    out = Path(args.output)
    suffix = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl"}[args.output_format]
    names = ["articles", "sentences", "removed"] + (["skipped"] if len(result.skipped) else [])
    with staged_folder(out) as stage:
        for name in names:
            write_table(getattr(result, name), stage / f"{name}{suffix}")
    print(f"{len(result.articles)} articles, {len(result.sentences)} sentences, "
          f"{len(result.removed)} removed spans, {len(result.skipped)} skipped -> {out}", file=sys.stderr)
    return 0
