"""A learner's own plugin: a bash script in /opt/cni/bin doing the seed's steps, called by the runtime."""
from __future__ import annotations

import json

from course_lib import Lab
from course_lib.cni import runtime
from course_lib.shell.context import ExecContext

NET_SCRIPT = r"""#!/bin/bash
# net-script: bridge, veth pair, one end in the netns, the other on the bridge, addresses, up
case $CNI_COMMAND in
ADD)
  ns=$(basename $CNI_NETNS)
  ip link add cni0 type bridge 2>/dev/null
  ip link set cni0 up
  ip addr add 10.244.1.1/24 dev cni0 2>/dev/null
  ip link add veth-$CNI_CONTAINERID type veth peer name $CNI_IFNAME
  ip link set $CNI_IFNAME netns $ns
  ip link set veth-$CNI_CONTAINERID master cni0
  ip link set veth-$CNI_CONTAINERID up
  ip -n $ns addr add 10.244.1.2/24 dev $CNI_IFNAME
  ip -n $ns link set $CNI_IFNAME up
  echo '{"cniVersion": "1.0.0", "ips": [{"address": "10.244.1.2/24", "gateway": "10.244.1.1"}]}'
  ;;
DEL)
  ip link del veth-$CNI_CONTAINERID
  ;;
VERSION)
  echo '{"cniVersion": "1.0.0", "supportedVersions": ["1.0.0"]}'
  ;;
esac
"""


def test_runtime_calls_a_shell_script_plugin() -> None:
    lab = Lab()
    machine = lab.network.machines["host"]
    runtime.install(machine)
    assert lab.run("cat > /opt/cni/bin/net-script && chmod +x /opt/cni/bin/net-script", stdin=NET_SCRIPT).ok
    conflist = {"cniVersion": "1.0.0", "name": "net", "plugins": [{"type": "net-script"}]}
    assert lab.run("cat > /etc/cni/net.d/10-net.conflist", stdin=json.dumps(conflist)).ok
    assert lab.run("ip netns add red").ok
    ctx = ExecContext(machine=machine, netns=machine.root, lab=lab)
    result = runtime.add(ctx, "c1", "/var/run/netns/red")
    assert result["ips"][0]["address"] == "10.244.1.2/24"
    assert "inet 10.244.1.2/24" in lab.run("ip -n red addr show eth0").stdout
    assert "1: lo: <LOOPBACK,UP,LOWER_UP>" in lab.run("ip -n red link").stdout    # the loopback plugin ran too
    assert lab.run("ping -c 1 10.244.1.2").returncode == 0
    runtime.delete(ctx, "c1", "/var/run/netns/red")
    assert "veth-c1" not in lab.run("ip link").stdout
