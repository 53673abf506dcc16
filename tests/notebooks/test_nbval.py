"""nbval re-executes every source notebook of notebooks/ and compares each cell's output with the stored one."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SANITIZE = Path(__file__).with_name("sanitize.cfg")
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*/[0-9][0-9]-*.ipynb"))

pytestmark = pytest.mark.notebooks


def test_there_are_chapters():
    assert [nb.parent.name for nb in NOTEBOOKS][:2] == ["00-how-this-course-works", "01-switching"]
    for nb in NOTEBOOKS:
        assert nb.stem == nb.parent.name, f"{nb}: the notebook is named after its chapter folder"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_notebook_reexecutes_with_the_same_outputs(notebook: Path, tmp_path: Path):
    cmd = [sys.executable, "-m", "pytest", "--nbval", str(notebook), "--nbval-sanitize-with", str(SANITIZE),
           "--nbval-cell-timeout=120", "-p", "no:cacheprovider", "-p", "no:xdist", "-q",
           "-o", "addopts=", "-o", "timeout=600", "--rootdir", str(tmp_path)]
    run = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"nbval failed on {notebook.name}:\n{run.stdout[-8000:]}\n{run.stderr[-2000:]}"
    assert " passed" in run.stdout
