// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * vdriver: userspace virtio-net driver harness for the card.  See vdriver.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "adapter.h"
#include "vdriver.h"

#define VD_ACK_UNSET	0xee

const uint8_t vd_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static inline void vd_wmb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void vd_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void vd_put_le32(uint8_t *p, uint32_t v)
{
	vd_put_le16(p, (uint16_t)v);
	vd_put_le16(p + 2, (uint16_t)(v >> 16));
}

/* ---- card ---- */

struct vd_card *vd_card_new(const struct ovnic_card_params *params)
{
	static const struct ovnic_card_params def = {
		.max_devices	= 8,
		.max_vqp	= 4,
		.max_queue_size	= 4096,
		.num_cores	= 2,
	};
	struct vd_card *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->params = params ? *params : def;
	c->budget = 64;
	c->poll_limit = 1000000;
	c->plat = up_plat_new();
	if (!c->plat)
		goto err_free;
	if (!up_arena_create(c->plat, VD_CARD_ARENA))
		goto err_plat;
	c->card = ovnic_card_new(up_plat_ops(c->plat), &c->params);
	if (!c->card)
		goto err_plat;
	return c;

err_plat:
	up_plat_free(c->plat);
err_free:
	free(c);
	return NULL;
}

void vd_card_free(struct vd_card *c)
{
	if (!c)
		return;
	if (c->card)
		ovnic_card_free(c->card);
	up_plat_free(c->plat);
	free(c->ad);
	free(c);
}

int vd_card_run(struct vd_card *c)
{
	unsigned int ncores = c->params.num_cores;
	uint32_t all = ncores >= 32 ? ~0u : (1u << ncores) - 1;
	unsigned long n = 0;

	while (n < c->poll_limit) {
		uint32_t mask, more = 0;
		unsigned int core;

		/* timers due now fire as they would on their own */
		up_timers_run(c->plat);
		mask = c->plat->wake_pending;

		if (c->poll_all)
			mask |= all;
		if (!mask)
			return 0;
		c->plat->wake_pending &= ~mask;
		for (core = 0; core < 32; core++) {
			if (!(mask & (1u << core)))
				continue;
			if (ovnic_card_core_poll(c->card, core, c->budget))
				more |= 1u << core;
			n++;
			c->polls++;
		}
		c->plat->wake_pending |= more;
		if (c->poll_all && !c->plat->wake_pending)
			return 0;
	}
	return -ETIMEDOUT;
}

/* From the card's pool when one is set, else from its arenas. */
static void *vd_alloc(struct vd_card *c, size_t size, size_t align)
{
	size_t off;

	if (!size)
		size = 1;
	if (!c->pool)
		return up_arena_alloc(c->plat, size, align);
	off = (c->pool_used + align - 1) & ~(align - 1);
	if (off > c->pool_size || size > c->pool_size - off)
		return NULL;
	c->pool_used = off + size;
	return c->pool + off;
}

void *vd_dma_alloc(struct vd_card *c, size_t size)
{
	return vd_alloc(c, size, 64);
}

void vd_card_set_pool(struct vd_card *c, void *base, size_t size)
{
	c->pool = base;
	c->pool_size = base ? size : 0;
	c->pool_used = 0;
}

uint32_t vd_reg_read(struct vd_card *c, uint32_t off)
{
	return ovnic_card_reg_read(c->card, off);
}

void vd_reg_write(struct vd_card *c, uint32_t off, uint32_t val)
{
	ovnic_card_reg_write(c->card, off, val);
}

int vd_wire_rx(struct vd_card *c, const void *frame, uint32_t len)
{
	ovnic_card_wire_rx(c->card, frame, len);
	return vd_card_run(c);
}

/* ---- mailbox ---- */

/*
 * The raw path: any bytes as a command, for tests that send malformed ones
 * (and for VQ_MODIFY with any mask).  Everything else goes through the
 * kernel's command layer below.
 */
void vd_cmd_hdr_init(struct ovnic_cmd_hdr *h, uint16_t opcode,
		     uint16_t dev_id)
{
	h->opcode = ovnic_cpu_to_le16(opcode);
	h->version = ovnic_cpu_to_le16(OVNIC_CMD_VERSION);
	h->dev_id = ovnic_cpu_to_le16(dev_id);
	h->rsvd = 0;
}

int vd_mbox(struct vd_card *c, const void *cmd, uint32_t cmd_len,
	    void *resp, uint32_t resp_len)
{
	struct ovnic_resp_hdr *rh = resp;
	int rc;

	if (resp && resp_len >= sizeof(*rh)) {
		memset(resp, 0, resp_len);
		rh->status = 0xff;
	}
	rc = ovnic_card_mailbox(c->card, cmd, cmd_len, resp, resp_len);
	if (rc < 0)
		return rc;
	if (!resp || resp_len < sizeof(*rh))
		return rc ? rc : -EPROTO;
	/* no response written: the return value is all there is */
	if (rh->status == 0xff)
		return rc > 0 ? rc : -EPROTO;
	return rh->status;
}

int vd_cmd_vq_modify(struct vd_card *c, uint16_t dev_id,
		     struct ovnic_cmd_vq_modify *m)
{
	struct ovnic_resp_hdr resp;

	vd_cmd_hdr_init(&m->hdr, OVNIC_CMD_VQ_MODIFY, dev_id);
	return vd_mbox(c, m, sizeof(*m), &resp, sizeof(resp));
}

/*
 * The kernel's commands (kernel/cmds.c over tests/kshim) return 0 or an
 * errno; the tests want the card's status, which the adapter saw go by.
 * vd_ad() starts a command, copying its response to @tap when given;
 * vd_st() gives its result: the card's status when the card refused it,
 * else the command layer's errno (an argument it refused, a response to
 * another opcode).
 */
static struct ovnic_adapter *vd_tap(struct vd_card *c, void *tap,
				    uint32_t tap_len)
{
	/* a vd_card put together by hand (fuzzers, benchmarks) gets one */
	if (!c->ad) {
		c->ad = malloc(sizeof(*c->ad));
		if (!c->ad)
			abort();
		ovnic_adapter_init(c->ad, c->card, NULL, NULL, "vdriver");
	}
	c->ad->hw.card = c->card;
	c->ad->hw.answered = false;
	c->ad->hw.tap = tap;
	c->ad->hw.tap_len = tap_len;
	return c->ad;
}

static struct ovnic_adapter *vd_ad(struct vd_card *c)
{
	return vd_tap(c, NULL, 0);
}

static int vd_st(struct vd_card *c, int err)
{
	const struct ovnic_hw *hw = &c->ad->hw;

	c->ad->hw.tap = NULL;
	if (!err)
		return OVNIC_STATUS_OK;
	if (hw->answered && hw->status != OVNIC_STATUS_OK)
		return hw->status;
	return err;
}

int vd_cmd_dev_create(struct vd_card *c, uint16_t dev_id, uint64_t features,
		      const uint8_t mac[6], uint16_t mtu, uint16_t max_vqp,
		      uint32_t config_vector)
{
	struct ovnic_dev_params p = {
		.features	= features,
		.mtu		= mtu,
		.max_vqp	= max_vqp,
	};

	memcpy(p.mac, mac, sizeof(p.mac));
	return vd_st(c, ovnic_cmd_dev_create(vd_ad(c), dev_id, &p,
					     config_vector));
}

int vd_cmd_dev_destroy(struct vd_card *c, uint16_t dev_id)
{
	return vd_st(c, ovnic_cmd_dev_destroy(vd_ad(c), dev_id));
}

int vd_cmd_dev_reset(struct vd_card *c, uint16_t dev_id)
{
	return vd_st(c, ovnic_cmd_dev_reset(vd_ad(c), dev_id));
}

int vd_cmd_dev_set_status(struct vd_card *c, uint16_t dev_id, uint8_t status)
{
	return vd_st(c, ovnic_cmd_dev_set_status(vd_ad(c), dev_id, status));
}

int vd_cmd_dev_query(struct vd_card *c, uint16_t dev_id,
		     struct ovnic_resp_dev_query *out)
{
	struct ovnic_dev_info info;

	return vd_st(c, ovnic_cmd_dev_query(vd_tap(c, out, sizeof(*out)),
					    dev_id, &info));
}

int vd_cmd_dev_set_features(struct vd_card *c, uint16_t dev_id,
			    uint64_t features)
{
	return vd_st(c, ovnic_cmd_dev_set_features(vd_ad(c), dev_id,
						   features));
}

int vd_cmd_config_read(struct vd_card *c, uint16_t dev_id, uint16_t off,
		       uint16_t len, void *buf)
{
	uint8_t scratch[OVNIC_CONFIG_CHUNK];

	return vd_st(c, ovnic_cmd_dev_config_read(vd_ad(c), dev_id, off,
						  buf ? buf : scratch, len));
}

int vd_cmd_config_write(struct vd_card *c, uint16_t dev_id, uint16_t off,
			uint16_t len, const void *buf)
{
	static const uint8_t zero[OVNIC_CONFIG_CHUNK];

	return vd_st(c, ovnic_cmd_dev_config_write(vd_ad(c), dev_id, off,
						   buf ? buf : zero, len));
}

int vd_cmd_set_link(struct vd_card *c, uint16_t dev_id, bool up)
{
	return vd_st(c, ovnic_cmd_dev_set_link(vd_ad(c), dev_id, up));
}

/* The driver says on or off; any other byte goes the raw way. */
int vd_cmd_set_loopback(struct vd_card *c, uint16_t dev_id, uint8_t mode)
{
	struct ovnic_cmd_dev_set_loopback cmd = { .loopback = mode };
	struct ovnic_resp_hdr resp;

	if (mode == OVNIC_LOOPBACK_ON || mode == OVNIC_LOOPBACK_OFF)
		return vd_st(c, ovnic_cmd_dev_set_loopback(vd_ad(c), dev_id,
							   mode == OVNIC_LOOPBACK_ON));
	vd_cmd_hdr_init(&cmd.hdr, OVNIC_CMD_DEV_SET_LOOPBACK, dev_id);
	return vd_mbox(c, &cmd, sizeof(cmd), &resp, sizeof(resp));
}

int vd_cmd_set_queues(struct vd_card *c, uint16_t dev_id, uint16_t max_vqp,
		      uint16_t max_queue_size)
{
	return vd_st(c, ovnic_cmd_dev_set_queues(vd_ad(c), dev_id, max_vqp,
						 max_queue_size));
}

int vd_cmd_vq_query(struct vd_card *c, uint16_t dev_id, uint16_t qid,
		    struct ovnic_resp_vq_query *out)
{
	struct ovnic_vq_info info;

	return vd_st(c, ovnic_cmd_vq_query(vd_tap(c, out, sizeof(*out)),
					   dev_id, qid, &info));
}

int vd_cmd_vq_stats(struct vd_card *c, uint16_t dev_id, uint16_t qid,
		    uint64_t counter[OVNIC_VQC_NUM])
{
	u64 got[OVNIC_VQC_NUM];
	int st, i;

	st = vd_st(c, ovnic_cmd_vq_stats(vd_ad(c), dev_id, qid, got));
	if (st == OVNIC_STATUS_OK)
		for (i = 0; i < OVNIC_VQC_NUM; i++)
			counter[i] = got[i];
	return st;
}

int vd_cmd_mr_map(struct vd_card *c, uint16_t dev_id, uint32_t asid,
		  uint64_t iova, uint64_t size, uint64_t host, uint32_t perm)
{
	return vd_st(c, ovnic_cmd_mr_map(vd_ad(c), dev_id, asid, iova, size,
					 host, perm));
}

int vd_cmd_mr_unmap(struct vd_card *c, uint16_t dev_id, uint32_t asid,
		    uint64_t iova, uint64_t size)
{
	return vd_st(c, ovnic_cmd_mr_unmap(vd_ad(c), dev_id, asid, iova,
					   size));
}

int vd_cmd_mr_reset(struct vd_card *c, uint16_t dev_id, uint32_t asid)
{
	return vd_st(c, ovnic_cmd_mr_reset(vd_ad(c), dev_id, asid));
}

int vd_cmd_mr_identity(struct vd_card *c, uint16_t dev_id, uint32_t asid)
{
	return vd_st(c, ovnic_cmd_mr_identity(vd_ad(c), dev_id, asid));
}

int vd_cmd_mac_policy_set(struct vd_card *c, uint16_t dev_id, uint8_t flags,
			  uint8_t spoof, const uint8_t (*allowed)[6],
			  uint8_t n_allowed)
{
	struct ovnic_mac_params p = {
		.flags		= flags,
		.spoof		= spoof,
		.n_allowed	= n_allowed,
	};

	if (allowed)
		memcpy(p.allowed, allowed,
		       sizeof(p.allowed[0]) * (n_allowed < OVNIC_MAC_ALLOWED_MAX ?
					       n_allowed : OVNIC_MAC_ALLOWED_MAX));
	return vd_st(c, ovnic_cmd_mac_policy_set(vd_ad(c), dev_id, &p));
}

int vd_cmd_mac_policy_get(struct vd_card *c, uint16_t dev_id,
			  struct ovnic_resp_dev_mac_policy *out)
{
	struct ovnic_mac_info info;

	return vd_st(c, ovnic_cmd_mac_policy_get(vd_tap(c, out, sizeof(*out)),
						 dev_id, &info));
}

int vd_cmd_coal_policy_set(struct vd_card *c, uint16_t dev_id,
			   const struct ovnic_coal_policy *p)
{
	struct ovnic_coal_params params = {
		.rx_usecs	= ovnic_le32_to_cpu(p->rx_usecs),
		.rx_frames	= ovnic_le32_to_cpu(p->rx_frames),
		.tx_usecs	= ovnic_le32_to_cpu(p->tx_usecs),
		.tx_frames	= ovnic_le32_to_cpu(p->tx_frames),
		.flags		= ovnic_le32_to_cpu(p->flags),
		.irq_rate	= ovnic_le32_to_cpu(p->irq_rate),
	};

	return vd_st(c, ovnic_cmd_coal_policy_set(vd_ad(c), dev_id, &params));
}

int vd_cmd_coal_policy_get(struct vd_card *c, uint16_t dev_id,
			   struct ovnic_coal_policy *p)
{
	struct ovnic_resp_coal_policy resp;
	struct ovnic_coal_params params;
	int st;

	st = vd_st(c, ovnic_cmd_coal_policy_get(vd_tap(c, &resp, sizeof(resp)),
						dev_id, &params));
	if (st == OVNIC_STATUS_OK)
		*p = resp.policy;
	return st;
}

int vd_cmd_coal_vq_query(struct vd_card *c, uint16_t dev_id, uint16_t qid,
			 struct ovnic_resp_coal_vq *out)
{
	struct ovnic_coal_vq_info info;

	return vd_st(c, ovnic_cmd_coal_vq_query(vd_tap(c, out, sizeof(*out)),
						dev_id, qid, &info));
}

int vd_cmd_rss_query(struct vd_card *c, uint16_t dev_id,
		     struct ovnic_resp_rss_query *out)
{
	struct ovnic_rss_info info;

	return vd_st(c, ovnic_cmd_rss_query(vd_tap(c, out, sizeof(*out)),
					    dev_id, &info));
}

int vd_cmd_rss_set_policy(struct vd_card *c, uint16_t dev_id,
			  uint32_t tunnel_types)
{
	return vd_st(c, ovnic_cmd_rss_set_policy(vd_ad(c), dev_id,
						 tunnel_types));
}

/* ---- device ---- */

void vd_mac(uint8_t mac[6], uint8_t a, uint8_t b)
{
	mac[0] = 0x02;
	mac[1] = mac[2] = mac[3] = 0;
	mac[4] = a;
	mac[5] = b;
}

static uint32_t vd_vector(const struct vd_dev *d, uint16_t qid)
{
	return (uint32_t)d->dev_id * OVNIC_VECTORS_PER_DEV + qid;
}

struct vd_dev *vd_dev_new(struct vd_card *c, const struct vd_dev_cfg *cfg,
			  int *err)
{
	static const uint8_t zero[6];
	struct vd_dev *d = calloc(1, sizeof(*d));
	int st;

	if (!d) {
		if (err)
			*err = -ENOMEM;
		return NULL;
	}
	d->card = c;
	d->cfg = *cfg;
	if (!memcmp(d->cfg.mac, zero, 6))
		vd_mac(d->cfg.mac, cfg->dev_id, 1);
	if (!d->cfg.mtu)
		d->cfg.mtu = 1500;
	if (!d->cfg.max_vqp)
		d->cfg.max_vqp = 1;
	if (!d->cfg.offered)
		d->cfg.offered = VD_F_CARD;
	if (!d->cfg.features)
		d->cfg.features = VD_F_DEFAULT;
	if (!d->cfg.queue_size)
		d->cfg.queue_size = VD_DEF_QUEUE_SIZE;
	d->dev_id = cfg->dev_id;
	memcpy(d->mac, d->cfg.mac, 6);
	d->nvqs = 2 * d->cfg.max_vqp + 1;
	d->cvq_idx = 2;
	d->hdr_len = VD_NET_HDR_LEN;
	d->config_vector = vd_vector(d, OVNIC_VECTORS_PER_DEV - 1);
	st = vd_cmd_dev_create(c, d->dev_id, d->cfg.offered, d->cfg.mac,
			       d->cfg.mtu, d->cfg.max_vqp, d->config_vector);
	/* As the kernel driver does for virtio_vdpa: identity DMA. */
	if (st == OVNIC_STATUS_OK && !d->cfg.empty_window) {
		st = vd_cmd_mr_identity(c, d->dev_id, 0);
		if (st != OVNIC_STATUS_OK)
			vd_cmd_dev_destroy(c, d->dev_id);
	}
	if (st != OVNIC_STATUS_OK) {
		if (err)
			*err = st;
		free(d);
		return NULL;
	}
	if (err)
		*err = 0;
	return d;
}

int vd_dev_add_status(struct vd_dev *d, uint8_t bits)
{
	struct ovnic_resp_dev_query q;
	uint8_t status = bits;

	if (vd_cmd_dev_query(d->card, d->dev_id, &q) == OVNIC_STATUS_OK)
		status |= q.status;
	return vd_cmd_dev_set_status(d->card, d->dev_id, status);
}

int vd_dev_query(struct vd_dev *d, struct ovnic_resp_dev_query *out)
{
	return vd_cmd_dev_query(d->card, d->dev_id, out);
}

uint8_t vd_dev_status(struct vd_dev *d)
{
	struct ovnic_resp_dev_query q;

	if (vd_dev_query(d, &q) != OVNIC_STATUS_OK)
		return 0xff;
	return q.status;
}

int vd_dev_negotiate(struct vd_dev *d, uint64_t features)
{
	struct ovnic_resp_dev_query q;
	int st;

	st = vd_cmd_dev_set_status(d->card, d->dev_id,
				   VIRTIO_CONFIG_S_ACKNOWLEDGE |
				   VIRTIO_CONFIG_S_DRIVER);
	if (st)
		return st;
	st = vd_dev_query(d, &q);
	if (st)
		return st;
	features &= ovnic_le64_to_cpu(q.device_features);
	st = vd_cmd_dev_set_features(d->card, d->dev_id, features);
	if (st)
		return st;
	st = vd_dev_add_status(d, VIRTIO_CONFIG_S_FEATURES_OK);
	if (st)
		return st;
	st = vd_dev_query(d, &q);
	if (st)
		return st;
	if (!(q.status & VIRTIO_CONFIG_S_FEATURES_OK))
		return -ENOTSUP;
	d->features = features;
	d->cvq_idx = vd_has(d, VIRTIO_NET_F_MQ) || vd_has(d, VIRTIO_NET_F_RSS) ?
		     2 * d->cfg.max_vqp : 2;
	d->hdr_len = vd_has(d, VIRTIO_NET_F_HASH_REPORT) ?
		     VD_NET_HDR_HASH_LEN : VD_NET_HDR_LEN;
	return 0;
}

static void vd_vq_free(struct vd_vq *q)
{
	unsigned int i;

	if (!q)
		return;
	if (q->chain)
		for (i = 0; i < q->size; i++)
			free(q->chain[i]);
	free(q->chain);
	free(q->free_stack);
	free(q->raw_owned);
	free(q);
}

static uint16_t *vd_avail_used_event(struct vd_vq *q)
{
	return &q->avail->ring[q->size];
}

static uint16_t *vd_used_avail_event(struct vd_vq *q)
{
	return (uint16_t *)&q->used->ring[q->size];
}

/* As the kernel's vdpa_vq.c does it: size, rings, state, then ready. */
static int vd_dev_program_queue(struct vd_dev *d, struct vd_vq *q,
				uint16_t idx)
{
	struct vd_card *c = d->card;
	int st;

	st = vd_st(c, ovnic_cmd_vq_set_size(vd_ad(c), d->dev_id, q->qid,
					    q->size));
	if (st)
		return st;
	st = vd_st(c, ovnic_cmd_vq_set_addr(vd_ad(c), d->dev_id, q->qid,
					    vd_iova(d, q->desc),
					    vd_iova(d, q->avail),
					    vd_iova(d, q->used)));
	if (st)
		return st;
	if (idx) {
		st = vd_st(c, ovnic_cmd_vq_set_state(vd_ad(c), d->dev_id,
						     q->qid, idx, idx));
		if (st)
			return st;
	}
	return vd_st(c, ovnic_cmd_vq_set_ready(vd_ad(c), d->dev_id, q->qid,
					       true, q->vector));
}

int vd_dev_setup_queue_at(struct vd_dev *d, uint16_t qid, uint16_t size,
			  uint16_t idx)
{
	struct vd_vq *q;
	unsigned int i;
	int st;

	if (qid >= VD_MAX_VQS || !size || (size & (size - 1)))
		return -EINVAL;
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->dev = d;
	q->qid = qid;
	q->size = size;
	q->vector = vd_vector(d, qid);
	q->event_idx = vd_has(d, VIRTIO_RING_F_EVENT_IDX);
	q->desc = vd_alloc(d->card, 16ul * size, 4096);
	q->avail = vd_alloc(d->card, 6 + 2ul * size, 4096);
	q->used = vd_alloc(d->card, 6 + 8ul * size, 4096);
	q->chain = calloc(size, sizeof(*q->chain));
	q->free_stack = calloc(size, sizeof(*q->free_stack));
	q->raw_owned = calloc(size, 1);
	if (!q->desc || !q->avail || !q->used || !q->chain ||
	    !q->free_stack || !q->raw_owned) {
		vd_vq_free(q);
		return -ENOMEM;
	}
	memset(q->desc, 0, 16ul * size);
	memset(q->avail, 0, 6 + 2ul * size);
	memset(q->used, 0, 6 + 8ul * size);
	for (i = 0; i < size; i++)
		q->free_stack[i] = size - 1 - i;
	q->nfree = size;
	q->avail_idx = q->last_used = q->kick_old = idx;
	q->avail->idx = idx;
	q->used->idx = idx;
	*vd_avail_used_event(q) = idx;

	st = vd_dev_program_queue(d, q, idx);
	if (st) {
		vd_vq_free(q);
		return st;
	}
	vd_vq_free(d->vq[qid]);
	d->vq[qid] = q;
	return 0;
}

int vd_dev_setup_queue(struct vd_dev *d, uint16_t qid, uint16_t size)
{
	return vd_dev_setup_queue_at(d, qid, size, 0);
}

int vd_dev_setup_queues(struct vd_dev *d)
{
	unsigned int pairs = vd_has(d, VIRTIO_NET_F_MQ) ||
			     vd_has(d, VIRTIO_NET_F_RSS) ? d->cfg.max_vqp : 1;
	unsigned int qid;
	int st;

	for (qid = 0; qid < 2 * pairs; qid++) {
		st = vd_dev_setup_queue(d, qid, d->cfg.queue_size);
		if (st)
			return st;
	}
	if (vd_has(d, VIRTIO_NET_F_CTRL_VQ) && !d->cfg.no_cvq)
		return vd_dev_setup_queue(d, d->cvq_idx, d->cfg.queue_size);
	return 0;
}

int vd_dev_driver_ok(struct vd_dev *d)
{
	return vd_dev_add_status(d, VIRTIO_CONFIG_S_DRIVER_OK);
}

static int vd_dev_init(struct vd_dev *d)
{
	int st;

	st = vd_dev_negotiate(d, d->cfg.features);
	if (st)
		return st;
	st = vd_dev_setup_queues(d);
	if (st)
		return st;
	if (d->cfg.no_driver_ok)
		return 0;
	return vd_dev_driver_ok(d);
}

struct vd_dev *vd_dev_bringup(struct vd_card *c, const struct vd_dev_cfg *cfg,
			      int *err)
{
	struct vd_dev *d = vd_dev_new(c, cfg, err);
	int st;

	if (!d)
		return NULL;
	st = vd_dev_init(d);
	if (st) {
		if (err)
			*err = st;
		vd_dev_destroy(d);
		return NULL;
	}
	return d;
}

static void vd_dev_forget_queues(struct vd_dev *d)
{
	unsigned int i;

	for (i = 0; i < VD_MAX_VQS; i++) {
		vd_vq_free(d->vq[i]);
		d->vq[i] = NULL;
	}
}

int vd_dev_reset(struct vd_dev *d)
{
	int st = vd_cmd_dev_reset(d->card, d->dev_id);

	vd_dev_forget_queues(d);
	d->features = 0;
	return st;
}

int vd_dev_reinit(struct vd_dev *d)
{
	int st = vd_dev_reset(d);

	if (st)
		return st;
	return vd_dev_init(d);
}

void vd_dev_free(struct vd_dev *d)
{
	if (!d)
		return;
	vd_dev_forget_queues(d);
	free(d);
}

void vd_dev_destroy(struct vd_dev *d)
{
	if (!d)
		return;
	vd_cmd_dev_destroy(d->card, d->dev_id);
	vd_dev_free(d);
}

/* ---- address space ---- */

uint64_t vd_iova(struct vd_dev *d, const void *p)
{
	const uint8_t *h = p;
	unsigned int i;

	for (i = 0; i < d->nmaps; i++) {
		struct vd_map *m = &d->map[i];

		if (h >= m->host && (uint64_t)(h - m->host) < m->size)
			return m->iova + (uint64_t)(h - m->host);
	}
	/* identity, or not mapped: then the card must refuse it */
	return (uintptr_t)p;
}

int vd_dev_mr_map(struct vd_dev *d, uint64_t iova, void *host, uint64_t size,
		  uint32_t perm)
{
	int st;

	if (d->nmaps >= VD_MAX_MAPS)
		return -ENOSPC;
	st = vd_cmd_mr_map(d->card, d->dev_id, 0, iova, size,
			   (uintptr_t)host, perm);
	if (st)
		return st;
	d->map[d->nmaps++] = (struct vd_map){ .iova = iova, .size = size,
					      .host = host };
	return 0;
}

int vd_dev_mr_map_chunked(struct vd_dev *d, uint64_t iova, void *host,
			  uint64_t size, uint32_t perm, uint64_t chunk)
{
	uint64_t off;
	int st;

	if (d->nmaps >= VD_MAX_MAPS || !chunk)
		return -ENOSPC;
	for (off = 0; off < size; off += chunk) {
		uint64_t n = size - off < chunk ? size - off : chunk;

		st = vd_cmd_mr_map(d->card, d->dev_id, 0, iova + off, n,
				   (uintptr_t)host + off, perm);
		if (st)
			return st;
	}
	d->map[d->nmaps++] = (struct vd_map){ .iova = iova, .size = size,
					      .host = host };
	return 0;
}

int vd_dev_mr_unmap(struct vd_dev *d, uint64_t iova, uint64_t size)
{
	unsigned int i = 0;
	int st;

	st = vd_cmd_mr_unmap(d->card, d->dev_id, 0, iova, size);
	if (st)
		return st;
	while (i < d->nmaps) {
		struct vd_map *m = &d->map[i];

		if (m->iova >= iova && m->iova - iova < size) {
			*m = d->map[--d->nmaps];
			continue;
		}
		i++;
	}
	return 0;
}

int vd_dev_mr_reset(struct vd_dev *d)
{
	int st = vd_cmd_mr_reset(d->card, d->dev_id, 0);

	if (!st)
		d->nmaps = 0;
	return st;
}

int vd_dev_mr_identity(struct vd_dev *d)
{
	int st = vd_cmd_mr_identity(d->card, d->dev_id, 0);

	if (!st)
		d->nmaps = 0;
	return st;
}

/* ---- config, stats ---- */

int vd_config_read(struct vd_dev *d, uint16_t off, void *buf, uint16_t len)
{
	uint8_t *p = buf;
	int st;

	while (len) {
		uint16_t n = len < OVNIC_CONFIG_CHUNK ? len :
							OVNIC_CONFIG_CHUNK;

		st = vd_cmd_config_read(d->card, d->dev_id, off, n, p);
		if (st)
			return st;
		off += n;
		p += n;
		len -= n;
	}
	return 0;
}

uint16_t vd_config_status(struct vd_dev *d)
{
	uint16_t v;

	if (vd_config_read(d, offsetof(struct virtio_net_config, status), &v,
			   sizeof(v)))
		return 0xffff;
	return ovnic_le16_to_cpu(v);
}

int vd_vq_stats(struct vd_vq *q, uint64_t counter[OVNIC_VQC_NUM])
{
	return vd_cmd_vq_stats(q->dev->card, q->dev->dev_id, q->qid, counter);
}

uint64_t vd_vq_counter(struct vd_vq *q, enum ovnic_vq_counter which)
{
	uint64_t c[OVNIC_VQC_NUM];

	if ((unsigned int)which >= OVNIC_VQC_NUM || vd_vq_stats(q, c))
		return UINT64_MAX;
	return c[which];
}

int vd_vq_query(struct vd_vq *q, struct ovnic_resp_vq_query *out)
{
	return vd_cmd_vq_query(q->dev->card, q->dev->dev_id, q->qid, out);
}

uint32_t vd_vq_irqs(struct vd_vq *q)
{
	return up_irq_count(q->dev->card->plat, q->vector);
}

uint32_t vd_config_irqs(struct vd_dev *d)
{
	return up_irq_count(d->card->plat, d->config_vector);
}

/* ---- chains ---- */

static struct vd_chain *vq_chain(struct vd_vq *q, uint16_t head)
{
	if (!q->chain[head])
		q->chain[head] = calloc(1, sizeof(struct vd_chain));
	return q->chain[head];
}

unsigned int vd_vq_free_descs(struct vd_vq *q)
{
	return q->nfree;
}

/* Take @ndesc descriptors; the first is the head. */
static struct vd_chain *vq_reserve(struct vd_vq *q, unsigned int ndesc,
				   int *head)
{
	struct vd_chain *ch;
	unsigned int i;

	if (!ndesc || ndesc > VD_MAX_SEGS) {
		*head = -EINVAL;
		return NULL;
	}
	if (ndesc > q->nfree) {
		*head = -ENOSPC;
		return NULL;
	}
	*head = q->free_stack[q->nfree - 1];
	ch = vq_chain(q, *head);
	if (!ch) {
		*head = -ENOMEM;
		return NULL;
	}
	for (i = 0; i < ndesc; i++)
		ch->desc[i] = q->free_stack[--q->nfree];
	ch->ndesc = ndesc;
	ch->busy = true;
	ch->raw = false;
	ch->nseg = 0;
	ch->cookie = 0;
	return ch;
}

static void vq_unreserve(struct vd_vq *q, struct vd_chain *ch)
{
	unsigned int i;

	for (i = ch->ndesc; i > 0; i--)
		q->free_stack[q->nfree++] = ch->desc[i - 1];
	ch->busy = false;
	ch->ndesc = 0;
}

static int vq_write_descs(struct vd_vq *q, struct vd_chain *ch)
{
	struct vd_dev *d = q->dev;
	unsigned int i, n = ch->nseg;

	if (ch->indirect) {
		if (ch->itable_cap < n) {
			ch->itable = vd_alloc(d->card, VD_MAX_SEGS * 16, 16);
			if (!ch->itable)
				return -ENOMEM;
			ch->itable_cap = VD_MAX_SEGS;
		}
		for (i = 0; i < n; i++) {
			struct vring_desc *e = &ch->itable[i];

			e->addr = vd_iova(d, ch->seg[i].p);
			e->len = ch->seg[i].len;
			e->flags = (ch->seg[i].write ? VRING_DESC_F_WRITE : 0) |
				   (i + 1 < n ? VRING_DESC_F_NEXT : 0);
			e->next = i + 1 < n ? i + 1 : 0;
		}
		q->desc[ch->desc[0]] = (struct vring_desc){
			.addr  = vd_iova(d, ch->itable),
			.len   = n * 16,
			.flags = VRING_DESC_F_INDIRECT,
		};
		return 0;
	}
	for (i = 0; i < n; i++) {
		struct vring_desc *e = &q->desc[ch->desc[i]];

		e->addr = vd_iova(d, ch->seg[i].p);
		e->len = ch->seg[i].len;
		e->flags = (ch->seg[i].write ? VRING_DESC_F_WRITE : 0) |
			   (i + 1 < n ? VRING_DESC_F_NEXT : 0);
		e->next = i + 1 < n ? ch->desc[i + 1] : 0;
	}
	return 0;
}

static void vq_publish(struct vd_vq *q, uint16_t head)
{
	q->avail->ring[q->avail_idx & (q->size - 1)] = head;
	vd_wmb();
	q->avail_idx++;
	q->avail->idx = q->avail_idx;
	vd_wmb();
}

int vd_vq_add(struct vd_vq *q, const struct vd_seg *seg, unsigned int n,
	      unsigned int flags)
{
	bool indirect = flags & VD_ADD_INDIRECT;
	struct vd_chain *ch;
	int head, st;

	if (!n || n > VD_MAX_SEGS)
		return -EINVAL;
	ch = vq_reserve(q, indirect ? 1 : n, &head);
	if (!ch)
		return head;
	ch->indirect = indirect;
	ch->nseg = n;
	memcpy(ch->seg, seg, n * sizeof(*seg));
	st = vq_write_descs(q, ch);
	if (st) {
		vq_unreserve(q, ch);
		return st;
	}
	vq_publish(q, head);
	return head;
}

struct vq_piece {
	uint32_t len;
	bool write;
	const void *src;	/* read-only pieces: bytes to copy */
};

/* A chain over this head's own data area, segments separated by poison. */
static int vq_post(struct vd_vq *q, const struct vq_piece *pc, unsigned int n,
		   bool indirect)
{
	struct vd_chain *ch;
	uint32_t need = 0, off = 0;
	unsigned int i;
	int head, st;

	if (!n || n > VD_MAX_SEGS)
		return -EINVAL;
	for (i = 0; i < n; i++)
		need += pc[i].len + VD_GAP;
	ch = vq_reserve(q, indirect ? 1 : n, &head);
	if (!ch)
		return head;
	if (ch->buf_cap < need) {
		uint32_t cap = need < 2048 ? 2048 : need;

		ch->buf = vd_alloc(q->dev->card, cap, 64);
		if (!ch->buf) {
			ch->buf_cap = 0;
			vq_unreserve(q, ch);
			return -ENOMEM;
		}
		ch->buf_cap = cap;
	}
	memset(ch->buf, VD_POISON, need);
	ch->indirect = indirect;
	ch->nseg = n;
	for (i = 0; i < n; i++) {
		ch->seg[i] = (struct vd_seg){ .p = ch->buf + off,
					      .len = pc[i].len,
					      .write = pc[i].write };
		if (!pc[i].write) {
			if (pc[i].src)
				memcpy(ch->buf + off, pc[i].src, pc[i].len);
			else
				memset(ch->buf + off, 0, pc[i].len);
		}
		off += pc[i].len + VD_GAP;
	}
	ch->cookie = 1;		/* own buffer: poison is checked on reap */
	st = vq_write_descs(q, ch);
	if (st) {
		vq_unreserve(q, ch);
		return st;
	}
	vq_publish(q, head);
	return head;
}

/* Cut @len bytes into @k pieces as even as possible, none empty. */
static unsigned int vq_split(uint32_t len, unsigned int k, uint32_t *out)
{
	unsigned int i;

	if (!k)
		k = 1;
	if (k > len)
		k = len ? len : 1;
	for (i = 0; i < k; i++)
		out[i] = len / k + (i < len % k ? 1 : 0);
	return k;
}

int vd_tx_post(struct vd_vq *q, const void *frame, uint32_t len,
	       const struct vd_tx_opts *o)
{
	struct vq_piece pc[VD_MAX_SEGS];
	uint32_t piece[VD_MAX_SEGS];
	unsigned int n = 0, k, i;
	uint32_t hdr_len = q->dev->hdr_len;
	uint32_t off = 0, total = hdr_len + len;
	unsigned int nsegs = o && o->nsegs ? o->nsegs : 1;
	uint8_t *tmp;
	int ret;

	if (nsegs + 1 > VD_MAX_SEGS)
		return -EINVAL;
	tmp = calloc(1, total);
	if (!tmp)
		return -ENOMEM;
	memcpy(tmp + hdr_len, frame, len);
	if (o && o->hdr_separate) {
		pc[n++] = (struct vq_piece){ .len = hdr_len, .src = tmp };
		off = hdr_len;
	}
	k = vq_split(total - off, nsegs, piece);
	for (i = 0; i < k; i++) {
		pc[n++] = (struct vq_piece){ .len = piece[i], .src = tmp + off };
		off += piece[i];
	}
	ret = vq_post(q, pc, n, o && o->indirect);
	free(tmp);
	return ret;
}

int vd_rx_post(struct vd_vq *q, uint32_t len, const struct vd_rx_opts *o)
{
	struct vq_piece pc[VD_MAX_SEGS];
	uint32_t piece[VD_MAX_SEGS];
	unsigned int k, i;

	if (o && o->nsegs > VD_MAX_SEGS)
		return -EINVAL;
	k = vq_split(len, o ? o->nsegs : 1, piece);
	for (i = 0; i < k; i++)
		pc[i] = (struct vq_piece){ .len = piece[i], .write = true };
	return vq_post(q, pc, k, o && o->indirect);
}

int vd_rx_fill(struct vd_vq *q, unsigned int n, uint32_t len)
{
	int posted = 0, ret;

	while ((unsigned int)(q->size - q->nfree) < n) {
		ret = vd_rx_post(q, len, NULL);
		if (ret < 0)
			return posted ? posted : ret;
		posted++;
	}
	return posted;
}

/* ---- notifications ---- */

int vd_vq_kick(struct vd_vq *q)
{
	uint16_t new = q->avail_idx, old = q->kick_old;
	bool need;

	vd_wmb();
	q->kick_old = new;
	if (q->event_idx)
		need = vring_need_event(*vd_used_avail_event(q), new, old);
	else
		need = !(q->used->flags & VRING_USED_F_NO_NOTIFY);
	if (!need) {
		q->kicks_suppressed++;
		return 0;
	}
	ovnic_card_doorbell(q->dev->card->card, q->dev->dev_id, q->qid);
	q->kicks++;
	return 1;
}

void vd_vq_kick_force(struct vd_vq *q)
{
	vd_wmb();
	q->kick_old = q->avail_idx;
	ovnic_card_doorbell(q->dev->card->card, q->dev->dev_id, q->qid);
	q->kicks++;
}

int vd_vq_kick_run(struct vd_vq *q)
{
	vd_vq_kick_force(q);
	return vd_card_run(q->dev->card);
}

void vd_vq_irq_disable(struct vd_vq *q)
{
	q->avail->flags |= VRING_AVAIL_F_NO_INTERRUPT;
	vd_wmb();
}

void vd_vq_irq_enable(struct vd_vq *q)
{
	q->avail->flags &= ~VRING_AVAIL_F_NO_INTERRUPT;
	if (q->event_idx)
		*vd_avail_used_event(q) = q->last_used;
	vd_wmb();
}

void vd_vq_set_used_event(struct vd_vq *q, uint16_t idx)
{
	*vd_avail_used_event(q) = idx;
	vd_wmb();
}

uint16_t vd_vq_avail_event(struct vd_vq *q)
{
	return *vd_used_avail_event(q);
}

/* ---- reaping ---- */

uint16_t vd_vq_used_pending(struct vd_vq *q)
{
	return (uint16_t)(q->used->idx - q->last_used);
}

static void vq_release_raw(struct vd_vq *q)
{
	unsigned int i;

	for (i = 0; i < q->size; i++) {
		if (!q->raw_owned[i])
			continue;
		q->raw_owned[i] = 0;
		q->free_stack[q->nfree++] = i;
	}
}

static void vq_check_chain(struct vd_vq *q, struct vd_chain *ch, uint32_t len)
{
	uint32_t wlen = 0;
	unsigned int i, j;

	for (i = 0; i < ch->nseg; i++)
		if (ch->seg[i].write)
			wlen += ch->seg[i].len;
	if (wlen && len > wlen)
		q->bad_len++;
	if (!ch->cookie)
		return;
	for (i = 0; i < ch->nseg; i++) {
		const uint8_t *g = (const uint8_t *)ch->seg[i].p +
				   ch->seg[i].len;

		for (j = 0; j < VD_GAP; j++)
			if (g[j] != VD_POISON)
				q->poison_hits++;
	}
}

int vd_vq_get(struct vd_vq *q, struct vd_used *u)
{
	struct vring_used_elem e;
	struct vd_chain *ch;

	if (q->used->idx == q->last_used)
		return 0;
	vd_wmb();
	e = q->used->ring[q->last_used & (q->size - 1)];
	q->last_used++;
	if (q->event_idx && !(q->avail->flags & VRING_AVAIL_F_NO_INTERRUPT))
		*vd_avail_used_event(q) = q->last_used;
	u->id = e.id;
	u->len = e.len;
	u->chain = NULL;
	if (e.id >= q->size || !q->chain[e.id] || !q->chain[e.id]->busy) {
		q->bad_used++;
		return -EPROTO;
	}
	ch = q->chain[e.id];
	u->chain = ch;
	ch->busy = false;
	if (ch->raw) {
		ch->raw = false;
		if (q->raw_busy && !--q->raw_busy)
			vq_release_raw(q);
		return 1;
	}
	vq_check_chain(q, ch, e.len);
	vq_unreserve(q, ch);
	return 1;
}

int vd_vq_drain(struct vd_vq *q)
{
	struct vd_used u;
	int n = 0, r;

	while ((r = vd_vq_get(q, &u)) != 0)
		if (r > 0)
			n++;
	return n;
}

uint32_t vd_chain_gather(const struct vd_chain *ch, uint32_t len, void *dst,
			 uint32_t cap)
{
	uint8_t *out = dst;
	uint32_t got = 0;
	unsigned int i;

	for (i = 0; i < ch->nseg && got < len && got < cap; i++) {
		uint32_t n = ch->seg[i].len;

		if (!ch->seg[i].write)
			continue;
		if (n > len - got)
			n = len - got;
		if (n > cap - got)
			n = cap - got;
		memcpy(out + got, ch->seg[i].p, n);
		got += n;
	}
	return got;
}

int vd_rx_recv(struct vd_vq *q, struct vd_rx_pkt *pkt)
{
	static uint8_t tmp[VD_NET_HDR_HASH_LEN + VD_MAX_FRAME];
	uint32_t hdr_len = q->dev->hdr_len;
	struct vd_used u;
	uint32_t got;
	int r;

	r = vd_vq_get(q, &u);
	if (r <= 0)
		return r;
	pkt->id = u.id;
	pkt->used_len = u.len;
	memset(&pkt->hdr, 0, sizeof(pkt->hdr));
	pkt->hash_value = 0;
	pkt->hash_report = 0;
	pkt->len = 0;
	got = vd_chain_gather(u.chain, u.len, tmp, sizeof(tmp));
	if (got < hdr_len)
		return 1;
	memcpy(&pkt->hdr, tmp, VD_NET_HDR_LEN);
	if (hdr_len == VD_NET_HDR_HASH_LEN) {
		pkt->hash_value = (uint32_t)tmp[12] | (uint32_t)tmp[13] << 8 |
				  (uint32_t)tmp[14] << 16 |
				  (uint32_t)tmp[15] << 24;
		pkt->hash_report = (uint16_t)(tmp[16] | tmp[17] << 8);
	}
	pkt->len = got - hdr_len;
	memcpy(pkt->data, tmp + hdr_len, pkt->len);
	return 1;
}

/* ---- raw rings ---- */

int vd_vq_raw_desc(struct vd_vq *q)
{
	uint16_t idx;

	if (!q->nfree)
		return -ENOSPC;
	idx = q->free_stack[--q->nfree];
	q->raw_owned[idx] = 1;
	return idx;
}

void vd_vq_raw_set(struct vd_vq *q, uint16_t idx, uint64_t addr,
		   uint32_t len, uint16_t flags, uint16_t next)
{
	q->desc[idx & (q->size - 1)] = (struct vring_desc){
		.addr = addr, .len = len, .flags = flags, .next = next,
	};
}

void vd_vq_raw_push(struct vd_vq *q, uint16_t head)
{
	if (head < q->size) {
		struct vd_chain *ch = vq_chain(q, head);

		if (ch && !ch->busy) {
			ch->busy = true;
			ch->raw = true;
			ch->nseg = 0;
			ch->ndesc = 0;
			ch->cookie = 0;
			q->raw_busy++;
		}
	}
	vq_publish(q, head);
}

void vd_vq_raw_avail_bump(struct vd_vq *q, uint16_t delta)
{
	q->avail_idx += delta;
	q->avail->idx = q->avail_idx;
	vd_wmb();
}

/* ---- control virtqueue ---- */

int vd_ctrl_raw(struct vd_dev *d, const struct vd_iov *ro, unsigned int nro,
		uint32_t ack_len, uint8_t *ack)
{
	struct vq_piece pc[VD_MAX_SEGS];
	struct vd_vq *q = vd_cvq(d);
	struct vd_used u;
	unsigned int n = 0, i;
	int head, r;

	if (!q)
		return -ENODEV;
	if (nro + 1 > VD_MAX_SEGS)
		return -EINVAL;
	for (i = 0; i < nro; i++)
		pc[n++] = (struct vq_piece){ .len = ro[i].len,
					     .src = ro[i].p };
	if (ack_len)
		pc[n++] = (struct vq_piece){ .len = ack_len, .write = true };
	head = vq_post(q, pc, n, false);
	if (head < 0)
		return head;
	if (ack_len)
		memset(q->chain[head]->seg[n - 1].p, VD_ACK_UNSET, ack_len);
	vd_vq_kick(q);
	r = vd_card_run(d->card);
	if (r)
		return r;
	for (;;) {
		r = vd_vq_get(q, &u);
		if (r == 0) {
			d->ctrl_timeouts++;
			return -ETIMEDOUT;
		}
		if (r > 0 && u.id == (uint32_t)head)
			break;
	}
	if (ack)
		*ack = ack_len ? *(uint8_t *)u.chain->seg[n - 1].p :
				 VD_ACK_UNSET;
	return (int)(u.len & 0x7fffffff);
}

int vd_ctrl_sg(struct vd_dev *d, uint8_t cls, uint8_t cmd,
	       const struct vd_iov *iov, unsigned int n)
{
	struct vd_iov ro[VD_MAX_SEGS];
	uint8_t hdr[2] = { cls, cmd };
	uint8_t ack = VD_ACK_UNSET;
	unsigned int i;
	int r;

	if (n + 2 > VD_MAX_SEGS)
		return -EINVAL;
	ro[0] = (struct vd_iov){ .p = hdr, .len = 2 };
	for (i = 0; i < n; i++)
		ro[i + 1] = iov[i];
	r = vd_ctrl_raw(d, ro, n + 1, 1, &ack);
	if (r < 0)
		return r;
	if (ack == VD_ACK_UNSET)
		return -EPROTO;
	return ack;
}

int vd_ctrl(struct vd_dev *d, uint8_t cls, uint8_t cmd, const void *data,
	    uint32_t len)
{
	struct vd_iov iov = { .p = data, .len = len };

	return vd_ctrl_sg(d, cls, cmd, &iov, data && len ? 1 : 0);
}

int vd_ctrl_result(struct vd_dev *d, uint8_t cls, uint8_t cmd,
		   const void *data, uint32_t len, void *result,
		   uint32_t room, uint32_t *written)
{
	struct vd_vq *q = vd_cvq(d);
	uint8_t hdr[2] = { cls, cmd };
	struct vq_piece pc[3];
	struct vd_used u;
	unsigned int n = 0;
	uint8_t *w;
	int head, r;

	if (!q)
		return -ENODEV;
	pc[n++] = (struct vq_piece){ .len = 2, .src = hdr };
	if (data && len)
		pc[n++] = (struct vq_piece){ .len = len, .src = data };
	pc[n++] = (struct vq_piece){ .len = 1 + room, .write = true };
	head = vq_post(q, pc, n, false);
	if (head < 0)
		return head;
	w = q->chain[head]->seg[n - 1].p;
	memset(w, VD_ACK_UNSET, 1 + room);
	vd_vq_kick(q);
	r = vd_card_run(d->card);
	if (r)
		return r;
	for (;;) {
		r = vd_vq_get(q, &u);
		if (r == 0) {
			d->ctrl_timeouts++;
			return -ETIMEDOUT;
		}
		if (r > 0 && u.id == (uint32_t)head)
			break;
	}
	if (!u.len || w[0] == VD_ACK_UNSET)
		return -EPROTO;
	if (written)
		*written = u.len - 1;
	if (result && u.len > 1)
		memcpy(result, w + 1, u.len - 1 < room ? u.len - 1 : room);
	return w[0];
}

int vd_ctrl_rx_mode(struct vd_dev *d, uint8_t cmd, bool on)
{
	uint8_t v = on;

	return vd_ctrl(d, VIRTIO_NET_CTRL_RX, cmd, &v, 1);
}

int vd_ctrl_mac_table(struct vd_dev *d, const uint8_t (*uc)[6],
		      uint32_t nuc, const uint8_t (*mc)[6], uint32_t nmc)
{
	size_t ulen = 4 + 6ul * nuc, mlen = 4 + 6ul * nmc;
	uint8_t *u = calloc(1, ulen), *m = calloc(1, mlen);
	uint32_t le;
	struct vd_iov iov[2];
	int r = -ENOMEM;

	if (!u || !m)
		goto out;
	le = ovnic_cpu_to_le32(nuc);
	memcpy(u, &le, 4);
	if (nuc)
		memcpy(u + 4, uc, 6ul * nuc);
	le = ovnic_cpu_to_le32(nmc);
	memcpy(m, &le, 4);
	if (nmc)
		memcpy(m + 4, mc, 6ul * nmc);
	iov[0] = (struct vd_iov){ .p = u, .len = ulen };
	iov[1] = (struct vd_iov){ .p = m, .len = mlen };
	r = vd_ctrl_sg(d, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_TABLE_SET,
		       iov, 2);
out:
	free(u);
	free(m);
	return r;
}

int vd_ctrl_mac_addr(struct vd_dev *d, const uint8_t mac[6])
{
	return vd_ctrl(d, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET,
		       mac, 6);
}

int vd_ctrl_vlan(struct vd_dev *d, bool add, uint16_t vid)
{
	uint16_t le = ovnic_cpu_to_le16(vid);

	return vd_ctrl(d, VIRTIO_NET_CTRL_VLAN,
		       add ? VIRTIO_NET_CTRL_VLAN_ADD : VIRTIO_NET_CTRL_VLAN_DEL,
		       &le, 2);
}

int vd_ctrl_announce_ack(struct vd_dev *d)
{
	return vd_ctrl(d, VIRTIO_NET_CTRL_ANNOUNCE,
		       VIRTIO_NET_CTRL_ANNOUNCE_ACK, NULL, 0);
}

int vd_ctrl_mq_pairs(struct vd_dev *d, uint16_t pairs)
{
	uint16_t le = ovnic_cpu_to_le16(pairs);

	return vd_ctrl(d, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET,
		       &le, 2);
}

int vd_ctrl_coal(struct vd_dev *d, bool tx, uint32_t usecs, uint32_t packets)
{
	uint8_t b[8];

	vd_put_le32(b, packets);
	vd_put_le32(b + 4, usecs);
	return vd_ctrl(d, VIRTIO_NET_CTRL_NOTF_COAL,
		       tx ? VIRTIO_NET_CTRL_NOTF_COAL_TX_SET :
			    VIRTIO_NET_CTRL_NOTF_COAL_RX_SET, b, sizeof(b));
}

int vd_ctrl_coal_vq_set(struct vd_dev *d, uint16_t vqn, uint32_t usecs,
			uint32_t packets)
{
	uint8_t b[12] = { vqn & 0xff, vqn >> 8 };

	vd_put_le32(b + 4, packets);
	vd_put_le32(b + 8, usecs);
	return vd_ctrl(d, VIRTIO_NET_CTRL_NOTF_COAL,
		       VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET, b, sizeof(b));
}

int vd_ctrl_coal_vq_get(struct vd_dev *d, uint16_t vqn, uint32_t *usecs,
			uint32_t *packets)
{
	uint8_t in[4] = { vqn & 0xff, vqn >> 8 }, out[8];
	uint32_t got = 0, le;
	int ack;

	ack = vd_ctrl_result(d, VIRTIO_NET_CTRL_NOTF_COAL,
			     VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET, in, sizeof(in),
			     out, sizeof(out), &got);
	if (ack != VIRTIO_NET_OK)
		return ack;
	if (got != sizeof(out))
		return -EPROTO;
	memcpy(&le, out, 4);
	*packets = ovnic_le32_to_cpu(le);
	memcpy(&le, out + 4, 4);
	*usecs = ovnic_le32_to_cpu(le);
	return ack;
}

int vd_ctrl_rss(struct vd_dev *d, const struct vd_rss *rss)
{
	uint8_t buf[8 + 2 * 256 + 3 + 255];
	uint32_t n = 0, i;

	if (rss->table_len > 256)
		return -EINVAL;
	vd_put_le32(buf, rss->hash_types);
	vd_put_le16(buf + 4, (uint16_t)(rss->table_len - 1));
	vd_put_le16(buf + 6, rss->unclassified);
	n = 8;
	for (i = 0; i < rss->table_len; i++, n += 2)
		vd_put_le16(buf + n, rss->table ? rss->table[i] : 0);
	vd_put_le16(buf + n, rss->max_tx_vq);
	buf[n + 2] = rss->key_len;
	n += 3;
	if (rss->key_len)
		memcpy(buf + n, rss->key, rss->key_len);
	n += rss->key_len;
	return vd_ctrl(d, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_RSS_CONFIG, buf,
		       n);
}

int vd_ctrl_hash_config(struct vd_dev *d, uint32_t hash_types,
			const uint8_t *key, uint8_t key_len)
{
	uint8_t buf[13 + 255] = { 0 };

	vd_put_le32(buf, hash_types);
	buf[12] = key_len;
	if (key_len)
		memcpy(buf + 13, key, key_len);
	return vd_ctrl(d, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_HASH_CONFIG,
		       buf, 13u + key_len);
}

int vd_ctrl_hash_tunnel(struct vd_dev *d, uint32_t tunnel_types)
{
	uint8_t buf[4];

	vd_put_le32(buf, tunnel_types);
	return vd_ctrl(d, 7 /* VIRTIO_NET_CTRL_HASH_TUNNEL */, 0, buf, 4);
}

/* ---- frames ---- */

uint32_t vd_frame(uint8_t *buf, const uint8_t dst[6], const uint8_t src[6],
		  uint16_t vlan, uint16_t ethertype, uint32_t payload,
		  uint8_t seed)
{
	uint32_t off = 12, i;

	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	if (vlan != VD_NO_VLAN) {
		buf[off++] = 0x81;
		buf[off++] = 0x00;
		buf[off++] = vlan >> 8;
		buf[off++] = vlan & 0xff;
	}
	buf[off++] = ethertype >> 8;
	buf[off++] = ethertype & 0xff;
	for (i = 0; i < payload; i++)
		buf[off + i] = (uint8_t)(seed + i * 7);
	return off + payload;
}
