"""`ip rule`: list/show, add, del and flush of the policy routing rules (iprule.c of iproute2 6.1)."""
from __future__ import annotations

import ipaddress
import re
from typing import Optional

from course_lib.net import rules as model
from course_lib.result import CommandError
from course_lib.shell.ip.options import Args, invarg, matches, parse_prefix, parse_u32, usage
from course_lib.shell.ip.tables import proto_id, proto_name, table_id, table_text

RULES4 = "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n"
RULES6 = "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n"
IPPROTOS = {"icmp": 1, "igmp": 2, "tcp": 6, "udp": 17, "gre": 47, "esp": 50, "ah": 51, "ipv6-icmp": 58,
            "sctp": 132, "udplite": 136, "ipip": 4, "ipv6": 41, "ospf": 89, "pim": 103, "vrrp": 112}
RULE_TYPES = {"unicast": "lookup", "blackhole": "blackhole", "unreachable": "unreachable",
              "prohibit": "prohibit"}


def do_rule(run, args: Args) -> None:
    word = args.take() if args.more() else "show"
    netns = getattr(run.stack, "netns", None)
    if netns is None and hasattr(run.stack, "rule_ops"):
        netns = KernelView(run.stack)           # the real backend: the kernel's rules
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        if netns is None:                       # a backend without a rules model: the defaults
            run.write(RULES6 if run.opts.family == 6 else RULES4)
            return
        return list_or_flush(run, netns, args, flush=False)
    if matches(word, "help"):
        raise usage("ip rule")
    add = matches(word, "add")
    if add or matches(word, "delete"):
        if netns is None:
            raise CommandError("RTNETLINK answers: Operation not supported", 2)
        if not args.more():
            raise CommandError(f'"ip rule {"add" if add else "del"}" requires arguments.', 1)
        return modify(run, netns, args, add)
    if matches(word, "flush"):
        if netns is None:
            raise CommandError("RTNETLINK answers: Operation not supported", 2)
        return list_or_flush(run, netns, args, flush=True)
    if matches(word, "save") or matches(word, "restore"):
        from course_lib.shell.ip import rule_dump
        if netns is None:
            raise CommandError("RTNETLINK answers: Operation not supported", 2)
        return rule_dump.save(run, netns, args) if matches(word, "save") else rule_dump.restore(run, netns)
    raise CommandError(f'Command "{word}" is unknown, try "ip rule help".', 255)


class KernelView:
    """What the printers and edits ask of a netns, answered by a backend's rule operations."""

    def __init__(self, stack) -> None:
        self.stack, self.ops = stack, stack.rule_ops()

    def link_by_name(self, name: str):
        return name if self.stack.link_exists(name) else None


def _rules_of(netns, family: int) -> list[model.Rule]:
    return netns.ops.list(family) if isinstance(netns, KernelView) else model.rules_of(netns, family)


# -- names ------------------------------------------------------------------------------------------
_PORTS_RE = re.compile(r"\s*([+-]?\d+)(?:-\s*([+-]?\d+))?")


def _ports(text: str, word: str, check: bool = True) -> tuple[int, int]:
    """sscanf("%hu-%hu"): one port or a range (values wrap like an unsigned short); the kernel
    (fib_rule_port_range_valid) wants 0 < start <= end < 65535."""
    m = _PORTS_RE.match(text)
    if m is None:
        raise invarg("invalid port range\n", text, blank=False)
    start = int(m.group(1)) & 0xFFFF
    end = int(m.group(2)) & 0xFFFF if m.group(2) is not None else start
    if check and not (0 < start <= end < 0xFFFF):
        raise CommandError(f"Error: Invalid {word} range.", 2)
    return start, end


def parse_ipproto(text: str) -> int:
    if text in IPPROTOS:
        return IPPROTOS[text]
    number = parse_u32(text)
    if number is None or number > 255:
        raise invarg('Invalid "ipproto" value\n', text, blank=False)
    return number


def _ifname(text: str, what: str) -> str:
    if not 0 < len(text) < 16 or any(c in text for c in "/: \t\n") or text in (".", ".."):
        raise invarg(f"{what} not a valid ifname", text, blank=False)
    return text


def _prefix(text: str, family: Optional[int]):
    """get_prefix(): (the address with its length, host bits kept; None for 0-length, family)."""
    fam, prefix = _family_prefix(text, family)
    iface = ipaddress.ip_interface(prefix)
    return None if iface.network.prefixlen == 0 else iface, fam




def _family_prefix(text: str, family: Optional[int]) -> tuple:
    """parse_prefix (which says `inet prefix`/`inet6 prefix` when the family is known, as get_prefix does)."""
    return parse_prefix(text, family)


# -- add / del --------------------------------------------------------------------------------------
def modify(run, netns, args: Args, add: bool) -> None:
    family = run.opts.family if run.opts.family in (4, 6) else None
    rule = model.Rule(family=4, pref=0)
    given: set[str] = set()
    addr_families: list[tuple[str, int]] = []
    pref_given = table_ok = False
    while args.more():
        word = args.take()
        if word == "not":
            rule.invert = True
        elif word in ("from", "to"):
            value = args.next_arg()
            net, fam = _prefix(value, family)
            if fam is not None:
                addr_families.append((word, fam))
            if net is not None:
                setattr(rule, "src" if word == "from" else "dst", net)
                given.add("src" if word == "from" else "dst")
        elif matches(word, "preference") or matches(word, "order") or matches(word, "priority"):
            value = args.next_arg()
            number = parse_u32(value)
            if number is None:
                raise invarg("preference value is invalid\n", value, blank=False)
            rule.pref, pref_given = number, True
            if number:
                given.add("pref")
        elif word == "tos" or matches(word, "dsfield"):
            value = args.next_arg()
            rule.tos = parse_tos(value)
            if rule.tos:
                given.add("tos")
        elif word == "fwmark":
            value = args.next_arg()
            mark, slash, mask = value.partition("/")
            rule.fwmark = _u32(mark, "fwmark value is invalid\n", value if not slash else mark)
            rule.fwmask = _u32(mask, "fwmask value is invalid\n", mask) if slash else 0xFFFFFFFF
            given.update(("fwmark", "fwmask") if slash else ("fwmark",))
        elif matches(word, "realms"):
            rule.realms = args.next_arg()
            given.add("realms")
        elif matches(word, "protocol"):
            value = args.next_arg()
            number = proto_id(value)
            if number is None:
                raise invarg('"protocol" value is invalid\n', value, blank=False)
            rule.proto = proto_name(number)
        elif matches(word, "table") or word == "lookup":
            value = args.next_arg()
            number = table_id(run, value)
            if number is None:
                raise invarg("invalid table ID\n", value, blank=False)
            rule.table, table_ok = number, True
            if number:
                given.add("table")
        elif matches(word, "suppress_prefixlength") or word == "sup_pl":
            value = args.next_arg()
            number = _s32(value)
            if number is None or number < 0:
                raise invarg("suppress_prefixlength value is invalid\n", value, blank=False)
            rule.suppress_prefixlength = number
            given.add("suppress_prefixlength")
        elif matches(word, "suppress_ifgroup") or word == "sup_group":
            value = args.next_arg()
            number = _s32(value)
            if number is None:
                raise invarg("Invalid \"suppress_ifgroup\" value\n", value, blank=False)
            rule.suppress_ifgroup = number
            given.add("suppress_ifgroup")
        elif word in ("dev", "iif"):
            rule.iif = _ifname(args.next_arg(), '"iif"/"dev"')
            given.add("iif")
        elif word == "oif":
            rule.oif = _ifname(args.next_arg(), '"oif"')
            given.add("oif")
        elif word == "l3mdev":
            rule.l3mdev = True
            given.add("l3mdev")
            table_ok = True                 # iprule_modify: an l3mdev rule sends no table (main by default)
        elif word == "uidrange":
            value = args.next_arg()
            first, dash, second = value.partition("-")
            if not (dash and first.isdigit() and second.isdigit()):
                raise invarg("invalid UID range\n", value, blank=False)
            rule.uidrange = (int(first), int(second))
            given.add("uidrange")
        elif word == "ipproto":
            rule.ipproto = parse_ipproto(args.next_arg())
            given.add("ipproto")
        elif word in ("sport", "dport"):
            setattr(rule, word, _ports(args.next_arg(), word))
            given.add(word)
        else:
            if word == "type":
                word = args.next_arg()
            if matches(word, "help"):
                raise usage("ip rule")
            if matches(word, "goto"):
                value = args.next_arg()
                rule.action, rule.goto = "goto", _u32(value, "invalid target\n", value)
            elif matches(word, "nop"):
                rule.action = "nop"
            elif word in RULE_TYPES:
                rule.action = RULE_TYPES[word]
            else:
                raise invarg("Failed to parse rule type", word, blank=False)
            given.update(("action", "goto") if rule.action == "goto" else ("action",))
            table_ok = True
    if rule.l3mdev and rule.table:
        raise CommandError("table can not be specified for l3mdev rules", 2)
    rule.family = family or 4
    _check_tos(rule.tos)
    for word, fam in addr_families:
        if fam != rule.family:
            what = "source" if word == "from" else "destination"
            raise CommandError(f"Error: Invalid {what} address.", 2)
    if rule.action != "lookup" and "table" not in given:
        rule.table = 0
    if add:
        if not table_ok:
            rule.table = model.RT_TABLE_MAIN
        if isinstance(netns, KernelView):
            netns.ops.add(rule, pref_given)
        else:
            model.add_rule(netns, rule, pref_given, lambda: {r.table for r in netns.routes})
    elif isinstance(netns, KernelView):
        netns.ops.delete(rule, given)
    else:
        model.delete_rule(netns, rule, given)


def _u32(text: str, msg: str, shown: str) -> int:
    number = parse_u32(text)
    if number is None:
        raise invarg(msg, shown, blank=False)
    return number


def _s32(text: str) -> Optional[int]:
    try:
        number = int(text, 0)
    except ValueError:
        return None
    return number if -(1 << 31) <= number < (1 << 31) else None


def parse_tos(text: str) -> int:
    """rtnl_dsfield_a2n: a hexadecimal number below 256 (no name file in the course)."""
    try:
        number = int(text, 16)
    except ValueError:
        number = -1
    if not 0 <= number <= 255:
        raise invarg("TOS value is invalid\n", text, blank=False)
    return number


def _check_tos(tos: int) -> None:
    if tos & 0x3:
        raise CommandError("Error: Invalid dsfield (tos): ECN bits must be 0.", 2)


# -- show / flush -----------------------------------------------------------------------------------
def list_or_flush(run, netns, args: Args, flush: bool) -> None:
    family = 6 if run.opts.family == 6 else 4
    tests = []
    while args.more():
        word = args.take()
        if matches(word, "preference") or matches(word, "order") or matches(word, "priority"):
            value = args.next_arg()
            pref = _u32(value, "preference value is invalid\n", value)
            tests.append(lambda r, p=pref: r.pref == p)
        elif word == "not":
            tests.append(lambda r: r.invert)
        elif word == "tos":
            tos = parse_tos(args.next_arg())
            tests.append(lambda r, t=tos: r.tos == t)
        elif word == "fwmark":
            value = args.next_arg()
            mark, slash, mask = value.partition("/")
            m = _u32(mark, "fwmark value is invalid\n", mark)
            k = _u32(mask, "fwmask value is invalid\n", mask) if slash else None
            tests.append(lambda r, m=m, k=k: r.fwmark == m and (k is None or r.fwmask == k))
        elif word in ("dev", "iif"):
            name = _ifname(args.next_arg(), '"iif"/"dev"')
            tests.append(lambda r, n=name: r.iif == n)
        elif word == "oif":
            name = _ifname(args.next_arg(), '"oif"')
            tests.append(lambda r, n=name: r.oif == n)
        elif word == "l3mdev":
            tests.append(lambda r: r.l3mdev)
        elif matches(word, "lookup") or matches(word, "table"):
            value = args.next_arg()
            number = table_id(run, value)
            if number is None:
                raise invarg("table id value is invalid\n", value, blank=False)
            tests.append(lambda r, t=number: r.table == t and r.action == "lookup")
        elif matches(word, "from") or matches(word, "src"):
            net = _filter_prefix(args.next_arg(), family)
            tests.append(lambda r, n=net: _same_prefix(r.src, n))
        elif word == "ipproto":
            proto = parse_ipproto(args.next_arg())
            tests.append(lambda r, p=proto: r.ipproto == p)
        elif word in ("sport", "dport"):
            span = _ports(args.next_arg(), word, check=False)
            tests.append(lambda r, w=word, s=span: getattr(r, w) == s)
        elif matches(word, "help"):
            raise usage("ip rule")
        else:
            if matches(word, "dst") or matches(word, "to"):
                word = args.next_arg()
            net = _filter_prefix(word, family)
            tests.append(lambda r, n=net: _same_prefix(r.dst, n))
    chosen = [r for r in _rules_of(netns, family) if all(t(r) for t in tests)]
    if flush:
        if isinstance(netns, KernelView):
            netns.ops.flush(chosen)
        else:
            model.flush_rules(netns, family, chosen)
        return
    if run.opts.json:
        from course_lib.shell.ip.format import dump_json
        run.write(dump_json([rule_json(run, netns, r) for r in chosen], run.opts))
        return
    for rule in chosen:
        run.write(format_rule(run, netns, rule))


def _filter_prefix(text: str, family: int):
    """get_prefix() with the listing's family (inet unless -6): it exits with its own message."""
    fam, prefix = _family_prefix(text, family)
    net = ipaddress.ip_network(prefix, strict=False)
    return None if net.prefixlen == 0 else net


def _same_prefix(have, net) -> bool:
    """The filter's prefix: same length, and the rule's address in it (the host bits aside)."""
    if net is None:
        return True                   # `from all` lists every rule
    return have is not None and have.network.prefixlen == net.prefixlen and have.ip in net


def _net_text(iface) -> str:
    return str(iface.ip) if iface.network.prefixlen == iface.max_prefixlen else str(iface)


def _port_text(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}-{span[1]}"


def format_rule(run, netns, rule: model.Rule) -> str:
    """print_rule(): `PREF:\\tSELECTORS ACTION` (with ` proto P` under -d)."""
    out = [f"{rule.pref}:\t"]
    if rule.invert:
        out.append("not ")
    out.append(f"from {_net_text(rule.src)}" if rule.src is not None else "from all")
    if rule.dst is not None:
        out.append(f" to {_net_text(rule.dst)}")
    if rule.tos:
        out.append(f" tos {rule.tos:#x}")
    if rule.fwmark or rule.fwmask:
        out.append(f" fwmark {rule.fwmark:#x}" if rule.fwmark else " fwmark 0")
        if rule.fwmask != 0xFFFFFFFF:
            out.append(f"/{rule.fwmask:#x}")
    for word in ("iif", "oif"):
        name = getattr(rule, word)
        if name is not None:
            out.append(f" {word} {name}" + ("" if netns.link_by_name(name) is not None else " [detached]"))
    if rule.l3mdev:
        out.append(" lookup [l3mdev-table]")
    if rule.uidrange is not None:
        out.append(f" uidrange {rule.uidrange[0]}-{rule.uidrange[1]}")
    if rule.ipproto is not None:
        names = {v: k for k, v in IPPROTOS.items()}
        out.append(f" ipproto {names.get(rule.ipproto, f'ipproto-{rule.ipproto}')}")
    if rule.sport is not None:
        out.append(f" sport {_port_text(rule.sport)}")
    if rule.dport is not None:
        out.append(f" dport {_port_text(rule.dport)}")
    if rule.action == "lookup" and rule.table and not rule.l3mdev:
        out.append(f" lookup {table_text(run, rule.table)}")
        if rule.suppress_prefixlength >= 0:
            out.append(f" suppress_prefixlength {rule.suppress_prefixlength}")
        if rule.suppress_ifgroup >= 0:
            out.append(f" suppress_ifgroup {rule.suppress_ifgroup}")
    if rule.realms is not None:
        out.append(f" realms {rule.realms}")
    if rule.action == "goto":
        out.append(f" goto {rule.goto}")
        if not any(r.pref == rule.goto for r in _rules_of(netns, rule.family)):
            out.append(" [unresolved]")
    elif rule.action != "lookup":
        out.append(f" {rule.action}")
    if run.opts.details or rule.proto not in ("unspec", "kernel"):
        out.append(f" proto {rule.proto}")
    return "".join(out) + "\n"


def _json_prefix(d: dict, key: str, iface) -> None:
    if iface is None:
        if key == "src":
            d["src"] = "all"
        return
    d[key] = str(iface.ip)
    if iface.network.prefixlen != iface.max_prefixlen:
        d[key + "len"] = iface.network.prefixlen


def _json_ports(d: dict, key: str, span) -> None:
    if span is None:
        return
    if span[0] == span[1]:
        d[key] = span[0]
    else:
        d[key + "_start"], d[key + "_end"] = span


def rule_json(run, netns, rule: model.Rule) -> dict:
    """print_rule() under -j: the same fields, as iproute2 6.1 names them."""
    d: dict = {"priority": rule.pref}
    if rule.invert:
        d["not"] = None
    _json_prefix(d, "src", rule.src)
    _json_prefix(d, "dst", rule.dst)
    if rule.tos:
        d["tos"] = f"{rule.tos:#x}"
    if rule.fwmark or rule.fwmask:
        d["fwmark"] = f"{rule.fwmark:#x}"
        if rule.fwmask != 0xFFFFFFFF:
            d["fwmask"] = f"{rule.fwmask:#x}"
    for word in ("iif", "oif"):
        name = getattr(rule, word)
        if name is not None:
            d[word] = name
            if netns.link_by_name(name) is None:
                d[word + "_detached"] = None
    if rule.uidrange is not None:
        d["uid_start"], d["uid_end"] = rule.uidrange
    if rule.ipproto is not None:
        names = {v: k for k, v in IPPROTOS.items()}
        d["ipproto"] = names.get(rule.ipproto, f"ipproto-{rule.ipproto}")
    _json_ports(d, "sport", rule.sport)
    _json_ports(d, "dport", rule.dport)
    if rule.l3mdev:
        d["l3mdev"] = None
    elif rule.action == "lookup" and rule.table:
        d["table"] = table_text(run, rule.table)
        if rule.suppress_prefixlength >= 0:
            d["suppress_prefixlen"] = rule.suppress_prefixlength
        if rule.suppress_ifgroup >= 0:
            d["suppress_ifgroup"] = str(rule.suppress_ifgroup)
    if rule.realms is not None:
        d["flow_to"] = rule.realms
    if rule.action == "goto":
        d["goto"] = rule.goto
        if not any(r.pref == rule.goto for r in _rules_of(netns, rule.family)):
            d["unresolved"] = None
    elif rule.action != "lookup":
        d["action"] = rule.action
    if run.opts.details or rule.proto not in ("unspec", "kernel"):
        d["protocol"] = rule.proto
    return d
