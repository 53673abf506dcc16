"""`bridge` (iproute2 6.1): `bridge link` show/set, `bridge fdb` show/add/append/replace/del (vxlan `dst`), `bridge vlan`."""
from __future__ import annotations

import re

from course_lib.result import CommandError, CommandResult
from course_lib.shell.ip import format as fmt
from course_lib.shell.ip.options import Args, IpOptions, link_exists, matches
from course_lib.shell.registry import command

_MAC = re.compile(r"^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$")


def _usage(key: str) -> CommandError:
    from course_lib.shell.usage_texts import USAGE
    text, _stream, rc = USAGE[key]
    return CommandError(text.rstrip("\n"), rc)


def _dev_exists(stack, name: str) -> None:
    if not link_exists(stack, name):
        raise CommandError(f'Cannot find device "{name}"', 255)


@command("bridge")
def bridge(ctx, argv: list[str], stdin: str = "") -> CommandResult:
    from course_lib.shell.ip.main import current_stack
    out: list[str] = []
    opts = IpOptions()
    try:
        args = argv[1:]
        netns = None
        while args and args[0].startswith("-"):
            opt = args[0][1:] if args[0].startswith("--") else args[0]
            if matches(opt, "-Version"):
                return CommandResult("bridge utility, 6.1.0\n", "", 0)
            if matches(opt, "-help"):
                raise _usage("bridge")
            if matches(opt, "-stats") or matches(opt, "-statistics"):
                opts.stats += 1
            elif matches(opt, "-details"):
                opts.details += 1
            elif matches(opt, "-oneline"):
                opts.oneline = True
            elif matches(opt, "-json"):
                opts.json = True
            elif matches(opt, "-pretty") or matches(opt, "-timestamp") or matches(opt, "-tshort") \
                    or matches(opt, "-compressvlans") or opt.startswith("-c") or matches(opt, "-force") \
                    or opt in ("-4", "-6"):
                pass
            elif matches(opt, "-family") or matches(opt, "-batch"):
                if len(args) < 2:
                    raise _usage("bridge")
                args = args[1:]
            elif matches(opt, "-netns"):
                if len(args) < 2:
                    raise CommandError('Cannot open network namespace "(null)": No such file or directory', 255)
                netns = args[1]
                args = args[1:]
            else:
                raise CommandError(f'Option "{args[0]}" is unknown, try "bridge help".', 255)
            args = args[1:]
        stack = current_stack(ctx)
        if netns is not None:
            stack = stack.in_netns(netns)
        if not args:
            raise _usage("bridge")
        obj, rest = args[0], Args(args[1:])
        if matches(obj, "link"):
            _link(stack, rest, opts, out)
        elif matches(obj, "fdb"):
            _fdb(stack, rest, opts, out)
        elif matches(obj, "vlan"):
            from course_lib.shell.bridge_vlan import do_vlan
            do_vlan(stack, rest, opts, out)
        elif matches(obj, "mdb") or matches(obj, "vni") or matches(obj, "monitor"):
            pass
        elif matches(obj, "help"):
            raise _usage("bridge")
        else:
            raise CommandError(f'Object "{obj}" is unknown, try "bridge help".', 255)
    except CommandError as error:
        return CommandResult("".join(out), error.message + "\n", error.returncode)
    return CommandResult("".join(out), "", 0)


PORT_DETAILS = ("    hairpin off guard off root_block off fastleave off learning on flood on mcast_flood on "
                "bcast_flood on mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off "
                "isolated off locked off ")


def _link(stack, args: Args, opts: IpOptions, out: list[str]) -> None:
    word = args.take() if args.more() else "show"
    if matches(word, "set") or matches(word, "change"):
        dev = None
        while args.more():
            w = args.take()
            if w == "dev":
                dev = args.next_arg()
            elif w in ("cost", "priority", "state", "guard", "hairpin", "fastleave", "root_block", "learning",
                       "learning_sync", "flood", "mcast_flood", "bcast_flood", "mcast_to_unicast", "neigh_suppress",
                       "vlan_tunnel", "isolated", "locked", "mcast_router", "backup_port", "hwmode"):
                args.next_arg()
            elif w in ("self", "master", "nobackup_port"):
                pass
            else:
                raise _usage("bridge link")
        if dev is None:
            raise CommandError('Device is a required argument.', 255)
        _dev_exists(stack, dev)
        return
    if not (matches(word, "show") or matches(word, "list") or matches(word, "lst")):
        if matches(word, "help"):
            raise _usage("bridge link")
        raise CommandError(f'Command "{word}" is unknown, try "bridge link help".', 255)
    dev = None
    while args.more():
        w = args.take()
        if w == "dev":
            dev = args.next_arg()
        elif w == "master":
            args.next_arg()
        else:
            dev = w
    if dev is not None:
        _dev_exists(stack, dev)
    records = stack.links()
    by_name = {r.name: r for r in records}
    for rec in stack.bridge_ports():
        if dev is not None and rec.name != dev:
            continue
        flags = ",".join(fmt.flags_list(rec, fmt._peer_down(rec, by_name)))
        label = rec.name
        if rec.peer_ifindex is not None:
            # bridge(8) names the peer by its ifindex in THIS netns, whatever netns it really lives in
            local = next((r.name for r in records if r.ifindex == rec.peer_ifindex), f"if{rec.peer_ifindex}")
            label = f"{rec.name}@{local}"
        line = (f"{rec.ifindex}: {label}: <{flags}> mtu {rec.mtu} master {rec.master} "
                f"state {rec.bridge_info.get('state', 'disabled')} priority 32 cost 2 ")
        out.append(line + "\n")
        if opts.details:
            out.append(PORT_DETAILS + "\n")


def _fdb(stack, args: Args, opts: IpOptions, out: list[str]) -> None:
    word = args.take() if args.more() else "show"
    for name, how in (("add", "add"), ("append", "append"), ("replace", "replace"), ("delete", "del")):
        if matches(word, name):
            return _fdb_modify(stack, args, how)
    if matches(word, "help"):
        raise _usage("bridge fdb")
    if not (matches(word, "show") or matches(word, "list") or matches(word, "lst")):
        raise CommandError(f'Command "{word}" is unknown, try "bridge fdb help".', 255)
    br = dev = None
    while args.more():
        w = args.take()
        if w in ("dev", "brport"):
            dev = args.next_arg()
        elif w == "br":
            br = args.next_arg()
        elif w in ("vlan", "state", "dynamic"):
            if w != "dynamic":
                args.next_arg()
        else:
            raise _usage("bridge fdb")
    for name in (br, dev):
        if name is not None:
            _dev_exists(stack, name)
    masters = {r.name: r.master for r in stack.links()}
    for rec in stack.fdb():
        if dev is not None and rec.dev != dev:
            continue
        if br is not None and rec.dev != br and masters.get(rec.dev) != br:
            continue
        line = rec.mac + " "
        if dev is None:
            line += f"dev {rec.dev} "
        if rec.dst:
            line += f"dst {rec.dst} "
        if rec.via:
            line += f"via {rec.via} "
        if rec.master:
            line += f"master {rec.master} "
        line += " ".join(rec.flags)
        out.append(line + ("\n" if rec.flags else "\n"))


def _fdb_modify(stack, args: Args, how: str) -> None:
    mac = dev = dst = None
    master = False
    state = "permanent"
    while args.more():
        w = args.take()
        if w == "dev":
            dev = args.next_arg()
        elif w in ("master",):
            master = True
        elif w in ("self", "router", "use", "extern_learn", "sticky", "local"):
            pass
        elif w in ("static", "dynamic", "permanent"):
            state = w
        elif w == "dst":
            dst = args.next_arg()
            _check_dst(dst)
        elif w in ("vlan", "port", "vni", "via", "src_vni", "nhid"):
            args.next_arg()
        else:
            if mac is not None:
                raise CommandError(f'Error: either "to" is duplicate, or "{w}" is a garbage.', 255)
            mac = w
    if dev is None or mac is None:
        raise CommandError("Device and address are required arguments.", 255)
    if not _MAC.match(mac):
        raise CommandError(f"Invalid mac address {mac}", 255)
    mac = ":".join(f"{int(b, 16):02x}" for b in mac.split(":"))
    _dev_exists(stack, dev)
    extra = {"dst": dst} if dst is not None else {}       # a vxlan device's remote VTEP
    if how == "del":
        stack.fdb_del(mac, dev, master=master, **extra)
    else:
        stack.fdb_add(mac, dev, master=master, state=state, how=how, **extra)


def _check_dst(text: str) -> None:
    import ipaddress
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        raise CommandError(f'Error: any valid address is expected rather than "{text}".', 1) from None
