"""Cases the second session's bad-input hunt found in the Docker CLI (an 'internal error' line, or a failed command
that changed the engine): the real daemon's answer, and the engine left as it was."""
from __future__ import annotations

import pytest

from course_lib import Lab
from tests.fuzz_support import docker_state

SETUP = ["docker run -d --name web nginx", "docker network create mynet",
         "docker run -d --name k1 --network container:web busybox sleep 99"]
SHARED = ("Error response from daemon: container sharing network namespace with another container or host cannot "
          "be connected to any other network\n")
CASES = [
    # filters.Args.Match skips a pattern that does not compile: nothing matches (was re.error)
    ("docker network ls --filter 'name=['", 0, "NETWORK ID   NAME      DRIVER    SCOPE\n", ""),
    ("docker network ls -f 'name=(' -q", 0, "", ""),
    # connectToNetwork: NetworkMode.IsContainer() -> runconfig.ErrConflictSharedNetwork (was a RTNETLINK error)
    ("docker network connect mynet k1", 1, "", SHARED),
    ("docker network connect bridge k1", 1, "", SHARED),
    # --ip is a string flag of the 28.2.2 CLI (measured: `docker run --ip bad` goes on to the daemon); ContainerCreate
    # refuses it after the image, before the container exists (moby 28's validateEndpointSettings, its multierror list)
    ("docker run --name z5 --network mynet --ip 300.1.1.1 busybox", 125, "",
     "docker: Error response from daemon: invalid config for network mynet: invalid endpoint settings:\n"
     "* invalid IPv4 address: 300.1.1.1\n* no configured subnet or ip-range contain the IP address 300.1.1.1\n"
     "\nRun 'docker run --help' for more information\n"),
    ("docker run --name z6 --ip x nosuchimage", 125, "",
     "Unable to find image 'nosuchimage:latest' locally\ndocker: Error response from daemon: pull access denied for "
     "nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource "
     "is denied\n\nRun 'docker run --help' for more information\n"),
]


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    for line in SETUP:
        assert lab.run(line).returncode == 0, line
    return lab


@pytest.mark.parametrize("line,rc,out,err", CASES)
def test_found_case_answers_as_docker_and_changes_nothing(lab: Lab, line: str, rc: int, out: str, err: str) -> None:
    before = docker_state(lab.network.machines["host"])
    result = lab.run(line)
    assert (result.returncode, result.stdout, result.stderr) == (rc, out, err)
    assert docker_state(lab.network.machines["host"]) == before
