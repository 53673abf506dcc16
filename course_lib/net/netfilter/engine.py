"""Runs a packet through the tables of a hook in kernel order, with conntrack and NAT, and counts.

Order (priorities as the kernel): PREROUTING raw, conntrack, mangle, nat(dst); INPUT mangle, filter,
security, nat(src), confirm; FORWARD mangle, filter, security; OUTPUT raw, conntrack, mangle, nat(dst),
filter, security; POSTROUTING mangle, nat(src), confirm. The nat table only sees a flow's first packet.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Optional

from course_lib.net.netfilter import conntrack as ct
from course_lib.net.netfilter.natpick import range_address
from course_lib.net.netfilter.rules import Rule
from course_lib.net.netfilter.tables import Chain, Table
from course_lib.net.netfilter.targets import Ct, Mark, Nat, Reject
from course_lib.net.netfilter.connmark import ConnmarkTarget
from course_lib.net.netfilter.targets_more import TtlTarget
from course_lib.net.netfilter.tos import DscpTarget, TosTarget

PLAN: dict[str, tuple[str, ...]] = {
    "PREROUTING": ("raw", "@ct", "mangle", "nat"),
    "INPUT": ("mangle", "filter", "security", "nat", "@confirm"),
    "FORWARD": ("mangle", "filter", "security"),
    "OUTPUT": ("raw", "@ct", "mangle", "nat", "filter", "security"),
    "POSTROUTING": ("mangle", "nat", "@confirm"),
}
NAT_KIND = {"PREROUTING": ct.DST, "OUTPUT": ct.DST, "POSTROUTING": ct.SRC, "INPUT": ct.SRC}
_CT, _CONFIRM, _NAT, _TABLE = range(4)
# PLAN with each stage's kind worked out once (run_hook runs for every packet at every hook)
_STAGES = {hook: tuple(({"@ct": _CT, "@confirm": _CONFIRM, "nat": _NAT}.get(stage, _TABLE), stage) for stage in plan)
           for hook, plan in PLAN.items()}


@dataclass(slots=True)
class HookContext:
    """What matches may look at besides the packet."""

    netns: Any
    hook: str
    in_link: Any
    out_link: Any
    bridged: bool
    in_name: str
    out_name: str
    rng: Any


@dataclass
class Decision:
    """The outcome of one table traversal."""

    action: str                       # ACCEPT, DROP, REJECT, NAT
    rule: Optional[Rule]
    chain: Chain
    base: Chain
    table_name: str = ""

    def text(self) -> str:
        if self.rule is None:
            return f"-P {self.base.name} {self.base.policy}"
        return f"-A {self.chain.name} {self.rule.spec()}"


def _policy(base: Chain, length: int) -> Decision:
    """The built-in chain's policy decides (counted once -P set it, as nf_tables)."""
    if base.counted:
        base.pkts += 1
        base.bytes += length
    return Decision(base.policy, None, base, base)


def traverse(table: Table, base: Chain, pkt: Any, hc: HookContext) -> Decision:
    """Walk `base` (and the chains it jumps to) for `pkt`, counting the rules that match."""
    dst_i = pkt.dst._ip                  # int(pkt.dst) without IPv4Address.__int__'s Python call
    rules = base.candidates(dst_i)
    pos, cur = 0, base
    stack: list[tuple[list[Rule], int, Chain]] = []
    src_i, length = pkt.src._ip, pkt.length
    while True:
        if pos >= len(rules):
            if stack:
                rules, pos, cur = stack.pop()
                continue
            return _policy(base, length)
        r = rules[pos]
        pos += 1
        if not r.header_matches(pkt, src_i, dst_i, hc.in_name, hc.out_name):
            continue
        ok = True
        for m in r.matches:
            if not m.matches(pkt, hc):
                ok = False
                break
        if not ok:
            continue
        r.pkts += 1
        r.bytes += length
        t = r.target
        if t is None:
            continue
        if t.is_chain:
            sub = table.chains.get(t.name)
            if sub is None:
                continue
            if pkt.trace is not None and pkt.trace.chains:      # a walk through the chains (KubeProxyWalker)
                pkt.trace.add(node_name(hc.netns), "netfilter", f"{table.name} {hc.hook}: -A {cur.name} {r.spec()}")
            if not r.goto:
                stack.append((rules, pos, cur))
            rules, pos, cur = sub.candidates(dst_i), 0, sub
            continue
        name = t.name
        if name == "RETURN":
            if stack:
                rules, pos, cur = stack.pop()
                continue
            return _policy(base, length)
        if not t.terminal:
            if isinstance(t, (Mark, TosTarget, DscpTarget, ConnmarkTarget, TtlTarget)):
                t.apply(pkt)
            elif isinstance(t, Ct):
                if _has_ct(pkt, hc.netns):
                    pass                        # xt_ct_target: seen before (loopback), the CT target is ignored
                elif t.notrack:
                    pkt.ct, pkt.ct_state = ct.Untracked(hc.netns), "UNTRACKED"
                elif t.zone:
                    pkt.ct = ct.Template(hc.netns, t.zone)      # nf_conntrack_in tracks it in that zone
            elif pkt.trace is not None:          # LOG: no kernel log in the model, the trace shows it
                pkt.trace.add(node_name(hc.netns), "netfilter",
                              f"{table.name} {hc.hook}: -A {cur.name} {r.spec()} (logged)")
            continue
        if isinstance(t, Nat):
            return Decision("NAT", r, cur, base)
        if isinstance(t, Reject):
            return Decision("REJECT", r, cur, base)
        return Decision(name if name in ("ACCEPT", "DROP") else "ACCEPT", r, cur, base)


def _has_ct(pkt: Any, netns: Any) -> bool:
    """The packet already carries this netns's conntrack (a flow, untracked, or a zone template)."""
    ci = pkt.ct
    if ci is None:
        return False
    if isinstance(ci, ct.CtInfo):
        return ci.table is netns.conntrack
    return ci.netns is netns


def node_name(netns: Any) -> str:
    try:
        name = netns.machine.name
    except AttributeError:
        name = "?"
    return f"{name}/{netns.name}" if netns.name else name


def _primary_address(netns: Any, link: Any, dst: ipaddress.IPv4Address) -> Optional[ipaddress.IPv4Address]:
    addrs = [a for a in netns.addresses if a.link is link and a.family == 4 and a.scope != "host"]
    for a in addrs:
        if dst in a.interface.network:
            return a.interface.ip
    return addrs[0].interface.ip if addrs else None


def _masquerade_source(netns: Any, out: Any, dst: ipaddress.IPv4Address) -> Optional[ipaddress.IPv4Address]:
    """nf_nat_masquerade_ipv4's inet_select_addr(out, nexthop, RT_SCOPE_UNIVERSE), nexthop the route's gateway
    or the destination (rt_nexthop): the one model route sources use too (net.routing.inet_select_addr)."""
    from course_lib.net.datapath import lookup_route
    from course_lib.net.routing import inet_select_addr
    route = lookup_route(netns, dst, out if out is not None and not out.is_loopback else None)
    nexthop = route.gateway if route is not None and route.gateway is not None and route.dev is out else dst
    return inet_select_addr(netns, out, nexthop, 0)


def nat_binding(pkt: Any, t: Nat, hc: HookContext) -> bool:
    """Apply a NAT target's decision to the packet's new flow; False when it cannot (no address)."""
    if t.name in ("DNAT", "SNAT"):
        ip = range_address(t.ip_lo, t.ip_hi if t.ip_hi is not None else t.ip_lo, pkt.src, pkt.dst, t.name == "SNAT",
                           t.persistent, pkt.ct.conn.zone) if t.ip_lo is not None else \
            (pkt.dst if t.name == "DNAT" else pkt.src)
        ct.bind(pkt, ct.DST if t.name == "DNAT" else ct.SRC, ip, t.port_lo, t.port_hi, t.base)
        return True
    if t.name == "MASQUERADE":
        ip = _masquerade_source(hc.netns, hc.out_link, pkt.dst) if hc.out_link is not None else None
        if ip is None:
            return False
        ct.bind(pkt, ct.SRC, ip, t.port_lo, t.port_hi, t.base)
        return True
    # REDIRECT: to the incoming interface's primary address (127.0.0.1 for locally generated packets)
    if hc.hook == "OUTPUT" or hc.in_link is None:
        ip = ipaddress.IPv4Address("127.0.0.1")
    else:
        ip = _primary_address(hc.netns, hc.in_link, pkt.src)
        if ip is None:
            return False
    ct.bind(pkt, ct.DST, ip, t.port_lo, t.port_hi, t.base)
    return True


def _dev_name(link: Any, bridged: bool) -> str:
    if link is None:
        return ""
    if bridged and link.master is not None:
        return link.master.name
    return link.name


def run_hook(netns: Any, nf: Any, hook: str, pkt: Any, in_link: Any, out_link: Any, bridged: bool) -> Decision | None:
    """Run every stage of `hook`; returns the deciding Decision for a drop/reject, else None (accept)."""
    # bridged frames (br_netfilter): -i/-o see the bridge, whether given the bridge or one of its ports
    in_name = _dev_name(in_link, bridged)
    out_name = _dev_name(out_link, bridged)
    try:
        rng = netns.machine.network.random()
    except AttributeError:
        import random
        rng = random.Random(0)
    hc = HookContext(netns, hook, in_link, out_link, bridged, in_name, out_name, rng)
    trace = pkt.trace
    node = node_name(netns) if trace is not None else ""
    if hook == "PREROUTING":
        ci = pkt.ct
        if not bridged and isinstance(ci, ct.CtInfo) and ci.table is netns.conntrack and ci.bridged_prerouting:
            ci.bridged_prerouting = False          # br_netfilter already ran PREROUTING (ip_sabotage_in)
            return None
        if in_link is None or not in_link.is_loopback:
            pkt.mark = 0                           # a packet from another netns or machine: the mark was scrubbed
    tables = nf.tables
    ct_on = nf.conntrack_on
    for kind, stage in _STAGES[hook]:
        if kind == _TABLE:
            table = tables.get(stage)
            if table is None or not table.created:
                continue
            for hidden in table.hidden:        # renamed base chains run first (registered earlier)
                if hidden.hook == hook:
                    d = traverse(table, hidden, pkt, hc)
                    if d.action in ("DROP", "REJECT"):
                        d.table_name = stage
                        _refused(pkt)
                        return d
            base = table.chains[hook]
            if not base.rules and base.policy == "ACCEPT" and not base.counted:
                continue                # an empty chain accepting by its uncounted policy: nothing to count or decide
            d = traverse(table, base, pkt, hc)
            if trace is not None and (d.rule is not None or d.action != "ACCEPT"):
                trace.add(node, "netfilter", f"{stage} {hook}: {d.text()} -> {d.action}")
            if d.action in ("DROP", "REJECT"):
                d.table_name = stage
                _refused(pkt)
                return d
            continue
        if not ct_on:
            continue                    # no conntrack in this netns: no NAT either
        if kind == _CT:
            ci = pkt.ct
            if isinstance(ci, ct.Untracked) and ci.netns is netns:
                continue            # NOTRACK in the raw table: nf_conntrack_in leaves the packet untracked
            if hook == "PREROUTING" and in_link is not None and in_link.is_loopback and \
                    isinstance(ci, ct.CtInfo) and ci.table is ct.conntrack_of(netns):
                continue            # over lo the skb keeps its conntrack (nf_conntrack_in skips it): one flow
            ct.ct_in(netns, pkt, bridged and hook == "PREROUTING")
            if trace is not None:
                trace.add(node, "conntrack", f"{pkt.ct_state} {pkt.proto} {pkt.src} -> {pkt.dst}")
        elif kind == _CONFIRM:
            ct.confirm(pkt)
        else:
            d = _nat_stage(tables.get(stage), hook, pkt, hc, node)
            if d is not None:
                return d
    return None


def _refused(pkt: Any) -> None:
    ci = pkt.ct
    if isinstance(ci, ct.CtInfo) and not ci.conn.confirmed and not ci.related and not ci.attached:
        ci.table.remember_refused(ci.conn)


def _nat_stage(table: Optional[Table], hook: str, pkt: Any, hc: HookContext, node: str) -> Decision | None:
    ci = pkt.ct
    if not isinstance(ci, ct.CtInfo):
        return None
    mtype = NAT_KIND[hook]
    conn = ci.conn
    decided = conn.dnat_decided if mtype == ct.DST else conn.snat_decided
    if not conn.confirmed and not ci.related and not decided:
        if mtype == ct.DST:
            conn.dnat_decided = True
        else:
            conn.snat_decided = True
        base = table.chains[hook] if table is not None and table.created else None
        if base is not None and (base.rules or base.policy != "ACCEPT" or base.counted):
            d = traverse(table, base, pkt, hc)
            if d.action == "NAT":
                if not nat_binding(pkt, d.rule.target, hc):  # type: ignore[union-attr, arg-type]
                    d.action = "DROP"
            if pkt.trace is not None and d.rule is not None:
                pkt.trace.add(node, "netfilter", f"nat {hook}: {d.text()}")
            if d.action == "DROP":
                d.table_name = "nat"
                return d
        if mtype == ct.SRC and not conn.snat and base is not None and \
                ct.zkey(conn.zone, conn.reply) in ci.table.tuples:
            # the null binding (nf_nat_alloc_null_binding) keeps reply tuples unique: another flow DNATed to the
            # same server from the same client port already has this reply tuple, so the source port moves
            ct.bind(pkt, ct.SRC, conn.reply[3], None, None)
    what = ct.manip(pkt, mtype)
    if what and pkt.trace is not None:
        pkt.trace.add(node, "nat", what)
    return None
