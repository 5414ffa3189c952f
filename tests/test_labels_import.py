"""Importing the labels package runs nothing: no model loaded, no lexicon read.

(The package's doctests run in tests/test_doctests.py.)
"""

from __future__ import annotations

import subprocess
import sys


def test_import_runs_nothing() -> None:
    code = (
        "import sys, time\n"
        "t = time.perf_counter()\n"
        "from analysis.labels import LABELS\n"
        "assert 'sklearn' not in sys.modules and 'numpy' not in sys.modules, 'LABELS loaded numpy or sklearn'\n"
        "import analysis.labels.registry as registry\n"
        "assert registry._CACHE == {}, registry._CACHE\n"
        "assert 'skops.io' not in sys.modules, 'the model loader was imported'\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_public_names() -> None:
    import analysis.labels as labels

    assert labels.__all__ == [
        "LABELS", "SCORE_COLUMNS", "EVIDENCE_COLUMN", "LABELER_NAMES", "CueLabeler", "LearnedLabeler",
        "DefaultLabeler", "KeywordBaseline", "load_labeler", "get_labeler", "register_labeler", "label_sentences",
    ]
    for name in labels.__all__:
        assert getattr(labels, name) is not None
