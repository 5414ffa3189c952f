"""``python -m analysis label-corpus INPUT OUTPUT``: label a large corpus in chunks, or on Dask.

Reads a CSV / JSON Lines / Parquet file chunk by chunk, labels every sentence and writes
Parquet or CSV (by OUTPUT's suffix) atomically; an interrupted run resumes where it stopped.
See :func:`analysis.corpus.label_corpus` and ``docs/scale.md``.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> configure(parser)
>>> args = parser.parse_args(["in.csv", "out.parquet", "--engine", "dask", "--chunksize", "1000"])
>>> (args.engine, args.chunksize, args.progress)
('dask', 1000, True)
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["NAME", "HELP", "configure", "run"]

NAME = "label-corpus"
HELP = "Label a large CSV/JSONL/Parquet corpus in chunks (resumable), locally or on a Dask cluster."


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``label-corpus`` arguments to ``parser``."""
    parser.add_argument("input", metavar="INPUT", help="sentences: .csv, .jsonl (.ndjson) or .parquet, one per row")
    parser.add_argument("output", metavar="OUTPUT", help="labelled sentences: .parquet or .csv")
    parser.add_argument("--chunksize", type=_positive_int, default=50_000, metavar="N",
                        help="rows labelled at a time (default 50000); memory grows with it")
    parser.add_argument("--engine", default="local", metavar="{local,dask}",
                        help="local: one process, chunk after chunk (default); dask: chunks as Dask partitions")
    parser.add_argument("--scheduler", default=None, metavar="ADDR",
                        help="with --engine dask: existing scheduler address, e.g. tcp://host:8786 "
                             "(default: start a 2-worker LocalCluster)")
    parser.add_argument("--workers", type=_positive_int, default=2, metavar="N",
                        help="worker processes of the LocalCluster (default 2)")
    parser.add_argument("--text-column", default="text", metavar="NAME", help="column holding the sentence (default text)")
    parser.add_argument("--labeler", default="default", metavar="NAME",
                        help="cues, learned, default or baseline (default: default)")
    parser.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    """Label ``args.input`` into ``args.output``; return 0 (InputError -> exit 2 via the CLI)."""
    from analysis.corpus import label_corpus

    out = label_corpus(
        args.input,
        args.output,
        text_column=args.text_column,
        labeler=args.labeler,
        chunksize=args.chunksize,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=args.progress,
        n_workers=args.workers,
    )
    print(f"label-corpus: wrote {out}", file=sys.stderr)
    return 0
