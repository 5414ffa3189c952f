"""What every labeler shares: input checks, scikit-learn tags and the evidence table.

Every labeler of :mod:`analysis.labels` mixes in :class:`TextLabelerMixin` and so offers the
same interface: ``fit``, ``predict`` (an (n, 3) 0/1 array in the order of
:data:`~analysis.labels.codebook.LABELS`), ``predict_proba`` ((n, 3) scores in [0, 1]) and
:meth:`TextLabelerMixin.predict_with_evidence`, a DataFrame of codes, scores and evidence that
:func:`analysis.labels.label_sentences` and the command line write out. A labeler supplies
``predict_proba`` (or ``_score_with_evidence``), ``thresholds_`` and, optionally,
``_format_evidence``.

Examples
--------
>>> from analysis.labels.base import as_texts, as_indicator
>>> as_texts(["a", "b"])
['a', 'b']
>>> as_indicator([[1, 0, 0]], 1).tolist()
[[1, 0, 0]]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.labels.codebook import EVIDENCE_COLUMN, LABELS, SCORE_COLUMNS

__all__ = ["as_texts", "as_indicator", "evidence_frame", "TextLabelerMixin", "SCORE_DECIMALS"]

#: Scores in the evidence table are rounded to this many decimals.
SCORE_DECIMALS = 4


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
        (None, NaN, numbers); the message names the first bad row (1-based).

    Examples
    --------
    >>> as_texts([1.0])
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: input: row 1 is not text (float: 1.0)
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
    elif isinstance(X, list):
        values = X
    elif isinstance(X, Iterable):
        values = list(X)
    else:
        raise InputError(source, f"expected a sequence of sentences, got {type(X).__name__}")
    if not all(type(v) is str for v in values):
        for i, value in enumerate(values):
            if not isinstance(value, str):
                raise InputError(source, f"row {i + 1} is not text ({type(value).__name__}: {value!r})")
    return values


def as_indicator(y: Any, n: int) -> np.ndarray:
    """Check and return codes ``y`` as an (n, 3) int array of 0/1.

    Examples
    --------
    >>> as_indicator([[2, 0, 0]], 1)
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: y: codes must be 0 or 1
    """
    y = np.asarray(y)
    if y.shape != (n, len(LABELS)):
        raise InputError("y", f"expected a 0/1 indicator array of shape ({n}, {len(LABELS)}), got {y.shape}")
    if not np.isin(y, (0, 1)).all():
        raise InputError("y", "codes must be 0 or 1")
    return y.astype(int)


def evidence_frame(pred: np.ndarray, scores: np.ndarray, evidence: Sequence[str]) -> pd.DataFrame:
    """The evidence table: three 0/1 columns, three ``*_score`` columns (rounded) and ``evidence``.

    Examples
    --------
    >>> evidence_frame(np.array([[1, 0, 0]]), np.array([[0.912345, 0.1, 0.0]]), ["x"]).to_dict("records")
    [{'accusation': 1, 'prediction': 0, 'rejection': 0, 'accusation_score': 0.9123, 'prediction_score': 0.1, 'rejection_score': 0.0, 'evidence': 'x'}]
    """
    data: dict[str, Any] = {label: pred[:, k].astype(np.int64) for k, label in enumerate(LABELS)}
    clipped = np.round(np.clip(np.asarray(scores, dtype=float), 0.0, 1.0), SCORE_DECIMALS)
    data.update({column: clipped[:, k] for k, column in enumerate(SCORE_COLUMNS)})
    data[EVIDENCE_COLUMN] = pd.Series(list(evidence), dtype=object)
    return pd.DataFrame(data)


class TextLabelerMixin:
    """Shared interface and scikit-learn tags: 1-D text input, multi-label (n, 3) output.

    Put it first among the bases: ``class X(TextLabelerMixin, ClassifierMixin, BaseEstimator)``.
    Subclasses set ``thresholds_`` in ``fit`` and implement ``predict_proba``, or override
    ``_score_with_evidence`` when scores and evidence come from one pass.
    """

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.multi_output = True
        tags.requires_fit = True
        return tags

    def _score_with_evidence(self, texts: list[str]) -> tuple[np.ndarray, list[Any] | None]:
        """(scores (n, 3), per-sentence evidence records or None); default: no records."""
        return self.predict_proba(texts), None  # type: ignore[attr-defined]

    def _format_evidence(self, texts: list[str], pred: np.ndarray, scores: np.ndarray,
                         records: list[Any] | None) -> list[str]:
        """One evidence string per sentence; default: the score of each positive label."""
        return ["; ".join(f"{LABELS[k]}: score {scores[i, k]:.2f}" for k in np.flatnonzero(pred[i]))
                for i in range(len(texts))]

    def predict(self, X: Any) -> np.ndarray:
        """Indicator array (n, 3): score >= the label's threshold."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)  # type: ignore[attr-defined]

    def predict_with_evidence(self, X: Any) -> pd.DataFrame:
        """Codes, scores and evidence of every sentence, as one DataFrame.

        Returns
        -------
        DataFrame
            Columns ``accusation``, ``prediction``, ``rejection`` (0/1), their ``*_score``
            columns (rounded to :data:`SCORE_DECIMALS` decimals) and ``evidence`` (what fired,
            for the positive labels; empty when none), one row per sentence in input order.
        """
        texts = as_texts(X)
        if not texts:
            return evidence_frame(np.zeros((0, len(LABELS)), int), np.zeros((0, len(LABELS))), [])
        scores, records = self._score_with_evidence(texts)
        pred = (scores >= self.thresholds_).astype(int)  # type: ignore[attr-defined]
        return evidence_frame(pred, scores, self._format_evidence(texts, pred, scores, records))
