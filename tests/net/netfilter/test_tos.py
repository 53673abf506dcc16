"""TOS and DSCP (course_lib/net/netfilter/tos.py): the matches, the mangle targets, their texts and errors."""
from __future__ import annotations

from course_lib import Lab


def test_texts_of_tos_and_dscp_rules() -> None:
    lab = Lab()
    for spec in ("-j TOS --set-tos 0x10", "-j TOS --and-tos 0x10", "-j TOS --set-tos Minimize-Delay",
                 "-j DSCP --set-dscp-class AF41"):
        assert lab.run(f"iptables -t mangle -A OUTPUT {spec}").returncode == 0
    assert lab.run("iptables -t mangle -S OUTPUT").stdout.splitlines()[1:] == [
        "-A OUTPUT -j TOS --set-tos 0x10/0xff", "-A OUTPUT -j TOS --set-tos 0x00/0xef",
        "-A OUTPUT -j TOS --set-tos 0x10/0x3f", "-A OUTPUT -j DSCP --set-dscp 0x22"]
    listing = lab.run("iptables -t mangle -L OUTPUT").stdout.splitlines()
    assert listing[2].endswith("anywhere             TOS set 0x10/0xff")
    assert listing[3].endswith("TOS and 0x10")
    assert listing[4].endswith("anywhere              TOS setMinimize-Delay")     # libxt_TOS's blanks
    lab.run("iptables -A INPUT -m tos ! --tos normal-service && iptables -A INPUT -m dscp --dscp 10")
    assert [ln.split("0.0.0.0/0")[-1] for ln in lab.run("iptables -L INPUT -n").stdout.splitlines()[2:]] == [
        "            tos match!0x00/0x3f", "            DSCP match 0x0a"]


def test_tos_errors() -> None:
    lab = Lab()
    cases = {"-m tos --tos 300": 'Symbolic name "300" is unknown',
             "-m tos --tos 0x10/zz": 'Illegal value: "0x10/zz"',
             "-m dscp --dscp 64": 'dscp: bad value for option "--dscp", or out of range (0-63).\n',
             "-m dscp --dscp-class XX": "Invalid DSCP value `XX'",
             "-m dscp": "DSCP match: Parameter --dscp is required"}
    for spec, msg in cases.items():
        r = lab.run(f"iptables -A INPUT {spec}")
        assert (r.returncode, r.stderr.splitlines()[0]) == (2, "iptables v1.8.9 (nf_tables): " + msg.splitlines()[0])
    r = lab.run("iptables -t mangle -A OUTPUT -j TOS --set-tos 1 --or-tos 2")
    assert 'TOS: option "--set-tos" cannot be used together with "--or-tos".' in r.stderr


def test_marked_packets_and_their_echo_replies_match() -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    lab.run("iptables -t mangle -A OUTPUT -d 127.0.0.2 -j TOS --set-tos 0x10")
    lab.run("iptables -A INPUT -m tos --tos Minimize-Delay -j ACCEPT")
    lab.run("ping -c 1 127.0.0.2 && ping -c 1 127.0.0.1")
    counters = lab.run("iptables -L INPUT -v -n -x").stdout.splitlines()[2].split()[:2]
    assert counters == ["2", "168"]           # the request and its reply (icmp_reply keeps the TOS)


def test_icmp_errors_are_internetwork_control() -> None:
    lab = Lab()
    lab.run("ip link set lo up; iptables -A OUTPUT -m dscp --dscp-class CS6 -j ACCEPT; "
            "iptables -A INPUT -p udp -j REJECT")
    lab.run("traceroute -n -q 1 -m 1 127.0.0.1")
    assert lab.run("iptables -L OUTPUT -v -n -x").stdout.splitlines()[2].split()[:2] == ["1", "88"]
