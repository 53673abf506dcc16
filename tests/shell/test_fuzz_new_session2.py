"""Property: random and mutated lines of the second session's new commands and options -- docker rename,
run --add-host/--dns/--label/--network container:, ps --no-trunc/-s/--filter, network ls --filter/prune;
conntrack -S/-C/-E/-o save/-z/-i; ipset rename/swap; NAT port ranges with a /BASE; timeout and sleep;
fg/bg/wait/jobs/disown/$!; route/netstat -r names; ping -M/-p/-R/-t; dig/host/nslookup over TCP; ip netns
exec/pids/identify; expr, tac, fold, type -- never raise; one that fails as a single command leaves the lab
(model, tables, files, Docker engine, job table, conntrack flows) as it was."""
from __future__ import annotations

import os
import random

from hypothesis import given
from hypothesis import strategies as st

from course_lib import Lab
from tests import fuzz_support
from tests.fuzz_support import built, fixed, one_command, run_session
from tests.shell.test_session_tools_fuzz import SETUP as BASE_SETUP
from tests.shell.test_session_tools_fuzz import _flows_of_conntrack_only, checked_failure, state

SETUP = BASE_SETUP + ["ipset create s1 hash:ip", "ipset create s2 hash:ip", "ipset add s1 10.0.0.9",
                      "docker network create -d bridge --label team=a mynet"]

VALID = [
    "docker rename web web9", "docker rename web web", "docker rename nosuch x", "docker rename web",
    "docker rename web 'bad name'", "docker run -d --name c2 --add-host db:10.1.1.1 nginx",
    "docker run -d --name c3 --add-host db=10.1.1.1 --dns 8.8.8.8 nginx", "docker run --add-host db nginx",
    "docker run --add-host db:300.1.1.1 nginx", "docker run --dns nope nginx", "docker run -d --name c4 "
    "--network container:web busybox sleep 99", "docker run --network container:nosuch busybox",
    "docker run --network container: busybox", "docker run --network container:web -p 80:80 nginx",
    "docker run --network container:web -h hx nginx", "docker run -d --net mynet --ip 10.99.0.5 nginx",
    "docker run -l a=b -d nginx", "docker run --label-file /nonexistent nginx", "docker run -l '' nginx",
    "docker network ls --filter 'name=['", "docker network connect mynet c4", "docker network connect bridge c4",
    "docker run --name z5 --network mynet --ip 300.1.1.1 busybox", "sleep 99999999999999999999", "date",
    "iptables-save -t nat", "docker ps --no-trunc", "docker ps -s", "docker ps --size -a", "docker ps --filter name=web",
    "docker ps --filter status=bogus", "docker ps --filter bogus=1", "docker ps -f label", "docker ps -f exited=x",
    "docker network ls --filter driver=bridge", "docker network ls -f name=my", "docker network ls -f type=custom",
    "docker network ls -f type=bogus", "docker network ls -f scope=local", "docker network ls -f nope=1",
    "docker network ls --format '{{.Labels}}'", "docker network ls --format '{{.Label \"team\"}}'",
    "docker network ls --format '{{.CreatedAt}}'", "docker network prune -f", "docker network prune",
    "docker network create --label 'a b' n2", "docker network create --label '' n3", "docker network bogus",
    "conntrack -S", "conntrack -S expect", "conntrack -C", "conntrack -C expect", "conntrack -E",
    "timeout 1 conntrack -E", "timeout -s INT 1 conntrack -E", "conntrack -L -o save", "conntrack -L -o save,extended",
    "conntrack -L -o labels", "conntrack -L -z", "conntrack -L -z -p udp", "conntrack -L -o id", "conntrack -D -i 1",
    "conntrack -G -i", "conntrack -L --src-nat", "conntrack -L --dst-nat 10.0.0.1", "conntrack -L --any-nat x",
    "conntrack -L -u UNSET", "conntrack -L -u SNAT", "conntrack -L dying", "conntrack -L unconfirmed",
    "conntrack -D dying", "conntrack -C -w 6", "conntrack -L --reply-port-src 80",
    "ipset rename s1 s3", "ipset -E s1 s2", "ipset rename nosuch x", "ipset rename s1 " + "n" * 40,
    "ipset swap s1 s2", "ipset -W s1 nosuch", "ipset swap s1", "ipset rename", "ipset e s1 s9",
    "ipset create s4 hash:net", "ipset swap s1 s4",
    "iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.2:1000-2000/80",
    "iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 10.0.0.1:1000-2000/5",
    "iptables -t nat -A POSTROUTING -p udp -j MASQUERADE --to-ports 1000-2000/7",
    "iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 1000-2000/7",
    "iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.2:1000-http",
    "iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.2:1000-2000/http",
    "iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.2:80", "iptables -t nat -S",
    "iptables -t nat -L -n", "iptables-save -t nat",
    "timeout 1 sleep 5", "timeout -s KILL 1 sleep 5", "timeout --preserve-status 1 sleep 3", "timeout -v 1 sleep 2",
    "timeout 1x sleep 1", "timeout -k 1 2 sleep 9", "timeout", "timeout 1", "timeout 1 nosuch", "sleep 1e-1",
    "sleep 0x0.8", "sleep inf &", "sleep x", "sleep", "sleep --help", "sleep 1 2", "timeout 0.5 ping 127.0.0.1",
    "timeout 2 curl -s http://10.9.9.9/", "kill -l", "kill -l 9", "kill -l 300", "kill -l KILL",
    "sleep 30 &", "fg", "bg", "fg %1", "bg %1", "wait %1", "wait $!", "jobs", "disown", "disown %1", "disown -a",
    "disown -h %1", "wait 99999", "fg %9", "bg %x", "echo $!", "jobs -x echo %1", "wait -n", "disown -r",
    "route", "route -n", "netstat -r", "netstat -rn", "route -e", "netstat -r -e", "route -A inet6",
    "ping -c 1 -M do -s 2000 10.0.0.2", "ping -c 1 -M want 127.0.0.1", "ping -c 1 -M bogus 127.0.0.1",
    "ping -c 1 -p ff 127.0.0.1", "ping -c 1 -p zz 127.0.0.1", "ping -c 1 -p 0123456789abcdef0123456789 127.0.0.1",
    "ping -c 1 -R 127.0.0.1", "ping -c 1 -t 0 127.0.0.1", "ping -c 1 -t 256 127.0.0.1", "ping -c 1 -s 70000 127.0.0.1",
    "ping -c 1 -q -M do -s 9000 127.0.0.1", "ping -c 1 -p '' 127.0.0.1",
    "dig +tcp localhost", "dig +tcp @10.9.9.9 web", "nslookup -vc localhost", "host -T localhost",
    "dig +tcp +short @127.0.0.1 x", "host -T -W 1 web 10.0.0.2",
    "ip netns exec red ip a", "ip netns exec red", "ip netns exec nosuch ls", "ip netns exec red nosuch",
    "ip netns exec red ip netns exec blue ip a", "ip netns pids red", "ip netns pids", "ip netns pids nosuch",
    "ip netns pids red extra", "ip netns identify 1", "ip netns identify x", "ip netns identify 99999",
    "expr 1 + 2", "expr 1 / 0", "expr a + 1", "expr", "expr 1 +", "expr length abc", "expr substr abc 2 1",
    "expr \\( 1 + 2", "expr index abc c", "expr match abc 'a.*'", "expr 99999999999999999999 + 1",
    "tac /etc/hosts", "tac /nonexistent", "fold -w 5 /etc/hosts", "fold -w 0 /etc/hosts", "fold -w x /etc/hosts",
    "fold -s -w 3 /etc/hosts", "type -t ls", "type -p ls", "type -P echo", "type if", "type -t nosuch", "type",
]
VOCAB = ("docker rename run ps network ls prune create --add-host --dns --network --net container:web container: "
         "container:nosuch --no-trunc -s --size -f --filter name=web status=running label=a type=custom "
         "driver=bridge -l --label --label-file -d --name -p 80:80 -h nginx busybox web mynet db:10.1.1.1 "
         "conntrack -S -C -E -L -D -G -o save extended labels id -z -i -u UNSET expect dying unconfirmed -p udp "
         "--src-nat --dst-nat --any-nat ipset rename swap -E -W e w s1 s2 s3 s4 nosuch iptables -t nat -A "
         "PREROUTING POSTROUTING -j DNAT SNAT MASQUERADE REDIRECT --to-destination --to-source --to-ports "
         "10.0.0.2:1000-2000/80 1000-2000/0 1000-2000/ 1000-2000/x :80 timeout sleep -k -v --preserve-status "
         "KILL INT 1 0.5 1e-1 inf x fg bg wait jobs disown -a -h -r -n %1 %+ %- %9 $! route netstat -r -n -e "
         "ping -c 1 -M do dont want -t 0 255 -R -q 127.0.0.1 10.0.0.2 dig +tcp +short @127.0.0.1 host -T "
         "nslookup -vc localhost ip netns exec pids identify red blue expr + - / % : length substr index "
         "match ( ) tac fold -w type -t -P").split()
TOOLS = ["docker rename", "docker run", "docker ps", "docker network ls", "conntrack", "ipset", "timeout", "sleep",
         "fg", "bg", "wait", "disown", "route", "netstat", "ping -c 1", "dig +tcp", "ip netns", "expr", "fold",
         "tac", "type", "iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination"]
MORE_PURE = ("ipset", "timeout", "sleep", "fg", "bg", "wait", "disown", "route", "netstat", "host", "nslookup",
             "expr", "tac", "fold", "type")


def random_line(rng: random.Random) -> str:
    return fuzz_support.random_line(rng, VALID, TOOLS, VOCAB)


def must_change_nothing(line: str, result) -> bool:
    """checked_failure's rule, for these tools too (timeout runs another command: only its own usage errors; docker:
    the CLI's flag errors)."""
    words = line.split()
    if words[:1] == ["docker"] and result.returncode == 125 and one_command(line):
        return "flag" in result.stderr or "invalid argument" in result.stderr     # refused as the CLI parses
    if words[:1] == ["timeout"]:
        return result.returncode == 125 and checked_failure("jobs " + line, result)
    if words[:1] in [[w] for w in MORE_PURE] and result.returncode != 0:
        return checked_failure("jobs " + line, result)
    return checked_failure(line, result)


def new_lab() -> Lab:
    return built(Lab(), SETUP)


@fixed(int(os.environ.get("FUZZ_EXAMPLES", 40)))
@given(st.integers(0, 2 ** 32 - 1))
def test_new_session_tools_never_raise_and_failures_change_nothing(seed: int) -> None:
    rng = random.Random(seed)
    lab = new_lab()
    run_session(lab.run, 12, lambda: (random_line(rng), None), lambda: state(lab), must_change_nothing,
                normalise=_flows_of_conntrack_only)
