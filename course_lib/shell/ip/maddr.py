"""`ip maddress` (ipmaddr.c): each device's multicast memberships -- link-layer, inet, inet6.

iproute2 reads /proc/net/dev_mcast, /proc/net/igmp and /proc/net/igmp6; the real backend hands over the
kernel's files, the simulation the groups its model implies (the ones `netstat -g` lists).
"""
from __future__ import annotations

import ipaddress
from typing import Any, Optional

from course_lib.result import CommandError
from course_lib.shell.ip.options import Args, duparg2, matches

Groups = dict[int, tuple[str, list[tuple[str, str]]]]       # ifindex -> (name, [(family word, address)])
USAGE = "Usage: ip maddr [ add | del ] MULTIADDR dev STRING\n       ip maddr show [ dev STRING ]"


def do_maddr(run: Any, args: Args) -> None:
    if not args.more():
        return _list(run, args)
    word = args.take()
    if matches(word, "add") or matches(word, "delete"):
        return None                         # memberships by hand: not modelled (nothing printed, as the tool)
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return _list(run, args)
    if matches(word, "help"):
        raise CommandError(USAGE, 255)
    raise CommandError(f'Command "{word}" is unknown, try "ip maddr help".', 255)


def _list(run: Any, args: Args) -> None:
    dev: Optional[str] = None
    while args.more():
        word = args.take()
        if word == "dev":
            word = args.next_arg()
        elif matches(word, "help"):
            raise CommandError(USAGE, 255)
        if dev is not None:
            raise duparg2("dev", word)
        dev = word
    family = run.opts.family
    groups = _from_kernel(run.stack) if hasattr(run.stack, "proc_net_text") else _from_model(run.stack.netns)
    for index in sorted(groups):
        name, entries = groups[index]
        if dev is not None and name != dev:
            continue
        chosen = [(w, a) for w, a in entries
                  if family is None or (w == "link" and family == 0) or (w == "inet" and family == 4)
                  or (w == "inet6" and family == 6)]
        if not chosen:
            continue
        lines = [f"\t{w:<5} {a}" for w, a in chosen]
        if run.opts.json:
            continue
        if run.opts.oneline:
            run.write("".join(f"{index}:\t{name}\\{line}\n" for line in lines))
        else:
            run.write(f"{index}:\t{name}\n" + "".join(line + "\n" for line in lines))
    if run.opts.json:
        from course_lib.shell.ip.format_json import dump_json
        items = []
        for index in sorted(groups):
            name, entries = groups[index]
            if dev is not None and name != dev:
                continue
            chosen = [{"link": a} if w == "link" else {"family": w, "address": a} for w, a in entries
                      if family is None or {"link": 0, "inet": 4, "inet6": 6}[w] == family]
            if chosen:
                items.append({"ifindex": index, "ifname": name, "maddr": chosen})
        run.write(dump_json(items, run.opts))


def _from_model(netns: Any) -> Groups:
    from course_lib.backends.sim_records import mc_list
    from course_lib.shell.nettools.netstat_stats import v4_groups, v6_groups
    out: Groups = {}
    for index, link in netns.links.items():
        macs = mc_list(netns, link)
        entries = [("link", mac) for mac in macs] + [("inet", g) for g in v4_groups(link)] + \
            [("inet6", g) for g in v6_groups(netns, link)]
        out[index] = (link.name, entries)
    return out


def _from_kernel(stack: Any) -> Groups:
    """read_dev_mcast, read_igmp and read_igmp6 over the kernel's own files."""
    out: Groups = {}

    def add(index: int, name: str, word: str, address: str) -> None:
        out.setdefault(index, (name, []))[1].append((word, address))
    for line in (stack.proc_net_text("dev_mcast") or "").splitlines():
        f = line.split()
        if len(f) == 5:
            add(int(f[0]), f[1], "link", ":".join(f[4][i:i + 2] for i in range(0, len(f[4]), 2)))
    index, name = 0, ""
    for line in (stack.proc_net_text("igmp") or "").splitlines()[1:]:
        if not line.startswith("\t"):
            f = line.split()
            index, name = int(f[0]), f[1]
            continue
        group = bytes.fromhex(line.split()[0])[::-1]
        add(index, name, "inet", str(ipaddress.IPv4Address(group)))
    for line in (stack.proc_net_text("igmp6") or "").splitlines():
        f = line.split()
        if len(f) >= 3:
            add(int(f[0]), f[1], "inet6", str(ipaddress.IPv6Address(bytes.fromhex(f[2]))))
    return out
