"""Readable tables in notebooks: text wraps instead of being cut, long tables scroll.

pandas cuts cell text at ``display.max_colwidth`` (50 characters) and prints every row; a
sentence, a definition or a piece of evidence then loses its end. :func:`show_table` returns an
object that Jupyter renders as an HTML table whose text cells wrap (left-aligned, never cut),
inside a box that scrolls when the table is taller than ``height`` pixels; in a plain-text
context it prints the whole table with no column cut.

Examples
--------
>>> import pandas as pd
>>> from analysis.study.display import show_table
>>> t = show_table(pd.DataFrame({"text": ["x" * 80]}))
>>> "x" * 80 in t._repr_html_() and "overflow-y: auto" in t._repr_html_()
True
"""

from __future__ import annotations

import html

import pandas as pd

__all__ = ["Table", "show_table"]


class Table:
    """A DataFrame shown with wrapped text in a scrollable box (see :func:`show_table`)."""

    def __init__(self, frame: pd.DataFrame, *, height: int, width: str, caption: str, digits: int) -> None:
        self.frame = frame
        self.height = height
        self.width = width
        self.caption = caption
        self.digits = digits

    def _repr_html_(self) -> str:
        frame = self.frame
        text_columns = [c for c in frame.columns if frame[c].dtype == object or str(frame[c].dtype) in ("string", "str")]
        styler = frame.style.format(precision=self.digits, na_rep="").set_uuid("table")
        styler = styler.set_table_styles([
            {"selector": "th", "props": "text-align: left; vertical-align: top; position: sticky; top: 0; "
                                        "background: var(--jp-layout-color0, white);"},
            {"selector": "td", "props": "vertical-align: top; padding: 2px 8px;"},
        ])
        if text_columns:
            styler = styler.set_properties(subset=text_columns, **{
                "white-space": "normal", "text-align": "left", "min-width": "8em", "max-width": self.width,
                "overflow-wrap": "anywhere"})
        caption = f"<div style='margin: 2px 0 4px 0; color: #444'>{html.escape(self.caption)}</div>" if self.caption else ""
        note = f"<div style='color: #666; font-size: 90%'>{len(frame):,} rows x {frame.shape[1]} columns</div>"
        return (f"{caption}<div style='max-height: {self.height}px; overflow-y: auto; overflow-x: auto'>"
                f"{styler.to_html()}</div>{note}")

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.max_rows", None, "display.width", 200):
            body = self.frame.to_string()
        return f"{self.caption}\n{body}" if self.caption else body


def show_table(frame: pd.DataFrame, *, height: int = 420, width: str = "46em", caption: str = "", digits: int = 3) -> Table:
    """Wrap ``frame`` for display: text cells wrap (never cut at 50 characters), long tables scroll.

    Parameters
    ----------
    frame : DataFrame
        The table to show (all rows and all text are kept).
    height : int, default 420
        Height in pixels above which the table scrolls inside its box.
    width : str, default "46em"
        Maximum width of a text column before its text wraps (CSS length).
    caption : str, optional
        A line above the table (what it holds).
    digits : int, default 3
        Decimals shown for floats.

    Examples
    --------
    >>> t = show_table(pd.DataFrame({"a": [1.23456]}), caption="demo")
    >>> print(repr(t))
    demo
             a
    0  1.23456
    """
    return Table(frame, height=height, width=width, caption=caption, digits=digits)
