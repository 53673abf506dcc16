"""batch/v1 Jobs: kubectl create job / apply, completions and parallelism, backoffLimit, get/describe/logs."""
from __future__ import annotations

import pytest

from course_lib import Cluster

PAR = """apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
spec:
  {extra}
  template:
    spec:
      containers:
      - name: w
        image: busybox
        command: {command}
      restartPolicy: {policy}
"""


@pytest.fixture(scope="module")
def c() -> Cluster:
    return Cluster(cni="bridge")


def rows(c: Cluster, what: str) -> dict[str, list[str]]:
    return {r.split()[0]: r.split()[1:] for r in c.run(f"kubectl get {what} --no-headers").stdout.splitlines()}


def test_create_job_runs_one_pod_to_completion(c: Cluster) -> None:
    r = c.run("kubectl create job hello --image=busybox -- sh -c 'echo Hello World; sleep 5' && kubectl get jobs")
    assert (r.stdout, r.returncode) == ("job.batch/hello created\n"
                                        "NAME    STATUS    COMPLETIONS   DURATION   AGE\n"
                                        "hello   Running   0/1           0s         0s\n", 0)
    pod = c.store.list("Pod", "default", {"job-name": "hello"})[0]
    labels = pod["metadata"]["labels"]
    uid = c.store.get("Job", "default", "hello")["metadata"]["uid"]
    assert labels == {"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "hello",
                      "controller-uid": uid, "job-name": "hello"}
    assert pod["metadata"]["name"].startswith("hello-") and pod["spec"]["restartPolicy"] == "Never"
    c.run("sleep 7")
    # DURATION: the pull and start (2 + 1 s), then the 5 s sleep; AGE: the next command line came at 3 s
    assert c.run("kubectl get jobs").stdout == ("NAME    STATUS     COMPLETIONS   DURATION   AGE\n"
                                                "hello   Complete   1/1           8s         10s\n")
    assert rows(c, "pods")[pod["metadata"]["name"]][:3] == ["0/1", "Completed", "0"]
    assert c.run("kubectl logs job/hello").stdout == "Hello World\n"
    wide = c.run("kubectl get job hello -o wide").stdout.splitlines()
    assert wide[0].split() == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"]
    assert wide[1].split()[5:] == ["hello", "busybox", f"batch.kubernetes.io/controller-uid={uid}"]
    out = c.run("kubectl describe job hello").stdout
    for line in (f"Selector:         batch.kubernetes.io/controller-uid={uid}\n", "Parallelism:      1\n",
                 "Completions:      1\n", "Completion Mode:  NonIndexed\n", "Suspend:          false\n",
                 "Backoff Limit:    6\n", "Duration:         8s\n",
                 "Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n",
                 "    Command:\n      sh\n      -c\n      echo Hello World; sleep 5\n",
                 f"  Normal  SuccessfulCreate  10s   job-controller  Created pod: {pod['metadata']['name']}\n",
                 "  Normal  Completed         2s    job-controller  Job completed\n"):
        assert line in out
    status = c.store.get("Job", "default", "hello")["status"]
    assert [k["type"] for k in status["conditions"]] == ["Complete"] and status["succeeded"] == 1
    assert (status["ready"], status["terminating"], status["uncountedTerminatedPods"]) == (0, 0, {})


def test_completions_and_parallelism(c: Cluster) -> None:
    c.run("kubectl apply -f -", stdin=PAR.format(name="par", extra="completions: 5\n  parallelism: 2",
                                                 command='["sleep", "3"]', policy="Never"))
    r = c.run("for i in 1 2 3 4 5 6 7 8 9 10; do kubectl get job par --no-headers; sleep 2; done")
    seen = [int(line.split()[2].split("/")[0]) for line in r.stdout.splitlines()]
    assert seen == sorted(seen) and seen[0] == 0 and seen[-1] == 5 and max(b - a for a, b in zip(seen, seen[1:])) <= 2
    row = rows(c, "job")["par"]                        # two at a time, each a start (1 to 3 s) and its 3 s
    assert row[:2] == ["Complete", "5/5"] and 3 * 4 <= int(row[2].rstrip("s")) <= 3 * 6
    assert len(c.store.list("Pod", "default", {"job-name": "par"})) == 5


def test_backoff_limit_and_the_failure_back_off(c: Cluster) -> None:
    c.run("kubectl apply -f -", stdin=PAR.format(name="fail", extra="backoffLimit: 2",
                                                 command='["sh", "-c", "exit 1"]', policy="Never"))
    start = c.now()
    c.run("sleep 5")
    created = []
    for _ in range(5):
        created.append(len(c.store.list("Pod", "default", {"job-name": "fail"})))
        c.run("sleep 10")
    assert created == [1, 2, 2, 3, 3]                  # at 5, 15, 25, 35, 45 s: retried after 10 s, then 20 s
    assert rows(c, "job")["fail"][:2] == ["Failed", "0/1"]
    job = c.store.get("Job", "default", "fail")
    cond = job["status"]["conditions"][0]
    assert (cond["type"], cond["reason"], cond["message"]) == ("Failed", "BackoffLimitExceeded",
                                                               "Job has reached the specified backoff limit")
    assert job["status"]["failed"] == 3 and c.now() - start >= 30
    assert "Pods Statuses:    0 Active (0 Ready) / 0 Succeeded / 3 Failed\n" in \
        c.run("kubectl describe job fail").stdout
    assert all(r[1] == "Error" for name, r in rows(c, "pods").items() if name.startswith("fail-"))


def test_on_failure_restarts_count_against_the_limit(c: Cluster) -> None:
    c.run("kubectl apply -f -", stdin=PAR.format(name="onf", extra="backoffLimit: 2",
                                                 command='["sh", "-c", "exit 1"]', policy="OnFailure"))
    c.run("sleep 15")
    assert rows(c, "job")["onf"][0] == "Failed"
    assert not c.store.list("Pod", "default", {"job-name": "onf"}) or \
        all(p["metadata"].get("deletionTimestamp") for p in c.store.list("Pod", "default", {"job-name": "onf"}))


def test_job_errors(c: Cluster) -> None:
    bad = PAR.format(name="bad", extra="", command='["true"]', policy="Always")
    r = c.run("kubectl apply -f -", stdin=bad)
    assert (r.stderr, r.returncode) == ('The Job "bad" is invalid: spec.template.spec.restartPolicy: Unsupported '
                                        'value: "Always": supported values: "OnFailure", "Never"\n', 1)
    assert c.run("kubectl create job x").stderr == "error: either --image or --from must be specified\n"
    assert c.run("kubectl create job hello --image=busybox").stderr == \
        'error: failed to create job: jobs.batch "hello" already exists\n'
    r = c.run("kubectl apply -f -", stdin=bad.replace("  name: bad\n", "  bad\n"))
    assert r.stderr == ('Error from server (BadRequest): error when creating "STDIN": Job in version "v1" cannot be '
                        'handled as a Job: json: cannot unmarshal string into Go struct field Job.metadata of type '
                        'v1.ObjectMeta\n')
    assert c.run("kubectl delete job hello").stdout == 'job.batch "hello" deleted\n'
    assert not c.store.list("Pod", "default", {"job-name": "hello"})


def test_suspend_and_resume(c: Cluster) -> None:
    r = c.run("kubectl create job sus --image=busybox -- sleep 30; "
              """kubectl patch job sus -p '{"spec":{"suspend":true}}'; kubectl get job sus --no-headers""")
    assert r.stdout.splitlines()[-1].split()[1:3] == ["Suspended", "0/1"]
    assert not [p for p in c.store.list("Pod", "default", {"job-name": "sus"})
                if not p["metadata"].get("deletionTimestamp")]
    cond = c.store.get("Job", "default", "sus")["status"]["conditions"][0]
    assert (cond["type"], cond["status"], cond["reason"], cond["message"]) == \
        ("Suspended", "True", "JobSuspended", "Job suspended")
    r = c.run("""kubectl patch job sus -p '{"spec":{"suspend":false}}'; kubectl wait --for=condition=complete """
              "job/sus --timeout=60s")
    assert r.stdout.endswith("job.batch/sus condition met\n")
    reasons = [e["reason"] for e in c.events_for(c.store.get("Job", "default", "sus"))]
    assert reasons == ["SuccessfulCreate", "SuccessfulDelete", "Suspended", "Resumed", "SuccessfulCreate", "Completed"]


def test_indexed_completion_mode(c: Cluster) -> None:
    manifest = PAR.format(name="idx", extra="completions: 3\n  parallelism: 2\n  completionMode: Indexed",
                          command="[sh, -c, 'echo item $JOB_COMPLETION_INDEX on $HOSTNAME; sleep 2']",
                          policy="Never")
    r = c.run("kubectl apply -f - && kubectl wait --for=condition=complete job/idx --timeout=60s", stdin=manifest)
    assert r.stdout == "job.batch/idx created\njob.batch/idx condition met\n"
    pods = sorted(c.store.list("Pod", "default", {"job-name": "idx"}), key=lambda p: p["metadata"]["name"])
    assert [p["metadata"]["name"].rsplit("-", 1)[0] for p in pods] == ["idx-0", "idx-1", "idx-2"]
    assert [p["metadata"]["labels"]["batch.kubernetes.io/job-completion-index"] for p in pods] == ["0", "1", "2"]
    assert [c.run(f"kubectl logs {p['metadata']['name']}").stdout for p in pods] == \
        ["item 0 on idx-0\n", "item 1 on idx-1\n", "item 2 on idx-2\n"]
    assert c.store.get("Job", "default", "idx")["status"]["completedIndexes"] == "0-2"
    assert "Completed Indexes:  0-2\n" in c.run("kubectl describe job idx").stdout
    r = c.run("kubectl apply -f -", stdin=manifest.replace("completions: 3\n  ", "").replace("name: idx", "name: i2"))
    assert r.stderr == 'The Job "i2" is invalid: spec.completions: Required value: when completion mode is Indexed\n'
