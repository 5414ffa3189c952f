"""Raw articles -> clean, attributed sentences, with nothing lost.

:func:`ingest_paths` runs :mod:`analysis.io` (read), :mod:`analysis.clean` (boilerplate),
:mod:`analysis.segment` (sentences) and :mod:`analysis.attribution` (speakers) and returns four
tables:

- ``articles``: article_id, outlet, date, title, url, text (cleaned), source_path, sha256,
  raw_text (as read), front_matter;
- ``sentences``: sentence_id, article_id, n, start, end, text, is_title, speaker,
  speaker_actor, mode, target, target_actor, speaker_mention, speaker_rule (offsets into
  ``articles.text``);
- ``removed``: article_id, start, end, text, reason (offsets into ``articles.raw_text``);
- ``skipped``: source_path, item, problem (only in lenient mode; otherwise bad input raises
  :class:`~analysis.errors.InputError`).

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
>>> _ = p.write_text('Talks\\n\\n"We are ready to talk," Lavrov said.\\n\\nRead more\\n', encoding="utf-8")
>>> result = ingest_paths([p])
>>> result.sentences[["sentence_id", "speaker", "mode"]].fillna("-").values.tolist()
[['note:0', '-', 'authorial'], ['note:1', 'Sergei Lavrov', 'quoted']]
>>> result.removed["reason"].tolist()
['read_more']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from analysis.actors import ActorDictionary, load_actors
from analysis.attribution import ATTRIBUTION_COLUMNS, attribute, load_rules
from analysis.clean import Patterns, clean_articles, load_patterns
from analysis.io import MAX_ROW_CHARS, read_articles
from analysis.segment import SENTENCE_COLUMNS, segment_text

__all__ = ["IngestResult", "SENTENCES_COLUMNS", "ingest_paths", "ingest_articles"]

#: Columns of the sentences table, in order.
SENTENCES_COLUMNS: tuple[str, ...] = (*SENTENCE_COLUMNS, *ATTRIBUTION_COLUMNS)


class IngestResult(NamedTuple):
    """The four tables of an ingest (DataFrames)."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    removed: pd.DataFrame
    skipped: pd.DataFrame


def ingest_articles(articles: pd.DataFrame, *, actors: ActorDictionary | str | Path | None = None,
                    patterns: Patterns | str | Path | None = None, repeated: bool = True,
                    skipped: pd.DataFrame | None = None) -> IngestResult:
    """Clean, segment and attribute an articles table from :func:`analysis.io.read_articles`.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "raw_text": ["He left. Read more"], "title": [None]})
    >>> ingest_articles(arts).sentences["text"].tolist()
    ['He left.', 'Read more']
    """
    actor_dict = load_actors(actors)
    if not isinstance(patterns, Patterns):
        patterns = load_patterns(patterns)
    rules = load_rules()
    cleaned, removed, results = clean_articles(articles, patterns=patterns, repeated=repeated)
    rows: list[dict[str, Any]] = []
    for article_id, res in results.items():
        sents = segment_text(res.text, article_id=article_id, title_span=res.title_span,
                             paragraphs=res.paragraphs)
        attribute(sents, actors=actor_dict, rules=rules, text=res.text)
        rows.extend(sents)
    sentences = pd.DataFrame(rows, columns=list(SENTENCES_COLUMNS))
    sentences = sentences.astype({"n": "int64", "start": "int64", "end": "int64", "is_title": "bool"})
    if skipped is None:
        skipped = pd.DataFrame(columns=["source_path", "item", "problem"])
    return IngestResult(cleaned.reset_index(drop=True), sentences, removed, skipped)


def ingest_paths(paths: Sequence[str | Path] | str | Path, *, text_column: str = "text",
                 id_column: str | None = None, columns: Mapping[str, str] | None = None,
                 lenient: bool = False, actors: ActorDictionary | str | Path | None = None,
                 patterns: Patterns | str | Path | None = None, repeated: bool = True,
                 encoding: str | None = None, max_row_chars: int = MAX_ROW_CHARS,
                 relative_to: str | Path | None = None, fmt: str | None = None) -> IngestResult:
    """Ingest files and folders: read, clean, segment, attribute.

    Parameters
    ----------
    paths : path or sequence of paths
        Files (``.txt .md .html .htm .jsonl .csv .parquet``), folders (every supported file
        inside, recursively, sorted) and ``-`` (one text article from standard input).
    text_column, id_column, columns
        For corpus files (see :func:`analysis.io.read_path`).
    lenient : bool
        Record bad files and rows in ``skipped`` instead of raising
        :class:`~analysis.errors.InputError`.
    actors : ActorDictionary or path to a CSV, optional
        Actor dictionary (default: the shipped ``analysis/data/actors.csv``).
    patterns : Patterns or path to a YAML file, optional
        Boilerplate patterns (default: the shipped ``analysis/data/boilerplate.yml``).
    repeated : bool
        Also remove lines repeated across many articles of one outlet.
    encoding : str, optional
        Decode text files with this encoding instead of requiring UTF-8.
    max_row_chars : int
        Longest accepted line of an article or row of a corpus (a longer corpus row is skipped
        and recorded in ``skipped``).
    relative_to : path, optional
        Give ``source_path`` relative to this folder (e.g. the project root).
    fmt : str, optional
        Read every file as this format whatever its suffix (see :func:`analysis.io.read_path`).

    Returns
    -------
    IngestResult
        ``articles``, ``sentences``, ``removed``, ``skipped`` DataFrames.

    Examples
    --------
    >>> ingest_paths([]).sentences.empty
    True
    """
    articles, skipped = read_articles(paths, text_column=text_column, id_column=id_column,
                                      columns=columns, lenient=lenient, encoding=encoding,
                                      max_row_chars=max_row_chars, relative_to=relative_to, fmt=fmt)
    return ingest_articles(articles, actors=actors, patterns=patterns, repeated=repeated, skipped=skipped)
