"""Run the real kubectl 1.30 client for differential tests: a private netns, a kubeconfig like the sim's admin.conf.

The kubeconfig is the simulated cluster's own ~/.kube/config, so the real client sees the same contexts and server
address; inside `unshare --net` the server is unreachable and nothing leaves the machine. A line the real client
takes to the server shows it in stderr (`network is unreachable`); such lines have nothing to compare.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Optional

CANDIDATES = ("/usr/lib/google-cloud-sdk/bin/kubectl.1.30", "kubectl")   # the Debian package ships each minor


def find_kubectl_130() -> Optional[str]:
    """The path of a kubectl client of v1.30 (the version the simulation presents), or None."""
    for name in CANDIDATES:
        path = shutil.which(name)
        if not path:
            continue
        try:
            out = subprocess.run([path, "version", "--client"], capture_output=True, text=True, timeout=20).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        if out.startswith("Client Version: v1.30."):
            return path
    return None


def needs_server(stderr: str) -> bool:
    """True when the real client went on to the API server (nothing client-side to compare)."""
    return "network is unreachable" in stderr or "Unable to connect to the server" in stderr \
        or "couldn't get current server API group list" in stderr


class RealKubectl:
    """kubectl 1.30 with HOME in a temporary folder holding the kubeconfig, each line in `unshare --net`."""

    def __init__(self, binary: str, home: Path, kubeconfig: str) -> None:
        self.binary, self.home = binary, home
        (home / ".kube").mkdir(parents=True, exist_ok=True)
        (home / ".kube" / "config").write_text(kubeconfig)
        self.prefix = ["unshare", "--net"] if os.geteuid() == 0 and shutil.which("unshare") else []

    def run(self, line: str, stdin: str = "") -> tuple[str, str, int]:
        """stdout, stderr and rc of `kubectl LINE` (LINE without the leading `kubectl`)."""
        env = {"PATH": "/usr/bin:/bin", "HOME": str(self.home), "COLUMNS": "80", "LANG": "C"}
        p = subprocess.run([*self.prefix, self.binary, *shlex.split(line)], capture_output=True, text=True,
                           env=env, input=stdin, timeout=60, cwd=self.home)
        return p.stdout.replace(str(self.home), "/root"), p.stderr.replace(str(self.home), "/root"), p.returncode

    def run_many(self, lines: list[str]) -> list[tuple[str, str, int]]:
        """run() for each line, a few at a time."""
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(self.run, lines))
