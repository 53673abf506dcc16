"""/proc/net/nf_conntrack: conntrack -L's flows in ct_seq_show's form (measured on Linux 6.18)."""
from __future__ import annotations

import re

from course_lib import Lab

# after `ping -c 1 10.3.0.2` and a UDP datagram to port 5353 nobody answers (pid/port made N/P)
KERNEL = ["ipv4     2 icmp     1 29 src=10.3.0.1 dst=10.3.0.2 type=8 code=0 id=N src=10.3.0.2 dst=10.3.0.1 type=0 "
          "code=0 id=N mark=0 zone=0 use=2",
          "ipv4     2 udp      17 29 src=10.3.0.1 dst=10.3.0.2 sport=P dport=5353 [UNREPLIED] src=10.3.0.2 "
          "dst=10.3.0.1 sport=5353 dport=P mark=0 zone=0 use=2"]


def test_flows_in_the_proc_format():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; ip addr add 10.3.0.1/24 dev v0; ip netns add n1;"
            "ip link set v1 netns n1; ip -n n1 addr add 10.3.0.2/24 dev v1; ip -n n1 link set v1 up;"
            "ip link set v0 up")
    assert lab.run("cat /proc/net/nf_conntrack").stdout == ""
    lab.run("iptables -A OUTPUT -m conntrack --ctstate NEW -j ACCEPT; sleep 1; ping -c 1 -W 1 10.3.0.2;"
            "echo x | nc -u -w 1 10.3.0.2 5353")
    text = lab.run("cat /proc/net/nf_conntrack").stdout
    lines = sorted(re.sub(r"port=[3-6]\d{4}", "port=P", re.sub(r"id=\d+", "id=N", ln)) for ln in text.splitlines())
    assert lines == KERNEL
    assert lab.run("ip netns exec n1 cat /proc/net/nf_conntrack").stdout == ""
