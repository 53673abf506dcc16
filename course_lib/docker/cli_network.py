"""`docker network ls|create|inspect|connect|disconnect|rm|prune`."""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from course_lib.docker import netdriver
from course_lib.docker.cli_util import CliError, daemon_error, flag, parse_flags, value
from course_lib.docker.engine import DockerNetwork, Engine
from course_lib.docker.ps_filter import _regex as regex_holds
from course_lib.result import CommandResult

if TYPE_CHECKING:
    from datetime import datetime

    from course_lib.shell.context import ExecContext

def ls(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    flags, _ = parse_flags("network ls", args, {"-q": "quiet", "--quiet": "quiet", "--no-trunc": "no-trunc"},
                           {"-f": "filter", "--filter": "filter", "--format": "format"})
    wanted = _filters(flags.get("filter", []))
    nets = [n for n in sorted(engine.networks.values(), key=lambda n: n.name) if _network_matches(wanted, n)]
    if flag(flags, "quiet"):
        return CommandResult("".join(n.id[:12] + "\n" for n in nets), "", 0)
    from course_lib.docker.cli_format import format_table
    records = [{"ID": n.id[:12], "Name": n.name, "Driver": n.driver, "Scope": n.scope,
                "Internal": str(n.internal).lower(), "IPv6": "false",
                "Labels": ",".join(f"{k}={v}" for k, v in sorted(n.labels.items())),
                "CreatedAt": _go_time(engine.wallclock(n.created))}
               for n in nets]
    fmt = value(flags, "format") or "table"
    if fmt.strip() == "table":
        fmt = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"
    headers = {"ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE", "Internal": "INTERNAL",
               "IPv6": "IPV6", "Labels": "LABELS", "CreatedAt": "CREATED AT"}
    return CommandResult(format_table(fmt, records, headers, "*network.networkContext",
                                      labels=[n.labels for n in nets]), "", 0)


def _go_time(when: "datetime") -> str:
    """Go's time.Time.String(): the fraction without trailing zeros (none at all on a whole second)."""
    frac = f"{when.microsecond:06d}".rstrip("0")
    return when.strftime("%Y-%m-%d %H:%M:%S") + (f".{frac}" if frac else "") + " +0000 UTC"


def create(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    flags, rest = parse_flags("network create", args, {"--internal": "internal", "--attachable": "attachable"},
                              {"-d": "driver", "--driver": "driver", "--subnet": "subnet", "--gateway": "gateway",
                               "--ip-range": "ip-range", "-o": "opt", "--opt": "opt", "--label": "label"})
    from course_lib.docker import labels
    _consolidate_ipam(flags)
    name = rest[0]
    driver = value(flags, "driver", "bridge")
    if driver != "bridge":
        raise daemon_error(f"plugin \"{driver}\" not found")
    if name in engine.networks:
        raise daemon_error(f"network with name {name} already exists")
    try:
        subnet = ipaddress.IPv4Network(value(flags, "subnet")) if value(flags, "subnet") else engine.next_subnet()
        gateway = ipaddress.IPv4Address(value(flags, "gateway")) if value(flags, "gateway") else None
        ip_range = ipaddress.IPv4Network(value(flags, "ip-range")) if value(flags, "ip-range") else None
    except ValueError as exc:
        bad = value(flags, "subnet")
        raise daemon_error(f"Invalid subnet {bad} : invalid CIDR address: {bad}") from exc
    if subnet is None:
        raise daemon_error("all predefined address pools have been fully subnetted")
    for other in engine.networks.values():
        if other.subnet is not None and other.subnet.overlaps(subnet):
            raise daemon_error("invalid pool request: Pool overlaps with other one on this address space")
    if gateway is not None and gateway not in subnet:
        raise daemon_error(f"no matching subnet for gateway {gateway}")
    net = netdriver.create_network(ctx, engine, name, subnet, gateway, flag(flags, "internal"), ip_range)
    net.labels = dict(sorted(labels.read_labels(ctx, [], flags.get("label", [])).items()))
    return CommandResult(net.id + "\n", "", 0)


def _consolidate_ipam(flags: dict[str, list[str]]) -> None:
    """The CLI's consolidateIpam: each --ip-range, --gateway and --aux-address within one of the --subnets
    (pflag's string slices: comma-separated), refused before the daemon is asked (exit 1)."""
    def listed(name: str) -> list[str]:
        return [item for v in flags.get(name, []) for item in v.split(",") if v]
    subnets, ranges, gateways = listed("subnet"), listed("ip-range"), listed("gateway")
    aux = [v.partition("=")[2] for v in flags.get("aux-address", [])]
    if len(subnets) < len(ranges) or len(subnets) < len(gateways):
        raise CliError("every ip-range or gateway must have a corresponding subnet\n")

    def matches(subnet: str, data: str) -> bool:
        try:
            net = ipaddress.ip_network(subnet, strict=False)
        except ValueError:
            raise CliError(f"invalid subnet: invalid CIDR address: {subnet}\n") from None
        try:
            ip = ipaddress.ip_interface(data).ip if "/" in data else ipaddress.ip_address(data)
        except ValueError:
            if "/" in data:
                raise CliError(f"invalid CIDR address: {data}\n") from None
            return False
        return ip in net
    taken: dict[tuple[str, str], str] = {}
    for s in subnets:
        for other in subnets[:subnets.index(s)]:
            if matches(s, other.split("/")[0]) or matches(other, s.split("/")[0]):
                raise CliError("multiple overlapping subnet configuration is not supported\n")
    for what, items in (("range", ranges), ("gateway", gateways), ("aux-address", aux)):
        for item in items:
            hits = [s for s in subnets if matches(s, item)]
            if not hits:
                raise CliError(f"no matching subnet for {what} {item}\n")
            for s in hits:
                if what != "aux-address" and (what, s) in taken:
                    plural = "ranges" if what == "range" else "gateways"
                    where = "on the same subnet" if what == "range" else "for the same subnet"
                    raise CliError(f"cannot configure multiple {plural} ({item}, {taken[(what, s)]}) {where} ({s})\n")
                taken[(what, s)] = item


def inspect(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    from course_lib.docker.cli import format_docs
    from course_lib.docker.inspect import network_doc
    flags, rest = parse_flags("network inspect", args, {"-v": "verbose"}, {"-f": "format", "--format": "format"})
    docs, err = [], ""
    for ref in rest:
        n = engine.find_network(ref)
        if n is None:
            err += f"Error response from daemon: network {ref} not found\n"
        else:
            docs.append(network_doc(engine, n))
    return format_docs(docs, value(flags, "format"), err)


def connect(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    flags, rest = parse_flags("network connect", args, {}, {"--ip": "ip", "--alias": "alias"})
    n = engine.find_network(rest[0])
    if n is None:
        raise daemon_error(f"network {rest[0]} not found")
    c = engine.find_container(rest[1])
    if c is None:
        raise daemon_error(f"No such container: {rest[1]}")
    if n.name in c.endpoints:
        raise daemon_error(f"endpoint with name {c.name} already exists in network {n.name}")
    if n.driver != "bridge" or c.network_mode in ("host", "none") or c.network_mode.startswith("container:"):
        raise daemon_error("container cannot be disconnected from host network or connected to host network"
                           if "host" in (n.name, c.network_mode) else
                           "container sharing network namespace with another container or host cannot be "
                           "connected to any other network")
    ip = value(flags, "ip")
    try:
        wanted = ipaddress.IPv4Address(ip) if ip else None
    except ValueError:
        raise daemon_error(f"invalid IPv4 address: {ip}") from None
    if n.name not in c.extra_networks:
        c.extra_networks.append(n.name)
    if c.running:
        netdriver.attach(ctx, engine, c, n, wanted, flags.get("alias", []))
        from course_lib.docker import files
        from course_lib.docker.hostops import write_file
        write_file(c.box, "/etc/hosts", files.hosts_file(c))
        if n.user_defined and not any(getattr(s, "proto", "") == "udp" for _, s in c.servers):
            from course_lib.docker.embedded_dns import serve
            from course_lib.docker.hostops import read_file
            # joining a user-defined network turns the embedded DNS on: resolv.conf follows
            write_file(c.box, "/etc/resolv.conf", files.resolv_conf(read_file(engine.machine, "/etc/resolv.conf"),
                                                                    True, c.dns))
            serve(ctx, engine, c)
    return CommandResult("", "", 0)


def disconnect(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    _, rest = parse_flags("network disconnect", args, {"-f": "force", "--force": "force"}, {})
    n = engine.find_network(rest[0])
    c = engine.find_container(rest[1])
    if n is None:
        raise daemon_error(f"network {rest[0]} not found")
    if c is None:
        raise daemon_error(f"No such container: {rest[1]}")
    if n.name not in c.endpoints and n.name not in c.extra_networks:
        raise daemon_error(f"container {c.id} is not connected to the network {n.name}")
    if n.name in c.extra_networks:
        c.extra_networks.remove(n.name)
    netdriver.detach(ctx, engine, c, n)
    return CommandResult("", "", 0)


def rm(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    _, rest = parse_flags("network rm", args, {"-f": "force", "--force": "force"}, {})
    out, err = "", ""
    for ref in rest:
        n = engine.find_network(ref)
        if n is None:
            err += f"Error response from daemon: network {ref} not found\n"
            continue
        if not n.user_defined:
            err += f"Error response from daemon: {n.name} is a pre-defined network and cannot be removed\n"
            continue
        if any(n.name in c.endpoints for c in engine.containers.values()):
            err += (f"Error response from daemon: error while removing network: network {n.name} id {n.id} "
                    "has active endpoints\n")
            continue
        _remove(ctx, engine, n)
        out += ref + "\n"
    return CommandResult(out, err, 1 if err else 0)


def _remove(ctx: "ExecContext", engine: Engine, n: DockerNetwork) -> None:
    netdriver.remove_bridge(netdriver.host_context(ctx, engine), n)
    del engine.networks[n.name]


PRUNE_WARNING = ("WARNING! This will remove all custom networks not used by at least one container.\n"
                 "Are you sure you want to continue? [y/N] ")


def prune(ctx: "ExecContext", engine: Engine, args: list[str], stdin: str = "") -> CommandResult:
    """`docker network prune [-f]`: every user-defined network without an endpoint (a stopped container has
    none); without -f the CLI asks first and a refusal (or no answer) cancels quietly."""
    flags, rest = parse_flags("network prune", args, {"-f": "force", "--force": "force"}, {"--filter": "filter"})
    if rest:
        usage = "docker network prune [OPTIONS]"
        return CommandResult("", f'"docker network prune" accepts no arguments.\nSee \'docker network prune '
                                 f"--help'.\n\nUsage:  {usage}\n\nRemove all unused networks\n", 1)
    prompt = ""
    if not flag(flags, "force"):
        prompt = PRUNE_WARNING
        if stdin.split("\n", 1)[0].strip().lower() not in ("y", "yes"):
            return CommandResult(prompt, "", 0)
    unused = [n for n in sorted(engine.networks.values(), key=lambda n: n.name) if n.user_defined and
              not any(n.name in c.endpoints for c in engine.containers.values())]
    for n in unused:
        _remove(ctx, engine, n)
    listing = "Deleted Networks:\n" + "".join(n.name + "\n" for n in unused) + "\n" if unused else ""
    return CommandResult(prompt + listing, "", 0)


NETWORK_FILTERS = ("dangling", "driver", "id", "label", "name", "scope", "type")


def _filters(values: list[str]) -> dict[str, list[str]]:
    """--filter as the CLI parses it and the daemon checks it (daemon/network/filter.go)."""
    from course_lib.docker import ps_filter
    wanted = ps_filter.parse(values, "network ls")
    for key in sorted(wanted):
        if key not in NETWORK_FILTERS:
            raise daemon_error(f"invalid filter '{key}'")
    for val in wanted.get("type", []):
        if val not in ("builtin", "custom"):
            raise daemon_error(f"invalid filter: 'type'='{val}'")
    return wanted


def _network_matches(wanted: dict[str, list[str]], n: DockerNetwork) -> bool:
    checks = {
        "driver": lambda v: n.driver == v, "scope": lambda v: n.scope == v,
        "name": lambda v: regex_holds(v, n.name), "id": lambda v: n.id.startswith(v),   # a bad pattern: no match
        "type": lambda v: (v == "custom") == n.user_defined,
        "label": lambda v: v.partition("=")[0] in n.labels and (
            "=" not in v or n.labels[v.partition("=")[0]] == v.partition("=")[2]),
    }
    return all(any(checks[k](v) for v in vals) if k != "label" else all(checks[k](v) for v in vals)
               for k, vals in wanted.items() if k in checks)
