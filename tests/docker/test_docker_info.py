"""docker info, docker top and docker stats --no-stream: the CLI's layout over the engine's state."""
from __future__ import annotations

import re

import pytest

from course_lib import Lab


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    lab.run("docker run -d --name cli busybox sleep 1000")
    lab.run("docker run --name done busybox true")
    lab.run("docker exec cli wget -qO- 172.17.0.2")
    return lab


def test_info_counts_and_sections(lab: Lab) -> None:
    r = lab.run("docker info")
    assert r.returncode == 0 and r.stderr == ""
    out = r.stdout
    assert out.startswith("Client: Docker Engine - Community\n Version:    28.2.2\n Context:    default\n")
    assert "\nServer:\n Containers: 3\n  Running: 2\n  Paused: 0\n  Stopped: 1\n Images: 2\n" in out
    assert " Server Version: 28.2.2\n Storage Driver: overlay2\n  Backing Filesystem: extfs\n" in out
    assert "  Network: bridge host ipvlan macvlan null overlay\n" in out
    assert " Name: host\n" in out and " Docker Root Dir: /var/lib/docker\n" in out
    assert re.search(r"\n ID: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n", out)
    assert out.endswith(" Insecure Registries:\n  127.0.0.0/8\n Live Restore Enabled: false\n\n")
    assert lab.run("docker info --format '{{.ContainersRunning}}/{{.Containers}} {{.Driver}}'").stdout == \
        "2/3 overlay2\n"


def test_info_reads_daemon_json() -> None:
    lab = Lab()
    lab.run("mkdir -p /etc/docker")
    lab.run("cat > /etc/docker/daemon.json", stdin='{"live-restore": true, "insecure-registries": ["reg.local:5000"],'
            ' "default-address-pools": [{"base": "10.10.0.0/16", "size": 24}]}')
    out = lab.run("docker info").stdout
    assert " Insecure Registries:\n  reg.local:5000\n  127.0.0.0/8\n Live Restore Enabled: true\n" \
           " Default Address Pools:\n   Base: 10.10.0.0/16, Size: 24\n\n" in out


def test_top(lab: Lab) -> None:
    lines = lab.run("docker top web").stdout.splitlines()
    assert lines[0].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert lines[0].startswith("UID                 PID                 PPID")
    assert lines[1].endswith("nginx: master process nginx -g daemon off;")
    assert [line.endswith("nginx: worker process") for line in lines[2:]] == [True, True]
    master_pid = lines[1].split()[1]
    assert all(line.split()[2] == master_pid for line in lines[2:])
    assert lab.run("docker top cli").stdout.splitlines()[1].endswith("sleep 1000")
    r = lab.run("docker top done")
    assert r.returncode == 1 and re.fullmatch(r"Error response from daemon: container [0-9a-f]{64} is not "
                                              r"running\n", r.stderr)
    assert lab.run("docker top nope").stderr == "Error response from daemon: No such container: nope\n"


def test_stats_no_stream(lab: Lab) -> None:
    r = lab.run("docker stats --no-stream")
    lines = r.stdout.splitlines()
    assert re.fullmatch(r"CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT     MEM %     NET I/O {3,}"
                        r"BLOCK I/O   PIDS", lines[0])            # tabwriter: minwidth 10, padding 3
    rows = {line.split()[1]: line for line in lines[1:]}
    assert set(rows) == {"web", "cli"}
    assert rows["web"].rstrip().endswith(" 3")                       # master + 2 workers
    net = re.search(r"(\S+) / (\S+)\s+0B / 0B", rows["cli"])
    assert net and net.group(1) != "0B" and net.group(2) != "0B"     # the wget went over eth0
    assert lab.run("docker stats --no-stream --format '{{.Name}}: {{.PIDs}}' web").stdout == "web: 3\n"
