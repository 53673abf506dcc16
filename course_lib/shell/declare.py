"""bash 5.2's declare/typeset, local, readonly, export and unset: attributes, arrays, `declare -p`.

Texts and statuses checked with `bash --norc --noprofile -c` on this machine:
    declare -z                bash: declare: -z: invalid option + the usage line (2)
    declare 1x=3              bash: declare: `1x=3': not a valid identifier (1; the other names still done)
    declare -p nosuch         bash: declare: nosuch: not found (1)
    declare +r r / r=2        bash: declare: r: readonly variable (1) / bash: r: readonly variable (fatal)
    unset r (readonly)        bash: unset: r: cannot unset: readonly variable (1)
    declare -A a (indexed)    bash: declare: a: cannot convert indexed to associative array (1), and back
    local outside a function  bash: local: can only be used in a function (1)
Inside a function, declare and typeset make the name local (not with -g); export and readonly never do.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from course_lib.result import CommandResult
from course_lib.shell import var_attrs
from course_lib.shell.parse_word import is_name
from course_lib.shell.var_attrs import ATTR, attrs, declare_line, set_attrs

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

USAGE = {
    "declare": "declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]",
    "typeset": "typeset [-aAfFgiIlnrtux] name[=value] ... or typeset -p [-aAfFilnrtux] [name ...]",
    "local": "local [option] name[=value] ...",
    "export": "export [-fn] [name[=value] ...] or export -p",
    "readonly": "readonly [-aAf] [name[=value] ...] or readonly -p",
}
LETTERS = {"declare": "aAfFgiIlnprtux", "typeset": "aAfFgiIlnprtux", "local": "aAfFgiIlnprtux",
           "export": "fnp", "readonly": "aAfp"}


def _options(prog: str, args: list[str]) -> tuple[str, str, list[str], str]:
    """(letters set with -, letters taken off with +, the names, an invalid option's error)."""
    on, off = "", ""
    while args and args[0][:1] in "-+" and len(args[0]) > 1:
        word = args.pop(0)
        if word == "--":
            break
        for letter in word[1:]:
            if letter not in LETTERS[prog]:
                return "", "", [], (f"bash: {prog}: {word[0]}{letter}: invalid option\n"
                                    f"{prog}: usage: {USAGE[prog]}\n")
        if word[0] == "-":
            on += word[1:]
        else:
            off += word[1:]
    return on, off, args, ""


def variable_names(sh: "Shell") -> list[str]:
    """The shell's variable names (array elements and attribute keys aside), sorted as bash lists them."""
    names = {k.partition("[")[0] for k in sh.vars if k and k[0] != ATTR}
    names |= {k[1:] for k in sh.vars if len(k) > 1 and k[0] == ATTR and k[1:].isidentifier()}
    return sorted(names)


def _listing(sh: "Shell", on: str, names_only: bool) -> str:
    """`declare -p` / `declare -x` / `readonly` with no name: the variables having the attributes `on`."""
    wanted = [c for c in on if c in "aAilrux"]
    out = []
    for name in variable_names(sh):
        flags = var_attrs.flag_letters(sh, name)
        if all(c in flags for c in wanted):
            if names_only:
                value = sh.vars.get(name)
                if value is not None and "a" not in flags and "A" not in flags:
                    out.append(f"{name}={value}\n")
            else:
                out.append(declare_line(sh, name) or "")
    return "".join(out)


def declare(sh: "Shell", argv: list[str], prog: str) -> CommandResult:
    on, off, args, bad = _options(prog, argv[1:])
    if bad:
        return CommandResult("", bad, 2)
    if prog == "export":
        on, off = ("x" + on.replace("n", ""), off) if "n" not in on else (on.replace("n", ""), off + "x")
    elif prog == "readonly":
        on += "r"
    if "f" in on or "F" in on:
        return _functions(sh, args, "F" in on)
    if not args:
        names_only = prog == "declare" or prog == "typeset"
        return CommandResult(_listing(sh, on.replace("p", ""), names_only and not on), "", 0)
    if "p" in on:
        out, err = [], []
        for name in args:
            line = declare_line(sh, name)
            if line is None:
                err.append(f"bash: {prog}: {name}: not found\n")
            else:
                out.append(line)
        return CommandResult("".join(out), "".join(err), 1 if err else 0)
    args = _array_arguments(args)
    local = prog == "local" or (prog in ("declare", "typeset") and sh.func_depth > 0 and "g" not in on)
    err = []
    for arg in args:
        problem = _declare_one(sh, prog, arg, on, off, local)
        if problem:             # readonly and export assign as bash's bind_variable does: its error has no prefix
            plain = prog in ("readonly", "export") and problem.endswith(": readonly variable")
            err.append(f"bash: {'' if plain else prog + ': '}{problem}\n")
    return CommandResult("", "".join(err), 1 if err else 0)


def _array_arguments(args: list[str]) -> list[str]:
    """NAME=(...) reaches the builtin as `NAME=\0(ITEM\0ITEM\0)`; an unquoted expansion in it split it into
    several words: they are joined again, each word an item."""
    out: list[str] = []
    for arg in args:
        if out and "=\0(" in out[-1] and not out[-1].endswith("\0)"):
            out[-1] += "\0" + arg
        else:
            out.append(arg)
    return out


def _declare_one(sh: "Shell", prog: str, arg: str, on: str, off: str, local: bool) -> str:
    """One NAME[=VALUE] argument; the error text (without `bash: PROG: `) or ''."""
    name, eq, value = arg.partition("=")
    append = name.endswith("+")
    name = name[:-1] if append else name
    base = name.partition("[")[0] if name.endswith("]") else name
    if not is_name(base) or (base != name and not eq):
        return f"`{arg}': not a valid identifier"
    if local:
        if "r" in attrs(sh, base):         # a readonly variable cannot be made local either
            return f"{base}: readonly variable"
        from course_lib.shell.builtins_extra import make_local
        make_local(sh, base)
    flags = attrs(sh, base)
    if "r" in flags and (eq or "r" in off):
        return f"{base}: readonly variable"
    has_items = any(k.startswith(base + "[") for k in sh.vars)
    if "A" in on and "A" not in flags and ("a" in flags or has_items):
        return f"{base}: cannot convert indexed to associative array"
    if "a" in on and "A" in flags:
        return f"{base}: cannot convert associative to indexed array"
    if "A" in on and "A" not in flags and base in sh.vars:
        sh.vars[f"{base}[0]"] = sh.vars.pop(base)          # a scalar becomes element "0"
    letters = "".join(c for c in flags + on if c in "aAilu" and c not in off)
    if "u" in on and "l" in on:                            # together they cancel out
        letters = letters.replace("l", "").replace("u", "")
    elif "u" in on:
        letters = letters.replace("l", "")
    elif "l" in on:
        letters = letters.replace("u", "")
    if letters != flags.replace("r", "") or (not eq and base not in sh.vars and not has_items):
        set_attrs(sh, base, letters + ("r" if "r" in flags else ""))
    if "x" in on:
        sh.exported.add(base)
    elif "x" in off:
        sh.exported.discard(base)
    if eq:
        if value.startswith("\0(") and value.endswith("\0)"):
            items = value[2:-2].split("\0") if value[2:-2] else []
            sh.set_var(base + ("+" if append else ""), items)
        else:
            sh.set_var(name + ("+" if append else ""), value)
    if "r" in on:
        set_attrs(sh, base, letters + "r")
    return ""


def _functions(sh: "Shell", names: list[str], names_only: bool) -> CommandResult:
    """declare -F [NAME...] / declare -f NAME: the shell's functions (a body printed as `NAME () { ...; }`)."""
    if not names:
        return CommandResult("".join(f"declare -f {name}\n" for name in sorted(sh.functions)), "", 0)
    found = [name for name in names if name in sh.functions]
    text = "".join(f"{name}\n" if names_only else f"{name} () \n{{ \n    ...\n}}\n" for name in found)
    return CommandResult(text, "", 0 if len(found) == len(names) else 1)


def b_declare(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    return declare(sh, argv, argv[0] if argv[0] in USAGE else "declare")


def b_local(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    if sh.func_depth == 0:
        return CommandResult("", "bash: local: can only be used in a function\n", 1)
    return declare(sh, argv, "local")


def b_unset(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    functions = "-f" in argv[1:]
    err = []
    for name in argv[1:]:
        if name in ("-f", "-v"):
            continue
        if functions:
            sh.functions.pop(name, None)
            continue
        base, _, sub = name[:-1].partition("[") if name.endswith("]") and "[" in name else (name, "", "")
        if "r" in attrs(sh, base):
            err.append(f"bash: unset: {base}: cannot unset: readonly variable\n")
        elif sub:
            if var_attrs.is_assoc(sh, base):
                sh.vars.pop(name, None)
            else:
                try:
                    sh.vars.pop(var_attrs.subscript_key(sh, base, sub), None)
                except Exception:           # noqa: BLE001 -- a bad subscript unsets nothing
                    pass
        else:
            sh.unset_var(name)
            sh.vars.pop(ATTR + name, None)
            sh.exported.discard(name)
            if name in ("LINENO", "RANDOM", "SECONDS", "BASH_COMMAND"):    # no longer special (bash's unset)
                sh.__dict__.setdefault("unset_dynamic", set()).add(name)
    return CommandResult("", "".join(err), 1 if err else 0)


BUILTINS = {"declare": b_declare, "typeset": b_declare, "local": b_local, "readonly": b_declare,
            "export": b_declare, "unset": b_unset}
