"""Experiment: how does real-text quality grow with the amount of real training text?

The default labeler's recipe (``analysis.study.train``: learned model on the team-written and
real training documents, plus the silver sentences when ``--silver``; cue weights and thresholds
chosen on the real corpus's validation documents) is refitted with 0, 25, 50, 75 and 100 % of the
real corpus's *training documents* (three random draws of documents per fraction, seeds 0-2),
and scored (macro-F1) on

- the real corpus's test documents (``data/raw/annotations/real``, inside the project), and
- the test half of the real-eval set (``../shared``; skipped when absent; codes v2).

Not run by ``make``; the numbers are in ``docs/labelers.md``. About 10 minutes on 2 cores without
silver sentences.

Run: ``python experiments/learning_curve.py [--silver]``
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from analysis.labels import LABELS
from analysis.labels.cues import shipped_rules
from analysis.labels.default import choose_blend
from analysis.labels.learned import LearnedLabeler
from analysis.study.annotations import load_annotations, load_real
from analysis.study.silver import silver_codes
from analysis.study.train import SETTINGS


def _macro(gold: np.ndarray, pred: np.ndarray) -> float:
    return float(np.mean([f1_score(gold[:, k], pred[:, k], zero_division=0) for k in range(len(LABELS))]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--silver", action="store_true", help="also train on the silver sentences")
    parser.add_argument("--fractions", default="0,0.25,0.5,0.75,1")
    args = parser.parse_args(argv)

    team = load_annotations()
    team = team[team["split"] == "train"]
    real = load_real()
    train, val, test = (real[real["split"] == s] for s in ("train", "validation", "test"))
    sets = {"open test": test}
    try:
        from analysis.study.realeval import load_real_eval

        ev = load_real_eval(version="v2")
        sets["real-eval test"] = ev[ev["split"] == "test"]
    except FileNotFoundError as exc:
        print(f"real-eval skipped: {exc}")
    silver_x, silver_y = [], np.zeros((0, len(LABELS)), int)
    if args.silver:
        silver_x, silver_y, _ = silver_codes()
    rules = shipped_rules()
    cue = {name: rules.scan(d["text"].tolist()).scores for name, d in sets.items()}
    cue_val = rules.scan(val["text"].tolist()).scores
    docs = np.array(sorted(train["doc_id"].unique()))
    rows = []
    for fraction in (float(f) for f in args.fractions.split(",")):
        for seed in range(3 if 0 < fraction < 1 else 1):
            rng = np.random.default_rng(seed)
            chosen = set(rng.choice(docs, size=int(round(fraction * len(docs))), replace=False))
            part = train[train["doc_id"].isin(chosen)]
            texts = team["text"].tolist() + part["text"].tolist() + silver_x
            y = np.vstack([team[list(LABELS)].to_numpy(), part[list(LABELS)].to_numpy(), silver_y])
            w = np.concatenate([np.ones(len(team)), np.full(len(part), SETTINGS["real_weight"]),
                                np.full(len(silver_x), SETTINGS["silver_weight"])])
            model = LearnedLabeler(**SETTINGS["learned"], validation_size=0, thresholds=[0.5] * 3).fit(
                texts, y, sample_weight=w)
            weights, thresholds, _ = choose_blend(model.predict_proba(val["text"].tolist()), cue_val,
                                                  val[list(LABELS)].to_numpy(), weight_grid=SETTINGS["weight_grid"],
                                                  threshold_grid=SETTINGS["threshold_grid"])
            row = {"fraction": fraction, "seed": seed, "real_sentences": len(part)}
            for name, d in sets.items():
                score = (1 - weights) * model.predict_proba(d["text"].tolist()) + weights * cue[name]
                row[name] = _macro(d[list(LABELS)].to_numpy(), (score >= thresholds).astype(int))
            rows.append(row)
            print(row, flush=True)
    table = pd.DataFrame(rows).groupby("fraction").agg(
        real_sentences=("real_sentences", "mean"), **{f"{n} (mean)": (n, "mean") for n in sets},
        **{f"{n} (sd)": (n, "std") for n in sets})
    print(table.round(3).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
