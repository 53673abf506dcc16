"""`ip neigh add|del|show|flush|get proxy`: the proxy neighbour (pneigh) entries, as ipneigh.c prints them."""
from __future__ import annotations

import ipaddress
from typing import Any, Optional

from course_lib.result import CommandError
from course_lib.shell.ip import format as fmt
from course_lib.shell.ip.options import family_kind, paint

NOT_SUPPORTED = CommandError("RTNETLINK answers: Operation not supported", 2)


def _ops(run: Any, name: str) -> Any:
    method = getattr(run.stack, name, None)
    if method is None:                      # a stack without a pneigh table
        raise NOT_SUPPORTED
    return method


def modify(run: Any, how: str, dst: str, dev: Optional[str]) -> None:
    """neigh_add/neigh_delete with NTF_PROXY: add finds or makes the entry (never EEXIST), del needs the
    entry of exactly that device (or of no device)."""
    if how == "del":
        _ops(run, "proxy_del")(dst, dev)
    else:
        _ops(run, "proxy_add")(dst, dev)


def _line(run: Any, ip: str, dev: Optional[str], show_dev: bool) -> str:
    out = paint(run.opts, family_kind(ip), f"{ip} ")
    if dev is not None and show_dev:
        out += f"dev {paint(run.opts, 'ifname', dev + ' ')}"
    return out + "proxy \n"


def _json(ip: str, dev: Optional[str]) -> dict:
    item: dict = {"dst": ip}
    if dev is not None:
        item["dev"] = dev
    item["proxy"] = None
    return item


def show(run: Any, dev: Optional[str], prefix: Any, family: Optional[int], flush: bool) -> None:
    """The pneigh dump (hash order), filtered by device, prefix and family; or their flush."""
    chosen = []
    for ip, name in _ops(run, "proxy_neighbours")():
        if dev is not None and name != dev:
            continue
        addr = ipaddress.ip_address(ip)
        if family is not None and addr.version != family:
            continue
        if prefix is not None and (addr.version != prefix.version or addr not in prefix):
            continue
        chosen.append((ip, name))
    if flush:
        if run.opts.stats and not chosen:
            run.write("Nothing to flush.\n")
            return
        for ip, name in chosen:
            _ops(run, "proxy_del")(ip, name)
        if run.opts.stats:
            run.write(f"\n*** Round 1, deleting {len(chosen)} entries ***\n*** Flush is complete after 1 round ***\n")
        return
    if run.opts.json:
        run.write(fmt.dump_json([_json(ip, name) for ip, name in chosen], run.opts))
        return
    for ip, name in chosen:
        run.write(_line(run, ip, name, show_dev=dev is None))


def get(run: Any, dst: str, dev: Optional[str]) -> None:
    """RTM_GETNEIGH with NTF_PROXY: the entry of exactly that device (or of no device), as text."""
    for ip, name in _ops(run, "proxy_neighbours")():
        if ipaddress.ip_address(ip) == ipaddress.ip_address(dst) and name == dev:
            run.write(_line(run, ip, name, show_dev=True))        # ipneigh_get prints text even with -j
            return
    raise CommandError("Error: Proxy neighbour entry not found.", 2)
