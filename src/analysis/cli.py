"""Command-line interface: ``python -m analysis SUBCOMMAND ...`` (or the ``analysis`` script).

Each subcommand lives in its own module under :mod:`analysis.commands`, exposing ``NAME``,
``HELP``, ``configure(parser)`` and ``run(args) -> int``; the options they share are spelled once
in :mod:`analysis.commands.options`. Every problem a user can act on -- bad data
(:class:`~analysis.errors.InputError`), a bad argument (:class:`~analysis.errors.ParameterError`),
an output that cannot be written (:class:`~analysis.errors.OutputError`, a full disk, another
process writing it) -- is printed as one line on standard error with exit code 2, never as a
traceback. Ctrl-C prints one line and exits with 130, keeping what a rerun can resume.

Examples
--------
>>> from analysis.cli import build_parser
>>> {"ingest", "label", "label-corpus", "drafts"} <= set(build_parser()._subparsers._group_actions[0].choices)
True
"""

from __future__ import annotations

import argparse
import errno
import importlib
import sys
from collections.abc import Sequence

from analysis.errors import InputError, OutputError, ParameterError

__all__ = ["build_parser", "main", "command_name", "COMMAND_MODULES"]

#: Subcommand modules, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "analysis.commands.ingest",
    "analysis.commands.sentences",
    "analysis.commands.label",
    "analysis.commands.label_corpus",
    "analysis.commands.events",
    "analysis.commands.drafts",
)


def command_name(module_name: str) -> str:
    """The subcommand a module under :mod:`analysis.commands` provides (``label_corpus`` -> ``label-corpus``).

    Examples
    --------
    >>> command_name("analysis.commands.label_corpus")
    'label-corpus'
    """
    return module_name.rpartition(".")[2].replace("_", "-")


def _available_commands(only: str | None = None):
    for name in COMMAND_MODULES:
        if only is not None and command_name(name) != only:
            continue
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a subcommand not built yet
            if exc.name != name:
                raise


def _version() -> str:
    import analysis

    return f"%(prog)s {analysis.__version__}"


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Build the argument parser with every available subcommand, or with ``command`` only.

    Building one subcommand imports only its module: ``label-corpus`` then starts without
    loading what ``ingest`` or ``drafts`` need (about 0.3 s of imports).
    """
    parser = argparse.ArgumentParser(
        prog="analysis",
        description="News stance and claim-change analysis: ingest articles, label sentences as "
                    "accusation / prediction / rejection, compare negotiation drafts.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _available_commands(command):
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(p)
        p.set_defaults(_run=module.run)
    return parser


def _dask_failure(exc: BaseException) -> str | None:
    """One line for a Dask failure (a worker killed again and again, a lost scheduler), else None."""
    name = type(exc).__name__
    if name == "KilledWorker":
        return ("a Dask worker died repeatedly while labelling a chunk (out of memory? lower --chunksize); "
                "finished chunks are kept: rerun to resume")
    if name in ("CommClosedError", "FutureCancelledError", "CancelledError") and "distributed" in type(exc).__module__:
        return f"the Dask cluster went away ({exc}); finished chunks are kept: rerun to resume"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code (0 ok, 2 user error, 130 interrupted)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # `analysis COMMAND ...` builds that subcommand only; anything else (--help, --version, a
    # typo) gets the parser with every subcommand, so help and error messages list them all
    known = {command_name(m) for m in COMMAND_MODULES}
    parser = build_parser(argv[0] if argv and argv[0] in known else None)
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except (InputError, ParameterError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing half-written was left; label-corpus keeps its finished chunks, "
              "so a rerun resumes", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except MemoryError:
        print("error: out of memory; lower --chunksize or --max-row-chars", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk or a failing device outside the writers' own checks
        if exc.errno == errno.ENOSPC:
            print(f"error: {exc.filename or 'output'}: no space left on the device", file=sys.stderr)
            return 2
        if exc.errno is not None:
            print(f"error: {exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror}", file=sys.stderr)
            return 2
        raise
    except Exception as exc:
        message = _dask_failure(exc)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return 2
