"""Wrappers wrap the commands every backend shares, whichever backend is active when the registry loads."""
from __future__ import annotations

import subprocess
import sys

SCRIPT = """
from course_lib.shell import registry
registry.backend_command("real", "sleep")(lambda ctx, argv, stdin: (_ for _ in ()).throw(RuntimeError("real")))
with registry.active_backend("real"):
    registry.lookup("true")                      # the first lookup loads every module (busybox wraps last)
from course_lib import Lab
lab = Lab()
r = lab.run("sleep 0.3")
print(repr(r.stderr), lab._backend.network.clock)
"""


def test_a_registry_first_loaded_under_the_real_backend_keeps_the_simulations_commands():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert out.stdout == "'' 0.3\n", out.stdout + out.stderr
