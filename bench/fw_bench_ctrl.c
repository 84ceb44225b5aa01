// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fw_bench -s ctrl: a control command's round trip, as virtio_net makes
 * it.  The driver thread posts VIRTIO_NET_CTRL_MAC_ADDR_SET (two addresses
 * in turn, as `ip link set address` loops do), rings the doorbell and
 * busy-waits for the used entry; the time from posting to the ack read is
 * one sample.  Two ways the card may take the doorbell:
 *   serve       ovnic_card_doorbell_serve(): the doorbell answers it in
 *               the driver's context, as the kernel's does with interrupts
 *               on (what Linux guests get)
 *   core_sleep  ovnic_card_doorbell(): the device core's thread sleeps
 *               (futex) until wake_core(), as the kernel's core threads
 *               do: the cost of waking a thread on every command (what
 *               the card did before doorbells served the control queue)
 * The core thread runs in both (it is idle with serve); with two CPUs or
 * more the driver and the core are pinned to two of them.  A core that
 * spins instead of sleeping is left out: it costs a CPU per card, and on
 * a loaded machine it is time-sliced into milliseconds.
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "fw_bench_ctrl.h"
#include "fw_bench_host.h"
#include "fw_bench_sys.h"

static const char *const ctrl_way_name[] = {
	[CTRL_SERVE]		= "serve",
	[CTRL_CORE_SLEEP]	= "core_sleep",
};

struct ctrl_core {
	struct vd_card *c;
	enum ctrl_way way;
	int stop;
	uint64_t polls;
};

/* Core 0's thread: sleeps on its bell's futex until woken. */
static void *ctrl_core_thread(void *arg)
{
	struct ctrl_core *k = arg;
	struct core_bell *bell = &bells[0];

	while (!__atomic_load_n(&k->stop, __ATOMIC_ACQUIRE)) {
		if (__atomic_exchange_n(&bell->pending, 0, __ATOMIC_SEQ_CST)) {
			bell->wakes++;
			while (ovnic_card_core_poll(k->c->card, 0, 64))
				k->polls++;
			k->polls++;
			continue;
		}
		/* Pairs with bench_wake_core(): pending, then sleeping. */
		__atomic_store_n(&bell->sleeping, 1, __ATOMIC_SEQ_CST);
		if (!__atomic_load_n(&bell->pending, __ATOMIC_SEQ_CST) &&
		    !__atomic_load_n(&k->stop, __ATOMIC_SEQ_CST))
			syscall(SYS_futex, &bell->pending, FUTEX_WAIT_PRIVATE,
				0, NULL, NULL, 0);
		__atomic_store_n(&bell->sleeping, 0, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

static void ctrl_core_stop(struct ctrl_core *k)
{
	__atomic_store_n(&k->stop, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&bells[0].pending, 1, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, &bells[0].pending, FUTEX_WAKE_PRIVATE, 1, NULL,
		NULL, 0);
}

/* One command, posted, rung and spun on; its round trip in ns. */
static uint64_t ctrl_round_trip(struct vd_dev *d, enum ctrl_way way,
				uint8_t *cmd, uint8_t *ack, bool *ok)
{
	struct vd_vq *q = vd_cvq(d);
	struct vd_seg seg[2] = {
		{ cmd, 2 + 6, false },
		{ ack, 1, true },
	};
	struct vd_used u;
	uint64_t t0, t1;
	int head, r;

	*ack = 0xee;
	t0 = now_ns();
	head = vd_vq_add(q, seg, 2, 0);
	if (head < 0)
		die("vd_vq_add", head);
	if (way == CTRL_SERVE)
		ovnic_card_doorbell_serve(d->card->card, d->dev_id, q->qid);
	else
		ovnic_card_doorbell(d->card->card, d->dev_id, q->qid);
	while (__atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE) ==
	       q->last_used)
		cpu_relax();
	r = vd_vq_get(q, &u);
	t1 = now_ns();
	*ok = r == 1 && u.id == (uint32_t)head &&
	      __atomic_load_n(ack, __ATOMIC_RELAXED) == VIRTIO_NET_OK;
	return t1 - t0;
}

void run_ctrl(unsigned int samples)
{
	unsigned int w;

	for (w = 0; w < CTRL_WAYS; w++) {
		struct vd_dev_cfg cfg = { .dev_id = 0,
					  .features = BENCH_FEATURES };
		struct ctrl_core k = { .way = w };
		struct threads th = { 0 };
		uint64_t *ns = calloc(samples, sizeof(*ns));
		unsigned int i, bad = 0, warm = samples / 10 + 10, core_t;
		uint8_t *cmd, *ack;
		struct vd_dev *d;
		int err = 0;
		bool ok;

		if (!ns)
			die("calloc", -ENOMEM);
		memset(bells, 0, sizeof(bells));
		k.c = bench_card_new(1, false);
		d = vd_dev_bringup(k.c, &cfg, &err);
		if (!d || !vd_cvq(d))
			die("device bring-up", err ? err : -ENODEV);
		/* The guest may take any free address, as Linux's may. */
		err = vd_cmd_mac_policy_set(k.c, 0, OVNIC_MACP_ANY, 0, NULL, 0);
		if (err)
			die("DEV_SET_MAC_POLICY", -EIO);
		cmd = vd_dma_alloc(k.c, 2 + 6);
		ack = vd_dma_alloc(k.c, 1);
		cmd[0] = VIRTIO_NET_CTRL_MAC;
		cmd[1] = VIRTIO_NET_CTRL_MAC_ADDR_SET;
		/* The driver's thread is this one, on the first CPU. */
		th.ncpu = online_cpus(th.cpu, BENCH_MAX_THREADS);
		if (th.ncpu >= 2) {
			cpu_set_t set;

			CPU_ZERO(&set);
			CPU_SET(th.cpu[0], &set);
			sched_setaffinity(0, sizeof(set), &set);
			th.n = 1;	/* the core thread takes the second */
		}
		core_t = th.n;
		threads_start(&th, ctrl_core_thread, &k);
		for (i = 0; i < warm + samples; i++) {
			uint64_t t;

			vd_mac(cmd + 2, 0x40, (uint8_t)(1 + i % 2));
			t = ctrl_round_trip(d, w, cmd, ack, &ok);
			bad += !ok;
			if (i >= warm)
				ns[i - warm] = t;
		}
		ctrl_core_stop(&k);
		pthread_join(th.t[core_t], NULL);
		qsort(ns, samples, sizeof(*ns), cmp_u64);
		printf("scenario=ctrl doorbell=%s command=mac_addr_set samples=%u median_us=%.2f p99_us=%.2f max_us=%.2f wakes=%llu ok=%d\n",
		       ctrl_way_name[w], samples, ns[samples / 2] / 1e3,
		       ns[(samples - 1) * 99 / 100] / 1e3,
		       ns[samples - 1] / 1e3,
		       (unsigned long long)bells[0].wakes, !bad);
		fflush(stdout);
		vd_dev_destroy(d);
		vd_card_free(k.c);
		free(ns);
	}
}
