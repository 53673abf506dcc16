"""Docker on a lab machine: the `docker` CLI, the engine's containers and networks, and its images."""
