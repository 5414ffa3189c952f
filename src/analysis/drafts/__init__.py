"""Negotiation drafts: sourced positions, draft-to-draft changes, claim checks.

Submodules, one job each: :mod:`~analysis.drafts.model` (read and validate a peace process
folder), :mod:`~analysis.drafts.compare` (issue-by-issue changes against the last earlier
draft that covered each issue, presence matrix, numeric gaps), :mod:`~analysis.drafts.timeline`
(each party's position per issue across the drafts), :mod:`~analysis.drafts.align` (clause
alignment of draft texts), :mod:`~analysis.drafts.claims` (check news sentences that assert a change) and
:mod:`~analysis.drafts.tables` (the tables ``make data`` writes). See ``docs/drafts.md``.

Examples
--------
>>> from analysis.drafts import compare_drafts
>>> compare_drafts("istanbul-0329", "ua-draft-0406").set_index("issue").loc[
...     "guarantee-scope-crimea", "change"]
'dropped'
"""

from __future__ import annotations

from analysis.drafts.align import align_clauses, align_texts, split_clauses, word_diff
from analysis.drafts.claims import check_claims, find_change_sentences, load_cues
from analysis.drafts.compare import (
    CHANGE_LABELS,
    CHANGES,
    change_label,
    compare_drafts,
    compare_pairs,
    draft_pairs,
    force_gap,
    issue_history,
    presence_matrix,
)
from analysis.drafts.model import (
    CONFIDENCES,
    STATUSES,
    DraftSet,
    default_process_dir,
    load_process,
    load_taxonomy,
)
from analysis.drafts.tables import build_tables
from analysis.drafts.timeline import position_timeline

__all__ = [
    "CHANGE_LABELS",
    "CHANGES",
    "CONFIDENCES",
    "STATUSES",
    "DraftSet",
    "align_clauses",
    "align_texts",
    "build_tables",
    "change_label",
    "check_claims",
    "compare_drafts",
    "compare_pairs",
    "default_process_dir",
    "draft_pairs",
    "find_change_sentences",
    "force_gap",
    "issue_history",
    "load_cues",
    "load_process",
    "load_taxonomy",
    "position_timeline",
    "presence_matrix",
    "split_clauses",
    "word_diff",
]
