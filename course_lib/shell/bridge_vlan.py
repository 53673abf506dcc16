"""`bridge vlan` (iproute2 6.1 bridge/vlan.c) on this kernel, built without bridge VLAN filtering:
listings show only their header, adding a VLAN is refused, deleting one from a port is a no-op."""
from __future__ import annotations

from course_lib.result import CommandError
from course_lib.shell.ip.options import Args, IpOptions, link_exists, matches

USAGE = """Usage: bridge vlan { add | del } vid VLAN_ID dev DEV [ tunnel_info id TUNNEL_ID ]
                                                     [ pvid ] [ untagged ]
                                                     [ self ] [ master ]
       bridge vlan { set } vid VLAN_ID dev DEV [ state STP_STATE ]
                                               [ mcast_router MULTICAST_ROUTER ]
       bridge vlan { show } [ dev DEV ] [ vid VLAN_ID ]
       bridge vlan { tunnelshow } [ dev DEV ] [ vid VLAN_ID ]
       bridge vlan global { set } vid VLAN_ID dev DEV
                      [ mcast_snooping MULTICAST_SNOOPING ]
                      [ mcast_querier MULTICAST_QUERIER ]
                      [ mcast_igmp_version IGMP_VERSION ]
                      [ mcast_mld_version MLD_VERSION ]
                      [ mcast_last_member_count LAST_MEMBER_COUNT ]
                      [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]
                      [ mcast_startup_query_count STARTUP_QUERY_COUNT ]
                      [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]
                      [ mcast_membership_interval MEMBERSHIP_INTERVAL ]
                      [ mcast_querier_interval QUERIER_INTERVAL ]
                      [ mcast_query_interval QUERY_INTERVAL ]
                      [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]
       bridge vlan global { show } [ dev DEV ] [ vid VLAN_ID ]"""
NOT_SUPPORTED = CommandError("RTNETLINK answers: Operation not supported", 255)


def do_vlan(stack, args: Args, opts: IpOptions, out: list[str]) -> None:
    word = args.take() if args.more() else "show"
    if matches(word, "add") or matches(word, "delete"):
        return _modify(stack, args, add=matches(word, "add"))
    if matches(word, "show") or matches(word, "tunnelshow"):
        dev = _show_args(stack, args)
        if opts.json:
            out.append("[]\n")
        elif matches(word, "tunnelshow"):
            out.append("port              vlan-id    tunnel-id\n")
        else:
            out.append("port              vlan-id" + ("" if opts.stats else "  ") + "\n")
        return dev
    if matches(word, "global"):
        raise CommandError("RTNETLINK answers: Operation not supported\nDump terminated", 1)
    if matches(word, "set"):
        raise NOT_SUPPORTED
    if matches(word, "help"):
        raise CommandError(USAGE, 255)
    raise CommandError(f'Command "{word}" is unknown, try "bridge vlan help".', 255)


def _show_args(stack, args: Args):
    dev = None
    while args.more():
        word = args.take()
        if word == "dev":
            dev = args.next_arg()
        elif word == "vid":
            args.next_arg()
        elif matches(word, "help"):
            raise CommandError(USAGE, 255)
        else:
            dev = word
    if dev is not None and not link_exists(stack, dev):
        raise CommandError(f'Cannot find device "{dev}"', 255)
    return dev


def _atoi(text: str) -> int:
    digits = ""
    for ch in text.strip():
        if not ch.isdigit():
            break
        digits += ch
    return int(digits) % 65536 if digits else 0


def _short(text: str) -> int:
    """atoi() stored in iproute2's `short vid`: 40000 is -25536, 65535 is -1."""
    value = _atoi(text)
    return value - 65536 if value >= 32768 else value


def _modify(stack, args: Args, *, add: bool) -> None:
    dev, vid, vid_end = None, -1, None
    while args.more():
        word = args.take()
        if word == "dev":
            dev = args.next_arg()
        elif word == "vid":
            value = args.next_arg()
            first, dash, last = value.partition("-")
            vid = _short(first)
            vid_end = _short(last) if dash else None
            if vid_end is not None and (vid >= vid_end or vid_end >= 4096):
                raise CommandError(f'Invalid VLAN range "{vid & 0xFFFF}-{vid_end & 0xFFFF}"', 255)
        elif word == "tunnel_info":
            args.next_arg()
            args.next_arg()
        elif matches(word, "help"):
            args.next_arg()
    if dev is None or vid == -1:
        raise CommandError("Device and VLAN ID are required arguments.", 255)
    if not link_exists(stack, dev):
        raise CommandError(f'Cannot find bridge device "{dev}"', 255)
    if vid >= 4096:
        raise CommandError(f'Invalid VLAN ID "{vid}"', 255)
    port = next((r for r in stack.links() if r.name == dev), None)
    if port is None or port.master is None:
        raise NOT_SUPPORTED                # only a bridge port's master takes VLAN requests
    if any(not 0 < v & 0xFFFF < 4095 for v in (vid, vid if vid_end is None else vid_end)):   # br_vlan_valid_id
        raise CommandError("Error: bridge: Vlan id is invalid." if add else "RTNETLINK answers: Invalid argument", 255)
    if add:
        raise NOT_SUPPORTED                # CONFIG_BRIDGE_VLAN_FILTERING is off
