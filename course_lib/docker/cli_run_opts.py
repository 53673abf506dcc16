"""The checks `docker run` makes before it asks the daemon anything, in docker/cli 28's order (runRun's
--pull, container/opts.go parse(), then attach/detach): MAC address, swappiness, published and exposed
ports, env files, restart policy with --rm, the network names; each refusal as the CLI reports it."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from course_lib.docker.cli_util import CliError, flag, run_error, value
from course_lib.docker.cli_values import is_ip

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

Port = tuple[str, int, int, str]          # (host_ip, host_port or 0, container_port, proto)
MAC = re.compile(r"([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}|([0-9A-Fa-f]{4}\.){2}[0-9A-Fa-f]{4}")


def check(ctx: "ExecContext", flags: dict[str, list[str]]) -> tuple[list[Port], list[str]]:
    """The published ports and the environment (env files, then -e), or the CLI's error."""
    pull = value(flags, "pull", "") or ""
    if pull not in ("", "always", "missing", "never"):
        raise run_error("run", f'invalid pull option: \'{pull}\': must be one of "always", "missing" or "never"')
    mac = value(flags, "mac-address")
    if mac and not MAC.fullmatch(mac):
        raise run_error("run", f"{mac} is not a valid mac address")
    swappiness = int(value(flags, "memory-swappiness", "-1") or "-1", 0)
    if swappiness != -1 and not 0 <= swappiness <= 100:
        raise run_error("run", f"invalid value: {swappiness}. Valid memory swappiness range is 0-100")
    ports = [p for spec in flags.get("publish", []) for p in parse_publish(_standard_notation(spec))]
    for spec in flags.get("expose", []):
        if ":" in spec:
            raise run_error("run", f"invalid port format for --expose: {spec}")
        problem = _port_range(spec.split("/")[0])
        if isinstance(problem, str):
            raise run_error("run", f"invalid range format for --expose: {spec}, error: {problem}")
    from course_lib.docker.labels import file_lines
    env = [line for path in flags.get("env-file", []) for line in file_lines(ctx, path, "run")]
    env += flags.get("env", [])
    restart = value(flags, "restart", "") or ""
    name, colon, count = restart.partition(":")
    if colon and not name:
        raise run_error("run", "invalid restart policy format: no policy provided before colon")
    if count and not re.fullmatch(r"[+-]?\d+", count):
        raise run_error("run", "invalid restart policy format: maximum retry count must be an integer")
    _health(flags)
    if flag(flags, "rm") and name not in ("", "no"):
        raise run_error("run", "conflicting options: cannot specify both --restart and --rm")
    if any(n == "" or n.startswith("name=,") or n == "name=" for n in flags.get("network", [])):
        raise run_error("run", "no name set for network")
    if flag(flags, "detach") and flags.get("attach"):
        raise CliError("conflicting options: cannot specify both --attach and --detach\n", 1)
    return ports, env


def _health(flags: dict[str, list[str]]) -> None:
    """The healthcheck flags: --no-healthcheck alone, no negative interval, timeout, period or retries."""
    named = ("health-cmd", "health-interval", "health-timeout", "health-retries", "health-start-period",
             "health-start-interval")
    given = {n: value(flags, n, "") or "" for n in named}
    if flag(flags, "no-healthcheck"):
        if any(v and v.lstrip("+-0.") not in ("", "s", "ms", "h", "m", "ns", "us") for v in given.values()):
            raise run_error("run", "--no-healthcheck conflicts with --health-* options")
        return
    for n in named[1:]:
        if given[n].startswith("-") and given[n].lstrip("-0.").rstrip("hmsun") != "":
            raise run_error("run", f"--{n} cannot be negative")


def _standard_notation(spec: str) -> str:
    """convertToStandardNotation: the long `published=H,target=C,protocol=P` form as H:C/P."""
    if "=" not in spec:
        return spec
    params = {"protocol": "tcp"}
    for param in spec.split(","):
        key, eq, val = param.partition("=")
        if not eq or not key:
            raise run_error("run", f"invalid publish opts format (should be name=value but got '{param}')")
        params[key] = val
    return f"{params.get('published', '')}:{params.get('target', '')}/{params['protocol']}"


def _port_range(text: str) -> "tuple[int, int] | str":
    """nat.ParsePortRange: (start, end), or the reason it fails."""
    if text == "":
        return "empty string specified for ports"
    parts = text.split("-")
    for part in parts[:2]:
        if not part.isdigit() or int(part) > 65535:
            kind = "out of range" if part.isdigit() else "invalid syntax"
            return f'strconv.ParseUint: parsing "{part}": {"value out of range" if kind == "out of range" else kind}'
    start, end = int(parts[0]), int(parts[1]) if len(parts) > 1 else int(parts[0])
    if end < start:
        return "invalid range specified for port: " + text
    return start, end


def parse_publish(spec: str) -> list[Port]:
    """nat.ParsePortSpec: `[IP:][HOST:]CONT[-END][/proto]` -> one mapping per container port."""
    parts = spec.split(":")
    cont = parts[-1]
    host_ip, host = (":".join(parts[:-2]), parts[-2]) if len(parts) > 2 else ("", parts[0] if len(parts) == 2 else "")
    cparts = cont.split("/")
    if not cont or not cparts[0]:
        proto, cont = "", ""
    else:
        proto, cont = (cparts[1] or "tcp", cparts[0]) if len(cparts) > 1 else ("tcp", cont)
    if host_ip.startswith("["):                 # net.SplitHostPort(ip + ":")
        if "]" not in host_ip:
            raise run_error("run", f"invalid IP address {host_ip}: address {host_ip}:: missing ']' in address")
        if not host_ip.endswith("]"):
            raise run_error("run", f"invalid IP address {host_ip}: address {host_ip}:: missing port in address")
        host_ip = host_ip[1:-1]
    if host_ip and not is_ip(host_ip):
        raise run_error("run", "invalid IP address: " + host_ip)
    if cont == "":
        raise run_error("run", f"no port specified: {spec}<empty>")
    crange = _port_range(cont)
    if isinstance(crange, str):
        raise run_error("run", "invalid containerPort: " + cont)
    hrange = _port_range(host) if host else (0, 0)
    if isinstance(hrange, str):
        raise run_error("run", "invalid hostPort: " + host)
    if host and crange[1] - crange[0] != hrange[1] - hrange[0] and crange[1] != crange[0]:
        raise run_error("run", f"invalid ranges specified for container and host Ports: {cont} and {host}")
    proto = proto.lower()
    if proto not in ("tcp", "udp", "sctp"):
        raise run_error("run", "invalid proto: " + proto)
    if crange[0] == crange[1]:
        return [(host_ip, hrange[0], crange[0], proto)]
    return [(host_ip, hrange[0] + i if host else 0, crange[0] + i, proto) for i in range(crange[1] - crange[0] + 1)]

