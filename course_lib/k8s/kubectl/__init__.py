"""kubectl for the simulated cluster: one module per group of subcommands (see main.SUBCOMMANDS)."""
