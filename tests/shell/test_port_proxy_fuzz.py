"""Property: random and mutated `ip neigh ... proxy`, `ip link set ... type bridge_slave`, `bridge link set`,
`arp -s/-d ... pub` and `netstat -s/-g` lines never raise; a line the tool itself rejects (usage, parse
errors: exit codes 1 and 255) leaves the model as it was. (A refusal from the kernel, exit code 2, may
leave what br_setport applied before the refused setting, as the kernel does.)"""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib.net import proxy_arp
from tests.shell.test_bad_input_fuzz import mutate, new_lab, snapshot

VALID = [
    "ip neigh add proxy 10.9.0.5 dev v-net-0", "ip neigh del proxy 10.9.0.5 dev v-net-0", "ip neigh show proxy",
    "ip neigh flush proxy dev v-net-0", "ip neigh get proxy 10.9.0.5 dev v-net-0", "ip -6 neigh add proxy 2001:db8::1",
    "ip link set veth-red-br type bridge_slave learning off flood off",
    "ip link set veth-red-br type bridge_slave hairpin on cost 7 priority 9 fdb_flush",
    "ip link set veth-red-br type bridge_slave state 3 group_fwd_mask 8 isolated on",
    "bridge link set dev veth-red-br learning off", "bridge link set dev veth-red-br bcast_flood off hairpin on",
    "arp -i v-net-0 -Ds 192.168.15.77 v-net-0 pub", "arp -i v-net-0 -d 192.168.15.77 pub", "netstat -s",
    "netstat -st", "netstat -g", "netstat -gn", "ip link set v-net-0 type bridge stp_state 1 ageing_time 100",
]
WORDS = ("proxy neigh add del show flush get dev v-net-0 veth-red-br lo nosuch 10.9.0.5 2001:db8::1 300.1.1.1 "
         "type bridge_slave bridge learning flood hairpin isolated fdb_flush state cost priority group_fwd_mask "
         "mcast_router backup_port on off maybe 0 1 3 9 70 0x10 010 -1 help bogus link set -s -g -t -u -w -n -4 "
         "-6 -Ds -d pub -i arp netstat stp_state ageing_time forward_delay").split()


def _line(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        words = mutate(rng, rng.choice(VALID).split())
    elif kind == 1:
        words = [rng.choice(["ip", "bridge", "arp", "netstat"])] + [rng.choice(WORDS) for _ in range(rng.randint(0, 8))]
    else:
        words = rng.choice(VALID).split()
    if not words or words[0] not in ("ip", "bridge", "arp", "netstat"):
        words = ["ip", *words]
    return " ".join(words)


def _state(lab) -> str:
    out = [snapshot(lab)]
    for m in lab.network.machines.values():
        for ns in [m.root, *m.netns.values()]:
            out.append(repr([(str(n.ip), n.link.name if n.link else None) for n in proxy_arp.entries(ns)]))
            out += [f"{link.name} {link.port_opts} {link.bridge_opts} {link.port_state}" for link in ns.links.values()]
    return "\n".join(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2 ** 32 - 1))
def test_port_and_proxy_lines_never_raise(seed):
    rng = random.Random(seed)
    lab = new_lab()
    for _ in range(8):
        line = _line(rng)
        before = _state(lab)
        result = lab.run(line)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (line, result.stderr)
        if result.returncode in (1, 255) and not line.startswith(("arp", "netstat")):
            assert _state(lab) == before, line
