"""The instructors' command: nbgrader's release/collect/autograde/feedback/export with the course config.

    python -m course_lib.grading chapters                 list the chapters (nbgrader assignments)
    python -m course_lib.grading release [CHAPTER ...]    student versions into release/ (all by default;
                                                          overwrites; --missing: only those not there yet)
    python -m course_lib.grading submit STUDENT CHAPTER NOTEBOOK.ipynb
                                                          file a notebook you received into submitted/
    python -m course_lib.grading collect CHAPTER          nbgrader collect (from the exchange)
    python -m course_lib.grading autograde CHAPTER [STUDENT]
    python -m course_lib.grading feedback CHAPTER         HTML feedback into feedback/
    python -m course_lib.grading export [grades.csv]      one CSV row per student and chapter

Each command runs nbgrader itself (`python -m nbgrader SUBCOMMAND ...`) in the course root, with
JUPYTER_CONFIG_PATH pointing at autograder/ so nbgrader reads autograder/nbgrader_config.py. The
course root is the folder given by --course, else the current folder if it holds
autograder/nbgrader_config.py, else the repository this package was installed from.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

CONFIG = Path("autograder") / "nbgrader_config.py"


def course_root(explicit: str | None = None) -> Path:
    """The folder holding notebooks/ and autograder/nbgrader_config.py."""
    candidates = [Path(explicit)] if explicit else [Path.cwd(), Path(__file__).resolve().parents[1]]
    for root in candidates:
        if (root / CONFIG).is_file():
            return root.resolve()
    raise SystemExit(f"grading: no {CONFIG} under {', '.join(str(c) for c in candidates)}")


def chapters(root: Path) -> list[str]:
    """The chapter folders of notebooks/ (NN-slug), in order."""
    if not (root / "notebooks").is_dir():
        raise SystemExit(f"grading: {root / 'notebooks'} does not exist")
    return sorted(p.name for p in (root / "notebooks").iterdir()
                  if p.is_dir() and p.name[:2].isdigit() and (p / f"{p.name}.ipynb").is_file())


def nbgrader_env(root: Path) -> dict[str, str]:
    """The environment in which nbgrader finds the course's nbgrader_config.py."""
    env = dict(os.environ)
    extra = [str(root / CONFIG.parent), env.get("JUPYTER_CONFIG_PATH", "")]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in extra if p)
    # nbgrader runs `alembic` (its database migrations) as a program: the venv's bin must be on PATH
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def nbgrader(root: Path, *args: str) -> int:
    """Run one nbgrader subcommand with the course config; its exit code."""
    print("+ nbgrader " + " ".join(args), flush=True)
    return subprocess.call([sys.executable, "-m", "nbgrader", *args], cwd=root, env=nbgrader_env(root))


def submit(root: Path, student: str, chapter: str, notebook: str) -> int:
    """Copy a notebook received from a student to submitted/STUDENT/CHAPTER/CHAPTER.ipynb."""
    target = root / "submitted" / student / chapter
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(notebook, target / f"{chapter}.ipynb")
    print(f"filed {notebook} as {target / (chapter + '.ipynb')}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_lib.grading", description=__doc__.splitlines()[0])
    parser.add_argument("--course", help="the course root (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("chapters")
    p = sub.add_parser("release")
    p.add_argument("chapter", nargs="*")
    p.add_argument("--missing", action="store_true",
                   help="only chapters without a student version yet (keeps work done in release/)")
    p = sub.add_parser("submit")
    p.add_argument("student")
    p.add_argument("chapter")
    p.add_argument("notebook")
    for name in ("collect", "feedback"):
        sub.add_parser(name).add_argument("chapter")
    p = sub.add_parser("autograde")
    p.add_argument("chapter")
    p.add_argument("student", nargs="?")
    p = sub.add_parser("export")
    p.add_argument("to", nargs="?", default="grades.csv")
    args = parser.parse_args(argv)
    root = course_root(args.course)

    if args.command == "chapters":
        print("\n".join(chapters(root)))
        return 0
    if args.command == "release":
        rc = 0
        for chapter in args.chapter or chapters(root):
            if args.missing and (root / "release" / chapter / f"{chapter}.ipynb").exists():
                print(f"kept release/{chapter} (already there; `make release` regenerates it)")
                continue
            rc = max(rc, nbgrader(root, "generate_assignment", chapter, "--force"))
        return rc
    if args.command == "submit":
        return submit(root, args.student, args.chapter, args.notebook)
    if args.command == "collect":
        return nbgrader(root, "collect", args.chapter)
    if args.command == "autograde":
        extra = [f"--student={args.student}"] if args.student else []
        return nbgrader(root, "autograde", args.chapter, "--force", *extra)
    if args.command == "feedback":
        return nbgrader(root, "generate_feedback", args.chapter, "--force")
    return nbgrader(root, "export", f"--CsvExportPlugin.to={args.to}")


if __name__ == "__main__":
    sys.exit(main())
