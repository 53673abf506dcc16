"""CNI 1.0/1.1 on the simulated machines: the plugin protocol, the reference plugins and a runtime (libcni)."""
