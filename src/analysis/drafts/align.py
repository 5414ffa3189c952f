"""Align the clauses of two versions of a draft text and classify each pair.

For users who have the texts of drafts. A text is split into clauses at article headings
("Article 5", "Art. 5"), numbered paragraphs ("1.", "2)") and lettered items ("(a)"). Two
versions are aligned by TF-IDF cosine similarity of the clause bodies (the text without its
number), with an optimal one-to-one assignment (:func:`scipy.optimize.linear_sum_assignment`);
pairs below ``threshold`` are not matched. Each row is then ``unchanged``, ``modified``,
``moved`` (matched, but out of order relative to the other matched clauses), ``added`` or
``dropped``; modified and moved pairs carry a word-level diff.

Examples
--------
>>> old = "Article 1. Ukraine is neutral.\\nArticle 2. No foreign bases are allowed."
>>> new = "Article 1. Ukraine is permanently neutral.\\nArticle 2. No foreign bases are allowed."
>>> align_texts(old, new)["change"].tolist()
['modified', 'unchanged']
"""

from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["CLAUSE_CHANGES", "split_clauses", "align_clauses", "align_texts", "word_diff"]

CLAUSE_CHANGES: tuple[str, ...] = ("unchanged", "modified", "moved", "added", "dropped")

# Clause markers at the start of a line, as used in treaty drafts (e.g. the April 2022
# "Treaty on Permanent Neutrality ..." as published: "Article 5", numbered paragraphs "1.",
# lettered items "(a)"). Groups: art = article number, para = paragraph, item = letter.
_MARKER = re.compile(
    r"^[ \t]*(?:"
    r"(?:Article|ARTICLE|Art\.)[ \t]+(?P<art>\d+[A-Za-z]?|[IVXLC]+)[ \t]*[.:\-\u2013]?"
    r"|(?P<para>\d{1,3})[.)](?=[ \t])"
    r"|\((?P<item>[a-z]|[ivx]{1,4})\)(?=[ \t])"
    r")",
    re.MULTILINE,
)
# Words for TF-IDF and for the word diff (any run of non-space characters).
_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def split_clauses(text: str) -> pd.DataFrame:
    """Split a draft text into clauses.

    Parameters
    ----------
    text : str
        The draft text.

    Returns
    -------
    pandas.DataFrame
        ``n`` (0-based order), ``label`` (e.g. ``"Art. 3(1)(b)"``; ``"preamble"`` for text
        before the first marker), ``start``, ``end`` (offsets in ``text``), ``text`` (the
        clause with its marker) and ``body`` (without the marker, whitespace normalised).

    Examples
    --------
    >>> split_clauses("Preamble.\\nArticle 1\\n1. One.\\n(a) Sub.\\n2. Two.")["label"].tolist()
    ['preamble', 'Art. 1', 'Art. 1(1)', 'Art. 1(1)(a)', 'Art. 1(2)']
    """
    marks = list(_MARKER.finditer(text))
    rows = []
    if not marks or text[: marks[0].start()].strip():
        end = marks[0].start() if marks else len(text)
        if text[:end].strip():
            rows.append(("preamble", 0, end, text[:end], _norm(text[:end])))
    art = para = None
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        if m.group("art"):
            art, para, label = m.group("art"), None, f"Art. {m.group('art')}"
        elif m.group("para"):
            para = m.group("para")
            label = f"Art. {art}({para})" if art else para
        else:
            base = f"Art. {art}" if art else ""
            label = f"{base}({para})({m.group('item')})" if para else f"{base}({m.group('item')})"
        rows.append((label, m.start(), end, text[m.start():end], _norm(text[m.end():end])))
    df = pd.DataFrame(rows, columns=["label", "start", "end", "text", "body"])
    df["text"] = df["text"].str.rstrip()
    df.insert(0, "n", range(len(df)))
    return df


def word_diff(old: str, new: str) -> str:
    """Word-level diff: deletions as ``[-old-]``, insertions as ``{+new+}``.

    Examples
    --------
    >>> word_diff("Ukraine is neutral.", "Ukraine is permanently neutral.")
    'Ukraine is {+permanently+} neutral.'
    """
    a, b = _WORD.findall(old), _WORD.findall(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
        if op in ("delete", "replace"):
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if op in ("insert", "replace"):
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _similarity(a: list[str], b: list[str]) -> np.ndarray:
    docs = a + b
    if not any(d.strip() for d in docs):
        return np.zeros((len(a), len(b)))
    vec = TfidfVectorizer(lowercase=True, token_pattern=r"(?u)\b\w+\b", sublinear_tf=True)
    try:
        x = vec.fit_transform(docs)
    except ValueError:  # empty vocabulary
        return np.zeros((len(a), len(b)))
    sim = (x[: len(a)] @ x[len(a):].T).toarray()
    return np.clip(sim, 0.0, 1.0)


def _longest_increasing(seq: list[int]) -> set[int]:
    """Indices (into ``seq``) of one longest strictly increasing subsequence."""
    if not seq:
        return set()
    best = [1] * len(seq)
    prev = [-1] * len(seq)
    for i in range(len(seq)):
        for j in range(i):
            if seq[j] < seq[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    i = int(np.argmax(best))
    keep = set()
    while i != -1:
        keep.add(i)
        i = prev[i]
    return keep


def align_clauses(old: pd.DataFrame, new: pd.DataFrame, *, threshold: float = 0.3) -> pd.DataFrame:
    """Align two clause tables (from :func:`split_clauses`) and classify each pair.

    Parameters
    ----------
    old, new : pandas.DataFrame
        Clause tables with ``n``, ``label``, ``text`` and ``body``.
    threshold : float, default 0.3
        Minimum TF-IDF cosine similarity for two clauses to be the same clause.

    Returns
    -------
    pandas.DataFrame
        ``from_label, to_label, from_n, to_n, similarity, change, from_text, to_text, diff``,
        in the order of the new text (dropped clauses after their old predecessor).

    Examples
    --------
    >>> a = split_clauses("1. Alpha beta.\\n2. Gamma delta.")
    >>> b = split_clauses("1. Gamma delta.\\n2. Alpha beta.")
    >>> sorted(align_clauses(a, b)["change"])
    ['moved', 'unchanged']
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    sim = _similarity(list(old["body"]), list(new["body"]))
    pairs: list[tuple[int, int]] = []
    if sim.size:
        rows, cols = linear_sum_assignment(1.0 - sim)
        pairs = sorted((int(r), int(c)) for r, c in zip(rows, cols) if sim[r, c] >= threshold)
    in_order = _longest_increasing([c for _, c in pairs])
    out = []
    to_pos: dict[int, float] = {}
    for k, (i, j) in enumerate(pairs):
        a, b = old.iloc[i], new.iloc[j]
        same = a["body"] == b["body"]
        if k not in in_order:
            change = "moved"
        else:
            change = "unchanged" if same else "modified"
        to_pos[i] = float(j)
        out.append({
            "from_label": a["label"], "to_label": b["label"], "from_n": int(a["n"]), "to_n": int(b["n"]),
            "similarity": round(float(sim[i, j]), 3), "change": change,
            "from_text": a["text"], "to_text": b["text"],
            "diff": "" if same else word_diff(a["body"], b["body"]), "_key": float(j),
        })
    matched_old = {i for i, _ in pairs}
    matched_new = {j for _, j in pairs}
    for j in range(len(new)):
        if j not in matched_new:
            b = new.iloc[j]
            out.append({"from_label": None, "to_label": b["label"], "from_n": None, "to_n": int(b["n"]),
                        "similarity": float("nan"), "change": "added", "from_text": None,
                        "to_text": b["text"], "diff": "", "_key": float(j)})
    for i in range(len(old)):
        if i not in matched_old:
            a = old.iloc[i]
            before = [to_pos[p] for p in to_pos if p < i]
            key = (max(before) if before else -1.0) + 0.5 + i / 10_000
            out.append({"from_label": a["label"], "to_label": None, "from_n": int(a["n"]), "to_n": None,
                        "similarity": float("nan"), "change": "dropped", "from_text": a["text"],
                        "to_text": None, "diff": "", "_key": key})
    df = pd.DataFrame(out, columns=["from_label", "to_label", "from_n", "to_n", "similarity", "change",
                                    "from_text", "to_text", "diff", "_key"])
    df = df.sort_values("_key", kind="stable").drop(columns="_key").reset_index(drop=True)
    for col in ("from_n", "to_n"):
        df[col] = df[col].astype("Int64")
    return df


def align_texts(old_text: str, new_text: str, *, threshold: float = 0.3) -> pd.DataFrame:
    """Split two draft texts into clauses and align them (see :func:`align_clauses`).

    Examples
    --------
    >>> align_texts("1. A clause on bases.", "1. A clause on bases.\\n2. A new clause on language.")[
    ...     "change"].tolist()
    ['unchanged', 'added']
    """
    return align_clauses(split_clauses(old_text), split_clauses(new_text), threshold=threshold)
