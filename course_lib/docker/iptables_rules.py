"""The iptables commands dockerd (24-27, iptables-nft, userland proxy on) issues, as argv lists."""
from __future__ import annotations

import ipaddress

Argv = list[str]


def _ipt(*args: str) -> Argv:
    return ["iptables", *args]


def engine_start() -> list[Argv]:
    """Chains and jumps made when the engine starts (before any bridge network is wired)."""
    return [
        _ipt("-t", "nat", "-N", "DOCKER"),
        _ipt("-t", "filter", "-N", "DOCKER"),
        _ipt("-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-1"),
        _ipt("-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-2"),
        _ipt("-t", "filter", "-N", "DOCKER-USER"),
        _ipt("-t", "nat", "-A", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"),
        _ipt("-t", "nat", "-A", "OUTPUT", "!", "-d", "127.0.0.0/8", "-m", "addrtype", "--dst-type", "LOCAL",
             "-j", "DOCKER"),
        _ipt("-t", "filter", "-P", "FORWARD", "DROP"),
        _ipt("-t", "filter", "-A", "FORWARD", "-j", "DOCKER-USER"),
        _ipt("-t", "filter", "-A", "FORWARD", "-j", "DOCKER-ISOLATION-STAGE-1"),
        _ipt("-t", "filter", "-A", "DOCKER-ISOLATION-STAGE-1", "-j", "RETURN"),
        _ipt("-t", "filter", "-A", "DOCKER-ISOLATION-STAGE-2", "-j", "RETURN"),
        _ipt("-t", "filter", "-A", "DOCKER-USER", "-j", "RETURN"),
    ]


def _network_rules(bridge: str, subnet: ipaddress.IPv4Network,
                   internal: bool = False) -> list[tuple[str, str, list[str], str]]:
    """(table, chain, rule spec, position) of one bridge network; position "3" inserts in FORWARD.

    An --internal network only lets its members talk to each other: no NAT, no way out or in.
    """
    if internal:
        return [
            ("filter", "FORWARD", ["-i", bridge, "-o", bridge, "-j", "ACCEPT"], "3"),
            ("filter", "DOCKER-ISOLATION-STAGE-1", ["!", "-d", str(subnet), "-i", bridge, "-j", "DROP"], "1"),
            ("filter", "DOCKER-ISOLATION-STAGE-1", ["!", "-s", str(subnet), "-o", bridge, "-j", "DROP"], "1"),
        ]
    return [
        ("nat", "POSTROUTING", ["-s", str(subnet), "!", "-o", bridge, "-j", "MASQUERADE"], "1"),
        ("nat", "DOCKER", ["-i", bridge, "-j", "RETURN"], "1"),
        ("filter", "FORWARD", ["-i", bridge, "-o", bridge, "-j", "ACCEPT"], "3"),
        ("filter", "FORWARD", ["-i", bridge, "!", "-o", bridge, "-j", "ACCEPT"], "3"),
        ("filter", "FORWARD", ["-o", bridge, "-j", "DOCKER"], "3"),
        ("filter", "FORWARD", ["-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED",
                               "-j", "ACCEPT"], "3"),
        ("filter", "DOCKER-ISOLATION-STAGE-1", ["-i", bridge, "!", "-o", bridge, "-j",
                                                "DOCKER-ISOLATION-STAGE-2"], "1"),
        ("filter", "DOCKER-ISOLATION-STAGE-2", ["-o", bridge, "-j", "DROP"], "1"),
    ]


def network_add(bridge: str, subnet: ipaddress.IPv4Network, internal: bool = False) -> list[Argv]:
    """Rules for a bridge network, inserted so the newest network's rules come first."""
    return [_ipt("-t", t, "-I", chain, pos, *spec)
            for t, chain, spec, pos in _network_rules(bridge, subnet, internal)]


def network_remove(bridge: str, subnet: ipaddress.IPv4Network, internal: bool = False) -> list[Argv]:
    return [_ipt("-t", t, "-D", chain, *spec) for t, chain, spec, _ in _network_rules(bridge, subnet, internal)]


def _port_rules(bridge: str, host_ip: str, host_port: int, cip: ipaddress.IPv4Address, cport: int,
                proto: str) -> list[tuple[str, str, list[str]]]:
    dst = ["-d", f"{host_ip}/32"] if host_ip not in ("", "0.0.0.0") else []
    return [
        ("nat", "DOCKER", [*dst, "!", "-i", bridge, "-p", proto, "-m", proto, "--dport", str(host_port),
                           "-j", "DNAT", "--to-destination", f"{cip}:{cport}"]),
        ("nat", "POSTROUTING", ["-s", f"{cip}/32", "-d", f"{cip}/32", "-p", proto, "-m", proto,
                                "--dport", str(cport), "-j", "MASQUERADE"]),
        ("filter", "DOCKER", ["-d", f"{cip}/32", "!", "-i", bridge, "-o", bridge, "-p", proto, "-m", proto,
                              "--dport", str(cport), "-j", "ACCEPT"]),
    ]


def publish(bridge: str, host_ip: str, host_port: int, cip: ipaddress.IPv4Address, cport: int,
            proto: str = "tcp") -> list[Argv]:
    """DNAT, hairpin MASQUERADE and ACCEPT for `-p [IP:]HOST:CONT[/proto]`."""
    return [_ipt("-t", t, "-A", chain, *spec) for t, chain, spec in
            _port_rules(bridge, host_ip, host_port, cip, cport, proto)]


def unpublish(bridge: str, host_ip: str, host_port: int, cip: ipaddress.IPv4Address, cport: int,
              proto: str = "tcp") -> list[Argv]:
    return [_ipt("-t", t, "-D", chain, *spec) for t, chain, spec in
            _port_rules(bridge, host_ip, host_port, cip, cport, proto)]


def embedded_dns(tcp_port: int, udp_port: int) -> list[Argv]:
    """The nat rules dockerd puts in a container's netns for its DNS server at 127.0.0.11."""
    return [
        _ipt("-t", "nat", "-N", "DOCKER_OUTPUT"),
        _ipt("-t", "nat", "-N", "DOCKER_POSTROUTING"),
        _ipt("-t", "nat", "-A", "OUTPUT", "-d", "127.0.0.11/32", "-j", "DOCKER_OUTPUT"),
        _ipt("-t", "nat", "-A", "POSTROUTING", "-d", "127.0.0.11/32", "-j", "DOCKER_POSTROUTING"),
        _ipt("-t", "nat", "-A", "DOCKER_OUTPUT", "-d", "127.0.0.11/32", "-p", "tcp", "-m", "tcp", "--dport", "53",
             "-j", "DNAT", "--to-destination", f"127.0.0.11:{tcp_port}"),
        _ipt("-t", "nat", "-A", "DOCKER_OUTPUT", "-d", "127.0.0.11/32", "-p", "udp", "-m", "udp", "--dport", "53",
             "-j", "DNAT", "--to-destination", f"127.0.0.11:{udp_port}"),
        _ipt("-t", "nat", "-A", "DOCKER_POSTROUTING", "-s", "127.0.0.11/32", "-p", "tcp", "-m", "tcp",
             "--sport", str(tcp_port), "-j", "SNAT", "--to-source", ":53"),
        _ipt("-t", "nat", "-A", "DOCKER_POSTROUTING", "-s", "127.0.0.11/32", "-p", "udp", "-m", "udp",
             "--sport", str(udp_port), "-j", "SNAT", "--to-source", ":53"),
    ]
