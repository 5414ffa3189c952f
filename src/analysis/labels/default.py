"""Default labeler: a per-label weighted average of the learned probability and the cue score.

``score = (1 - w) * learned_probability + w * cue_score`` per label, predicted when the score
reaches the label's threshold. The weights ``w`` and thresholds are chosen on out-of-fold
learned probabilities of the training documents (``fit``, folds by document); evidence comes
from the cues. The shipped
configuration (``models/default.json``, written by ``python -m analysis.labels.train``) is
loaded by :meth:`DefaultLabeler.load`, together with the shipped learned model.

Examples
--------
>>> from analysis.labels.default import DefaultLabeler
>>> lab = DefaultLabeler.load()
>>> lab.predict(['"This is unacceptable."', "The ministry declined to comment."]).tolist()
[[0, 0, 1], [0, 0, 0]]
>>> lab.explain(["Kyiv rejected the proposal."])[0][0]["cue"]
'rejected'
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from analysis.errors import InputError
from analysis.labels._text import TextLabelerMixin, as_texts
from analysis.labels.codebook import LABELS
from analysis.labels.cues import CueLabeler
from analysis.labels.learned import LearnedLabeler, _as_indicator, best_thresholds

__all__ = ["DefaultLabeler", "default_config_path"]

# Both parts always contribute, and thresholds stay in the middle of the range: the training
# sentences have far more positives than real news text, so extreme settings chosen on a small
# set of documents would not transfer (precision on real text matters as much as recall).
_WEIGHT_GRID = (0.25, 0.5, 0.75)
_THRESHOLD_GRID = np.round(np.arange(0.3, 0.71, 0.05), 2)


def default_config_path() -> Path:
    """``analysis/labels/models/default.json`` (package data)."""
    return Path(str(resources.files("analysis.labels").joinpath("models", "default.json")))


class DefaultLabeler(TextLabelerMixin, ClassifierMixin, BaseEstimator):
    """Combine :class:`LearnedLabeler` probabilities with :class:`CueLabeler` scores.

    Parameters
    ----------
    learned : LearnedLabeler or None, default None
        Unfitted template of the learned part (``None`` = ``LearnedLabeler()``).
    lexicons : mapping or None, default None
        Lexicons of the cue part.
    actors : path or ActorDictionary or None, default None
        Actor dictionary of the cue part (speaker vs subject, see :class:`CueLabeler`); ``None``
        uses the shipped ``actors.csv``. The learned part keeps the dictionary it was trained with.
    cue_weights : sequence of 3 floats or None, default None
        Fixed weight of the cue score per label; ``None`` = choose on out-of-fold predictions.
    thresholds : sequence of 3 floats or None, default None
        Fixed thresholds; ``None`` = choose on out-of-fold predictions.
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
        return clone(self.learned) if self.learned is not None else LearnedLabeler(random_state=self.random_state)

    def fit(self, X: Any, y: Any, groups: Any = None) -> DefaultLabeler:
        """Fit the learned part; choose cue weights and thresholds on out-of-fold predictions."""
        texts = as_texts(X)
        y = _as_indicator(y, len(texts))
        self.cues_ = CueLabeler(lexicons=self.lexicons, actors=self.actors).fit()
        tune = self.cue_weights is None or self.thresholds is None
        if tune and groups is not None and self.cv and len(set(np.asarray(groups))) >= self.cv:
            groups = np.asarray(groups)
            learned_p = np.zeros(y.shape)
            for fit_idx, val_idx in GroupKFold(n_splits=self.cv).split(texts, y, groups):
                part = self._template().fit([texts[i] for i in fit_idx], y[fit_idx], groups[fit_idx])
                learned_p[val_idx] = part.predict_proba([texts[i] for i in val_idx])
            cue_p = self.cues_.predict_proba(texts)
            val_idx = np.arange(len(texts))
            weights, thresholds = [], []
            for k in range(len(LABELS)):
                best = (-1.0, 0.5, 0.5)
                grid = _WEIGHT_GRID if self.cue_weights is None else (float(np.ravel(self.cue_weights)[k]),)
                for w in grid:
                    score = ((1 - w) * learned_p[:, k] + w * cue_p[:, k])[:, None]
                    t = best_thresholds(y[val_idx][:, [k]], score, grid=_THRESHOLD_GRID)[0] if self.thresholds is None else float(
                        np.ravel(self.thresholds)[k]
                    )
                    pred = score[:, 0] >= t
                    tp = float(np.sum(pred & (y[val_idx][:, k] == 1)))
                    f1 = 2 * tp / max(pred.sum() + y[val_idx][:, k].sum(), 1)
                    if f1 > best[0] + 1e-9:
                        best = (f1, w, t)
                weights.append(best[1])
                thresholds.append(best[2])
            self.cue_weights_, self.thresholds_ = np.array(weights), np.array(thresholds)
        else:
            self.cue_weights_ = np.full(len(LABELS), 0.5) if self.cue_weights is None else np.asarray(self.cue_weights, float)
            self.thresholds_ = np.full(len(LABELS), 0.5) if self.thresholds is None else np.asarray(self.thresholds, float)
        self.learned_ = self._template().fit(texts, y, groups)
        return self

    def _scores(self, texts: list[str]) -> tuple[np.ndarray, list[list[dict[str, Any]]]]:
        check_is_fitted(self, "learned_")
        cue_scores, evidence = self.cues_.scores_and_evidence(texts)
        learned = self.learned_.predict_proba(texts) if texts else np.zeros((0, len(LABELS)))
        return (1 - self.cue_weights_) * learned + self.cue_weights_ * cue_scores, evidence

    def predict_proba(self, X: Any) -> np.ndarray:
        """Combined scores (n, 3) in [0, 1]."""
        return self._scores(as_texts(X))[0]

    def predict(self, X: Any) -> np.ndarray:
        """Indicator array (n, 3)."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def predict_with_evidence(self, X: Any) -> tuple[np.ndarray, np.ndarray, list[list[dict[str, Any]]]]:
        """Return (indicator (n, 3), scores (n, 3), evidence records of the positive labels)."""
        texts = as_texts(X)
        scores, evidence = self._scores(texts)
        pred = (scores >= self.thresholds_).astype(int)
        kept = []
        for i, records in enumerate(evidence):
            rows = [r for r in records if pred[i, LABELS.index(r["label"])]]
            for k, label in enumerate(LABELS):
                if pred[i, k] and not any(r["label"] == label for r in rows):
                    rows.append({"label": label, "cue": "(model)", "start": -1, "end": -1, "type": "model",
                                 "weight": float(scores[i, k])})
            kept.append(rows)
        return pred, scores, kept

    def explain(self, X: Any) -> list[list[dict[str, Any]]]:
        """Evidence records (cue text and span) for each predicted label of each sentence."""
        return self.predict_with_evidence(X)[2]

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
        """The shipped default labeler: ``models/default.json`` + ``models/learned.skops``.

        ``actors`` (a CSV path or ``ActorDictionary``) replaces the actor dictionary of the cue
        part, e.g. for a conflict whose actors the shipped ``actors.csv`` lacks.
        """
        path = Path(config) if config is not None else default_config_path()
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(path, f"cannot read the default labeler configuration: {exc}") from None
        if tuple(data.get("labels", ())) != LABELS:
            raise InputError(path, f"labels {data.get('labels')} do not match {LABELS}")
        learned = LearnedLabeler.load(model)
        lab = cls(learned=clone(learned), actors=actors, cue_weights=data["cue_weights"], thresholds=data["thresholds"])
        lab.cues_ = CueLabeler(actors=actors).fit()
        lab.learned_ = learned
        lab.cue_weights_ = np.asarray(data["cue_weights"], dtype=float)
        lab.thresholds_ = np.asarray(data["thresholds"], dtype=float)
        return lab
