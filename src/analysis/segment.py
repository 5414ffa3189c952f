"""Split cleaned article text into sentences with exact character offsets.

Sentences come from pysbd (one cached ``Segmenter``), run per paragraph and, inside long
paragraphs, per chunk of a few sentences cut only at unambiguous boundaries (sentence-final
punctuation outside any quotation, previous word not an abbreviation from pysbd's own English
list, next word capitalised). pysbd's cost grows faster than linearly with input length, so this
keeps it fast without changing its decisions much. Each sentence is then located in the text,
so ``text == cleaned[start:end]`` always holds; a closing quote mark that pysbd leaves at the
start of the next sentence is moved back to the sentence it closes. The title is one unit
(``is_title``), never split. Every non-whitespace character of the cleaned text is in exactly
one sentence.

Examples
--------
>>> rows = segment_text("Talks\\n\\nLavrov spoke. \\"We are ready. We are waiting,\\" he said.", article_id="a", title_span=(0, 5))
>>> [(r["sentence_id"], r["text"], r["is_title"]) for r in rows]
[('a:0', 'Talks', True), ('a:1', 'Lavrov spoke.', False), ('a:2', '"We are ready. We are waiting," he said.', False)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

__all__ = ["SENTENCE_COLUMNS", "segment_text", "split_paragraphs", "sentence_spans", "iter_sentences"]

#: Columns produced by :func:`segment_text`.
SENTENCE_COLUMNS: tuple[str, ...] = ("sentence_id", "article_id", "n", "start", "end", "text", "is_title")

#: Chunks are cut at safe boundaries once they are at least this long (0: every safe boundary).
CHUNK_CHARS = 0
#: A quotation open for longer than this is taken to be an unbalanced quote mark.
MAX_QUOTE_CHARS = 1500
#: A chunk with no safe boundary is cut at a space after this many characters.
HARD_CHUNK_CHARS = 5000

# Paragraphs: maximal runs of text between blank lines.
_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n))*", re.M)
# Candidate chunk boundaries: . ! ? (plus closing quotes/brackets), whitespace, then an
# optional opening quote and a capital or digit. (Pattern in the spirit of pysbd's own
# "punctuation + space + capital" rule; the abbreviation check below uses pysbd's list.)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
# The word right before a boundary's punctuation.
_WORD_BEFORE = re.compile(r"([\w.'’-]+)[.!?][\"”’')\]]*$")
# Quote marks: straight (toggle) and curly (open/close).
_STRAIGHT = '"'
_OPEN_CURLY, _CLOSE_CURLY = "“", "”"
# Punctuation inside a chunk that pysbd might treat as a sentence end (else: one sentence).
_INNER_END = re.compile(r"[.!?][\"”’')\]]*\s+\S|\n")
# Leading closing marks that belong to the previous sentence.
_LEADING_CLOSERS = re.compile(r"[”’)\]]+")
# A straight quote closing the previous sentence: '"' then optional , or . then space or end.
_STRAIGHT_CLOSER = re.compile(r'"[,.]?(?=\s|$)')


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd  # local: pysbd compiles many regexes on import

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    from pysbd.lang.english import English

    return frozenset(a.lower() for a in English.Abbreviation.ABBREVIATIONS)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (blank-line separated, stripped) of a text.

    Examples
    --------
    >>> split_paragraphs("One.\\n\\n  Two.\\nThree.\\n")
    [(0, 4), (8, 19)]
    """
    spans = []
    for m in _PARAGRAPH.finditer(text):
        s, e = m.span()
        e = s + len(m.group().rstrip())
        spans.append((s, e))
    return spans


def _chunks(text: str) -> list[tuple[int, int]]:
    """Cut a paragraph at safe boundaries into chunks of about CHUNK_CHARS."""
    if CHUNK_CHARS and len(text) <= CHUNK_CHARS:
        return [(0, len(text))]
    abbreviations = _abbreviations()
    cuts, last_cut = [], 0
    depth_straight, depth_curly, scanned, opened = 0, 0, 0, 0
    for m in _BOUNDARY.finditer(text):
        piece = text[scanned:m.start()]
        was_open = depth_straight or depth_curly
        depth_straight = (depth_straight + piece.count(_STRAIGHT)) % 2
        depth_curly = max(0, depth_curly + piece.count(_OPEN_CURLY) - piece.count(_CLOSE_CURLY))
        if (depth_straight or depth_curly) and not was_open:
            opened = scanned
        if (depth_straight or depth_curly) and m.start() - opened > MAX_QUOTE_CHARS:
            depth_straight = depth_curly = 0  # an unbalanced quote mark: stop honouring it
        scanned = m.start()
        if m.start() - last_cut < CHUNK_CHARS or depth_straight or depth_curly:
            continue
        w = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
        word = w.group(1).lower().rstrip(".") if w else ""
        if not word or len(word) < 2 or word in abbreviations or "." in word:
            continue
        cuts.append(m.end())
        last_cut = m.end()
    bounds = [0, *cuts, len(text)]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        while b - a > HARD_CHUNK_CHARS:  # no safe boundary: cut at a space
            cut = text.rfind(" ", a + HARD_CHUNK_CHARS // 2, a + HARD_CHUNK_CHARS)
            cut = cut + 1 if cut > a else a + HARD_CHUNK_CHARS
            out.append((a, cut))
            a = cut
        out.append((a, b))
    return out


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (offsets into ``text``), whitespace-trimmed.

    Examples
    --------
    >>> t = "One here. Two there."
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['One here.', 'Two there.']
    """
    end = len(text) if end is None else end
    segmenter = _segmenter()
    spans: list[tuple[int, int]] = []
    for ca, cb in _chunks(text[start:end]):
        ca, cb = start + ca, start + cb
        chunk = text[ca:cb].replace("\n", " ")  # same length: offsets stay valid
        cursor = 0
        # a chunk with no inner sentence-end punctuation is one sentence: skip pysbd
        pieces = segmenter.segment(chunk) if _INNER_END.search(chunk.rstrip()) else [chunk]
        for sent in pieces:
            body = sent.strip()
            if not body:
                continue
            found = chunk.find(body, cursor)
            if found < 0:  # pysbd changed the text (should not happen with clean=False)
                break
            if chunk[cursor:found].strip():  # text pysbd skipped: keep it as its own unit
                gap = chunk[cursor:found]
                lead = len(gap) - len(gap.lstrip())
                spans.append((ca + cursor + lead, ca + cursor + len(gap.rstrip())))
            spans.append((ca + found, ca + found + len(body)))
            cursor = found + len(body)
        rest = chunk[cursor:]
        if rest.strip():
            lead = len(rest) - len(rest.lstrip())
            spans.append((ca + cursor + lead, ca + cursor + len(rest.rstrip())))
    return _fix_closers(text, spans)


def _fix_closers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Move closing marks at a sentence start back to the sentence they close."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out:
            m = _LEADING_CLOSERS.match(text, a, b)
            if m is None:
                prev = text[out[-1][0]:out[-1][1]]
                m2 = _STRAIGHT_CLOSER.match(text, a, b)
                if m2 is not None and prev.count(_STRAIGHT) % 2:
                    m = m2
            if m is not None:
                out[-1] = (out[-1][0], m.end())
                rest = text[m.end():b]
                a = m.end() + len(rest) - len(rest.lstrip())
                if a >= b:
                    continue
        out.append((a, b))
    return out


def segment_text(text: str, *, article_id: str, title_span: tuple[int, int] | None = None,
                 paragraphs: Sequence[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
    """Sentence rows for one cleaned article (see :data:`SENTENCE_COLUMNS`).

    Parameters
    ----------
    text : str
        The cleaned article text.
    article_id : str
        Used in ``sentence_id = f"{article_id}:{n}"`` (``n`` counts from 0).
    title_span : (int, int), optional
        Offsets of the title; it becomes one unit with ``is_title=True``.
    paragraphs : sequence of (int, int), optional
        Paragraph spans; by default blank-line separated blocks.

    Returns
    -------
    list of dict

    Examples
    --------
    >>> [r["text"] for r in segment_text("A b c. D e f.", article_id="x")]
    ['A b c.', 'D e f.']
    """
    paragraphs = split_paragraphs(text) if paragraphs is None else paragraphs
    spans: list[tuple[int, int, bool]] = []
    for a, b in paragraphs:
        if title_span and a <= title_span[0] < b:
            if a < title_span[0]:
                spans.extend((s, e, False) for s, e in sentence_spans(text, a, title_span[0]))
            spans.append((title_span[0], title_span[1], True))
            if title_span[1] < b:
                spans.extend((s, e, False) for s, e in sentence_spans(text, title_span[1], b))
            continue
        spans.extend((s, e, False) for s, e in sentence_spans(text, a, b))
    return [
        {"sentence_id": f"{article_id}:{n}", "article_id": article_id, "n": n, "start": s,
         "end": e, "text": text[s:e], "is_title": is_title}
        for n, (s, e, is_title) in enumerate(spans)
    ]


def iter_sentences(texts: Iterable[tuple[str, str]]) -> Iterable[dict[str, Any]]:
    """Sentence rows for ``(article_id, text)`` pairs (no titles); a convenience generator.

    Examples
    --------
    >>> [r["sentence_id"] for r in iter_sentences([("a", "One. Two.")])]
    ['a:0', 'a:1']
    """
    for article_id, text in texts:
        yield from segment_text(text, article_id=article_id)
