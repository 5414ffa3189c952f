"""Run the notebooks headless, and keep them clean in git and in JupyterLab.

``python -m analysis.study.notebooks NOTEBOOK [NOTEBOOK ...] --output-dir build/notebooks`` runs
each notebook with :mod:`nbclient` from the notebook's own folder, in a fresh kernel talking
over local IPC sockets (no TCP ports, so no "running over TCP without encryption" warning),
with ``ANALYSIS_PROJECT_ROOT`` set so that the code inside finds ``data/`` and ``figures/``
from any working folder. The executed copy (with outputs) is written to the output folder; the
source notebook is never modified.

Notebooks are committed without outputs. Three helpers keep it so when people run them in
JupyterLab (``make setup`` and ``make lab`` use them):

- :func:`strip_before_save` is the Jupyter server's pre-save hook under ``make lab``: the
  file written on (auto)save is the notebook without outputs, execution counts, kernel and
  language metadata (what :func:`strip_notebook` keeps), byte for byte the committed file, so
  running all cells and saving leaves ``git status`` clean while the browser still shows
  every output (``tests/test_notebooks.py`` saves through the server's contents manager).
- :func:`install_output_filter` sets up nbstripout, with the same keys, as a git *clean*
  filter in the repository's config (``.gitattributes`` assigns it to ``*.ipynb``): whatever
  editor saved a notebook, outputs never reach a commit or ``git diff``.
- :func:`register_kernel` registers the project's environment as the Jupyter kernel
  :data:`KERNEL_NAME`, shown as :data:`KERNEL_DISPLAY_NAME`.

Examples
--------
>>> from analysis.study.notebooks import executed_path, filter_command
>>> executed_path("notebooks/01-corpus.ipynb", "build/notebooks").as_posix()
'build/notebooks/01-corpus.ipynb'
>>> "--extra-keys" in filter_command()
True
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from analysis.study.paths import project_root

__all__ = [
    "KERNEL_NAME",
    "KERNEL_DISPLAY_NAME",
    "STRIPPED_KEYS",
    "strip_notebook",
    "strip_before_save",
    "run_notebook",
    "executed_path",
    "filter_command",
    "install_output_filter",
    "register_kernel",
    "main",
]

#: Name of the project's Jupyter kernel (``make lab``; register it for your own JupyterLab).
KERNEL_NAME = "newsstance"
#: How JupyterLab lists it.
KERNEL_DISPLAY_NAME = "Python (newsstance project)"
#: Notebook metadata the output filter removes besides outputs and execution counts: which
#: kernel and Python version ran it (JupyterLab writes them on save; they differ per machine).
STRIPPED_KEYS: tuple[str, ...] = ("metadata.kernelspec", "metadata.language_info")
# nbstripout's own default keys (nbstripout 0.9, _nbstripout.main): the git filter strips them
# itself; strip_notebook adds them so that the saved file and the filter's output agree.
_NBSTRIPOUT_DEFAULT_KEYS = (
    "metadata.signature", "metadata.widgets", "cell.metadata.collapsed", "cell.metadata.ExecuteTime",
    "cell.metadata.execution", "cell.metadata.heading_collapsed", "cell.metadata.hidden", "cell.metadata.scrolled",
)


def strip_notebook(nb):
    """Remove outputs, execution counts and :data:`STRIPPED_KEYS` from a notebook, as the git filter does.

    Cell ids are renumbered ``"0"``, ``"1"``, ... like nbstripout's. Returns the notebook (changed in place).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> nb = new_notebook(cells=[new_code_cell("print(2)", execution_count=3,
    ...                                        outputs=[new_output("stream", name="stdout", text="2")])],
    ...                   metadata={"kernelspec": {"name": "newsstance", "display_name": "newsstance"}})
    >>> out = strip_notebook(nb)
    >>> out.cells[0].outputs, out.cells[0].execution_count, dict(out.metadata), out.cells[0].id
    ([], None, {}, '0')
    """
    from nbstripout import strip_output

    return strip_output(nb, keep_output=False, keep_count=False, keep_id=False,
                        extra_keys=[*_NBSTRIPOUT_DEFAULT_KEYS, *STRIPPED_KEYS])


def strip_before_save(*, model: dict, **kwargs) -> None:
    """Jupyter server pre-save hook: save notebooks stripped (:func:`strip_notebook`).

    Configure with ``--ContentsManager.pre_save_hook=analysis.study.notebooks.strip_before_save``
    (``make lab`` does). Only the file on disk is stripped; the open notebook keeps its outputs.
    """
    import nbformat

    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    model["content"] = strip_notebook(nbformat.from_dict(model["content"]))


def executed_path(notebook: str | os.PathLike, output_dir: str | os.PathLike) -> Path:
    """Where the executed copy of ``notebook`` goes."""
    return Path(output_dir) / Path(notebook).name


def run_notebook(
    notebook: str | os.PathLike,
    *,
    output_dir: str | os.PathLike,
    timeout: int = 600,
    kernel_name: str = "python3",
) -> Path:
    """Execute ``notebook`` in a fresh kernel and write the executed copy to ``output_dir``.

    The kernel runs this interpreter (``python3`` is the native kernel) and talks over IPC
    sockets in a temporary folder.

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        When a cell fails; the message names the notebook and the cell.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from traitlets.config import Config

    nb_path = Path(notebook).resolve()
    out = executed_path(nb_path, output_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(nb_path, as_version=4)
    os.environ.setdefault("ANALYSIS_PROJECT_ROOT", str(project_root()))
    os.environ.setdefault("MPLBACKEND", "Agg")
    with tempfile.TemporaryDirectory(prefix="nbk-") as sockets:
        config = Config()
        config.KernelManager.transport = "ipc"  # local sockets: no TCP port, no unencrypted-TCP warning
        config.KernelManager.ip = os.path.join(sockets, "k")
        client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, config=config,
                                resources={"metadata": {"path": str(nb_path.parent)}})
        try:
            client.execute()
        except CellExecutionError as exc:
            failed = out.with_suffix(".failed.ipynb")
            nbformat.write(nb, failed)
            raise CellExecutionError(
                f"{nb_path}: a cell failed (executed copy in {failed})\n{exc}", exc.ename, exc.evalue
            ) from None
    tmp = out.with_suffix(".tmp")
    nbformat.write(nb, tmp)
    tmp.replace(out)
    return out


def filter_command(python: str | None = None) -> str:
    """The git clean-filter command: nbstripout run by ``python`` (default this interpreter)."""
    keys = " ".join(STRIPPED_KEYS)
    return f"{shlex.quote(python or sys.executable)} -m nbstripout --extra-keys {shlex.quote(keys)}"


def install_output_filter(repo: str | os.PathLike | None = None, *, python: str | None = None) -> bool:
    """Configure nbstripout as the ``nbstripout`` git filter of the repository at ``repo``.

    Writes ``filter.nbstripout.clean``/``smudge`` and ``diff.ipynb.textconv`` to the
    repository's own config (``git config --local``); the committed ``.gitattributes`` applies
    them to ``*.ipynb``. Returns False (and changes nothing) outside a git checkout.
    """
    repo = Path(repo) if repo is not None else project_root()
    inside = subprocess.run(["git", "-C", str(repo), "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True, check=False)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return False
    clean = filter_command(python)
    settings = {
        "filter.nbstripout.clean": clean,
        "filter.nbstripout.smudge": "cat",
        "diff.ipynb.textconv": f"{clean} -t",
    }
    for key, value in settings.items():
        subprocess.run(["git", "-C", str(repo), "config", "--local", key, value], check=True)
    return True


def register_kernel(*, user: bool = False, prefix: str | None = None) -> str:
    """Register this interpreter as the Jupyter kernel :data:`KERNEL_NAME`; return its folder.

    Parameters
    ----------
    user : bool, default False
        Install for the current user (``~/.local/share/jupyter``): for your own JupyterLab.
    prefix : str, optional
        Install under this prefix; default ``sys.prefix`` (the project's environment, which
        ``make lab`` uses).
    """
    from ipykernel.kernelspec import install

    return install(kernel_name=KERNEL_NAME, display_name=KERNEL_DISPLAY_NAME, user=user,
                   prefix=None if user else (prefix or sys.prefix))


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: run each notebook given (exit 1 on the first failure), or set up."""
    parser = argparse.ArgumentParser(prog="python -m analysis.study.notebooks", description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to execute")
    parser.add_argument("--output-dir", default="build/notebooks", help="where executed copies go")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--install-filter", action="store_true",
                        help="set up the nbstripout git filter in this repository's config")
    parser.add_argument("--register-kernel", action="store_true",
                        help=f"register this environment as the Jupyter kernel {KERNEL_NAME!r}")
    parser.add_argument("--user", action="store_true", help="with --register-kernel: for your own JupyterLab")
    args = parser.parse_args(argv)
    if args.install_filter:
        if install_output_filter():
            print("notebooks: git output filter (nbstripout) installed in this repository", file=sys.stderr)
        else:
            print("notebooks: not a git checkout, output filter not installed", file=sys.stderr)
    if args.register_kernel:
        where = register_kernel(user=args.user)
        print(f"notebooks: kernel {KERNEL_DISPLAY_NAME!r} ({KERNEL_NAME}) registered in {where}", file=sys.stderr)
    for nb in args.notebooks:
        print(f"executing {nb}", file=sys.stderr)
        try:
            run_notebook(nb, output_dir=args.output_dir, timeout=args.timeout)
        except Exception as exc:  # report and fail loudly, one line per notebook
            print(f"error: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
