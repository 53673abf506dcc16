"""The API server's object store (etcd behind kube-apiserver): objects as API dicts, versions, watches.

    store = Store(clock)                      # clock() -> model seconds
    store.create(obj)                         # fills uid, resourceVersion, creationTimestamp; raises ApiError
    store.get("Pod", "default", "web")        # the stored dict, or None
    store.list("Pod", namespace=None, selector={"app": "web"})
    store.update(obj); store.delete("Pod", "default", "web")
    store.watch("Pod", fn)                    # fn(event, obj), event in ADDED/MODIFIED/DELETED

Objects are plain dicts shaped as the API returns them (apiVersion, kind, metadata, spec, status),
so kubectl's yaml/json/jsonpath output is their serialisation. Keys are (kind, namespace, name);
cluster-scoped kinds use namespace "". Indexes: by kind, and by (kind, namespace).
"""
from __future__ import annotations

import copy
import uuid
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Optional

from course_lib.net.wallclock import EPOCH_DATETIME

Obj = dict[str, Any]
Watcher = Callable[[str, Obj], None]
EPOCH = EPOCH_DATETIME                 # model time 0 (net/wallclock.py)


class ApiError(Exception):
    """An API status error: reason (NotFound, AlreadyExists, Invalid, BadRequest...), code and message."""

    def __init__(self, reason: str, message: str, code: int = 400, causes: Optional[list[str]] = None,
                 kind: str = "", name: str = "") -> None:
        super().__init__(message)
        self.reason, self.message, self.code = reason, message, code
        self.causes = causes or []
        self.kind, self.name = kind, name


def timestamp(model_seconds: float) -> str:
    """RFC 3339 as the API prints creationTimestamp: 2025-01-20T09:00:00Z."""
    return (EPOCH + timedelta(seconds=int(model_seconds))).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: str) -> float:
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return (moment - EPOCH).total_seconds()


def labels_match(labels: dict[str, str], selector: Any) -> bool:
    """A dict of equalities, or a parsed selector (course_lib.k8s.labelselect.Selector: anything with matches)."""
    if not selector:
        return True
    if hasattr(selector, "matches"):
        return bool(selector.matches(labels))
    return all(labels.get(k) == v for k, v in selector.items())


class Store:
    """Objects by kind, namespace and name, with watches run synchronously on every change."""

    def __init__(self, clock: Callable[[], float], rng: Any = None) -> None:
        self.clock = clock
        self.rng = rng
        self._objects: dict[str, dict[tuple[str, str], Obj]] = defaultdict(dict)
        self._watchers: dict[str, list[Watcher]] = defaultdict(list)
        self._rv = 1000

    # -- watches -----------------------------------------------------------------------------------
    def watch(self, kind: str, fn: Watcher) -> None:
        """Call fn(event, obj) after every change of an object of `kind` ("*" for every kind)."""
        self._watchers[kind].append(fn)

    def unwatch(self, kind: str, fn: Watcher) -> None:
        """Stop calling fn (a `kubectl get -w` job that ended)."""
        if fn in self._watchers.get(kind, ()):
            self._watchers[kind].remove(fn)

    def _notify(self, event: str, obj: Obj) -> None:
        for fn in list(self._watchers.get(obj["kind"], ())) + list(self._watchers.get("*", ())):
            fn(event, obj)

    # -- reads -------------------------------------------------------------------------------------
    def get(self, kind: str, namespace: str, name: str) -> Optional[Obj]:
        return self._objects[kind].get((namespace, name))

    def list(self, kind: str, namespace: Optional[str] = None,
             selector: Optional[dict[str, str]] = None) -> list[Obj]:
        """Objects of a kind sorted by namespace and name (as the API lists them: the keys are those two)."""
        objects = self._objects[kind]
        keys = sorted(objects) if namespace is None else sorted(k for k in objects if k[0] == namespace)
        items = [objects[k] for k in keys]
        if selector:
            items = [o for o in items if labels_match(o["metadata"].get("labels") or {}, selector)]
        return items

    def count(self, kind: str) -> int:
        return len(self._objects[kind])

    # -- writes ------------------------------------------------------------------------------------
    def _next_rv(self) -> str:
        self._rv += 1
        return str(self._rv)

    def new_uid(self) -> str:
        if self.rng is not None:
            return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        return str(uuid.uuid4())

    def create(self, obj: Obj, created_at: Optional[float] = None) -> Obj:
        meta = obj.setdefault("metadata", {})
        key = (meta.get("namespace", ""), meta["name"])
        if key in self._objects[obj["kind"]]:
            raise ApiError("AlreadyExists", f'{plural_of(obj["kind"])} "{meta["name"]}" already exists', 409)
        meta.setdefault("uid", self.new_uid())
        meta["resourceVersion"] = self._next_rv()
        meta.setdefault("creationTimestamp", timestamp(self.clock() if created_at is None else created_at))
        if obj["kind"] in GENERATION_KINDS:
            meta["generation"] = 1
        self._objects[obj["kind"]][key] = obj
        self._notify("ADDED", obj)
        return obj

    def update(self, obj: Obj, spec_changed: bool = True) -> Obj:
        meta = obj["metadata"]
        key = (meta.get("namespace", ""), meta["name"])
        old = self._objects[obj["kind"]].get(key)
        if old is None:
            raise ApiError("NotFound", f'{plural_of(obj["kind"])} "{meta["name"]}" not found', 404)
        meta["resourceVersion"] = self._next_rv()
        if spec_changed and obj["kind"] in GENERATION_KINDS and old is not obj:
            meta["generation"] = int(old["metadata"].get("generation", 1)) + 1
        self._objects[obj["kind"]][key] = obj
        self._notify("MODIFIED", obj)
        return obj

    def touch(self, obj: Obj) -> None:
        """A status change of a stored object (new resourceVersion, watchers told)."""
        obj["metadata"]["resourceVersion"] = self._next_rv()
        self._notify("MODIFIED", obj)

    def delete(self, kind: str, namespace: str, name: str) -> Obj:
        obj = self._objects[kind].pop((namespace, name), None)
        if obj is None:
            raise ApiError("NotFound", f'{plural_of(kind)} "{name}" not found', 404)
        self._notify("DELETED", obj)
        return obj

    def snapshot(self, obj: Obj) -> Obj:
        return copy.deepcopy(obj)


GENERATION_KINDS = {"Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Ingress", "NetworkPolicy", "Job",
                    "CronJob"}


def plural_of(kind: str) -> str:
    from course_lib.k8s.kinds import KINDS
    info = KINDS.get(kind)
    if info is not None:
        return info.resource_group
    return kind.lower() + "s"
