// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * suspend_bench: how long the card takes to suspend a device of 32 queue
 * pairs under traffic, to report its 65 queue states and to resume it:
 * what QEMU's VHOST_VDPA_SUSPEND, VHOST_GET_VRING_BASE per queue and
 * VHOST_VDPA_RESUME cost on the card, through the driver's own command
 * layer (kernel/cmds.c over the mailbox).
 *
 * Two devices of 32 queue pairs send to each other on every queue, with
 * notification coalescing on (a suspension then owes interrupts to raise).
 * Each iteration fills every transmit ring, lets the cores run a little
 * so that traffic is in flight, then times DEV_SUSPEND, the 65 VQ_QUERY,
 * and DEV_RESUME of one device; the cores then finish and everything is
 * reaped, and the frames counted against what was sent.
 *
 *	suspend_bench [-i ITERATIONS] [-j OUT.json]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pktbuild.h"
#include "fw_bench_sys.h"
#include "vdriver.h"

#define PAIRS		32
#define QSIZE		256
#define FRAME_LEN	128

static double pct_us(uint64_t *v, unsigned int n, unsigned int p)
{
	return n ? v[(n - 1) * p / 100] / 1000.0 : 0;
}

static void fail(const char *what, long v)
{
	fprintf(stderr, "suspend_bench: %s (%ld)\n", what, v);
	exit(1);
}

static struct vd_dev *dev_up(struct vd_card *c, uint16_t id)
{
	struct vd_dev_cfg cfg = { .dev_id = id, .max_vqp = PAIRS,
				  .queue_size = QSIZE };
	struct vd_dev *d;
	unsigned int p;
	int err = 0;

	d = vd_dev_bringup(c, &cfg, &err);
	if (!d)
		fail("device bring-up", err);
	if (vd_ctrl_mq_pairs(d, PAIRS) != VIRTIO_NET_OK)
		fail("MQ_VQ_PAIRS_SET", 0);
	if (vd_ctrl_coal(d, false, 100, 32) != VIRTIO_NET_OK ||
	    vd_ctrl_coal(d, true, 100, 32) != VIRTIO_NET_OK)
		fail("NOTF_COAL", 0);
	for (p = 0; p < PAIRS; p++) {
		vd_rx_fill(vd_rxq(d, p), QSIZE, 1540);
		vd_vq_kick_force(vd_rxq(d, p));
	}
	return d;
}

/*
 * Every transmit ring of @from full of frames for @to, UDP flows that
 * automatic steering spreads over the receive queues; returns how many.
 */
static unsigned int flood(struct vd_dev *from, const struct vd_dev *to)
{
	uint8_t f[FRAME_LEN];
	struct pb_flow fl = {
		.proto = PB_UDP,
		.vlan = PB_NO_VLAN,
		.src = { 10, 0, 0, 1 },
		.dst = { 10, 0, 0, 2 },
		.dport = 4789,
		.payload = FRAME_LEN - 42,
	};
	unsigned int p, n = 0;

	memcpy(fl.dst_mac, to->mac, 6);
	memcpy(fl.src_mac, from->mac, 6);
	for (p = 0; p < PAIRS; p++) {
		struct vd_vq *q = vd_txq(from, p);
		uint32_t len;

		while (vd_vq_free_descs(q) > 0) {
			fl.sport = (uint16_t)(1024 + n % 4096);
			len = pb_flow_frame(f, sizeof(f), &fl, NULL);
			if (!len || vd_tx_post(q, f, len, NULL) < 0)
				break;
			n++;
		}
		vd_vq_kick_force(q);
	}
	return n;
}

/* Received frames reaped and buffers given back; returns how many. */
static unsigned int reap(struct vd_dev *d)
{
	unsigned int p, n = 0;

	for (p = 0; p < PAIRS; p++) {
		n += (unsigned int)vd_vq_drain(vd_rxq(d, p));
		vd_rx_fill(vd_rxq(d, p), QSIZE, 1540);
		vd_vq_kick_force(vd_rxq(d, p));
		vd_vq_drain(vd_txq(d, p));
	}
	return n;
}

static uint64_t drops(struct vd_dev *d)
{
	uint64_t n = 0;
	unsigned int p;

	for (p = 0; p < PAIRS; p++)
		n += vd_vq_counter(vd_rxq(d, p), OVNIC_VQC_DROP_NO_BUFFER);
	return n;
}

int main(int argc, char **argv)
{
	static const struct ovnic_card_params params = {
		.max_devices = 2,
		.max_vqp = PAIRS,
		.max_queue_size = QSIZE,
		.num_cores = 2,
	};
	unsigned int iters = 300, i, q, core;
	uint64_t *t_susp, *t_query, *t_res, *t_all;
	uint64_t sent = 0, got = 0, dropped;
	const char *json = NULL;
	struct vd_dev *a, *b;
	struct vd_card *c;
	FILE *out;
	int opt;

	while ((opt = getopt(argc, argv, "i:j:")) != -1) {
		if (opt == 'i') {
			iters = (unsigned int)strtoul(optarg, NULL, 0);
		} else if (opt == 'j') {
			json = optarg;
		} else {
			fprintf(stderr, "usage: suspend_bench [-i ITERATIONS] [-j OUT.json]\n");
			return 2;
		}
	}
	if (!iters)
		return 2;
	t_susp = calloc(iters, sizeof(*t_susp));
	t_query = calloc(iters, sizeof(*t_query));
	t_res = calloc(iters, sizeof(*t_res));
	t_all = calloc(iters, sizeof(*t_all));
	c = vd_card_new(&params);
	if (!c || !t_susp || !t_query || !t_res || !t_all)
		fail("setup", 0);
	a = dev_up(c, 0);
	b = dev_up(c, 1);

	for (i = 0; i < iters; i++) {
		struct ovnic_resp_vq_query st;
		uint64_t t0, t1, t2, t3;

		sent += flood(a, b) + flood(b, a);
		/* Traffic in flight: the cores are midway through it. */
		for (core = 0; core < params.num_cores; core++)
			ovnic_card_core_poll(c->card, core, 64);

		t0 = now_ns();
		if (vd_cmd_dev_suspend(c, a->dev_id))
			fail("DEV_SUSPEND", 0);
		t1 = now_ns();
		for (q = 0; q < a->nvqs; q++)
			if (vd_vq_query(a->vq[q], &st) ||
			    st.avail_idx != st.used_idx)
				fail("VQ_QUERY after suspend", q);
		t2 = now_ns();
		if (vd_cmd_dev_resume(c, a->dev_id))
			fail("DEV_RESUME", 0);
		t3 = now_ns();
		t_susp[i] = t1 - t0;
		t_query[i] = t2 - t1;
		t_res[i] = t3 - t2;
		t_all[i] = t3 - t0;

		if (vd_card_run(c))
			fail("cores did not finish", 0);
		got += reap(a) + reap(b);
	}
	dropped = drops(a) + drops(b);
	/* Every frame sent arrived, or was dropped and counted. */
	if (got + dropped != sent)
		fail("frames unaccounted for", (long)(sent - got - dropped));

	qsort(t_susp, iters, sizeof(*t_susp), cmp_u64);
	qsort(t_query, iters, sizeof(*t_query), cmp_u64);
	qsort(t_res, iters, sizeof(*t_res), cmp_u64);
	qsort(t_all, iters, sizeof(*t_all), cmp_u64);
	printf("suspend/resume of a device with %u queue pairs under traffic, %u iterations\n",
	       PAIRS, iters);
	printf("  %-28s %9s %9s %9s\n", "", "p50 us", "p99 us", "max us");
	printf("  %-28s %9.1f %9.1f %9.1f\n", "DEV_SUSPEND", pct_us(t_susp, iters, 50),
	       pct_us(t_susp, iters, 99), pct_us(t_susp, iters, 100));
	printf("  %-28s %9.1f %9.1f %9.1f\n", "VQ_QUERY x 65", pct_us(t_query, iters, 50),
	       pct_us(t_query, iters, 99), pct_us(t_query, iters, 100));
	printf("  %-28s %9.1f %9.1f %9.1f\n", "DEV_RESUME", pct_us(t_res, iters, 50),
	       pct_us(t_res, iters, 99), pct_us(t_res, iters, 100));
	printf("  %-28s %9.1f %9.1f %9.1f\n", "suspend + state + resume",
	       pct_us(t_all, iters, 50), pct_us(t_all, iters, 99),
	       pct_us(t_all, iters, 100));
	printf("  frames sent %llu, received %llu, dropped (counted) %llu\n",
	       (unsigned long long)sent, (unsigned long long)got,
	       (unsigned long long)dropped);

	if (json) {
		out = fopen(json, "w");
		if (!out)
			fail("open json", 0);
		fprintf(out, "{\"pairs\": %u, \"iterations\": %u, "
			"\"suspend_us_p50\": %.1f, \"suspend_us_p99\": %.1f, "
			"\"query_us_p50\": %.1f, \"resume_us_p50\": %.1f, "
			"\"total_us_p50\": %.1f, \"total_us_p99\": %.1f, "
			"\"total_us_max\": %.1f, \"sent\": %llu, "
			"\"received\": %llu, \"dropped\": %llu}\n",
			PAIRS, iters, pct_us(t_susp, iters, 50),
			pct_us(t_susp, iters, 99), pct_us(t_query, iters, 50),
			pct_us(t_res, iters, 50), pct_us(t_all, iters, 50),
			pct_us(t_all, iters, 99), pct_us(t_all, iters, 100),
			(unsigned long long)sent, (unsigned long long)got,
			(unsigned long long)dropped);
		fclose(out);
	}
	vd_dev_destroy(a);
	vd_dev_destroy(b);
	vd_card_free(c);
	free(t_susp);
	free(t_query);
	free(t_res);
	free(t_all);
	return 0;
}
