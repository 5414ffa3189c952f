"""Input validation and scikit-learn tags shared by the labelers (internal).

Examples
--------
>>> from analysis.labels._text import as_texts
>>> as_texts(["a", "b"])
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.errors import InputError

__all__ = ["as_texts", "TextLabelerMixin"]


def as_texts(X: object, *, source: str = "input") -> list[str]:
    """Return ``X`` as a list of str, or raise :class:`~analysis.errors.InputError`.

    Parameters
    ----------
    X : iterable of str, pandas Series, one-column DataFrame or 1-D array
        The sentences.
    source : str, default "input"
        Name used in the error message.

    Raises
    ------
    InputError
        When ``X`` is a single string, has more than one column, or holds a non-text value
        (None, NaN, numbers); the message names the first bad row.

    Examples
    --------
    >>> as_texts([1.0])
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: input: row 0 is not text (float: 1.0)
    """
    if isinstance(X, str):
        raise InputError(source, "expected a list of sentences, got a single string")
    if isinstance(X, pd.DataFrame):
        if X.shape[1] != 1:
            raise InputError(source, f"expected one text column, got {X.shape[1]} columns")
        X = X.iloc[:, 0]
    if isinstance(X, pd.Series):
        values = X.tolist()
    elif isinstance(X, np.ndarray):
        if X.ndim == 2 and X.shape[1] == 1:
            X = X[:, 0]
        if X.ndim != 1:
            raise InputError(source, f"expected a 1-D sequence of sentences, got shape {X.shape}")
        values = X.tolist()
    elif isinstance(X, Iterable):
        values = list(X)
    else:
        raise InputError(source, f"expected a sequence of sentences, got {type(X).__name__}")
    for i, value in enumerate(values):
        if not isinstance(value, str):
            raise InputError(source, f"row {i} is not text ({type(value).__name__}: {value!r})")
    return values


class TextLabelerMixin:
    """scikit-learn tags shared by every labeler: 1-D text input, multi-label (n, 3) output.

    Put it first among the bases: ``class X(TextLabelerMixin, ClassifierMixin, BaseEstimator)``.
    """

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.multi_output = True
        tags.requires_fit = True
        return tags
