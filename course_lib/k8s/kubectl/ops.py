"""kubectl run, exec, logs, scale, label, version, cluster-info."""
from __future__ import annotations

import copy
import re
from typing import Any

from course_lib.k8s import printers
from course_lib.k8s.kubectl import dryrun, printflags
from course_lib.k8s.kubectl.flags import parse, type_name_pairs
from course_lib.k8s.kubectl.get import resolve_type
from course_lib.k8s.kubectl.main import KubectlError, Kx, MISSING_RESOURCE, api_error_text, sub
from course_lib.k8s.nodefiles import K8S_VERSION
from course_lib.k8s.store import ApiError
from course_lib.result import CommandResult

Obj = dict[str, Any]


@sub("version")
def version(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    # --short was removed in kubectl 1.28 (its output is the default now): an unknown flag
    flags, pos, _ = parse("version", args, {"--client": "client"}, {"-o": "output", "--output": "output"})
    if flags.get("output") not in (None, "yaml", "json"):
        raise KubectlError("error: --output must be 'yaml' or 'json'\n")
    from course_lib.k8s.apiserver_https import VERSION_INFO
    kustomize = "v5.0.4-0.20230601165947-6ce0bf390ce3"
    info: dict[str, Any] = {"clientVersion": dict(VERSION_INFO), "kustomizeVersion": kustomize}
    lines = [f"Client Version: {K8S_VERSION}", f"Kustomize Version: {kustomize}"]
    err, code = "", 0
    if not flags.get("client"):
        if kx.cluster is None:
            err, code = ("The connection to the server localhost:8080 was refused - did you specify the right host "
                         "or port?\n"), 1
        else:
            lines.append(f"Server Version: {K8S_VERSION}")
            info["serverVersion"] = dict(VERSION_INFO)
    if flags.get("output") == "json":           # json.MarshalIndent(.., "", "  ") and Fprintln
        import json
        return CommandResult(json.dumps(info, indent=2) + "\n", err, code)
    if flags.get("output") == "yaml":           # yaml.Marshal (sorted keys) and Fprintln: a blank line after
        return CommandResult(printers.to_yaml(info) + "\n", err, code)
    return CommandResult("\n".join(lines) + "\n", err, code)


@sub("cluster-info")
def cluster_info(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    server = f"https://{kx.cluster.node_ip('controlplane')}:6443"
    lines = [f"Kubernetes control plane is running at {server}"]
    if kx.cluster.store.get("Service", "kube-system", "kube-dns") is not None:
        lines.append(f"CoreDNS is running at {server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy")
    text = "\n".join(lines) + "\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
    return CommandResult(text, "", 0)


def atoi(text: str) -> int:
    """Go's strconv.Atoi, whose error kubectl prints for a --port that is not a number."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise KubectlError(f'error: strconv.Atoi: parsing "{text}": invalid syntax\n')
    return int(text)


def run_pod_manifest(name: str, flags: dict[str, Any], after: list[str]) -> Obj:
    labels = {}
    for item in (flags.get("labels") or f"run={name}").split(","):
        k, _, v = item.partition("=")
        labels[k] = v
    container: Obj = {"image": flags["image"], "name": name}
    if after:
        container["command" if flags.get("command") else "args"] = after
    if flags.get("port"):
        container["ports"] = [{"containerPort": atoi(flags["port"])}]
    for item in flags.get("env[]", []):
        k, _, v = item.partition("=")
        container.setdefault("env", []).append({"name": k, "value": v})
    if flags.get("pull"):
        container["imagePullPolicy"] = flags["pull"]
    container["resources"] = {}
    if flags.get("stdin"):
        container["stdin"] = True
    if flags.get("tty"):
        container["tty"] = True
    spec: Obj = {"containers": [container], "dnsPolicy": "ClusterFirst",
                 "restartPolicy": flags.get("restart") or "Always"}
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"creationTimestamp": None, "labels": labels, "name": name}, "spec": spec, "status": {}}


@sub("run")
def run(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    from course_lib.k8s.kubectl.create_front import COMMON_BOOLS, COMMON_VALUES, complete_printer
    bools = {k: v for k, v in COMMON_BOOLS.items() if k != "--validate"}
    flags, pos, after = parse("run", args, {**bools, "--command": "command", "-i": "stdin", "--stdin": "stdin",
                                            "-t": "tty", "--tty": "tty", "--rm": "rm", "--expose": "expose"},
                              {**COMMON_VALUES, "--image": "image", "--port": "port", "--labels": "labels",
                               "-l": "labels", "--restart": "restart", "--env": "env",
                               "--image-pull-policy": "pull", "--overrides": "overrides"})
    if "image" not in flags:                         # cobra's required flag: given at all
        raise KubectlError('error: required flag(s) "image" not set\n')
    dryrun.strategy(flags)                           # Complete: the dry-run strategy and the printer
    complete_printer(flags)
    if not pos:
        raise KubectlError("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n")
    name = pos[0]
    after = pos[1:] + after
    if not IMAGE_REFERENCE.fullmatch(flags["image"]):
        raise KubectlError(f'error: Invalid image name "{flags["image"]}": invalid reference format\n')
    if flags.get("tty") and not flags.get("stdin"):
        raise KubectlError("error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' "
                           "for help and examples\n")
    if flags.get("expose") and not flags.get("port"):
        raise KubectlError("error: --port must be set when exposing a service\nSee 'kubectl run -h' for help and "
                           "examples\n")
    manifest = _overridden(run_pod_manifest(name, flags, after), flags.get("overrides"))
    service = _run_service(name, manifest, flags) if flags.get("expose") else None
    dry = dryrun.generated(kx, manifest, flags, f"pod/{name}")
    if dry is not None:
        if service is None or dry.returncode:
            return dry
        shown = dryrun.generated(kx, service, flags, f"service/{name}")     # generateService prints first
        sep = "---\n" if flags.get("output") == "yaml" else ""
        return CommandResult(shown.stdout + sep + dry.stdout, shown.stderr + dry.stderr, shown.returncode)
    attach = bool(flags.get("stdin") or flags.get("tty"))
    if attach and stdin and manifest["spec"]["containers"][0].get("args") in (None, ["sh"], ["/bin/sh"], ["bash"]):
        manifest["spec"]["containers"][0]["args"] = ["sh", "-c", stdin]      # what the learner types in the shell
    if flags.get("rm") and not attach:
        raise KubectlError("error: --rm should only be used for attached containers\n")
    try:
        kx.cluster.api.create({k: v for k, v in manifest.items() if k != "status"}, kx.namespace)
    except ApiError as exc:
        return CommandResult("", api_error_text(exc), 1)
    out = ""
    if service is not None:
        try:
            kx.cluster.api.create({k: v for k, v in service.items() if k != "status"}, kx.namespace)
            out = f"service/{name} created\n"
        except ApiError as exc:                 # run.go: the pod stays, is printed, then the service's error
            return CommandResult(f"pod/{name} created\n", api_error_text(exc), 1)
    if not attach:
        return CommandResult(out + f"pod/{name} created\n", "", 0)
    return _attach(kx, name, bool(flags.get("rm")))


# docker/distribution reference.ReferenceRegexp, which run.go checks --image against
_DOMAIN = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*"
IMAGE_REFERENCE = re.compile(rf"(?:{_DOMAIN}(?::[0-9]+)?/)?{_COMPONENT}(?:/{_COMPONENT})*(?::[\w][\w.-]{{0,127}})?"
                             r"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?")


def _overridden(pod: Obj, overrides: Any) -> Obj:
    """--overrides: a JSON merge patch of the generated object (OverrideOptions, type merge)."""
    if not overrides:
        return pod
    import json
    from course_lib.k8s.patches import merge_patch
    try:
        patch = json.loads(overrides)
    except ValueError:
        raise KubectlError("error: Invalid JSON Patch\n") from None
    return merge_patch(pod, patch)


def _run_service(name: str, pod: Obj, flags: dict[str, Any]) -> Obj:
    """run --expose: ServiceGeneratorV2 with the pod's name, its labels as the selector, --port as port and
    target port."""
    port = atoi(flags["port"])
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"creationTimestamp": None, "name": name},
            "spec": {"ports": [{"port": port, "protocol": "TCP", "targetPort": port}],
                     "selector": dict(pod["metadata"]["labels"])}, "status": {"loadBalancer": {}}}


def _attach(kx: Kx, name: str, remove: bool) -> CommandResult:
    """`kubectl run -i/-t [--rm]`: the container's output, then (with --rm) the pod's deletion; kubectl
    first waits (--pod-running-timeout, 1m) for the pod to leave Pending."""
    from course_lib.k8s.gc import wait_until
    wait_until(kx.cluster, lambda: ((kx.cluster.store.get("Pod", kx.ns, name) or {}).get("status") or {})
               .get("phase", "Pending") != "Pending", 60.0)
    pod = kx.cluster.store.get("Pod", kx.ns, name)
    node = pod["spec"].get("nodeName") if pod else None
    rt = kx.cluster.kubelets[node].runtime(pod) if node else None
    if rt is None or not rt.containers:
        out, err = "", "error: timed out waiting for the condition\n"
        if remove:
            kx.cluster.api.delete("Pod", kx.ns, name, grace=0)      # nothing runs: gone at once
            out = f'pod "{name}" deleted\n'
        return CommandResult(out, err, 1)
    rc = next(iter(rt.containers.values()))
    out = "".join(line + "\n" for _, line in rc.logs)
    err = ""
    if rc.exit_code is None:
        err = "If you don't see a command prompt, try pressing enter.\n"
    code = rc.exit_code or 0
    if remove:
        kx.cluster.api.delete("Pod", kx.ns, name, grace=0)      # the session (PID 1) has ended
        out += f'pod "{name}" deleted\n'
    if code:
        out += f"pod {kx.ns}/{name} terminated (Error)\n" if not remove else ""
    return CommandResult(out, err, code)


def _pod(kx: Kx, name: str) -> Obj:
    pod = kx.cluster.store.get("Pod", kx.ns, name)
    if pod is None:
        raise KubectlError(f'Error from server (NotFound): pods "{name}" not found\n')
    return pod


def _container(pod: Obj, name: Any, inits: bool = False) -> tuple[str, str]:
    """The container to use and kubectl's `Defaulted container` note (`logs -c` may name an init container)."""
    containers = [c["name"] for c in pod["spec"].get("containers") or []]
    if name:
        ephemeral = [c["name"] for c in pod["spec"].get("ephemeralContainers") or []]
        if name not in containers + ephemeral + [c["name"] for c in pod["spec"].get("initContainers") or []
                                                 if inits]:
            raise KubectlError(f"error: container {name} is not valid for pod {pod['metadata']['name']}\n")
        return name, ""
    note = ""
    if len(containers) > 1:
        inits = [f"{c['name']} (init)" for c in pod["spec"].get("initContainers") or []]
        note = f'Defaulted container "{containers[0]}" out of: {", ".join(containers + inits)}\n'
    return containers[0], note


@sub("exec")
def exec_(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    from course_lib.docker.hostops import box_context
    flags, pos, after = parse("exec", args, {"-i": "stdin", "--stdin": "stdin", "-t": "tty", "--tty": "tty",
                                             "-q": "quiet", "--quiet": "quiet"},
                              {"-c": "container", "--container": "container"})
    if not pos:
        raise KubectlError("error: expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD_NAME and COMMAND "
                           "are required arguments for the exec command\nSee 'kubectl exec -h' for help and examples\n")
    if len(pos) > 1 and not after:
        raise KubectlError("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] "
                           "instead\nSee 'kubectl exec -h' for help and examples\n")
    if not after:
        raise KubectlError("error: you must specify at least one command for the container\n")
    target = pos[0].split("/", 1)[-1] if pos[0].startswith(("pod/", "pods/", "po/")) else pos[0]
    pod = _pod(kx, target)
    if pod["status"].get("phase") in ("Succeeded", "Failed"):
        raise KubectlError("error: cannot exec into a container in a completed pod; current phase is "
                           f"{pod['status']['phase']}\n")
    cname, note = _container(pod, flags.get("container"))
    if pod["status"].get("phase") != "Running":
        raise KubectlError(note + f"error: unable to upgrade connection: container not found (\"{cname}\")\n")
    kubelet = kx.cluster.kubelets[pod["spec"]["nodeName"]]
    rt = kubelet.runtime(pod)
    rc = rt.containers.get(cname) if rt else None
    if rc is None or rc.exit_code is not None:
        raise KubectlError(note + f"error: unable to upgrade connection: container not found (\"{cname}\")\n")
    prog = after[0].rsplit("/", 1)[-1]
    if rc.tools is not None and prog not in rc.tools and not after[0].startswith("/"):
        return CommandResult("", note + "error: Internal error occurred: Internal error occurred: error executing "
                             "command in container: failed to exec in container: failed to start exec "
                             f'"{kx.cluster.network.random().getrandbits(256):064x}": OCI runtime exec failed: exec '
                             f'failed: unable to start container process: exec: "{after[0]}": executable file not '
                             "found in $PATH: unknown\n", 1)
    from course_lib.k8s.kubelet import process_env
    env = process_env(pod, rc.spec, rc)
    ctx = box_context(kx.ctx, rt.box, env, rc.spec.get("workingDir") or "/")
    from course_lib.k8s.kubectl.debug import container_view
    with container_view(rt.box, rc):
        result = ctx.run_argv(list(after), stdin if flags.get("stdin") else "")
    err = note + result.stderr
    if result.returncode:
        err += f"command terminated with exit code {result.returncode}\n"
    return CommandResult(result.stdout, err, result.returncode)


@sub("logs")
def logs(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    flags, pos, _ = parse("logs", args, {"-f": "follow", "--follow": "follow", "-p": "previous",
                                         "--previous": "previous", "--timestamps": "ts"},
                          {"-c": "container", "--container": "container", "--tail": "tail", "-l": "selector",
                           "--since": "since"})
    if not pos:
        raise KubectlError("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a "
                           "required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n")
    target = pos[0]
    if "/" in target:
        tname, _, oname = target.partition("/")
        info = resolve_type(tname)
        if info.kind != "Pod":
            owner = kx.cluster.store.get(info.kind, kx.ns, oname)
            if owner is None:
                raise KubectlError(f'Error from server (NotFound): {info.resource_group} "{oname}" not found\n')
            pods = [p for p in kx.cluster.store.list("Pod", kx.ns, (owner["spec"].get("selector") or {})
                                                     .get("matchLabels"))]
            if not pods:
                raise KubectlError("error: timed out waiting for the condition\n")
            target = pods[0]["metadata"]["name"]
        else:
            target = oname
    pod = _pod(kx, target)
    cname, note = _container(pod, flags.get("container") or (pos[1] if len(pos) > 1 else None), inits=True)
    rt = kx.cluster.kubelets[pod["spec"]["nodeName"]].runtime(pod) if pod["spec"].get("nodeName") else None
    rc = rt.containers.get(cname) if rt else None
    if rc is None:
        reason = (((pod["status"].get("containerStatuses") or [{}])[0].get("state") or {}).get("waiting") or {}) \
            .get("reason", "ContainerCreating")
        raise KubectlError(note + f'Error from server (BadRequest): container "{cname}" in pod '
                           f'"{pod["metadata"]["name"]}" is waiting to start: '
                           f'{"trying and failing to pull image" if reason in ("ErrImagePull", "ImagePullBackOff") else reason}\n')
    restarts = next((st.get("restartCount", 0) for st in pod["status"].get("containerStatuses") or []
                     if st.get("name") == cname), 0)
    if flags.get("previous") and not restarts:       # the kubelet keeps no earlier instance of it
        raise KubectlError(note + f'Error from server (BadRequest): previous terminated container "{cname}" in pod '
                           f'"{pod["metadata"]["name"]}" not found\n')
    lines = [line for _, line in rc.logs]
    tail = flags.get("tail")
    if tail and tail.lstrip("-").isdigit() and int(tail) >= 0:
        lines = lines[-int(tail):] if int(tail) else []
    return CommandResult("".join(line + "\n" for line in lines), note, 0)


@sub("scale")
def scale(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    flags, pos, _ = parse("scale", args, {}, {"--replicas": "replicas", "--current-replicas": "current",
                                              "--dry-run": "dry_run", "-o": "output", "--output": "output"})
    mode = dryrun.strategy(flags)
    fmt = str(flags.get("output") or "")
    printflags.check(fmt)                         # ScaleFlags.ToOptions makes the printer first
    if "replicas" not in flags:
        raise KubectlError("error: required flag(s) \"replicas\" not set\n")
    targets = []
    pairs = type_name_pairs(pos)
    if pairs is not None:
        targets = [(resolve_type(t), n) for t, n in pairs]
    elif len(pos) >= 2:
        targets = [(resolve_type(pos[0]), n) for n in pos[1:]]
    else:
        raise KubectlError("error: resource(s) were provided, but no name was specified\n")
    replicas = flags["replicas"]
    if not replicas.lstrip("-").isdigit():
        raise KubectlError(f'error: invalid argument "{replicas}" for "--replicas" flag: strconv.ParseInt: '
                           f'parsing "{replicas}": invalid syntax\nSee \'kubectl scale --help\' for usage.\n')
    if int(replicas) > 2 ** 31 - 1 or int(replicas) < -2 ** 31:
        raise KubectlError(f'error: invalid argument "{replicas}" for "--replicas" flag: strconv.ParseInt: '
                           f'parsing "{replicas}": value out of range\nSee \'kubectl scale --help\' for usage.\n')
    if int(replicas) < 0:
        raise KubectlError("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n")
    out, missing = [], ""                         # the builder continues on error: the found ones are scaled
    for info, name in targets:
        obj = kx.cluster.store.get(info.kind, kx.ns, name)
        if obj is None:
            missing += f'Error from server (NotFound): {info.resource_group} "{name}" not found\n'
            continue
        read = copy.deepcopy(obj) if printflags.shows_object(fmt) else obj
        if mode == "none":
            obj["spec"]["replicas"] = int(replicas)
            kx.cluster.api.update(obj)
        # kubectl 1.30 prints info.Object as the builder read it: -o yaml shows the replicas before the scale
        # (kubernetes/kubectl#1806, fixed after 1.35)
        out.append(printflags.print_obj(fmt, info, read, f"{info.qualified}/{name} scaled{dryrun.SUFFIX[mode]}"))
    if missing:
        raise KubectlError(missing, stdout="".join(out))
    return CommandResult("".join(out), "", 0)


@sub("expose")
def expose(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    """The Service object kubectl builds; services/kube-proxy make it work on the data path."""
    flags, pos, _ = parse("expose", args, {}, {"--port": "port", "--target-port": "target", "--name": "name",
                                               "--type": "type", "--protocol": "protocol", "--selector": "selector",
                                               "--dry-run": "dry_run", "-o": "output", "--output": "output",
                                               "-l": "labels", "--labels": "labels", "--external-ip": "external_ip",
                                               "--cluster-ip": "cluster_ip", "--session-affinity": "affinity",
                                               "--load-balancer-ip": "lb_ip"})
    if pos and "/" in pos[0]:
        pos = pos[0].split("/", 1) + pos[1:]
    if len(pos) < 2:
        raise KubectlError(MISSING_RESOURCE)
    info = resolve_type(pos[0])
    obj = kx.cluster.store.get(info.kind, kx.ns, pos[1])
    if obj is None:
        raise KubectlError(f'Error from server (NotFound): {info.resource_group} "{pos[1]}" not found\n')
    if info.kind not in ("Pod", "Service", "Deployment", "ReplicaSet", "ReplicationController"):
        raise KubectlError(f"error: cannot expose a {info.kind}\n")
    if flags.get("selector"):
        from course_lib.k8s.kubectl.flags import equality_selector
        selector = equality_selector(flags["selector"])
    elif info.kind == "Pod":
        selector = dict(obj["metadata"].get("labels") or {})
        if not selector:
            raise KubectlError("error: couldn't retrieve selectors via --selector flag or introspection: the pod has "
                               "no labels and cannot be exposed\nSee 'kubectl expose -h' for help and examples\n")
    elif info.kind == "Service":
        selector = dict(obj["spec"].get("selector") or {})
    else:
        selector = dict((obj["spec"].get("selector") or {}).get("matchLabels") or {})
    protocol = flags.get("protocol") or "TCP"
    if flags.get("port"):
        ports = [{"port": atoi(flags["port"]), "protocol": protocol}]
    else:
        if info.kind == "Service":
            found = [p.get("port") for p in obj["spec"].get("ports") or []]
        else:
            spec = obj["spec"] if info.kind == "Pod" else obj["spec"]["template"]["spec"]
            found = [p["containerPort"] for c in spec.get("containers") or [] for p in c.get("ports") or []]
        if not found:
            raise KubectlError("error: couldn't find port via --port flag or introspection\n"
                               "See 'kubectl expose -h' for help and examples\n")
        ports = [{"port": int(p), "protocol": protocol} for p in found]
        if len(ports) > 1:
            for n, p in enumerate(ports, 1):
                p["name"] = f"port-{n}"
    for p in ports:
        target = flags.get("target")
        p["targetPort"] = (int(target) if target.isdigit() else target) if target else p["port"]
    name = flags.get("name") or pos[1]
    labels = dict(obj["metadata"].get("labels") or {})
    svc: Obj = {"apiVersion": "v1", "kind": "Service",
                "metadata": {"creationTimestamp": None, "name": name},
                "spec": {"ports": ports, "selector": selector}, "status": {"loadBalancer": {}}}
    if labels:
        svc["metadata"]["labels"] = labels
    if flags.get("type"):
        svc["spec"]["type"] = flags["type"]
    if flags.get("cluster_ip"):
        svc["spec"]["clusterIP"] = flags["cluster_ip"]
    if flags.get("affinity"):                    # ServiceGeneratorV2's own check
        if flags["affinity"] not in ("None", "ClientIP"):
            raise KubectlError(f"error: unknown session affinity: {flags['affinity']}\n")
        svc["spec"]["sessionAffinity"] = flags["affinity"]
    if flags.get("lb_ip"):
        svc["spec"]["loadBalancerIP"] = flags["lb_ip"]
    dry = dryrun.generated(kx, svc, flags, f"service/{name}", verb="exposed")
    if dry is not None:
        return dry
    try:
        kx.cluster.api.create({k: v for k, v in svc.items() if k != "status"}, kx.namespace)
    except ApiError as exc:
        return CommandResult("", api_error_text(exc), 1)
    except KeyError:
        raise KubectlError('error: the server doesn\'t have a resource type "services"\n') from None
    return CommandResult(f"service/{name} exposed\n", "", 0)


@sub("api-resources")
def api_resources(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    """The API server's discovery: every served resource, sorted by group ('' first), then by name."""
    from course_lib.k8s.discovery import discovery_rows
    flags, pos, _ = parse("api-resources", args, {"--namespaced": "namespaced", "--no-headers": "no_headers"},
                          {"-o": "output", "--output": "output", "--api-group": "group"})
    group = lambda version: version.split("/")[0] if "/" in version else ""  # noqa: E731
    infos = discovery_rows()
    if "group" in flags:
        infos = [i for i in infos if group(i[2]) == flags["group"]]
    if "namespaced" in flags:
        infos = [i for i in infos if i[3] == bool(flags["namespaced"])]
    if flags.get("output") == "name":
        return CommandResult("".join((f"{i[0]}.{group(i[2])}" if group(i[2]) else i[0]) + "\n"
                                     for i in infos), "", 0)
    rows = [] if flags.get("no_headers") else [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]]
    for i in infos:
        rows.append([i[0], i[1], i[2], "true" if i[3] else "false", i[4]])
    return CommandResult(printers.tabwrite(rows), "", 0)


# the group versions a kubeadm 1.30 API server serves (no alpha/beta API enabled), as discovery lists them
API_VERSIONS = ("admissionregistration.k8s.io/v1", "apiextensions.k8s.io/v1", "apiregistration.k8s.io/v1", "apps/v1",
                "authentication.k8s.io/v1", "authorization.k8s.io/v1", "autoscaling/v1", "autoscaling/v2",
                "batch/v1", "certificates.k8s.io/v1", "coordination.k8s.io/v1", "discovery.k8s.io/v1",
                "events.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta3",
                "networking.k8s.io/v1", "node.k8s.io/v1", "policy/v1", "rbac.authorization.k8s.io/v1",
                "scheduling.k8s.io/v1", "storage.k8s.io/v1", "v1")


@sub("api-versions")
def api_versions(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    """`kubectl api-versions`: every served group/version, sorted (sort.Strings: v1 last); no arguments."""
    parse("api-versions", args, {}, {})
    return CommandResult("".join(v + "\n" for v in sorted(API_VERSIONS)), "", 0)
