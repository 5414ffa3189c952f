"""Readers: formats, metadata, ids, provenance, and clear errors on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.io import read_articles, read_path
from analysis.tables import write_frame as write_table

FIX = Path(__file__).parent / "fixtures" / "ingest"
BAD = FIX / "bad"
ROOT = Path(__file__).resolve().parents[1]


def test_markdown_front_matter():
    arts, skipped = read_articles([FIX / "summit-report.md"])
    row = arts.iloc[0]
    assert row.article_id == "summit-report"
    assert (row.title, row.date, row.outlet, row.url) == (
        "Ministers Trade Accusations After Border Talks", "2023-05-14", "Fixture Wire",
        "https://example.org/summit-report")
    assert row.front_matter.startswith("---") and "title:" in row.front_matter
    assert "title:" not in row.raw_text  # front matter is metadata, not text
    assert len(row.sha256) == 64 and skipped.empty


def test_plain_text_title_from_first_line():
    row = read_articles([FIX / "wire-brief.txt"])[0].iloc[0]
    assert row.title == "Envoy Warns of Long Negotiations"
    assert row.raw_text.startswith("Envoy Warns")  # title already in the body: not duplicated


def test_html_main_text():
    row = read_articles([FIX / "plain-page.html"])[0].iloc[0]
    assert row.title == "Harbour Reopens After Storm"
    assert "Maria Olsen" in row.raw_text
    assert "All rights reserved" not in row.raw_text and "World" not in row.raw_text.split("\n")[0]


def test_jsonl_and_csv_corpora():
    j = read_articles([FIX / "bulletin.jsonl"])[0]
    assert j.article_id.tolist() == ["bulletin:1", "bulletin:2", "bulletin:3"]  # 1-based data rows
    assert j.title.tolist()[0] == "Talks Resume in Vienna" and j.outlet.unique().tolist() == ["Fixture Bulletin"]
    assert j.raw_text[0].startswith("Talks Resume in Vienna\n\n")  # title put on its own line
    c = read_articles([FIX / "bulletin.csv"])[0]
    assert c.article_id.tolist() == ["bulletin:10", "bulletin:11", "bulletin:12"]  # unnamed id column
    assert c.date.tolist() == ["2023-03-01", "2023-03-02", "2023-03-03"]
    j2 = read_articles([FIX / "bulletin.jsonl"], id_column="id")[0]
    assert j2.article_id.tolist() == ["bulletin:a1", "bulletin:a2", "bulletin:a3"]


def test_parquet_corpus(tmp_path):
    frame = pd.DataFrame({"body": ["One sentence here.", "Another one there."], "headline": ["A", "B"]})
    frame.to_parquet(tmp_path / "c.parquet")
    arts = read_articles([tmp_path / "c.parquet"], text_column="body", columns={"title": "headline"})[0]
    assert arts.article_id.tolist() == ["c:1", "c:2"] and arts.title.tolist() == ["A", "B"]


def test_directory_sorted_and_stable_ids(tmp_path):
    for name in ("b.txt", "a.md", "skip.docx", ".hidden.txt"):
        (tmp_path / name).write_text("Some text here.\n", encoding="utf-8")
    arts, skipped = read_articles([tmp_path])
    assert arts.article_id.tolist() == ["a", "b"]
    assert skipped.problem.tolist() == ["unsupported file type '.docx' in a folder; ignored"]  # recorded
    assert read_articles([tmp_path])[0].article_id.tolist() == arts.article_id.tolist()


def test_same_stem_in_two_folders_gets_qualified_ids(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text("Text.\n", encoding="utf-8")
    assert read_articles([tmp_path])[0].article_id.tolist() == ["x/same", "y/same"]


def test_seed_uses_provenance():
    row = read_articles([ROOT / "data" / "raw" / "articles" / "lavrov-changed-demands.txt"])[0].iloc[0]
    assert row.outlet == "The Moscow Times" and row.date == "2022-04-07"
    assert row.title == "Russia Accuses Ukraine of Changing Demands Since Istanbul Talks"


@pytest.mark.parametrize("name, message", [
    ("empty.txt", "empty file"),
    ("cp1251.txt", "not UTF-8"),
    ("no-article.html", "no article text"),
    ("no-text-column.csv", "no text column 'text'"),
    ("broken.jsonl", "row 2: not valid JSON"),
])
def test_bad_inputs_raise_clear_errors(name, message):
    with pytest.raises(InputError) as err:
        read_articles([BAD / name])
    assert message in str(err.value) and name in str(err.value)
    assert "\n" not in str(err.value)


def test_cp1251_hint_and_explicit_encoding():
    with pytest.raises(InputError, match="cp1251"):
        read_path(BAD / "cp1251.txt")
    recs, _ = read_path(BAD / "cp1251.txt", encoding="cp1251")
    assert "Министр" in recs[0]["raw_text"]


def test_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary file"):
        read_articles([path])


def test_five_megabyte_single_line(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1_050_000, encoding="utf-8")
    with pytest.raises(InputError, match="line 1 is 5,250,000 characters long"):
        read_articles([path])


def test_folder_without_supported_files(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"x")
    with pytest.raises(InputError, match="no supported files"):
        read_articles([tmp_path])


def test_utf16_named(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Talks resumed on Monday.".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        read_articles([path])
    assert read_path(path, encoding="utf-16")[0][0]["raw_text"].startswith("Talks")


def test_unsupported_and_missing(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    with pytest.raises(InputError, match="unsupported file type"):
        read_articles([tmp_path / "a.docx"])
    with pytest.raises(InputError, match="no such file"):
        read_articles([tmp_path / "missing.txt"])


def test_lenient_mode_records_skips(tmp_path):
    arts, skipped = read_articles([BAD / "empty.txt", BAD / "cp1251.txt", BAD / "broken.jsonl",
                                   FIX / "wire-brief.txt"], lenient=True)
    assert arts.article_id.tolist() == ["broken:1", "broken:3", "wire-brief"]
    assert len(skipped) == 3
    assert skipped.problem.str.contains("empty file").any()
    assert skipped.item.tolist()[-1] == "row 2"


def test_lenient_records_missing_text_column():
    arts, skipped = read_articles([BAD / "no-text-column.csv"], lenient=True)
    assert arts.empty and "no text column 'text'" in skipped.problem[0]


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_write_table_round_trip(tmp_path, suffix):
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    out = write_table(frame, tmp_path / f"t{suffix}")
    from analysis.errors import OutputError
    from analysis.tables import read_table

    assert read_table(out).table.column("b").to_pylist() == ["x", "y"]
    with pytest.raises(OutputError):
        write_table(frame, tmp_path / "t.xlsx")


def test_jsonl_rows_are_objects(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(["not", "an", "object"]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a JSON object"):
        read_articles([path])


def test_read_data_text_names_an_unreadable_user_file(tmp_path):
    from analysis.errors import InputError
    from analysis.io import read_data_text

    with pytest.raises(InputError, match="missing.yml: cannot read the word list"):
        read_data_text(tmp_path / "missing.yml", default="attribution.yml", what="word list")
    text, name = read_data_text(None, default="attribution.yml", what="word list")
    assert name == "analysis/data/attribution.yml" and "speech_verbs" in text
