"""Retrain the shipped models: ``python -m analysis.study.train`` (``make model``).

Reads the annotated sentences of the ``train`` documents (``data/raw/annotations``, see
``split.csv``), fits :class:`~analysis.labels.default.DefaultLabeler` (which fits the
:class:`~analysis.labels.learned.LearnedLabeler` and chooses cue weights and thresholds on a
validation split of the training documents, fixed seed), and rewrites
``src/analysis/labels/models/learned.skops`` and ``models/default.json``. Test documents are
never read for fitting. The same data and code give the same files.

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

from analysis.errors import InputError
from analysis.study.annotations import load_annotations
from analysis.labels.codebook import LABELS
from analysis.labels.default import DefaultLabeler, default_config_path
from analysis.labels.learned import LearnedLabeler, default_model_path

__all__ = ["train", "build_parser", "main"]


def train(
    *, annotations: str | Path | None = None, seed: int = 0, model_path: str | Path | None = None,
    config_path: str | Path | None = None,
) -> DefaultLabeler:
    """Fit the default labeler on the train split and write the model files; return it."""
    frame = load_annotations(annotations)
    train_rows = frame[frame["split"] == "train"]
    if train_rows.empty:
        raise InputError("split.csv", "no train documents")
    # Equal weights, fixed a priori: the cue rules were written while reading errors on the training
    # documents, so cue scores look better there than on new text and a weight tuned on them would
    # over-trust the cues. Only the thresholds are chosen (on out-of-fold predictions).
    labeler = DefaultLabeler(
        learned=LearnedLabeler(random_state=seed), cue_weights=(0.5, 0.5, 0.5), random_state=seed
    )
    labeler.fit(train_rows["text"].tolist(), train_rows[list(LABELS)].to_numpy(), train_rows["doc_id"].to_numpy())
    labeler.learned_.save(model_path or default_model_path())
    labeler.save_config(config_path or default_config_path())
    return labeler


def build_parser() -> argparse.ArgumentParser:
    """Arguments: --annotations FOLDER, --seed N."""
    parser = argparse.ArgumentParser(prog="python -m analysis.study.train", description=__doc__.split("\n")[0])
    parser.add_argument("--annotations", default=None, help="annotation folder (default data/raw/annotations)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Train and report where the files went."""
    args = build_parser().parse_args(argv)
    try:
        lab = train(annotations=args.annotations, seed=args.seed)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {default_model_path()} and {default_config_path()}")
    print("cue weights:", dict(zip(LABELS, lab.cue_weights_.round(2).tolist())))
    print("thresholds:", dict(zip(LABELS, lab.thresholds_.round(2).tolist())))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
