"""docker inspect's NetworkSettings.Networks.*.IPAMConfig: the address asked with --ip (Docker 27's
EndpointIPAMConfig, IPv4Address with omitempty), null when the daemon chose it."""
from __future__ import annotations

from course_lib import Lab


def test_ipam_config_records_the_requested_address() -> None:
    lab = Lab()
    lab.run("docker network create --subnet 10.5.0.0/24 net1")
    lab.run("docker run -d --name aa --network net1 --ip 10.5.0.10 nginx")
    lab.run("docker run -d --name bb --network net1 nginx")
    fmt = "'{{json .NetworkSettings.Networks.net1.IPAMConfig}} {{.NetworkSettings.Networks.net1.IPAddress}}'"
    assert lab.run(f"docker inspect -f {fmt} aa").stdout == '{"IPv4Address":"10.5.0.10"} 10.5.0.10\n'
    assert lab.run(f"docker inspect -f {fmt} bb").stdout == "null 10.5.0.2\n"
    lab.run("docker run -d --name cc nginx; docker network connect --ip 10.5.0.99 net1 cc")
    assert lab.run(f"docker inspect -f {fmt} cc").stdout == '{"IPv4Address":"10.5.0.99"} 10.5.0.99\n'
