"""The docstring examples of the drafts modules run and pass."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["analysis.drafts", "analysis.drafts.model", "analysis.drafts.compare", "analysis.drafts.align",
           "analysis.drafts.claims", "analysis.drafts.tables", "analysis.commands.drafts"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
