"""``python -m analysis drafts``: compare negotiation drafts and check claims about them.

Subcommands::

    drafts diff FROM_ID TO_ID [--all] [--format table|csv] [--process DIR]
    drafts claims FILE... [--date YYYY-MM-DD] [--format table|csv] [--process DIR]
    drafts matrix [--what both|coverage|change] [--format table|csv] [--process DIR]
    drafts gaps [DRAFT_ID] [--format table|csv] [--process DIR]
    drafts align OLD_TEXT NEW_TEXT [--threshold 0.3] [--format table|csv]

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

from analysis.errors import InputError

__all__ = ["NAME", "HELP", "configure", "run"]

NAME = "drafts"
HELP = "Compare negotiation drafts issue by issue and check articles' claims about changes."

_WIDTH = 100


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``drafts`` subcommands to ``parser``."""
    sub = parser.add_subparsers(dest="drafts_command", required=True, metavar="ACTION")

    def common(p: argparse.ArgumentParser, *, process: bool = True) -> None:
        p.add_argument("--format", choices=("table", "csv"), default="table",
                       help="human-readable table (default) or CSV on stdout")
        if process:
            p.add_argument("--process", metavar="DIR", default=None,
                           help="peace-process folder (default data/raw/drafts/istanbul-2022)")

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
    common(p, process=False)


def _emit(df: pd.DataFrame, fmt: str, render) -> None:
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False)
    else:
        sys.stdout.write(render(df))


def _wrap(label: str, text: str) -> str:
    return textwrap.fill(text, width=_WIDTH, initial_indent=f"    {label:<7}", subsequent_indent=" " * 11)


def _render_diff(ds, from_id: str, to_id: str):
    dates = dict(zip(ds.drafts["draft_id"], ds.drafts["date"].dt.strftime("%Y-%m-%d")))

    def render(df: pd.DataFrame) -> str:
        lines = [f"{from_id} ({dates[from_id]}) -> {to_id} ({dates[to_id]}): {len(df)} issues", ""]
        for _, r in df.iterrows():
            lines.append(f"{r['issue']:<24} {r['change'].upper():<12} {r['detail']}")
            lines.append(_wrap("old:", r["old"] or "(no source)"))
            lines.append(_wrap("new:", r["new"] or "(no source)"))
            if r["gap"]:
                lines.append(_wrap("gap:", r["gap"]))
        counts = df["change"].value_counts()
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


def run(args: argparse.Namespace) -> int:
    """Run one ``drafts`` action; return the exit code."""
    from analysis import drafts as d

    action = args.drafts_command
    if action == "align":
        texts = []
        for p in (args.old, args.new):
            try:
                texts.append(Path(p).read_text(encoding="utf-8"))
            except OSError as exc:
                raise InputError(p, f"cannot read ({exc.strerror})") from exc
        if not 0 <= args.threshold <= 1:
            raise InputError("--threshold", "must be between 0 and 1")
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

        _emit(df, args.format, render)
        return 0

    ds = d.load_process(args.process)
    if action == "diff":
        for did in (args.from_id, args.to_id):
            ds.check_draft(did)
        df = d.compare_drafts(args.from_id, args.to_id, positions=ds, include_uncovered=args.all)
        _emit(df, args.format, _render_diff(ds, args.from_id, args.to_id))
    elif action == "claims":
        articles, sentences = _ingest(args.files, args.date)
        df = d.check_claims(sentences, articles, data=ds)
        _emit(df, args.format, _render_claims)
    elif action == "matrix":
        df = d.presence_matrix(ds, what=args.what)
        _emit(df.reset_index(), args.format, lambda x: x.to_string(index=False) + "\n")
    elif action == "gaps":
        if args.draft_id is not None:
            ds.check_draft(args.draft_id)
        df = d.force_gap(ds, draft_id=args.draft_id)
        _emit(df, args.format, lambda x: x.to_string(index=False) + "\n")
    return 0
