"""Ingest speed and boilerplate removal on the ../shared corpora (evaluation only).

Run: ``.venv/bin/python benchmarks/bench_ingest.py [--sample-out PATH]``. Prints, per corpus,
articles, sentences, seconds, sentences/s through the whole ingest (read, clean, segment,
attribute) and removed spans by reason. Then raw text to attributed sentences on one core
(:func:`attribution_speed`): CPU seconds of this process (``time.process_time``, so other jobs
on the machine do not count) for the whole ingest and for the attribution pass alone (speaker
tracker included), on the project's own speaker set (``data/raw/annotations/speakers``, always
present) and on the corpora; the bar is 2,000 sentences/s. ``--sample-out`` writes a fixed-seed sample of 50
quoted sentences (ids, predicted speakers and text) OUTSIDE the project for the hand check
recorded (ids and judgements only) in docs/ingestion-speaker-check.csv. Skips cleanly when
../shared is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from analysis.ingest import ingest_paths

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
CORPORA = {
    "isw-2022": dict(paths=[SHARED / "isw-2022"]),
    "zelensky-2022": dict(paths=[SHARED / "zelensky-2022" / "speeches.csv"], text_column="text"),
    "guardian-sample": dict(paths=[SHARED / "guardian-sample" / "articles.csv"], text_column="text"),
}


def run(sample_out: Path | None = None, n_sample: int = 50, seed: int = 20220407) -> pd.DataFrame:
    rows, quoted = [], []
    total_sentences, total_seconds = 0, 0.0
    for name, spec in CORPORA.items():
        t0 = time.perf_counter()
        result = ingest_paths(**spec)
        dt = time.perf_counter() - t0
        n = len(result.sentences)
        total_sentences += n
        total_seconds += dt
        reasons = result.removed["reason"].value_counts().sort_index().to_dict()
        rows.append({"corpus": name, "articles": len(result.articles), "sentences": n,
                     "seconds": round(dt, 2), "sentences_per_s": round(n / dt),
                     "removed": len(result.removed),
                     "removed_by_reason": ", ".join(f"{k}={v}" for k, v in reasons.items()) or "-",
                     "quoted": int((result.sentences["mode"] == "quoted").sum()),
                     "reported": int((result.sentences["mode"] == "reported").sum())})
        q = result.sentences[result.sentences["mode"] == "quoted"]
        quoted.append(q.assign(corpus=name))
    table = pd.DataFrame(rows)
    print(table.to_string(index=False))
    print(f"\nall corpora: {total_sentences} sentences in {total_seconds:.2f} s = "
          f"{total_sentences / total_seconds:.0f} sentences/s")
    if sample_out is not None:
        pool = pd.concat(quoted, ignore_index=True)
        sample = pool.sample(n=min(n_sample, len(pool)), random_state=seed)
        sample[["sentence_id", "corpus", "speaker", "speaker_actor", "text"]].to_csv(sample_out, index=False)
        print(f"sample of {len(sample)} quoted sentences -> {sample_out}")
    return table


def attribution_speed(name: str, paths: list[Path], **kw) -> dict[str, object]:
    """CPU-time sentences/s of the whole ingest and of the attribution pass alone, one core."""
    from analysis.actors import load_actors
    from analysis.attribution import attribute, load_rules
    from analysis.clean import clean_articles, load_patterns
    from analysis.io import read_articles
    from analysis.segment import segment_text

    ingest_paths(paths[:1], **kw)  # warm caches (word lists, pysbd)
    t0 = time.process_time()
    result = ingest_paths(paths, **kw)
    whole = time.process_time() - t0
    articles, _ = read_articles(paths, **kw)
    _, _, cleaned = clean_articles(articles, patterns=load_patterns())
    docs = [(segment_text(r.text, article_id=a, title_span=r.title_span, paragraphs=r.paragraphs), r.text)
            for a, r in cleaned.items()]
    actors, rules = load_actors(), load_rules()
    t0 = time.process_time()
    for sents, text in docs:
        attribute(sents, actors=actors, rules=rules, text=text)
    alone = time.process_time() - t0
    n = len(result.sentences)
    return {"corpus": name, "sentences": n, "ingest_cpu_s": round(whole, 2), "ingest_per_s": round(n / whole),
            "attribution_cpu_s": round(alone, 2), "attribution_per_s": round(n / alone)}


def speed(include_shared: bool) -> pd.DataFrame:
    """The one-core table: the speaker set, and the corpora when ../shared is there."""
    speakers = sorted((Path(__file__).resolve().parents[1] / "data" / "raw" / "annotations" / "speakers" / "docs").glob("*.txt"))
    rows = [attribution_speed(f"speaker set ({len(speakers)} documents)", speakers)]
    if include_shared:
        for name, spec in CORPORA.items():
            spec = dict(spec)
            rows.append(attribution_speed(name, spec.pop("paths"), **spec))
    table = pd.DataFrame(rows)
    print("\nraw text -> attributed sentences, CPU time of one process (bar: 2,000 sentences/s)")
    print(table.to_string(index=False))
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample-out", type=Path, default=None,
                        help="write the 50-sentence hand-check sample here (outside the project)")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"corpora skipped: {SHARED} not found (../shared is only on development machines)")
        speed(include_shared=False)
        return 0
    run(args.sample_out)
    speed(include_shared=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
