"""Every notebook runs headless in a fresh kernel and writes its figures, byte-identically twice.

The pipeline and notebooks run in a temporary project root (``ANALYSIS_PROJECT_ROOT``) that
links the real ``data/raw`` and has no ``../shared`` beside it, so the test also proves that
the figures build without the development corpora.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from analysis.study import pipeline
from analysis.study.notebooks import run_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))

#: Figures each notebook must write (without ../shared; the corpus panels are optional).
EXPECTED = {
    "01-corpus": ["01-corpus-accounting", "01-corpus-speakers"],
    "02-labelers": ["02-labelers-scores", "02-labelers-cooccurrence", "02-labelers-calibration"],
    "03-drafts": ["03-drafts-matrix", "03-drafts-changes", "03-drafts-force-caps"],
    "04-actors": ["04-actors-articles"],
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A temporary project root with data/processed built by every pipeline step."""
    root = tmp_path_factory.mktemp("project") / "root"
    (root / "data").mkdir(parents=True)
    os.symlink(ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copy(ROOT / "study.yml", root / "study.yml")
    old = os.environ.get("ANALYSIS_PROJECT_ROOT")
    os.environ["ANALYSIS_PROJECT_ROOT"] = str(root)
    try:
        for step in pipeline.STEPS:
            pipeline.run_step(step)
        yield root
    finally:
        if old is None:
            os.environ.pop("ANALYSIS_PROJECT_ROOT", None)
        else:
            os.environ["ANALYSIS_PROJECT_ROOT"] = old


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.*"))}


def test_every_notebook_is_expected():
    assert [p.stem for p in NOTEBOOKS] == sorted(EXPECTED)


def test_notebooks_run_and_write_reproducible_figures(built):
    figures = built / "figures"
    for nb in NOTEBOOKS:
        run_notebook(built / "notebooks" / nb.name, output_dir=built / "build")
    first = _hashes(figures)
    for name in (n for names in EXPECTED.values() for n in names):
        png, svg = figures / f"{name}.png", figures / f"{name}.svg"
        assert png.is_file() and svg.is_file(), f"{name} not written"
        assert png.stat().st_size > 15_000, f"{name}.png looks empty"
        assert svg.read_text().count("<path") > 20, f"{name}.svg has almost nothing drawn"
    for nb in NOTEBOOKS:
        run_notebook(built / "notebooks" / nb.name, output_dir=built / "build")
    assert _hashes(figures) == first, "a second run changed a figure"


def test_executed_notebooks_state_a_computed_finding(built):
    import nbformat

    for nb in NOTEBOOKS:
        out = built / "build" / nb.name
        if not out.exists():
            run_notebook(built / "notebooks" / nb.name, output_dir=built / "build")
        executed = nbformat.read(out, as_version=4)
        last = [c for c in executed.cells if c.cell_type == "code"][-1]
        text = "".join(o.get("text", "") for o in last.outputs if o.output_type == "stream")
        assert len(text.split()) >= 8, f"{nb.name}: no finding printed"


def test_a_failing_cell_fails_loudly(tmp_path):
    import nbformat
    from nbclient.exceptions import CellExecutionError
    from nbformat.v4 import new_code_cell, new_notebook

    bad = tmp_path / "99-bad.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("raise RuntimeError('boom')")]), bad)
    with pytest.raises(CellExecutionError, match="99-bad.ipynb"):
        run_notebook(bad, output_dir=tmp_path / "out")
