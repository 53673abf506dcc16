"""`kubectl wait --for=condition=C[=V] | --for=delete | --for=jsonpath='{...}'=V TYPE/NAME... [-l] [--all]`.

As kubectl 1.30: each object in turn, with what is left of --timeout (30s by default) as model time;
`pod/x condition met` for each (the type with its group: job.batch/x), `error: timed out waiting for the
condition on pods/x` when time runs out, and a condition matched by type and value after case folding.
"""
from __future__ import annotations

from typing import Any, Callable

from course_lib.k8s.kubectl.flags import parse, parse_selector, type_name_pairs
from course_lib.k8s.kubectl.get import resolve_type
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.k8s.kubectl.patch import not_found
from course_lib.k8s.kubectl.rollout import go_duration
from course_lib.result import CommandResult

Obj = dict[str, Any]


def _condition_fn(text: str) -> Callable[[Any], bool]:
    """conditionFuncFor: a test of the current object (None when it is gone)."""
    if text.lower() == "delete":
        return lambda obj: obj is None
    if text.startswith("condition="):
        name, _, value = text[len("condition="):].partition("=")
        value = value or "true"

        def met(obj: Any) -> bool:
            conds = ((obj or {}).get("status") or {}).get("conditions") or []
            return any(str(c.get("type", "")).casefold() == name.casefold() and
                       str(c.get("status", "")).casefold() == value.casefold() for c in conds)
        return met
    if text.startswith("jsonpath="):
        from course_lib.k8s.jsonpath import render
        expr, _, value = text[len("jsonpath="):].rpartition("=")
        if not expr:
            expr, value = value, ""
        expr = expr.strip("'\"")
        if not value:
            raise KubectlError("error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3\n")
        return lambda obj: obj is not None and render(expr, obj) == value
    raise KubectlError(f'error: unrecognized condition: "{text}"\n')


@sub("wait")
def wait(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    from course_lib.k8s.gc import wait_until
    flags, pos, _ = parse("wait", args, {"--all": "all"},
                          {"--for": "for", "--timeout": "timeout", "-l": "selector", "--selector": "selector"})
    test = _condition_fn(str(flags.get("for", "")))
    timeout = go_duration(str(flags.get("timeout", "30s")))
    targets: list[tuple[Any, str, str]] = []           # (kind info, name, uid)
    named = type_name_pairs(pos)
    if named is not None:
        pairs = [(resolve_type(t), n) for t, n in named]
    elif pos:
        info = resolve_type(pos[0])
        if len(pos) == 1:
            objs = kx.cluster.store.list(info.kind, kx.ns if info.namespaced else None,
                                         parse_selector(flags.get("selector", ""), info) or None)
            if not flags.get("all") and not flags.get("selector"):
                raise KubectlError("error: resource(s) were provided, but no name was specified\n")
            if not objs:
                raise KubectlError("error: no matching resources found\n")
            pairs = [(info, o["metadata"]["name"]) for o in objs]
        else:
            pairs = [(info, n) for n in pos[1:]]
    else:
        raise KubectlError("error: resource(s) were provided, but no name was specified\n")
    for info, name in pairs:
        obj = kx.cluster.store.get(info.kind, kx.ns if info.namespaced else "", name)
        if obj is None:
            if test(None):
                continue
            raise not_found(info, name)
        targets.append((info, name, obj["metadata"]["uid"]))
    end = kx.cluster.now() + timeout
    out = []
    for info, name, uid in targets:
        def current() -> Any:
            obj = kx.cluster.store.get(info.kind, kx.ns if info.namespaced else "", name)
            return obj if obj is not None and obj["metadata"]["uid"] == uid else None
        if not wait_until(kx.cluster, lambda: test(current()), max(0.0, end - kx.cluster.now())):
            return CommandResult("".join(out), f"error: timed out waiting for the condition on {info.resource}/"
                                               f"{name}\n", 1)
        out.append(f"{info.qualified}/{name} condition met\n")
    return CommandResult("".join(out), "", 0)
