"""Command-line interface: ``python -m analysis SUBCOMMAND ...``.

Each subcommand lives in its own module under :mod:`analysis.commands`, exposing
``NAME``, ``HELP``, ``configure(parser)`` and ``run(args) -> int``. Errors that users can
fix (bad files, unknown ids, missing columns) are raised as :class:`analysis.errors.InputError`
and printed as one clear line with exit code 2, never as a traceback.

Examples
--------
>>> from analysis.cli import build_parser
>>> sorted(build_parser()._subparsers._group_actions[0].choices)[:2]
['drafts', 'ingest']
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from analysis.errors import InputError

__all__ = ["build_parser", "main", "COMMAND_MODULES"]

#: Subcommand modules, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "analysis.commands.ingest",
    "analysis.commands.sentences",
    "analysis.commands.label",
    "analysis.commands.label_corpus",
    "analysis.commands.drafts",
)


def _available_commands():
    for name in COMMAND_MODULES:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a subcommand not built yet
            if exc.name != name:
                raise


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="News stance and claim-change analysis.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _available_commands():
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code (0 ok, 2 bad input or usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
