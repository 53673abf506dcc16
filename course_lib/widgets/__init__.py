"""Notebook views of the lab: topology pictures, a terminal and calculators (ipywidgets, matplotlib).

Imported on use only: `from course_lib.widgets import Terminal, SubnetCalculator, TopologyView,
RouteLookup`. The model never
imports this package.
"""
from __future__ import annotations

from typing import Any

__all__ = ["Terminal", "SubnetCalculator", "TopologyView", "RouteLookup", "draw", "TraceStepper", "DnsExplorer",
           "IngressTester", "KubeProxyWalker", "draw_cluster"]
_MINE = {"TraceStepper": "stepper", "DnsExplorer": "dns_explorer", "IngressTester": "ingress_tester",
         "KubeProxyWalker": "kubeproxy_walker", "draw_cluster": "cluster_draw"}


def __getattr__(name: str) -> Any:
    if name == "Terminal":
        from course_lib.widgets.terminal import Terminal
        return Terminal
    if name == "SubnetCalculator":
        from course_lib.widgets.subnet import SubnetCalculator
        return SubnetCalculator
    if name == "RouteLookup":             # the model-based lookup (longest prefix, metric, why)
        from course_lib.widgets.route_lookup import RouteLookup
        return RouteLookup
    if name == "TopologyView":
        from course_lib.widgets import views
        return getattr(views, name)
    if name in _MINE:
        import importlib
        return getattr(importlib.import_module(f"course_lib.widgets.{_MINE[name]}"), name)
    if name == "draw":
        from course_lib.widgets.topology import draw
        return draw
    raise AttributeError(f"module 'course_lib.widgets' has no attribute {name!r}")
