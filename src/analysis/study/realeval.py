"""Real-text evaluation set: sentence references into the third-party corpora of ``../shared``.

The corpora in ``../shared/corpora`` (ISW updates, Zelensky addresses, a Guardian sample) are
for evaluation only and their text is never copied into the project. The hand-coded
evaluation set is therefore stored *by reference*: ``data/raw/annotations/real-eval/refs.csv``
holds, per sentence, the corpus, the document key, character offsets into the raw document
text, the SHA-1 of the sentence text and the three codes, but no text. This module
reconstructs the sentences from ``../shared`` when it is present, and documents how the
sample was drawn (:func:`eligible_sentences`, :func:`draw_sample`, seed :data:`SEED`).

Examples
--------
>>> from analysis.study import realeval
>>> df = realeval.load_real_eval()  # doctest: +SKIP
>>> df.columns.tolist()  # doctest: +SKIP
['corpus', 'doc_key', 'start', 'end', 'text', 'accusation', 'prediction', 'rejection', 'sample']
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

__all__ = [
    "real_split",
    "CORPORA",
    "CODE_COLUMNS",
    "REF_COLUMNS",
    "default_shared_dir",
    "default_refs_path",
    "CODE_VERSIONS",
    "sentence_sha1",
    "segment_source",
    "load_documents",
    "load_real_eval",
    "KEYWORDS",
    "SEED",
    "eligible_sentences",
    "draw_sample",
]

#: Corpus names, in the order :func:`load_documents` yields them.
CORPORA: tuple[str, ...] = ("isw", "zelensky", "guardian")

#: The three code columns (same order as ``analysis.labels.LABELS``).
CODE_COLUMNS: tuple[str, ...] = ("accusation", "prediction", "rejection")

#: Columns of ``refs.csv``.
REF_COLUMNS: tuple[str, ...] = (
    "corpus", "doc_key", "start", "end", "sha1", *CODE_COLUMNS, "sample", "annotator",
)

#: Seed of the sample drawn by :func:`draw_sample`.
SEED: int = 20221

#: The broad keyword net of the "enriched" sample (matched at a word start, any case).
KEYWORDS: tuple[str, ...] = (
    "accus", "blame", "alleg", "condemn", "crime", "lie", "false", "propaganda", "will",
    "likely", "could", "may", "expect", "forecast", "predict", "warn", "unlikely", "reject",
    "refus", "deny", "denied", "dismiss", "veto", "unacceptable", "never accept", "rule out",
    "ruled out",
)

_KEYWORD_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(k) for k in KEYWORDS) + ")", re.IGNORECASE
)
_MARKUP_RE = re.compile(r"!?\[[^\]]*\]\([^)]*\)|https?://\S+|<[^>]+>")
_WORD_RE = re.compile(r"[A-Za-z0-9’']+")
_BULLET_RE = re.compile(r"^([-*+•▲]|\d+[.)])\s")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def default_shared_dir() -> Path:
    """Return the default ``shared`` folder (``shared`` in study.yml; may not exist)."""
    from analysis.study.paths import shared_dir

    return shared_dir()


def default_refs_path(version: str = "v2") -> Path:
    """Return the path of the stored references, ``data/raw/annotations/real-eval/refs.csv``.

    Returns
    -------
    pathlib.Path
        Path under the project root.
    """
    from analysis.study.paths import raw_dir

    if version not in CODE_VERSIONS:
        raise ValueError(f"unknown real-eval coding {version!r}; use one of {', '.join(CODE_VERSIONS)}")
    return raw_dir() / "annotations" / "real-eval" / CODE_VERSIONS[version]


def sentence_sha1(text: str) -> str:
    """Return the hex SHA-1 of a sentence's UTF-8 text.

    Parameters
    ----------
    text : str
        Sentence text, exactly as sliced from the raw document.

    Returns
    -------
    str
        40 hex digits.
    """
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def segment_source(corpus: str, doc_key: str, text: str) -> list[tuple[int, int]]:
    """Split a raw document text into sentence spans, deterministically.

    The text is split into paragraphs on line breaks (blank lines included); each
    paragraph is segmented with ``pysbd.Segmenter(language="en", clean=False,
    char_span=True)`` and every span is shifted to an offset into ``text`` and trimmed of
    surrounding whitespace. Empty spans are dropped.

    Parameters
    ----------
    corpus : str
        Corpus name (one of :data:`CORPORA`); kept for error messages and future
        corpus-specific rules, it does not change the segmentation today.
    doc_key : str
        Document key within the corpus (error messages only).
    text : str
        The raw document text (ISW: body after the YAML front matter; CSV corpora: the
        ``text`` field).

    Returns
    -------
    list of tuple of (int, int)
        ``(start, end)`` offsets such that ``text[start:end]`` is one sentence.

    Raises
    ------
    ValueError
        If pysbd returns a span that does not match the paragraph (should not happen).
    """
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        base = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        for span in segmenter.segment(line):
            if line[span.start:span.end] != span.sent:
                raise ValueError(
                    f"pysbd span mismatch in {corpus}/{doc_key} at {base + span.start}"
                )
            chunk = span.sent
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            start, end = base + span.start + lead, base + span.end - trail
            if end > start:
                spans.append((start, end))
    return spans


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_documents(shared_dir: str | Path) -> Iterator[tuple[str, str, str]]:
    """Yield the raw documents of the three evaluation corpora.

    Parameters
    ----------
    shared_dir : str or pathlib.Path
        The ``shared`` folder (holding ``corpora/``).

    Yields
    ------
    tuple of (str, str, str)
        ``(corpus, doc_key, text)``:

        - ``isw``: each ``corpora/isw-2022/*.md`` file (sorted), ``doc_key`` = file name,
          text = body after the YAML front matter;
        - ``zelensky``: ``corpora/zelensky-2022/speeches.csv``, ``doc_key`` = the first
          (unnamed) column, text = column ``text``;
        - ``guardian``: ``corpora/guardian-sample/articles.csv``, ``doc_key`` = the first
          column (named ``""``), text = column ``text``.
    """
    corpora = Path(shared_dir) / "corpora"
    for path in sorted((corpora / "isw-2022").glob("*.md")):
        raw = path.read_text(encoding="utf-8")
        match = _FRONT_MATTER.match(raw)
        yield "isw", path.name, raw[match.end():] if match else raw
    for corpus, rel in (("zelensky", "zelensky-2022/speeches.csv"),
                        ("guardian", "guardian-sample/articles.csv")):
        frame = _read_csv(corpora / rel)
        key_col = frame.columns[0]
        for key, text in zip(frame[key_col], frame["text"], strict=True):
            yield corpus, str(key), text


#: The codings of the set: ``v1`` (codebook clarifications 1-18, sentence alone, 2026-11) and
#: ``v2`` (clarifications 1-33, document open, 2026-12; the readings of the current codebook).
CODE_VERSIONS: dict[str, str] = {"v1": "refs.csv", "v2": "codes-v2.csv"}


def load_real_eval(shared_dir: str | Path | None = None,
                   refs_path: str | Path | None = None, *, version: str = "v2") -> pd.DataFrame:
    """Reconstruct the hand-coded real-text evaluation set from ``../shared``.

    Parameters
    ----------
    shared_dir : str or pathlib.Path, optional
        The ``shared`` folder; default :func:`default_shared_dir`.
    refs_path : str or pathlib.Path, optional
        The references file; default :func:`default_refs_path` of ``version``.
    version : {"v2", "v1"}
        Which coding (:data:`CODE_VERSIONS`); v2 follows the current codebook.

    Returns
    -------
    pandas.DataFrame
        One row per sentence, columns ``corpus, doc_key, start, end, text, accusation,
        prediction, rejection, sample, split``; codes are ``int`` 0/1. ``split`` is ``dev``
        or ``test`` by document (:func:`real_split`): ``dev`` may be read for error analysis
        while developing rules; only ``test`` figures are reported as real-text quality.

    Raises
    ------
    FileNotFoundError
        If the ``shared`` corpora or the references file are absent.
    ValueError
        If a reference points to a missing document or its slice does not match the stored
        SHA-1 (the corpus changed since the set was coded).
    """
    shared = Path(shared_dir) if shared_dir is not None else default_shared_dir()
    refs_file = Path(refs_path) if refs_path is not None else default_refs_path(version)
    if not (shared / "corpora").is_dir():
        raise FileNotFoundError(
            f"the third-party corpora are not available at {shared / 'corpora'}; the real-text "
            "evaluation set is stored by reference only and needs ../shared beside the project"
        )
    if not refs_file.is_file():
        raise FileNotFoundError(f"real-eval references not found: {refs_file}")
    refs = pd.read_csv(refs_file, dtype={"doc_key": str, "sha1": str}, keep_default_na=False)
    missing = set(REF_COLUMNS) - set(refs.columns)
    if missing:
        raise ValueError(f"{refs_file} lacks columns {sorted(missing)}")
    docs = {(c, k): t for c, k, t in load_documents(shared)}
    texts: list[str] = []
    for row in refs.itertuples(index=False):
        doc = docs.get((row.corpus, row.doc_key))
        if doc is None:
            raise ValueError(
                f"real-eval: document {row.corpus}/{row.doc_key} not found in {shared}"
            )
        sentence = doc[int(row.start):int(row.end)]
        if sentence_sha1(sentence) != row.sha1:
            raise ValueError(
                f"real-eval: text of {row.corpus}/{row.doc_key}[{row.start}:{row.end}] does not "
                f"match its stored sha1 {row.sha1}; the corpus in {shared} has changed"
            )
        texts.append(sentence)
    out = refs[["corpus", "doc_key", "start", "end"]].copy()
    out["text"] = texts
    for col in CODE_COLUMNS:
        out[col] = refs[col].astype(int)
    out["sample"] = refs["sample"]
    out["split"] = [real_split(c, k) for c, k in zip(out["corpus"], out["doc_key"])]
    return out.reset_index(drop=True)


def real_split(corpus: str, doc_key: str) -> str:
    """``"dev"`` or ``"test"`` for a document, fixed by a hash of ``corpus/doc_key`` (about half each).

    Whole documents go to one side, so rules tuned on ``dev`` errors are measured on documents
    they never saw.

    Examples
    --------
    >>> real_split("isw", "2022-02-18-ukraine-conflict-update-1.md") in ("dev", "test")
    True
    """
    digest = hashlib.sha1(f"{corpus}/{doc_key}".encode("utf-8")).hexdigest()
    return "dev" if int(digest[:8], 16) % 2 == 0 else "test"


def eligible_sentences(shared_dir: str | Path) -> list[dict[str, object]]:
    """List the sentences that may be sampled, in corpus and document order.

    A sentence is dropped when, after removing links, images and HTML tags, it has no word
    of two letters; when it starts with an image or a tag; and when it is shorter than six
    words and sits on a heading line (``#``), a bullet line (``-``, ``*``, ``1.`` ...) or a
    short line (under six words) without final punctuation.

    Parameters
    ----------
    shared_dir : str or pathlib.Path
        The ``shared`` folder.

    Returns
    -------
    list of dict
        Keys ``corpus, doc_key, start, end, text, keyword`` (``keyword``: the sentence
        matches :data:`KEYWORDS`).
    """
    rows: list[dict[str, object]] = []
    for corpus, key, text in load_documents(shared_dir):
        for start, end in segment_source(corpus, key, text):
            sent = text[start:end]
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", start)
            line = text[line_start:len(text) if line_end < 0 else line_end].strip()
            n_words = len(_WORD_RE.findall(_MARKUP_RE.sub(" ", sent)))
            plain = _MARKUP_RE.sub(" ", re.sub("[#*_>`|\\-\u25b2]", " ", sent))
            if n_words == 0 or not re.search("[A-Za-z]{2}", plain):
                continue
            heading = line.startswith("#") or _BULLET_RE.match(line) is not None
            short_line = (len(re.findall(r"\w+", line)) < 6
                          and not re.search("[.!?\"\u201d)]$", line))
            if (heading or short_line) and n_words < 6:
                continue
            if sent.lstrip().startswith(("![", "<")):
                continue
            rows.append({"corpus": corpus, "doc_key": key, "start": start, "end": end,
                         "text": sent, "keyword": bool(_KEYWORD_RE.search(sent))})
    return rows


def draw_sample(rows: list[dict[str, object]], seed: int = SEED, n_random: int = 120,
                n_enriched: int = 80) -> list[dict[str, object]]:
    """Draw the evaluation sample from :func:`eligible_sentences`.

    With one ``random.Random(seed)``, for each corpus in :data:`CORPORA` order: draw
    ``n_random`` sentences uniformly (``sample="random"``), then ``n_enriched`` from the
    remaining sentences that match :data:`KEYWORDS` (``sample="enriched"``).

    Parameters
    ----------
    rows : list of dict
        Output of :func:`eligible_sentences`.
    seed : int, default :data:`SEED`
        Random seed.
    n_random, n_enriched : int
        Sentences per corpus in each sample.

    Returns
    -------
    list of dict
        The drawn rows with an added ``sample`` key, in drawing order.
    """
    import random

    rng = random.Random(seed)
    drawn: list[dict[str, object]] = []
    for corpus in CORPORA:
        pool = [r for r in rows if r["corpus"] == corpus]
        chosen = rng.sample(pool, n_random)
        taken = {(r["doc_key"], r["start"]) for r in chosen}
        net = [r for r in pool if r["keyword"] and (r["doc_key"], r["start"]) not in taken]
        drawn += [{**r, "sample": "random"} for r in chosen]
        drawn += [{**r, "sample": "enriched"} for r in rng.sample(net, n_enriched)]
    return drawn
