// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * stress: the guest drivers, one thread per device (over sdrv.c): transmit
 * to other devices, the wire, broadcast, multicast and unknown addresses,
 * receive and check, control-queue commands; parked when the control
 * thread asks, drained at the end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stress_drv.h"
#include "stress_frame.h"

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

void *st_drv_thread(void *arg)
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
