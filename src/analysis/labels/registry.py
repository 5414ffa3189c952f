"""Labelers by name: one registry instead of if-chains (``load_labeler("default")``).

Every name maps to a factory that returns a ready-to-use (fitted) labeler; the command line's
``--labeler NAME`` and :func:`analysis.labels.label_sentences` go through :func:`load_labeler`.
Other packages can add their own with :func:`register_labeler`.

=========== ============================================================================
name        labeler
=========== ============================================================================
default     :class:`~analysis.labels.default.DefaultLabeler`, the shipped trained model
cues        :class:`~analysis.labels.cues.CueLabeler`, transparent rules
learned     :class:`~analysis.labels.learned.LearnedLabeler`, the shipped trained model
baseline    :class:`~analysis.labels.baseline.KeywordBaseline`, for comparison
transformer the fine-tuned sentence encoder (optional extra ``[transformer]``)
=========== ============================================================================

Examples
--------
>>> from analysis.labels.registry import LABELER_NAMES, load_labeler
>>> LABELER_NAMES[:4]
('default', 'cues', 'learned', 'baseline')
>>> load_labeler("cues").predict(["Kyiv rejected the plan."]).tolist()
[[0, 0, 1]]
>>> load_labeler("nope")
Traceback (most recent call last):
...
analysis.errors.ParameterError: unknown labeler 'nope'; choose one of default, cues, learned, baseline, transformer
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from analysis.errors import ParameterError

__all__ = ["LABELER_NAMES", "load_labeler", "register_labeler", "labeler_names"]


def _default(actors: Any = None) -> Any:
    from analysis.labels.default import DefaultLabeler

    return DefaultLabeler.load(actors=actors)


def _cues(actors: Any = None) -> Any:
    from analysis.labels.cues import CueLabeler

    return CueLabeler(actors=actors).fit()


def _learned(actors: Any = None) -> Any:
    from analysis.labels.learned import LearnedLabeler

    return LearnedLabeler.load(actors=actors)


def _baseline(actors: Any = None) -> Any:
    if actors is not None:
        raise ParameterError("the baseline labeler uses no actor dictionary; drop actors")
    from analysis.labels.baseline import KeywordBaseline

    return KeywordBaseline().fit()


def _transformer(actors: Any = None) -> Any:
    try:
        module = importlib.import_module("analysis.labels.transformer")
    except ImportError as exc:  # the optional extra is not installed
        raise ParameterError(f"the transformer labeler needs the optional extra: pip install "
                             f"'newsstance[transformer]' ({exc})") from None
    return module.load_transformer(actors=actors)


_FACTORIES: dict[str, Callable[..., Any]] = {
    "default": _default,
    "cues": _cues,
    "learned": _learned,
    "baseline": _baseline,
    "transformer": _transformer,
}

#: The built-in labeler names, in the order the documentation lists them.
LABELER_NAMES: tuple[str, ...] = tuple(_FACTORIES)

_CACHE: dict[str, Any] = {}


def labeler_names() -> tuple[str, ...]:
    """Every registered name (built-in ones first)."""
    return tuple(_FACTORIES)


def register_labeler(name: str, factory: Callable[..., Any], *, replace: bool = False) -> None:
    """Register ``factory`` (called as ``factory(actors=None)``, returns a fitted labeler) as ``name``.

    Examples
    --------
    >>> from analysis.labels.baseline import KeywordBaseline
    >>> register_labeler("mine", lambda actors=None: KeywordBaseline().fit())
    >>> type(load_labeler("mine")).__name__
    'KeywordBaseline'
    """
    if name in _FACTORIES and not replace:
        raise ParameterError(f"a labeler named {name!r} is registered already (replace=True to override)")
    _FACTORIES[name] = factory
    _CACHE.pop(name, None)


def load_labeler(name: str = "default", *, actors: Any = None) -> Any:
    """A ready-to-use (fitted) labeler by name; the shipped models are loaded once and cached.

    Parameters
    ----------
    name : str
        One of :func:`labeler_names` (see the module docstring).
    actors : path or ActorDictionary, optional
        Your own actor dictionary for the cue rules (not cached).

    Raises
    ------
    ParameterError
        An unknown name, or an option the labeler does not take.
    """
    if not isinstance(name, str) or name not in _FACTORIES:
        raise ParameterError(f"unknown labeler {name!r}; choose one of {', '.join(_FACTORIES)}")
    if actors is not None:
        return _FACTORIES[name](actors=actors)
    if name not in _CACHE:
        _CACHE[name] = _FACTORIES[name]()
    return _CACHE[name]
