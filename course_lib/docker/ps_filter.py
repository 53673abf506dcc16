"""`docker ps --filter KEY=VALUE` as the CLI parses it and dockerd's container list applies it.

CLI (opts.FilterOpt.Set): a value without `=` is the flag's invalid argument; the key is lower-cased and both sides
trimmed. Daemon (daemon/list.go): unknown keys are `invalid filter 'KEY'`, a bad exited value strconv.Atoi's
error, a bad status `invalid filter 'status=X'`; status and exited list stopped containers too.
Values of one key are alternatives, different keys must all hold, every `label` filter must hold
(filters.Args.MatchKVList); name and id are unanchored regular expressions (filters.Args.Match).
"""
from __future__ import annotations

import re
from typing import Any

from course_lib.docker.cli_util import CliError, daemon_error

ACCEPTED = ("ancestor", "before", "expose", "exited", "health", "id", "is-task", "isolation", "label", "name",
            "network", "publish", "since", "status", "volume")
STATES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")


def parse(values: list[str], cmd: str = "ps") -> dict[str, list[str]]:
    """The --filter flags as the CLI holds them: {key: [values]}."""
    out: dict[str, list[str]] = {}
    for raw in values:
        if raw == "":
            continue
        if "=" not in raw:
            raise CliError(f'invalid argument "{raw}" for "-f, --filter" flag: bad format of filter (expected '
                           f"name=value)\nSee 'docker {cmd} --help'.\n", 125)
        key, _, val = raw.partition("=")
        out.setdefault(key.strip().lower(), []).append(val.strip())
    return out


def validate(filters: dict[str, list[str]]) -> bool:
    """The daemon's checks, in its order; True when stopped containers are listed too (status, exited)."""
    for key in sorted(filters):
        if key not in ACCEPTED:
            raise daemon_error(f"invalid filter '{key}'")
    for val in filters.get("exited", []):
        if not re.fullmatch(r"[+-]?[0-9]+", val):
            raise daemon_error(f'strconv.Atoi: parsing "{val}": invalid syntax')
    for val in filters.get("status", []):
        if val not in STATES:
            raise daemon_error(f"invalid filter 'status={val}'")
    return bool(filters.get("status") or filters.get("exited"))


def _regex(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


def _label_holds(spec: str, labels: dict[str, str]) -> bool:
    key, eq, val = spec.partition("=")
    if key not in labels:
        return False
    return not eq or labels[key] == val


def matches(filters: dict[str, list[str]], c: Any) -> bool:
    """Does container `c` pass every filter?"""
    checks = {
        "name": lambda v: _regex(v, "/" + c.name) or _regex(v, c.name),
        "id": lambda v: _regex(v, c.id),
        "status": lambda v: c.status == v,
        "exited": lambda v: c.status == "exited" and c.exit_code == int(v),
        "network": lambda v: any(v in (name, ep.network.id) or ep.network.id.startswith(v)
                                 for name, ep in c.endpoints.items()) or v == c.network_mode,
        "ancestor": lambda v: v in (c.image.repository, c.image.ref, c.image.id) or
        c.image.id.removeprefix("sha256:").startswith(v),
        "expose": lambda v: v in c.image.exposed or f"{v}/tcp" in c.image.exposed,
        "publish": lambda v: any(v in (str(host), f"{host}/{proto}") for _, host, _, proto in c.ports),
    }
    for key, values in filters.items():
        if key == "label":
            if not all(_label_holds(v, c.labels) for v in values):
                return False
        elif key in checks and not any(checks[key](v) for v in values):
            return False
    return True
