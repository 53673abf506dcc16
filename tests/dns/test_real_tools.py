"""Conformance of the tools' finer points: real BIND 9.18/glibc tools vs the simulation, same server model.

As in test_real_coredns, the kernel side serves the Corefile with `python -m course_lib.dns.realserve`
inside `unshare --net --mount` (its own loopback, /etc/hosts and /etc/resolv.conf bind-mounted there
only); the simulation runs `coredns`. Each scenario is a resolv.conf, a hosts file and commands whose
output and exit status must be the same. Volatile fields (ids, times, dates) are normalised.
"""
from __future__ import annotations


import pytest

from tests.dns.dns_harness import DnsCase, kernel_missing, run_kernel, run_sim

pytestmark = pytest.mark.real

COREFILE = """example.org {
    file /opt/coredns/db.example.org
}
test {
    file /opt/coredns/db.test
}
lab.local 0.0.10.in-addr.arpa {
    hosts {
        10.0.0.5 web.lab.local
    }
}
"""
ZONES = {
    "db.example.org": "$ORIGIN example.org.\n$TTL 3600\n"
                      "@ IN SOA ns.example.org. admin.example.org. 2024010101 7200 3600 1209600 3600\n"
                      "@ IN NS ns.example.org.\n@ IN MX 10 mail.example.org.\nns IN A 10.0.0.53\n"
                      "www IN A 10.0.0.80\nweb IN CNAME www\nmail IN A 10.0.0.25\ntxt IN TXT \"hello world\"\n"
                      "_http._tcp IN SRV 0 5 80 www\nv6 IN AAAA 2001:db8::1\nchain IN CNAME web\n"
                      "dangling IN CNAME nowhere\nout IN CNAME www.other.test.\nv6alias IN CNAME v6\n",
    "db.test": "$ORIGIN test.\n$TTL 60\n@ IN SOA ns.test. admin.test. 1 7200 3600 1209600 60\n"
               + "".join(f"h{i}.d{i} IN A 10.0.1.{i}\n" for i in range(1, 10))
               + "web.d2 IN A 10.0.2.80\nweb.d3 IN A 10.0.3.80\nweb IN A 10.0.9.80\n"
               + "".join(f"big IN A 10.3.{i // 200}.{i % 200 + 1}\n" for i in range(120))     # over 1232 bytes
               + "".join(f"mid IN A 10.4.0.{i + 1}\n" for i in range(40)),                     # over 512 bytes
}
HOSTS = ("127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n10.1.1.1 files.example.org files\n"
         "10.1.1.2\tfiles2 # a comment\n10.1.1.3 Mixed.Case MC\n10.1.1.4 files f4 files.example.org\n"
         "10.1.1.1 files dup\n2001:db8::5 v6host files\n::ffff:10.9.9.9 mapped\n10.1.1.300 bad\nbogus line\n"
         "10.2.2.2 multi\n10.2.2.3 multi m2\n10.2.2.4 MULTI\n")
ONE = "nameserver 127.0.0.1\nsearch lab.local\n"
VETH = ["ip link add v0 type veth peer name v1", "ip link set v0 up", "ip link set v1 up",
        "ip addr add 10.0.0.1/24 dev v0"]
SCENARIOS = {
    "nslookup": (ONE, [
        "nslookup -query=AAAA v6.example.org", "nslookup -type=cname web.example.org", "nslookup -q=mx example.org",
        "nslookup www.example.org.", "nslookup www.example.org 127.0.0.1", "nslookup nothere.example.org 127.0.0.1",
        "nslookup -debug www.example.org", "nslookup -debug nothere.example.org", "nslookup -debug 10.0.0.5",
        "nslookup -debug -type=soa example.org", "nslookup -norecurse www.example.org", "nslookup -vc www.example.org",
        "nslookup -type=any example.org", "nslookup -type=any www.example.org", "nslookup -fail nothere.lab.local",
        "nslookup -nosearch web", "nslookup WWW.Example.ORG", "nslookup 2001:db8::1", "nslookup - 127.0.0.1",
        "printf 'www.example.org\\nset type=mx\\nexample.org\\nserver 127.0.0.1\\nnothere.example.org\\nexit\\n' | nslookup",
        "printf 'set all\\n' | nslookup", "echo 'bogus command' | nslookup", "nslookup a b c",
        "nslookup -type=ptr 10.0.0.5", "nslookup -type=a 10.0.0.5", "nslookup 10.0.0.99", "nslookup -type=mx nothere.example.org",
    ]),
    "dig": (ONE, [
        "dig www.example.org mail.example.org +short", "dig www.example.org A mail.example.org MX",
        "dig +nocomments www.example.org", "dig +noquestion www.example.org", "dig +noedns www.example.org",
        "dig ANY example.org", "dig +tcp www.example.org", "dig +nottlid www.example.org +noall +answer",
        "dig WWW.EXAMPLE.ORG +noall +answer", "dig Web.Example.Org", "dig +noall +answer +ttlunits www.example.org",
        "dig +noall +comments x.other.test", "dig +identify +short www.example.org", "dig -t mx EXAMPLE.ORG +short",
        "dig +multiline +noall +answer example.org SOA", "dig +multiline nothere.example.org",
        "dig +multiline +noall +answer www.example.org", "dig +noall +answer +multiline test SOA",
        "dig +multi +nocomments example.org SOA", "dig axfr example.org", "dig -t axfr example.org +short",
        "dig ixfr=1 example.org", "host -l example.org", "nslookup -type=axfr example.org",
    ]),
    "host": (ONE, [
        "host -t cname web.example.org", "host -t any example.org", "host -T www.example.org", "host -N 0 web",
        "host -v web.example.org", "host -a example.org", "host -v -t mx example.org", "host -v 10.0.0.5",
        "host -a nothere.example.org", "host -v x.other.test", "host -v -t a www.example.org 127.0.0.1",
        "host WEB.EXAMPLE.ORG", "host -t a 10.0.0.5", "host 10.0.0.99", "host -t mx nothere.example.org",
    ]),
    "cname": (ONE, [
        "nslookup -type=aaaa web.example.org", "nslookup chain.example.org", "nslookup dangling.example.org",
        "nslookup out.example.org", "nslookup v6alias.example.org", "host chain.example.org", "host dangling.example.org",
        "host out.example.org", "host v6alias.example.org", "host -t aaaa web.example.org", "host -t a dangling.example.org",
        "host -t mx web.example.org", "host -t txt chain.example.org", "dig +short chain.example.org",
        "getent hosts chain.example.org", "getent ahosts chain.example.org", "getent hosts dangling.example.org",
        "getent hosts v6alias.example.org",
    ]),
    "getent": (ONE, [
        "getent hosts files", "getent hosts files.example.org", "getent ahosts files", "getent ahostsv6 files",
        "getent -A ahostsv4 localhost", "getent ahostsv6 localhost", "getent hosts", "getent ahosts",
        "getent hosts mapped", "getent hosts 10.9.9.9", "getent hosts ::ffff:10.9.9.9", "getent hosts localhost.",
        "getent hosts multi", "getent ahosts multi", "getent hosts mixed.case", "getent hosts MC", "getent ahosts 127.1",
        "getent ahosts ::ffff:10.1.1.1", "getent hosts WEB.example.org", "getent ahosts WEB.Example.org",
        "getent hosts bad", "getent hosts bogus", "getent hosts files2",
    ]),
    "truncated": (ONE, [      # TC over UDP: the tools ask again over TCP
        "dig big.test", "dig +ignore big.test | sort", "dig +noedns mid.test | tail -5",
        "dig +tcp big.test | tail -6", "host big.test", "host -v mid.test | head -4", "host -v mid.test | tail -3",
        "nslookup big.test | sort", "nslookup -debug mid.test | head -6", "getent hosts mid.test | wc -w",
        "getent ahosts big.test | awk '{print $1}' | sort -u | wc -l", "host -v big.test | tail -5",
    ]),
    "two-servers": ("nameserver 127.0.0.1\nnameserver 127.0.0.2\nsearch lab.local\n", [
        "nslookup www.example.org", "nslookup nothere.lab.local", "nslookup x.other.test", "nslookup web",
        "host www.example.org", "host nothere.lab.local", "dig +nofail +short nothere.lab.local", "dig +short x.other.test",
    ]),
    "ndots0-four-servers": ("search d2.test d3.test\ndomain d3.test # comment\n; another\n# more\n"
                            "nameserver 127.0.0.1 ; trailing\nnameserver 10.9.9.9\nnameserver 10.9.9.8\n"
                            "nameserver 10.9.9.7\noptions ndots:0 timeout:1 attempts:1\n", [
        "getent hosts web", "nslookup web", "dig +search +short web", "host web", "dig +short web", "nslookup x.y",
        "host x.y",
    ]),
    "unanswered": ("nameserver 127.0.0.1\n", [
        "dig +time=1 +tries=1 @10.0.0.2 www.example.org", "dig +time=1 +tries=2 @10.0.0.2 www.example.org +short",
        "dig +short +time=1 +tries=2 @10.0.0.2 www.example.org", "nslookup -timeout=1 -retry=1 www.example.org 10.0.0.2",
        "host -W 1 -R 0 www.example.org 10.0.0.2", "nslookup -timeout=1 www.example.org 192.0.2.1",
        "host -W 1 www.example.org 192.0.2.1", "host -p 5353 -W 1 www.example.org 127.0.0.1",
        "dig @nosuchserver www.example.org", "nslookup www.example.org nosuchserver", "host www.example.org nosuchserver",
        "nslookup www.example.org nothere.example.org", "host www.example.org nothere.example.org",
    ], VETH),
    "glibc-resolv-conf": ("nameserver 127.0.0.1\n", [
        "printf 'search d2.test\\ndomain d3.test\\nnameserver 127.0.0.1\\n' > /etc/resolv.conf; getent hosts web",
        "printf 'domain d3.test\\nsearch d2.test\\nnameserver 127.0.0.1\\n' > /etc/resolv.conf; getent hosts web",
        "printf 'search d1.test d2.test d3.test d4.test d5.test d6.test d7.test d8.test\\nnameserver 127.0.0.1\\n'"
        " > /etc/resolv.conf; getent hosts h8",
        "printf 'search d1.test\\nnameserver 127.0.0.1\\noptions ndots:0\\n' > /etc/resolv.conf; getent hosts web",
        "printf 'search d2.test\\n  nameserver 10.0.0.2\\nnameserver 127.0.0.1\\noptions timeout:1\\n' > /etc/resolv.conf;"
        " getent hosts web",
        "printf 'nameserver 10.0.0.2\\nnameserver 10.0.0.3\\nnameserver 10.0.0.4\\nnameserver 127.0.0.1\\n"
        "options timeout:1 attempts:1\\n' > /etc/resolv.conf; getent hosts web.test",
        "printf 'search d2.test # comment\\nnameserver 127.0.0.1\\n' > /etc/resolv.conf; getent hosts web",
        "printf 'search .\\nnameserver 127.0.0.1\\n' > /etc/resolv.conf; getent hosts web",
        "printf 'nameserver 127.0.0.1\\nsearch test\\n' > /etc/resolv.conf; getent hosts web.d2",
        "printf 'nameserver 127.0.0.1\\nsearch test\\noptions ndots:5\\n' > /etc/resolv.conf; getent ahosts h1.d1",
    ], VETH),
    "search-list": ("domain d1.test\nsearch d2.test d3.test\nsearch d4.test d5.test d6.test d7.test d8.test d1.test"
                    " d2.test\nnameserver 127.0.0.1\n", [
        "getent hosts web", "nslookup web", "dig +search +short web", "host web", "getent hosts h7", "nslookup h8",
        "host -v -t a h1", "nslookup nothere", "host nothere", "dig +search nothere", "nslookup -debug h1",
        "nslookup -debug nothere", "dig +search +showsearch h1", "dig +showsearch +search +short nothere",
        "nslookup -ndots=0 web", "printf 'set ndots=4\\nset all\\n' | nslookup",
    ]),
}


def _case(scenario: str) -> DnsCase:
    resolv, commands, *setup = SCENARIOS[scenario]
    return DnsCase(scenario, resolv, HOSTS, COREFILE, ZONES, commands, setup[0] if setup else [])


_RUNS: dict[str, tuple[list, list]] = {}


def _both(scenario: str) -> tuple[list, list]:
    reason = kernel_missing()
    if reason:
        pytest.skip(reason)
    if scenario not in _RUNS:
        case = _case(scenario)
        _RUNS[scenario] = tuple([(o.output, o.rc) for o in run(case)] for run in (run_kernel, run_sim))
    return _RUNS[scenario]


@pytest.mark.parametrize("scenario,index", [(s, i) for s, v in SCENARIOS.items() for i in range(len(v[1]))],
                         ids=[f"{s}:{c}" for s, v in SCENARIOS.items() for c in v[1]])
def test_same_output_as_the_real_tools(scenario: str, index: int) -> None:
    kernel, sim = _both(scenario)
    assert sim[index] == kernel[index], SCENARIOS[scenario][1][index]
