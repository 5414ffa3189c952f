"""Where the project's folders are, from any working folder.

The project root is ``$ANALYSIS_PROJECT_ROOT`` when set, else the nearest folder above the
current one holding both ``pyproject.toml`` and ``src/analysis``, else the source checkout
this package was installed from (editable install).

Examples
--------
>>> from analysis import paths
>>> (paths.project_root() / "pyproject.toml").exists()
True
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["project_root", "raw_dir", "processed_dir", "figures_dir"]


def _is_root(folder: Path) -> bool:
    return (folder / "pyproject.toml").is_file() and (folder / "src" / "analysis").is_dir()


def project_root() -> Path:
    """Return the project root folder (see the module docstring for the rules)."""
    env = os.environ.get("ANALYSIS_PROJECT_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if _is_root(folder):
            return folder
    installed = Path(__file__).resolve().parents[2]
    if _is_root(installed):
        return installed
    raise FileNotFoundError(
        "cannot find the project root; set ANALYSIS_PROJECT_ROOT to the folder holding pyproject.toml"
    )


def raw_dir() -> Path:
    """``data/raw/`` (read-only input)."""
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    """``data/processed/`` (written only by code)."""
    return project_root() / "data" / "processed"


def figures_dir() -> Path:
    """``figures/`` (written only by code)."""
    return project_root() / "figures"
