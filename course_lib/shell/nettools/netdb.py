"""/etc/networks as glibc's files backend reads it (getnetbyaddr), and net-tools' INET_rresolve naming of
route destinations and gateways.

A network number with fewer than four parts is padded with zeros (`10.9` is 10.9.0.0), the first line
for a number wins, `#` starts a comment. Debian's file names 0.0.0.0 `default`, 127.0.0.0 `loopback`
and 169.254.0.0 `link-local`.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

DEFAULT_NETWORKS = "default\t\t0.0.0.0\nloopback\t127.0.0.0\nlink-local\t169.254.0.0\n"


def _read(ctx: Any, path: str) -> Optional[str]:
    try:
        from course_lib.shell.fs import read_file
        return read_file(ctx, path)      # context-aware: /etc/netns/NAME/... inside ip netns exec
    except Exception:       # noqa: BLE001 - an unreadable file means no names
        return None


def parse_networks(text: str) -> dict[str, str]:
    """Dotted network number -> its name, as getnetbyaddr finds them in `text`."""
    networks: dict[str, str] = {}
    for line in text.splitlines():
        words = line.split("#")[0].split()
        if len(words) >= 2:
            parts = words[1].split(".")
            networks.setdefault(".".join(parts + ["0"] * (4 - len(parts))), words[0])
    return networks


def networks(ctx: Any, fallback: Optional[str] = None) -> dict[str, str]:
    """The machine's /etc/networks (`fallback`'s text when the file cannot be read)."""
    text = _read(ctx, "/etc/networks")
    if text is None:
        text = fallback or ""
    return parse_networks(text)


def route_namer(ctx: Any) -> Callable[[Any, bool], str]:
    """INET_rresolve for `route`/`netstat -r` without -n: name(address, host) is the hosts/DNS name of a host
    (a gateway, a /32 destination: gethostbyaddr, which may cost DNS time) or the /etc/networks name of a
    network; the number when there is none. Each address is looked up once a command (net-tools' cache)."""
    from course_lib.shell.nettools.common import reverse_name
    cache: dict[tuple[str, bool], str] = {}
    nets: list[dict[str, str]] = []

    def name(address: Any, host: bool) -> str:
        key = (str(address), host)
        found = cache.get(key)
        if found is None:
            if host:
                found = reverse_name(ctx, address) or key[0]
            else:
                if not nets:
                    nets.append(networks(ctx))
                found = nets[0].get(key[0], key[0])
            cache[key] = found
        return found
    return name
