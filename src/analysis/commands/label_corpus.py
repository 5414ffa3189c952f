"""``python -m analysis label-corpus INPUT -o OUTPUT``: label a large corpus in chunks, or on Dask.

Reads a CSV / JSON Lines / text / Parquet file chunk by chunk, labels every sentence and writes
Parquet, CSV or JSON Lines (by OUTPUT's suffix) atomically; an interrupted run resumes where it
stopped; one writer per OUTPUT. See :func:`analysis.corpus.label_corpus` and ``docs/scale.md``.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> configure(parser)
>>> args = parser.parse_args(["in.csv", "-o", "out.parquet", "--engine", "dask", "--chunksize", "1000"])
>>> (args.engine, args.chunksize, args.quiet)
('dask', 1000, False)
"""

from __future__ import annotations

import argparse
import sys

from analysis.commands.options import add_caps, add_input, add_labeler, add_output, add_quiet, positive_int

__all__ = ["NAME", "HELP", "configure", "run"]

NAME = "label-corpus"
HELP = "Label a large corpus file in chunks (resumable, one writer), locally or on a Dask cluster."


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``label-corpus`` arguments to ``parser``."""
    add_input(parser, formats=("csv", "jsonl", "parquet", "txt"), stdin=False,
              help="sentences, one per row: .csv, .jsonl, .txt (also .gz/.bz2/.xz/.zip) or .parquet")
    parser.add_argument("legacy_output", nargs="?", metavar="OUTPUT", help=argparse.SUPPRESS)
    add_output(parser, formats=("parquet", "csv", "jsonl"), stdout=False,
               help="labelled sentences: .parquet, .csv or .jsonl (required)")
    parser.add_argument("--chunksize", type=positive_int, default=50_000, metavar="N",
                        help="rows labelled at a time (default 50000); memory grows with it")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local: one process, chunk after chunk (default); dask: chunks as Dask partitions")
    parser.add_argument("--scheduler", default=None, metavar="ADDR",
                        help="with --engine dask: existing scheduler address, e.g. tcp://host:8786 "
                             "(default: start a LocalCluster)")
    parser.add_argument("--workers", type=positive_int, default=2, metavar="N",
                        help="worker processes of the LocalCluster (default 2)")
    parser.add_argument("--text-column", default="text", metavar="NAME", help="column holding the sentence (default text)")
    add_labeler(parser)
    add_caps(parser)
    add_quiet(parser)
    parser.add_argument("--no-progress", dest="quiet", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    """Label ``args.input`` into ``args.output``; return 0 (errors -> one line, exit 2 via the CLI)."""
    from analysis.corpus import label_corpus
    from analysis.errors import ParameterError
    from analysis.labels.registry import load_labeler

    output = args.output or args.legacy_output
    if output is None:
        raise ParameterError("label-corpus needs -o OUTPUT (a .parquet, .csv or .jsonl file)")
    labeler = args.labeler if args.actors is None else load_labeler(args.labeler, actors=args.actors)
    out = label_corpus(
        args.input, output, text_column=args.text_column, labeler=labeler, chunksize=args.chunksize,
        engine=args.engine, scheduler=args.scheduler, progress=not args.quiet, n_workers=args.workers,
        input_format=args.input_format, output_format=args.output_format, encoding=args.encoding,
        max_row_chars=args.max_row_chars, max_input_bytes=args.max_input_bytes,
    )
    print(f"label-corpus: wrote {out}", file=sys.stderr)
    return 0
