"""CT --zone (conntrack.Template / zkey): the same tuples in another zone are another flow."""
from __future__ import annotations

from course_lib import Lab


def test_zones_keep_flows_apart() -> None:
    lab = Lab()
    lab.run("ip link set lo up")
    lab.run("iptables -t raw -A OUTPUT -p icmp -d 127.0.0.2 -j CT --zone 5")
    lab.run("iptables -t raw -A OUTPUT -p icmp -s 127.0.0.2 -j CT --zone 5")
    assert lab.run("ping -c 1 127.0.0.2").returncode == 0
    lab.run("iptables -t raw -R OUTPUT 1 -p icmp -d 127.0.0.2 -j CT --zone 6")
    assert lab.run("ping -c 1 127.0.0.2").returncode == 0
    lines = sorted(lab.run("conntrack -L").stdout.splitlines())
    assert [ln.split()[-2] for ln in lines] == ["zone=5", "zone=6"]
    assert "[UNREPLIED]" not in lines[0] and "[UNREPLIED]" in lines[1]   # zone 6 replies go to zone 5
    assert lab.run("conntrack -L -w 6 | wc -l").stdout == "1\n"
    r = lab.run("conntrack -C -w 6")                    # conntrack 1.4.7 counts the whole table, no filter
    assert (r.returncode, r.stderr.splitlines()[0]) == (
        2, "conntrack v1.4.7 (conntrack-tools): Illegal option `--zone' with this command")
    assert lab.run("iptables -t raw -S OUTPUT 1").stdout == "-A OUTPUT -d 127.0.0.2/32 -p icmp -j CT --zone 6\n"
    assert lab.run("iptables -t raw -L OUTPUT 1 -n").stdout.rstrip().endswith("CT zone 6")


def test_bad_zone() -> None:
    r = Lab().run("iptables -t raw -A OUTPUT -j CT --zone 70000")
    assert (r.returncode, r.stderr.splitlines()[0]) == (2, "iptables v1.8.9 (nf_tables): Cannot parse 70000 as a zone ID")
