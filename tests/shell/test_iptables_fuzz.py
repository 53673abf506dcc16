"""Property: random and mutated iptables command lines never raise, and a failed one changes nothing."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib.net.machine import Machine
from course_lib.net.world import Network
from course_lib.shell.context import ExecContext
from course_lib.shell.iptables import run_iptables
from course_lib.shell.iptables_save import iptables_restore, iptables_save

TOKENS = ["-A", "-I", "-D", "-R", "-C", "-N", "-X", "-F", "-Z", "-P", "-E", "-L", "-S", "-t", "nat", "filter",
          "mangle", "raw", "foo", "INPUT", "FORWARD", "OUTPUT", "PREROUTING", "POSTROUTING", "KUBE-SVC", "X",
          "1", "2", "0", "99", "-p", "tcp", "udp", "icmp", "all", "47", "-s", "-d", "10.0.0.0/8", "1.2.3.4",
          "300.1.1.1", "10.1.2.3/33", "-i", "-o", "eth0", "eth+", "!", "-j", "-g", "ACCEPT", "DROP", "REJECT",
          "RETURN", "DNAT", "SNAT", "MASQUERADE", "REDIRECT", "MARK", "LOG", "--dport", "--sport", "80", "1:1023",
          "99999", "-m", "multiport", "--dports", "80,443", "addrtype", "--dst-type", "LOCAL", "comment",
          "--comment", "a b", "statistic", "--mode", "random", "nth", "--probability", "0.5", "--every", "3",
          "--packet", "mark", "--mark", "0x4000/0x4000", "conntrack", "--ctstate", "NEW,ESTABLISHED", "state",
          "--state", "--to-destination", "10.0.0.1:80", "--to-source", "1.1.1.1", "--to-ports", "8080",
          "--set-xmark", "--or-mark", "0x4000", "--reject-with", "tcp-reset", "icmp-host-unreachable",
          "--icmp-type", "echo-request", "-n", "-v", "-x", "--line-numbers", "-c", "--foo", "-w", "-nvL",
          "physdev", "--physdev-is-bridged", "--tcp-flags", "SYN,ACK", "SYN", "--syn", "--log-prefix", "-h"]
VALID = [
    "-N KUBE-SVC", "-A INPUT -p tcp --dport 80 -j ACCEPT", "-t nat -N X",
    "-t nat -A PREROUTING -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j DNAT --to-destination 10.0.0.1:6443",
    "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "-P FORWARD DROP",
    "-t nat -A POSTROUTING -s 10.244.0.0/16 ! -o cni0 -j MASQUERADE",
    "-A INPUT -m comment --comment hi -m statistic --mode random --probability 0.25 -j MARK --or-mark 0x4000",
]


def fresh() -> ExecContext:
    net = Network()
    m = Machine("host", net)
    ctx = ExecContext(m, m.root)
    setup = "*nat\n:KUBE-SVC - [0:0]\n-A PREROUTING -j KUBE-SVC\n-A KUBE-SVC -p tcp -j DNAT --to-destination 1.1.1.1:80\n" \
            "COMMIT\n*filter\n:X - [0:0]\n-A INPUT -j X\n-A X -s 10.0.0.0/8 -j DROP\nCOMMIT\n"
    assert iptables_restore(ctx, ["iptables-restore"], setup).returncode == 0
    return ctx


def state(ctx: ExecContext) -> tuple:
    nf = ctx.netns.netfilter
    text = "".join(iptables_save(ctx, ["iptables-save", "-c", "-t", t], "").stdout
                   for t in ("filter", "nat", "mangle", "raw", "security"))
    return text, tuple(sorted((n, t.created) for n, t in nf.tables.items() if t.created)), nf.conntrack_on


def mutate(draw_line: list[str], ops: list[tuple[int, int, str]]) -> list[str]:
    words = list(draw_line)
    for kind, pos, tok in ops:
        if kind == 0 and words:
            del words[pos % len(words)]
        elif kind == 1:
            words.insert(pos % (len(words) + 1), tok)
        elif words:
            words[pos % len(words)] = tok
    return words


lines = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=12),
    st.builds(mutate, st.sampled_from(VALID).map(str.split),
              st.lists(st.tuples(st.integers(0, 2), st.integers(0, 20), st.sampled_from(TOKENS)), max_size=3)),
)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_bad_input_never_raises_and_leaves_tables_unchanged(words: list[str]) -> None:
    ctx = fresh()
    before = state(ctx)
    r = run_iptables(ctx, ["iptables", *words])       # not the wrapper: an exception fails the test
    assert isinstance(r.stdout, str) and isinstance(r.stderr, str)
    if r.returncode != 0:
        assert r.stderr and state(ctx) == before, (words, r.stderr)


restore_lines = st.lists(st.one_of(
    st.sampled_from([":KUBE-SVC - [0:0]", ":NEW - [0:0]", ":POSTROUTING DROP [0:0]", ":BAD", "-X KUBE-SVC", "-F",
                     "-N NEW", "COMMIT", "*filter", "*nat", "*foo", "# comment", "", "[1:2] -A PREROUTING -j ACCEPT"]),
    lines.map(lambda ws: " ".join(ws))), max_size=8)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(restore_lines, st.booleans())
def test_bad_restore_input_never_raises_and_a_failure_keeps_the_tables(body: list[str], noflush: bool) -> None:
    from course_lib.shell.iptables_save import RestoreError, restore
    ctx = fresh()
    before = state(ctx)
    text = "*nat\n" + "\n".join(body) + "\nCOMMIT\n"
    try:
        restore(ctx, text, noflush, False, None)
    except RestoreError:
        assert state(ctx)[0] == before[0] or "COMMIT" in body, text
