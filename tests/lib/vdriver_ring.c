// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * vdriver: virtqueues from the driver's side: descriptor chains, TX and RX
 * buffers, kicks and interrupts, used entries, raw rings.  The split
 * ring's layout is here; a packed ring's is vdriver_packed.c's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vdriver.h"
#include "vdriver_int.h"

static inline void vd_wmb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* ---- chains ---- */

struct vd_chain *vq_chain(struct vd_vq *q, uint16_t head)
{
	if (!q->chain[head])
		q->chain[head] = calloc(1, sizeof(struct vd_chain));
	return q->chain[head];
}

unsigned int vd_vq_free_descs(struct vd_vq *q)
{
	return q->nfree;
}

/* Take @ndesc descriptors; the first is the head. */
static struct vd_chain *vq_reserve(struct vd_vq *q, unsigned int ndesc,
				   int *head)
{
	struct vd_chain *ch;
	unsigned int i;

	if (q->packed)
		return pq_reserve(q, ndesc, head);
	if (!ndesc || ndesc > VD_MAX_SEGS) {
		*head = -EINVAL;
		return NULL;
	}
	if (ndesc > q->nfree) {
		*head = -ENOSPC;
		return NULL;
	}
	*head = q->free_stack[q->nfree - 1];
	ch = vq_chain(q, *head);
	if (!ch) {
		*head = -ENOMEM;
		return NULL;
	}
	for (i = 0; i < ndesc; i++)
		ch->desc[i] = q->free_stack[--q->nfree];
	ch->id = *head;
	ch->ndesc = ndesc;
	ch->busy = true;
	ch->raw = false;
	ch->nseg = 0;
	ch->cookie = 0;
	return ch;
}

static void vq_unreserve(struct vd_vq *q, struct vd_chain *ch)
{
	unsigned int i;

	if (q->packed) {
		pq_release(q, ch);
		return;
	}
	for (i = ch->ndesc; i > 0; i--)
		q->free_stack[q->nfree++] = ch->desc[i - 1];
	ch->busy = false;
	ch->ndesc = 0;
}

static int vq_write_descs(struct vd_vq *q, struct vd_chain *ch)
{
	struct vd_dev *d = q->dev;
	unsigned int i, n = ch->nseg;

	if (ch->indirect) {
		if (ch->itable_cap < n) {
			ch->itable = vd_alloc(d->card, VD_MAX_SEGS * 16, 16);
			if (!ch->itable)
				return -ENOMEM;
			ch->itable_cap = VD_MAX_SEGS;
		}
		for (i = 0; i < n; i++) {
			struct vring_desc *e = &ch->itable[i];

			e->addr = vd_iova(d, ch->seg[i].p);
			e->len = ch->seg[i].len;
			e->flags = (ch->seg[i].write ? VRING_DESC_F_WRITE : 0) |
				   (i + 1 < n ? VRING_DESC_F_NEXT : 0);
			e->next = i + 1 < n ? i + 1 : 0;
		}
		q->desc[ch->desc[0]] = (struct vring_desc){
			.addr  = vd_iova(d, ch->itable),
			.len   = n * 16,
			.flags = VRING_DESC_F_INDIRECT,
		};
		return 0;
	}
	for (i = 0; i < n; i++) {
		struct vring_desc *e = &q->desc[ch->desc[i]];

		e->addr = vd_iova(d, ch->seg[i].p);
		e->len = ch->seg[i].len;
		e->flags = (ch->seg[i].write ? VRING_DESC_F_WRITE : 0) |
			   (i + 1 < n ? VRING_DESC_F_NEXT : 0);
		e->next = i + 1 < n ? ch->desc[i + 1] : 0;
	}
	return 0;
}

static void vq_publish(struct vd_vq *q, uint16_t head)
{
	q->avail->ring[q->avail_idx & (q->size - 1)] = head;
	vd_wmb();
	q->avail_idx++;
	q->avail->idx = q->avail_idx;
	vd_wmb();
}

/* Descriptors written and made available, or nothing done. */
static int vq_commit(struct vd_vq *q, struct vd_chain *ch)
{
	int st;

	if (q->packed)
		return pq_commit(q, ch);
	st = vq_write_descs(q, ch);
	if (!st)
		vq_publish(q, ch->id);
	return st;
}

int vd_vq_add(struct vd_vq *q, const struct vd_seg *seg, unsigned int n,
	      unsigned int flags)
{
	bool indirect = flags & VD_ADD_INDIRECT;
	struct vd_chain *ch;
	int head, st;

	if (!n || n > VD_MAX_SEGS)
		return -EINVAL;
	ch = vq_reserve(q, indirect ? 1 : n, &head);
	if (!ch)
		return head;
	ch->indirect = indirect;
	ch->nseg = n;
	memcpy(ch->seg, seg, n * sizeof(*seg));
	st = vq_commit(q, ch);
	if (st) {
		vq_unreserve(q, ch);
		return st;
	}
	return head;
}

/* A chain over this head's own data area, segments separated by poison. */
int vq_post(struct vd_vq *q, const struct vq_piece *pc, unsigned int n,
	    bool indirect)
{
	struct vd_chain *ch;
	uint32_t need = 0, off = 0;
	unsigned int i;
	int head, st;

	if (!n || n > VD_MAX_SEGS)
		return -EINVAL;
	for (i = 0; i < n; i++)
		need += pc[i].len + VD_GAP;
	ch = vq_reserve(q, indirect ? 1 : n, &head);
	if (!ch)
		return head;
	if (ch->buf_cap < need) {
		uint32_t cap = need < 2048 ? 2048 : need;

		ch->buf = vd_alloc(q->dev->card, cap, 64);
		if (!ch->buf) {
			ch->buf_cap = 0;
			vq_unreserve(q, ch);
			return -ENOMEM;
		}
		ch->buf_cap = cap;
	}
	memset(ch->buf, VD_POISON, need);
	ch->indirect = indirect;
	ch->nseg = n;
	for (i = 0; i < n; i++) {
		ch->seg[i] = (struct vd_seg){ .p = ch->buf + off,
					      .len = pc[i].len,
					      .write = pc[i].write };
		if (!pc[i].write) {
			if (pc[i].src)
				memcpy(ch->buf + off, pc[i].src, pc[i].len);
			else
				memset(ch->buf + off, 0, pc[i].len);
		}
		off += pc[i].len + VD_GAP;
	}
	ch->cookie = 1;		/* own buffer: poison is checked on reap */
	st = vq_commit(q, ch);
	if (st) {
		vq_unreserve(q, ch);
		return st;
	}
	return head;
}

/* Cut @len bytes into @k pieces as even as possible, none empty. */
static unsigned int vq_split(uint32_t len, unsigned int k, uint32_t *out)
{
	unsigned int i;

	if (!k)
		k = 1;
	if (k > len)
		k = len ? len : 1;
	for (i = 0; i < k; i++)
		out[i] = len / k + (i < len % k ? 1 : 0);
	return k;
}

/* Pieces between the caller's cut offsets: -EINVAL unless ascending. */
static int vq_cut(uint32_t total, const uint32_t *cuts, unsigned int ncuts,
		  uint32_t *out)
{
	uint32_t prev = 0;
	unsigned int i;

	if (ncuts + 1 > VD_MAX_SEGS)
		return -EINVAL;
	for (i = 0; i < ncuts; i++) {
		if (cuts[i] <= prev || cuts[i] >= total)
			return -EINVAL;
		out[i] = cuts[i] - prev;
		prev = cuts[i];
	}
	out[ncuts] = total - prev;
	return (int)ncuts + 1;
}

int vq_tx_post(struct vd_vq *q, const uint8_t *hdr, const void *frame,
	       uint32_t len, const struct vd_tx_opts *o)
{
	struct vq_piece pc[VD_MAX_SEGS];
	uint32_t piece[VD_MAX_SEGS];
	unsigned int n = 0, k, i;
	uint32_t hdr_len = q->dev->hdr_len;
	uint32_t off = 0, total = hdr_len + len;
	unsigned int nsegs = o && o->nsegs ? o->nsegs : 1;
	uint8_t *tmp;
	int ret;

	if (nsegs + 1 > VD_MAX_SEGS)
		return -EINVAL;
	tmp = calloc(1, total);
	if (!tmp)
		return -ENOMEM;
	if (hdr)
		memcpy(tmp, hdr, hdr_len);
	memcpy(tmp + hdr_len, frame, len);
	if (o && o->ncuts) {
		ret = vq_cut(total, o->cuts, o->ncuts, piece);
		if (ret < 0)
			goto out;
		k = (unsigned int)ret;
	} else {
		if (o && o->hdr_separate) {
			pc[n++] = (struct vq_piece){ .len = hdr_len,
						     .src = tmp };
			off = hdr_len;
		}
		k = vq_split(total - off, nsegs, piece);
	}
	for (i = 0; i < k; i++) {
		pc[n++] = (struct vq_piece){ .len = piece[i], .src = tmp + off };
		off += piece[i];
	}
	ret = vq_post(q, pc, n, o && o->indirect);
out:
	free(tmp);
	return ret;
}

int vd_tx_post(struct vd_vq *q, const void *frame, uint32_t len,
	       const struct vd_tx_opts *o)
{
	return vq_tx_post(q, NULL, frame, len, o);
}

int vd_rx_post(struct vd_vq *q, uint32_t len, const struct vd_rx_opts *o)
{
	struct vq_piece pc[VD_MAX_SEGS];
	uint32_t piece[VD_MAX_SEGS];
	unsigned int k, i;

	if (o && o->nsegs > VD_MAX_SEGS)
		return -EINVAL;
	k = vq_split(len, o ? o->nsegs : 1, piece);
	for (i = 0; i < k; i++)
		pc[i] = (struct vq_piece){ .len = piece[i], .write = true };
	return vq_post(q, pc, k, o && o->indirect);
}

int vd_rx_fill(struct vd_vq *q, unsigned int n, uint32_t len)
{
	int posted = 0, ret;

	while ((unsigned int)(q->size - q->nfree) < n) {
		ret = vd_rx_post(q, len, NULL);
		if (ret < 0)
			return posted ? posted : ret;
		posted++;
	}
	return posted;
}

/* ---- notifications ---- */

/* As Linux's virtio_vdpa: the data doorbell once the feature is on. */
static void vq_ring_doorbell(struct vd_vq *q)
{
	struct vd_dev *d = q->dev;

	if (d->features & VD_BIT(VIRTIO_F_NOTIFICATION_DATA))
		ovnic_card_doorbell_data(d->card->card, d->dev_id,
					 vd_vq_notify_data(q, 0), 0);
	else
		ovnic_card_doorbell(d->card->card, d->dev_id, q->qid);
}

int vd_vq_kick(struct vd_vq *q)
{
	uint16_t new = q->avail_idx, old = q->kick_old;
	bool need;

	vd_wmb();
	q->kick_old = new;
	if (q->packed)
		need = pq_kick_needed(q, (uint16_t)(new - old));
	else if (q->event_idx)
		need = vring_need_event(*vd_used_avail_event(q), new, old);
	else
		need = !(q->used->flags & VRING_USED_F_NO_NOTIFY);
	if (!need) {
		q->kicks_suppressed++;
		return 0;
	}
	vq_ring_doorbell(q);
	q->kicks++;
	return 1;
}

void vd_vq_kick_force(struct vd_vq *q)
{
	vd_wmb();
	q->kick_old = q->avail_idx;
	vq_ring_doorbell(q);
	q->kicks++;
}

uint32_t vd_vq_notify_data(const struct vd_vq *q, int skew)
{
	uint16_t next = (uint16_t)(q->avail_idx + skew);

	if (q->packed) {
		int pos = q->next_avail + skew;
		bool wrap = q->avail_wrap;

		for (; pos >= q->size; pos -= q->size)
			wrap = !wrap;
		for (; pos < 0; pos += q->size)
			wrap = !wrap;
		next = pq_state((uint16_t)pos, wrap);
	}
	return q->qid | (uint32_t)next << 16;
}

void vd_vq_kick_data(struct vd_vq *q, int skew)
{
	vd_wmb();
	q->kick_old = q->avail_idx;
	ovnic_card_doorbell_data(q->dev->card->card, q->dev->dev_id,
				 vd_vq_notify_data(q, skew), 0);
	q->kicks++;
}

int vd_vq_kick_run(struct vd_vq *q)
{
	vd_vq_kick_force(q);
	return vd_card_run(q->dev->card);
}

void vd_vq_irq_disable(struct vd_vq *q)
{
	if (q->packed) {
		pq_irq_disable(q);
		return;
	}
	q->avail->flags |= VRING_AVAIL_F_NO_INTERRUPT;
	vd_wmb();
}

void vd_vq_irq_enable(struct vd_vq *q)
{
	if (q->packed) {
		pq_irq_enable(q);
		return;
	}
	q->avail->flags &= ~VRING_AVAIL_F_NO_INTERRUPT;
	if (q->event_idx)
		*vd_avail_used_event(q) = q->last_used;
	vd_wmb();
}

void vd_vq_set_used_event(struct vd_vq *q, uint16_t idx)
{
	if (q->packed) {
		pq_set_used_event(q, idx);
		return;
	}
	*vd_avail_used_event(q) = idx;
	vd_wmb();
}

uint16_t vd_vq_avail_event(struct vd_vq *q)
{
	if (q->packed)
		return __atomic_load_n(&q->device_event->off_wrap,
				       __ATOMIC_ACQUIRE);
	return *vd_used_avail_event(q);
}

uint16_t vd_vq_used_event_in(struct vd_vq *q, unsigned int n)
{
	if (q->packed)
		return pq_used_event_in(q, n);
	return (uint16_t)(q->last_used + n);
}

uint16_t vd_vq_avail_state(struct vd_vq *q)
{
	if (q->packed)
		return pq_state(q->next_avail, q->avail_wrap);
	return q->avail_idx;
}

uint16_t vd_vq_used_state(struct vd_vq *q)
{
	if (q->packed)
		return pq_state(q->next_used, q->used_wrap);
	return q->last_used;
}

/* ---- reaping ---- */

uint16_t vd_vq_used_pending(struct vd_vq *q)
{
	if (q->packed)
		return pq_used_pending(q);
	return (uint16_t)(q->used->idx - q->last_used);
}

int vq_used_peek(struct vd_vq *q, uint16_t i, uint32_t *id, uint32_t *len)
{
	struct vring_used_elem e;

	if (q->packed)
		return pq_used_peek(q, i, id, len);
	if (i >= vd_vq_used_pending(q))
		return 0;
	vd_wmb();
	e = q->used->ring[(uint16_t)(q->last_used + i) & (q->size - 1)];
	*id = e.id;
	*len = e.len;
	return 1;
}

static void vq_release_raw(struct vd_vq *q)
{
	unsigned int i;

	for (i = 0; i < q->size; i++) {
		if (!q->raw_owned[i])
			continue;
		q->raw_owned[i] = 0;
		q->free_stack[q->nfree++] = i;
	}
}

static void vq_check_chain(struct vd_vq *q, struct vd_chain *ch, uint32_t len)
{
	uint32_t wlen = 0;
	unsigned int i, j;

	for (i = 0; i < ch->nseg; i++)
		if (ch->seg[i].write)
			wlen += ch->seg[i].len;
	if (wlen && len > wlen)
		q->bad_len++;
	if (!ch->cookie)
		return;
	for (i = 0; i < ch->nseg; i++) {
		const uint8_t *g = (const uint8_t *)ch->seg[i].p +
				   ch->seg[i].len;

		for (j = 0; j < VD_GAP; j++)
			if (g[j] != VD_POISON)
				q->poison_hits++;
	}
}

/* Split: the next used element, consumed. */
static int vq_get_used(struct vd_vq *q, struct vd_used *u)
{
	struct vring_used_elem e;

	if (q->used->idx == q->last_used)
		return 0;
	vd_wmb();
	e = q->used->ring[q->last_used & (q->size - 1)];
	q->last_used++;
	if (q->event_idx && !(q->avail->flags & VRING_AVAIL_F_NO_INTERRUPT))
		*vd_avail_used_event(q) = q->last_used;
	u->id = e.id;
	u->len = e.len;
	return 1;
}

int vd_vq_get(struct vd_vq *q, struct vd_used *u)
{
	struct vd_chain *ch;
	int r;

	r = q->packed ? pq_get_used(q, u) : vq_get_used(q, u);
	if (r <= 0)
		return r;
	u->chain = NULL;
	if (u->id >= q->size || !q->chain[u->id] || !q->chain[u->id]->busy) {
		q->bad_used++;
		return -EPROTO;
	}
	ch = q->chain[u->id];
	u->chain = ch;
	if (ch->raw) {
		ch->raw = false;
		if (q->packed) {
			pq_release(q, ch);
			return 1;
		}
		ch->busy = false;
		if (q->raw_busy && !--q->raw_busy)
			vq_release_raw(q);
		return 1;
	}
	ch->busy = false;
	vq_check_chain(q, ch, u->len);
	vq_unreserve(q, ch);
	return 1;
}

int vd_vq_drain(struct vd_vq *q)
{
	struct vd_used u;
	int n = 0, r;

	while ((r = vd_vq_get(q, &u)) != 0)
		if (r > 0)
			n++;
	return n;
}

uint32_t vd_chain_gather(const struct vd_chain *ch, uint32_t len, void *dst,
			 uint32_t cap)
{
	uint8_t *out = dst;
	uint32_t got = 0;
	unsigned int i;

	for (i = 0; i < ch->nseg && got < len && got < cap; i++) {
		uint32_t n = ch->seg[i].len;

		if (!ch->seg[i].write)
			continue;
		if (n > len - got)
			n = len - got;
		if (n > cap - got)
			n = cap - got;
		memcpy(out + got, ch->seg[i].p, n);
		got += n;
	}
	return got;
}

int vd_rx_recv(struct vd_vq *q, struct vd_rx_pkt *pkt)
{
	static uint8_t tmp[VD_NET_HDR_HASH_LEN + VD_MAX_FRAME];
	uint32_t hdr_len = q->dev->hdr_len;
	struct vd_used u;
	uint32_t got;
	int r;

	r = vd_vq_get(q, &u);
	if (r <= 0)
		return r;
	pkt->id = u.id;
	pkt->used_len = u.len;
	memset(&pkt->hdr, 0, sizeof(pkt->hdr));
	pkt->hash_value = 0;
	pkt->hash_report = 0;
	pkt->len = 0;
	got = vd_chain_gather(u.chain, u.len, tmp, sizeof(tmp));
	if (got < hdr_len)
		return 1;
	memcpy(&pkt->hdr, tmp, VD_NET_HDR_LEN);
	if (hdr_len == VD_NET_HDR_HASH_LEN) {
		pkt->hash_value = (uint32_t)tmp[12] | (uint32_t)tmp[13] << 8 |
				  (uint32_t)tmp[14] << 16 |
				  (uint32_t)tmp[15] << 24;
		pkt->hash_report = (uint16_t)(tmp[16] | tmp[17] << 8);
	}
	pkt->len = got - hdr_len;
	memcpy(pkt->data, tmp + hdr_len, pkt->len);
	return 1;
}

/* ---- raw rings ---- */

int vd_vq_raw_desc(struct vd_vq *q)
{
	uint16_t idx;

	if (q->packed)
		return -EOPNOTSUPP;
	if (!q->nfree)
		return -ENOSPC;
	idx = q->free_stack[--q->nfree];
	q->raw_owned[idx] = 1;
	return idx;
}

void vd_vq_raw_set(struct vd_vq *q, uint16_t idx, uint64_t addr,
		   uint32_t len, uint16_t flags, uint16_t next)
{
	if (q->packed)
		return;
	q->desc[idx & (q->size - 1)] = (struct vring_desc){
		.addr = addr, .len = len, .flags = flags, .next = next,
	};
}

void vd_vq_raw_push(struct vd_vq *q, uint16_t head)
{
	if (q->packed)
		return;
	if (head < q->size) {
		struct vd_chain *ch = vq_chain(q, head);

		if (ch && !ch->busy) {
			ch->busy = true;
			ch->raw = true;
			ch->nseg = 0;
			ch->ndesc = 0;
			ch->cookie = 0;
			q->raw_busy++;
		}
	}
	vq_publish(q, head);
}

void vd_vq_raw_avail_bump(struct vd_vq *q, uint16_t delta)
{
	if (q->packed)
		return;
	q->avail_idx += delta;
	q->avail->idx = q->avail_idx;
	vd_wmb();
}
