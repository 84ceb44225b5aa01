// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * mkseeds: writes the seed corpora of the fuzz targets, corpus/<target>/,
 * in each target's input format (see the comment at the top of each
 * target).  The seeds are the well-formed cases, from which the fuzzer's
 * mutations reach the rest: rings with valid chains of every kind, every
 * control command, a device brought up through the mailbox, frames of
 * every tunnel type, switch traffic between devices and the wire.
 *
 *   make -C tests/fuzz seeds	(mkseeds corpus)
 *
 * The files are checked in; rerun this after changing an input format.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <linux/virtio_net.h>

#include "ovnic_hw.h"
#include "pktbuild.h"

static const char *outdir;

/* ---- an input being built ---- */

struct seed {
	uint8_t b[16384];
	size_t n;
};

static void u8(struct seed *s, unsigned int v)
{
	if (s->n < sizeof(s->b))
		s->b[s->n++] = (uint8_t)v;
}

static void u16(struct seed *s, unsigned int v)
{
	u8(s, v);
	u8(s, v >> 8);
}

static void u32(struct seed *s, uint32_t v)
{
	u16(s, v);
	u16(s, v >> 16);
}

static void bytes(struct seed *s, const void *p, size_t n)
{
	const uint8_t *q = p;

	while (n--)
		u8(s, *q++);
}

static void save(const char *target, const struct seed *s,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void save(const char *target, const struct seed *s,
		 const char *fmt, ...)
{
	char name[256], path[512];
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/%s", outdir, target);
	if (mkdir(path, 0755) && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", outdir, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(s->b, 1, s->n, f) != s->n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* ---- fuzz_split_ring ---- */

/* enum sr_op of fuzz_split_ring.c */
enum {
	SR_DESC, SR_IDESC, SR_AVAIL, SR_AVAIL_IDX, SR_FLAGS, SR_KICK, SR_RUN,
	SR_POLL, SR_POKE, SR_WIRE, SR_TIME, SR_UNMAP, SR_MAP, SR_VQ_MODIFY,
	SR_RESET, SR_STATUS, SR_LINK, SR_LOOPBACK, SR_CHAIN, SR_COAL,
};

#define SR_F_INDIRECT	0x01
#define SR_F_EVENT_IDX	0x02
#define SR_F_CVQ	0x04
#define SR_F_MQ		0x08
#define SR_F_HASH	0x10
#define SR_F_LOOPBACK	0x20
#define SR_F_RINGS_RW	0x40

/* Features, five queues of 2 << @qlog, @pieces, MTU 1500, four regions. */
static void sr_setup(struct seed *s, unsigned int f, unsigned int qlog,
		     unsigned int pieces)
{
	int r;

	u8(s, f);
	for (r = 0; r < 5; r++)
		u8(s, qlog);
	u8(s, pieces - 1);
	u16(s, 1500 - 68);
	/* data regions: RW, RO, WO, RW, 8 KiB each, no holes */
	for (r = 0; r < 4; r++) {
		static const unsigned int perm_sel[] = { 2, 0, 1, 2 };

		u16(s, r * 8192);
		u16(s, 8192 - 1);
		u8(s, perm_sel[r]);
		u16(s, 0);
	}
}

/* A chain of @k descriptors of @seg bytes from region @r, then a kick. */
static void sr_chain(struct seed *s, unsigned int q, unsigned int k,
		     unsigned int r, unsigned int off, unsigned int seg,
		     int indirect, unsigned int start)
{
	u8(s, SR_CHAIN);
	u8(s, q);
	u8(s, (k - 1) | (indirect ? 8 : 0) | r << 4 | 0x80);
	u8(s, start);
	u16(s, off);
	u16(s, seg - 1);
	u8(s, 4 * start);
}

static void sr_wire(struct seed *s, unsigned int len, unsigned int seed)
{
	uint8_t f[1600];
	unsigned int i;

	u8(s, SR_WIRE);
	u16(s, len);
	for (i = 0; i < len; i++)
		f[i] = (uint8_t)(seed + 3 * i);
	f[0] = 0x02;
	f[12] = 0x08;
	f[13] = 0x00;
	bytes(s, f, len);
}

static void seeds_split_ring(void)
{
	const char *t = "fuzz_split_ring";
	uint8_t cmd[3] = { VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC, 1 };
	struct seed s;
	unsigned int i;

	/* transmit: one buffer, then several, read-only memory */
	s.n = 0;
	sr_setup(&s, SR_F_INDIRECT | SR_F_CVQ, 3, 1);
	sr_chain(&s, 1, 1, 1, 0, 200, 0, 0);
	sr_chain(&s, 1, 4, 1, 512, 40, 0, 1);
	u8(&s, SR_RUN);
	save(t, &s, "tx");

	/* receive from the wire into buffers split three ways */
	s.n = 0;
	sr_setup(&s, SR_F_CVQ, 4, 2);
	for (i = 0; i < 4; i++)
		sr_chain(&s, 0, 1 + i % 3, 0, 2048 * i, 600, 0, 3 * i);
	sr_wire(&s, 60, 1);
	sr_wire(&s, 1000, 2);
	u8(&s, SR_RUN);
	save(t, &s, "rx_wire");

	/* loopback: transmitted frames land in receive buffers */
	s.n = 0;
	sr_setup(&s, SR_F_INDIRECT | SR_F_CVQ | SR_F_LOOPBACK, 3, 1);
	sr_chain(&s, 0, 2, 3, 0, 800, 1, 0);
	sr_chain(&s, 0, 1, 0, 0, 1600, 0, 1);
	sr_chain(&s, 1, 3, 1, 100, 60, 1, 0);
	sr_chain(&s, 1, 1, 1, 1000, 300, 0, 1);
	u8(&s, SR_RUN);
	save(t, &s, "loopback_indirect");

	/* the same, hash report header, event index, rings in 3 pieces */
	s.n = 0;
	sr_setup(&s, SR_F_INDIRECT | SR_F_EVENT_IDX | SR_F_HASH |
		 SR_F_LOOPBACK | SR_F_RINGS_RW, 5, 3);
	sr_chain(&s, 0, 1, 0, 0, 2000, 0, 0);
	sr_chain(&s, 1, 2, 1, 0, 120, 0, 0);
	u8(&s, SR_FLAGS);
	u8(&s, 0);
	u16(&s, 0);
	u16(&s, 1);
	u8(&s, SR_RUN);
	save(t, &s, "event_idx_hash");

	/* a control command: header, data, ack */
	s.n = 0;
	sr_setup(&s, SR_F_CVQ, 3, 1);
	u8(&s, SR_POKE);
	u16(&s, 3 * 8192);
	u8(&s, sizeof(cmd) - 1);
	bytes(&s, cmd, sizeof(cmd));
	u8(&s, SR_CHAIN);
	u8(&s, 2);
	u8(&s, 1 | 3 << 4 | 0x80);	/* 2 descriptors, region 3 */
	u8(&s, 0);
	u16(&s, 0);
	u16(&s, 2);			/* 3 bytes each */
	u8(&s, 0);
	u8(&s, SR_RUN);
	save(t, &s, "cvq");

	/* two pairs: the second pair's queues, and an unmap under them */
	s.n = 0;
	sr_setup(&s, SR_F_MQ | SR_F_INDIRECT, 3, 1);
	sr_chain(&s, 3, 2, 1, 0, 100, 0, 0);
	sr_chain(&s, 2, 1, 3, 0, 1600, 0, 0);
	u8(&s, SR_UNMAP);
	u8(&s, 1);
	u16(&s, 0);
	u16(&s, 4095);
	u8(&s, SR_RUN);
	u8(&s, SR_MAP);
	u8(&s, 1);
	sr_chain(&s, 3, 1, 1, 4096, 100, 0, 2);
	u8(&s, SR_RUN);
	save(t, &s, "unmap_remap");

	/* hand-made descriptors: a loop, then a valid one */
	s.n = 0;
	sr_setup(&s, SR_F_INDIRECT | SR_F_CVQ, 2, 1);
	for (i = 0; i < 2; i++) {
		u8(&s, SR_DESC);
		u8(&s, 1);
		u8(&s, i);
		u8(&s, 0x01);		/* NEXT */
		u16(&s, 64);
		u8(&s, 1 - i);		/* next: the other one */
		u8(&s, 1);		/* region 1 + offset */
		u16(&s, 64 * i);
	}
	u8(&s, SR_AVAIL);
	u8(&s, 1);
	u8(&s, 0);
	u8(&s, SR_KICK);
	u8(&s, 6);			/* queue 1 */
	u8(&s, SR_RUN);
	sr_chain(&s, 1, 1, 1, 0, 100, 0, 2);
	u8(&s, SR_RUN);
	save(t, &s, "desc_loop");

	/* an indirect table written by hand */
	s.n = 0;
	sr_setup(&s, SR_F_INDIRECT | SR_F_CVQ, 3, 1);
	for (i = 0; i < 2; i++) {
		u8(&s, SR_IDESC);
		u16(&s, 16 * i);
		u8(&s, i ? 0x00 : 0x01);
		u16(&s, i ? 80 : 12);
		u8(&s, 1);
		u8(&s, 1);
		u16(&s, i ? 12 : 0);
	}
	u8(&s, SR_DESC);
	u8(&s, 1);
	u8(&s, 0);
	u8(&s, 0x04);			/* INDIRECT */
	u16(&s, 32);
	u8(&s, 0);
	u8(&s, 0);			/* the table window */
	u16(&s, 0);
	u8(&s, SR_AVAIL);
	u8(&s, 1);
	u8(&s, 0);
	u8(&s, SR_KICK);
	u8(&s, 6);
	u8(&s, SR_POLL);
	u8(&s, 0x0c);			/* core 0, budget 3 */
	u8(&s, SR_RUN);
	save(t, &s, "indirect_by_hand");

	/* reset, VQ_MODIFY and status from the guest's side */
	s.n = 0;
	sr_setup(&s, SR_F_CVQ, 3, 1);
	sr_chain(&s, 1, 1, 1, 0, 100, 0, 0);
	u8(&s, SR_RESET);
	sr_chain(&s, 1, 1, 1, 0, 100, 0, 0);
	u8(&s, SR_RUN);
	u8(&s, SR_VQ_MODIFY);
	u8(&s, 1);
	u8(&s, 0x16);			/* size 16, ready */
	u8(&s, 0x1f);
	for (i = 0; i < 3; i++) {
		u8(&s, 0);
		u16(&s, 1024 * i);
	}
	u16(&s, 0);
	u16(&s, 0);
	u8(&s, SR_KICK);
	u8(&s, 6);
	u8(&s, SR_RUN);
	u8(&s, SR_STATUS);
	u8(&s, 0);
	u8(&s, SR_RESET);
	u8(&s, SR_LINK);
	u8(&s, 0);
	sr_chain(&s, 1, 1, 1, 0, 100, 0, 0);
	u8(&s, SR_TIME);
	u32(&s, 100000);
	save(t, &s, "reset_vq_modify");

	/* the host's adaptive coalescing, looped traffic, the clock */
	s.n = 0;
	sr_setup(&s, SR_F_CVQ | SR_F_LOOPBACK, 4, 1);
	u8(&s, SR_COAL);
	u16(&s, 10);
	u8(&s, 4);
	u16(&s, 10);
	u8(&s, 4);
	u8(&s, 3);			/* adaptive both ways */
	/* 3 frames per 96 us: above the 25 kpps where moderation starts */
	for (i = 0; i < 36; i++) {
		sr_chain(&s, 0, 1, 0, 1300 * (i % 3), 1300, 0, i % 32);
		sr_chain(&s, 1, 1, 1, 200 * (i % 3), 100, 0, i % 32);
		if (i % 3 == 2) {
			u8(&s, SR_TIME);
			u32(&s, 1500);
		}
	}
	u8(&s, SR_RUN);
	save(t, &s, "coalescing");
}

/* ---- fuzz_ctrl_cmd ---- */

#define CC_ALL_FEATURES	0x1fff

/* A command in one readable and one writable descriptor (or split). */
static void cc_cmd(struct seed *s, unsigned int cls, unsigned int cmd,
		   const void *data, unsigned int len, unsigned int wlen,
		   int indirect, int split)
{
	u8(s, 0);			/* a command */
	u8(s, 0xc0);			/* class and command follow */
	u8(s, cls);
	u8(s, cmd);
	u16(s, len);
	bytes(s, data, len);
	u8(s, indirect);
	u8(s, split ? 2 : 0);		/* readable pieces - 1 */
	u8(s, split ? 3 : 1);		/* writable pieces */
	if (split) {
		u16(s, 1);		/* the header cut in two */
		u16(s, 1);
	}
	if (split) {
		u8(s, 1);
		u8(s, 0);
		u8(s, wlen > 1 ? wlen - 1 : 0);
	} else if (wlen < 200) {
		u8(s, wlen);
	} else {
		u8(s, 200);
		u16(s, wlen - 1);
	}
}

static void seeds_ctrl_cmd(void)
{
	const char *t = "fuzz_ctrl_cmd";
	uint8_t d[512];
	struct seed s;
	unsigned int n, i;

#define CC_START(pairs)				\
	do {					\
		s.n = 0;			\
		u16(&s, CC_ALL_FEATURES);	\
		u8(&s, (pairs) - 1);		\
	} while (0)

	CC_START(2);
	d[0] = 1;
	cc_cmd(&s, VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC, d, 1, 1, 0,
	       0);
	d[0] = 0;
	cc_cmd(&s, VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_ALLMULTI, d, 1, 1, 1,
	       1);
	save(t, &s, "rx_mode");

	CC_START(1);
	n = 0;
	d[n++] = 2;
	d[n++] = 0;
	d[n++] = 0;
	d[n++] = 0;
	for (i = 0; i < 12; i++)
		d[n++] = i < 6 ? (uint8_t)(2 + i) : (uint8_t)(0x12 + i);
	d[n++] = 1;
	d[n++] = 0;
	d[n++] = 0;
	d[n++] = 0;
	memcpy(d + n, "\x01\x00\x5e\x00\x00\x07", 6);
	n += 6;
	cc_cmd(&s, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_TABLE_SET, d, n, 1,
	       0, 0);
	memcpy(d, "\x02\x00\x00\x00\x00\x42", 6);
	cc_cmd(&s, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET, d, 6, 1,
	       0, 1);
	/* device 1's address: refused */
	memcpy(d, "\x02\x00\x00\x00\x01\x01", 6);
	cc_cmd(&s, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET, d, 6, 1,
	       0, 0);
	save(t, &s, "mac");

	CC_START(1);
	d[0] = 5;
	d[1] = 0;
	cc_cmd(&s, VIRTIO_NET_CTRL_VLAN, VIRTIO_NET_CTRL_VLAN_ADD, d, 2, 1, 0,
	       0);
	cc_cmd(&s, VIRTIO_NET_CTRL_VLAN, VIRTIO_NET_CTRL_VLAN_DEL, d, 2, 1, 1,
	       0);
	cc_cmd(&s, VIRTIO_NET_CTRL_ANNOUNCE, VIRTIO_NET_CTRL_ANNOUNCE_ACK, d,
	       0, 1, 0, 0);
	save(t, &s, "vlan_announce");

	CC_START(4);
	d[0] = 3;
	d[1] = 0;
	cc_cmd(&s, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, d, 2,
	       1, 0, 0);
	n = 0;
	d[n++] = 0xff;			/* hash types */
	d[n++] = 0x01;
	d[n++] = 0;
	d[n++] = 0;
	d[n++] = 7;			/* 8 entries */
	d[n++] = 0;
	d[n++] = 1;			/* unclassified */
	d[n++] = 0;
	for (i = 0; i < 8; i++) {
		d[n++] = (uint8_t)(i % 4);
		d[n++] = 0;
	}
	d[n++] = 4;			/* max_tx_vq */
	d[n++] = 0;
	d[n++] = 40;
	memcpy(d + n, pb_ms_key, 40);
	n += 40;
	cc_cmd(&s, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_RSS_CONFIG, d, n, 1,
	       0, 1);
	memset(d, 0, 13);
	d[0] = 0x3f;
	d[12] = 40;
	memcpy(d + 13, pb_ms_key, 40);
	cc_cmd(&s, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_HASH_CONFIG, d, 53,
	       1, 0, 0);
	d[0] = 0xff;
	d[1] = 0x01;
	d[2] = 0;
	d[3] = 0;
	cc_cmd(&s, 7, 0, d, 4, 1, 0, 0);	/* HASH_TUNNEL_SET */
	save(t, &s, "mq_rss_hash");

	CC_START(2);
	memset(d, 0, 12);
	d[0] = 16;			/* packets */
	d[4] = 50;			/* usecs */
	cc_cmd(&s, VIRTIO_NET_CTRL_NOTF_COAL, VIRTIO_NET_CTRL_NOTF_COAL_TX_SET,
	       d, 8, 1, 0, 0);
	cc_cmd(&s, VIRTIO_NET_CTRL_NOTF_COAL, VIRTIO_NET_CTRL_NOTF_COAL_RX_SET,
	       d, 8, 1, 0, 0);
	memset(d, 0, 12);
	d[4] = 8;
	d[8] = 20;
	cc_cmd(&s, VIRTIO_NET_CTRL_NOTF_COAL, 2, d, 12, 1, 0, 0);
	cc_cmd(&s, VIRTIO_NET_CTRL_NOTF_COAL, 3, d, 4, 9, 0, 0);
	u8(&s, 14);			/* the clock */
	u32(&s, 1000000);
	save(t, &s, "notf_coal");

	CC_START(2);
	cc_cmd(&s, 8, 0, d, 0, 9, 0, 0);	/* STATS_QUERY */
	memset(d, 0, 48);
	d[8] = 1;			/* queue 0: RX_BASIC */
	d[16] = 1;			/* queue 1: TX_BASIC */
	d[16 + 10] = 1;
	d[32] = 4;			/* the control queue: CVQ */
	d[32 + 12] = 1;
	cc_cmd(&s, 8, 1, d, 48, 400, 0, 0);
	cc_cmd(&s, 8, 1, d, 48, 60, 1, 1);
	save(t, &s, "stats");

	/* a MAC table past the parse buffer, then a reset */
	CC_START(1);
	u8(&s, 13);
	u8(&s, 0);
	u8(&s, 0);
	u16(&s, 600);
	u16(&s, 200);
	u8(&s, 0);			/* direct */
	u8(&s, 3);
	u8(&s, 1);
	u16(&s, 2);
	u16(&s, 3000);
	u16(&s, 1000);
	u8(&s, 1);
	u8(&s, 15);
	cc_cmd(&s, VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC, d, 1, 1, 0,
	       0);
	save(t, &s, "oversized_reset");
#undef CC_START
}

/* ---- fuzz_mailbox ---- */

/* A command by its index in the target's table, fields fixed up. */
static void mb_cmd(struct seed *s, unsigned int idx, const void *body,
		   size_t len, unsigned int lsel)
{
	u8(s, 1);			/* a command, not another op */
	u8(s, idx);
	u8(s, lsel);
	bytes(s, body, len);
}

/* Indexes in fuzz_mailbox.c's mb_ops[]. */
enum {
	MB_DEV_CREATE, MB_DEV_DESTROY, MB_DEV_RESET, MB_DEV_SET_STATUS,
	MB_DEV_QUERY, MB_DEV_SET_FEATURES, MB_DEV_CONFIG_READ,
	MB_DEV_CONFIG_WRITE, MB_DEV_SET_LINK, MB_DEV_SET_LOOPBACK,
	MB_DEV_SET_QUEUES, MB_VQ_MODIFY, MB_VQ_QUERY, MB_VQ_STATS, MB_MR_MAP,
	MB_MR_UNMAP, MB_MR_RESET, MB_RSS_QUERY, MB_RSS_SET_POLICY,
	MB_COAL_POLICY_SET, MB_COAL_POLICY_GET, MB_COAL_VQ_QUERY,
	MB_PORT_STATS,
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

static void seeds_mailbox(void)
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

/* ---- fuzz_pkt_parse ---- */

static const uint8_t pp_dst[6] = { 0x02, 0, 0, 0, 0, 1 };
static const uint8_t pp_src[6] = { 0x02, 0, 0, 0, 0x99, 1 };

/* Table steering with every hash type and Microsoft's key. */
static void pp_setup(struct seed *s, int driver_tunnel, int table)
{
	unsigned int i;

	s->n = 0;
	u8(s, driver_tunnel);
	u8(s, table ? 2 : 0);
	u32(s, 0x1ff);
	u8(s, 40);
	bytes(s, pb_ms_key, 40);
	if (table) {
		u8(s, 3);		/* 8 entries */
		for (i = 0; i < 8; i++)
			u8(s, i % 4);
		u8(s, 2);		/* unclassified */
		u8(s, 3);		/* 4 pairs */
	} else {
		u8(s, 3);
	}
	u16(s, 0x1ff);			/* every tunnel type */
}

static void pp_frame(struct seed *s, const uint8_t *f, uint32_t len,
		     unsigned int pieces, int vlan_raw)
{
	u8(s, vlan_raw ? 1 : 0);
	u16(s, len);
	u8(s, pieces - 1);
	bytes(s, f, len);
}

static void pp_ip(struct pb_ip *ip, int v6, uint8_t proto, unsigned int n)
{
	memset(ip, 0, sizeof(*ip));
	ip->v6 = v6;
	ip->proto = proto;
	ip->sport = 1000 + n;
	ip->dport = 80 + n;
	ip->payload = 16;
	if (v6) {
		pb_v6(ip->src, 1, n);
		pb_v6(ip->dst, 2, n);
	} else {
		pb_v4(ip->src, 10, 0, 0, n);
		pb_v4(ip->dst, 10, 0, 1, n);
	}
}

static void seeds_pkt_parse(void)
{
	static const char *const tname[PB_TUNNEL_NUM] = {
		"gre", "gre_key", "gre_csum", "gre_teb", "nvgre", "gre_udp",
		"vxlan", "vxlan_gpe", "vxlan_gpe_eth", "geneve", "geneve_ip",
		"ipip",
	};
	const char *t = "fuzz_pkt_parse";
	uint8_t pkt[PB_MAX], frame[PB_MAX];
	struct pb_ip outer, inner;
	struct seed s;
	uint32_t len, n;
	int tu, v6, proto;

	for (tu = 0; tu < PB_TUNNEL_NUM; tu++) {
		for (v6 = 0; v6 < 2; v6++) {
			pp_setup(&s, 1, 1);
			pp_ip(&outer, v6, 17, 1);
			pp_ip(&inner, !v6, 6, 2);
			len = pb_tunnel(frame, tu, pp_dst, pp_src, &outer,
					&inner);
			pp_frame(&s, frame, len, 3, 0);
			save(t, &s, "%s_%s", tname[tu], v6 ? "v6" : "v4");
		}
	}
	/* plain TCP and UDP, both families, split; the host's policy */
	for (v6 = 0; v6 < 2; v6++) {
		for (proto = 6; proto <= 17; proto += 11) {
			pp_setup(&s, 0, v6);
			pp_ip(&inner, v6, proto, 3);
			len = pb_ip(pkt, &inner, NULL, 0);
			n = pb_eth(frame, pp_dst, pp_src, 0xffff,
				   v6 ? 0x86dd : 0x0800, pkt, len);
			pp_frame(&s, frame, n, 4, 0);
			n = pb_eth(frame, pp_dst, pp_src, 7,
				   v6 ? 0x86dd : 0x0800, pkt, len);
			pp_frame(&s, frame, n, 2, 0);
			save(t, &s, "%s_%s", proto == 6 ? "tcp" : "udp",
			     v6 ? "v6" : "v4");
		}
	}
	/* IPv6 extension headers: hop-by-hop, home address, routing 2 */
	pp_setup(&s, 1, 1);
	pp_ip(&inner, 1, 6, 4);
	inner.hbh = true;
	inner.home = true;
	pb_v6(inner.home_addr, 7, 7);
	inner.rh2 = true;
	pb_v6(inner.rh2_addr, 8, 8);
	len = pb_ip(pkt, &inner, NULL, 0);
	n = pb_eth(frame, pp_dst, pp_src, 0xffff, 0x86dd, pkt, len);
	pp_frame(&s, frame, n, 5, 0);
	save(t, &s, "v6_ext");
	/* fragments */
	for (v6 = 0; v6 < 2; v6++) {
		pp_setup(&s, 1, 0);
		pp_ip(&inner, v6, 17, 5);
		inner.frag = true;
		len = pb_ip(pkt, &inner, NULL, 0);
		n = pb_eth(frame, pp_dst, pp_src, 0xffff, v6 ? 0x86dd : 0x0800,
			   pkt, len);
		pp_frame(&s, frame, n, 1, 0);
		save(t, &s, "frag_%s", v6 ? "v6" : "v4");
	}
}

/* ---- fuzz_switch ---- */

enum { SW_WIRE_OP = 0, SW_TX_OP = 2, SW_CTRL_OP = 5, SW_DEV_OP = 6,
	SW_FLOOD_OP = 8 };

/* Frame fields: destination and source from the palette, length. */
static void sw_frame(struct seed *s, unsigned int dst, unsigned int src,
		     unsigned int len, int vlan)
{
	u8(s, dst);
	u8(s, vlan ? 0x40 : 0);
	u16(s, len);
	u8(s, src);
	if (vlan)
		u8(s, 3);
}

static void sw_wire(struct seed *s, unsigned int dst, unsigned int src,
		    unsigned int len)
{
	u8(s, SW_WIRE_OP);
	sw_frame(s, dst, src, len, 0);
}

static void sw_tx(struct seed *s, unsigned int dev, unsigned int dst,
		  unsigned int len, unsigned int pieces)
{
	u8(s, SW_TX_OP);
	u8(s, dev);			/* one frame */
	u8(s, pieces - 1);
	sw_frame(s, dst, dev, len, 0);
}

/* The byte b with b % 4 == dev, (b >> 2) % kinds == kind, bit 7 == on. */
static unsigned int sw_pick(unsigned int dev, unsigned int kind,
			    unsigned int kinds, int on)
{
	unsigned int b;

	for (b = 0; b < 256; b++)
		if (b % 4 == dev && (b >> 2) % kinds == kind &&
		    !(b & 0x80) == !on)
			return b;
	abort();
}

static void sw_ctrl(struct seed *s, unsigned int dev, unsigned int kind,
		    int on)
{
	u8(s, SW_CTRL_OP);
	u8(s, sw_pick(dev, kind, 5, on));
}

static void sw_devop(struct seed *s, unsigned int dev, unsigned int kind,
		     int on)
{
	u8(s, SW_DEV_OP);
	u8(s, sw_pick(dev, kind, 6, on));
}

static void seeds_switch(void)
{
	const char *t = "fuzz_switch";
	struct seed s;
	unsigned int i;

	/* the wire to each device, broadcast, multicast; devices out */
	s.n = 0;
	for (i = 0; i < 4; i++)
		sw_wire(&s, i, 11, 100 + i);
	sw_wire(&s, 8, 12, 60);
	sw_wire(&s, 9, 12, 60);
	for (i = 0; i < 4; i++)
		sw_tx(&s, i, (i + 1) % 4, 200, 1 + i);
	sw_tx(&s, 0, 11, 300, 2);
	sw_tx(&s, 1, 8, 64, 1);
	save(t, &s, "traffic");

	/* a burst, indirect, jumbo frames to the 9000-byte device */
	s.n = 0;
	u8(&s, SW_TX_OP);
	u8(&s, 1 | 3 << 2 | 0x80);	/* device 1, 4 frames, indirect */
	for (i = 0; i < 4; i++) {
		u8(&s, i);
		sw_frame(&s, i == 3 ? 8 : 2, 1, 500 + i, i == 2);
	}
	u8(&s, SW_TX_OP);
	u8(&s, 2);
	u8(&s, 3);
	u8(&s, 11);			/* to the wire */
	u8(&s, 0x80);			/* long */
	u16(&s, 8990);
	u8(&s, 2);
	save(t, &s, "burst_jumbo");

	/* filters: promiscuous off, MAC table, MAC address, VLAN */
	s.n = 0;
	for (i = 0; i < 4; i++)
		sw_ctrl(&s, i, 0, 0);
	sw_wire(&s, 11, 12, 80);	/* unknown unicast */
	sw_ctrl(&s, 1, 2, 0);
	u8(&s, 2);			/* 2 unicast */
	u8(&s, 1);			/* 1 multicast */
	u8(&s, 5);
	u8(&s, 11);
	u8(&s, 9);
	sw_wire(&s, 11, 12, 80);
	sw_ctrl(&s, 2, 3, 0);
	u8(&s, 6);			/* device 2 takes a spare address */
	sw_wire(&s, 6, 12, 80);
	sw_ctrl(&s, 3, 4, 1);
	u8(&s, 3);			/* VLAN 3 */
	u8(&s, SW_WIRE_OP);
	sw_frame(&s, 3, 12, 90, 1);
	save(t, &s, "filters");

	/*
	 * A MAC table that overflows, a reset, promiscuous off; then a
	 * frame for an address the switch learned on device 0.
	 */
	s.n = 0;
	sw_ctrl(&s, 0, 2, 0);
	u8(&s, 70);
	u8(&s, 0);
	for (i = 0; i < 70; i++)
		u8(&s, 4 + i % 3);
	sw_devop(&s, 0, 2, 0);		/* reset */
	sw_ctrl(&s, 0, 0, 0);
	u8(&s, SW_TX_OP);
	u8(&s, 0);
	u8(&s, 0);
	sw_frame(&s, 12, 13, 80, 0);	/* device 0 sends as station 13 */
	sw_wire(&s, 13, 12, 80);	/* and the wire answers it */
	save(t, &s, "overflow_reset");

	/* link, port, loopback, starving, destroy and create */
	s.n = 0;
	sw_devop(&s, 1, 0, 0);		/* link down */
	sw_wire(&s, 1, 11, 100);
	sw_tx(&s, 1, 0, 100, 1);
	sw_devop(&s, 1, 0, 1);
	sw_devop(&s, 0, 1, 1);		/* loopback */
	sw_tx(&s, 0, 0, 100, 2);
	sw_tx(&s, 2, 0, 100, 1);
	sw_devop(&s, 0, 1, 0);
	sw_devop(&s, 3, 4, 1);		/* starve */
	sw_wire(&s, 3, 11, 100);
	sw_devop(&s, 3, 4, 0);
	sw_devop(&s, 0, 5, 0);		/* port down */
	sw_wire(&s, 0, 11, 100);
	sw_tx(&s, 1, 8, 100, 1);
	sw_devop(&s, 0, 5, 1);
	sw_devop(&s, 2, 3, 0);		/* destroy */
	sw_wire(&s, 2, 11, 100);
	sw_devop(&s, 2, 3, 0);		/* and create */
	sw_wire(&s, 2, 11, 100);
	save(t, &s, "lifecycle");

	/* a full forwarding database; a static address needs room in it */
	s.n = 0;
	u8(&s, SW_FLOOD_OP);
	u16(&s, 1099);
	u16(&s, 7);
	sw_ctrl(&s, 1, 3, 0);
	u8(&s, 5);			/* device 1 takes a spare address */
	u8(&s, SW_FLOOD_OP);
	u16(&s, 1099);
	u16(&s, 3000);
	sw_wire(&s, 5, 11, 100);
	sw_tx(&s, 0, 1, 100, 1);
	save(t, &s, "fdb_full");
}

int main(int argc, char **argv)
{
	outdir = argc > 1 ? argv[1] : "corpus";
	if (mkdir(outdir, 0755) && errno != EEXIST) {
		perror(outdir);
		return 1;
	}
	seeds_split_ring();
	seeds_ctrl_cmd();
	seeds_mailbox();
	seeds_pkt_parse();
	seeds_switch();
	return 0;
}
