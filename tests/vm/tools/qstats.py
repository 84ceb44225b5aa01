#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Queue statistics of netdevs from the kernel's netdev netlink family.

  qstats.py NETDEV...     one "NETDEV KEY VALUE" line per counter

Device scope: the sum of the netdev's queues and what its driver keeps
apart.  Linux 6.12's virtio_net reports the DEVICE_STATS counters that
ethtool -S does not show only here: rx-csum-unnecessary, rx-csum-none,
rx-csum-bad (the device's rx_csum_valid, rx_csum_none, rx_csum_bad),
rx-hw-gro-packets/-bytes/-wire-packets/-wire-bytes (rx_gso_*), tx-csum-none
and tx-needs-csum (tx_csum_*), tx-hw-gso-packets/-bytes/-wire-packets/
-wire-bytes (tx_gso_*).  A counter the driver doesn't report is absent.

Read with the kernel's YNL library (tools/net/ynl of linux-source-6.12,
extracted into build/ynl by scripts/netlink-gen.sh), the spec not checked
against its schema (that takes seconds under TCG).  OVNIC_YNL: the
directory holding lib/; OVNIC_NETDEV_SPEC: netdev.yaml.
"""
import os
import socket
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SRC = os.path.join(REPO, "build", "ynl", "linux-source-6.12")
YNL = os.environ.get("OVNIC_YNL") or os.path.join(SRC, "tools", "net", "ynl")
SPEC = os.environ.get("OVNIC_NETDEV_SPEC") or os.path.join(
    SRC, "Documentation", "netlink", "specs", "netdev.yaml")
sys.path.insert(0, YNL)
try:
    from lib import YnlFamily  # noqa: E402
except ImportError as e:
    sys.exit("qstats.py: no YNL library in %s (%s): run scripts/netlink-gen.sh tree"
             % (YNL, e))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    want = {socket.if_nametoindex(n): n for n in sys.argv[1:]}
    ynl = YnlFamily(SPEC, "")
    for rec in ynl.dump("qstats-get", {}):
        name = want.get(rec.get("ifindex"))
        if name is None:
            continue
        for k, v in sorted(rec.items()):
            if k not in ("ifindex", "queue-type", "queue-id"):
                print(name, k, v)


if __name__ == "__main__":
    main()
