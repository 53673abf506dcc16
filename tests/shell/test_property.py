"""Property tests: random and mutated command lines never raise, never show an internal error, and a
failing simple command leaves the file system and the sysctls unchanged."""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib.shell.fs import get_fs
from course_lib.shell.interpreter import run_script
from shell_helpers import make_ctx

WORDS = ["echo", "printf", "cat", "grep", "head", "tail", "wc", "sort", "uniq", "cut", "awk", "tr",
         "base64", "mkdir", "ls", "rm", "cp", "mv", "touch", "seq", "test", "[", "]", "cd", "export",
         "unset", "set", "true", "false", "sleep", "sudo", "env", "date", "uname", "id", "xargs",
         "tee", "chmod", "basename", "dirname", "read", "bash", "-c", "for", "in", "do", "done", "if",
         "then", "else", "fi", "while", "case", "esac", "{", "}", "!", "-n", "-e", "-p", "-r", "-f", "-l",
         "-i", "-v", "-E", "-c", "-w", "-d", "-k2", "-t:", "-F:", "-1", "+2", "3", "0", "-", "--",
         "/etc/hosts", "/etc/resolv.conf", "/proc/sys/net/ipv4/ip_forward", "/tmp", "/tmp/x", "/x/y",
         "/", ".", "..", "*", "/etc/*", "a", "b", "x y", "'q'", '"d $X"', "$X", "${X:-1}", "$(echo a)",
         "`echo b`", "$?", "$((1+2))", "{1..3}", "'{print $1}'", "%s", "%d", "\\n", "1", "abc",
         "ns$i", "=", "X=1", "i", "sed", "'s/a/b/g'", "-i", "find", "-name", "[[", "]]", "((", "))",
         "==", "=~", "-eq", "$((i++))", "((i<3))", "less", "more", "clear", "realpath", "ip", "link",
         "addr", "netns", "add", "exec", "red", "sysctl", "-w", "net.ipv4.ip_forward=1", "hostname"]
OPS = [" ", " ", " ", "; ", " && ", " || ", " | ", " > /tmp/o ", " >> /tmp/o ", " < /etc/hosts ",
       " 2>&1 ", " 2>/dev/null ", " <<< x ", "\n", " & ", " ( ", " ) ", " <<EOF\nbody $X\nEOF\n"]
NOISE = list("'\"`$(){}[];&|<>\\#*?~=\n\t -") + ["$(", "${", "<<", "&&", "||", ";;"]

def random_line(seed: int) -> str:
    """A command line of learners' words and shell operators (built from a seed: cheap to generate)."""
    rnd = random.Random(seed)
    return "".join(rnd.choice(WORDS) + rnd.choice(OPS) for _ in range(rnd.randint(1, 8)))


def mutated_line(seed: int) -> str:
    """A random line with characters deleted and shell metacharacters inserted."""
    rnd = random.Random(seed)
    text = random_line(seed)
    for _ in range(rnd.randint(1, 5)):
        pos = rnd.randint(0, len(text))
        if rnd.random() < 0.5 and text:
            text = text[:pos] + text[pos + 1:]
        else:
            text = text[:pos] + rnd.choice(NOISE) + text[pos:]
    return text


def _check(script: str) -> None:
    ctx = make_ctx()
    ctx.netns.sysctls["net.ipv4.ip_forward"] = "0"
    result = run_script(ctx, script)
    assert isinstance(result.stdout, str) and isinstance(result.stderr, str)
    assert isinstance(result.returncode, int) and 0 <= result.returncode <= 255
    assert "internal error" not in result.stderr, (script, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout


@settings(max_examples=4000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 2 ** 32))
def test_random_lines_never_raise(seed: int) -> None:
    _check(random_line(seed))


@settings(max_examples=4000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 2 ** 32))
def test_mutated_lines_never_raise(seed: int) -> None:
    _check(mutated_line(seed))


SIMPLE = ["mkdir", "rm", "rmdir", "cp", "mv", "touch", "cat", "ls", "grep", "sort", "cut",
          "head", "tail", "tr", "base64", "seq", "wc", "uniq", "awk", "echo", "printf"]
OPTS = ["-p", "-r", "-f", "-x", "-z", "-n", "-d", "-1", "-v", "-a", "-l", "-c"]
PATHS = ["/tmp/a", "/tmp/a/b", "/tmp/a/f", "/x/y", "/etc", "/etc/hosts", "/proc/sys", "''", "nofile",
         "/proc/sys/net/ipv4/ip_forward", "/", "/proc/sys/net/ipv4/nope", "/tmp/a/f/g"]


@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(SIMPLE), st.lists(st.sampled_from(OPTS), max_size=2), st.sampled_from(PATHS))
def test_failing_command_leaves_state_unchanged(cmd: str, opts: list[str], path: str) -> None:
    """A command with one path operand that fails changes nothing (multi-operand commands may
    partly succeed, as in coreutils)."""
    args = opts + [path]
    ctx = make_ctx()
    fs = get_fs(ctx.machine)
    run_script(ctx, "mkdir -p /tmp/a && echo data > /tmp/a/f")
    before_fs, before_sysctls = dict(fs.nodes), dict(ctx.netns.sysctls)
    result = run_script(ctx, " ".join([cmd] + args))
    assert "internal error" not in result.stderr
    if result.returncode != 0:
        assert dict(fs.nodes) == before_fs, (cmd, args)
        assert ctx.netns.sysctls == before_sysctls
