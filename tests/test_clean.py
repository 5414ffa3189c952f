"""Boilerplate removal: categories, appeal blocks, repeated paragraphs, and the accounting rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from analysis.clean import accounts_for, clean_text, find_repeated, load_patterns
from analysis.ingest import ingest_paths

FIX = Path(__file__).parent / "fixtures" / "ingest"
SEED = Path(__file__).resolve().parents[1] / "data" / "raw" / "articles" / "lavrov-changed-demands.txt"
GOOD = sorted(p for p in FIX.iterdir() if p.is_file()) + [SEED]


def reasons(raw: str, **kw) -> list[tuple[str, str]]:
    return [(s.text, s.reason) for s in clean_text(raw, **kw).removed]


def test_pattern_file_header_counts_match():
    """The header of boilerplate.yml lists each category's pattern counts; keep them true."""
    from importlib import resources

    text = resources.files("analysis").joinpath("data/boilerplate.yml").read_text(encoding="utf-8")
    spec = yaml.safe_load(text)
    header = {m.group(1): m.group(2) for m in re.finditer(r"^#   (\w+)\s+(.*?)\s+--", text, re.M)}
    counts = load_patterns().counts
    assert set(spec["categories"]) | {"repeated"} == set(header)
    for category, kinds in counts.items():
        for kind, n in kinds.items():
            if n:
                assert f"{kind} {n}" in header[category], (category, kind, n)


@pytest.mark.parametrize("line, reason", [
    ("Read more", "read_more"),
    ("Subscribe now", "subscription"),
    ("Sign up for our daily newsletter", "newsletter"),
    ("Share this article", "share"),
    ("We use cookies to improve your experience.", "cookie"),
    ("Advertisement", "ad"),
    ("Russian Foreign Minister Sergei Lavrov. Moskva News Agency", "caption"),
    ("Photo: Fixture Agency", "caption"),
])
def test_line_categories(line, reason):
    assert reasons(f"Officials met on Monday.\n\n{line}\n\nThey talked.") == [(line, reason)]


def test_news_lines_are_kept():
    raw = ("Officials said they would support us in the talks, the minister said.\n\n"
           "The US pledged support for independent journalism in the region.")
    result = clean_text(raw)
    assert result.removed == [] and result.text == raw


def test_appeal_block_runs_to_next_news_paragraph():
    raw = ("Talks ended on Friday.\n\n"
           "… we have a small favor to ask. Our newsroom needs readers like you.\n\n"
           "Your support keeps our journalism independent. Thank you.\n\n"
           "Remind me later.\n\n"
           "Separately, the ministry announced new sanctions on Friday.")
    removed = reasons(raw)
    assert [r for _, r in removed] == ["appeal", "appeal", "appeal"]
    assert clean_text(raw).text == "Talks ended on Friday.\n\nSeparately, the ministry announced new sanctions on Friday."


def test_title_line_is_never_removed_and_marked():
    result = clean_text("Support us\n\nRead more\n\nBody text here.", title="Read more")
    assert result.text.startswith("Read more") and result.title_span == (0, 9)


def test_markdown_markup_removed_inline_keeping_link_text():
    result = clean_text("## Heading\n\n- See [the map](https://example.org/m) here.")
    assert result.text == "Heading\n\nSee the map here."
    assert [s.text for s in result.removed] == ["## ", "- ", "[", "](https://example.org/m)"]


def test_repeated_lines_detected_per_outlet():
    footer = "This bulletin is produced by the desk and sent every morning to readers."
    texts = [f"Story {i} happened today.\n\n{footer}" for i in range(5)]
    assert find_repeated(texts) == {footer.lower()}
    assert find_repeated(texts[:2]) == frozenset()  # fewer than min_articles
    assert find_repeated(["# Key Events happened in the region today!"] * 5) == frozenset()  # headings kept


def test_repeated_reason_in_corpus_ingest():
    result = ingest_paths([FIX / "bulletin.jsonl"])
    assert result.removed.reason.tolist() == ["repeated"] * 3
    assert not result.sentences.text.str.contains("This bulletin is produced").any()


def test_accounts_for_detects_loss():
    assert accounts_for("A. B.", "A. B.", [])
    assert not accounts_for("A. B. C.", "A. B.", [])
    assert not accounts_for("A. B.", "A.", [(3, 5, "X.")])  # text must match raw[start:end]
    assert not accounts_for("A. B.", "", [(0, 5, "A. B."), (3, 5, "B.")])  # overlapping spans


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_accounting_rule_on_every_fixture(path):
    """Kept plus removed text accounts for the whole input.

    Rule: removed spans are disjoint, each equals raw_text[start:end], and raw_text with them
    deleted equals the cleaned text once all whitespace is deleted from both. And every
    non-whitespace character of the cleaned text is in exactly one sentence, with
    sentence.text == cleaned[start:end].
    """
    result = ingest_paths([path])
    assert len(result.articles) >= 1
    for art in result.articles.itertuples(index=False):
        rem = result.removed[result.removed.article_id == art.article_id]
        assert accounts_for(art.raw_text, art.text, zip(rem.start, rem.end, rem.text))
        sents = result.sentences[result.sentences.article_id == art.article_id].sort_values("start")
        covered = [False] * len(art.text)
        for s in sents.itertuples(index=False):
            assert art.text[s.start:s.end] == s.text
            for i in range(s.start, s.end):
                assert not covered[i]
                covered[i] = True
        assert all(c or art.text[i].isspace() for i, c in enumerate(covered))
