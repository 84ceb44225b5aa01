// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Bursts of frames from the host's side of the port, each with its wire
 * header and in pieces (ovnic_card_wire_rx_sg_burst(), what the uplink
 * netdev hands the card while xmit_more says more follow): every frame
 * lands where a lone one would, in order, with one receive batch for the
 * burst; a bad frame among them is counted and dropped alone; link down,
 * an empty burst and one over the limit; a receiver's DMA window shrinking
 * while the burst is under way.
 */
#include "pktbuild.h"
#include "test_switch.h"
#include "fw_peek.h"

#define MQ_DEV		NDEV	/* the device with several queue pairs */
#define MQ_PAIRS	4
#define MQ_RX_BUF	2048
#define F_MQ_RSS	(VD_F_DEFAULT | VD_BIT(VIRTIO_NET_F_RSS))

/* One frame of a burst: its bytes and how they are cut into pieces. */
struct bframe {
	uint8_t data[1600];
	uint32_t len;
	const void *piece[OVNIC_WIRE_MAX_PIECES + 1];
	uint32_t piece_len[OVNIC_WIRE_MAX_PIECES + 1];
};

static struct bframe bf[OVNIC_WIRE_BURST_MAX + 1];
static struct ovnic_wire_frame wf[OVNIC_WIRE_BURST_MAX + 1];

/* Frame @i of the burst as @npieces about even pieces, no offload. */
static void bf_cut(unsigned int i, uint32_t npieces)
{
	struct bframe *b = &bf[i];
	uint32_t k, off = 0;

	for (k = 0; k < npieces; k++) {
		uint32_t n = b->len / npieces + (k < b->len % npieces);

		b->piece[k] = b->data + off;
		b->piece_len[k] = n;
		off += n;
	}
	wf[i] = (struct ovnic_wire_frame){
		.npieces = npieces,
		.piece = b->piece,
		.piece_len = b->piece_len,
	};
}

/* A plain frame to @dst, tagged with @i in its last byte, in 1-3 pieces. */
static void bf_plain(unsigned int i, const uint8_t *dst)
{
	bf[i].len = vd_frame(bf[i].data, dst, far_mac, VD_NO_VLAN, 0x0800,
			     60 + i, (uint8_t)i);
	bf[i].data[bf[i].len - 1] = (uint8_t)i;
	bf_cut(i, 1 + i % 3);
}

/* A UDP/IPv4 frame to @dst whose source port RSS spreads over queues. */
static void bf_udp(unsigned int i, const uint8_t *dst)
{
	struct pb_flow fl = {
		.proto = PB_UDP, .vlan = PB_NO_VLAN,
		.sport = (uint16_t)(1000 + 7 * i), .dport = 4789,
		.payload = 80, .seed = (uint8_t)i,
	};

	memcpy(fl.dst_mac, dst, 6);
	memcpy(fl.src_mac, far_mac, 6);
	pb_v4(fl.src, 10, 0, 0, 1);
	pb_v4(fl.dst, 10, 0, 0, 2);
	bf[i].len = pb_flow_frame(bf[i].data, sizeof(bf[i].data), &fl, NULL);
	assert_true(bf[i].len > 0);
	bf_cut(i, 1 + i % 2);
}

static void port_stats(struct sw *s, struct ovnic_resp_port_stats *r)
{
	struct ovnic_cmd_hdr cmd;

	vd_cmd_hdr_init(&cmd, OVNIC_CMD_PORT_STATS, 0);
	assert_int_equal(vd_mbox(s->e->c, &cmd, sizeof(cmd), r, sizeof(*r)),
			 OVNIC_STATUS_OK);
}

#define FROM_WIRE(r, c)	ovnic_le64_to_cpu((r)->from_wire[OVNIC_VQC_##c])

static uint32_t burst(struct sw *s, uint32_t n)
{
	return ovnic_card_wire_rx_sg_burst(s->e->c->card, wf, n);
}

/* Device @dev's next frame on queue pair @q is frame @i of the burst. */
static void expect_frame(struct vd_dev *d, unsigned int q, unsigned int i)
{
	static struct vd_rx_pkt pkt;

	if (vd_rx_recv(vd_rxq(d, q), &pkt) != 1)
		fail_msg("device %u queue %u did not get frame %u", d->dev_id,
			 q, i);
	assert_int_equal(pkt.len, bf[i].len);
	assert_memory_equal(pkt.data, bf[i].data, bf[i].len);
}

/* A device with MQ_PAIRS queue pairs, RSS on UDP/IPv4 ports over all. */
static struct vd_dev *mq_dev(struct sw *s)
{
	struct vd_dev_cfg cfg = { .max_vqp = MQ_PAIRS, .features = F_MQ_RSS };
	struct vd_dev *d = ut_dev(s->e, MQ_DEV, &cfg);
	uint16_t table[128];
	struct vd_rss r = {
		.hash_types = VIRTIO_NET_RSS_HASH_TYPE_UDPv4,
		.table_len = 128, .table = table, .max_tx_vq = MQ_PAIRS,
		.key_len = 40, .key = pb_ms_key,
	};
	unsigned int q;

	for (q = 0; q < 128; q++)
		table[q] = q % MQ_PAIRS;
	assert_int_equal(vd_ctrl_rss(d, &r), VIRTIO_NET_OK);
	for (q = 0; q < MQ_PAIRS; q++) {
		assert_true(vd_rx_fill(vd_rxq(d, q), 64, MQ_RX_BUF) > 0);
		vd_vq_kick_run(vd_rxq(d, q));
	}
	return d;
}

/*
 * One burst to three single-queue devices in runs and one device whose
 * frames RSS spreads over its queues: each frame arrives once, where it
 * belongs, in the order sent on each queue; a run to one queue is
 * published with one interrupt decision.
 */
static void burst_many_receivers(void **state)
{
	enum { N = OVNIC_WIRE_BURST_MAX };
	unsigned int i, q, seen = 0, queues = 0;
	struct ovnic_resp_port_stats r;
	uint64_t bytes = 0;
	struct vd_dev *mq;
	struct sw s;

	sw_setup(&s, state, 0, false);
	mq = mq_dev(&s);
	/* frames 0-5 to device 1, then alternating 0/2, then the mq device */
	for (i = 0; i < N; i++) {
		if (i < 6)
			bf_plain(i, s.d[1]->mac);
		else if (i < 16)
			bf_plain(i, s.d[i % 2 ? 2 : 0]->mac);
		else
			bf_udp(i, mq->mac);
		bytes += bf[i].len;
	}
	assert_int_equal(burst(&s, N), N);

	for (i = 0; i < 6; i++)
		expect_frame(s.d[1], 0, i);
	/* six frames in a row to one queue: one interrupt, not six */
	assert_int_equal(vd_vq_irqs(vd_rxq(s.d[1], 0)), 1);
	for (i = 6; i < 16; i++)
		expect_frame(s.d[i % 2 ? 2 : 0], 0, i);
	for (q = 0; q < MQ_PAIRS; q++) {
		static struct vd_rx_pkt pkt;
		unsigned int last = 0, got = 0;

		while (vd_rx_recv(vd_rxq(mq, q), &pkt) == 1) {
			/* the UDP source port says which frame it is */
			unsigned int sport = pkt.data[34] << 8 | pkt.data[35];

			i = (sport - 1000) / 7;
			assert_true(i >= 16 && i < N);
			assert_true(i > last);	/* in order on the queue */
			assert_false(seen & (1u << (i - 16)));
			assert_int_equal(pkt.len, bf[i].len);
			assert_memory_equal(pkt.data, bf[i].data, bf[i].len);
			seen |= 1u << (i - 16);
			last = i;
			got++;
		}
		queues += got > 0;
	}
	assert_int_equal(seen, (1u << (N - 16)) - 1);
	assert_true(queues >= 2);
	sw_expect(&s, 0, false, NULL, 0);
	port_stats(&s, &r);
	assert_int_equal(FROM_WIRE(&r, PACKETS), N);
	assert_int_equal(FROM_WIRE(&r, BYTES), bytes);
}

/*
 * Bad frames among good ones: a runt, a GSO type the card doesn't know,
 * too many pieces, no pieces, a giant without GSO.  Each is counted and
 * dropped; the frames around it arrive in order.
 */
static void burst_bad_in_middle(void **state)
{
	enum { N = 12 };
	struct ovnic_resp_port_stats r;
	unsigned int i, k;
	uint64_t bytes = 0;
	struct sw s;

	sw_setup(&s, state, 0, false);
	for (i = 0; i < N; i++)
		bf_plain(i, s.d[1 + i % 2]->mac);
	bf[2].len = 13;
	bf_cut(2, 1);
	wf[4].hdr.gso_type = 0x55;
	bf_cut(6, 1);
	for (k = 0; k <= OVNIC_WIRE_MAX_PIECES; k++) {
		bf[6].piece[k] = bf[6].data;
		bf[6].piece_len[k] = 1;
	}
	wf[6].npieces = OVNIC_WIRE_MAX_PIECES + 1;
	wf[8].npieces = 0;
	bf[10].piece_len[0] = 9100;	/* the buffer is static: readable */
	wf[10].piece = (const void *const[]){ bf };
	wf[10].npieces = 1;
	assert_int_equal(burst(&s, N), N);

	for (i = 0; i < N; i++) {
		if (i == 2 || i == 4 || i == 6 || i == 8 || i == 10)
			continue;
		expect_frame(s.d[1 + i % 2], 0, i);
		bytes += bf[i].len;
	}
	sw_expect(&s, 0, false, NULL, 0);
	port_stats(&s, &r);
	assert_int_equal(FROM_WIRE(&r, PACKETS), N - 5);
	assert_int_equal(FROM_WIRE(&r, BYTES), bytes);
	assert_int_equal(FROM_WIRE(&r, DROP_BAD_DESC), 4);
	assert_int_equal(FROM_WIRE(&r, DROP_BAD_OFFLOAD), 1);
}

/* Nothing comes in from a port that is down, burst or not. */
static void burst_link_down(void **state)
{
	struct ovnic_resp_port_stats r;
	unsigned int i;
	struct sw s;

	sw_setup(&s, state, 0, false);
	for (i = 0; i < 4; i++)
		bf_plain(i, s.d[1]->mac);
	vd_reg_write(s.e->c, OVNIC_REG_WIRE_LINK, 0);
	assert_int_equal(burst(&s, 4), 4);
	sw_expect(&s, 0, false, NULL, 0);
	port_stats(&s, &r);
	assert_int_equal(FROM_WIRE(&r, PACKETS), 0);
	assert_int_equal(FROM_WIRE(&r, DROP_FILTERED), 4);
	vd_reg_write(s.e->c, OVNIC_REG_WIRE_LINK, 1);
	assert_int_equal(burst(&s, 4), 4);
	for (i = 0; i < 4; i++)
		expect_frame(s.d[1], 0, i);
	sw_expect(&s, 0, false, NULL, 0);
}

/*
 * An empty burst does nothing; one over OVNIC_WIRE_BURST_MAX is refused
 * whole: none of its frames is looked at or counted.  A full one passes.
 */
static void burst_empty_and_over_limit(void **state)
{
	struct ovnic_resp_port_stats r;
	unsigned int i;
	struct sw s;

	sw_setup(&s, state, 0, false);
	assert_int_equal(ovnic_card_wire_rx_sg_burst(s.e->c->card, NULL, 0),
			 0);
	for (i = 0; i <= OVNIC_WIRE_BURST_MAX; i++)
		bf_plain(i, s.d[1 + i % 2]->mac);
	assert_int_equal(burst(&s, OVNIC_WIRE_BURST_MAX + 1), 0);
	sw_expect(&s, 0, false, NULL, 0);
	port_stats(&s, &r);
	for (i = 0; i < OVNIC_VQC_NUM; i++)
		assert_int_equal(ovnic_le64_to_cpu(r.from_wire[i]), 0);

	assert_int_equal(burst(&s, OVNIC_WIRE_BURST_MAX),
			 OVNIC_WIRE_BURST_MAX);
	for (i = 0; i < OVNIC_WIRE_BURST_MAX; i++)
		expect_frame(s.d[1 + i % 2], 0, i);
	sw_expect(&s, 0, false, NULL, 0);
	port_stats(&s, &r);
	assert_int_equal(FROM_WIRE(&r, PACKETS), OVNIC_WIRE_BURST_MAX);
}

/* The single-frame entry is a burst of one: same checks, same counts. */
static void single_frame_entry(void **state)
{
	struct ovnic_resp_port_stats r;
	struct sw s;

	sw_setup(&s, state, 0, false);
	bf_plain(0, s.d[2]->mac);
	ovnic_card_wire_rx_sg(s.e->c->card, &wf[0].hdr, wf[0].piece,
			      wf[0].piece_len, wf[0].npieces);
	expect_frame(s.d[2], 0, 0);
	sw_expect(&s, 0, false, NULL, 0);
	ovnic_card_wire_rx_sg(s.e->c->card, &wf[0].hdr, wf[0].piece,
			      wf[0].piece_len, 0);
	port_stats(&s, &r);
	assert_int_equal(FROM_WIRE(&r, PACKETS), 1);
	assert_int_equal(FROM_WIRE(&r, DROP_BAD_DESC), 1);
}

/*
 * A writer of device 1's address space (MR_UNMAP, MR_RESET, leaving
 * identity) makes its change before it waits for the card's epoch: a
 * burst under way sees it at its next frame.  Here it lands while the
 * card translates frame 0's receive buffer, as its stores would from
 * another CPU.  Frame 0, already in the used ring, is published; the
 * rings no longer translate, so the queue breaks and asks for a reset,
 * and the rest of the burst is dropped.  (The card once lost the used
 * ring's address there and published through NULL.)
 */
static struct ovnic_card *window_card;
static void *(*window_phys_to_ptr)(void *ctx, ovnic_u64 pa, ovnic_u64 len);
static int window_calls_left = -1;	/* the writer lands when it hits 0 */

static void *window_shrinking_phys_to_ptr(void *ctx, ovnic_u64 pa,
					  ovnic_u64 len)
{
	void *p = window_phys_to_ptr(ctx, pa, len);

	if (window_calls_left >= 0 && window_calls_left-- == 0)
		fw_peek_as_writer_begins(window_card, 1, 0);
	return p;
}

static void burst_window_shrinks_mid_batch(void **state)
{
	struct ovnic_platform *host;
	struct vd_vq *rx;
	unsigned int i;
	struct sw s;

	sw_setup(&s, state, 0, false);
	rx = vd_rxq(s.d[1], 0);
	window_card = s.e->c->card;
	host = fw_peek_host(window_card);
	window_phys_to_ptr = host->phys_to_ptr;
	host->phys_to_ptr = window_shrinking_phys_to_ptr;
	host->phys_span = NULL;		/* every buffer through phys_to_ptr */
	for (i = 0; i < 4; i++)
		bf_plain(i, s.d[1]->mac);
	assert_int_equal(burst(&s, 1), 1);	/* rings translated */
	expect_frame(s.d[1], 0, 0);

	window_calls_left = 0;	/* frame 0's buffer, in the batch */
	assert_int_equal(burst(&s, 4), 4);
	host->phys_to_ptr = window_phys_to_ptr;

	assert_int_equal(window_calls_left, -1);
	expect_frame(s.d[1], 0, 0);
	assert_true(vd_dev_status(s.d[1]) & VIRTIO_CONFIG_S_NEEDS_RESET);
	assert_true(vd_vq_counter(rx, OVNIC_VQC_DROP_BAD_ADDR) >= 1);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, burst_many_receivers);
	UT_ADD(&l, burst_bad_in_middle);
	UT_ADD(&l, burst_link_down);
	UT_ADD(&l, burst_empty_and_over_limit);
	UT_ADD(&l, single_frame_entry);
	UT_ADD(&l, burst_window_shrinks_mid_batch);
	return ut_run("switch_burst", &l);
}
