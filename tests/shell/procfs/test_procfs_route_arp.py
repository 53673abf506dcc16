"""/proc/net/route and /proc/net/arp of the simulated netns, pinned to the kernel's text (Linux 6.18)."""
from __future__ import annotations

from course_lib import Lab
from course_lib.shell.procfs.route_arp import le_hex


def _lab() -> Lab:
    lab = Lab()
    lab.run("ip link add br0 type bridge; ip addr add 10.0.0.1/24 dev br0; ip link set br0 up;"
            "ip route add 192.168.5.0/24 via 10.0.0.2 metric 50; ip route add unreachable 10.10.0.0/16;"
            "ip route add 10.12.0.5 via 10.0.0.2; ip route add 10.14.0.0/16 via 10.0.0.2 advmss 1400 window 5000 "
            "rtt 80ms")
    return lab


def test_le_hex_is_the_network_word_read_little_endian():
    assert (le_hex("10.0.0.0"), le_hex("192.168.5.0"), le_hex("255.255.255.0")) == ("0000000A", "0005A8C0", "00FFFFFF")


def test_route_lines_as_the_kernel_prints_them():
    lines = _lab().run("cat /proc/net/route").stdout.splitlines()
    pad = lambda s: s + " " * (127 - len(s))          # noqa: E731  (seq_pad to 127 columns)
    assert lines == [
        pad("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"),
        pad("br0\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0"),
        pad("*\t00000A0A\t00000000\t0201\t0\t0\t0\t0000FFFF\t0\t0\t0"),
        pad("br0\t05000C0A\t0200000A\t0007\t0\t0\t0\tFFFFFFFF\t0\t0\t0"),
        pad("br0\t00000E0A\t0200000A\t0003\t0\t0\t0\t0000FFFF\t1440\t5000\t80"),
        pad("br0\t0005A8C0\t0200000A\t0003\t0\t0\t50\t00FFFFFF\t0\t0\t0"),
    ]


def test_route_file_is_empty_before_the_main_table_exists():
    lab = Lab()
    lab.run("ip netns add red")
    r = lab.run("ip netns exec red cat /proc/net/route")
    assert (r.stdout, r.returncode) == ("", 0)


def test_arp_columns_flags_and_noarp_left_out():
    lab = _lab()
    lab.run("ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev br0; ip neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 "
            "dev br0 nud reachable; ip neigh add 10.0.0.10 dev br0 nud noarp lladdr 02:00:00:00:00:0a;"
            "arp -i br0 -s 10.0.0.50 02:00:00:00:00:50 pub")
    assert sorted(lab.run("cat /proc/net/arp").stdout.splitlines()) == [
        "10.0.0.50        0x1         0xc         00:00:00:00:00:00     *        br0",
        "10.0.0.7         0x1         0x2         02:00:00:00:00:07     *        br0",
        "10.0.0.9         0x1         0x6         02:00:00:00:00:09     *        br0",
        "IP address       HW type     Flags       HW address            Mask     Device",
    ]


def test_writes_are_refused_as_by_procfs():
    lab = _lab()
    before = lab.run("cat /proc/net/route").stdout
    r = lab.run("echo 1 > /proc/net/route")
    assert (r.stderr, r.returncode) == ("bash: /proc/net/route: Permission denied\n", 1)
    r = lab.run("echo 1 > /proc/net/nope")
    assert (r.stderr, r.returncode) == ("bash: /proc/net/nope: No such file or directory\n", 1)
    assert lab.run("cat /proc/net/route").stdout == before
