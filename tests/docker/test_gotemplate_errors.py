"""Bad Go templates in `docker inspect -f` and `docker ps --format`: Go's parse (exit 64) and execution (exit 1)
errors, never a Python exception (found by tests/docker/test_docker_fuzz.py)."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.docker.gotemplate import ExecError, TemplateError, render


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    assert lab.run("docker run -d --name web nginx").returncode == 0
    return lab


@pytest.mark.parametrize("template, message", [
    ("{{else}}", "template: :1: unexpected {{else}}"), ("{{range}}", "template: :1: missing value for range"),
    ("{{}}", "template: :1: missing value for command"), ("{{foo}}", 'template: :1: function "foo" not defined'),
])
def test_parse_errors(template: str, message: str) -> None:
    with pytest.raises(TemplateError, match="^" + message.replace("{", r"\{").replace("}", r"\}") + "$"):
        render(template, {})


@pytest.mark.parametrize("template, message", [
    ("{{index .Env 9}}", 'template: :1:2: executing "" at <index .Env 9>: error calling index: index out of range: 9'),
    ("{{json}}", 'template: :1:2: executing "" at <json>: wrong number of args for json: want 1 got 0'),
    ("{{.Pid.X}}", 'template: :1:2: executing "" at <.Pid.X>: can\'t evaluate field X in type float64'),
    ("{{range .Name}}x{{end}}", 'template: :1:8: executing "" at <.Name>: range can\'t iterate over /web'),
])
def test_execution_errors(template: str, message: str) -> None:
    with pytest.raises(ExecError) as info:
        render(template, {"Env": ["A=1"], "Pid": 7, "Name": "/web"})
    assert str(info.value) == message


def test_inspect_exit_codes(lab: Lab) -> None:
    r = lab.run("docker inspect -f '{{index .Config.Env 9}}' web")
    assert (r.stdout, r.returncode) == ("", 1)
    assert r.stderr == 'template parsing error: template: :1:2: executing "" at <index .Config.Env 9>: ' \
                       'error calling index: index out of range: 9\n'
    r = lab.run("docker inspect -f '{{else}}' web")
    assert (r.stderr, r.returncode) == ("template parsing error: template: :1: unexpected {{else}}\n", 64)


def test_ps_format_error(lab: Lab) -> None:
    r = lab.run("docker ps --format '{{.Status}'")       # Go's lexer: a lone '}' after a field (the real CLI)
    assert (r.stdout, r.stderr, r.returncode) == (
        "", "template parsing error: template: :1: bad character U+007D '}'\n", 1)
    r = lab.run("docker ps --format '{{.Status'")
    assert (r.stdout, r.stderr, r.returncode) == ("", "template parsing error: template: :1: unclosed action\n", 1)
