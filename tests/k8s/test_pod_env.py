"""A pod container's process environment (kubelet.process_env): PATH, HOSTNAME=<pod>, the container's env, HOME."""
from __future__ import annotations

from course_lib import Cluster

PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def test_kubectl_exec_env_and_main_process_env() -> None:
    cl = Cluster(cni="bridge")
    cl.run("env | head -1")                      # the terminal's shell state must not leak into the pod
    assert cl.run("kubectl run bb --image=busybox --env=GREETING=hi -- sh -c 'env; sleep 3600'").returncode == 0
    r = cl.run("kubectl exec bb -- env")
    assert (r.stdout, r.returncode) == (f"{PATH}\nHOSTNAME=bb\nGREETING=hi\nHOME=/root\n", 0)
    # the main process is BusyBox ash: its SHLVL and PWD, in its variable table's order
    assert cl.run("kubectl logs bb").stdout.splitlines() == ["HOSTNAME=bb", "SHLVL=1", "HOME=/root", "GREETING=hi",
                                                             PATH, "PWD=/"]
