"""Experiment: what do the labelers still get wrong on real text? (confusion analysis)

On the real corpus's *validation* documents (``data/raw/annotations/real``; never the test
documents), counts the default labeler's false positives and false negatives per label, by
source and by sample type, and sorts them into kinds by simple, documented tests on the
sentence (a first-person or own-side subject before "will", a negated or conditional clause, a
cue word present or absent, a question, a fragment under six words). Prints tables and,
with ``--examples N``, N example sentences per kind (open-licence text, quoted with its source).

Not run by ``make``; the tables are in ``docs/labelers.md``.

Run: ``python experiments/confusion.py [--labeler default] [--examples 3]``
"""

from __future__ import annotations

import argparse
import re

import numpy as np
import pandas as pd

from analysis.labels import LABELS, load_labeler
from analysis.study.annotations import load_real

# Kinds of sentences, tested in this order; the first that matches names the error.
KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("question", re.compile(r"\?\s*[\"'”’)]*\s*$")),
    ("own-side future (we/our/I/the government + will)",
     re.compile(r"\b(we|our|i|my|the government|the administration|the united states|russia)\b[^.]{0,40}\b(will|would|shall)\b", re.I)),
    ("conditional or hope (if, unless, hope, must, should)", re.compile(r"\b(if|unless|hope|hopes|must|should)\b", re.I)),
    ("negated (not, never, no)", re.compile(r"\b(not|never|no|n't)\b", re.I)),
    ("charge word (aggression, terrorist, illegal, crime, violat...)",
     re.compile(r"\b(aggress\w*|terroris\w*|illegal\w*|crime\w*|violat\w*|occup\w*|atrocit\w*|brutal\w*)\b", re.I)),
    ("refusal word (reject, refuse, deny, unacceptable, veto)",
     re.compile(r"\b(reject\w*|refus\w*|den(y|ied|ies)|unacceptable|veto\w*)\b", re.I)),
    ("future or likelihood word (will, would, could, likely, expect)",
     re.compile(r"\b(will|would|could|might|may|likely|expect\w*)\b", re.I)),
    ("fragment (under six words)", re.compile(r"^\W*(\w+\W+){0,4}\w*\W*$")),
]


def kind(text: str) -> str:
    """The first kind of :data:`KINDS` the sentence matches, else ``"other"``."""
    return next((name for name, rx in KINDS if rx.search(text)), "other")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labeler", default="default")
    parser.add_argument("--examples", type=int, default=0)
    args = parser.parse_args(argv)
    real = load_real()
    val = real[real["split"] == "validation"].reset_index(drop=True)
    pred = load_labeler(args.labeler).predict(val["text"].tolist())
    gold = val[list(LABELS)].to_numpy()
    rows = []
    for k, label in enumerate(LABELS):
        for err, mask in (("false positive", (pred[:, k] == 1) & (gold[:, k] == 0)),
                          ("false negative", (pred[:, k] == 0) & (gold[:, k] == 1))):
            sub = val[mask]
            for _, r in sub.iterrows():
                rows.append({"label": label, "error": err, "source": r["source"], "sample": r["sample_type"].split(":")[0],
                             "kind": kind(r["text"]), "text": r["text"], "doc_id": r["doc_id"]})
    errors = pd.DataFrame(rows)
    print(f"validation: {len(val)} sentences; errors of `{args.labeler}`:\n")
    print(errors.groupby(["label", "error"]).size().unstack(fill_value=0).to_string(), "\n")
    print(errors.groupby(["label", "error", "source"]).size().unstack(fill_value=0).to_string(), "\n")
    print(errors.groupby(["label", "error", "kind"]).size().rename("n").reset_index()
          .sort_values(["label", "error", "n"], ascending=[True, True, False]).to_string(index=False), "\n")
    if args.examples:
        for (label, err, k), sub in errors.groupby(["label", "error", "kind"]):
            print(f"\n{label} / {err} / {k}:")
            for r in sub.head(args.examples).itertuples():
                print(f"- \"{r.text}\" ({r.source}, {r.doc_id})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
