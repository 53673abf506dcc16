"""nbgrader configuration of the course: the repository is the course root, notebooks/ the source.

nbgrader finds it when JUPYTER_CONFIG_PATH includes this folder (`export
JUPYTER_CONFIG_PATH="$PWD/autograder"` at the repository root), when run from inside autograder/
(it reads the nbgrader_config.py of the current folder), or through `python -m course_lib.grading`,
which sets JUPYTER_CONFIG_PATH for you.
"""
import os

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)

COURSE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

c.CourseDirectory.course_id = "k8s-networking"
c.CourseDirectory.root = COURSE_ROOT
# notebooks/NN-slug/NN-slug.ipynb: each chapter folder is one assignment
c.CourseDirectory.source_directory = "notebooks"
# nbgrader's working folders; all of them are listed in .gitignore
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(COURSE_ROOT, "gradebook.db")
# The exchange (release_assignment / fetch / submit / collect) lives beside the course unless the
# instructor points it at a shared folder such as /srv/nbgrader/exchange.
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", os.path.join(COURSE_ROOT, "exchange"))

# Every notebook runs on the python3 kernel (the one of the environment nbgrader runs in).
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.Execute.kernel_name = "python3"
c.ExecutePreprocessor.kernel_name = "python3"

# A hung submission (e.g. `while True: pass`) is cut after 30 s per cell: the kernel is interrupted,
# the cell gets a CellTimeoutError output (so its tests fail), the rest of the notebook still runs
# and autograde goes on with the next submission.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
c.Execute.raise_on_iopub_timeout = True
c.ExecutePreprocessor.timeout = 30
# a kernel that does not start within a minute fails that submission, not the batch
c.Execute.startup_timeout = 60
