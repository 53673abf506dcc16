"""Random iptables (and conntrack) lines for the seeded conformance scripts (random_scripts.py).

Rules use the issue's matches (-s -d -i -o -p --sport --dport, -m addrtype/comment/statistic/mark/
conntrack) and targets (ACCEPT DROP REJECT RETURN, a user chain, DNAT SNAT MASQUERADE MARK) on the
filter and nat tables; most go where the kernel accepts them, some where it does not (a NAT target
in filter, DNAT in POSTROUTING, a missing chain, a typo). `-m statistic` uses the deterministic nth
mode: a random one would make the kernel's counters differ from run to run.
"""
from __future__ import annotations

import random

CHAINS = {"filter": ["INPUT", "FORWARD", "OUTPUT"], "nat": ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]}
NAT_TARGETS = {"PREROUTING": ["DNAT"], "OUTPUT": ["DNAT"], "POSTROUTING": ["SNAT", "MASQUERADE"],
               "INPUT": ["SNAT"]}


def _matches(rng: random.Random, addrs: list[str], links: list[str]) -> tuple[str, str]:
    """(match text, protocol) for one rule."""
    parts, proto = [], rng.choice(["", "", "icmp", "tcp", "udp"])
    if proto:
        parts.append(f"-p {proto}")
    if rng.random() < 0.35 and addrs:
        parts.append(f"{rng.choice(['-s', '-d', '! -s'])} {rng.choice(addrs)}{rng.choice(['', '/24', '/32'])}")
    if rng.random() < 0.25 and links:
        parts.append(f"{rng.choice(['-i', '-o'])} {rng.choice(links)}")
    if proto in ("tcp", "udp") and rng.random() < 0.7:
        parts.append(f"{rng.choice(['--dport', '--sport'])} {rng.choice(['80', '53', '8080', '1000:2000'])}")
    extra = rng.random()
    if extra < 0.1:
        parts.append(f"-m addrtype --dst-type {rng.choice(['LOCAL', 'UNICAST', 'BROADCAST'])}")
    elif extra < 0.2:
        parts.append("-m comment --comment " + rng.choice(["lab", '"my rule"', "k8s-svc"]))
    elif extra < 0.27:
        parts.append(f"-m statistic --mode nth --every {rng.randint(2, 3)} --packet 0")
    elif extra < 0.35:
        parts.append(f"-m mark --mark 0x{rng.randint(1, 4)}")
    elif extra < 0.45:
        parts.append(f"-m conntrack --ctstate {rng.choice(['NEW', 'ESTABLISHED,RELATED', 'INVALID'])}")
    return " ".join(parts), proto


def _target(rng: random.Random, table: str, chain: str, proto: str, addrs: list[str], user: list[str]) -> str:
    if table == "nat":
        valid = NAT_TARGETS.get(chain, []) + ["ACCEPT", "RETURN"]
        name = rng.choice(valid if rng.random() < 0.85 else ["DNAT", "SNAT", "MASQUERADE", "REJECT", "MARK"])
    else:
        name = rng.choice(["ACCEPT", "DROP", "REJECT", "RETURN", "LOG"] + user if rng.random() < 0.9
                          else ["DNAT", "MASQUERADE", "NOSUCHCHAIN", "MARK"])
    addr = rng.choice(addrs or ["10.60.0.1"])
    port = f":{rng.choice([80, 8080])}" if proto in ("tcp", "udp") and rng.random() < 0.5 else ""
    if name == "DNAT":
        return f"DNAT --to-destination {addr}{port}" if rng.random() < 0.9 else "DNAT"
    if name == "SNAT":
        return f"SNAT --to-source {addr}" if rng.random() < 0.9 else "SNAT --to-source"
    if name == "MARK":
        return f"MARK --set-mark 0x{rng.randint(1, 4)}"
    if name == "REJECT" and rng.random() < 0.3:
        return f"REJECT --reject-with {rng.choice(['icmp-port-unreachable', 'icmp-host-prohibited', 'tcp-reset'])}"
    return name


def iptables_line(rng: random.Random, place, addrs: list[str], traffic: bool) -> str:
    """One iptables/conntrack line for `place` (random_scripts.Place); records the rules it adds."""
    table = rng.choice(["filter", "filter", "nat"])
    chain = rng.choice(CHAINS[table] + (place.chains if table == "filter" else []))
    t = "" if table == "filter" and rng.random() < 0.7 else f"-t {table} "
    links = list(place.links)
    roll = rng.random()
    if roll < 0.35:
        match, proto = _matches(rng, addrs, links)
        spec = f"{match} -j {_target(rng, table, chain, proto, addrs, place.chains)}".strip()
        verb = rng.choice(["-A", "-A", "-I"])
        line = f"iptables {t}{verb} {chain} {spec}"
        place.rules.append((t, f"{chain} {spec}"))
        return line
    if roll < 0.45 and place.rules:
        t, rule = rng.choice(place.rules)
        if rng.random() < 0.5:
            place.rules.remove((t, rule))
            return f"iptables {t}-D {rule}"
        return f"iptables {t}-C {rule}"
    if roll < 0.55:
        name = rng.choice(["KUBE-SVC", "LAB", "my-chain"])
        if rng.random() < 0.7:
            if name not in place.chains:
                place.chains.append(name)
            return f"iptables -N {name}"
        return rng.choice([f"iptables -X {name}", f"iptables -F {name}", "iptables -X",
                           f"iptables -A {name} -j RETURN", f"iptables -A INPUT -j {name}"])
    if roll < 0.62:
        return rng.choice([f"iptables {t}-P {chain} {rng.choice(['ACCEPT', 'DROP', 'REJECT', 'accept'])}",
                           f"iptables {t}-Z", f"iptables {t}-F {chain}", f"iptables {t}-D {chain} 1",
                           f"iptables {t}-I {chain} 9 -j ACCEPT", f"iptables {t}-A {chain.lower()} -j ACCEPT",
                           "iptables -t mangle -A NOSUCH -j ACCEPT", f"iptables {t}-A {chain} -p tcp --dport",
                           f"iptables {t}-A {chain} -s 10.0.0.300 -j ACCEPT", f"iptables {t}-n -L {chain} 1"])
    if roll < 0.9 or not traffic:
        show = rng.choice(["-S", "-S", "-L -n", "-L -n -v", "-L -n --line-numbers", "-nvL", "-L -n -v -x"])
        which = rng.choice(["", "", f" {chain}"])
        return f"iptables {t}{show}{which}"
    # the kernel dumps connections in hash order (random per boot): sorted
    return rng.choice(["conntrack -L | sort", "conntrack -L -p icmp | sort", "conntrack -C", "conntrack -F"])
