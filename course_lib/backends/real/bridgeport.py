"""Bridge ports and the bridge fdb on the kernel: IFLA_PROTINFO read and written, fdb flush and get.

`bridge link set` is brlink_modify()'s AF_BRIDGE RTM_SETLINK with a nested IFLA_PROTINFO of
IFLA_BRPORT_* attributes; the AF_BRIDGE link dump gives them back for `bridge link` / `bridge -d link`.
`bridge fdb flush` is fdb_flush()'s bulk RTM_DELNEIGH (NLM_F_BULK). BridgeOps is RealStack's bridge side
(fdb show/add/del/flush, bridge link show/set).
"""
from __future__ import annotations

import socket
import struct
import time
from typing import Any, Optional

from pyroute2.netlink import NLA_F_NESTED
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg

from course_lib.backends.real import kernel_records as kr
from course_lib.backends.real.kernel_records import nl_attrs
from course_lib.backends.real import linkops
from course_lib.backends.real.nlconn import HOW_FLAGS, RTM_DELNEIGH, RTM_NEWNEIGH, NetlinkConn
from course_lib.backends.stack import FdbRecord, LinkRecord

RTM_SETLINK = 19
NLM_F_ACK, NLM_F_BULK = 4, 0x200
NTF_SELF, NTF_MASTER, NTF_STICKY = 0x02, 0x04, 0x40
PORT_STATES = ["disabled", "listening", "learning", "forwarding", "blocking"]
_U32 = struct.Struct("=I")
_IFI = struct.Struct("=BxHiII")

# `bridge link set` word -> the IFLA_BRPORT_* attribute, in the order brlink_modify() adds them
SETTINGS = [("guard", "IFLA_BRPORT_GUARD"), ("hairpin", "IFLA_BRPORT_MODE"),
            ("fastleave", "IFLA_BRPORT_FAST_LEAVE"), ("root_block", "IFLA_BRPORT_PROTECT"),
            ("flood", "IFLA_BRPORT_UNICAST_FLOOD"), ("mcast_flood", "IFLA_BRPORT_MCAST_FLOOD"),
            ("bcast_flood", "IFLA_BRPORT_BCAST_FLOOD"), ("mcast_to_unicast", "IFLA_BRPORT_MCAST_TO_UCAST"),
            ("learning", "IFLA_BRPORT_LEARNING"), ("learning_sync", "IFLA_BRPORT_LEARNING_SYNC"),
            ("cost", "IFLA_BRPORT_COST"), ("priority", "IFLA_BRPORT_PRIORITY"), ("state", "IFLA_BRPORT_STATE"),
            ("mcast_router", "IFLA_BRPORT_MULTICAST_ROUTER"), ("neigh_suppress", "IFLA_BRPORT_NEIGH_SUPPRESS"),
            ("vlan_tunnel", "IFLA_BRPORT_VLAN_TUNNEL"), ("isolated", "IFLA_BRPORT_ISOLATED"),
            ("locked", "IFLA_BRPORT_LOCKED"),
            # `ip link set DEV type bridge_slave` only (iplink_bridge_slave.c)
            ("proxy_arp", "IFLA_BRPORT_PROXYARP"), ("proxy_arp_wifi", "IFLA_BRPORT_PROXYARP_WIFI"),
            ("group_fwd_mask", "IFLA_BRPORT_GROUP_FWD_MASK"), ("fdb_flush", "IFLA_BRPORT_FLUSH")]
# IFLA_BRPORT_* number -> (the port_settings key, width in bytes: 0 = an on/off u8)
_READ = {1: ("state", 1), 2: ("priority", 2), 3: ("cost", 4), 4: ("hairpin", 0), 5: ("guard", 0),
         6: ("root_block", 0), 7: ("fastleave", 0), 8: ("learning", 0), 9: ("flood", 0),
         11: ("learning_sync", 0), 25: ("mcast_router", 1), 27: ("mcast_flood", 0), 28: ("mcast_to_unicast", 0),
         29: ("vlan_tunnel", 0), 30: ("bcast_flood", 0), 32: ("neigh_suppress", 0), 33: ("isolated", 0),
         39: ("locked", 0), 10: ("proxy_arp", 0), 12: ("proxy_arp_wifi", 0), 31: ("group_fwd_mask", 2),
         18: ("port_no", 2), 21: ("message_age_timer", 8), 22: ("forward_delay_timer", 8), 23: ("hold_timer", 8)}


def port_info(raws: list[bytes]) -> dict[int, dict[str, Any]]:
    """ifindex -> the port's STP state and settings, from the raw AF_BRIDGE RTM_NEWLINK messages."""
    out: dict[int, dict[str, Any]] = {}
    for data in raws:
        index = _IFI.unpack_from(data, 16)[2]
        for kind, value in nl_attrs(data, 32, min(_U32.unpack_from(data)[0], len(data))):
            if kind == 12:                                  # IFLA_PROTINFO
                out.setdefault(index, {}).update(protinfo(value))
    return out


def protinfo(value: bytes) -> dict[str, Any]:
    """IFLA_BRPORT_* attributes (IFLA_PROTINFO, or a port's IFLA_INFO_SLAVE_DATA) -> the settings as
    `bridge -d link` names them ("on"/"off" flags, numbers, the STP state's name)."""
    info: dict[str, Any] = {}
    for inner, raw in nl_attrs(value, 0, len(value)):
        spec = _READ.get(inner)
        if spec is None or not raw:
            continue
        key, width = spec
        if width == 0:
            info[key] = "on" if raw[0] else "off"
        else:
            number = int.from_bytes(bytes(raw[:width]), "little")
            if key == "state":
                info[key] = PORT_STATES[number] if number < len(PORT_STATES) else str(number)
            else:                                   # the timers: u64 USER_HZ ticks, shown in seconds
                info[key] = number / 100 if width == 8 else number
    return info


def port_set(nl: NetlinkConn, index: int, settings: dict[str, Any]) -> None:
    """`bridge link set dev PORT ...`: one AF_BRIDGE RTM_SETLINK with the nested IFLA_PROTINFO."""
    attrs = []
    for word, name in SETTINGS:
        if word in settings:
            value = settings[word]
            if word == "fdb_flush":
                attrs.append((name, True))
            else:
                attrs.append((name, (1 if value == "on" else 0) if value in ("on", "off") else int(value)))
    msg = ifinfmsg()
    msg["family"], msg["index"] = socket.AF_BRIDGE, index
    msg["attrs"] = [("IFLA_PROTINFO", {"attrs": attrs}, NLA_F_NESTED)]
    nl.request(msg, RTM_SETLINK, NLM_F_ACK)


def fdb_flush(nl: NetlinkConn, index: int, *, master: bool, port: Optional[int] = None, vlan: int = 0,
              states: Optional[tuple[int, int]] = None, sticky: Optional[bool] = None) -> None:
    """`bridge fdb flush dev DEV [master] [brport P] [vlan V]`: NTF_SELF unless master was given, as
    fdb_flush() sends it."""
    msg = ndmsg()
    msg["family"], msg["ifindex"] = socket.AF_BRIDGE, index
    msg["flags"] = NTF_MASTER if master else NTF_SELF
    msg["attrs"] = ([("NDA_IFINDEX", port)] if port is not None else []) + ([("NDA_VLAN", vlan)] if vlan else [])
    if states is not None:
        msg["state"] = states[0]
        msg["attrs"].append(("NDA_NDM_STATE_MASK", states[1]))
    if sticky is not None:                                  # [no]sticky: NTF_STICKY in ndm_flags and its mask
        msg["flags"] |= NTF_STICKY if sticky else 0
        msg["attrs"].append(("NDA_NDM_FLAGS_MASK", NTF_STICKY))
    nl.request(msg, RTM_DELNEIGH, NLM_F_ACK | NLM_F_BULK)


class BridgeOps:
    """RealStack's bridge side (mixed in: it gives nl, index, _request, _kernel, _names, link_records)."""

    __slots__ = ()

    def fdb(self) -> list[FdbRecord]:
        names = self._names()
        return [kr.fdb_record(m, names) for m in self._kernel(lambda: self.nl.neighbours(socket.AF_BRIDGE))]

    def _fdb_msg(self, mac: str, dev: str, state: int, flags: int) -> Any:
        msg = ndmsg()
        msg["family"], msg["ifindex"], msg["state"], msg["flags"] = socket.AF_BRIDGE, self.index(dev), state, flags
        msg["attrs"] = [("NDA_LLADDR", mac)]
        return msg

    def fdb_add(self, mac: str, dev: str, *, master: bool = False, state: str = "permanent",
                how: str = "add", dst: Optional[str] = None, sticky: bool = False) -> None:
        nud = {"permanent": 0x80, "static": 0x40, "dynamic": 0x02}.get(state, 0x80)
        msg = self._fdb_msg(mac, dev, nud, (0x04 if master else 0x02) | (0x40 if sticky else 0))    # NTF_STICKY
        if dst is not None:                                     # a vxlan device's remote VTEP
            msg["attrs"].append(("NDA_DST", dst))
        linkops.bridge_rc(lambda: self._request(msg, RTM_NEWNEIGH, HOW_FLAGS.get(how, HOW_FLAGS["add"])))

    def fdb_del(self, mac: str, dev: str, *, master: bool = False, dst: Optional[str] = None) -> None:
        msg = self._fdb_msg(mac, dev, 0x80, 0x04 if master else 0x02)     # iproute2 sends NUD_PERMANENT
        if dst is not None:
            msg["attrs"].append(("NDA_DST", dst))
        linkops.bridge_rc(lambda: self._request(msg, RTM_DELNEIGH))

    def bridge_ports(self) -> list[LinkRecord]:
        """Links enslaved to a bridge, with their STP state and port settings (the AF_BRIDGE link dump's
        IFLA_PROTINFO), once a port with carrier under an UP bridge has left `disabled` (linkwatch
        enables it within a second, long before a person types the next command)."""
        deadline = time.monotonic() + 1.2
        while True:
            every = self.link_records()
            recs = [rec for rec in every if rec.master is not None]
            info = port_info(self.nl.bridge_links())
            up = {rec.name for rec in every if "UP" in rec.flags}
            settling = [rec for rec in recs if info.get(rec.ifindex, {}).get("state", "disabled") == "disabled"
                        and "LOWER_UP" in rec.flags and "UP" in rec.flags and rec.master in up]
            if not settling or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        for rec in recs:
            rec.bridge_info.update(info.get(rec.ifindex, {}))
            rec.bridge_info.setdefault("state", "disabled")
        return recs

    def bridge_link_set(self, dev: str, settings: dict) -> None:
        index = self.index(dev)
        linkops.bridge_rc(lambda: self._kernel(lambda: port_set(self.nl, index, settings)))

    def fdb_flush(self, dev: str, *, master: bool = False, port: Optional[str] = None, vlan: int = 0,
                  states: Optional[tuple[int, int]] = None, sticky: Optional[bool] = None) -> None:
        index = self.index(dev)
        pindex = self.index(port) if port else None
        linkops.bridge_rc(lambda: self._kernel(lambda: fdb_flush(self.nl, index, master=master, port=pindex,
                                                                 vlan=vlan, states=states, sticky=sticky)))
