"""``python -m analysis drafts``: compare negotiation drafts and check claims about them.

Subcommands::

    drafts diff FROM_ID TO_ID [--all] [--process DIR]
    drafts claims FILE... [--date YYYY-MM-DD] [--process DIR]
    drafts matrix [--what both|coverage|change] [--process DIR]
    drafts gaps [DRAFT_ID] [--process DIR]
    drafts align OLD_TEXT NEW_TEXT [--threshold 0.3] [--encoding ENC]

Each takes ``-o/--output OUT`` (default standard output) and ``--output-format
table|csv|jsonl|parquet`` (default: a readable table on standard output, else the suffix).

Examples
--------
>>> from analysis.cli import main
>>> main(["drafts", "diff", "istanbul-0329", "ua-draft-0406", "--format", "csv"]) == 0  # doctest: +ELLIPSIS
from_id,...
True
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

import pandas as pd

from analysis.errors import InputError, ParameterError

__all__ = ["NAME", "HELP", "configure", "run"]

NAME = "drafts"
HELP = "Compare negotiation drafts issue by issue and check articles' claims about changes."

_WIDTH = 100


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``drafts`` subcommands to ``parser``."""
    sub = parser.add_subparsers(dest="drafts_command", required=True, metavar="ACTION")

    def common(p: argparse.ArgumentParser, *, process: bool = True) -> None:
        p.add_argument("--output-format", "--format", dest="format", choices=("table", "csv", "jsonl", "parquet"),
                       default=None, help="human-readable table (default on stdout), csv, jsonl or parquet")
        p.add_argument("-o", "--output", default=None, metavar="OUT",
                       help="output file (default: standard output; the format follows its suffix)")
        if process:
            p.add_argument("--process", metavar="DIR", default=None,
                           help="peace-process folder (default: the shipped Istanbul 2022 process)")

    p = sub.add_parser("diff", help="changes between two drafts, issue by issue")
    p.add_argument("from_id", metavar="FROM_ID")
    p.add_argument("to_id", metavar="TO_ID")
    p.add_argument("--all", action="store_true", help="also list issues neither draft covers")
    common(p)

    p = sub.add_parser("claims", help="check an article's claims about changes between drafts")
    p.add_argument("files", metavar="FILE", nargs="+", help="article file(s) or folder(s)")
    p.add_argument("--date", default=None, help="article date (YYYY-MM-DD) when the file has none")
    common(p)

    p = sub.add_parser("matrix", help="issues x drafts: coverage and change since the previous draft")
    p.add_argument("--what", choices=("both", "coverage", "change"), default="both")
    common(p)

    p = sub.add_parser("gaps", help="numeric gaps between the parties (troop, tank, artillery caps ...)")
    p.add_argument("draft_id", metavar="DRAFT_ID", nargs="?", default=None)
    common(p)

    p = sub.add_parser("align", help="align the clauses of two draft texts and diff them")
    p.add_argument("old", metavar="OLD_TEXT")
    p.add_argument("new", metavar="NEW_TEXT")
    p.add_argument("--threshold", type=float, default=0.3, help="minimum clause similarity (0-1)")
    p.add_argument("--encoding", default=None, help="text encoding of the drafts (default UTF-8)")
    common(p, process=False)


def _emit(df: pd.DataFrame, args: argparse.Namespace, render) -> None:
    from analysis.tables import write_table

    fmt, output = args.format, args.output
    if output is None and fmt in (None, "table"):
        sys.stdout.write(render(df))
    elif fmt == "table":
        from analysis.tables import atomic_write

        with atomic_write(output, binary=False) as fh:
            fh.write(render(df))
    else:
        write_table(df, output or "-", fmt=fmt)


def _wrap(label: str, text: str) -> str:
    return textwrap.fill(text, width=_WIDTH, initial_indent=f"    {label:<7}", subsequent_indent=" " * 11)


def _render_diff(ds, from_id: str, to_id: str):
    dates = dict(zip(ds.drafts["draft_id"], ds.drafts["date"].dt.strftime("%Y-%m-%d")))

    def render(df: pd.DataFrame) -> str:
        from analysis.drafts import CHANGE_LABELS, change_label

        lines = [f"{from_id} ({dates[from_id]}) -> {to_id} ({dates[to_id]}): {len(df)} issues",
                 "(each issue against the last draft up to the from-draft that covered it)", ""]
        words = [change_label(c, f) for c, f in zip(df["change"], df["first_record"])]
        for word, (_, r) in zip(words, df.iterrows()):
            lines.append(f"{r['issue']:<24} {word.upper():<12} {r['detail']}")
            old = f"(in {r['compared_with']}) {r['old']}" if r["old"] and r["compared_with"] != from_id else r["old"]
            lines.append(_wrap("old:", old or "(no source)"))
            lines.append(_wrap("new:", r["new"] or "(no source)"))
            if r["gap"]:
                lines.append(_wrap("gap:", r["gap"]))
        counts = pd.Series(words).value_counts()
        counts = counts.reindex([w for w in CHANGE_LABELS if w in counts.index])
        lines += ["", "summary: " + ", ".join(f"{k} {v}" for k, v in counts.items()), ""]
        return "\n".join(lines)

    return render


def _render_claims(df: pd.DataFrame) -> str:
    if df.empty:
        return "no sentences asserting a change between drafts\n"
    lines = []
    for _, r in df.iterrows():
        flag = " SINGLE-SOURCE" if r["single_source"] else ""
        by = f" (speaker: {r['speaker']})" if r["speaker"] else ""
        lines.append(f"[{r['sentence_id']}] {r['verdict'].upper()}{flag}{by}")
        lines.append(_wrap("text:", r["text"]))
        lines.append(_wrap("claim:", f"{r['asserted_change']} ({'predicted, ' if r['future'] else ''}cue "
                           f"'{r['cue']}') {r['from_id']} -> {r['to_id']}, issue {r['issue'] or '(draft as a whole)'}"))
        lines.append(_wrap("why:", r["evidence"]))
        lines.append("")
    return "\n".join(lines)


def _ingest(paths: list[str], date: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles and sentences of the given files via :func:`analysis.ingest.ingest_paths`."""
    from analysis.ingest import ingest_paths

    for p in paths:
        if not Path(p).exists():
            raise InputError(p, "file not found")
    result = ingest_paths(paths)
    articles, sentences = result.articles, result.sentences
    if articles.empty:
        raise InputError(" ".join(paths), "no article could be read")
    articles = articles.copy()
    if date is not None:
        try:
            pd.Timestamp(date)
        except ValueError as exc:
            raise InputError("--date", f"{date!r} is not YYYY-MM-DD") from exc
        articles["date"] = date
    elif articles["date"].isna().any():
        raise InputError(" ".join(paths), "article date unknown: give --date YYYY-MM-DD")
    return articles, sentences


def _read_draft_text(path: str, encoding: str | None) -> str:
    """A draft text file, decoded, or one clear error (not text, empty, unreadable)."""
    p = Path(path)
    if p.is_dir():
        raise InputError(path, "is a folder, not a text file")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})") from None
    if b"\x00" in data[:8192] and not encoding:
        raise InputError(path, "a binary file, not text (give a draft as UTF-8 text)")
    try:
        text = data.decode(encoding or "utf-8-sig")
    except (UnicodeDecodeError, LookupError) as exc:
        reason = exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc)
        raise InputError(path, f"not {encoding or 'UTF-8'} text ({reason}); give --encoding") from None
    if not text.strip():
        raise InputError(path, "empty file (no draft text)")
    return text


def run(args: argparse.Namespace) -> int:
    """Run one ``drafts`` action; return the exit code."""
    from analysis import drafts as d

    action = args.drafts_command
    if action == "align":
        if not 0 <= args.threshold <= 1:
            raise ParameterError("--threshold must be between 0 and 1")
        texts = [_read_draft_text(p, args.encoding) for p in (args.old, args.new)]
        df = d.align_texts(texts[0], texts[1], threshold=args.threshold)

        def render(df: pd.DataFrame) -> str:
            lines = []
            for _, r in df.iterrows():
                a = "-" if pd.isna(r["from_label"]) else r["from_label"]
                b = "-" if pd.isna(r["to_label"]) else r["to_label"]
                lines.append(f"{r['change'].upper():<10} {a:<14} -> {b}"
                             + (f"  (similarity {r['similarity']:.2f})" if pd.notna(r["similarity"]) else ""))
                if r["diff"]:
                    lines.append(_wrap("diff:", r["diff"]))
                elif r["change"] in ("added", "dropped"):
                    lines.append(_wrap("text:", r["to_text"] if r["change"] == "added" else r["from_text"]))
            return "\n".join(lines) + "\n"

        _emit(df, args, render)
        return 0

    ds = d.load_process(args.process)
    if action == "diff":
        for did in (args.from_id, args.to_id):
            ds.check_draft(did)
        df = d.compare_drafts(args.from_id, args.to_id, positions=ds, include_uncovered=args.all)
        _emit(df, args, _render_diff(ds, args.from_id, args.to_id))
    elif action == "claims":
        articles, sentences = _ingest(args.files, args.date)
        df = d.check_claims(sentences, articles, data=ds)
        _emit(df, args, _render_claims)
    elif action == "matrix":
        df = d.presence_matrix(ds, what=args.what)
        _emit(df.reset_index(), args, lambda x: x.to_string(index=False) + "\n")
    elif action == "gaps":
        if args.draft_id is not None:
            ds.check_draft(args.draft_id)
        df = d.force_gap(ds, draft_id=args.draft_id)
        _emit(df, args, lambda x: x.to_string(index=False) + "\n")
    return 0
