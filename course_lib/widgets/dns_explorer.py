"""DnsExplorer: a name goes in; out comes how the glibc resolver expands it (search list, ndots) and each answer.

Nothing is re-implemented: the lookup really runs (`getent hosts NAME`, on a machine or inside a pod
with `kubectl exec`) under a trace, and the resolver's own hops say which names it asked, in which order,
and what came back.
"""
from __future__ import annotations

import html
import shlex
from typing import Any, Optional

from course_lib.tracing import trace_command, trace_in_pod


def lookup_trace(target: Any, name: str, host: str = "host", pod: Optional[str] = None,
                 namespace: str = "default") -> Any:
    """Run the lookup of `name` (glibc's `getent hosts`; nslookup in a pod without getent) under a trace."""
    quoted = shlex.quote(name)
    if pod:
        return trace_in_pod(target, namespace, pod, [f"getent hosts {quoted}", f"nslookup {quoted}"])
    return trace_command(target, f"getent hosts {quoted}", host)


def resolv_conf(target: Any, host: str = "host", pod: Optional[str] = None, namespace: str = "default") -> str:
    if pod:
        cmd = f"kubectl exec -n {shlex.quote(namespace)} {shlex.quote(pod)} -- cat /etc/resolv.conf"
        run = target.run
    else:
        cmd, run = "cat /etc/resolv.conf", (target.lab if hasattr(target, "store") else target).host(host).run
    r = run(cmd)
    return (r.stdout + r.stderr).rstrip()


def ndots_decision(name: str, conf: str) -> str:
    """The resolver's first decision, from resolv.conf's `options ndots:N` (default 1) and search list."""
    ndots, search = 1, []
    for line in conf.splitlines():
        words = line.split()
        if words and words[0] in ("search", "domain"):
            search = words[1:]
        elif words and words[0] == "options":
            for opt in words[1:]:
                if opt.startswith("ndots:") and opt[6:].isdigit():
                    ndots = min(int(opt[6:]), 15)
    dots = name.rstrip(".").count(".")
    if name.endswith("."):
        return f"{name} ends with a dot: asked as is, no search list"
    order = "search list first, then the name as is" if dots < ndots else "the name as is first, then the search list"
    return f"{name}: {dots} dot(s) {'<' if dots < ndots else '>='} ndots:{ndots}: {order} ({' '.join(search) or 'no search list'})"


def explain_name(target: Any, name: str, host: str = "host", pod: Optional[str] = None,
                 namespace: str = "default") -> str:
    """The expansion of `name` as text: resolv.conf, the decision (dots vs ndots), each query and answer."""
    name = name.strip()
    if not name or any(c.isspace() for c in name):
        return f"{name!r} is not a host name"
    where = f"pod {namespace}/{pod}" if pod else host
    t = lookup_trace(target, name, host, pod, namespace)
    lines = [f"Resolving {name} in {where}", "/etc/resolv.conf:"]
    lines += ["  " + line for line in resolv_conf(target, host, pod, namespace).splitlines()]
    conf = resolv_conf(target, host, pod, namespace)
    if not any(h.step == "dns" and "ndots:" in h.detail for h in t.hops):
        lines.append("  " + ndots_decision(name, conf))
    asked = 0
    for hop in t.hops:
        if hop.step != "dns":
            continue
        if hop.detail.startswith("query "):
            asked += 1
            lines.append(f"  {asked}. {hop.detail[len('query '):]}")
        else:
            lines.append(f"  {hop.detail}")
    if asked == 0 and not any(h.step == "dns" for h in t.hops):
        lines.append("  (no DNS query was sent)")
    out = (t.result.stdout + t.result.stderr).rstrip()
    tool = t.command.split(" -- ", 1)[-1]
    lines.append(f"$ {tool}  (exit {t.result.returncode})")
    lines += ["  " + line for line in out.splitlines()[:8]]
    return "\n".join(lines)


class DnsExplorer:
    """A name box (and where to resolve it); shows the search-list expansion with ndots, step by step."""

    def __init__(self, target: Any, name: str = "kubernetes", host: str = "host", pod: Optional[str] = None,
                 namespace: str = "default") -> None:
        import ipywidgets as w

        self.target = target
        self.host = host
        self.pod = pod
        self.namespace = namespace
        self.name = w.Text(value=name, description="name", continuous_update=False)
        self.output = w.HTML()
        self.name.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox([self.name, self.output])
        self.widget.add_class("course-dns-explorer")
        self.update()

    def explain(self, name: Optional[str] = None) -> str:
        return explain_name(self.target, self.name.value if name is None else name, self.host, self.pod,
                            self.namespace)

    def update(self) -> None:
        self.output.value = f"<pre>{html.escape(self.explain())}</pre>"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
