"""Sentence labelers for ACCUSATION, PREDICTION and REJECTION (codebook: docs/codebook.md).

Four labelers share the scikit-learn estimator contract (``fit`` returns self, ``predict`` an
(n, 3) 0/1 array, ``predict_proba`` (n, 3) scores in [0, 1], columns in the order of
:data:`LABELS`):

- :class:`CueLabeler` -- transparent rules from documented lexicons, with evidence spans;
- :class:`LearnedLabeler` -- calibrated linear models on word n-grams + cue features (shipped
  trained, ``models/learned.skops``);
- :class:`DefaultLabeler` -- learned probability and cue score combined (the default);
- :class:`KeywordBaseline` -- naive keyword matching, for comparison.

Nothing runs at import; the shipped model is read on first use.

Examples
--------
>>> from analysis.labels import LABELS, label_sentences
>>> LABELS
('accusation', 'prediction', 'rejection')
>>> out = label_sentences(["He accused Ukrainian authorities of seeking to scupper talks.",
...                        '"This is unacceptable."'], labeler="cues")
>>> out[list(LABELS)].to_numpy().tolist()
[[1, 0, 0], [0, 0, 1]]
>>> out.loc[1, "evidence"]
"rejection: 'unacceptable' [9:21]"
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.labels._text import as_texts
from analysis.labels.baseline import KeywordBaseline
from analysis.labels.codebook import EVIDENCE_COLUMN, LABELS, SCORE_COLUMNS
from analysis.labels.cues import CueLabeler, format_evidence
from analysis.labels.default import DefaultLabeler
from analysis.labels.learned import LearnedLabeler

__all__ = [
    "LABELS",
    "LABELER_NAMES",
    "CueLabeler",
    "LearnedLabeler",
    "DefaultLabeler",
    "KeywordBaseline",
    "get_labeler",
    "label_sentences",
]

#: Names accepted by :func:`get_labeler` and :func:`label_sentences`.
LABELER_NAMES: tuple[str, ...] = ("default", "cues", "learned", "baseline")

_CACHE: dict[str, Any] = {}


def get_labeler(name: str = "default") -> Any:
    """Return a ready-to-use (fitted) labeler by name: "cues", "learned", "default" or "baseline".

    "learned" and "default" are the shipped trained models (loaded once, then cached).

    Examples
    --------
    >>> type(get_labeler("cues")).__name__
    'CueLabeler'
    """
    if name not in LABELER_NAMES:
        raise InputError("labeler", f"unknown labeler {name!r}; choose one of {', '.join(LABELER_NAMES)}")
    if name not in _CACHE:
        if name == "cues":
            _CACHE[name] = CueLabeler().fit()
        elif name == "baseline":
            _CACHE[name] = KeywordBaseline().fit()
        elif name == "learned":
            _CACHE[name] = LearnedLabeler.load()
        else:
            _CACHE[name] = DefaultLabeler.load()
    return _CACHE[name]


def _predict(labeler: Any, texts: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(indicator, scores, evidence strings) for any of the four labelers."""
    if isinstance(labeler, DefaultLabeler):
        pred, scores, evidence = labeler.predict_with_evidence(texts)
        return pred, scores, [format_evidence(r) for r in evidence]
    if isinstance(labeler, CueLabeler):
        scores, found = labeler.scores_and_evidence(texts)
        pred = (scores >= labeler.thresholds_).astype(int)
        strings = [
            format_evidence(r, labels=[LABELS[k] for k in np.flatnonzero(pred[i])]) for i, r in enumerate(found)
        ]
        return pred, scores, strings
    scores = labeler.predict_proba(texts)
    pred = labeler.predict(texts)
    if isinstance(labeler, LearnedLabeler):
        strings = [
            "; ".join(f"{LABELS[k]}: model {scores[i, k]:.2f}" for k in np.flatnonzero(pred[i])) for i in range(len(texts))
        ]
    else:
        strings = ["; ".join(f"{LABELS[k]}: keyword" for k in np.flatnonzero(pred[i])) for i in range(len(texts))]
    return pred, scores, strings


def label_sentences(
    texts_or_frame: Sequence[str] | pd.Series | pd.DataFrame,
    *,
    labeler: str | Any = "default",
    text_column: str = "text",
) -> pd.DataFrame:
    """Label sentences; return the input columns plus codes, scores and evidence.

    Parameters
    ----------
    texts_or_frame : sequence of str, Series or DataFrame
        The sentences, or a table with a text column.
    labeler : {"default", "cues", "learned", "baseline"} or a fitted labeler, default "default"
    text_column : str, default "text"
        Column holding the sentences (a DataFrame input); a list or Series becomes column ``text``.

    Returns
    -------
    DataFrame
        The input columns (same rows, same order, same index) + ``accusation``, ``prediction``,
        ``rejection`` (0/1 int), ``accusation_score``, ``prediction_score``, ``rejection_score``
        (float in [0, 1]) and ``evidence`` (str, e.g. ``"accusation: 'accused' [12:19]"``; empty
        when no label is predicted).

    Raises
    ------
    InputError
        Missing text column, a non-text value (None, NaN, number) or an unknown labeler.
    """
    if isinstance(texts_or_frame, pd.DataFrame):
        if text_column not in texts_or_frame.columns:
            raise InputError("input", f"no column {text_column!r} (columns: {', '.join(map(str, texts_or_frame.columns))})")
        frame = texts_or_frame.copy()
        source = f"column {text_column!r}"
    else:
        if isinstance(texts_or_frame, str):
            raise InputError("input", "expected a list of sentences, got a single string")
        series = texts_or_frame if isinstance(texts_or_frame, pd.Series) else pd.Series(list(texts_or_frame), dtype=object)
        frame = pd.DataFrame({text_column: series})
        source = "input"
    texts = as_texts(frame[text_column], source=source)
    model = get_labeler(labeler) if isinstance(labeler, str) else labeler
    if texts:
        pred, scores, evidence = _predict(model, texts)
    else:
        pred, scores, evidence = np.zeros((0, 3), int), np.zeros((0, 3)), []
    for k, label in enumerate(LABELS):
        frame[label] = pred[:, k].astype(int)
    for k, column in enumerate(SCORE_COLUMNS):
        frame[column] = np.clip(scores[:, k].astype(float), 0.0, 1.0)
    frame[EVIDENCE_COLUMN] = pd.Series(evidence, index=frame.index, dtype=object)
    return frame
