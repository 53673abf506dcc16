"""routing.inet_select_addr, the one source model of route lookups and MASQUERADE (measured in unshare:
tests/conformance/scripts/fuzz_inet_select_addr.sh, same on kernel, sim and real)."""
import ipaddress

from course_lib import Lab
from course_lib.net.netfilter.engine import _masquerade_source
from course_lib.net.routing import inet_select_addr

IP = ipaddress.IPv4Address


def _lab() -> Lab:
    lab = Lab()
    assert lab.run("ip link add e0 type veth peer name e0p && ip link set e0 up && ip link set e0p up"
                   " && ip addr add 10.1.0.1/24 dev e0 && ip addr add 192.168.5.1/24 dev e0"
                   " && ip route add default via 192.168.5.254 && ip route add 10.1.0.128/25 dev e0").returncode == 0
    return lab


def test_the_gateways_subnet_first_and_a_direct_route_takes_the_first():
    lab = _lab()
    assert lab.run("ip route get 8.8.8.8").stdout.startswith("8.8.8.8 via 192.168.5.254 dev e0 src 192.168.5.1 ")
    assert lab.run("ip route get 10.1.0.200").stdout.startswith("10.1.0.200 dev e0 src 10.1.0.1 ")
    netns = lab.network.machines["host"].root
    e0 = netns.link_by_name("e0")
    assert _masquerade_source(netns, e0, IP("8.8.8.8")) == IP("192.168.5.1")     # rt_nexthop: the gateway
    assert inet_select_addr(netns, e0, None, 0) == IP("10.1.0.1")


def test_no_address_in_scope_falls_back_in_device_list_order():
    lab = _lab()
    lab.run("ip addr flush dev e0 && ip link add z0 type veth peer name z0p && ip link set z0 up"
            " && ip addr add 10.3.0.1/24 dev z0 scope link && ip link add m0 type veth peer name m0p"
            " && ip addr add 10.99.0.1/24 dev m0 && ip addr add 10.98.0.1/24 dev e0p"
            " && ip route add 10.70.0.0/24 via 10.3.0.254 dev z0")
    assert " src 10.98.0.1 " in lab.run("ip route get 10.70.0.5").stdout       # e0p comes before m0
    assert " src 10.3.0.1 " in lab.run("ip route add 10.71.0.0/24 dev z0; ip route get 10.71.0.5").stdout
