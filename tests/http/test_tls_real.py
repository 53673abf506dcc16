"""The simulated TLS against the real tools: the same certificates (made by the simulated openssl), served by a
real Python ssl server in a private network namespace, fetched by the real curl 7.88 and wget, printed by the
real openssl 3.0 -- and the simulation must print the same texts and exit codes."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

import pytest

from course_lib import Lab
from course_lib.http import transport, tls, x509
from course_lib.http.message import Response

pytestmark = pytest.mark.real
TOOLS = ("unshare", "curl", "wget", "openssl", "python3")
SERVER = """
import http.server, ssl, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Length", "6"); self.end_headers()
        self.wfile.write(b"hello\\n")
    def log_message(self, *a): pass
srv = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H)
if len(sys.argv) > 2:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(sys.argv[2], sys.argv[3])
    ctx.set_alpn_protocols(["http/1.1"]); srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
"""
HOSTS = "127.0.0.1 localhost foo.example.com leaf.example.com other.example.com\n"
CURLS = ["curl -sS https://foo.example.com:4443/", "curl -sS https://leaf.example.com:4444/",
         "curl -sS --cacert ca.crt https://other.example.com:4444/",
         "curl -sS --cacert ca.crt https://leaf.example.com:4444/",
         "curl -sS -k https://foo.example.com:4443/", "curl -sS https://127.0.0.1:8080/",
         "curl -sS --cacert nofile.crt https://foo.example.com:4443/",
         "curl -sS --cacert ca.crt https://127.0.0.1:4444/",
         "curl -s -o /dev/null -w '%{http_code}' -k https://127.0.0.1:4443/"]
VERBOSE = ["curl -sv --cacert ca.crt https://leaf.example.com:4444/", "curl -sv -k https://foo.example.com:4443/",
           "curl -sv https://foo.example.com:4443/", "curl -sv --cacert ca.crt https://other.example.com:4444/",
           "curl -sv https://127.0.0.1:8080/"]
WGETS = ["wget -O- https://foo.example.com:4443/", "wget -O- --ca-certificate=ca.crt https://other.example.com:4444/",
         "wget -O- https://127.0.0.1:4443/", "wget -O- https://127.0.0.1:8080/"]
OPENSSL = ["openssl x509 -in foo.crt -noout -text", "openssl x509 -in leaf.crt -noout -text",
           "openssl x509 -in foo.crt -noout -subject -issuer -dates -serial -fingerprint -ext subjectAltName",
           "openssl req -in leaf.csr -noout -text", "openssl verify -CAfile ca.crt leaf.crt", "openssl verify foo.crt",
           "openssl verify -CAfile ca.crt foo.crt", "openssl x509 -in foo.key -noout -subject", "openssl nosuch",
           "openssl s_client -connect 127.0.0.1:8080 </dev/null", "openssl s_client -connect 127.0.0.1:4449 </dev/null"]
S_CLIENT = ["openssl s_client -connect 127.0.0.1:4443 -servername foo.example.com </dev/null",
            "openssl s_client -connect 127.0.0.1:4444 -CAfile ca.crt </dev/null",
            "openssl s_client -connect 127.0.0.1:4444 </dev/null"]
MARK = "=====8<====="


def _skip_reason() -> str:
    if os.geteuid() != 0:
        return "needs root for unshare --net --mount"
    missing = [t for t in TOOLS if shutil.which(t) is None]
    return f"missing tools: {', '.join(missing)}" if missing else ""


def _sim_lab() -> Lab:
    lab = Lab()
    for step in (
            'openssl req -x509 -nodes -days 3650 -newkey rsa:2048 -keyout foo.key -out foo.crt '
            '-subj "/C=US/O=Acme Co/CN=foo.example.com" -addext "subjectAltName=DNS:foo.example.com,IP:10.0.0.1"',
            'openssl req -x509 -nodes -days 3650 -newkey rsa:2048 -keyout ca.key -out ca.crt -subj "/CN=My CA"',
            'openssl req -new -nodes -newkey rsa:2048 -keyout leaf.key -out leaf.csr -subj "/CN=leaf.example.com"',
            'echo "subjectAltName=DNS:leaf.example.com" > ext.cnf',
            "openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out leaf.crt -days 3650 "
            "-extfile ext.cnf",
            f"echo '{HOSTS.strip()}' >> /etc/hosts"):
        assert lab.run(step).returncode == 0, step
    root = lab.network.machines["host"].root
    for port, name in ((4443, "foo"), (4444, "leaf")):
        chain = x509.load_certs(lab.run(f"cat {name}.crt").stdout)
        transport.listen(root, "0.0.0.0", port, tls.server(
            lambda sni, chain=chain: chain, lambda req, c: Response(200, [("Content-Length", "6")], "hello\n")), "py")
    transport.listen(root, "0.0.0.0", 8080, lambda req, c: Response(400, [("Content-Length", "0")], ""), "py")
    return lab


def _real(files: dict[str, str], commands: list[str]) -> list[tuple[str, str, int]]:
    """Run `commands` with the real tools in a private netns next to the real servers."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            with open(os.path.join(tmp, name), "w") as fh:
                fh.write(text)
        with open(os.path.join(tmp, "srv.py"), "w") as fh:
            fh.write(SERVER)
        with open(os.path.join(tmp, "hosts"), "w") as fh:
            fh.write(HOSTS)
        lines = [f"cd {tmp}", "ip link set lo up", "mount --bind hosts /etc/hosts",
                 "python3 srv.py 4443 foo.crt foo.key & python3 srv.py 4444 leaf.crt leaf.key & python3 srv.py 8080 &",
                 "for i in $(seq 50); do curl -s -o /dev/null -k https://127.0.0.1:4444/ && "
                 "curl -s -o /dev/null -k https://127.0.0.1:4443/ && break; sleep 0.1; done"]
        for cmd in commands:
            lines.append(f"{cmd} >out 2>err; echo \"$?\" >rc; cat out; echo '{MARK}'; cat err; echo '{MARK}'; "
                         f"cat rc; echo '{MARK}'")
        lines.append("kill %1 %2 %3")
        done = subprocess.run(["unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "--mount", "bash", "-c", "\n".join(lines)], capture_output=True,
                              timeout=120)
    parts = done.stdout.decode().split(MARK + "\n")       # bytes: keep curl's \r\n
    return [(parts[i], parts[i + 1], int(parts[i + 2])) for i in range(0, 3 * len(commands), 3)]


def _thread(text: str) -> str:
    """OpenSSL's error lines start with the thread id, different in every process; and the machine's
    OpenSSL may be a later 3.0 point release than the one the simulation prints (apt upgrades it)."""
    text = re.sub(r"(?m)^[0-9A-F]{12,16}:error:", "TID:error:", text)
    return re.sub(r"OpenSSL([/ ])3\.0\.\d+( \d+ \w+ \d{4})?", r"OpenSSL\g<1>3.0.x", text)


def _dated(text: str) -> str:
    """wget's first line carries the wall clock; the rest must match."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("--20"))


@pytest.mark.skipif(bool(_skip_reason()), reason=_skip_reason() or "ok")
def test_sim_prints_what_the_real_tools_print() -> None:
    lab = _sim_lab()
    files = {n: lab.run(f"cat {n}").stdout for n in ("foo.crt", "foo.key", "ca.crt", "leaf.crt", "leaf.key",
                                                   "leaf.csr")}
    commands = CURLS + VERBOSE + WGETS + OPENSSL + S_CLIENT
    real = _real(files, commands)
    for cmd, (out, err, rc) in zip(commands, real):
        sim = lab.run(cmd)
        out, err = _thread(out), _thread(err)
        sim = type(sim)(_thread(sim.stdout), _thread(sim.stderr), sim.returncode)
        if cmd in VERBOSE:          # up to the response (servers differ in their headers) or to the close,
            # after which whether the server's session ticket is read first is a matter of timing
            err = err.split("< HTTP/1.1")[0].split("* Closing connection 0\n")[0]
            got = sim.stderr.split("< HTTP/1.1")[0].split("* Closing connection 0\n")[0]
            assert got == err, cmd
        elif cmd in S_CLIENT:       # the report up to the session tickets, which the real server sends later
            assert sim.stdout == out.split("---\nPost-Handshake")[0].replace("---\nread R BLOCK\n", ""), cmd
            assert _thread(sim.stderr) == _thread(err), cmd
        elif cmd in WGETS:
            assert (_dated(sim.stderr), sim.returncode) == (_dated(err), rc), cmd
        else:
            assert (sim.stdout, _thread(sim.stderr), sim.returncode) == (out, _thread(err), rc), cmd


NGINX_CONF = """daemon off; master_process off; error_log {d}/error.log; pid {d}/nginx.pid;
events {{}}
http {{
  access_log off; client_body_temp_path {d}; proxy_temp_path {d}; fastcgi_temp_path {d}; uwsgi_temp_path {d};
  scgi_temp_path {d}; ssl_session_cache shared:SSL:10m; ssl_session_tickets off; ssl_protocols TLSv1.2 TLSv1.3;
  server {{ listen 4446 ssl http2; ssl_certificate {d}/foo.crt; ssl_certificate_key {d}/foo.key;
           location / {{ return 200 "hello\\n"; }} }}
}}
"""
NGINX_CURLS = ["curl -sv -k https://foo.example.com:4446/", "curl -sv --cacert foo.crt -H 'Host: bar' -H 'X-A: b' "
               "https://foo.example.com:4446/", "curl -sv -k --http1.1 https://foo.example.com:4446/"]


@pytest.mark.skipif(bool(_skip_reason()) or shutil.which("nginx") is None,
                    reason=_skip_reason() or "nginx is not installed (ingress-nginx's HTTP/2 and session tickets)")
def test_http2_trace_as_against_nginx() -> None:
    """ingress-nginx's TLS is nginx's: HTTP/2 by ALPN, SNI answered, stateful session tickets (57 bytes)."""
    lab = _sim_lab()
    root = lab.network.machines["host"].root
    chain = x509.load_certs(lab.run("cat foo.crt").stdout)
    transport.listen(root, "0.0.0.0", 4446, tls.server(lambda sni: chain, lambda req, c: Response(
        200, [("Content-Length", "6")], "hello\n"), ("h2", "http/1.1"), ticket_size=57, sni_ack=True), "nginx")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("foo.crt", "foo.key"):
            with open(os.path.join(tmp, name), "w") as fh:
                fh.write(lab.run(f"cat {name}").stdout)
        with open(os.path.join(tmp, "nginx.conf"), "w") as fh:
            fh.write(NGINX_CONF.format(d=tmp))
        with open(os.path.join(tmp, "hosts"), "w") as fh:
            fh.write(HOSTS)
        script = [f"cd {tmp}", "ip link set lo up", "mount --bind hosts /etc/hosts",
                  f"nginx -p {tmp} -c {tmp}/nginx.conf & sleep 1"]
        script += [f"{cmd} 2>&1; echo '{MARK}'" for cmd in NGINX_CURLS] + ["kill %1"]
        done = subprocess.run(["unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "--mount", "bash", "-c", "\n".join(script)], capture_output=True,
                              timeout=60)
    for cmd, real in zip(NGINX_CURLS, done.stdout.decode().split(MARK + "\n")):
        sim = lab.run(cmd).stderr
        head = re.sub(r"easy handle 0x[0-9a-f]+", "easy handle 0x55d0c8d3d2b0", real.split("< HTTP/")[0])
        assert sim.split("< HTTP/")[0] == head, cmd
