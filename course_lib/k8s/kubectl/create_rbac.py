"""`kubectl create role|clusterrole|rolebinding|clusterrolebinding NAME` (kubectl 1.30 create_role.go,
create_clusterrole.go, create_rolebinding.go, create_clusterrolebinding.go): flags, validation messages, the
generated object (rules grouped by API group in sorted order), then create or --dry-run / -o as the other
generators."""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kubectl import klog
from course_lib.k8s.kubectl.create_front import Generator, front
from course_lib.k8s.kubectl.generate import create_object
from course_lib.k8s.kubectl.main import KubectlError, Kx
from course_lib.k8s.kubectl.write import CREATE_GENERATORS
from course_lib.result import CommandResult

Obj = dict[str, Any]
RBAC_GROUP = "rbac.authorization.k8s.io"
# create_role.go validResourceVerbs, and the verbs a nonResourceURL rule takes
VALID_VERBS = ("*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy", "deletecollection",
               "use", "bind", "escalate", "impersonate")
NON_RESOURCE_VERBS = ("*", "get", "post", "put", "delete", "patch", "head", "options")


def _list(flags: dict[str, Any], key: str) -> list[str]:
    return [part for item in flags.get(f"{key}[]", []) for part in item.split(",")]


def _common(kind: str, args: list[str], values: dict[str, str], bools: Any = None,
            **spec: Any) -> tuple[str, dict[str, Any]]:
    """create_front's checks for `kubectl create KIND` (spec: Generator's ints, required, shorthand)."""
    name, flags, _ = front(Generator(f"create {kind}", values, bools or {}, **spec), args)
    return name, flags


def _rules(flags: dict[str, Any], cluster_scoped: bool) -> list[Obj]:
    from course_lib.k8s.kubectl.get import resolve_type
    verbs = _list(flags, "verb")
    resources = _list(flags, "resource")
    urls = _list(flags, "url") if cluster_scoped else []
    if not verbs:
        raise KubectlError("error: at least one verb must be specified\n")
    if cluster_scoped and not resources and not urls:
        raise KubectlError("error: one of resource or nonResourceURL must be specified\n")
    if resources or not cluster_scoped:              # kubectl 1.30 warns, the API server takes any verb
        for verb in verbs:
            if verb not in VALID_VERBS:
                klog.stderr(f"Warning: '{verb}' is not a standard resource verb\n")
    if not resources and not urls:
        raise KubectlError("error: at least one resource must be specified\n")
    groups: dict[str, list[str]] = {}
    for item in resources:
        base, _, sub = item.partition("/")
        name, _, group = base.partition(".")
        if name == "*":
            resource, api_group = "*", group
        else:
            info = resolve_type(name if not group else base)
            resource, api_group = info.resource, info.group
        groups.setdefault(api_group, []).append(resource + (f"/{sub}" if sub else ""))
    names = _list(flags, "name")
    rules = []
    for group in sorted(groups):
        rule: Obj = {"apiGroups": [group], "resources": groups[group]}
        if names:
            rule["resourceNames"] = names
        rule["verbs"] = verbs
        rules.append(rule)
    if urls:
        for verb in verbs:
            if verb not in NON_RESOURCE_VERBS:
                raise KubectlError(f"error: invalid verb: '{verb}' for nonResourceURL\n")
        rules.append({"nonResourceURLs": urls, "verbs": verbs})
    return rules


ROLE_FLAGS = {"--verb": "verb", "--resource": "resource", "--resource-name": "name"}


def create_role(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    name, flags = _common("role", args[1:], ROLE_FLAGS)
    obj = {"apiVersion": f"{RBAC_GROUP}/v1", "kind": "Role",
           "metadata": {"creationTimestamp": None, "name": name}, "rules": _rules(flags, False)}
    return create_object(kx, obj, flags, f"role.{RBAC_GROUP}/{name}", "role")


def create_clusterrole(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    name, flags = _common("clusterrole", args[1:], {**ROLE_FLAGS, "--non-resource-url": "url",
                                                    "--aggregation-rule": "aggregation"})
    obj = {"apiVersion": f"{RBAC_GROUP}/v1", "kind": "ClusterRole",
           "metadata": {"creationTimestamp": None, "name": name}, "rules": _rules(flags, True)}
    return create_object(kx, obj, flags, f"clusterrole.{RBAC_GROUP}/{name}", "clusterrole")


def _subjects(flags: dict[str, Any]) -> list[Obj]:
    out: list[Obj] = [{"apiGroup": RBAC_GROUP, "kind": "User", "name": u} for u in flags.get("user[]", [])]
    out += [{"apiGroup": RBAC_GROUP, "kind": "Group", "name": g} for g in flags.get("group[]", [])]
    for sa in flags.get("sa[]", []):
        ns, sep, sa_name = sa.partition(":")
        if not sep or not ns or not sa_name or ":" in sa_name:
            raise KubectlError("error: serviceaccount must be <namespace>:<name>\n")
        out.append({"kind": "ServiceAccount", "name": sa_name, "namespace": ns})
    return out


BINDING_FLAGS = {"--clusterrole": "clusterrole", "--user": "user", "--group": "group", "--serviceaccount": "sa"}


def create_rolebinding(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    name, flags = _common("rolebinding", args[1:], {**BINDING_FLAGS, "--role": "role"})
    role, cluster_role = flags.get("role[]", [""])[-1], flags.get("clusterrole[]", [""])[-1]
    if bool(role) == bool(cluster_role):
        raise KubectlError("error: exactly one of clusterrole or role must be specified\n")
    obj = {"apiVersion": f"{RBAC_GROUP}/v1", "kind": "RoleBinding",
           "metadata": {"creationTimestamp": None, "name": name},
           "roleRef": {"apiGroup": RBAC_GROUP, "kind": "Role" if role else "ClusterRole", "name": role or cluster_role}}
    subjects = _subjects(flags)
    if subjects:
        obj["subjects"] = subjects
    return create_object(kx, obj, flags, f"rolebinding.{RBAC_GROUP}/{name}", "rolebinding")


def create_clusterrolebinding(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    name, flags = _common("clusterrolebinding", args[1:], BINDING_FLAGS, required=("clusterrole",))
    cluster_role = flags.get("clusterrole[]", [""])[-1]
    obj = {"apiVersion": f"{RBAC_GROUP}/v1", "kind": "ClusterRoleBinding",
           "metadata": {"creationTimestamp": None, "name": name},
           "roleRef": {"apiGroup": RBAC_GROUP, "kind": "ClusterRole", "name": cluster_role}}
    subjects = _subjects(flags)
    if subjects:
        obj["subjects"] = subjects
    return create_object(kx, obj, flags, f"clusterrolebinding.{RBAC_GROUP}/{name}", "clusterrolebinding")


CREATE_GENERATORS.update(role=create_role, clusterrole=create_clusterrole, rolebinding=create_rolebinding,
                         clusterrolebinding=create_clusterrolebinding)
