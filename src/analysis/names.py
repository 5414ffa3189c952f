"""First names and their usual gender, for resolving "he" and "she" to a person.

The shipped list is ``analysis/data/first_names.csv`` (24,829 names, columns ``name, gender``
with ``f``/``m``; derived from nomquamgender 0.1.4, MIT licence; the file's header gives the
source, the filter and the licence in full). Names it does not hold, and names used by men
and women alike ("Jean", "Kim", "Andrea"), have no gender: the tracker then treats the person
as compatible with either pronoun.

Examples
--------
>>> first_name_gender("Sergei"), first_name_gender("Olena"), first_name_gender("Jean")
('m', 'f', None)
>>> gender_of_name("Foreign Minister Anna Kovacs")
'f'
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

__all__ = ["load_first_names", "first_name_gender", "gender_of_name"]

# Letters of a name token, for folding accents ("Zoë" -> "zoe").
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


def _fold(word: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=4)
def _load(path: str | None) -> dict[str, str]:
    from analysis.errors import InputError
    from analysis.io import read_data_text

    text, origin = read_data_text(path, default="first_names.csv", what="first-name list")
    out: dict[str, str] = {}
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    header = next(lines, "")
    if header.replace(" ", "") != "name,gender":
        raise InputError(origin, "a first-name list needs the header 'name,gender'")
    for line in lines:
        name, _, gender = line.partition(",")
        gender = gender.strip().lower()
        if gender in ("f", "m"):
            out[_fold(name.strip())] = gender
    return out


def load_first_names(path: str | Path | None = None) -> dict[str, str]:
    """The first-name list as ``{folded name: "f" | "m"}`` (shipped file, or your CSV).

    Examples
    --------
    >>> load_first_names()["anna"]
    'f'
    """
    return _load(None if path is None else str(Path(path).resolve()))


def first_name_gender(name: str, names: dict[str, str] | None = None) -> str | None:
    """``"f"``, ``"m"`` or ``None`` for one first name."""
    table = load_first_names() if names is None else names
    return table.get(_fold(name))


def gender_of_name(full_name: str, names: dict[str, str] | None = None) -> str | None:
    """The gender of the first listed first name among a name's first two tokens.

    Titles before the name are skipped when they are not themselves listed names
    ("Foreign Minister Anna Kovacs" -> "Anna").
    """
    table = load_first_names() if names is None else names
    tokens = _TOKEN.findall(full_name)
    if len(tokens) < 2:
        return None
    for token in tokens[:-1]:
        gender = table.get(_fold(token))
        if gender is not None and token[:1].isupper():
            return gender
    return None
