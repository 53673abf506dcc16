"""gc_timer and forward_delay_timer of `ip -d link` on the simulation (model time)."""
import re

from course_lib import Lab


def timer(lab, dev, name):
    return re.search(name + r" +([0-9.]+)", lab.run(f"ip -d link show {dev}").stdout).group(1)


def test_gc_runs_after_a_tenth_then_every_ageing_time():
    lab = Lab()
    lab.run("ip link add br0 type bridge")
    assert timer(lab, "br0", "gc_timer") == "0.00"
    lab.run("ip link set br0 up")
    assert timer(lab, "br0", "gc_timer") == "0.10"
    lab.run("sleep 0.3")
    assert timer(lab, "br0", "gc_timer") == "299.80"
    lab.run("ip link set br0 down")
    assert timer(lab, "br0", "gc_timer") == "0.00"


def test_ageing_change_runs_gc_at_once_and_a_learned_entry_brings_the_next_run_forward():
    lab = Lab()
    lab.run("ip link add br0 type bridge; ip link set br0 up; ip link add p1 type veth peer name e1; "
            "ip link set p1 master br0; ip link set p1 up; ip link set e1 up; sleep 2")
    assert timer(lab, "p1", "forward_delay_timer") == "13.00"
    lab.run("ip link set br0 type bridge ageing_time 1000")
    # e1's entry, refreshed by its own frames (DAD, MLD, RS: net.chatter) until its last one before 2 s,
    # expires 10 s after that one: the next run comes forward to then
    root = lab.network.machines["host"].root
    entry = root.link_by_name("br0").fdb[root.link_by_name("e1").mac]
    assert 1 < entry.age < 2
    assert abs(float(timer(lab, "br0", "gc_timer")) - (entry.age + 10 - 2)) < 0.011
    lab.run("sleep 14")
    assert timer(lab, "p1", "forward_delay_timer") == "0.00"


def test_veth_carrier_changes_count_on_both_ends():
    lab = Lab()
    lab.run("ip link add va type veth peer name vb")
    transns = lambda dev: lab.run(f"ip -s -s link show {dev}").stdout.splitlines()[-1].split()[-1]  # noqa: E731
    assert (transns("va"), transns("vb")) == ("1", "1")
    lab.run("ip link set va up; ip link set vb up; ip link set va down")
    assert (transns("va"), transns("vb")) == ("3", "3")
