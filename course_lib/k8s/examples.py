"""The Kubernetes docs' Deployment, Job and CronJob examples, offline: their manifest URLs and the perl image.

`kubectl apply -f https://kubernetes.io/examples/controllers/job.yaml` (the `pi` Job: perl:5.34.0 running
`perl -Mbignum=bpi -wle 'print bpi(2000)'`) and `.../application/job/cronjob.yaml` (the `hello` CronJob)
give the docs' manifests (k8s.io or kubernetes.io), as does .../controllers/nginx-deployment.yaml. The perl image's program prints pi to N significant
digits for that one-liner (Machin's formula, rounded half to even as Math::BigFloat rounds) after a few
seconds of work, and prints a plain `print "text"`; other perl programs are not modelled and end at once.
"""
from __future__ import annotations

import re
from typing import Any

from course_lib.docker.images import BUSYBOX_TOOLS
from course_lib.k8s.addons import register_url
from course_lib.k8s.containers import RUNNERS, add_image

PI_JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
"""
HELLO_CRONJOB = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
          restartPolicy: OnFailure
"""
NGINX_DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
"""
DOCS = re.compile(r"^https://(k8s\.io|kubernetes\.io)/examples/")
WORK_SECONDS = 5                          # computing 2000 digits in the container


def pi_text(digits: int) -> str:
    """pi to `digits` significant digits, rounded half to even, as `print bpi(N)` prints it."""
    guard = 12
    scale = 10 ** (digits - 1 + guard)

    def arctan_inv(x: int) -> int:
        total = term = scale // x
        k, sign = 1, -1
        while term:
            term //= x * x
            total += sign * (term // (2 * k + 1))
            sign, k = -sign, k + 1
        return total
    value = 4 * (4 * arctan_inv(5) - arctan_inv(239))
    kept, rest = divmod(value, 10 ** guard)
    half = 5 * 10 ** (guard - 1)
    if rest > half or (rest == half and kept % 2):
        kept += 1
    text = str(kept)
    return text[0] + "." + text[1:] if digits > 1 else text


def _perl(rc: Any) -> None:
    from course_lib.k8s.completion import exit_later
    script = next((a for i, a in enumerate(rc.argv) if i and rc.argv[i - 1] in ("-e", "-le", "-wle", "-we")), "")
    m = re.fullmatch(r"\s*print\s+bpi\((\d+)\)\s*;?\s*", script)
    if m and any(a.startswith("-Mbignum") for a in rc.argv) and 0 < int(m.group(1)) <= 20000:
        rc.log(pi_text(int(m.group(1))))
        exit_later(rc, WORK_SECONDS)
        return
    m = re.fullmatch(r'\s*print\s+"([^"\\]*)"\s*;?\s*', script)
    if m:
        rc.log(m.group(1))
    rc.exit(0)


for _repo in ("perl", "docker.io/library/perl"):
    add_image(_repo, cmd=("perl", "-de0"), tools=BUSYBOX_TOOLS | {"perl"})
RUNNERS["perl"] = _perl
register_url(lambda url: bool(DOCS.match(url)) and url.endswith("/controllers/job.yaml"),
             lambda cluster, url: PI_JOB)
register_url(lambda url: bool(DOCS.match(url)) and url.endswith("/application/job/cronjob.yaml"),
             lambda cluster, url: HELLO_CRONJOB)
register_url(lambda url: bool(DOCS.match(url)) and url.endswith("/controllers/nginx-deployment.yaml"),
             lambda cluster, url: NGINX_DEPLOYMENT)
