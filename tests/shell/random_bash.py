"""Seeded random small bash scripts, run by the simulated shell and by the real bash 5.2, compared.

`random_script(seed)` is a pure function of the seed: a few variables and arrays set up, then statements a
learner writes (quoting, parameter expansions, arithmetic, loops, case, functions, here-documents, arrays,
declare attributes, printf formats, test and [[ ]], set -e/-u/-o pipefail, subshells, redirections to
files in the script's own directory), each printing what it did; seeds from 1000 on more of them, from 2000 on
traps (ERR, DEBUG, RETURN, a subshell's EXIT), $LINENO, $BASH_COMMAND, the call stack (FUNCNAME, BASH_LINENO,
BASH_SOURCE, caller), set -E/-T, eval and source. No network, no file outside the directory, nothing that depends
on time, pids or $RANDOM.

`compare(seed)` runs the script in real `bash --norc --noprofile -c` (cwd a fresh temp dir) and in the
simulation (the same directory made and entered first), and gives the unified diff of the transcripts
(stdout, stderr, status; '' when they agree). Real bash -c names the line of an error (`bash: line 3: `);
the course's terminal does not (README: a lab.run line's errors read as an interactive terminal's), so
that prefix is dropped from the real side's stderr before comparing.

    python tests/shell/random_bash.py 1-200          # every seed, the differing ones' diffs
    python tests/shell/random_bash.py 17 --show      # the script of seed 17
"""
from __future__ import annotations

import difflib
import random
import signal
import subprocess
import sys
import tempfile

from shell_helpers import drop_line_numbers, make_ctx, terminal_signals

NAMES = ("a", "b", "s", "n", "x")
WORDS = ("foo", "bar baz", "a*b", "Hello World", "x-y_z", "", "  two  spaces ", "it's", "10", "-3", "007",
         "path/to/file.txt", "a,b,c", "UPPER lower")
PATTERNS = ("*", "?", "f*", "*o", "[ab]*", "*.txt", "*/", "a", "o*", "[[:upper:]]*", "*[0-9]")


def _q(text: str) -> str:
    """text as one single-quoted bash word."""
    return "'" + text.replace("'", "'\\''") + "'"


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.depth = 0
        self.extended = seed >= 1000        # seeds from 1000 on draw MORE's statements too (1-999 stay as found)
        self.traced = seed >= 2000          # seeds from 2000 on TRACE's too (traps, $LINENO, the call stack)

    def pick(self, items):
        return self.rng.choice(list(items))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # ---- pieces ---------------------------------------------------------------------------------
    def value(self) -> str:
        roll = self.rng.random()
        if roll < 0.4:
            return _q(self.pick(WORDS))
        if roll < 0.6:
            return str(self.rng.randint(-5, 40))
        if roll < 0.75:
            return f'"${self.pick(NAMES)}{self.pick(["", "x", " y"])}"'
        if roll < 0.85:
            return f"$(({self.arith()}))"
        return f'"$(echo {self.pick(["hi", "$a", "a b", "${#s}"])})"'

    def param(self) -> str:
        v = self.pick(NAMES)
        p = self.pick(PATTERNS)
        ops = [f"${v}", f"${{{v}}}", f"${{#{v}}}", f"${{{v}:-dflt}}", f"${{{v}-dflt}}", f"${{{v}:+set}}",
               f"${{{v}+set}}", f"${{{v}#{p}}}", f"${{{v}##{p}}}", f"${{{v}%{p}}}", f"${{{v}%%{p}}}",
               f"${{{v}/o/0}}", f"${{{v}//[ab]/X}}", f"${{{v}/#f/F}}", f"${{{v}/%o/O}}", f"${{{v}^}}", f"${{{v}^^}}",
               f"${{{v},,}}", f"${{{v}~~}}", f"${{{v}:1}}", f"${{{v}:1:2}}", f"${{{v}: -2}}", f"${{{v}:0:-1}}",
               f"${{{v}@Q}}", f"${{{v}@U}}", f"${{{v}@L}}", f"${{{v}@u}}", f"${{{v}@A}}", f"${{{v}@a}}",
               f"${{{v}:=new}}", "${arr[1]}", "${arr[@]}", "${#arr[@]}", "${!arr[@]}", "${arr[-1]}",
               "${arr[@]:1}", "${arr[*]}", "${m[k1]}", "${!m[@]}", "${#m[@]}", "${arr[@]@Q}", "${arr[@]^}",
               "${arr[@]#?}", "${arr[@]/a/A}"]
        return self.pick(ops)

    def arith(self) -> str:
        if self.depth > 2 or self.chance(0.3):
            return self.pick([str(self.rng.randint(-3, 20)), self.pick(NAMES), "n", "i", "0x1f", "010", "2#101",
                              "arr[1]", "${#s}", "RANDOMLESS"])
        self.depth += 1
        op = self.pick(["+", "-", "*", "/", "%", "**", "<<", ">>", "&", "|", "^", "<", ">=", "==", "!=", "&&", "||"])
        left, right = self.arith(), self.arith()
        self.depth -= 1
        form = self.rng.random()
        shapes = ((0.1, "({l} {op} {r})"), (0.15, "{l} ? {r} : 7"), (0.2, "-{l}"), (0.25, "!{l}"), (1.0, "{l} {op} {r}"))
        return next(shape for limit, shape in shapes if form < limit).format(l=left, op=op, r=right)

    def cond(self) -> str:
        v, w = self.pick(NAMES), self.pick(NAMES)
        roll = self.rng.random()
        if roll < 0.35:
            op = self.pick(["-z", "-n"])
            return self.pick([f'[ {op} "${v}" ]', f'[[ {op} ${v} ]]', f'test {op} "${v}"'])
        if roll < 0.6:
            op = self.pick(["=", "!=", "==", "<", ">"])
            escaped = op.replace("<", "\\<").replace(">", "\\>")
            return self.pick([f'[[ ${v} {op} ${w} ]]', f'[ "${v}" {escaped} "${w}" ]',
                              f'[[ "${v}" {op} {self.pick(PATTERNS)} ]]'])
        if roll < 0.8:
            op = self.pick(["-eq", "-ne", "-lt", "-le", "-gt", "-ge"])
            return self.pick([f'[ "${v}" {op} {self.rng.randint(-2, 12)} ]', f'[[ ${v} {op} ${w} ]]',
                              f"(( {self.arith()} ))"])
        if roll < 0.9:
            return self.pick([f'[[ ${v} =~ ^[a-z]+$ ]]', f'[[ ${v} =~ ([0-9]+) ]]', f'[[ ${v} =~ o(.)$ ]]'])
        return self.pick([f"[ -f out.txt ]", "[ -d sub ]", "[ -e nofile ]", "[[ -s out.txt && ! -d out.txt ]]",
                          "[ ! -z x -a -n y ]", "[ 1 -eq 1 -o 2 -eq 3 ]"])

    def printf(self) -> str:
        fmt = self.pick(["%s\\n", "[%5s]\\n", "[%-5s]\\n", "%d\\n", "%05d\\n", "%x %X %o\\n", "%c|\\n", "%b\\n",
                         "%q\\n", "%%%s%%\\n", "%.2f\\n", "[%.3s]\\n", "%s-%s\\n", "%i %u\\n", "%e\\n", "%+d\\n",
                         "%#x\\n", "[%*d]\\n", "%s\\t%s\\n"])
        args = " ".join(self.pick([f'"${self.pick(NAMES)}"', str(self.rng.randint(-9, 300)), "abc", "'a b'",
                                   "0x10", "3.14159", "'\\t|\\n'", "1e3", "x1"])
                        for _ in range(self.rng.randint(0, 3)))
        return f"printf '{fmt}' {args}".rstrip()

    # ---- statements -----------------------------------------------------------------------------
    def statement(self) -> str:
        kinds = ["assign", "echo", "echo", "arith", "if", "for", "while", "case", "func", "heredoc", "array",
                 "declare", "printf", "printf", "subshell", "redirect", "rc", "read", "misc", "assoc"]
        if self.extended:
            kinds += ["more", "more", "more", "more"]
        if self.traced:
            kinds += ["trace", "trace", "trace", "trace", "trace"]
        return getattr(self, "st_" + self.pick(kinds))()

    def st_assign(self) -> str:
        v = self.pick(NAMES)
        return self.pick([f"{v}={self.value()}", f"{v}+={self.value()}", f"{v}={self.value()}; echo \"[{self.param()}]\""])

    def st_echo(self) -> str:
        words = " ".join(self.pick([self.param(), f'"{self.param()}"', f"'{self.param()}'", "x\\ y", '"$@"', "$#",
                                    "*.txt", "{a,b}{1,2}", "{1..4}", "~/x", "\\$a"]) for _ in range(self.rng.randint(1, 3)))
        return self.pick(["echo ", "echo -n ", "echo -e ", "echo "]) + words + self.pick(["", "", "; echo"])

    def st_arith(self) -> str:
        v = self.pick(NAMES)
        return self.pick([f"echo $(( {self.arith()} ))", f"(( {v} = {self.arith()} )); echo $? ${v}",
                          f"(( {v}++ )); echo $? ${v}", f"let {v}+=3 '{v}*=2'; echo $? ${v}",
                          f"echo $(( {v} += 2 )) $(( --{v} ))", f"echo $[ {self.arith()} ]",
                          f"declare -i {v}; {v}='{self.arith()}'; echo ${v}"])

    def body(self) -> str:
        return "; ".join(self.pick([f"echo {self.param()}", self.printf(), f"echo $(( {self.arith()} ))"])
                         for _ in range(self.rng.randint(1, 2)))

    def st_if(self) -> str:
        tail = self.pick(["", f"; else {self.body()}", f"; elif {self.cond()}; then {self.body()}"])
        return f"if {self.cond()}; then {self.body()}{tail}; fi; echo rc=$?"

    def st_for(self) -> str:
        items = self.pick(['1 2 3', '$s', '"$s"', '${arr[@]}', '"${arr[@]}"', '{3..1}', '*.txt'])
        return self.pick([f"for i in {items}; "
                          f"do echo \"<$i>\"; done",
                          f"for ((i = 0; i < {self.rng.randint(0, 4)}; i++)); do echo -n \"$i \"; done; echo",
                          "for i in a b c; do [ $i = b ] && continue; echo $i; done",
                          "for i in 1 2 3; do for j in x y; do [ $j = y ] && break 2; echo $i$j; done; done"])

    def st_while(self) -> str:
        return self.pick(["i=0; while (( i < 3 )); do echo w$i; (( i++ )); done",
                          "i=3; until [ $i -le 0 ]; do echo u$i; i=$((i - 1)); done",
                          "printf 'l1 a\\nl2 b\\n' | while read -r k v; do echo \"$v=$k\"; done",
                          "while IFS=, read -r p q; do echo \"$q|$p\"; done <<< 'a,b\nc,d'"])

    def st_case(self) -> str:
        v = self.pick(NAMES)
        arms = " ".join(f"{p}) echo {i};;" for i, p in enumerate(self.rng.sample(
            ["f*", "*o", "[0-9]*", "a|b", "''", "*' '*", "?", "-*", "*[!a-z]*"], 3)))
        return f'case "${v}" in {arms} *) echo other;; esac'

    def st_func(self) -> str:
        name = self.pick(["f", "g"])
        body = self.pick(["echo $# \"$1\" \"${2:-none}\"", "local a=in; echo $a; return 3",
                          "echo \"$@\"; shift; echo \"$*\"", "local -i n=5; n+=2; echo $n",
                          "echo ${FUNCNAME[0]} $1; return $(( $# + 1 ))", "(( $1 > 2 ))"])
        args = self.pick(["", "x", "'a b' c", "1 2 3", '"$s"', "$s"])
        return f"{name}() {{ {body}; }}; {name} {args}; echo rc=$? a=$a"

    def st_heredoc(self) -> str:
        quoted = self.chance(0.3)
        delim = "'EOF'" if quoted else "EOF"
        return f"cat <<{self.pick(['', '-'])}{delim}\n{self.param()} and $(( {self.arith()} ))\n\tline \\$x `echo bq`\nEOF"

    def st_array(self) -> str:
        return self.pick(["arr+=(new 'sp ace')", f"arr[{self.rng.randint(0, 6)}]={self.value()}",
                          "unset 'arr[1]'", "echo ${#arr[@]} ${!arr[*]}", "for e in \"${arr[@]}\"; do echo \"[$e]\"; done",
                          "arr=($s); echo ${#arr[@]}", "echo \"${arr[@]:1:2}\"", "declare -p arr",
                          "read -ra arr <<< 'p q  r'; echo ${arr[2]}", "mapfile -t arr <<< $'l1\\nl2'; declare -p arr"])

    def st_assoc(self) -> str:
        return self.pick(["m[k3]=three; echo ${m[k3]} ${#m[@]}", "for k in \"${!m[@]}\"; do echo \"$k=${m[$k]}\"; done | sort",
                          "unset 'm[k1]'; echo ${#m[@]}", "declare -p m", "echo ${m[nokey]:-none}",
                          "[[ -v m[k2] ]] && echo has", "m+=([k4]=four); echo ${m[k4]}"])

    def st_declare(self) -> str:
        v = self.pick(["d1", "d2"])
        return self.pick([f"declare -l {v}='MiXed'; echo ${v}", f"declare -u {v}=up; {v}+=more; echo ${v}",
                          f"declare -r {v}=ro; {v}=again; echo rc=$? ${v}", f"readonly {v}=1; unset {v}; echo $?",
                          f"declare -i {v}=7*6; echo ${v}", f"declare {v}=plain; declare -p {v}",
                          f"declare -x {v}=exp; declare -p {v}", "declare -p s n", "declare -a e=(1 2); declare -p e",
                          f"{v}=z; echo ${{{v}@A}}", "declare -i q=abc; echo $q"])

    def st_printf(self) -> str:
        return self.printf() + self.pick(["", "; echo rc=$?"])

    def st_subshell(self) -> str:
        v = self.pick(NAMES)
        return self.pick([f"( {v}=sub; echo ${v} ); echo ${v}", f"{{ {v}=grp; echo ${v}; }}; echo ${v}",
                          f"echo $( {v}=cs; echo ${v} ) ${v}", "( exit 4 ); echo $?", "( set -e; false; echo no ); echo $?",
                          "x=$(false); echo $?", "echo $(echo a; echo b) \"$(echo c; echo)\"|",
                          "(echo o; echo e >&2) 2>&1 | tr a-z A-Z"])

    def st_redirect(self) -> str:
        return self.pick([f"echo {self.param()} > out.txt; cat out.txt", "echo more >> out.txt; wc -l < out.txt",
                          "ls nofile 2> err.txt; echo $?; cat err.txt", "cat < out.txt 2>&1", "mkdir -p sub; ls",
                          "echo x > sub/f.txt; ls sub; echo *.txt", "exec 3>fd.txt; echo three >&3; exec 3>&-; cat fd.txt",
                          "{ echo a; echo b >&2; } > both.txt 2>&1; cat both.txt", "cat nofile 2>/dev/null || echo missing",
                          "echo hi | tee t.txt | wc -c; cat t.txt"])

    def st_rc(self) -> str:
        return self.pick(["false; echo $?", "true && echo and || echo or", "false || echo or", "! true; echo $?",
                          "nosuchcmd; echo $?", "false | true; echo $? ${PIPESTATUS[@]}",
                          "set -o pipefail; false | true; echo $?; set +o pipefail",
                          "set -u; echo ${undef_var}; echo after", "set -e; false; echo not", "(set -e; false); echo $?",
                          "exit 3", "return 2; echo $?", "cd nodir; echo $?", "shift 5; echo $?",
                          "trap 'echo trapped $?' EXIT", "trap 'echo err $?' ERR; false; trap - ERR",
                          "set -e; if false; then :; fi; echo ok; set +e"])

    def st_read(self) -> str:
        return self.pick(["read -r p q <<< 'one two three'; echo \"$p|$q\"", "read p <<< '  lead'; echo \"[$p]\"",
                          "IFS=: read -r p q <<< 'a:b:c'; echo $p $q", "echo 'x y' | { read p q; echo $q; }",
                          "read -n 2 p <<< abcdef; echo $p", "read -d , p <<< 'ab,cd'; echo $p"])

    def st_misc(self) -> str:
        return self.pick(["set -- p 'q r' s; echo $# \"$2\"", "set -- a b; shift; echo $1", "IFS=,; set -- $'a,b'; echo $#; unset IFS",
                          "echo ${#}", "unset s; echo ${s-unset}", "type echo", "eval 'echo ev $n'",
                          "x=5; y=x; echo $(( y + 1 ))", "echo $(( n / 0 ))", "echo ${s:?must}",
                          "echo \"${s//\\//_}\"", "printf -v pv '%03d' 7; echo $pv", "echo $'tab\\tnl'",
                          "echo \"$(( 2**10 )) $(( -7 / 2 )) $(( -7 % 3 ))\"", "shopt -s nullglob; echo none*; shopt -u nullglob",
                          "echo ${s@Q} ${n@Q}", "local q=1; echo $?", "unset nothing; echo $?", "echo {a..e..2} {05..10..3}"])

    MORE = ("case $a in f*) echo one;& b*) echo two;; *) echo three;; esac",
            "case $n in 1*) echo one;;& *2) echo two;;& *) echo any;; esac",
            "getopts ab: o -b val; echo $? $o $OPTARG $OPTIND",
            "set -- -a -b x y; while getopts ab: o; do echo $o ${OPTARG-}; done; shift $((OPTIND-1)); echo $@",
            "printf -v out '%s-%s' \"$a\" \"$n\"; echo \"$out\"", "echo \"${s// /_}\" \"${s/#H/J}\" \"${s%%o*}\"",
            "x=(\"$s\" $b); echo ${#x[@]} \"${x[1]}\"", "f() { local IFS=,; echo \"$*\"; }; f a b c",
            "fact() { (( $1 <= 1 )) && echo 1 && return; echo $(( $1 * $(fact $(( $1 - 1 ))) )); }; fact 5",
            "IFS=: read -ra parts <<< 'a:b::c'; echo ${#parts[@]} \"${parts[2]}\"", "echo ${#s} ${s:0:1}${s: -1}",
            "test 1 -lt 2 -a a = a; echo $?; [ \\( 1 -eq 1 \\) ]; echo $?", "[ abc \\< abd ]; echo $?; [[ 10 < 9 ]]; echo $?",
            "echo $(( 7 / 2 )) $(( -7 / 2 )) $(( 7 % -3 )) $(( 2 ** 62 * 4 ))",
            "for ((i=0, j=10; i<j; i+=3, j-=3)); do echo $i $j; done",
            "echo \"$(printf '%s\\n' a b | sort -r | head -1)\"", "v=$(cat <<< 'here'); echo $v",
            "echo \"${a:-$(echo sub)}\" ${undef:-${n}x}", "str='a b c'; set -- $str; echo $# $2",
            "echo -e 'a\\tb\\x41\\0101'; echo -E 'a\\tb'", "printf '%s\\n' \"${arr[@]/#/pre-}\"",
            "unset arr[0]; echo ${#arr[@]} ${!arr[@]}", "arr=([3]=c [1]=a); echo ${arr[@]} ${!arr[@]}",
            "typeset -u t=abc; echo $t; typeset +u t; t=xyz; echo $t", "echo $(( 0x10 + 010 + 2#11 + 36#z ))",
            "let 'x = 5, y = x * 2'; echo $x $y", "echo \"${@:-none}\" \"${*:-none}\"", "s2=${s,,}; echo ${s2^}",
            "n2=$(( n > 10 ? n - 10 : n + 10 )); echo $n2", "while read -r w; do echo \"<$w>\"; done <<< \"$s\"",
            "echo ${s/World/$'\\t'}|", "[[ $s == *World ]] && echo suffix; [[ $s != H* ]] || echo prefix")

    def st_more(self) -> str:
        return self.pick(self.MORE)

    # traps (ERR, DEBUG, RETURN, EXIT of subshells), $LINENO, $BASH_COMMAND, FUNCNAME/BASH_LINENO/BASH_SOURCE,
    # caller, set -E/-T, eval, source; each leaves no trap or option set behind it
    TRACE = ("echo L$LINENO", "echo a \\\n  $LINENO b", "echo $((LINENO * 2)) ${LINENO}",
             "f() { echo \"$LINENO ${FUNCNAME[*]} ${BASH_LINENO[*]} ${BASH_SOURCE[*]}\"; caller; caller 0; }; f; "
             "g() { f; }; g",
             "fl() {\n  echo \"fl $LINENO\"\n  caller 0\n}\nfl",
             "trap 'echo \"E $LINENO [$BASH_COMMAND] $?\"' ERR; false; (exit 3); x=$(false); trap - ERR",
             "trap 'echo \"E [$BASH_COMMAND] $LINENO\"' ERR\nif false; then :; fi\nfalse && true\n[[ a == b ]]\n"
             "(( 0 ))\nfalse || false\ntrap - ERR",
             "trap 'echo \"D $LINENO [$BASH_COMMAND]\"' DEBUG; x=1; echo $x | cat; for i in 1 2; do :; done; "
             "case a in a) :;; esac; trap - DEBUG",
             "trap 'echo \"D [$BASH_COMMAND]\"' DEBUG\nfor ((i = 0; i < 2; i++)); do\n  [[ $i == 1 ]] && echo one\ndone\n"
             "trap - DEBUG",
             "fr() { trap 'echo \"R $LINENO ${FUNCNAME[*]} $?\"' RETURN; echo in; return 2; }; fr; echo rc=$?; "
             "trap - RETURN",
             "trap 'echo \"R [$BASH_COMMAND] $?\"' RETURN; fn() { :; }; fn; . /dev/null; trap - RETURN",
             "set -E; trap 'echo \"E ${FUNCNAME[0]-top} $LINENO $?\"' ERR; h() { false; }; h; x=$(false); (false); "
             "set +E; trap - ERR",
             "trap 'echo \"E ${FUNCNAME[0]-top} $?\"' ERR; h() { false; echo in h; }; h; trap - ERR",
             "set -T; trap 'echo \"D [$BASH_COMMAND] ${FUNCNAME[0]-top}\"' DEBUG; k() { echo k; }; k; trap - DEBUG; "
             "set +T",
             "eval $'echo e$LINENO\\necho e$LINENO'; echo $LINENO", "x=$(\necho $LINENO\n); echo $x $LINENO",
             "for i in 1 2; do\n  echo \"$i:$LINENO\"\ndone",
             "( trap 'echo sub-exit $?' EXIT; echo in; exit 4 ); echo rc=$?",
             "echo \"$(trap 'echo cs-exit' EXIT; echo cs)\"", "trap 'echo x' USR1; (trap); trap -p USR1; trap - USR1",
             "printf 'echo s$LINENO ${BASH_SOURCE[0]} ${BASH_LINENO[0]}\\ncaller\\nreturn 5\\necho no\\n' > src.sh; "
             ". ./src.sh; echo rc=$?",
             "caller; echo rc=$?; fc() { caller 0; echo rc=$?; caller x; echo rc=$?; }; fc",
             "echo $-; set -E; set -o functrace; echo $-; set +ET", "echo \"[$BASH_COMMAND]\"",
             "fa() { echo \"${FUNCNAME[@]}\"; }; fb() { fa | cat; x=$(fa); echo \"$x\"; }; fb",
             "cat <<EOF\nline $LINENO\nEOF\necho after $LINENO", "LINENO=5; echo $LINENO",
             "return 1; echo $?; fz() { return; }; fz; echo $?")

    def st_trace(self) -> str:
        return self.pick(self.TRACE)

    def script(self) -> str:
        lines = ["a=foo", "b='bar baz'", "s='Hello World'", "n=12", "x=", "arr=(one two 'three four')",
                 "declare -A m=([k1]=v1 [k2]='v 2')", "touch a.txt b.txt"]
        lines = self.rng.sample(lines, self.rng.randint(5, len(lines)))
        lines.sort(key=lambda line: line.startswith("touch"))
        for _ in range(self.rng.randint(4, 9)):
            lines.append(self.statement())
        lines.append("echo end $?")
        return "\n".join(lines) + "\n"


def random_script(seed: int) -> str:
    """The script of one seed; the same seed always gives the same script."""
    return Gen(seed).script()


def run_real(script: str, cwd: str) -> tuple[str, str, int]:
    """(stdout, stderr, status) of `bash --norc --noprofile -c SCRIPT` in cwd, its `line N: ` prefixes dropped."""
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LANG": "C.UTF-8", "TERM": "xterm"}
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True, text=True,
                          env=env, timeout=30, cwd=cwd, stdin=subprocess.DEVNULL,
                          preexec_fn=terminal_signals)
    return proc.stdout, drop_line_numbers(proc.stderr), proc.returncode


def run_sim(script: str, cwd: str) -> tuple[str, str, int]:
    from course_lib.shell.interpreter import run_script
    ctx = make_ctx()
    run_script(ctx, f"mkdir -p {cwd} && cd {cwd}")
    result = run_script(ctx, script)
    return result.stdout, result.stderr, result.returncode


def transcript(answer: tuple[str, str, int]) -> list[str]:
    out, err, rc = answer
    return [f"out: {line}" for line in out.split("\n")] + [f"err: {line}" for line in err.split("\n")] + [f"rc {rc}"]


def compare(seed: int) -> tuple[str, str]:
    """(script, diff of real bash's transcript and the simulation's: '' when the same)."""
    script = random_script(seed)
    with tempfile.TemporaryDirectory(prefix="rbash") as cwd:
        real = run_real(script, cwd)
    sim = run_sim(script, cwd)
    if real == sim:
        return script, ""
    return script, "\n".join(difflib.unified_diff(transcript(real), transcript(sim), "bash", "sim", lineterm=""))


class _Hung(Exception):
    pass


def _hung(signum: int, frame: object) -> None:
    raise _Hung()


def main(argv: list[str]) -> int:
    first, _, last = argv[0].partition("-")
    failed = 0
    signal.signal(signal.SIGALRM, _hung)
    for seed in range(int(first), int(last or first) + 1):
        if "--show" in argv:
            print(f"# seed {seed}\n{random_script(seed)}")
            continue
        signal.alarm(60)                    # a script the simulation never ends is a finding too
        try:
            script, diff = compare(seed)
        except _Hung:
            script, diff = random_script(seed), "the simulation did not end within 60 s"
        finally:
            signal.alarm(0)
        if diff:
            failed += 1
            print(f"===== seed {seed}\n{script}{diff}\n")
    print(f"{failed} differing", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
