"""Event records: the library function, the ``events`` command, and the PLOVER actor check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import ParameterError
from analysis.events import EVENT_COLUMNS, event_records, events_from_paths

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "articles" / "lavrov-changed-demands.txt"


def test_seed_gives_an_accusation_rus_to_ukr_and_a_rejection_by_rus():
    records = events_from_paths([SEED])
    assert list(records.columns) == list(EVENT_COLUMNS)
    accuse = records[(records["event_type"] == "ACCUSE") & (records["source_actor"] == "RUS")
                     & (records["target_actor"] == "UKR")]
    assert not accuse.empty
    assert set(accuse["plover_event"]) == {"DISAPPROVE"} and set(accuse["plover_mode"]) == {"accuse"}
    reject = records[(records["event_type"] == "REJECT") & (records["source_actor"] == "RUS")]
    assert not reject.empty and set(reject["plover_event"]) == {"REJECT"}
    assert set(records.loc[records["event_type"] == "PREDICT", "plover_event"].dropna()) == set()
    assert (records["date"] == "2022-04-07").all()  # from data/raw/provenance.csv
    assert records["evidence"].str.len().gt(0).all()


def test_writer_sentence_takes_the_actor_before_the_cue_as_source():
    sents = pd.DataFrame({"sentence_id": ["x:0"], "text": ["Poland on Friday condemned Belarus for the border crisis."],
                          "speaker": [None], "speaker_actor": [None], "target": [None], "target_actor": [None]})
    labels = pd.DataFrame({"accusation": [1], "prediction": [0], "rejection": [0],
                           "evidence": ["accusation: 'condemned' [17:26]"]})
    r = event_records(sents, labels, date="2022-01-01").iloc[0]
    assert (r["source_actor"], r["target_actor"], r["target_rule"]) == ("POL", "BLR", "actor_after_cue")


def test_bad_date_is_a_parameter_error():
    with pytest.raises(ParameterError, match="YYYY-MM-DD"):
        events_from_paths([SEED], date="07/04/2022")


def test_cli_events_formats_and_errors(tmp_path, capsys):
    out = tmp_path / "ev.jsonl"
    assert main(["events", str(SEED), "--date", "2022-04-08", "-o", str(out), "--quiet"]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines and all(line["date"] == "2022-04-08" for line in lines)
    assert {"ACCUSE", "REJECT"} <= {line["event_type"] for line in lines}
    pq = tmp_path / "ev.parquet"
    assert main(["events", str(SEED), "-o", str(pq), "--quiet"]) == 0
    assert len(pd.read_parquet(pq)) == len(lines)
    proc = subprocess.run([sys.executable, "-m", "analysis", "events", str(SEED), "--date", "2022-13-40"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.strip().count("\n") == 0 and "YYYY-MM-DD" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "analysis", "events", str(tmp_path / "missing.txt")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "missing.txt" in proc.stderr


def test_cli_events_reads_stdin_and_writes_csv():
    text = "Talks\n\nRussia accused Ukraine of shelling the plant, the ministry said.\n"
    proc = subprocess.run([sys.executable, "-m", "analysis", "events", "-"], input=text, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("sentence_id,date,event_type")


@pytest.mark.shared
def test_plover_actor_accuracy(shared_dir):
    from analysis.study.plover_actors import plover_actor_check

    path = shared_dir / "corpora" / "plover-gsr" / "PLOVER_GSR_CAMEO.txt"
    if not path.is_file():
        pytest.skip("PLOVER file absent")
    table = plover_actor_check(path).set_index(["event", "subset", "field"])
    assert table.loc[("both", "all", "source"), "n"] == 50
    assert table.loc[("both", "all", "source"), "accuracy"] >= 0.5
    assert table.loc[("both", "all", "target"), "accuracy"] >= 0.5


def test_plover_actor_check_on_a_small_file(tmp_path):
    from analysis.study.plover_actors import plover_actor_check

    path = tmp_path / "p.txt"
    path.write_text(json.dumps([
        {"id": "1", "event": "REJECT", "eventText": "rejected", "text": "Poland rejected the Belarusian proposal.",
         "source": [{"actorText": "Poland", "code": "POL"}], "target": [{"actorText": "Belarusian", "code": "BLR"}]},
        {"id": "2", "event": "AGREE", "text": "Poland agreed.", "source": [{"code": "POL"}]},
    ]))
    table = plover_actor_check(path, labeler="cues").set_index(["event", "subset", "field"])
    assert table.loc[("REJECT", "all", "source"), ["n", "correct"]].tolist() == [1, 1]
    assert table.loc[("REJECT", "all", "target"), "correct"] == 1
