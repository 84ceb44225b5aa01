// SPDX-License-Identifier: GPL-2.0
/*
 * vhost-suspend: a vhost-vdpa user that drives one queue pair of a device
 * in loopback (vdpa-ctl dev link set DEV loopback on: what it sends comes
 * back to it), with rings and buffers in its own memory mapped through the
 * IOTLB, and suspends and resumes the device under that traffic, as QEMU
 * does around a live migration.
 *
 *   - VHOST_GET_BACKEND_FEATURES must show SUSPEND, RESUME and
 *     ENABLE_AFTER_DRIVER_OK (and not DESC_ASID); the queues are enabled
 *     after DRIVER_OK, as QEMU does.
 *   - Frames carry sequence numbers.  Frames are sent and VHOST_VDPA_SUSPEND
 *     issued at once; VHOST_GET_VRING_BASE of each queue then equals its
 *     used index (every chain the card took is used and published); frames
 *     kicked while suspended are not served, and VHOST_SET_VRING_BASE
 *     works (vhost-vdpa allows it only while suspended).  After
 *     VHOST_VDPA_RESUME every frame comes back exactly once.
 *   - VHOST_VDPA_RESUME of a device not suspended fails with EINVAL.
 *   - CYCLES times, with frames in flight: VHOST_VDPA_SUSPEND,
 *     VHOST_GET_VRING_BASE of every queue of the device, VHOST_VDPA_RESUME,
 *     timed; the median and the largest are printed.
 *
 *	vhost-suspend /dev/vhost-vdpa-N CYCLES
 *
 * Prints its findings and "PASS"; exits 1 on the first failure.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "vhost-user.h"
#include <linux/virtio_ring.h>

/* Newer than Debian 12's userspace headers (Linux 6.1). */
#ifndef VHOST_VDPA_RESUME
#define VHOST_VDPA_RESUME		_IO(VHOST_VIRTIO, 0x7E)
#endif
#ifndef VHOST_BACKEND_F_RESUME
#define VHOST_BACKEND_F_RESUME		0x5
#endif
#ifndef VHOST_BACKEND_F_ENABLE_AFTER_DRIVER_OK
#define VHOST_BACKEND_F_ENABLE_AFTER_DRIVER_OK	0x6
#endif
#ifndef VHOST_BACKEND_F_DESC_ASID
#define VHOST_BACKEND_F_DESC_ASID	0x7
#endif

#define QSIZE		64
#define BUF		2048
#define MEM		(1u << 20)
#define IOVA		0x40000000ull
#define RX_RING		0x00000
#define TX_RING		0x04000
#define RX_BUFS		0x10000
#define TX_BUFS		(RX_BUFS + QSIZE * BUF)
#define NET_HDR_LEN	12
#define FRAME_LEN	64
#define MAX_SEQ		4096
#define WAIT_MS		10000

struct ring {
	int idx;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t avail_idx;	/* next we publish */
	uint16_t last_used;	/* next we reap */
	int kick;
	int call;		/* the card's interrupts, as vhost signals them */
};

static uint8_t *mem;
static struct ring rx, tx;
static uint8_t mac[6];
static uint8_t seen[MAX_SEQ];
static unsigned int sent, received, dups, strays;

static uint64_t iova_of(const void *p)
{
	return IOVA + (uint64_t)((const uint8_t *)p - mem);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void failx(const char *msg)
{
	fprintf(stderr, "vhost-suspend: FAIL: %s\n", msg);
	exit(1);
}

static uint16_t used_idx(const struct ring *r)
{
	return __atomic_load_n(&r->used->idx, __ATOMIC_ACQUIRE);
}

static void publish(struct ring *r)
{
	__atomic_store_n(&r->avail->idx, r->avail_idx, __ATOMIC_RELEASE);
}

static void kick(struct ring *r)
{
	uint64_t one = 1;

	if (write(r->kick, &one, sizeof(one)) != sizeof(one))
		die("kick");
}

static void iotlb_map(void)
{
	struct vhost_msg_v2 msg = {
		.type = VHOST_IOTLB_MSG_V2,
		.iotlb = {
			.iova = IOVA,
			.size = MEM,
			.uaddr = (uintptr_t)mem,
			.perm = VHOST_ACCESS_RW,
			.type = VHOST_IOTLB_UPDATE,
		},
	};

	if (write(vu_fd, &msg, sizeof(msg)) != sizeof(msg))
		die("IOTLB update");
}

static void ring_setup(struct ring *r, int idx, uint32_t off)
{
	struct vhost_vring_state num = { idx, QSIZE }, base = { idx, 0 };
	struct vhost_vring_file kick_f, call;
	struct vhost_vring_addr addr;

	r->idx = idx;
	r->desc = (struct vring_desc *)(mem + off);
	r->avail = (struct vring_avail *)(mem + off + 16 * QSIZE);
	r->used = (struct vring_used *)(mem + off + 0x1000);
	addr = (struct vhost_vring_addr){
		.index = idx,
		.desc_user_addr = iova_of(r->desc),
		.avail_user_addr = iova_of(r->avail),
		.used_user_addr = iova_of(r->used),
	};
	r->kick = eventfd(0, 0);
	kick_f = (struct vhost_vring_file){ idx, r->kick };
	r->call = eventfd(0, EFD_NONBLOCK);
	call = (struct vhost_vring_file){ idx, r->call };
	if (r->kick < 0 || call.fd < 0)
		die("eventfd");
	xioctl(VHOST_SET_VRING_NUM, &num, "VHOST_SET_VRING_NUM");
	xioctl(VHOST_SET_VRING_ADDR, &addr, "VHOST_SET_VRING_ADDR");
	xioctl(VHOST_SET_VRING_BASE, &base, "VHOST_SET_VRING_BASE");
	xioctl(VHOST_SET_VRING_KICK, &kick_f, "VHOST_SET_VRING_KICK");
	xioctl(VHOST_SET_VRING_CALL, &call, "VHOST_SET_VRING_CALL");
}

static void ring_enable(struct ring *r)
{
	struct vhost_vring_state en = { r->idx, 1 };

	xioctl(VHOST_VDPA_SET_VRING_ENABLE, &en,
	       "VHOST_VDPA_SET_VRING_ENABLE after DRIVER_OK");
}

/* Receive buffer @id (descriptor @id, its own BUF bytes) on the ring. */
static void rx_post(uint16_t id)
{
	rx.desc[id].addr = iova_of(mem + RX_BUFS + (uint32_t)id * BUF);
	rx.desc[id].len = BUF;
	rx.desc[id].flags = VRING_DESC_F_WRITE;
	rx.avail->ring[rx.avail_idx % QSIZE] = id;
	rx.avail_idx++;
}

/* Frame @seq to ourselves, on the descriptor its slot owns. */
static void tx_post(uint32_t seq)
{
	uint16_t id = tx.avail_idx % QSIZE;
	uint8_t *b = mem + TX_BUFS + (uint32_t)id * BUF;

	if ((uint16_t)(tx.avail_idx - tx.last_used) >= QSIZE)
		failx("transmit ring full");
	memset(b, 0, NET_HDR_LEN + FRAME_LEN);
	memcpy(b + NET_HDR_LEN, mac, 6);
	memcpy(b + NET_HDR_LEN + 6, mac, 6);
	b[NET_HDR_LEN + 12] = 0x88;
	b[NET_HDR_LEN + 13] = 0xb5;
	memcpy(b + NET_HDR_LEN + 14, "OVSQ", 4);
	memcpy(b + NET_HDR_LEN + 18, &seq, sizeof(seq));
	tx.desc[id].addr = iova_of(b);
	tx.desc[id].len = NET_HDR_LEN + FRAME_LEN;
	tx.desc[id].flags = 0;
	tx.avail->ring[id] = id;
	tx.avail_idx++;
	sent++;
}

static void send_frames(unsigned int n)
{
	while (n--)
		tx_post(sent);
	publish(&tx);
	kick(&tx);
}

/* Reap both rings: count what came back, give the buffers back. */
static void reap(void)
{
	uint16_t end = used_idx(&rx);
	int posted = 0;

	while (rx.last_used != end) {
		struct vring_used_elem *e = &rx.used->ring[rx.last_used % QSIZE];
		const uint8_t *f = mem + RX_BUFS + e->id * BUF + NET_HDR_LEN;
		uint32_t seq;

		if (e->id >= QSIZE)
			failx("used id out of range");
		memcpy(&seq, f + 18, sizeof(seq));
		if (e->len != NET_HDR_LEN + FRAME_LEN || memcmp(f + 14, "OVSQ", 4) ||
		    seq >= MAX_SEQ)
			strays++;
		else if (seen[seq]++)
			dups++;
		else
			received++;
		rx_post((uint16_t)e->id);
		rx.last_used++;
		posted = 1;
	}
	if (posted) {
		publish(&rx);
		kick(&rx);
	}
	tx.last_used = used_idx(&tx);
}

/* Until every frame sent came back, or WAIT_MS. */
static void wait_all(const char *what)
{
	uint64_t end = now_ns() + WAIT_MS * 1000000ull;

	do {
		reap();
		if (received == sent && tx.last_used == tx.avail_idx)
			return;
		usleep(1000);
	} while (now_ns() < end);
	fprintf(stderr, "vhost-suspend: %s: sent %u, back %u, tx used %u of %u\n",
		what, sent, received, tx.last_used, tx.avail_idx);
	failx("frames did not come back");
}

static uint16_t vring_base(int idx)
{
	struct vhost_vring_state s = { (unsigned int)idx, 0 };

	xioctl(VHOST_GET_VRING_BASE, &s, "VHOST_GET_VRING_BASE");
	return (uint16_t)s.num;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void check_backend_features(void)
{
	uint64_t f, want;

	xioctl(VHOST_GET_BACKEND_FEATURES, &f, "VHOST_GET_BACKEND_FEATURES");
	printf("backend features %#llx\n", (unsigned long long)f);
	if (!(f & 1ull << VHOST_BACKEND_F_SUSPEND) ||
	    !(f & 1ull << VHOST_BACKEND_F_RESUME) ||
	    !(f & 1ull << VHOST_BACKEND_F_ENABLE_AFTER_DRIVER_OK))
		failx("SUSPEND, RESUME or ENABLE_AFTER_DRIVER_OK missing");
	if (f & 1ull << VHOST_BACKEND_F_DESC_ASID)
		failx("DESC_ASID offered");
	want = f & (1ull << VHOST_BACKEND_F_IOTLB_MSG_V2 |
		    1ull << VHOST_BACKEND_F_IOTLB_BATCH |
		    1ull << VHOST_BACKEND_F_SUSPEND |
		    1ull << VHOST_BACKEND_F_RESUME |
		    1ull << VHOST_BACKEND_F_ENABLE_AFTER_DRIVER_OK);
	xioctl(VHOST_SET_BACKEND_FEATURES, &want, "VHOST_SET_BACKEND_FEATURES");
}

static void read_mac(void)
{
	struct {
		struct vhost_vdpa_config c;
		uint8_t mac[6];
	} cfg = { .c = { .off = 0, .len = 6 } };

	xioctl(VHOST_VDPA_GET_CONFIG, &cfg, "VHOST_VDPA_GET_CONFIG");
	memcpy(mac, cfg.mac, 6);
}

/* Suspended under traffic: the state, what the card does meanwhile. */
static void suspend_under_traffic(void)
{
	uint16_t tx_base, rx_base, tx_used, rx_used;
	struct vhost_vring_state s;

	uint16_t start = used_idx(&tx);
	uint64_t end = now_ns() + 1000000000ull;

	/* Once the card has begun on them: it works in bursts of 32. */
	send_frames(40);
	while (used_idx(&tx) == start && now_ns() < end)
		;
	xioctl(VHOST_VDPA_SUSPEND, NULL, "VHOST_VDPA_SUSPEND");
	tx_base = vring_base(tx.idx);
	rx_base = vring_base(rx.idx);
	tx_used = used_idx(&tx);
	rx_used = used_idx(&rx);
	printf("suspended: tx base %u used %u (of %u sent: %s), rx base %u used %u\n",
	       tx_base, tx_used, tx.avail_idx,
	       tx_used == tx.avail_idx ? "all taken" :
	       tx_used == start ? "none taken" : "midway",
	       rx_base, rx_used);
	if (tx_base != tx_used || rx_base != rx_used)
		failx("a queue's base is not its used index after suspend");

	/* Kicks are remembered, not served; nothing is received. */
	send_frames(8);
	usleep(300000);
	if (used_idx(&tx) != tx_used || used_idx(&rx) != rx_used)
		failx("the card served a queue while suspended");
	if (vring_base(tx.idx) != tx_base || vring_base(rx.idx) != rx_base)
		failx("a queue's base moved while suspended");

	/* What a migration's destination does, allowed while suspended. */
	s = (struct vhost_vring_state){ (unsigned int)tx.idx, tx_base };
	xioctl(VHOST_SET_VRING_BASE, &s, "VHOST_SET_VRING_BASE while suspended");
	s = (struct vhost_vring_state){ (unsigned int)rx.idx, rx_base };
	xioctl(VHOST_SET_VRING_BASE, &s, "VHOST_SET_VRING_BASE while suspended");

	xioctl(VHOST_VDPA_RESUME, NULL, "VHOST_VDPA_RESUME");
	wait_all("after resume");
	printf("resumed: %u frames back, each once\n", received);
}

/*
 * A cycle suspends with its burst in flight: frames the card took from the
 * transmit ring before the suspension but had not yet looped back reach a
 * suspended device, which drops and counts them (drop_no_buffer), as it does
 * frames from the wire.  So a cycle waits for the transmit ring to be used
 * and the receive ring to go quiet; t-suspend.sh holds what did not come
 * back against the card's drop counter.
 */
static void wait_quiet(void)
{
	uint64_t end = now_ns() + WAIT_MS * 1000000ull, quiet = 0;
	unsigned int before;

	while (now_ns() < end) {
		before = received;
		reap();
		if (tx.last_used == tx.avail_idx && received == before) {
			if (++quiet >= 200)	/* 200 ms without a frame */
				return;
		} else {
			quiet = 0;
		}
		usleep(1000);
	}
	failx("the transmit ring was not used up");
}

static void timed_cycles(unsigned int cycles)
{
	uint64_t *t = calloc(cycles, sizeof(*t));
	uint32_t nvqs;
	unsigned int i, q;

	if (!t)
		die("calloc");
	xioctl(VHOST_VDPA_GET_VQS_COUNT, &nvqs, "VHOST_VDPA_GET_VQS_COUNT");
	for (i = 0; i < cycles; i++) {
		uint64_t t0;

		send_frames(16);
		t0 = now_ns();
		xioctl(VHOST_VDPA_SUSPEND, NULL, "VHOST_VDPA_SUSPEND");
		for (q = 0; q < nvqs; q++)
			vring_base((int)q);
		xioctl(VHOST_VDPA_RESUME, NULL, "VHOST_VDPA_RESUME");
		t[i] = now_ns() - t0;
		wait_quiet();
	}
	qsort(t, cycles, sizeof(*t), cmp_u64);
	printf("suspend + %u x GET_VRING_BASE + resume: median %.1f us, max %.1f us (%u cycles)\n",
	       nvqs, t[(cycles - 1) / 2] / 1000.0, t[cycles - 1] / 1000.0,
	       cycles);
	free(t);
}

int main(int argc, char **argv)
{
	unsigned int i, cycles;
	uint64_t irqs = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: vhost-suspend /dev/vhost-vdpa-N CYCLES\n");
		return 2;
	}
	cycles = (unsigned int)atoi(argv[2]);
	vu_name = "vhost-suspend";
	vu_fd = open(argv[1], O_RDWR);
	if (vu_fd < 0)
		die(argv[1]);
	mem = mmap(NULL, MEM, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE | MAP_LOCKED,
		   -1, 0);
	if (mem == MAP_FAILED)
		die("mmap");
	memset(mem, 0, MEM);

	check_backend_features();
	if (!negotiate())
		failx("FEATURES_OK refused");
	iotlb_map();
	read_mac();
	ring_setup(&rx, 0, RX_RING);
	ring_setup(&tx, 1, TX_RING);
	add_status(VIRTIO_CONFIG_S_DRIVER_OK);
	/* QEMU enables the rings after DRIVER_OK. */
	ring_enable(&rx);
	ring_enable(&tx);
	for (i = 0; i < QSIZE; i++)
		rx_post((uint16_t)i);
	publish(&rx);
	kick(&rx);

	send_frames(16);
	wait_all("before suspend");
	/* Enabled after DRIVER_OK, with its interrupt vector too. */
	if (read(rx.call, &irqs, sizeof(irqs)) != sizeof(irqs) || !irqs)
		failx("no receive interrupt from a queue enabled after DRIVER_OK");
	printf("running: %u frames back, %llu receive interrupts\n", received,
	       (unsigned long long)irqs);

	suspend_under_traffic();
	if (ioctl(vu_fd, VHOST_VDPA_RESUME, NULL) == 0 || errno != EINVAL)
		failx("VHOST_VDPA_RESUME of a running device did not fail with EINVAL");
	printf("resume while running: EINVAL\n");

	if (cycles)
		timed_cycles(cycles);
	if (dups || strays)
		failx("duplicated or foreign frames received");
	if (get_status() & VIRTIO_CONFIG_S_NEEDS_RESET)
		failx("device needs reset");
	printf("sent %u, back %u, duplicates %u: PASS\n", sent, received, dups);
	return 0;
}
