"""Clause splitting and alignment of draft texts (fixtures written by the project)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.drafts import align_texts, split_clauses, word_diff

TEXTS = Path(__file__).parent / "fixtures" / "drafts" / "texts"


@pytest.fixture(scope="module")
def aligned():
    old = (TEXTS / "treaty-v1.txt").read_text(encoding="utf-8")
    new = (TEXTS / "treaty-v2.txt").read_text(encoding="utf-8")
    return align_texts(old, new)


def test_split_articles_paragraphs_items_with_offsets():
    text = "Intro.\nArticle 1. Scope\n1. First.\n(a) item a;\n(b) item b.\n2. Second.\nArticle 2\n1. Other."
    c = split_clauses(text)
    assert c["label"].tolist() == ["preamble", "Art. 1", "Art. 1(1)", "Art. 1(1)(a)", "Art. 1(1)(b)",
                                   "Art. 1(2)", "Art. 2", "Art. 2(1)"]
    for _, r in c.iterrows():
        assert text[r["start"]:r["end"]].rstrip() == r["text"]
    assert c.loc[3, "body"] == "item a;"


def test_numbered_paragraphs_without_articles():
    assert split_clauses("1. One.\n2) Two.\n3. Three.")["label"].tolist() == ["1", "2", "3"]
    assert split_clauses("").empty


def test_alignment_classifies_every_clause(aligned):
    by_from = aligned.dropna(subset=["from_label"]).set_index("from_label")["change"]
    assert by_from["Art. 1(1)"] == "modified"
    assert by_from["Art. 1(2)"] == "unchanged"
    assert by_from["Art. 4(1)"] == "moved"      # entry into force moved up from Art. 4 to Art. 2
    assert by_from["Art. 3(1)"] == "dropped"    # the water clause
    assert by_from["Art. 2(1)"] == "unchanged"  # renumbered (Art. 3(1) now) but same text, same order
    added = aligned[aligned["change"] == "added"]["to_label"].tolist()
    assert "Art. 3(3)" in added and "Art. 4(1)" in added


def test_modified_pair_has_word_diff(aligned):
    row = aligned[aligned["change"] == "modified"].iloc[0]
    assert row["diff"] == "The valley shall be a demilitarised zone under joint [-administration.-] {+administration for ten years.+}"
    assert 0.3 <= row["similarity"] < 1


def test_word_diff_marks_insertions_and_deletions():
    assert word_diff("no foreign bases", "no foreign bases or weapons") == "no foreign bases {+or weapons+}"
    assert word_diff("a b c", "a c") == "a [-b-] c"


def test_threshold_controls_matching():
    old, new = "1. Guarantors consult within three days.", "1. Sanctions are lifted by both sides."
    assert sorted(align_texts(old, new)["change"]) == ["added", "dropped"]
    with pytest.raises(ValueError):
        align_texts(old, new, threshold=1.5)
