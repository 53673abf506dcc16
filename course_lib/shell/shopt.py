"""bash 5.2's shopt builtin: its options and defaults (bash -c's), -s/-u/-q/-p, and what the expander asks.

The options that differ from the defaults are kept in the shell's variable table under the key "\\0-shopt"
(no variable can have that name), so subshells and the terminal's next runs keep them. The expander acts on
nullglob, failglob, dotglob and nocaseglob; the others are remembered and printed only.
Texts checked with `bash --norc --noprofile -c`: `shopt NAME` prints `NAME<pad to 15>\\ton|off`, `shopt -p`
prints `shopt -s|-u NAME`, an unknown name is `bash: shopt: NAME: invalid shell option name` (status 1).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from course_lib.result import CommandResult

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

KEY = "\0-shopt"
_ON = ("checkwinsize cmdhist complete_fullquote extquote force_fignore globasciiranges globskipdots "
       "hostcomplete interactive_comments patsub_replacement progcomp promptvars sourcepath").split()
_OFF = ("autocd assoc_expand_once cdable_vars cdspell checkhash checkjobs compat31 compat32 compat40 compat41 "
        "compat42 compat43 compat44 direxpand dirspell dotglob execfail expand_aliases extdebug extglob failglob "
        "globstar gnu_errfmt histappend histreedit histverify huponexit inherit_errexit lastpipe lithist "
        "localvar_inherit localvar_unset login_shell mailwarn no_empty_cmd_completion nocaseglob nocasematch "
        "noexpand_translation nullglob progcomp_alias restricted_shell shift_verbose varredir_close "
        "xpg_echo").split()
DEFAULTS = dict(sorted([(name, True) for name in _ON] + [(name, False) for name in _OFF]))
USAGE = "shopt: usage: shopt [-pqsu] [-o] [optname ...]\n"


def options(sh: "Shell") -> dict[str, bool]:
    changed = sh.vars.get(KEY)
    if not changed:
        return DEFAULTS
    table = dict(DEFAULTS)
    for word in changed.split():
        table[word[1:]] = word[0] == "+"
    return table


def enabled(sh: "Shell", name: str) -> bool:
    return KEY in sh.vars and options(sh).get(name, False)


def _line(name: str, on: bool, as_command: bool) -> str:
    if as_command:
        return f"shopt {'-s' if on else '-u'} {name}\n"
    return f"{name:<15}\t{'on' if on else 'off'}\n"


def b_shopt(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    flags = ""
    args = argv[1:]
    while args and args[0].startswith("-") and len(args[0]) > 1:
        word = args.pop(0)
        if word == "--":
            break
        bad = next((c for c in word[1:] if c not in "pqsuo"), None)
        if bad:
            return CommandResult("", f"bash: shopt: -{bad}: invalid option\n{USAGE}", 2)
        flags += word[1:]
    if "s" in flags and "u" in flags:
        return CommandResult("", "bash: shopt: cannot set and unset shell options simultaneously\n", 1)
    table = options(sh)
    unknown = [name for name in args if name not in table]
    err = "".join(f"bash: shopt: {name}: invalid shell option name\n" for name in unknown)
    names = [name for name in args if name in table]
    if "s" in flags or "u" in flags:
        if not args:
            wanted = "s" in flags
            out = "".join(_line(n, v, "p" in flags) for n, v in table.items() if v == wanted and "q" not in flags)
            return CommandResult(out, "", 0)
        for name in names:
            table = dict(table)
            table[name] = "s" in flags
        changed = " ".join(("+" if on else "-") + name for name, on in table.items() if DEFAULTS[name] != on)
        sh.vars[KEY] = changed
        return CommandResult("", err, 1 if unknown else 0)
    shown = names if args else list(table)
    rc = 1 if unknown or any(not table[name] for name in names) else 0
    if "q" in flags:
        return CommandResult("", err, rc)
    return CommandResult("".join(_line(name, table[name], "p" in flags) for name in shown), err, rc)
