/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Internal definitions of the card's firmware.  Freestanding: nothing here
 * comes from libc or the kernel; the platform supplies host services.
 */
#ifndef OVNIC_FW_H
#define OVNIC_FW_H

#include "ovnic_card.h"
#include "virtio_defs.h"

typedef ovnic_u8 u8;
typedef ovnic_u16 u16;
typedef ovnic_u32 u32;
typedef ovnic_u64 u64;
typedef _Bool bool;
#define true 1
#define false 0
#ifndef NULL
#define NULL ((void *)0)
#endif

#define OVNIC_FW_MAX_DEVICES	64
#define OVNIC_FW_MAX_VQP	32
#define OVNIC_FW_MAX_VQS	(2 * OVNIC_FW_MAX_VQP + 1)
#define OVNIC_FW_MAX_CORES	16
#define OVNIC_FW_MAX_QSIZE	32768
#define OVNIC_MTU_MIN		68
#define OVNIC_MTU_MAX		9000
#define OVNIC_BURST		32
#define OVNIC_MAX_SEGS		64	/* pieces of one frame */
#define OVNIC_MAC_TABLE_MAX	64	/* per list, CTRL_MAC TABLE_SET */
#define OVNIC_FDB_SIZE		1024	/* power of two */
#define OVNIC_UPLINK_PORT	0xffu
#define OVNIC_NO_PORT		0xfeu
#define OVNIC_FRAME_MAX		(OVNIC_MTU_MAX + 14 + 4)

#define ARRAY_LEN(a)		(sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)		((a) < (b) ? (a) : (b))
#define fw_likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define fw_noinline		__attribute__((__noinline__))
/*
 * The read side of a latch or sequence count (fw_rss): it reads memory the
 * writer may be changing and throws what it read away when the count
 * moved.  A race by design, which ThreadSanitizer cannot tell from a real
 * one: only these readers go uninstrumented.
 */
#define fw_latch_reader		__attribute__((__no_sanitize__("thread")))
#define fw_memcpy		__builtin_memcpy
#define fw_memmove		__builtin_memmove
#define fw_memset		__builtin_memset
#define fw_memcmp		__builtin_memcmp

/* Memory ordering towards the driver, which shares the rings with us. */
#define fw_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define fw_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define fw_read_once(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define fw_write_once(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define fw_mb()			__atomic_thread_fence(__ATOMIC_SEQ_CST)
#if defined(__x86_64__) || defined(__i386__)
#define fw_cpu_relax()		__builtin_ia32_pause()
#else
#define fw_cpu_relax()		__atomic_signal_fence(__ATOMIC_SEQ_CST)
#endif
#define fw_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define fw_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
#define fw_atomic_add(p, v)	__atomic_add_fetch((p), (v), __ATOMIC_RELAXED)
#define fw_atomic_or(p, v)	__atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define fw_atomic_xchg(p, v)	__atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)

/* Ring fields are little-endian and shared with the driver. */
static inline ovnic_u16 fw_le16_load(const ovnic_le16 *p)
{
	return ovnic_le16_to_cpu((__ovnic_force ovnic_le16)__atomic_load_n(
		(__ovnic_force const ovnic_u16 *)p, __ATOMIC_RELAXED));
}

static inline ovnic_u16 fw_le16_load_acquire(const ovnic_le16 *p)
{
	return ovnic_le16_to_cpu((__ovnic_force ovnic_le16)__atomic_load_n(
		(__ovnic_force const ovnic_u16 *)p, __ATOMIC_ACQUIRE));
}

static inline void fw_le16_store(ovnic_le16 *p, ovnic_u16 v)
{
	__atomic_store_n((__ovnic_force ovnic_u16 *)p,
			 (__ovnic_force ovnic_u16)ovnic_cpu_to_le16(v),
			 __ATOMIC_RELAXED);
}

static inline void fw_le16_store_release(ovnic_le16 *p, ovnic_u16 v)
{
	__atomic_store_n((__ovnic_force ovnic_u16 *)p,
			 (__ovnic_force ovnic_u16)ovnic_cpu_to_le16(v),
			 __ATOMIC_RELEASE);
}

static inline void fw_le32_store(ovnic_le32 *p, ovnic_u32 v)
{
	__atomic_store_n((__ovnic_force ovnic_u32 *)p,
			 (__ovnic_force ovnic_u32)ovnic_cpu_to_le32(v),
			 __ATOMIC_RELAXED);
}

/*
 * A MAC address that other threads read locklessly under a sequence count
 * (struct ovnic_rx_filter): byte by byte, each access atomic, so that a
 * read racing with the owner's write is only discarded, never undefined.
 */
static inline void fw_mac_read_once(u8 *dst, const u8 *src)
{
	u32 i;

	for (i = 0; i < 6; i++)
		dst[i] = fw_read_once(&src[i]);
}

static inline void fw_mac_write_once(u8 *dst, const u8 *src)
{
	u32 i;

	for (i = 0; i < 6; i++)
		fw_write_once(&dst[i], src[i]);
}

/*
 * A counter with one writer at a time (its queue's owner, or the holder of
 * its lock): readers on the mailbox (VQ_STATS, PORT_STATS) load it
 * atomically, so it is stored atomically too, without a locked add.
 */
static inline void fw_count(ovnic_u64 *c, ovnic_u64 n)
{
	fw_write_once(c, fw_read_once(c) + n);
}

/* Unaligned little-endian fields of command and packet buffers. */
static inline u16 fw_get_le16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static inline u32 fw_get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline void fw_put_le16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static inline void fw_put_le32(u8 *p, u32 v)
{
	fw_put_le16(p, (u16)v);
	fw_put_le16(p + 2, (u16)(v >> 16));
}

static inline void fw_put_le64(u8 *p, u64 v)
{
	fw_put_le32(p, (u32)v);
	fw_put_le32(p + 4, (u32)(v >> 32));
}

#include "notf_coal.h"

/* ---- Address spaces: the DMA window (dma.c) ---- */

struct ovnic_mr {
	u64 iova;
	u64 last;		/* inclusive */
	u8 *ptr;		/* host pointer for iova */
	u32 perm;
};

struct ovnic_mr_table {
	u32 count;
	u32 capacity;
	struct ovnic_mr mr[];	/* sorted by iova, non-overlapping */
};

struct ovnic_as {
	/* Identity: IOVA == host physical address, the table is unused. */
	bool identity;
	struct ovnic_mr_table *table;	/* NULL: nothing mapped */
	/* As large as @table, control path only: where unmaps are built. */
	struct ovnic_mr_table *spare;
	u32 generation;		/* bumped on every change */
};

/* ---- Epochs: lifetime of what the data path reads (card.c) ---- */

struct ovnic_epoch {
	u32 index;
	u32 readers[2];
};

/* ---- Virtqueues (split_ring.c) ---- */

struct ovnic_chain_seg {
	u8 *ptr;
	u32 len;
};

/* A descriptor chain fetched from the available ring. */
struct ovnic_chain {
	u16 head;
	u16 ndescs;
	u32 nsegs;
	u32 len;		/* bytes in all segments */
	u32 read_len;		/* bytes in the readable segments (first) */
	struct ovnic_chain_seg seg[OVNIC_MAX_SEGS];
};

/* A frame crossing the switch: pieces of one TX chain or a wire buffer. */
struct ovnic_frame {
	u32 len;
	u32 npieces;
	const u8 *piece[OVNIC_MAX_SEGS];
	u32 piece_len[OVNIC_MAX_SEGS];
	u8 head[64];		/* first bytes, contiguous, for parsing */
	u32 head_len;
};

struct ovnic_vq_counters {
	u64 c[OVNIC_VQC_NUM];
};

/*
 * The stretch of IOVA a queue last translated through (dma.c): buffers
 * come from a few large regions, so most lookups end here.  Valid while
 * both generations match.
 */
struct fw_xlate {
	u64 first;
	u64 last;		/* inclusive */
	u8 *ptr;		/* host pointer for @first */
	u32 perm;
	u32 as_gen;		/* ovnic_as.generation */
	u32 mem_gen;		/* ovnic_card.mem_generation */
};

#include "net_hash.h"

/*
 * A transmit queue's last forwarding decisions (eswitch.c): traffic comes
 * in runs of one source and destination.  Valid while the forwarding
 * database's generation matches.
 */
struct fw_fdb_memo {
	u64 src;		/* MAC key last learned */
	u64 dst;		/* MAC key last looked up */
	u32 src_gen;
	u32 dst_gen;
	u8 dst_port;
	bool src_owned;		/* the sending port owns @src */
};

struct ovnic_dev;

struct ovnic_vq {
	struct ovnic_dev *dev;
	u16 qid;
	u16 size;		/* 0 until set */
	bool ready;
	bool broken;
	bool event_idx;
	bool indirect;
	u8 asid;
	u32 kicked;		/* doorbell rang since last poll */
	u64 desc_addr;
	u64 driver_addr;
	u64 device_addr;
	u32 vector;
	u16 last_avail_idx;
	u16 avail_shadow;	/* avail->idx as last read */
	u16 used_idx;
	u16 used_published;	/* used->idx as we last wrote it */
	u16 signalled_used;	/* used_idx when we last interrupted */
	bool signalled_valid;
	/* Cached translation of the ring areas; NULL when not contiguous. */
	u32 ring_generation;	/* ovnic_as.generation of the cache */
	u32 ring_mem_generation;	/* ovnic_card.mem_generation */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	struct fw_xlate xlate;
	struct fw_fdb_memo fdb_memo;	/* tx queues */
	struct ovnic_lock *rx_lock;	/* rx queues: producer side */
	struct ovnic_chain *rx_chain;	/* rx queues: under rx_lock */
	struct ovnic_vq_counters stats;
	struct fw_coal coal;		/* notf_coal.h */
};

/* ---- Devices (device.c) ---- */

/*
 * Written under the device lock, read on any core under @seq: every field
 * (and struct ovnic_dev's cur_mac) is accessed with fw_read_once() /
 * fw_write_once() or fw_mac_read_once() / fw_mac_write_once(), except by
 * holders of the device lock.
 */
struct ovnic_rx_filter {
	u32 seq;		/* odd while the owner updates */
	bool promisc;
	bool allmulti;
	bool uc_overflow;	/* more addresses than the table holds */
	bool mc_overflow;
	u32 uc_count;
	u32 mc_count;
	u8 uc[OVNIC_MAC_TABLE_MAX][6];
	u8 mc[OVNIC_MAC_TABLE_MAX][6];
	u32 vlans[4096 / 32];
};

/* The host's MAC policy and what the driver claimed (mac_policy.c). */
struct fw_mac_policy {
	u8 flags;		/* OVNIC_MACP_* */
	u8 spoof;		/* OVNIC_SPOOF_*, read by transmit */
	u8 n_allowed;
	u8 n_claimed;
	u8 allowed[OVNIC_MAC_ALLOWED_MAX][6];
	u8 claimed[OVNIC_MAC_OWNED_MAX][6];
};

struct ovnic_card;

struct ovnic_dev {
	struct ovnic_card *card;
	u16 id;
	u16 max_vqp;		/* offered; at most (num_vqs - 1) / 2 */
	u16 curr_vqp;		/* MQ_VQ_PAIRS_SET */
	u16 mtu;
	u16 num_vqs;		/* provisioned: 2 * max_vqp at creation + 1 */
	u16 max_queue_size;	/* ring size offered */
	u8 status;
	bool link_up;
	bool loopback;		/* host policy: transmit to self, off the
				 * switch (DEV_SET_LOOPBACK)
				 */
	bool announce;
	u8 mac[6];		/* provisioned */
	u8 cur_mac[6];		/* after CTRL_MAC_ADDR_SET */
	u64 device_features;
	u64 driver_features;
	u32 config_generation;
	u32 config_vector;
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
	struct ovnic_vq vq[];		/* num_vqs of them */
};

/* ---- Device cores (card.c) ---- */

/*
 * Frames a core delivers in a row to one receive queue share one lock
 * hold and one used-ring publication (net_rx.c).
 */
struct fw_rx_batch {
	struct ovnic_vq *vq;	/* locked, or NULL */
	unsigned int filled;	/* since the last flush */
};

struct ovnic_core {
	u64 pending;		/* bit per device with kicked queues */
	unsigned int rr_next;	/* device the next data round starts at */
	struct fw_rx_batch rxb;
	/*
	 * What this core sent to the port: only this core writes it, so the
	 * packet path takes no shared cache line; PORT_STATS sums the cores.
	 */
	struct ovnic_vq_counters to_wire;
	struct ovnic_chain chain;	/* scratch of the core's thread */
	struct ovnic_frame frame;
	u8 ctrl[4096];		/* control command being parsed */
	u8 ctrl_result[4096];	/* its command-specific-result */
};

struct ovnic_card {
	struct ovnic_platform plat;
	struct ovnic_card_params params;
	u64 features;
	u32 status;
	u32 wire_link;
	struct ovnic_lock *control_lock;
	struct ovnic_lock *switch_lock;
	struct ovnic_epoch epoch;
	u32 mem_generation;	/* bumped when host memory changes */
	struct ovnic_dev *dev[OVNIC_FW_MAX_DEVICES];
	struct ovnic_core core[OVNIC_FW_MAX_CORES];
	u64 fdb[OVNIC_FDB_SIZE];
	u64 fdb_spare[OVNIC_FDB_SIZE];	/* rebuild scratch, switch lock */
	u32 fdb_used;
	u32 fdb_tombstones;	/* of fdb_used, what a rebuild frees */
	u32 fdb_generation;	/* bumped after every change (from 1) */
	u32 fdb_seq;		/* odd while the table is rebuilt */
	u16 fdb_learned[OVNIC_FW_MAX_DEVICES];	/* per device port */
	/* Frames from the port (PORT_STATS); any wire caller adds. */
	struct ovnic_vq_counters from_wire;
};

/* card.c */
void fw_log(struct ovnic_card *card, enum ovnic_log_level level,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
u32 fw_epoch_enter(struct ovnic_card *card);
void fw_epoch_exit(struct ovnic_card *card, u32 idx);
void fw_epoch_sync(struct ovnic_card *card);
void fw_raise_irq(struct ovnic_card *card, u32 vector);
unsigned int fw_vq_core(const struct ovnic_card *card,
			const struct ovnic_dev *dev, u16 qid);

/* dma.c */
void *fw_dma_ptr(struct ovnic_as *as, struct ovnic_card *card, u64 iova,
		 u64 len, u32 perm);
void *fw_dma_ptr_partial(struct ovnic_as *as, struct ovnic_card *card,
			 u64 iova, u64 len, u32 perm, u64 *mapped);
int fw_as_map(struct ovnic_card *card, struct ovnic_as *as, u64 iova,
	      u64 size, u64 pa, u32 perm);
int fw_as_unmap(struct ovnic_card *card, struct ovnic_as *as, u64 iova,
		u64 size);
void fw_as_reset(struct ovnic_card *card, struct ovnic_as *as);
void fw_as_set_identity(struct ovnic_card *card, struct ovnic_as *as);
void *fw_dma_xlate_slow(struct ovnic_vq *vq, u64 iova, u32 len, u32 perm,
			u32 *mapped);

/*
 * A queue's translation of [iova, iova + len): host pointer, with *mapped
 * the bytes contiguous behind it (at most @len), or NULL.
 */
static inline void *fw_dma_xlate(struct ovnic_vq *vq, u64 iova, u32 len,
				 u32 perm, u32 *mapped)
{
	const struct fw_xlate *x = &vq->xlate;
	const struct ovnic_as *as = &vq->dev->as[vq->asid];

	if (fw_likely(iova >= x->first && len && iova <= x->last &&
		   len - 1 <= x->last - iova && (x->perm & perm) == perm &&
		   x->as_gen == fw_read_once(&as->generation) &&
		   x->mem_gen == fw_read_once(&vq->dev->card->mem_generation))) {
		*mapped = len;
		return x->ptr + (iova - x->first);
	}
	return fw_dma_xlate_slow(vq, iova, len, perm, mapped);
}

/* device.c */
int fw_dev_create(struct ovnic_card *card, u16 id,
		  const struct ovnic_cmd_dev_create *cmd);
void fw_dev_destroy(struct ovnic_card *card, struct ovnic_dev *dev);
void fw_dev_reset(struct ovnic_dev *dev);
int fw_dev_set_status(struct ovnic_dev *dev, u8 status);
int fw_dev_set_features(struct ovnic_dev *dev, u64 features);
int fw_dev_config_read(struct ovnic_dev *dev, u32 off, u32 len, u8 *out);
int fw_dev_config_write(struct ovnic_dev *dev, u32 off, u32 len,
			const u8 *in);
void fw_dev_set_link(struct ovnic_dev *dev, bool up);
int fw_dev_set_loopback(struct ovnic_dev *dev, u8 mode);
int fw_dev_set_queues(struct ovnic_dev *dev, u16 max_vqp, u16 max_queue_size);
bool fw_dev_set_mac(struct ovnic_dev *dev, const u8 *mac);
void _fw_dev_set_cur_mac(struct ovnic_dev *dev, const u8 *mac);
void fw_dev_config_changed(struct ovnic_dev *dev);
void fw_dev_needs_reset(struct ovnic_dev *dev);
u32 fw_dev_config_size(void);
bool fw_dev_running(const struct ovnic_dev *dev);
static inline bool fw_dev_has(const struct ovnic_dev *dev, unsigned int bit)
{
	return dev->driver_features & (1ull << bit);
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

/* mac_policy.c */
bool fw_mac_owned(const struct ovnic_dev *dev, const u8 *mac);
bool _fw_mac_claim(struct ovnic_dev *dev, const u8 *mac);
void _fw_mac_release_unused(struct ovnic_dev *dev);
void _fw_mac_release_claims(struct ovnic_dev *dev);
bool fw_mac_spoof_check(const struct ovnic_dev *dev);
bool fw_mac_takes_unknown(const struct ovnic_dev *dev);
int fw_mac_policy_set(struct ovnic_dev *dev,
		      const struct ovnic_mac_policy *in);
void fw_mac_policy_get(struct ovnic_dev *dev,
		       struct ovnic_resp_dev_mac_policy *r);

/* split_ring.c */
int fw_vq_modify(struct ovnic_vq *vq, const struct ovnic_cmd_vq_modify *cmd);
void fw_vq_reset(struct ovnic_vq *vq);
bool fw_vq_has_avail(struct ovnic_vq *vq);
#define FW_EXPECT_READ		0
#define FW_EXPECT_WRITE		1
#define FW_EXPECT_MIXED		2
int fw_vq_peek(struct ovnic_vq *vq, struct ovnic_chain *chain, int expect);
void fw_vq_consume(struct ovnic_vq *vq);
void fw_vq_push_used(struct ovnic_vq *vq, u16 head, u32 len);
void fw_vq_flush(struct ovnic_vq *vq);
void fw_vq_notify(struct ovnic_vq *vq);
void fw_vq_enable_notify(struct ovnic_vq *vq);
bool fw_vq_prepare(struct ovnic_vq *vq);

/* Results of fw_vq_peek(). */
#define FW_CHAIN_OK		0
#define FW_CHAIN_EMPTY		1
#define FW_CHAIN_BAD_DESC	2	/* head valid: return it unused */
#define FW_CHAIN_BAD_ADDR	3
#define FW_CHAIN_BROKEN		4	/* ring unusable: needs reset */

/* net_tx.c */
unsigned int fw_net_tx(struct ovnic_vq *vq, struct ovnic_core *core,
		       unsigned int budget);

/* net_rx.c */
bool fw_net_rx_deliver(struct ovnic_dev *dev, const struct ovnic_frame *f,
		       struct fw_rx_batch *rxb);
void fw_rx_batch_end(struct ovnic_card *card, struct fw_rx_batch *rxb);
void fw_frame_from_chain(struct ovnic_frame *f, const struct ovnic_chain *c,
			 u32 skip);

/* eswitch.c */
void fw_switch_forward(struct ovnic_card *card, u8 in_port,
		       const struct ovnic_frame *f, struct fw_rx_batch *rxb,
		       struct fw_fdb_memo *memo,
		       struct ovnic_vq_counters *to_wire);
void fw_switch_loopback(struct ovnic_dev *dev, const struct ovnic_frame *f,
			struct fw_rx_batch *rxb);
bool fw_fdb_set(struct ovnic_card *card, const u8 *mac, u8 port);
bool fw_fdb_available(struct ovnic_card *card, const u8 *mac, u8 port);
void fw_fdb_del(struct ovnic_card *card, const u8 *mac, u8 port);
bool fw_fdb_owns(struct ovnic_card *card, const u8 *mac, u8 port);
void fw_fdb_touch(struct ovnic_card *card);
bool fw_fdb_source(struct ovnic_card *card, const u8 *mac, u8 port,
		   struct fw_fdb_memo *memo, struct fw_rx_batch *rxb,
		   bool learn);
void fw_fdb_purge_port(struct ovnic_card *card, u8 port);
bool fw_rx_filter_accepts(struct ovnic_dev *dev, const struct ovnic_frame *f);

/* ctrl_vq.c */

/* One control command (5.1.6.5), as a class handler sees it. */
struct fw_ctrl_cmd {
	u8 class;
	u8 cmd;
	const u8 *data;		/* command-specific-data */
	u32 len;
	u8 *result;		/* command-specific-result, for the handler */
	u32 result_room;	/* bytes the driver's buffer holds */
	u32 result_len;		/* bytes the handler wrote */
};

/* Runs @c for @dev; returns VIRTIO_NET_OK or VIRTIO_NET_ERR. */
typedef u8 fw_ctrl_handler(struct ovnic_dev *dev, struct fw_ctrl_cmd *c);

unsigned int fw_ctrl_vq(struct ovnic_vq *vq, struct ovnic_core *core,
			unsigned int budget);

/* Control classes with files of their own. */
fw_ctrl_handler fw_ctrl_notf_coal;	/* notf_coal.c */
fw_ctrl_handler fw_ctrl_stats;		/* device_stats.c */

#endif /* OVNIC_FW_H */
