"""MASQUERADE picks its source as inet_select_addr(out, dst, RT_SCOPE_UNIVERSE) does."""
from __future__ import annotations

import ipaddress

from course_lib import Lab
from course_lib.net.netfilter.engine import _masquerade_source


def _netns():
    lab = Lab()
    lab.run("ip link add d0 type veth peer name p0; ip link add d1 type veth peer name p1; ip link set d0 up; ip link set d1 up;"
            "ip addr add 169.254.9.9/16 scope link dev d0; ip addr add 10.0.0.1/24 dev d0;"
            "ip addr add 10.0.0.2/24 dev d0; ip addr add 192.168.5.1/24 dev d1; ip addr add 172.16.0.1/16 dev d1")
    return lab._backend.network.machines["host"].root


def _link(netns, name):
    return next(l for l in netns.links.values() if l.name == name)


def test_the_out_device_global_primary_in_the_destination_subnet_first():
    netns = _netns()
    assert str(_masquerade_source(netns, _link(netns, "d1"), ipaddress.ip_address("172.16.3.3"))) == "172.16.0.1"
    assert str(_masquerade_source(netns, _link(netns, "d1"), ipaddress.ip_address("8.8.8.8"))) == "192.168.5.1"


def test_lo_takes_the_first_global_primary_of_the_other_devices_not_a_link_scope_or_secondary_one():
    netns = _netns()                     # d0: the link-scope address is skipped, 10.0.0.2 is a secondary
    assert str(_masquerade_source(netns, _link(netns, "lo"), ipaddress.ip_address("10.96.0.10"))) == "10.0.0.1"
