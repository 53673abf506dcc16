"""Random command-line scenarios on a bridged segment with a router, and everything a learner can read after them.

Used to compare two ways of running the datapath (tests/net/test_datapath_fast.py): hosts h1..hN on bridge
br0 in netns "router", which also routes to netns "out"; each step pings (unicast, broadcast, to itself,
to nobody), changes links, bridge ports, FDB and neighbour tables, sysctls or iptables rules, or lets model
time pass (neighbour and FDB ageing). The text holds every command's output and, at the end, every
netns's link counters, neighbours, /proc/net/snmp and /proc/net/netstat and the bridge's FDB.
"""
from __future__ import annotations

import random
from typing import Callable, Optional

from course_lib import Lab


def _topology(n: int) -> list[str]:
    lines = ["ip netns add router", "ip -n router link set lo up", "ip -n router link add br0 type bridge",
             "ip -n router link set br0 up", "ip -n router addr add 10.9.0.1/24 dev br0",
             "ip netns add out", "ip -n out link set lo up",
             "ip -n router link add up0 type veth peer name eth0 netns out",
             "ip -n router addr add 10.8.0.1/24 dev up0", "ip -n router link set up0 up",
             "ip -n out addr add 10.8.0.2/24 dev eth0", "ip -n out link set eth0 up",
             "ip -n out route add default via 10.8.0.1"]
    for i in range(1, n + 1):
        lines += [f"ip netns add h{i}", f"ip -n h{i} link set lo up",
                  f"ip -n h{i} link add eth0 type veth peer name p{i} netns router",
                  f"ip -n router link set p{i} master br0", f"ip -n router link set p{i} up",
                  f"ip -n h{i} link set eth0 up", f"ip -n h{i} addr add 10.9.0.{i + 1}/24 dev eth0",
                  f"ip -n h{i} route add default via 10.9.0.1"]
    return lines


def _actions(rng: random.Random, n: int) -> list[Callable[[], str]]:
    hosts = [f"h{i}" for i in range(1, n + 1)]
    targets = [f"10.9.0.{i + 1}" for i in range(1, n + 1)] + [
        "10.9.0.1", "10.8.0.2", "10.9.0.255", "10.9.0.77", "127.0.0.1", "10.8.0.1", "10.7.0.1"]
    host, port = (lambda: rng.choice(hosts)), (lambda: f"p{rng.randint(1, n)}")
    return [
        lambda: f"ip netns exec {host()} ping -c {rng.randint(1, 3)} -i 0.{rng.randint(2, 9)} -W 1 {rng.choice(targets)}",
        lambda: f"ip netns exec {rng.choice(hosts + ['out', 'router'])} ping -c 1 -W 1 {rng.choice(targets)}",
        lambda: f"ip netns exec {host()} ping -b -c 2 -W 1 10.9.0.255",
        lambda: f"ip -n router link set {port()} {rng.choice(['down', 'up'])}",
        lambda: f"ip -n {host()} link set eth0 {rng.choice(['down', 'up', 'up'])}",
        lambda: f"ip -n router link set br0 {rng.choice(['down', 'up', 'up'])}",
        lambda: f"sleep {rng.choice([1, 5, 31, 301])}",
        lambda: f"ip -n {host()} neigh flush all",
        lambda: rng.choice(["bridge -n router fdb flush dev br0", "ip -n router neigh flush all"]),
        lambda: f"ip netns exec router iptables -{rng.choice('AI')} FORWARD -p icmp -j "
                f"{rng.choice(['ACCEPT', 'DROP', 'REJECT'])}",
        lambda: "ip netns exec router iptables -F",
        lambda: "ip netns exec router iptables -t nat -A POSTROUTING -o up0 -j MASQUERADE",
        lambda: f"ip netns exec router sysctl -w net.bridge.bridge-nf-call-iptables={rng.randint(0, 1)}",
        lambda: f"ip netns exec router sysctl -w net.ipv4.ip_forward={rng.randint(0, 1)}",
        lambda: f"ip netns exec {host()} sysctl -w net.ipv4.icmp_echo_ignore_all={rng.randint(0, 1)}",
        lambda: f"bridge -n router link set dev {port()} "
                f"{rng.choice(['learning', 'hairpin', 'flood', 'isolated'])} {rng.choice(['on', 'off'])}",
        lambda: f"ip -n router link set br0 type bridge ageing_time {rng.choice([0, 100, 30000])}",
        lambda: f"ip -n {host()} route add 10.7.0.0/16 via 10.9.0.1",
        lambda: f"ip -n {host()} addr add 10.9.0.{rng.randint(50, 60)}/24 dev eth0",
        lambda: f"ip -n {host()} link set eth0 address 02:00:00:00:00:0{rng.randint(1, 3)}",
        lambda: f"ip -n router link set {port()} nomaster",
        lambda: f"ip -n router link set {port()} master br0",
        lambda: f"ip -n {host()} neigh replace 10.9.0.{rng.randint(1, n + 1)} lladdr 02:00:00:00:00:09 dev eth0",
        lambda: f"ip netns exec {host()} traceroute -n -q 1 -w 1 10.8.0.2",
        lambda: "ip netns exec router conntrack -L",
    ]


def _state(ns: str) -> list[str]:
    return [f"ip -n {ns} -s link", f"ip -n {ns} neigh", f"ip netns exec {ns} cat /proc/net/snmp",
            f"ip netns exec {ns} cat /proc/net/netstat"]


def scenario(seed: int, steps: int = 25, more: Optional[Callable[[random.Random, int], list]] = None,
             state: Callable[[str], list[str]] = _state, fdb: str = "bridge -n router fdb show", peek: float = 0.25,
             traced: float = 0.0, tail: Optional[Callable[[Lab], str]] = None) -> str:
    """Run one random scenario; the outputs of its commands and the final state, as text. `more`: further
    steps; `state`: what is read of a netns; `fdb`: how the FDB is read; `peek`: the chance of a read after a
    step; `traced`: the chance that a step is a traced ping (lab.trace); `tail`: a last text made of the lab."""
    rng = random.Random(seed)
    n = rng.randint(2, 4)
    lab = Lab()
    lab.run("\n".join(_topology(n)))
    out: list[str] = []

    def run(cmd: str) -> None:
        r = lab.run(cmd)
        out.append(f"$ {cmd}\n{r.stdout}{r.stderr}rc={r.returncode}\n")
    actions = _actions(rng, n) + (more(rng, n) if more is not None else [])
    names = [f"h{i}" for i in range(1, n + 1)] + ["router", "out"]
    run("ip netns exec h1 ping -c 2 -i 0.2 10.9.0.3")       # across the bridge, then at random
    for _ in range(steps):
        if traced and rng.random() < traced:
            cmd = f"ip netns exec {rng.choice(names)} ping -c 1 -W 1 10.9.0.{rng.randint(1, n + 1)}"
            out.append(f"trace {cmd}\n{lab.trace(cmd)}\n")
        else:
            run(rng.choice(actions)())
        if rng.random() < peek:
            for cmd in state(rng.choice(names)) + [fdb]:
                run(cmd)
    for ns in names:
        for cmd in state(ns):
            run(cmd)
    run(fdb)
    run("bridge -n router -s link")
    if tail is not None:
        out.append(tail(lab))
    return "".join(out)
