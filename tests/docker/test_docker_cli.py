"""Docker on a simulated machine: what the engine builds (links, NAT) and what the CLI prints."""
from __future__ import annotations

import json
import re

import pytest

from course_lib import Lab
from course_lib.docker.formatting import command_column, human_duration, ports_column, table
from course_lib.docker.gotemplate import render
from course_lib.docker.ids import new_id, veth_name


@pytest.fixture()
def lab() -> Lab:
    return Lab()


def test_ids_and_names_are_seeded() -> None:
    import random
    a, b = random.Random(1), random.Random(1)
    assert new_id(a) == new_id(b) and re.fullmatch(r"[0-9a-f]{64}", new_id(a))
    assert re.fullmatch(r"veth[0-9a-f]{7}", veth_name(a))


def test_table_matches_tabwriter_padding() -> None:
    assert table([["NETWORK ID", "NAME", "DRIVER", "SCOPE"], ["abc", "bridge", "bridge", "local"]]) == (
        "NETWORK ID   NAME      DRIVER    SCOPE\nabc          bridge    bridge    local\n")
    assert human_duration(0.2) == "Less than a second" and human_duration(90) == "About a minute"
    assert command_column(["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]) == '"/docker-entrypoint.…"'
    assert ports_column(["80/tcp"], [("", 8080, 80, "tcp")]) == "0.0.0.0:8080->80/tcp, :::8080->80/tcp"


def test_go_template_subset() -> None:
    doc = {"NetworkSettings": {"IPAddress": "172.17.0.2", "Networks": {"bridge": {"IPAddress": "172.17.0.2"}}},
           "State": {"Pid": 7}}
    assert render("{{.NetworkSettings.IPAddress}}", doc) == "172.17.0.2"
    assert render("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", doc) == "172.17.0.2"
    assert render("{{json .State}}", doc) == '{"Pid":7}'


def test_engine_start_builds_docker0_and_chains(lab: Lab) -> None:
    assert lab.run("docker network ls").stdout.splitlines()[0] == "NETWORK ID     NAME      DRIVER    SCOPE"
    names = [line.split()[1] for line in lab.run("docker network ls").stdout.splitlines()[1:]]
    assert names == ["bridge", "host", "none"]
    link = lab.run("ip link show docker0").stdout
    assert "<NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default \n" \
        in link                                    # as a real dockerd 20.10 leaves it (no qlen: txqlen 0)
    assert "inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0" in lab.run("ip addr show docker0").stdout
    nat = lab.run("iptables -t nat -S").stdout
    assert "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER" in nat
    assert "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER" in nat
    assert "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE" in nat
    assert "-A DOCKER -i docker0 -j RETURN" in nat
    assert lab.network.machines["host"].root.sysctls["net.ipv4.ip_forward"] == "1"
    assert "-P FORWARD DROP" in lab.run("iptables -S").stdout


def test_run_nginx_publish_and_curl(lab: Lab) -> None:
    r = lab.run("docker run -d --name web -p 8080:80 nginx")
    assert r.returncode == 0 and re.fullmatch(r"[0-9a-f]{64}\n", r.stdout)
    assert r.stderr.startswith("Unable to find image 'nginx:latest' locally\nlatest: Pulling from library/nginx\n")
    ps = lab.run("docker ps").stdout.splitlines()
    assert ps[0].split() == ["CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
    assert "0.0.0.0:8080->80/tcp" in ps[1] and ps[1].endswith("web")
    assert re.search(r"veth[0-9a-f]{7}@if\d+: .* master docker0 state UP", lab.run("ip link").stdout)
    assert lab.run("ip netns").stdout == ""
    nat = lab.run("iptables -t nat -S").stdout
    assert "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80" in nat
    assert "-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT" in \
        lab.run("iptables -S").stdout
    page = lab.run("curl -s http://172.17.0.2/")
    assert page.returncode == 0 and "<title>Welcome to nginx!</title>" in page.stdout
    head = lab.run("curl -sI localhost:8080").stdout
    assert head.startswith("HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\n") and "Content-Length: 615\r\n" in head
    assert lab.run("docker inspect -f '{{.NetworkSettings.IPAddress}}' web").stdout == "172.17.0.2\n"
    doc = json.loads(lab.run("docker inspect web").stdout)[0]
    assert doc["Name"] == "/web" and doc["State"]["Running"] is True
    assert '"GET / HTTP/1.1" 200 615' in lab.run("docker logs web").stdout


def test_network_none_and_one_shot_command(lab: Lab) -> None:
    r = lab.run("docker run --rm --network none busybox ip addr")
    assert r.returncode == 0
    assert "1: lo: <LOOPBACK,UP,LOWER_UP>" in r.stdout and "eth0" not in r.stdout
    assert lab.run("docker ps -a").stdout.count("\n") == 1     # --rm removed it


def test_user_network_has_embedded_dns(lab: Lab) -> None:
    net_id = lab.run("docker network create mynet").stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", net_id)
    assert f"br-{net_id[:12]}" in lab.run("ip link").stdout
    lab.run("docker run -d --name db --network mynet redis")
    lab.run("docker run -d --name app --network mynet busybox sleep 3600")
    assert "nameserver 127.0.0.11" in lab.run("docker exec app cat /etc/resolv.conf").stdout
    from course_lib.dns.message import Message
    from course_lib.net.sockets import udp_request
    engine = lab.network.machines["host"].docker_engine
    app = next(c for c in engine.containers.values() if c.name == "app")
    answer = udp_request(app.box.root, "127.0.0.11", 53, Message(id=1, qname="db.", qtype="A"), 2.0)
    assert answer.error is None and [rr.rdata for rr in answer.reply.answer] == ["172.18.0.2"]
    ping = lab.run("docker exec app ping -c 1 db")
    assert ping.returncode == 0 and "(172.18.0.2)" in ping.stdout
    assert "# ExtServers: [host(127.0.0.53)]" in lab.run("docker exec app cat /etc/resolv.conf").stdout
    assert "Address: 142.250.185.78" in lab.run("docker exec app nslookup google.com").stdout
    assert "2.0.18.172.in-addr.arpa\tname = db.mynet\n" in lab.run("docker exec app nslookup 172.18.0.2").stdout
    default = lab.run("docker run -d --name other busybox sleep 3600")
    assert default.returncode == 0
    assert "nameserver 127.0.0.11" not in lab.run("docker exec other cat /etc/resolv.conf").stdout
    other = lab.run("docker exec other ping -c 1 db")                    # no names on the default bridge
    assert (other.stderr, other.returncode) == ("ping: bad address 'db'\n", 1)      # BusyBox ping


def test_cli_errors(lab: Lab) -> None:
    r = lab.run("docker run foo")
    assert r.returncode == 125 and r.stderr == (
        "Unable to find image 'foo:latest' locally\ndocker: Error response from daemon: pull access denied for "
        "foo, repository does not exist or may require 'docker login': denied: requested access to the "
        "resource is denied\n\nRun 'docker run --help' for more information\n")
    r = lab.run("docker stop nope")
    assert (r.stderr, r.returncode) == ("Error response from daemon: No such container: nope\n", 1)
    lab.run("docker run -d --name web -p 8080:80 nginx")
    r = lab.run("docker run -d --name web nginx")
    assert r.returncode == 125 and 'The container name "/web" is already in use' in r.stderr
    r = lab.run("docker run -d -p 8080:80 nginx")
    assert r.returncode == 125 and "Bind for 0.0.0.0:8080 failed: port is already allocated" in r.stderr
    r = lab.run("docker rm web")
    assert r.returncode == 1 and "container is running" in r.stderr
    assert lab.run("docker rm -f web").stdout == "web\n"
    r = lab.run("docker frob")
    assert (r.stderr, r.returncode) == ("docker: unknown command: docker frob\n\nRun 'docker --help' for more information\n", 1)
    assert lab.run("docker run --foo x").returncode == 125


def test_exited_container_leaves_no_veth_and_stdin_runs_in_sh(lab: Lab) -> None:
    r = lab.run("docker run --name once busybox ip -4 addr show eth0")
    assert r.returncode == 0 and "inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0" in r.stdout
    assert "veth" not in lab.run("ip link").stdout
    assert re.search(r"Exited \(0\) .* ago", lab.run("docker ps -a").stdout)
    r = lab.run("docker run --rm -i busybox sh", stdin="hostname; cat /etc/hostname\n")
    assert r.returncode == 0 and len(set(r.stdout.split())) == 1


def test_stop_removes_published_port_and_network_connect(lab: Lab) -> None:
    lab.run("docker run -d --name web -p 8080:80 nginx")
    assert lab.run("docker stop web").stdout == "web\n"
    assert "DNAT" not in lab.run("iptables -t nat -S").stdout
    assert lab.run("curl -s localhost:8080").returncode == 7
    assert re.search(r"Exited \(0\)", lab.run("docker ps -a").stdout)
    lab.run("docker network create --subnet 10.10.0.0/24 backend")
    lab.run("docker run -d --name app busybox sleep 3600")
    assert lab.run("docker network connect backend app").returncode == 0
    addr = lab.run("docker exec app ip -4 addr").stdout
    assert "inet 172.17.0.2/16" in addr and "inet 10.10.0.2/24" in addr
    ips = lab.run("docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' app").stdout
    assert ips == "10.10.0.2 172.17.0.2 \n"     # Go ranges over a map in key order
    r = lab.run("docker network rm backend")
    assert r.returncode == 1 and "has active endpoints" in r.stderr
    assert lab.run("docker network rm bridge").stderr == (
        "Error response from daemon: bridge is a pre-defined network and cannot be removed\n")


def test_nsenter_and_host_network(lab: Lab) -> None:
    lab.run("docker run -d --name web nginx")
    pid = lab.run("docker inspect -f '{{.State.Pid}}' web").stdout.strip()
    assert "inet 172.17.0.2/16" in lab.run(f"nsenter -t {pid} -n ip -4 addr show eth0").stdout
    key = lab.run("docker inspect -f '{{.NetworkSettings.SandboxKey}}' web").stdout.strip()
    assert key.startswith("/var/run/docker/netns/")
    assert lab.run(f"nsenter --net={key} ip route").stdout.startswith("default via 172.17.0.1 dev eth0")
    assert "docker0" in lab.run("nsenter -t 1 -n ip link").stdout
    assert lab.run("nsenter -t 99999 -n ip a").stderr == "nsenter: cannot open /proc/99999/ns/net: No such file or directory\n"
    lab.run("docker run -d --network host --name hostweb nginx")
    assert lab.run("curl -sI localhost").stdout.startswith("HTTP/1.1 200 OK")
    assert 'users:(("nginx"' in lab.run("ss -lntp").stdout


def test_start_after_stop_rewires_the_container(lab: Lab) -> None:
    lab.run("docker run -d --name web -p 8080:80 nginx")
    lab.run("docker stop web")
    assert lab.run("docker start web").stdout == "web\n"
    assert "--to-destination 172.17.0.2:80" in lab.run("iptables -t nat -S").stdout
    assert lab.run("curl -s -o /dev/null -w '%{http_code}' localhost:8080").stdout == "200"
    r = lab.run("docker start nope")
    assert r.returncode == 1 and r.stderr == ("Error response from daemon: No such container: nope\n"
                                              "Error: failed to start containers: nope\n")


def test_connect_is_kept_across_restart(lab: Lab) -> None:
    lab.run("docker network create backend")
    lab.run("docker run -d --name app busybox sleep 3600")
    lab.run("docker stop app")
    assert lab.run("docker network connect backend app").returncode == 0
    lab.run("docker start app")
    addr = lab.run("docker exec app ip -4 addr").stdout
    assert "inet 172.17.0.2/16" in addr and "inet 172.18.0.2/16" in addr


def test_images_inspect_and_rmi(lab: Lab) -> None:
    lab.run("docker run -d --name web nginx")
    assert lab.run("docker inspect -f '{{json .Config.Cmd}}' nginx").stdout == '["nginx","-g","daemon off;"]\n'
    r = lab.run("docker rmi nginx")
    assert r.returncode == 1 and r.stderr.startswith(
        'Error response from daemon: conflict: unable to remove repository reference "nginx" (must force) - '
        "container 5a92118719c7 is using its referenced image ")
    assert lab.run("docker rmi nope").stderr == "Error: No such image: nope\n"
    lab.run("docker pull busybox")
    out = lab.run("docker rmi busybox").stdout
    assert out.startswith("Untagged: busybox:latest\nUntagged: busybox@sha256:") and "Deleted: sha256:" in out
    assert [line.split()[0] for line in lab.run("docker image ls").stdout.splitlines()] == ["REPOSITORY", "nginx"]


def test_format_flags(lab: Lab) -> None:
    lab.run("docker run -d --name web -p 8080:80 nginx")
    assert lab.run(r'docker ps --format "table {{.Names}}\t{{.Ports}}"').stdout == (
        "NAMES     PORTS\nweb       0.0.0.0:8080->80/tcp, :::8080->80/tcp\n")
    assert lab.run('docker ps --format "{{.Names}}: {{.Image}}"').stdout == "web: nginx\n"
    assert lab.run('docker network ls --format "{{.Name}}"').stdout == "bridge\nhost\nnone\n"
    assert lab.run("docker images --format '{{.Repository}}:{{.Tag}}'").stdout == "nginx:latest\n"
