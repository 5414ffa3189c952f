"""Read articles and corpora into one articles table; write tables.

Supported inputs (by file suffix):

- ``.txt`` / ``.md``: one article per file; optional YAML front matter between ``---`` lines
  (keys ``title``, ``date``, ``outlet`` (or ``source``/``publisher``), ``url``).
- ``.html`` / ``.htm``: one article per file; main text extracted with trafilatura.
- ``.jsonl`` / ``.csv`` / ``.parquet``: a corpus, one article per row, with a configurable
  text column and optional metadata columns.

Metadata for raw files also comes from a ``provenance.csv`` found in the file's folder or one of
its parents (columns ``path, outlet, date, title, url``; ``path`` relative to that folder), as
for ``data/raw/provenance.csv``. Front matter wins over provenance.

Every article gets ``raw_text``: the document as read (UTF-8, newlines normalised to ``\\n``),
front matter excluded (kept verbatim in ``front_matter``), with the title put on its own first
line when the body does not already contain it as a line. All later offsets in ``removed``
refer to ``raw_text``.

Encoding policy: input must be UTF-8 (a BOM is allowed). Anything else (e.g. a cp1251 file) is
an :class:`~analysis.errors.InputError` naming the file, unless the caller passes
``encoding=`` explicitly. Nothing is guessed silently.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Title line\\n\\nLavrov said so.\\n", encoding="utf-8")
>>> articles, skipped = read_articles([folder / "a.txt"])
>>> articles.loc[0, ["article_id", "title"]].tolist()
['a', 'Title line']
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.errors import InputError
from analysis.tables import MAX_ROW_CHARS as _MAX_ROW_CHARS

__all__ = [
    "ARTICLE_COLUMNS",
    "SKIPPED_COLUMNS",
    "SUPPORTED_SUFFIXES",
    "expand_paths",
    "read_articles",
    "read_path",
    "read_data_text",
]

#: Columns of the articles table, in order (``text`` is filled by :mod:`analysis.clean`).
ARTICLE_COLUMNS: tuple[str, ...] = (
    "article_id", "outlet", "date", "title", "url", "text", "source_path", "sha256",
    "raw_text", "front_matter",
)
#: Columns of the skipped table (lenient mode records what it skipped here).
SKIPPED_COLUMNS: tuple[str, ...] = ("source_path", "item", "problem")

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
CORPUS_SUFFIXES = (".jsonl", ".csv", ".parquet")
SUPPORTED_SUFFIXES: tuple[str, ...] = TEXT_SUFFIXES + HTML_SUFFIXES + CORPUS_SUFFIXES

#: Longest line accepted by default; a longer one is almost always not prose (minified data).
MAX_ROW_CHARS = _MAX_ROW_CHARS  # one cap for corpus rows and article lines

# YAML front matter: Jekyll/Hugo convention, a first line "---" and a closing "---" line.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)
# Mostly-Cyrillic check used only to word the encoding error (cp1251 = Windows Cyrillic).
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Column names pandas gives an unnamed first column (CSV header "" -> "Unnamed: 0").
_UNNAMED = re.compile(r"^(Unnamed: 0|)$")

_META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "date": ("date", "published", "pubdate"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source", "publisher"),
}


@dataclass
class _Reader:
    text_column: str = "text"
    id_column: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    lenient: bool = False
    encoding: str | None = None
    max_row_chars: int = MAX_ROW_CHARS
    relative_to: Path | None = None
    skipped: list[dict[str, Any]] = field(default_factory=list)

    def skip(self, source: object, item: str, reason: str) -> None:
        """Record a row that is not read (no text, over the size cap) -- never an error."""
        self.skipped.append({"source_path": str(source), "item": item, "problem": reason})

    def fail(self, source: object, problem: str, item: object = None) -> None:
        if not self.lenient:
            where = source if item is None else f"{source} ({item})"
            raise InputError(where, problem)
        self.skipped.append({"source_path": str(source), "item": None if item is None else str(item),
                             "problem": problem})


def expand_paths(paths: Iterable[str | Path], *, ignored: list[Path] | None = None) -> list[Path]:
    """Expand folders into their supported files (recursive, sorted; hidden files skipped).

    Other files found in a folder are appended to ``ignored`` when a list is given, so the
    caller can record them. A folder without any supported file is an
    :class:`~analysis.errors.InputError`.

    Examples
    --------
    >>> expand_paths([])
    []
    """
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            visible = [f for f in p.rglob("*") if f.is_file()
                       and not any(part.startswith(".") for part in f.relative_to(p).parts)]
            visible.sort(key=lambda f: f.relative_to(p).as_posix())
            found = [f for f in visible if f.suffix.lower() in SUPPORTED_SUFFIXES]
            if not found:
                raise InputError(p, f"no supported files in this folder (supported: {', '.join(SUPPORTED_SUFFIXES)})")
            if ignored is not None:
                ignored.extend(f for f in visible if f.suffix.lower() not in SUPPORTED_SUFFIXES)
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise InputError(p, "no such file or folder")
    return out


def _normalise_date(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.date().isoformat() if isinstance(value, _dt.datetime) else value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:  # "24 July 2022 - 22:02", "2022-02-18 12:00:00 +0800", "2019-04-10"
        return pd.to_datetime(text.replace(" - ", " "), format="mixed").date().isoformat()  # local date
    except (ValueError, TypeError, OverflowError):
        return text


def _clean_str(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _decode(path: Path, data: bytes, reader: _Reader) -> str | None:
    if not data.strip():
        reader.fail(path, "empty file (no text)")
        return None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") and not reader.encoding:
        reader.fail(path, "UTF-16 text; re-save as UTF-8 or pass encoding='utf-16'")
        return None
    if b"\x00" in data[:8192] and not reader.encoding:
        reader.fail(path, "binary file (contains NUL bytes); expected UTF-8 text")
        return None
    if reader.encoding:
        try:
            return data.decode(reader.encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            reader.fail(path, f"cannot decode as {reader.encoding}: {exc}")
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            if len(_CYRILLIC.findall(data.decode("cp1251"))) > 10:
                hint = " (looks like cp1251/Windows-1251 Cyrillic; re-save as UTF-8 or pass encoding='cp1251')"
        except UnicodeDecodeError:
            pass
        reader.fail(path, f"not UTF-8 text: invalid byte at offset {exc.start}{hint}")
        return None


def _check_lines(source: object, text: str, reader: _Reader, item: object = None) -> bool:
    start = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        if len(line) > reader.max_row_chars:
            reader.fail(source, f"line {lineno} is {len(line):,} characters long (limit "
                        f"{reader.max_row_chars:,}); not article prose", item)
            return False
        start += len(line) + 1
    return True


def _compose(title: str | None, body: str) -> str:
    """Put the title on its own first line unless the body already has it as a line."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if not title:
        return body
    wanted = " ".join(title.split()).casefold()
    for line in body.split("\n")[:40]:
        if " ".join(line.lstrip("#").split()).casefold() == wanted:
            return body
    return f"{title}\n\n{body}"


@lru_cache(maxsize=64)
def _provenance_table(folder: Path) -> dict[str, dict[str, str]]:
    with open(folder / "provenance.csv", encoding="utf-8", newline="") as fh:
        return {row["path"]: row for row in csv.DictReader(fh) if row.get("path")}


def _provenance(path: Path) -> dict[str, str]:
    path = path.resolve()
    for folder in list(path.parents)[:4]:
        if (folder / "provenance.csv").is_file():
            row = _provenance_table(folder).get(path.relative_to(folder).as_posix())
            if row:
                return row
    return {}


def _display_path(path: Path, reader: _Reader) -> str:
    """The path relative to ``relative_to`` when inside it (stable across machines), else as given."""
    if reader.relative_to is not None:
        try:
            return path.resolve().relative_to(Path(reader.relative_to).resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record(article_id: str, raw_text: str, meta: Mapping[str, Any], source_path: str, sha: str,
            front_matter: str | None = None) -> dict[str, Any]:
    title = _clean_str(meta.get("title"))
    return {
        "article_id": article_id,
        "outlet": _clean_str(meta.get("outlet")),
        "date": _normalise_date(meta.get("date")),
        "title": title,
        "url": _clean_str(meta.get("url")),
        "text": None,
        "source_path": source_path,
        "sha256": sha,
        "raw_text": _compose(title, raw_text),
        "front_matter": front_matter,
    }


def _pick(meta: Mapping[str, Any], field_name: str) -> Any:
    for key in _META_KEYS[field_name]:
        if meta.get(key) not in (None, ""):
            return meta[key]
    return None


# A heading-like first line: short, optional Markdown "#" marks, no sentence-final punctuation.
_HEADING_LINE = re.compile(r"^\s*(?:#{1,6}\s+)?(?P<title>[^\n]{1,150}?)\s*$")


def _first_line_title(text: str) -> str | None:
    """The first non-empty line when it looks like a heading (used when no metadata title)."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    m = _HEADING_LINE.match(first)
    if m and not m.group("title").rstrip().endswith((".", "!", "?", ":", '"', "\u201d")):
        return m.group("title").strip() if not first.lstrip().startswith("#") else None
    return None


def _read_text_file(path: Path, text: str, reader: _Reader, sha: str) -> list[dict[str, Any]]:
    import yaml  # local: only text files with front matter need it

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, Any] = dict(_provenance(path))
    front = None
    m = _FRONT_MATTER.match(text)
    if m:
        front = m.group(0)
        try:
            loaded = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as exc:
            reader.fail(path, f"invalid YAML front matter: {str(exc).splitlines()[0]}")
            return []
        if not isinstance(loaded, dict):
            reader.fail(path, "YAML front matter is not a mapping of keys to values")
            return []
        for name in _META_KEYS:
            value = _pick(loaded, name)
            if value is not None:
                meta[name] = value
        text = text[m.end():]
    if not text.strip():
        reader.fail(path, "empty article (no text after the front matter)")
        return []
    if not _check_lines(path, text, reader):
        return []
    if not _clean_str(meta.get("title")):
        meta["title"] = _first_line_title(text)
    return [_record(path.stem, text, meta, _display_path(path, reader), sha, front)]


def _read_html(path: Path, text: str, reader: _Reader, sha: str) -> list[dict[str, Any]]:
    import trafilatura  # local: slow import, only HTML needs it

    try:
        doc = trafilatura.bare_extraction(text, include_comments=False, include_tables=False,
                                          favor_precision=True, with_metadata=True)
    except Exception as exc:  # trafilatura raises assorted parser errors on junk input
        reader.fail(path, f"cannot parse HTML ({type(exc).__name__})")
        return []
    if doc is not None and not isinstance(doc, dict):
        doc = doc.as_dict() if hasattr(doc, "as_dict") else vars(doc)
    doc = doc or {}
    body = doc.get("text") or ""
    if len(body.split()) < 5:  # trafilatura gives up (e.g. nesting deeper than lxml's 256 levels)
        body, depth = _html_blocks(text)
        if len(body.split()) < 5:
            why = (f"the HTML is nested {depth} levels deep and holds no paragraph text" if depth > 255
                   else "no article text found in the HTML (main-text extraction found nothing)")
            reader.fail(path, why)
            return []
    if not _check_lines(path, body, reader):
        return []
    meta: dict[str, Any] = dict(_provenance(path))
    for name, key in (("title", "title"), ("date", "date"), ("url", "url"), ("outlet", "sitename")):
        if doc.get(key) and not meta.get(name):
            meta[name] = doc[key]
    return [_record(path.stem, body, meta, _display_path(path, reader), sha)]


# Block-level HTML elements whose text becomes a paragraph in the fallback extraction (HTML
# Living Standard, "flow content" blocks); navigation and page furniture are left out.
_HTML_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "dt")
_HTML_SKIP = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript")


def _html_blocks(text: str) -> tuple[str, int]:
    """Fallback when trafilatura extracts nothing: the text of the page's block elements, one
    paragraph each, parsed without lxml's nesting limit; and the page's nesting depth."""
    import lxml.html

    try:
        root = lxml.html.fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True, remove_comments=True))
    except Exception:  # noqa: BLE001 -- lxml raises assorted errors on junk
        return "", 0
    depth, stack = 0, [(root, 1)]
    while stack:
        node, d = stack.pop()
        depth = max(depth, d)
        stack.extend((child, d + 1) for child in node if isinstance(child.tag, str))
    for bad in root.iter(*_HTML_SKIP):
        bad.drop_tree()
    paragraphs = []
    for node in root.iter(*_HTML_BLOCKS):
        if any(anc.tag in _HTML_BLOCKS for anc in node.iterancestors()):
            continue
        para = " ".join(node.text_content().split())
        if para:
            paragraphs.append(para)
    return "\n\n".join(paragraphs), depth


def _corpus_frame(path: Path, reader: _Reader) -> tuple[Any, list[int]] | None:
    """The corpus as a DataFrame of verbatim values (:func:`analysis.tables.read_table`) and its
    1-based row numbers; over-cap rows are recorded as skipped."""
    from analysis.tables import read_table

    try:
        chunk = read_table(path, encoding=reader.encoding, max_row_chars=reader.max_row_chars,
                           text_column=reader.text_column, skip_bad_rows=reader.lenient)
    except InputError as exc:
        reader.fail(path, exc.problem)
        return None
    for row, reason in chunk.skipped:  # over the size cap, or malformed in lenient mode
        reader.skip(path, f"row {row}", reason)
    return chunk.table.to_pandas(), chunk.rows.tolist()


def _read_corpus(path: Path, reader: _Reader) -> list[dict[str, Any]]:
    got = _corpus_frame(path, reader)
    if got is None:
        return []
    frame, rows = got
    if frame.empty and not reader.skipped:
        reader.fail(path, "empty corpus (no rows)")
        return []
    if reader.text_column not in frame.columns:
        cols = ", ".join(map(repr, [str(c) for c in frame.columns][:12]))
        reader.fail(path, f"no text column {reader.text_column!r} (columns: {cols}); "
                          "pass text_column= / --text-column")
        return []
    id_col = reader.id_column
    if id_col is not None and id_col not in frame.columns:
        raise InputError(path, f"no id column {id_col!r}")
    if id_col is None and len(frame.columns) and _UNNAMED.match(str(frame.columns[0])):
        id_col = frame.columns[0]
    colmap = {name: reader.columns.get(name) for name in _META_KEYS}
    for name, col in colmap.items():
        if col is None:
            colmap[name] = next((c for c in _META_KEYS[name] if c in frame.columns and c != reader.text_column), None)
        elif col not in frame.columns:
            raise InputError(path, f"no {name} column {col!r}")
    out, seen = [], set()
    for row_number, row in zip(rows, frame.to_dict("records")):
        item = f"row {row_number}"
        key = str(row[id_col]).strip() if id_col is not None else str(row_number)
        if key in seen:
            raise InputError(path, f"duplicate id {key!r} in column {id_col!r} ({item})")
        seen.add(key)
        text = row.get(reader.text_column)
        if not isinstance(text, str) or not text.strip():
            reader.skip(path, item, "no text")
            continue
        if not _check_lines(path, text, reader, item):
            continue
        meta = {name: (row.get(col) if col else None) for name, col in colmap.items()}
        sha = _sha256(text.encode("utf-8"))
        out.append(_record(f"{path.stem}:{key}", text, meta, f"{_display_path(path, reader)}#{item}", sha))
    return out


def read_path(path: str | Path, *, text_column: str = "text", id_column: str | None = None,
              columns: Mapping[str, str] | None = None, lenient: bool = False,
              encoding: str | None = None, max_row_chars: int = MAX_ROW_CHARS,
              relative_to: str | Path | None = None, fmt: str | None = None,
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read one file into article records and skip records.

    Parameters
    ----------
    path : str or Path
        A supported file (see :data:`SUPPORTED_SUFFIXES`).
    text_column, id_column : str
        For corpora: the text column, and the id column (default: an unnamed first column
        when there is one, else the row number). ``article_id`` is ``f"{stem}:{id}"``.
    columns : mapping, optional
        For corpora: article field (``title``, ``date``, ``url``, ``outlet``) to column name;
        by default the usual names are looked up (``title``, ``date``, ``url``, ``source``...).
    lenient : bool
        Record bad files / rows in the skip records instead of raising
        :class:`~analysis.errors.InputError`.
    encoding : str, optional
        Decode with this encoding instead of requiring UTF-8.
    max_row_chars : int
        Longest accepted line of an article, or row of a corpus (a longer corpus row is skipped
        and recorded).
    relative_to : path, optional
        Give ``source_path`` relative to this folder when the file is inside it.
    fmt : {"txt", "md", "html", "csv", "jsonl", "parquet"}, optional
        Read the file as this format whatever its suffix (``-``, standard input, is ``txt``).

    Returns
    -------
    (list of dict, list of dict)
        Article records (keys :data:`ARTICLE_COLUMNS`) and skip records.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_bytes(b"")
    >>> read_path(p, lenient=True)[1][0]["problem"]
    'empty file (no text)'
    """
    reader = _Reader(text_column=text_column, id_column=id_column, columns=dict(columns or {}),
                     lenient=lenient, encoding=encoding, max_row_chars=max_row_chars,
                     relative_to=None if relative_to is None else Path(relative_to))
    if fmt is not None and f".{fmt}" not in SUPPORTED_SUFFIXES:
        from analysis.errors import ParameterError

        raise ParameterError(f"unknown input format {fmt!r}; use one of "
                             f"{', '.join(s.lstrip('.') for s in SUPPORTED_SUFFIXES)}")
    if str(path) == "-":  # one text article from standard input
        import sys

        data = sys.stdin.buffer.read()
        text = _decode(Path("-"), data, reader)
        if text is None:
            return [], reader.skipped
        return _read_text_file(Path("stdin"), text, reader, _sha256(data)), reader.skipped
    path = Path(path)
    suffix = f".{fmt}" if fmt is not None else path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        reader.fail(path, f"unsupported file type {suffix or '(none)'!r} (supported: "
                    f"{', '.join(SUPPORTED_SUFFIXES)})")
        return [], reader.skipped
    if not path.is_file():
        raise InputError(path, "no such file")
    if suffix in CORPUS_SUFFIXES:
        return _read_corpus(path, reader), reader.skipped
    data = path.read_bytes()
    text = _decode(path, data, reader)
    if text is None:
        return [], reader.skipped
    if suffix in HTML_SUFFIXES:
        return _read_html(path, text, reader, _sha256(data)), reader.skipped
    return _read_text_file(path, text, reader, _sha256(data)), reader.skipped


def _dedupe_ids(records: list[dict[str, Any]]) -> None:
    """Two files with the same stem: qualify their ids with the parent folder names."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        by_id.setdefault(rec["article_id"], []).append(rec)
    for same in by_id.values():
        if len(same) > 1:
            for rec in same:
                p = Path(rec["source_path"].split("#")[0])  # relative or absolute: the parent name
                rec["article_id"] = f"{p.parent.name}/{rec['article_id']}"
    ids = [r["article_id"] for r in records]
    if len(ids) != len(set(ids)):
        dup = sorted({i for i in ids if ids.count(i) > 1})[0]
        raise InputError(dup, "the same article id comes from two inputs; rename one file")


def read_articles(paths: Sequence[str | Path] | str | Path, **options: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read files and folders into an articles table and a skipped table.

    ``options`` are those of :func:`read_path`. ``text`` is left empty (``None``) for
    :mod:`analysis.clean` to fill; ``raw_text`` holds the document as read.

    Examples
    --------
    >>> articles, skipped = read_articles([])
    >>> list(articles.columns)[:3], len(skipped)
    (['article_id', 'outlet', 'date'], 0)
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    base = _Reader(relative_to=None if options.get("relative_to") is None else Path(options["relative_to"]))
    records: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    ignored: list[Path] = []
    for path in expand_paths([p for p in paths if str(p) != "-"], ignored=ignored) + [p for p in paths if str(p) == "-"]:
        recs, skips = read_path(path, **options)
        records.extend(recs)
        skipped.extend(skips)
    skipped.extend({"source_path": _display_path(f, base), "item": None,
                    "problem": f"unsupported file type {f.suffix or '(none)'!r} in a folder; ignored"}
                   for f in ignored)
    _dedupe_ids(records)
    articles = pd.DataFrame(records, columns=list(ARTICLE_COLUMNS))
    return articles, pd.DataFrame(skipped, columns=list(SKIPPED_COLUMNS))


def read_data_text(path: str | Path | None, *, default: str, what: str) -> tuple[str, str]:
    """Text and display name of a documented data file: ``path``, or the package file
    ``analysis/data/<default>`` when ``path`` is None.

    Raises :class:`~analysis.errors.InputError` naming the file when it cannot be read.

    Examples
    --------
    >>> text, name = read_data_text(None, default="drafts/issues.yml", what="taxonomy")
    >>> name
    'analysis/data/drafts/issues.yml'
    """
    from importlib import resources

    if path is None:
        ref = resources.files("analysis").joinpath("data", *default.split("/"))
        return ref.read_text(encoding="utf-8"), f"analysis/data/{default}"
    try:
        return Path(path).read_text(encoding="utf-8"), str(path)
    except OSError as exc:
        raise InputError(str(path), f"cannot read the {what} ({exc.strerror})") from exc
