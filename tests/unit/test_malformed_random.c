// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Broken rings from a buggy or hostile driver, at random: deterministic
 * garbage (random descriptors, heads and indexes) on a device's three
 * queues.  Every head the card consumes comes back used once, and the
 * device works again after a reset.  test_malformed.c has the malformed
 * chains one by one.
 */
#include "unit.h"

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

/* Deterministic garbage: random descriptors, heads and indexes. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/*
 * The driver's view of one queue in malformed_random: the head it put in
 * each avail slot, where the card had read up to, and the heads the card
 * consumed but hasn't returned yet.
 */
struct rnd_track {
	uint16_t head_at[256];
	uint16_t card_avail;
	uint16_t owed[256];
};

/* A head on the avail ring, unless every slot holds one the card owes. */
static void rnd_push(struct vd_vq *q, struct rnd_track *t, uint16_t head)
{
	/*
	 * A slot the card hasn't read would be overwritten, and then what
	 * it consumes is no longer what was pushed; tx/rx_avail_runaway
	 * cover an avail index beyond the ring.
	 */
	if ((uint16_t)(q->avail_idx - t->card_avail) >= q->size)
		return;
	t->head_at[q->avail_idx & (q->size - 1)] = head;
	vd_vq_raw_push(q, head);
}

/*
 * Each used entry since the last call returns a head the card consumed
 * (and so one the driver made available), none more often than consumed;
 * unless the card broke the queue, everything consumed has come back.
 * Returns the number of used entries checked.
 */
static unsigned int rnd_check_used(struct vd_vq *q, struct rnd_track *t)
{
	struct ovnic_resp_vq_query vq;
	uint16_t card_avail, consumed, pushed, used_idx;
	unsigned int i, n = 0;

	assert_true(q->size <= UT_ARRAY_SIZE(t->head_at));
	assert_int_equal(vd_vq_query(q, &vq), 0);
	card_avail = ovnic_le16_to_cpu(vq.avail_idx);
	used_idx = q->used->idx;
	assert_int_equal(ovnic_le16_to_cpu(vq.used_idx), used_idx);
	consumed = card_avail - t->card_avail;
	pushed = q->avail_idx - t->card_avail;
	if (consumed > pushed)
		fail_msg("vq %u: card consumed %u entries, %u were available",
			 q->qid, consumed, pushed);
	for (i = 0; i < consumed; i++) {
		uint16_t h = t->head_at[(t->card_avail + i) & (q->size - 1)];

		if (h >= q->size)
			fail_msg("vq %u: card consumed head %u of a %u ring",
				 q->qid, h, q->size);
		t->owed[h]++;
	}
	t->card_avail = card_avail;
	for (; q->last_used != used_idx; q->last_used++) {
		uint32_t id = q->used->ring[q->last_used & (q->size - 1)].id;

		if (id >= q->size || !t->owed[id])
			fail_msg("vq %u: used id %u (used index %u) not owed",
				 q->qid, id, q->last_used);
		t->owed[id]--;
		n++;
	}
	if (vq.broken)
		return n;
	for (i = 0; i < q->size; i++)
		if (t->owed[i])
			fail_msg("vq %u: head %u consumed, not returned",
				 q->qid, i);
	return n;
}

static void malformed_random(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .queue_size = 16 };
	static struct rnd_track track[3];
	struct vd_dev *d;
	uint8_t *area;
	unsigned int iter, i, returned = 0;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = ut_dev(e, 0, &cfg);
	assert_int_equal(d->nvqs, UT_ARRAY_SIZE(track));
	memset(track, 0, sizeof(track));
	area = vd_dma_alloc(e->c, 65536);
	assert_non_null(area);
	memset(area, 0x11, 65536);
	for (iter = 0; iter < 3000; iter++) {
		unsigned int qid = rng() % 3;
		struct vd_vq *q = d->vq[qid];
		uint8_t f[128];
		uint32_t len;

		for (i = 0; i < q->size; i++) {
			uint64_t r = rng();
			uint64_t addr;

			switch (r & 3) {
			/*
			 * 16-byte aligned in the arena: a misaligned indirect
			 * table has its own test (ring_indirect_unaligned)
			 * and would stop a UBSan run here.
			 */
			case 0:
				addr = (uintptr_t)area + (rng() % 65536 & ~15);
				break;
			case 1:
				addr = (uintptr_t)q->desc + (rng() % 256 & ~15);
				break;
			case 2:
				addr = rng();
				break;
			default:
				addr = (uintptr_t)area + 65536 -
				       (rng() % 64 & ~15);
				break;
			}
			vd_vq_raw_set(q, i, addr,
				      (r >> 8) & 1 ? (r >> 16) % 2048 :
						     (uint32_t)rng(),
				      (r >> 32) & 7,
				      (r >> 40) & 1 ? (r >> 48) % q->size :
						      (uint16_t)(r >> 48));
		}
		for (i = 0; i < rng() % 4; i++) {
			uint64_t r = rng();

			rnd_push(q, &track[qid],
				 (r & 0xf) ? (r >> 8) % q->size :
					     (uint16_t)(r >> 8));
		}
		vd_vq_kick_force(q);
		vd_card_run(e->c);
		len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x88b5, 60, 1);
		vd_wire_rx(e->c, f, len);
		up_wire_clear(e->c->plat);
		/* the frame may have used RX buffers whatever queue was hit */
		for (i = 0; i < d->nvqs; i++)
			returned += rnd_check_used(d->vq[i], &track[i]);
		if (vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET ||
		    iter % 97 == 0) {
			assert_int_equal(vd_dev_reinit(d), 0);
			memset(track, 0, sizeof(track));
		}
	}
	/* the check had something to check (3339 entries when written) */
	assert_true(returned > 1000);
	/* still a working device at the end */
	assert_int_equal(vd_dev_reinit(d), 0);
	{
		uint8_t f[128];
		uint32_t len = vd_frame(f, far_mac, d->mac, VD_NO_VLAN, 0x88b5,
					60, 1);

		assert_int_equal(ut_send(d, f, len), 0);
		ut_expect_wire(e->c, f, len);
	}
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, malformed_random);
	return ut_run("malformed_random", &l);
}
