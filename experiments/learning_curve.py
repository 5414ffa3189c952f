"""Experiment: how much does more project-written training text help on real news?

Not run by ``make``; it records the learning curve quoted in ``docs/labelers.md``. The learned
model is refitted on 25%, 50%, 75% and 100% of the *training documents* (three random draws per
fraction, seed 0) inside a ``DefaultLabeler`` whose cue weights and thresholds are fixed to the
shipped ones of ``models/default.json`` (``cv=0``: nothing is re-tuned), and scored with macro-F1 on the held-out annotation split and on both halves of the real-text
set (needs ``../shared``; nothing from it is used for fitting). Under a minute on 2 cores.

Run: ``python experiments/learning_curve.py``
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from analysis.labels import LABELS, DefaultLabeler
from analysis.study.annotations import load_annotations
from analysis.study.realeval import load_real_eval


def main() -> int:
    ann = load_annotations()
    real = load_real_eval()
    train = ann[ann["split"] == "train"]
    sets = {
        "held-out": ann[ann["split"] == "test"],
        "real dev": real[real["split"] == "dev"],
        "real test": real[real["split"] == "test"],
    }
    shipped = DefaultLabeler.load()
    docs = train["doc_id"].unique()
    rng = np.random.default_rng(0)
    rows = []
    for fraction in (0.25, 0.5, 0.75, 1.0):
        for draw in range(3 if fraction < 1 else 1):
            picked = rng.choice(docs, int(round(fraction * len(docs))), replace=False)
            sub = train[train["doc_id"].isin(picked)]
            model = DefaultLabeler(cue_weights=shipped.cue_weights_, thresholds=shipped.thresholds_, cv=0).fit(
                sub["text"].tolist(), sub[list(LABELS)].to_numpy(), groups=sub["doc_id"].to_numpy()
            )
            for name, frame in sets.items():
                pred = model.predict(frame["text"].tolist())
                gold = frame[list(LABELS)].to_numpy()
                macro = np.mean([f1_score(gold[:, j], pred[:, j]) for j in range(len(LABELS))])
                rows.append((fraction, len(sub), draw, name, macro))
    table = pd.DataFrame(rows, columns=["fraction", "train_sentences", "draw", "set", "macro_f1"])
    summary = table.groupby(["fraction", "set"]).agg(
        train_sentences=("train_sentences", "mean"), macro_f1=("macro_f1", "mean"), sd=("macro_f1", "std")
    )
    print(summary.round(3).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
