#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Run once by guest-init.sh before the test script: walk the network stack's
# "get random once" paths (the TCP/UDP hash secrets, the SYN sequence secret,
# the flow dissector's hash seed, receive timestamps) while the VM is idle.  Standard library
# only, no child processes: it runs before every VM test (python3 -S).  Each one flips a
# static key the first time it runs, and the kernel patches that key's code
# sites with int3-based text poking.  Under QEMU TCG the other vCPU now and
# then executes a site's int3 after the patch has finished and the guest
# oopses ("Oops: int3" in inet_ehashfn on the first TCP SYN); with nothing
# else running, nobody is in that code while it is patched.
import os
import signal
import socket
import time


def tcp_round_trip(family, addr):
    with socket.socket(family, socket.SOCK_STREAM) as srv:
        srv.bind((addr, 0))
        srv.listen(1)
        with socket.create_connection(srv.getsockname()[:2], timeout=5) as c:
            peer, _ = srv.accept()
            c.sendall(b"x")
            peer.recv(1)
            peer.close()


def udp_round_trip(family, addr):
    with socket.socket(family, socket.SOCK_DGRAM) as rx, \
            socket.socket(family, socket.SOCK_DGRAM) as tx:
        rx.bind((addr, 0))
        rx.settimeout(5)
        tx.connect(rx.getsockname()[:2])
        tx.send(b"x")
        rx.recv(1)


def flow_hash():
    # A hash fanout on a packet socket hashes what it sees, which seeds the
    # flow dissector's secret (as a multi-queue TX queue choice would).
    ETH_P_ALL, SOL_PACKET, PACKET_FANOUT = 3, 263, 18
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                       socket.htons(ETH_P_ALL)) as tap:
        tap.bind(("lo", 0))
        tap.setsockopt(SOL_PACKET, PACKET_FANOUT, 0x4242)  # id, type HASH
        tap.settimeout(5)
        udp_round_trip(socket.AF_INET, "127.0.0.1")
        tap.recv(64)


# <asm-generic/socket.h>: SO_TIMESTAMP_OLD, which SO_TIMESTAMP is on
# 64-bit; Debian 12's Python has no name for it (the holder below died of
# that, silently, from the day it was written).
SO_TIMESTAMP = getattr(socket, "SO_TIMESTAMP", 29)


def hold_timestamps():
    # Receive timestamps are a counted key: every ping turns it on and,
    # when its socket closes, off again, patching the receive path each
    # time while traffic runs.  A socket that wants timestamps for the
    # VM's whole life keeps it on.  It is made here, where a failure is
    # printed; a child that does nothing else keeps it open.
    holder = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    holder.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMP, 1)
    if os.fork():
        holder.close()
        return
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    while True:
        signal.pause()


def main():
    for family, addr in ((socket.AF_INET, "127.0.0.1"),
                         (socket.AF_INET6, "::1")):
        try:
            tcp_round_trip(family, addr)
            udp_round_trip(family, addr)
        except OSError as e:
            print(f"warm-keys: {addr}: {e}")
    try:
        flow_hash()
    except OSError as e:
        print(f"warm-keys: flow hash: {e}")
    try:
        hold_timestamps()
    except OSError as e:
        print(f"warm-keys: cannot hold receive timestamps: {e}")
    # The keys flip from a workqueue: let it run before the test starts.
    time.sleep(0.3)


main()
