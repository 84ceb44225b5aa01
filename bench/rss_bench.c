// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * rss_bench: what receive hashing costs the card, and what the inner
 * header hash buys.
 *
 * cost    Frames from the wire into one receive queue of one device (an
 *         RSS table of one entry keeps them there), per hashing mode:
 *           plain          no RSS, no hash report: nothing is parsed
 *           rss_udp4       RSS + hash report, UDP/IPv4, Toeplitz 4-tuple
 *           rss_tcp6       RSS + hash report, TCP/IPv6, 36-byte input
 *           vxlan_outer    VXLAN/IPv4, inner hash off: outer UDP hash
 *           vxlan_inner    VXLAN/IPv4, inner UDP/IPv4 hashed (policy)
 *           geneve6_inner  GENEVE/IPv6 with options, inner TCP/IPv6
 *         The cost of hashing is a mode's time (or instructions) per
 *         packet minus plain's.
 * spread  64 tunnelled flows (one outer flow, random inner addresses and
 *         ports) into 8 queue pairs through a 128-entry table: the busiest
 *         queue's packets over the mean, inner hash off and on, for
 *         Microsoft's key and the mean over 32 random keys.
 *
 * Usage:
 *   rss_bench [-t secs] [-r reps]     cost (timed) and spread, key=value
 *   rss_bench -s MODE -n N            count mode for callgrind: N packets
 *                                     between bench_region_begin/_end
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pktbuild.h"
#include "vdriver.h"

#define RING		1024
#define BATCH		64
#define BUF_LEN		2048
#define SPREAD_QP	8
#define SPREAD_FLOWS	64
#define SPREAD_KEYS	32
#define T_ALL		0x1ffu
#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

#define F_PLAIN		VD_F_DEFAULT
#define F_RSS		(VD_F_DEFAULT | VD_BIT(VIRTIO_NET_F_RSS) |	\
			 VD_BIT(VIRTIO_NET_F_HASH_REPORT))

enum mode { PLAIN, RSS_UDP4, RSS_TCP6, VXLAN_OUTER, VXLAN_INNER,
	    GENEVE6_INNER, MODE_NUM };

static const char *const mode_name[] = {
	[PLAIN]		= "plain",
	[RSS_UDP4]	= "rss_udp4",
	[RSS_TCP6]	= "rss_tcp6",
	[VXLAN_OUTER]	= "vxlan_outer",
	[VXLAN_INNER]	= "vxlan_inner",
	[GENEVE6_INNER]	= "geneve6_inner",
};

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

static void die(const char *what, int err)
{
	fprintf(stderr, "rss_bench: %s failed (%d)\n", what, err);
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

__attribute__((noinline)) void bench_region_begin(void)
{
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void bench_region_end(void)
{
	__asm__ volatile("" ::: "memory");
}

/* xorshift64*: the same "random" flows and keys on every run */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

static struct vd_card *card_new(uint32_t qp)
{
	struct ovnic_card_params p = {
		.max_devices = 2, .max_vqp = qp, .max_queue_size = RING,
		.num_cores = 1,
	};
	struct vd_card *c = vd_card_new(&p);

	if (!c)
		die("vd_card_new", -ENOMEM);
	vd_reg_write(c, OVNIC_REG_WIRE_LINK, 1);
	return c;
}

static struct vd_dev *dev_new(struct vd_card *c, uint64_t features,
			      uint16_t qp)
{
	struct vd_dev_cfg cfg = { .features = features, .max_vqp = qp,
				  .queue_size = RING };
	struct vd_dev *d;
	int err = 0;

	d = vd_dev_bringup(c, &cfg, &err);
	if (!d)
		die("device bring-up", err);
	return d;
}

static void rss_table(struct vd_dev *d, uint16_t qp, const uint8_t *key)
{
	uint16_t table[128];
	struct vd_rss r = { .hash_types = T_ALL, .table_len = 128,
			    .table = table, .max_tx_vq = qp, .key_len = 40,
			    .key = key };
	unsigned int i;

	for (i = 0; i < 128; i++)
		table[i] = (uint16_t)(i % qp);
	if (vd_ctrl_rss(d, &r) != VIRTIO_NET_OK)
		die("RSS_CONFIG", -EIO);
}

static void addr4(uint8_t a[16], uint32_t v)
{
	pb_v4(a, (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8),
	      (uint8_t)v);
}

/* ---- cost ---- */

/* The receive ring, driven as a PMD would: every descriptor written once. */
struct rxring {
	struct vd_vq *q;
	uint16_t avail, used;
	uint8_t *buf[RING];
};

static void rx_init(struct rxring *r, struct vd_card *c, struct vd_vq *q)
{
	uint16_t i;

	r->q = q;
	q->avail->flags |= VRING_AVAIL_F_NO_INTERRUPT;
	for (i = 0; i < q->size; i++) {
		uint8_t *buf = vd_dma_alloc(c, BUF_LEN);

		if (!buf)
			die("vd_dma_alloc", -ENOMEM);
		r->buf[i] = buf;
		q->desc[i].addr = vd_iova(q->dev, buf);
		q->desc[i].len = BUF_LEN;
		q->desc[i].flags = VRING_DESC_F_WRITE;
		q->desc[i].next = 0;
		q->avail->ring[i] = i;
	}
	r->avail = q->avail_idx + q->size;
	r->used = q->last_used;
	__atomic_store_n(&q->avail->idx, r->avail, __ATOMIC_RELEASE);
	ovnic_card_doorbell(c->card, q->dev->dev_id, q->qid);
}

/* Give every used buffer back; returns how many came back. */
static unsigned int rx_recycle(struct rxring *r, struct vd_card *c)
{
	struct vd_vq *q = r->q;
	uint16_t end = __atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE);
	uint16_t n = (uint16_t)(end - r->used), i;

	for (i = 0; i < n; i++)
		q->avail->ring[(uint16_t)(r->avail + i) & (q->size - 1)] =
			(uint16_t)q->used->ring[(uint16_t)(r->used + i) &
					       (q->size - 1)].id;
	r->used = end;
	r->avail += n;
	__atomic_store_n(&q->avail->idx, r->avail, __ATOMIC_RELEASE);
	if (n)
		ovnic_card_doorbell(c->card, q->dev->dev_id, q->qid);
	return n;
}

struct cost {
	struct vd_card *c;
	struct vd_dev *d;
	struct rxring rx;
	uint8_t *frame;
	uint32_t len;
	uint64_t sent, got;
};

static void cost_setup(struct cost *b, enum mode m)
{
	struct pb_ip outer = { 0 }, inner = { 0 };
	uint8_t f[PB_MAX];

	b->c = card_new(1);
	b->d = dev_new(b->c, m == PLAIN ? F_PLAIN : F_RSS, 1);
	if (m != PLAIN)
		rss_table(b->d, 1, pb_ms_key);
	if (m == VXLAN_INNER || m == GENEVE6_INNER)
		vd_cmd_rss_set_policy(b->c, b->d->dev_id, T_ALL);
	inner.proto = 17;
	inner.sport = 1234;
	inner.dport = 4321;
	inner.payload = 18;
	addr4(inner.src, 0x0a000001);
	addr4(inner.dst, 0x0a000002);
	outer = inner;
	switch (m) {
	case PLAIN:
	case RSS_UDP4:
		b->len = pb_ip(f, &inner, NULL, 0);
		b->len = pb_eth(f, b->d->mac, far_mac, 0xffff, 0x0800, f,
				b->len);
		break;
	case RSS_TCP6:
		inner.v6 = true;
		inner.proto = 6;
		pb_v6(inner.src, 1, 1);
		pb_v6(inner.dst, 2, 2);
		b->len = pb_ip(f, &inner, NULL, 0);
		b->len = pb_eth(f, b->d->mac, far_mac, 0xffff, 0x86dd, f,
				b->len);
		break;
	case VXLAN_OUTER:
	case VXLAN_INNER:
		addr4(outer.src, 0xc0a80001);
		addr4(outer.dst, 0xc0a80002);
		b->len = pb_tunnel(f, PB_VXLAN, b->d->mac, far_mac, &outer,
				   &inner);
		break;
	case GENEVE6_INNER:
		outer.v6 = inner.v6 = true;
		inner.proto = 6;
		pb_v6(outer.src, 9, 1);
		pb_v6(outer.dst, 9, 2);
		pb_v6(inner.src, 1, 1);
		pb_v6(inner.dst, 2, 2);
		b->len = pb_tunnel(f, PB_GENEVE, b->d->mac, far_mac, &outer,
				   &inner);
		break;
	default:
		die("mode", -EINVAL);
	}
	b->frame = vd_dma_alloc(b->c, b->len);
	memcpy(b->frame, f, b->len);
	rx_init(&b->rx, b->c, vd_rxq(b->d, 0));
}

static void cost_run(struct cost *b, uint64_t count)
{
	uint64_t done = 0;

	while (done < count) {
		unsigned int i, n = count - done < BATCH ? count - done : BATCH;

		for (i = 0; i < n; i++)
			ovnic_card_wire_rx(b->c->card, b->frame, b->len);
		b->got += rx_recycle(&b->rx, b->c);
		done += n;
	}
	b->sent += done;
}

/* Every frame arrived, with a hash where one was asked for. */
static bool cost_check(struct cost *b, enum mode m)
{
	struct vd_vq *q = b->rx.q;
	const uint8_t *buf;
	uint16_t report;

	b->got += rx_recycle(&b->rx, b->c);
	buf = b->rx.buf[q->used->ring[(uint16_t)(b->rx.used - 1) &
				      (q->size - 1)].id & (RING - 1)];
	/* hash_report of struct virtio_net_hdr_v1_hash */
	report = (uint16_t)(buf[16] | buf[17] << 8);
	if (m != PLAIN && !report)
		return false;
	return b->got == b->sent &&
	       vd_vq_counter(q, OVNIC_VQC_PACKETS) == b->sent;
}

static void cost_free(struct cost *b)
{
	vd_dev_free(b->d);
	vd_card_free(b->c);
}

static void cost_timed(enum mode m, double secs, unsigned int reps)
{
	struct cost b = { 0 };
	double best = 0;
	unsigned int rep;
	bool ok;

	cost_setup(&b, m);
	cost_run(&b, 2 * RING);		/* warm up */
	for (rep = 0; rep < reps; rep++) {
		double t0 = now_s(), t;
		uint64_t n = 0;

		do {
			cost_run(&b, 16 * BATCH);
			n += 16 * BATCH;
			t = now_s() - t0;
		} while (t < secs);
		if (n / t > best)
			best = n / t;
	}
	ok = cost_check(&b, m);
	printf("cost mode=%s frame=%u pps=%.0f ns_per_pkt=%.2f ok=%d\n",
	       mode_name[m], b.len, best, 1e9 / best, ok);
	fflush(stdout);
	cost_free(&b);
	if (!ok)
		die(mode_name[m], -EIO);
}

static void cost_count(enum mode m, uint64_t count)
{
	struct cost b = { 0 };
	bool ok;

	cost_setup(&b, m);
	cost_run(&b, 2 * RING);
	bench_region_begin();
	cost_run(&b, count);
	bench_region_end();
	ok = cost_check(&b, m);
	printf("count mode=%s frame=%u count=%llu ok=%d\n", mode_name[m],
	       b.len, (unsigned long long)count, ok);
	cost_free(&b);
	if (!ok)
		exit(2);
}

/* ---- spread ---- */

struct tunnel {
	const char *name;
	enum pb_tunnel t;
	uint32_t type;		/* VIRTIO_NET_HASH_TUNNEL_TYPE_* */
};

static const struct tunnel tunnels[] = {
	{ "vxlan", PB_VXLAN, 1u << 4 },
	{ "geneve", PB_GENEVE, 1u << 6 },
	{ "gre", PB_GRE, 1u << 0 },
	{ "ipip", PB_IPIP, 1u << 7 },
	{ "nvgre", PB_NVGRE, 1u << 8 },
	{ "gre_udp", PB_GRE_UDP, 1u << 3 },
	{ "vxlan_gpe", PB_VXLAN_GPE, 1u << 5 },
};

/* max/mean of 64 flows over the queues, one packet per flow. */
static double spread_once(const struct tunnel *tn, const uint8_t *key,
			  bool inner_hash)
{
	struct vd_card *c = card_new(SPREAD_QP);
	struct vd_dev *d = dev_new(c, F_RSS, SPREAD_QP);
	struct pb_ip outer = { .proto = 17, .sport = 5000 }, inner = { 0 };
	unsigned int q, i, max = 0;
	uint8_t f[PB_MAX];

	rss_table(d, SPREAD_QP, key);
	vd_cmd_rss_set_policy(c, d->dev_id, inner_hash ? tn->type : 0);
	for (q = 0; q < SPREAD_QP; q++) {
		vd_rx_fill(vd_rxq(d, q), SPREAD_FLOWS, BUF_LEN);
		vd_vq_kick_run(vd_rxq(d, q));
	}
	addr4(outer.src, 0xc0a80001);
	addr4(outer.dst, 0xc0a80002);
	for (i = 0; i < SPREAD_FLOWS; i++) {
		uint32_t len;

		inner.proto = rnd() & 1 ? 6 : 17;
		inner.sport = (uint16_t)rnd();
		inner.dport = (uint16_t)rnd();
		inner.payload = 8;
		addr4(inner.src, 0x0a000000 | (rnd() & 0xffff));
		addr4(inner.dst, 0x0a010000 | (rnd() & 0xffff));
		len = pb_tunnel(f, tn->t, d->mac, far_mac, &outer, &inner);
		vd_wire_rx(c, f, len);
	}
	for (q = 0; q < SPREAD_QP; q++) {
		unsigned int n = (unsigned int)vd_vq_drain(vd_rxq(d, q));

		if (n > max)
			max = n;
	}
	vd_dev_free(d);
	vd_card_free(c);
	return max / ((double)SPREAD_FLOWS / SPREAD_QP);
}

static void spread_all(void)
{
	uint8_t keys[SPREAD_KEYS][40];
	unsigned int t, k, i;

	for (k = 0; k < SPREAD_KEYS; k++)
		for (i = 0; i < 40; i++)
			keys[k][i] = (uint8_t)rnd();
	for (t = 0; t < ARRAY_LEN(tunnels); t++) {
		double off = spread_once(&tunnels[t], pb_ms_key, false);
		double on = spread_once(&tunnels[t], pb_ms_key, true);
		double off_r = 0, on_r = 0;

		for (k = 0; k < SPREAD_KEYS; k++) {
			off_r += spread_once(&tunnels[t], keys[k], false);
			on_r += spread_once(&tunnels[t], keys[k], true);
		}
		printf("spread tunnel=%s flows=%d queues=%d ms_key_off=%.2f ms_key_on=%.2f random_keys=%d mean_off=%.2f mean_on=%.2f\n",
		       tunnels[t].name, SPREAD_FLOWS, SPREAD_QP, off, on,
		       SPREAD_KEYS, off_r / SPREAD_KEYS, on_r / SPREAD_KEYS);
		fflush(stdout);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: rss_bench [-t seconds] [-r reps] [-s mode -n count]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	double secs = 0.3;
	unsigned int reps = 3;
	uint64_t count = 0;
	int ch, m = -1, k;

	while ((ch = getopt(argc, argv, "t:r:s:n:h")) != -1) {
		switch (ch) {
		case 't':
			secs = strtod(optarg, NULL);
			break;
		case 'r':
			reps = strtoul(optarg, NULL, 0);
			break;
		case 's':
			for (k = 0; k < MODE_NUM; k++)
				if (!strcmp(optarg, mode_name[k]))
					m = k;
			if (m < 0)
				usage();
			break;
		case 'n':
			count = strtoull(optarg, NULL, 0);
			break;
		default:
			usage();
		}
	}
	if (secs <= 0 || !reps || (count && m < 0))
		usage();
	if (count) {
		cost_count(m, count);
		return 0;
	}
	for (k = 0; k < MODE_NUM; k++)
		if (m < 0 || k == m)
			cost_timed(k, secs, reps);
	if (m < 0)
		spread_all();
	return 0;
}
