"""``python -m analysis ingest PATH... --out DIR [--lenient]``: raw files -> Parquet tables.

Writes ``DIR/articles.parquet``, ``DIR/sentences.parquet`` and ``DIR/removed.parquet`` (and
``DIR/skipped.parquet`` when something was skipped in ``--lenient`` mode), then prints a
one-line summary.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> configure(parser)
>>> parser.parse_args(["a.txt", "--out", "out"]).lenient
False
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["NAME", "HELP", "configure", "run"]

NAME = "ingest"
HELP = "Read, clean, segment and attribute articles; write articles/sentences/removed tables."


def configure(parser: argparse.ArgumentParser) -> None:
    """Add this subcommand's arguments."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to ingest")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the Parquet tables")
    parser.add_argument("--lenient", action="store_true",
                        help="skip bad files/rows (recorded in skipped.parquet) instead of stopping")
    parser.add_argument("--text-column", default="text", help="text column of corpus files (default: text)")
    parser.add_argument("--id-column", default=None, help="id column of corpus files (default: auto)")
    parser.add_argument("--actors", default=None, metavar="CSV", help="your own actor dictionary CSV")
    parser.add_argument("--encoding", default=None, help="decode text files with this encoding (default: require UTF-8)")


def run(args: argparse.Namespace) -> int:
    """Run the ingest and write the tables; return 0."""
    from analysis.ingest import ingest_paths
    from analysis.io import write_table

    result = ingest_paths(args.paths, text_column=args.text_column, id_column=args.id_column,
                          lenient=args.lenient, actors=args.actors, encoding=args.encoding)
    out = Path(args.out)
    for name in ("articles", "sentences", "removed"):
        write_table(getattr(result, name), out / f"{name}.parquet")
    if len(result.skipped):
        write_table(result.skipped, out / "skipped.parquet")
    print(f"{len(result.articles)} articles, {len(result.sentences)} sentences, "
          f"{len(result.removed)} removed spans, {len(result.skipped)} skipped -> {out}")
    for row in result.skipped.itertuples(index=False):
        print(f"skipped: {row.source_path}{f' ({row.item})' if row.item else ''}: {row.problem}", file=sys.stderr)
    return 0
