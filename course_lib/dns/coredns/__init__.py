"""A CoreDNS server for the simulated network: the Corefile, the plugin chain and the daemon.

Hook for cluster DNS: `course_lib.dns.coredns.plugins_data.set_kubernetes_provider(fn)` plugs a
records provider into the `kubernetes` plugin (see that function's docstring).
"""
