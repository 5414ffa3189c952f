"""Tables behind the figures, and each notebook's finding as a sentence computed from data.

The notebooks stay thin: they load tables, call these functions and the plotting functions
in :mod:`analysis.study.plots`, and print the finding. Every finding is computed, never typed in.

Examples
--------
>>> import pandas as pd
>>> arts = pd.DataFrame({"article_id": ["a"], "raw_text": ["x" * 100]})
>>> rem = pd.DataFrame({"article_id": ["a"], "start": [80], "end": [100], "reason": ["donation"]})
>>> accounting(arts, rem)[["category", "chars"]].to_dict("records")
[{'category': 'kept', 'chars': 80}, {'category': 'donation', 'chars': 20}]
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = [
    "accounting",
    "corpus_finding",
    "labeler_finding",
    "error_table",
    "corpus_text",
    "evaluation_text",
    "results_text",
    "quality_table",
    "drafts_text",
    "drafts_finding",
    "cap_positions",
    "source_names",
    "actor_names",
    "stance_targets",
    "actor_label_counts",
    "weekly_label_counts",
    "actors_finding",
]

_LABELS = ("accusation", "prediction", "rejection")


def accounting(articles: pd.DataFrame, removed: pd.DataFrame, *, unit: str | pd.Series | None = None) -> pd.DataFrame:
    """Characters of each raw input kept or removed, by removal reason.

    Parameters
    ----------
    articles : DataFrame
        ``article_id`` and ``raw_text`` (the input as read).
    removed : DataFrame
        ``article_id``, ``start``, ``end``, ``reason`` (offsets into the raw text).
    unit : str, optional
        Name every row's unit by this string (e.g. a corpus name) instead of by article id.

    Returns
    -------
    DataFrame
        ``unit``, ``category`` (``"kept"`` or a reason), ``chars``.
    """
    raw = articles.set_index("article_id")["raw_text"].str.len()
    rem = removed.assign(chars=removed["end"] - removed["start"])
    by_reason = rem.groupby(["article_id", "reason"])["chars"].sum()
    rows = []
    for article_id, total in raw.items():
        name = unit if unit is not None else article_id
        taken = by_reason.get(article_id, pd.Series(dtype="int64"))
        rows.append({"unit": name, "category": "kept", "chars": int(total - taken.sum())})
        rows.extend({"unit": name, "category": reason, "chars": int(n)} for reason, n in taken.items())
    out = pd.DataFrame(rows, columns=["unit", "category", "chars"])
    return out.groupby(["unit", "category"], sort=False, as_index=False)["chars"].sum()


def corpus_finding(accounting_table: pd.DataFrame, sentences: pd.DataFrame) -> str:
    """One or two sentences on what cleaning removed and who speaks."""
    total = accounting_table["chars"].sum()
    removed = accounting_table.loc[accounting_table["category"] != "kept"]
    top = removed.groupby("category")["chars"].sum().sort_values(ascending=False)
    named = sentences[sentences["mode"] != "authorial"]
    speaker = named["speaker"].value_counts()
    parts = [
        f"Cleaning removed {removed['chars'].sum() / total:.0%} of {total:,} input characters"
        + (f", most of it as '{top.index[0]}' ({top.iloc[0] / total:.0%})." if len(top) else ".")
    ]
    if len(named):
        parts.append(
            f"{len(named)} of {len(sentences)} sentences ({len(named) / len(sentences):.0%}) are attributed to a speaker; "
            f"the most frequent is {speaker.index[0]} ({speaker.iloc[0]} sentences)."
        )
    return " ".join(parts)


def labeler_finding(metrics: pd.DataFrame, *, where: str = "on the held-out split") -> str:
    """Which labeler has the best macro-F1 (mean of the per-label F1s), and its weakest label."""
    metrics = metrics[metrics["label"].isin(_LABELS)]
    macro = metrics.groupby("labeler")["f1"].mean().sort_values(ascending=False)
    best = macro.index[0]
    sub = metrics[metrics["labeler"] == best].set_index("label")
    weakest = sub["f1"].idxmin()
    base = f" (keyword baseline {macro['baseline']:.2f})" if "baseline" in macro.index else ""
    return (
        f"{where[0].upper() + where[1:]}, the {best} labeler has the best macro-F1, {macro.iloc[0]:.2f}{base}; "
        f"its weakest label is {weakest} (F1 {sub.loc[weakest, 'f1']:.2f}, 95% CI "
        f"{sub.loc[weakest, 'f1_lo']:.2f}-{sub.loc[weakest, 'f1_hi']:.2f})."
    )


def error_table(predictions: pd.DataFrame, *, labeler: str = "default", n: int = 15) -> pd.DataFrame:
    """The held-out sentences the labeler gets wrong, most confident errors first.

    Returns
    -------
    DataFrame
        ``text``, ``label``, ``gold``, ``predicted``, ``score``, ``error`` (false positive /
        false negative).
    """
    rows = []
    for label in _LABELS:
        pred_col, score_col = f"{labeler}_{label}", f"{labeler}_{label}_score"
        if pred_col not in predictions.columns:
            continue
        wrong = predictions[predictions[label] != predictions[pred_col]]
        for _, r in wrong.iterrows():
            conf = r[score_col] if r[pred_col] else 1 - r[score_col]
            rows.append({"text": r["text"], "label": label, "gold": int(r[label]), "predicted": int(r[pred_col]),
                         "score": round(float(r[score_col]), 3), "error": "false positive" if r[pred_col] else "false negative",
                         "_conf": conf})
    out = pd.DataFrame(rows, columns=["text", "label", "gold", "predicted", "score", "error", "_conf"])
    out = out.sort_values(["_conf", "label", "text"], ascending=[False, True, True], kind="stable")
    return out.drop(columns="_conf").head(n).reset_index(drop=True)


def corpus_text(articles: pd.DataFrame, corpora: Sequence[str] = ()) -> str:
    """Which texts a figure of the project's articles (and the development corpora) shows.

    Examples
    --------
    >>> a = pd.DataFrame({"outlet": ["The Moscow Times"], "date": ["2022-04-07"]})
    >>> corpus_text(a, ["ISW"])
    "the project's article (The Moscow Times, 7 Apr 2022) and the development corpus ISW (../shared/corpora)"
    """
    items = [f"{o}, {pd.Timestamp(d):%-d %b %Y}" if pd.notna(d) and str(d) else str(o)
             for o, d in zip(articles.get("outlet", pd.Series(dtype=object)), articles.get("date", pd.Series(dtype=object)))]
    what = f"the project's article{'s' if len(items) != 1 else ''} ({'; '.join(items)})"
    if corpora:
        what += (f" and the development corpus{'' if len(corpora) == 1 else ' corpora'} "
                 f"{', '.join(corpora)} (../shared/corpora)").replace("corpus corpora", "corpora")
    return what


def evaluation_text(predictions: pd.DataFrame) -> str:
    """What the held-out numbers were measured on, for captions (sentences and documents).

    Examples
    --------
    >>> evaluation_text(pd.DataFrame({"doc_id": ["a", "a", "b"]}))
    "team-written text: the held-out test split of the project's annotated corpus (3 sentences in 2 documents never used to build the rules or train the model)"
    """
    docs = predictions["doc_id"].nunique() if "doc_id" in predictions.columns else None
    where = f" in {docs:,} documents" if docs else ""
    return (f"team-written text: the held-out test split of the project's annotated corpus ({len(predictions):,} sentences"
            f"{where} never used to build the rules or train the model)")


def results_text(results: pd.DataFrame) -> str:
    """What a committed results table was measured on, when and with which model (for captions).

    Parameters
    ----------
    results : DataFrame
        A table of :func:`analysis.study.results.load_results` (``text``, ``measured_on``,
        ``model_sha256``; ``n`` and ``n_docs`` of the ``corpus == "all"`` rows when present).

    Examples
    --------
    >>> r = pd.DataFrame({"text": ["real text"], "measured_on": ["2026-01-01"], "model_sha256": ["ab" * 32],
    ...                   "corpus": ["all"], "n": [342], "n_docs": [151]})
    >>> results_text(r)
    'real text (342 sentences in 151 documents); measured 2026-01-01 with the shipped model abababababab'
    """
    first = results.iloc[0]
    size = ""
    if "n_docs" in results.columns:
        rows = results[results["corpus"] == "all"] if "corpus" in results.columns else results
        size = f" ({int(rows['n'].iloc[0]):,} sentences in {int(rows['n_docs'].iloc[0]):,} documents)"
    return f"{first['text']}{size}; measured {first['measured_on']} with the shipped model {str(first['model_sha256'])[:12]}"


def quality_table(metrics: pd.DataFrame, real: pd.DataFrame, predictions: pd.DataFrame) -> pd.DataFrame:
    """Macro-F1 of every labeler on each kind of text, saying where each number comes from.

    Parameters
    ----------
    metrics : DataFrame
        Held-out metrics (``evaluation.parquet``).
    real : DataFrame
        Committed real-text metrics (``results/realeval_metrics.csv``), ``corpus == "all"`` rows used.
    predictions : DataFrame
        Held-out predictions (for the sentence and document counts).

    Returns
    -------
    DataFrame
        ``text``, ``labeler``, ``macro F1``, ``95% CI``, ``measured on``.
    """
    rows = []
    real_all = real[real["corpus"] == "all"] if "corpus" in real.columns else real
    for text, table, where in (
        ("team-written (held-out split)", metrics, evaluation_text(predictions)),
        ("real text (test half)", real_all, results_text(real) if len(real) else ""),
    ):
        macro = table[table["label"] == "macro"].set_index("labeler")
        for labeler in ("baseline", "cues", "learned", "default"):
            if labeler in macro.index:
                r = macro.loc[labeler]
                rows.append({"text": text, "labeler": labeler, "macro F1": round(float(r["f1"]), 2),
                             "95% CI": f"{r['f1_lo']:.2f}-{r['f1_hi']:.2f}", "measured on": where})
    return pd.DataFrame(rows, columns=["text", "labeler", "macro F1", "95% CI", "measured on"])


def drafts_text(positions: pd.DataFrame, sources: pd.DataFrame, *, rule: bool = True) -> str:
    """What the drafts figures show: the project's coding of the cited reports (no labeler).

    Examples
    --------
    >>> from analysis.drafts import load_process
    >>> ds = load_process()
    >>> print(drafts_text(ds.positions, ds.sources).split(";")[0])
    Data: the project's coding of the Istanbul 2022 drafts (47 positions on 21 issues in 4 drafts, each citing its sources
    """
    text = (f"Data: the project's coding of the Istanbul 2022 drafts ({len(positions)} positions on "
            f"{positions['issue'].nunique()} issues in {positions['draft_id'].nunique()} drafts, each citing its sources; "
            f"{len(sources)} sources, see sources.csv); no text labeler involved.")
    return text + (" Each draft is compared, issue by issue, with the last earlier draft that covered the issue."
                   if rule else "")


def drafts_finding(history: pd.DataFrame, claims: pd.DataFrame, gaps: pd.DataFrame) -> str:
    """Which draft changed most since the last records, the troop-cap gap, and the claim verdicts.

    Parameters
    ----------
    history : DataFrame
        :func:`analysis.drafts.issue_history` (every draft against the last earlier draft
        covering each issue).
    """
    real = history[history["change"].isin(["added", "dropped", "modified"]) & ~history["first_record"].astype(bool)]
    per_draft = real.groupby("draft_id").size().sort_values(ascending=False, kind="stable")
    parts = []
    if len(per_draft):
        did, k = per_draft.index[0], int(per_draft.iloc[0])
        new = int(((history["draft_id"] == did) & history["first_record"].astype(bool)).sum())
        parts.append(
            f"The draft that changed most is {did}: {k} issues added, dropped or modified since the last draft that "
            f"covered them, and {new} issues recorded for the first time."
        )
    troops = gaps[(gaps["issue"] == "forces-troops") & gaps["party_b"].notna()] if len(gaps) else gaps
    if len(troops):
        t = troops.iloc[0]
        parts.append(
            f"On troop caps the parties were {t['gap']:,.0f} apart ({t['party_a']} {t['value_a']:,.0f} vs "
            f"{t['party_b']} {t['value_b']:,.0f}, ratio {t['ratio']:.1f})."
        )
    if len(claims):
        v = claims["verdict"].value_counts()
        single = int(claims["single_source"].fillna(False).astype(bool).sum())
        parts.append(
            f"Of {len(claims)} claims about draft changes found in the articles, "
            + ", ".join(f"{n} {verdict}" for verdict, n in v.items())
            + f"; {single} rest on the claimant as the only source for a draft."
        )
    return " ".join(parts)


def cap_positions(positions: pd.DataFrame, draft_id: str) -> pd.DataFrame:
    """The numeric caps on armed forces (``forces-*`` issues) recorded for one draft, one row per
    party and source: ``issue, unit, party, value, source, confidence``.

    Examples
    --------
    >>> from analysis.drafts import load_process
    >>> cap_positions(load_process().positions, "treaty-draft-0415")["issue"].nunique()
    6
    """
    keep = (positions["draft_id"] == draft_id) & positions["value"].notna() & (positions["status"] != "absent") \
        & positions["issue"].str.startswith("forces-")
    return positions.loc[keep, ["issue", "unit", "party", "value", "source", "confidence"]].reset_index(drop=True)


_SOURCE_KINDS = {
    "claimant": "a party's official on the other side's draft",
    "party": "a party on its own proposal",
    "independent": "saw the text",
    "secondary": "secondary summary",
}


def source_names(sources: pd.DataFrame) -> dict[str, str]:
    """Source id -> a short description (outlet, date, kind of source) for figure captions.

    Examples
    --------
    >>> from analysis.drafts import load_process
    >>> source_names(load_process().sources)["WSJ-0301"]
    'The Wall Street Journal, 1 Mar 2024 (saw the text)'
    """
    out = {}
    for _, r in sources.iterrows():
        day = pd.Timestamp(r["date"]).strftime("%-d %b %Y") if str(r["date"]).strip() else ""
        kind = _SOURCE_KINDS.get(r["kind"], r["kind"])
        out[r["source_id"]] = ", ".join(p for p in (r["outlet"], day) if p) + (f" ({kind})" if kind else "")
    return out


def actor_names(codes: Sequence[str] | None = None, *, actors=None) -> dict[str, str]:
    """Actor code -> readable name from the actor dictionary (``RUS`` -> ``Russia``).

    The name is that of the dictionary entry whose alias is the code itself (``DNR`` ->
    Donetsk People's Republic), else of a ``country`` entry, else of the code's first entry.

    Examples
    --------
    >>> actor_names(["DNR", "RUS", "XYZ"])
    {'DNR': "Donetsk People's Republic", 'RUS': 'Russia'}
    """
    from analysis.actors import load_actors

    table = load_actors(actors).table
    wanted = set(table["actor"]) if codes is None else set(codes)
    out = {}
    for code, grp in table[table["actor"].isin(wanted)].groupby("actor", sort=True):
        own = grp[grp["alias"] == code]
        country = grp[grp["kind"] == "country"]
        pick = own if len(own) else country if len(country) else grp
        out[code] = str(pick["name"].iloc[0])
    return out


def stance_targets(sentences: pd.DataFrame, *, actors=None) -> pd.DataFrame:
    """Whom a sentence is about: the attributed target, else the first other actor mentioned.

    The attribution step finds explicit targets only for verbs such as "X accused Y of". For
    the actor figures every other sentence falls back on the first actor named in its text
    whose code differs from the speaker's ("mentioned"); a sentence naming no other actor has
    no target.

    Parameters
    ----------
    sentences : DataFrame
        ``text``, ``speaker_actor`` and ``target_actor``.
    actors : ActorDictionary or path, optional
        Default: the shipped actor dictionary.

    Returns
    -------
    DataFrame
        ``stance_target`` (actor code or missing) and ``stance_target_basis``
        (``"attributed"``, ``"mentioned"`` or missing), on the input's index.

    Examples
    --------
    >>> s = pd.DataFrame({"text": ["Moscow said Kyiv lied.", "He accused Washington of lying."],
    ...                   "speaker_actor": ["RUS", "RUS"], "target_actor": [None, "USA"]})
    >>> stance_targets(s).to_numpy().tolist()
    [['UKR', 'mentioned'], ['USA', 'attributed']]
    """
    from analysis.actors import load_actors

    book = load_actors(actors)
    targets, basis = [], []
    for text, speaker, target in zip(sentences["text"], sentences["speaker_actor"], sentences["target_actor"]):
        if isinstance(target, str) and target:
            targets.append(target)
            basis.append("attributed")
            continue
        other = next((a.actor for a in book.find_all(text if isinstance(text, str) else "") if a.actor != speaker), None)
        targets.append(other)
        basis.append("mentioned" if other else None)
    return pd.DataFrame({"stance_target": targets, "stance_target_basis": basis}, index=sentences.index)


def actor_label_counts(labelled: pd.DataFrame) -> pd.DataFrame:
    """Sentences per label, speaker actor and target actor (unknown target as ``"?"``).

    Parameters
    ----------
    labelled : DataFrame
        ``speaker_actor``, the 0/1 label columns, and ``stance_target`` (from
        :func:`stance_targets`) or else ``target_actor``.

    Returns
    -------
    DataFrame
        ``label``, ``speaker_actor``, ``target_actor``, ``sentences``.
    """
    target = labelled["stance_target"] if "stance_target" in labelled.columns else labelled["target_actor"]
    frames = []
    for label in _LABELS:
        m = (labelled[label] == 1) & labelled["speaker_actor"].notna()
        sub = labelled[m].assign(target_actor=target[m].fillna("?"))
        g = sub.groupby(["speaker_actor", "target_actor"]).size()
        frames.append(g.rename("sentences").reset_index().assign(label=label))
    cols = ["label", "speaker_actor", "target_actor", "sentences"]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    return out.reindex(columns=cols).sort_values(cols[:3], kind="stable").reset_index(drop=True)


def weekly_label_counts(labelled: pd.DataFrame, *, date_column: str = "date") -> pd.DataFrame:
    """Labelled sentences per week (starting Monday), speaker actor and label.

    Every week between the first and the last dated sentence gets a row per actor and label:
    ``sentences`` (labelled sentences by that actor), ``week_sentences`` (all sentences that
    week) and ``share`` (per cent of the week's sentences; missing when the week has none, so a
    week without text is a gap, not a zero).

    Examples
    --------
    >>> df = pd.DataFrame({"date": ["2022-04-04", "2022-04-05", "2022-04-20"], "speaker_actor": ["RUS", "UKR", "RUS"],
    ...                    "accusation": [1, 0, 1], "prediction": [0, 0, 0], "rejection": [0, 1, 0]})
    >>> w = weekly_label_counts(df)
    >>> w.query("label == 'accusation' and speaker_actor == 'RUS'")[["sentences", "share"]].to_numpy().tolist()
    [[1.0, 50.0], [nan, nan], [1.0, 100.0]]
    """
    dates = pd.to_datetime(labelled[date_column], errors="coerce")
    week = (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).dt.normalize()
    cols = ["week", "speaker_actor", "label", "sentences", "week_sentences", "share"]
    if week.notna().sum() == 0:
        return pd.DataFrame(columns=cols)
    weeks = pd.date_range(week.min(), week.max(), freq="7D")
    totals = week.value_counts().reindex(weeks)
    actors = sorted(labelled["speaker_actor"].dropna().unique())
    frames = []
    for label in _LABELS:
        m = (labelled[label] == 1) & labelled["speaker_actor"].notna() & week.notna()
        counts = labelled[m].assign(week=week[m]).groupby(["week", "speaker_actor"]).size()
        grid = pd.MultiIndex.from_product([weeks, actors], names=["week", "speaker_actor"])
        g = counts.reindex(grid, fill_value=0).rename("sentences").reset_index()
        g["week_sentences"] = g["week"].map(totals)
        g.loc[g["week_sentences"].isna(), "sentences"] = float("nan")
        g["share"] = 100 * g["sentences"] / g["week_sentences"]
        frames.append(g.assign(label=label))
    return pd.concat(frames, ignore_index=True)[cols]


def actors_finding(counts: pd.DataFrame, *, corpus: str) -> str:
    """The most frequent speaker actor per label, with its most frequent target."""
    parts = []
    for label in _LABELS:
        sub = counts[counts["label"] == label]
        if sub.empty:
            continue
        by_actor = sub.groupby("speaker_actor")["sentences"].sum().sort_values(ascending=False, kind="stable")
        actor = by_actor.index[0]
        targets = sub[(sub["speaker_actor"] == actor) & (sub["target_actor"] != "?")].sort_values("sentences", ascending=False, kind="stable")
        tgt = f", most often at {targets.iloc[0]['target_actor']}" if len(targets) else ""
        n = int(by_actor.iloc[0])
        parts.append(f"{label}: {actor} ({n} sentence{'s' if n != 1 else ''}{tgt})")
    if not parts:
        return f"In {corpus}, no labelled sentence has a known speaker actor."
    return f"In {corpus}, the most frequent speaker actor per label is " + "; ".join(parts) + "."
