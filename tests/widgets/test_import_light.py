"""`import course_lib` (and the model) stays light: no matplotlib, ipywidgets or pyroute2 loaded."""
from __future__ import annotations

import subprocess
import sys


def test_import_course_lib_loads_no_heavy_modules():
    code = ("import sys, course_lib, course_lib.checks, course_lib.magic, course_lib.net.world\n"
            "heavy = [m for m in ('matplotlib', 'ipywidgets', 'pyroute2', 'networkx', 'IPython') if m in sys.modules]\n"
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
