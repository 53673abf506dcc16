"""course_lib/net/bridge_opts.py: br_changelink()'s order, ranges and clamping, and no VLAN filtering."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def run():
    return Lab().host("host").run


def _bridge_line(run, dev):
    return next(l for l in run(f"ip -d link show {dev}").stdout.splitlines() if l.strip().startswith("bridge "))


def test_settings_are_kept_and_shown(run):
    assert run("ip link add br3 type bridge forward_delay 400 hello_time 300 max_age 1500 priority 100").returncode == 0
    line = _bridge_line(run, "br3")
    assert "forward_delay 400 hello_time 300 max_age 1500 ageing_time 30000 stp_state 0 priority 100 " in line
    assert "bridge_id 0064.0:0:0:0:0:0" in line
    run("ip link set br3 type bridge stp_state 1 priority 7")
    assert "stp_state 1 priority 7 vlan_filtering 0 bridge_id 0007." in _bridge_line(run, "br3")


def test_stp_clamps_forward_delay_and_checks_ranges(run):
    run("ip link add br4 type bridge stp_state 1 forward_delay 100")     # delay first, then STP clamps it
    assert "forward_delay 200 " in _bridge_line(run, "br4")
    erange = ("RTNETLINK answers: Numerical result out of range\n", 2)
    for opt in ("forward_delay 100", "hello_time 5000", "max_age 100"):
        r = run(f"ip link set br4 type bridge {opt}")
        assert (r.stderr, r.returncode) == erange


def test_no_vlan_filtering_and_a_failed_add_leaves_nothing(run):
    for value in ("1", "0"):
        r = run(f"ip link add br2 type bridge vlan_filtering {value}")
        assert (r.stderr, r.returncode) == ("RTNETLINK answers: Operation not supported\n", 2)
    assert run("ip link show br2").returncode == 1
    run("ip link add v0 type veth peer name v1")
    r = run("ip link set v0 type bridge stp_state 1")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: Operation not supported\n", 2)
