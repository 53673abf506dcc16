"""Netfilter of the model: tables, chains and rules, conntrack and NAT, run at the five IPv4 hooks.

The datapath calls `nf_hook(netns, hook, packet, in_link, out_link)` at PREROUTING, INPUT, FORWARD,
OUTPUT and POSTROUTING (and with `bridged=True` for br_netfilter traffic on a bridge: then `in_link`
and `out_link` are the bridge ports, -i/-o see the bridge, -m physdev sees the ports). The hook may
rewrite the packet (NAT, MARK) and returns a Verdict naming the deciding rule.

Layout: rules.py (a rule, its -S text), matches.py / matches_limit.py / targets.py (extensions),
tables.py (tables, chains, operations, per-destination index), engine.py (hook traversal in kernel
order), conntrack.py (flows, states, timeouts, NAT bindings), addrtype.py, netdb.py (services and
protocols). Commands: course_lib/shell/iptables*.py and conntrack_cmd.py; Python code that programs
rules (kube-proxy, Docker, CNI) can call course_lib.shell.iptables_save.restore_rules(netns, text).
Conntrack (and so NAT) runs in a netns only once a rule needs it (-m conntrack/state, NAT targets),
as the kernel does.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from course_lib.net.link import Link
    from course_lib.net.netns import NetNS
    from course_lib.net.packet import Packet

HOOKS = ("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING")


@dataclass(frozen=True)
class Verdict:
    """What netfilter decided for a packet at a hook."""

    action: str = "ACCEPT"                  # ACCEPT, DROP or REJECT
    reject_with: Optional[str] = None       # for REJECT: icmp-port-unreachable, tcp-reset, ...
    rule: Optional[str] = None              # the deciding rule as `iptables -S` prints it, if any
    table: Optional[str] = None
    chain: Optional[str] = None

    @property
    def accepted(self) -> bool:
        return self.action == "ACCEPT"


ACCEPT = Verdict()
_engine_run_hook = None


def nf_hook(netns: "NetNS", hook: str, packet: "Packet", in_link: Optional["Link"],
            out_link: Optional["Link"], bridged: bool = False) -> Verdict:
    """Run the tables registered at `hook` for `packet` (conntrack and NAT included); may rewrite it."""
    nf = netns.netfilter
    if nf is None or not nf.active:
        return ACCEPT
    if bridged and netns.sysctls.get("net.bridge.bridge-nf-call-iptables", "1") != "1":
        return ACCEPT
    run_hook = _engine_run_hook
    if run_hook is None:                     # bound on first use (engine imports this package)
        from course_lib.net.netfilter.engine import run_hook
        globals()["_engine_run_hook"] = run_hook
    d = run_hook(netns, nf, hook, packet, in_link, out_link, bridged)
    if d is None:
        return ACCEPT
    reject_with = getattr(d.rule.target, "with_", None) if d.action == "REJECT" and d.rule else None
    return Verdict(action=d.action, reject_with=reject_with, rule=d.text(), table=d.table_name,
                   chain=d.chain.name)
