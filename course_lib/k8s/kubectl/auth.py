"""`kubectl auth can-i` and `kubectl auth whoami`, answered by the RBAC authorizer of rbac_eval.

As kubectl 1.30 (staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go, whoami.go): can-i asks a
SelfSubjectAccessReview and prints `yes` (rc 0) or `no` with the authorizer's reason (rc 1), -q prints
nothing; its warnings (an unknown resource type, a cluster-scoped resource asked in a namespace, an unknown
verb) come on stderr first; `--list` prints the SelfSubjectRulesReview's rules broken down per verb, the simple
ones compacted, sorted as PolicyRule strings (rbac util BreakdownRule/CompactRules/SortableRuleSlice).
whoami prints the SelfSubjectReview's user attributes.
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s import printers
from course_lib.k8s.kinds import lookup_type
from course_lib.k8s.kubectl import rbac_eval
from course_lib.k8s.kubectl.flags import parse
from course_lib.k8s.kubectl.help import help_text
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.result import CommandResult

Obj = dict[str, Any]
RESOURCE_VERBS = {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use", "bind",
                  "impersonate", "*", "approve", "sign", "escalate", "attest"}
URL_VERBS = {"get", "put", "post", "head", "options", "delete", "patch", "*"}


@sub("auth")
def auth(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    if args and args[0] == "can-i":
        return can_i(kx, args[1:])
    if args and args[0] == "whoami":
        return whoami(kx, args[1:])
    _flags, pos, _ = parse("auth", args, {}, {})
    if pos:                                        # DefaultSubCommandRun: RequireNoArguments, then the help
        raise KubectlError(f'error: unknown command "{" ".join(pos)}"\nSee \'kubectl auth -h\' for help and '
                           "examples\n")
    return CommandResult("", help_text("auth"), 1)  # ... on stderr, then ErrExit


def _resource(arg: str, warnings: list[str]) -> tuple[str, str, Any]:
    """resourceFor: (group, resource, kind info) for TYPE; an unknown type is asked as written."""
    if arg == "*":
        return "", "*", None
    info = lookup_type(arg.lower())
    if info is None:
        resource, _, group = arg.lower().partition(".")
        if resource not in ("users", "groups") or group:
            warnings.append(f"Warning: the server doesn't have a resource type '{resource}'"
                            + (f" in group '{group}'\n" if group else "\n"))
        return "", arg, None
    return info.group, info.resource, info


def can_i(kx: Kx, args: list[str]) -> CommandResult:
    flags, pos, _ = parse("auth can-i", args, {"-A": "all_ns", "--all-namespaces": "all_ns", "-q": "quiet",
                                               "--quiet": "quiet", "--list": "list", "--no-headers": "no_headers"},
                          {"--subresource": "subresource"})
    user = rbac_eval.requester(kx.flags)
    if flags.get("list"):
        if pos:
            raise KubectlError("error: list option must be specified with no arguments\n")
        if flags.get("quiet") or flags.get("all_ns") or flags.get("subresource"):
            raise KubectlError("error: list option can't be specified with neither quiet, all-namespaces nor "
                               "subresource options\n")
        return CommandResult(_rules_table(kx, user, not flags.get("no_headers")), "", 0)
    if len(pos) != 2:
        raise KubectlError("error: you must specify two arguments: verb resource or verb resource/resourceName.\n"
                           "See 'kubectl auth can-i -h' for help and examples.\n")
    verb, target = pos
    warnings: list[str] = []
    namespace = "" if flags.get("all_ns") else kx.ns
    group = resource = name = path = ""
    if target.startswith("/"):
        path = target
        if flags.get("subresource"):
            raise KubectlError("error: --subresource can not be used with NonResourceURL\n")
        if verb not in URL_VERBS:
            warnings.append(f"Warning: verb '{verb}' is not a known verb\n")
    else:
        kind, _, name = target.partition("/")
        group, resource, info = _resource(kind, warnings)
        if not flags.get("all_ns"):
            if info is not None and not info.namespaced:
                warnings.append(f"Warning: resource '{resource}' is not namespace scoped"
                                + (f" in group '{group}'\n" if group else "\n"))
            if verb not in RESOURCE_VERBS:
                warnings.append(f"Warning: verb '{verb}' is not a known verb\n")
    if flags.get("no_headers"):
        raise KubectlError("".join(warnings) + "error: --no-headers cannot be set without --list specified\n")
    ok, reason = rbac_eval.allowed(kx.cluster, user, verb, namespace, group, resource,
                                   str(flags.get("subresource") or ""), name, path)
    out = "yes\n" if ok else "no" + (f" - {reason}" if reason else "") + "\n"
    return CommandResult("" if flags.get("quiet") else out, "".join(warnings), 0 if ok else 1)


def _breakdown(rule: Obj) -> list[Obj]:
    """rbacutil.BreakdownRule: one rule per group, resource, verb (and resource name); URLs per verb."""
    out = []
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            for verb in rule.get("verbs") or []:
                names = rule.get("resourceNames") or []
                out += [{"apiGroups": [group], "resources": [resource], "verbs": [verb], "resourceNames": [n]}
                        for n in names] or [{"apiGroups": [group], "resources": [resource], "verbs": [verb]}]
    for url in rule.get("nonResourceURLs") or []:
        out += [{"nonResourceURLs": [url], "verbs": [verb]} for verb in rule.get("verbs") or []]
    return out


def _compact(rules: list[Obj]) -> list[Obj]:
    """rbacutil.CompactRules: simple rules of one group/resource(/name) gather their verbs."""
    compacted, simple = [], {}
    for rule in rules:
        if rule.get("nonResourceURLs") or len(rule.get("resourceNames") or []) > 1:
            compacted.append(rule)
            continue
        key = (rule["apiGroups"][0], rule["resources"][0], tuple(rule.get("resourceNames") or ()))
        if key in simple:
            simple[key]["verbs"] += [v for v in rule["verbs"] if v not in simple[key]["verbs"]]
        else:
            simple[key] = {**rule, "verbs": list(rule["verbs"])}
    return compacted + list(simple.values())


def _go_string(rule: Obj) -> str:
    """The generated PolicyRule.String() the rules are sorted by."""
    def lst(key: str) -> str:
        return "[" + " ".join(rule.get(key) or []) + "]"
    return (f"&PolicyRule{{Verbs:{lst('verbs')},APIGroups:{lst('apiGroups')},Resources:{lst('resources')},"
            f"ResourceNames:{lst('resourceNames')},NonResourceURLs:{lst('nonResourceURLs')},}}")


def _combine(rule: Obj) -> str:
    """describe.CombineResourceGroup."""
    resources, groups = rule.get("resources") or [], rule.get("apiGroups") or []
    if not resources:
        return ""
    base, slash, sub_res = resources[0].partition("/")
    if groups and groups[0]:
        base += "." + groups[0]
    return base + (slash + sub_res if slash else "")


def _rules_table(kx: Kx, user: rbac_eval.User, headers: bool) -> str:
    rules, _errors = rbac_eval.rules_for(kx.cluster, user, kx.ns)
    ordered = [r for r in rules if r.get("resources")] + [r for r in rules if not r.get("resources")
                                                         and r.get("nonResourceURLs")]
    broken = [piece for r in ordered for piece in _breakdown(r)]
    compact = sorted(_compact(broken), key=_go_string)
    rows = [["Resources", "Non-Resource URLs", "Resource Names", "Verbs"]] if headers else []
    for r in compact:
        rows.append([_combine(r), "[" + " ".join(r.get("nonResourceURLs") or []) + "]",
                     "[" + " ".join(r.get("resourceNames") or []) + "]", "[" + " ".join(r["verbs"]) + "]"])
    return printers.tabwrite(rows)


def whoami(kx: Kx, args: list[str]) -> CommandResult:
    flags, pos, _ = parse("auth whoami", args, {}, {"-o": "output", "--output": "output"})
    user = rbac_eval.requester(kx.flags)
    fmt = flags.get("output")
    if fmt in ("json", "yaml"):
        info: Obj = {"groups": list(user.groups), "username": user.name}
        if user.uid:
            info["uid"] = user.uid
        doc = {"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview",
               "metadata": {"creationTimestamp": None}, "status": {"userInfo": info}}
        return CommandResult(printers.to_json(doc) if fmt == "json" else printers.to_yaml(doc), "", 0)
    rows = [["ATTRIBUTE", "VALUE"]]
    if user.name:
        rows.append(["Username", user.name])
    if user.uid:
        rows.append(["UID", user.uid])
    if user.groups:
        rows.append(["Groups", "[" + " ".join(user.groups) + "]"])
    return CommandResult(printers.tabwrite(rows), "", 0)
