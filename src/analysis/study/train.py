"""Retrain the shipped models: ``python -m analysis.study.train`` (``make model``).

Training data, all inside the project:

- the team-written annotations, ``train`` documents (``data/raw/annotations/batch-*.csv``);
- the real annotated corpus, ``train`` documents (``data/raw/annotations/real/``);
- the silver sentences (``data/raw/annotations/silver/``; leave them out with ``--no-silver``):
  205,080 unannotated open-corpora sentences scored by the fine-tuned transformer
  (distillation), as 0/1 codes at the transformer's thresholds, weight 0.3. The shipped default
  is the distilled one because it scored higher on the validation documents (macro-F1 0.616
  against 0.601 without silver sentences; ``docs/labelers.md`` reports both).

The learned model (:class:`~analysis.labels.learned.LearnedLabeler`) is fitted on that; the
default labeler's cue weights and thresholds are then chosen on the real corpus's
``validation`` documents only (grid search for macro-F1), and ``models/learned.skops`` and
``models/default.json`` are rewritten. Test documents are never read. The same files and
seed give byte-identical model files (tested).

``python -m analysis.study.train --transformer`` fine-tunes the optional transformer labeler
instead (needs the ``[transformer]`` extra; ``make transformer``), on the team-written and
real training documents, thresholds on the validation documents, and writes
``models/transformer.safetensors``.

Examples
--------
>>> from analysis.study.train import build_parser
>>> build_parser().parse_args([]).seed
0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from analysis.errors import InputError, ParameterError
from analysis.labels.codebook import LABELS
from analysis.labels.default import DefaultLabeler, choose_blend, default_config_path
from analysis.labels.learned import LearnedLabeler, best_thresholds, default_model_path

__all__ = ["SETTINGS", "training_data", "train", "train_transformer", "build_parser", "main"]

#: The training settings (chosen on the validation documents; see docs/labelers.md).
SETTINGS: dict[str, Any] = {
    "real_weight": 3.0,  # a real training sentence counts as much as this many team-written ones
    "silver_weight": 0.3,  # a silver sentence's weight
    "learned": {"C": 0.5, "ngram_range": (1, 2), "min_df": 2, "max_features": 60_000, "cue_weight": 2.0},
    "weight_grid": (0.0, 0.25, 0.5, 0.75),
    "threshold_grid": tuple(np.round(np.arange(0.2, 0.81, 0.05), 2)),
}


def training_data(*, use_silver: bool = True, silver_weight: float | None = None,
                  real_weight: float | None = None) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(texts, codes, document groups, sample weights) of every training sentence."""
    from analysis.study.annotations import load_annotations, load_real
    from analysis.study.silver import silver_codes

    team = load_annotations()
    team = team[team["split"] == "train"]
    real = load_real()
    real = real[real["split"] == "train"]
    if team.empty or real.empty:
        raise InputError("split.csv", "no train documents")
    wr = SETTINGS["real_weight"] if real_weight is None else real_weight
    texts = team["text"].tolist() + real["text"].tolist()
    codes = [team[list(LABELS)].to_numpy(), real[list(LABELS)].to_numpy()]
    groups = [team["doc_id"].to_numpy(), real["doc_id"].to_numpy()]
    weights = [np.ones(len(team)), np.full(len(real), wr)]
    if use_silver:
        s_texts, s_codes, s_docs = silver_codes()
        texts += s_texts
        codes.append(s_codes)
        groups.append(s_docs)
        weights.append(np.full(len(s_texts), SETTINGS["silver_weight"] if silver_weight is None else silver_weight))
    return texts, np.vstack(codes), np.concatenate(groups), np.concatenate(weights)


def train(*, seed: int = 0, model_path: str | Path | None = None, config_path: str | Path | None = None,
          use_silver: bool = True) -> DefaultLabeler:
    """Fit the learned model, choose the blend on the validation documents, write the model files.

    Runs with one BLAS thread: with the machine's default (one thread per core) the sums in the
    calibration come out in another order on a machine with another number of cores, and the
    coefficients differ in the fourth decimal; with one thread `make model` gives the same bytes
    everywhere (measured: a 1-CPU and a 2-CPU run gave the same file).
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _train(seed=seed, model_path=model_path, config_path=config_path, use_silver=use_silver)


def _train(*, seed: int, model_path: str | Path | None, config_path: str | Path | None,
           use_silver: bool) -> DefaultLabeler:
    from analysis.labels.cues import shipped_rules
    from analysis.study.annotations import load_real

    texts, y, groups, weights = training_data(use_silver=use_silver)
    learned = LearnedLabeler(**SETTINGS["learned"], validation_size=0, thresholds=[0.5] * len(LABELS),
                             random_state=seed).fit(texts, y, groups, sample_weight=weights)
    real = load_real()
    val = real[real["split"] == "validation"]
    val_texts = val["text"].tolist()
    cue_w, thresholds, f1 = choose_blend(learned.predict_proba(val_texts), shipped_rules().scan(val_texts).scores,
                                         val[list(LABELS)].to_numpy(), weight_grid=SETTINGS["weight_grid"],
                                         threshold_grid=SETTINGS["threshold_grid"])
    labeler = DefaultLabeler(cue_weights=cue_w, thresholds=thresholds)
    labeler.learned_ = learned
    labeler.cue_weights_, labeler.thresholds_ = cue_w, thresholds
    labeler.validation_f1_ = f1
    learned.save(model_path or default_model_path())
    labeler.save_config(config_path or default_config_path())
    return labeler


def train_transformer(*, seed: int = 0, path: str | Path | None = None, **params: Any) -> Any:
    """Fine-tune the optional transformer labeler (see the module docstring); return it."""
    from analysis.labels.transformer import TransformerLabeler, default_transformer_path
    from analysis.study.annotations import load_real

    texts, y, groups, weights = training_data(use_silver=False, real_weight=1.0)
    model = TransformerLabeler(random_state=seed, **params).fit(texts, y, groups, sample_weight=weights)
    real = load_real()
    val = real[real["split"] == "validation"]
    proba = model.predict_proba(val["text"].tolist())
    model.thresholds_ = best_thresholds(val[list(LABELS)].to_numpy(), proba,
                                        grid=np.asarray(SETTINGS["threshold_grid"]))
    model.save(path or default_transformer_path())
    return model


def build_parser() -> argparse.ArgumentParser:
    """Arguments: --seed N, --no-silver, --transformer."""
    parser = argparse.ArgumentParser(prog="python -m analysis.study.train", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--no-silver", action="store_true", help="leave the silver sentences out")
    parser.add_argument("--transformer", action="store_true",
                        help="fine-tune the optional transformer labeler instead (needs the [transformer] extra)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Train and report where the files went."""
    args = build_parser().parse_args(argv)
    try:
        if args.transformer:
            model = train_transformer(seed=args.seed)
            print("thresholds:", dict(zip(LABELS, model.thresholds_.round(2).tolist())))
            return 0
        lab = train(seed=args.seed, use_silver=not args.no_silver)
    except (InputError, ParameterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {default_model_path()} and {default_config_path()}")
    print("cue weights:", dict(zip(LABELS, lab.cue_weights_.round(2).tolist())))
    print("thresholds:", dict(zip(LABELS, lab.thresholds_.round(2).tolist())))
    print("validation F1:", dict(zip(LABELS, lab.validation_f1_.round(3).tolist())))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
