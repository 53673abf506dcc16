"""RealStack's proxy-neighbour side: `ip neigh add|del|show proxy` as the kernel's pneigh table.

Requests are ipneigh.c's: RTM_NEWNEIGH / RTM_DELNEIGH with NTF_PROXY (device 0 for an entry of no
device), and the dump an RTM_GETNEIGH whose ndm_flags are exactly NTF_PROXY (neigh_dump_info then walks
the pneigh hash), so the entries come back in the kernel's own order.

A proxy entry of no device outlives its netns in this kernel (nothing frees it when the netns goes, and
it then shows up in a later netns made at the same address, anyone's): forget_deviceless() deletes a
netns's own before the lab drops it.
"""
from __future__ import annotations

import ipaddress
from typing import Optional

from pyroute2.netlink.rtnl.ndmsg import ndmsg

from course_lib.backends.real.nlconn import (NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, RTM_DELNEIGH, RTM_GETNEIGH,
                                             RTM_NEWNEIGH, NetlinkConn)
from course_lib.backends.real.routemsg import _af

NTF_PROXY = 0x08
NUD_PERMANENT = 0x80
NLM_F_DUMP = 0x300


class ProxyOps:
    """Mixed into RealStack (which gives nl, index, _names, _request and _kernel)."""

    __slots__ = ()

    def _proxy_msg(self, ip: str, dev: Optional[str]) -> ndmsg:
        msg = ndmsg()
        msg["family"] = _af(ipaddress.ip_address(ip).version)
        msg["ifindex"] = self.index(dev) if dev is not None else 0     # type: ignore[attr-defined]
        msg["flags"], msg["state"] = NTF_PROXY, NUD_PERMANENT
        msg["attrs"] = [("NDA_DST", ip)]
        return msg

    def proxy_neighbours(self) -> list[tuple[str, Optional[str]]]:
        """(address, device name or None) in the kernel's dump order (every family, as ip neigh asks)."""
        names = self._names()                                           # type: ignore[attr-defined]
        msg = ndmsg()
        msg["flags"] = NTF_PROXY
        out: list[tuple[str, Optional[str]]] = []
        for reply in self._kernel(lambda: self.nl.request(msg, RTM_GETNEIGH, NLM_F_DUMP)):  # type: ignore
            if reply["flags"] & NTF_PROXY and reply.get_attr("NDA_DST"):
                index = reply["ifindex"]
                out.append((reply.get_attr("NDA_DST"), names.get(index, f"if{index}") if index else None))
        return out

    def proxy_add(self, ip: str, dev: Optional[str]) -> None:
        self._request(self._proxy_msg(ip, dev), RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL)  # type: ignore[attr-defined]

    def proxy_del(self, ip: str, dev: Optional[str]) -> None:
        self._request(self._proxy_msg(ip, dev), RTM_DELNEIGH)         # type: ignore[attr-defined]


def forget_deviceless(nl: NetlinkConn) -> None:
    """Delete the netns's proxy entries of no device (best effort: the netns is going anyway)."""
    msg = ndmsg()
    msg["flags"] = NTF_PROXY
    try:
        replies = nl.request(msg, RTM_GETNEIGH, NLM_F_DUMP)
        for reply in replies:
            if reply["flags"] & NTF_PROXY and not reply["ifindex"] and reply.get_attr("NDA_DST"):
                gone = ndmsg()
                gone["family"], gone["flags"] = reply["family"], NTF_PROXY
                gone["attrs"] = [("NDA_DST", reply.get_attr("NDA_DST"))]
                nl.request(gone, RTM_DELNEIGH, NLM_F_ACK)
    except Exception:  # noqa: BLE001 - a closed or dying netns: nothing left to free
        pass
