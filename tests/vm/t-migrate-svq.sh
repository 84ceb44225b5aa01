#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-args: --mem 2048
#
# t-migrate with the vhost-vdpa netdev's x-svq=on: QEMU 10.0 shadows every
# ring from the start, not only from the migration on (the mode QEMU 7.2
# could migrate in).  The same checks: no blocker, the migration completes,
# ping and TCP go on, every frame exactly once on the two cards, and card 1
# holds the MAC, queue pairs and receive filter QEMU replayed.
export MIGRATE_NETDEV_OPTS=,x-svq=on
exec bash "$(dirname "${BASH_SOURCE[0]}")/t-migrate.sh"
