"""The small interface a Lab backend implements: make machines, switches and cables, run scripts, close.

`course_lib.lab.Lab` validates the arguments (names, duplicates) and then calls one backend:
`course_lib.backends.sim.SimBackend` (the default) or `course_lib.backends.real.RealBackend`.
"""
from __future__ import annotations

from typing import Optional, Protocol, runtime_checkable

from course_lib.result import CommandResult


@runtime_checkable
class Backend(Protocol):
    """What Lab needs from a backend. Names are already validated and unique when called."""

    name: str                             # "sim" or "real"

    def add_host(self, name: str) -> None:
        """A new machine: its own root netns with only `lo`, UP (127.0.0.1/8, ::1)."""

    def add_switch(self, name: str) -> None:
        """A new L2 learning switch."""

    def connect(self, host: str, switch: str, ifname: str) -> None:
        """A new NIC `ifname` on `host` (DOWN, no address, a fresh MAC) cabled to `switch`."""

    def link_names(self, host: str) -> list[str]:
        """Names of the links in the host's root netns (Lab picks the next free ethN from them)."""

    def run(self, host: str, script: str, stdin: Optional[str] = None) -> CommandResult:
        """Run a bash script on the host's root netns; what bash would give."""

    def close(self) -> None:
        """Remove everything the backend made (idempotent)."""
