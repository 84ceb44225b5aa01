#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Traffic and per-queue counters for the RSS VM test (t-rss.sh).

  flows.py udp DST N [PORT]       N UDP flows to DST, ports PORT..PORT+N-1
                                  from one source port
  flows.py tcp DST N [PORT]       N TCP connection attempts (one SYN each,
                                  each from its own source port)
  flows.py geneve IFACE DSTMAC N  N inner UDP flows in GENEVE over one outer
                                  UDP flow 10.0.0.1:5000 -> 10.0.0.2:6081,
                                  written as whole frames on IFACE
                                  (Linux's geneve device cannot pin its
                                  outer source port)
  flows.py spread KEY DST N PORT QUEUES
                                  where the UDP flows of "udp DST N PORT"
                                  land under the Toeplitz key KEY (hex,
                                  colons allowed) and the default table
                                  (entry i is queue i % QUEUES): packets
                                  per queue, computed here, not read
  flows.py rxq IFACE              the receive packets of each queue of
                                  IFACE, as the driver counts them (netdev
                                  netlink, qstats-get per queue)
"""
import errno
import select
import socket
import struct
import sys
import time


UDP_SPORT = 7000
UDP_SRC = "10.0.0.1"


def udp_flows(dst, n, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", UDP_SPORT))
    for i in range(n):
        s.sendto(b"ovnic rss %d" % i, (dst, port + i))
    s.close()


def tcp_flows(dst, n, port):
    socks = []
    for i in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        err = s.connect_ex((dst, port + i))
        if err not in (0, errno.EINPROGRESS):
            raise OSError(err, "connect")
        socks.append(s)
    # each attempt ends with the guest's RST: one SYN per flow
    end = time.time() + 10
    while socks and time.time() < end:
        _, w, _ = select.select([], socks, [], 0.5)
        for s in w:
            socks.remove(s)
            s.close()
    for s in socks:
        s.close()


def toeplitz(key, data):
    """The Toeplitz hash of virtio 5.1.6.4.3.1: for every set bit of the
    input, the 32 key bits starting at that bit, XORed together."""
    k = int.from_bytes(key, "big")
    top = len(key) * 8 - 32
    h = 0
    for i, byte in enumerate(data):
        for b in range(8):
            if byte & (0x80 >> b):
                h ^= (k >> (top - 8 * i - b)) & 0xffffffff
    return h


RSS_TABLE = 128   # entries of the default table (t-rss.sh checks it)


def udp_spread(key, dst, n, port, queues):
    counts = [0] * queues
    for i in range(n):
        data = (socket.inet_aton(UDP_SRC) + socket.inet_aton(dst) +
                struct.pack("!HH", UDP_SPORT, port + i))
        counts[(toeplitz(key, data) & (RSS_TABLE - 1)) % queues] += 1
    return counts


def csum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def ipv4(src, dst, proto, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0, 64,
                      proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def mac(s):
    return bytes(int(b, 16) for b in s.split(":"))


def geneve_flows(iface, dstmac, n):
    with open("/sys/class/net/%s/address" % iface) as f:
        src = mac(f.read().strip())
    dst = mac(dstmac)
    inner_dst = mac("02:00:00:00:13:02")
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    for i in range(n):
        inner = ipv4("192.168.13.1", "192.168.13.2", 17,
                     udp(7000, 10000 + i, b"ovnic geneve %d" % i))
        inner = inner_dst + src + b"\x08\x00" + inner
        gnv = struct.pack("!BBHI", 0, 0, 0x6558, 42 << 8) + inner
        outer = ipv4("10.0.0.1", "10.0.0.2", 17, udp(5000, 6081, gnv))
        s.send(dst + src + b"\x08\x00" + outer)
    s.close()


# ---- generic netlink: netdev qstats-get ----

NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_DUMP = 1, 0x300
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NETDEV_CMD_QSTATS_GET = 12
A_IFINDEX, A_QUEUE_TYPE, A_QUEUE_ID, A_SCOPE, A_RX_PACKETS = 1, 2, 3, 4, 8
QUEUE_TYPE_RX, SCOPE_QUEUE = 0, 1


def nla(kind, data):
    hdr = struct.pack("HH", 4 + len(data), kind)
    return hdr + data + b"\0" * (-len(data) % 4)


def nla_parse(data):
    out = {}
    while len(data) >= 4:
        ln, kind = struct.unpack("HH", data[:4])
        if ln < 4:
            break
        out[kind & 0x3fff] = data[4:ln]
        data = data[(ln + 3) & ~3:]
    return out


def genl_request(sock, family, cmd, attrs, flags):
    payload = struct.pack("BBH", cmd, 1, 0) + attrs
    msg = struct.pack("IHHII", 16 + len(payload), family,
                      NLM_F_REQUEST | flags, 1, 0) + payload
    sock.send(msg)
    replies = []
    while True:
        data = sock.recv(65536)
        while len(data) >= 16:
            ln, kind, _, _, _ = struct.unpack("IHHII", data[:16])
            body = data[16:ln]
            data = data[(ln + 3) & ~3:]
            if kind == NLMSG_DONE:
                return replies
            if kind == NLMSG_ERROR:
                err = struct.unpack("i", body[:4])[0]
                if err:
                    raise OSError(-err, "netlink")
                if not flags & NLM_F_DUMP:
                    return replies
                continue
            replies.append(nla_parse(body[4:]))
            if not flags & NLM_F_DUMP:
                return replies


def rx_queue_packets(iface):
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
    fam = genl_request(sock, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                       nla(CTRL_ATTR_FAMILY_NAME, b"netdev\0"), 0)
    family = struct.unpack("H", fam[0][CTRL_ATTR_FAMILY_ID][:2])[0]
    ifindex = socket.if_nametoindex(iface)
    attrs = nla(A_IFINDEX, struct.pack("I", ifindex)) + \
        nla(A_SCOPE, struct.pack("I", SCOPE_QUEUE))
    counts = {}
    for r in genl_request(sock, family, NETDEV_CMD_QSTATS_GET, attrs,
                          NLM_F_DUMP):
        if struct.unpack("I", r[A_QUEUE_TYPE][:4])[0] != QUEUE_TYPE_RX:
            continue
        q = struct.unpack("I", r[A_QUEUE_ID][:4])[0]
        raw = r.get(A_RX_PACKETS, b"\0" * 8)
        counts[q] = struct.unpack("Q" if len(raw) == 8 else "I", raw)[0]
    sock.close()
    return [counts.get(q, 0) for q in range(max(counts) + 1 if counts else 0)]


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    what = argv[1]
    if what == "udp":
        udp_flows(argv[2], int(argv[3]), int(argv[4]) if len(argv) > 4
                  else 10000)
    elif what == "tcp":
        tcp_flows(argv[2], int(argv[3]), int(argv[4]) if len(argv) > 4
                  else 20000)
    elif what == "geneve":
        geneve_flows(argv[2], argv[3], int(argv[4]))
    elif what == "spread":
        key = bytes.fromhex(argv[2].replace(":", ""))
        print(" ".join(str(c) for c in udp_spread(
            key, argv[3], int(argv[4]), int(argv[5]), int(argv[6]))))
    elif what == "rxq":
        print(" ".join(str(c) for c in rx_queue_packets(argv[2])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
