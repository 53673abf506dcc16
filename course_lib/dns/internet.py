"""The offline "internet": a recursive resolver that knows a few public names, and each machine's stub to it.

Design (see README "Name resolution"): every lab machine runs a systemd-resolved-like stub listening on
127.0.0.53:53 in its root netns, and its default /etc/resolv.conf says `nameserver 127.0.0.53`, as on
Ubuntu. The stub answers from the table below (the machine's "uplink"), so `nslookup www.google.com`
works offline on a fresh machine. Resolution still depends on the learner's network where it should:
a netns made with `ip netns add` has no stub (its lo is down: unreachable; lo up: connection refused),
a DROP rule on lo breaks it, and a resolv.conf naming a lab address sends real UDP packets through the
lab. A well-known public resolver address (8.8.8.8, 1.1.1.1...) answers from this table when the
sender has a route towards it and no lab machine owns that address.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from course_lib.dns.message import RR, Message, absolute
from course_lib.dns.directpath import PURE_HANDLERS

PUBLIC_RESOLVERS = frozenset({"8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9"})
STUB = ("127.0.0.53", 53)

_ROOT_SOA = RR(".", 86400, "SOA", "a.root-servers.net. nstld.verisign-grs.com. 2026112600 1800 900 604800 86400")

# name -> records (A, AAAA, CNAME, TXT, MX...). Addresses are fixed, plausible, and never contacted.
_RECORDS: dict[str, list[tuple[int, str, str]]] = {
    "www.google.com.": [(300, "A", "142.250.185.68"), (300, "AAAA", "2a00:1450:4001:82a::2004")],
    "google.com.": [(300, "A", "142.250.185.78"), (300, "AAAA", "2a00:1450:4001:82a::200e"),
                    (300, "MX", "10 smtp.google.com."), (21600, "NS", "ns1.google.com.")],
    "dns.google.": [(900, "A", "8.8.8.8"), (900, "A", "8.8.4.4")],
    "example.com.": [(3600, "A", "93.184.215.14"), (3600, "AAAA", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
                     (86400, "NS", "a.iana-servers.net.")],
    "www.example.com.": [(3600, "A", "93.184.215.14"), (3600, "AAAA", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")],
    "kubernetes.io.": [(3600, "A", "15.197.167.90"), (3600, "A", "3.33.186.135")],
    "www.kubernetes.io.": [(3600, "CNAME", "kubernetes.io.")],
    "k8s.io.": [(3600, "A", "34.107.204.206"), (3600, "AAAA", "2600:1901:0:26f3::")],
    "registry.k8s.io.": [(3600, "A", "34.96.108.209"), (3600, "AAAA", "2600:1901:0:bbc4::")],
    "dl.k8s.io.": [(3600, "CNAME", "cdn.dl.k8s.io.")],
    "cdn.dl.k8s.io.": [(300, "A", "151.101.1.55"), (300, "A", "151.101.65.55")],
    "github.com.": [(60, "A", "140.82.121.4")],
    "www.github.com.": [(3600, "CNAME", "github.com.")],
    "raw.githubusercontent.com.": [(3600, "A", "185.199.108.133"), (3600, "A", "185.199.109.133")],
    "cloud.weave.works.": [(300, "A", "104.21.27.103"), (300, "A", "172.67.143.56")],
    "docker.io.": [(300, "A", "54.236.113.205")],
    "registry-1.docker.io.": [(300, "A", "54.227.20.253"), (300, "A", "54.236.113.205")],
    "hub.docker.com.": [(300, "A", "44.219.3.189")],
    "www.mycompany.com.": [(300, "A", "203.0.113.10")],
    "mycompany.com.": [(300, "A", "203.0.113.10")],
    "8.8.8.8.in-addr.arpa.": [(86400, "PTR", "dns.google.")],
    "4.4.8.8.in-addr.arpa.": [(86400, "PTR", "dns.google.")],
    "68.185.250.142.in-addr.arpa.": [(86400, "PTR", "fra16s48-in-f4.1e100.net.")],
    "1.1.1.1.in-addr.arpa.": [(1800, "PTR", "one.one.one.one.")],
    "one.one.one.one.": [(300, "A", "1.1.1.1"), (300, "A", "1.0.0.1")],
}

# zone apex -> SOA rdata, for negative answers below a known zone
_ZONES: dict[str, str] = {
    "google.com.": "ns1.google.com. dns-admin.google.com. 701234567 900 900 1800 60",
    "example.com.": "ns.icann.org. noc.dns.icann.org. 2024081465 7200 3600 1209600 3600",
    "kubernetes.io.": "dns1.p01.nsone.net. hostmaster.nsone.net. 1700000000 43200 7200 1209600 3600",
    "k8s.io.": "ns-cloud-a1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 300",
    "github.com.": "dns1.p08.nsone.net. hostmaster.nsone.net. 1656468023 43200 7200 1209600 3600",
    "weave.works.": "ns1.weave.works. hostmaster.weave.works. 2024010101 10800 3600 604800 3600",
    "docker.io.": "ns-421.awsdns-52.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400",
    "docker.com.": "ns-1289.awsdns-33.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400",
    "mycompany.com.": "ns1.mycompany.com. admin.mycompany.com. 2024010101 3600 900 604800 300",
    "githubusercontent.com.": "ns-1622.awsdns-10.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400",
    "in-addr.arpa.": "b.in-addr-servers.arpa. nstld.iana.org. 2024010101 1800 900 604800 3600",
}


def is_public_resolver(address: str) -> bool:
    return address in PUBLIC_RESOLVERS


def lookup(qname: str, qtype: str) -> tuple[str, list[RR], list[RR]]:
    """(rcode, answer, authority) for a question, following CNAMEs inside the table."""
    rcode, answer, authority = _lookup(qname.lower(), qtype)
    return rcode, list(answer), list(authority)


@lru_cache(maxsize=4096)
def _lookup(qname: str, qtype: str) -> tuple[str, tuple[RR, ...], tuple[RR, ...]]:
    rcode, answer, authority = _walk(qname, qtype)
    return rcode, tuple(answer), tuple(authority)


def _walk(qname: str, qtype: str) -> tuple[str, list[RR], list[RR]]:
    name = absolute(qname).lower()
    answer: list[RR] = []
    for _ in range(8):
        records = _RECORDS.get(name)
        if records is None:
            if answer:          # a CNAME to a name the table lacks: NOERROR with the chain
                return "NOERROR", answer, []
            return "NXDOMAIN", [], [_soa_for(name)]
        matched = [RR(name, ttl, t, data) for ttl, t, data in records if t == qtype or qtype == "ANY"]
        if matched:
            return "NOERROR", answer + matched, []
        cname = next((RR(name, ttl, t, data) for ttl, t, data in records if t == "CNAME"), None)
        if cname is None:
            return "NOERROR", answer, [_soa_for(name)]
        answer.append(cname)
        name = cname.rdata.lower()
    return "SERVFAIL", [], []


def _soa_for(name: str) -> RR:
    labels = name.rstrip(".").split(".")
    for i in range(len(labels)):
        zone = ".".join(labels[i:]) + "."
        if zone in _ZONES:
            return RR(zone, 1800, "SOA", _ZONES[zone])
    return _ROOT_SOA


def answer(query: Message) -> Message:
    """The recursive resolver's response to `query` (ra set, never authoritative)."""
    return _recursive(query)


def stub_handler(query: Message, client: tuple[str, int]) -> Optional[Message]:
    """A forwarding resolver relaying to the uplink (the table above): dnsmasq's EDNS size is 1232."""
    return _recursive(query)


def stub_datagram(payload: Any, src_ip: Any = None, src_port: int = 0, dst_ip: Any = None) -> Optional[Message]:
    """systemd-resolved's stub socket handler: a DNS query gets the recursive answer (see answer), with the
    stub's EDNS size 65494 (dig: `udp: 65494`); anything else nothing."""
    if payload.__class__ is not Message:
        return None
    if payload.qclass != "IN" or payload.opcode != "QUERY":
        response = payload.response("NOTIMP" if payload.opcode != "QUERY" else "REFUSED", [], [], ra=True)
    else:                           # _recursive, inline: every lookup of the machine comes here
        rcode, answer_rrs, authority = _lookup_as_asked(payload.qname, payload.qtype)
        response = payload.response(rcode, list(answer_rrs), list(authority), True)
    if response.edns is not None:
        response.edns = 65494
    return response


PURE_HANDLERS.append(stub_datagram)       # its reply to a stub resolver's query is the question's alone


def _recursive(payload: Message) -> Message:
    if payload.qclass != "IN" or payload.opcode != "QUERY":
        return payload.response("NOTIMP" if payload.opcode != "QUERY" else "REFUSED", [], [], ra=True)
    rcode, answer_rrs, authority = _lookup_as_asked(payload.qname, payload.qtype)
    return payload.response(rcode, list(answer_rrs), list(authority), True)


@lru_cache(maxsize=4096)
def _lookup_as_asked(qname: str, qtype: str) -> tuple[str, tuple[RR, ...], tuple[RR, ...]]:
    """_lookup for a name in any case (the table's data is the same, so is its answer)."""
    return _lookup(qname.lower(), qtype)


@lru_cache(maxsize=1024)
def _ip_text(ip: Any) -> str:
    return str(ip)


def ensure_stub(netns: Any, server: str, port: int) -> None:
    """Start the machine's stub resolver on 127.0.0.53:53 in its root netns the first time it is needed."""
    if netns.__dict__.get("_dns_stub_checked") or (server, port) != STUB or not getattr(netns, "is_root", False):
        return
    netns.__dict__["_dns_stub_checked"] = True
    machine = getattr(netns, "machine", None)
    if machine is None or machine.__dict__.get("_dns_stub_started"):
        return
    machine._dns_stub_started = True
    from course_lib.dns.transport import _datapath_sockets, bind_udp
    sockets = _datapath_sockets()
    if sockets is None:
        try:
            bind_udp(netns, STUB[0], STUB[1], stub_handler, owner="systemd-resolve")
        except OSError:
            pass
        return
    import ipaddress
    # bound on 127.0.0.53 (a 127/8 address lo answers for), like systemd-resolved's stub listener
    try:
        pid = sockets._pid_for(netns, "systemd-resolve", None)
    except Exception:
        pid = 0
    netns.sockets.append(sockets.Socket(proto="udp", ip=ipaddress.IPv4Address(STUB[0]), port=STUB[1],
                                        handler=stub_datagram, netns=netns, process_name="systemd-resolve",
                                        pid=pid))
