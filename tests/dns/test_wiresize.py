"""DNS message sizes on the wire (course_lib.dns.wiresize) and the options each client and server puts there.

Sizes as the real tools send them, seen with a capturing server in `unshare --net --mount` (dig 9.18, glibc
2.36, nslookup/host, busybox): a glibc A query for ab.cd is 23 bytes (no EDNS), 34 with `options edns0`
(payload 1200) and AD with `trust-ad`; dig's is 46 (EDNS 1232, an 8-byte COOKIE, AD). CoreDNS echoes the
client's OPT record with its COOKIE and sends small replies uncompressed (request.SizeAndDo and Scrub).
"""
from __future__ import annotations

import random
import re

from course_lib import Lab
from course_lib.dns.bindtools import as_received
from course_lib.dns.coredns.server import scrub
from course_lib.dns.message import RR, Message

RECORDS = [RR("web.example.local.", 0, "A", "10.0.0.5"), RR("www.example.org.", 3600, "CNAME", "web.example.org."),
           RR("example.org.", 3600, "SOA", "ns.example.org. admin.example.org. 1 2 3 4 5"),
           RR("example.org.", 3600, "MX", "10 mail.example.org."),
           RR("_http._tcp.example.org.", 3600, "SRV", "0 5 80 www.example.org."),
           RR("txt.example.org.", 3600, "TXT", '"hello world" "x"'), RR("v6.example.org.", 3600, "AAAA", "2001:db8::1"),
           RR("5.0.0.10.in-addr.arpa.", 5, "PTR", "Web.Lab.Local."), RR("example.org.", 3600, "NS", "ns.example.org."),
           RR("a\\.b.example.org.", 3600, "A", "1.2.3.4")]


def test_sizes_equal_the_rendered_bytes() -> None:
    rng = random.Random(7)
    for _ in range(1500):
        msg = Message(id=1, qname=rng.choice(["web.example.local.", "example.org.", "WWW.example.org.", "x.y.", "."]))
        msg.qr = True
        for section in (msg.answer, msg.authority, msg.additional):
            section.extend(rng.sample(RECORDS, rng.randrange(4)))
        if rng.random() < 0.5:
            msg.edns = 1232
            if rng.random() < 0.5:
                msg.cookie = "0011223344556677" + ("" if rng.random() < 0.5 else "ab" * 16)
        msg.compress = rng.random() < 0.7
        assert len(msg) == len(msg.to_wire()) == msg.wire_size(), msg


def test_query_sizes_of_the_clients() -> None:
    assert len(Message.query(1, "ab.cd.", "A")) == 23                      # glibc, nslookup, host
    assert len(Message.query(1, "ab.cd.", "A", edns=1200)) == 34           # glibc with options edns0
    dig = Message(1, "ab.cd.", edns=1232)
    dig.cookie = "0102030405060708"
    assert len(dig) == 46
    assert Message.from_wire(dig.to_wire()).cookie == "0102030405060708"


def test_coredns_echoes_the_opt_record_and_does_not_compress() -> None:
    query = Message(1, "www.example.org.", edns=1200)
    query.cookie = "0102030405060708"
    reply = scrub(query, query.response("NOERROR", [RR("www.example.org.", 5, "A", "10.0.0.80")], []))
    assert (reply.edns, reply.cookie, reply.compress) == (1200, "0102030405060708", False)
    assert len(reply) == 12 + 17 + 4 + 17 + 10 + 4 + 11 + 12
    big = [RR("www.example.org.", 5, "A", f"10.0.{i // 250}.{i % 250}") for i in range(60)]
    assert scrub(query, query.response("NOERROR", big, [])).compress            # over the 1200-byte buffer
    assert scrub(Message(1, "x."), Message(1, "x.").reply()).edns is None


def test_compressed_replies_read_back_in_the_question_spelling() -> None:
    reply = Message(1, "WWW.Example.ORG.", qr=True, answer=[RR("www.example.org.", 5, "A", "10.0.0.80")])
    assert as_received(reply).answer[0].name == "WWW.Example.ORG."
    reply.compress = False
    assert as_received(reply).answer[0].name == "www.example.org."


def _lab() -> Lab:
    lab = Lab()
    lab.run("ip link set lo up")
    lab.run("mkdir -p /etc/coredns")
    lab.run("printf '@ 0 IN SOA ns.example.local. admin.example.local. 1 7200 3600 1209600 0\\n"
            "web 0 IN A 10.0.0.5\\n' > /etc/coredns/db.example.local")
    lab.run("printf 'example.local {\\n bind 127.0.0.1\\n file /etc/coredns/db.example.local\\n}\\n'"
            " > /etc/coredns/Corefile")
    assert lab.run("coredns -conf /etc/coredns/Corefile").returncode == 0
    return lab


def _lo_rx(lab: Lab) -> tuple[int, int]:
    line = lab.run("ip -s link show lo").stdout.splitlines()[3].split()
    return int(line[0]), int(line[1])


def test_lo_counts_the_real_datagram_sizes() -> None:
    lab = _lab()
    lab.run("printf 'nameserver 127.0.0.1\\n' > /etc/resolv.conf")
    assert lab.run("getent hosts web.example.local").returncode == 0
    # AAAA query 35 + 28, NODATA reply with the SOA uncompressed (35 + 15 + 10 + 18 + 21 + 20) + 28,
    # A query 35 + 28, reply (35 + 19 + 10 + 4) + 28
    assert _lo_rx(lab) == (63 + 147 + 63 + 96, 4)
    before = _lo_rx(lab)[0]
    r = lab.run("dig web.example.local")
    assert re.search(r"; COOKIE: [0-9a-f]{16} \(echoed\)\n", r.stdout) and "MSG SIZE  rcvd: 91" in r.stdout
    assert _lo_rx(lab)[0] - before == 28 + 58 + 28 + 91
    before = _lo_rx(lab)[0]
    lab.run("printf 'nameserver 127.0.0.1\\noptions edns0 trust-ad\\n' > /etc/resolv.conf")
    assert lab.run("getent hosts web.example.local").returncode == 0
    assert _lo_rx(lab)[0] - before == 63 + 147 + 63 + 96 + 4 * 11        # an OPT record in each
    assert lab.run("dig +nocookie web.example.local | grep -c COOKIE").stdout == "0\n"


def test_dig_cookie_option_errors() -> None:
    lab = Lab()
    bad = lab.run("dig +cookie=zz x.y")
    assert (bad.stdout, bad.stderr, bad.returncode) == ("", "dig: isc_hex_decodestring: bad hex encoding\n", 1)
    big = lab.run("dig +cookie=" + "01" * 41 + " x.y")
    assert (big.stdout, big.stderr, big.returncode) == ("", "dig: COOKIE data too large\n", 10)


def test_coredns_sees_a_and_aaaa_from_one_port() -> None:
    """glibc's send_dg sends the pair from one socket: CoreDNS's log shows one client port for both."""
    from course_lib.dns.coredns_cmd import servers_on
    lab = _lab()
    lab.run("printf 'example.local {\\n bind 127.0.0.1\\n log\\n file /etc/coredns/db.example.local\\n}\\n'"
            " > /etc/coredns/Corefile")
    lab.run("printf 'nameserver 127.0.0.1\\n' > /etc/resolv.conf")
    for server in servers_on(lab.backend.context("host").machine):
        server.stop()
    assert lab.run("coredns -conf /etc/coredns/Corefile").returncode == 0
    assert lab.run("getent ahosts web.example.local").returncode == 0
    logs = [line for server in servers_on(lab.backend.context("host").machine) for line in server.logs
            if '"A IN web' in line or '"AAAA IN web' in line]
    assert len(logs) == 2 and len({line.split(" - ")[0] for line in logs}) == 1, logs


def test_malformed_names_and_rdata_still_have_a_size() -> None:
    """A bad escape or a broken SOA/MX never turns a byte counter into a traceback."""
    for name in ("a\\.b.", "\\", "\\999.", "a\\", "a..b.", "x" * 70 + ".com."):
        query = Message.query(1, name, "A")
        reply = query.response("NOERROR", [RR(name, 5, "A", "1.2.3.4"), RR("x.", 5, "SOA", "bad"),
                                           RR("x.", 5, "MX", "")], [])
        assert len(query) > 12 and len(reply) > len(query)
