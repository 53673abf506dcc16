"""netstat -s / -g and /proc/net/snmp from the model's counters, printed as net-tools 2.10 prints them."""
from __future__ import annotations

from course_lib import Lab
from course_lib.net import snmp
from course_lib.shell.nettools.netstat_stats import _bsearch
from course_lib.shell.nettools.netstat_tables import IP

LO_PINGS = """Ip:
    Forwarding: 2
    4 total packets received
    0 forwarded
    0 incoming packets discarded
    4 incoming packets delivered
    4 requests sent out
    OutTransmits: 4
Icmp:
    4 ICMP messages received
    0 input ICMP message failed
    ICMP input histogram:
        echo requests: 2
        echo replies: 2
    4 ICMP messages sent
    0 ICMP messages failed
    ICMP output histogram:
        echo requests: 2
        echo replies: 2
IcmpMsg:
        InType0: 2
        InType8: 2
        OutType0: 2
        OutType8: 2
"""


def test_two_pings_to_localhost_as_on_a_real_netns():
    lab = Lab()
    lab.run("ip netns add x; ip -n x link set lo up; ip netns exec x ping -c 2 -i 0.2 127.0.0.1")
    out = lab.run("ip netns exec x netstat -s").stdout
    assert out.startswith(LO_PINGS)
    assert out.endswith("IpExt:\n    InOctets: 336\n    OutOctets: 336\n    InNoECTPkts: 4\nMPTcpExt:\n")
    snmp_text = lab.run("ip netns exec x cat /proc/net/snmp").stdout
    assert "\nIcmpMsg: InType0 InType8 OutType0 OutType8\nIcmpMsg: 2 2 2 2\n" in snmp_text
    assert snmp_text.splitlines()[1] == "Ip: 2 64 4 0 0 0 0 0 4 4 0 0 0 0 0 0 0 0 0 4"


def test_bsearch_misses_forwarding_as_net_tools_does():
    assert _bsearch(IP, "Forwarding") is None and _bsearch(IP, "InReceives") is not None


def test_protocol_flags_choose_the_tables():
    lab = Lab()
    tcp = lab.run("netstat -st").stdout
    assert tcp.startswith("Tcp:\n    0 active connection openings\n") and "Udp:" not in tcp and "Ip:" not in tcp
    assert "TcpExt:\n    0 packet headers predicted\n" in tcp
    udp = lab.run("netstat --statistics -u").stdout
    assert udp.startswith("Udp:\n    0 packets received\n") and "\nTcpExt:" not in udp and "UdpLite:" in udp
    assert lab.run("netstat -sw").stdout.startswith("Ip:\n    Forwarding: 2\n")


def test_icmpmsg_lines_hold_16_types_each():
    lab = Lab()
    ns = lab.network.machines["host"].root
    for t in range(20):
        snmp.inc(ns, "IcmpMsg", f"OutType{t}")
    lines = snmp.proc_net_snmp(ns).splitlines()
    msg = [line for line in lines if line.startswith("IcmpMsg:")]
    assert len(msg) == 4 and msg[0].split()[1:3] == ["OutType0", "OutType1"] and msg[2].split()[1] == "OutType16"


def test_forwarding_router_counts():
    lab = Lab()
    lab.run("""ip netns add a
ip netns add r
ip -n a link add va type veth peer name ra netns r
ip -n a addr add 10.1.0.2/24 dev va
ip -n a link set va up
ip -n r addr add 10.1.0.1/24 dev ra
ip -n r link set ra up
ip -n a route add default via 10.1.0.1
ip netns exec a ping -c 1 -W 1 10.9.9.9
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec a ping -c 1 -W 1 10.9.9.9""")
    out = lab.run("ip netns exec r netstat -s").stdout
    assert "    1 with invalid addresses\n" in out and "    InNoRoutes: 1\n" in out
    assert "        destination unreachable: 1\n" in out and "    Forwarding: 1\n" in out


def test_groups_by_family_then_device_with_names_from_hosts():
    lab = Lab()
    lab.run("ip link set lo up; ip link add br0 type bridge; ip link set br0 up")
    out = lab.run("netstat -g").stdout.splitlines()
    assert out[:3] == ["IPv6/IPv4 Group Memberships", "Interface       RefCnt Group",
                       "--------------- ------ ---------------------"]
    assert out[3:6] == ["lo              1      224.0.0.1", "br0             1      224.0.0.1",
                        "br0             1      224.0.0.106"]
    assert "lo              1      ip6-allnodes" in out and "br0             1      ff02::6a" in out
    assert "lo              1      ff02::1" in lab.run("netstat -gn").stdout
