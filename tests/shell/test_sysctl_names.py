"""sysctl on the simulation: device names with dots, keys of deleted devices, deprecated neigh keys, -r, -b."""
from course_lib import Lab


def run(lab, cmd):
    r = lab.run(cmd)
    return r.stdout, r.stderr, r.returncode


def test_a_dot_in_a_device_name_shows_as_a_slash():
    lab = Lab()
    lab.run("ip link add br.5 type bridge")
    assert run(lab, "sysctl net.ipv4.conf.br/5.forwarding")[0] == "net.ipv4.conf.br/5.forwarding = 0\n"
    assert run(lab, "sysctl net/ipv4/conf/br.5/forwarding")[0] == "net.ipv4.conf.br/5.forwarding = 0\n"


def test_keys_of_a_deleted_device_go_with_it():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; sysctl -w net.ipv4.conf.v1.rp_filter=2")
    lab.run("ip link del v0")
    out, err, rc = run(lab, "sysctl net.ipv4.conf.v1.rp_filter")
    assert (out, rc) == ("", 1) and "cannot stat /proc/sys/net/ipv4/conf/v1/rp_filter" in err
    lab.run("ip link add v1 type veth peer name v2")
    assert run(lab, "sysctl -n net.ipv4.conf.v1.rp_filter")[0] == "0\n"      # a new device: the defaults


def test_a_renamed_device_keeps_its_keys():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; sysctl -w net.ipv4.conf.v0.proxy_arp=1; ip link set v0 name w0")
    assert run(lab, "sysctl -n net.ipv4.conf.w0.proxy_arp")[0] == "1\n"


def test_deprecated_neigh_keys_follow_their_ms_twins():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1")
    assert run(lab, "sysctl -w net.ipv4.neigh.v0.base_reachable_time=20")[0] == \
        "net.ipv4.neigh.v0.base_reachable_time = 20\n"
    assert run(lab, "sysctl -n net.ipv4.neigh.v0.base_reachable_time_ms net.ipv4.neigh.v0.retrans_time")[0] == \
        "20000\n100\n"
    assert "retrans_time " not in run(lab, "sysctl -a")[0]


def test_pattern_and_binary():
    lab = Lab()
    assert run(lab, "sysctl -r '^net.ipv4.ip_f' -a")[0] == \
        "net.ipv4.ip_forward = 0\nnet.ipv4.ip_forward_update_priority = 1\nnet.ipv4.ip_forward_use_pmtu = 0\n"
    assert run(lab, "sysctl -r ip_f -w net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0") == \
        ("net.ipv4.ip_forward = 1\n", "", 1)
    assert run(lab, "sysctl -b net.ipv4.ip_forward net.ipv4.conf.all.rp_filter") == ("10", "", 0)
    assert run(lab, "sysctl -w net.ipv4.ip_forward 1")[1] == "sysctl: command line(0): invalid syntax, continuing...\n"


def test_write_words_without_a_name():
    lab = Lab()
    assert run(lab, "sysctl -w net.ipv4.ip_forward = 1") == \
        ("", "sysctl: command line(0): invalid syntax, continuing...\n", 1)
    assert run(lab, "sysctl -w =1") == ("", "sysctl: Path is not under /proc/sys/: /proc/sys/\n", 1)
    assert run(lab, "sysctl 10.0.0.1/33")[1] == "sysctl: cannot stat /proc/sys/10/0/0/1.33: No such file or directory\n"
