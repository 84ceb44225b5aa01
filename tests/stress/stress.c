// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Stress test of the card's firmware on real threads: the races that the
 * single-threaded unit harness cannot see.
 *
 * One card, several devices, several device cores (platform_threads.c).
 * Threads, all at once for STRESS_SECONDS (default 10):
 *   - a device core each, polling when woken;
 *   - a guest driver per device (sdrv.c): keeps its transmit rings posted
 *     with frames to other devices, the wire, broadcast, multicast and
 *     unknown addresses, refills and reaps its receive rings, and sends
 *     control-queue commands (MAC table and address, RX mode, VLAN, queue
 *     pairs, coalescing);
 *   - the wire: bursts from the network, from new source addresses now
 *     and then (STRESS_NEW_SRC_EVERY frames apart, default 4: the table
 *     fills and is rebuilt), and frames the card sent out fed back in
 *     (softirq-like: ovnic_card_wire_rx_burst);
 *   - the host's control thread, on the mailbox: virtio resets and
 *     re-initialization, queues disabled and re-enabled, MAC config
 *     writes, MAC policies, link, loopback, coalescing policy, memory
 *     regions of a device behind a DMA window, a device destroyed and
 *     created again, statistics, the port's link, host memory hotplug.
 *
 * Then everything stops, the drivers wait for every transmitted buffer to
 * come back, and the test checks what must hold whatever the timing: no
 * used id the driver didn't have outstanding, no torn or corrupted frame,
 * no unicast for one device delivered to another, every control command
 * answered (and never "OK" to taking another device's MAC), no queue
 * broken, nothing left allocated after ovnic_card_free(), no lock misuse.
 * Exit 0 when all of that holds, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stress_ctl.h"
#include "stress_drv.h"
#include "stress_test.h"
#include "stress_wire.h"

static const char *const st_op_name[] = {
	"reset", "vq-toggle", "config-mac", "mac-policy", "link",
	"loopback", "coal", "mr", "destroy-create", "stats", "query",
	"wire-link", "mem-changed", "suspend",
};

/* ---- setup, run, checks ---- */

static unsigned int st_env(const char *name, unsigned int def)
{
	const char *v = getenv(name);

	return v && *v ? (unsigned int)strtoul(v, NULL, 10) : def;
}

static int st_setup(struct st_test *t)
{
	const struct ovnic_card_params params = {
		.max_devices = 8,
		.max_vqp = ST_VQP,
		.max_queue_size = SD_QSIZE,
		.num_cores = ST_CORES,
	};
	size_t per_dev = (sd_dev_mem_size(ST_VQP) + 4095) & ~4095ul;
	uint8_t *mem;
	unsigned int i;

	t->plat = tp_plat_new();
	if (!t->plat)
		return -1;
	t->plat->wire_keep = true;
	mem = tp_arena_create(t->plat, per_dev * ST_DEVS);
	t->scratch = tp_arena_create(t->plat, ST_SCRATCH);
	if (!mem || !t->scratch || tp_timers_start(t->plat))
		return -1;
	t->card = ovnic_card_new(tp_plat_ops(t->plat), &params);
	if (!t->card || tp_cores_start(t->plat, t->card, ST_CORES))
		return -1;
	for (i = 0; i < ST_DEVS; i++) {
		struct st_drv *dr = &t->drv[i];
		uint64_t f = ST_FEATURES;

		if (i % 2)	/* half of them with event indexes */
			f |= ST_BIT(VIRTIO_RING_F_EVENT_IDX);
		dr->t = t;
		dr->rnd = 0x12345u * (i + 1);
		sd_dev_init(&dr->d, t->card, (uint16_t)i, ST_VQP, f,
			    i == ST_MAPPED, mem + i * per_dev);
		if (sd_dev_create(&dr->d) || sd_dev_start(&dr->d)) {
			fprintf(stderr, "stress: device %u failed to start\n",
				i);
			return -1;
		}
	}
	return 0;
}

static bool st_check_count(struct st_test *t, unsigned int i,
			   const char *what, uint64_t v)
{
	if (!v)
		return true;
	st_fail(t, "dev %u: %llu %s", i, (unsigned long long)v, what);
	return false;
}

static void st_check_devices(struct st_test *t)
{
	unsigned int i;

	for (i = 0; i < ST_DEVS; i++) {
		const struct sd_counts *n = &t->drv[i].d.n;

		st_check_count(t, i, "used ids not outstanding", n->bad_used);
		st_check_count(t, i, "used lengths out of range", n->bad_len);
		st_check_count(t, i, "bad receive headers", n->bad_hdr);
		st_check_count(t, i, "torn frames", n->bad_frame);
		st_check_count(t, i, "frames for other devices", n->leaked);
		st_check_count(t, i, "control commands unanswered",
			       n->ctrl_timeouts);
		st_check_count(t, i, "control answers without an ack",
			       n->ctrl_bad_ack);
		st_check_count(t, i, "wrong control answers", n->ctrl_wrong);
		st_check_count(t, i, "transmit buffers never returned",
			       t->drv[i].stalled);
		st_op_query(t, i);
	}
}

static void st_check_platform(struct st_test *t)
{
	const struct tp_stats *s = &t->plat->st;
	const struct {
		const char *what;
		uint64_t v;
	} c[] = {
		{ "allocations left", (uint64_t)s->allocs },
		{ "locks left", (uint64_t)s->locks_live },
		{ "timers left", (uint64_t)s->timers_live },
		{ "lock errors", s->lock_errors },
		{ "lock order violations", s->lock_order },
		{ "control-path calls in atomic context", s->atomic_misuse },
		{ "timer misuse", s->timer_misuse },
		{ "interrupts on bad vectors", s->irq_bad_vector },
		{ "wakes of bad cores", s->bad_core },
		{ "firmware errors logged", s->log_err },
		{ "firmware warnings logged", s->log_warn },
	};
	unsigned int i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		if (c[i].v)
			st_fail(t, "platform: %llu %s",
				(unsigned long long)c[i].v, c[i].what);
}

static void st_report(struct st_test *t)
{
	uint64_t tx = 0, rx = 0, ctrl = 0, empty = 0, ab = 0;
	unsigned int i;

	for (i = 0; i < ST_DEVS; i++) {
		tx += t->drv[i].d.n.tx_done;
		rx += t->drv[i].d.n.rx_frames;
		empty += t->drv[i].d.n.rx_empty;
		ctrl += t->drv[i].d.n.ctrl_ok + t->drv[i].d.n.ctrl_err;
		ab += t->drv[i].d.n.ctrl_abandoned;
	}
	printf("stress: %u s, %u devices x %u pairs, %u cores: tx %llu rx %llu (+%llu empty) ctrl %llu (%llu abandoned) mailbox %llu wire in %llu out %llu irq %llu timers %llu\n",
	       t->seconds, ST_DEVS, ST_VQP, ST_CORES, (unsigned long long)tx,
	       (unsigned long long)rx, (unsigned long long)empty,
	       (unsigned long long)ctrl, (unsigned long long)ab,
	       (unsigned long long)t->mbox,
	       (unsigned long long)t->wire_frames,
	       (unsigned long long)t->plat->st.wire_frames,
	       (unsigned long long)t->plat->st.irq_total,
	       (unsigned long long)t->plat->st.timer_fires);
	printf("stress: control ops:");
	for (i = 0; i < sizeof(st_op_name) / sizeof(st_op_name[0]); i++)
		printf(" %s %llu", st_op_name[i], (unsigned long long)t->ops[i]);
	printf("\n");
}

int main(void)
{
	static struct st_test test;
	struct st_test *t = &test;
	pthread_t ctrl, wire;
	unsigned int i;
	int ret = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	t->seconds = st_env("STRESS_SECONDS", 10);
	t->drain_seconds = st_env("STRESS_DRAIN_SECONDS", 10);
	t->rnd = st_env("STRESS_SEED", 0x2545f491u) | 1;
	/*
	 * New sources fill the forwarding table, and deletions leave
	 * tombstones: rebuilds while lookups run, the isolation bug of
	 * 174d316 when they didn't wait for it.
	 */
	t->new_src_every = st_env("STRESS_NEW_SRC_EVERY", 4) ?: 1;
	if (st_setup(t)) {
		fprintf(stderr, "stress: setup failed\n");
		goto out;
	}
	for (i = 0; i < ST_DEVS; i++) {
		if (pthread_create(&t->drv[i].thread, NULL, st_drv_thread,
				   &t->drv[i]))
			goto out;
		t->drv[i].started = true;
	}
	if (pthread_create(&wire, NULL, st_wire_thread, t) ||
	    pthread_create(&ctrl, NULL, st_control_thread, t))
		goto out;

	sleep(t->seconds);
	__atomic_store_n(&t->stop, 1, __ATOMIC_RELEASE);
	pthread_join(ctrl, NULL);
	pthread_join(wire, NULL);
	/* the drivers go on, without posting, until their buffers are back */
	__atomic_store_n(&t->draining, 1, __ATOMIC_RELEASE);
	for (i = 0; i < ST_DEVS; i++) {
		pthread_join(t->drv[i].thread, NULL);
		t->drv[i].started = false;
	}
	st_check_devices(t);
	tp_cores_stop(t->plat);
	ovnic_card_free(t->card);
	t->card = NULL;
	tp_timers_stop(t->plat);
	st_check_platform(t);
	st_report(t);
	ret = __atomic_load_n(&t->failures, __ATOMIC_RELAXED) ? 1 : 0;
	printf("stress: %s\n", ret ? "FAILED" : "PASS");
out:
	if (t->card)
		ovnic_card_free(t->card);
	tp_plat_free(t->plat);
	return ret;
}
