"""Regex helpers shared by the rule modules: a character trie and the cue-regex optimiser.

The optimiser turns a list of cue fragments into one regex that dispatches on the first
character (:func:`dispatch_regex`), and lists every literal prefix a fragment can start with
(:func:`literal_prefixes`) for a cheap prefilter; both walk the parse tree of :mod:`re`
(``re._parser``, the standard library's own parser; tested on Python 3.11+).

Examples
--------
>>> import re
>>> pattern = re.compile(trie_regex(["ukraine", "uk", "un"]))
>>> pattern.match("ukraine's").group(), pattern.match("ukrainian").group()
('ukraine', 'uk')
>>> sorted(literal_prefixes(parse("reject(?:s|ed)")))
['rejected', 'rejects']
>>> sorted(first_chars(parse("(?:war|bomb)s?"))[0])
['b', 'w']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

__all__ = ["trie_regex", "parse", "first_chars", "charset", "literal_prefixes", "top_alternatives",
           "restrict_first_char", "dispatch_regex", "PREFIX_LEN"]

#: Characters of each cue's literal start used by the prefilter.
PREFIX_LEN = 8


def parse(fragment: str) -> list[Any]:
    """The parse tree of a regex fragment (``re._parser``; raises :class:`re.error`)."""
    return list(re._parser.parse(fragment).data)  # type: ignore[attr-defined]

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


def first_chars(items: Any) -> tuple[set[str] | None, bool]:
    """Return (possible first characters or None when unknown, whether the pattern can be empty).

    Walks the parse tree of :mod:`re` (``re._parser``), so cues can be dispatched on their first
    character: the engine then tries only the few cues that can start at each word.
    """
    out: set[str] = set()
    C = re._constants  # type: ignore[attr-defined]
    for op, av in items:
        if op is C.LITERAL:
            out.add(chr(av))
            return out, False
        if op is C.IN:
            chars = charset(av)
            return (None if chars is None else out | chars), False
        if op is C.SUBPATTERN:
            sub, nullable = first_chars(av[-1].data)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            sub, nullable = first_chars(av[2].data)
            nullable = nullable or av[0] == 0
        elif op is C.BRANCH:
            sub, nullable = set(), False
            for branch in av[1]:
                chars, empty = first_chars(branch.data)
                if chars is None:
                    return None, False
                sub |= chars
                nullable = nullable or empty
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        else:
            return None, False
        if sub is None:
            return None, False
        out |= sub
        if not nullable:
            return out, False
    return out, True


def charset(av: Any) -> set[str] | None:
    """Characters a character class (``[...]``) can match, or None when open-ended."""
    C = re._constants  # type: ignore[attr-defined]
    chars: set[str] = set()
    for o, a in av:
        if o is C.LITERAL:
            chars.add(chr(a))
        elif o is C.RANGE:
            chars.update(chr(c) for c in range(a[0], a[1] + 1))
        elif o is C.CATEGORY and a is C.CATEGORY_DIGIT:
            chars.update("0123456789")
        elif o is C.CATEGORY and a is C.CATEGORY_SPACE:
            chars.add(" ")  # the batch has every whitespace character mapped to " "
        else:
            return None
    return chars


def literal_prefixes(items: list[Any], prefix: str = "", depth: int = 0) -> set[str]:
    """Every string of up to ``PREFIX_LEN`` characters a match of ``items`` can start with.

    Shorter strings mean "anything may follow" (end of pattern or an open class such as ``\\w``),
    so the set is a sound prefilter: a match can only start where one of them occurs.
    """
    C = re._constants  # type: ignore[attr-defined]
    if len(prefix) >= PREFIX_LEN or depth > 40:
        return {prefix[:PREFIX_LEN]}
    if not items:
        return {prefix}
    (op, av), rest = items[0], items[1:]
    if op is C.LITERAL:
        return literal_prefixes(rest, prefix + chr(av), depth + 1)
    if op is C.IN:
        chars = charset(av)
        if chars is None or len(chars) > 12:
            return {prefix}
        return set().union(*(literal_prefixes(rest, prefix + c, depth + 1) for c in chars))
    if op is C.SUBPATTERN:
        return literal_prefixes(list(av[-1].data) + rest, prefix, depth + 1)
    if op is C.BRANCH:
        return set().union(*(literal_prefixes(list(b.data) + rest, prefix, depth + 1) for b in av[1]))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        # a match has 0 iterations (when allowed), exactly 1 then the rest, or 2+ (stop there:
        # a shorter prefix means "anything may follow")
        lo, hi, sub = av
        out = literal_prefixes(rest, prefix, depth + 1) if lo == 0 else set()
        if lo <= 1:
            out |= literal_prefixes(list(sub.data) + rest, prefix, depth + 1)
        if hi is C.MAXREPEAT or hi > 1:
            out |= literal_prefixes(list(sub.data) * 2, prefix, depth + 1)
        return out
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return literal_prefixes(rest, prefix, depth + 1)
    return {prefix}


def _depths(text: str) -> Iterator[tuple[int, str, int]]:
    """``(index, character, paren depth before it)`` for the characters of ``text`` that are
    syntax: escapes (``\\x``) and character classes (``[...]``) are skipped whole."""
    depth, i, n = 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a class; ']' right after '[' or '[^' is a literal
            i += 2 if text.startswith("[^", i) else 1
            i += 1 if i < n and text[i] == "]" else 0
            while i < n and text[i] != "]":
                i += 2 if text[i] == "\\" else 1
            i += 1
            continue
        yield i, ch, depth
        depth += (ch == "(") - (ch == ")")
        i += 1


# a capturing group "(" not followed by "?", or a named one "(?P<": splitting would duplicate it
_CAPTURING = re.compile(r"\((?!\?)|\(\?P<")


def top_alternatives(fragment: str) -> tuple[list[str], str] | None:
    """``"(?:A|B)REST"`` -> ``(["A", "B"], "REST")``; ``"A|B"`` -> ``(["A", "B"], "")``; else None.

    Only a leading non-capturing group without a quantifier is split (``(?:A|B)?x`` is not),
    and nothing that holds a capturing group.

    Examples
    --------
    >>> top_alternatives("(?:war|bomb)s")
    (['war', 'bomb'], 's')
    >>> top_alternatives("(?:war|bomb)?s") is None, top_alternatives("war") is None
    (True, True)
    >>> top_alternatives("war|[|]")
    (['war', '[|]'], '')
    """
    def split(text: str) -> list[str]:  # at every "|" outside groups and classes
        cuts = [i for i, ch, depth in _depths(text) if ch == "|" and depth == 0]
        return [text[a + 1:b] for a, b in zip([-1, *cuts], [*cuts, len(text)])]

    if _CAPTURING.search(fragment):
        return None
    if fragment.startswith("(?:"):
        end = next((i for i, ch, depth in _depths(fragment) if ch == ")" and depth == 1), -1)
        if end > 0 and fragment[end + 1:end + 2] not in ("?", "*", "+", "{"):
            alts = split(fragment[3:end])
            if len(alts) > 1:
                return alts, fragment[end + 1:]
    alts = split(fragment)
    return (alts, "") if len(alts) > 1 else None


def restrict_first_char(fragment: str, char: str) -> str:
    """``fragment`` keeping only the leading alternatives that can start with ``char``.

    Where the text has ``char``, the result matches exactly what ``fragment`` matches (the other
    alternatives cannot start there, and the order of the rest is kept), so the dispatch regex
    can hold each cue's relevant branches instead of a full copy per first character: a
    third of the pattern to compile.

    Examples
    --------
    >>> restrict_first_char("(?:war|bomb|wound)s?", "w")
    '(?:war|wound)s?'
    >>> restrict_first_char("(?:(?:big|small) war|bomb)", "b")
    '(?:(?:big) war|bomb)'
    >>> restrict_first_char("(?:war|.bomb)s", "w")  # an alternative that may start anywhere: kept whole
    '(?:war|.bomb)s'
    """
    branches = _branches(fragment)
    if branches is None:
        return fragment
    alts, rest = branches
    kept = [restrict_first_char(alt, char) for alt, first in alts if char in first]
    return f"(?:{'|'.join(kept)}){rest}" if kept else fragment


@lru_cache(maxsize=8192)
def _branches(fragment: str) -> tuple[tuple[tuple[str, frozenset[str]], ...], str] | None:
    """The top alternatives of ``fragment`` with their first characters, or None when one of
    them may be empty or start with any character (parsed once per fragment)."""
    split = top_alternatives(fragment)
    if split is None:
        return None
    alts, rest = split
    out = []
    for alt in alts:
        try:
            first, nullable = first_chars(parse(alt))
        except re.error:
            return None
        if first is None or nullable:
            return None
        out.append((alt, frozenset(first)))
    return tuple(out), rest


def dispatch_regex(fragments: list[tuple[str, str, set[str] | None, Any]]) -> tuple[re.Pattern[str], dict[str, Any]]:
    """Compile ``\\b(?:(?=a)(?:cues starting with a)|(?=b)(...)|...)``, keeping lexicon order.

    One flat alternation of ~100 cues costs ~100 failed attempts at every word; dispatching on
    the first character first is ~5-10 times faster with the same leftmost-first semantics
    (every bucket lists its cues in lexicon order, blockers first).
    """
    chars = sorted({c for _, _, first, _ in fragments if first for c in first})
    names: dict[str, Any] = {}
    buckets = []
    for c in chars:
        alts = []
        for group, fragment, first, entry in fragments:
            if first is None or c in first:
                name = f"{group}_{len(buckets)}"
                names[name] = entry
                alts.append(f"(?P<{name}>{restrict_first_char(fragment, c)})(?!\\w)")
        buckets.append((c, "|".join(alts)))
    def tree(items: list[tuple[str, str]]) -> str:
        # binary dispatch on the first character: ~log2(26) one-character checks per word
        if len(items) <= 3:
            return "|".join(f"(?={re.escape(c)})(?:{alts})" for c, alts in items)
        half = len(items) // 2
        lo, hi = items[:half], items[half:]
        cls = "".join(re.escape(c) for c, _ in lo)
        return f"(?=[{cls}])(?:{tree(lo)})|{tree(hi)}"

    body = [tree(buckets)] if buckets else []
    rest = []
    for group, fragment, first, entry in fragments:
        if first is None:
            name = f"{group}_x"
            names[name] = entry
            rest.append(f"(?P<{name}>{fragment})(?!\\w)")
    if rest:
        body.append("|".join(rest))
    return re.compile(r"\b(?:" + "|".join(body) + ")"), names
