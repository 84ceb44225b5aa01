// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * What tests/fuzz/fuzz_offload_path found on the offload data path, each
 * reduced to the few steps that show it.
 *
 *   wire_out_pieces: ovnic_hw.h limits a frame across the port to
 *   OVNIC_WIRE_MAX_PIECES pieces "either way", and a host may size its
 *   arrays by it; a transmit chain of more descriptors than that left
 *   the card in as many pieces (up to OVNIC_MAX_SEGS, 64).
 */
#include "test_offload.h"

static uint8_t frame[VD_RX_FRAME_MAX];

struct pieces_row {
	const char *name;
	enum ot_kind kind;
	uint32_t payload;
	uint16_t gso;		/* 0: a plain frame, NEEDS_CSUM */
	unsigned int nsegs;	/* the frame's descriptors */
};

static const struct pieces_row pieces_rows[] = {
	{ "plain_32", OT_TCP4, 1400, 0, 32 },
	{ "plain_33", OT_TCP4, 1400, 0, 33 },
	{ "plain_63", OT_UDP6, 1400, 0, 63 },
	{ "tso4_48", OT_TCP4, 30000, 1448, 48 },
};

static void wire_out_pieces(void **state)
{
	struct ut_env *e = *state;
	const struct pieces_row *r = e->param;
	struct vd_tx_opts o = { .nsegs = r->nsegs, .hdr_separate = true };
	struct virtio_net_hdr_v1 h;
	struct pb_layout lay;
	struct pb_flow fl;
	struct up_frame *uf;
	struct vd_dev *tx;
	uint32_t len;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	tx = ot_dev(e, OT_SENDER, VD_F_HOST_OFFLOADS, 0);
	ot_flow(&fl, r->kind, ot_far_mac, tx->mac, r->payload);
	len = ot_build(frame, &fl, &lay);
	ot_hdr(&h, &lay, r->gso, false);
	ot_send(tx, &h, frame, len, &o);

	uf = vd_wire_pop_hdr(e->c, NULL);
	ot_check(uf, "nothing left through the port");
	assert_int_equal(uf->len, len);
	assert_memory_equal(uf->data, frame, len);
	ot_check(uf->npieces <= OVNIC_WIRE_MAX_PIECES,
		 "a frame of %u descriptors left the port in %u pieces, "
		 "more than OVNIC_WIRE_MAX_PIECES (%u)", r->nsegs,
		 uf->npieces, OVNIC_WIRE_MAX_PIECES);
	free(uf);
	ot_no_drops(vd_txq(tx, 0));
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, wire_out_pieces, pieces_rows);
	return ut_run("offload_fuzz", &l);
}
