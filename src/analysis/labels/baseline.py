"""Naive keyword baseline: a label is 1 when any of a few keywords occurs (for comparison only).

Examples
--------
>>> from analysis.labels.baseline import KeywordBaseline
>>> KeywordBaseline().fit().predict(["Kyiv rejected the plan.", "Prices will rise."]).tolist()
[[0, 0, 1], [0, 1, 0]]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from analysis.labels.base import TextLabelerMixin, as_texts
from analysis.labels.codebook import LABELS

__all__ = ["KeywordBaseline", "DEFAULT_KEYWORDS"]

#: The baseline's keywords (word starts, case-insensitive): the obvious words for each label,
#: taken from the codebook's definitions. No negation, modality or context handling.
DEFAULT_KEYWORDS: dict[str, tuple[str, ...]] = {
    LABELS[0]: ("accus", "blame", "alleg", "condemn", "war crime", "lie", "lied", "propaganda"),
    LABELS[1]: ("will", "predict", "expect", "forecast", "likely", "warn"),
    LABELS[2]: ("reject", "refus", "deny", "denied", "denies", "dismiss", "veto", "unacceptable"),
}


class KeywordBaseline(TextLabelerMixin, ClassifierMixin, BaseEstimator):
    """Keyword baseline labeler (scikit-learn estimator; nothing is learned).

    Parameters
    ----------
    keywords : mapping label -> sequence of str, or None, default None
        Keywords per label, matched at word starts ignoring case; ``None`` means
        :data:`DEFAULT_KEYWORDS`.

    Attributes
    ----------
    regexes_ : tuple of compiled regexes, one per label
    thresholds_ : ndarray of shape (3,)
        0.5 for every label (the scores are 0 or 1).
    """

    def __init__(self, *, keywords: Mapping[str, Sequence[str]] | None = None) -> None:
        self.keywords = keywords

    def fit(self, X: Any = None, y: Any = None) -> KeywordBaseline:
        """Compile the keyword regexes; return self."""
        keywords = DEFAULT_KEYWORDS if self.keywords is None else self.keywords
        self.regexes_ = tuple(
            re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keywords.get(label, ())) + ")", re.IGNORECASE)
            if keywords.get(label)
            else re.compile(r"(?!)")
            for label in LABELS
        )
        self.thresholds_ = np.full(len(LABELS), 0.5)
        return self


    def predict_proba(self, X: Any) -> np.ndarray:
        """Scores (n, 3): 1.0 where a keyword of the label occurs, else 0.0 (no graded score)."""
        check_is_fitted(self, "regexes_")
        texts = as_texts(X)
        return np.array([[1.0 if rx.search(t) else 0.0 for rx in self.regexes_] for t in texts]).reshape(
            len(texts), len(LABELS)
        )

    def _format_evidence(self, texts: list[str], pred: np.ndarray, scores: np.ndarray,
                         records: list[Any] | None) -> list[str]:
        out = []
        for i, text in enumerate(texts):
            found = [(LABELS[k], self.regexes_[k].search(text)) for k in np.flatnonzero(pred[i])]
            out.append("; ".join(f"{label}: keyword '{m.group()}'" for label, m in found if m))
        return out
