"""/proc/net/if_inet6 of the simulated netns, against lines measured on Linux 6.18."""
from __future__ import annotations

from course_lib import Lab


def test_addresses_in_the_kernels_columns():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; ip link set v0 up; ip addr add 2001:db8::1/64 dev v0 nodad")
    lines = set(lab.run("cat /proc/net/if_inet6").stdout.splitlines())
    assert "00000000000000000000000000000001 01 80 10 80       lo" in lines
    assert "20010db8000000000000000000000001 03 40 00 82       v0" in lines        # permanent | nodad
    lab.run("ip netns add n1")
    assert lab.run("ip netns exec n1 cat /proc/net/if_inet6").stdout == ""         # lo down: no ::1 yet
