"""`docker network ls|create|inspect|connect|disconnect|rm|prune`."""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from course_lib.docker import netdriver
from course_lib.docker.cli_util import arg_count, daemon_error, flag, parse_flags, value
from course_lib.docker.engine import DockerNetwork, Engine
from course_lib.docker.ps_filter import _regex as regex_holds
from course_lib.result import CommandResult

if TYPE_CHECKING:
    from datetime import datetime

    from course_lib.shell.context import ExecContext

USAGE = """
Usage:  docker network COMMAND

Manage networks

Commands:
  connect     Connect a container to a network
  create      Create a network
  disconnect  Disconnect a container from a network
  inspect     Display detailed information on one or more networks
  ls          List networks
  prune       Remove all unused networks
  rm          Remove one or more networks

Run 'docker network COMMAND --help' for more information on a command.
"""


def network(ctx: "ExecContext", engine: Engine, args: list[str], stdin: str = "") -> CommandResult:
    if not args:
        return CommandResult(USAGE, "", 0)
    sub, rest = args[0], args[1:]
    sub = {"list": "ls", "remove": "rm"}.get(sub, sub)
    handler = {"ls": ls, "create": create, "inspect": inspect, "connect": connect, "disconnect": disconnect,
               "rm": rm, "prune": prune}.get(sub)
    if handler is None:                  # cli.NoArgs of a command with subcommands: its usage as the error
        return CommandResult("", USAGE, 1)
    if sub == "prune":
        return prune(ctx, engine, rest, stdin)
    return handler(ctx, engine, rest)


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
    for item in flags.get("label", []):
        labels.validate("network create", item, "--label")
    if len(rest) != 1:
        raise arg_count("network create", "exactly 1 argument")
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


def inspect(ctx: "ExecContext", engine: Engine, args: list[str]) -> CommandResult:
    from course_lib.docker.cli import format_docs
    from course_lib.docker.inspect import network_doc
    flags, rest = parse_flags("network inspect", args, {"-v": "verbose"}, {"-f": "format", "--format": "format"})
    if not rest:
        raise arg_count("network inspect", "at least 1 argument")
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
    if len(rest) != 2:
        raise arg_count("network connect", "exactly 2 arguments")
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
    if len(rest) != 2:
        raise arg_count("network disconnect", "exactly 2 arguments")
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
    if not rest:
        raise arg_count("network rm", "at least 1 argument")
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
