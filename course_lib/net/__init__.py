"""Simulated Linux network: a pure model of machines, netns, links, addresses, routes and packets."""
