"""Docker's embedded DNS as dockerd lays it out: 127.0.0.11 on ephemeral ports, DOCKER_OUTPUT/POSTROUTING nat rules."""
from __future__ import annotations

from course_lib import Lab


def test_embedded_dns_listeners_and_nat_rules() -> None:
    lab = Lab()
    lab.run("docker network create net1")
    lab.run("docker run -d --name web --network net1 nginx")
    # reading the container's rules needs CAP_NET_ADMIN, as in a real container (see test_capabilities)
    lab.run("docker run -d --name shoot --cap-add NET_ADMIN --network net1 nicolaka/netshoot sleep 3600")
    udp = lab.run("docker exec shoot ss -lnup").stdout.splitlines()[1].split()
    tcp = lab.run("docker exec shoot ss -lntp").stdout.splitlines()[1].split()
    uport, tport = udp[3].split(":")[1], tcp[3].split(":")[1]
    assert udp[3].startswith("127.0.0.11:") and tcp[3].startswith("127.0.0.11:") and '"dockerd"' in udp[5]
    nat = lab.run("docker exec shoot iptables-save -t nat").stdout
    assert "-A OUTPUT -d 127.0.0.11/32 -j DOCKER_OUTPUT\n" in nat
    assert f"-p udp -m udp --dport 53 -j DNAT --to-destination 127.0.0.11:{uport}\n" in nat
    assert f"-p tcp -m tcp --sport {tport} -j SNAT --to-source :53\n" in nat
    assert lab.run("docker exec shoot dig +short web").stdout == "172.18.0.2\n"
    assert lab.run("docker exec shoot dig +tcp +short web").stdout == "172.18.0.2\n"
    lab.run("docker stop shoot")
    lab.run("docker start shoot")
    assert lab.run("docker exec shoot dig +short web").stdout == "172.18.0.2\n"
    assert lab.run("docker exec shoot iptables-save -t nat").stdout.count("-j DNAT") == 2
