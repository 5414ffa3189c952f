"""Blind sample of whole documents for double annotation.
Rule: for each batch file, sort its doc_ids and shuffle them with random.Random(7)
(a fresh generator per batch, so a batch's order does not depend on other files).
Initial batches (present at start): take the first 5 docs of each; then add one doc per
batch round-robin (batches in sorted file-name order) until >= 330 sentences.
Late batches (landed after the start): take the first 5 docs of each.
Only doc_id, n, text are read / written (the first annotator's codes are never loaded)."""
import glob, os, random, sys
import pandas as pd
ANN = "/work/main/data/raw/annotations"
INITIAL = ["batch-news.csv", "batch-speech.csv", "batch-statement.csv", "batch-thinktank.csv", "batch-wire.csv"]
# statement/thinktank landed 15:39:14, 10 s after the start (15:39:05), before any coding: treated as initial.
MIN_DOCS, TARGET = 5, 330
def load(f):
    return pd.read_csv(os.path.join(ANN, f), usecols=["doc_id", "n", "text"])
def order(d):
    docs = sorted(d.doc_id.unique()); random.Random(7).shuffle(docs); return docs
data = {f: load(f) for f in sorted(os.path.basename(p) for p in glob.glob(f"{ANN}/batch-*.csv"))}
orders = {f: order(d) for f, d in data.items()}
sizes = {f: d.groupby("doc_id").size() for f, d in data.items()}
picked = {f: orders[f][:MIN_DOCS] for f in INITIAL}
tot = lambda: sum(sizes[f][ds].sum() for f, ds in picked.items())
i = MIN_DOCS
while tot() < TARGET:
    for f in INITIAL:
        if tot() >= TARGET: break
        if i < len(orders[f]): picked[f].append(orders[f][i])
    i += 1
for f in data:
    if f not in INITIAL: picked[f] = orders[f][:MIN_DOCS]
rows = []
for f in sorted(picked):
    for k, doc in enumerate(picked[f]):
        s = data[f][data[f].doc_id == doc].sort_values("n")
        rows.append(s.assign(batch=f, pick=k))
out = pd.concat(rows)
out[["doc_id", "n", "text"]].to_csv("/tmp/double-annot/items.csv", index=False)
print(out.groupby("batch").agg(docs=("doc_id", "nunique"), sents=("n", "size")), len(out))
for f, ds in picked.items(): print(f, ds)
