#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Crafted and random messages to the "ovnic" generic netlink family.

    genl-bad.py cases DEV          every case must fail as the table says
    genl-bad.py unpriv DEV         changes fail with EPERM, reads work
    genl-bad.py fuzz N SEED        N random messages; each gets an answer
    genl-bad.py dump-del           a per-queue STATS dump in many rounds;
                                   between two of them the device it is in
                                   the middle of is deleted (vdpa dev del):
                                   every queue of every other device must
                                   come exactly once

DEV is an existing ovnic device; the cases never name it in a request that
could succeed in changing something.  Exit status 0 when every check held.
"""
import errno
import os
import random
import socket
import struct
import subprocess
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NETLINK_CAP_ACK = 10
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_MISS_TYPE = 1, 5
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2

# uapi/linux/ovnic.h
DEV_GET, LINK_SET, QUEUES_SET, STATS_GET = 1, 2, 3, 4
COAL_GET, COAL_SET, RSS_GET, HASH_SET = 16, 17, 24, 25
A_PAD, A_DEV_NAME, A_LINK_UP, A_LINK_LOOPBACK = 1, 2, 16, 19
A_QUEUE_PAIRS_MAX, A_QUEUE_SIZE_MAX = 24, 27
A_STATS_QUEUE_INDEX, A_STATS_PER_QUEUE = 32, 38
A_COAL_RX_USECS, A_COAL_ADAPTIVE_RX, A_COAL_IRQ_RATE = 48, 52, 54
A_HASH_TUNNEL_POLICY, A_RSS_KEY = 69, 82
MAC_GET, MAC_SET = 32, 33
A_MAC_CURRENT, A_MAC_ALLOWED, A_MAC_TRUST, A_MAC_SPOOFCHK = 104, 105, 106, 107
A_MAC_CLAIMED, MACL_ADDR = 109, 1
NLA_F_NESTED = 0x8000


def attr(t, payload):
    hdr = struct.pack("=HH", 4 + len(payload), t)
    return hdr + payload + b"\0" * (-len(payload) % 4)


def s(t, text):
    return attr(t, text.encode() + b"\0")


def u8(t, v):
    return attr(t, struct.pack("=B", v))


def u16(t, v):
    return attr(t, struct.pack("=H", v))


def u32(t, v):
    return attr(t, struct.pack("=I", v))


def nest(t, *entries):
    return attr(t | NLA_F_NESTED, b"".join(entries))


def mac(text):
    return attr(MACL_ADDR, bytes.fromhex(text.replace(":", "")))


class Genl:
    def __init__(self, rcvbuf=None, family=None):
        """@family: the ovnic family's id, not asked for again (the answer
        would raise the size of the socket's dump rounds to 32 KB)."""
        self.sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        if rcvbuf is not None:
            self.sk.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sk.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sk.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sk.bind((0, 0))
        self.sk.settimeout(30)
        self.seq = 0
        self.family = family
        if family is not None:
            return
        err, _, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                       s(CTRL_ATTR_FAMILY_NAME, "ovnic"))
        if err:
            sys.exit("genl-bad: no ovnic family: %s" % os.strerror(err))
        for a_type, payload in parse_attrs(replies[0][4:]):
            if a_type == CTRL_ATTR_FAMILY_ID:
                self.family = struct.unpack("=H", payload[:2])[0]

    def raw(self, msg_type, body, flags=NLM_F_REQUEST | NLM_F_ACK, total=None):
        """Sends nlmsghdr + body; returns (errno, extack msg, miss, replies)."""
        self.seq += 1
        length = 16 + len(body) if total is None else total
        self.sk.send(struct.pack("=IHHII", length, msg_type, flags, self.seq, 0) + body)
        replies = []
        while True:
            data = self.sk.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                ln, typ, fl, seq, _ = struct.unpack_from("=IHHII", data, off)
                if ln < 16:
                    raise RuntimeError("bad reply length")
                payload = data[off + 16:off + ln]
                off += (ln + 3) & ~3
                if seq != self.seq:
                    continue
                if typ == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", payload)[0]
                    msg, miss = None, None
                    tlv = 4 + (16 if fl & NLM_F_CAPPED else
                               struct.unpack_from("=I", payload, 4)[0])
                    if fl & NLM_F_ACK_TLVS:
                        for a_type, p in parse_attrs(payload[tlv:]):
                            if a_type == NLMSGERR_ATTR_MSG:
                                msg = p.rstrip(b"\0").decode()
                            if a_type == NLMSGERR_ATTR_MISS_TYPE:
                                miss = struct.unpack("=I", p)[0]
                    return err, msg, miss, replies
                if typ == NLMSG_DONE:
                    err = -struct.unpack_from("=i", payload)[0]
                    msg = None
                    if fl & NLM_F_ACK_TLVS:
                        for a_type, p in parse_attrs(payload[4:]):
                            if a_type == NLMSGERR_ATTR_MSG:
                                msg = p.rstrip(b"\0").decode()
                    return err, msg, None, replies
                replies.append(payload)

    def request(self, family, cmd, attrs, flags=NLM_F_REQUEST | NLM_F_ACK):
        err, msg, _, replies = self.raw(family, struct.pack("=BBH", cmd, 1, 0) + attrs,
                                        flags)
        return err, msg, replies

    def ovnic(self, cmd, attrs=b"", flags=NLM_F_REQUEST | NLM_F_ACK, **kw):
        return self.raw(self.family, struct.pack("=BBH", cmd, 1, 0) + attrs, flags, **kw)


def parse_attrs(data):
    off = 0
    while off + 4 <= len(data):
        ln, t = struct.unpack_from("=HH", data, off)
        if ln < 4:
            break
        yield t & 0x3fff, data[off + 4:off + ln]
        off += (ln + 3) & ~3


failures = 0


def check(name, got, want_errs, want_msg=None, want_miss=None, core=False):
    """got: (errno, msg, miss, replies); want_errs: allowed errnos.

    Every error of the family's ops and policies says why; @core errors
    come from genetlink before the family (unknown command, no header),
    which sets no message.
    """
    global failures
    err, msg, miss, _ = got
    ok = err in want_errs
    if want_errs != (0,) and err and not core:
        ok = ok and bool(msg or miss)
    if want_msg is not None:
        ok = ok and msg is not None and want_msg in msg
    if want_miss is not None:
        ok = ok and miss == want_miss
    print("%-4s %-44s %-12s %s" % ("ok" if ok else "FAIL", name,
                                   errno.errorcode.get(err, str(err)), msg))
    if not ok:
        failures += 1


EINVAL, ERANGE, ENODEV = (errno.EINVAL,), (errno.ERANGE,), (errno.ENODEV,)
BADVAL = (errno.EINVAL, errno.ERANGE)
DUMP = NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP


def cases(g, dev):
    name = s(A_DEV_NAME, dev)
    c = lambda n, cmd, attrs, *a, **kw: check(n, g.ovnic(cmd, attrs, **kw.pop("o", {})), *a, **kw)
    c("dev_get without a name", DEV_GET, b"", EINVAL, "the device name is missing",
      want_miss=A_DEV_NAME)
    c("dev_get name not NUL-terminated", DEV_GET, attr(A_DEV_NAME, b"d0d0"), EINVAL)
    c("dev_get name as u32, no NUL", DEV_GET, u32(A_DEV_NAME, 0x41424344), BADVAL)
    c("dev_get name of 4000 bytes", DEV_GET, s(A_DEV_NAME, "x" * 4000), BADVAL)
    c("dev_get name of 63 bytes, no device", DEV_GET, s(A_DEV_NAME, "y" * 63), ENODEV,
      "no ovnic device of this name")
    c("dev_get empty name", DEV_GET, s(A_DEV_NAME, ""), ENODEV)
    c("dev_get unknown device", DEV_GET, s(A_DEV_NAME, "nosuch"), ENODEV,
      "no ovnic device of this name")
    c("dev_get unknown attribute", DEV_GET, name + u8(250, 1), EINVAL)
    c("dev_get pad attribute", DEV_GET, name + attr(A_PAD, b""), EINVAL)
    c("dev_get attribute of another command", DEV_GET, name + u8(A_LINK_UP, 0), EINVAL)
    c("dev_get with loopback", DEV_GET, name + u8(A_LINK_LOOPBACK, 0), EINVAL)
    c("dev_get attribute running past the end", DEV_GET,
      struct.pack("=HH", 64, A_DEV_NAME) + b"d0\0\0", EINVAL)
    c("dev_get attribute shorter than its header", DEV_GET,
      struct.pack("=HH", 2, A_DEV_NAME) + b"d0\0\0", EINVAL)
    c("dev_get trailing bytes", DEV_GET, name + b"\1\2\3", EINVAL)
    c("dev_get dump with an attribute", DEV_GET, name, EINVAL, o={"flags": DUMP})
    c("dev_get dump with a pad", DEV_GET, attr(A_PAD, b""), EINVAL, o={"flags": DUMP})
    c("link_set neither state nor loopback", LINK_SET, name, EINVAL,
      "nothing to set: give the link state or loopback")
    c("link_set state 2", LINK_SET, name + u8(A_LINK_UP, 2), BADVAL)
    c("link_set loopback 2", LINK_SET, name + u8(A_LINK_LOOPBACK, 2), BADVAL)
    c("link_set loopback 255", LINK_SET, name + u8(A_LINK_LOOPBACK, 255), BADVAL)
    c("link_set loopback as u32", LINK_SET, name + u32(A_LINK_LOOPBACK, 1), EINVAL)
    c("link_set loopback as a flag", LINK_SET, name + attr(A_LINK_LOOPBACK, b""), EINVAL)
    c("link_set good state, bad loopback", LINK_SET,
      name + u8(A_LINK_UP, 0) + u8(A_LINK_LOOPBACK, 3), BADVAL)
    c("link_set bad state, good loopback", LINK_SET,
      name + u8(A_LINK_UP, 7) + u8(A_LINK_LOOPBACK, 1), BADVAL)
    c("link_set loopback, unknown device", LINK_SET,
      s(A_DEV_NAME, "nosuch") + u8(A_LINK_LOOPBACK, 1), ENODEV)
    c("link_set loopback without a name", LINK_SET, u8(A_LINK_LOOPBACK, 1), EINVAL,
      "the device name is missing")
    c("link_set state 255", LINK_SET, name + u8(A_LINK_UP, 255), BADVAL)
    c("link_set state as u32", LINK_SET, name + u32(A_LINK_UP, 0), EINVAL)
    c("link_set without a name", LINK_SET, u8(A_LINK_UP, 0), EINVAL,
      "the device name is missing")
    c("link_set unknown device", LINK_SET, s(A_DEV_NAME, "nosuch") + u8(A_LINK_UP, 0), ENODEV)
    c("queues_set nothing to set", QUEUES_SET, name, EINVAL, "nothing to set")
    c("queues_set 0 pairs", QUEUES_SET, name + u16(A_QUEUE_PAIRS_MAX, 0), BADVAL)
    c("queues_set 1000 pairs", QUEUES_SET, name + u16(A_QUEUE_PAIRS_MAX, 1000), BADVAL)
    c("queues_set more pairs than provisioned", QUEUES_SET,
      name + u16(A_QUEUE_PAIRS_MAX, 32), ERANGE, "provisioned at dev add")
    c("queues_set ring size 1", QUEUES_SET, name + u16(A_QUEUE_SIZE_MAX, 1), BADVAL)
    c("queues_set ring size 1000", QUEUES_SET, name + u16(A_QUEUE_SIZE_MAX, 1000), EINVAL,
      "power of 2")
    c("queues_set ring size 32768", QUEUES_SET, name + u16(A_QUEUE_SIZE_MAX, 32768), ERANGE,
      "ring size above the card's")
    c("queues_set good pairs, bad size", QUEUES_SET,
      name + u16(A_QUEUE_PAIRS_MAX, 1) + u16(A_QUEUE_SIZE_MAX, 3), EINVAL)
    c("queues_set pairs as u8", QUEUES_SET, name + u8(A_QUEUE_PAIRS_MAX, 1), EINVAL)
    c("stats_get queue 9999", STATS_GET, name + u16(A_STATS_QUEUE_INDEX, 9999), ERANGE,
      "the device has queues 0 to")
    c("stats_get queue as u8", STATS_GET, name + u8(A_STATS_QUEUE_INDEX, 1), EINVAL)
    c("stats_get per-queue flag on a do", STATS_GET, name + attr(A_STATS_PER_QUEUE, b""),
      EINVAL)
    c("stats_get dump, unknown device", STATS_GET, s(A_DEV_NAME, "nosuch"), ENODEV,
      "no ovnic device of this name", o={"flags": DUMP})
    c("stats_get dump, flag with a payload", STATS_GET,
      attr(A_STATS_PER_QUEUE, b"\1\0\0\0"), BADVAL, o={"flags": DUMP})
    c("stats_get dump, queue index", STATS_GET, u16(A_STATS_QUEUE_INDEX, 0), EINVAL,
      o={"flags": DUMP})
    # Dumps without a device filter refuse every attribute (the do takes
    # the name); without a policy they would ignore them and dump every
    # device.
    for cmd, op in ((COAL_GET, "coal_get"), (RSS_GET, "rss_get")):
        c(op + " dump with a device name", cmd, name, EINVAL, o={"flags": DUMP})
        c(op + " dump with an unknown device", cmd, s(A_DEV_NAME, "nosuch"), EINVAL,
          o={"flags": DUMP})
        c(op + " dump with a pad", cmd, attr(A_PAD, b""), EINVAL, o={"flags": DUMP})
        c(op + " dump with an unknown attribute", cmd, u8(250, 1), EINVAL,
          o={"flags": DUMP})
        c(op + " dump with the per-queue flag", cmd, attr(A_STATS_PER_QUEUE, b""), EINVAL,
          o={"flags": DUMP})
        c(op + " dump with a coalescing value", cmd, u32(A_COAL_RX_USECS, 5), EINVAL,
          o={"flags": DUMP})
        c(op + " dump with trailing bytes", cmd, b"\1\2\3", EINVAL, o={"flags": DUMP})
        c(op + " without a name", cmd, b"", EINVAL, "the device name is missing",
          want_miss=A_DEV_NAME)
        c(op + " unknown device", cmd, s(A_DEV_NAME, "nosuch"), ENODEV,
          "no ovnic device of this name")
        c(op + " unknown attribute", cmd, name + u8(250, 1), EINVAL)
        c(op + " trailing bytes", cmd, name + b"\1\2\3", EINVAL)
    c("coal_get with a coalescing value", COAL_GET, name + u32(A_COAL_RX_USECS, 5), EINVAL)
    c("rss_get with a tunnel policy", RSS_GET, name + u32(A_HASH_TUNNEL_POLICY, 1), EINVAL)
    c("coal_set nothing to set", COAL_SET, name, EINVAL, "nothing to set")
    c("coal_set rx usecs 2000000", COAL_SET, name + u32(A_COAL_RX_USECS, 2000000), BADVAL)
    c("coal_set irq rate 50", COAL_SET, name + u32(A_COAL_IRQ_RATE, 50), BADVAL)
    c("coal_set adaptive 2", COAL_SET, name + u8(A_COAL_ADAPTIVE_RX, 2), BADVAL)
    c("coal_set usecs as u8", COAL_SET, name + u8(A_COAL_RX_USECS, 1), EINVAL)
    c("coal_set with an RSS key", COAL_SET, name + attr(A_RSS_KEY, b"k" * 8), EINVAL)
    c("coal_set as a dump", COAL_SET, name + u32(A_COAL_RX_USECS, 5), (errno.EOPNOTSUPP,),
      o={"flags": DUMP}, core=True)
    c("hash_set without the policy", HASH_SET, name, EINVAL,
      want_miss=A_HASH_TUNNEL_POLICY)
    c("hash_set undefined tunnel bit", HASH_SET, name + u32(A_HASH_TUNNEL_POLICY, 0x200),
      BADVAL)
    c("hash_set policy as u16", HASH_SET, name + u16(A_HASH_TUNNEL_POLICY, 1), EINVAL)
    c("hash_set unknown device", HASH_SET,
      s(A_DEV_NAME, "nosuch") + u32(A_HASH_TUNNEL_POLICY, 1), ENODEV)
    # MAC policy: nothing here may pass (d0's policy must not change)
    m1, m2 = "02:00:00:00:66:01", "02:00:00:00:66:02"
    c("mac_get without a name", MAC_GET, b"", EINVAL, "the device name is missing",
      want_miss=A_DEV_NAME)
    c("mac_get with trust", MAC_GET, name + u8(A_MAC_TRUST, 1), EINVAL)
    c("mac_get dump with a name", MAC_GET, name, EINVAL, o={"flags": DUMP})
    c("mac_get unknown device", MAC_GET, s(A_DEV_NAME, "nosuch"), ENODEV,
      "no ovnic device of this name")
    c("mac_set nothing to set", MAC_SET, name, EINVAL, "nothing to set")
    c("mac_set without a name", MAC_SET, u8(A_MAC_TRUST, 1), EINVAL,
      "the device name is missing", want_miss=A_DEV_NAME)
    c("mac_set unknown device", MAC_SET, s(A_DEV_NAME, "nosuch") + u8(A_MAC_TRUST, 0),
      ENODEV)
    c("mac_set trust 2", MAC_SET, name + u8(A_MAC_TRUST, 2), BADVAL)
    c("mac_set trust as u32", MAC_SET, name + u32(A_MAC_TRUST, 1), EINVAL)
    c("mac_set spoofchk 3", MAC_SET, name + u8(A_MAC_SPOOFCHK, 3), BADVAL)
    c("mac_set spoofchk 255", MAC_SET, name + u8(A_MAC_SPOOFCHK, 255), BADVAL)
    c("mac_set spoofchk as a flag", MAC_SET, name + attr(A_MAC_SPOOFCHK, b""), EINVAL)
    c("mac_set good trust, bad spoofchk", MAC_SET,
      name + u8(A_MAC_TRUST, 1) + u8(A_MAC_SPOOFCHK, 7), BADVAL)
    c("mac_set allowed not a nest", MAC_SET,
      name + attr(A_MAC_ALLOWED, mac(m1)), EINVAL)
    c("mac_set allowed as a bare address", MAC_SET,
      name + attr(A_MAC_ALLOWED, bytes(6)), EINVAL)
    c("mac_set address of 5 bytes", MAC_SET,
      name + nest(A_MAC_ALLOWED, attr(MACL_ADDR, b"\2\0\0\0\0")), BADVAL,
      "binary attribute size out of range")
    c("mac_set address of 7 bytes", MAC_SET,
      name + nest(A_MAC_ALLOWED, mac(m1), attr(MACL_ADDR, b"\2" * 7)), BADVAL)
    c("mac_set address as a string", MAC_SET,
      name + nest(A_MAC_ALLOWED, s(MACL_ADDR, m1)), BADVAL)
    c("mac_set entry of type 0", MAC_SET,
      name + nest(A_MAC_ALLOWED, attr(0, bytes.fromhex("020000006601"))), EINVAL)
    c("mac_set entry of type 2", MAC_SET,
      name + nest(A_MAC_ALLOWED, attr(2, bytes.fromhex("020000006601"))), EINVAL)
    c("mac_set nest with trailing bytes", MAC_SET,
      name + nest(A_MAC_ALLOWED, mac(m1), b"\1\2"), EINVAL)
    c("mac_set 8 addresses", MAC_SET,
      name + nest(A_MAC_ALLOWED, *[mac("02:00:00:00:66:%02x" % i) for i in range(1, 9)]),
      EINVAL, "too many addresses: a device may be allowed 7")
    c("mac_set multicast address", MAC_SET,
      name + nest(A_MAC_ALLOWED, mac(m1), mac("01:00:5e:00:00:01")), EINVAL,
      "01:00:5e:00:00:01: a multicast address, no device can own it")
    c("mac_set broadcast address", MAC_SET,
      name + nest(A_MAC_ALLOWED, mac("ff:ff:ff:ff:ff:ff")), EINVAL, "multicast")
    c("mac_set zero address", MAC_SET,
      name + nest(A_MAC_ALLOWED, mac("00:00:00:00:00:00")), EINVAL,
      "no device can own the zero address")
    c("mac_set an address twice", MAC_SET,
      name + nest(A_MAC_ALLOWED, mac(m1), mac(m2), mac(m1)), EINVAL,
      "02:00:00:00:66:01: listed twice")
    c("mac_set bad list, good trust", MAC_SET,
      name + u8(A_MAC_TRUST, 1) + nest(A_MAC_ALLOWED, mac("01:00:00:00:00:01")), EINVAL)
    c("mac_set the current address (a reply's)", MAC_SET,
      name + attr(A_MAC_CURRENT, bytes.fromhex("020000006601")), EINVAL)
    c("mac_set claimed (a reply's)", MAC_SET,
      name + nest(A_MAC_CLAIMED, mac(m1)), EINVAL)
    c("mac_set attribute of another command", MAC_SET,
      name + u8(A_MAC_TRUST, 0) + u8(A_LINK_UP, 1), EINVAL)
    check("mac_set as a dump", g.ovnic(MAC_SET, name, DUMP), (errno.EOPNOTSUPP,),
          core=True)
    check("mac_get the device", g.ovnic(MAC_GET, name), (0,))
    check("mac_get dump", g.ovnic(MAC_GET, b"", DUMP), (0,))
    check("unknown command 200", g.ovnic(200, name), (errno.EOPNOTSUPP,), core=True)
    check("a notification as a request", g.ovnic(64, name), (errno.EOPNOTSUPP,), core=True)
    check("command 15, not defined", g.ovnic(15, name), (errno.EOPNOTSUPP,),
          core=True)
    check("link_set as a dump", g.ovnic(LINK_SET, name, DUMP), (errno.EOPNOTSUPP,),
          core=True)
    check("genl header cut short", g.raw(g.family, b"\1\1"), EINVAL, core=True)
    # 60 KB of the same name: the last one counts, the answer comes
    check("dev_get 60 KB of names", g.ovnic(DEV_GET, name * 7500), (0,))
    check("dev_get the device", g.ovnic(DEV_GET, name), (0,))
    check("coal_get the device", g.ovnic(COAL_GET, name), (0,))
    check("rss_get the device", g.ovnic(RSS_GET, name), (0,))
    check("coal_get dump", g.ovnic(COAL_GET, b"", DUMP), (0,))
    check("rss_get dump", g.ovnic(RSS_GET, b"", DUMP), (0,))


def unpriv(g, dev):
    name = s(A_DEV_NAME, dev)
    # GENL_ADMIN_PERM: refused by genetlink before the op, without a message
    check("link_set as nobody", g.ovnic(LINK_SET, name + u8(A_LINK_UP, 0)), (errno.EPERM,),
          core=True)
    check("link_set loopback as nobody", g.ovnic(LINK_SET, name + u8(A_LINK_LOOPBACK, 1)),
          (errno.EPERM,), core=True)
    check("queues_set as nobody", g.ovnic(QUEUES_SET, name + u16(A_QUEUE_PAIRS_MAX, 1)),
          (errno.EPERM,), core=True)
    check("coal_set as nobody", g.ovnic(COAL_SET, name + u32(A_COAL_RX_USECS, 5)),
          (errno.EPERM,), core=True)
    check("hash_set as nobody", g.ovnic(HASH_SET, name + u32(A_HASH_TUNNEL_POLICY, 1)),
          (errno.EPERM,), core=True)
    check("coal_get dump as nobody", g.ovnic(COAL_GET, b"", DUMP), (0,))
    check("rss_get dump as nobody", g.ovnic(RSS_GET, b"", DUMP), (0,))
    check("mac_set as nobody", g.ovnic(MAC_SET, name + u8(A_MAC_TRUST, 1)),
          (errno.EPERM,), core=True)
    check("mac_set allow none as nobody",
          g.ovnic(MAC_SET, name + nest(A_MAC_ALLOWED)), (errno.EPERM,), core=True)
    check("mac_get as nobody", g.ovnic(MAC_GET, name), (0,))
    check("mac_get dump as nobody", g.ovnic(MAC_GET, b"", DUMP), (0,))
    check("dev_get as nobody", g.ovnic(DEV_GET, name), (0,))
    check("dev_get dump as nobody", g.ovnic(DEV_GET, b"", DUMP), (0,))
    check("stats_get as nobody", g.ovnic(STATS_GET, name), (0,))
    check("stats_get per-queue dump as nobody",
          g.ovnic(STATS_GET, attr(A_STATS_PER_QUEUE, b""), DUMP), (0,))


def fuzz(g, n, seed):
    """Random commands, flags and attributes; random names never match."""
    rnd = random.Random(seed)
    answered = 0
    for _ in range(n):
        attrs = b""
        for _ in range(rnd.randrange(6)):
            t = rnd.choice([A_DEV_NAME, A_LINK_UP, A_LINK_LOOPBACK, A_QUEUE_PAIRS_MAX,
                            A_QUEUE_SIZE_MAX, A_MAC_ALLOWED, A_MAC_TRUST, A_MAC_SPOOFCHK,
                            A_STATS_QUEUE_INDEX, A_STATS_PER_QUEUE, A_PAD,
                            A_COAL_RX_USECS, A_COAL_ADAPTIVE_RX, A_COAL_IRQ_RATE,
                            A_HASH_TUNNEL_POLICY, A_RSS_KEY,
                            rnd.randrange(1 << 14)])
            payload = bytes(rnd.randrange(256) for _ in range(rnd.choice([0, 1, 2, 4, 8, 33])))
            if t == A_DEV_NAME and rnd.random() < 0.5:
                payload = ("zz%x" % rnd.randrange(1 << 30)).encode() + b"\0"
            a = attr(t | rnd.choice([0, 0, 0x8000, 0x4000]), payload)
            if rnd.random() < 0.1:
                a = a[:rnd.randrange(len(a) + 1)]
            attrs += a
        cmd = rnd.choice([DEV_GET, LINK_SET, QUEUES_SET, STATS_GET, COAL_GET, COAL_SET,
                          RSS_GET, HASH_SET, MAC_GET, MAC_SET, 0, 64, rnd.randrange(256)])
        flags = rnd.choice([NLM_F_REQUEST | NLM_F_ACK, DUMP])
        body = struct.pack("=BBH", cmd, rnd.randrange(256), rnd.randrange(1 << 16)) + attrs
        err, _, _, _ = g.raw(g.family, body, flags)
        if err >= 0:
            answered += 1
    print("fuzz: %d messages, %d answered" % (n, answered))
    return answered == n


def queue_of(payload):
    """(device, queue index) of a per-queue STATS_GET reply (genl header on)."""
    a = dict(parse_attrs(payload[4:]))
    return (a[A_DEV_NAME].rstrip(b"\0").decode(),
            struct.unpack("=H", a[A_STATS_QUEUE_INDEX][:2])[0])


def queue_msgs(data):
    """The (device, queue) of each message in one datagram of a per-queue
    dump, and the error in its NLMSG_DONE (None if it has none)."""
    out, done = [], None
    off = 0
    while off + 16 <= len(data):
        ln, typ, _, _, _ = struct.unpack_from("=IHHII", data, off)
        payload = data[off + 16:off + ln]
        off += (ln + 3) & ~3
        if typ in (NLMSG_DONE, NLMSG_ERROR):
            done = -struct.unpack_from("=i", payload)[0]
        else:
            out.append(queue_of(payload))
    return out, done


def dump_del():
    """A per-queue STATS dump, read one round at a time, deletes the device
    it is in the middle of between two rounds.  The kernel fills the next
    round when the socket's queue is empty, so with the smallest receive
    buffer exactly one round waits there: peeking at it shows where the
    dump stands before the round after it is made."""
    per_queue = attr(A_STATS_PER_QUEUE, b"")
    g = Genl()
    err, _, _, replies = g.ovnic(STATS_GET, per_queue, DUMP)
    if err:
        sys.exit("dump-del: the first dump failed: %s" % os.strerror(err))
    order, before = [], {}
    for d, q in map(queue_of, replies):
        if d not in before:
            order.append(d)
        before.setdefault(d, []).append(q)
    for d in order:
        if before[d] != list(range(len(before[d]))):
            sys.exit("dump-del: %s's queues, undisturbed: %s" % (d, before[d]))
    print("dump-del: %s" % " ".join("%s:%d" % (d, len(before[d])) for d in order))

    # The kernel's smallest receive buffer; rounds of at most 4 KB (the
    # size of the reads, never less than the first round's).
    g = Genl(rcvbuf=1, family=g.family)
    g.seq += 1
    g.sk.send(struct.pack("=IHHII", 20 + len(per_queue), g.family, DUMP, g.seq, 0) +
              struct.pack("=BBH", STATS_GET, 1, 0) + per_queue)
    got, victim, rounds, done = [], None, 0, None
    while done is None:
        data, _, flags, _ = g.sk.recvmsg(4096, 0, socket.MSG_PEEK)
        if flags & socket.MSG_TRUNC:
            sys.exit("dump-del: a round of more than 4 KB")
        msgs, done = queue_msgs(data)
        if victim is None and msgs:
            d, q = msgs[-1]
            # in the middle of a device, and another one comes after it
            if q + 1 < len(before[d]) and d != order[-1]:
                victim = d
                print("dump-del: round %d ends at %s queue %d: vdpa dev del %s" %
                      (rounds + 1, d, q, d))
                subprocess.run(["vdpa", "dev", "del", d], check=True, timeout=60)
        g.sk.recv(4096)		# the next round is made now
        got += msgs
        rounds += 1
    print("dump-del: %d rounds, %d messages" % (rounds, len(got)))
    bad = 0
    if done:
        print("FAIL the dump ended with %s" % os.strerror(done))
        bad += 1
    if victim is None:
        print("FAIL no round ended in the middle of a device")
        bad += 1
    for d in order:
        qs = [q for dd, q in got if dd == d]
        # the deleted device: the queues before it went, each once
        want = before[d] if d != victim else list(range(len(qs)))
        if qs != want:
            print("FAIL %s: %d queues of %d, missing %s, repeated %s" % (
                d, len(qs), len(before[d]), sorted(set(want) - set(qs)),
                sorted(set(q for q in qs if qs.count(q) > 1))))
            bad += 1
    extra = sorted(set(d for d, _ in got) - set(order))
    if extra:
        print("FAIL devices that were not there: %s" % extra)
        bad += 1
    print("%-4s every queue of the devices left came once" % ("FAIL" if bad else "ok"))
    return 1 if bad else 0


def main():
    if sys.argv[1:] == ["dump-del"]:
        return dump_del()
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    g = Genl()
    if sys.argv[1] == "cases":
        cases(g, sys.argv[2])
    elif sys.argv[1] == "unpriv":
        unpriv(g, sys.argv[2])
    elif sys.argv[1] == "fuzz":
        if not fuzz(g, int(sys.argv[2]), int(sys.argv[3])):
            return 1
    else:
        sys.exit(__doc__)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
