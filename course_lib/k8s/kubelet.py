"""The kubelet of each node: pod sandboxes through CNI, pod files (resolv.conf, hosts), containers, pod status.

One `KubeletDispatcher` controller routes pod changes to the kubelet of the pod's node, so a change
costs one sync. Without a CNI configuration the node is NotReady and a sandbox cannot be made, with
the texts containerd and the kubelet print.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from course_lib.k8s import containers as ctr
from course_lib.k8s import image_backoff
from course_lib.k8s.controllers import Controller, Key, key_of
from course_lib.k8s.kinds_core import qos_class

Obj = dict[str, Any]
CNI_NOT_READY = ("container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
                 "message:Network plugin returns error: cni plugin not initialized")
HOSTS_HEAD = ("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
              "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n")


@dataclass(eq=False)
class PodRuntime:
    pod_key: Key
    uid: str
    box: Any = None
    sandbox: Any = None
    ip: Optional[str] = None
    containers: dict[str, ctr.RunningContainer] = field(default_factory=dict)


def resolv_conf(cluster: Any, pod: Obj, node_resolv: str) -> str:
    """The kubelet's resolv.conf for the pod's dnsPolicy (ClusterFirst, Default, None + dnsConfig)."""
    spec = pod["spec"]
    policy = spec.get("dnsPolicy", "ClusterFirst")
    if spec.get("hostNetwork") and policy == "ClusterFirst":
        policy = "Default"
    ns = pod["metadata"]["namespace"]
    if policy in ("ClusterFirst", "ClusterFirstWithHostNet"):
        servers, search, options = ["10.96.0.10"], [f"{ns}.svc.cluster.local", "svc.cluster.local", "cluster.local"], \
            ["ndots:5"]
    elif policy == "Default":
        servers, search, options = [], [], []
        for line in node_resolv.splitlines():
            parts = line.split()
            if parts and parts[0] == "nameserver":
                servers += parts[1:2]
            elif parts and parts[0] in ("search", "domain"):
                search += parts[1:]
            elif parts and parts[0] == "options":
                options += parts[1:]
    else:
        servers, search, options = [], [], []
    cfg = spec.get("dnsConfig") or {}
    servers += [s for s in cfg.get("nameservers") or [] if s not in servers]
    search += [s for s in cfg.get("searches") or [] if s not in search]
    for opt in cfg.get("options") or []:
        text = opt["name"] + (f":{opt['value']}" if opt.get("value") is not None else "")
        options = [o for o in options if o.split(":")[0] != opt["name"]] + [text]
    lines = []
    if search:
        lines.append("search " + " ".join(search))
    lines += [f"nameserver {s}" for s in servers]
    if options:
        lines.append("options " + " ".join(options))
    return "\n".join(lines) + "\n"


def container_env(pod: Obj, spec: Obj, services: Optional[dict[str, str]] = None) -> dict[str, str]:
    """The container's environment: values ($(VAR) from the variables before and the service links),
    and fieldRefs the downward API resolves."""
    env: dict[str, str] = {}
    for item in spec.get("env") or []:
        if "value" in item:
            env[item["name"]] = expand(str(item["value"]), {**(services or {}), **env})
            continue
        path = (((item.get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath") or "")
        value: Any = pod
        import re
        for part in re.findall(r"\['([^']*)'\]|([^.\[]+)", path):     # metadata.annotations['a.b/c']
            key = part[0] or part[1]
            value = value.get(key, "") if isinstance(value, dict) else ""
        env[item["name"]] = str(value or "")
    return env


def process_env(pod: Obj, spec: Obj, rc: Optional[ctr.RunningContainer] = None) -> dict[str, str]:
    """A pod container's process environment (k8s/pod_env.py), as it was taken when the container started."""
    if rc is not None and rc.env:
        return dict(rc.env)
    from course_lib.k8s.pod_env import build
    return build(None, pod, spec)


def expand(text: str, env: dict[str, str]) -> str:
    """$(VAR) references in command/args, as the kubelet expands them ($$ escapes)."""
    import re
    return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)",
                  lambda m: "$" if m.group(0) == "$$" else env.get(m.group(1), m.group(0)), text)


def container_path(pod: Obj, name: str) -> str:
    """The involvedObject.fieldPath of a container's events (kubecontainer.GenerateContainerRef)."""
    if not name:
        return ""
    spec = pod.get("spec") or {}
    for key in ("initContainers", "ephemeralContainers"):
        if name in {c.get("name") for c in spec.get(key) or []}:
            return f"spec.{key}{{{name}}}"
    return f"spec.containers{{{name}}}"


def image_size(ref: str) -> int:
    import zlib
    return 4_000_000 + zlib.crc32(ref.encode()) % 70_000_000


class Kubelet:
    def __init__(self, cluster: Any, node: str) -> None:
        self.cluster = cluster
        self.node = node
        self.pods: dict[str, PodRuntime] = {}
        self.waiting_network: set[Key] = set()
        self.images: set[str] = set()

    @property
    def machine(self) -> Any:
        return self.cluster.machine(self.node)

    def network_ready(self) -> bool:
        from course_lib.shell.fs import get_fs
        fs = get_fs(self.machine)
        conf_dir = "/etc/cni/net.d"
        return fs.exists(conf_dir) and any(n.endswith((".conf", ".conflist", ".json")) for n in fs.listdir(conf_dir))

    # -- pods ------------------------------------------------------------------------------------------
    def sync_pod(self, pod: Obj) -> None:
        uid = pod["metadata"]["uid"]
        if uid in self.pods:
            return
        key = key_of(pod)
        host_network = bool(pod["spec"].get("hostNetwork"))
        if not host_network and not self.network_ready():
            if key in self.waiting_network:
                return
            self.waiting_network.add(key)
            self.cluster.event(pod, "Warning", "FailedCreatePodSandBox", "Failed to create pod sandbox: rpc error: "
                               "code = Unknown desc = failed to setup network for sandbox: cni plugin not initialized")
            self._set_waiting(pod, "ContainerCreating")
            return
        self.waiting_network.discard(key)
        from course_lib.k8s import pod_config
        if pod_config.mount_blocked(self, pod):          # FailedMount: no sandbox until the volumes are set up
            return
        rt = PodRuntime(key, uid)
        ctx = self.cluster.context(self.node)
        if host_network:
            from course_lib.docker.hostops import Box
            box = Box(name=f"{self.node}/{pod['metadata']['name']}", network=self.cluster.network,
                      hostname=self.node)
            box.owner_machine = self.machine
            box.root = self.machine.root
            rt.box, rt.ip = box, self.cluster.node_ip(self.node)
        else:
            from course_lib.cni.protocol import CniError
            from course_lib.cni.sandbox import run_pod_sandbox
            try:
                sandbox = run_pod_sandbox(ctx, hostname=pod["metadata"]["name"])
            except (CniError, RuntimeError) as exc:
                msg = getattr(exc, "msg", str(exc))
                self.cluster.event(pod, "Warning", "FailedCreatePodSandBox",
                                   "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup "
                                   f"network for sandbox \"{'0' * 64}\": {msg}")
                self.waiting_network.add(key)
                self._set_waiting(pod, "ContainerCreating")
                return
            rt.sandbox, rt.box, rt.ip = sandbox, sandbox.box, sandbox.ip
            rt.box.hostname = pod["metadata"]["name"]
        self.pods[uid] = rt
        self._write_files(pod, rt)
        self._start_containers(pod, rt)

    def _write_files(self, pod: Obj, rt: PodRuntime) -> None:
        from course_lib.docker.hostops import read_file, write_file
        node_resolv = read_file(self.machine, "/run/systemd/resolve/resolv.conf") or \
            read_file(self.machine, "/etc/resolv.conf") or ""        # kubelet config resolvConf (kubeadm)
        name = pod["metadata"]["name"]
        hostname = pod["spec"].get("hostname") or name
        write_file(rt.box, "/etc/resolv.conf", resolv_conf(self.cluster, pod, node_resolv))
        if pod["spec"].get("hostNetwork"):
            write_file(rt.box, "/etc/hosts", read_file(self.machine, "/etc/hosts") or HOSTS_HEAD)
        else:
            fqdn = ""
            if pod["spec"].get("subdomain"):
                fqdn = f"{hostname}.{pod['spec']['subdomain']}.{pod['metadata']['namespace']}.svc.cluster.local\t"
            write_file(rt.box, "/etc/hosts", HOSTS_HEAD + f"{rt.ip}\t{fqdn}{hostname}\n")
        write_file(rt.box, "/etc/hostname", hostname + "\n")
        from course_lib.k8s.satoken import pod_files
        for path, text in pod_files(self.cluster, pod):       # the kube-api-access projected volume
            write_file(rt.box, path, text)

    def _start_containers(self, pod: Obj, rt: PodRuntime) -> None:
        """Start the containers now, or (k8s/startup.py) once the image pull and start work are done."""
        from course_lib.k8s import startup
        wait = startup.delay(self, pod)
        if wait <= 0:
            self._start_now(pod, rt)
            return
        uid = pod["metadata"]["uid"]
        startup.pending(self.cluster)[uid] = self.cluster.now() + wait
        for spec in pod["spec"].get("containers") or []:       # the pulls begin with the sandbox
            ref, policy = str(spec.get("image", "")), spec.get("imagePullPolicy")
            if ctr.find_image(ref) is not None and policy != "Never" and (ref not in self.images or
                                                                           policy == "Always"):
                self.cluster.event(pod, "Normal", "Pulling", f'Pulling image "{ref}"',
                                   field_path=container_path(pod, spec.get("name", "")))
                took = "452ms" if ref in self.images else "1.021s"
                done = self.__dict__.get("pulling", {}).get(ref, self.cluster.now())
                self.__dict__.setdefault("noted_pulls", {})[(uid, ref)] = "pulling"
                from course_lib.net.events import scheduler
                scheduler(self.cluster.network).at(done, self._pulled, key_of(pod), uid, ref, took)
        self._set_creating(pod, rt)
        startup.schedule(self.cluster, self.cluster.now() + wait, self._delayed_start, key_of(pod), uid)

    def _pulled(self, key: Key, uid: str, ref: str, took: str) -> None:
        """The pull has ended: the image is on the node, the Pulled event."""
        pod = self.cluster.store.get(*key)
        if pod is None or pod["metadata"]["uid"] != uid or self.noted_pulls.get((uid, ref)) != "pulling":
            return
        self.images.add(ref)
        self.noted_pulls[(uid, ref)] = "pulled"
        names = [c.get("name", "") for c in pod["spec"].get("containers") or [] if c.get("image") == ref]
        self.cluster.event(pod, "Normal", "Pulled", f'Successfully pulled image "{ref}" in {took} ({took} including '
                           f"waiting). Image size: {image_size(ref)} bytes.",
                           field_path=container_path(pod, names[0] if names else ""))

    def _delayed_start(self, key: Key, uid: str) -> None:
        from course_lib.k8s import startup
        startup.pending(self.cluster).pop(uid, None)
        pod = self.cluster.store.get(*key)
        rt = self.pods.get(uid)
        if pod is None or rt is None or pod["metadata"]["uid"] != uid or pod["metadata"].get("deletionTimestamp"):
            return
        self._start_now(pod, rt)

    def _set_creating(self, pod: Obj, rt: PodRuntime) -> None:
        """The sandbox is up (pod IP), the containers are being created."""
        self._set_waiting(pod, "ContainerCreating")
        st = pod["status"]
        for cond in st["conditions"]:
            if cond["type"] == "PodReadyToStartContainers":
                cond["status"] = "True"
            elif cond["type"] in ("Ready", "ContainersReady"):
                names = " ".join(c["name"] for c in pod["spec"].get("containers") or [])
                cond.update(message=f"containers with unready status: [{names}]", reason="ContainersNotReady")
        st["podIP"], st["podIPs"] = rt.ip, [{"ip": rt.ip}]
        self.cluster.store.touch(pod)

    def _start_now(self, pod: Obj, rt: PodRuntime) -> None:
        from course_lib.k8s import init_containers
        inits, initialized = init_containers.run(self, pod, rt)
        if not initialized:
            init_containers.hold(self, pod, rt, inits)
            return
        pod.setdefault("status", {})["initContainerStatuses"] = inits
        statuses, all_ready = [], True
        for spec in pod["spec"].get("containers") or []:
            status = self.start_container(pod, rt, spec)
            all_ready = all_ready and bool(status.get("ready"))
            statuses.append(status)
        self._set_running(pod, rt, statuses, all_ready)
        image_backoff.start(self, pod)                  # ErrImagePull turns ImagePullBackOff over model time
        from course_lib.k8s.probes import prober_of
        prober = prober_of(self.cluster)
        if prober is not None:
            prober.start(self.node, pod, self.cluster.now())

    def start_container(self, pod: Obj, rt: PodRuntime, spec: Obj, restarts: int = 0) -> Obj:
        """Pull (or find) the image, run the container's program; its containerStatus. A restart counts its
        events on the existing ones (`Created container x (x2 over 40s)`)."""
        from course_lib.k8s.image_backoff import record
        part = container_path(pod, spec.get("name", ""))
        note = (lambda obj, type_, reason, message: record(self.cluster, obj, type_, reason, message, part)) \
            if restarts else (lambda obj, type_, reason, message: self.cluster.event(obj, type_, reason, message,
                                                                                     field_path=part))
        now = self.cluster.timestamp()
        rng = self.cluster.network.random()
        image_ref = spec.get("image", "")
        found = ctr.find_image(image_ref)
        status: Obj = {"image": image_ref, "imageID": "", "lastState": {}, "name": spec["name"], "ready": False,
                       "restartCount": restarts, "started": False}
        if found is None:
            status["state"] = image_backoff.failed_pull(self, pod, image_ref, spec["name"])
            return status
        entrypoint, cmd, tools, userland = found
        from course_lib.k8s.pod_env import build, service_env
        links = pod["spec"].get("enableServiceLinks", True) is not False
        services = service_env(self.cluster, pod["metadata"]["namespace"], links)
        own = container_env(pod, spec, services)
        argv = [expand(a, {**services, **own}) for a in ctr.program_argv(spec, entrypoint, cmd)]
        pid = self.cluster.new_pid(self.node)
        rc = ctr.RunningContainer(self.cluster, pod, spec, rt.box, rt.box.root, self.node, pid, argv,
                                  tools, userland)
        rc.env = build(self.cluster, pod, spec)
        rt.containers[spec["name"]] = rc
        rt.box.tools, rt.box.userland, rt.box.image = tools, userland, image_ref
        policy = spec.get("imagePullPolicy")
        pulled = self.__dict__.get("noted_pulls", {}).pop((pod["metadata"]["uid"], image_ref), None)
        if pulled == "pulled":
            pass                                 # Pulling and Pulled were said while the pod was being created
        elif policy == "Never" or (image_ref in self.images and policy != "Always"):
            note(pod, "Normal", "Pulled", f'Container image "{image_ref}" already present on machine')
        else:                                    # Always (a :latest tag) pulls again: only the manifest changes hands
            took = "452ms" if image_ref in self.images else "1.021s"
            self.images.add(image_ref)
            note(pod, "Normal", "Pulling", f'Pulling image "{image_ref}"')
            note(pod, "Normal", "Pulled", f'Successfully pulled image "{image_ref}" in {took} ({took} including '
                 f"waiting). Image size: {image_size(image_ref)} bytes.")
        from course_lib.k8s import pod_config
        if pod_config.config_blocked(self, pod, rt, spec, status):     # CreateContainerConfigError, retried
            return status
        note(pod, "Normal", "Created", f"Created container {spec['name']}")
        note(pod, "Normal", "Started", f"Started container {spec['name']}")
        ctr.start(rc)
        self.cluster.add_process(self.node, pid, argv, rc)
        status["containerID"] = f"containerd://{rng.getrandbits(256):064x}"
        status["image"] = ctr.full_ref(image_ref)
        status["imageID"] = ctr.full_ref(image_ref).rsplit(":", 1)[0] + f"@sha256:{rng.getrandbits(256):064x}"
        if rc.exit_code is None:
            gated = isinstance(spec.get("startupProbe"), dict)          # started once the startup probe succeeds
            ready = not gated and not isinstance(spec.get("readinessProbe"), dict)   # a probe must succeed first
            status.update(ready=ready, started=not gated, state={"running": {"startedAt": now}})
            return status
        reason = "Completed" if rc.exit_code == 0 else "Error"
        restart = pod["spec"].get("restartPolicy", "Always")
        if restart == "Always" or (restart == "OnFailure" and rc.exit_code):
            from course_lib.k8s.restarts import crashed
            status["lastState"] = {"terminated": {"containerID": status["containerID"], "exitCode": rc.exit_code,
                                                  "finishedAt": now, "reason": reason, "startedAt": now}}
            crashed(self, pod, spec["name"], status, restarts)
        else:
            status["state"] = {"terminated": {"containerID": status["containerID"], "exitCode": rc.exit_code,
                                              "finishedAt": now, "reason": reason, "startedAt": now}}
        return status

    def _conditions(self, pod: Obj, ready: bool, sandbox: bool = True, unready: Optional[list[str]] = None
                    ) -> list[Obj]:
        now = self.cluster.timestamp()
        flag = "True" if ready else "False"
        out = [{"type": "PodReadyToStartContainers", "status": "True" if sandbox else "False"},
               {"type": "Initialized", "status": "True"},
               {"type": "Ready", "status": flag}, {"type": "ContainersReady", "status": flag},
               {"type": "PodScheduled", "status": "True"}]
        before = {c.get("type"): c for c in (pod.get("status") or {}).get("conditions") or []}
        for c in out:
            c["lastProbeTime"] = None
            old = before.get(c["type"]) or {}          # the status manager keeps an unchanged condition's time
            c["lastTransitionTime"] = old.get("lastTransitionTime") or now if old.get("status") == c["status"] \
                else now
            if unready and c["type"] in ("Ready", "ContainersReady"):
                c["message"] = f"containers with unready status: [{' '.join(unready)}]"
                c["reason"] = "ContainersNotReady"
        return out

    def _set_waiting(self, pod: Obj, reason: str) -> None:
        pod["status"] = {"conditions": self._conditions(pod, False, sandbox=False),
                         "containerStatuses": [{"image": c.get("image", ""), "imageID": "", "lastState": {},
                                                "name": c["name"], "ready": False, "restartCount": 0,
                                                "started": False, "state": {"waiting": {"reason": reason}}}
                                               for c in pod["spec"].get("containers") or []],
                         "hostIP": self.cluster.node_ip(self.node),
                         "hostIPs": [{"ip": self.cluster.node_ip(self.node)}],
                         "phase": "Pending", "qosClass": qos_class(pod["spec"]),
                         "startTime": self.cluster.timestamp()}
        self.cluster.store.touch(pod)

    def _set_running(self, pod: Obj, rt: PodRuntime, statuses: list[Obj], ready: bool) -> None:
        all_done = statuses and all("terminated" in s.get("state", {}) for s in statuses)
        phase = "Running"
        if all_done:
            phase = "Succeeded" if all(s["state"]["terminated"]["exitCode"] == 0 for s in statuses) else "Failed"
        elif any("waiting" in s.get("state", {}) and not (s.get("lastState") or {}).get("terminated")
                 for s in statuses):                    # getPhase: a container that never started keeps it Pending
            phase = "Pending"
        host_ip = self.cluster.node_ip(self.node)
        inits = pod["status"].get("initContainerStatuses")
        unready = [] if ready or all_done else [st["name"] for st in statuses if not st.get("ready")]
        pod["status"] = {"conditions": self._conditions(pod, ready, unready=unready), "containerStatuses": statuses,
                         "hostIP": host_ip, "hostIPs": [{"ip": host_ip}], "phase": phase,
                         "podIP": rt.ip, "podIPs": [{"ip": rt.ip}], "qosClass": pod["status"].get("qosClass",
                                                                                                "BestEffort"),
                         "startTime": pod["status"].get("startTime") or self.cluster.timestamp()}
        if inits:
            pod["status"]["initContainerStatuses"] = inits
        if all_done:
            from course_lib.k8s.completion import settle
            settle(self.cluster, pod)
        self.cluster.store.touch(pod)
        if ready:
            for hook in list(self.cluster.hooks["pod_ready"]):
                hook(self.cluster, pod)

    def kill_pod(self, pod: Obj) -> None:
        rt = self.pods.pop(pod["metadata"]["uid"], None)
        self.waiting_network.discard(key_of(pod))
        if rt is None:
            return
        for rc in rt.containers.values():
            rc.stop()
            self.cluster.remove_process(self.node, rc.pid)
        self.stop_sandbox(rt)

    def stop_sandbox(self, rt: PodRuntime) -> None:
        """StopPodSandbox: CNI DEL (the veth and the IP allocation go) and the netns removed; the pod's
        status keeps its podIP, and its containers' logs stay."""
        sandbox, rt.sandbox = rt.sandbox, None
        if sandbox is not None:
            from course_lib.cni.sandbox import stop_pod_sandbox
            try:
                stop_pod_sandbox(self.cluster.context(self.node), sandbox)
            except Exception:       # a broken CNI config must not stop the deletion (containerd logs it)
                pass

    def runtime(self, pod: Obj) -> Optional[PodRuntime]:
        return self.pods.get(pod["metadata"]["uid"])


class KubeletDispatcher(Controller):
    """Routes pod changes to the kubelet of the pod's node."""

    kinds = ("Pod",)

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        node = obj["spec"].get("nodeName")
        if not node or node not in self.cluster.kubelets:
            return []
        if event == "DELETED":
            self.cluster.kubelets[node].kill_pod(obj)
            return []
        kubelet = self.cluster.kubelets[node]
        if obj["metadata"]["uid"] in kubelet.pods or key_of(obj) in kubelet.waiting_network:
            return []
        return [key_of(obj)]

    def sync(self, key: Key) -> None:
        pod = self.store.get(*key)
        if pod is None:
            return
        kubelet = self.cluster.kubelets.get(pod["spec"].get("nodeName"))
        if kubelet is not None:
            kubelet.sync_pod(pod)
