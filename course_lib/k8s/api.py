"""The API server's write path: kind mapping, strict decoding, validation, defaults, namespaces, then the store.

    api = Api(cluster)
    api.create(obj)             # raises ApiError (BadRequest, Invalid, AlreadyExists, NotFound)
    api.apply(obj) -> "created" | "configured" | "unchanged"
    api.delete(kind, ns, name)
create/apply(..., dry_run=True) is a `dryRun=All` request: admission, validation, defaults and allocation
run on a copy and the answer is what would be stored; nothing is written.
Every write ends with cluster.reconcile(): the controllers and kubelets run until nothing changes.
"""
from __future__ import annotations

import copy
from typing import Any, Optional

import importlib

from course_lib.k8s import componentstatus, kinds_apps, kinds_core, scheduling  # noqa: F401  (register the kinds)
from course_lib.k8s import discovery  # noqa: F401,E402  (after the modelled kinds)
from course_lib.k8s.kinds import KINDS, KindInfo, for_manifest
from course_lib.k8s.store import ApiError
from course_lib.k8s.validation import unknown_fields

Obj = dict[str, Any]
APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


# Modules that register more kinds (course_lib.k8s.kinds.register); imported when present.
KIND_MODULES = ["course_lib.k8s.services.kinds", "course_lib.k8s.ingress.kinds", "course_lib.k8s.netpol.kinds"]


def load_kind_modules() -> None:
    for name in KIND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise


load_kind_modules()


class MappingError(Exception):
    """No API serves apiVersion+kind (`no matches for kind "Ingress" in version "extensions/v1beta1"`)."""

    def __init__(self, kind: str, version: str) -> None:
        super().__init__(f'no matches for kind "{kind}" in version "{version}"')
        self.kind, self.version = kind, version


def mapping(obj: Any) -> KindInfo:
    if not isinstance(obj, dict):
        raise ApiError("BadRequest", "Object 'Kind' is missing in the document")
    kind, version = obj.get("kind"), obj.get("apiVersion")
    if not kind:
        raise ApiError("BadRequest", f"Object 'Kind' is missing in '{_compact(obj)}'")
    if not version:
        raise ApiError("BadRequest", f"Object 'apiVersion' is missing in '{_compact(obj)}'")
    info = for_manifest(str(version), str(kind))
    if info is None:
        raise MappingError(str(kind), str(version))
    return info


def _compact(obj: Obj) -> str:
    import json
    return json.dumps(obj, separators=(",", ":"))


class Api:
    """What kube-apiserver does with a request body before etcd."""

    def __init__(self, cluster: Any) -> None:
        self.cluster = cluster
        self.store = cluster.store

    # -- admission ---------------------------------------------------------------------------------
    def admit(self, obj: Obj, namespace: Optional[str]) -> tuple[KindInfo, Obj]:
        """Map, decode strictly, default, validate. Returns a fresh object ready to store."""
        info = mapping(obj)
        version = obj["apiVersion"]
        from course_lib.k8s.shapes import shape_error
        from course_lib.k8s.validation import type_error
        bad_type = shape_error(obj) or type_error(obj)
        if bad_type:
            raise ApiError("BadRequest", f'{info.kind} in version "{version.split("/")[-1]}" cannot be handled as '
                           f'a {info.kind}: {bad_type}')
        unknown = unknown_fields(obj, info.schema)
        if unknown:
            detail = ", ".join(f'unknown field "{u}"' for u in unknown)
            raise ApiError("BadRequest", f'{info.kind} in version "{version.split("/")[-1]}" cannot be handled as '
                           f'a {info.kind}: strict decoding error: {detail}')
        obj = copy.deepcopy(obj)
        meta = obj.setdefault("metadata", {}) or {}
        obj["metadata"] = meta
        if meta.get("creationTimestamp", "") is None:
            del meta["creationTimestamp"]
        obj.pop("status", None) if obj.get("status") == {} else None
        if info.namespaced:
            ns = meta.get("namespace") or namespace or "default"
            if namespace and meta.get("namespace") and meta["namespace"] != namespace:
                raise ApiError("BadRequest", "the namespace from the provided object "
                               f'"{meta["namespace"]}" does not match the namespace "{namespace}". '
                               "You must pass '--namespace=" + meta["namespace"] + "' to perform this operation.",
                               code=0)
            meta["namespace"] = ns
        else:
            meta.pop("namespace", None)
        if not meta.get("name") and meta.get("generateName"):
            meta["name"] = meta["generateName"] + self.cluster.suffix(5)
        errors = info.validate(obj, self.cluster) if info.validate else []
        if errors:
            raise ApiError("Invalid", f'{info.kind} "{meta.get("name", "")}" is invalid', 422, causes=errors,
                           kind=info.kind, name=str(meta.get("name", "")))
        space = self.store.get("Namespace", "", meta["namespace"]) if info.namespaced else None
        if info.namespaced and space is None:
            raise ApiError("NotFound", f'namespaces "{meta["namespace"]}" not found', 404)
        if space is not None and space["metadata"].get("deletionTimestamp"):
            raise ApiError("Forbidden", f'{info.resource_group} "{meta.get("name", "")}" is forbidden: unable to '
                           f'create new content in namespace {meta["namespace"]} because it is being terminated', 403)
        if info.default:
            info.default(obj, self.cluster)
        return info, obj

    # -- writes ------------------------------------------------------------------------------------
    def create(self, obj: Obj, namespace: Optional[str] = None, reconcile: bool = True,
               dry_run: bool = False) -> Obj:
        info, obj = self.admit(obj, namespace)
        meta = obj["metadata"]
        if self.store.get(info.kind, meta.get("namespace", ""), meta["name"]) is not None:
            raise ApiError("AlreadyExists", f'{info.resource_group} "{meta["name"]}" already exists', 409)
        self.cluster.before_create(info, obj)
        if dry_run:
            return self._dry_stored(obj)
        stored = self.store.create(obj)
        self._publish_root_ca(stored)
        if reconcile:
            self.cluster.reconcile()
        return stored

    def _publish_root_ca(self, obj: Obj) -> None:
        """kube-controller-manager's root-ca-cert-publisher: every new namespace gets kube-root-ca.crt (the
        ConfigMap each pod's kube-api-access volume projects), as the bootstrap namespaces have it."""
        if obj.get("kind") != "Namespace" or self.store.get("ConfigMap", obj["metadata"]["name"],
                                                            "kube-root-ca.crt") is not None:
            return
        from course_lib.k8s import pki
        self.store.create({"apiVersion": "v1", "kind": "ConfigMap",
                           "metadata": {"name": "kube-root-ca.crt", "namespace": obj["metadata"]["name"]},
                           "data": {"ca.crt": pki.of(self.cluster).ca_pem}})

    def apply(self, obj: Obj, namespace: Optional[str] = None, reconcile: bool = True,
              dry_run: bool = False) -> str:
        """Client-side apply: create with the last-applied annotation, or patch the spec/data if it changed."""
        return self.apply_answer(obj, namespace, reconcile, dry_run)[0]

    def apply_answer(self, obj: Obj, namespace: Optional[str] = None, reconcile: bool = True,
                     dry_run: bool = False) -> tuple[str, Obj]:
        """apply, with the object the API server answered (what a dry run would have stored)."""
        import json
        raw = copy.deepcopy(obj)
        info, admitted = self.admit(obj, namespace)
        meta = admitted["metadata"]
        current = self.store.get(info.kind, meta.get("namespace", ""), meta["name"])
        raw_meta = raw.setdefault("metadata", {})
        if info.namespaced:
            raw_meta["namespace"] = meta["namespace"]
        last = json.dumps(raw, separators=(",", ":"), sort_keys=True) + "\n"
        if current is None:
            meta.setdefault("annotations", {})[APPLIED] = last
            self.cluster.before_create(info, admitted)
            if dry_run:
                return "created", self._dry_stored(admitted)
            stored = self.store.create(admitted)
            self._publish_root_ca(stored)
            if reconcile:
                self.cluster.reconcile()
            return "created", stored
        if (current["metadata"].get("annotations") or {}).get(APPLIED) == last:
            return "unchanged", current
        if info.kind == "Pod":
            pod_update_check(current, admitted)
        updated = copy.deepcopy(current)
        for key, value in admitted.items():
            if key in ("metadata", "status", "apiVersion", "kind"):
                continue
            if info.kind == "Pod" and key == "spec":       # only images may change: patch them in place
                images = {c["name"]: c.get("image") for c in value.get("containers") or []}
                for c in updated["spec"].get("containers") or []:
                    c["image"] = images.get(c["name"], c.get("image"))
                continue
            updated[key] = value
        umeta = updated["metadata"]
        for field_name in ("labels", "annotations"):
            if field_name in meta:
                umeta[field_name] = dict(meta[field_name])
            else:
                umeta.pop(field_name, None)
        umeta.setdefault("annotations", {})[APPLIED] = last
        if dry_run:
            errors = info.validate(updated, self.cluster) if info.validate else []
            if errors:
                raise ApiError("Invalid", f'{info.kind} "{meta["name"]}" is invalid', 422, causes=errors,
                               kind=info.kind, name=str(meta["name"]))
            return "configured", updated
        self.cluster.before_update(info, current, updated)
        self.store.update(updated)
        if reconcile:
            self.cluster.reconcile()
        return "configured", updated

    def _dry_stored(self, obj: Obj) -> Obj:
        """The object a dry-run create answers with: a uid and creation time, no resourceVersion."""
        from course_lib.k8s.store import timestamp
        meta = obj["metadata"]
        meta.setdefault("uid", self.store.new_uid())
        meta.setdefault("creationTimestamp", timestamp(self.store.clock()))
        return obj

    def update(self, obj: Obj, reconcile: bool = True) -> Obj:
        info = KINDS[obj["kind"]]
        errors = info.validate(obj, self.cluster) if info.validate else []
        if errors:
            raise ApiError("Invalid", f'{info.kind} "{obj["metadata"]["name"]}" is invalid', 422, causes=errors,
                           kind=info.kind, name=obj["metadata"]["name"])
        self.store.update(obj)
        if reconcile:
            self.cluster.reconcile()
        return obj

    def delete(self, kind: str, namespace: str, name: str, reconcile: bool = True, propagation: str = "Background",
               grace: Optional[int] = None) -> Obj:
        """Delete with a propagation policy (Background, Orphan, Foreground) and, for pods, a grace period
        (None: the pod's terminationGracePeriodSeconds); see course_lib.k8s.gc."""
        from course_lib.k8s import gc
        current = self.store.get(kind, namespace, name)
        if current is not None and kind == "Pod" and \
                (current["metadata"].get("annotations") or {}).get("kubernetes.io/config.source") == "file":
            return self._delete_mirror_pod(current)
        if current is not None and gc.deferred(self.cluster, current, propagation, grace):
            if reconcile:                         # it terminates, waits for its dependents, or is a namespace
                self.cluster.reconcile()
            return current
        obj = self.store.delete(kind, namespace, name)
        if reconcile:
            self.cluster.reconcile()
        return obj


    def _delete_mirror_pod(self, pod: Obj) -> Obj:
        """A static pod's mirror: the kubelet keeps running the pod and posts a new mirror at once."""
        kubelet = self.cluster.kubelets.get(pod["spec"].get("nodeName"))
        runtime = kubelet.pods.pop(pod["metadata"]["uid"], None) if kubelet else None
        fresh = copy.deepcopy(pod)
        self.store.delete("Pod", pod["metadata"]["namespace"], pod["metadata"]["name"])
        for key in ("uid", "resourceVersion", "creationTimestamp"):
            fresh["metadata"].pop(key, None)
        self.store.create(fresh)
        if runtime is not None:
            kubelet.pods[fresh["metadata"]["uid"]] = runtime
        self.cluster.reconcile()
        return pod


POD_FORBIDDEN = ("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
                 "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions "
                 "to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
                 "previously negative)")


def pod_update_check(current: Obj, new: Obj) -> None:
    """A running pod's spec is immutable but for images (and a few fields): the API server's Forbidden."""
    def strip(spec: Obj) -> Obj:
        spec = copy.deepcopy(spec)
        for c in spec.get("containers") or []:
            c.pop("image", None)
            c.pop("imagePullPolicy", None)       # defaulted from the image's tag; a patch keeps the old one
            c["volumeMounts"] = [m for m in c.get("volumeMounts") or []
                                 if not str(m.get("name", "")).startswith("kube-api-access-")]
        spec["volumes"] = [v for v in spec.get("volumes") or []
                           if not str(v.get("name", "")).startswith("kube-api-access-")]
        for key in ("nodeName", "tolerations", "activeDeadlineSeconds", "terminationGracePeriodSeconds"):
            spec.pop(key, None)
        return spec
    if strip(current.get("spec") or {}) != strip(new.get("spec") or {}):
        raise ApiError("Invalid", f'Pod "{new["metadata"]["name"]}" is invalid', 422, causes=[POD_FORBIDDEN],
                       kind="Pod", name=new["metadata"]["name"])
