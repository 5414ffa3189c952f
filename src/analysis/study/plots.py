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
>>> from analysis.study.plots import save_figure
>>> fig, ax = plt.subplots()
>>> _ = ax.plot([0, 1], [0, 1])
>>> paths = save_figure(fig, "demo", figures_dir=tempfile.mkdtemp())
>>> [p.suffix for p in paths]
['.svg', '.png']
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.colors
import matplotlib.patches
import matplotlib.ticker
import numpy as np
import pandas as pd

__all__ = [
    "PALETTE",
    "LABEL_COLOURS",
    "CHANGE_COLOURS",
    "style",
    "save_figure",
    "corpus_accounting",
    "speakers_by_mode",
    "labeler_scores",
    "label_cooccurrence",
    "calibration_curves",
    "issue_matrix",
    "change_counts",
    "force_caps",
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
    plt.close(fig)
    return paths



#: Colours of the draft-to-draft change types (and coverage states) in the drafts figures.
CHANGE_COLOURS: dict[str, str] = {
    "added": PALETTE["green"],
    "dropped": PALETTE["vermillion"],
    "modified": PALETTE["orange"],
    "unchanged": PALETTE["sky"],
    "not covered": "#EEEEEE",
    "first record": PALETTE["blue"],
}

_LABELS = ("accusation", "prediction", "rejection")
_REASON_CYCLE = ("orange", "vermillion", "purple", "sky", "yellow", "green", "grey", "black")


def _new(figsize: tuple[float, float], **kwargs):
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize, **kwargs)


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=12, color=PALETTE["grey"])
    ax.set_xticks([])
    ax.set_yticks([])


# -- 01-corpus -------------------------------------------------------------------------


def corpus_accounting(accounting: pd.DataFrame, *, title: str = "What cleaning kept and removed, by reason"):
    """Share of each input's characters kept as article text or removed, by reason.

    Parameters
    ----------
    accounting : DataFrame
        ``unit``, ``category`` (``"kept"`` or a removal reason), ``chars``; see
        :func:`analysis.study.summaries.accounting`.

    Examples
    --------
    >>> acc = pd.DataFrame({"unit": ["a", "a"], "category": ["kept", "donation"], "chars": [80, 20]})
    >>> corpus_accounting(acc).axes[0].get_xlabel()
    "share of the input's characters (%)"
    """
    table = accounting.pivot_table(index="unit", columns="category", values="chars", aggfunc="sum", fill_value=0, sort=False)
    reasons = sorted((c for c in table.columns if c != "kept"), key=lambda r: (-table[r].sum(), r))
    order = ["kept", *reasons]
    table = table.reindex(columns=order, fill_value=0)
    share = table.div(table.sum(axis=1), axis=0) * 100
    colours = {"kept": PALETTE["blue"], **{r: PALETTE[_REASON_CYCLE[i % len(_REASON_CYCLE)]] for i, r in enumerate(reasons)}}
    with style():
        fig, ax = _new((11, 1.8 + 0.8 * len(share)))
        left = np.zeros(len(share))
        for cat in order:
            ax.barh(list(share.index), share[cat].to_numpy(), left=left, color=colours[cat], label=cat, edgecolor="white", linewidth=0.5)
            left = left + share[cat].to_numpy()
        for y, unit in enumerate(share.index):
            total = int(table.loc[unit].sum())
            removed = total - int(table.loc[unit, "kept"])
            ax.text(101, y, f"{removed:,} of {total:,}\nchars removed", va="center", fontsize=10)
        ax.set_xlim(0, 100)
        ax.set_xlabel("share of the input's characters (%)")
        ax.set_title(title)
        ax.invert_yaxis()
        ax.legend(ncols=min(4, len(order)), loc="upper left", bbox_to_anchor=(0, -0.35 if len(share) < 3 else -0.15), frameon=False)
    return fig


def speakers_by_mode(sentences: pd.DataFrame, *, top: int = 10, title: str = "Who speaks: sentences by speaker and mode"):
    """Sentences per named speaker, split by mode (quoted / reported), plus the author's own.

    Examples
    --------
    >>> s = pd.DataFrame({"speaker": ["A", None], "mode": ["quoted", "authorial"]})
    >>> speakers_by_mode(s).axes[0].get_xlabel()
    'sentences (count)'
    """
    who = sentences["speaker"].where(sentences["mode"] != "authorial").fillna("(author)")
    counts = sentences.assign(who=who).groupby(["who", "mode"]).size().unstack(fill_value=0)
    modes = [m for m in ("quoted", "reported", "authorial") if m in counts.columns]
    counts = counts.reindex(columns=modes)
    named = counts.drop(index="(author)", errors="ignore")
    named = named.loc[named.sum(axis=1).sort_values(ascending=False, kind="stable").index[:top]]
    if "(author)" in counts.index:
        named = pd.concat([named, counts.loc[["(author)"]]]).fillna(0)
    colours = {"quoted": PALETTE["vermillion"], "reported": PALETTE["orange"], "authorial": PALETTE["grey"]}
    with style():
        fig, ax = _new((9, 1.6 + 0.5 * max(len(named), 1)))
        left = np.zeros(len(named))
        for mode in modes:
            ax.barh(list(named.index), named[mode].to_numpy(), left=left, color=colours[mode], label=mode)
            left = left + named[mode].to_numpy()
        for y, total in enumerate(left):
            ax.text(total, y, f" {int(total)}", va="center", fontsize=10)
        ax.invert_yaxis()
        ax.set_xlabel("sentences (count)")
        ax.set_title(title)
        ax.margins(x=0.12)
        ax.legend(title="mode", frameon=False, loc="lower right")
    return fig


# -- 02-labelers -----------------------------------------------------------------------

_LABELER_COLOURS = {
    "baseline": PALETTE["grey"],
    "cues": PALETTE["orange"],
    "learned": PALETTE["sky"],
    "default": PALETTE["blue"],
}


def labeler_scores(metrics: pd.DataFrame, *, title: str = "Held-out precision, recall and F1 with 95% bootstrap CIs"):
    """Dot-and-whisker plot: per label and metric, each labeler's score with its CI.

    Parameters
    ----------
    metrics : DataFrame
        ``labeler, label, precision, recall, f1`` and ``<metric>_lo``/``<metric>_hi``.

    Examples
    --------
    >>> m = pd.DataFrame({"labeler": ["cues"], "label": ["accusation"], "precision": [.9], "recall": [.8],
    ...                   "f1": [.85], "precision_lo": [.8], "precision_hi": [.95], "recall_lo": [.7],
    ...                   "recall_hi": [.9], "f1_lo": [.8], "f1_hi": [.9]})
    >>> len(labeler_scores(m).axes)  # one panel per label present
    1
    """
    labels = [lab for lab in (*_LABELS, "macro") if lab in set(metrics["label"])] or sorted(set(metrics["label"]))
    labelers = [lb for lb in ("baseline", "cues", "learned", "default") if lb in set(metrics["labeler"])]
    labelers += sorted(set(metrics["labeler"]) - set(labelers))
    measures = ("precision", "recall", "f1")
    with style():
        fig, axes = _new((3.6 * len(labels) + 1, 4.2), ncols=len(labels), sharey=True, squeeze=False)
        axes = axes[0]
        step = 0.8 / max(len(labelers), 1)
        for ax, label in zip(axes, labels):
            sub = metrics[metrics["label"] == label].set_index("labeler")
            for i, lb in enumerate(labelers):
                if lb not in sub.index:
                    continue
                row = sub.loc[lb]
                ys = np.arange(len(measures)) + (i - (len(labelers) - 1) / 2) * step
                xs = np.array([row[m] for m in measures], dtype=float)
                lo = np.array([row[f"{m}_lo"] for m in measures], dtype=float)
                hi = np.array([row[f"{m}_hi"] for m in measures], dtype=float)
                ax.errorbar(xs, ys, xerr=[xs - lo, hi - xs], fmt="o", color=_LABELER_COLOURS.get(lb, PALETTE["black"]),
                            label=lb if label == labels[0] else None, capsize=3, markersize=6)
            ax.set_yticks(range(len(measures)), ["precision", "recall", "F1"])
            ax.set_xlim(0, 1.02)
            ax.axvline(0.9, color=PALETTE["grey"], lw=0.8, ls=":", label="0.90 quality bar" if label == labels[0] else None)
            ax.set_title("macro average" if label == "macro" else label, color=LABEL_COLOURS.get(label, PALETTE["black"]))
            ax.set_xlabel("score (0-1)")
        axes[0].invert_yaxis()
        fig.suptitle(title)
        fig.legend(title="labeler", loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=len(labelers) + 1, frameon=False)
        fig.tight_layout()
    return fig


def label_cooccurrence(gold: pd.DataFrame, *, title: str = "Label co-occurrence in the annotated corpus"):
    """Heatmap of how often two labels share a sentence (diagonal: sentences with the label).

    Examples
    --------
    >>> g = pd.DataFrame({"accusation": [1, 1, 0], "prediction": [0, 1, 0], "rejection": [1, 0, 0]})
    >>> label_cooccurrence(g).axes[0].get_title()
    'Label co-occurrence in the annotated corpus'
    """
    y = gold[list(_LABELS)].to_numpy(dtype=int)
    co = y.T @ y
    with style():
        fig, ax = _new((6.5, 5.5))
        im = ax.imshow(co, cmap="Blues")
        for i in range(3):
            for j in range(3):
                ax.text(j, i, f"{co[i, j]:,}", ha="center", va="center", color="white" if co[i, j] > co.max() / 2 else "black", fontsize=12)
        ax.set_xticks(range(3), _LABELS)
        ax.set_yticks(range(3), _LABELS)
        ax.set_title(title)
        fig.colorbar(im, ax=ax, label="sentences (count)", shrink=0.8)
        ax.spines[:].set_visible(False)
    return fig


def calibration_curves(predictions: pd.DataFrame, *, labelers: Sequence[str] = ("learned", "default"), bins: int = 10,
                       title: str = "Calibration on the held-out split"):
    """Reliability diagram per label: mean score vs observed share of positives, by score bin.

    Parameters
    ----------
    predictions : DataFrame
        Gold columns ``accusation, prediction, rejection`` and scores ``<labeler>_<label>_score``.
    """
    with style():
        fig, axes = _new((12, 4.4), ncols=3, sharey=True, squeeze=False)
        for ax, label in zip(axes[0], _LABELS):
            ax.plot([0, 1], [0, 1], color=PALETTE["grey"], ls="--", lw=1, label="perfect")
            for lb in labelers:
                col = f"{lb}_{label}_score"
                if col not in predictions.columns:
                    continue
                score = predictions[col].to_numpy(dtype=float)
                truth = predictions[label].to_numpy(dtype=float)
                edges = np.linspace(0, 1, bins + 1)
                idx = np.clip(np.digitize(score, edges[1:-1]), 0, bins - 1)
                xs, ys, ns = [], [], []
                for b in range(bins):
                    m = idx == b
                    if m.sum() >= 3:
                        xs.append(score[m].mean()); ys.append(truth[m].mean()); ns.append(int(m.sum()))
                ax.plot(xs, ys, "o-", color=_LABELER_COLOURS.get(lb, PALETTE["black"]), label=lb, markersize=5)
            ax.set_title(label)
            ax.set_xlabel("predicted score (bin mean)")
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1)
        axes[0][0].set_ylabel("observed share positive")
        axes[0][0].legend(frameon=False, loc="upper left")
        fig.suptitle(title)
        fig.tight_layout()
    return fig


# -- 03-drafts -------------------------------------------------------------------------


def issue_matrix(coverage: pd.DataFrame, change: pd.DataFrame, *, issue_labels: dict[str, str] | None = None,
                 title: str = "Issues across the Istanbul drafts, coloured by change since the previous draft"):
    """PA-X-style matrix: issues x drafts; colour and text = change since the previous draft.

    A cell is *first record* when the issue is covered (or recorded absent) and no earlier
    draft has a record for it; *not covered* (–) when no source covers the issue for the draft.

    Parameters
    ----------
    coverage, change : DataFrame
        From :func:`analysis.drafts.presence_matrix` with ``what="coverage"`` and ``what="change"``
        (same index and columns).
    """
    issues = list(coverage.index)
    drafts = list(coverage.columns)
    with style():
        fig, ax = _new((2.2 * len(drafts) + 4.5, 0.42 * len(issues) + 1.8))
        for i, issue in enumerate(issues):
            for j, did in enumerate(drafts):
                cov = coverage.loc[issue, did]
                ch = change.loc[issue, did]
                if cov == "not covered":
                    ch, text = "not covered", "–"
                elif ch in ("", "not covered", None):  # covered (or absent) with no earlier record
                    ch, text = "first record", cov
                else:
                    text = f"{cov}: {ch}" if cov == "absent" else ch
                colour = CHANGE_COLOURS.get(ch, "#FFFFFF")
                ax.add_patch(matplotlib.patches.Rectangle((j, i), 0.96, 0.92, facecolor=colour, edgecolor="white"))
                dark = ch in ("dropped", "first record", "added")
                ax.text(j + 0.48, i + 0.46, text, ha="center", va="center", fontsize=9, color="white" if dark else "black")
        ax.set_xlim(0, len(drafts))
        ax.set_ylim(len(issues), 0)
        ax.set_xticks(np.arange(len(drafts)) + 0.48, drafts, rotation=0)
        labels = [issue_labels.get(i, i) if issue_labels else i for i in issues]
        ax.set_yticks(np.arange(len(issues)) + 0.46, labels)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        ax.spines[:].set_visible(False)
        handles = [matplotlib.patches.Patch(color=CHANGE_COLOURS[k], label=k) for k in ("first record", "added", "modified", "unchanged", "dropped", "not covered")]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, title="change")
        ax.set_title(title, pad=30)
    return fig


def change_counts(changes: pd.DataFrame, *, pairs: Sequence[tuple[str, str]] | None = None,
                  title: str = "What each draft changed: issues by change type"):
    """Stacked horizontal bars: for each draft pair, issues added / dropped / modified / unchanged.

    Issues that neither draft covers are left out (counted in the bar's label).
    """
    order = ["added", "dropped", "modified", "unchanged"]
    if pairs is not None:
        keep = {tuple(p) for p in pairs}
        changes = changes[[(a, b) in keep for a, b in zip(changes["from_id"], changes["to_id"])]]
    pair_order = list(dict.fromkeys(zip(changes["from_id"], changes["to_id"])))
    counts = changes.groupby(["from_id", "to_id", "change"]).size().unstack(fill_value=0)
    with style():
        fig, ax = _new((10, 1.6 + 0.7 * len(pair_order)))
        names = [f"{a} → {b}" for a, b in pair_order]
        left = np.zeros(len(pair_order))
        for ch in order:
            vals = np.array([counts.loc[p, ch] if p in counts.index and ch in counts.columns else 0 for p in pair_order])
            ax.barh(names, vals, left=left, color=CHANGE_COLOURS[ch], label=ch)
            for y, (l, v) in enumerate(zip(left, vals)):
                if v:
                    ax.text(l + v / 2, y, str(v), ha="center", va="center", fontsize=10, color="white" if ch in ("added", "dropped") else "black")
            left = left + vals
        for y, p in enumerate(pair_order):
            nc = counts.loc[p, "not covered"] if "not covered" in counts.columns else 0
            ax.text(left[y] + 0.2, y, f"(+{nc} not covered)", va="center", fontsize=9, color=PALETTE["grey"])
        ax.invert_yaxis()
        ax.set_xlabel("issues (count)")
        ax.set_title(title)
        ax.margins(x=0.25)
        ax.legend(ncols=4, loc="upper left", bbox_to_anchor=(0, -0.18 if len(pair_order) > 3 else -0.3), frameon=False)
    return fig


def force_caps(gaps: pd.DataFrame, *, title: str = "Caps on Ukraine's armed forces proposed in the 15 April draft, by party"):
    """Small multiples, one per capped item (troops, tanks, ...): each party's figure, by source.

    Parameters
    ----------
    gaps : DataFrame
        Numeric positions with ``issue``, ``unit``, ``party``, ``value``, ``source``,
        ``confidence`` (one row per party and source).
    """
    items = list(dict.fromkeys(gaps["issue"]))
    party_colours = {"Russia": PALETTE["vermillion"], "Ukraine": PALETTE["blue"]}
    ncols = min(3, max(len(items), 1))
    nrows = max(1, -(-len(items) // ncols))
    with style():
        fig, axes = _new((4.2 * ncols, 4.2 * nrows), ncols=ncols, nrows=nrows, squeeze=False)
        for ax in axes.flat[len(items):]:
            ax.set_visible(False)
        for ax, item in zip(axes.flat, items):
            sub = gaps[gaps["issue"] == item].reset_index(drop=True)
            names = [f"{p}\n({s})" for p, s in zip(sub["party"], sub["source"])]
            colours = [party_colours.get(p, PALETTE["grey"]) for p in sub["party"]]
            hatches = ["//" if c == "low" else "" for c in sub["confidence"]]
            bars = ax.bar(range(len(sub)), sub["value"], color=colours, hatch=hatches, edgecolor="white")
            for b, v in zip(bars, sub["value"]):
                ax.text(b.get_x() + b.get_width() / 2, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=10)
            ax.set_xticks(range(len(sub)), names, fontsize=9)
            unit = sub["unit"].iloc[0] if len(sub) else ""
            ax.set_title(item.replace("forces-", "").replace("-", " "))
            ax.set_ylabel(f"cap ({unit})")
            ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
            ax.margins(y=0.15)
        fig.suptitle(title)
        fig.text(0.5, -0.02, "hatched: lower-confidence secondary report", ha="center", fontsize=10, color=PALETTE["grey"])
        fig.tight_layout()
    return fig


# -- 04-actors -------------------------------------------------------------------------


def actor_target_matrix(counts: pd.DataFrame, *, title: str = "Who accuses, predicts and rejects whom"):
    """One heatmap per label: speaker actor (rows) x target actor (columns), sentence counts.

    Parameters
    ----------
    counts : DataFrame
        ``label``, ``speaker_actor``, ``target_actor``, ``sentences`` (see
        :func:`analysis.study.summaries.actor_label_counts`); ``"?"`` is drawn as "no target".
    """
    by_speaker = counts.groupby("speaker_actor")["sentences"].sum().sort_values(ascending=False, kind="stable")
    speakers = list(by_speaker.index[:10])
    named = counts[counts["target_actor"] != "?"]
    by_target = named.groupby("target_actor")["sentences"].sum().sort_values(ascending=False, kind="stable")
    targets = list(by_target.index[:9]) + (["?"] if (counts["target_actor"] == "?").any() else [])
    with style():
        fig, axes = _new((4.2 * 3 + 1.5, 0.45 * max(len(speakers), 3) + 3.2), ncols=3, squeeze=False, layout="constrained")
        vmax = max(int(counts["sentences"].max()) if len(counts) else 1, 1)
        im = None
        for ax, label in zip(axes[0], _LABELS):
            sub = counts[counts["label"] == label]
            grid = sub.pivot_table(index="speaker_actor", columns="target_actor", values="sentences", aggfunc="sum", fill_value=0)
            grid = grid.reindex(index=speakers, columns=targets, fill_value=0)
            if not speakers:
                _empty(ax, "no labelled sentences")
                continue
            im = ax.imshow(grid.to_numpy(), cmap="Blues", norm=matplotlib.colors.PowerNorm(0.4, vmin=0, vmax=vmax), aspect="auto")
            for i in range(len(speakers)):
                for j in range(len(targets)):
                    v = int(grid.iat[i, j])
                    if v:
                        ax.text(j, i, str(v), ha="center", va="center", fontsize=9, color="white" if v > vmax / 6 else "black")
            ax.set_xticks(range(len(targets)), ["no target" if t == "?" else t for t in targets], rotation=45, ha="right")
            ax.set_yticks(range(len(speakers)), speakers if ax is axes[0][0] else [""] * len(speakers))
            ax.set_title(label, color=LABEL_COLOURS[label])
            ax.spines[:].set_visible(False)
        axes[0][0].set_ylabel("speaker actor")
        fig.supxlabel("target actor (attributed object, else the first other actor named in the sentence)")
        if im is not None:
            bar = fig.colorbar(im, ax=list(axes[0]), label="sentences (count; compressed scale)", shrink=0.8)
            bar.locator = matplotlib.ticker.MaxNLocator(nbins=6, integer=True)
            bar.update_ticks()
        fig.suptitle(title)
    return fig


def weekly_labels(weekly: pd.DataFrame, *, top: int = 5, title: str = "Labelled sentences per week, by speaker actor"):
    """Small multiples, one per label: each speaker actor's labelled sentences as a share of the week's text.

    Parameters
    ----------
    weekly : DataFrame
        ``week``, ``speaker_actor``, ``label``, ``sentences``, ``share`` (see
        :func:`analysis.study.summaries.weekly_label_counts`); weeks without text are gaps.
    """
    totals = weekly.groupby("speaker_actor")["sentences"].sum().sort_values(ascending=False, kind="stable")
    actors = list(totals[totals > 0].index[:top])
    colours = [PALETTE[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky", "black")]
    with style():
        fig, axes = _new((11, 8), nrows=3, sharex=True, squeeze=False)
        for ax, label in zip(axes[:, 0], _LABELS):
            sub = weekly[weekly["label"] == label]
            if sub.empty or not actors:
                _empty(ax, "no sentences with this label")
            for k, actor in enumerate(actors):
                s = sub[sub["speaker_actor"] == actor].set_index("week")["share"]
                ax.plot(s.index, s.to_numpy(dtype=float), "o-", color=colours[k % len(colours)], label=actor, markersize=3, lw=1.5)
            ax.set_ylabel("% of the week's\nsentences")
            ax.set_ylim(bottom=0)
            ax.set_title(label, color=LABEL_COLOURS[label], loc="left")
        if actors:
            axes[0, 0].legend(title="speaker actor", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        axes[-1, 0].set_xlabel("week (starting Monday); gaps: weeks without text")
        fig.autofmt_xdate()
        fig.suptitle(title)
        fig.tight_layout()
    return fig
