"""Label a table of sentences: the input's columns plus codes, scores and evidence.

:func:`label_sentences` (pandas) and :func:`label_arrow` (pyarrow, used by the command line and
:func:`analysis.corpus.label_corpus`) apply one rule to every row: a row whose text is missing,
empty or not a string gets an *empty label row* (no codes, no scores, no evidence) and is
counted; it never stops the run (:func:`analysis.tables.missing_text`). A number or boolean in the
text column is labelled as its text (:func:`analysis.tables.as_cell_texts`).

Examples
--------
>>> import pandas as pd, warnings
>>> warnings.simplefilter("ignore", MissingTextWarning)
>>> out = label_sentences(pd.DataFrame({"id": ["a", "b"], "text": ["They lied.", ""]}), labeler="cues")
>>> out["accusation"].tolist(), out["evidence"].tolist()
([1, <NA>], ["accusation: 'lied' [5:9]", ''])
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.labels.codebook import EVIDENCE_COLUMN, LABELS, SCORE_COLUMNS
from analysis.labels.registry import load_labeler
from analysis.tables import as_cell_texts, missing_text

__all__ = ["OUTPUT_COLUMNS", "MissingTextWarning", "label_sentences", "label_arrow", "resolve_labeler"]

#: Columns the labelling adds, in order.
OUTPUT_COLUMNS: tuple[str, ...] = (*LABELS, *SCORE_COLUMNS, EVIDENCE_COLUMN)


class MissingTextWarning(UserWarning):
    """Some rows had no text and got an empty label row."""


def resolve_labeler(labeler: str | Any) -> Any:
    """A labeler name (:func:`~analysis.labels.registry.load_labeler`) or a fitted labeler."""
    return load_labeler(labeler) if isinstance(labeler, str) else labeler


def _label_texts(model: Any, values: list[Any]) -> tuple[pd.DataFrame, list[int]]:
    """Evidence table for ``values`` (one row each) and the positions without text."""
    values = as_cell_texts(values)
    missing = missing_text(values)
    if not missing:
        return model.predict_with_evidence(values), []
    gone = set(missing)
    keep = [i for i in range(len(values)) if i not in gone]
    found = model.predict_with_evidence([values[i] for i in keep])
    table = pd.DataFrame({c: pd.Series([pd.NA] * len(values), dtype="Int64") for c in LABELS})
    for c in SCORE_COLUMNS:
        table[c] = np.nan
    table[EVIDENCE_COLUMN] = pd.Series([""] * len(values), dtype=object)
    if keep:
        idx = np.asarray(keep)
        for c in LABELS:
            table.loc[idx, c] = found[c].to_numpy()
        for c in (*SCORE_COLUMNS, EVIDENCE_COLUMN):
            table.loc[idx, c] = found[c].to_numpy()
    return table, missing


def label_sentences(
    texts_or_frame: Sequence[str] | pd.Series | pd.DataFrame,
    *,
    labeler: str | Any = "default",
    text_column: str = "text",
) -> pd.DataFrame:
    """Label sentences; return the input columns plus codes, scores and evidence.

    Parameters
    ----------
    texts_or_frame : sequence of str, Series or DataFrame
        The sentences, or a table with a text column.
    labeler : str or a fitted labeler, default "default"
        A name of :mod:`analysis.labels.registry` or any fitted labeler.
    text_column : str, default "text"
        Column holding the sentences (a DataFrame input); a list or Series becomes column ``text``.

    Returns
    -------
    DataFrame
        The input columns (same rows, same order, same index) + ``accusation``, ``prediction``,
        ``rejection`` (0/1), ``accusation_score``, ``prediction_score``, ``rejection_score``
        (in [0, 1], 4 decimals) and ``evidence`` (e.g. ``"accusation: 'accused' [12:19]"``;
        empty when no label is predicted). A row without text gets empty codes and scores, and
        a :class:`MissingTextWarning` says how many.

    Raises
    ------
    InputError
        A missing text column or a single string instead of a list.
    ParameterError
        An unknown labeler name.
    """
    if isinstance(texts_or_frame, pd.DataFrame):
        if text_column not in texts_or_frame.columns:
            raise InputError("input", f"no column {text_column!r} (columns: {', '.join(map(str, texts_or_frame.columns))})")
        frame = texts_or_frame.copy()
    else:
        if isinstance(texts_or_frame, str):
            raise InputError("input", "expected a list of sentences, got a single string")
        series = texts_or_frame if isinstance(texts_or_frame, pd.Series) else pd.Series(list(texts_or_frame), dtype=object)
        frame = pd.DataFrame({text_column: series})
    model = resolve_labeler(labeler)
    table, missing = _label_texts(model, frame[text_column].tolist())
    table.index = frame.index
    for column in OUTPUT_COLUMNS:
        frame[column] = table[column]
    if missing:
        warnings.warn(f"{len(missing)} row(s) had no text and got an empty label row "
                      f"(first: row {missing[0] + 1})", MissingTextWarning, stacklevel=2)
    return frame


def label_arrow(table: Any, *, labeler: Any, text_column: str) -> tuple[Any, list[int]]:
    """Label a pyarrow Table: its columns plus :data:`OUTPUT_COLUMNS`; and the positions without text.

    Examples
    --------
    >>> import pyarrow as pa
    >>> out, missing = label_arrow(pa.table({"text": ["They lied.", None]}), labeler="cues", text_column="text")
    >>> out.column("accusation").to_pylist(), missing
    ([1, None], [1])
    """
    import pyarrow as pa

    if text_column not in table.column_names:
        raise InputError("input", f"no column {text_column!r} (columns: {', '.join(table.column_names)})")
    frame, missing = _label_texts(resolve_labeler(labeler), table.column(text_column).to_pylist())
    out = table
    for c in LABELS:
        out = out.append_column(c, pa.array(frame[c].to_numpy(dtype="float64", na_value=np.nan), pa.float64())
                                .cast(pa.int64(), safe=False) if not missing else
                                pa.array(frame[c].astype("object").where(frame[c].notna(), None).tolist(), pa.int64()))
    for c in SCORE_COLUMNS:
        values = frame[c].to_numpy(dtype=float)
        out = out.append_column(c, pa.array(values, pa.float64(), mask=np.isnan(values) if missing else None))
    out = out.append_column(EVIDENCE_COLUMN, pa.array(frame[EVIDENCE_COLUMN].tolist(), pa.string()))
    return out, missing
