"""Actor fields of the event records checked against the PLOVER gold standard (evaluation only).

The PLOVER records (``../shared/corpora/plover-gsr/PLOVER_GSR_CAMEO.txt``, CC BY-SA 4.0, never
copied into the project) give, for single news sentences, the event category and the
``source`` and ``target`` actors with their codes. :func:`plover_actor_check` runs the
project's chain on each REJECT and DISAPPROVE record's sentence (attribution ->
:func:`analysis.events.event_records`) and reports how often the record's ``source_actor`` and
``target_actor`` equal a gold source / target code. It sits beside
:func:`analysis.study.evaluate.plover_check`, which reports the event-type recall on the same
records.

Codes are compared after one crosswalk (:data:`CROSSWALK`): PLOVER/CAMEO codes international
bodies ``IGO``; the actor dictionary gives them their own codes (``UN``, ``EU``, ``NATO``, ...).
Records without a gold code for a field are left out of that field's denominator.

Examples
--------
>>> comparable("UN"), comparable("USA"), comparable(None)
('IGO', 'USA', None)
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.errors import InputError

__all__ = ["CROSSWALK", "comparable", "load_plover_actors", "plover_actor_records", "plover_actor_check"]

# A trailing comma before a closing bracket (PLOVER's file is not always strict JSON).
_TRAILING_COMMA = re.compile(r",\s*([}\]])")

#: Actor-dictionary codes -> the PLOVER/CAMEO code they count as.
CROSSWALK: dict[str, str] = {"UN": "IGO", "EU": "IGO", "NATO": "IGO", "IMF": "IGO", "WB": "IGO", "OSCE": "IGO",
                             "AU": "IGO", "ICC": "IGO", "ICRC": "IGO", "IGO": "IGO", "NGO": "NGO"}


def comparable(code: Any) -> str | None:
    """A code in PLOVER's scheme (:data:`CROSSWALK`), or None."""
    if code is None or (isinstance(code, float) and code != code) or code == "":
        return None
    return CROSSWALK.get(str(code), str(code))


def _codes(field: Any) -> list[str]:
    if isinstance(field, list):
        return [str(a["code"]) for a in field if isinstance(a, dict) and a.get("code")]
    return []


def load_plover_actors(path: str | Path | None = None, *, events: tuple[str, ...] = ("REJECT", "DISAPPROVE")) -> pd.DataFrame:
    """PLOVER records of these events: id, event, eventText, text, source_codes, target_codes."""
    from analysis.study.evaluate import default_plover_path

    path = Path(path) if path is not None else default_plover_path()
    try:
        raw = path.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise InputError(path, f"cannot read PLOVER file: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw)
    except ValueError:
        try:
            data = json.loads(_TRAILING_COMMA.sub(r"\1", raw))
        except ValueError:
            raise InputError(path, "not a JSON list of PLOVER records") from None
    rows = [{"id": str(r.get("id", "")), "event": str(r.get("event", "")), "eventText": str(r.get("eventText", "")),
             "text": r.get("text"), "source_codes": _codes(r.get("source")), "target_codes": _codes(r.get("target"))}
            for r in (data if isinstance(data, list) else [data]) if isinstance(r, dict)]
    frame = pd.DataFrame(rows, columns=["id", "event", "eventText", "text", "source_codes", "target_codes"])
    frame = frame[frame["event"].isin(events) & frame["text"].map(lambda t: isinstance(t, str) and t.strip() != "")]
    if frame.empty:
        raise InputError(path, f"no PLOVER records of {events} with text")
    return frame.reset_index(drop=True)


def plover_actor_records(path: str | Path | None = None, *, labeler: str | Any = "default") -> pd.DataFrame:
    """Per REJECT/DISAPPROVE record: gold codes, the predicted source/target and whether they match.

    The source and target come from the attribution of the record's sentence (speaker's actor;
    accusation target, else the first other actor), whatever the labeler decides; ``labelled``
    says whether the labeler gave the record's own label (REJECT -> rejection, DISAPPROVE ->
    accusation).
    """
    from analysis.attribution import attribute
    from analysis.events import event_records
    from analysis.labels import label_sentences

    records = load_plover_actors(path)
    sentences = []
    for rec in records.itertuples(index=False):
        row = attribute([{"text": rec.text, "start": 0, "end": len(rec.text)}], text=rec.text)[0]
        sentences.append({"sentence_id": rec.id, **row})
    sents = pd.DataFrame(sentences)
    labels = label_sentences(sents[["text"]], labeler=labeler)
    forced = labels.copy()
    forced["accusation"], forced["prediction"], forced["rejection"] = 0, 0, 0
    forced.loc[records["event"].eq("DISAPPROVE").to_numpy(), "accusation"] = 1
    forced.loc[records["event"].eq("REJECT").to_numpy(), "rejection"] = 1
    events = event_records(sents, forced).set_index("sentence_id")
    out = records.copy()
    out["source_actor"] = [events.at[i, "source_actor"] for i in out["id"]]
    out["target_actor"] = [events.at[i, "target_actor"] for i in out["id"]]
    out["source_name"] = [events.at[i, "source_name"] for i in out["id"]]
    out["target_name"] = [events.at[i, "target_name"] for i in out["id"]]
    want = out["event"].map({"REJECT": "rejection", "DISAPPROVE": "accusation"})
    out["labelled"] = [bool(labels.at[i, w]) for i, w in zip(range(len(out)), want)]
    out["source_ok"] = [comparable(p) in {comparable(c) for c in gold} if gold else None
                        for p, gold in zip(out["source_actor"], out["source_codes"])]
    out["target_ok"] = [comparable(p) in {comparable(c) for c in gold} if gold else None
                        for p, gold in zip(out["target_actor"], out["target_codes"])]
    return out


def plover_actor_check(path: str | Path | None = None, *, labeler: str | Any = "default") -> pd.DataFrame:
    """Source- and target-actor accuracy on the REJECT and DISAPPROVE records.

    Returns
    -------
    DataFrame with columns event, subset (``all`` records, or ``labelled``: those the labeler
    gave the matching label), field (source / target), n (records with a gold code), correct,
    accuracy.
    """
    rec = plover_actor_records(path, labeler=labeler)
    rows = []
    for event in ("REJECT", "DISAPPROVE", "both"):
        sub = rec if event == "both" else rec[rec["event"] == event]
        for subset, part in (("all", sub), ("labelled", sub[sub["labelled"]])):
            for field in ("source", "target"):
                ok = part[f"{field}_ok"].dropna().astype(bool)
                rows.append({"event": event, "subset": subset, "field": field, "n": int(len(ok)),
                             "correct": int(ok.sum()), "accuracy": float(ok.mean()) if len(ok) else float("nan")})
    return pd.DataFrame(rows)
