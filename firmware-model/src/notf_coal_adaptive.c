// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The card's own adaptive interrupt moderation, for guests that don't run
 * DIM.  The host's administrator turns it on per device and direction
 * (COAL_POLICY_SET); it then chooses the coalescing parameters
 * (virtio 1.3 5.1.6.5.9) of each queue whose parameters the driver has
 * not set since the reset, from the card's own measurement of that queue's
 * packet rate.  It yields to the driver: a TX_SET, RX_SET or VQ_SET makes
 * the queue the driver's until the next reset, and since the card changes
 * a queue's parameter word only by compare-and-swap from one it chose, a
 * set that races with an adaptation always wins.
 *
 * The algorithm aims at a target interrupt rate R per queue (the policy's
 * irq_rate, 20000/s by default):
 *
 *   - a queue whose smoothed packet rate P stays below R notifies every
 *     packet: it already interrupts less than R times a second, and adds no
 *     latency at low load;
 *   - above it, the queue coalesces max_packets = P / R packets (2 to 256)
 *     per notification, so it interrupts about R times a second, with
 *     max_usecs = 2 / R seconds as the latency bound when the rate falls
 *     between two notifications;
 *   - hysteresis: coalescing starts when P exceeds 5/4 R and stops when P
 *     falls under 3/4 R, and max_packets moves only when it changes by more
 *     than an eighth, so the parameters don't flap around the threshold.
 *
 * P is measured over windows of at least 1 ms and smoothed as
 * P = (3 P + P_window) / 4; the first window, and the first after a
 * silence longer than four windows, set P outright, so the first packet
 * after an idle period is notified at once.  The clock is read once per coalescing
 * period (when its first entry is published, which the engine needs
 * anyway), on every timer expiry, and every ADAPT_SAMPLE_PKTS packets
 * while the queue notifies every packet: the packet path never pays more
 * than a counter for it.
 */
#include "device.h"

#define ADAPT_SAMPLE_PKTS	16
#define ADAPT_WINDOW_NS		1000000ull
#define ADAPT_IDLE_WINDOWS	4
#define ADAPT_MIN_PACKETS	2
#define ADAPT_MAX_PACKETS	256

bool fw_coal_adaptive_on(const struct ovnic_vq *vq, u64 word)
{
	u32 flags = fw_read_once(&vq->dev->coal.flags);
	u32 bit = vq->qid % 2 ? OVNIC_COAL_F_ADAPTIVE_TX :
				OVNIC_COAL_F_ADAPTIVE_RX;
	u8 source = fw_coal_source(word);

	return flags & bit && (source == OVNIC_COAL_SRC_DEFAULT ||
			       source == OVNIC_COAL_SRC_ADAPTIVE);
}

static u32 clamp_u32(u64 v, u32 lo, u32 hi)
{
	return v < lo ? lo : v > hi ? hi : (u32)v;
}

/* The parameters for smoothed rate @rate, given the ones in force. */
static u64 adapt_choose(u32 rate, u32 target, u64 word)
{
	bool on = fw_coal_on(word);
	u32 packets, cur = fw_coal_packets(word);

	if (on ? (u64)rate * 4 < (u64)target * 3 :
		 (u64)rate * 4 <= (u64)target * 5)
		return on ? fw_coal_word(0, 0, OVNIC_COAL_SRC_ADAPTIVE) : word;
	packets = clamp_u32(rate / target, ADAPT_MIN_PACKETS,
			    ADAPT_MAX_PACKETS);
	if (on && fw_coal_source(word) == OVNIC_COAL_SRC_ADAPTIVE &&
	    (u64)packets * 8 <= (u64)cur * 9 &&
	    (u64)packets * 8 >= (u64)cur * 7)
		return word;
	return fw_coal_word(clamp_u32(2000000ull / target, 1,
				      OVNIC_COAL_USECS_MAX),
			    packets, OVNIC_COAL_SRC_ADAPTIVE);
}

/* One sample at @now; returns the parameter word in force afterwards. */
u64 fw_coal_adapt_sample(struct ovnic_vq *vq, u64 word, u64 now)
{
	struct fw_coal_adapt *a = &vq->coal.adapt;
	u32 target = fw_read_once(&vq->dev->coal.irq_rate);
	u64 elapsed, rate, want;

	a->window_pkts += a->since_sample;
	a->since_sample = 0;
	if (!a->window_ns || now < a->window_ns) {
		a->window_ns = now;
		a->window_pkts = 0;
		return word;
	}
	elapsed = now - a->window_ns;
	if (elapsed < ADAPT_WINDOW_NS)
		return word;
	rate = (u64)a->window_pkts * 1000000000ull / elapsed;
	if (rate > 0xffffffffull)
		rate = 0xffffffffull;
	/* COAL_VQ_QUERY reads the rate on the mailbox. */
	if (!a->rate || elapsed > ADAPT_IDLE_WINDOWS * ADAPT_WINDOW_NS)
		fw_write_once(&a->rate, (u32)rate);
	else
		fw_write_once(&a->rate, (u32)(((u64)a->rate * 3 + rate) / 4));
	a->window_ns = now;
	a->window_pkts = 0;
	if (!target)
		return word;
	want = adapt_choose(a->rate, target, word);
	if (want == word || fw_coal_cas(&vq->coal.word, word, want))
		return want;
	return fw_read_once(&vq->coal.word);	/* the driver's set won */
}

/*
 * At a flush of @published entries: count them, and sample when a period
 * starts or, while every packet is notified, every ADAPT_SAMPLE_PKTS.
 * *now gets the clock when it was read.
 */
u64 fw_coal_adapt_flush(struct ovnic_vq *vq, u64 word, u16 published,
			u64 *now)
{
	struct fw_coal *co = &vq->coal;

	co->adapt.since_sample += published;
	if (co->pending || (!fw_coal_on(word) &&
			    co->adapt.since_sample < ADAPT_SAMPLE_PKTS))
		return word;
	*now = fw_now_ns(vq->pf);
	return fw_coal_adapt_sample(vq, word, *now);
}
