"""`kubectl events`: the namespace's events oldest first, OBJECT as Kind/name (kubectl 1.30 cmd/events).

As events.go and event_printer.go: the list sorted by each event's time (its lastTimestamp), LAST SEEN from the
first time (`LAST (xN over FIRST)` for a repeated one), `--for TYPE/NAME` (the kind and name of the involved
object), `--types Normal,Warning`, -A with a NAMESPACE column, --no-headers, -o as the print flags give it;
nothing found: `No events found in NS namespace.` on stderr, rc 0. --watch is not modelled (it never ends).
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s import printers
from course_lib.k8s.kinds import human_duration, lookup_type
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.get import render
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.k8s.store import parse_timestamp
from course_lib.result import CommandResult

Obj = dict[str, Any]


def _when(kx: Kx, stamp: Any) -> str:
    return human_duration(kx.cluster.now() - parse_timestamp(stamp)) if stamp else "<unknown>"


def _interval(kx: Kx, ev: Obj) -> str:
    first = _when(kx, ev.get("firstTimestamp"))
    if int(ev.get("count") or 1) > 1:
        return f"{_when(kx, ev.get('lastTimestamp'))} (x{ev['count']} over {first})"
    return first


@sub("events")
def events(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    flags, pos, _ = parse("events", args, {"-A": "all_ns", "--all-namespaces": "all_ns", "--no-headers": "no_headers"},
                          {"--for": "for", "--types": "types", "-o": "output", "--output": "output",
                           "--chunk-size": "chunk"})
    want_kind = want_name = ""
    target = str(flags.get("for") or "")
    if target:
        if "/" not in target:
            raise KubectlError("error: --for must be in resource/name form\n")
        parts = target.split("/")
        if len(parts) != 2:
            raise KubectlError("error: arguments in resource/name form may not have more than one slash\n")
        info = lookup_type(parts[0])
        if info is None:
            raise KubectlError(f'error: the server doesn\'t have a resource type "{parts[0]}"\n')
        want_kind, want_name = info.kind, parts[1]
    types = sorted({t for v in flags.get("types[]", [flags["types"]] if flags.get("types") else [])
                    for t in str(v).split(",") if t})
    if any(t.lower() not in ("normal", "warning") for t in types):
        raise KubectlError("error: valid --types are Normal or Warning\n")
    all_ns = bool(flags.get("all_ns"))
    found = []
    for ev in kx.cluster.store.list("Event", None if all_ns else kx.ns):
        involved = ev.get("involvedObject") or {}
        if want_name and (involved.get("kind") != want_kind or involved.get("name") != want_name):
            continue
        if types and str(ev.get("type", "")).lower() not in {t.lower() for t in types}:
            continue
        found.append(ev)
    if not found:
        return CommandResult("", "No events found.\n" if all_ns else f"No events found in {kx.ns} namespace.\n", 0)
    found.sort(key=lambda e: parse_timestamp(e.get("lastTimestamp") or e.get("firstTimestamp") or
                                             "1970-01-01T00:00:00Z"))
    fmt = flags.get("output")
    if fmt:
        info = lookup_type("events")
        return CommandResult(render(str(fmt), found, False, [info] * len(found)), "", 0)
    rows = [] if flags.get("no_headers") else [(["NAMESPACE"] if all_ns else []) +
                                                ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]]
    for ev in found:
        involved = ev.get("involvedObject") or {}
        rows.append(([ev["metadata"].get("namespace", "")] if all_ns else []) +
                    [_interval(kx, ev), ev.get("type", ""), ev.get("reason", ""),
                     f"{involved.get('kind', '')}/{involved.get('name', '')}", str(ev.get("message", "")).strip()])
    return CommandResult(printers.tabwrite(rows), "", 0)
