"""CoreDNS's cut of a UDP reply to the client's buffer (truncation.py, miekg/dns Msg.Truncate via Scrub) and the
tools' retry over TCP on TC (the tools' side is held against BIND 9.18 and glibc in test_real_tools' "truncated")."""
from __future__ import annotations

from course_lib import Lab
from course_lib.dns.coredns.server import scrub
from course_lib.dns.message import RR, Message
from course_lib.dns.truncation import client_size

BIG = [RR("big.test.", 60, "A", f"10.3.0.{i + 1}") for i in range(120)]


def _reply(query: Message, tcp: bool = False) -> Message:
    return scrub(query, query.response("NOERROR", list(BIG), []), tcp)


def test_a_reply_over_the_buffer_keeps_what_fits_compressed_with_tc() -> None:
    query = Message(1, "big.test.", "A", edns=1232)
    reply = _reply(query)
    assert reply.tc and reply.compress and 0 < len(reply.answer) < 120
    assert len(reply) <= 1232 < len(reply) + 16        # one more A record (16 bytes compressed) would not fit
    assert reply.answer == BIG[:len(reply.answer)]      # the first records, in order
    no_edns = _reply(Message(2, "big.test.", "A"))
    assert no_edns.tc and len(no_edns) <= 512 and len(no_edns.answer) == (512 - 12 - 14) // 16


def test_small_and_tcp_replies_are_whole() -> None:
    query = Message(3, "big.test.", "A", edns=1232)
    small = scrub(query, query.response("NOERROR", BIG[:3], []))
    assert not small.tc and not small.compress and len(small.answer) == 3
    whole = _reply(Message(4, "big.test.", "A", edns=1232), tcp=True)
    assert not whole.tc and len(whole.answer) == 120 and not whole.compress  # the 1480-byte rule is UDP's
    assert client_size(Message(5, "x.", edns=100), False) == 512 and client_size(Message(5, "x."), True) == 65535


def test_dig_retries_over_tcp_and_says_so() -> None:
    lab = Lab()
    lab.run("ip link set lo up\nprintf 'nameserver 127.0.0.1\\n' > /etc/resolv.conf\nmkdir -p /opt/c")
    zone = "$ORIGIN test.\n@ IN SOA ns.test. a.test. 1 7200 3600 1209600 60\n" + \
        "".join(f"big IN A 10.3.0.{i + 1}\n" for i in range(120))
    lab.run(f"cat > /opt/c/db.test <<'EOF'\n{zone}EOF")
    lab.run("printf 'test {\\n    file /opt/c/db.test\\n}\\n' > /opt/c/Corefile\ncoredns -conf /opt/c/Corefile")
    out = lab.run("dig big.test").stdout
    assert out.startswith(";; Truncated, retrying in TCP mode.\n\n; <<>> DiG")
    assert "ANSWER: 120," in out and ";; SERVER: 127.0.0.1#53(127.0.0.1) (TCP)" in out
    kept = lab.run("dig +ignore big.test").stdout
    assert "flags: qr aa tc rd;" in kept and "(UDP)" in kept and "Truncated" not in kept
    assert len(lab.run("getent ahosts big.test").stdout.splitlines()) == 360
