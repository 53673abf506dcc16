"""A --format method called with the wrong number of arguments ({{.Label}}) is Go's 'wrong number of args for Label:
want 1 got N' (as the docker client prints it), not an internal error."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.mark.parametrize("template,node,got", [("{{.Label}}", ".Label", 0), ('{{.Label "a" "b"}}', '.Label "a" "b"', 2)])
def test_label_arity(template: str, node: str, got: int) -> None:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    result = lab.run(f"docker ps --format '{template}'")
    assert (result.stdout, result.returncode) == ("", 1)
    assert result.stderr == f'template parsing error: template: :1:2: executing "" at <{node}>: wrong number of ' \
                            f"args for Label: want 1 got {got}\n"
