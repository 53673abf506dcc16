"""The shell through the Lab facade: per-machine files, /proc/sys per netns, ip netns exec overlays."""
from __future__ import annotations

import pytest

Lab = pytest.importorskip("course_lib").Lab


@pytest.fixture
def lab():
    lab = Lab()
    yield lab
    lab.close()


def test_ip_forward_through_proc_and_sysctl(lab):
    assert lab.run("cat /proc/sys/net/ipv4/ip_forward").stdout == "0\n"
    lab.run("echo 1 > /proc/sys/net/ipv4/ip_forward")
    assert lab.run("sysctl net.ipv4.ip_forward").stdout == "net.ipv4.ip_forward = 1\n"
    lab.run("ip netns add red")
    assert lab.run("ip netns exec red cat /proc/sys/net/ipv4/ip_forward").stdout == "0\n"
    lab.run("ip netns exec red sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'")
    assert lab.run("ip netns exec red sysctl -n net.ipv4.ip_forward").stdout == "1\n"


def test_files_are_per_machine(lab):
    a = lab.add_host("A")
    a.run("echo '192.168.1.11 db' >> /etc/hosts")
    assert a.run("tail -1 /etc/hosts").stdout == "192.168.1.11 db\n"
    assert "db" not in lab.run("cat /etc/hosts").stdout
    assert a.run("hostname").stdout == "A\n"
    assert a.run("cat /etc/hostname").stdout == "A\n"


def test_netns_overlay_through_ip_netns_exec(lab):
    lab.run("ip netns add blue")
    lab.run("mkdir -p /etc/netns/blue && echo 'nameserver 10.96.0.10' > /etc/netns/blue/resolv.conf")
    assert lab.run("ip netns exec blue cat /etc/resolv.conf").stdout == "nameserver 10.96.0.10\n"
    assert "10.96.0.10" not in lab.run("cat /etc/resolv.conf").stdout


def test_learner_loop_and_pipeline(lab):
    r = lab.run("for i in 1 2 3; do ip netns add ns$i; done; ip netns list | sort | awk '{print $1}'")
    assert r.stdout == "ns1\nns2\nns3\n"
    r = lab.run("ip link show | grep -c LOOPBACK")
    assert (r.stdout, r.returncode) == ("1\n", 0)
    r = lab.run("ip lnk")
    assert r.returncode == 1
    r = lab.run("set -e\nip netns add ns1\necho not reached")
    assert r.returncode != 0 and "not reached" not in r.stdout


def test_sys_class_net(lab):
    lab.run("ip link add v0 type veth peer name v1")
    r = lab.run("cat /sys/class/net/v0/carrier")
    assert (r.stderr, r.returncode) == ("cat: /sys/class/net/v0/carrier: Invalid argument\n", 1)
    lab.run("ip link set v0 up; ip link set v1 up")
    mac = lab.run("ip -br link show v0").stdout.split()[2]
    assert lab.run("cat /sys/class/net/v0/address").stdout == mac + "\n"
    assert lab.run("cat /sys/class/net/v0/operstate /sys/class/net/v0/carrier").stdout == "up\n1\n"
    assert lab.run("ls /sys/class/net").stdout == "lo\nv0\nv1\n"


def test_a_machine_keeps_its_terminal_between_runs(lab):
    lab.run("cd /tmp; export X=1; alias k=kubectl; false")
    assert lab.run("echo $?").stdout == "1\n"
    assert lab.run("pwd; echo $X; alias").stdout == "/tmp\n1\nalias k='kubectl'\n"
    assert lab.add_host("A").run("pwd").stdout == "/root\n"
