"""inet6_mtu: no IPv6 below an MTU of 1280 (measured in unshare: tests/conformance/scripts/fuzz_ipv6_mtu_min.sh,
same on kernel, sim and real)."""
from course_lib import Lab


def test_lo_below_1280_loses_its_ipv6_until_its_next_up():
    lab = Lab()
    lab.run("ip link set lo up && ip link set lo mtu 1279")
    assert lab.run("ip -6 route show table local").stdout == ""
    assert lab.run("sysctl -n net.ipv6.conf.lo.mtu").stdout == "65536\n"          # its inet6_dev's, not updated
    assert lab.run("ping -6 -c 1 -W 1 ::1").stderr == "ping: connect: Cannot assign requested address\n"
    lab.run("ip link set lo mtu 1280")
    assert lab.run("ip -6 route show table local").stdout == ""
    lab.run("ip link set lo down && ip link set lo up")
    assert lab.run("ip -6 route show table local").stdout == "local ::1 dev lo proto kernel metric 0 pref medium\n"


def test_a_veth_below_1280_has_no_inet6_dev():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v0p && ip link set v0 up && ip link set v0p up"
            " && sysctl -qw net.ipv6.conf.v0.accept_ra=2 && ip link set v0 mtu 1000")
    r = lab.run("sysctl net.ipv6.conf.v0.mtu")
    assert (r.stderr, r.returncode) == ("sysctl: cannot stat /proc/sys/net/ipv6/conf/v0/mtu: No such file or directory\n", 1)
    assert "net.ipv6.conf.v0." not in lab.run("sysctl -a").stdout
    assert lab.run("ip -6 addr show dev v0").stdout == ""
    lab.run("ip link set v0 mtu 1500")
    assert lab.run("ip -6 route show dev v0").stdout == "fe80::/64 proto kernel metric 256 pref medium\n"
    assert lab.run("sysctl -n net.ipv6.conf.v0.accept_ra").stdout == "1\n"        # a new inet6_dev: defaults
