"""``python -m analysis sentences FILE [--format csv|jsonl]``: one file's sentence table.

Prints sentence_id, text, start, end, is_title, speaker, speaker_actor, mode, target,
target_actor to stdout.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> configure(parser)
>>> parser.parse_args(["a.txt"]).format
'csv'
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["NAME", "HELP", "configure", "run", "COLUMNS"]

NAME = "sentences"
HELP = "Print one file's sentences with speakers and attribution mode (CSV or JSON Lines)."

#: Columns printed, in order.
COLUMNS = ("sentence_id", "text", "start", "end", "is_title", "speaker", "speaker_actor", "mode",
           "target", "target_actor")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add this subcommand's arguments."""
    parser.add_argument("file", metavar="FILE", help="an article or corpus file")
    parser.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="output format (default: csv)")
    parser.add_argument("--text-column", default="text", help="text column of a corpus file (default: text)")
    parser.add_argument("--actors", default=None, metavar="CSV", help="your own actor dictionary CSV")


def run(args: argparse.Namespace) -> int:
    """Print the sentence table; return 0."""
    from analysis.ingest import ingest_paths

    result = ingest_paths([args.file], text_column=args.text_column, actors=args.actors)
    table = result.sentences[list(COLUMNS)]
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False)
    else:
        table.to_json(sys.stdout, orient="records", lines=True, force_ascii=False)
    return 0
