"""The bridge plugin without an `ipam` section is a layer-2 bridge (isLayer3 false, plugins >= 1.1): ADD makes the
bridge and the veth and returns no addresses; DEL removes the veth (found by tests/shell/test_client_tools_fuzz.py,
where it failed with an IPAM error after making the links)."""
from __future__ import annotations

import json

from course_lib import Lab
from course_lib.cni import runtime

ENV = "CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin"
CONF = '{"cniVersion": "1.0.0", "name": "l2", "type": "bridge", "bridge": "br9"}'


def test_layer2_add_and_del() -> None:
    lab = Lab()
    runtime.install(lab.network.machines["host"])
    assert lab.run("ip netns add red").returncode == 0
    r = lab.run(f"CNI_COMMAND=ADD {ENV} /opt/cni/bin/bridge", CONF)
    assert r.returncode == 0, r.stdout
    doc = json.loads(r.stdout)
    assert "ips" not in doc and [i["name"] for i in doc["interfaces"]][::2] == ["br9", "eth0"]
    assert "inet " not in lab.run("ip -n red addr show eth0").stdout
    assert "master br9" in lab.run("ip link show " + doc["interfaces"][1]["name"]).stdout
    assert lab.run(f"CNI_COMMAND=DEL {ENV} /opt/cni/bin/bridge", CONF).returncode == 0
    assert "eth0" not in lab.run("ip -n red link").stdout


def test_host_local_config_error_is_a_plain_error() -> None:
    """host-local's LoadIPAMConfig errors are plain Go errors: skel reports them with code 999."""
    lab = Lab()
    runtime.install(lab.network.machines["host"])
    conf = '{"cniVersion": "1.0.0", "name": "n", "type": "host-local", "ipam": {"type": "host-local"}}'
    r = lab.run(f"CNI_COMMAND=ADD {ENV} /opt/cni/bin/host-local", conf)
    assert r.returncode == 1 and json.loads(r.stdout) == {"code": 999, "msg": "no IP ranges specified"}


def test_host_local_empty_range_set() -> None:
    lab = Lab()
    runtime.install(lab.network.machines["host"])
    conf = '{"cniVersion": "1.0.0", "name": "n", "type": "host-local", "ipam": {"type": "host-local", "ranges": [[]]}}'
    r = lab.run(f"CNI_COMMAND=ADD {ENV} /opt/cni/bin/host-local", conf)
    assert r.returncode == 1 and json.loads(r.stdout) == {"code": 999, "msg": "invalid range set 0: empty range set"}
