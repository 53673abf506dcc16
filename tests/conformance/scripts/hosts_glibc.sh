# /etc/hosts as glibc 2.36 reads it: several lines for a name, aliases, ::1 and v4-mapped lines,
# comments mid-line, tabs, bad addresses, case, trailing dots, numeric names.
printf '10.1.1.1 files.example.org files\n10.1.1.4 files f4 files.example.org\n10.1.1.1 files dup\n2001:db8::5 v6host files\n::ffff:10.9.9.9 mapped\n10.1.1.300 bad\nbogus line\n10.2.2.2\tMixed.Case\tMC # comment\n10.3.3.3 # a comment only\n' >> /etc/hosts
getent hosts files
getent hosts files.example.org
getent ahosts files
getent -A ahostsv4 files
getent -A ahostsv4 localhost
getent -A ahostsv4 ip6-localhost
getent -A ahostsv6 files
getent ahostsv6 files
getent hosts
getent ahosts
getent hosts mapped
getent hosts 10.9.9.9
getent hosts ::ffff:10.9.9.9
getent ahosts ::ffff:10.1.1.1
getent hosts mixed.case
getent hosts mc
getent hosts MIXED.CASE
getent hosts bad
getent hosts bogus
getent hosts 10.3.3.3
getent hosts localhost.
getent ahosts 127.1
getent hosts 127.1
getent hosts 0::1
getent hosts ip6-localhost
getent hosts 10.1.1.1
