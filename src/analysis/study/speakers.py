"""The speaker evaluation set: loading, coder agreement, speaker accuracy with CIs by document.

The set is ``data/raw/annotations/speakers/`` (105 whole open-licence documents, every sentence
coded with its speaker or ``AUTHOR``; see its README). This module

- loads the final codes with the fixed split (:func:`load_speaker_set`) and the two codings
  (:func:`load_codings`);
- decides whether two speaker strings name the same speaker (:func:`same_speaker`, the
  name-matching rule below);
- measures coder agreement (:func:`speaker_agreement`) and the attribution's accuracy
  (:func:`predict_speakers`, :func:`speaker_scores`, :func:`rule_scores`), with percentile
  bootstrap 95 % intervals that resample whole documents;
- prints those aggregates (never a sentence): ``python -m analysis.study.speakers --split dev
  --by round`` (:func:`report`, :func:`main`).

Name-matching rule (:func:`same_speaker`): both sides are case-folded, a leading article
(the/a/an), a trailing possessive, punctuation and honorifics/title words of
``study/data/speaker_matching.yml`` are dropped (a name that is only titles, "the prime
minister", keeps them), and British spellings of its ``spellings`` read as American ones. Two
speakers match when the results are equal, or when they share their head word (the last word
before the first preposition, comma or relative word: a surname, or a description's head noun)
and either one's words before the head are all among the other's ("Lavrov" = "Sergei
Lavrov"; "critics" = "critics from across Britain's political spectrum"; "Ministry of Defence"
= "Russian Defence Ministry") or both are personal names with the same first initial ("Joseph
R. Biden, Jr." = "Joe Biden"). "Hunter Biden" is not "Joe Biden"; "US officials" is not
"Ukrainian officials".

Examples
--------
>>> same_speaker("Lavrov", "Sergei Lavrov"), same_speaker("Joseph R. Biden, Jr.", "Joe Biden")
(True, True)
>>> same_speaker("US officials", "Ukrainian officials"), same_speaker(None, "AUTHOR")
(False, True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError

__all__ = ["AUTHOR", "speakers_dir", "load_speaker_set", "load_codings", "same_speaker", "speaker_agreement",
           "predict_speakers", "speaker_scores", "rule_scores", "bootstrap_share", "predict_real_speakers", "report",
           "main"]

#: The code of a sentence that is the writer's own.
AUTHOR = "AUTHOR"

# Word characters of a speaker string (apostrophes inside names kept: "O'Donnell").
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ARTICLE = {"the", "a", "an"}
# A trailing possessive ("Cummings's").
_POSSESSIVE_END = re.compile(r"['’]s\W*$")


@lru_cache(maxsize=1)
def _matching_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], dict[str, str]]:
    import yaml

    spec = yaml.safe_load(resources.files("analysis.study").joinpath("data/speaker_matching.yml")
                          .read_text(encoding="utf-8"))
    spellings = {str(k).casefold(): str(v).casefold() for k, v in (spec.get("spellings") or {}).items()}
    return (frozenset(spec["honorifics"]), frozenset(spec["suffixes"]), frozenset(spec["head_stops"]), spellings)


def speakers_dir() -> Path:
    """``data/raw/annotations/speakers`` of the study."""
    from analysis.study.paths import raw_dir

    return raw_dir() / "annotations" / "speakers"


def _read(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None


def load_speaker_set(folder: str | Path | None = None, *, split: str | None = None) -> pd.DataFrame:
    """The final speaker codes, one row per sentence, with ``source``, ``split`` and ``path``.

    Parameters
    ----------
    folder : path, optional
        Default: :func:`speakers_dir`.
    split : {"dev", "test"}, optional
        Only this half (by document).

    Examples
    --------
    >>> s = load_speaker_set()
    >>> s["file_id"].nunique(), sorted(s["split"].unique())
    (105, ['dev', 'test'])
    """
    folder = Path(folder) if folder is not None else speakers_dir()
    codes = _read(folder / "speakers.csv")
    codes = codes.merge(_read(folder / "split.csv"), on="file_id", how="left", validate="many_to_one")
    if codes["split"].eq("").any() or codes["split"].isna().any():
        raise InputError(folder / "split.csv", "a document of speakers.csv has no split")
    codes["n"] = codes["n"].astype(int)
    codes["start"] = codes["start"].astype(int)
    codes["end"] = codes["end"].astype(int)
    codes["path"] = [str(folder / "docs" / f"{f}.txt") for f in codes["file_id"]]
    if split is not None:
        if split not in ("dev", "test"):
            raise InputError("split", f"unknown split {split!r} (dev or test)")
        codes = codes[codes["split"] == split].reset_index(drop=True)
    return codes


def load_codings(folder: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first coding (every sentence) and the blind second coding (12 documents)."""
    folder = Path(folder) if folder is not None else speakers_dir()
    return _read(folder / "coding" / "first.csv"), _read(folder / "coding" / "second.csv")


def _words(name: str) -> list[str]:
    honorifics, suffixes, _, spellings = _matching_words()
    words = [w.replace("’", "'").casefold() for w in _WORDS.findall(name)]
    if words and words[0] in _ARTICLE:
        words = words[1:]
    if words and words[-1] == "s" and _POSSESSIVE_END.search(name):  # possessive split off
        words = words[:-1]
    words = [spellings.get(w, w) for w in (w[:-2] if w.endswith("'s") else w for w in words)]
    kept = [w for w in words if w not in honorifics and w not in suffixes]
    # a name that is only a title ("the judge", "the prime minister") is compared as the title
    return kept or [w for w in words if w not in suffixes]


def _head(words: list[str]) -> tuple[str | None, list[str]]:
    stops = _matching_words()[2]
    cut = next((i for i, w in enumerate(words) if w in stops and i > 0), len(words))
    before = words[:cut]
    return (before[-1] if before else None), before[:-1]


def _personal(name: str) -> bool:
    words = [w for w in _WORDS.findall(name) if w.casefold() not in _ARTICLE]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def same_speaker(predicted: Any, gold: Any) -> bool:
    """Whether two speaker strings name the same speaker (the module's name-matching rule).

    ``None``, ``NaN``, ``""`` and ``"AUTHOR"`` all mean "no speaker" (the writer).

    Examples
    --------
    >>> same_speaker("the ministry", "Russian Defence Ministry"), same_speaker("Hunter Biden", "Joe Biden")
    (True, False)
    """
    def none(x: Any) -> bool:
        return x is None or (isinstance(x, float) and np.isnan(x)) or str(x).strip() in ("", AUTHOR)

    if none(predicted) or none(gold):
        return none(predicted) and none(gold)
    a, b = _words(str(predicted)), _words(str(gold))
    if not a or not b:
        return False
    if a == b:
        return True
    (ha, pa), (hb, pb) = _head(a), _head(b)
    if ha is None or ha != hb:
        return False
    if set(pa) <= set(pb) or set(pb) <= set(pa):
        return True
    return _personal(str(predicted)) and _personal(str(gold)) and bool(pa) and bool(pb) and pa[0][0] == pb[0][0]


def speaker_agreement(first: pd.DataFrame, second: pd.DataFrame) -> dict[str, float | int]:
    """Agreement of two codings on the sentences both coded (``file_id``, ``n``, ``speaker``).

    Returns n, agree (share of all sentences with the same speaker under :func:`same_speaker`),
    n_speech and agree_speech (the sentences either coder gave a speaker), kappa (Cohen's kappa
    on AUTHOR vs a speaker) and exact (share with identical strings).

    Examples
    --------
    >>> a = pd.DataFrame({"file_id": ["d"] * 3, "n": [0, 1, 2], "speaker": ["AUTHOR", "Ann Lee", "Lee"]})
    >>> b = a.assign(speaker=["AUTHOR", "Lee", "AUTHOR"])
    >>> r = speaker_agreement(a, b); (r["agree"], r["n_speech"], r["agree_speech"])
    (0.6666666666666666, 2, 0.5)
    """
    from sklearn.metrics import cohen_kappa_score

    both = first.merge(second, on=["file_id", "n"], suffixes=("_1", "_2"))
    if both.empty:
        raise InputError("codings", "the two codings share no sentence")
    same = np.array([same_speaker(x, y) for x, y in zip(both["speaker_1"], both["speaker_2"])])
    speech1, speech2 = both["speaker_1"] != AUTHOR, both["speaker_2"] != AUTHOR
    either = (speech1 | speech2).to_numpy()
    return {
        "documents": int(both["file_id"].nunique()), "n": len(both), "agree": float(same.mean()),
        "exact": float((both["speaker_1"] == both["speaker_2"]).mean()),
        "n_speech": int(either.sum()), "agree_speech": float(same[either].mean()) if either.any() else float("nan"),
        "kappa": float(cohen_kappa_score(speech1, speech2)),
    }


def predict_speakers(codes: pd.DataFrame, *, actors: Any = None) -> pd.DataFrame:
    """Run the ingest (read, clean, segment, attribute) on the coded documents; join the codes.

    Returns the codes with the predicted ``speaker_pred``, ``speaker_mention``,
    ``speaker_rule``, ``speaker_actor`` and ``mode`` and a ``correct`` column
    (:func:`same_speaker`). Raises :class:`InputError` when the segmentation no longer gives the
    coded sentences (the set's offsets are those of the ingest at the set's creation).
    """
    from analysis.ingest import ingest_paths

    paths = sorted(codes["path"].unique())
    pred = ingest_paths(paths, actors=actors).sentences.rename(columns={"speaker": "speaker_pred"})
    keep = ["article_id", "n", "text", "speaker_pred", "speaker_actor", "mode",
            *[c for c in ("speaker_mention", "speaker_rule") if c in pred.columns]]
    out = codes.merge(pred[keep], left_on=["file_id", "n"], right_on=["article_id", "n"], how="left",
                      suffixes=("", "_pred"), validate="one_to_one")
    bad = out["text_pred"].isna() | (out["text_pred"] != out["text"])
    if bad.any():
        first = out[bad].iloc[0]
        raise InputError(first["path"], f"sentence {first['n']} is no longer segmented as coded")
    out = out.drop(columns=["article_id", "text_pred"])
    out["speaker_pred"] = out["speaker_pred"].where(out["speaker_pred"].notna(), None)
    out["correct"] = [same_speaker(p, g) for p, g in zip(out["speaker_pred"], out["speaker"])]
    return out


def bootstrap_share(hits: Sequence[bool], groups: Sequence[Any], *, n_boot: int = 2000, seed: int = 0,
                    alpha: float = 0.05) -> tuple[float, float, float, int]:
    """(share, lo, hi, n) of true values, with a percentile bootstrap CI resampling groups.

    Examples
    --------
    >>> bootstrap_share([True, True, False, True], ["a", "a", "b", "c"], n_boot=200)[0]
    0.75
    """
    hits = np.asarray(hits, dtype=float)
    if hits.size == 0:
        return float("nan"), float("nan"), float("nan"), 0
    unit = pd.factorize(np.asarray(groups))[0]
    k = int(unit.max()) + 1
    num, den = np.bincount(unit, hits, minlength=k), np.bincount(unit, minlength=k).astype(float)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, k, size=(n_boot, k))
    b_num, b_den = num[draws].sum(1), den[draws].sum(1)
    boot = b_num / np.maximum(b_den, 1)
    lo, hi = np.percentile(boot, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(hits.mean()), float(lo), float(hi), int(hits.size)


def speaker_scores(pred: pd.DataFrame, *, by: str | None = None, n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Speaker accuracy on sentences that report someone's words, and the author share kept.

    Parameters
    ----------
    pred : DataFrame
        From :func:`predict_speakers`.
    by : str, optional
        Also per value of this column (``split``, ``source``).

    Returns
    -------
    DataFrame
        Rows ``measure`` = ``speaker_accuracy`` (gold speaker given, predicted speaker the same
        under :func:`same_speaker`) and ``author_kept`` (gold AUTHOR, no predicted speaker),
        with value, lo, hi (95 % bootstrap by document), n and documents.
    """
    groups = [("all", pred)] if by is None else [("all", pred), *pred.groupby(by, sort=True)]
    rows = []
    for name, sub in groups:
        speech = sub["speaker"] != AUTHOR
        for measure, mask, hits in (("speaker_accuracy", speech, sub["correct"]),
                                    ("author_kept", ~speech, sub["speaker_pred"].isna())):
            value, lo, hi, n = bootstrap_share(hits[mask].to_numpy(), sub.loc[mask, "file_id"].to_numpy(),
                                               n_boot=n_boot, seed=seed)
            rows.append({"group": name, "measure": measure, "value": value, "lo": lo, "hi": hi, "n": n,
                         "documents": int(sub.loc[mask, "file_id"].nunique())})
    return pd.DataFrame(rows)


def rule_scores(pred: pd.DataFrame, *, n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Per ``speaker_rule``: how many sentences it decided and how many it got right.

    ``precision`` is the share of the rule's sentences whose predicted speaker is the coded
    one (a sentence coded AUTHOR that got a speaker counts as wrong); ``spurious`` counts those
    AUTHOR sentences. CIs by document.
    """
    rows = []
    decided = pred[pred["speaker_pred"].notna()]
    for rule, sub in decided.groupby("speaker_rule", sort=True):
        value, lo, hi, n = bootstrap_share(sub["correct"].to_numpy(), sub["file_id"].to_numpy(), n_boot=n_boot, seed=seed)
        rows.append({"rule": rule, "n": n, "correct": int(sub["correct"].sum()),
                     "spurious": int((sub["speaker"] == AUTHOR).sum()), "precision": value, "lo": lo, "hi": hi})
    missed = pred[pred["speaker_pred"].isna() & (pred["speaker"] != AUTHOR)]
    rows.append({"rule": "(none: missed)", "n": len(missed), "correct": 0, "spurious": 0,
                 "precision": float("nan"), "lo": float("nan"), "hi": float("nan")})
    return pd.DataFrame(rows)


def predict_real_speakers(shared_dir: str | Path | None = None, refs: str | Path | None = None) -> pd.DataFrame:
    """The by-reference Guardian speaker codes (``data/raw/annotations/speakers-real``) with predictions.

    The texts stay in ``../shared/corpora/guardian-sample/articles.csv`` (evaluation only): the
    file is ingested, each coded sentence is found by document and number and checked against
    its offsets and SHA-1, and the attribution's speaker is joined. Raises
    :class:`FileNotFoundError` when ``../shared`` is absent, :class:`InputError` when a sentence no
    longer matches its reference. The result has the columns of :func:`predict_speakers`.
    """
    import hashlib

    from analysis.ingest import ingest_paths
    from analysis.study.paths import raw_dir, shared_dir as default_shared

    refs_path = Path(refs) if refs is not None else raw_dir() / "annotations" / "speakers-real" / "refs.csv"
    codes = _read(refs_path)
    corpus = Path(shared_dir) if shared_dir is not None else default_shared()
    source = corpus / "corpora" / "guardian-sample" / "articles.csv"
    if not source.is_file():
        raise FileNotFoundError(source)
    raw = pd.read_csv(source, dtype=str, keep_default_na=False)
    texts = dict(zip(raw.iloc[:, 0], raw["text"]))
    pred = ingest_paths([source], text_column="text").sentences.rename(columns={"speaker": "speaker_pred"})
    pred = pred.set_index(["article_id", "n"])
    rows = []
    for code in codes.itertuples(index=False):
        key, n, start, end = code.doc_key, int(code.n), int(code.start), int(code.end)
        text = texts.get(key, "")[start:end]
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != code.sha1:
            raise InputError(refs_path, f"document {key} sentence {n}: the text at {start}:{end} no longer matches its SHA-1")
        row = pred.loc[(f"articles:{key}", n)]
        if row["text"] != text:
            raise InputError(refs_path, f"document {key} sentence {n} is no longer segmented as coded")
        rows.append({"file_id": f"guardian:{key}", "n": n, "speaker": code.speaker, "speaker_pred": row["speaker_pred"],
                     "speaker_mention": row["speaker_mention"], "speaker_rule": row["speaker_rule"],
                     "speaker_actor": row["speaker_actor"], "mode": row["mode"]})
    out = pd.DataFrame(rows)
    out["speaker_pred"] = out["speaker_pred"].where(out["speaker_pred"].notna(), None)
    out["correct"] = [same_speaker(p, g) for p, g in zip(out["speaker_pred"], out["speaker"])]
    return out


def report(split: str | None = "dev", *, by: str | None = "round", rules: bool = True, guardian: bool = False,
           n_boot: int = 2000) -> dict[str, pd.DataFrame]:
    """Scores of the attribution on the speaker set (aggregates only: no sentence is printed).

    ``split``: ``"dev"``, ``"test"`` or None (both); ``by``: also per value of ``round`` or
    ``source``; ``rules``: the per-rule table; ``guardian``: also the by-reference Guardian
    articles (needs ``../shared``). Returns the tables by name.
    """
    out = {}
    pred = predict_speakers(load_speaker_set(split=split))
    out["scores"] = speaker_scores(pred, by=by, n_boot=n_boot)
    if rules:
        out["rules"] = rule_scores(pred, n_boot=n_boot)
    if guardian:
        real = predict_real_speakers()
        out["guardian"] = speaker_scores(real, n_boot=n_boot)
        if rules:
            out["guardian_rules"] = rule_scores(real, n_boot=n_boot)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m analysis.study.speakers [--split dev|test|all] [--by round|source] [--guardian]``."""
    import argparse

    parser = argparse.ArgumentParser(description="Speaker accuracy of the attribution on the hand-coded speaker set "
                                                 "(aggregates only).")
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--by", choices=["round", "source", "none"], default="round")
    parser.add_argument("--guardian", action="store_true", help="also the by-reference Guardian articles (../shared)")
    parser.add_argument("--boot", type=int, default=2000)
    args = parser.parse_args(argv)
    tables = report(None if args.split == "all" else args.split, by=None if args.by == "none" else args.by,
                    guardian=args.guardian, n_boot=args.boot)
    with pd.option_context("display.width", 200, "display.max_rows", 500):
        for name, table in tables.items():
            print(f"\n== {name}\n{table.to_string(index=False)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
