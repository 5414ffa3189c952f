"""Shipped learned model, skops round trip, DefaultLabeler and label_sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.labels import LABELS, DefaultLabeler, LearnedLabeler, get_labeler, label_sentences
from analysis.labels.codebook import SCORE_COLUMNS
from analysis.labels.learned import TRUSTED_TYPES, default_model_path

TRAIN = (
    [f"The ministry accused {x} of shelling the town." for x in "ABCDEFGHIJKL"]
    + [f"Analysts expect {x} to raise rates next year." for x in "ABCDEFGHIJKL"]
    + [f"{x} rejected the proposal on Monday." for x in "ABCDEFGHIJKL"]
    + [f"The delegation from {x} arrived in the capital." for x in "ABCDEFGHIJKL"]
)
Y = np.array([[1, 0, 0]] * 12 + [[0, 1, 0]] * 12 + [[0, 0, 1]] * 12 + [[0, 0, 0]] * 12)
GROUPS = [f"doc-{i % 8}" for i in range(len(TRAIN))]


def test_shipped_model_loads_and_predicts() -> None:
    assert default_model_path().is_file()
    lab = LearnedLabeler.load()
    proba = lab.predict_proba(["He accused Ukrainian authorities of seeking to scupper talks.", "Hello."])
    assert proba.shape == (2, 3) and ((proba >= 0) & (proba <= 1)).all()
    assert lab.predict(["He accused Ukrainian authorities of seeking to scupper talks."]).tolist() == [[1, 0, 0]]
    assert lab.thresholds_.shape == (3,)


def test_skops_round_trip(tmp_path) -> None:
    lab = LearnedLabeler(calibration_cv=2, min_df=1).fit(TRAIN, Y, groups=GROUPS)
    path = lab.save(tmp_path / "m.skops")
    back = LearnedLabeler.load(path)
    np.testing.assert_allclose(back.predict_proba(TRAIN), lab.predict_proba(TRAIN))
    np.testing.assert_array_equal(back.thresholds_, lab.thresholds_)
    assert back.get_params() == lab.get_params()


def test_save_gives_the_same_bytes_for_the_same_model(tmp_path) -> None:
    lab = LearnedLabeler(calibration_cv=2, min_df=1).fit(TRAIN, Y, groups=GROUPS)
    lab.predict(TRAIN)  # a transform in between must not change the file
    first = lab.save(tmp_path / "a.skops").read_bytes()
    again = LearnedLabeler(calibration_cv=2, min_df=1).fit(TRAIN, Y, groups=GROUPS).save(tmp_path / "b.skops")
    assert again.read_bytes() == first
    other = LearnedLabeler(calibration_cv=2, min_df=1, C=2.0).fit(TRAIN, Y, groups=GROUPS).save(tmp_path / "c.skops")
    assert other.read_bytes() != first


@pytest.mark.slow
def test_retraining_from_the_project_gives_the_shipped_files(tmp_path) -> None:
    """`make model` from data/raw reproduces the committed model byte for byte (else: commit it)."""
    from analysis.labels.default import default_config_path
    from analysis.study.train import train

    train(model_path=tmp_path / "learned.skops", config_path=tmp_path / "default.json")
    assert (tmp_path / "learned.skops").read_bytes() == default_model_path().read_bytes()
    assert (tmp_path / "default.json").read_bytes() == default_config_path().read_bytes()


def test_load_refuses_untrusted_types(tmp_path) -> None:
    import skops.io as sio

    path = tmp_path / "evil.skops"
    sio.dump({"x": pd.Timestamp("2020-01-01")}, path)
    with pytest.raises(InputError):
        LearnedLabeler.load(path)
    assert "builtins.eval" not in TRUSTED_TYPES


def test_missing_model_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(InputError, match="make model"):
        LearnedLabeler.load(tmp_path / "none.skops")


def test_fit_is_reproducible() -> None:
    a = LearnedLabeler(calibration_cv=2, min_df=1, random_state=3).fit(TRAIN, Y, groups=GROUPS)
    b = LearnedLabeler(calibration_cv=2, min_df=1, random_state=3).fit(TRAIN, Y, groups=GROUPS)
    np.testing.assert_allclose(a.predict_proba(TRAIN), b.predict_proba(TRAIN))


def test_default_labeler_fit_and_shipped() -> None:
    lab = DefaultLabeler(learned=LearnedLabeler(calibration_cv=2, min_df=1)).fit(TRAIN, Y, groups=GROUPS)
    assert lab.cue_weights_.shape == (3,) and lab.thresholds_.shape == (3,)
    assert lab.predict(TRAIN).shape == (len(TRAIN), 3)
    shipped = DefaultLabeler.load()
    table = shipped.predict_with_evidence(['"This is unacceptable."', "The sky is blue."])
    assert table[list(LABELS)].to_numpy().tolist() == [[0, 0, 1], [0, 0, 0]]
    assert table["evidence"].tolist() == ["rejection: 'unacceptable' [9:21]", ""]
    assert shipped.explain(['"This is unacceptable."'])[0][0]["cue"] == "unacceptable"
    # the shipped model is one call away and works in a Pipeline without codes
    from sklearn.pipeline import make_pipeline

    from analysis.labels import load_labeler

    pipe = make_pipeline(load_labeler("default")).fit(['"This is unacceptable."'])
    assert pipe.predict(['"This is unacceptable."']).tolist() == [[0, 0, 1]]
    assert DefaultLabeler().fit(["x"]).predict(['"This is unacceptable."']).tolist() == [[0, 0, 1]]


@pytest.mark.parametrize("name", ["default", "cues", "learned", "baseline"])
def test_label_sentences_shape_order_and_columns(name: str) -> None:
    frame = pd.DataFrame(
        {"id": [10, 11, 12], "text": ["Kyiv rejected the plan.", "Nothing to see.", "He accused Kyiv of lying."]},
        index=[5, 3, 9],
    )
    out = label_sentences(frame, labeler=name)
    assert list(out.index) == [5, 3, 9] and out["id"].tolist() == [10, 11, 12]
    assert list(out.columns) == ["id", "text", *LABELS, *SCORE_COLUMNS, "evidence"]
    assert out[list(LABELS)].dtypes.map(lambda d: d.kind).eq("i").all()
    assert out[list(SCORE_COLUMNS)].apply(lambda c: c.between(0, 1).all()).all()
    assert out.loc[5, "rejection"] == 1 and out.loc[9, "accusation"] == 1
    assert out.loc[3, "evidence"] == ""


def test_label_sentences_list_and_errors() -> None:
    out = label_sentences(["He accused Kyiv of lying."], labeler="cues")
    assert out.loc[0, "evidence"] == "accusation: 'accused' [3:10]; accusation: 'lying' [19:24]"
    assert len(label_sentences([], labeler="cues")) == 0
    with pytest.raises(InputError, match="no column"):
        label_sentences(pd.DataFrame({"sentence": ["a"]}))
    from analysis.errors import ParameterError
    from analysis.labels.apply import MissingTextWarning

    with pytest.warns(MissingTextWarning, match="1 row"):
        out = label_sentences(pd.DataFrame({"text": ["a", np.nan]}), labeler="cues")
    assert out["accusation"].isna().tolist() == [False, True]
    with pytest.raises(ParameterError, match="unknown labeler"):
        label_sentences(["a"], labeler="magic")
    with pytest.raises(ParameterError):
        get_labeler("magic")
