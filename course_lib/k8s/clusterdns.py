"""Cluster DNS: CoreDNS pods reading the `coredns` ConfigMap's Corefile, and the `kubernetes` plugin's records.

Records follow the Kubernetes DNS specification (cluster-dns spec 1.1.0):
- `svc.ns.svc.<zone>` A: the ClusterIP; headless: one A per ready endpoint (NXDOMAIN with none);
  ExternalName: a CNAME; `hostname.svc.ns.svc.<zone>` for endpoints with a hostname (or dashed IP).
- `_port._proto.svc.ns.svc.<zone>` SRV for named ports; PTR for ClusterIPs and headless endpoints.
- `a-b-c-d.ns.pod.<zone>` (pods insecure); `dns-version.<zone>` TXT "1.1.0"; case-insensitive.
The provider answers only names under the plugin's zones; reverse names it does not know fall through.
"""
from __future__ import annotations

import ipaddress
from typing import Any, Optional

from course_lib.dns.message import RR, Message

Obj = dict[str, Any]
COREFILE = """.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
"""
SYSTEMD_RESOLV = ("# This is /run/systemd/resolve/resolv.conf managed by man:systemd-resolved(8).\n"
                  "# Do not edit.\n#\n# This file might be symlinked as /etc/resolv.conf. If you're looking at\n"
                  "# /etc/resolv.conf and seeing this text, you have followed the symlink.\n#\n"
                  "# This is a dynamic resolv.conf file for connecting local clients directly to\n"
                  "# all known uplink DNS servers. This file lists all configured search domains.\n#\n"
                  "# Third party programs should typically not access this file directly, but only\n"
                  "# through the symlink at /etc/resolv.conf. To manage man:resolv.conf(5) in a\n"
                  "# different way, replace this symlink by a static file or a different symlink.\n#\n"
                  "# See man:systemd-resolved.service(8) for details about the supported modes of\n"
                  "# operation for /etc/resolv.conf.\n\nnameserver 192.168.1.1\nsearch .\n")
# systemd 249's stub file (Ubuntu 22.04), which the node's /etc/resolv.conf links to (bootstrap._node_files)
STUB_RESOLV = ("# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\n"
               "# Do not edit.\n#\n# This file might be symlinked as /etc/resolv.conf. If you're looking at\n"
               "# /etc/resolv.conf and seeing this text, you have followed the symlink.\n#\n"
               "# This is a dynamic resolv.conf file for connecting local clients to the\n"
               "# internal DNS stub resolver of systemd-resolved. This file lists all\n"
               "# configured search domains.\n#\n"
               "# Run \"resolvectl status\" to see details about the uplink DNS servers\n# currently in use.\n#\n"
               "# Third party programs should typically not access this file directly, but only\n"
               "# through the symlink at /etc/resolv.conf. To manage man:resolv.conf(5) in a\n"
               "# different way, replace this symlink by a static file or a different symlink.\n#\n"
               "# See man:systemd-resolved.service(8) for details about the supported modes of\n"
               "# operation for /etc/resolv.conf.\n\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n")


BUILDS = {"1.11.1": "linux/amd64, go1.20.7, ae2bbc2", "1.11.3": "linux/amd64, go1.21.11, a6338e9",
          "1.10.1": "linux/amd64, go1.20, 055b2c3"}


def install(cluster: Any) -> None:
    from course_lib.k8s import containers
    containers.RUNNERS["coredns"] = _run_coredns
    cluster.network.kubernetes_dns_provider = lambda server, zones, options, req: answer(cluster, zones,
                                                                                         options, req)
    cluster.dns_servers = []
    cluster.hooks["node_ready"].append(_node_resolv)
    cluster.store.create({"apiVersion": "v1", "kind": "ConfigMap",
                          "metadata": {"name": "coredns", "namespace": "kube-system"},
                          "data": {"Corefile": COREFILE}}, created_at=cluster.now() + 10)
    cluster.store.watch("ConfigMap", lambda event, obj: _configmap_changed(cluster, event, obj))


def bootstrap(cluster: Any) -> None:
    """The LAN's router at 192.168.1.1 (the nodes' default gateway) with its DNS relay to the offline internet."""
    from course_lib.dns import internet
    from course_lib.dns.transport import bind_udp
    lab = cluster.lab
    if "gateway" in cluster.network.machines:
        return
    lab.add_host("gateway")
    lab.connect("gateway", "lan", "eth0")
    gw = lab.host("gateway")
    gw.run("ip link set eth0 up")
    gw.run("ip addr add 192.168.1.1/24 dev eth0")
    gw.run("ip route add 10.0.0.0/8 via 192.168.1.10")
    bind_udp(cluster.network.machines["gateway"].root, "192.168.1.1", 53, internet.stub_handler, "dnsmasq")


def _node_resolv(cluster: Any, node: Obj) -> None:
    from course_lib.docker.hostops import write_file
    write_file(cluster.machine(node["metadata"]["name"]), "/run/systemd/resolve/resolv.conf", SYSTEMD_RESOLV)


def _corefile(cluster: Any) -> str:
    cm = cluster.store.get("ConfigMap", "kube-system", "coredns")
    return ((cm or {}).get("data") or {}).get("Corefile", "")


def _run_coredns(rc: Any) -> None:
    """The coredns container: /etc/coredns/Corefile from the ConfigMap volume, then `coredns -conf`."""
    from course_lib.docker.hostops import box_context, write_file
    from course_lib.dns.coredns.server import CoreDNSServer
    cluster = rc.cluster
    conf = "/etc/coredns/Corefile"
    if "-conf" in rc.argv[:-1]:
        conf = rc.argv[rc.argv.index("-conf") + 1]
    write_file(rc.box, conf, _corefile(cluster))
    from course_lib.k8s.kubelet import process_env
    ctx = box_context(cluster.context(rc.node), rc.box, process_env(rc.pod, rc.spec, rc), "/")
    server = CoreDNSServer(ctx, conf)
    server.pid = rc.pid
    server.on_log = rc.log
    out, err, code = server.start(_corefile(cluster))
    version = str(rc.spec.get("image", "")).rsplit(":", 1)[-1].lstrip("v")
    for line in (out + err).splitlines():
        if line.startswith("CoreDNS-") and version in BUILDS:      # the image's own version and build
            line = f"CoreDNS-{version}"
        elif line.startswith("linux/amd64, go") and version in BUILDS:
            line = BUILDS[version]
        rc.log(line)
    if code:
        rc.exit(code)
        return
    rc.sockets += [listener for _, listener in server.listeners]
    cluster.dns_servers.append((rc, server))


def _configmap_changed(cluster: Any, event: str, obj: Obj) -> None:
    """The kubelet refreshes the mounted Corefile; the reload plugin then applies it."""
    if obj["metadata"].get("namespace") != "kube-system" or obj["metadata"]["name"] != "coredns":
        return
    from course_lib.docker.hostops import write_file
    text = ((obj.get("data") or {}).get("Corefile") or "") if event != "DELETED" else ""
    for rc, server in list(getattr(cluster, "dns_servers", [])):
        if rc.exit_code is not None or not server.running:
            continue
        write_file(rc.box, server.conf_path, text)
        if any(b.name == "reload" for b in _directives(server.corefile_text)):
            server.reload()


def _directives(text: str) -> list[Any]:
    from course_lib.dns.coredns.corefile import CorefileError, parse
    try:
        return [d for sb in parse(text) for d in sb.directives]
    except (CorefileError, Exception):      # noqa: BLE001 - a broken Corefile has no reload plugin
        return []


# ---- the kubernetes plugin's records ---------------------------------------------------------------
def _dashed(ip: str) -> str:
    return ip.replace(".", "-")


def _ready_endpoints(cluster: Any, svc: Obj) -> list[tuple[str, Optional[str], list[Obj]]]:
    """(address, hostname, the slice's ports) of each ready endpoint address (all with publishNotReadyAddresses)."""
    out = []
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    for es in cluster.store.list("EndpointSlice", ns, {"kubernetes.io/service-name": name}):
        for e in es.get("endpoints") or []:
            if (e.get("conditions") or {}).get("ready", True) or svc["spec"].get("publishNotReadyAddresses"):
                for a in e.get("addresses") or []:
                    out.append((a, e.get("hostname"), es.get("ports") or []))
    return out


def answer(cluster: Any, zones: list[str], options: dict[str, list[str]], req: Any) -> Optional[Message]:
    """The kubernetes plugin's reply (handler.go ServeDNS): records by type, NXDOMAIN for a name error,
    NOERROR with the SOA for no records; None hands a reverse name it does not know on."""
    query: Message = req.query
    qname = query.qname.lower()
    if not qname.endswith("."):
        qname += "."
    ttl = int((options.get("ttl") or ["5"])[0])
    zone = next((z.lower() for z in zones if qname == z.lower() or qname.endswith("." + z.lower())), None)
    if zone is None:
        return None
    if zone.endswith("in-addr.arpa."):
        return _reverse(cluster, query, qname, ttl)
    if zone.endswith("ip6.arpa."):
        return None
    qt = query.qtype
    soa = RR(zone, ttl, "SOA", f"ns.dns.{zone} hostmaster.{zone} 1700000000 7200 1800 86400 {ttl}")
    labels = qname[: -len(zone)].rstrip(".").split(".") if qname != zone else []
    dns_ip = (cluster.store.get("Service", "kube-system", "kube-dns") or {}).get("spec", {}).get("clusterIP")
    records: Optional[list[RR]] = []          # None: a name error (NXDOMAIN)
    extra: list[RR] = []
    if qt == "SOA":                             # plugin.SOA: the zone's SOA whatever the name
        records = [soa]
    elif qt == "NS" and not labels:             # the apex: the DNS service's name and address
        records = [RR(zone, ttl, "NS", f"ns.dns.{zone}")]
        extra = [RR(f"ns.dns.{zone}", ttl, "A", dns_ip)] if dns_ip else []
    elif labels == ["dns-version"]:             # Services(): the only TXT; no other type has it
        records = [RR(qname, 28800, "TXT", '"1.1.0"')] if qt == "TXT" else None
    elif labels == ["ns", "dns"]:               # isDefaultNS
        records = [RR(qname, ttl, "A", dns_ip)] if dns_ip and qt == "A" else [] if dns_ip else None
    else:
        found = _records(cluster, labels, zone, options, ttl)
        if found is None:
            records = None
        else:
            records, extra = _by_type(found, qname, qt, ttl)
    response = query.reply()
    response.aa = True
    if records is None:
        response.rcode = "NXDOMAIN"
    else:
        response.answer = records
        if records:
            response.additional = extra
        if any(r.rdtype == "CNAME" for r in records) and qt != "CNAME":
            _chase(response, qt)
    if not response.answer:
        response.authority = [soa]
    return response


# a name's matches as CoreDNS's Records() returns them: (address or external name, port, target name)
Match = tuple[str, int, str]


def _records(cluster: Any, labels: list[str], zone: str, options: dict[str, list[str]], ttl: int
             ) -> Optional[list[Match]]:
    """parseRequest + findPods/findServices: the matches of a name ([] for NODATA), None for a name error."""
    if labels in ([], ["svc"], ["pod"]):
        return []
    if labels[-1] not in ("svc", "pod") or len(labels) > 5:
        return None                             # errInvalidRequest
    namespace = labels[-2]
    if not cluster.store.get("Namespace", "", namespace):
        return None                             # namespaceExposed: the namespace must exist
    if len(labels) == 2:
        return []
    if labels[-1] == "pod":
        return _pod(labels, options)
    rest = labels[:-3]
    endpoint, port, proto = "", "", ""
    if len(rest) == 1:
        endpoint = rest[0]
    elif len(rest) == 2:
        port, proto = rest[0].removeprefix("_"), rest[1].removeprefix("_")
    svc = cluster.store.get("Service", namespace, labels[-3])
    if svc is None:
        return None
    spec = svc.get("spec") or {}
    base = f"{labels[-3]}.{namespace}.svc.{zone}"
    if spec.get("type") == "ExternalName":
        if endpoint:
            return None
        return [(spec["externalName"].rstrip(".") + ".", 0, base)]
    matches: list[Match] = []
    if spec.get("clusterIP") == "None" or endpoint:
        for ip, host, ports in _ready_endpoints(cluster, svc):
            name = host or _dashed(ip)
            if endpoint and endpoint != name.lower():
                continue
            for p in ports or [{"port": -1}]:          # no ports: CoreDNS's sentinel port -1
                if _port_matches(p, port, proto):
                    matches.append((ip, int(p.get("port", -1)), f"{name}.{base}"))
        return matches or None
    for p in spec.get("ports") or []:
        if _port_matches(p, port, proto):
            matches.append((spec["clusterIP"], int(p["port"]), base))
    return matches or None


def _port_matches(port: Obj, name: str, proto: str) -> bool:
    """matchPortAndProtocol: an empty name or protocol of the question matches any."""
    return (not name or name == (port.get("name") or "").lower()) and \
        (not proto or proto == port.get("protocol", "TCP").lower())


def _pod(labels: list[str], options: dict[str, list[str]]) -> Optional[list[Match]]:
    """findPods with `pods insecure`: a-b-c-d (or an IPv6 address with dashes) is its own address."""
    if (options.get("pods") or ["disabled"])[0] not in ("insecure", "verified") or len(labels) != 3:
        return None
    name = labels[0]
    text = name.replace("-", ".") if name.count("-") == 3 and "--" not in name else name.replace("-", ":")
    try:
        return [(str(ipaddress.ip_address(text)), 0, "")]
    except ValueError:
        return None


def _by_type(matches: list[Match], qname: str, qt: str, ttl: int) -> tuple[list[RR], list[RR]]:
    """plugin.A/AAAA/SRV/CNAME over the matches (duplicates dropped); other types get none (NODATA)."""
    records: list[RR] = []
    extra: list[RR] = []
    seen: set[tuple[str, ...]] = set()
    for host, port, target in matches:
        kind = _host_type(host)
        if kind == "CNAME":
            if qt != "SRV" and ("CNAME",) not in seen:
                seen.add(("CNAME",))
                records.append(RR(qname, ttl, "CNAME", host))
        elif qt == kind and (host,) not in seen:
            seen.add((host,))
            records.append(RR(qname, ttl, kind, host))
        elif qt == "SRV" and port >= 0:
            weight = 100 // len(matches)
            if (target, str(port)) not in seen:
                seen.add((target, str(port)))
                records.append(RR(qname, ttl, "SRV", f"0 {weight} {port} {target}"))
            if (target, host) not in seen:
                seen.add((target, host))
                extra.append(RR(target, ttl, kind, host))
    return records, extra


def _host_type(host: str) -> str:
    try:
        return "A" if ipaddress.ip_address(host).version == 4 else "AAAA"
    except ValueError:
        return "CNAME"


def _chase(response: Message, qt: str) -> None:
    from course_lib.dns import internet
    target = response.answer[-1].rdata
    rcode, answer, _ = internet.lookup(target, qt)
    response.answer += answer


def _reverse(cluster: Any, query: Message, qname: str, ttl: int) -> Optional[Message]:
    parts = qname[: -len(".in-addr.arpa.")].split(".")
    if len(parts) != 4 or query.qtype != "PTR":
        return None
    ip = ".".join(reversed(parts))
    names = []
    for svc in cluster.store.list("Service"):
        spec = svc.get("spec") or {}
        base = f"{svc['metadata']['name']}.{svc['metadata']['namespace']}.svc.cluster.local."
        if spec.get("clusterIP") == ip:
            names.append(base)
        elif spec.get("clusterIP") == "None":
            for eip, host, _ in _ready_endpoints(cluster, svc):
                if eip == ip:
                    names.append(f"{host or _dashed(eip)}.{base}")
    if not names:
        return None
    response = query.reply()
    response.aa = True
    response.answer = [RR(qname, ttl, "PTR", n) for n in names]
    return response
