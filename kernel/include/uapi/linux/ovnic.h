/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * The "ovnic" generic netlink family: what the ovnic card can do for a vDPA
 * device beyond the vDPA bus's own "vdpa" family.  Shared by the module
 * (kernel/netlink*.c) and vdpa-ctl; docs/netlink.md describes every
 * command, attribute, permission and event.
 *
 * Addressing: a device is named by its vDPA device name
 * (OVNIC_NL_A_DEV_NAME), as "vdpa dev add name NAME" gave it.
 *
 * Numbering: values are ABI and never change.  Commands and attributes are
 * grouped in ranges, so that each feature adds its own without renumbering
 * anyone else's; a range's unused values are free for that feature only.
 *
 * Prefixes: OVNIC_NL_CMD_ and OVNIC_NL_A_ here; OVNIC_CMD_ belongs to the
 * card's mailbox opcodes (ovnic_hw.h), which are another thing.
 */
#ifndef _UAPI_LINUX_OVNIC_H
#define _UAPI_LINUX_OVNIC_H

#define OVNIC_GENL_NAME			"ovnic"
#define OVNIC_GENL_VERSION		1
#define OVNIC_GENL_MCGRP_EVENTS		"events"

/* Longest vDPA device name the family accepts, with its NUL. */
#define OVNIC_NL_DEV_NAME_MAX		64

/* Most addresses the host may allow a device (MAC_SET, MAC_ALLOWED). */
#define OVNIC_NL_MAC_ALLOWED_MAX	7

enum ovnic_nl_cmd {
	OVNIC_NL_CMD_UNSPEC,

	/* 1-15: devices */
	OVNIC_NL_CMD_DEV_GET = 1,	/* do, dump */
	OVNIC_NL_CMD_LINK_SET = 2,	/* do, CAP_NET_ADMIN */
	OVNIC_NL_CMD_QUEUES_SET = 3,	/* do, CAP_NET_ADMIN */
	OVNIC_NL_CMD_STATS_GET = 4,	/* do, dump */

	/* 16-23: interrupt coalescing */
	OVNIC_NL_CMD_COAL_GET = 16,	/* do, dump */
	OVNIC_NL_CMD_COAL_SET = 17,	/* do, CAP_NET_ADMIN */
	/* 24-31: inner-header hash and RSS */
	OVNIC_NL_CMD_RSS_GET = 24,	/* do, dump: steering and hash state */
	OVNIC_NL_CMD_HASH_SET = 25,	/* do, CAP_NET_ADMIN: host policy */
	/* 32-39: MAC policy */
	OVNIC_NL_CMD_MAC_GET = 32,	/* do, dump: policy and addresses */
	OVNIC_NL_CMD_MAC_SET = 33,	/* do, CAP_NET_ADMIN: host policy */

	/* 64-79: notifications, sent to the "events" group */
	OVNIC_NL_CMD_DEV_ADD_NTF = 64,
	OVNIC_NL_CMD_DEV_DEL_NTF = 65,
	OVNIC_NL_CMD_LINK_NTF = 66,
	OVNIC_NL_CMD_NEEDS_RESET_NTF = 67,
	OVNIC_NL_CMD_POLICY_NTF = 68,

	__OVNIC_NL_CMD_MAX,
	OVNIC_NL_CMD_MAX = __OVNIC_NL_CMD_MAX - 1
};

enum ovnic_nl_attr {
	OVNIC_NL_A_UNSPEC,
	OVNIC_NL_A_PAD,

	/* 2-15: device */
	OVNIC_NL_A_DEV_NAME = 2,	/* string: vDPA device name */
	OVNIC_NL_A_MGMTDEV_NAME = 3,	/* string: its card, "ovnicN" */
	OVNIC_NL_A_DEV_SLOT = 4,	/* u32: device slot on the card */
	OVNIC_NL_A_DEV_STATUS = 5,	/* u8: virtio device status */
	OVNIC_NL_A_DEV_DRIVER = 6,	/* string: bound vDPA bus driver */

	/* 16-23: link */
	OVNIC_NL_A_LINK_UP = 16,	/* u8: 1 up, 0 down (administrative) */
	OVNIC_NL_A_LINK_SPEED = 17,	/* u32: Mbit/s, as the device reports */
	OVNIC_NL_A_LINK_DUPLEX = 18,	/* u8: enum ovnic_nl_duplex */
	OVNIC_NL_A_LINK_LOOPBACK = 19,	/* u8: 1 transmit to self, 0 switch */

	/* 24-31: queues */
	OVNIC_NL_A_QUEUE_PAIRS_MAX = 24,	/* u16: pairs offered (config) */
	OVNIC_NL_A_QUEUE_PAIRS_LIMIT = 25,	/* u16: pairs provisioned */
	OVNIC_NL_A_QUEUE_PAIRS = 26,		/* u16: pairs the driver uses */
	OVNIC_NL_A_QUEUE_SIZE_MAX = 27,		/* u16: ring size offered */
	OVNIC_NL_A_QUEUE_SIZE_LIMIT = 28,	/* u16: card's ring size limit */

	/* 32-47: statistics */
	OVNIC_NL_A_STATS_QUEUE_INDEX = 32,	/* u16: virtqueue index */
	OVNIC_NL_A_STATS_QUEUE_TYPE = 33,	/* u8: enum ovnic_nl_queue_type */
	OVNIC_NL_A_STATS = 34,		/* nest (enum ovnic_nl_stat): a queue */
	OVNIC_NL_A_STATS_RX = 35,	/* nest: all receive queues */
	OVNIC_NL_A_STATS_TX = 36,	/* nest: all transmit queues */
	OVNIC_NL_A_STATS_CTRL = 37,	/* nest: the control queue */
	OVNIC_NL_A_STATS_PER_QUEUE = 38,	/* flag (dump): one reply per queue */

	/* 48-63: interrupt coalescing: the device's policy, then its queues */
	OVNIC_NL_A_COAL_RX_USECS = 48,	/* u32: receive queues' default */
	OVNIC_NL_A_COAL_RX_FRAMES = 49,	/* u32 */
	OVNIC_NL_A_COAL_TX_USECS = 50,	/* u32: transmit queues' default */
	OVNIC_NL_A_COAL_TX_FRAMES = 51,	/* u32 */
	OVNIC_NL_A_COAL_ADAPTIVE_RX = 52,	/* u8: card-side adaptive, 0/1 */
	OVNIC_NL_A_COAL_ADAPTIVE_TX = 53,	/* u8 */
	OVNIC_NL_A_COAL_IRQ_RATE = 54,	/* u32: adaptive target, irq/s/queue */
	OVNIC_NL_A_COAL_QUEUE = 55,	/* nest (enum ovnic_nl_coal_queue),
					 * one per data queue
					 */
	/* 64-95: inner-header hash and RSS; u32 type masks are virtio's */
	OVNIC_NL_A_HASH_TYPES = 64,	/* u32: HASH_TYPE_* the driver enabled */
	OVNIC_NL_A_HASH_TYPES_SUPPORTED = 65,	/* u32: HASH_TYPE_* */
	OVNIC_NL_A_HASH_REPORT = 66,	/* u8: driver negotiated HASH_REPORT */
	OVNIC_NL_A_HASH_TUNNEL = 67,	/* u8: driver negotiated HASH_TUNNEL */
	OVNIC_NL_A_HASH_TUNNEL_GUEST = 68,	/* u32: the driver's types */
	OVNIC_NL_A_HASH_TUNNEL_POLICY = 69,	/* u32: the host's (HASH_SET) */
	OVNIC_NL_A_HASH_TUNNEL_ACTIVE = 70,	/* u32: the types in use */
	OVNIC_NL_A_HASH_TUNNEL_SUPPORTED = 71,	/* u32: HASH_TUNNEL_TYPE_* */
	OVNIC_NL_A_RSS = 80,		/* u8: driver negotiated RSS */
	OVNIC_NL_A_RSS_STEERING = 81,	/* u8: enum ovnic_nl_steering */
	OVNIC_NL_A_RSS_KEY = 82,	/* binary: the hash key */
	OVNIC_NL_A_RSS_TABLE = 83,	/* binary: u32 receive queues, host order */
	OVNIC_NL_A_RSS_UNCLASSIFIED = 84,	/* u16: receive queue number */
	OVNIC_NL_A_RSS_MAX_TX_VQ = 85,	/* u16: from RSS_CONFIG, 0 before */

	/* 96-103: events */
	OVNIC_NL_A_POLICY = 96,		/* u8: enum ovnic_nl_policy (POLICY_NTF) */

	/*
	 * 104-119: MAC policy.  Lists of addresses are nests of
	 * OVNIC_NL_MACL_ADDR entries (enum ovnic_nl_mac_list), so that an
	 * empty list (no address) differs from none given (no change).
	 */
	OVNIC_NL_A_MAC_CURRENT = 104,	/* binary (6): the driver's MAC now */
	OVNIC_NL_A_MAC_ALLOWED = 105,	/* nest: addresses the host allows */
	OVNIC_NL_A_MAC_TRUST = 106,	/* u8: 1 the driver may claim free ones */
	OVNIC_NL_A_MAC_SPOOFCHK = 107,	/* u8: enum ovnic_nl_spoofchk */
	OVNIC_NL_A_MAC_SPOOFCHK_ACTIVE = 108,	/* u8: sources checked now */
	OVNIC_NL_A_MAC_CLAIMED = 109,	/* nest: addresses the driver claimed */

	__OVNIC_NL_A_MAX,
	OVNIC_NL_A_MAX = __OVNIC_NL_A_MAX - 1
};

enum ovnic_nl_duplex {
	OVNIC_NL_DUPLEX_UNKNOWN,
	OVNIC_NL_DUPLEX_HALF,
	OVNIC_NL_DUPLEX_FULL,
};

/* How a device chooses the receive queue (virtio 5.1.6.5.5). */
enum ovnic_nl_steering {
	OVNIC_NL_STEERING_AUTO,		/* automatic steering over the pairs */
	OVNIC_NL_STEERING_TABLE,	/* the RSS indirection table */
};

enum ovnic_nl_queue_type {
	OVNIC_NL_QUEUE_UNUSED,		/* beyond the pairs offered */
	OVNIC_NL_QUEUE_RX,
	OVNIC_NL_QUEUE_TX,
	OVNIC_NL_QUEUE_CTRL,
};

/* Counters of a queue or a sum of queues, all u64. */
enum ovnic_nl_stat {
	OVNIC_NL_STAT_UNSPEC,
	OVNIC_NL_STAT_PAD,
	OVNIC_NL_STAT_PACKETS,
	OVNIC_NL_STAT_BYTES,
	OVNIC_NL_STAT_DESCS,
	OVNIC_NL_STAT_KICKS,
	OVNIC_NL_STAT_INTERRUPTS,
	OVNIC_NL_STAT_DROP_NO_BUFFER,	/* rx: no buffer available */
	OVNIC_NL_STAT_DROP_TOO_BIG,	/* rx: buffer too short; tx: > MTU */
	OVNIC_NL_STAT_DROP_BAD_DESC,	/* malformed descriptor chain */
	OVNIC_NL_STAT_DROP_BAD_ADDR,	/* outside the device's DMA window */
	OVNIC_NL_STAT_DROP_FILTERED,	/* receive filter, VLAN, link down */
	OVNIC_NL_STAT_CTRL_ERRORS,	/* control commands answered ERR */
	OVNIC_NL_STAT_COALESCED,	/* used entries whose notification
					 * coalescing deferred
					 */
	OVNIC_NL_STAT_DROP_SPOOFED,	/* tx: source MAC not the device's */

	__OVNIC_NL_STAT_MAX,
	OVNIC_NL_STAT_MAX = __OVNIC_NL_STAT_MAX - 1
};

/* One queue's coalescing now (OVNIC_NL_A_COAL_QUEUE). */
enum ovnic_nl_coal_queue {
	OVNIC_NL_COALQ_UNSPEC,
	OVNIC_NL_COALQ_INDEX,		/* u16: virtqueue index */
	OVNIC_NL_COALQ_USECS,		/* u32: max_usecs in force */
	OVNIC_NL_COALQ_FRAMES,		/* u32: max_packets in force */
	OVNIC_NL_COALQ_SOURCE,		/* u8: enum ovnic_nl_coal_source */
	OVNIC_NL_COALQ_ACTIVE,		/* u8: an enabled queue coalescing */
	OVNIC_NL_COALQ_PENDING,		/* u32: entries not yet notified */
	OVNIC_NL_COALQ_RATE,		/* u32: measured packets/s (adaptive) */

	__OVNIC_NL_COALQ_MAX,
	OVNIC_NL_COALQ_MAX = __OVNIC_NL_COALQ_MAX - 1
};

/* Who set a queue's coalescing parameters. */
enum ovnic_nl_coal_source {
	OVNIC_NL_COAL_SRC_DEFAULT,	/* the policy's defaults */
	OVNIC_NL_COAL_SRC_DRIVER,	/* the driver: RX_SET / TX_SET */
	OVNIC_NL_COAL_SRC_DRIVER_QUEUE,	/* the driver: VQ_SET */
	OVNIC_NL_COAL_SRC_ADAPTIVE,	/* the card's adaptive moderation */
};

/* A list of MAC addresses (OVNIC_NL_A_MAC_ALLOWED, _CLAIMED). */
enum ovnic_nl_mac_list {
	OVNIC_NL_MACL_UNSPEC,
	OVNIC_NL_MACL_ADDR,		/* binary (6): one address, repeated */

	__OVNIC_NL_MACL_MAX,
	OVNIC_NL_MACL_MAX = __OVNIC_NL_MACL_MAX - 1
};

/* Source address checks on what a device sends (anti-spoofing). */
enum ovnic_nl_spoofchk {
	OVNIC_NL_SPOOFCHK_AUTO,		/* on unless the host kernel drives it */
	OVNIC_NL_SPOOFCHK_ON,
	OVNIC_NL_SPOOFCHK_OFF,
};

/* What a POLICY_NTF says changed. */
enum ovnic_nl_policy {
	OVNIC_NL_POLICY_UNSPEC,
	OVNIC_NL_POLICY_QUEUES = 1,	/* QUEUES_SET */
	OVNIC_NL_POLICY_COAL = 2,	/* COAL_SET */
	/* 3-7: interrupt coalescing */
	/* 8-15: inner-header hash and RSS */
	OVNIC_NL_POLICY_HASH = 8,	/* HASH_SET */
	/* 16-23: MAC policy */
	OVNIC_NL_POLICY_MAC = 16,	/* MAC_SET */
};

#endif /* _UAPI_LINUX_OVNIC_H */
