"""nbgrader round trip for every chapter, with nbgrader's own commands, in a temporary copy of the course.

An instructor generates the student version, students hand in (here: the blank student version,
the source version with all the answers, and for chapter 01 also one that hangs), the instructor
autogrades and exports: blank scores 0, the source full marks, and the hung one is cut at the
per-cell timeout while the rest of the batch is still graded.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHAPTERS = sorted(p.name for p in (REPO / "notebooks").glob("[0-9][0-9]-*") if (p / f"{p.name}.ipynb").is_file())
HUNG_CHAPTER = "01-switching"

pytestmark = pytest.mark.notebooks


def nbgrader(course: Path, *args: str, check: bool = True, config_from: Path | None = None
             ) -> subprocess.CompletedProcess:
    """Run `nbgrader ARGS` in folder `course`, with JUPYTER_CONFIG_PATH=autograder as the README says."""
    env = dict(os.environ, JUPYTER_CONFIG_PATH=str((config_from or course) / "autograder"),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    cmd = [sys.executable, "-m", "nbgrader", *args]
    run = subprocess.run(cmd, cwd=course, capture_output=True, text=True, timeout=600, env=env)
    if check:
        assert run.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{run.stdout}\n{run.stderr[-6000:]}"
    return run


def copy_course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    course.mkdir()
    shutil.copytree(REPO / "notebooks", course / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copytree(REPO / "autograder", course / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
    return course


def hand_in(course: Path, student: str, chapter: str, notebook: dict) -> None:
    folder = course / "submitted" / student / chapter
    folder.mkdir(parents=True)
    (folder / f"{chapter}.ipynb").write_text(json.dumps(notebook, indent=1))
    (folder / "timestamp.txt").write_text("2026-01-01 12:00:00.000000 UTC")


def hang_first_solution(notebook: dict) -> str:
    """Replace the first autograded answer cell with an endless loop; return its grade_id."""
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("solution") and not meta.get("grade"):
            cell["source"] = "while True:\n    pass\n"
            return meta["grade_id"]
    raise AssertionError("no solution cell to hang")


def read_grades(csv_path: Path) -> dict[str, tuple[float, float]]:
    with csv_path.open() as handle:
        return {row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in csv.DictReader(handle)}


def cell_outputs(notebook: Path, grade_id: str) -> list[dict]:
    for cell in json.loads(notebook.read_text())["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return cell.get("outputs", [])
    raise AssertionError(f"{grade_id} not in {notebook}")


def test_every_chapter_is_an_nbgrader_source_notebook():
    assert CHAPTERS[:2] == ["00-how-this-course-works", "01-switching"]
    for chapter in CHAPTERS:
        cells = json.loads((REPO / "notebooks" / chapter / f"{chapter}.ipynb").read_text())["cells"]
        tests = [c for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")
                 and c["cell_type"] == "code"]
        assert tests, f"{chapter} has no autograded test cell"
        prefix = "ch" + chapter[:2] + "-"
        ids = [c["metadata"]["nbgrader"]["grade_id"] for c in cells if "nbgrader" in c.get("metadata", {})]
        assert len(ids) == len(set(ids)), f"{chapter}: duplicate grade_id"
        assert all(re.fullmatch(prefix + r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids), ids
        for cell in cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("solution"):
                assert "### BEGIN SOLUTION" in "".join(cell["source"]), meta["grade_id"]
        for cell in tests:
            meta = cell["metadata"]["nbgrader"]
            source = "".join(cell["source"])
            assert meta["grade_id"].startswith(prefix), meta["grade_id"]
            assert meta["points"] > 0 and meta["locked"], meta
            assert source.startswith('"""Check that '), f"{meta['grade_id']}: test cells open with a docstring"
            assert "### BEGIN HIDDEN TESTS" in source, f"{meta['grade_id']} has no hidden tests"
            assert "course_lib.checks" in source or "assert_" in source, meta["grade_id"]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_blank_scores_zero_and_source_scores_full_marks(chapter: str, tmp_path: Path):
    course = copy_course(tmp_path)
    nbgrader(course, "generate_assignment", chapter)
    release = course / "release" / chapter / f"{chapter}.ipynb"
    assert release.is_file()
    blank = json.loads(release.read_text())
    text = release.read_text()
    assert "### BEGIN SOLUTION" not in text and "### BEGIN HIDDEN TESTS" not in text

    source = json.loads((course / "notebooks" / chapter / f"{chapter}.ipynb").read_text())
    hand_in(course, "blank", chapter, blank)
    hand_in(course, "full", chapter, source)
    hung_id = None
    if chapter == HUNG_CHAPTER:
        hung = json.loads((course / "notebooks" / chapter / f"{chapter}.ipynb").read_text())
        hung_id = hang_first_solution(hung)
        hand_in(course, "a-hung", chapter, hung)      # graded first: the batch must go on after it

    started = time.monotonic()
    nbgrader(course, "autograde", chapter)
    elapsed = time.monotonic() - started
    nbgrader(course, "generate_feedback", chapter)
    nbgrader(course, "export", "--CsvExportPlugin.to=grades.csv")

    grades = read_grades(course / "grades.csv")
    max_score = grades["full"][1]
    assert max_score > 0
    assert grades["blank"] == (0.0, max_score), grades
    assert grades["full"] == (max_score, max_score), grades
    assert (course / "feedback" / "full" / chapter / f"{chapter}.html").is_file()
    if hung_id is not None:
        outputs = cell_outputs(course / "autograded" / "a-hung" / chapter / f"{chapter}.ipynb", hung_id)
        assert any(o.get("ename") in ("CellTimeoutError", "KeyboardInterrupt") for o in outputs), outputs
        assert grades["a-hung"][0] < max_score, grades
        assert elapsed < 600, f"autograde took {elapsed:.0f}s: the hung cell was not cut at 30 s"


def test_grading_wrapper_lists_and_releases(tmp_path: Path):
    course = copy_course(tmp_path)
    wrapper = [sys.executable, "-m", "course_lib.grading", "--course", str(course)]
    listed = subprocess.run([*wrapper, "chapters"], capture_output=True, text=True, check=True)
    assert listed.stdout.split() == CHAPTERS
    subprocess.run([*wrapper, "release"], capture_output=True, text=True, check=True, timeout=300)
    for chapter in CHAPTERS:
        assert (course / "release" / chapter / f"{chapter}.ipynb").is_file()
    # `make lab` again (release --missing) keeps a student's work; `make release` overwrites it
    student_copy = course / "release" / CHAPTERS[0] / f"{CHAPTERS[0]}.ipynb"
    student_copy.chmod(0o644)
    student_copy.write_text(student_copy.read_text().replace("YOUR CODE HERE", "my work"))
    kept = subprocess.run([*wrapper, "release", "--missing"], capture_output=True, text=True, check=True, timeout=300)
    assert "kept release/" in kept.stdout and "my work" in student_copy.read_text()
    subprocess.run([*wrapper, "release", CHAPTERS[0]], capture_output=True, text=True, check=True, timeout=300)
    assert "my work" not in student_copy.read_text()


def test_exchange_release_fetch_submit_collect(tmp_path: Path):
    """The README's exchange steps: release_assignment, a student's fetch and submit, collect."""
    course = copy_course(tmp_path)
    chapter = CHAPTERS[0]
    nbgrader(course, "generate_assignment", chapter)
    nbgrader(course, "release_assignment", chapter)
    student = tmp_path / "student"
    student.mkdir()
    nbgrader(student, "fetch_assignment", chapter, "--course", "k8s-networking", config_from=course)
    assert (student / chapter / f"{chapter}.ipynb").is_file()
    nbgrader(student, "submit", chapter, "--course", "k8s-networking", config_from=course)
    nbgrader(course, "collect", chapter)
    collected = list((course / "submitted").glob(f"*/{chapter}/{chapter}.ipynb"))
    assert len(collected) == 1, collected
