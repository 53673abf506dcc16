"""iputils ping resolves with AF_UNSPEC (A and AAAA queries), -4 / -6 restrict the family."""
from __future__ import annotations

from course_lib import Lab
from course_lib.dns import resolver


def test_ping_asks_a_and_aaaa_and_pings_the_first_ipv4(monkeypatch):
    lab = Lab()
    lab.run("printf 'nameserver 127.0.0.53\\nsearch default.svc.cluster.local svc.cluster.local cluster.local\\n"
            "options ndots:5\\n' > /etc/resolv.conf")
    stats: list = []
    real = resolver.getaddrinfo

    def counting(ctx, name, family=resolver.AF_UNSPEC, addrconfig=False, stats_=None):
        s = resolver.ResolveStats()
        stats.append((family, s))
        return real(ctx, name, family, addrconfig, s)

    monkeypatch.setattr(resolver, "getaddrinfo", counting)
    r = lab.run("ping -c1 -W1 www.google.com")
    assert r.stderr == "ping: connect: Network is unreachable\n"            # resolved; no route in this lab
    assert [(f, s.by_type) for f, s in stats] == [(resolver.AF_UNSPEC, {"A": 4, "AAAA": 4})]
    stats.clear()
    lab.run("ping -4 -c1 -W1 www.google.com")
    assert [(f, s.by_type) for f, s in stats] == [(resolver.AF_INET, {"A": 4})]


def test_family_options_errors():
    lab = Lab()
    assert lab.run("ping -4 -6 -c1 127.0.0.1").stderr == "ping: only one -4 or -6 option may be specified\n"
    r = lab.run("ping -6 -c1 127.0.0.1")
    assert (r.stderr, r.returncode) == ("ping: 127.0.0.1: Address family for hostname not supported\n", 2)
    assert lab.run("ping -4 -c1 ::1").stderr == "ping: ::1: Address family for hostname not supported\n"
    assert lab.run("ping -4 -4 -c1 127.0.0.1").returncode == 0
