"""conntrack's listing options and texts (course_lib/shell/conntrack_cmd.py)."""
from __future__ import annotations

from course_lib import Lab


def test_listing_options() -> None:
    lab = Lab()
    lab.run("ip link set lo up; iptables -A INPUT -m conntrack --ctstate NEW -j ACCEPT; ping -c 1 127.0.0.2")
    assert lab.run("conntrack -L -o extended").stdout.startswith("ipv4     2 icmp     1 29 src=127.0.0.1 dst=127.0.0.2")
    assert lab.run("conntrack -L -f ipv6").stdout == ""
    assert lab.run("conntrack -L -m 0 -f ipv4").stdout.count("\n") == 1
    r = lab.run("conntrack -L -s 1.2.3.999")
    assert r.stderr.splitlines()[0] == "conntrack v1.4.7 (conntrack-tools): Invalid IP address `1.2.3.999'"
    usage = lab.run("conntrack")
    assert usage.returncode == 0 and usage.stdout.startswith("Command line interface for the connection tracking")
