"""Shared test fixtures: project paths and the optional ../shared folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The project's root folder."""
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the project; tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (development material only)")
    return SHARED
