"""CNI: the protocol (env, errors, VERSION), host-local allocations on disk, bridge ADD/DEL through the runtime."""
from __future__ import annotations

import hashlib
import json
import re

from course_lib import Lab
from course_lib.cni import protocol, runtime
from course_lib.cni.plugins import PLUGINS
from course_lib.shell.fs import get_fs

CONFLIST = {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
    {"type": "bridge", "bridge": "cni0", "isGateway": True, "ipMasq": True,
     "ipam": {"type": "host-local", "subnet": "10.22.0.0/16", "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": True}}]}


def _host():
    lab = Lab()
    machine = lab.network.machines["host"]
    runtime.install(machine)
    get_fs(machine).write("/etc/cni/net.d/10-mynet.conflist", json.dumps(CONFLIST))
    return lab, machine


def test_chain_names_match_the_plugins_utils() -> None:
    name = protocol.chain_name("mynet", "abc")
    assert name.startswith("CNI-") and len(name) == 28
    assert protocol.chain_name("mynet", "abc", "DN-").startswith("CNI-DN-")
    assert protocol.comment("mynet", "abc") == 'name: "mynet" id: "abc"'


def test_version_and_missing_env_errors() -> None:
    lab, machine = _host()
    from course_lib.shell.context import ExecContext
    ctx = ExecContext(machine=machine, netns=machine.root, env={"CNI_COMMAND": "VERSION"}, lab=lab)
    out = PLUGINS["bridge"](ctx, ["bridge"], "{}")
    assert out.returncode == 0 and "1.0.0" in json.loads(out.stdout)["supportedVersions"]
    bad = PLUGINS["bridge"](ctx.derive(env={"CNI_COMMAND": "ADD"}), ["bridge"], json.dumps(CONFLIST["plugins"][0]))
    doc = json.loads(bad.stdout)
    assert bad.returncode == 1 and doc["code"] == protocol.INVALID_ENV
    assert "CNI_CONTAINERID" in doc["msg"]


def test_bridge_add_and_del_through_the_runtime() -> None:
    lab, machine = _host()
    assert lab.run("ip netns add red").returncode == 0
    from course_lib.shell.context import ExecContext
    ctx = ExecContext(machine=machine, netns=machine.root, lab=lab)
    result = runtime.add(ctx, "c1", "/var/run/netns/red",
                         runtime_config={"portMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp"}]})
    assert result["ips"][0]["address"] == "10.22.0.2/16" and result["ips"][0]["gateway"] == "10.22.0.1"
    assert [i["name"] for i in result["interfaces"]][0] == "cni0"
    assert "inet 10.22.0.2/16" in lab.run("ip -n red addr show eth0").stdout
    assert "inet 10.22.0.1/16" in lab.run("ip addr show cni0").stdout
    fs = get_fs(machine)
    assert fs.read("/var/lib/cni/networks/mynet/10.22.0.2") == "c1\r\neth0"
    assert fs.read("/var/lib/cni/networks/mynet/last_reserved_ip.0") == "10.22.0.2"
    nat = lab.run("iptables -t nat -S").stdout
    chain = protocol.chain_name("mynet", "c1")
    assert "-A POSTROUTING -s 10.22.0.2/32 -m comment --comment" in nat and f"-j {chain}" in nat
    assert "--to-destination 10.22.0.2:80" in nat
    second = runtime.add(ctx, "c2", "/var/run/netns/red", ifname="eth1")
    assert second["ips"][0]["address"] == "10.22.0.3/16"
    runtime.delete(ctx, "c1", "/var/run/netns/red")
    assert not fs.exists("/var/lib/cni/networks/mynet/10.22.0.2")
    assert "eth0" not in lab.run("ip -n red link").stdout


def test_pod_sandbox_lifecycle() -> None:
    from course_lib.cni.sandbox import run_pod_sandbox, stop_pod_sandbox
    from course_lib.shell.context import ExecContext
    lab, machine = _host()
    ctx = ExecContext(machine=machine, netns=machine.root, lab=lab)
    sb = run_pod_sandbox(ctx, hostname="web")
    assert sb.ip == "10.22.0.2" and sb.netns_name.startswith("cni-")
    assert sb.netns_name in lab.run("ip netns").stdout
    pod = ctx.derive(machine=sb.box, netns=sb.box.root)
    assert "inet 10.22.0.2/16" in pod.run_argv(["ip", "addr", "show", "eth0"]).stdout
    stop_pod_sandbox(ctx, sb)
    assert lab.run("ip netns").stdout == ""
    assert not get_fs(machine).exists("/var/lib/cni/networks/mynet/10.22.0.2")


def test_plugins_speak_like_skel() -> None:
    lab, machine = _host()
    r = lab.run("/opt/cni/bin/bridge")
    assert (r.stdout, r.returncode) == ("", 0)
    assert r.stderr == ("CNI bridge plugin v1.5.1\nCNI protocol versions supported: "
                        "0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0\n")
    r = lab.run("CNI_COMMAND=VERSION /opt/cni/bin/host-local")
    assert r.stdout.startswith('{"cniVersion":"1.1.0","supportedVersions":["0.1.0"')
    r = lab.run("CNI_COMMAND=ADD CNI_CONTAINERID=x CNI_NETNS=/var/run/netns/x CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin "
                "/opt/cni/bin/bridge", stdin='{"cniVersion": "1.0.0"}')
    assert r.returncode == 1 and json.loads(r.stdout) == {"code": 7, "msg": "missing network name"}
    r = lab.run("CNI_COMMAND=ADD /opt/cni/bin/bridge", stdin="{}")
    assert json.loads(r.stdout)["msg"] == "required env variables [CNI_CONTAINERID,CNI_NETNS,CNI_IFNAME,CNI_PATH] missing"


def test_bridge_add_leaves_what_the_real_plugin_leaves() -> None:
    """Checked against containernetworking-plugins 1.1.1 in a private netns (same conf, same commands)."""
    lab, machine = _host()
    lab.run("ip netns add red")
    conf = json.dumps({**CONFLIST["plugins"][0], "cniVersion": "1.0.0", "name": "mynet"})
    env = "CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_NETNS=/var/run/netns/red CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin"
    r = lab.run(f"{env} /opt/cni/bin/bridge", stdin=conf)
    doc = json.loads(r.stdout)
    assert r.returncode == 0 and not r.stdout.endswith("\n")
    assert list(doc) == ["cniVersion", "interfaces", "ips", "routes", "dns"]
    assert doc["ips"] == [{"interface": 2, "address": "10.22.0.2/16", "gateway": "10.22.0.1"}]
    assert doc["routes"] == [{"dst": "0.0.0.0/0"}]
    host_veth = doc["interfaces"][1]["name"]
    assert re.fullmatch(r"veth[0-9a-f]{8}", host_veth)
    assert f"3: {host_veth}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master cni0 state UP " \
           "mode DEFAULT group default \n" in lab.run("ip link").stdout
    assert "2: eth0@if3: " in lab.run("ip -n red link").stdout
    assert "inet 10.22.0.2/16 brd 10.22.255.255 scope global eth0" in lab.run("ip -n red addr").stdout
    assert "-N CNI-f0bca4ac77cde1bf2f3da5df" in lab.run("iptables -t nat -S").stdout
    again = lab.run(f"{env} /opt/cni/bin/bridge", stdin=conf)
    assert json.loads(again.stdout) == {"code": 999, "msg": "container veth name provided (eth0) already exists"}


def test_cnitool_runs_a_named_network() -> None:
    lab, machine = _host()
    lab.run("ip netns add red")
    r = lab.run("cnitool add mynet /var/run/netns/red")
    assert (r.stderr, r.returncode) == ('plugin type="bridge" failed (add): failed to find plugin "bridge" in path []\n', 1)
    r = lab.run("CNI_PATH=/opt/cni/bin cnitool add nonet /var/run/netns/red")
    assert r.stderr == 'no net configuration with name "nonet" in /etc/cni/net.d\n'
    r = lab.run("CNI_PATH=/opt/cni/bin cnitool add mynet /var/run/netns/red")
    assert r.returncode == 0 and json.loads(r.stdout)["ips"][0]["address"] == "10.22.0.2/16"
    cid = "cnitool-" + hashlib.sha512(b"/var/run/netns/red").hexdigest()[:20]
    assert lab.run("cat /var/lib/cni/networks/mynet/10.22.0.2").stdout == f"{cid}\r\neth0"
    assert "1: lo: <LOOPBACK> " in lab.run("ip -n red link").stdout          # libcni adds no loopback
    r = lab.run("CNI_PATH=/opt/cni/bin cnitool add mynet /var/run/netns/red")
    assert r.stderr == 'plugin type="bridge" failed (add): container veth name provided (eth0) already exists\n'
    assert lab.run("CNI_PATH=/opt/cni/bin cnitool del mynet /var/run/netns/red").returncode == 0
    assert lab.run("ls /var/lib/cni/networks/mynet").stdout.split() == ["last_reserved_ip.0", "lock"]


def test_check_verifies_the_attachment() -> None:
    lab, machine = _host()
    lab.run("ip netns add red")
    from course_lib.shell.context import ExecContext
    ctx = ExecContext(machine=machine, netns=machine.root, lab=lab)
    result = runtime.add(ctx, "c1", "/var/run/netns/red")
    runtime.check(ctx, "c1", "/var/run/netns/red", prev=result)          # all there: no error
    lab.run("ip -n red addr flush dev eth0")
    try:
        runtime.check(ctx, "c1", "/var/run/netns/red", prev=result)
    except protocol.CniError as exc:
        assert str(exc) == "Failed to match addr 10.22.0.2/16 on interface eth0"
    else:
        raise AssertionError("CHECK should fail once the address is gone")
