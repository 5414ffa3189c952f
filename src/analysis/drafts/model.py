"""Data model of negotiation drafts: drafts, positions, sources and the issue taxonomy.

A peace process is a folder (the shipped ``analysis/data/drafts/istanbul-2022/``, or your own) holding ``drafts.csv``,
``positions.csv`` and ``sources.csv``, and optionally its own ``issues.yml``; otherwise the
default taxonomy shipped with the package (``analysis/data/drafts/issues.yml``) is used.
:func:`load_process` reads and validates the folder; every problem is an
:class:`analysis.errors.InputError` naming the file and the row. See ``docs/drafts.md``.

Examples
--------
>>> from analysis.drafts.model import load_taxonomy, load_process, default_process_dir
>>> "guarantee-scope-crimea" in set(load_taxonomy()["issue"])
True
>>> ds = load_process(default_process_dir())
>>> list(ds.drafts["draft_id"])
['ru-draft-0307', 'istanbul-0329', 'ua-draft-0406', 'treaty-draft-0415']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from analysis.errors import InputError
from analysis.io import read_data_text

__all__ = [
    "STATUSES",
    "CONFIDENCES",
    "DRAFT_COLUMNS",
    "POSITION_COLUMNS",
    "SOURCE_COLUMNS",
    "DraftSet",
    "load_taxonomy",
    "load_process",
    "default_process_dir",
    "split_ids",
]

#: Status of a position in a draft. ``absent``: a source says the draft does NOT contain it.
STATUSES: tuple[str, ...] = ("agreed", "bracketed", "proposed", "reported", "absent")
#: How far a row can be trusted (the coder's judgement of the source).
CONFIDENCES: tuple[str, ...] = ("high", "medium", "low")

DRAFT_COLUMNS: tuple[str, ...] = ("draft_id", "date", "title", "party", "text_public", "sources")
POSITION_COLUMNS: tuple[str, ...] = (
    "position_id", "draft_id", "issue", "party", "position", "code",
    "value", "unit", "status", "source", "confidence",
)
SOURCE_COLUMNS: tuple[str, ...] = ("source_id", "citation", "outlet", "date", "kind")
SOURCE_KINDS: tuple[str, ...] = ("claimant", "independent", "party", "secondary")

# Several ids in one cell are separated by ";" (project convention for CSV list cells).
_LIST_SEP = re.compile(r"\s*;\s*")
# Issue and draft ids: lower-case words joined by hyphens (docs/drafts.md).
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def split_ids(cell: object) -> list[str]:
    """Split a ``;``-separated list cell into its non-empty items.

    Examples
    --------
    >>> split_ids("NYT-0615; WSJ-0301")
    ['NYT-0615', 'WSJ-0301']
    >>> split_ids(None)
    []
    """
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return []
    return [part for part in _LIST_SEP.split(str(cell).strip()) if part]


@dataclass(frozen=True)
class DraftSet:
    """The validated tables of one peace process.

    Attributes
    ----------
    drafts, positions, sources, issues : pandas.DataFrame
        See ``docs/drafts.md`` for the columns. ``drafts`` is sorted by date.
    folder : pathlib.Path
        The process folder the tables were read from.
    """

    drafts: pd.DataFrame
    positions: pd.DataFrame
    sources: pd.DataFrame
    issues: pd.DataFrame
    folder: Path

    def draft_ids(self) -> list[str]:
        """Draft ids in date order."""
        return list(self.drafts["draft_id"])

    def check_draft(self, draft_id: str) -> str:
        """Return ``draft_id`` or raise :class:`InputError` listing the known ids."""
        if draft_id not in set(self.drafts["draft_id"]):
            raise InputError(
                self.folder / "drafts.csv",
                f"unknown draft id {draft_id!r}; known: {', '.join(self.draft_ids())}",
            )
        return draft_id


def default_process_dir() -> Path:
    """The shipped Istanbul 2022 process, package data ``analysis/data/drafts/istanbul-2022``."""
    from importlib import resources

    return Path(str(resources.files("analysis").joinpath("data", "drafts", "istanbul-2022")))


def load_taxonomy(path: str | Path | None = None) -> pd.DataFrame:
    """Read an issue taxonomy (YAML, see ``analysis/data/drafts/issues.yml``).

    Parameters
    ----------
    path : str or Path, optional
        A taxonomy file; the package default when omitted.

    Returns
    -------
    pandas.DataFrame
        Columns ``issue``, ``label``, ``description``, ``unit``, ``keywords`` (a tuple of
        tuples of terms: each inner tuple must all occur).

    Examples
    --------
    >>> tax = load_taxonomy()
    >>> tax.set_index("issue").loc["forces-troops", "unit"]
    'troops'
    """
    text, name = read_data_text(path, default="drafts/issues.yml", what="taxonomy")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise InputError(name, f"not valid YAML ({exc})") from exc
    entries = data.get("issues") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError(name, "expected a top-level 'issues:' list")
    rows, seen = [], set()
    for i, entry in enumerate(entries, start=1):
        where = f"{name} issue #{i}"
        if not isinstance(entry, dict) or not entry.get("id"):
            raise InputError(where, "each issue needs an 'id'")
        issue = str(entry["id"])
        if not _ID.match(issue):
            raise InputError(where, f"issue id {issue!r} must be lower-case words joined by '-'")
        if issue in seen:
            raise InputError(where, f"duplicate issue id {issue!r}")
        seen.add(issue)
        keywords = []
        for kw in entry.get("keywords") or []:
            terms = (kw,) if isinstance(kw, str) else tuple(kw)
            terms = tuple(str(t).strip().lower() for t in terms if str(t).strip())
            if terms:
                keywords.append(terms)
        rows.append({
            "issue": issue,
            "label": str(entry.get("label") or issue),
            "description": str(entry.get("description") or ""),
            "unit": str(entry.get("unit") or ""),
            "keywords": tuple(keywords),
        })
    return pd.DataFrame(rows)


def _read_csv(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(path, "file not found")
    from analysis.tables import read_data_csv

    try:
        df = read_data_csv(path.read_text(encoding="utf-8"), source=path)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"cannot parse as CSV (not UTF-8: {exc.reason})") from None
    except InputError as exc:
        raise InputError(path, f"cannot parse as CSV ({exc.problem})") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}")
    for col in df.columns:
        df[col] = df[col].str.strip()
    return df


def _row(path: Path, i: int) -> str:
    # Row numbers are file line numbers: the header is line 1.
    return f"{path} row {i + 2}"


def _unique(df: pd.DataFrame, col: str, path: Path) -> None:
    for i, value in enumerate(df[col]):
        if not value:
            raise InputError(_row(path, i), f"empty {col}")
    dup = df[col].duplicated(keep="first")
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise InputError(_row(path, i), f"duplicate {col} {df[col].iloc[i]!r}")


def _check_date(value: str, where: str, *, required: bool) -> None:
    if not value:
        if required:
            raise InputError(where, "empty date")
        return
    try:
        pd.Timestamp(value)
    except ValueError as exc:
        raise InputError(where, f"date {value!r} is not YYYY-MM-DD") from exc


def load_process(
    folder: str | Path | None = None, *, taxonomy: str | Path | pd.DataFrame | None = None
) -> DraftSet:
    """Read and validate one peace process folder.

    Parameters
    ----------
    folder : str or Path, optional
        Holds ``drafts.csv``, ``positions.csv``, ``sources.csv`` (and optionally
        ``issues.yml``). Default: :func:`default_process_dir`.
    taxonomy : path or DataFrame, optional
        Issue taxonomy; default the folder's ``issues.yml`` if present, else the package's.

    Returns
    -------
    DraftSet

    Raises
    ------
    analysis.errors.InputError
        Naming the file and row: missing files or columns, duplicate ids, unknown draft,
        issue or source ids, positions without a source, bad status/confidence/value/date.

    Examples
    --------
    >>> ds = load_process()
    >>> ds.positions.query("draft_id == 'ua-draft-0406'")["status"].tolist()
    ['absent', 'reported', 'reported']
    """
    folder = Path(folder) if folder is not None else default_process_dir()
    if not folder.is_dir():
        raise InputError(folder, "process folder not found")
    if isinstance(taxonomy, pd.DataFrame):
        issues = taxonomy
    elif taxonomy is not None:
        issues = load_taxonomy(taxonomy)
    elif (folder / "issues.yml").is_file():
        issues = load_taxonomy(folder / "issues.yml")
    else:
        issues = load_taxonomy()
    known_issues = set(issues["issue"])

    src_path = folder / "sources.csv"
    sources = _read_csv(src_path, SOURCE_COLUMNS)
    _unique(sources, "source_id", src_path)
    for i, row in sources.iterrows():
        if row["kind"] not in SOURCE_KINDS:
            raise InputError(_row(src_path, i), f"kind {row['kind']!r} not one of {', '.join(SOURCE_KINDS)}")
        _check_date(row["date"], _row(src_path, i), required=False)
    for col in ("speaker", "url", "note"):
        if col not in sources.columns:
            sources[col] = ""
    known_sources = set(sources["source_id"])

    dr_path = folder / "drafts.csv"
    drafts = _read_csv(dr_path, DRAFT_COLUMNS)
    _unique(drafts, "draft_id", dr_path)
    for i, row in drafts.iterrows():
        _check_date(row["date"], _row(dr_path, i), required=True)
        for s in split_ids(row["sources"]):
            if s not in known_sources:
                raise InputError(_row(dr_path, i), f"unknown source {s!r} (not in sources.csv)")
    for col in ("aliases", "note"):
        if col not in drafts.columns:
            drafts[col] = ""
    drafts["date"] = pd.to_datetime(drafts["date"])
    drafts = drafts.sort_values(["date", "draft_id"], kind="stable").reset_index(drop=True)
    known_drafts = set(drafts["draft_id"])

    pos_path = folder / "positions.csv"
    positions = _read_csv(pos_path, POSITION_COLUMNS)
    _unique(positions, "position_id", pos_path)
    values = []
    for i, row in positions.iterrows():
        where = _row(pos_path, i)
        if row["draft_id"] not in known_drafts:
            raise InputError(where, f"unknown draft id {row['draft_id']!r} (not in drafts.csv)")
        if row["issue"] not in known_issues:
            raise InputError(where, f"issue {row['issue']!r} is not in the taxonomy")
        if not row["party"]:
            raise InputError(where, "empty party")
        srcs = split_ids(row["source"])
        if not srcs:
            raise InputError(where, "position has no source (every row must be cited)")
        for s in srcs:
            if s not in known_sources:
                raise InputError(where, f"unknown source {s!r} (not in sources.csv)")
        if row["status"] not in STATUSES:
            raise InputError(where, f"status {row['status']!r} not one of {', '.join(STATUSES)}")
        if row["confidence"] not in CONFIDENCES:
            raise InputError(where, f"confidence {row['confidence']!r} not one of {', '.join(CONFIDENCES)}")
        if row["value"]:
            try:
                values.append(float(row["value"].replace(",", "")))
            except ValueError as exc:
                raise InputError(where, f"value {row['value']!r} is not a number") from exc
            if not row["unit"]:
                raise InputError(where, "a numeric value needs a unit")
        else:
            values.append(float("nan"))
        if row["status"] != "absent" and not row["position"]:
            raise InputError(where, "empty position text")
    positions["value"] = pd.Series(values, index=positions.index, dtype="float64")
    if "note" not in positions.columns:
        positions["note"] = ""
    return DraftSet(drafts=drafts, positions=positions, sources=sources, issues=issues, folder=folder)
