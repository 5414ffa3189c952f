"""Every module's docstring examples run and pass; every public module has at least one."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import analysis

#: Packages that only hold data files (lexicons, models): nothing to run.
DATA_PACKAGES = {"analysis.labels.lexicons", "analysis.labels.models", "analysis.data", "analysis.data.drafts"}

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(analysis.__path__, prefix="analysis.")
    if m.name != "analysis.__main__"
)


@pytest.mark.parametrize("name", ["analysis", *MODULES])
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{name}: {result.failed} failing examples"
    if not name.rsplit(".", 1)[-1].startswith("_") and name not in DATA_PACKAGES | {"analysis.commands"}:
        assert result.attempted > 0, f"{name} has no runnable example"
