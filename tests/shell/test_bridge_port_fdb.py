"""course_lib/shell/bridge_port.py and bridge_fdb.py: bridge link set/show and bridge fdb get/flush/selectors."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def run():
    h = Lab().host("host")
    h.run("ip link add c0 type veth peer name c1\nip link add br0 type bridge\nip link set c0 master br0\n"
          "ip link set br0 up\nip link set c0 up\nip link set c1 up")
    return h.run


def test_link_set_and_show(run):
    for line in ("cost 10", "priority 5", "hairpin on", "learning off", "state learning"):
        assert run(f"bridge link set dev c0 {line}").returncode == 0
    out = run("bridge -d link show dev c0").stdout.splitlines()
    assert out[0].endswith("master br0 state learning priority 5 cost 10 ")
    assert out[1].startswith("    hairpin on guard off root_block off fastleave off learning off flood on ")
    assert '"state":"learning","priority":5,"cost":10}]' in run("bridge -j link").stdout


@pytest.mark.parametrize("line, err, rc", [
    ("dev c0 priority 70", "RTNETLINK answers: Numerical result out of range", 255),
    ("dev c0 state 9", "RTNETLINK answers: Invalid argument", 255),
    ("dev c0 state bogus", "Error: invalid STP port state", 255),
    ("dev c0 hairpin maybe", 'Error: argument of "hairpin" must be one of "off", "on", not "maybe"', 234),
    ("dev c1 cost 10", "RTNETLINK answers: Operation not supported", 255),
    ("dev nosuch cost 10", 'Cannot find bridge device "nosuch"', 255),
])
def test_link_set_errors(run, line, err, rc):
    r = run(f"bridge link set {line}")
    assert (r.stderr, r.returncode) == (err + "\n", rc)


def test_a_port_that_cannot_learn_refuses_dynamic_entries(run):
    run("bridge link set dev c0 state 1")
    r = run("bridge fdb add 02:00:00:00:00:bb dev c0 master dynamic")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: Operation not permitted\n", 255)


def test_fdb_get_flush_and_selectors(run):
    run("bridge fdb add 02:00:00:00:00:01 dev c0 master\nbridge fdb add 02:00:00:00:00:03 dev c0 master static")
    assert run("bridge fdb get 02:00:00:00:00:03 br br0").stdout == "02:00:00:00:00:03 dev c0 master br0 static\n"
    r = run("bridge fdb get 02:00:00:00:00:09 dev c0")
    assert (r.stderr, r.returncode) == ("Error: Fdb entry not found.\n", 254)
    assert run("bridge fdb show br br0 state static").stdout == "02:00:00:00:00:03 dev c0 master br0 static\n"
    r = run("bridge fdb flush dev c0")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: Operation not supported\n", 255)
    assert run("bridge fdb flush dev br0").returncode == 0
    assert "02:00:00:00:00:0" not in run("bridge fdb show").stdout
    r = run("bridge fdb add 02:00:00:00:00:ee dev c0 master vlan 10")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: Invalid argument\n", 255)
