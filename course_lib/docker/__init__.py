"""Docker on a lab machine: the `docker` CLI, the engine's containers and networks, and its images.

The engine starts on a machine's first `docker` command, as dockerd would: ip_forward on, its
iptables chains, docker0 (172.17.0.1/16). Containers get a netns of their own (a `Box`: a machine
that no `ip netns` lists, with its own /etc/hosts, /etc/resolv.conf and hostname), a veth on their
network's bridge, published ports by DNAT plus a docker-proxy listener, and the image's process
(nginx, hashicorp/http-echo, busybox httpd, redis, mysql listeners, or a one-shot command).

    lab.run("docker run -d --name web -p 8080:80 nginx")
    lab.run("curl -s localhost:8080")                  # nginx's welcome page
    lab.run("docker network create mynet")
    lab.run("docker run -d --name db --network mynet redis")
    lab.run("docker run -d --name app --network mynet busybox sleep 3600")
    lab.run("docker exec app ping -c 1 db")            # names resolve only on user-defined networks

Modules: cli*.py (commands), engine.py (state), netdriver.py + iptables_rules.py (what dockerd
configures), lifecycle.py (containers' lives), embedded_dns.py (127.0.0.11), images.py, inspect.py,
gotemplate.py, formatting.py, files.py, hostops.py, nsenter.py.
"""
