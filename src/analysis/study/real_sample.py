"""Draw the real-text annotation sample from the openly licensed corpora.

The project's real annotated corpus (``data/raw/annotations/real/``) was drawn by this module
from ``../shared/open-corpora`` (White House, UN General Debate, Kremlin, Wikinews). The design
is a data file, ``analysis/study/data/real_sampling.yml``:

- every source's documents are cut into paragraphs and sentences with
  :func:`analysis.segment.sentence_spans`; offsets are into the document's ``text`` field, so
  ``doc["text"][start:end] == sentence`` always holds;
- the pool leaves out publication lines and date lines, and, for the White House, every
  paragraph that is not a US government work (reporters' questions, foreign leaders and other
  non-government speakers, joint statements);
- a uniform random sample of each source's pool (``sample_type = "random"``), then
  keyword-enriched draws for positives and hard negatives (``"enriched:<query>"``), at most
  ``max_enriched_per_doc`` enriched sentences per document.

The draw is deterministic (a seeded NumPy generator over a sorted pool): rerunning it over the
same files gives the same sample.

Examples
--------
>>> docs = [{"id": "x:1", "text": "MS. PSAKI: We will act. Prices will rise.\\n\\nQ Why?", "title": "t"}]
>>> [s["text"] for s in pool_sentences(docs, source="whitehouse", design=load_design())]
['We will act.', 'Prices will rise.']
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from analysis.segment import sentence_spans, split_paragraphs

__all__ = ["SAMPLE_COLUMNS", "load_design", "pool_sentences", "draw_sample", "main"]

#: Columns of the sample table, in order.
SAMPLE_COLUMNS: tuple[str, ...] = (
    "uid", "source", "doc_id", "start", "end", "text", "licence", "sample_type", "turn_speaker",
    "title", "date", "category",
)

# A speaker tag at a paragraph start: 'MS. PSAKI: ...', 'Vladimir Putin: ...' (transcript style
# of whitehouse.gov and en.kremlin.ru).
_TAG = re.compile(r"^(?P<tag>[A-Z][\w.'’ \-]{1,60}?):\s+")
# A reporter's question in a White House transcript ('Q ...' or 'Q: ...').
_QUESTION = re.compile(r"^Q[ :.]")
_WORD = re.compile(r"\w+")
# Sources whose documents are transcripts with speaker tags.
_TRANSCRIPT_SOURCES = frozenset({"whitehouse", "kremlin"})


def load_design(path: str | Path | None = None) -> dict[str, Any]:
    """Read the sampling design (default: the shipped ``real_sampling.yml``)."""
    if path is None:
        text = resources.files("analysis.study").joinpath("data/real_sampling.yml").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _paragraph_speakers(text: str, source: str, design: Mapping[str, Any]) -> Iterable[tuple[int, int, str]]:
    """Yield (start, end, turn_speaker) of the paragraphs to keep, with any speaker tag cut off."""
    boiler = re.compile(design["boilerplate_paragraph"], re.I)
    allowed = set(design.get("whitehouse_speakers", []))
    speaker = ""
    for a, b in split_paragraphs(text):
        para = text[a:b]
        if boiler.match(para):
            continue
        if source == "whitehouse" and _QUESTION.match(para):
            speaker = "Q"
            continue
        m = _TAG.match(para) if source in _TRANSCRIPT_SOURCES else None
        if m and (m.group("tag").isupper() if source == "whitehouse" else len(m.group("tag").split()) <= 6):
            speaker = m.group("tag").strip()
            a += m.end()
        if source == "whitehouse" and speaker and speaker not in allowed:
            continue
        if a < b:
            yield a, b, speaker


def pool_sentences(docs: Iterable[Mapping[str, Any]], *, source: str,
                   design: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every sentence of ``docs`` that may be sampled (see the module docstring).

    Parameters
    ----------
    docs : iterable of dict
        Open-corpora documents (``id``, ``text``, and optionally ``title``, ``date``,
        ``category``, ``licence``, ``speaker``).
    source : str
        The source name (``whitehouse`` gets the licence filter).
    design : mapping
        From :func:`load_design`.
    """
    exclude_title = re.compile(design.get("whitehouse_exclude_titles", r"(?!)"), re.I)
    max_chars = int(design.get("max_sentence_chars", 1200))
    min_words = int(design.get("min_words", 2))
    out: list[dict[str, Any]] = []
    for doc in docs:
        if source == "whitehouse" and exclude_title.search(doc.get("title") or ""):
            continue
        text = doc["text"]
        for a, b, speaker in _paragraph_speakers(text, source, design):
            for s, e in sentence_spans(text, a, b):
                sent = text[s:e]
                if len(sent) > max_chars or len(_WORD.findall(sent)) < min_words:
                    continue
                out.append({
                    "uid": f"{doc['id']}@{s}", "source": source, "doc_id": doc["id"], "start": s,
                    "end": e, "text": sent, "licence": doc.get("licence", ""),
                    "turn_speaker": speaker or (doc.get("speaker") or ""),
                    "title": doc.get("title") or "", "date": doc.get("date") or "",
                    "category": doc.get("category") or "",
                })
    out.sort(key=lambda r: (r["doc_id"], r["start"]))
    return out


def _quotas(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split ``total`` over queries in proportion to ``weights`` (largest remainders)."""
    wsum = sum(weights.values())
    raw = {q: total * w / wsum for q, w in weights.items()}
    out = {q: int(v) for q, v in raw.items()}
    for q in sorted(raw, key=lambda q: (-(raw[q] - out[q]), q))[: total - sum(out.values())]:
        out[q] += 1
    return out


def draw_sample(pool: list[dict[str, Any]], *, n_random: int, n_enriched: int,
                design: Mapping[str, Any], rng: np.random.Generator) -> list[dict[str, Any]]:
    """A uniform random sample of ``pool`` plus keyword-enriched draws (module docstring)."""
    n_random = min(n_random, len(pool))
    chosen = set(int(i) for i in rng.choice(len(pool), size=n_random, replace=False))
    picked = [dict(pool[i], sample_type="random") for i in sorted(chosen)]
    queries = {q: re.compile(spec["pattern"], re.I) for q, spec in design["queries"].items()}
    matches = {q: [i for i, r in enumerate(pool) if i not in chosen and rx.search(r["text"])]
               for q, rx in queries.items()}
    weights = {q: float(design["queries"][q]["weight"]) for q in queries if matches[q]}
    per_doc: dict[str, int] = {}
    cap = int(design.get("max_enriched_per_doc", 3))
    remaining = n_enriched
    # two passes: a query short of matches leaves its quota to the others
    for _ in range(2):
        if remaining <= 0 or not weights:
            break
        quotas = _quotas(remaining, weights)
        for q in sorted(quotas):
            order = rng.permutation(len(matches[q]))
            got = 0
            for j in order:
                if got >= quotas[q]:
                    break
                i = matches[q][int(j)]
                doc = pool[i]["doc_id"]
                if i in chosen or per_doc.get(doc, 0) >= cap:
                    continue
                chosen.add(i)
                per_doc[doc] = per_doc.get(doc, 0) + 1
                picked.append(dict(pool[i], sample_type=f"enriched:{q}"))
                got += 1
            remaining -= got
            if got < quotas[q]:
                weights.pop(q, None)
    return picked


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.study.real_sample OPEN_CORPORA_DIR OUT.csv``: draw the sample."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("open_corpora", type=Path, help="folder holding the open-corpora *.jsonl files")
    ap.add_argument("out", type=Path, help="sample CSV to write")
    ap.add_argument("--design", type=Path, default=None, help="sampling design YAML")
    args = ap.parse_args(argv)
    design = load_design(args.design)
    rng = np.random.default_rng(int(design["seed"]))
    rows: list[dict[str, Any]] = []
    for source, spec in design["sources"].items():
        path = args.open_corpora / spec["file"]
        pool = pool_sentences(_read_jsonl(path), source=source, design=design)
        got = draw_sample(pool, n_random=int(spec["random"]), n_enriched=int(spec["enriched"]),
                          design=design, rng=rng)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{source}: pool {len(pool):,} sentences, drew {len(got):,} (sha256 {digest[:12]})")
        rows.extend(got)
    frame = pd.DataFrame(rows, columns=list(SAMPLE_COLUMNS)).sort_values(["source", "doc_id", "start"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(args.out, index=False)
    print(f"wrote {len(frame):,} sentences to {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
