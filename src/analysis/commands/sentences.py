"""``python -m analysis sentences INPUT [-o OUT] [--output-format csv|jsonl|parquet]``: one file's sentences.

Prints (or writes) sentence_id, text, start, end, is_title, speaker, speaker_actor, mode,
target, target_actor, and the attribution columns of :mod:`analysis.attribution`. INPUT ``-``
is one text article from standard input.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> configure(parser)
>>> parser.parse_args(["a.txt"]).output_format is None
True
"""

from __future__ import annotations

import argparse

__all__ = ["NAME", "HELP", "configure", "run", "COLUMNS"]

NAME = "sentences"
HELP = "Print one file's sentences with speakers and attribution mode (CSV, JSON Lines or Parquet)."

#: Columns printed, in order (attribution columns added by newer versions follow them).
COLUMNS = ("sentence_id", "text", "start", "end", "is_title", "speaker", "speaker_actor", "mode",
           "target", "target_actor")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add this subcommand's arguments."""
    parser.add_argument("input", metavar="INPUT", help="an article or corpus file, or - for one text on stdin")
    parser.add_argument("-o", "--output", default=None, metavar="OUT", help="output file (default: standard output)")
    parser.add_argument("--output-format", "--format", dest="output_format", choices=("csv", "jsonl", "parquet"),
                        default=None, help="output format (default: from the suffix; stdout: csv)")
    parser.add_argument("--input-format", choices=("txt", "md", "html", "csv", "jsonl", "parquet"), default=None,
                        help="read INPUT as this format whatever its suffix")
    parser.add_argument("--text-column", default="text", help="text column of a corpus file (default: text)")
    parser.add_argument("--actors", default=None, metavar="CSV", help="your own actor dictionary CSV")
    parser.add_argument("--encoding", default=None, help="text encoding of the input (default UTF-8)")


def run(args: argparse.Namespace) -> int:
    """Print or write the sentence table; return 0."""
    import sys

    from analysis.ingest import ingest_paths
    from analysis.tables import write_table

    result = ingest_paths([args.input], text_column=args.text_column, actors=args.actors,
                          encoding=args.encoding, fmt=args.input_format)
    extra = [c for c in result.sentences.columns if c not in COLUMNS and c not in ("article_id", "n")]
    table = result.sentences[[*COLUMNS, *extra]]
    for row in result.skipped.itertuples(index=False):
        print(f"skipped: {row.source_path}{f' ({row.item})' if row.item else ''}: {row.problem}", file=sys.stderr)
    write_table(table, args.output or "-", fmt=args.output_format)
    return 0
