// SPDX-License-Identifier: GPL-2.0
/*
 * rss: how a device spreads received packets over its queues -- what the
 * driver set with VIRTIO_NET_CTRL_MQ_RSS_CONFIG (or automatic steering)
 * -- from the ovnic family's RSS_GET, printed by hash_print().
 *
 *	d0: mgmtdev ovnic0 rss true steering table pairs 4 max_tx_vq 4 unclassified_queue 0
 *	  hash_types ipv4 tcpv4 udpv4 ipv6 tcpv6 udpv6
 *	  key 6d:5a:56:da:...
 *	  indirection_table 0 1 2 3 0 1 2 3 ...
 */
#include "args.h"
#include "objects.h"

static int rss_show(int argc, char **argv)
{
	return hash_show_parts(argc, argv, "rss", HASH_RSS);
}

const struct cmd rss_cmds[] = {
	{ .name = "show", .run = rss_show, .spec = &spec_dev_optional, .args = "[ DEV ]", .is_default = true },
	{ }
};
