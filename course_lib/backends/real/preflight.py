"""Whether this machine can run the real backend; if not, one sentence saying what is missing."""
from __future__ import annotations

import os
import shutil
import sys
from typing import Optional

CAP_NET_ADMIN = 12
CAP_SYS_ADMIN = 21
# tool -> the Debian package that brings it
REQUIRED_TOOLS = {"ip": "iproute2", "iptables": "iptables", "ping": "iputils-ping"}


class RealBackendUnavailable(RuntimeError):
    """Lab(backend="real") cannot run here; the message says what is missing, in one sentence."""

    def _render_traceback_(self) -> list[str]:      # IPython/Jupyter: the sentence, no traceback noise
        return [f"{type(self).__name__}: {self}"]


def _effective_caps() -> int:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("CapEff:"):
                    return int(line.split()[1], 16)
    except (OSError, ValueError):
        pass
    return 0


def missing() -> Optional[str]:
    """What the real backend lacks on this machine, as a phrase; None when everything is there."""
    if not sys.platform.startswith("linux"):
        return "Linux (network namespaces)"
    caps = _effective_caps()
    lacking = [name for bit, name in ((CAP_NET_ADMIN, "CAP_NET_ADMIN"), (CAP_SYS_ADMIN, "CAP_SYS_ADMIN"))
               if not caps >> bit & 1]
    if lacking:
        return f"root ({' and '.join(lacking)})"
    if not os.path.isdir("/proc/self/ns") or not os.path.exists("/proc/thread-self/ns/net"):
        return "a kernel with network namespaces"
    tools = [f"{tool} (Debian package {pkg})" for tool, pkg in REQUIRED_TOOLS.items() if shutil.which(tool) is None]
    if tools:
        return "the tool" + ("s " if len(tools) > 1 else " ") + ", ".join(tools)
    try:
        import pyroute2  # noqa: F401
    except ImportError:
        return "the Python package pyroute2"
    return None


def check() -> None:
    """Raise RealBackendUnavailable with one clear sentence when the real backend cannot run."""
    what = missing()
    if what is not None:
        raise RealBackendUnavailable(
            f"Lab(backend=\"real\") needs {what}, which this machine lacks; "
            "use Lab() instead: the simulation is the default and needs none of it.")
