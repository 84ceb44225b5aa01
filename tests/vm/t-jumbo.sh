#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# MTU 9000 provisioned at `vdpa dev add` is what the guest's virtio_net
# sees, and jumbo frames cross the card in both directions.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ovnic-lib.sh"

ovnic_load
load_mod virtio_vdpa
vdpa_add d0 mtu 9000
vdpa_add d1 mtu 9000
vdpa dev config show d0 | tee /tmp/cfg
grep -q "mtu 9000" /tmp/cfg || fail "vdpa config does not show mtu 9000"
dev=$(netdev_of d0)
max=$(ip -d -j link show dev "$dev" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["max_mtu"])')
[ "$max" = 9000 ] || fail "guest max_mtu is $max, want 9000"
cur=$(cat "/sys/class/net/$dev/mtu")
[ "$cur" = 9000 ] || fail "guest mtu is $cur, want 9000"
three_ns 9000
ping_ok a 10.0.0.1 -s 8972 -M "do"
ping_ok up 10.0.0.2 -s 8972 -M "do"
ping_ok a 10.0.0.3 -s 8972 -M "do"
ping_ok b 10.0.0.2 -s 8972 -M "do"
exit 0
