"""Sentence segmentation: exact offsets, titles, quotes, speed."""

from __future__ import annotations


from analysis.segment import segment_text, sentence_spans, split_paragraphs


def texts(rows):
    return [r["text"] for r in rows]


def test_offsets_slice_back_exactly():
    text = "Title\n\nFirst one here. Mr. Smith met Dr. Jones in the U.S. on Monday.\n\n  Second paragraph!  "
    rows = segment_text(text, article_id="a", title_span=(0, 5))
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
    assert texts(rows) == ["Title", "First one here.", "Mr. Smith met Dr. Jones in the U.S. on Monday.",
                           "Second paragraph!"]
    assert [r["is_title"] for r in rows] == [True, False, False, False]
    assert [r["sentence_id"] for r in rows] == ["a:0", "a:1", "a:2", "a:3"]


def test_title_is_one_unit_even_with_punctuation():
    text = "Talks Fail. Fighting Resumes\n\nBody."
    rows = segment_text(text, article_id="t", title_span=(0, 28))
    assert texts(rows) == ["Talks Fail. Fighting Resumes", "Body."]


def test_quote_spanning_sentences_stays_together_or_closes_right():
    text = '“They are not wanted in the camp. They are often not wanted anywhere,” said the director. Next.'
    rows = texts(segment_text(text, article_id="q"))
    assert rows[-1] == "Next."
    assert "".join(rows).replace(" ", "") == text.replace(" ", "")
    assert not any(r.startswith("”") for r in rows)


def test_closing_quote_moved_back():
    text = 'He said: "We will go." "Then we return," she said.'
    rows = texts(segment_text(text, article_id="c"))
    assert all(r.count('"') % 2 == 0 for r in rows), rows


def test_paragraphs_and_hard_wrapped_lines():
    text = "One sentence that is\nwrapped over lines.\n\nTwo."
    assert split_paragraphs(text) == [(0, 40), (42, 46)]
    assert texts(segment_text(text, article_id="w")) == ["One sentence that is\nwrapped over lines.", "Two."]


def test_long_paragraph_without_boundaries_is_cut_safely():
    text = "word " * 4000  # 20,000 characters, no sentence end
    spans = sentence_spans(text)
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")


def test_unbalanced_quote_does_not_swallow_the_paragraph():
    text = 'He said "this. ' + " ".join(f"Sentence number {i} is here." for i in range(200))
    rows = segment_text(text, article_id="u")
    assert len(rows) > 150


def test_long_multi_paragraph_text_segments_with_exact_offsets():
    # Speed is measured in benchmarks/bench_ingest.py, not in a timed test.
    para = ('Officials met in Geneva on Monday. "We are ready to talk," the minister said. '
            'Mr. Smith, the U.S. envoy, arrived at 5 p.m. and left early. ') * 40
    text = "\n\n".join([para] * 10)
    rows = segment_text(text, article_id="s")
    assert len(rows) >= 1000
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
