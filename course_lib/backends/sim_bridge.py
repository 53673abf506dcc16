"""The simulated NetStack's bridge side: `bridge fdb` entries and `bridge link` ports of one netns."""
from __future__ import annotations

import ipaddress
from typing import Optional

from course_lib.backends.sim_records import link_record, mc_list
from course_lib.backends.stack import FdbRecord, LinkRecord
from course_lib.net.link import BRIDGE, LOOPBACK
from course_lib.result import CommandError


class BridgeOps:
    """Mixed into SimStack (which gives `netns`, `machine` and `link(name)`)."""

    __slots__ = ()

    def fdb(self) -> list[FdbRecord]:
        from course_lib.net.bridging import expire
        out = []
        for link in self.netns.links.values():
            if link.kind == BRIDGE and link.fdb:
                expire(link)
        for _, link in sorted(self.netns.links.items()):
            if link.kind == LOOPBACK:
                continue
            bridge = link.master
            if bridge is not None:
                for e in reversed(list(bridge.fdb.values())):
                    if e.port is link:
                        flags = ["permanent"] if e.local else (["static"] if e.static else [])
                        if e.sticky:
                            flags.insert(0, "sticky")
                        out.append(FdbRecord(mac=e.mac, dev=link.name, master=bridge.name, flags=flags))
            if link.vxlan is not None:              # a vxlan device dumps its own fdb, not its address lists
                from course_lib.net import vxlan
                out += [FdbRecord(mac=m, dev=link.name, flags=f, dst=d, via=v) for m, d, v, f in vxlan.fdb_rows(link)]
                continue
            for mac in link.uc_list:                # on a bridge: br_fdb_add's local entry of the bridge itself
                out.append(FdbRecord(mac=mac, dev=link.name, master=link.name, flags=["permanent"])
                           if link.kind == BRIDGE else FdbRecord(mac=mac, dev=link.name, flags=["self", "permanent"]))
            for mac in mc_list(self.netns, link):
                out.append(FdbRecord(mac=mac, dev=link.name, flags=["self", "permanent"]))
            if link.kind == BRIDGE and link.mac != "00:00:00:00:00:00" and \
                    not any(p.mac == link.mac for p in link.port_list):
                # the bridge's own address (a port with the same MAC already holds that entry)
                out.append(FdbRecord(mac=link.mac, dev=link.name, master=link.name, flags=["permanent"]))
        return out

    def bridge_ports(self) -> list[LinkRecord]:
        from course_lib.net.bridging import port_state
        from course_lib.net.chatter import port_forwarding
        out = []
        for _, link in sorted(self.netns.links.items()):
            if link.master is not None:
                rec = link_record(self.netns, link)
                rec.bridge_info["state"] = port_state(link) if port_forwarding(link) else "disabled"
                out.append(rec)
        return out

    def bridge_link_set(self, dev: str, settings: dict) -> None:
        """`bridge link set dev PORT ...` / `ip link set PORT type bridge_slave ...` (br_setport, rc 255 here):
        the flags first, then cost, priority, STP state, fdb_flush, group_fwd_mask -- the first refusal stops
        there, what came before it stays."""
        from course_lib.net import flood
        from course_lib.net.bridging import PORT_FLAGS
        from course_lib.net.port_flags import plain
        port = self.link(dev)
        bridge = port.master
        if bridge is None:
            raise CommandError("RTNETLINK answers: Operation not supported", 255)
        flood.invalidate(port)
        opts = dict(port.port_opts or {})
        for key, value in settings.items():
            if key not in _STEPS:
                opts[key] = value
        port.port_opts = opts
        if not plain(port):
            bridge.__dict__[PORT_FLAGS] = True
        try:
            for key in _STEPS:
                if key in settings:
                    _STEPS[key](self, port, opts, settings[key])
        finally:
            port.port_opts = opts

    def fdb_add(self, mac: str, dev: str, *, master: bool = False, state: str = "permanent",
                how: str = "add", dst: Optional[str] = None, sticky: bool = False) -> None:
        from course_lib.net.link import FdbEntry
        port = self.link(dev)
        _ethernet_only(port, "add")
        if port.vxlan is not None and not master:
            from course_lib.net import vxlan
            if dst is None:
                raise CommandError("RTNETLINK answers: Invalid argument", 255)
            vxlan.fdb_set(port, mac, ipaddress.IPv4Address(dst), how)
            return
        if not master:
            if state != "permanent":               # ndo_dflt_fdb_add / br_fdb_add on the bridge: local ones only
                raise CommandError("RTNETLINK answers: Invalid argument", 255)
            if mac in port.uc_list:
                if how == "add":
                    raise CommandError("RTNETLINK answers: File exists", 255)
                return
            port.uc_list.append(mac)
            return
        bridge = port.master                       # `master` on a device that is no bridge port (a bridge too)
        if bridge is None:
            raise CommandError("RTNETLINK answers: Operation not supported", 255)
        if state == "dynamic" and port is not bridge and _port_state(port) not in ("learning", "forwarding"):
            raise CommandError("RTNETLINK answers: Operation not permitted", 255)   # the port cannot learn
        existing = bridge.fdb.get(mac)
        if existing is not None and how == "add":          # fdb_add_entry: NLM_F_EXCL, a learned entry too
            raise CommandError("RTNETLINK answers: File exists", 255)
        bridge.fdb.pop(mac, None)
        bridge.fdb[mac] = FdbEntry(mac=mac, port=port, static=state != "dynamic", local=state == "permanent",
                                   age=self.machine.network.clock, sticky=sticky)

    def fdb_flush(self, dev: str, *, master: bool = False, port: Optional[str] = None, vlan: int = 0,
                  states: Optional[tuple[int, int]] = None, sticky: Optional[bool] = None) -> None:
        from course_lib.net.fdb_flush import flush
        flush(self.link(dev), master=master, port=self.link(port) if port else None, vlan=vlan, states=states,
              sticky=sticky)

    def fdb_del(self, mac: str, dev: str, *, master: bool = False, dst: Optional[str] = None) -> None:
        port = self.link(dev)
        _ethernet_only(port, "delete")
        if port.vxlan is not None and not master:
            from course_lib.net import vxlan
            vxlan.fdb_del(port, mac, ipaddress.IPv4Address(dst) if dst else None)
            return
        if not master:
            if mac not in port.uc_list:
                raise CommandError("RTNETLINK answers: No such file or directory", 255)
            port.uc_list.remove(mac)
            return
        bridge = port.master
        if bridge is None:
            raise CommandError("RTNETLINK answers: Operation not supported", 255)
        if mac not in bridge.fdb or bridge.fdb[mac].port is not port:
            raise CommandError("RTNETLINK answers: No such file or directory", 255)
        del bridge.fdb[mac]


def _ethernet_only(port, verb: str) -> None:
    """rtnl_fdb_add/rtnl_fdb_del refuse any device that is not ARPHRD_ETHER (here: loopback) first."""
    if port.is_loopback:
        raise CommandError(f"Error: FDB {verb} only supported for Ethernet devices.", 255)


def _port_state(port) -> str:
    """The port's state as `bridge link` shows it: disabled without carrier or with its bridge down."""
    from course_lib.net.bridging import port_state
    from course_lib.net.chatter import port_forwarding
    return port_state(port) if port_forwarding(port) else "disabled"


def _cost(stack: BridgeOps, port, opts: dict, value: int) -> None:
    if not 1 <= value <= 65535 * 65535:             # BR_MIN_PATH_COST .. BR_MAX_PATH_COST
        raise CommandError("RTNETLINK answers: Numerical result out of range", 255)
    opts["cost"] = value


def _priority(stack: BridgeOps, port, opts: dict, value: int) -> None:
    if value > 63:                                  # BR_MAX_PORT_PRIORITY
        raise CommandError("RTNETLINK answers: Numerical result out of range", 255)
    opts["priority"] = value


def _state(stack: BridgeOps, port, opts: dict, value: int) -> None:
    """br_set_port_state: refused with kernel STP on, out of range, or on a port that is not running."""
    from course_lib.net.chatter import port_forwarding
    from course_lib.net.bridge_opts import options
    if options(port.master)["stp_state"]:
        raise CommandError("RTNETLINK answers: Device or resource busy", 255)
    if value > 4:
        raise CommandError("RTNETLINK answers: Invalid argument", 255)
    if not port_forwarding(port):
        raise CommandError("RTNETLINK answers: Network is down", 255)
    port.port_state = ("disabled", "listening", "learning", "forwarding", "blocking")[value]


def _fdb_flush(stack: BridgeOps, port, opts: dict, value: bool) -> None:
    """br_fdb_delete_by_port(do_all=0): the port's learned entries (static and permanent ones stay)."""
    fdb = port.master.fdb
    for mac in [m for m, e in fdb.items() if e.port is port and not e.static and not e.local]:
        del fdb[mac]


def _group_fwd_mask(stack: BridgeOps, port, opts: dict, value: int) -> None:
    if value & 0x2:                                 # BR_GROUPFWD_MACPAUSE
        raise CommandError("RTNETLINK answers: Invalid argument", 255)
    opts["group_fwd_mask"] = value


_STEPS = {"cost": _cost, "priority": _priority, "state": _state, "fdb_flush": _fdb_flush,
          "group_fwd_mask": _group_fwd_mask}
