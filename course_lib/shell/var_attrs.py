"""Variable attributes as bash 5.2 keeps them: -a/-A arrays, -i integers, -l/-u case, -r readonly; `+=`.

The shell's variables are one flat table (`name`, `name[index]`); a variable's attributes live beside it
under the key "\\0NAME" (letters among "aAilur"; the key present and empty: declared, no attribute), and
the key "\\0" marks a table that holds any, so Shell.set_var takes this module's path only then (or for
`NAME+=`). Keeping them in the table makes subshells, `local` and the terminal's memory carry them.

Associative arrays (`declare -A m`) keep their elements as "m[KEY]"; bash lists them in the order of its
hash table: 1024 buckets by the FNV-1 hash of the key, ascending, the newest first within a bucket
(hashlib.c), so `${!m[@]}` and `declare -p m` print the same order as bash does.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Optional

from course_lib.shell import interpreter_expand as _expand

if TYPE_CHECKING:
    from course_lib.shell.interpreter import Shell

ATTR = "\0"
ORDER = "aAinrtxclu"            # bash's order of attribute letters in `declare -p` (var_attribute_string)
_SUBSCRIPT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]", re.S)


def attrs(sh: "Shell", name: str) -> str:
    return sh.vars.get(ATTR + name) or ""


def declared(sh: "Shell", name: str) -> bool:
    return ATTR + name in sh.vars


def set_attrs(sh: "Shell", name: str, letters: str) -> None:
    sh.vars[ATTR] = ""
    sh.vars[ATTR + name] = "".join(c for c in "aAilur" if c in letters)


def is_assoc(sh: "Shell", name: str) -> bool:
    return "A" in attrs(sh, name)


def is_set(sh: "Shell", name: str) -> bool:
    """`[[ -v NAME ]]` / `-v NAME[SUB]`: the variable (the element) has a value."""
    match = _SUBSCRIPT.fullmatch(name)
    try:
        if match:
            if match.group(2) in ("@", "*"):
                return bool(sh.expander.items(match.group(1)))
            return subscript_key(sh, match.group(1), match.group(2)) in sh.vars
    except _expand.ExpansionError:
        return False
    return sh.expander.param_value(name) is not None if name.isidentifier() or name.isdigit() else False


def bucket(key: str) -> int:
    """bash's hash_string (FNV-1, 32 bits) modulo its 1024 buckets."""
    h = 2166136261
    for byte in key.encode("utf-8", "surrogateescape"):
        h = (h * 16777619) & 0xFFFFFFFF
        h ^= byte
    return h & 1023


def assoc_items(sh: "Shell", name: str) -> list[tuple[str, str]]:
    """(key, value) of an associative array in bash's order."""
    prefix = name + "["
    found = [(k[len(prefix):-1], v) for k, v in sh.vars.items() if k.startswith(prefix) and k.endswith("]")]
    order = {key: index for index, (key, _) in enumerate(found)}
    return sorted(found, key=lambda item: (bucket(item[0]), -order[item[0]]))


def keys(sh: "Shell", name: str) -> list[str]:
    """${!NAME[@]}: an associative array's keys, an indexed one's indices."""
    if is_assoc(sh, name):
        return [k for k, _ in assoc_items(sh, name)]
    return [str(i) for i, _ in sh.array_items(name)]


def subscript_key(sh: "Shell", name: str, sub: str) -> str:
    """The table key of NAME[SUB]: an associative array's key is SUB expanded, an index is arithmetic."""
    from course_lib.shell.interpreter_expand import _reparse
    if is_assoc(sh, name):
        key = sh.expander.expand_text(_reparse(sub)) if any(c in sub for c in "$`\\'\"") else sub
        if not key:
            raise _expand.ExpansionError(f"{name}[{sub}]: bad array subscript")
        return f"{name}[{key}]"
    from course_lib.shell.interpreter_arith import evaluate
    index = evaluate(sub, sh) if sub.strip() else 0
    if index < 0:
        items = sh.array_items(name)
        index += (items[-1][0] + 1) if items else 0
        if index < 0:
            raise _expand.ExpansionError(f"{name}[{sub}]: bad array subscript")
    return name if index == 0 else f"{name}[{index}]"


def _convert(sh: "Shell", flags: str, value: str, old: Optional[str], append: bool) -> str:
    if "i" in flags:
        from course_lib.shell.interpreter_arith import evaluate
        number = evaluate(value, sh) if value.strip() else 0
        if append:
            number += evaluate(old, sh) if old and old.strip() else 0
        value = str(number)
    elif append and old:
        value = old + value
    if "u" in flags and "l" not in flags:
        value = value.upper()
    elif "l" in flags and "u" not in flags:
        value = value.lower()
    return value


def assign(sh: "Shell", name: str, value: Any, arith: bool = False) -> None:
    """NAME=VALUE, NAME[SUB]=VALUE, NAME+=VALUE, NAME=(...) with the variable's attributes. A readonly NAME:
    bash's error drops the rest of the line (DiscardLine); in arithmetic (`arith`) it is the expression's error."""
    append = name.endswith("+")
    if append:
        name = name[:-1]
    match = _SUBSCRIPT.fullmatch(name)
    base = match.group(1) if match else name
    flags = attrs(sh, base)
    if "r" in flags:
        if arith:
            raise _expand.ExpansionError(f"{base}: readonly variable", 1, fatal=True)
        from course_lib.shell.interpreter_state import DiscardLine
        sh.err(f"bash: {base}: readonly variable\n")
        raise DiscardLine(1)
    if isinstance(value, list):
        assign_array(sh, base, value, append, flags)
        return
    if match:
        key = subscript_key(sh, base, match.group(2))
        if "a" not in flags and "A" not in flags:      # NAME[SUB]=V makes NAME an indexed array (declare -p: -a)
            set_attrs(sh, base, flags + "a")
    else:
        key = f"{base}[0]" if "A" in flags else base
    sh.vars[key] = _convert(sh, flags, value, sh.vars.get(key), append)


def assign_array(sh: "Shell", name: str, values: list[str], append: bool, flags: str) -> None:
    """NAME=(...) / NAME+=(...): `[KEY]=VALUE` items set that element; an associative array's other items
    go by pairs (key, value)."""
    if not append:
        sh.unset_var(name)
    if "A" not in flags and "a" not in flags:          # NAME=(...) makes an indexed array, one element or none
        set_attrs(sh, name, flags + "a")
    if "A" in flags:
        loose: list[str] = []
        for item in values:
            pair = re.fullmatch(r"\[(.*?)\](\+?)=(.*)", item, re.S)
            if pair:
                key = f"{name}[{pair.group(1)}]"
                sh.vars[key] = _convert(sh, flags, pair.group(3), sh.vars.get(key), bool(pair.group(2)))
            else:
                loose.append(item)
        for index in range(0, len(loose), 2):
            key = f"{name}[{loose[index]}]"
            sh.vars[key] = _convert(sh, flags, loose[index + 1] if index + 1 < len(loose) else "", None, False)
        return
    items = sh.array_items(name)
    nxt = items[-1][0] + 1 if items else 0
    for item in values:
        pair = re.fullmatch(r"\[(.*?)\](\+?)=(.*)", item, re.S)
        if pair:
            key = subscript_key(sh, name, pair.group(1))
            nxt = int(key[len(name) + 1:-1]) + 1 if key != name else 1
            sh.vars[key] = _convert(sh, flags, pair.group(3), sh.vars.get(key), bool(pair.group(2)))
            continue
        key = name if nxt == 0 else f"{name}[{nxt}]"
        sh.vars[key] = _convert(sh, flags, item, None, False)
        nxt += 1


def quote(value: str) -> str:
    """A value as `declare -p` writes it: "..." with \\ " $ ` escaped, or $'...' when it holds a control character."""
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        from course_lib.shell.coreutils_builtin import ansi_quote
        return ansi_quote(value)
    return '"' + re.sub(r'([\\"$`])', r"\\\1", value) + '"'


def flag_letters(sh: "Shell", name: str) -> str:
    flags = attrs(sh, name)
    if "A" not in flags and "a" not in flags and any(k.startswith(name + "[") for k in sh.vars):
        flags += "a"
    if name in sh.exported:
        flags += "x"
    return "".join(c for c in ORDER if c in flags)


def declare_line(sh: "Shell", name: str) -> Optional[str]:
    """`declare -p NAME`'s line (None: no such variable)."""
    flags = flag_letters(sh, name)
    head = f"declare -{flags or '-'} {name}"
    if "A" in flags:
        items = assoc_items(sh, name)
        if not items:
            return head + "\n"
        return head + "=(" + "".join(f"[{k}]={quote(v)} " for k, v in items) + ")\n"
    if "a" in flags:
        items = sh.array_items(name)
        if not items:
            return head + "\n"
        return head + "=(" + " ".join(f"[{i}]={quote(v)}" for i, v in items) + ")\n"
    value = sh.expander.param_value(name)
    if value is None:
        return head + "\n" if declared(sh, name) else None
    return f"{head}={quote(value)}\n"
