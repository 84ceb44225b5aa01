// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * vdriver: offloads from the driver's side - a transmit header of the
 * test's (virtio 1.2 5.1.6.2), frames with their offload state across the
 * physical port, PORT_STATS, and CTRL_GUEST_OFFLOADS (5.1.6.5.6).  See
 * vdriver_offload.h; receive buffers are in vdriver_mrg.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vdriver_offload.h"
#include "vdriver_int.h"

/* ---- transmit ---- */

int vd_tx_post_hdr(struct vd_vq *q, const struct virtio_net_hdr_v1 *hdr,
		   const void *frame, uint32_t len, const struct vd_tx_opts *o)
{
	uint8_t h[VD_NET_HDR_HASH_LEN] = { 0 };

	if (hdr)
		memcpy(h, hdr, sizeof(*hdr));
	return vq_tx_post(q, h, frame, len, o);
}

int vd_tx_send_hdr(struct vd_vq *q, const struct virtio_net_hdr_v1 *hdr,
		   const void *frame, uint32_t len, const struct vd_tx_opts *o)
{
	struct vd_used u;
	int head, r;

	head = vd_tx_post_hdr(q, hdr, frame, len, o);
	if (head < 0)
		return head;
	r = vd_vq_kick_run(q);
	if (r)
		return r;
	while ((r = vd_vq_get(q, &u)) != 0)
		if (r > 0 && u.id == (uint32_t)head)
			return 0;
	return -ETIMEDOUT;
}

/* ---- the physical port ---- */

void vd_wire_hdr_from_net(struct ovnic_wire_hdr *w,
			  const struct virtio_net_hdr_v1 *h)
{
	memset(w, 0, sizeof(*w));
	if (!h)
		return;
	w->flags = h->flags;
	w->gso_type = h->gso_type;
	w->hdr_len = ovnic_cpu_to_le16(h->hdr_len);
	w->gso_size = ovnic_cpu_to_le16(h->gso_size);
	w->csum_start = ovnic_cpu_to_le16(h->csum_start);
	w->csum_offset = ovnic_cpu_to_le16(h->csum_offset);
}

void vd_wire_hdr_to_net(struct virtio_net_hdr_v1 *h,
			const struct ovnic_wire_hdr *w)
{
	memset(h, 0, sizeof(*h));
	h->flags = w->flags;
	h->gso_type = w->gso_type;
	h->hdr_len = ovnic_le16_to_cpu(w->hdr_len);
	h->gso_size = ovnic_le16_to_cpu(w->gso_size);
	h->csum_start = ovnic_le16_to_cpu(w->csum_start);
	h->csum_offset = ovnic_le16_to_cpu(w->csum_offset);
}

int vd_wire_rx_sg(struct vd_card *c, const struct virtio_net_hdr_v1 *hdr,
		  const void *const *piece, const uint32_t *piece_len,
		  unsigned int npieces)
{
	struct ovnic_wire_hdr w;

	if (npieces > OVNIC_WIRE_MAX_PIECES)
		return -EINVAL;
	vd_wire_hdr_from_net(&w, hdr);
	ovnic_card_wire_rx_sg(c->card, &w, piece, piece_len, npieces);
	return vd_card_run(c);
}

int vd_wire_rx_hdr(struct vd_card *c, const struct virtio_net_hdr_v1 *hdr,
		   const void *frame, uint32_t len, unsigned int npieces)
{
	const void *piece[OVNIC_WIRE_MAX_PIECES];
	uint32_t plen[OVNIC_WIRE_MAX_PIECES], off = 0;
	const uint8_t *p = frame;
	unsigned int i;

	if (!npieces)
		npieces = 1;
	if (npieces > OVNIC_WIRE_MAX_PIECES)
		return -EINVAL;
	if (npieces > len)
		npieces = len ? len : 1;
	for (i = 0; i < npieces; i++) {
		plen[i] = len / npieces + (i < len % npieces ? 1 : 0);
		piece[i] = p + off;
		off += plen[i];
	}
	return vd_wire_rx_sg(c, hdr, piece, plen, npieces);
}

struct up_frame *vd_wire_pop_hdr(struct vd_card *c,
				 struct virtio_net_hdr_v1 *hdr)
{
	struct up_frame *f = up_wire_pop(c->plat);

	if (f && hdr)
		vd_wire_hdr_to_net(hdr, &f->hdr);
	return f;
}

int vd_cmd_port_stats(struct vd_card *c, struct ovnic_resp_port_stats *out)
{
	struct ovnic_cmd_hdr cmd;

	vd_cmd_hdr_init(&cmd, OVNIC_CMD_PORT_STATS, 0);
	return vd_mbox(c, &cmd, sizeof(cmd), out, sizeof(*out));
}

/* ---- control ---- */

int vd_ctrl_guest_offloads(struct vd_dev *d, uint64_t offloads)
{
	uint64_t le = ovnic_cpu_to_le64(offloads);

	return vd_ctrl(d, VIRTIO_NET_CTRL_GUEST_OFFLOADS,
		       VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET, &le, sizeof(le));
}
