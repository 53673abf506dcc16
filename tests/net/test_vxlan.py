"""VXLAN devices in the model: `ip link add type vxlan`, `bridge fdb ... dst`, encapsulation over UDP and back."""
from __future__ import annotations

from course_lib import Lab


def _pair(extra: str = "", remote: bool = True) -> Lab:
    lab = Lab()
    lab.add_switch("sw")
    for i, name in enumerate(("a", "b"), 1):
        lab.add_host(name)
        lab.connect(name, "sw", "eth0")
        peer = f" remote 10.0.0.{3 - i}" if remote else ""
        r = lab.host(name).run(f"ip addr add 10.0.0.{i}/24 dev eth0\nip link set eth0 up\n"
                               f"ip link add vxlan0 type vxlan id 42 dev eth0 dstport 4789{peer} "
                               f"local 10.0.0.{i}{extra}\n"
                               f"ip addr add 192.168.100.{i}/24 dev vxlan0\nip link set vxlan0 up")
        assert r.returncode == 0, r.stderr
    return lab


def test_ping_over_the_tunnel_and_learning() -> None:
    lab = _pair()
    out = lab.host("a").run("ping -c2 192.168.100.2").stdout
    assert "2 received" in out
    fdb = lab.host("b").run("bridge fdb show dev vxlan0").stdout
    mac_a = lab.network.machines["a"].root.link_by_name("vxlan0").mac
    assert f"{mac_a} dst 10.0.0.1 self\n" in fdb                  # learned from the first packet
    assert "00:00:00:00:00:00 dst 10.0.0.1 via eth0 self permanent\n" in fdb


def test_outer_packet_is_udp_that_iptables_sees() -> None:
    lab = _pair()
    assert "UNCONN 0      0            0.0.0.0:4789" in lab.host("b").run("ss -lun").stdout
    lab.host("b").run("iptables -A INPUT -p udp --dport 4789 -j DROP")
    assert "0 received" in lab.host("a").run("ping -c1 -W1 192.168.100.2").stdout
    counters = lab.host("b").run("iptables -nvL INPUT").stdout
    assert " 1   " in counters or "    1 " in counters


def test_nolearning_needs_fdb_entries() -> None:
    lab = _pair(" nolearning", remote=False)
    assert "0 received" in lab.host("a").run("ping -c1 -W1 192.168.100.2").stdout
    for name, other in (("a", 2), ("b", 1)):
        r = lab.host(name).run(f"bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.0.0.{other}")
        assert r.returncode == 0, r.stderr
    assert "1 received" in lab.host("a").run("ping -c1 192.168.100.2").stdout
    assert "dst 10.0.0.1 self\n" not in lab.host("b").run("bridge fdb show dev vxlan0").stdout


def test_socket_closes_with_the_device() -> None:
    lab = _pair()
    host = lab.host("a")
    host.run("ip link set vxlan0 down")
    assert ":4789" not in host.run("ss -lun").stdout
    host.run("ip link set vxlan0 up")
    assert ":4789" in host.run("ss -lun").stdout
    host.run("ip link del vxlan0")
    assert ":4789" not in host.run("ss -lun").stdout


def test_same_vni_and_port_refused_and_details() -> None:
    lab = _pair()
    r = lab.host("a").run("ip link add vx2 type vxlan id 42 dstport 4789 local 10.0.0.1")
    assert (r.stderr, r.returncode) == ("Error: A VXLAN device with the specified VNI already exists.\n", 2)
    r = lab.host("a").run("ip link add vx3 type vxlan id 43")
    assert r.returncode == 0 and r.stderr.startswith("vxlan: destination port not specified\n")
    d = lab.host("a").run("ip -d link show vxlan0").stdout
    assert "    vxlan id 42 remote 10.0.0.2 local 10.0.0.1 dev eth0 srcport 0 0 dstport 4789 ttl auto " in d
