"""Importing the labels package runs nothing: no model loaded, no lexicon read.

(The package's doctests run in tests/test_doctests.py.)
"""

from __future__ import annotations

import subprocess
import sys


def test_import_runs_nothing() -> None:
    code = (
        "import sys, analysis.labels as labels\n"
        "assert labels._CACHE == {}, labels._CACHE\n"
        "assert 'skops.io' not in sys.modules, 'the model loader was imported'\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_public_names() -> None:
    import analysis.labels as labels

    assert labels.__all__ == [
        "LABELS", "LABELER_NAMES", "CueLabeler", "LearnedLabeler", "DefaultLabeler", "KeywordBaseline",
        "get_labeler", "label_sentences",
    ]
