/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A virtio-net device on the card: the object every module of the device
 * layer works on, and what they ask of it.  Its lifetime, status and
 * features are device_lifecycle.c's, its configuration space
 * net_config.c's.
 */
#ifndef OVNIC_FW_DEVICE_H
#define OVNIC_FW_DEVICE_H

#include "virtqueue.h"
#include "rx_filter.h"
#include "mac_policy.h"
#include "rss.h"

struct ovnic_dev {
	struct fw_platform *pf;
	struct fw_fdb *fdb;	/* where it reserves the MACs it owns */
	u16 id;
	u16 max_vqp;		/* offered; at most (num_vqs - 1) / 2 */
	u16 curr_vqp;		/* MQ_VQ_PAIRS_SET */
	u16 mtu;
	u16 num_vqs;		/* provisioned: 2 * max_vqp at creation + 1 */
	u16 max_queue_size;	/* ring size offered */
	u16 queue_size_limit;	/* the card's: what DEV_SET_QUEUES may offer */
	struct fw_status st;	/* status, config generation and vector */
	bool link_up;
	bool loopback;		/* host policy: transmit to self, off the
				 * switch (DEV_SET_LOOPBACK)
				 */
	bool announce;
	/*
	 * DEV_SUSPEND: no core serves the device's queues and the switch
	 * delivers nothing to it.  Written on the control path, which then
	 * waits the epoch out; read once per poll and per receive batch.
	 */
	bool suspended;
	u8 mac[6];		/* provisioned */
	u8 cur_mac[6];		/* the driver's (rx_filter.c) */
	u64 device_features;
	u64 driver_features;
	/*
	 * The receive offloads in force (offload_state.c): the negotiated
	 * GUEST_* bits until CTRL_GUEST_OFFLOADS changes them; read by the
	 * switch on any core.
	 */
	u64 guest_offloads;
	/*
	 * The device lock: serializes the writers of @filter, @cur_mac and
	 * @macp (the control queue on a device core, the host's mailbox);
	 * readers on the data path use the filter's sequence count.
	 */
	struct ovnic_lock *cfg_lock;
	struct fw_mac_policy macp;
	struct ovnic_rx_filter filter;
	struct fw_rss rss;		/* steering and hashing (rss.c) */
	struct ovnic_as as[OVNIC_MAX_ASID];
	struct fw_coal_dev coal;	/* notf_coal.h */
	/* Per core: the transmit queue its next round starts with. */
	u16 tx_next[OVNIC_FW_MAX_CORES];
	/*
	 * The control queue has one server at a time: its device core or a
	 * doorbell answering inline (card.c).
	 */
	u32 ctrl_busy;
	struct ovnic_vq vq[];		/* num_vqs of them */
};

static inline bool fw_dev_has(const struct ovnic_dev *dev, unsigned int bit)
{
	return dev->driver_features & (1ull << bit);
}

static inline bool fw_dev_running(const struct ovnic_dev *dev)
{
	return fw_status_running(&dev->st);
}

static inline bool fw_dev_suspended(const struct ovnic_dev *dev)
{
	return fw_load_acquire(&dev->suspended);
}

/* An interrupt vector of @dev's own range (ovnic_hw.h), or none. */
static inline bool fw_dev_vector_ok(const struct ovnic_dev *dev, u32 vector)
{
	return vector == OVNIC_NO_VECTOR ||
	       vector / OVNIC_VECTORS_PER_DEV == dev->id;
}

/* Queue pairs the driver may use, and the control queue (5.1.2). */
static inline u16 fw_dev_pairs(const struct ovnic_dev *dev)
{
	return fw_dev_has(dev, VIRTIO_NET_F_MQ) ||
	       fw_dev_has(dev, VIRTIO_NET_F_RSS) ? dev->max_vqp : 1;
}

static inline u16 fw_dev_cvq(const struct ovnic_dev *dev)
{
	return 2 * fw_dev_pairs(dev);
}

/* A receive offload (a VIRTIO_NET_F_GUEST_* bit) currently in force. */
static inline bool fw_dev_rx_offload(const struct ovnic_dev *dev,
				     unsigned int bit)
{
	return fw_read_once(&dev->guest_offloads) & (1ull << bit);
}

/*
 * The virtio-net header's length both ways (5.1.6): with HASH_REPORT it
 * is 20 bytes on transmit too, as Linux uses one length for both.
 */
static inline u32 fw_dev_hdr_len(const struct ovnic_dev *dev)
{
	return fw_dev_has(dev, VIRTIO_NET_F_HASH_REPORT) ?
	       sizeof(struct virtio_net_hdr_v1_hash) :
	       sizeof(struct virtio_net_hdr_v1);
}

#endif /* OVNIC_FW_DEVICE_H */
