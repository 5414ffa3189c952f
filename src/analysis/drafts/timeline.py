"""The position timeline: each party's position on each issue across the drafts.

One row per issue, party and draft in which the party has a recorded position, in the
project's short wording (the ``code`` of ``positions.csv`` in words, with the value and unit),
with the sources, and whether the party's position changed since its last earlier record on
the issue. The issue-level change (:func:`analysis.drafts.compare.issue_history`) is carried
along, so that a figure can show both.

Examples
--------
>>> from analysis.drafts.timeline import position_timeline
>>> t = position_timeline().set_index(["issue", "party", "draft_id"])
>>> t.loc[("forces-troops", "Russia", "treaty-draft-0415"), "wording"]
'cap 85,000 troops'
>>> t.loc[("crimea-status", "Russia", "treaty-draft-0415"), ["party_change", "since"]].tolist()
['same', 'ru-draft-0307']
>>> t.loc[("crimea-status", "Ukraine", "ua-draft-0406"), "party_change"]
'changed'
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.drafts.compare import issue_history, value_text
from analysis.drafts.model import DraftSet, load_process, split_ids

__all__ = ["TIMELINE_COLUMNS", "PARTY_CHANGES", "short_wording", "position_timeline"]

#: Columns of :func:`position_timeline`.
TIMELINE_COLUMNS: tuple[str, ...] = (
    "issue", "label", "party", "draft_id", "date", "wording", "status", "sources", "confidence",
    "party_change", "since", "issue_change",
)
#: A party's position against its last earlier record on the issue.
PARTY_CHANGES: tuple[str, ...] = ("first record", "same", "changed")

_CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}


def short_wording(code: str, value: float = float("nan"), unit: str = "", *, status: str = "") -> str:
    """The project's short wording of one position: its ``code`` in words, value and unit.

    Examples
    --------
    >>> short_wording("binding-assistance-after-consultation", 3, "days")
    'binding assistance after consultation (3 days)'
    >>> short_wording("cap", 85000, "troops")
    'cap 85,000 troops'
    >>> short_wording("", status="absent")
    'not in the draft'
    """
    if status == "absent":
        return "not in the draft"
    words = str(code or "").replace("-", " ").strip()
    number = value_text(value)
    if not number or number in words:
        return words
    amount = f"{number} {unit}".strip()
    return f"{words} {amount}" if words == "cap" else (f"{words} ({amount})" if words else amount)


def _substance(rows: pd.DataFrame) -> frozenset:
    # What a party holds, whatever its status (proposed, bracketed, reported ...).
    return frozenset(
        ("absent",) if r["status"] == "absent" else (r["code"] or r["position"], value_text(r["value"]), r["unit"])
        for _, r in rows.iterrows()
    )


def position_timeline(
    positions: DraftSet | None = None, *, process_dir: str | Path | None = None
) -> pd.DataFrame:
    """Each party's recorded position per issue and draft, and whether it changed.

    Parameters
    ----------
    positions : DraftSet, optional
        A loaded process; default :func:`~analysis.drafts.model.load_process` of ``process_dir``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TIMELINE_COLUMNS`, issues in taxonomy order, parties in order of first
        appearance, drafts by date. ``wording`` joins the party's rows for the draft with
        `` / `` (one per source when sources disagree: ``cap 342 tanks / cap 343 tanks``);
        ``sources`` is the ``;``-list of their sources; ``confidence`` the lowest; ``party_change``
        one of :data:`PARTY_CHANGES`: the party's substance (codes, values, units; a
        status change such as proposed -> bracketed is not a change of position) against its
        last earlier record on the issue (``since``: that draft);
        ``issue_change`` the issue-level change words of
        :func:`~analysis.drafts.compare.issue_history` for the draft.

    Examples
    --------
    >>> t = position_timeline()
    >>> t.query("issue == 'guarantee-scope-crimea'")[["party", "draft_id", "party_change"]].values.tolist()
    [['Ukraine', 'istanbul-0329', 'first record'], ['Ukraine', 'ua-draft-0406', 'changed'], \
['joint', 'treaty-draft-0415', 'first record']]
    """
    ds = positions if isinstance(positions, DraftSet) else load_process(process_dir)
    history = issue_history(ds).set_index(["issue", "draft_id"])
    pos = ds.positions
    dates = dict(zip(ds.drafts["draft_id"], ds.drafts["date"]))
    rows = []
    for issue in dict.fromkeys(history.index.get_level_values("issue")):
        sub = pos[pos["issue"] == issue]
        for party in dict.fromkeys(sub["party"]):
            last: tuple[str, frozenset] | None = None
            for did in ds.draft_ids():
                mine = sub[(sub["party"] == party) & (sub["draft_id"] == did)]
                if mine.empty:
                    continue
                sig = _substance(mine)
                change = "first record" if last is None else ("same" if sig == last[1] else "changed")
                wording = " / ".join(dict.fromkeys(
                    short_wording(r["code"], r["value"], r["unit"], status=r["status"]) for _, r in mine.iterrows()))
                sources = list(dict.fromkeys(s for cell in mine["source"] for s in split_ids(cell)))
                statuses = list(dict.fromkeys(mine["status"]))
                rows.append({
                    "issue": issue, "label": history.loc[(issue, did), "label"], "party": party,
                    "draft_id": did, "date": dates[did], "wording": wording, "status": "/".join(statuses),
                    "sources": ";".join(sources),
                    "confidence": max(mine["confidence"], key=lambda c: _CONFIDENCE_RANK.get(c, 3)),
                    "party_change": change, "since": last[0] if last else "",
                    "issue_change": history.loc[(issue, did), "change_label"],
                })
                last = (did, sig)
    out = pd.DataFrame(rows, columns=list(TIMELINE_COLUMNS))
    out["date"] = pd.to_datetime(out["date"])
    return out
