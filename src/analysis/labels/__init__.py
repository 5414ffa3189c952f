"""Sentence labelers for ACCUSATION, PREDICTION and REJECTION (codebook: docs/codebook.md).

The shipped, trained labeler is one call away::

    from analysis.labels import load_labeler, label_sentences
    labeler = load_labeler("default")          # fitted; works in a Pipeline without fit
    labeler.predict(["This is unacceptable."])  # (n, 3) 0/1 array, columns in LABELS order
    label_sentences(["This is unacceptable."])  # a DataFrame with codes, scores and evidence

Every labeler has the same interface (scikit-learn's estimator contract: keyword parameters,
``fit`` returns self, learned state ends in ``_``): ``predict``, ``predict_proba`` and
``predict_with_evidence`` (a DataFrame of codes, scores and evidence):

- :class:`CueLabeler` -- transparent rules from documented lexicons, with evidence spans;
- :class:`LearnedLabeler` -- calibrated linear models on word n-grams + cue features;
- :class:`DefaultLabeler` -- learned probability and cue score combined (the default);
- :class:`KeywordBaseline` -- naive keyword matching, for comparison.

Names map to ready labelers in :mod:`analysis.labels.registry`. Importing this package is cheap
(``LABELS`` needs neither NumPy nor scikit-learn); everything else is imported on first use.

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

import importlib
from typing import Any

from analysis.labels.codebook import EVIDENCE_COLUMN, LABELS, SCORE_COLUMNS

__all__ = [
    "LABELS",
    "SCORE_COLUMNS",
    "EVIDENCE_COLUMN",
    "LABELER_NAMES",
    "CueLabeler",
    "LearnedLabeler",
    "DefaultLabeler",
    "KeywordBaseline",
    "load_labeler",
    "get_labeler",
    "register_labeler",
    "label_sentences",
]

_LAZY = {
    "LABELER_NAMES": "analysis.labels.registry",
    "load_labeler": "analysis.labels.registry",
    "register_labeler": "analysis.labels.registry",
    "CueLabeler": "analysis.labels.cues",
    "LearnedLabeler": "analysis.labels.learned",
    "DefaultLabeler": "analysis.labels.default",
    "KeywordBaseline": "analysis.labels.baseline",
    "label_sentences": "analysis.labels.apply",
}


def __getattr__(name: str) -> Any:
    """Import the public names on first use (``import analysis.labels`` stays cheap)."""
    if name == "get_labeler":  # the earlier name of load_labeler
        return importlib.import_module("analysis.labels.registry").load_labeler
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'analysis.labels' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
