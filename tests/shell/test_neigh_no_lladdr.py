"""ip neigh add/replace without lladdr: refused unless a valid entry gives its address; a failed add changes nothing."""
from course_lib import Lab


def test_no_lladdr():
    lab = Lab()
    lab.run("ip link add v0 type veth peer name v1; ip addr add 10.0.0.1/24 dev v0")
    r = lab.run("ip neigh add 10.0.0.9 dev v0")
    assert (r.stderr, r.returncode) == ("Error: No link layer address given.\n", 2)
    assert lab.run("ip neigh show nud all").stdout == ""         # (the kernel keeps a NONE entry)
    assert lab.run("ip neigh replace 10.0.0.9 lladdr 02:00:00:00:00:09 dev v0").returncode == 0
    r = lab.run("ip neigh add 10.0.0.9 dev v0")
    assert (r.stderr, r.returncode) == ("RTNETLINK answers: File exists\n", 2)
    assert lab.run("ip neigh replace 10.0.0.9 dev v0 nud reachable").returncode == 0     # keeps its lladdr
    assert lab.run("ip neigh show").stdout == "10.0.0.9 dev v0 lladdr 02:00:00:00:00:09 REACHABLE \n"
