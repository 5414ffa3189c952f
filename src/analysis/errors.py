"""Errors users can act on: bad data, bad arguments, an output that cannot be written.

The command line prints any of them as one line and exits with code 2; the Python API raises
them. They are separate so that a caller can tell a problem in the data from a wrong call:

- :class:`InputError` -- the data are bad (a file, a row, a value); names the source.
- :class:`ParameterError` -- an argument is bad (an unknown labeler, a negative chunk size).
- :class:`OutputError` -- the output cannot be written (a folder given as a file, a full
  disk, another process writing the same output); names the target.

Examples
--------
>>> from analysis.errors import InputError, ParameterError
>>> str(InputError("x.csv", "no column 'text'"))
"x.csv: no column 'text'"
>>> isinstance(ParameterError("chunksize must be positive"), ValueError)
True
"""

from __future__ import annotations

__all__ = ["InputError", "ParameterError", "OutputError"]


class InputError(ValueError):
    """Bad input data that the user can fix: names the file (or source) and the problem.

    Parameters
    ----------
    source : str
        The file, row or stream the problem is in (``"-"`` for stdin).
    problem : str
        What is wrong, in one sentence.
    """

    def __init__(self, source: object, problem: str) -> None:
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")


class ParameterError(ValueError):
    """A bad argument to a function or command (scikit-learn's ``InvalidParameterError`` style).

    Examples
    --------
    >>> str(ParameterError("unknown labeler 'x'"))
    "unknown labeler 'x'"
    """


class OutputError(OSError):
    """An output that cannot be written; names the target and the problem.

    Parameters
    ----------
    target : str
        The output file or folder.
    problem : str
        What is wrong, in one sentence.
    """

    def __init__(self, target: object, problem: str) -> None:
        self.target = str(target)
        self.problem = problem
        super().__init__(f"{self.target}: {problem}")

    def __str__(self) -> str:  # OSError's own str adds errno fields
        return f"{self.target}: {self.problem}"
