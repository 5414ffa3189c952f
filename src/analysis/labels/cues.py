"""Transparent rule-based labeler: lexicon cues, blockers, and named context checks.

How it works
------------
For each label, the cue rows of ``lexicons/cues.csv`` (and, for PREDICTION, the first-person
commitments of ``commitment.csv`` and the modals of ``modality.csv``) are compiled into ONE
regex that dispatches on the first character (:func:`analysis._regex.dispatch_regex`), blockers
first. All sentences of a batch are lower-cased and joined with NUL separators; a prefilter of
literal cue prefixes finds the few places where a cue can start, and only those are handled in
Python (:func:`scan_cues`):

- a *blocker* match (weight 0) consumes its text, so a cue it overlaps never fires
  ("declined to comment" hides "declined to"; "we will" hides "will");
- each cue row names the context checks it needs (column ``checks`` of ``cues.csv``); the checks
  are small functions looked up by name in :data:`CHECKS`:

  ``neg``    dropped when a negator (``negation.csv``) ends within three words before it
             ("did not accuse", "no one has blamed");
  ``modal``  a refusal after a third-party modal is a predicted refusal ("Lavrov said Ukraine will
             reject ..." is PREDICTION, tie rule 2), kept after an own commitment ("we will reject",
             "Hungary said it would veto");
  ``den``    a charge word right after a denial verb is the content of the denial (tie rule 3);
  ``own``    a reported own subject ("X said it would") opens the speaker's own future clause;
  ``plan``   a prediction cue in the speaker's own future clause is a plan, not a forecast (tie
             rule 1): "we will ... in the coming days", "Erdogan said Turkey will soon ..." (the
             speaker and the clause subject resolved with the actor dictionary);
  ``other``  kept only when the speaker and the subject after "that" are different actors
             ("Moscow claimed that Ukrainian forces shelled" is a charge; a claim about one's own
             forces is not);

- PREDICTION cues in a closing question ("Will the ceasefire hold?") are dropped;
- the label score is the noisy-or ``1 - prod(1 - weight)`` of the surviving cues, except that
  bare modals (``modality.csv``) do not compound: only the strongest one counts; a label is 1
  when its score reaches the label's threshold (0.5 unless ``thresholds`` says otherwise).

Word lists live in the lexicon files (``analysis/labels/lexicons/*.csv``, documented in their
headers); this module holds only the mechanics.

Examples
--------
>>> from analysis.labels.cues import CueLabeler, scan_cues
>>> lab = CueLabeler().fit(["x"])
>>> lab.predict(["He accused Ukrainian authorities of seeking to scupper talks.",
...              "The ministry declined to comment.",
...              '"This is unacceptable."']).tolist()
[[1, 0, 0], [0, 0, 0], [0, 0, 1]]
>>> lab.explain(["Kyiv rejected the proposal."])[0][0]["cue"]
'rejected'
>>> scan_cues(["Prices are likely to rise."]).scores.round(2).tolist()
[[0.0, 0.9, 0.0]]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from analysis._regex import dispatch_regex, first_chars, literal_prefixes, parse, trie_regex
from analysis.actors import Actor, ActorDictionary, load_actors
from analysis.errors import InputError, ParameterError
from analysis.labels.base import TextLabelerMixin, as_texts
from analysis.labels.codebook import LABELS
from analysis.labels.lexicon import LEXICON_NAMES, load_lexicon

__all__ = ["CueLabeler", "CueRules", "CueScan", "CHECKS", "compile_rules", "shipped_rules", "scan_cues",
           "format_evidence"]

_SEP = "\x00"  # sentence separator in the joined batch; no pattern can match across it

# Pattern macros of the lexicon files (see the header of lexicons/cues.csv).
_WORD = r"[\w'’.-]+\s+"
_MACROS = {
    "{W}": rf"(?:{_WORD})",
    "{W?}": rf"(?:{_WORD})?",
    "{W2}": rf"(?:{_WORD}){{0,2}}",
    "{W3}": rf"(?:{_WORD}){{0,3}}",
}
# Whitespace other than " " (the prefilter and look-behinds assume plain spaces).
_OTHER_SPACE = re.compile(r"[^\S ]")
# A capitalised (ASCII) word among the last four words before a modal (actor names are
# capitalised in running text); checked before the costlier reporting-verb regex and actor lookups.
_CAPITALISED_NP = re.compile(r"\b[A-Z][^\s]*(?:\s+[^\s]+){0,3}\s+$")
# The rest of a sentence after a cue: ends with "?" (closing quotes allowed), no sentence break.
_QUESTION_END = "?\"'”’) "  # last character of a sentence that may close a question
_QUESTION_TAIL = re.compile(r"[^.!?]*\?[\s\"'”’)]*")
_PRED = LABELS.index("prediction")


def _expand(pattern: str) -> str:
    """Turn a lexicon pattern into a regex fragment (spaces = whitespace, word macros)."""
    # spaces become \s+, except inside look-behinds (which need a fixed width; the batch has
    # every whitespace character mapped to " ")
    parts = re.split(r"(\(\?<[=!][^()]*\))", pattern.strip())
    out = "".join(part if i % 2 else part.replace(" ", r"\s+") for i, part in enumerate(parts))
    for macro, regex in _MACROS.items():
        out = out.replace(macro, regex)
    return out


def _alternation(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{_expand(p)})" for p in patterns if p.strip())


@dataclass(frozen=True, slots=True)
class _Entry:
    label: int
    cue_type: str
    weight: float
    checks: tuple[str, ...]
    feature: int
    bare: bool = False
    # the checks that look at the text before the cue, in the order they run
    left_checks: tuple[Callable[[_Cue], int], ...] = ()


@dataclass(frozen=True)
class CueRules:
    """Compiled rules: one regex per label plus the context patterns (see :func:`compile_rules`)."""

    regexes: tuple[re.Pattern[str], ...]
    entries: dict[str, _Entry]
    negation: re.Pattern[str]
    modal: re.Pattern[str]
    own: re.Pattern[str]
    denial: re.Pattern[str]
    reported_self: re.Pattern[str]
    feature_names: tuple[str, ...]
    n_cues: int
    prefilter: re.Pattern[str]
    prefix_labels: dict[str, tuple[int, ...]]
    reported_np: re.Pattern[str]
    actors: ActorDictionary
    # prefilter hit -> label indices; filled while scanning, lives and dies with the rules
    memo: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    def scan(self, texts: Sequence[str], *, evidence: bool = False, counts: bool = False) -> CueScan:
        """Scan ``texts`` (see :func:`scan_cues`)."""
        return _scan(self, texts, evidence=evidence, counts=counts)


@dataclass
class CueScan:
    """What one pass of the cue rules found in a batch of sentences.

    Attributes
    ----------
    scores : ndarray (n, 3)
        Noisy-or cue score per label, in [0, 1].
    evidence : list of list of dict, or None
        Per sentence, every surviving cue: label, cue, start, end, type, weight.
    counts : ndarray (n, n_features) or None
        Surviving cues per ``label:type`` (:attr:`CueRules.feature_names`).
    """

    scores: np.ndarray
    evidence: list[list[dict[str, Any]]] | None = None
    counts: np.ndarray | None = None


def _context_lists(table: pd.DataFrame) -> dict[str, str]:
    """Alternations of the context lexicon, one per list name."""
    out: dict[str, list[str]] = {}
    for row in table.itertuples():
        out.setdefault(row.name, []).append(row.pattern)
    needed = ("denial_verb", "denial_filler", "self_determiner", "self_head", "modal", "future")
    missing = [n for n in needed if n not in out]
    if missing:
        raise InputError("lexicon 'context'", f"missing list(s) {', '.join(missing)}")
    return {name: "|".join(f"(?:{p})" for p in patterns) for name, patterns in out.items()}


def compile_rules(
    lexicons: Mapping[str, Any] | None = None, *, actors: str | Path | ActorDictionary | None = None
) -> CueRules:
    """Compile the lexicons into :class:`CueRules`.

    Parameters
    ----------
    lexicons : mapping of lexicon name to DataFrame or CSV path, optional
        Replacements for the shipped lexicons (names in ``LEXICON_NAMES``); others are shipped.
    actors : path or ActorDictionary, optional
        Actor dictionary used to tell a speaker's own side from a third party in a reported future
        ("Erdogan said Turkey will ..."); default the shipped ``analysis/data/actors.csv``.

    Examples
    --------
    >>> rules = compile_rules()
    >>> len(rules.regexes), rules.n_cues > 200
    (3, True)
    """
    lexicons = dict(lexicons or {})
    unknown = set(lexicons) - set(LEXICON_NAMES)
    if unknown:
        raise ParameterError(f"unknown lexicon name(s): {', '.join(sorted(unknown))}; "
                             f"choose among {', '.join(LEXICON_NAMES)}")
    tables = {name: load_lexicon(name, lexicons.get(name)) for name in LEXICON_NAMES}
    cues, modality = tables["cues"], tables["modality"]
    ctx = _context_lists(tables["context"])
    commitment = _alternation(tables["commitment"]["pattern"])
    entries: dict[str, _Entry] = {}
    regexes = []
    prefix_sets: dict[str, set[int]] = {}
    feature_names: list[str] = []
    for k, label in enumerate(LABELS):
        rows: list[tuple[str, str, float, str]] = []
        sub = cues[cues["label"] == label]
        blockers = sub[sub["weight"] <= 0]
        if label == "prediction":
            # First-person commitments + future modal = pledge, threat or intent (tie rule 1).
            rows.append((rf"(?:{commitment})(?:{ctx['future']})(?:\s+\w+)?", "blocker", 0.0, "plan"))
        rows += [(r.pattern, "blocker", 0.0, r.checks) for r in blockers.itertuples()]
        rows += [(r.pattern, r.type, float(r.weight), r.checks) for r in sub[sub["weight"] > 0].itertuples()]
        if label == "prediction":
            # a bare modal right after "X said (that) it/they/the government" is a reported own plan
            # ("X said it could ..." stays a possible forecast: only will/would/shall/going to are plans)
            rows += [
                (r.pattern, r.type, float(r.weight), "bare" if re.search(r"could|might|may", r.pattern) else "bare own")
                for r in modality.itertuples()
            ]
        fragments = []
        for j, (pattern, cue_type, weight, checks) in enumerate(rows):
            fragment = _expand(pattern)
            try:
                first, nullable = first_chars(parse(fragment))
            except re.error as exc:
                raise InputError("lexicons", f"bad {label} pattern {pattern!r}: {exc}") from None
            names = tuple(checks.split())
            bad = [c for c in names if c not in CHECKS and c != "bare"]
            if bad:
                raise InputError("lexicons", f"{label} pattern {pattern!r}: unknown check(s) {', '.join(bad)} "
                                             f"(known: {', '.join(CHECKS)})")
            name = f"{label}:{cue_type}"
            if weight > 0 and name not in feature_names:
                feature_names.append(name)
            feature = feature_names.index(name) if weight > 0 else -1
            kept = tuple(c for c in names if c != "bare")
            entry = _Entry(k, cue_type, weight, kept, feature, "bare" in names, _left_checks(kept))
            fragments.append((f"{label[0]}{j}", fragment, None if nullable else first, entry))
        for _, fragment, _, _ in fragments:
            for pre in literal_prefixes(parse(fragment)):
                prefix_sets.setdefault(pre, set()).add(k)
        regex, names_ = dispatch_regex(fragments)
        entries.update(names_)
        regexes.append(regex)
    negators = _alternation(tables["negation"]["pattern"])
    reporting = _alternation(tables["reporting"]["pattern"])
    modal_words = f"(?:{ctx['modal']})"
    self_np = f"(?:{ctx['self_determiner']})\\s+(?:{ctx['self_head']})"
    # "n't" is the one negator that starts inside a word ("didn't"); the others need a boundary
    negation = re.compile(rf"(?:\b(?:{negators})|(?<=\w)n['’]t)(?!\s+only)\s+(?:[\w'’-]+\s+){{0,2}}$")
    modal = re.compile(rf"\b{modal_words}\s+(?:[\w'’-]+\s+){{0,2}}$")
    own = re.compile(
        rf"(?:\b(?:{commitment})\s+(?:[\w'’-]+\s+)?|(?:{reporting})(?:\s+that)?\s+(?:it|he|she|they|we|i|{self_np})\s+(?:[\w'’-]+\s+)?|(?:{commitment})(?=['’]))"
        rf"(?:['’]ll\s+|['’]d\s+|{modal_words}\s+)(?:[\w'’-]+\s+){{0,2}}$"
    )
    denial = re.compile(rf"\b(?:{ctx['denial_verb']})\s+(?:(?:{ctx['denial_filler']})\s+){{0,4}}$")
    n_cues = sum(1 for e in entries.values() if e.weight > 0)
    if "" in prefix_sets:
        raise InputError("lexicons", "a cue pattern can match an empty string or starts with an open class")
    prefilter = re.compile(r"\b(?=(" + trie_regex(prefix_sets) + "))")
    prefix_labels = {p: tuple(sorted(v)) for p, v in prefix_sets.items()}
    reported_self = re.compile(
        rf"(?:{reporting})(?:\s+on\s+\w+(?:\s+\d+)?|\s+\w+)?(?:\s+that)?\s+(?:it|he|she|they|we|i|{self_np})\s+$"
    )
    # "<reporting verb> (on <date>) (that) <a short noun phrase> " right before a future modal: the
    # noun phrase is resolved against the speaker with the actor dictionary (own side = a plan)
    reported_np = re.compile(
        rf"(?:{reporting})(?:\s+on\s+\w+(?:\s+\d+)?)?(?:\s+that)?\s+(?P<np>[\w'’.-]+(?:\s+[\w'’.-]+){{0,3}})\s+$"
    )
    return CueRules(
        tuple(regexes), entries, negation, modal, own, denial, reported_self, tuple(feature_names), n_cues,
        prefilter, prefix_labels, reported_np, load_actors(actors),
    )


@lru_cache(maxsize=1)
def _shipped() -> CueRules:
    return compile_rules(None)


def shipped_rules() -> CueRules:
    """The rules compiled from the shipped lexicons and actor dictionary (compiled once).

    Examples
    --------
    >>> shipped_rules() is shipped_rules()
    True
    """
    return _shipped()


# --------------------------------------------------------------------------------------
# context checks, looked up by name (column "checks" of cues.csv)


def _speaker(rules: CueRules, text: str, end: int) -> Actor | None:
    """The actor speaking before ``text[end]`` (100 characters back; a person's name wins), or None."""
    return rules.actors.find(text[max(0, end - 100) : end], prefer_person=True)


def _other_side(rules: CueRules, text: str, start: int, end: int) -> bool:
    """Whether a reported claim (``text[start:end]``, "claimed that X shelled") charges another actor.

    The speaker (up to 100 characters before the claim; a person's name wins) and the first actor
    named after "that" must both be in the actor dictionary and have different codes.
    """
    speaker = _speaker(rules, text, start)
    if speaker is None:
        return False
    clause = text[start:end]
    cut = clause.lower().find("that ")
    subject = rules.actors.find(clause[cut + 5 :] if cut >= 0 else clause)
    return subject is not None and subject.actor != speaker.actor


def _own_side(rules: CueRules, text: str, left: str, left_start: int) -> bool:
    """Whether a reported future clause names the speaker's own side ("Erdogan said Turkey will").

    ``left`` is the lower-cased context before the modal, starting at offset ``left_start`` of
    the sentence ``text``. The speaker (up to 100 characters before the reporting verb; a person's
    name wins) and the clause subject are looked up in the actor dictionary; a shared actor code
    means the speaker announces its own side's action (a plan, codebook tie rule 1).
    """
    m = rules.reported_np.search(left)
    if m is None:
        return False
    speaker = _speaker(rules, text, left_start + m.start())
    if speaker is None:
        return False
    subject = rules.actors.find(text[left_start + m.start("np") : left_start + m.end("np")])
    return subject is not None and subject.actor == speaker.actor


@dataclass(slots=True)
class _Cue:
    """One cue match while scanning: where it is and what its checks may need."""

    rules: CueRules
    blob: str
    text: str
    offset: int  # start of the sentence in the blob
    start: int  # start of the cue in the blob
    end: int

    def left(self, width: int = 60) -> str:
        return self.blob[max(self.offset, self.start - width) : self.start]


_KEEP, _DROP, _OWN = 0, 1, 2  # check results: keep the cue, drop it, drop it and open an own clause


def _check_neg(cue: _Cue) -> int:
    """``neg``: a negator just before the cue cancels it (tie rule 10)."""
    return _DROP if cue.rules.negation.search(cue.left()) else _KEEP


def _check_modal(cue: _Cue) -> int:
    """``modal``: a refusal after a third-party modal is a predicted refusal (tie rule 2)."""
    left = cue.left()
    return _DROP if cue.rules.modal.search(left) and not cue.rules.own.search(left) else _KEEP


def _check_den(cue: _Cue) -> int:
    """``den``: a charge word right after a denial verb is the denial's content (tie rule 3)."""
    return _DROP if cue.rules.denial.search(cue.left()) else _KEEP


def _check_own(cue: _Cue) -> int:
    """``own``: "X said it would ..." opens the speaker's own future clause."""
    return _OWN if cue.rules.reported_self.search(cue.left()) else _KEEP


def _check_plan(cue: _Cue) -> int:
    """``plan`` (and ``own``): a reported future of the speaker's own side is a plan (tie rule 1)."""
    rel = cue.start - cue.offset
    if not _CAPITALISED_NP.search(cue.text, max(0, rel - 48), rel):  # cheap test first
        return _KEEP
    left_start = max(cue.offset, cue.start - 90)
    return _OWN if _own_side(cue.rules, cue.text, cue.left(90), left_start - cue.offset) else _KEEP


def _check_other(cue: _Cue) -> int:
    """``other``: a claim counts as a charge only against a different actor."""
    return _KEEP if _other_side(cue.rules, cue.text, cue.start - cue.offset, cue.end - cue.offset) else _DROP


#: The context checks, by the name used in the ``checks`` column of ``cues.csv``.
CHECKS: dict[str, Callable[[_Cue], int]] = {
    "neg": _check_neg,
    "modal": _check_modal,
    "den": _check_den,
    "own": _check_own,
    "plan": _check_plan,
    "other": _check_other,
}
# the order the left-context checks run in (first decisive result wins)
_LEFT_ORDER = ("neg", "modal", "den", "own", "plan")


def _left_checks(names: tuple[str, ...]) -> tuple[Callable[[_Cue], int], ...]:
    """The left-context checks of a cue, in running order ("own" also runs the own-side test)."""
    wanted = set(names) | ({"plan"} if "own" in names else set())
    return tuple(CHECKS[c] for c in _LEFT_ORDER if c in wanted)


def _lower_batch(texts: Sequence[str]) -> tuple[str, list[int]]:
    """Join lower-cased texts with NUL, keeping every character offset (returns blob, starts)."""
    blob = _SEP.join(texts)
    if blob.count(_SEP) != max(len(texts) - 1, 0):
        texts = [t.replace(_SEP, " ") for t in texts]
        blob = _SEP.join(texts)
    # U+0130 'İ' (Turkish names) is the one character whose lower case is two characters
    # (Unicode SpecialCasing.txt); map it to 'I' first, a fast C-level replace
    lowered = (blob.replace("İ", "I") if "İ" in blob else blob).lower()
    if len(lowered) != len(blob):  # any other character whose lower case is longer
        longer = "".join(sorted(c for c in set(blob) if len(c.lower()) != 1))
        lowered = re.sub(f"[{re.escape(longer)}]", lambda m: m.group().lower()[0], blob).lower()
    lowered = _OTHER_SPACE.sub(" ", lowered)  # every whitespace character -> " " (same length)
    starts = [0, *accumulate(len(t) + 1 for t in texts)][: len(texts)]
    return lowered, starts


def _in_question(blob: str, start: int, end: int) -> bool:
    """Whether the cue ending at ``start`` is in a closing question ("Will the truce hold?").

    A question asserts nothing, so its modals and forecast words are not PREDICTION (codebook:
    "Will the ceasefire hold?" is a hard negative).
    """
    if end <= start or blob[end - 1] not in _QUESTION_END:
        return False
    return _QUESTION_TAIL.fullmatch(blob, start, end) is not None


def _candidates(rules: CueRules, blob: str) -> Iterable[tuple[int, tuple[int, ...]]]:
    """(position, labels whose cues may start there) for every prefilter hit of the batch."""
    prefix_labels, memo = rules.prefix_labels, rules.memo
    for cand in rules.prefilter.finditer(blob):
        found = cand.group(1)
        labels = memo.get(found)
        if labels is None:
            labels = memo[found] = tuple(
                sorted({k for j in range(1, len(found) + 1) for k in prefix_labels.get(found[:j], ())})
            )
        yield cand.start(), labels


def _scan(rules: CueRules, texts: Sequence[str], *, evidence: bool, counts: bool) -> CueScan:
    n, width = len(texts), len(LABELS)
    found: list[list[dict[str, Any]]] | None = [[] for _ in range(n)] if evidence else None
    count_array = np.zeros((n, len(rules.feature_names))) if counts else None
    if n == 0:
        return CueScan(np.zeros((0, width)), found, count_array)
    # running products of (1 - weight), flat (sentence * width + label): Python floats are much
    # faster than numpy element access in this loop
    keep = [1.0] * (n * width)
    blob, starts = _lower_batch(texts)
    entries = rules.entries
    matchers = [regex.match for regex in rules.regexes]
    modal_max = [0.0] * n  # strongest bare modal (modality.csv) per sentence
    own_from: dict[int, int] = {}  # sentence -> start of its first own-future ("plan") clause
    allowed = [0] * len(matchers)  # emulate finditer: matches of one label never overlap
    for pos, labels in _candidates(rules, blob):
        for k in labels:
            if pos < allowed[k]:
                continue
            m = matchers[k](blob, pos)
            if m is None:
                continue
            allowed[k] = m.end()
            entry = entries[m.lastgroup]  # type: ignore[index]
            i = bisect_right(starts, pos) - 1
            if entry.weight <= 0:
                if "plan" in entry.checks:  # "we will", "X said it would": the rest of the clause is a plan
                    own_from.setdefault(i, pos)
                continue
            if "plan" in entry.checks and i in own_from:
                continue
            offset = starts[i]
            if entry.checks:
                cue = _Cue(rules, blob, texts[i], offset, pos, m.end())
                verdict = _KEEP
                for check in entry.left_checks:
                    verdict = check(cue)
                    if verdict != _KEEP:
                        break
                if verdict == _OWN:
                    own_from.setdefault(i, pos)
                    continue
                if verdict == _DROP:
                    continue
                if "other" in entry.checks and _check_other(cue) == _DROP:
                    continue
            if entry.label == _PRED:
                stop = starts[i + 1] - 1 if i + 1 < n else len(blob)
                if blob[stop - 1] in _QUESTION_END and _in_question(blob, m.end(), stop):
                    continue
            if entry.bare:  # bare modals do not compound: "will ... will ..." is no stronger than one
                if entry.weight > modal_max[i]:
                    modal_max[i] = entry.weight
            else:
                keep[i * width + entry.label] *= 1.0 - entry.weight
            if count_array is not None:
                count_array[i, entry.feature] += 1
            if found is not None:
                found[i].append({
                    "label": LABELS[entry.label],
                    "cue": texts[i][pos - offset : m.end() - offset],
                    "start": pos - offset,
                    "end": m.end() - offset,
                    "type": entry.cue_type,
                    "weight": entry.weight,
                })
    products = np.array(keep).reshape(n, width)
    products[:, _PRED] *= 1.0 - np.array(modal_max)
    return CueScan(1.0 - products, found, count_array)


def scan_cues(texts: Sequence[str], *, rules: CueRules | None = None, evidence: bool = False,
              counts: bool = False) -> CueScan:
    """Run the cue rules once over a batch of sentences.

    Parameters
    ----------
    texts : sequence of str
        The sentences.
    rules : CueRules, optional
        Compiled rules (:func:`compile_rules`); default :func:`shipped_rules`.
    evidence : bool
        Also return every surviving cue per sentence.
    counts : bool
        Also return the surviving cues per ``label:type`` (the learned labeler's features).

    Returns
    -------
    CueScan

    Examples
    --------
    >>> s = scan_cues(["Kyiv rejected the proposal."], evidence=True, counts=True)
    >>> s.evidence[0][0]["cue"], int(s.counts.sum())
    ('rejected', 1)
    """
    return _scan(rules if rules is not None else shipped_rules(), as_texts(texts), evidence=evidence, counts=counts)


def format_evidence(records: Iterable[Mapping[str, Any]], *, labels: Iterable[str] | None = None) -> str:
    """Format evidence records as ``"label: 'cue' [start:end]; ..."``.

    Parameters
    ----------
    records : iterable of mappings with keys label, cue, start, end
        Evidence of one sentence (from :meth:`CueLabeler.explain`).
    labels : iterable of str, optional
        Keep only these labels (e.g. the positive ones).

    Examples
    --------
    >>> format_evidence([{"label": "accusation", "cue": "accused", "start": 12, "end": 19}])
    "accusation: 'accused' [12:19]"
    """
    wanted = None if labels is None else set(labels)
    return "; ".join(
        f"{r['label']}: '{r['cue']}' [{r['start']}:{r['end']}]"
        for r in records
        if wanted is None or r["label"] in wanted
    )


def _as_thresholds(thresholds: float | Sequence[float] | Mapping[str, float] | None) -> np.ndarray:
    if thresholds is None:
        return np.full(len(LABELS), 0.5)
    if isinstance(thresholds, Mapping):
        return np.array([float(thresholds.get(label, 0.5)) for label in LABELS])
    if np.isscalar(thresholds):
        return np.full(len(LABELS), float(thresholds))  # type: ignore[arg-type]
    values = np.asarray(thresholds, dtype=float)
    if values.shape != (len(LABELS),):
        raise ParameterError(f"thresholds must be a float or {len(LABELS)} floats, got {thresholds!r}")
    return values


class CueLabeler(TextLabelerMixin, ClassifierMixin, BaseEstimator):
    """Rule-based multi-label sentence labeler for accusation, prediction and rejection.

    Parameters
    ----------
    thresholds : float, sequence of 3 floats, mapping label -> float, or None, default None
        Score a label needs to be predicted; ``None`` means 0.5 for every label.
    lexicons : mapping of lexicon name to DataFrame or CSV path, or None, default None
        Replacement lexicons (see :mod:`analysis.labels.lexicon`); ``None`` uses the shipped ones.
    actors : path or ActorDictionary, or None, default None
        Actor dictionary (:func:`analysis.actors.load_actors`) used to tell a speaker's own side
        from a third party (reported futures, "claimed that X shelled ..."); ``None`` uses the
        shipped ``actors.csv``.

    Attributes
    ----------
    rules_ : CueRules
        The compiled rules (set by ``fit``).
    thresholds_ : ndarray of shape (3,)
        The thresholds in the order of ``LABELS``.
    labels_ : tuple of str
        ``LABELS``.

    Examples
    --------
    >>> lab = CueLabeler().fit([])
    >>> lab.predict(["Lavrov said Ukraine will reject the proposal."]).tolist()
    [[0, 1, 0]]
    >>> lab.predict(["Officials dismissed the claims as propaganda."]).tolist()
    [[1, 0, 1]]
    >>> lab.predict_proba(["Prices are likely to rise."]).round(2).tolist()
    [[0.0, 0.9, 0.0]]
    >>> lab.predict_with_evidence(["This is unacceptable."]).loc[0, "evidence"]
    "rejection: 'unacceptable' [8:20]"
    """

    def __init__(
        self,
        *,
        thresholds: float | Sequence[float] | Mapping[str, float] | None = None,
        lexicons: Mapping[str, str | Path | pd.DataFrame] | None = None,
        actors: str | Path | ActorDictionary | None = None,
    ) -> None:
        self.thresholds = thresholds
        self.lexicons = lexicons
        self.actors = actors

    def fit(self, X: Any = None, y: Any = None) -> CueLabeler:
        """Compile the lexicons (nothing is learned from ``X``, ``y``); return self."""
        self.rules_ = (
            shipped_rules()
            if self.lexicons is None and self.actors is None
            else compile_rules(self.lexicons, actors=self.actors)
        )
        self.thresholds_ = _as_thresholds(self.thresholds)
        self.labels_ = LABELS
        return self

    def scan(self, X: Any, *, evidence: bool = False, counts: bool = False) -> CueScan:
        """One pass of the fitted rules over ``X`` (:func:`scan_cues`)."""
        check_is_fitted(self, "rules_")
        return self.rules_.scan(as_texts(X), evidence=evidence, counts=counts)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Return cue scores in [0, 1], shape (n, 3), columns in the order of ``LABELS``."""
        return self.scan(X).scores

    def decision_function(self, X: Any) -> np.ndarray:
        """Same as :meth:`predict_proba` (scores in [0, 1])."""
        return self.predict_proba(X)

    def _score_with_evidence(self, texts: list[str]) -> tuple[np.ndarray, list[Any] | None]:
        result = self.scan(texts, evidence=True)
        return result.scores, result.evidence

    def _format_evidence(self, texts: list[str], pred: np.ndarray, scores: np.ndarray,
                         records: list[Any] | None) -> list[str]:
        assert records is not None
        return [format_evidence(r, labels=[LABELS[k] for k in np.flatnonzero(pred[i])]) for i, r in enumerate(records)]

    def explain(self, X: Any, *, positive_only: bool = True) -> list[list[dict[str, Any]]]:
        """Return, per sentence, the evidence records: label, cue, start, end, type, weight.

        Parameters
        ----------
        X : sequence of str
            Sentences.
        positive_only : bool, default True
            Keep only records of labels the sentence is predicted to carry.

        Examples
        --------
        >>> CueLabeler().fit().explain(["He accused Kyiv of lying."])[0][0]["cue"]
        'accused'
        """
        result = self.scan(X, evidence=True)
        assert result.evidence is not None
        if not positive_only:
            return result.evidence
        positive = result.scores >= self.thresholds_
        return [[r for r in recs if positive[i, LABELS.index(r["label"])]] for i, recs in enumerate(result.evidence)]
