"""Figures: one function per figure, and deterministic saving.

Every figure function takes DataFrames (the tables in ``data/processed/`` and ``results/``)
and returns a :class:`matplotlib.figure.Figure`; :func:`save_figure` writes it as SVG and PNG
so that the same input gives byte-identical files (fixed ``svg.hashsalt``, no date or
software metadata).

Rules every figure follows (issue 15): a **fixed colour per category** (the dictionaries
below, never the order in which categories happen to appear; an unknown category gets a
colour derived from its name, the same in every build); **human labels** for keys and codes
(removal reasons, actor codes, source ids are spelled out in the figure or its caption);
**n** wherever a rate or share is plotted; axes that show the data's range; and a **caption
line** under the figure saying what text it shows and which labeler produced it (the
``caption`` argument). Colours come from the Okabe–Ito colour-blind-safe palette.

Examples
--------
>>> import tempfile, matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from analysis.study.plots import save_figure
>>> fig, ax = plt.subplots()
>>> _ = ax.plot([0, 1], [0, 1])
>>> paths = save_figure(fig, "demo", figures_dir=tempfile.mkdtemp())
>>> [p.suffix for p in paths]
['.svg', '.png']
"""

from __future__ import annotations

import hashlib
import os
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.colors
import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
import numpy as np
import pandas as pd

from analysis.drafts.compare import CHANGE_LABELS

__all__ = [
    "PALETTE",
    "LABEL_COLOURS",
    "LABELER_COLOURS",
    "REASON_COLOURS",
    "REASON_LABELS",
    "CHANGE_COLOURS",
    "PARTY_COLOURS",
    "VERDICT_COLOURS",
    "colour_for",
    "style",
    "add_caption",
    "SavedFigure",
    "save_figure",
    "corpus_accounting",
    "speakers_by_mode",
    "labeler_scores",
    "label_cooccurrence",
    "calibration_curves",
    "issue_matrix",
    "change_counts",
    "position_timeline",
    "claims_timeline",
    "force_caps",
    "actor_target_bars",
    "actor_target_matrix",
    "weekly_labels",
]

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

#: One colour per label, used by every figure (never reused for labelers).
LABEL_COLOURS: dict[str, str] = {
    "accusation": PALETTE["vermillion"],
    "prediction": PALETTE["blue"],
    "rejection": PALETTE["green"],
}

#: One colour (and marker) per labeler: none of them is a label colour.
LABELER_COLOURS: dict[str, str] = {
    "baseline": PALETTE["grey"],
    "cues": PALETTE["orange"],
    "learned": PALETTE["purple"],
    "default": PALETTE["black"],
}
_LABELER_MARKERS = {"baseline": "s", "cues": "^", "learned": "D", "default": "o"}
_LABELER_NAMES = {
    "baseline": "keyword baseline",
    "cues": "cue rules",
    "learned": "learned model",
    "default": "default (cues + learned)",
}

#: Removal reasons of :mod:`analysis.clean` (``boilerplate.yml`` categories) and ``kept``.
REASON_COLOURS: dict[str, str] = {
    "kept": PALETTE["blue"],
    "appeal": PALETTE["purple"],
    "caption": PALETTE["vermillion"],
    "read_more": PALETTE["sky"],
    "markup": PALETTE["orange"],
    "letters": PALETTE["yellow"],
    "repeated": PALETTE["green"],
    "subscription": "#8C510A",
    "newsletter": "#01665E",
    "share": "#762A83",
    "cookie": "#B35806",
    "ad": "#4D4D4D",
}
#: Human labels of the removal reasons (see ``analysis/data/boilerplate.yml``).
REASON_LABELS: dict[str, str] = {
    "kept": "kept as article text",
    "appeal": "donation / membership appeal",
    "caption": "photo caption or credit",
    "read_more": "\u201cRead more\u201d and related links",
    "markup": "markup, not prose",
    "letters": "letters-page footer",
    "repeated": "line repeated across the outlet",
    "subscription": "subscribe / sign-in prompt",
    "newsletter": "newsletter prompt",
    "share": "share / follow buttons",
    "cookie": "cookie banner",
    "ad": "advertisement marker",
}

#: Colours of the change words of :data:`analysis.drafts.CHANGE_LABELS` (matrix, changes, timeline).
CHANGE_COLOURS: dict[str, str] = {
    "added, first record": "#A8DCC9",
    "added": PALETTE["green"],
    "modified": PALETTE["orange"],
    "unchanged": PALETTE["sky"],
    "dropped": PALETTE["vermillion"],
    "dropped, first record": "#F2B896",
    "not covered": "#EEEEEE",
}
_DARK_CHANGES = {"added", "dropped"}

#: Parties of a negotiation (positions.csv ``party``).
PARTY_COLOURS: dict[str, str] = {
    "Russia": PALETTE["vermillion"],
    "Ukraine": PALETTE["blue"],
    "joint": PALETTE["black"],
    "unattributed": PALETTE["grey"],
}

#: Verdicts of :func:`analysis.drafts.check_claims`.
VERDICT_COLOURS: dict[str, str] = {
    "supported": PALETTE["green"],
    "contradicted": PALETTE["vermillion"],
    "not verifiable": PALETTE["grey"],
}

#: Actor codes with a fixed colour (others: :func:`colour_for`).
_ACTOR_COLOURS: dict[str, str] = {
    "RUS": PALETTE["vermillion"],
    "UKR": PALETTE["blue"],
    "ISW": PALETTE["black"],
    "USA": PALETTE["green"],
    "BLR": PALETTE["purple"],
    "NATO": PALETTE["sky"],
    "EU": PALETTE["yellow"],
    "UN": PALETTE["orange"],
    "DNR": "#8C510A",
    "LNR": "#01665E",
    "GBR": "#762A83",
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

_LABELS = ("accusation", "prediction", "rejection")
_CAPTION_COLOUR = "#333333"


def colour_for(key: str, fixed: Mapping[str, str] | None = None) -> str:
    """The colour of a category: its fixed colour, else one derived from its name (stable).

    Examples
    --------
    >>> colour_for("appeal", REASON_COLOURS) == REASON_COLOURS["appeal"]
    True
    >>> colour_for("new-reason") == colour_for("new-reason")
    True
    """
    if fixed and key in fixed:
        return fixed[key]
    names = ("orange", "sky", "green", "yellow", "blue", "vermillion", "purple", "grey")
    digest = int(hashlib.sha256(str(key).encode("utf-8")).hexdigest(), 16)
    return PALETTE[names[digest % len(names)]]


@contextmanager
def style() -> Iterator[None]:
    """Apply the project's figure style within a ``with`` block."""
    with matplotlib.rc_context(_RC):
        yield


def add_caption(fig: "matplotlib.figure.Figure", text: str, *, fontsize: float = 10) -> None:
    """Write ``text`` as a caption under everything drawn on ``fig`` (wrapped to its width).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> add_caption(fig, "Text: the seed article. Labeler: default.")
    >>> fig.texts[-1].get_text()
    'Text: the seed article. Labeler: default.'
    """
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    width_chars = max(40, int(box.width * 72 / (fontsize * 0.52)))
    wrapped = "\n".join(textwrap.fill(part, width_chars) for part in text.split("\n"))
    fig.text(box.x0 / fig.get_figwidth(), (box.y0 - 0.12) / fig.get_figheight(), wrapped,
             ha="left", va="top", fontsize=fontsize, color=_CAPTION_COLOUR)


class SavedFigure(list):
    """The paths :func:`save_figure` wrote; a notebook displays the saved PNG itself.

    So a figure shows in any Jupyter front end (and in headless runs) whatever matplotlib
    backend is active, and what the reader sees is byte for byte the file in ``figures/``.
    """

    def _repr_png_(self) -> bytes | None:
        png = next((p for p in self if p.suffix == ".png"), None)
        return png.read_bytes() if png is not None else None

    def __repr__(self) -> str:
        return "saved " + ", ".join(str(p) for p in self)


def save_figure(
    fig: "matplotlib.figure.Figure",
    name: str,
    *,
    figures_dir: str | os.PathLike | None = None,
    formats: tuple[str, ...] = ("svg", "png"),
) -> SavedFigure:
    """Write ``fig`` as ``figures_dir/name.{svg,png}`` reproducibly; return the paths.

    The files are written to a temporary name and renamed, so a failed save leaves no
    half-written figure. The returned :class:`SavedFigure` (a list of the paths) displays as
    the PNG in a notebook.
    """
    if figures_dir is None:
        from analysis.study.paths import figures_dir as _default

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
    return SavedFigure(paths)


def _new(figsize: tuple[float, float], **kwargs):
    # A figure outside pyplot (no global state, nothing to close): shown once when a notebook
    # displays the returned object, drawn by the Agg canvas for files and captions.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    axes = fig.subplots(**kwargs)
    return fig, axes


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=12, color=PALETTE["grey"])
    ax.set_xticks([])
    ax.set_yticks([])


def _code_key(codes: Sequence[str], names: Mapping[str, str] | None) -> str:
    """``"DNR = Donetsk People's Republic; RUS = Russia"`` for the codes that have a name."""
    names = names or {}
    known = [f"{c} = {names[c]}" for c in sorted(dict.fromkeys(codes)) if c in names and names[c] != c]
    return "; ".join(known)


def _actor_label(code: str, names: Mapping[str, str] | None) -> str:
    name = (names or {}).get(code)
    return f"{code} ({name})" if name and name != code else code


# -- 01-corpus -------------------------------------------------------------------------


def corpus_accounting(
    accounting: pd.DataFrame,
    *,
    unit_labels: Mapping[str, str] | None = None,
    caption: str = "",
    title: str = "What cleaning removed from each input, by reason",
):
    """Share of each input's characters removed by cleaning, stacked by reason.

    Only the removed part is drawn, on an axis that ends near the largest share, so that
    small removals stay visible; each bar is labelled with the removed and total characters.

    Parameters
    ----------
    accounting : DataFrame
        ``unit``, ``category`` (``"kept"`` or a removal reason), ``chars``; see
        :func:`analysis.study.summaries.accounting`.
    unit_labels : mapping, optional
        Readable names of the units (article ids, corpus names).

    Examples
    --------
    >>> acc = pd.DataFrame({"unit": ["a", "a"], "category": ["kept", "appeal"], "chars": [80, 20]})
    >>> corpus_accounting(acc).axes[0].get_xlabel()
    "share of the input's characters removed (%)"
    """
    table = accounting.pivot_table(index="unit", columns="category", values="chars", aggfunc="sum", fill_value=0, sort=False)
    if "kept" not in table.columns:
        table["kept"] = 0
    reasons = [r for r in REASON_COLOURS if r != "kept" and r in table.columns]
    reasons += sorted(c for c in table.columns if c != "kept" and c not in reasons)
    total = table.sum(axis=1)
    share = table[reasons].div(total, axis=0) * 100
    names = [(unit_labels or {}).get(u, u) for u in share.index]
    with style():
        fig, ax = _new((12, 2.0 + 0.75 * len(share)))
        left = np.zeros(len(share))
        for reason in reasons:
            values = share[reason].to_numpy()
            if not values.any():
                continue
            ax.barh(names, values, left=left, color=colour_for(reason, REASON_COLOURS),
                    label=REASON_LABELS.get(reason, reason.replace("_", " ")), edgecolor="white", linewidth=0.5)
            left = left + values
        top = max(float(left.max()) if len(left) else 0.0, 1.0)
        for y, unit in enumerate(share.index):
            removed = int(total[unit] - table.loc[unit, "kept"])
            ax.text(left[y] + top * 0.01, y, f"{removed:,} of {int(total[unit]):,} chars ({removed / max(total[unit], 1):.1%})",
                    va="center", fontsize=10)
        ax.set_xlim(0, top * 1.8)
        ax.set_xlabel("share of the input's characters removed (%)")
        ax.set_title(title)
        ax.invert_yaxis()
        ax.legend(title="removed as", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=10)
        fig.tight_layout()
    if caption:
        add_caption(fig, caption)
    return fig


def speakers_by_mode(sentences: pd.DataFrame, *, top: int = 10, caption: str = "",
                     title: str = "Who speaks: sentences by speaker and mode"):
    """Sentences per named speaker, split by mode (quoted / reported), plus the author's own.

    Examples
    --------
    >>> s = pd.DataFrame({"speaker": ["A", None], "mode": ["quoted", "authorial"]})
    >>> speakers_by_mode(s).axes[0].get_xlabel()
    'sentences (count)'
    """
    who = sentences["speaker"].where(sentences["mode"] != "authorial").fillna("(the author's own text)")
    counts = sentences.assign(who=who).groupby(["who", "mode"]).size().unstack(fill_value=0)
    modes = [m for m in ("quoted", "reported", "authorial") if m in counts.columns]
    counts = counts.reindex(columns=modes)
    own = "(the author's own text)"
    named = counts.drop(index=own, errors="ignore")
    named = named.loc[named.sum(axis=1).sort_values(ascending=False, kind="stable").index[:top]]
    if own in counts.index:
        named = pd.concat([named, counts.loc[[own]]]).fillna(0)
    colours = {"quoted": PALETTE["vermillion"], "reported": PALETTE["orange"], "authorial": PALETTE["grey"]}
    words = {"quoted": "quoted (in quotation marks)", "reported": "reported (\u201cX said that ...\u201d)",
             "authorial": "the author's own text"}
    with style():
        fig, ax = _new((9, 1.6 + 0.5 * max(len(named), 1)))
        left = np.zeros(len(named))
        for mode in modes:
            ax.barh(list(named.index), named[mode].to_numpy(), left=left, color=colours[mode], label=words[mode])
            left = left + named[mode].to_numpy()
        for y, total in enumerate(left):
            ax.text(total, y, f" {int(total)}", va="center", fontsize=10)
        ax.invert_yaxis()
        ax.set_xlabel("sentences (count)")
        ax.set_title(title)
        ax.margins(x=0.12)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.legend(title="mode", frameon=False, loc="lower right")
        fig.tight_layout()
    if caption:
        add_caption(fig, caption)
    return fig


# -- 02-labelers -----------------------------------------------------------------------


def labeler_scores(metrics: pd.DataFrame, *, caption: str = "",
                   title: str = "Held-out precision, recall and F1 with 95% bootstrap CIs"):
    """Dot-and-whisker plot: per label and metric, each labeler's score with its CI.

    Each panel's axis spans that panel's scores and intervals (not 0-1), so that labelers
    a few points apart can be told apart; the 0.90 quality bar is drawn where in range.

    Parameters
    ----------
    metrics : DataFrame
        ``labeler, label, precision, recall, f1`` and ``<metric>_lo``/``<metric>_hi``;
        ``support`` (gold positives) is printed under each label when present.

    Examples
    --------
    >>> m = pd.DataFrame({"labeler": ["cues"], "label": ["accusation"], "precision": [.9], "recall": [.8],
    ...                   "f1": [.85], "precision_lo": [.8], "precision_hi": [.95], "recall_lo": [.7],
    ...                   "recall_hi": [.9], "f1_lo": [.8], "f1_hi": [.9]})
    >>> len(labeler_scores(m).axes)  # one panel per label present
    1
    """
    labels = [lab for lab in (*_LABELS, "macro") if lab in set(metrics["label"])] or sorted(set(metrics["label"]))
    labelers = [lb for lb in LABELER_COLOURS if lb in set(metrics["labeler"])]
    labelers += sorted(set(metrics["labeler"]) - set(labelers))
    measures = ("precision", "recall", "f1")
    with style():
        fig, axes = _new((3.7 * len(labels) + 1, 4.6), ncols=len(labels), sharey=True, squeeze=False)
        axes = axes[0]
        step = 0.8 / max(len(labelers), 1)
        for ax, label in zip(axes, labels):
            sub = metrics[metrics["label"] == label].drop_duplicates("labeler").set_index("labeler")
            lows, highs = [], []
            for i, lb in enumerate(labelers):
                if lb not in sub.index:
                    continue
                row = sub.loc[lb]
                ys = np.arange(len(measures)) + (i - (len(labelers) - 1) / 2) * step
                xs = np.array([row[m] for m in measures], dtype=float)
                lo = np.array([row[f"{m}_lo"] for m in measures], dtype=float)
                hi = np.array([row[f"{m}_hi"] for m in measures], dtype=float)
                lows.append(np.nanmin(lo))
                highs.append(np.nanmax(hi))
                ax.errorbar(xs, ys, xerr=[xs - lo, hi - xs], fmt=_LABELER_MARKERS.get(lb, "o"),
                            color=LABELER_COLOURS.get(lb, colour_for(lb)),
                            label=_LABELER_NAMES.get(lb, lb) if label == labels[0] else None,
                            capsize=3, markersize=7, elinewidth=1.5)
            low = min(lows, default=0.0)
            high = max(highs, default=1.0)
            lo_edge = max(0.0, np.floor((low - 0.03) * 20) / 20)
            hi_edge = min(1.0, np.ceil((high + 0.01) * 20) / 20)
            ax.set_xlim(lo_edge, max(hi_edge, lo_edge + 0.2))
            if lo_edge <= 0.9 <= ax.get_xlim()[1]:
                ax.axvline(0.9, color=PALETTE["grey"], lw=1, ls=":", label="0.90 quality bar" if label == labels[0] else None)
            ax.set_yticks(range(len(measures)), ["precision", "recall", "F1"])
            ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(0.1 if ax.get_xlim()[1] - lo_edge > 0.4 else 0.05))
            ax.grid(axis="x", color="#DDDDDD", lw=0.6)
            ax.set_axisbelow(True)
            heading = "macro average" if label == "macro" else label
            if "support" in sub.columns and label != "macro" and len(sub):
                heading += f"\n(gold positives n = {int(sub['support'].iloc[0]):,})"
            ax.set_title(heading, color=LABEL_COLOURS.get(label, PALETTE["black"]), fontsize=13)
            ax.set_xlabel("score")
        axes[0].invert_yaxis()
        fig.suptitle(title)
        fig.legend(title="labeler", loc="upper center", bbox_to_anchor=(0.5, 0.02), ncols=len(labelers) + 1, frameon=False)
        fig.tight_layout()
    if caption:
        add_caption(fig, caption)
    return fig


def label_cooccurrence(gold: pd.DataFrame, *, caption: str = "",
                       title: str = "How often two labels share a sentence (annotated corpus)"):
    """Label co-occurrence: off-diagonal cells coloured by count, diagonal cells stated apart.

    Off-diagonal cell (row A, column B): sentences with both labels, and their share of the
    row label's sentences. Diagonal: sentences with the label at all (grey, not on the colour
    scale, so that the large totals do not wash out the overlaps).

    Examples
    --------
    >>> g = pd.DataFrame({"accusation": [1, 1, 0], "prediction": [0, 1, 0], "rejection": [1, 0, 0]})
    >>> label_cooccurrence(g).axes[0].get_title()
    'How often two labels share a sentence (annotated corpus)'
    """
    y = gold[list(_LABELS)].to_numpy(dtype=int)
    co = y.T @ y
    off = co.astype(float).copy()
    np.fill_diagonal(off, np.nan)
    vmax = max(float(np.nanmax(off)) if np.isfinite(off).any() else 1.0, 1.0)
    with style():
        fig, ax = _new((7.6, 5.8))
        im = ax.imshow(np.ma.masked_invalid(off), cmap="Blues", vmin=0, vmax=vmax)
        for i in range(3):
            ax.add_patch(matplotlib.patches.Rectangle((i - 0.5, i - 0.5), 1, 1, facecolor="#E4E4E4", edgecolor="white"))
            ax.text(i, i, f"{co[i, i]:,}\nwith this label", ha="center", va="center", fontsize=11, color="#222222")
            for j in range(3):
                if i == j:
                    continue
                share = co[i, j] / co[i, i] if co[i, i] else 0.0
                ax.text(j, i, f"{co[i, j]:,}\n({share:.0%} of {_LABELS[i]})", ha="center", va="center", fontsize=10,
                        color="white" if co[i, j] > vmax * 0.6 else "black")
        ax.set_xticks(range(3), _LABELS)
        ax.set_yticks(range(3), _LABELS)
        for tick, label in zip(ax.get_xticklabels(), _LABELS):
            tick.set_color(LABEL_COLOURS[label])
        for tick, label in zip(ax.get_yticklabels(), _LABELS):
            tick.set_color(LABEL_COLOURS[label])
        ax.set_title(title)
        fig.colorbar(im, ax=ax, label="sentences with both labels (count)", shrink=0.8)
        ax.spines[:].set_visible(False)
        fig.tight_layout()
    if caption:
        add_caption(fig, caption)
    return fig


def calibration_curves(predictions: pd.DataFrame, *, labelers: Sequence[str] = ("learned", "default"), bins: int = 10,
                       min_n: int = 5, caption: str = "", title: str = "Calibration on the held-out split"):
    """Reliability diagram per label: mean score vs observed share of positives, by score bin.

    Every bin with at least one sentence is drawn, with its n printed beside the point; bins
    with fewer than ``min_n`` sentences are hollow and not joined, and the line is broken
    across empty and small bins.

    Parameters
    ----------
    predictions : DataFrame
        Gold columns ``accusation, prediction, rejection`` and scores ``<labeler>_<label>_score``.

    Examples
    --------
    >>> p = pd.DataFrame({"accusation": [0, 1, 1], "prediction": [0, 0, 1], "rejection": [1, 0, 0],
    ...                   "default_accusation_score": [.1, .8, .9], "default_prediction_score": [.2, .1, .7],
    ...                   "default_rejection_score": [.6, .1, .2]})
    >>> len(calibration_curves(p, labelers=["default"]).axes)
    3
    """
    edges = np.linspace(0, 1, bins + 1)
    with style():
        fig, axes = _new((13, 4.9), ncols=3, sharey=True, squeeze=False)
        for ax, label in zip(axes[0], _LABELS):
            ax.plot([0, 1], [0, 1], color=PALETTE["grey"], ls="--", lw=1, label="perfect calibration")
            for k, lb in enumerate(labelers):
                col = f"{lb}_{label}_score"
                if col not in predictions.columns:
                    continue
                score = predictions[col].to_numpy(dtype=float)
                truth = predictions[label].to_numpy(dtype=float)
                idx = np.clip(np.digitize(score, edges[1:-1]), 0, bins - 1)
                colour = LABELER_COLOURS.get(lb, colour_for(lb))
                xs, ys, ns = [], [], []
                for b in range(bins):
                    m = idx == b
                    n = int(m.sum())
                    xs.append(score[m].mean() if n else np.nan)
                    ys.append(truth[m].mean() if n else np.nan)
                    ns.append(n)
                xs, ys, ns = np.array(xs), np.array(ys), np.array(ns)
                big = ns >= min_n
                ax.plot(np.where(big, xs, np.nan), np.where(big, ys, np.nan), "-", color=colour, lw=1.5,
                        label=_LABELER_NAMES.get(lb, lb))
                ax.plot(xs[big], ys[big], _LABELER_MARKERS.get(lb, "o"), color=colour, markersize=6)
                small = (ns > 0) & ~big
                ax.plot(xs[small], ys[small], _LABELER_MARKERS.get(lb, "o"), markerfacecolor="white",
                        markeredgecolor=colour, markersize=6)
                for x, y, n in zip(xs, ys, ns):
                    if n:
                        ax.annotate(f"{n}", (x, y), xytext=(5, -11 if k else 5), textcoords="offset points",
                                    fontsize=8, color=colour)
            ax.set_title(f"{label} (n = {len(predictions):,} sentences)", color=LABEL_COLOURS[label], fontsize=13)
            ax.set_xlabel("predicted score (bin mean)")
            ax.set_xlim(0, 1.05)
            ax.set_ylim(-0.03, 1.05)
        axes[0][0].set_ylabel("observed share positive")
        handles, names = axes[0][0].get_legend_handles_labels()
        handles.append(matplotlib.lines.Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="black"))
        names.append(f"bin with fewer than {min_n} sentences (not joined)")
        fig.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, 0.02), ncols=len(names), frameon=False)
        fig.suptitle(title)
        fig.tight_layout()
    if caption:
        add_caption(fig, caption)
    return fig


# -- 03-drafts -------------------------------------------------------------------------


def _draft_heading(draft_id: str, date: object, party: str | None = None) -> str:
    day = pd.Timestamp(date).strftime("%-d %b %Y") if pd.notna(date) else ""
    by = {"joint": "joint text"}.get(party or "", f"{party} draft" if party else "")
    return "\n".join(part for part in (draft_id, day, by) if part)


def _headings(history: pd.DataFrame, drafts: pd.DataFrame | None) -> dict[str, str]:
    party = dict(zip(drafts["draft_id"], drafts["party"])) if drafts is not None else {}
    dates = dict(zip(history["draft_id"], history["date"]))
    return {d: _draft_heading(d, dates.get(d), party.get(d)) for d in dict.fromkeys(history["draft_id"])}


def issue_matrix(history: pd.DataFrame, *, drafts: pd.DataFrame | None = None, caption: str = "",
                 title: str = "Issues across the Istanbul drafts: what changed since the last draft that covered the issue"):
    """PA-X-style matrix: issues x drafts; colour and words = the change since the last record.

    Built from :func:`analysis.drafts.issue_history` (the table behind
    :func:`change_counts` too). Each cell reads exactly like its legend entry; when the
    comparison skipped silent drafts, a second line says which earlier draft it was made with.

    Examples
    --------
    >>> from analysis.drafts import issue_history
    >>> fig = issue_matrix(issue_history())
    >>> "added, first record" in [t.get_text() for t in fig.axes[0].texts]
    True
    """
    issues = list(dict.fromkeys(history["issue"]))
    ids = list(dict.fromkeys(history["draft_id"]))
    labels = dict(zip(history["issue"], history["label"]))
    cells = history.set_index(["issue", "draft_id"])
    heads = _headings(history, drafts)
    with style():
        fig, ax = _new((2.75 * len(ids) + 4.8, 0.5 * len(issues) + 2.2))
        for i, issue in enumerate(issues):
            for j, did in enumerate(ids):
                row = cells.loc[(issue, did)]
                word = row["change_label"]
                ax.add_patch(matplotlib.patches.Rectangle((j, i), 0.97, 0.93, facecolor=CHANGE_COLOURS.get(word, "#FFFFFF"),
                                                          edgecolor="white"))
                dark = word in _DARK_CHANGES
                prev = ids[j - 1] if j else ""
                since = row["compared_with"] if row["compared_with"] and row["compared_with"] != prev else ""
                ax.text(j + 0.485, i + 0.465 - (0.12 if since else 0), word, ha="center", va="center", fontsize=11,
                        color="white" if dark else ("#777777" if word == "not covered" else "black"))
                if since:
                    ax.text(j + 0.485, i + 0.70, f"since {since}", ha="center", va="center", fontsize=8.5,
                            color="white" if dark else "#333333")
        ax.set_xlim(0, len(ids))
        ax.set_ylim(len(issues), 0)
        ax.set_xticks(np.arange(len(ids)) + 0.485, [heads[d] for d in ids], fontsize=11)
        ax.set_yticks(np.arange(len(issues)) + 0.465, [labels[i] for i in issues], fontsize=11)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        ax.spines[:].set_visible(False)
        present = [w for w in CHANGE_LABELS if w in set(history["change_label"]) or w in ("added", "dropped", "unchanged")]
        handles = [matplotlib.patches.Patch(facecolor=CHANGE_COLOURS[w], edgecolor="#BBBBBB", label=w) for w in present]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=11,
                  title="change since the last\ndraft covering the issue")
        ax.set_title(title, pad=14, fontsize=14, loc="left")
        fig.tight_layout()
    if caption:
        add_caption(fig, caption)
    return fig


def change_counts(history: pd.DataFrame, *, drafts: pd.DataFrame | None = None, caption: str = "",
                  title: str = "What each draft changed: issues by change since the last draft that covered them"):
    """Stacked bars, one per draft: its issues by change word (the matrix's columns, counted).

    Built from the same :func:`analysis.drafts.issue_history` table as :func:`issue_matrix`,
    so a bar's segments are the counts of that draft's column in the matrix (tested).

    Examples
    --------
    >>> from analysis.drafts import issue_history
    >>> fig = change_counts(issue_history())
    >>> fig.axes[0].get_xlabel()
    'issues (count)'
    """
    ids = list(dict.fromkeys(history["draft_id"]))
    counts = history.groupby(["draft_id", "change_label"]).size().unstack(fill_value=0).reindex(ids, fill_value=0)
    words = [w for w in CHANGE_LABELS if w in counts.columns]
    heads = {d: h.replace("\n", " · ", 1).replace("\n", ", ") for d, h in _headings(history, drafts).items()}
    with style():
        fig, ax = _new((12, 1.9 + 0.8 * len(ids)))
        left = np.zeros(len(ids))
        for word in words:
            vals = counts[word].to_numpy()
            ax.barh([heads[d] for d in ids], vals, left=left, color=CHANGE_COLOURS.get(word, "#FFFFFF"), label=word,
                    edgecolor="white", linewidth=1)
            for y, (start, v) in enumerate(zip(left, vals)):
                if v:
                    ax.text(start + v / 2, y, str(int(v)), ha="center", va="center", fontsize=11,
                            color="white" if word in _DARK_CHANGES else "black")
            left = left + vals
        ax.invert_yaxis()
        ax.set_xlim(0, max(float(left.max()), 1.0))
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.set_xlabel("issues (count)")
        ax.set_title(title, loc="left", fontsize=13)
        ax.legend(ncols=4, loc="upper left", bbox_to_anchor=(0, -0.22 if len(ids) > 3 else -0.35), frameon=False)
        fig.tight_layout()
    if caption:
        add_caption(fig, caption)
    return fig


def _wrap_lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


#: Height of one text line of the timeline figures, in inches (the y unit of their axes).
_LINE_IN = 0.175
_TIMELINE_WRAP = 36


def _cells(timeline: pd.DataFrame) -> dict[tuple[str, str], pd.DataFrame]:
    return {key: grp for key, grp in timeline.groupby(["issue", "draft_id"], sort=False)}


def _row_heights(timeline: pd.DataFrame, rows: Sequence[str], ids: Sequence[str],
                 extra: Mapping[str, float] | None = None) -> list[float]:
    """Height of each issue row in text lines: its fullest cell, plus room for claims."""
    cells = _cells(timeline)
    heights = []
    for issue in rows:
        fullest = 0
        for did in ids:
            grp = cells.get((issue, did))
            if grp is not None:
                fullest = max(fullest, sum(len(_wrap_lines(f"{p}: {w}", _TIMELINE_WRAP)) + 1
                                           for p, w in zip(grp["party"], grp["wording"])))
        heights.append(max(fullest, 2) + (extra or {}).get(issue, 0) + 0.8)
    return heights


def _timeline_grid(ax, timeline: pd.DataFrame, labels: Mapping[str, str], rows: Sequence[str], ids: Sequence[str],
                   heads: Mapping[str, str], heights: Sequence[float]) -> dict[str, tuple[float, float]]:
    """Draw the issue rows of a timeline figure; return each row's (top, bottom) in text lines."""
    spans: dict[str, tuple[float, float]] = {}
    cells = _cells(timeline)
    y = 0.0
    for r, (issue, height) in enumerate(zip(rows, heights)):
        top = y
        spans[issue] = (top, top + height)
        if r % 2 == 0:
            ax.add_patch(matplotlib.patches.Rectangle((-1.6, top), len(ids) + 1.6, height, facecolor="#F3F3F3",
                                                      edgecolor="none", zorder=0))
        ax.text(-1.55, top + 0.45, "\n".join(_wrap_lines(labels.get(issue, issue), 22)), ha="left", va="top",
                fontsize=10.5, fontweight="bold", color="#222222", linespacing=1.1)
        for j, did in enumerate(ids):
            grp = cells.get((issue, did))
            if grp is None:
                continue
            ty = top + 0.45
            for _, rec in grp.iterrows():
                colour = PARTY_COLOURS.get(rec["party"], colour_for(rec["party"]))
                changed = rec["party_change"] == "changed"
                ax.plot(j + 0.05, ty + 0.42, "D" if changed else "o", markersize=7 if changed else 6.5,
                        markerfacecolor="white" if rec["party_change"] == "same" else colour,
                        markeredgecolor=colour, markeredgewidth=1.6, zorder=3)
                lines = _wrap_lines(f"{rec['party']}: {rec['wording']}", _TIMELINE_WRAP)
                ax.text(j + 0.11, ty, "\n".join(lines), ha="left", va="top", fontsize=9.5, color=colour,
                        linespacing=1.1, zorder=3)
                low = ", low confidence" if rec["confidence"] == "low" else ""
                ax.text(j + 0.11, ty + len(lines) * 0.93, f"[{rec['sources'].replace(';', ', ')}{low}]",
                        ha="left", va="top", fontsize=8, color="#555555", zorder=3)
                ty += len(lines) + 1
        y = top + height
    ax.set_xlim(-1.6, len(ids))
    ax.set_ylim(y, 0)
    ax.set_xticks(np.arange(len(ids)) + 0.45, [heads[d] for d in ids], fontsize=11)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
    for j in range(1, len(ids)):
        ax.axvline(j - 0.03, color="#CCCCCC", lw=0.8, zorder=1)
    return spans


def _timeline_figure(heights: Sequence[float], ncols: int):
    return _new((3.9 * ncols + 3.0, sum(heights) * _LINE_IN + 2.4))


def _timeline_legend(ax, parties: Sequence[str], *, extra: Sequence = ()) -> None:
    handles = [matplotlib.patches.Patch(color=PARTY_COLOURS.get(p, colour_for(p)), label=p) for p in parties]
    handles += [
        matplotlib.lines.Line2D([], [], marker="o", ls="", markerfacecolor="#555555", markeredgecolor="#555555",
                                label="the party's first record on the issue"),
        matplotlib.lines.Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="#555555",
                                markeredgewidth=1.6, label="same position as its last record"),
        matplotlib.lines.Line2D([], [], marker="D", ls="", markerfacecolor="#555555", markeredgecolor="#555555",
                                label="position changed since its last record"),
        *extra,
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.004), ncols=4, frameon=False, fontsize=10)


def position_timeline(timeline: pd.DataFrame, history: pd.DataFrame, *, drafts: pd.DataFrame | None = None,
                      issues: Sequence[str] | None = None, caption: str = "",
                      title: str = "Positions across the Istanbul drafts, issue by issue"):
    """The position timeline: each party's position per issue and draft, with sources.

    Rows are issues, columns drafts in date order; each recorded position is written in the
    project's short wording with its sources, in the party's colour, and marked as the
    party's first record, the same as its last record, or changed.

    Parameters
    ----------
    timeline : DataFrame
        :func:`analysis.drafts.position_timeline`.
    history : DataFrame
        :func:`analysis.drafts.issue_history` (issue labels and order, draft dates).
    issues : sequence of str, optional
        Only these issues (default all with a record).

    Examples
    --------
    >>> from analysis.drafts import issue_history, position_timeline as table
    >>> fig = position_timeline(table(), issue_history(), issues=["forces-troops"])
    >>> any("cap 85,000 troops" in t.get_text() for t in fig.axes[0].texts)
    True
    """
    ids = list(dict.fromkeys(history["draft_id"]))
    rows = [i for i in dict.fromkeys(history["issue"]) if issues is None or i in issues]
    sub = timeline[timeline["issue"].isin(rows)]
    heights = _row_heights(sub, rows, ids)
    with style():
        fig, ax = _timeline_figure(heights, len(ids))
        _timeline_grid(ax, sub, dict(zip(history["issue"], history["label"])), rows, ids, _headings(history, drafts), heights)
        _timeline_legend(ax, [p for p in PARTY_COLOURS if p in set(sub["party"])])
        ax.set_title(title, loc="left", fontsize=14, pad=12)
        fig.tight_layout()
    if caption:
        add_caption(fig, caption)
    return fig


def _claim_lines(claim: pd.Series, day: str) -> tuple[list[str], list[str]]:
    """The heading lines (verdict, who, what) and the quoted sentence of one claim."""
    who = claim["speaker"] if isinstance(claim["speaker"], str) and claim["speaker"] else "the article"
    said = "predicts" if bool(claim["future"]) else "says"
    recorded = str(claim["recorded_change"] or "nothing to compare with").replace(";", ", ")
    single = "; the claimant is the only source" if bool(claim["single_source"]) else ""
    head = (f"{claim['verdict'].upper()}: {who}{f' ({day})' if day else ''} {said} '{claim['asserted_change']}'; "
            f"recorded: {recorded}{single}")
    text = str(claim["text"]).strip()
    quoted = text if text[:1] in "\"“'" else f"“{text}”"
    return _wrap_lines(head, 62), _wrap_lines(quoted, 66)


def claims_timeline(claims: pd.DataFrame, timeline: pd.DataFrame, history: pd.DataFrame, *,
                    drafts: pd.DataFrame | None = None, articles: pd.DataFrame | None = None, caption: str = "",
                    title: str = "Claims in the news about draft changes, placed on the position timeline"):
    """News claims about changes between drafts, drawn as arrows on the position timeline.

    Each claim is an arrow from the draft it compares from to the draft it compares to, in
    the row of the issue it names (or a row for claims about the draft as a whole), coloured
    by its verdict and labelled with the verdict, the speaker and the sentence. A dotted line
    marks each article's date between the draft columns.

    Parameters
    ----------
    claims : DataFrame
        :func:`analysis.drafts.check_claims` (``claims.parquet``).
    timeline, history : DataFrame
        As for :func:`position_timeline`.
    articles : DataFrame, optional
        ``article_id``, ``date``, ``outlet`` (for the article-date line and the labels).

    Examples
    --------
    >>> from analysis.drafts import issue_history, position_timeline as table
    >>> c = pd.DataFrame({"sentence_id": ["a:6"], "article_id": ["a"], "text": ["this clear statement is missing"],
    ...                   "speaker": ["Sergei Lavrov"], "from_id": ["istanbul-0329"], "to_id": ["ua-draft-0406"],
    ...                   "issue": ["guarantee-scope-crimea"], "asserted_change": ["dropped"], "future": [False],
    ...                   "recorded_change": ["dropped"], "verdict": ["supported"], "single_source": [True]})
    >>> fig = claims_timeline(c, table(), issue_history())
    >>> any(t.get_text().startswith("SUPPORTED") for t in fig.axes[0].texts)
    True
    """
    ids = list(dict.fromkeys(history["draft_id"]))
    whole = "(the draft as a whole)"
    claims = claims[claims["from_id"].isin(ids) & claims["to_id"].isin(ids)].copy()
    claims["row"] = [i if isinstance(i, str) and i else whole for i in claims["issue"]]
    claims = claims.sort_values(["sentence_id"], kind="stable")
    rows = [i for i in dict.fromkeys(history["issue"]) if i in set(claims["row"])]
    rows += [whole] if whole in set(claims["row"]) else []
    art = articles.set_index("article_id") if articles is not None and len(articles) else None
    days = {aid: pd.Timestamp(art.loc[aid, "date"]).strftime("%-d %b %Y") for aid in art.index} if art is not None else {}
    blocks = {k: _claim_lines(c, days.get(c["article_id"], "")) for k, c in claims.iterrows()}
    extra = {row: sum(len(blocks[k][0]) + len(blocks[k][1]) + 1.8 for k in claims.index[claims["row"] == row])
             for row in rows}
    labels = {**dict(zip(history["issue"], history["label"])), whole: "Claims about the draft as a whole"}
    sub = timeline[timeline["issue"].isin(rows)]
    heights = _row_heights(sub, rows, ids, extra)
    with style():
        fig, ax = _timeline_figure(heights, len(ids))
        spans = _timeline_grid(ax, sub, labels, rows, ids, _headings(history, drafts), heights)
        box = {"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1.0}
        for row in rows:
            y = spans[row][1] - extra[row] - 0.3
            for k in claims.index[claims["row"] == row]:
                c = claims.loc[k]
                head, quote = blocks[k]
                colour = VERDICT_COLOURS.get(c["verdict"], PALETTE["black"])
                a, b = ids.index(c["from_id"]), ids.index(c["to_id"])
                ax.annotate("", xy=(b + 0.05, y + 0.5), xytext=(a + 0.05, y + 0.5), zorder=4,
                            arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2.4, "shrinkA": 0, "shrinkB": 0,
                                        "mutation_scale": 16})
                x0 = min(a, b) + 0.11
                ax.text(x0, y + 1.0, "\n".join(head), ha="left", va="top", fontsize=9.5, color=colour,
                        fontweight="bold", linespacing=1.1, zorder=4, bbox=box)
                ax.text(x0, y + 1.1 + len(head), "\n".join(quote), ha="left", va="top", fontsize=9.5, color="#222222",
                        style="italic", linespacing=1.1, zorder=4, bbox=box)
                y += len(head) + len(quote) + 1.8
        dates = sorted(((pd.Timestamp(t), d) for d, t in zip(history["draft_id"], history["date"]) if pd.notna(t)))
        dates = list(dict.fromkeys(dates))
        for aid in (art.index if art is not None else []):
            when = pd.Timestamp(art.loc[aid, "date"])
            for (t0, d0), (t1, d1) in zip(dates, dates[1:]):
                if t0 <= when <= t1 and t1 > t0:
                    x = ids.index(d0) + 0.05 + (when - t0) / (t1 - t0) * (ids.index(d1) - ids.index(d0))
                    ax.axvline(x, color=PALETTE["black"], ls=":", lw=1.2, zorder=2)
                    ax.annotate(f"article of {when:%-d %b %Y}", (x, sum(heights)), xytext=(3, 3),
                                textcoords="offset points", ha="left", va="bottom", fontsize=9, color="#333333",
                                zorder=5, bbox=box)
                    break
        verdicts = [matplotlib.lines.Line2D([], [], color=VERDICT_COLOURS[v], lw=2.4, label=f"claim {v}")
                    for v in VERDICT_COLOURS]
        _timeline_legend(ax, [p for p in PARTY_COLOURS if p in set(sub["party"])], extra=verdicts)
        ax.set_title(title, loc="left", fontsize=14, pad=12)
        fig.tight_layout()
    if caption:
        add_caption(fig, caption)
    return fig


def force_caps(caps: pd.DataFrame, *, source_names: Mapping[str, str] | None = None, caption: str = "",
               title: str = "Caps on Ukraine's armed forces in the 15 April draft, by party and source"):
    """One panel per capped item with figures from several parties or sources; the rest listed.

    Parameters
    ----------
    caps : DataFrame
        Numeric positions with ``issue``, ``unit``, ``party``, ``value``, ``source``,
        ``confidence`` (one row per party and source; see
        :func:`analysis.study.summaries.cap_positions`).
    source_names : mapping, optional
        Source id -> description, listed under the figure (every id shown is explained).

    Examples
    --------
    >>> c = pd.DataFrame({"issue": ["forces-troops"] * 2, "unit": ["troops"] * 2, "party": ["Russia", "Ukraine"],
    ...                   "value": [85000.0, 250000.0], "source": ["S"] * 2, "confidence": ["high"] * 2})
    >>> print(force_caps(c).axes[0].get_title())
    troops
    (Ukraine's figure 2.9× Russia's)
    """
    items = list(dict.fromkeys(caps["issue"]))
    multi = [i for i in items if (caps["issue"] == i).sum() > 1]
    single = [i for i in items if i not in multi]
    npanels = len(multi) + (1 if single else 0)
    ncols = min(4, max(npanels, 1))
    with style():
        fig, axes = _new((4.3 * ncols, 4.8), ncols=ncols, squeeze=False)
        for ax in axes.flat[npanels:]:
            ax.set_visible(False)
        for ax, item in zip(axes.flat, multi):
            sub = caps[caps["issue"] == item].reset_index(drop=True)
            names = [f"{p}\n{s.replace(';', ', ')}" for p, s in zip(sub["party"], sub["source"])]
            colours = [PARTY_COLOURS.get(p, colour_for(p)) for p in sub["party"]]
            hatches = ["//" if c == "low" else "" for c in sub["confidence"]]
            bars = ax.bar(range(len(sub)), sub["value"], color=colours, hatch=hatches, edgecolor="white")
            for b, v in zip(bars, sub["value"]):
                ax.text(b.get_x() + b.get_width() / 2, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=10.5)
            ax.set_xticks(range(len(sub)), names, fontsize=9.5)
            unit = sub["unit"].iloc[0]
            heading = item.replace("forces-", "").replace("-", " ")
            ax.set_ylabel(f"cap ({unit})")
            ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
            ax.margins(y=0.15)
            ru = sub.loc[(sub["party"] == "Russia") & (sub["confidence"] != "low"), "value"]
            ua = sub.loc[(sub["party"] == "Ukraine") & (sub["confidence"] != "low"), "value"]
            if len(ru) and len(ua):
                heading += f"\n(Ukraine's figure {ua.iloc[0] / ru.iloc[0]:.1f}\u00d7 Russia's)"
            ax.set_title(heading, fontsize=13)
        if single:
            ax = axes.flat[len(multi)]
            ax.axis("off")
            ax.set_title("one figure each")
            lines = []
            for item in single:
                r = caps[caps["issue"] == item].iloc[0]
                low = ", low confidence" if r["confidence"] == "low" else ""
                lines.append((item.replace("forces-", "").replace("-", " "),
                              f"{r['value']:,.0f} {r['unit']}", f"{r['party']} [{r['source']}{low}]",
                              PARTY_COLOURS.get(r["party"], colour_for(r["party"]))))
            for k, (name, amount, who, colour) in enumerate(lines):
                y = 0.92 - k * 0.3
                ax.text(0.0, y, name, fontsize=12, fontweight="bold", va="top", transform=ax.transAxes)
                ax.text(0.0, y - 0.09, amount, fontsize=12, va="top", color=colour, transform=ax.transAxes)
                ax.text(0.0, y - 0.17, who, fontsize=10, va="top", color="#444444", transform=ax.transAxes)
        fig.suptitle(title)
        fig.tight_layout()
    shown = list(dict.fromkeys(s for cell in caps["source"] for s in str(cell).split(";")))
    key = "; ".join(f"{s} = {source_names[s]}" for s in shown if source_names and s in source_names)
    text = "Hatched bars: low-confidence secondary reports. Sources: " + key + "." if key else ""
    if caption or text:
        add_caption(fig, "\n".join(t for t in (text, caption) if t))
    return fig


# -- 04-actors -------------------------------------------------------------------------


def actor_target_bars(counts: pd.DataFrame, *, names: Mapping[str, str] | None = None, top: int = 12, caption: str = "",
                      title: str = "Who accuses, predicts and rejects whom"):
    """Horizontal bars for small data: one row per speaker → target pair, one bar per label.

    For a handful of labelled sentences a heatmap is mostly empty cells; this shows the same
    counts (``label``, ``speaker_actor``, ``target_actor``, ``sentences``) as bars with n.

    Examples
    --------
    >>> c = pd.DataFrame({"label": ["accusation"], "speaker_actor": ["RUS"], "target_actor": ["UKR"], "sentences": [4]})
    >>> actor_target_bars(c, names={"RUS": "Russia", "UKR": "Ukraine"}).axes[0].get_yticklabels()[0].get_text()
    'RUS (Russia) \u2192 UKR (Ukraine)'
    """
    pairs = counts.groupby(["speaker_actor", "target_actor"])["sentences"].sum().sort_values(ascending=False, kind="stable")
    pairs = list(pairs.index[:top])
    step = 0.8 / len(_LABELS)
    with style():
        fig, ax = _new((10, 1.8 + 0.9 * max(len(pairs), 1)))
        if not pairs:
            _empty(ax, "no labelled sentence with a speaker actor")
        for k, label in enumerate(_LABELS):
            sub = counts[counts["label"] == label].set_index(["speaker_actor", "target_actor"])["sentences"]
            vals = np.array([float(sub.get(p, 0)) for p in pairs])
            ys = np.arange(len(pairs)) + (k - 1) * step
            ax.barh(ys, vals, height=step * 0.9, color=LABEL_COLOURS[label], label=label)
            for y, v in zip(ys, vals):
                ax.text(v, y, f" {int(v)}", va="center", fontsize=10)
        target = {"?": "no other actor named"}
        ax.set_yticks(range(len(pairs)), [f"{_actor_label(s, names)} \u2192 {target.get(t) or _actor_label(t, names)}"
                                          for s, t in pairs])
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.set_xlim(0, max(float(counts["sentences"].max()) if len(counts) else 1.0, 1.0) * 1.15)
        ax.set_xlabel("labelled sentences (count)")
        ax.set_title(title)
        ax.legend(title="label", frameon=False, loc="lower right")
        fig.tight_layout()
    if caption:
        add_caption(fig, caption)
    return fig


def actor_target_matrix(counts: pd.DataFrame, *, names: Mapping[str, str] | None = None, caption: str = "",
                        title: str = "Who accuses, predicts and rejects whom"):
    """One heatmap per label: speaker actor (rows) x target actor (columns), sentence counts.

    The colour uses a square-root scale (so that cells of 1-10 sentences stay visible next to
    cells of hundreds); every non-zero cell prints its count.

    Parameters
    ----------
    counts : DataFrame
        ``label``, ``speaker_actor``, ``target_actor``, ``sentences`` (see
        :func:`analysis.study.summaries.actor_label_counts`); ``"?"`` is drawn as "no target".
    names : mapping, optional
        Actor code -> name; the codes shown are explained in the caption.

    Examples
    --------
    >>> c = pd.DataFrame({"label": ["accusation"], "speaker_actor": ["RUS"], "target_actor": ["UKR"], "sentences": [4]})
    >>> [ax.get_title() for ax in actor_target_matrix(c).axes[:3]]
    ['accusation', 'prediction', 'rejection']
    """
    by_speaker = counts.groupby("speaker_actor")["sentences"].sum().sort_values(ascending=False, kind="stable")
    speakers = list(by_speaker.index[:10])
    named = counts[counts["target_actor"] != "?"]
    by_target = named.groupby("target_actor")["sentences"].sum().sort_values(ascending=False, kind="stable")
    targets = list(by_target.index[:9]) + (["?"] if (counts["target_actor"] == "?").any() else [])
    with style():
        fig, axes = _new((4.3 * 3 + 1.8, 0.48 * max(len(speakers), 3) + 3.0), ncols=3, squeeze=False)
        vmax = max(int(counts["sentences"].max()) if len(counts) else 1, 1)
        norm = matplotlib.colors.PowerNorm(0.5, vmin=0, vmax=vmax)
        im = None
        for ax, label in zip(axes[0], _LABELS):
            sub = counts[counts["label"] == label]
            grid = sub.pivot_table(index="speaker_actor", columns="target_actor", values="sentences", aggfunc="sum", fill_value=0)
            grid = grid.reindex(index=speakers, columns=targets, fill_value=0)
            if not speakers:
                _empty(ax, "no labelled sentences")
                continue
            im = ax.imshow(grid.to_numpy(), cmap="Blues", norm=norm, aspect="auto")
            for i in range(len(speakers)):
                for j in range(len(targets)):
                    v = int(grid.iat[i, j])
                    if v:
                        ax.text(j, i, str(v), ha="center", va="center", fontsize=9, color="white" if norm(v) > 0.55 else "black")
            ax.set_xticks(range(len(targets)), ["no target" if t == "?" else t for t in targets], rotation=45, ha="right")
            ax.set_yticks(range(len(speakers)), speakers if ax is axes[0][0] else [""] * len(speakers))
            ax.set_title(label, color=LABEL_COLOURS[label])
            ax.spines[:].set_visible(False)
        axes[0][0].set_ylabel("speaker actor")
        fig.supxlabel("target actor (attributed object, else the first other actor named in the sentence)", fontsize=12)
        fig.suptitle(title)
        fig.tight_layout(rect=(0, 0, 0.93, 1))
        if im is not None:
            cax = fig.add_axes((0.945, 0.25, 0.012, 0.55))
            bar = fig.colorbar(im, cax=cax)
            bar.set_label("labelled sentences (count; square-root colour scale)", fontsize=10)
            bar.locator = matplotlib.ticker.MaxNLocator(nbins=6, integer=True)
            bar.update_ticks()
    key = _code_key([*speakers, *[t for t in targets if t != "?"]], names)
    text = "Actor codes: " + key + "." if key else ""
    if caption or text:
        add_caption(fig, "\n".join(t for t in (caption, text) if t))
    return fig


def weekly_labels(weekly: pd.DataFrame, *, names: Mapping[str, str] | None = None, top: int = 4, min_sentences: int = 20,
                  min_week: int = 100, caption: str = "", title: str = "Labelled sentences per week, by speaker actor"):
    """Small multiples, one per label: each speaker actor's labelled sentences as a share of the week's text.

    Per label, the ``top`` actors with at least ``min_sentences`` labelled sentences are drawn
    (the others are listed in the caption, not drawn as lines flat at zero). Weeks with fewer
    than ``min_week`` sentences are hollow points, not joined to their neighbours; the bottom
    panel gives each week's n.

    Parameters
    ----------
    weekly : DataFrame
        ``week``, ``speaker_actor``, ``label``, ``sentences``, ``week_sentences``, ``share``
        (see :func:`analysis.study.summaries.weekly_label_counts`); weeks without text are gaps.

    Examples
    --------
    >>> from analysis.study.summaries import weekly_label_counts
    >>> df = pd.DataFrame({"date": ["2022-04-04"] * 30, "speaker_actor": ["RUS"] * 30,
    ...                    "accusation": [1] * 30, "prediction": [0] * 30, "rejection": [0] * 30})
    >>> len(weekly_labels(weekly_label_counts(df), min_week=10).axes)
    4
    """
    weeks = pd.Series(sorted(weekly["week"].dropna().unique()))
    n_week = weekly.drop_duplicates("week").set_index("week")["week_sentences"].reindex(weeks)
    sparse = set(n_week[n_week.fillna(0) < min_week].index)
    left_out: list[str] = []
    shown: list[str] = []
    with style():
        fig, axes = _new((11.5, 10), nrows=4, sharex=True, squeeze=False,
                         gridspec_kw={"height_ratios": [3, 3, 3, 1.4]})
        for ax, label in zip(axes[:3, 0], _LABELS):
            sub = weekly[weekly["label"] == label]
            totals = sub.groupby("speaker_actor")["sentences"].sum().sort_values(ascending=False, kind="stable")
            keep = list(totals[totals >= min_sentences].index[:top])
            small = [f"{a} {int(n)}" for a, n in totals.items() if a not in keep and n > 0]
            shown += keep + [a for a, n in totals.items() if a not in keep and n > 0][:8]
            if small:
                left_out.append(f"{label}: " + ", ".join(small[:8]) + (" ..." if len(small) > 8 else ""))
            if not keep:
                _empty(ax, f"no actor with {min_sentences}+ sentences with this label")
            for actor in keep:
                s = sub[sub["speaker_actor"] == actor].set_index("week")["share"].reindex(weeks)
                colour = colour_for(actor, _ACTOR_COLOURS)
                dense = s.where(~s.index.isin(sparse))
                ax.plot(weeks, dense.to_numpy(dtype=float), "o-", color=colour, markersize=3.5, lw=1.6,
                        label=f"{_actor_label(actor, names)}, n = {int(totals[actor]):,}")
                thin = s.where(s.index.isin(sparse))
                ax.plot(weeks, thin.to_numpy(dtype=float), "o", markerfacecolor="white", markeredgecolor=colour, markersize=4.5)
            ax.set_ylabel("% of the week's\nsentences")
            ax.set_ylim(bottom=0)
            ax.set_title(label, color=LABEL_COLOURS[label], loc="left")
            if keep:
                ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=10, title="speaker actor")
        nax = axes[3, 0]
        nax.bar(weeks, n_week.fillna(0).to_numpy(), width=5, color=[PALETTE["grey"] if w in sparse else "#555555" for w in weeks])
        nax.axhline(min_week, color=PALETTE["vermillion"], lw=0.8, ls=":")
        nax.set_ylabel("sentences\nin the week (n)")
        nax.set_xlabel(f"week (starting Monday); gaps: weeks without text; hollow points and grey bars: "
                       f"weeks with fewer than {min_week} sentences")
        fig.autofmt_xdate()
        fig.suptitle(title)
        fig.tight_layout()
    text = ("Not drawn (fewer than %d labelled sentences; code and count): " % min_sentences + "; ".join(left_out) + ".") if left_out else ""
    key = _code_key(shown, names)
    parts = [caption, text, ("Actor codes: " + key + ".") if key else ""]
    if any(parts):
        add_caption(fig, "\n".join(p for p in parts if p))
    return fig
