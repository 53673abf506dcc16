"""A machine of the lab: a root netns, the netns made on it with `ip netns add`, a hostname and files."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from course_lib.net.netns import NetNS

if TYPE_CHECKING:
    from course_lib.net.world import Network


@dataclass(eq=False)
class Machine:
    """A simulated Linux machine."""

    name: str
    network: "Network"
    hostname: str = ""
    netns: dict[str, NetNS] = field(default_factory=dict)   # named netns, in creation order
    root: NetNS = None  # type: ignore[assignment]
    fs: Any = None      # the machine's file system (course_lib.shell.fs), made by the shell layer
    processes: list[Any] = field(default_factory=list)      # daemons started on the machine

    def __post_init__(self) -> None:
        if not self.hostname:
            self.hostname = self.name
        if self.root is None:
            self.root = NetNS(name="", machine=self)
        self.__dict__ = dict(self.__dict__)     # combined: `machine.network` stays a specialized load (NetNS)
