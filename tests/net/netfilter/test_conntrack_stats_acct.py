"""conntrack -S/-C/-E, the per-command option checks, tables, and nf_conntrack_acct's counters (-L, -z, xml),
as recorded from conntrack-tools 1.4.7 on the kernel in a private netns (conntrack_stats_counters.sh)."""
from __future__ import annotations

from course_lib import Lab
from tests.net.netfilter.expect import refused

PREFIX = "conntrack v1.4.7 (conntrack-tools): "
STATS = "found=0 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 error={} search_restart=0 clash_resolve=0 " \
        "chaintoolong=0 \n"


def _lab() -> Lab:
    lab = Lab()
    lab.run("ip link set lo up\niptables -A INPUT -m conntrack --ctstate INVALID -j ACCEPT")
    return lab


def test_statistics_count_the_orphan_icmp_errors() -> None:
    lab = _lab()
    assert lab.run("conntrack -S").stdout == "cpu=0   \t" + STATS.format(0) + "cpu=1   \t" + STATS.format(0)
    lab.run("iptables -t raw -A OUTPUT -p udp --dport 7 -j NOTRACK\necho x | nc -u -q0 127.0.0.1 7")
    assert lab.run("conntrack -S").stdout.splitlines()[0] == "cpu=0   \t" + STATS.format(2).rstrip("\n")
    assert lab.run("conntrack -S expect").stdout.splitlines()[1] == "cpu=1   \texpect_new=0 expect_create=0 expect_delete=0 "
    assert lab.run("conntrack -C; conntrack -C expect").stdout == "0\n0\n"


def test_options_each_command_refuses() -> None:
    lab = _lab()
    cases = {"-C -s 1.1.1.1 -p tcp": "Illegal option `--src' with this command",
             "-S -z -m 1": "Illegal option `--zero' with this command",
             "-F -o xml -n": "Illegal option `--src-nat' with this command",
             "-L -t 5": "Illegal option `--timeout' with this command",
             "-D -j": "Illegal option `--any-nat' with this command",
             "-E -u ASSURED": "Illegal option `--status' with this command",
             "-L -z -w 1": "Can't use -z with filtering parameters",
             "-S -h": "Invalid commands combination",
             "-L expectx": "unknown type `expectx'",
             "-C dying": "Can't do that command with tables `dying' and `unconfirmed'",
             "-D expect": "You need to supply the `--src' option for this command"}
    refused(lab, "conntrack", cases, PREFIX)
    for args, msg in {"-L e": "0 expectations have been shown.", "-L -z -f ipv4 -n": "0 flow entries have been shown.",
                      "-F expect": "expectation table has been emptied.", "-L dyi": "0 flow entries have been shown."}.items():
        r = lab.run(f"conntrack {args}")
        assert (r.returncode, r.stderr) == (0, PREFIX + msg + "\n"), args


def test_events_wait_until_the_timeout_signal() -> None:
    lab = _lab()
    r = lab.run("timeout 1 conntrack -E; echo $?")
    assert (r.stdout, r.stderr) == ("124\n", PREFIX + "0 flow events have been shown.\n")
    r = lab.run("timeout -s HUP 1 conntrack -E; echo $?")
    assert (r.stdout, r.stderr) == ("124\n", "")


def test_accounting_counts_both_directions_and_zero_resets_them() -> None:
    lab = _lab()
    lab.run("echo x | nc -u -q0 127.0.0.1 9")                      # made before acct: no counters
    lab.run("sysctl -w net.netfilter.nf_conntrack_acct=1\nping -c 2 -q 127.0.0.1\necho xyz | nc -u -q0 127.0.0.1 10")
    lines = sorted(lab.run("conntrack -L -z").stdout.splitlines())
    assert "type=8 code=0" in lines[0] and lines[0].count("packets=2 bytes=168") == 2
    assert "dport=9 [UNREPLIED]" in lines[1] and "packets" not in lines[1]
    assert "dport=10 packets=1 bytes=32 [UNREPLIED]" in lines[2] and "packets=0 bytes=0 mark=0" in lines[2]
    again = lab.run("conntrack -L -p icmp -o xml").stdout
    assert again.count("<counters><packets>0</packets><bytes>0</bytes></counters>") == 2
    assert " 1 29 src=127.0.0.1" in lines[0]                        # listed just after: one second less
