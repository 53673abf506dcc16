"""A --format method called with the wrong number of arguments ({{.Label}}) is Go's 'wrong number of args for Label:
want 1 got N' at the field, a constant of another type than string 'expected string; found X' (as the docker
client prints them), not an internal error."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.mark.parametrize("template,node,got", [("{{.Label}}", ".Label", 0), ('{{.Label "a" "b"}}', '.Label', 2),
                                               ('{{.Label 1.5 "a"}}', ".Label", 2)])
def test_label_arity(template: str, node: str, got: int) -> None:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    result = lab.run(f"docker ps --format '{template}'")
    assert (result.stdout, result.returncode) == ("", 1)
    assert result.stderr == f'template parsing error: template: :1:2: executing "" at <{node}>: wrong number of ' \
                            f"args for Label: want 1 got {got}\n"


@pytest.mark.parametrize("template,error", [
    ("{{.Label 1.5}}", ':1:9: executing "" at <1.5>: expected string; found 1.5'),
    ("{{.Label true}}", ':1:9: executing "" at <true>: expected string; found true'),
    ("{{.Label nil}}", ':1:9: executing "" at <nil>: cannot assign nil to string'),
])
def test_label_argument_types(template: str, error: str) -> None:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    result = lab.run(f"docker ps --format '{template}'")
    assert (result.stdout, result.stderr, result.returncode) == ("", f"template parsing error: template: {error}\n", 1)
