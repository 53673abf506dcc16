"""net-tools 2.10 statistics.c's tables for `netstat -s`: each MIB key's text and kind, in the source's order.

The order matters: netstat finds a key with bsearch() over these tables, and a few are not sorted the
way strcmp sorts them ("Forwarding" comes before "ForwDatagrams"), so bsearch misses them and netstat
prints them the way it prints keys it does not know ("Forwarding: 2"). Kinds: N number, O printed
when not 0, S/F/R static (printed only with a flag netstat never sets), I/P the ICMP input/output
histogram lines (printed when not 0, after the histogram's title).
"""
from __future__ import annotations

IP = [
    ("DefaultTTL", "Default TTL is %llu", "S"), ("Forwarding", "Forwarding is %s", "F"),
    ("ForwDatagrams", "%llu forwarded", "N"), ("FragCreates", "%llu fragments created", "O"),
    ("FragFails", "%llu outgoing packets failed fragmentation", "O"),
    ("FragOKs", "%llu outgoing packets fragmented ok", "O"), ("InAddrErrors", "%llu with invalid addresses", "O"),
    ("InDelivers", "%llu incoming packets delivered", "N"), ("InDiscards", "%llu incoming packets discarded", "N"),
    ("InHdrErrors", "%llu with invalid headers", "O"), ("InReceives", "%llu total packets received", "N"),
    ("InUnknownProtos", "%llu with unknown protocol", "O"), ("OutDiscards", "%llu outgoing packets dropped", "O"),
    ("OutNoRoutes", "%llu dropped because of missing route", "O"), ("OutRequests", "%llu requests sent out", "N"),
    ("ReasmFails", "%llu packet reassemblies failed", "O"), ("ReasmOKs", "%llu packets reassembled ok", "O"),
    ("ReasmReqds", "%llu reassemblies required", "O"), ("ReasmTimeout", "%llu fragments dropped after timeout", "O"),
]
ICMP = [
    ("InAddrMaskReps", "address mask replies: %llu", "I"), ("InAddrMasks", "address mask request: %llu", "I"),
    ("InDestUnreachs", "destination unreachable: %llu", "I"), ("InEchoReps", "echo replies: %llu", "I"),
    ("InEchos", "echo requests: %llu", "I"), ("InErrors", "%llu input ICMP message failed", "N"),
    ("InMsgs", "%llu ICMP messages received", "N"), ("InParmProbs", "wrong parameters: %llu", "I"),
    ("InRedirects", "redirects: %llu", "I"), ("InSrcQuenchs", "source quenches: %llu", "I"),
    ("InTimeExcds", "timeout in transit: %llu", "I"), ("InTimestampReps", "timestamp reply: %llu", "I"),
    ("InTimestamps", "timestamp request: %llu", "I"), ("OutAddrMaskReps", "address mask replies: %llu", "P"),
    ("OutAddrMasks", "address mask requests: %llu", "P"), ("OutDestUnreachs", "destination unreachable: %llu", "P"),
    ("OutEchoReps", "echo replies: %llu", "P"), ("OutEchos", "echo requests: %llu", "P"),
    ("OutErrors", "%llu ICMP messages failed", "N"), ("OutMsgs", "%llu ICMP messages sent", "N"),
    ("OutParmProbs", "wrong parameters: %llu", "P"), ("OutRedirects", "redirect: %llu", "P"),
    ("OutSrcQuenchs", "source quench: %llu", "P"), ("OutTimeExcds", "time exceeded: %llu", "P"),
    ("OutTimestampReps", "timestamp replies: %llu", "P"), ("OutTimestamps", "timestamp requests: %llu", "P"),
]
TCP = [
    ("ActiveOpens", "%llu active connection openings", "N"), ("AttemptFails", "%llu failed connection attempts", "N"),
    ("CurrEstab", "%llu connections established", "N"), ("EstabResets", "%llu connection resets received", "N"),
    ("InErrs", "%llu bad segments received", "N"), ("InSegs", "%llu segments received", "N"), ("MaxConn", "", "N"),
    ("OutRsts", "%llu resets sent", "N"), ("OutSegs", "%llu segments sent out", "N"),
    ("PassiveOpens", "%llu passive connection openings", "N"), ("RetransSegs", "%llu segments retransmitted", "N"),
    ("RtoAlgorithm", "RTO algorithm is %s", "R"), ("RtoMax", "", "N"), ("RtoMin", "", "N"),
]
UDP = [
    ("InDatagrams", "%llu packets received", "N"), ("InErrors", "%llu packet receive errors", "N"),
    ("NoPorts", "%llu packets to unknown port received", "N"), ("OutDatagrams", "%llu packets sent", "N"),
    ("RcvbufErrors", "%llu receive buffer errors", "N"), ("SndbufErrors", "%llu send buffer errors", "N"),
]
_TCPEXT_TEXT = """DelayedACKLocked|%llu delayed acks further delayed because of locked socket|O
DelayedACKLost|Quick ack mode was activated %llu times|O
DelayedACKs|%llu delayed acks sent|O
EmbryonicRsts|%llu resets received for embryonic SYN_RECV sockets|O
ListenDrops|%llu SYNs to LISTEN sockets dropped|O
ListenOverflows|%llu times the listen queue of a socket overflowed|O
LockDroppedIcmps|%llu ICMP packets dropped because socket was locked|O
OfoPruned|%llu packets dropped from out-of-order queue because of socket buffer overrun|O
OutOfWindowIcmps|%llu ICMP packets dropped because they were out-of-window|O
PAWSActive|%llu active connections rejected because of time stamp|O
PAWSEstab|%llu packetes rejected in established connections because of timestamp|O
PAWSPassive|%llu passive connections rejected because of time stamp|O
PruneCalled|%llu packets pruned from receive queue because of socket buffer overrun|O
RcvPruned|%llu packets pruned from receive queue|O
SockMallocOOM|Ran %llu times out of system memory during packet sending|O
SyncookiesFailed|%llu invalid SYN cookies received|O
SyncookiesRecv|%llu SYN cookies received|O
SyncookiesSent|%llu SYN cookies sent|O
TCPAbortFailed|%llu times unable to send RST due to no memory|O
TCPAbortOnClose|%llu connections reset due to early user close|O
TCPAbortOnData|%llu connections reset due to unexpected data|O
TCPAbortOnLinger|%llu connections aborted after user close in linger timeout|O
TCPAbortOnMemory|%llu connections aborted due to memory pressure|O
TCPAbortOnSyn|%llu connections reset due to unexpected SYN|O
TCPAbortOnTimeout|%llu connections aborted due to timeout|O
TCPDirectCopyFromBacklog|%llu bytes directly in process context from backlog|O
TCPDirectCopyFromPrequeue|%llu bytes directly received in process context from prequeue|O
TCPDSACKOfoRecv|%llu DSACKs for out of order packets received|O
TCPDSACKOfoSent|%llu DSACKs sent for out of order packets|O
TCPDSACKOldSent|%llu DSACKs sent for old packets|O
TCPDSACKRecv|%llu DSACKs received|O
TCPDSackUndo|%llu congestion window recovered without slow start using DSACK|O
TCPDSACKUndo|%llu congestion windows recovered without slow start by DSACK|O
TCPFACKReorder|Detected reordering %llu times using FACK|O
TCPFastRetrans|%llu fast retransmits|O
TCPForwardRetrans|%llu forward retransmits|O
TCPFullUndo|%llu congestion windows fully recovered without slow start|O
TCPHPAcks|%llu predicted acknowledgments|O
TCPHPHits|%llu packet headers predicted|N
TCPHPHitsToUser|%llu packet headers predicted and directly queued to user|O
TCPLossFailures|%llu timeouts in loss state|O
TCPLoss|%llu TCP data loss events|O
TCPLossUndo|%llu congestion windows recovered without slow start after partial ack|O
TCPLostRetransmits|%llu retransmits lost|O
TCPMemoryPressures|TCP ran low on memory %llu times|O
TCPPartialUndo|%llu congestion windows partially recovered using Hoe heuristic|O
TCPPrequeued|%llu packets directly queued to recvmsg prequeue|O
TCPPrequeueDropped|%llu packets dropped from prequeue|O
TCPPureAcks|%llu acknowledgments not containing data payload received|O
TCPRcvCollapsed|%llu packets collapsed in receive queue due to low socket buffer|O
TCPRenoFailures|%llu timeouts after reno fast retransmit|O
TCPRenoRecoveryFailed|%llu reno fast retransmits failed|O
TCPRenoRecoveryFail|%llu classic Reno fast retransmits failed|O
TCPRenoRecovery|%llu times recovered from packet loss due to fast retransmit|O
TCPRenoReorder|Detected reordering %llu times using reno fast retransmit|O
TCPSackFailures|%llu timeouts after SACK recovery|O
TCPSackRecoveryFail|%llu SACK retransmits failed|O
TCPSackRecovery|%llu times recovered from packet loss by selective acknowledgements|O
TCPSACKReneging|%llu bad SACK blocks received|O
TCPSACKReorder|Detected reordering %llu times using SACK|O
TCPSchedulerFailed|%llu times receiver scheduled too late for direct processing|O
TCPSlowStartRetrans|%llu retransmits in slow start|O
TCPTimeouts|%llu other TCP timeouts|O
TCPTSReorder|Detected reordering %llu times using time stamp|O
TWKilled|%llu TCP sockets finished time wait in slow timer|O
TW|%llu TCP sockets finished time wait in fast timer|O
TWRecycled|%llu time wait sockets recycled by time stamp|O"""
TCPEXT = [tuple(line.split("|")) for line in _TCPEXT_TEXT.splitlines()]

# snmptabs: title -> (table, which flag shows it: raw, tcp, udp)
SNMP_TABS = {"Ip": (IP, "raw"), "Icmp": (ICMP, "raw"), "Tcp": (TCP, "tcp"), "Udp": (UDP, "udp"),
             "Sctp": ([], "sctp"), "TcpExt": (TCPEXT, "tcp")}
