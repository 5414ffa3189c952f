"""Speed of the labelers: sentences per second on 100,000 sentences, one core.

The sentences are recombined from the annotated corpus (data/raw/annotations): each benchmark
sentence joins the first half of one annotated sentence to the second half of another (fixed
seed), so the text has realistic length and vocabulary without repeating the same strings.
Targets: CueLabeler >= 50,000/s, DefaultLabeler >= 10,000/s. Prints a markdown table.

Run: ``python benchmarks/bench_labelers.py [--n 100000] [--repeat 3]`` (``make benchmark``).
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

# one core: keep BLAS and friends single-threaded
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

from analysis.labels import load_labeler  # noqa: E402
from analysis.study.annotations import load_annotations  # noqa: E402

TARGETS = {"cues": 50_000, "default": 10_000}


def recombined_sentences(n: int, *, seed: int = 0) -> list[str]:
    """``n`` sentences made of halves of two random annotated sentences."""
    texts = load_annotations(with_split=False)["text"].tolist()
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, len(texts), n), rng.integers(0, len(texts), n)
    out = []
    for i, j in zip(a, b):
        x, y = texts[i].split(), texts[j].split()
        out.append(" ".join(x[: len(x) // 2] + y[len(y) // 2 :]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    sentences = recombined_sentences(args.n)
    mean_len = np.mean([len(s) for s in sentences])
    print(f"{len(sentences):,} sentences (mean {mean_len:.0f} characters), one core, best of {args.repeat}\n")
    print("| labeler | seconds | sentences/s | target |")
    print("|---|---:|---:|---:|")
    for name in ("cues", "baseline", "learned", "default"):
        labeler = load_labeler(name)
        labeler.predict(sentences[:1000])  # warm-up (loading, compiling)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            labeler.predict(sentences)
            best = min(best, time.perf_counter() - start)
        rate = len(sentences) / best
        target = TARGETS.get(name)
        mark = "" if target is None else (f"{target:,} ✓" if rate >= target else f"{target:,} ✗")
        print(f"| {name} | {best:.2f} | {rate:,.0f} | {mark} |")


if __name__ == "__main__":
    main()
