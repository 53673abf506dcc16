"""Writes course_lib/docker/help_texts*.py from the real Docker CLI's `--help` output (client only, no daemon).

Run from the repository root: /tmp/venv0/bin/python tests/docker/real/capture_help.py
HOME=/root so the global options show root's config directory, as on the simulated machines.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

TOP = ["", "run", "container", "image"]
PATHS = ["ps", "exec", "logs", "stop", "kill", "start", "rm", "inspect", "port", "rmi", "images",
         "pull", "version", "rename", "info", "top", "stats", "image inspect", "container inspect", "network"]
NETWORK = ["network ls", "network create", "network inspect", "network connect", "network disconnect",
           "network rm", "network prune"]
ENV = dict(os.environ, HOME="/root", DOCKER_HOST="unix:///nonexistent/docker.sock", COLUMNS="80")
ENV.pop("DOCKER_CONFIG", None)
HEADER = ('"""The Docker CLI {version}\'s `--help` texts{what} (captured by tests/docker/real/capture_help.py)."""\n'
          "from __future__ import annotations\n\n")


def help_text(path: str) -> str:
    argv = ["docker", *path.split(), "--help"]
    return subprocess.run(argv, capture_output=True, text=True, env=ENV, check=True).stdout


def module(paths: list[str], what: str, version: str) -> str:
    body = HEADER.format(version=version, what=what) + "HELP = {\n"
    for path in paths:
        body += f"    {path!r}: (\n"
        for line in help_text(path).splitlines(keepends=True):
            body += f"        {line!r}\n"
        body += "    ),\n"
    return body + "}\n"


def main() -> None:
    version = subprocess.run(["docker", "--version"], capture_output=True, text=True, env=ENV).stdout.split()[2]
    out = Path("course_lib/docker")
    (out / "help_texts_top.py").write_text(module(TOP, " for `docker`, `docker run` and the groups", version.rstrip(",")))
    (out / "help_texts.py").write_text(module(PATHS, " of the commands", version.rstrip(",")))
    (out / "help_texts_network.py").write_text(module(NETWORK, " for `docker network`", version.rstrip(",")))


if __name__ == "__main__":
    main()
