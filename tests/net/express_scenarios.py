"""Random scenarios for the express lane's proof: datapath_scenarios' topology and steps, and more of them.

On top of tests/net/datapath_scenarios.py's steps (pings, link/port/FDB/neighbour/sysctl/iptables changes,
model time passing), a step here may: ping in both directions with many requests in flight or a wait
shorter than a round trip (the pump's limit cuts a chain of hops), sleep around the neighbour and FDB
timers (30 s REACHABLE, 5 s DELAY, 300 s ageing) or for a few microseconds, set neighbour states and
static FDB entries, change routes and addresses, delete a link or a netns, trace a ping (lab.trace),
and read any state; routed steps (a second router, "out", forwarding to netns "far": TTLs that run out,
forwarding and rp_filter per device, FORWARD rules, MTUs, neighbours flushed or set). The text holds every output, then every netns's counters, neighbours (`-s`),
/proc/net/snmp, `netstat -s`, the FDB (`-s`), iptables counters, conntrack, the model clock and the
scheduler's queue (times and handlers).
"""
from __future__ import annotations

import random
from typing import Callable

from course_lib import Lab
from course_lib.net.events import scheduler

try:
    from tests.net.datapath_scenarios import scenario as _scenario
except ImportError:                                 # run from tests/net
    from datapath_scenarios import scenario as _scenario  # type: ignore[no-redef]


def _more(rng: random.Random, n: int) -> list[Callable[[], str]]:
    hosts = [f"h{i}" for i in range(1, n + 1)]
    ips = [f"10.9.0.{i + 1}" for i in range(1, n + 1)]
    host = lambda: rng.choice(hosts)                # noqa: E731
    nud = lambda: rng.choice(["reachable", "stale", "delay", "probe", "permanent", "noarp"])  # noqa: E731
    return [
        lambda: f"ip netns exec {host()} ping -c {rng.randint(2, 6)} -i {rng.choice(['0', '0.00002', '0.001'])} "
                f"{rng.choice(ips)}",
        lambda: f"ip netns exec {host()} ping -c {rng.randint(1, 3)} -W {rng.choice(['0.00002', '0.00003', '0.0001'])} "
                f"-i 0.00001 {rng.choice(ips + ['10.9.0.1', '10.8.0.2'])}",
        lambda: f"ip netns exec {host()} ping -c 1 {rng.choice(ips)}; ip netns exec {host()} ping -c 1 "
                f"{rng.choice(ips)}",
        lambda: f"ip netns exec {rng.choice(['router', 'out'])} ping -c 2 -i 0.3 {rng.choice(ips)}",
        lambda: f"sleep {rng.choice(['0.00001', '0.00002', '0.5', '4.9', '5.1', '25', '29.99', '30.01', '35', '299'])}",
        lambda: f"ip -n {host()} neigh replace {rng.choice(ips + ['10.9.0.1'])} lladdr "
                f"{rng.choice(['02:00:00:00:00:09', '02:00:00:00:00:01'])} dev eth0 nud {nud()}",
        lambda: f"ip -n {host()} neigh change {rng.choice(ips + ['10.9.0.1'])} dev eth0 nud {nud()}",
        lambda: f"ip -n {host()} neigh del {rng.choice(ips + ['10.9.0.1'])} dev eth0",
        lambda: f"bridge -n router fdb {rng.choice(['add', 'replace', 'del'])} "
                f"{rng.choice(['02:00:00:00:00:01', '02:00:00:00:00:09'])} dev p{rng.randint(1, n)} master static",
        lambda: f"ip -n {host()} route {rng.choice(['add', 'del'])} {rng.choice(ips)}/32 dev eth0",
        lambda: f"ip -n {host()} route replace default via 10.9.0.{rng.randint(1, n + 1)}",
        lambda: f"ip -n {host()} addr del {rng.choice(ips)}/24 dev eth0",
        lambda: f"ip -n {host()} link set eth0 mtu {rng.choice([1500, 1400])}",
        lambda: f"ip -n router link set p{rng.randint(1, n)} type bridge_slave state {rng.choice([0, 2, 3])}",
        lambda: f"ip netns exec {host()} sysctl -w net.ipv4.icmp_echo_ignore_all={rng.randint(0, 1)}",
        lambda: f"ip netns exec {host()} iptables -{rng.choice('AI')} {rng.choice(['INPUT', 'OUTPUT'])} -p icmp "
                f"-j {rng.choice(['ACCEPT', 'DROP'])}",
        lambda: f"ip netns exec {host()} iptables -F",
        lambda: f"ip -n router link del p{rng.randint(1, n)}",
        lambda: f"ip netns del {host()}",
        lambda: f"ip -n {host()} link set lo {rng.choice(['down', 'up'])}",
        lambda: f"ip netns exec {host()} ping -c 1 127.0.0.1",
        lambda: f"ip netns exec {host()} ping -c 1 -I eth0 {rng.choice(ips)}",
    ] + _routed(rng, host, ips)


# a second router behind "out": netns "far" on a veth of "out", so a packet to 10.6.0.2 is forwarded twice (the
# router's bridge, then out's veths: the express lane's routed hop)
_FAR = ("ip netns add far; ip -n far link set lo up; ip -n out link add v0 type veth peer name eth0 netns far; "
        "ip -n out addr add 10.6.0.1/24 dev v0; ip -n out link set v0 up; ip -n far addr add 10.6.0.2/24 dev eth0; "
        "ip -n far link set eth0 up; ip -n far route add default via 10.6.0.1; "
        "ip -n router route add 10.6.0.0/24 via 10.8.0.2; ip netns exec out sysctl -w net.ipv4.ip_forward=1; "
        "ip netns exec router sysctl -w net.ipv4.ip_forward=1")


def _routed(rng: random.Random, host: Callable[[], str], ips: list[str]) -> list[Callable[[], str]]:
    """Routed steps: pings through the router (and out, once far exists) with TTLs that run out, forwarding and
    rp_filter switched per device, FORWARD rules, MTUs, neighbour entries flushed or left to expire."""
    far = ["10.6.0.2", "10.6.0.1", "10.8.0.2"]
    ttl = lambda: rng.choice(["", "", "-t 1 ", "-t 2 ", "-t 3 "])            # noqa: E731
    return [
        lambda: _FAR,
        lambda: _FAR,
        lambda: f"ip netns exec {host()} ping -c {rng.randint(1, 3)} -i 0.001 -W 1 {ttl()}{rng.choice(far)}",
        lambda: f"ip netns exec {host()} ping -c {rng.randint(1, 3)} -i 0.001 -W 1 {ttl()}{rng.choice(far)}",
        lambda: f"ip netns exec {rng.choice(['far', 'out'])} ping -c {rng.randint(1, 3)} -i 0.001 -W 1 {ttl()}"
                f"{rng.choice(ips + far)}",
        lambda: f"ip netns exec far ping -c 2 -i 0.00002 -W 0.0001 {rng.choice(ips)}",
        lambda: f"ip netns exec {rng.choice(['out', 'router'])} sysctl -w "
                f"net.ipv4.{rng.choice(['ip_forward', 'conf.all.forwarding', 'conf.eth0.forwarding', 'conf.v0.forwarding', 'conf.up0.forwarding'])}"
                f"={rng.randint(0, 1)}",
        lambda: f"ip netns exec {rng.choice(['out', 'router'])} sysctl -w "
                f"net.ipv4.conf.{rng.choice(['all', 'eth0', 'up0', 'v0'])}.rp_filter={rng.randint(0, 2)}",
        lambda: f"ip netns exec out iptables -{rng.choice('AI')} FORWARD {rng.choice(['', '-p icmp ', '-d 10.6.0.2 '])}"
                f"-j {rng.choice(['ACCEPT', 'DROP', 'REJECT'])}",
        lambda: "ip netns exec out iptables -F",
        lambda: f"ip -n {rng.choice(['out', 'far'])} link set {rng.choice(['eth0', 'v0'])} mtu {rng.choice([1500, 1400, 1280])}",
        lambda: f"ip -n {rng.choice(['out', 'far', 'router'])} neigh flush all",
        lambda: f"ip -n out link set v0 {rng.choice(['down', 'up', 'up'])}",
        lambda: f"ip -n {rng.choice(['out', 'router'])} route {rng.choice(['add', 'del'])} 10.6.0.2/32 dev "
                f"{rng.choice(['v0', 'eth0', 'up0'])}",
        lambda: "ip -n out route replace 10.9.0.0/24 via 10.8.0.1 dev eth0",
        lambda: f"ip -n far neigh replace 10.6.0.1 lladdr 02:00:00:00:00:0{rng.randint(1, 9)} dev eth0 nud "
                f"{rng.choice(['reachable', 'stale', 'delay', 'permanent'])}",
    ]


def _state(ns: str) -> list[str]:
    return [f"ip -n {ns} -s link", f"ip -n {ns} -s neigh", f"ip netns exec {ns} cat /proc/net/snmp",
            f"ip netns exec {ns} netstat -s", f"ip netns exec {ns} iptables -L -v -n -x"]


def _tail(lab: Lab) -> str:
    """far's state (when it was made), conntrack, the model clock and the scheduler's queue (times and handlers)."""
    text = []
    for cmd in _state("far") + ["ip netns exec router conntrack -L", "ip netns exec out conntrack -L"]:
        r = lab.run(cmd)
        text.append(f"$ {cmd}\n{r.stdout}{r.stderr}rc={r.returncode}\n")
    net = lab.network
    queue = sorted((when, fn.__name__) for when, _, fn, _ in scheduler(net).queued())
    return "".join(text) + f"clock {net.clock!r}\nqueue {queue}\n"


def scenario(seed: int, steps: int = 30) -> str:
    """Run one random scenario; the outputs of its commands and the final state, as text."""
    return _scenario(seed, steps, more=_more, state=_state, fdb="bridge -n router -s fdb show", peek=0.2,
                     traced=0.08, tail=_tail)
