"""The README's Lab API example runs as written, and its Binder link opens chapter 00's student version."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text()


def test_readme_lab_api_example_runs_and_prints_what_it_says():
    section = README.split("### The Lab API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    assert run.stdout == '0\n1 Device "eth9" does not exist.\n'


def test_binder_link_opens_chapter_00_student_version():
    urlpath = re.search(r"mybinder\.org/v2/gh/[^)\s]*\?urlpath=([^)\s]+)", README).group(1)
    assert urlpath == "lab/tree/release/00-how-this-course-works/00-how-this-course-works.ipynb"
    assert (REPO / "notebooks" / "00-how-this-course-works" / "00-how-this-course-works.ipynb").is_file()


def test_binder_postbuild_installs_the_course_and_releases():
    post = (REPO / "binder" / "postBuild").read_text().splitlines()
    assert post[0].startswith("#!") and "set -e" in post
    assert any("pip install" in line and " -e ." in line for line in post)
    assert "python -m course_lib.grading release" in post
    assert (REPO / "binder" / "requirements.txt").is_file()
