"""route / netstat -r without -n: net-tools' INET_rresolve names (conformance route_names.sh checks the texts
against the kernel); here the parsing of /etc/networks and the model time the DNS lookups cost."""
from __future__ import annotations

from course_lib import Lab
from course_lib.shell.nettools.netdb import parse_networks


def test_parse_networks_pads_and_keeps_the_first() -> None:
    text = "default 0.0.0.0\nten 10.9 # comment\nx 10.9.0.0\n# y 1.2.3.0\nbad\n"
    assert parse_networks(text) == {"0.0.0.0": "default", "10.9.0.0": "ten"}


def test_default_networks_file() -> None:
    lab = Lab()
    assert lab.run("cat /etc/networks").stdout == "default\t\t0.0.0.0\nloopback\t127.0.0.0\nlink-local\t169.254.0.0\n\n"
    lab.run("ip link add v0 type veth peer name v1; ip addr add 10.0.0.1/24 dev v0; ip link set v0 up")
    lab.run("ip route add 169.254.0.0/16 dev v0; ip route add default via 10.0.0.2")
    lines = lab.run("route").stdout.splitlines()
    assert lines[2].split()[:2] == ["default", "10.0.0.2"] and lines[4].split()[0] == "link-local"


def test_unanswered_lookups_cost_their_timeout_once_per_address() -> None:
    lab = Lab()
    lab.run("ip link set lo up; ip link add v0 type veth peer name v1; ip addr add 10.0.0.1/24 dev v0; "
            "ip link set v0 up; ip link set v1 up")
    lab.run("printf 'nameserver 10.0.0.2\\noptions timeout:1 attempts:1\\n' > /etc/resolv.conf")
    lab.run("ip route add 10.0.0.77 dev v0; ip route add 10.9.0.0/16 via 10.0.0.3; "
            "ip route add 10.8.0.0/16 via 10.0.0.3; ip route add 10.0.0.78 via 10.0.0.3")
    start = lab.network.clock
    out = lab.run("route").stdout           # 10.0.0.77, 10.0.0.78 and the gateway 10.0.0.3: 1 s each (kernel 3.02 s)
    assert abs(lab.network.clock - start - 3.0) < 0.01 and "10.0.0.78       10.0.0.3 " in out
    start = lab.network.clock
    lab.run("route -n")
    assert lab.network.clock - start < 0.01
