"""`kubectl delete` (kubectl 1.30): -f FILE | TYPE NAME... | TYPE/NAME | -l | --all, --cascade, --grace-period,
--now, --force, --wait, -o name.

The API server deletes with the propagation policy (course_lib.k8s.gc: background by default, orphan,
foreground); pods terminate gracefully. As the real kubectl, it prints `deployment.apps "web" deleted` as
each object is deleted, then (--wait, the default) waits until each one is gone: model time passes while a
pod terminates, so `kubectl delete pod web` returns once the pod is gone, while `kubectl delete deployment
web` returns at once and leaves its pods Terminating for the garbage collector and the kubelets to finish.
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s import gc
from course_lib.k8s.api import mapping
from course_lib.k8s.kubectl import dryrun
from course_lib.k8s.kubectl.flags import parse, parse_selector, type_name_pairs
from course_lib.k8s.kubectl.get import resolve_type
from course_lib.k8s.kubectl.main import KubectlError, Kx, api_error_text, sub
from course_lib.k8s.kubectl.write import FILE_BOOLS, FILE_FLAGS, _each, _name_of, _sources, namespace_of
from course_lib.k8s.store import ApiError
from course_lib.result import CommandResult

Obj = dict[str, Any]
POLICIES = {"background": "Background", "orphan": "Orphan", "foreground": "Foreground"}
TRUE, FALSE = ("1", "t", "T", "TRUE", "true", "True"), ("0", "f", "F", "FALSE", "false", "False")   # ParseBool
FORCE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                 "terminated. The resource may continue to run on the cluster indefinitely.\n")


def cascade(value: str) -> tuple[str, str]:
    """parseCascadingFlag: (propagation policy, warning)."""
    if value in TRUE or value in FALSE:
        policy = "background" if value in TRUE else "orphan"
        return POLICIES[policy], (f"warning: --cascade={'true' if value in TRUE else 'false'} is deprecated "
                                  f"(boolean value) and can be replaced with --cascade={policy}.\n")
    if value not in POLICIES:
        raise KubectlError(f'error: invalid cascade value ({value}). Must be "background", "foreground", or '
                           '"orphan"\n')
    return POLICIES[value], ""


def grace_period(flags: dict[str, Any]) -> tuple[int, str]:
    """--grace-period/--now/--force as kubectl's Complete and Validate settle them: (-1 = the object's own)."""
    text = str(flags.get("grace", "-1"))
    try:
        grace = int(text)
    except ValueError:
        raise KubectlError(f'error: invalid argument "{text}" for "--grace-period" flag: strconv.ParseInt: parsing '
                           f'"{text}": invalid syntax\nSee \'kubectl delete --help\' for usage.\n') from None
    if flags.get("now"):
        if grace != -1:
            raise KubectlError("error: --now and --grace-period cannot be specified together\n")
        grace = 1
    force = bool(flags.get("force"))
    if grace == 0 and not force:
        grace = 1                        # --grace-period=0 without --force means 1
    if force and grace < 0:
        grace = 0
    if force and grace > 0:
        raise KubectlError("error: --force and --grace-period greater than 0 cannot be specified together\n")
    return grace, FORCE_WARNING if force and grace == 0 else ""


@sub("delete")
def delete(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    bools = {**FILE_BOOLS, "--now": "now", "--force": "force"}
    values = {**FILE_FLAGS, "--grace-period": "grace", "--timeout": "timeout", "--cascade": "cascade"}
    args = ["--cascade=background" if a == "--cascade" else a for a in args]       # NoOptDefVal
    flags, pos, _ = parse("delete", args, bools, values)
    policy, warning = cascade(str(flags.get("cascade", "background")))
    grace, force_note = grace_period(flags)
    warning += force_note
    if flags.get("output") not in (None, "name"):
        raise KubectlError(f"error: Unexpected -o output mode: {flags['output']}. We only support '-o name'.\n"
                           "See 'kubectl delete -h' for help and examples\n")
    api = kx.cluster.api
    deleted: list[tuple[str, str, str, str]] = []
    mode = dryrun.strategy(flags)

    def remove(info: Any, ns: str, name: str) -> str:
        current = kx.cluster.store.get(info.kind, ns, name)
        if mode != "none":                    # read (the builder's GET), never deleted
            if current is None:
                raise ApiError("NotFound", f'{info.resource_group} "{name}" not found', 404)
            if mode == "server" and info.kind == "Namespace" and name in gc.IMMORTAL:   # admission runs
                raise ApiError("Forbidden", f'namespaces "{name}" is forbidden: this namespace may not be deleted',
                               403)
        else:
            api.delete(info.kind, ns, name, reconcile=False, propagation=policy, grace=None if grace < 0 else grace)
        if current is not None and mode == "none":
            deleted.append((info.kind, ns, name, current["metadata"].get("uid", "")))
        if flags.get("output") == "name":
            return f"{info.qualified}/{name}"
        return f'{info.qualified} "{name}" {"force deleted" if grace == 0 else "deleted"}{dryrun.SUFFIX[mode]}'

    if flags.get("filename[]"):
        def one(doc: Any) -> str:
            info = mapping(doc)
            ns = (namespace_of(doc) or kx.ns) if info.namespaced else ""
            return remove(info, ns, _name_of(doc)) + "\n"
        result = _each(kx, _sources(flags, "delete"), stdin, "deleting", one, verb="delete")
        _wait(kx, flags, deleted)
        return CommandResult(result.stdout, warning + result.stderr, result.returncode)
    if not pos:
        _sources(flags, "delete")
    targets = _targets(kx, flags, pos)
    if not targets:
        return CommandResult("", warning + "No resources found\n", 0)
    out, err = [], []
    for info, name in targets:
        try:
            out.append(remove(info, kx.ns if info.namespaced else "", name) + "\n")
        except ApiError as exc:
            if not (flags.get("ignore") and exc.reason == "NotFound"):
                err.append(api_error_text(exc))
    kx.cluster.reconcile()
    _wait(kx, flags, deleted)
    return CommandResult("".join(out), warning + "".join(err), 1 if err else 0)


def _targets(kx: Kx, flags: dict[str, Any], pos: list[str]) -> list[tuple[Any, str]]:
    targets: list[tuple[Any, str]] = []
    pairs = type_name_pairs(pos)
    if pairs is not None:
        for tname, name in pairs:
            targets.append((resolve_type(tname), name))
        return targets
    infos = [resolve_type(t) for t in pos[0].split(",")]
    names = pos[1:]
    selector = parse_selector(flags.get("selector", ""), infos[0])
    if not names and not flags.get("all") and not selector:
        raise KubectlError("error: resource(s) were provided, but no name was specified\n")
    for info in infos:
        if names:
            targets += [(info, n) for n in names]
        else:
            targets += [(info, o["metadata"]["name"]) for o in
                        kx.cluster.store.list(info.kind, kx.ns if info.namespaced else None, selector or None)]
    return targets


def _wait(kx: Kx, flags: dict[str, Any], deleted: list[tuple[str, str, str, str]]) -> None:
    if flags.get("wait", True) and deleted:
        gc.wait_gone(kx.cluster, deleted)
