"""docker ps/images/network ls --format as the Docker CLI renders it (checked against the real CLI 28.2 here,
driven by a stand-in daemon; message prefix as CLI 27): typed records (unknown fields are errors, even with
nothing listed), columns counted in the format as typed, Docker's template functions, json and raw formats."""
from __future__ import annotations

import json

import pytest

from course_lib import Lab

CTX = "can't evaluate field Nope in type *formatter.ContainerContext"


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    assert lab.run("docker run -d --name web -p 8080:80 nginx").returncode == 0
    return lab


def _ps(lab: Lab, fmt: str) -> tuple[str, str, int]:
    r = lab.run(f"docker ps --format '{fmt}'")
    return r.stdout, r.stderr, r.returncode


@pytest.mark.parametrize("fmt, col, node", [
    ("{{.Nope}}", 2, ".Nope"), ("table {{.Nope}}", 8, ".Nope"), (r"table {{.Names}}\t{{.Nope}}", 20, ".Nope"),
])
def test_unknown_fields(lab: Lab, fmt: str, col: int, node: str) -> None:
    assert _ps(lab, fmt) == ("", f'template parsing error: template: :1:{col}: executing "" at <{node}>: {CTX}\n', 1)
    empty = Lab()
    assert empty.run(f"docker ps --format '{fmt}'").returncode == 1      # the empty record is run first


@pytest.mark.parametrize("fmt, out", [
    ("{{.Names | printf \"%q\"}}", '"web"\n'), ("{{title .Names}}", "Web\n"), ("{{pad .Names 1 1}}|", " web |\n"),
    ("{{truncate .Names 2}}", "we\n"), ('{{split .Names "e"}}', "[w b]\n"), ("{{.Names | upper}}", "WEB\n"),
    ("{{len .Names}}", "3\n"), ('{{if eq .State "running"}}up{{end}}', "up\n"), ("{{$n := .Names}}{{$n}}", "web\n"),
    ('{{.Names | printf "%q" | upper}}', '"WEB"\n'), ("{{- .Names -}}", "web\n"), ("}}", "}}\n"),
    ('{{.Label "nope"}}|', "|\n"), ("{{json .Names}}", '"web"\n'),
    # the nginx image's Dockerfile LABEL (the stand-in daemon of the capture had none)
    ('{{.Label "maintainer"}}|', "NGINX Docker Maintainers <docker-maint@nginx.com>|\n"),
])
def test_functions_and_pipelines(lab: Lab, fmt: str, out: str) -> None:
    assert _ps(lab, fmt) == (out, "", 0)


@pytest.mark.parametrize("fmt, error", [
    ("{{foo .Names}}", 'template: :1: function "foo" not defined'),
    ("{{.Names}", "template: :1: bad character U+007D '}'"),
    ("{{", "template: :1: unclosed action"), ("{{end}}", "template: :1: unexpected {{end}}"),
    ("{{.Names.X}}", 'template: :1:2: executing "" at <.Names.X>: can\'t evaluate field X in type string'),
    ("{{index .Names 0}}", 'template: :1:2: executing "" at <index .Names 0>: error calling index: reflect: string '
                           "index out of range"),
    ("{{index .Names 9}}", 'template: :1:2: executing "" at <index .Names 9>: error calling index: index out of '
                           "range: 9"),
    ("{{lower}}", 'template: :1:2: executing "" at <lower>: wrong number of args for lower: want 1 got 0'),
    ('{{join .Names ","}}', 'template: :1:7: executing "" at <.Names>: wrong type for value; expected []string; '
                            "got string"),
    ("{{slice .Names 1}}", 'template: :1:2: executing "" at <slice .Names 1>: error calling slice: index out of '
                           "range: 1"),
])
def test_errors(lab: Lab, fmt: str, error: str) -> None:
    assert _ps(lab, fmt) == ("", f"template parsing error: {error}\n", 1)


def test_table_json_raw(lab: Lab) -> None:
    out, _, rc = _ps(lab, "table")
    assert rc == 0 and out.startswith("CONTAINER ID   IMAGE     COMMAND                  CREATED")
    out, _, _ = _ps(lab, r'table {{.Names}}\t{{.Label "x"}}')
    assert out == "NAMES     x\nweb       \n"
    doc = json.loads(_ps(lab, "json")[0])
    assert list(doc) == sorted(doc) and doc["Platform"] is None and doc["LocalVolumes"] == "0"
    assert '"Command":"\\"/docker-entrypoint.…\\""' in _ps(lab, "json")[0] and "-\\u003e80/tcp" in _ps(lab, "json")[0]
    raw = _ps(lab, "raw")[0]
    assert raw.startswith("container_id: ") and "\nstatus: Up " in raw
    assert "\nlabels: maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>\nports: 0.0.0.0:8080->80/tcp" in raw
    assert raw.endswith("\n\n")
    assert lab.run("docker images --format '{{.Nope}}'").stderr.endswith(
        "can't evaluate field Nope in type *formatter.imageContext\n")


def test_inspect_missing_key_is_an_error(lab: Lab) -> None:
    r = lab.run("docker inspect -f '{{.Nope}}' web")
    assert (r.stdout, r.stderr, r.returncode) == (
        "", 'template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"\n', 1)
    assert lab.run("docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}}{{end}}' "
                   "web").stdout == "bridge=172.17.0.2\n"
    assert lab.run("docker inspect -f '{{(index .NetworkSettings.Ports \"80/tcp\")}}' web").returncode == 0


def test_version_format(lab: Lab) -> None:
    assert lab.run("docker version --format '{{.Server.Version}}'").stdout == "28.2.2\n"
    assert lab.run("docker version -f '{{.Client.APIVersion}}'").stdout == "1.50\n"


def test_inspect_prints_port_bindings_as_structs(lab: Lab) -> None:
    assert lab.run("docker inspect -f '{{.HostConfig.PortBindings}}' web").stdout == "map[80/tcp:[{ 8080}]]\n"
    assert lab.run("docker inspect -f '{{.NetworkSettings.Ports}}' web").stdout == \
        "map[80/tcp:[{0.0.0.0 8080} {:: 8080}]]\n"
    assert lab.run("docker inspect -f '{{json .NetworkSettings.Ports}}' web").stdout == \
        '{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},{"HostIp":"::","HostPort":"8080"}]}\n'
