"""ipset add/del of networks and ranges in ip dimensions, CIDR errors, and -m set of a set that does not exist."""
from __future__ import annotations

from course_lib import Lab


def test_networks_and_ranges_expand() -> None:
    lab = Lab()
    lab.run("ipset create h hash:ip; ipset add h 10.0.0.0/30; ipset add h 10.0.1.1-10.0.1.3")
    members = sorted(lab.run("ipset list h").stdout.split("Members:\n")[1].split())
    assert members == ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.1.1", "10.0.1.2", "10.0.1.3"]
    lab.run("ipset del h 10.0.0.0/31")
    assert "10.0.0.0\n" not in lab.run("ipset list h").stdout
    lab.run("ipset create nets hash:net")
    cases = {"10.0.0.0/0": "The value of the CIDR parameter of the IP address is invalid",
             "10.0.0.0/33": "Syntax error: '33' is out of range 0-32",
             "10.0.0.0/x": "Syntax error: 'x' is invalid as number"}
    for arg, msg in cases.items():
        assert lab.run(f"ipset add nets {arg}").stderr == f"ipset v7.17: {msg}\n"


def test_match_set_needs_the_set() -> None:
    r = Lab().run("iptables -A INPUT -m set --match-set nosuch src -j DROP")
    assert (r.returncode, r.stderr) == (2, "iptables v1.8.9 (nf_tables): Set nosuch doesn't exist.\n\n"
                                           "Try `iptables -h' or 'iptables --help' for more information.\n")
