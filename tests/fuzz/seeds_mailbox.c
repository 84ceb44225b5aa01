// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * mkseeds: the seeds of fuzz_mailbox, in its input format (the comment
 * at the top of fuzz_mailbox.c).
 */
#include <string.h>

#include "mkseeds.h"

/* A command by its index in the target's table, fields fixed up. */
static void mb_cmd(struct seed *s, unsigned int idx, const void *body,
		   size_t len, unsigned int lsel)
{
	u8(s, 1);			/* a command, not another op */
	u8(s, idx);
	u8(s, lsel);
	bytes(s, body, len);
}

/*
 * Indexes in fuzz_mailbox.c's mb_ops[], in its order: an entry missing
 * here shifts every seed after it to another command.
 */
enum {
	MB_DEV_CREATE, MB_DEV_DESTROY, MB_DEV_RESET, MB_DEV_SET_STATUS,
	MB_DEV_QUERY, MB_DEV_SET_FEATURES, MB_DEV_CONFIG_READ,
	MB_DEV_CONFIG_WRITE, MB_DEV_SET_LINK, MB_DEV_SET_LOOPBACK,
	MB_DEV_SET_MAC_POLICY, MB_DEV_GET_MAC_POLICY,
	MB_DEV_SET_QUEUES, MB_VQ_MODIFY, MB_VQ_QUERY, MB_VQ_STATS, MB_MR_MAP,
	MB_MR_UNMAP, MB_MR_RESET, MB_MR_IDENTITY, MB_RSS_QUERY,
	MB_RSS_SET_POLICY, MB_COAL_POLICY_SET, MB_COAL_POLICY_GET,
	MB_COAL_VQ_QUERY, MB_PORT_STATS, MB_DEV_SUSPEND, MB_DEV_RESUME,
	MB_DEV_SET_MAC,
};

static void mb_bare(struct seed *s, unsigned int idx, unsigned int dev)
{
	struct ovnic_cmd_hdr h = { .dev_id = dev };

	mb_cmd(s, idx, &h, sizeof(h), 0);
}

static void mb_create(struct seed *s, unsigned int dev, unsigned int vqp)
{
	struct ovnic_cmd_dev_create c = {
		.hdr.dev_id = dev,
		.device_features = 0xffffffffffffffffull,
		.mac = { 0x02, 0, 0, 0, dev, 1 },
		.mtu = 1500 - 68,
		.max_vqp = vqp - 1,
		.config_vector = dev * 128 + 127,
	};

	mb_cmd(s, MB_DEV_CREATE, &c, sizeof(c), 0);
}

static void mb_status(struct seed *s, unsigned int dev, unsigned int st)
{
	struct ovnic_cmd_dev_set_status c = { .hdr.dev_id = dev, .status = st };

	mb_cmd(s, MB_DEV_SET_STATUS, &c, sizeof(c), 0);
}

/* Queue @q's rings at IOVA @iova (fixed-up form: low bit 0). */
static void mb_vq(struct seed *s, unsigned int dev, unsigned int q,
		  uint64_t iova, int identity)
{
	struct ovnic_cmd_vq_modify m = {
		.hdr.dev_id = dev,
		.qid = q,
		.size = 4,		/* 16 */
		.modify_mask = 0xf,
		.desc_addr = iova << 1 | identity,
		.driver_addr = (iova + 0x400) << 1 | identity,
		.device_addr = (iova + 0x800) << 1 | identity,
		.vector = dev * 128 + q,
		.ready = 1,
	};

	mb_cmd(s, MB_VQ_MODIFY, &m, sizeof(m), 0);
}

static void mb_bringup(struct seed *s, unsigned int dev, int identity)
{
	struct ovnic_cmd_dev_set_features f = {
		.hdr.dev_id = dev,
		.driver_features = 1ull << 32 | 1ull << 33 | 1ull << 17 |
				   1ull << 16 | 1ull << 5 | 1ull << 28,
	};
	struct ovnic_cmd_mr_map m = {
		.hdr.dev_id = dev,
		.iova = 0x10000,
		.size = 0x8000 - 1,
		.host_addr = 0,
		.perm = 3,
	};
	unsigned int q;

	mb_create(s, dev, 1);
	mb_status(s, dev, 3);
	mb_cmd(s, MB_DEV_SET_FEATURES, &f, sizeof(f), 0);
	mb_status(s, dev, 0xb);
	if (!identity)
		mb_cmd(s, MB_MR_MAP, &m, sizeof(m), 0);
	for (q = 0; q < 3; q++)
		mb_vq(s, dev, q, identity ? 0x1000 * q : 0x10000 + 0x1000 * q,
		      identity);
	mb_status(s, dev, 0xf);
}

static void mb_other(struct seed *s, unsigned int sel)
{
	u8(s, 0);			/* not a command */
	u8(s, sel);
}

void seeds_mailbox(void)
{
	const char *t = "fuzz_mailbox";
	struct ovnic_cmd_dev_config cfg = { .length = 6 };
	struct ovnic_cmd_vq vq = { .qid = 1 };
	struct ovnic_coal_policy pol = { 50, 16, 50, 16, 3, 0 };
	struct ovnic_cmd_coal_policy cp = { .policy = pol };
	struct ovnic_cmd_dev_set_queues sq = { .max_vqp = 1, .max_queue_size = 64 };
	struct ovnic_cmd_mr_unmap um = { .iova = 0x10000, .size = 0xfff };
	struct ovnic_cmd_mr_reset mr = { .asid = 0 };
	struct ovnic_cmd_rss_set_policy rp = { .tunnel_types = 0x1ff };
	struct ovnic_cmd_dev_set_loopback lb = { .loopback = 1 };
	struct ovnic_cmd_dev_set_link ln = { .link_up = 0 };
	struct seed s;
	unsigned int i;

#define MB_START()					\
	do {						\
		s.n = 0;				\
		u8(&s, 0x07 | 1 << 3);	/* 8 devices, 2 pairs */ \
		u8(&s, 8);		/* 256 descriptors */	\
		u8(&s, 1);		/* 2 cores */		\
	} while (0)

	/* a device through its IOTLB, a doorbell, the cores */
	MB_START();
	mb_bringup(&s, 0, 0);
	mb_other(&s, 0);		/* doorbell */
	u8(&s, 0);
	u32(&s, 1);
	mb_other(&s, 2);		/* run */
	mb_bare(&s, MB_DEV_QUERY, 0);
	mb_cmd(&s, MB_VQ_QUERY, &vq, sizeof(vq), 0);
	mb_cmd(&s, MB_VQ_STATS, &vq, sizeof(vq), 0);
	save(t, &s, "bringup_iotlb");

	/* the same with identity rings (while identity exists) */
	MB_START();
	mb_bringup(&s, 1, 1);
	mb_other(&s, 7);		/* bytes into host memory */
	u16(&s, 0x1000 + 0x402);
	u8(&s, 1);
	u16(&s, 1);
	mb_other(&s, 0);
	u8(&s, 1);
	u32(&s, 1);
	mb_other(&s, 2);
	save(t, &s, "bringup_identity");

	/* every query */
	MB_START();
	mb_create(&s, 2, 2);
	for (i = 0; i < 3; i++)
		mb_bare(&s, i == 0 ? MB_DEV_QUERY : i == 1 ? MB_RSS_QUERY :
			MB_COAL_POLICY_GET, 2);
	cfg.hdr.dev_id = 2;
	mb_cmd(&s, MB_DEV_CONFIG_READ, &cfg, sizeof(cfg), 0);
	vq.hdr.dev_id = 2;
	mb_cmd(&s, MB_COAL_VQ_QUERY, &vq, sizeof(vq), 0);
	mb_bare(&s, MB_PORT_STATS, 0);
	save(t, &s, "queries");

	/* host policies and limits */
	MB_START();
	mb_create(&s, 3, 2);
	cp.hdr.dev_id = 3;
	mb_cmd(&s, MB_COAL_POLICY_SET, &cp, sizeof(cp), 0);
	sq.hdr.dev_id = 3;
	mb_cmd(&s, MB_DEV_SET_QUEUES, &sq, sizeof(sq), 0);
	rp.hdr.dev_id = 3;
	mb_cmd(&s, MB_RSS_SET_POLICY, &rp, sizeof(rp), 0);
	lb.hdr.dev_id = 3;
	mb_cmd(&s, MB_DEV_SET_LOOPBACK, &lb, sizeof(lb), 0);
	ln.hdr.dev_id = 3;
	mb_cmd(&s, MB_DEV_SET_LINK, &ln, sizeof(ln), 0);
	memcpy(cfg.data, "\x02\x00\x00\x00\x03\x09", 6);
	cfg.hdr.dev_id = 3;
	mb_cmd(&s, MB_DEV_CONFIG_WRITE, &cfg, sizeof(cfg), 0);
	save(t, &s, "policies");

	/* maps, unmaps, resets, destroy and create again */
	MB_START();
	mb_bringup(&s, 4, 0);
	um.hdr.dev_id = 4;
	mb_cmd(&s, MB_MR_UNMAP, &um, sizeof(um), 0);
	mb_other(&s, 0);
	u8(&s, 4);
	u32(&s, 1);
	mb_other(&s, 2);
	mr.hdr.dev_id = 4;
	mb_cmd(&s, MB_MR_RESET, &mr, sizeof(mr), 0);
	mb_bare(&s, MB_DEV_RESET, 4);
	mb_bare(&s, MB_DEV_DESTROY, 4);
	mb_create(&s, 4, 1);
	mb_other(&s, 6);		/* host memory changed */
	save(t, &s, "lifetime");

	/* framing: unknown opcode, version 2, short lengths */
	MB_START();
	mb_create(&s, 0, 1);
	u8(&s, 1);
	u8(&s, 0xff);			/* raw opcode */
	u8(&s, 0);
	u16(&s, 0x0b);
	bytes(&s, "\x00\x00\x00\x00\x00\x00\x00\x00", 8);
	u16(&s, 8);			/* lengths: always given */
	u16(&s, 8);
	u8(&s, 1);
	u8(&s, MB_DEV_QUERY);
	u8(&s, 0x40);			/* the version as given */
	bytes(&s, "\x05\x00\x02\x00\x00\x00\x00\x00", 8);
	u8(&s, 1);
	u8(&s, MB_DEV_CREATE);
	u8(&s, 0xe0);			/* lengths as given */
	bytes(&s, "\x01\x00\x01\x00\x01\x00\x00\x00", 8);
	for (i = 0; i < 24; i++)
		u8(&s, 0);
	u16(&s, 20);
	u16(&s, 4);
	save(t, &s, "framing");
#undef MB_START
}
