"""kubectl config set-cluster/set-credentials/set/unset/delete-cluster/delete-user, and a second session of
set-context/use-context/get-contexts/current-context/view/delete-context edges (an empty --namespace, --minify
without the context's cluster, --template, --merge=false, a --kubeconfig file in a folder not there yet, a
set-context -n), against the real kubectl 1.30.

Each side edits its own copy of the simulated cluster's kubeconfig, in order, with the same ca.crt in its
working directory; stdout, stderr and exit codes must be equal (get-clusters and get-users are left out: the real
client lists them in Go's random map order; Go's map pointers in `can't set a map` and
`unable to parse` errors are made up on the sim: both sides' hex numbers are blanked). Skipped when no kubectl
1.30 client is installed.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from course_lib import Cluster
from tests.k8s.real_kubectl import RealKubectl, find_kubectl_130

KUBECTL = find_kubectl_130()
pytestmark = pytest.mark.skipif(KUBECTL is None, reason="no kubectl v1.30 client on this machine")
CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

SESSION = [
    "config set-cluster dev --server=https://1.2.3.4:6443", "config view",
    "config set-cluster dev --server https://5.6.7.8 --insecure-skip-tls-verify=true", "config view --raw -o json",
    "config set-cluster", "config set-cluster a b", "config set-cluster ''",
    "config set-cluster dev --certificate-authority=/nonexist", "config view",
    "config set-cluster dev --certificate-authority=/nonexist --embed-certs", "config set-cluster dev --embed-certs",
    "config set-cluster dev --tls-server-name=foo --proxy-url=http://p:3128",
    "config set-cluster dev --insecure-skip-tls-verify=maybe",
    "config set-cluster dev --insecure-skip-tls-verify --certificate-authority=ca.crt",
    "config set-cluster c1 --certificate-authority=ca.crt", "config view",
    "config set-cluster c1 --certificate-authority=ca.crt --embed-certs", "config view --raw",
    "config set-cluster c1 --insecure-skip-tls-verify", "config view",
    "config set-cluster c1 --insecure-skip-tls-verify=false --certificate-authority=./ca.crt", "config view",
    "config set-cluster c1 --server= --tls-server-name=", "config view",
    "config set-credentials bob --token=abc", "config set-credentials bob --username=u --password=p", "config view",
    "config set-credentials bob --token=t --username=x", "config set-credentials bob --token=t", "config view --raw",
    "config set-credentials bob --client-certificate=/nonexist --embed-certs",
    "config set-credentials bob --client-key=ca.crt", "config set-credentials", "config set-credentials a b",
    "config set-credentials ''", "config set-credentials bob --embed-certs",
    "config set-credentials u1 --client-certificate=ca.crt --client-key=ca.crt --embed-certs", "config view --raw",
    "config set-credentials u1 --client-certificate=/nonexist", "config view --raw",
    "config set-credentials bob --auth-provider=oidc --auth-provider-arg=client-id=x,b=2 --auth-provider-arg=c=3",
    "config set-credentials bob --auth-provider-arg=b-", "config view",
    "config set-credentials bob --auth-provider-arg=bad", "config set-credentials bob --exec-env=bad",
    "config set-credentials bob --exec-env=K=V", "config view",
    "config set-credentials bob --exec-command=/bin/cred --exec-api-version=client.authentication.k8s.io/v1 "
    "--exec-arg=a --exec-arg=b --exec-env=K=V --exec-interactive-mode=Never", "config view",
    "config set-credentials bob --exec-env=K- --exec-env=J=1", "config view",
    "config set-credentials bob --exec-command=c --exec-provide-cluster-info", "config view",
    "config set-credentials bob --exec-interactive-mode=Bogus",
    "config set users.bob.token xyz", "config set clusters.dev.server https://9.9.9.9",
    "config set current-context dev", "config set contexts.dev.namespace team", "config view",
    "config set bogus x", "config set users.bob.bogus x", "config set clusters x", "config set clusters.dev x",
    "config set clusters.dev.insecure-skip-tls-verify maybe", "config set clusters.dev.insecure-skip-tls-verify T",
    "config set", "config set a", "config set a b c", "config set clusters.dev.server ''", "config set '' x",
    "config set users.bob.client-key-data aGVsbG8= --set-raw-bytes", "config set users.u1.client-key-data aGVsbG8=",
    "config set clusters.dev.certificate-authority-data not-base64!", "config set clusters.dev.proxy-url x.y",
    "config set clusters.10.0.0.1.server https://10.0.0.1", "config set clusters.a.b x", "config view --raw",
    "config set preferences.colors true", "config set preferences x", "config set preferences.bogus x",
    "config set users.bob.act-as alice", "config set users.bob.as alice", "config set users.bob.act-as-groups g",
    "config set users.bob.exec.command x", "config set users.bob.auth-provider.name x",
    "config set users.bob.token.x y", "config view",
    "config unset users.bob.token", "config unset users.nosuch", "config unset current-context",
    "config unset contexts.dev", "config unset", "config unset a b", "config unset bogus",
    "config unset clusters.zz.server", "config unset clusters.dev.server", "config unset users.bob.exec",
    "config unset preferences", "config view",
    "config delete-cluster dev", "config delete-cluster dev", "config delete-user bob", "config delete-user bob",
    "config delete-cluster", "config delete-cluster a b", "config delete-user", "config delete-user a b",
    "config unset users", "config view", "config set users.new.token t", "config view",
]
CONTEXT_SESSION = [
    'config use nosuch', 'config use kubernetes-admin@kubernetes', 'config set-context --current',
    'config set-context --current --namespace=x', 'config set-context new',
    'config set-context new --cluster=c --user=u --namespace=n', 'config set-context new --namespace=',
    'config get-contexts -o name new', 'config get-contexts new kubernetes-admin@kubernetes',
    'config get-contexts -o yaml', 'config view --flatten',
    'config view --minify --raw -o jsonpath={.clusters[0].name}', 'config view --merge=false',
    'config view --minify=false', 'config view -o template --template={{.kind}}',
    'config view --output=jsonpath={.contexts[*].context.namespace}', 'config current-context extra',
    'config current-context --bogus', 'config use-context new', 'config view --minify',
    'config unset current-context', 'config view --minify', 'config current-context',
    'config set-context --current --namespace=y', 'config get-contexts', 'config delete-context new',
    'config delete-context new', 'config rename-context kubernetes-admin@kubernetes a b',
    'config --kubeconfig=nokube/cfg view', 'config --kubeconfig=nokube/cfg get-contexts',
    'config --kubeconfig=nokube/cfg current-context', 'config --kubeconfig=nokube/cfg use-context x',
    'config --kubeconfig=nokube/cfg set-context x --namespace=y', 'config --kubeconfig=nokube/cfg view',
    'config --kubeconfig=nokube/cfg set-cluster c --server=https://1.1.1.1', 'config --kubeconfig=nokube/cfg view',
    'config view --kubeconfig=nokube/cfg -o json', 'config get-clusters --bogus', 'config get-users extra',
    'config set-credentials u --as=x', 'config set-credentials u --as-group=g',
    'config set-context c2 --user=u --cluster=kubernetes -n ns', 'config view',
]
HEX = re.compile(r"0x[0-9a-f]+")


def _plain(result: tuple[str, str, int]) -> tuple[str, str, int]:
    return result[0], HEX.sub("0x", result[1]), result[2]


@pytest.mark.parametrize("session", [SESSION, CONTEXT_SESSION], ids=["entries", "contexts"])
def test_config_session_as_the_real_client(tmp_path: Path, session: list[str]) -> None:
    cluster = Cluster()
    assert KUBECTL is not None
    real = RealKubectl(KUBECTL, tmp_path, cluster.run("cat ~/.kube/config").stdout)
    (tmp_path / "ca.crt").write_text(CA)
    cluster.run("cat > /root/ca.crt", stdin=CA)
    diffs = []
    for line in session:                            # in order: each side edits its own kubeconfig
        want = _plain(real.run(line))
        r = cluster.run("cd /root && kubectl " + line)
        got = _plain((r.stdout, r.stderr, r.returncode))
        if got != want:
            diffs.append(f"kubectl {line}\n  real: {want!r}\n  sim:  {got!r}")
    assert not diffs, f"{len(diffs)} of {len(session)} lines differ:\n" + "\n".join(diffs[:6])
