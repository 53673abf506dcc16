"""kubectl's --dry-run strategies: none, client (nothing sent) and server (the API server admits, validates,
defaults and allocates, then answers without storing), with their suffixes `(dry run)`/`(server dry run)`.

cmdutil.GetDryRunStrategy: `--dry-run` alone is an error (NoOptDefVal "unchanged"); true/false still work with
klog's deprecation warning; anything else is `Invalid dry-run value`.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

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
    if value.lower() in ("1", "t", "true"):          # strconv.ParseBool
        return "client"
    if value.lower() in ("0", "f", "false"):
        return "none"
    if value == "unchanged":
        raise KubectlError('error: --dry-run flag without a value was specified. A value must be set: "none", '
                           '"server", or "client".\n')
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
              failed: Optional[Callable[[ApiError], str]] = None) -> Optional[CommandResult]:
    """What `run`, `expose` and the `create` generators print under --dry-run (None: no dry run). Client: the
    generated object, nothing sent. Server: the API server's dry-run answer, or its refusal through `failed`."""
    mode = strategy(flags)
    if mode == "none":
        return None
    from course_lib.k8s.kinds import KINDS
    from course_lib.k8s.kubectl.printflags import print_obj
    info = KINDS.get(obj.get("kind", ""))
    fmt = str(flags.get("output") or "")
    if mode == "server":
        try:
            obj = kx.cluster.api.create({k: v for k, v in obj.items() if k != "status"}, kx.namespace, dry_run=True)
        except ApiError as exc:
            return CommandResult("", (failed or api_error_text)(exc), 1)
        with_status(info, obj)
    return CommandResult(print_obj(fmt, info, obj, f"{ref} {verb}{SUFFIX[mode]}"), "", 0)
