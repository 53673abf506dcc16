"""DNAME in the CoreDNS file plugin (RFC 6672; plugin/file lookup.go and dname.go of CoreDNS 1.11): the DNAME,
the CNAME synthesised for the name asked and that CNAME followed, and what dig, host, nslookup and getent
make of it.

The server side is read from CoreDNS's source (no CoreDNS binary here): the DNAME is met on the way down
before a delegation, only names strictly below its owner are redirected (the owner answers as any name), the
synthesised CNAME has the DNAME's TTL and is chased like a zone CNAME (in the tree, else asked of the server
itself; a CNAME query chases it too, as 1.11's lookup.go does). The client side was measured: the pinned
lines are what BIND 9.18 and glibc 2.36 printed against this zone (dns_harness.run_kernel, realserve), and
the real-tools test runs every line on both sides again.
"""
from __future__ import annotations

import pytest

from course_lib.dns.coredns.zonelookup import substitute
from tests.dns.dns_harness import DnsCase, compare_twice, kernel_missing, sim_lab

ZONE = ("$ORIGIN lab.test.\n$TTL 60\n@ IN SOA ns.lab.test. admin.lab.test. 1 7200 3600 1209600 3600\n"
        "@ IN NS ns.lab.test.\nns IN A 10.1.9.53\nweb IN A 10.1.0.1\nmail IN MX 10 web\n"
        "old 300 IN DNAME new.lab.test.\nold 300 IN A 10.1.0.9\nnew IN A 10.1.0.2\nwww.new IN CNAME web\n"
        "ext IN DNAME svc.test.\ngone IN DNAME nothere.lab.test.\nUp IN DNAME Corp.Example.\n"
        "sub IN DNAME new.lab.test.\nsub IN NS ns.sub\n")
SVC = ("$ORIGIN svc.test.\n$TTL 30\n@ IN SOA ns.svc.test. admin.svc.test. 1 7200 3600 1209600 30\n"
       "@ IN NS ns.svc.test.\nns IN A 10.2.9.53\napi IN A 10.2.0.1\napi IN AAAA 2001:db8::1\n")
COREFILE = "lab.test {\n    file /opt/coredns/db.lab.test\n}\nsvc.test {\n    file /opt/coredns/db.svc.test\n}\n"
RESOLV = "nameserver 127.0.0.1\nsearch lab.test\n"

# the lines and what the real tools printed (stdout then stderr, rc)
PINNED = [
    ("dig +noall +answer +authority www.old.lab.test",
     "old.lab.test.\t\t300\tIN\tDNAME\tnew.lab.test.\nwww.old.lab.test.\t300\tIN\tCNAME\twww.new.lab.test.\n"
     "www.new.lab.test.\t60\tIN\tCNAME\tweb.lab.test.\nweb.lab.test.\t\t60\tIN\tA\t10.1.0.1\n"
     "lab.test.\t\t60\tIN\tNS\tns.lab.test.\n", 0),
    ("dig old.lab.test +noall +answer", "old.lab.test.\t\t300\tIN\tA\t10.1.0.9\n", 0),      # the owner itself
    ("dig old.lab.test DNAME +noall +answer", "old.lab.test.\t\t300\tIN\tDNAME\tnew.lab.test.\n", 0),
    ("dig +noall +answer x.old.lab.test CNAME",
     "old.lab.test.\t\t300\tIN\tDNAME\tnew.lab.test.\nx.old.lab.test.\t\t300\tIN\tCNAME\tx.new.lab.test.\n", 0),
    ("dig +short api.ext.lab.test", "svc.test.\napi.svc.test.\n10.2.0.1\n", 0),       # into another zone
    ("dig +short a.b.up.lab.test", "Corp.Example.\na.b.Corp.Example.\n", 0),           # the target's case kept
    # DNAME and NS at one owner below the apex (RFC 6672 2.3 forbids it; CoreDNS loads it): the DNAME is met first
    ("dig +short a.sub.lab.test", "new.lab.test.\na.new.lab.test.\n", 0),
    ("host api.ext.lab.test", "ext.lab.test has DNAME record svc.test.\napi.ext.lab.test is an alias for "
     "api.svc.test.\napi.svc.test has address 10.2.0.1\napi.svc.test has IPv6 address 2001:db8::1\n", 0),
    ("host a.gone.lab.test", "gone.lab.test has DNAME record nothere.lab.test.\na.gone.lab.test is an alias for "
     "a.nothere.lab.test.\nHost a.nothere.lab.test not found: 3(NXDOMAIN)\n"
     "Host a.nothere.lab.test not found: 3(NXDOMAIN)\n", 1),
    ("nslookup -type=cname x.old.lab.test",
     ";; Got recursion not available from 127.0.0.1\nServer:\t\t127.0.0.1\nAddress:\t127.0.0.1#53\n\n"
     "old.lab.test\tdname = new.lab.test.\nx.old.lab.test\tcanonical name = x.new.lab.test.\n\n", 0),
    ("getent hosts www.old.lab.test", "10.1.0.1        web.lab.test www.old.lab.test www.new.lab.test\n", 0),
    ("getent hosts a.gone.lab.test", "", 2),
]
LINES = [line for line, _, _ in PINNED] + [
    "dig www.old.lab.test", "dig +noall +answer mail.old.lab.test MX", "dig +short api.ext.lab.test AAAA",
    "dig nothing.ext.lab.test +noall +answer +authority", "dig a.gone.lab.test +noall +answer +comments",
    "dig A.B.UP.LAB.TEST +noall +answer", "host www.old.lab.test", "host -t dname old.lab.test",
    "host -t any x.old.lab.test", "host -v api.ext.lab.test", "nslookup www.old.lab.test", "nslookup api.ext.lab.test",
    "nslookup -type=dname old.lab.test", "nslookup a.gone.lab.test", "getent ahosts api.ext.lab.test",
    "getent hosts old.lab.test", "getent hosts x.old"]


def _case() -> DnsCase:
    return DnsCase("dname", RESOLV, "127.0.0.1 localhost\n", COREFILE, {"db.lab.test": ZONE, "db.svc.test": SVC},
                   LINES)


@pytest.mark.parametrize("qname,owner,target,expected", [        # CoreDNS's dname_test.go table (RFC 6672 2.2)
    ("a.example.com.", "example.com.", "example.net.", "a.example.net."),
    ("a.b.example.com.", "example.com.", "example.net.", "a.b.example.net."),
    ("a.x.example.com.", "x.example.com.", "example.net.", "a.example.net."),
    ("a.example.com.", "example.com.", "y.example.net.", "a.y.example.net."),
    ("cyc.example.com.", "example.com.", "example.com.", "cyc.example.com."),
    ("cyc.example.com.", "example.com.", "c.example.com.", "cyc.c.example.com."),
    ("shortloop.x.x.", "x.", ".", "shortloop.x."),
    ("shortloop.x.", "x.", ".", "shortloop."),
])
def test_substitution(qname: str, owner: str, target: str, expected: str) -> None:
    assert substitute(qname, owner, target) == expected


@pytest.fixture(scope="module")
def lab():
    return sim_lab(_case())


@pytest.mark.parametrize("line,output,rc", PINNED)
def test_tools_print_a_dname_answer_as_measured(lab, line: str, output: str, rc: int) -> None:
    r = lab.run(line)
    assert (r.stdout + r.stderr, r.returncode) == (output, rc)


@pytest.mark.real
def test_every_line_matches_the_real_tools() -> None:
    reason = kernel_missing()
    if reason:
        pytest.skip(reason)
    diff = compare_twice(_case())[2]
    assert not diff, diff
