// SPDX-License-Identifier: GPL-2.0
/*
 * Card commands: each wrapper fills one command with designated
 * initializers and explicit little-endian fields and hands it to
 * ovnic_cmd_run(), which runs it through the mailbox, maps the response
 * status to an errno and logs a failure with the command's name.
 *
 * Of the adapter this file knows only ovnic_cmds_hw() and ovnic_cmds_dev()
 * (cmds.h), so that it also builds in userspace, against the card library
 * and tests/kshim, for the test harness and the command layer's own tests.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cmds.h"

#define OVNIC_CMD_HDR(op, id) {					\
	.opcode		= ovnic_cpu_to_le16(op),			\
	.version	= ovnic_cpu_to_le16(OVNIC_CMD_VERSION),		\
	.dev_id		= ovnic_cpu_to_le16(id),			\
}

static const int ovnic_status_errno[] = {
	[OVNIC_STATUS_OK]		= 0,
	[OVNIC_STATUS_BAD_OPCODE]	= -EOPNOTSUPP,
	[OVNIC_STATUS_BAD_VERSION]	= -EPROTO,
	[OVNIC_STATUS_BAD_LENGTH]	= -EMSGSIZE,
	[OVNIC_STATUS_BAD_PARAM]	= -EINVAL,
	[OVNIC_STATUS_NO_DEVICE]	= -ENODEV,
	[OVNIC_STATUS_BUSY]		= -EBUSY,
	[OVNIC_STATUS_NO_SPACE]		= -ENOSPC,
	[OVNIC_STATUS_NOT_SUPPORTED]	= -EOPNOTSUPP,
	[OVNIC_STATUS_NO_MEMORY]	= -ENOMEM,
	[OVNIC_STATUS_EXISTS]		= -EEXIST,
};

static int ovnic_cmd_exec(struct ovnic_adapter *ad, const void *cmd,
			  size_t cmd_len, void *resp, size_t resp_len)
{
	const struct ovnic_cmd_hdr *c = cmd;
	struct ovnic_resp_hdr *r = resp;
	int ret;

	ret = ovnic_hw_mailbox(ovnic_cmds_hw(ad), cmd, cmd_len, resp, resp_len);
	if (ret < 0)
		return ret;
	if (!ret)
		ret = r->status;
	if (!ret && r->opcode != c->opcode)
		return -EPROTO;
	if (ret >= ARRAY_SIZE(ovnic_status_errno))
		return -EIO;
	return ovnic_status_errno[ret];
}

/*
 * Every command by opcode: its name for the log, and a rate limit of its
 * own, so that one command failing over and over hides no other's failure.
 */
struct ovnic_cmd_desc {
	const char *name;
	struct ratelimit_state rs;
};

#define OVNIC_CMD_DESC(op)						\
	[OVNIC_CMD_##op] = {						\
		.name	= #op,						\
		.rs	= RATELIMIT_STATE_INIT(ovnic_cmd_rs_##op,	\
					       DEFAULT_RATELIMIT_INTERVAL, \
					       DEFAULT_RATELIMIT_BURST), \
	}

static struct ovnic_cmd_desc ovnic_cmd_descs[] = {
	OVNIC_CMD_DESC(DEV_CREATE),
	OVNIC_CMD_DESC(DEV_DESTROY),
	OVNIC_CMD_DESC(DEV_RESET),
	OVNIC_CMD_DESC(DEV_SET_STATUS),
	OVNIC_CMD_DESC(DEV_QUERY),
	OVNIC_CMD_DESC(DEV_SET_FEATURES),
	OVNIC_CMD_DESC(DEV_CONFIG_READ),
	OVNIC_CMD_DESC(DEV_CONFIG_WRITE),
	OVNIC_CMD_DESC(DEV_SET_LINK),
	OVNIC_CMD_DESC(DEV_SET_LOOPBACK),
	OVNIC_CMD_DESC(DEV_SET_MAC_POLICY),
	OVNIC_CMD_DESC(DEV_GET_MAC_POLICY),
	OVNIC_CMD_DESC(DEV_SUSPEND),
	OVNIC_CMD_DESC(DEV_RESUME),
	OVNIC_CMD_DESC(DEV_SET_QUEUES),
	OVNIC_CMD_DESC(DEV_SET_MAC),
	OVNIC_CMD_DESC(VQ_MODIFY),
	OVNIC_CMD_DESC(VQ_QUERY),
	OVNIC_CMD_DESC(VQ_STATS),
	OVNIC_CMD_DESC(MR_MAP),
	OVNIC_CMD_DESC(MR_UNMAP),
	OVNIC_CMD_DESC(MR_RESET),
	OVNIC_CMD_DESC(MR_IDENTITY),
	OVNIC_CMD_DESC(RSS_QUERY),
	OVNIC_CMD_DESC(RSS_SET_POLICY),
	OVNIC_CMD_DESC(COAL_POLICY_SET),
	OVNIC_CMD_DESC(COAL_POLICY_GET),
	OVNIC_CMD_DESC(COAL_VQ_QUERY),
	OVNIC_CMD_DESC(PORT_STATS),
};

/* Which part of a queue VQ_MODIFY changed, for the log. */
static const char *ovnic_cmd_vq_modify_what(u32 mask)
{
	if (mask & OVNIC_VQ_MODIFY_READY)
		return "READY";
	if (mask & OVNIC_VQ_MODIFY_STATE)
		return "STATE";
	if (mask & OVNIC_VQ_MODIFY_SIZE)
		return "SIZE";
	if (mask & OVNIC_VQ_MODIFY_ASID)
		return "ASID";
	return "ADDR";
}

/* A failed command, by its name and what it names besides its device. */
static void ovnic_cmd_log(struct ovnic_adapter *ad, const void *cmd, int err)
{
	const struct ovnic_cmd_hdr *hdr = cmd;
	u16 op = ovnic_le16_to_cpu(hdr->opcode);
	u16 id = ovnic_le16_to_cpu(hdr->dev_id);
	struct device *dev = ovnic_cmds_dev(ad);
	const struct ovnic_cmd_vq_modify *vq = cmd;
	const struct ovnic_cmd_mr_unmap *unmap = cmd;
	const struct ovnic_cmd_mr_map *map = cmd;
	struct ovnic_cmd_desc *d;

	if (op >= ARRAY_SIZE(ovnic_cmd_descs) || !ovnic_cmd_descs[op].name) {
		dev_err_ratelimited(dev, "device %u: command %#x failed: %pe\n",
				    id, op, ERR_PTR(err));
		return;
	}
	d = &ovnic_cmd_descs[op];
	if (!__ratelimit(&d->rs))
		return;
	switch (op) {
	case OVNIC_CMD_VQ_MODIFY:
		dev_err(dev, "device %u: VQ_MODIFY %s of queue %u failed: %pe\n",
			id,
			ovnic_cmd_vq_modify_what(ovnic_le32_to_cpu(vq->modify_mask)),
			ovnic_le16_to_cpu(vq->qid), ERR_PTR(err));
		break;
	case OVNIC_CMD_MR_MAP:
		dev_err(dev, "device %u: MR_MAP asid %u iova %#llx size %#llx failed: %pe\n",
			id, ovnic_le32_to_cpu(map->asid),
			ovnic_le64_to_cpu(map->iova),
			ovnic_le64_to_cpu(map->size), ERR_PTR(err));
		break;
	case OVNIC_CMD_MR_UNMAP:
		dev_err(dev, "device %u: MR_UNMAP asid %u iova %#llx size %#llx failed: %pe\n",
			id, ovnic_le32_to_cpu(unmap->asid),
			ovnic_le64_to_cpu(unmap->iova),
			ovnic_le64_to_cpu(unmap->size), ERR_PTR(err));
		break;
	default:
		dev_err(dev, "device %u: %s failed: %pe\n", id, d->name,
			ERR_PTR(err));
	}
}

/*
 * Runs one command and returns 0 or a negative errno; a failure is logged,
 * unless it is @unlogged: an errno the caller reports itself.
 */
static int ovnic_cmd_run(struct ovnic_adapter *ad, const void *cmd,
			 size_t cmd_len, void *resp, size_t resp_len,
			 int unlogged)
{
	int err;

	err = ovnic_cmd_exec(ad, cmd, cmd_len, resp, resp_len);
	if (err && err != unlogged)
		ovnic_cmd_log(ad, cmd, err);
	return err;
}

/* A command and its response, both structs (not pointers to them). */
#define ovnic_cmd(ad, cmd, resp)					\
	ovnic_cmd_run(ad, &(cmd), sizeof(cmd), &(resp), sizeof(resp), 0)

/* A command the card answers with the bare response header. */
static int ovnic_cmd_hdr_run(struct ovnic_adapter *ad, const void *cmd,
			     size_t cmd_len, int unlogged)
{
	struct ovnic_resp_hdr resp;

	return ovnic_cmd_run(ad, cmd, cmd_len, &resp, sizeof(resp), unlogged);
}

#define ovnic_cmd_set(ad, cmd)	ovnic_cmd_hdr_run(ad, &(cmd), sizeof(cmd), 0)

int ovnic_cmd_dev_create(struct ovnic_adapter *ad, u16 dev_id,
			 const struct ovnic_dev_params *params,
			 u32 config_vector)
{
	struct ovnic_cmd_dev_create cmd = {
		.hdr		= OVNIC_CMD_HDR(OVNIC_CMD_DEV_CREATE, dev_id),
		.device_features = ovnic_cpu_to_le64(params->features),
		.mtu		= ovnic_cpu_to_le16(params->mtu),
		.max_vqp	= ovnic_cpu_to_le16(params->max_vqp),
		.config_vector	= ovnic_cpu_to_le32(config_vector),
	};

	memcpy(cmd.mac, params->mac, sizeof(cmd.mac));
	return ovnic_cmd_set(ad, cmd);
}

int ovnic_cmd_dev_destroy(struct ovnic_adapter *ad, u16 dev_id)
{
	struct ovnic_cmd_hdr cmd = OVNIC_CMD_HDR(OVNIC_CMD_DEV_DESTROY, dev_id);

	return ovnic_cmd_set(ad, cmd);
}

int ovnic_cmd_dev_reset(struct ovnic_adapter *ad, u16 dev_id)
{
	struct ovnic_cmd_hdr cmd = OVNIC_CMD_HDR(OVNIC_CMD_DEV_RESET, dev_id);

	return ovnic_cmd_set(ad, cmd);
}

int ovnic_cmd_dev_suspend(struct ovnic_adapter *ad, u16 dev_id)
{
	struct ovnic_cmd_hdr cmd = OVNIC_CMD_HDR(OVNIC_CMD_DEV_SUSPEND, dev_id);

	return ovnic_cmd_set(ad, cmd);
}

/*
 * vhost_vdpa passes VHOST_VDPA_RESUME on whether or not the device was
 * suspended; the card's refusal (-EINVAL) is the caller's to report.
 */
int ovnic_cmd_dev_resume(struct ovnic_adapter *ad, u16 dev_id)
{
	struct ovnic_cmd_hdr cmd = OVNIC_CMD_HDR(OVNIC_CMD_DEV_RESUME, dev_id);

	return ovnic_cmd_hdr_run(ad, &cmd, sizeof(cmd), -EINVAL);
}

int ovnic_cmd_dev_set_status(struct ovnic_adapter *ad, u16 dev_id,
			     u8 status)
{
	struct ovnic_cmd_dev_set_status cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_DEV_SET_STATUS, dev_id),
		.status	= status,
	};

	return ovnic_cmd_set(ad, cmd);
}

int ovnic_cmd_dev_query(struct ovnic_adapter *ad, u16 dev_id,
			struct ovnic_dev_info *info)
{
	struct ovnic_cmd_hdr cmd = OVNIC_CMD_HDR(OVNIC_CMD_DEV_QUERY, dev_id);
	struct ovnic_resp_dev_query resp;
	int err;

	err = ovnic_cmd(ad, cmd, resp);
	if (err)
		return err;
	*info = (struct ovnic_dev_info) {
		.device_features = ovnic_le64_to_cpu(resp.device_features),
		.driver_features = ovnic_le64_to_cpu(resp.driver_features),
		.config_generation = ovnic_le32_to_cpu(resp.config_generation),
		.config_size	= ovnic_le32_to_cpu(resp.config_size),
		.num_vqs	= ovnic_le16_to_cpu(resp.num_vqs),
		.max_vqp	= ovnic_le16_to_cpu(resp.max_vqp),
		.curr_vqp	= ovnic_le16_to_cpu(resp.curr_vqp),
		.max_queue_size	= ovnic_le16_to_cpu(resp.max_queue_size),
		.status		= resp.status,
		.link_up	= resp.link_up,
		.loopback	= resp.loopback == OVNIC_LOOPBACK_ON,
		.suspended	= resp.suspended,
	};
	return 0;
}

int ovnic_cmd_dev_set_features(struct ovnic_adapter *ad, u16 dev_id,
			       u64 features)
{
	struct ovnic_cmd_dev_set_features cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_DEV_SET_FEATURES, dev_id),
		.driver_features = ovnic_cpu_to_le64(features),
	};

	return ovnic_cmd_set(ad, cmd);
}

int ovnic_cmd_dev_config_read(struct ovnic_adapter *ad, u16 dev_id,
			      u16 offset, void *buf, u16 len)
{
	struct ovnic_cmd_dev_config cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_DEV_CONFIG_READ, dev_id),
		.offset	= ovnic_cpu_to_le16(offset),
		.length	= ovnic_cpu_to_le16(len),
	};
	struct ovnic_resp_dev_config resp;
	int err;

	if (len > OVNIC_CONFIG_CHUNK)
		return -EINVAL;
	err = ovnic_cmd(ad, cmd, resp);
	if (!err)
		memcpy(buf, resp.data, len);
	return err;
}

int ovnic_cmd_dev_config_write(struct ovnic_adapter *ad, u16 dev_id,
			       u16 offset, const void *buf, u16 len)
{
	struct ovnic_cmd_dev_config cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_DEV_CONFIG_WRITE, dev_id),
		.offset	= ovnic_cpu_to_le16(offset),
		.length	= ovnic_cpu_to_le16(len),
	};

	if (len > OVNIC_CONFIG_CHUNK)
		return -EINVAL;
	memcpy(cmd.data, buf, len);
	return ovnic_cmd_set(ad, cmd);
}

int ovnic_cmd_dev_set_link(struct ovnic_adapter *ad, u16 dev_id, bool up)
{
	struct ovnic_cmd_dev_set_link cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_DEV_SET_LINK, dev_id),
		.link_up = up,
	};

	return ovnic_cmd_set(ad, cmd);
}

/* EEXIST (another port owns @mac) is the caller's to report. */
int ovnic_cmd_dev_set_mac(struct ovnic_adapter *ad, u16 dev_id,
			  const u8 mac[ETH_ALEN])
{
	struct ovnic_cmd_dev_set_mac cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_DEV_SET_MAC, dev_id),
	};

	memcpy(cmd.mac, mac, ETH_ALEN);
	return ovnic_cmd_hdr_run(ad, &cmd, sizeof(cmd), -EEXIST);
}

int ovnic_cmd_dev_set_loopback(struct ovnic_adapter *ad, u16 dev_id, bool on)
{
	struct ovnic_cmd_dev_set_loopback cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_DEV_SET_LOOPBACK, dev_id),
		.loopback = on ? OVNIC_LOOPBACK_ON : OVNIC_LOOPBACK_OFF,
	};

	return ovnic_cmd_set(ad, cmd);
}

/* 0 leaves a limit as it is; the card refuses unless the device is reset. */
int ovnic_cmd_dev_set_queues(struct ovnic_adapter *ad, u16 dev_id,
			     u16 max_vqp, u16 max_queue_size)
{
	struct ovnic_cmd_dev_set_queues cmd = {
		.hdr		= OVNIC_CMD_HDR(OVNIC_CMD_DEV_SET_QUEUES, dev_id),
		.max_vqp	= ovnic_cpu_to_le16(max_vqp),
		.max_queue_size	= ovnic_cpu_to_le16(max_queue_size),
	};

	return ovnic_cmd_set(ad, cmd);
}

/*
 * The whole policy at once: the allowed list replaces the old one.
 * EEXIST (another port owns an address) is the host's mistake, not the
 * card's: the caller tells the requester, nothing is logged.
 */
int ovnic_cmd_mac_policy_set(struct ovnic_adapter *ad, u16 dev_id,
			     const struct ovnic_mac_params *p)
{
	struct ovnic_cmd_dev_mac_policy cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_DEV_SET_MAC_POLICY, dev_id),
		.policy	= {
			.flags		= p->flags,
			.spoof		= p->spoof,
			.n_allowed	= p->n_allowed,
		},
	};

	BUILD_BUG_ON(sizeof(cmd.policy.allowed) != sizeof(p->allowed));
	if (p->n_allowed > OVNIC_MAC_ALLOWED_MAX)
		return -EINVAL;
	memcpy(cmd.policy.allowed, p->allowed, p->n_allowed * ETH_ALEN);
	return ovnic_cmd_hdr_run(ad, &cmd, sizeof(cmd), -EEXIST);
}

int ovnic_cmd_mac_policy_get(struct ovnic_adapter *ad, u16 dev_id,
			     struct ovnic_mac_info *info)
{
	struct ovnic_cmd_hdr cmd = OVNIC_CMD_HDR(OVNIC_CMD_DEV_GET_MAC_POLICY,
						 dev_id);
	struct ovnic_resp_dev_mac_policy resp;
	int err;

	BUILD_BUG_ON(sizeof(resp.claimed) != sizeof(info->claimed));
	err = ovnic_cmd(ad, cmd, resp);
	if (err)
		return err;
	*info = (struct ovnic_mac_info) {
		.policy		= {
			.flags		= resp.policy.flags,
			.spoof		= resp.policy.spoof,
			.n_allowed	= min_t(u8, resp.policy.n_allowed,
						OVNIC_MAC_ALLOWED_MAX),
		},
		.spoof_active	= resp.spoof_active,
		.n_claimed	= min_t(u8, resp.n_claimed, OVNIC_MAC_OWNED_MAX),
	};
	memcpy(info->policy.allowed, resp.policy.allowed,
	       sizeof(info->policy.allowed));
	memcpy(info->mac, resp.mac, sizeof(info->mac));
	memcpy(info->claimed, resp.claimed, sizeof(info->claimed));
	return 0;
}

#define OVNIC_CMD_VQ_MODIFY_HDR(dev_id, qid, mask)			\
	.hdr		= OVNIC_CMD_HDR(OVNIC_CMD_VQ_MODIFY, dev_id),	\
	.qid		= ovnic_cpu_to_le16(qid),			\
	.modify_mask	= ovnic_cpu_to_le32(mask)

int ovnic_cmd_vq_set_addr(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
			  u64 desc, u64 driver, u64 device)
{
	struct ovnic_cmd_vq_modify cmd = {
		OVNIC_CMD_VQ_MODIFY_HDR(dev_id, qid, OVNIC_VQ_MODIFY_ADDR),
		.desc_addr	= ovnic_cpu_to_le64(desc),
		.driver_addr	= ovnic_cpu_to_le64(driver),
		.device_addr	= ovnic_cpu_to_le64(device),
	};

	return ovnic_cmd_set(ad, cmd);
}

int ovnic_cmd_vq_set_size(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
			  u16 size)
{
	struct ovnic_cmd_vq_modify cmd = {
		OVNIC_CMD_VQ_MODIFY_HDR(dev_id, qid, OVNIC_VQ_MODIFY_SIZE),
		.size		= ovnic_cpu_to_le16(size),
	};

	return ovnic_cmd_set(ad, cmd);
}

/* Enabling a queue also names its interrupt vector, in the same step. */
/*
 * Enabling also names the queue's address space, so that the queue reads
 * its rings through the one its group is in now, whatever happened to
 * the queue since (ovnic_vdpa_set_vq_ready()).
 */
int ovnic_cmd_vq_set_ready(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
			   bool ready, u32 vector, u8 asid)
{
	struct ovnic_cmd_vq_modify cmd = {
		OVNIC_CMD_VQ_MODIFY_HDR(dev_id, qid, ready ?
					OVNIC_VQ_MODIFY_READY |
					OVNIC_VQ_MODIFY_VECTOR |
					OVNIC_VQ_MODIFY_ASID :
					OVNIC_VQ_MODIFY_READY),
		.vector		= ovnic_cpu_to_le32(vector),
		.ready		= ready,
		.asid		= ready ? asid : 0,
	};

	return ovnic_cmd_set(ad, cmd);
}

/* EBUSY (the queue is enabled) is the caller's to report. */
int ovnic_cmd_vq_set_asid(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
			  u8 asid)
{
	struct ovnic_cmd_vq_modify cmd = {
		OVNIC_CMD_VQ_MODIFY_HDR(dev_id, qid, OVNIC_VQ_MODIFY_ASID),
		.asid		= asid,
	};

	return ovnic_cmd_hdr_run(ad, &cmd, sizeof(cmd), -EBUSY);
}

int ovnic_cmd_vq_set_state(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
			   u16 avail_idx, u16 used_idx)
{
	struct ovnic_cmd_vq_modify cmd = {
		OVNIC_CMD_VQ_MODIFY_HDR(dev_id, qid, OVNIC_VQ_MODIFY_STATE),
		.avail_idx	= ovnic_cpu_to_le16(avail_idx),
		.used_idx	= ovnic_cpu_to_le16(used_idx),
	};

	return ovnic_cmd_set(ad, cmd);
}

int ovnic_cmd_vq_query(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
		       struct ovnic_vq_info *info)
{
	struct ovnic_cmd_vq cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_VQ_QUERY, dev_id),
		.qid	= ovnic_cpu_to_le16(qid),
	};
	struct ovnic_resp_vq_query resp;
	int err;

	err = ovnic_cmd(ad, cmd, resp);
	if (err)
		return err;
	*info = (struct ovnic_vq_info) {
		.size		= ovnic_le16_to_cpu(resp.size),
		.avail_idx	= ovnic_le16_to_cpu(resp.avail_idx),
		.used_idx	= ovnic_le16_to_cpu(resp.used_idx),
		.ready		= resp.ready,
		.broken		= resp.broken,
	};
	return 0;
}

int ovnic_cmd_vq_stats(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
		       u64 counter[OVNIC_VQC_NUM])
{
	struct ovnic_cmd_vq cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_VQ_STATS, dev_id),
		.qid	= ovnic_cpu_to_le16(qid),
	};
	struct ovnic_resp_vq_stats resp;
	int err, i;

	err = ovnic_cmd(ad, cmd, resp);
	if (err)
		return err;
	for (i = 0; i < OVNIC_VQC_NUM; i++)
		counter[i] = ovnic_le64_to_cpu(resp.counter[i]);
	return 0;
}

int ovnic_cmd_port_stats(struct ovnic_adapter *ad, u64 to_wire[OVNIC_VQC_NUM],
			 u64 from_wire[OVNIC_VQC_NUM])
{
	struct ovnic_cmd_hdr cmd = OVNIC_CMD_HDR(OVNIC_CMD_PORT_STATS, 0);
	struct ovnic_resp_port_stats resp;
	int err, i;

	err = ovnic_cmd(ad, cmd, resp);
	if (err)
		return err;
	for (i = 0; i < OVNIC_VQC_NUM; i++) {
		to_wire[i] = ovnic_le64_to_cpu(resp.to_wire[i]);
		from_wire[i] = ovnic_le64_to_cpu(resp.from_wire[i]);
	}
	return 0;
}

int ovnic_cmd_mr_map(struct ovnic_adapter *ad, u16 dev_id, u32 asid,
		     u64 iova, u64 size, u64 pa, u32 perm)
{
	struct ovnic_cmd_mr_map cmd = {
		.hdr		= OVNIC_CMD_HDR(OVNIC_CMD_MR_MAP, dev_id),
		.iova		= ovnic_cpu_to_le64(iova),
		.size		= ovnic_cpu_to_le64(size),
		.host_addr	= ovnic_cpu_to_le64(pa),
		.perm		= ovnic_cpu_to_le32(perm),
		.asid		= ovnic_cpu_to_le32(asid),
	};

	return ovnic_cmd_set(ad, cmd);
}

int ovnic_cmd_mr_unmap(struct ovnic_adapter *ad, u16 dev_id, u32 asid,
		       u64 iova, u64 size)
{
	struct ovnic_cmd_mr_unmap cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_MR_UNMAP, dev_id),
		.iova	= ovnic_cpu_to_le64(iova),
		.size	= ovnic_cpu_to_le64(size),
		.asid	= ovnic_cpu_to_le32(asid),
	};

	return ovnic_cmd_set(ad, cmd);
}

/* MR_RESET and MR_IDENTITY: one address space, all of it. */
int ovnic_cmd_mr_reset(struct ovnic_adapter *ad, u16 dev_id, u32 asid)
{
	struct ovnic_cmd_mr_reset cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_MR_RESET, dev_id),
		.asid	= ovnic_cpu_to_le32(asid),
	};

	return ovnic_cmd_set(ad, cmd);
}

int ovnic_cmd_mr_identity(struct ovnic_adapter *ad, u16 dev_id, u32 asid)
{
	struct ovnic_cmd_mr_identity cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_MR_IDENTITY, dev_id),
		.asid	= ovnic_cpu_to_le32(asid),
	};

	return ovnic_cmd_set(ad, cmd);
}

int ovnic_cmd_coal_policy_set(struct ovnic_adapter *ad, u16 dev_id,
			      const struct ovnic_coal_params *p)
{
	struct ovnic_cmd_coal_policy cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_COAL_POLICY_SET, dev_id),
		.policy	= {
			.rx_usecs	= ovnic_cpu_to_le32(p->rx_usecs),
			.rx_frames	= ovnic_cpu_to_le32(p->rx_frames),
			.tx_usecs	= ovnic_cpu_to_le32(p->tx_usecs),
			.tx_frames	= ovnic_cpu_to_le32(p->tx_frames),
			.flags		= ovnic_cpu_to_le32(p->flags),
			.irq_rate	= ovnic_cpu_to_le32(p->irq_rate),
		},
	};

	return ovnic_cmd_set(ad, cmd);
}

int ovnic_cmd_coal_policy_get(struct ovnic_adapter *ad, u16 dev_id,
			      struct ovnic_coal_params *p)
{
	struct ovnic_cmd_hdr cmd = OVNIC_CMD_HDR(OVNIC_CMD_COAL_POLICY_GET,
						 dev_id);
	struct ovnic_resp_coal_policy resp;
	int err;

	err = ovnic_cmd(ad, cmd, resp);
	if (err)
		return err;
	*p = (struct ovnic_coal_params) {
		.rx_usecs	= ovnic_le32_to_cpu(resp.policy.rx_usecs),
		.rx_frames	= ovnic_le32_to_cpu(resp.policy.rx_frames),
		.tx_usecs	= ovnic_le32_to_cpu(resp.policy.tx_usecs),
		.tx_frames	= ovnic_le32_to_cpu(resp.policy.tx_frames),
		.flags		= ovnic_le32_to_cpu(resp.policy.flags),
		.irq_rate	= ovnic_le32_to_cpu(resp.policy.irq_rate),
	};
	return 0;
}

int ovnic_cmd_coal_vq_query(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
			    struct ovnic_coal_vq_info *info)
{
	struct ovnic_cmd_vq cmd = {
		.hdr	= OVNIC_CMD_HDR(OVNIC_CMD_COAL_VQ_QUERY, dev_id),
		.qid	= ovnic_cpu_to_le16(qid),
	};
	struct ovnic_resp_coal_vq resp;
	int err;

	err = ovnic_cmd(ad, cmd, resp);
	if (err)
		return err;
	*info = (struct ovnic_coal_vq_info) {
		.usecs		= ovnic_le32_to_cpu(resp.usecs),
		.frames		= ovnic_le32_to_cpu(resp.frames),
		.pending	= ovnic_le32_to_cpu(resp.pending),
		.rate_pps	= ovnic_le32_to_cpu(resp.rate_pps),
		.source		= resp.source,
		.active		= resp.active,
		.timer_armed	= resp.timer_armed,
	};
	return 0;
}

int ovnic_cmd_rss_query(struct ovnic_adapter *ad, u16 dev_id,
			struct ovnic_rss_info *info)
{
	struct ovnic_cmd_hdr cmd = OVNIC_CMD_HDR(OVNIC_CMD_RSS_QUERY, dev_id);
	struct ovnic_resp_rss_query *resp;
	int err, i;

	/* 344 bytes: too much for the stack of a netlink handler */
	resp = kmalloc(sizeof(*resp), GFP_KERNEL);
	if (!resp)
		return -ENOMEM;
	err = ovnic_cmd(ad, cmd, *resp);
	if (err)
		goto out;
	*info = (struct ovnic_rss_info) {
		.hash_types	= ovnic_le32_to_cpu(resp->hash_types),
		.supported_hash_types =
			ovnic_le32_to_cpu(resp->supported_hash_types),
		.guest_tunnel_types =
			ovnic_le32_to_cpu(resp->guest_tunnel_types),
		.policy_tunnel_types =
			ovnic_le32_to_cpu(resp->policy_tunnel_types),
		.active_tunnel_types =
			ovnic_le32_to_cpu(resp->active_tunnel_types),
		.supported_tunnel_types =
			ovnic_le32_to_cpu(resp->supported_tunnel_types),
		.flags		= ovnic_le32_to_cpu(resp->flags),
		.curr_vqp	= ovnic_le16_to_cpu(resp->curr_vqp),
		.max_tx_vq	= ovnic_le16_to_cpu(resp->max_tx_vq),
		.unclassified_queue =
			ovnic_le16_to_cpu(resp->unclassified_queue),
		.table_len	= ovnic_le16_to_cpu(resp->table_len),
		.steering	= resp->steering,
		.key_len	= min_t(u8, resp->key_len, OVNIC_RSS_KEY_MAX),
	};
	memcpy(info->key, resp->key, sizeof(info->key));
	for (i = 0; i < OVNIC_RSS_TABLE_MAX; i++)
		info->table[i] = ovnic_le16_to_cpu(resp->table[i]);
out:
	kfree(resp);
	return err;
}

int ovnic_cmd_rss_set_policy(struct ovnic_adapter *ad, u16 dev_id,
			     u32 tunnel_types)
{
	struct ovnic_cmd_rss_set_policy cmd = {
		.hdr		= OVNIC_CMD_HDR(OVNIC_CMD_RSS_SET_POLICY, dev_id),
		.tunnel_types	= ovnic_cpu_to_le32(tunnel_types),
	};

	return ovnic_cmd_set(ad, cmd);
}
