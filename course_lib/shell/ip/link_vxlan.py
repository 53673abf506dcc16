"""`ip link add NAME type vxlan ...`: the arguments as iproute2 6.1's iplink_vxlan.c parses and checks them."""
from __future__ import annotations

import ipaddress
from typing import Any

from course_lib.result import CommandError
from course_lib.shell.ip.options import Args, duparg, matches, parse_u32

USAGE = """Usage: ... vxlan id VNI
\t\t[ { group | remote } IP_ADDRESS ]
\t\t[ local ADDR ]
\t\t[ ttl TTL ]
\t\t[ tos TOS ]
\t\t[ df DF ]
\t\t[ flowlabel LABEL ]
\t\t[ dev PHYS_DEV ]
\t\t[ dstport PORT ]
\t\t[ srcport MIN MAX ]
\t\t[ [no]learning ]
\t\t[ [no]proxy ]
\t\t[ [no]rsc ]
\t\t[ [no]l2miss ]
\t\t[ [no]l3miss ]
\t\t[ ageing SECONDS ]
\t\t[ maxaddress NUMBER ]
\t\t[ [no]udpcsum ]
\t\t[ [no]udp6zerocsumtx ]
\t\t[ [no]udp6zerocsumrx ]
\t\t[ [no]remcsumtx ] [ [no]remcsumrx ]
\t\t[ [no]external ] [ gbp ] [ gpe ]
\t\t[ [no]vnifilter ]

Where:\tVNI\t:= 0-16777215
\tADDR\t:= { IP_ADDRESS | any }
\tTOS\t:= { NUMBER | inherit }
\tTTL\t:= { 1..255 | auto | inherit }
\tDF\t:= { unset | set | inherit }
\tLABEL := 0-1048575"""
NO_PORT_WARNING = ("vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\n"
                   "Use 'dstport 4789' to get the IANA assigned value\n"
                   "Use 'dstport 0' to get default and quiet this message\n")
_ONOFF = ("learning", "proxy", "rsc", "l2miss", "l3miss", "udpcsum", "udp6zerocsumtx", "udp6zerocsumrx",
          "remcsumtx", "remcsumrx", "external", "vnifilter")
_FLAGS = frozenset(_ONOFF) | {"no" + w for w in _ONOFF} | {"gbp", "gpe"}


def _invarg(msg: str, arg: str) -> CommandError:
    return CommandError(f'Error: argument "{arg}" is wrong: {msg}', 255)


def _fail(text: str) -> CommandError:
    """vxlan_parse_opt's own messages: on stderr, then `ip` exits 1 (parse_opt returned -1)."""
    return CommandError(text, 1)


def _addr(text: str, family: str = "any valid") -> ipaddress.IPv4Address:
    try:
        return ipaddress.IPv4Address(text)
    except ValueError:
        raise CommandError(f'Error: {family} address is expected rather than "{text}".', 1) from None


def parse_vxlan(run: Any, args: Args) -> dict[str, Any]:
    """The options the model keeps: vni, remote, group, local, dev, dstport, learning, ageing; and the
    warning iproute2 prints when no dstport was given (in info["warning"])."""
    info: dict[str, Any] = {"learning": True, "ageing": 300}
    seen: set[str] = set()

    def once(key: str, value: str) -> None:
        if key in seen:
            raise duparg(key, value)
        seen.add(key)

    while args.more():
        word = args.take()
        if matches(word, "id") or matches(word, "vni"):
            value = args.next_arg()
            once("id", value)
            vni = parse_u32(value)
            if vni is None or vni >= 1 << 24:
                raise _invarg("invalid id", value)
            info["vni"] = vni
        elif matches(word, "group") or matches(word, "remote"):
            is_group = matches(word, "group")
            have = info.get("group" if not is_group else "remote")
            if have is not None:
                raise _fail("vxlan: both group and remote cannot be specified")
            value = args.next_arg()
            once("group", value)
            addr = _addr(value)
            if addr.is_multicast != is_group:
                raise _invarg(f"invalid {'group' if is_group else 'remote'} address", value)
            info["group" if is_group else "remote"] = addr
        elif matches(word, "local"):
            value = args.next_arg()
            once("local", value)
            if value != "any":
                info["local"] = _addr(value, "inet" if ("remote" in info or "group" in info) else "any valid")
        elif matches(word, "dev"):
            value = args.next_arg()
            once("dev", value)
            if not run.stack.link_exists(value):
                raise CommandError(f'Cannot find device "{value}"', 255)
            info["dev"] = value
        elif matches(word, "dstport"):
            value = args.next_arg()
            once("dstport", value)
            port = parse_u32(value)
            if port is None or port > 0xFFFF:
                raise _invarg("dst port", value)
            info["dstport"] = port
        elif matches(word, "ttl") or matches(word, "hoplimit"):
            value = args.next_arg()
            once("ttl", value)
            if value not in ("inherit", "auto") and not (parse_u32(value) or 0) in range(1, 256):
                raise _invarg("invalid TTL", value)
        elif matches(word, "ageing"):
            value = args.next_arg()
            once("ageing", value)
            age = 0 if value == "none" else parse_u32(value)
            if age is None:
                raise _invarg("ageing", value)
            info["ageing"] = age
        elif word in ("tos", "dsfield", "df", "flowlabel", "label", "maxaddress"):
            once(word, args.next_arg())
        elif matches(word, "srcport") or word == "port":
            args.next_arg()
            args.next_arg()
        elif word in _FLAGS:
            if word in ("learning", "nolearning"):
                info["learning"] = word == "learning"
        elif matches(word, "help"):
            raise _fail(USAGE)
        else:
            raise _fail(f'vxlan: unknown command "{word}"?\n' + USAGE)
    if "vni" not in info:
        raise _fail("vxlan: missing virtual network identifier")
    if "group" in info and "dev" not in info:
        raise _fail("vxlan: 'group' requires 'dev' to be specified")
    if "dstport" not in info:
        info["warning"] = NO_PORT_WARNING
    return info
