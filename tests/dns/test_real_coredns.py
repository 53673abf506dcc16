"""Conformance of the tools: real BIND/glibc tools against the course's CoreDNS on a real socket vs the simulation.

The same Corefile and zone are served twice: on the real kernel by `python -m course_lib.dns.realserve`
inside `unshare --net --mount` (what the real backend runs), and in a Lab() by the `coredns` command.
Real dig/nslookup/host/getent and the simulated ones must print the same, apart from dig's volatile
fields (id, query time, date).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile

import pytest

from course_lib import Lab

pytestmark = pytest.mark.real

COREFILE = """example.org {
    file /opt/coredns/db.example.org
}
lab.local 0.0.10.in-addr.arpa {
    hosts {
        10.0.0.5 web.lab.local
        10.0.0.6 db.lab.local
    }
}
"""
ZONE = """$ORIGIN example.org.
$TTL 3600
@ IN SOA ns.example.org. admin.example.org. 2024010101 7200 3600 1209600 3600
@ IN NS ns.example.org.
@ IN MX 10 mail.example.org.
ns IN A 10.0.0.53
www IN A 10.0.0.80
web IN CNAME www
mail IN A 10.0.0.25
txt IN TXT "hello world"
_http._tcp IN SRV 0 5 80 www
a-rather-long-host-name.with.several.labels IN A 10.0.0.99
v6 IN AAAA 2001:db8::1
multi IN A 10.0.0.11
multi IN A 10.0.0.12
alias2 IN CNAME web
"""
RESOLV = "nameserver 127.0.0.1\nsearch lab.local\n"
# (rrsets of several records are left out: BIND's tools print their records in varying order)
COMMANDS = [
    "dig @127.0.0.1 www.example.org", "dig @127.0.0.1 nothere.example.org", "dig www.example.org AAAA",
    "dig web.example.org", "dig _http._tcp.example.org SRV", "dig example.org NS +noall +answer",
    "dig example.org SOA +short", "dig txt.example.org TXT", "dig -x 10.0.0.5", "dig x.other.test",
    "dig +search web", "dig +short web.lab.local",
    "nslookup web.lab.local", "nslookup web", "nslookup web.example.org", "nslookup -type=soa example.org",
    "nslookup -type=mx example.org", "nslookup -type=txt txt.example.org", "nslookup 10.0.0.5",
    "nslookup nothere.example.org", "nslookup x.other.test",
    "host web.example.org", "host -t srv _http._tcp.example.org", "host nothere.example.org",
    "host 10.0.0.5", "host -t mx example.org", "host x.other.test", "host web",
    "getent hosts web", "getent ahosts web.lab.local", "getent hosts 10.0.0.5", "getent hosts nothere",
    "dig a-rather-long-host-name.with.several.labels.example.org", "dig +noall +answer alias2.example.org",
    "dig v6.example.org AAAA", "host v6.example.org",
    "host alias2.example.org", "nslookup alias2.example.org", "nslookup v6.example.org",
    "nslookup -type=ns example.org", "nslookup -type=srv _http._tcp.example.org", "nslookup -type=a v6.example.org",
    "nslookup -type=aaaa web.lab.local", "host -t aaaa web.lab.local", "host -t txt txt.example.org",
    "dig +noall +answer +authority nothere.example.org", "nslookup example.org", "nslookup ns.example.org",
    "nslookup nothere.lab.local", "host nothere.lab.local", "dig nothere.lab.local",
    "dig -x 999.1.1.1 +short", "dig @ x", "dig -p 99999 x", "dig +tries=x x", "nslookup -type= web",
    "getent hosts a-rather-long-host-name.with.several.labels.example.org", "getent ahostsv4 multi.example.org",
]


def normalise(text: str) -> str:
    text = re.sub(r"id: \d+", "id: ID", text)
    text = re.sub(r";; Query time: \d+ msec", ";; Query time: T msec", text)
    text = re.sub(r"; COOKIE: [0-9a-f]+ ", "; COOKIE: C ", text)      # dig's random client cookie
    return re.sub(r";; WHEN: .*", ";; WHEN: DATE", text)


def _kernel(commands: list[str]) -> list[tuple[str, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        for name, text in (("resolv.conf", RESOLV), ("hosts", "127.0.0.1 localhost\n"), ("Corefile", COREFILE),
                           ("db.example.org", ZONE)):
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
        lines = ["set +e", "ip link set lo up",
                 f"mount --bind {tmp}/resolv.conf /etc/resolv.conf", f"mount --bind {tmp}/hosts /etc/hosts",
                 "mount -t tmpfs none /opt", "mkdir -p /opt/coredns",   # private mount ns only
                 f"cp {tmp}/Corefile {tmp}/db.example.org /opt/coredns/",
                 f"{sys.executable} -m course_lib.dns.realserve -conf /opt/coredns/Corefile > {tmp}/log 2>&1 &",
                 "P=$!", "for i in $(seq 50); do dig +time=1 +tries=1 @127.0.0.1 web.lab.local >/dev/null && break; sleep 0.1; done"]
        for i, command in enumerate(commands):
            lines.append(f"{command} > {tmp}/out{i} 2>&1; echo $? > {tmp}/rc{i}")
        lines.append("kill $P")
        subprocess.run(["unshare", "--net", "--mount", "bash", "-c", "\n".join(lines)], timeout=300,
                       capture_output=True, cwd="/")
        results = []
        for i in range(len(commands)):
            with open(f"{tmp}/out{i}") as out, open(f"{tmp}/rc{i}") as rc:
                results.append((normalise(out.read()), int(rc.read())))
        return results


def _sim(commands: list[str]) -> list[tuple[str, int]]:
    lab = Lab()
    lab.run(f"cat > /etc/resolv.conf <<'EOF'\n{RESOLV}EOF")
    lab.run("echo '127.0.0.1 localhost' > /etc/hosts")
    lab.run("mkdir -p /opt/coredns")
    lab.run(f"cat > /opt/coredns/Corefile <<'EOF'\n{COREFILE}EOF")
    lab.run(f"cat > /opt/coredns/db.example.org <<'EOF'\n{ZONE}EOF")
    assert lab.run("coredns -conf /opt/coredns/Corefile").returncode == 0
    results = []
    for command in commands:
        r = lab.run(command)
        results.append((normalise(r.stdout + r.stderr), r.returncode))
    return results


@pytest.fixture(scope="module")
def both():
    if os.geteuid() != 0:
        pytest.skip("needs root")
    for tool in ("unshare", "dig", "nslookup", "host", "getent"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    return _kernel(COMMANDS), _sim(COMMANDS)


@pytest.mark.parametrize("index", range(len(COMMANDS)), ids=COMMANDS)
def test_same_output_as_the_real_tools(both, index):
    kernel, sim = both
    assert sim[index] == kernel[index]
