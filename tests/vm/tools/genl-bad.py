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

The family's commands, attributes and their types come from its spec,
Documentation/netlink/specs/ovnic.yaml, read with the kernel's YNL library
(tools/net/ynl/lib of Debian's linux-source-6.12, which
scripts/netlink-gen.sh extracts into build/ynl).  Well-formed requests go
through YnlFamily; crafted ones (wrong types and lengths, attributes an op
does not take, broken headers) are packed here, with the numbers the spec
gives.  OVNIC_NL_SPEC and OVNIC_YNL (the directory holding lib/) point
elsewhere, for a copy that an unprivileged user can read.
"""
import errno
import os
import random
import socket
import struct
import subprocess
import sys

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                     "..", "..", ".."))
SPEC = os.environ.get("OVNIC_NL_SPEC") or os.path.join(
    REPO, "Documentation", "netlink", "specs", "ovnic.yaml")
YNL = os.environ.get("OVNIC_YNL") or os.path.join(
    REPO, "build", "ynl", "linux-source-6.12", "tools", "net", "ynl")
sys.path.insert(0, YNL)
try:
    from lib import NlError, SpecFamily, YnlFamily  # noqa: E402
except ImportError as e:
    sys.exit("genl-bad: no YNL library in %s (%s): run scripts/netlink-gen.sh tree"
             % (YNL, e))

# The spec, without the schema check (the generator's job): the numbers.
spec = SpecFamily(SPEC, "")

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

# Commands and attributes by name, from the spec
CMD = {name: op.req_value for name, op in spec.ops.items() if op.is_call}
ATTR = {name: a.value for name, a in spec.attr_sets["ovnic"].items()}
DEV_GET, LINK_SET, QUEUES_SET, STATS_GET = (
    CMD[n] for n in ("dev-get", "link-set", "queues-set", "stats-get"))
COAL_GET, COAL_SET, RSS_GET, HASH_SET = (
    CMD[n] for n in ("coal-get", "coal-set", "rss-get", "hash-set"))
MAC_GET, MAC_SET = CMD["mac-get"], CMD["mac-set"]
NTF_FIRST = min(op.rsp_value for op in spec.msgs.values() if op.is_async)
A_PAD, A_DEV_NAME, A_LINK_UP, A_LINK_LOOPBACK = (
    ATTR[n] for n in ("pad", "dev-name", "link-up", "link-loopback"))
A_QUEUE_PAIRS_MAX, A_QUEUE_SIZE_MAX = ATTR["queue-pairs-max"], ATTR["queue-size-max"]
A_STATS_QUEUE_INDEX, A_STATS_PER_QUEUE = ATTR["stats-queue-index"], ATTR["stats-per-queue"]
A_COAL_RX_USECS, A_COAL_ADAPTIVE_RX, A_COAL_IRQ_RATE = (
    ATTR[n] for n in ("coal-rx-usecs", "coal-adaptive-rx", "coal-irq-rate"))
A_HASH_TUNNEL_POLICY, A_RSS_KEY = ATTR["hash-tunnel-policy"], ATTR["rss-key"]
A_MAC_CURRENT, A_MAC_ALLOWED, A_MAC_TRUST, A_MAC_SPOOFCHK = (
    ATTR[n] for n in ("mac-current", "mac-allowed", "mac-trust", "mac-spoofchk"))
A_MAC_CLAIMED = ATTR["mac-claimed"]
MACL_ADDR = spec.attr_sets["mac-list"]["addr"].value
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
                                       s(CTRL_ATTR_FAMILY_NAME, spec.name))
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


class Ynl:
    """Well-formed requests, encoded by YNL from the spec.  Each call
    answers as Genl.raw() does: (errno, extack msg, missing attribute,
    replies)."""

    def __init__(self):
        self.ynl = YnlFamily(SPEC, "")

    def __call__(self, op, vals=None, dump=False):
        try:
            if dump:
                return 0, None, None, self.ynl.dump(op, vals or {})
            return 0, None, None, self.ynl.do(op, vals or {})
        except NlError as e:
            ext = e.nl_msg.extack or {}
            miss = ext.get("miss-type")
            # YNL names a missing attribute of the op's set
            if isinstance(miss, str):
                miss = ATTR[miss]
            return e.error, ext.get("msg"), miss, []


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


def cases(g, y, dev):
    """@g sends crafted messages, @y well-formed ones (YNL)."""
    name = s(A_DEV_NAME, dev)
    c = lambda n, cmd, attrs, *a, **kw: check(n, g.ovnic(cmd, attrs, **kw.pop("o", {})), *a, **kw)
    # yc: a well-formed request, encoded by YNL from the spec
    yc = lambda n, op, vals, *a, **kw: check(n, y(op, vals, kw.pop("dump", False)), *a, **kw)
    d = {"dev-name": dev}
    nosuch = {"dev-name": "nosuch"}
    yc("dev_get without a name", "dev-get", {}, EINVAL, "the device name is missing",
       want_miss=A_DEV_NAME)
    c("dev_get name not NUL-terminated", DEV_GET, attr(A_DEV_NAME, b"d0d0"), EINVAL)
    c("dev_get name as u32, no NUL", DEV_GET, u32(A_DEV_NAME, 0x41424344), BADVAL)
    c("dev_get name of 4000 bytes", DEV_GET, s(A_DEV_NAME, "x" * 4000), BADVAL)
    yc("dev_get name of 63 bytes, no device", "dev-get", {"dev-name": "y" * 63}, ENODEV,
       "no ovnic device of this name")
    yc("dev_get empty name", "dev-get", {"dev-name": ""}, ENODEV)
    yc("dev_get unknown device", "dev-get", nosuch, ENODEV, "no ovnic device of this name")
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
    yc("link_set neither state nor loopback", "link-set", d, EINVAL,
       "nothing to set: give the link state or loopback")
    yc("link_set state 2", "link-set", {**d, "link-up": 2}, BADVAL)
    yc("link_set loopback 2", "link-set", {**d, "link-loopback": 2}, BADVAL)
    yc("link_set loopback 255", "link-set", {**d, "link-loopback": 255}, BADVAL)
    c("link_set loopback as u32", LINK_SET, name + u32(A_LINK_LOOPBACK, 1), EINVAL)
    c("link_set loopback as a flag", LINK_SET, name + attr(A_LINK_LOOPBACK, b""), EINVAL)
    yc("link_set good state, bad loopback", "link-set",
       {**d, "link-up": 0, "link-loopback": 3}, BADVAL)
    yc("link_set bad state, good loopback", "link-set",
       {**d, "link-up": 7, "link-loopback": 1}, BADVAL)
    yc("link_set loopback, unknown device", "link-set", {**nosuch, "link-loopback": 1},
       ENODEV)
    yc("link_set loopback without a name", "link-set", {"link-loopback": 1}, EINVAL,
       "the device name is missing")
    yc("link_set state 255", "link-set", {**d, "link-up": 255}, BADVAL)
    c("link_set state as u32", LINK_SET, name + u32(A_LINK_UP, 0), EINVAL)
    yc("link_set without a name", "link-set", {"link-up": 0}, EINVAL,
       "the device name is missing")
    yc("link_set unknown device", "link-set", {**nosuch, "link-up": 0}, ENODEV)
    yc("queues_set nothing to set", "queues-set", d, EINVAL, "nothing to set")
    yc("queues_set 0 pairs", "queues-set", {**d, "queue-pairs-max": 0}, BADVAL)
    yc("queues_set 1000 pairs", "queues-set", {**d, "queue-pairs-max": 1000}, BADVAL)
    yc("queues_set more pairs than provisioned", "queues-set",
       {**d, "queue-pairs-max": 32}, ERANGE, "provisioned at dev add")
    yc("queues_set ring size 1", "queues-set", {**d, "queue-size-max": 1}, BADVAL)
    yc("queues_set ring size 1000", "queues-set", {**d, "queue-size-max": 1000}, EINVAL,
       "power of 2")
    yc("queues_set ring size 32768", "queues-set", {**d, "queue-size-max": 32768}, ERANGE,
       "ring size above the card's")
    yc("queues_set good pairs, bad size", "queues-set",
       {**d, "queue-pairs-max": 1, "queue-size-max": 3}, EINVAL)
    c("queues_set pairs as u8", QUEUES_SET, name + u8(A_QUEUE_PAIRS_MAX, 1), EINVAL)
    yc("stats_get queue 9999", "stats-get", {**d, "stats-queue-index": 9999}, ERANGE,
       "the device has queues 0 to")
    c("stats_get queue as u8", STATS_GET, name + u8(A_STATS_QUEUE_INDEX, 1), EINVAL)
    c("stats_get per-queue flag on a do", STATS_GET, name + attr(A_STATS_PER_QUEUE, b""),
      EINVAL)
    yc("stats_get dump, unknown device", "stats-get", nosuch, ENODEV,
       "no ovnic device of this name", dump=True)
    c("stats_get dump, flag with a payload", STATS_GET,
      attr(A_STATS_PER_QUEUE, b"\1\0\0\0"), BADVAL, o={"flags": DUMP})
    c("stats_get dump, queue index", STATS_GET, u16(A_STATS_QUEUE_INDEX, 0), EINVAL,
      o={"flags": DUMP})
    # Dumps without a device filter refuse every attribute (the do takes
    # the name); without a policy they would ignore them and dump every
    # device.
    for cmd, op in ((COAL_GET, "coal_get"), (RSS_GET, "rss_get")):
        yop = op.replace("_", "-")
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
        yc(op + " without a name", yop, {}, EINVAL, "the device name is missing",
           want_miss=A_DEV_NAME)
        yc(op + " unknown device", yop, nosuch, ENODEV, "no ovnic device of this name")
        c(op + " unknown attribute", cmd, name + u8(250, 1), EINVAL)
        c(op + " trailing bytes", cmd, name + b"\1\2\3", EINVAL)
    c("coal_get with a coalescing value", COAL_GET, name + u32(A_COAL_RX_USECS, 5), EINVAL)
    c("rss_get with a tunnel policy", RSS_GET, name + u32(A_HASH_TUNNEL_POLICY, 1), EINVAL)
    yc("coal_set nothing to set", "coal-set", d, EINVAL, "nothing to set")
    yc("coal_set rx usecs 2000000", "coal-set", {**d, "coal-rx-usecs": 2000000}, BADVAL)
    yc("coal_set irq rate 50", "coal-set", {**d, "coal-irq-rate": 50}, BADVAL)
    yc("coal_set adaptive 2", "coal-set", {**d, "coal-adaptive-rx": 2}, BADVAL)
    c("coal_set usecs as u8", COAL_SET, name + u8(A_COAL_RX_USECS, 1), EINVAL)
    c("coal_set with an RSS key", COAL_SET, name + attr(A_RSS_KEY, b"k" * 8), EINVAL)
    c("coal_set as a dump", COAL_SET, name + u32(A_COAL_RX_USECS, 5), (errno.EOPNOTSUPP,),
      o={"flags": DUMP}, core=True)
    yc("hash_set without the policy", "hash-set", d, EINVAL,
       want_miss=A_HASH_TUNNEL_POLICY)
    yc("hash_set undefined tunnel bit", "hash-set", {**d, "hash-tunnel-policy": 0x200},
       BADVAL)
    c("hash_set policy as u16", HASH_SET, name + u16(A_HASH_TUNNEL_POLICY, 1), EINVAL)
    yc("hash_set unknown device", "hash-set", {**nosuch, "hash-tunnel-policy": 1}, ENODEV)
    # MAC policy: nothing here may pass (d0's policy must not change)
    m1, m2 = "02:00:00:00:66:01", "02:00:00:00:66:02"
    macs = lambda *a: {"addr": [bytes.fromhex(m.replace(":", "")) for m in a]}
    yc("mac_get without a name", "mac-get", {}, EINVAL, "the device name is missing",
       want_miss=A_DEV_NAME)
    c("mac_get with trust", MAC_GET, name + u8(A_MAC_TRUST, 1), EINVAL)
    c("mac_get dump with a name", MAC_GET, name, EINVAL, o={"flags": DUMP})
    yc("mac_get unknown device", "mac-get", nosuch, ENODEV, "no ovnic device of this name")
    yc("mac_set nothing to set", "mac-set", d, EINVAL, "nothing to set")
    yc("mac_set without a name", "mac-set", {"mac-trust": 1}, EINVAL,
       "the device name is missing", want_miss=A_DEV_NAME)
    yc("mac_set unknown device", "mac-set", {**nosuch, "mac-trust": 0}, ENODEV)
    yc("mac_set trust 2", "mac-set", {**d, "mac-trust": 2}, BADVAL)
    c("mac_set trust as u32", MAC_SET, name + u32(A_MAC_TRUST, 1), EINVAL)
    yc("mac_set spoofchk 3", "mac-set", {**d, "mac-spoofchk": 3}, BADVAL)
    yc("mac_set spoofchk 255", "mac-set", {**d, "mac-spoofchk": 255}, BADVAL)
    c("mac_set spoofchk as a flag", MAC_SET, name + attr(A_MAC_SPOOFCHK, b""), EINVAL)
    yc("mac_set good trust, bad spoofchk", "mac-set",
       {**d, "mac-trust": 1, "mac-spoofchk": 7}, BADVAL)
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
    yc("mac_set 8 addresses", "mac-set",
       {**d, "mac-allowed": macs(*["02:00:00:00:66:%02x" % i for i in range(1, 9)])},
       EINVAL, "too many addresses: a device may be allowed 7")
    yc("mac_set multicast address", "mac-set",
       {**d, "mac-allowed": macs(m1, "01:00:5e:00:00:01")}, EINVAL,
       "01:00:5e:00:00:01: a multicast address, no device can own it")
    yc("mac_set broadcast address", "mac-set",
       {**d, "mac-allowed": macs("ff:ff:ff:ff:ff:ff")}, EINVAL, "multicast")
    yc("mac_set zero address", "mac-set",
       {**d, "mac-allowed": macs("00:00:00:00:00:00")}, EINVAL,
       "no device can own the zero address")
    yc("mac_set an address twice", "mac-set",
       {**d, "mac-allowed": macs(m1, m2, m1)}, EINVAL,
       "02:00:00:00:66:01: listed twice")
    yc("mac_set bad list, good trust", "mac-set",
       {**d, "mac-trust": 1, "mac-allowed": macs("01:00:00:00:00:01")}, EINVAL)
    c("mac_set the current address (a reply's)", MAC_SET,
      name + attr(A_MAC_CURRENT, bytes.fromhex("020000006601")), EINVAL)
    c("mac_set claimed (a reply's)", MAC_SET,
      name + nest(A_MAC_CLAIMED, mac(m1)), EINVAL)
    c("mac_set attribute of another command", MAC_SET,
      name + u8(A_MAC_TRUST, 0) + u8(A_LINK_UP, 1), EINVAL)
    check("mac_set as a dump", g.ovnic(MAC_SET, name, DUMP), (errno.EOPNOTSUPP,),
          core=True)
    check("mac_get the device", y("mac-get", d), (0,))
    check("mac_get dump", y("mac-get", {}, dump=True), (0,))
    check("unknown command 200", g.ovnic(200, name), (errno.EOPNOTSUPP,), core=True)
    check("a notification as a request", g.ovnic(NTF_FIRST, name), (errno.EOPNOTSUPP,),
          core=True)
    check("command 15, not defined", g.ovnic(15, name), (errno.EOPNOTSUPP,),
          core=True)
    check("link_set as a dump", g.ovnic(LINK_SET, name, DUMP), (errno.EOPNOTSUPP,),
          core=True)
    check("genl header cut short", g.raw(g.family, b"\1\1"), EINVAL, core=True)
    # 60 KB of the same name: the last one counts, the answer comes
    check("dev_get 60 KB of names", g.ovnic(DEV_GET, name * 7500), (0,))
    # and the replies are what the spec says
    got = y("dev-get", d)
    check("dev_get the device", got, (0,))
    ok = got[0] == 0 and got[3].get("dev-name") == dev and "mgmtdev-name" in got[3]
    check("dev_get reply names the device and its card",
          (0, None, None, []) if ok else (errno.EPROTO, repr(got[3]), None, []), (0,))
    check("coal_get the device", y("coal-get", d), (0,))
    check("rss_get the device", y("rss-get", d), (0,))
    check("coal_get dump", y("coal-get", {}, dump=True), (0,))
    check("rss_get dump", y("rss-get", {}, dump=True), (0,))


def unpriv(y, dev):
    """Well-formed requests as an unprivileged user."""
    d = {"dev-name": dev}
    # GENL_ADMIN_PERM: refused by genetlink before the op, without a message
    check("link_set as nobody", y("link-set", {**d, "link-up": 0}), (errno.EPERM,),
          core=True)
    check("link_set loopback as nobody", y("link-set", {**d, "link-loopback": 1}),
          (errno.EPERM,), core=True)
    check("queues_set as nobody", y("queues-set", {**d, "queue-pairs-max": 1}),
          (errno.EPERM,), core=True)
    check("coal_set as nobody", y("coal-set", {**d, "coal-rx-usecs": 5}),
          (errno.EPERM,), core=True)
    check("hash_set as nobody", y("hash-set", {**d, "hash-tunnel-policy": 1}),
          (errno.EPERM,), core=True)
    check("coal_get dump as nobody", y("coal-get", {}, dump=True), (0,))
    check("rss_get dump as nobody", y("rss-get", {}, dump=True), (0,))
    check("mac_set as nobody", y("mac-set", {**d, "mac-trust": 1}),
          (errno.EPERM,), core=True)
    check("mac_set allow none as nobody", y("mac-set", {**d, "mac-allowed": {}}),
          (errno.EPERM,), core=True)
    check("mac_get as nobody", y("mac-get", d), (0,))
    check("mac_get dump as nobody", y("mac-get", {}, dump=True), (0,))
    check("dev_get as nobody", y("dev-get", d), (0,))
    check("dev_get dump as nobody", y("dev-get", {}, dump=True), (0,))
    check("stats_get as nobody", y("stats-get", d), (0,))
    check("stats_get per-queue dump as nobody",
          y("stats-get", {"stats-per-queue": True}, dump=True), (0,))


def fuzz(g, n, seed):
    """Random commands, flags and attributes; random names never match."""
    rnd = random.Random(seed)
    answered = 0
    for _ in range(n):
        attrs = b""
        for _ in range(rnd.randrange(6)):
            # every attribute of the family, or any number
            t = rnd.choice(list(ATTR.values()) + [rnd.randrange(1 << 14)])
            payload = bytes(rnd.randrange(256) for _ in range(rnd.choice([0, 1, 2, 4, 8, 33])))
            if t == A_DEV_NAME and rnd.random() < 0.5:
                payload = ("zz%x" % rnd.randrange(1 << 30)).encode() + b"\0"
            a = attr(t | rnd.choice([0, 0, 0x8000, 0x4000]), payload)
            if rnd.random() < 0.1:
                a = a[:rnd.randrange(len(a) + 1)]
            attrs += a
        cmd = rnd.choice(list(CMD.values()) + [0, NTF_FIRST, rnd.randrange(256)])
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
    y = Ynl()
    err, _, _, replies = y("stats-get", {"stats-per-queue": True}, dump=True)
    if err:
        sys.exit("dump-del: the first dump failed: %s" % os.strerror(err))
    order, before = [], {}
    for d, q in ((r["dev-name"], r["stats-queue-index"]) for r in replies):
        if d not in before:
            order.append(d)
        before.setdefault(d, []).append(q)
    for d in order:
        if before[d] != list(range(len(before[d]))):
            sys.exit("dump-del: %s's queues, undisturbed: %s" % (d, before[d]))
    print("dump-del: %s" % " ".join("%s:%d" % (d, len(before[d])) for d in order))

    # The kernel's smallest receive buffer; rounds of at most 4 KB (the
    # size of the reads, never less than the first round's).
    g = Genl(rcvbuf=1, family=y.ynl.nlproto.family_id)
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
    if sys.argv[1] == "cases":
        cases(Genl(), Ynl(), sys.argv[2])
    elif sys.argv[1] == "unpriv":
        unpriv(Ynl(), sys.argv[2])
    elif sys.argv[1] == "fuzz":
        if not fuzz(Genl(), int(sys.argv[2]), int(sys.argv[3])):
            return 1
    else:
        sys.exit(__doc__)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
