"""Compare the recorded positions of two drafts, issue by issue.

Change types (``CHANGES``), for one issue between draft A (from) and draft B (to):

- ``unchanged``: both drafts have the issue and the same substance (same set of
  party/code/value/unit and, ignoring ``reported`` rows, the same statuses);
- ``modified``: both have it, with different substance or status;
- ``dropped``: A has it and a source says B does not (``status = absent``);
- ``added``: a source says A does not have it and B has it;
- ``not covered``: no source says anything about the issue in A or in B, so nothing is known
  about a change. Silence is never read as absence.

Examples
--------
>>> from analysis.drafts.compare import compare_drafts
>>> ch = compare_drafts("istanbul-0329", "ua-draft-0406")
>>> ch.set_index("issue").loc["guarantee-scope-crimea", "change"]
'dropped'
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.drafts.model import DraftSet, load_process, split_ids
from analysis.errors import InputError

__all__ = [
    "CHANGES",
    "CHANGE_COLUMNS",
    "UNATTRIBUTED",
    "compare_drafts",
    "issue_change",
    "force_gap",
    "presence_matrix",
    "draft_pairs",
    "compare_pairs",
]

CHANGES: tuple[str, ...] = ("added", "dropped", "modified", "unchanged", "not covered")
CHANGE_COLUMNS: tuple[str, ...] = (
    "from_id", "to_id", "issue", "label", "change", "coverage", "old_parties", "new_parties",
    "old", "new", "old_sources", "new_sources", "detail", "gap",
)
#: Party value for figures whose side the source does not name; never paired in gaps.
UNATTRIBUTED = "unattributed"


def _data(positions, drafts, issues, process_dir) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    if isinstance(positions, DraftSet):
        return positions.positions, positions.drafts, positions.issues
    if positions is None:
        ds = load_process(process_dir)
        return ds.positions, ds.drafts, ds.issues
    return positions, drafts, issues


def _state(rows: pd.DataFrame) -> str:
    if rows.empty:
        return "unknown"
    return "present" if (rows["status"] != "absent").any() else "absent"


def _value_text(value: float) -> str:
    if pd.isna(value):
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def _describe(rows: pd.DataFrame) -> str:
    parts = []
    for _, r in rows.iterrows():
        text = r["position"] or "(not in the draft)"
        parts.append(f"{r['party']} [{r['status']}; {r['source']}]: {text}")
    return " | ".join(parts)


def _signature(rows: pd.DataFrame) -> tuple[frozenset, frozenset]:
    present = rows[rows["status"] != "absent"]
    subst = frozenset(
        (r["party"], r["code"] or r["position"], _value_text(r["value"]), r["unit"])
        for _, r in present.iterrows()
    )
    statuses = frozenset(s for s in present["status"] if s != "reported")
    return subst, statuses


def _sources(rows: pd.DataFrame) -> str:
    seen: list[str] = []
    for cell in rows["source"]:
        for s in split_ids(cell):
            if s not in seen:
                seen.append(s)
    return ";".join(seen)


def issue_change(old: pd.DataFrame, new: pd.DataFrame) -> tuple[str, str]:
    """Classify the change of one issue given its position rows in two drafts.

    Parameters
    ----------
    old, new : pandas.DataFrame
        Rows of ``positions`` for the issue in the from- and to-draft (may be empty).

    Returns
    -------
    (change, detail) : tuple of str
        ``change`` is one of :data:`CHANGES`; ``detail`` explains it in a few words.

    Examples
    --------
    >>> import pandas as pd
    >>> cols = ["party", "code", "position", "value", "unit", "status", "source"]
    >>> a = pd.DataFrame([["Ukraine", "x", "X", float("nan"), "", "proposed", "S1"]], columns=cols)
    >>> b = pd.DataFrame([["Ukraine", "", "", float("nan"), "", "absent", "S2"]], columns=cols)
    >>> issue_change(a, b)[0], issue_change(a, a.iloc[:0])[0]
    ('dropped', 'not covered')
    """
    sa, sb = _state(old), _state(new)
    notes = []
    for side, rows in (("from", old), ("to", new)):
        if _state(rows) == "present" and (rows["status"] == "absent").any():
            notes.append(f"sources disagree on whether the {side}-draft has it")
    if "unknown" in (sa, sb):
        which = {("unknown", "unknown"): "no source for either draft",
                 }.get((sa, sb), "no source for the " + ("from" if sa == "unknown" else "to") + "-draft")
        return "not covered", "; ".join([which, *notes])
    if sa == "present" and sb == "absent":
        return "dropped", "; ".join(["a source says the to-draft lacks it", *notes])
    if sa == "absent" and sb == "present":
        return "added", "; ".join(["a source says the from-draft lacked it", *notes])
    if sa == "absent" and sb == "absent":
        return "unchanged", "absent from both"
    (subst_a, stat_a), (subst_b, stat_b) = _signature(old), _signature(new)
    if subst_a == subst_b and not (stat_a and stat_b and stat_a != stat_b):
        return "unchanged", "; ".join(["same substance", *notes])
    same_terms = {t[1:] for t in subst_a} == {t[1:] for t in subst_b}
    why = ["same terms, held by other parties" if same_terms else "different substance"]
    parties_a = sorted({t[0] for t in subst_a})
    parties_b = sorted({t[0] for t in subst_b})
    if parties_a != parties_b:
        why.append(f"parties {'/'.join(parties_a)} -> {'/'.join(parties_b)}")
    if stat_a and stat_b and stat_a != stat_b:
        why.append(f"status {'/'.join(sorted(stat_a))} -> {'/'.join(sorted(stat_b))}")
    return "modified", "; ".join([*why, *notes])


def force_gap(
    positions: pd.DataFrame | DraftSet | None = None,
    *,
    draft_id: str | None = None,
    issues: Iterable[str] | None = None,
    process_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Gaps between parties on numeric positions (troop, tank, artillery caps ...).

    For every draft, issue and unit, each value of one party is paired with each value of
    every other party (so disagreeing sources give several rows). Figures of
    ``unattributed`` rows, or of issues with a single party, get one unpaired row.

    Parameters
    ----------
    positions : DataFrame or DraftSet, optional
        Default: the default process.
    draft_id : str, optional
        Only this draft.
    issues : iterable of str, optional
        Only these issues.
    process_dir : path, optional
        Process folder used when ``positions`` is omitted.

    Returns
    -------
    pandas.DataFrame
        ``draft_id, issue, unit, party_a, value_a, source_a, party_b, value_b, source_b,
        gap, ratio, confidence`` (``gap = value_b - value_a``; ``ratio = value_b / value_a``).

    Examples
    --------
    >>> g = force_gap(draft_id="treaty-draft-0415", issues=["forces-troops"])
    >>> r = g.iloc[0]
    >>> r["party_a"], int(r["value_a"]), r["party_b"], int(r["value_b"]), int(r["gap"])
    ('Russia', 85000, 'Ukraine', 250000, 165000)
    """
    pos, _, _ = _data(positions, None, None, process_dir)
    num = pos[pos["value"].notna() & (pos["status"] != "absent")]
    if draft_id is not None:
        num = num[num["draft_id"] == draft_id]
    if issues is not None:
        num = num[num["issue"].isin(list(issues))]
    rows = []
    conf_rank = {"high": 0, "medium": 1, "low": 2}
    for (did, issue, unit), grp in num.groupby(["draft_id", "issue", "unit"], sort=False):
        known = grp[grp["party"] != UNATTRIBUTED]
        parties = sorted(known["party"].unique())
        paired = False
        for i, pa in enumerate(parties):
            for pb in parties[i + 1:]:
                for _, ra in known[known["party"] == pa].iterrows():
                    for _, rb in known[known["party"] == pb].iterrows():
                        paired = True
                        worst = max(ra["confidence"], rb["confidence"], key=lambda c: conf_rank.get(c, 3))
                        rows.append({
                            "draft_id": did, "issue": issue, "unit": unit,
                            "party_a": pa, "value_a": ra["value"], "source_a": ra["source"],
                            "party_b": pb, "value_b": rb["value"], "source_b": rb["source"],
                            "gap": rb["value"] - ra["value"],
                            "ratio": rb["value"] / ra["value"] if ra["value"] else float("nan"),
                            "confidence": worst,
                        })
        single = grp if not paired else grp[grp["party"] == UNATTRIBUTED]
        for _, r in single.iterrows():
            rows.append({
                "draft_id": did, "issue": issue, "unit": unit,
                "party_a": r["party"], "value_a": r["value"], "source_a": r["source"],
                "party_b": None, "value_b": float("nan"), "source_b": None,
                "gap": float("nan"), "ratio": float("nan"), "confidence": r["confidence"],
            })
    cols = ["draft_id", "issue", "unit", "party_a", "value_a", "source_a", "party_b",
            "value_b", "source_b", "gap", "ratio", "confidence"]
    return pd.DataFrame(rows, columns=cols)


def _gap_text(gaps: pd.DataFrame) -> str:
    if gaps.empty or gaps["party_b"].isna().all():
        return ""
    parts = []
    for _, g in gaps.iterrows():
        if pd.isna(g["party_b"]):
            parts.append(f"also {g['party_a']} {_value_text(g['value_a'])} [{g['source_a']}]")
        else:
            parts.append(
                f"{g['party_a']} {_value_text(g['value_a'])} [{g['source_a']}] vs "
                f"{g['party_b']} {_value_text(g['value_b'])} [{g['source_b']}] {g['unit']}: "
                f"gap {_value_text(abs(g['gap']))}"
            )
    return "; ".join(parts)


def compare_drafts(
    from_id: str,
    to_id: str,
    *,
    positions: pd.DataFrame | DraftSet | None = None,
    drafts: pd.DataFrame | None = None,
    issues: pd.DataFrame | None = None,
    process_dir: str | Path | None = None,
    include_uncovered: bool = False,
) -> pd.DataFrame:
    """Compare two drafts issue by issue.

    Parameters
    ----------
    from_id, to_id : str
        Draft ids (the older and the newer draft, usually).
    positions : DataFrame or DraftSet, optional
        The positions table (or a whole :class:`DraftSet`); default: load ``process_dir``.
    drafts : DataFrame, optional
        Used to check the ids (unknown ids raise :class:`~analysis.errors.InputError`).
    issues : DataFrame, optional
        Taxonomy, for labels and issue order.
    process_dir : path, optional
        Process folder, when ``positions`` is omitted (default: Istanbul 2022).
    include_uncovered : bool, default False
        Also list taxonomy issues that neither draft mentions.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CHANGE_COLUMNS`; ``gap`` summarises numeric gaps between the parties
        in the to-draft (see :func:`force_gap`).

    Examples
    --------
    >>> ch = compare_drafts("istanbul-0329", "treaty-draft-0415").set_index("issue")
    >>> ch.loc["guarantee-mechanism", "change"]
    'modified'
    >>> "85,000" in ch.loc["forces-troops", "gap"]
    True
    """
    if positions is None:
        positions = load_process(process_dir)
    ds = positions if isinstance(positions, DraftSet) else None
    pos, drafts, issues = _data(positions, drafts, issues, process_dir)
    known = list(drafts["draft_id"]) if drafts is not None else list(dict.fromkeys(pos["draft_id"]))
    for did in (from_id, to_id):
        if did not in known:
            where = (ds.folder / "drafts.csv") if ds is not None else "drafts"
            raise InputError(where, f"unknown draft id {did!r}; known: {', '.join(known)}")
    order = list(issues["issue"]) if issues is not None else []
    labels = dict(zip(issues["issue"], issues["label"])) if issues is not None else {}
    seen = list(dict.fromkeys(pos.loc[pos["draft_id"].isin([from_id, to_id]), "issue"]))
    names = (order if include_uncovered else [i for i in order if i in seen]) + [i for i in seen if i not in order]
    gaps = force_gap(pos, draft_id=to_id)
    rows = []
    for issue in names:
        old = pos[(pos["draft_id"] == from_id) & (pos["issue"] == issue)]
        new = pos[(pos["draft_id"] == to_id) & (pos["issue"] == issue)]
        change, detail = issue_change(old, new)
        coverage = {(True, True): "both", (True, False): "from only",
                    (False, True): "to only", (False, False): "neither"}[(not old.empty, not new.empty)]
        rows.append({
            "from_id": from_id, "to_id": to_id, "issue": issue, "label": labels.get(issue, issue),
            "change": change, "coverage": coverage,
            "old_parties": ";".join(dict.fromkeys(old["party"])),
            "new_parties": ";".join(dict.fromkeys(new["party"])),
            "old": _describe(old), "new": _describe(new),
            "old_sources": _sources(old), "new_sources": _sources(new),
            "detail": detail, "gap": _gap_text(gaps[gaps["issue"] == issue]),
        })
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))


def draft_pairs(draft_ids: list[str]) -> list[tuple[str, str]]:
    """Consecutive pairs, then every earlier draft against the last one.

    Examples
    --------
    >>> draft_pairs(["a", "b", "c"])
    [('a', 'b'), ('b', 'c'), ('a', 'c')]
    """
    pairs = list(zip(draft_ids, draft_ids[1:]))
    if draft_ids:
        pairs += [(d, draft_ids[-1]) for d in draft_ids[:-2]]
    return list(dict.fromkeys(pairs))


def compare_pairs(ds: DraftSet, pairs: Iterable[tuple[str, str]] | None = None) -> pd.DataFrame:
    """Stack :func:`compare_drafts` over several pairs (default :func:`draft_pairs`).

    Examples
    --------
    >>> from analysis.drafts.model import load_process
    >>> sorted(compare_pairs(load_process())["to_id"].unique())[:1]
    ['istanbul-0329']
    """
    pairs = list(pairs) if pairs is not None else draft_pairs(ds.draft_ids())
    frames = [compare_drafts(a, b, positions=ds) for a, b in pairs]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(CHANGE_COLUMNS))


def presence_matrix(
    positions: pd.DataFrame | DraftSet | None = None,
    *,
    drafts: pd.DataFrame | None = None,
    issues: pd.DataFrame | None = None,
    what: str = "both",
    process_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Issues x drafts: is the issue covered, and how did it change since the previous draft?

    Parameters
    ----------
    positions : DataFrame or DraftSet, optional
        Default: load ``process_dir`` (default Istanbul 2022).
    drafts, issues : DataFrame, optional
        Draft order (by date) and taxonomy order; taken from the DraftSet when given one.
    what : {"both", "coverage", "change"}
        Cell content: ``covered`` / ``absent`` / ``not covered``; the change type versus the
        previous draft (empty for the first); or both, as ``"covered (modified)"`` (the
        change is left out when it is ``not covered``).

    Returns
    -------
    pandas.DataFrame
        Index ``issue``, one column per draft in date order.

    Examples
    --------
    >>> m = presence_matrix(what="coverage")
    >>> m.loc["guarantee-scope-crimea", "ua-draft-0406"]
    'absent'
    """
    if what not in ("both", "coverage", "change"):
        raise ValueError(f"what must be 'both', 'coverage' or 'change', not {what!r}")
    pos, drafts, issues = _data(positions, drafts, issues, process_dir)
    ids = list(drafts["draft_id"]) if drafts is not None else list(dict.fromkeys(pos["draft_id"]))
    order = list(issues["issue"]) if issues is not None else list(dict.fromkeys(pos["issue"]))
    table = {}
    for issue in order:
        cells = []
        for k, did in enumerate(ids):
            rows = pos[(pos["draft_id"] == did) & (pos["issue"] == issue)]
            cov = {"present": "covered", "absent": "absent", "unknown": "not covered"}[_state(rows)]
            change = ""
            if k:
                prev = pos[(pos["draft_id"] == ids[k - 1]) & (pos["issue"] == issue)]
                change = issue_change(prev, rows)[0]
            if what == "coverage":
                cells.append(cov)
            elif what == "change":
                cells.append(change)
            else:
                # "not covered" vs the previous draft adds nothing to the coverage word.
                cells.append(f"{cov} ({change})" if change not in ("", "not covered") else cov)
        table[issue] = cells
    out = pd.DataFrame.from_dict(table, orient="index", columns=ids)
    out.index.name = "issue"
    return out
