"""Figures: one function per figure, and deterministic saving.

Every figure function takes DataFrames (the tables in ``data/processed/``) and returns a
:class:`matplotlib.figure.Figure`; :func:`save_figure` writes it as SVG and PNG so that the
same input gives byte-identical files (fixed ``svg.hashsalt``, no date or software metadata).
Colours come from the Okabe–Ito colour-blind-safe palette.

Examples
--------
>>> import tempfile, matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from analysis.plots import save_figure
>>> fig, ax = plt.subplots()
>>> _ = ax.plot([0, 1], [0, 1])
>>> paths = save_figure(fig, "demo", figures_dir=tempfile.mkdtemp())
>>> [p.suffix for p in paths]
['.svg', '.png']
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib

__all__ = ["PALETTE", "LABEL_COLOURS", "style", "save_figure"]

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with common colour-vision deficiencies.
PALETTE: dict[str, str] = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}

#: One colour per label, used by every figure.
LABEL_COLOURS: dict[str, str] = {
    "accusation": PALETTE["vermillion"],
    "prediction": PALETTE["blue"],
    "rejection": PALETTE["green"],
}

_RC = {
    "svg.hashsalt": "analysis",  # stable SVG ids
    "svg.fonttype": "path",
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=[PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]),
}


@contextmanager
def style() -> Iterator[None]:
    """Apply the project's figure style within a ``with`` block."""
    with matplotlib.rc_context(_RC):
        yield


def save_figure(
    fig: "matplotlib.figure.Figure",
    name: str,
    *,
    figures_dir: str | os.PathLike | None = None,
    formats: tuple[str, ...] = ("svg", "png"),
) -> list[Path]:
    """Write ``fig`` as ``figures_dir/name.{svg,png}`` reproducibly; return the paths.

    The files are written to a temporary name and renamed, so a failed save leaves no
    half-written figure.
    """
    import matplotlib.pyplot as plt

    if figures_dir is None:
        from analysis.paths import figures_dir as _default

        figures_dir = _default()
    out_dir = Path(figures_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    metadata = {
        "svg": {"Date": None, "Creator": None},
        "png": {"Software": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }
    paths = []
    with matplotlib.rc_context({"svg.hashsalt": "analysis", "savefig.bbox": "tight", "savefig.dpi": 150}):
        for fmt in formats:
            path = out_dir / f"{name}.{fmt}"
            tmp = out_dir / f".{name}.tmp.{fmt}"
            fig.savefig(tmp, format=fmt, metadata=metadata.get(fmt))
            tmp.replace(path)
            paths.append(path)
    plt.close(fig)
    return paths
