"""Errors users can act on.

Examples
--------
>>> from analysis.errors import InputError
>>> str(InputError("x.csv", "no column 'text'"))
"x.csv: no column 'text'"
"""

from __future__ import annotations

__all__ = ["InputError"]


class InputError(ValueError):
    """Bad input that the user can fix: names the file (or source) and the problem.

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
