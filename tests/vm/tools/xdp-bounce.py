#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Large frames to a device whose XDP program bounces them (t-xdp.sh).

  xdp-bounce.py IFACE DST N SIZE
      send N frames of SIZE bytes (Ethernet header included), EtherType
      0x88b5, from IFACE's MAC to DST, then print "returned R damaged D":
      R frames came back from DST to IFACE's MAC with the payload intact, D
      came back otherwise (another length, other bytes).  Waits up to 10 s
      for all, then 1 s more.

Each payload carries a per-run tag and the frame's number, then bytes
derived from both, so a frame damaged on its way (a fragment lost or
reordered in a multi-buffer frame) shows.  What IFACE sends itself is not
counted (PACKET_IGNORE_OUTGOING).
"""
import os
import select
import socket
import struct
import sys
import time

ETH_P = 0x88B5
SOL_PACKET = 263
PACKET_IGNORE_OUTGOING = 23
SO_RCVBUFFORCE = 33
HDR = struct.Struct("!8sII")


def payload(tag, i, size):
    head = HDR.pack(b"ovnicxdp", tag, i)
    fill = bytes((tag + i * 31 + k) & 0xFF for k in range(253))
    return head + (fill * (size // 253 + 1))[:size - 14 - len(head)]


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    iface, dst, n, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P))
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 16 << 20)
    s.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
    s.bind((iface, ETH_P))
    with open("/sys/class/net/%s/address" % iface) as f:
        src = bytes.fromhex(f.read().strip().replace(":", ""))
    dmac = bytes.fromhex(dst.replace(":", ""))
    tag = os.getpid() & 0xFFFF
    eth = ETH_P.to_bytes(2, "big")
    for i in range(n):
        s.send(dmac + src + eth + payload(tag, i, size))
        time.sleep(0.01)
    seen, damaged = set(), 0
    end = time.monotonic() + 10
    while True:
        now = time.monotonic()
        if len(seen) == n and end > now + 1:
            end = now + 1
        if now >= end:
            break
        r, _, _ = select.select([s], [], [], end - now)
        if not r:
            break
        data = s.recv(65536)
        if len(data) < 14 + HDR.size:
            continue
        magic, t, i = HDR.unpack_from(data, 14)
        if magic != b"ovnicxdp" or t != tag:
            continue
        if (data[:6] == src and data[6:12] == dmac and i < n and
                data[14:] == payload(tag, i, size) and i not in seen):
            seen.add(i)
        else:
            damaged += 1
    print("returned %d damaged %d" % (len(seen), damaged))


if __name__ == "__main__":
    main()
