"""Learned labeler: word n-gram TF-IDF + cue features -> one calibrated linear model per label.

Features: word 1-2 gram TF-IDF (sublinear tf) of the sentence, plus the cue features of
:func:`analysis.labels.cues.scan_cues` (the three cue scores and the number of surviving cues per
``label:type``, capped at 3 and scaled to [0, 1]) multiplied by ``cue_weight``. Classifier: one
:class:`~sklearn.calibration.CalibratedClassifierCV` (sigmoid) of a class-balanced
:class:`~sklearn.svm.LinearSVC` per label. Per-label decision thresholds are chosen on a
validation split of the *training documents* (``groups``), then the model is refitted on all
training sentences.

The cue features come from one scan of the cue rules; :class:`~analysis.labels.default.DefaultLabeler`
passes its own scan in (:meth:`LearnedLabeler.predict_proba_from_scan`), so a sentence is
scanned once. The shipped model (``models/learned.skops``) is written by
``python -m analysis.study.train`` and read with skops and an explicit trusted-types list
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

import copy
import io
import re
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupShuffleSplit
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from analysis.errors import InputError
from analysis.labels.base import TextLabelerMixin, as_indicator, as_texts
from analysis.labels.codebook import LABELS
from analysis.labels.cues import CueRules, CueScan, compile_rules, shipped_rules

#: Object ids that skops writes into a model file: ``"__id__": N`` in ``schema.json`` and the
#: ``N.npy`` names of the arrays (``id()`` values, which differ between runs; skops.io's format).
_SKOPS_ID = re.compile(r'(?<="__id__": )\d+|(?<="file": ")\d+(?=\.npy")')

__all__ = ["CueFeatures", "LearnedLabeler", "TRUSTED_TYPES", "default_model_path", "best_thresholds",
           "cue_feature_matrix"]

#: Types the shipped .skops file may contain besides skops' defaults (checked on load).
TRUSTED_TYPES: list[str] = [
    "analysis.labels.learned.LearnedLabeler",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.svm._classes.LinearSVC",
    "sklearn.frozen._frozen.FrozenEstimator",
    "builtins.tuple",
    "numpy.float64",
    "numpy.float32",
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


def cue_feature_matrix(scan: CueScan) -> sp.csr_matrix:
    """The cue features of a scan made with ``counts=True``: 3 scores, then counts (capped at 3) / 3.

    Examples
    --------
    >>> from analysis.labels.cues import scan_cues
    >>> cue_feature_matrix(scan_cues(["Kyiv rejected the plan."], counts=True)).shape[0]
    1
    """
    if scan.counts is None:
        raise ValueError("the scan has no counts; scan with counts=True")
    return sp.csr_matrix(np.hstack([scan.scores, np.minimum(scan.counts, 3.0) / 3.0]))


def _rules(lexicons: Any, actors: Any) -> CueRules:
    return shipped_rules() if lexicons is None and actors is None else compile_rules(lexicons, actors=actors)


class CueFeatures(TransformerMixin, BaseEstimator):
    """Transformer: cue scores (3 columns) and cue counts per label:type, as a sparse matrix.

    For your own scikit-learn pipelines; :class:`LearnedLabeler` computes the same features.

    Parameters
    ----------
    lexicons : mapping or None, default None
        Passed to :func:`analysis.labels.cues.compile_rules`; ``None`` = shipped lexicons.
    actors : path or ActorDictionary or None, default None
        Actor dictionary of the cue rules; ``None`` = the shipped ``actors.csv``.

    Examples
    --------
    >>> f = CueFeatures().fit(["x"])
    >>> f.transform(["Kyiv rejected the plan."]).shape[0]
    1
    """

    def __init__(self, *, lexicons: Any = None, actors: Any = None) -> None:
        self.lexicons = lexicons
        self.actors = actors

    def fit(self, X: Any = None, y: Any = None) -> CueFeatures:
        """Compile the rules and record the feature names; return self."""
        self.rules_ = _rules(self.lexicons, self.actors)
        self.feature_names_ = [f"{label}_score" for label in LABELS] + [f"n_{name}" for name in self.rules_.feature_names]
        self.n_features_out_ = len(self.feature_names_)
        return self

    def transform(self, X: Any) -> sp.csr_matrix:
        """Return the (n, 3 + n_types) feature matrix."""
        check_is_fitted(self, "rules_")
        return cue_feature_matrix(self.rules_.scan(as_texts(X), counts=True))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Feature names (scores, then counts)."""
        check_is_fitted(self, "feature_names_")
        return np.asarray(self.feature_names_, dtype=object)


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
    max_features : int or None, default None
        Keep only this many n-grams (the most frequent), to bound the model's size.
    use_cues : bool, default True
        Add the cue features (cue scores and counts).
    cue_weight : float, default 2.0
        Weight of the cue features relative to the TF-IDF block.
    lexicons : mapping or None, default None
        Lexicons of the cue features (``None`` = shipped).
    actors : path or ActorDictionary or None, default None
        Actor dictionary of the cue features (``None`` = shipped).
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
    vectorizer_ : TfidfVectorizer
    classifiers_ : list of CalibratedClassifierCV, one per label
    thresholds_ : ndarray of shape (3,)
    validation_f1_ : ndarray of shape (3,) or None
        F1 per label on the validation split at the chosen thresholds.
    """

    def __init__(
        self,
        *,
        C: float = 0.5,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        max_features: int | None = None,
        use_cues: bool = True,
        cue_weight: float = 2.0,
        lexicons: Any = None,
        actors: Any = None,
        calibration_cv: int = 5,
        validation_size: float = 0.25,
        thresholds: Any = None,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.use_cues = use_cues
        self.cue_weight = cue_weight
        self.lexicons = lexicons
        self.actors = actors
        self.calibration_cv = calibration_cv
        self.validation_size = validation_size
        self.thresholds = thresholds
        self.random_state = random_state

    # -- features ------------------------------------------------------------------------

    def _scan(self, texts: list[str]) -> CueScan | None:
        return _rules(self.lexicons, self.actors).scan(texts, counts=True) if self.use_cues else None

    def _matrix(self, vectorizer: TfidfVectorizer, texts: list[str], scan: CueScan | None) -> sp.csr_matrix:
        words = vectorizer.transform(texts)
        if scan is None:
            return words.tocsr()
        return sp.hstack([words, cue_feature_matrix(scan) * float(self.cue_weight)], format="csr")

    def _fit_models(self, texts: list[str], y: np.ndarray, scan: CueScan | None,
                    sample_weight: np.ndarray | None) -> tuple[TfidfVectorizer, list[CalibratedClassifierCV]]:
        vectorizer = TfidfVectorizer(
            ngram_range=tuple(self.ngram_range), min_df=self.min_df, max_features=self.max_features,
            sublinear_tf=True, lowercase=True,
            token_pattern=r"(?u)\b\w[\w'’-]*\b", dtype=np.float32,
        ).fit(texts)
        X = self._matrix(vectorizer, texts, scan)
        models = []
        for k in range(len(LABELS)):
            svm = LinearSVC(C=self.C, class_weight="balanced", random_state=self.random_state)
            model = CalibratedClassifierCV(svm, method="sigmoid", cv=self.calibration_cv)
            models.append(model.fit(X, y[:, k], sample_weight=sample_weight))
        return vectorizer, models

    @staticmethod
    def _proba(vectorizer: TfidfVectorizer, models: list[Any], X: sp.csr_matrix) -> np.ndarray:
        return np.column_stack([m.predict_proba(X)[:, 1] for m in models])

    # -- estimator API -------------------------------------------------------------------

    def fit(self, X: Any, y: Any, groups: Any = None, sample_weight: Any = None) -> LearnedLabeler:
        """Fit on sentences ``X`` and indicator codes ``y`` (n, 3); ``groups`` = document ids.

        With ``groups`` and ``validation_size > 0`` (and no fixed ``thresholds``), a model
        fitted on the other documents chooses the thresholds on the held-out documents, then the
        model is refitted on everything. ``sample_weight`` (n,) weights the sentences.
        """
        texts = as_texts(X)
        y = as_indicator(y, len(texts))
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        scan = self._scan(texts)
        self.validation_f1_ = None
        if self.thresholds is not None:
            self.thresholds_ = np.asarray(self.thresholds, dtype=float).reshape(len(LABELS))
        elif groups is not None and self.validation_size > 0:
            groups = np.asarray(groups)
            split = GroupShuffleSplit(n_splits=1, test_size=self.validation_size, random_state=self.random_state)
            fit_idx, val_idx = next(split.split(texts, y, groups))
            sub = (lambda idx: None) if scan is None else (lambda idx: CueScan(scan.scores[idx], None, scan.counts[idx]))
            fit_texts = [texts[i] for i in fit_idx]
            vec, models = self._fit_models(fit_texts, y[fit_idx], sub(fit_idx),
                                           None if weights is None else weights[fit_idx])
            scores = self._proba(vec, models, self._matrix(vec, [texts[i] for i in val_idx], sub(val_idx)))
            self.thresholds_ = best_thresholds(y[val_idx], scores)
            pred = scores >= self.thresholds_
            tp = (pred & (y[val_idx] == 1)).sum(0)
            self.validation_f1_ = 2 * tp / np.maximum(pred.sum(0) + y[val_idx].sum(0), 1)
        else:
            self.thresholds_ = np.full(len(LABELS), 0.5)
        self.vectorizer_, self.classifiers_ = self._fit_models(texts, y, scan, weights)
        return self

    def predict_proba_from_scan(self, texts: list[str], scan: CueScan | None) -> np.ndarray:
        """Calibrated probabilities (n, 3) from the sentences and their cue scan (``counts=True``).

        The scan must come from the same cue rules (lexicons and actors) the model was fitted with.
        """
        check_is_fitted(self, "classifiers_")
        if not texts:
            return np.zeros((0, len(LABELS)))
        return self._proba(self.vectorizer_, self.classifiers_,
                           self._matrix(self.vectorizer_, texts, scan if self.use_cues else None))

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated probabilities (n, 3), columns in the order of ``LABELS``."""
        check_is_fitted(self, "classifiers_")
        texts = as_texts(X)
        return self.predict_proba_from_scan(texts, self._scan(texts) if texts else None)

    def save(self, path: str | Path) -> Path:
        """Write the fitted labeler in skops format, with the same bytes for the same model
        (:func:`_canonical_skops`); return the path."""
        import skops.io as sio

        check_is_fitted(self, "classifiers_")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_canonical_skops(sio.dumps(self)))
        return path

    def __getstate__(self) -> dict[str, Any]:
        """The state to save: the vectorizer's vocabulary as one array of terms in column order
        (a dict of n-grams costs skops one node per entry: a large file that loads slowly), and
        without scikit-learn's cached ``id(stop_words)`` (a per-process number, recomputed on the
        next transform), so that the same model always gives the same bytes."""
        state = dict(super().__getstate__())
        vectorizer = state.get("vectorizer_")
        if vectorizer is not None and isinstance(getattr(vectorizer, "vocabulary_", None), dict):
            vocabulary = vectorizer.vocabulary_
            terms = [""] * len(vocabulary)
            for term, column in vocabulary.items():
                terms[column] = term
            lean = copy.copy(vectorizer)
            lean.__dict__.pop("_stop_words_id", None)
            lean.vocabulary_ = {}
            state["vectorizer_"] = lean
            state["vocabulary_terms_"] = np.asarray(terms, dtype=str)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        terms = state.pop("vocabulary_terms_", None)
        super().__setstate__(state)
        if terms is not None:
            self.vectorizer_.vocabulary_ = {term: column for column, term in enumerate(terms.tolist())}

    @classmethod
    def load(cls, path: str | Path | None = None, *, actors: Any = None) -> LearnedLabeler:
        """Read a labeler written by :meth:`save` (default: the shipped model).

        Only :data:`TRUSTED_TYPES` (and skops' own safe defaults) are accepted; a file with any
        other type raises :class:`~analysis.errors.InputError`. ``actors`` replaces the actor
        dictionary of the cue features (e.g. for a conflict the shipped ``actors.csv`` lacks).
        """
        from analysis.labels.modelfile import read_model

        path = Path(path) if path is not None else default_model_path()
        if not path.is_file():
            raise InputError(path, "no trained model; run `make model` (python -m analysis.study.train)")
        model = read_model(path, trusted=TRUSTED_TYPES)
        if not isinstance(model, cls):
            raise InputError(path, f"expected a {cls.__name__}, got {type(model).__name__}")
        if actors is not None:
            model.set_params(actors=actors)
        return model


def _canonical_skops(data: bytes) -> bytes:
    """The skops file ``data`` with run-independent bytes: object ids renumbered in order of first
    appearance, members in name order, a fixed timestamp, deflate level 9. The same model gives the
    same file (and hash) on every run; loading is unchanged."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        schema = src.read("schema.json").decode("utf-8")
        numbers: dict[str, str] = {}
        for match in _SKOPS_ID.finditer(schema):
            numbers.setdefault(match.group(), str(len(numbers) + 1))
        members = {"schema.json": _SKOPS_ID.sub(lambda m: numbers[m.group()], schema).encode("utf-8")}
        for name in src.namelist():
            if name != "schema.json":
                stem, dot, suffix = name.rpartition(".")  # "<id>.npy"
                members[f"{numbers.get(stem, stem)}{dot}{suffix}"] = src.read(name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, members[name], compresslevel=9)
    return out.getvalue()
