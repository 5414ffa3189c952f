"""The label names and their one-line definitions (the codebook is docs/codebook.md).

This is the one place in the code where the three label names are spelled.

Examples
--------
>>> from analysis.labels.codebook import LABELS, SCORE_COLUMNS
>>> LABELS
('accusation', 'prediction', 'rejection')
>>> SCORE_COLUMNS
('accusation_score', 'prediction_score', 'rejection_score')
"""

from __future__ import annotations

__all__ = ["LABELS", "SCORE_COLUMNS", "DEFINITIONS", "EVIDENCE_COLUMN"]

#: The three labels, in the column order of every indicator array (n, 3).
LABELS: tuple[str, str, str] = ("accusation", "prediction", "rejection")

#: Score column names, ``<label>_score``, in the order of :data:`LABELS`.
SCORE_COLUMNS: tuple[str, ...] = tuple(f"{label}_score" for label in LABELS)

#: Name of the evidence column written by :func:`analysis.labels.label_sentences`.
EVIDENCE_COLUMN: str = "evidence"

#: One-line definitions (see docs/codebook.md for examples and tie rules).
DEFINITIONS: dict[str, str] = {
    LABELS[0]: "A charge that an actor did, does or intends something wrong, illegitimate, "
    "deceptive, criminal or blameworthy.",
    LABELS[1]: "An assertion about whether an uncertain future event will or will not happen "
    "(forecast, expectation, likelihood, warning of consequences).",
    LABELS[2]: "An actor refuses, rejects, dismisses, vetoes or denies a proposal, demand, request, "
    "condition, claim or accusation, or declares something unacceptable.",
}
