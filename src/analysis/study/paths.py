"""Where the study's folders are: the project root and ``study.yml``.

The project root is ``$ANALYSIS_PROJECT_ROOT`` when set, else the nearest folder above the
current one holding both ``pyproject.toml`` and ``study.yml``, else the source checkout this
package was installed from (editable install). The folders come from ``study.yml`` there (see
that file); this is the only module that knows them.

Examples
--------
>>> from analysis.study import paths
>>> (paths.project_root() / "study.yml").exists()
True
>>> paths.raw_dir().name
'raw'
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

__all__ = ["project_root", "config", "raw_dir", "processed_dir", "figures_dir", "results_dir",
           "executed_dir", "shared_dir"]

_CONFIG = "study.yml"


def _is_root(folder: Path) -> bool:
    return (folder / "pyproject.toml").is_file() and (folder / _CONFIG).is_file()


def project_root() -> Path:
    """Return the project root folder (see the module docstring for the rules)."""
    env = os.environ.get("ANALYSIS_PROJECT_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if _is_root(folder):
            return folder
    installed = Path(__file__).resolve().parents[3]
    if _is_root(installed):
        return installed
    raise FileNotFoundError(
        "cannot find the study's project root (a folder with pyproject.toml and study.yml); "
        "run from the project or set ANALYSIS_PROJECT_ROOT"
    )


@lru_cache(maxsize=4)
def _config(root: str) -> dict[str, str]:
    import yaml

    data = yaml.safe_load((Path(root) / _CONFIG).read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def config() -> dict[str, str]:
    """The settings of ``study.yml`` (folder names relative to the project root)."""
    return dict(_config(str(project_root())))


def _folder(key: str) -> Path:
    root = project_root()
    return (root / _config(str(root))[key]).resolve() if key == "shared" else root / _config(str(root))[key]


def raw_dir() -> Path:
    """``data/raw/`` (read-only input)."""
    return _folder("raw")


def processed_dir() -> Path:
    """``data/processed/`` (written only by code)."""
    return _folder("processed")


def figures_dir() -> Path:
    """``figures/`` (written only by code)."""
    return _folder("figures")


def results_dir() -> Path:
    """``results/`` (committed evaluation results, written by ``make data`` when ../shared is present)."""
    return _folder("results")


def executed_dir() -> Path:
    """``build/notebooks/`` (executed notebooks, not committed)."""
    return _folder("executed_notebooks")


def shared_dir() -> Path:
    """``../shared`` (optional development material; may not exist)."""
    return _folder("shared")
