"""Committed real-text results (results/): they belong to the shipped model and stay current."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.study.results import RESULT_FILES, load_results, measure, model_sha256, write_results
from analysis.study.paths import results_dir


def test_committed_results_match_the_shipped_model():
    tables = load_results()
    assert sorted(tables) == sorted(RESULT_FILES)
    for name, table in tables.items():
        assert len(table), f"{name} is empty"
        assert set(table["model_sha256"]) == {model_sha256()}, (
            f"results/{RESULT_FILES[name]} was measured with another model: run `make results` "
            "(needs ../shared) and commit results/")
        assert table["measured_on"].nunique() == 1
        pd.Timestamp(table["measured_on"].iloc[0])  # a date
        assert table["text"].str.len().min() > 20  # says which text it was measured on


def test_committed_real_text_metrics_cover_every_labeler_and_source():
    real = load_results()["realeval_metrics"]
    assert set(real["labeler"]) == {"baseline", "cues", "learned", "default"}
    assert set(real["corpus"]) == {"all", "isw", "zelensky", "guardian"}
    assert set(real["split"]) == {"test"}
    macro = real[(real["label"] == "macro") & (real["corpus"] == "all")].set_index("labeler")
    assert (macro["f1_lo"] <= macro["f1"]).all() and (macro["f1"] <= macro["f1_hi"]).all()


def test_unchanged_numbers_keep_their_date_and_changed_ones_get_a_new_one(tmp_path):
    table = {"plover": pd.DataFrame({"labeler": ["cues"], "value": [0.5]})}
    assert write_results(table, tmp_path, today="2026-01-01", sha="a") == {"plover": "written"}
    first = (tmp_path / "plover.csv").read_bytes()
    assert write_results(table, tmp_path, today="2026-03-01", sha="a") == {"plover": "unchanged"}
    assert (tmp_path / "plover.csv").read_bytes() == first
    changed = {"plover": pd.DataFrame({"labeler": ["cues"], "value": [0.6]})}
    assert write_results(changed, tmp_path, today="2026-03-01", sha="a") == {"plover": "written"}
    assert "2026-03-01" in (tmp_path / "plover.csv").read_text()
    assert write_results(changed, tmp_path, today="2026-04-01", sha="b") == {"plover": "written"}  # new model


@pytest.mark.slow
@pytest.mark.shared
def test_committed_results_are_current(shared_dir):
    """Re-measuring with ../shared gives the committed numbers (else: `make results`)."""
    fresh = measure(shared_dir=shared_dir)
    committed = load_results(results_dir())
    for name, table in fresh.items():
        old = committed[name].drop(columns=["model_sha256", "measured_on"])
        new = table.reset_index(drop=True)
        numeric = new.select_dtypes("number").columns
        pd.testing.assert_frame_equal(old[numeric], new[numeric].round(4), check_dtype=False, atol=1e-4)
        assert old.drop(columns=numeric).astype(str).equals(new.drop(columns=numeric).astype(str))
