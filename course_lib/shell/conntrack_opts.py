"""conntrack-tools 1.4.7's command/option checks and its statistics: the options each command refuses, -z's
filters, the table words, and -S's per-CPU lines (checked against the real tool in a private netns)."""
from __future__ import annotations

from typing import Any, Optional

# The option names conntrack reports, in the order of its option table (the first refused one is reported).
OPTION_ORDER = ("src", "dst", "reply-src", "reply-dst", "protonum", "timeout", "status", "zero", "event-mask",
                "tuple-src", "tuple-dst", "mask-src", "mask-dst", "nat-range", "mark", "id", "family", "src-nat",
                "dst-nat", "output", "secmark", "buffer-size", "any-nat", "zone")
_EVERY = frozenset(OPTION_ORDER)
# What each command refuses: "Illegal option `--NAME' with this command" (-G checks its tuple first).
ILLEGAL = {
    "L": frozenset({"timeout", "event-mask", "buffer-size", "id"}),
    "D": frozenset({"event-mask", "zero", "secmark", "any-nat", "buffer-size"}),
    "F": _EVERY - {"family"},
    "C": _EVERY,
    "S": _EVERY,
    "E": frozenset({"timeout", "status", "zero", "id"}),
    "U": frozenset({"event-mask", "zero", "secmark", "any-nat", "zone", "buffer-size"}),
}
# The options -L -z cannot go with ("Can't use -z with filtering parameters").
ZERO_FILTERS = frozenset({"src", "dst", "reply-src", "reply-dst", "protonum", "status", "mark", "secmark", "zone"})
# The option name of each parsed filter key.
KEY_OPTION = {"src": "src", "dst": "dst", "rsrc": "reply-src", "rdst": "reply-dst", "proto": "protonum",
              "status": "status", "mark": "mark", "zone": "zone", "family": "family", "timeout": "timeout",
              "event_mask": "event-mask", "secmark": "secmark", "id": "id", "buffer_size": "buffer-size"}
TABLES = ("expect", "conntrack", "dying", "unconfirmed")     # the order a word is tried in
CT_STATS = ("found", "invalid", "insert", "insert_failed", "drop", "early_drop", "error", "search_restart",
            "clash_resolve", "chaintoolong")
EXP_STATS = ("expect_new", "expect_create", "expect_delete")


def table_word(argv: list[str], i: int) -> tuple[Optional[str], int]:
    """The table named after a command (check_type: any word not starting with '-' or '!'), and the next index.
    Raises ValueError for a word that names no table."""
    if i >= len(argv) or argv[i][:1] in ("-", "!"):
        return None, i
    word = argv[i]
    for table in TABLES:
        if table.startswith(word):                 # strncmp(word, table, strlen(word)): "e", "conn", ""
            return table, i + 1
    raise ValueError(f"unknown type `{word}'")


def refused(cmd: str, used: list[str]) -> Optional[str]:
    """The error for the first option (in conntrack's order) that `cmd` does not take, or None."""
    illegal = ILLEGAL.get(cmd, frozenset())
    for name in OPTION_ORDER:
        if name in used and name in illegal:
            return f"Illegal option `--{name}' with this command"
    if cmd == "L" and "zero" in used and ZERO_FILTERS.intersection(used):
        return "Can't use -z with filtering parameters"
    return None


def stats_text(table: Any, expect: bool, cpus: int) -> str:
    """conntrack -S: one line a CPU ("cpu=%-4u\\t" then each counter), the model's counts on cpu 0."""
    names = EXP_STATS if expect else CT_STATS
    counts = {} if expect else getattr(table, "stats", {})
    lines = []
    for cpu in range(cpus):
        fields = "".join(f"{name}={counts.get(name, 0) if cpu == 0 else 0} " for name in names)
        lines.append(f"cpu={cpu:<4}\t{fields}\n")
    return "".join(lines)


def machine_cpus(machine: Any) -> int:
    """The CPUs a machine has (a lab machine: 2, as the course's reference VM)."""
    return int(getattr(machine, "cpus", 2) or 2)
