// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fair_bench: a victim's latency while its neighbours on the same device
 * core flood.  One core serves every device; N neighbours keep their
 * transmit rings full (refilled after every poll, as busy guests do) and
 * the victim sends one frame every few polls.  For each N, the victim's
 * latency from its kick until the card consumed its frame, in polls and in
 * nanoseconds of the core's own poll time, and the neighbours' throughput.
 * N = 0 is the reference measured in the same run.
 *
 *	fair_bench [-p POLLS] [-b BUDGET] [-j OUT.json]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fw_bench_sys.h"
#include "vdriver.h"

#define MAX_N		7
#define QSIZE		256

static const uint8_t far_mac[6] = { 0x02, 0xee, 0, 0, 0, 1 };

static uint64_t pct(uint64_t *v, unsigned int n, unsigned int p)
{
	return n ? v[(n - 1) * p / 100] : 0;
}

static void flood(struct vd_vq *q, const uint8_t *f, uint32_t len)
{
	vd_vq_drain(q);
	while (vd_vq_free_descs(q) > 0)
		if (vd_tx_post(q, f, len, NULL) < 0)
			break;
	vd_vq_kick_force(q);
}

struct result {
	unsigned int n;
	unsigned int samples;
	uint64_t polls_p50, polls_p99, polls_max;
	uint64_t ns_p50, ns_p99;
	double neighbour_mpps;
};

static int run(unsigned int n, unsigned int polls, unsigned int budget,
	       struct result *r)
{
	static const struct ovnic_card_params params = {
		.max_devices = 8, .max_vqp = 1, .max_queue_size = QSIZE,
		.num_cores = 1,
	};
	static uint64_t lat_polls[1 << 16], lat_ns[1 << 16];
	struct vd_dev *nb[MAX_N], *v;
	struct vd_card *c = vd_card_new(&params);
	uint64_t busy_ns = 0, busy0 = 0, sent0 = 0, sent1 = 0, t_kick = 0, t0;
	unsigned int i, p, every = 8, waiting = 0, k = 0, kick_poll = 0;
	uint8_t f[128];
	uint32_t len;
	int err;

	if (!c)
		return -1;
	len = vd_frame(f, far_mac, far_mac, VD_NO_VLAN, 0x0800, 60, 1);
	for (i = 0; i < n; i++) {
		struct vd_dev_cfg cfg = { .dev_id = (uint16_t)i,
					  .queue_size = QSIZE };

		nb[i] = vd_dev_bringup(c, &cfg, &err);
		if (!nb[i])
			return -1;
	}
	{
		struct vd_dev_cfg cfg = { .dev_id = 7, .queue_size = QSIZE };

		v = vd_dev_bringup(c, &cfg, &err);
		if (!v)
			return -1;
	}
	for (p = 0; p < polls; p++) {
		for (i = 0; i < n; i++)
			flood(vd_txq(nb[i], 0), f, len);
		if (!waiting && p % every == 0) {
			vd_vq_drain(vd_txq(v, 0));
			if (vd_tx_post(vd_txq(v, 0), f, len, NULL) >= 0) {
				vd_vq_kick_force(vd_txq(v, 0));
				waiting = 1;
				kick_poll = p;
				t_kick = busy_ns;
			}
		}
		t0 = now_ns();
		ovnic_card_core_poll(c->card, 0, budget);
		busy_ns += now_ns() - t0;
		if (waiting && vd_vq_used_pending(vd_txq(v, 0))) {
			if (k < (1u << 16)) {
				lat_polls[k] = p - kick_poll + 1;
				lat_ns[k] = busy_ns - t_kick;
				k++;
			}
			waiting = 0;
		}
		up_wire_clear(c->plat);
		if (p == polls / 10) {	/* warm-up done */
			busy0 = busy_ns;
			for (i = 0; i < n; i++)
				sent0 += vd_vq_counter(vd_txq(nb[i], 0),
						       OVNIC_VQC_PACKETS);
		}
	}
	for (i = 0; i < n; i++)
		sent1 += vd_vq_counter(vd_txq(nb[i], 0), OVNIC_VQC_PACKETS);
	qsort(lat_polls, k, sizeof(lat_polls[0]), cmp_u64);
	qsort(lat_ns, k, sizeof(lat_ns[0]), cmp_u64);
	*r = (struct result){
		.n = n, .samples = k,
		.polls_p50 = pct(lat_polls, k, 50),
		.polls_p99 = pct(lat_polls, k, 99),
		.polls_max = k ? lat_polls[k - 1] : 0,
		.ns_p50 = pct(lat_ns, k, 50), .ns_p99 = pct(lat_ns, k, 99),
		.neighbour_mpps = busy_ns > busy0 ?
			(double)(sent1 - sent0) * 1e3 /
			(double)(busy_ns - busy0) : 0,
	};
	for (i = 0; i < n; i++)
		vd_dev_destroy(nb[i]);
	vd_dev_destroy(v);
	vd_card_free(c);
	return 0;
}

int main(int argc, char **argv)
{
	static const unsigned int ns[] = { 0, 1, 3, 7 };
	unsigned int polls = 20000, budget = 64, i;
	struct result r[4];
	const char *json = NULL;
	FILE *out;
	int opt;

	while ((opt = getopt(argc, argv, "p:b:j:")) != -1) {
		switch (opt) {
		case 'p':
			polls = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'b':
			budget = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'j':
			json = optarg;
			break;
		default:
			fprintf(stderr, "usage: fair_bench [-p POLLS] [-b BUDGET] [-j OUT.json]\n");
			return 2;
		}
	}
	printf("victim latency on a shared device core (budget %u, %u polls)\n",
	       budget, polls);
	printf("%10s %8s %10s %10s %10s %10s %10s %8s %12s\n", "neighbours",
	       "samples", "polls p50", "polls p99", "polls max", "ns p50",
	       "ns p99", "x ref", "nbr Mpps");
	for (i = 0; i < 4; i++) {
		if (run(ns[i], polls, budget, &r[i])) {
			fprintf(stderr, "fair_bench: setup failed\n");
			return 1;
		}
		printf("%10u %8u %10lu %10lu %10lu %10lu %10lu %8.1f %12.2f\n",
		       r[i].n, r[i].samples, (unsigned long)r[i].polls_p50,
		       (unsigned long)r[i].polls_p99,
		       (unsigned long)r[i].polls_max,
		       (unsigned long)r[i].ns_p50, (unsigned long)r[i].ns_p99,
		       r[0].ns_p50 ? (double)r[i].ns_p50 / r[0].ns_p50 : 0,
		       r[i].neighbour_mpps);
	}
	if (!json)
		return 0;
	out = fopen(json, "w");
	if (!out)
		return 1;
	fprintf(out, "{\"budget\": %u, \"polls\": %u, \"runs\": [", budget,
		polls);
	for (i = 0; i < 4; i++)
		fprintf(out, "%s{\"neighbours\": %u, \"samples\": %u, \"polls_p50\": %lu, \"polls_p99\": %lu, \"polls_max\": %lu, \"ns_p50\": %lu, \"ns_p99\": %lu, \"neighbour_mpps\": %.3f}",
			i ? ", " : "", r[i].n, r[i].samples,
			(unsigned long)r[i].polls_p50,
			(unsigned long)r[i].polls_p99,
			(unsigned long)r[i].polls_max,
			(unsigned long)r[i].ns_p50, (unsigned long)r[i].ns_p99,
			r[i].neighbour_mpps);
	fprintf(out, "]}\n");
	return fclose(out) ? 1 : 0;
}
