"""kubectl events (kubectl 1.30 cmd/events): oldest first, OBJECT as Kind/name, --for, --types, -A, the empty case."""
from __future__ import annotations

from course_lib import Cluster


def test_events_command() -> None:
    c = Cluster(cni="bridge")
    c.run("kubectl run web --image=nginx")
    lines = c.run("kubectl events --for pod/web").stdout.splitlines()
    assert lines[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert [line.split()[2:4] for line in lines[1:]] == [["Scheduled", "Pod/web"], ["Pulling", "Pod/web"],
                                                         ["Pulled", "Pod/web"], ["Created", "Pod/web"],
                                                         ["Started", "Pod/web"]]
    everything = c.run("kubectl events").stdout.splitlines()
    assert everything[1].split()[3] == "Node/controlplane" and everything[-1].split()[3] == "Pod/web"
    assert c.run("kubectl events -A --no-headers").stdout.split()[0] == "default"
    r = c.run("kubectl events --for pod/web --types=Warning")
    assert (r.stdout, r.stderr, r.returncode) == ("", "No events found in default namespace.\n", 0)
    assert c.run("kubectl events --types=bad").stderr == "error: valid --types are Normal or Warning\n"
    assert c.run("kubectl events --for web").stderr == "error: --for must be in resource/name form\n"
    c.run("kubectl run bad --image=nosuchimage; sleep 20")
    warn = c.run("kubectl events --for pod/bad --types Warning").stdout.splitlines()[1:]
    assert warn and all("   Warning   Failed   Pod/bad   " in line for line in warn)
