"""The ``make data`` steps: ``data/raw/`` → ``data/processed/`` tables.

Run one step with ``python -m analysis.study.pipeline STEP`` (the Makefile does), or every step
with ``python -m analysis.study.pipeline all``. Each step reads only ``data/raw/`` or tables an
earlier step wrote, and writes Parquet files atomically (:func:`analysis.tables.write_frame`).

======== ================================================================ ==========================================
step     reads                                                            writes
======== ================================================================ ==========================================
ingest   ``data/raw/articles/*``, ``data/raw/provenance.csv``             ``articles``, ``sentences``, ``removed``
label    ``sentences``                                                    ``labelled``
drafts   the shipped Istanbul 2022 process, ``sentences``, ``articles``    ``drafts``, ``positions``, ``history``, ``timeline``, ``changes``, ``claims``
evaluate ``data/raw/annotations/*``                                       ``evaluation``, ``test_predictions``, ``agreement``
corpora  ``../shared/corpora/`` when present (development material only)   ``corpora_sentences``, ``corpora_accounting``
======== ================================================================ ==========================================

The ``corpora`` step uses optional material: without ``../shared`` it writes empty tables with
the same columns, and the notebooks say that those panels were skipped. Its tables hold no
corpus text (ids, offsets, speakers, labels only). Real-text quality and the PLOVER check are
not processed tables but committed results (``results/``, :mod:`analysis.study.results`,
``make results``), so that every machine shows them.

Examples
--------
>>> from analysis.study.pipeline import STEPS
>>> list(STEPS)
['ingest', 'label', 'drafts', 'evaluate', 'corpora']
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from analysis.tables import write_frame as write_table
from analysis.study.paths import processed_dir, raw_dir

__all__ = ["STEPS", "run_step", "main"]


def _read(name: str) -> pd.DataFrame:
    path = processed_dir() / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run the step that writes it first (make data)")
    return pd.read_parquet(path)


def step_ingest() -> dict[str, pd.DataFrame]:
    """Read, clean, segment and attribute the raw articles."""
    from analysis.ingest import ingest_paths

    from analysis.study.paths import project_root

    result = ingest_paths([raw_dir() / "articles"], relative_to=project_root())
    return {"articles": result.articles, "sentences": result.sentences, "removed": result.removed}


def step_label() -> dict[str, pd.DataFrame]:
    """Label every sentence with the default labeler."""
    from analysis.labels import label_sentences

    from analysis.study.summaries import stance_targets

    labelled = label_sentences(_read("sentences"), labeler="default", text_column="text")
    return {"labelled": labelled.join(stance_targets(labelled))}


def step_drafts() -> dict[str, pd.DataFrame]:
    """Load the drafts data set, compare drafts, check the articles' claims against them."""
    from analysis.drafts import build_tables

    return build_tables(
        None,  # the shipped Istanbul 2022 process (package data)
        sentences=_read("sentences"),
        articles=_read("articles"),
    )


def step_evaluate() -> dict[str, pd.DataFrame]:
    """Evaluate the labelers on the held-out annotations (metrics, predictions, agreement)."""
    from analysis.study.evaluate import evaluation_tables

    tables = evaluation_tables()
    return {"evaluation": tables["metrics"], "test_predictions": tables["predictions"], "agreement": tables["kappa"]}


#: The optional third-party corpora: how to read each, and who speaks in its authorial sentences.
SHARED_CORPORA: dict[str, dict] = {
    "ISW": {"paths": ["isw-2022"], "author": ("ISW", "ISW")},
    "Zelensky": {"paths": ["zelensky-2022/speeches.csv"], "author": ("Volodymyr Zelensky", "UKR")},
    "Guardian": {"paths": ["guardian-sample/articles.csv"], "author": None},
}

CORPORA_COLUMNS = [
    "corpus", "sentence_id", "article_id", "date", "speaker", "speaker_actor", "mode",
    "target", "target_actor", "stance_target", "stance_target_basis", "accusation", "prediction", "rejection",
    "accusation_score", "prediction_score", "rejection_score",
]


def shared_corpora_dir() -> Path:
    """``../shared/corpora`` beside the project root (``shared`` in study.yml; may be absent)."""
    from analysis.study.paths import shared_dir

    return shared_dir() / "corpora"


def step_corpora() -> dict[str, pd.DataFrame]:
    """Ingest and label the ../shared corpora when present; empty tables otherwise.

    Authorial sentences of a single-author corpus (ISW's updates, Zelensky's addresses) are
    given that author as speaker, so that the actor figures count them.
    """
    from analysis.ingest import ingest_paths
    from analysis.labels import label_sentences
    from analysis.study.summaries import accounting, stance_targets

    base = shared_corpora_dir()
    sentence_frames, accounting_frames = [], []
    if base.is_dir():
        for name, spec in SHARED_CORPORA.items():
            result = ingest_paths([base / p for p in spec["paths"]], text_column="text")
            sents = result.sentences
            if spec["author"] is not None:
                own = sents["mode"] == "authorial"
                sents.loc[own, "speaker"] = spec["author"][0]
                sents.loc[own, "speaker_actor"] = spec["author"][1]
            labelled = label_sentences(sents, labeler="default", text_column="text")
            labelled = labelled.join(stance_targets(labelled))
            dates = result.articles.set_index("article_id")["date"]
            labelled = labelled.assign(corpus=name, date=labelled["article_id"].map(dates))
            sentence_frames.append(labelled.reindex(columns=CORPORA_COLUMNS))
            accounting_frames.append(accounting(result.articles, result.removed, unit=name))
    sentences = pd.concat(sentence_frames, ignore_index=True) if sentence_frames else pd.DataFrame(columns=CORPORA_COLUMNS)
    acc = pd.concat(accounting_frames, ignore_index=True) if accounting_frames else pd.DataFrame(columns=["unit", "category", "chars"])
    sentences["date"] = sentences["date"].astype("string")
    return {"corpora_sentences": sentences, "corpora_accounting": acc}


STEPS: dict[str, Callable[[], dict[str, pd.DataFrame]]] = {
    "ingest": step_ingest,
    "label": step_label,
    "drafts": step_drafts,
    "evaluate": step_evaluate,
    "corpora": step_corpora,
}


def run_step(name: str, *, out_dir: Path | None = None) -> list[Path]:
    """Run one step and write its tables to ``out_dir`` (default ``data/processed``)."""
    out_dir = Path(out_dir) if out_dir is not None else processed_dir()
    tables = STEPS[name]()
    return [write_table(frame, out_dir / f"{table}.parquet") for table, frame in tables.items()]


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``python -m analysis.study.pipeline {ingest,label,drafts,evaluate,corpora,all}``."""
    parser = argparse.ArgumentParser(prog="python -m analysis.study.pipeline", description="Build data/processed/ from data/raw/.")
    parser.add_argument("step", choices=[*STEPS, "all"])
    args = parser.parse_args(argv)
    for name in STEPS if args.step == "all" else [args.step]:
        for path in run_step(name):
            print(f"{name}: wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
