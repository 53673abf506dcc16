"""crictl's --name/--namespace filters that are not valid regular expressions match nothing (cri-tools'
matchesRegex), never an internal error."""
from __future__ import annotations

from course_lib import Cluster


def test_bad_regex_filters_match_nothing() -> None:
    c = Cluster(cni="bridge")
    node = c.node("controlplane")
    for line in ("crictl ps --name '['", "crictl pods --name '(x'", "crictl pods --namespace '*'"):
        result = node.run(line)
        assert "internal error" not in result.stderr, (line, result.stderr)
        assert result.returncode == 0, (line, result.stderr)
        assert len(result.stdout.splitlines()) == 1, (line, result.stdout)     # the header only
