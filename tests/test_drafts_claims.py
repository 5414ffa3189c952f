"""Claims about changes between drafts: cue, draft and issue linking, verdicts."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.drafts import build_tables, check_claims, find_change_sentences, load_process
from analysis.drafts.claims import CLAIM_COLUMNS, draft_references, match_issues
from analysis.errors import InputError
from analysis.study.paths import raw_dir

# The seed article's sentences as the ingestion step produces them (abridged; speakers as the
# attribution step would give them), with the donation appeal left in on purpose.
SEED = [
    ("Russia Accuses Ukraine of Changing Demands Since Istanbul Talks", None),
    ("Russia on Thursday accused Ukrainian negotiators of changing demands since last month's talks "
     "in Istanbul, claiming that Kyiv was not interested in ending fighting.", None),
    ("Russian and Ukrainian negotiators met in Istanbul in March but there have been few signs of the "
     "conflict abating on the ground.", None),
    ("Russian Foreign Minister Sergei Lavrov said that on Wednesday the Ukrainian side had presented "
     "its draft agreement.", "Sergei Lavrov"),
    ('"It shows a departure from the most important provisions spelled out at the meeting in Istanbul '
     'on March 29," he said.', "Sergei Lavrov"),
    ('In Turkey, "the Ukrainians clearly stated that future (international) security guarantees for '
     'Ukraine do not apply to Crimea and Sevastopol," Lavrov said, referring to territory Moscow '
     'annexed in 2014.', "Sergei Lavrov"),
    ('"In yesterday\'s draft, this clear statement is missing," he added.', "Sergei Lavrov"),
    ('"At the next stage, the Ukrainian side will certainly ask for the withdrawal of troops and will '
     'put forward new preconditions," Lavrov predicted.', "Sergei Lavrov"),
    ("This commitment costs us $10,000 a month.", None),
    ("Your support, no matter how small, makes a world of difference.", None),
    ("If you can, please support us monthly starting from just $2.", None),
    ("Not ready to support today?", None),
]


def _tables(rows=SEED, *, outlet="The Moscow Times", date="2022-04-07", aid="mt"):
    sents = pd.DataFrame({
        "sentence_id": [f"{aid}:{i}" for i in range(len(rows))], "article_id": aid, "n": range(len(rows)),
        "text": [t for t, _ in rows], "speaker": [s for _, s in rows],
        "speaker_actor": ["RUS" if s else None for _, s in rows], "mode": None,
    })
    arts = pd.DataFrame({"article_id": [aid], "date": [date], "outlet": [outlet], "title": [rows[0][0]]})
    return sents, arts


@pytest.fixture(scope="module")
def ds():
    return load_process()


@pytest.fixture(scope="module")
def claims(ds):
    return check_claims(*_tables(), data=ds)


def test_missing_statement_links_to_crimea_scope_supported_single_source(claims):
    assert list(claims.columns) == list(CLAIM_COLUMNS)
    row = claims.set_index("sentence_id").loc["mt:6"]
    assert (row["from_id"], row["to_id"]) == ("istanbul-0329", "ua-draft-0406")
    assert row["issue"] == "guarantee-scope-crimea"
    assert row["asserted_change"] == "dropped" and row["recorded_change"] == "dropped"
    assert row["verdict"] == "supported"
    assert bool(row["single_source"]) is True
    assert "mt:5" in row["evidence"]  # the issue came from the previous sentence


def test_no_claims_from_donation_appeal(claims):
    assert set(claims["sentence_id"]) <= {f"mt:{i}" for i in range(8)}


def test_general_claims_and_prediction(claims):
    c = claims.set_index("sentence_id")
    for sid in ("mt:0", "mt:1", "mt:4"):
        assert c.loc[sid, "issue"] == "" and c.loc[sid, "asserted_change"] == "modified"
        assert (c.loc[sid, "from_id"], c.loc[sid, "to_id"]) == ("istanbul-0329", "ua-draft-0406")
        assert c.loc[sid, "verdict"] == "supported" and bool(c.loc[sid, "single_source"])
    pred = c.loc["mt:7"]
    assert bool(pred["future"]) and pred["to_id"] == "treaty-draft-0415"
    assert pred["issue"] == "ceasefire-precondition" and pred["verdict"] == "not verifiable"


def test_contradicted_and_independent_source(ds):
    rows = [("The two presidents were to settle Donbas at a meeting, said the Istanbul talks on March 29.", None),
            ("In yesterday's draft, that Donbas provision was dropped, an analyst said.", "An analyst")]
    c = check_claims(*_tables(rows, outlet="Other Paper"), data=ds)
    row = c.set_index("sentence_id").loc["mt:1"]
    assert row["issue"] == "donbas-status" and row["recorded_change"] == "unchanged"
    assert row["verdict"] == "contradicted"
    # Other outlet, other speaker: MT-0407 is not the claimant here.
    assert bool(row["single_source"]) is False


def test_claimant_recognised_by_speaker_in_another_outlet(ds):
    rows = [("In Istanbul the security guarantees excluded Crimea, Lavrov told reporters.", "Sergei Lavrov"),
            ("In yesterday's draft, this clear statement is missing, Lavrov said.", "Sergei Lavrov")]
    c = check_claims(*_tables(rows, outlet="Wire", date="2022-04-07"), data=ds)
    assert bool(c.set_index("sentence_id").loc["mt:1", "single_source"]) is True


def test_sentences_without_draft_reference_are_not_claims(ds):
    rows = [("The rouble dropped sharply.", None), ("Prices were no longer stable.", None)]
    assert check_claims(*_tables(rows), data=ds).empty


def test_draft_references_and_issue_matching(ds):
    d = ds.drafts
    assert draft_references("on Wednesday the Ukrainian side had presented its draft", "2022-04-07", d) == ["ua-draft-0406"]
    assert draft_references("the Istanbul talks of 29 March", "2022-04-07", d) == ["istanbul-0329"]
    assert draft_references("yesterday's draft", None, d) == []
    assert match_issues("the withdrawal of troops", ds.issues) == ["ceasefire-precondition"]
    assert match_issues("Crimea and separatist-held territory in eastern Ukraine", ds.issues) == [
        "crimea-status", "donbas-status"]


def test_find_change_sentences_uses_cue_file():
    s = pd.DataFrame({"sentence_id": ["a:0", "a:1", "a:2"],
                      "text": ["Kyiv put forward new preconditions.", "Talks resumed.", "The clause remains unchanged."]})
    out = find_change_sentences(s)
    assert out["asserted_change"].tolist() == ["added", "unchanged"]


def test_missing_columns_are_input_errors(ds):
    with pytest.raises(InputError, match="sentences: missing column"):
        check_claims(pd.DataFrame({"text": ["x"]}), pd.DataFrame({"article_id": [], "date": []}), data=ds)


def test_build_tables_keys_and_pairs(ds):
    sents, arts = _tables()
    t = build_tables(None, sentences=sents, articles=arts)
    assert sorted(t) == ["changes", "claims", "drafts", "history", "positions", "timeline"]
    pairs = set(zip(t["changes"]["from_id"], t["changes"]["to_id"]))
    assert {("ru-draft-0307", "istanbul-0329"), ("istanbul-0329", "ua-draft-0406"),
            ("ua-draft-0406", "treaty-draft-0415"), ("istanbul-0329", "treaty-draft-0415")} <= pairs
    assert len(t["claims"]) == 5
    assert build_tables()["claims"].empty


def test_seed_article_through_ingestion():
    from analysis.ingest import ingest_paths

    result = ingest_paths([raw_dir() / "articles" / "lavrov-changed-demands.txt"])
    c = check_claims(result.sentences, result.articles)
    hit = c[c["text"].str.contains("this clear statement is missing")]
    assert hit[["from_id", "to_id", "issue", "verdict"]].values.tolist() == [
        ["istanbul-0329", "ua-draft-0406", "guarantee-scope-crimea", "supported"]]
    assert bool(hit["single_source"].iloc[0])
    assert not c["text"].str.contains("support us|small favor|journalism", case=False).any()


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("the draft of March 29, 2022", "2022-04-07", ["istanbul-0329"]),
        ("the 15th April 2022 text", "2022-05-01", ["treaty-draft-0415"]),
        ("the 15th April 2022 text", "2022-04-07", []),  # not yet written on the article date
        ("Wednesday's draft", "2022-04-07", ["ua-draft-0406"]),
        ("the talks in Istanbulska street", "2022-04-07", []),  # aliases match whole words only
        ("the talks of March 29, 2021", "2022-04-07", []),  # a year that is not the draft's
    ],
)
def test_date_forms(ds, text, day, expected):
    assert draft_references(text, day, ds.drafts) == expected


def test_references_need_negotiation_wording(ds):
    from analysis.drafts import load_cues

    neg = load_cues().negotiation
    d = ds.drafts
    assert draft_references("Shelling hit Kharkiv on Wednesday.", "2022-04-07", d, negotiation=neg) == []
    assert draft_references("The Belarus border stayed closed.", "2022-04-07", d, negotiation=neg) == []
    assert draft_references("In yesterday's draft it is missing.", "2022-04-07", d, negotiation=neg) == ["ua-draft-0406"]


def test_generic_words_are_not_claims(ds):
    rows = [("Delegations met in Istanbul for talks on March 29.", None),
            ("He added that the delegation would return home.", "Official"),
            ("Canada removed the tariff exemption.", None)]
    assert check_claims(*_tables(rows, outlet="Wire"), data=ds).empty


def test_claims_compare_with_the_last_draft_that_covered_the_issue(ds):
    """Same rule as drafts diff: a silent from-draft sends the comparison back to its last record."""
    rows = [("The neutrality clause was revised in the 15 April draft compared with the 6 April draft, "
             "a diplomat said.", "A diplomat")]
    c = check_claims(*_tables(rows, outlet="Wire", date="2022-05-01"), data=ds)
    row = c.set_index("sentence_id").loc["mt:0"]
    assert (row["from_id"], row["to_id"], row["issue"]) == ("ua-draft-0406", "treaty-draft-0415", "neutrality")
    assert row["recorded_change"] == "modified" and row["verdict"] == "supported"
    assert "compared with istanbul-0329" in row["evidence"]


def test_a_first_record_cannot_confirm_an_addition(ds):
    rows = [("A cap on troops was added in the 15 April draft compared with the 29 March talks, an analyst said.",
             "An analyst")]
    c = check_claims(*_tables(rows, outlet="Wire", date="2022-05-01"), data=ds)
    row = c.set_index("sentence_id").loc["mt:0"]
    assert (row["from_id"], row["to_id"], row["issue"]) == ("istanbul-0329", "treaty-draft-0415", "forces-troops")
    assert row["verdict"] == "not verifiable" and "first record" in row["evidence"]
