"""Lab(backend="real"): the Lab contract on kernel namespaces the lab makes, and nothing else."""
from __future__ import annotations

import os

import pytest

from course_lib import Lab
from course_lib.backends.real import ledger

pytestmark = pytest.mark.real


@pytest.fixture
def lab():
    with Lab(backend="real") as made:
        yield made


def _netns_on_disk() -> set[str]:
    return set(os.listdir("/run/netns")) if os.path.isdir("/run/netns") else set()


def test_two_machines_on_a_switch_ping_each_other(lab):
    a, b = lab.add_host("A"), lab.add_host("B")
    sw = lab.add_switch("SW1")
    assert lab.connect(a, sw) == "eth0" and lab.connect(b, sw) == "eth0"
    fresh = a.run("ip link show eth0")
    assert fresh.returncode == 0
    assert "eth0: <BROADCAST,MULTICAST> mtu 1500" in fresh.stdout and "state DOWN" in fresh.stdout
    assert "@if" not in fresh.stdout and "link-netnsid" not in fresh.stdout      # a NIC, not a veth
    assert a.run("ip addr add 192.168.1.10/24 dev eth0 && ip link set eth0 up").returncode == 0
    assert b.run("ip addr add 192.168.1.11/24 dev eth0 && ip link set eth0 up").returncode == 0
    r = a.run("ping -c 1 -W 2 192.168.1.11")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 packets transmitted, 1 received" in r.stdout
    neigh = a.run("ip neigh show dev eth0").stdout
    assert neigh.startswith("192.168.1.11 dev eth0 lladdr ") or neigh.startswith("192.168.1.11 lladdr ")
    assert a.run("ip route").stdout == "192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 \n"


def test_a_fresh_machine_has_only_lo_up(lab):
    r = lab.run("ip -br link")
    assert r.stdout.split() == ["lo", "UNKNOWN", "00:00:00:00:00:00", "<LOOPBACK,UP,LOWER_UP>"]


def test_errors_are_the_kernels_and_iproute2s(lab):
    assert lab.run("ip link set eth9 up") == lab.run("ip link set eth9 up")
    r = lab.run("ip link set eth9 up")
    assert (r.stderr, r.returncode) == ('Cannot find device "eth9"\n', 1)
    lab.run("ip link add v0 type veth peer name v1")
    r = lab.run("ip link add v0 type veth peer name v2")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: File exists\n", 2)
    lab.run("ip addr add 10.1.1.1/24 dev v0")
    r = lab.run("ip addr add 10.1.1.1/24 dev v0")
    assert (r.stderr, r.returncode) == ("Error: ipv4: Address already assigned.\n", 2)
    r = lab.run("ip route add 10.2.0.0/24 via 10.3.0.1")
    assert (r.stderr, r.returncode) == ("Error: Nexthop has invalid gateway.\n", 2)
    r = lab.run("ping -c 1 10.9.9.9")
    assert (r.stderr, r.returncode) == ("ping: connect: Network is unreachable\n", 2)
    r = lab.run("ip netns exec nosuch ip link")
    assert r.returncode == 255 and 'Cannot open network namespace "nosuch"' in r.stderr


def test_a_machines_netns_are_private_to_it_and_carry_the_lab_marker(lab):
    a = lab.add_host("A")
    lab.run("ip netns add red")
    a.run("ip netns add red")                      # the same name on another machine: no collision
    assert lab.run("ip netns").stdout.split()[0] == "red"
    assert lab.add_host("B").run("ip netns list").stdout == ""
    marker = lab.backend.marker
    mine = {n for n in _netns_on_disk() if n.startswith(marker)}
    assert f"{marker}h0-red" in mine and f"{marker}h1-red" in mine
    r = lab.run("ip netns exec red ip link")
    assert r.returncode == 0 and "lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN" in r.stdout


def test_veth_into_a_netns_and_an_address_without_prefix_has_no_route(lab):
    script = "\n".join(["ip netns add red", "ip netns add blue",
                        "ip link add veth-red type veth peer name veth-blue",
                        "ip link set veth-red netns red", "ip link set veth-blue netns blue",
                        "ip -n red addr add 192.168.15.1 dev veth-red",
                        "ip -n blue addr add 192.168.15.2 dev veth-blue",
                        "ip -n red link set veth-red up", "ip -n blue link set veth-blue up"])
    assert lab.run(script).returncode == 0
    assert lab.run("ip -n red route").stdout == ""
    r = lab.run("ip netns exec red ping -c 1 192.168.15.2")
    assert (r.stderr, r.returncode) == ("ping: connect: Network is unreachable\n", 2)
    lab.run("ip -n red addr add 192.168.15.1/24 dev veth-red; ip -n blue addr add 192.168.15.2/24 dev veth-blue")
    assert lab.run("ip netns exec red ping -c 1 -W 2 192.168.15.2").returncode == 0
    link = lab.run("ip -n red link show veth-red").stdout
    assert "veth-red@if" in link and "link-netns blue" in link


def test_iptables_and_sysctls_belong_to_the_machine(lab):
    b = lab.add_host("B")
    assert lab.run("iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -j MASQUERADE").returncode == 0
    assert "-A POSTROUTING -s 10.0.0.0/24 -j MASQUERADE" in lab.run("iptables -t nat -S").stdout
    assert "MASQUERADE" not in b.run("iptables -t nat -S").stdout
    lab.run("echo 1 > /proc/sys/net/ipv4/ip_forward")
    assert lab.run("cat /proc/sys/net/ipv4/ip_forward").stdout == "1\n"
    assert b.run("sysctl net.ipv4.ip_forward").stdout == "net.ipv4.ip_forward = 0\n"
    with open("/proc/sys/net/ipv4/ip_forward") as handle:      # the machine's own stays as it was
        assert handle.read() in ("0\n", "1\n")


def test_the_machines_etc_hosts_applies_to_real_binaries(lab):
    lab.run('echo "10.0.0.5 web" >> /etc/hosts')
    r = lab.run("getent hosts web")
    assert (r.stdout.split(), r.returncode) == (["10.0.0.5", "web"], 0)
    with open("/etc/hosts") as handle:
        assert "10.0.0.5 web" not in handle.read()


def test_a_netns_is_never_chosen_by_pid(lab):
    lab.run("ip link add v0 type veth peer name v1")
    r = lab.run("ip link set v1 netns 4242")
    assert r.returncode != 0
    assert "v1" in lab.run("ip -br link").stdout


def test_close_removes_everything_and_the_record():
    lab = Lab(backend="real")
    lab.add_host("A")
    lab.run("ip netns add red; ip link add v-net-0 type bridge")
    lab.run('echo "1.2.3.4 x" >> /etc/hosts; getent hosts x')
    backend = lab.backend
    names, record = backend.realnames(), f"{ledger.STATE_DIR}/{backend.lab_id}.jsonl"
    assert os.path.exists(record) and set(names) <= _netns_on_disk()
    lab.close()
    lab.close()                                                   # idempotent
    assert not set(names) & _netns_on_disk()
    assert not os.path.exists(record)
    assert not any(n.startswith(backend.marker) for n in os.listdir(ledger.ETC_NETNS)) \
        if os.path.isdir(ledger.ETC_NETNS) else True
    with pytest.raises(ValueError):
        lab.run("ip link")


def test_two_labs_at_once_never_collide():
    with Lab(backend="real") as one, Lab(backend="real") as two:
        assert one.backend.lab_id != two.backend.lab_id
        for lab in (one, two):
            assert lab.run("ip netns add red && ip link add br0 type bridge").returncode == 0
        one.run("ip addr add 10.0.0.1/24 dev br0")
        assert "10.0.0.1" not in two.run("ip addr show br0").stdout
        two_names = set(two.backend.realnames())
        one.close()
        assert two_names <= _netns_on_disk()
        assert two.run("ip netns").stdout == "red\n"


def test_a_forked_child_exiting_leaves_the_parents_lab_alone(lab):
    lab.run("ip netns add red")
    pid = os.fork()
    if pid == 0:                       # the child runs the interpreter's exit handlers, then leaves
        import atexit
        try:
            atexit._run_exitfuncs()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert lab.run("ip netns").stdout == "red\n"
    assert set(lab.backend.realnames()) <= _netns_on_disk()


def test_a_netns_name_never_leaves_run_netns(lab):
    backend, machine = lab.backend, lab.backend.machines["host"]
    from course_lib.result import CommandError
    for name in ("a/b", "..", "", "x\0y"):
        with pytest.raises(CommandError, match="Invalid netns name"):
            backend.netns_add(machine, name)
    with pytest.raises(CommandError, match="File name too long"):
        backend.netns_add(machine, "x" * 250)


def test_a_long_running_tool_gets_a_ctrl_c_and_prints_its_summary(lab, monkeypatch):
    from course_lib.backends.real import binaries
    monkeypatch.setattr(binaries, "TIMEOUT", 1.5)
    r = lab.run("ping 127.0.0.1")
    assert r.stderr.startswith("^C")
    assert "--- 127.0.0.1 ping statistics ---" in r.stdout and r.returncode == 0


def test_real_binaries_work_in_the_labs_scratch_dir(lab):
    r = lab.run("iptables-save -t nat | head -2 | tail -1")
    assert r.stdout == "*nat\n"
    assert lab.backend.scratch_dir().startswith("/run/course_lib/")


@pytest.mark.real
def test_altnames_are_the_kernels_and_name_the_device():
    with Lab(backend="real") as lab:
        long_name = "an-alternative-name-longer-than-ifnamsiz"
        assert lab.run(f"ip link add a0 type veth peer name a1 && "
                       f"ip link property add dev a0 altname up0 altname {long_name}").returncode == 0
        assert lab.run("ip link show a0").stdout.endswith(f"    altname up0\n    altname {long_name}\n")
        assert lab.run(f"ip link set up0 up && ip addr add 10.0.0.1/24 dev {long_name}").returncode == 0
        assert "inet 10.0.0.1/24 scope global a0" in lab.run("ip a s up0").stdout
        taken = lab.run("ip link property add dev a0 altname a1")          # a name in use: the kernel's EEXIST
        assert (taken.stderr, taken.returncode) == ("RTNETLINK answers: File exists\n", 2)
        assert lab.run("ip link property del dev a0 altname up0").returncode == 0
        gone = lab.run("ip link show up0")
        assert (gone.stderr, gone.returncode) == ('Device "up0" does not exist.\n', 1)


@pytest.mark.real
def test_netns_del_destroys_the_netns_and_its_veth_pairs():
    with Lab(backend="real") as lab:
        assert lab.run("ip netns add red && ip netns add blue && ip link add vr type veth peer name vb && "
                       "ip link set vr netns red && ip link set vb netns blue && "
                       "ip netns exec blue ping -c 1 -W 1 127.0.0.1 >/dev/null; ip netns pids blue").returncode == 0
        assert lab.run("ip link add h0 type veth peer name h1 netns red").returncode == 0
        assert lab.run("ip netns del red").returncode == 0
        # the kernel destroyed red (nothing of the lab holds it): both pairs went with it
        assert "vb" not in lab.run("ip -n blue -br link").stdout
        assert lab.run("ip -br link").stdout.split() == ["lo", "UNKNOWN", "00:00:00:00:00:00", "<LOOPBACK,UP,LOWER_UP>"]


@pytest.mark.real
def test_sysctl_lists_what_procps_lists_and_reads_dotted_device_keys():
    with Lab(backend="real") as lab:
        listed = lab.run("sysctl -a").stdout
        assert "net.ipv4.neigh.lo.retrans_time_ms = 1000\n" in listed
        assert ".base_reachable_time =" not in listed and ".retrans_time =" not in listed   # deprecated
        assert lab.run("sysctl -n net.ipv4.neigh.lo.retrans_time").stdout == "100\n"   # still there by name
        assert lab.run("ip link add br.5 type bridge").returncode == 0
        assert lab.run("sysctl -w net.ipv4.conf.br/5.forwarding=1").stdout == "net.ipv4.conf.br/5.forwarding = 1\n"
        assert lab.run("cat /proc/sys/net/ipv4/conf/br.5/forwarding").stdout == "1\n"
        assert "net.ipv4.conf.br/5.forwarding = 1\n" in lab.run("sysctl -a").stdout


@pytest.mark.real
def test_ipset_sets_are_the_machines_own_and_iptables_matches_them():
    import shutil
    if shutil.which("ipset") is None:
        pytest.skip("ipset is not installed (Debian package ipset)")
    with Lab(backend="real") as lab:
        a, b = lab.add_host("A"), lab.add_host("B")
        assert a.run("ipset create blocked hash:ip && ipset add blocked 127.0.0.2 && "
                     "iptables -A OUTPUT -m set --match-set blocked dst -j DROP").returncode == 0
        assert a.run("ping -c 1 -W 1 127.0.0.2").returncode == 1
        assert a.run("ping -c 1 -W 1 127.0.0.1").returncode == 0
        assert a.run("ipset list -n").stdout == "blocked\n"
        assert b.run("ipset list -n").stdout == ""                  # another machine: another netns


@pytest.mark.real
def test_proc_net_snmp_is_the_lab_netns_own():
    with Lab(backend="real") as lab:
        a = lab.add_host("A")
        assert a.run("ping -c 2 -i 0.2 127.0.0.1 >/dev/null").returncode == 0
        rows = [line.split() for line in a.run("cat /proc/net/snmp").stdout.splitlines() if line.startswith("Icmp:")]
        icmp = dict(zip(rows[0][1:], rows[1][1:]))
        assert (icmp["InEchos"], icmp["OutEchoReps"]) == ("2", "2")     # this machine's pings, nobody else's
        assert a.run("cat /proc/net/netstat").stdout.startswith("TcpExt:")
