"""`ip link`: show, add (veth, bridge, vxlan, macvlan), delete, set, as iplink.c parses them."""
from __future__ import annotations

from typing import Optional

from course_lib.backends.stack import LinkRecord, LinkSpec
from course_lib.result import CommandError
from course_lib.shell.ip import format as fmt
from course_lib.shell.ip.addr_filter import AddrSelectors
from course_lib.shell.ip.options import (link_exists, Args, c_atoi, c_get_integer, check_ifname, duparg, duparg2, invarg, lladdr_bytes, matches,
                                         parse_u32, unknown_command, usage)

FLAG_WORDS = {"up", "down"}
ONOFF = ("multicast", "allmulticast", "promisc", "trailers", "arp", "carrier", "dynamic", "protodown")
# on/off words that set or clear an IFF_* flag: (flag, the flag's value for "on")
IFF_WORDS = {"multicast": ("MULTICAST", True), "allmulticast": ("ALLMULTI", True), "promisc": ("PROMISC", True),
             "arp": ("NOARP", False)}


def do_link(run, args: Args) -> None:
    if not args.more():
        return list_links(run, Args([]))
    word = args.take()
    if matches(word, "add"):
        return modify(run, args, create=True)
    if matches(word, "set") or matches(word, "change"):
        return modify(run, args, create=False)
    if matches(word, "replace"):
        return modify(run, args, create=True)
    if matches(word, "delete"):
        return delete(run, args)
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return list_links(run, args)
    if matches(word, "property"):
        return _property(run, args)
    if matches(word, "xstats"):
        if not args.more():
            raise CommandError("xstats: missing argument", 1)
        return None
    if matches(word, "afstats"):
        return None
    if matches(word, "help"):
        raise usage("ip link")
    raise unknown_command(word, "link")


def parse_group(value: str) -> int:
    """rtnl_group_a2n(): `default` or a number (a u32 below 2^31)."""
    number = 0 if value == "default" else parse_u32(value)
    if number is None or number > 0x7FFFFFFF:
        raise invarg('Invalid "group" value\n', value, blank=False)
    return number


def _property(run, args: Args) -> None:
    """`ip link property add|del dev DEV altname NAME...` (iplink_prop)."""
    if not args.more():
        raise usage("ip link")
    how = args.take()
    if not (matches(how, "add") or matches(how, "delete")):
        raise usage("ip link")
    dev, names = None, []
    while args.more():
        word = args.take()
        if word == "dev":
            dev = args.next_arg()
        elif word == "altname":
            names.append(args.next_arg())
        else:
            raise usage("ip link")
    if dev is None:
        raise CommandError('Not enough information: "dev" argument is required.', 255)
    if not _exists(run, dev):
        raise CommandError(f'Cannot find device "{dev}"', 1)
    if names and hasattr(run.stack, "link_altnames"):
        run.stack.link_altnames(dev, names, matches(how, "add"))


class LinkRequest:
    """What iplink_parse() collected."""

    def __init__(self) -> None:
        self.dev: Optional[str] = None
        self.name: Optional[str] = None
        self.up: Optional[bool] = None
        self.mtu: Optional[int] = None
        self.txqlen: Optional[int] = None
        self.address: Optional[str] = None
        self.broadcast: Optional[str] = None  # `broadcast LLADDR` (any length here; the kernel checks it)
        self.netns: Optional[str] = None
        self.master: Optional[str] = None
        self.nomaster = False
        self.alias: Optional[str] = None
        self.type: Optional[str] = None
        self.link: Optional[str] = None       # `link DEV`: a stacked device's lower device
        self.flags: dict[str, bool] = {}      # IFF_* flags to set (True) or clear (False)
        self.group: Optional[int] = None
        self.index = 0                        # `index N`: the ifindex asked for (0: the kernel's choice)
        self.queues: dict[str, int] = {}      # numtxqueues / numrxqueues as given (get_integer)


_ABBREVIABLE = ("link", "address", "broadcast", "txqueuelen", "txqlen", "master", "nomaster", "type", "alias",
                "addrgenmode", "link-netns", "link-netnsid", "help")
_EXACT = {"up", "down", "name", "index", "brd", "qlen", "mtu", "netns", "dev", "group", "mode", "state",
          "numtxqueues", "numrxqueues", "gso_max_size", "gso_max_segs", "gro_max_size", "vrf", "protodown_reason",
          *ONOFF}
# every word iplink_parse() treats as a keyword (an abbreviation of one, or an exact one)
KEYWORDS = frozenset({k[:i] for k in _ABBREVIABLE for i in range(1, len(k) + 1)} | _EXACT)


def parse_link_args(run, args: Args, *, stop_at_type: bool = True) -> LinkRequest:
    req = LinkRequest()
    while args.more():
        word = args.take()
        if word not in KEYWORDS:
            # a device name: the common case, straight to iplink_parse()'s final branch
            if req.dev != req.name:
                raise duparg2("dev", word)
            if not word or len(word) >= 128 or word.split() != [word] or "/" in word:    # (split: no isspace())
                raise invarg('"dev" not a valid ifname', word, blank=False)
            req.dev = word
        elif word == "up":
            req.up = True
        elif word == "down":
            req.up = False
        elif word == "name":
            value = args.next_arg()
            if req.name is not None:
                raise duparg("name", value)
            check_ifname(value)
            req.name = value
            if req.dev is None:
                req.dev = value
        elif word == "index":
            value = args.next_arg()
            if req.index:
                raise duparg("index", value)
            req.index = c_atoi(value)
            if req.index <= 0:
                raise invarg('Invalid "index" value', value, blank=False)
        elif matches(word, "link"):
            req.link = args.next_arg()            # looked up once the line is parsed (iplink_modify)
        elif matches(word, "address"):
            # any length here: iproute2 checks it against the device (set), the kernel on create
            req.address = ":".join(f"{b:02x}" for b in lladdr_bytes(args.next_arg()))
        elif matches(word, "broadcast") or word == "brd":
            req.broadcast = ":".join(f"{b:02x}" for b in lladdr_bytes(args.next_arg()))
        elif matches(word, "txqueuelen") or word == "qlen" or matches(word, "txqlen"):
            value = args.next_arg()
            if req.txqlen is not None:
                raise duparg("txqueuelen", value)
            number = parse_u32(value)
            if number is None or number > 0x7FFFFFFF:
                raise invarg('Invalid "txqueuelen" value', value)
            req.txqlen = number
        elif word == "mtu":
            value = args.next_arg()
            if req.mtu is not None:
                raise duparg("mtu", value)
            number = parse_u32(value)
            if number is None or number > 0x7FFFFFFF:
                raise invarg('Invalid "mtu" value', value)
            req.mtu = number
        elif word == "netns":
            value = args.next_arg()
            if req.netns is not None:
                raise duparg("netns", value)
            if value not in run.stack.netns_names() and parse_u32(value) is None:
                raise invarg('Invalid "netns" value', value)
            req.netns = value
        elif word in ONOFF:
            value = args.next_arg()
            if value not in ("on", "off"):
                raise CommandError(f'Error: argument of "{word}" must be "on" or "off", not "{value}"', 1)
            if word in IFF_WORDS:
                flag, when_on = IFF_WORDS[word]
                req.flags[flag] = when_on if value == "on" else not when_on
        elif matches(word, "master"):
            value = args.next_arg()
            if not _exists(run, value):
                raise invarg("Device does not exist", value)
            req.master = value
        elif matches(word, "nomaster"):
            req.nomaster = True
        elif matches(word, "type"):
            req.type = args.next_arg()
            if stop_at_type:
                break
        elif matches(word, "alias"):
            value = args.next_arg()
            if len(value) >= 256:
                raise invarg("alias too long", value)
            req.alias = value
        elif word == "group":
            req.group = parse_group(args.next_arg())
        elif word in ("numtxqueues", "numrxqueues"):
            value = args.next_arg()
            if req.queues.get(word, -1) != -1:          # iplink_parse's "unset" is -1
                raise duparg(word, value)
            number = c_get_integer(value)
            if number is None:
                raise invarg(f'Invalid "{word}" value\n', value, blank=False)
            req.queues[word] = number
        elif word in ("mode", "state", "gso_max_size", "gso_max_segs",
                      "gro_max_size", "vrf", "protodown_reason") or matches(word, "addrgenmode") or \
                matches(word, "link-netns") or matches(word, "link-netnsid"):
            args.next_arg()
        else:
            if matches(word, "help"):
                raise usage("ip link")
            if word == "dev":
                word = args.next_arg()
            if req.dev != req.name:
                raise duparg2("dev", word)
            if not word or len(word) >= 128 or word.split() != [word] or "/" in word:    # (split: no isspace())
                raise invarg('"dev" not a valid ifname', word, blank=False)
            req.dev = word
    return req


# Kinds iproute2 parses but this course's kernel has no module for: the kernel answers
# "Error: Unknown device type." after iproute2 accepted their arguments.
_KERNEL_LACKS = frozenset({"vlan", "dummy", "bond", "ipvlan", "ipvtap", "team", "nlmon", "vcan",
                           "vxcan", "macsec", "bareudp", "geneve", "erspan", "ip6erspan"})


def _exists(run, name: str) -> bool:
    return link_exists(run.stack, name)


def modify(run, args: Args, *, create: bool) -> None:
    req = parse_link_args(run, args)
    if create and req.link is not None and not _exists(run, req.link):
        raise CommandError(f'Cannot find device "{req.link}"', 1)
    rest = args.rest()
    spec_extra: dict = {}
    if req.type is not None:
        if req.type == "macvlan":
            from course_lib.shell.ip.link_macvlan import parse_macvlan
            spec_extra = {"info": parse_macvlan(Args(rest))}
            if create and req.link is not None:
                spec_extra["info"]["link"] = req.link
        elif req.type == "bridge":
            from course_lib.shell.ip.link_bridge import parse_bridge
            spec_extra = {"info": parse_bridge(Args(rest))}
        elif req.type == "bridge_slave" and not create:
            from course_lib.shell.ip.link_bridge_slave import parse_bridge_slave
            spec_extra = {"slave": parse_bridge_slave(Args(rest), lambda name: _exists(run, name))}
        elif not create:
            pass    # `ip link set DEV type veth|vxlan ...`: knobs the model does not change
        elif req.type == "veth":
            spec_extra = _parse_veth(run, Args(rest))
        elif req.type == "vxlan":
            from course_lib.shell.ip.link_vxlan import parse_vxlan
            spec_extra = {"info": parse_vxlan(run, Args(rest))}
            run.warn(spec_extra["info"].pop("warning", ""))
        elif rest and req.type not in _KERNEL_LACKS:
            if matches(rest[0], "help"):
                raise usage("ip link")
            raise CommandError(f'Garbage instead of arguments "{rest[0]} ...". Try "ip link help".', 1)
    elif create:
        raise CommandError('Not enough information: "type" argument is required', 1)
    if not create:
        if req.index and req.netns is None:
            raise CommandError("index can be used only when creating devices or when moving device to another "
                               "netns.", 255)
        if req.dev is None:
            raise CommandError('Not enough information: "dev" argument is required.', 255)
        if not _exists(run, req.dev):
            raise CommandError(f'Cannot find device "{req.dev}"', 1)
        if req.address is not None and req.address.count(":") != 5:
            raise CommandError(f"Invalid address length {req.address.count(':') + 1} - must be 6 bytes", 1)
        new_name = req.name if req.name is not None and req.name != req.dev else None
        broadcast = _broadcast(req.broadcast)
        if "slave" in spec_extra:           # slave_changelink, before do_setlink
            from course_lib.shell.ip.link_bridge_slave import apply
            apply(run, req.dev, spec_extra["slave"])
        elif spec_extra:                    # `ip link set DEV type macvlan|bridge ...`: the kind's own settings
            run.stack.link_change(req.dev, req.type, spec_extra["info"])
        run.stack.link_set(req.dev, up=req.up, mtu=req.mtu, address=req.address, new_name=new_name,
                           master=req.master, nomaster=req.nomaster, netns=req.netns, txqlen=req.txqlen,
                           alias=req.alias, **({"flags": req.flags} if req.flags else {}),
                           **({"group": req.group} if req.group is not None else {}),
                           **({"index": req.index} if req.index else {}),
                           **({"broadcast": broadcast} if broadcast else {}))
        return
    if req.name is not None and req.dev is not None and req.name != req.dev:
        raise CommandError('both "name" and "dev" cannot be used when creating devices.', 255)
    name = req.name or req.dev
    if name is not None and len(name) > 15:
        raise CommandError("Error: Attribute failed policy validation.", 2)
    # __rtnl_newlink: NLM_F_EXCL before the kind's ops; the device is looked up by its index when one is given
    if req.index and any(r.ifindex == req.index for r in run.stack.links()):
        raise CommandError("RTNETLINK answers: File exists", 2)
    if req.type not in ("veth", "bridge", "vxlan", "macvlan"):
        if not req.index and name is not None and _exists(run, name):
            raise CommandError("RTNETLINK answers: File exists", 2)
        raise CommandError("Error: Unknown device type.", 2)
    if any(a is not None and a.count(":") != 5 for a in (req.address, spec_extra.get("peer_address"))):
        raise CommandError("RTNETLINK answers: Invalid argument", 2)      # the kind's validate(): ETH_ALEN
    if req.broadcast is not None:
        spec_extra["broadcast"] = _broadcast(req.broadcast)
    spec = LinkSpec(name=name, kind=req.type, mtu=req.mtu, address=req.address, txqlen=req.txqlen,
                    up=bool(req.up), master=req.master, netns=req.netns, index=req.index, group=req.group or 0,
                    queues=(req.queues.get("numtxqueues"), req.queues.get("numrxqueues")), **spec_extra)
    run.stack.link_add(spec)


def _broadcast(text: Optional[str]) -> Optional[str]:
    """IFLA_BROADCAST as the kernel takes it for an Ethernet device: shorter than 6 bytes EINVAL, longer cut."""
    if text is None:
        return None
    if text.count(":") < 5:
        raise CommandError("RTNETLINK answers: Invalid argument", 2)
    return ":".join(text.split(":")[:6])


class VethUsage(CommandError):
    """link_veth.c prints its usage (on stdout here, as the real tool does) and returns -1."""

    def __init__(self) -> None:
        super().__init__("", 1)


def _parse_veth(run, args: Args) -> dict:
    if not args.more():
        return {}
    word = args.take()
    if word != "peer":
        raise VethUsage()
    peer = parse_link_args(run, args, stop_at_type=True)
    out: dict = {}
    if peer.type is not None:                 # veth_parse_opt() shares the outer `type`
        raise duparg("type", peer.type)
    if peer.name is not None and peer.dev is not None and peer.name != peer.dev:
        raise CommandError('both "name" and "dev" cannot be used when creating devices.', 255)
    name = peer.name or peer.dev
    if name is not None:
        if len(name) > 15:
            raise CommandError("Error: Attribute failed policy validation.", 2)
        out["peer_name"] = name
    if peer.netns is not None:
        out["peer_netns"] = peer.netns
    if peer.mtu is not None:
        out["peer_mtu"] = peer.mtu
    if peer.address is not None:
        out["peer_address"] = peer.address
    if peer.index:
        out["peer_index"] = peer.index
    if peer.link is not None and not _exists(run, peer.link):     # the peer's `link DEV` is looked up too
        raise CommandError(f'Cannot find device "{peer.link}"', 1)
    return out


def delete(run, args: Args) -> None:
    req = parse_link_args(run, args)
    if req.dev is None:
        raise CommandError('Not enough information: "dev" argument is required.', 255)
    if not _exists(run, req.dev):
        raise CommandError(f'Cannot find device "{req.dev}"', 1)
    run.stack.link_del(req.dev)


class LinkFilter:
    def __init__(self) -> None:
        self.dev: Optional[str] = None
        self.up = False
        self.master: Optional[str] = None
        self.nomaster = False
        self.kind: Optional[str] = None
        self.slave_kind: Optional[str] = None
        self.group: Optional[str] = None
        self.addr = AddrSelectors()           # what `ip address` selects among the addresses
        self.family: Optional[int] = None     # `to PREFIX` sets the listing's family


def parse_filter(run, args: Args, obj: str) -> LinkFilter:
    """The selectors ipaddr_list_flush_or_save() accepts (dev, up, master, type, ...)."""
    flt = LinkFilter()
    while args.more():
        word = args.take()
        if word == "to":
            flt.family = flt.addr.take_prefix(args.next_arg(), run.opts.family or None)
        elif word == "scope":
            flt.addr.take_scope(args.next_arg())
        elif word == "label":
            flt.addr.label = args.next_arg()
        elif word == "group":
            number = parse_group(args.next_arg())
            flt.group = "default" if number == 0 else str(number)
        elif word == "vrf":
            raise invarg("Not a valid VRF name\n", args.next_arg(), blank=False)
        elif word == "up":
            flt.up = True
        elif flt.addr.take_flag(word):
            pass
        elif word == "master":
            value = args.next_arg()
            if not _exists(run, value):
                raise invarg("Device does not exist", value)
            flt.master = value
        elif word == "nomaster":
            flt.nomaster = True
        elif word == "type":
            value = args.next_arg()
            if value.endswith("_slave"):
                flt.slave_kind = value[:-len("_slave")]
            else:
                flt.kind = value
        else:
            if word == "dev":
                word = args.next_arg()
            elif matches(word, "help"):
                raise usage("ip link" if obj == "link" else "ip address")
            if flt.dev is not None:
                raise duparg2("dev", word)
            flt.dev = word
    if flt.dev is not None and not _exists(run, flt.dev):
        raise CommandError(f'Device "{flt.dev}" does not exist.', 1)
    return flt


def filtered_links(run, flt: LinkFilter) -> tuple[list[LinkRecord], dict[str, LinkRecord]]:
    records = run.stack.links()
    by_name = {r.name: r for r in records}
    kinds = {r.name: r.kind for r in records}
    out = []
    for rec in records:
        if flt.dev is not None and rec.name != flt.dev and flt.dev not in rec.altnames:
            continue
        if flt.group is not None and rec.group != flt.group:
            continue
        if flt.up and "UP" not in rec.flags:
            continue
        if flt.master is not None and rec.master != flt.master:
            continue
        if flt.nomaster and rec.master is not None:
            continue
        if flt.kind is not None and rec.kind != flt.kind:
            continue
        if flt.slave_kind is not None and (rec.master is None or kinds.get(rec.master) != flt.slave_kind):
            continue
        out.append(rec)
    return out, by_name


def list_links(run, args: Args) -> None:
    flt = parse_filter(run, args, "link")
    records, by_name = filtered_links(run, flt)
    opts = run.opts
    if opts.batch is not None:
        run.link_filter_sticky = True
    if opts.json:
        items = [fmt.link_json_brief(r, by_name) if opts.brief else fmt.link_json(r, by_name) for r in records]
        if opts.details and not opts.brief:
            from course_lib.shell.ip.format_details import details_json
            for item, rec in zip(items, records):
                item.update(details_json(rec))
                for key in ("ifalias", "altnames"):     # printed after the details
                    if key in item:
                        item[key] = item.pop(key)
        if opts.stats and not opts.brief:
            from course_lib.shell.ip.format_details import stats_json
            for item, rec in zip(items, records):
                item["stats64"] = stats_json(rec.stats, opts.stats)
        run.write(fmt.dump_json(items, opts))
        return
    for rec in records:
        run.write(fmt.format_link(rec, by_name, opts))
