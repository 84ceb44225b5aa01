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
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

static const char *const st_op_name[] = {
	"reset", "vq-toggle", "config-mac", "mac-policy", "link",
	"loopback", "coal", "mr", "destroy-create", "stats", "query",
	"wire-link", "mem-changed",
};

static void st_fail(struct st_test *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void st_fail(struct st_test *t, const char *fmt, ...)
{
	va_list ap;

	if (__atomic_add_fetch(&t->failures, 1, __ATOMIC_RELAXED) >
	    ST_MAX_FAIL_MSGS)
		return;
	va_start(ap, fmt);
	fputs("stress: FAIL: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static bool st_stopping(struct st_test *t)
{
	return __atomic_load_n(&t->stop, __ATOMIC_ACQUIRE);
}

static uint32_t st_rand(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

static void st_usleep(unsigned int us)
{
	struct timespec ts = { .tv_sec = us / 1000000,
			       .tv_nsec = (long)(us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

/* ---- addresses and frames ---- */

static void st_mac(uint8_t *mac, uint8_t kind, uint8_t a, uint8_t b)
{
	mac[0] = 0x02;
	mac[1] = kind;
	mac[2] = 0;
	mac[3] = 0;
	mac[4] = a;
	mac[5] = b;
}

/* Provisioned MACs are 02:00:00:00:10:<dev> (sdrv.c). */
static void st_dev_mac(uint8_t *mac, unsigned int dev)
{
	st_mac(mac, 0x00, 0x10, (uint8_t)dev);
}

/* The device a provisioned MAC belongs to, or -1. */
static int st_mac_dev(const uint8_t *mac)
{
	uint8_t m[6];

	if (mac[5] >= ST_DEVS)
		return -1;
	st_dev_mac(m, mac[5]);
	return memcmp(m, mac, 6) ? -1 : mac[5];
}

static const uint8_t st_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint8_t st_pattern(uint32_t seq, uint32_t k)
{
	return (uint8_t)(seq * 7 + k);
}

static uint32_t st_frame(uint8_t *buf, const uint8_t *dst, const uint8_t *src,
			 int vid, uint32_t len, uint16_t src_dev, uint32_t seq)
{
	struct st_payload pl = { .magic = ST_MAGIC, .len = (uint16_t)len,
				 .src_dev = src_dev, .seq = seq };
	uint32_t off = 12, k;

	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	if (vid >= 0) {
		buf[off++] = 0x81;
		buf[off++] = 0x00;
		buf[off++] = (uint8_t)(vid >> 8);
		buf[off++] = (uint8_t)vid;
	}
	buf[off++] = ST_ETHERTYPE >> 8;
	buf[off++] = ST_ETHERTYPE & 0xff;
	memcpy(buf + off, &pl, sizeof(pl));
	off += sizeof(pl);
	for (k = 0; off + k < len; k++)
		buf[off + k] = st_pattern(seq, k);
	return len;
}

/* Whether @f is a test frame, whole; *pl gets its payload header. */
static bool st_frame_ok(const uint8_t *f, uint32_t len, struct st_payload *pl)
{
	uint32_t off = 12, k;

	if (len >= 16 && f[12] == 0x81 && f[13] == 0x00)
		off += 4;
	if (len < off + 2 + sizeof(*pl) ||
	    (f[off] << 8 | f[off + 1]) != ST_ETHERTYPE)
		return false;
	off += 2;
	memcpy(pl, f + off, sizeof(*pl));
	off += sizeof(*pl);
	if (pl->magic != ST_MAGIC || pl->len != len)
		return false;
	for (k = 0; off + k < len; k++)
		if (f[off + k] != st_pattern(pl->seq, k))
			return false;
	return true;
}

/* ---- guest drivers ---- */

static void st_on_rx(struct sd_dev *d, const uint8_t *f, uint32_t len,
		     void *arg)
{
	struct st_drv *dr = arg;
	struct st_payload pl;
	int owner;

	if (!st_frame_ok(f, len, &pl)) {
		if (!d->n.bad_frame++)
			st_fail(dr->t, "dev %u: received a torn frame (%u bytes)",
				d->id, len);
		return;
	}
	/*
	 * Unicast to another device's provisioned MAC belongs to that device
	 * only, whatever this one's filter says; what this device sent
	 * itself may come back (loopback, the wire's echo).
	 */
	owner = st_mac_dev(f);
	if (owner >= 0 && owner != d->id && owner != ST_VICTIM &&
	    pl.src_dev != d->id) {
		if (!d->n.leaked++)
			st_fail(dr->t, "dev %u received a frame for dev %d from %s %u",
				d->id, owner,
				pl.src_dev == ST_WIRE_DEV ? "the wire" : "dev",
				pl.src_dev == ST_WIRE_DEV ? 0 : pl.src_dev);
	}
}

/*
 * Another device for a driver's claims: never the victim, whose MAC is
 * anybody's to claim while it is destroyed, and then its own creation
 * would fail.
 */
static unsigned int st_other_stable(unsigned int self, uint32_t r)
{
	unsigned int other = (self + 1 + r % (ST_DEVS - 1)) % ST_DEVS;

	if (other == ST_VICTIM)
		other = (other + 1) % ST_DEVS;
	return other == self ? (self + 1) % ST_VICTIM : other;
}

static void st_pick_dst(struct st_drv *dr, uint8_t *dst)
{
	uint32_t r = st_rand(&dr->rnd), pick = r % 100;
	unsigned int other = (dr->d.id + 1 + (r >> 8) % (ST_DEVS - 1)) %
			     ST_DEVS;

	if (pick < 40)
		st_dev_mac(dst, other);
	else if (pick < 50)
		memcpy(dst, st_bcast, 6);
	else if (pick < 58) {
		static const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };

		memcpy(dst, mc, 6);
		dst[5] = (uint8_t)(r >> 16) % 4;
	} else if (pick < 72)
		st_mac(dst, 0xaa, 0, (uint8_t)((r >> 16) % 8));	/* the wire */
	else if (pick < 80)
		st_mac(dst, 0xdd, 0, (uint8_t)(r >> 16));	/* unknown */
	else if (pick < 85)
		st_dev_mac(dst, dr->d.id);
	else if (pick < 93)
		st_mac(dst, 0xcc, (uint8_t)other, (uint8_t)((r >> 16) % 4));
	else
		st_mac(dst, 0xbb, (uint8_t)other, (uint8_t)((r >> 16) % 4));
}

static void st_pick_src(struct st_drv *dr, uint8_t *src)
{
	uint32_t r = st_rand(&dr->rnd), pick = r % 100;

	if (pick < 85)
		st_dev_mac(src, dr->d.id);
	else if (pick < 95)	/* learned where nobody owns it */
		st_mac(src, 0xcc, (uint8_t)dr->d.id, (uint8_t)((r >> 8) % 4));
	else			/* another device's: spoofing */
		st_dev_mac(src, (dr->d.id + 1) % ST_DEVS);
}

static unsigned int st_tx_some(struct st_drv *dr, struct sd_vq *q)
{
	uint8_t frame[1536], dst[6], src[6];
	unsigned int n;

	for (n = 0; n < ST_TX_BATCH; n++) {
		uint32_t r = st_rand(&dr->rnd), len;
		int vid = r % 5 == 0 ? (int)(1 + (r >> 4) % 8) : -1;

		st_pick_dst(dr, dst);
		st_pick_src(dr, src);
		len = 60 + (r >> 8) % (1514 - 60 + 1);
		if (vid >= 0)
			len += 4;
		st_frame(frame, dst, src, vid, len, dr->d.id, dr->seq++);
		if (!sd_tx_post(&dr->d, q, frame, len))
			break;
	}
	if (n)
		sd_kick(&dr->d, q);
	return n;
}

/* A control command whose answer must be OK; others may be refused. */
static void st_ctrl(struct st_drv *dr, uint8_t cls, uint8_t cmd,
		    const void *data, uint32_t len, int expect)
{
	int ack = sd_ctrl(&dr->d, cls, cmd, data, len, ST_CTRL_TIMEOUT,
			  &dr->pause_req);

	if (ack == -ETIMEDOUT)
		st_fail(dr->t, "dev %u: control command %u/%u never answered",
			dr->d.id, cls, cmd);
	else if (ack == -EPROTO)
		st_fail(dr->t, "dev %u: control command %u/%u: no ack",
			dr->d.id, cls, cmd);
	else if (ack >= 0 && expect >= 0 && ack != expect) {
		dr->d.n.ctrl_wrong++;
		st_fail(dr->t, "dev %u: control command %u/%u answered %d, not %d",
			dr->d.id, cls, cmd, ack, expect);
	}
}

static void st_ctrl_mac_table(struct st_drv *dr)
{
	uint8_t buf[4 + 6 * 70 + 4 + 6 * 4], *p = buf;
	uint32_t r = st_rand(&dr->rnd);
	uint32_t n_uc = r % 5, n_mc = (r >> 3) % 4, i;

	if (r % 16 == 0)
		n_uc = 65;	/* overflow: the filter takes all unicast */
	memcpy(p, &n_uc, 4);
	p += 4;
	for (i = 0; i < n_uc; i++, p += 6) {
		uint32_t k = st_rand(&dr->rnd);

		switch (k % 4) {
		case 0:
			st_dev_mac(p, st_other_stable(dr->d.id, k / 4));
			break;
		case 1:
			st_mac(p, 0xcc, (uint8_t)dr->d.id, (uint8_t)(k / 4 % 4));
			break;
		case 2:
			st_mac(p, 0xbb, (uint8_t)dr->d.id, (uint8_t)(k / 4 % 4));
			break;
		default:
			st_mac(p, 0xdd, 0, (uint8_t)(k / 4));
			break;
		}
	}
	memcpy(p, &n_mc, 4);
	p += 4;
	for (i = 0; i < n_mc; i++, p += 6) {
		static const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0, 0, 0 };

		memcpy(p, mc, 6);
		p[5] = (uint8_t)i;
	}
	st_ctrl(dr, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_TABLE_SET, buf,
		(uint32_t)(p - buf), VIRTIO_NET_OK);
}

static void st_ctrl_mac_addr(struct st_drv *dr)
{
	uint32_t r = st_rand(&dr->rnd);
	unsigned int other = st_other_stable(dr->d.id, r / 8);
	uint8_t mac[6];

	switch (r % 4) {
	case 0:
		st_dev_mac(mac, dr->d.id);
		st_ctrl(dr, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET,
			mac, 6, VIRTIO_NET_OK);
		return;
	case 1:		/* another device's: never ours to take */
		st_dev_mac(mac, other);
		st_ctrl(dr, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET,
			mac, 6, VIRTIO_NET_ERR);
		return;
	case 2:		/* allowed by a policy, perhaps */
		st_mac(mac, 0xbb, (uint8_t)dr->d.id, (uint8_t)(r / 8 % 4));
		break;
	default:	/* free: claimed under ANY */
		st_mac(mac, 0xcc, (uint8_t)dr->d.id, (uint8_t)(r / 8 % 4));
		break;
	}
	st_ctrl(dr, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET, mac, 6,
		-1);
}

static void st_ctrl_coal(struct st_drv *dr)
{
	uint32_t r = st_rand(&dr->rnd), v[2] = { r % 33, (r >> 8) % 101 };
	uint8_t vq[12];
	uint16_t qid = (uint16_t)((r >> 16) % (2 * dr->d.max_vqp));

	switch (r % 4) {
	case 0:
		st_ctrl(dr, VIRTIO_NET_CTRL_NOTF_COAL,
			VIRTIO_NET_CTRL_NOTF_COAL_TX_SET, v, 8, VIRTIO_NET_OK);
		break;
	case 1:
		st_ctrl(dr, VIRTIO_NET_CTRL_NOTF_COAL,
			VIRTIO_NET_CTRL_NOTF_COAL_RX_SET, v, 8, VIRTIO_NET_OK);
		break;
	case 2:		/* ERR while the host has the queue disabled */
		memset(vq, 0, sizeof(vq));
		memcpy(vq, &qid, 2);
		memcpy(vq + 4, v, 8);
		st_ctrl(dr, VIRTIO_NET_CTRL_NOTF_COAL,
			VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET, vq, 12, -1);
		break;
	default:
		memset(vq, 0, 4);
		memcpy(vq, &qid, 2);
		st_ctrl(dr, VIRTIO_NET_CTRL_NOTF_COAL,
			VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET, vq, 4, -1);
		break;
	}
}

static void st_ctrl_random(struct st_drv *dr)
{
	uint32_t r = st_rand(&dr->rnd);
	uint8_t on = (r >> 8) & 1;
	uint16_t v16;

	switch (r % 8) {
	case 0:
		st_ctrl(dr, VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC,
			&on, 1, VIRTIO_NET_OK);
		break;
	case 1:
		st_ctrl(dr, VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_ALLMULTI,
			&on, 1, VIRTIO_NET_OK);
		break;
	case 2:
		st_ctrl_mac_table(dr);
		break;
	case 3:
		st_ctrl_mac_addr(dr);
		break;
	case 4:
		v16 = (uint16_t)(1 + (r >> 9) % 8);
		st_ctrl(dr, VIRTIO_NET_CTRL_VLAN,
			on ? VIRTIO_NET_CTRL_VLAN_ADD : VIRTIO_NET_CTRL_VLAN_DEL,
			&v16, 2, VIRTIO_NET_OK);
		break;
	case 5:
		v16 = (uint16_t)(1 + (r >> 9) % dr->d.max_vqp);
		st_ctrl(dr, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET,
			&v16, 2, VIRTIO_NET_OK);
		break;
	case 6:
		st_ctrl_coal(dr);
		break;
	default:
		st_ctrl(dr, VIRTIO_NET_CTRL_ANNOUNCE,
			VIRTIO_NET_CTRL_ANNOUNCE_ACK, NULL, 0, VIRTIO_NET_OK);
		break;
	}
}

/* Let the control thread have the device until it is done with it. */
static void st_park(struct st_drv *dr)
{
	__atomic_store_n(&dr->parked, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&dr->pause_req, __ATOMIC_ACQUIRE))
		st_usleep(100);
	__atomic_store_n(&dr->parked, 0, __ATOMIC_RELEASE);
}

static unsigned int st_drv_round(struct st_drv *dr, bool post)
{
	struct sd_dev *d = &dr->d;
	unsigned int p, work = 0;

	for (p = 0; p < d->max_vqp; p++) {
		work += sd_tx_reap(d, sd_txq(d, p));
		work += sd_rx_reap(d, sd_rxq(d, p), st_on_rx, dr);
		if (sd_rx_refill(d, sd_rxq(d, p)))
			sd_kick(d, sd_rxq(d, p));
		if (post)
			work += st_tx_some(dr, sd_txq(d, p));
	}
	return work;
}

static unsigned int st_drv_outstanding(struct st_drv *dr)
{
	unsigned int p, n = 0;

	for (p = 0; p < dr->d.max_vqp; p++)
		n += sd_tx_outstanding(sd_txq(&dr->d, p));
	return n;
}

/*
 * Stopping: no more posts; every transmitted buffer must come back
 * without another kick, or a doorbell was lost somewhere.
 */
static void st_drv_drain(struct st_drv *dr)
{
	uint64_t end = tp_now_ns() + dr->t->drain_seconds * 1000000000ull;

	while (st_drv_outstanding(dr) && tp_now_ns() < end) {
		if (__atomic_load_n(&dr->pause_req, __ATOMIC_ACQUIRE))
			st_park(dr);
		if (!st_drv_round(dr, false))
			st_usleep(1000);
	}
	dr->stalled = st_drv_outstanding(dr);
}

static void *st_drv_thread(void *arg)
{
	struct st_drv *dr = arg;
	struct st_test *t = dr->t;

	while (!__atomic_load_n(&t->draining, __ATOMIC_ACQUIRE)) {
		uint64_t now;

		if (__atomic_load_n(&dr->pause_req, __ATOMIC_ACQUIRE)) {
			st_park(dr);
			continue;
		}
		if (!st_drv_round(dr, true))
			st_usleep(50);
		now = tp_now_ns();
		if (now >= dr->ctrl_next) {
			st_ctrl_random(dr);
			dr->ctrl_next = now + 200000 + st_rand(&dr->rnd) % 800000;
		}
	}
	st_drv_drain(dr);
	return NULL;
}

/* ---- the host's control thread ---- */

static void st_pause(struct st_drv *dr)
{
	__atomic_store_n(&dr->pause_req, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&dr->parked, __ATOMIC_ACQUIRE))
		st_usleep(50);
}

static void st_resume(struct st_drv *dr)
{
	__atomic_store_n(&dr->pause_req, 0, __ATOMIC_RELEASE);
}

static int st_mbox(struct st_test *t, const void *cmd, uint32_t cmd_len,
		   void *resp, uint32_t resp_len)
{
	t->mbox++;
	return sd_mbox(t->card, cmd, cmd_len, resp, resp_len);
}

static void st_expect(struct st_test *t, const char *what, unsigned int dev,
		      int got, int want)
{
	if (got != want)
		st_fail(t, "dev %u: %s: status %d, expected %d", dev, what, got,
			want);
}

/* Virtio reset and re-initialization, with the driver's cooperation. */
static void st_op_reset(struct st_test *t, unsigned int i)
{
	struct st_drv *dr = &t->drv[i];
	uint32_t r = st_rand(&t->rnd);
	struct ovnic_cmd_dev_set_queues sq = { .max_vqp = ST_VQP,
					       .max_queue_size = SD_QSIZE };
	struct ovnic_resp_hdr resp;
	bool early = r & 1;

	/* Half the time the card is reset under a driver still running. */
	if (early)
		st_expect(t, "reset", i, sd_mbox_bare(t->card,
			  OVNIC_CMD_DEV_RESET, (uint16_t)i), 0);
	st_pause(dr);
	if (!early) {
		if (r & 2)
			st_expect(t, "status 0", i,
				  sd_set_status(t->card, (uint16_t)i, 0), 0);
		else
			st_expect(t, "reset", i, sd_mbox_bare(t->card,
				  OVNIC_CMD_DEV_RESET, (uint16_t)i), 0);
	}
	sd_hdr(&sq.hdr, OVNIC_CMD_DEV_SET_QUEUES, (uint16_t)i);
	st_expect(t, "set queues", i, st_mbox(t, &sq, sizeof(sq), &resp,
					       sizeof(resp)), 0);
	st_expect(t, "restart", i, sd_dev_start(&dr->d), 0);
	st_resume(dr);
}

static void st_op_vq_toggle(struct st_test *t, unsigned int i)
{
	uint16_t qid = (uint16_t)(st_rand(&t->rnd) % (2 * ST_VQP + 1));

	st_expect(t, "vq off", i, sd_vq_ready(t->card, (uint16_t)i, qid, false),
		  0);
	if (st_rand(&t->rnd) & 1)
		st_usleep(200);
	st_expect(t, "vq on", i, sd_vq_ready(t->card, (uint16_t)i, qid, true),
		  0);
}

static void st_op_config_mac(struct st_test *t, unsigned int i)
{
	struct ovnic_cmd_dev_config cmd = { .length = ovnic_cpu_to_le16(6) };
	uint32_t r = st_rand(&t->rnd);
	unsigned int other = (i + 1 + r / 8 % (ST_DEVS - 1)) % ST_DEVS;
	struct ovnic_resp_hdr resp;
	int st, want = -1;

	switch (r % 4) {
	case 0:
		st_dev_mac(cmd.data, i);
		want = OVNIC_STATUS_OK;
		break;
	case 1:
		st_dev_mac(cmd.data, other);
		if (other != ST_VICTIM)
			want = OVNIC_STATUS_NOT_SUPPORTED;
		break;
	case 2:
		st_mac(cmd.data, 0xbb, (uint8_t)i, (uint8_t)(r / 8 % 4));
		break;
	default:
		st_mac(cmd.data, 0xcc, (uint8_t)i, (uint8_t)(r / 8 % 4));
		break;
	}
	sd_hdr(&cmd.hdr, OVNIC_CMD_DEV_CONFIG_WRITE, (uint16_t)i);
	st = st_mbox(t, &cmd, sizeof(cmd), &resp, sizeof(resp));
	if (want >= 0)
		st_expect(t, "config write of the MAC", i, st, want);
}

/* The MAC a device answers with must be one it owns. */
static void st_check_policy(struct st_test *t, unsigned int i,
			    const struct ovnic_resp_dev_mac_policy *g)
{
	const uint8_t *mac = g->mac;
	uint8_t own[6];
	bool owned;
	int owner;
	unsigned int k;

	st_dev_mac(own, i);
	owned = !memcmp(mac, own, 6);
	for (k = 0; k < g->policy.n_allowed && k < OVNIC_MAC_ALLOWED_MAX; k++)
		owned |= !memcmp(mac, g->policy.allowed[k], 6);
	for (k = 0; k < g->n_claimed && k < OVNIC_MAC_OWNED_MAX; k++)
		owned |= !memcmp(mac, g->claimed[k], 6);
	owner = st_mac_dev(mac);
	if (!owned || (owner >= 0 && owner != (int)i))
		st_fail(t, "dev %u: current MAC %02x:%02x:%02x:%02x:%02x:%02x not its own",
			i, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	if (g->policy.n_allowed > OVNIC_MAC_ALLOWED_MAX ||
	    1u + g->policy.n_allowed + g->n_claimed > OVNIC_MAC_OWNED_MAX)
		st_fail(t, "dev %u: owns %u allowed + %u claimed addresses", i,
			g->policy.n_allowed, g->n_claimed);
	for (k = 0; k < g->n_claimed && k < OVNIC_MAC_OWNED_MAX; k++) {
		owner = st_mac_dev(g->claimed[k]);
		if (owner >= 0 && owner != (int)i)
			st_fail(t, "dev %u claimed dev %d's MAC", i, owner);
	}
}

static void st_op_mac_policy(struct st_test *t, unsigned int i)
{
	struct ovnic_cmd_dev_mac_policy cmd = { 0 };
	struct ovnic_resp_dev_mac_policy get;
	struct ovnic_cmd_hdr hdr;
	struct ovnic_resp_hdr resp;
	uint32_t r = st_rand(&t->rnd), k;
	bool steal = r % 8 == 0;
	int st;

	cmd.policy.flags = r & 2 ? OVNIC_MACP_ANY : 0;
	cmd.policy.spoof = (uint8_t)((r >> 2) % 3);
	cmd.policy.n_allowed = (uint8_t)((r >> 4) % 4);
	for (k = 0; k < cmd.policy.n_allowed; k++)
		st_mac(cmd.policy.allowed[k], 0xbb, (uint8_t)i, (uint8_t)k);
	if (steal) {	/* another device's MAC: refused, nothing changes */
		unsigned int other = (i + 1 + (r >> 8) % (ST_DEVS - 1)) %
				     ST_DEVS;

		st_dev_mac(cmd.policy.allowed[cmd.policy.n_allowed++], other);
		steal = other != ST_VICTIM;
	}
	sd_hdr(&cmd.hdr, OVNIC_CMD_DEV_SET_MAC_POLICY, (uint16_t)i);
	st = st_mbox(t, &cmd, sizeof(cmd), &resp, sizeof(resp));
	if (steal)
		st_expect(t, "policy with another's MAC", i, st,
			  OVNIC_STATUS_EXISTS);
	else if (st != OVNIC_STATUS_EXISTS)	/* a driver's claim may hold one */
		st_expect(t, "mac policy", i, st, 0);

	sd_hdr(&hdr, OVNIC_CMD_DEV_GET_MAC_POLICY, (uint16_t)i);
	st = st_mbox(t, &hdr, sizeof(hdr), &get, sizeof(get));
	st_expect(t, "get mac policy", i, st, 0);
	if (!st)
		st_check_policy(t, i, &get);
}

static void st_op_coal(struct st_test *t, unsigned int i)
{
	struct ovnic_cmd_coal_policy cmd = { 0 };
	struct ovnic_resp_coal_policy get;
	struct ovnic_resp_coal_vq vq;
	struct ovnic_cmd_vq q = { 0 };
	struct ovnic_resp_hdr resp;
	uint32_t r = st_rand(&t->rnd);

	cmd.policy.rx_usecs = ovnic_cpu_to_le32(r % 4 ? r % 64 : 0);
	cmd.policy.rx_frames = ovnic_cpu_to_le32((r >> 6) % 16);
	cmd.policy.tx_usecs = ovnic_cpu_to_le32((r >> 10) % 64);
	cmd.policy.tx_frames = ovnic_cpu_to_le32((r >> 16) % 16);
	cmd.policy.flags = ovnic_cpu_to_le32((r >> 20) % 4);
	cmd.policy.irq_rate = ovnic_cpu_to_le32(r & (1u << 24) ? 1000 : 0);
	sd_hdr(&cmd.hdr, OVNIC_CMD_COAL_POLICY_SET, (uint16_t)i);
	st_expect(t, "coal policy", i, st_mbox(t, &cmd, sizeof(cmd), &resp,
						sizeof(resp)), 0);
	sd_hdr(&cmd.hdr, OVNIC_CMD_COAL_POLICY_GET, (uint16_t)i);
	st_expect(t, "coal get", i, st_mbox(t, &cmd.hdr, sizeof(cmd.hdr), &get,
					    sizeof(get)), 0);
	q.qid = ovnic_cpu_to_le16((uint16_t)((r >> 25) % (2 * ST_VQP)));
	sd_hdr(&q.hdr, OVNIC_CMD_COAL_VQ_QUERY, (uint16_t)i);
	st_expect(t, "coal vq query", i, st_mbox(t, &q, sizeof(q), &vq,
						 sizeof(vq)), 0);
}

/*
 * The device behind a DMA window: regions come and go beside the live
 * ones, and sometimes under its buffers (counted drops, never a write
 * outside the window).
 */
static void st_op_mr(struct st_test *t)
{
	struct sd_dev *d = &t->drv[ST_MAPPED].d;
	uint32_t r = st_rand(&t->rnd);
	uint64_t off = (uint64_t)(r % 8) * (ST_SCRATCH / 8);
	uint64_t b_iova = SD_IOVA_BASE + d->ring_bytes;

	int st;

	switch ((r >> 4) % 3) {
	case 0:		/* EXISTS when mapped already */
		st = sd_mr_map(t->card, d->id, ST_SCRATCH_IOVA + off,
			       ST_SCRATCH / 8, t->scratch + off);
		if (st != OVNIC_STATUS_EXISTS)
			st_expect(t, "mr map", ST_MAPPED, st, 0);
		if (r & (1u << 10))
			st_expect(t, "mr unmap", ST_MAPPED,
				  sd_mr_unmap(t->card, d->id,
					      ST_SCRATCH_IOVA + off,
					      ST_SCRATCH / 8), 0);
		break;
	case 1:
		st_expect(t, "mr unmap scratch", ST_MAPPED,
			  sd_mr_unmap(t->card, d->id, ST_SCRATCH_IOVA,
				      ST_SCRATCH), 0);
		break;
	default:	/* the buffers, briefly */
		st_expect(t, "mr unmap buffers", ST_MAPPED,
			  sd_mr_unmap(t->card, d->id, b_iova, d->buf_bytes),
			  0);
		st_usleep(100);
		st_expect(t, "mr map buffers", ST_MAPPED,
			  sd_mr_map(t->card, d->id, b_iova, d->buf_bytes,
				    d->mem + d->ring_bytes), 0);
		break;
	}
}

static void st_op_destroy_create(struct st_test *t)
{
	struct st_drv *dr = &t->drv[ST_VICTIM];
	unsigned int q;

	st_pause(dr);
	st_expect(t, "destroy", ST_VICTIM, sd_mbox_bare(t->card,
		  OVNIC_CMD_DEV_DESTROY, ST_VICTIM), 0);
	st_usleep(st_rand(&t->rnd) % 2000);
	st_expect(t, "create", ST_VICTIM, sd_dev_create(&dr->d), 0);
	st_expect(t, "start", ST_VICTIM, sd_dev_start(&dr->d), 0);
	for (q = 0; q < SD_MAX_VQS; q++)
		memset(&t->seen[ST_VICTIM][q], 0, sizeof(t->seen[0][0]));
	st_resume(dr);
}

static void st_seen(struct st_test *t, const char *what, unsigned int i,
		    unsigned int q, uint64_t *seen, const ovnic_le64 *now)
{
	unsigned int c;

	for (c = 0; c < OVNIC_VQC_NUM; c++) {
		uint64_t v = ovnic_le64_to_cpu(now[c]);

		if (v < seen[c])
			st_fail(t, "%s %u/%u: counter %u went from %llu to %llu",
				what, i, q, c, (unsigned long long)seen[c],
				(unsigned long long)v);
		seen[c] = v;
	}
}

static void st_op_stats(struct st_test *t, unsigned int i)
{
	struct ovnic_resp_port_stats ps;
	struct ovnic_resp_vq_stats vs;
	struct ovnic_cmd_vq q = { 0 };
	struct ovnic_cmd_hdr hdr;
	unsigned int qid = st_rand(&t->rnd) % (2 * ST_VQP + 1);

	sd_hdr(&hdr, OVNIC_CMD_PORT_STATS, 0);
	if (!st_mbox(t, &hdr, sizeof(hdr), &ps, sizeof(ps))) {
		st_seen(t, "port out", 0, 0, t->port_seen[0], ps.to_wire);
		st_seen(t, "port in", 0, 0, t->port_seen[1], ps.from_wire);
	}
	q.qid = ovnic_cpu_to_le16((uint16_t)qid);
	sd_hdr(&q.hdr, OVNIC_CMD_VQ_STATS, (uint16_t)i);
	if (!st_mbox(t, &q, sizeof(q), &vs, sizeof(vs)))
		st_seen(t, "vq", i, qid, t->seen[i][qid].c, vs.counter);
}

/* Nothing this test does may break a queue. */
static void st_op_query(struct st_test *t, unsigned int i)
{
	struct ovnic_resp_dev_query dq;
	struct ovnic_resp_vq_query vq;
	struct ovnic_resp_dev_config cfg;
	struct ovnic_cmd_dev_config rd = { .length = ovnic_cpu_to_le16(8) };
	struct ovnic_cmd_rss_set_policy rp = { 0 };
	struct ovnic_resp_rss_query rq;
	struct ovnic_resp_hdr resp;
	struct ovnic_cmd_vq q = { 0 };
	unsigned int qid;

	if (!sd_query(t->card, (uint16_t)i, &dq) &&
	    dq.status & VIRTIO_CONFIG_S_NEEDS_RESET)
		st_fail(t, "dev %u needs a reset (status %#x)", i, dq.status);
	for (qid = 0; qid < 2 * ST_VQP + 1; qid++) {
		q.qid = ovnic_cpu_to_le16((uint16_t)qid);
		sd_hdr(&q.hdr, OVNIC_CMD_VQ_QUERY, (uint16_t)i);
		if (!st_mbox(t, &q, sizeof(q), &vq, sizeof(vq)) && vq.broken)
			st_fail(t, "dev %u vq %u broken", i, qid);
	}
	sd_hdr(&rd.hdr, OVNIC_CMD_DEV_CONFIG_READ, (uint16_t)i);
	st_expect(t, "config read", i, st_mbox(t, &rd, sizeof(rd), &cfg,
					       sizeof(cfg)), 0);
	rp.tunnel_types = ovnic_cpu_to_le32(st_rand(&t->rnd) & 0x1ff);
	sd_hdr(&rp.hdr, OVNIC_CMD_RSS_SET_POLICY, (uint16_t)i);
	st_expect(t, "rss policy", i, st_mbox(t, &rp, sizeof(rp), &resp,
					      sizeof(resp)), 0);
	sd_hdr(&rp.hdr, OVNIC_CMD_RSS_QUERY, (uint16_t)i);
	st_expect(t, "rss query", i, st_mbox(t, &rp.hdr, sizeof(rp.hdr), &rq,
					     sizeof(rq)), 0);
}

static void st_op_simple(struct st_test *t, unsigned int op, unsigned int i)
{
	struct ovnic_cmd_dev_set_link link = { 0 };
	struct ovnic_cmd_dev_set_loopback lb = { 0 };
	struct ovnic_resp_hdr resp;
	uint32_t r = st_rand(&t->rnd);

	switch (op) {
	case 4:
		link.link_up = r % 3 != 0;
		sd_hdr(&link.hdr, OVNIC_CMD_DEV_SET_LINK, (uint16_t)i);
		st_expect(t, "link", i, st_mbox(t, &link, sizeof(link), &resp,
						sizeof(resp)), 0);
		break;
	case 5:
		lb.loopback = r % 3 == 0;
		sd_hdr(&lb.hdr, OVNIC_CMD_DEV_SET_LOOPBACK, (uint16_t)i);
		st_expect(t, "loopback", i, st_mbox(t, &lb, sizeof(lb), &resp,
						    sizeof(resp)), 0);
		break;
	case 11:
		ovnic_card_reg_write(t->card, OVNIC_REG_WIRE_LINK, 0);
		st_usleep(r % 500);
		ovnic_card_reg_write(t->card, OVNIC_REG_WIRE_LINK, 1);
		break;
	default:
		ovnic_card_host_memory_changed(t->card);
		break;
	}
}

static void st_control_op(struct st_test *t)
{
	static const unsigned char weight[] = {
		2, 4, 4, 4, 3, 2, 3, 4, 1, 4, 2, 1, 1,
	};
	unsigned int sum = 0, op, pick, i = st_rand(&t->rnd) % ST_DEVS;

	for (op = 0; op < sizeof(weight); op++)
		sum += weight[op];
	pick = st_rand(&t->rnd) % sum;
	for (op = 0; pick >= weight[op]; op++)
		pick -= weight[op];
	t->ops[op]++;
	switch (op) {
	case 0:
		st_op_reset(t, i);
		break;
	case 1:
		st_op_vq_toggle(t, i);
		break;
	case 2:
		st_op_config_mac(t, i);
		break;
	case 3:
		st_op_mac_policy(t, i);
		break;
	case 6:
		st_op_coal(t, i);
		break;
	case 7:
		st_op_mr(t);
		break;
	case 8:
		st_op_destroy_create(t);
		break;
	case 9:
		st_op_stats(t, i);
		break;
	case 10:
		st_op_query(t, i);
		break;
	default:
		st_op_simple(t, op, i);
		break;
	}
}

/* Leave every device able to send and receive, for the drain. */
static void st_control_settle(struct st_test *t)
{
	struct ovnic_cmd_dev_set_link link = { .link_up = 1 };
	struct ovnic_cmd_dev_set_loopback lb = { 0 };
	struct ovnic_resp_hdr resp;
	uint16_t i;

	ovnic_card_reg_write(t->card, OVNIC_REG_WIRE_LINK, 1);
	for (i = 0; i < ST_DEVS; i++) {
		sd_hdr(&link.hdr, OVNIC_CMD_DEV_SET_LINK, i);
		st_mbox(t, &link, sizeof(link), &resp, sizeof(resp));
		sd_hdr(&lb.hdr, OVNIC_CMD_DEV_SET_LOOPBACK, i);
		st_mbox(t, &lb, sizeof(lb), &resp, sizeof(resp));
	}
}

static void *st_control_thread(void *arg)
{
	struct st_test *t = arg;

	while (!st_stopping(t)) {
		st_control_op(t);
		st_usleep(200 + st_rand(&t->rnd) % 1000);
	}
	st_control_settle(t);
	return NULL;
}

/* ---- the network beyond the port ---- */

static void *st_wire_thread(void *arg)
{
	struct st_test *t = arg;
	static struct tp_wire_slot echo[8];
	uint8_t frames[8][1536], dst[6], src[6];
	const void *ptr[16];
	uint32_t len[16], seq = 0, rnd = 0x9e3779b9u;

	/* softirq: the data path's context */
	tp_thread_atomic(true);
	while (!st_stopping(t)) {
		unsigned int n = 0, k, fresh = 1 + st_rand(&rnd) % 8;

		k = tp_wire_pop(t->plat, echo, st_rand(&rnd) % 9);
		for (; n < k; n++) {
			ptr[n] = echo[n].data;
			len[n] = echo[n].len;
		}
		for (k = 0; k < fresh; k++, n++) {
			uint32_t r = st_rand(&rnd), pick = r % 100;

			if (pick < 50)
				st_dev_mac(dst, (r >> 8) % ST_DEVS);
			else if (pick < 65)
				memcpy(dst, st_bcast, 6);
			else if (pick < 75)
				st_mac(dst, 0xbb, (uint8_t)((r >> 8) % ST_DEVS),
				       (uint8_t)((r >> 12) % 4));
			else if (pick < 85)
				st_mac(dst, 0xcc, (uint8_t)((r >> 8) % ST_DEVS),
				       (uint8_t)((r >> 12) % 4));
			else
				st_mac(dst, 0xdd, 0, (uint8_t)(r >> 8));
			/* a few sources, and now and then a new one */
			if (r % t->new_src_every == 0)
				st_mac(src, 0xaa, (uint8_t)(r >> 8),
				       (uint8_t)(r >> 16));
			else
				st_mac(src, 0xaa, 0, (uint8_t)((r >> 20) % 8));
			len[n] = st_frame(frames[k], dst, src, -1,
					  60 + (r >> 4) % 1455, ST_WIRE_DEV,
					  seq++);
			ptr[n] = frames[k];
		}
		ovnic_card_wire_rx_burst(t->card, ptr, len, n);
		t->wire_frames += n;
		st_usleep(100 + st_rand(&rnd) % 400);
	}
	return NULL;
}

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
