"""/proc/net of the current netns: its listing and each file's text, made from the netns's model on the
simulation (route, arp, fib_trie, dev, snmp, netstat, tcp/udp...), the kernel's own on the real backend.

Files whose tables the simulation never fills print the kernel's title line alone
(course_lib.shell.procfs.listing); the few that describe the kernel build rather than the netns
(protocols, ptype, the xt match/target lists, netlink, softnet_stat...) read as empty there.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from course_lib.net import snmp
from course_lib.shell.nettools.netstat_iface import proc_net_dev
from course_lib.shell.procfs import listing
from course_lib.shell.procfs.conntrack import proc_net_nf_conntrack
from course_lib.shell.procfs.fib_trie import proc_net_fib_trie, proc_net_fib_triestat
from course_lib.shell.procfs.inet6 import proc_net_if_inet6
from course_lib.shell.procfs.mcast import proc_net_dev_mcast, proc_net_igmp, proc_net_igmp6
from course_lib.shell.procfs.route_arp import proc_net_arp, proc_net_route
from course_lib.shell.procfs.snmp6 import proc_net_snmp6
from course_lib.shell.procfs.sockets import proc_net_sockstat, proc_net_sockstat6, proc_net_tcp, proc_net_udp

PROC_NET = "/proc/net"
FILES: dict[str, Callable[[Any], str]] = {"/proc/net/snmp": snmp.proc_net_snmp,
                                          "/proc/net/netstat": snmp.proc_net_netstat,
                                          "/proc/net/snmp6": proc_net_snmp6,
                                          "/proc/net/dev": proc_net_dev,
                                          "/proc/net/route": proc_net_route,
                                          "/proc/net/arp": proc_net_arp,
                                          "/proc/net/fib_trie": proc_net_fib_trie,
                                          "/proc/net/fib_triestat": proc_net_fib_triestat,
                                          "/proc/net/tcp": proc_net_tcp,
                                          "/proc/net/tcp6": lambda netns: proc_net_tcp(netns, 6),
                                          "/proc/net/udp": proc_net_udp,
                                          "/proc/net/udp6": lambda netns: proc_net_udp(netns, 6),
                                          "/proc/net/sockstat6": proc_net_sockstat6,
                                          "/proc/net/sockstat": proc_net_sockstat,
                                          "/proc/net/nf_conntrack": proc_net_nf_conntrack,
                                          "/proc/net/if_inet6": proc_net_if_inet6,
                                          "/proc/net/igmp": proc_net_igmp,
                                          "/proc/net/igmp6": proc_net_igmp6,
                                          "/proc/net/dev_mcast": proc_net_dev_mcast}


def _simulated(ctx: Any) -> bool:
    return getattr(ctx, "backend", "sim") == "sim" and hasattr(ctx.netns, "addresses")


def proc_net_text(ctx: Any, full: str) -> Optional[str]:
    """The file's text for a simulated netns, or the kernel's on a backend that reads it (None: not a
    file of /proc/net, or no such backend)."""
    name = full[len(PROC_NET) + 1:]
    if not _simulated(ctx):
        reader = getattr(ctx.stack, "proc_net_text", None)     # the real backend: the kernel's own file
        return reader(name) if reader is not None and name not in listing.DIRS else None
    if name not in listing.NAMES or name in listing.DIRS:
        return None
    make = FILES.get(full)
    if make is not None:
        return make(ctx.netns)
    return listing.TITLES.get(name, "")


def proc_net_entries(ctx: Any, full: str) -> Optional[list[str]]:
    """The names in /proc/net or one of its directories (None: not a directory there); the real
    backend lists the kernel's own."""
    name = full[len(PROC_NET) + 1:]
    lister = getattr(ctx.stack, "proc_net_list", None)
    if not _simulated(ctx) and lister is not None and (full == PROC_NET or name in listing.DIRS):
        return lister(name)
    if full == PROC_NET:
        return sorted(listing.NAMES)
    if name not in listing.DIRS:
        return None
    if name == "dev_snmp6":
        return sorted(link.name for link in getattr(ctx.netns, "links", {}).values())
    return sorted(listing.DIRS[name])


def proc_net_dir_file(ctx: Any, directory: str, name: str) -> Optional[str]:
    """A file in one of /proc/net's directories: dev_snmp6/DEV from the model (the kernel's on the real
    backend); the others (stat/*, netfilter/*) read as empty on the simulation."""
    if not _simulated(ctx):
        reader = getattr(ctx.stack, "proc_net_text", None)
        return reader(f"{directory}/{name}") if reader is not None else None
    if directory == "dev_snmp6":
        from course_lib.shell.procfs.snmp6 import proc_net_dev_snmp6
        link = next((l for l in ctx.netns.links.values() if l.name == name), None)
        return proc_net_dev_snmp6(link) if link is not None else None
    return ""
