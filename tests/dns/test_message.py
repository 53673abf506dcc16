"""The resolver's fast Message constructors build exactly what the dataclass constructor and reply() build."""
from __future__ import annotations

import copy

import pytest

from course_lib.dns import internet
from course_lib.dns.message import RR, Message


@pytest.mark.parametrize("edns", [None, 1232])
def test_query_and_response_equal_the_generic_constructors(edns: int | None) -> None:
    q = Message.query(7, "www.google.com.", "AAAA", edns)
    assert q == Message(7, "www.google.com.", "AAAA", edns=edns)
    assert q.reply() == Message(7, "www.google.com.", "AAAA", qr=True, edns=None if edns is None else 1232)
    r = q.response("NXDOMAIN", [], [RR(".", 1, "SOA", "a. b. 1 2 3 4 5")], ra=True)
    assert (r.qr, r.ra, r.aa, r.rcode, r.opcode, r.id, r.additional) == (True, True, False, "NXDOMAIN", "QUERY", 7, [])


def test_reply_resets_what_a_response_must_not_copy() -> None:
    q = Message(9, "a.", "A", aa=True, tc=True, ad=True, rd=False, cd=True, opcode="STATUS", qclass="CH")
    assert q.reply() == Message(9, "a.", "A", qclass="CH", qr=True, rd=False, cd=True)


def test_messages_do_not_share_lists() -> None:
    a, b = Message.query(1, "a.", "A"), Message.query(2, "a.", "A")
    a.answer.append(RR("a.", 1, "A", "1.2.3.4"))
    assert b.answer == [] and a.reply().answer == []
    c = copy.copy(a.reply())
    c.answer += [RR("a.", 1, "A", "5.6.7.8")]
    assert a.answer == [RR("a.", 1, "A", "1.2.3.4")]


def test_stub_answers_like_the_table_and_ignores_non_dns() -> None:
    q = Message.query(3, "www.google.com.", "A")
    r = internet.stub_datagram(q, None, 0, None)
    assert r == internet.answer(q) and r.answer == [RR("www.google.com.", 300, "A", "142.250.185.68")]
    assert (r.id, r.qr, r.ra, r.rcode) == (3, True, True, "NOERROR")
    assert internet.stub_datagram(b"not dns", None, 0, None) is None
    refused = internet.answer(Message(4, "x.", "A", qclass="CH"))
    assert (refused.rcode, refused.ra, refused.qclass) == ("REFUSED", True, "CH")
