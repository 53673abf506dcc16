"""assert_* helpers for the autograder's test cells: failures read "Expected ..., found ...".

Every check asks the lab the way a learner would, with command lines (`ip link show`, `ip addr
show`, `ip route show`, `ip neigh show`, `ping`), so the same checks grade the simulated and the
real backend. A failed reachability check also says where the packet stopped, from the lab's
hop-by-hop trace when the lab offers one (`lab.trace(cmd, host=...)`).

```python
from course_lib.checks import assert_link_up, assert_has_address, assert_can_ping
assert_link_up(lab, "A", "eth0")
assert_has_address(lab, "A", "eth0", "192.168.1.10/24")
assert_can_ping(lab, "A", "192.168.1.11")
```
"""
from __future__ import annotations

import ipaddress
import re
import shlex
from typing import Any, Optional

from course_lib.result import CommandResult

__all__ = [
    "CheckFailed", "assert_link_exists", "assert_link_up", "assert_link_down", "assert_has_address",
    "assert_no_address", "assert_route", "assert_no_route", "assert_neighbour", "assert_can_ping",
    "assert_cannot_ping", "assert_output_contains", "assert_returncode", "assert_sysctl", "assert_equal",
    "assert_matches",
    "link_flags", "addresses_of", "mac_of",
]

_LINK_HEAD = re.compile(r"^\d+:\s+([^:@\s]+)(?:@\S+)?:\s+<([^>]*)>(.*)$")
_INET = re.compile(r"^\s+inet6?\s+(\S+)")
_LLADDR = re.compile(r"^\s+link/\S+\s+([0-9a-f:]{17})")


class CheckFailed(AssertionError):
    """An autograder check that did not hold; its message says what was expected and found."""


def _where(host: str, netns: Optional[str]) -> str:
    return f"{host} (netns {netns})" if netns else host


def _run(lab: Any, host: str, cmd: str, netns: Optional[str] = None) -> CommandResult:
    """Run `cmd` on `host`, inside `netns` when given, as the learner's shell would."""
    if netns:
        cmd = f"ip netns exec {shlex.quote(netns)} {cmd}"
    try:
        machine = lab.host(host)
    except (KeyError, ValueError):
        known = ", ".join(getattr(lab, "hosts", {}) or []) or "none"
        raise CheckFailed(f"Expected a machine {host} in the lab, found none (machines: {known})") from None
    return machine.run(cmd)


def _show(result: CommandResult) -> str:
    """A command's output, indented, for a failure message."""
    text = (result.stdout + result.stderr).rstrip("\n") or "(no output)"
    return "\n".join("    " + line for line in text.splitlines())


# -- reading the lab ---------------------------------------------------------------------------
def link_flags(lab: Any, host: str, dev: str, netns: Optional[str] = None) -> Optional[list[str]]:
    """The flags `ip link show dev DEV` prints between < >, or None when there is no such link."""
    result = _run(lab, host, f"ip link show dev {shlex.quote(dev)}", netns)
    if result.returncode != 0:
        return None
    for line in result.stdout.splitlines():
        match = _LINK_HEAD.match(line)
        if match and match.group(1) == dev:
            return [f for f in match.group(2).split(",") if f]
    return None


def addresses_of(lab: Any, host: str, dev: str, netns: Optional[str] = None,
                 family: Optional[int] = None) -> list[str]:
    """The addresses (CIDR) `ip addr show dev DEV` lists, in order (only IPv4 or IPv6 with family=4/6);
    [] when the link is missing."""
    result = _run(lab, host, f"ip addr show dev {shlex.quote(dev)}", netns)
    if result.returncode != 0:
        return []
    found = [m.group(1) for line in result.stdout.splitlines() if (m := _INET.match(line))]
    return [a for a in found if family is None or ipaddress.ip_interface(a).version == family]


def mac_of(lab: Any, host: str, dev: str, netns: Optional[str] = None) -> Optional[str]:
    """The link-layer address of DEV as `ip link show` prints it, or None."""
    result = _run(lab, host, f"ip link show dev {shlex.quote(dev)}", netns)
    for line in result.stdout.splitlines():
        if m := _LLADDR.match(line):
            return m.group(1)
    return None


def _missing_link(host: str, dev: str, netns: Optional[str], lab: Any) -> CheckFailed:
    result = _run(lab, host, f"ip link show dev {shlex.quote(dev)}", netns)
    return CheckFailed(f"Expected a link {dev} on {_where(host, netns)}, found none:\n{_show(result)}")


# -- links and addresses ------------------------------------------------------------------------
def assert_link_exists(lab: Any, host: str, dev: str, netns: Optional[str] = None) -> None:
    """DEV exists on HOST (in NETNS)."""
    if link_flags(lab, host, dev, netns) is None:
        raise _missing_link(host, dev, netns, lab)


def assert_link_up(lab: Any, host: str, dev: str, netns: Optional[str] = None) -> None:
    """DEV was brought up (`ip link set DEV up`): its flags include UP."""
    flags = link_flags(lab, host, dev, netns)
    if flags is None:
        raise _missing_link(host, dev, netns, lab)
    if "UP" not in flags:
        raise CheckFailed(f"Expected {dev} on {_where(host, netns)} to be UP, found it DOWN "
                          f"(flags <{','.join(flags)}>); try: ip link set {dev} up")


def assert_link_down(lab: Any, host: str, dev: str, netns: Optional[str] = None) -> None:
    """DEV exists and is administratively down."""
    flags = link_flags(lab, host, dev, netns)
    if flags is None:
        raise _missing_link(host, dev, netns, lab)
    if "UP" in flags:
        raise CheckFailed(f"Expected {dev} on {_where(host, netns)} to be DOWN, found it UP "
                          f"(flags <{','.join(flags)}>)")


def assert_has_address(lab: Any, host: str, dev: str, cidr: str, netns: Optional[str] = None) -> None:
    """DEV carries the address CIDR, prefix length included (e.g. 192.168.1.10/24)."""
    if link_flags(lab, host, dev, netns) is None:
        raise _missing_link(host, dev, netns, lab)
    want = ipaddress.ip_interface(cidr)
    found = addresses_of(lab, host, dev, netns, family=want.version)
    if any(ipaddress.ip_interface(a) == want for a in found):
        return
    same_ip = [a for a in found if ipaddress.ip_interface(a).ip == want.ip]
    if same_ip:
        raise CheckFailed(f"Expected {want} on {dev} of {_where(host, netns)}, found {same_ip[0]}: "
                          f"the prefix length differs (/{want.network.prefixlen} wanted)")
    raise CheckFailed(f"Expected {want} on {dev} of {_where(host, netns)}, found "
                      f"{', '.join(found) if found else 'no address'}")


def assert_no_address(lab: Any, host: str, dev: str, cidr: str, netns: Optional[str] = None) -> None:
    """DEV does not carry CIDR."""
    want = ipaddress.ip_interface(cidr)
    if any(ipaddress.ip_interface(a) == want for a in addresses_of(lab, host, dev, netns)):
        raise CheckFailed(f"Expected no {want} on {dev} of {_where(host, netns)}, found it there")


# -- routes and neighbours ----------------------------------------------------------------------
def _route_key(dst: str) -> str:
    """A destination as `ip route` prints it: default, a.b.c.d/len, or a bare host address."""
    if dst in ("default", "0.0.0.0/0", "0/0", "::/0"):
        return "default"
    net = ipaddress.ip_network(dst, strict=False)
    return str(net.network_address) if net.prefixlen == net.max_prefixlen else str(net)


def _routes(lab: Any, host: str, netns: Optional[str]) -> tuple[CommandResult, dict[str, str]]:
    result = _run(lab, host, "ip route show", netns)
    table: dict[str, str] = {}
    for line in result.stdout.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] in ("unreachable", "blackhole", "prohibit", "unicast", "local", "broadcast"):
            words = words[1:]
        if words:
            table.setdefault(words[0], line.strip())
    return result, table


def _attr(line: str, name: str) -> Optional[str]:
    words = line.split()
    return words[words.index(name) + 1] if name in words[:-1] else None


def assert_route(lab: Any, host: str, dst: str, via: Optional[str] = None, dev: Optional[str] = None,
                 netns: Optional[str] = None) -> None:
    """The main table has a route to DST (`default` or a prefix), through VIA and/or DEV when given."""
    key = _route_key(dst)
    result, table = _routes(lab, host, netns)
    line = table.get(key)
    if line is None:
        raise CheckFailed(f"Expected a route to {key} on {_where(host, netns)}, found none in "
                          f"`ip route`:\n{_show(result)}")
    if via is not None and _attr(line, "via") != str(ipaddress.ip_address(via)):
        raise CheckFailed(f"Expected the route to {key} on {_where(host, netns)} to go via {via}, "
                          f"found: {line}")
    if dev is not None and _attr(line, "dev") != dev:
        raise CheckFailed(f"Expected the route to {key} on {_where(host, netns)} to use dev {dev}, "
                          f"found: {line}")


def assert_no_route(lab: Any, host: str, dst: str, netns: Optional[str] = None) -> None:
    """The main table has no route to DST."""
    key = _route_key(dst)
    _, table = _routes(lab, host, netns)
    if key in table:
        raise CheckFailed(f"Expected no route to {key} on {_where(host, netns)}, found: {table[key]}")


def assert_neighbour(lab: Any, host: str, ip: str, mac: Optional[str] = None, dev: Optional[str] = None,
                     netns: Optional[str] = None) -> None:
    """The neighbour (ARP) table of HOST knows IP's MAC (resolved: not INCOMPLETE or FAILED)."""
    result = _run(lab, host, "ip neigh show", netns)
    entries = [line.strip() for line in result.stdout.splitlines() if line.split()[:1] == [str(ip)]]
    if dev is not None:
        entries = [e for e in entries if _attr(e, "dev") == dev]
    resolved = [e for e in entries if _attr(e, "lladdr")]
    if not resolved:
        found = "; ".join(entries) if entries else "no entry"
        raise CheckFailed(f"Expected {_where(host, netns)}'s neighbour table to hold a MAC for {ip}, "
                          f"found {found}")
    if mac is not None and all(_attr(e, "lladdr") != mac.lower() for e in resolved):
        raise CheckFailed(f"Expected {ip} at {mac.lower()} in {_where(host, netns)}'s neighbour "
                          f"table, found {'; '.join(resolved)}")


# -- reachability -------------------------------------------------------------------------------
def _probe_trace(lab: Any, host: str, dst: str, netns: Optional[str]) -> Any:
    """On the simulated backend: send one traced echo request from HOST (NETNS) to DST, return its Trace."""
    network = getattr(lab, "network", None)
    if network is None or host not in getattr(network, "machines", {}):
        return None
    from course_lib.net.datapath import ip_send
    from course_lib.net.events import scheduler
    from course_lib.net.packet import ICMP, Packet
    from course_lib.net.trace import Trace

    machine = network.machines[host]
    ns = machine.netns.get(netns) if netns else machine.root
    if ns is None:
        return None
    trace = Trace()
    packet = Packet(src=None, dst=ipaddress.IPv4Address(dst), proto=ICMP, icmp_type=8,  # type: ignore[arg-type]
                    icmp_code=0, icmp_id=0x7E57, icmp_seq=1, trace=trace)
    ip_send(ns, packet)
    scheduler(network).pump(network.clock + 3.0)
    return trace


def _drops(trace: Any) -> list[Any]:
    return [h for h in (getattr(trace, "hops", None) or []) if h.step == "drop"]


def _stopped_at(lab: Any, host: str, dst: str, cmd: str, netns: Optional[str] = None) -> str:
    """Where the packet stopped: from the lab's own trace of CMD (lab.trace), else from a traced
    probe on the simulated network; "" when neither can tell."""
    drops: list[Any] = []
    for attempt in ("lab.trace", "probe"):
        try:
            if attempt == "lab.trace" and hasattr(lab, "trace"):
                drops = _drops(lab.trace(cmd, host=host))
            elif attempt == "probe":
                drops = _drops(_probe_trace(lab, host, dst, netns))
        except Exception:   # a check must report the learner's mistake, not a tracing problem
            drops = []
        if drops:
            break
    if not drops:
        return ""
    hop = drops[-1]              # floods may drop copies on the way; the last drop ends the walk
    return f"\nThe packet stopped at {hop.node}: {hop.detail}"


def assert_can_ping(lab: Any, src: str, dst: str, netns: Optional[str] = None, count: int = 1) -> None:
    """`ping -c COUNT DST` on SRC gets replies (exit code 0)."""
    cmd = f"ping -c {count} -W 4 {shlex.quote(dst)}"   # 4 s: a failed ARP (3 probes) is reported
    result = _run(lab, src, cmd, netns)
    if result.returncode == 0:
        return
    trace_cmd = f"ip netns exec {shlex.quote(netns)} {cmd}" if netns else cmd
    raise CheckFailed(f"Expected {_where(src, netns)} to get a reply from {dst}, found none "
                      f"(`{cmd}` exited {result.returncode}):\n{_show(result)}"
                      f"{_stopped_at(lab, src, dst, trace_cmd, netns)}")


def assert_cannot_ping(lab: Any, src: str, dst: str, netns: Optional[str] = None) -> None:
    """`ping -c 1 DST` on SRC gets no reply."""
    cmd = f"ping -c 1 -W 4 {shlex.quote(dst)}"
    result = _run(lab, src, cmd, netns)
    if result.returncode == 0:
        raise CheckFailed(f"Expected {_where(src, netns)} to get no reply from {dst}, found a reply:\n"
                          f"{_show(result)}")


# -- command output -----------------------------------------------------------------------------
def _text(result_or_text: Any) -> str:
    if isinstance(result_or_text, CommandResult):
        return result_or_text.stdout + result_or_text.stderr
    if hasattr(result_or_text, "stdout"):
        return str(result_or_text.stdout) + str(getattr(result_or_text, "stderr", ""))
    return str(result_or_text)


def assert_output_contains(result_or_text: Any, expected: str) -> None:
    """A command's output (stdout and stderr, or a string) contains EXPECTED."""
    text = _text(result_or_text)
    if expected not in text:
        shown = "\n".join("    " + line for line in text.rstrip("\n").splitlines()) or "    (no output)"
        raise CheckFailed(f"Expected the output to contain {expected!r}, found:\n{shown}")


def assert_returncode(result: Any, expected: int = 0) -> None:
    """A command exited with EXPECTED."""
    if result is None or not hasattr(result, "returncode"):
        raise CheckFailed(f"Expected a command result with exit code {expected}, found {result!r}")
    if result.returncode != expected:
        raise CheckFailed(f"Expected exit code {expected}, found {result.returncode}:\n{_show(result)}")


def assert_sysctl(lab: Any, host: str, key: str, value: str, netns: Optional[str] = None) -> None:
    """`sysctl -n KEY` on HOST prints VALUE."""
    result = _run(lab, host, f"sysctl -n {shlex.quote(key)}", netns)
    found = result.stdout.strip() if result.returncode == 0 else (result.stderr.strip() or "nothing")
    if found != str(value):
        raise CheckFailed(f"Expected {key} = {value} on {_where(host, netns)}, found {found}")


def assert_equal(found: Any, expected: Any, what: str = "the answer") -> None:
    """A learner's Python answer equals EXPECTED (a missing answer fails with a NameError first)."""
    if found != expected:
        raise CheckFailed(f"Expected {what} to be {expected!r}, found {found!r}")


def assert_matches(found: Any, pattern: str, what: str = "the answer", looks_like: str = "") -> None:
    """A learner's text answer matches the regular expression PATTERN (whole text)."""
    if not isinstance(found, str) or not re.fullmatch(pattern, found.strip()):
        shape = looks_like or f"/{pattern}/"
        raise CheckFailed(f"Expected {what} to look like {shape}, found {found!r}")
