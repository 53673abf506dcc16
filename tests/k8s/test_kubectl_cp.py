"""kubectl cp (kubectl 1.30 cmd/cp/cp.go): tar's messages on stdout, its failures with the exec exit code, the
argument errors, files and directories both ways."""
from __future__ import annotations

from course_lib import Cluster


def _run(c: Cluster, line: str) -> tuple[str, str, int]:
    r = c.run(line)
    return r.stdout, r.stderr, r.returncode


def test_cp_both_ways_and_errors() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl run web --image=nginx; kubectl run bb --image=busybox -- sleep 3600; "
          "kubectl wait --for=condition=Ready pod/web pod/bb")
    assert _run(c, "kubectl cp web:/etc/hostname /tmp/h") == ("tar: Removing leading `/' from member names\n", "", 0)
    assert c.run("cat /tmp/h").stdout == "web\n"
    assert _run(c, "kubectl cp bb:/etc/hostname /tmp/b")[0] == "tar: removing leading '/' from member names\n"
    assert _run(c, "kubectl cp web:/etc/nope /tmp/x") == (
        "tar: Removing leading `/' from member names\ntar: /etc/nope: Cannot stat: No such file or directory\n"
        "tar: Exiting with failure status due to previous errors\n", "command terminated with exit code 2\n", 2)
    assert _run(c, "kubectl cp web:/etc/hostname /tmp")[1:] == ("error: open /tmp: is a directory\n", 1)
    c.run("mkdir -p /tmp/d/e; echo 1 > /tmp/d/e/x; echo hi > /tmp/f")
    assert _run(c, "kubectl cp /tmp/f web:/tmp") == ("", "", 0)
    assert c.run("kubectl exec web -- cat /tmp/f").stdout == "hi\n"
    assert _run(c, "kubectl cp /tmp/d web:/srv/d")[2] == 0
    assert c.run("kubectl exec web -- cat /srv/d/e/x").stdout == "1\n"
    assert _run(c, "kubectl cp /tmp/f web:/nodir/f") == ("", "tar: /nodir: Cannot open: No such file or directory\n"
                                                         "tar: Error is not recoverable: exiting now\n"
                                                         "command terminated with exit code 2\n", 2)
    errors = {"kubectl cp a b": "error: one of src or dest must be a remote file specification\n",
              "kubectl cp web:/a bb:/b": "error: one of src or dest must be a local file specification\n",
              "kubectl cp a": "error: source and destination are required\n",
              "kubectl cp :a b": "error: filespec must match the canonical format: [[namespace/]pod:]file/path\n",
              "kubectl cp /tmp/nope web:/tmp": "error: /tmp/nope doesn't exist in local filesystem\n",
              "kubectl cp nope:/a /tmp/a": 'Error from server (NotFound): pods "nope" not found\n'}
    for line, err in errors.items():
        assert _run(c, line)[1:] == (err, 1), line
