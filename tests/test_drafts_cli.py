"""``python -m analysis drafts ...`` end to end."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.study.paths import project_root, raw_dir

FIXTURES = Path(__file__).parent / "fixtures" / "drafts"
SEED = raw_dir() / "articles" / "lavrov-changed-demands.txt"


def _run(capsys, *argv):
    code = main(["drafts", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_diff_istanbul_to_ua_draft_shows_crimea_exclusion_dropped(capsys):
    code, out, _ = _run(capsys, "diff", "istanbul-0329", "ua-draft-0406")
    assert code == 0
    line = next(l for l in out.splitlines() if l.startswith("guarantee-scope-crimea"))
    assert "DROPPED" in line
    assert "NOT COVERED" in next(l for l in out.splitlines() if l.startswith("neutrality"))


def test_diff_istanbul_to_treaty_mechanism_modified_with_troop_gap(capsys):
    code, out, _ = _run(capsys, "diff", "istanbul-0329", "treaty-draft-0415")
    assert code == 0
    assert "MODIFIED" in next(l for l in out.splitlines() if l.startswith("guarantee-mechanism"))
    flat = " ".join(out.split())
    assert "Russia 85,000 [WSJ-0301] vs Ukraine 250,000 [WSJ-0301] troops: gap 165,000" in flat


def test_diff_first_record_is_added_not_uncovered(capsys):
    code, out, _ = _run(capsys, "diff", "istanbul-0329", "treaty-draft-0415")
    assert code == 0
    for issue in ("forces-troops", "forces-tanks", "forces-artillery"):
        line = next(l for l in out.splitlines() if l.startswith(issue))
        assert "ADDED, FIRST RECORD" in line and "NOT COVERED" not in line
    code, out, _ = _run(capsys, "diff", "ua-draft-0406", "treaty-draft-0415")
    line = next(l for l in out.splitlines() if l.startswith("neutrality"))
    assert "MODIFIED" in line and "compared with istanbul-0329" in line


def test_diff_csv(capsys):
    code, out, _ = _run(capsys, "diff", "istanbul-0329", "treaty-draft-0415", "--format", "csv")
    df = pd.read_csv(io.StringIO(out), keep_default_na=False).set_index("issue")
    assert code == 0 and df.loc["guarantee-mechanism", "change"] == "modified"
    assert "85,000" in df.loc["forces-troops", "gap"]


def test_claims_on_seed_article(capsys):
    code, out, _ = _run(capsys, "claims", str(SEED), "--format", "csv")
    assert code == 0
    df = pd.read_csv(io.StringIO(out), keep_default_na=False)
    hit = df[df["text"].str.contains("this clear statement is missing")].iloc[0]
    assert (hit["from_id"], hit["to_id"], hit["issue"], hit["verdict"]) == (
        "istanbul-0329", "ua-draft-0406", "guarantee-scope-crimea", "supported")
    assert str(hit["single_source"]) == "True"
    assert not df["text"].str.contains("support us|small favor|journalism", case=False).any()
    code, out, _ = _run(capsys, "claims", str(SEED))
    assert "SUPPORTED SINGLE-SOURCE" in out and "guarantee-scope-crimea" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["diff", "istanbul-0329", "ua-draft-0407"], "unknown draft id 'ua-draft-0407'"),
        (["diff", "north-0501", "joint-0502", "--process", str(FIXTURES / "bad-no-source")],
         "positions.csv row 6: position has no source"),
        (["diff", "north-0501", "joint-0502", "--process", str(FIXTURES / "bad-issue")],
         "positions.csv row 3: issue 'air-corridor' is not in the taxonomy"),
        (["diff", "north-0501", "joint-0502", "--process", str(FIXTURES / "bad-duplicate-id")],
         "positions.csv row 6: duplicate position_id 'm4'"),
        (["diff", "north-0501", "joint-0502", "--process", str(FIXTURES / "bad-unknown-draft")],
         "positions.csv row 5: unknown draft id 'joint-0999'"),
        (["claims", "no/such/article.txt"], "no/such/article.txt: file not found"),
        (["gaps", "treaty-0415"], "unknown draft id 'treaty-0415'"),
    ],
)
def test_bad_input_exit_2_with_clear_message(capsys, argv, words):
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert words in err and err.startswith("error: ") and "Traceback" not in err


def test_other_process_matrix_gaps_align(capsys):
    code, out, _ = _run(capsys, "diff", "north-0501", "joint-0502", "--process", str(FIXTURES / "mini-process"))
    assert code == 0 and "DROPPED" in out
    code, out, _ = _run(capsys, "matrix")
    assert code == 0 and "absent (dropped)" in out
    code, out, _ = _run(capsys, "gaps", "treaty-draft-0415", "--format", "csv")
    assert code == 0 and "85000.0,WSJ-0301,Ukraine,250000.0" in out
    texts = FIXTURES / "texts"
    code, out, _ = _run(capsys, "align", str(texts / "treaty-v1.txt"), str(texts / "treaty-v2.txt"))
    assert code == 0 and "MOVED" in out and "{+administration for ten years.+}" in " ".join(out.split())


def test_subprocess_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "drafts", "diff", "istanbul-0329", "ua-draft-0406"],
        capture_output=True, text=True, cwd=project_root(), check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert any(l.startswith("guarantee-scope-crimea") and "DROPPED" in l for l in proc.stdout.splitlines())
    bad = subprocess.run(
        [sys.executable, "-m", "analysis", "drafts", "diff", "nope", "ua-draft-0406"],
        capture_output=True, text=True, cwd=project_root(), check=False,
    )
    assert bad.returncode == 2 and "unknown draft id 'nope'" in bad.stderr
