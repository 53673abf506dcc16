"""Conformance: glibc getent and the BIND tools on the real kernel (private netns, dnsmasq-base) vs the simulation.

Each case runs the same commands in `unshare --net --mount` -- its own loopback, /etc/hosts and
/etc/resolv.conf bind-mounted inside the private mount namespace only, a dnsmasq server on 127.0.0.1
-- and in a Lab() whose machine runs the course's CoreDNS with the equivalent data. Outputs and exit
codes must be identical. Nothing leaves the private namespace.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

from course_lib import Lab

pytestmark = pytest.mark.real

HOSTS_DNS = "10.0.0.5 web.example.local\n10.0.0.7 db.corp.local\n"
DNSMASQ = ["--no-resolv", "--no-hosts", "--local=/example.local/", "--local=/corp.local/",
           "--listen-address=127.0.0.1", "--bind-interfaces", "-C", "/dev/null"]
# the same data for the simulation: authoritative for both zones (NXDOMAIN inside), REFUSED elsewhere
COREFILE = """example.local {
    bind 127.0.0.1
    file /etc/coredns/db.example.local
}
corp.local {
    bind 127.0.0.1
    file /etc/coredns/db.corp.local
}
"""
ZONES = {
    "example.local": "@ 0 IN SOA ns.example.local. admin.example.local. 1 7200 3600 1209600 0\n"
                     "web 0 IN A 10.0.0.5\n",
    "corp.local": "@ 0 IN SOA ns.corp.local. admin.corp.local. 1 7200 3600 1209600 0\ndb 0 IN A 10.0.0.7\n",
}

VETH = ["ip link add v0 type veth peer name v1", "ip link set v0 up", "ip link set v1 up",
        "ip addr add 10.0.0.1/24 dev v0"]
FAST = "nameserver 127.0.0.1\nsearch example.local\noptions timeout:1 attempts:1\n"
SETUPS = {
    "output-drop": VETH + ["iptables -A OUTPUT -p udp --dport 53 -j DROP"],
    "input-reject": VETH + ["iptables -A INPUT -p udp --dport 53 -j REJECT"],
    "addrconfig": VETH,
    "timeout-first-server": VETH + ["iptables -A INPUT -d 10.0.0.1 -p udp --dport 53 -j DROP"],
}
CASES = {
    "output-drop": (FAST, "127.0.0.1 localhost\n",
                    ["dig +tries=1 +time=1 web.example.local", "nslookup -timeout=1 -retry=1 web",
                     "host -W 1 -R 1 web.example.local", "getent hosts web", "ping -c1 web.example.local"]),
    "input-reject": (FAST, "127.0.0.1 localhost\n",
                     ["dig +tries=1 +time=1 web.example.local", "nslookup -retry=1 web", "getent hosts web",
                      "host -R 0 web"]),
    "unreachable-first-server": ("nameserver 192.0.2.1\nnameserver 127.0.0.1\n", "127.0.0.1 localhost\n",
                                 ["nslookup web.example.local", "dig +short web.example.local",
                                  "host web.example.local", "getent hosts web.example.local"]),
    "timeout-first-server": ("nameserver 10.0.0.1\nnameserver 127.0.0.1\noptions timeout:1\n",
                             "127.0.0.1 localhost\n",
                             ["dig +time=1 +short web.example.local", "nslookup -timeout=1 web.example.local",
                              "host -W 1 web.example.local", "getent hosts web.example.local"]),
    "refused-first-server": ("nameserver 127.0.0.2\nnameserver 127.0.0.1\n", "127.0.0.1 localhost\n",
                             ["nslookup web.example.local", "dig +short web.example.local",
                              "getent hosts web.example.local"]),
    "addrconfig": ("search example.local\nnameserver 127.0.0.1\n", "127.0.0.1 localhost\n",
                   ["getent ahosts web", "getent ahostsv4 web", "getent ahosts localhost",
                    "getent ahostsv4 localhost", "getent ahosts ip6-localhost", "getent ahostsv6 web"]),
    "search-ndots": ("search example.local corp.local\nnameserver 127.0.0.1\n", "127.0.0.1 localhost\n",
                     ["getent hosts web", "getent hosts db", "nslookup web", "nslookup db",
                      "host web", "dig +short +search db", "dig +short db"]),
    "ndots-2": ("search example.local\nnameserver 127.0.0.1\noptions ndots:2\n", "127.0.0.1 localhost\n",
                ["getent hosts db.corp.local", "nslookup db.corp.local", "getent hosts web"]),
    "hosts-file-wins": ("search example.local\nnameserver 127.0.0.1\n",
                        "127.0.0.1 localhost\n192.168.1.1 web.example.local web\n",
                        ["getent hosts web", "getent ahosts web.example.local", "nslookup web",
                         "nslookup web.example.local"]),
    "nxdomain-vs-refused": ("nameserver 127.0.0.1\n", "127.0.0.1 localhost\n",
                            ["nslookup nothere.example.local", "nslookup www.other.test",
                             "host nothere.example.local", "host www.other.test",
                             "getent hosts nothere.example.local", "getent hosts www.other.test",
                             "dig +short nothere.example.local"]),
}


def _kernel_ready() -> str:
    if os.geteuid() != 0:
        return "needs root"
    for tool in ("unshare", "dnsmasq", "getent", "nslookup", "dig", "host"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return ""


def _run_kernel(resolv: str, hosts: str, commands: list[str], lo_up: bool = True, dnsmasq: bool = True,
                setup: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)                       # dnsmasq drops root: it must read hosts.dns
        for name, text in (("resolv.conf", resolv), ("hosts", hosts), ("hosts.dns", HOSTS_DNS)):
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
            os.chmod(os.path.join(tmp, name), 0o644)
        lines = ["set +e"]
        if lo_up:
            lines.append("ip link set lo up")
        lines += [f"mount --bind {tmp}/resolv.conf /etc/resolv.conf", f"mount --bind {tmp}/hosts /etc/hosts"]
        if dnsmasq:
            lines.append("dnsmasq " + " ".join(DNSMASQ) + f" --addn-hosts={tmp}/hosts.dns --pid-file={tmp}/pid")
            lines.append("sleep 0.3")
        lines += list(setup)
        for i, command in enumerate(commands):
            lines.append(f"{command} > {tmp}/out{i} 2>&1; echo $? > {tmp}/rc{i}")
        if dnsmasq:
            lines.append(f"kill $(cat {tmp}/pid)")
        subprocess.run(["unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "--mount", "bash", "-c", "\n".join(lines)], timeout=120,
                       capture_output=True)
        results = []
        for i in range(len(commands)):
            with open(f"{tmp}/out{i}") as out, open(f"{tmp}/rc{i}") as rc:
                results.append((out.read(), int(rc.read())))
        return results


def _run_sim(resolv: str, hosts: str, commands: list[str], netns: bool = False, server: bool = True,
             setup: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    lab = Lab()
    prefix = ""
    if netns:
        lab.run("ip netns add t")
        lab.run("mkdir -p /etc/netns/t")
        base = "/etc/netns/t"
        prefix = "ip netns exec t "
    else:
        base = "/etc"
    lab.run(f"cat > {base}/resolv.conf <<'EOF'\n{resolv}EOF")
    lab.run(f"cat > {base}/hosts <<'EOF'\n{hosts}EOF")
    if server:
        lab.run("mkdir -p /etc/coredns")
        for zone, text in ZONES.items():
            lab.run(f"cat > /etc/coredns/db.{zone} <<'EOF'\n{text}EOF")
        lab.run(f"cat > /etc/coredns/Corefile <<'EOF'\n{COREFILE}EOF")
        assert lab.run("coredns -conf /etc/coredns/Corefile").returncode == 0
    for command in setup:
        assert lab.run(prefix + command).returncode == 0, command
    out = []
    for command in commands:
        r = lab.run(prefix + command)
        # dnsmasq sets RA, CoreDNS's authoritative plugins do not: nslookup notes that, nothing else differs
        text = "".join(line for line in (r.stdout + r.stderr).splitlines(keepends=True)
                       if not line.startswith(";; Got recursion not available from "))
        out.append((text, r.returncode))
    return out


@pytest.mark.parametrize("case", sorted(CASES))
def test_tools_match_the_kernel(case):
    reason = _kernel_ready()
    if reason:
        pytest.skip(reason)
    resolv, hosts, commands = CASES[case]
    setup = tuple(SETUPS.get(case, ()))
    kernel = _run_kernel(resolv, hosts, commands, setup=setup)
    sim = _run_sim(resolv, hosts, commands, setup=setup)
    for command, k, s in zip(commands, kernel, sim):
        assert s == k, f"{command}: sim {s!r} != kernel {k!r}"


def test_first_ping_with_an_empty_resolv_conf():
    reason = _kernel_ready()
    if reason or shutil.which("ping") is None:
        pytest.skip(reason or "ping is not installed")
    commands = ["ping -c 1 www.google.com", "getent hosts www.google.com", "nslookup www.google.com"]
    kernel = _run_kernel("", "127.0.0.1 localhost\n", commands, lo_up=False, dnsmasq=False)
    sim = _run_sim("", "127.0.0.1 localhost\n", commands, netns=True, server=False)
    for command, k, s in zip(commands, kernel, sim):
        assert s == k, f"{command}: sim {s!r} != kernel {k!r}"
