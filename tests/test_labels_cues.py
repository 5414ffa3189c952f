"""CueLabeler behaviour on codebook examples, hard negatives and the seed article."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.labels import CueLabeler
from analysis.labels.lexicon import LEXICON_NAMES, lexicon_header, load_lexicon

A, P, R = [1, 0, 0], [0, 1, 0], [0, 0, 1]
NONE = [0, 0, 0]

CASES = [
    # codebook: accusation
    ("He accused Ukrainian authorities of seeking to scupper talks.", A),
    ('"We see this as a manifestation of the fact that the Kyiv regime is controlled by Washington," Lavrov said.', A),
    ("Rights groups said government forces had deliberately shelled a hospital.", A),
    ("The Kremlin is falsely framing the strike as a Ukrainian provocation.", A),
    ("Artillery struck a market in the city on Tuesday, killing 12 people.", NONE),
    ("The minister said the talks had been difficult.", NONE),
    ("Critics say the plan is too expensive.", NONE),
    ("Ukraine changed its position on the guarantees.", NONE),
    ("The court will hear the case against the former general next month.", NONE),
    ("He did not accuse anyone.", NONE),
    ("No one has blamed the army for the blast.", NONE),
    ("The EU condemned the attack.", A),
    # codebook: prediction
    ('"At the next stage, the Ukrainian side will certainly ask for the withdrawal of troops," Lavrov predicted.', P),
    ("The talks are unlikely to progress before the summer.", P),
    ("Analysts expect the central bank to raise rates again.", P),
    ("Russian forces will likely attempt to encircle the city in the coming days.", P),
    ("The UN warned that the fighting could displace a further million people.", P),
    ("If the ceasefire collapses, thousands could die.", P),
    ('"We will rebuild every school," the president said.', NONE),
    ("The government plans to hold elections in May.", NONE),
    ("The summit will take place in Geneva on 12 June.", NONE),
    ('"If you attack, we will respond with force."', NONE),
    ("Ukraine demands that Russian troops withdraw.", NONE),
    ("We intend to keep negotiating.", NONE),
    ("The US warned Russia not to invade.", NONE),
    ("Russian forces likely conducted an assault near the city yesterday.", NONE),
    # codebook: rejection
    ('"This is unacceptable."', R),
    ("The ministry denied reports that its troops had crossed the border.", R),
    ("Ankara refused a request to open the straits to warships.", R),
    ('"We will never accept any deal that cedes territory," the president said.', R),
    ("Russia vetoed the draft resolution.", R),
    ("Officials dismissed the claims as propaganda.", [1, 0, 1]),
    ("Lavrov said Ukraine will reject the proposal.", P),
    ("There is no electricity in the city.", NONE),
    ("The embassy did not respond to a request for comment.", NONE),
    ("The ministry declined to comment.", NONE),
    ("The parties did not meet on Friday.", NONE),
    ("The president said he was not planning to resign.", NONE),
    ("Kyiv did not reject the plan.", NONE),
    # tie rules
    ("X denied shelling the town.", R),
    ("X denied accusations that it shelled the town.", [1, 0, 1]),
    ("Hungary said it would veto the package.", R),
    ("Zelensky dismissed the head of the security service.", NONE),
    # codebook examples added with the labelers (clarifications 11-17)
    ("Kyiv holds Moscow responsible for the blast at the dam.", A),
    ('"This is yet another terrorist act committed by the Kyiv regime," the ministry said.', A),
    ("Witnesses said the militia shot civilians who tried to flee the town.", A),
    ("Rival factions traded accusations over who controls the interim administration.", A),
    ("The empire has stolen our gold and frozen our accounts.", A),
    ("Israeli officials rejected the accusation.", R),
    ("War crimes investigators arrived in the city on Monday.", NONE),
    ("An armed group claimed responsibility for the attack.", NONE),
    ("The militia denied targeting civilians.", R),
    ("Forces advanced on the town and shelled its outskirts.", NONE),
    ('"I think these incidents will become more frequent," said a former defence official.', P),
    ("Economists said Kenya would probably have to cut spending sharply.", P),
    ("Without new contributions, WFP will have to reduce rations from January.", P),
    ("Grossi is expected to visit the plant next month.", NONE),
    ("Kosovo police said they would increase patrols along the boundary.", NONE),
    ("Will the ceasefire hold?", NONE),
    ("Russia defied Western predictions of collapse.", NONE),
    ("The claim that our vessel entered its waters illegally is a complete fabrication.", [1, 0, 1]),
    ("Thailand has suspended the implementation of the peace declaration.", R),
    ('"Crimea is not up for negotiation."', R),
    ("Moscow has no intention of withdrawing its troops.", R),
    ("The disputed region has been fought over for decades.", NONE),
    ("The veto was about protecting farmers.", NONE),
    ("The governor has rejected calls to cut rates.", R),
    # real-text generalisation rules (made-up sentences)
    ("The ministry reframed its goals on Monday, likely to build support at home.", NONE),
    ("The junta likely intends to postpone the vote again.", P),
    ("Will you finally send us the planes that will let us close the sky?", NONE),
    ("Is the truce likely to hold?", NONE),
    ("Such a move can lead to a wider war.", P),
    ("The ministers are expected to discuss the grain corridor on Friday.", NONE),
    ("The regime used chemical weapons against a village.", A),
    ("Officials said the army may use chemical weapons.", NONE),
    ("The seizure was a flagrant breach of the treaty.", A),
    ("The report criticised the agency for ignoring warnings.", A),
    ("The militia fired at evacuation buses leaving the town.", A),
    ("State television cherrypicked quotes to portray the alliance as divided.", A),
    ("Prosecutors are investigating serious crimes in the province.", NONE),
    ("The minister said the allegations that his troops looted shops are disinformation.", [1, 0, 1]),
    ("The ministry rowed back on reports of a troop withdrawal.", R),
    ("Two members raised objections to the draft.", R),
    ("The opposition said it would not participate in the vote.", R),
    ("The agency said it will not give in to panic.", NONE),
    ("Council reform must limit the right of veto.", NONE),
    ("Frankly, they have not done anything good for the region.", NONE),
    ("His lawyer said he has not done anything wrong.", R),
    ("The ministry will open two new offices and will hire more staff.", NONE),
    ("She sold the car so she could pay the rent.", NONE),
    ("Our armed forces of volunteers will hold the line.", NONE),
    ("No reform is likely to have a quick effect.", P),  # a negated forecast is a forecast (as coded in batch-realistic-c)
    ("The strike is likely to have killed dozens.", NONE),
    ("The dispute may yet derail the talks.", P),
    ("The envoy claimed that the province will also break away.", P),
    ("The use of chemical weapons must never become normal.", NONE),
    ("Residents described public executions by the militia.", A),
    ("The regime sponsors the killings abroad.", A),
    ("The protests were met with violent crackdowns.", A),
    ("The agency repeated false official claims about the convoy.", A),
    ("We are preparing to welcome the delegation next week.", NONE),
    ("The ministry did everything it can to escalate the row.", NONE),
    ("At night the shelling could be heard from the hotel.", NONE),
    ("Ministers agreed it was highly likely the army was responsible.", A),
    ("Ministers agreed the crisis is highly likely to deepen.", P),
    ("The opposition called the arrests politically motivated.", [1, 0, 1]),
    ("The vote was part of an illegal annexation.", A),
    ("The invaders destroyed the bridge before retreating.", A),
    ("Dozens of invaders were destroyed near the bridge.", NONE),
    ("The strikes seek to maximize the suffering of civilians.", A),
    ("The cartel is holding the whole province hostage.", A),
    ("The junta said the march was a plot to seize power.", A),
    ("The court rejected the espionage charges against the journalist.", [1, 0, 1]),
    ("Observers say the militia will likely try to block the vote.", P),
    ("Observers said the government could be forced to resign.", P),
    ('"We will not back down," the mayor said.', NONE),
    ("The regulator demanded that broadcasters refuse the advert.", NONE),
    ("The report is based entirely on lies.", [1, 0, 1]),
    ("His lawyer says the driver did nothing wrong.", R),
    ('"He is not a terrorist," his sister said.', R),
    ("Neighbours who are not occupiers deserve respect.", NONE),
    ("It is not for foreign capitals to decide who governs us.", R),
    # a speaker's own future is a plan (tie rule 1), resolved against the actor dictionary
    ("We will respond in the coming days.", NONE),
    ("Hungary said it would veto the package in the coming weeks.", R),
    ("Erdogan stated on May 23 that Turkey will soon launch a new military operation.", NONE),
    ("German defence minister Christine Lambrecht announced that Germany will deliver the system in the coming days.", NONE),
    ("The U.S. envoy said Washington would push for a new round of talks.", NONE),
    ("Zelensky said Russia will soon launch a new offensive.", P),
    ("Russia will launch an offensive in the coming days, Zelensky said.", P),
    ("Erdogan said Russia would push for a new round of talks.", P),
    ("Prices will soon rise.", P),
    # "claimed that" + a harmful act: a charge only against another actor (actor dictionary)
    ("Konashenkov claimed on August 20 that Ukrainian forces had shelled the plant.", A),
    ("Konashenkov claimed that Russian forces destroyed three depots.", NONE),
    ("He claimed that the army shelled the town.", NONE),
    ("Konashenkov did not claim that Ukrainian forces had shelled the plant.", NONE),
    # blockers kept to their intent: hedged past/present, not "likely to"; past, not present, "no one expected"
    ("No action is likely to have a good outcome, he tweeted.", P),
    ("The strike is likely to have killed dozens.", NONE),
    ("Russia likely has few reserves left.", NONE),
    ("No one is expected to win a majority.", P),
    ("Nobody expected the offensive.", NONE),
    ("This may yet prove the best hope of a settlement.", P),
]


@pytest.fixture(scope="module")
def labeler() -> CueLabeler:
    return CueLabeler().fit()


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_codebook_examples(labeler: CueLabeler, text: str, expected: list[int]) -> None:
    assert labeler.predict([text]).tolist() == [expected]


def test_seed_article(labeler: CueLabeler) -> None:
    from analysis.study import paths

    frame = pd.read_csv(paths.raw_dir() / "annotations" / "seed.csv")
    got = labeler.predict(frame["text"]).tolist()
    want = frame[["accusation", "prediction", "rejection"]].to_numpy().tolist()
    assert got == want
    missing = frame.loc[frame["text"].str.contains("clear statement is missing"), "text"]
    assert labeler.predict(missing).tolist() == [NONE]


def test_evidence_spans_point_at_the_cue(labeler: CueLabeler) -> None:
    text = "Moscow on Thursday accused Kyiv of lying, and Kyiv rejected the claim."
    records = labeler.explain([text])[0]
    assert {r["label"] for r in records} == {"accusation", "rejection"}
    for r in records:
        assert text[r["start"] : r["end"]] == r["cue"]
        assert 0 < r["weight"] <= 1
    assert labeler.explain(["Nothing here."]) == [[]]


def test_batch_equals_one_by_one(labeler: CueLabeler) -> None:
    texts = [c[0] for c in CASES]
    batch = labeler.predict_proba(texts)
    single = [labeler.predict_proba([t])[0].tolist() for t in texts]
    assert batch.tolist() == single


def test_whitespace_case_and_nul_do_not_shift_spans(labeler: CueLabeler) -> None:
    texts = ["ÎSTANBUL\tTalks: Kyiv REJECTED\nthe plan.", "a\x00b accused c"]
    ev = labeler.explain(texts)
    assert texts[0][ev[0][0]["start"] : ev[0][0]["end"]] == "REJECTED"
    assert ev[1][0]["cue"] == "accused"


def test_custom_lexicon_parameter() -> None:
    cues = load_lexicon("cues")
    extra = pd.DataFrame([{"label": "accusation", "pattern": "perfid\\w*", "type": "charge", "weight": 0.9,
                           "checks": "neg", "example": ""}])
    lab = CueLabeler(lexicons={"cues": pd.concat([cues, extra], ignore_index=True)}).fit()
    assert lab.predict(["Their perfidy is known."]).tolist() == [A]
    assert CueLabeler().fit().predict(["Their perfidy is known."]).tolist() == [NONE]


def test_actor_dictionary_parameter_decides_own_side(tmp_path) -> None:
    sentence = "Erdogan stated that Turkey will soon launch a new operation."
    assert CueLabeler().fit().predict([sentence]).tolist() == [NONE]
    # a dictionary that puts Erdogan on another side makes the clause a third-party forecast
    table = tmp_path / "actors.csv"
    table.write_text("alias,name,actor,side,kind\nErdogan,Recep Tayyip Erdogan,XXX,OTHER,person\n"
                     "Turkey,Turkey,TUR,OTHER,country\n", encoding="utf-8")
    lab = CueLabeler(actors=table).fit()
    assert lab.get_params()["actors"] == table
    assert lab.predict([sentence]).tolist() == [P]


def test_bad_lexicon_is_a_clear_error() -> None:
    from analysis.errors import InputError

    with pytest.raises(InputError, match="missing column"):
        CueLabeler(lexicons={"negation": pd.DataFrame({"x": ["not"]})}).fit()
    from analysis.errors import ParameterError

    with pytest.raises(ParameterError, match="unknown lexicon"):
        CueLabeler(lexicons={"nope": pd.DataFrame()}).fit()


@pytest.mark.parametrize("name", LEXICON_NAMES)
def test_lexicon_headers_are_true(name: str) -> None:
    header = lexicon_header(name)
    assert any(line.startswith("# sources:") for line in header)
    count = [line for line in header if line.startswith("# entries:")]
    assert count, "header must state the number of entries"
    n = int(re.search(r"entries: (\d+)", count[0]).group(1))
    assert n == len(load_lexicon(name))


def test_first_character_dispatch_keeps_every_match(monkeypatch) -> None:
    """Rules whose dispatch regex keeps only each cue's branches for the first character label
    and cite exactly what full copies of every cue give, on the project's annotated sentences."""
    from pathlib import Path

    import analysis._regex as regex_helpers

    root = Path(__file__).resolve().parents[1] / "data" / "raw" / "annotations"
    texts = sorted({t for p in sorted(root.glob("batch-*.csv")) for t in pd.read_csv(p)["text"].dropna()})
    assert len(texts) > 1000
    shipped = {"cues": load_lexicon("cues")}  # explicit lexicons: compiled afresh, not the cached rules
    restricted = CueLabeler(lexicons=shipped).fit()
    monkeypatch.setattr(regex_helpers, "restrict_first_char", lambda fragment, char: fragment)
    full = CueLabeler(lexicons=shipped).fit()
    size = {name: sum(len(r.pattern) for r in lab.rules_.regexes) for name, lab in (("r", restricted), ("f", full))}
    assert size["r"] < 0.7 * size["f"]
    pd.testing.assert_frame_equal(restricted.predict_with_evidence(texts), full.predict_with_evidence(texts))
