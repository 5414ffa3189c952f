"""Run the doctest examples of the labels package and the label command."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "analysis.labels",
    "analysis.labels.codebook",
    "analysis.labels.lexicon",
    "analysis.labels._text",
    "analysis.labels.cues",
    "analysis.labels.baseline",
    "analysis.labels.learned",
    "analysis.labels.default",
    "analysis.labels.annotations",
    "analysis.labels.evaluate",
    "analysis.labels.train",
    "analysis.commands.label",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_import_runs_nothing() -> None:
    import analysis.labels as labels

    assert labels._CACHE == {} or isinstance(labels._CACHE, dict)
    assert labels.__all__ == [
        "LABELS", "LABELER_NAMES", "CueLabeler", "LearnedLabeler", "DefaultLabeler", "KeywordBaseline",
        "get_labeler", "label_sentences",
    ]
