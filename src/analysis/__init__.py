"""News stance and claim-change analysis.

Two layers. The reusable library, one job per module:

- :mod:`analysis.tables` -- the one table reader and writer (formats, verbatim values, caps,
  atomic writes, one writer per output).
- :mod:`analysis.io` -- read articles (text, Markdown, HTML) and corpora into an articles table.
- :mod:`analysis.clean` -- strip page boilerplate, recording what was removed.
- :mod:`analysis.segment` -- sentences with exact character offsets.
- :mod:`analysis.attribution` and :mod:`analysis.actors` -- quotes, speakers, actor codes;
  :mod:`analysis.clauses` finds reporting clauses deeper in a sentence, :mod:`analysis.tracker`
  follows who is who across an article, :mod:`analysis.names` gives a first name's gender.
- :mod:`analysis.ingest` -- read, clean, segment, attribute.
- :mod:`analysis.labels` -- accusation / prediction / rejection labelers.
- :mod:`analysis.events` -- event records (who accuses / rejects / predicts, about whom; PLOVER).
- :mod:`analysis.drafts` -- negotiation drafts, positions, draft comparison, claim checks.
- :mod:`analysis.corpus` -- streaming, resumable and Dask labelling of large corpora.
- :mod:`analysis.cli` -- ``python -m analysis``.

And the study on top of it, :mod:`analysis.study` (pipeline, evaluation, annotation, training,
figures), which the library never imports. Everything the library needs (lexicons, actor table,
trained models, the Istanbul 2022 drafts) is package data. Nothing runs at import; submodules
are imported on first use.

Examples
--------
>>> import analysis
>>> analysis.__version__
'0.2.0'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.2.0"

_LAZY = {
    "label_sentences": "analysis.labels",
    "LABELS": "analysis.labels",
    "compare_drafts": "analysis.drafts",
    "check_claims": "analysis.drafts",
    "ingest_paths": "analysis.ingest",
    "label_corpus": "analysis.corpus",
    "event_records": "analysis.events",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import public functions lazily, so ``import analysis`` stays cheap."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
