"""The per-machine file system: defaults, /proc/sys <-> sysctls, the /etc/netns overlay, executables."""
from __future__ import annotations

import pytest

from course_lib.net.netns import NetNS
from course_lib.result import CommandResult
from course_lib.shell import fs
from course_lib.shell.interpreter import run_argv, run_script


def test_default_files(ctx, sh):
    assert sh("cat /etc/hostname").stdout == "host\n"
    hosts = sh("cat /etc/hosts").stdout
    assert hosts.startswith("127.0.0.1\tlocalhost\n127.0.1.1\thost\n")
    assert "hosts:          files dns" in sh("cat /etc/nsswitch.conf").stdout
    assert sh("pwd").stdout == "/root\n"


def test_fs_is_lazy_and_per_machine(ctx):
    assert ctx.machine.fs is None
    fs.write_file(ctx, "/etc/cni/net.d/10-bridge.conf", "{}\n", parents=True)
    assert ctx.machine.fs is not None
    assert fs.read_file(ctx, "/etc/cni/net.d/10-bridge.conf") == "{}\n"
    assert fs.listdir(ctx, "/etc/cni/net.d") == ["10-bridge.conf"]
    with pytest.raises(fs.FileNotFound) as missing:
        fs.read_file(ctx, "/etc/nope")
    assert missing.value.strerror == "No such file or directory"
    with pytest.raises(fs.FsError) as is_dir:
        fs.read_file(ctx, "/etc")
    assert is_dir.value.strerror == "Is a directory"


def test_proc_sys_follows_the_current_netns(ctx, sh):
    assert sh("cat /proc/sys/net/ipv4/ip_forward").stdout == "0\n"
    assert sh("echo 1 > /proc/sys/net/ipv4/ip_forward").returncode == 0
    assert ctx.netns.sysctls["net.ipv4.ip_forward"] == "1"
    red = NetNS(name="red", machine=ctx.machine)
    inner = ctx.derive(netns=red, netns_name="red")
    assert run_script(inner, "cat /proc/sys/net/ipv4/ip_forward").stdout == "0\n"
    r = sh("cat /proc/sys/net/ipv4/nope")
    assert (r.stderr, r.returncode) == ("cat: /proc/sys/net/ipv4/nope: No such file or directory\n", 1)
    r = sh("echo 1 > /proc/sys/net/ipv4/nope")
    assert (r.stderr, r.returncode) == ("bash: /proc/sys/net/ipv4/nope: No such file or directory\n", 1)
    r = sh("echo abc > /proc/sys/net/ipv4/ip_forward")
    assert (r.stderr, r.returncode) == ("bash: echo: write error: Invalid argument\n", 1)
    assert ctx.netns.sysctls["net.ipv4.ip_forward"] == "1"
    assert "ip_forward" in sh("ls /proc/sys/net/ipv4").stdout.split()


def test_etc_netns_overlay(ctx, sh):
    sh("mkdir -p /etc/netns/red && echo 'nameserver 10.0.0.1' > /etc/netns/red/resolv.conf")
    inner = ctx.derive(netns=NetNS(name="red", machine=ctx.machine), netns_name="red")
    assert run_script(inner, "cat /etc/resolv.conf").stdout == "nameserver 10.0.0.1\n"
    assert "10.0.0.1" not in sh("cat /etc/resolv.conf").stdout
    assert run_script(inner, "cat /etc/hosts").stdout == sh("cat /etc/hosts").stdout


def test_virtual_executable(ctx, sh):
    def plugin(c, argv, stdin):
        return CommandResult(f"{argv[0]} {c.env.get('CNI_COMMAND', '')} {stdin}", "", 0)
    fs.add_executable(ctx, "/opt/cni/bin/bridge", plugin)
    r = sh("echo '{}' | CNI_COMMAND=ADD /opt/cni/bin/bridge")
    assert r.stdout == "/opt/cni/bin/bridge ADD {}\n"
    assert sh("ls -l /opt/cni/bin").stdout.splitlines()[1].startswith("-rwxr-xr-x 1 root root")
    assert sh("ls /opt/cni/bin/*").stdout == "/opt/cni/bin/bridge\n"
    assert run_argv(ctx, ["/opt/cni/bin/bridge"]).returncode == 0


def test_scripts_and_chmod(sh):
    sh("printf '#!/bin/bash\\necho hi $1\\nexit 4\\n' > /root/s.sh")
    r = sh("/root/s.sh x")
    assert (r.stderr, r.returncode) == ("bash: /root/s.sh: Permission denied\n", 126)
    r = sh("chmod +x /root/s.sh && ./s.sh x")
    assert (r.stdout, r.returncode) == ("hi x\n", 4)
    assert sh("bash s.sh y").stdout == "hi y\n"


def test_ls_long_and_date(sh):
    sh("mkdir /tmp/d && echo hello > /tmp/d/f")
    assert sh("ls -l /tmp/d").stdout == "total 4\n-rw-r--r-- 1 root root 6 Jan 20 09:00 f\n"
    assert sh("date").stdout == "Mon Jan 20 09:00:00 UTC 2025\n"
    sh("sleep 90")
    assert sh("date +%H:%M:%S").stdout == "09:01:30\n"
    assert sh("uname -n").stdout == "host\n"


def test_state_persists_between_runs(sh):
    sh("cd /tmp; export A=1; B=2; f() { echo fn; }")
    assert sh("pwd; echo $A $B; f; env | grep ^A=").stdout == "/tmp\n1 2\nfn\nA=1\n"


def test_loops_and_errors(sh):
    r = sh("for i in 1 2 3; do mkdir /tmp/ns$i; done; ls /tmp")
    assert r.stdout == "ns1\nns2\nns3\n"
    r = sh("while true; do :; done")
    assert r.returncode == 1 and "loop stopped" in r.stderr
    r = sh("echo a\n)\necho b")
    assert (r.stdout, r.stderr, r.returncode) == ("a\n", "bash: syntax error near unexpected token `)'\n", 2)
    r = sh("cat <<EOF\nx")
    assert r.stdout == "x\n" and "here-document at line" in r.stderr


def test_aliases_like_a_terminal(sh):
    assert sh("alias k=kubectl ll='ls -l'").returncode == 0
    assert sh("alias").stdout == "alias k='kubectl'\nalias ll='ls -l'\n"
    assert sh("ll -d /tmp").stdout.startswith("drwxrwxrwt")
    r = sh("alias e=echo; e same line")
    assert r.returncode == 127   # bash parses the whole line before the alias exists
    assert sh("e next line").stdout == "next line\n"
