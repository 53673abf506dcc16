"""VXLAN devices (drivers/net/vxlan): a vxlan link's settings and fdb, and Ethernet over UDP to the remote VTEP.

    link = create_vxlan(netns, "vxlan0", VxlanConfig(vni=42, dstport=4789, lower=eth0, learning=False))
    fdb_set(link, "00:00:00:00:00:00", ip_address("10.0.0.2"), how="append")    # bridge fdb append ... dst
A frame sent out of the device (l2.transmit) is looked up in its fdb by destination MAC (else the
all-zeros entries: one copy per remote, as head-end replication; else the device's default remote)
and sent as an outer IPv4/UDP packet from the device's netns (`ip_send`: routing, OUTPUT and
POSTROUTING see it) to the remote VTEP's dstport. While the device is up, a kernel UDP socket of its
netns listens on that port (`ss -lun` shows it, without a process); a packet arriving there after
INPUT is decapsulated into the up vxlan device with the packet's VNI and dstport, which learns the
inner source MAC's VTEP unless `nolearning`.
"""
from __future__ import annotations

import ipaddress
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from course_lib.net.ifindex import reserve_index
from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.l2 import Frame
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS

IPv4 = ipaddress.IPv4Address
DEFAULT_PORT = 8472              # the Linux default (IANA's is 4789): iproute2 warns when dstport is not given
OVERHEAD = 50                    # outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8: the MTU below the lower device's
ALL_ZEROS = "00:00:00:00:00:00"


@dataclass
class VxlanFdb:
    """One entry of a vxlan device's own fdb (`bridge fdb ... self`): MAC -> remote VTEP."""

    mac: str
    dst: IPv4
    via: Optional["Link"] = None     # the remote's ifindex (the device's `dev`, for the default entry)
    permanent: bool = True           # False: learned from a received packet (dynamic)
    updated: float = 0.0


@dataclass(eq=False)
class VxlanConfig:
    """`ip link add NAME type vxlan id VNI ...`: what the device was made with, and its fdb."""

    vni: int
    dstport: int = DEFAULT_PORT
    remote: Optional[IPv4] = None
    group: Optional[IPv4] = None
    local: Optional[IPv4] = None
    lower: Optional["Link"] = None   # `dev PHYS_DEV`
    learning: bool = True
    ageing: int = 300
    fdb: dict[str, list[VxlanFdb]] = field(default_factory=dict)   # MAC -> its remotes; MACs oldest first


@dataclass
class VxlanPayload:
    """The UDP payload: the VXLAN header's VNI and the inner Ethernet frame."""

    vni: int
    frame: "Frame"

    def __len__(self) -> int:
        from course_lib.net.l2 import frame_bytes
        return 8 + frame_bytes(self.frame)


# -- the device --------------------------------------------------------------------------------------
def create_vxlan(netns: "NetNS", name: str, cfg: VxlanConfig, mtu: Optional[int] = None,
                 mac: Optional[str] = None, ifindex: int = 0) -> "Link":
    """vxlan_newlink: refused when the VNI is taken on the same port; MTU from the lower device."""
    from course_lib.net import links
    from course_lib.net.link import VXLAN, Link
    if netns.link_by_name(name) is not None:
        raise links.EXISTS
    for other in netns.links.values():
        o = other.vxlan
        if o is not None and o.vni == cfg.vni and o.dstport == cfg.dstport and o.local == cfg.local:
            raise CommandError("Error: A VXLAN device with the specified VNI already exists.", 2)
    if ifindex:
        reserve_index(netns, ifindex)
    link = Link(name=name, kind=VXLAN, ifindex=0, mac=mac or netns.machine.network.new_mac(), netns=netns)
    link.mtu = mtu if mtu is not None else (cfg.lower.mtu - OVERHEAD if cfg.lower is not None else 1500)
    link.vxlan = cfg
    default = cfg.remote or cfg.group
    if default is not None:
        cfg.fdb[ALL_ZEROS] = [VxlanFdb(ALL_ZEROS, default, via=cfg.lower)]
    links.attach(netns, link, ifindex)
    return link


def details(link: "Link") -> str:
    """The `ip -d link` line after `vxlan ` (iproute2 6.1's vxlan_print_opt, IPv4)."""
    cfg = link.vxlan
    assert cfg is not None
    out = [f"id {cfg.vni} "]
    if cfg.group is not None:
        out.append(f"group {cfg.group} ")
    elif cfg.remote is not None:
        out.append(f"remote {cfg.remote} ")
    if cfg.local is not None:
        out.append(f"local {cfg.local} ")
    if cfg.lower is not None:
        out.append(f"dev {cfg.lower.name} ")
    out.append(f"srcport 0 0 dstport {cfg.dstport} ")
    if not cfg.learning:
        out.append("nolearning ")
    out.append(f"ttl auto ageing {cfg.ageing} udpcsum noudp6zerocsumtx noudp6zerocsumrx ")
    return "".join(out)


def set_up(link: "Link", up: bool) -> None:
    """vxlan_open / vxlan_stop: the device's UDP socket (shared by the devices on one port)."""
    from course_lib.net.sockets import SocketError, udp_bind
    cfg = link.vxlan
    if cfg is None:
        return
    netns = link.netns
    socks: dict[int, tuple[Any, set]] = netns.__dict__.setdefault("vxlan_sockets", {})
    entry = socks.get(cfg.dstport)
    if up:
        if entry is None:
            try:
                sock = udp_bind(netns, "0.0.0.0", cfg.dstport, _receiver(netns, cfg.dstport), process_name="",
                                pid=0)
            except SocketError as exc:          # a program holds the port: vxlan_open fails, the device stays down
                raise CommandError(f"RTNETLINK answers: {exc}", 2) from None
            socks[cfg.dstport] = entry = (sock, set())
        entry[1].add(link)
    elif entry is not None:
        entry[1].discard(link)
        if not entry[1]:
            entry[0].close()
            del socks[cfg.dstport]


# -- fdb ---------------------------------------------------------------------------------------------
def fdb_set(link: "Link", mac: str, dst: IPv4, how: str = "add", via: Optional["Link"] = None) -> None:
    """`bridge fdb add|append|replace MAC dev VXLAN dst IP`: add refuses an existing MAC, append adds one
    more remote to a MAC (the flood list of 00:00:00:00:00:00), replace keeps one remote."""
    cfg = link.vxlan
    assert cfg is not None
    same = cfg.fdb.get(mac, [])
    now = link.netns.machine.network.clock
    if how == "append":
        if any(e.dst == dst for e in same):
            return                               # the same remote again: nothing to do, no error
        cfg.fdb.setdefault(mac, []).append(VxlanFdb(mac, dst, via, updated=now))
        return
    if same and how == "add":
        raise CommandError("RTNETLINK answers: File exists", 255)
    if same and int(mac[:2], 16) & 1:
        raise CommandError("Error: Cannot replace non-unicast fdb entries.", 255)
    if same:
        same[0].dst, same[0].via, same[0].permanent, same[0].updated = dst, via, True, now
        return
    cfg.fdb[mac] = [VxlanFdb(mac, dst, via, updated=now)]


def fdb_del(link: "Link", mac: str, dst: Optional[IPv4] = None) -> None:
    """`bridge fdb del MAC dev VXLAN [dst IP]`: one remote, or the whole MAC."""
    cfg = link.vxlan
    assert cfg is not None
    if mac not in cfg.fdb:
        raise CommandError("RTNETLINK answers: No such file or directory", 255)
    gone = [e for e in cfg.fdb[mac] if dst is None or e.dst == dst]
    if not gone:
        return                                   # the MAC is there, that remote is not: nothing done, no error
    if dst is None:
        del cfg.fdb[mac]
    else:
        cfg.fdb[mac].remove(gone[0])
        if not cfg.fdb[mac]:
            del cfg.fdb[mac]


def _remotes(cfg: VxlanConfig, mac: str) -> list[VxlanFdb]:
    return cfg.fdb.get(mac) or cfg.fdb.get(ALL_ZEROS) or []


# -- datapath ----------------------------------------------------------------------------------------
def xmit(link: "Link", frame: "Frame") -> None:
    """vxlan_xmit: one outer UDP packet per remote VTEP of the frame's destination MAC."""
    cfg = link.vxlan
    assert cfg is not None
    remotes = _remotes(cfg, frame.dst)
    if not remotes:
        link.stat("tx_dropped")
        drop(frame, node_name(link.netns), f"{link.name}: no VXLAN fdb entry for {frame.dst}")
        return
    size = frame_bytes(frame)
    link.stat("tx_packets")
    link.stat("tx_bytes", size)
    tr = trace_of(frame)
    sport = 32768 + (zlib.crc32(f"{frame.src}{frame.dst}".encode()) & 0x7FFF)   # a flow hash of the inner frame
    for i, entry in enumerate(remotes):
        inner = frame if i == 0 else frame.copy()
        pkt = Packet(src=cfg.local, dst=entry.dst, proto=UDP, sport=sport, dport=cfg.dstport,
                     payload=VxlanPayload(cfg.vni, inner), length=20 + 8 + 8 + size, trace=tr)
        if tr is not None:
            tr.add(node_name(link.netns), "vxlan", f"{link.name}: {frame.dst} -> VTEP {entry.dst} "
                   f"(VNI {cfg.vni}, udp dport {cfg.dstport})")
        _datapath.ip_send(link.netns, pkt, oif=entry.via)


def _receiver(netns: "NetNS", port: int) -> Any:
    def receive(payload: Any, src_ip: IPv4, src_port: int, dst_ip: IPv4) -> None:
        decap(netns, port, payload, src_ip)
        return None
    return receive


def decap(netns: "NetNS", port: int, payload: Any, src_ip: IPv4) -> None:
    """vxlan_rcv: the device of this VNI on this port takes the inner frame (learning its VTEP)."""
    if not isinstance(payload, VxlanPayload):
        return
    entry = netns.__dict__.get("vxlan_sockets", {}).get(port)
    link = next((l for l in (entry[1] if entry else ()) if l.vxlan.vni == payload.vni and l.admin_up), None)
    frame = payload.frame
    tr = getattr(frame.payload, "trace", None)
    if link is None:
        if tr is not None:
            tr.add(node_name(netns), "drop", f"vxlan: no device for VNI {payload.vni} on port {port}")
        return
    cfg = link.vxlan
    if cfg.learning and not frame.src.startswith("ff"):
        known = cfg.fdb.get(frame.src)
        if not known:
            cfg.fdb[frame.src] = [VxlanFdb(frame.src, src_ip, permanent=False, updated=netns.machine.network.clock)]
        elif not known[0].permanent:
            known[0].dst, known[0].updated = src_ip, netns.machine.network.clock
    if tr is not None:
        tr.add(node_name(netns), "vxlan", f"decapsulated from {src_ip} (VNI {payload.vni}) into {link.name}")
    frame.hops = 0
    receive(link, frame)


# -- what the NetStack needs -------------------------------------------------------------------------
def from_spec(netns: "NetNS", name: str, info: dict[str, Any], mtu: Optional[int], mac: Optional[str],
              ifindex: int = 0) -> "Link":
    """The device of a parsed `ip link add ... type vxlan` (course_lib.shell.ip.link_vxlan)."""
    lower = netns.link_by_name(info["dev"]) if info.get("dev") else None
    cfg = VxlanConfig(vni=info["vni"], dstport=info.get("dstport") or DEFAULT_PORT, remote=info.get("remote"),
                      group=info.get("group"), local=info.get("local"), lower=lower,
                      learning=info.get("learning", True), ageing=info.get("ageing", 300))
    return create_vxlan(netns, name, cfg, mtu=mtu, mac=mac, ifindex=ifindex)


def fdb_rows(link: "Link") -> list[tuple[str, str, Optional[str], list[str]]]:
    """(mac, dst, via device, flags) of the device's fdb as vxlan_fdb_dump gives them: newest MAC first,
    a MAC's remotes in the order they were added."""
    cfg = link.vxlan
    assert cfg is not None
    rows = []
    for mac in reversed(cfg.fdb):
        for e in cfg.fdb[mac]:
            rows.append((e.mac, str(e.dst), e.via.name if e.via is not None else None,
                         ["self", "permanent"] if e.permanent else ["self"]))
    return rows


# the datapath's modules call each other; bound here, after every definition (not per packet)
from course_lib.net import datapath as _datapath  # noqa: E402
from course_lib.net.l2 import drop, frame_bytes, node_name, receive, trace_of  # noqa: E402
from course_lib.net.packet import UDP, Packet  # noqa: E402
