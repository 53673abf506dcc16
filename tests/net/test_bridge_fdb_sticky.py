"""Sticky and static bridge fdb entries under learning (bridging.record, learn_plain; shell/bridge_fdb.py), as the
kernel's br_fdb_update does (measured in unshare: tests/conformance/scripts/fuzz_fdb_sticky_roam.sh)."""
from course_lib import Lab

SETUP = ("ip netns add n1 && ip link add br1 type bridge && ip link set br1 up && ip addr add 10.8.0.1/24 dev br1"
         " && ip link add p5 type veth peer name q5 && ip link add p6 type veth peer name q6 netns n1"
         " && ip link set p5 master br1 && ip link set p6 master br1 && ip link set p5 up && ip link set p6 up"
         " && bridge fdb add 02:0e:00:00:00:17 dev p5 master static"
         " && bridge fdb add 02:0e:00:00:00:18 dev p5 master static sticky"
         " && ip -n n1 addr add 10.8.0.7/24 dev q6")


def test_a_static_entry_roams_and_a_sticky_one_stays():
    lab = Lab()
    assert lab.run(SETUP).returncode == 0
    lab.run("ip -n n1 link set q6 address 02:0e:00:00:00:17 && ip -n n1 link set q6 up && sleep 2")
    assert lab.run("ip netns exec n1 ping -c 1 -W 1 10.8.0.1").returncode == 0
    lab.run("ip -n n1 link set q6 address 02:0e:00:00:00:18 && sleep 1")
    assert lab.run("ip netns exec n1 ping -c 1 -W 1 10.8.0.1").returncode == 1      # replies go to p5
    assert lab.run("bridge fdb show br br1 | grep 02:0e | sort").stdout == (
        "02:0e:00:00:00:17 dev p6 master br1 static\n02:0e:00:00:00:18 dev p5 sticky master br1 static\n")
    assert '"flags":["sticky"]' in lab.run("bridge -j fdb show dev p5").stdout
    assert lab.run("bridge fdb flush dev br1 nosticky static && bridge fdb show br br1 | grep -c 02:0e").stdout == "1\n"
