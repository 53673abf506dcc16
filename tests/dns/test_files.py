"""hosts and resolv.conf parsing as glibc does it."""
from course_lib.dns.hostsfile import HostsFile
from course_lib.dns.resolvconf import ResolvConf


def test_hosts_skips_malformed_lines():
    hosts = HostsFile.parse("# c\n192.168.1.1 web www # comment\nbogus db\n10.0.0.300 x\n10.0.0.2\n::1 localhost\n")
    # an address alone is kept with an empty name, as glibc 2.36 does (getent hosts 10.0.0.2 -> "10.0.0.2  ")
    assert [(str(e.address), e.names) for e in hosts.entries] == [
        ("192.168.1.1", ("web", "www")), ("10.0.0.2", ("",)), ("::1", ("localhost",))]
    assert hosts.lookup("WWW", 4) == ("web", ["www"], [hosts.entries[0].address])


def test_resolv_conf_glibc_rules():
    conf = ResolvConf.parse("nameserver 8.8.8.8\nnameserver bad\n nameserver 1.1.1.1\nnameserver 127.1\n"
                            "nameserver 9.9.9.9\nnameserver 4.4.4.4\nsearch a.com b.com\ndomain c.com\n"
                            "options ndots:30 timeout:2 attempts:9 rotate\n")
    assert conf.nameservers == ["8.8.8.8", "127.0.0.1", "9.9.9.9"]
    assert conf.search == ["c.com"]                      # the last of search/domain wins
    assert (conf.ndots, conf.timeout, conf.attempts, conf.rotate) == (15, 2, 5, True)


def test_empty_resolv_conf_means_loopback_and_hostname_domain():
    conf = ResolvConf.parse("", hostname="node01.lab.local")
    assert conf.nameservers == ["127.0.0.1"] and conf.search == ["lab.local"] and conf.ndots == 1
