"""`route` and `netstat -r` (net-tools 2.10): the main IPv4 table in the /proc/net/route layout."""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from course_lib.net.routing import table_routes
from course_lib.result import CommandResult
from course_lib.shell.nettools.common import reverse_name
from course_lib.shell.registry import command

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

ROUTE_HEADER = ("Kernel IP routing table\n"
                "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n")
NETSTAT_HEADER = ("Kernel IP routing table\n"
                  "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n")


def kernel_routes(netns: Any) -> list[Any]:
    """The routes /proc/net/route lists: main table, IPv4, in fib order."""
    return [r for r in table_routes(netns, 4, 254) if r.type in ("unicast", "unreachable", "prohibit", "blackhole")
            and (r.dev is None or r.dev.admin_up)]


def _flags(r: Any) -> str:
    flags = "U" if r.type == "unicast" else "!"
    if r.gateway is not None:
        flags += "G"
    if r.dst.prefixlen == 32:
        flags += "H"
    return flags


def _names(ctx: "ExecContext", r: Any, numeric: bool) -> tuple[str, str]:
    if numeric:
        return str(r.dst.network_address), str(r.gateway or "0.0.0.0")
    dst = "default" if r.dst.prefixlen == 0 else (reverse_name(ctx, r.dst.network_address) if r.dst.prefixlen == 32
                                                  else None) or str(r.dst.network_address)
    gw = "0.0.0.0" if r.gateway is None else (reverse_name(ctx, r.gateway) or str(r.gateway))
    if r.gateway is None:
        gw = "0.0.0.0"
    return dst, gw


def render_routes(ctx: "ExecContext", numeric: bool, netstat: bool) -> str:
    out = [NETSTAT_HEADER if netstat else ROUTE_HEADER]
    for r in kernel_routes(ctx.netns):
        dst, gw = _names(ctx, r, numeric)
        if not numeric and r.gateway is None:
            gw = "0.0.0.0"
        mask = str(r.dst.netmask)
        dev = r.dev.name if r.dev is not None else "*"
        if netstat:
            out.append(f"{dst[:15]:<15} {gw[:15]:<15} {mask:<15} {_flags(r):<5} {0:>5} {0:<6} {0:>5} {dev}\n")
        else:
            out.append(f"{dst[:15]:<15} {gw[:15]:<15} {mask:<15} {_flags(r):<5} {r.metric:<6} {0:<2} {0:>7} {dev}\n")
    return "".join(out)


@command("route")
def route(ctx: "ExecContext", argv: list[str], stdin: str) -> CommandResult:
    numeric = False
    for a in argv[1:]:
        if a.startswith("-") and not a.startswith("--") and set(a[1:]) <= set("nveF4"):
            numeric |= "n" in a
        elif a == "--numeric":
            numeric = True
        elif a in ("add", "del"):
            return CommandResult("", "route: this model changes routes with `ip route`; "
                                 "`route add/del` is not supported\n", 2)
        else:
            return CommandResult("", f"route: invalid option -- '{a.lstrip('-')[:1]}'\n", 4)
    return CommandResult(render_routes(ctx, numeric, netstat=False), "", 0)
