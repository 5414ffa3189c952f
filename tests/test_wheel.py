"""The library as users install it: a built wheel in a fresh virtual environment, used from an
empty folder, runs every command and Python example of the README's "Use the library" section.

Slow (it builds a wheel and installs the core dependencies into a new venv, from pip's cache when
warm), so it is marked ``slow``; ``make test`` runs it, as CI does.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _readme_blocks() -> tuple[list[str], str]:
    """The bash lines and the Python block of the README's "Use the library" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Use the library in your own study", 1)[1].split("\n## ", 1)[0]
    bash = [block for block in re.findall(r"```bash\n(.*?)```", section, re.S)]
    python = re.findall(r"```python\n(.*?)```", section, re.S)
    lines = [line.split("  #")[0].strip() for block in bash for line in block.splitlines()]
    lines = [line for line in lines if line and not line.startswith("pip install")]
    assert lines and python, "the README section lost its examples"
    return lines, python[0]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(bin folder of a fresh venv with the built wheel installed, an empty working folder)."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True, text=True)
    wheels = list(dist.glob("newsstance-*.whl"))
    assert len(wheels) == 1, wheels
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheels[0])],
                         capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-3000:]
    work = base / "empty"
    work.mkdir()
    return env_dir / "bin", work


def _env(bin_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ANALYSIS_PROJECT_ROOT", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_core_install_is_the_library_only(installed):
    bin_dir, _ = installed
    out = subprocess.run([str(bin_dir / "python"), "-m", "pip", "list", "--format=freeze"], capture_output=True,
                         text=True, check=True).stdout.lower()
    for heavy in ("jupyterlab", "matplotlib", "dask", "distributed", "torch"):
        assert f"\n{heavy}==" not in f"\n{out}", f"{heavy} is in the core install"
    assert "newsstance==" in out


def test_readme_commands_run_from_an_empty_folder(installed):
    bin_dir, work = installed
    lines, _ = _readme_blocks()
    for line in lines:
        proc = subprocess.run(line, shell=True, cwd=work, env=_env(bin_dir), capture_output=True, text=True,
                              timeout=600)
        assert proc.returncode == 0, f"{line}\n{proc.stderr[-2000:]}"
        assert "Traceback" not in proc.stderr, line
    labelled = (work / "corpus-labelled.csv").read_text()
    assert "000123" in labelled  # values kept verbatim
    assert (work / "tables" / "sentences.parquet").is_file()
    assert not (work / "data").exists()  # nothing assumed about a project checkout


def test_readme_python_example_runs(installed):
    bin_dir, work = installed
    _, code = _readme_blocks()
    proc = subprocess.run([str(bin_dir / "python"), "-c", code], cwd=work, env=_env(bin_dir), capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "guarantee-scope-crimea" in proc.stdout or "dropped" in proc.stdout


def test_drafts_work_from_the_installed_package(installed):
    bin_dir, work = installed
    proc = subprocess.run([str(bin_dir / "analysis"), "drafts", "diff", "istanbul-0329", "treaty-draft-0415"],
                          cwd=work, env=_env(bin_dir), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "165,000" in proc.stdout or "165000" in proc.stdout
