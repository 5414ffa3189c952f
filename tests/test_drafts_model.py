"""Data model of negotiation drafts: the Istanbul 2022 data set and validation errors."""

from __future__ import annotations

import csv
import os
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from analysis.drafts import STATUSES, load_process, load_taxonomy
from analysis.drafts.model import split_ids
from analysis.errors import InputError
from analysis.study.paths import raw_dir

FIXTURES = Path(__file__).parent / "fixtures" / "drafts"


@pytest.fixture(scope="module")
def ds():
    return load_process()


def test_istanbul_drafts_in_date_order(ds):
    assert ds.draft_ids() == ["ru-draft-0307", "istanbul-0329", "ua-draft-0406", "treaty-draft-0415"]
    assert ds.drafts["date"].is_monotonic_increasing


def test_every_position_cited_by_known_sources(ds):
    known = set(ds.sources["source_id"])
    for cell in ds.positions["source"]:
        assert split_ids(cell) and set(split_ids(cell)) <= known


def test_positions_use_taxonomy_and_statuses(ds):
    assert set(ds.positions["issue"]) <= set(ds.issues["issue"])
    assert set(ds.positions["status"]) <= set(STATUSES)


def test_disagreeing_sources_keep_their_own_rows(ds):
    tanks = ds.positions.query("draft_id == 'treaty-draft-0415' and issue == 'forces-tanks' and party == 'Russia'")
    assert sorted(tanks["value"]) == [342, 343]
    assert set(tanks["source"]) == {"WSJ-0301", "SUM-343"}
    troops = ds.positions.query("issue == 'forces-troops'").set_index("value")
    assert troops.loc[100000, "confidence"] == "low"
    assert troops.loc[100000, "source"] == "SUM-100K"


def test_ua_draft_known_only_from_claimant(ds):
    rows = ds.positions.query("draft_id == 'ua-draft-0406'")
    assert set(rows["source"]) == {"MT-0407"}
    assert ds.sources.set_index("source_id").loc["MT-0407", "kind"] == "claimant"
    crimea = rows.query("issue == 'guarantee-scope-crimea'")
    assert crimea["status"].tolist() == ["absent"]


def test_taxonomy_has_required_issues_with_lexicons():
    tax = load_taxonomy().set_index("issue")
    for issue in ("neutrality", "foreign-bases", "guarantee-mechanism", "guarantor-states",
                  "guarantee-scope-crimea", "guarantee-scope-donbas", "crimea-status", "donbas-status",
                  "forces-troops", "forces-tanks", "forces-artillery", "russian-language", "sanctions",
                  "eu-membership", "ratification", "ceasefire-precondition", "denazification"):
        assert tax.loc[issue, "label"] and tax.loc[issue, "description"] and tax.loc[issue, "keywords"]
    assert tax.loc["forces-troops", "unit"] == "troops"


def test_process_may_ship_its_own_taxonomy():
    mini = load_process(FIXTURES / "mini-process")
    assert list(mini.issues["issue"]) == ["ceasefire-line", "peacekeepers"]
    assert mini.draft_ids() == ["north-0501", "joint-0502"]


@pytest.mark.parametrize(
    ("folder", "file", "row", "words"),
    [
        ("bad-unknown-draft", "positions.csv", 5, "unknown draft id 'joint-0999'"),
        ("bad-no-source", "positions.csv", 6, "no source"),
        ("bad-issue", "positions.csv", 3, "'air-corridor' is not in the taxonomy"),
        ("bad-duplicate-id", "positions.csv", 6, "duplicate position_id 'm4'"),
        ("bad-duplicate-draft", "drafts.csv", 4, "duplicate draft_id 'north-0501'"),
    ],
)
def test_bad_files_name_file_and_row(folder, file, row, words):
    with pytest.raises(InputError) as err:
        load_process(FIXTURES / folder)
    message = str(err.value)
    assert file in message and f"row {row}" in message and words in message


def test_missing_folder_and_taxonomy_errors(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_process(tmp_path / "nope")
    bad = tmp_path / "issues.yml"
    bad.write_text("issues:\n  - id: a\n  - id: a\n", encoding="utf-8")
    with pytest.raises(InputError, match="duplicate issue id 'a'"):
        load_taxonomy(bad)


def test_bad_value_and_status(tmp_path):
    import shutil

    folder = tmp_path / "p"
    shutil.copytree(FIXTURES / "mini-process", folder)
    pos = pd.read_csv(folder / "positions.csv", dtype=str, keep_default_na=False)
    pos.loc[0, "status"] = "rumoured"
    pos.to_csv(folder / "positions.csv", index=False)
    with pytest.raises(InputError, match=r"positions.csv row 2: status 'rumoured'"):
        load_process(folder)
    pos.loc[0, "status"] = "proposed"
    pos.loc[1, "value"] = "many"
    pos.to_csv(folder / "positions.csv", index=False)
    with pytest.raises(InputError, match=r"row 3: value 'many' is not a number"):
        load_process(folder)


def test_provenance_lists_every_drafts_file_with_its_hash():
    raw = raw_dir()
    with open(raw / "provenance.csv", newline="", encoding="utf-8") as fh:
        rows = {r["path"]: r for r in csv.DictReader(fh)}
    from analysis.drafts.model import default_process_dir

    for path in sorted(default_process_dir().iterdir()):
        rel = os.path.relpath(path, raw).replace(os.sep, "/")
        assert rel in rows, rel
        assert rows[rel]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), rel
        assert "CC BY 4.0" in rows[rel]["licence"]
