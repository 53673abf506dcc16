"""docker run -l/--label and --label-file (docker/cli opts.ValidateLabel, ReadKVStrings), the labels in docker
inspect and docker ps, and docker ps --filter as dockerd's container list applies it."""
from __future__ import annotations

import json

import pytest

from course_lib import Lab
from tests.cli_support import answer as _r


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    lab.run("printf '# team\\nowner=ops\\n  env=prod\\nbare\\n\\n' > /root/labels")
    assert lab.run("docker run -d --name web -l app=web --label tier=fe --label-file /root/labels "
                   "-l owner=dev nginx").returncode == 0
    assert lab.run("docker run -d --name db -l app=db redis").returncode == 0
    assert lab.run("docker run --name once busybox true").returncode == 0
    return lab



def _bad_flag(value: str, flag: str, problem: str, cmd: str = "run") -> tuple[str, str, int]:
    """pflag's invalid-argument error as the docker CLI prints it (exit 125)."""
    usage = {"run": "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]", "network create": "docker network create [OPTIONS] NETWORK"}
    return "", (f'invalid argument "{value}" for "{flag}" flag: {problem}\n\nUsage:  {usage[cmd]}\n\n'
                f"Run 'docker {cmd} --help' for more information\n"), 125


def test_labels_in_inspect(lab: Lab) -> None:
    # the image's LABEL, then the label file, then -l (later keys win); a bare key has the empty value
    labels = json.loads(_r(lab, "docker inspect -f '{{json .Config.Labels}}' web")[0])
    assert labels == {"app": "web", "bare": "", "env": "prod", "maintainer": "NGINX Docker Maintainers "
                      "<docker-maint@nginx.com>", "owner": "dev", "tier": "fe"}
    assert list(labels) == sorted(labels)                              # a Go map: keys sorted
    assert _r(lab, "docker inspect -f '{{json .Config.Labels}}' once") == ("{}\n", "", 0)
    assert _r(lab, "docker inspect -f '{{.Config.Labels.app}}' db") == ("db\n", "", 0)


def test_labels_in_ps(lab: Lab) -> None:
    assert _r(lab, "docker ps --format '{{.Names}} {{.Label \"app\"}} {{.Labels}}' -f name=db") == (
        "db db app=db\n", "", 0)


@pytest.mark.parametrize("filt, names", [
    ("label=app", "db web"), ("label=app=web", "web"), ("label=nope", ""), ("name=we", "web"), ("name=^/d", "db"),
    ("status=exited", "once"), ("exited=0", "once"), ("status=running", "db web"), ("ancestor=redis", "db"),
    ("network=bridge", "db web"), ("expose=80", "web"),
])
def test_ps_filters(lab: Lab, filt: str, names: str) -> None:
    out, err, rc = _r(lab, f"docker ps -f {filt} --format '{{{{.Names}}}}'")
    assert (err, rc) == ("", 0) and " ".join(sorted(out.split())) == names


def test_ps_filters_combine(lab: Lab) -> None:
    # every label filter must hold; values of another key are alternatives; different keys must all hold
    assert _r(lab, "docker ps -f label=app -f label=tier=fe -q")[0].split() == [_id(lab, "web")]
    assert sorted(_r(lab, "docker ps -a -f name=db -f name=once --format '{{.Names}}'")[0].split()) == ["db", "once"]
    assert _r(lab, "docker ps -f name=db -f status=exited -q") == ("", "", 0)


def _id(lab: Lab, name: str) -> str:
    return _r(lab, f"docker inspect -f '{{{{.Id}}}}' {name}")[0][:12]


def test_ps_filter_errors(lab: Lab) -> None:
    assert _r(lab, "docker ps -f foo=bar") == ("", "Error response from daemon: invalid filter 'foo'\n", 1)
    assert _r(lab, "docker ps -f status=up") == ("", "Error response from daemon: invalid filter 'status=up'\n", 1)
    assert _r(lab, "docker ps -f exited=x") == (
        "", 'Error response from daemon: strconv.Atoi: parsing "x": invalid syntax\n', 1)
    assert _r(lab, "docker ps -f app") == (
        "", 'invalid argument "app" for "-f, --filter" flag: bad format of filter (expected name=value)\n'
        "\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n", 125)


def test_label_flag_errors_change_nothing(lab: Lab) -> None:
    before = _r(lab, "docker ps -a -q")[0]
    assert _r(lab, "docker run -l =x busybox") == _bad_flag("=x", "-l, --label", "invalid label '=x': empty name")
    assert _r(lab, "docker run -l 'a b=c' busybox") == _bad_flag("a b=c", "-l, --label",
                                                                  "label 'a b' contains whitespaces")
    assert _r(lab, "docker run --label-file /nope busybox") == (
        "", "docker: open /nope: no such file or directory\n\nRun 'docker run --help' for more information\n", 125)
    assert _r(lab, "docker run --label-file /etc busybox")[1].startswith(
        "docker: invalid env file (/etc): read /etc: is a directory\n\n")     # the real CLI 28's text
    assert _r(lab, "docker ps -a -q")[0] == before


def test_network_ls_filters_and_labels() -> None:
    lab = Lab()
    lab.run("docker network create mynet")
    assert _r(lab, "docker network create other --label team=a")[2] == 0
    assert _r(lab, "docker network ls -f driver=bridge --format '{{.Name}}'") == ("bridge\nmynet\nother\n", "", 0)
    assert _r(lab, "docker network ls -f type=custom -f name=^o --format '{{.Name}}'") == ("other\n", "", 0)
    assert _r(lab, "docker network ls -f label=team=a --format '{{.Name}} {{.Labels}} {{.Label \"team\"}}'") == (
        "other team=a a\n", "", 0)
    assert _r(lab, "docker network ls -f name=bridge --format '{{.CreatedAt}}'") == (
        "2025-01-20 09:00:00 +0000 UTC\n", "", 0)                        # Go's time.Time String()
    assert _r(lab, "docker network inspect -f '{{json .Labels}}' other") == ('{"team":"a"}\n', "", 0)
    assert _r(lab, "docker network ls -f type=x") == ("", "Error response from daemon: invalid filter: 'type'='x'\n", 1)
    assert _r(lab, "docker network ls -f foo=1") == ("", "Error response from daemon: invalid filter 'foo'\n", 1)
    assert _r(lab, "docker network create x --label '=y'") == _bad_flag("=y", "--label", "invalid label '=y': empty "
                                                                        "name", "network create")


def test_network_prune() -> None:
    lab = Lab()
    for name in ("used", "idle", "stopped"):
        lab.run(f"docker network create {name}")
    lab.run("docker run -d --name db --network used redis")
    lab.run("docker run --name once --network stopped busybox true")     # a stopped container has no endpoint
    warning = ("WARNING! This will remove all custom networks not used by at least one container.\n"
               "Are you sure you want to continue? [y/N] ")
    assert _r(lab, "docker network prune") == (warning, "", 0)          # no answer: cancelled quietly
    assert "idle" in _r(lab, "docker network ls --format '{{.Name}}'")[0]
    assert _r(lab, "docker network prune -f") == ("Deleted Networks:\nidle\nstopped\n\n", "", 0)
    assert _r(lab, "docker network ls --format '{{.Name}}'")[0] == "bridge\nhost\nnone\nused\n"
    assert _r(lab, "docker network prune -f") == ("", "", 0)
    out, err, rc = _r(lab, "docker network frob")
    assert (out, err, rc) == ("", "docker: unknown command: docker network frob\n\nUsage:  docker network\n\n"
                              "Run 'docker network --help' for more information\n", 1)


def test_rename() -> None:
    lab = Lab()
    lab.run("docker network create mynet")
    lab.run("docker run -d --name db --network mynet redis")
    lab.run("docker run -d --name web nginx")
    assert _r(lab, "docker rename db cache") == ("", "", 0)
    assert "Name:\tcache\nAddress: 172.18.0.2\n" in lab.run("docker run --rm --network mynet busybox nslookup cache").stdout
    fail = "\nError: failed to rename container named {}\n"
    assert _r(lab, "docker rename nope x") == (
        "", "Error response from daemon: No such container: nope" + fail.format("nope"), 1)
    assert _r(lab, "docker rename cache cache") == (
        "", "Error response from daemon: Renaming a container with the same name as its current name"
        + fail.format("cache"), 1)
    web = _r(lab, "docker inspect -f '{{.Id}}' web")[0].strip()
    assert _r(lab, "docker rename cache web") == (
        "", 'Error response from daemon: Error when allocating new name: Conflict. The container name "/web" is '
        f'already in use by container "{web}". You have to remove (or rename) that container to be able to reuse '
        "that name" + fail.format("cache"), 1)
    assert _r(lab, "docker rename cache")[1].startswith("docker: 'docker rename' requires 2 arguments\n\nUsage:  docker rename CONTAINER NEW_NAME\n")


def test_inspect_config_fields() -> None:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    lab.run("docker run --name once busybox true")
    config = json.loads(_r(lab, "docker inspect -f '{{json .Config}}' web")[0])
    assert list(config) == ["Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr",
                            "ExposedPorts", "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Image", "Volumes",
                            "WorkingDir", "Entrypoint", "OnBuild", "Labels", "StopSignal"]
    assert config["StopSignal"] == "SIGQUIT" and config["AttachStdout"] is False          # -d attaches nothing
    once = json.loads(_r(lab, "docker inspect -f '{{json .Config}}' once")[0])
    assert once["AttachStdout"] is True and once["AttachStderr"] is True and "StopSignal" not in once


def test_add_host_dns_and_static_ip_checks() -> None:
    lab = Lab()
    hosts = _r(lab, "docker run --rm --add-host db:10.0.0.5 --add-host api=10.0.0.6 busybox cat /etc/hosts")[0]
    assert "ff02::2\tip6-allrouters\n10.0.0.5\tdb\n10.0.0.6\tapi\n172.17.0." in hosts     # extras before its own
    resolv = _r(lab, "docker run --rm --dns 1.1.1.1 busybox cat /etc/resolv.conf")[0]
    assert "\nnameserver 1.1.1.1\n" in resolv and "8.8.8.8" not in resolv
    assert resolv.endswith("# Overrides: [nameservers]\n")
    assert _r(lab, "docker run --rm --add-host db busybox true") == _bad_flag("db", "--add-host",
                                                                               'bad format for add-host: "db"')
    assert _r(lab, "docker run --rm --dns foo busybox true") == _bad_flag("foo", "--dns",
                                                                           "IP address is not correctly formatted: foo")
    lab.run("docker network create --subnet 10.10.0.0/24 n1")
    out, err, rc = _r(lab, "docker run --rm --network n1 --ip 10.20.0.50 busybox true")
    assert rc == 125 and err.endswith(
        "docker: Error response from daemon: invalid config for network n1: invalid endpoint settings:\n"
        "no configured subnet or ip-range contain the IP address 10.20.0.50\n\nRun 'docker run --help' for more information\n")


def test_ps_no_trunc_and_size(lab: Lab) -> None:
    full = _r(lab, "docker inspect -f '{{.Id}}' web")[0].strip()
    out = _r(lab, "docker ps --no-trunc -f name=web")[0]
    assert f"\n{full}   nginx     \"/docker-entrypoint.sh nginx -g daemon off;\"   " in out
    assert _r(lab, "docker ps -q --no-trunc -f name=web") == (full + "\n", "", 0)
    out = _r(lab, "docker ps -s -f name=web")[0]
    assert out.splitlines()[0].endswith("NAMES     SIZE") and out.splitlines()[1].endswith("0B (virtual 192MB)")


def test_network_container_mode() -> None:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    # the target's netns, hostname and files: localhost is the nginx of `web`
    assert "<title>Welcome to nginx!</title>" in _r(lab, "docker run --rm --network container:web busybox wget -qO- "
                                                          "localhost")[0]
    web = _r(lab, "docker inspect -f '{{.Id}}' web")[0].strip()
    assert _r(lab, "docker run --rm --network container:web busybox hostname")[0] == web[:12] + "\n"
    lab.run("docker run -d --name side --network container:web busybox sleep 100")
    assert _r(lab, "docker inspect -f '{{.HostConfig.NetworkMode}} {{json .NetworkSettings.Networks}}' side") == (
        f"container:{web} {{}}\n", "", 0)
    for line, message in (("--network container:nope busybox true", "No such container: nope"),
                          ("--network container:web -p 80:80 busybox true",
                           "conflicting options: port publishing and the container type network mode")):
        assert _r(lab, "docker run --rm " + line)[1:] == (
            f"docker: Error response from daemon: {message}\n\nRun 'docker run --help' for more information\n", 125)
