"""curl/wget name resolution reads /etc/hosts afresh on every run; only curl answers localhost itself."""
from __future__ import annotations

from course_lib import Lab


def test_hosts_edits_take_effect_and_localhost_comes_from_hosts_for_wget() -> None:
    lab = Lab()
    lab.run("docker run -d --name echo -p 5678:5678 hashicorp/http-echo -text=hello")
    lab.run("echo '172.17.0.2 web' >> /etc/hosts")
    assert lab.run("wget -qO- http://web:5678/").stdout == "hello\n"
    assert lab.run("curl -s http://web:5678/").stdout == "hello\n"
    lab.run("echo '127.0.0.1 localhost' > /etc/hosts && echo '172.17.0.9 web' >> /etc/hosts")
    r = lab.run("curl -s -m 1 -o /dev/null -w '%{http_code}' http://web:5678/")
    assert r.returncode != 0                                  # the edited address, not a cached one
    # wget asks getaddrinfo: localhost is what /etc/hosts says; curl 7.88 answers localhost itself
    lab.run("echo '127.0.0.5 localhost' > /etc/hosts")
    r = lab.run("wget -O /dev/null http://localhost:5678/")
    assert "Resolving localhost (localhost)... 127.0.0.5" in r.stderr
    lab.run("echo '10.1.2.3 other' > /etc/hosts")
    assert lab.run("wget -qO- http://localhost:5678/").returncode == 4
    r = lab.run("curl -s -o /dev/null -w '%{http_code}' http://localhost:5678/")
    assert (r.stdout, r.returncode) == ("200", 0)
    assert lab.run("curl -s -o /dev/null -w '%{http_code}' http://foo.localhost:5678/").stdout == "200"
