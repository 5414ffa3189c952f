"""End to end: the seed acceptance, tables and columns, lenient mode, CLI, shared corpora."""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stderr
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import InputError
from analysis.ingest import SENTENCES_COLUMNS, ingest_paths

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw" / "articles"
SEED = RAW / "lavrov-changed-demands.txt"
FIX = Path(__file__).parent / "fixtures" / "ingest"

APPEAL = [
    "Enjoying ad-free content?",
    "Since July 1, 2024, we have disabled all ads to improve your reading experience.",
    "This commitment costs us $10,000 a month.",
    "Your support can help us fill the gap.",
    "Support us",
    "Our journalism is banned in Russia.",
    "We need your help to keep providing you with the truth.",
    "… we have a small favor to ask.",
    'As you may have heard, The Moscow Times, an independent news source for over 30 years, has been unjustly branded as a "foreign agent" by the Russian government.',
    "This blatant attempt to silence our voice is a direct assault on the integrity of journalism and the values we hold dear.",
    "We, the journalists of The Moscow Times, refuse to be silenced.",
    "Our commitment to providing accurate and unbiased reporting on Russia remains unshaken.",
    "But we need your help to continue our critical mission.",
    "Your support, no matter how small, makes a world of difference.",
    "If you can, please support us monthly starting from just $2.",
    "It's quick to set up, and you can be confident that you're making a significant impact every month by supporting open, independent journalism.",
    "Thank you.",
    "paiment methods",
    "Not ready to support today?",
    "Remind me later.",
    "Read more",
]
CAPTION = "Russian Foreign Minister Sergei Lavrov. Moskva News Agency"
NEWS = [
    "Russia on Thursday accused Ukrainian negotiators of changing demands since last month's talks in Istanbul, claiming that Kyiv was not interested in ending fighting.",
    "Russian and Ukrainian negotiators met in Istanbul in March but there have been few signs of the conflict abating on the ground.",
    "Russian Foreign Minister Sergei Lavrov said that on Wednesday the Ukrainian side had presented its draft agreement.",
    '"It shows a departure from the most important provisions spelled out at the meeting in Istanbul on March 29," he said.',
    'In Turkey, "the Ukrainians clearly stated that future (international) security guarantees for Ukraine do not apply to Crimea and Sevastopol," Lavrov said, referring to territory Moscow annexed in 2014.',
    '"In yesterday\'s draft, this clear statement is missing," he added.',
    "He also said that Ukrainians wanted the leaders of Russia and Ukraine to discuss Crimea and separatist-held territory in eastern Ukraine face-to-face.",
    '"At the next stage, the Ukrainian side will certainly ask for the withdrawal of troops and will put forward new preconditions," Lavrov predicted.',
    '"This is unacceptable."',
    "He accused Ukrainian authorities of seeking to scupper talks and not wanting to end more than a month of fighting.",
    '"We see this as a manifestation of the fact that the Kyiv regime is controlled by Washington and its allies, who are pushing President Volodymyr Zelensky to continue hostilities," Lavrov said.',
]
LAVROV = [n for n in NEWS if n.startswith(('"', "In Turkey", "He ", "Russian Foreign Minister"))]


@pytest.fixture(scope="module")
def seed():
    return ingest_paths([RAW])


def test_seed_appeal_and_caption_removed_never_kept(seed):
    removed_text = " ".join(seed.removed.text)
    kept = " ".join(seed.sentences.text)
    for sentence in [*APPEAL, CAPTION]:
        assert sentence in removed_text, sentence
        assert sentence not in kept, sentence
    assert set(seed.removed.reason) == {"appeal", "caption"} | ({"read_more"} & set(seed.removed.reason))


def test_seed_every_news_sentence_kept(seed):
    texts = seed.sentences.text.tolist()
    assert texts[0] == "Russia Accuses Ukraine of Changing Demands Since Istanbul Talks"
    assert seed.sentences.is_title.tolist() == [True] + [False] * len(NEWS)
    assert texts[1:] == NEWS


def test_seed_lavrov_sentences_attributed(seed):
    s = seed.sentences.set_index("text")
    for sentence in LAVROV:
        assert (s.loc[sentence, "speaker"], s.loc[sentence, "speaker_actor"]) == ("Sergei Lavrov", "RUS"), sentence
    assert s.loc[NEWS[3], "mode"] == "quoted" and s.loc[NEWS[6], "mode"] == "reported"
    assert s.loc[NEWS[9], "target_actor"] == "UKR"
    assert s.loc[NEWS[0], "speaker_actor"] == "RUS" and s.loc[NEWS[1], "mode"] == "authorial"


def test_tables_and_columns(seed):
    assert list(seed.sentences.columns) == list(SENTENCES_COLUMNS)
    assert list(seed.removed.columns) == ["article_id", "start", "end", "text", "reason"]
    for col in ("article_id", "outlet", "date", "title", "url", "text", "source_path", "sha256"):
        assert col in seed.articles.columns
    assert seed.sentences.sentence_id.tolist() == [f"lavrov-changed-demands:{n}" for n in range(12)]
    art = seed.articles.iloc[0]
    for row in seed.sentences.itertuples(index=False):
        assert art.text[row.start:row.end] == row.text
    for row in seed.removed.itertuples(index=False):
        assert art.raw_text[row.start:row.end] == row.text


def test_ids_stable_across_runs(seed):
    again = ingest_paths([SEED])
    assert again.sentences.sentence_id.tolist() == seed.sentences.sentence_id.tolist()
    pd.testing.assert_frame_equal(again.sentences, seed.sentences)


def test_fixture_folder_and_lenient_skips(tmp_path):
    with pytest.raises(InputError):
        ingest_paths([FIX])  # the bad/ subfolder holds broken inputs
    result = ingest_paths([FIX], lenient=True)
    assert len(result.skipped) == 5  # empty, cp1251, no-article html, no text column, broken jsonl line
    assert {"summit-report", "wire-brief", "plain-page", "bulletin:1"} <= set(result.articles.article_id)


def test_cli_ingest_writes_tables(tmp_path):
    out = tmp_path / "out"
    buf = io.StringIO()
    with redirect_stderr(buf):
        assert main(["ingest", str(RAW), "-o", str(out)]) == 0
    assert "12 sentences" in buf.getvalue()
    for name in ("articles", "sentences", "removed"):
        assert (out / f"{name}.parquet").is_file()
    assert len(pd.read_parquet(out / "sentences.parquet")) == 12


def test_cli_sentences_prints_table():
    proc = subprocess.run([sys.executable, "-m", "analysis", "sentences", str(SEED)],
                          capture_output=True, text=True, check=True)
    table = pd.read_csv(io.StringIO(proc.stdout))
    assert {"sentence_id", "text", "start", "end", "speaker", "speaker_actor", "mode"} <= set(table.columns)
    assert table.loc[table.text == NEWS[3], "speaker"].item() == "Sergei Lavrov"
    proc = subprocess.run([sys.executable, "-m", "analysis", "sentences", str(SEED), "--format", "jsonl"],
                          capture_output=True, text=True, check=True)
    assert len(proc.stdout.splitlines()) == 12


@pytest.mark.parametrize("name", ["empty.txt", "cp1251.txt", "no-article.html", "no-text-column.csv", "broken.jsonl"])
def test_cli_bad_input_one_line_exit_2(name):
    proc = subprocess.run([sys.executable, "-m", "analysis", "sentences", str(FIX / "bad" / name)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and name in proc.stderr and "Traceback" not in proc.stderr


def test_pipeline_call_works():
    from analysis.study.paths import raw_dir

    result = ingest_paths([raw_dir() / "articles"])
    assert len(result.articles) >= 1 and not result.sentences.empty


@pytest.mark.shared
def test_shared_corpora_ingest_accounted(shared_dir):
    # Speed on these corpora is measured in benchmarks/bench_ingest.py, not here.
    from analysis.clean import accounts_for

    corpora = shared_dir / "corpora"
    result = ingest_paths([corpora / "isw-2022", corpora / "guardian-sample" / "articles.csv"])
    assert len(result.articles) == 25 + 249
    removed = result.removed.groupby("article_id")
    for art in result.articles.itertuples(index=False):
        rem = removed.get_group(art.article_id) if art.article_id in removed.groups else result.removed.iloc[:0]
        assert accounts_for(art.raw_text, art.text, zip(rem.start, rem.end, rem.text))


def test_nothing_runs_at_import():
    code = ("import sys, analysis.io, analysis.clean, analysis.segment, analysis.actors, "
            "analysis.attribution, analysis.ingest; "
            "print(all(m not in sys.modules for m in ('pysbd', 'trafilatura')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "True"
