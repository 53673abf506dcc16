"""/sys/class/net views (course_lib/shell/sysfs_net.py) against values measured on Linux 6.18."""
from __future__ import annotations

from course_lib import Lab


def _lab() -> Lab:
    lab = Lab()
    lab.run("ip link add br0 type bridge; ip link add v0 type veth peer name v1; ip link set v1 master br0;"
            "ip link set v1 up; ip link set br0 up")
    return lab


def _cat(lab: Lab, path: str) -> tuple[str, str, int]:
    r = lab.run(f"cat {path}")
    return r.stdout, r.stderr, r.returncode


def test_device_directories_list_the_kernels_attributes():
    lab = _lab()
    names = lab.run("ls /sys/class/net/v1").stdout.split()
    assert {"brport", "master", "upper_br0", "statistics", "uevent", "carrier_changes", "speed"} <= set(names)
    assert {"bridge", "brif", "brforward", "lower_v1"} <= set(lab.run("ls /sys/class/net/br0").stdout.split())
    assert lab.run("ls /sys/class/net/br0/brif").stdout == "v1\n"
    assert len(lab.run("ls /sys/class/net/lo/statistics").stdout.split()) == 24


def test_values_and_refused_reads():
    lab = _lab()
    # a port without carrier (its peer is down): the kernel's 0x1303 (PROMISC and ALLMULTI held by the bridge)
    assert _cat(lab, "/sys/class/net/v1/flags")[0] == "0x1303\n"
    assert _cat(lab, "/sys/class/net/br0/flags")[0] == "0x1003\n"
    assert _cat(lab, "/sys/class/net/v1/speed")[0] == "10000\n"
    assert _cat(lab, "/sys/class/net/br0/speed")[0] == "-1\n"
    assert _cat(lab, "/sys/class/net/v0/duplex") == ("", "cat: /sys/class/net/v0/duplex: Invalid argument\n", 1)
    assert _cat(lab, "/sys/class/net/lo/ifalias")[0] == ""
    assert _cat(lab, "/sys/class/net/br0/uevent")[0] == "DEVTYPE=bridge\nINTERFACE=br0\nIFINDEX=2\n"
    assert _cat(lab, "/sys/class/net/br0/bridge/multicast_startup_query_interval")[0] == "3124\n"
    assert _cat(lab, "/sys/class/net/br0/bridge/group_fwd_mask")[0] == "0x0\n"
    assert _cat(lab, "/sys/class/net/v1/brport/port_id")[0] == "0x8001\n"
    assert _cat(lab, "/sys/class/net/br0/brif/v1/state")[0] == "0\n"          # disabled: no carrier
    assert _cat(lab, "/sys/class/net/v1/master/mtu")[0] == "1500\n"
    assert _cat(lab, "/sys/class/net/br0/bridge/flush")[1:] == (
        "cat: /sys/class/net/br0/bridge/flush: Permission denied\n", 1)
    mac = lab.run("cat /sys/class/net/br0/address").stdout.strip().replace(":", "")
    assert _cat(lab, "/sys/class/net/br0/bridge/bridge_id")[0] == f"8000.{mac}\n"


def test_statistics_follow_the_counters():
    lab = _lab()
    lab.run("ip link set lo up; ping -c 2 -i 0.2 127.0.0.1")
    packets = int(lab.run("cat /sys/class/net/lo/statistics/rx_packets").stdout)
    assert packets == int(lab.run("ip -s -j link show lo | sed 's/.*\"rx\":{\"bytes\":[0-9]*,\"packets\":"
                                  "\\([0-9]*\\).*/\\1/'").stdout)
    assert packets >= 4


def test_writes_refused_at_open():
    lab = _lab()
    r = lab.run("echo 1 > /sys/class/net/br0/address")
    assert (r.stderr, r.returncode) == ("bash: /sys/class/net/br0/address: Permission denied\n", 1)
    r = lab.run("echo 1 > /sys/class/net/br0/nope")
    assert (r.stderr, r.returncode) == ("bash: /sys/class/net/br0/nope: Permission denied\n", 1)


# Measured on Linux 6.18 in unshare --net --mount with a fresh sysfs (coreutils 9.1): the class/net entries and a
# device's master/upper_/lower_/brif/brport/bridge/subsystem entries are symbolic links (size 0).
LINKS_SCRIPT = """\
ip link add v0 type veth peer name v1; ip link add br0 type bridge; ip link set v0 master br0
ls -l /sys/class/net | sed 's/ [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* / DATE /'
readlink /sys/class/net/lo; readlink -f /sys/class/net/v0; readlink -e /sys/class/net/v0/mtu; realpath /sys/class/net/br0/brif/v0
ls -l /sys/class/net/br0/brif | sed 's/ [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* / DATE /'; ls -l /sys/class/net/v0/master | sed 's/ [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* / DATE /'
ls -l /sys/class/net/br0/ /sys/class/net/v0/ | grep "^l" | sed 's/ [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* / DATE /'
test -L /sys/class/net/lo && echo L; test -d /sys/class/net/lo && echo D; ls -ld /sys/class/net/lo/ | cut -c1-11; cat /sys/class/net/lo/mtu; cat /sys/devices/virtual/net/lo/mtu
readlink /sys/class/net/v0/brport/bridge; readlink -f /sys/class/net/v0/brport/bridge; cat /sys/class/net/v0/master/bridge/stp_state; ls /sys/class/net/v0/upper_br0/brif
"""
LINKS_KERNEL = """\
total 0
lrwxrwxrwx 1 root root 0 DATE br0 -> ../../devices/virtual/net/br0
lrwxrwxrwx 1 root root 0 DATE lo -> ../../devices/virtual/net/lo
lrwxrwxrwx 1 root root 0 DATE v0 -> ../../devices/virtual/net/v0
lrwxrwxrwx 1 root root 0 DATE v1 -> ../../devices/virtual/net/v1
../../devices/virtual/net/lo
/sys/devices/virtual/net/v0
/sys/devices/virtual/net/v0/mtu
/sys/devices/virtual/net/v0/brport
total 0
lrwxrwxrwx 1 root root 0 DATE v0 -> ../../v0/brport
lrwxrwxrwx 1 root root 0 DATE /sys/class/net/v0/master -> ../br0
lrwxrwxrwx 1 root root    0 DATE lower_v0 -> ../v0
lrwxrwxrwx 1 root root    0 DATE subsystem -> ../../../../class/net
lrwxrwxrwx 1 root root    0 DATE master -> ../br0
lrwxrwxrwx 1 root root    0 DATE subsystem -> ../../../../class/net
lrwxrwxrwx 1 root root    0 DATE upper_br0 -> ../br0
L
D
drwxr-xr-x 
65536
65536
../../br0
/sys/devices/virtual/net/br0
0
v0
"""


def test_links_as_the_kernel_shows_them():
    assert Lab().run(LINKS_SCRIPT).stdout == LINKS_KERNEL
