// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * vdriver: the card's mailbox commands, raw and through the kernel's
 * command layer (kernel/cmds.c over tests/kshim).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "adapter.h"
#include "vdriver.h"
#include "vdriver_int.h"

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

struct ovnic_adapter *vd_ad(struct vd_card *c)
{
	return vd_tap(c, NULL, 0);
}

int vd_st(struct vd_card *c, int err)
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

int vd_cmd_dev_suspend(struct vd_card *c, uint16_t dev_id)
{
	return vd_st(c, ovnic_cmd_dev_suspend(vd_ad(c), dev_id));
}

int vd_cmd_dev_resume(struct vd_card *c, uint16_t dev_id)
{
	return vd_st(c, ovnic_cmd_dev_resume(vd_ad(c), dev_id));
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

int vd_cmd_dev_set_mac(struct vd_card *c, uint16_t dev_id,
		       const uint8_t mac[6])
{
	return vd_st(c, ovnic_cmd_dev_set_mac(vd_ad(c), dev_id, mac));
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
