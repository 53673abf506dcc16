"""batch/v1 Job: the kind (schema, defaults, checks, `get jobs` columns) and the job controller (1.30).

The API server defaults a Job as 1.30 does: parallelism 1, completions 1 when neither is set (a work
queue when only parallelism is), backoffLimit 6, completionMode NonIndexed, suspend false,
podReplacementPolicy TerminatingOrFailed, the selector batch.kubernetes.io/controller-uid=UID and the
template labels batch.kubernetes.io/controller-uid, batch.kubernetes.io/job-name, controller-uid and
job-name (also the Job's labels when it has none). The template's restartPolicy must be OnFailure or Never.

The controller keeps min(parallelism, completions - succeeded) pods active (SuccessfulCreate "Created pod:
X"), counts Succeeded and Failed pods, and replaces a failed pod after the pod failure back-off (10 s
doubling, 10 min at most, from the last failure). The Job is Complete when succeeded reaches completions
(a work queue: once a pod succeeded and none is active) -- completionTime, event Completed "Job completed";
it is Failed (BackoffLimitExceeded, "Job has reached the specified backoff limit") when failed pods exceed
backoffLimit, or with restartPolicy OnFailure when its pods' restarts reach it, and (DeadlineExceeded)
after activeDeadlineSeconds; then its active pods are deleted. ttlSecondsAfterFinished deletes a finished
Job (and its pods) that many seconds after it finished.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from course_lib.k8s import validation as v
from course_lib.k8s.controllers import Controller, Key, key_of, pod_from_template
from course_lib.k8s.kinds import KindInfo, RowEnv, human_duration, register
from course_lib.k8s.kinds_apps import _template_defaults, containers_cells
from course_lib.k8s.store import parse_timestamp

Obj = dict[str, Any]
SOURCE = "job-controller"
UID_LABEL, NAME_LABEL = "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name"
INDEX = "batch.kubernetes.io/job-completion-index"
BACKOFF, MAX_BACKOFF = 10.0, 600.0
TERMINAL = ("Succeeded", "Failed")

JOB = {"apiVersion": v.STR, "kind": v.STR, "metadata": v.METADATA, "status": v.ANY,
       "spec": {k: v.ANY for k in ("parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy",
                                   "successPolicy", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes",
                                   "selector", "manualSelector", "template", "ttlSecondsAfterFinished",
                                   "completionMode", "suspend", "podReplacementPolicy", "managedBy")}}
JOB["spec"]["template"] = v.POD_TEMPLATE


def condition(job: Obj, kind: str) -> bool:
    return any(c.get("type") == kind and c.get("status") == "True"
               for c in (job.get("status") or {}).get("conditions") or [])


def finished(job: Obj) -> bool:
    return condition(job, "Complete") or condition(job, "Failed")


def indexed(job: Obj) -> bool:
    return (job.get("spec") or {}).get("completionMode") == "Indexed"


def index_ranges(done: set[int]) -> str:
    """status.completedIndexes: `0-2,4`."""
    out, run = [], []
    for i in sorted(done):
        if run and i == run[-1] + 1:
            run.append(i)
            continue
        if run:
            out.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
        run = [i]
    if run:
        out.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return ",".join(out)


def with_index(pod: Obj, job_name: str, index: int) -> None:
    """An Indexed Job's pod: the index as annotation and label, hostname JOB-INDEX, and JOB_COMPLETION_INDEX
    in each container from the annotation (addCompletionIndexEnvVariables)."""
    meta = pod["metadata"]
    meta.setdefault("annotations", {})[INDEX] = str(index)
    meta.setdefault("labels", {})[INDEX] = str(index)
    pod["spec"]["hostname"] = f"{job_name}-{index}"
    ref = {"fieldRef": {"apiVersion": "v1", "fieldPath": f"metadata.annotations['{INDEX}']"}}
    for c in pod["spec"].get("containers") or []:
        if not any(e.get("name") == "JOB_COMPLETION_INDEX" for e in c.get("env") or []):
            c.setdefault("env", []).append({"name": "JOB_COMPLETION_INDEX", "valueFrom": ref})


def job_row(obj: Obj, env: RowEnv) -> list[str]:
    """printJob: NAME, STATUS, COMPLETIONS, DURATION, AGE."""
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    succeeded = int(st.get("succeeded", 0) or 0)
    if spec.get("completions") is not None:
        completions = f"{succeeded}/{spec['completions']}"
    else:
        parallelism = int(spec.get("parallelism") or 0)
        completions = f"{succeeded}/1 of {parallelism}" if parallelism > 1 else f"{succeeded}/1"
    duration = ""
    if st.get("startTime"):
        end = parse_timestamp(st["completionTime"]) if st.get("completionTime") else env.now
        duration = human_duration(end - parse_timestamp(st["startTime"]))
    if condition(obj, "Complete"):
        status = "Complete"
    elif condition(obj, "Failed"):
        status = "Failed"
    elif obj["metadata"].get("deletionTimestamp"):
        status = "Terminating"
    elif condition(obj, "Suspended"):
        status = "Suspended"
    elif condition(obj, "FailureTarget"):
        status = "FailureTarget"
    else:
        status = "Running"
    return [obj["metadata"]["name"], status, completions, duration, env.age(obj)]


def job_wide(obj: Obj, env: RowEnv) -> list[str]:
    names, images, _ = containers_cells(obj)
    labels = ((obj.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
    return [names, images, ",".join(f"{k}={val}" for k, val in sorted(labels.items())) or "<none>"]


def validate_job(obj: Obj, cluster: Any) -> list[str]:
    spec = obj.get("spec") or {}
    errors = v.name_errors(obj["metadata"].get("name"))
    for field in ("parallelism", "completions", "backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished"):
        value = spec.get(field)
        if isinstance(value, int) and value < 0:
            errors.append(f"spec.{field}: Invalid value: {value}: must be greater than or equal to 0")
    template = spec.get("template") or {}
    errors += v.pod_spec_errors(template.get("spec"), "spec.template.spec")
    policy = (template.get("spec") or {}).get("restartPolicy") or "Always"
    if policy not in ("OnFailure", "Never"):
        errors.append(f'spec.template.spec.restartPolicy: Unsupported value: "{policy}": supported values: '
                      '"OnFailure", "Never"')
    mode = spec.get("completionMode")
    if mode is not None and mode not in ("NonIndexed", "Indexed"):
        errors.append(f'spec.completionMode: Unsupported value: "{mode}": supported values: "NonIndexed", '
                      '"Indexed"')
    if mode == "Indexed" and spec.get("completions") is None:
        errors.append("spec.completions: Required value: when completion mode is Indexed")
    return errors


def default_job(obj: Obj, cluster: Any) -> None:
    meta, spec = obj.setdefault("metadata", {}), obj.setdefault("spec", {})
    uid = meta.setdefault("uid", cluster.store.new_uid())
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = 1
    spec.setdefault("parallelism", 1)
    spec.setdefault("backoffLimit", 6)
    spec.setdefault("completionMode", "NonIndexed")
    spec.setdefault("suspend", False)
    spec.setdefault("podReplacementPolicy", "TerminatingOrFailed")
    if not spec.get("manualSelector"):
        spec["selector"] = {"matchLabels": {UID_LABEL: uid}}
        labels = spec.setdefault("template", {}).setdefault("metadata", {}).setdefault("labels", {})
        labels.update({UID_LABEL: uid, NAME_LABEL: meta.get("name", ""), "controller-uid": uid,
                       "job-name": meta.get("name", "")})
    _template_defaults(obj)
    if not meta.get("labels"):
        meta["labels"] = dict((spec["template"].get("metadata") or {}).get("labels") or {})


register(KindInfo("Job", ("batch/v1",), "jobs", (), schema=JOB, validate=validate_job, default=default_job,
                  columns=("NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"), row=job_row,
                  wide_columns=("CONTAINERS", "IMAGES", "SELECTOR"), wide_row=job_wide))


class JobController(Controller):
    kinds = ("Job", "Pod")

    def __init__(self, cluster: Any) -> None:
        super().__init__(cluster)
        self.counted: dict[str, set[str]] = {}          # job uid -> uids of finished pods already counted
        self.indexes: dict[str, set[int]] = {}          # job uid -> completed indexes (Indexed)
        self.last_failure: dict[str, float] = {}
        self.timers: set[tuple[Key, float]] = set()

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        if obj["kind"] == "Job":
            return [key_of(obj)]
        owner = self.cluster.owner_of(obj, "Job")
        return [owner] if owner else []

    def sync(self, key: Key) -> None:
        job = self.store.get(*key)
        if job is None or job["metadata"].get("deletionTimestamp"):
            return
        spec, uid, now = job["spec"], job["metadata"]["uid"], self.cluster.now()
        status = dict(job.get("status") or {})
        if finished(job):
            return
        if self._suspension(job, status):
            return
        status.setdefault("startTime", self.cluster.timestamp())
        pods = self.cluster.owned(job, "Pod")
        counted = self.counted.setdefault(uid, set())
        for pod in pods:
            phase = (pod.get("status") or {}).get("phase")
            if phase in TERMINAL and pod["metadata"]["uid"] not in counted:
                counted.add(pod["metadata"]["uid"])
                index = (pod["metadata"].get("annotations") or {}).get(INDEX)
                if phase == "Succeeded" and index is not None and indexed(job):
                    done = self.indexes.setdefault(uid, set())
                    if int(index) in done:
                        continue
                    done.add(int(index))
                    status["completedIndexes"] = index_ranges(done)
                field = "succeeded" if phase == "Succeeded" else "failed"
                status[field] = int(status.get(field, 0) or 0) + 1
                if phase == "Failed":
                    self.last_failure[uid] = now
        active = self._active(job)
        succeeded, failed = int(status.get("succeeded", 0) or 0), int(status.get("failed", 0) or 0)
        limit = int(spec.get("backoffLimit", 6))
        restarts = sum(int(cs.get("restartCount", 0) or 0) for p in active
                       for cs in (p.get("status") or {}).get("containerStatuses") or [])
        on_failure = (spec["template"].get("spec") or {}).get("restartPolicy") == "OnFailure"
        deadline = spec.get("activeDeadlineSeconds")
        started = parse_timestamp(status["startTime"])
        if failed > limit or (on_failure and limit and restarts >= limit) or (on_failure and not limit and restarts):
            self._fail(job, status, active, "BackoffLimitExceeded", "Job has reached the specified backoff limit")
            return
        if isinstance(deadline, int) and now >= started + deadline:
            self._fail(job, status, active, "DeadlineExceeded", "Job was active longer than specified deadline")
            return
        if isinstance(deadline, int):
            self._later(key, started + deadline)
        completions = spec.get("completions")
        if (completions is not None and succeeded >= int(completions)) or \
                (completions is None and succeeded > 0 and not active):
            self._delete(job, active)
            self._complete(job, status)
            return
        want = int(spec.get("parallelism", 1) or 0)
        if completions is not None:
            want = min(want, int(completions) - succeeded)
        elif succeeded > 0:
            want = 0                                     # a work queue: once one pod succeeded, no new pods
        if len(active) < want:
            wait = self._backoff(uid, failed, now)
            if wait > 0:
                self._later(key, now + wait)
            else:
                for index in self._next_indexes(job, active, want - len(active)):
                    name = job["metadata"]["name"] + ("" if index is None else f"-{index}")
                    pod = pod_from_template(job, f"{name}-{self.cluster.suffix(5)}")
                    if index is not None:
                        with_index(pod, job["metadata"]["name"], index)
                    self.cluster.api.create(pod, reconcile=False)
                    self.cluster.event(job, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}",
                                       source=SOURCE)
                active = self._active(job)
        elif len(active) > want:
            self._delete(job, sorted(active, key=lambda p: p["metadata"]["creationTimestamp"])[want:])
            active = self._active(job)
        self._save(job, status, active)

    def _suspension(self, job: Obj, status: Obj) -> bool:
        """spec.suspend: active pods deleted, the Suspended condition (JobSuspended) and event; resuming sets
        it False (JobResumed) and starts the clock again. True while suspended."""
        suspended = bool(job["spec"].get("suspend"))
        conds = status.get("conditions") or []
        cond = next((c for c in conds if c.get("type") == "Suspended"), None)
        if suspended == (cond is not None and cond.get("status") == "True"):
            if suspended:
                self._save(job, status, [])
            return suspended
        now = self.cluster.timestamp()
        fresh = {"lastProbeTime": now, "lastTransitionTime": now,
                 "message": "Job suspended" if suspended else "Job resumed",
                 "reason": "JobSuspended" if suspended else "JobResumed", "status": str(suspended),
                 "type": "Suspended"}
        status["conditions"] = [c for c in conds if c.get("type") != "Suspended"] + [fresh]
        if suspended:
            self._delete(job, self._active(job))
            status.pop("startTime", None)
            self._save(job, status, [])
        else:
            status["startTime"] = now
        self.cluster.event(job, "Normal", "Suspended" if suspended else "Resumed", fresh["message"], source=SOURCE)
        return suspended

    def _next_indexes(self, job: Obj, active: list[Obj], count: int) -> list[Optional[int]]:
        """The completion indexes of the next pods: the lowest ones neither done nor running (NonIndexed: None)."""
        if not indexed(job):
            return [None] * count
        done = self.indexes.get(job["metadata"]["uid"], set())
        running = {int((p["metadata"].get("annotations") or {}).get(INDEX, -1)) for p in active}
        free = [i for i in range(int(job["spec"]["completions"])) if i not in done and i not in running]
        return list(free[:count])

    # -- helpers -----------------------------------------------------------------------------------------
    def _active(self, job: Obj) -> list[Obj]:
        return [p for p in self.cluster.owned(job, "Pod") if not p["metadata"].get("deletionTimestamp") and
                (p.get("status") or {}).get("phase") not in TERMINAL]

    def _backoff(self, uid: str, failed: int, now: float) -> float:
        """The pod failure back-off left: 10 s * 2^(failures - 1), at most 10 min, from the last failure."""
        if not failed or uid not in self.last_failure:
            return 0.0
        return self.last_failure[uid] + min(BACKOFF * 2 ** (failed - 1), MAX_BACKOFF) - now

    def _delete(self, job: Obj, pods: list[Obj]) -> None:
        for pod in pods:
            self.cluster.api.delete("Pod", pod["metadata"]["namespace"], pod["metadata"]["name"], reconcile=False)
            self.cluster.event(job, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}",
                               source=SOURCE)

    def _save(self, job: Obj, status: Obj, active: list[Obj], conditions: Optional[list[Obj]] = None) -> None:
        status["active"] = len(active)
        status["ready"] = sum(1 for p in active if self.cluster.pod_is_ready(p))
        status["terminating"] = sum(1 for p in self.cluster.owned(job, "Pod") if p["metadata"].get("deletionTimestamp")
                                    and (p.get("status") or {}).get("phase") not in TERMINAL)
        status["uncountedTerminatedPods"] = {}
        if conditions:
            status["conditions"] = (status.get("conditions") or []) + conditions
        for field in ("active", "succeeded", "failed"):
            if not status.get(field):
                status.pop(field, None)                  # omitempty
        if job.get("status") != status:
            job["status"] = status
            self.store.touch(job)

    def _complete(self, job: Obj, status: Obj) -> None:
        now = self.cluster.timestamp()
        status["completionTime"] = now
        self._save(job, status, [], [{"lastProbeTime": now, "lastTransitionTime": now, "status": "True",
                                      "type": "Complete"}])
        self.cluster.event(job, "Normal", "Completed", "Job completed", source=SOURCE)
        self._ttl(job)

    def _fail(self, job: Obj, status: Obj, active: list[Obj], reason: str, message: str) -> None:
        now = self.cluster.timestamp()
        self._delete(job, active)
        self._save(job, status, [], [{"lastProbeTime": now, "lastTransitionTime": now, "message": message,
                                      "reason": reason, "status": "True", "type": "Failed"}])
        self.cluster.event(job, "Warning", reason, message, source=SOURCE)
        self._ttl(job)

    def _ttl(self, job: Obj) -> None:
        """The TTL-after-finished controller: delete the Job (foreground) ttlSecondsAfterFinished later."""
        ttl = job["spec"].get("ttlSecondsAfterFinished")
        if not isinstance(ttl, int):
            return
        from course_lib.net.events import scheduler
        scheduler(self.cluster.network).at(self.cluster.now() + ttl, self._expire, key_of(job), job["metadata"]["uid"])

    def _expire(self, key: Key, uid: str) -> None:
        job = self.store.get(*key)
        if job is not None and job["metadata"]["uid"] == uid:
            self.cluster.api.delete("Job", key[1], key[2], propagation="Foreground")

    def _later(self, key: Key, when: float) -> None:
        """A sync at `when` (the controller's requeue after a back-off or deadline)."""
        if (key, when) in self.timers:
            return
        self.timers.add((key, when))
        from course_lib.net.events import scheduler
        scheduler(self.cluster.network).at(when + 0.001, self._resync, key, when)

    def _resync(self, key: Key, when: float) -> None:
        self.timers.discard((key, when))
        self.cluster._queue[(self, key)] = None
        self.cluster.reconcile()


def install(cluster: Any) -> None:
    cluster.add_controller(JobController(cluster))
    from course_lib.k8s import cronjob, examples, job_kubectl  # noqa: F401  (describe, create, the docs examples)
    cronjob.install(cluster)
