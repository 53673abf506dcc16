"""The Lab facade's Python API: hosts, switches, connect, errors that leave the lab unchanged."""
import pytest

from course_lib import Lab


def test_default_host_and_hosts():
    lab = Lab()
    assert list(lab.hosts) == ["host"]
    a = lab.add_host("A")
    assert a.name == "A" and lab.host("A") is a and list(lab.hosts) == ["host", "A"]


def test_connect_names_next_free_eth():
    lab = Lab()
    a = lab.add_host("A")
    sw = lab.add_switch("SW1")
    assert lab.connect(a, sw) == "eth0"
    assert lab.connect("A", "SW1") == "eth1"
    assert lab.connect(a, sw, ifname="eth7") == "eth7"
    assert lab.connect(a, sw) == "eth2"
    assert lab.switch("SW1") is sw


@pytest.mark.parametrize("call", [
    lambda lab: lab.add_host("host"),
    lambda lab: lab.add_host(""),
    lambda lab: lab.add_host("a b"),
    lambda lab: lab.add_host(3),
    lambda lab: lab.add_switch("S") and lab.add_switch("S"),
    lambda lab: lab.connect("nohost", "S"),
    lambda lab: lab.connect("host", "noswitch"),
    lambda lab: lab.connect("host", "S", ifname="x" * 16),
    lambda lab: lab.connect("host", "S", ifname="lo"),
    lambda lab: lab.host("nobody"),
    lambda lab: lab.switch("nobody"),
    lambda lab: Lab(backend="bogus"),
])
def test_bad_arguments_raise_value_error(call):
    lab = Lab()
    lab.add_switch("S")
    before = lab.run("ip -d addr; ip link").stdout
    with pytest.raises(ValueError):
        call(lab)
    assert lab.run("ip -d addr; ip link").stdout == before


def test_objects_of_another_lab_are_refused():
    lab1, lab2 = Lab(), Lab()
    a = lab1.add_host("A")
    lab2.add_host("A")
    sw = lab2.add_switch("S")
    with pytest.raises(ValueError):
        lab2.connect(a, sw)


def test_context_manager_closes():
    with Lab() as lab:
        lab.add_host("A")
    with pytest.raises(ValueError):
        lab.run("ip link")


def test_seeded_macs_repeat():
    def macs(seed):
        lab = Lab(seed=seed)
        lab.add_host("A"); lab.add_switch("S"); lab.connect("A", "S")
        return lab.host("A").run("ip link show eth0").stdout
    assert macs(1) == macs(1)
    assert macs(1) != macs(2)
