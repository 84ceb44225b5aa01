// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * vdriver: receive buffers for large frames, as Linux's virtio_net posts
 * them - "big packet" chains without MRG_RXBUF - and a received frame
 * gathered back from its buffers (virtio 1.2 5.1.6.3 and 5.1.6.4: with
 * MRG_RXBUF, num_buffers used entries).  See vdriver_offload.h.
 */
#include <errno.h>
#include <string.h>

#include "vdriver_offload.h"
#include "vdriver_int.h"

/* ---- posting ---- */

int vd_rx_post_big(struct vd_vq *q, unsigned int pages, bool indirect)
{
	struct vq_piece pc[VD_MAX_SEGS];
	unsigned int i;

	if (!pages)
		pages = VD_BIG_PAGES;
	if (pages + 1 > VD_MAX_SEGS)
		return -EINVAL;
	pc[0] = (struct vq_piece){ .len = q->dev->hdr_len, .write = true };
	for (i = 1; i <= pages; i++)
		pc[i] = (struct vq_piece){ .len = VD_BIG_PAGE, .write = true };
	return vq_post(q, pc, pages + 1, indirect);
}

int vd_rx_fill_big(struct vd_vq *q, unsigned int n, unsigned int pages,
		   bool indirect)
{
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = vd_rx_post_big(q, pages, indirect);
		if (ret < 0)
			return i ? (int)i : ret;
	}
	return (int)n;
}

/* ---- receiving ---- */

/* The @i-th pending used entry's chain, or NULL when it is not ours. */
static struct vd_chain *mrg_peek(struct vd_vq *q, uint16_t i,
				 struct vring_used_elem *e)
{
	struct vd_chain *ch;

	if (!vq_used_peek(q, i, &e->id, &e->len) || e->id >= q->size)
		return NULL;
	ch = q->chain[e->id];
	if (!ch || !ch->busy || ch->raw)
		return NULL;
	return ch;
}

static void mrg_hdr(struct vd_vq *q, struct vd_rx_frame *f,
		    const uint8_t *h)
{
	memcpy(&f->hdr, h, VD_NET_HDR_LEN);
	f->hash_value = 0;
	f->hash_report = 0;
	if (q->dev->hdr_len == VD_NET_HDR_HASH_LEN) {
		f->hash_value = (uint32_t)h[12] | (uint32_t)h[13] << 8 |
				(uint32_t)h[14] << 16 | (uint32_t)h[15] << 24;
		f->hash_report = (uint16_t)(h[16] | h[17] << 8);
	}
}

int vd_rx_recv_frame(struct vd_vq *q, struct vd_rx_frame *f)
{
	uint8_t h[VD_NET_HDR_HASH_LEN];
	uint32_t hdr_len = q->dev->hdr_len, total = 0;
	uint16_t pending = vd_vq_used_pending(q), nbufs = 1, i;
	struct vring_used_elem e;
	struct vd_chain *ch;
	struct vd_used u;

	if (!pending)
		return 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ch = mrg_peek(q, 0, &e);
	if (!ch || e.len < hdr_len ||
	    vd_chain_gather(ch, hdr_len, h, hdr_len) != hdr_len)
		return -EPROTO;
	mrg_hdr(q, f, h);
	if (vd_has(q->dev, VIRTIO_NET_F_MRG_RXBUF))
		nbufs = f->hdr.num_buffers;
	if (!nbufs || nbufs > VD_RX_MAX_BUFS || nbufs > pending)
		return -EPROTO;
	for (i = 0; i < nbufs; i++) {
		if (!mrg_peek(q, i, &e))
			return -EPROTO;
		total += e.len;
	}
	if (total - hdr_len > VD_RX_FRAME_MAX)
		return -EPROTO;

	/* all there: take them */
	f->nbufs = nbufs;
	f->len = 0;
	for (i = 0; i < nbufs; i++) {
		uint8_t *dst = f->data + f->len;
		uint32_t skip = i ? 0 : hdr_len, got;

		if (vd_vq_get(q, &u) != 1)
			return -EPROTO;
		f->id[i] = u.id;
		f->used_len[i] = u.len;
		if (!skip) {
			got = vd_chain_gather(u.chain, u.len, dst,
					      VD_RX_FRAME_MAX - f->len);
		} else {
			/* the header, then the rest of the first buffer */
			static uint8_t tmp[VD_NET_HDR_HASH_LEN +
					   VD_RX_FRAME_MAX];

			got = vd_chain_gather(u.chain, u.len, tmp,
					      sizeof(tmp));
			got = got > skip ? got - skip : 0;
			memcpy(dst, tmp + skip, got);
		}
		f->len += got;
	}
	return 1;
}
