"""iptables-restore's copy-on-write table and its caches: same results as the line-by-line path, only faster."""
from __future__ import annotations

from course_lib.lab import Lab
from course_lib.net.netfilter.tables import netfilter_of

KUBE = """*nat
:KUBE-SERVICES - [0:0]
:KUBE-SVC-A - [0:0]
:KUBE-SEP-A1 - [0:0]
:KUBE-SEP-A2 - [0:0]
:KUBE-MARK-MASQ - [0:0]
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-SEP-A1 -s 10.244.1.2/32 -m comment --comment "default/a" -j KUBE-MARK-MASQ
-A KUBE-SEP-A1 -p tcp -m comment --comment "default/a" -m tcp -j DNAT --to-destination 10.244.1.2:80
-A KUBE-SEP-A2 -p tcp -m comment --comment "default/a" -m tcp -j DNAT --to-destination 10.244.2.2:80
-A KUBE-SVC-A -m comment --comment "default/a -> 10.244.1.2:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-A1
-A KUBE-SVC-A -m comment --comment "default/a -> 10.244.2.2:80" -j KUBE-SEP-A2
-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/a cluster IP" -m tcp --dport 80 -j KUBE-SVC-A
COMMIT
"""


def _nat(lab: Lab, host: str):
    return netfilter_of(lab._backend.network.machines[host].root).tables["nat"]


def _lab(n: int = 2) -> Lab:
    lab = Lab()
    for i in range(n):
        lab.add_host(f"h{i}")
    return lab


def test_same_block_on_many_hosts_saves_the_same_as_the_first():
    lab = _lab(3)
    for i in range(3):
        assert lab.host(f"h{i}").run("iptables-restore --noflush", stdin=KUBE).returncode == 0
    saves = [lab.host(f"h{i}").run("iptables-save -t nat").stdout for i in range(3)]
    assert saves[0] == saves[1] == saves[2]
    assert '-A KUBE-SVC-A -m comment --comment "default/a -> 10.244.1.2:80" -m statistic --mode random ' \
           "--probability 0.50000000000 -j KUBE-SEP-A1" in saves[0]
    # counters stay per host: the rules are copies, not shared objects
    r0 = _nat(lab, "h0").chains["KUBE-SVC-A"].rules[0]
    r1 = _nat(lab, "h1").chains["KUBE-SVC-A"].rules[0]
    assert r0 is not r1 and r0.matches is r1.matches


def test_remembered_block_still_fails_when_a_target_chain_is_missing():
    lab = _lab(2)
    assert lab.host("h0").run("iptables-restore --noflush", stdin=KUBE).returncode == 0
    text = "*nat\n-A PREROUTING -j KUBE-SVC-A\nCOMMIT\n"
    assert lab.host("h0").run("iptables-restore --noflush", stdin=text).returncode == 0
    r = lab.host("h1").run("iptables-restore --noflush", stdin=text)       # h1 has no KUBE-SVC-A
    assert r.returncode == 2
    # nft checks jumps when it prepares the batch: the kernel names the COMMIT line (3), not the rule's
    assert "Chain 'KUBE-SVC-A' does not exist" in r.stderr and "Error occurred at line: 3" in r.stderr
    assert lab.host("h1").run("iptables-save -t nat").stdout.count("-A ") == 0


def test_failed_restore_leaves_the_table_and_its_chains_unchanged():
    lab = _lab(1)
    h = lab.host("h0")
    assert h.run("iptables-restore --noflush", stdin=KUBE).returncode == 0
    before = h.run("iptables-save -t nat").stdout
    table = _nat(lab, "h0")
    bad = "*nat\n:KUBE-SVC-A - [0:0]\n-A KUBE-SVC-A -j KUBE-SEP-A1\n-A KUBE-SVC-A -j NOPE\nCOMMIT\n"
    r = h.run("iptables-restore --noflush", stdin=bad)
    assert r.returncode != 0
    assert _nat(lab, "h0") is table
    assert h.run("iptables-save -t nat").stdout == before


def test_restore_copies_only_the_chains_it_touches():
    lab = _lab(1)
    h = lab.host("h0")
    assert h.run("iptables-restore --noflush", stdin=KUBE).returncode == 0
    old = _nat(lab, "h0")
    text = "*nat\n:KUBE-SEP-A2 - [0:0]\n-A KUBE-SEP-A2 -p tcp -m tcp -j DNAT --to-destination 10.244.3.3:80\nCOMMIT\n"
    assert h.run("iptables-restore --noflush", stdin=text).returncode == 0
    new = _nat(lab, "h0")
    assert new is not old
    assert new.chains["KUBE-SERVICES"] is old.chains["KUBE-SERVICES"]
    assert new.chains["KUBE-SEP-A2"] is not old.chains["KUBE-SEP-A2"]
    assert [r.spec() for r in old.chains["KUBE-SEP-A2"].rules] == \
        ['-p tcp -m comment --comment "default/a" -m tcp -j DNAT --to-destination 10.244.2.2:80']
    # later iptables commands change the committed table in place
    assert h.run("iptables -t nat -A KUBE-SERVICES -j RETURN").returncode == 0
    assert _nat(lab, "h0").chains["KUBE-SERVICES"] is new.chains["KUBE-SERVICES"]


def test_rename_in_a_restore_does_not_touch_the_old_table():
    lab = _lab(1)
    h = lab.host("h0")
    assert h.run("iptables-restore --noflush", stdin=KUBE).returncode == 0
    before = h.run("iptables-save -t nat").stdout
    bad = "*nat\n-E KUBE-SEP-A1 KUBE-SEP-X\n-A NOPE -j ACCEPT\nCOMMIT\n"
    assert h.run("iptables-restore --noflush", stdin=bad).returncode != 0
    assert h.run("iptables-save -t nat").stdout == before
    good = "*nat\n-E KUBE-SEP-A1 KUBE-SEP-X\nCOMMIT\n"
    assert h.run("iptables-restore --noflush", stdin=good).returncode == 0
    after = h.run("iptables-save -t nat").stdout
    assert "-j KUBE-SEP-X" in after and "KUBE-SEP-A1" not in after


def test_a_rule_line_with_address_lists_is_applied_in_full_every_time():
    lab = _lab(1)
    h = lab.host("h0")
    text = "*filter\n-A INPUT -s 10.0.0.1,10.0.0.2 -j DROP\nCOMMIT\n"
    for _ in range(2):
        assert h.run("iptables-restore --noflush", stdin=text).returncode == 0
    assert h.run("iptables -S INPUT").stdout.count("-j DROP") == 4


def test_double_quoted_words_split_as_before():
    from course_lib.shell.iptables_save import split_params
    assert split_params('-m comment --comment "a b" -j X') == ["-m", "comment", "--comment", "a b", "-j", "X"]
    assert split_params('x"a b"y "" z') == ["xa by", "", "z"]
    assert split_params('-m comment --comment "open') is None
