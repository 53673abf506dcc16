"""RealStack: the NetStack protocol over the kernel — one lab netns, through its pyroute2 socket.

Reads are netlink dumps turned into the shared records (kernel_records); writes are the same
netlink requests iproute2 sends (flags, defaults, attributes), so the kernel's own answer comes back
and is printed as iproute2 prints it. Netns names are the machine's own (`red`), mapped to the lab's
real names; a netns given by number, or one of another machine, is refused.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg

from course_lib.backends.real import kernel_records as kr
from course_lib.backends.real import linkops, rules
from course_lib.backends.real.bridgeport import BridgeOps
from course_lib.backends.real.proxyneigh import ProxyOps
from course_lib.backends.real.stack_sysctl import SysctlOps
from course_lib.backends.real.routemsg import _af, route_msg
from course_lib.backends.real.lazylink import LazyLink, LinkLoader, in_transition, linkwatch_pending
from course_lib.backends.real.nlconn import (HOW_FLAGS, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE,
                                             RTM_DELADDR, RTM_DELNEIGH, RTM_DELROUTE, RTM_GETROUTE,
                                             RTM_NEWADDR, RTM_NEWNEIGH, RTM_NEWROUTE)
from course_lib.backends.stack import (AddrRecord, LinkRecord, LinkSpec, NeighRecord,
                                       RouteRecord, RouteSpec)
from course_lib.result import CommandError

if TYPE_CHECKING:
    from course_lib.backends.real.backend import NetnsHandle, RealBackend, RealMachine

T = TypeVar("T")


def no_device(name: str) -> CommandError:
    return CommandError(f'Cannot find device "{name}"', 1)


class RealStack(BridgeOps, ProxyOps, SysctlOps):
    """The network stack of one netns the lab made on the kernel."""

    def __init__(self, backend: "RealBackend", machine: "RealMachine", handle: "NetnsHandle") -> None:
        self.backend = backend
        self.machine = machine
        self.handle = handle
        self.nl = handle.nl

    # -- helpers ---------------------------------------------------------------------------
    def _kernel(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except NetlinkError as exc:
            raise kr.netlink_error(exc) from None

    def _request(self, msg: Any, msg_type: int, flags: int = 0) -> Any:
        return self._kernel(lambda: self.nl.request(msg, msg_type, NLM_F_ACK | flags))

    def _names(self) -> dict[int, str]:
        return dict(kr.link_name(raw) for raw in self.nl.links())

    def index(self, name: str) -> int:
        """The ifindex of a link of this netns, from the names cache (refilled by one dump when stale)."""
        if not name or "/" in name or len(name) > (127 if self.backend.altnames else 15):
            raise no_device(name)
        for index, known in self._name_list():
            if known == name:
                return index
        found = self.nl.link_index(name) if self.backend.altnames else None    # an altname (ll_link_get)
        if found is None:
            raise no_device(name)
        return found

    def _netns(self, name: str) -> "NetnsHandle":
        if name.isdigit() and int(name) == 1 or name == "":
            return self.machine.root                   # pid 1 of this machine: its root netns
        handle = self.machine.netns.get(name)
        if handle is None:
            raise CommandError(f'Cannot open network namespace "{name}": No such file or directory', 255)
        return handle

    def _nsid_names(self, wanted: Optional[set[int]] = None) -> dict[int, str]:
        """nsid -> the machine's name for that netns, as seen from this netns (cached: nsids stay)."""
        cache: dict[str, int] = self.handle.nsids
        out = {nsid: name for name, nsid in cache.items() if name in self.machine.netns}
        for name, handle in self.machine.netns.items():
            if wanted is not None and wanted <= set(out):
                break
            if name in cache:
                continue
            nsid = self.nl.nsid_of(handle.fd)
            if nsid is not None:
                cache[name] = nsid
                out[nsid] = name
        return out

    # -- namespaces ------------------------------------------------------------------------
    def in_netns(self, name: str) -> "RealStack":
        return RealStack(self.backend, self.machine, self._netns(name))

    def netns_names(self) -> list[str]:
        return list(reversed(self.machine.netns))

    def netns_ids(self) -> dict[str, int]:
        return {name: nsid for nsid, name in self._nsid_names().items()}

    def nsid_table(self) -> list[tuple[int, Optional[str]]]:
        names = self._nsid_names()
        return [(nsid, names.get(nsid)) for nsid in sorted(names)]

    def netns_add(self, name: str) -> None:
        self.backend.netns_add(self.machine, name)

    def netns_del(self, name: str) -> None:
        self.backend.netns_del(self.machine, name)

    def netns_set_id(self, name: str, nsid: int) -> None:
        handle = self._netns(name)
        self._kernel(lambda: self.nl.set_nsid(handle.fd, nsid))

    def current_netns_name(self) -> Optional[str]:
        return self.handle.name or None

    # -- links -----------------------------------------------------------------------------
    def links(self) -> list[LinkRecord]:
        """The links in ifindex order. Names come from a cache kept exact by the lab (every change of
        a name or netns goes through it); the other fields are read from the kernel on first use."""
        loader = LinkLoader(self)
        return [LazyLink(index, name, loader) for index, name in self._name_list()]  # type: ignore[misc]

    def link_exists(self, name: str) -> bool:
        """Like iproute2's ll_name_to_index() != 0: from the names cache, else one RTM_GETLINK."""
        try:
            self.index(name)
        except CommandError:
            return False
        return True

    def _name_list(self) -> list[tuple[int, str]]:
        cached = self._cached_names(self.handle)
        if cached is None:
            cached = sorted(kr.link_name(raw) for raw in self.nl.links())
            self.handle.names = ((self.backend.link_generation, self.handle.generation), cached)
        return cached

    def _cached_names(self, handle: "NetnsHandle") -> Optional[list[tuple[int, str]]]:
        cached = handle.names
        if cached is None or cached[0] != (self.backend.link_generation, handle.generation):
            return None
        return cached[1]

    def _cache_new_link(self, handle: "NetnsHandle", name: Optional[str], index: Optional[int] = None) -> None:
        """A link was just made in `handle`: add it to a valid names cache (cheaper than a new dump);
        one the kernel named (name None) makes the cache stale."""
        if name is None:
            handle.generation += 1
            return
        cached = self._cached_names(handle)
        if cached is None or any(known == name for _, known in cached):
            return
        if index is None:
            index = handle.nl.link_index(name)
        if index is None:
            handle.generation += 1
        else:
            cached.append((index, name))
            cached.sort()

    def link_records(self) -> list[LinkRecord]:
        """Every link, read from the kernel once a veth's operstate (set later, by linkwatch) settled,
        as the real `ip`, started milliseconds after the change, sees it (at most ~25 ms more)."""
        recs = self._read_link_records()
        for pause in (0.005, 0.02):
            if not any(in_transition(rec) for rec in recs):
                break
            time.sleep(pause)
            again = self._read_link_records()
            if [(r.flags, r.operstate) for r in again] == [(r.flags, r.operstate) for r in recs]:
                break
            recs = again
        deadline = time.monotonic() + 1.2
        while any(linkwatch_pending(rec) for rec in recs) and time.monotonic() < deadline:
            time.sleep(0.02)
            recs = self._read_link_records()
        return recs

    def _read_link_records(self) -> list[LinkRecord]:
        msgs = sorted((kr.parse_link(raw) for raw in self.nl.links()), key=lambda m: m["index"])
        names = {m["index"]: m.get("ifname", "") for m in msgs}
        wanted = {m["link_netnsid"] for m in msgs if "link_netnsid" in m}
        nsids = self._nsid_names(wanted) if wanted else {}
        return [kr.link_record(m, names, m["index"] in self.handle.cables, nsids) for m in msgs]

    def link_add(self, spec: LinkSpec) -> None:
        if spec.kind not in ("veth", "bridge", "vxlan", "macvlan", "dummy"):
            raise CommandError("Error: Unknown device type.", 2)
        lower, data = linkops.kind_data(spec.kind, spec.info, self.index)
        home = self._netns(spec.netns) if spec.netns else None     # `ip link add NAME netns NS type ...`
        master = self.index(spec.master) if spec.master else None
        peer: Optional[dict[str, Any]] = None
        peer_home = self.handle
        if spec.kind == "veth":                 # unnamed devices are named by the kernel (kind%d, peer first)
            target = self._netns(spec.peer_netns) if spec.peer_netns else None
            peer_home = target or self.handle
            peer = {"name": spec.peer_name, "mtu": spec.peer_mtu, "address": spec.peer_address,
                    "netns_fd": target.fd if target is not None else None, "index": spec.peer_index}
        made: list[Optional[int]] = [None]
        try:
            made[0] = self._kernel(lambda: linkops.link_add(
                self.nl, spec.name, spec.kind, up=spec.up, master=master, mtu=spec.mtu, address=spec.address,
                txqlen=spec.txqlen, peer=peer, lower=lower, data=data,
                netns_fd=home.fd if home is not None else None, index=spec.index, group=spec.group,
                queues=spec.queues, broadcast=spec.broadcast))
        finally:                   # keep the names caches exact, whatever the kernel did
            self._cache_new_link(home or self.handle, spec.name, made[0] if home is None else None)
            if peer is not None:
                self._cache_new_link(peer_home, peer["name"])

    def link_del(self, name: str) -> None:
        index = self.index(name)
        self.backend.link_generation += 1
        self._kernel(lambda: linkops.link_del(self.nl, index))
        self.handle.cables.discard(index)

    def link_set(self, name: str, *, up: Optional[bool] = None, mtu: Optional[int] = None,
                 address: Optional[str] = None, new_name: Optional[str] = None,
                 master: Optional[str] = None, nomaster: bool = False,
                 netns: Optional[str] = None, txqlen: Optional[int] = None,
                 alias: Optional[str] = None, flags: Optional[dict[str, bool]] = None,
                 group: Optional[int] = None, index: int = 0, broadcast: Optional[str] = None) -> None:
        new_index, index = index, self.index(name)
        target = self._netns(netns) if netns is not None else None
        master_index = self.index(master) if master is not None else (0 if nomaster else None)
        if new_name is not None or target is not None:
            self.handle.generation += 1
            if target is not None:
                target.generation += 1
        self._kernel(lambda: linkops.link_set(
            self.nl, index, up=up, name=new_name, mtu=mtu, address=address, txqlen=txqlen,
            master=master_index, netns_fd=target.fd if target is not None else None, alias=alias,
            flags=flags, group=group, new_index=new_index, broadcast=broadcast))
        if target is not None:
            self.handle.cables.discard(index)

    def link_altnames(self, name: str, names: list[str], add: bool) -> None:
        """`ip link property add|del dev DEV altname NAME...`: one RTM_NEWLINKPROP/DELLINKPROP."""
        index = self.index(name)
        self.backend.altnames = True
        self._kernel(lambda: linkops.link_prop(self.nl, index, names, add))

    def link_change(self, name: str, kind: str, info: dict) -> None:
        index = self.index(name)
        _lower, data = linkops.kind_data(kind, {k: v for k, v in info.items() if k != "link"}, self.index)
        self._kernel(lambda: linkops.link_change(self.nl, index, kind, data))

    # -- addresses -------------------------------------------------------------------------
    def addresses(self) -> list[AddrRecord]:
        names = self._names()
        recs = [kr.addr_record(m, names) for m in self.nl.addresses()]
        order = {index: n for n, index in enumerate(sorted(names))}
        return sorted(recs, key=lambda r: (order.get(r.ifindex, 1 << 30), r.family))

    def addr_add(self, dev: str, local: str, prefixlen: int, *, broadcast: Optional[str] = None,
                 label: Optional[str] = None, scope: Optional[str] = None, peer: Optional[str] = None,
                 noprefixroute: bool = False, replace: bool = False, metric: int = 0,
                 lifetimes: Optional[tuple[Optional[int], Optional[int]]] = None,
                 conf_flags: tuple = ()) -> None:
        index = self.index(dev)
        family = ipaddress.ip_address(local).version
        msg = ifaddrmsg()
        msg["family"], msg["index"], msg["prefixlen"] = _af(family), index, prefixlen
        msg["scope"] = kr.SCOPE_IDS.get(scope or "global", 0) if scope is None or not scope.isdigit() else int(scope)
        if family == 6 and msg["scope"] == 0 and ipaddress.ip_address(local).is_link_local:
            msg["scope"] = 253
        if family == 4 and scope is None and local.startswith("127."):
            msg["scope"] = 254                 # iproute2's default_scope(): host for 127.0.0.0/8
        attrs: list[tuple[str, Any]] = [("IFA_LOCAL", local),
                                        ("IFA_ADDRESS", peer.split("/")[0] if peer else local)]
        if peer and "/" in peer:
            msg["prefixlen"] = int(peer.split("/")[1])
        if broadcast:
            attrs.append(("IFA_BROADCAST", broadcast))
        if label and family == 4:
            attrs.append(("IFA_LABEL", label))
        if metric:
            attrs.append(("IFA_RT_PRIORITY", metric))
        bits = (0x200 if noprefixroute else 0) | sum({"nodad": 0x02, "home": 0x10, "mngtmpaddr": 0x100,
                                                       "autojoin": 0x400}.get(f, 0) for f in conf_flags)
        if bits:
            attrs.append(("IFA_FLAGS", bits))
        if lifetimes is not None:                 # (valid, preferred) seconds, None = forever
            forever = 0xFFFFFFFF
            attrs.append(("IFA_CACHEINFO", {"ifa_valid": forever if lifetimes[0] is None else lifetimes[0],
                                            "ifa_preferred": forever if lifetimes[1] is None else lifetimes[1],
                                            "cstamp": 0, "tstamp": 0}))
        msg["attrs"] = attrs
        self._request(msg, RTM_NEWADDR, NLM_F_CREATE | (NLM_F_REPLACE if replace else NLM_F_EXCL))

    def addr_del(self, dev: str, local: str, prefixlen: Optional[int]) -> None:
        index = self.index(dev)
        family = ipaddress.ip_address(local).version
        msg = ifaddrmsg()
        msg["family"], msg["index"] = _af(family), index
        msg["prefixlen"] = prefixlen if prefixlen is not None else 0
        msg["attrs"] = [("IFA_LOCAL", local)] + ([("IFA_ADDRESS", local)] if prefixlen is not None else [])
        self._request(msg, RTM_DELADDR)

    # -- routes ----------------------------------------------------------------------------
    def routes(self, family: int = 4, table: Optional[int] = 254) -> list[RouteRecord]:
        names = self._names()
        out = [rec for rec in (kr.route_record(m, names) for m in self.nl.routes(_af(family)))
               if table is None or rec.table == table]
        if any("linkdown" in rec.flags for rec in out) and self.link_records():   # a carrier may be settling
            out = [rec for rec in (kr.route_record(m, names) for m in self.nl.routes(_af(family)))
                   if table is None or rec.table == table]
        return out

    def _route_msg(self, spec: RouteSpec, deleting: bool) -> Any:
        return route_msg(spec, deleting, self.index)

    def route_add(self, spec: RouteSpec, how: str = "add") -> None:
        self._request(self._route_msg(spec, False), RTM_NEWROUTE, HOW_FLAGS.get(how, HOW_FLAGS["add"]))

    def route_del(self, spec: RouteSpec) -> None:
        self._request(self._route_msg(spec, True), RTM_DELROUTE)

    def route_get(self, dst: str, src: Optional[str] = None, oif: Optional[str] = None,
                  iif: Optional[str] = None, mark: int = 0, **flow: int) -> RouteRecord:
        address = ipaddress.ip_address(dst)
        msg, flow_attrs = rules.route_get_msg(mark, flow)
        msg["family"], msg["dst_len"] = _af(address.version), address.max_prefixlen
        attrs: list[tuple[str, Any]] = [("RTA_DST", dst)] + flow_attrs
        if src:
            attrs.append(("RTA_SRC", src))
            msg["src_len"] = address.max_prefixlen
        if oif:
            attrs.append(("RTA_OIF", self.index(oif)))
        if iif:
            attrs.append(("RTA_IIF", self.index(iif)))
        msg["attrs"] = attrs
        reply = self._kernel(lambda: self.nl.request(msg, RTM_GETROUTE, 0))
        return kr.route_record(reply[0], self._names(), dst=dst)

    def rule_ops(self) -> rules.KernelRules:
        return rules.KernelRules(self)

    # -- neighbours ------------------------------------------------------------------------
    def neighbours(self) -> list[NeighRecord]:
        names = self._names()
        msgs = [m for m in self.nl.neighbours() if m["family"] in (socket.AF_INET, socket.AF_INET6)]
        # every state, NOARP and NONE included: `ip neigh` picks the ones it shows (as the model's table does)
        return [kr.neigh_record(m, names) for m in msgs if m.get_attr("NDA_DST")]

    def neigh_add(self, ip: str, dev: str, lladdr: Optional[str], state: str = "PERMANENT",
                  how: str = "add", router: bool = False) -> None:
        msg = ndmsg()
        msg["family"] = _af(ipaddress.ip_address(ip).version)
        msg["ifindex"] = self.index(dev)
        msg["state"] = kr.NUD_IDS.get(state.upper(), 0x80)
        msg["flags"] = 0x80 if router else 0
        msg["attrs"] = [("NDA_DST", ip)] + ([("NDA_LLADDR", lladdr)] if lladdr else [])
        self._request(msg, RTM_NEWNEIGH, HOW_FLAGS.get(how, HOW_FLAGS["add"]))

    def neigh_del(self, ip: str, dev: str) -> None:
        msg = ndmsg()
        msg["family"] = _af(ipaddress.ip_address(ip).version)
        msg["ifindex"] = self.index(dev)
        msg["attrs"] = [("NDA_DST", ip)]
        self._request(msg, RTM_DELNEIGH)
