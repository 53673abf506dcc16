"""ipset and ipvsadm commands on a plain lab: formats and messages as ipset 7.17 (checked on this machine) and ipvsadm 1.31."""
from __future__ import annotations

from course_lib import Lab


def test_ipset_create_add_list_save_errors() -> None:
    h = Lab().host("host")
    assert h.run("ipset create A hash:ip,port").returncode == 0
    assert h.run("ipset add A 10.0.0.1,tcp:80").returncode == 0
    r = h.run("ipset add A 10.0.0.1,80")
    assert (r.returncode, r.stderr) == (1, "ipset v7.17: Element cannot be added to the set: it's already added\n")
    assert h.run("ipset add A 10.0.0.1,tcp:80 -exist").returncode == 0
    r = h.run("ipset add A 10.0.0.1")
    assert r.stderr == "ipset v7.17: Syntax error: Second element is missing from 10.0.0.1.\n"
    r = h.run("ipset add A foo,tcp:80")
    assert r.stderr == "ipset v7.17: Syntax error: cannot parse foo: resolving to IPv4 address failed\n"
    h.run("ipset add A 10.0.0.2,udp:53")
    out = h.run("ipset list A").stdout.splitlines()
    assert out[:3] == ["Name: A", "Type: hash:ip,port", "Revision: 7"]
    assert out[4:] == ["Size in memory: 312", "References: 0", "Number of entries: 2", "Members:",
                       "10.0.0.1,tcp:80", "10.0.0.2,udp:53"]
    r = h.run("ipset del A 10.9.9.9,tcp:1")
    assert r.stderr == "ipset v7.17: Element cannot be deleted from the set: it's not added\n"
    r = h.run("ipset test A 10.0.0.1,tcp:80")
    assert (r.returncode, r.stderr) == (0, "Warning: 10.0.0.1,tcp:80 is in set A.\n")
    r = h.run("ipset test A 10.0.0.1,tcp:81")
    assert (r.returncode, r.stderr) == (1, "10.0.0.1,tcp:81 is NOT in set A.\n")
    assert h.run("ipset add NOPE 1.2.3.4").stderr == "ipset v7.17: The set with the given name does not exist\n"
    assert h.run("ipset create B hash:foo").stderr == "ipset v7.17: Syntax error: typename 'hash:foo' is unknown\n"
    r = h.run("ipset create C bitmap:port")
    assert (r.returncode, r.stderr) == (2, "ipset v7.17: Mandatory option `range' is missing\n"
                                           "Try `ipset help' for more information.\n")
    h.run("ipset create C bitmap:port range 1000-2000")
    assert h.run("ipset add C 3000").stderr == "ipset v7.17: Element is out of the range of the set\n"
    h.run("ipset create D hash:net")
    h.run("ipset add D 10.1.0.0/16")
    h.run("ipset add D 1.2.3.4")
    assert h.run("ipset add D 10.1.2.3/16").returncode == 1
    assert h.run("ipset -o save list D").stdout.splitlines()[1:] == ["add D 10.1.0.0/16", "add D 1.2.3.4"]
    assert h.run("ipset list -n").stdout == "A\nC\nD\n"
    r = h.run("ipset")
    assert (r.returncode, r.stderr) == (2, "ipset v7.17: No command specified.\nTry `ipset help' for more information.\n")
    assert h.run("ipset create A hash:ip,port").stderr == \
        "ipset v7.17: Set cannot be created: set with the same name already exists\n"


def test_match_set_in_iptables_and_references() -> None:
    h = Lab().host("host")
    h.run("ipset create S hash:ip,port")
    h.run("ipset add S 127.0.0.1,tcp:80")
    h.run("iptables -A INPUT -m set --match-set S dst,dst -j REJECT")
    assert "-A INPUT -m set --match-set S dst,dst -j REJECT --reject-with icmp-port-unreachable" in \
        h.run("iptables -S").stdout
    assert "match-set S dst,dst" in h.run("iptables -L -n").stdout
    assert "References: 1" in h.run("ipset list S").stdout
    assert h.run("ipset destroy S").stderr == \
        "ipset v7.17: Set cannot be destroyed: it is in use by a kernel component\n"
    r = h.run("iptables -A INPUT -m set --match-set S foo -j ACCEPT")
    assert r.returncode == 2 and "You must spefify (the comma separated list of) 'src' or 'dst'." in r.stderr


def test_ipvsadm_edit_and_list() -> None:
    h = Lab().host("host")
    h.run("ipvsadm -A -t 10.0.0.1:80 -s rr")
    h.run("ipvsadm -a -t 10.0.0.1:80 -r 10.1.0.2:8080 -m")
    h.run("ipvsadm -a -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 2")
    h.run("ipvsadm -A -u 10.0.0.1:53 -s rr -p 600")
    assert h.run("ipvsadm -Ln").stdout == (
        "IP Virtual Server version 1.2.1 (size=4096)\n"
        "Prot LocalAddress:Port Scheduler Flags\n"
        "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
        "TCP  10.0.0.1:80 rr\n"
        "  -> 10.1.0.1:8080                Masq    2      0          0         \n"
        "  -> 10.1.0.2:8080                Masq    1      0          0         \n"
        "UDP  10.0.0.1:53 rr persistent 600\n")
    assert h.run("ipvsadm -Sn").stdout == ("-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 2\n"
                                           "-a -t 10.0.0.1:80 -r 10.1.0.2:8080 -m -w 1\n-A -u 10.0.0.1:53 -s rr -p 600\n")
    assert h.run("ipvsadm -A -t 10.0.0.1:80").stderr == "Service already exists\n"
    assert h.run("ipvsadm -a -t 10.9.9.9:80 -r 10.1.0.1:80 -m").stderr == "Service not defined\n"
    assert h.run("ipvsadm -L -n -t 10.9.9.9:80").stderr == "No such service\n"
    h.run("ipvsadm -d -t 10.0.0.1:80 -r 10.1.0.2:8080")
    h.run("ipvsadm -D -u 10.0.0.1:53")
    assert h.run("ipvsadm -Ln").stdout.splitlines()[3:] == [
        "TCP  10.0.0.1:80 rr", "  -> 10.1.0.1:8080                Masq    2      0          0         "]
    h.run("ipvsadm -C")
    assert len(h.run("ipvsadm -Ln").stdout.splitlines()) == 3


def test_ipvsadm_sorts_as_libipvs() -> None:
    """libipvs subtracts addresses as 32-bit ints: 192.168.x sorts before 10.x (the difference wraps)."""
    h = Lab().host("host")
    for vip in ("10.96.0.1:443", "192.168.1.11:30080", "10.96.0.10:53"):
        h.run(f"ipvsadm -A -t {vip} -s rr")
    names = [l.split()[1] for l in h.run("ipvsadm -Ln").stdout.splitlines()[3:]]
    assert names == ["192.168.1.11:30080", "10.96.0.1:443", "10.96.0.10:53"]
