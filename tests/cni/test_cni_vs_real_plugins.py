"""The simulated bridge and portmap plugins against the rules the real plugins left for the same calls."""
from __future__ import annotations

import json
from pathlib import Path

from course_lib import Lab
from course_lib.cni import runtime

REAL = Path(__file__).parent / "real"
BRIDGE = {"cniVersion": "1.0.0", "name": "mynet", "type": "bridge", "bridge": "cni0", "isGateway": True,
          "ipMasq": True, "ipam": {"type": "host-local", "subnet": "10.22.0.0/16", "routes": [{"dst": "0.0.0.0/0"}]}}
PORTMAP = {"cniVersion": "1.0.0", "name": "mynet", "type": "portmap", "capabilities": {"portMappings": True},
           "runtimeConfig": {"portMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp"}]},
           "prevResult": {"cniVersion": "1.0.0", "interfaces": [{"name": "eth0", "sandbox": "/var/run/netns/red"}],
                          "ips": [{"address": "10.22.0.2/16", "gateway": "10.22.0.1", "interface": 0}]}}
ENV = "CNI_COMMAND={} CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin"


def test_nat_rules_equal_the_real_plugins() -> None:
    lab = Lab()
    runtime.install(lab.network.machines["host"])
    lab.run("ip netns add red")
    assert lab.run(f"{ENV.format('ADD')} /opt/cni/bin/bridge", stdin=json.dumps(BRIDGE)).returncode == 0
    out = lab.run(f"{ENV.format('ADD')} /opt/cni/bin/portmap", stdin=json.dumps(PORTMAP))
    assert out.returncode == 0 and json.loads(out.stdout)["dns"] == {}
    assert lab.run("iptables -t nat -S").stdout == (REAL / "nat_after_bridge_and_portmap.txt").read_text()
    assert lab.run("cat /proc/sys/net/ipv4/ip_forward").stdout == "1\n"
    assert lab.run(f"{ENV.format('DEL')} /opt/cni/bin/portmap", stdin=json.dumps(PORTMAP)).returncode == 0
    assert lab.run(f"{ENV.format('DEL')} /opt/cni/bin/bridge", stdin=json.dumps(BRIDGE)).returncode == 0
    nat = lab.run("iptables -t nat -S").stdout
    assert "CNI-DN-" not in nat and "CNI-f0bca4ac" not in nat and "-N CNI-HOSTPORT-DNAT" in nat
    assert lab.run("ls /var/lib/cni/networks/mynet").stdout.split() == ["last_reserved_ip.0", "lock"]
