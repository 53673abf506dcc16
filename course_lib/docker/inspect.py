"""`docker inspect` and `docker network inspect` documents, shaped as the Engine API returns them."""
from __future__ import annotations

from typing import Any

from course_lib.docker.gotemplate import Struct
from course_lib.docker.engine import Container, DockerNetwork, Engine


def _ports(container: Container) -> dict[str, Any]:
    ports: dict[str, Any] = {p: None for p in container.image.exposed}
    for host_ip, host_port, cport, proto in container.ports:
        key = f"{cport}/{proto}"
        bindings = ports.get(key) or []
        bindings.append(Struct(HostIp=host_ip or "0.0.0.0", HostPort=str(host_port)))
        if not host_ip:
            bindings.append(Struct(HostIp="::", HostPort=str(host_port)))
        ports[key] = bindings
    return ports


def _config(c: Container) -> dict[str, Any]:
    """container.Config in its field order: the attach flags docker run sets (stdout/stderr unless -d, stdin
    and StdinOnce with -i), the image's STOPSIGNAL (omitempty)."""
    attached = not c.detach
    config = {"Hostname": c.hostname, "Domainname": "", "User": "", "AttachStdin": attached and c.interactive,
              "AttachStdout": attached, "AttachStderr": attached,
              "ExposedPorts": {p: {} for p in c.image.exposed} or None, "Tty": c.tty, "OpenStdin": c.interactive,
              "StdinOnce": attached and c.interactive, "Env": list(c.env) + list(c.image.env), "Cmd": c.args or None,
              "Image": c.image.repository if c.image.tag == "latest" else c.image.ref, "Volumes": None,
              "WorkingDir": c.image.workdir, "Entrypoint": list(c.image.entrypoint) or None, "OnBuild": None,
              "Labels": dict(sorted(c.labels.items()))}                # a Go map: JSON has its keys sorted
    if c.image.stop_signal:
        config["StopSignal"] = c.image.stop_signal
    return config


def container_doc(engine: Engine, c: Container) -> dict[str, Any]:
    networks = {}
    for name, ep in c.endpoints.items():
        net = ep.network
        networks[name] = {
            "IPAMConfig": getattr(ep, "ipam_config", None), "Links": None, "Aliases": ep.aliases or None,
            "MacAddress": ep.mac,
            "DriverOpts": None, "NetworkID": net.id, "EndpointID": ep.id if c.running else "",
            "Gateway": str(net.gateway) if c.running else "", "IPAddress": str(ep.ip) if c.running else "",
            "IPPrefixLen": net.subnet.prefixlen if net.subnet and c.running else 0, "IPv6Gateway": "",
            "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
            "DNSNames": ([c.name, c.short_id] + ep.aliases) if net.user_defined else None,
        }
    if c.network_mode in ("host", "none") and c.network_mode not in networks:
        net = engine.networks[c.network_mode]
        networks[c.network_mode] = {"IPAMConfig": None, "Links": None, "Aliases": None, "MacAddress": "",
                                    "DriverOpts": None, "NetworkID": net.id, "EndpointID": "",
                                    "Gateway": "", "IPAddress": "", "IPPrefixLen": 0, "IPv6Gateway": "",
                                    "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0, "DNSNames": None}
    default = c.endpoints.get("bridge")
    state = {"Status": c.status, "Running": c.running, "Paused": False, "Restarting": False,
             "OOMKilled": False, "Dead": False, "Pid": c.pid if c.running else 0, "ExitCode": c.exit_code,
             "Error": "", "StartedAt": engine.timestamp(c.started), "FinishedAt": engine.timestamp(c.finished)}
    bindings = {}
    for host_ip, host_port, cport, proto in c.ports:
        bindings.setdefault(f"{cport}/{proto}", []).append(Struct(HostIp=host_ip, HostPort=str(host_port)))
    return {
        "Id": c.id, "Created": engine.timestamp(c.created), "Path": c.path, "Args": c.args, "State": state,
        "Image": c.image.id, "ResolvConfPath": f"/var/lib/docker/containers/{c.id}/resolv.conf",
        "HostnamePath": f"/var/lib/docker/containers/{c.id}/hostname",
        "HostsPath": f"/var/lib/docker/containers/{c.id}/hosts",
        "LogPath": f"/var/lib/docker/containers/{c.id}/{c.id}-json.log", "Name": "/" + c.name,
        "RestartCount": 0, "Driver": "overlay2", "Platform": "linux",
        "HostConfig": {"NetworkMode": c.network_mode, "PortBindings": bindings, "AutoRemove": c.auto_remove},
        "Config": _config(c),
        "NetworkSettings": {
            "Bridge": "", "SandboxID": c.sandbox_id if c.running else "",
            "SandboxKey": f"/var/run/docker/netns/{c.sandbox_id[:12]}" if c.running else "",
            "Ports": _ports(c) if c.running else {},
            "HairpinMode": False, "LinkLocalIPv6Address": "", "LinkLocalIPv6PrefixLen": 0,
            "SecondaryIPAddresses": None, "SecondaryIPv6Addresses": None,
            "EndpointID": default.id if default and c.running else "",
            "Gateway": str(default.network.gateway) if default and c.running else "",
            "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
            "IPAddress": str(default.ip) if default and c.running else "",
            "IPPrefixLen": default.network.subnet.prefixlen if default and default.network.subnet and c.running else 0,
            "IPv6Gateway": "", "MacAddress": default.mac if default and c.running else "",
            "Networks": networks,
        },
    }


def network_doc(engine: Engine, n: DockerNetwork) -> dict[str, Any]:
    containers = {}
    for c in engine.containers.values():
        ep = c.endpoints.get(n.name)
        if ep is not None and c.running:
            containers[c.id] = {"Name": c.name, "EndpointID": ep.id, "MacAddress": ep.mac,
                                "IPv4Address": f"{ep.ip}/{n.subnet.prefixlen}" if n.subnet else "",
                                "IPv6Address": ""}
        elif n.driver in ("host", "null") and c.network_mode == n.name and c.running:
            containers[c.id] = {"Name": c.name, "EndpointID": "", "MacAddress": "", "IPv4Address": "",
                                "IPv6Address": ""}
    config = [{"Subnet": str(n.subnet), "Gateway": str(n.gateway)}] if n.subnet else []
    if n.ip_range and config:
        config[0]["IPRange"] = str(n.ip_range)
    options: dict[str, str] = {}
    if n.name == "bridge":
        options = {"com.docker.network.bridge.default_bridge": "true",
                   "com.docker.network.bridge.enable_icc": "true",
                   "com.docker.network.bridge.enable_ip_masquerade": "true",
                   "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
                   "com.docker.network.bridge.name": "docker0",
                   "com.docker.network.driver.mtu": "1500"}
    return {"Name": n.name, "Id": n.id, "Created": engine.timestamp(n.created), "Scope": "local",
            "Driver": n.driver, "EnableIPv6": False,
            "IPAM": {"Driver": "default", "Options": {} if n.user_defined else None,
                     "Config": config},
            "Internal": n.internal, "Attachable": False, "Ingress": False, "ConfigFrom": {"Network": ""},
            "ConfigOnly": False, "Containers": containers, "Options": options, "Labels": dict(n.labels)}


def image_doc(image: Any) -> dict[str, Any]:
    """`docker image inspect`: the fields that matter for networking and running."""
    from course_lib.docker.ids import digest
    return {
        "Id": image.id, "RepoTags": [image.ref], "RepoDigests": [f"{image.repository}@{image.repo_digest}"],
        "Parent": "", "Comment": "", "Created": "2024-11-26T15:55:00Z", "DockerVersion": "",
        "Author": "", "Config": {
            "Hostname": "", "Domainname": "", "User": "", "AttachStdin": False, "AttachStdout": False,
            "AttachStderr": False, "ExposedPorts": {p: {} for p in image.exposed} or None, "Tty": False,
            "OpenStdin": False, "StdinOnce": False, "Env": list(image.env) or None, "Cmd": list(image.cmd) or None,
            "Image": "", "Volumes": None, "WorkingDir": image.workdir, "Entrypoint": list(image.entrypoint) or None,
            "OnBuild": None, "Labels": dict(sorted(image.labels)) or None},
        "Architecture": "amd64", "Os": "linux", "Size": 0,
        "GraphDriver": {"Data": None, "Name": "overlay2"},
        "RootFS": {"Type": "layers", "Layers": ["sha256:" + digest(f"diff {i} {image.ref}")
                                                 for i in range(image.layers)]},
        "Metadata": {"LastTagTime": "0001-01-01T00:00:00Z"},
    }
