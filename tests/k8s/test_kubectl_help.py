"""kubectl --help/-h: kubectl 1.30's help layout (Examples, Options in pflag's format, the cobra Use line)."""
from __future__ import annotations

from course_lib import Cluster


def test_help_layout() -> None:
    c = Cluster(cni="bridge")
    r = c.run("kubectl run --help")
    assert r.returncode == 0 and r.stderr == ""
    assert "\n\nExamples:\n  # A pod serving on port 80\n" in r.stdout
    assert "\nOptions:\n    --command=false:\n\t" in r.stdout and "\n    -i, --stdin=false:\n\t" in r.stdout
    assert "    --restart='Always':\n" in r.stdout
    assert r.stdout.endswith('\nUsage:\n  kubectl run NAME --image=image [--env="key=value"] [--port=port] '
                             "[--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] "
                             "[args...] [options]\n\nUse \"kubectl options\" for a list of global command-line "
                             "options (applies to all commands).\n")
    assert "\n  kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]\n" in \
        c.run("kubectl create deploy web -h").stdout
    assert c.run("kubectl --help").stdout.startswith("kubectl controls the Kubernetes cluster manager.")
    assert "kubectl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL] [options]" in \
        c.run("kubectl auth can-i -h").stdout
    c.run("kubectl run web --image=nginx; kubectl wait --for=condition=Ready pod/web")
    r = c.run("kubectl exec web -- ls -h /")          # after --: the command's own flag
    assert r.returncode == 0 and "Usage:" not in r.stdout
