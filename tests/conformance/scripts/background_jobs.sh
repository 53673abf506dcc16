# Background jobs (CMD &) running beside the foreground in model time: a listener in the background gets what a client sends, wait gives a job's status (143 after kill), a killed listener's port is free, a background ping writes its file, jobs lists jobs, the KILL/HUP notice (pid hidden), timeout in a job, wait -n.
export LANG=C
ip link set lo up
nc -l -p 8080 > /root/got & sleep 1; echo hi | nc -q 1 127.0.0.1 8080; sleep 1; cat /root/got
nc -l 8081 & sleep 0.5; echo hello | nc -N 127.0.0.1 8081; wait; echo rc=$?
(nc -l 8082 > /root/got2; echo got: $(cat /root/got2)) & sleep 0.5; echo hey | nc -N 127.0.0.1 8082; wait; echo rc=$?
nc -l 8083 & sleep 0.5; ss -lnt | grep -c 8083; kill %1; wait %1; echo rc=$?; ss -lnt | grep -c 8083
ping -c 3 127.0.0.1 > /root/log & sleep 5; grep -c bytes /root/log
ping -c 2 -q 127.0.0.1 & sleep 0.5; echo started; wait; echo end
sleep 10 & sleep 10 & jobs; kill %1 %2; wait; echo rc=$?
{ sleep 10 & sleep 0.2; kill -HUP %1; wait %1; echo rc=$?; } 2>&1 | sed 's/  *[0-9][0-9]* Hangup/ PID Hangup/'
{ sleep 10 & kill -9 $!; sleep 0.5; echo after; } 2>&1 | sed 's/  *[0-9][0-9]* Killed/ PID Killed/'
timeout 2 ping 127.0.0.1 > /root/t & wait $!; echo rc=$?; head -1 /root/t
sleep 2 & sleep 1 & wait -n; echo rc=$?; jobs; wait
(sleep 1; echo a) & echo b; wait
for i in 3 1 2; do (sleep $i; echo done $i) & done; wait; echo all
