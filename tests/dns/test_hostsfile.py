"""/etc/hosts as glibc reads it (checked against getent on this machine's glibc 2.36)."""
from course_lib import Lab
from course_lib.dns.hostsfile import HostsFile, ntop

HOSTS = ("127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n"
         "10.1.1.1 files.example.org files\n10.1.1.4 files f4 files.example.org\n10.1.1.1 files dup\n"
         "2001:db8::5 v6host files\n::ffff:10.9.9.9 mapped\n10.2.2.2 web\n10.2.2.3 web w2\n10.2.2.4 WEB\n")


def test_multi_lines_keep_every_address_and_name():
    hosts = HostsFile.parse(HOSTS)
    name, aliases, addresses = hosts.lookup("files.example.org", 4)
    # each further line adds its aliases, then its name unless it is the canonical one; nothing is dropped
    assert (name, aliases) == ("files.example.org", ["files", "f4", "files.example.org", "files"])
    assert [str(a) for a in addresses] == ["10.1.1.1", "10.1.1.4"]
    assert hosts.lookup("web", 4)[1] == ["w2", "WEB"]
    assert [str(a) for a in hosts.lookup("files", 4)[2]] == ["10.1.1.1", "10.1.1.4", "10.1.1.1"]


def test_an_ipv4_read_maps_loopback_and_v4_mapped_lines():
    hosts = HostsFile.parse(HOSTS)
    assert [str(a) for a in hosts.lookup("localhost", 4)[2]] == ["127.0.0.1", "127.0.0.1"]
    assert [str(a) for a in hosts.lookup("mapped", 4)[2]] == ["10.9.9.9"]
    assert [str(e.address) for e in hosts.enumerate()][:2] == ["127.0.0.1", "127.0.0.1"]
    assert "2001:db8::5" not in [str(e.address) for e in hosts.enumerate()]
    # AF_UNSPEC (getaddrinfo): every line in its own family, file order, the first line's name
    assert hosts.lookup("files", 0)[0] == "files.example.org"
    assert HostsFile.parse("2001:db8::5 v6host files\n10.1.1.1 a files\n").lookup("files", 0)[0] == "v6host"
    assert hosts.lookup("localhost.", 4) is None           # a trailing dot is part of the name
    assert ntop(hosts.lookup("mapped", 6)[2][0]) == "::ffff:10.9.9.9"


def test_getent_as_glibc_prints_it():
    lab = Lab()
    lab.run(f"cat > /etc/hosts <<'EOF'\n{HOSTS}EOF")
    assert lab.run("getent hosts web").stdout == (
        "10.2.2.2        web w2 WEB\n10.2.2.3        web w2 WEB\n10.2.2.4        web w2 WEB\n")
    assert lab.run("getent hosts 10.9.9.9").stdout == "10.9.9.9        mapped\n"
    assert lab.run("getent hosts ::ffff:10.9.9.9").stdout == "::ffff:10.9.9.9 mapped\n"
    assert lab.run("getent hosts").stdout.splitlines()[1] == "127.0.0.1       localhost ip6-localhost ip6-loopback"
    r = lab.run("getent ahostsv4 localhost")      # AI_ADDRCONFIG: only loopback addresses here
    assert (r.stdout, r.returncode) == ("", 2)
    assert lab.run("getent ahostsv6 files").returncode == 2
    assert lab.run("getent -A ahostsv4 localhost").stdout.count("127.0.0.1       STREAM") == 2
    assert lab.run("getent ahosts 127.1").stdout.splitlines()[0] == "127.0.0.1       STREAM 127.1"


def test_an_address_alone_has_an_empty_name_for_glibc_not_coredns():
    assert [e.names for e in HostsFile.parse("10.3.3.3 # note\n10.0.0.2\n").entries] == [("",), ("",)]
    assert HostsFile.parse("10.3.3.3 # note\n", bare_addresses=False).entries == []


def test_getent_usage_and_other_databases():
    lab = Lab()
    r = lab.run("getent")
    assert (r.stdout, r.stderr, r.returncode) == (
        "Try `getent --help' or `getent --usage' for more information.\n", "getent: wrong number of arguments\n", 1)
    assert lab.run("getent ahostsv4").stdout == lab.run("getent hosts").stdout      # gethostent for all
    assert lab.run("getent passwd root").stdout == "root:x:0:0:root:/root:/bin/bash\n"
    assert lab.run("getent group 0").stdout == "root:x:0:\n"
    assert lab.run("getent passwd nobody-here").returncode == 2
    assert lab.run("getent --help").stdout.startswith("Usage: getent [OPTION...] database [key ...]\n")
