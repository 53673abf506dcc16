"""/proc/net/snmp6 and dev_snmp6/DEV: the kernel's keys and layout (Linux 6.18), all zero on the simulation."""
from __future__ import annotations

from course_lib import Lab


def test_snmp6_and_a_devices_file():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1")
    snmp6 = lab.run("cat /proc/net/snmp6").stdout.splitlines()
    assert (len(snmp6), snmp6[0]) == (86, "Ip6InReceives                   \t0")
    assert lab.run("ls /proc/net/dev_snmp6").stdout == "lo\nv0\nv1\n"
    dev = lab.run("cat /proc/net/dev_snmp6/v0").stdout.splitlines()
    assert (len(dev), dev[0]) == (69, "ifIndex                         \t3")
    assert not any(line.startswith(("Udp6", "Icmp6OutRateLimitHost")) for line in dev)
    r = lab.run("cat /proc/net/dev_snmp6/nope")
    assert (r.stderr, r.returncode) == ("cat: /proc/net/dev_snmp6/nope: No such file or directory\n", 1)
