"""The resolver's fast local path leaves what the general path leaves: same answers, counters, ports, time, RNG.

DirectPath.ask makes the stub's replies again from the first one (directpath.PURE_HANDLERS), and
querydomain and res_search replay a name's and a search's outcome at such a stub (ressearch._OUTCOMES,
_SEARCHES); these tests
run the same sessions with it, without it (the handler called for every query) and over the packet walk
(a netfilter table in use), and compare everything a learner or a later command could see.
"""
import pytest

from course_lib import Lab
from course_lib.dns import directpath, internet, ressearch, resolver
from course_lib.dns.message import Message

RESOLVS = [
    "nameserver 127.0.0.53\\nsearch default.svc.cluster.local svc.cluster.local cluster.local\\noptions ndots:5\\n",
    "nameserver 127.0.0.53\\nsearch a.test b.test\\noptions ndots:2 edns0 trust-ad\\n",
    "nameserver 127.0.0.53\\nnameserver 127.0.0.53\\nsearch x.test\\noptions single-request attempts:2\\n",
    "nameserver 127.0.0.53\\nsearch y.test\\noptions single-request-reopen edns0\\n",
]
COMMANDS = ["getent ahosts www.google.com", "getent hosts WWW.Google.COM", "getent ahostsv4 www.kubernetes.io",
            "getent ahosts dl.k8s.io", "getent hosts nothere.example", "getent ahosts google.com.",
            "ping -c 1 -W 1 www.example.com", "getent ahostsv6 one.one.one.one", "getent hosts 8.8.8.8"]


def _session(resolv: str, mode: str) -> list:
    """What a session shows and leaves: outputs, lo's counters, model time, the next port and RNG draw."""
    lab = Lab()
    lab.run(f"printf '{resolv}' > /etc/resolv.conf")
    if mode == "walk":
        lab.run("iptables -A OUTPUT -p tcp --dport 9 -j ACCEPT")
    seen = []
    for command in COMMANDS * 2:
        result = lab.run(command)
        seen.append((command, result.stdout, result.stderr, result.returncode, round(lab.network.clock, 9)))
    netns = lab.backend.context("host").netns
    seen.append(lab.run("ip -s link show lo").stdout)
    seen.append((netns.__dict__.get("_next_port"), lab.network.random().getrandbits(64)))
    return seen


@pytest.mark.parametrize("resolv", RESOLVS)
def test_the_kept_replies_change_nothing_a_session_shows(resolv, monkeypatch):
    directpath._REPLIES.clear()
    ressearch._OUTCOMES.clear()
    ressearch._SEARCHES.clear()
    fast = _session(resolv, "fast")
    if "single-request" in resolv:                     # the fast paths were taken
        assert directpath._REPLIES
    else:
        assert ressearch._OUTCOMES and ressearch._SEARCHES
    walked = _session(resolv, "walk")
    monkeypatch.setattr(directpath, "PURE_HANDLERS", [])
    general = _session(resolv, "general")
    assert fast == general
    assert fast[:-1] == walked[:-1]                    # (the walk's iptables rule takes no port or draw)
    assert fast[-1][1] == walked[-1][1]


@pytest.mark.parametrize("qname,qtype,edns,ad", [
    ("www.google.com.", "A", None, False), ("www.google.com.", "AAAA", 1200, True),
    ("WWW.Kubernetes.IO.", "A", 1200, False), ("nothere.cluster.local.", "AAAA", None, False),
    ("google.com.", "MX", None, False), ("8.8.8.8.in-addr.arpa.", "PTR", 1200, False)])
def test_a_kept_reply_is_the_handler_reply(qname, qtype, edns, ad):
    lab = Lab()
    ctx = lab.backend.context("host")
    resolver.getaddrinfo(ctx, "localhost", resolver.AF_INET)
    path = directpath.direct_path(ctx, "127.0.0.53", 53)
    assert path.pure and path.handler is internet.stub_datagram
    directpath._REPLIES.clear()
    replies, octets = [], []
    for qid in (7, 65535, 7):
        before = path.octets
        replies.append(path.ask(qid, qname, qtype, edns, ad, None))
        octets.append(path.octets - before)
    query = Message.query(7, qname, qtype, edns)
    query.ad = ad
    direct = internet.stub_datagram(query)
    assert vars(replies[0]) == vars(replies[2]) == vars(direct)
    assert vars(replies[1]) == dict(vars(direct), id=65535)
    assert octets == [56 + len(query) + len(direct)] * 3
    assert len(replies[2]) == len(direct.to_wire()) and replies[2].answer is not replies[0].answer
    path.flush()
