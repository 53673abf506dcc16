"""The interpreter's basics: lists, quoting, expansion, redirections, errors."""
from __future__ import annotations


def test_lists_and_status(sh):
    r = sh("echo a; false || echo or; true && echo and; foo; echo rc=$?")
    assert r.stdout == "a\nor\nand\nrc=127\n"
    assert r.stderr == "bash: foo: command not found\n"
    assert r.returncode == 0


def test_unknown_command_rc(sh):
    assert sh("nosuchcmd").returncode == 127
    r = sh("/x/y")
    assert (r.stderr, r.returncode) == ("bash: /x/y: No such file or directory\n", 127)


def test_syntax_error(sh):
    r = sh("echo a; ;")
    assert (r.stdout, r.stderr, r.returncode) == ("", "bash: syntax error near unexpected token `;'\n", 2)


def test_set_e(sh):
    r = sh("set -e\necho a\nfalse\necho b")
    assert (r.stdout, r.returncode) == ("a\n", 1)


def test_heredoc_and_files(sh):
    r = sh("cat <<EOF > /tmp/x\na $HOME\nEOF\necho more >> /tmp/x")
    assert r.returncode == 0
    assert sh("cat /tmp/x").stdout == "a /root\nmore\n"


def test_proc_sys(ctx, sh):
    assert sh("echo 1 > /proc/sys/net/ipv4/ip_forward").returncode == 0
    assert ctx.netns.sysctls["net.ipv4.ip_forward"] == "1"
    r = sh("echo abc > /proc/sys/net/ipv4/ip_forward")
    assert (r.stderr, r.returncode) == ("bash: echo: write error: Invalid argument\n", 1)


def test_runaway_recursion_and_big_numbers_are_bounded(sh):
    r = sh('f() { echo $(f); }; f; echo after')
    assert "maximum function nesting level exceeded" in r.stderr and r.stdout.endswith("after\n")
    r = sh('echo "bash /tmp/s" > /tmp/s; bash /tmp/s; echo rc=$?')
    assert r.stdout == "rc=1\n" and "maximum nesting level" in r.stderr
    assert sh("echo $((2**64)) $((10**999999999 % 7))").returncode == 0
    assert sh("while true; do :; done").returncode == 1
