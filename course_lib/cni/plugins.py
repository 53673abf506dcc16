"""The reference plugins as executables of /opt/cni/bin: bridge, host-local, loopback and portmap.

Each is `fn(ctx, argv, stdin) -> CommandResult`, reads CNI_* from ctx.env and the config from stdin,
and changes the machine with the command lines the real plugins' netlink/iptables calls amount to.
"""
from __future__ import annotations

import ipaddress
import json
from typing import Any, Callable, Iterator, Optional

from course_lib.backends.stack import RouteSpec
from course_lib.cni import protocol
from course_lib.cni.netconf import decode_error
from course_lib.cni.protocol import CniError, dump
from course_lib.result import CommandResult

Plugin = Callable[[Any, list[str], str], CommandResult]


def _sh(ctx: Any, argv: list[str], check: bool = True) -> CommandResult:
    result = ctx.run_argv(argv, "")
    if check and result.returncode:
        raise CniError(protocol.INTERNAL, result.stderr.strip() or f"{argv[0]} failed")
    return result


def plugin(name: str, body: Callable[[Any, str, dict[str, Any], dict[str, str]], Optional[dict[str, Any]]]
           ) -> Plugin:
    """Wrap a plugin body with the protocol (skel): env checks, VERSION, config parsing, error JSON."""
    def run(ctx: Any, argv: list[str], stdin: str) -> CommandResult:
        env = ctx.env
        version = "1.0.0"
        if not env.get("CNI_COMMAND"):
            return CommandResult("", protocol.about(name), 0)
        try:
            command = protocol.check_env(env)
            if command == "VERSION":
                return CommandResult(json.dumps(protocol.version_result(), separators=(",", ":")) + "\n", "", 0)
            conf = protocol.parse_config(stdin)
            version = conf.get("cniVersion", version)
            if command in ("STATUS", "GC"):          # 1.1: ready, and nothing leaked to collect
                return CommandResult("", "", 0)
            bad = decode_error(name, conf, command)  # the Go struct the plugin decodes its config into
            if bad is not None:
                raise CniError(protocol.INTERNAL, bad)
            out = body(ctx, command, conf, env)
            return CommandResult(dump(protocol.normalise(out, version)) if out is not None else "", "", 0)
        except CniError as exc:
            exc.version = version
            return exc.result()
    return run


def _netns_ctx(ctx: Any, path: str) -> Any:
    netns = protocol.netns_of(ctx, path)
    if netns is None:
        raise CniError(protocol.INTERNAL, f"failed to open netns \"{path}\": failed to Statfs "
                       f"\"{path}\": no such file or directory")
    return ctx.derive(netns=netns, netns_name=None)


# ---- host-local ---------------------------------------------------------------------------------
def _ranges(ipam: dict[str, Any]) -> list[dict[str, Any]]:
    if "ranges" in ipam and ipam["ranges"]:
        for i, rangeset in enumerate(ipam["ranges"]):     # RangeSet.Canonicalize
            if not rangeset:
                raise CniError(protocol.INTERNAL, f"invalid range set {i}: empty range set")
        return [r for rangeset in ipam["ranges"] for r in rangeset][:1]
    if "subnet" in ipam:
        return [{k: ipam[k] for k in ("subnet", "rangeStart", "rangeEnd", "gateway") if k in ipam}]
    raise CniError(protocol.INTERNAL, "no IP ranges specified")     # a plain error: skel makes it 999


def _fs(ctx: Any) -> Any:
    from course_lib.shell.fs import get_fs
    return get_fs(ctx.machine)


def host_local(ctx: Any, command: str, conf: dict[str, Any], env: dict[str, str]) -> Optional[dict[str, Any]]:
    ipam = conf.get("ipam") or {}
    store = (ipam.get("dataDir") or "/var/lib/cni/networks").rstrip("/") + "/" + conf.get("name", "")
    fs = _fs(ctx)
    cid, ifname = env.get("CNI_CONTAINERID", ""), env.get("CNI_IFNAME", "")
    if command == "DEL":
        if fs.exists(store):
            for entry in fs.listdir(store):
                path = f"{store}/{entry}"
                if entry not in ("lock",) and not entry.startswith("last_reserved_ip") and \
                        fs.read(path).split("\r\n")[0].strip() == cid:
                    fs.remove(path)
        return None
    rng = _ranges(ipam)[0]
    subnet = ipaddress.IPv4Network(rng["subnet"], strict=False)
    gateway = ipaddress.IPv4Address(rng.get("gateway") or str(subnet.network_address + 1))
    start = ipaddress.IPv4Address(rng.get("rangeStart") or str(subnet.network_address + 1))
    end = ipaddress.IPv4Address(rng.get("rangeEnd") or str(subnet.broadcast_address - 1))
    if not fs.exists(store):
        fs.mkdir(store, parents=True)
    if not fs.exists(store + "/lock"):
        fs.write(store + "/lock", "", mode=0o750)
    taken = set(fs.listdir(store))
    if command == "CHECK":
        if not any(fs.read(f"{store}/{e}").split("\r\n")[0] == cid for e in taken
                   if e != "lock" and not e.startswith("last_reserved_ip")):
            raise CniError(protocol.INTERNAL, f"host-local: Failed to find address added by container {cid}")
        return None
    for entry in taken:
        path = f"{store}/{entry}"
        if not entry.startswith("last_") and entry != "lock" and fs.read(path) == f"{cid}\r\n{ifname}":
            raise CniError(protocol.INTERNAL, f"failed to allocate for range 0: {entry} has been allocated "
                           f"to {cid}, duplicate allocation is not allowed")
    last_path = store + "/last_reserved_ip.0"
    last = ipaddress.IPv4Address(fs.read(last_path).strip()) if fs.exists(last_path) else None
    wanted = protocol.parse_args(env.get("CNI_ARGS", "")).get("IP")
    choice = None
    for candidate in ([ipaddress.IPv4Address(wanted)] if wanted else _pool(start, end, last)):
        if candidate != gateway and str(candidate) not in taken:
            choice = candidate
            break
    if choice is None:
        raise CniError(protocol.INTERNAL, f"failed to allocate for range 0: no IP addresses available in "
                       f"range set: {start}-{end}")
    fs.write(f"{store}/{choice}", f"{cid}\r\n{ifname}")
    fs.write(last_path, str(choice))
    return {"cniVersion": conf.get("cniVersion", "1.0.0"),
            "ips": [{"address": f"{choice}/{subnet.prefixlen}", "gateway": str(gateway)}],
            "routes": ipam.get("routes", []), "dns": {}}


def _pool(start: ipaddress.IPv4Address, end: ipaddress.IPv4Address,
          last: Optional[ipaddress.IPv4Address]) -> Iterator[ipaddress.IPv4Address]:
    """The range's addresses in allocation order: from the one after the last reserved, wrapping round
    (made one at a time: the first free one usually comes at once)."""
    lo, hi = int(start), int(end)
    first = int(last) + 1 if last is not None and lo <= int(last) <= hi else lo
    for i in range(first, hi + 1):
        yield ipaddress.IPv4Address(i)
    for i in range(lo, first):
        yield ipaddress.IPv4Address(i)


# ---- loopback ------------------------------------------------------------------------------------
def loopback(ctx: Any, command: str, conf: dict[str, Any], env: dict[str, str]) -> Optional[dict[str, Any]]:
    if command == "DEL" and not env.get("CNI_NETNS"):
        return None
    ns_ctx = _netns_ctx(ctx, env["CNI_NETNS"])
    if command == "ADD":
        _sh(ns_ctx, ["ip", "link", "set", "lo", "up"])
        return {"cniVersion": conf.get("cniVersion", "1.0.0"),
                "interfaces": [{"name": "lo", "mac": "00:00:00:00:00:00", "sandbox": env["CNI_NETNS"]}],
                "ips": [{"interface": 0, "address": "127.0.0.1/8"}, {"interface": 0, "address": "::1/128"}],
                "dns": {}}
    if command == "DEL":
        _sh(ns_ctx, ["ip", "link", "set", "lo", "down"], check=False)
    return None


# ---- bridge --------------------------------------------------------------------------------------
def delegate_ipam(ctx: Any, conf: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    from course_lib.cni.runtime import exec_plugin
    ipam_type = (conf.get("ipam") or {}).get("type")
    if not ipam_type:                             # isLayer3 false: a layer-2 bridge, no addresses (plugins >= 1.1)
        return {}
    return exec_plugin(ctx, ipam_type, env, json.dumps(conf)) or {}


def _netlink(ctx: Any, call: Callable[[Any], None], check: bool = True) -> None:
    """One netlink request of the real plugin (vishvananda/netlink), made on the netns's NetStack: the
    kernel's answer becomes the plugin's error (as `ip` would print it)."""
    from course_lib.result import CommandError
    from course_lib.shell.ip.main import current_stack
    try:
        call(current_stack(ctx))
    except CommandError as exc:
        if check:
            raise CniError(protocol.INTERNAL, exc.message.strip()) from None


def _random_veth(ctx: Any) -> str:
    return "veth" + f"{ctx.machine.network.random().getrandbits(32):08x}"


def bridge(ctx: Any, command: str, conf: dict[str, Any], env: dict[str, str]) -> Optional[dict[str, Any]]:
    name = conf.get("bridge") or "cni0"
    cid, ifname, netns_path = env.get("CNI_CONTAINERID", ""), env.get("CNI_IFNAME", "eth0"), env.get("CNI_NETNS", "")
    if command == "DEL":
        delegate_ipam(ctx, conf, env)
        if netns_path and protocol.netns_of(ctx, netns_path) is not None:
            ns_ctx = _netns_ctx(ctx, netns_path)
            if ns_ctx.netns.link_by_name(ifname) is not None:
                _sh(ns_ctx, ["ip", "link", "del", ifname], check=False)
        if conf.get("ipMasq"):
            chain = protocol.chain_name(conf.get("name", ""), cid)
            for line in _sh(ctx, ["iptables", "-t", "nat", "-S", "POSTROUTING"], check=False).stdout.splitlines():
                if f"-j {chain}" in line:
                    _sh(ctx, ["iptables", "-t", "nat", "-D", "POSTROUTING", *_split(line)[2:]], check=False)
            _sh(ctx, ["iptables", "-t", "nat", "-F", chain], check=False)
            _sh(ctx, ["iptables", "-t", "nat", "-X", chain], check=False)
        return None
    if command == "CHECK":
        _check_bridge(ctx, conf, env, name)
        return None
    ns_ctx = _netns_ctx(ctx, netns_path)
    if ns_ctx.netns.link_by_name(ifname) is not None:
        raise CniError(protocol.INTERNAL, f"container veth name provided ({ifname}) already exists")
    if ctx.netns.link_by_name(name) is None:
        _sh(ctx, ["ip", "link", "add", name, "type", "bridge"])
        ctx.netns.link_by_name(name).mac_set = True    # keeps its own address as ports come and go
    _netlink(ctx, lambda st: st.link_set(name, up=True))
    host_veth = _random_veth(ctx)
    # ip.SetupVeth: one netlink request in the container netns, its peer made directly in the host's
    from course_lib.net import links
    for end in links.create_veth(ns_ctx.netns, ifname, host_veth, peer_netns=ctx.netns):
        end.txqlen = 0                            # netlink veths of the plugin: no queue length
    _netlink(ns_ctx, lambda st: st.link_set(ifname, up=True))
    _netlink(ctx, lambda st: st.link_set(host_veth, master=name))
    _netlink(ctx, lambda st: st.link_set(host_veth, up=True))
    # hairpinMode: the port's hairpin flag (IFLA_BRPORT_MODE), which the model's bridge does not keep
    ipam = delegate_ipam(ctx, conf, env)
    ips = ipam.get("ips", [])
    routes = list(ipam.get("routes", []))
    for ip in ips:
        ip["interface"] = 2
        iface = ipaddress.ip_interface(ip["address"])
        brd = str(iface.network.broadcast_address) if iface.version == 4 and iface.network.prefixlen < 31 else None
        _netlink(ns_ctx, lambda st: st.addr_add(ifname, str(iface.ip), iface.network.prefixlen, broadcast=brd))
    gw = ips[0].get("gateway") if ips else None
    if conf.get("isDefaultGateway") and gw:
        routes = [r for r in routes if r.get("dst") != "0.0.0.0/0"] + [{"dst": "0.0.0.0/0", "gw": gw}]
    for route in routes:
        dst = route["dst"] if "/" in route["dst"] else route["dst"] + "/32"
        via = route.get("gw") or gw
        spec = RouteSpec(dst=dst, gateway=via) if via else RouteSpec(dst=dst, dev=ifname)
        _netlink(ns_ctx, lambda st: st.route_add(spec), check=False)
    if (conf.get("isGateway") or conf.get("isDefaultGateway")) and gw and ips:
        prefix = ips[0]["address"].split("/")[1]
        if not _has_address(ctx.netns, name, gw):
            _sh(ctx, ["ip", "addr", "add", f"{gw}/{prefix}", "brd", "+", "dev", name])
        ctx.netns.sysctls["net.ipv4.ip_forward"] = "1"
    if conf.get("ipMasq"):
        _masquerade(ctx, conf.get("name", ""), cid, ips)
    host_link = ctx.netns.link_by_name(host_veth)
    box_link = ns_ctx.netns.link_by_name(ifname)
    bridge_link = ctx.netns.link_by_name(name)
    return {"cniVersion": conf.get("cniVersion", "1.0.0"),
            "interfaces": [{"name": name, "mac": bridge_link.mac if bridge_link else ""},
                           {"name": host_veth, "mac": host_link.mac if host_link else ""},
                           {"name": ifname, "mac": box_link.mac if box_link else "", "sandbox": netns_path}],
            "ips": ips, "routes": routes, "dns": ipam.get("dns", {})}


def _has_address(netns: Any, dev: str, ip: str) -> bool:
    """netlink.AddrList(bridge, V4) holds ip: the gateway is on the bridge already (its first pod made it)."""
    link = netns.link_by_name(dev)
    return any(a.link is link and a.family == 4 and str(a.interface.ip) == ip for a in netns.addresses)


def _check_bridge(ctx: Any, conf: dict[str, Any], env: dict[str, str], bridge_name: str) -> None:
    """cmdCheck: IPAM's CHECK, then the container interface, its addresses and routes against prevResult."""
    ifname, netns_path = env.get("CNI_IFNAME", ""), env.get("CNI_NETNS", "")
    if protocol.netns_of(ctx, netns_path) is None:
        raise CniError(protocol.INTERNAL, f'failed to open netns "{netns_path}": failed to Statfs "{netns_path}": '
                       "no such file or directory")
    delegate_ipam(ctx, conf, env)
    prev = conf.get("prevResult")
    if not prev:
        raise CniError(protocol.INTERNAL, "required prevResult missing")
    sandbox = next((i.get("sandbox", "") for i in prev.get("interfaces", []) if i.get("name") == ifname
                    and i.get("sandbox") == netns_path), "")
    if sandbox != netns_path:
        raise CniError(protocol.INTERNAL, f"Sandbox in prevResult {sandbox} doesn't match configured netns: "
                       f"{netns_path}")
    if ctx.netns.link_by_name(bridge_name) is None:
        raise CniError(protocol.INTERNAL, f"Error: Bridge name {bridge_name} not found")
    ns = protocol.netns_of(ctx, netns_path)
    link = ns.link_by_name(ifname)
    if link is None:
        raise CniError(protocol.INTERNAL, f"Error: Container Interface name in prevResult: {ifname} not found")
    have = {f"{a.interface.ip}/{a.interface.network.prefixlen}" for a in ns.addresses if a.link is link}
    for ip in prev.get("ips", []):
        if ip["address"] not in have:
            raise CniError(protocol.INTERNAL, f"Failed to match addr {ip['address']} on interface {ifname}")


def _split(line: str) -> list[str]:
    import shlex
    return shlex.split(line)


def _masquerade(ctx: Any, network: str, cid: str, ips: list[dict[str, Any]]) -> None:
    """ip.SetupIPMasq: a per-container chain, ACCEPT to its own subnet, MASQUERADE the rest but multicast."""
    chain, note = protocol.chain_name(network, cid), protocol.comment(network, cid)
    _sh(ctx, ["iptables", "-t", "nat", "-N", chain], check=False)
    for ip in ips:
        iface = ipaddress.IPv4Interface(ip["address"])
        _sh(ctx, ["iptables", "-t", "nat", "-A", chain, "-d", str(iface.network), "-m", "comment", "--comment",
                  note, "-j", "ACCEPT"], check=False)
        _sh(ctx, ["iptables", "-t", "nat", "-A", chain, "!", "-d", "224.0.0.0/4", "-m", "comment", "--comment",
                  note, "-j", "MASQUERADE"], check=False)
        _sh(ctx, ["iptables", "-t", "nat", "-A", "POSTROUTING", "-s", f"{iface.ip}/32", "-m", "comment",
                  "--comment", note, "-j", chain], check=False)


# ---- portmap -------------------------------------------------------------------------------------
def portmap(ctx: Any, command: str, conf: dict[str, Any], env: dict[str, str]) -> Optional[dict[str, Any]]:
    prev = conf.get("prevResult") or {}
    cid, network = env.get("CNI_CONTAINERID", ""), conf.get("name", "")
    dn_chain = protocol.chain_name(network, cid, "DN-")
    nat = ["iptables", "-t", "nat"]
    if command == "DEL":
        for line in _sh(ctx, nat + ["-S", "CNI-HOSTPORT-DNAT"], check=False).stdout.splitlines():
            if f"-j {dn_chain}" in line:
                _sh(ctx, nat + ["-D", "CNI-HOSTPORT-DNAT", *_split(line)[2:]], check=False)
        _sh(ctx, nat + ["-F", dn_chain], check=False)
        _sh(ctx, nat + ["-X", dn_chain], check=False)
        return None
    mappings = (conf.get("runtimeConfig") or {}).get("portMappings") or []
    for m in mappings:                      # parseConfig rejects invalid port numbers before anything is done
        for key, what in (("containerPort", "container"), ("hostPort", "host")):
            if (m.get(key) or 0) <= 0:
                wrap = "" if command == "CHECK" else "failed to parse config: "
                raise CniError(protocol.INTERNAL, f"{wrap}Invalid {what} port number: {m.get(key) or 0}")
    if command == "CHECK":
        if not prev:
            raise CniError(protocol.INTERNAL, "Required prevResult missing")
        if mappings and f"-N {dn_chain}" not in _sh(ctx, nat + ["-S"], check=False).stdout:
            raise CniError(protocol.INTERNAL, f"could not check ipv4 dnat: chain {dn_chain} does not exist")
        return None
    if not mappings:
        return prev
    addresses = [ipaddress.IPv4Interface(ip["address"]) for ip in prev.get("ips") or []
                 if ip and ":" not in (ip.get("address") or ":")]     # no address: a zero IPNet, skipped
    if not addresses:
        return prev
    cip = addresses[0]
    existing = _sh(ctx, nat + ["-S"], check=False).stdout
    if "-N CNI-HOSTPORT-SETMARK" not in existing:
        _sh(ctx, nat + ["-N", "CNI-HOSTPORT-SETMARK"])
        _sh(ctx, nat + ["-A", "CNI-HOSTPORT-SETMARK", "-m", "comment", "--comment", "CNI portfwd masquerade mark",
                        "-j", "MARK", "--set-xmark", "0x2000/0x2000"])
        _sh(ctx, nat + ["-N", "CNI-HOSTPORT-MASQ"])
        _sh(ctx, nat + ["-A", "CNI-HOSTPORT-MASQ", "-m", "mark", "--mark", "0x2000/0x2000", "-j", "MASQUERADE"])
        _sh(ctx, nat + ["-I", "POSTROUTING", "-m", "comment", "--comment", "CNI portfwd requiring masquerade",
                        "-j", "CNI-HOSTPORT-MASQ"])
        _sh(ctx, nat + ["-N", "CNI-HOSTPORT-DNAT"])
        for hook in ("PREROUTING", "OUTPUT"):
            _sh(ctx, nat + ["-A", hook, "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"])
    _sh(ctx, nat + ["-N", dn_chain], check=False)
    by_proto: dict[str, list[str]] = {}
    for m in mappings:
        by_proto.setdefault(m.get("protocol", "tcp"), []).append(str(m["hostPort"]))
    note = f'dnat name: "{network}" id: "{cid}"'
    for proto in sorted(by_proto):
        _sh(ctx, nat + ["-I", "CNI-HOSTPORT-DNAT", "-p", proto, "-m", "comment", "--comment", note, "-m",
                        "multiport", "--dports", ",".join(by_proto[proto]), "-j", dn_chain])
    for m in mappings:
        proto, hport, cport = m.get("protocol", "tcp"), str(m["hostPort"]), str(m["containerPort"])
        base = ["-A", dn_chain, "-p", proto, "-m", proto, "--dport", hport]
        _sh(ctx, nat + ["-A", dn_chain, "-s", str(cip.network), "-p", proto, "-m", proto, "--dport", hport,
                        "-j", "CNI-HOSTPORT-SETMARK"])
        _sh(ctx, nat + ["-A", dn_chain, "-s", "127.0.0.1/32", "-p", proto, "-m", proto, "--dport", hport,
                        "-j", "CNI-HOSTPORT-SETMARK"])
        _sh(ctx, nat + base + ["-j", "DNAT", "--to-destination", f"{cip.ip}:{cport}"])
    return prev


PLUGINS: dict[str, Plugin] = {"bridge": plugin("bridge", bridge), "host-local": plugin("host-local", host_local),
                              "loopback": plugin("loopback", loopback), "portmap": plugin("portmap", portmap)}
