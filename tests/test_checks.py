"""Unit tests of course_lib.checks on a fake lab that answers canned command lines."""
from __future__ import annotations

from typing import Optional

import pytest

from course_lib import checks
from course_lib.net.trace import Trace
from course_lib.result import CommandResult

LINK_UP = """2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000
    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff
"""
LINK_DOWN = """2: eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff
"""
VETH = """5: veth-red@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 6a:1c:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns blue
"""
ADDR = """2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff
    inet 192.168.1.10/24 scope global eth0
       valid_lft forever preferred_lft forever
    inet6 fe80::42:acff:fe11:2/64 scope link
       valid_lft forever preferred_lft forever
"""
NO_DEV = CommandResult("", 'Device "eth9" does not exist.\n', 1)
ROUTES = """default via 192.168.1.1 dev eth0
10.0.0.1 dev eth0 scope link
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10
"""
NEIGH = """192.168.1.11 dev eth0 lladdr 02:00:00:00:00:0b REACHABLE
192.168.1.99 dev eth0 FAILED
"""
PING_OK = CommandResult("PING 192.168.1.11 (192.168.1.11) 56(84) bytes of data.\n...\n", "", 0)
PING_UNREACH = CommandResult("", "ping: connect: Network is unreachable\n", 2)


class FakeHost:
    def __init__(self, lab: "FakeLab", name: str) -> None:
        self.lab, self.name = lab, name

    def run(self, cmd: str, stdin: Optional[str] = None) -> CommandResult:
        self.lab.commands.append((self.name, cmd))
        answer = self.lab.answers.get((self.name, cmd))
        if answer is None:
            return CommandResult("", f"fake: no answer for {cmd!r}\n", 127)
        return answer if isinstance(answer, CommandResult) else CommandResult(answer, "", 0)


class FakeLab:
    def __init__(self, answers: dict, trace: Optional[Trace] = None) -> None:
        self.answers = answers
        self.commands: list[tuple[str, str]] = []
        if trace is not None:
            self.trace = lambda cmd, host="host": trace

    def host(self, name: str) -> FakeHost:
        return FakeHost(self, name)


def fails(fn, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as info:
        fn(*args, **kwargs)
    assert isinstance(info.value, checks.CheckFailed)
    message = str(info.value)
    assert message.startswith("Expected "), message
    assert "found" in message, message
    return message


def test_link_up_passes_and_fails_with_expected_found():
    lab = FakeLab({("A", "ip link show dev eth0"): LINK_UP})
    checks.assert_link_up(lab, "A", "eth0")
    lab = FakeLab({("A", "ip link show dev eth0"): LINK_DOWN})
    msg = fails(checks.assert_link_up, lab, "A", "eth0")
    assert "Expected eth0 on A to be UP, found it DOWN" in msg
    assert "ip link set eth0 up" in msg
    checks.assert_link_down(lab, "A", "eth0")


def test_missing_link_quotes_the_tools_error():
    lab = FakeLab({("A", "ip link show dev eth9"): NO_DEV})
    msg = fails(checks.assert_link_up, lab, "A", "eth9")
    assert 'Expected a link eth9 on A, found none' in msg
    assert 'Device "eth9" does not exist.' in msg
    fails(checks.assert_link_exists, lab, "A", "eth9")


def test_veth_name_with_peer_suffix_and_netns():
    lab = FakeLab({("host", "ip netns exec red ip link show dev veth-red"): VETH})
    checks.assert_link_up(lab, "host", "veth-red", netns="red")
    assert checks.mac_of(lab, "host", "veth-red", netns="red") == "6a:1c:00:00:00:01"


def test_has_address_exact_prefix_and_messages():
    answers = {("A", "ip link show dev eth0"): LINK_UP, ("A", "ip addr show dev eth0"): ADDR}
    lab = FakeLab(answers)
    checks.assert_has_address(lab, "A", "eth0", "192.168.1.10/24")
    msg = fails(checks.assert_has_address, lab, "A", "eth0", "192.168.1.10/16")
    assert "prefix length differs" in msg
    msg = fails(checks.assert_has_address, lab, "A", "eth0", "192.168.1.20/24")
    assert msg.endswith("Expected 192.168.1.20/24 on eth0 of A, found 192.168.1.10/24")
    checks.assert_has_address(lab, "A", "eth0", "fe80::42:acff:fe11:2/64")
    assert checks.addresses_of(lab, "A", "eth0") == ["192.168.1.10/24", "fe80::42:acff:fe11:2/64"]
    checks.assert_no_address(lab, "A", "eth0", "192.168.1.20/24")
    fails(checks.assert_no_address, lab, "A", "eth0", "192.168.1.10/24")


def test_has_address_when_none():
    answers = {("A", "ip link show dev eth0"): LINK_DOWN, ("A", "ip addr show dev eth0"): LINK_DOWN}
    msg = fails(checks.assert_has_address, FakeLab(answers), "A", "eth0", "192.168.1.10/24")
    assert msg.endswith("found no address")


def test_routes():
    lab = FakeLab({("A", "ip route show"): ROUTES})
    checks.assert_route(lab, "A", "default", via="192.168.1.1")
    checks.assert_route(lab, "A", "0.0.0.0/0", dev="eth0")
    checks.assert_route(lab, "A", "192.168.1.0/24", dev="eth0")
    checks.assert_route(lab, "A", "10.0.0.1/32")
    checks.assert_no_route(lab, "A", "192.168.2.0/24")
    msg = fails(checks.assert_route, lab, "A", "192.168.2.0/24", via="192.168.1.1")
    assert "Expected a route to 192.168.2.0/24 on A, found none" in msg
    msg = fails(checks.assert_route, lab, "A", "default", via="192.168.1.254")
    assert "found: default via 192.168.1.1 dev eth0" in msg
    fails(checks.assert_route, lab, "A", "default", dev="eth1")
    fails(checks.assert_no_route, lab, "A", "default")


def test_neighbour():
    lab = FakeLab({("A", "ip neigh show"): NEIGH})
    checks.assert_neighbour(lab, "A", "192.168.1.11")
    checks.assert_neighbour(lab, "A", "192.168.1.11", mac="02:00:00:00:00:0B", dev="eth0")
    msg = fails(checks.assert_neighbour, lab, "A", "192.168.1.99")
    assert "found 192.168.1.99 dev eth0 FAILED" in msg
    msg = fails(checks.assert_neighbour, lab, "A", "192.168.1.12")
    assert msg.endswith("found no entry")
    fails(checks.assert_neighbour, lab, "A", "192.168.1.11", mac="02:00:00:00:00:0c")


def test_can_ping_ok_and_failure_says_where_it_stopped():
    cmd = "ping -c 1 -W 4 192.168.1.11"
    checks.assert_can_ping(FakeLab({("A", cmd): PING_OK}), "A", "192.168.1.11")
    trace = Trace()
    trace.add("A", "route", "no route to 192.168.1.11")
    trace.add("A", "drop", "Network is unreachable")
    msg = fails(checks.assert_can_ping, FakeLab({("A", cmd): PING_UNREACH}, trace), "A", "192.168.1.11")
    assert "Expected A to get a reply from 192.168.1.11, found none" in msg
    assert "ping: connect: Network is unreachable" in msg
    assert "The packet stopped at A: Network is unreachable" in msg
    # without a trace the ping output still explains it
    msg = fails(checks.assert_can_ping, FakeLab({("A", cmd): PING_UNREACH}), "A", "192.168.1.11")
    assert "stopped" not in msg
    checks.assert_cannot_ping(FakeLab({("A", cmd): PING_UNREACH}), "A", "192.168.1.11")
    fails(checks.assert_cannot_ping, FakeLab({("A", cmd): PING_OK}), "A", "192.168.1.11")


def test_a_broken_trace_does_not_hide_the_learners_mistake():
    cmd = "ping -c 1 -W 4 10.9.9.9"
    lab = FakeLab({("A", cmd): PING_UNREACH})
    lab.trace = lambda cmd, host="host": 1 / 0
    assert "Network is unreachable" in fails(checks.assert_can_ping, lab, "A", "10.9.9.9")


def test_output_and_returncode():
    result = CommandResult("hello\n", "oops\n", 2)
    checks.assert_output_contains(result, "oops")
    checks.assert_output_contains("plain text", "text")
    msg = fails(checks.assert_output_contains, result, "bye")
    assert "Expected the output to contain 'bye', found:\n    hello\n    oops" in msg
    checks.assert_returncode(result, 2)
    assert "Expected exit code 0, found 2" in fails(checks.assert_returncode, result)
    fails(checks.assert_returncode, None)


def test_sysctl():
    lab = FakeLab({("A", "sysctl -n net.ipv4.ip_forward"): "0\n"})
    checks.assert_sysctl(lab, "A", "net.ipv4.ip_forward", "0")
    msg = fails(checks.assert_sysctl, lab, "A", "net.ipv4.ip_forward", "1")
    assert "Expected net.ipv4.ip_forward = 1 on A, found 0" in msg


def test_equal():
    checks.assert_equal("02:00:00:00:00:0b", "02:00:00:00:00:0b", "mac_b")
    msg = fails(checks.assert_equal, "x", "y", "mac_b")
    assert msg == "Expected mac_b to be 'y', found 'x'"


def test_matches():
    checks.assert_matches("02:00:00:00:00:0b", r"[0-9a-f]{2}(:[0-9a-f]{2}){5}", "mac_b")
    msg = fails(checks.assert_matches, 42, r"\d+", "n", "digits")
    assert msg == "Expected n to look like digits, found 42"


def test_failed_ping_on_the_simulated_lab_says_where_the_packet_stopped():
    from course_lib import Lab
    lab = Lab()
    sw = lab.add_switch("SW1")
    for name, ip in (("A", "192.168.1.10/24"), ("B", "192.168.1.11/24"), ("D", "192.168.2.20/24")):
        lab.connect(lab.add_host(name), sw, ifname="eth0")
        lab.host(name).run(f"ip link set eth0 up && ip addr add {ip} dev eth0")
    checks.assert_can_ping(lab, "A", "192.168.1.11")
    msg = fails(checks.assert_can_ping, lab, "D", "192.168.1.10")
    assert "ping: connect: Network is unreachable" in msg
    assert "The packet stopped at D: no route to 192.168.1.10: Network is unreachable" in msg
    lab.host("B").run("ip link set eth0 down")
    msg = fails(checks.assert_can_ping, lab, "A", "192.168.1.11")
    assert "The packet stopped at B: eth0 is down" in msg
    msg = fails(checks.assert_can_ping, lab, "A", "192.168.1.99")
    assert "The packet stopped at A: no ARP reply from 192.168.1.99 on eth0 after 3 probes: FAILED" in msg


def test_a_missing_machine_is_a_check_failure():
    from course_lib import Lab
    lab = Lab()
    lab.add_host("A")
    msg = fails(checks.assert_can_ping, lab, "C", "192.168.1.10")
    assert msg == "Expected a machine C in the lab, found none (machines: host, A)"
