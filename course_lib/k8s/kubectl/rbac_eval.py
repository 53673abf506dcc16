"""The API server's RBAC authorizer over the cluster's Roles, ClusterRoles and their bindings, for `kubectl auth`.

The requesting user is the kubeconfig's (kubeadm 1.30's admin.conf: kubernetes-admin in the group
kubeadm:cluster-admins) or the one `--as`/`--as-group` impersonate (a service account
system:serviceaccount:NS:NAME gets its groups as the service-account authenticator gives them). Rules are
matched as plugin/pkg/auth/authorizer/rbac/rbac.go does (verbs, API groups, resources with `*/sub`
subresources, resource names, non-resource URLs with a trailing `*`); ClusterRoleBindings are visited first,
then the RoleBindings of the request's namespace; a binding that applies to the user but names a missing role
gives the authorizer's reason `RBAC: role.rbac.authorization.k8s.io "x" not found`.

The bootstrap policy the model's store does not hold (the cluster-admin, admin, edit and view ClusterRoles,
system:basic-user, system:discovery, system:public-info-viewer and the bindings kubeadm and the API server
make for them) is taken from BOOTSTRAP when no stored object of that name exists; admin/edit/view carry the
workload resources a course uses, not every aggregated rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

Obj = dict[str, Any]
READ = ["get", "list", "watch"]
WRITE = ["create", "delete", "deletecollection", "patch", "update"]
CORE_READ = ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods",
             "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services",
             "services/status", "pods/log", "pods/status", "bindings", "events", "limitranges", "namespaces/status",
             "resourcequotas", "resourcequotas/status", "replicationcontrollers/status"]
APPS = ["controllerrevisions", "daemonsets", "deployments", "deployments/scale", "replicasets", "replicasets/scale",
        "statefulsets", "statefulsets/scale"]
BATCH = ["cronjobs", "jobs"]
NETWORKING = ["ingresses", "networkpolicies"]


def _rule(verbs: list[str], groups: Optional[list[str]] = None, resources: Optional[list[str]] = None,
          urls: Optional[list[str]] = None) -> Obj:
    rule: Obj = {"verbs": verbs}
    if groups is not None:
        rule["apiGroups"] = groups
    if resources is not None:
        rule["resources"] = resources
    if urls is not None:
        rule["nonResourceURLs"] = urls
    return rule


VIEW = [_rule(READ, [""], CORE_READ + ["namespaces"]), _rule(READ, ["apps"], APPS), _rule(READ, ["batch"], BATCH),
        _rule(READ, ["networking.k8s.io"], NETWORKING), _rule(READ, ["discovery.k8s.io"], ["endpointslices"]),
        _rule(READ, ["autoscaling"], ["horizontalpodautoscalers"]), _rule(READ, ["policy"], ["poddisruptionbudgets"])]
EDIT = [_rule(WRITE, [""], ["configmaps", "endpoints", "persistentvolumeclaims", "pods", "replicationcontrollers",
                           "replicationcontrollers/scale", "secrets", "serviceaccounts", "services"]),
        _rule(["create"], [""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "pods/eviction",
                                 "serviceaccounts/token"]),
        _rule(READ, [""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets",
                           "services/proxy"]),
        _rule(["impersonate"], [""], ["serviceaccounts"]),
        _rule(WRITE, ["apps"], APPS), _rule(WRITE, ["batch"], BATCH), _rule(WRITE, ["networking.k8s.io"], NETWORKING),
        _rule(WRITE, ["autoscaling"], ["horizontalpodautoscalers"]),
        _rule(WRITE, ["policy"], ["poddisruptionbudgets"]), _rule(WRITE, ["discovery.k8s.io"], ["endpointslices"])]
ADMIN = [_rule(READ + WRITE, ["rbac.authorization.k8s.io"], ["rolebindings", "roles"]),
         _rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"])]
DISCOVERY_URLS = ["/livez", "/readyz", "/healthz", "/version", "/version/"]
BOOTSTRAP_ROLES: dict[str, list[Obj]] = {
    "cluster-admin": [_rule(["*"], ["*"], ["*"]), _rule(["*"], urls=["*"])],
    "admin": ADMIN + EDIT + VIEW, "edit": EDIT + VIEW, "view": VIEW,
    "system:basic-user": [_rule(["create"], ["authorization.k8s.io"],
                                ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
                          _rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"])],
    "system:discovery": [_rule(["get"], urls=DISCOVERY_URLS[:4] + ["/version/", "/openapi", "/openapi/*", "/api",
                                                                  "/api/*", "/apis", "/apis/*"])],
    "system:public-info-viewer": [_rule(["get"], urls=DISCOVERY_URLS)],
}
BOOTSTRAP_BINDINGS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "cluster-admin": ("cluster-admin", [("Group", "system:masters")]),
    "kubeadm:cluster-admins": ("cluster-admin", [("Group", "kubeadm:cluster-admins")]),
    "system:basic-user": ("system:basic-user", [("Group", "system:authenticated")]),
    "system:discovery": ("system:discovery", [("Group", "system:authenticated")]),
    "system:public-info-viewer": ("system:public-info-viewer", [("Group", "system:authenticated"),
                                                                ("Group", "system:unauthenticated")]),
}
ADMIN_USER, ADMIN_GROUPS = "kubernetes-admin", ("kubeadm:cluster-admins", "system:authenticated")


@dataclass
class User:
    name: str
    groups: tuple[str, ...]
    uid: str = ""
    extra: dict[str, list[str]] = field(default_factory=dict)


def requester(flags: dict[str, str]) -> User:
    """Who the request is made as: the kubeconfig's admin, or the impersonated user and groups."""
    name = flags.get("as")
    groups = [g for g in (flags.get("as_group") or "").split("\n") if g]
    if not name:
        return User(ADMIN_USER, ADMIN_GROUPS) if not groups else User("", tuple(groups))
    parts = name.split(":")
    if len(parts) == 4 and parts[:2] == ["system", "serviceaccount"] and not groups:
        groups = ["system:serviceaccounts", f"system:serviceaccounts:{parts[2]}"]
    if name != "system:anonymous" and not {"system:authenticated", "system:unauthenticated"} & set(groups):
        groups.append("system:authenticated")
    return User(name, tuple(groups), flags.get("as_uid", ""))


def _cluster_role(cluster: Any, name: str) -> Optional[list[Obj]]:
    obj = cluster.store.get("ClusterRole", "", name)
    if obj is not None:
        return list(obj.get("rules") or [])
    return BOOTSTRAP_ROLES.get(name)


def _bindings(cluster: Any, namespace: str) -> Iterator[tuple[Obj, str]]:
    """(binding, its namespace) in the visiting order: cluster-wide ones, then the namespace's."""
    stored = {b["metadata"]["name"]: b for b in cluster.store.list("ClusterRoleBinding")}
    for name, (role, subjects) in BOOTSTRAP_BINDINGS.items():
        if name not in stored:
            yield ({"roleRef": {"kind": "ClusterRole", "name": role},
                    "subjects": [{"kind": k, "name": n} for k, n in subjects]}, "")
    for binding in stored.values():
        yield binding, ""
    if namespace:
        for binding in cluster.store.list("RoleBinding", namespace):
            yield binding, namespace


def _applies(user: User, subjects: list[Obj], namespace: str) -> bool:
    for s in subjects or []:
        kind, name = s.get("kind"), s.get("name")
        if kind == "User" and name == user.name:
            return True
        if kind == "Group" and name in user.groups:
            return True
        if kind == "ServiceAccount":
            ns = s.get("namespace") or namespace
            if user.name == f"system:serviceaccount:{ns}:{name}":
                return True
    return False


def rules_for(cluster: Any, user: User, namespace: str) -> tuple[list[Obj], list[str]]:
    """Every rule the user holds in the namespace (cluster-wide ones included), and the resolution errors."""
    rules: list[Obj] = []
    errors: list[str] = []
    for binding, ns in _bindings(cluster, namespace):
        if not _applies(user, binding.get("subjects") or [], ns):
            continue
        ref = binding.get("roleRef") or {}
        if ref.get("kind") == "Role":
            role = cluster.store.get("Role", ns, ref.get("name", ""))
            found = list(role.get("rules") or []) if role is not None else None
        else:
            found = _cluster_role(cluster, ref.get("name", ""))
        if found is None:
            errors.append(f'{str(ref.get("kind", "")).lower()}.rbac.authorization.k8s.io "{ref.get("name")}" '
                          "not found")
            continue
        rules += found
    return rules, errors


def _has(values: list[str], wanted: str) -> bool:
    return "*" in values or wanted in values


def _resource_matches(rule: Obj, resource: str, subresource: str) -> bool:
    combined = f"{resource}/{subresource}" if subresource else resource
    for r in rule.get("resources") or []:
        if r in ("*", combined):
            return True
        if subresource and r == f"*/{subresource}":
            return True
    return False


def _url_matches(rule: Obj, path: str) -> bool:
    return any(u == "*" or u == path or (u.endswith("*") and path.startswith(u[:-1]))
               for u in rule.get("nonResourceURLs") or [])


def allowed(cluster: Any, user: User, verb: str, namespace: str, group: str = "", resource: str = "",
            subresource: str = "", name: str = "", path: str = "") -> tuple[bool, str]:
    """(allowed, the authorizer's reason when denied)."""
    rules, errors = rules_for(cluster, user, namespace)
    for rule in rules:
        if not _has(rule.get("verbs") or [], verb):
            continue
        if path:
            if _url_matches(rule, path):
                return True, ""
            continue
        names = rule.get("resourceNames") or []
        if _has(rule.get("apiGroups") or [], group) and _resource_matches(rule, resource, subresource) \
                and (not names or name in names):
            return True, ""
    if not errors:
        return False, ""
    return False, "RBAC: " + (errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]")


def forbidden(kx: Any, verb: str, info: Any, namespace: Optional[str], name: str = "") -> str:
    """The API server's Forbidden error for a request made with --as/--as-group that RBAC denies, else "".
    Without impersonation the kubeconfig's admin may do anything: nothing is checked."""
    if not (kx.flags.get("as") or kx.flags.get("as_group")):
        return ""
    user = requester(kx.flags)
    ns = (namespace or "") if info.namespaced else ""
    ok, reason = allowed(kx.cluster, user, verb, ns, info.group, info.resource, "", name)
    if ok:
        return ""
    what = f'{info.resource_group} "{name}"' if name else info.resource_group
    where = f'in the namespace "{ns}"' if ns else "at the cluster scope"
    return (f'Error from server (Forbidden): {what} is forbidden: User "{user.name}" cannot {verb} resource '
            f'"{info.resource}" in API group "{info.group}" {where}' + (f": {reason}" if reason else "") + "\n")
