"""The `ip` command of iproute2 6.1: parsing in options/link/addr/route/neigh/netns, text in format."""
