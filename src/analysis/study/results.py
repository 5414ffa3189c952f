"""Committed evaluation results: real-text quality and the PLOVER check, in ``results/``.

The real-text evaluation set and the PLOVER records live in ``../shared`` (evaluation-only
material, absent on users' machines), so their numbers cannot be recomputed everywhere. They
are measured where ``../shared`` is present (``make results``, and ``make data`` when their
inputs changed) and committed as CSV files in ``results/`` (``results`` in ``study.yml``):

- ``realeval_metrics.csv``: precision, recall, F1 with 95% bootstrap CIs (resampling
  documents) per labeler and label on the **test half** of the hand-coded real-text set,
  over all three sources (``corpus = all``) and per source;
- ``plover.csv``: recall and positive rates on the PLOVER gold-standard records;
- ``open_metrics.csv``: the same metrics on the **test documents** of the project's real
  annotated corpus (``data/raw/annotations/real``: White House, UN General Debate, Kremlin,
  Wikinews), all and per source; this one needs no ``../shared`` but is kept here beside the others;
- ``transformer_metrics.csv`` (optional, ``--transformer``, needs the ``[transformer]`` extra): the
  fine-tuned transformer on the same three test sets, with the hash of its own model file.

Every row carries ``text`` (what the number was measured on), ``model_sha256`` (the shipped
model files it was measured with, :func:`model_sha256`) and ``measured_on`` (the date). A
file is rewritten only when a number or the model changed, so re-running keeps the date of
the measurement and leaves git clean; ``tests/test_results.py`` checks that the committed
results belong to the shipped model.

Examples
--------
>>> from analysis.study.results import load_results, model_sha256
>>> tables = load_results()
>>> sorted(tables)
['open_metrics', 'plover', 'realeval_metrics']
>>> set(tables["realeval_metrics"]["model_sha256"]) == {model_sha256()}
True
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

__all__ = ["RESULT_FILES", "TRANSFORMER_FILE", "LABELERS", "REALEVAL_TEXT", "PLOVER_TEXT", "OPEN_TEXT",
           "model_files", "model_sha256", "transformer_sha256", "measure", "measure_transformer", "write_results",
           "load_results", "main"]

#: Result table name -> file in ``results/``.
RESULT_FILES: dict[str, str] = {"realeval_metrics": "realeval_metrics.csv", "plover": "plover.csv",
                                "open_metrics": "open_metrics.csv"}
#: The optional transformer's results (measured with ``--transformer``).
TRANSFORMER_FILE = "transformer_metrics.csv"
#: The labelers measured, in display order.
LABELERS: tuple[str, ...] = ("baseline", "cues", "learned", "default")
#: What the real-text numbers were measured on (the ``text`` column).
REALEVAL_TEXT = ("real text: test half of the hand-coded real-eval set (sentences of ISW updates, "
                 "Zelensky's addresses and Guardian articles in ../shared/corpora; never read while writing rules; "
                 "codes v2, current codebook)")
#: What the open-corpus numbers were measured on.
OPEN_TEXT = ("real text: test documents of the project's real annotated corpus (White House, UN General "
             "Debate, Kremlin, Wikinews sentences; never used for training or for choosing weights)")
#: What the PLOVER numbers were measured on.
PLOVER_TEXT = "PLOVER gold-standard records (wire sentences of the CAMEO manual, ../shared/corpora/plover-gsr)"


def model_files() -> list[Path]:
    """The shipped model files of the labelers (``analysis/labels/models/*``), by name."""
    from importlib import resources

    folder = Path(str(resources.files("analysis.labels").joinpath("models")))
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".skops", ".json"))


def model_sha256() -> str:
    """SHA-256 over the shipped model files (name and bytes of each, in name order).

    Examples
    --------
    >>> len(model_sha256())
    64
    """
    digest = hashlib.sha256()
    for path in model_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def measure(*, shared_dir: str | os.PathLike | None = None, n_boot: int = 1000) -> dict[str, pd.DataFrame]:
    """Measure the real-text metrics (test half, all sources and per source) and the PLOVER check.

    Raises
    ------
    FileNotFoundError
        When ``../shared`` (or the given ``shared_dir``) is absent.
    """
    from analysis.study.evaluate import plover_check, real_eval_metrics

    from analysis.study.evaluate import open_corpus_metrics

    real = real_eval_metrics(labelers=LABELERS, split="test", by_corpus=True, n_boot=n_boot, shared_dir=shared_dir)
    plover_path = None if shared_dir is None else Path(shared_dir) / "corpora" / "plover-gsr" / "PLOVER_GSR_CAMEO.txt"
    plover = pd.concat([plover_check(plover_path, labeler=name) for name in LABELERS], ignore_index=True)
    open_ = open_corpus_metrics(labelers=LABELERS, split="test", by_source=True, n_boot=n_boot)
    return {"realeval_metrics": real.assign(text=REALEVAL_TEXT), "plover": plover.assign(text=PLOVER_TEXT),
            "open_metrics": open_.assign(text=OPEN_TEXT)}


def transformer_sha256() -> str:
    """SHA-256 of the shipped fine-tuned transformer file (empty when there is none)."""
    from analysis.labels.transformer import default_transformer_path

    path = default_transformer_path()
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def measure_transformer(*, shared_dir: str | os.PathLike | None = None, n_boot: int = 1000) -> pd.DataFrame:
    """The optional transformer labeler on the open-corpus and real-eval test sets and the
    team-written held-out split (needs the ``[transformer]`` extra and ``../shared``)."""
    from analysis.study.evaluate import evaluation_tables, open_corpus_metrics, real_eval_metrics

    frames = [
        open_corpus_metrics(labelers=["transformer"], n_boot=n_boot).assign(text=OPEN_TEXT),
        real_eval_metrics(labelers=["transformer"], split="test", by_corpus=True, n_boot=n_boot,
                          shared_dir=shared_dir).assign(text=REALEVAL_TEXT),
        evaluation_tables(labelers=["transformer"], n_boot=n_boot)["metrics"].assign(
            split="test", corpus="team-written", text="project-written held-out split (data/raw/annotations)"),
    ]
    return pd.concat(frames, ignore_index=True)


def _csv(frame: pd.DataFrame, *, sha: str, day: str) -> str:
    out = frame.assign(model_sha256=sha, measured_on=day)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, float_format="%.4f", lineterminator="\n")
    return buffer.getvalue()


def _recorded_date(path: Path) -> str | None:
    try:
        dates = pd.read_csv(path, usecols=["measured_on"], dtype=str)["measured_on"].dropna().unique()
    except (OSError, ValueError, KeyError):
        return None
    return str(dates[0]) if len(dates) == 1 else None


def write_results(
    tables: dict[str, pd.DataFrame],
    out_dir: str | os.PathLike | None = None,
    *,
    today: str | None = None,
    sha: str | None = None,
    files: dict[str, str] | None = None,
) -> dict[str, str]:
    """Write ``tables`` to ``out_dir`` (default ``results/``), keeping unchanged files as they are.

    A file whose numbers and model hash are those already on disk is not rewritten (only
    touched, so that ``make`` sees it as up to date): its ``measured_on`` stays the date of the
    measurement. Otherwise it is written atomically with ``today``'s date.

    Returns
    -------
    dict of str to str
        Table name -> ``"written"`` or ``"unchanged"``.

    Examples
    --------
    >>> import tempfile
    >>> t = {"plover": pd.DataFrame({"labeler": ["cues"], "value": [0.5]})}
    >>> d = tempfile.mkdtemp()
    >>> write_results(t, d, today="2026-01-01", sha="x"), write_results(t, d, today="2026-02-01", sha="x")
    ({'plover': 'written'}, {'plover': 'unchanged'})
    """
    from analysis.tables import atomic_write

    if out_dir is None:
        from analysis.study.paths import results_dir

        out_dir = results_dir()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sha = sha or model_sha256()
    today = today or _dt.date.today().isoformat()
    status = {}
    for name, frame in tables.items():
        path = out_dir / (files or RESULT_FILES)[name]
        recorded = _recorded_date(path) if path.is_file() else None
        if recorded and path.read_text(encoding="utf-8") == _csv(frame, sha=sha, day=recorded):
            path.touch()
            status[name] = "unchanged"
            continue
        with atomic_write(path, binary=False) as fh:
            fh.write(_csv(frame, sha=sha, day=today))
        status[name] = "written"
    return status


def load_results(results_dir: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Read the committed results (``realeval_metrics``, ``plover``) from ``results/``."""
    if results_dir is None:
        from analysis.study.paths import results_dir as default

        results_dir = default()
    folder = Path(results_dir)
    return {name: pd.read_csv(folder / file, keep_default_na=False, na_values=[""]) for name, file in RESULT_FILES.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m analysis.study.results``: measure and write ``results/`` (needs ``../shared``)."""
    parser = argparse.ArgumentParser(prog="python -m analysis.study.results",
                                     description="Measure real-text quality and the PLOVER check into results/.")
    parser.add_argument("--out-dir", default=None, help="default: results/ of study.yml")
    parser.add_argument("--transformer", action="store_true",
                        help="measure the optional transformer labeler (needs the [transformer] extra)")
    args = parser.parse_args(argv)
    if args.transformer:
        table = measure_transformer()
        out = Path(args.out_dir) if args.out_dir else None
        state = write_results({"transformer": table}, out, sha=transformer_sha256(),
                              files={"transformer": TRANSFORMER_FILE})
        print(f"results: {TRANSFORMER_FILE} {state['transformer']}", file=sys.stderr)
        return 0
    try:
        tables = measure()
    except FileNotFoundError as exc:
        print(f"error: ../shared is absent, so the real-text results cannot be measured here "
              f"({exc}); the committed results/ stay as they are", file=sys.stderr)
        return 2
    for name, state in write_results(tables, args.out_dir).items():
        print(f"results: {RESULT_FILES[name]} {state}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
