"""Silver labels: the fine-tuned transformer's scores on unannotated open-corpora sentences.

Distillation (issue 11): the fast default labeler is trained on the human-coded sentences and
also on a large sample of unannotated sentences scored by the fine-tuned transformer
(:class:`analysis.labels.transformer.TransformerLabeler`, an optional extra). This module draws
that sample and scores it; ``make model`` then needs only the files it wrote
(``data/raw/annotations/silver/silver-<source>.parquet`` and ``thresholds.json``, the
transformer's thresholds and hash), not PyTorch and not ``../shared``.

The sample: every sentence of the open corpora's pool (:func:`analysis.study.real_sample.pool_sentences`,
the same licence filters as the annotated corpus) except the documents of the annotated corpus's
validation and test splits (so distillation never sees them) and the annotated sentences
themselves; a seeded uniform draw of ``quota`` sentences per source (all of a smaller source).

Run: ``python -m analysis.study.silver OPEN_CORPORA_DIR [-o data/raw/annotations/silver]``
(needs the ``[transformer]`` extra; about 25 minutes for 205,000 sentences on 2 CPU cores).

Examples
--------
>>> SILVER_COLUMNS[:3]
('uid', 'source', 'doc_id')
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.labels.codebook import LABELS

__all__ = ["SILVER_COLUMNS", "QUOTA", "SEED", "silver_dir", "draw_pool", "load_silver", "silver_codes", "main"]

#: Columns of a silver file: the sentence, its place and licence, and the transformer's scores.
SILVER_COLUMNS: tuple[str, ...] = (
    "uid", "source", "doc_id", "start", "end", "text", "licence", *(f"{label}_score" for label in LABELS),
)
#: Sentences drawn per source (a source with fewer gives all it has).
QUOTA: dict[str, int] = {"whitehouse": 66_000, "ungd": 66_000, "kremlin": 66_000, "wikinews": 66_000}
#: Seed of the draw.
SEED = 20261208


def silver_dir() -> Path:
    """``data/raw/annotations/silver`` of the project."""
    from analysis.study.paths import raw_dir

    return raw_dir() / "annotations" / "silver"


def draw_pool(open_corpora: Path, *, quota: dict[str, int] | None = None, seed: int = SEED) -> pd.DataFrame:
    """The unannotated sample (see the module docstring), in source and document order."""
    from analysis.study.annotations import load_real
    from analysis.study.real_sample import load_design, pool_sentences

    quota = dict(QUOTA if quota is None else quota)
    design = load_design()
    real = load_real()
    heldout = set(real.loc[real["split"] != "train", "doc_id"])
    annotated = set(real["uid"])
    rng = np.random.default_rng(seed)
    rows = []
    for source, spec in design["sources"].items():
        with open(Path(open_corpora) / spec["file"], encoding="utf-8") as fh:
            docs = [json.loads(line) for line in fh if line.strip()]
        pool = [r for r in pool_sentences(docs, source=source, design=design)
                if r["doc_id"] not in heldout and r["uid"] not in annotated]
        n = min(quota.get(source, 0), len(pool))
        rows += [pool[i] for i in np.sort(rng.choice(len(pool), size=n, replace=False))]
    return pd.DataFrame(rows)[list(SILVER_COLUMNS[:7])]


def load_silver(folder: str | Path | None = None) -> pd.DataFrame:
    """Every ``silver-<source>.parquet`` (empty frame with :data:`SILVER_COLUMNS` when none)."""
    folder = Path(folder or silver_dir())
    files = sorted(folder.glob("silver-*.parquet"))
    if not files:
        return pd.DataFrame(columns=list(SILVER_COLUMNS))
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)


def silver_codes(folder: str | Path | None = None) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(texts, 0/1 codes at the transformer's thresholds, document ids) of the silver sentences;
    empty when there are none.

    Examples
    --------
    >>> texts, codes, docs = silver_codes()
    >>> codes.shape[1]
    3
    """
    from analysis.errors import InputError

    folder = Path(folder or silver_dir())
    silver = load_silver(folder)
    if silver.empty:
        return [], np.zeros((0, len(LABELS)), dtype=int), np.zeros(0, dtype=object)
    info = folder / "thresholds.json"
    if not info.is_file():
        raise InputError(info, "the silver folder has no thresholds.json (written with the silver files)")
    data = json.loads(info.read_text(encoding="utf-8"))
    thresholds = np.asarray([data[label] for label in LABELS], dtype=float)
    scores = silver[[f"{label}_score" for label in LABELS]].to_numpy()
    return silver["text"].tolist(), (scores >= thresholds).astype(int), silver["doc_id"].to_numpy()


def main(argv: list[str] | None = None) -> int:
    """Draw the pool, score it with the fine-tuned transformer, write one file per source."""
    parser = argparse.ArgumentParser(prog="python -m analysis.study.silver", description=__doc__.split("\n\n")[0])
    parser.add_argument("open_corpora", type=Path, help="folder of the open-corpora *.jsonl files")
    parser.add_argument("-o", "--output", type=Path, default=None, help="output folder (default data/raw/annotations/silver)")
    parser.add_argument("--model", type=Path, default=None, help="fine-tuned transformer (default: the shipped one)")
    parser.add_argument("--batch", type=int, default=20_000, help="sentences scored at a time")
    args = parser.parse_args(argv)
    from analysis.labels.transformer import TransformerLabeler, default_transformer_path
    from analysis.tables import write_frame

    model_path = args.model or default_transformer_path()
    model = TransformerLabeler.load(model_path)
    digest = hashlib.sha256(Path(model_path).read_bytes()).hexdigest()
    pool = draw_pool(args.open_corpora)
    print(f"{len(pool):,} sentences drawn", file=sys.stderr)
    scores = np.zeros((len(pool), len(LABELS)), dtype=np.float32)
    texts = pool["text"].tolist()
    for start in range(0, len(texts), args.batch):
        scores[start:start + args.batch] = model.predict_proba(texts[start:start + args.batch])
        print(f"scored {min(start + args.batch, len(texts)):,} / {len(texts):,}", file=sys.stderr)
    for k, label in enumerate(LABELS):
        pool[f"{label}_score"] = np.round(scores[:, k], 4)
    out = args.output or silver_dir()
    out.mkdir(parents=True, exist_ok=True)
    for source, frame in pool.groupby("source", sort=True):
        path = write_frame(frame.reset_index(drop=True)[list(SILVER_COLUMNS)], out / f"silver-{source}.parquet")
        print(f"wrote {path} ({len(frame):,} sentences; transformer sha256 {digest[:12]})", file=sys.stderr)
    info = {label: float(t) for label, t in zip(LABELS, model.thresholds_)}
    info["transformer_sha256"] = digest
    (out / "thresholds.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
