"""`kubectl describe pod|node|deployment|TYPE NAME`: describe's layout through Go's tabwriter (padding 2)."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from course_lib.k8s.kinds import human_duration, lookup_type
from course_lib.k8s.kubectl import describe_volumes
from course_lib.k8s.kubectl.flags import parse, parse_selector, type_name_pairs
from course_lib.k8s.kubectl.get import resolve_type
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.k8s.store import EPOCH, parse_timestamp
from course_lib.result import CommandResult

Obj = dict[str, Any]


def go_tabwriter(lines: list[str], padding: int) -> str:
    """Go's text/tabwriter: tab-terminated cells aligned per block of consecutive lines."""
    cells = [line.split("\t") for line in lines]
    widths: list[list[int]] = [[0] * len(c) for c in cells]

    def fmt(line0: int, line1: int, col: int) -> None:
        i = line0
        while i < line1:
            if len(cells[i]) - 1 <= col:
                i += 1
                continue
            j, w = i, 0
            while j < line1 and len(cells[j]) - 1 > col:
                w = max(w, len(cells[j][col]) + padding)
                j += 1
            for k in range(i, j):
                widths[k][col] = w
            fmt(i, j, col + 1)
            i = j
    fmt(0, len(cells), 0)
    out = []
    for row, ws in zip(cells, widths):
        out.append("".join(c.ljust(ws[n]) for n, c in enumerate(row[:-1])) + row[-1])
    return "\n".join(out) + "\n"


class W:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def w(self, level: int, key: str, value: Any = None) -> None:
        indent = "  " * level
        self.lines.append(indent + key if value is None else f"{indent}{key}\t{value}")

    def text(self) -> str:
        return go_tabwriter(self.lines, 2)


def when(stamp: Any) -> str:
    if not stamp:
        return "<unset>"
    return (EPOCH + timedelta(seconds=parse_timestamp(stamp))).strftime("%a, %d %b %Y %H:%M:%S +0000")


def kv(w: W, level: int, title: str, mapping: dict[str, str]) -> None:
    """kubectl's printLabelsMultiline: `key=value` lines, sorted."""
    items = sorted(mapping.items())
    if not items:
        w.w(level, title, "<none>")
        return
    for n, (k, v) in enumerate(items):
        w.w(level, title if n == 0 else "", f"{k}={v}")


LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
MAX_ANNOTATION_LEN = 140


def annotations(w: W, level: int, mapping: dict[str, str], title: str = "Annotations:") -> None:
    """kubectl's printAnnotationsMultiline: `key: value` lines, sorted, without last-applied-configuration;
    a value with a newline, or longer than 140 characters with its key, goes under `key:`, each of its lines
    indented by two spaces and cut at 138 characters + `...`."""
    items = sorted((k, v) for k, v in mapping.items() if k != LAST_APPLIED)
    if not items:
        w.w(level, title, "<none>")
        return
    for n, (k, v) in enumerate(items):
        head = title if n == 0 else ""
        v = v[:-1] if v.endswith("\n") else v
        if len(v) + len(k) + 2 > MAX_ANNOTATION_LEN or "\n" in v:
            w.w(level, head, f"{k}:")
            for part in v.split("\n"):
                cut = MAX_ANNOTATION_LEN - 2
                w.w(level, "", "  " + (part if len(part) <= cut else part[:cut] + "..."))
        else:
            w.w(level, head, f"{k}: {v}")


def events(w: W, kx: Kx, obj: Obj) -> None:
    evs = kx.cluster.events_for(obj)
    if not evs:
        w.w(0, "Events:", "<none>")
        return
    w.w(0, "Events:")
    w.w(1, "Type\tReason\tAge\tFrom\tMessage")
    w.w(1, "----\t------\t----\t----\t-------")
    now = kx.cluster.now()
    for e in evs:
        age = human_duration(now - parse_timestamp(e["firstTimestamp"]))
        if int(e.get("count", 1)) > 1:          # repeats the event recorder counted: `2s (x4 over 32s)`
            age = f"{human_duration(now - parse_timestamp(e['lastTimestamp']))} (x{e['count']} over {age})"
        w.w(1, f"{e['type']}\t{e['reason']}\t{age}\t{e['source']['component']}\t{e['message'].strip()}")


def _containers(w: W, heading: str, specs: list[Obj], statuses: list[Obj]) -> None:
    """describe's Init Containers: / Containers: section (describeContainers)."""
    w.w(0, heading)
    by_name = {s["name"]: s for s in statuses}
    for c in specs:
        s = by_name.get(c["name"], {})
        w.w(1, f"{c['name']}:")
        if s.get("containerID"):
            w.w(2, "Container ID:", s["containerID"])
        w.w(2, "Image:", c.get("image", ""))
        w.w(2, "Image ID:", s.get("imageID", ""))
        ports = c.get("ports") or []
        w.w(2, "Port:", ", ".join(f"{p['containerPort']}/{p.get('protocol', 'TCP')}" for p in ports) or "<none>")
        w.w(2, "Host Port:", ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports)
            or "<none>")
        if c.get("command"):
            w.w(2, "Command:")
            for part in c["command"]:
                w.w(3, part)
        if c.get("args"):
            w.w(2, "Args:")
            for part in c["args"]:
                w.w(3, part)
        state = s.get("state") or {}
        if "running" in state:
            w.w(2, "State:", "Running")
            w.w(3, "Started:", when(state["running"].get("startedAt")))
        elif "waiting" in state:
            w.w(2, "State:", "Waiting")
            w.w(3, "Reason:", state["waiting"].get("reason", ""))
        elif "terminated" in state:
            t = state["terminated"]
            w.w(2, "State:", "Terminated")
            w.w(3, "Reason:", t.get("reason", ""))
            w.w(3, "Exit Code:", t.get("exitCode", 0))
            w.w(3, "Started:", when(t.get("startedAt")))
            w.w(3, "Finished:", when(t.get("finishedAt")))
        else:
            w.w(2, "State:", "Waiting")
            w.w(3, "Reason:", "ContainerCreating")
        last = (s.get("lastState") or {}).get("terminated")
        if last:
            w.w(2, "Last State:", "Terminated")
            w.w(3, "Reason:", last.get("reason", ""))
            w.w(3, "Exit Code:", last.get("exitCode", 0))
            w.w(3, "Started:", when(last.get("startedAt")))
            w.w(3, "Finished:", when(last.get("finishedAt")))
        w.w(2, "Ready:", "True" if s.get("ready") else "False")
        w.w(2, "Restart Count:", s.get("restartCount", 0))
        describe_volumes.resources(w, c)
        for title, field in (("Liveness:", "livenessProbe"), ("Readiness:", "readinessProbe"),
                             ("Startup:", "startupProbe")):
            if isinstance(c.get(field), dict):
                from course_lib.k8s.probes import describe_probe
                w.w(2, title, describe_probe(c[field]))
        env_lines(w, c, "    ", "      ")
        mounts = c.get("volumeMounts") or []
        w.w(2, "Mounts:", None if mounts else "<none>")
        for m in mounts:
            w.w(3, f"{m['mountPath']} from {m['name']} ({'ro' if m.get('readOnly') else 'rw'})")


def describe_pod(kx: Kx, pod: Obj) -> str:
    w = W()
    meta, spec, st = pod["metadata"], pod["spec"], pod.get("status") or {}
    w.w(0, "Name:", meta["name"])
    w.w(0, "Namespace:", meta["namespace"])
    w.w(0, "Priority:", spec.get("priority", 0))
    if spec.get("priorityClassName"):
        w.w(0, "Priority Class Name:", spec["priorityClassName"])
    if spec.get("serviceAccountName"):
        w.w(0, "Service Account:", spec["serviceAccountName"])
    node = spec.get("nodeName")
    w.w(0, "Node:", f"{node}/{st.get('hostIP', '')}" if node else "<none>")
    if st.get("startTime"):
        w.w(0, "Start Time:", when(st["startTime"]))
    kv(w, 0, "Labels:", meta.get("labels") or {})
    annotations(w, 0, meta.get("annotations") or {})
    if meta.get("deletionTimestamp") and st.get("phase") not in ("Failed", "Succeeded"):
        left = parse_timestamp(meta["deletionTimestamp"]) - kx.cluster.now()
        w.w(0, "Status:", f"Terminating (lasts {human_duration(left)})")          # translateTimestampUntil
        w.w(0, "Termination Grace Period:", f"{meta.get('deletionGracePeriodSeconds', 0)}s")
    else:
        w.w(0, "Status:", st.get("phase", "Pending"))
    w.w(0, "IP:", st.get("podIP", ""))
    w.w(0, "IPs:" if st.get("podIPs") else "IPs:", None if st.get("podIPs") else "<none>")
    for ip in st.get("podIPs") or []:
        w.w(1, "IP:", ip["ip"])
    owner = next((r for r in meta.get("ownerReferences") or [] if r.get("controller")), None)
    if owner:
        w.w(0, "Controlled By:", f"{owner['kind']}/{owner['name']}")
    if spec.get("initContainers"):
        _containers(w, "Init Containers:", spec["initContainers"], st.get("initContainerStatuses") or [])
    _containers(w, "Containers:", spec.get("containers") or [], st.get("containerStatuses") or [])
    if spec.get("ephemeralContainers"):
        _containers(w, "Ephemeral Containers:", spec["ephemeralContainers"],
                    st.get("ephemeralContainerStatuses") or [])
    if st.get("conditions"):                   # a pod no scheduler has seen has none: no section
        w.w(0, "Conditions:")
        w.w(1, "Type\tStatus")
    for cond in st.get("conditions") or []:
        w.w(1, f"{cond['type']}\t{cond['status']} ")
    describe_volumes.volumes(w, spec.get("volumes") or [])
    w.w(0, "QoS Class:", st.get("qosClass", "BestEffort"))
    kv(w, 0, "Node-Selectors:", spec.get("nodeSelector") or {})
    describe_volumes.tolerations(w, 0, "Tolerations:", spec.get("tolerations") or [])
    events(w, kx, pod)
    return w.text()


def describe_node(kx: Kx, node: Obj) -> str:
    w = W()
    meta, spec, st = node["metadata"], node.get("spec") or {}, node.get("status") or {}
    labels = meta.get("labels") or {}
    roles = ",".join(sorted(k.split("/", 1)[1] for k in labels if k.startswith("node-role.kubernetes.io/")))
    w.w(0, "Name:", meta["name"])
    w.w(0, "Roles:", roles or "<none>")
    kv(w, 0, "Labels:", labels)
    annotations(w, 0, meta.get("annotations") or {})
    w.w(0, "CreationTimestamp:", when(meta.get("creationTimestamp")))
    taints = [f"{t['key']}{'=' + t['value'] if t.get('value') else ''}:{t['effect']}"      # sorted: effect, key
              for t in sorted(spec.get("taints") or [], key=lambda t: f"{t.get('effect', '')},{t.get('key', '')}")]
    if not taints:
        w.w(0, "Taints:", "<none>")
    for n, t in enumerate(taints):
        w.w(0, "Taints:" if n == 0 else "", t)
    w.w(0, "Unschedulable:", "true" if spec.get("unschedulable") else "false")
    from course_lib.k8s.kubectl.node_resources import lease
    lease(w, kx, node, when)
    w.w(0, "Conditions:")
    w.w(1, "Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage")
    w.w(1, "----\t------\t-----------------\t------------------\t------\t-------")
    for c in st.get("conditions") or []:
        w.w(1, f"{c['type']}\t{c['status']}\t{when(c['lastHeartbeatTime'])}\t{when(c['lastTransitionTime'])}\t"
               f"{c['reason']}\t{c['message']}")
    w.w(0, "Addresses:")
    for a in st.get("addresses") or []:
        w.w(1, f"{a['type']}:", a["address"])
    for title, key in (("Capacity:", "capacity"), ("Allocatable:", "allocatable")):
        w.w(0, title)
        for k, v in (st.get(key) or {}).items():
            w.w(1, f"{k}:", v)
    info = st.get("nodeInfo") or {}
    w.w(0, "System Info:")
    for label, key in (("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                       ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"),
                       ("Operating System", "operatingSystem"), ("Architecture", "architecture"),
                       ("Container Runtime Version", "containerRuntimeVersion"),
                       ("Kubelet Version", "kubeletVersion"), ("Kube-Proxy Version", "kubeProxyVersion")):
        w.w(1, f"{label}:", info.get(key, ""))
    if spec.get("podCIDR"):
        w.w(0, "PodCIDR:", spec["podCIDR"])
        w.w(0, "PodCIDRs:", ",".join(spec.get("podCIDRs") or [spec["podCIDR"]]))
    from course_lib.k8s.kubectl.node_resources import pods_and_allocated
    pods_and_allocated(w, kx, node)
    events(w, kx, node)
    return w.text()


def pod_template(w: W, template: Obj) -> None:
    """kubectl's DescribePodTemplate as Deployments, ReplicaSets, DaemonSets and StatefulSets print it."""
    w.w(0, "Pod Template:")
    tmeta = template.get("metadata") or {}
    kv(w, 1, "Labels:", tmeta.get("labels") or {})
    if tmeta.get("annotations"):
        annotations(w, 1, tmeta["annotations"])
    if (template.get("spec") or {}).get("serviceAccountName"):
        w.w(1, "Service Account:", template["spec"]["serviceAccountName"])
    w.w(1, "Containers:")
    for c in (template.get("spec") or {}).get("containers") or []:      # `   name:` then fields at 4 spaces
        w.lines.append(f"   {c['name']}:")
        ports = c.get("ports") or []
        mounts = c.get("volumeMounts") or []
        for key, value in (("Image:", c.get("image", "")),
                           ("Port:", ", ".join(f"{p['containerPort']}/{p.get('protocol', 'TCP')}" for p in ports)
                            or "<none>"),
                           ("Host Port:", ", ".join(f"0/{p.get('protocol', 'TCP')}" for p in ports) or "<none>")):
            w.lines.append(f"    {key}\t{value}")
        for key, field in (("Command:", "command"), ("Args:", "args")):      # describeContainerCommand
            if c.get(field):
                w.lines.append(f"    {key}")
                w.lines += [f"      {line}" for a in c[field] for line in str(a).split("\n")]
        describe_volumes.resources(w, c)
        env_lines(w, c, "    ", "      ")
        w.lines.append("    Mounts:" + ("" if mounts else "\t<none>"))
        for m in mounts:
            w.w(3, f"{m.get('mountPath', '')} from {m.get('name', '')} ({'ro' if m.get('readOnly') else 'rw'})")
    tspec = template.get("spec") or {}
    describe_volumes.volumes(w, tspec.get("volumes") or [], "  ")
    if tspec.get("priorityClassName"):
        w.w(1, "Priority Class Name:", tspec["priorityClassName"])
    kv(w, 1, "Node-Selectors:", tspec.get("nodeSelector") or {})
    describe_volumes.tolerations(w, 1, "Tolerations:", tspec.get("tolerations") or [])


def env_lines(w: W, c: Obj, indent: str, inner: str) -> None:
    """describeContainerEnvVars: `NAME:  value`, a fieldRef as `(v1:spec.nodeName)`."""
    env = c.get("env") or []
    if not env:
        w.lines.append(f"{indent}Environment:\t<none>")
        return
    w.lines.append(f"{indent}Environment:")
    for e in env:
        value = e.get("value")
        if value is None:
            ref = ((e.get("valueFrom") or {}).get("fieldRef") or {})
            value = f"({ref.get('apiVersion', 'v1')}:{ref.get('fieldPath', '')})"
        w.lines.append(f"{inner}{e['name']}:\t{value}")


def replica_sets_text(rows: list[Obj]) -> str:
    """printReplicaSetsByLabels: `web-7d4bcbbf5b (3/3 replicas created)`, comma-separated, or <none>."""
    return ", ".join(f"{r['metadata']['name']} ({(r.get('status') or {}).get('replicas', 0)}/"
                     f"{r['spec'].get('replicas', 0)} replicas created)" for r in rows) or "<none>"


def describe_deployment(kx: Kx, dep: Obj) -> str:
    w = W()
    meta, spec, st = dep["metadata"], dep["spec"], dep.get("status") or {}
    w.w(0, "Name:", meta["name"])
    w.w(0, "Namespace:", meta["namespace"])
    w.w(0, "CreationTimestamp:", when(meta.get("creationTimestamp")))
    kv(w, 0, "Labels:", meta.get("labels") or {})
    annotations(w, 0, meta.get("annotations") or {})
    sel = ",".join(f"{k}={v}" for k, v in (spec.get("selector", {}).get("matchLabels") or {}).items())
    w.w(0, "Selector:", sel)
    want = spec.get("replicas", 1)
    w.w(0, "Replicas:", f"{want} desired | {st.get('updatedReplicas', 0)} updated | {st.get('replicas', 0)} total | "
                        f"{st.get('availableReplicas', 0)} available | {st.get('unavailableReplicas', 0)} unavailable")
    w.w(0, "StrategyType:", spec.get("strategy", {}).get("type", "RollingUpdate"))
    w.w(0, "MinReadySeconds:", spec.get("minReadySeconds", 0))
    ru = spec.get("strategy", {}).get("rollingUpdate")
    if ru is not None:
        w.w(0, "RollingUpdateStrategy:", f"{ru.get('maxUnavailable', '25%')} max unavailable, "
                                         f"{ru.get('maxSurge', '25%')} max surge")
    pod_template(w, spec["template"])
    w.w(0, "Conditions:")
    w.w(1, "Type\tStatus\tReason")
    w.w(1, "----\t------\t------")
    for c in st.get("conditions") or []:
        w.w(1, f"{c['type']}\t{c['status']}\t{c['reason']}")
    from course_lib.k8s.controllers import template_hash
    name = f"{dep['metadata']['name']}-{template_hash(spec['template'])}"
    owned = kx.cluster.owned(dep, "ReplicaSet")
    old = [r for r in owned if r["metadata"]["name"] != name and r["spec"].get("replicas")]
    w.w(0, "OldReplicaSets:", replica_sets_text(old))
    w.w(0, "NewReplicaSet:", replica_sets_text([r for r in owned if r["metadata"]["name"] == name]))
    events(w, kx, dep)
    return w.text()


def describe_generic(kx: Kx, obj: Obj) -> str:
    w = W()
    w.w(0, "Name:", obj["metadata"]["name"])
    if obj["metadata"].get("namespace"):
        w.w(0, "Namespace:", obj["metadata"]["namespace"])
    kv(w, 0, "Labels:", obj["metadata"].get("labels") or {})
    annotations(w, 0, obj["metadata"].get("annotations") or {})
    return w.text()


DESCRIBERS = {"Pod": describe_pod, "Node": describe_node, "Deployment": describe_deployment}


@sub("describe")
def describe(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    """describe.go: the named objects (ContinueOnError: the found ones described, the NotFound errors after),
    two blank lines between objects (Fprintf "\n\n%s"); `describe TYPE NAME` with NAME not found describes
    every object whose name starts with NAME (DescribeMatchingResources, each followed by a blank line)."""
    flags, pos, _ = parse("describe", args, {"-A": "all_ns", "--all-namespaces": "all_ns"},
                          {"-l": "selector", "--selector": "selector"})
    if not pos:
        raise KubectlError('error: You must specify the type of resource to describe. Use "kubectl api-resources" '
                           "for a complete list of supported resources.\n")
    pairs = type_name_pairs(pos)
    if pairs is not None:
        targets = [(resolve_type(t), n) for t, n in pairs]
    else:
        info = resolve_type(pos[0])
        targets = [(info, n) for n in pos[1:]]
    store = kx.cluster.store
    if not targets:
        info = resolve_type(pos[0])
        objs = store.list(info.kind, kx.ns if info.namespaced else None,
                          parse_selector(flags.get("selector", ""), info) or None)
        if not objs:
            return CommandResult("", f"No resources found in {kx.ns} namespace.\n" if info.namespaced
                                 else "No resources found\n", 0)
        return CommandResult("\n\n".join(_described(kx, info, o) for o in objs), "", 0)
    found, errors = [], []
    for info, name in targets:
        obj = store.get(info.kind, kx.ns if info.namespaced else "", name)
        if obj is None:
            errors.append(f'Error from server (NotFound): {info.resource_group} "{name}" not found\n')
        else:
            found.append((info, obj))
    if errors and pairs is None and len(pos) == 2:
        info = targets[0][0]
        prefixed = [o for o in store.list(info.kind, kx.ns if info.namespaced else None)
                    if o["metadata"]["name"].startswith(pos[1])]
        if prefixed:
            return CommandResult("".join(_described(kx, info, o) + "\n" for o in prefixed), "", 0)
    out = "\n\n".join(_described(kx, info, o) for info, o in found)
    return CommandResult(out, "".join(errors), 1 if errors else 0)


def _described(kx: Kx, info: Any, obj: Any) -> str:
    text = DESCRIBERS.get(info.kind, describe_generic)(kx, obj)
    return text if text.endswith("\n") else text + "\n"


_ = lookup_type
