"""Docker's embedded DNS at 127.0.0.11 in containers of user-defined networks: names of peers, else forward."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from course_lib.docker import files
from course_lib.docker.hostops import read_file

if TYPE_CHECKING:
    from course_lib.docker.engine import Container, Engine
    from course_lib.shell.context import ExecContext

TTL = 600


def _names(container: "Container", network: str) -> set[str]:
    names = {container.name, container.short_id, container.hostname}
    endpoint = container.endpoints.get(network)
    if endpoint is not None:
        names.update(endpoint.aliases)
    return {n.lower() for n in names}


def lookup(engine: "Engine", asker: "Container", qname: str) -> list[str]:
    """Addresses of containers sharing a user-defined network with `asker`, by name, alias or short id."""
    name = qname.rstrip(".").lower()
    found: list[str] = []
    for net_name, endpoint in asker.endpoints.items():
        if not endpoint.network.user_defined:
            continue
        for other in engine.containers.values():
            if not other.running:
                continue
            peer = other.endpoints.get(net_name)
            if peer is None or peer.ip is None:
                continue
            for candidate in _names(other, net_name):
                if name == candidate or name == f"{candidate}.{net_name}":
                    found.append(str(peer.ip))
                    break
    return found


def reverse(engine: "Engine", asker: "Container", qname: str) -> list[str]:
    """PTR: `name.network.` of a container with that address on a user-defined network shared with `asker`."""
    labels = qname.rstrip(".").lower().split(".")
    if labels[-2:] != ["in-addr", "arpa"] or len(labels) != 6:
        return []
    address = ".".join(reversed(labels[:4]))
    found = []
    for net_name, endpoint in asker.endpoints.items():
        if not endpoint.network.user_defined:
            continue
        for other in engine.containers.values():
            peer = other.endpoints.get(net_name)
            if other.running and peer is not None and str(peer.ip) == address:
                found.append(f"{other.name}.{net_name}.")
    return found


def serve(ctx: "ExecContext", engine: "Engine", container: "Container") -> None:
    """Bind the resolver on 127.0.0.11:53 in the container's netns."""
    host_ctx = ctx.derive(machine=engine.machine, netns=engine.machine.root, netns_name=None)

    def handle(query: Any, client: tuple[str, int]) -> Optional[Any]:
        from course_lib.dns.message import RR
        reply = query.reply()
        reply.ra = True
        if query.qtype == "PTR":
            names = reverse(engine, container, query.qname)
            if names:
                reply.answer = [RR(query.qname if query.qname.endswith(".") else query.qname + ".", TTL, "PTR", n)
                                for n in names]
                return reply
        if query.qtype in ("A", "AAAA", "ANY"):
            addresses = lookup(engine, container, query.qname)
            if addresses:
                if query.qtype != "AAAA":
                    reply.answer = [RR(query.qname if query.qname.endswith(".") else query.qname + ".", TTL, "A", a)
                                    for a in addresses]
                return reply
        return _forward(host_ctx, engine, query, reply)

    from course_lib.docker import iptables_rules
    from course_lib.net.packet import TCP, UDP
    from course_lib.net.sockets import SocketError, ephemeral_port, tcp_listen, udp_bind

    def serve_any(payload: Any, src_ip: Any, src_port: int, dst_ip: Any) -> Any:
        return handle(payload, (str(src_ip), src_port))

    # as dockerd: listeners on 127.0.0.11 with kernel-chosen ports (lo's local 127.0.0.0/8 route makes
    # the address bindable), and nat rules in the container's netns DNATing port 53 to them
    netns = container.box.root
    try:
        udp_port = ephemeral_port(netns, UDP)
        udp = udp_bind(netns, "127.0.0.11", udp_port, serve_any, process_name="dockerd", pid=engine.dockerd_pid)
        tcp_port = ephemeral_port(netns, TCP)
        tcp = tcp_listen(netns, "127.0.0.11", tcp_port, serve_any, process_name="dockerd", pid=engine.dockerd_pid,
                         backlog=4096)          # Go: net.core.somaxconn
    except SocketError:
        return
    container.servers += [(netns, udp), (netns, tcp)]
    box_ctx = ctx.derive(machine=container.box, netns=netns, netns_name=None)
    for argv in iptables_rules.embedded_dns(tcp_port, udp_port):
        box_ctx.run_argv(argv, "")


def _forward(host_ctx: "ExecContext", engine: "Engine", query: Any, reply: Any) -> Any:
    from course_lib.dns.transport import OK, exchange
    for server in files.external_servers(read_file(engine.machine, "/etc/resolv.conf")):
        result = exchange(host_ctx, server, 53, query, 5.0)
        if result.status == OK and result.response is not None:
            return result.response
    reply.rcode = "SERVFAIL"
    return reply


def unserve(container: "Container") -> None:
    from course_lib.dns.transport import unbind
    for netns, listener in list(container.servers):
        if getattr(listener, "proto", "") in ("udp", "tcp") and str(getattr(listener, "ip", "")) == "127.0.0.11":
            unbind(netns, listener)
            container.servers.remove((netns, listener))
