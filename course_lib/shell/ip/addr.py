"""`ip address`: show, add, del, flush, replace, as ipaddress.c parses and prints them."""
from __future__ import annotations

import ipaddress
from typing import Optional

from course_lib.result import CommandError
from course_lib.shell.ip import format as fmt
from course_lib.shell.ip.link import filtered_links, parse_filter
from course_lib.shell.ip.options import (link_exists, Args, duparg, duparg2, invarg, matches, parse_address, parse_prefix,
                                         parse_u32, unknown_command, usage, paint, family_kind)

SCOPE_NAMES = {"global": "global", "universe": "global", "site": "site", "link": "link", "host": "host",
               "nowhere": "nowhere"}
SCOPE_BY_NUMBER = {0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere"}   # rtnl_rtscope_n2a
FOREVER = 0xFFFFFFFF


def _lifetime(word: str, value: str) -> int:
    """set_lifetime(): `forever` or a u32 number of seconds."""
    number = FOREVER if value == "forever" else parse_u32(value)
    if number is None:
        raise invarg(f"{word} value", value, blank=False)
    return number


def do_address(run, args: Args) -> None:
    if not args.more():
        return list_addresses(run, Args([]))
    word = args.take()
    if matches(word, "add"):
        return modify(run, args, "add")
    if matches(word, "change") or word == "chg":
        return modify(run, args, "change")
    if matches(word, "replace"):
        return modify(run, args, "replace")
    if matches(word, "delete"):
        return modify(run, args, "del")
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return list_addresses(run, args)
    if matches(word, "flush"):
        return flush(run, args)
    if matches(word, "save") or matches(word, "showdump") or matches(word, "restore"):
        from course_lib.shell.ip import dump
        if matches(word, "save"):
            return dump.addr_save(run, _chosen(run, args, "address")[2])
        return dump.addr_showdump(run) if matches(word, "showdump") else dump.addr_restore(run)
    if matches(word, "help"):
        raise usage("ip address")
    raise CommandError(f'Command "{word}" is unknown, try "ip address help".', 255)


def modify(run, args: Args, how: str) -> None:
    family = run.opts.family or None
    local: Optional[str] = None
    peer: Optional[str] = None
    brd: Optional[str] = None
    dev: Optional[str] = None
    label: Optional[str] = None
    scope: Optional[str] = None
    metric = 0
    noprefixroute = False
    lifetimes: dict[str, int] = {}
    conf_flags: list[str] = []
    while args.more():
        word = args.take()
        if word in ("peer", "remote"):
            value = args.next_arg()
            if peer is not None:
                raise duparg("peer", value)
            peer = parse_prefix(value, family, default_ok=False)[1]
        elif matches(word, "broadcast") or word == "brd":
            value = args.next_arg()
            if brd is not None:
                raise duparg("broadcast", value)
            if value in ("+", "-"):
                brd = value
            else:
                brd = str(parse_address(value, family or 4))
        elif word == "anycast":
            args.next_arg()
        elif word == "scope":
            value = args.next_arg()
            number = parse_u32(value)
            if value not in SCOPE_NAMES and (number is None or number > 255):
                raise invarg("invalid scope value.", value, blank=False)
            scope = SCOPE_NAMES.get(value) or SCOPE_BY_NUMBER.get(number, str(number))
        elif word == "dev":
            dev = args.next_arg()
        elif word == "label":
            label = args.next_arg()
        elif matches(word, "metric") or matches(word, "priority") or matches(word, "preference"):
            value = args.next_arg()
            number = parse_u32(value)
            if number is None:
                raise invarg('"metric" value is invalid', value)
            metric = number
        elif matches(word, "valid_lft") or matches(word, "preferred_lft"):
            key = "valid_lft" if matches(word, "valid_lft") else "preferred_lft"
            if key in lifetimes:
                raise duparg(key, word)
            lifetimes[key] = _lifetime(key, args.next_arg())
        elif word in ("home", "nodad", "mngtmpaddr"):
            if family == 6:
                conf_flags.append(word)
            else:                             # checked against the family known so far
                run.warn(f"Warning: {word} option can be set only for IPv6 addresses\n")
        elif word == "autojoin":
            conf_flags.append(word)
        elif word == "noprefixroute":
            noprefixroute = True
        else:
            if word == "local":
                word = args.next_arg()
            if matches(word, "help"):
                raise usage("ip address")
            if local is not None:
                raise duparg2("local", word)
            fam, local = parse_prefix(word, family, default_ok=False)
            family = fam
            local_given = word
    if dev is None:
        raise CommandError('Not enough information: "dev" argument is required.', 1)
    warning = ""
    wildcard = False
    if how == "del" and local is not None and family == 4 and "/" not in local_given:
        wildcard = True
        plain = local.split("/")[0]
        warning = ("Warning: Executing wildcard deletion to stay compatible with old scripts.\n"
                   f"         Explicitly specify the prefix length ({plain}/32) to avoid this warning.\n"
                   "         This special behaviour is likely to disappear in further releases,\n"
                   "         fix your scripts!\n")
    if warning:
        run.warn(warning)
    if not link_exists(run.stack, dev):
        raise CommandError(f'Cannot find device "{dev}"', 1)
    extra = {}
    if "autojoin" in conf_flags and not ipaddress.ip_address(local.split("/")[0] if local else "0.0.0.0").is_multicast:
        raise CommandError("autojoin needs multicast address", 1)
    if conf_flags:
        extra["conf_flags"] = tuple(conf_flags)
    if how in ("replace", "change"):
        extra["lifetimes"] = (None, None)     # the kernel sets them again: forever unless given
    if lifetimes:
        valid, preferred = lifetimes.get("valid_lft", FOREVER), lifetimes.get("preferred_lft", FOREVER)
        if not valid:
            raise CommandError("valid_lft is zero", 1)
        if valid < preferred:
            raise CommandError("preferred_lft is greater than valid_lft", 1)
        extra["lifetimes"] = (None if valid == FOREVER else valid, None if preferred == FOREVER else preferred)
    if local is None:
        if family is None:                    # an ifaddrmsg of AF_UNSPEC: no handler for it
            raise CommandError("RTNETLINK answers: Operation not supported", 2)
        if how == "del":
            # `ip addr del dev X`: deletes the first address of the device
            first = next((a for a in run.stack.addresses() if a.dev == dev and
                          (family is None or a.family == family)), None)
            if first is None:
                raise CommandError("Error: ipv4: Address not found." if family == 4 else
                                   "RTNETLINK answers: Cannot assign requested address", 2)
            run.stack.addr_del(dev, first.local, first.prefixlen)
            return
        raise CommandError("RTNETLINK answers: Operation not supported", 2)
    ip_text, plen_text = local.split("/")
    prefixlen = int(plen_text)
    if how == "del":
        run.stack.addr_del(dev, ip_text, None if wildcard else prefixlen)
        return
    broadcast = None
    if brd is not None and family == 4:
        net = ipaddress.ip_network(local, strict=False)
        if brd == "+":
            broadcast = str(net.broadcast_address) if prefixlen < 31 else None
        elif brd == "-":
            broadcast = str(net.network_address) if prefixlen < 31 else None
        else:
            broadcast = brd
    run.stack.addr_add(dev, ip_text, prefixlen, broadcast=broadcast, label=label, scope=scope,
                       peer=peer, noprefixroute=noprefixroute, replace=how in ("replace", "change"),
                       metric=metric, **extra)


def _chosen(run, args: Args, obj: str):
    """The links and, per link, the addresses `ip address show|flush` selects (ipaddr_filter)."""
    flt = parse_filter(run, args, obj)
    links, by_name = filtered_links(run, flt)
    family = run.opts.family if run.opts.family in (4, 6) else flt.family
    per_link: dict[int, list] = {}
    for a in run.stack.addresses():
        if family is None or a.family == family:
            per_link.setdefault(a.ifindex, []).append(a)
    chosen = []
    for rec in links:
        mine = per_link.get(rec.ifindex, [])
        picked = [a for a in mine if flt.addr.selects(a)]
        if picked or (not mine and family is None):
            chosen.append((rec, picked, mine))
    return flt, family, chosen, by_name


def list_addresses(run, args: Args) -> None:
    opts = run.opts
    if opts.family == 0 or getattr(run, "link_filter_sticky", False):
        flt = parse_filter(run, args, "address")
        links, by_name = filtered_links(run, flt)
        # -0 (link layer only); in -batch, iproute2's filter keeps AF_PACKET after a `link show`
        mode = getattr(run, "link_filter_sticky", False)
        if opts.json:
            run.write(fmt.dump_json([fmt.link_json(r, by_name, mode=mode) for r in links], opts))
            return
        for rec in links:
            if opts.brief:
                run.write(fmt.format_link(rec, by_name, opts))
            else:
                run.write(fmt.join_block([fmt.link_header(rec, by_name, opts, mode=mode)] +
                                         fmt.link_lladdr_line(rec, opts), opts))
        return
    flt, family, chosen, by_name = _chosen(run, args, "address")
    if opts.json:
        items = []
        for rec, mine, every in chosen:
            if opts.brief:
                d = fmt.link_json_brief(rec, by_name, lladdr=False)
                d["addr_info"] = [{"local": a.local, "prefixlen": a.prefixlen} for a in mine]
            else:
                d = fmt.link_json(rec, by_name, mode=False)
                if family is not None:        # the link's dump through AF_INET/AF_INET6 has no link layer
                    for key in ("link_type", "address", "broadcast"):
                        d.pop(key, None)
                # print_addrinfo() opens an object before it filters: an address left out is {}
                d["addr_info"] = [fmt.addr_json(a) if a in mine else {} for a in every]
                if opts.stats:
                    from course_lib.shell.ip.format_details import stats_json
                    d["stats64"] = stats_json(rec.stats, 1)
            items.append(d)
        run.write(fmt.dump_json(items, opts))
        return
    for rec, mine, _every in chosen:
        if opts.brief:
            line = paint(opts, "ifname", f"{fmt.link_label(rec):<16} ") + paint(opts, rec.operstate,
                                                                                f"{rec.operstate:<14} ")
            line += "".join(f"{paint(opts, family_kind(a.local), a.local)}/{a.prefixlen} " for a in mine)
            run.write(line + "\n")
            continue
        if opts.oneline:
            for a in mine:
                run.write(_oneline(rec, a, opts, "\\"))
            continue
        lines = []
        if flt.addr.label is None:            # a label selector lists the addresses alone
            # `ip -6 addr` dumps links through AF_INET6 (no qdisc, group or link/ line) unless a device is named
            header_family = 6 if family == 6 and flt.dev is None else None
            lines.append(fmt.link_header(rec, by_name, opts, mode=False, family=header_family))
            if family is None or (opts.details and family == 4):    # -d: the link line even for one family
                lines += fmt.link_lladdr_line(rec, opts, addrgenmode=False, do_link=False)
            elif header_family is None and family in (4, 6) and rec.link_netnsid is not None:
                lines[-1] += fmt.netns_words(rec)   # print_linkinfo: no link line, its link-netns still
        for a in mine:
            lines += fmt.addr_lines(a, opts)
        if opts.stats and flt.addr.label is None:     # print_link_stats() after the addresses
            lines += fmt.stats_lines(rec.stats, opts.stats, opts.human, opts.iec)
        if lines:
            run.write("\n".join(lines) + "\n")


def _oneline(rec, a, opts, joiner: str) -> str:
    lines = fmt.addr_lines(a, opts)
    return f"{rec.ifindex}: {rec.name}" + lines[0] + joiner + lines[1] + "\n"


def flush(run, args: Args) -> None:
    if not args.more():
        raise CommandError("Flush requires arguments.", 1)
    _flt, _family, chosen, _ = _chosen(run, args, "address")
    victims = [(rec, a) for rec, mine, _every in chosen for a in mine]
    stats = run.opts.stats
    if stats and not victims:
        run.write("Nothing to flush.\n")
        return
    for rec, a in victims:
        if stats > 1:
            run.write(_oneline(rec, a, run.opts, "\n"))
        if "secondary" in a.flags and not any(a.local == b.local for b in _still_there(run, rec)):
            continue                          # went with its primary
        try:
            run.stack.addr_del(a.dev, a.local, a.prefixlen)
        except CommandError:
            pass
    if stats:
        run.write(f"\n*** Round 1, deleting {len(victims)} addresses ***\n*** Flush is complete after 1 round ***\n")


def _still_there(run, rec) -> list:
    return [b for b in run.stack.addresses() if b.ifindex == rec.ifindex]
