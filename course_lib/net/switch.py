"""An L2 switch made by Lab.add_switch: learns MACs per port and floods unknown destinations."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from course_lib.net.link import Link


@dataclass(eq=False)
class Switch:
    """A learning switch; its ports are the NICs cabled to it."""

    name: str
    ports: list["Link"] = field(default_factory=list)
    mac_table: dict[str, "Link"] = field(default_factory=dict)   # learned MAC -> port (a NIC)
