"""ping's short ways (nettools/ping_fast.py, and the terminal line's way to it) leave exactly what ping.py's own
way leaves: random scenarios (tests/net/express_scenarios.py's topology, state changes and reads, and ping's
variants here: -q, -n, -s, -t, -W 0, -i, timeouts around ping or inside the netns, multicast, broadcast, lo,
ICMP rate limits, REJECT with other types, names) run with the short ways off and on give the same text: every
output, counters, neighbours, FDB, SNMP, netstat, iptables counters, conntrack, traces, model clock and queue.
"""
from __future__ import annotations

import random
from typing import Callable

import pytest

from course_lib.shell import interpreter_exec
from course_lib.shell.nettools import ping_fast

try:
    from tests.net.datapath_scenarios import scenario as _scenario
    from tests.net.express_scenarios import _more as _express_more, _state, _tail
except ImportError:                                 # run from tests/shell
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "net"))
    from datapath_scenarios import scenario as _scenario  # type: ignore[no-redef]
    from express_scenarios import _more as _express_more, _state, _tail  # type: ignore[no-redef]

SEEDS = 60


def _more(rng: random.Random, n: int) -> list[Callable[[], str]]:
    hosts = [f"h{i}" for i in range(1, n + 1)]
    ips = [f"10.9.0.{i + 1}" for i in range(1, n + 1)] + ["10.9.0.1", "10.8.0.2", "10.7.0.1", "10.9.0.77"]
    host = lambda: rng.choice(hosts)                # noqa: E731
    ip = lambda: rng.choice(ips)                    # noqa: E731
    flags = ["-q", "-n", "-s 0", "-s 4", "-s 7", "-s 8", "-s 1400", "-t 1", "-t 2", "-W 0", "-W 0.5", "-i 0.2",
             "-q -i 0.3 -W 2", "-n -q", "-t 0", "-p ff", "-M do -s 1600", "-w 1", "-b", "-4", "-6", "-c 2 -c 1"]
    return _express_more(rng, n) + [
        lambda: f"ip netns exec {host()} ping -c {rng.randint(1, 3)} {rng.choice(flags)} {ip()}",
        lambda: f"ip netns exec {host()} ping {rng.choice(flags)} -c {rng.randint(1, 2)} {ip()}",
        lambda: f"timeout {rng.choice(['0.5', '1', '2.2'])} ip netns exec {host()} ping -c 4 -i 0.4 {ip()}",
        lambda: f"ip netns exec {host()} timeout {rng.choice(['-s INT ', '-s TERM ', ''])}1.5 ping -c 5 {ip()}",
        lambda: f"ip netns exec {host()} ping -c 1 {rng.choice(['224.0.0.1', '255.255.255.255', '10.9.0.255', '0'])}",
        lambda: f"ip netns exec {rng.choice(hosts + ['router'])} sysctl -qw net.ipv4.icmp_ratelimit="
                f"{rng.choice([0, 1000])}",
        lambda: f"ip netns exec {rng.choice(['router', host()])} iptables -A {rng.choice(['INPUT', 'FORWARD', 'OUTPUT'])} "
                f"-p icmp -j REJECT --reject-with {rng.choice(['icmp-host-prohibited', 'icmp-net-unreachable'])}",
        lambda: f"ip netns exec {host()} ping -c 1 {rng.choice(['bee', 'localhost', '10.9.0.2.', '0x0a090002'])}",
        lambda: f"echo '{ip()} bee' > /etc/netns/{host()}/hosts",
        lambda: f"mkdir -p /etc/netns/{host()}",
        lambda: f"ping -c 1 {rng.choice(['127.0.0.1', '10.9.0.2'])}",
        lambda: f"ip netns exec {host()} ping -c 2 -i 0.2 {ip()}; echo $? $_",
        lambda: f"ip netns exec {host()} ping -c 1 {ip()} | tail -2",
        lambda: f"ip netns del {host()}; ip netns add h1",
        lambda: f"ip -n {host()} addr flush dev eth0",
        lambda: f"ip -n {host()} route del default",
    ]


def scenario(seed: int) -> str:
    return _scenario(seed, 30, more=_more, state=_state, fdb="bridge -n router -s fdb show", peek=0.2, traced=0.08,
                     tail=_tail)


def _both(seed: int, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.setattr(ping_fast, "ON", False)
    monkeypatch.setattr(interpreter_exec, "PING_DIRECT", False)
    general = scenario(seed)
    monkeypatch.setattr(ping_fast, "ON", True)
    monkeypatch.setattr(interpreter_exec, "PING_DIRECT", True)
    return general, scenario(seed)


@pytest.mark.parametrize("block", range(6))
def test_ping_fast_same_text_as_the_general_path(block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    for seed in range(block, SEEDS, 6):
        general, fast = _both(seed, monkeypatch)
        assert fast == general, f"seed {seed}"


def test_the_fast_path_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = ping_fast._run_plan
    monkeypatch.setattr(ping_fast, "_run_plan", lambda *a: calls.append(a) or real(*a))
    scenario(3)
    assert len(calls) > 5


def test_echo_requests_are_the_dataclass_packets(monkeypatch: pytest.MonkeyPatch) -> None:
    """ping's packet maker (one store per field) makes what Packet(...) makes, field by field, traced or not."""
    import ipaddress

    from course_lib.net import trace
    from course_lib.net.packet import Packet
    from course_lib.shell.nettools import ping
    assert ping._echo_request is not ping._echo_request_init
    src, dst = ipaddress.IPv4Address("10.0.0.1"), ipaddress.IPv4Address("10.0.0.2")
    for active in (None, object()):
        monkeypatch.setattr(trace, "ACTIVE", active)
        made, init = ping._echo_request(src, dst, 7, 0x1a2b, 3, 92), ping._echo_request_init(src, dst, 7, 0x1a2b, 3, 92)
        assert [getattr(made, name) for name in Packet.__slots__] == [getattr(init, name) for name in Packet.__slots__]
        assert made.trace is active


def test_ping_endpoints_are_delivery_endpoints() -> None:
    """ping opens its endpoint as delivery.open_endpoint does (fields set one by one): the same slots, all set."""
    from course_lib import Lab
    from course_lib.net import delivery
    from course_lib.shell.nettools import ping
    lab = Lab()
    seen = []
    real = ping.ip_send

    def spy(netns, pkt, oif=None):
        seen.append(delivery.endpoints(netns)[(pkt.proto, pkt.icmp_id)])
        return real(netns, pkt, oif)
    ping.ip_send = spy
    try:
        assert lab.run("ping -c 1 127.0.0.1").returncode == 0
    finally:
        ping.ip_send = real
    made = delivery.Endpoint(seen[0].netns, "icmp", seen[0].port)
    assert set(delivery.Endpoint.__slots__) == {"netns", "proto", "port", "inbox", "bound"}
    fields = ("netns", "proto", "port", "bound")        # bound: no -I, so no device (None)
    assert [getattr(seen[0], name) for name in fields] == [getattr(made, name) for name in fields]
    assert seen[0].inbox == [] and not delivery.endpoints(seen[0].netns)
