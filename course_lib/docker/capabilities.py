"""A container process without CAP_NET_ADMIN (Docker's default capability set lacks it; --cap-add NET_ADMIN,
ALL or --privileged grant it) and with /proc/sys read-only: the kernel refuses its network changes, and each
tool prints the refusal its own way (texts from iproute2 6.1, BusyBox, net-tools, procps and iptables 1.8.9
run on this kernel under `setpriv --bounding-set -net_admin,-sys_admin` in a private netns).

The engine's own work in a container netns is dockerd's (it holds every capability); only the container's
processes (its main process, `docker exec`) run inside `process()`, which lowers the box's net_admin. The
registered ip, ifconfig, route, arp, bridge, sysctl and iptables commands are wrapped once a container exists
(`install()`), so machines without containers pay nothing.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional

from course_lib.result import CommandResult

EPERM = "Operation not permitted"
IP_OBJECTS = {"link": "link", "address": "addr", "addr": "addr", "route": "route", "neighbour": "neigh",
              "neighbor": "neigh", "neigh": "neigh", "rule": "rule", "netns": "netns", "nexthop": "nexthop"}
# each object's verbs in the order iproute2 matches an abbreviation against them; the changes need the capability
IP_VERBS = {
    "link": ("add", "set", "change", "replace", "delete", "show", "lst", "list", "xstats", "afstats", "property",
             "help"),
    "addr": ("add", "change", "chg", "replace", "delete", "list", "show", "lst", "flush", "save", "restore",
             "showdump", "help"),
    "route": ("add", "change", "chg", "replace", "prepend", "append", "test", "delete", "list", "show", "lst", "get",
              "flush", "save", "restore", "showdump", "help"),
    "neigh": ("add", "change", "chg", "replace", "delete", "get", "list", "show", "lst", "flush", "help"),
    "rule": ("add", "delete", "flush", "list", "show", "lst", "save", "restore", "help"),
    "netns": ("list", "add", "attach", "set", "delete", "identify", "pids", "exec", "monitor", "help"),
    "nexthop": ("add", "replace", "delete", "list", "show", "lst", "get", "flush", "help"),
}
IP_CHANGES = ("add", "set", "change", "chg", "replace", "delete", "prepend", "append", "flush", "property", "attach")
IP_VALUE_OPTIONS = ("-n", "-netns", "-b", "-batch", "-rc", "-rcvbuf", "-l", "-loops")
_installed = False


@contextmanager
def process(box: Any, net_admin: bool) -> Iterator[None]:
    """Run a container's process: the box answers as a netns whose caller lacks CAP_NET_ADMIN unless granted."""
    if net_admin:
        yield
        return
    install()
    before = box.__dict__.get("net_admin", True)
    box.net_admin = False
    try:
        yield
    finally:
        box.net_admin = before


def granted(privileged: bool, cap_add: list[str], cap_drop: list[str]) -> bool:
    """NET_ADMIN in the container's set: --privileged, or --cap-add NET_ADMIN/ALL not dropped again."""
    def names(caps: list[str]) -> set[str]:
        return {c.upper().removeprefix("CAP_") for item in caps for c in item.split(",")}
    return privileged or bool(names(cap_add) & {"NET_ADMIN", "ALL"}) and not names(cap_drop) & {"NET_ADMIN"}


def as_root(user: str) -> bool:
    """-u/--user names root (a non-root process has no effective capabilities, whatever the container's set)."""
    return user.split(":", 1)[0] in ("", "0", "root")


def install() -> None:
    """Wrap the network tools once: a machine that denies net admin answers with the tool's refusal."""
    global _installed
    if _installed:
        return
    _installed = True
    from course_lib.shell import busybox_applets, registry
    for name, denial in DENIALS.items():
        original = registry.common(name)
        if original is not None:
            registry.command(name)(_wrap(original, denial))
        own = busybox_applets.own_applet(name)          # applets only busybox images have (ifconfig)
        if own is not None:
            busybox_applets._OWN[name] = _wrap(own, denial)


def _wrap(original: Callable, denial: Callable[[Any, list[str]], Optional[CommandResult]]) -> Callable:
    from course_lib.shell.ip.main import ip_command

    def wrapped(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
        # `ip_command` is never None: it sits in this closure because the terminal's fast path recognises the
        # registry's ip (a busybox_or_ip wrapper) by finding the ip command there (interpreter_exec._is_ip)
        if getattr(ctx.machine, "net_admin", True) or ip_command is None:
            return original(ctx, argv, stdin)
        refused = denial(ctx, argv)
        return original(ctx, argv, stdin) if refused is None else refused
    wrapped.__name__ = getattr(original, "__name__", "command")
    return wrapped


def _busybox(ctx: Any) -> bool:
    return getattr(ctx.machine, "userland", "debian") == "busybox"


def _device_missing(ctx: Any, words: list[str]) -> bool:
    """A `dev NAME` (or `link set NAME`) that is not there: the tool's own error comes before any request."""
    for i, word in enumerate(words[:-1]):
        if word == "dev" and ctx.netns.link_by_name(words[i + 1]) is None:
            return True
    return False


def _ip(ctx: Any, argv: list[str]) -> Optional[CommandResult]:
    words, i = argv[1:], 0
    while i < len(words) and words[i].startswith("-"):
        i += 2 if words[i] in IP_VALUE_OPTIONS else 1
    words = words[i:]
    obj = next((full for name, full in IP_OBJECTS.items() if words and words[0] and name.startswith(words[0])), None)
    verb = next((v for v in IP_VERBS.get(obj or "", ()) if len(words) > 1 and words[1] and v.startswith(words[1])),
                None)
    if obj is None or verb not in IP_CHANGES or obj == "neigh" and (verb == "flush" or _busybox(ctx)):
        return None                   # BusyBox ip has no neigh changes: its own parse error answers
    rest = words[2:]
    if obj == "netns":
        return CommandResult("", f"mount --make-shared /run/netns failed: {EPERM}\n", 1) if verb == "add" else None
    if obj == "rule" and verb == "flush":
        return CommandResult("", f"RTNETLINK answers: {EPERM}\nDump terminated\n", 255)
    if obj == "link" and verb in ("set", "change") and rest:
        named = rest[1] if rest[0] == "dev" and len(rest) > 1 else rest[0]
        if ctx.netns.link_by_name(named) is None:
            return None
        if _busybox(ctx):
            return _busybox_link_set(rest)
    if _device_missing(ctx, rest):
        return None
    if verb == "flush":
        return _flush(ctx, obj, rest)
    return CommandResult("", ("ip: " if _busybox(ctx) else "") + f"RTNETLINK answers: {EPERM}\n", 2)


def _busybox_link_set(rest: list[str]) -> CommandResult:
    """BusyBox ip link set uses ioctls: the MTU, then the name and address, then the flags."""
    for word, ioctl in (("mtu", "SIOCSIFMTU"), ("name", "SIOCSIFNAME"), ("address", "SIOCSIFHWADDR")):
        if word in rest:
            return CommandResult("", f"ip: {ioctl}: {EPERM}\n", 2)
    return CommandResult("", f"ip: SIOCSIFFLAGS: {EPERM}\n", 2)


def _flush(ctx: Any, obj: str, rest: list[str]) -> Optional[CommandResult]:
    """A flush asks to delete what its dump found: nothing found, nothing refused (exit 0)."""
    dev = rest[rest.index("dev") + 1] if "dev" in rest[:-1] else None
    link = ctx.netns.link_by_name(dev) if dev else None
    if obj == "addr":
        found = [a for a in ctx.netns.addresses if link is None or a.link is link]
    elif obj == "route":
        from course_lib.net.route_table import routes_of
        prefixes = [w for w in rest if "/" in w or w[:1].isdigit()]
        found = [r for r in routes_of(ctx.netns) if (link is None or r.dev is link)
                 and (not prefixes or str(r.dst) in prefixes)]
    else:
        found = [True]
    if not found:
        return None
    if _busybox(ctx):
        return CommandResult("", f"ip: can't send flush request: {EPERM}\n", 1)
    return CommandResult("", f"Failed to send flush request: {EPERM}\n", 255 if obj == "addr" else 2)


def _ifconfig(ctx: Any, argv: list[str]) -> Optional[CommandResult]:
    words = argv[1:]
    if len(words) < 2 or words[0].startswith("-") or ctx.netns.link_by_name(words[0]) is None:
        return None
    setting = words[1]
    bb = _busybox(ctx)
    if setting == "mtu":
        return CommandResult("", ("ifconfig: " if bb else "") + f"SIOCSIFMTU: {EPERM}\n", 1)
    if setting in ("up", "down"):
        return CommandResult("", ("ifconfig: " if bb else "") + f"SIOCSIFFLAGS: {EPERM}\n", 1 if bb else 255)
    if setting[:1].isdigit():
        if bb:
            return CommandResult("", f"ifconfig: SIOCSIFADDR: {EPERM}\n", 1)
        return CommandResult("", f"SIOCSIFADDR: {EPERM}\nSIOCSIFFLAGS: {EPERM}\n", 255)
    return None


def _route(ctx: Any, argv: list[str]) -> Optional[CommandResult]:
    verb = next((w for w in argv[1:] if not w.startswith("-")), None)
    if verb not in ("add", "del"):
        return None
    ioctl = "SIOCADDRT" if verb == "add" else "SIOCDELRT"
    if _busybox(ctx):
        return CommandResult("", f"route: {ioctl}: {EPERM}\n", 1)
    return CommandResult("", f"{ioctl}: {EPERM}\n", 7)


def _arp(ctx: Any, argv: list[str]) -> Optional[CommandResult]:
    if "-s" in argv[1:]:
        ioctl = "SIOCSARP"
    elif "-d" in argv[1:]:
        ioctl = "SIOCDARP(dontpub)"
    else:
        return None
    if _busybox(ctx):
        return CommandResult("", f"arp: {ioctl.split('(')[0]}: {EPERM}\n", 1)
    return CommandResult("", f"{ioctl}: {EPERM}\n", 255)


def _bridge(ctx: Any, argv: list[str]) -> Optional[CommandResult]:
    words = [w for w in argv[1:] if not w.startswith("-")]
    if len(words) > 1 and any(v.startswith(words[1]) for v in ("add", "del", "delete", "set", "replace", "change")):
        return CommandResult("", f"RTNETLINK answers: {EPERM}\n", 255)
    return None


def _sysctl(ctx: Any, argv: list[str]) -> Optional[CommandResult]:
    """/proc/sys is read-only in a container: every KEY=VALUE (or -w KEY=VALUE) is refused, reads work."""
    settings = [w for w in argv[1:] if "=" in w and not w.startswith("-")]
    if not settings:
        return None
    keys = [w.split("=", 1)[0] for w in settings]
    if _busybox(ctx):
        text = "".join(f"sysctl: error setting key '{k}': Read-only file system\n" for k in keys)
    else:
        text = "".join(f'sysctl: permission denied on key "{k}"\n' for k in keys)
    return CommandResult("", text, 1)


def _iptables(ctx: Any, argv: list[str]) -> Optional[CommandResult]:
    """iptables parses its line first (its own errors, -h, -V), then asks nf_tables: EPERM (exit 4)."""
    from course_lib.shell import iptables as ipt
    prog = argv[0].rsplit("/", 1)[-1].replace("-nft", "")
    if prog in ("iptables", "ip6tables"):
        if len(argv) == 1 or any(w in ("-h", "--help", "-V", "--version") for w in argv[1:]):
            return None
        try:
            ipt.parse(argv, lambda table, name: False)
        except Exception:            # the tool's own parse error: let it answer
            return None
    return CommandResult("", f"{prog} {ipt.VERSION}: Could not fetch rule set generation id: Permission denied "
                         "(you must be root)\n", 4)


DENIALS: dict[str, Callable[[Any, list[str]], Optional[CommandResult]]] = {
    "ip": _ip, "ifconfig": _ifconfig, "route": _route, "arp": _arp, "bridge": _bridge, "sysctl": _sysctl,
    "iptables": _iptables, "ip6tables": _iptables, "iptables-save": _iptables, "ip6tables-save": _iptables,
    "iptables-nft": _iptables,
}
