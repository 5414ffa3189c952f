"""Read model files in skops format: a fast strict reader, with skops itself as the fallback.

:func:`read_model` loads a ``.skops`` file (skops.io's format: a zip holding ``schema.json``, a
tree of typed nodes, and one ``.npy`` file per array). Importing ``skops.io`` costs about half a
second on every start, because skops lists every scikit-learn estimator when it is imported
(``skops/io/_trusted_types.py`` calls ``sklearn.utils.all_estimators()``, which imports every
scikit-learn module). That half second is paid by every command that labels, so the files this
project writes are read here directly instead. The strict reader follows skops' own loaders
(``skops/io/_general.py``, ``_numpy.py``, protocol 2) for the seven node kinds the project's models
use: ``DictNode``, ``ListNode``, ``TupleNode``, ``JsonNode``, ``TypeNode``, ``NdArrayNode`` (arrays
stored as ``.npy``, read with ``allow_pickle=False``) and ``ObjectNode`` (``cls.__new__`` then
``__setstate__``, as skops does). Objects with the same ``__id__`` are one object, as in skops.

It accepts no more than skops would with the same ``trusted`` list: every type named in the file
must be in ``trusted``, a built-in scalar or container, or ``numpy.ndarray``. A file with any
other type, node kind or protocol is handed to ``skops.io`` unchanged, which then audits it
(:func:`skops.io.get_untrusted_types`) and refuses it with :class:`~analysis.errors.InputError`
when it holds types outside ``trusted``, or loads it.

Examples
--------
>>> from analysis.labels.learned import TRUSTED_TYPES, default_model_path
>>> model = read_model(default_model_path(), trusted=TRUSTED_TYPES)
>>> type(model).__name__, len(model.classifiers_)
('LearnedLabeler', 3)
"""

from __future__ import annotations

import importlib
import io
import json
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from analysis.errors import InputError

__all__ = ["read_model", "read_model_strict", "UnsupportedModelFile"]

#: The skops protocol whose node formats the strict reader follows.
PROTOCOL = 2

#: Types every file may use without being listed: JSON scalars, the containers and plain arrays.
SAFE_TYPES = frozenset({
    "builtins.str", "builtins.int", "builtins.float", "builtins.bool",
    "builtins.dict", "builtins.list", "builtins.tuple", "numpy.ndarray",
})


class UnsupportedModelFile(Exception):
    """The file uses a node kind, protocol or type the strict reader does not read."""


def _import(type_name: str) -> Any:
    module, _, name = type_name.rpartition(".")
    return getattr(importlib.import_module(module), name)


class _Reader:
    """Builds the object tree of one ``schema.json``, constructing each ``__id__`` once."""

    def __init__(self, archive: zipfile.ZipFile, trusted: frozenset[str]) -> None:
        self.archive = archive
        self.trusted = trusted
        self.memo: dict[int, Any] = {}

    def build(self, node: dict[str, Any]) -> Any:
        saved = node.get("__id__")
        if saved in self.memo:
            return self.memo[saved]
        value = self._construct(node)
        if saved:
            self.memo[saved] = value
        return value

    def _type(self, node: dict[str, Any]) -> str:
        name = f"{node['__module__']}.{node['__class__']}"
        if name not in SAFE_TYPES and name not in self.trusted:
            raise UnsupportedModelFile(f"type {name}")
        return name

    def _construct(self, node: dict[str, Any]) -> Any:
        loader = node.get("__loader__")
        if loader == "JsonNode":
            return json.loads(node["content"])
        name = self._type(node)
        if loader == "DictNode" and name == "builtins.dict":
            key_types = self.build(node["key_types"])
            content = node["content"]
            if len(key_types) != len(content):
                raise UnsupportedModelFile("dict keys")
            return {k_type(key): self.build(value) for k_type, (key, value) in zip(key_types, content.items())}
        if loader == "ListNode" and name == "builtins.list":
            return [self.build(item) for item in node["content"]]
        if loader == "TupleNode" and name == "builtins.tuple":
            return tuple(self.build(item) for item in node["content"])
        if loader == "TypeNode":
            return _import(name)
        if loader == "NdArrayNode" and node.get("type") == "numpy":
            content = np.load(io.BytesIO(self.archive.read(node["file"])), allow_pickle=False)
            return content if name == "numpy.ndarray" else _import(name)(content)
        if loader == "ObjectNode" and name not in SAFE_TYPES:
            cls = _import(name)
            instance = cls.__new__(cls)
            if node.get("content") is not None:
                attrs = self.build(node["content"])
                if attrs is not None:
                    if hasattr(instance, "__setstate__"):
                        instance.__setstate__(attrs)
                    else:
                        instance.__dict__.update(attrs)
            return instance
        raise UnsupportedModelFile(f"node {loader} of {name}")


def read_model_strict(path: str | os.PathLike[str], *, trusted: Iterable[str]) -> Any:
    """Read ``path`` with the strict reader only; raise :class:`UnsupportedModelFile` when it cannot.

    Examples
    --------
    >>> from analysis.labels.learned import TRUSTED_TYPES, default_model_path
    >>> type(read_model_strict(default_model_path(), trusted=TRUSTED_TYPES)).__name__
    'LearnedLabeler'
    """
    try:
        with zipfile.ZipFile(path) as archive:
            schema = json.loads(archive.read("schema.json"))
            if schema.get("protocol") != PROTOCOL:
                raise UnsupportedModelFile(f"protocol {schema.get('protocol')}")
            return _Reader(archive, frozenset(trusted)).build(schema)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, ImportError) as exc:
        raise UnsupportedModelFile(f"{type(exc).__name__}: {exc}") from None


def read_model(path: str | os.PathLike[str], *, trusted: Iterable[str]) -> Any:
    """Load the skops file ``path``, accepting only ``trusted`` types besides skops' safe defaults.

    Uses :func:`read_model_strict`, and ``skops.io`` (audit, then load) for any file it cannot
    read. Raises :class:`~analysis.errors.InputError` for a missing file or untrusted types.

    Examples
    --------
    >>> from analysis.labels.learned import TRUSTED_TYPES, default_model_path
    >>> read_model(default_model_path(), trusted=TRUSTED_TYPES).thresholds_.shape
    (3,)
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such model file")
    trusted = list(trusted)
    try:
        return read_model_strict(path, trusted=trusted)
    except UnsupportedModelFile:
        pass
    import skops.io as sio

    untrusted = [t for t in sio.get_untrusted_types(file=path) if t not in trusted]
    if untrusted:
        raise InputError(path, f"model file holds untrusted types: {', '.join(untrusted)}")
    return sio.load(path, trusted=trusted)
