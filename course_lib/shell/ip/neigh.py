"""`ip neighbour`: show, add, del, change, replace, flush (ipneigh.c)."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Optional

from course_lib.net import ipparse
from course_lib.result import CommandError
from course_lib.shell.ip import format as fmt
from course_lib.shell.ip import neigh_proxy
from course_lib.shell.ip.options import (link_exists, Args, duparg, duparg2, invarg, matches, parse_address, parse_lladdr, usage)

NUD = {"permanent": "PERMANENT", "reachable": "REACHABLE", "noarp": "NOARP", "none": "NONE",
       "stale": "STALE", "incomplete": "INCOMPLETE", "delay": "DELAY", "probe": "PROBE", "failed": "FAILED"}


def do_neigh(run, args: Args) -> None:
    if not args.more():
        return list_neigh(run, Args([]), flush=False)
    word = args.take()
    if matches(word, "add"):
        return modify(run, args, "add")
    if matches(word, "change") or word == "chg":
        return modify(run, args, "change")
    if matches(word, "replace"):
        return modify(run, args, "replace")
    if matches(word, "delete"):
        return modify(run, args, "del")
    if matches(word, "get"):
        return get(run, args)
    if matches(word, "show") or matches(word, "list") or matches(word, "lst"):
        return list_neigh(run, args, flush=False)
    if matches(word, "flush"):
        return list_neigh(run, args, flush=True)
    if matches(word, "help"):
        raise usage("ip neigh")
    raise CommandError(f'Command "{word}" is unknown, try "ip neigh help".', 255)


def modify(run, args: Args, how: str) -> None:
    family = run.opts.family if run.opts.family in (4, 6) else None
    lladdr: Optional[str] = None
    state = "PERMANENT"
    dev: Optional[str] = None
    dst: Optional[str] = None
    router = proxy = False
    while args.more():
        word = args.take()
        if word == "lladdr":
            value = args.next_arg()
            if lladdr is not None:
                raise CommandError(f'Error: duplicate "lladdr": "{value}" is the second value.', 255)
            lladdr = value
        elif word == "nud":
            value = args.next_arg()
            if value not in NUD:
                raise invarg("nud state is bad", value, blank=False)
            state = NUD[value]
        elif matches(word, "proxy"):
            value = args.next_arg()
            if matches(value, "help"):
                raise usage("ip neigh")
            if dst is not None:
                raise duparg("address", value)
            dst, proxy = str(parse_address(value, family)), True
        elif word == "router":
            router = True
        elif word in ("use", "managed", "extern_learn"):
            pass
        elif word == "dev":
            dev = args.next_arg()
        elif matches(word, "protocol"):
            args.next_arg()
        else:
            if word == "to":
                word = args.next_arg()
            if matches(word, "help"):
                raise usage("ip neigh")
            if dst is not None:
                raise duparg2("to", word)
            dst = str(parse_address(word, family, {4: "inet address", 6: "inet6 address"}.get(
                family or 0, "any valid address")))
    if (dev is None and not proxy) or dst is None:
        raise CommandError("Device and destination are required arguments.", 255)
    if lladdr is not None:
        lladdr = None if lladdr == "null" else parse_lladdr(lladdr)
    if dev is not None and not link_exists(run.stack, dev):
        raise CommandError(f'Cannot find device "{dev}"', 1)
    if proxy:
        return neigh_proxy.modify(run, how, dst, dev)
    if how == "del":
        run.stack.neigh_del(dst, dev)
        return
    if lladdr is None and state in ("PERMANENT", "REACHABLE", "STALE", "DELAY", "PROBE", "NOARP"):
        lladdr = _lladdr_kept(run, how, dst, dev, state)
    run.stack.neigh_add(dst, dev, lladdr, state, how, router)


def _noarp_broadcast(run, ip) -> bool:
    """arp_constructor makes a NOARP entry with the broadcast address for a destination of type
    broadcast, which is every one while the netns has no IPv4 local table yet (__inet_dev_addr_type):
    then `ip neigh add IP dev D` needs no lladdr. The sim knows its tables; the real backend leaves it."""
    netns = getattr(run.stack, "netns", None)
    if netns is None or ip.version != 4:
        return False
    from course_lib.net.route_table import routes_of
    routes = routes_of(netns)
    return not routes.main_made or routes.first_of_type(255, 4, ip._ip, "broadcast") is not None


def _lladdr_kept(run, how: str, dst: str, dev: str, state: str = "PERMANENT") -> Optional[str]:
    """neigh_add() without lladdr: an existing valid entry keeps its address (replace/change); else
    __neigh_update refuses. (The kernel makes the entry first and leaves it in state NONE; the lab stays
    as it was, as every failed command leaves it.)"""
    ip = ipparse.ip_address(dst)
    old = next((n for n in run.stack.neighbours() if n.dev == dev and ipparse.ip_address(n.ip) == ip), None)
    if old is not None and how == "add":
        raise CommandError("RTNETLINK answers: File exists", 2)
    if old is None and how == "change":
        raise CommandError("RTNETLINK answers: No such file or directory", 2)
    if old is None and ip.version == 4:
        old = _loopback_entry(run, dev)
    if old is not None and old.lladdr and old.state not in ("NONE", "INCOMPLETE", "FAILED"):
        return old.lladdr
    if old is None and state == "PERMANENT":
        if getattr(run.stack, "netns", None) is None and hasattr(run.stack, "rule_ops"):
            return None     # the real backend: the kernel answers (a NOARP entry, or its extack error)
        if _noarp_broadcast(run, ip):
            return "ff:ff:ff:ff:ff:ff"
    raise CommandError("Error: No link layer address given.", 2)


def _loopback_entry(run, dev: str):
    """The IPv4 entry a loopback device's neighbour_add updates (all are keyed 0.0.0.0, arp_constructor): the one
    there is, or the new one, NOARP with lo's own address. None on another device (and on the real backend)."""
    netns = getattr(run.stack, "netns", None)
    link = netns.link_by_name(dev) if netns is not None else None
    if link is None or link.kind != "loopback":
        return None
    found = next((n for n in run.stack.neighbours() if n.dev == dev and n.ip == "0.0.0.0"), None)
    return found or SimpleNamespace(lladdr=link.mac, state="NOARP")


ALL_STATES = frozenset(NUD.values())


def _parse_filter(run, args: Args, family, flush: bool = False):
    """do_show_or_flush()'s selectors. The states shown by default are all but NOARP (and NONE); a
    flush takes all but PERMANENT and NOARP; `nud all` means every state (a flush: but NOARP)."""
    dev = None
    states = ALL_STATES - {"PERMANENT", "NOARP"} if flush else ALL_STATES - {"NOARP", "NONE"}
    given = proxy = False
    prefix = None
    while args.more():
        word = args.take()
        if word == "dev":
            dev = args.next_arg()
        elif word == "nud":
            value = args.next_arg()
            if not given:
                given, states = True, frozenset()
            if value == "all":
                states = ALL_STATES - {"NOARP"} if flush else ALL_STATES
            elif value not in NUD:
                raise invarg("nud state is bad", value, blank=False)
            else:
                states = states | {NUD[value]}
        elif word == "proxy":
            proxy = True
        elif word in ("unused", "nomaster"):
            pass
        elif word in ("vrf", "master", "protocol"):
            args.next_arg()
        elif word == "all":
            pass
        else:
            if word == "to":
                word = args.next_arg()
            if matches(word, "help"):
                raise usage("ip neigh")
            import ipaddress
            from course_lib.shell.ip.options import parse_prefix
            prefix = ipaddress.ip_network(parse_prefix(word, family)[1], strict=False)
    if dev is not None and not link_exists(run.stack, dev):
        raise CommandError(f'Cannot find device "{dev}"', 1)
    return dev, states, prefix, proxy


def list_neigh(run, args: Args, *, flush: bool) -> None:
    import ipaddress
    family = run.opts.family if run.opts.family in (4, 6) else None
    if flush and not args.more():
        raise CommandError("Flush requires arguments.", 1)
    dev, states, prefix, proxy = _parse_filter(run, args, family, flush)
    if proxy:
        return neigh_proxy.show(run, dev, prefix, family, flush)
    records = list(reversed(run.stack.neighbours()))
    chosen = []
    for rec in records:
        if family is not None and rec.family != family:
            continue
        if dev is not None and rec.dev != dev:
            continue
        if rec.state not in states:
            continue
        if prefix is not None and ipaddress.ip_address(rec.ip) not in prefix:
            continue
        chosen.append(rec)
    if flush:
        stats = run.opts.stats
        if stats and not chosen:
            run.write("Nothing to flush.\n")
            return
        for rec in chosen:
            try:
                run.stack.neigh_del(rec.ip, rec.dev)
            except CommandError:
                continue
            if stats > 1:                       # -s -s: each entry as it goes (print_neigh in the flush dump)
                run.write(fmt.format_neigh(rec, show_dev=dev is None, opts=run.opts))
        if stats:
            run.write(f"\n*** Round 1, deleting {len(chosen)} entries ***\n*** Flush is complete after 1 round ***\n")
        return
    if run.opts.json:
        run.write(fmt.dump_json([fmt.neigh_json(r, run.opts.stats, dev is None) for r in chosen], run.opts))
        return
    for rec in chosen:
        run.write(fmt.format_neigh(rec, show_dev=dev is None, opts=run.opts))


def get(run, args: Args) -> None:
    family = run.opts.family if run.opts.family in (4, 6) else None
    dev = dst = None
    proxy = False
    while args.more():
        word = args.take()
        if word == "dev":
            dev = args.next_arg()
        elif word == "proxy":
            value = args.next_arg()
            if dst is not None:
                raise duparg("address", value)
            dst, proxy = str(parse_address(value, family)), True
        else:
            if word == "to":
                word = args.next_arg()
            dst = str(parse_address(word, family))
    if (dev is None and not proxy) or dst is None:
        raise CommandError("Device and address are required arguments.", 255)
    if dev is not None and not link_exists(run.stack, dev):
        raise CommandError(f'Cannot find device "{dev}"', 1)
    if proxy:
        return neigh_proxy.get(run, dst, dev)
    for rec in run.stack.neighbours():
        if rec.ip == dst and rec.dev == dev:
            if rec.cache is not None:           # neigh_get() answers holding one more reference
                rec.cache = (rec.cache[0] + 1,) + rec.cache[1:]
            run.write(fmt.format_neigh(rec, opts=run.opts))
            return
    raise CommandError("Error: Neighbour entry not found.", 2)
