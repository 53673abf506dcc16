"""HTTP over the simulated TCP: messages, the servers images run, and the curl and wget clients."""
