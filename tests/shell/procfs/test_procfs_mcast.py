"""/proc/net/igmp, igmp6 and dev_mcast of the simulated netns, against lines measured on Linux 6.18."""
from __future__ import annotations

from course_lib import Lab


def test_groups_in_the_kernels_formats():
    lab = Lab()
    lab.run("ip link add br0 type bridge; ip link set br0 up; ip link add v2 type veth peer name v3")
    assert lab.run("cat /proc/net/igmp").stdout == (
        "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n"
        "1\tlo        :     1      V3\n\t\t\t\t010000E0     1 0:00000000\t\t0\n"
        "2\tbr0       :     2      V3\n\t\t\t\t010000E0     1 0:00000000\t\t0\n\t\t\t\t6A0000E0     1 0:00000000\t\t0\n")
    igmp6 = lab.run("cat /proc/net/igmp6").stdout.splitlines()
    assert igmp6[:2] == ["1    lo              ff020000000000000000000000000001     1 0000000C 0",
                         "1    lo              ff010000000000000000000000000001     1 00000008 0"]
    assert "2    br0             ff02000000000000000000000000006a     1 00000004 0" in igmp6
    assert "3    v3              ff020000000000000000000000000001     1 0000000C 0" in igmp6      # down: MLD still
    assert "2    br0             1     0     01005e00006a" in lab.run("cat /proc/net/dev_mcast").stdout.splitlines()
