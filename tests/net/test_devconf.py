"""devconf: a device's IPv4 conf as its in_device holds it (copied at arrival, followed, frozen), read by the datapath
(measured in unshare: tests/conformance/scripts/fuzz_conf_default_datapath.sh, same on kernel, sim and real)."""
from course_lib import Lab
from course_lib.net import devconf


def test_a_device_made_after_default_forwarding_forwards_without_ip_forward():
    lab = Lab()
    assert lab.run("sysctl -qw net.ipv4.conf.default.forwarding=1 && sysctl -qw net.ipv4.conf.default.rp_filter=1"
                   " && ip link add e0 type veth peer name p0").returncode == 0
    netns = lab.network.machines["host"].root
    e0 = netns.link_by_name("e0")
    assert devconf.forwarding(netns, e0) and lab.run("sysctl -n net.ipv4.ip_forward").stdout == "0\n"
    assert lab.run("sysctl -n net.ipv4.conf.e0.forwarding").stdout == "1\n"
    assert devconf.maxconf(netns, e0, "rp_filter") == 1
    lab.run("sysctl -qw net.ipv4.conf.all.forwarding=1 && sysctl -qw net.ipv4.conf.all.forwarding=0")
    assert not devconf.forwarding(netns, e0)                   # a change of conf.all sets every device's
    lab.run("ip addr add 10.7.0.1/24 dev e0 && sysctl -qw net.ipv4.conf.default.rp_filter=2")
    assert devconf.maxconf(netns, e0, "rp_filter") == 1        # frozen by its address
    lab.run("sysctl -qw net.ipv4.conf.all.rp_filter=2")
    assert devconf.maxconf(netns, e0, "rp_filter") == 2        # IN_DEV_MAXCONF


def test_a_moved_device_takes_the_new_netns_defaults():
    lab = Lab()
    lab.run("ip netns add red && ip netns exec red sysctl -qw net.ipv4.conf.default.rp_filter=2")
    lab.run("ip link add e0 type veth peer name p0 && sysctl -qw net.ipv4.conf.default.rp_filter=1"
            " && ip addr add 10.7.0.1/24 dev e0 && ip link set e0 netns red")
    assert lab.run("ip netns exec red sysctl -n net.ipv4.conf.e0.rp_filter").stdout == "2\n"
    lab.run("ip netns exec red sysctl -qw net.ipv4.conf.default.rp_filter=0")
    assert lab.run("ip netns exec red sysctl -n net.ipv4.conf.e0.rp_filter").stdout == "2\n"   # copied written bit
