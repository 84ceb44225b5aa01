#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Marked Ethernet frames for the loopback VM test (t-loopback.sh).

  loopback.py send IFACE DST N     send N marked frames from IFACE's own MAC
                                   to DST ("self" for IFACE's MAC, or
                                   XX:XX:XX:XX:XX:XX), then print how many
                                   of them IFACE received back (waits up to
                                   10 s for N, then 1 s more for extra
                                   copies)
  loopback.py sniff IFACE READY OUT  count the marked frames IFACE receives
                                   until SIGTERM, then write the count to
                                   OUT; READY is created once it listens

Frames carry EtherType 0x88b5 (IEEE local experimental) and a marker with a
per-run tag, so a sender counts only its own frames; a sniffer counts every
run's.  A packet socket also sees what its host sends (PACKET_OUTGOING):
those are never counted, nor queued (PACKET_IGNORE_OUTGOING).  The receive
buffer is large enough for every frame (virtio_net's receive buffers make
each small frame cost kilobytes of it); what the socket dropped anyway is
reported on stderr.
"""
import os
import select
import signal
import socket
import struct
import sys
import time

ETH_P = 0x88B5
PACKET_OUTGOING = 4
SOL_PACKET = 263
PACKET_STATISTICS = 6
PACKET_IGNORE_OUTGOING = 23
SO_RCVBUFFORCE = 33
MARK = b"ovnic-loopback"


def open_sock(iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P))
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 16 << 20)
    s.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
    s.bind((iface, ETH_P))
    return s


def report_drops(s, what):
    _, drops = struct.unpack("=II", s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))
    if drops:
        print("loopback.py: %s: the socket dropped %d frames" % (what, drops),
              file=sys.stderr)


def own_mac(iface):
    with open("/sys/class/net/%s/address" % iface) as f:
        return bytes.fromhex(f.read().strip().replace(":", ""))


def received(s, prefix, deadline):
    """Marked frames with @prefix until @deadline (time.monotonic())."""
    n = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return n
        r, _, _ = select.select([s], [], [], left)
        if not r:
            return n
        data, addr = s.recvfrom(2048)
        if addr[2] != PACKET_OUTGOING and data[14:14 + len(prefix)] == prefix:
            n += 1


def send(iface, dst, n):
    s = open_sock(iface)
    src = own_mac(iface)
    dmac = src if dst == "self" else bytes.fromhex(dst.replace(":", ""))
    tag = MARK + b" %d " % os.getpid()
    for i in range(n):
        payload = (tag + b"%d" % i).ljust(46, b"\0")
        s.send(dmac + src + ETH_P.to_bytes(2, "big") + payload)
    got = 0
    end = time.monotonic() + 10
    while got < n and time.monotonic() < end:
        got += received(s, tag, min(end, time.monotonic() + 0.5))
    got += received(s, tag, time.monotonic() + 1)
    report_drops(s, "send %s" % iface)
    print(got)


def sniff(iface, ready, out):
    s = open_sock(iface)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    open(ready, "w").close()
    n = 0
    while not stop:
        try:
            n += received(s, MARK, time.monotonic() + 0.2)
        except InterruptedError:
            pass
    report_drops(s, "sniff %s" % iface)
    with open(out, "w") as f:
        f.write("%d\n" % n)


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "send":
        send(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) == 5 and sys.argv[1] == "sniff":
        sniff(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
