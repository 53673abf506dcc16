"""A socket bound to a device (delivery.bound_elsewhere): a looped-back packet comes in on its local route's device
(measured in unshare: tests/conformance/scripts/fuzz_ping_bound_lo.sh)."""
from course_lib import Lab


def test_ping_bound_to_lo_misses_the_reply_to_an_address_of_v0():
    lab = Lab()
    assert lab.run("ip link set lo up && ip link add v0 type veth peer name v0p && ip addr add 10.1.0.1/24 dev v0"
                   " && ip link set v0 up").returncode == 0
    r = lab.run("ping -c 1 -W 1 -I lo 10.1.0.1")
    assert r.returncode == 1 and "1 packets transmitted, 0 received" in r.stdout
    lab.run("ip addr add 10.3.0.1/24 dev lo")
    assert lab.run("ping -c 1 -W 1 -I v0 10.1.0.1").returncode == 0
    assert lab.run("ping -c 1 -W 1 -I lo 10.3.0.1").returncode == 0         # an address of lo itself
    assert lab.run("ping -c 1 -W 1 -I lo 127.0.0.5").returncode == 0
    snmp = lab.run("grep ^Icmp: /proc/net/snmp").stdout.splitlines()
    counts = dict(zip(snmp[0].split()[1:], snmp[1].split()[1:]))
    assert (counts["InEchos"], counts["InEchoReps"]) == ("4", "4")          # the lost reply did arrive
    lab.run("ip route add default dev v0")
    assert lab.run("ping -c 1 -W 1 -I lo 10.9.9.9").returncode == 1         # on link out of lo: delivered, no reply
    snmp = lab.run("grep ^Icmp: /proc/net/snmp").stdout.splitlines()
    counts = dict(zip(snmp[0].split()[1:], snmp[1].split()[1:]))
    assert (counts["InEchos"], counts["OutEchoReps"]) == ("5", "4")
