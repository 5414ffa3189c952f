"""Evaluate the labelers: held-out test split, bootstrap CIs, agreement, PLOVER check.

- :func:`bootstrap_metrics` -- per-label precision, recall, F1 (and macro) with percentile
  bootstrap 95% CIs, resampling whole documents (default) or sentences, fixed seed.
- :func:`evaluation_tables` -- the project's evaluation: every labeler on the test documents of
  ``split.csv``; returns ``{"metrics", "predictions", "kappa"}``.
- :func:`real_eval_metrics` -- the same metrics on the hand-coded real-text set (``realeval``),
  its ``test`` (reported) or ``dev`` (read during rule development) half, CIs by document.
- :func:`cohen_kappa_table` -- Cohen's kappa per label for the double-annotated subset.
- :func:`plover_check` -- recall and false-positive rates on the PLOVER gold-standard records
  (``../shared/corpora/plover-gsr``; evaluation only, never training).

Examples
--------
>>> import numpy as np
>>> from analysis.study.evaluate import bootstrap_metrics
>>> y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]])
>>> m = bootstrap_metrics(y, y, groups=["a", "a", "b", "c"], n_boot=50)
>>> m.loc[m["label"] == "macro", "f1"].item()
1.0
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from analysis.errors import InputError
from analysis.study.annotations import load_annotations, load_double
from analysis.labels.codebook import LABELS

__all__ = [
    "METRIC_COLUMNS",
    "bootstrap_metrics",
    "evaluation_tables",
    "real_eval_metrics",
    "open_corpus_metrics",
    "cohen_kappa_table",
    "load_plover",
    "plover_check",
    "default_plover_path",
]

#: Columns of the metrics table.
METRIC_COLUMNS: tuple[str, ...] = (
    "labeler", "label", "precision", "precision_lo", "precision_hi", "recall", "recall_lo", "recall_hi",
    "f1", "f1_lo", "f1_hi", "support", "n",
)

#: PLOVER DISAPPROVE records whose trigger (eventText) is one of these word starts count as
#: ACCUSATION (the codebook's reported-charge verbs).
PLOVER_ACCUSE = re.compile(r"\b(?:accus|blam|alleg|condemn|denounc)", re.IGNORECASE)


def _prf(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1e-12), 0.0)
        r = np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1e-12), 0.0)
        f = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-12), 0.0)
    return p, r, f


def bootstrap_metrics(
    y_true: Any,
    y_pred: Any,
    *,
    groups: Sequence[Any] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    alpha: float = 0.05,
    labels: Sequence[str] = LABELS,
) -> pd.DataFrame:
    """Precision, recall, F1 per label and macro, with percentile bootstrap CIs.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n, k)
        0/1 indicators.
    groups : sequence of length n, optional
        Resampling unit (document ids); ``None`` resamples sentences.
    n_boot : int, default 1000
    seed : int, default 0
    alpha : float, default 0.05
        ``1 - alpha`` intervals.
    labels : sequence of str
        Names of the k columns.

    Returns
    -------
    DataFrame
        One row per label plus ``"macro"`` (mean of the per-label values, its CI from the same
        resamples); columns label, precision, precision_lo, ..., f1_hi, support, n.
    """
    yt, yp = np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)
    if yt.shape != yp.shape or yt.ndim != 2 or yt.shape[1] != len(labels):
        raise InputError("metrics", f"y_true {yt.shape} and y_pred {yp.shape} must both be (n, {len(labels)})")
    n = yt.shape[0]
    unit = np.arange(n) if groups is None else pd.factorize(np.asarray(groups))[0]
    n_units = int(unit.max()) + 1 if n else 0
    # counts per resampling unit: (units, 3 stats, k labels)
    stats = np.stack([(yt == 1) & (yp == 1), (yt == 0) & (yp == 1), (yt == 1) & (yp == 0)], axis=1).astype(float)
    per_unit = np.zeros((n_units, 3, yt.shape[1]))
    np.add.at(per_unit, unit, stats)
    total = per_unit.sum(0)
    p, r, f = _prf(*total)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, max(n_units, 1), size=(n_boot, n_units)) if n_units else np.zeros((n_boot, 0), int)
    weights = np.zeros((n_boot, n_units))
    for b in range(n_boot):  # bincount per replicate: cheap for a few hundred units
        weights[b] = np.bincount(draws[b], minlength=n_units)
    boot = np.einsum("bu,usk->bsk", weights, per_unit)
    bp, br, bf = _prf(boot[:, 0], boot[:, 1], boot[:, 2])
    lo, hi = 100 * alpha / 2, 100 * (1 - alpha / 2)
    rows = []
    for k, label in enumerate(labels):
        rows.append(
            {
                "label": label,
                "precision": p[k], "precision_lo": np.percentile(bp[:, k], lo), "precision_hi": np.percentile(bp[:, k], hi),
                "recall": r[k], "recall_lo": np.percentile(br[:, k], lo), "recall_hi": np.percentile(br[:, k], hi),
                "f1": f[k], "f1_lo": np.percentile(bf[:, k], lo), "f1_hi": np.percentile(bf[:, k], hi),
                "support": int(yt[:, k].sum()), "n": n,
            }
        )
    rows.append(
        {
            "label": "macro",
            "precision": p.mean(), "precision_lo": np.percentile(bp.mean(1), lo), "precision_hi": np.percentile(bp.mean(1), hi),
            "recall": r.mean(), "recall_lo": np.percentile(br.mean(1), lo), "recall_hi": np.percentile(br.mean(1), hi),
            "f1": f.mean(), "f1_lo": np.percentile(bf.mean(1), lo), "f1_hi": np.percentile(bf.mean(1), hi),
            "support": int(yt.sum()), "n": n,
        }
    )
    return pd.DataFrame(rows)


def cohen_kappa_table(annotations: pd.DataFrame, double: pd.DataFrame) -> pd.DataFrame:
    """Cohen's kappa per label between the first coding and each second annotator.

    Returns columns label, annotator, n, kappa, agreement (share of identical codes).

    Examples
    --------
    >>> a = pd.DataFrame({"sentence_uid": ["d:0", "d:1", "d:2"], "accusation": [1, 0, 1],
    ...                   "prediction": [0, 0, 1], "rejection": [0, 1, 0]})
    >>> cohen_kappa_table(a, a.assign(annotator="b"))["kappa"].tolist()
    [1.0, 1.0, 1.0]
    """
    columns = ["label", "annotator", "n", "kappa", "agreement"]
    if double is None or double.empty:
        return pd.DataFrame(columns=columns)
    merged = double.merge(annotations[["sentence_uid", *LABELS]], on="sentence_uid", suffixes=("_b", ""))
    rows = []
    for annotator, group in merged.groupby("annotator", sort=True):
        for label in LABELS:
            a, b = group[label].to_numpy(), group[f"{label}_b"].to_numpy()
            kappa = cohen_kappa_score(a, b) if len(set(a) | set(b)) > 1 else 1.0
            rows.append({"label": label, "annotator": annotator, "n": len(group), "kappa": float(kappa),
                         "agreement": float(np.mean(a == b))})
    return pd.DataFrame(rows, columns=columns)


def evaluation_tables(
    *,
    annotations: str | Path | None = None,
    labelers: Sequence[str] = ("cues", "learned", "default", "baseline"),
    n_boot: int = 1000,
    seed: int = 0,
    unit: str = "document",
) -> dict[str, pd.DataFrame]:
    """Evaluate labelers on the held-out test documents.

    Parameters
    ----------
    annotations : path, optional
        Annotation folder (default ``data/raw/annotations``).
    labelers : sequence of names, default all four
    n_boot : int, default 1000
        Bootstrap replicates.
    seed : int, default 0
    unit : {"document", "sentence"}, default "document"
        Bootstrap resampling unit.

    Returns
    -------
    dict of DataFrames
        ``"metrics"``: columns :data:`METRIC_COLUMNS` (rows per labeler x label, plus label
        ``"macro"``); ``"predictions"``: one row per test sentence -- sentence_uid, doc_id, n,
        genre, conflict, text, the gold codes (``accusation``, ...), and per labeler
        ``<labeler>_<label>`` (0/1) and ``<labeler>_<label>_score``; ``"kappa"``: Cohen's kappa
        per label and second annotator (empty without ``double/*.csv``).
    """
    from analysis.labels.registry import load_labeler as get_labeler

    if unit not in ("document", "sentence"):
        raise InputError("unit", "must be 'document' or 'sentence'")
    frame = load_annotations(annotations)
    test = frame[frame["split"] == "test"].reset_index(drop=True)
    if test.empty:
        raise InputError("split.csv", "no test documents")
    texts = test["text"].tolist()
    gold = test[list(LABELS)].to_numpy()
    predictions = test[["sentence_uid", "doc_id", "n", "genre", "conflict", "text", *LABELS]].copy()
    metrics = []
    for name in labelers:
        model = get_labeler(name)
        scores = np.asarray(model.predict_proba(texts), dtype=float)
        pred = np.asarray(model.predict(texts), dtype=int)
        for k, label in enumerate(LABELS):
            predictions[f"{name}_{label}"] = pred[:, k]
            predictions[f"{name}_{label}_score"] = scores[:, k]
        table = bootstrap_metrics(
            gold, pred, groups=test["doc_id"].to_numpy() if unit == "document" else None, n_boot=n_boot, seed=seed
        )
        table.insert(0, "labeler", name)
        metrics.append(table)
    kappa = cohen_kappa_table(frame, load_double(annotations))
    return {
        "metrics": pd.concat(metrics, ignore_index=True)[list(METRIC_COLUMNS)],
        "predictions": predictions,
        "kappa": kappa,
    }


def real_eval_metrics(
    *,
    labelers: Sequence[str | Any] = ("cues", "learned", "default", "baseline"),
    split: str | None = "test",
    n_boot: int = 1000,
    seed: int = 0,
    shared_dir: str | Path | None = None,
    by_corpus: bool = False,
    version: str = "v2",
) -> pd.DataFrame:
    """Metrics on the hand-coded real-text set (``analysis.study.realeval``), CIs by document.

    Parameters
    ----------
    labelers : sequence of labeler names or fitted labelers, default all four
    split : {"test", "dev"} or None, default "test"
        Which half of the set (by document, :func:`analysis.study.realeval.real_split`); ``None``
        uses all 600 sentences. Only ``test`` figures are an honest estimate: ``dev`` was read
        while writing the rules.
    n_boot, seed : bootstrap replicates and seed (resampling whole documents)
    shared_dir : path, optional
        The ``shared`` folder holding the third-party corpora (default: beside the project).
    by_corpus : bool, default False
        Also score each source corpus (``isw``, ``zelensky``, ``guardian``) on its own, to show
        which kinds of text the labelers can be trusted on (small samples: wide CIs).
    version : {"v2", "v1"}, default "v2"
        Which coding of the set (:data:`analysis.study.realeval.CODE_VERSIONS`): v2 follows the
        current codebook.

    Returns
    -------
    DataFrame
        Columns :data:`METRIC_COLUMNS` plus ``split``, ``n_docs`` and ``corpus`` (``"all"``, or a
        corpus name with ``by_corpus``); one row per corpus x labeler x label and ``"macro"``.

    Raises
    ------
    FileNotFoundError
        If ``../shared`` is absent (the set is stored by reference only).
    """
    from analysis.study.realeval import load_real_eval

    if split not in ("test", "dev", None):
        raise InputError("split", "must be 'test', 'dev' or None")
    frame = load_real_eval(shared_dir, version=version)
    if split is not None:
        frame = frame[frame["split"] == split].reset_index(drop=True)
    groups = (frame["corpus"] + "/" + frame["doc_key"]).to_numpy()
    out = _metrics_by_part(frame, groups, frame["corpus"] if by_corpus else None, labelers,
                           n_boot=n_boot, seed=seed)
    out.insert(len(METRIC_COLUMNS), "split", split or "all")
    return out


def _metrics_by_part(frame: pd.DataFrame, groups: np.ndarray, part: pd.Series | None,
                     labelers: Sequence[str | Any], *, n_boot: int, seed: int) -> pd.DataFrame:
    """Bootstrap metrics of every labeler on ``frame`` (``text`` and the label columns), over all
    rows (``corpus`` ``"all"``) and, when ``part`` is given, per value of it; columns
    :data:`METRIC_COLUMNS` + ``n_docs`` + ``corpus``."""
    from analysis.labels.registry import load_labeler

    texts = frame["text"].tolist()
    gold = frame[list(LABELS)].to_numpy()
    parts = [("all", np.ones(len(frame), dtype=bool))]
    if part is not None:
        parts += [(c, (part == c).to_numpy()) for c in sorted(part.unique())]
    tables = []
    for item in labelers:
        model = load_labeler(item) if isinstance(item, str) else item
        name = item if isinstance(item, str) else type(item).__name__
        pred = np.asarray(model.predict(texts), dtype=int)
        for corpus, mask in parts:
            table = bootstrap_metrics(gold[mask], pred[mask], groups=groups[mask], n_boot=n_boot, seed=seed)
            table.insert(0, "labeler", name)
            table["corpus"] = corpus
            table["n_docs"] = len(set(groups[mask]))
            tables.append(table)
    return pd.concat(tables, ignore_index=True)[[*METRIC_COLUMNS, "n_docs", "corpus"]]


def open_corpus_metrics(
    *,
    labelers: Sequence[str | Any] = ("cues", "learned", "default", "baseline"),
    split: str = "test",
    n_boot: int = 1000,
    seed: int = 0,
    by_source: bool = True,
) -> pd.DataFrame:
    """Metrics on the real annotated corpus's ``split`` documents (``data/raw/annotations/real``).

    The corpus is inside the project (no ``../shared`` needed); its ``test`` documents are never
    used for training or for choosing weights and thresholds (those use ``validation``).

    Returns
    -------
    DataFrame
        Columns :data:`METRIC_COLUMNS` plus ``split``, ``n_docs`` and ``corpus`` (``"all"`` or a
        source: ``whitehouse``, ``ungd``, ``kremlin``, ``wikinews``).

    Examples
    --------
    >>> m = open_corpus_metrics(labelers=["baseline"], n_boot=10, by_source=False)
    >>> m.loc[m["label"] == "macro", "corpus"].tolist()
    ['all']
    """
    from analysis.study.annotations import load_real

    if split not in ("train", "validation", "test"):
        raise InputError("split", "must be 'train', 'validation' or 'test'")
    frame = load_real()
    frame = frame[frame["split"] == split].reset_index(drop=True)
    out = _metrics_by_part(frame, frame["doc_id"].to_numpy(), frame["source"] if by_source else None,
                           labelers, n_boot=n_boot, seed=seed)
    out.insert(len(METRIC_COLUMNS), "split", split)
    return out


def default_plover_path() -> Path:
    """``../shared/corpora/plover-gsr/PLOVER_GSR_CAMEO.txt`` beside the project root."""
    from analysis.study import paths

    return paths.shared_dir() / "corpora" / "plover-gsr" / "PLOVER_GSR_CAMEO.txt"


_FIELD = {name: re.compile(rf'"{name}"\s*:\s*"((?:[^"\\]|\\.)*)"') for name in ("id", "event", "eventText", "text")}


def load_plover(path: str | Path | None = None) -> pd.DataFrame:
    """Read PLOVER records (id, event, eventText, text); tolerant of non-strict JSON.

    Strict JSON is tried first; otherwise (trailing commas, comments, stray text) each ``{...}``
    record's string fields are read with regular expressions. Records without text are dropped.
    """
    path = Path(path) if path is not None else default_plover_path()
    try:
        raw = path.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise InputError(path, f"cannot read PLOVER file: {exc.strerror or exc}") from None
    records: list[dict[str, Any]] = []
    try:
        data = json.loads(raw)
        records = [r for r in (data if isinstance(data, list) else [data]) if isinstance(r, dict)]
    except ValueError:
        cleaned = re.sub(r",\s*([}\]])", r"\1", raw)
        try:
            data = json.loads(cleaned)
            records = [r for r in (data if isinstance(data, list) else [data]) if isinstance(r, dict)]
        except ValueError:
            for chunk in re.findall(r"\{(?:[^{}]|\{[^{}]*\})*\}", raw, flags=re.S):
                record = {}
                for name, rx in _FIELD.items():
                    m = rx.search(chunk)
                    if m:
                        record[name] = json.loads(f'"{m.group(1)}"')
                records.append(record)
    rows = [
        {"id": str(r.get("id", "")), "event": str(r.get("event", "")), "eventText": str(r.get("eventText", "")),
         "text": r.get("text")}
        for r in records
    ]
    frame = pd.DataFrame(rows, columns=["id", "event", "eventText", "text"])
    frame = frame[frame["text"].map(lambda t: isinstance(t, str) and t.strip() != "")].reset_index(drop=True)
    if frame.empty:
        raise InputError(path, "no PLOVER records with text")
    return frame


def plover_check(path: str | Path | None = None, *, labeler: str | Any = "default") -> pd.DataFrame:
    """Recall on PLOVER REJECT (-> rejection) and accuse-type DISAPPROVE (-> accusation) records,
    and each label's false-positive rate on the other event categories.

    Returns
    -------
    DataFrame with columns labeler, measure, label, group, n, value
        ``measure`` is ``"recall"`` (share of the group's records given the label) or
        ``"positive_rate"`` (share given the label among records of other categories, a
        false-positive rate for REJECT/accusation, and an upper bound for prediction since PLOVER
        has no prediction category).
    """
    from analysis.labels.registry import load_labeler as get_labeler

    records = load_plover(path)
    model = get_labeler(labeler) if isinstance(labeler, str) else labeler
    name = labeler if isinstance(labeler, str) else type(labeler).__name__
    pred = np.asarray(model.predict(records["text"].tolist()), dtype=int)
    reject = (records["event"] == "REJECT").to_numpy()
    accuse = ((records["event"] == "DISAPPROVE") & records["eventText"].str.contains(PLOVER_ACCUSE)).to_numpy()
    disapprove_other = ((records["event"] == "DISAPPROVE") & ~accuse).to_numpy()
    other = ~(reject | (records["event"] == "DISAPPROVE").to_numpy())
    a, p, r = (LABELS.index(x) for x in LABELS)
    rows = [
        ("recall", LABELS[r], "REJECT", reject, r),
        ("recall", LABELS[a], "DISAPPROVE accuse/blame/allege/condemn", accuse, a),
        ("positive_rate", LABELS[a], "DISAPPROVE other", disapprove_other, a),
        ("positive_rate", LABELS[r], "other categories (not REJECT/DISAPPROVE)", other, r),
        ("positive_rate", LABELS[a], "other categories (not REJECT/DISAPPROVE)", other, a),
        ("positive_rate", LABELS[p], "all records (no PREDICTION category)", np.ones(len(records), bool), p),
        ("positive_rate", LABELS[r], "DISAPPROVE accuse/blame/allege/condemn", accuse, r),
        ("positive_rate", LABELS[a], "REJECT", reject, a),
    ]
    out = [
        {"labeler": name, "measure": measure, "label": label, "group": group, "n": int(mask.sum()),
         "value": float(pred[mask, k].mean()) if mask.any() else float("nan")}
        for measure, label, group, mask, k in rows
    ]
    return pd.DataFrame(out)
