"""Seeded random DNS cases (random_dns.py) give the same transcripts with the real tools and in the simulation.

The kernel side (dns_harness.run_kernel) runs BIND 9.18 dig/nslookup/host and glibc getent/ping in
private namespaces against the course's CoreDNS model served over real sockets; the simulation runs
the same files and lines. Replay one: `python -m tests.dns.dns_run SEED -v`.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.dns.dns_harness import DnsCase, compare, compare_twice, kernel_missing, run_kernel
from tests.dns.random_dns import random_case
from tests.dns.test_random_dns_findings import COREFILE, KERNEL_CHECKS, REVERSE, ZONE

# Seeds whose 8-line cases pass and run fast on the kernel (under 2 s each), chosen from 1-90; the first
# ones found bugs that were fixed (test_random_dns_findings pins each). A change to the generator changes
# every seed's case: run `python -m tests.dns.dns_run 1-90 -j 2` again and choose anew.
FOUND = [3, 9, 11, 16, 20, 26, 44, 49, 53, 64, 69, 88]
SEEDS = FOUND + [1, 2, 4, 5, 6, 8, 10, 12]


def _check_case(index: int) -> DnsCase:
    resolv, setup, commands = KERNEL_CHECKS[index]
    return DnsCase(f"pinned-{index}", resolv, "127.0.0.1 localhost\n", COREFILE,
                   {"db.lab.test": ZONE, "db.10.in-addr.arpa": REVERSE}, commands, setup)


_KERNEL: dict[str, list] = {}


def _kernel_run(name: str) -> list:
    """Every case's kernel run, once per session: six at a time, each in its own namespaces (the slow
    ones mostly wait for timeouts), so the whole set takes about its longest case."""
    if not _KERNEL:
        cases = {f"seed-{seed}": random_case(seed) for seed in SEEDS}
        cases.update({f"check-{i}": _check_case(i) for i in range(len(KERNEL_CHECKS))})
        order = sorted(cases, key=lambda key: not key.startswith("check"))     # the slow ones first
        with ThreadPoolExecutor(6) as pool:
            _KERNEL.update(zip(order, pool.map(run_kernel, [cases[key] for key in order])))
    return _KERNEL[name]


def _same(case: DnsCase, kernel: list) -> str:
    """The diff of the sim against this kernel run, or against a fresh one when they differ (a load race
    shows once; a model difference twice)."""
    _, _, diff = compare(case, kernel)
    return compare_twice(case)[2] if diff else ""


@pytest.mark.real
@pytest.mark.parametrize("seed", SEEDS)
def test_random_case_matches_real_tools(seed: int) -> None:
    reason = kernel_missing()
    if reason:
        pytest.skip(reason)
    diff = _same(random_case(seed), _kernel_run(f"seed-{seed}"))
    if diff:
        pytest.fail(f"random DNS case seed {seed} differs from the real tools (- kernel, + sim); replay: "
                    f"python -m tests.dns.dns_run {seed} -v\n{diff}", pytrace=False)


@pytest.mark.real
@pytest.mark.parametrize("index", range(len(KERNEL_CHECKS)))
def test_pinned_findings_match_real_tools(index: int) -> None:
    """The lines test_random_dns_findings pins, run with the real tools: the pins are the kernel's."""
    reason = kernel_missing()
    if reason:
        pytest.skip(reason)
    diff = _same(_check_case(index), _kernel_run(f"check-{index}"))
    assert not diff, diff


def test_a_seed_always_gives_the_same_case():
    assert random_case(42) == random_case(42)
    assert random_case(42) != random_case(43)


def test_cases_cover_the_tools_options_and_failures():
    cases = [random_case(seed) for seed in range(1, 91)]
    lines = [line for case in cases for line in case.commands]
    for word in ("dig ", "nslookup ", "host ", "getent hosts", "getent ahosts", "ping ", "+short", "+search",
                 "+showsearch", "+tcp", "-x ", "-type=", "-t mx", "-v", "ANY", "nothere", "@127.0.0.1"):
        assert any(word in line for line in lines), word
    resolvs = "".join(case.resolv for case in cases)
    for word in ("search ", "domain ", "ndots:", "timeout:", "attempts:", "rotate", "10.0.0.2", "127.0.0.2",
                 "192.0.2.1"):
        assert word in resolvs, word
    zones = "".join(text for case in cases for text in case.zones.values())
    for word in (" CNAME ", " MX ", " TXT ", " SRV ", " AAAA ", " PTR ", " NS ns.", "$ORIGIN"):
        assert word in zones, word
    assert any("hosts {" in case.corefile for case in cases)
    # the widened parts (their own random stream): more resolver options, hosts-file forms, wildcard and
    # empty non-terminal names, and lines asking for them
    for word in ("edns0", "single-request-reopen", "trust-ad", "no-aaaa"):
        assert word in resolvs, word
    hosts = "".join(case.hosts for case in cases)
    for word in ("# pinned names", "multi alias2  # trailing comment", "2001:db8:8::1 v6only", "\tmulti."):
        assert word in hosts, word
    assert "*.wild IN A" in zones and "deep.ent.sub IN TXT" in zones
    for word in ("getent ahostsv6 ", "x.wild.", "ent.sub.", "+authority", "nslookup -type=soa"):
        assert any(word in line for line in lines), word


def test_only_private_addresses_are_asked():
    """Nameservers and @servers are 127.0.0.x or the case's own LAN and TEST-NET; nothing leaves the namespaces."""
    for seed in range(1, 201):
        case = random_case(seed)
        servers = [line.split()[1] for line in case.resolv.splitlines() if line.startswith("nameserver")]
        servers += [word[1:] for line in case.commands for word in line.split() if word.startswith("@")]
        assert all(s.startswith(("127.", "10.0.0.", "192.0.2.")) for s in servers), (seed, servers)
