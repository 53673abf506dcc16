# Which socket tables ss queries: any query without a protocol includes DCCP, which this kernel lacks.
ss
ss -4
ss -w
ss -A raw
ss -x
ss -a -6
ss -S
ss -d
ss -M
ss -tua
ss -n
ss -o
ss -ta
ss -lntup
ss -A all
ss -A inet
ss -f inet
ss -A tcp,udp
