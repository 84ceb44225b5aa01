#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Run once by guest-init.sh before the test script: walk the network stack's
# "get random once" paths (the TCP/UDP hash secrets, the SYN sequence secret,
# the flow dissector's hash seed) while the VM is idle.  Each one flips a
# static key the first time it runs, and the kernel patches that key's code
# sites with int3-based text poking.  Under QEMU TCG the other vCPU now and
# then executes a site's int3 after the patch has finished and the guest
# oopses ("Oops: int3" in inet_ehashfn on the first TCP SYN); with nothing
# else running, nobody is in that code while it is patched.
import socket
import subprocess
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


def multiqueue_tx_hash():
    # A multi-queue device makes the stack pick a TX queue by skb hash,
    # which seeds the flow dissector's secret.
    ip = ["ip", "link", "add", "owarm0", "numtxqueues", "4", "type", "dummy"]
    if subprocess.run(ip, stderr=subprocess.DEVNULL).returncode:
        return
    try:
        subprocess.run(["ip", "addr", "add", "198.18.255.1/30", "dev",
                        "owarm0"], check=True)
        subprocess.run(["ip", "link", "set", "owarm0", "up"], check=True)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.sendto(b"x", ("198.18.255.2", 9))
    finally:
        subprocess.run(["ip", "link", "del", "owarm0"])
        subprocess.run(["modprobe", "-r", "dummy"], stderr=subprocess.DEVNULL)


def main():
    for family, addr in ((socket.AF_INET, "127.0.0.1"),
                         (socket.AF_INET6, "::1")):
        try:
            tcp_round_trip(family, addr)
            udp_round_trip(family, addr)
        except OSError as e:
            print(f"warm-keys: {addr}: {e}")
    multiqueue_tx_hash()
    # The keys flip from a workqueue: let it run before the test starts.
    time.sleep(1)


main()
