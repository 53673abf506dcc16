"""`docker run`: flags, image pull, container creation, network join, port publishing, the main process."""
from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING, Any, Optional

from course_lib.docker import capabilities, cli_run_opts, ids, images, labels, lifecycle, netdriver, reference
from course_lib.docker.cli_util import (check_tty, daemon_error, flag, parse_flags, run_error,
                                        through_tty, value)
from course_lib.docker.engine import Container, Engine
from course_lib.docker.hostops import HostOpError
from course_lib.result import CommandResult

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext

BOOL = {"-d": "detach", "--detach": "detach", "--rm": "rm", "-i": "interactive", "--interactive": "interactive",
        "-t": "tty", "--tty": "tty", "--privileged": "privileged", "-P": "publish-all", "--publish-all": "publish-all",
        "--init": "init"}
VALUE = {"--name": "name", "--network": "network", "--net": "network", "-p": "publish", "--publish": "publish",
         "-e": "env", "--env": "env", "-h": "hostname", "--hostname": "hostname", "--ip": "ip",
         "--network-alias": "alias", "--net-alias": "alias", "--entrypoint": "entrypoint", "-w": "workdir",
         "--workdir": "workdir", "--restart": "restart", "-v": "volume", "--volume": "volume",
         "--cap-add": "cap-add", "-l": "label", "--label": "label", "--dns": "dns", "--add-host": "add-host",
         "-u": "user", "--user": "user", "--platform": "platform", "--pull": "pull", "-m": "memory",
         "--memory": "memory", "--label-file": "label-file"}


def run(ctx: "ExecContext", engine: Engine, args: list[str], stdin: str = "") -> CommandResult:
    flags, rest = parse_flags("run", args, BOOL, VALUE, interspersed=False)
    ports, env = cli_run_opts.check(ctx, flags)                  # the CLI's own checks, before the daemon
    extra_hosts = [_extra_host(h) for h in flags.get("add-host", [])]
    dns = [str(ipaddress.ip_address(s.strip())) for s in flags.get("dns", [])]
    ip = value(flags, "ip")                      # a string flag of the 28.2.2 CLI: the daemon checks it
    ref, command = rest[0], rest[1:]
    check_tty(flag(flags, "interactive"), flag(flags, "tty"), flag(flags, "detach"))    # before any pull
    bad_ref = reference.problem(ref)
    if bad_ref:
        raise run_error("run", bad_ref)
    wanted_labels = labels.read_labels(ctx, flags.get("label-file", []), flags.get("label", []))
    publish_all = flag(flags, "publish-all")
    name = value(flags, "name")
    network = value(flags, "network", "bridge") or "bridge"
    if network == "default":
        network = "bridge"
    stderr = ""
    image = engine.images.get(ref)
    if image is None:
        found = images.lookup(ref)
        stderr += f"Unable to find image '{images.normalise(ref)}' locally\n"
        if found is None:
            from course_lib.docker.image_catalogue import docker_pull_error
            return CommandResult("", stderr + daemon_error(docker_pull_error(images.normalise(ref)), "run",
                                                           125).text, 125)
        stderr += "\n".join(images.pull_lines(found)) + "\n"
        engine.images.add(found)
        image = found
    wanted = None
    if ip:                                       # ContainerCreate's verifyNetworkingConfig, after the image
        key = value(flags, "network") or "default"
        wanted, problems = endpoint_check(key, engine.find_network(key), ip)
        if problems:
            raise daemon_error(f"invalid config for network {key}: invalid endpoint settings:\n"
                               + go_join(problems), "run", 125)
    if name is not None and not re.fullmatch(r"/?[a-zA-Z0-9][a-zA-Z0-9_.-]+", name):
        raise daemon_error(f"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed",
                           "run", 125)
    if name is not None:
        clash = engine.find_container(name)
        if clash is not None and clash.name == name:
            raise daemon_error(f'Conflict. The container name "/{name}" is already in use by container '
                               f'"{clash.id}". You have to remove (or rename) that container to be able to '
                               "reuse that name", "run", 125)
    if network.startswith("container:"):
        network = _joined(engine, network, ports, flags)
    elif network not in ("host", "none") and engine.find_network(network) is None:
        raise daemon_error(f"network {network} not found", "run", 125)
    net = engine.find_network(network)
    network = net.name if net is not None else network
    entry = [value(flags, "entrypoint")] if flags.get("entrypoint") else list(image.entrypoint)
    argv = entry + (command or ([] if flags.get("entrypoint") else list(image.cmd)))
    cid = ids.new_id(engine.rng)
    container = Container(
        id=cid, name=name or ids.container_name(engine.rng, engine.used_names()), image=image,
        path=argv[0] if argv else "", args=argv[1:], created=engine.now, env=env,
        network_mode=network if flags.get("network") else "default",
        ports=[] if network in ("host", "none") or network.startswith("container:") else ports,
        auto_remove=flag(flags, "rm"),
        tty=flag(flags, "tty"), interactive=flag(flags, "interactive"), detach=flag(flags, "detach"),
        sandbox_id=ids.new_id(engine.rng))
    container.hostname = value(flags, "hostname") or container.short_id
    container.labels = {**dict(image.labels), **wanted_labels}
    container.extra_hosts, container.dns = extra_hosts, dns
    container.sys_admin = flag(flags, "privileged") or any(
        cap.upper().removeprefix("CAP_") in ("SYS_ADMIN", "ALL") for cap in flags.get("cap-add", []))
    container.net_admin = capabilities.granted(flag(flags, "privileged"), flags.get("cap-add", []),
                                               flags.get("cap-drop", []))
    container.user = value(flags, "user") or ""
    for i, (host_ip, host_port, cport, proto) in enumerate(container.ports):
        if host_port == 0:
            container.ports[i] = (host_ip, _ephemeral(engine, container), cport, proto)
        elif netdriver.port_taken(engine, host_ip, host_port, proto):
            engine.containers[cid] = container
            raise daemon_error(
                f"driver failed programming external connectivity on endpoint {container.name} "
                f"({ids.new_id(engine.rng)}): Bind for {host_ip or '0.0.0.0'}:{host_port} failed: "
                "port is already allocated", "run", 125)
    if publish_all and network not in ("host", "none"):
        bound = {(c, p) for _, _, c, p in container.ports}
        for spec in image.exposed:
            cport, _, proto = spec.partition("/")
            if (int(cport), proto) not in bound:
                container.ports.append(("", _ephemeral(engine, container), int(cport), proto))
    engine.containers[cid] = container
    try:
        result = lifecycle.start(ctx, engine, container, network, flags.get("alias", []), wanted,
                                 stdin if container.interactive else "")
    except lifecycle.StartError as exc:
        container.status, container.exit_code = "created", exc.code
        if container.auto_remove:
            lifecycle.remove(ctx, engine, container)
        return CommandResult("", stderr + daemon_error(
            "failed to create task for container: failed to create shim task: OCI runtime create failed: "
            f"runc create failed: unable to start container process: {exc.message}: unknown", "run",
            exc.code).text, exc.code)
    except (HostOpError, ValueError) as exc:
        lifecycle.release_network(ctx, engine, container)
        container.status = "created"
        return CommandResult("", stderr + daemon_error(str(exc), "run", 125).text, 125)
    stdout = ""
    code = 0
    if container.detach:
        stdout = cid + "\n"
    elif result is not None:
        if container.tty:
            result = through_tty(result)
        stdout, code = result.stdout, result.returncode
        stderr += result.stderr
    else:
        out, err = "", ""
        for stream, line in container.logs:
            if stream == "stdout":
                out += line + "\n"
            else:
                err += line + "\n"
        code = container.exit_code if not container.running else 0
        if container.tty:
            out, err = through_tty(CommandResult(out, err, code)).stdout, ""
        stdout, stderr = out, stderr + err
    if container.auto_remove and not container.running:
        lifecycle.remove(ctx, engine, container)
    return CommandResult(stdout, stderr, code)


def endpoint_check(key: str, net: Any, ip: str) -> tuple[Optional[ipaddress.IPv4Address], list[str]]:
    """moby 28's validateEndpointSettings for --ip on network `key` (net: the network found by that name, or
    None): the address, and the refusals (a predefined network, an address net.ParseIP/To4 does not take, one
    outside the network's subnet)."""
    problems = [] if net is not None and net.user_defined else \
        ["user specified IP address is supported on user defined networks only"]
    try:
        parsed = ipaddress.ip_address(ip)
        address = parsed if isinstance(parsed, ipaddress.IPv4Address) else parsed.ipv4_mapped
    except ValueError:
        address = None
    if address is None or address.is_unspecified:
        problems.append(f"invalid IPv4 address: {ip}")
        address = None
    if net is not None and net.subnet is not None and (address is None or address not in net.subnet):
        problems.append(f"no configured subnet or ip-range contain the IP address {ip}")
    return address, problems


def go_join(errors: list[str]) -> str:
    """moby's multierror.Join: one error as it is, more as a `* ` list."""
    if len(errors) == 1:
        return errors[0].strip()
    return "* " + "\n* ".join(e.replace("\n", "\n\t") for e in errors)


def _joined(engine: Engine, mode: str, ports: list, flags: dict) -> str:
    """--network container:NAME: the daemon's checks at create (runconfig's conflicts, the container looked
    up); the mode is kept with the container's full id, as HostConfig.NetworkMode shows it."""
    if ports:
        raise daemon_error("conflicting options: port publishing and the container type network mode", "run", 125)
    if flags.get("hostname"):
        raise daemon_error("conflicting options: hostname and the network mode", "run", 125)
    target = engine.find_container(mode.split(":", 1)[1])
    if target is None:
        raise daemon_error(f"No such container: {mode.split(':', 1)[1]}", "run", 125)
    return "container:" + target.id


def _extra_host(value: str) -> tuple[str, str]:
    """NAME=IP or NAME:IP, already checked by opts.ValidateExtraHost as the flag was parsed."""
    name, eq, ip = value.partition("=")
    if not eq:
        name, _, ip = value.partition(":")
    return name, ip if ip == "host-gateway" else str(ipaddress.ip_address(ip.strip().strip("[]")))


def _ephemeral(engine: Engine, container: Container) -> int:
    """The next free port of the ephemeral range dockerd picks from for `-p CONT` and `-P`."""
    port = 32768
    used = {p for c in [*engine.containers.values(), container] for _, p, _, _ in c.ports}
    while port in used:
        port += 1
    return port
