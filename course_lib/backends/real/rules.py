"""Policy routing rules on the kernel: RTM_GETRULE/NEWRULE/DELRULE as iproute2's iprule.c sends them.

Dumps become the model's `Rule` objects (course_lib.net.rules) so `ip rule` prints them with the
simulation's printers; requests carry the FRA_* attributes of the rule (for a delete only those the
command line gave, so the kernel's rule_find matches as it does for iproute2). Also the flow keys of
`ip route get` (mark, tos, ipproto, sport, dport) that reach the kernel's rule walk.
"""
from __future__ import annotations

import errno
import ipaddress
import socket
from typing import TYPE_CHECKING, Any, Optional

from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.rtnl.fibmsg import fibmsg
from pyroute2.netlink.rtnl.rtmsg import rtmsg

from course_lib.backends.real.nlconn import (NETLINK_GET_STRICT_CHK, RTM_DELRULE, RTM_GETROUTE, RTM_GETRULE,
                                             RTM_NEWRULE, SOL_NETLINK)
from course_lib.net import rules as model

if TYPE_CHECKING:
    from course_lib.backends.real.stack import RealStack

NLM_F_EXCL, NLM_F_CREATE = 0x200, 0x400
FIB_RULE_INVERT = 0x2
ACTION_IDS = {"lookup": 1, "goto": 2, "nop": 3, "blackhole": 6, "unreachable": 7, "prohibit": 8}
ACTION_NAMES = {v: k for k, v in ACTION_IDS.items()}
from course_lib.backends.real.kernel_records import PROTO_IDS, PROTOS as PROTO_NAMES  # noqa: E402 (rt_protos)
U32 = 0xFFFFFFFF
RTM_F_LOOKUP_TABLE = 0x1000          # iproute_get always asks which table answered


class flowmsg(rtmsg):
    """rtmsg with the flow attributes of RTM_GETROUTE this pyroute2 does not name (RTA_IP_PROTO...)."""

    nla_map = rtmsg.nla_map[:24] + (("RTA_PAD", "hex"), ("RTA_UID", "uint32"), ("RTA_TTL_PROPAGATE", "uint8"),
                                    ("RTA_IP_PROTO", "uint8"), ("RTA_SPORT", "be16"), ("RTA_DPORT", "be16"))
    _nlmsg_base__compiled_nla = False      # compile this map, not the one rtmsg may have compiled already


def _af(family: int) -> int:
    return socket.AF_INET6 if family == 6 else socket.AF_INET


def _signed(value: Optional[int]) -> int:
    return -1 if value is None or value == U32 else value


def _realms(flow: int) -> str:
    return f"{flow >> 16}/{flow & 0xFFFF}" if flow >> 16 else str(flow & 0xFFFF)


def _realms_id(text: str) -> int:
    first, slash, second = text.partition("/")
    try:
        return (int(first, 0) << 16 | int(second, 0)) if slash else int(first, 0)
    except ValueError:
        return 0


def _range(text: str) -> tuple[int, int]:
    """pyroute2's fra_range value, `start:end`."""
    start, _, end = text.partition(":")
    return int(start), int(end)


def rule_of(msg: Any) -> model.Rule:
    """One RTM_NEWRULE of a dump as the model's Rule."""
    attr = msg.get_attr
    family = 6 if msg["family"] == socket.AF_INET6 else 4
    rule = model.Rule(family=family, pref=attr("FRA_PRIORITY") or 0,
                      action=ACTION_NAMES.get(msg["action"], "lookup"),
                      table=attr("FRA_TABLE") or msg["table"])
    for key, name, length in (("src", "FRA_SRC", "src_len"), ("dst", "FRA_DST", "dst_len")):
        if attr(name) is not None:
            setattr(rule, key, ipaddress.ip_interface(f"{attr(name)}/{msg[length]}"))
    rule.iif, rule.oif = attr("FRA_IIFNAME"), attr("FRA_OIFNAME")
    rule.fwmark, rule.fwmask = attr("FRA_FWMARK") or 0, attr("FRA_FWMASK") or 0
    rule.tos, rule.invert = msg["tos"], bool(msg["flags"] & FIB_RULE_INVERT)
    rule.ipproto = attr("FRA_IP_PROTO")
    for key, name in (("sport", "FRA_SPORT_RANGE"), ("dport", "FRA_DPORT_RANGE")):
        if attr(name) is not None:
            setattr(rule, key, _range(attr(name)))
    if attr("FRA_UID_RANGE") is not None:
        rule.uidrange = _range(attr("FRA_UID_RANGE"))
    rule.suppress_prefixlength = _signed(attr("FRA_SUPPRESS_PREFIXLEN"))
    rule.suppress_ifgroup = _signed(attr("FRA_SUPPRESS_IFGROUP"))
    rule.goto = attr("FRA_GOTO")
    if attr("FRA_FLOW"):
        rule.realms = _realms(attr("FRA_FLOW"))
    rule.l3mdev = bool(attr("FRA_L3MDEV"))
    proto = attr("FRA_PROTOCOL") or 0
    rule.proto = PROTO_NAMES.get(proto, str(proto))
    return rule


def rule_msg(rule: model.Rule, given: Optional[set[str]], pref_given: bool) -> fibmsg:
    """The request iprule_modify builds; `given` None = every attribute of the rule (add, flush)."""
    def wanted(name: str) -> bool:
        return given is None or name in given

    msg = fibmsg()
    msg["family"] = _af(rule.family)
    attrs: list[tuple[str, Any]] = []
    if rule.invert:
        msg["flags"] = FIB_RULE_INVERT
    for key, name, length in (("src", "FRA_SRC", "src_len"), ("dst", "FRA_DST", "dst_len")):
        iface = getattr(rule, key)
        if iface is not None:
            msg[length] = iface.network.prefixlen
            attrs.append((name, str(iface.ip)))
    if pref_given:
        attrs.append(("FRA_PRIORITY", rule.pref))
    msg["tos"] = rule.tos
    if wanted("fwmark") and (rule.fwmark or "fwmark" in (given or ())):
        attrs.append(("FRA_FWMARK", rule.fwmark))
    if (given is None and rule.fwmark | rule.fwmask) or "fwmask" in (given or ()):
        attrs.append(("FRA_FWMASK", rule.fwmask))
    if rule.realms is not None:
        attrs.append(("FRA_FLOW", _realms_id(rule.realms)))
    if rule.proto != "unspec":
        proto = PROTO_IDS.get(rule.proto)
        attrs.append(("FRA_PROTOCOL", proto if proto is not None else int(rule.proto)))
    if wanted("table") and rule.table:
        if rule.table < 256:
            msg["table"] = rule.table
        else:
            attrs.append(("FRA_TABLE", rule.table))
    if rule.suppress_prefixlength >= 0:
        attrs.append(("FRA_SUPPRESS_PREFIXLEN", rule.suppress_prefixlength))
    if rule.suppress_ifgroup != -1:
        attrs.append(("FRA_SUPPRESS_IFGROUP", rule.suppress_ifgroup & U32))
    if rule.iif is not None:
        attrs.append(("FRA_IIFNAME", rule.iif))
    if rule.oif is not None:
        attrs.append(("FRA_OIFNAME", rule.oif))
    if rule.l3mdev:
        attrs.append(("FRA_L3MDEV", 1))
    if rule.uidrange is not None:
        attrs.append(("FRA_UID_RANGE", f"{rule.uidrange[0]}:{rule.uidrange[1]}"))
    if rule.ipproto is not None:
        attrs.append(("FRA_IP_PROTO", rule.ipproto))
    for key, name in (("sport", "FRA_SPORT_RANGE"), ("dport", "FRA_DPORT_RANGE")):
        span = getattr(rule, key)
        if span is not None:
            attrs.append((name, f"{span[0]}:{span[1]}"))
    if rule.goto is not None:
        attrs.append(("FRA_GOTO", rule.goto))
    if wanted("action"):
        msg["action"] = ACTION_IDS[rule.action]
    msg["attrs"] = attrs
    return msg


class KernelRules:
    """The rule operations `ip rule` asks of the real backend (one lab netns)."""

    def __init__(self, stack: "RealStack") -> None:
        self.stack = stack

    def list(self, family: int) -> list[model.Rule]:
        msg = fibmsg()
        msg["family"] = _af(family)
        return [rule_of(m) for m in self.stack._kernel(lambda: self.stack.nl.dump(msg, RTM_GETRULE))
                if m["family"] == _af(family)]

    def add(self, rule: model.Rule, pref_given: bool) -> None:
        self.stack._request(rule_msg(rule, None, pref_given), RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL)

    def restore(self, rule: model.Rule) -> None:
        """`ip rule restore`: the dumped rule sent back with NLM_F_CREATE and no NLM_F_EXCL (a duplicate is
        added); a rule of preference 0 was dumped without FRA_PRIORITY, so the kernel picks one."""
        self.stack._request(rule_msg(rule, None, rule.pref != 0), RTM_NEWRULE, NLM_F_CREATE)

    def delete(self, rule: model.Rule, given: set[str]) -> None:
        self.stack._request(rule_msg(rule, given, "pref" in given), RTM_DELRULE)

    def table_exists(self, family: int, table: int) -> bool:
        """Whether the kernel made this FIB table: a strictly checked dump of it (ENOENT if not)."""
        if family == 6 and table in (model.RT_TABLE_MAIN, model.RT_TABLE_LOCAL):
            return True             # IPv6 makes both with the netns; IPv4 with its first address or route
        nl = self.stack.nl
        msg = rtmsg()
        msg["family"], msg["attrs"] = _af(family), [("RTA_TABLE", table)]
        nl.sock.setsockopt(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1)
        try:
            nl.dump(msg, RTM_GETROUTE)
        except NetlinkError as exc:
            return exc.code != errno.ENOENT
        finally:
            nl.sock.setsockopt(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 0)
        return True

    def flush(self, chosen: list[model.Rule]) -> None:
        """iprule_flush: each listed rule but those of preference 0, deleted as dumped."""
        for rule in chosen:
            if rule.pref:
                self.stack._request(rule_msg(rule, None, True), RTM_DELRULE)


def route_get_msg(mark: int, flow: dict[str, int]) -> tuple[rtmsg, list[tuple[str, Any]]]:
    """The RTM_GETROUTE message and its flow attributes (iproute2's mark/tos/ipproto/sport/dport)."""
    msg = flowmsg() if flow.keys() & {"proto", "sport", "dport"} else rtmsg()
    msg["tos"], msg["flags"] = flow.get("tos", 0), RTM_F_LOOKUP_TABLE
    attrs: list[tuple[str, Any]] = [("RTA_MARK", mark)] if mark else []
    names = {"proto": "RTA_IP_PROTO", "sport": "RTA_SPORT", "dport": "RTA_DPORT"}
    attrs += [(names[k], v) for k, v in flow.items() if k in names]
    return msg, attrs
