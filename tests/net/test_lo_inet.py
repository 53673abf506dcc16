"""lo's 127.0.0.1 comes back at its next up only with a valid IPv4 MTU (>= 68; inetdev_valid_mtu): measured on the
kernel in `unshare --net`: `ip link set lo mtu 67; ip link set lo down; ip link set lo up` leaves no IPv4 address."""
from __future__ import annotations

from course_lib import Lab


def test_lo_up_below_a_valid_ipv4_mtu_adds_no_address() -> None:
    lab = Lab()
    r = lab.run("ip netns add a; ip -n a link set lo up; ip -n a link set lo mtu 67; ip -n a link set lo down; "
                "ip -n a link set lo up; ip -n a -4 addr; echo rc=$?")
    assert (r.stdout, r.stderr) == ("rc=0\n", "")
    r = lab.run("ip -n a link set lo mtu 68; ip -n a -4 addr; ip -n a link set lo down; ip -n a link set lo up; "
                "ip -n a -4 addr")
    assert r.stdout == ("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 68 qdisc noqueue state UNKNOWN group default qlen 1000\n"
                        "    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n")
