"""Property: random and mutated lines of the client tools (curl, wget, nc, dig, nslookup, host, getent, traceroute,
openssl, cnitool) and CNI plugins run by hand with broken configs never raise; one that fails before touching
anything (a usage error, a CNI config or environment error) leaves the lab as it was."""
from __future__ import annotations

import json
import random

from hypothesis import given
from hypothesis import strategies as st

from course_lib import Lab
from course_lib.cni import runtime
from course_lib.shell.fs import get_fs
from tests.fuzz_support import BAD_VALUES, fixed, lab_state, mutated, one_command, run_session

CONF = {"cniVersion": "1.0.0", "name": "mynet", "type": "bridge", "bridge": "cni0", "isGateway": True,
        "ipMasq": True, "ipam": {"type": "host-local", "subnet": "10.22.0.0/16", "routes": [{"dst": "0.0.0.0/0"}]}}
CONFLIST = {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
    {k: v for k, v in CONF.items() if k not in ("cniVersion", "name")},
    {"type": "portmap", "capabilities": {"portMappings": True}}]}
SETUP = ["docker run -d --name web -p 8080:80 nginx", "ip netns add red", "ip netns add blue",
         "echo '172.17.0.2 web.local' >> /etc/hosts", "ip link set lo up",
         "ping -c 1 127.0.0.1"]      # lo's one neighbour entry (made by the first local packet) is there before

VALID = [
    "curl -s http://172.17.0.2/", "curl -sI localhost:8080", "curl -s -o /tmp/page http://172.17.0.2/",
    "curl -s -w '%{http_code}' -o /dev/null http://web.local/", "curl -v http://127.0.0.1:8080/x",
    "curl -m 2 http://10.9.9.9/", "curl -sk https://172.17.0.2/", "curl -H 'Host: a' -L http://172.17.0.2/",
    "curl --resolve x:80:172.17.0.2 http://x/", "curl -X POST -d a=b http://172.17.0.2/", "curl http://localhost:1/",
    "wget -qO- http://172.17.0.2/", "wget -O /tmp/w http://localhost:8080/", "wget -S --spider http://172.17.0.2/",
    "wget -T 1 -t 1 http://10.9.9.9/", "wget http://nosuch.invalid/",
    "nc -z -v 127.0.0.1 8080", "nc -zv 172.17.0.2 80", "nc -w 1 127.0.0.1 9", "nc -l -p 1234", "nc -u -z 127.0.0.1 53",
    "dig web.local", "dig @127.0.0.1 example.com A +short", "dig -x 172.17.0.2", "dig +noall +answer kubernetes.io MX",
    "nslookup web.local", "nslookup example.com 127.0.0.1", "host web.local", "host -t MX example.com",
    "host 172.17.0.2", "getent hosts web.local", "getent ahosts localhost", "getent services http",
    "getent passwd root", "traceroute -n 172.17.0.2", "traceroute -m 3 -w 1 10.9.9.9", "traceroute -I 127.0.0.1",
    "openssl version", "openssl rand -hex 8", "openssl genrsa -out /tmp/k.pem 2048",
    "openssl req -new -x509 -key /tmp/k.pem -subj /CN=x -days 1 -out /tmp/c.pem", "openssl x509 -in /tmp/c.pem -noout -text",
    "openssl s_client -connect 172.17.0.2:443", "openssl x509 -in /etc/hosts -noout", "openssl dgst -sha256 /etc/hosts",
    "openssl base64 -in /etc/hosts", "openssl enc -d -base64 -in /etc/hosts",
    "cnitool add mynet /var/run/netns/red", "cnitool del mynet /var/run/netns/red", "cnitool check mynet /var/run/netns/red",
    "CNI_PATH=/opt/cni/bin NETCONFPATH=/etc/cni/net.d cnitool add mynet /var/run/netns/blue",
    "curl --resolve x:80:300.1.1.1 http://x/", "curl -v --resolve bad http://x/",
]
PLUGIN_ENVS = ["CNI_COMMAND=ADD", "CNI_COMMAND=DEL", "CNI_COMMAND=CHECK", "CNI_COMMAND=VERSION", "CNI_COMMAND=BOGUS",
               "CNI_CONTAINERID=c1", "CNI_CONTAINERID=", "CNI_NETNS=/var/run/netns/red", "CNI_NETNS=/nonexistent",
               "CNI_IFNAME=eth0", "CNI_IFNAME=", "CNI_IFNAME=" + "x" * 20, "CNI_PATH=/opt/cni/bin", "CNI_ARGS=a=b",
               "CNI_ARGS=IgnoreUnknown=1;x"]
PLUGINS = ["bridge", "host-local", "loopback", "portmap", "nosuch"]
VOCAB = ("-s -S -v -I -o -O -w -H -k -m -L -X -d --resolve -q -qO- -T -t -S --spider -z -u -l -p -n -x +short "
         "+noall +answer @127.0.0.1 @300.1.1.1 -t MX A AAAA ANY hosts ahosts services passwd -I -m -w -q -f "
         "version rand -hex -base64 genrsa req x509 -in -out -noout -text -subj -days -key s_client -connect dgst "
         "-sha256 enc -d add del check gc status mynet nosuchnet /var/run/netns/red /var/run/netns/nope "
         "http://172.17.0.2/ http://localhost:8080/ https://x/ http://[::1]:8080/ http:// ftp://x/ http://a:b@c:99999/ "
         "http://300.1.1.1/ 172.17.0.2 127.0.0.1 web.local localhost 8080 80 0 65536 -1 '%{http_code}' "
         "'%{bogus' /tmp/page /dev/null /etc/hosts /nonexistent/x").split()
CONF_NOISE = ['"type": "nosuch"', '"cniVersion": "9.9.9"', '"cniVersion": 1', '"ipam": {}', '"subnet": "300.1.1.1/24"',
              '"subnet": "10.0.0.0/33"', '"rangeStart": "10.99.0.1"', '"bridge": ""', '"bridge": "' + "b" * 20 + '"',
              '"name": ""', '"routes": [{"dst": "bad"}]', '"ipam": {"type": "host-local"}', '"isGateway": "yes"',
              '"mtu": -1', '"gateway": "10.22.0.0"', '"dataDir": "/etc/hosts"', '"ranges": [[]]',
              '"prevResult": {"ips": "x"}', '"runtimeConfig": {"portMappings": [{"hostPort": "x"}]}']


def broken_conf(rng: random.Random) -> str:
    """The network config with fields dropped or replaced by bad ones, or its JSON broken."""
    text = json.dumps(rng.choice([CONF, CONFLIST["plugins"][1] | {"cniVersion": "1.0.0", "name": "mynet"}]))
    roll = rng.random()
    if roll < 0.45:
        body = text[1:-1].split(", ")
        body[rng.randrange(len(body))] = rng.choice(CONF_NOISE)
        text = "{" + ", ".join(body) + "}"
    elif roll < 0.6:
        text = text[:rng.randrange(len(text))]
    elif roll < 0.7:
        text = rng.choice(["", "null", "[]", "{", "42", '"x"', "{}"])
    return text


def random_input(rng: random.Random) -> tuple[str, str]:
    kind = rng.randrange(6)
    if kind <= 1:
        env = [rng.choice(PLUGIN_ENVS[:3]), "CNI_CONTAINERID=c1", "CNI_NETNS=/var/run/netns/" + rng.choice(
            ["red", "blue"]), "CNI_IFNAME=eth0", "CNI_PATH=/opt/cni/bin"]
        for _ in range(rng.choice([0, 0, 1, 2])):
            env[rng.randrange(len(env))] = rng.choice(PLUGIN_ENVS)
        return " ".join(env) + " /opt/cni/bin/" + rng.choice(PLUGINS), broken_conf(rng)
    if kind == 2:
        return rng.choice(VALID), ""
    if kind == 3:
        tool = rng.choice("curl wget nc dig nslookup host getent traceroute openssl cnitool".split())
        return tool + " " + " ".join(rng.choice(VOCAB + BAD_VALUES) for _ in range(rng.randint(0, 5))), ""
    return mutated(rng, rng.choice(VALID), VOCAB) or "curl", ""


def new_lab() -> Lab:
    lab = Lab()
    machine = lab.network.machines["host"]
    runtime.install(machine)
    get_fs(machine).write("/etc/cni/net.d/10-mynet.conflist", json.dumps(CONFLIST))
    for line in SETUP:
        result = lab.run(line)
        assert result.returncode == 0, (line, result.stderr)
    return lab


def refused_before_acting(line: str, result) -> bool:
    """A usage error, or a CNI error from the version, the environment or decoding the config (codes 1, 4, 6)."""
    if not one_command(line) or result.stdout and not result.stdout.lstrip().startswith("{"):
        return False
    if "/opt/cni/bin/" in line or line.split()[0] == "cnitool":
        try:
            code = json.loads(result.stdout).get("code")
        except (ValueError, AttributeError):
            return "usage" in result.stderr.lower()
        return code in (1, 4, 6)
    return result.returncode in (2, 64) or "usage" in result.stderr.lower()


@fixed(200)
@given(st.integers(0, 2 ** 32 - 1))
def test_client_tools_never_raise_and_refusals_change_nothing(seed: int) -> None:
    rng = random.Random(seed)
    lab = new_lab()
    run_session(lab.run, 12, lambda: random_input(rng), lambda: lab_state(lab),
                lambda line, result: result.returncode != 0 and refused_before_acting(line, result))
