"""News stance and claim-change analysis.

Modules, one job each (see the README for the data flow):

- :mod:`analysis.io` -- read articles and corpora, write tables, provenance.
- :mod:`analysis.clean` -- strip page boilerplate, recording what was removed.
- :mod:`analysis.segment` -- sentences with exact character offsets.
- :mod:`analysis.attribution` and :mod:`analysis.actors` -- quotes, speakers, actor codes.
- :mod:`analysis.labels` -- accusation / prediction / rejection labelers.
- :mod:`analysis.drafts` -- negotiation drafts, positions, draft comparison, claim checks.
- :mod:`analysis.corpus` -- streaming and Dask labelling of large corpora.
- :mod:`analysis.plots` -- one function per figure, deterministic files.

Nothing runs at import; submodules are imported on first use.

Examples
--------
>>> import analysis
>>> analysis.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "label_sentences": "analysis.labels",
    "LABELS": "analysis.labels",
    "compare_drafts": "analysis.drafts",
    "check_claims": "analysis.drafts",
    "ingest_paths": "analysis.ingest",
    "label_corpus": "analysis.corpus",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import public functions lazily, so ``import analysis`` stays cheap."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
