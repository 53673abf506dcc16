"""macvlan devices (drivers/net/macvlan.c): a device with its own MAC stacked on a lower device, and its datapath.

    mv = create_macvlan(netns, "mv0", eth0, mode="bridge")
The device's carrier follows its lower device (LOWERLAYERDOWN without it); it dies with the lower
device and may live in another netns (`mv0@if2 ... link-netns`). A frame sent out of it leaves through
the lower device (`xmit`), except, in bridge mode, a frame for another bridge-mode macvlan of the same
lower device, which goes straight to it (a broadcast goes to both). A frame arriving on the lower
device for a macvlan's MAC goes to that macvlan, a broadcast to every up macvlan and the lower device
(`handle_frame`). The lower device never sees what its macvlans send: it cannot reach them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from course_lib.net.ifindex import reserve_index
from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.net.l2 import Frame
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS

MODES = ("private", "vepa", "bridge", "passthru", "source")
INVALID = CommandError("RTNETLINK answers: Invalid argument", 2)
BUSY = CommandError("RTNETLINK answers: Device or resource busy", 2)
IN_USE = CommandError("RTNETLINK answers: Address already in use", 2)


@dataclass(eq=False)
class MacvlanConfig:
    """`ip link add NAME link LOWER type macvlan mode MODE ...`."""

    lower: "Link"
    mode: str = "vepa"
    flag: Optional[str] = None        # "nopromisc" (passthru) or "nodst"
    bcqueuelen: int = 1000


def create_macvlan(netns: "NetNS", name: str, lower: "Link", mode: str = "vepa", *, flag: Optional[str] = None,
                   bcqueuelen: int = 1000, mtu: Optional[int] = None, mac: Optional[str] = None,
                   ifindex: int = 0) -> "Link":
    """macvlan_common_newlink: on a macvlan's lower device, its own; refused on lo, on a bridge port
    (EBUSY), beside a passthru device or as a passthru beside others (EINVAL), above the lower's MTU."""
    from course_lib.net import links
    from course_lib.net.link import LOOPBACK, MACVLAN, Link
    if lower.macvlan is not None:
        lower = lower.macvlan.lower
    if netns.link_by_name(name) is not None:
        raise links.EXISTS
    if lower.kind == LOOPBACK:
        raise INVALID
    if lower.master is not None:
        raise BUSY
    port = lower.macvlan_port or []
    if (mode == "passthru" and port) or any(m.macvlan.mode == "passthru" for m in port):
        raise INVALID
    if mtu is not None and mtu > lower.mtu:
        raise INVALID
    if mode == "passthru" and mac is None:
        mac = lower.mac                              # eth_hw_addr_inherit
    if ifindex:
        reserve_index(netns, ifindex)
    link = Link(name=name, kind=MACVLAN, ifindex=0, mac=mac or netns.machine.network.new_mac(), netns=netns)
    link.mtu = mtu if mtu is not None else lower.mtu
    link.macvlan = MacvlanConfig(lower=lower, mode=mode, flag=flag, bcqueuelen=bcqueuelen)
    links.attach(netns, link, ifindex)
    if lower.macvlan_port is None:
        lower.macvlan_port = []
    lower.macvlan_port.append(link)
    return link


def details(link: "Link") -> str:
    """The `ip -d link` text after `macvlan ` for a model device (the port's queue is its largest request)."""
    cfg = link.macvlan
    assert cfg is not None
    used = max((m.macvlan.bcqueuelen for m in cfg.lower.macvlan_port or ()), default=cfg.bcqueuelen)
    return details_text(cfg.mode, cfg.flag, cfg.bcqueuelen, used, 0)


def change(link: "Link", info: dict) -> None:
    """macvlan_changelink (`ip link set DEV type macvlan ...`): passthru can be neither set nor cleared."""
    cfg = link.macvlan
    if cfg is None:
        raise CommandError("RTNETLINK answers: Operation not supported", 2)
    mode = info.get("mode", cfg.mode)
    if (mode == "passthru") != (cfg.mode == "passthru"):
        raise INVALID
    cfg.mode = mode
    if "flag" in info:
        cfg.flag = info["flag"]
    cfg.bcqueuelen = info.get("bcqueuelen", cfg.bcqueuelen)


def details_text(mode: str, flag: Optional[str], bcqueuelen: int, used: int, remotes: int) -> str:
    """iproute2 6.1's macvlan_print_opt (the real backend prints kernel devices with it too)."""
    out = f"mode {mode} "
    if flag:
        out += f"{flag} "
    out += f"bcqueuelen {bcqueuelen} usedbcqueuelen {used} "
    if mode == "source":
        out += f"remotes ({remotes}) "
    return out


def forget(link: "Link") -> None:
    """The macvlan leaves its lower device's port (it is being deleted)."""
    cfg = link.macvlan
    if cfg is None:
        return
    port = cfg.lower.macvlan_port
    if port is not None and link in port:
        port.remove(link)
        if not port:
            cfg.lower.macvlan_port = None


def uppers(lower: "Link") -> list["Link"]:
    """The macvlans stacked on a device."""
    return list(lower.macvlan_port or ())


def addr_busy(lower: "Link", mac: str, me: "Link") -> bool:
    """macvlan_addr_busy: the lower device's own MAC or another up macvlan's."""
    if mac == lower.mac and not (me.macvlan is not None and me.macvlan.mode == "passthru"):
        return True
    return any(m is not me and m.admin_up and m.mac == mac for m in lower.macvlan_port or ())


def check_up(link: "Link") -> None:
    """macvlan_open: its MAC must not be in use on the port."""
    cfg = link.macvlan
    if cfg is not None and addr_busy(cfg.lower, link.mac, link):
        raise IN_USE


def check_mac(link: "Link", mac: str) -> None:
    """macvlan_set_mac_address: the new MAC must not be in use on the port."""
    cfg = link.macvlan
    if cfg is not None and cfg.mode != "passthru" and addr_busy(cfg.lower, mac, link):
        raise IN_USE


def lower_promiscuity(lower: "Link") -> int:
    """A lower device with up macvlans takes their MACs in its unicast list: a veth has no filter for them."""
    if not lower.admin_up:
        return 0
    return 1 if any(m.admin_up and m.macvlan.flag != "nopromisc" for m in lower.macvlan_port or ()) else 0


# -- datapath ----------------------------------------------------------------------------------------
def xmit(link: "Link", frame: "Frame") -> None:
    """macvlan_start_xmit: bridge mode reaches its bridge-mode siblings directly; the rest leaves by the lower."""
    from course_lib.net import l2
    from course_lib.net.events import scheduler
    cfg = link.macvlan
    assert cfg is not None
    link.stat("tx_packets")
    link.stat("tx_bytes", l2.frame_bytes(frame))
    lower = cfg.lower
    sched = scheduler(link.netns.machine.network)
    if cfg.mode == "bridge":
        siblings = [m for m in lower.macvlan_port or () if m is not link and m.macvlan.mode == "bridge"]
        if frame.dst == l2.BROADCAST:
            for other in siblings:
                sched.after(0.0, l2.receive, other, frame.copy())
        else:
            dest = next((m for m in siblings if m.mac == frame.dst and m.admin_up), None)
            if dest is not None:
                tr = l2.trace_of(frame)
                if tr is not None:
                    tr.add(l2.node_name(link.netns), "macvlan", f"{link.name} -> {dest.name} (bridge mode)")
                sched.after(0.0, l2.receive, dest, frame)
                return
    l2.transmit(lower, frame)


def handle_frame(lower: "Link", frame: "Frame") -> bool:
    """macvlan_handle_frame, for a frame that arrived on `lower`: True when a macvlan took it."""
    from course_lib.net import l2
    port = lower.macvlan_port
    if not port:
        return False
    passthru = next((m for m in port if m.macvlan.mode == "passthru"), None)
    if passthru is not None:
        l2.receive(passthru, frame)
        return True
    if frame.dst == l2.BROADCAST:
        source = next((m for m in port if m.mac == frame.src), None)
        for m in port:
            if m is source or not m.admin_up or m.macvlan.mode == "source":
                continue
            if source is not None and (m.macvlan.mode == "private" or source.macvlan.mode == "private"):
                continue
            copy = frame.copy()
            copy.hops -= 1
            l2.receive(m, copy)
        return False                               # the lower device gets it too (RX_HANDLER_PASS)
    dest = next((m for m in port if m.mac == frame.dst and m.macvlan.mode != "source"), None)
    if dest is None:
        return False
    frame.hops -= 1
    l2.receive(dest, frame)
    return True


def from_spec(netns: "NetNS", name: str, info: dict, mtu: Optional[int], mac: Optional[str],
              ifindex: int = 0) -> "Link":
    """The device of a parsed `ip link add ... link LOWER type macvlan` (course_lib.shell.ip.link_macvlan)."""
    lower = netns.link_by_name(info.get("link") or "")
    if lower is None:
        raise INVALID                              # no IFLA_LINK: macvlan_newlink says EINVAL
    return create_macvlan(netns, name, lower, info.get("mode", "vepa"), flag=info.get("flag"),
                          bcqueuelen=info.get("bcqueuelen", 1000), mtu=mtu, mac=mac, ifindex=ifindex)
