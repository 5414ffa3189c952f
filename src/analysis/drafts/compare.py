"""Compare the recorded positions of drafts, issue by issue.

The rule (``docs/drafts.md``): each draft is compared, issue by issue, with the **last earlier
draft that covered the issue** (had a row for it). A draft that is silent on an issue is *not
covered* there and does not reset the history: the next draft that speaks about the issue is
compared with the last one that did. :func:`issue_history` applies the rule to every draft,
:func:`compare_drafts` to two drafts (the from-side is the from-draft, or the last draft before
it that covered the issue), and :func:`presence_matrix` shows the history as issues x drafts.

Change types (``CHANGES``), for one issue between an earlier record A and draft B:

- ``unchanged``: both have the issue and the same substance (same set of
  party/code/value/unit and, ignoring ``reported`` rows, the same statuses);
- ``modified``: both have it, with different substance or status;
- ``dropped``: A has it and a source says B does not (``status = absent``);
- ``added``: a source says A does not have it and B has it, or B is the **first record** of
  the issue (no earlier draft covers it; ``first_record`` is then true and the change reads
  "added, first record");
- ``not covered``: no source says anything about the issue in B, so nothing is known about a
  change. Silence is never read as absence.

Examples
--------
>>> from analysis.drafts.compare import compare_drafts
>>> ch = compare_drafts("istanbul-0329", "ua-draft-0406")
>>> ch.set_index("issue").loc["guarantee-scope-crimea", "change"]
'dropped'
>>> ch = compare_drafts("istanbul-0329", "treaty-draft-0415").set_index("issue")
>>> change_label(ch.loc["forces-troops", "change"], ch.loc["forces-troops", "first_record"])
'added, first record'
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.drafts.model import DraftSet, load_process, split_ids
from analysis.errors import InputError

__all__ = [
    "CHANGES",
    "CHANGE_LABELS",
    "CHANGE_COLUMNS",
    "HISTORY_COLUMNS",
    "UNATTRIBUTED",
    "change_label",
    "issue_history",
    "last_records",
    "compare_drafts",
    "issue_change",
    "force_gap",
    "presence_matrix",
    "value_text",
    "draft_pairs",
    "compare_pairs",
]

CHANGES: tuple[str, ...] = ("added", "dropped", "modified", "unchanged", "not covered")
#: The words a reader sees for a change (matrix cells, legends, the changes figure), in
#: display order; see :func:`change_label`.
CHANGE_LABELS: tuple[str, ...] = (
    "added, first record", "added", "modified", "unchanged", "dropped", "dropped, first record", "not covered",
)
#: Columns of :func:`compare_drafts`. ``compared_with``: the draft whose rows are the
#: from-side (the from-draft, or the last draft before it that covered the issue).
CHANGE_COLUMNS: tuple[str, ...] = (
    "from_id", "to_id", "issue", "label", "change", "first_record", "coverage", "compared_with",
    "old_parties", "new_parties", "old", "new", "old_sources", "new_sources", "detail", "gap",
)
#: Columns of :func:`issue_history`: one row per draft and issue.
HISTORY_COLUMNS: tuple[str, ...] = (
    "draft_id", "date", "issue", "label", "coverage", "change", "first_record", "change_label",
    "compared_with", "parties", "position", "sources", "detail",
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


def value_text(value: float) -> str:
    """A recorded value as text: thousands separators, no trailing ``.0``; empty for NaN.

    Examples
    --------
    >>> value_text(85000.0), value_text(2.5), value_text(float("nan"))
    ('85,000', '2.5', '')
    """
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
        (r["party"], r["code"] or r["position"], value_text(r["value"]), r["unit"])
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
            parts.append(f"also {g['party_a']} {value_text(g['value_a'])} [{g['source_a']}]")
        else:
            parts.append(
                f"{g['party_a']} {value_text(g['value_a'])} [{g['source_a']}] vs "
                f"{g['party_b']} {value_text(g['value_b'])} [{g['source_b']}] {g['unit']}: "
                f"gap {value_text(abs(g['gap']))}"
            )
    return "; ".join(parts)


def change_label(change: str, first_record: bool = False) -> str:
    """The words shown for a change: the change, plus ", first record" for a first record.

    Examples
    --------
    >>> change_label("added", True), change_label("modified")
    ('added, first record', 'modified')
    """
    return f"{change}, first record" if first_record and change in ("added", "dropped") else change


def _draft_order(pos: pd.DataFrame, drafts: pd.DataFrame | None) -> list[str]:
    return list(drafts["draft_id"]) if drafts is not None else list(dict.fromkeys(pos["draft_id"]))


def last_records(
    pos: pd.DataFrame, order: list[str], upto: str, *, inclusive: bool = True
) -> dict[str, str]:
    """For each issue, the last draft up to ``upto`` (in ``order``) with a row for it.

    Parameters
    ----------
    pos : DataFrame
        The positions table.
    order : list of str
        Draft ids in date order.
    upto : str
        A draft id of ``order``.
    inclusive : bool, default True
        Whether ``upto`` itself counts (False: only the drafts before it).

    Examples
    --------
    >>> from analysis.drafts.model import load_process
    >>> ds = load_process()
    >>> last_records(ds.positions, ds.draft_ids(), "ua-draft-0406")["neutrality"]
    'istanbul-0329'
    """
    k = order.index(upto) + (1 if inclusive else 0)
    earlier = set(order[:k])
    out: dict[str, str] = {}
    rank = {d: i for i, d in enumerate(order)}
    for did, issue in zip(pos["draft_id"], pos["issue"]):
        if did in earlier and (issue not in out or rank[did] > rank[out[issue]]):
            out[issue] = did
    return out


def _compare_to_record(old: pd.DataFrame, new: pd.DataFrame, record: str | None) -> tuple[str, bool, str]:
    """(change, first_record, detail) of ``new`` against the rows of the last earlier record."""
    if new.empty:
        where = f"the last record is {record}" if record else "no draft covers it yet"
        return "not covered", False, f"no source for this draft ({where})"
    if record is None:
        state = _state(new)
        change = "added" if state == "present" else "dropped"
        said = "has it" if state == "present" else "a source says the draft lacks it"
        return change, True, f"first record: no earlier draft covers the issue; {said}"
    change, detail = issue_change(old, new)
    return change, False, detail


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
    """Compare two drafts issue by issue (the from-side goes back to the last record).

    For each issue the to-draft's rows are compared with the from-draft's rows or, when the
    from-draft is silent on the issue, with those of the last earlier draft that covered it
    (``compared_with``). An issue no draft up to the from-draft covers, and the to-draft does,
    is ``added`` with ``first_record`` true; an issue the to-draft is silent on is
    ``not covered``.

    Parameters
    ----------
    from_id, to_id : str
        Draft ids (the older and the newer draft, usually).
    positions : DataFrame or DraftSet, optional
        The positions table (or a whole :class:`DraftSet`); default: load ``process_dir``.
    drafts : DataFrame, optional
        Draft order by date; used to check the ids (unknown ids raise
        :class:`~analysis.errors.InputError`).
    issues : DataFrame, optional
        Taxonomy, for labels and issue order.
    process_dir : path, optional
        Process folder, when ``positions`` is omitted (default: Istanbul 2022).
    include_uncovered : bool, default False
        Also list taxonomy issues that no draft up to the to-draft mentions.

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
    >>> ch = compare_drafts("ua-draft-0406", "treaty-draft-0415").set_index("issue")
    >>> ch.loc["neutrality", ["change", "compared_with"]].tolist()
    ['modified', 'istanbul-0329']
    """
    if positions is None:
        positions = load_process(process_dir)
    ds = positions if isinstance(positions, DraftSet) else None
    pos, drafts, issues = _data(positions, drafts, issues, process_dir)
    known = _draft_order(pos, drafts)
    for did in (from_id, to_id):
        if did not in known:
            where = (ds.folder / "drafts.csv") if ds is not None else "drafts"
            raise InputError(where, f"unknown draft id {did!r}; known: {', '.join(known)}")
    order = list(issues["issue"]) if issues is not None else []
    labels = dict(zip(issues["issue"], issues["label"])) if issues is not None else {}
    records = last_records(pos, known, from_id)
    new_rows = pos[pos["draft_id"] == to_id]
    seen = list(dict.fromkeys([*records, *new_rows["issue"]]))
    names = (order if include_uncovered else [i for i in order if i in seen]) + [i for i in seen if i not in order]
    gaps = force_gap(pos, draft_id=to_id)
    rows = []
    for issue in names:
        record = records.get(issue)
        old = pos[(pos["draft_id"] == record) & (pos["issue"] == issue)] if record else pos.iloc[:0]
        new = new_rows[new_rows["issue"] == issue]
        change, first, detail = _compare_to_record(old, new, record)
        if record and record != from_id and not new.empty:
            detail = f"{from_id} is silent; compared with {record}; {detail}"
        coverage = {(True, True): "both", (True, False): "from only",
                    (False, True): "to only", (False, False): "neither"}[(not old.empty, not new.empty)]
        rows.append({
            "from_id": from_id, "to_id": to_id, "issue": issue, "label": labels.get(issue, issue),
            "change": change, "first_record": first, "coverage": coverage, "compared_with": record or "",
            "old_parties": ";".join(dict.fromkeys(old["party"])),
            "new_parties": ";".join(dict.fromkeys(new["party"])),
            "old": _describe(old), "new": _describe(new),
            "old_sources": _sources(old), "new_sources": _sources(new),
            "detail": detail, "gap": _gap_text(gaps[gaps["issue"] == issue]),
        })
    out = pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))
    out["first_record"] = out["first_record"].astype(bool)
    return out


def issue_history(
    positions: pd.DataFrame | DraftSet | None = None,
    *,
    drafts: pd.DataFrame | None = None,
    issues: pd.DataFrame | None = None,
    process_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Every draft against the last earlier draft that covered each issue: the one table
    behind the drafts matrix, the changes figure and the position timeline.

    Parameters
    ----------
    positions : DataFrame or DraftSet, optional
        Default: load ``process_dir`` (default Istanbul 2022).
    drafts, issues : DataFrame, optional
        Draft order (by date; ``date`` is copied when present) and taxonomy (issue order and
        labels); taken from the DraftSet when given one. Without a taxonomy, the issues with
        rows are listed in order of appearance.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`HISTORY_COLUMNS`, one row per draft (date order) and issue (taxonomy
        order, issues with at least one row): ``coverage`` (``covered`` / ``absent`` /
        ``not covered``), ``change`` and ``first_record`` (see the module docstring),
        ``change_label`` (:func:`change_label`, the words figures show), ``compared_with``
        (the earlier draft whose rows were compared; empty for a first record or a silent
        draft), the draft's ``parties``, ``position`` (described rows), ``sources`` and
        ``detail``.

    Examples
    --------
    >>> h = issue_history().set_index(["issue", "draft_id"])
    >>> h.loc[("neutrality", "treaty-draft-0415"), ["change", "compared_with"]].tolist()
    ['modified', 'istanbul-0329']
    >>> h.loc[("forces-troops", "treaty-draft-0415"), "change_label"]
    'added, first record'
    >>> h.loc[("neutrality", "ua-draft-0406"), "change"]
    'not covered'
    """
    pos, drafts, issues = _data(positions, drafts, issues, process_dir)
    ids = _draft_order(pos, drafts)
    dates = dict(zip(drafts["draft_id"], drafts["date"])) if drafts is not None and "date" in drafts else {}
    covered = set(pos["issue"])
    order = [i for i in issues["issue"] if i in covered] if issues is not None else []
    order += [i for i in dict.fromkeys(pos["issue"]) if i not in order]
    labels = dict(zip(issues["issue"], issues["label"])) if issues is not None else {}
    groups = {key: rows for key, rows in pos.groupby(["draft_id", "issue"], sort=False)}
    rows = []
    for issue in order:
        record: str | None = None
        for did in ids:
            new = groups.get((did, issue), pos.iloc[:0])
            old = groups.get((record, issue), pos.iloc[:0]) if record else pos.iloc[:0]
            change, first, detail = _compare_to_record(old, new, record)
            coverage = {"present": "covered", "absent": "absent", "unknown": "not covered"}[_state(new)]
            rows.append({
                "draft_id": did, "date": dates.get(did, pd.NaT), "issue": issue, "label": labels.get(issue, issue),
                "coverage": coverage, "change": change, "first_record": first,
                "change_label": change_label(change, first),
                "compared_with": (record or "") if not new.empty else "",
                "parties": ";".join(dict.fromkeys(new["party"])), "position": _describe(new),
                "sources": _sources(new), "detail": detail,
            })
            if not new.empty:
                record = did
    out = pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))
    out["first_record"] = out["first_record"].astype(bool)
    out["date"] = pd.to_datetime(out["date"])
    return out


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
    """Issues x drafts: is the issue covered, and how did it change since its last record?

    Built from :func:`issue_history` (each draft against the last earlier draft that covered
    the issue), so the matrix, ``drafts diff`` and the changes figure use the same rule.

    Parameters
    ----------
    positions : DataFrame or DraftSet, optional
        Default: load ``process_dir`` (default Istanbul 2022).
    drafts, issues : DataFrame, optional
        Draft order (by date) and taxonomy order; taken from the DraftSet when given one.
    what : {"both", "coverage", "change"}
        Cell content: ``covered`` / ``absent`` / ``not covered``; the change words of
        :func:`change_label` (``added, first record``, ``modified``, ``not covered`` ...); or
        both, as ``"covered (modified)"`` (just ``not covered`` for a silent draft).

    Returns
    -------
    pandas.DataFrame
        Index ``issue`` (issues with at least one row), one column per draft in date order.

    Examples
    --------
    >>> m = presence_matrix(what="coverage")
    >>> m.loc["guarantee-scope-crimea", "ua-draft-0406"]
    'absent'
    >>> presence_matrix(what="change").loc["neutrality", "treaty-draft-0415"]
    'modified'
    """
    if what not in ("both", "coverage", "change"):
        raise ValueError(f"what must be 'both', 'coverage' or 'change', not {what!r}")
    history = issue_history(positions, drafts=drafts, issues=issues, process_dir=process_dir)
    if what == "coverage":
        cells = history["coverage"]
    elif what == "change":
        cells = history["change_label"]
    else:
        cells = pd.Series([cov if cov == "not covered" else f"{cov} ({lab})"
                           for cov, lab in zip(history["coverage"], history["change_label"])], index=history.index)
    ids = list(dict.fromkeys(history["draft_id"]))
    out = history.assign(cell=cells).pivot(index="issue", columns="draft_id", values="cell")
    out = out.reindex(index=list(dict.fromkeys(history["issue"])), columns=ids)
    out.index.name = "issue"
    out.columns.name = None
    return out
