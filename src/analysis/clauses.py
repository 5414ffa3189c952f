"""Reporting clauses anywhere in a sentence: a speech verb and the noun phrase that speaks.

:mod:`analysis.attribution` first tries its anchored cues (a quotation with ``X said``, ``X
said ...`` at the start of the sentence, ``..., X said`` at its end). When none fits, the
functions here look further into the sentence, the way English news also attributes speech:

- :func:`find_clauses` -- every speech verb outside quotations, with its subject found by
  scanning back from the verb to the nearest clause boundary:

  - ``reported_clause``: a verb after a fronted clause of any length, in a subordinate clause
    ("When Trump tweeted that ...", "Even though X confessed to ..."), in a second conjunct with
    its own subject ("..., and the court ruled ...") or without one ("X wept and said ...": the
    first conjunct's subject), in a relative clause ("... which analysts say ..."; "X, a
    professor, who said ..." -> X; "a statement which read ..." -> the statement's issuer), and
    a parenthetical ("This year, he said, he came ...");
  - ``reported_inverted``: an inverted verb inside the sentence ("..., reads the motion, ...");
  - ``passive_by``: a passive speech verb with its agent ("was criticised by the archbishop");
  - ``stance``: "In his view, ...", "In the minister's opinion, ..." (the possessor speaks);
- :func:`sentence_subject` -- the subject of a sentence's first clause, past fronted phrases and
  with an apposition ("On Monday, Anna Kovacs, the mayor, said" -> "Anna Kovacs, the mayor");
- :func:`intro_speaker` -- the speaker of a clause that introduces a quotation without a speech
  verb ("Bolsonaro opposed the statement: "..."", "His message was clear: "..."" -> "he").

The functions only find phrases; :mod:`analysis.attribution` decides whether a phrase can speak
and resolves it to a canonical name. Word lists are those of ``analysis/data/attribution.yml``
(``clause_boundaries``, ``relative_words``, ``auxiliaries``, ``passive_markers``,
``finding_verbs``, ``finding_heads``, ``stance_nouns``, ``speech_nouns``, ``fronting_words``).

Examples
--------
>>> from analysis.attribution import load_rules
>>> rules = load_rules().clauses  # compiled from the shipped word lists
>>> [(c.phrase, c.rule) for c in find_clauses("When Trump tweeted that votes were lost, Twitter acted.", rules)]
[('Trump', 'reported_clause')]
>>> [c.phrase for c in find_clauses("The bill failed, and the Supreme Court ruled it void.", rules)]
['the Supreme Court']
>>> sentence_subject("On Monday, Anna Kovacs, the mayor, opened the bridge.", rules)
'Anna Kovacs, the mayor,'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = ["POSSESSIVE_PRONOUNS", "Clause", "ClauseRules", "compile_clause_rules", "find_clauses", "verb_subject", "sentence_subject",
           "intro_speaker"]

# Tokens of a masked sentence: words (names with apostrophes, hyphens, abbreviation marks, an
# acronym in brackets), punctuation that ends a phrase, and masked quotation content ("___").
_TOKENS = re.compile(r"\([A-Z][\w.&-]*\)|[^\W_](?:[\w'’.\u2024&-]|:(?=\d))*|[,;:—–()\"“”]|_+")
# Possessive endings.
_POSS = ("'s", "’s", "s'", "s’")
#: Possessive pronouns and the subject pronoun they stand for ("In his view" -> "he").
POSSESSIVE_PRONOUNS: dict[str, str] = {"his": "he", "her": "she", "its": "it", "their": "they"}
# Determiners and pronouns that start a noun phrase after a fronted prepositional phrase.
_NP_START = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their",
                       "he", "she", "they", "it", "we", "i"})
# A fronted phrase before a sentence's subject: up to 12 words and a comma.
_FRONT = re.compile(r"^(?P<phrase>(?:[^,;:\"“”]|(?<=\d):(?=\d)){1,90}?),\s+")
# After an official act's participle, what makes it speech: "was announced to be", "as", "that".
# Round 4: more agents after the first one ("by Egypt, Greece and Cyprus").
_AGENT_LIST = re.compile(r"^\s*(?:,\s*(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*,?\s+and\s+(?:the\s+)?[A-Z]")
_SPEECH_ACT = re.compile(r"\s+(?:to\s+be|as|that)\b", re.I)
# A lower-case word that is a finite verb (past or third person): ends a subject noun phrase.
_FINITE = re.compile(r"^[a-z]+(?:ed|ied|es)$")
# Irregular past forms that end a subject noun phrase.
_IRREGULAR = frozenset({"took", "gave", "made", "went", "spoke", "held", "met", "sent", "hit", "struck", "wrote",
                        "told", "said", "came", "saw", "left", "led", "won", "lost", "put", "set", "got", "kept",
                        "brought", "thought", "felt", "began", "ran", "stood", "sat", "fell", "rose", "grew",
                        "knew", "drew", "flew", "threw", "read", "says", "is", "was", "were", "are", "has", "had",
                        "have", "will", "would", "can", "could", "may", "might", "must", "should", "did", "does"})


class Clause(NamedTuple):
    """A speaker phrase found in a sentence, the rule that found it and where its verb is."""

    phrase: str
    rule: str
    start: int  # offset of the verb (or cue) in the sentence
    how: str = "np"  # "np", "conjunct", "relative", "antecedent", "issuer", "possessor"


@dataclass(frozen=True)
class ClauseRules:
    """Compiled patterns and word sets for :func:`find_clauses` (see :func:`compile_clause_rules`)."""

    verb: re.Pattern[str]
    between: frozenset[str]
    boundaries: frozenset[str]
    relatives: frozenset[str]
    passive_markers: frozenset[str]
    finding_verbs: frozenset[str]
    finding_heads: frozenset[str]
    document_nouns: frozenset[str]
    issue_verbs: re.Pattern[str] | None
    prepositions: frozenset[str]
    fronting: frozenset[str]
    verbs: frozenset[str]
    speech_nouns: frozenset[str]
    passive: re.Pattern[str] | None
    inverted: re.Pattern[str] | None
    stance: re.Pattern[str] | None
    acts: frozenset[str] = frozenset()


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted({re.escape(str(w)) for w in words}, key=len, reverse=True))


def _words(spec: Mapping[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in spec.get(key, ()) or ())


def compile_clause_rules(spec: Mapping[str, Any], *, verb: str | None = None) -> ClauseRules:
    """Compile the patterns from an ``attribution.yml``-shaped mapping.

    ``verb`` is the speech-verb alternation of :mod:`analysis.attribution` (with its guards on
    official acts); default: the plain list ``speech_verbs``. Finding verbs are added.
    """
    verbs = _words(spec, "speech_verbs")
    findings = _words(spec, "finding_verbs")
    verb = verb or "(?-i:" + _alt(verbs) + ")"
    # Patterns below are this project's own, following wire-copy attribution conventions.
    verb_re = re.compile(rf"\b(?:{verb}|(?-i:{_alt(findings or {'found'})})|(?-i:states|claims|notes)(?=\s*(?:that\b|[\"“])))\b"
                         # not "tweeted about", "ruled out", "ruled against", "found guilty"
                         r"(?!\s+(?:about|out|against|guilty|dead|alive|in\s+favou?r)\b)")
    participles = [v for v in verbs if (v.endswith("ed") or v in ("said", "told", "written")) and " " not in v]
    acts = _words(spec, "act_verbs")
    adverbs = _words(spec, "adverbs")
    documents = _words(spec, "document_nouns")
    issue = [str(w) for w in spec.get("issue_verbs", ()) or ()]
    stance_nouns = _words(spec, "stance_nouns")
    inverted_verbs = verbs - _words(spec, "not_inverted")
    return ClauseRules(
        verb=verb_re,
        between=adverbs | _words(spec, "auxiliaries"),
        boundaries=_words(spec, "clause_boundaries"),
        relatives=_words(spec, "relative_words"),
        passive_markers=_words(spec, "passive_markers"),
        finding_verbs=findings,
        acts=acts,
        finding_heads=_words(spec, "finding_heads"),
        document_nouns=documents,
        issue_verbs=re.compile(r"\b(?:" + _alt(issue) + r")\b", re.I) if issue else None,
        prepositions=_words(spec, "prepositions"),
        fronting=_words(spec, "fronting_words"),
        verbs=verbs,
        speech_nouns=_words(spec, "speech_nouns"),
        # "was criticised by archbishop X", "was announced to be a pandemic by the WHO"
        passive=re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:(?:" + _alt(adverbs) + r")\s+)*"
                           r"(?-i:(?P<verb>" + _alt(participles) + r"))\b(?P<mid>[^,;:.!?]{0,60}?)\s+by\s+"
                           r"(?P<spk>(?:the\s+|a\s+|an\s+)?[^,;:.!?]{1,80}?)(?=\s*(?:[,;:.!?]|$|\s(?:on|in|at|during|after|before|for|as|who|which|while|and)\s))",
                           re.I) if participles else None,
        # ", reads the motion,", ", said the ministry." inside a sentence
        inverted=re.compile(r"(?:^|[,;—–]\s*)(?-i:(?P<verb>" + _alt(inverted_verbs | {"read", "reads"}) + r"))\s+"
                            r"(?P<spk>(?:the|a|an)\s+[^,;:.!?\"“”]{1,60}?|(?-i:[A-Z])[^,;:.!?\"“”]{1,60}?)\s*(?=[,;]|$)",
                            re.I) if verbs else None,
        # "In his view, ...", "From the minister's opinion, ...", "In the words of X, ..."
        stance=re.compile(r"^\W*(?:in|from|to)\s+(?:(?P<pos>his|her|its|their|(?:the\s+)?[\w'’.\u2024 -]{1,60}?['’]s?)\s+"
                          r"(?:own\s+)?(?:" + _alt(stance_nouns) + r")|the\s+words\s+of\s+(?P<of>[^,]{1,60}?))\s*,",
                          re.I) if stance_nouns else None,
    )


def _tokens(text: str, end: int | None = None) -> list[re.Match[str]]:
    return list(_TOKENS.finditer(text, 0, len(text) if end is None else end))


def _is_word(tok: str) -> bool:
    return tok[:1].isalnum() or tok[:1] == "("


def _low(tok: str) -> str:
    return tok.lower().strip(".\u2024")


def _capital(tok: str) -> bool:
    return tok[:1].isupper() or (tok[:1] == "(" and tok[1:2].isupper())


def _np_back(text: str, toks: list[re.Match[str]], i: int, rules: ClauseRules) -> tuple[int, int]:
    """Token span [j, i] of the noun phrase that ends at token ``i``, going back to a boundary.

    "and" between two capitalised words belongs to a name ("... of Allergy and Infectious
    Diseases", "Georgia Tech and University of X").
    """
    j = i
    while j >= 0 and i - j < 16:
        tok = toks[j].group()
        if tok == ")":  # a parenthesis inside the phrase: "the city (2100 UTC)"
            k = j - 1
            while k >= 0 and toks[k].group() != "(" and j - k < 8:
                k -= 1
            if k >= 0 and toks[k].group() == "(":
                j = k - 1
                continue
        if _low(tok) in ("and", "&") and 0 < j < i and _capital(toks[j - 1].group()) and _capital(toks[j + 1].group()):
            j -= 1
            continue
        if not _is_word(tok) or _low(tok) in rules.boundaries:
            break
        j -= 1
    return j + 1, i


def _joint_left(toks: list[re.Match[str]], j: int, rules: ClauseRules) -> str | None:
    """ "both Mugabe and Tsvangirai claimed": the left conjunct of a subject stopped at "and" at
    token ``j`` (None when "and" joins clauses, not subjects)."""
    if j < 1 or _low(toks[j].group()) not in ("and", "&"):
        return None
    k = j - 1
    while k >= 0 and _is_word(toks[k].group()) and (_capital(toks[k].group()) or _low(toks[k].group()) in ("the", "both")):
        k -= 1
    if k == j - 1:
        return None
    if k >= 0 and _is_word(toks[k].group()) and _low(toks[k].group()) not in rules.boundaries:
        return None  # "by Hindus and politicians ...": the left side is not a subject
    return " ".join(t.group() for t in toks[k + 1:j])


def _trim_fronted(words: list[str], rules: ClauseRules) -> list[str]:
    """ "In a statement the ministry" -> "the ministry"; "During the rally President Erdogan" ->
    "President Erdogan" (a fronted prepositional phrase without a comma)."""
    if len(words) < 3 or _low(words[0]) not in rules.prepositions | rules.fronting:
        return words
    if words[-1][:1].isupper():
        k = len(words) - 1
        while k > 1 and (words[k - 1][:1].isupper() or _low(words[k - 1]) in ("al", "bin", "de", "van", "von")):
            k -= 1
        return words[k:]
    starts = [k for k in range(1, len(words)) if _low(words[k]) in _NP_START]
    return words[starts[-1]:] if starts else words


def _antecedent(text: str, rules: ClauseRules) -> str | None:
    """The person a ", who said" refers to: the name before the comma, or before an apposition
    ("Mark Hay, a marine ecologist at GT, who said" -> "Mark Hay")."""
    parts = [p.strip() for p in text.rstrip(" ,").split(",")]
    if not parts or not parts[-1]:
        return None
    last = parts[-1].split()
    if last and last[-1][:1].isupper() and _low(last[0]) not in _NP_START:
        return _cap_run(last)
    if len(parts) >= 2 and last and _low(last[0]) in _NP_START:
        before = parts[-2].split()
        if before and before[-1][:1].isupper():
            return _cap_run(before)
        return parts[-1]
    return None


def _cap_run(words: list[str]) -> str | None:
    """The capitalised run at the end of a word list ("The research was led by Mark Hay" -> "Mark Hay")."""
    k = len(words)
    while k > 0 and (words[k - 1][:1].isupper() or _low(words[k - 1]) in ("al", "bin", "de", "van", "von")):
        k -= 1
    return " ".join(words[k:]) or None


def verb_subject(text: str, start: int, rules: ClauseRules, *, depth: int = 0) -> tuple[str, str] | None:
    """The subject phrase of the verb at offset ``start`` of ``text`` and how it was found
    (``"np"``, ``"conjunct"``, ``"antecedent"``, ``"issuer"``), or None.

    Examples
    --------
    >>> from analysis.attribution import load_rules
    >>> text = "Mark Hay, a marine ecologist, who said it mattered."
    >>> verb_subject(text, text.index("said"), load_rules().clauses)
    ('Mark Hay', 'antecedent')
    """
    toks = _tokens(text, start)
    i = len(toks) - 1
    while i >= 0 and _low(toks[i].group()) in rules.between:
        i -= 1
    if i < 0:
        return None
    tok = toks[i].group()
    low = _low(tok)
    if low in rules.passive_markers or tok.endswith(_POSS):
        return None  # "was told", "to say", "the minister's said"
    if low in rules.relatives:
        before = text[:toks[i].start()].rstrip()
        if low == "who" or (low == "that" and before.endswith(",")):
            name = _antecedent(before, rules)
            return (name, "antecedent") if name else None
        prev = _low(before.rsplit(None, 1)[-1]) if before.split() else ""
        if prev.rstrip(",") in rules.document_nouns and depth == 0 and rules.issue_verbs is not None:
            # "They released a statement which read ...": the issuer of the document
            issued = [m for m in rules.issue_verbs.finditer(before)]
            if issued:
                found = verb_subject(text, issued[-1].start(), rules, depth=1)
                if found:
                    return found[0], "issuer"
        return None
    if low in ("and", "but") or tok == ",":
        if tok == ",":
            # "X, the mayor, said": an apposition before the verb and the name before it
            j0, _ = _np_back(text, toks, i - 1, rules)
            seg = " ".join(t.group() for t in toks[j0:i])
            if j0 >= 2 and toks[j0 - 1].group() == ",":
                k0, _ = _np_back(text, toks, j0 - 2, rules)
                name = " ".join(t.group() for t in toks[k0:j0 - 1])
                # "X, the mayor, said" or "the director, Dr. Anthony Fauci, said"
                if name and seg and (name.split()[-1][:1].isupper() or seg.split()[-1][:1].isupper()):
                    return f"{name}, {seg},", "np"
            return None
        if depth == 0:  # "X wept and said ...": the first conjunct's subject
            subject = sentence_subject(text[:toks[i].start()], rules)
            return (subject, "conjunct") if subject else None
        return None
    if not _is_word(tok):
        return None
    j, _ = _np_back(text, toks, i, rules)
    words = [t.group() for t in toks[j:i + 1]]
    left = _joint_left(toks, j - 1, rules) if j >= 1 else None
    if left:
        return f"{left} and {' '.join(words)}", "np"  # a joint subject: the resolver gives it no speaker
    # "Tony Evers, the governor of Wisconsin, signed": keep the name before an apposition
    if words and _low(words[0]) in ("the", "a", "an") and j >= 2 and toks[j - 1].group() == ",":
        k0, _ = _np_back(text, toks, j - 2, rules)
        name = [t.group() for t in toks[k0:j - 1]]
        if name and name[-1][:1].isupper() and len(name) <= 5 and _low(name[0]) not in rules.prepositions:
            return " ".join(name) + ", " + " ".join(words) + ",", "np"
    words = _trim_fronted(words, rules)
    return (" ".join(words), "np") if words else None


def find_clauses(masked: str, rules: ClauseRules) -> list[Clause]:
    """Speaker phrases of the reporting clauses of a sentence (quotations masked), in order.

    Examples
    --------
    >>> from analysis.attribution import load_rules
    >>> r = load_rules().clauses
    >>> [(c.phrase, c.rule) for c in find_clauses("Qawi was accused of it, which he denied.", r)]
    [('he', 'reported_clause')]
    >>> [(c.phrase, c.rule) for c in find_clauses("The plan was criticised by Archbishop Jorge Scheinig.", r)]
    [('Archbishop Jorge Scheinig', 'passive_by')]
    """
    out: list[Clause] = []
    if rules.stance is not None:
        m = rules.stance.match(masked)
        if m:
            phrase = m.group("of") or m.group("pos")
            low = phrase.lower()
            phrase = POSSESSIVE_PRONOUNS.get(low, phrase)
            if phrase.endswith(_POSS):
                phrase = phrase[:-2] if phrase.endswith(("'s", "’s")) else phrase[:-1]
            out.append(Clause(phrase, "stance", m.start(), "possessor"))
    for m in rules.verb.finditer(masked):
        found = verb_subject(masked, m.start(), rules)
        if not found:
            continue
        phrase, how = found
        first = phrase.split()[0]
        if first[:1].islower() and _low(first) in rules.prepositions | rules.fronting:
            continue  # "within a few years thereafter declared": no subject
        if m.group().lower() in rules.finding_verbs and m.group().lower() not in rules.verbs:
            head = phrase.split(",")[0].split()
            cut = next((i for i, w in enumerate(head) if i > 0 and _low(w) in rules.prepositions), len(head))
            if not head or _low(head[cut - 1]) not in rules.finding_heads:
                continue  # "found" reports speech only for a court, a study, an inquiry ...
        out.append(Clause(phrase, "reported_clause", m.start(), how))
    if rules.inverted is not None and ("," in masked or ";" in masked):
        for m in rules.inverted.finditer(masked):
            if m.start() == 0:
                continue
            spk = m.group("spk")
            if m.group("verb").lower().startswith("read") and _low(spk.split()[-1]) not in rules.document_nouns:
                continue
            out.append(Clause(spk, "reported_inverted", m.start("verb")))
    if rules.passive is not None and " by " in masked:
        for m in rules.passive.finditer(masked):
            if m.group("verb").lower() in rules.acts and not _SPEECH_ACT.match(m.group("mid")):
                continue  # "was signed by", "was declared a holiday by": acts; "was announced to be ... by": speech
            if "joint" in m.group("mid").lower() or _AGENT_LIST.match(masked[m.end("spk"):]):
                continue  # round 4: "condemned in a joint statement by Egypt, Greece and Cyprus": several agents
            out.append(Clause(m.group("spk"), "passive_by", m.start("verb")))
    return sorted(out, key=lambda c: c.start)


def sentence_subject(text: str, rules: ClauseRules) -> str | None:
    """The subject noun phrase of a sentence's first clause (fronted phrases skipped, with an
    apposition after a name), or None.

    Examples
    --------
    >>> from analysis.attribution import load_rules
    >>> r = load_rules().clauses
    >>> sentence_subject("However, the city issued an advisory", r), sentence_subject("On Monday it rained", r)
    ('the city', 'it')
    """
    s = text.strip()
    for _ in range(3):
        m = _FRONT.match(s)
        if not m:
            break
        words = m.group("phrase").split()
        first = _low(words[0]) if words else ""
        if first in rules.fronting or first.endswith(("ing", "ly")) or (first.endswith("ed") and len(words) > 1) \
                or (len(words) == 1 and first not in _NP_START):
            s = s[m.end():]
            continue
        break
    toks = _tokens(s)
    np: list[str] = []
    apposition = joint = False
    k = 0
    while k < len(toks) and len(np) < 16:
        tok = toks[k].group()
        low = _low(tok)
        if tok == ",":
            # an apposition after a name ("Anna Kovacs, the mayor, ...") or a name after a
            # description ("Another former adviser, Sebastian Gorka, ...")
            close = next((n for n in range(k + 1, min(len(toks), k + 14)) if toks[n].group() == ","), None) \
                if not apposition and np else None
            if close is not None and (np[-1][:1].isupper() or toks[close - 1].group()[:1].isupper()):
                if all(_is_word(t.group()) for t in toks[k + 1:close]):
                    np.append(", " + " ".join(t.group() for t in toks[k + 1:close]) + ",")
                    apposition = True
                    k = close + 1
                    continue
            break
        if tok == "(" and np:  # "By 5:00 pm EDT (2100 UTC) the city": skip the parenthesis
            close = next((n for n in range(k + 1, min(len(toks), k + 8)) if toks[n].group() == ")"), None)
            if close is not None:
                k = close + 1
                continue
        if not _is_word(tok) or apposition:
            break
        if low in ("and", "&") and np and _capital(np[-1]) and k + 1 < len(toks) and _capital(toks[k + 1].group()):
            np.append(tok)
            k += 1
            continue
        if np and tok[:1].islower() and (low in rules.verbs or low in rules.between or low in _IRREGULAR
                                         or _FINITE.match(low) or low in rules.passive_markers):
            break
        if low in rules.boundaries and np:
            if low in ("and", "or") and not joint and k + 1 < len(toks) and _is_word(toks[k + 1].group()):
                joint = True  # "an environmental group and private owners filed": both subjects
                np.append(tok)
                k += 1
                continue
            break
        np.append(tok)
        k += 1
    if apposition:
        np = [*_trim_fronted(np[:-1], rules), np[-1]]
    else:
        np = _trim_fronted(np, rules)
    if not np or len(np) > 14 or k >= len(toks) and len(np) > 6:
        return None
    return " ".join(np).replace(" , ", ", ").replace(" ,", ",")


def intro_speaker(head: str, rules: ClauseRules) -> tuple[str, str] | None:
    """The speaker of a clause that introduces a quotation (the text before its opening mark,
    ending in a colon or comma): the clause's subject, or the possessor of a speech noun.

    Examples
    --------
    >>> from analysis.attribution import load_rules
    >>> r = load_rules().clauses
    >>> intro_speaker("His message was clear:", r), intro_speaker("Jair Bolsonaro opposed the plan:", r)
    (('he', 'possessor'), ('Jair Bolsonaro', 'np'))
    """
    head = head.strip()
    if not head.endswith((":", ",")) or len(head.split()) > 60:
        return None
    subject = sentence_subject(head.rstrip(" :,"), rules)
    if not subject:
        return None
    words = subject.split(",")[0].split()
    for k, w in enumerate(words[:-1]):  # "Part of Trump's tweet included ...": the tweet's author
        if w.endswith(_POSS) and _low(words[k + 1]) in rules.speech_nouns and k + 1 < len(words):
            owner = w[:-2] if w.endswith(("'s", "’s")) else w[:-1]
            return owner, "possessor"
    if words and _low(words[-1]) in rules.speech_nouns and len(words) >= 2:
        owner = words[-2] if len(words) == 2 else " ".join(words[:-1])
        low = owner.lower()
        if low in POSSESSIVE_PRONOUNS:
            return POSSESSIVE_PRONOUNS[low], "possessor"
        if owner.endswith(_POSS):
            owner = owner[:-2] if owner.endswith(("'s", "’s")) else owner[:-1]
            return (owner[4:] if owner.lower().startswith("the ") else owner), "possessor"
        return None
    return subject, "np"
