"""Execute notebooks headlessly, each in a fresh kernel, failing loudly on a failing cell.

``python -m analysis.study.notebooks NOTEBOOK [NOTEBOOK ...] --output-dir build/notebooks`` runs
each notebook with :mod:`nbclient` from the notebook's own folder, with
``ANALYSIS_PROJECT_ROOT`` set so that the code inside finds ``data/`` and ``figures/`` from any
working folder. The executed copy (with outputs) is written to the output folder; the source
notebook is never modified (notebooks are committed without outputs).

Examples
--------
>>> from analysis.study.notebooks import executed_path
>>> executed_path("notebooks/01-corpus.ipynb", "build/notebooks").as_posix()
'build/notebooks/01-corpus.ipynb'
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.study.paths import project_root

__all__ = ["run_notebook", "executed_path", "main"]


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

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        When a cell fails; the message names the notebook and the cell.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb_path = Path(notebook).resolve()
    out = executed_path(nb_path, output_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(nb_path, as_version=4)
    os.environ.setdefault("ANALYSIS_PROJECT_ROOT", str(project_root()))
    os.environ.setdefault("MPLBACKEND", "Agg")
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(nb_path.parent)}},
    )
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


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: run each notebook given; exit 1 on the first failure."""
    parser = argparse.ArgumentParser(prog="python -m analysis.study.notebooks", description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="+", help="notebooks to execute")
    parser.add_argument("--output-dir", default="build/notebooks", help="where executed copies go")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
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
