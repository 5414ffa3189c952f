"""The drafts tables of the pipeline: drafts, positions, history, timeline, changes, claims.

Examples
--------
>>> from analysis.drafts.tables import build_tables
>>> sorted(build_tables())
['changes', 'claims', 'drafts', 'history', 'positions', 'timeline']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.drafts.claims import CLAIM_COLUMNS, check_claims
from analysis.drafts.compare import compare_pairs, draft_pairs, issue_history
from analysis.drafts.model import load_process
from analysis.drafts.timeline import position_timeline

__all__ = ["build_tables"]


def build_tables(
    process_dir: str | Path | None = None,
    *,
    sentences: pd.DataFrame | None = None,
    articles: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Load a peace process, compare its drafts and check the articles' claims.

    Parameters
    ----------
    process_dir : path, optional
        The process folder; default the shipped Istanbul 2022 process (package data).
    sentences, articles : pandas.DataFrame, optional
        The ingested sentences and articles; without both, ``claims`` is empty.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``drafts`` (``sources`` kept as a ``;``-list, ``date`` as a date), ``positions``,
        ``history`` (every draft against the last earlier draft covering each issue,
        :func:`~analysis.drafts.compare.issue_history`: the table behind the matrix and the
        changes figure), ``timeline`` (each party's position per issue and draft,
        :func:`~analysis.drafts.timeline.position_timeline`), ``changes`` (consecutive pairs,
        every draft against the last, and the pairs the claims refer to) and ``claims``
        (:data:`~analysis.drafts.claims.CLAIM_COLUMNS`).

    Examples
    --------
    >>> t = build_tables()
    >>> t["changes"].query("from_id == 'istanbul-0329' and to_id == 'ua-draft-0406' "
    ...                    "and issue == 'guarantee-scope-crimea'")["change"].item()
    'dropped'
    """
    ds = load_process(process_dir)
    if sentences is not None and articles is not None:
        claims = check_claims(sentences, articles, data=ds)
    else:
        claims = pd.DataFrame(columns=list(CLAIM_COLUMNS))
    pairs = draft_pairs(ds.draft_ids())
    for a, b in zip(claims["from_id"], claims["to_id"]):
        if isinstance(a, str) and isinstance(b, str) and (a, b) not in pairs:
            pairs.append((a, b))
    return {
        "drafts": ds.drafts.copy(),
        "positions": ds.positions.copy(),
        "history": issue_history(ds),
        "timeline": position_timeline(ds),
        "changes": compare_pairs(ds, pairs),
        "claims": claims,
    }
