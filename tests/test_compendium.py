"""The compendium's promises: one dependency list, a self-documenting Makefile, clean notebooks,
raw data with provenance."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    """Package name of a requirement string, normalised (``dask[dataframe]>=1`` -> ``dask``)."""
    name = re.split(r"[\[<>=!~ ]", requirement.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-")


def test_environment_yml_names_the_pyproject_packages():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = {_name(r) for r in pyproject["project"]["dependencies"]}
    extras = pyproject["project"]["optional-dependencies"]
    # [transformer] (PyTorch) is left out of the conda environment on purpose
    wanted |= {_name(r) for name, reqs in extras.items() if name not in ("all", "transformer") for r in reqs}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == wanted, f"only in environment.yml: {conda - wanted}; only in pyproject: {wanted - conda}"
    pip_section = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_section and "-e .[all]" in pip_section[0]["pip"], "environment.yml must install the project itself"


def test_version_is_one_number():
    import analysis

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert analysis.__version__ == pyproject["project"]["version"]


def test_make_help_lists_every_target_with_one_line():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    makefile = (ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    listed = {line.split()[0] for line in out.strip().splitlines()}
    for target in ("help", "setup", "data", "figures", "test", "lab", "clean", "model"):
        assert target in phony
        assert target in listed, f"make help does not list {target}"
    assert set(phony) <= listed


def test_make_is_help_by_default():
    out = subprocess.run(["make", "-s"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "figures" in out and "test" in out


def test_notebooks_are_committed_without_outputs():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks, "no notebooks"
    for path in notebooks:
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{path.name} has stored outputs"
                assert cell.get("execution_count") is None, f"{path.name} has execution counts"


def test_notebooks_are_numbered_and_thin():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert re.match(r"\d\d-[a-z0-9-]+\.ipynb$", path.name), path.name
        nb = json.loads(path.read_text())
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        assert "import analysis" in code or "from analysis" in code, f"{path.name} does not import analysis"
        assert not re.search(r"^\s*(def|class) ", code, re.M), f"{path.name} defines logic; move it to src/analysis"


def test_raw_files_have_provenance_and_match_their_hash():
    with open(ROOT / "data" / "raw" / "provenance.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    recorded = set()
    for row in rows:
        path = ROOT / "data" / "raw" / row["path"]
        assert path.is_file(), f"provenance.csv names a missing file: {row['path']}"
        assert row["licence"].strip(), f"{row['path']}: no licence"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"], f"{row['path']}: sha256 differs (raw data edited?)"
        recorded.add(row["path"])
    assert "articles/lavrov-changed-demands.txt" in recorded
    raw = ROOT / "data" / "raw"
    files = {p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file()} - {"provenance.csv"}
    assert not files - recorded, f"data/raw files without a provenance row: {sorted(files - recorded)[:5]}"


def test_seed_article_is_the_verbatim_copy(shared_dir):
    ours = (ROOT / "data" / "raw" / "articles" / "lavrov-changed-demands.txt").read_bytes()
    assert ours == (shared_dir / "seed" / "lavrov-changed-demands.txt").read_bytes()


@pytest.mark.parametrize("name", ["Makefile", "README.md", "environment.yml", "pyproject.toml", ".ci/run"])
def test_fixed_shape_files_exist(name):
    assert (ROOT / name).is_file()
