"""`bridge link`: a bridge's ports as bridge/link.c lists them (text, -d, -j) and `bridge link set` parsing."""
from __future__ import annotations

from course_lib.result import CommandError
from course_lib.shell.ip import format as fmt
from course_lib.shell.ip.format_details import port_settings
from course_lib.shell.ip.options import Args, IpOptions, paint

STP_STATES = ("disabled", "listening", "learning", "forwarding", "blocking")
ON_OFF = ("guard", "hairpin", "fastleave", "root_block", "learning", "learning_sync", "flood", "mcast_flood",
          "bcast_flood", "mcast_to_unicast", "neigh_suppress", "vlan_tunnel", "isolated", "locked")
_DETAILS = ("hairpin", "guard", "root_block", "fastleave", "learning", "flood", "mcast_flood", "bcast_flood",
            "mcast_router", "mcast_to_unicast", "neigh_suppress", "vlan_tunnel", "isolated", "locked")


def _atoi(text: str) -> int:
    digits = ""
    for ch in text.strip():
        if not (ch.isdigit() or (ch == "-" and not digits)):
            break
        digits += ch
    try:
        return int(digits)
    except ValueError:
        return 0


def parse_port_settings(args: Args, usage) -> tuple:
    """brlink_modify(): (device, {setting: value}); cost/priority read with atoi (0 is not sent)."""
    dev = None
    out: dict = {}
    while args.more():
        word = args.take()
        if word == "dev":
            dev = args.next_arg()
        elif word in ("cost", "priority"):
            value = _atoi(args.next_arg())
            if value > 0 or word == "priority" and value == 0:       # brlink_modify: priority >= 0 sent, cost > 0
                out[word] = value
        elif word == "state":
            value = args.next_arg()
            if value.isdigit():
                out["state"] = int(value)
            elif value in STP_STATES:
                out["state"] = STP_STATES.index(value)
            else:
                raise CommandError("Error: invalid STP port state", 255)
        elif word in ON_OFF:
            value = args.next_arg()
            if value not in ("on", "off"):
                raise CommandError(f'Error: argument of "{word}" must be one of "off", "on", not "{value}"', 234)
            out[word] = value
        elif word == "mcast_router":
            out["mcast_router"] = _atoi(args.next_arg())
        elif word in ("backup_port", "hwmode"):
            args.next_arg()
        elif word in ("self", "master", "nobackup_port"):
            pass
        else:
            raise usage("bridge link")
    return dev, out


def show_ports(stack, dev, opts: IpOptions, out: list[str]) -> None:
    records = stack.links()
    by_name = {r.name: r for r in records}
    items = []
    for rec in stack.bridge_ports():
        if dev is not None and rec.name != dev:
            continue
        flags = fmt.flags_list(rec, fmt._peer_down(rec, by_name))
        settings = port_settings(rec)
        state = rec.bridge_info.get("state", "disabled")
        peer = None
        if rec.peer_ifindex is not None:
            # bridge(8) names the peer by its ifindex in THIS netns, whatever netns it really lives in
            peer = next((r.name for r in records if r.ifindex == rec.peer_ifindex), f"if{rec.peer_ifindex}")
        if opts.json:
            item: dict = {"ifindex": rec.ifindex}
            if peer is not None:
                item["link"] = peer
            item.update({"ifname": rec.name, "flags": flags, "mtu": rec.mtu, "master": rec.master, "state": state,
                         "priority": settings["priority"], "cost": settings["cost"]})
            items.append(item)
            continue
        label = rec.name if peer is None else f"{rec.name}@{peer}"
        out.append(f"{rec.ifindex}: {paint(opts, 'ifname', label + ': ')}<{','.join(flags)}> mtu {rec.mtu} "
                   f"master {rec.master} "
                   f"state {state} priority {settings['priority']} cost {settings['cost']} \n")
        if opts.details:
            out.append("    " + "".join(f"{key} {settings[key]} " for key in _DETAILS) + "\n")
    if opts.json:
        out.append(fmt.dump_json(items, opts))
