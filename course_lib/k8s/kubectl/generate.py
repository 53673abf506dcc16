"""`kubectl create namespace|deployment|configmap|secret generic|serviceaccount NAME` (generators)."""
from __future__ import annotations

import base64
import copy
from typing import Any

from course_lib.k8s.kinds import KINDS
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.main import KubectlError, Kx, api_error_text, create_failed
from course_lib.k8s.store import ApiError
from course_lib.result import CommandResult

Obj = dict[str, Any]
ALIASES = {"ns": "namespace", "deploy": "deployment", "cm": "configmap", "sa": "serviceaccount"}


def _literals(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise KubectlError(f"error: invalid literal source {item}, expected key=value\n")
        out[key] = value
    return out


def build(kind: str, name: str, flags: dict[str, Any], after: list[str]) -> Obj:
    meta: Obj = {"creationTimestamp": None, "name": name}
    if kind == "namespace":
        return {"apiVersion": "v1", "kind": "Namespace", "metadata": meta, "spec": {}, "status": {}}
    if kind == "serviceaccount":
        return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta}
    if kind == "configmap":
        return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta,
                "data": _literals(flags.get("literal[]", []))}
    if kind == "secret":
        data = {k: base64.b64encode(v.encode()).decode() for k, v in _literals(flags.get("literal[]", [])).items()}
        return {"apiVersion": "v1", "kind": "Secret", "metadata": meta, "data": data}
    for flag in ("port", "replicas"):               # int32 flags: pflag refuses what is not a number
        text = str(flags.get(flag, "0"))
        if not text.lstrip("+-").isdigit() or not text.isascii():
            raise KubectlError(f'error: invalid argument "{text}" for "--{flag}" flag: strconv.ParseInt: parsing '
                               f'"{text}": invalid syntax\nSee \'kubectl create deployment --help\' for usage.\n')
        if not -2 ** 31 <= int(text) < 2 ** 31:
            raise KubectlError(f'error: invalid argument "{text}" for "--{flag}" flag: strconv.ParseInt: parsing '
                               f'"{text}": value out of range\nSee \'kubectl create deployment --help\' for usage.\n')
    images = flags.get("image[]", [])
    if not images:
        raise KubectlError('error: required flag(s) "image" not set\n')
    containers = []
    for image in images:
        cname = image.rsplit("/", 1)[-1].split(":")[0].split("@")[0]
        c: Obj = {"image": image, "name": cname}
        if after:
            c["command"] = after
        if flags.get("port"):
            c["ports"] = [{"containerPort": int(flags["port"])}]
        c["resources"] = {}
        containers.append(c)
    labels = {"app": name}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {**meta, "labels": labels},
            "spec": {"replicas": int(flags.get("replicas", 1)), "selector": {"matchLabels": labels},
                     "strategy": {}, "template": {"metadata": {"creationTimestamp": None, "labels": labels},
                                                  "spec": {"containers": containers}}},
            "status": {}}


# genericclioptions.PrintFlags("created"): JSON/YAML, name and template printers, as its error lists them
CREATE_FORMATS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "name",
                  "template", "templatefile", "yaml")


def create_generated(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    kind = ALIASES.get(args[0], args[0])
    rest = args[1:]
    if kind == "secret":
        if not rest or rest[0] not in ("generic", "tls", "docker-registry"):
            raise KubectlError("error: Required resource not specified.\n")
        rest = rest[1:]
    flags, pos, after = parse(f"create {kind}", rest, {},
                              {"--image": "image", "--replicas": "replicas", "--port": "port",
                               "--from-literal": "literal", "--dry-run": "dry_run", "-o": "output",
                               "--output": "output"})
    if len(pos) != 1:                                # NameFromCommandArgs
        raise KubectlError(f"error: exactly one NAME is required, got {len(pos)}\nSee 'kubectl create {kind} -h' "
                           "for help and examples\n")
    from course_lib.k8s.kubectl import dryrun
    dryrun.strategy(flags)                           # Complete: the dry-run strategy, then the printer
    fmt = str(flags.get("output", ""))
    if fmt and fmt.partition("=")[0] not in CREATE_FORMATS:
        raise KubectlError(f'error: unable to match a printer suitable for the output format "{fmt}", allowed '
                           "formats are: " + ",".join(CREATE_FORMATS) + "\n")
    obj = build(kind, pos[0], flags, after)
    # create namespace returns the API error as it is
    return create_object(kx, obj, flags, f"{KINDS[obj['kind']].qualified}/{pos[0]}", kind,
                         raw_errors=kind == "namespace")


def create_object(kx: Kx, obj: dict[str, Any], flags: dict[str, Any], ref: str, what: str,
                  raw_errors: bool = False) -> CommandResult:
    """What `kubectl create WHAT NAME ...` does with the object it generated: print it under --dry-run, else
    create it and print the API server's answer as -o asks (`REF created`, `-o name` the bare REF, yaml/json/...
    the object as created, before any controller acted on it), or the API's refusal as `failed to create WHAT: ...`."""
    from course_lib.k8s.kubectl import dryrun, printflags
    failed = (lambda exc: api_error_text(exc)) if raw_errors else (lambda exc: create_failed(what, exc))
    dry = dryrun.generated(kx, obj, flags, ref, failed=failed)
    if dry is not None:
        return dry
    fmt = str(flags.get("output") or "")
    try:
        stored = kx.cluster.api.create({k: v for k, v in obj.items() if k != "status"}, kx.namespace, reconcile=False)
    except ApiError as exc:
        return CommandResult("", api_error_text(exc) if raw_errors else create_failed(what, exc), 1)
    info = KINDS.get(obj.get("kind", ""))
    answer = dryrun.with_status(info, copy.deepcopy(stored)) if printflags.shows_object(fmt) else stored
    kx.cluster.reconcile()
    return CommandResult(printflags.print_obj(fmt, info, answer, f"{ref} created"), "", 0)
