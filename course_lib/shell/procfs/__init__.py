"""The simulated /proc/net files: each made from the current netns's model (routes, neighbours, sockets)."""
