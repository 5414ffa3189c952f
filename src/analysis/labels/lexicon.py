"""Load the labelers' lexicons: documented CSV data files shipped in ``analysis.labels.lexicons``.

Each file starts with ``#`` comment lines (purpose, entry count, sources, columns), then a CSV
header. Pass your own table (a DataFrame with the same columns, or a path to such a CSV) to
:class:`analysis.labels.CueLabeler` through its ``lexicons`` parameter, the way quanteda takes a
dictionary.

Examples
--------
>>> from analysis.labels.lexicon import load_lexicon, LEXICON_NAMES
>>> LEXICON_NAMES
('cues', 'modality', 'negation', 'commitment', 'reporting', 'context')
>>> cues = load_lexicon("cues")
>>> sorted(cues["label"].unique())
['accusation', 'prediction', 'rejection']
>>> int(load_lexicon("negation").shape[0]) > 5
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from analysis.errors import InputError

__all__ = ["LEXICON_NAMES", "REQUIRED_COLUMNS", "load_lexicon", "lexicon_header"]

#: The lexicon files, ``lexicons/<name>.csv``.
LEXICON_NAMES: tuple[str, ...] = ("cues", "modality", "negation", "commitment", "reporting", "context")

#: Columns each lexicon table must have.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "cues": ("label", "pattern", "type", "weight", "checks"),
    "modality": ("pattern", "type", "weight"),
    "negation": ("pattern",),
    "commitment": ("pattern",),
    "reporting": ("pattern", "type"),
    "context": ("name", "pattern"),
}


def _read_text(name: str) -> str:
    return resources.files("analysis.labels.lexicons").joinpath(f"{name}.csv").read_text("utf-8")


def lexicon_header(name: str) -> list[str]:
    """Return the ``#`` comment lines at the top of a shipped lexicon file.

    Examples
    --------
    >>> lexicon_header("negation")[0].startswith("# Negation lexicon")
    True
    """
    return [line for line in _read_text(name).splitlines() if line.startswith("#")]


def _parse(text: str, source: str) -> pd.DataFrame:
    from analysis.tables import read_data_csv

    try:
        return read_data_csv(text, source=source)
    except InputError as exc:
        raise InputError(source, f"not a valid lexicon CSV: {exc.problem}") from None


def load_lexicon(name: str, source: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """Return lexicon ``name`` as a DataFrame of str columns (weights are converted to float).

    Parameters
    ----------
    name : {"cues", "modality", "negation", "commitment", "reporting", "context"}
        Which lexicon.
    source : path, DataFrame or None
        ``None`` loads the shipped file; a path reads that CSV (``#`` comment lines allowed);
        a DataFrame is validated and used as is.

    Raises
    ------
    InputError
        Unknown name, unreadable file, missing columns or a non-numeric weight.
    """
    if name not in REQUIRED_COLUMNS:
        raise InputError(name, f"unknown lexicon; choose one of {', '.join(LEXICON_NAMES)}")
    label = f"lexicon {name!r}"
    if source is None:
        frame = _parse(_read_text(name), label)
    elif isinstance(source, pd.DataFrame):
        frame = source.copy()
    else:
        try:
            frame = _parse(Path(source).read_text("utf-8"), str(source))
        except OSError as exc:
            raise InputError(source, f"cannot read lexicon: {exc.strerror or exc}") from None
        label = str(source)
    missing = [c for c in REQUIRED_COLUMNS[name] if c not in frame.columns]
    if missing:
        raise InputError(label, f"missing column(s) {', '.join(missing)}")
    if "weight" in frame.columns:
        try:
            frame["weight"] = frame["weight"].astype(float)
        except ValueError:
            raise InputError(label, "column 'weight' must be numeric") from None
    for column in REQUIRED_COLUMNS[name]:
        if column != "weight":
            frame[column] = frame[column].fillna("").astype(str)
    return frame.reset_index(drop=True)
