"""docker run/exec -u: the image's /etc/passwd and /etc/group, the user spec resolved as runc's user.GetExecUser,
`id`/`whoami` answering with that identity, the daemon's refusals."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.docker import accounts


@pytest.fixture(scope="module")
def lab() -> Lab:
    lab = Lab()
    for line in ("docker run -d --name bb busybox sleep 3600", "docker run -d --name web nginx"):
        assert lab.run(line).returncode == 0, line
    return lab


def _r(lab: Lab, line: str) -> tuple[str, str, int]:
    r = lab.run(line)
    return r.stdout, r.stderr, r.returncode


@pytest.mark.parametrize("spec, identity", [
    ("", (0, 0, (0, 10))),                    # root is a member of wheel in buildroot's /etc/group
    ("root", (0, 0, (0, 10))), ("0", (0, 0, (0, 10))),
    ("nobody", (65534, 65534, (65534,))),
    ("1000", (1000, 0, (0,))),                # a uid without an entry: gid 0, no supplementary groups
    ("1000:1000", (1000, 1000, (1000,))),
    ("www-data:nogroup", (33, 65534, (65534,))),
    ("nobody:0", (65534, 0, (0,))),
])
def test_specs_resolve_as_libcontainer(spec: str, identity: tuple) -> None:
    who = accounts.resolve(spec, accounts.BUSYBOX_PASSWD, accounts.BUSYBOX_GROUP)
    assert (who.uid, who.gid, who.groups) == identity


@pytest.mark.parametrize("spec, message", [
    ("bogus", "unable to find user bogus: no matching entries in passwd file"),
    ("1000:bogus", "unable to find group bogus: no matching entries in group file"),
    ("99999999999", "uids and gids must be in range 0-2147483647"),
])
def test_refused_specs(spec: str, message: str) -> None:
    with pytest.raises(accounts.UserError, match=f"^{message}$"):
        accounts.resolve(spec, accounts.BUSYBOX_PASSWD, accounts.BUSYBOX_GROUP)


def test_exec_user_is_the_process_identity(lab: Lab) -> None:
    assert _r(lab, "docker exec bb id") == ("uid=0(root) gid=0(root) groups=0(root),10(wheel)\n", "", 0)
    assert _r(lab, "docker exec -u nobody bb id") == (
        "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n", "", 0)
    assert _r(lab, "docker exec -u 1000 bb id") == ("uid=1000 gid=0(root) groups=0(root)\n", "", 0)
    assert _r(lab, "docker exec --user 1000:1000 bb id -u") == ("1000\n", "", 0)
    assert _r(lab, "docker exec -u www-data bb whoami") == ("www-data\n", "", 0)
    assert _r(lab, "docker exec -u 1000 bb whoami") == ("", "whoami: unknown uid 1000\n", 1)      # BusyBox
    assert _r(lab, "docker exec -u nginx web id") == ("uid=101(nginx) gid=101(nginx) groups=101(nginx)\n", "", 0)
    assert _r(lab, "docker exec web id") == ("uid=0(root) gid=0(root) groups=0(root)\n", "", 0)
    assert _r(lab, "docker exec -u 1000 web id -un") == ("1000\n", "id: cannot find name for user ID 1000\n", 1)
    assert _r(lab, "docker exec -u 1000 web whoami") == ("", "whoami: cannot find name for user ID 1000\n", 1)


def test_a_user_but_root_has_no_capabilities(lab: Lab) -> None:
    out, err, rc = _r(lab, "docker exec --privileged -u nobody bb ip link set lo down")
    assert rc != 0 and "Operation not permitted" in err
    assert _r(lab, "docker exec --privileged -u 0:1000 bb ip link set lo up") == ("", "", 0)


def test_unknown_users_are_the_daemons_refusal(lab: Lab) -> None:
    assert _r(lab, "docker exec -u bogus bb id") == (
        "unable to find user bogus: no matching entries in passwd file\n", "", 126)
    assert _r(lab, "docker exec -d -u bogus bb id") == (
        "", "Error response from daemon: unable to find user bogus: no matching entries in passwd file\n", 1)
    out, err, rc = _r(lab, "docker run --name failed -u bogus busybox id")
    assert (out, rc) == ("", 125) and err.endswith(
        "docker: Error response from daemon: unable to find user bogus: no matching entries in passwd file\n\n"
        "Run 'docker run --help' for more information\n")
    assert _r(lab, "docker ps -a -f name=failed --format '{{.Status}}'") == ("Created\n", "", 0)
    assert _r(lab, "docker run --rm -u 33 busybox id") == (
        "uid=33(www-data) gid=33(www-data) groups=33(www-data)\n", "", 0)
