"""`2>&1` into a pipe or a file: a block-buffered program's short stdout comes after its stderr, as on Linux."""
from __future__ import annotations

from course_lib import Lab


def test_block_buffered_stdout_follows_stderr_on_a_pipe_or_file() -> None:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    assert lab.run("curl -sv http://172.17.0.2/ 2>&1 | tail -1").stdout == "</html>\n"
    assert lab.run("curl -sv http://172.17.0.2/ > /tmp/o 2>&1; tail -1 /tmp/o").stdout == "</html>\n"
    assert lab.run("conntrack -L 2>&1 | head -1").stdout.startswith("conntrack v1.4.7 (conntrack-tools): ")
    assert lab.run("ls /nonexist /etc/hosts 2>&1 | cat").stdout == \
        "ls: cannot access '/nonexist': No such file or directory\n/etc/hosts\n"


def test_a_terminal_and_unbuffered_programs_keep_the_order_they_write_in() -> None:
    lab = Lab()
    lab.run("docker run -d --name web nginx")
    assert lab.run("curl -sv http://172.17.0.2/ 2>&1").stdout.endswith("left intact\n")   # the terminal
    r = lab.run("sysctl net.ipv4.ip_forward net.nope 2>&1 | cat")
    assert r.stdout == "net.ipv4.ip_forward = 1\nsysctl: cannot stat /proc/sys/net/nope: No such file or directory\n"
