"""fs_links: the kernel's path walk and gnulib's canonicalize over the sim file system.

The expected values were measured on Linux 6.18 with coreutils 9.1 in `unshare --mount` on a tmpfs
(`readlink -m` of a two-link loop printed /mnt/loop1; 40 chained links open, 41 are ELOOP).
"""
from __future__ import annotations

import pytest

from course_lib.shell.fs import FileSystem, FsError
from course_lib.shell.fs_links import (CAN_ALL_BUT_LAST, CAN_EXISTING, CAN_MISSING, ELOOP, canonicalize,
                                       walk)


@pytest.fixture
def fs() -> FileSystem:
    fs = FileSystem()
    fs.mkdir("/mnt/d", parents=True)
    fs.write("/mnt/f", "hi\n")
    for target, name in (("f", "l1"), ("d", "ld"), ("nowhere", "dang"), ("loop2", "loop1"),
                         ("loop1", "loop2"), ("/mnt/d", "abs"), ("../mnt/f", "rel")):
        fs.symlink(target, "/mnt/" + name)
    return fs


def test_walk_follows_links_on_the_way_and_last_only_when_asked(fs: FileSystem) -> None:
    assert walk(fs.nodes.get, "/mnt/l1") == "/mnt/f"
    assert walk(fs.nodes.get, "/mnt/l1", follow=False) == "/mnt/l1"
    assert walk(fs.nodes.get, "/mnt/ld/", follow=False) == "/mnt/d"        # a trailing slash follows
    assert walk(fs.nodes.get, "/mnt/abs/x") == "/mnt/d/x"
    assert walk(fs.nodes.get, "/mnt/rel") == "/mnt/f"


def test_dotdot_after_a_link_is_the_parent_of_its_target(fs: FileSystem) -> None:
    fs.mkdir("/mnt/d/sub")
    fs.symlink("/mnt/d/sub", "/tmp/s")
    assert walk(fs.nodes.get, "/tmp/s/..") == "/mnt/d"


def test_walk_stops_at_a_missing_component_and_keeps_the_rest(fs: FileSystem) -> None:
    assert walk(fs.nodes.get, "/mnt/nope/x/../y") == "/mnt/nope/y"
    assert walk(fs.nodes.get, "/mnt/dang") == "/mnt/nowhere"


def test_forty_links_resolve_and_forty_one_are_a_loop(fs: FileSystem) -> None:
    for i in range(41):
        fs.symlink("c%d" % (i + 1) if i < 40 else "f", "/mnt/c%d" % i)
    assert walk(fs.nodes.get, "/mnt/c1") == "/mnt/f"                      # 40 links
    with pytest.raises(FsError) as error:
        walk(fs.nodes.get, "/mnt/c0")                                      # 41 links
    assert error.value.strerror == ELOOP
    with pytest.raises(FsError):
        walk(fs.nodes.get, "/mnt/loop1")
    assert walk(fs.nodes.get, "/mnt/loop1", follow=False) == "/mnt/loop1"


@pytest.mark.parametrize("name, mode, expected", [
    ("/mnt/l1", CAN_EXISTING, ("/mnt/f", "")),
    ("/mnt/dang", CAN_EXISTING, (None, "No such file or directory")),
    ("/mnt/dang", CAN_ALL_BUT_LAST, ("/mnt/nowhere", "")),
    ("/mnt/loop1", CAN_ALL_BUT_LAST, (None, ELOOP)),
    ("/mnt/loop1", CAN_MISSING, ("/mnt/loop1", "")),
    ("/mnt/l1/", CAN_ALL_BUT_LAST, (None, "Not a directory")),
    ("/mnt/l1/", CAN_MISSING, ("/mnt/f", "")),
    ("/mnt/f/..", CAN_ALL_BUT_LAST, (None, "Not a directory")),
    ("/mnt/f/..", CAN_MISSING, ("/mnt", "")),
    ("/mnt/f/x", CAN_ALL_BUT_LAST, (None, "Not a directory")),
    ("/mnt/nope/x", CAN_ALL_BUT_LAST, (None, "No such file or directory")),
    ("/mnt/nope/", CAN_ALL_BUT_LAST, ("/mnt/nope", "")),
    ("/mnt/ld/..", CAN_EXISTING, ("/mnt", "")),
    ("/mnt/dang/x/../y", CAN_MISSING, ("/mnt/nowhere/y", "")),
    ("", CAN_MISSING, (None, "No such file or directory")),
])
def test_canonicalize_as_readlink_and_realpath_print(fs: FileSystem, name: str, mode: str, expected) -> None:
    assert canonicalize(fs.nodes.get, name, mode) == expected


def test_no_links_no_walk() -> None:
    fs = FileSystem()
    assert not fs.has_links and fs.real_path("/etc/../etc/hosts") == "/etc/../etc/hosts"


def test_hard_links_share_content_mode_and_count(fs: FileSystem) -> None:
    fs.hard_link("/mnt/f", "/mnt/h")
    fs.write("/mnt/h", "more\n", append=True)
    fs.chmod("/mnt/f", 0o600)
    assert fs.read("/mnt/f") == "hi\nmore\n" and fs.get("/mnt/h").mode == 0o600
    assert fs.nlink("/mnt/f") == 2
    fs.rename("/mnt/h", "/mnt/h2")
    fs.remove("/mnt/f")
    assert fs.nlink("/mnt/h2") == 1 and fs.read("/mnt/h2") == "hi\nmore\n"


def test_netns_etc_overlay_follows_links() -> None:
    """ip netns exec binds /etc/netns/NAME/FILE over /etc/FILE: mount(2) follows a link there; a dangling or
    looping one fails the bind (iproute2 6.1: `Bind ... failed: No such file or directory`) and the machine's
    own file stays (measured in unshare --net --mount with tmpfs on /run/netns and /etc/netns)."""
    from course_lib import Lab
    lab = Lab()
    lab.run("ip netns add red; mkdir -p /etc/netns/red; ln -s loop /etc/netns/red/resolv.conf")
    assert lab.run("ip netns exec red cat /etc/resolv.conf").stdout == lab.run("cat /etc/resolv.conf").stdout
    lab.run("rm /etc/netns/red/resolv.conf; echo nameserver 9.9.9.9 > /tmp/rc; "
            "ln -s /tmp/rc /etc/netns/red/resolv.conf")
    assert lab.run("ip netns exec red cat /etc/resolv.conf").stdout == "nameserver 9.9.9.9\n"
