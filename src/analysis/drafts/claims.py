"""Check sentences of news articles that assert a change between negotiation drafts.

Steps, per article (sentences in order):

1. **Cue**: a sentence asserts a change when it matches a cue of the cue file
   (``analysis/data/drafts/change_cues.yml``: "a departure from", "is missing", "new
   preconditions", "changing demands", "no longer" ...), which also gives the asserted change
   (added / dropped / modified / unchanged), and speaks of the negotiation (the file's
   ``negotiation_terms``: draft, talks, provision, demand ...). Future phrasing ("will ...")
   marks a prediction.
2. **Drafts**: references in the sentence are resolved against ``drafts.csv``: relative days
   ("yesterday's draft") and weekdays ("on Wednesday") counted back from the article date,
   calendar dates ("on March 29") and the drafts' ``aliases`` ("in Turkey", "Istanbul").
   With fewer than two drafts, the previous ``context`` sentences of the same article are
   searched; with one draft only, it is compared with the latest draft up to the article date
   (or, if it is that draft, with the one before). Predictions compare the latest draft up to
   the article date with the first one after it. Sentences linked to no draft are not claims.
3. **Issues**: by the issue lexicon (taxonomy ``keywords``); a sentence without an issue
   that refers back ("this clear statement", "that", "it") takes the issues of the nearest
   previous sentence that has some. Without an issue the claim is about the draft as a whole.
4. **Verdict**: the recorded change (:func:`analysis.drafts.compare.issue_change`, with the
   from-side taken from the last draft up to the from-draft that covered the issue, as in
   :func:`~analysis.drafts.compare.compare_drafts`) supports the claim when it is the
   asserted change (a ``modified`` claim also accepts an addition or a drop), contradicts it
   when it differs, and cannot verify it when the to-draft does not cover the issue or holds
   its first record. ``single_source`` is set when every source of a draft's rows for the issue is the
   claimant: a source whose ``speaker`` is the sentence's speaker, or whose outlet and date
   are the article's.

Examples
--------
>>> import pandas as pd
>>> arts = pd.DataFrame({"article_id": ["a"], "date": ["2022-04-07"], "outlet": ["X"]})
>>> sents = pd.DataFrame({"sentence_id": ["a:0", "a:1"], "article_id": ["a", "a"], "n": [0, 1],
...     "text": ["In Turkey, they said the security guarantees do not apply to Crimea.",
...              "In yesterday's draft, this clear statement is missing."]})
>>> c = check_claims(sents, arts)
>>> c[["from_id", "to_id", "issue", "asserted_change", "verdict"]].iloc[0].tolist()
['istanbul-0329', 'ua-draft-0406', 'guarantee-scope-crimea', 'dropped', 'supported']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pandas as pd
import yaml

from analysis.drafts.compare import compare_drafts, issue_change, last_records
from analysis.drafts.model import DraftSet, load_process, split_ids
from analysis.errors import InputError
from analysis.io import read_data_text

__all__ = ["CLAIM_COLUMNS", "VERDICTS", "CueSet", "load_cues", "find_change_sentences",
           "match_issues", "draft_references", "check_claims"]

VERDICTS: tuple[str, ...] = ("supported", "contradicted", "not verifiable")
CLAIM_COLUMNS: tuple[str, ...] = (
    "sentence_id", "article_id", "text", "speaker", "cue", "asserted_change", "future",
    "from_id", "to_id", "issue", "recorded_change", "verdict", "single_source", "evidence",
)
ASSERTABLE = ("added", "dropped", "modified", "unchanged")

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Relative day words of English news reports ("yesterday's draft", "on Wednesday").
_RELATIVE_DAY = re.compile(r"\b(the\s+day\s+before\s+yesterday|yesterday|today)\b", re.IGNORECASE)
# A weekday name ("on Wednesday", "Wednesday's draft") means the latest such day up to the
# article date (the article's own weekday means the article date).
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")(?:'s)?\b", re.IGNORECASE)
# Calendar dates in the two English orders, optional ordinal suffix and year: "March 29",
# "March 29, 2022" (AP/US style) and "29 March", "29th March 2022" (UK style).
_MONTH_DAY = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?",
                        re.IGNORECASE)
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(_MONTHS) + r")\b(?:,?\s+(\d{4})\b)?",
                        re.IGNORECASE)
# Anaphora that point back to an earlier sentence, as in the seed article's "this clear
# statement": demonstratives, "that/the same" + a noun for a piece of text, a leading "It".
_ANAPHOR = re.compile(
    r"\b(?:this|these|those|such)\b"
    r"|\b(?:that|the\s+same)\s+(?:clause|provision|statement|demand|point|article|paragraph|condition"
    r"|passage|wording|commitment|exclusion|language|promise|proposal)\b"
    r"|^\W*it\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CueSet:
    """Compiled change cues: ``cues`` as (regex, change) pairs, the ``future`` regex and the
    ``negotiation`` regex a sentence must match to refer to a draft by date or alias."""

    cues: tuple[tuple[re.Pattern[str], str], ...]
    future: re.Pattern[str]
    negotiation: re.Pattern[str] | None = None


def load_cues(path: str | Path | None = None) -> CueSet:
    """Read the change-cue file (YAML; default ``analysis/data/drafts/change_cues.yml``).

    Examples
    --------
    >>> cues = load_cues()
    >>> next(c for rx, c in cues.cues if rx.search("this clear statement is missing"))
    'dropped'
    """
    text, name = read_data_text(path, default="drafts/change_cues.yml", what="cue file")
    data = yaml.safe_load(text) or {}
    cues = []
    for i, entry in enumerate(data.get("cues") or [], start=1):
        if not isinstance(entry, dict) or entry.get("change") not in ASSERTABLE or not entry.get("pattern"):
            raise InputError(f"{name} cue #{i}", f"needs 'pattern' and 'change' (one of {', '.join(ASSERTABLE)})")
        try:
            cues.append((re.compile(entry["pattern"], re.IGNORECASE), entry["change"]))
        except re.error as exc:
            raise InputError(f"{name} cue #{i}", f"bad regular expression ({exc})") from exc
    if not cues:
        raise InputError(name, "expected a top-level 'cues:' list")
    future = re.compile(data.get("future_markers") or r"(?!x)x", re.IGNORECASE)
    terms = [str(t) for t in data.get("negotiation_terms") or []]
    negotiation = (re.compile(r"(?<!\w)(?:" + "|".join(r"[\s\-]+".join(map(re.escape, t.split())) for t in terms) + ")",
                              re.IGNORECASE) if terms else None)
    return CueSet(cues=tuple(cues), future=future, negotiation=negotiation)


def _term_regex(term: str, *, whole: bool = False) -> re.Pattern[str]:
    """A lexicon term as a regex: word-start anchored prefix (or whole words), any spacing."""
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(words) + (r"(?!\w)" if whole else ""), re.IGNORECASE)


def _lexicon(issues: pd.DataFrame) -> list[tuple[str, list[tuple[int, list[re.Pattern[str]]]]]]:
    return [(row["issue"], [(len(entry), [_term_regex(t) for t in entry]) for entry in row["keywords"]])
            for _, row in issues.iterrows()]


def match_issues(text: str, issues: pd.DataFrame | list) -> list[str]:
    """Issues whose lexicon matches ``text``, most specific first (ties all kept).

    Parameters
    ----------
    text : str
        A sentence.
    issues : DataFrame or list
        The taxonomy (or a lexicon already compiled by this module).

    Examples
    --------
    >>> from analysis.drafts.model import load_taxonomy
    >>> match_issues("Security guarantees do not apply to Crimea and Sevastopol.", load_taxonomy())
    ['guarantee-scope-crimea']
    """
    lexicon = _lexicon(issues) if isinstance(issues, pd.DataFrame) else issues
    best, found = 0, []
    for issue, entries in lexicon:
        score = max((n for n, rxs in entries if all(rx.search(text) for rx in rxs)), default=0)
        if score > best:
            best, found = score, [issue]
        elif score == best and score:
            found.append(issue)
    return found


def _date(value: object) -> pd.Timestamp | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    return None if pd.isna(ts) else ts.normalize().tz_localize(None) if ts.tzinfo else ts.normalize()


def draft_references(
    text: str, article_date: object, drafts: pd.DataFrame, *, negotiation: re.Pattern[str] | None = None
) -> list[str]:
    """Draft ids a sentence refers to, in order of appearance.

    Only drafts dated up to the article date can be referred to. With ``negotiation`` (see
    :class:`CueSet`), a sentence that does not match it refers to no draft.

    Examples
    --------
    >>> from analysis.drafts.model import load_process
    >>> d = load_process().drafts
    >>> draft_references("In yesterday's draft, it is missing.", "2022-04-07", d)
    ['ua-draft-0406']
    >>> draft_references("the meeting in Istanbul on March 29", "2022-04-07", d)
    ['istanbul-0329']
    """
    day = _date(article_date)
    if negotiation is not None and not negotiation.search(text):
        return []
    by_date: dict[pd.Timestamp, list[str]] = {}
    later: set[str] = set()
    for did, dt in zip(drafts["draft_id"], pd.to_datetime(drafts["date"])):
        by_date.setdefault(dt.normalize(), []).append(did)
        if day is not None and dt.normalize() > day:
            later.add(did)
    hits: list[tuple[int, str]] = []

    def add(pos: int, when: pd.Timestamp | None) -> None:
        for did in by_date.get(when, []) if when is not None else []:
            hits.append((pos, did))

    if day is not None:
        for m in _RELATIVE_DAY.finditer(text):
            word = m.group(1).lower()
            back = 0 if word == "today" else 1 if word == "yesterday" else 2
            add(m.start(), day - timedelta(days=back))
        for m in _WEEKDAY.finditer(text):
            back = (day.weekday() - _WEEKDAYS.index(m.group(1).lower())) % 7
            add(m.start(), day - timedelta(days=back))
    date_spans: list[tuple[int, int]] = []
    for rx, mi, di in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        for m in rx.finditer(text):
            date_spans.append(m.span())
            year = int(m.group(3)) if m.group(3) else (day.year if day is not None else None)
            if year is None:
                continue
            try:
                when = pd.Timestamp(year=year, month=_MONTHS.index(m.group(mi).lower()) + 1, day=int(m.group(di)))
            except ValueError:
                continue
            if not m.group(3) and when > day:
                when = when.replace(year=day.year - 1)
            add(m.start(), when)
    for did, aliases in zip(drafts["draft_id"], drafts.get("aliases", pd.Series([""] * len(drafts)))):
        for alias in split_ids(aliases):
            m = _term_regex(alias, whole=True).search(text)
            # A date written as an alias ("March 29") is left to the date parsing above.
            if m and not any(a < m.end() and m.start() < b for a, b in date_spans):
                hits.append((m.start(), did))
    return list(dict.fromkeys(did for _, did in sorted(hits) if did not in later))


def find_change_sentences(sentences: pd.DataFrame, *, cues: CueSet | None = None) -> pd.DataFrame:
    """Sentences matching a change cue, with the cue, the asserted change and ``future``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"sentence_id": ["a:0", "a:1"], "text": ["It is missing.", "Fine weather."]})
    >>> find_change_sentences(s)[["sentence_id", "asserted_change"]].values.tolist()
    [['a:0', 'dropped']]
    """
    cues = cues or load_cues()
    rows = []
    for idx, text in sentences["text"].items():
        text = "" if pd.isna(text) else str(text)
        for rx, change in cues.cues:
            m = rx.search(text)
            if m:
                rows.append((idx, m.group(0), change, bool(cues.future.search(text))))
                break
    out = sentences.loc[[r[0] for r in rows]].copy()
    out["cue"] = [r[1] for r in rows]
    out["asserted_change"] = [r[2] for r in rows]
    out["future"] = [r[3] for r in rows]
    return out


def _claimant_sources(sources: pd.DataFrame, article: dict, speaker: str) -> set[str]:
    out = set()
    a_date, a_outlet = _date(article.get("date")), str(article.get("outlet") or "").strip().lower()
    speaker = speaker.lower()
    for _, s in sources.iterrows():
        if a_outlet and s["outlet"].strip().lower() == a_outlet and a_date is not None and _date(s["date"]) == a_date:
            out.add(s["source_id"])
            continue
        for name in split_ids(s.get("speaker", "")):
            surname = name.split()[-1].lower()
            if speaker and re.search(r"\b" + re.escape(surname) + r"\b", speaker):
                out.add(s["source_id"])
    return out


def _only_claimant(rows: pd.DataFrame, claimant: set[str]) -> bool:
    if rows.empty:
        return False
    return all(set(split_ids(cell)) <= claimant for cell in rows["source"])


def _compatible(asserted: str, recorded: str) -> bool:
    return asserted == recorded or (asserted == "modified" and recorded in ("added", "dropped", "modified"))


def _pair(
    refs: list[str], *, future: bool, day: pd.Timestamp | None, drafts: pd.DataFrame
) -> tuple[str | None, str | None]:
    """(from_id, to_id) for a claim, following step 2 of the module docstring."""
    dates = dict(zip(drafts["draft_id"], pd.to_datetime(drafts["date"])))
    ids = list(drafts["draft_id"])
    upto = [d for d in ids if day is None or dates[d] <= day]
    latest = upto[-1] if upto else None
    if future:
        after = [d for d in ids if day is not None and dates[d] > day]
        return latest, (after[0] if after else None)
    refs = sorted(refs, key=lambda d: dates[d])
    if len(refs) >= 2:
        return refs[0], refs[-1]
    (only,) = refs
    if latest is not None and dates[only] < dates[latest]:
        return only, latest
    k = ids.index(only)
    return (ids[k - 1] if k else None), only


def _speaker(row: pd.Series) -> str:
    parts = [row.get("speaker"), row.get("speaker_actor")]
    return " ".join(str(p) for p in parts if p is not None and not (isinstance(p, float) and pd.isna(p)))


def check_claims(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    data: DraftSet | None = None,
    process_dir: str | Path | None = None,
    cues: CueSet | None = None,
    context: int = 2,
) -> pd.DataFrame:
    """Find sentences asserting a change between drafts and check them against the data.

    Parameters
    ----------
    sentences : pandas.DataFrame
        ``sentence_id``, ``article_id``, ``n``, ``text`` (optional ``speaker``,
        ``speaker_actor``), e.g. from :func:`analysis.ingest.ingest_paths`.
    articles : pandas.DataFrame
        ``article_id``, ``date`` (optional ``outlet``, ``title``).
    data : DraftSet, optional
        The peace process; default :func:`~analysis.drafts.model.load_process` of ``process_dir``.
    cues : CueSet, optional
        Default :func:`load_cues`.
    context : int, default 2
        How many previous sentences may supply the drafts (and, for back-references, the issue).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CLAIM_COLUMNS`, one row per claim sentence and issue.

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"article_id": ["a"], "date": ["2022-04-07"]})
    >>> s = pd.DataFrame({"sentence_id": ["a:0"], "article_id": ["a"], "n": [0],
    ...                   "text": ["Please support us: we have added a monthly option."]})
    >>> len(check_claims(s, arts))
    0
    """
    for name, df, cols in (("sentences", sentences, ("sentence_id", "article_id", "n", "text")),
                           ("articles", articles, ("article_id", "date"))):
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise InputError(name, f"missing column(s) {', '.join(missing)}")
    data = data or load_process(process_dir)
    cues = cues or load_cues()
    lexicon = _lexicon(data.issues)
    drafts, positions = data.drafts, data.positions
    arts = {r["article_id"]: r for r in articles.to_dict("records")}
    cache: dict[tuple[str, str], pd.DataFrame] = {}
    rows = []
    for aid, sents in sentences.sort_values(["article_id", "n"], kind="stable").groupby("article_id", sort=False):
        article = arts.get(aid, {})
        day = _date(article.get("date"))
        sents = sents.reset_index(drop=True)
        texts = ["" if pd.isna(t) else str(t) for t in sents["text"]]
        flagged = find_change_sentences(sents, cues=cues)
        refs: dict[int, list[str]] = {}
        found: dict[int, list[str]] = {}
        for k in flagged.index:  # only the claim sentences and their context are searched
            for j in range(max(0, k - context), k + 1):
                if j not in refs:
                    refs[j] = draft_references(texts[j], day, drafts, negotiation=cues.negotiation)
                    found[j] = match_issues(texts[j], lexicon)
        for k, s in flagged.iterrows():
            if cues.negotiation is not None and not cues.negotiation.search(texts[k]):
                continue  # a change of something other than a negotiating text
            linked = list(refs[k])
            for j in range(k - 1, max(-1, k - 1 - context), -1):
                if len(linked) >= 2:
                    break
                linked += [d for d in refs[j] if d not in linked]
            if not linked:
                continue
            from_id, to_id = _pair(linked, future=bool(s["future"]), day=day, drafts=drafts)
            issues, issue_from = found[k], "sentence"
            if not issues and _ANAPHOR.search(texts[k]):
                for j in range(k - 1, max(-1, k - 1 - context), -1):
                    if found[j]:
                        issues, issue_from = found[j], f"sentence {sents.loc[j, 'sentence_id']}"
                        break
            speaker = _speaker(s)
            claimant = _claimant_sources(data.sources, article, speaker)
            for issue in issues or [""]:
                rows.append(_verdict(s, from_id, to_id, issue, issue_from, claimant, positions, data, cache))
    return pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))


def _verdict(s, from_id, to_id, issue, issue_from, claimant, positions, data, cache) -> dict:
    asserted = s["asserted_change"]
    base = {
        "sentence_id": s["sentence_id"], "article_id": s["article_id"], "text": s["text"],
        "speaker": "" if pd.isna(s.get("speaker")) else str(s.get("speaker")),
        "cue": s["cue"], "asserted_change": asserted, "future": bool(s["future"]),
        "from_id": from_id, "to_id": to_id, "issue": issue,
    }
    if from_id is None or to_id is None:
        missing = "no recorded draft after the article date" if to_id is None else "no earlier draft"
        return {**base, "recorded_change": "", "verdict": "not verifiable", "single_source": False,
                "evidence": missing}
    if issue:
        # Same rule as compare_drafts: the from-side is the last draft up to from_id with a record.
        record = last_records(positions, list(data.drafts["draft_id"]), from_id).get(issue)
        old = positions[(positions["draft_id"] == record) & (positions["issue"] == issue)] if record else positions.iloc[:0]
        new = positions[(positions["draft_id"] == to_id) & (positions["issue"] == issue)]
        recorded, detail = issue_change(old, new)
        if record and record != from_id and not new.empty:
            detail = f"{from_id} is silent; compared with {record}; {detail}"
        single = _only_claimant(old, claimant) or _only_claimant(new, claimant)
        if recorded == "not covered" and old.empty and not new.empty:
            # A first record: no earlier draft covers the issue, so a change cannot be checked.
            detail = "first record in the to-draft: no earlier draft covers the issue"
            verdict = "not verifiable"
        elif recorded == "not covered":
            verdict = "not verifiable"
        else:
            verdict = "supported" if _compatible(asserted, recorded) else "contradicted"

        def show(did, rows):
            if rows.empty:
                return f"{did}: no source" + (" (nor for any earlier draft)" if did == from_id else "")
            return f"{did}: " + "; ".join(f"{r['status']} per {r['source']}" + (f" ({r['code']})" if r["code"] else "")
                                           for _, r in rows.iterrows())

        evidence = (f"issue from {issue_from}; recorded {recorded} ({detail}); "
                    f"{show(record or from_id, old)} -> {show(to_id, new)}")
        if single:
            evidence += "; the claimant is the only source for a side of this comparison"
        else:
            for did, rows in ((record or from_id, old), (to_id, new)):
                srcs = {x for cell in rows["source"] for x in split_ids(cell)}
                if len(srcs) == 1:
                    evidence += f"; {did} rests on one source ({srcs.pop()})"
    else:
        if (from_id, to_id) not in cache:
            cache[(from_id, to_id)] = compare_drafts(from_id, to_id, positions=data)
        ch = cache[(from_id, to_id)]
        ch = ch[~ch["first_record"]]  # a first record is no evidence of a change
        changed = ch[ch["change"].isin(["added", "dropped", "modified"])]
        both = ch[ch["change"] != "not covered"]
        hits = changed[[_compatible(asserted, c) for c in changed["change"]]]
        if asserted == "unchanged":
            hits = both[both["change"] == "unchanged"]
        recorded = ", ".join(f"{r['issue']}: {r['change']}" for _, r in both.iterrows())
        if not hits.empty:
            verdict = "supported"
        elif not both.empty:
            verdict = "contradicted"
        else:
            verdict = "not verifiable"
        basis = hits if not hits.empty else both
        old_side = pd.concat([positions[(positions["draft_id"] == rec) & (positions["issue"] == iss)]
                              for iss, rec in zip(basis["issue"], basis["compared_with"])] or [positions.iloc[:0]])
        new_side = positions[(positions["draft_id"] == to_id) & positions["issue"].isin(basis["issue"])]
        single = bool(not basis.empty) and (_only_claimant(new_side, claimant) or _only_claimant(old_side, claimant))
        evidence = ("claim about the draft as a whole; recorded changes on issues covered by both: "
                    + (recorded or "none"))
        if single:
            evidence += "; the claimant is the only source for a side of this comparison"
        recorded = ";".join(sorted(set(hits["change"]))) if not hits.empty else ""
    return {**base, "recorded_change": recorded, "verdict": verdict, "single_source": bool(single),
            "evidence": evidence}
