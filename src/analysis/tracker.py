"""The speaker tracker: who has been named in an article so far, and who "he" or "the minister" is.

One :class:`SpeakerTracker` follows one article, sentence by sentence (``k`` is the sentence
index). Mentions register **entities**:

- people (``see_person``): a canonical name (the fullest form the article uses, titles
  stripped), a gender (from a title -- Mr, Mrs, spokeswoman -- or the first-name list of
  :mod:`analysis.names`), the role words of their titles and appositions ("foreign minister",
  "president") with the place words next to them ("Russian"), and every surname-like token as a
  key ("Lavrov" -> "Sergei Lavrov", "Vázquez" -> "Wanda Vázquez Garced");
- organisations and groups (``see_org``): a canonical name without a leading "the" or an
  acronym in brackets, the acronym as a key ("the Royal Canadian Mounted Police (RCMP)" ->
  "RCMP" resolves to it), the actor dictionary's canonical name as a key (so "the Fed" and "the
  Federal Reserve" are one entity), and a head noun ("ministry", "court").

Lookups resolve a later mention to an entity:

- :meth:`SpeakerTracker.pronoun`: "he"/"she" -> the most recent person named as a speaker or as
  a sentence subject whose gender does not contradict the pronoun; "they"/"it" -> the last
  organisation or group speaker;
- :meth:`SpeakerTracker.description`: "the minister", "the Slovenian President", "the
  ministry", "the court" -> the most recent entity whose role or head noun is the description's
  head and whose role or place words include the description's ("vice" and "deputy" must agree);
- :meth:`SpeakerTracker.name`: a surname, acronym or alias -> its entity; a first name alone
  ("Dr Meerjady") -> the one person with a role or a listed first name who has it.

Roles run together ("archbishop monsignor") also answer their first word ("the archbishop");
a "-based" modifier does not keep an organisation from its description ("the
Luxembourg-based court" -> the court). A person's surname never takes over an organisation's
acronym key.

Examples
--------
>>> t = SpeakerTracker()
>>> e = t.see_person("Anna Kovacs", k=0, roles=["foreign minister"], subject=True)
>>> _ = t.see_person("Omar Haddad", k=1, roles=["prime minister"], subject=True)
>>> t.pronoun("she", k=2).name, t.description("the foreign minister", k=2).name
('Anna Kovacs', 'Anna Kovacs')
>>> t.name("Kovacs").name
'Anna Kovacs'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.actors import Actor
from analysis.names import gender_of_name, load_first_names

__all__ = ["Entity", "SpeakerTracker"]

# Words of a name or a description.
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?")
# An acronym in brackets after an organisation's name: "(RCMP)", "(UNESCO)".
_ACRONYM = re.compile(r"\s*\((?P<acr>[A-Z][A-Za-z.&-]{1,11})\)")
# Determiners and possessives before a description.
_DET = frozenset({"the", "a", "an", "this", "that", "its", "his", "her", "their", "our"})


@lru_cache(maxsize=1)
def _default_ranks() -> frozenset[str]:
    import yaml

    from analysis.io import read_data_text

    text, _ = read_data_text(None, default="attribution.yml", what="attribution word-list file")
    return frozenset(str(w).casefold() for w in yaml.safe_load(text).get("rank_words", ()))


@dataclass
class Entity:
    """One speaker or potential speaker of an article."""

    name: str
    kind: str  # "person", "org" or "group"
    gender: str | None = None
    roles: set[str] = field(default_factory=set)  # "foreign minister", "president"
    places: set[str] = field(default_factory=set)  # place words next to a role: "russian"
    head: str | None = None  # head noun of an organisation or group: "ministry"
    actor: Actor | None = None
    mentions: int = 0
    last: float = -1  # sentence of the last mention as speaker or subject (a fraction: later in it)
    last_speaker: float = -1  # sentence of the last mention as speaker


def _low_words(text: str) -> list[str]:
    return [w.casefold().strip(".") for w in _WORD.findall(text)]


class SpeakerTracker:
    """Entities of one article, and the lookups that resolve mentions to them.

    Parameters
    ----------
    first_names : dict, optional
        ``{name: "f" | "m"}`` (default: :func:`analysis.names.load_first_names`).
    rank_words : iterable of str, optional
        Words that change who a role is ("deputy", "former": a deputy minister is not the
        minister); default: ``rank_words`` of ``analysis/data/attribution.yml``.
    """

    def __init__(self, *, first_names: dict[str, str] | None = None, rank_words: Iterable[str] | None = None) -> None:
        self.first_names = load_first_names() if first_names is None else first_names
        self.rank = _default_ranks() if rank_words is None else frozenset(w.casefold() for w in rank_words)
        self.entities: list[Entity] = []
        self._keys: dict[str, Entity] = {}
        self._given: dict[str, list[Entity]] = {}  # first names -> people ("Dr Meerjady" -> Meerjady Sabrina Flora)
        self.documents: dict[str, Entity] = {}  # "decree" -> its issuer, once named
        self.joint_at = -1  # the last sentence whose speaker was joint ("X and Y said")

    # ------------------------------------------------------------------ registering

    def _touch(self, entity: Entity, k: int, *, speaker: bool, subject: bool) -> Entity:
        entity.mentions += 1
        if speaker or subject:
            entity.last = max(entity.last, k)
        if speaker:
            entity.last_speaker = max(entity.last_speaker, k)
        return entity

    def see_person(self, name: str, *, k: int, roles: Iterable[str] = (), places: Iterable[str] = (),
                   gender: str | None = None, actor: Actor | None = None, speaker: bool = False,
                   subject: bool = False) -> Entity:
        """Register a mention of a person (``name`` without titles); return the entity."""
        words = name.split()
        entity = self.name(name, kinds=("person",))
        if entity is None:
            entity = Entity(name=name, kind="person")
            self.entities.append(entity)
        elif len(words) > len(entity.name.split()) and entity.name.split()[-1] in words \
                and self.first_names.get(words[0].casefold().strip(".")) is not None:
            entity.name = name  # a fuller form of the same name ("Vázquez" -> "Wanda Vázquez")
        self._keys[name.casefold()] = entity
        for w in words[1:] if len(words) > 1 else words:
            key = w.casefold().strip(".")
            held = self._keys.get(key)
            if held is not None and held is not entity and held.kind == "person" and len(words) > 1 \
                    and len(held.name.split()) > 1 and held.name.split()[-1].casefold() == key:
                continue  # round 4: a relative ("Trump's niece Mary Trump") leaves "Trump" to the first Trump
            if len(key) > 1 and getattr(held, "kind", "person") == "person":
                self._keys[key] = entity  # a surname; an organisation's acronym stays the organisation's
        entity.gender = entity.gender or gender or gender_of_name(name, self.first_names)
        entity.roles.update(r for r in roles if r)
        entity.places.update(p for p in places if p)
        entity.actor = entity.actor or actor
        given = words[0].casefold() if len(words) > 1 and not words[0].isupper() else None
        if given and (entity.roles or given in self.first_names) and entity not in self._given.setdefault(given, []):
            self._given[given].append(entity)  # "Dr Meerjady" -> Meerjady Sabrina Flora, the director
        return self._touch(entity, k, speaker=speaker, subject=subject)

    def see_org(self, name: str, *, k: int, actor: Actor | None = None, kind: str = "org",
                speaker: bool = False, subject: bool = False) -> Entity:
        """Register a mention of an organisation or group; return the entity.

        An acronym in brackets ("... Police (RCMP)") becomes a key and is dropped from the name.
        """
        m = _ACRONYM.search(name)
        acronym = m.group("acr") if m else None
        clean = _ACRONYM.sub("", name).strip()
        words = clean.split()
        key = " ".join(words[1:]) if len(words) > 1 and words[0].casefold() in _DET else clean
        if key != clean and words[1][:1].isupper():
            clean = key  # "the Royal Canadian Mounted Police" -> "Royal Canadian Mounted Police"
        entity = self._keys.get(key.casefold())
        if entity is None and actor is not None:
            entity = self._keys.get("actor:" + actor.name.casefold())
        if entity is None:
            low = _low_words(key)
            cut = next((i for i, w in enumerate(low) if w in ("of", "for", "on", "in") and i > 0), len(low))
            entity = Entity(name=clean, kind=kind, head=low[cut - 1] if cut else None, actor=actor)
            self.entities.append(entity)
        self._keys[key.casefold()] = entity
        if acronym:
            self._keys[acronym.casefold()] = entity
        if actor is not None:
            self._keys["actor:" + actor.name.casefold()] = entity
        return self._touch(entity, k, speaker=speaker, subject=subject)

    # ------------------------------------------------------------------ lookups

    def name(self, name: str, *, kinds: tuple[str, ...] = ("person", "org", "group")) -> Entity | None:
        """The entity a name, surname, acronym or alias refers to, if registered."""
        low = name.casefold().strip()
        entity = self._keys.get(low)
        if entity is None:
            words = low.split()
            if words and words[0] in _DET:
                entity = self._keys.get(" ".join(words[1:]))
            if entity is None and len(words) > 1:
                entity = self._keys.get(words[-1].strip("."))
                if entity is not None and entity.kind == "person":
                    first = self.first_names.get(words[0])
                    if first is not None and words[0] not in _low_words(entity.name):
                        entity = None  # "Hunter Biden" is not "Joe Biden"
            if entity is None and len(words) == 1 and len(self._given.get(low, ())) == 1:
                entity = self._given[low][0]  # a first name alone, of one person only
        return entity if entity is not None and entity.kind in kinds else None

    def actor_entity(self, actor: Actor) -> Entity | None:
        """The entity registered for an actor dictionary entry."""
        return self._keys.get("actor:" + actor.name.casefold())

    def pronoun(self, pronoun: str, *, k: int) -> Entity | None:
        """The entity "he", "she", "they" or "it" most likely refers to at sentence ``k``."""
        p = pronoun.casefold()
        if p in ("he", "she"):
            want = "m" if p == "he" else "f"
            people = [e for e in self.entities if e.kind == "person" and e.last >= 0 and e.gender in (None, want)]
            if not people:
                return None
            return max(people, key=lambda e: (e.last, e.last_speaker))
        if p in ("they", "it", "we"):
            groups = [e for e in self.entities if e.kind != "person" and e.last_speaker >= 0]
            return max(groups, key=lambda e: e.last_speaker) if groups else None
        return None

    def description(self, phrase: str, *, k: int, place_codes: dict[str, str] | None = None) -> Entity | None:
        """The entity a definite description ("the minister", "the Slovenian President") refers to.

        ``place_codes`` maps place words of the description to actor codes ("russian" -> "RUS"):
        a person whose actor code is that place's fits ("the Russian President" -> Putin).
        """
        words = _low_words(phrase)
        if words and words[0] in _DET:
            words = words[1:]
        if not words:
            return None
        cut = next((i for i, w in enumerate(words) if w in ("of", "for", "at", "in") and i > 0), len(words))
        head, mods = words[cut - 1], set(words[:cut - 1])
        tail = set(words[cut + 1:]) if cut < len(words) else set()
        best: Entity | None = None
        for e in self.entities:
            if e.kind == "person":
                ok = False
                for role in e.roles:
                    r = role.split()
                    # "the archbishop" also fits the role "archbishop monsignor" (titles run together)
                    if not r or (r[-1] != head and (head not in r or mods)):
                        continue
                    if (set(r) & self.rank) != (mods & self.rank):
                        continue
                    extra = mods - self.rank - set(r) - e.places
                    if place_codes and e.actor is not None:
                        extra = {w for w in extra if place_codes.get(w) != e.actor.actor}
                    if not extra:
                        ok = True
                        break
                if not ok:
                    continue
            else:
                if e.head != head:
                    continue
                name_words = set(_low_words(e.name))
                located = {w for w in mods if w.endswith("-based")}  # "the Luxembourg-based court"
                if (mods - name_words - located - {"new", "same"}) or (tail - name_words):
                    continue
            if best is None or (e.last, e.last_speaker, e.mentions) > (best.last, best.last_speaker, best.mentions):
                best = e
        return best

    def last_person(self, *, k: int, within: int = 3, gender: str | None = None) -> Entity | None:
        """The person named as speaker or subject most recently, at most ``within`` sentences ago."""
        people = [e for e in self.entities if e.kind == "person" and e.last >= 0 and k - e.last <= within
                  and (gender is None or e.gender in (None, gender))]
        return max(people, key=lambda e: (e.last, e.last_speaker)) if people else None

    def last_speaker(self, *, k: int, within: int = 3) -> Entity | None:
        """The entity that spoke most recently, at most ``within`` sentences ago."""
        spoke = [e for e in self.entities if e.last_speaker >= 0 and k - e.last_speaker <= within]
        return max(spoke, key=lambda e: e.last_speaker) if spoke else None
