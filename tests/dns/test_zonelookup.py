"""The file plugin answers as CoreDNS's plugin/file Zone.Lookup does (its lookup_test.go cases, on a zone of ours).

Expected sections are read from CoreDNS's lookup.go/zone.go (no CoreDNS binary here): NS in the authority of
every answer, in-zone MX/SRV targets' addresses as additional, SOA for any name owned by the apex,
referrals with glue, wildcards, empty non-terminals, ANY as NODATA, CNAME chains up to maxChain.
"""
from __future__ import annotations

import pytest

from course_lib import Lab

ZONE = """$ORIGIN zl.test.
$TTL 300
@ IN SOA NS.zl.test. Admin.zl.test. 7 7200 3600 1209600 60
@ IN NS ns.zl.test.
@ IN MX 10 Mail
ns IN A 10.2.0.53
mail IN A 10.2.0.25
mail IN AAAA 2001:db8::25
www IN A 10.2.0.80
web IN CNAME www
a.b.c IN A 10.2.0.3
*.wild IN A 10.2.0.9
*.wc IN CNAME www
sub IN NS ns.sub
ns.sub IN A 10.2.1.53
_http._tcp IN SRV 0 5 80 mail
loop1 IN CNAME loop2
loop2 IN CNAME loop1
out IN CNAME www.other.test.
gone IN CNAME nowhere
"""
OTHER = "$ORIGIN other.test.\n$TTL 3600\n@ IN SOA ns.other.test. a.other.test. 1 2 3 4 5\n@ IN NS ns.other.test.\nwww IN A 10.3.0.1\n"
COREFILE = ("zl.test {\n    file /opt/coredns/db.zl.test\n}\n"
            "other.test {\n    file /opt/coredns/db.other.test\n}\n")
NS = "zl.test.\t\t300\tIN\tNS\tns.zl.test."
SOA = "zl.test.\t\t300\tIN\tSOA\tns.zl.test. admin.zl.test. 7 7200 3600 1209600 60"


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.run("printf 'nameserver 127.0.0.1\\n' > /etc/resolv.conf; mkdir -p /opt/coredns")
    for name, text in (("Corefile", COREFILE), ("db.zl.test", ZONE), ("db.other.test", OTHER)):
        lab.run(f"cat > /opt/coredns/{name} <<'EOF'\n{text}EOF")
    assert lab.run("coredns -conf /opt/coredns/Corefile").returncode == 0
    return lab


def _sections(lab: Lab, args: str) -> tuple[str, list[str]]:
    """(status and flags, the record lines of answer, authority and additional)."""
    out = lab.run(f"dig +norec +nocookie +noedns +nottlid {args}").stdout
    head = next(line for line in out.splitlines() if "status:" in line).split("status: ")[1].split(",")[0]
    flags = next(line for line in out.splitlines() if line.startswith(";; flags:")).split("flags: ")[1].split(";")[0]
    body = lab.run(f"dig +norec +nocookie +noedns +noall +answer +authority +additional {args}").stdout
    return f"{head} {flags}", body.splitlines()


@pytest.mark.parametrize("args,status,records", [
    ("www.zl.test", "NOERROR qr aa", ["www.zl.test.\t\t300\tIN\tA\t10.2.0.80", NS]),
    ("WWW.ZL.TEST", "NOERROR qr aa", ["www.zl.test.\t\t300\tIN\tA\t10.2.0.80", NS]),     # owners lowercased
    ("zl.test MX", "NOERROR qr aa", ["zl.test.\t\t300\tIN\tMX\t10 mail.zl.test.", NS,
                                     "mail.zl.test.\t\t300\tIN\tA\t10.2.0.25",
                                     "mail.zl.test.\t\t300\tIN\tAAAA\t2001:db8::25"]),
    ("_http._tcp.zl.test SRV", "NOERROR qr aa", ["_http._tcp.zl.test.\t300\tIN\tSRV\t0 5 80 mail.zl.test.", NS,
                                                 "mail.zl.test.\t\t300\tIN\tA\t10.2.0.25",
                                                 "mail.zl.test.\t\t300\tIN\tAAAA\t2001:db8::25"]),
    ("www.zl.test SOA", "NOERROR qr aa", [SOA, NS]),                       # any name: the apex SOA
    ("zl.test NS", "NOERROR qr aa", [NS, "ns.zl.test.\t\t300\tIN\tA\t10.2.0.53"]),
    ("www.zl.test TXT", "NOERROR qr aa", [SOA]),                           # NODATA
    ("www.zl.test ANY", "NOERROR qr aa", [SOA]),                           # the tree has no ANY type
    ("b.c.zl.test", "NOERROR qr aa", [SOA]),                               # an empty non-terminal
    ("nothere.zl.test", "NXDOMAIN qr aa", [SOA]),
    ("x.sub.zl.test", "NOERROR qr", ["sub.zl.test.\t\t300\tIN\tNS\tns.sub.zl.test.",
                                     "ns.sub.zl.test.\t\t300\tIN\tA\t10.2.1.53"]),    # a referral
    ("sub.zl.test", "NOERROR qr", ["sub.zl.test.\t\t300\tIN\tNS\tns.sub.zl.test.",
                                   "ns.sub.zl.test.\t\t300\tIN\tA\t10.2.1.53"]),
    ("a.wild.zl.test", "NOERROR qr aa", ["a.wild.zl.test.\t\t300\tIN\tA\t10.2.0.9", NS]),
    ("x.y.wild.zl.test TXT", "NOERROR qr aa", [SOA]),
    ("q.wc.zl.test", "NOERROR qr aa", ["q.wc.zl.test.\t\t300\tIN\tCNAME\twww.zl.test.",
                                       "www.zl.test.\t\t300\tIN\tA\t10.2.0.80", NS]),
    ("web.zl.test", "NOERROR qr aa", ["web.zl.test.\t\t300\tIN\tCNAME\twww.zl.test.",
                                      "www.zl.test.\t\t300\tIN\tA\t10.2.0.80", NS]),
    ("web.zl.test CNAME", "NOERROR qr aa", ["web.zl.test.\t\t300\tIN\tCNAME\twww.zl.test.", NS]),
    ("out.zl.test", "NOERROR qr aa", ["out.zl.test.\t\t300\tIN\tCNAME\twww.other.test.",      # upstream: the
                                      "www.other.test.\t\t3600\tIN\tA\t10.3.0.1", NS]),       # server itself
    ("gone.zl.test", "NOERROR qr aa", ["gone.zl.test.\t\t300\tIN\tCNAME\tnowhere.zl.test.", NS]),
])
def test_file_plugin_sections(lab: Lab, args: str, status: str, records: list[str]) -> None:
    assert _sections(lab, args) == (status, records)


def test_cname_loop_stops_after_max_chain(lab: Lab) -> None:
    """maxChain 8: the first CNAME, then nine more links (i > 8), ten records alternating."""
    status, records = _sections(lab, "loop1.zl.test")
    assert status == "NOERROR qr aa" and records[-1] == NS
    assert records[:-1] == ["loop1.zl.test.\t\t300\tIN\tCNAME\tloop2.zl.test.",
                            "loop2.zl.test.\t\t300\tIN\tCNAME\tloop1.zl.test."] * 5
