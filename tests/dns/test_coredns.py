"""The CoreDNS server in the simulation: Corefile syntax and errors, plugins, REFUSED, NXDOMAIN vs NODATA."""
import pytest

from course_lib import Lab
from course_lib.dns.coredns import plugins_data

COREFILE = """# lab DNS
example.org:53 {
    file /root/db.example.org
    log
}
. {
    hosts {
        10.0.0.5 web.lab
        ttl 60
        fallthrough
    }
    forward . /etc/resolv.conf
    cache 30
    errors
}
"""
ZONE = """$ORIGIN example.org.
@ 3600 IN SOA ns.example.org. admin.example.org. 2024010101 7200 3600 1209600 3600
@ 3600 IN NS ns.example.org.
ns IN A 10.0.0.53
www IN A 10.0.0.80
web IN CNAME www
_http._tcp IN SRV 0 5 80 www
"""


@pytest.fixture
def lab():
    lab = Lab()
    lab.run(f"cat > /root/Corefile <<'EOF'\n{COREFILE}EOF")
    lab.run(f"cat > /root/db.example.org <<'EOF'\n{ZONE}EOF")
    return lab


def test_starts_and_answers_authoritatively(lab):
    r = lab.run("coredns -conf /root/Corefile")
    assert r.returncode == 0 and r.stdout.startswith("example.org.:53\n.:53\nCoreDNS-")
    r = lab.run("dig @127.0.0.1 www.example.org")
    assert ";; flags: qr aa rd; QUERY: 1, ANSWER: 1" in r.stdout
    assert "www.example.org.\t3600\tIN\tA\t10.0.0.80" in r.stdout


def test_nxdomain_and_nodata_carry_the_soa(lab):
    lab.run("coredns -conf /root/Corefile")
    nx = lab.run("dig @127.0.0.1 nothere.example.org").stdout
    assert "status: NXDOMAIN" in nx and "AUTHORITY SECTION:\nexample.org.\t\t3600\tIN\tSOA" in nx
    nodata = lab.run("dig @127.0.0.1 www.example.org AAAA").stdout
    assert "status: NOERROR" in nodata and "ANSWER: 0, AUTHORITY: 1" in nodata


def test_hosts_fallthrough_forward_and_cname(lab):
    lab.run("coredns -conf /root/Corefile")
    # hosts says ttl 60, cache 30 caps it
    assert lab.run("dig @127.0.0.1 web.lab +noall +answer").stdout == "web.lab.\t\t30\tIN\tA\t10.0.0.5\n"
    assert lab.run("dig @127.0.0.1 www.google.com +short").stdout == "142.250.185.68\n"
    assert lab.run("dig @127.0.0.1 web.example.org +short").stdout == "www.example.org.\n10.0.0.80\n"
    assert lab.run("dig @127.0.0.1 _http._tcp.example.org SRV +short").stdout == "0 5 80 www.example.org.\n"


def test_refused_outside_served_zones():
    lab = Lab()
    lab.run("printf 'example.org {\\n  whoami\\n}\\n' > /root/Corefile")
    assert lab.run("coredns -conf /root/Corefile").returncode == 0
    r = lab.run("nslookup www.google.com 127.0.0.1")
    assert "** server can't find www.google.com: REFUSED" in r.stdout and r.returncode == 1


@pytest.mark.parametrize("text,error", [
    (". {\n  foo\n}\n", "/root/C:2 - Error during parsing: Unknown directive 'foo'\n"),
    (". {\n  hosts\n", "/root/C:2 - Error during parsing: Unexpected EOF\n"),
    (". {\n  hosts {\n    bogus line\n  }\n}\n",
     "plugin/hosts: /root/C:3 - Error during parsing: unknown property 'bogus'\n"),
    (". {\n  forward . notanip\n}\n", 'plugin/forward: not an IP address or file: "notanip"\n'),
])
def test_corefile_errors_stop_the_server(text, error):
    lab = Lab()
    lab.run(f"cat > /root/C <<'EOF'\n{text}EOF")
    r = lab.run("coredns -conf /root/C")
    assert (r.stderr, r.returncode) == (error, 1)
    assert lab.run("dig @127.0.0.1 x +tries=1").returncode == 9      # nothing listens


def test_log_plugin_and_reload(lab):
    lab.run("coredns -conf /root/Corefile")
    lab.run("dig @127.0.0.1 www.example.org")
    from course_lib.dns.coredns_cmd import servers_on
    server = servers_on(lab.network.machines["host"])[0]
    assert any(line.startswith('[INFO] 127.0.0.1:') and '"A IN www.example.org. udp' in line for line in server.logs)
    lab.run(f"cat > /root/Corefile <<'EOF'\n{COREFILE.replace('10.0.0.5', '10.0.0.6').replace('cache 30', '')}EOF")
    assert server.reload()
    assert lab.run("dig @127.0.0.1 web.lab +short").stdout == "10.0.0.6\n"


def test_kubernetes_hook():
    lab = Lab()
    lab.run("printf 'cluster.local {\\n  kubernetes cluster.local\\n}\\n' > /root/C")
    lab.run("coredns -conf /root/C")

    def provider(server, zones, options, req):
        if req.qname == "kubernetes.default.svc.cluster.local.":
            from course_lib.dns.message import RR
            reply = req.query.reply()
            reply.aa = True
            reply.answer = [RR(req.query.qname, 5, "A", "10.96.0.1")]
            return reply
        return None
    plugins_data.set_kubernetes_provider(provider)
    try:
        assert lab.run("dig @127.0.0.1 kubernetes.default.svc.cluster.local +short").stdout == "10.96.0.1\n"
        assert "NXDOMAIN" in lab.run("dig @127.0.0.1 x.default.svc.cluster.local").stdout
    finally:
        plugins_data.set_kubernetes_provider(None)


KUBEADM = """.:53 {
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
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
"""


def test_kubeadm_corefile_runs_with_health_ready_and_reload_banner():
    lab = Lab()
    lab.run(f"cat > /root/C <<'EOF'\n{KUBEADM}EOF")
    r = lab.run("coredns -conf /root/C")
    assert r.returncode == 0
    assert r.stdout.splitlines()[1].startswith("[INFO] plugin/reload: Running configuration SHA512 = ")
    assert lab.run("curl -s http://127.0.0.1:8080/health").stdout == "OK"
    assert lab.run("curl -s http://127.0.0.1:8181/ready").stdout == "OK"
    assert "142.250.185.68" in lab.run("nslookup www.google.com 127.0.0.1").stdout   # forward to the stub


def test_loop_detected_when_forwarding_to_itself():
    lab = Lab()
    lab.run("ip netns add pod")
    lab.run("ip netns exec pod ip link set lo up")
    lab.run("mkdir -p /etc/netns/pod")
    lab.run("echo 'nameserver 127.0.0.53' > /etc/netns/pod/resolv.conf")
    lab.run("printf '. {\\n  forward . /etc/resolv.conf\\n  loop\\n}\\n' > /root/C")
    r = lab.run("ip netns exec pod coredns -conf /root/C")
    assert r.returncode == 1 and r.stderr.startswith('[FATAL] plugin/loop: Loop (127.0.0.53:53 -> :53) detected')


def test_hosts_without_fallthrough_gives_servfail_or_nodata():
    lab = Lab()
    lab.run("printf 'lab 10.in-addr.arpa {\\n  hosts {\\n    10.0.0.5 web.lab\\n  }\\n}\\n' > /root/C")
    lab.run("coredns -conf /root/C")
    assert "status: SERVFAIL" in lab.run("dig @127.0.0.1 nothere.lab").stdout     # CoreDNS: no SOA to deny with
    nodata = lab.run("dig @127.0.0.1 web.lab AAAA").stdout
    assert "status: NOERROR" in nodata and "flags: qr aa rd; QUERY: 1, ANSWER: 0" in nodata
    assert lab.run("dig @127.0.0.1 -x 10.0.0.5 +short").stdout == "web.lab.\n"
    assert "status: REFUSED" in lab.run("dig @127.0.0.1 -x 192.168.1.1").stdout    # not a served zone


def test_ports_per_block_and_plugin_used_twice():
    lab = Lab()
    lab.run("printf 'a.test:1053 {\\n  whoami\\n}\\nb.test:2053 {\\n  hosts {\\n    10.1.1.1 x.b.test\\n  }\\n}\\n' > /root/C")
    assert lab.run("coredns -conf /root/C").stdout.startswith("a.test.:1053\nb.test.:2053\n")
    assert lab.run("dig @127.0.0.1 -p 2053 x.b.test +short").stdout == "10.1.1.1\n"
    assert "status: REFUSED" in lab.run("dig @127.0.0.1 -p 1053 x.b.test").stdout
    lab.run("printf '. {\\n  cache\\n  cache\\n}\\n' > /root/D")
    r = lab.run("coredns -conf /root/D -dns.port 3053")
    assert (r.stderr, r.returncode) == ("plugin/cache: this plugin can only be used once per Server Block\n", 1)


def test_bad_input_never_crashes():
    lab = Lab()
    for text in ["{", "}", ". {\n  hosts {\n", ". {\n  file\n}\n", ". {\n  cache -5\n}\n", "\x00\x01", ". { forward . }",
                 ". {\n  forward . 1.2.3.4:99999\n}\n", ":abc {\n}\n"]:
        lab.host("host").run("cat > /root/X", stdin=text)
        r = lab.run("coredns -conf /root/X -dns.port 4053")
        assert "Traceback" not in r.stderr
        if r.returncode == 0:
            lab.network.machines["host"].processes[-1].stop()
    for command in ["dig @", "dig -t", "dig +tries=x a", "nslookup -type= x", "host -t", "getent hosts ''",
                    "getent ahosts ..", "dig -x 999.1.1.1", "nslookup ''", "host ''", "dig '' A"]:
        r = lab.run(command)
        assert "Traceback" not in r.stdout + r.stderr


def test_small_plugins_check_their_arguments():
    """setup.go of errors, loadbalance, whoami and loop: CoreDNS's own texts, and the server does not start."""
    from course_lib import Lab
    cases = {"errors foo": "plugin/errors: /root/Corefile:2 - Error during parsing: invalid log file: foo\n",
             "errors a b": "plugin/errors: /root/Corefile:2 - Error during parsing: Wrong argument count or "
                           "unexpected line ending after 'b'\n",
             "loadbalance foo": "plugin/loadbalance: unknown policy: foo\n",
             "whoami x": "plugin/whoami: /root/Corefile:2 - Error during parsing: Wrong argument count or "
                         "unexpected line ending after 'x'\n"}
    for line, error in cases.items():
        lab = Lab()
        lab.run(f"printf '.:53 {{\\n    {line}\\n}}\\n' > /root/Corefile")
        r = lab.run("coredns -conf /root/Corefile")
        assert (r.stderr, r.returncode) == (error, 1), line
    lab = Lab()
    lab.run("printf '.:53 {\\n    errors stdout\\n    loadbalance round_robin\\n    whoami\\n}\\n' > /root/Corefile")
    assert lab.run("coredns -conf /root/Corefile").returncode == 0


def test_cached_replies_are_authoritative(lab):
    """cache's item.toMsg sets aa on what it answers from the cache (so nslookup's second answer for a
    forwarded name has no 'Non-authoritative answer:'), and keeps the upstream's RA."""
    lab.run("coredns -conf /root/Corefile")
    first = lab.run("dig @127.0.0.1 www.google.com").stdout
    second = lab.run("dig @127.0.0.1 www.google.com").stdout
    assert ";; flags: qr rd ra;" in first and ";; flags: qr aa rd ra;" in second
    assert "Non-authoritative answer:" not in lab.run("nslookup www.google.com 127.0.0.1").stdout
