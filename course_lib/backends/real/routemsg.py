"""The rtmsg of `ip route add/del` for the real backend: type, scope, protocol, table and attributes."""
from __future__ import annotations

import ipaddress
import socket
from typing import Any, Callable

from pyroute2.netlink.rtnl.rtmsg import rtmsg

from course_lib.backends.real import kernel_records as kr
from course_lib.backends.stack import RouteSpec


class _metrics(rtmsg.metrics):
    nla_map = rtmsg.metrics.nla_map + (("RTAX_FASTOPEN_NO_COOKIE", "uint32"),)
    _nlmsg_base__compiled_nla = False


class routemsg(rtmsg):
    """rtmsg whose RTA_METRICS knows every RTAX_* iproute2 6.1 sends (pyroute2 stops at RTAX_CC_ALGO)."""

    metrics = _metrics
    _nlmsg_base__compiled_nla = False


def metrics_attr(spec: RouteSpec) -> list[tuple[str, Any]]:
    """RTA_METRICS as iproute_modify() builds it: each metric in the command line's order, then RTAX_LOCK."""
    if not spec.metrics and not spec.metric_locks:
        return []
    inner: list[tuple[str, Any]] = [(kr.RTAX_NAMES[name], value) for name, value in (spec.metrics or {}).items()]
    locks = sum(1 << kr.RTAX_IDS[name] for name in spec.metric_locks)
    if locks:
        inner.append(("RTAX_LOCK", locks))
    return [("RTA_METRICS", {"attrs": inner})]


def _af(family: int) -> int:
    return socket.AF_INET6 if family == 6 else socket.AF_INET


def route_msg(spec: RouteSpec, deleting: bool, index: Callable[[str], int]) -> Any:
    """The rtmsg of an `ip route add/del` request as iproute_modify() fills it (`index`: a device's ifindex)."""
    net = ipaddress.ip_network(spec.dst, strict=False)
    msg = routemsg()
    msg["family"], msg["dst_len"] = _af(net.version), net.prefixlen
    msg["table"] = spec.table if spec.table is not None and spec.table < 256 else 254
    msg["type"] = kr.RTN_IDS.get(spec.type, 1)
    if deleting:
        msg["proto"] = kr.PROTO_IDS.get(spec.proto, _number(spec.proto, 0)) if spec.proto else 0
        msg["scope"] = kr.SCOPE_IDS.get(spec.scope, 255) if spec.scope else 255
    else:
        msg["proto"] = kr.PROTO_IDS.get(spec.proto, _number(spec.proto, 3)) if spec.proto else 3
        if spec.scope:
            msg["scope"] = kr.SCOPE_IDS.get(spec.scope, 0)
        elif spec.type in ("local", "nat"):
            msg["scope"] = 254
        elif spec.type in ("broadcast", "multicast", "anycast"):
            msg["scope"] = 253
        elif spec.type == "unicast" and not spec.gateway and not spec.nexthops:
            msg["scope"] = 253
    attrs: list[tuple[str, Any]] = []
    if spec.table is not None and spec.table >= 256:
        attrs.append(("RTA_TABLE", spec.table))
    if net.prefixlen or deleting is False:    # as given: the kernel refuses host bits itself
        attrs.append(("RTA_DST", str(ipaddress.ip_interface(spec.dst).ip)))
    if spec.gateway:
        attrs.append(("RTA_GATEWAY", spec.gateway))
    if spec.dev:
        attrs.append(("RTA_OIF", index(spec.dev)))
    if spec.src:
        attrs.append(("RTA_PREFSRC", spec.src))
    if spec.metric is not None:
        attrs.append(("RTA_PRIORITY", spec.metric))
    attrs += metrics_attr(spec)
    if spec.realms is not None:
        attrs.append(("RTA_FLOW", spec.realms))
    if spec.onlink:
        msg["flags"] = 4
    if spec.nexthops:                         # RTA_MULTIPATH: one rtnexthop per `nexthop` block
        attrs.append(("RTA_MULTIPATH", [
            {"oif": index(nh["dev"]) if nh.get("dev") else 0, "hops": nh.get("weight", 1) - 1,
             "flags": 4 if nh.get("onlink") else 0,
             "attrs": [("RTA_GATEWAY", nh["gateway"])] if nh.get("gateway") else []}
            for nh in spec.nexthops]))
    msg["attrs"] = attrs
    return msg


def _number(text: str, default: int) -> int:
    """A protocol kept as its number (no rt_protos name): that number."""
    return int(text) if text.isdigit() else default
