"""Tests for the by-reference real-text evaluation set (``analysis.study.realeval``).

The corpora live in ``../shared`` beside the project and are absent from a user's clone:
the tests that need them skip cleanly then.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.study import realeval

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFS = ROOT / "data" / "raw" / "annotations" / "real-eval" / "refs.csv"
CODES = ["accusation", "prediction", "rejection"]

needs_shared = pytest.mark.skipif(
    not (SHARED / "corpora").is_dir(), reason="../shared (third-party corpora) is absent"
)


def test_refs_store_no_text() -> None:
    refs = pd.read_csv(REFS, dtype={"doc_key": str})
    assert list(refs.columns) == list(realeval.REF_COLUMNS)
    assert "text" not in refs.columns
    assert len(refs) == 600
    assert set(refs["annotator"]) == {"ann-real"}
    assert refs.groupby(["corpus", "sample"]).size().to_dict() == {
        (corpus, sample): n
        for corpus in realeval.CORPORA
        for sample, n in (("random", 120), ("enriched", 80))
    }
    for col in CODES:
        assert set(refs[col].unique()) <= {0, 1}


def test_segment_source_spans_are_stripped_offsets() -> None:
    text = "First line here. Second sentence!\n\n  Indented para, Mr. Smith said.  \nLast"
    spans = realeval.segment_source("isw", "x.md", text)
    assert spans == realeval.segment_source("isw", "x.md", text)
    pieces = [text[s:e] for s, e in spans]
    assert pieces == [
        "First line here.", "Second sentence!", "Indented para, Mr. Smith said.", "Last",
    ]


def test_missing_shared_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="shared"):
        realeval.load_real_eval(shared_dir=tmp_path / "shared", refs_path=REFS)


@pytest.mark.shared
@needs_shared
def test_load_real_eval_reconstructs_and_verifies() -> None:
    df = realeval.load_real_eval(shared_dir=SHARED, refs_path=REFS)
    assert len(df) == 600
    assert list(df.columns) == [
        "corpus", "doc_key", "start", "end", "text", *CODES, "sample", "split",
    ]
    assert set(df["split"]) == {"dev", "test"}
    assert df.groupby(["corpus", "doc_key"])["split"].nunique().eq(1).all(), "a document on both sides"
    refs = pd.read_csv(REFS, dtype={"doc_key": str})
    assert [realeval.sentence_sha1(t) for t in df["text"]] == refs["sha1"].tolist()
    for col in CODES:
        assert set(df[col].unique()) <= {0, 1}
    assert df["text"].str.len().gt(0).all()


@pytest.mark.shared
@needs_shared
def test_hash_mismatch_is_reported(tmp_path: Path) -> None:
    refs = pd.read_csv(REFS, dtype={"doc_key": str})
    refs.loc[0, "sha1"] = "0" * 40
    bad = tmp_path / "refs.csv"
    refs.to_csv(bad, index=False)
    with pytest.raises(ValueError, match="sha1"):
        realeval.load_real_eval(shared_dir=SHARED, refs_path=bad)


@pytest.mark.shared
@pytest.mark.slow
@needs_shared
def test_sample_is_reproducible() -> None:
    drawn = realeval.draw_sample(realeval.eligible_sentences(SHARED))
    refs = pd.read_csv(REFS, dtype={"doc_key": str})
    keys = ["corpus", "doc_key", "start", "end", "sample"]
    assert [tuple(r[k] for k in keys) for r in drawn] == list(
        refs[keys].itertuples(index=False, name=None)
    )
