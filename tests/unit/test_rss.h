/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What the RSS tests share (test_rss*.c): devices with NQ queue pairs and
 * their receive queues filled, RSS turned on, frames sent from the wire
 * and received with their hash checked.
 *
 * Wire frames are sent from heap buffers of their exact length, so the
 * sanitizer build catches a parser that reads past a frame.
 */
#ifndef OVNIC_UNIT_TEST_RSS_H
#define OVNIC_UNIT_TEST_RSS_H

#include "pktbuild.h"
#include "unit.h"

#define NQ		4	/* queue pairs of the devices here */
#define T_ALL		0x1ffu	/* hash types, tunnel types */
#define F_RSS		(VD_F_DEFAULT | VD_BIT(VIRTIO_NET_F_RSS) |	\
			 VD_BIT(VIRTIO_NET_F_HASH_REPORT))
#define F_TUN		(F_RSS | VD_BIT(VD_NET_F_HASH_TUNNEL))
#define F_HR		(VD_F_DEFAULT | VD_BIT(VIRTIO_NET_F_HASH_REPORT))
#define F_RSS_ONLY	(VD_F_DEFAULT | VD_BIT(VIRTIO_NET_F_RSS))
#define RX_BUF		2200

#define TT(x)		VIRTIO_NET_HASH_TUNNEL_TYPE_##x
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2784	(1u << 0)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2890	(1u << 1)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_7676	(1u << 2)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_UDP	(1u << 3)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_VXLAN	(1u << 4)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_VXLAN_GPE	(1u << 5)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GENEVE	(1u << 6)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_IPIP	(1u << 7)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_NVGRE	(1u << 8)

#define HT(x)		VIRTIO_NET_RSS_HASH_TYPE_##x

static struct vd_rx_pkt pkt;
static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

/* A device with NQ queue pairs, all receive queues filled. */
static inline struct vd_dev *rdev(struct ut_env *e, uint16_t id,
				  uint64_t features)
{
	struct vd_dev_cfg cfg = { .max_vqp = NQ, .features = features };
	struct vd_dev *d = ut_dev(e, id, &cfg);
	unsigned int q;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	for (q = 0; q < NQ; q++) {
		assert_true(vd_rx_fill(vd_rxq(d, q), 128, RX_BUF) > 0);
		vd_vq_kick_run(vd_rxq(d, q));
	}
	return d;
}

/* RSS over all NQ queues: table[i] = i % NQ, Microsoft's key. */
static inline void rss_on(struct vd_dev *d, uint32_t types)
{
	uint16_t table[128];
	struct vd_rss r = {
		.hash_types = types, .table_len = 128, .table = table,
		.max_tx_vq = NQ, .key_len = 40, .key = pb_ms_key,
	};
	unsigned int i;

	for (i = 0; i < 128; i++)
		table[i] = i % NQ;
	assert_int_equal(vd_ctrl_rss(d, &r), VIRTIO_NET_OK);
}

static inline void wire_send(struct ut_env *e, const uint8_t *f,
			     uint32_t len)
{
	uint8_t *copy = malloc(len);

	assert_non_null(copy);
	memcpy(copy, f, len);
	assert_int_equal(vd_wire_rx(e->c, copy, len), 0);
	free(copy);
}

/* The one frame @d received, into pkt; returns its queue pair. */
static inline int recv_one(struct vd_dev *d)
{
	static struct vd_rx_pkt other;
	int q, found = -1;

	for (q = 0; q < NQ; q++) {
		struct vd_vq *rx = vd_rxq(d, q);
		int r = vd_rx_recv(rx, found < 0 ? &pkt : &other);

		assert_true(r >= 0);
		if (!r)
			continue;
		if (found >= 0)
			fail_msg("frame on queue %d and queue %d", found, q);
		found = q;
		assert_int_equal(vd_rx_recv(rx, &other), 0);
		ut_vq_clean(rx);
		vd_rx_fill(rx, 128, RX_BUF);
		vd_vq_kick_run(rx);
	}
	if (found < 0)
		fail_msg("no frame received");
	return found;
}

/* Send from the wire, receive, check the hash; returns the queue pair. */
static inline int send_check(struct ut_env *e, struct vd_dev *d,
			     const uint8_t *f, uint32_t len, uint32_t hash,
			     uint16_t report)
{
	int q;

	wire_send(e, f, len);
	q = recv_one(d);
	assert_int_equal(pkt.len, len);
	assert_memory_equal(pkt.data, f, len);
	assert_int_equal(pkt.hash_report, report);
	if (report)
		assert_int_equal(pkt.hash_value, hash);
	else
		assert_int_equal(pkt.hash_value, 0);
	return q;
}

static inline uint32_t ip_frame(uint8_t *f, struct vd_dev *d,
				 const struct pb_ip *ip)
{
	uint8_t b[PB_MAX];
	uint32_t n = pb_ip(b, ip, NULL, 0);

	return pb_eth(f, d->mac, far_mac, 0xffff, ip->v6 ? 0x86dd : 0x0800, b,
		      n);
}

/* A flow numbered @n: addresses and ports that differ from flow to flow. */
static inline void fill_ip(struct pb_ip *ip, bool v6, uint8_t proto,
			   uint16_t n)
{
	memset(ip, 0, sizeof(*ip));
	ip->v6 = v6;
	ip->proto = proto;
	ip->sport = (uint16_t)(1000 + n);
	ip->dport = (uint16_t)(2000 + 3 * n);
	ip->payload = 16;
	if (v6) {
		pb_v6(ip->src, 1, n);
		pb_v6(ip->dst, 2, (uint16_t)(n * 7));
		pb_v6(ip->home_addr, 3, n);
		pb_v6(ip->rh2_addr, 4, n);
	} else {
		pb_v4(ip->src, 10, 1, (uint8_t)(n >> 8), (uint8_t)n);
		pb_v4(ip->dst, 10, 2, 0, (uint8_t)(n * 7));
	}
}

#endif /* OVNIC_UNIT_TEST_RSS_H */
