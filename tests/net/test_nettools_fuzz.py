"""Random and mutated command lines never make ping, traceroute, arp, route, netstat or ss raise."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import Lab
from course_lib.shell.context import ExecContext
from course_lib.shell.registry import lookup

TOOLS = ["ping", "traceroute", "arp", "route", "netstat", "ss"]
WORDS = ["-c", "1", "-W", "0", "-w", "2", "-i", "0.2", "-I", "eth0", "lo", "-q", "-n", "-s", "0", "-t", "300",
         "-m", "3", "-q", "1", "-f", "2", "-a", "-e", "-d", "-s", "-v", "-l", "-t", "-u", "-p", "-r", "-tulpn",
         "127.0.0.1", "10.0.0.2", "10.0.0.9", "192.168.1.255", "255.255.255.255", "0", "1.2.3", "nosuch",
         "--", "-", "-z", "--help", "aa:bb:cc:dd:ee:ff", "zz", "-1", "1e9", "", " ", "-cc", "-W-1"]

_LAB = None


def _ctx() -> ExecContext:
    global _LAB
    if _LAB is None:
        _LAB = Lab()
        _LAB.run("ip netns add a; ip netns add b; ip link add v1 netns a type veth peer name v2 netns b; "
                 "ip -n a link set v1 up; ip -n b link set v2 up; ip -n a link set lo up; "
                 "ip -n a addr add 10.0.0.1/24 dev v1; ip -n b addr add 10.0.0.2/24 dev v2")
    machine = _LAB.network.machines["host"]
    return ExecContext(machine=machine, netns=machine.netns["a"], lab=_LAB)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TOOLS), st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=7))
def test_tools_never_raise(tool, args):
    result = lookup(tool)(_ctx(), [tool] + args, "")
    assert isinstance(result.stdout, str) and isinstance(result.stderr, str)
    assert isinstance(result.returncode, int) and 0 <= result.returncode <= 255
