"""Benchmark :func:`analysis.corpus.label_corpus`: sentences/s and peak memory, local vs Dask.

Also runs the bare labeler on the same sentences already in memory (``bare``) and reports
label-corpus's speed relative to it (issue: >= 80 %), and the fixed start-up of a run
(one row through the local engine: imports, model and rules, lock, manifest).

Builds N sentences recombined from the project's annotated sentences
(``data/raw/annotations/*.csv``, column ``text``; the seed article's sentences in
``data/raw/articles`` when there are none), writes them to a Parquet (or CSV) file in a
temporary folder, then runs each configuration in a fresh subprocess and reports its
wall time, sentences per second, peak resident memory and the ratio of its time to the
I/O floor (plain pandas reading the whole file and writing it back).

Peak RSS: for ``io`` and ``local`` the subprocess's own ``ru_maxrss``; for ``dask`` the
largest sum of RSS over the subprocess and all its descendants (client, scheduler, nannies,
workers), polled every 50 ms with psutil.

Usage::

    python benchmarks/bench_corpus.py                      # 10k, 100k, 1M; local and dask
    python benchmarks/bench_corpus.py --sizes 10k,100k --engines local --labeler cues

Examples
--------
>>> parse_size("100k"), parse_size("1M"), parse_size("2500")
(100000, 1000000, 2500)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

__all__ = ["parse_size", "sentence_pool", "write_corpus", "run_config", "main"]


def parse_size(text: str) -> int:
    """``"10k"`` -> 10000, ``"1M"`` -> 1000000."""
    match = re.fullmatch(r"\s*([\d_.]+)\s*([kKmM]?)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r}")
    value = float(match.group(1).replace("_", ""))
    return int(value * {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()])


def sentence_pool() -> list[str]:
    """The annotated sentences (or the seed article's sentences when there are none)."""
    import pandas as pd

    texts: list[str] = []
    for path in sorted((ROOT / "data" / "raw" / "annotations").glob("*.csv")):
        frame = pd.read_csv(path)
        if "text" in frame and "doc_id" in frame:
            texts.extend(frame["text"].dropna().astype(str))
    if len(texts) < 10:
        for path in sorted((ROOT / "data" / "raw" / "articles").glob("*.txt")):
            raw = path.read_text(encoding="utf-8")
            texts.extend(s.strip() for s in re.split(r"(?<=[.!?\"])\s+", raw) if len(s.split()) >= 5)
    if not texts:
        raise SystemExit("no sentences in data/raw/annotations or data/raw/articles")
    return sorted(set(texts))


def _recombine(pool: list[str], n: int, rng: np.random.Generator) -> list[str]:
    """``n`` sentences: pool sentences as they are, or the head of one joined to the tail of another."""
    words = [s.split() for s in pool]
    first = rng.integers(0, len(pool), n)
    second = rng.integers(0, len(pool), n)
    mix = rng.random(n) < 0.5
    out = []
    for a, b, m in zip(first, second, mix):
        if not m or a == b:
            out.append(pool[a])
            continue
        wa, wb = words[a], words[b]
        out.append(" ".join(wa[: max(1, len(wa) // 2)] + wb[len(wb) // 2 :]))
    return out


def write_corpus(path: Path, n: int, *, seed: int = 7, batch: int = 100_000) -> Path:
    """Write ``n`` recombined sentences (columns ``doc_id``, ``n``, ``text``) to Parquet or CSV."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    pool = sentence_pool()
    rng = np.random.default_rng(seed)
    writer = None
    try:
        for start in range(0, n, batch):
            size = min(batch, n - start)
            idx = np.arange(start, start + size)
            frame = pd.DataFrame({
                "doc_id": [f"bench-{i // 25:06d}" for i in idx],
                "n": idx % 25,
                "text": _recombine(pool, size, rng),
            })
            if path.suffix == ".csv":
                frame.to_csv(path, mode="w" if start == 0 else "a", header=start == 0, index=False)
            else:
                table = pa.Table.from_pandas(frame, preserve_index=False)
                if writer is None:
                    writer = pq.ParquetWriter(path, table.schema)
                writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return path


# ---------------------------------------------------------------------------- child side


def _child(config: dict) -> None:
    """Run one configuration in this (fresh) process and print its measurements as JSON."""
    src, out = Path(config["input"]), Path(config["output"])
    start = time.perf_counter()
    if config["engine"] == "bare":  # the labeler alone on the same sentences, read beforehand
        import pandas as pd

        from analysis.labels import load_labeler

        frame = pd.read_parquet(src) if src.suffix == ".parquet" else pd.read_csv(src, dtype=str, keep_default_na=False)
        texts = frame["text"].tolist()
        labeler = load_labeler(config["labeler"])
        start = time.perf_counter()
        size = config["chunksize"]
        for i in range(0, len(texts), size):
            labeler.predict_with_evidence(texts[i:i + size])
    elif config["engine"] == "io":
        import pandas as pd

        frame = pd.read_parquet(src) if src.suffix == ".parquet" else pd.read_csv(src)
        if out.suffix == ".parquet":
            frame.to_parquet(out, index=False)
        else:
            frame.to_csv(out, index=False)
    else:
        from analysis.corpus import label_corpus

        label_corpus(src, out, labeler=config["labeler"], chunksize=config["chunksize"],
                     engine=config["engine"], progress=False)
    seconds = time.perf_counter() - start
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "self_mb": self_kb / 1024, "children_mb": children_kb / 1024}))


# ---------------------------------------------------------------------------- parent side


def _poll_tree(pid: int, stop: threading.Event, peak: list[float], largest: list[float]) -> None:
    try:
        import psutil
    except ImportError:  # psutil comes with distributed; without it only ru_maxrss is reported
        return
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.is_set():
        total = 0
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            break
        for proc in procs:
            try:
                rss = proc.memory_info().rss
            except psutil.Error:
                continue
            total += rss
            largest[0] = max(largest[0], rss / 2**20)
        peak[0] = max(peak[0], total / 2**20)
        stop.wait(0.05)


def run_config(config: dict) -> dict:
    """Run ``config`` in a subprocess; return its seconds and peak RSS (MB)."""
    Path(config["output"]).unlink(missing_ok=True)
    proc = subprocess.Popen([sys.executable, __file__, "--child", json.dumps(config)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop, peak, largest = threading.Event(), [0.0], [0.0]
    poller = threading.Thread(target=_poll_tree, args=(proc.pid, stop, peak, largest), daemon=True)
    poller.start()
    stdout, stderr = proc.communicate()
    stop.set()
    poller.join()
    if proc.returncode != 0:
        raise SystemExit(f"configuration {config} failed:\n{stderr}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["tree_mb"] = peak[0]
    result["largest_mb"] = max(largest[0], result["self_mb"], result["children_mb"])
    # one process: its own high-water mark is exact; dask: the polled sum over the process tree
    result["peak_mb"] = result["self_mb"] if config["engine"] != "dask" else max(peak[0], result["self_mb"])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated N (default 10k,100k,1M)")
    parser.add_argument("--engines", default="local,dask", help="comma-separated engines (default local,dask)")
    parser.add_argument("--labeler", default="default", help="labeler name (default: default)")
    parser.add_argument("--chunksize", type=parse_size, default=50_000, help="rows per chunk (default 50k)")
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet", help="input file type")
    parser.add_argument("--workdir", type=Path, default=None, help="folder for the files (default: a temp folder)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(json.loads(args.child))
        return 0

    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    with tempfile.TemporaryDirectory(prefix="bench-corpus-", dir=args.workdir) as tmp:
        folder = Path(tmp)
        rows = []
        speed_ratio: list[tuple[int, str, float]] = []
        print(f"labeler={args.labeler} chunksize={args.chunksize} input={args.format} cpus={os.cpu_count()}",
              file=sys.stderr)
        # the fixed cost of a run (imports, model and rules, lock, manifest): one row through the local engine
        one = write_corpus(folder / f"one.{args.format}", 1)
        startup = run_config({"input": str(one), "labeler": args.labeler, "chunksize": args.chunksize,
                              "engine": "local", "output": str(folder / "one-out.parquet")})
        print(f"  start-up (one row, local engine): {startup['seconds']:.2f} s", file=sys.stderr)
        for n in sizes:
            src = write_corpus(folder / f"corpus-{n}.{args.format}", n)
            base = {"input": str(src), "labeler": args.labeler, "chunksize": args.chunksize}
            floor = run_config({**base, "engine": "io", "output": str(folder / f"io-{n}.parquet")})
            rows.append((n, "io floor (pandas read+write)", floor, 1.0))
            bare = run_config({**base, "engine": "bare", "output": str(folder / f"bare-{n}.parquet")})
            rows.append((n, "bare labeler (in memory)", bare, bare["seconds"] / floor["seconds"]))
            for engine in engines:
                res = run_config({**base, "engine": engine, "output": str(folder / f"out-{engine}-{n}.parquet")})
                rows.append((n, engine, res, res["seconds"] / floor["seconds"]))
                print(f"  N={n:,} {engine}: {res['seconds']:.1f} s, peak {res['peak_mb']:.0f} MB, "
                      f"{bare['seconds'] / res['seconds']:.0%} of the bare labeler's speed", file=sys.stderr)
                speed_ratio.append((n, engine, bare["seconds"] / res["seconds"]))
            src.unlink()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nlabeler `{args.labeler}`, chunksize {args.chunksize:,}, {args.format} input, Parquet output, "
          f"{os.cpu_count()} CPUs, load average at the end {load}; start-up (one row, local engine) "
          f"{startup['seconds']:.2f} s\n")
    print("| N | engine | seconds | sentences/s | peak RSS (MB) | largest process (MB) | time / I/O floor |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n, engine, res, ratio in rows:
        print(f"| {n:,} | {engine} | {res['seconds']:.2f} | {n / res['seconds']:,.0f} | "
              f"{res['peak_mb']:.0f} | {res['largest_mb']:.0f} | {ratio:.1f}× |")
    if speed_ratio:
        print("\n| N | engine | speed ÷ bare labeler's speed (issue 14: >= 80%) |")
        print("|---:|---|---:|")
        for n, engine, ratio in speed_ratio:
            print(f"| {n:,} | {engine} | {ratio:.0%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
