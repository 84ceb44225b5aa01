/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * vdriver: a userspace virtio-net *driver* for the card, in the spirit of
 * QEMU's libqos.  It creates devices through the mailbox, negotiates
 * features, lays out split rings - or packed ones when the driver
 * negotiated VIRTIO_F_RING_PACKED - in DMA arenas, posts buffers, kicks,
 * runs the card's device cores and reaps used entries.  It also hands out
 * raw access to descriptors so tests can build broken rings.
 *
 * The library never asserts: every call returns 0 / a count on success, a
 * negative errno on a harness-side failure, or (for mailbox wrappers) the
 * card's positive OVNIC_STATUS_* code.  The tests decide what is wrong.
 *
 * Addresses: the harness makes a device's address space 0 identity (IOVA
 * == host pointer) with MR_IDENTITY, as the kernel driver does for
 * virtio_vdpa, unless the config asks for the empty window a vhost user
 * finds.  After vd_dev_mr_map() the driver writes IOVAs translated through
 * the maps it programmed; vd_dev_mr_reset() empties the window and
 * vd_dev_mr_identity() returns to identity.
 */
#ifndef OVNIC_TEST_VDRIVER_H
#define OVNIC_TEST_VDRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/virtio_config.h>
#include <linux/virtio_net.h>
#include <linux/virtio_ring.h>

#include "ovnic_card.h"
#include "platform_user.h"

#define VD_BIT(b)		(1ull << (b))

/* Newer than Debian 12's userspace headers (Linux 6.1). */
#ifndef VIRTIO_NET_F_VQ_NOTF_COAL
#define VIRTIO_NET_F_VQ_NOTF_COAL	52
#endif
#ifndef VIRTIO_NET_F_DEVICE_STATS
#define VIRTIO_NET_F_DEVICE_STATS	50
#endif
#ifndef VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET
#define VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET	2
#define VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET	3
#endif
#ifndef VIRTIO_NET_CTRL_STATS
#define VIRTIO_NET_CTRL_STATS		8
#define VIRTIO_NET_CTRL_STATS_QUERY	0
#define VIRTIO_NET_CTRL_STATS_GET	1
#define VIRTIO_NET_STATS_TYPE_CVQ	(1ULL << 32)
#define VIRTIO_NET_STATS_TYPE_RX_BASIC	(1ULL << 0)
#define VIRTIO_NET_STATS_TYPE_RX_CSUM	(1ULL << 1)
#define VIRTIO_NET_STATS_TYPE_RX_GSO	(1ULL << 2)
#define VIRTIO_NET_STATS_TYPE_RX_SPEED	(1ULL << 3)
#define VIRTIO_NET_STATS_TYPE_TX_BASIC	(1ULL << 16)
#define VIRTIO_NET_STATS_TYPE_TX_CSUM	(1ULL << 17)
#define VIRTIO_NET_STATS_TYPE_TX_GSO	(1ULL << 18)
#define VIRTIO_NET_STATS_TYPE_TX_SPEED	(1ULL << 19)
#endif

/* What vd_dev_bringup() negotiates when the config says nothing. */
#define VD_F_DEFAULT	(VD_BIT(VIRTIO_F_VERSION_1) |			\
			 VD_BIT(VIRTIO_F_ACCESS_PLATFORM) |		\
			 VD_BIT(VIRTIO_RING_F_INDIRECT_DESC) |		\
			 VD_BIT(VIRTIO_NET_F_MTU) |			\
			 VD_BIT(VIRTIO_NET_F_MAC) |			\
			 VD_BIT(VIRTIO_NET_F_STATUS) |			\
			 VD_BIT(VIRTIO_NET_F_CTRL_VQ) |			\
			 VD_BIT(VIRTIO_NET_F_CTRL_RX) |			\
			 VD_BIT(VIRTIO_NET_F_CTRL_VLAN) |		\
			 VD_BIT(VIRTIO_NET_F_GUEST_ANNOUNCE) |		\
			 VD_BIT(VIRTIO_NET_F_MQ) |			\
			 VD_BIT(VIRTIO_NET_F_CTRL_MAC_ADDR) |		\
			 VD_BIT(VIRTIO_NET_F_DEVICE_STATS) |		\
			 VD_BIT(VIRTIO_NET_F_VQ_NOTF_COAL) |		\
			 VD_BIT(VIRTIO_NET_F_NOTF_COAL) |		\
			 VD_BIT(VIRTIO_NET_F_SPEED_DUPLEX))

/* virtio 1.1; Debian 12's uapi headers have no name for it yet. */
#ifndef VIRTIO_F_NOTIFICATION_DATA
#define VIRTIO_F_NOTIFICATION_DATA	38
#endif

/* virtio 1.4; Linux 6.12 has no name for it. */
#define VD_NET_F_HASH_TUNNEL	51

/* Every feature the card is documented to offer. */
#define VD_F_CARD	(VD_F_DEFAULT | VD_BIT(VIRTIO_RING_F_EVENT_IDX) |	\
			 VD_BIT(VIRTIO_F_RING_PACKED) |			\
			 VD_BIT(VIRTIO_F_RING_RESET) |			\
			 VD_BIT(VIRTIO_F_NOTIFICATION_DATA) |		\
			 VD_BIT(VIRTIO_NET_F_RSS) |			\
			 VD_BIT(VIRTIO_NET_F_HASH_REPORT) |		\
			 VD_BIT(VD_NET_F_HASH_TUNNEL))

/* The default set with packed rings (virtio 1.2 2.8). */
#define VD_F_PACKED	(VD_F_DEFAULT | VD_BIT(VIRTIO_F_RING_PACKED))

#define VD_NET_HDR_LEN		12	/* struct virtio_net_hdr_v1 */
#define VD_NET_HDR_HASH_LEN	20	/* ... with VIRTIO_NET_F_HASH_REPORT */
#define VD_MAX_SEGS		64	/* data segments per chain */
#define VD_MAX_FRAME		(9000 + 14 + 4 + 64)
#define VD_GAP			16	/* poisoned bytes after each segment */
#define VD_POISON		0xa5
#define VD_MAX_MAPS		16
#define VD_DEF_QUEUE_SIZE	256
#define VD_CARD_ARENA		(256ul << 20)
#define VD_NO_VLAN		0xffff
#define VD_IOVA_BASE		0x100000000ull	/* far from any pointer */
/*
 * A packed queue's state (VQ_QUERY, VQ_MODIFY): position in bits 14:0,
 * wrap counter in bit 15; FEATURES_OK starts both at position 0, counter 1.
 */
#define VD_PACKED_WRAP		0x8000
#define VD_PACKED_STATE_INIT	VD_PACKED_WRAP
#define VD_PACKED_MAX_SIZE	0x8000

/* ---- the card ---- */

struct ovnic_adapter;

struct vd_card {
	struct up_plat *plat;
	struct ovnic_card *card;
	struct ovnic_adapter *ad;	/* kernel/cmds.c's view of @card */
	struct ovnic_card_params params;
	unsigned int budget;		/* per ovnic_card_core_poll() call */
	unsigned long poll_limit;	/* calls before vd_card_run() gives up */
	bool poll_all;			/* poll every core, not only woken */
	uint64_t polls;
	uint8_t *pool;			/* vd_card_set_pool() */
	size_t pool_size;
	size_t pool_used;
};

/* NULL params: 8 devices, 4 queue pairs, 32768 descriptors, 2 cores. */
struct vd_card *vd_card_new(const struct ovnic_card_params *params);
void vd_card_free(struct vd_card *c);
/* Polls the cores that asked for it until none has work: 0, or -ETIMEDOUT. */
int vd_card_run(struct vd_card *c);
/* DMA-able memory (rings and buffers come from here too); never freed. */
void *vd_dma_alloc(struct vd_card *c, size_t size);
/* Allocate from [base, base + size) only, until called with NULL. */
void vd_card_set_pool(struct vd_card *c, void *base, size_t size);
uint32_t vd_reg_read(struct vd_card *c, uint32_t off);
void vd_reg_write(struct vd_card *c, uint32_t off, uint32_t val);
/* Frame from the network into the card, then run the card. */
int vd_wire_rx(struct vd_card *c, const void *frame, uint32_t len);

/* ---- raw mailbox ---- */

void vd_cmd_hdr_init(struct ovnic_cmd_hdr *h, uint16_t opcode,
		     uint16_t dev_id);
/*
 * Runs one command, any bytes.  Returns the response status
 * (OVNIC_STATUS_*) when the card wrote a response header, else the
 * mailbox's negative return value or -EPROTO.
 */
int vd_mbox(struct vd_card *c, const void *cmd, uint32_t cmd_len,
	    void *resp, uint32_t resp_len);

/*
 * One wrapper per command, on the kernel driver's command layer
 * (kernel/cmds.c, built in userspace over tests/kshim): the card's status
 * (OVNIC_STATUS_*, 0 for OK) when the card answered, else the command
 * layer's negative errno (an argument it refuses, such as a config chunk
 * over 64 bytes, or -EPROTO for a response to another opcode).  Queries
 * return the card's raw response.  vd_cmd_vq_modify() and
 * vd_cmd_set_loopback() with a mode other than on/off go the raw way.
 */
int vd_cmd_dev_create(struct vd_card *c, uint16_t dev_id, uint64_t features,
		      const uint8_t mac[6], uint16_t mtu, uint16_t max_vqp,
		      uint32_t config_vector);
int vd_cmd_dev_destroy(struct vd_card *c, uint16_t dev_id);
int vd_cmd_dev_reset(struct vd_card *c, uint16_t dev_id);
int vd_cmd_dev_set_status(struct vd_card *c, uint16_t dev_id, uint8_t status);
int vd_cmd_dev_suspend(struct vd_card *c, uint16_t dev_id);
int vd_cmd_dev_resume(struct vd_card *c, uint16_t dev_id);
int vd_cmd_dev_query(struct vd_card *c, uint16_t dev_id,
		     struct ovnic_resp_dev_query *out);
int vd_cmd_dev_set_features(struct vd_card *c, uint16_t dev_id,
			    uint64_t features);
int vd_cmd_config_read(struct vd_card *c, uint16_t dev_id, uint16_t off,
		       uint16_t len, void *buf);
int vd_cmd_config_write(struct vd_card *c, uint16_t dev_id, uint16_t off,
			uint16_t len, const void *buf);
int vd_cmd_set_link(struct vd_card *c, uint16_t dev_id, bool up);
/* @mode: OVNIC_LOOPBACK_*, or any other byte to see it refused. */
int vd_cmd_set_loopback(struct vd_card *c, uint16_t dev_id, uint8_t mode);
/* DEV_SET_MAC: the device's provisioned MAC ("vdpa dev set"). */
int vd_cmd_dev_set_mac(struct vd_card *c, uint16_t dev_id,
		       const uint8_t mac[6]);
int vd_cmd_set_queues(struct vd_card *c, uint16_t dev_id, uint16_t max_vqp,
		      uint16_t max_queue_size);
int vd_cmd_vq_modify(struct vd_card *c, uint16_t dev_id,
		     struct ovnic_cmd_vq_modify *m);
int vd_cmd_vq_query(struct vd_card *c, uint16_t dev_id, uint16_t qid,
		    struct ovnic_resp_vq_query *out);
int vd_cmd_vq_stats(struct vd_card *c, uint16_t dev_id, uint16_t qid,
		    uint64_t counter[OVNIC_VQC_NUM]);
int vd_cmd_mr_map(struct vd_card *c, uint16_t dev_id, uint32_t asid,
		  uint64_t iova, uint64_t size, uint64_t host, uint32_t perm);
int vd_cmd_mr_unmap(struct vd_card *c, uint16_t dev_id, uint32_t asid,
		    uint64_t iova, uint64_t size);
int vd_cmd_mr_reset(struct vd_card *c, uint16_t dev_id, uint32_t asid);
int vd_cmd_mr_identity(struct vd_card *c, uint16_t dev_id, uint32_t asid);
/* DEV_SET_MAC_POLICY: @n_allowed addresses of @allowed (may be NULL). */
int vd_cmd_mac_policy_set(struct vd_card *c, uint16_t dev_id, uint8_t flags,
			  uint8_t spoof, const uint8_t (*allowed)[6],
			  uint8_t n_allowed);
int vd_cmd_mac_policy_get(struct vd_card *c, uint16_t dev_id,
			  struct ovnic_resp_dev_mac_policy *out);
int vd_cmd_coal_policy_set(struct vd_card *c, uint16_t dev_id,
			   const struct ovnic_coal_policy *p);
int vd_cmd_coal_policy_get(struct vd_card *c, uint16_t dev_id,
			   struct ovnic_coal_policy *p);
int vd_cmd_coal_vq_query(struct vd_card *c, uint16_t dev_id, uint16_t qid,
			 struct ovnic_resp_coal_vq *out);

/* ---- a device and its virtqueues ---- */

struct vd_seg {
	void *p;
	uint32_t len;
	bool write;		/* device-writable */
};

/*
 * A posted chain.  Split: chain[head], @desc the descriptor indices.
 * Packed: chain[buffer id], @desc the ring slots it took (in order),
 * @ndesc how many (one when indirect); "head" is the buffer id there.
 */
struct vd_chain {
	bool busy;
	bool raw;		/* built by the test by hand */
	bool indirect;
	uint16_t id;		/* head (split) or buffer id (packed) */
	uint16_t ndesc;		/* ring descriptors used */
	uint16_t desc[VD_MAX_SEGS];
	uint32_t nseg;
	struct vd_seg seg[VD_MAX_SEGS];
	uint8_t *buf;		/* data area owned by this head */
	uint32_t buf_cap;
	union {				/* indirect table of this head */
		struct vring_desc *itable;
		struct vring_packed_desc *pitable;
	};
	uint32_t itable_cap;
	uintptr_t cookie;
};

struct vd_dev;

/*
 * A virtqueue.  Split rings use desc/avail/used; packed rings (@packed)
 * use ring/driver_event/device_event, and then @avail_idx, @last_used and
 * @kick_old count ring slots (free-running), @nfree is the free slots,
 * @free_stack holds the @nids free buffer ids.
 */
struct vd_vq {
	struct vd_dev *dev;
	uint16_t qid;
	uint16_t size;
	uint32_t vector;
	bool event_idx;
	bool packed;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	struct vring_packed_desc *ring;
	struct vring_packed_desc_event *driver_event;	/* driver area */
	struct vring_packed_desc_event *device_event;	/* device area */
	uint16_t next_avail;	/* packed: slot we fill next */
	uint16_t next_used;	/* packed: slot we reap next */
	bool avail_wrap;	/* packed: driver ring wrap counter */
	bool used_wrap;		/* packed: used ring wrap counter */
	uint16_t nids;
	uint16_t avail_idx;	/* next avail->idx we publish */
	uint16_t last_used;	/* next used entry we reap */
	uint16_t kick_old;	/* avail idx at the last kick decision */
	uint16_t *free_stack;
	uint16_t nfree;
	uint8_t *raw_owned;	/* descriptors handed out raw (split) */
	unsigned int raw_busy;
	struct vd_chain **chain;
	/* what the driver noticed */
	uint64_t kicks;
	uint64_t kicks_suppressed;
	uint64_t bad_used;	/* used id not outstanding / out of range */
	uint64_t bad_len;	/* used len larger than the writable part */
	uint64_t poison_hits;	/* bytes overwritten past a segment */
};

struct vd_dev_cfg {
	uint16_t dev_id;
	uint8_t mac[6];		/* zero: 02:00:00:00:<dev>:01 */
	uint16_t mtu;		/* zero: 1500 */
	uint16_t max_vqp;	/* zero: 1 */
	uint64_t offered;	/* DEV_CREATE features; zero: VD_F_CARD */
	uint64_t features;	/* wanted; zero: VD_F_DEFAULT */
	uint16_t queue_size;	/* zero: VD_DEF_QUEUE_SIZE */
	bool no_cvq;		/* don't set up the control queue */
	bool no_driver_ok;	/* stop before DRIVER_OK */
	bool empty_window;	/* no MR_IDENTITY: only what is mapped */
};

struct vd_map {
	uint64_t iova;
	uint64_t size;
	uint8_t *host;
};

#define VD_MAX_VQS	(2 * 32 + 1)

struct vd_dev {
	struct vd_card *card;
	struct vd_dev_cfg cfg;
	uint16_t dev_id;
	uint8_t mac[6];
	uint64_t features;	/* negotiated */
	uint16_t hdr_len;	/* virtio-net header, both directions */
	uint16_t nvqs;		/* data queues + control queue */
	uint16_t cvq_idx;
	uint32_t config_vector;
	struct vd_vq *vq[VD_MAX_VQS];
	struct vd_map map[VD_MAX_MAPS];
	unsigned int nmaps;
	uint64_t ctrl_timeouts;
};

/* DEV_CREATE and driver state; *err gets a status or -errno on NULL. */
struct vd_dev *vd_dev_new(struct vd_card *c, const struct vd_dev_cfg *cfg,
			  int *err);
/*
 * ACKNOWLEDGE|DRIVER, SET_FEATURES, FEATURES_OK and a DEV_QUERY to check it
 * stuck: 0, a mailbox status, or -ENOTSUP when FEATURES_OK was refused.
 */
int vd_dev_negotiate(struct vd_dev *d, uint64_t features);
/* Split: a power of two; packed: 1 to VD_PACKED_MAX_SIZE. */
int vd_dev_setup_queue(struct vd_dev *d, uint16_t qid, uint16_t size);
/*
 * Same, with the card and the driver starting at avail/used index @idx:
 * for a packed ring the state encoding, position | wrap counter << 15.
 */
int vd_dev_setup_queue_at(struct vd_dev *d, uint16_t qid, uint16_t size,
			  uint16_t idx);
int vd_dev_setup_queues(struct vd_dev *d);
int vd_dev_driver_ok(struct vd_dev *d);
int vd_dev_add_status(struct vd_dev *d, uint8_t bits);
uint8_t vd_dev_status(struct vd_dev *d);	/* 0xff when query fails */
/* vd_dev_new + negotiate + queues + DRIVER_OK. */
struct vd_dev *vd_dev_bringup(struct vd_card *c, const struct vd_dev_cfg *cfg,
			      int *err);
/* DEV_RESET on the card, forget the queues, keep the device. */
int vd_dev_reset(struct vd_dev *d);
/* Reset then negotiate/queues/DRIVER_OK again with the same config. */
int vd_dev_reinit(struct vd_dev *d);
/* DEV_DESTROY (status ignored) and free the driver state. */
void vd_dev_destroy(struct vd_dev *d);
/* Free the driver state only. */
void vd_dev_free(struct vd_dev *d);

static inline bool vd_has(const struct vd_dev *d, unsigned int bit)
{
	return d->features & VD_BIT(bit);
}

static inline bool vd_vq_packed(const struct vd_vq *q)
{
	return q->packed;
}

static inline struct vd_vq *vd_rxq(struct vd_dev *d, unsigned int pair)
{
	return d->vq[2 * pair];
}

static inline struct vd_vq *vd_txq(struct vd_dev *d, unsigned int pair)
{
	return d->vq[2 * pair + 1];
}

static inline struct vd_vq *vd_cvq(struct vd_dev *d)
{
	return d->vq[d->cvq_idx];
}

/* Address translation for what the driver writes into rings. */
uint64_t vd_iova(struct vd_dev *d, const void *p);
int vd_dev_mr_map(struct vd_dev *d, uint64_t iova, void *host, uint64_t size,
		  uint32_t perm);
/* One driver-side translation, programmed as many @chunk-sized regions. */
int vd_dev_mr_map_chunked(struct vd_dev *d, uint64_t iova, void *host,
			  uint64_t size, uint32_t perm, uint64_t chunk);
int vd_dev_mr_unmap(struct vd_dev *d, uint64_t iova, uint64_t size);
int vd_dev_mr_reset(struct vd_dev *d);
int vd_dev_mr_identity(struct vd_dev *d);

/* Config space (struct virtio_net_config), in 64-byte mailbox chunks. */
int vd_config_read(struct vd_dev *d, uint16_t off, void *buf, uint16_t len);
uint16_t vd_config_status(struct vd_dev *d);	/* 0xffff on error */
int vd_dev_query(struct vd_dev *d, struct ovnic_resp_dev_query *out);

/* Counters; UINT64_MAX when the command fails. */
uint64_t vd_vq_counter(struct vd_vq *q, enum ovnic_vq_counter which);
int vd_vq_stats(struct vd_vq *q, uint64_t counter[OVNIC_VQC_NUM]);
int vd_vq_query(struct vd_vq *q, struct ovnic_resp_vq_query *out);
uint32_t vd_vq_irqs(struct vd_vq *q);
uint32_t vd_config_irqs(struct vd_dev *d);
/* The IOVAs of the queue's three areas, as VQ_MODIFY takes them. */
void vd_vq_ring_addrs(struct vd_vq *q, uint64_t *desc, uint64_t *driver,
		      uint64_t *device);

/* ---- posting and reaping ---- */

#define VD_ADD_INDIRECT		(1u << 0)

/* Post @n segments (in arena memory) as one chain; returns the head. */
int vd_vq_add(struct vd_vq *q, const struct vd_seg *seg, unsigned int n,
	      unsigned int flags);
unsigned int vd_vq_free_descs(struct vd_vq *q);

struct vd_tx_opts {
	unsigned int nsegs;	/* frame split in this many; 0 = 1 */
	bool hdr_separate;	/* virtio-net header in its own segment */
	bool indirect;
	/*
	 * Or exactly: a descriptor starts at each of these offsets into
	 * header + frame (ascending, inside it; 0 is implied), e.g. { 5 }
	 * cuts the virtio-net header, { 12, 66 } puts it, the packet
	 * headers and the payload in three.  Overrides nsegs/hdr_separate.
	 */
	const uint32_t *cuts;
	unsigned int ncuts;
};

/*
 * Header (all zero) + frame as one TX chain; returns the head.  Doesn't
 * kick.  vdriver_offload.h has the same with a header of the test's.
 */
int vd_tx_post(struct vd_vq *q, const void *frame, uint32_t len,
	       const struct vd_tx_opts *o);

struct vd_rx_opts {
	unsigned int nsegs;	/* 0 = 1 */
	bool indirect;
};

/* A device-writable chain of @len bytes; returns the head. */
int vd_rx_post(struct vd_vq *q, uint32_t len, const struct vd_rx_opts *o);
/* Post until @n are outstanding or the ring is full; returns posted. */
int vd_rx_fill(struct vd_vq *q, unsigned int n, uint32_t len);

/* Publish nothing, just decide: rings the doorbell unless suppressed. */
int vd_vq_kick(struct vd_vq *q);
void vd_vq_kick_force(struct vd_vq *q);
/* Kick (forced) and run the card. */
int vd_vq_kick_run(struct vd_vq *q);
/*
 * VIRTIO_F_NOTIFICATION_DATA (2.9): the data of a notification where the
 * driver stands, its next position moved by @skew slots (a driver that
 * lies, or rings late); a forced kick through the card's data doorbell.
 */
uint32_t vd_vq_notify_data(const struct vd_vq *q, int skew);
void vd_vq_kick_data(struct vd_vq *q, int skew);

struct vd_used {
	uint32_t id;
	uint32_t len;
	struct vd_chain *chain;	/* valid until the head is posted again */
};

/* Next used entry: 1, 0 when none, -EPROTO on a bogus one. */
int vd_vq_get(struct vd_vq *q, struct vd_used *u);
/* Reap everything pending; returns the count (bogus ones skipped). */
int vd_vq_drain(struct vd_vq *q);
uint16_t vd_vq_used_pending(struct vd_vq *q);

/* Copy what the device wrote into a chain, up to @cap bytes. */
uint32_t vd_chain_gather(const struct vd_chain *ch, uint32_t len, void *dst,
			 uint32_t cap);

struct vd_rx_pkt {
	uint32_t id;
	uint32_t used_len;
	struct virtio_net_hdr_v1 hdr;
	uint32_t hash_value;	/* with VIRTIO_NET_F_HASH_REPORT */
	uint16_t hash_report;
	uint32_t len;		/* frame bytes after the header */
	uint8_t data[VD_MAX_FRAME];
};

/* Next received frame: 1, 0 when none, negative on error. */
int vd_rx_recv(struct vd_vq *q, struct vd_rx_pkt *pkt);

/*
 * Interrupt suppression and event index.  Split: the avail ring's
 * NO_INTERRUPT flag and used_event.  Packed (2.8.10): the driver area's
 * flags (disable, enable, desc) and off_wrap; vd_vq_set_used_event() sets
 * flags to desc with @idx as off_wrap.  vd_vq_avail_event() is the used
 * ring's avail_event, or the device area's off_wrap.
 */
void vd_vq_irq_disable(struct vd_vq *q);
void vd_vq_irq_enable(struct vd_vq *q);
void vd_vq_set_used_event(struct vd_vq *q, uint16_t idx);
uint16_t vd_vq_avail_event(struct vd_vq *q);
/*
 * The used event that asks for an interrupt when the card writes the used
 * entry @n past the next one the driver reaps (packed: @n ring slots on,
 * wrapping), for vd_vq_set_used_event().
 */
uint16_t vd_vq_used_event_in(struct vd_vq *q, unsigned int n);
/*
 * The driver's next available and next used entry, as VQ_QUERY reports
 * the card's: split, free-running indices; packed, position | wrap << 15.
 */
uint16_t vd_vq_avail_state(struct vd_vq *q);
uint16_t vd_vq_used_state(struct vd_vq *q);

/* ---- raw access for broken rings ---- */

/* A free descriptor index the test may fill by hand, or -ENOSPC. */
int vd_vq_raw_desc(struct vd_vq *q);
void vd_vq_raw_set(struct vd_vq *q, uint16_t idx, uint64_t addr,
		   uint32_t len, uint16_t flags, uint16_t next);
/*
 * Put @head (any value, even out of range) on the avail ring and publish.
 * Reaping an in-range raw head releases every raw descriptor once no raw
 * chain is outstanding.
 */
void vd_vq_raw_push(struct vd_vq *q, uint16_t head);
/* Move avail->idx by @delta without adding entries. */
void vd_vq_raw_avail_bump(struct vd_vq *q, uint16_t delta);
/*
 * The four above are for split rings (raw_desc is -EOPNOTSUPP on a packed
 * one, the others do nothing).  Packed: @n descriptors at the next ring
 * slots, addr, len and flags (NEXT, WRITE, INDIRECT) as given, made
 * available with the driver's wrap counter, the first one's flags last.
 * Every descriptor carries a fresh buffer id, or with VD_RAW_KEEP_ID the
 * ids given.  Returns the last descriptor's id, -ENOSPC without @n free
 * slots.  Reaping that id gives the @n slots back.
 */
#define VD_RAW_KEEP_ID		(1u << 0)
int vd_vq_raw_packed(struct vd_vq *q, const struct vring_packed_desc *d,
		     unsigned int n, unsigned int flags);

/* ---- control virtqueue ---- */

struct vd_iov {
	const void *p;
	uint32_t len;
};

/*
 * class/cmd header, the data pieces each in its own descriptor, a 1-byte
 * ack.  Returns the ack (VIRTIO_NET_OK/ERR) or a negative error when the
 * command was not answered.
 */
int vd_ctrl_sg(struct vd_dev *d, uint8_t cls, uint8_t cmd,
	       const struct vd_iov *iov, unsigned int n);
int vd_ctrl(struct vd_dev *d, uint8_t cls, uint8_t cmd, const void *data,
	    uint32_t len);
/*
 * Fully raw: @ro pieces device-readable, then @ack_len writable bytes
 * (0: none).  Returns the used len (>= 0) or negative when unanswered;
 * *ack gets the first writable byte (0xee when the card wrote nothing).
 */
int vd_ctrl_raw(struct vd_dev *d, const struct vd_iov *ro, unsigned int nro,
		uint32_t ack_len, uint8_t *ack);

/*
 * A command with a command-specific-result: @data in one descriptor, then
 * one writable descriptor of 1 + @room bytes (ack, then result).  Returns
 * the ack or a negative error; *written gets the result bytes the card
 * wrote (used length - 1), copied to @result.
 */
int vd_ctrl_result(struct vd_dev *d, uint8_t cls, uint8_t cmd,
		   const void *data, uint32_t len, void *result,
		   uint32_t room, uint32_t *written);

int vd_ctrl_rx_mode(struct vd_dev *d, uint8_t cmd, bool on);
int vd_ctrl_mac_table(struct vd_dev *d, const uint8_t (*uc)[6],
		      uint32_t nuc, const uint8_t (*mc)[6], uint32_t nmc);
int vd_ctrl_mac_addr(struct vd_dev *d, const uint8_t mac[6]);
int vd_ctrl_vlan(struct vd_dev *d, bool add, uint16_t vid);
int vd_ctrl_announce_ack(struct vd_dev *d);
int vd_ctrl_mq_pairs(struct vd_dev *d, uint16_t pairs);
/* 5.1.6.5.9: TX_SET / RX_SET, VQ_SET, VQ_GET. */
int vd_ctrl_coal(struct vd_dev *d, bool tx, uint32_t usecs, uint32_t packets);
int vd_ctrl_coal_vq_set(struct vd_dev *d, uint16_t vqn, uint32_t usecs,
			uint32_t packets);
int vd_ctrl_coal_vq_get(struct vd_dev *d, uint16_t vqn, uint32_t *usecs,
			uint32_t *packets);

/* VIRTIO_NET_CTRL_MQ_RSS_CONFIG, built from its fields. */
struct vd_rss {
	uint32_t hash_types;
	uint16_t table_len;	/* entries; the mask sent is table_len - 1 */
	uint16_t unclassified;	/* receive queue number */
	const uint16_t *table;	/* receive queue numbers */
	uint16_t max_tx_vq;
	uint8_t key_len;
	const uint8_t *key;
};

int vd_ctrl_rss(struct vd_dev *d, const struct vd_rss *rss);
int vd_ctrl_hash_config(struct vd_dev *d, uint32_t hash_types,
			const uint8_t *key, uint8_t key_len);
int vd_ctrl_hash_tunnel(struct vd_dev *d, uint32_t tunnel_types);

/* Mailbox: the device's steering state and the host's tunnel policy. */
int vd_cmd_rss_query(struct vd_card *c, uint16_t dev_id,
		     struct ovnic_resp_rss_query *out);
int vd_cmd_rss_set_policy(struct vd_card *c, uint16_t dev_id,
			  uint32_t tunnel_types);

/* ---- frames ---- */

/*
 * Ethernet frame: dst, src, optional 802.1Q tag (VD_NO_VLAN for none),
 * ethertype and @payload bytes of a pattern derived from @seed.  Returns
 * the frame length.
 */
uint32_t vd_frame(uint8_t *buf, const uint8_t dst[6], const uint8_t src[6],
		  uint16_t vlan, uint16_t ethertype, uint32_t payload,
		  uint8_t seed);
/* 02:00:00:00:<a>:<b> */
void vd_mac(uint8_t mac[6], uint8_t a, uint8_t b);

extern const uint8_t vd_bcast[6];

#endif /* OVNIC_TEST_VDRIVER_H */
