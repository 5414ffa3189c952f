"""Every notebook runs headless in a fresh kernel and writes its figures, byte-identically twice.

The pipeline and notebooks run in a temporary project root (``ANALYSIS_PROJECT_ROOT``) that
links the real ``data/raw``, holds a copy of the committed ``results/`` and has no
``../shared`` beside it, so the test also proves that the figures (the real-text quality
included) build without the development corpora. Running a notebook and saving it, as
JupyterLab does, must leave ``git status`` clean once the output filter is installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from analysis.study import pipeline
from analysis.study.notebooks import install_output_filter, run_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))

#: Figures each notebook must write (without ../shared; the corpus panels are optional).
EXPECTED = {
    "01-corpus": ["01-corpus-accounting", "01-corpus-speakers"],
    "02-labelers": ["02-labelers-scores", "02-labelers-real-scores", "02-labelers-cooccurrence",
                    "02-labelers-calibration"],
    "03-drafts": ["03-drafts-timeline", "03-drafts-claims", "03-drafts-matrix", "03-drafts-changes",
                  "03-drafts-force-caps"],
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
    shutil.copytree(ROOT / "results", root / "results")
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


def test_notebooks_run_and_write_reproducible_figures(built, capfd):
    import nbformat

    figures = built / "figures"
    for nb in NOTEBOOKS:
        run_notebook(built / "notebooks" / nb.name, output_dir=built / "build")
    # No harmless warnings on a normal run (e.g. "Kernel is running over TCP without encryption").
    err = capfd.readouterr().err
    assert "WARNING" not in err and "Warning" not in err, err
    for nb in NOTEBOOKS:
        executed = nbformat.read(built / "build" / nb.name, as_version=4)
        outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
        assert not [o for o in outputs if o.get("name") == "stderr"], f"{nb.name} wrote to stderr"
        # Every figure is shown in the notebook itself (the saved PNG), not only written to figures/.
        shown = sum("image/png" in o.get("data", {}) for o in outputs)
        assert shown >= len(EXPECTED[nb.stem]), f"{nb.name} shows {shown} figures"
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


def test_drafts_matrix_and_changes_figure_agree():
    """The changes figure counts exactly the words of the matrix's columns (issue 15)."""
    from analysis.drafts import CHANGE_LABELS, issue_history, load_process, presence_matrix
    from analysis.study import plots

    ds = load_process()
    history = issue_history(ds)
    ids = ds.draft_ids()
    matrix = plots.issue_matrix(history, drafts=ds.drafts)
    in_matrix = Counter()
    for text in matrix.axes[0].texts:
        if text.get_text() in CHANGE_LABELS:
            in_matrix[(ids[int(text.get_position()[0])], text.get_text())] += 1
    changes = plots.change_counts(history, drafts=ds.drafts)
    in_bars = Counter()
    for bars in changes.axes[0].containers:
        for y, patch in enumerate(bars.patches):
            if patch.get_width():
                in_bars[(ids[y], bars.get_label())] = round(patch.get_width())
    assert in_matrix == in_bars
    # ... and both say what the comparison says (not what a figure was given).
    table = presence_matrix(ds, what="change")
    assert in_matrix == Counter((d, table.loc[i, d]) for i in table.index for d in ids)
    assert in_matrix[("treaty-draft-0415", "modified")] == 7
    assert in_matrix[("treaty-draft-0415", "added, first record")] == 9


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def _clone(tmp_path: Path) -> Path:
    """A git repository holding the committed notebooks, .gitattributes and .gitignore, output filter installed."""
    repo = tmp_path / "clone"
    shutil.copytree(ROOT / "notebooks", repo / "notebooks")
    for name in (".gitattributes", ".gitignore"):
        shutil.copy(ROOT / name, repo / name)
    _git(repo.parent, "init", "-q", str(repo))
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "user.name", "test")
    assert install_output_filter(repo)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "notebooks")
    assert _git(repo, "status", "--porcelain") == "", "the committed notebooks are not what the filter stores"
    return repo


def _as_saved_by_jupyterlab(executed) -> dict:
    """The model JupyterLab sends on save: the run notebook plus the kernel and language it used."""
    nb = executed.copy()
    nb.metadata["kernelspec"] = {"name": "newsstance", "display_name": "Python (newsstance project)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python", "version": "3.12.0", "mimetype": "text/x-python"}
    return {"type": "notebook", "format": "json", "content": json.loads(json.dumps(nb))}


def test_running_and_saving_a_notebook_in_jupyterlab_keeps_git_clean(built, tmp_path):
    """Run a notebook and save it through the Jupyter server's contents manager, configured as
    `make lab` configures it: the file on disk is the committed one, git status is clean."""
    import nbformat
    from jupyter_server.services.contents.filemanager import FileContentsManager

    repo = _clone(tmp_path)
    out = run_notebook(repo / "notebooks" / "03-drafts.ipynb", output_dir=tmp_path / "run")
    model = _as_saved_by_jupyterlab(nbformat.read(out, as_version=4))
    assert any(c.get("outputs") for c in model["content"]["cells"]), "the run notebook should hold outputs"
    manager = FileContentsManager(root_dir=str(repo),
                                  pre_save_hook="analysis.study.notebooks.strip_before_save")
    manager.save(model, "notebooks/03-drafts.ipynb")
    assert model["content"]["cells"], "nothing saved"
    assert _git(repo, "status", "--porcelain") == ""
    assert _git(repo, "diff") == ""


def test_a_notebook_saved_with_outputs_never_reaches_git(built, tmp_path):
    """Saved with its outputs by another editor: the git filter keeps them out of diffs and commits."""
    import nbformat

    repo = _clone(tmp_path)
    path = repo / "notebooks" / "03-drafts.ipynb"
    run_notebook(path, output_dir=path.parent)  # executed in place: outputs written into the file
    raw = json.loads(path.read_text())
    assert any(c.get("outputs") for c in raw["cells"])
    assert _git(repo, "diff") == ""
    _git(repo, "add", "notebooks/03-drafts.ipynb")
    assert _git(repo, "status", "--porcelain") == ""  # nothing to commit: the stored blob has no outputs
    stored = nbformat.reads(_git(repo, "show", ":notebooks/03-drafts.ipynb"), as_version=4)
    assert not any(c.get("outputs") for c in stored.cells if c.cell_type == "code")
