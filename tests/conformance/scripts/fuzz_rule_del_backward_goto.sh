# Found by the wide random scripts (seed 900): ip rule del parses the request as fib_nl2rule does, so a goto at or
# before the rule's preference (given, or else the default preference a new rule would get) is 'Backward goto not
# supported' before any rule is looked for.
ip rule del to 10.62.0.0/16 fwmark 0x2 priority 40000 goto 32766
ip rule del goto 100
ip rule del goto 40000
ip rule del priority 500 goto 500
ip rule del priority 500 goto
ip rule add priority 500 goto 600
ip rule del goto 600
ip rule del priority 500 goto 600
ip rule
