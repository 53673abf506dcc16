"""resolv.conf as BIND 9.18's tools read it (lib/irs/resconf.c), checked against dig/host/nslookup."""
import pytest

from course_lib import Lab
from course_lib.dns.bindconf import ParseError, parse


def test_words_comments_and_limits():
    conf = parse("nameserver 127.0.0.2\nnameserver 127.0.0.3 # c\n;x\n  nameserver 127.0.0.4\nnameserver 127.0.0.5\n"
                 "search a b\ndomain c\noptions ndots:2 rotate\n")
    assert conf.nameservers == ("127.0.0.2", "127.0.0.3", "127.0.0.4") and conf.search == ("c",)
    assert conf.ndots == 2
    assert parse("search a b c d e f g h i j\n").search == tuple("abcdefgh")
    # `search` alone on its line takes the next line's words
    assert parse("search\noptions timeout:3 ndots:20\n").search == ("options", "timeout:3", "ndots:20")
    assert parse("nameserver 0.0.0.0\nbogus\nnameserver 127.1").nameservers == ("127.0.0.1", "127.0.0.1")


@pytest.mark.parametrize("text", ["nameserver bogus\n", "nameserver 127.0.0.2 junk\n", "options ndots:x\n",
                                  "options ndots:300\n", "domain\n", "domain a b\n"])
def test_what_makes_the_tools_give_up(text):
    with pytest.raises(ParseError):
        parse(text)


def test_the_tools_stop_and_glibc_does_not():
    lab = Lab()
    lab.run("printf 'nameserver bogus\\nnameserver 127.0.0.2\\n' > /etc/resolv.conf")
    for tool in ("dig", "host", "nslookup"):
        r = lab.run(f"{tool} x")
        assert (r.stdout, r.stderr, r.returncode) == ("", f"{tool}: parse of /etc/resolv.conf failed\n", 1)
    assert lab.run("getent hosts localhost").returncode == 0
