"""Who says what: direct quotes, reported speech, speakers, actors and targets.

For each sentence of an article, in order, :func:`attribute` sets

- ``speaker``: the normalised speaker (``"Russian Foreign Minister Sergei Lavrov"`` ->
  ``"Sergei Lavrov"``; a later ``"Lavrov"`` -> ``"Sergei Lavrov"``; ``"he"`` -> the last named
  speaker), or ``None``;
- ``speaker_actor``: the actor code from the actor dictionary (:mod:`analysis.actors`);
- ``mode``: ``"quoted"`` (a direct quote, or a sentence inside a quotation), ``"reported"``
  (indirect speech: ``Lavrov said that ...``, ``X accused Y of ...``, ``according to X``) or
  ``"authorial"``;
- ``target`` / ``target_actor``: the object of an accusation-type verb (``X accused Y of``).

Rules, in order, for one sentence: (1) a direct quote (a quotation of 4+ words, or a sentence
that starts inside a quotation) attributed after its closing mark (``"...," he said``,
``"...," said X``) or before its opening mark (``X said: "..."``); (2) reported speech at the
start of the clause (``[On Thursday,] X [also] said/accused ...``), at the end (``..., X said.``)
or ``according to X``; (3) a sentence inside a quotation that runs over several sentences takes
the speaker found anywhere in that run; a bare quoted sentence right after a quote takes the
last speaker; (4) otherwise authorial. Word lists live in ``analysis/data/attribution.yml``.

Examples
--------
>>> rows = [{"text": "Russian Foreign Minister Sergei Lavrov said that talks stalled."},
...         {"text": '"This is unacceptable," he added.'}]
>>> [(r["speaker"], r["speaker_actor"], r["mode"]) for r in attribute(rows)]
[('Sergei Lavrov', 'RUS', 'reported'), ('Sergei Lavrov', 'RUS', 'quoted')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.actors import ActorDictionary, load_actors

__all__ = ["ATTRIBUTION_COLUMNS", "Rules", "load_rules", "attribute", "normalise_speaker"]

#: Columns :func:`attribute` adds.
ATTRIBUTION_COLUMNS: tuple[str, ...] = ("speaker", "speaker_actor", "mode", "target", "target_actor")

# Quotations: curly pairs (an unclosed one runs to the sentence end) and straight pairs.
_CURLY = re.compile(r"“[^“”]*(?:”|$)")
_STRAIGHT = re.compile(r'"[^"]*(?:"|$)')
# Word tokens inside a noun phrase (names with apostrophes, hyphens, initials).
_TOKEN = re.compile(r"[\w'’.-]+")
_WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Rules:
    """Compiled attribution patterns built from the word lists in ``attribution.yml``."""

    after_np_verb: re.Pattern[str]
    after_verb_np: re.Pattern[str]
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


def _alt(words: Sequence[str]) -> str:
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


def _compile(spec: Mapping[str, Any]) -> Rules:
    # verbs match in lower case only ("The United States" is not "states")
    verb = "(?-i:" + _alt(spec["speech_verbs"]) + ")"
    inverted = "(?-i:" + _alt([v for v in spec["speech_verbs"] if v not in set(spec.get("not_inverted", ()))]) + ")"
    adv = _alt(spec["adverbs"])
    words = r"(?:[\w'’.()-]+\s+){0,11}?[\w'’.()-]+"
    # a speaker noun phrase with an optional apposition: "Dmitry Peskov, the Kremlin spokesman,"
    np_ = rf"(?P<spk>{words}(?:,\s+[^,\"“”]{{1,90}},)?)"
    np_plain = rf"(?P<spk>{words})"
    advs = rf"(?:(?:{adv})\s+)*"
    when = r"(?:\s+(?:on|last|this|late|early)\s+\w+)?"
    # a period that ends a phrase, not one after an abbreviation like "Rep." or "Mr."
    stop = r"(?:(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})[.](?=\s|$)|[;:!?]|$)"
    # Patterns below are this project's own, following wire-copy attribution conventions.
    return Rules(
        # after a closing quote: "he said", "Lavrov also predicted"
        after_np_verb=re.compile(rf"^\W*{np_}{when}\s+{advs}(?P<verb>{verb})\b", re.I),
        # after a closing quote: "said Buswell", "said X's director, Name Surname"
        after_verb_np=re.compile(
            rf"^\W*(?P<verb>{inverted})\s+(?P<spk>[^;:!?\"“”]+?)"
            rf"(?={stop}|,\s+(?:adding|referring|noting|according|who|which|when|where|in|at|on|during|after|before|while|as|but|and)\b"
            r"|\s+(?:who|which|whose|when|where|while|after|before|during|from|in a|in an|on|at|told|adding)\b)",
            re.I),
        # reported speech at the start of a clause: "X [, apposition,] [also] said ..."
        clause_start=re.compile(
            rf"^(?:(?:but|and|yet|so|however|meanwhile)\s+)?{np_}{when}\s+{advs}(?P<verb>{verb})\b", re.I),
        # the same after a fronted phrase: "On Thursday, X said ..."
        clause_fronted=re.compile(
            rf"^[^,\"“”]{{1,60}},\s+(?:(?:but|and|yet|so|however|meanwhile)\s+)?{np_}{when}\s+{advs}(?P<verb>{verb})\b",
            re.I),
        # after a long fronted participial phrase: "Interviewed in a camp near the border, she told ..."
        clause_participial=re.compile(
            rf"^(?-i:[A-Z])\w+(?:ing|ed)\b[^\"“”]{{1,160}}?,\s+{np_}{when}\s+{advs}(?P<verb>{verb})\b", re.I),
        # reported speech at the end: "..., Lavrov said." / "..., said Lavrov."
        clause_end=re.compile(
            rf",\s+(?:{np_plain}\s+{advs}(?P<verb>{verb})|(?P<verb2>{inverted})\s+(?P<spk2>[^,.;:!?\"“”]+?))"
            r"(?:\s+(?:on|in|at|to)\s+[^,.;:!?]{1,40})?[.!?]?[\"”’]?$", re.I),
        according_to=re.compile(r"\baccording to (?P<spk>[^,.;:!?\"“”]+?)(?=[,.;:!?]|$)", re.I),
        target=re.compile(
            rf"\b(?P<verb>{_alt(spec['target_verbs'])})\s+(?P<tgt>(?:[\w'’.-]+\s+){{0,5}}?[\w'’.-]+)"
            r"(?=\s+(?:of|for|over|to|that|after)\b|[,.;:]|$)", re.I),
        pronouns=frozenset(str(w).lower() for w in spec["pronouns"]),
        titles=frozenset(str(w).lower() for w in spec["titles"]),
        speaker_nouns=frozenset(str(w).lower() for w in spec["speaker_nouns"]),
        particles=frozenset(str(w).lower() for w in spec["particles"]),
        not_names=frozenset(str(w).lower() for w in spec.get("not_names", ())),
        prepositions=frozenset(str(w).lower() for w in spec.get("prepositions", ())),
        verbs=frozenset(str(w).lower() for w in spec["speech_verbs"]),
        not_heads=frozenset(str(w).lower() for w in spec.get("not_heads", ())),
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
    prev = ""
    for tok in [*_TOKEN.findall(part), ""]:
        clean = tok.strip(".'’")
        low = clean.lower()
        capital = bool(clean) and (_is_cap(clean) or (bool(run) and low.split("-")[0] in rules.particles))
        if capital and low not in _DETERMINERS and (run or low not in rules.not_names):
            if not run and not org and (prev.lower() in _DETERMINERS or prev.lower() in rules.prepositions):
                org, tail = True, None
            if org:
                tail = [] if _is_title(clean, rules) or (actors is not None and _placeish(clean, actors)) \
                    else (None if tail is None else [*tail, clean])
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
            run, org, tail = [], False, None
        prev = tok
    return runs


def _named_person(tail: list[str], actors: ActorDictionary) -> bool:
    """Words that can be a person's name: not a known place, group or organisation."""
    hit = actors.lookup(" ".join(tail))
    return (hit is None or hit.kind == "person") and not any(_placeish(t, actors) for t in tail)


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
    return None


def _is_title(token: str, rules: Rules) -> bool:
    """A title word, also hyphenated ("Colonel-General")."""
    return all(part in rules.titles for part in token.lower().split("-"))


def _placeish(token: str, actors: ActorDictionary) -> bool:
    """A place, nationality or organisation word from the actor dictionary ("Russian")."""
    cache = actors.__dict__.setdefault("_placeish_cache", {})
    if token not in cache:
        hit = actors.lookup(token) if token[:1].isupper() else None
        cache[token] = hit is not None and hit.kind != "person"
    return cache[token]


def _normalise(phrase: str, memory: MutableMapping[str, str], rules: Rules,
               actors: ActorDictionary) -> tuple[str | None, bool]:
    """(normalised speaker, is a person's name)."""
    phrase = _WS.sub(" ", phrase).strip(" ,.;:\"“”'’")
    if not phrase:
        return None, False
    if phrase.lower() in rules.pronouns:
        return phrase.lower(), False
    for part in phrase.split(","):
        person = _person_in(part, rules, actors)
        if person:
            words = person.split()
            known = actors.person(person)
            if len(words) == 1:
                full = memory.get(words[0].lower()) or (known.name if known else None) or person
            else:
                full = known.name if known else person
                memory[words[-1].lower()] = full
            memory.setdefault(full.split()[-1].lower(), full)
            return full, True
    first = _FRONTED_TIME.sub("", phrase.split(",")[0].strip())
    known = actors.lookup(first)
    if known is not None and known.kind in {"country", "capital", "government", "organisation", "armed group"} \
            and _key_eq(first, known, actors):
        return known.name, False
    return first, False


def _key_eq(phrase: str, actor: Any, actors: ActorDictionary) -> bool:
    """The phrase is exactly an alias of the actor (not just containing one)."""
    return actors._exact.get(_dict_key(phrase)) is actor or actors._cased.get(phrase.strip()) is actor


def _dict_key(text: str) -> str:
    from analysis.actors import _key

    return _key(text)


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
    return _normalise(phrase, {} if memory is None else memory, rules or load_rules(), actors or load_actors())[0]


def _plausible(np: str, rules: Rules, *, after_verb: bool = False) -> bool:
    """A noun phrase that can be a speaker: a pronoun, a name, or a speaker noun phrase."""
    np = np.split(",")[0]
    words = _TOKEN.findall(np)
    # up to 12 words when it ends in a name ("Deputy Chairman of the Russian Security Council X Y")
    if not words or len(words) > (14 if after_verb else 12 if _is_cap(words[-1]) else 8):
        return False
    lows = [w.lower().strip(".'’") for w in words]
    if len(words) == 1 and lows[0] in rules.pronouns:
        return True
    if after_verb:  # "said Buswell", "said the Turkish foreign minister"
        return any(_is_cap(w) for w in words) or any(w in rules.speaker_nouns for w in lows)
    last, last_low = words[-1], lows[-1]
    if last_low in rules.not_names or last_low in _DETERMINERS or last.endswith(("'s", "’s")):
        return False
    if last_low in rules.speaker_nouns:
        return True
    if last.isalpha() and last.islower():  # "Local fishermen", "the authority's director"
        return (len(words) <= 6 and last_low not in rules.not_heads and not last_low.endswith("ly")
                and last_low not in rules.pronouns)
    return _is_cap(last) and any(_is_cap(w) and lw not in _DETERMINERS and lw not in rules.pronouns
                                 for w, lw in zip(words, lows))


# ---------------------------------------------------------------- quotes in one sentence


@dataclass
class _Local:
    spk: str | None = None
    mode: str | None = None
    direct: bool = False
    starts_open: bool = False
    ends_open: bool = False
    bare: bool = False  # (almost) the whole sentence is a quotation
    target: str | None = None
    subject: str | None = None  # a named person at the start of the sentence


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


def _private(phrase: str) -> bool:
    """A private person's description ("a refugee in Turkey", "Mira, a Syrian volunteer")."""
    return any(w.lower() in _PRIVATE for w in _WORD.findall(phrase))


def _definite_role(phrase: str, rules: Rules) -> bool:
    """ "the minister", "The Liberal Democrat peer and former MP": a definite person description."""
    words = phrase.split()
    head = words[-1].lower().strip(".") if words else ""
    return len(words) >= 2 and words[0].lower() == "the" and head in rules.titles and head not in _INSTITUTIONS


# Title words that also name institutions ("The Mariupol City Council" is not a person).
_INSTITUTIONS = frozenset({"council", "state", "house", "staff", "security", "affairs", "press", "general",
                           "high", "chair", "head", "first", "special"})
# A trailing date after the verb ("said on March 3") before a quotation.
_LAST_WORD = re.compile(r"(?:\s+(?:on|in)\s+\w+(?:\s+\d+)?)+$", re.I)


def _target_ok(target: str, rules: Rules) -> bool:
    first = target.split()[0].lower()
    return first not in rules.prepositions and first not in rules.not_heads


def _group(m: re.Match[str]) -> str | None:
    d = m.groupdict()
    return d.get("spk") or d.get("spk2")


def _analyse(text: str, open_before: bool, rules: Rules) -> _Local:
    local = _Local(starts_open=open_before)
    spans, local.ends_open = _quotes(text, open_before)
    quoted_words = [len(_WORD.findall(text[a:b])) for a, b in spans]
    local.direct = open_before or any(
        n >= 4 or text[:a].rstrip().endswith(":")
        or (b - a > 2 and text[b - 2] in ",!?" and (rules.after_np_verb.match(text[b:]) or rules.after_verb_np.match(text[b:])))
        for n, (a, b) in zip(quoted_words, spans))
    inside = sum(b - a for a, b in spans)
    local.bare = bool(spans) and inside >= 0.8 * len(text.strip())
    masked = _mask(text, spans) if spans else text
    m_t = rules.target.search(masked)
    if m_t and _target_ok(m_t.group("tgt"), rules):
        local.target = m_t.group("tgt")
    if local.direct and spans:
        last_close = max((b for a, b in spans if b < len(text) or text[b - 1] in "”\""), default=None)
        if last_close is not None and (not local.ends_open or len(spans) > 1):
            rest = text[last_close:]
            m = rules.after_verb_np.match(rest)
            if m and _plausible(m.group("spk"), rules, after_verb=True):
                local.spk, local.mode = m.group("spk"), "quoted"
                return local
            m = rules.after_np_verb.match(rest)
            if m and _plausible(m.group("spk"), rules):
                local.spk, local.mode = m.group("spk"), "quoted"
                return local
            if rules.after_verb_np.match(rest):  # "said another": someone, not the last speaker
                local.bare = False
        first_open = spans[0][0] if not open_before else None
        if first_open:
            head = text[:first_open].rstrip()
            for m in (rules.clause_start.match(head), rules.clause_fronted.match(head),
                      rules.clause_end.search(head.rstrip(" :,") + ".")):
                if m and _group(m) and _plausible(_group(m), rules, after_verb=bool(m.groupdict().get("spk2"))):
                    local.spk, local.mode = _group(m), "quoted"
                    if m.re is not rules.clause_end and not head.endswith((":", ",")) and not _QUOTE_MARK.search(head) \
                            and _LAST_WORD.sub("", head).lower().rsplit(None, 1)[-1] not in rules.verbs:
                        local.mode = "reported"  # a quoted phrase inside indirect speech ("said that “...”")
                    return local
    # the main-clause reporting verb at the end wins ("X and Y criticised Z, the presidency said");
    # a clause opened by a subordinator is not the main clause ("After X announced A, Y said B")
    m_end = rules.clause_end.search(masked)
    end_first = m_end is not None and m_end.group("spk") is not None \
        and m_end.group("verb").lower() not in {"reports", "reported"}  # "..., AFP reports": a channel
    ordered = (m_end, rules.clause_start.match(masked), rules.clause_fronted.match(masked),
               rules.according_to.search(masked),
               rules.clause_participial.match(masked) if rules.clause_participial is not None else None)
    for m in (ordered if end_first else (*ordered[1:], m_end)):
        if m is m_end and m is not None and _group(m) and _AS.match(_group(m)):  # "..., as Y said"
            m_spk = _AS.sub("", _group(m))
            if _plausible(m_spk, rules, after_verb=bool(m.groupdict().get("spk2"))):
                local.spk, local.mode = m_spk, ("quoted" if local.direct else "reported")
                return local
        if m and _group(m) and _SUBORD.match(_group(m)) is None \
                and _plausible(_group(m), rules, after_verb=bool(m.groupdict().get("spk2"))
                               or m.re is rules.according_to):
            local.spk, local.mode = _group(m), ("quoted" if local.direct else "reported")
            return local
    return local


# ---------------------------------------------------------------- one article

# A phrase opened by a subordinator or relative word is not a main-clause speaker.
_SUBORD = re.compile(r"\W*(?:after|before|when|whenever|while|as|although|though|because|since|if|once|until|"
                     r"unless|whereas|whether|which|who|that|what|than|where|according|say|says|said)\b", re.I)
_AS = re.compile(r"^\W*as\s+(?=\S)", re.I)
# Speakers who speak for themselves: a place or nationality word next to them is not their role
# ("a refugee in Turkey", "a Syrian mother"), so they get no actor code from it.
_PRIVATE = frozenset({"refugee", "refugees", "resident", "residents", "villager", "villagers", "witness",
                      "witnesses", "man", "woman", "men", "women", "mother", "father", "wife", "husband",
                      "brother", "sister", "son", "daughter", "friend", "friends", "neighbour", "neighbor",
                      "fishermen", "farmer", "farmers", "student", "students", "worker", "workers", "survivor",
                      "survivors", "family", "families", "parents", "people", "citizens", "voters", "volunteer",
                      "volunteers", "activist", "activists", "teacher", "nurse", "shopkeeper", "migrant",
                      "migrants", "civilian", "civilians", "local", "locals", "exile", "exiles", "dissident"})

#: A quotation running over more sentences than this without closing is an unbalanced mark.
_MAX_RUN = 6
# A time phrase fronted before a group speaker: "On Sunday the Turkish government".
_FRONTED_TIME = re.compile(r"^(?:(?:on|in|at|by|last|this|earlier|later)\s+[\w-]+\s+)+(?=(?:the|a|an)\s|[A-Z])", re.I)
# Any quotation mark (the sentence subject is looked for before the first one).
_QUOTE_MARK = re.compile(r"[\"“”]")
# The start of an apposition after a name: "Hosseini, a UNHCR ambassador", "Abu Ruma, 34".
_APPOSITION = re.compile(r"\s*(?:a|an|the|who|whose|\d+)\b", re.I)
# Capitalised words (headline verbs are lower-cased before matching).
_CAPWORD = re.compile(r"\b[A-Z][a-z]+\b")


def _drop_unclosed_runs(sentences: Sequence[MutableMapping[str, Any]], locals_: list[_Local], rules: Rules) -> None:
    """Sentences continuing a quotation that never closes are re-read as outside quotes."""
    i = 0
    while i < len(locals_):
        if not locals_[i].starts_open:
            i += 1
            continue
        j = i
        while j + 1 < len(locals_) and locals_[j + 1].starts_open:
            j += 1
        if locals_[j].ends_open or j - i >= _MAX_RUN:  # never closes: an unbalanced mark
            for k in range(i, j + 1):
                locals_[k] = _analyse(sentences[k]["text"], False, rules)
        i = j + 1


def attribute(sentences: Sequence[MutableMapping[str, Any]], *, actors: ActorDictionary | str | Path | None = None,
              rules: Rules | None = None, text: str | None = None) -> Sequence[MutableMapping[str, Any]]:
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
    memory: dict[str, str] = {}
    locals_: list[_Local] = []
    open_q = False
    prev_end = None
    for row in sentences:
        if text is not None and prev_end is not None and "\n\n" in text[prev_end:row.get("start", prev_end)]:
            open_q = False  # a new paragraph re-opens its quotation explicitly
        s = row["text"]
        if row.get("is_title"):
            local = _Local()
            # headlines capitalise verbs ("Russia Accuses Ukraine"): lower-case known verbs
            s = _CAPWORD.sub(lambda w: w.group().lower() if w.group().lower() in rules.verbs else w.group(), s)
            m = rules.clause_start.match(s)
            if m and _plausible(m.group("spk"), rules):
                local.spk, local.mode = m.group("spk"), "reported"
            m_t = rules.target.search(s)
            local.target = m_t.group("tgt") if m_t and _target_ok(m_t.group("tgt"), rules) else None
        else:
            local = _analyse(s, open_q, rules)
            head = _QUOTE_MARK.split(s, maxsplit=1)[0]
            first = head.split(maxsplit=1)[0].lower() if head.strip() else ""
            local.subject = " ".join(head.split()[:12]) if s[:1].isupper() and first not in rules.pronouns else None
        open_q = local.ends_open
        prev_end = row.get("end")
        locals_.append(local)
    _drop_unclosed_runs(sentences, locals_, rules)
    # quotation runs: a sentence starting inside a quotation shares the run's speaker
    run_speaker: dict[int, str] = {}
    i = 0
    while i < len(locals_):
        j = i
        while j + 1 < len(locals_) and locals_[j + 1].starts_open:
            j += 1
        if j > i:
            spk = next((loc.spk for loc in locals_[i:j + 1] if loc.spk and loc.mode == "quoted"), None)
            if spk:
                for k in range(i, j + 1):
                    run_speaker[k] = spk
        i = j + 1
    actor_of: dict[str, str | None] = {}
    last: str | None = None  # the last speaker
    last_person: str | None = None  # the last person named as speaker or subject
    last_person_at = -10  # ... and the sentence where it was named
    last_speaker_person: str | None = None  # the last person who was a speaker
    prev_speaker: str | None = None  # the previous sentence's speaker
    for k, (row, local) in enumerate(zip(sentences, locals_)):
        subject = None
        if local.subject:  # a person named at the start of the sentence (pronoun antecedent)
            parts = local.subject.split(",")
            candidates = parts[:2] if len(parts[0].split()) <= 6 else parts[:1]
            for i_part, part in enumerate(candidates):
                lead = " ".join(part.split()[:5])
                name = _person_in(lead, rules, actors)
                # a lone surname counts when known, or when an apposition follows ("Hosseini, a ...")
                appositive = i_part == 0 and len(parts) > 1 and name == part.strip() \
                    and _APPOSITION.match(parts[1]) is not None and not name.lower().endswith("ly")
                if name and (" " in name or name.lower() in memory or actors.person(name) is not None or appositive):
                    subject, _ = _normalise(name, memory, rules, actors)
                    break
        raw_spk, mode = local.spk, local.mode
        if raw_spk is None and k in run_speaker:
            raw_spk, mode = run_speaker[k], "quoted"
        speaker, is_person = None, False
        if raw_spk is not None:
            speaker, is_person = _normalise(raw_spk, memory, rules, actors)
            if speaker == "i":  # the writer's own words: authorial
                speaker = None
            elif speaker in rules.pronouns:
                speaker = (last if speaker in {"they", "we", "it"} else (subject or last_person)) or None
                is_person = speaker is not None and speaker == last_person
            elif not is_person and _definite_role(speaker, rules):
                head = speaker.split()[-1].lower()
                if last and last.split()[-1].lower() == head:
                    speaker = last  # "an American official ... the official said"
                elif last_speaker_person and k - last_person_at <= 3:
                    speaker, is_person = last_speaker_person, True  # "the minister added" -> that minister
            if speaker is not None and speaker not in actor_of:
                hit = actors.lookup(speaker) if is_person or speaker == raw_spk else None
                if hit is None or (is_person and hit.kind != "person"):
                    hit = actors.find(raw_spk, prefer_person=True) or hit
                if hit is not None and hit.kind != "person" and _private(raw_spk):
                    hit = None  # "a refugee in Turkey" is not TUR
                actor_of[speaker] = hit.actor if hit else None
        elif (local.bare or local.starts_open) and prev_speaker:
            speaker, mode = prev_speaker, "quoted"
        if speaker is None:
            mode = "authorial"
        row["speaker"] = speaker
        row["speaker_actor"] = actor_of.get(speaker) if speaker else None
        row["mode"] = mode or "authorial"
        if speaker:
            last = speaker
            if is_person:
                last_person, last_person_at = speaker, k
                last_speaker_person = speaker
        elif subject:
            last_person, last_person_at = subject, k
        prev_speaker = speaker if row["mode"] in {"quoted", "reported"} else None
        target = None
        if local.target:
            target, _ = _normalise(local.target, memory, rules, actors)
            if target in rules.pronouns:
                target = None
        row["target"] = target
        hit = actors.lookup(target) if target else None
        row["target_actor"] = hit.actor if hit else None
    return sentences
