"""`kubectl top node|pod`: a kubeadm cluster has no metrics-server, so the Metrics API is not served.

kubectl's top commands first check discovery for metrics.k8s.io (SupportedMetricsAPIVersionAvailable)
and fail with 'Metrics API not available' before they look at any node or pod.
"""
from __future__ import annotations

from course_lib.k8s.kubectl.flags import NAMESPACE_ALL, parse
from course_lib.k8s.kubectl.help import help_text
from course_lib.k8s.kubectl.main import KubectlError, Kx, sub
from course_lib.result import CommandResult

NODE = ("node", "nodes", "no")
POD = ("pod", "pods", "po")


@sub("top")
def top(kx: Kx, args: list[str], stdin: str) -> CommandResult:
    what = args[0] if args else ""
    if what not in NODE + POD:
        if what and not what.startswith("-"):       # DefaultSubCommandRun
            raise KubectlError(f'error: unknown command "{what}"\nSee \'kubectl top -h\' for help and examples\n')
        if what.startswith("--"):
            raise KubectlError(f"error: unknown flag: {what.split('=', 1)[0]}\nSee 'kubectl top --help' for usage.\n")
        return CommandResult("", help_text("top"), 1)  # kubectl 1.30: the help on stderr, exit 1
    values = {"-l": "selector", "--selector": "selector", "--sort-by": "sort_by", "--field-selector": "fs"}
    bools = {"--no-headers": "no_headers", "--use-protocol-buffers": "pb", "--show-capacity": "capacity"}
    if what in POD:
        bools.update({**NAMESPACE_ALL, "--containers": "containers", "--sum": "sum"})
    parse(f"top {what}", args[1:], bools, values)
    raise KubectlError("error: Metrics API not available\n")
