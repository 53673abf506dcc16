"""`kubectl create namespace|deployment|configmap|secret generic|docker-registry|tls|serviceaccount NAME`
(generators)."""
from __future__ import annotations

import base64
import json
import copy
from typing import Any

from course_lib.k8s.kinds import KINDS
from course_lib.k8s.kubectl import create_data
from course_lib.k8s.kubectl.create_front import Generator, front
from course_lib.k8s.kubectl.help import help_text
from course_lib.k8s.kubectl.main import KubectlError, Kx, api_error_text, create_failed
from course_lib.k8s.store import ApiError
from course_lib.result import CommandResult

Obj = dict[str, Any]
ALIASES = {"ns": "namespace", "deploy": "deployment", "cm": "configmap", "sa": "serviceaccount"}


def build(kind: str, name: str, flags: dict[str, Any], after: list[str], ctx: Any = None) -> Obj:
    meta: Obj = {"creationTimestamp": None, "name": name}
    if kind == "namespace":
        return {"apiVersion": "v1", "kind": "Namespace", "metadata": meta, "spec": {}, "status": {}}
    if kind == "serviceaccount":
        return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta}
    if kind == "docker-registry":
        return docker_registry(name, flags)
    if kind == "tls":
        from course_lib.k8s.kubectl.create_tls import tls_secret
        return tls_secret(name, flags, ctx)
    if kind in ("configmap", "secret"):
        data = create_data.data(kind, name, flags, ctx)
        if kind == "configmap":
            return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta, **({"data": data} if data else {})}
        secret: Obj = {"apiVersion": "v1", "kind": "Secret", "metadata": meta}
        if data:
            secret["data"] = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
        if flags.get("type"):
            secret["type"] = flags["type"]
        return secret
    images = [part for item in flags.get("image[]", []) if item for part in item.split(",")]    # a StringSlice
    if len(images) > 1 and after:
        raise KubectlError("error: cannot specify multiple --image options and command\n")
    containers = []
    for image in images:
        cname = image.rsplit("/", 1)[-1].split(":")[0].split("@")[0]
        c: Obj = {"image": image, "name": cname} if image else {"name": cname}      # image is omitempty
        if after:
            c["command"] = after
        if flags.get("port", -1) >= 0 and not containers:     # the first container only
            c["ports"] = [{"containerPort": flags["port"]}]
        c["resources"] = {}
        containers.append(c)
    labels = {"app": name}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {**meta, "labels": labels},
            "spec": {"replicas": flags.get("replicas", 1), "selector": {"matchLabels": labels},
                     "strategy": {}, "template": {"metadata": {"creationTimestamp": None, "labels": labels},
                                                  "spec": {"containers": containers}}},
            "status": {}}


# kubectl 1.30's flags of these generators (create_deployment.go, create_configmap.go, create_secret.go ...)
GENERATORS = {
    "namespace": Generator("create namespace", {}),
    "serviceaccount": Generator("create serviceaccount", {}),
    "configmap": Generator("create configmap", create_data.SOURCES, {"--append-hash": "append_hash"}),
    "secret": Generator("create secret generic", {**create_data.SOURCES, "--type": "type"},
                        {"--append-hash": "append_hash"}),
    "docker-registry": Generator("create secret docker-registry", {
        "--docker-server": "server", "--docker-username": "username", "--docker-password": "password",
        "--docker-email": "email"}, {"--append-hash": "append_hash"}),
    "tls": Generator("create secret tls", {"--cert": "cert", "--key": "key"}, {"--append-hash": "append_hash"}),
    "deployment": Generator("create deployment", {"--image": "image", "--port": "port", "--replicas": "replicas",
                                                  "-r": "replicas"},
                            ints={"port": 32, "replicas": 32}, required=("image",), shorthand={"replicas": "r"}),
}


def docker_registry(name: str, flags: dict[str, Any]) -> Obj:
    """create_secret_docker.go: a kubernetes.io/dockerconfigjson Secret whose .dockerconfigjson is
    {"auths":{SERVER:{"username","password","email" (omitempty),"auth": base64(user:password)}}}."""
    server = flags.get("server", "https://index.docker.io/v1/")
    user, password = flags.get("username", ""), flags.get("password", "")
    if not (user and password and server):
        raise KubectlError("error: either --from-file or the combination of --docker-username, --docker-password "
                           "and --docker-server is required\n")
    entry = {"username": user, "password": password, **({"email": flags["email"]} if flags.get("email") else {}),
             "auth": base64.b64encode(f"{user}:{password}".encode()).decode()}
    config = json.dumps({"auths": {server: entry}}, separators=(",", ":"), ensure_ascii=False)
    return {"apiVersion": "v1", "data": {".dockerconfigjson": base64.b64encode(config.encode()).decode()},
            "kind": "Secret", "metadata": {"creationTimestamp": None, "name": name},
            "type": "kubernetes.io/dockerconfigjson"}


def create_generated(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    kind = ALIASES.get(args[0], args[0])
    rest = args[1:]
    if kind == "secret":
        if not rest or rest[0] not in ("generic", "tls", "docker-registry"):
            if rest and rest[0].startswith("--"):
                raise KubectlError(f"error: unknown flag: {rest[0].split('=', 1)[0]}\nSee 'kubectl create secret "
                                   "--help' for usage.\n")
            from course_lib.k8s.kubectl.suggest import default_subcommand_run
            words = [a for a in rest if not a.startswith("-")]
            return default_subcommand_run("create secret", words, help_text("create secret"))
        if rest[0] in ("docker-registry", "tls"):
            kind = rest[0]
        rest = rest[1:]
    name, flags, after = front(GENERATORS[kind], rest)
    obj = build(kind, name, flags, after, kx.ctx)
    if flags.get("append_hash"):
        from course_lib.k8s.kubectl.create_tls import with_hash
        obj = with_hash(obj)
        name = obj["metadata"]["name"]
    # create namespace returns the API error as it is
    what = "secret" if kind == "tls" else kind         # create_secret_tls.go: "failed to create secret: %v"
    return create_object(kx, obj, flags, f"{KINDS[obj['kind']].qualified}/{name}", what,
                         raw_errors=kind == "namespace")


def create_object(kx: Kx, obj: dict[str, Any], flags: dict[str, Any], ref: str, what: str,
                  raw_errors: bool = False) -> CommandResult:
    """What `kubectl create WHAT NAME ...` does with the object it generated: print it under --dry-run, else
    create it and print the API server's answer as -o asks (`REF created`, `-o name` the bare REF, yaml/json/...
    the object as created, before any controller acted on it), or the API's refusal as `failed to create WHAT: ...`."""
    from course_lib.k8s.kubectl import dryrun, printflags
    failed = (lambda exc: api_error_text(exc)) if raw_errors else (lambda exc: create_failed(what, exc))
    dry = dryrun.generated(kx, obj, flags, ref, failed=failed, enforce_ns=True)
    if dry is not None:
        return dry
    fmt = str(flags.get("output") or "")
    if flags.get("save_config"):
        from course_lib.k8s.kubectl.typed_json import with_saved_config
        obj = with_saved_config(obj)
    try:
        stored = kx.cluster.api.create({k: v for k, v in obj.items() if k != "status"}, kx.namespace, reconcile=False)
    except ApiError as exc:
        return CommandResult("", api_error_text(exc) if raw_errors else create_failed(what, exc), 1)
    info = KINDS.get(obj.get("kind", ""))
    answer = dryrun.with_status(info, copy.deepcopy(stored)) if printflags.shows_object(fmt) else stored
    kx.cluster.reconcile()
    return CommandResult(printflags.print_obj(fmt, info, answer, f"{ref} created", typed=True,
                                                     strict=flags.get("allow_missing") is False), "", 0)
