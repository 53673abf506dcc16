"""A reversed NAT address range (A > B): the kernel's u32 distance wraps; no address is in it (kernel 6.x)."""
from ipaddress import IPv4Address

from course_lib import Lab
from course_lib.net.netfilter.natpick import range_address


def test_reversed_range_wraps_like_u32():
    lo, hi = int(IPv4Address("10.11.0.9")), int(IPv4Address("10.11.0.1"))
    got = range_address(lo, hi, "10.11.0.2", "10.11.0.2", True, False)
    assert got != IPv4Address("10.11.0.2")                       # the source is not "in" the range
    assert not (hi <= int(got) <= lo)                            # far outside 10.11.0.1-10.11.0.9


def test_local_ping_snat_to_reversed_range_is_lost():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v0p; ip link set v0 up; ip link set v0p up;"
            " ip addr add 10.11.0.2/24 dev v0; sleep 2")
    lab.run("iptables -t nat -A POSTROUTING -j SNAT --to-source 10.11.0.1-10.11.0.9")
    assert lab.run("ping -c 1 -W 1 10.11.0.2").returncode == 0                 # a source in the range is kept
    lab.run("iptables -t nat -F; iptables -t nat -A POSTROUTING -j SNAT --to-source 10.11.0.9-10.11.0.1")
    assert lab.run("ping -c 1 -W 1 10.11.0.2").returncode == 1
