"""Event records: who accuses, rejects or predicts, about whom -- rows that join event data.

:func:`event_records` turns attributed, labelled sentences into one record per sentence and
label (ACCUSE for ``accusation``, REJECT for ``rejection``, PREDICT for ``prediction``), with
the PLOVER category beside it (ACCUSE -> ``DISAPPROVE`` with mode ``accuse``, REJECT ->
``REJECT``; PREDICT has no PLOVER category), the source (the sentence's speaker, or for the
writer's own sentences the actor it is about) and the target as actor codes and names, and
the labeler's evidence. :func:`events_from_paths` runs the whole chain on files (ingest,
label, records).

Source: the sentence's speaker (its actor code and canonical name); for the writer's own
sentences, the last actor named before the labeler's cue ("Albania on Friday denounced ...").
Target: the attribution's ``target`` (the object of "accused", "blamed", "urged", ...) when it
has one; otherwise the first actor named after the cue (else before it) whose code differs from
the source's (``target_rule``: ``attribution`` or ``actor_after_cue``).

Examples
--------
>>> import pandas as pd
>>> sents = pd.DataFrame({"sentence_id": ["a:1"], "article_id": ["a"],
...     "text": ["Russia accused Ukrainian negotiators of changing demands."],
...     "speaker": ["Russia"], "speaker_actor": ["RUS"], "target": ["Ukrainian negotiators"],
...     "target_actor": ["UKR"]})
>>> labels = pd.DataFrame({"accusation": [1], "prediction": [0], "rejection": [0],
...     "evidence": ["accusation: 'accused' [7:14]"]})
>>> r = event_records(sents, labels, date="2022-04-07")
>>> r[["event_type", "plover_event", "plover_mode", "source_actor", "target_actor"]].values.tolist()
[['ACCUSE', 'DISAPPROVE', 'accuse', 'RUS', 'UKR']]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date as _date
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.actors import ActorDictionary, load_actors
from analysis.errors import InputError, ParameterError

__all__ = ["EVENT_COLUMNS", "EVENT_TYPES", "event_records", "events_from_paths", "check_date"]

#: Columns of an event table, in order.
EVENT_COLUMNS: tuple[str, ...] = (
    "sentence_id", "date", "event_type", "plover_event", "plover_mode", "source_actor", "target_actor",
    "source_name", "target_name", "target_rule", "evidence", "text",
)

#: Label -> (event type, PLOVER event, PLOVER mode).
EVENT_TYPES: dict[str, tuple[str, str | None, str | None]] = {
    "accusation": ("ACCUSE", "DISAPPROVE", "accuse"),
    "rejection": ("REJECT", "REJECT", None),
    "prediction": ("PREDICT", None, None),
}

# An ISO date.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` or None; anything else is a :class:`ParameterError`.

    Examples
    --------
    >>> check_date("2022-04-07")
    '2022-04-07'
    """
    if value is None:
        return None
    try:
        if not _DATE.match(value):
            raise ValueError
        _date.fromisoformat(value)
    except ValueError:
        raise ParameterError(f"--date: not a date in the form YYYY-MM-DD: {value!r}") from None
    return value


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value == ""


# A cue span in the labeler's evidence: "accusation: 'accused' [7:14]".
_CUE = re.compile(r"(?P<label>\w+): '(?:[^'\\]|\\.)*' \[(?P<start>\d+):(?P<end>\d+)\]")


def _cue_span(evidence: Any, label: str) -> tuple[int, int] | None:
    """The first cue span of ``label`` in an evidence string."""
    if not isinstance(evidence, str):
        return None
    for m in _CUE.finditer(evidence):
        if m.group("label") == label:
            return int(m.group("start")), int(m.group("end"))
    return None


def _around_cue(text: str, cue: tuple[int, int] | None, source: Any, actors: ActorDictionary) -> tuple[Any, Any]:
    """(actor before the cue, first actor after it of another code): the event's agent and object
    when the sentence has no speaker ("Albania denounced Serbia's crackdown"); without a cue
    span, the first two actors of different codes."""
    spans = actors.find_spans(text)
    if cue is None:
        before, after = [], spans
    else:
        before = [h for h in spans if h[1] <= cue[0]]
        after = [h for h in spans if h[0] >= cue[1]] + [h for h in spans if h[1] <= cue[0]]
    agent = before[-1][2] if before and source is None else None
    code = source if source is not None else (agent.actor if agent is not None else None)
    target = next((h[2] for h in after if h[2].actor != code), None)
    return agent, target


def event_records(sentences: pd.DataFrame, labels: pd.DataFrame | None = None, *, date: str | None = None,
                  labeler: str | Any = "default", actors: ActorDictionary | str | Path | None = None,
                  dates: dict[str, Any] | None = None) -> pd.DataFrame:
    """One record per labelled sentence and label.

    Parameters
    ----------
    sentences : DataFrame
        Attributed sentences (:func:`analysis.ingest.ingest_paths`): ``sentence_id``, ``text``,
        ``speaker``, ``speaker_actor``, ``target``, ``target_actor`` (``article_id`` for dates).
    labels : DataFrame, optional
        Rows aligned with ``sentences`` holding ``accusation``, ``prediction``, ``rejection`` (0/1)
        and ``evidence``; default: :func:`analysis.labels.label_sentences` with ``labeler``.
    date : str, optional
        ``YYYY-MM-DD`` for every record (overrides ``dates``).
    dates : dict, optional
        ``article_id -> date`` (e.g. from the ingest's articles table).
    actors : ActorDictionary or path, optional
        For the fallback target (default: the shipped dictionary).

    Returns
    -------
    DataFrame with :data:`EVENT_COLUMNS`.
    """
    date = check_date(date)
    missing = [c for c in ("sentence_id", "text") if c not in sentences.columns]
    if missing:
        raise InputError("sentences", f"no column(s) {missing} (columns: {', '.join(map(str, sentences.columns))})")
    if labels is None:
        from analysis.labels import label_sentences

        labels = label_sentences(sentences[["text"]].reset_index(drop=True), labeler=labeler)
    if len(labels) != len(sentences):
        raise InputError("labels", f"{len(labels)} label rows for {len(sentences)} sentences")
    actor_dict = load_actors(actors)
    rows = []
    sents = sentences.reset_index(drop=True)
    labs = labels.reset_index(drop=True)
    for i, s in sents.iterrows():
        for label, (etype, plover, mode) in EVENT_TYPES.items():
            if label not in labs.columns or int(labs.at[i, label] or 0) != 1:
                continue
            source = None if _missing(s.get("speaker_actor")) else s.get("speaker_actor")
            source_name = None if _missing(s.get("speaker")) else s.get("speaker")
            target, target_name, rule = s.get("target_actor"), s.get("target"), "attribution"
            cue = _cue_span(labs.at[i, "evidence"] if "evidence" in labs.columns else None, label)
            agent, other = _around_cue(str(s["text"]), cue, source, actor_dict)
            if source is None and agent is not None:
                source, source_name = agent.actor, agent.name
            if _missing(target):
                target, target_name, rule = (other.actor, other.name, "actor_after_cue") if other else (None, None, None)
            when = date
            if when is None and dates is not None:
                when = dates.get(s.get("article_id"))
            rows.append({
                "sentence_id": s["sentence_id"], "date": None if _missing(when) else str(when), "event_type": etype,
                "plover_event": plover, "plover_mode": mode, "source_actor": source, "target_actor":
                None if _missing(target) else target, "source_name": source_name,
                "target_name": None if _missing(target_name) else target_name, "target_rule": rule,
                "evidence": labs.at[i, "evidence"] if "evidence" in labs.columns else None, "text": s["text"],
            })
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


def events_from_paths(paths: Sequence[str | Path] | str | Path, *, date: str | None = None, labeler: str | Any = "default",
                      actors: ActorDictionary | str | Path | None = None, **ingest_options: Any) -> pd.DataFrame:
    """Ingest files (as ``python -m analysis sentences`` reads them), label, and return event records.

    Examples
    --------
    >>> events_from_paths([]).columns.tolist() == list(EVENT_COLUMNS)
    True
    """
    from analysis.ingest import ingest_paths

    date = check_date(date)
    result = ingest_paths(paths, actors=actors, **ingest_options)
    dates = dict(zip(result.articles["article_id"], result.articles["date"])) if not result.articles.empty else {}
    if result.sentences.empty:
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    return event_records(result.sentences, date=date, labeler=labeler, actors=actors, dates=dates)
