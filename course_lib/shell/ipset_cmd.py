"""`ipset` (v7.17): create, add, del, test, list/-L, save, flush, destroy, rename, swap on the netns's sets
(course_lib.net.ipset).

Output and messages as ipset 7.17 on this machine: `ipset v7.17: MESSAGE` on stderr (rc 1; rc 2 for
syntax errors followed by the `Try `ipset help'` line), `list -n` names, `list -t` headers only,
`-o save`/`save` as restore input, the `Warning: X is in set S.` of test on stderr.
"""
from __future__ import annotations

from typing import Any

from course_lib.net import ipset as S
from course_lib.result import CommandResult
from course_lib.shell.registry import command

PREFIX = "ipset v7.17: "
TRY = "Try `ipset help' for more information.\n"
ALIASES = {"-N": "create", "-A": "add", "-D": "del", "-T": "test", "-L": "list", "-S": "save", "-F": "flush",
           "-X": "destroy", "n": "create", "a": "add", "d": "del", "t": "test", "l": "list", "s": "save",
           "f": "flush", "x": "destroy", "-n": "create", "-E": "rename", "e": "rename", "-W": "swap", "w": "swap"}
COMMANDS = ("create", "add", "del", "test", "list", "save", "flush", "destroy", "rename", "swap", "version", "help")


def _err(message: str, rc: int = 1) -> CommandResult:
    return CommandResult("", PREFIX + message + "\n" + (TRY if rc == 2 else ""), rc)


@command("ipset")
def ipset(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
    try:
        return _run(ctx.netns, argv[1:])
    except S.IpsetError as e:
        if "\n" in e.message:
            return CommandResult("", PREFIX + e.message + "\n", e.rc)
        return _err(e.message, e.rc)


def _run(netns: Any, args: list[str]) -> CommandResult:
    exist = "-exist" in args or "-!" in args
    args = [a for a in args if a not in ("-exist", "-!", "-q", "-quiet")]
    out_save = False
    names_only = terse = False
    rest: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-o", "-output") and i + 1 < len(args):
            out_save = args[i + 1] == "save"
            i += 2
            continue
        if a in ("-n", "-name") and rest and rest[0] in ("list", "-L"):
            names_only = True
        elif a in ("-t", "-terse") and rest and rest[0] in ("list", "-L"):
            terse = True
        elif a in ("-s", "-sorted", "-r", "-resolve"):
            pass
        else:
            rest.append(a)
        i += 1
    if not rest:
        return _err("No command specified.", 2)
    if rest[0] in ("-v", "-V", "-version"):
        return CommandResult("ipset v7.17, protocol version: 7\n")
    cmd = ALIASES.get(rest[0], rest[0])
    if cmd not in COMMANDS:
        return _err(f"No command specified: unknown argument {rest[0]}", 2)
    words = rest[1:]
    if cmd == "version":
        return CommandResult("ipset v7.17, protocol version: 7\n")
    if cmd == "help":
        return CommandResult("ipset v7.17\n\nUsage: ipset [options] COMMAND\n")
    if cmd in ("list", "save"):
        return _list(netns, words, cmd == "save" or out_save, names_only, terse)
    if cmd in ("flush", "destroy"):
        targets = [S.get(netns, words[0])] if words else list(S.sets_of(netns).values())
        for s in targets:
            if cmd == "flush":
                s.members.clear()
            else:
                if S.references(netns, s.name):
                    raise S.IpsetError("Set cannot be destroyed: it is in use by a kernel component")
                del S.sets_of(netns)[s.name]
        return CommandResult()
    if not words:
        return _err("Missing mandatory argument: set name", 2)
    if cmd in ("rename", "swap"):
        return _rename_or_swap(netns, cmd, words)
    if cmd == "create":
        return _create(netns, words, exist)
    s = S.get(netns, words[0])
    if len(words) < 2:
        return _err("Missing mandatory argument: element", 2)
    entries = S.parse_entries(s, words[1]) if cmd in ("add", "del") else [S.parse_entry(s, words[1])]
    entry = entries[0]
    comment = None
    if "comment" in words[2:]:
        k = words.index("comment", 2)
        comment = words[k + 1] if k + 1 < len(words) else ""
    if cmd == "add":
        for entry in entries:
            S.add(s, entry, exist, comment)
    elif cmd == "del":
        for entry in entries:
            S.delete(s, entry, exist)
    elif S.contains(s, entry):
        return CommandResult("", f"Warning: {words[1]} is in set {s.name}.\n", 0)
    else:
        return CommandResult("", f"{words[1]} is NOT in set {s.name}.\n", 1)
    return CommandResult()


def _create(netns: Any, words: list[str], exist: bool) -> CommandResult:
    if len(words) < 2:
        return _err("Missing mandatory argument: set type", 2)
    name, type_ = words[0], words[1]
    opts = words[2:]
    port_range = None
    hashsize, maxelem = 1024, 65536
    comment = "comment" in opts
    for key in ("range", "hashsize", "maxelem"):
        if key in opts:
            k = opts.index(key)
            value = opts[k + 1] if k + 1 < len(opts) else ""
            if key == "range":
                lo, _, hi = value.partition("-")
                if not (lo.isdigit() and hi.isdigit()):
                    return _err(f"Syntax error: cannot parse '{value}' as a port range", 1)
                port_range = (int(lo), int(hi))
            elif not value.isdigit():
                return _err(f"Syntax error: '{value}' is invalid as number", 1)
            elif key == "hashsize":
                hashsize = max(64, 1 << (int(value) - 1).bit_length())
            else:
                maxelem = int(value)
    S.create(netns, name, type_, exist=exist, comment=comment, port_range=port_range, hashsize=hashsize,
             maxelem=maxelem)
    return CommandResult()


def _list(netns: Any, words: list[str], save: bool, names_only: bool, terse: bool) -> CommandResult:
    sets = [S.get(netns, words[0])] if words else list(S.sets_of(netns).values())
    if names_only:
        return CommandResult("".join(s.name + "\n" for s in sets))
    if save:
        return CommandResult("".join(S.save(s) for s in sets))
    return CommandResult("\n".join(S.listing(netns, s, terse) for s in sets))


def _rename_or_swap(netns: Any, cmd: str, words: list[str]) -> CommandResult:
    """rename FROM TO (the set keeps its place; not while a rule uses it) and swap A B (the names stay, the
    contents change places; the types must match), with ipset 7.17's and the kernel's messages."""
    if len(words) < 2:
        return _err(f"Missing second mandatory argument to command {cmd}", 2)
    first, second = words[0], words[1]
    if cmd == "rename" and len(second) > 31:
        return _err(f"Syntax error: setname '{second}' is longer than 31 characters")
    sets = S.sets_of(netns)
    old = S.get(netns, first)
    other = sets.get(second)
    if cmd == "swap":
        if other is None:
            return _err("Sets cannot be swapped: the second set does not exist")
        if other.type != old.type:
            return _err("The sets cannot be swapped: their type does not match")
        sets[first], sets[second] = other, old
        other.name, old.name = first, second
        return CommandResult()
    if other is not None and other is not old:
        return _err("Set cannot be renamed: a set with the new name already exists")
    if S.references(netns, first):
        return _err("Set cannot be renamed: it is in use by another system")
    renamed = {(second if name == first else name): s for name, s in sets.items()}
    sets.clear()
    sets.update(renamed)
    old.name = second
    return CommandResult()
