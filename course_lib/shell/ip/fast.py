"""The commonest `ip` requests made without the general parser: plain names, no option but `-n NAME`.

A topology is built from lines such as `ip -n h1 link set v1 up`, `ip -n h1 addr add 10.0.0.2/24 dev v1`,
`ip -n h1 route add default via 10.0.0.1`, `ip netns add h1` and `ip link add v1 netns h1 type veth peer
name p1 netns r`. `plan(words, start)` looks at the words alone (from `start`, the object): when they are
one of these shapes with plain device and netns names (letters, digits, `_ . -`, at most 15, no keyword of
the parser), it gives the request to make on a stack; else None. `Request(stack)` checks what the general
path checks against the stack before asking it (a device or netns that must exist) and answers False,
having asked nothing, when a check fails: the general path then runs the line and gives its error. When
all hold it makes the very call the general path makes (same method, same arguments), whose own errors
are the command's; True. Nothing else differs: the general path parses these words into that call.
`ON` (False: every line takes the general path) lets the tests compare the two.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Optional, Sequence

from course_lib.backends.stack import LinkSpec, RouteSpec
from course_lib.result import CommandError
from course_lib.shell.ip import main as _main
from course_lib.shell.ip.link import KEYWORDS
from course_lib.shell.ip.options import link_exists

ON = True
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}").fullmatch
_OCTET = r"(?:1\d\d|2[0-4]\d|25[0-5]|[1-9]?\d)"                 # 0-255, no leading zero (iproute2 reads one as octal)
_DOTTED = rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}"
_PREFIX = re.compile(rf"({_DOTTED})/(3[0-2]|[12]?\d)").fullmatch     # the text is then the address as printed
_GATEWAY = re.compile(_DOTTED).fullmatch
Request = Callable[[Any], bool]


def _name(word: str) -> bool:
    """A device or netns name every check of the general parser accepts as a name (never a keyword)."""
    return _PLAIN(word) is not None and word not in KEYWORDS


def plan(words: Sequence[str], start: int) -> Optional[Request]:
    """The request of words[start:] (OBJECT ...) when it is one of the shapes above, else None."""
    n = len(words) - start
    if n < 3:
        return None
    obj, verb = words[start], words[start + 1]
    if obj == "link":
        if verb == "set" and _name(words[start + 2]):
            if n == 4 and words[start + 3] in ("up", "down"):
                return _link_up(words[start + 2], words[start + 3] == "up")
            if n == 5 and words[start + 3] == "master":
                return _link_master(words[start + 2], words[start + 4])
        elif verb == "add" and n in (8, 10, 12):
            return _veth(words[start + 2:])
    elif obj == "addr":
        if verb == "add" and n == 5 and words[start + 3] == "dev":
            return _addr_add(words[start + 2], words[start + 4])
    elif obj == "route":
        if verb == "add" and n == 5 and words[start + 2] == "default" and words[start + 3] == "via":
            return _default_via(words[start + 4])
    elif obj == "netns":
        if verb == "add" and n == 3 and _name(words[start + 2]):
            name = words[start + 2]
            return lambda stack: stack.netns_add(name) or True
    return None


def _link_up(dev: str, up: bool) -> Request:
    """`link set DEV up|down` (iplink_modify: the device looked up, then one RTM_NEWLINK)."""
    def request(stack: Any) -> bool:
        if not link_exists(stack, dev):
            return False
        stack.link_set(dev, up=up, mtu=None, address=None, new_name=None, master=None, nomaster=False,
                       netns=None, txqlen=None, alias=None)
        return True
    return request


def _link_master(dev: str, bridge: str) -> Request:
    """`link set DEV master BRIDGE`: the bridge looked up while parsing, the device after."""
    def request(stack: Any) -> bool:
        if not link_exists(stack, bridge) or not link_exists(stack, dev):
            return False
        stack.link_set(dev, up=None, mtu=None, address=None, new_name=None, master=bridge, nomaster=False,
                       netns=None, txqlen=None, alias=None)
        return True
    return request


def _veth(words: Sequence[str]) -> Optional[Request]:
    """`link add NAME [netns NS] type veth peer name PEER [netns NS2]`."""
    netns = peer_netns = None
    if words[1] == "netns":
        netns, words = words[2], [words[0], *words[3:]]
    if len(words) == 8:
        if words[6] != "netns":
            return None
        peer_netns = words[7]
    elif len(words) != 6:
        return None
    name, peer = words[0], words[5]
    if tuple(words[1:5]) != ("type", "veth", "peer", "name") or not _name(name) or not _name(peer) \
            or (netns is not None and not _name(netns)) or (peer_netns is not None and not _name(peer_netns)):
        return None

    def request(stack: Any) -> bool:
        if netns is not None or peer_netns is not None:
            known = stack.netns_names()
            if netns is not None and netns not in known or peer_netns is not None and peer_netns not in known:
                return False
        spec = LinkSpec(name=name, kind="veth", mtu=None, address=None, txqlen=None, up=False, master=None,
                        netns=netns, peer_name=peer)
        if peer_netns is not None:
            spec.peer_netns = peer_netns
        stack.link_add(spec)
        return True
    return request


def _addr_add(local: str, dev: str) -> Optional[Request]:
    """`addr add A.B.C.D/LEN dev DEV` (decimal parts without a leading zero, so the text is the address)."""
    found = _PREFIX(local)
    if found is None or not _name(dev):
        return None
    ip_text, prefixlen = found.group(1), int(found.group(2))

    def request(stack: Any) -> bool:
        if not link_exists(stack, dev):
            return False
        stack.addr_add(dev, ip_text, prefixlen, broadcast=None, label=None, scope=None, peer=None,
                       noprefixroute=False, replace=False, metric=0)
        return True
    return request


def _default_via(gateway: str) -> Optional[Request]:
    """`route add default via A.B.C.D` (a gateway that is not 0.0.0.0)."""
    if _GATEWAY(gateway) is None or gateway == "0.0.0.0":
        return None
    text = gateway

    def request(stack: Any) -> bool:
        stack.route_add(RouteSpec(dst="0.0.0.0/0", gateway=text), "add")
        return True
    return request


def line_plan(argv: Sequence[str]) -> Optional[Request]:
    """plan() of a whole `ip [-n NAME] OBJECT ...` command (None: not one of the shapes, or fewer than 4 words)."""
    if len(argv) < 4:
        return None
    named = argv[1] == "-n"
    if not named and argv[1][:1] == "-":
        return None
    return plan(argv, 3 if named else 1)


def run(ctx: Any, argv: Sequence[str], request: Optional[Request] = None) -> Optional[tuple[str, int]]:
    """ip_command's request of `ip [-n NAME] OBJECT ...` (argv; `request` its line_plan when known) made on the
    context's stack (the named netns's with -n): None when the general path must run the line, else (error text,
    exit code) -- ("", 0) when it was made."""
    if request is None:
        request = line_plan(argv)
        if request is None:
            return None
    named = argv[1] == "-n"
    try:
        stack = _main.current_stack(ctx)
        if named:
            stack = stack.in_netns(argv[2])     # parse_global's switch (netns_switch)
        if not request(stack):
            return None
    except CommandError as error:
        return (error.message + "\n" if error.message else "", error.returncode)
    return "", 0
