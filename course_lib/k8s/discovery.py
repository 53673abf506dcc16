"""The rest of what kube-apiserver 1.30 serves: resources the course does not model, registered so that
discovery (`kubectl api-resources`), `kubectl get` (empty lists, NotFound) and manifests know them.

Each row is (resource, short names, group/version, namespaced, kind), as the API server's discovery
documents list them. Objects of these kinds are stored as sent; no controller acts on them.
"""
from __future__ import annotations

from course_lib.k8s.kinds import KINDS, KindInfo, register

SERVED = (
    ("bindings", "", "v1", True, "Binding"),
    ("limitranges", "limits", "v1", True, "LimitRange"),
    ("persistentvolumeclaims", "pvc", "v1", True, "PersistentVolumeClaim"),
    ("persistentvolumes", "pv", "v1", False, "PersistentVolume"),
    ("podtemplates", "", "v1", True, "PodTemplate"),
    ("replicationcontrollers", "rc", "v1", True, "ReplicationController"),
    ("resourcequotas", "quota", "v1", True, "ResourceQuota"),
    ("mutatingwebhookconfigurations", "", "admissionregistration.k8s.io/v1", False, "MutatingWebhookConfiguration"),
    ("validatingadmissionpolicies", "", "admissionregistration.k8s.io/v1", False, "ValidatingAdmissionPolicy"),
    ("validatingadmissionpolicybindings", "", "admissionregistration.k8s.io/v1", False,
     "ValidatingAdmissionPolicyBinding"),
    ("validatingwebhookconfigurations", "", "admissionregistration.k8s.io/v1", False,
     "ValidatingWebhookConfiguration"),
    ("customresourcedefinitions", "crd,crds", "apiextensions.k8s.io/v1", False, "CustomResourceDefinition"),
    ("apiservices", "", "apiregistration.k8s.io/v1", False, "APIService"),
    ("controllerrevisions", "", "apps/v1", True, "ControllerRevision"),
    ("selfsubjectreviews", "", "authentication.k8s.io/v1", False, "SelfSubjectReview"),
    ("tokenreviews", "", "authentication.k8s.io/v1", False, "TokenReview"),
    ("localsubjectaccessreviews", "", "authorization.k8s.io/v1", True, "LocalSubjectAccessReview"),
    ("selfsubjectaccessreviews", "", "authorization.k8s.io/v1", False, "SelfSubjectAccessReview"),
    ("selfsubjectrulesreviews", "", "authorization.k8s.io/v1", False, "SelfSubjectRulesReview"),
    ("subjectaccessreviews", "", "authorization.k8s.io/v1", False, "SubjectAccessReview"),
    ("horizontalpodautoscalers", "hpa", "autoscaling/v2", True, "HorizontalPodAutoscaler"),
    ("certificatesigningrequests", "csr", "certificates.k8s.io/v1", False, "CertificateSigningRequest"),
    ("leases", "", "coordination.k8s.io/v1", True, "Lease"),
    ("flowschemas", "", "flowcontrol.apiserver.k8s.io/v1", False, "FlowSchema"),
    ("prioritylevelconfigurations", "", "flowcontrol.apiserver.k8s.io/v1", False, "PriorityLevelConfiguration"),
    ("runtimeclasses", "", "node.k8s.io/v1", False, "RuntimeClass"),
    ("poddisruptionbudgets", "pdb", "policy/v1", True, "PodDisruptionBudget"),
    ("priorityclasses", "pc", "scheduling.k8s.io/v1", False, "PriorityClass"),
    ("csidrivers", "", "storage.k8s.io/v1", False, "CSIDriver"),
    ("csinodes", "", "storage.k8s.io/v1", False, "CSINode"),
    ("csistoragecapacities", "", "storage.k8s.io/v1", True, "CSIStorageCapacity"),
    ("storageclasses", "sc", "storage.k8s.io/v1", False, "StorageClass"),
    ("volumeattachments", "", "storage.k8s.io/v1", False, "VolumeAttachment"),
)
# The same kind served by a second group (discovery lists both; the core one is the kind kubectl picks).
ALSO_SERVED = (("events", "ev", "events.k8s.io/v1", True, "Event"),)


def register_served() -> None:
    for resource, short, version, namespaced, kind in SERVED:
        if kind not in KINDS:
            register(KindInfo(kind, (version,), resource, tuple(s for s in short.split(",") if s),
                              namespaced=namespaced))


def discovery_rows() -> list[tuple[str, str, str, bool, str]]:
    """Every served resource, as `kubectl api-resources` sorts them: by group ('' first), then by name."""
    rows = [(i.resource, ",".join(i.short), i.versions[0], i.namespaced, i.kind) for i in KINDS.values()]
    rows += list(ALSO_SERVED)
    group = lambda version: version.split("/")[0] if "/" in version else ""  # noqa: E731
    return sorted(rows, key=lambda r: (group(r[2]), r[0]))


register_served()
