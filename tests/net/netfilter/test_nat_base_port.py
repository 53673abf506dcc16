"""The base-port form of a NAT range (PORT-PORT/BASE): parse, texts and the port mapping, as recorded from
iptables 1.8.9 (nf_tables) and the kernel's conntrack table in a private netns (ipt_nat_base_port.sh)."""
from __future__ import annotations

from course_lib import Lab
from tests.net.netfilter.expect import refused

PREFIX = "iptables v1.8.9 (nf_tables): "


def test_dnat_keeps_its_base_and_snat_masquerade_keep_zero() -> None:
    lab = Lab()
    for line in ("-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.5:1000-2000/1500",
                 "-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/http",
                 "-A PREROUTING -p icmp -j DNAT --to-destination :1000-2000/0x10x",
                 "-A POSTROUTING -p tcp -j SNAT --to-source 10.0.0.1:1000-2000/1500",
                 "-A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000/7"):
        assert lab.run(f"iptables -t nat {line}").returncode == 0, line
    assert lab.run("iptables -t nat -S").stdout.splitlines()[4:] == [
        "-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.5:1000-2000/1500",
        "-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/80",
        "-A PREROUTING -p icmp -j DNAT --to-destination :1000-2000/16",
        "-A POSTROUTING -p tcp -j SNAT --to-source 10.0.0.1:1000-2000/0",
        "-A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000/0"]
    listing = lab.run("iptables -t nat -L -n").stdout
    assert "0.0.0.0/0            to:10.0.0.1-10.0.0.5:1000-2000/1500\n" in listing
    assert "0.0.0.0/0            masq ports: 1000-2000/0\n" in listing


def test_errors_of_each_part() -> None:
    lab = Lab()
    cases = {"-p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/0": "Port `0' not valid",
             "-p tcp -j DNAT --to-destination 10.0.0.1:1000-2000//1": "Port `/1' not valid",
             "-p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/": "Port `' not valid",
             "-p tcp -j DNAT --to-destination 10.0.0.1:1000/1500": "Garbage after port value: `/1500'",
             "-p tcp -j DNAT --to-destination 10.0.0.1:2000-1000/1500": "Port range `1000/1500' funky",
             "-p tcp -j DNAT --to-destination 10.0.0.1:1000-http": "Port `http' not valid",
             "-p tcp -j DNAT --to-destination 10.0.0.1:1000-2000x": "Garbage after port range: `x'",
             "-j DNAT --to-destination 10.0.0.1:x": "Need TCP, UDP, SCTP or DCCP with port specification",
             "-j DNAT --to-destination 10.0.0.1:80 -p tcp": "Need TCP, UDP, SCTP or DCCP with port specification",
             "-p tcp -j REDIRECT --to-ports 1000-2000/100": "Shifted portmap ranges not supported with this kernel"}
    refused(lab, "iptables -t nat -A PREROUTING", cases, PREFIX)
    for spec in ("! -p tcp -j DNAT --to-destination 10.0.0.1:80", "-p icmp -j REDIRECT --to-ports 5"):
        assert lab.run(f"iptables -t nat -A PREROUTING {spec}").returncode == 0, spec


def test_the_port_is_shifted_from_the_base() -> None:
    lab = Lab()
    lab.run("ip link set lo up\nip addr add 10.0.0.1/24 dev lo\nip route add 10.9.9.0/24 dev lo src 10.0.0.1\n"
            "iptables -t nat -A OUTPUT -p udp -d 10.9.9.9 -j DNAT --to-destination 127.0.0.1:1000-2000/1500\n"
            "iptables -t nat -A POSTROUTING -p udp -d 10.0.0.1 -j SNAT --to-source 10.0.0.1:3000-3010/7")
    for port in (1600, 1400, 1500, 1200, 2600, 999):
        lab.run(f"echo x | nc -u -w0 -p 4000 10.9.9.9 {port}")
    for port in (40000, 40001, 40002, 3005):
        lab.run(f"echo x | nc -u -w0 -p {port} 10.0.0.1 5353")
    mapped = {}
    for line in lab.run("conntrack -L -p udp").stdout.splitlines():
        values = [f.split("=", 1)[1] for f in line.split() if f.startswith(("dst=", "sport=", "dport="))]
        dst, sport, dport, _, reply_sport, reply_dport = values
        mapped.update({int(dport): int(reply_sport)} if dst == "10.9.9.9" else {int(sport): int(reply_dport)})
    # the kernel's table: DNAT port P -> 1000 + (P - 1500) mod 65536 mod 1001; SNAT (base 0) P -> 3000 + P mod 11
    assert mapped == {1600: 1100, 1400: 1371, 1500: 1000, 1200: 1171, 2600: 1099, 999: 1971,
                      40000: 3004, 40001: 3005, 40002: 3006, 3005: 3002}
