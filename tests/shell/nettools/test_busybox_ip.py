"""BusyBox 1.36 ip, ifconfig and route texts in a busybox container (and against /usr/bin/busybox, marked real)."""
from __future__ import annotations

import re

import pytest

from course_lib import Lab
from tests.shell.nettools.busybox_compare import compare


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.run("docker network create net1")
    # the tests change the containers' network: they need CAP_NET_ADMIN, as real containers do
    lab.run("docker run -d --name bb --cap-add NET_ADMIN --network net1 busybox sleep 3600")
    lab.run("docker run -d --name al --cap-add NET_ADMIN --network net1 alpine sleep 3600")
    return lab


def bb(lab: Lab, cmd: str, box: str = "bb"):
    return lab.run(f"docker exec {box} sh -c '{cmd}'")


def test_ip_addr_and_link(lab: Lab) -> None:
    r = bb(lab, "ip a")
    lines = r.stdout.splitlines()
    assert lines[0] == "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000"
    eth0 = next(line for line in lines if "eth0@" in line)
    assert re.fullmatch(r"\d+: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue ", eth0)
    assert "    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth0" in lines
    assert "link-netnsid" not in r.stdout and "group default" not in r.stdout and "state" not in r.stdout
    assert bb(lab, "ip link").stdout.count("link/") == 2
    one = bb(lab, "ip -o a").stdout.splitlines()
    assert one[0] == "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever"
    assert "state UP " in bb(lab, "ip a", "al").stdout          # musl builds print the operstate


def test_ip_route_neigh_and_get(lab: Lab) -> None:
    assert bb(lab, "ip r").stdout == ("default via 172.18.0.1 dev eth0 \n"
                                      "172.18.0.0/16 dev eth0 scope link  src 172.18.0.2 \n")
    assert bb(lab, "ip route get 172.18.0.1").stdout == "172.18.0.1 dev eth0  src 172.18.0.2 \n"
    bb(lab, "ping -c 1 172.18.0.1")
    assert bb(lab, "ip neigh").stdout.startswith("172.18.0.1 dev eth0 lladdr ")
    r = bb(lab, "ip neigh add 1.2.3.4 dev eth0")
    assert (r.stderr, r.returncode) == ("ip: invalid argument 'add' to 'ip'\n", 1)


def test_ip_errors(lab: Lab) -> None:
    cases = {"ip link show eth9": ("ip: can't find device 'eth9'\n", 2),
             "ip a show eth9": ("ip: can't find device 'eth9'\n", 1),
             "ip route add 172.18.0.0/16 dev eth0": ("ip: RTNETLINK answers: File exists\n", 2),
             "ip addr add 172.18.0.2/16 dev eth0": ("ip: RTNETLINK answers: File exists\n", 2),
             "ip route del 10.7.0.0/24": ("ip: RTNETLINK answers: No such process\n", 2),
             "ip link set eth9 up": ("ip: SIOCGIFFLAGS: No such device\n", 2),
             "ip link set dev eth0 mtu abc": ("ip: invalid argument 'abc' to 'mtu'\n", 2)}
    for cmd, want in cases.items():
        r = bb(lab, cmd)
        assert (r.stderr, r.returncode) == want, cmd
    usage = bb(lab, "ip foo")
    assert usage.returncode == 1 and usage.stderr.startswith("BusyBox v1.36.1 ")


def test_ifconfig_and_route(lab: Lab) -> None:
    out = bb(lab, "ifconfig").stdout
    assert out.startswith("eth0      Link encap:Ethernet  HWaddr 02:42:AC:12:00:02  \n"
                          "          inet addr:172.18.0.2  Bcast:172.18.255.255  Mask:255.255.0.0\n"
                          "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n")
    assert "\nlo        Link encap:Local Loopback  \n" in out and "collisions:0 txqueuelen:0 \n" in out
    r = bb(lab, "ifconfig eth9")
    assert (r.stderr, r.returncode) == ("ifconfig: eth9: error fetching interface information: Device not found\n", 1)
    assert "172.18.0.0      *               255.255.0.0     U     0      0        0 eth0" in bb(lab, "route").stdout
    # SIOCADDRT creates without EXCL: beside the kernel's proto kernel route the first add goes in (checked with
    # /usr/bin/busybox on the kernel), the identical second one is 'File exists'
    assert bb(lab, "route add -net 172.18.0.0/16 dev eth0").returncode == 0
    r = bb(lab, "route add -net 172.18.0.0/16 dev eth0")
    assert (r.stderr, r.returncode) == ("route: SIOCADDRT: File exists\n", 1)


def test_busybox_file_and_shell_errors(lab: Lab) -> None:
    cases = {"cat /nosuch": ("cat: can't open '/nosuch': No such file or directory\n", 1),
             "cat /etc": ("cat: read error: Is a directory\n", 1),
             "ls /nosuch": ("ls: /nosuch: No such file or directory\n", 1),
             "rm /nosuch": ("rm: can't remove '/nosuch': No such file or directory\n", 1),
             "mkdir /etc": ("mkdir: can't create directory '/etc': File exists\n", 1),
             "foo": ("sh: foo: not found\n", 127),
             "curl http://x": ("sh: curl: not found\n", 127)}
    for cmd, want in cases.items():
        r = bb(lab, cmd)
        assert (r.stderr, r.returncode) == want, cmd
    assert bb(lab, "ps").stdout.startswith("PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n")


# -- the same commands on /usr/bin/busybox in a private netns -------------------------------------
COMMANDS = ["ip a", "ip r", "ip link", "ip neigh", "ip -o a", "ip -4 a", "ip -o link", "ip link show eth9",
            "ip a show eth9", "ip route add 172.18.0.0/16 dev eth0", "ip addr add 172.18.0.3/16 dev eth0",
            "ip route get 172.18.0.2", "ip route get 8.8.8.8", "ifconfig", "ifconfig -a", "ifconfig eth9",
            "route -n", "route", "ip link set eth9 up", "ip route del 10.7.0.0/24", "ip addr add 10.1.1.1/24 dev eth9",
            "ip addr del 10.1.1.1/24 dev eth0", "ip link set dev eth0 mtu abc", "ip n show dev eth0",
            "ip r show table local", "ip route add 10.7.0.0/24 via 1.2.3.4",
            "route add -net 10.5.0.0/16 gw 172.18.0.9", "route add -net 10.5.0.0/16 gw 172.18.0.9",
            "route del -net 10.6.0.0/16", "route -e", "route add -net 10.6.0.0/16 dev eth9",
            "ip link set eth0 down", "ip a", "ifconfig", "ip r"]


@pytest.mark.real
def test_same_as_real_busybox() -> None:
    sim, real = compare(COMMANDS)
    assert sim == real


def test_netstat_columns(lab: Lab) -> None:
    lab.run("docker run -d --name web --network net1 nginx:alpine")
    out = lab.run("docker exec web netstat -tln").stdout.splitlines()
    assert out[1] == "Proto Recv-Q Send-Q Local Address           Foreign Address         State       "
    assert "tcp        0      0 :::80                   :::*                    LISTEN      " in out
    r = lab.run("docker exec web netstat -s")
    assert r.returncode == 1 and r.stderr.startswith("netstat: invalid option -- 's'\nBusyBox v1.36.1 ")
    assert "172.18.0.0      *               255.255.0.0     U" in lab.run("docker exec web netstat -r").stdout


@pytest.mark.real
def test_netstat_same_as_real_busybox() -> None:
    sim, real = compare(["netstat -tln", "netstat -an", "netstat -r", "netstat -rn", "netstat -x", "netstat -lx"])
    assert sim == real


def test_hostname(lab: Lab) -> None:
    assert bb(lab, "hostname -d").stdout == ""
    assert bb(lab, "hostname -i").stdout == "172.18.0.2\n"
    r = bb(lab, "hostname -x")
    assert r.returncode == 1 and r.stderr.startswith("hostname: invalid option -- 'x'\nBusyBox v1.36.1 ")


@pytest.mark.real
def test_arp_same_as_real_busybox() -> None:
    """Entries named on the command line only: the kernel adds its own for the gateway (its ARP tries)."""
    sim, real = compare(["arp 172.18.0.9", "arp -a 172.18.0.9", "arp -n 172.18.0.9", "arp -an 172.18.0.9",
                         "arp -d 172.18.0.50", "arp -s 172.18.0.51 02:42:ac:12:00:33", "arp -an 172.18.0.51",
                         "arp -d 172.18.0.51"])
    assert sim == real


def test_traceroute(lab: Lab) -> None:
    r = bb(lab, "traceroute -n 172.18.0.1")
    assert r.stdout.startswith("traceroute to 172.18.0.1 (172.18.0.1), 30 hops max, 46 byte packets\n 1  172.18.0.1  ")
    assert bb(lab, "traceroute nosuch").stderr == "traceroute: bad address 'nosuch'\n"
    assert bb(lab, "arp -n 172.18.0.99").stdout.startswith("No match found in ")
    assert bb(lab, "traceroute -m abc 1.2.3.4").stderr == "traceroute: invalid number 'abc'\n"


@pytest.mark.real
def test_traceroute_same_as_real_busybox() -> None:
    """(Debian's build lacks -I, FEATURE_TRACEROUTE_USE_ICMP: its usage is left out here.)"""
    sim, real = compare(["traceroute -n 172.18.0.3", "traceroute 127.0.0.1", "traceroute nosuch.invalid",
                         "traceroute -m abc 1.2.3.4", "traceroute -n 127.0.0.1 100",
                         "traceroute -n -q 1 -m 2 -w 1 172.18.0.3"])
    assert sim == real
