"""kubectl for Jobs and CronJobs: `describe job|cronjob` (kubectl 1.30's describers), `create job NAME
--image=I [-- CMD]` and `create cronjob NAME --image=I --schedule=S [-- CMD]`.

create job builds what kubectl 1.30 builds: the container named after the Job, the command after `--`
as its command, restartPolicy Never; `--from=cronjob/NAME` copies the CronJob's job template with the
cronjob.kubernetes.io/instantiate: manual annotation.
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s.kinds import human_duration
from course_lib.k8s.kubectl import write
from course_lib.k8s.kubectl.describe import DESCRIBERS, W, annotations, events, kv, pod_template, when
from course_lib.k8s.kubectl.create_front import Generator, front
from course_lib.k8s.kubectl.generate import create_object
from course_lib.k8s.kubectl.main import KubectlError, Kx
from course_lib.k8s.store import parse_timestamp
from course_lib.result import CommandResult

Obj = dict[str, Any]


def describe_job(kx: Kx, job: Obj) -> str:
    w = W()
    meta, spec, st = job["metadata"], job["spec"], job.get("status") or {}
    w.w(0, "Name:", meta["name"])
    w.w(0, "Namespace:", meta["namespace"])
    labels = (spec.get("selector") or {}).get("matchLabels") or {}
    w.w(0, "Selector:", ",".join(f"{k}={val}" for k, val in sorted(labels.items())))
    kv(w, 0, "Labels:", meta.get("labels") or {})
    annotations(w, 0, meta.get("annotations") or {})
    owner = next((r for r in meta.get("ownerReferences") or [] if r.get("controller")), None)
    if owner:
        w.w(0, "Controlled By:", f"{owner['kind']}/{owner['name']}")
    w.w(0, "Parallelism:", spec.get("parallelism", 1))
    w.w(0, "Completions:", spec["completions"] if spec.get("completions") is not None else "<unset>")
    w.w(0, "Completion Mode:", spec.get("completionMode", "NonIndexed"))
    w.w(0, "Suspend:", str(bool(spec.get("suspend"))).lower())
    w.w(0, "Backoff Limit:", spec.get("backoffLimit", 6))
    if spec.get("ttlSecondsAfterFinished") is not None:
        w.w(0, "TTL Seconds After Finished:", spec["ttlSecondsAfterFinished"])
    if st.get("startTime"):
        w.w(0, "Start Time:", when(st["startTime"]))
    if st.get("completionTime"):
        w.w(0, "Completed At:", when(st["completionTime"]))
    if st.get("startTime") and st.get("completionTime"):
        w.w(0, "Duration:", human_duration(parse_timestamp(st["completionTime"]) - parse_timestamp(st["startTime"])))
    if spec.get("activeDeadlineSeconds") is not None:
        w.w(0, "Active Deadline Seconds:", f"{spec['activeDeadlineSeconds']}s")
    w.w(0, "Pods Statuses:", f"{st.get('active', 0)} Active ({st.get('ready', 0)} Ready) / {st.get('succeeded', 0)} "
                             f"Succeeded / {st.get('failed', 0)} Failed")
    if spec.get("completionMode") == "Indexed":                        # capIndexesListOrNone(.., 50)
        shown = st.get("completedIndexes") or "<none>"
        w.w(0, "Completed Indexes:", shown if len(shown) <= 50 else shown[:shown.rfind(",", 0, 50)] + ", ...")
    pod_template(w, spec["template"])
    events(w, kx, job)
    return w.text()


def describe_cronjob(kx: Kx, cj: Obj) -> str:
    """kubectl 1.30's describeCronJob (describeJobTemplate, printActiveJobs)."""
    w = W()
    meta, spec, st = cj["metadata"], cj["spec"], cj.get("status") or {}
    w.w(0, "Name:", meta["name"])
    w.w(0, "Namespace:", meta["namespace"])
    kv(w, 0, "Labels:", meta.get("labels") or {})
    annotations(w, 0, meta.get("annotations") or {})
    w.w(0, "Schedule:", spec.get("schedule", ""))
    w.w(0, "Concurrency Policy:", spec.get("concurrencyPolicy", "Allow"))
    w.w(0, "Suspend:", "True" if spec.get("suspend") else "False")
    for title, field in (("Successful Job History Limit:", "successfulJobsHistoryLimit"),
                         ("Failed Job History Limit:", "failedJobsHistoryLimit")):
        w.w(0, title, spec[field] if spec.get(field) is not None else "<unset>")
    deadline = spec.get("startingDeadlineSeconds")
    w.w(0, "Starting Deadline Seconds:", f"{deadline}s" if deadline is not None else "<unset>")
    job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    labels = (job_spec.get("selector") or {}).get("matchLabels") or {}
    w.w(0, "Selector:", ",".join(f"{k}={val}" for k, val in sorted(labels.items())) or "<unset>")
    for title, field in (("Parallelism:", "parallelism"), ("Completions:", "completions")):
        w.w(0, title, job_spec[field] if job_spec.get(field) is not None else "<unset>")
    if job_spec.get("activeDeadlineSeconds") is not None:
        w.w(0, "Active Deadline Seconds:", f"{job_spec['activeDeadlineSeconds']}s")
    pod_template(w, job_spec.get("template") or {})
    w.w(0, "Last Schedule Time:", when(st["lastScheduleTime"]) if st.get("lastScheduleTime") else "<unset>")
    w.w(0, "Active Jobs:", ", ".join(a["name"] for a in st.get("active") or []) or "<none>")
    events(w, kx, cj)
    return w.text()


DESCRIBERS["Job"] = describe_job
DESCRIBERS["CronJob"] = describe_cronjob


def create_job(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    name, flags, after = front(Generator("create job", {"--image": "image", "--from": "from"}), args[1:])
    image, source = flags.get("image"), flags.get("from")
    if not image and not source:
        raise KubectlError("error: either --image or --from must be specified\n")
    if image and source:
        raise KubectlError("error: either --image or --from must be specified\n")
    if after and source:
        raise KubectlError("error: cannot specify --from and command\n")
    if source:
        job = _from_cronjob(kx, name, str(source))
    else:
        container: Obj = {"image": image, "name": name, "resources": {}}
        if after:
            container["command"] = list(after)
        job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"creationTimestamp": None, "name": name},
               "spec": {"template": {"metadata": {"creationTimestamp": None},
                                     "spec": {"containers": [container], "restartPolicy": "Never"}}},
               "status": {}}
    return create_object(kx, job, flags, f"job.batch/{name}", "job")


def _from_cronjob(kx: Kx, name: str, source: str) -> Obj:
    from course_lib.k8s.kubectl.get import resolve_type
    from course_lib.k8s.kubectl.patch import not_found
    kind, _, cname = source.partition("/")
    if not cname:
        raise KubectlError("error: from must be an existing cronjob\n")
    info = resolve_type(kind)
    found = kx.cluster.store.get(info.kind, kx.ns if info.namespaced else "", cname)
    if found is None:
        raise not_found(info, cname)
    if info.kind != "CronJob":
        raise KubectlError(f"error: unknown object type *v1.{info.kind}\n")
    cron = found
    import copy
    template = copy.deepcopy(cron["spec"].get("jobTemplate") or {})
    annotations_ = {"cronjob.kubernetes.io/instantiate": "manual",
                    **((template.get("metadata") or {}).get("annotations") or {})}
    meta = {"annotations": annotations_, "creationTimestamp": None, "name": name,
            "ownerReferences": [{"apiVersion": "batch/v1", "controller": True, "kind": "CronJob",
                                 "name": cname, "uid": cron["metadata"]["uid"]}]}
    if (template.get("metadata") or {}).get("labels"):
        meta["labels"] = dict(template["metadata"]["labels"])
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": template.get("spec") or {},
            "status": {}}


def create_cronjob(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    """kubectl create cronjob NAME --image=I --schedule=S [--restart=OnFailure|Never] [-- COMMAND]."""
    name, flags, after = front(Generator("create cronjob", {"--image": "image", "--schedule": "schedule",
                                                            "--restart": "restart"},
                                         required=("image", "schedule")), args[1:])
    container: Obj = {"image": flags["image"], "name": name, "resources": {}}
    if after:
        container["command"] = list(after)
    cron = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"creationTimestamp": None, "name": name},
            "spec": {"jobTemplate": {"metadata": {"creationTimestamp": None, "name": name},
                                     "spec": {"template": {"metadata": {"creationTimestamp": None},
                                                           "spec": {"containers": [container],
                                                                    "restartPolicy": flags.get("restart",
                                                                                               "OnFailure")}}}},
                     "schedule": flags["schedule"]},
            "status": {}}
    return create_object(kx, cron, flags, f"cronjob.batch/{name}", "cronjob")


write.CREATE_GENERATORS["job"] = create_job
write.CREATE_GENERATORS["cronjob"] = create_cronjob
write.CREATE_GENERATORS["cj"] = create_cronjob
