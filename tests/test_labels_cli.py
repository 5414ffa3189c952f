"""``python -m analysis label``: good inputs, bad inputs (exit 2, no output left behind)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main

COLUMNS = ["accusation", "prediction", "rejection", "accusation_score", "prediction_score", "rejection_score",
           "evidence"]


def _run(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_csv_to_file(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.csv"
    pd.DataFrame({"id": [1, 2], "body": ["Kyiv rejected the plan.", "Prices will likely rise."]}).to_csv(src, index=False)
    out = tmp_path / "out.csv"
    code, stdout, _ = _run(["label", str(src), "--text-column", "body", "--output", str(out), "--labeler", "cues"], capsys)
    assert code == 0 and stdout == ""
    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame.columns) == ["id", "body", *COLUMNS]
    assert frame["rejection"].tolist() == [1, 0] and frame["prediction"].tolist() == [0, 1]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_jsonl_and_txt_to_stdout(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"text": t, "k": i}) for i, t in enumerate(["A.", "He accused B."])) + "\n")
    code, stdout, _ = _run(["label", str(src)], capsys)
    frame = pd.read_csv(io.StringIO(stdout), keep_default_na=False)
    assert code == 0 and frame["k"].tolist() == [0, 1] and frame["accusation"].tolist() == [0, 1]
    txt = tmp_path / "in.txt"
    txt.write_text("One.\n\nThis is unacceptable.\n")
    code, stdout, _ = _run(["label", str(txt), "--labeler", "baseline"], capsys)
    frame = pd.read_csv(io.StringIO(stdout), keep_default_na=False)
    # a blank line is a row without text: an empty label row, counted in a warning
    assert code == 0 and len(frame) == 3 and frame["rejection"].tolist() == ["0", "", "1"]


def test_stdin() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "label", "-", "--labeler", "cues"],
        input="Russia vetoed the draft resolution.\n", capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    frame = pd.read_csv(io.StringIO(proc.stdout))
    assert frame["rejection"].tolist() == [1]


@pytest.mark.parametrize(
    "content,name,extra,message",
    [
        ("body\nhello\n", "in.csv", [], "no column 'text'"),
        ("", "in.csv", [], "empty input"),
        ("text\nok\n\n", "in.jsonl", [], "not valid JSON"),
        ("hello", "in.pdf", [], "unsupported input type"),
        ("text\nhello\n", "in.csv", ["--labeler", "nope"], "unknown labeler 'nope'"),
        ("text\nhello\n", "in.csv", ["--labeler", "baseline", "--actors", "x.csv"], "no actor dictionary"),
    ],
)
def test_bad_input_exits_2_without_output(tmp_path: Path, capsys, content, name, extra, message) -> None:
    src = tmp_path / name
    src.write_text(content)
    out = tmp_path / "out.csv"
    code, _, err = _run(["label", str(src), "--output", str(out), *extra], capsys)
    assert code == 2 and message in err and err.count("\n") == 1
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize(("content", "name"), [('{"text": null}\n{"text": "They lied."}\n', "in.jsonl"),
                                               ("id,text\n1,\n2,They lied.\n", "in.csv")])
def test_rows_without_text_get_an_empty_label_row(tmp_path: Path, capsys, content, name) -> None:
    src = tmp_path / name
    src.write_text(content)
    code, out, err = _run(["label", str(src), "--labeler", "cues"], capsys)
    frame = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert code == 0 and frame["accusation"].tolist() == ["", "1"]
    assert "1 row(s) had no text" in err and "rows 1" in err


def test_unreadable_file(tmp_path: Path, capsys) -> None:
    code, _, err = _run(["label", str(tmp_path / "missing.csv")], capsys)
    assert code == 2 and "no such file" in err
    code, _, err = _run(["label", str(tmp_path)], capsys)
    assert code == 2


def test_argparse_choice_exit_code() -> None:
    proc = subprocess.run([sys.executable, "-m", "analysis", "label", "x.txt", "--labeler", "nope"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2


class _nullcontext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.parametrize("labeler", ["cues", "default"])
def test_actors_option_changes_speaker_vs_subject(tmp_path: Path, capsys, labeler: str) -> None:
    # with the shipped dictionary Erdogan and Turkey are one actor: an announcement, not a forecast
    src = tmp_path / "in.txt"
    src.write_text("Erdogan stated that Turkey will soon launch a new operation.\n", encoding="utf-8")
    code, stdout, _ = _run(["label", str(src), "--labeler", labeler], capsys)
    assert code == 0 and pd.read_csv(io.StringIO(stdout))["prediction"].tolist() == [0]
    table = tmp_path / "actors.csv"
    table.write_text("alias,name,actor,side,kind\nErdogan,Recep Tayyip Erdogan,XXX,OTHER,person\n"
                     "Turkey,Turkey,TUR,OTHER,country\n", encoding="utf-8")
    code, stdout, _ = _run(["label", str(src), "--labeler", labeler, "--actors", str(table)], capsys)
    assert code == 0 and pd.read_csv(io.StringIO(stdout))["prediction"].tolist() == [1]


def test_actors_option_errors(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.txt"
    src.write_text("Kyiv rejected the plan.\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    code, _, err = _run(["label", str(src), "--actors", str(tmp_path / "none.csv"), "-o", str(out)], capsys)
    assert code == 2 and "none.csv" in err and not out.exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("alias,name\nX,Y\n", encoding="utf-8")
    code, _, err = _run(["label", str(src), "--actors", str(bad)], capsys)
    assert code == 2 and "bad.csv" in err and "lacks columns" in err
    code, _, err = _run(["label", str(src), "--labeler", "baseline", "--actors", str(bad)], capsys)
    assert code == 2 and "no actor dictionary" in err


def test_each_command_module_provides_the_command_its_name_says() -> None:
    import importlib

    from analysis.cli import COMMAND_MODULES, build_parser, command_name

    for name in COMMAND_MODULES:
        assert importlib.import_module(name).NAME == command_name(name)
    every = build_parser()._subparsers._group_actions[0].choices
    assert set(every) == {command_name(m) for m in COMMAND_MODULES}
    assert set(build_parser("label")._subparsers._group_actions[0].choices) == {"label"}


def test_a_command_imports_only_its_own_module(tmp_path: Path) -> None:
    """`analysis label-corpus` does not import the other commands (start-up time)."""
    src = tmp_path / "in.csv"
    src.write_text("text\nThey lied.\n", encoding="utf-8")
    code = ("import sys; from analysis.cli import main; rc = main(['label-corpus', sys.argv[1], sys.argv[2], "
            "'--labeler', 'cues', '--quiet']); print(rc, sorted(m for m in sys.modules if m.startswith('analysis.commands.')))")
    out = subprocess.run([sys.executable, "-c", code, str(src), str(tmp_path / "out.csv")],
                         capture_output=True, text=True, check=True).stdout.split(" ", 1)
    assert out[0] == "0"
    assert "analysis.commands.ingest" not in out[1] and "analysis.commands.drafts" not in out[1]
    assert "analysis.commands.label_corpus" in out[1]


def test_top_level_help_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    shown = capsys.readouterr().out
    assert all(name in shown for name in ("ingest", "sentences", "label-corpus", "events", "drafts"))
