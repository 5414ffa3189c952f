"""Estimator contract of the four labelers (scikit-learn conventions)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from analysis.labels import LABELS, CueLabeler, DefaultLabeler, KeywordBaseline, LearnedLabeler
from analysis.labels.learned import CueFeatures

ESTIMATORS = [CueLabeler(), KeywordBaseline(), LearnedLabeler(), DefaultLabeler(), CueFeatures()]
SENTENCES = [
    "He accused Ukrainian authorities of seeking to scupper talks.",
    "The talks are unlikely to progress before the summer.",
    "Ankara refused a request to open the straits to warships.",
    "The minister said the talks had been difficult.",
]


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_sklearn_checks(estimator) -> None:
    name = type(estimator).__name__
    check_no_attributes_set_in_init(name, estimator)
    check_parameters_default_constructible(name, estimator)
    check_get_params_invariance(name, estimator)
    check_set_params(name, estimator)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_init_stores_keyword_parameters_only(estimator) -> None:
    params = estimator.get_params(deep=False)
    with pytest.raises(TypeError):
        type(estimator)(*params.values())  # keyword-only
    assert clone(estimator).get_params(deep=False).keys() == params.keys()
    assert not [k for k in vars(estimator) if k.endswith("_")]


@pytest.mark.parametrize("cls", [CueLabeler, KeywordBaseline])
def test_rule_labelers_fit_predict_in_pipeline(cls) -> None:
    est = cls()
    assert est.fit(SENTENCES) is est
    pipe = Pipeline([("labeler", cls())]).fit(SENTENCES, np.zeros((4, 3), int))
    pred = pipe.predict(SENTENCES)
    assert pred.shape == (4, len(LABELS)) and pred.dtype.kind == "i"
    assert set(np.unique(pred)) <= {0, 1}
    proba = est.predict_proba(SENTENCES)
    assert proba.shape == (4, 3) and proba.min() >= 0 and proba.max() <= 1
    np.testing.assert_array_equal(est.predict(SENTENCES), pred)


def test_unfitted_labeler_raises() -> None:
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        CueLabeler().predict(SENTENCES)
    with pytest.raises(NotFittedError):
        LearnedLabeler().predict_proba(SENTENCES)


def test_set_params_changes_thresholds() -> None:
    lab = CueLabeler().set_params(thresholds=0.99).fit()
    assert lab.predict(["Kyiv blamed Moscow for the strike."]).sum() == 0
    lab = clone(lab).set_params(thresholds=None).fit()
    assert lab.predict(["Kyiv blamed Moscow for the strike."]).tolist() == [[1, 0, 0]]


def test_non_text_input_is_a_clear_error() -> None:
    from analysis.errors import InputError

    lab = CueLabeler().fit()
    with pytest.raises(InputError, match="row 2 is not text"):
        lab.predict(["fine", None])
    with pytest.raises(InputError, match="single string"):
        lab.predict("one sentence")


def test_empty_input_gives_empty_arrays() -> None:
    assert CueLabeler().fit().predict([]).shape == (0, 3)
    assert KeywordBaseline().fit().predict([]).shape == (0, 3)
