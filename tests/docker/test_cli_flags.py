"""Docker CLI 28's own answers (flags, usage, help, docker run's checks), pinned from the real docker 28.2.2
binary on this machine (test_cli_vs_real_docker compares hundreds more lines live when the binary is there)."""
from __future__ import annotations

import pytest

from course_lib import Lab


def _r(lab: Lab, line: str) -> tuple[str, str, int]:
    r = lab.run(line)
    return r.stdout, r.stderr, r.returncode


def _usage(message: str, cmd: str, use: str) -> str:
    return f"{message}\n\nUsage:  {use}\n\nRun 'docker {cmd} --help' for more information\n"


RUN_USE = "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]"


@pytest.fixture
def lab() -> Lab:
    return Lab()


def test_help_and_usage_errors(lab: Lab) -> None:
    out, err, rc = _r(lab, "docker run --help")
    assert rc == 0 and err == "" and out.startswith(f"Usage:  {RUN_USE}\n\nCreate and run a new container from an "
                                                   "image\n\nAliases:\n  docker container run, docker run\n")
    assert "      --cpus decimal                     Number of CPUs\n" in out
    assert _r(lab, "docker container list --help")[0].startswith("Usage:  docker container ls [OPTIONS]\n")
    assert _r(lab, "docker ps -h")[0].startswith("Flag shorthand -h has been deprecated, use --help\nUsage:  docker ps")
    assert _r(lab, "docker")[1].startswith("Usage:  docker [OPTIONS] COMMAND\n")          # no command: on stderr
    assert _r(lab, "docker frob") == ("", "docker: unknown command: docker frob\n\n"
                                      "Run 'docker --help' for more information\n", 1)
    assert _r(lab, "docker run --bogus x") == ("", _usage("unknown flag: --bogus", "run", RUN_USE), 125)
    assert _r(lab, "docker ps -ax") == ("", _usage("unknown shorthand flag: 'x' in -x", "ps", "docker ps [OPTIONS]"),
                                        125)
    assert _r(lab, "docker ps -n x") == ("", _usage('invalid argument "x" for "-n, --last" flag: strconv.ParseInt: '
                                                    'parsing "x": invalid syntax', "ps", "docker ps [OPTIONS]"), 125)
    assert _r(lab, "docker run -m 1kbb x")[1].startswith(
        'invalid argument "1kbb" for "-m, --memory" flag: invalid suffix: \'kbb\'\n')
    assert _r(lab, "docker run --health-interval 1 x")[1].startswith(
        'invalid argument "1" for "--health-interval" flag: time: missing unit in duration "1"\n')
    assert _r(lab, "docker run --cpus 1/3 x")[1].startswith('invalid argument "1/3" for "--cpus" flag: value is too '
                                                            "precise\n")
    assert _r(lab, "docker images a b") == ("", "docker: 'docker images' requires at most 1 argument\n\nUsage:  "
                                            "docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nSRun 'docker images --help'"
                                            " for more information\n", 1)
    assert _r(lab, "docker port") == ("", "docker: 'docker port' requires at least 1 and at most 2 arguments\n\n"
                                      "Usage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n\nRun 'docker port "
                                      "--help' for more information\n", 1)
    assert _r(lab, "docker network bogus")[1] == ("docker: unknown command: docker network bogus\n\nUsage:  docker "
                                                  "network\n\nRun 'docker network --help' for more information\n")


def test_run_checks_before_the_daemon_change_nothing(lab: Lab) -> None:
    before = _r(lab, "docker ps -aq")
    for line, text, rc in (
            ("-p 1:2:3:4 busybox", "docker: invalid IP address: 1:2", 125),
            ("-p 80:80/sctpx busybox", "docker: invalid proto: sctpx", 125),
            ("-p '[::1:80:80' busybox", "docker: invalid IP address [::1: address [::1:: missing ']' in address", 125),
            ("--rm --restart always busybox", "docker: conflicting options: cannot specify both --restart and --rm",
             125),
            ("--mac-address zz busybox", "docker: zz is not a valid mac address", 125),
            ("--network= busybox", "docker: no name set for network", 125),
            ("--expose 1:2 busybox", "docker: invalid port format for --expose: 1:2", 125),
            ("--env-file /nonexistent busybox", "docker: open /nonexistent: no such file or directory", 125),
            ("--health-retries=-5 busybox", "docker: --health-retries cannot be negative", 125),
            ("--pull x busybox", "docker: invalid pull option: 'x': must be one of \"always\", \"missing\" or "
             "\"never\"", 125),
            ("Busybox", "docker: invalid reference format: repository name (library/Busybox) must be lowercase",
             125)):
        assert _r(lab, "docker run " + line) == ("", text + "\n\nRun 'docker run --help' for more information\n",
                                                 rc), line
    assert _r(lab, "docker run -d -a stdout busybox") == (
        "", "conflicting options: cannot specify both --attach and --detach\n", 1)
    assert _r(lab, "docker ps -aq") == before


def test_other_commands_client_checks(lab: Lab) -> None:
    assert _r(lab, "docker inspect --type bogus a")[1].startswith('unknown type: "bogus": must be one of "config", ')
    assert _r(lab, "docker network inspect -f '{{' x") == ("", "template parsing error: template: :1: unclosed "
                                                           "action\n", 64)
    assert _r(lab, "docker inspect -f '{{.x}}' zz") == ("\n", "Error: No such object: zz\n", 1)
    assert _r(lab, "docker container inspect zz") == ("[]\n", "Error response from daemon: No such container: zz\n",
                                                      1)
    assert _r(lab, "docker image inspect --platform v a") == (
        "", '"v": unknown operating system or architecture: invalid argument\n', 1)
    assert _r(lab, "docker images --tree --digests") == ("", "--show-digest is not yet supported with --tree\n", 1)
    assert _r(lab, "docker start -a a b") == ("", "you cannot start and attach multiple containers at once\n", 1)
    assert _r(lab, "docker stop --time 1 --timeout 2 a") == (
        "Flag --time has been deprecated, use --timeout instead\n",
        "conflicting options: cannot specify both --timeout and --time\n", 1)
    assert _r(lab, "docker exec --env-file /nope a b") == ("", "open /nope: no such file or directory\n", 1)
    assert _r(lab, "docker pull -a busybox:1") == ("", "tag can't be used with --all-tags/-a\n", 1)
    assert _r(lab, "docker pull busybox")[0].startswith("Using default tag: latest\nlatest: Pulling from ")
    for line, text in (("--subnet bad --gateway 1.2.3.4", "invalid subnet: invalid CIDR address: bad"),
                       ("--subnet 10.0.0.0/8 --gateway 11.0.0.1", "no matching subnet for gateway 11.0.0.1"),
                       ("--gateway 10.0.0.1", "every ip-range or gateway must have a corresponding subnet"),
                       ("--subnet 10.0.0.0/8,10.1.0.0/16", "multiple overlapping subnet configuration is not "
                                                            "supported")):
        assert _r(lab, f"docker network create {line} n") == ("", text + "\n", 1)
    assert "n" not in _r(lab, "docker network ls --format '{{.Name}}'")[0].split()


def test_version_is_28(lab: Lab) -> None:
    assert _r(lab, "docker --version") == ("Docker version 28.2.2, build e6534b4\n", "", 0)
    assert _r(lab, "docker -v frob") == ("Docker version 28.2.2, build e6534b4\n", "", 0)
    assert _r(lab, "docker version")[0].startswith("Client: Docker Engine - Community\n Version:           28.2.2\n"
                                                   " API version:       1.50\n Go version:        go1.24.3\n")
