"""`kubectl create quota|priorityclass NAME` (kubectl 1.30 create_quota.go, create_priorityclass.go): flags,
their validation messages, the generated object, then create or --dry-run / -o as the other generators."""
from __future__ import annotations

import re
from typing import Any

from course_lib.k8s.kubectl.create_rbac import _common
from course_lib.k8s.kubectl.generate import create_object
from course_lib.k8s.kubectl.main import KubectlError, Kx
from course_lib.k8s.kubectl.write import CREATE_GENERATORS
from course_lib.result import CommandResult

QUANTITY = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")
QUANTITY_ERROR = ("quantities must match the regular expression "
                  "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")


def _hard(text: str) -> dict[str, str]:
    """populateResourceListV1: `name=quantity,...`."""
    out: dict[str, str] = {}
    for statement in text.split(","):
        if not statement:
            continue
        name, sep, amount = statement.partition("=")
        if not sep or "=" in amount:
            raise KubectlError(f"error: Invalid argument syntax {statement}, expected <resource>=<value>\n")
        if not QUANTITY.match(amount):
            raise KubectlError(f"error: {QUANTITY_ERROR}\n")
        out[name] = amount
    return out


def create_quota(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    name, flags = _common("quota", args[1:], {"--hard": "hard", "--scopes": "scopes"})
    spec: dict[str, Any] = {}
    hard = _hard(flags.get("hard[]", [""])[-1])
    if hard:
        spec["hard"] = hard
    scopes = [s for s in flags.get("scopes[]", [""])[-1].split(",") if s]
    if scopes:
        spec["scopes"] = scopes
    obj = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"creationTimestamp": None, "name": name},
           "spec": spec, "status": {}}
    return create_object(kx, obj, flags, f"resourcequota/{name}", "quota")


def create_priorityclass(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    name, flags = _common("priorityclass", args[1:], {"--value": "value", "--description": "description",
                                                      "--preemption-policy": "preemption"},
                          {"--global-default": "global"}, ints={"value": 32})
    value = flags.get("value", 0)
    obj: dict[str, Any] = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                           "metadata": {"creationTimestamp": None, "name": name},
                           "preemptionPolicy": flags.get("preemption[]", ["PreemptLowerPriority"])[-1],
                           "value": value}
    if flags.get("global"):                         # globalDefault and description are omitempty
        obj["globalDefault"] = True
    if flags.get("description[]", [""])[-1]:
        obj["description"] = flags["description[]"][-1]
    return create_object(kx, obj, flags, f"priorityclass.scheduling.k8s.io/{name}", "priorityclass")


CREATE_GENERATORS.update(quota=create_quota, resourcequota=create_quota, priorityclass=create_priorityclass,
                         pc=create_priorityclass)
