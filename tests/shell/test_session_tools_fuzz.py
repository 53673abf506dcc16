"""Property: random and mutated lines of this session's new commands and options -- shell job control (`CMD &`,
jobs, kill, wait), nc -u -l peers, conntrack filters, dig +cookie, iptables -L name resolution, traceroute's
packet length, ip netns set/identify, docker version/ps --format -- never raise; one that fails as a single
command leaves the lab (model, tables, files, Docker engine, job table, conntrack flows) as it was."""
from __future__ import annotations

import os
import random

from hypothesis import given
from hypothesis import strategies as st

from course_lib import Lab
from course_lib.net.netfilter.conntrack import conntrack_of
from tests.fuzz_support import BAD_VALUES, fixed, lab_state, mutated, one_command, run_session

SETUP = ["ip netns add red", "ip netns add blue", "ip link add v1 netns red type veth peer name v2 netns blue",
         "ip -n red link set v1 up", "ip -n blue link set v2 up", "ip -n red addr add 10.0.0.1/24 dev v1",
         "ip -n blue addr add 10.0.0.2/24 dev v2", "ip link set lo up", "docker run -d --name web nginx",
         "iptables -A INPUT -s 127.0.0.1 -p tcp --dport 22 -j ACCEPT", "ping -c 1 -q 127.0.0.1"]

VALID = [
    "nc -l 8080 &", "nc -u -l 5353 &", "nc -u -k -l 5354 &", "nc -l -p 1234 &", "sleep 5 &", "jobs", "jobs -l",
    "jobs -p", "jobs -r", "jobs %1", "jobs %nc", "kill %1", "kill %+", "kill %-", "kill -9 %1", "kill -s KILL %2",
    "kill -n 15 %1", "kill -TERM %1", "kill -SIGHUP %1", "kill 1000", "kill -0 %1", "wait", "wait %1",
    "echo hi | nc -u -w 1 127.0.0.1 5353", "echo hi | nc -u -p 4000 -w 1 127.0.0.1 5354", "nc -z -v 127.0.0.1 8080",
    "conntrack -L", "conntrack -L -p udp", "conntrack -L -p tcp --dport 80", "conntrack -L -p udp --sport 53",
    "conntrack -L -s 127.0.0.0/8", "conntrack -L -d 127.0.0.1/32", "conntrack -L -u ASSURED", "conntrack -L -o extended",
    "conntrack -L -o xml", "conntrack -L -p icmp --icmp-type 8", "conntrack -L -p tcp --state ESTABLISHED",
    "conntrack -C", "conntrack -D -p udp", "conntrack -F", "conntrack -V", "conntrack -L -f ipv4 -z",
    "conntrack -L -r 127.0.0.1 -q 127.0.0.1", "conntrack -L -m 0", "conntrack -L --zone 0",
    "dig +cookie localhost", "dig +cookie=00112233445566778899aabbccddeeff localhost", "dig +nocookie localhost",
    "dig +cookie=zz localhost", "dig +cookie=" + "00" * 41 + " localhost", "dig +short +cookie=0011 web",
    "iptables -L", "iptables -L INPUT", "iptables -L -n", "iptables -L INPUT -v --line-numbers", "iptables -L -t nat",
    "iptables -L DOCKER -t nat", "iptables -L -n -x -v", "iptables -L nosuch",
    "traceroute 127.0.0.1 100", "traceroute -n 127.0.0.1 28", "traceroute -n 172.17.0.2 60",
    "traceroute -I 127.0.0.1 40", "traceroute -U 127.0.0.1 1500", "traceroute -T -p 80 172.17.0.2 52",
    "ip netns set red 5", "ip netns set blue auto", "ip netns set red 7", "ip netns list", "ip netns list-id",
    "ip netns identify", "ip netns identify $$", "ip netns exec red ip netns identify", "ip netns identify 1",
    "ip -n red netns list-id", "ip netns set nosuch 3",
    "docker version", "docker version --format '{{.Client.Version}}'", "docker version -f '{{.Server.Version}}'",
    "docker version --format '{{json .Client}}'", "docker version -f '{{.Client.Os}}/{{.Client.Arch}}'",
    "docker ps", "docker ps -a --format '{{.Names}}'", "docker ps --format 'table {{.ID}}\t{{.Status}}'",
    "docker ps --format '{{.Ports}} {{.Image}}'", "docker ps --format '{{json .}}'", "docker ps -q",
    "docker ps --format '{{.Label \"a\"}}'", "docker ps --no-trunc --format '{{.Command}}'",
    "docker stop web", "docker run -d --name web2 -p 8080:80 nginx",
    "curl -s -m 1e400 http://127.0.0.1:9/", "curl --connect-timeout 0 -s http://172.17.0.2/", "curl -m 0.5 -s http://10.9.9.9/",
    "curl --connect-timeout 3 -s http://10.9.9.9/", "nc -w 2 10.9.9.9 80", "sysctl -w net.ipv4.tcp_syn_retries=2",
    "sysctl -w net.ipv4.tcp_syn_retries=0", "sysctl -w net.ipv4.tcp_syn_linear_timeouts=128",
    "ping -c 1 -w 1.5 127.0.0.1", "ping -c 0x2 127.0.0.1", "ping -c 1 -w 2 -W 1 10.0.0.2",
    "docker ps --format '{{.Label}}'", "docker ps --format '{{.Label \"a\" \"b\"}}'", "ip netns identify ''",
    "ip netns set .. 3", "ip -all netns exec ip netns identify", "kill -s", "kill -99 %1", "jobs %\u00b2",
]
VOCAB = ("jobs kill wait nc -l -u -k -p -z -v -w 1 -lnprs -l -p -r %1 %2 %+ %- %% %nc %x %0 -9 -15 -s -n KILL TERM "
         "HUP SIGKILL SIGTERM 0 64 65 999 1000 1001 & conntrack -L -D -F -C -V -E -G -I -p tcp udp icmp sctp 6 17 "
         "--dport --sport --state ESTABLISHED bogus -s -d -r -q -u ASSURED SEEN_REPLY,ASSURED NONE -o extended xml id "
         "-f ipv4 ipv6 -m -z --zone --mark 0/0 127.0.0.1 127.0.0.0/8 127.0.0.1/33 dig +cookie +cookie= +cookie=00 "
         "+cookie=0 +nocookie +short +edns=0 localhost web iptables -L -n -v -x -t nat filter INPUT OUTPUT DOCKER "
         "--line-numbers traceroute -I -U -T -n 28 0 65000 65536 -4 ip netns set identify list-id list red blue auto "
         "-1 4294967295 exec docker version ps -a -q --format -f '{{.Names}}' '{{.Client.Version}}' '{{json .}}' "
         "'{{.Nope}}' '{{' '{{.Client' table '{{range .}}' --no-trunc -m --connect-timeout 1e400 1e-400 nan inf "
         "0.0004 http://127.0.0.1:9/ http://10.9.9.9/ net.ipv4.tcp_syn_retries=0 net.ipv4.tcp_syn_retries=5 "
         "net.ipv4.tcp_syn_linear_timeouts=-1 1.5 0x2 1_0 -w -W").split()
TOOLS = ["jobs", "kill", "wait", "nc", "conntrack", "dig", "iptables", "traceroute", "ip netns", "docker version",
         "docker ps", "curl -s", "ping -c 1", "sysctl -w"]
PURE = ("jobs", "kill", "wait", "conntrack", "dig", "traceroute", "ip", "docker", "iptables", "sysctl", "ping", "curl")


def random_line(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(VALID)
    if kind == 1:
        return rng.choice(TOOLS) + " " + " ".join(rng.choice(VOCAB + BAD_VALUES) for _ in range(rng.randint(0, 5)))
    return mutated(rng, rng.choice(VALID), VOCAB) or "jobs"


def state(lab: Lab) -> str:
    """The whole lab, the host's job table and its conntrack flows (a failed lookup's DNS query makes a flow, as
    on the kernel, so the flows are compared only after a failed conntrack command). The table's jobs that still
    run: bash reaps the finished ones after any foreground program, one that fails too (`sleep 0.1 & sleep 0.2;
    ip bogus; jobs` prints nothing in `bash -c`)."""
    machine = lab.network.machines["host"]
    jobs = [(j.number, j.text, j.ended, j.process.running) for j in machine.__dict__.get("shell_jobs", [])
            if j.process.running]
    flows = sorted(repr((c.orig, c.reply, c.state, c.seen_reply, c.assured, c.mark, c.zone))
                   for c in conntrack_of(machine.root).conns.values())
    return lab_state(lab) + "\n" + repr(jobs) + "\nFLOWS\n" + "\n".join(flows)


def checked_failure(line: str, result) -> bool:
    """A single command of these tools that failed: it must have changed nothing (kill of several targets
    ends the good ones as bash does, nc's listeners and clients may have moved data)."""
    words = line.split()
    if result.returncode == 0 or not one_command(line) or not words or words[0] not in PURE:
        return False
    if words[0] == "kill":                          # bash goes through every target after the signal
        targets = words[3:] if words[1:2] in (["-s"], ["-n"]) else words[2:] if words[1:2] and \
            words[1].startswith("-") else words[1:]
        if len(targets) > 1:
            return False
    if words[0] == "docker" and words[1:2] not in (["version"], ["ps"]):
        return False                                # docker stop A B stops A and reports B
    if words[0] in ("ping", "curl") and result.returncode != 2:
        return False                                # packets went out (neighbours, conntrack): only usage errors
    if words[0] == "sysctl" and len([w for w in words[1:] if not w.startswith("-")]) > 1:
        return False                                # procps applies each argument in turn
    return not (words[0] == "ip" and "exec" in words)


def new_lab() -> Lab:
    lab = Lab()
    for line in SETUP:
        result = lab.run(line)
        assert result.returncode == 0, (line, result.stderr)
    return lab


@fixed(int(os.environ.get("FUZZ_EXAMPLES", 120)))
@given(st.integers(0, 2 ** 32 - 1))
def test_session_tools_never_raise_and_failures_change_nothing(seed: int) -> None:
    rng = random.Random(seed)
    lab = new_lab()
    run_session(lab.run, 12, lambda: (random_line(rng), None), lambda: state(lab), checked_failure,
                normalise=_flows_of_conntrack_only)


def _flows_of_conntrack_only(before: str, after: str, line: str) -> tuple[str, str]:
    """Only conntrack changes the flows when it fails; another line's flows may have come and gone meanwhile."""
    if line.startswith("conntrack"):
        return before, after
    return before, after.partition("\nFLOWS\n")[0] + before[len(before.partition("\nFLOWS\n")[0]):]
