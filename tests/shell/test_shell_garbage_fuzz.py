"""Property: shell constructs a learner gets wrong (arithmetic, here-documents without their end, parameter
expansions, globs, redirections to bad paths, deep nesting) never raise; a redirection that fails leaves the files
as they were. Extends tests/shell/test_property.py (learners' words and operators) with bash's grammar."""
from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from course_lib.shell.fs import get_fs
from course_lib.shell.interpreter import run_script
from tests.fuzz_support import BAD_VALUES, check_result, fixed
from tests.shell.shell_helpers import make_ctx

ARITH = ["$((", "$((1+))", "$((1/0))", "$((2**64))", "$((x=))", "$((08))", "$((10#8a))", "$((1?2))", "$((-2**63/-1))",
         "$((1<<99999))", "$(( (1 ))", "$((a[))", "$((i++ ++))", "$(( 1, ))", "$((${x:-}))", "$((\"1\"))", "$[1+]",
         "((", "(( 1 + ))", "((x=5/0))", "(( ))", "let", "let x=", "let 'x=1+'"]
PARAM = ["${x:?}", "${x:?oops}", "${x", "${!x}", "${x/}", "${x:1:-9}", "${x:z}", "${#}", "${#x[}", "${x[@]:1:}",
         "${x^^}", "${x,,", "${x//[/}", "${@:0:-1}", "${x:=1}", "${1:?}", "${x@Q}", "${x@}", "${}", "${ x}", "$",
         "${x:-$(echo)}", "${x#*}", "${x%%[}", "${!}", "${-}", "${$}"]
GLOBS = ["*", "/etc/*", "/nonexistent/*", "[a-", "[!]", "?", "/tmp/**", "{a,b", "{1..3..0}", "{a..}", "{z..a}",
         "{1..99999999}", "~nosuch", "~", "*.[ch]", "[[:alpha:]]", "[[:nope:]]"]
TARGETS = ["/nonexistent/f", "/etc", "''", "/proc/sys/net/ipv4/nope", "/proc/sys/net/ipv4/ip_forward", "/dev/null",
           "/tmp/a/f/g", "/", "/tmp/o", "$nosuch", "/tmp/*", "-"]
REDIRS = [">", ">>", "<", "2>", "&>", "<>", ">|", "2>&1 >", "<<<", "3>", "9<"]
COMMANDS = ["echo x", "cat", "printf '%d' abc", "true", "false", "ls", "read v", "exec", ":", "grep a", "sort",
            "printf '%*d' 99999999999 1", "read -t -1 v", "exit 300", "exit -1", "return 5", "shift 9",
            "set -o nope", "declare -A a", "unset -f", "cd /nope", "exec 3>/nope/x", "exec 99<&0", "eval 'echo ('",
            "trap 'echo' BAD", "wait 12345", "test 1 -eq", "[ a = ]", "[[ 1 -eq ]]", "[[ a =~ ( ]]", "local x",
            "break", "continue 0", "source /nope", ". /etc/hosts", "command -v", "type nosuch", "hash -r", "f(){ f; }; f"]
OPENERS = [("{ ", "; }"), ("( ", " )"), ("$(", ")"), ("if true; then ", "; fi"), ("while true; do ", "; break; done"),
           ("for i in 1; do ", "; done"), ("case x in x) ", ";; esac"), ('"', '"'), ("`", "`"), ("f() { ", "; }; f")]
HEREDOCS = ["cat <<EOF\nabc", "cat <<'EOF'\nabc\nEO", "cat <<-EOF\n\tx\n\tEOF", "cat <<EOF <<EOG\na\nEOF\n",
            "cat << \nx", "cat <<EOF\n$(echo\nEOF", "cat <<EOF\n${x:?}\nEOF", "cat <<<", "cat <<< $(("]


def garbage_line(rng: random.Random) -> str:
    """A command with bad pieces, redirections and nesting, sometimes cut short or given a stray quote."""
    parts = [rng.choice(COMMANDS)]
    for _ in range(rng.randint(0, 3)):
        pick = rng.randrange(5)
        if pick == 0:
            parts.append(rng.choice(ARITH))
        elif pick == 1:
            parts.append(rng.choice(PARAM))
        elif pick == 2:
            parts.append(rng.choice(GLOBS))
        elif pick == 3:
            parts.append(rng.choice(REDIRS) + " " + rng.choice(TARGETS))
        else:
            parts.append(rng.choice(BAD_VALUES))
    line = " ".join(parts)
    if rng.random() < 0.15:
        line = rng.choice(HEREDOCS) + ("\n" + line if rng.random() < 0.5 else "")
    depth = rng.choice([0, 0, 1, 2, 5, 30, 150, 300])
    for _ in range(depth):
        opener, closer = rng.choice(OPENERS)
        line = opener + line + (closer if rng.random() > 0.02 else "")
    if rng.random() < 0.1 and line:
        line = line[:rng.randrange(len(line))]
    return line


@fixed(4000)
@given(st.integers(0, 2 ** 32 - 1))
def test_garbage_lines_never_raise(seed: int) -> None:
    line = garbage_line(random.Random(seed))
    check_result(line, run_script(make_ctx(), line))


@fixed(300)
@given(st.sampled_from(COMMANDS[:12]), st.sampled_from(REDIRS), st.sampled_from(TARGETS))
def test_failed_redirection_changes_no_file(command: str, redir: str, target: str) -> None:
    """bash opens redirections before running the command: when one fails, nothing ran and no file changed."""
    ctx = make_ctx()
    run_script(ctx, "mkdir -p /tmp/a && echo data > /tmp/a/f")
    fs = get_fs(ctx.machine)
    before = dict(fs.nodes)
    result = run_script(ctx, f"{command} {redir} {target}")
    check_result(command, result)
    if result.returncode != 0 and ("No such file" in result.stderr or "Is a directory" in result.stderr
                                   or "ambiguous redirect" in result.stderr):
        assert dict(fs.nodes) == before, (command, redir, target, result.stderr)
