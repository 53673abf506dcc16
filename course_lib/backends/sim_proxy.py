"""The simulated NetStack's proxy-neighbour side: `ip neigh add|del|show proxy` on course_lib.net.proxy_arp."""
from __future__ import annotations

from typing import Optional

from course_lib.net import proxy_arp
from course_lib.result import CommandError


class ProxyOps:
    """Mixed into SimStack (which gives `netns` and `link(name)`)."""

    __slots__ = ()

    def proxy_neighbours(self) -> list[tuple[str, Optional[str]]]:
        """(address, device name or None) in the kernel's dump order."""
        return [(str(n.ip), n.link.name if n.link is not None else None)
                for n in proxy_arp.entries(self.netns)]  # type: ignore[attr-defined]

    def proxy_add(self, ip: str, dev: Optional[str]) -> None:
        link = self.link(dev) if dev is not None else None  # type: ignore[attr-defined]
        proxy_arp.add(self.netns, ip, link)  # type: ignore[attr-defined]

    def proxy_del(self, ip: str, dev: Optional[str]) -> None:
        link = self.link(dev) if dev is not None else None  # type: ignore[attr-defined]
        if not proxy_arp.delete(self.netns, ip, link):  # type: ignore[attr-defined]
            raise CommandError("RTNETLINK answers: No such file or directory", 2)
