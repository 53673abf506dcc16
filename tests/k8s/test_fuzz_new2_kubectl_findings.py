"""Cases the third session's bad-input hunt found in kubectl's new commands (edit, debug, auth, events, cp):
what kubectl 1.30 and the API server answer, and what they leave."""
from __future__ import annotations

import pytest

from course_lib import Cluster
from tests.k8s.test_kubectl_fuzz import store_state


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster(cni="bridge")
    for line in ["kubectl create deployment web --image=nginx", "kubectl create configmap cm --from-literal=a=b"]:
        assert cluster.run(line).returncode == 0
    return cluster


def edit_with(cluster: Cluster, script: str, target: str):
    """`kubectl edit TARGET` with an editor script that rewrites the file ($1)."""
    cluster.run("cat > /tmp/ed.sh && chmod +x /tmp/ed.sh", stdin="#!/bin/sh\n" + script + "\n")
    return cluster.run(f"KUBE_EDITOR=/tmp/ed.sh kubectl edit {target}")


@pytest.mark.parametrize("script, err", [
    # unstructured accessors read a metadata that is no map as empty: no uid, so no original object
    ('printf "apiVersion: apps/v1\\nkind: Deployment\\nmetadata: 5\\n" > "$1"',
     'error: no original object found for Deployment "None"\n'),
    ('printf "kind: List\\nitems: 5\\n" > "$1"',
     "error: json: cannot unmarshal number into Go struct field decodeList.items of type []json.RawMessage\n"),
])
def test_edit_of_a_broken_document_is_preserved_not_raised(cluster: Cluster, script: str, err: str) -> None:
    before = store_state(cluster)
    result = edit_with(cluster, script, "deploy web")
    assert result.returncode == 1 and result.stderr.startswith("A copy of your changes has been stored to ")
    assert result.stderr.endswith(err)
    assert store_state(cluster) == before


def test_edit_kind_missing_with_a_date_value_reopens_with_the_reason(cluster: Cluster) -> None:
    """A YAML date (2020-01-01) in an object without kind: the 'Kind' is missing message (was a JSON TypeError)."""
    result = edit_with(cluster, 'printf "a: 2020-01-01\\n" > "$1"', "cm cm")
    assert result.returncode == 1 and "internal error" not in result.stderr
    assert result.stderr.endswith("error: Edit cancelled, no valid changes were saved.\n")


@pytest.mark.parametrize("extra, err", [
    ("ownerReferences: 5", "number into Go struct field ObjectMeta.metadata.ownerReferences of type "
                           "[]v1.OwnerReference"),
    ("ownerReferences: [{uid: [1], controller: true}]", "array into Go struct field "
                                                         "OwnerReference.metadata.ownerReferences.uid of type types.UID"),
    ("finalizers: [5]", "number into Go struct field ObjectMeta.metadata.finalizers of type string"),
    ("uid: [1]", "array into Go struct field ObjectMeta.metadata.uid of type types.UID"),
    ("creationTimestamp: 5", "number into Go value of type string"),
])
def test_metadata_of_the_wrong_json_type_is_the_decoders_error(cluster: Cluster, extra: str, err: str) -> None:
    """These were stored (then every later list or controller raised), or raised at once."""
    before = store_state(cluster)
    manifest = f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x1\n  {extra}\ndata:\n  a: b\n"
    result = cluster.run("kubectl apply -f -", stdin=manifest)
    assert (result.returncode, result.stderr) == (1, 'Error from server (BadRequest): error when creating "STDIN": '
                                                  'ConfigMap in version "v1" cannot be handled as a ConfigMap: '
                                                  f"json: cannot unmarshal {err}\n")
    if not extra.startswith("uid"):              # the edited file has its own uid line (the later key wins)
        result = edit_with(cluster, f'sed -i "s/^  name: cm/  name: cm\\n  {extra}/" "$1"', "cm cm")
        assert result.returncode == 1 and f"json: cannot unmarshal {err}\n" in result.stderr
    assert store_state(cluster) == before
    assert cluster.run("kubectl get cm cm -o name").stdout == "configmap/cm\n"


def test_replicas_beyond_int32_is_the_decoders_error(cluster: Cluster) -> None:
    """Go's decoder refuses a number that overflows int32 (the sim created pods until names collided);
    kubectl's YAML reader makes 99999999999999999999 a float64, printed as Go does."""
    before = store_state(cluster)
    result = edit_with(cluster, 'sed -i "s/^  replicas: .*/  replicas: 99999999999999999999/" "$1"', "deploy web")
    assert result.returncode == 1
    assert ("json: cannot unmarshal number 100000000000000000000 into Go struct field DeploymentSpec.spec.replicas "
            "of type int32\n") in result.stderr
    result = cluster.run("kubectl scale deploy web --replicas=2147483648")
    assert result.returncode != 0 and "internal error" not in result.stderr
    assert store_state(cluster) == before


def test_debug_container_name_is_validated_as_a_label(cluster: Cluster) -> None:
    """validateEphemeralContainers checks the name (validateContainerCommon) before duplicates: `-c -c` (pflag
    takes the next word as the value) was added as a container named "-c"."""
    assert cluster.run("kubectl run bb --image=busybox -- sleep 3600").returncode == 0
    cluster.run("sleep 20")
    before = store_state(cluster)
    result = cluster.run("kubectl debug bb --image=busybox -c -c")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith('The Pod "bb" is invalid: spec.ephemeralContainers[0].name: Invalid value: "-c": '
                                    "a lowercase RFC 1123 label must consist of")
    assert store_state(cluster) == before


POD = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: shape\nspec:\n{extra}  containers:\n  - name: c\n    image: busybox\n"
       "{cextra}")


@pytest.mark.parametrize("extra, cextra, err", [
    # the kubelet's config checks (pod_config.py), defaulting and describe read these lists and objects: they
    # raised AttributeError/TypeError at admission or later, now they are the decoder's errors
    ("", "    env: 5\n", "number into Go struct field Container.spec.containers.env of type []v1.EnvVar"),
    ("", "    env:\n    - 5\n", "number into Go struct field Container.spec.containers.env of type v1.EnvVar"),
    ("", "    env:\n    - name: A\n      valueFrom:\n        configMapKeyRef:\n          name: [1]\n",
     "array into Go struct field ConfigMapKeySelector.spec.containers.env.valueFrom.configMapKeyRef.name of type "
     "string"),
    ("", "    envFrom:\n    - configMapRef: 5\n", "number into Go struct field EnvFromSource.spec.containers.envFrom."
                                                  "configMapRef of type v1.ConfigMapEnvSource"),
    ("  volumes: 5\n", "", "number into Go struct field PodSpec.spec.volumes of type []v1.Volume"),
    ("  volumes:\n  - name: v\n    configMap: 5\n", "", "number into Go struct field Volume.spec.volumes.configMap of "
                                                        "type v1.ConfigMapVolumeSource"),
    ("  volumes:\n  - name: v\n    projected:\n      sources:\n      - 5\n", "",
     "number into Go struct field ProjectedVolumeSource.spec.volumes.projected.sources of type v1.VolumeProjection"),
    ("  initContainers: 5\n", "", "number into Go struct field PodSpec.spec.initContainers of type []v1.Container"),
    ("  affinity:\n    nodeAffinity: 5\n", "", "number into Go struct field Affinity.spec.affinity.nodeAffinity of "
                                              "type v1.NodeAffinity"),
    ("  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:"
     " [{matchExpressions: [5]}]\n", "", "number into Go struct field NodeSelectorTerm.spec.affinity.nodeAffinity."
     "requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.matchExpressions of type "
     "v1.NodeSelectorRequirement"),
    ("  tolerations: [5]\n", "", "number into Go struct field PodSpec.spec.tolerations of type v1.Toleration"),
])
def test_pod_spec_lists_of_the_wrong_json_type(cluster: Cluster, extra: str, cextra: str, err: str) -> None:
    before = store_state(cluster)
    result = cluster.run("kubectl apply -f -", stdin=POD.format(extra=extra, cextra=cextra))
    assert (result.returncode, result.stderr) == (1, 'Error from server (BadRequest): error when creating "STDIN": '
                                                  f'Pod in version "v1" cannot be handled as a Pod: json: cannot '
                                                  f"unmarshal {err}\n")
    assert store_state(cluster) == before
    template = POD.format(extra=extra, cextra=cextra).split("spec:\n", 1)[1]
    deployment = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shaped\nspec:\n  selector:\n"
                  "    matchLabels:\n      app: s\n  template:\n    metadata:\n      labels:\n        app: s\n"
                  "    spec:\n" + "".join("    " + line + "\n" for line in template.splitlines()))
    result = cluster.run("kubectl apply -f -", stdin=deployment)
    assert result.returncode == 1 and err.replace("spec.", "spec.template.spec.", 1) in result.stderr
    assert store_state(cluster) == before


def test_an_error_while_the_cluster_settles_is_no_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    """startup.run lets the kubelets start pending containers before each line, outside the shell's guard: a
    model error there escaped lab.run as a Python exception (seen with a pod whose env was a number, before the
    decoder refused it); now it is the shell's one internal-error line and the line still runs."""
    from course_lib.k8s import startup
    cluster = Cluster(cni="bridge")

    def broken(_cluster: object) -> None:
        raise RuntimeError("boom")
    monkeypatch.setattr(startup, "settle", broken)
    result = cluster.run("echo hi")
    assert (result.stdout, result.stderr, result.returncode) == ("hi\n", "bash: internal error: RuntimeError: boom\n", 0)
