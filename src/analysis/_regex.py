"""Regex helpers shared by the rule modules (private).

Examples
--------
>>> import re
>>> pattern = re.compile(trie_regex(["ukraine", "uk", "un"]))
>>> pattern.match("ukraine's").group(), pattern.match("ukrainian").group()
('ukraine', 'uk')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["trie_regex"]


def trie_regex(words: Iterable[str]) -> str:
    """A regex fragment matching any of ``words``, longest first at a position (a character trie).

    Equivalent to ``"|".join(sorted(words, key=len, reverse=True))`` (with escaping) including
    backtracking into shorter words when what follows fails, but it tests one character at a time
    instead of every word in turn, so a few hundred words cost little more than a few.

    Examples
    --------
    >>> trie_regex(["war", "was"])
    'wa(?:r|s)'
    >>> trie_regex(["a", "ab"])
    'a(?:b)?'
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)
