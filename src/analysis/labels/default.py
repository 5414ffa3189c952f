"""Default labeler: a per-label weighted average of the learned probability and the cue score.

``score = (1 - w) * learned_probability + w * cue_score`` per label, predicted when the score
reaches the label's threshold. Both halves read ONE scan of the cue rules per batch (the cue
scores and evidence for the cue half, the cue features for the learned half), so the actor
dictionary given as ``actors`` reaches both halves.

Two ways to fit it:

- ``fit(X)`` (no codes) takes the shipped, trained model: ``models/learned.skops`` and the
  weights and thresholds of ``models/default.json`` (written by ``python -m analysis.study.train``).
  This is what ``load_labeler("default")`` and a ``Pipeline([... DefaultLabeler()]).fit(X)`` do.
- ``fit(X, y, groups)`` retrains: the learned part on ``X``/``y``, and the cue weights and
  thresholds chosen on out-of-fold learned probabilities (folds by document, ``groups``).

Examples
--------
>>> from analysis.labels.default import DefaultLabeler
>>> lab = DefaultLabeler().fit(["any text"])      # the shipped model
>>> lab.predict(['"This is unacceptable."', "The ministry declined to comment."]).tolist()
[[0, 0, 1], [0, 0, 0]]
>>> lab.explain(["Kyiv rejected the proposal."])[0][0]["cue"]
'rejected'
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from analysis.errors import InputError
from analysis.labels.base import TextLabelerMixin, as_indicator, as_texts
from analysis.labels.codebook import LABELS
from analysis.labels.cues import CueLabeler, format_evidence
from analysis.labels.learned import LearnedLabeler, best_thresholds, default_model_path

__all__ = ["DefaultLabeler", "default_config_path", "choose_blend"]

# Both parts always contribute, and thresholds stay in the middle of the range: the training
# sentences have far more positives than real news text, so extreme settings chosen on a small
# set of documents would not transfer (precision on real text matters as much as recall).
_WEIGHT_GRID = (0.25, 0.5, 0.75)
_THRESHOLD_GRID = np.round(np.arange(0.3, 0.71, 0.05), 2)


def default_config_path() -> Path:
    """``analysis/labels/models/default.json`` (package data)."""
    return Path(str(resources.files("analysis.labels").joinpath("models", "default.json")))


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot read the default labeler configuration: {exc}") from None
    if tuple(data.get("labels", ())) != LABELS:
        raise InputError(path, f"labels {data.get('labels')} do not match {LABELS}")
    return data


@lru_cache(maxsize=2)
def _shipped_learned(path: str) -> LearnedLabeler:
    return LearnedLabeler.load(path)


def choose_blend(learned_p: np.ndarray, cue_p: np.ndarray, y: np.ndarray, *,
                 weight_grid: Any = _WEIGHT_GRID, threshold_grid: Any = _THRESHOLD_GRID,
                 fixed_weights: Any = None, fixed_thresholds: Any = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per label, the cue weight and threshold with the best F1 of the blend on codes ``y``.

    ``score = (1 - w) * learned_p + w * cue_p``; ``w`` from ``weight_grid`` (or
    ``fixed_weights``), the threshold from ``threshold_grid`` (or ``fixed_thresholds``).
    Returns (cue weights, thresholds, F1 per label).

    Examples
    --------
    >>> y = np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]])
    >>> w, t, f1 = choose_blend(y * 0.8 + 0.1, y * 0.6, y)
    >>> f1.tolist()
    [1.0, 1.0, 1.0]
    """
    weights, thresholds, f1s = [], [], []
    for k in range(len(LABELS)):
        best = (-1.0, 0.5, 0.5)
        grid = weight_grid if fixed_weights is None else (float(np.ravel(fixed_weights)[k]),)
        for w in grid:
            score = ((1 - w) * learned_p[:, k] + w * cue_p[:, k])[:, None]
            t = (best_thresholds(y[:, [k]], score, grid=np.asarray(threshold_grid))[0] if fixed_thresholds is None
                 else float(np.ravel(fixed_thresholds)[k]))
            pred = score[:, 0] >= t
            tp = float(np.sum(pred & (y[:, k] == 1)))
            f1 = 2 * tp / max(pred.sum() + y[:, k].sum(), 1)
            if f1 > best[0] + 1e-9:
                best = (f1, w, t)
        f1s.append(best[0])
        weights.append(best[1])
        thresholds.append(best[2])
    return np.array(weights), np.array(thresholds), np.array(f1s)


class DefaultLabeler(TextLabelerMixin, ClassifierMixin, BaseEstimator):
    """Combine :class:`LearnedLabeler` probabilities with :class:`CueLabeler` scores.

    Parameters
    ----------
    learned : LearnedLabeler or None, default None
        Unfitted template of the learned part for retraining (``None`` = ``LearnedLabeler()``).
    lexicons : mapping or None, default None
        Lexicons of the cue rules (both halves).
    actors : path or ActorDictionary or None, default None
        Actor dictionary of the cue rules (speaker vs subject, see :class:`CueLabeler`), used by
        both halves; ``None`` uses the shipped ``actors.csv``.
    cue_weights : sequence of 3 floats or None, default None
        Fixed weight of the cue score per label; ``None`` = chosen when retraining, or the
        shipped values.
    thresholds : sequence of 3 floats or None, default None
        Fixed thresholds; ``None`` = chosen when retraining, or the shipped values.
    cv : int, default 4
        Folds (by document, ``groups``) for the out-of-fold learned probabilities on which the
        cue weights and thresholds are chosen; 0 keeps the fixed (or 0.5) values.
    random_state : int, default 0

    Attributes
    ----------
    learned_ : LearnedLabeler
    cues_ : CueLabeler
    cue_weights_, thresholds_ : ndarray of shape (3,)
    """

    def __init__(
        self,
        *,
        learned: LearnedLabeler | None = None,
        lexicons: Any = None,
        actors: Any = None,
        cue_weights: Any = None,
        thresholds: Any = None,
        cv: int = 4,
        random_state: int = 0,
    ) -> None:
        self.learned = learned
        self.lexicons = lexicons
        self.actors = actors
        self.cue_weights = cue_weights
        self.thresholds = thresholds
        self.cv = cv
        self.random_state = random_state

    def _template(self) -> LearnedLabeler:
        base = clone(self.learned) if self.learned is not None else LearnedLabeler(random_state=self.random_state)
        return base.set_params(lexicons=self.lexicons, actors=self.actors)

    def _fixed(self, value: Any, default: Any) -> np.ndarray:
        return np.asarray(default if value is None else value, dtype=float).reshape(len(LABELS))

    def fit(self, X: Any = None, y: Any = None, groups: Any = None) -> DefaultLabeler:
        """Take the shipped model (``y`` None), or retrain on sentences ``X`` and codes ``y``."""
        self.cues_ = CueLabeler(lexicons=self.lexicons, actors=self.actors).fit()
        if y is None:
            return self._use_shipped(None, None)
        texts = as_texts(X)
        y = as_indicator(y, len(texts))
        tune = self.cue_weights is None or self.thresholds is None
        if tune and groups is not None and self.cv and len(set(np.asarray(groups))) >= self.cv:
            groups = np.asarray(groups)
            learned_p = np.zeros(y.shape)
            for fit_idx, val_idx in GroupKFold(n_splits=self.cv).split(texts, y, groups):
                part = self._template().fit([texts[i] for i in fit_idx], y[fit_idx], groups[fit_idx])
                learned_p[val_idx] = part.predict_proba([texts[i] for i in val_idx])
            cue_p = self.cues_.predict_proba(texts)
            self.cue_weights_, self.thresholds_, _ = choose_blend(
                learned_p, cue_p, y, weight_grid=_WEIGHT_GRID, threshold_grid=_THRESHOLD_GRID,
                fixed_weights=None if self.cue_weights is None else self.cue_weights,
                fixed_thresholds=None if self.thresholds is None else self.thresholds)
        else:
            self.cue_weights_ = self._fixed(self.cue_weights, [0.5] * len(LABELS))
            self.thresholds_ = self._fixed(self.thresholds, [0.5] * len(LABELS))
        self.learned_ = self._template().fit(texts, y, groups)
        return self

    def _use_shipped(self, config: str | Path | None, model: str | Path | None) -> DefaultLabeler:
        data = _read_config(Path(config) if config is not None else default_config_path())
        path = str(Path(model) if model is not None else default_model_path())
        learned = _shipped_learned(path)
        if self.lexicons is not None or self.actors is not None:  # a private copy for other rules
            learned = LearnedLabeler.load(path).set_params(lexicons=self.lexicons, actors=self.actors)
        self.learned_ = learned
        self.cue_weights_ = self._fixed(self.cue_weights, data["cue_weights"])
        self.thresholds_ = self._fixed(self.thresholds, data["thresholds"])
        return self

    def _score_with_evidence(self, texts: list[str]) -> tuple[np.ndarray, list[Any] | None]:
        check_is_fitted(self, "learned_")
        scan = self.cues_.rules_.scan(texts, evidence=True, counts=self.learned_.use_cues)
        learned = self.learned_.predict_proba_from_scan(texts, scan)
        return (1 - self.cue_weights_) * learned + self.cue_weights_ * scan.scores, scan.evidence

    def _format_evidence(self, texts: list[str], pred: np.ndarray, scores: np.ndarray,
                         records: list[Any] | None) -> list[str]:
        return [format_evidence(rows) for rows in self._kept(pred, scores, records or [[]] * len(texts))]

    @staticmethod
    def _kept(pred: np.ndarray, scores: np.ndarray, records: list[Any]) -> list[list[dict[str, Any]]]:
        kept = []
        for i, rows_in in enumerate(records):
            rows = [r for r in rows_in if pred[i, LABELS.index(r["label"])]]
            for k, label in enumerate(LABELS):
                if pred[i, k] and not any(r["label"] == label for r in rows):
                    rows.append({"label": label, "cue": "(model)", "start": -1, "end": -1, "type": "model",
                                 "weight": float(scores[i, k])})
            kept.append(rows)
        return kept

    def predict_proba(self, X: Any) -> np.ndarray:
        """Combined scores (n, 3) in [0, 1]."""
        texts = as_texts(X)
        if not texts:
            return np.zeros((0, len(LABELS)))
        return self._score_with_evidence(texts)[0]

    def explain(self, X: Any) -> list[list[dict[str, Any]]]:
        """Evidence records (cue text and span, or ``(model)``) for each predicted label."""
        texts = as_texts(X)
        if not texts:
            return []
        scores, records = self._score_with_evidence(texts)
        return self._kept((scores >= self.thresholds_).astype(int), scores, records or [])

    def save_config(self, path: str | Path | None = None) -> Path:
        """Write the weights and thresholds as JSON (the learned part is saved separately)."""
        check_is_fitted(self, "learned_")
        path = Path(path) if path is not None else default_config_path()
        config = {
            "labels": list(LABELS),
            "cue_weights": [float(w) for w in self.cue_weights_],
            "thresholds": [float(t) for t in self.thresholds_],
        }
        path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(
        cls, config: str | Path | None = None, model: str | Path | None = None, *, actors: Any = None
    ) -> DefaultLabeler:
        """The shipped default labeler (``models/default.json`` + ``models/learned.skops``), or
        the files given; ``actors`` (a CSV path or ``ActorDictionary``) replaces the actor
        dictionary of the cue rules in both halves.
        """
        lab = cls(actors=actors)
        lab.cues_ = CueLabeler(actors=actors).fit()
        return lab._use_shipped(config, model)
