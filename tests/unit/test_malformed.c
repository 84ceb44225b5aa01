// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Broken rings from a buggy or hostile driver.  Every case must end in a
 * counted drop (the chain returned used with len 0, or for RX kept) or in
 * the queue marked broken with DEVICE_NEEDS_RESET - never in a crash, a
 * write outside the buffers, or a lost queue for a recoverable error.
 * test_malformed_random.c has random garbage.
 */
#include "unit.h"

enum mal_queue { MQ_TX, MQ_RX, MQ_CVQ };

enum mal_outcome {
	MO_BAD_DESC,	/* returned used, len 0, DROP_BAD_DESC */
	MO_BAD_ADDR,	/* returned used, len 0, DROP_BAD_ADDR */
	MO_BAD_ANY,	/* returned used, len 0, BAD_DESC or BAD_ADDR */
	MO_BROKEN,	/* VQ broken, NEEDS_RESET, config interrupt */
	MO_TOO_BIG,	/* rx: DROP_TOO_BIG, buffer kept */
	MO_NO_BUFFER,	/* rx: DROP_NO_BUFFER */
};

struct mal_ctx {
	struct ut_env *e;
	struct vd_dev *d;
	struct vd_vq *q;
	uint8_t *buf;		/* 4 KiB in the arena */
	uint32_t len;		/* TX: header + frame in buf; RX: room */
	int head;		/* what the builder put on the ring */
};

struct mal_row {
	const char *name;
	enum mal_queue queue;
	enum mal_outcome outcome;
	void (*build)(struct mal_ctx *m);
	uint64_t features;	/* 0: VD_F_DEFAULT */
	uint16_t queue_size;	/* 0: 8 */
};

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

#define BAD_IOVA	0x1000ull	/* nothing is ever mapped there */

static uint16_t rflags(struct mal_ctx *m)
{
	return m->q->qid == 0 ? VRING_DESC_F_WRITE : 0;
}

static int desc(struct mal_ctx *m)
{
	int i = vd_vq_raw_desc(m->q);

	assert_true(i >= 0);
	return i;
}

static uint64_t iova(struct mal_ctx *m, const void *p)
{
	return vd_iova(m->d, p);
}

static void push(struct mal_ctx *m, int head)
{
	m->head = head;
	vd_vq_raw_push(m->q, head);
}

/* ---- builders ---- */

static void b_loop2(struct mal_ctx *m)
{
	int a = desc(m), b = desc(m);

	vd_vq_raw_set(m->q, a, iova(m, m->buf), 12,
		      VRING_DESC_F_NEXT | rflags(m), b);
	vd_vq_raw_set(m->q, b, iova(m, m->buf + 12), m->len - 12,
		      VRING_DESC_F_NEXT | rflags(m), a);
	push(m, a);
}

static void b_self_loop(struct mal_ctx *m)
{
	int a = desc(m);

	vd_vq_raw_set(m->q, a, iova(m, m->buf), m->len,
		      VRING_DESC_F_NEXT | rflags(m), a);
	push(m, a);
}

/* Every descriptor of the ring in one cycle: longer than the ring. */
static void b_ring_cycle(struct mal_ctx *m)
{
	int idx[256], i, n = m->q->size;

	for (i = 0; i < n; i++)
		idx[i] = desc(m);
	for (i = 0; i < n; i++)
		vd_vq_raw_set(m->q, idx[i], iova(m, m->buf + i), 1,
			      VRING_DESC_F_NEXT | rflags(m),
			      idx[(i + 1) % n]);
	push(m, idx[0]);
}

static void b_next_out_of_range(struct mal_ctx *m)
{
	int a = desc(m);

	vd_vq_raw_set(m->q, a, iova(m, m->buf), m->len,
		      VRING_DESC_F_NEXT | rflags(m), m->q->size + 5);
	push(m, a);
}

static void b_addr_outside(struct mal_ctx *m)
{
	int a = desc(m);

	vd_vq_raw_set(m->q, a, BAD_IOVA, m->len, rflags(m), 0);
	push(m, a);
}

static void b_addr_wraps(struct mal_ctx *m)
{
	int a = desc(m);

	vd_vq_raw_set(m->q, a, ~0ull - 15, m->len, rflags(m), 0);
	push(m, a);
}

static void b_addr_crosses_arena_end(struct mal_ctx *m)
{
	struct up_arena *ar = &m->e->c->plat->arena[0];
	int a = desc(m);

	vd_vq_raw_set(m->q, a, (uintptr_t)(ar->base + ar->size - 8), m->len,
		      rflags(m), 0);
	push(m, a);
}

static void b_second_desc_outside(struct mal_ctx *m)
{
	int a = desc(m), b = desc(m);

	vd_vq_raw_set(m->q, a, iova(m, m->buf), 12,
		      VRING_DESC_F_NEXT | rflags(m), b);
	vd_vq_raw_set(m->q, b, BAD_IOVA, m->len - 12, rflags(m), 0);
	push(m, a);
}

static void b_huge_len(struct mal_ctx *m)
{
	int a = desc(m);

	vd_vq_raw_set(m->q, a, iova(m, m->buf), 0xffffffffu, rflags(m), 0);
	push(m, a);
}

static void b_tx_writable(struct mal_ctx *m)
{
	int a = desc(m);

	vd_vq_raw_set(m->q, a, iova(m, m->buf), m->len, VRING_DESC_F_WRITE, 0);
	push(m, a);
}

static void b_tx_read_then_write(struct mal_ctx *m)
{
	int a = desc(m), b = desc(m);

	vd_vq_raw_set(m->q, a, iova(m, m->buf), m->len, VRING_DESC_F_NEXT, b);
	vd_vq_raw_set(m->q, b, iova(m, m->buf + 2048), 64,
		      VRING_DESC_F_WRITE, 0);
	push(m, a);
}

static void b_tx_shorter_than_header(struct mal_ctx *m)
{
	int a = desc(m);

	vd_vq_raw_set(m->q, a, iova(m, m->buf), 8, 0, 0);
	push(m, a);
}

static void b_rx_read_only(struct mal_ctx *m)
{
	int a = desc(m);

	vd_vq_raw_set(m->q, a, iova(m, m->buf), m->len, 0, 0);
	push(m, a);
}

static void b_rx_write_then_read(struct mal_ctx *m)
{
	int a = desc(m), b = desc(m);

	vd_vq_raw_set(m->q, a, iova(m, m->buf), 1024,
		      VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, b);
	vd_vq_raw_set(m->q, b, iova(m, m->buf + 1024), 1024, 0, 0);
	push(m, a);
}

/* An indirect table of @n entries over buf, in the arena after buf. */
static struct vring_desc *itable(struct mal_ctx *m, unsigned int n)
{
	struct vring_desc *t = (struct vring_desc *)(m->buf + 3072);
	uint32_t per = m->len / n;
	unsigned int i;

	for (i = 0; i < n; i++) {
		t[i].addr = iova(m, m->buf + i * per);
		t[i].len = i + 1 < n ? per : m->len - i * per;
		t[i].flags = rflags(m) | (i + 1 < n ? VRING_DESC_F_NEXT : 0);
		t[i].next = i + 1;
	}
	return t;
}

static void push_indirect(struct mal_ctx *m, struct vring_desc *t,
			  uint32_t len, uint16_t extra_flags, uint16_t next)
{
	int a = desc(m);

	vd_vq_raw_set(m->q, a, iova(m, t), len,
		      VRING_DESC_F_INDIRECT | extra_flags, next);
	push(m, a);
}

static void b_ind_len_not_multiple(struct mal_ctx *m)
{
	push_indirect(m, itable(m, 2), 24, 0, 0);
}

static void b_ind_len_zero(struct mal_ctx *m)
{
	push_indirect(m, itable(m, 2), 0, 0, 0);
}

static void b_ind_nested(struct mal_ctx *m)
{
	struct vring_desc *t = itable(m, 2);

	t[1].flags |= VRING_DESC_F_INDIRECT;
	t[1].addr = iova(m, t);
	t[1].len = 32;
	push_indirect(m, t, 32, 0, 0);
}

static void b_ind_with_next(struct mal_ctx *m)
{
	int b = desc(m);

	vd_vq_raw_set(m->q, b, iova(m, m->buf), 16, rflags(m), 0);
	push_indirect(m, itable(m, 2), 32, VRING_DESC_F_NEXT, b);
}

static void b_ind_table_outside(struct mal_ctx *m)
{
	int a = desc(m);

	vd_vq_raw_set(m->q, a, BAD_IOVA, 32, VRING_DESC_F_INDIRECT, 0);
	push(m, a);
}

static void b_ind_table_wraps(struct mal_ctx *m)
{
	int a = desc(m);

	vd_vq_raw_set(m->q, a, ~0ull - 15, 32, VRING_DESC_F_INDIRECT, 0);
	push(m, a);
}

static void b_ind_entry_outside(struct mal_ctx *m)
{
	struct vring_desc *t = itable(m, 2);

	t[1].addr = BAD_IOVA;
	push_indirect(m, t, 32, 0, 0);
}

static void b_ind_loop(struct mal_ctx *m)
{
	struct vring_desc *t = itable(m, 3);

	t[2].flags |= VRING_DESC_F_NEXT;
	t[2].next = 0;
	push_indirect(m, t, 48, 0, 0);
}

static void b_ind_next_out_of_range(struct mal_ctx *m)
{
	struct vring_desc *t = itable(m, 2);

	t[1].flags |= VRING_DESC_F_NEXT;
	t[1].next = 2;
	push_indirect(m, t, 32, 0, 0);
}

/* 16 well-formed entries behind an 8-entry ring. */
static void b_ind_longer_than_ring(struct mal_ctx *m)
{
	push_indirect(m, itable(m, 16), 16 * 16, 0, 0);
}

/* A correct indirect chain, on a device that didn't negotiate it. */
static void b_ind_valid(struct mal_ctx *m)
{
	push_indirect(m, itable(m, 2), 32, 0, 0);
}

static void b_head_out_of_range(struct mal_ctx *m)
{
	push(m, m->q->size + 3);
}

static void b_head_ffff(struct mal_ctx *m)
{
	push(m, 0xffff);
}

/* avail->idx more than a ring ahead of what the card consumed. */
static void b_avail_runaway(struct mal_ctx *m)
{
	vd_vq_raw_avail_bump(m->q, m->q->size + 1);
	m->head = -1;
}

static void b_rx_small_buffer(struct mal_ctx *m)
{
	m->head = vd_rx_post(m->q, 20, NULL);
	assert_true(m->head >= 0);
}

static void b_nothing(struct mal_ctx *m)
{
	m->head = -1;
}

/* Control queue: header and data fine, the ack byte outside. */
static void b_cvq_ack_outside(struct mal_ctx *m)
{
	int a = desc(m), b = desc(m);

	m->buf[0] = VIRTIO_NET_CTRL_RX;
	m->buf[1] = VIRTIO_NET_CTRL_RX_PROMISC;
	m->buf[2] = 1;
	vd_vq_raw_set(m->q, a, iova(m, m->buf), 3, VRING_DESC_F_NEXT, b);
	vd_vq_raw_set(m->q, b, BAD_IOVA, 1, VRING_DESC_F_WRITE, 0);
	push(m, a);
}

static void b_cvq_loop(struct mal_ctx *m)
{
	int a = desc(m), b = desc(m);

	m->buf[0] = VIRTIO_NET_CTRL_RX;
	m->buf[1] = VIRTIO_NET_CTRL_RX_PROMISC;
	m->buf[2] = 1;
	vd_vq_raw_set(m->q, a, iova(m, m->buf), 3, VRING_DESC_F_NEXT, b);
	vd_vq_raw_set(m->q, b, iova(m, m->buf + 64), 1,
		      VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, a);
	push(m, a);
}

#define NO_INDIRECT	(VD_F_DEFAULT & ~VD_BIT(VIRTIO_RING_F_INDIRECT_DESC))

static const struct mal_row mal_rows[] = {
	{ "tx_loop2",		MQ_TX, MO_BAD_DESC, b_loop2 },
	{ "tx_self_loop",	MQ_TX, MO_BAD_DESC, b_self_loop },
	{ "tx_ring_cycle",	MQ_TX, MO_BAD_DESC, b_ring_cycle },
	{ "tx_ring_cycle_256",	MQ_TX, MO_BAD_DESC, b_ring_cycle, 0, 256 },
	{ "tx_next_out_of_range", MQ_TX, MO_BAD_DESC, b_next_out_of_range },
	{ "tx_addr_outside",	MQ_TX, MO_BAD_ADDR, b_addr_outside },
	{ "tx_addr_wraps",	MQ_TX, MO_BAD_ADDR, b_addr_wraps },
	{ "tx_addr_crosses_arena_end", MQ_TX, MO_BAD_ADDR,
	  b_addr_crosses_arena_end },
	{ "tx_second_desc_outside", MQ_TX, MO_BAD_ADDR, b_second_desc_outside },
	{ "tx_huge_len",	MQ_TX, MO_BAD_ANY, b_huge_len },
	{ "tx_writable",	MQ_TX, MO_BAD_DESC, b_tx_writable },
	{ "tx_read_then_write",	MQ_TX, MO_BAD_DESC, b_tx_read_then_write },
	{ "tx_shorter_than_header", MQ_TX, MO_BAD_DESC,
	  b_tx_shorter_than_header },
	{ "tx_ind_len_not_multiple", MQ_TX, MO_BAD_DESC,
	  b_ind_len_not_multiple },
	{ "tx_ind_len_zero",	MQ_TX, MO_BAD_DESC, b_ind_len_zero },
	{ "tx_ind_nested",	MQ_TX, MO_BAD_DESC, b_ind_nested },
	{ "tx_ind_with_next",	MQ_TX, MO_BAD_DESC, b_ind_with_next },
	{ "tx_ind_table_outside", MQ_TX, MO_BAD_ADDR, b_ind_table_outside },
	{ "tx_ind_table_wraps",	MQ_TX, MO_BAD_ADDR, b_ind_table_wraps },
	{ "tx_ind_entry_outside", MQ_TX, MO_BAD_ADDR, b_ind_entry_outside },
	{ "tx_ind_loop",	MQ_TX, MO_BAD_DESC, b_ind_loop },
	{ "tx_ind_next_out_of_range", MQ_TX, MO_BAD_DESC,
	  b_ind_next_out_of_range },
	{ "tx_ind_longer_than_ring", MQ_TX, MO_BAD_DESC,
	  b_ind_longer_than_ring },
	{ "tx_ind_not_negotiated", MQ_TX, MO_BAD_DESC, b_ind_valid,
	  NO_INDIRECT },
	{ "tx_head_out_of_range", MQ_TX, MO_BROKEN, b_head_out_of_range },
	{ "tx_head_ffff",	MQ_TX, MO_BROKEN, b_head_ffff, 0, 256 },
	{ "tx_avail_runaway",	MQ_TX, MO_BROKEN, b_avail_runaway },

	{ "rx_loop2",		MQ_RX, MO_BAD_DESC, b_loop2 },
	{ "rx_self_loop",	MQ_RX, MO_BAD_DESC, b_self_loop },
	{ "rx_ring_cycle",	MQ_RX, MO_BAD_DESC, b_ring_cycle },
	{ "rx_next_out_of_range", MQ_RX, MO_BAD_DESC, b_next_out_of_range },
	{ "rx_addr_outside",	MQ_RX, MO_BAD_ADDR, b_addr_outside },
	{ "rx_addr_wraps",	MQ_RX, MO_BAD_ADDR, b_addr_wraps },
	{ "rx_addr_crosses_arena_end", MQ_RX, MO_BAD_ADDR,
	  b_addr_crosses_arena_end },
	{ "rx_second_desc_outside", MQ_RX, MO_BAD_ADDR, b_second_desc_outside },
	{ "rx_read_only",	MQ_RX, MO_BAD_DESC, b_rx_read_only },
	{ "rx_write_then_read",	MQ_RX, MO_BAD_DESC, b_rx_write_then_read },
	{ "rx_ind_len_not_multiple", MQ_RX, MO_BAD_DESC,
	  b_ind_len_not_multiple },
	{ "rx_ind_nested",	MQ_RX, MO_BAD_DESC, b_ind_nested },
	{ "rx_ind_table_outside", MQ_RX, MO_BAD_ADDR, b_ind_table_outside },
	{ "rx_ind_entry_outside", MQ_RX, MO_BAD_ADDR, b_ind_entry_outside },
	{ "rx_ind_loop",	MQ_RX, MO_BAD_DESC, b_ind_loop },
	{ "rx_ind_not_negotiated", MQ_RX, MO_BAD_DESC, b_ind_valid,
	  NO_INDIRECT },
	{ "rx_head_out_of_range", MQ_RX, MO_BROKEN, b_head_out_of_range },
	{ "rx_avail_runaway",	MQ_RX, MO_BROKEN, b_avail_runaway },
	{ "rx_buffer_too_small", MQ_RX, MO_TOO_BIG, b_rx_small_buffer },
	{ "rx_no_buffer",	MQ_RX, MO_NO_BUFFER, b_nothing },

	{ "cvq_ack_outside",	MQ_CVQ, MO_BAD_ADDR, b_cvq_ack_outside },
	{ "cvq_loop",		MQ_CVQ, MO_BAD_DESC, b_cvq_loop },
	{ "cvq_head_out_of_range", MQ_CVQ, MO_BROKEN, b_head_out_of_range },
};

static struct vd_vq *mal_queue(struct vd_dev *d, enum mal_queue which)
{
	switch (which) {
	case MQ_TX:
		return vd_txq(d, 0);
	case MQ_RX:
		return vd_rxq(d, 0);
	default:
		return vd_cvq(d);
	}
}

static void mal_trigger(struct mal_ctx *m, const struct mal_row *r)
{
	uint8_t f[128];
	uint32_t len;

	vd_vq_kick_force(m->q);
	vd_card_run(m->e->c);
	if (r->queue != MQ_RX)
		return;
	len = vd_frame(f, m->d->mac, far_mac, VD_NO_VLAN, 0x88b5, 60, 1);
	vd_wire_rx(m->e->c, f, len);
}

/* The queue still moves data after a counted drop. */
static void mal_check_recovers(struct mal_ctx *m, const struct mal_row *r)
{
	static struct vd_rx_pkt pkt;
	uint8_t f[128];
	uint32_t len;

	switch (r->queue) {
	case MQ_TX:
		len = vd_frame(f, far_mac, m->d->mac, VD_NO_VLAN, 0x88b5, 60,
			       2);
		assert_int_equal(ut_send(m->d, f, len), 0);
		ut_expect_wire(m->e->c, f, len);
		assert_int_equal(vd_vq_drain(m->q), 1);
		break;
	case MQ_RX:
		assert_true(vd_rx_post(m->q, 1526, NULL) >= 0);
		vd_vq_kick_run(m->q);
		len = vd_frame(f, m->d->mac, far_mac, VD_NO_VLAN, 0x88b5, 60,
			       3);
		vd_wire_rx(m->e->c, f, len);
		assert_int_equal(vd_rx_recv(m->q, &pkt), 1);
		assert_int_equal(pkt.len, len);
		assert_memory_equal(pkt.data, f, len);
		break;
	case MQ_CVQ:
		assert_int_equal(vd_ctrl_rx_mode(m->d,
						 VIRTIO_NET_CTRL_RX_PROMISC,
						 true),
				 VIRTIO_NET_OK);
		break;
	}
	ut_vq_clean(m->q);
}

/*
 * Exactly one drop, counted as @ctr: every other drop counter, through
 * DROP_FILTERED, stayed put.  A control command that could not be answered
 * is also a control error; nothing else is.
 */
static void mal_check_drops(const struct mal_row *r, const uint64_t *before,
			    const uint64_t *after, enum ovnic_vq_counter ctr)
{
	int i;

	assert_int_equal(after[ctr] - before[ctr], 1);
	for (i = OVNIC_VQC_DROP_NO_BUFFER; i <= OVNIC_VQC_DROP_FILTERED; i++)
		if ((enum ovnic_vq_counter)i != ctr && after[i] != before[i])
			fail_msg("drop counter %d moved by %llu, not only %d",
				 i, (unsigned long long)(after[i] - before[i]),
				 ctr);
	assert_int_equal(after[OVNIC_VQC_CTRL_ERRORS] -
			 before[OVNIC_VQC_CTRL_ERRORS], r->queue == MQ_CVQ);
}

static void malformed(void **state)
{
	struct ut_env *e = *state;
	const struct mal_row *r = e->param;
	struct vd_dev_cfg cfg = {
		.features = r->features,
		.queue_size = r->queue_size ? r->queue_size : 8,
	};
	struct mal_ctx m = { .e = e };
	struct ovnic_resp_vq_query vq;
	enum ovnic_vq_counter ctr = OVNIC_VQC_NUM;
	uint64_t before[OVNIC_VQC_NUM], after[OVNIC_VQC_NUM];
	struct vd_used u;
	uint32_t cfg_irqs;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	m.d = ut_dev(e, 0, &cfg);
	m.q = mal_queue(m.d, r->queue);
	assert_non_null(m.q);
	m.buf = vd_dma_alloc(e->c, 4096);
	assert_non_null(m.buf);
	memset(m.buf, 0, 4096);
	if (r->queue == MQ_TX)
		m.len = VD_NET_HDR_LEN +
			vd_frame(m.buf + VD_NET_HDR_LEN, far_mac, m.d->mac,
				 VD_NO_VLAN, 0x88b5, 60, 9);
	else
		m.len = 1526;
	assert_int_equal(vd_vq_stats(m.q, before), 0);
	cfg_irqs = vd_config_irqs(m.d);

	r->build(&m);
	mal_trigger(&m, r);

	assert_int_equal(vd_vq_stats(m.q, after), 0);
	assert_int_equal(vd_vq_query(m.q, &vq), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	switch (r->outcome) {
	case MO_BAD_DESC:
		ctr = OVNIC_VQC_DROP_BAD_DESC;
		/* fall through */
	case MO_BAD_ADDR:
	case MO_BAD_ANY:
		if (ctr == OVNIC_VQC_NUM)
			ctr = OVNIC_VQC_DROP_BAD_ADDR;
		if (r->outcome == MO_BAD_ANY &&
		    after[OVNIC_VQC_DROP_BAD_DESC] !=
		    before[OVNIC_VQC_DROP_BAD_DESC])
			ctr = OVNIC_VQC_DROP_BAD_DESC;
		mal_check_drops(r, before, after, ctr);
		assert_int_equal(vq.broken, 0);
		assert_int_equal(vd_dev_status(m.d) &
				 VIRTIO_CONFIG_S_NEEDS_RESET, 0);
		assert_int_equal(vd_vq_get(m.q, &u), 1);
		assert_int_equal(u.id, m.head);
		assert_int_equal(u.len, 0);
		assert_int_equal(vd_vq_get(m.q, &u), 0);
		mal_check_recovers(&m, r);
		break;
	case MO_TOO_BIG:
	case MO_NO_BUFFER:
		ctr = r->outcome == MO_TOO_BIG ? OVNIC_VQC_DROP_TOO_BIG :
						 OVNIC_VQC_DROP_NO_BUFFER;
		mal_check_drops(r, before, after, ctr);
		assert_int_equal(vq.broken, 0);
		assert_int_equal(vd_vq_used_pending(m.q), 0);
		assert_int_equal(vq.avail_idx, 0);
		break;
	case MO_BROKEN:
		assert_int_equal(vq.broken, 1);
		assert_true(vd_dev_status(m.d) & VIRTIO_CONFIG_S_NEEDS_RESET);
		/* 2.1.2: NEEDS_RESET after DRIVER_OK notifies the driver */
		assert_true(vd_config_irqs(m.d) > cfg_irqs);
		/* kicking a broken queue does nothing, harmlessly */
		vd_vq_kick_force(m.q);
		assert_int_equal(vd_card_run(e->c), 0);
		/* a device reset brings everything back */
		assert_int_equal(vd_dev_reinit(m.d), 0);
		m.q = mal_queue(m.d, r->queue);
		assert_int_equal(vd_vq_query(m.q, &vq), 0);
		assert_int_equal(vq.broken, 0);
		assert_int_equal(vd_dev_status(m.d) &
				 VIRTIO_CONFIG_S_NEEDS_RESET, 0);
		mal_check_recovers(&m, r);
		break;
	}
}

/* A broken queue doesn't stop the device's other queues. */
static void malformed_broken_queue_isolated(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .queue_size = 8 };
	struct vd_dev *d;
	uint8_t f[128];
	uint32_t len;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = ut_dev(e, 0, &cfg);
	vd_rx_fill(vd_rxq(d, 0), 4, 1526);
	vd_vq_kick_run(vd_rxq(d, 0));
	vd_vq_raw_push(vd_txq(d, 0), 200);
	vd_vq_kick_run(vd_txq(d, 0));
	len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x88b5, 60, 1);
	vd_wire_rx(e->c, f, len);
	/* either the frame arrived, or the device stopped all its queues */
	if (vd_vq_drain(vd_rxq(d, 0)) != 1)
		print_message("note: broken TX queue stopped RX too\n");
	assert_true(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET);
	/* other devices are not affected */
	{
		struct vd_dev *d1 = ut_dev(e, 1, NULL);

		len = vd_frame(f, far_mac, d1->mac, VD_NO_VLAN, 0x88b5, 60,
			       1);
		assert_int_equal(ut_send(d1, f, len), 0);
		ut_expect_wire(e->c, f, len);
	}
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, malformed, mal_rows);
	UT_ADD(&l, malformed_broken_queue_isolated);
	return ut_run("malformed", &l);
}
