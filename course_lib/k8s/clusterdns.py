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
                  "# through the symlink at /etc/resolv.conf. To manage man:systemd-resolved(8) in a\n"
                  "# different way, configure /etc/resolv.conf as a symlink to it.\n\nnameserver 192.168.1.1\n"
                  "search .\n")


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


def _ready_endpoints(cluster: Any, svc: Obj) -> list[tuple[str, Optional[str]]]:
    out = []
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    for es in cluster.store.list("EndpointSlice", ns, {"kubernetes.io/service-name": name}):
        for e in es.get("endpoints") or []:
            if (e.get("conditions") or {}).get("ready", True) or svc["spec"].get("publishNotReadyAddresses"):
                for a in e.get("addresses") or []:
                    out.append((a, e.get("hostname")))
    return out


def answer(cluster: Any, zones: list[str], options: dict[str, list[str]], req: Any) -> Optional[Message]:
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
    labels = qname[: -len(zone)].rstrip(".").split(".") if qname != zone else []
    records: Optional[list[RR]] = None        # None: the name does not exist
    extra: list[RR] = []
    qt = query.qtype
    if labels == ["dns-version"]:
        records = [RR(qname, 28800, "TXT", '"1.1.0"')]
    elif labels == ["ns", "dns"]:
        dns = cluster.store.get("Service", "kube-system", "kube-dns")
        records = [RR(qname, ttl, "A", dns["spec"]["clusterIP"])] if dns else None
    elif labels in ([], ["svc"], ["pod"]) or (len(labels) == 2 and labels[1] in ("svc", "pod")
                                                and cluster.store.get("Namespace", "", labels[0])):
        records = []
    elif len(labels) == 3 and labels[2] == "pod":
        if (options.get("pods") or ["disabled"])[0] in ("insecure", "verified"):
            try:
                ip = str(ipaddress.IPv4Address(labels[0].replace("-", ".")))
                records = [RR(qname, ttl, "A", ip)]
            except ValueError:
                records = None
    elif len(labels) >= 3 and labels[-1] == "svc":
        records, extra = _service_records(cluster, qname, labels[:-1], zone, ttl, qt)
    response = query.reply()
    response.aa = True
    if records is None:
        response.rcode = "NXDOMAIN"
    else:
        response.answer = [r for r in records if r.rdtype == qt or (r.rdtype == "CNAME" and qt != "CNAME")]
        if response.answer:
            response.additional = extra
        if any(r.rdtype == "CNAME" for r in response.answer) and qt not in ("CNAME",):
            _chase(response, qt)
    if not response.answer:
        response.authority = [RR(zone, ttl, "SOA", f"ns.dns.{zone} hostmaster.{zone} 1700000000 7200 1800 86400 "
                                 f"{ttl}")]
    return response


def _chase(response: Message, qt: str) -> None:
    from course_lib.dns import internet
    target = response.answer[-1].rdata
    rcode, answer, _ = internet.lookup(target, qt)
    response.answer += answer


def _service_records(cluster: Any, qname: str, labels: list[str], zone: str, ttl: int,
                     qt: str) -> tuple[Optional[list[RR]], list[RR]]:
    ns, svc_name = labels[-1], labels[-2]
    rest = labels[:-2]
    svc = cluster.store.get("Service", ns, svc_name)
    if svc is None:
        return None, []
    spec = svc.get("spec") or {}
    base = f"{svc_name}.{ns}.svc.{zone}"
    headless = spec.get("clusterIP") == "None"
    if spec.get("type") == "ExternalName":
        if rest:
            return None, []
        return [RR(qname, ttl, "CNAME", spec["externalName"].rstrip(".") + ".")], []
    if not rest:
        if headless:
            eps = _ready_endpoints(cluster, svc)
            if not eps:
                return None, []
            return [RR(qname, ttl, "A", ip) for ip, _ in sorted(set(eps))], []
        records = [RR(qname, ttl, "A", spec["clusterIP"])]
        for p in spec.get("ports") or []:
            if p.get("name"):
                records.append(RR(qname, ttl, "SRV", f"0 100 {p['port']} {base}"))
        return records, []
    if len(rest) == 1 and headless:          # hostname.svc.ns.svc.zone
        for ip, host in _ready_endpoints(cluster, svc):
            if rest[0] in (host, _dashed(ip)):
                return [RR(qname, ttl, "A", ip)], []
        return None, []
    if len(rest) == 2 and rest[0].startswith("_") and rest[1].startswith("_"):
        pname, proto = rest[0][1:], rest[1][1:].upper()
        port = next((p for p in spec.get("ports") or [] if p.get("name") == pname
                     and p.get("protocol", "TCP") == proto), None)
        if port is None:
            return None, []
        if not headless:
            return [RR(qname, ttl, "SRV", f"0 100 {port['port']} {base}")], [RR(base, ttl, "A", spec["clusterIP"])]
        eps = sorted(set(_ready_endpoints(cluster, svc)))
        if not eps:
            return None, []
        weight = 100 // len(eps)
        records, extra = [], []
        for ip, host in eps:
            target = f"{host or _dashed(ip)}.{base}"
            records.append(RR(qname, ttl, "SRV", f"0 {weight} {_target_port(cluster, svc, port, ip)} {target}"))
            extra.append(RR(target, ttl, "A", ip))
        return records, extra
    return None, []


def _target_port(cluster: Any, svc: Obj, port: Obj, ip: str) -> int:
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    for es in cluster.store.list("EndpointSlice", ns, {"kubernetes.io/service-name": name}):
        for p in es.get("ports") or []:
            if p.get("name") == port.get("name") and p.get("port"):
                return int(p["port"])
    return int(port["port"])


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
            for eip, host in _ready_endpoints(cluster, svc):
                if eip == ip:
                    names.append(f"{host or _dashed(eip)}.{base}")
    if not names:
        return None
    response = query.reply()
    response.aa = True
    response.answer = [RR(qname, ttl, "PTR", n) for n in names]
    return response
