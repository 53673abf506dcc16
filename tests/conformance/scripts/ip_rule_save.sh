# ip rule save / restore: a restore adds duplicates (no NLM_F_EXCL) and gives a preference-0 rule the default preference.
ip rule add from 10.0.0.0/8 table 100 pref 100
ip rule save > /tmp/ip_rule_save.dump
ip rule restore < /tmp/ip_rule_save.dump
ip rule
ip rule flush
ip rule
ip rule restore < /tmp/ip_rule_save.dump
ip rule
ip rule save table 100
echo garbage > /tmp/ip_rule_save.garbage
ip rule restore < /tmp/ip_rule_save.garbage
ip rule restore < /dev/null
ip rule showdump < /tmp/ip_rule_save.dump
ip rule del pref 100
ip -6 rule restore < /tmp/ip_rule_save.dump
ip rule
ip -6 rule
