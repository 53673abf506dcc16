"""The bridge/host/null network drivers: docker0 and br-* bridges, veth endpoints, NAT and published ports."""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Optional

from course_lib.docker import ids, iptables_rules
from course_lib.docker.engine import DEFAULT_BRIDGE_SUBNET, Container, DockerNetwork, Endpoint, Engine
from course_lib.docker.hostops import box_context, move_link, run, run_all

if TYPE_CHECKING:
    from course_lib.shell.context import ExecContext


def mac_for(ip: ipaddress.IPv4Address) -> str:
    """The endpoint MAC libnetwork derives from the address: 02:42 and the four address bytes."""
    return "02:42:" + ":".join(f"{b:02x}" for b in ip.packed)


def start(ctx: "ExecContext", engine: Engine) -> None:
    """What dockerd does on start: forwarding on, its chains, docker0, and the default networks."""
    if engine.started:
        return
    root = engine.machine.root
    root.sysctls["net.ipv4.ip_forward"] = "1"
    root.sysctls["net.ipv4.conf.all.forwarding"] = "1"
    host_ctx = ctx.derive(machine=engine.machine, netns=root, netns_name=None)
    subnet = engine.next_subnet() if any(DEFAULT_BRIDGE_SUBNET.overlaps(n) for n in engine.host_subnets()) \
        else DEFAULT_BRIDGE_SUBNET
    bridge = DockerNetwork(ids.new_id(engine.rng), "bridge", "bridge", engine.now, subnet=subnet,
                           gateway=next(subnet.hosts()), bridge="docker0")
    make_bridge(host_ctx, engine, bridge, first=True)
    engine.networks["bridge"] = bridge
    engine.networks["host"] = DockerNetwork(ids.new_id(engine.rng), "host", "host", engine.now)
    engine.networks["none"] = DockerNetwork(ids.new_id(engine.rng), "none", "null", engine.now)
    engine.started = True


def host_context(ctx: "ExecContext", engine: Engine) -> "ExecContext":
    return ctx.derive(machine=engine.machine, netns=engine.machine.root, netns_name=None)


def make_bridge(host_ctx: "ExecContext", engine: Engine, net: DockerNetwork, first: bool = False) -> None:
    """The bridge device with the gateway address, up, and the network's iptables rules."""
    assert net.subnet is not None and net.gateway is not None
    mac = "02:42:" + ":".join(f"{engine.rng.randrange(256):02x}" for _ in range(4))
    run(host_ctx, ["ip", "link", "add", "name", net.bridge, "type", "bridge"])
    run(host_ctx, ["ip", "link", "set", "dev", net.bridge, "address", mac])
    run(host_ctx, ["ip", "addr", "add", f"{net.gateway}/{net.subnet.prefixlen}", "brd", "+", "dev", net.bridge])
    run(host_ctx, ["ip", "link", "set", "dev", net.bridge, "up"])
    link = host_ctx.netns.link_by_name(net.bridge)
    if link is not None:
        link.had_ports = True      # dockerd's bridge shows NO-CARRIER, state DOWN until a container joins
        link.txqlen = 0            # made over netlink without a queue length: `ip link` shows no qlen
    if first:
        run_all(host_ctx, iptables_rules.engine_start())
    run_all(host_ctx, iptables_rules.network_add(net.bridge, net.subnet, net.internal))


def remove_bridge(host_ctx: "ExecContext", net: DockerNetwork) -> None:
    assert net.subnet is not None
    run_all(host_ctx, iptables_rules.network_remove(net.bridge, net.subnet, net.internal))
    run(host_ctx, ["ip", "link", "del", net.bridge], check=False)


def create_network(ctx: "ExecContext", engine: Engine, name: str, subnet: ipaddress.IPv4Network,
                   gateway: Optional[ipaddress.IPv4Address], internal: bool = False,
                   ip_range: Optional[ipaddress.IPv4Network] = None) -> DockerNetwork:
    net_id = ids.new_id(engine.rng)
    net = DockerNetwork(net_id, name, "bridge", engine.now, subnet=subnet,
                        gateway=gateway or next(subnet.hosts()), bridge="br-" + net_id[:12],
                        internal=internal, user_defined=True, ip_range=ip_range)
    make_bridge(host_context(ctx, engine), engine, net)
    engine.networks[name] = net
    return net


def attach(ctx: "ExecContext", engine: Engine, container: Container, net: DockerNetwork,
           ip: Optional[ipaddress.IPv4Address] = None, aliases: Optional[list[str]] = None) -> Endpoint:
    """Join a container to a bridge network: veth pair, one end in the container as ethN."""
    host_ctx = host_context(ctx, engine)
    box = container.box
    box_ctx = box_context(ctx, box)
    address = net.allocate(ip)
    if address is None:
        raise ValueError("no available IPv4 addresses on this network's address pools: "
                         f"{net.name} ({net.id})")
    ifname = f"eth{len(container.endpoints)}"
    host_veth = ids.veth_name(engine.rng)
    temp = ids.veth_name(engine.rng)
    endpoint = Endpoint(net, ids.new_id(engine.rng), address, mac_for(address), host_veth, ifname,
                        list(aliases or []))
    endpoint.ipam_config = {"IPv4Address": str(ip)} if ip else None     # inspect's IPAMConfig: the --ip asked
    assert net.subnet is not None
    run(host_ctx, ["ip", "link", "add", host_veth, "type", "veth", "peer", "name", temp])
    for name in (host_veth, temp):          # libnetwork's netlink veths have no queue length
        link = host_ctx.netns.link_by_name(name)
        if link is not None:
            link.txqlen = 0
    run(host_ctx, ["ip", "link", "set", host_veth, "master", net.bridge])
    run(host_ctx, ["ip", "link", "set", host_veth, "up"])
    move_link(host_ctx, temp, box.root)
    run(box_ctx, ["ip", "link", "set", temp, "name", ifname])
    run(box_ctx, ["ip", "link", "set", ifname, "address", endpoint.mac])
    run(box_ctx, ["ip", "addr", "add", f"{address}/{net.subnet.prefixlen}", "brd", "+", "dev", ifname])
    run(box_ctx, ["ip", "link", "set", ifname, "up"])
    if not container.endpoints:
        run(box_ctx, ["ip", "route", "add", "default", "via", str(net.gateway)])
    container.endpoints[net.name] = endpoint
    return endpoint


def detach(ctx: "ExecContext", engine: Engine, container: Container, net: DockerNetwork) -> None:
    endpoint = container.endpoints.pop(net.name, None)
    if endpoint is None:
        return
    run(host_context(ctx, engine), ["ip", "link", "del", endpoint.host_veth], check=False)
    net.release(endpoint.ip)


def publish(ctx: "ExecContext", engine: Engine, container: Container) -> None:
    """DNAT rules for `-p` on the container's first bridge network (the proxy is started elsewhere)."""
    endpoint = first_bridge_endpoint(container)
    if endpoint is None:
        return
    host_ctx = host_context(ctx, engine)
    for host_ip, host_port, cport, proto in container.ports:
        run_all(host_ctx, iptables_rules.publish(endpoint.network.bridge, host_ip, host_port, endpoint.ip,
                                                 cport, proto))


def unpublish(ctx: "ExecContext", engine: Engine, container: Container) -> None:
    endpoint = first_bridge_endpoint(container)
    if endpoint is None:
        return
    host_ctx = host_context(ctx, engine)
    for host_ip, host_port, cport, proto in container.ports:
        run_all(host_ctx, iptables_rules.unpublish(endpoint.network.bridge, host_ip, host_port, endpoint.ip,
                                                   cport, proto))


def first_bridge_endpoint(container: Container) -> Optional[Endpoint]:
    for endpoint in container.endpoints.values():
        if endpoint.network.driver == "bridge":
            return endpoint
    return None


def port_taken(engine: Engine, host_ip: str, host_port: int, proto: str) -> bool:
    """Whether another running container already publishes that host port."""
    for other in engine.containers.values():
        if not other.running:
            continue
        for oip, oport, _, oproto in other.ports:
            if oport == host_port and oproto == proto and (oip in ("", "0.0.0.0") or host_ip in ("", "0.0.0.0")
                                                            or oip == host_ip):
                return True
    return False
