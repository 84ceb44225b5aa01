/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The stress test's constants and state, shared by its threads' files:
 * stress.c (setup, run, checks) starts stress_drv.c (guest drivers),
 * stress_ctl.c (the host's control thread) and stress_wire.c (the
 * network); all use stress_frame.c (addresses, frames) and stress_test.c
 * (failures, randomness, sleeping).
 */
#ifndef OVNIC_STRESS_TEST_H
#define OVNIC_STRESS_TEST_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/virtio_config.h>
#include <linux/virtio_net.h>

#include "platform_threads.h"
#include "sdrv.h"

#define ST_DEVS		5
#define ST_VQP		3
#define ST_CORES	3
#define ST_VICTIM	(ST_DEVS - 1)	/* destroyed and created again */
#define ST_MAPPED	1		/* behind a DMA window of regions */
#define ST_ETHERTYPE	0x88b5		/* IEEE local experimental */
#define ST_MAGIC	0x5354524du
#define ST_WIRE_DEV	0xffff		/* payload src_dev of wire frames */
#define ST_TX_BATCH	8
#define ST_CTRL_TIMEOUT	(10ull * 1000000000ull)
#define ST_MAX_FAIL_MSGS 30
#define ST_SCRATCH	(1ul << 20)
#define ST_SCRATCH_IOVA	(SD_IOVA_BASE + (1ull << 32))

#ifndef VIRTIO_NET_F_NOTF_COAL
#define VIRTIO_NET_F_NOTF_COAL	53
#endif
#ifndef VIRTIO_NET_F_VQ_NOTF_COAL
#define VIRTIO_NET_F_VQ_NOTF_COAL	52
#endif
#ifndef VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET
#define VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET	2
#define VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET	3
#endif

#define ST_BIT(b)	(1ull << (b))
#define ST_FEATURES	(ST_BIT(VIRTIO_F_VERSION_1) |			\
			 ST_BIT(VIRTIO_F_ACCESS_PLATFORM) |		\
			 ST_BIT(VIRTIO_NET_F_MTU) |			\
			 ST_BIT(VIRTIO_NET_F_MAC) |			\
			 ST_BIT(VIRTIO_NET_F_STATUS) |			\
			 ST_BIT(VIRTIO_NET_F_CTRL_VQ) |			\
			 ST_BIT(VIRTIO_NET_F_CTRL_RX) |			\
			 ST_BIT(VIRTIO_NET_F_CTRL_VLAN) |		\
			 ST_BIT(VIRTIO_NET_F_GUEST_ANNOUNCE) |		\
			 ST_BIT(VIRTIO_NET_F_MQ) |			\
			 ST_BIT(VIRTIO_NET_F_CTRL_MAC_ADDR) |		\
			 ST_BIT(VIRTIO_NET_F_NOTF_COAL) |		\
			 ST_BIT(VIRTIO_NET_F_VQ_NOTF_COAL))

/* What a test frame carries after its Ethernet header. */
struct st_payload {
	uint32_t magic;
	uint16_t len;		/* of the whole frame */
	uint16_t src_dev;	/* sender, or ST_WIRE_DEV */
	uint32_t seq;
};

struct st_drv {
	struct st_test *t;
	struct sd_dev d;
	pthread_t thread;
	bool started;
	int pause_req;		/* atomic: the control thread wants the device */
	int parked;		/* atomic: the driver let go of it */
	uint32_t rnd;
	uint32_t seq;
	uint64_t ctrl_next;	/* when the next control command goes */
	unsigned int stalled;	/* buffers not back after the drain */
};

struct st_vq_seen {
	uint64_t c[OVNIC_VQC_NUM];
};

struct st_test {
	struct tp_plat *plat;
	struct ovnic_card *card;
	unsigned int seconds;
	unsigned int drain_seconds;
	unsigned int new_src_every;	/* wire frames per new source MAC */
	int stop;		/* atomic: control and wire end */
	int draining;		/* atomic: drivers stop posting, then end */
	int failures;		/* atomic */
	struct st_drv drv[ST_DEVS];
	uint8_t *scratch;	/* extra regions of the mapped device */
	/* control thread only */
	uint32_t rnd;
	uint8_t allowed[ST_DEVS][OVNIC_MAC_ALLOWED_MAX][6];
	uint8_t n_allowed[ST_DEVS];
	struct st_vq_seen seen[ST_DEVS][SD_MAX_VQS];
	uint64_t port_seen[2][OVNIC_VQC_NUM];
	uint64_t ops[16];
	uint64_t mbox;
	uint64_t wire_frames;
};

void st_fail(struct st_test *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool st_stopping(struct st_test *t);
uint32_t st_rand(uint32_t *s);
void st_usleep(unsigned int us);

#endif /* OVNIC_STRESS_TEST_H */
