"""`ip rule save|restore`: the rules of a family behind iproute2's dump magic, added back as the kernel
does for a restore: without NLM_F_EXCL (duplicates allowed) and, for a rule of preference 0 (which the
dump carries no FRA_PRIORITY for), with the default preference."""
from __future__ import annotations

import dataclasses
import ipaddress
import json

from course_lib.net import rules as model
from course_lib.result import CommandError
from course_lib.shell.ip.dump import MAGIC, read_dump
from course_lib.shell.ip.options import Args


def save(run, netns, args: Args) -> None:
    if args.more():
        raise CommandError('"ip rule save" does not take any arguments.', 1)
    family = 6 if run.opts.family == 6 else 4
    lines = []
    from course_lib.shell.ip.rule import _rules_of
    for rule in _rules_of(netns, family):
        item = dataclasses.asdict(rule)
        for key in ("src", "dst"):
            item[key] = str(item[key]) if item[key] is not None else None
        lines.append(json.dumps(item, separators=(",", ":")))
    run.write(MAGIC + "".join(line + "\n" for line in lines))


def restore(run, netns) -> None:
    for item in read_dump(run, rc=255):
        for key in ("src", "dst"):
            if item.get(key) is not None:
                item[key] = ipaddress.ip_interface(item[key])
        for key in ("sport", "dport", "uidrange"):
            if item.get(key) is not None:
                item[key] = tuple(item[key])
        fields = {f.name for f in dataclasses.fields(model.Rule)}
        rule = model.Rule(**{k: v for k, v in item.items() if k in fields})
        try:
            if hasattr(netns, "ops"):           # the real backend: the kernel adds it (KernelRules.restore)
                netns.ops.restore(rule)
                continue
            model.add_rule(netns, rule, rule.pref != 0, lambda: {r.table for r in netns.routes}, exclusive=False)
        except CommandError as error:
            raise CommandError(error.message, 2) from None
