"""Draft-to-draft comparison, presence matrix and numeric gaps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.drafts import compare_drafts, draft_pairs, force_gap, load_process, presence_matrix
from analysis.drafts.compare import CHANGE_COLUMNS, CHANGE_LABELS, issue_change, issue_history
from analysis.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "drafts"


@pytest.fixture(scope="module")
def ds():
    return load_process()


def test_crimea_exclusion_dropped_between_istanbul_and_ua_draft(ds):
    raw = compare_drafts("istanbul-0329", "ua-draft-0406", positions=ds)
    assert list(raw.columns) == list(CHANGE_COLUMNS)
    ch = raw.set_index("issue")
    row = ch.loc["guarantee-scope-crimea"]
    assert row["change"] == "dropped"
    assert row["old_sources"] == "UA-0329;MT-0407" and row["new_sources"] == "MT-0407"
    assert "absent" in row["new"]


def test_silence_is_not_covered_never_dropped(ds):
    ch = compare_drafts("istanbul-0329", "ua-draft-0406", positions=ds).set_index("issue")
    for issue in ("neutrality", "guarantee-mechanism", "ratification"):
        assert ch.loc[issue, "change"] == "not covered"
        assert ch.loc[issue, "coverage"] == "from only"
    assert ch.loc["donbas-status", "change"] == "unchanged"  # leaders' meeting in both
    assert ch.loc["crimea-status", "change"] == "modified"


def test_istanbul_to_treaty_mechanism_modified_and_force_gap(ds):
    ch = compare_drafts("istanbul-0329", "treaty-draft-0415", positions=ds).set_index("issue")
    assert ch.loc["guarantee-mechanism", "change"] == "modified"
    assert ch.loc["guarantee-mechanism", "new_parties"] == "Ukraine;Russia"
    gap = ch.loc["forces-troops", "gap"]
    assert "Russia 85,000" in gap and "Ukraine 250,000" in gap and "gap 165,000" in gap
    assert "unattributed 100,000" in gap
    assert "343" in ch.loc["forces-tanks", "gap"] and "342" in ch.loc["forces-tanks", "gap"]


def test_force_gap_pairs_each_source(ds):
    g = force_gap(ds, draft_id="treaty-draft-0415")
    troops = g[g["issue"] == "forces-troops"]
    paired = troops.dropna(subset=["party_b"])
    assert paired[["party_a", "value_a", "party_b", "value_b", "gap"]].values.tolist() == [
        ["Russia", 85000.0, "Ukraine", 250000.0, 165000.0]]
    assert troops["party_b"].isna().sum() == 1  # the unattributed secondary figure, unpaired
    tanks = g[(g["issue"] == "forces-tanks")].sort_values("value_a")
    assert tanks["gap"].tolist() == [458.0, 457.0]
    assert tanks["confidence"].tolist() == ["high", "low"]
    assert set(g["draft_id"]) == {"treaty-draft-0415"}


def test_presence_matrix(ds):
    m = presence_matrix(ds)
    assert list(m.columns) == ds.draft_ids()
    assert m.loc["guarantee-scope-crimea", "ua-draft-0406"] == "absent (dropped)"
    assert m.loc["guarantee-scope-crimea", "treaty-draft-0415"] == "covered (added)"
    assert m.loc["neutrality", "ua-draft-0406"] == "not covered"
    assert m.loc["neutrality", "ru-draft-0307"] == "covered (added, first record)"
    change = presence_matrix(ds, what="change")
    assert set(change["ru-draft-0307"]) == {"added, first record", "not covered"}
    with pytest.raises(ValueError):
        presence_matrix(ds, what="colour")


def test_a_silent_draft_does_not_reset_the_history(ds):
    """Issue 15: the 15 April draft is compared with 29 March where 6 April is silent."""
    h = issue_history(ds).set_index(["issue", "draft_id"])
    for issue in ("neutrality", "foreign-bases", "guarantee-mechanism", "guarantor-states", "eu-membership"):
        assert h.loc[(issue, "ua-draft-0406"), "change"] == "not covered"
        row = h.loc[(issue, "treaty-draft-0415")]
        assert (row["change"], row["first_record"], row["compared_with"]) == ("modified", False, "istanbul-0329"), issue
    # Neutrality was first recorded on 7 March, then compared with it on 29 March.
    assert h.loc[("neutrality", "ru-draft-0307"), "change_label"] == "added, first record"
    assert h.loc[("neutrality", "istanbul-0329"), "compared_with"] == "ru-draft-0307"
    # The caps first appear on 15 April: new there, not "not covered".
    assert h.loc[("forces-troops", "treaty-draft-0415"), "change_label"] == "added, first record"
    assert set(h["change_label"]) <= set(CHANGE_LABELS)


def test_history_agrees_with_consecutive_diffs(ds):
    h = issue_history(ds)
    ids = ds.draft_ids()
    for prev, did in zip(ids, ids[1:]):
        diff = compare_drafts(prev, did, positions=ds).set_index("issue")
        mine = h[(h["draft_id"] == did) & (h["coverage"] != "not covered")].set_index("issue")
        assert set(mine.index) <= set(diff.index)
        for issue, row in mine.iterrows():
            assert (diff.loc[issue, "change"], diff.loc[issue, "first_record"]) == (row["change"], row["first_record"])
            assert diff.loc[issue, "compared_with"] == row["compared_with"]


def test_diff_goes_back_to_the_last_record_and_marks_first_records(ds):
    ch = compare_drafts("istanbul-0329", "treaty-draft-0415", positions=ds).set_index("issue")
    for issue in ("forces-troops", "forces-tanks", "forces-artillery"):
        assert ch.loc[issue, "change"] == "added" and ch.loc[issue, "first_record"], issue
        assert ch.loc[issue, "coverage"] == "to only" and ch.loc[issue, "compared_with"] == ""
    ch = compare_drafts("ua-draft-0406", "treaty-draft-0415", positions=ds).set_index("issue")
    assert ch.loc["neutrality", "change"] == "modified"
    assert ch.loc["neutrality", "compared_with"] == "istanbul-0329"
    assert "ua-draft-0406 is silent; compared with istanbul-0329" in ch.loc["neutrality", "detail"]
    assert ch.loc["guarantee-scope-crimea", "compared_with"] == "ua-draft-0406"


def test_unknown_draft_id_is_an_input_error(ds):
    with pytest.raises(InputError, match=r"drafts.csv: unknown draft id 'istanbul-0330'"):
        compare_drafts("istanbul-0330", "ua-draft-0406", positions=ds)


def test_another_process_from_data_files_only():
    mini = load_process(FIXTURES / "mini-process")
    ch = compare_drafts("north-0501", "joint-0502", positions=mini).set_index("issue")
    assert ch.loc["ceasefire-line", "change"] == "dropped"
    assert ch.loc["peacekeepers", "change"] == "modified"
    assert "North 500" in ch.loc["peacekeepers", "gap"] and "gap 1,500" in ch.loc["peacekeepers", "gap"]


def _rows(*specs):
    cols = ["party", "code", "position", "value", "unit", "status", "source"]
    return pd.DataFrame([[p, c, c, float("nan"), "", s, "S"] for p, c, s in specs], columns=cols)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (_rows(("A", "x", "proposed")), _rows(("A", "x", "proposed")), "unchanged"),
        (_rows(("A", "x", "proposed")), _rows(("A", "y", "proposed")), "modified"),
        (_rows(("A", "x", "proposed")), _rows(("A", "x", "agreed")), "modified"),
        (_rows(("A", "x", "proposed")), _rows(("A", "x", "reported")), "unchanged"),
        (_rows(("A", "", "absent")), _rows(("A", "x", "proposed")), "added"),
        (_rows(("A", "x", "proposed")), _rows(("A", "", "absent")), "dropped"),
        (_rows(("A", "", "absent")), _rows(("A", "", "absent")), "unchanged"),
        (_rows(), _rows(("A", "x", "proposed")), "not covered"),
        (_rows(), _rows(), "not covered"),
    ],
)
def test_issue_change_semantics(old, new, expected):
    assert issue_change(old, new)[0] == expected


def test_draft_pairs_consecutive_then_against_last():
    assert draft_pairs(["a", "b", "c", "d"]) == [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d"), ("b", "d")]
    assert draft_pairs([]) == []
