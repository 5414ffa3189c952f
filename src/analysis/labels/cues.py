"""Transparent rule-based labeler: lexicon cues, blockers, negation and modality checks.

How it works
------------
For each label, the cue rows of ``lexicons/cues.csv`` (and, for PREDICTION, the first-person
commitments of ``commitment.csv`` and the modals of ``modality.csv``) are compiled into ONE big
alternation of named groups, blockers first. All sentences of a batch are lower-cased and joined
with NUL separators, so each label costs one ``finditer`` over the batch; only the (few) matches
are handled in Python:

- a *blocker* match (weight 0) consumes its text, so a cue it overlaps never fires
  ("declined to comment" hides "declined to"; "we will" hides "will");
- a cue with check ``neg`` is dropped when a negator (``negation.csv``) ends within the three
  words before it ("did not accuse", "no one has blamed");
- a refusal cue with check ``modal`` is dropped when it follows a third-party modal
  ("Lavrov said Ukraine will reject ..." is PREDICTION, tie rule 2), but kept after a first-person
  or reported own commitment ("we will reject", "Hungary said it would veto");
- the label score is the noisy-or ``1 - prod(1 - weight)`` of the surviving cues, except that
  bare modals (``modality.csv``) do not compound: only the strongest one counts ("will ... will"
  is no more of a forecast than one "will"); a label is 1 when its score reaches the label's
  threshold (0.5 unless ``thresholds`` says otherwise);
- PREDICTION cues in a closing question ("Will the ceasefire hold?") are dropped: a question
  asserts nothing;
- a speaker's own future is a plan, not a forecast (tie rule 1): a bare will/would/shall, or a
  cue with check ``plan``, is dropped when its subject is the speaker ("we will", "Hungary said it
  would") or names the speaker's own side, resolved with the actor dictionary (``actors.csv``:
  "Erdogan stated that Turkey will soon launch ..." is an announcement; "Zelensky said Russia will
  attack" stays a forecast); later ``plan`` cues of that clause ("... in the coming days") go too;
- a cue with check ``other`` ("claimed that X shelled ...") counts only when the speaker and the
  subject after "that" are different actors of the dictionary (a claim about one's own forces is
  not a charge).

Examples
--------
>>> from analysis.labels.cues import CueLabeler
>>> lab = CueLabeler().fit(["x"])
>>> lab.predict(["He accused Ukrainian authorities of seeking to scupper talks.",
...              "The ministry declined to comment.",
...              '"This is unacceptable."']).tolist()
[[1, 0, 0], [0, 0, 0], [0, 0, 1]]
>>> lab.explain(["Kyiv rejected the proposal."])[0][0]["cue"]
'rejected'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from analysis._regex import trie_regex as _trie_regex
from analysis.actors import Actor, ActorDictionary, load_actors
from analysis.errors import InputError
from analysis.labels._text import TextLabelerMixin, as_texts
from analysis.labels.codebook import LABELS
from analysis.labels.lexicon import LEXICON_NAMES, load_lexicon

__all__ = ["CueLabeler", "CueRules", "compile_rules", "format_evidence"]

_SEP = "\x00"  # sentence separator in the joined batch; no pattern can match across it

# Pattern macros of the lexicon files (see the header of lexicons/cues.csv).
_WORD = r"[\w'’.-]+\s+"
_MACROS = {
    "{W}": rf"(?:{_WORD})",
    "{W?}": rf"(?:{_WORD})?",
    "{W2}": rf"(?:{_WORD}){{0,2}}",
    "{W3}": rf"(?:{_WORD}){{0,3}}",
}

# Own-refusal check: a reporting verb + singular pronoun ("said it would veto") or a first-person
# commitment subject right before the modal means the refusal is the speaker's own (REJECTION).
# Denial context (check "den"): a charge word within a few words after a denial verb is the
# content of the denial, not a charge made by the sentence (codebook tie rule 3).
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:e|es|ed|ing)|rebuff(?:s|ed)?)\s+"
    r"(?:(?:any|all|the|that|it|its|their|his|her|responsibility|involvement|role|accusations?|allegations?|claims?|reports?|of|for|in|having|had|been|was|were|is|are|any)\s+){0,4}$"
)
# Noun phrases that, right after a reporting verb, usually refer back to the speaker's own side
# ("Hamas said the group would reject any deal": a reported own refusal, REJECTION).
_SELF_NP = r"(?:the|his|her|its|their)\s+(?:group|government|country|movement|party|side|administration|ministry|state|military|army|organi[sz]ation|alliance|bloc|union|company|authorities|leadership|militia|junta|kremlin)"
_MODAL = r"(?:will|would|'ll|’ll|shall|could|may|might|(?:is|are|was|were) (?:likely|expected|going|set|poised|about) to|likely to|expected to|going to|set to|poised to|likely|probably|certainly|almost certainly|soon)"


def _expand(pattern: str) -> str:
    """Turn a lexicon pattern into a regex fragment (spaces = whitespace, word macros)."""
    # spaces become \s+, except inside look-behinds (which need a fixed width; the batch has
    # every whitespace character mapped to " ")
    parts = re.split(r"(\(\?<[=!][^()]*\))", pattern.strip())
    out = "".join(part if i % 2 else part.replace(" ", r"\s+") for i, part in enumerate(parts))
    for macro, regex in _MACROS.items():
        out = out.replace(macro, regex)
    return out


def _first_chars(items: Any) -> tuple[set[str] | None, bool]:
    """Return (possible first characters or None when unknown, whether the pattern can be empty).

    Walks the parse tree of :mod:`re` (``re._parser``), so cues can be dispatched on their first
    character: the engine then tries only the few cues that can start at each word.
    """
    out: set[str] = set()
    C = re._constants  # type: ignore[attr-defined]
    for op, av in items:
        if op is C.LITERAL:
            out.add(chr(av))
            return out, False
        if op is C.IN:
            chars = _charset(av)
            return (None if chars is None else out | chars), False
        if op is C.SUBPATTERN:
            sub, nullable = _first_chars(av[-1].data)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            sub, nullable = _first_chars(av[2].data)
            nullable = nullable or av[0] == 0
        elif op is C.BRANCH:
            sub, nullable = set(), False
            for branch in av[1]:
                chars, empty = _first_chars(branch.data)
                if chars is None:
                    return None, False
                sub |= chars
                nullable = nullable or empty
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        else:
            return None, False
        if sub is None:
            return None, False
        out |= sub
        if not nullable:
            return out, False
    return out, True


_PREFIX_LEN = 8  # characters of each cue's literal start used by the prefilter
# Whitespace other than " " (the prefilter and look-behinds assume plain spaces).
_OTHER_SPACE = re.compile(r"[^\S ]")


def _charset(av: Any) -> set[str] | None:
    """Characters a character class (``[...]``) can match, or None when open-ended."""
    C = re._constants  # type: ignore[attr-defined]
    chars: set[str] = set()
    for o, a in av:
        if o is C.LITERAL:
            chars.add(chr(a))
        elif o is C.RANGE:
            chars.update(chr(c) for c in range(a[0], a[1] + 1))
        elif o is C.CATEGORY and a is C.CATEGORY_DIGIT:
            chars.update("0123456789")
        elif o is C.CATEGORY and a is C.CATEGORY_SPACE:
            chars.add(" ")  # the batch has every whitespace character mapped to " "
        else:
            return None
    return chars


def _prefixes(items: list[Any], prefix: str = "", depth: int = 0) -> set[str]:
    """Every string of up to ``_PREFIX_LEN`` characters a match of ``items`` can start with.

    Shorter strings mean "anything may follow" (end of pattern or an open class such as ``\\w``),
    so the set is a sound prefilter: a match can only start where one of them occurs.
    """
    C = re._constants  # type: ignore[attr-defined]
    if len(prefix) >= _PREFIX_LEN or depth > 40:
        return {prefix[:_PREFIX_LEN]}
    if not items:
        return {prefix}
    (op, av), rest = items[0], items[1:]
    if op is C.LITERAL:
        return _prefixes(rest, prefix + chr(av), depth + 1)
    if op is C.IN:
        chars = _charset(av)
        if chars is None or len(chars) > 12:
            return {prefix}
        return set().union(*(_prefixes(rest, prefix + c, depth + 1) for c in chars))
    if op is C.SUBPATTERN:
        return _prefixes(list(av[-1].data) + rest, prefix, depth + 1)
    if op is C.BRANCH:
        return set().union(*(_prefixes(list(b.data) + rest, prefix, depth + 1) for b in av[1]))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        # a match has 0 iterations (when allowed), exactly 1 then the rest, or 2+ (stop there:
        # a shorter prefix means "anything may follow")
        lo, hi, sub = av
        out = _prefixes(rest, prefix, depth + 1) if lo == 0 else set()
        if lo <= 1:
            out |= _prefixes(list(sub.data) + rest, prefix, depth + 1)
        if hi is C.MAXREPEAT or hi > 1:
            out |= _prefixes(list(sub.data) * 2, prefix, depth + 1)
        return out
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return _prefixes(rest, prefix, depth + 1)
    return {prefix}


def _dispatch_regex(fragments: list[tuple[str, str, set[str] | None, Any]]) -> tuple[re.Pattern[str], dict[str, Any]]:
    """Compile ``\\b(?:(?=a)(?:cues starting with a)|(?=b)(...)|...)``, keeping lexicon order.

    One flat alternation of ~100 cues costs ~100 failed attempts at every word; dispatching on
    the first character first is ~5-10 times faster with the same leftmost-first semantics
    (every bucket lists its cues in lexicon order, blockers first).
    """
    chars = sorted({c for _, _, first, _ in fragments if first for c in first})
    names: dict[str, Any] = {}
    buckets = []
    for c in chars:
        alts = []
        for group, fragment, first, entry in fragments:
            if first is None or c in first:
                name = f"{group}_{len(buckets)}"
                names[name] = entry
                alts.append(f"(?P<{name}>{fragment})(?!\\w)")
        buckets.append((c, "|".join(alts)))
    def tree(items: list[tuple[str, str]]) -> str:
        # binary dispatch on the first character: ~log2(26) one-character checks per word
        if len(items) <= 3:
            return "|".join(f"(?={re.escape(c)})(?:{alts})" for c, alts in items)
        half = len(items) // 2
        lo, hi = items[:half], items[half:]
        cls = "".join(re.escape(c) for c, _ in lo)
        return f"(?=[{cls}])(?:{tree(lo)})|{tree(hi)}"

    body = [tree(buckets)] if buckets else []
    rest = []
    for group, fragment, first, entry in fragments:
        if first is None:
            name = f"{group}_x"
            names[name] = entry
            rest.append(f"(?P<{name}>{fragment})(?!\\w)")
    if rest:
        body.append("|".join(rest))
    return re.compile(r"\b(?:" + "|".join(body) + ")"), names


@dataclass(frozen=True, slots=True)
class _Entry:
    label: int
    cue_type: str
    weight: float
    neg: bool
    modal: bool
    den: bool
    feature: int
    own: bool = False
    bare: bool = False
    plan: bool = False
    other: bool = False

    @property
    def checked(self) -> bool:
        """Whether the left context must be looked at (any of the context checks is on)."""
        return self.neg or self.modal or self.den or self.own or self.plan


@dataclass(frozen=True)
class CueRules:
    """Compiled rules: one regex per label plus the context checks (built by :func:`compile_rules`)."""

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
    reported_np: re.Pattern[str] | None = None
    actors: ActorDictionary | None = None


def _alternation(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{_expand(p)})" for p in patterns if p.strip())


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
    >>> len(rules.regexes)
    3
    """
    lexicons = dict(lexicons or {})
    unknown = set(lexicons) - set(LEXICON_NAMES)
    if unknown:
        raise InputError("lexicons", f"unknown lexicon name(s): {', '.join(sorted(unknown))}")
    tables = {name: load_lexicon(name, lexicons.get(name)) for name in LEXICON_NAMES}
    cues, modality = tables["cues"], tables["modality"]
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
            rows.append(
                (
                    rf"(?:{commitment})(?:\s+(?:[\w'’-]+\s+)?(?:will|shall|would|won't|won’t|are going to|am going to|'re going to|’re going to|are gonna|are not going to|am not going to)|(?:'ll|’ll|'d|’d|(?:'re|’re|'m|’m)\s+(?:not\s+)?going\s+to))(?:\s+\w+)?",
                    "blocker",
                    0.0,
                    "plan",
                )
            )
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
                first, nullable = _first_chars(re._parser.parse(fragment).data)  # type: ignore[attr-defined]
            except re.error as exc:
                raise InputError("lexicons", f"bad {label} pattern {pattern!r}: {exc}") from None
            name = f"{label}:{cue_type}"
            if weight > 0 and name not in feature_names:
                feature_names.append(name)
            feature = feature_names.index(name) if weight > 0 else -1
            entry = _Entry(
                k, cue_type, weight, "neg" in checks, "modal" in checks, "den" in checks, feature, "own" in checks,
                "bare" in checks, "plan" in checks, "other" in checks,
            )
            fragments.append((f"{label[0]}{j}", fragment, None if nullable else first, entry))
        for _, fragment, _, _ in fragments:
            for pre in _prefixes(list(re._parser.parse(fragment).data)):  # type: ignore[attr-defined]
                prefix_sets.setdefault(pre, set()).add(k)
        regex, names = _dispatch_regex(fragments)
        entries.update(names)
        regexes.append(regex)
    negators = _alternation(tables["negation"]["pattern"])
    reporting = _alternation(tables["reporting"]["pattern"])
    # "n't" is the one negator that starts inside a word ("didn't"); the others need a boundary
    negation = re.compile(rf"(?:\b(?:{negators})|(?<=\w)n['’]t)(?!\s+only)\s+(?:[\w'’-]+\s+){{0,2}}$")
    modal = re.compile(rf"\b{_MODAL}\s+(?:[\w'’-]+\s+){{0,2}}$")
    own = re.compile(
        rf"(?:\b(?:{commitment})\s+(?:[\w'’-]+\s+)?|(?:{reporting})(?:\s+that)?\s+(?:it|he|she|they|we|i|{_SELF_NP})\s+(?:[\w'’-]+\s+)?|(?:{commitment})(?=['’]))"
        rf"(?:['’]ll\s+|['’]d\s+|{_MODAL}\s+)(?:[\w'’-]+\s+){{0,2}}$"
    )
    n_cues = sum(1 for e in entries.values() if e.weight > 0)
    if "" in prefix_sets:
        raise InputError("lexicons", "a cue pattern can match an empty string or starts with an open class")
    prefilter = re.compile(r"\b(?=(" + _trie_regex(prefix_sets) + "))")
    prefix_labels = {p: tuple(sorted(v)) for p, v in prefix_sets.items()}
    reported_self = re.compile(
        rf"(?:{reporting})(?:\s+on\s+\w+(?:\s+\d+)?|\s+\w+)?(?:\s+that)?\s+(?:it|he|she|they|we|i|{_SELF_NP})\s+$"
    )
    # "<reporting verb> (on <date>) (that) <a short noun phrase> " right before a future modal: the
    # noun phrase is resolved against the speaker with the actor dictionary (own side = a plan)
    reported_np = re.compile(
        rf"(?:{reporting})(?:\s+on\s+\w+(?:\s+\d+)?)?(?:\s+that)?\s+(?P<np>[\w'’.-]+(?:\s+[\w'’.-]+){{0,3}})\s+$"
    )
    return CueRules(
        tuple(regexes), entries, negation, modal, own, _DENIAL, reported_self, tuple(feature_names), n_cues,
        prefilter, prefix_labels, reported_np, load_actors(actors),
    )


_MEMOS: dict[int, dict[str, tuple[int, ...]]] = {}


def rules_memo(rules: CueRules) -> dict[str, tuple[int, ...]]:
    """Cache of prefilter hit -> label indices, one per compiled rule set."""
    return _MEMOS.setdefault(id(rules), {})


@lru_cache(maxsize=1)
def _shipped_rules() -> CueRules:
    return compile_rules(None)


# a capitalised (ASCII) word among the last four words before a modal (actor names are
# capitalised in running text); checked before the costlier reporting-verb regex and actor lookups
_CAPITALISED_NP = re.compile(r"\b[A-Z][^\s]*(?:\s+[^\s]+){0,3}\s+$")


def _speaker(rules: CueRules, text: str, end: int) -> Actor | None:
    """The actor speaking before ``text[end]`` (100 characters back; a person's name wins), or None."""
    return rules.actors.find(text[max(0, end - 100) : end], prefer_person=True) if rules.actors else None


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
    subject = rules.actors.find(clause[cut + 5 :] if cut >= 0 else clause)  # type: ignore[union-attr]
    return subject is not None and subject.actor != speaker.actor


def _own_side(rules: CueRules, text: str, left: str, left_start: int) -> bool:
    """Whether a reported future clause names the speaker's own side ("Erdogan said Turkey will").

    ``left`` is the lower-cased context before the modal, starting at offset ``left_start`` of
    the sentence ``text``. The speaker (up to 100 characters before the reporting verb; a person's
    name wins) and the clause subject are looked up in the actor dictionary; a shared actor code
    means the speaker announces its own side's action (a plan, codebook tie rule 1).
    """
    m = rules.reported_np.search(left) if rules.reported_np is not None else None
    if m is None:
        return False
    speaker = _speaker(rules, text, left_start + m.start())
    if speaker is None:
        return False
    subject = rules.actors.find(text[left_start + m.start("np") : left_start + m.end("np")])  # type: ignore[union-attr]
    return subject is not None and subject.actor == speaker.actor


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


_PRED = LABELS.index("prediction")
# the rest of a sentence after a cue: ends with "?" (closing quotes allowed), no sentence break
_QUESTION_END = "?\"'”’) "  # last character of a sentence that may close a question
_QUESTION_TAIL = re.compile(r"[^.!?]*\?[\s\"'”’)]*")


def _in_question(blob: str, start: int, end: int) -> bool:
    """Whether the cue ending at ``start`` is in a closing question ("Will the truce hold?").

    A question asserts nothing, so its modals and forecast words are not PREDICTION (codebook:
    "Will the ceasefire hold?" is a hard negative).
    """
    if end <= start or blob[end - 1] not in _QUESTION_END:
        return False
    return _QUESTION_TAIL.fullmatch(blob, start, end) is not None


def _scan(
    rules: CueRules, texts: Sequence[str], *, evidence: bool, counts: np.ndarray | None = None
) -> tuple[np.ndarray, list[list[dict[str, Any]]] | None]:
    """Return (scores (n, 3) of noisy-or products, evidence per sentence or None).

    When ``counts`` (an (n, len(rules.feature_names)) array) is given, the number of surviving
    cues of each label:type is added to it.
    """
    n, width = len(texts), len(LABELS)
    found: list[list[dict[str, Any]]] | None = [[] for _ in range(n)] if evidence else None
    if n == 0:
        return np.zeros((0, width)), found
    # running products of (1 - weight), flat (sentence * width + label): Python floats are much
    # faster than numpy element access in this loop
    keep = [1.0] * (n * width)
    blob, starts = _lower_batch(texts)
    entries = rules.entries
    negation, modal, own = rules.negation.search, rules.modal.search, rules.own.search
    denial = rules.denial.search
    reported_self = rules.reported_self.search
    capitalised = _CAPITALISED_NP.search
    matchers = [regex.match for regex in rules.regexes]
    prefix_labels, memo = rules.prefix_labels, rules_memo(rules)
    modal_max = [0.0] * n  # strongest bare modal (modality.csv) per sentence
    checked = {name: entry.checked for name, entry in entries.items()}
    own_from: dict[int, int] = {}  # sentence -> start of its first own-future ("plan") clause
    allowed = [0] * len(matchers)  # emulate finditer: matches of one label never overlap
    for cand in rules.prefilter.finditer(blob):
        pos = cand.start()
        found_pre = cand.group(1)
        labels = memo.get(found_pre)
        if labels is None:
            labels = memo[found_pre] = tuple(
                sorted({k for j in range(1, len(found_pre) + 1) for k in prefix_labels.get(found_pre[:j], ())})
            )
        for k in labels:
            if pos < allowed[k]:
                continue
            m = matchers[k](blob, pos)
            if m is None:
                continue
            allowed[k] = m.end()
            name = m.lastgroup
            entry = entries[name]  # type: ignore[index]
            if entry.weight <= 0:
                if entry.plan:  # "we will", "X said it would": the rest of the clause is a plan
                    i = bisect_right(starts, pos) - 1
                    own_from.setdefault(i, pos)
                continue
            start = pos
            i = bisect_right(starts, start) - 1
            offset = starts[i]
            if entry.plan and i in own_from:
                continue
            if checked[name]:  # type: ignore[index]
                left = blob[max(offset, start - 60) : start]
                if entry.neg and negation(left):
                    continue
                if entry.modal and modal(left) and not own(left):
                    continue
                if entry.den and denial(left):
                    continue
                if entry.own and reported_self(left):
                    own_from.setdefault(i, start)
                    continue
                # (cheap test first: a capitalised word among the four words before the cue)
                if (
                    (entry.own or entry.plan)
                    and capitalised(texts[i], max(0, start - offset - 48), start - offset)
                    and _own_side(rules, texts[i], blob[max(offset, start - 90) : start], max(offset, start - 90) - offset)
                ):
                    own_from.setdefault(i, start)
                    continue
            if entry.other and not _other_side(rules, texts[i], start - offset, m.end() - offset):
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
            if counts is not None:
                counts[i, entry.feature] += 1
            if found is not None:
                found[i].append(
                    {
                        "label": LABELS[entry.label],
                        "cue": texts[i][start - offset : m.end() - offset],
                        "start": start - offset,
                        "end": m.end() - offset,
                        "type": entry.cue_type,
                        "weight": entry.weight,
                    }
                )
    products = np.array(keep).reshape(n, width)
    products[:, _PRED] *= 1.0 - np.array(modal_max)
    return 1.0 - products, found


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
        raise ValueError(f"thresholds must be a float or {len(LABELS)} floats, got {thresholds!r}")
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
            _shipped_rules()
            if self.lexicons is None and self.actors is None
            else compile_rules(self.lexicons, actors=self.actors)
        )
        self.thresholds_ = _as_thresholds(self.thresholds)
        self.labels_ = LABELS
        return self


    def predict_proba(self, X: Any) -> np.ndarray:
        """Return cue scores in [0, 1], shape (n, 3), columns in the order of ``LABELS``."""
        check_is_fitted(self, "rules_")
        scores, _ = _scan(self.rules_, as_texts(X), evidence=False)
        return scores

    def decision_function(self, X: Any) -> np.ndarray:
        """Same as :meth:`predict_proba` (scores in [0, 1])."""
        return self.predict_proba(X)

    def predict(self, X: Any) -> np.ndarray:
        """Return the multi-label indicator array, shape (n, 3), dtype int."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

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
        check_is_fitted(self, "rules_")
        texts = as_texts(X)
        scores, found = _scan(self.rules_, texts, evidence=True)
        assert found is not None
        if not positive_only:
            return found
        positive = scores >= self.thresholds_
        return [[r for r in recs if positive[i, LABELS.index(r["label"])]] for i, recs in enumerate(found)]

    def scores_and_evidence(self, X: Any) -> tuple[np.ndarray, list[list[dict[str, Any]]]]:
        """Return (scores (n, 3), all evidence records per sentence) in one pass."""
        check_is_fitted(self, "rules_")
        scores, found = _scan(self.rules_, as_texts(X), evidence=True)
        assert found is not None
        return scores, found
