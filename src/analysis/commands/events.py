"""``python -m analysis events INPUT [--date YYYY-MM-DD] [-o OUT] [--output-format csv|jsonl|parquet]``.

Event records for one file: INPUT is anything ``python -m analysis sentences`` reads (an
article, a corpus file, ``-`` for one text on standard input). Every sentence is attributed and
labelled (``--labeler``, default ``default``); every label gives one record (columns of
:data:`analysis.events.EVENT_COLUMNS`: sentence_id, date, event_type ACCUSE / REJECT / PREDICT,
plover_event and plover_mode -- DISAPPROVE/accuse, REJECT, none for PREDICT --, source_actor,
target_actor, source_name, target_name, target_rule, evidence, text). ``--date`` sets the date
of every record; otherwise it is the article's date when known.

Examples
--------
>>> import argparse
>>> p = argparse.ArgumentParser(); configure(p)
>>> a = p.parse_args(["seed.txt", "--date", "2022-04-07", "--output-format", "jsonl"])
>>> (a.input, a.date, a.output_format, a.output)
('seed.txt', '2022-04-07', 'jsonl', None)
"""

from __future__ import annotations

import argparse
import sys

from analysis.commands.options import add_input, add_labeler, add_output, add_quiet

__all__ = ["NAME", "HELP", "configure", "run"]

NAME = "events"
HELP = "Event records (who accuses / rejects / predicts, about whom, PLOVER category) for one file."


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's arguments."""
    add_input(parser, formats=("txt", "md", "html", "csv", "jsonl", "parquet"),
              help="an article or corpus file, or - for one text on standard input")
    add_output(parser, formats=("csv", "jsonl", "parquet"))
    parser.add_argument("--format", dest="output_format", choices=("csv", "jsonl", "parquet"),
                        help=argparse.SUPPRESS)  # the spelling of --output-format
    parser.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="date of every record (default: the article's)")
    parser.add_argument("--text-column", default="text", help="text column of a corpus file (default: text)")
    add_labeler(parser)
    add_quiet(parser)


def run(args: argparse.Namespace) -> int:
    """Ingest, label, write the records; return 0."""
    from analysis.events import check_date, events_from_paths
    from analysis.tables import check_output_path, detect_format, write_table

    check_date(args.date)  # a bad date fails before any work
    if args.output:
        check_output_path(args.output)
    fmt = detect_format(args.output or "-", args.output_format, output=True)
    records = events_from_paths([args.input], date=args.date, labeler=args.labeler, actors=args.actors,
                                text_column=args.text_column, encoding=args.encoding, fmt=args.input_format)
    write_table(records, args.output or "-", fmt=fmt)
    if args.output and not args.quiet:
        print(f"{len(records)} event records -> {args.output}", file=sys.stderr)
    return 0
