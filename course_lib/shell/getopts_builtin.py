"""bash 5.2's getopts: options of the positional parameters (or the given words) one call at a time.

`getopts OPTSTRING NAME [ARG...]` sets NAME to the next option letter, OPTARG to its value, OPTIND to the
index of the next word; status 1 (NAME `?`) at the first word that is no option, or after `--`. Clustered
letters (-ab) are read one per call: the place inside the word is kept with the OPTIND it belongs to, and
starts again when the script sets OPTIND itself. Texts checked with `bash --norc --noprofile -c`:
`bash: illegal option -- z`, `bash: option requires an argument -- b` (NAME `?`, OPTARG unset); with a
leading `:` in OPTSTRING nothing is printed and NAME is `?` / `:` with OPTARG the letter.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from course_lib.result import CommandResult

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

USAGE = "getopts: usage: getopts optstring name [arg ...]\n"


def b_getopts(sh: "Shell", argv: list[str], stdin: str) -> CommandResult:
    if len(argv) < 3:
        return CommandResult("", USAGE, 2)
    optstring, name = argv[1], argv[2]
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return CommandResult("", f"bash: getopts: `{name}': not a valid identifier\n", 1)
    args = argv[3:] if len(argv) > 3 else sh.positional
    silent = optstring.startswith(":")
    optstring = optstring[1:] if silent else optstring
    text = sh.vars.get("OPTIND", "1").strip()
    optind = max(int(text), 1) if text.isdigit() else 1
    state = sh.__dict__.get("getopts_state")
    pos = state[1] if state and state[0] == optind else 1
    sh.vars.pop("OPTARG", None)

    def answer(letter: str, rc: int, err: str = "") -> CommandResult:
        sh.set_var(name, letter)
        sh.set_var("OPTIND", str(optind))
        sh.__dict__["getopts_state"] = (optind, pos)
        return CommandResult("", err, rc)

    if optind > len(args) + 1:                  # past the end: bash's OPTIND is then the end's
        optind, pos = len(args) + 1, 1
    word = args[optind - 1] if optind <= len(args) else ""
    if pos == 1 and (word == "--" or not word.startswith("-") or word == "-"):
        optind += 1 if word == "--" else 0
        return answer("?", 1)
    letter = word[pos]
    pos += 1
    if pos >= len(word):
        optind, pos = optind + 1, 1
    where = optstring.find(letter) if letter != ":" else -1
    if where < 0:
        if silent:
            sh.set_var("OPTARG", letter)
            return answer("?", 0)
        return answer("?", 0, f"bash: illegal option -- {letter}\n")
    if optstring[where + 1:where + 2] != ":":
        return answer(letter, 0)
    if pos > 1:                                 # the rest of this word is the value
        sh.set_var("OPTARG", word[pos:])
        optind, pos = optind + 1, 1
    elif optind <= len(args):
        sh.set_var("OPTARG", args[optind - 1])
        optind += 1
    elif silent:
        sh.set_var("OPTARG", letter)
        return answer(":", 0)
    else:
        return answer("?", 0, f"bash: option requires an argument -- {letter}\n")
    return answer(letter, 0)
