// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The card: register window, command mailbox, doorbells and the device
 * cores that run the virtqueues.  This is the firmware's whole public API
 * (ovnic_card.h); everything else is reached from here.
 */
#include "fw.h"

#define CARD_FEATURES ((1ull << VIRTIO_F_VERSION_1) | \
		       (1ull << VIRTIO_F_ACCESS_PLATFORM) | \
		       (1ull << VIRTIO_F_INDIRECT_DESC) | \
		       (1ull << VIRTIO_F_EVENT_IDX) | \
		       (1ull << VIRTIO_NET_F_MTU) | \
		       (1ull << VIRTIO_NET_F_MAC) | \
		       (1ull << VIRTIO_NET_F_STATUS) | \
		       (1ull << VIRTIO_NET_F_CTRL_VQ) | \
		       (1ull << VIRTIO_NET_F_CTRL_RX) | \
		       (1ull << VIRTIO_NET_F_CTRL_VLAN) | \
		       (1ull << VIRTIO_NET_F_GUEST_ANNOUNCE) | \
		       (1ull << VIRTIO_NET_F_MQ) | \
		       (1ull << VIRTIO_NET_F_CTRL_MAC_ADDR) | \
		       (1ull << VIRTIO_NET_F_DEVICE_STATS) | \
		       (1ull << VIRTIO_NET_F_VQ_NOTF_COAL) | \
		       (1ull << VIRTIO_NET_F_NOTF_COAL) | \
		       (1ull << VIRTIO_NET_F_RSS) | \
		       (1ull << VIRTIO_NET_F_HASH_REPORT) | \
		       (1ull << VIRTIO_NET_F_HASH_TUNNEL) | \
		       (1ull << VIRTIO_NET_F_SPEED_DUPLEX))

void fw_log(struct ovnic_card *card, enum ovnic_log_level level,
	    const char *fmt, ...)
{
	__builtin_va_list ap;

	if (!card->plat.log)
		return;
	__builtin_va_start(ap, fmt);
	card->plat.log(card->plat.ctx, level, fmt, ap);
	__builtin_va_end(ap);
}

/*
 * Epochs: a reader announces itself on the counter of the current epoch
 * and checks the epoch did not move meanwhile; a writer moves the epoch
 * and waits for the old counter to drain.  Readers are device-core bursts
 * and wire receive calls, which the host runs without preemption.
 */
u32 fw_epoch_enter(struct ovnic_card *card)
{
	struct ovnic_epoch *e = &card->epoch;

	for (;;) {
		u32 idx = __atomic_load_n(&e->index, __ATOMIC_SEQ_CST) & 1;

		__atomic_add_fetch(&e->readers[idx], 1, __ATOMIC_SEQ_CST);
		if ((__atomic_load_n(&e->index, __ATOMIC_SEQ_CST) & 1) == idx)
			return idx;
		__atomic_sub_fetch(&e->readers[idx], 1, __ATOMIC_SEQ_CST);
	}
}

void fw_epoch_exit(struct ovnic_card *card, u32 idx)
{
	__atomic_sub_fetch(&card->epoch.readers[idx], 1, __ATOMIC_RELEASE);
}

/* Called on the control path only (serialized by the control lock). */
void fw_epoch_sync(struct ovnic_card *card)
{
	struct ovnic_epoch *e = &card->epoch;
	u32 old = __atomic_fetch_add(&e->index, 1, __ATOMIC_SEQ_CST) & 1;

	while (__atomic_load_n(&e->readers[old], __ATOMIC_SEQ_CST))
		fw_cpu_relax();
}

void ovnic_card_host_memory_changed(struct ovnic_card *card)
{
	card->plat.lock(card->control_lock);
	fw_atomic_add(&card->mem_generation, 1);
	fw_epoch_sync(card);
	card->plat.unlock(card->control_lock);
}

void fw_raise_irq(struct ovnic_card *card, u32 vector)
{
	card->plat.irq(card->plat.ctx, vector);
}

unsigned int fw_vq_core(const struct ovnic_card *card,
			const struct ovnic_dev *dev, u16 qid)
{
	return (dev->id + qid / 2) % card->params.num_cores;
}

struct ovnic_card *ovnic_card_new(const struct ovnic_platform *plat,
				  const struct ovnic_card_params *params)
{
	struct ovnic_card *card;

	if (!params->max_devices ||
	    params->max_devices > OVNIC_FW_MAX_DEVICES ||
	    !params->max_vqp || params->max_vqp > OVNIC_FW_MAX_VQP ||
	    params->max_queue_size < 2 ||
	    params->max_queue_size > OVNIC_FW_MAX_QSIZE ||
	    (params->max_queue_size & (params->max_queue_size - 1)) ||
	    !params->num_cores || params->num_cores > OVNIC_FW_MAX_CORES)
		return NULL;
	card = plat->zalloc(plat->ctx, sizeof(*card));
	if (!card)
		return NULL;
	card->plat = *plat;
	card->params = *params;
	card->features = CARD_FEATURES;
	card->control_lock = plat->lock_new(plat->ctx, OVNIC_LOCK_CONTROL);
	card->switch_lock = plat->lock_new(plat->ctx, OVNIC_LOCK_SWITCH);
	if (!card->control_lock || !card->switch_lock)
		goto err_locks;
	card->wire_link = 1;
	card->fdb_generation = 1;	/* a zeroed memo matches nothing */
	card->status = OVNIC_CARD_STATUS_READY;
	return card;

err_locks:
	if (card->switch_lock)
		plat->lock_free(plat->ctx, card->switch_lock);
	if (card->control_lock)
		plat->lock_free(plat->ctx, card->control_lock);
	plat->free(plat->ctx, card);
	return NULL;
}

void ovnic_card_free(struct ovnic_card *card)
{
	struct ovnic_platform plat = card->plat;
	u32 i;

	for (i = 0; i < OVNIC_FW_MAX_DEVICES; i++)
		if (card->dev[i])
			fw_dev_destroy(card, card->dev[i]);
	plat.lock_free(plat.ctx, card->switch_lock);
	plat.lock_free(plat.ctx, card->control_lock);
	plat.free(plat.ctx, card);
}

/* ---- Register window ---- */

ovnic_u32 ovnic_card_reg_read(struct ovnic_card *card, ovnic_u32 offset)
{
	switch (offset) {
	case OVNIC_REG_MAGIC:
		return OVNIC_MAGIC;
	case OVNIC_REG_VERSION:
		return OVNIC_HW_VERSION_MAJOR << 16 | OVNIC_HW_VERSION_MINOR;
	case OVNIC_REG_CARD_STATUS:
		return card->status;
	case OVNIC_REG_MAX_DEVICES:
		return card->params.max_devices;
	case OVNIC_REG_MAX_VQP:
		return card->params.max_vqp;
	case OVNIC_REG_MAX_QUEUE_SIZE:
		return card->params.max_queue_size;
	case OVNIC_REG_NUM_CORES:
		return card->params.num_cores;
	case OVNIC_REG_FEATURES_LO:
		return (u32)card->features;
	case OVNIC_REG_FEATURES_HI:
		return (u32)(card->features >> 32);
	case OVNIC_REG_WIRE_LINK:
		return fw_read_once(&card->wire_link);
	default:
		return 0;	/* unknown registers read as zero */
	}
}

void ovnic_card_reg_write(struct ovnic_card *card, ovnic_u32 offset,
			  ovnic_u32 val)
{
	if (offset == OVNIC_REG_WIRE_LINK)
		fw_write_once(&card->wire_link, val ? 1u : 0u);
	/* other registers are read-only: writes are ignored */
}

/* ---- Command mailbox ---- */

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

	if (id >= m->card->params.max_devices)
		return OVNIC_STATUS_BAD_PARAM;
	if (m->card->dev[id])
		return OVNIC_STATUS_EXISTS;
	return fw_dev_create(m->card, id, cmd);
}

static int cmd_dev_destroy(struct mbox_ctx *m)
{
	fw_dev_destroy(m->card, m->dev);
	return OVNIC_STATUS_OK;
}

static int cmd_dev_reset(struct mbox_ctx *m)
{
	fw_dev_reset(m->dev);
	return OVNIC_STATUS_OK;
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
	r->config_generation = ovnic_cpu_to_le32(dev->config_generation);
	r->status = fw_read_once(&dev->status);
	r->link_up = dev->link_up;
	r->num_vqs = ovnic_cpu_to_le16(dev->num_vqs);
	r->config_size = ovnic_cpu_to_le32(fw_dev_config_size());
	r->max_vqp = ovnic_cpu_to_le16(dev->max_vqp);
	r->curr_vqp = ovnic_cpu_to_le16(fw_read_once(&dev->curr_vqp));
	r->max_queue_size = ovnic_cpu_to_le16(dev->max_queue_size);
	r->loopback = fw_read_once(&dev->loopback) ? OVNIC_LOOPBACK_ON :
		      OVNIC_LOOPBACK_OFF;
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
	int ret;

	if (!vq)
		return OVNIC_STATUS_BAD_PARAM;
	/* A running queue only changes by being disabled first. */
	if (vq->ready && mask & ~OVNIC_VQ_MODIFY_READY &&
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
		fw_epoch_sync(m->card);
	}
	ret = fw_vq_modify(vq, cmd);
	if (ret == OVNIC_STATUS_OK && vq->ready && m->dev->status &
	    VIRTIO_S_DRIVER_OK)
		ovnic_card_doorbell(m->card, m->dev->id, vq->qid);
	return ret;
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
			sent += fw_read_once(&card->core[core].to_wire.c[i]);
		r->to_wire[i] = ovnic_cpu_to_le64(sent);
		r->from_wire[i] = ovnic_cpu_to_le64(fw_read_once(
						    &card->from_wire.c[i]));
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
	return fw_as_map(m->card, as, ovnic_le64_to_cpu(cmd->iova),
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
	return fw_as_unmap(m->card, as, ovnic_le64_to_cpu(cmd->iova),
			   ovnic_le64_to_cpu(cmd->size));
}

static int cmd_mr_reset(struct mbox_ctx *m)
{
	const struct ovnic_cmd_mr_reset *cmd = m->cmd;
	struct ovnic_as *as = mbox_as(m, cmd->asid);

	if (!as)
		return OVNIC_STATUS_BAD_PARAM;
	fw_as_reset(m->card, as);
	return OVNIC_STATUS_OK;
}

static int cmd_mr_identity(struct mbox_ctx *m)
{
	const struct ovnic_cmd_mr_identity *cmd = m->cmd;
	struct ovnic_as *as = mbox_as(m, cmd->asid);

	if (!as)
		return OVNIC_STATUS_BAD_PARAM;
	fw_as_set_identity(m->card, as);
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
	OP(DEV_SET_QUEUES, cmd_dev_set_queues, struct ovnic_cmd_dev_set_queues,
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
		if (id >= card->params.max_devices || !card->dev[id])
			return OVNIC_STATUS_NO_DEVICE;
		m.dev = card->dev[id];
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
	card->plat.lock(card->control_lock);
	status = mbox_run(card, hdr, cmd_len, resp, resp_len);
	card->plat.unlock(card->control_lock);
	r->opcode = hdr->opcode;
	r->status = (u8)status;
	return status;
}

/* ---- Doorbells and device cores ---- */

void ovnic_card_doorbell(struct ovnic_card *card, ovnic_u16 dev_id,
			 ovnic_u32 val)
{
	u16 qid = OVNIC_DB_QID(val);
	struct ovnic_dev *dev;
	unsigned int core;
	u32 idx;

	if (dev_id >= card->params.max_devices)
		return;
	idx = fw_epoch_enter(card);
	dev = __atomic_load_n(&card->dev[dev_id], __ATOMIC_ACQUIRE);
	if (dev && qid < dev->num_vqs) {
		struct ovnic_vq *vq = &dev->vq[qid];

		__atomic_add_fetch(&vq->stats.c[OVNIC_VQC_KICKS], 1,
				   __ATOMIC_RELAXED);
		/*
		 * Receive kicks only say buffers were added: nothing to run.
		 * Which queue is the control queue depends on the features,
		 * stable only while the device runs (a reset rewrites them
		 * after it waited this epoch out); kicks before DRIVER_OK
		 * are replayed then.
		 */
		if (qid % 2 ||
		    (fw_dev_running(dev) && qid == fw_dev_cvq(dev))) {
			core = fw_vq_core(card, dev, qid);
			fw_store_release(&vq->kicked, 1);
			fw_atomic_or(&card->core[core].pending,
				     1ull << dev_id);
			card->plat.wake_core(card->plat.ctx, core);
		}
	}
	fw_epoch_exit(card, idx);
}

/*
 * Scheduling a core's queues.  Devices are tenants: none may starve
 * another on the same core, however many descriptors it keeps posted.
 *   - Control queues go first, a few commands each per poll: the guest
 *     busy-waits for the answer, and no data flood may delay it.
 *   - Data queues run in rounds: each device with work gets a quantum per
 *     round, spread over its transmit queues from a rotating start, until
 *     the poll's budget is spent.  The next poll starts with the device
 *     after the last one served, so a device waits at most about
 *     (devices with work x quantum / budget) polls.
 */
#define CORE_CTRL_QUANTUM	8		/* commands per poll */
#define CORE_DEV_QUANTUM	OVNIC_BURST	/* descriptors per round */

/*
 * Run one kicked queue for at most @quantum chains; *used gets how many
 * it took.  Returns whether it wants to run again.
 */
static bool core_run_vq(struct ovnic_card *card, unsigned int core,
			struct ovnic_vq *vq, unsigned int quantum,
			unsigned int *used)
{
	struct ovnic_dev *dev = vq->dev;

	*used = 0;
	if (fw_vq_core(card, dev, vq->qid) != core ||
	    !fw_atomic_xchg(&vq->kicked, 0))
		return false;
	if (!quantum) {
		fw_store_release(&vq->kicked, 1);
		return true;
	}
	/* A kick before DRIVER_OK is replayed when the driver gets there. */
	if (!fw_dev_running(dev) || !fw_vq_prepare(vq))
		return false;
	if (vq->qid == fw_dev_cvq(dev))
		*used = fw_ctrl_vq(vq, &card->core[core], quantum);
	else
		*used = fw_net_tx(vq, &card->core[core], quantum);
	return fw_read_once(&vq->kicked) != 0;
}

static bool core_run_ctrl(struct ovnic_card *card, unsigned int core,
			  struct ovnic_dev *dev, unsigned int *budget)
{
	unsigned int used;
	bool again;

	if (!fw_dev_has(dev, VIRTIO_NET_F_CTRL_VQ))
		return false;
	again = core_run_vq(card, core, &dev->vq[fw_dev_cvq(dev)],
			    MIN(*budget, CORE_CTRL_QUANTUM), &used);
	*budget -= used;
	return again;
}

/* One round of @dev's transmit queues on @core; whether work remains. */
static bool core_run_data(struct ovnic_card *card, unsigned int core,
			  struct ovnic_dev *dev, unsigned int *budget)
{
	unsigned int quantum = MIN(*budget, CORE_DEV_QUANTUM), used, i;
	u16 ntx = fw_dev_cvq(dev) / 2, start = dev->tx_next[core] % ntx;
	bool again = false;

	for (i = 0; i < ntx; i++) {
		u16 q = (u16)(2 * ((start + i) % ntx) + 1);

		again |= core_run_vq(card, core, &dev->vq[q], quantum, &used);
		quantum -= used;
		*budget -= used;
	}
	dev->tx_next[core] = (u16)(start + 1);
	return again;
}

/* The first device of @set from id @from on, wrapping around. */
static unsigned int core_next_dev(u64 set, unsigned int from)
{
	u64 after = from < 64 ? set & (~0ull << from) : 0;

	return (unsigned int)__builtin_ctzll(after ? after : set);
}

int ovnic_card_core_poll(struct ovnic_card *card, unsigned int core,
			 unsigned int budget)
{
	u64 work, round, next = 0, again = 0;
	struct ovnic_core *c;
	unsigned int id, pos;
	u32 idx;

	if (core >= card->params.num_cores)
		return 0;
	c = &card->core[core];
	work = fw_atomic_xchg(&c->pending, 0);
	idx = fw_epoch_enter(card);

	/*
	 * A device that doesn't run is left alone: its reset rewrites the
	 * features and queues this poll would read, once the epoch that saw
	 * it running is over.  Kicks stay pending until DRIVER_OK replays
	 * them.
	 */
	for (round = work; round; round &= round - 1) {
		struct ovnic_dev *dev;

		id = (unsigned int)__builtin_ctzll(round);
		dev = __atomic_load_n(&card->dev[id], __ATOMIC_ACQUIRE);
		if (!dev || !fw_dev_running(dev))
			work &= ~(1ull << id);
		else if (core_run_ctrl(card, core, dev, &budget))
			again |= 1ull << id;
	}

	pos = c->rr_next;
	for (round = work; round && budget; ) {
		struct ovnic_dev *dev;

		id = core_next_dev(round, pos);
		round &= ~(1ull << id);
		pos = id + 1;
		dev = __atomic_load_n(&card->dev[id], __ATOMIC_ACQUIRE);
		if (dev && core_run_data(card, core, dev, &budget))
			next |= 1ull << id;
		if (!round) {
			round = next;
			next = 0;
		}
	}
	/* Out of budget: who is left, in this round or the next, resumes. */
	again |= round | next;
	c->rr_next = pos % 64;

	for (round = work; round; round &= round - 1) {
		struct ovnic_dev *dev;

		id = (unsigned int)__builtin_ctzll(round);
		dev = __atomic_load_n(&card->dev[id], __ATOMIC_ACQUIRE);
		if (dev)
			fw_coal_run(card, core, dev);
	}
	fw_epoch_exit(card, idx);
	if (again)
		fw_atomic_or(&c->pending, again);
	return again != 0;
}
