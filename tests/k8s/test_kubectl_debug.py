"""kubectl debug (kubectl 1.30 cmd/debug/debug.go): an ephemeral container in the pod's netns, a node debugging
pod, the flag checks and the API server's refusals."""
from __future__ import annotations

import re

from course_lib import Cluster


def test_ephemeral_container_shares_the_pods_network() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl run web --image=nginx; kubectl wait --for=condition=Ready pod/web")
    ip = c.run("kubectl get pod web -o jsonpath='{.status.podIP}'").stdout
    r = c.run("kubectl debug -it web --image=nicolaka/netshoot --target=web -- ip -4 -o addr show eth0")
    lines = r.stdout.splitlines()
    assert r.returncode == 0 and r.stderr == ""
    assert lines[0] == ('Targeting container "web". If you don\'t see processes from this container it may be '
                        "because the container runtime doesn't support this feature.")
    name = re.fullmatch(r"Defaulting debug container name to (debugger-[a-z0-9]{5})\.", lines[1]).group(1)
    assert f" inet {ip}/" in lines[2]
    assert c.run("kubectl get pod web -o jsonpath='{.spec.ephemeralContainers[0].name}"
                 "{.spec.ephemeralContainers[0].targetContainerName}'").stdout == name + "web"
    # a shell left waiting for input keeps running: exec goes into it, with its own image's programs
    r = c.run("kubectl debug -i -q web --image=busybox -c dbg")
    assert (r.stdout, r.stderr, r.returncode) == ("", "If you don't see a command prompt, try pressing enter.\n", 0)
    assert "Welcome to nginx!" in c.run("kubectl exec web -c dbg -- wget -qO- localhost").stdout
    assert c.run("kubectl exec web -- wget -qO- localhost").returncode != 0      # nginx's image has no wget
    r = c.run("kubectl debug web -i --image=busybox -c dbg")
    assert r.stderr == 'The Pod "web" is invalid: spec.ephemeralContainers[2].name: Duplicate value: "dbg"\n'
    r = c.run("kubectl debug web --image=busybox --target=nope")
    assert r.returncode == 1 and r.stderr.endswith('targetContainerName: Not found: "nope"\n')


def test_debug_flag_errors_and_node_pod() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl create deploy x --image=nginx")
    cases = {"kubectl debug web": "error: you must specify --image when not using --copy-to.\n",
             "kubectl debug --image=busybox": "error: NAME or filename is required for debug\n",
             "kubectl debug -t web --image=busybox": "error: -i/--stdin is required for containers with -t/--tty=true\n",
             "kubectl debug web --image=busybox --profile=x": "error: unknown profile: x\n",
             "kubectl debug web --image=Busybox": 'error: invalid image name "Busybox": invalid reference format\n',
             "kubectl debug web --image=busybox --same-node": "error: --same-node may only be used with --copy-to.\n",
             "kubectl debug nope --image=busybox": 'Error from server (NotFound): pods "nope" not found\n',
             "kubectl debug deploy/x --image=busybox": 'error: "apps/v1, Kind=Deployment" not supported by debug\n'}
    for line, err in cases.items():
        r = c.run(line)
        assert (r.stderr, r.returncode) == (err, 1), line
    r = c.run("kubectl debug node/node01 -it --image=busybox -- cat /host/etc/hostname")
    pod = re.match(r"Creating debugging pod (node-debugger-node01-[a-z0-9]{5}) with container debugger on node "
                   r"node01\.\n", r.stdout).group(1)
    row = c.run(f"kubectl get pod {pod} -o wide --no-headers").stdout.split()
    assert row[5:7] == ["192.168.1.11", "node01"]       # the node's own network
    assert c.run(f"kubectl get pod {pod} -o jsonpath='{{.spec.hostNetwork}} {{.spec.restartPolicy}} "
                 "{.metadata.labels}'").stdout == 'true Never {"app.kubernetes.io/managed-by":"kubectl-debug"}'


def test_debug_by_copy() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl run web --image=nginx --labels=app=web; kubectl wait --for=condition=Ready pod/web")
    r = c.run("kubectl debug web -it --copy-to=web-dbg --image=busybox -- ip -4 -o addr show eth0")
    assert r.returncode == 0 and r.stdout.startswith("Defaulting debug container name to debugger-")
    ip = c.run("kubectl get pod web-dbg -o jsonpath='{.status.podIP}'").stdout
    assert f" inet {ip}/" in r.stdout                       # the copy has a network of its own
    assert c.run("kubectl get pod web-dbg -o jsonpath='{.metadata.labels}{.spec.containers[*].name}'"
                 ).stdout.startswith("web debugger-")        # no labels: no Service selects the copy
    c.run("kubectl debug web --copy-to=web2 --container=web -- sh -c 'echo changed'")
    assert c.run("kubectl get pod web2 -o jsonpath='{.spec.containers[0].command}'").stdout == \
        '["sh","-c","echo changed"]'
    c.run("kubectl debug web --copy-to=web3 --set-image=*=nginx:1.25")
    assert c.run("kubectl get pod web3 -o jsonpath='{.spec.containers[*].image}'").stdout == "nginx:1.25"
    cases = {"kubectl debug web --copy-to=x": "error: you must specify --image, --set-image or command arguments.\n",
             "kubectl debug web --copy-to=x -- ls":
                 "error: you must specify an existing container or a new image when specifying args.\n",
             "kubectl debug web --copy-to=x --image=busybox --target=web":
                 "error: --target is incompatible with --copy-to. Use --share-processes instead.\n",
             "kubectl debug web --copy-to=web3 --container=web --image=busybox":
                 'Error from server (AlreadyExists): pods "web3" already exists\n'}
    for line, err in cases.items():
        assert c.run(line).stderr == err, line
    c.run("kubectl debug web --copy-to=web4 --image=busybox --replace")
    assert c.run("kubectl get pod web").returncode == 1
