"""Round-4 attribution rules (issue 12): every new rule and guard on invented sentences, with the
cases each must leave to the writer."""

from __future__ import annotations

import pytest

from analysis.attribution import SPEAKER_RULES

from test_speaker_rules import article, got


def test_round4_rules_are_documented():
    for rule in ("interview", "outlet_source", "with_participle", "continuation"):
        assert rule in SPEAKER_RULES


def test_interview_answers_by_initials_and_name_questions_stay_the_writers():
    rows = article(
        "Professor Dana Whitlock of Eastbrook University studies river floods.",
        "((WN)) Thank you for speaking with us. Why did you start this work?",
        ("Dana Whitlock I grew up by a river.", "Floods shaped my town."),
        "((WN)) What comes next?",
        ("DW We will map every levee.", "That takes two years."),
        "((WN)) You said the maps are late.",
    )
    speakers = [(r["speaker"], r["speaker_rule"]) for r in rows]
    assert speakers[1] == (None, None)  # the interviewer's question
    assert speakers[2:4] == [("Dana Whitlock", "interview")] * 2
    assert speakers[4] == (None, None)
    assert speakers[5:7] == [("Dana Whitlock", "interview")] * 2
    assert speakers[7] == (None, None)  # "((WN)) You said ..." is no speaker "WN You"


def test_no_interview_without_interviewer_tags():
    # initials at a paragraph start are no turn in an ordinary article
    assert got("Dana Whitlock studies floods.", "DW The levee broke on Monday.") == [(None, None), (None, None)]


@pytest.mark.parametrize("sentence, speaker", [
    ("The Daily Courier, citing local militia groups, reported that three rockets were fired.", "local militia groups"),
    ("Newsline.com further reported its source said that the tenant moved in a day earlier.", "source"),
    ("The website also reported its anonymous source claimed a fourth man escaped.", "anonymous source"),
])
def test_outlet_passing_on_a_source(sentence, speaker):
    assert got(sentence) == [(speaker, "outlet_source")]


def test_outlet_speaking_itself_and_non_outlets_keep_their_speaker():
    assert got("The Daily Courier reported that three rockets were fired.")[0][0] == "Daily Courier"
    # not an outlet: the ministry citing intelligence is the ministry's own claim
    assert got("The ministry, citing intelligence reports, said the convoy was hit.")[0][0] != "intelligence reports"


def test_with_participle_names_the_speaker_and_feeds_pronouns():
    rows = article(("Emergency Minister Pavel Orlov arrived at noon.",
                    "Rescue work was halted, with Orlov describing the wall as unsafe.",
                    "He estimated repairs would take a day."))
    assert [(r["speaker"], (r["speaker_rule"] or "").split(":")[0]) for r in rows][1:] == [
        ("Pavel Orlov", "with_participle"), ("Pavel Orlov", "reported_start")]
    assert got("The bridge reopened, with traffic moving slowly.") == [(None, None)]


def test_continuation_same_paragraph_active_verb_only():
    rows = article(("Senator Maria Lund said the tax would be repealed.", "She proposed a fund for farmers."),
                   "She was 61.")
    assert [(r["speaker"], r["speaker_rule"]) for r in rows] == [
        ("Maria Lund", "reported_start"), ("Maria Lund", "continuation"), (None, None)]
    # not after a paragraph break, not a narrated fact, not with numbers
    assert [r["speaker"] for r in article(("Maria Lund said the tax would go.", "She was born in Oslo."))][1] is None
    assert [r["speaker"] for r in article(("Maria Lund said the tax would go.", "She proposed 12 new rules."))][1] is None
    assert [r["speaker"] for r in article("Maria Lund said the tax would go.", "She proposed a fund.")][1] is None


@pytest.mark.parametrize("sentence, speaker", [
    ("On Monday, the rate reached 95% according to NEOC data.", "NEOC"),
    ("Turnout rose in four states, according to Channel Nine's projections.", "Channel Nine"),
    ("According to data from the Statistics Bureau, exports fell.", "Statistics Bureau"),
    ("Rescuers, according to the emergencies ministry recovered ten survivors.", "emergencies ministry"),
])
def test_according_to_sources(sentence, speaker):
    spk, rule = got(sentence)[0]
    assert rule == "according_to" and spk is not None and speaker.lower() in spk.lower()


@pytest.mark.parametrize("sentence", [
    "According to videos posted online, the crowd pushed the man to the ground.",
    "He was hit by a van on the wrong side of the road according to traffic camera footage.",
    "According to projections by Channel Nine and Radio West, he won in six states.",
    "The tanker sells two million tonnes per year to the Northern Gas Company.",
    "The family left per advice from the consulate.",
])
def test_no_source_in_according_to(sentence):
    assert got(sentence) == [(None, None)]


@pytest.mark.parametrize("sentence, speaker", [
    ("The government said 128 vaccination teams took part.", "The government"),  # a number after "said"
    ("Aid agencies say high vaccination rates stop outbreaks.", "Aid agencies"),
    ("Mitsotakis underlined that the channels stay open.", "Mitsotakis"),
    ("Governor Lena Park called Stone's 40 month sentence \"unjust.\"", "Lena Park"),
    ("Former US Ambassador to the United Nations Nikki Haley wrote on Twitter, \"We must stand by them.\"", "Nikki Haley"),
    ("Professor Ana Ruiz of Northfield University said the result was \"the strongest predictor\".", "Ana Ruiz"),
    ("\"We are in awe,\" tweeted Mayor of London Sam Okafor (no relation).", "Sam Okafor"),
    ("Residents there told the press the officers were looking for a bomb.", "Residents"),
])
def test_round4_speakers(sentence, speaker):
    assert got(sentence)[0][0] == speaker


@pytest.mark.parametrize("sentence", [
    "With the network, Jo Park discussed why she joined the party and what her role entails.",
    "He discussed how he became the nominee.",
    "Heading into the vote, Senator Al Brook from Vermont had the most pledged delegates, with 60.",
    "Over 1,000 rescuers responded.",
    "The campaign claimed 12 seats.",
    "Turkey was condemned in a joint statement by Egypt, Greece and Cyprus on October 8.",
    "The city was praised by Egypt, Greece and Cyprus.",
    "The Investigative Committee and the Federal Security Service (FSB) said gas was the cause.",
])
def test_round4_writer_sentences(sentence):
    assert got(sentence) == [(None, None)]


def test_dash_caption_after_narration_is_no_source_line():
    rows = article(("Two officers were convicted on Thursday.", "The case drew attention."),
                   "—Testimony from the chief investigator")
    assert [r["speaker"] for r in rows[:2]] == [None, None]
    rows = article("By today's judgment, the Court answers the referring court.", "– European Court of Justice")
    assert rows[0]["speaker"] == "European Court of Justice"


def test_introduced_quotation_in_a_new_paragraph_is_not_the_last_speaker():
    rows = article("The Daily Courier reported that three rockets were fired.",
                   "In a statement released later, the Defence Department justified the strike as \"defensive\": "
                   "\"The United States will continue to protect its people and its interests everywhere.\"")
    assert rows[1]["speaker"] != "Daily Courier"


def test_unnamed_person_is_she_not_they():
    rows = article(("The head of the internal investigators told the court \"Nothing was done.\"",
                    "She also said \"I regret it.\""),
                   "They indicated they would appeal.")
    assert rows[1]["speaker"] == rows[0]["speaker"] and rows[0]["speaker"]
    assert rows[2]["speaker"] is None


def test_a_relative_with_the_same_surname_leaves_the_surname_to_the_first_person():
    rows = article(("President Donald Trump spoke on Monday.", "Trump's niece Mary Trump released a book.",
                    "Trump called the book \"a disgrace.\""))
    assert rows[2]["speaker"] == "Donald Trump"
    rows = article(("Mary Trump released a book.", "Trump said it was true."))
    assert rows[1]["speaker"] == "Mary Trump"  # one Trump only: the surname is hers
