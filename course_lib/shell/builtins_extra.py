"""More bash 5.2 builtins: read (all its options), mapfile/readarray, let, local; trap (course_lib.shell.traps), caller
(course_lib.shell.callstack) and getopts (course_lib.shell.getopts_builtin) are listed here too.

Texts checked with `bash -c` in a private namespace:
    read -z           bash: read: -z: invalid option + read's usage line (status 2)
    let               bash: let: expression expected (1); let's status is 1 when the last value is 0
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from course_lib.result import CommandResult
from course_lib.shell.callstack import b_caller
from course_lib.shell.interpreter_state import Stream
from course_lib.shell.traps import b_trap

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

READ_USAGE = ("read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] "
              "[-t timeout] [-u fd] [name ...]\n")
MAPFILE_USAGE = ("mapfile: usage: mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] "
                 "[-C callback] [-c quantum] [array]\n")


def builtin_getopt(name: str, argv: list[str], flags: str, with_value: str, usage: str
                   ) -> tuple[dict[str, str], list[str], Optional[CommandResult]]:
    """bash's internal_getopt: clustered flags, an option's value attached or next; `--` ends them."""
    opts: dict[str, str] = {}
    i = 1
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "-":
        if argv[i] == "--":
            i += 1
            break
        word, j = argv[i], 1
        while j < len(word):
            c = word[j]
            if c in with_value:
                value = word[j + 1:]
                if not value:
                    if i + 1 >= len(argv):
                        return {}, [], CommandResult("", f"bash: {name}: -{c}: option requires an argument\n"
                                                         + usage, 2)
                    i += 1
                    value = argv[i]
                opts[c] = value
                break
            if c not in flags:
                return {}, [], CommandResult("", f"bash: {name}: -{c}: invalid option\n{usage}", 2)
            opts[c] = ""
            j += 1
        i += 1
    return opts, argv[i:], None


def _unread(stdin: str) -> str:
    return stdin[stdin.pos:] if isinstance(stdin, Stream) else stdin


def _consume(stdin: str, count: int) -> None:
    if isinstance(stdin, Stream):
        stdin.pos += count


def _number(text: str) -> Optional[int]:
    """bash's legal_number: an optional sign and digits, blanks around allowed; None otherwise."""
    return int(text) if re.fullmatch(r"\s*[+-]?\d+\s*", text) else None


def _option_errors(sh: "Shell", prog: str, opts: dict[str, str]) -> Optional[CommandResult]:
    """The option values read and mapfile refuse, in the order given (texts of bash 5.2, status 1)."""
    for opt, value in opts.items():
        number = _number(value)
        why = ""
        if opt == "u":
            if number is None or number < 0:
                why = "invalid file descriptor specification"
            elif number != 0:
                why = "invalid file descriptor: Bad file descriptor"
        elif opt == "t" and prog == "read":
            if not re.fullmatch(r"\s*\+?(\d+\.?\d*|\.\d+)\s*", value):
                why = "invalid timeout specification"
        elif opt in "nN" and prog == "read" or opt in "ns" and prog != "read":
            if number is None or number < 0:
                why = "invalid number" if prog == "read" else "invalid line count"
        elif opt == "O" and prog != "read" and (number is None or number < 0):
            why = "invalid array origin"
        elif opt == "c" and prog != "read" and (number is None or number <= 0):
            why = "invalid callback quantum"
        if why:
            return CommandResult("", f"bash: {prog}: {value}: {why}\n", 1)
    return None


def b_read(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    opts, names, bad = builtin_getopt("read", argv, "ers", "adinNptu", READ_USAGE)
    if bad is not None:
        return bad
    bad = _option_errors(sh, "read", opts)
    if bad is not None:
        return bad
    if "t" in opts and float(opts["t"]) == 0:          # -t 0: is there input? nothing is read
        return CommandResult("", "", 0 if _unread(stdin) else 1)
    for name in names + ([opts["a"]] if "a" in opts else []):
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            return CommandResult("", f"bash: read: `{name}': not a valid identifier\n", 1)
    data = _unread(stdin)
    delim = opts.get("d", "\n")[:1] if "d" in opts else "\n"
    limit = opts.get("N") or opts.get("n")
    if limit is not None and not limit.isdigit():
        return CommandResult("", f"bash: read: {limit}: invalid number\n", 1)
    if "N" in opts:
        line, found = data[:int(limit or 0)], len(data) >= int(limit or 0)
        _consume(stdin, len(line))
    else:
        end = data.find(delim) if delim else data.find("\0")
        cut = len(data) if end < 0 else end
        if limit is not None and int(limit) < cut:
            line, found = data[:int(limit)], True
            _consume(stdin, len(line))
        else:
            line, found = data[:cut], end >= 0
            _consume(stdin, cut + (1 if end >= 0 else 0))
    if "r" not in opts:
        line = re.sub(r"\\(.)", r"\1", line.replace("\\\n", ""))
    ifs = sh.vars.get("IFS", " \t\n")
    white = "".join(c for c in ifs if c in " \t\n")
    if "a" in opts:                     # each IFS character that is no blank ends a field: a::b has an empty one
        from course_lib.shell.interpreter_expand import ifs_fields
        fields = ifs_fields(line, ifs) if line else []
        sh.set_var(opts["a"], fields)
        return CommandResult("", "", 0 if found else 1)
    names = names or ["REPLY"]
    if len(names) == 1:
        fields = [line.strip(white) if names != ["REPLY"] else line]
    elif not ifs:
        fields = [line]
    else:
        stripped = line.strip(white) if white else line
        pattern = "[" + re.escape(ifs) + "]" + ("+" if white == ifs else "")
        fields = re.split(pattern, stripped, maxsplit=len(names) - 1) if stripped else []
    for index, name in enumerate(names):           # as assignments: declare -i/-u/-l/-r act (var_attrs)
        if builtin_assign(sh, "read", name, fields[index] if index < len(fields) else ""):
            return CommandResult("", "", 1)
    return CommandResult("", "", 0 if found else 1)


def builtin_assign(sh: "Shell", prog: str, name: str, value: str) -> bool:
    """A builtin's assignment (read, printf -v) with the variable's attributes: False when done, True when NAME is
    readonly (bash's `NAME: readonly variable`, the builtin fails); an integer NAME's bad expression ends the script
    with status 1, as bash's `bash: read: b:c: syntax error in expression ...` does."""
    from course_lib.shell.interpreter_expand import ExpansionError
    from course_lib.shell.interpreter_state import DiscardLine, ShellExit
    try:
        sh.set_var(name, value)
    except DiscardLine:
        return True
    except ExpansionError as error:
        sh.err(f"bash: {prog}: {error.message}\n")
        raise ShellExit(1) from None
    return False


def b_mapfile(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    name = argv[0] if argv[0] != "readarray" else "readarray"
    opts, rest, bad = builtin_getopt(name, argv, "t", "dnOsuCc", MAPFILE_USAGE.replace("mapfile", name, 2))
    if bad is not None:
        return bad
    bad = _option_errors(sh, name, opts)
    if bad is not None:
        return bad
    target = rest[0] if rest else "MAPFILE"
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", target):
        return CommandResult("", f"bash: {name}: `{target}': not a valid identifier\n", 1)
    delim = opts["d"][:1] if "d" in opts else "\n"
    data = _unread(stdin)
    _consume(stdin, len(data))
    lines = data.split(delim or "\0")
    items = [line + ("" if "t" in opts else delim) for line in lines[:-1]]
    if lines[-1]:
        items.append(lines[-1])
    skip = int(opts.get("s", "0") or 0) if opts.get("s", "0").isdigit() else 0
    count = int(opts["n"]) if opts.get("n", "").isdigit() and int(opts["n"]) > 0 else None
    items = items[skip:]
    items = items[:count] if count is not None else items
    origin = int(opts["O"]) if opts.get("O", "").isdigit() else 0
    if "C" in opts:                 # CALLBACK INDEX 'LINE' every quantum lines, before the line is stored
        quantum = int(opts.get("c", "5000"))
        for index, item in enumerate(items):
            if (index + 1) % quantum == 0:
                sh.run_source(f"{opts['C']} {origin + index} '" + item.replace("'", "'\\''") + "'")
    if origin == 0:
        sh.set_var(target, items)
    else:
        for index, item in enumerate(items):
            sh.set_var(f"{target}[{origin + index}]", item)
    return CommandResult("", "", 0)


def b_let(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    from course_lib.shell.interpreter_arith import evaluate
    from course_lib.shell.interpreter_expand import ExpansionError
    if len(argv) < 2:
        return CommandResult("", "bash: let: expression expected\n", 1)
    value = 0
    for expr in argv[1:]:
        try:
            value = evaluate(expr, sh)
        except ExpansionError as error:
            prefix = "" if error.message.endswith(": readonly variable") else "let: "
            return CommandResult("", f"bash: {prefix}{error.message}\n", 1)
    return CommandResult("", "", 0 if value != 0 else 1)


def make_local(sh: "Shell", name: str) -> None:
    """`local NAME`: the function's own NAME from now on (unset until given a value); the caller's comes back
    when the function returns (restore_locals)."""
    frame = sh.__dict__.setdefault("local_frames", {}).setdefault(sh.func_depth, {})
    if name in frame or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return
    frame[name] = {k: v for k, v in sh.vars.items() if k == name or k == "\0" + name
                   or (k.startswith(name + "[") and k.endswith("]"))}
    sh.unset_var(name)
    sh.vars.pop("\0" + name, None)


def restore_locals(sh: "Shell") -> None:
    """The function at depth sh.func_depth returns: the variables it made local are the caller's again."""
    frame = sh.__dict__.get("local_frames", {}).pop(sh.func_depth, None)
    for name, saved in (frame or {}).items():
        sh.unset_var(name)
        sh.vars.pop("\0" + name, None)
        sh.vars.update(saved)


def b_getopts(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    from course_lib.shell.getopts_builtin import b_getopts as getopts
    return getopts(sh, argv, stdin)


EXTRA_BUILTINS = {"read": b_read, "mapfile": b_mapfile, "readarray": b_mapfile, "let": b_let, "trap": b_trap,
                  "getopts": b_getopts, "caller": b_caller}
