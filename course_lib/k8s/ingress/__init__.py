"""Ingress: networking.k8s.io/v1 Ingress and IngressClass kinds and an ingress-nginx-like controller.

`install(cluster)` registers the controller images and runners (dumb-init -> /nginx-ingress-controller),
the official deploy manifest URLs, and keeps Ingress status addresses in step with the controllers.
Without a controller pod an Ingress does nothing (no address, nothing listens), as on a real cluster.
TLS (ingress/tls.py): certificates from kubernetes.io/tls Secrets chosen by SNI on :443, the fake default
certificate otherwise; `install` also registers the Secret checks and `kubectl create secret tls` (k8s/secrets.py).
"""
from __future__ import annotations

from typing import Any

from course_lib.k8s.ingress import kinds  # noqa: F401  (registers Ingress, IngressClass)


def _dumb_init(rc: Any) -> None:
    """dumb-init -- PROGRAM ARGS: run PROGRAM's runner with the rest of argv."""
    from course_lib.k8s import containers
    argv = rc.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    rc.argv = argv
    name = argv[0].rsplit("/", 1)[-1] if argv else ""
    runner = containers.RUNNERS.get(name)
    if runner is None:
        rc.exit(127)
        return
    runner(rc)


def install(cluster: Any) -> None:
    from course_lib.k8s import addons, containers
    from course_lib.k8s import secrets
    from course_lib.k8s.ingress import controller, describe, manifests  # noqa: F401
    secrets.install()                    # kubernetes.io/tls Secrets: API checks, kubectl create secret tls
    if "nginx-ingress-controller" not in containers.RUNNERS:
        containers.RUNNERS["dumb-init"] = _dumb_init
        containers.RUNNERS["nginx-ingress-controller"] = controller.run_controller
        manifests.register(containers.add_image, addons.register_url)
    cluster.store.watch("Ingress", lambda event, obj: event != "DELETED" and controller.update_status(cluster))
    cluster.store.watch("Service", lambda event, obj: obj["metadata"].get("namespace") != "default" and
                        cluster.__dict__.get("ingress_controllers") and controller.update_status(cluster))
    cluster.store.watch("Pod", lambda event, obj: event == "DELETED" and
                        cluster.__dict__.get("ingress_controllers") and controller.update_status(cluster))
