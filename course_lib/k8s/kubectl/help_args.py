"""Whether a kubectl line asks for help, as cobra and pflag decide it (kubectl 1.30): which command the words name,
and what pflag says of the flags before cobra looks at --help; `kubectl help` and `kubectl options`.

A command's flags are the option blocks of its help text and of `kubectl options` (course_lib.k8s.kubectl.help):
a default of true/false is a bool, a whole number an int, a Go duration (`0s`) a duration, anything else takes a
string (--dry-run, --validate and --cascade may go without one); a command's own flag hides a global one of its
name (config set-context's --namespace has no -n). cobra's Find walks the words as its stripFlags does: a flag without `=` that is not a bool takes the next
word along unless that is the last, and the help flag counts as such a flag there (cobra adds it only to the
command it runs), so `create secret -h tls` is create secret's help. pflag then parses the whole line: the first
unknown flag, missing value or bad bool/int/duration value is the error (`See 'kubectl PATH --help' for usage.`),
else `-h`/`--help` anywhere before `--`, even in a cluster (`-Ah`), is the help; `-o -h` is only an output format.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from course_lib.docker.cli_values import go_int
from course_lib.k8s.kubectl.help import children, help_text, option_blocks

FALSE = ("0", "f", "F", "false", "FALSE", "False")                      # strconv.ParseBool's words
TRUE = ("1", "t", "T", "true", "TRUE", "True")
OPTION_HEAD = re.compile(r"    (?:-(\S), )?--([^=]+)=(.*):\n")
DURATION = re.compile(r"[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|[-+]?0")
OPTIONAL_VALUE = {"dry-run", "validate", "cascade"}       # string flags with a NoOptDefVal: no next word taken
SPECIAL = {"vmodule": "vmodule", "log-flush-frequency": "klog"}           # klog's own flag types
VMODULE = re.compile(r"(?:[^=,]+=\d+)?(?:,(?:[^=,]+=\d+)?)*")
Flag = tuple[str, str]                   # its kind (bool, int, duration, string), its shorthand ("" for none)


@lru_cache(maxsize=None)
def flags_of(path: str) -> tuple[dict[str, Flag], dict[str, str]]:
    """{long name: (kind, shorthand)}, {shorthand: long name}: the command's options, the global ones, --help."""
    longs: dict[str, Flag] = {"help": ("bool", "h")}
    shorts = {"h": "help"}
    for where in (path, "options"):
        for block in option_blocks(where):
            match = OPTION_HEAD.match(block)
            assert match is not None
            short, name, default = match.groups()
            if where == "options" and name in longs:     # a command's own flag hides the global one (-n, -s)
                continue
            kind = "bool" if default in ("true", "false") else "int" if re.fullmatch(r"-?\d+", default) else \
                "duration" if DURATION.fullmatch(default) else "string"
            kind = SPECIAL.get(name, kind)
            if name in OPTIONAL_VALUE:
                kind = "optional"
            longs[name] = (kind, short or "")
            if short:
                shorts[short] = name
    return longs, shorts


def wanted(args: list[str]) -> bool:
    """Whether --help or -h may be among the arguments kubectl itself reads (not after --); asked() tells."""
    own = args[:args.index("--")] if "--" in args else args
    return any(a.partition("=")[0] == "--help" or (a[:1] == "-" and a[1:2] != "-" and "h" in a) for a in own)


def command_key(args: list[str]) -> str:
    """The command path the words name, as cobra's Find walks them: `create deploy web` -> `create deployment`."""
    path, rest = "", list(args)
    while True:
        words = _strip_flags(rest, path)
        child = children().get(path, {}).get(words[0]) if words else None
        if child is None:
            return path
        rest.remove(words[0])
        path = child


def _strip_flags(args: list[str], path: str) -> list[str]:
    """cobra's stripFlags: the words left when the flags (and the words they take) go."""
    longs, shorts = flags_of(path)
    words: list[str] = []
    i = 0
    while i < len(args) and args[i] != "--":
        arg, i = args[i], i + 1
        name = arg[2:] if arg.startswith("--") else shorts.get(arg[1], "") if len(arg) == 2 and arg[0] == "-" else None
        if "=" not in arg and name is not None and (name == "help" or
                                                    longs.get(name, ("string", ""))[0] not in ("bool", "optional")):
            if len(args) - i <= 1:
                break
            i += 1
        elif arg and not arg.startswith("-"):
            words.append(arg)
    return words


def _bad_value(name: str, flag: Flag, value: str) -> Optional[str]:
    """pflag's Set error for a typed flag's value, or None."""
    kind, short = flag
    if kind == "bool" and value not in TRUE + FALSE:
        why = f'strconv.ParseBool: parsing "{value}": invalid syntax'
    elif kind == "int":
        why = go_int(value, 64, True) or ""
    elif kind == "vmodule" and not VMODULE.fullmatch(value):
        why = "syntax error: expect comma-separated list of filename=N"
    elif kind == "klog" and not DURATION.fullmatch(value):
        why = "parse error"
    elif kind == "duration" and not DURATION.fullmatch(value):
        why = f'time: {"missing unit in" if re.fullmatch(r"[-+]?[0-9.]+", value) else "invalid"} duration "{value}"'
    else:
        return None
    if not why:
        return None
    spelled = f"-{short}, --{name}" if short else f"--{name}"
    return f'error: invalid argument "{value}" for "{spelled}" flag: {why}'


def asked(path: str, args: list[str]) -> Optional[str]:
    """pflag's pass over the arguments before cobra looks at --help: "" when help is asked, pflag's error when
    there is one (cobra prints that instead), None when neither (-h only a flag's value, or --help=false)."""
    return _scan(path, args)[0]


def without_help(path: str, args: list[str]) -> list[str]:
    """The arguments less the help flags pflag took (`-h --help=false`: no help, and nothing left for the
    command's own parser); a -h that is another flag's value stays."""
    taken = _scan(path, args)[1]
    return [a for n, a in enumerate(args) if n not in taken]


def _scan(path: str, args: list[str]) -> tuple[Optional[str], set[int]]:
    """asked()'s answer, and the places of the arguments that are help flags alone."""
    longs, shorts = flags_of(path)
    usage = f"\nSee '{' '.join(['kubectl', *path.split()])} --help' for usage.\n"
    helped, i, taken = False, 0, set()
    while i < len(args) and args[i] != "--":
        arg, i = args[i], i + 1
        if arg in ("-h", "--help") or arg.startswith("--help="):
            taken.add(i - 1)
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            if name not in longs:
                return f"error: unknown flag: --{name}" + usage, taken
            if longs[name][0] not in ("bool", "optional") and not eq:
                if i >= len(args):
                    return f"error: flag needs an argument: --{name}" + usage, taken
                value, i = args[i], i + 1
            bad = _bad_value(name, longs[name], value) if eq or longs[name][0] != "bool" else None
            if bad:
                return bad + usage, taken
            if name == "help":
                helped = not eq or value in TRUE
            continue
        cluster = arg[1:] if arg.startswith("-") and arg != "-" else ""
        for k, letter in enumerate(cluster):
            if letter not in shorts:
                return f"error: unknown shorthand flag: '{letter}' in -{cluster[k:]}" + usage, taken
            name = shorts[letter]
            if name == "help":
                helped = True
            if longs[name][0] in ("bool", "optional") and cluster[k + 1:k + 2] != "=":
                continue
            value = cluster[k + 1:].removeprefix("=")
            if not value and longs[name][0] not in ("bool", "optional"):
                if i >= len(args):
                    return f"error: flag needs an argument: '{letter}' in -{cluster[k:]}" + usage, taken
                value, i = args[i], i + 1
            bad = _bad_value(name, longs[name], value)
            if bad:
                return bad + usage, taken
            if name == "help":
                helped = value in TRUE
            break
    return ("" if helped else None), taken


def help_command(args: list[str]) -> tuple[str, str, int]:
    """`kubectl help [COMMAND...]`: the command's help; a first word that is no command is an unknown topic."""
    error = asked("help", args)
    if error:
        return "", error, 1
    if error == "":
        return help_text("help"), "", 0
    words = [a for a in args if not a.startswith("-")]
    path = command_key(words)
    if words and not path:
        root = help_text("")
        return "", "Unknown help topic [" + " ".join(f"`{w}`" for w in words) + "]\n" + \
            root[root.index("\n\nBasic Commands"):], 0
    return help_text(path), "", 0


def options_command(args: list[str]) -> tuple[str, str, int]:
    """`kubectl options`: the global options (its own --help prints nothing; any other flag is refused)."""
    error = asked("options", args)
    if error:
        return "", error.split("\n")[0] + "\nRun 'kubectl options' without flags.\n", 1
    return ("" if error == "" else help_text("options")), "", 0
