"""kubectl's --dry-run strategies: none, client (nothing sent) and server (the API server admits, validates,
defaults and allocates, then answers without storing), with their suffixes `(dry run)`/`(server dry run)`.

cmdutil.GetDryRunStrategy (kubectl 1.30): `--dry-run` alone (NoOptDefVal "unchanged") and true/false still work,
each with klog's deprecation warning; anything else is `Invalid dry-run value`.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from course_lib.k8s.kubectl import klog
from course_lib.k8s.kubectl.main import KubectlError, Kx, api_error_text
from course_lib.k8s.store import ApiError
from course_lib.result import CommandResult

Obj = dict[str, Any]
SUFFIX = {"none": "", "client": " (dry run)", "server": " (server dry run)"}


def strategy(flags: dict[str, Any]) -> str:
    """none | client | server from the parsed --dry-run flag (KubectlError for a bad value)."""
    value = flags.get("dry_run")
    if value is None:
        return "none"
    value = str(value)
    if value == "unchanged":                        # cmdutil.GetDryRunStrategy, kubectl 1.30
        klog.warn("helpers.go:703", "--dry-run is deprecated and can be replaced with --dry-run=client.")
        return "client"
    if value.lower() in ("1", "t", "true"):          # strconv.ParseBool
        klog.warn("helpers.go:717", f"--dry-run={value} is deprecated (boolean value) and can be replaced with "
                  "--dry-run=client.")
        return "client"
    if value.lower() in ("0", "f", "false"):
        klog.warn("helpers.go:720", f"--dry-run={value} is deprecated (boolean value) and can be replaced with "
                  "--dry-run=none.")
        return "none"
    if value in ("client", "server", "none"):
        return value
    raise KubectlError(f'error: Invalid dry-run value ({value}). Must be "none", "server", or "client".\n')


def bare_flag(args: list[str]) -> list[str]:
    """pflag's NoOptDefVal: a lone `--dry-run` takes the value "unchanged" (and never the next argument)."""
    return ["--dry-run=unchanged" if a == "--dry-run" else a for a in args]


def suffix(flags: dict[str, Any]) -> str:
    return SUFFIX[strategy(flags)]


def with_status(info: Any, obj: Obj) -> Obj:
    """The API server's answer to a create: a kind with a status carries it, empty when nothing set it yet."""
    if info is not None and isinstance(info.schema, dict) and "status" in info.schema:
        obj.setdefault("status", {})
    return obj


def generated(kx: Kx, obj: Obj, flags: dict[str, Any], ref: str, verb: str = "created",
              failed: Optional[Callable[[ApiError], str]] = None, enforce_ns: bool = False) -> Optional[CommandResult]:
    """What `run`, `expose` and the `create` generators print under --dry-run (None: no dry run). Client: the
    generated object, nothing sent. Server: the API server's dry-run answer, or its refusal through `failed`.
    `enforce_ns`: the `create` generators' EnforceNamespace, the -n namespace written into a namespaced object."""
    mode = strategy(flags)
    if mode == "none":
        return None
    from course_lib.k8s.kinds import KINDS
    from course_lib.k8s.kubectl.printflags import print_obj
    info = KINDS.get(obj.get("kind", ""))
    if enforce_ns and kx.namespace and info is not None and info.namespaced:
        obj = {**obj, "metadata": {**obj.get("metadata", {}), "namespace": kx.namespace}}
    if flags.get("save_config"):
        from course_lib.k8s.kubectl.typed_json import with_saved_config
        obj = with_saved_config(obj)
    fmt = str(flags.get("output") or "")
    if mode == "server":
        try:
            obj = kx.cluster.api.create({k: v for k, v in obj.items() if k != "status"}, kx.namespace, dry_run=True)
        except ApiError as exc:
            return CommandResult("", (failed or api_error_text)(exc), 1)
        with_status(info, obj)
    return CommandResult(print_obj(fmt, info, obj, f"{ref} {verb}{SUFFIX[mode]}", typed=True,
                                   strict=flags.get("allow_missing") is False), "", 0)
