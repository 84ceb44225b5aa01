// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The card's command mailbox (ovnic_hw.h): the host's driver creates,
 * configures and queries devices here, one command at a time under the
 * control lock.  Each command is checked for its length, version and
 * device, then handed to the module that owns what it changes.
 */
#include "card.h"
#include "device_lifecycle.h"
#include "net_config.h"

struct mbox_ctx {
	struct ovnic_card *card;
	struct ovnic_dev *dev;
	const void *cmd;
	void *resp;
};

static int cmd_dev_create(struct mbox_ctx *m)
{
	const struct ovnic_cmd_dev_create *cmd = m->cmd;
	u16 id = ovnic_le16_to_cpu(cmd->hdr.dev_id);
	struct ovnic_card *card = m->card;
	const struct fw_dev_limits lim = {
		.features = card->features,
		.max_vqp = (u16)card->params.max_vqp,
		.max_queue_size = (u16)card->params.max_queue_size,
	};
	struct ovnic_dev *dev;
	int ret;

	if (id >= card->params.max_devices)
		return OVNIC_STATUS_BAD_PARAM;
	if (card->sw.port[id])
		return OVNIC_STATUS_EXISTS;
	ret = fw_dev_create(&card->pf, &card->sw.fdb, &lim, id, cmd, &dev);
	if (ret == OVNIC_STATUS_OK)
		__atomic_store_n(&card->sw.port[id], dev, __ATOMIC_RELEASE);
	return ret;
}

static int cmd_dev_destroy(struct mbox_ctx *m)
{
	__atomic_store_n(&m->card->sw.port[m->dev->id], NULL, __ATOMIC_RELEASE);
	fw_dev_destroy(m->dev);
	return OVNIC_STATUS_OK;
}

static int cmd_dev_reset(struct mbox_ctx *m)
{
	fw_dev_reset(m->dev);
	return OVNIC_STATUS_OK;
}

static int cmd_dev_suspend(struct mbox_ctx *m)
{
	return fw_dev_suspend(m->dev);
}

static int cmd_dev_resume(struct mbox_ctx *m)
{
	return fw_dev_resume(m->dev);
}

static int cmd_dev_set_status(struct mbox_ctx *m)
{
	const struct ovnic_cmd_dev_set_status *cmd = m->cmd;

	return fw_dev_set_status(m->dev, cmd->status);
}

static int cmd_dev_query(struct mbox_ctx *m)
{
	struct ovnic_resp_dev_query *r = m->resp;
	struct ovnic_dev *dev = m->dev;

	r->device_features = ovnic_cpu_to_le64(dev->device_features);
	r->driver_features = ovnic_cpu_to_le64(dev->driver_features);
	r->config_generation = ovnic_cpu_to_le32(dev->st.config_generation);
	r->status = fw_read_once(&dev->st.status);
	r->link_up = dev->link_up;
	r->num_vqs = ovnic_cpu_to_le16(dev->num_vqs);
	r->config_size = ovnic_cpu_to_le32(fw_dev_config_size());
	r->max_vqp = ovnic_cpu_to_le16(dev->max_vqp);
	r->curr_vqp = ovnic_cpu_to_le16(fw_read_once(&dev->curr_vqp));
	r->max_queue_size = ovnic_cpu_to_le16(dev->max_queue_size);
	r->loopback = fw_read_once(&dev->loopback) ? OVNIC_LOOPBACK_ON :
		      OVNIC_LOOPBACK_OFF;
	r->suspended = dev->suspended;
	return OVNIC_STATUS_OK;
}

static int cmd_dev_set_features(struct mbox_ctx *m)
{
	const struct ovnic_cmd_dev_set_features *cmd = m->cmd;

	return fw_dev_set_features(m->dev,
				   ovnic_le64_to_cpu(cmd->driver_features));
}

static int cmd_dev_config_read(struct mbox_ctx *m)
{
	const struct ovnic_cmd_dev_config *cmd = m->cmd;
	struct ovnic_resp_dev_config *r = m->resp;

	return fw_dev_config_read(m->dev, ovnic_le16_to_cpu(cmd->offset),
				  ovnic_le16_to_cpu(cmd->length), r->data);
}

static int cmd_dev_config_write(struct mbox_ctx *m)
{
	const struct ovnic_cmd_dev_config *cmd = m->cmd;

	return fw_dev_config_write(m->dev, ovnic_le16_to_cpu(cmd->offset),
				   ovnic_le16_to_cpu(cmd->length), cmd->data);
}

static int cmd_dev_set_link(struct mbox_ctx *m)
{
	const struct ovnic_cmd_dev_set_link *cmd = m->cmd;

	fw_dev_set_link(m->dev, !!cmd->link_up);
	return OVNIC_STATUS_OK;
}

static int cmd_dev_set_loopback(struct mbox_ctx *m)
{
	const struct ovnic_cmd_dev_set_loopback *cmd = m->cmd;

	return fw_dev_set_loopback(m->dev, cmd->loopback);
}

static int cmd_dev_set_mac_policy(struct mbox_ctx *m)
{
	const struct ovnic_cmd_dev_mac_policy *cmd = m->cmd;

	return fw_mac_policy_set(m->dev, &cmd->policy);
}

static int cmd_dev_get_mac_policy(struct mbox_ctx *m)
{
	fw_mac_policy_get(m->dev, m->resp);
	return OVNIC_STATUS_OK;
}

static int cmd_dev_set_mac(struct mbox_ctx *m)
{
	const struct ovnic_cmd_dev_set_mac *cmd = m->cmd;

	return fw_mac_provision(m->dev, cmd->mac);
}

static int cmd_dev_set_queues(struct mbox_ctx *m)
{
	const struct ovnic_cmd_dev_set_queues *cmd = m->cmd;

	return fw_dev_set_queues(m->dev, ovnic_le16_to_cpu(cmd->max_vqp),
				 ovnic_le16_to_cpu(cmd->max_queue_size));
}

static struct ovnic_vq *mbox_vq(struct mbox_ctx *m, ovnic_le16 qid_le)
{
	u16 qid = ovnic_le16_to_cpu(qid_le);

	return qid < m->dev->num_vqs ? &m->dev->vq[qid] : NULL;
}

static int cmd_vq_modify(struct mbox_ctx *m)
{
	const struct ovnic_cmd_vq_modify *cmd = m->cmd;
	struct ovnic_vq *vq = mbox_vq(m, cmd->qid);
	u32 mask = ovnic_le32_to_cpu(cmd->modify_mask);

	if (!vq)
		return OVNIC_STATUS_BAD_PARAM;
	if (mask & OVNIC_VQ_MODIFY_RESET) {
		if (mask != OVNIC_VQ_MODIFY_RESET ||
		    !fw_dev_has(m->dev, VIRTIO_F_RING_RESET))
			return OVNIC_STATUS_BAD_PARAM;
		if (vq->ready) {
			fw_store_release(&vq->ready, false);
			fw_epoch_sync(&m->card->pf);
		}
		fw_dev_vq_reset(vq);
		return OVNIC_STATUS_OK;
	}
	/*
	 * A running queue only changes by being disabled first; on a
	 * suspended device no core runs it (vhost-vdpa sets ring bases and
	 * addresses then).
	 */
	if (vq->ready && !m->dev->suspended &&
	    mask & ~OVNIC_VQ_MODIFY_READY &&
	    !(mask & OVNIC_VQ_MODIFY_READY && !cmd->ready))
		return OVNIC_STATUS_BUSY;
	/*
	 * Enabling what runs changes nothing: its state belongs to the core
	 * serving it, which must not see it cleared underneath.
	 */
	if (vq->ready && mask == OVNIC_VQ_MODIFY_READY && cmd->ready)
		return OVNIC_STATUS_OK;
	if (vq->ready && mask & OVNIC_VQ_MODIFY_READY && !cmd->ready) {
		fw_store_release(&vq->ready, false);
		fw_epoch_sync(&m->card->pf);
	}
	return fw_dev_vq_modify(vq, cmd);
}

static int cmd_vq_query(struct mbox_ctx *m)
{
	const struct ovnic_cmd_vq *cmd = m->cmd;
	struct ovnic_resp_vq_query *r = m->resp;
	struct ovnic_vq *vq = mbox_vq(m, cmd->qid);

	if (!vq)
		return OVNIC_STATUS_BAD_PARAM;
	/* The queue's owner may be moving them: a snapshot. */
	r->size = ovnic_cpu_to_le16(vq->size);
	r->avail_idx = ovnic_cpu_to_le16(fw_read_once(&vq->last_avail_idx));
	r->used_idx = ovnic_cpu_to_le16(fw_read_once(&vq->used_idx));
	r->ready = fw_load_acquire(&vq->ready);
	r->broken = fw_read_once(&vq->broken);
	return OVNIC_STATUS_OK;
}

static int cmd_vq_stats(struct mbox_ctx *m)
{
	const struct ovnic_cmd_vq *cmd = m->cmd;
	struct ovnic_resp_vq_stats *r = m->resp;
	struct ovnic_vq *vq = mbox_vq(m, cmd->qid);
	u32 i;

	if (!vq)
		return OVNIC_STATUS_BAD_PARAM;
	for (i = 0; i < OVNIC_VQC_NUM; i++)
		r->counter[i] = ovnic_cpu_to_le64(fw_read_once(
						  &vq->stats.c[i]));
	return OVNIC_STATUS_OK;
}

static int cmd_port_stats(struct mbox_ctx *m)
{
	struct ovnic_resp_port_stats *r = m->resp;
	struct ovnic_card *card = m->card;
	u32 i, core;

	for (i = 0; i < OVNIC_VQC_NUM; i++) {
		u64 sent = 0;

		for (core = 0; core < card->params.num_cores; core++)
			sent += fw_read_once(&card->core[core].tx.to_wire.c[i]);
		r->to_wire[i] = ovnic_cpu_to_le64(sent);
		r->from_wire[i] = ovnic_cpu_to_le64(fw_read_once(
						    &card->sw.from_wire.c[i]));
	}
	return OVNIC_STATUS_OK;
}

static struct ovnic_as *mbox_as(struct mbox_ctx *m, ovnic_le32 asid_le)
{
	u32 asid = ovnic_le32_to_cpu(asid_le);

	return asid < OVNIC_MAX_ASID ? &m->dev->as[asid] : NULL;
}

static int cmd_mr_map(struct mbox_ctx *m)
{
	const struct ovnic_cmd_mr_map *cmd = m->cmd;
	struct ovnic_as *as = mbox_as(m, cmd->asid);

	if (!as)
		return OVNIC_STATUS_BAD_PARAM;
	return fw_as_map(&m->card->pf, as, ovnic_le64_to_cpu(cmd->iova),
			 ovnic_le64_to_cpu(cmd->size),
			 ovnic_le64_to_cpu(cmd->host_addr),
			 ovnic_le32_to_cpu(cmd->perm));
}

static int cmd_mr_unmap(struct mbox_ctx *m)
{
	const struct ovnic_cmd_mr_unmap *cmd = m->cmd;
	struct ovnic_as *as = mbox_as(m, cmd->asid);

	if (!as)
		return OVNIC_STATUS_BAD_PARAM;
	return fw_as_unmap(&m->card->pf, as, ovnic_le64_to_cpu(cmd->iova),
			   ovnic_le64_to_cpu(cmd->size));
}

static int cmd_mr_reset(struct mbox_ctx *m)
{
	const struct ovnic_cmd_mr_reset *cmd = m->cmd;
	struct ovnic_as *as = mbox_as(m, cmd->asid);

	if (!as)
		return OVNIC_STATUS_BAD_PARAM;
	fw_as_reset(&m->card->pf, as);
	return OVNIC_STATUS_OK;
}

static int cmd_mr_identity(struct mbox_ctx *m)
{
	const struct ovnic_cmd_mr_identity *cmd = m->cmd;
	struct ovnic_as *as = mbox_as(m, cmd->asid);

	if (!as)
		return OVNIC_STATUS_BAD_PARAM;
	fw_as_set_identity(&m->card->pf, as);
	return OVNIC_STATUS_OK;
}

static int cmd_coal_policy_set(struct mbox_ctx *m)
{
	const struct ovnic_cmd_coal_policy *cmd = m->cmd;

	return fw_coal_policy_set(m->dev, &cmd->policy);
}

static int cmd_coal_policy_get(struct mbox_ctx *m)
{
	struct ovnic_resp_coal_policy *r = m->resp;

	fw_coal_policy_get(m->dev, &r->policy);
	return OVNIC_STATUS_OK;
}

static int cmd_coal_vq_query(struct mbox_ctx *m)
{
	const struct ovnic_cmd_vq *cmd = m->cmd;
	struct ovnic_vq *vq = mbox_vq(m, cmd->qid);

	return vq ? fw_coal_vq_query(vq, m->resp) : OVNIC_STATUS_BAD_PARAM;
}

static int cmd_rss_query(struct mbox_ctx *m)
{
	return fw_rss_query(m->dev, m->resp);
}

static int cmd_rss_set_policy(struct mbox_ctx *m)
{
	return fw_rss_set_policy(m->dev, m->cmd);
}

struct mbox_op {
	int (*run)(struct mbox_ctx *m);
	u32 cmd_len;
	u32 resp_len;
	bool needs_dev;
};

#define OP(name, fn, cmd, resp, dev) \
	[OVNIC_CMD_##name] = { fn, sizeof(cmd), sizeof(resp), dev }

static const struct mbox_op mbox_ops[OVNIC_CMD_MAX] = {
	OP(DEV_CREATE, cmd_dev_create, struct ovnic_cmd_dev_create,
	   struct ovnic_resp_hdr, false),
	OP(DEV_DESTROY, cmd_dev_destroy, struct ovnic_cmd_hdr,
	   struct ovnic_resp_hdr, true),
	OP(DEV_RESET, cmd_dev_reset, struct ovnic_cmd_hdr,
	   struct ovnic_resp_hdr, true),
	OP(DEV_SET_STATUS, cmd_dev_set_status, struct ovnic_cmd_dev_set_status,
	   struct ovnic_resp_hdr, true),
	OP(DEV_QUERY, cmd_dev_query, struct ovnic_cmd_hdr,
	   struct ovnic_resp_dev_query, true),
	OP(DEV_SET_FEATURES, cmd_dev_set_features,
	   struct ovnic_cmd_dev_set_features, struct ovnic_resp_hdr, true),
	OP(DEV_CONFIG_READ, cmd_dev_config_read, struct ovnic_cmd_dev_config,
	   struct ovnic_resp_dev_config, true),
	OP(DEV_CONFIG_WRITE, cmd_dev_config_write, struct ovnic_cmd_dev_config,
	   struct ovnic_resp_hdr, true),
	OP(DEV_SET_LINK, cmd_dev_set_link, struct ovnic_cmd_dev_set_link,
	   struct ovnic_resp_hdr, true),
	OP(DEV_SET_LOOPBACK, cmd_dev_set_loopback,
	   struct ovnic_cmd_dev_set_loopback, struct ovnic_resp_hdr, true),
	OP(DEV_SET_MAC_POLICY, cmd_dev_set_mac_policy,
	   struct ovnic_cmd_dev_mac_policy, struct ovnic_resp_hdr, true),
	OP(DEV_GET_MAC_POLICY, cmd_dev_get_mac_policy, struct ovnic_cmd_hdr,
	   struct ovnic_resp_dev_mac_policy, true),
	OP(DEV_SUSPEND, cmd_dev_suspend, struct ovnic_cmd_hdr,
	   struct ovnic_resp_hdr, true),
	OP(DEV_RESUME, cmd_dev_resume, struct ovnic_cmd_hdr,
	   struct ovnic_resp_hdr, true),
	OP(DEV_SET_QUEUES, cmd_dev_set_queues, struct ovnic_cmd_dev_set_queues,
	   struct ovnic_resp_hdr, true),
	OP(DEV_SET_MAC, cmd_dev_set_mac, struct ovnic_cmd_dev_set_mac,
	   struct ovnic_resp_hdr, true),
	OP(VQ_MODIFY, cmd_vq_modify, struct ovnic_cmd_vq_modify,
	   struct ovnic_resp_hdr, true),
	OP(VQ_QUERY, cmd_vq_query, struct ovnic_cmd_vq,
	   struct ovnic_resp_vq_query, true),
	OP(VQ_STATS, cmd_vq_stats, struct ovnic_cmd_vq,
	   struct ovnic_resp_vq_stats, true),
	OP(MR_MAP, cmd_mr_map, struct ovnic_cmd_mr_map,
	   struct ovnic_resp_hdr, true),
	OP(MR_UNMAP, cmd_mr_unmap, struct ovnic_cmd_mr_unmap,
	   struct ovnic_resp_hdr, true),
	OP(MR_RESET, cmd_mr_reset, struct ovnic_cmd_mr_reset,
	   struct ovnic_resp_hdr, true),
	OP(MR_IDENTITY, cmd_mr_identity, struct ovnic_cmd_mr_identity,
	   struct ovnic_resp_hdr, true),
	OP(COAL_POLICY_SET, cmd_coal_policy_set, struct ovnic_cmd_coal_policy,
	   struct ovnic_resp_hdr, true),
	OP(COAL_POLICY_GET, cmd_coal_policy_get, struct ovnic_cmd_hdr,
	   struct ovnic_resp_coal_policy, true),
	OP(COAL_VQ_QUERY, cmd_coal_vq_query, struct ovnic_cmd_vq,
	   struct ovnic_resp_coal_vq, true),
	OP(RSS_QUERY, cmd_rss_query, struct ovnic_cmd_hdr,
	   struct ovnic_resp_rss_query, true),
	OP(RSS_SET_POLICY, cmd_rss_set_policy, struct ovnic_cmd_rss_set_policy,
	   struct ovnic_resp_hdr, true),
	OP(PORT_STATS, cmd_port_stats, struct ovnic_cmd_hdr,
	   struct ovnic_resp_port_stats, false),
};

static int mbox_run(struct ovnic_card *card, const struct ovnic_cmd_hdr *hdr,
		    u32 cmd_len, void *resp, u32 resp_len)
{
	u16 opcode = ovnic_le16_to_cpu(hdr->opcode);
	const struct mbox_op *op;
	struct mbox_ctx m = { .card = card, .cmd = hdr, .resp = resp };
	u16 id;

	if (opcode >= OVNIC_CMD_MAX || !mbox_ops[opcode].run)
		return OVNIC_STATUS_BAD_OPCODE;
	if (ovnic_le16_to_cpu(hdr->version) != OVNIC_CMD_VERSION)
		return OVNIC_STATUS_BAD_VERSION;
	op = &mbox_ops[opcode];
	if (cmd_len < op->cmd_len || resp_len < op->resp_len)
		return OVNIC_STATUS_BAD_LENGTH;
	if (op->needs_dev) {
		id = ovnic_le16_to_cpu(hdr->dev_id);
		if (id >= card->params.max_devices || !card->sw.port[id])
			return OVNIC_STATUS_NO_DEVICE;
		m.dev = card->sw.port[id];
	}
	return op->run(&m);
}

int ovnic_card_mailbox(struct ovnic_card *card, const void *cmd,
		       ovnic_u32 cmd_len, void *resp, ovnic_u32 resp_len)
{
	const struct ovnic_cmd_hdr *hdr = cmd;
	struct ovnic_resp_hdr *r = resp;
	int status;

	if (!resp || resp_len < sizeof(*r))
		return OVNIC_STATUS_BAD_LENGTH;
	fw_memset(resp, 0, resp_len);
	if (!cmd || cmd_len < sizeof(*hdr)) {
		r->status = OVNIC_STATUS_BAD_LENGTH;
		return OVNIC_STATUS_BAD_LENGTH;
	}
	fw_lock(&card->pf, card->control_lock);
	status = mbox_run(card, hdr, cmd_len, resp, resp_len);
	fw_unlock(&card->pf, card->control_lock);
	r->opcode = hdr->opcode;
	r->status = (u8)status;
	return status;
}
