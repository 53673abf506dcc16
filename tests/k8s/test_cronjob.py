"""batch/v1 CronJobs: the schedule, a Job per scheduled minute, history limits, concurrency, kubectl."""
from __future__ import annotations

from datetime import timedelta

import pytest

from course_lib import Cluster
from course_lib.k8s import cronjob
from course_lib.k8s.store import EPOCH


def at(text: str) -> float:
    """Model seconds of 2025-01-20 (a Monday) HH:MM."""
    h, m = map(int, text.split(":"))
    return (EPOCH.replace(hour=h, minute=m) - EPOCH).total_seconds()


def test_schedules_as_robfig_cron_reads_them() -> None:
    assert cronjob.next_time("*/1 * * * *", at("09:15")) == at("09:16")
    assert cronjob.next_time("*/15 * * * *", at("09:15")) == at("09:30")
    assert cronjob.next_time("0 9-17 * * MON-FRI", at("09:15")) == at("10:00")
    assert cronjob.next_time("@hourly", at("09:15")) == at("10:00")
    sunday = cronjob.next_time("30 2 * * 0", 0)
    assert EPOCH + timedelta(seconds=sunday) == EPOCH.replace(day=26, hour=2, minute=30)
    assert cronjob.next_time("0 0 1 * 1", at("09:15")) == at("00:00") + 7 * 86400      # day-of-month OR weekday
    for bad, message in (("* * *", "expected exactly 5 fields, found 3: [* * *]"),
                         ("61 * * * *", "end of range (61) above maximum (59): 61"),
                         ("@often", "unrecognized descriptor: @often")):
        with pytest.raises(cronjob.CronError) as exc:
            cronjob.parse(bad)
        assert str(exc.value) == message


def test_a_job_each_minute_and_the_history_limit() -> None:
    c = Cluster(cni="bridge")
    r = c.run("kubectl create cronjob hello --image=busybox --schedule='*/1 * * * *' -- sh -c 'echo Hello'")
    assert r.stdout == "cronjob.batch/hello created\n"
    assert c.run("kubectl get cronjobs").stdout == (
        "NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\n"
        "hello   */1 * * * *   <none>     False     0        <none>          0s\n")
    cj = c.store.get("CronJob", "default", "hello")
    assert cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"] == "OnFailure"
    first = cronjob.next_time("*/1 * * * *", c.now())
    c.run(f"sleep {first - c.now() + 10:.0f}")
    jobs = c.store.list("Job", "default")
    minutes = int((EPOCH + timedelta(seconds=first)).timestamp()) // 60
    assert [j["metadata"]["name"] for j in jobs] == [f"hello-{minutes}"]
    assert jobs[0]["metadata"]["ownerReferences"][0]["kind"] == "CronJob"
    assert jobs[0]["metadata"]["annotations"][cronjob.SCHEDULED] == c.timestamp(first)
    row = c.run("kubectl get cj hello --no-headers").stdout.split()
    assert row[-4:-1] == ["False", "0", "10s"]                   # SUSPEND, ACTIVE (done), LAST SCHEDULE
    assert c.run(f"kubectl logs job/hello-{minutes}").stdout == "Hello\n"
    c.run("sleep 300")
    names = sorted(j["metadata"]["name"] for j in c.store.list("Job", "default"))
    assert names == [f"hello-{minutes + 3}", f"hello-{minutes + 4}", f"hello-{minutes + 5}"]    # 3 kept
    out = c.run("kubectl describe cronjob hello").stdout
    for line in ("Schedule:                      */1 * * * *\n", "Concurrency Policy:            Allow\n",
                 "Successful Job History Limit:  3\n", "Failed Job History Limit:      1\n",
                 "Normal  SuccessfulCreate  ", f"Created job hello-{minutes + 5}\n",
                 f"Saw completed job: hello-{minutes + 4}, status: Complete\n", f"Deleted job hello-{minutes}\n"):
        assert line in out, line
    r = c.run("kubectl create job manual --from=cronjob/hello")
    assert r.stdout == "job.batch/manual created\n"
    manual = c.store.get("Job", "default", "manual")
    assert manual["metadata"]["annotations"] == {"cronjob.kubernetes.io/instantiate": "manual"}


def test_forbid_and_errors() -> None:
    c = Cluster(cni="bridge")
    manifest = """apiVersion: batch/v1
kind: CronJob
metadata: {name: slow}
spec:
  schedule: "*/1 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: s, image: busybox, command: [sleep, "90"]}]
          restartPolicy: Never
"""
    assert c.run("kubectl apply -f -", stdin=manifest).stdout == "cronjob.batch/slow created\n"
    c.run("sleep 200")
    # runs at 1 min (lasts to ~2.5 min), the 2 min run is skipped, the 3 min run goes
    assert len(c.store.list("Job", "default")) == 2
    assert c.run("kubectl create cronjob bad --image=busybox --schedule='* * *'").stderr == (
        'error: failed to create cronjob: CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "* * *": '
        "expected exactly 5 fields, found 3: [* * *]\n")
    assert c.run("kubectl create cronjob bad --image=busybox").stderr == 'error: required flag(s) "schedule" not set\n'
    assert c.run("kubectl create job x --from=cronjob/nope").stderr == \
        'Error from server (NotFound): cronjobs.batch "nope" not found\n'
