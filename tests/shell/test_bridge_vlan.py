"""course_lib/shell/bridge_vlan.py: bridge vlan on a kernel without bridge VLAN filtering."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture
def run():
    h = Lab().host("host")
    h.run("ip link add c0 type veth peer name c1\nip link add br0 type bridge\nip link set c0 master br0")
    return h.run


def test_listings_have_only_their_header(run):
    assert run("bridge vlan show").stdout == "port              vlan-id  \n"
    assert run("bridge -j vlan show").stdout == "[]\n"
    r = run("bridge vlan show dev nosuch")
    assert (r.stderr, r.returncode) == ('Cannot find device "nosuch"\n', 255)


@pytest.mark.parametrize("line, err", [
    ("add vid 10 dev c0", "RTNETLINK answers: Operation not supported"),
    ("add vid abc dev c0", "Error: bridge: Vlan id is invalid."),
    ("add vid 5000 dev c0", 'Invalid VLAN ID "5000"'),
    ("add vid 10 dev nosuch", 'Cannot find bridge device "nosuch"'),
    ("del vid 10", "Device and VLAN ID are required arguments."),
    ("del vid 20-10 dev c0", 'Invalid VLAN range "20-10"'),
    ("del vid 10 dev c1", "RTNETLINK answers: Operation not supported"),
])
def test_refusals(run, line, err):
    r = run(f"bridge vlan {line}")
    assert (r.stderr, r.returncode) == (err + "\n", 255)


def test_delete_from_a_port_is_a_no_op(run):
    assert run("bridge vlan del vid 10 dev c0").returncode == 0
