"""nc -l: BusyBox's and netcat-openbsd's listeners in containers and on hosts; the openbsd client's texts."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from course_lib import Lab


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.add_host("h")
    lab.run("docker network create net1")
    lab.run("docker run -d --name cli --network net1 busybox sleep 3600")
    lab.run("docker run -d --name shoot --network net1 nicolaka/netshoot sleep 3600")
    return lab


def run(lab: Lab, line: str) -> tuple[str, str, int]:
    r = lab.run(line)
    return r.stdout, r.stderr, r.returncode


def test_busybox_listener_as_main_process(lab: Lab) -> None:
    lab.run("docker run -d --name srv --network net1 busybox nc -lv -p 8080")
    out = lab.run("docker exec srv netstat -lntp").stdout
    assert ":::8080                 :::*                    LISTEN      " in out and "/nc" in out
    assert run(lab, "docker exec cli sh -c 'echo hello | nc srv 8080'") == ("", "", 0)
    logs = lab.run("docker logs srv")
    assert logs.stdout == "hello\n"
    assert logs.stderr == ("listening on [::]:8080 ...\n"
                           "connect to [::ffff:172.18.0.4]:8080 from cli.net1:32778 ([::ffff:172.18.0.2]:32778)\n")
    # one connection, then nc exits: the container stops, its name leaves the embedded DNS
    assert lab.run("docker ps -a --filter name=srv --format '{{.Status}}'").stdout.startswith("Exited (0)")
    assert run(lab, "docker exec cli nc -zv srv 8080") == ("", "nc: bad address 'srv'\n", 1)
    assert lab.run("docker inspect -f '{{json .NetworkSettings.Networks}}' srv").stdout == "{}\n"


def test_busybox_k_needs_e_and_an_echo_server(lab: Lab) -> None:
    lab.run("docker run -d --name once --network net1 busybox nc -lk -p 8")
    assert run(lab, "docker exec cli sh -c 'echo a | nc once 8; echo b | nc once 8'") == (
        "", "nc: bad address 'once'\n", 1)
    assert lab.run("docker logs once").stdout == "a\n"
    lab.run("docker run -d --name echo --network net1 busybox nc -lk -p 7 -e cat")
    assert run(lab, "docker exec cli sh -c 'echo p1 | nc echo 7; echo p2 | nc echo 7'") == ("p1\np2\n", "", 0)
    assert lab.run("docker exec echo ps").stdout.splitlines()[1].endswith(" nc -lk -p 7 -e cat")
    lab.run("docker run -d --name echo2 --network net1 busybox nc -p 17 -lke cat")    # the -OPTSe form
    assert run(lab, "docker exec cli sh -c 'echo p3 | nc echo2 17'") == ("p3\n", "", 0)


def test_udp_published_port_and_bind_error(lab: Lab) -> None:
    lab.run("docker run -d --name udp1 --network net1 busybox nc -lu -p 5000")
    assert run(lab, "docker exec cli sh -c 'echo dgram | nc -u -w 1 udp1 5000'") == ("", "", 0)
    assert lab.run("docker logs udp1").stdout == "dgram\n"
    lab.run("docker run -d -p 8080:8080 --name pub busybox nc -l -p 8080")
    assert lab.run("curl -s -m 2 http://127.0.0.1:8080/hi").returncode == 52       # Empty reply from server
    assert lab.run("docker logs pub").stdout == (                            # nc wrote CR LF lines
        "GET /hi HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n")
    lab.run("docker run -d --name srv4 --network net1 busybox nc -l -p 80")
    assert run(lab, "docker exec cli wget -q -O - http://srv4/") == ("", "wget: error getting response\n", 1)
    assert lab.run("docker logs srv4").stdout.startswith("GET / HTTP/1.1\r\nHost: srv4\r\nUser-Agent: Wget\r\n")
    lab.run("docker run -d --name dup busybox sh -c 'nc -l -p 9 & nc -l -p 9'")
    assert lab.run("docker logs dup").stderr == "nc: bind: Address already in use\n"


def test_netshoot_openbsd_listener_and_client(lab: Lab) -> None:
    lab.run("docker run -d --name ns --network net1 nicolaka/netshoot nc -lv 7777")
    assert 'LISTEN 0      1            0.0.0.0:7777       0.0.0.0:*    users:(("nc",' in lab.run(
        "docker exec ns ss -lntp").stdout
    ip = lab.run("docker inspect -f '{{.NetworkSettings.Networks.net1.IPAddress}}' ns").stdout.strip()
    assert run(lab, "docker exec shoot nc -zv ns 7777") == (
        "", f"Connection to ns ({ip}) 7777 port [tcp/*] succeeded!\n", 0)
    assert re.fullmatch(r"Listening on 0\.0\.0\.0 7777\nConnection received on shoot\.net1 3\d{4}\n",
                        lab.run("docker logs ns").stderr)
    assert run(lab, "docker exec shoot nc -zv cli 81") == (
        "", "nc: connect to cli port 81 (tcp) failed: Connection refused\n", 1)
    assert run(lab, "docker exec shoot nc -w 1 -zv 172.18.0.99 80") == (
        "", "nc: connect to 172.18.0.99 port 80 (tcp) timed out: Operation now in progress\n", 1)
    assert run(lab, "docker exec shoot nc -zv nosuch 80") == (
        "", 'nc: getaddrinfo for host "nosuch" port 80: Name does not resolve\n', 1)


def test_host_listener_stays_behind(lab: Lab) -> None:
    host = lab.host("host")                           # the docker host: 172.18.0.1 is its br- address
    assert host.run("nc -l -p 5555").returncode == 0
    assert '0.0.0.0:5555      0.0.0.0:*    users:(("nc",' in host.run("ss -lntp").stdout
    assert "nc -l -p 5555" in host.run("ps aux").stdout
    assert run(lab, "docker exec shoot nc -zv 172.18.0.1 5555")[1] == (
        "Connection to 172.18.0.1 5555 port [tcp/*] succeeded!\n")
    assert "5555" not in host.run("ss -lnt").stdout                  # one connection, then it exits
    assert host.run("nc -lk 6666").returncode == 0 and host.run("nc -l 6666").stderr == (
        "nc: Address already in use\n")


NC_LINES = ["nc -zv 127.0.0.1 8080", "nc -zv 127.0.0.1 8081", "nc -z 127.0.0.1 8081", "nc -zv 127.0.0.1 http",
            "nc 127.0.0.1 99999", "nc -z 127.0.0.1 abc", "nc -l", "nc 1.2.3.4", "nc -y", "nc -w",
            "nc -w x 1.2.3.4 80", "nc -zv 127.0.0.1 1-3", "nc", "echo hi | nc -N 127.0.0.1 8090",
            "nc -zv 127.0.0.1 8091", "nc -zuv 127.0.0.1 9001", "nc -zuv 127.0.0.1 9002"]


def test_openbsd_client_same_as_real() -> None:
    if os.geteuid() != 0 or not shutil.which("unshare") or not os.path.exists("/bin/nc.openbsd"):
        pytest.skip("needs root, unshare and netcat-openbsd")
    script = ("ip link set lo up\nnc -l 8080 >/dev/null &\nnc -l 8090 >/tmp/nc_real_8090 &\nnc -lk 8091 &\n"
              "nc -lu 9002 >/dev/null &\nsleep 0.3\n")
    script += "".join(f"echo '=== {c}'; {c} 2>&1; echo rc=$?\n" for c in NC_LINES)
    script += "sleep 0.2; cat /tmp/nc_real_8090; rm -f /tmp/nc_real_8090\n"
    real = subprocess.run(["unshare", "--net", "--mount", "--pid", "--fork", "--kill-child", "bash", "-c", script],
                          capture_output=True, text=True, timeout=60).stdout
    lab = Lab()
    lab.add_host("h")
    host = lab.host("h")
    for line in ("nc -l 8080", "nc -l 8090", "nc -lk 8091", "nc -lu 9002"):
        host.run(line)
    listener = lab._backend.network.machines["h"].processes[-3]         # nc -l 8090: what it receives
    sim = ""
    for c in NC_LINES:
        r = host.run(c)
        sim += f"=== {c}\n{r.stdout}{r.stderr}rc={r.returncode}\n"
    assert listener.cmdline == "nc -l 8090" and not listener.running
    assert sim + "".join(text for _, text in listener.output) == real


def test_listeners_end_with_their_container() -> None:
    lab = Lab()
    lab.run("docker run -d --name bb busybox sleep 3600")
    assert lab.run("docker exec bb nc -l -p 9999").returncode == 0          # stays behind, as with &
    assert lab.run("docker exec bb ps").stdout.splitlines()[2].endswith(" nc -l -p 9999")
    assert ":::9999" in lab.run("docker exec bb netstat -lnt").stdout
    lab.run("docker stop bb")
    lab.run("docker start bb")
    assert ":::9999" not in lab.run("docker exec bb netstat -lnt").stdout
    lab.run("docker run -d --name hn --network host busybox nc -l -p 4444")
    assert 'LISTEN 0      1                  *:4444            *:*    users:(("nc",' in lab.run("ss -lntp").stdout
    assert lab.run("docker exec hn ps").stdout.splitlines()[1].endswith(" 1 root      0:00 nc -l -p 4444")
    assert lab.run("echo hi | nc -N 127.0.0.1 4444").returncode == 0
    assert lab.run("docker logs hn").stdout == "hi\n"
    assert "4444" not in lab.run("ss -lnt").stdout


def test_pod_main_process() -> None:
    from course_lib import Cluster
    c = Cluster(workers=1)
    c.run("kubectl run srv --image=busybox --restart=Never -- nc -l -p 8080")
    c.run("kubectl run cli --image=busybox -- sleep 3600")
    assert ":::8080" in c.run("kubectl exec srv -- netstat -lnt").stdout
    ip = c.store.get("Pod", "default", "srv")["status"]["podIP"]
    assert c.run(f"kubectl exec cli -- sh -c 'echo hello | nc {ip} 8080'").returncode == 0
    c.run("sleep 1")
    assert c.run("kubectl logs srv").stdout == "hello\n"
    assert c.run("kubectl get pod srv").stdout.split("\n")[1].split()[1:3] == ["0/1", "Completed"]


def test_busybox_listen_timeout_and_uptime_from_model_time_zero() -> None:
    lab = Lab()
    lab.run("docker run -d --name w1 busybox nc -l -p 80 -w 3")          # started at model time 0
    lab.run("sleep 2")
    assert lab.run("docker ps -a --format '{{.Names}} {{.Status}}'").stdout == "w1 Up 2 seconds\n"
    lab.run("sleep 2")
    assert lab.run("docker ps -a --format '{{.Names}} {{.Status}}'").stdout == "w1 Exited (1) 1 second ago\n"
    assert lab.run("docker logs w1").stderr == "nc: timeout\n"
