"""sysctl against the full net.* table of a fresh netns (backends/sim_sysctl.py + sim_sysctl_data.py)."""
from __future__ import annotations

from course_lib import Lab


def test_keys_a_learner_greps_for() -> None:
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1")
    lines = lab.run("sysctl -a | grep ip_forward").stdout.splitlines()
    assert lines == ["net.ipv4.ip_forward = 0", "net.ipv4.ip_forward_update_priority = 1",
                     "net.ipv4.ip_forward_use_pmtu = 0"]
    assert lab.run("sysctl -a | grep -c net.ipv4.conf.v0").stdout == "33\n"
    assert lab.run("sysctl net.ipv6.conf.lo.mtu net.ipv6.conf.v0.mtu").stdout == \
        "net.ipv6.conf.lo.mtu = 65536\nnet.ipv6.conf.v0.mtu = 1500\n"
    assert lab.run("sysctl net.ipv4.tcp_syncookies").stdout == "net.ipv4.tcp_syncookies = 1\n"


def test_writes_and_ranges() -> None:
    lab = Lab()
    assert lab.run("sysctl -w net.ipv4.ip_default_ttl=70").stdout == "net.ipv4.ip_default_ttl = 70\n"
    assert lab.run("cat /proc/sys/net/ipv4/ip_default_ttl").stdout == "70\n"
    r = lab.run("sysctl -w net.ipv4.ip_default_ttl=300")
    assert (r.returncode, r.stderr) == (1, 'sysctl: setting key "net.ipv4.ip_default_ttl": Invalid argument\n')
    assert lab.run("sysctl -w net.ipv4.tcp_rmem='4096 87380 6291456'").returncode == 0
    assert lab.run("sysctl net.ipv4.tcp_rmem").stdout == "net.ipv4.tcp_rmem = 4096\t87380\t6291456\n"
    assert lab.run("sysctl -w net.ipv4.tcp_rmem=1").returncode == 1
    assert lab.run("sysctl -w net.ipv4.neigh.lo.gc_stale_time=30; sysctl -n net.ipv4.neigh.lo.gc_stale_time").stdout \
        .endswith("30\n")
    r = lab.run("sysctl net.ipv4.neigh.nosuch.gc_stale_time")
    assert r.stderr == "sysctl: cannot stat /proc/sys/net/ipv4/neigh/nosuch/gc_stale_time: No such file or directory\n"
