"""A small synchronous rtnetlink connection: pyroute2's message classes over a plain socket.

One request = encode, one send, read until the ACK/DONE: no event loop, no thread, no fork, so a
mutation costs about what it costs iproute2. Errors come back as pyroute2's NetlinkError(code, text)
with the kernel's extended-ack message when there is one (as iproute2 prints it).
"""
from __future__ import annotations

import socket
import struct
from typing import Any, Optional

from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.rtnl.fibmsg import fibmsg
from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg
from pyroute2.netlink.rtnl.nsidmsg import nsidmsg
from pyroute2.netlink.rtnl.rtmsg import rtmsg

from course_lib.backends.real.routemsg import routemsg

SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NETLINK_GET_STRICT_CHK = 12
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP = 1, 2, 4, 0x300
NLM_F_EXCL, NLM_F_CREATE, NLM_F_REPLACE, NLM_F_APPEND = 0x200, 0x400, 0x100, 0x800
HOW_FLAGS = {"add": NLM_F_CREATE | NLM_F_EXCL, "replace": NLM_F_CREATE | NLM_F_REPLACE,   # ip ... add|replace|...
             "change": NLM_F_REPLACE, "append": NLM_F_CREATE | NLM_F_APPEND, "prepend": NLM_F_CREATE}
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLMSGERR_ATTR_MSG = 1
NLM_F_ACK_TLVS = 0x200
RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK = 16, 17, 18
RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR = 20, 21, 22
RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE = 24, 25, 26
RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH = 28, 29, 30
RTM_NEWRULE, RTM_DELRULE, RTM_GETRULE = 32, 33, 34
RTM_NEWNSID, RTM_GETNSID = 88, 90
RTM_NEWLINKPROP, RTM_DELLINKPROP = 108, 109
PARSERS = {RTM_NEWLINK: ifinfmsg, RTM_NEWADDR: ifaddrmsg, RTM_NEWROUTE: routemsg, RTM_NEWNEIGH: ndmsg,
           RTM_NEWNSID: nsidmsg, RTM_NEWRULE: fibmsg}
_HDR = struct.Struct("=IHHII")


class NetlinkConn:
    """Requests on one NETLINK_ROUTE socket (made inside a netns: the socket stays bound to it)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        sock.bind((0, 0))
        self.seq = 0

    def close(self) -> None:
        self.sock.close()

    def request(self, msg: Any, msg_type: int, flags: int = NLM_F_ACK, raw: bool = False) -> list[Any]:
        """Send one message; return the decoded replies (dumps, gets); raise NetlinkError on refusal."""
        self.seq += 1
        seq = self.seq
        msg["header"]["type"] = msg_type
        msg["header"]["flags"] = NLM_F_REQUEST | flags
        msg["header"]["sequence_number"] = seq
        msg["header"]["pid"] = 0
        msg.encode()
        self.sock.send(msg.data)
        replies: list[Any] = []
        while True:
            data = self.sock.recv(1 << 20)
            offset = 0
            while offset + 16 <= len(data):
                length, kind, mflags, mseq, _pid = _HDR.unpack_from(data, offset)
                if length < 16:
                    return replies
                if mseq != seq:
                    offset += (length + 3) & ~3
                    continue
                if kind == NLMSG_ERROR:
                    code = -struct.unpack_from("=i", data, offset + 16)[0]
                    if code:
                        raise NetlinkError(code, _extack(data, offset, length, mflags) or _strerror(code))
                    return replies
                if kind == NLMSG_DONE:
                    code = -struct.unpack_from("=i", data, offset + 16)[0] if length >= 20 else 0
                    if code > 0:                     # a dump the kernel refused (strict checking)
                        raise NetlinkError(code, _extack(data, offset, length, mflags) or _strerror(code))
                    return replies
                if raw:
                    replies.append(bytes(data[offset:offset + length]))
                else:
                    parser = PARSERS.get(kind)
                    if parser is not None:
                        reply = parser(data[offset:offset + length])
                        reply.decode()
                        replies.append(reply)
                offset += (length + 3) & ~3
                if not mflags & NLM_F_MULTI and not flags & NLM_F_ACK:
                    return replies

    def dump(self, msg: Any, msg_type: int) -> list[Any]:
        return self.request(msg, msg_type, NLM_F_DUMP)

    # -- the requests the backend makes often -------------------------------------------------
    def link_index(self, name: str) -> Optional[int]:
        """ifindex of a link by name (one RTM_GETLINK, the reply read raw): None when absent."""
        msg = ifinfmsg()                        # a name too long for IFLA_IFNAME can only be an altname
        msg["attrs"] = [("IFLA_IFNAME" if len(name) < 16 else "IFLA_ALT_IFNAME", name), ("IFLA_EXT_MASK", 0)]
        try:
            raw = self.request(msg, RTM_GETLINK, 0, raw=True)
        except NetlinkError:
            return None
        return struct.unpack_from("=i", raw[0], 16 + 4)[0] if raw else None

    def links(self) -> list[bytes]:
        """Every link of the netns as raw RTM_NEWLINK messages (see kernel_records.parse_link)."""
        return self.request(ifinfmsg(), RTM_GETLINK, NLM_F_DUMP, raw=True)

    def bridge_links(self) -> list[bytes]:
        """The AF_BRIDGE link dump (bridge ports with IFLA_PROTINFO), raw."""
        msg = ifinfmsg()
        msg["family"] = socket.AF_BRIDGE
        return self.request(msg, RTM_GETLINK, NLM_F_DUMP, raw=True)

    def addresses(self, family: int = 0) -> list[Any]:
        msg = ifaddrmsg()
        msg["family"] = family
        return self.dump(msg, RTM_GETADDR)

    def routes(self, family: int) -> list[Any]:
        msg = rtmsg()
        msg["family"] = family
        return self.dump(msg, RTM_GETROUTE)

    def neighbours(self, family: int = 0) -> list[Any]:
        msg = ndmsg()
        msg["family"] = family
        return self.dump(msg, RTM_GETNEIGH)

    def nsid_of(self, fd: int) -> Optional[int]:
        msg = nsidmsg()
        msg["attrs"] = [("NETNSA_FD", fd)]
        try:
            reply = self.request(msg, RTM_GETNSID, 0)
        except NetlinkError:
            return None
        nsid = reply[0].get_attr("NETNSA_NSID") if reply else None
        return None if nsid is None or nsid >= 0x7FFFFFFF else nsid

    def set_nsid(self, fd: int, nsid: int) -> None:
        msg = nsidmsg()
        msg["attrs"] = [("NETNSA_FD", fd), ("NETNSA_NSID", nsid)]
        self.request(msg, RTM_NEWNSID)


def _extack(data: bytes, offset: int, length: int, flags: int) -> str:
    """The NLMSGERR_ATTR_MSG text of an error reply (after the echoed request header)."""
    if not flags & NLM_F_ACK_TLVS:
        return ""
    pos = offset + 16 + 4 + 16
    end = offset + length
    while pos + 4 <= end:
        alen, atype = struct.unpack_from("=HH", data, pos)
        if alen < 4:
            break
        if atype & 0x3FFF == NLMSGERR_ATTR_MSG:
            return bytes(data[pos + 4:pos + alen]).split(b"\0", 1)[0].decode(errors="replace")
        pos += (alen + 3) & ~3
    return ""


def _strerror(code: int) -> str:
    import os
    return os.strerror(code)
