// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * vdriver: the control virtqueue and its commands (rx mode, MAC table,
 * VLAN, announce, multiqueue, coalescing, RSS and hash reporting).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vdriver.h"
#include "vdriver_int.h"

#define VD_ACK_UNSET	0xee

static void vd_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void vd_put_le32(uint8_t *p, uint32_t v)
{
	vd_put_le16(p, (uint16_t)v);
	vd_put_le16(p + 2, (uint16_t)(v >> 16));
}

/* ---- control virtqueue ---- */

int vd_ctrl_raw(struct vd_dev *d, const struct vd_iov *ro, unsigned int nro,
		uint32_t ack_len, uint8_t *ack)
{
	struct vq_piece pc[VD_MAX_SEGS];
	struct vd_vq *q = vd_cvq(d);
	struct vd_used u;
	unsigned int n = 0, i;
	int head, r;

	if (!q)
		return -ENODEV;
	if (nro + 1 > VD_MAX_SEGS)
		return -EINVAL;
	for (i = 0; i < nro; i++)
		pc[n++] = (struct vq_piece){ .len = ro[i].len,
					     .src = ro[i].p };
	if (ack_len)
		pc[n++] = (struct vq_piece){ .len = ack_len, .write = true };
	head = vq_post(q, pc, n, false);
	if (head < 0)
		return head;
	if (ack_len)
		memset(q->chain[head]->seg[n - 1].p, VD_ACK_UNSET, ack_len);
	vd_vq_kick(q);
	r = vd_card_run(d->card);
	if (r)
		return r;
	for (;;) {
		r = vd_vq_get(q, &u);
		if (r == 0) {
			d->ctrl_timeouts++;
			return -ETIMEDOUT;
		}
		if (r > 0 && u.id == (uint32_t)head)
			break;
	}
	if (ack)
		*ack = ack_len ? *(uint8_t *)u.chain->seg[n - 1].p :
				 VD_ACK_UNSET;
	return (int)(u.len & 0x7fffffff);
}

int vd_ctrl_sg(struct vd_dev *d, uint8_t cls, uint8_t cmd,
	       const struct vd_iov *iov, unsigned int n)
{
	struct vd_iov ro[VD_MAX_SEGS];
	uint8_t hdr[2] = { cls, cmd };
	uint8_t ack = VD_ACK_UNSET;
	unsigned int i;
	int r;

	if (n + 2 > VD_MAX_SEGS)
		return -EINVAL;
	ro[0] = (struct vd_iov){ .p = hdr, .len = 2 };
	for (i = 0; i < n; i++)
		ro[i + 1] = iov[i];
	r = vd_ctrl_raw(d, ro, n + 1, 1, &ack);
	if (r < 0)
		return r;
	if (ack == VD_ACK_UNSET)
		return -EPROTO;
	return ack;
}

int vd_ctrl(struct vd_dev *d, uint8_t cls, uint8_t cmd, const void *data,
	    uint32_t len)
{
	struct vd_iov iov = { .p = data, .len = len };

	return vd_ctrl_sg(d, cls, cmd, &iov, data && len ? 1 : 0);
}

int vd_ctrl_result(struct vd_dev *d, uint8_t cls, uint8_t cmd,
		   const void *data, uint32_t len, void *result,
		   uint32_t room, uint32_t *written)
{
	struct vd_vq *q = vd_cvq(d);
	uint8_t hdr[2] = { cls, cmd };
	struct vq_piece pc[3];
	struct vd_used u;
	unsigned int n = 0;
	uint8_t *w;
	int head, r;

	if (!q)
		return -ENODEV;
	pc[n++] = (struct vq_piece){ .len = 2, .src = hdr };
	if (data && len)
		pc[n++] = (struct vq_piece){ .len = len, .src = data };
	pc[n++] = (struct vq_piece){ .len = 1 + room, .write = true };
	head = vq_post(q, pc, n, false);
	if (head < 0)
		return head;
	w = q->chain[head]->seg[n - 1].p;
	memset(w, VD_ACK_UNSET, 1 + room);
	vd_vq_kick(q);
	r = vd_card_run(d->card);
	if (r)
		return r;
	for (;;) {
		r = vd_vq_get(q, &u);
		if (r == 0) {
			d->ctrl_timeouts++;
			return -ETIMEDOUT;
		}
		if (r > 0 && u.id == (uint32_t)head)
			break;
	}
	if (!u.len || w[0] == VD_ACK_UNSET)
		return -EPROTO;
	if (written)
		*written = u.len - 1;
	if (result && u.len > 1)
		memcpy(result, w + 1, u.len - 1 < room ? u.len - 1 : room);
	return w[0];
}

int vd_ctrl_rx_mode(struct vd_dev *d, uint8_t cmd, bool on)
{
	uint8_t v = on;

	return vd_ctrl(d, VIRTIO_NET_CTRL_RX, cmd, &v, 1);
}

int vd_ctrl_mac_table(struct vd_dev *d, const uint8_t (*uc)[6],
		      uint32_t nuc, const uint8_t (*mc)[6], uint32_t nmc)
{
	size_t ulen = 4 + 6ul * nuc, mlen = 4 + 6ul * nmc;
	uint8_t *u = calloc(1, ulen), *m = calloc(1, mlen);
	uint32_t le;
	struct vd_iov iov[2];
	int r = -ENOMEM;

	if (!u || !m)
		goto out;
	le = ovnic_cpu_to_le32(nuc);
	memcpy(u, &le, 4);
	if (nuc)
		memcpy(u + 4, uc, 6ul * nuc);
	le = ovnic_cpu_to_le32(nmc);
	memcpy(m, &le, 4);
	if (nmc)
		memcpy(m + 4, mc, 6ul * nmc);
	iov[0] = (struct vd_iov){ .p = u, .len = ulen };
	iov[1] = (struct vd_iov){ .p = m, .len = mlen };
	r = vd_ctrl_sg(d, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_TABLE_SET,
		       iov, 2);
out:
	free(u);
	free(m);
	return r;
}

int vd_ctrl_mac_addr(struct vd_dev *d, const uint8_t mac[6])
{
	return vd_ctrl(d, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET,
		       mac, 6);
}

int vd_ctrl_vlan(struct vd_dev *d, bool add, uint16_t vid)
{
	uint16_t le = ovnic_cpu_to_le16(vid);

	return vd_ctrl(d, VIRTIO_NET_CTRL_VLAN,
		       add ? VIRTIO_NET_CTRL_VLAN_ADD : VIRTIO_NET_CTRL_VLAN_DEL,
		       &le, 2);
}

int vd_ctrl_announce_ack(struct vd_dev *d)
{
	return vd_ctrl(d, VIRTIO_NET_CTRL_ANNOUNCE,
		       VIRTIO_NET_CTRL_ANNOUNCE_ACK, NULL, 0);
}

int vd_ctrl_mq_pairs(struct vd_dev *d, uint16_t pairs)
{
	uint16_t le = ovnic_cpu_to_le16(pairs);

	return vd_ctrl(d, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET,
		       &le, 2);
}

int vd_ctrl_coal(struct vd_dev *d, bool tx, uint32_t usecs, uint32_t packets)
{
	uint8_t b[8];

	vd_put_le32(b, packets);
	vd_put_le32(b + 4, usecs);
	return vd_ctrl(d, VIRTIO_NET_CTRL_NOTF_COAL,
		       tx ? VIRTIO_NET_CTRL_NOTF_COAL_TX_SET :
			    VIRTIO_NET_CTRL_NOTF_COAL_RX_SET, b, sizeof(b));
}

int vd_ctrl_coal_vq_set(struct vd_dev *d, uint16_t vqn, uint32_t usecs,
			uint32_t packets)
{
	uint8_t b[12] = { vqn & 0xff, vqn >> 8 };

	vd_put_le32(b + 4, packets);
	vd_put_le32(b + 8, usecs);
	return vd_ctrl(d, VIRTIO_NET_CTRL_NOTF_COAL,
		       VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET, b, sizeof(b));
}

int vd_ctrl_coal_vq_get(struct vd_dev *d, uint16_t vqn, uint32_t *usecs,
			uint32_t *packets)
{
	uint8_t in[4] = { vqn & 0xff, vqn >> 8 }, out[8];
	uint32_t got = 0, le;
	int ack;

	ack = vd_ctrl_result(d, VIRTIO_NET_CTRL_NOTF_COAL,
			     VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET, in, sizeof(in),
			     out, sizeof(out), &got);
	if (ack != VIRTIO_NET_OK)
		return ack;
	if (got != sizeof(out))
		return -EPROTO;
	memcpy(&le, out, 4);
	*packets = ovnic_le32_to_cpu(le);
	memcpy(&le, out + 4, 4);
	*usecs = ovnic_le32_to_cpu(le);
	return ack;
}

int vd_ctrl_rss(struct vd_dev *d, const struct vd_rss *rss)
{
	uint8_t buf[8 + 2 * 256 + 3 + 255];
	uint32_t n = 0, i;

	if (rss->table_len > 256)
		return -EINVAL;
	vd_put_le32(buf, rss->hash_types);
	vd_put_le16(buf + 4, (uint16_t)(rss->table_len - 1));
	vd_put_le16(buf + 6, rss->unclassified);
	n = 8;
	for (i = 0; i < rss->table_len; i++, n += 2)
		vd_put_le16(buf + n, rss->table ? rss->table[i] : 0);
	vd_put_le16(buf + n, rss->max_tx_vq);
	buf[n + 2] = rss->key_len;
	n += 3;
	if (rss->key_len)
		memcpy(buf + n, rss->key, rss->key_len);
	n += rss->key_len;
	return vd_ctrl(d, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_RSS_CONFIG, buf,
		       n);
}

int vd_ctrl_hash_config(struct vd_dev *d, uint32_t hash_types,
			const uint8_t *key, uint8_t key_len)
{
	uint8_t buf[13 + 255] = { 0 };

	vd_put_le32(buf, hash_types);
	buf[12] = key_len;
	if (key_len)
		memcpy(buf + 13, key, key_len);
	return vd_ctrl(d, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_HASH_CONFIG,
		       buf, 13u + key_len);
}

int vd_ctrl_hash_tunnel(struct vd_dev *d, uint32_t tunnel_types)
{
	uint8_t buf[4];

	vd_put_le32(buf, tunnel_types);
	return vd_ctrl(d, 7 /* VIRTIO_NET_CTRL_HASH_TUNNEL */, 0, buf, 4);
}
