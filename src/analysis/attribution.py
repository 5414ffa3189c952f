"""Who says what: quotes, reported speech and transcript turns, resolved to speakers across an article.

:func:`attribute` adds, for each sentence of one article (in order):

- ``speaker``: the canonical name of whoever the sentence gives the words of -- a person's
  fullest name in the article, titles stripped ("Russian Foreign Minister Sergei Lavrov" ->
  "Sergei Lavrov"; later "Lavrov", "he", "the minister" -> "Sergei Lavrov"), an organisation's
  name ("the Royal Canadian Mounted Police (RCMP)" -> "Royal Canadian Mounted Police"; later
  "the RCMP"), or a group's own description ("officials", "a senior official") -- or ``None``
  for the writer's own sentences;
- ``speaker_mention``: the form that names the speaker in this sentence ("he", "the
  minister"), ``None`` when the speaker is carried over (inside a quotation, a transcript turn);
- ``speaker_rule``: which rule decided (see :data:`SPEAKER_RULES`), ``None`` without a speaker;
- ``speaker_actor``: the speaker's actor code (:mod:`analysis.actors`);
- ``mode``: ``"quoted"`` (a direct quotation or a sentence inside one, a transcript turn),
  ``"reported"`` (indirect speech) or ``"authorial"``;
- ``target`` / ``target_actor``: the object of an accusation-type verb (``X accused Y of``).

It runs in passes over the article:

1. **cues** -- each sentence alone: quotation marks, and the reporting cue that names a
   speaker phrase (after or before a quotation, ``X said ...``, ``..., X said``, ``says X``,
   ``according to X``, ``X ..., saying ...``, ``quoted X as saying``, ``X, in an email: "..."``,
   ``X calls it ...``); then, when none fits, :mod:`analysis.clauses` looks deeper into the
   sentence (a reporting verb in a subordinate, relative or second clause or after a long
   fronted clause, a passive agent, ``In his view, ...``, a clause that introduces a quotation
   without a speech verb);
2. **quotation runs** -- a quotation that spans sentences, and one that spans paragraphs (the
   paragraph left open and the next opened with a quotation mark), shares one speaker; a quoted
   paragraph right after an attributed one continues it, a quotation that opens a paragraph
   takes the speaker named in the next sentence, the original-language text after a
   quotation and a block quotation followed by ``- Name`` are that speaker's;
3. **transcript turns** -- a paragraph opened by a speaker tag (``THE PRESIDENT:``, ``MR.
   KIRBY:``) gives every sentence up to the next tag to that speaker; a mixed-case tag (``Mr.
   Smith:``) its paragraph, in a document with at least two tags;
4. **tracking** -- a :class:`~analysis.tracker.SpeakerTracker` registers every person named as a
   subject, with a title or an apposition, and every speaker, and resolves pronouns (gender from
   titles and :mod:`analysis.names`), descriptions ("the minister", "the ministry", "the
   34-year-old"), surnames, acronyms and aliases (:meth:`analysis.actors.ActorDictionary.exact`)
   to the canonical name, and remembers who issued a document ("X issued a statement", "the
   warning issued by X", "the court ruled") so "the statement", "the motion", "the ruling"
   speak for them. Joint speakers ("X and Y said"), the writer ("I", "we"), unattributed
   "reports" and headlines (the writer's, as in the hand-coded speaker set) get none.

Word lists live in ``analysis/data/attribution.yml`` (documented there).

Examples
--------
>>> rows = [{"text": "Russian Foreign Minister Sergei Lavrov said that talks stalled."},
...         {"text": '"This is unacceptable," he added.'}]
>>> [(r["speaker"], r["speaker_actor"], r["mode"], r["speaker_rule"]) for r in attribute(rows)]
[('Sergei Lavrov', 'RUS', 'reported', 'reported_start'), ('Sergei Lavrov', 'RUS', 'quoted', 'quote_after:pronoun')]
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis._regex import trie_regex
from analysis.actors import ActorDictionary, load_actors
from analysis.clauses import (POSSESSIVE_PRONOUNS, ClauseRules, compile_clause_rules, find_clauses, intro_speaker,
                              sentence_subject, verb_subject)
from analysis.tracker import Entity, SpeakerTracker

__all__ = ["ATTRIBUTION_COLUMNS", "SPEAKER_RULES", "Rules", "load_rules", "attribute", "normalise_speaker"]

#: Columns :func:`attribute` adds (the first five since version 0.1; the last two with the tracker).
ATTRIBUTION_COLUMNS: tuple[str, ...] = ("speaker", "speaker_actor", "mode", "target", "target_actor",
                                        "speaker_mention", "speaker_rule")

#: The cue rules of ``speaker_rule`` (a suffix ``:pronoun``, ``:description``, ``:name`` or
#: ``:alias`` says how the mention was resolved when it was not a full name).
SPEAKER_RULES: dict[str, str] = {
    "quote_after": '"...," X said / said X (attribution after the closing mark)',
    "quote_before": 'X said: "..." (attribution before the opening mark)',
    "quote_colon": 'X, in an email to staff: "..." (a name and a colon before a quotation)',
    "quote_run": "a sentence inside a quotation (or a quoted paragraph) attributed elsewhere in its run",
    "quote_follow": "a quotation right after an attributed sentence, with no attribution of its own",
    "reported_start": "X [also] said / says / told ... at the start of the clause",
    "reported_end": "..., X said / said X / X told CNN at the end of the sentence",
    "according_to": "according to X (a report by X)",
    "participle": "X did something, saying / adding / noting ...",
    "quoted_as": "Y quoted X as saying",
    "calls_it": "X calls it a blunder",
    "quote_subject": "a quoted paragraph with no attribution right after a person was named (within two sentences)",
    "document": "the statement / decree / report (of X) says ...: the document's issuer",
    "transcript": "a speaker tag (THE PRESIDENT:, MR. KIRBY:, Mr. Kirby: in a transcript) opens the turn",
    # round 2 (analysis.clauses and the passes below)
    "reported_clause": "a reporting verb deeper in the sentence: after a long fronted clause, in a subordinate, "
                       "relative or second clause (When X tweeted that ..., ... which analysts say, ..., and the "
                       "court ruled ...)",
    "reported_inverted": "an inverted verb inside the sentence (..., reads the motion, ...)",
    "passive_by": "a passive speech verb with its agent (was criticised by the archbishop)",
    "stance": "In his view, ... / In the minister's opinion, ... (the possessor's view)",
    "quote_intro": "a clause without a speech verb introduces a quotation (X opposed the plan: \"...\"; His "
                   "message was clear: \"...\")",
    "quote_next": "a quotation opening a paragraph, attributed in the next sentence of the paragraph",
    "quote_original": "the original-language text (another script) after a quotation: its speaker",
    "quote_dash": "a paragraph followed by a one-line paragraph \"- Name\" (a block quotation's source)",
    # round 4
    "outlet_source": "an outlet passing on a source's words: X, citing Y, reported -> Y; X reported its source said "
                     "-> source",
    "with_participle": "an absolute clause names the speaker: ..., with X describing / saying ...",
    "continuation": "a sentence of the same paragraph opened by he/she and an active verb, right after that person's "
                    "reported words (no digits; not was/had/died ...)",
    "interview": "an answer paragraph of a question-and-answer interview, opened by the interviewee's initials or "
                 "name (MS ..., Michael Siegel ...) after an interviewer's tag ((WN)); the questions are the writer's",
}

# Quotation marks: curly pairs (an unclosed one runs to the sentence end) and straight pairs.
_CURLY = re.compile(r"“[^“”]*(?:”|$)")
_STRAIGHT = re.compile(r'"[^"]*(?:"|$)')
# Word tokens inside a noun phrase (names with apostrophes, hyphens, initials).
_TOKEN = re.compile(r"[\w'’.\u2024-]+")
_WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Rules:
    """Compiled attribution patterns built from the word lists in ``attribution.yml``."""

    after_np_verb: re.Pattern[str]
    after_verb_np: re.Pattern[str]
    read_doc: re.Pattern[str]
    clause_start: re.Pattern[str]
    clause_fronted: re.Pattern[str]
    clause_end: re.Pattern[str]
    according_to: re.Pattern[str]
    target: re.Pattern[str]
    pronouns: frozenset[str]
    titles: frozenset[str]
    speaker_nouns: frozenset[str]
    particles: frozenset[str]
    not_names: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()
    not_heads: frozenset[str] = frozenset()
    clause_participial: re.Pattern[str] | None = None
    clause_prep: re.Pattern[str] | None = None
    participle: re.Pattern[str] | None = None
    quoted_as: re.Pattern[str] | None = None
    colon: re.Pattern[str] | None = None
    calls_it: re.Pattern[str] | None = None
    act_verbs: frozenset[str] = frozenset()
    not_sources: frozenset[str] = frozenset()
    outlets: frozenset[str] = frozenset()
    person_heads: frozenset[str] = frozenset()
    clause_verbs: frozenset[str] = frozenset()
    finite_verbs: frozenset[str] = frozenset()
    continues: re.Pattern[str] | None = None
    its_source: re.Pattern[str] | None = None
    with_participle: re.Pattern[str] | None = None
    data_nouns: frozenset[str] = frozenset()
    object_verbs: frozenset[str] = frozenset()
    document_nouns: frozenset[str] = frozenset()
    private: frozenset[str] = frozenset()
    institutions: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    not_tags: frozenset[str] = frozenset()
    joint_words: frozenset[str] = frozenset()
    joint_heads: frozenset[str] = frozenset()
    generic_orgs: frozenset[str] = frozenset()
    role_synonyms: Mapping[str, str] = field(default_factory=dict)
    gendered: Mapping[str, str] = field(default_factory=dict)
    and_verb: re.Pattern[str] | None = None
    second: re.Pattern[str] | None = None
    document: re.Pattern[str] | None = None
    titled: re.Pattern[str] | None = None
    # round 2: clauses anywhere in a sentence (analysis.clauses) and the lists they use
    clauses: ClauseRules | None = None
    subord: re.Pattern[str] | None = None
    fronted: re.Pattern[str] | None = None
    cue_words: frozenset[str] = frozenset()  # a sentence without any of these (and without quotes) has no cue
    issue_words: frozenset[str] = frozenset()
    participle_words: frozenset[str] = frozenset()
    unattributed: frozenset[str] = frozenset()
    document_kinds: Mapping[str, str] = field(default_factory=dict)
    verb_documents: Mapping[str, str] = field(default_factory=dict)
    issued: re.Pattern[str] | None = None
    issued_by: re.Pattern[str] | None = None
    decided: re.Pattern[str] | None = None
    tag_titles: frozenset[str] = frozenset()
    rank_words: frozenset[str] = frozenset()
    name_joiners: frozenset[str] = frozenset()


def _alt(words: Sequence[str]) -> str:
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


def _compile(spec: Mapping[str, Any]) -> Rules:
    def words_of(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in spec.get(key, ()))

    # verbs match in lower case only ("The United States" is not "states"); an act verb is
    # speech only before "that", a quotation or the end of the clause
    acts = words_of("act_verbs")
    act_guard = r"(?!\s+(?:a|an|the|his|her|its|their|tomorrow|today|war|victory|off|up|into|out|by|[\w-]+ing)\b)"
    topical = words_of("topic_verbs") & {str(v).lower() for v in spec["speech_verbs"]} - acts  # "remarked on X": a topic
    counting = words_of("number_verbs") if "number_verbs" in spec else frozenset(str(v).lower() for v in spec["speech_verbs"])
    plain = [v for v in spec["speech_verbs"] if v.lower() not in acts and v.lower() not in topical]
    discussing = words_of("topic_only_verbs")
    if discussing:  # round 4: "discussed why ...", "discussed his role": a topic, not someone's words
        plain = [v for v in plain if v.lower() not in discussing]
        topical_guard = r"(?!\s+(?:" + _alt(spec.get("topic_openers", ["why"])) + r")\b)"
        plain_extra = "|(?:" + _alt(sorted(discussing)) + ")" + topical_guard
    else:
        plain_extra = ""
    # a verb that counts before a number ("claimed 15,393 lives") is no speech there; "said 128 ..." is
    verb = "(?-i:" + _alt([v for v in plain if v.lower() not in counting]) + plain_extra \
        + (("|(?:" + _alt([v for v in plain if v.lower() in counting]) + r")(?!\s+\d)") if counting & set(map(str.lower, plain)) else "") \
        + (("|(?:" + _alt(sorted(acts)) + ")" + act_guard + r"(?!\s+\d)") if acts else "") \
        + (("|(?:" + _alt(sorted(topical)) + r")(?!\s+on\s+(?-i:[a-z]))") if topical else "") + ")"  # not "on Monday"
    # not "tweeted about", "contended for the nomination", "claimed the lives of"
    verb += r"(?!\s+(?:about\b|for\s+(?:the|a|an)\b|(?:the\s+)?lives\b))"
    after_quote = "(?-i:" + _alt([*spec["speech_verbs"], *spec.get("quote_only_verbs", ())]) + ")"
    inverted = "(?-i:" + _alt([v for v in [*spec["speech_verbs"], *spec.get("quote_only_verbs", ())]
                                if v not in set(spec.get("not_inverted", ()))]) + ")"
    adv = _alt(spec["adverbs"])
    words = r"(?:[\w'’.()\u2024-]+\s+){0,11}?[\w'’.()\u2024-]+"
    # a speaker noun phrase with an optional apposition: "Dmitry Peskov, the Kremlin spokesman,"
    np_ = rf"(?P<spk>{words}(?:,\s+[^,\"“”]{{1,160}},)?)"
    np_plain = rf"(?P<spk>{words})"
    advs = rf"(?:(?:{adv})\s+)*"
    when = r"(?:\s+(?:on|last|this|late|early)\s+\w+)?"
    # a period that ends a phrase, not one after an abbreviation like "Rep." or "Mr."
    stop = r"(?:(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})[.](?=\s|$)|[;:!?]|$)"
    fronted = r"(?:(?:but|and|yet|so|however|meanwhile)\s+)?"
    # Patterns below are this project's own, following wire-copy attribution conventions.
    return Rules(
        # after a closing quote: "he said", "Lavrov also predicted"
        after_np_verb=re.compile(rf"^\W*{np_}{when}\s+{advs}(?P<verb>{after_quote})\b", re.I),
        # after a closing quote: "said Buswell", "said X's director, Name Surname"
        after_verb_np=re.compile(
            rf"^\W*(?P<verb>{inverted})\s+(?P<spk>[^;:!?\"“”]+?)"
            rf"(?={stop}|,\s+(?:adding|referring|noting|according|who|which|when|where|in|at|on|during|after|before|while|as|but|and)\b"
            r"|\s+(?:who|which|whose|when|where|while|after|before|during|from|in a|in an|on|at|told|adding)\b"
            r"|\s*[\"“])",  # a quotation resumes: "“We stand ready” tweeted Johnson “to provide ...”"
            re.I),
        # after a closing quote, a document speaks for its issuer: "..., read the warning."
        read_doc=re.compile(r"^\W*(?-i:read|reads|states|stated)\s+(?P<spk>(?:the|a|an|its|his|her|their)\s+"
                            rf"(?:[\w'’-]+\s+){{0,3}}?(?:{_alt(spec.get('document_nouns', ['statement']))}))\b", re.I),
        # reported speech at the start of a clause: "X [, apposition,] [also] said ..."
        clause_start=re.compile(rf"^{fronted}{np_}{when}\s+{advs}(?P<verb>{verb})\b", re.I),
        # the same after a fronted phrase: "On Thursday, X said ..."
        clause_fronted=re.compile(
            rf"^(?:[^,\"“”]{{1,60}},\s+){{1,2}}{fronted}{np_}{when}\s+{advs}(?P<verb>{verb})\b", re.I),
        # after a long fronted participial phrase: "Interviewed in a camp near the border, she told ..."
        clause_participial=re.compile(
            rf"^(?-i:[A-Z])\w+(?:ing|ed)\b[^\"“”]{{1,160}}?,\s+{np_}{when}\s+{advs}(?P<verb>{verb})\b", re.I),
        # a short fronted phrase without a comma: "On the live television he said ..."
        clause_prep=re.compile(rf"^(?:on|in|at|during|later|earlier|then|separately)\s+[^,\"“”]{{1,40}}?\s+"
                               rf"(?P<spk>he|she|they|(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+){{0,2}})\s+{advs}(?P<verb>{verb})\b",
                               re.I),
        # reported speech at the end: "..., Lavrov said." / "..., said Lavrov." / "..., he told CNN."
        clause_end=re.compile(
            rf",\s+(?:{np_plain}\s+{advs}(?P<verb>{verb})"
            r"(?:\s+(?-i:[A-Z])[\w.&-]*(?:\s+(?-i:[A-Z])[\w.&-]*){0,3}|\s+(?:" + _alt(spec.get("listeners", ["reporters"]))
            + r"|the\s+\w+|a\s+\w+(?:\s+\w+)?))?"
            rf"|(?P<verb2>{inverted})\s+(?P<spk2>[^,.;:!?\"“”]+?))"
            r"(?:\s+(?:on|in|at|to|from)\s+[^,.;:!?]{1,40})?[.!?]?[\"”’]?$", re.I),
        # "per" only before a name ("per Reuters", not "per year", "per advice from")
        according_to=re.compile(r"\b(?:according to|per(?= (?-i:[A-Z])| (?:the|a|an|" + _alt(spec.get("data_nouns", ["data"]))
                                + r")\b)) (?P<spk>[^,.;:!?\"“”]+?)(?=[,.;:!?]|$)", re.I),
        target=re.compile(
            rf"\b(?P<verb>{_alt(spec['target_verbs'])})\s+(?P<tgt>(?:[\w'’.-]+\s+){{0,5}}?[\w'’.-]+)"
            r"(?=\s+(?:of|for|over|to|that|after)\b|[,.;:]|$)", re.I),
        # "X defended the plan, saying ..." (the main clause's subject speaks)
        # "X issued a statement saying ...", "a ruling finding ..." (a document, no comma)
        participle=re.compile(rf"(?:,\s+(?:{advs})|\b(?:{_alt(spec.get('document_nouns', ['statement']))})\s+)"
                              rf"(?P<part>{_alt(spec.get('participles', ['saying']))})\b", re.I),
        # "The BBC cited X as saying ...", "quoted X, a spokesman, as saying"
        quoted_as=re.compile(r"\b(?:cited|quoted|quotes|cites|quoting|citing)\s+(?P<spk>[^;:\"“”]{2,140}?)\s+as\s+"
                             r"(?:saying|telling|stating|warning|claiming|writing|describing|calling)\b"
                             # the passive: "X was quoted (by the BBC) as saying"
                             r"|^(?:[^,\"“”]{1,60},\s+)?(?P<spk2>[^;:,\"“”]{2,80}?)\s+(?:was|were|has been|had been)\s+"
                             r"(?:quoted|cited)\s+(?:by\s+[^,;:\"“”]{1,60}?\s+)?as\s+(?:saying|telling|stating|warning)\b", re.I),
        # "X, in an email to staff: “...”", "Zelensky on Telegram: “...”"
        colon=re.compile(r"^(?P<spk>(?:[Tt]he\s+)?(?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*){0,5})"
                         r"(?:,\s+[^,:\"“”]{2,80},?|\s+(?:in|on|to|at|via|from)\s+[^,:\"“”]{2,60})?:\s*[\"“‘']"),
        # "X calls it a blunder", "called the statement “absolutely false”"
        calls_it=re.compile(rf"^{fronted}{np_}\s+{advs}(?-i:{_alt(spec.get('object_verbs', ['calls']))})\s+"
                            r"(?:(?:it|this|that|them|him|her|these|those|(?:the|his|her|their|its)\s+[\w-]+(?:\s+[\w-]+)?)\s+"
                            r"(?:a|an|the|[\"“‘]|\w+ly\s|(?:un)?\w+(?:ful|less|ous|ive|able|ible|al|ic|ant|ent)\b)"
                            # round 4: a possessive object before a quotation ("called Stone's sentence “unjust”")
                            r"|[\w'’.-]+['’]s(?:\s+[\w-]+){1,3}\s+[\"“‘])", re.I),
        pronouns=frozenset(str(w).lower() for w in spec["pronouns"]),
        titles=frozenset(str(w).lower() for w in spec["titles"]),
        speaker_nouns=frozenset(str(w).lower() for w in spec["speaker_nouns"]),
        particles=frozenset(str(w).lower() for w in spec["particles"]),
        not_names=words_of("not_names"),
        prepositions=words_of("prepositions"),
        verbs=frozenset(str(w).lower() for w in spec["speech_verbs"]),
        not_heads=words_of("not_heads"),
        act_verbs=acts,
        not_sources=words_of("not_sources"),
        outlets=words_of("outlet_words"),
        person_heads=words_of("person_heads"),
        clause_verbs=words_of("clause_verbs"),
        finite_verbs=words_of("finite_verbs"),
        # round 4, continuation: "He proposed ...", "She also identified ..." (not "He was 95", "He died")
        continues=re.compile(r"^(?:He|She)\s+(?:also\s+|then\s+|later\s+)?(?!(?:" + _alt(spec.get("narrative_verbs", ["was"]))
                             + r")\b)[a-z]+(?:ed|s)\s+(?!by\b)"),
        # round 4: "Znak.com reported its source said ...", "... reported its anonymous source claimed ..."
        its_source=re.compile(r"^\s*(?:further\s+|also\s+)?(?:reported|reports|said|says|claimed|claims|wrote|writes)\s+"
                              r"(?:that\s+)?(?:its|their|an?|the)\s+(?P<src>(?:(?:"
                              + _alt(spec.get("source_adjectives", ["anonymous"])) + r")\s+)?sources?)\s+(?:also\s+)?"
                              r"(?:said|says|claimed|claims|told|described|reported|indicated|alleged)\b", re.I),
        # round 4: "..., with Zinichev describing the threat as ..." (an absolute clause names its speaker)
        with_participle=re.compile(r"\bwith\s+(?P<spk>(?:the\s+)?(?:[\w'’.\u2024-]+\s+){0,3}?[\w'’.\u2024-]+)\s+(?:also\s+)?"
                                   r"(?P<part>" + _alt(spec.get("participles", ["saying"])) + r")\b"),
        data_nouns=words_of("data_nouns"),
        object_verbs=words_of("object_verbs"),
        document_nouns=words_of("document_nouns"),
        private=words_of("private_nouns"),
        institutions=words_of("institution_titles"),
        person_nouns=words_of("person_nouns"),
        not_tags=words_of("not_tags"),
        joint_words=words_of("joint_words"),
        joint_heads=words_of("joint_heads"),
        generic_orgs=words_of("generic_org_nouns"),
        role_synonyms={str(k).lower(): str(v).lower() for k, v in (spec.get("role_synonyms") or {}).items()},
        gendered={str(k).lower(): str(v).lower() for k, v in (spec.get("gendered_words") or {}).items()},
        # a second speaker later in the sentence: "..., while Interior Minister X wrote he had ..."
        second=re.compile(rf"(?:\bwhile|\bwhereas|\bbut|;)\s+(?P<spk>(?:(?-i:[A-Z])[\w'’.\u2024-]*\s+){{0,4}}(?-i:[A-Z])[\w'’\u2024-]+)"
                          rf"\s+{advs}(?P<verb>{verb})\b"),
        # "X pointed to A and said that ...": a reporting verb in a second conjunct
        and_verb=re.compile(rf"\s+and\s+{advs}(?P<verb>{verb})\s+(?:that\b|[\"“]|(?-i:[a-z]))"),
        # "The decree signed by the Pope read ...", "the statement mentions ..."
        document=re.compile(rf"^(?:[^,\"“”]{{1,60}},\s+)?(?P<spk>(?:(?:the|a|an|this|that|its|his|her|their|[\w'’-]+['’]s)\s+)?"
                            rf"(?:[\w'’-]+\s+){{0,2}}?(?:{_alt(spec.get('document_nouns', ['statement']))})"
                            r"(?:\s+(?:of|by|from|signed by|issued by|released by)\s+[^,\"“”]{1,60}?)?(?:,[^,\"“”]{1,60},)?)"
                            rf"\s+(?:also\s+)?(?-i:{_alt(spec.get('document_verbs', ['says']))})\b", re.I),
        # a person named with a title anywhere: "Russian President Vladimir Putin", "Dr. Gordon"
        # (title words as a character trie, lower case or capitalised, then a capitalised name)
        titled=re.compile(r"(?<![\w'’-])(?P<title>(?:(?:" + trie_regex(
            {f(t) for t in spec["titles"] for f in (str.lower, str.capitalize)}) + r")[.\u2024]?\s+){1,4})"
            r"(?P<of>of\s+(?:the\s+)?(?:[A-Z][\w'’-]+\s+){1,3})?"
            r"(?P<name>[A-Z][\w'’-]+[.\u2024]?(?:\s+[A-Z][\w'’-]*[.\u2024]?){0,3})"),
        clauses=compile_clause_rules(spec, verb=verb),
        subord=re.compile(r"\W*(?:" + _alt(spec.get("subordinators", ["when"])) + r")\b", re.I),
        fronted=re.compile(r"^(?i:" + _alt(spec.get("fronting_words", ["in"])) + r")\b[^,\"“”]{1,160},\s+"),
        # cheap prefilters (sets of lower-case words): a sentence without any cue word and without
        # quotation marks has no speaker; the document and participle patterns need their words
        cue_words=frozenset(str(w).lower().split()[0] for w in [
            *spec["speech_verbs"], *spec.get("quote_only_verbs", ()), *spec.get("document_verbs", ()),
            *spec.get("participles", ()), *spec.get("finding_verbs", ()), *spec.get("stance_nouns", ()),
            *spec.get("object_verbs", ()), "according", "per", "quoted", "quoting", "quotes", "cited", "citing",
            "states", "claims", "notes"]),
        issue_words=frozenset(str(w).lower().split()[0] for w in [*spec.get("issue_verbs", ()),
                                                                   *(spec.get("verb_documents") or {})]),
        participle_words=frozenset(str(w).lower() for w in spec.get("participles", ())),
        unattributed=words_of("unattributed"),
        document_kinds={str(k).lower(): str(v).lower() for k, v in (spec.get("document_kinds") or {}).items()},
        verb_documents={str(k).lower(): str(v).lower() for k, v in (spec.get("verb_documents") or {}).items()},
        # "X issued a statement", "Facebook released a statement which read" (the issuer is the verb's subject)
        issued=re.compile(r"\b(?P<verb>" + _alt(spec.get("issue_verbs", ["issued"])) + r")\s+(?:(?:a|an|the|its|his|her|their)\s+)?"
                          r"(?:[\w'’-]+\s+){0,3}?(?P<doc>" + _alt(spec.get("document_nouns", ["statement"])) + r")\b", re.I),
        # "the warning issued by Met Éireann"
        issued_by=re.compile(r"\b(?P<doc>" + _alt(spec.get("document_nouns", ["statement"])) + r")\s+(?:"
                             + _alt(spec.get("issue_verbs", ["issued"])) + r")\s+by\s+(?P<who>(?:the\s+)?(?-i:[A-Z])[^,;:.\"“”]{1,60}?)"
                             r"(?=\s*[,;:.]|\s+(?:on|in|at|to|for|applied|said|says|read|reads|was|is)\b|$)", re.I),
        # "the court ruled" -> its ruling
        decided=re.compile(r"\b(?-i:" + _alt(list(spec["verb_documents"])) + r")\b") if spec.get("verb_documents") else None,
        tag_titles=words_of("tag_titles"),
        rank_words=words_of("rank_words"),
        name_joiners=words_of("name_joiners"),
    )


@lru_cache(maxsize=8)
def _load_cached(path: str | None) -> Rules:
    import yaml

    from analysis.io import read_data_text

    text, _ = read_data_text(path, default="attribution.yml", what="attribution word-list file")
    return _compile(yaml.safe_load(text))


def load_rules(path: str | Path | None = None) -> Rules:
    """Load the attribution word lists (shipped file, or a YAML file of the same shape).

    Examples
    --------
    >>> "said" in load_rules().after_np_verb.pattern
    True
    """
    return _load_cached(None if path is None else str(Path(path).resolve()))



# ---------------------------------------------------------------- noun phrases and names


# Per actor dictionary: is a capitalised word a place, nationality or organisation?
_PLACEISH: weakref.WeakKeyDictionary[ActorDictionary, dict[str, bool]] = weakref.WeakKeyDictionary()
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "his", "her",
                          "their", "our", "my", "your", "one", "another"})


def _is_cap(token: str) -> bool:
    return token[:1].isupper()


def _runs(part: str, rules: Rules, actors: ActorDictionary | None = None) -> list[list[str]]:
    """Capitalised runs that can be names: not after a determiner, not possessive."""
    runs: list[list[str]] = []
    run: list[str] = []
    org = False  # inside a run that follows a determiner ("the Middle East")
    tail: list[str] | None = None  # in such a run, the words after a title ("... Council Ivo Petrov")
    office: list[str] | None = None  # a run after "Title of": "(Minister of) Scotland Nicola Sturgeon"
    prev, before = "", ""
    for tok in [*_TOKEN.findall(part), ""]:
        clean = tok.strip(".'’")
        low = clean.lower()
        capital = bool(clean) and (_is_cap(clean) or (bool(run) and low.split("-")[0] in rules.particles))
        if capital and low not in _DETERMINERS and (run or low not in rules.not_names):
            if not run and not org and (prev.lower() in _DETERMINERS or prev.lower() in rules.prepositions):
                org, tail = True, None
                office = [] if prev.lower() == "of" and _is_title(before.strip(".'’"), rules) else None
            if office is not None:
                office.append(clean)
            if org:
                if _is_title(clean, rules) or (actors is not None and _placeish(clean, actors)):
                    tail = []
                elif tail is None or (tail and _first_name(clean) and not _first_name(tail[0])):
                    tail = [clean] if _first_name(clean) else None  # a name starts at a first name
                else:
                    tail = [*tail, clean]
            if not org:
                run.append(clean)
            if tok.endswith(("'s", "’s")):  # "Unicef's": an organisation's
                run, org = [], True
        else:
            # a run right before a role or group noun modifies it ("Western governments",
            # "Local fishermen"); common nouns capitalised at the sentence start are not names
            modifier = bool(low) and not _is_cap(clean) and (low in rules.speaker_nouns or low in rules.titles)
            if len(run) == 1 and (run[0].lower() in rules.speaker_nouns or run[0].lower() in rules.titles):
                modifier = True
            if run and not modifier:
                runs.append(run)
            elif org and tail and len(tail) >= 2 and (actors is None or _named_person(tail, actors)):
                runs.append(tail)  # "the Security Council Ivo Petrov": the name after the body's title
            elif office is not None and len(office) >= 3 and not any(
                    w.lower() in rules.speaker_nouns or w.lower() in rules.institutions or _is_title(w, rules)
                    or (actors is not None and _placeish(w, actors)) for w in office[-2:]):
                runs.append(office[-2:])  # "First Minister of Scotland Nicola Sturgeon": the last two words
            run, org, tail, office = [], False, None, None
        before, prev = prev, tok
    return runs


def _first_name(token: str) -> bool:
    """A listed first name (also the first part of a hyphenated one: "Nils-Erik")."""
    from analysis.names import first_name_gender

    return first_name_gender(token) is not None or ("-" in token and first_name_gender(token.split("-")[0]) is not None)


def _named_person(tail: list[str], actors: ActorDictionary) -> bool:
    """Words that can be a person's name: a listed first name or a known person, not a place,
    group or organisation ("the Security Council Ivo Petrov", not "the ... Mounted Police")."""
    from analysis.names import first_name_gender

    hit = actors.lookup(" ".join(tail))
    if hit is not None and hit.kind == "person":
        return True
    if hit is not None or any(_placeish(t, actors) for t in tail):
        return False
    rules = load_rules()
    return first_name_gender(tail[0]) is not None or not any(
        t.isupper() or t.lower() in rules.speaker_nouns or t.lower() in rules.titles or t.lower() in rules.institutions
        for t in tail)


def _person_in(part: str, rules: Rules, actors: ActorDictionary) -> str | None:
    """A person's name inside one comma-free part of a speaker phrase, titles stripped.

    The last capitalised run wins ("Jailed Kremlin critic Alexei Navalny"); everything up to
    the last title word, and leading places and nationalities, are stripped ("Russian Foreign
    Minister Sergei Lavrov"); an acronym alone is not a name; a known
    person inside the run wins; else at most its last three words.
    """
    for run in reversed(_runs(part, rules, actors)):
        cut = max((i + 1 for i, t in enumerate(run[:-1]) if _is_title(t, rules)), default=0)
        run = run[cut:]  # "Finnish Prime Minister Sanna Marin" -> "Sanna Marin"
        while run and (_is_title(run[0], rules) or _placeish(run[0], actors)
                       or (len(run) > 2 and run[0].lower().endswith("ing"))):  # "Describing Jane Doe"
            run = run[1:]
        if len(run) == 1 and run[0].isupper() and actors.person(run[0]) is None:
            continue  # an acronym ("MP", "BBC") is not a person's name
        while run and run[-1].lower() in rules.particles:
            run = run[:-1]
        if not run or all(_placeish(t, actors) for t in run):
            continue
        for k in range(len(run) - 1):
            if actors.person(" ".join(run[k:])) is not None:
                return " ".join(run[k:])
        return " ".join(run[-3:])
    return _office_holder(part, rules, actors)


def _office_holder(part: str, rules: Rules, actors: ActorDictionary) -> str | None:
    """Round 4: the name after an office with its body, "Former US Ambassador to the United
    Nations Nikki Haley" -> "Nikki Haley" (a title first, at least two capitalised words of the
    body, then two capitalised words that are no title, place, body or known actor)."""
    words = [w.strip(",") for w in part.split()]
    if len(words) < 6 or not any(_is_title(w.strip("."), rules) for w in words[:3]):
        return None
    last = words[-2:]
    if not all(_is_cap(w) and w.isalpha() for w in last) or words[-3].islower() or not _is_cap(words[-3]):
        return None
    if any(_is_title(w, rules) or _placeish(w, actors) or w.lower() in rules.speaker_nouns
           or w.lower() in rules.generic_orgs for w in last) or actors.exact(" ".join(last)) is not None:
        return None
    if not any(w.lower() in ("to", "of", "for", "at") for w in words[1:-3]):
        return None
    body = " ".join(words[-4:-2])
    if not (_first_name(last[0]) or actors.exact(body) is not None or actors.exact(words[-3]) is not None):
        return None  # "The Executive director of the Ask Wellness Society": the body's own name
    return " ".join(last)


def _is_title(token: str, rules: Rules) -> bool:
    """A title word, also hyphenated ("Colonel-General")."""
    return all(part in rules.titles for part in token.lower().split("-"))


def _placeish(token: str, actors: ActorDictionary) -> bool:
    """A place, nationality or organisation word from the actor dictionary ("Russian")."""
    cache = _PLACEISH.setdefault(actors, {})
    if token not in cache:
        hit = actors.lookup(token) if token[:1].isupper() else None
        cache[token] = hit is not None and hit.kind != "person"
    return cache[token]


def _plausible(np: str, rules: Rules, *, after_verb: bool = False, strict: bool = False, source: bool = False) -> bool:
    """A noun phrase that can be a speaker: a pronoun, a name, or a speaker noun phrase.

    Its head is the last word before the first preposition ("Organizers of the rally" ->
    "Organizers"); a lower-case head must be a speaker, person or document noun or a plural of
    people ("-ers", "-ists", "-ians", "-ants", "-ents", "-ors"), so "Mandatory sentencing" or
    "the opioid crisis" is no speaker. ``strict`` (a subject found deep inside a sentence):
    only plurals and "-man"/"-person" nouns count by their ending ("thereafter" is no speaker).
    ``source`` (after "according to"): also a document ("a whistle-blower complaint"), a person
    noun, a plural of people or "its polling".
    """
    parts = [p for p in np.split(",") if p.strip()]
    if len(parts) > 1 and not _plausible(parts[0], rules, after_verb=after_verb, strict=strict, source=source):
        # "The ... Institute's director, Dr. Anthony Fauci,": the name in the apposition
        return any(_is_cap(p.split()[-1]) and _plausible(p, rules, after_verb=after_verb, strict=strict, source=source)
                   for p in parts[1:2])
    np = _THERE.sub("", parts[0]) if parts else np
    words = _TOKEN.findall(np)
    relatives = rules.clauses.relatives - {"that"} if rules.clauses is not None else frozenset()
    if any(w in relatives for w in words[1:]):
        return False  # "The ruling made proclamations which analysts": a clause, not a phrase
    # up to 12 words when it ends in a name ("Deputy Chairman of the Russian Security Council X Y"),
    # 18 for a group with a long complement ("researchers from the Georgia Institute of ...")
    lows = [w.lower().strip(".'’") for w in words]
    if lows and lows[0].replace(",", "").isdigit():
        return False  # round 4: "Over 1,000 rescuers responded": a count, not a speaker
    cut = next((i for i, w in enumerate(lows) if i > 0 and w in rules.prepositions), len(words))
    if any(w in rules.finite_verbs and lows[i - 1] != "to" for i, w in enumerate(lows) if i > cut) \
            or any(w in rules.clause_verbs and words[i].islower() for i, w in enumerate(lows) if 0 < i < len(lows) - 1):
        return False  # round 4: "Senator X from Vermont had the most pledged ...": a clause, not a phrase
    group = 0 < cut <= 4 and words[cut - 1].islower() and lows[cut - 1].endswith(_PEOPLE_PLURALS[:8])
    if not words or len(words) > (14 if after_verb else 18 if group else 12 if _is_cap(words[-1]) else 8):
        return False
    if len(words) == 1 and lows[0] in rules.pronouns:
        return True
    if source and 2 <= len(words) <= 3 and lows[0] in POSSESSIVE_PRONOUNS and not _personal(np, rules):
        return True  # "according to its polling" (not "said his spokesman")
    if after_verb:  # "said Buswell", "said the Turkish foreign minister"
        if any(_is_cap(w) for w in words) or any(w in rules.speaker_nouns for w in lows):
            return True
        # "according to a whistle-blower complaint", "according to eyewitnesses"
        return source and (any(w in rules.document_nouns or w in rules.person_nouns for w in lows)
                           or (lows[cut - 1].endswith(_PEOPLE_PLURALS[:8]) and lows[cut - 1] not in rules.not_heads))
    last, last_low = words[cut - 1], lows[cut - 1]
    if last_low in rules.not_names or last_low in _DETERMINERS or last.endswith(("'s", "’s")):
        return False
    if last_low in rules.speaker_nouns or last_low in rules.person_nouns or last_low in rules.document_nouns \
            or last_low in rules.generic_orgs or _is_title(last_low, rules):
        return True
    if last.isalpha() and last.islower():  # "Local fishermen", "the authority's director"
        endings = _PEOPLE_PLURALS[:8] + _PEOPLE_PLURALS[14:] if strict else _PEOPLE_PLURALS
        return (cut <= 6 and last_low not in rules.not_heads and last_low not in rules.pronouns
                and last_low.endswith(endings))
    if last.isdigit() and cut >= 2 and _is_cap(words[cut - 2]):
        return True  # "News 12", "Channel 4"
    return _is_cap(last) and any(_is_cap(w) and lw not in _DETERMINERS and lw not in rules.pronouns
                                 for w, lw in zip(words, lows))


# Plural endings of nouns for groups of people ("organizers", "activists", "residents") and
# endings of nouns for one person ("spokesman", "chairwoman", "spokesperson").
_PEOPLE_PLURALS = ("ers", "ors", "ists", "ians", "ants", "ents", "ees", "ives", "er", "or", "ist", "ian", "ant", "ent",
                   "man", "men", "woman", "women", "person", "people")


# Round 4: an "according to" phrase that runs on into its clause without a comma ("according to
# the ministry recovered ten survivors"): cut before a past-tense verb that is not "... by".
_RUN_ON = re.compile(r"\s+(?-i:[a-z]+ed)\s+(?!(?:\S+\s+){0,2}by\b)\S.*$|\s+(?-i:he|she|they|it|we)\s+\S.*$")
# Two sources joined: "projections by CNN and NPR" (a joint source is the writer's summary).
_JOINT_SOURCE = re.compile(r"^(?:the\s+)?(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*){0,2}\s+(?:and|&)\s+(?:the\s+)?(?-i:[A-Z])")


def _source(phrase: str, rules: Rules) -> str | None:
    """The source named by an "according to" phrase, or None when it is no one's words.

    Round 4: "CNN's projections" -> "CNN", "data from the World Health Organisation" -> "the
    World Health Organisation", "NEOC data" -> "NEOC"; "videos posted on social media" and
    "traffic camera footage" (``not_sources``) are no source.
    """
    phrase = _RUN_ON.sub("", phrase) if len(phrase.split()) > 3 else phrase
    found = _owner(phrase, rules)
    return None if found is None or _JOINT_SOURCE.match(found) else found


def _owner(phrase: str, rules: Rules) -> str | None:
    words = phrase.split()
    lows = [w.lower().strip(".,'’") for w in words]
    if any(w in rules.not_sources for w in lows[:4]):
        return None
    for i, low in enumerate(lows):
        if low not in rules.data_nouns:
            continue
        rest = words[i + 1:]
        if rest and rest[0].lower() in ("from", "by", "of") and len(rest) > 1:
            return " ".join(rest[1:])  # "data from the WHO"
        before = words[:i]
        if before and before[-1].endswith(("'s", "’s")):
            return " ".join(before)[:-2]  # "CNN's projections"
        if before and _is_cap(before[-1]):
            return " ".join(before)  # "NEOC data"
        break
    return phrase


def _quotes(text: str, open_before: bool) -> tuple[list[tuple[int, int]], bool]:
    """Quotation spans in a sentence, and whether one is still open at its end."""
    if open_before:  # the sentence continues a quotation: up to the first closing mark
        close = min((i for i in (text.find("”"), text.find('"')) if i >= 0), default=-1)
        if close < 0:
            return [(0, len(text))], True
        spans, still_open = _quotes(text[close + 1:], False)
        return [(0, close + 1), *((a + close + 1, b + close + 1) for a, b in spans)], still_open
    spans = [m.span() for m in _CURLY.finditer(text)]
    if '"' in text:
        spans += [m.span() for m in _STRAIGHT.finditer(text)]
    spans.sort()
    still_open = bool(spans) and not (text[spans[-1][1] - 1] in "”\"" and spans[-1][1] - spans[-1][0] > 1)
    return spans, still_open


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Blank the inside of quotations (same length), so speech verbs inside them are ignored."""
    chars = list(text)
    for a, b in spans:
        for i in range(a + 1, max(a + 1, b - 1)):
            chars[i] = "_" if chars[i] != " " else " "
    return "".join(chars)




def _personal(phrase: str, rules: Rules) -> bool:
    """A phrase that names or describes one person ("a spokesman for No 10", "Anna Kovacs"), not
    an organisation ("the Watch Tower")."""
    words = _PREP_SPLIT.split(phrase.split(",")[0], maxsplit=1)[0].split()
    if not words:
        return False
    head = words[-1].lower().strip(".")
    return (head in rules.person_nouns or _is_title(head, rules) or head.endswith(_PEOPLE_PLURALS[14:])
            or head in rules.pronouns or _first_name(words[0]) or (len(words) > 1 and _first_name(words[-2])))


def _private(phrase: str, rules: Rules) -> bool:
    """A private person's description ("a refugee in Turkey", "Mira, a Syrian volunteer")."""
    return any(w.lower() in rules.private for w in _WORD.findall(phrase))


def _target_ok(target: str, rules: Rules) -> bool:
    first = target.split()[0].lower()
    return first not in rules.prepositions and first not in rules.not_heads


def _group(m: re.Match[str]) -> str | None:
    d = m.groupdict()
    return d.get("spk") or d.get("spk2")


# ---------------------------------------------------------------- pass 1: cues in one sentence


@dataclass
class _Local:
    spk: str | None = None  # the speaker phrase as written
    mode: str | None = None
    rule: str | None = None
    direct: bool = False
    starts_open: bool = False
    ends_open: bool = False
    opens_with_quote: bool = False  # the sentence starts with an opening quotation mark
    bare: bool = False  # (almost) the whole sentence is a quotation
    target: str | None = None
    subject: str | None = None  # the words before the first quotation mark (a named subject)
    outside: str | None = None  # the sentence with quotations blanked (names the writer uses)


_AS = re.compile(r"^\W*as\s+(?=\S)", re.I)
# A trailing date after the verb ("said on March 3") before a quotation.
_LAST_WORD = re.compile(r"(?:\s+(?:on|in)\s+\w+(?:\s+\d+)?)+$", re.I)
# Periods of abbreviations and initials ("B.C.", "Mr.", "U.S."), masked while matching so a
# phrase does not end there; the resolver restores them in the phrases found.
_ABBREV = re.compile(r"(?<!\w)(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Col|Lt|Jr|Sr|Prof|Rev|Mt|Ft)\.(?=[ \t]*[\w(])")


def _dot_mask(m: re.Match[str]) -> str:
    return m.group()[:-1] + "\u2024"


# An opening quotation mark at the start of a sentence.
_OPENS = re.compile(r"^\W{0,3}[\"“‘]")


# Round 4: an outlet passing on a source's words. "The Daily Telegraph, citing local groups, reported"
_CITING = re.compile(r",\s+citing\s+(?P<src>[^,\"“”]{2,80}),?\s*$", re.I)
# A locative after a group speaker: "Residents there told the press" -> residents.
_THERE = re.compile(r"\s+(?:there|here)$", re.I)


def _outlet(phrase: str, rules: Rules) -> bool:
    """A news outlet named by ``phrase`` ("The Daily Telegraph", "Znak.com", "the website")."""
    words = [w.lower().strip(".,'’") for w in phrase.split(",")[0].split()]
    return bool(words) and (any(w in rules.outlets for w in words) or phrase.split(",")[0].rstrip().lower().endswith((".com", ".ru", ".org")))


def _passed_on(local: _Local, masked: str, rules: Rules) -> None:
    """Round 4 (``outlet_source``): an outlet passing on someone's words gives that source."""
    spk = local.spk or ""
    m = _CITING.search(spk)
    if m and _outlet(spk[:m.start()], rules):
        local.spk, local.rule = m.group("src"), "outlet_source"
        return
    if not _outlet(spk, rules):
        return
    at = masked.find(spk.rstrip(" ,"))
    if at < 0:
        return
    m = rules.its_source.match(masked[at + len(spk.rstrip(" ,")):]) if rules.its_source is not None else None
    if m:
        local.spk, local.rule = m.group("src"), "outlet_source"


def _analyse(text: str, open_before: bool, rules: Rules) -> _Local:
    local = _analyse_cues(text, open_before, rules)
    if local.spk is not None:
        if local.rule in ("reported_start", "reported_end", "reported_clause") and rules.outlets:
            _passed_on(local, local.outside or text, rules)
        local.spk = _THERE.sub("", local.spk)
    return local


def _analyse_cues(text: str, open_before: bool, rules: Rules) -> _Local:
    local = _Local(starts_open=open_before)
    spans, local.ends_open = _quotes(text, open_before)
    local.opens_with_quote = not open_before and bool(_OPENS.match(text))
    quoted_words = [len(_WORD.findall(text[a:b])) for a, b in spans]
    local.direct = open_before or any(
        n >= 4 or text[:a].rstrip().endswith(":")
        or (b - a > 2 and text[b - 2] in ",!?" and (rules.after_np_verb.match(text[b:]) or rules.after_verb_np.match(text[b:])))
        for n, (a, b) in zip(quoted_words, spans))
    inside = sum(b - a for a, b in spans)
    local.bare = bool(spans) and inside >= 0.8 * len(text.strip())
    local.outside = _mask(text, spans) if spans else text
    masked = _ABBREV.sub(_dot_mask, local.outside)
    m_t = rules.target.search(masked)
    if m_t and _target_ok(m_t.group("tgt"), rules):
        local.target = m_t.group("tgt")
    lowered = set(_WORD.findall(masked.lower()))
    if not spans and rules.cue_words and lowered.isdisjoint(rules.cue_words):
        return local  # no quotation and no reporting word: no cue (most of the writer's sentences)
    subord = rules.subord
    if local.direct and spans:
        closes = sorted((b for a, b in spans if b < len(text) or text[b - 1] in "”\""), reverse=True)
        # the attribution after the last closing mark, else after an earlier one ("“...” X said “...”")
        for last_close in closes if not local.ends_open or len(spans) > 1 else ():
            rest = masked[last_close:]
            m = rules.after_verb_np.match(rest)
            if m and _plausible(m.group("spk"), rules, after_verb=True):
                local.spk, local.mode, local.rule = m.group("spk"), "quoted", "quote_after"
                return local
            m = rules.after_np_verb.match(rest)
            if m and _plausible(m.group("spk"), rules) and subord.match(m.group("spk")) is None:
                local.spk, local.mode, local.rule = m.group("spk"), "quoted", "quote_after"
                return local
            m = rules.read_doc.match(rest)
            if m:  # "“...”, read the warning."
                local.spk, local.mode, local.rule = m.group("spk"), "quoted", "quote_after"
                return local
            if last_close == closes[0] and rules.after_verb_np.match(rest):  # "said another": someone, not the last speaker
                local.bare = False
        first_open = spans[0][0] if not open_before else None
        if first_open:
            head = text[:first_open].rstrip()
            m = rules.colon.match(text) if rules.colon is not None else None
            if m and head.endswith(":") and _plausible(m.group("spk"), rules) \
                    and not rules.clause_start.match(head):
                local.spk, local.mode, local.rule = m.group("spk"), "quoted", "quote_colon"
                return local
            for m in (rules.clause_start.match(head), rules.clause_fronted.match(head),
                      rules.clause_prep.match(head) if rules.clause_prep is not None else None,
                      rules.clause_end.search(head.rstrip(" :,") + ".")):
                if m and _group(m) and _plausible(_group(m), rules, after_verb=bool(m.groupdict().get("spk2"))):
                    local.spk, local.mode, local.rule = _group(m), "quoted", "quote_before"
                    if m.re is not rules.clause_end and not head.endswith((":", ",")) and not _QUOTE_MARK.search(head) \
                            and _LAST_WORD.sub("", head).lower().rsplit(None, 1)[-1] not in rules.verbs:
                        local.mode = "reported"  # a quoted phrase inside indirect speech ("said that “...”")
                    return local
    m = rules.according_to.match(masked)  # a fronted "According to X," decides
    source = _source(m.group("spk"), rules) if m else None
    if m and source and _plausible(source, rules, after_verb=True, source=True):
        # ... unless the clause after it has a speaker of its own: "According to the BBC, a
        # spokesman expressed disappointment" (the outlet passes on the spokesman's words)
        inner = rules.clause_start.match(masked[m.end():].lstrip(" ,"))
        if inner and _group(inner) and subord.match(_group(inner)) is None and _plausible(_group(inner), rules) \
                and _personal(_group(inner), rules):
            local.spk, local.mode, local.rule = _group(inner), ("quoted" if local.direct else "reported"), "reported_start"
            return local
        local.spk, local.mode, local.rule = source, ("quoted" if local.direct else "reported"), "according_to"
        return local
    m = rules.document.match(masked) if rules.document is not None else None
    if m:
        local.spk, local.mode, local.rule = m.group("spk"), ("quoted" if local.direct else "reported"), "document"
        return local
    if rules.quoted_as is not None:
        m = rules.quoted_as.search(masked)
        if m and _plausible(_group(m), rules, after_verb=True):
            local.spk, local.mode, local.rule = _group(m), ("quoted" if local.direct else "reported"), "quoted_as"
            return local
    # the main-clause reporting verb at the end wins ("X and Y criticised Z, the presidency said");
    # a clause opened by a subordinator is not the main clause ("After X announced A, Y said B")
    m_end = rules.clause_end.search(masked)
    end_first = m_end is not None and m_end.group("spk") is not None \
        and m_end.group("verb").lower() not in {"reports", "reported"}  # "..., AFP reports": a channel
    ordered = (m_end, rules.clause_start.match(masked), rules.clause_fronted.match(masked),
               rules.according_to.search(masked),
               rules.clause_participial.match(masked) if rules.clause_participial is not None else None,
               rules.clause_prep.match(masked) if rules.clause_prep is not None else None,
               rules.calls_it.match(masked) if rules.calls_it is not None else None)
    names = {id(m_end): "reported_end", id(ordered[3]): "according_to", id(ordered[6]): "calls_it"}
    for m in (ordered if end_first else (*ordered[1:], m_end)):
        if m is None:
            continue
        if m.re is rules.according_to:
            source = _source(m.group("spk"), rules)
            if source and _plausible(source, rules, after_verb=True, source=True):
                local.spk, local.mode, local.rule = source, ("quoted" if local.direct else "reported"), "according_to"
                return local
            continue
        if m is m_end and _group(m) and _AS.match(_group(m)):  # "..., as Y said"
            m_spk = _AS.sub("", _group(m))
            if _plausible(m_spk, rules, after_verb=bool(m.groupdict().get("spk2"))):
                local.spk, local.mode, local.rule = m_spk, ("quoted" if local.direct else "reported"), "reported_end"
                return local
        if _group(m) and subord.match(_group(m)) is None \
                and _plausible(_group(m), rules, after_verb=bool(m.groupdict().get("spk2")) or m.re is rules.according_to,
                               source=m.re is rules.according_to):
            local.spk, local.mode = _group(m), ("quoted" if local.direct else "reported")
            local.rule = names.get(id(m), "reported_start")
            return local
    mode = "quoted" if local.direct else "reported"
    if (rules.participle is not None and not lowered.isdisjoint(rules.participle_words)
            and rules.participle.search(masked)) or (rules.and_verb is not None and " and " in masked
                                                     and rules.and_verb.search(masked)):
        spk = sentence_subject(masked, rules.clauses) if rules.clauses is not None else None
        if spk and subord.match(spk) is None and _plausible(spk, rules):
            local.spk, local.mode, local.rule = spk, mode, "participle"
            return local
    if rules.with_participle is not None and not lowered.isdisjoint(rules.participle_words):
        m = rules.with_participle.search(masked)
        if m and subord.match(m.group("spk")) is None and _plausible(m.group("spk"), rules, strict=True) \
                and (_is_cap(m.group("spk").split()[-1]) or m.group("spk").split()[0].lower() == "the"):
            local.spk, local.mode, local.rule = m.group("spk"), mode, "with_participle"
            return local
    if rules.clauses is None:
        return local
    # round 2: a reporting clause anywhere in the sentence, a passive agent, a stance phrase
    for c in find_clauses(masked, rules.clauses):
        if (c.how != "np" or subord.match(c.phrase) is None) \
                and _plausible(c.phrase, rules, after_verb=c.rule in ("passive_by", "reported_inverted"), strict=True,
                               source=c.rule == "reported_inverted"):  # ", reads the motion,"
            local.spk, local.mode, local.rule = c.phrase, mode, c.rule
            return local
    # a clause without a speech verb that introduces a quotation: "X opposed the plan: “...”"
    if local.direct and spans and not open_before and spans[0][0] > 0:
        found = intro_speaker(masked[:spans[0][0]], rules.clauses)
        if found and _plausible(found[0], rules):
            local.spk, local.mode, local.rule = found[0], "quoted", "quote_intro"
    return local


def _drop_unclosed_runs(sentences: Sequence[Mapping[str, Any]], locals_: list[_Local], continues: list[bool],
                        rules: Rules) -> None:
    """Sentences continuing a quotation that never closes are re-read as outside quotes.

    A quotation left open at the end of a paragraph and continued by the next paragraph's
    opening mark (the newspaper convention) is not unbalanced.
    """
    i = 0
    while i < len(locals_):
        if not locals_[i].starts_open:
            i += 1
            continue
        j = i
        while j + 1 < len(locals_) and locals_[j + 1].starts_open:
            j += 1
        carried = locals_[j].ends_open and j + 1 < len(locals_) and continues[j + 1]
        if (locals_[j].ends_open and not carried) or j - i >= _MAX_RUN:  # never closes: an unbalanced mark
            for k in range(i, j + 1):
                locals_[k] = _analyse(sentences[k]["text"], False, rules)
        i = j + 1


def _quote_runs(locals_: list[_Local], continues: list[bool]) -> list[int]:
    """A run id per sentence: the sentences of one quotation (also across paragraphs) share it."""
    run_of, run = [], -1
    for k, local in enumerate(locals_):
        if not (local.starts_open or continues[k]) or k == 0:
            run += 1
        run_of.append(run)
    return run_of


# ---------------------------------------------------------------- pass 2: transcript turns

# A speaker tag opening a paragraph: "THE PRESIDENT:", "MR. KIRBY:", "SECRETARY BLINKEN:".
_TAG = re.compile(r"^(?P<tag>(?:[A-Z][A-Z.'’-]*\s+){0,5}[A-Z][A-Z.'’-]+)\s*:\s+(?=\S)")
# A mixed-case speaker tag: "Mr. Smith:", "Sen. Elizabeth Warren:", "Jane Doe:" (checked by _mixed_tag).
_MIXED_TAG = re.compile(r"^(?P<tag>[A-Z][\w'’-]*\.?(?:\s+[A-Z][\w'’.-]*){1,3})\s*:\s+(?=\S)")
# Round 4, interviews: an interviewer's tag ("((WN))", "((Wikinews))") opens a question; an answer
# opens with the interviewee's initials ("MS Although we ...") or full name ("Michael Siegel I am").
_ASKER = re.compile(r"^\s*\(\([^()]{1,24}\)\)\s*:?")
_INITIALS = re.compile(r"^(?P<tag>[A-Z]{2,3})\s+(?=[A-Z\d\"“])")
_FULL_NAME = re.compile(r"(?<![\w'’-])(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})(?![\w'’-])")
#: The turn of an interviewer's question: the writer's (no speaker, no cue).
_ASKER_TURN = "\x00asker"
# Marks an interviewee's turn (rule ``interview``) among the transcript tags.
_ANSWER = "\x01"
# A stage note inside a transcript: "(Applause.)", "(Inaudible.)"
_STAGE = re.compile(r"^\s*[(\[][^()\[\]]{1,60}[)\]]\W*$|^[^a-z]{1,24}$")


def _mixed_tag(text: str, rules: Rules) -> str | None:
    """A mixed-case speaker tag at a paragraph start: "Mr. Smith:", "Secretary Blinken:", "Jane
    Doe:" (an honorific or office from ``tag_titles``, or a listed first name, and a surname)."""
    m = _MIXED_TAG.match(text)
    if m is None:
        return None
    words = m.group("tag").split()
    first = words[0].lower().strip(".")
    if first in rules.tag_titles or (len(words) in (2, 3) and _first_name(words[0])):
        return m.group("tag")
    return None


def _turns(sentences: Sequence[Mapping[str, Any]], para_start: list[bool], rules: Rules) -> list[str | None]:
    """The transcript tag in force for each sentence (None outside transcripts and for stage notes).

    Tags in capitals (``THE PRESIDENT:``) always count and hold until the next tag; mixed-case
    tags (``Mr. Smith:``) hold for their paragraph, in a document with at least two paragraphs
    opened by a tag (a transcript), and a tag opened by a first name only when that speaker has
    two turns (not a caption "Jo Jorgensen: ...")."""
    out: list[str | None] = []
    tag: str | None = None
    starts = [k for k, row in enumerate(sentences) if para_start[k] and not row.get("is_title")]
    mixed = {k: _mixed_tag(sentences[k]["text"], rules) for k in starts} if rules.tag_titles else {}
    counts: dict[str, int] = {}
    for label in mixed.values():
        if label:
            counts[label] = counts.get(label, 0) + 1
    mixed = {k: v for k, v in mixed.items() if v and (v.split()[0].lower().strip(".") in rules.tag_titles or counts[v] >= 2)}
    tagged = sum(1 for k in starts if mixed.get(k) or _TAG.match(sentences[k]["text"]))
    in_mixed = False
    for k, row in enumerate(sentences):
        text = row["text"]
        if para_start[k] and in_mixed:
            tag, in_mixed = None, False  # a mixed-case tag holds for its paragraph
        if para_start[k] and not row.get("is_title"):
            m = _TAG.match(text)
            if m is None and tagged >= 2 and mixed.get(k):
                tag, in_mixed = mixed[k], True
            elif m and sum(c.isalpha() for c in m.group("tag")) >= 2:
                label = m.group("tag")
                tag = None if label.lower().strip(".") in rules.not_tags else label
            elif text.startswith("END") and text[3:4] in ("", " "):
                tag = None
        out.append(None if tag is None or _STAGE.match(text) else tag)
    return _interview_turns(sentences, para_start, out)


def _interview_turns(sentences: Sequence[Mapping[str, Any]], para_start: list[bool],
                     out: list[str | None]) -> list[str | None]:
    """Round 4: question-and-answer interviews without colons. In a document with at least two
    paragraphs opened by an interviewer's tag (``((WN))``), those paragraphs are the writer's
    (``_ASKER_TURN``), and a paragraph after a question that opens with the initials of a name the
    document uses (``MS`` for Michael Siegel) or with that name itself is the interviewee's turn."""
    starts = [k for k, row in enumerate(sentences) if para_start[k] and not row.get("is_title")]
    asks = {k for k in starts if _ASKER.match(sentences[k]["text"])}
    if len(asks) < 2:
        return out
    names: dict[str, int] = {}
    for row in sentences:
        for m in _FULL_NAME.finditer(row["text"]):
            names[m.group("name")] = names.get(m.group("name"), 0) + 1
    by_initials: dict[str, str] = {}
    for name, _count in sorted(names.items(), key=lambda kv: -kv[1]):
        by_initials.setdefault("".join(w[0] for w in name.split()), name)
    para = None
    for k, row in enumerate(sentences):
        if para_start[k]:
            para = None
            text = row["text"]
            if k in asks:
                para = _ASKER_TURN
            elif out[k] is None and any(j < k for j in asks):
                m = _INITIALS.match(text)
                if m and m.group("tag") in by_initials:
                    para = _ANSWER + by_initials[m.group("tag")]
                else:
                    para = next((_ANSWER + n for n in by_initials.values() if text.startswith(n + " ")
                                 and len(text) > len(n) + 1 and text[len(n) + 1].isupper()), None)
        if para is not None and out[k] is None:
            out[k] = para
    return out


# ---------------------------------------------------------------- pass 3: resolving mentions

#: A quotation running over more sentences than this without closing is an unbalanced mark.
_MAX_RUN = 6
# A time phrase fronted before a group speaker: "On Sunday the Turkish government".
_FRONTED_TIME = re.compile(r"^(?:(?:on|in|at|by|last|this|earlier|later)\s+[\w-]+\s+)+(?=(?:the|a|an)\s|[A-Z])", re.I)
# Round 4: a trailing remark in brackets after a name ("Mayor Sadiq Khan (no relation)").
_REMARK = re.compile(r"\s*\((?=[^()]*\s)[^()]*\)\s*$")
# Round 4, continuation: no digit (dates, counts) in a continued sentence.
_DIGIT = re.compile(r"\d")
# A conjunction or sentence adverb before a speaker phrase.
_LEAD = re.compile(r"^(?:but|and|yet|so|however|meanwhile|also|then)\s+", re.I)
# Any quotation mark (the sentence subject is looked for before the first one).
_QUOTE_MARK = re.compile(r"[\"“”]")
# The start of an apposition after a name: "Hosseini, a UNHCR ambassador", "Abu Ruma, 34".
_APPOSITION = re.compile(r"\s*(?:a|an|the|who|whose|\d+)\b", re.I)
# Capitalised words (headline verbs are lower-cased before matching).
_CAPWORD = re.compile(r"\b[A-Z][a-z]+\b")
# "the 34-year-old", "a 52-year-old mother": an age description of one person.
_AGE = re.compile(r"\b\d{1,3}-year-old\b", re.I)
# An acronym in brackets inside a speaker phrase: "... Disease Control and Research (IEDCR)".
_ACRONYM_IN = re.compile(r"\((?-i:([A-Z][A-Za-z.&-]{1,11}))\)")
# The issuer of a document: "the decree signed by the Pope", "a statement from the ministry".
_ISSUER = re.compile(r"\b(?:by|from)\s+(?P<who>(?:the\s+)?[^,;:]{1,80})$|\bof\s+(?P<of>(?:the\s+)?[A-Z][^,;:]{1,80})$")
# A sentence's subject noun phrase before its first finite verb (up to 10 words).
_SUBJECT_NP = re.compile(r"^(?P<np>(?:[\w'’.-]+\s+){1,9}?[\w'’.-]+)\s+(?:was|is|were|are|has|had|have|will|would|"
                         r"(?-i:[a-z]+ed))\b")
# The same before an auxiliary only (tried first: "retired general X was" is not cut at "retired").
_SUBJECT_AUX = re.compile(r"^(?P<np>(?:[\w'’.-]+\s+){1,11}?[\w'’.-]+)\s+(?:was|is|were|are|has|had|have|will|would|can|could)\b")
# Where a speaker's head phrase ends ("Peter Iseley of ..."), and a coordination inside it.
_PREP_SPLIT = re.compile(r"\s+(?:of|from|in|at|for|on|with)\s+")
_AND = re.compile(r"\s(?:and|&)\s")
# A channel passing on someone's words: "numbers reported by The Associated Press".
_REPORTED_BY = re.compile(r"\b(?:reported|published|released|issued|compiled|cited|signed)\s+by\s+(?P<who>(?:the\s+)?[A-Z][^,;:]{1,80})$")
# An organisation defined with its acronym: "the United Nations Educational, Scientific and Cultural
# Organization (UNESCO)", "National Crime Agency (NCA)".
_DEFINED = re.compile(r"(?P<name>(?-i:[A-Z])[\w'’.-]*(?:,?\s+(?:(?-i:[A-Z])[\w'’.-]*|of|and|for|the|on|de|du)){1,9})"
                      r"\s+\((?P<acr>(?-i:[A-Z])[A-Za-z&]{1,9})\)")
# Kinds of actor dictionary entries that are organisations or states (speakers in their own right).
_BODIES = frozenset({"country", "capital", "government", "organisation", "armed group", "military", "group"})
# Kinds whose aliases are other names of one body ("the Fed", "ISIL", "the LPR").
_ALIASED = frozenset({"government", "organisation", "armed group", "military"})


@dataclass
class _Resolved:
    name: str | None
    entity: Entity | None = None
    how: str | None = None  # None (a full name), "pronoun", "description", "name", "alias"
    person: bool = False


class _Resolver:
    """Resolves speaker phrases to canonical names with a :class:`SpeakerTracker` (one article)."""

    def __init__(self, actors: ActorDictionary, rules: Rules, tracker: SpeakerTracker) -> None:
        self.actors, self.rules, self.tracker = actors, rules, tracker

    # -- people named with titles, appositions and as sentence subjects (antecedents)

    def roles_of(self, words: Sequence[str]) -> tuple[list[str], list[str]]:
        """(role phrases, place words) from the words before a name or in an apposition."""
        roles, places, run = [], [], []
        for w in words:
            low = w.lower().strip(".,'’")
            low = low[:-2] if low.endswith(("'s", "’s")) else low
            if _is_title(low, self.rules) and low not in ("former", "senior", "first"):
                run.append(low)
                continue
            if run:
                roles.append(" ".join(run))
                run = []
            if w[:1].isupper() and _placeish(w.strip(".,'’").removesuffix("'s").removesuffix("’s"), self.actors):
                places.append(low)
        if run:
            roles.append(" ".join(run))
        return roles, places

    def mentions(self, text: str, k: int) -> None:
        """Register people named with a title anywhere in a sentence ("President Biden spoke with ..."),
        and organisations defined with an acronym ("the National Crime Agency (NCA)")."""
        if "(" in text:
            for m in _DEFINED.finditer(text):
                hit = self.actors.exact(m.group("acr"))
                self.tracker.see_org(f"{_acronym_name(m.group('name'), m.group('acr'))} ({m.group('acr')})", k=k,
                                     actor=hit if hit is not None and hit.kind in _BODIES else None)
        self.documents(text, k)
        if self.rules.titled is None:
            return
        for m in self.rules.titled.finditer(text):
            if m.group("of"):  # "Governor of Tver Region Igor Rudenya": the name starts at a first name
                tokens = (m.group("of") + m.group("name")).split()[1:]
                at = next((i for i, t in enumerate(tokens) if self.tracker.first_names.get(t.lower())), None)
                name = _person_in(" ".join(tokens[at:]), self.rules, self.actors) if at is not None else None
                if not name or " " not in name:
                    continue
            else:
                name = _person_in(m.group("name"), self.rules, self.actors)
            if not name:
                continue
            pre = text[max(0, m.start() - 40):m.start()].split()[-2:]
            pre = [w for w in pre if w[:1].isupper()]
            roles, places = self.roles_of([*pre, *m.group("title").split()])
            gender = next((self.rules.gendered[w.lower().strip(".")] for w in m.group("title").split()
                           if w.lower().strip(".") in self.rules.gendered), None)
            self.person(name, k, roles=roles, places=places, gender=gender)

    def documents(self, text: str, k: int) -> None:
        """Remember who issued a document, so a later "the statement", "the motion", "the
        ruling" speaks for them: "X issued a statement", "the warning issued by X", "the court
        ruled" (a ruling); documents of one kind (``document_kinds``) share their issuer."""
        rules = self.rules
        if rules.clauses is None or rules.issued is None or rules.issued_by is None \
                or set(_WORD.findall(text.lower())).isdisjoint(rules.issue_words):
            return
        found: list[tuple[str, str]] = []
        for m in rules.issued.finditer(text):
            subject = verb_subject(text, m.start(), rules.clauses)
            if subject and _plausible(subject[0], rules):
                found.append((m.group("doc").lower(), subject[0]))
        for m in rules.issued_by.finditer(text):
            found.append((m.group("doc").lower(), m.group("who")))
        if rules.decided is not None:
            for m in rules.decided.finditer(text):
                subject = verb_subject(text, m.start(), rules.clauses)
                if subject and _plausible(subject[0], rules):
                    found.append((rules.verb_documents[m.group().lower()], subject[0]))
        for noun, who in found:
            issuer = self.resolve(who, k, speaker=False)
            if issuer.entity is not None:
                self.tracker.documents[rules.document_kinds.get(noun, noun)] = issuer.entity

    def person(self, name: str, k: int, *, roles: Sequence[str] = (), places: Sequence[str] = (),
               gender: str | None = None, speaker: bool = False, subject: bool = False) -> Entity:
        known = self.tracker.name(name, kinds=("person",))
        if known is None and len(name.split()) == 1:
            hit = self.actors.person(name)
            if hit is not None:
                name = hit.name
        hit = self.actors.person(name) or self.actors.person(name.split()[-1])
        return self.tracker.see_person(name if known is None else known.name, k=k, roles=roles, places=places,
                                       gender=gender, actor=hit, speaker=speaker, subject=subject)

    def subject(self, local: _Local, k: int) -> None:
        """A person named at the start of the sentence: the antecedent of a later "he"/"she"."""
        if not local.subject:
            return
        subject = self.rules.fronted.sub("", local.subject)
        parts = subject.split(",")
        candidates = parts[:2] if len(parts[0].split()) <= 6 else parts[:1]
        m = _SUBJECT_AUX.match(subject) or _SUBJECT_NP.match(subject)
        if m and len(m.group("np").split()) > 5:
            name = _person_in(m.group("np"), self.rules, self.actors)
            if name and " " in name:
                np_words = m.group("np").split()
                at = next((i for i in range(len(np_words) - 1, -1, -1)
                           if " ".join(np_words[i:i + len(name.split())]).strip(",.") == name), len(np_words))
                roles, places = self.roles_of(_title_run(np_words[:at], self.rules, self.actors))
                self.person(name, k, roles=roles, places=places, subject=True)
                return
        for i_part, part in enumerate(candidates):
            lead = " ".join(part.split()[:5])
            name = _person_in(lead, self.rules, self.actors)
            # a lone surname counts when known, or when an apposition follows ("Hosseini, a ...")
            appositive = i_part == 0 and len(parts) > 1 and name == part.strip() \
                and _APPOSITION.match(parts[1]) is not None and not name.lower().endswith("ly")
            if name and (" " in name or self.tracker.name(name) is not None or self.actors.person(name) is not None
                         or appositive):
                words = lead.split()
                before = _title_run(words[:max(0, len(words) - len(name.split()))], self.rules, self.actors)
                roles, places = self.roles_of(before + (parts[1].split() if len(parts) > 1 and appositive else []))
                self.person(name, k, roles=roles, places=places, subject=True)
                return

    # -- speaker phrases

    def joint(self, phrase: str) -> bool:
        """Several speakers at once ("X and Y", "the two leaders", "both sides"): the writer's summary."""
        first = phrase.split(",")[0]
        words = first.lower().split()
        if any(w in self.rules.joint_words for w in words[:2]):
            return True
        if len(words) >= 2 and words[0] == "the" and words[1].strip(",") in self.rules.joint_heads:
            return True  # "the leaders discussed", "the heads of state"
        head = _PREP_SPLIT.split(first, maxsplit=1)[0]
        if not _AND.search(head) or self.actors.exact(head) is not None:
            return False
        left, right = _AND.split(head, maxsplit=1)
        if right.split()[0].lower() in _DETERMINERS or left.split()[0].lower() in ("the", "his", "her", "their"):
            return True  # "The President and the Prime Minister", "Trump and his supporters"
        if all(_is_cap(w) for w in head.split() if w.lower() not in ("and", "&", "of", "the", "for")):
            # one capitalised name with "and" inside ("Pacific Gas and Electric Company", "Road
            # Transport and Bridges Minister X"), unless both sides are people or known actors
            # ("Lavrov and Peskov", "Anna Kovacs and Omar Haddad")
            return all(self._named(side) or self.actors.exact(side) is not None for side in (left, right))
        if len(left.split()) <= 2 and not self._named(left) and self._named(right):
            return False  # "Clinic and advocacy manager Michaela Jyrkkanen": one person's titles
        return True

    def _named(self, side: str) -> bool:
        """A person named on one side of "and": known, listed, with a first name or an honorific
        ("Mr Putin", "Anna Kovacs"), not a title's words ("Road Transport")."""
        name = _person_in(side, self.rules, self.actors)
        return bool(name) and (self.tracker.name(name, kinds=("person",)) is not None
                               or self.actors.person(name) is not None
                               or (" " in name and _first_name(name.split()[0]))
                               or any(w.lower().strip(".") in self.rules.gendered for w in side.split()[:1]))

    def resolve(self, phrase: str, k: int, *, speaker: bool = True) -> _Resolved:
        rules, tracker = self.rules, self.tracker
        phrase = _WS.sub(" ", phrase.replace("\u2024", ".")).strip(" ,;:\"“”'’")
        phrase = phrase[:-1] if phrase.endswith(".") and not _ABBREV.search(phrase[-3:] + " x") else phrase
        phrase = _REMARK.sub("", _LEAD.sub("", phrase))
        if not phrase:
            return _Resolved(None)
        low = phrase.lower()
        if low in rules.unattributed or _strip_det(low) in rules.unattributed:
            return _Resolved(None)  # "reports said", "according to reports": no source named
        pair = low.split(maxsplit=1)
        if len(pair) == 2 and pair[0] in POSSESSIVE_PRONOUNS and pair[1].split()[0] not in rules.joint_words \
                and not _personal(phrase, rules):
            return self.resolve(POSSESSIVE_PRONOUNS[pair[0]], k, speaker=speaker)  # "its polling" -> it
        m = _ACRONYM_IN.search(phrase)
        if m and m.end() == len(phrase) and not self.joint(phrase):  # "... Disease Control and Research (IEDCR)": the organisation defined with it
            known = tracker.name(m.group(1), kinds=("org", "group"))
            if known is not None:
                tracker.see_org(known.name, k=k, speaker=speaker)
                return _Resolved(known.name, known, None)
        parts = [p.strip() for p in phrase.split(",") if p.strip()]
        if len(parts) == 2 and parts[0].split()[-1][:1].islower():
            named = parts[1].split()
            named = named[1:] if named[0].lower() == "the" and len(named) > 1 else named
            if 1 <= len(named) <= 8 and _is_cap(named[0]) and _is_cap(named[-1]) \
                    and all(_is_cap(w) or w in ("of", "and", "the", "for", "de") for w in named) \
                    and not (len(named) == 1 and _placeish(named[0], self.actors)):
                # "Baloch and Waseem's mother, Anwar" -> Anwar; "The militant organisation, the
                # Islamic State of Iraq and the Levant" -> the organisation's name
                return self.resolve(parts[1], k, speaker=speaker)
        if low in rules.pronouns:
            if low in ("i", "we"):
                return _Resolved(None)  # the writer's own words
            entity = tracker.pronoun(low, k=k)
            if low == "they" and tracker.joint_at >= (entity.last_speaker if entity is not None else -1):
                return _Resolved(None)  # "they" after a joint subject: still the writer's summary
            if entity is None:
                return _Resolved(None)
            return self._speak(entity, k, "pronoun", speaker)
        if self.joint(phrase):
            tracker.joint_at = k
            return _Resolved(None)
        first = _FRONTED_TIME.sub("", phrase.split(",")[0].strip())
        m = _REPORTED_BY.search(first)
        if m:
            return self.resolve(m.group("who"), k, speaker=speaker)
        words = first.split()
        head = words[-1].lower().strip(".") if words else ""
        cut = next((i for i, w in enumerate(words) if i > 0 and w.lower() in rules.prepositions), len(words))
        noun = words[cut - 1].lower().strip(".") if cut else ""
        at = next((i for i, w in enumerate(words[:cut]) if w.lower().strip(".,") in rules.document_nouns), None)
        if at is not None and at + 1 < cut and _is_cap(words[at + 1]):
            at = None  # round 4: "the ruling Democratic Rally": an adjective, not a document
        if at is not None and noun not in rules.document_nouns and head not in rules.document_nouns:
            noun = words[at].lower().strip(".,")  # "the WHO's situation report dated March 16"
        # a document speaks for its issuer
        if noun in rules.document_nouns or head in rules.document_nouns:
            kind = rules.document_kinds.get(noun or head, noun or head)
            m = _ISSUER.search(first)
            who = (m.group("who") or m.group("of")) if m else None
            if who and who.split()[-1].lower() not in rules.not_names:
                issuer = self.resolve(who, k, speaker=speaker)
                if issuer.entity is not None:
                    tracker.documents[kind] = issuer.entity
                return issuer
            owner = next((i for i, w in enumerate(words[:at if at is not None else cut]) if w.endswith(("'s", "’s"))), None)
            if owner is not None:  # "the WHO's situation report", "The court's summary": the owner
                return self.resolve(" ".join(words[:owner + 1])[:-2], k, speaker=speaker)
            if kind in tracker.documents and words[0].lower() in ("the", "this", "that", "its", "their"):
                return self._speak(tracker.documents[kind], k, "description", speaker)
            if words and words[0].lower() in ("the", "this", "that", "its", "his", "her", "their"):
                entity = tracker.last_speaker(k=k, within=4)
                if entity is not None:
                    return self._speak(entity, k, "description", speaker)
            entity = tracker.see_org(first, k=k, kind="group", speaker=speaker)
            return _Resolved(entity.name, entity, None)
        numbered = len(words) >= 2 and words[-1].isdigit() and _is_cap(words[-2])  # "News 12", "Channel 4"
        body = _PREP_SPLIT.split(first, maxsplit=1)[0].split()
        named_body = len(body) >= 2 and all(_is_cap(w) for w in body) and not _is_title(body[-1], rules) \
            and (body[-1].lower() in rules.speaker_nouns or body[-1].lower() in rules.generic_orgs)
        for part in ([] if numbered or named_body else phrase.split(",")):  # not "European Court of Justice"
            left = _PREP_SPLIT.split(part, maxsplit=1)[0]
            lw = left.split()
            low_head = lw[-1].lower() if lw else ""
            if lw and not any(_is_cap(w) for w in lw[1:]) and low_head.isalpha() \
                    and (lw[-1].islower() or len(lw) > 1 or not _is_title(low_head, rules)) \
                    and (low_head in rules.speaker_nouns or low_head in rules.person_nouns or _is_title(low_head, rules)
                         or low_head.endswith(_PEOPLE_PLURALS[:8] + _PEOPLE_PLURALS[14:])):
                continue  # "researchers from the Georgia Institute of Technology": a group, not a person inside it
            name = None
            core = lw[next((i for i, w in enumerate(lw) if not _is_title(w.strip("."), rules)), len(lw)):] if lw else lw
            if core and core != lw and len(core) >= 2 and _first_name(core[0]):
                lw = core  # round 4: "Professor Michael Siegel of Boston University" -> the professor
            if left != part and lw and (_first_name(lw[0]) or (2 <= len(lw) <= 3 and all(_is_cap(w) for w in lw)
                                                               and not any(_is_title(w, rules) or _placeish(w, self.actors)
                                                                           or w.lower() in rules.speaker_nouns
                                                                           or w.lower() in rules.generic_orgs
                                                                           for w in lw))):
                name = _person_in(left, rules, self.actors)  # "Peter Iseley of ... Ending Clergy Abuse"
            name = name or _person_in(part, rules, self.actors)
            if not name:
                continue
            pw = part.split()
            if " " not in name and len(pw) >= 2 and pw[-1] == name and pw[-2].lower() in ("and", "&") \
                    and tracker.name(name, kinds=("person",)) is None and self.actors.person(name) is None:
                continue  # "... Systems Science and Engineering": the end of an organisation's name
            pwords = part.split()
            before = pwords[:max(0, len(pwords) - len(name.split()))]
            rest = phrase.split(",")[1:] if part == phrase.split(",")[0] else []
            roles, places = self.roles_of([*before, *" ".join(rest).split()])
            gender = next((rules.gendered[w.lower().strip(".")] for w in before if w.lower().strip(".") in rules.gendered),
                          None)
            known = tracker.name(name, kinds=("person",))
            entity = self.person(name, k, roles=roles, places=places, gender=gender, speaker=speaker)
            how = "name" if known is not None and known.name != name else None
            return _Resolved(entity.name, entity, how, True)
        # an organisation, a state, a group or a description
        hit = self.actors.exact(first)
        if hit is not None and hit.kind in _BODIES:
            entity = tracker.actor_entity(hit)
            how = "alias" if entity is not None and entity.name.lower() != _strip_det(first).lower() else None
            # a true alias names the dictionary's entry ("the Fed" -> "Federal Reserve"); a country,
            # capital or nationality keeps the article's own word ("Moscow", "Ukrainian negotiators")
            own = hit.name if hit.kind in _ALIASED else _strip_det(first)
            entity = tracker.see_org(own if entity is None else entity.name, k=k, actor=hit, speaker=speaker)
            return _Resolved(entity.name, entity, how)
        known = tracker.name(first, kinds=("org", "group"))
        if known is not None:
            self._lone_person(known, words, noun)
            tracker.see_org(known.name, k=k, speaker=speaker)
            return _Resolved(known.name, known, "alias" if known.name.lower() != _strip_det(first).lower() else None)
        definite = words[0].lower() in ("the", "this", "that") if words else False
        if definite and 0 < cut < len(words) - 1 and all(_is_cap(w) for w in words[1:cut]) and _is_cap(words[-1]) \
                and (noun in rules.speaker_nouns or noun in rules.generic_orgs) and cut >= 3:
            definite = False  # round 4: "The United States Embassy in Iraq": a body's full name, not a description
        if definite and len(words) >= 2:
            codes = {w.lower(): hit.actor for w in words[1:] if w[:1].isupper()
                     for hit in [self.actors.lookup(w)] if hit is not None and hit.kind != "person"}
            synonym = rules.role_synonyms.get(" ".join(w.lower() for w in words[1:]))
            described = f"the {synonym}" if synonym else first  # "the head of state" -> "the president"
            if synonym:
                head = synonym.split()[-1]
            entity = tracker.description(described, k=k, place_codes=codes)
            if entity is not None:
                return self._speak(entity, k, "description", speaker)
            if head in rules.person_nouns or _AGE.search(first):
                entity = tracker.last_person(k=k, within=3, gender=rules.gendered.get(head))
                if entity is not None:
                    return self._speak(entity, k, "description", speaker)
            if head in rules.generic_orgs:
                recent = tracker.last_speaker(k=k, within=3)
                if recent is not None and recent.kind != "person":
                    return self._speak(recent, k, "description", speaker)  # "the thinktank added"
            if _definite_role(described, rules):
                entity = self._role_fallback(described, k, original=first)
                if entity is not None:
                    return self._speak(entity, k, "description", speaker)
        if _AGE.search(first) and words and words[0].lower() in ("the",):
            entity = tracker.last_person(k=k, within=3)
            if entity is not None:
                return self._speak(entity, k, "description", speaker)
        proper = len(words) > 1 and all(_is_cap(w) or w.lower() in ("of", "and", "the", "for", "on", "in", "de")
                                        for w in words[1:]) and _is_cap(words[-1] if words else "")
        kind = "org" if proper or (words and words[0].isupper() and len(words[0]) > 1) else "group"
        hit = self.actors.lookup(first) if kind == "org" else None
        entity = tracker.see_org(first, k=k, kind=kind, speaker=speaker,
                                 actor=hit if hit is not None and hit.kind in _BODIES else None)
        if kind == "group":
            self._lone_person(entity, words, noun)
        return _Resolved(entity.name, entity, None)

    def _lone_person(self, entity: Entity, words: Sequence[str], noun: str) -> None:
        """Round 4: one unnamed person ("The head of the police's internal investigators told the
        court") is a person: a later "she said" may refer to them, "they" may not."""
        if entity.kind == "group" and words and words[0].lower() in ("the", "a", "an") and len(words) >= 2 \
                and noun in self.rules.person_heads \
                and not _is_cap(words[-1]):
            entity.kind = "person"
            entity.gender = entity.gender or self.rules.gendered.get(noun)

    def target(self, phrase: str, k: int) -> str | None:
        """The target of an accusation-type verb: a person's canonical name, else the phrase."""
        phrase = _WS.sub(" ", phrase.replace("\u2024", ".")).strip(" ,;:\"“”'’")
        if not phrase or phrase.lower() in self.rules.pronouns:
            return None
        name = _person_in(phrase, self.rules, self.actors)
        if name and (" " in name or self.tracker.name(name, kinds=("person",)) or self.actors.person(name)):
            known = self.tracker.name(name, kinds=("person",))
            hit = self.actors.person(name)
            return known.name if known is not None else (hit.name if hit is not None else name)
        return _FRONTED_TIME.sub("", phrase.split(",")[0].strip())

    def _role_fallback(self, description: str, k: int, *, original: str | None = None) -> Entity | None:
        """ "the President" with no one of that title named: a named person of the place the
        description gives ("the Russian President" -> a Russian person), else the person without
        a title who spoke last within three sentences, else the most mentioned person without a
        title (for a two-word description: "the President", "the minister")."""
        place_actors = {hit.actor for w in (original or description).split()[1:] if w[:1].isupper()
                        for hit in [self.actors.lookup(w)] if hit is not None and hit.kind != "person"}
        people = [e for e in self.tracker.entities if e.kind == "person" and not e.roles]
        if place_actors:
            same = [e for e in people if e.actor is not None and e.actor.actor in place_actors]
            if same:
                return max(same, key=lambda e: (e.mentions, e.last))
            return None
        recent = self.tracker.last_speaker(k=k, within=3)
        if recent is not None and recent.kind == "person" and not recent.roles and len(description.split()) == 2:
            return recent  # "the minister added": the person who just spoke
        if len(description.split()) != 2 and not (original and len(original.split()) != len(description.split())):
            return None
        return max(people, key=lambda e: (e.mentions, e.last)) if people else None

    def _speak(self, entity: Entity | None, k: int, how: str, speaker: bool) -> _Resolved:
        if entity is None:
            return _Resolved(None)
        if speaker:
            entity.last_speaker = max(entity.last_speaker, k)
            entity.last = max(entity.last, k)
        return _Resolved(entity.name, entity, how, entity.kind == "person")

    def actor_of(self, resolved: _Resolved, raw: str) -> str | None:
        """The actor code of a resolved speaker."""
        entity = resolved.entity
        if entity is not None and entity.actor is not None:
            return entity.actor.actor
        hit = self.actors.lookup(resolved.name) if resolved.person or resolved.how is None else None
        if hit is None or (resolved.person and hit.kind != "person"):
            hit = self.actors.find(raw, prefer_person=True) or hit
        if hit is not None and hit.kind != "person" and _private(raw, self.rules):
            return None  # "a refugee in Turkey" is not TUR
        if entity is not None and hit is not None and entity.actor is None and hit.kind in _BODIES | {"adjective"}:
            entity.actor = hit
        return hit.actor if hit else None


def _acronym_name(name: str, acronym: str) -> str:
    """Round 4: the words an acronym abbreviates, when a shorter end of the run spells it ("The
    Investigative Committee and the Federal Security Service (FSB)" -> "Federal Security Service")."""
    words = name.split()
    letters = acronym.replace(".", "").upper()
    for i in range(1, len(words)):
        tail = words[i:]
        if tail[0][:1].isupper() and "".join(w[0] for w in tail if w[:1].isupper()).upper() == letters \
                and words[i - 1].lower() in ("and", "the", "of", "for", "on"):
            return " ".join(tail)
    return name


def _title_run(words: Sequence[str], rules: Rules, actors: ActorDictionary) -> list[str]:
    """The title and place words right before a name ("... and Defence Minister" -> "Defence Minister")."""
    run: list[str] = []
    for w in reversed(words):
        clean = w.strip(".,'’").removesuffix("'s").removesuffix("’s")
        if _is_title(clean, rules) or (clean[:1].isupper() and _placeish(clean, actors)):
            run.insert(0, w)
        else:
            break
    return run


def _strip_det(phrase: str) -> str:
    words = phrase.split()
    return " ".join(words[1:]) if words and words[0].lower() in ("the", "a", "an") else phrase


def _definite_role(phrase: str, rules: Rules) -> bool:
    """ "the minister", "The Liberal Democrat peer and former MP": a definite person description."""
    words = phrase.split()
    head = words[-1].lower().strip(".") if words else ""
    return len(words) >= 2 and words[0].lower() == "the" and head in rules.titles and head not in rules.institutions


def normalise_speaker(phrase: str, *, memory: MutableMapping[str, str] | None = None,
                      rules: Rules | None = None, actors: ActorDictionary | None = None) -> str | None:
    """Normalise a speaker phrase to a person's full name, or a cleaned group/organisation name.

    ``memory`` maps surnames to full names seen earlier in the article (updated in place).

    Examples
    --------
    >>> mem = {}
    >>> normalise_speaker("Russian Foreign Minister Sergei Lavrov", memory=mem)
    'Sergei Lavrov'
    >>> normalise_speaker("Lavrov", memory=mem), normalise_speaker("the Kremlin")
    ('Sergei Lavrov', 'Kremlin')
    """
    rules = rules or load_rules()
    actors = actors or load_actors()
    memory = {} if memory is None else memory
    tracker = SpeakerTracker(rank_words=rules.rank_words)
    for full in dict.fromkeys(memory.values()):
        tracker.see_person(full, k=0)
    resolved = _Resolver(actors, rules, tracker).resolve(phrase, 0, speaker=False)
    if resolved.person and resolved.name:
        memory[resolved.name.split()[-1].lower()] = resolved.name
    return resolved.name


def _paragraphs(sentences: Sequence[Mapping[str, Any]], text: str | None) -> list[bool]:
    """Whether each sentence opens a paragraph (a blank line before it, or the first sentence)."""
    starts, prev_end = [], None
    for k, row in enumerate(sentences):
        if k == 0:
            starts.append(True)
        elif text is not None and prev_end is not None:
            starts.append("\n\n" in text[prev_end:row.get("start", prev_end)])
        else:
            starts.append(False)
        prev_end = row.get("end")
    return starts


def attribute(sentences: Sequence[MutableMapping[str, Any]], *, actors: ActorDictionary | str | Path | None = None,
              rules: Rules | None = None, text: str | None = None,
              first_names: Mapping[str, str] | None = None) -> Sequence[MutableMapping[str, Any]]:
    """Add :data:`ATTRIBUTION_COLUMNS` to one article's sentence rows, in order (in place).

    Parameters
    ----------
    sentences : sequence of dict
        Rows with ``text`` (and ``start``, ``end``, ``is_title`` when available), in order.
    actors : ActorDictionary or path, optional
        Default: the shipped dictionary (:func:`analysis.actors.load_actors`).
    rules : Rules, optional
        Default: :func:`load_rules`.
    text : str, optional
        The cleaned article text; used to see paragraph breaks between sentences.
    first_names : dict, optional
        ``{first name: "f" | "m"}`` (default: :func:`analysis.names.load_first_names`).

    Returns
    -------
    The same rows.

    Examples
    --------
    >>> rows = attribute([{"text": "Russia accused Ukrainian negotiators of changing demands."}])
    >>> rows[0]["speaker"], rows[0]["target"], rows[0]["target_actor"]
    ('Russia', 'Ukrainian negotiators', 'UKR')
    """
    actors = load_actors(actors)
    rules = rules or load_rules()
    para_start = _paragraphs(sentences, text)
    # pass 1: cues in each sentence (a quotation left open runs on inside its paragraph)
    locals_: list[_Local] = []
    open_q = False
    for k, row in enumerate(sentences):
        if para_start[k]:
            open_q = False  # a new paragraph re-opens its quotation explicitly
        local = _title_cues(row["text"], rules) if row.get("is_title") else _analyse(row["text"], open_q, rules)
        if not row.get("is_title"):
            head = _QUOTE_MARK.split(row["text"], maxsplit=1)[0]
            first = head.split(maxsplit=1)[0].lower() if head.strip() else ""
            local.subject = " ".join(rules.fronted.sub("", head).split()[:12]) \
                if row["text"][:1].isupper() and first not in rules.pronouns else None
        open_q = local.ends_open
        locals_.append(local)
    continues = [k > 0 and para_start[k] and locals_[k].opens_with_quote and locals_[k - 1].ends_open
                 and not sentences[k].get("is_title") for k in range(len(locals_))]
    _drop_unclosed_runs(sentences, locals_, continues, rules)
    continues = [c and locals_[k - 1].ends_open for k, c in enumerate(continues)]
    # pass 2: quotation runs and transcript turns
    run_of = _quote_runs(locals_, continues)
    turns = _turns(sentences, para_start, rules)
    # pass 3: resolve every speaker mention with the tracker, in order
    tracker = SpeakerTracker(first_names=None if first_names is None else dict(first_names), rank_words=rules.rank_words)
    resolver = _Resolver(actors, rules, tracker)
    run_cache: dict[int, tuple[_Resolved, str, str]] = {}
    members_of: dict[int, list[int]] = {}
    for j, run in enumerate(run_of):
        members_of.setdefault(run, []).append(j)
    attributed_next = _quote_next(sentences, locals_, para_start, rules)
    dashes = _dash_lines(sentences, para_start, rules)
    prev: tuple[_Resolved, str] | None = None  # the previous sentence's speaker and mode (quoted/reported)
    prev_rule: str | None = None
    for k, (row, local) in enumerate(zip(sentences, locals_)):
        resolver.mentions(local.outside if local.outside is not None else row["text"], k)
        resolver.subject(local, k)
        lead = row["text"].split(maxsplit=1)[0].lower() if row["text"].strip() else ""
        if lead in ("he", "she") and local.spk is None and turns[k] is None:
            entity = tracker.pronoun(lead, k=k)  # "She laughed.": the person stays the topic
            if entity is not None:
                entity.last = k
        resolved, mode, rule, mention = _Resolved(None), "authorial", None, None
        if turns[k] == _ASKER_TURN:
            pass  # an interviewer's question: the writer's
        elif turns[k] is not None:
            tag = turns[k].lstrip(_ANSWER)
            resolved = resolver.resolve(_tag_phrase(tag), k)
            mode, rule, mention = "quoted", ("interview" if turns[k].startswith(_ANSWER) else "transcript"), tag
        elif local.spk is not None:
            run = run_of[k]
            if run in run_cache and run_cache[run][2] == local.spk:
                resolved, mode, _ = run_cache[run]
            else:
                resolved = resolver.resolve(local.spk, k)
                mode = local.mode or "reported"
            rule, mention = local.rule, _WS.sub(" ", local.spk.replace("\u2024", ".")).strip(" ,;:\"“”'’")
        else:
            run = run_of[k]
            members = [j for j in members_of[run] if j >= k]
            inside = local.starts_open or continues[k] or len(members) > 1 and local.ends_open
            if inside or len(members) > 1:
                if run not in run_cache:
                    j = next((j for j in members if locals_[j].spk is not None and locals_[j].mode == "quoted"), None)
                    if j is not None:
                        run_cache[run] = (resolver.resolve(locals_[j].spk, k), "quoted", locals_[j].spk)
                if run in run_cache and (local.starts_open or local.opens_with_quote or continues[k]):
                    resolved, mode, rule = run_cache[run][0], "quoted", "quote_run"
            if resolved.name is None and k in attributed_next and (para_start[k] or prev is None):
                # a quotation opening a paragraph, attributed in the next sentence ("“...” / X
                # wrote on social media.", "“...” / “...,” she said.")
                resolved, mode, rule = resolver.resolve(locals_[attributed_next[k]].spk or "", k), "quoted", "quote_next"
                if local.opens_with_quote and run not in run_cache:
                    run_cache[run] = (resolved, "quoted", "")
            if resolved.name is None and k in dashes:
                resolved, mode, rule = resolver.resolve(dashes[k], k), "quoted", "quote_dash"
            if resolved.name is None and prev is not None and prev[1] == "quoted" and not para_start[k] \
                    and _foreign(row["text"]):
                resolved, mode, rule = prev[0], "quoted", "quote_original"  # the original of a translated quotation
            if resolved.name is None and prev is not None \
                    and ((local.bare and (local.opens_with_quote or not para_start[k])) or local.starts_open or continues[k]) \
                    and not row.get("is_title"):  # round 4: not a quotation introduced in the sentence itself
                resolved, mode, rule = prev[0], "quoted", "quote_follow"
                if local.opens_with_quote and run not in run_cache:
                    run_cache[run] = (resolved, "quoted", "")
            elif resolved.name is None and prev is None and local.bare and local.opens_with_quote and para_start[k] \
                    and local.direct and not row.get("is_title"):
                # a quoted paragraph right after a person was introduced ("Olena Ivanova, 45, fled
                # in March. / “We lost everything.”")
                entity = tracker.last_person(k=k, within=2)
                if entity is not None:
                    resolved, mode, rule = resolver._speak(entity, k, "subject", True), "quoted", "quote_subject"
                    run_cache.setdefault(run, (resolved, "quoted", ""))
        if resolved.name is None and prev is not None and not para_start[k] and turns[k] is None \
                and prev_rule not in (None, "transcript", "interview") and rules.continues is not None \
                and rules.continues.match(row["text"]) \
                and not _DIGIT.search(row["text"]) and tracker.pronoun(lead, k=k) is prev[0].entity is not None:
            # round 4: "X said A. He proposed B." -- the same person acting on in the same paragraph
            resolved, mode, rule, mention = prev[0], "reported", "continuation", lead
        if resolved.name is None:
            mode, rule, mention = "authorial", None, None
        elif resolved.how and rule and rule not in ("quote_run", "quote_follow", "quote_subject", "quote_original"):
            rule = f"{rule}:{resolved.how}"
        if rules.second is not None and local.spk is not None and turns[k] is None:
            for m in rules.second.finditer(row["text"]):  # a later speaker becomes the most recent one
                other = resolver.resolve(m.group("spk"), k, speaker=False)
                if other.entity is not None and other.entity is not resolved.entity and other.person:
                    other.entity.last = other.entity.last_speaker = k + (m.start() + 1) / 1e6
        row["speaker"] = resolved.name
        row["speaker_mention"] = mention if resolved.name is not None else None
        row["speaker_rule"] = rule
        row["speaker_actor"] = resolver.actor_of(resolved, local.spk or mention or resolved.name) if resolved.name else None
        row["mode"] = mode
        prev = (resolved, mode) if resolved.name is not None and mode in ("quoted", "reported") else None
        prev_rule = rule.split(":")[0] if prev is not None and rule else None
        target = None
        if local.target:
            target = resolver.target(local.target, k)
        row["target"] = target
        hit = actors.lookup(target) if target else None
        row["target_actor"] = hit.actor if hit else None
    return sentences


# A paragraph that only names the source of the paragraph before it: "– European Court of Justice"
# (lower-case words allowed inside the name: the name_joiners list of attribution.yml).
_DASH_LINE = re.compile(r"^\s*[–—―-]\s*(?P<spk>[A-Z][^.!?;:\"“”]{1,80}?)\s*$")


def _dash_lines(sentences: Sequence[Mapping[str, Any]], para_start: list[bool], rules: Rules) -> dict[int, str]:
    """Sentences of a paragraph followed by a one-line paragraph "– Name": sentence -> Name."""
    out: dict[int, str] = {}
    n = len(sentences)
    for k in range(1, n):
        if not para_start[k] or (k + 1 < n and not para_start[k + 1]):
            continue
        m = _DASH_LINE.match(sentences[k]["text"])
        if m is None:
            continue
        if any(w[:1].islower() and w not in rules.name_joiners for w in m.group("spk").split()):
            continue  # round 4: a caption ("—Testimony from the investigator", "—X on the rescue"), not a source line
        j = k - 1
        while j >= 0:
            out[j] = m.group("spk")
            if para_start[j]:
                break
            j -= 1
    return out


def _quote_next(sentences: Sequence[Mapping[str, Any]], locals_: list[_Local], para_start: list[bool],
                rules: Rules) -> dict[int, int]:
    """Bare quotations without attribution followed, in the same paragraph, by a sentence that
    attributes them: quotation -> that sentence (only bare quotations in between). The sentence
    must continue the quotation ("“...,” she said.") or only name its speaker ("Baloch wrote on
    social media."); one that reports something of its own ("Police said three were held.") is
    a new statement."""
    out: dict[int, int] = {}
    n = len(locals_)
    for k, local in enumerate(locals_):
        if local.spk is not None or not local.bare or local.starts_open or not local.opens_with_quote \
                or sentences[k].get("is_title"):
            continue
        j = k + 1
        while j < n and not para_start[j] and locals_[j].spk is None and locals_[j].bare:
            j += 1
        if j < n and not para_start[j] and locals_[j].spk is not None and locals_[j].rule != "according_to" \
                and ((locals_[j].mode == "quoted" and locals_[j].direct) or _attribution_only(sentences[j]["text"], rules)):
            out[k] = j
    return out


def _attribution_only(text: str, rules: Rules) -> bool:
    """A sentence that names a speaker and says nothing itself: after its reporting verb no
    "that", no quotation and no finite verb ("Macron told the world on Thursday via Twitter.")."""
    if rules.clauses is None or _QUOTE_MARK.search(text):
        return False
    m = rules.clauses.verb.search(text)
    if m is None:
        return False
    rest = _WORD.findall(text[m.end():].lower())
    return len(rest) <= 10 and not any(w == "that" or w in rules.clauses.between or w in rules.clauses.passive_markers
                                       or w in rules.verbs or w.endswith("ed") for w in rest)


def _foreign(text: str) -> bool:
    """Mostly letters outside the Latin script: the original of a translated quotation."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 5 and sum(c <= "\u024f" for c in letters) < 0.5 * len(letters)


def _tag_phrase(tag: str) -> str:
    """A transcript tag as a speaker phrase: "THE PRESIDENT" -> "The President", "MR. KIRBY" -> "Mr. Kirby"
    (a mixed-case tag as it is)."""
    if not tag.isupper():
        return tag
    return " ".join(w.capitalize() if w.lower() != "the" or i else "The" for i, w in enumerate(tag.split()))


def _title_cues(text: str, rules: Rules) -> _Local:
    """A headline is the writer's (no speaker), but keeps the target of its accusation verb
    ("Russia Accuses Ukraine of ..." -> Ukraine)."""
    local = _Local()
    # headlines capitalise verbs ("Russia Accuses Ukraine"): lower-case known verbs
    s = _CAPWORD.sub(lambda w: w.group().lower() if w.group().lower() in rules.verbs else w.group(), text)
    m_t = rules.target.search(s)
    local.target = m_t.group("tgt") if m_t and _target_ok(m_t.group("tgt"), rules) else None
    return local
