"""Link records read lazily from the kernel, and when a veth's state may still be settling."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.backends.stack import LinkRecord
from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.backends.real.stack import RealStack


def in_transition(rec: LinkRecord) -> bool:
    """An UP veth (a cable NIC is one too) whose carrier or operstate may still be changing."""
    return rec.kind in ("veth", "ether") and "UP" in rec.flags and \
        ("LOWER_UP" not in rec.flags or rec.operstate != "UP")


def linkwatch_pending(rec: LinkRecord) -> bool:
    """An UP link whose operstate linkwatch has not set yet after a carrier change: a veth without carrier
    still UNKNOWN, a bridge (it has carrier only while a port forwards) whose operstate says the opposite of
    its carrier. The kernel sets it within a second (linkwatch's rate limit), long before a person types
    the next command."""
    if "UP" not in rec.flags:
        return False
    carrier = "LOWER_UP" in rec.flags
    if rec.kind == "bridge":
        return rec.operstate == "DOWN" if carrier else rec.operstate in ("UP", "UNKNOWN")
    return rec.kind in ("veth", "ether") and not carrier and rec.operstate == "UNKNOWN"


class LinkLoader:
    """Reads every link of one netns once, when a LazyLink first needs more than its name."""

    __slots__ = ("stack", "records")

    def __init__(self, stack: "RealStack") -> None:
        self.stack = stack
        self.records: Optional[dict[int, LinkRecord]] = None

    def get(self, index: int) -> LinkRecord:
        if self.records is None:
            self.records = {rec.ifindex: rec for rec in self.stack.link_records()}
        rec = self.records.get(index)
        if rec is None:
            raise CommandError(f'Cannot find device "{index}"', 1)
        return rec


class LazyLink:
    """A LinkRecord whose fields other than ifindex and name are read from the kernel on demand."""

    __slots__ = ("ifindex", "name", "_loader")

    def __init__(self, ifindex: int, name: str, loader: LinkLoader) -> None:
        self.ifindex, self.name, self._loader = ifindex, name, loader

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._loader.get(self.ifindex), attr)

    def __repr__(self) -> str:
        return repr(self._loader.get(self.ifindex))
