/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * ovnic hardware interface: the only contract between the host driver and
 * the card.  Both sides include this header and nothing else of each other.
 *
 * The card exposes
 *   - a register window (identity, version, capabilities, card status),
 *   - a command mailbox: versioned little-endian command and response structs,
 *   - per-device doorbells (one 32-bit write per kick),
 *   - a physical port ("wire") towards the network,
 * and calls back into the host for interrupts (one vector per virtqueue and
 * per device config change) and for frames leaving through the wire.
 *
 * Layout rules: every multi-byte field is little-endian and naturally
 * aligned; reserved fields are zero on write and ignored on read.
 */
#ifndef OVNIC_HW_H
#define OVNIC_HW_H

/* Fixed-width types without libc or kernel headers. */
typedef unsigned char ovnic_u8;
typedef unsigned short ovnic_u16;
typedef unsigned int ovnic_u32;
typedef unsigned long long ovnic_u64;

#ifdef __CHECKER__
#define __ovnic_bitwise __attribute__((bitwise))
#define __ovnic_force __attribute__((force))
#else
#define __ovnic_bitwise
#define __ovnic_force
#endif

typedef ovnic_u16 __ovnic_bitwise ovnic_le16;
typedef ovnic_u32 __ovnic_bitwise ovnic_le32;
typedef ovnic_u64 __ovnic_bitwise ovnic_le64;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define OVNIC_SWAP16(x) __builtin_bswap16(x)
#define OVNIC_SWAP32(x) __builtin_bswap32(x)
#define OVNIC_SWAP64(x) __builtin_bswap64(x)
#else
#define OVNIC_SWAP16(x) (x)
#define OVNIC_SWAP32(x) (x)
#define OVNIC_SWAP64(x) (x)
#endif

static inline ovnic_le16 ovnic_cpu_to_le16(ovnic_u16 v)
{
	return (__ovnic_force ovnic_le16)OVNIC_SWAP16(v);
}

static inline ovnic_le32 ovnic_cpu_to_le32(ovnic_u32 v)
{
	return (__ovnic_force ovnic_le32)OVNIC_SWAP32(v);
}

static inline ovnic_le64 ovnic_cpu_to_le64(ovnic_u64 v)
{
	return (__ovnic_force ovnic_le64)OVNIC_SWAP64(v);
}

static inline ovnic_u16 ovnic_le16_to_cpu(ovnic_le16 v)
{
	return OVNIC_SWAP16((__ovnic_force ovnic_u16)v);
}

static inline ovnic_u32 ovnic_le32_to_cpu(ovnic_le32 v)
{
	return OVNIC_SWAP32((__ovnic_force ovnic_u32)v);
}

static inline ovnic_u64 ovnic_le64_to_cpu(ovnic_le64 v)
{
	return OVNIC_SWAP64((__ovnic_force ovnic_u64)v);
}

/* ---- Register window (32-bit registers) ---- */

#define OVNIC_REG_MAGIC		0x00	/* reads OVNIC_MAGIC */
#define OVNIC_REG_VERSION	0x04	/* major << 16 | minor */
#define OVNIC_REG_CARD_STATUS	0x08	/* OVNIC_CARD_STATUS_* */
#define OVNIC_REG_MAX_DEVICES	0x0c	/* vDPA devices the card can host */
#define OVNIC_REG_MAX_VQP	0x10	/* queue pairs per device */
#define OVNIC_REG_MAX_QUEUE_SIZE 0x14	/* descriptors per ring */
#define OVNIC_REG_NUM_CORES	0x18	/* device cores */
#define OVNIC_REG_FEATURES_LO	0x1c	/* virtio features the card offers */
#define OVNIC_REG_FEATURES_HI	0x20
#define OVNIC_REG_WIRE_LINK	0x24	/* RW: 1 = physical port up */
#define OVNIC_REG_WINDOW_SIZE	0x28

#define OVNIC_MAGIC		0x434e564fu	/* "OVNC" little-endian */
/*
 * 2.0: an address space starts empty and MR_RESET empties it; identity is
 * asked for with MR_IDENTITY (1.x: both meant identity).
 */
#define OVNIC_HW_VERSION_MAJOR	2
#define OVNIC_HW_VERSION_MINOR	0

#define OVNIC_CARD_STATUS_READY	(1u << 0)
#define OVNIC_CARD_STATUS_FATAL	(1u << 1)

/* ---- Interrupt vectors ---- */

/*
 * Each device owns OVNIC_VECTORS_PER_DEV vectors starting at
 * dev_id * OVNIC_VECTORS_PER_DEV; the driver names the vector of each
 * virtqueue and of config changes in the commands below.
 */
#define OVNIC_VECTORS_PER_DEV	128
#define OVNIC_NO_VECTOR		0xffffffffu

/* ---- Doorbells ---- */

/*
 * A doorbell write carries the virtqueue index in bits 15:0.  A device
 * that negotiated VIRTIO_F_NOTIFICATION_DATA may be rung through the data
 * doorbell instead (ovnic_hw_doorbell_data()), with the whole notification
 * of virtio 1.2 section 2.9: the index in bits 15:0 and where the driver
 * puts its next available buffer in bits 31:16 (split: the available
 * index; packed: the slot in 30:16, the wrap counter in 31).  Two doors,
 * because not every kick has data even then: vhost-vdpa's kick eventfds
 * carry none.  The card reads the ring, not the data; it checks the data
 * against the ring and counts a notification that announces buffers the
 * ring does not hold (OVNIC_VQC_BAD_NOTIFY), a driver's ordering bug.
 */
#define OVNIC_DB_QID(v)		((v) & 0xffffu)
#define OVNIC_DB_NEXT(v)	((v) >> 16)

/* ---- Command mailbox ---- */

#define OVNIC_CMD_VERSION	1

enum ovnic_opcode {
	OVNIC_CMD_DEV_CREATE = 0x01,
	OVNIC_CMD_DEV_DESTROY = 0x02,
	OVNIC_CMD_DEV_RESET = 0x03,
	OVNIC_CMD_DEV_SET_STATUS = 0x04,
	OVNIC_CMD_DEV_QUERY = 0x05,
	OVNIC_CMD_DEV_SET_FEATURES = 0x06,
	OVNIC_CMD_DEV_CONFIG_READ = 0x07,
	OVNIC_CMD_DEV_CONFIG_WRITE = 0x08,
	OVNIC_CMD_DEV_SET_LINK = 0x09,
	OVNIC_CMD_DEV_SET_LOOPBACK = 0x0a,
	OVNIC_CMD_DEV_SET_MAC_POLICY = 0x0b,
	OVNIC_CMD_DEV_GET_MAC_POLICY = 0x0c,
	OVNIC_CMD_DEV_SUSPEND = 0x0d,
	OVNIC_CMD_DEV_RESUME = 0x0e,
	OVNIC_CMD_DEV_SET_QUEUES = 0x0f,
	OVNIC_CMD_VQ_MODIFY = 0x10,
	OVNIC_CMD_VQ_QUERY = 0x11,
	OVNIC_CMD_VQ_STATS = 0x12,
	OVNIC_CMD_DEV_SET_MAC = 0x15,
	OVNIC_CMD_MR_MAP = 0x20,
	OVNIC_CMD_MR_UNMAP = 0x21,
	OVNIC_CMD_MR_RESET = 0x22,
	OVNIC_CMD_MR_IDENTITY = 0x23,
	OVNIC_CMD_RSS_QUERY = 0x30,
	OVNIC_CMD_RSS_SET_POLICY = 0x31,
	OVNIC_CMD_COAL_POLICY_SET = 0x38,
	OVNIC_CMD_COAL_POLICY_GET = 0x39,
	OVNIC_CMD_COAL_VQ_QUERY = 0x3a,
	OVNIC_CMD_PORT_STATS = 0x40,
	OVNIC_CMD_MAX,
};

enum ovnic_cmd_status {
	OVNIC_STATUS_OK = 0,
	OVNIC_STATUS_BAD_OPCODE = 1,
	OVNIC_STATUS_BAD_VERSION = 2,
	OVNIC_STATUS_BAD_LENGTH = 3,
	OVNIC_STATUS_BAD_PARAM = 4,
	OVNIC_STATUS_NO_DEVICE = 5,
	OVNIC_STATUS_BUSY = 6,
	OVNIC_STATUS_NO_SPACE = 7,
	OVNIC_STATUS_NOT_SUPPORTED = 8,
	OVNIC_STATUS_NO_MEMORY = 9,
	OVNIC_STATUS_EXISTS = 10,
};

struct ovnic_cmd_hdr {
	ovnic_le16 opcode;
	ovnic_le16 version;
	ovnic_le16 dev_id;
	ovnic_le16 rsvd;
};

struct ovnic_resp_hdr {
	ovnic_le16 opcode;
	ovnic_u8 status;	/* enum ovnic_cmd_status */
	ovnic_u8 rsvd;
	ovnic_le32 rsvd1;
};

/* DEV_CREATE: provision a virtio-net device in slot hdr.dev_id. */
struct ovnic_cmd_dev_create {
	struct ovnic_cmd_hdr hdr;
	ovnic_le64 device_features;	/* offered to the driver */
	ovnic_u8 mac[6];
	ovnic_le16 mtu;
	ovnic_le16 max_vqp;
	ovnic_le16 rsvd;
	ovnic_le32 config_vector;
};

/* DEV_DESTROY, DEV_RESET, DEV_QUERY, MR_RESET take the bare header. */

struct ovnic_cmd_dev_set_status {
	struct ovnic_cmd_hdr hdr;
	ovnic_u8 status;		/* virtio device status byte */
	ovnic_u8 rsvd[7];
};

struct ovnic_resp_dev_query {
	struct ovnic_resp_hdr hdr;
	ovnic_le64 device_features;
	ovnic_le64 driver_features;
	ovnic_le32 config_generation;
	ovnic_u8 status;
	ovnic_u8 link_up;
	ovnic_le16 num_vqs;		/* 2 * provisioned max_vqp + 1 */
	ovnic_le32 config_size;
	ovnic_le16 max_vqp;		/* queue pairs offered (config space) */
	ovnic_le16 curr_vqp;		/* queue pairs the driver uses */
	ovnic_le16 max_queue_size;	/* ring size offered */
	ovnic_u8 loopback;		/* OVNIC_LOOPBACK_* (DEV_SET_LOOPBACK) */
	ovnic_u8 suspended;		/* DEV_SUSPEND in force */
	ovnic_le16 rsvd1[2];
};

struct ovnic_cmd_dev_set_features {
	struct ovnic_cmd_hdr hdr;
	ovnic_le64 driver_features;
};

#define OVNIC_CONFIG_CHUNK	64

struct ovnic_cmd_dev_config {
	struct ovnic_cmd_hdr hdr;
	ovnic_le16 offset;
	ovnic_le16 length;		/* at most OVNIC_CONFIG_CHUNK */
	ovnic_le32 rsvd;
	ovnic_u8 data[OVNIC_CONFIG_CHUNK];	/* CONFIG_WRITE only */
};

struct ovnic_resp_dev_config {
	struct ovnic_resp_hdr hdr;
	ovnic_u8 data[OVNIC_CONFIG_CHUNK];
};

struct ovnic_cmd_dev_set_link {
	struct ovnic_cmd_hdr hdr;
	ovnic_u8 link_up;
	ovnic_u8 rsvd[7];
};

/*
 * DEV_SET_LOOPBACK: the host's loopback policy for the device.  With
 * loopback on, every frame the device transmits is received back by the
 * same device (receive filter, steering, hash report, counters and
 * coalescing as for any received frame) instead of entering the embedded
 * switch, and the switch delivers nothing to the device: it is a port
 * with a loopback plug.  Off (the default at DEV_CREATE) is normal
 * switching.  The setting survives virtio resets; it applies to every
 * frame transmitted after the command completes.  Other values than the
 * two below: BAD_PARAM.
 */
#define OVNIC_LOOPBACK_OFF	0
#define OVNIC_LOOPBACK_ON	1

struct ovnic_cmd_dev_set_loopback {
	struct ovnic_cmd_hdr hdr;
	ovnic_u8 loopback;		/* OVNIC_LOOPBACK_* */
	ovnic_u8 rsvd[7];
};

/*
 * The host's MAC policy of a device: which addresses it owns.  A device
 * owns its provisioned MAC (reserved at DEV_CREATE, which fails with
 * EXISTS when another port owns it) and the addresses the host allows it
 * (up to OVNIC_MAC_ALLOWED_MAX); the card's forwarding database sends
 * traffic for them to the device and to nobody else.  The driver may
 * switch its MAC (CTRL_MAC_ADDR_SET, a config write) only among those,
 * unless OVNIC_MACP_ANY: then it may claim free addresses, its unicast MAC
 * table's too, as long as it holds at most OVNIC_MAC_OWNED_MAX in all.
 * Without ANY, a driver's MAC table only filters what the device
 * receives: it never takes another port's traffic.
 *
 * Anti-spoofing drops (and counts, DROP_SPOOFED) every frame the device
 * sends with a source address it does not own: on, off, or auto (the
 * default: on unless address space 0 is identity, i.e. for every driver
 * but the host kernel's own).
 *
 * DEV_SET_MAC_POLICY replaces the allowed list at once: BAD_PARAM for a
 * multicast or zero address or too many, EXISTS when another port owns
 * one (nothing changes then).  If the driver's current MAC is no longer
 * owned, the device goes back to its provisioned MAC (a config change).
 * DEV_GET_MAC_POLICY (bare header) answers with the same struct, plus the
 * current MAC and what the driver claimed.  Policies survive resets;
 * claims do not.
 */
#define OVNIC_MAC_ALLOWED_MAX	7
#define OVNIC_MAC_OWNED_MAX	8	/* provisioned + allowed + claimed */

#define OVNIC_MACP_ANY		(1u << 0)

#define OVNIC_SPOOF_AUTO	0
#define OVNIC_SPOOF_ON		1
#define OVNIC_SPOOF_OFF		2

struct ovnic_mac_policy {
	ovnic_u8 flags;			/* OVNIC_MACP_* */
	ovnic_u8 spoof;			/* OVNIC_SPOOF_* */
	ovnic_u8 n_allowed;
	ovnic_u8 rsvd[5];
	ovnic_u8 allowed[OVNIC_MAC_ALLOWED_MAX][6];
	ovnic_u8 rsvd1[6];
};

struct ovnic_cmd_dev_mac_policy {
	struct ovnic_cmd_hdr hdr;
	struct ovnic_mac_policy policy;
};

struct ovnic_resp_dev_mac_policy {
	struct ovnic_resp_hdr hdr;
	struct ovnic_mac_policy policy;
	ovnic_u8 mac[6];		/* the driver's current MAC */
	ovnic_u8 spoof_active;		/* what AUTO means now */
	ovnic_u8 n_claimed;
	ovnic_u8 claimed[OVNIC_MAC_OWNED_MAX][6];
};

/*
 * DEV_SET_MAC: a new provisioned MAC for the device ("vdpa dev set DEV mac
 * M"), at any time.  It must be a unicast address no other port owns
 * (BAD_PARAM, EXISTS; nothing changes then).  The device owns it in place
 * of the old one: the switch forwards it to the device, and the old one is
 * released unless the host's MAC policy allows it to the device.  A
 * driver whose current MAC was the provisioned one gets the new one in
 * config space (a config change, with an interrupt after DRIVER_OK); one
 * that set another address keeps it.  A reset goes back to the new one.
 */
struct ovnic_cmd_dev_set_mac {
	struct ovnic_cmd_hdr hdr;
	ovnic_u8 mac[6];
	ovnic_u8 rsvd[2];
};

/*
 * DEV_SUSPEND and DEV_RESUME (bare header): stop and restart a device's
 * data path, for live migration (vhost-vdpa's VHOST_VDPA_SUSPEND/RESUME).
 *
 * When DEV_SUSPEND completes, every queue of the device (the control queue
 * too) stands at a descriptor boundary: each chain the card read from an
 * available ring has its used entry written and published, and the
 * notifications it owed, coalescing's deferred ones too, are raised.  No
 * device core is in the device any more.  VQ_QUERY then reports the state
 * a destination resumes from; for a split ring avail_idx == used_idx, as
 * the card holds no chain across batches (a receive chain a frame did not
 * fill is given back unread).
 *
 * While suspended the card serves no queue: doorbells are counted and
 * remembered, the switch drops every frame for the device and counts it as
 * DROP_NO_BUFFER on the receive queue it would have gone to.  Commands
 * still work: config reads and writes, link, status, and VQ_MODIFY of
 * any queue, enabled or not (a new STATE, address or size; enabling a
 * queue starts nothing yet).  DEV_RESUME continues from whatever the
 * queues hold then, serving the doorbells rung meanwhile.
 *
 * DEV_SUSPEND of a suspended device does nothing (OK); so does it before
 * DRIVER_OK, except that the queues then stay stopped at DRIVER_OK until
 * DEV_RESUME.  DEV_RESUME of a device not suspended: BAD_PARAM.  A reset
 * (DEV_RESET, status 0) ends the suspension.  DEV_QUERY reports it.
 */

/*
 * DEV_SET_QUEUES: what the device offers its next driver, only while it is
 * reset (status 0; else BUSY).  max_vqp: 1 to the number provisioned at
 * DEV_CREATE (more than 1 needs MQ offered); max_queue_size: a power of
 * two from 2 to MAX_QUEUE_SIZE.  0 leaves a field as it is.
 */
struct ovnic_cmd_dev_set_queues {
	struct ovnic_cmd_hdr hdr;
	ovnic_le16 max_vqp;
	ovnic_le16 max_queue_size;
	ovnic_le32 rsvd;
};

/*
 * VQ_MODIFY: fields selected by modify_mask are applied in one step.
 *
 * The ring layout follows the negotiated features.  Split (2.7): desc_addr
 * is the descriptor table, driver_addr the available ring, device_addr the
 * used ring; the size is a power of two.  Packed (VIRTIO_F_RING_PACKED,
 * 2.8): desc_addr is the descriptor ring (16-byte aligned), driver_addr
 * the driver's event suppression structure and device_addr the device's
 * (4-byte aligned each); any size up to the maximum.  A packed queue's
 * avail_idx and used_idx carry the position in bits 14:0 and the wrap
 * counter in bit 15, as vhost's vring base does; FEATURES_OK sets both to
 * 0x8000 (position 0, counters 1).
 */
#define OVNIC_VQ_MODIFY_ADDR	(1u << 0)	/* desc/driver/device addr */
#define OVNIC_VQ_MODIFY_SIZE	(1u << 1)
#define OVNIC_VQ_MODIFY_VECTOR	(1u << 2)
#define OVNIC_VQ_MODIFY_READY	(1u << 3)
#define OVNIC_VQ_MODIFY_STATE	(1u << 4)	/* avail_idx / used_idx */
#define OVNIC_VQ_MODIFY_ASID	(1u << 5)
/*
 * RESET, alone, with VIRTIO_F_RING_RESET negotiated: the queue reset of
 * virtio 1.2 section 2.6.1.  The card stops the queue at a descriptor
 * boundary (what it used is published; no notification follows) and
 * returns it to its state after FEATURES_OK: not ready, the device's
 * maximum size, no addresses or vector, the initial ring state, coalescing
 * from the global values.  Its counters and address space stay.  The
 * other queues run on; the driver sets the queue up again and enables it.
 */
#define OVNIC_VQ_MODIFY_RESET	(1u << 6)

struct ovnic_cmd_vq_modify {
	struct ovnic_cmd_hdr hdr;
	ovnic_le16 qid;
	ovnic_le16 size;
	ovnic_le32 modify_mask;
	ovnic_le64 desc_addr;
	ovnic_le64 driver_addr;
	ovnic_le64 device_addr;
	ovnic_le32 vector;
	ovnic_le16 avail_idx;		/* next available entry the card reads */
	ovnic_le16 used_idx;		/* next used entry the card writes */
	ovnic_u8 ready;
	ovnic_u8 asid;
	ovnic_u8 rsvd[6];
};

struct ovnic_cmd_vq {
	struct ovnic_cmd_hdr hdr;
	ovnic_le16 qid;
	ovnic_u8 rsvd[6];
};

struct ovnic_resp_vq_query {
	struct ovnic_resp_hdr hdr;
	ovnic_le16 size;
	ovnic_le16 avail_idx;
	ovnic_le16 used_idx;
	ovnic_u8 ready;
	ovnic_u8 broken;		/* queue stopped on a driver error */
};

/* Per-queue counters, all 64-bit. */
enum ovnic_vq_counter {
	OVNIC_VQC_PACKETS,
	OVNIC_VQC_BYTES,
	OVNIC_VQC_DESCS,
	OVNIC_VQC_KICKS,
	OVNIC_VQC_INTERRUPTS,
	OVNIC_VQC_DROP_NO_BUFFER,	/* rx: no available buffer */
	OVNIC_VQC_DROP_TOO_BIG,		/* rx: chain too short; tx: > MTU */
	OVNIC_VQC_DROP_BAD_DESC,	/* loop, bad flags, bad length */
	OVNIC_VQC_DROP_BAD_ADDR,	/* outside the DMA window */
	OVNIC_VQC_DROP_FILTERED,	/* rx filter, VLAN filter, link down */
	OVNIC_VQC_CTRL_ERRORS,		/* control commands answered ERR */
	OVNIC_VQC_COALESCED,		/* used entries whose notification
					 * coalescing deferred
					 */
	OVNIC_VQC_DROP_SPOOFED,		/* tx: source MAC the device does
					 * not own (anti-spoofing)
					 */
	OVNIC_VQC_DROP_BAD_OFFLOAD,	/* tx: checksum or GSO request
					 * malformed or not negotiated
					 */
	OVNIC_VQC_CSUM_PARTIAL,		/* tx: sent, rx: delivered with
					 * NEEDS_CSUM
					 */
	OVNIC_VQC_CSUM_VALID,		/* rx: delivered with DATA_VALID */
	OVNIC_VQC_GSO_PACKETS,		/* tx: GSO frames sent; rx: GSO
					 * frames delivered whole
					 */
	OVNIC_VQC_GSO_BYTES,
	OVNIC_VQC_GSO_SEGMENTS,		/* tx: segments the card cut from
					 * them for a receiver
					 */
	OVNIC_VQC_GSO_SEGMENT_BYTES,
	OVNIC_VQC_GSO_NOSEG_PACKETS,	/* tx: GSO frames no receiver
					 * needed cut
					 */
	OVNIC_VQC_GSO_NOSEG_BYTES,
	OVNIC_VQC_BAD_NOTIFY,		/* notification data ahead of the
					 * ring (see Doorbells)
					 */
	OVNIC_VQC_NUM,
};

struct ovnic_resp_vq_stats {
	struct ovnic_resp_hdr hdr;
	ovnic_le64 counter[OVNIC_VQC_NUM];
};

/*
 * PORT_STATS (no device: dev_id is ignored): the physical port's counters,
 * indexed like a queue's.  @to_wire counts frames the card sent out of the
 * port (PACKETS, BYTES; DROP_FILTERED: port down); @from_wire frames that
 * arrived (PACKETS, BYTES; DROP_BAD_DESC: shorter than an Ethernet header
 * or longer than the largest frame; DROP_FILTERED: port down).  Where they
 * went after the switch is counted on the receiving queues.
 */
struct ovnic_resp_port_stats {
	struct ovnic_resp_hdr hdr;
	ovnic_le64 to_wire[OVNIC_VQC_NUM];
	ovnic_le64 from_wire[OVNIC_VQC_NUM];
};

/*
 * Notification coalescing policy of a device, set by the host's
 * administrator.  The usecs/frames pairs are what every data queue starts
 * with when the driver enables it after a reset (the virtio default is 0:
 * a notification per packet); the adaptive flags let the card choose each
 * queue's moderation from its own rate measurements, for the queues whose
 * parameters the driver has not set since the reset.
 */
#define OVNIC_COAL_F_ADAPTIVE_RX	(1u << 0)
#define OVNIC_COAL_F_ADAPTIVE_TX	(1u << 1)
#define OVNIC_COAL_USECS_MAX		1000000	/* 1 s */
#define OVNIC_COAL_IRQ_RATE_DEFAULT	20000	/* interrupts/s per queue */
#define OVNIC_COAL_IRQ_RATE_MIN		100
#define OVNIC_COAL_IRQ_RATE_MAX		1000000

struct ovnic_coal_policy {
	ovnic_le32 rx_usecs;
	ovnic_le32 rx_frames;
	ovnic_le32 tx_usecs;
	ovnic_le32 tx_frames;
	ovnic_le32 flags;		/* OVNIC_COAL_F_* */
	ovnic_le32 irq_rate;		/* adaptive target; 0: the default */
};

/* COAL_POLICY_SET; COAL_POLICY_GET takes the bare header. */
struct ovnic_cmd_coal_policy {
	struct ovnic_cmd_hdr hdr;
	struct ovnic_coal_policy policy;
};

struct ovnic_resp_coal_policy {
	struct ovnic_resp_hdr hdr;
	struct ovnic_coal_policy policy;
};

/* Who set a queue's coalescing parameters. */
enum ovnic_coal_source {
	OVNIC_COAL_SRC_DEFAULT = 0,	/* the policy's, at enable */
	OVNIC_COAL_SRC_DRIVER_GLOBAL = 1,	/* TX_SET / RX_SET */
	OVNIC_COAL_SRC_DRIVER_VQ = 2,	/* VQ_SET */
	OVNIC_COAL_SRC_ADAPTIVE = 3,	/* the card's adaptive moderation */
};

/* COAL_VQ_QUERY (struct ovnic_cmd_vq): a queue's coalescing state now. */
struct ovnic_resp_coal_vq {
	struct ovnic_resp_hdr hdr;
	ovnic_le32 usecs;
	ovnic_le32 frames;
	ovnic_u8 source;		/* enum ovnic_coal_source */
	ovnic_u8 active;		/* enabled data queue that coalesces */
	ovnic_u8 timer_armed;
	ovnic_u8 rsvd;
	ovnic_le32 pending;		/* published, not yet notified */
	ovnic_le32 rate_pps;		/* adaptive: measured packets/s */
	ovnic_le32 rsvd1;
};

/* Memory regions: the card's DMA window, per address space. */
#define OVNIC_MR_PERM_READ	(1u << 0)	/* card may read */
#define OVNIC_MR_PERM_WRITE	(1u << 1)	/* card may write */

struct ovnic_cmd_mr_map {
	struct ovnic_cmd_hdr hdr;
	ovnic_le64 iova;
	ovnic_le64 size;
	ovnic_le64 host_addr;		/* host physical address */
	ovnic_le32 perm;
	ovnic_le32 asid;
};

struct ovnic_cmd_mr_unmap {
	struct ovnic_cmd_hdr hdr;
	ovnic_le64 iova;
	ovnic_le64 size;
	ovnic_le32 asid;
	ovnic_le32 rsvd;
};

/*
 * An address space maps nothing when the device is created: every address
 * the driver gives is refused (a counted drop; a ring there breaks the
 * queue and sets DEVICE_NEEDS_RESET) until MR_MAP maps it.  MR_UNMAP never
 * fails for want of memory.  MR_RESET (ASID in the trailing le32) unmaps
 * everything.  MR_IDENTITY makes IOVA equal host physical address, for a
 * driver whose addresses come from the host kernel's own DMA API; never for
 * one that maps through an IOTLB it controls.  An MR_MAP on an identity
 * space leaves identity for that one region; MR_RESET leaves it too.  A
 * virtio reset (DEV_RESET) keeps the address spaces as they are.
 */
struct ovnic_cmd_mr_reset {
	struct ovnic_cmd_hdr hdr;
	ovnic_le32 asid;
	ovnic_le32 rsvd;
};

/* MR_IDENTITY: the same layout. */
struct ovnic_cmd_mr_identity {
	struct ovnic_cmd_hdr hdr;
	ovnic_le32 asid;
	ovnic_le32 rsvd;
};

#define OVNIC_MAX_ASID		2

/*
 * Receive steering and hashing (virtio RSS, HASH_REPORT, HASH_TUNNEL).
 * RSS_QUERY (bare header) reads what the driver programmed through its
 * control queue and what the card does with it.  RSS_SET_POLICY sets the
 * host's inner-header hash policy: the encapsulation types (virtio
 * VIRTIO_NET_HASH_TUNNEL_TYPE_* bits) whose inner headers the card hashes
 * for a driver that did not negotiate VIRTIO_NET_F_HASH_TUNNEL.  A driver
 * that did negotiate it decides for itself (HASH_TUNNEL_SET) and the
 * policy does not apply to it.  The policy survives virtio resets.
 */
#define OVNIC_RSS_KEY_MAX	40
#define OVNIC_RSS_TABLE_MAX	128

#define OVNIC_RSS_STEER_AUTO	0	/* automatic steering over curr_vqp */
#define OVNIC_RSS_STEER_TABLE	1	/* RSS indirection table */

#define OVNIC_RSS_F_HASH_REPORT	(1u << 0)	/* driver negotiated HASH_REPORT */
#define OVNIC_RSS_F_RSS		(1u << 1)	/* driver negotiated RSS */
#define OVNIC_RSS_F_HASH_TUNNEL	(1u << 2)	/* driver negotiated HASH_TUNNEL */

struct ovnic_resp_rss_query {
	struct ovnic_resp_hdr hdr;
	ovnic_le32 hash_types;		/* enabled by the driver */
	ovnic_le32 supported_hash_types;
	ovnic_le32 guest_tunnel_types;	/* set by HASH_TUNNEL_SET */
	ovnic_le32 policy_tunnel_types;	/* set by RSS_SET_POLICY */
	ovnic_le32 active_tunnel_types;	/* what the card hashes inside */
	ovnic_le32 supported_tunnel_types;
	ovnic_le32 flags;		/* OVNIC_RSS_F_* */
	ovnic_le16 curr_vqp;		/* queue pairs in use */
	ovnic_le16 max_tx_vq;		/* from RSS_CONFIG, 0 before */
	ovnic_le16 unclassified_queue;	/* receive queue number */
	ovnic_le16 table_len;		/* entries of table[] in use */
	ovnic_u8 steering;		/* OVNIC_RSS_STEER_* */
	ovnic_u8 key_len;
	ovnic_u8 rsvd[2];
	ovnic_u8 key[OVNIC_RSS_KEY_MAX];
	ovnic_le16 table[OVNIC_RSS_TABLE_MAX];	/* receive queue numbers */
};

struct ovnic_cmd_rss_set_policy {
	struct ovnic_cmd_hdr hdr;
	ovnic_le32 tunnel_types;	/* 0: no inner-header hash */
	ovnic_le32 rsvd;
};

/* ---- Host side of the bus ---- */

/*
 * The offload state of a frame crossing the physical port, both ways: the
 * first ten bytes of a virtio-net header (virtio 1.2 section 5.1.6), so a
 * host passes it to and from its stack's own virtio-net helpers.  All zero:
 * a complete frame with nothing to do.  NEEDS_CSUM: the checksum from
 * @csum_start to the end goes at @csum_start + @csum_offset, its field
 * holding the pseudo-header sum.  A GSO type: a frame of up to 64 KiB to be
 * cut into @gso_size segments (also NEEDS_CSUM).  The card checks what a
 * host hands it as it checks a driver's transmit header.
 */
struct ovnic_wire_hdr {
	ovnic_u8 flags;
	ovnic_u8 gso_type;
	ovnic_le16 hdr_len;
	ovnic_le16 gso_size;
	ovnic_le16 csum_start;
	ovnic_le16 csum_offset;
};

/* A frame's largest size on the wire with its GSO state: 64 KiB of IP. */
#define OVNIC_WIRE_GSO_MAX	(65535 + 14 + 4)
/* Segments the card cuts one GSO frame into, at most. */
#define OVNIC_WIRE_GSO_MAX_SEGS	1024
/*
 * Pieces of one frame across the port, either way: as many as a transmit
 * chain may have descriptors, so the card hands a frame on as it got it.
 */
#define OVNIC_WIRE_MAX_PIECES	64

struct ovnic_hw;

/* What the card calls back into the host driver for. */
struct ovnic_hw_host_ops {
	/* Interrupt on @vector; may be called from any device core. */
	void (*irq)(void *ctx, ovnic_u32 vector);
	/* A frame leaves through the physical port; data is valid only
	 * during the call and may come in several pieces.
	 */
	void (*wire_tx)(void *ctx, const struct ovnic_wire_hdr *hdr,
			const void *const *piece, const ovnic_u32 *piece_len,
			ovnic_u32 npieces);
};

/*
 * The bus: how a host reaches card @index.  ovnic_hw_attach() is probe;
 * nothing else in the driver depends on how the card is implemented.
 */
struct ovnic_hw *ovnic_hw_attach(unsigned int index,
				 const struct ovnic_hw_host_ops *ops, void *ctx);
void ovnic_hw_detach(struct ovnic_hw *hw);
ovnic_u32 ovnic_hw_reg_read(struct ovnic_hw *hw, ovnic_u32 offset);
void ovnic_hw_reg_write(struct ovnic_hw *hw, ovnic_u32 offset, ovnic_u32 val);
/* Runs one command to completion; the response status says how it went. */
int ovnic_hw_mailbox(struct ovnic_hw *hw, const void *cmd, ovnic_u32 cmd_len,
		     void *resp, ovnic_u32 resp_len);
void ovnic_hw_doorbell(struct ovnic_hw *hw, ovnic_u16 dev_id, ovnic_u32 val);
void ovnic_hw_doorbell_data(struct ovnic_hw *hw, ovnic_u16 dev_id,
			    ovnic_u32 data);
/* A frame arrives at the physical port from the network. */
void ovnic_hw_wire_rx(struct ovnic_hw *hw, const void *frame, ovnic_u32 len);
/*
 * The same with its offload state and in up to OVNIC_WIRE_MAX_PIECES
 * pieces (an skb's head and fragments): the card copies straight from them.
 */
void ovnic_hw_wire_rx_sg(struct ovnic_hw *hw, const struct ovnic_wire_hdr *hdr,
			 const void *const *piece, const ovnic_u32 *piece_len,
			 ovnic_u32 npieces);

/* One frame of a burst from the host: its wire header and its pieces. */
struct ovnic_wire_frame {
	struct ovnic_wire_hdr hdr;
	ovnic_u32 npieces;
	const void *const *piece;
	const ovnic_u32 *piece_len;
};

/*
 * Frames of one burst, at most: the card receives them with one receive
 * batch, as it does a device's transmit burst.
 */
#define OVNIC_WIRE_BURST_MAX	32

/*
 * @n frames arriving at the port one after the other, each checked as
 * ovnic_hw_wire_rx_sg() checks one (a bad one is counted and dropped, the
 * others go on in order); what they share (the switch's lookup memo, a
 * receive queue's lock and interrupt decision) is paid once per burst.
 * Returns the number of frames the card took: @n, or 0 (none looked at)
 * when @n exceeds OVNIC_WIRE_BURST_MAX.
 */
ovnic_u32 ovnic_hw_wire_rx_sg_burst(struct ovnic_hw *hw,
				    const struct ovnic_wire_frame *frame,
				    ovnic_u32 n);

#endif /* OVNIC_HW_H */
