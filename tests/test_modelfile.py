"""The strict skops reader: same objects as skops.io.load, nothing more trusted, skops as fallback."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.labels.learned import TRUSTED_TYPES, LearnedLabeler, default_model_path
from analysis.labels.modelfile import UnsupportedModelFile, read_model, read_model_strict

sio = pytest.importorskip("skops.io")


def _same(a, b, path="model"):
    """Every attribute, array and container of ``a`` equals ``b``'s, with the same types."""
    assert type(a) is type(b), path
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b), path
    elif isinstance(a, dict):
        assert list(a) == list(b), path
        for key in a:
            _same(a[key], b[key], f"{path}[{key!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{path}[{i}]")
    elif hasattr(a, "__dict__") and not isinstance(a, type):
        _same(vars(a), vars(b), path)
    else:
        assert a == b or (a is None and b is None), path


def test_strict_reader_builds_what_skops_builds_for_the_shipped_model() -> None:
    mine = read_model_strict(default_model_path(), trusted=TRUSTED_TYPES)
    theirs = sio.load(default_model_path(), trusted=TRUSTED_TYPES)
    _same(mine, theirs)
    texts = ["They lied about the talks.", "Kyiv will certainly ask for the withdrawal of troops.", "Hello."]
    np.testing.assert_array_equal(mine.predict_proba(texts), theirs.predict_proba(texts))


def test_shared_ids_are_one_object(tmp_path) -> None:
    shared = np.arange(3.0)
    path = tmp_path / "m.skops"
    sio.dump({"a": shared, "b": shared, "t": (1, "x"), "f": np.float64(2.5)}, path)
    back = read_model_strict(path, trusted=["numpy.float64"])
    assert back["a"] is back["b"] and back["t"] == (1, "x") and back["f"] == 2.5
    assert type(back["f"]) is np.float64


def test_types_outside_the_list_are_never_built_by_the_strict_reader(tmp_path) -> None:
    path = tmp_path / "evil.skops"
    sio.dump({"x": pd.Timestamp("2020-01-01")}, path)
    with pytest.raises(UnsupportedModelFile):
        read_model_strict(path, trusted=TRUSTED_TYPES)
    with pytest.raises(InputError, match="untrusted types"):  # skops' audit, as before
        read_model(path, trusted=TRUSTED_TYPES)


def test_a_forged_object_node_is_refused(tmp_path) -> None:
    """A schema naming os.system as an object type is neither built nor imported."""
    path = tmp_path / "forged.skops"
    schema = {"__class__": "system", "__module__": "os", "__loader__": "ObjectNode", "__id__": 1,
              "protocol": 2, "_skops_version": "0.16.0", "content": None}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("schema.json", json.dumps(schema))
    with pytest.raises(UnsupportedModelFile, match="os.system"):
        read_model_strict(path, trusted=TRUSTED_TYPES)
    with pytest.raises(InputError):
        read_model(path, trusted=TRUSTED_TYPES)


def test_other_node_kinds_fall_back_to_skops(tmp_path) -> None:
    """A set is a node kind the strict reader leaves to skops, which loads it."""
    path = tmp_path / "set.skops"
    sio.dump({"s": {1, 2}}, path)
    with pytest.raises(UnsupportedModelFile):
        read_model_strict(path, trusted=["builtins.set"])
    assert read_model(path, trusted=["builtins.set"]) == {"s": {1, 2}}


def test_a_damaged_file_is_not_read_by_the_strict_reader(tmp_path) -> None:
    path = tmp_path / "cut.skops"
    path.write_bytes(default_model_path().read_bytes()[:5000])
    with pytest.raises(UnsupportedModelFile):
        read_model_strict(path, trusted=TRUSTED_TYPES)


def test_loading_the_default_labeler_does_not_import_skops() -> None:
    code = ("import sys; from analysis.labels import load_labeler; load_labeler('default');"
            "print(any(m == 'skops' or m.startswith('skops.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_learned_labeler_load_round_trip_uses_the_strict_reader(tmp_path) -> None:
    train = ([f"{x} accused them of lying." for x in "ABCDEF"] + [f"{x} will win next year." for x in "ABCDEF"]
             + [f"{x} rejected the plan." for x in "ABCDEF"] + [f"{x} arrived today." for x in "ABCDEF"])
    y = np.array([[1, 0, 0]] * 6 + [[0, 1, 0]] * 6 + [[0, 0, 1]] * 6 + [[0, 0, 0]] * 6)
    lab = LearnedLabeler(calibration_cv=2, min_df=1).fit(train, y, groups=[i % 6 for i in range(24)])
    path = lab.save(tmp_path / "m.skops")
    _same(read_model_strict(path, trusted=TRUSTED_TYPES), sio.load(path, trusted=TRUSTED_TYPES))
