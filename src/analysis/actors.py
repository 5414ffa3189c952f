"""The actor dictionary: names, aliases, places and groups -> canonical name, actor code, side.

The shipped dictionary is ``analysis/data/actors.csv`` (columns ``alias, name, actor, side,
kind``; ``#`` lines are comments, see its header). Users can pass their own CSV of the same
columns. Matching is case-insensitive on whole words, except all-capital aliases of up to five
letters (``US``, ``UN``, ``EU``), which must match case-sensitively so ``us`` is not the USA.

Examples
--------
>>> actors = load_actors()
>>> actors.lookup("Russian Foreign Minister Sergei Lavrov").name
'Sergei Lavrov'
>>> actors.lookup("the Ukrainian side").actor
'UKR'
>>> actors.find("controlled by Washington and its allies").actor
'USA'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from analysis._regex import trie_regex
from analysis.errors import InputError

__all__ = ["Actor", "ActorDictionary", "load_actors", "alias_key", "ACTOR_COLUMNS"]

#: Columns an actor CSV must have.
ACTOR_COLUMNS: tuple[str, ...] = ("alias", "name", "actor", "side", "kind")

# Leading determiners and trailing possessives ignored when matching a phrase exactly.
_DET = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"['’]s?$")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Actor:
    """One dictionary entry: canonical ``name``, ``actor`` code, ``side`` and ``kind``."""

    name: str
    actor: str
    side: str
    kind: str


def alias_key(text: str) -> str:
    """The form aliases are matched in: spaces collapsed, no leading article or trailing 's.

    Examples
    --------
    >>> alias_key("the  Kremlin's")
    'kremlin'
    """
    text = _WS.sub(" ", text).strip()
    text = _DET.sub("", text)
    return _POSSESSIVE.sub("", text).casefold()


_key = alias_key


class ActorDictionary:
    """Alias lookup over an actor table (see :func:`load_actors`).

    Parameters
    ----------
    table : DataFrame
        Columns :data:`ACTOR_COLUMNS`.
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table.reset_index(drop=True)
        self._exact: dict[str, Actor] = {}
        self._cased: dict[str, Actor] = {}
        for row in self.table.itertuples(index=False):
            actor = Actor(row.name, row.actor, row.side, row.kind)
            alias = str(row.alias).strip()
            if alias.isupper() and len(alias.replace(".", "")) <= 5:
                self._cased.setdefault(alias, actor)
            else:
                self._exact.setdefault(_key(alias), actor)
        # One character trie of all aliases, longest alias first at a position, whole words
        # (built once per dictionary; ~10x faster than a flat alternation of ~400 aliases).
        self._any = re.compile(r"(?<![\w-])(" + trie_regex(self._exact) + r")(?![\w-])", re.I) \
            if self._exact else None
        self._any_cased = re.compile(r"(?<![\w.])(" + trie_regex(self._cased) + r")(?![\w])") \
            if self._cased else None

    def __len__(self) -> int:
        return len(self.table)

    def lookup(self, phrase: str | None) -> Actor | None:
        """The entry for a phrase: an exact alias match, else the first alias inside it.

        Examples
        --------
        >>> load_actors().lookup("Zelensky").actor
        'UKR'
        """
        if not phrase:
            return None
        return self.exact(phrase) or self.find(phrase, prefer_person=True)

    def exact(self, phrase: str | None) -> Actor | None:
        """The entry whose alias is exactly this phrase (ignoring case, a leading "the" and a
        possessive), else None; no search inside the phrase.

        Examples
        --------
        >>> load_actors().exact("the Fed").name, load_actors().exact("the Fed chair")
        ('Federal Reserve', None)
        """
        if not phrase:
            return None
        return self._cased.get(phrase.strip()) or self._exact.get(_key(phrase))

    def find(self, text: str | None, *, prefer_person: bool = False) -> Actor | None:
        """The first alias occurring in ``text`` (leftmost; longest at a position).

        With ``prefer_person``, the first person's name wins over earlier places and groups.

        Examples
        --------
        >>> load_actors().find("talks with us") is None
        True
        """
        if not text:
            return None
        hits = []
        if self._any is not None:
            hits += [(m.start(), -len(m.group()), self._exact[_key(m.group())]) for m in self._any.finditer(text)]
        if self._any_cased is not None:
            hits += [(m.start(), -len(m.group()), self._cased[m.group()]) for m in self._any_cased.finditer(text)]
        if not hits:
            return None
        hits.sort(key=lambda h: (h[0], h[1]))
        if prefer_person:
            people = [h for h in hits if h[2].kind == "person"]
            if people:
                return people[0][2]
        return hits[0][2]

    def find_spans(self, text: str | None) -> list[tuple[int, int, Actor]]:
        """Every alias occurring in ``text`` as ``(start, end, actor)``, left to right (longest at
        a position, no overlaps).

        Examples
        --------
        >>> [(a, b, x.actor) for a, b, x in load_actors().find_spans("Moscow said Kyiv lied")]
        [(0, 6, 'RUS'), (12, 16, 'UKR')]
        """
        if not text:
            return []
        hits = []
        if self._any is not None:
            hits += [(m.start(), m.end(), self._exact[_key(m.group())]) for m in self._any.finditer(text)]
        if self._any_cased is not None:
            hits += [(m.start(), m.end(), self._cased[m.group()]) for m in self._any_cased.finditer(text)]
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out, end = [], -1
        for start, stop, actor in hits:
            if start >= end:
                out.append((start, stop, actor))
                end = stop
        return out

    def find_all(self, text: str | None) -> list[Actor]:
        """Every alias occurring in ``text``, left to right (longest at a position, no overlaps).

        Examples
        --------
        >>> [a.actor for a in load_actors().find_all("Moscow said Kyiv and Washington lied")]
        ['RUS', 'UKR', 'USA']
        """
        return [actor for _, _, actor in self.find_spans(text)]

    def person(self, name: str) -> Actor | None:
        """The entry for a person's name or surname (exact alias, kind ``person``)."""
        hit = self._exact.get(_key(name))
        return hit if hit is not None and hit.kind == "person" else None


def _read(source: str, origin: object) -> ActorDictionary:
    from analysis.tables import read_data_csv

    try:
        table = read_data_csv(source, source=origin)
    except InputError as exc:
        raise InputError(origin, f"cannot parse actor CSV: {exc.problem}") from None
    missing = [c for c in ACTOR_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(origin, f"actor CSV lacks columns {missing} (needs {list(ACTOR_COLUMNS)})")
    table = table[[*ACTOR_COLUMNS]].apply(lambda col: col.str.strip())
    return ActorDictionary(table[table["alias"] != ""])


@lru_cache(maxsize=8)
def _load_cached(path: str | None) -> ActorDictionary:
    if path is None:
        text = resources.files("analysis").joinpath("data/actors.csv").read_text(encoding="utf-8")
        return _read(text, "analysis/data/actors.csv")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read actor CSV ({exc.__class__.__name__})") from None
    return _read(text, path)


def load_actors(path: str | Path | ActorDictionary | None = None) -> ActorDictionary:
    """Load the shipped actor dictionary, or a user's CSV with the same columns.

    Examples
    --------
    >>> len(load_actors()) > 100
    True
    """
    if isinstance(path, ActorDictionary):
        return path
    return _load_cached(None if path is None else str(Path(path).resolve()))
