"""`ip route save|restore|showdump`: a route dump behind iproute2's magic number, read back as routes.

The kernel's dump is binary netlink; the model writes the same 4-byte magic (0x45311224, little-endian)
then one JSON route per line. `restore` checks the magic as iproute2 does ("Magic mismatch (N elems,
M magic)", exit 1) and adds the routes, passing over those that exist.
"""
from __future__ import annotations

import json

from course_lib.backends.stack import RouteSpec
from course_lib.result import CommandError
from course_lib.shell.ip import format as fmt
from course_lib.shell.ip.options import Args, link_exists

MAGIC = "\x24\x12\x31\x45"
_FIELDS = ("dst", "family", "type", "table", "gateway", "dev", "src", "metric", "proto", "scope")


def save(run, args: Args, parse_filter, selected) -> None:
    """The routes the selectors pick (main table, IPv4 unless -6), as a dump on stdout."""
    family = 6 if run.opts.family == 6 else 4
    flt = parse_filter(run, args, family)
    lines = []
    for rec in run.stack.routes(family, flt.table):
        if selected(rec, flt):
            item = {name: getattr(rec, name) for name in _FIELDS}
            item["onlink"] = "onlink" in rec.flags
            if rec.metrics or rec.metric_locks or rec.realms:      # RTA_METRICS and RTA_FLOW ride along
                item.update(metrics=rec.metrics, locks=sorted(rec.metric_locks), realms=rec.realms)
            lines.append(json.dumps(item, separators=(",", ":")))
    run.write(MAGIC + "".join(line + "\n" for line in lines))


def read_dump(run, rc: int = 1) -> list[dict]:
    """The items of a dump on stdin, or iproute2's "Magic mismatch" (exit `rc`)."""
    data = run.stdin
    if not data.startswith(MAGIC):
        head = data[:4].encode("latin-1", "replace")
        elems = 1 if len(head) == 4 else 0
        magic = int.from_bytes(head, "little") if elems else 0
        raise CommandError(f"Magic mismatch ({elems} elems, {magic:x} magic)", rc)
    out = []
    for line in data[len(MAGIC):].splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out


def restore(run) -> None:
    """restore_handler(): each route added; "File exists" is reported and passed over, any other
    refusal ends the restore (exit 2)."""
    for item in read_dump(run):
        spec = RouteSpec(**{name: item.get(name) for name in _FIELDS})
        spec.onlink = bool(item.get("onlink"))
        spec.metrics, spec.metric_locks = item.get("metrics"), frozenset(item.get("locks") or ())
        spec.realms = item.get("realms") or None
        try:
            if spec.dev is not None and not link_exists(run.stack, spec.dev):
                raise CommandError("RTNETLINK answers: No such device", 2)
            run.stack.route_add(spec, "add")
        except CommandError as error:
            if not error.message.endswith("File exists"):
                raise CommandError(error.message, 2) from None
            run.warn(f"{error.message}\n")


def showdump(run) -> None:
    from course_lib.backends.stack import RouteRecord
    for item in read_dump(run):
        rec = RouteRecord(**{name: item.get(name) for name in _FIELDS},
                          flags=["onlink"] if item.get("onlink") else [], metrics=item.get("metrics"),
                          metric_locks=frozenset(item.get("locks") or ()), realms=item.get("realms") or 0)
        run.write(fmt.format_route(rec, run.opts, show_table=True))


# -- ip address save / restore / showdump -----------------------------------------------------------
_ADDR_FIELDS = ("ifindex", "dev", "family", "local", "prefixlen", "scope", "broadcast", "label", "peer", "flags",
                "valid_lft", "preferred_lft")


def addr_save(run, chosen) -> None:
    """The selected addresses (inet first, then inet6, as the kernel dumps them)."""
    records = [a for _rec, mine, _every in chosen for a in mine]
    records.sort(key=lambda a: a.family)
    run.write(MAGIC + "".join(json.dumps({k: getattr(a, k) for k in _ADDR_FIELDS}, separators=(",", ":")) + "\n"
                              for a in records))


def addr_restore(run) -> None:
    """Each address added again; "already assigned" is reported and passed over, another refusal stops."""
    for item in read_dump(run, rc=255):
        dev = item["dev"]
        try:
            if not link_exists(run.stack, dev):
                raise CommandError("RTNETLINK answers: No such device", 2)
            flags = item.get("flags") or []
            run.stack.addr_add(dev, item["local"], item["prefixlen"], broadcast=item.get("broadcast"),
                               label=item.get("label") if item.get("label") != dev else None,
                               scope=item.get("scope"), peer=item.get("peer"),
                               noprefixroute="noprefixroute" in flags)
        except CommandError as error:
            if "already assigned" not in error.message:
                raise CommandError(error.message, 2) from None
            run.warn(f"{error.message}\n")


def addr_showdump(run) -> None:
    from course_lib.backends.stack import AddrRecord
    for item in read_dump(run, rc=255):
        a = AddrRecord(**{k: item.get(k) for k in _ADDR_FIELDS})
        lines = fmt.addr_lines(a, run.opts)
        run.write(f"if{a.ifindex}:\n" + "\n".join(lines) + "\n")
