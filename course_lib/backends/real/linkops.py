"""Link requests as iproute2 sends them (RTM_NEWLINK/RTM_DELLINK), over a NetlinkConn."""
from __future__ import annotations

from typing import Any, Optional

from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg

from course_lib.backends.real.bridgeopts import data as bridge_data, linkmsg
from course_lib.backends.real.kernel_records import link_name
from course_lib.backends.real.nlconn import RTM_DELLINK, RTM_DELLINKPROP, RTM_NEWLINK, RTM_NEWLINKPROP, NetlinkConn
from course_lib.result import CommandError

IFF_UP = 0x1
IFF_BITS = {"UP": IFF_UP, "NOARP": 0x80, "PROMISC": 0x100, "ALLMULTI": 0x200, "MULTICAST": 0x1000}
NLM_F_ACK, NLM_F_ECHO, NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND = 4, 8, 0x200, 0x400, 0x800


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


def link_add(nl: NetlinkConn, name: Optional[str], kind: str, *, up: bool = False, master: Optional[int] = None,
             mtu: Optional[int] = None, address: Optional[str] = None, txqlen: Optional[int] = None,
             netns_fd: Optional[int] = None, peer: Optional[dict[str, Any]] = None,
             lower: Optional[int] = None, data: Optional[list[tuple[str, Any]]] = None,
             index: int = 0, group: int = 0, queues: tuple = (None, None),
             broadcast: Optional[str] = None) -> Optional[int]:
    """`ip link add NAME [index N] [link LOWER] type KIND [peer name P [netns N] [index M] | the kind's options]`
    in one request, like iproute2 (`data`: the kind's IFLA_INFO_DATA attributes, by pyroute2 name; `index`: the
    ifinfomsg's, the peer's in `peer`). Returns the new device's ifindex (from the kernel's echo of the new link)."""
    msg = linkmsg()
    msg["index"] = index
    if up:
        msg["flags"] = msg["change"] = IFF_UP
    attrs = _base_attrs(name, mtu, address, txqlen, netns_fd)
    if master is not None:
        attrs.append(("IFLA_MASTER", master))
    if lower is not None:
        attrs.append(("IFLA_LINK", lower))
    if group:
        attrs.append(("IFLA_GROUP", group))
    if broadcast:
        attrs.append(("IFLA_BROADCAST", broadcast))
    for attr, number in zip(("IFLA_NUM_TX_QUEUES", "IFLA_NUM_RX_QUEUES"), queues):
        if number is not None:
            attrs.append((attr, number & 0xFFFFFFFF))
    info: list[tuple[str, Any]] = [("IFLA_INFO_KIND", kind)]
    if data:
        info.append(("IFLA_INFO_DATA", {"attrs": data}))
    if kind == "veth" and peer is not None:
        peer_attrs = _base_attrs(peer.get("name"), peer.get("mtu"), peer.get("address"), None,
                                 peer.get("netns_fd"))
        info.append(("IFLA_INFO_DATA", {"attrs": [("VETH_INFO_PEER", {"attrs": peer_attrs,
                                                                       "index": peer.get("index", 0)})]}))
    attrs.append(("IFLA_LINKINFO", {"attrs": info}))
    msg["attrs"] = attrs
    echoed = nl.request(msg, RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, raw=True)
    for raw in echoed:
        index, echoed_name = link_name(raw)
        if echoed_name == name or name is None:
            return index
    return None


def link_set(nl: NetlinkConn, index: int, *, up: Optional[bool] = None, name: Optional[str] = None,
             mtu: Optional[int] = None, address: Optional[str] = None, txqlen: Optional[int] = None,
             master: Optional[int] = None, netns_fd: Optional[int] = None, alias: Optional[str] = None,
             flags: Optional[dict[str, bool]] = None, group: Optional[int] = None, new_index: int = 0,
             broadcast: Optional[str] = None) -> None:
    """`ip link set DEV ...` in one request (the kernel applies netns, name, mtu... then up/down; `new_index`:
    the ifindex in the netns it moves to)."""
    msg = ifinfmsg()
    msg["index"] = index
    wanted = dict(flags or {})
    if up is not None:
        wanted["UP"] = up
    for flag, on in wanted.items():             # ifi_flags/ifi_change as iplink_parse() fills them
        bit = IFF_BITS[flag]
        msg["flags"] = (msg["flags"] or 0) | (bit if on else 0)
        msg["change"] = (msg["change"] or 0) | bit
    attrs = _base_attrs(name, mtu, address, txqlen, netns_fd)
    if master is not None:
        attrs.append(("IFLA_MASTER", master))
    if alias is not None:
        attrs.append(("IFLA_IFALIAS", alias))
    if group is not None:
        attrs.append(("IFLA_GROUP", group))
    if new_index:
        attrs.append(("IFLA_NEW_IFINDEX", new_index))
    if broadcast:
        attrs.append(("IFLA_BROADCAST", broadcast))
    msg["attrs"] = attrs
    nl.request(msg, RTM_NEWLINK, NLM_F_ACK)


def link_change(nl: NetlinkConn, index: int, kind: str, data: list[tuple[str, Any]]) -> None:
    """`ip link set DEV type KIND ...`: the kind's own attributes in one RTM_NEWLINK."""
    msg = linkmsg()
    msg["index"] = index
    info: list[tuple[str, Any]] = [("IFLA_INFO_KIND", kind)]
    if data:
        info.append(("IFLA_INFO_DATA", {"attrs": data}))
    msg["attrs"] = [("IFLA_LINKINFO", {"attrs": info})]
    nl.request(msg, RTM_NEWLINK, NLM_F_ACK)


def link_prop(nl: NetlinkConn, index: int, names: list[str], add: bool) -> None:
    """iplink_prop(): the altnames in one nested IFLA_PROP_LIST of IFLA_ALT_IFNAME."""
    msg = ifinfmsg()
    msg["index"] = index
    msg["attrs"] = [("IFLA_PROP_LIST", {"attrs": [("IFLA_ALT_IFNAME", name) for name in names]})]
    nl.request(msg, RTM_NEWLINKPROP if add else RTM_DELLINKPROP,
               NLM_F_ACK | (NLM_F_CREATE | NLM_F_EXCL | NLM_F_APPEND if add else 0))


def bridge_rc(request: Any) -> None:
    """`bridge fdb` exits 255 when the kernel refuses (its fdb_modify returns -1)."""
    try:
        request()
    except CommandError as error:
        raise CommandError(error.message, 255) from None


def link_del(nl: NetlinkConn, index: int) -> None:
    msg = ifinfmsg()
    msg["index"] = index
    nl.request(msg, RTM_DELLINK, NLM_F_ACK)


_MACVLAN_MODES = {"private": 1, "vepa": 2, "bridge": 4, "passthru": 8, "source": 16}
_MACVLAN_FLAGS = {"nopromisc": 1, "nodst": 2}


def kind_data(kind: str, info: dict[str, Any], index: Any) -> tuple[Optional[int], list[tuple[str, Any]]]:
    """(IFLA_LINK, IFLA_INFO_DATA attributes) of a parsed `ip link add ... type vxlan|macvlan|bridge` as
    iplink_vxlan.c / iplink_macvlan.c / iplink_bridge.c send them; `index(name)` gives a device's ifindex."""
    data: list[tuple[str, Any]] = []
    if kind == "vxlan":
        data.append(("IFLA_VXLAN_ID", info["vni"]))
        address = info.get("remote") or info.get("group")
        if address is not None:
            data.append(("IFLA_VXLAN_GROUP", str(address)))
        if info.get("local") is not None:
            data.append(("IFLA_VXLAN_LOCAL", str(info["local"])))
        if info.get("dev"):
            data.append(("IFLA_VXLAN_LINK", index(info["dev"])))
        data.append(("IFLA_VXLAN_LEARNING", 1 if info.get("learning", True) else 0))
        if info.get("ageing", 300) != 300:
            data.append(("IFLA_VXLAN_AGEING", info["ageing"]))
        if "dstport" in info:
            data.append(("IFLA_VXLAN_PORT", info["dstport"]))
        return None, data
    if kind == "macvlan":
        if "mode" in info:
            data.append(("IFLA_MACVLAN_MODE", _MACVLAN_MODES[info["mode"]]))
        if info.get("flag"):
            data.append(("IFLA_MACVLAN_FLAGS", sum(_MACVLAN_FLAGS[f] for f in info["flag"].split())))
        return (index(info["link"]) if info.get("link") else None), data
    if kind == "bridge":
        return None, bridge_data(info)
    return None, data
