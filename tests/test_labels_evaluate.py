"""Evaluation functions on small synthetic inputs; annotation loading; PLOVER (needs ../shared)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.labels import LABELS
from analysis.study.annotations import ANNOTATION_COLUMNS, load_annotations, make_split, read_annotation_file
from analysis.study.evaluate import (
    METRIC_COLUMNS,
    bootstrap_metrics,
    cohen_kappa_table,
    evaluation_tables,
    load_plover,
    plover_check,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def test_bootstrap_metrics_values_and_cis() -> None:
    y = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0], [1, 1, 1]])
    p = np.array([[1, 0, 0], [0, 0, 0], [0, 1, 0], [0, 1, 1], [1, 0, 0], [1, 1, 1]])
    m = bootstrap_metrics(y, p, groups=["a", "a", "b", "c", "d", "e"], n_boot=1000, seed=1).set_index("label")
    assert m.loc["accusation", "precision"] == pytest.approx(2 / 3)
    assert m.loc["accusation", "recall"] == pytest.approx(2 / 3)
    assert m.loc["rejection", "f1"] == pytest.approx(1.0)
    assert m.loc["macro", "f1"] == pytest.approx(np.mean(m.loc[list(LABELS), "f1"]))
    for col in ("precision", "recall", "f1"):
        assert (m[f"{col}_lo"] <= m[col] + 1e-9).all() and (m[col] <= m[f"{col}_hi"] + 1e-9).all()
    again = bootstrap_metrics(y, p, groups=["a", "a", "b", "c", "d", "e"], n_boot=1000, seed=1)
    pd.testing.assert_frame_equal(again.set_index("label"), m)
    assert m.loc["accusation", "support"] == 3


def test_bootstrap_metrics_shape_error() -> None:
    with pytest.raises(InputError):
        bootstrap_metrics(np.zeros((3, 3)), np.zeros((2, 3)))


def test_cohen_kappa_table() -> None:
    a = pd.DataFrame({"sentence_uid": ["d:0", "d:1", "d:2", "d:3"], "accusation": [1, 0, 1, 0],
                      "prediction": [0, 0, 1, 1], "rejection": [0, 1, 0, 0]})
    b = a.copy().assign(annotator="x")
    b.loc[0, "accusation"] = 0
    table = cohen_kappa_table(a, b).set_index("label")
    assert table.loc["prediction", "kappa"] == pytest.approx(1.0)
    assert table.loc["accusation", "kappa"] == pytest.approx(0.5)
    assert table.loc["accusation", "agreement"] == pytest.approx(0.75)
    assert cohen_kappa_table(a, pd.DataFrame()).empty


def _write_folder(folder: Path) -> None:
    rows = []
    texts = [("He accused Kyiv of lying.", 1, 0, 0), ("Prices will likely rise.", 0, 1, 0),
             ("Kyiv rejected the plan.", 0, 0, 1), ("The talks ended.", 0, 0, 0)]
    for d in range(8):
        for n, (t, a, p, r) in enumerate(texts):
            rows.append([f"wire-{d:03d}", n, "wire", "x", t, a, p, r, "ann"])
    pd.DataFrame(rows, columns=list(ANNOTATION_COLUMNS)).to_csv(folder / "batch-wire.csv", index=False)
    frame = pd.DataFrame(rows, columns=list(ANNOTATION_COLUMNS))
    make_split(frame)[["doc_id", "split"]].to_csv(folder / "split.csv", index=False)
    (folder / "double").mkdir()
    pd.DataFrame({"sentence_uid": ["wire-000:0", "wire-000:1"], "accusation": [1, 0], "prediction": [0, 1],
                  "rejection": [0, 0], "annotator": "b"}).to_csv(folder / "double" / "b.csv", index=False)


def test_evaluation_tables_on_a_small_folder(tmp_path: Path) -> None:
    _write_folder(tmp_path)
    tables = evaluation_tables(annotations=tmp_path, n_boot=200)
    metrics, preds = tables["metrics"], tables["predictions"]
    assert list(metrics.columns) == list(METRIC_COLUMNS)
    assert set(metrics["labeler"]) == {"cues", "learned", "default", "baseline"}
    assert set(metrics["label"]) == {*LABELS, "macro"}
    assert len(preds) == 8  # 2 of 8 documents x 4 sentences
    assert {"default_accusation", "default_accusation_score", "cues_rejection"} <= set(preds.columns)
    assert metrics.loc[(metrics.labeler == "cues") & (metrics.label == "macro"), "f1"].item() == pytest.approx(1.0)
    assert len(tables["kappa"]) == 3


def test_annotation_validation_names_file_and_row(tmp_path: Path) -> None:
    bad = tmp_path / "batch-x.csv"
    pd.DataFrame([["d-1", 0, "wire", "x", "A sentence.", 2, 0, 0, "a"]], columns=list(ANNOTATION_COLUMNS)).to_csv(
        bad, index=False)
    with pytest.raises(InputError, match=r"batch-x.csv row 2: accusation must be 0 or 1"):
        read_annotation_file(bad)
    pd.DataFrame([["d-1", 0, "wire", "x", "A sentence.", 0, 0, 0, "a"]] * 2, columns=list(ANNOTATION_COLUMNS)).to_csv(
        bad, index=False)
    with pytest.raises(InputError, match="duplicated sentence d-1:0"):
        read_annotation_file(bad)


def test_make_split_is_by_document_and_deterministic() -> None:
    docs = pd.DataFrame({"doc_id": [f"s-{i}" for i in range(20)] + [f"w-{i}" for i in range(12)],
                         "genre": ["speech"] * 20 + ["wire"] * 12})
    a, b = make_split(docs), make_split(docs.sample(frac=1, random_state=3))
    pd.testing.assert_frame_equal(a, b)
    assert a.groupby("genre")["split"].apply(lambda s: (s == "test").sum()).to_dict() == {"speech": 5, "wire": 3}


def test_project_annotations_load_with_split() -> None:
    frame = load_annotations()
    assert len(frame) >= 1500 and frame["split"].isin(["train", "test"]).all()
    assert frame.groupby("doc_id")["split"].nunique().max() == 1


def test_load_plover_tolerates_non_strict_json(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text('[\n{"id": "1", "event": "REJECT", "eventText": "rejected", "text": "X rejected the plan.",},\n'
                    '{"id": "2", "event": "AGREE", "eventText": "agreed", "text": "Y agreed."},\n]\n')
    frame = load_plover(path)
    assert frame["event"].tolist() == ["REJECT", "AGREE"]
    result = plover_check(path, labeler="cues").set_index(["measure", "label", "group"])
    assert result.loc[("recall", "rejection", "REJECT"), "value"] == 1.0


@pytest.mark.shared
def test_plover_gold_standard() -> None:
    path = SHARED / "corpora" / "plover-gsr" / "PLOVER_GSR_CAMEO.txt"
    if not path.is_file():
        pytest.skip("../shared is absent")
    result = plover_check(path, labeler="default").set_index(["measure", "label", "group"])["value"]
    # 0.88 before the real corpus (issue 11), 0.65 since: a measured regression reported in
    # docs/labelers.md; this guard keeps it from falling further.
    assert result[("recall", "rejection", "REJECT")] >= 0.6
    assert result[("recall", "accusation", "DISAPPROVE accuse/blame/allege/condemn")] >= 0.7
    assert result[("positive_rate", "rejection", "other categories (not REJECT/DISAPPROVE)")] <= 0.1


@pytest.mark.shared
def test_real_eval_metrics_by_document() -> None:
    if not (SHARED / "corpora").is_dir():
        pytest.skip("../shared is absent")
    from analysis.study.evaluate import real_eval_metrics

    table = real_eval_metrics(labelers=("cues", "baseline"), split="test", n_boot=50)
    assert set(table["labeler"]) == {"cues", "baseline"}
    assert set(table["label"]) == {"accusation", "prediction", "rejection", "macro"}
    assert (table["split"] == "test").all() and (table["n"] == 342).all()
    assert ((table["f1_lo"] <= table["f1"] + 1e-9) & (table["f1"] <= table["f1_hi"] + 1e-9)).all()
    macro = table.set_index(["labeler", "label"]).loc[("cues", "macro"), "f1"]
    assert 0.3 < macro <= 1.0
    with pytest.raises(ValueError):
        real_eval_metrics(labelers=("cues",), split="train")
    assert (table["corpus"] == "all").all()
    per = real_eval_metrics(labelers=("cues",), split="test", n_boot=20, by_corpus=True)
    assert set(per["corpus"]) == {"all", "isw", "zelensky", "guardian"}
    sizes = per[per["label"] == "macro"].set_index("corpus")["n"]
    assert sizes["all"] == sizes.drop("all").sum() == 342
    assert per.loc[(per["corpus"] == "all") & (per["label"] == "macro"), "f1"].item() == pytest.approx(macro)
