"""Load and validate the annotated sentences (``data/raw/annotations``) and the document split.

Files: ``batch-*.csv`` and ``seed.csv`` (columns in :data:`ANNOTATION_COLUMNS`), ``split.csv``
(``doc_id``, ``split``) and ``double/*.csv`` (second annotation, for agreement only).

The split is by document: within each genre, documents are ordered by the SHA-256 of their
``doc_id`` and the first ``round(0.25 * n)`` go to ``test`` (:func:`make_split`). It depends on
nothing but the ids, so it is reproducible and stable when other documents are added.

Examples
--------
>>> import pandas as pd
>>> from analysis.study.annotations import make_split
>>> docs = pd.DataFrame({"doc_id": [f"wire-{i:03d}" for i in range(8)], "genre": "wire"})
>>> make_split(docs)["split"].value_counts().to_dict()
{'train': 6, 'test': 2}
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from analysis.study import paths
from analysis.errors import InputError
from analysis.labels.codebook import LABELS
from analysis.tables import read_table

__all__ = [
    "ANNOTATION_COLUMNS",
    "GENRES",
    "TEST_FRACTION",
    "annotations_dir",
    "read_annotation_file",
    "load_annotations",
    "make_split",
    "load_split",
    "load_double",
    "write_split",
    "REAL_COLUMNS",
    "REAL_SOURCES",
    "real_dir",
    "load_real",
    "main",
]

#: Columns of every ``batch-*.csv`` and ``seed.csv``.
ANNOTATION_COLUMNS: tuple[str, ...] = ("doc_id", "n", "genre", "conflict", "text", *LABELS, "annotator")
#: Genres the README allows.
GENRES: tuple[str, ...] = ("wire", "thinktank", "speech", "statement")
#: Share of each genre's documents held out for testing.
TEST_FRACTION: float = 0.25


def annotations_dir() -> Path:
    """``data/raw/annotations`` of the project."""
    return paths.raw_dir() / "annotations"


def read_annotation_file(path: str | Path) -> pd.DataFrame:
    """Read one annotation CSV and validate it; errors name the file and the CSV row.

    Raises
    ------
    InputError
        Unreadable file, missing columns, empty text, codes other than 0/1, a bad sentence
        number, an unknown genre or a duplicated ``doc_id:n``.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read annotations: {exc}") from None
    missing = [c for c in ANNOTATION_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}")
    for i, row in enumerate(frame.itertuples(index=False)):
        where = f"{path} row {i + 2}"  # CSV line: header is line 1
        if not row.doc_id.strip():
            raise InputError(where, "empty doc_id")
        if not row.n.strip().isdigit():
            raise InputError(where, f"sentence number n must be an integer >= 0, got {row.n!r}")
        if not row.text.strip():
            raise InputError(where, "empty text")
        if row.genre not in GENRES:
            raise InputError(where, f"unknown genre {row.genre!r} (allowed: {', '.join(GENRES)})")
        for label in LABELS:
            if getattr(row, label).strip() not in ("0", "1"):
                raise InputError(where, f"{label} must be 0 or 1, got {getattr(row, label)!r}")
    frame["n"] = frame["n"].astype(int)
    for label in LABELS:
        frame[label] = frame[label].str.strip().astype(int)
    uid = frame["doc_id"] + ":" + frame["n"].astype(str)
    dup = uid[uid.duplicated()]
    if len(dup):
        raise InputError(path, f"duplicated sentence {dup.iloc[0]}")
    frame["sentence_uid"] = uid
    frame["source_file"] = path.name
    return frame


def make_split(docs: pd.DataFrame, *, test_fraction: float = TEST_FRACTION) -> pd.DataFrame:
    """Assign whole documents to ``train`` / ``test``, stratified by genre, by hash of ``doc_id``.

    Parameters
    ----------
    docs : DataFrame with columns doc_id and genre (one row per sentence or per document)
    test_fraction : float, default 0.25

    Returns
    -------
    DataFrame with columns doc_id, genre, split (sorted by doc_id)
    """
    docs = docs[["doc_id", "genre"]].drop_duplicates("doc_id")
    rows = []
    for genre, group in docs.groupby("genre", sort=True):
        ordered = sorted(group["doc_id"], key=lambda d: hashlib.sha256(d.encode("utf-8")).hexdigest())
        n_test = int(round(test_fraction * len(ordered)))
        rows += [(d, genre, "test" if k < n_test else "train") for k, d in enumerate(ordered)]
    out = pd.DataFrame(rows, columns=["doc_id", "genre", "split"])
    return out.sort_values("doc_id").reset_index(drop=True)


def load_split(folder: str | Path | None = None) -> pd.DataFrame:
    """Read ``split.csv`` (doc_id, split)."""
    path = Path(folder or annotations_dir()) / "split.csv"
    try:
        split = pd.read_csv(path, dtype=str, keep_default_na=False)
    except OSError as exc:
        raise InputError(path, f"cannot read the split: {exc.strerror or exc}") from None
    if not {"doc_id", "split"} <= set(split.columns):
        raise InputError(path, "needs columns doc_id and split")
    bad = split[~split["split"].isin(["train", "test"])]
    if len(bad):
        raise InputError(path, f"split must be train or test, got {bad['split'].iloc[0]!r}")
    return split[["doc_id", "split"]]


def load_annotations(folder: str | Path | None = None, *, with_split: bool = True) -> pd.DataFrame:
    """Load every ``batch-*.csv`` and ``seed.csv``, validated, with the document split joined.

    Parameters
    ----------
    folder : path, optional
        Default ``data/raw/annotations``.
    with_split : bool, default True
        Join ``split.csv``; every document must be in it.

    Returns
    -------
    DataFrame
        Columns of :data:`ANNOTATION_COLUMNS` plus sentence_uid, source_file (and split),
        ordered by file, then row.
    """
    folder = Path(folder or annotations_dir())
    files = sorted(folder.glob("batch-*.csv"))
    if (folder / "seed.csv").exists():
        files.append(folder / "seed.csv")
    if not files:
        raise InputError(folder, "no annotation files (batch-*.csv, seed.csv)")
    frame = pd.concat([read_annotation_file(f) for f in files], ignore_index=True)
    dup = frame[frame["sentence_uid"].duplicated()]
    if len(dup):
        raise InputError(folder, f"sentence {dup['sentence_uid'].iloc[0]} appears in more than one file")
    if with_split:
        split = load_split(folder)
        frame = frame.merge(split, on="doc_id", how="left", validate="many_to_one")
        missing = frame.loc[frame["split"].isna(), "doc_id"].unique()
        if len(missing):
            raise InputError(
                folder / "split.csv",
                f"no split for document(s) {', '.join(missing[:5])}; once all batches are in, rewrite the "
                "split with `python -m analysis.study.annotations --write-split` and retrain (`make model`)",
            )
    return frame


def _coded_csv(path: Path, columns: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """A CSV of coded sentences, every value as text, the three codes checked and made int.

    Raises :class:`InputError` naming the file (and the 1-based data row) on a missing file or
    column or a code that is not 0/1.
    """
    try:
        frame = read_table(path, fmt="csv").to_pandas()
    except InputError as exc:
        raise InputError(path, f"cannot read coded sentences: {exc.problem}") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}")
    for label in LABELS:
        bad = frame[~frame[label].isin(["0", "1"])]
        if len(bad):
            raise InputError(f"{path} row {bad.index[0] + 1}", f"{label} must be 0 or 1")
        frame[label] = frame[label].astype(int)
    return frame


def load_double(folder: str | Path | None = None) -> pd.DataFrame:
    """Read ``double/*.csv`` (sentence_uid, the three codes, annotator); empty if there are none."""
    folder = Path(folder or annotations_dir()) / "double"
    columns = ["sentence_uid", *LABELS, "annotator"]
    frames = []
    for path in sorted(folder.glob("*.csv")):
        frame = _coded_csv(path, columns)
        frames.append(frame[columns])
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=int if c in LABELS else str) for c in columns})
    return pd.concat(frames, ignore_index=True)


#: Columns of ``real/sentences-<source>.csv`` (the real annotated corpus, see its README).
REAL_COLUMNS: tuple[str, ...] = (
    "uid", "source", "doc_id", "start", "end", "text", "licence", *LABELS, "annotator", "sample_type",
    "review", "turn_speaker", "date", "title", "category",
)
#: The open sources of the real corpus.
REAL_SOURCES: tuple[str, ...] = ("whitehouse", "ungd", "kremlin", "wikinews")


def real_dir() -> Path:
    """``data/raw/annotations/real`` of the project."""
    return annotations_dir() / "real"


def load_real(folder: str | Path | None = None) -> pd.DataFrame:
    """Load the real annotated corpus (``sentences-<source>.csv``) with its split joined.

    Returns
    -------
    DataFrame
        :data:`REAL_COLUMNS` (codes as int, offsets as int) plus ``split`` (``train``,
        ``validation``, ``test``), ordered by source, document and offset.

    Raises
    ------
    InputError
        A missing file or column, a code that is not 0/1, a document without a split, or a
        sentence whose offsets do not match its length.

    Examples
    --------
    >>> real = load_real()
    >>> sorted(real["split"].unique())
    ['test', 'train', 'validation']
    """
    folder = Path(folder or real_dir())
    frames = []
    for source in REAL_SOURCES:
        path = folder / f"sentences-{source}.csv"
        frame = _coded_csv(path, REAL_COLUMNS)
        for column in ("start", "end"):
            frame[column] = frame[column].astype(int)
        wrong = frame[(frame["end"] - frame["start"]) != frame["text"].str.len()]
        if len(wrong):
            raise InputError(f"{path} row {wrong.index[0] + 1}", "end - start does not match the text's length")
        frames.append(frame[list(REAL_COLUMNS)])
    frame = pd.concat(frames, ignore_index=True)
    split_path = folder / "split.csv"
    try:
        split = pd.read_csv(split_path, dtype=str, keep_default_na=False)[["doc_id", "split"]]
    except (OSError, KeyError) as exc:
        raise InputError(split_path, f"cannot read the split: {exc}") from None
    frame = frame.merge(split, on="doc_id", how="left", validate="many_to_one")
    if frame["split"].isna().any() or not frame["split"].isin(["train", "validation", "test"]).all():
        raise InputError(split_path, "every document needs a split of train, validation or test")
    return frame.sort_values(["source", "doc_id", "start"], kind="stable").reset_index(drop=True)


def write_split(folder: str | Path | None = None, *, test_fraction: float = TEST_FRACTION) -> Path:
    """Recompute ``split.csv`` from every annotation file with :func:`make_split`; return its path."""
    folder = Path(folder or annotations_dir())
    frame = load_annotations(folder, with_split=False)
    path = folder / "split.csv"
    make_split(frame, test_fraction=test_fraction)[["doc_id", "split"]].to_csv(path, index=False)
    return path


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.study.annotations [--write-split]``: summary, or rewrite split.csv."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m analysis.study.annotations", description=__doc__.split("\n")[0])
    parser.add_argument("--write-split", action="store_true", help="rewrite split.csv from the annotation files")
    parser.add_argument("--folder", default=None, help="annotation folder (default data/raw/annotations)")
    args = parser.parse_args(argv)
    try:
        if args.write_split:
            print(f"wrote {write_split(args.folder)}")
        frame = load_annotations(args.folder)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = frame.groupby(["split", "genre"]).agg(documents=("doc_id", "nunique"), sentences=("text", "size"))
    print(summary.to_string())
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
