"""Link requests as iproute2 sends them (RTM_NEWLINK/RTM_DELLINK), over a NetlinkConn."""
from __future__ import annotations

from typing import Any, Optional

from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg

from course_lib.backends.real.kernel_records import link_name
from course_lib.backends.real.nlconn import (RTM_DELLINK, RTM_NEWLINK, NetlinkConn)

IFF_UP = 0x1
NLM_F_ACK, NLM_F_ECHO, NLM_F_EXCL, NLM_F_CREATE = 4, 8, 0x200, 0x400


def _base_attrs(name: Optional[str] = None, mtu: Optional[int] = None, address: Optional[str] = None,
                txqlen: Optional[int] = None, netns_fd: Optional[int] = None) -> list[tuple[str, Any]]:
    attrs: list[tuple[str, Any]] = []
    if name is not None:
        attrs.append(("IFLA_IFNAME", name))
    if mtu is not None:
        attrs.append(("IFLA_MTU", mtu))
    if address is not None:
        attrs.append(("IFLA_ADDRESS", address))
    if txqlen is not None:
        attrs.append(("IFLA_TXQLEN", txqlen))
    if netns_fd is not None:
        attrs.append(("IFLA_NET_NS_FD", netns_fd))
    return attrs


def link_add(nl: NetlinkConn, name: str, kind: str, *, up: bool = False, master: Optional[int] = None,
             mtu: Optional[int] = None, address: Optional[str] = None, txqlen: Optional[int] = None,
             netns_fd: Optional[int] = None, peer: Optional[dict[str, Any]] = None) -> Optional[int]:
    """`ip link add NAME type KIND [peer name P [netns N]]` in one request, like iproute2.
    Returns the new device's ifindex (from the kernel's echo of the new link)."""
    msg = ifinfmsg()
    if up:
        msg["flags"] = msg["change"] = IFF_UP
    attrs = _base_attrs(name, mtu, address, txqlen, netns_fd)
    if master is not None:
        attrs.append(("IFLA_MASTER", master))
    info: list[tuple[str, Any]] = [("IFLA_INFO_KIND", kind)]
    if kind == "veth" and peer is not None:
        peer_attrs = _base_attrs(peer.get("name"), peer.get("mtu"), peer.get("address"), None,
                                 peer.get("netns_fd"))
        info.append(("IFLA_INFO_DATA", {"attrs": [("VETH_INFO_PEER", {"attrs": peer_attrs})]}))
    attrs.append(("IFLA_LINKINFO", {"attrs": info}))
    msg["attrs"] = attrs
    echoed = nl.request(msg, RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, raw=True)
    for raw in echoed:
        index, echoed_name = link_name(raw)
        if echoed_name == name:
            return index
    return None


def link_set(nl: NetlinkConn, index: int, *, up: Optional[bool] = None, name: Optional[str] = None,
             mtu: Optional[int] = None, address: Optional[str] = None, txqlen: Optional[int] = None,
             master: Optional[int] = None, netns_fd: Optional[int] = None, alias: Optional[str] = None) -> None:
    """`ip link set DEV ...` in one request (the kernel applies netns, name, mtu... then up/down)."""
    msg = ifinfmsg()
    msg["index"] = index
    if up is not None:
        msg["flags"] = IFF_UP if up else 0
        msg["change"] = IFF_UP
    attrs = _base_attrs(name, mtu, address, txqlen, netns_fd)
    if master is not None:
        attrs.append(("IFLA_MASTER", master))
    if alias is not None:
        attrs.append(("IFLA_IFALIAS", alias))
    msg["attrs"] = attrs
    nl.request(msg, RTM_NEWLINK, NLM_F_ACK)


def link_del(nl: NetlinkConn, index: int) -> None:
    msg = ifinfmsg()
    msg["index"] = index
    nl.request(msg, RTM_DELLINK, NLM_F_ACK)
