"""Speakers, modes, targets; name normalisation; actor dictionary."""

from __future__ import annotations

from importlib import resources

import pandas as pd
import pytest
import yaml

from analysis.actors import load_actors
from analysis.attribution import attribute, normalise_speaker
from analysis.errors import InputError


def run(*texts, **kw):
    rows = attribute([{"text": t} for t in texts], **kw)
    return [(r["speaker"], r["speaker_actor"], r["mode"]) for r in rows]


def test_direct_quote_after_and_before():
    assert run('"We will not accept these terms," Lavrov said.') == [("Sergei Lavrov", "RUS", "quoted")]
    assert run('Zelensky said: "We will defend every town."') == [("Volodymyr Zelensky", "UKR", "quoted")]
    assert run('"The need is enormous," said Maria Olsen, the agency director.')[0][0] == "Maria Olsen"


def test_reported_speech_and_according_to():
    assert run("Russian Foreign Minister Sergei Lavrov said that talks had stalled.") == [
        ("Sergei Lavrov", "RUS", "reported")]
    assert run("The fighting continued overnight, according to Ukrainian officials.")[0][1:] == ("UKR", "reported")
    assert run("Kyiv was not interested in peace, the Kremlin said.")[0] == ("Kremlin", "RUS", "reported")


def test_pronoun_carry_over_and_bare_quote():
    got = run("Foreign Minister Anna Kovacs said her government had offered a withdrawal.",
              '"The other side wants to redraw the map," she added.',
              '"That will not happen."',
              "The weather was cold.")
    assert [g[0] for g in got] == ["Anna Kovacs", "Anna Kovacs", "Anna Kovacs", None]
    assert [g[2] for g in got] == ["reported", "quoted", "quoted", "authorial"]


def test_surname_normalised_to_earlier_full_name():
    got = run("Chief negotiator Omar Haddad spoke first.", '"We are ready to work," Haddad said.')
    assert got[1][0] == "Omar Haddad"


def test_quote_spanning_sentences_gets_speaker_from_its_end():
    got = run('"We came here with a plan.', 'We leave without an answer," Kovacs said.')
    assert [g[0] for g in got] == ["Kovacs", "Kovacs"] and got[0][2] == "quoted"


def test_unclosed_quote_does_not_leak():
    got = run('He called it "a farce.', "The ministry published figures.", "Prices rose.",
              "Markets fell.", "Schools closed.", "Roads opened.", "Trains ran.", "Planes flew.")
    assert all(g[2] == "authorial" for g in got[1:])


def test_scare_quotes_are_not_direct_quotes():
    assert run('Officials described the plan as a "volcano" waiting to erupt.')[0][2] != "quoted"


def test_target_of_accusation():
    rows = attribute([{"text": "Russia on Thursday accused Ukrainian negotiators of changing demands."}])
    assert (rows[0]["speaker"], rows[0]["target"], rows[0]["target_actor"]) == ("Russia", "Ukrainian negotiators", "UKR")
    rows = attribute([{"text": "Western governments were accused of prolonging the war."}])
    assert rows[0]["target"] is None


def test_listener_is_not_speaker():
    got = run('"I just want information," his mother, Sharon, told the Guardian.')
    assert got[0][0] == "Sharon"


def test_headline_verbs():
    # a headline is the writer's (the speaker set's convention), but keeps its accusation target
    rows = attribute([{"text": "Russia Accuses Ukraine of Changing Demands", "is_title": True}])
    assert (rows[0]["speaker"], rows[0]["mode"], rows[0]["target_actor"]) == (None, "authorial", "UKR")


def test_normalise_speaker():
    mem = {}
    assert normalise_speaker("Russian Foreign Minister Sergei Lavrov", memory=mem) == "Sergei Lavrov"
    assert normalise_speaker("Lavrov", memory=mem) == "Sergei Lavrov"
    assert normalise_speaker("Jailed Kremlin critic Alexei Navalny") == "Alexei Navalny"
    assert normalise_speaker("Unicef's regional director for the Middle East, Geert Cappelaere") == "Geert Cappelaere"
    assert normalise_speaker("Farhan Dakheel of Yazda") == "Farhan Dakheel"


def test_actor_dictionary_examples():
    actors = load_actors()
    for phrase, code in [("Lavrov", "RUS"), ("Zelensky", "UKR"), ("Kyiv", "UKR"), ("the Ukrainian side", "UKR"),
                         ("Ukrainian negotiators", "UKR"), ("Washington", "USA"), ("NATO", "NATO")]:
        assert actors.lookup(phrase).actor == code, phrase
    assert actors.find("they told us everything") is None  # "us" is not the US


def test_user_actor_csv(tmp_path):
    path = tmp_path / "mine.csv"
    pd.DataFrame({"alias": ["Kovacs"], "name": ["Anna Kovacs"], "actor": ["XYZ"], "side": ["A"],
                  "kind": ["person"]}).to_csv(path, index=False)
    assert run('"We leave now," Kovacs said.', actors=path) == [("Anna Kovacs", "XYZ", "quoted")]
    bad = tmp_path / "bad.csv"
    bad.write_text("alias,code\nX,Y\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks columns"):
        load_actors(bad)


def test_word_list_file_has_documented_keys():
    text = resources.files("analysis").joinpath("data/attribution.yml").read_text(encoding="utf-8")
    spec = yaml.safe_load(text)
    for key, values in spec.items():
        assert f"#   {key}" in text, key
        assert all(isinstance(v, str) for v in values), key  # YAML 1.1 booleans ("on", "no") quoted


def test_attribution_word_list_header_counts_are_true():
    import re
    from importlib import resources

    import yaml

    text = resources.files("analysis").joinpath("data", "attribution.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for key, words in data.items():
        if isinstance(words, list):
            stated = re.search(rf"^#   {key}\s+\((\d+)\)", text, re.M)
            assert stated, f"attribution.yml header does not count {key}"
            assert int(stated.group(1)) == len(words), f"{key}: header says {stated.group(1)}, list has {len(words)}"


def test_adverb_between_speaker_and_verb():
    from analysis.ingest import ingest_articles
    import pandas as pd

    text = "The Kremlin spokesman falsely claimed that Kyiv had staged the attack."
    arts = pd.DataFrame({"article_id": ["a"], "raw_text": [text], "title": [None]})
    row = ingest_articles(arts).sentences.iloc[0]
    assert row["mode"] == "reported" and row["speaker_actor"] == "RUS"


def test_main_clause_verb_at_the_end_wins():
    got = run("After the governor announced a curfew, state television said the roads would close.")
    assert got[0][0] == "state television" and got[0][2] == "reported"
    got = run("Ministers Anna Kovacs and Omar Haddad condemned the raid, the presidency said.")
    assert got[0][0] == "the presidency"
    assert run("The harbour stays shut, as the port director Lena Brandt said.")[0][0] == "Lena Brandt"
    # a news agency passing on a statement is a channel, not the speaker
    assert run("The coastguard said two boats sank, a local agency reports.")[0][0] == "The coastguard"


def test_more_reporting_constructions():
    assert run("A spokesperson for the Ministry of Fisheries said the quota was final.")[0][2] == "reported"
    assert run("Speaking to reporters on Friday, Omar Haddad said the bridge would reopen.")[0][0] == "Omar Haddad"
    assert run("Addressing the assembly, the mayor warned that water would be rationed.")[0][2] == "reported"
    assert run("The delegation called on Ruritania to withdraw and warned of new sanctions.")[0][0] == "The delegation"
    assert run("Omar Haddad describes the scheme as a trap.")[0][:1] == ("Omar Haddad",)
    assert run("According to harbour officials, three ships were turned away.")[0][2] == "reported"


def test_private_speaker_not_coded_by_place():
    assert run("A refugee in Turkey said the tents leaked.")[0][1] is None
    assert run("A Syrian mother said the clinic had closed.")[0][1] is None
    assert run("Turkish officials said the crossing had closed.")[0][1] == "TUR"


def test_new_actor_codes():
    for text, code in [("Dutch prosecutors said the case would go ahead.", "NLD"),
                       ("The Taiwanese defence ministry said it tracked six aircraft.", "TWN"),
                       ("A Cypriot government spokesman said talks would resume.", "CYP"),
                       ("The PKK denied carrying out the bombing.", "PKK"),
                       ("The YPG said its fighters had withdrawn.", "SDF"),
                       ("Oxfam warned that food prices would double.", "NGO"),
                       ("The LNR claimed the school had been shelled.", "LNR"),
                       ("Médecins Sans Frontières said its clinic was hit.", "NGO")]:
        assert run(text)[0][1] == code, text


def test_quoted_phrase_inside_indirect_speech_is_reported():
    assert run('Anna Kovacs said on May 3 that “there is no trust at all” in the talks.')[0][2] == "reported"
    assert run('Omar Haddad stated his plan to “immediately recognise the new republic” was overdue.')[0][2] == "reported"
    assert run('Anna Kovacs said: “We will defend every single town.”')[0][2] == "quoted"


def test_long_titles_and_fronted_participles():
    got = run("Deputy Chairman of the Ruritanian Security Council Ivo Petrov stated on March 3 that gas may stop.")
    assert got[0][0] == "Ivo Petrov" and got[0][2] == "reported"
    assert normalise_speaker("Permanent Envoy of Ruritania to Russia Georgy Petrov") == "Georgy Petrov"
    assert normalise_speaker("a lawyer for the Turkish Red Crescent") == "a lawyer for the Turkish Red Crescent"
    got = run("Lena Brandt left the valley in May.",
              "Interviewed this week at a crowded camp in the far north of the country after the siege, "
              "she told the paper that she wanted to go home.")
    assert got[1][:1] == ("Lena Brandt",) and got[1][2] == "reported"


def test_institution_is_not_the_previous_speaker():
    got = run("Omar Haddad said the bridge was closed.", "The Northfield City Council claimed on May 2 that it was shelled.")
    assert got[1][0] == "Northfield City Council"  # a proper name without its article (canonical name)
