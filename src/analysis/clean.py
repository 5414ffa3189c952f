"""Strip boilerplate from article text, recording every removed span.

The unit is the line. Each non-empty line of an article's ``raw_text`` is kept, removed whole
(a boilerplate line, or a line inside an appeal block), or kept with inline spans removed
(Markdown markup, inline footers). Patterns live in ``analysis/data/boilerplate.yml``
(see its header). Paragraphs repeated across many articles of one outlet are removed with
reason ``repeated`` (:func:`find_repeated`). The article title line is never removed.

The cleaned text is the kept pieces in their raw order: pieces of one line joined directly,
lines of one paragraph joined with ``"\\n"``, paragraphs with ``"\\n\\n"``.

Accounting rule (tested on every fixture, :func:`accounts_for`): the removed spans are disjoint,
``removed.text == raw_text[start:end]``, and deleting them from ``raw_text`` gives exactly the
cleaned text once all whitespace is deleted from both (cleaning only ever re-joins lines and
paragraphs, so whitespace is the only thing it may change).

Examples
--------
>>> result = clean_text("Lavrov spoke on Thursday.\\n\\nRead more")
>>> result.text
'Lavrov spoke on Thursday.'
>>> [(s.start, s.end, s.reason) for s in result.removed]
[(27, 36, 'read_more')]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

__all__ = [
    "Span",
    "CleanResult",
    "Patterns",
    "REMOVED_COLUMNS",
    "load_patterns",
    "clean_text",
    "find_repeated",
    "clean_articles",
    "accounts_for",
]

#: Columns of the removed table.
REMOVED_COLUMNS: tuple[str, ...] = ("article_id", "start", "end", "text", "reason")

# Non-empty lines with their offsets (a line is a maximal run without "\n").
_LINE = re.compile(r"[^\n]+")
# Whitespace runs, for the accounting comparison and paragraph keys.
_WS = re.compile(r"\s+")
# A Markdown heading marker at the start of a line (CommonMark ATX headings).
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
# Reader-directed words (case-sensitive on purpose: "US" the country is not "us").
_READER = re.compile(r"\b(we|We|our|Our|us|you|You|your|Your)\b")


class Span(NamedTuple):
    """A removed span: raw offsets, its text and the reason (a boilerplate category)."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class Patterns:
    """Compiled boilerplate patterns (see ``analysis/data/boilerplate.yml``)."""

    line: tuple[tuple[str, re.Pattern[str]], ...]
    block_start: tuple[tuple[str, re.Pattern[str]], ...]
    block_continue: tuple[tuple[str, re.Pattern[str]], ...]
    inline: tuple[tuple[str, re.Pattern[str]], ...]
    max_line_chars: int = 300
    block_max_line_chars: int = 800
    block_short_words: int = 6
    counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


@dataclass
class CleanResult:
    """Cleaned text, kept pieces ``(raw_start, raw_end, clean_start)`` and removed spans."""

    text: str
    kept: list[tuple[int, int, int]]
    removed: list[Span]
    title_span: tuple[int, int] | None = None  # offsets of the title in the cleaned text
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # in the cleaned text


def _compile(spec: Mapping[str, Any]) -> Patterns:
    lists: dict[str, list[tuple[str, re.Pattern[str]]]] = defaultdict(list)
    counts: dict[str, dict[str, int]] = {}
    for category, body in (spec.get("categories") or {}).items():
        counts[category] = {}
        for kind in ("line", "block_start", "block_continue", "inline"):
            for pattern in body.get(kind) or ():
                flags = re.I | (re.M if kind == "inline" else 0)
                lists[kind].append((category, re.compile(pattern, flags)))
            counts[category][kind] = len(body.get(kind) or ())
    return Patterns(
        line=tuple(lists["line"]), block_start=tuple(lists["block_start"]),
        block_continue=tuple(lists["block_continue"]), inline=tuple(lists["inline"]),
        max_line_chars=int(spec.get("max_line_chars", 300)),
        block_max_line_chars=int(spec.get("block_max_line_chars", 800)),
        block_short_words=int(spec.get("block_short_words", 6)),
        counts=counts,
    )


@lru_cache(maxsize=8)
def _load_cached(path: str | None) -> Patterns:
    import yaml

    from analysis.io import read_data_text

    text, _ = read_data_text(path, default="boilerplate.yml", what="boilerplate pattern file")
    return _compile(yaml.safe_load(text))


def load_patterns(path: str | Path | None = None) -> Patterns:
    """Load boilerplate patterns: the shipped file, or a user's YAML file of the same shape.

    Examples
    --------
    >>> sorted(load_patterns().counts)[:3]
    ['ad', 'appeal', 'caption']
    """
    return _load_cached(None if path is None else str(Path(path).resolve()))


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().casefold()


def _first(patterns: Iterable[tuple[str, re.Pattern[str]]], text: str) -> str | None:
    for category, pattern in patterns:
        if pattern.search(text):
            return category
    return None


def _inline_spans(line: str, offset: int, patterns: Patterns) -> list[Span]:
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for category, pattern in patterns.inline:
        for m in pattern.finditer(line):
            if m.end() == m.start() or any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            keep = m.span("keep") if "keep" in pattern.groupindex and m.group("keep") else None
            parts = [(m.start(), keep[0]), (keep[1], m.end())] if keep else [(m.start(), m.end())]
            for s, e in parts:
                if e > s:
                    spans.append(Span(offset + s, offset + e, line[s:e], category))
    return sorted(spans)


def clean_text(raw: str, *, title: str | None = None, patterns: Patterns | None = None,
               repeated: frozenset[str] = frozenset()) -> CleanResult:
    """Remove boilerplate from one article's raw text.

    Parameters
    ----------
    raw : str
        The article as read (``articles.raw_text``).
    title : str, optional
        The article title; its line (the first equal one) is kept and marked.
    patterns : Patterns, optional
        Default: :func:`load_patterns`.
    repeated : frozenset of str
        Normalised lines (:func:`find_repeated`) to remove with reason ``repeated``.

    Returns
    -------
    CleanResult

    Examples
    --------
    >>> r = clean_text("Title\\n\\nRussian Foreign Minister Sergei Lavrov. Moskva News Agency\\n\\nNews.", title="Title")
    >>> r.text, r.removed[0].reason, r.title_span
    ('Title\\n\\nNews.', 'caption', (0, 5))
    """
    patterns = patterns or load_patterns()
    wanted_title = _norm(title) if isinstance(title, str) and title.strip() else None
    removed: list[Span] = []
    kept: list[tuple[int, int, int]] = []
    out: list[str] = []
    paragraphs: list[tuple[int, int]] = []
    title_span = None
    pos = 0  # length of the cleaned text so far
    in_block = False
    prev_end = 0  # raw offset after the previous non-empty line
    para_open = False  # a kept line already in the current cleaned paragraph
    for m in _LINE.finditer(raw):
        line_start, line_end = m.span()
        stripped = m.group().strip()
        if not stripped:
            continue
        new_para = "\n\n" in raw[prev_end:line_start] or prev_end == 0
        prev_end = line_end
        if new_para:  # appeal blocks span paragraphs; a news line ends them (below)
            para_open = False
        lead = len(m.group()) - len(m.group().lstrip())
        s0, s1 = line_start + lead, line_start + lead + len(stripped)
        is_title = wanted_title is not None and title_span is None and \
            _norm(_HEADING_MARK.sub("", stripped)) == wanted_title
        reason = None
        if not is_title:
            short = len(stripped) <= patterns.max_line_chars
            if in_block:
                words = len(stripped.split())
                cont = _first(patterns.block_continue, stripped)
                line_hit = _first(patterns.line, stripped) if short else None
                if line_hit or (cont and len(stripped) <= patterns.block_max_line_chars
                                and (_READER.search(stripped) or words <= patterns.block_short_words)):
                    reason = line_hit or "appeal"
                else:
                    in_block = False
            if reason is None and len(stripped) <= patterns.block_max_line_chars:
                start_hit = _first(patterns.block_start, stripped)
                if start_hit:
                    reason, in_block = start_hit, True
            if reason is None and short:
                reason = _first(patterns.line, stripped)
            if reason is None and repeated and _norm(stripped) in repeated:
                reason = "repeated"
        else:
            in_block = False
        if reason is not None:
            removed.append(Span(s0, s1, raw[s0:s1], reason))
            continue
        # kept line: inline removals inside it
        inline = _inline_spans(raw[s0:s1], s0, patterns)
        pieces, cursor = [], s0
        for span in inline:
            if span.start > cursor:
                pieces.append((cursor, span.start))
            cursor = span.end
        if cursor < s1:
            pieces.append((cursor, s1))
        # trim whitespace left at the piece edges of the line
        text_pieces = [(a, b) for a, b in pieces if raw[a:b].strip()]
        removed.extend(inline)
        if not text_pieces:
            continue
        first_a = text_pieces[0][0]
        first_a += len(raw[first_a:text_pieces[0][1]]) - len(raw[first_a:text_pieces[0][1]].lstrip())
        text_pieces[0] = (first_a, text_pieces[0][1])
        if out:
            sep = "\n" if para_open else "\n\n"
            out.append(sep)
            pos += len(sep)
        if not para_open:
            paragraphs.append((pos, pos))
        line_clean_start = pos
        for a, b in text_pieces:
            kept.append((a, b, pos))
            out.append(raw[a:b])
            pos += b - a
        if is_title:
            title_span = (line_clean_start, pos)
            para_open = False
            paragraphs[-1] = (paragraphs[-1][0], pos)
            continue
        paragraphs[-1] = (paragraphs[-1][0], pos)
        para_open = True
    removed.sort()
    return CleanResult("".join(out), kept, removed, title_span, paragraphs)


def find_repeated(texts: Iterable[str], *, min_articles: int = 3, min_share: float = 0.2,
                  min_chars: int = 40) -> frozenset[str]:
    """Normalised lines that occur in many of one outlet's articles (template paragraphs).

    A line counts when it has at least ``min_chars`` characters, is not a Markdown heading
    (headings are section titles, kept), and occurs in at least
    ``min_articles`` articles and at least ``min_share`` of them.

    Examples
    --------
    >>> footer = "This newsletter is produced by our team of editors every day."
    >>> texts = [f"News item {i}.\\n\\n{footer}" for i in range(4)]
    >>> sorted(find_repeated(texts))
    ['this newsletter is produced by our team of editors every day.']
    """
    texts = list(texts)
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({_norm(m.group()) for m in _LINE.finditer(text)
                       if len(m.group().strip()) >= min_chars and not m.group().lstrip().startswith("#")})
    need = max(min_articles, min_share * len(texts))
    return frozenset(line for line, n in counts.items() if n >= need)


def _group_key(row: Mapping[str, Any]) -> str:
    if row.get("outlet"):
        return f"outlet:{row['outlet']}"
    source = str(row.get("source_path") or "").split("#")[0]
    return f"source:{Path(source).parent if '#' not in str(row.get('source_path')) else source}"


def clean_articles(articles: pd.DataFrame, *, patterns: Patterns | None = None,
                   repeated: bool = True, min_articles: int = 3, min_share: float = 0.2,
                   ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, CleanResult]]:
    """Clean every article: fill ``articles.text``; return the removed table and results.

    Parameters
    ----------
    articles : DataFrame
        The articles table from :func:`analysis.io.read_articles` (uses ``raw_text``).
    patterns : Patterns, optional
        Default: :func:`load_patterns`.
    repeated, min_articles, min_share
        Detect lines repeated across an outlet's articles (:func:`find_repeated`).

    Returns
    -------
    (DataFrame, DataFrame, dict)
        Articles with ``text`` filled, the removed table (:data:`REMOVED_COLUMNS`), and the
        :class:`CleanResult` per ``article_id`` (for segmentation).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "raw_text": ["News.\\nRead more"], "title": [None]})
    >>> cleaned, removed, _ = clean_articles(arts)
    >>> cleaned.loc[0, "text"], removed["reason"].tolist()
    ('News.', ['read_more'])
    """
    patterns = patterns or load_patterns()
    records = articles.to_dict("records")
    repeated_by_group: dict[str, frozenset[str]] = {}
    if repeated:
        groups: dict[str, list[str]] = defaultdict(list)
        for row in records:
            groups[_group_key(row)].append(row["raw_text"])
        repeated_by_group = {k: find_repeated(v, min_articles=min_articles, min_share=min_share)
                             for k, v in groups.items()}
    results: dict[str, CleanResult] = {}
    rows: list[tuple[Any, ...]] = []
    texts: list[str] = []
    for row in records:
        res = clean_text(row["raw_text"], title=row.get("title"), patterns=patterns,
                         repeated=repeated_by_group.get(_group_key(row), frozenset()))
        results[row["article_id"]] = res
        texts.append(res.text)
        rows.extend((row["article_id"], s.start, s.end, s.text, s.reason) for s in res.removed)
    out = articles.copy()
    out["text"] = pd.Series(texts, index=out.index, dtype=object)
    removed = pd.DataFrame(rows, columns=list(REMOVED_COLUMNS))
    removed = removed.astype({"start": "int64", "end": "int64"})
    return out, removed, results


def accounts_for(raw: str, cleaned: str, removed: Iterable[tuple[int, int, str]]) -> bool:
    """Check the accounting rule: raw minus removed spans equals cleaned, up to whitespace.

    ``removed`` holds ``(start, end, text)`` in raw offsets. Also checks that the spans are
    disjoint, in range, and that each ``text == raw[start:end]``.

    Examples
    --------
    >>> accounts_for("News.\\nRead more", "News.", [(6, 15, "Read more")])
    True
    >>> accounts_for("News. Lost.", "News.", [])
    False
    """
    parts, cursor = [], 0
    for start, end, text in sorted(removed):
        if start < cursor or end > len(raw) or raw[start:end] != text:
            return False
        parts.append(raw[cursor:start])
        cursor = end
    parts.append(raw[cursor:])
    return _WS.sub("", "".join(parts)) == _WS.sub("", cleaned)
