"""A controller's generated pod name that another pod has is drawn again (controllers.generated_name)."""
from __future__ import annotations

from course_lib import Cluster


def test_a_generated_name_in_use_is_drawn_again_and_the_scale_up_succeeds() -> None:
    c = Cluster(workers=1, cni="flannel")
    r = c.run("kubectl create deployment web --image=nginx --replicas=1")
    assert r.returncode == 0, r.stderr
    first = c.store.list("Pod", "default", {"app": "web"})[0]["metadata"]["name"]
    draws = iter([first.rsplit("-", 1)[1], "zzzzz"])       # the first draw collides with the existing pod
    real = c.suffix
    c.suffix = lambda n: next(draws, None) or real(n)      # type: ignore[method-assign]
    r = c.run("kubectl scale deployment web --replicas=2")
    assert (r.returncode, r.stdout, r.stderr) == (0, "deployment.apps/web scaled\n", "")
    names = sorted(p["metadata"]["name"] for p in c.store.list("Pod", "default", {"app": "web"}))
    assert names == sorted([first, first.rsplit("-", 1)[0] + "-zzzzz"])
