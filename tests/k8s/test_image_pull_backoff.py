"""The kubelet's image pull back-off: ErrImagePull, then ImagePullBackOff, retries 10 s doubling to 300 s."""
from __future__ import annotations

from course_lib.k8s.cluster import Cluster


def _status(cluster: Cluster) -> str:
    return cluster.run("kubectl get pod bad").stdout.splitlines()[1].split()[2]


def test_err_image_pull_then_back_off_over_model_time() -> None:
    cluster = Cluster()
    cluster.run("kubectl run bad --image=nginx:nope")
    assert _status(cluster) == "ErrImagePull"                 # the first sync's failed pull
    timeline = []
    for _ in range(8):                                        # t = 2, 12, 22, ... 72
        cluster.run("sleep 10" if timeline else "sleep 2")
        timeline.append(_status(cluster))
    # syncs at 1 s (PLEG relist), then every 10 s: pulls at 0, 11, 31, 71 (back-off 10, 20, 40)
    assert timeline == ["ImagePullBackOff", "ErrImagePull", "ImagePullBackOff", "ErrImagePull",
                        "ImagePullBackOff", "ImagePullBackOff", "ImagePullBackOff", "ErrImagePull"]
    state = cluster.run("kubectl get pod bad -o jsonpath='{.status.phase} {.status.containerStatuses[0].ready}'")
    assert state.stdout == "Pending false"
    cluster.run("sleep 5")
    assert _status(cluster) == "ErrImagePull"
    cluster.run("sleep 6")                                    # t = 83: within the 80 s back-off
    assert _status(cluster) == "ImagePullBackOff"
    r = cluster.run("kubectl get pod bad -o jsonpath='{.status.containerStatuses[0].state.waiting.message}'")
    assert r.stdout == 'Back-off pulling image "nginx:nope"'
    events = cluster.run("kubectl describe pod bad").stdout.split("Events:\n", 1)[1].splitlines()
    rows = [line.split(None, 2)[:2] + [line.split("kubelet", 1)[-1].strip()] for line in events if "kubelet" in line]
    assert rows == [
        ["Normal", "Pulling", 'Pulling image "nginx:nope"'],
        ["Warning", "Failed", 'Failed to pull image "nginx:nope": failed to pull and unpack image '
         '"docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": '
         'docker.io/library/nginx:nope: not found'],
        ["Warning", "Failed", "Error: ErrImagePull"],
        ["Normal", "BackOff", 'Back-off pulling image "nginx:nope"'],
        ["Warning", "Failed", "Error: ImagePullBackOff"]]
    assert "12s (x4 over 83s)" in [line for line in events if "Error: ErrImagePull" in line][0]
    assert "2s (x6 over 82s)" in [line for line in events if "Error: ImagePullBackOff" in line][0]


def test_deleting_the_pod_stops_its_back_off() -> None:
    cluster = Cluster()
    cluster.run("kubectl run bad --image=nginx:nope")
    cluster.run("kubectl delete pod bad")
    cluster.run("sleep 30")
    kubelet = next(k for k in cluster.kubelets.values() if k.__dict__.get("pull_backoff") is not None)
    assert kubelet.pull_backoff == {}
    cluster.run("kubectl run bad --image=nginx:nope")
    assert _status(cluster) == "ErrImagePull"
    assert "(x" not in cluster.run("kubectl describe pod bad").stdout.split("Events:", 1)[1]
