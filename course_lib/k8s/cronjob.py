"""batch/v1 CronJob: the kind, its schedule (robfig/cron's standard parser) and the cronjob controller (1.30).

At each scheduled minute of the model clock the controller makes the Job NAME-<minutes since the Unix
epoch> from spec.jobTemplate (owned by the CronJob, annotated with its scheduled time), records
status.active and lastScheduleTime, notes finished Jobs (lastSuccessfulTime, SawCompletedJob) and
deletes the oldest finished Jobs beyond successfulJobsHistoryLimit (3) / failedJobsHistoryLimit (1).
concurrencyPolicy Forbid skips a run while a Job is active, Replace deletes the active Jobs first;
suspend stops new runs. Defaults as the API server sets them: Allow, suspend false, limits 3 and 1.
"""
from __future__ import annotations

import calendar
import copy
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, Optional

from course_lib.k8s import validation as v
from course_lib.k8s.controllers import Controller, Key, key_of
from course_lib.k8s.job import JOB, finished
from course_lib.k8s.kinds import KindInfo, RowEnv, register
from course_lib.k8s.kinds_apps import containers_cells
from course_lib.k8s.store import EPOCH, parse_timestamp

Obj = dict[str, Any]
SOURCE = "cronjob-controller"
SCHEDULED = "batch.kubernetes.io/cronjob-scheduled-timestamp"
RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 6)]
NAMES = [{}, {}, {}, {m.upper(): i for i, m in enumerate(calendar.month_abbr) if m},
         {d.upper(): (i + 1) % 7 for i, d in enumerate(calendar.day_abbr)}]
DESCRIPTORS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
               "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}


class CronError(ValueError):
    pass


def _field(text: str, index: int) -> tuple[set[int], bool]:
    """One field's values and whether it is `*` (robfig/cron getField)."""
    low, high = RANGES[index]
    values: set[int] = set()
    star = False
    for part in text.split(","):
        body, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"failed to parse int from {step_text}: strconv.Atoi: parsing \"{step_text}\": "
                                "invalid syntax" if not step_text.isdigit() else "step of range should be a positive "
                                f"number: {part}")
            step = int(step_text)
        if body in ("*", "?"):
            start, end = low, high
            star = star or not step_text
        else:
            a, _, b = body.partition("-")
            start, end = _number(a, index), _number(b, index) if b else _number(a, index)
            if step_text and not b:
                end = high
        if start < low:
            raise CronError(f"beginning of range ({start}) below minimum ({low}): {part}")
        if end > high:
            raise CronError(f"end of range ({end}) above maximum ({high}): {part}")
        if start > end:
            raise CronError(f"beginning of range ({start}) beyond end of range ({end}): {part}")
        values.update(range(start, end + 1, step))
    return values, star


def _number(text: str, index: int) -> int:
    if text.upper() in NAMES[index]:
        return NAMES[index][text.upper()]
    if not text.isdigit():
        raise CronError(f'failed to parse int from {text}: strconv.Atoi: parsing "{text}": invalid syntax')
    return int(text)


def parse(schedule: str) -> list[tuple[set[int], bool]]:
    """cron.ParseStandard: five fields or a descriptor; CronError with robfig/cron's message."""
    text = schedule.strip()
    if text.startswith("TZ=") or text.startswith("CRON_TZ="):
        text = text.split(None, 1)[1] if " " in text else ""
    if text.startswith("@"):
        if text not in DESCRIPTORS:
            raise CronError(f"unrecognized descriptor: {text}")
        text = DESCRIPTORS[text]
    fields = text.split()
    if len(fields) != 5:
        raise CronError(f"expected exactly 5 fields, found {len(fields)}: [{' '.join(fields)}]")
    return [_field(f, i) for i, f in enumerate(fields)]


def next_time(schedule: str, after: float) -> float:
    """The first scheduled minute strictly after model time `after`."""
    spec = parse(schedule)
    (minutes, _), (hours, _), (days, dom_star), (months, _), (weekdays, dow_star) = spec
    moment = (EPOCH + timedelta(seconds=int(after))).replace(second=0) + timedelta(minutes=1)
    for _ in range(60 * 24 * 366 * 5):
        dom_ok, dow_ok = moment.day in days, (moment.isoweekday() % 7) in weekdays
        day_ok = dom_ok and dow_ok if dom_star or dow_star else dom_ok or dow_ok
        if moment.month in months and day_ok and moment.hour in hours and moment.minute in minutes:
            return (moment - EPOCH).total_seconds()
        moment += timedelta(minutes=1)
    return float("inf")


CRONJOB = {"apiVersion": v.STR, "kind": v.STR, "metadata": v.METADATA, "status": v.ANY,
           "spec": {"schedule": v.STR, "timeZone": v.STR, "startingDeadlineSeconds": v.INT,
                    "concurrencyPolicy": v.STR, "suspend": v.BOOL, "successfulJobsHistoryLimit": v.INT,
                    "failedJobsHistoryLimit": v.INT,
                    "jobTemplate": {"metadata": v.METADATA, "spec": JOB["spec"]}}}


def cronjob_row(obj: Obj, env: RowEnv) -> list[str]:
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    last = "<none>"
    if st.get("lastScheduleTime"):
        from course_lib.k8s.kinds import human_duration
        last = human_duration(env.now - parse_timestamp(st["lastScheduleTime"]))
    return [obj["metadata"]["name"], str(spec.get("schedule", "")), str(spec.get("timeZone") or "<none>"),
            "True" if spec.get("suspend") else "False", str(len(st.get("active") or [])), last, env.age(obj)]


def cronjob_wide(obj: Obj, env: RowEnv) -> list[str]:
    template = (((obj.get("spec") or {}).get("jobTemplate") or {}).get("spec") or {})
    names, images, _ = containers_cells({"spec": template})
    labels = (template.get("selector") or {}).get("matchLabels") or {}
    return [names, images, ",".join(f"{k}={val}" for k, val in sorted(labels.items())) or "<none>"]


def validate_cronjob(obj: Obj, cluster: Any) -> list[str]:
    spec = obj.get("spec") or {}
    errors = v.name_errors(obj["metadata"].get("name"))
    schedule = spec.get("schedule")
    if not schedule:
        errors.append("spec.schedule: Required value")
    else:
        try:
            parse(str(schedule))
        except CronError as exc:
            errors.append(f'spec.schedule: Invalid value: "{schedule}": {exc}')
    policy = spec.get("concurrencyPolicy")
    if policy is not None and policy not in ("Allow", "Forbid", "Replace"):
        errors.append(f'spec.concurrencyPolicy: Unsupported value: "{policy}": supported values: "Allow", "Forbid", '
                      '"Replace"')
    template = ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}
    errors += v.pod_spec_errors(template.get("spec"), "spec.jobTemplate.spec.template.spec")
    restart = (template.get("spec") or {}).get("restartPolicy") or "Always"
    if restart not in ("OnFailure", "Never"):
        errors.append(f'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "{restart}": '
                      'supported values: "OnFailure", "Never"')
    return errors


def default_cronjob(obj: Obj, cluster: Any) -> None:
    from course_lib.k8s.kinds_core import default_pod_spec
    spec = obj.setdefault("spec", {})
    spec.setdefault("concurrencyPolicy", "Allow")
    spec.setdefault("suspend", False)
    spec.setdefault("successfulJobsHistoryLimit", 3)
    spec.setdefault("failedJobsHistoryLimit", 1)
    job_spec = spec.setdefault("jobTemplate", {}).setdefault("spec", {})
    template = job_spec.setdefault("template", {})
    template.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    spec["jobTemplate"].setdefault("metadata", {}).setdefault("creationTimestamp", None)
    default_pod_spec(template.setdefault("spec", {}))


register(KindInfo("CronJob", ("batch/v1",), "cronjobs", ("cj",), schema=CRONJOB, validate=validate_cronjob,
                  default=default_cronjob,
                  columns=("NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"),
                  row=cronjob_row, wide_columns=("CONTAINERS", "IMAGES", "SELECTOR"), wide_row=cronjob_wide))


class CronJobController(Controller):
    kinds = ("CronJob", "Job")

    def __init__(self, cluster: Any) -> None:
        super().__init__(cluster)
        self.timers: set[tuple[Key, float]] = set()

    def keys(self, event: str, obj: Obj) -> Iterable[Key]:
        if obj["kind"] == "CronJob":
            return [key_of(obj)]
        owner = self.cluster.owner_of(obj, "CronJob")
        return [owner] if owner else []

    def sync(self, key: Key) -> None:
        cj = self.store.get(*key)
        if cj is None or cj["metadata"].get("deletionTimestamp"):
            return
        spec, now = cj["spec"], self.cluster.now()
        status = copy.deepcopy(cj.get("status") or {})
        jobs = self.cluster.owned(cj, "Job")
        active = [j for j in jobs if not finished(j) and not j["metadata"].get("deletionTimestamp")]
        for job in jobs:
            if finished(job) and any(a.get("uid") == job["metadata"]["uid"] for a in status.get("active") or []):
                kind = "Complete" if any(c.get("type") == "Complete" for c in job["status"]["conditions"]) else "Failed"
                self.cluster.event(cj, "Normal", "SawCompletedJob", f"Saw completed job: {job['metadata']['name']}, "
                                   f"status: {kind}", source=SOURCE)
                if kind == "Complete":
                    status["lastSuccessfulTime"] = job["status"].get("completionTime")
        self._cleanup(cj, jobs)
        last = parse_timestamp(status["lastScheduleTime"]) if status.get("lastScheduleTime") else \
            parse_timestamp(cj["metadata"]["creationTimestamp"])
        due = next_time(spec["schedule"], last)
        if due <= now and not spec.get("suspend"):
            scheduled = max(t for t in self._times(spec["schedule"], last, now))     # the most recent missed run
            policy = spec.get("concurrencyPolicy", "Allow")
            if policy == "Forbid" and active:
                pass
            else:
                if policy == "Replace":
                    for job in active:
                        self.cluster.api.delete("Job", job["metadata"]["namespace"], job["metadata"]["name"],
                                                reconcile=False)
                        self.cluster.event(cj, "Normal", "SuccessfulDelete", f"Deleted job {job['metadata']['name']}",
                                           source=SOURCE)
                    active = []
                made = self._make_job(cj, scheduled)
                if made is not None:
                    active.append(made)
                status["lastScheduleTime"] = self.cluster.timestamp(scheduled)
            due = next_time(spec["schedule"], scheduled)
        status["active"] = [{"apiVersion": "batch/v1", "kind": "Job", "name": j["metadata"]["name"],
                             "namespace": j["metadata"]["namespace"],
                             "resourceVersion": j["metadata"]["resourceVersion"], "uid": j["metadata"]["uid"]}
                            for j in active]
        if not status["active"]:
            status.pop("active")
        if cj.get("status") != status:
            cj["status"] = status
            self.store.touch(cj)
        self._later(key, due)

    def _times(self, schedule: str, after: float, until: float) -> Iterable[float]:
        t = next_time(schedule, after)
        while t <= until:
            yield t
            t = next_time(schedule, t)

    def _make_job(self, cj: Obj, scheduled: float) -> Optional[Obj]:
        template = copy.deepcopy(cj["spec"].get("jobTemplate") or {})
        minutes = int((EPOCH + timedelta(seconds=scheduled)).timestamp()) // 60
        name = f"{cj['metadata']['name']}-{minutes}"
        meta = copy.deepcopy(template.get("metadata") or {})
        meta.pop("creationTimestamp", None)
        meta.update(name=name, namespace=cj["metadata"]["namespace"])
        meta.setdefault("annotations", {})[SCHEDULED] = datetime.fromtimestamp(
            (EPOCH + timedelta(seconds=scheduled)).timestamp(), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        meta["ownerReferences"] = [{"apiVersion": "batch/v1", "blockOwnerDeletion": True, "controller": True,
                                    "kind": "CronJob", "name": cj["metadata"]["name"], "uid": cj["metadata"]["uid"]}]
        job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": template.get("spec") or {}}
        from course_lib.k8s.store import ApiError
        try:
            stored = self.cluster.api.create(job, reconcile=False)
        except ApiError:
            return None
        self.cluster.event(cj, "Normal", "SuccessfulCreate", f"Created job {name}", source=SOURCE)
        return stored

    def _cleanup(self, cj: Obj, jobs: list[Obj]) -> None:
        """The history limits: the oldest finished Jobs beyond them are deleted (background)."""
        for kind, field, default in (("Complete", "successfulJobsHistoryLimit", 3),
                                     ("Failed", "failedJobsHistoryLimit", 1)):
            limit = cj["spec"].get(field, default)
            if limit is None:
                continue
            done = sorted((j for j in jobs if any(c.get("type") == kind and c.get("status") == "True"
                                                  for c in (j.get("status") or {}).get("conditions") or [])
                           and not j["metadata"].get("deletionTimestamp")),
                          key=lambda j: j["metadata"]["creationTimestamp"])
            for job in done[:max(0, len(done) - int(limit))]:
                self.cluster.api.delete("Job", job["metadata"]["namespace"], job["metadata"]["name"], reconcile=False)
                self.cluster.event(cj, "Normal", "SuccessfulDelete", f"Deleted job {job['metadata']['name']}",
                                   source=SOURCE)

    def _later(self, key: Key, when: float) -> None:
        if when == float("inf") or (key, when) in self.timers:
            return
        self.timers.add((key, when))
        from course_lib.net.events import scheduler
        scheduler(self.cluster.network).at(when, self._resync, key, when)

    def _resync(self, key: Key, when: float) -> None:
        self.timers.discard((key, when))
        self.cluster._queue[(self, key)] = None
        self.cluster.reconcile()


def install(cluster: Any) -> None:
    cluster.add_controller(CronJobController(cluster))
