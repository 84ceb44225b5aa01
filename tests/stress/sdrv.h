/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * sdrv: the stress test's virtio-net driver, small enough to reason about
 * with several of them running at once.  Unlike tests/lib/vdriver.c it
 * never runs the card: the device cores are threads of their own, and a
 * driver only posts, kicks (ovnic_card_doorbell, and for control commands
 * ovnic_card_doorbell_serve as well) and reaps.
 *
 * One sd_dev belongs to one thread at a time: its guest driver thread, or
 * the control thread while that driver is parked (stress.c).  The mailbox
 * helpers may be called from any thread.
 *
 * Data queues use one descriptor per chain, descriptor i with buffer i;
 * the control queue runs one command at a time, as Linux's virtio_net
 * does, on descriptors 0-2 with buffers in the ring area (which stays
 * mapped when the buffer area of a mapped device is unmapped).
 */
#ifndef OVNIC_TEST_SDRV_H
#define OVNIC_TEST_SDRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/virtio_ring.h>

#include "ovnic_card.h"

#define SD_QSIZE	256
#define SD_BUF		2048	/* bytes per data buffer */
#define SD_MAX_VQP	4
#define SD_MAX_VQS	(2 * SD_MAX_VQP + 1)
#define SD_HDR_LEN	12	/* struct virtio_net_hdr_v1 */
#define SD_RING_AREA	(3 * 4096)	/* desc, avail, used of one queue */
#define SD_CTRL_AREA	4096	/* the control queue's three buffers */
#define SD_IOVA_BASE	0x4000000000ull

struct sd_vq {
	uint16_t qid;
	uint16_t size;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint8_t *buf;		/* SD_BUF per descriptor; NULL for the cvq */
	uint16_t avail_idx;	/* next avail->idx we publish */
	uint16_t last_used;	/* next used entry we reap */
	uint16_t nfree;
	uint16_t free_stack[SD_QSIZE];
	bool outstanding[SD_QSIZE];
};

/* What the driver saw go wrong, and what it did. */
struct sd_counts {
	uint64_t bad_used;	/* used id out of range or not outstanding */
	uint64_t bad_len;	/* used length the buffer can't hold */
	uint64_t bad_hdr;	/* virtio-net header not as the card writes it */
	uint64_t bad_frame;	/* payload torn or corrupted */
	uint64_t leaked;	/* unicast for another device delivered here */
	uint64_t ctrl_timeouts;	/* command never answered */
	uint64_t ctrl_bad_ack;	/* ack neither OK nor ERR, or no ack */
	uint64_t ctrl_wrong;	/* an answer the command can't have */
	uint64_t tx_posted;
	uint64_t tx_done;
	uint64_t rx_frames;
	uint64_t rx_empty;	/* buffers returned unused (bad address) */
	uint64_t ctrl_ok;
	uint64_t ctrl_err;
	uint64_t ctrl_abandoned;	/* given up for a pause */
};

struct sd_dev {
	struct ovnic_card *card;
	uint16_t id;
	uint8_t mac[6];		/* provisioned */
	uint16_t max_vqp;
	uint64_t features;	/* offered at DEV_CREATE; all negotiated */
	bool mapped;		/* DMA window of regions, not identity */
	uint8_t *mem;		/* rings, then buffers */
	size_t ring_bytes;	/* region A: rings and control buffers */
	size_t buf_bytes;	/* region B: data buffers */
	uint16_t cvq;		/* index of the control queue */
	unsigned int ctrl_kicks;	/* which doorbell the next command rings */
	struct sd_vq vq[SD_MAX_VQS];
	struct sd_counts n;
};

/* Bytes of DMA memory a device with @max_vqp queue pairs needs. */
size_t sd_dev_mem_size(uint16_t max_vqp);
void sd_dev_init(struct sd_dev *d, struct ovnic_card *card, uint16_t id,
		 uint16_t max_vqp, uint64_t features, bool mapped,
		 uint8_t *mem);

/* ---- mailbox (any thread) ---- */

void sd_hdr(struct ovnic_cmd_hdr *h, uint16_t opcode, uint16_t dev_id);
/* Runs a command: the response's status, or 0xff when there was none. */
int sd_mbox(struct ovnic_card *card, const void *cmd, uint32_t cmd_len,
	    void *resp, uint32_t resp_len);
int sd_mbox_bare(struct ovnic_card *card, uint16_t opcode, uint16_t dev_id);
int sd_set_status(struct ovnic_card *card, uint16_t dev_id, uint8_t status);
int sd_query(struct ovnic_card *card, uint16_t dev_id,
	     struct ovnic_resp_dev_query *q);
int sd_mr_map(struct ovnic_card *card, uint16_t dev_id, uint64_t iova,
	      uint64_t size, const void *host);
int sd_mr_unmap(struct ovnic_card *card, uint16_t dev_id, uint64_t iova,
		uint64_t size);
int sd_vq_ready(struct ovnic_card *card, uint16_t dev_id, uint16_t qid,
		bool ready);

/* ---- the device's owner ---- */

/* DEV_CREATE and the DMA window. */
int sd_dev_create(struct sd_dev *d);
/*
 * Virtio initialization from reset: status, features, fresh rings,
 * DRIVER_OK.  The device must be reset (new, DEV_RESET or status 0).
 */
int sd_dev_start(struct sd_dev *d);
/* The driver's address for @p. */
uint64_t sd_iova(const struct sd_dev *d, const void *p);

static inline struct sd_vq *sd_rxq(struct sd_dev *d, unsigned int pair)
{
	return &d->vq[2 * pair];
}

static inline struct sd_vq *sd_txq(struct sd_dev *d, unsigned int pair)
{
	return &d->vq[2 * pair + 1];
}

void sd_kick(struct sd_dev *d, struct sd_vq *q);
/* Post a frame (header added here); false when the ring is full. */
bool sd_tx_post(struct sd_dev *d, struct sd_vq *q, const void *frame,
		uint32_t len);
unsigned int sd_tx_reap(struct sd_dev *d, struct sd_vq *q);
unsigned int sd_tx_outstanding(const struct sd_vq *q);
/* Post receive buffers until the ring is full; returns how many. */
unsigned int sd_rx_refill(struct sd_dev *d, struct sd_vq *q);

/* A received frame: @frame, @len after the virtio-net header. */
typedef void sd_rx_fn(struct sd_dev *d, const uint8_t *frame, uint32_t len,
		      void *arg);
unsigned int sd_rx_reap(struct sd_dev *d, struct sd_vq *q, sd_rx_fn *fn,
			void *arg);

/*
 * One control command, waited for: the ack (VIRTIO_NET_OK or _ERR),
 * -ETIMEDOUT after @timeout_ns, or -EINTR when *@give_up turned nonzero.
 */
int sd_ctrl(struct sd_dev *d, uint8_t cls, uint8_t cmd, const void *data,
	    uint32_t len, uint64_t timeout_ns, const int *give_up);

#endif /* OVNIC_TEST_SDRV_H */
