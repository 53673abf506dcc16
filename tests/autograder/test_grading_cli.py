"""course_lib.grading's own logic: finding the course, listing chapters, filing a received notebook."""
from __future__ import annotations

from pathlib import Path

import pytest

from course_lib import grading


def make_course(root: Path) -> Path:
    (root / "autograder").mkdir(parents=True)
    (root / "autograder" / "nbgrader_config.py").write_text("c = get_config()\n")
    for chapter in ("01-switching", "00-intro", "notes"):
        (root / "notebooks" / chapter).mkdir(parents=True)
    (root / "notebooks" / "00-intro" / "00-intro.ipynb").write_text("{}")
    (root / "notebooks" / "01-switching" / "01-switching.ipynb").write_text("{}")
    return root


def test_chapters_are_numbered_folders_with_their_notebook(tmp_path: Path):
    root = make_course(tmp_path)
    assert grading.course_root(str(root)) == root.resolve()
    assert grading.chapters(root) == ["00-intro", "01-switching"]


def test_no_course_here_is_a_clear_exit(tmp_path: Path):
    with pytest.raises(SystemExit) as info:
        grading.course_root(str(tmp_path))
    assert "no autograder/nbgrader_config.py" in str(info.value)


def test_submit_files_a_notebook_where_autograde_looks(tmp_path: Path, capsys):
    root = make_course(tmp_path / "course")
    received = tmp_path / "mail.ipynb"
    received.write_text('{"cells": []}')
    assert grading.main(["--course", str(root), "submit", "alice", "01-switching", str(received)]) == 0
    assert (root / "submitted" / "alice" / "01-switching" / "01-switching.ipynb").read_text() == '{"cells": []}'


def test_nbgrader_env_points_at_the_config_and_the_venv(tmp_path: Path):
    env = grading.nbgrader_env(tmp_path)
    assert env["JUPYTER_CONFIG_PATH"].split(":")[0] == str(tmp_path / "autograder")
    assert env["PATH"].split(":")[0].endswith("bin")
