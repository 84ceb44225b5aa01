#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""UDP segmentation offload across the card, with every datagram checked.

  uso.py recv ADDR PORT READY    receive until 2 s pass without a datagram
                                 (10 s before the first); READY is created
                                 once the socket is bound.  Prints
                                 "valid V bad B" and the segment sizes seen
  uso.py send ADDR PORT N SEGS SEG
                                 N sends of SEGS segments of SEG bytes each
                                 with UDP_SEGMENT (Linux cuts them, or the
                                 device: HOST_USO, ethtool -K
                                 tx-udp-segmentation), paced

Each segment starts with a header (tag, send, segment) and is filled with
bytes derived from it: the receiver counts as valid a datagram of SEG bytes
whose whole content matches, and as bad any other.  A datagram whose
checksum the card got wrong never reaches the socket: it is missing.
"""
import select
import socket
import struct
import sys
import time

SOL_UDP = 17
UDP_SEGMENT = 103
SO_RCVBUFFORCE = 33
TAG = 0x0F5E6A11
HDR = struct.Struct("!III")


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def segment(i, j, size):
    head = HDR.pack(TAG, i, j)
    fill = bytes((i * 7 + j * 13 + k) & 0xFF for k in range(251))
    body = (fill * (size // 251 + 1))[:size - len(head)]
    return head + body


def recv(addr, port, ready):
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 32 << 20)
    s.bind((addr, int(port)))
    open(ready, "w").close()
    valid = bad = 0
    sizes = {}
    wait = 10
    while True:
        r, _, _ = select.select([s], [], [], wait)
        if not r:
            break
        wait = 2
        data = s.recv(65536)
        sizes[len(data)] = sizes.get(len(data), 0) + 1
        if len(data) >= HDR.size:
            tag, i, j = HDR.unpack_from(data)
            if tag == TAG and data == segment(i, j, len(data)):
                valid += 1
                continue
        bad += 1
    print("valid %d bad %d sizes %s" % (valid, bad, " ".join(
        "%d:%d" % kv for kv in sorted(sizes.items()))))


def send(addr, port, n, segs, seg):
    n, segs, seg = int(n), int(segs), int(seg)
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.setsockopt(SOL_UDP, UDP_SEGMENT, seg)
    s.connect((addr, int(port)))
    for i in range(n):
        s.send(b"".join(segment(i, j, seg) for j in range(segs)))
        # the receiver's ring holds a few hundred buffers: don't overrun it
        time.sleep(0.002)


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "recv":
        recv(*sys.argv[2:])
    elif len(sys.argv) == 7 and sys.argv[1] == "send":
        send(*sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
