"""Learned labeler: word n-gram TF-IDF + CueLabeler features -> calibrated linear models.

The model is a scikit-learn :class:`~sklearn.pipeline.Pipeline`::

    FeatureUnion(words = TfidfVectorizer(word 1-2 grams, sublinear tf),
                 cues  = CueFeatures())            # cue scores and counts per label:type
    -> MultiOutputClassifier(CalibratedClassifierCV(LinearSVC, sigmoid, 5 folds))

one calibrated binary classifier per label. Per-label decision thresholds are chosen on a
validation split of the *training documents* (``groups``), then the model is refitted on all
training sentences. The shipped model (``models/learned.skops``) is written by
``python -m analysis.labels.train`` and read with skops and an explicit trusted-types list
(:data:`TRUSTED_TYPES`), never with pickle.

Examples
--------
>>> from analysis.labels.learned import LearnedLabeler
>>> lab = LearnedLabeler.load()              # the shipped, trained model
>>> lab.predict(["He accused Ukrainian authorities of seeking to scupper talks."]).tolist()
[[1, 0, 0]]
>>> lab.predict_proba(["The talks are unlikely to progress before the summer."]).shape
(1, 3)
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupShuffleSplit
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from analysis.errors import InputError
from analysis.labels._text import TextLabelerMixin, as_texts
from analysis.labels.codebook import LABELS
from analysis.labels.cues import CueRules, _scan, _shipped_rules, compile_rules

__all__ = ["CueFeatures", "LearnedLabeler", "TRUSTED_TYPES", "default_model_path", "best_thresholds"]

#: Types the shipped .skops file may contain besides skops' defaults (checked on load).
TRUSTED_TYPES: list[str] = [
    "analysis.labels.learned.LearnedLabeler",
    "analysis.labels.learned.CueFeatures",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.multioutput.MultiOutputClassifier",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.svm._classes.LinearSVC",
    "sklearn.frozen._frozen.FrozenEstimator",
    "builtins.tuple",
    "numpy.float64",
    "numpy.int64",
    "numpy.dtype",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "collections.defaultdict",
    "builtins.slice",
]


def default_model_path() -> Path:
    """Path of the shipped model, ``analysis/labels/models/learned.skops`` (package data)."""
    return Path(str(resources.files("analysis.labels").joinpath("models", "learned.skops")))


def best_thresholds(y_true: np.ndarray, scores: np.ndarray, *, grid: np.ndarray | None = None) -> np.ndarray:
    """Per-label threshold maximising F1 on (y_true, scores); ties go to the middle of the best run.

    Examples
    --------
    >>> best_thresholds(np.array([[1], [0], [1], [0]]), np.array([[0.9], [0.2], [0.6], [0.4]])).round(2).tolist()
    [0.55]
    """
    grid = np.round(np.arange(0.1, 0.91, 0.05), 2) if grid is None else grid
    y_true, scores = np.asarray(y_true), np.asarray(scores)
    out = []
    for k in range(y_true.shape[1]):
        f1s = []
        for t in grid:
            pred = scores[:, k] >= t
            tp = float(np.sum(pred & (y_true[:, k] == 1)))
            denom = float(pred.sum() + (y_true[:, k] == 1).sum())
            f1s.append(2 * tp / denom if denom else 0.0)
        f1s = np.array(f1s)
        best = np.flatnonzero(np.isclose(f1s, f1s.max()))
        out.append(float(grid[best[len(best) // 2]]))
    return np.array(out)


class CueFeatures(TransformerMixin, BaseEstimator):
    """Transformer: cue scores (3 columns) and cue counts per label:type, as a sparse matrix.

    Parameters
    ----------
    lexicons : mapping or None, default None
        Passed to :func:`analysis.labels.cues.compile_rules`; ``None`` = shipped lexicons.

    Examples
    --------
    >>> f = CueFeatures().fit(["x"])
    >>> f.transform(["Kyiv rejected the plan."]).shape[0]
    1
    """

    def __init__(self, *, lexicons: Any = None) -> None:
        self.lexicons = lexicons

    def _rules(self) -> CueRules:
        return _shipped_rules() if self.lexicons is None else compile_rules(self.lexicons)

    def fit(self, X: Any = None, y: Any = None) -> CueFeatures:
        """Record the feature names; return self."""
        rules = self._rules()
        self.feature_names_ = [f"{label}_score" for label in LABELS] + [f"n_{name}" for name in rules.feature_names]
        self.n_features_out_ = len(self.feature_names_)
        return self

    def transform(self, X: Any) -> sp.csr_matrix:
        """Return the (n, 3 + n_types) feature matrix."""
        check_is_fitted(self, "feature_names_")
        rules = self._rules()
        texts = as_texts(X)
        counts = np.zeros((len(texts), len(rules.feature_names)))
        scores, _ = _scan(rules, texts, evidence=False, counts=counts)
        return sp.csr_matrix(np.hstack([scores, np.minimum(counts, 3.0) / 3.0]))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Feature names (scores, then counts)."""
        check_is_fitted(self, "feature_names_")
        return np.asarray(self.feature_names_, dtype=object)


def _build_pipeline(params: dict[str, Any]) -> Pipeline:
    features = [
        (
            "words",
            TfidfVectorizer(
                ngram_range=tuple(params["ngram_range"]),
                min_df=params["min_df"],
                sublinear_tf=True,
                lowercase=True,
                token_pattern=r"(?u)\b\w[\w'’-]*\b",
                dtype=np.float32,
            ),
        )
    ]
    weights = {"words": 1.0}
    if params["use_cues"]:
        features.append(("cues", CueFeatures(lexicons=params["lexicons"])))
        weights["cues"] = params["cue_weight"]
    svm = LinearSVC(C=params["C"], class_weight="balanced", random_state=params["random_state"])
    model = CalibratedClassifierCV(svm, method="sigmoid", cv=params["calibration_cv"])
    return Pipeline(
        [
            ("features", FeatureUnion(features, transformer_weights=weights)),
            ("classifier", MultiOutputClassifier(model)),
        ]
    )


def _as_indicator(y: Any, n: int) -> np.ndarray:
    y = np.asarray(y)
    if y.shape != (n, len(LABELS)):
        raise InputError("y", f"expected a 0/1 indicator array of shape ({n}, {len(LABELS)}), got {y.shape}")
    if not np.isin(y, (0, 1)).all():
        raise InputError("y", "codes must be 0 or 1")
    return y.astype(int)


class LearnedLabeler(TextLabelerMixin, ClassifierMixin, BaseEstimator):
    """Calibrated linear multi-label labeler on TF-IDF and cue features.

    Parameters
    ----------
    C : float, default 0.5
        Regularisation of the linear SVMs.
    ngram_range : tuple of int, default (1, 2)
        Word n-gram range of the TF-IDF features.
    min_df : int, default 2
        Minimum document frequency of an n-gram.
    use_cues : bool, default True
        Add :class:`CueFeatures` (cue scores and counts) to the features.
    cue_weight : float, default 2.0
        Weight of the cue features in the feature union.
    lexicons : mapping or None, default None
        Lexicons for the cue features (``None`` = shipped).
    calibration_cv : int, default 5
        Folds of :class:`~sklearn.calibration.CalibratedClassifierCV` (sigmoid).
    validation_size : float, default 0.25
        Share of training documents (``groups``) held out to choose per-label thresholds;
        0 keeps the thresholds at ``thresholds`` (or 0.5).
    thresholds : sequence of 3 floats or None, default None
        Fixed thresholds; ``None`` = choose them on the validation split.
    random_state : int, default 0
        Seed of the validation split and the SVMs.

    Attributes
    ----------
    pipeline_ : Pipeline
        The fitted feature union + per-label calibrated classifiers.
    thresholds_ : ndarray of shape (3,)
        Decision threshold per label.
    validation_f1_ : ndarray of shape (3,) or None
        F1 per label on the validation split at the chosen thresholds.
    """

    def __init__(
        self,
        *,
        C: float = 0.5,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        use_cues: bool = True,
        cue_weight: float = 2.0,
        lexicons: Any = None,
        calibration_cv: int = 5,
        validation_size: float = 0.25,
        thresholds: Any = None,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.use_cues = use_cues
        self.cue_weight = cue_weight
        self.lexicons = lexicons
        self.calibration_cv = calibration_cv
        self.validation_size = validation_size
        self.thresholds = thresholds
        self.random_state = random_state


    def _fit_pipeline(self, texts: list[str], y: np.ndarray) -> Pipeline:
        return _build_pipeline(self.get_params()).fit(texts, y)

    def fit(self, X: Any, y: Any, groups: Any = None) -> LearnedLabeler:
        """Fit on sentences ``X`` and indicator codes ``y`` (n, 3); ``groups`` = document ids.

        With ``groups`` and ``validation_size > 0`` (and no fixed ``thresholds``), a model
        fitted on the other documents chooses the thresholds on the held-out documents, then the
        model is refitted on everything.
        """
        texts = as_texts(X)
        y = _as_indicator(y, len(texts))
        self.validation_f1_ = None
        if self.thresholds is not None:
            self.thresholds_ = np.asarray(self.thresholds, dtype=float).reshape(len(LABELS))
        elif groups is not None and self.validation_size > 0:
            groups = np.asarray(groups)
            split = GroupShuffleSplit(n_splits=1, test_size=self.validation_size, random_state=self.random_state)
            fit_idx, val_idx = next(split.split(texts, y, groups))
            model = self._fit_pipeline([texts[i] for i in fit_idx], y[fit_idx])
            scores = _positive_proba(model, [texts[i] for i in val_idx])
            self.thresholds_ = best_thresholds(y[val_idx], scores)
            pred = scores >= self.thresholds_
            tp = (pred & (y[val_idx] == 1)).sum(0)
            self.validation_f1_ = 2 * tp / np.maximum(pred.sum(0) + y[val_idx].sum(0), 1)
        else:
            self.thresholds_ = np.full(len(LABELS), 0.5)
        self.pipeline_ = self._fit_pipeline(texts, y)
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated probabilities (n, 3), columns in the order of ``LABELS``."""
        check_is_fitted(self, "pipeline_")
        texts = as_texts(X)
        if not texts:
            return np.zeros((0, len(LABELS)))
        return _positive_proba(self.pipeline_, texts)

    def predict(self, X: Any) -> np.ndarray:
        """Indicator array (n, 3): probability >= the label's threshold."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def save(self, path: str | Path) -> Path:
        """Write the fitted labeler with :func:`skops.io.dump`; return the path."""
        import zipfile

        import skops.io as sio

        check_is_fitted(self, "pipeline_")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        sio.dump(self, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        return path

    @classmethod
    def load(cls, path: str | Path | None = None) -> LearnedLabeler:
        """Read a labeler written by :meth:`save` (default: the shipped model).

        Only :data:`TRUSTED_TYPES` (and skops' own safe defaults) are accepted; a file with any
        other type raises :class:`~analysis.errors.InputError`.
        """
        import skops.io as sio

        path = Path(path) if path is not None else default_model_path()
        if not path.is_file():
            raise InputError(path, "no trained model; run `make model` (python -m analysis.labels.train)")
        untrusted = [t for t in sio.get_untrusted_types(file=path) if t not in TRUSTED_TYPES]
        if untrusted:
            raise InputError(path, f"model file holds untrusted types: {', '.join(untrusted)}")
        model = sio.load(path, trusted=TRUSTED_TYPES)
        if not isinstance(model, cls):
            raise InputError(path, f"expected a {cls.__name__}, got {type(model).__name__}")
        return model


def _positive_proba(pipeline: Pipeline, texts: list[str]) -> np.ndarray:
    probas = pipeline.predict_proba(texts)
    return np.column_stack([p[:, 1] for p in probas])


def _clone(estimator: LearnedLabeler) -> LearnedLabeler:
    return clone(estimator)
