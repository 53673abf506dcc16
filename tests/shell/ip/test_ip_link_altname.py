"""ip link property add/del altname, ip link set group / show group, xstats/afstats."""
from __future__ import annotations

from course_lib import Lab


def test_altnames_are_shown_and_found():
    run = Lab().host("host").run
    run("ip link add a0 type veth peer name a1\nip link property add dev a0 altname uplink0 altname up1")
    assert run("ip link show up1").stdout.splitlines()[2:] == ["    altname uplink0", "    altname up1"]
    assert '"altnames":["uplink0","up1"]' in run("ip -j link show a0").stdout
    r = run("ip link property add dev a0 altname a1")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: File exists\n", 2)
    r = run("ip link property del dev a0 altname nosuch")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: No such file or directory\n", 2)
    assert run("ip addr add 10.0.0.1/24 dev uplink0").returncode == 0


def test_groups():
    run = Lab().host("host").run
    run("ip link add a0 type veth peer name a1\nip link set a0 group 5")
    out = run("ip link show group 5").stdout
    assert out.count("\n") == 2 and " group 5 qlen 1000" in out
    r = run("ip link set a0 group foo")
    assert (r.stderr, r.returncode) == ('Error: argument "foo" is wrong: Invalid "group" value\n\n', 255)
    r = run("ip link xstats")
    assert (r.stderr, r.returncode) == ("xstats: missing argument\n", 1)
