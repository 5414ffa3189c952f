"""The ``make data`` steps: ``data/raw/`` → ``data/processed/`` tables.

Run one step with ``python -m analysis.pipeline STEP`` (the Makefile does), or every step
with ``python -m analysis.pipeline all``. Each step reads only ``data/raw/`` or tables an
earlier step wrote, and writes Parquet files atomically (temporary name, then rename).

======== ================================================================ ==========================================
step     reads                                                            writes
======== ================================================================ ==========================================
ingest   ``data/raw/articles/*``, ``data/raw/provenance.csv``             ``articles``, ``sentences``, ``removed``
label    ``sentences``                                                    ``labelled``
drafts   ``data/raw/drafts/istanbul-2022/*``, ``sentences``, ``articles`` ``drafts``, ``positions``, ``changes``, ``claims``
evaluate ``data/raw/annotations/*``                                       ``evaluation``, ``test_predictions``, ``agreement``
======== ================================================================ ==========================================

Examples
--------
>>> from analysis.pipeline import STEPS
>>> list(STEPS)
['ingest', 'label', 'drafts', 'evaluate']
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from analysis.paths import processed_dir, raw_dir

__all__ = ["STEPS", "write_parquet", "run_step", "main"]


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` to ``path`` atomically, without the index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, index=False)
    tmp.replace(path)
    return path


def _read(name: str) -> pd.DataFrame:
    path = processed_dir() / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run the step that writes it first (make data)")
    return pd.read_parquet(path)


def step_ingest() -> dict[str, pd.DataFrame]:
    """Read, clean, segment and attribute the raw articles."""
    from analysis.ingest import ingest_paths

    result = ingest_paths([raw_dir() / "articles"])
    return {"articles": result.articles, "sentences": result.sentences, "removed": result.removed}


def step_label() -> dict[str, pd.DataFrame]:
    """Label every sentence with the default labeler."""
    from analysis.labels import label_sentences

    return {"labelled": label_sentences(_read("sentences"), labeler="default", text_column="text")}


def step_drafts() -> dict[str, pd.DataFrame]:
    """Load the drafts data set, compare drafts, check the articles' claims against them."""
    from analysis.drafts import build_tables

    return build_tables(
        raw_dir() / "drafts" / "istanbul-2022",
        sentences=_read("sentences"),
        articles=_read("articles"),
    )


def step_evaluate() -> dict[str, pd.DataFrame]:
    """Evaluate the labelers on the held-out annotations (metrics, predictions, agreement)."""
    from analysis.labels.evaluate import evaluation_tables

    tables = evaluation_tables()
    out = {"evaluation": tables["metrics"], "test_predictions": tables["predictions"]}
    if tables.get("agreement") is not None:
        out["agreement"] = tables["agreement"]
    return out


STEPS: dict[str, Callable[[], dict[str, pd.DataFrame]]] = {
    "ingest": step_ingest,
    "label": step_label,
    "drafts": step_drafts,
    "evaluate": step_evaluate,
}


def run_step(name: str, *, out_dir: Path | None = None) -> list[Path]:
    """Run one step and write its tables to ``out_dir`` (default ``data/processed``)."""
    out_dir = Path(out_dir) if out_dir is not None else processed_dir()
    tables = STEPS[name]()
    return [write_parquet(frame, out_dir / f"{table}.parquet") for table, frame in tables.items()]


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``python -m analysis.pipeline {ingest,label,drafts,evaluate,all}``."""
    parser = argparse.ArgumentParser(prog="python -m analysis.pipeline", description="Build data/processed/ from data/raw/.")
    parser.add_argument("step", choices=[*STEPS, "all"])
    args = parser.parse_args(argv)
    for name in STEPS if args.step == "all" else [args.step]:
        for path in run_step(name):
            print(f"{name}: wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
