// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The embedded switch: one uplink (the physical port) and the card's
 * devices.  Unicast follows the forwarding database (provisioned and
 * learned addresses); broadcast, multicast and unknown unicast flood, and
 * each device's receive filter (virtio 1.2 5.1.6.5.1, 5.1.6.5.2,
 * 5.1.6.5.3) decides what it accepts.  A device in loopback is a port with
 * a loopback plug: what it sends comes straight back to it, and the switch
 * delivers nothing to it.
 *
 * The database is an open-addressed table of 64-bit words (MAC, port,
 * flags), so the data path reads it without locks; writers hold the
 * switch lock.
 */
#include "fw.h"

#define FDB_MAC_MASK	0xffffffffffffull
#define FDB_PORT_SHIFT	48
#define FDB_STATIC	(1ull << 56)
#define FDB_VALID	(1ull << 63)
#define FDB_TOMBSTONE	(~0ull)

static u64 mac_key(const u8 *mac)
{
	return (u64)mac[0] | (u64)mac[1] << 8 | (u64)mac[2] << 16 |
	       (u64)mac[3] << 24 | (u64)mac[4] << 32 | (u64)mac[5] << 40;
}

static u32 fdb_slot(u64 key)
{
	return (u32)((key * 0x9e3779b97f4a7c15ull) >> 54) &
	       (OVNIC_FDB_SIZE - 1);
}

static bool fdb_match(u64 e, u64 key)
{
	return e != FDB_TOMBSTONE && (e & FDB_VALID) &&
	       (e & FDB_MAC_MASK) == key;
}

/* Index of @key's entry, or -1. */
static int fdb_find(struct ovnic_card *card, u64 key)
{
	u32 i, slot = fdb_slot(key);

	for (i = 0; i < OVNIC_FDB_SIZE; i++) {
		u32 s = (slot + i) & (OVNIC_FDB_SIZE - 1);
		u64 e = fw_read_once(&card->fdb[s]);

		if (!e)
			return -1;
		if (fdb_match(e, key))
			return (int)s;
	}
	return -1;
}

static u8 fdb_lookup(struct ovnic_card *card, const u8 *mac,
		     struct fw_fdb_memo *memo)
{
	u32 gen = fw_load_acquire(&card->fdb_generation);
	u64 key = mac_key(mac);
	int s;
	u8 port;

	if (memo && memo->dst_gen == gen && memo->dst == key)
		return memo->dst_port;
	s = fdb_find(card, key);
	port = s < 0 ? OVNIC_NO_PORT :
		       (u8)(fw_read_once(&card->fdb[s]) >> FDB_PORT_SHIFT);
	if (memo) {
		/* Tagged with the generation read before the lookup. */
		memo->dst = key;
		memo->dst_gen = gen;
		memo->dst_port = port;
	}
	return port;
}

/*
 * Rebuild the table in place without its tombstones, keeping the static
 * entries and, when @keep_learned, the learned ones.  Lockless readers may
 * miss an entry meanwhile; such a frame floods, as for an unknown address.
 */
static void _fdb_rebuild(struct ovnic_card *card, bool keep_learned)
{
	u32 i, n = 0;

	for (i = 0; i < OVNIC_FDB_SIZE; i++) {
		u64 e = card->fdb[i];

		if (e && e != FDB_TOMBSTONE && (keep_learned || e & FDB_STATIC))
			card->fdb_spare[n++] = e;
		fw_write_once(&card->fdb[i], 0);
	}
	card->fdb_used = 0;
	card->fdb_tombs = 0;
	for (i = 0; i < n; i++) {
		u32 t, slot = fdb_slot(card->fdb_spare[i] & FDB_MAC_MASK);

		for (t = slot; card->fdb[t]; t = (t + 1) & (OVNIC_FDB_SIZE - 1))
			;
		fw_write_once(&card->fdb[t], card->fdb_spare[i]);
		card->fdb_used++;
	}
}

/*
 * Slots in use, tombstones included, stay under 3/4 for short probes.  A
 * rebuild only reclaims tombstones, or drops learned entries for a static
 * one: a table full of live learned entries refuses a new one at once,
 * or every frame of a flood of new source addresses would rebuild it.
 */
static bool _fdb_make_room(struct ovnic_card *card, bool is_static)
{
	if (card->fdb_used < OVNIC_FDB_SIZE * 3 / 4)
		return true;
	if (card->fdb_tombs) {
		_fdb_rebuild(card, true);
		if (card->fdb_used < OVNIC_FDB_SIZE * 3 / 4)
			return true;
	}
	/* Full of live entries: learned ones give way to static ones. */
	if (!is_static)
		return false;
	_fdb_rebuild(card, false);
	return card->fdb_used < OVNIC_FDB_SIZE * 3 / 4;
}

static bool _fdb_store(struct ovnic_card *card, u64 key, u8 port, u64 flags)
{
	u64 e = key | (u64)port << FDB_PORT_SHIFT | flags | FDB_VALID;
	int s = fdb_find(card, key);
	u32 i, slot;

	if (s >= 0) {
		u64 old = card->fdb[s];

		/* A static address belongs to its port: nobody takes it. */
		if (old & FDB_STATIC && (u8)(old >> FDB_PORT_SHIFT) != port)
			return false;
		fw_write_once(&card->fdb[s], e);
		return true;
	}
	if (!_fdb_make_room(card, flags & FDB_STATIC))
		return false;
	slot = fdb_slot(key);
	for (i = 0; i < OVNIC_FDB_SIZE; i++) {
		u32 t = (slot + i) & (OVNIC_FDB_SIZE - 1);
		u64 old = card->fdb[t];

		if (!old || old == FDB_TOMBSTONE) {
			card->fdb_used += !old;
			card->fdb_tombs -= old == FDB_TOMBSTONE;
			fw_write_once(&card->fdb[t], e);
			return true;
		}
	}
	return false;
}

/*
 * Unlock after changing the table: the generation tells transmit queues'
 * memos (struct fw_fdb_memo) that their decisions may be stale.
 */
static void fdb_unlock_changed(struct ovnic_card *card)
{
	__atomic_add_fetch(&card->fdb_generation, 1, __ATOMIC_RELEASE);
	card->plat.unlock(card->switch_lock);
}

/*
 * A provisioned or driver-set address: learning never moves it, and no
 * other port may claim it.  Returns false when another port owns it.
 */
bool fw_fdb_set(struct ovnic_card *card, const u8 *mac, u8 port)
{
	bool ok;

	card->plat.lock(card->switch_lock);
	ok = _fdb_store(card, mac_key(mac), port, FDB_STATIC);
	fdb_unlock_changed(card);
	return ok;
}

/* Whether @mac is free for @port to claim. */
bool fw_fdb_available(struct ovnic_card *card, const u8 *mac, u8 port)
{
	int s = fdb_find(card, mac_key(mac));
	u64 e;

	if (s < 0)
		return true;
	e = fw_read_once(&card->fdb[s]);
	return !(e & FDB_STATIC) || (u8)(e >> FDB_PORT_SHIFT) == port;
}

/* Forget @mac if @port owns it. */
void fw_fdb_del(struct ovnic_card *card, const u8 *mac, u8 port)
{
	int s;

	card->plat.lock(card->switch_lock);
	s = fdb_find(card, mac_key(mac));
	if (s >= 0 && (u8)(card->fdb[s] >> FDB_PORT_SHIFT) == port) {
		fw_write_once(&card->fdb[s], FDB_TOMBSTONE);
		card->fdb_tombs++;
	}
	fdb_unlock_changed(card);
}

/*
 * Learn @mac's @port.  @memo (a transmit queue's, or NULL) skips the
 * lookup when the same source was learned and the table hasn't changed.
 */
void fw_fdb_learn(struct ovnic_card *card, const u8 *mac, u8 port,
		  struct fw_fdb_memo *memo)
{
	u32 gen = fw_load_acquire(&card->fdb_generation);
	u64 key = mac_key(mac);
	int s;

	if (mac[0] & 1)
		return;
	if (memo && memo->src_gen == gen && memo->src == key)
		return;
	s = fdb_find(card, key);
	if (memo) {
		memo->src = key;
		memo->src_gen = gen;
	}
	if (s >= 0) {
		u64 e = fw_read_once(&card->fdb[s]);

		if (e & FDB_STATIC || (u8)(e >> FDB_PORT_SHIFT) == port)
			return;
	}
	card->plat.lock(card->switch_lock);
	_fdb_store(card, key, port, 0);
	fdb_unlock_changed(card);
}

void fw_fdb_purge_port(struct ovnic_card *card, u8 port)
{
	u32 i;

	card->plat.lock(card->switch_lock);
	for (i = 0; i < OVNIC_FDB_SIZE; i++) {
		u64 e = card->fdb[i];

		if (e && e != FDB_TOMBSTONE &&
		    (u8)(e >> FDB_PORT_SHIFT) == port) {
			fw_write_once(&card->fdb[i], FDB_TOMBSTONE);
			card->fdb_tombs++;
		}
	}
	fdb_unlock_changed(card);
}

static bool mac_in(const u8 (*list)[6], u32 count, const u8 *mac)
{
	u32 i;

	for (i = 0; i < count && i < OVNIC_MAC_TABLE_MAX; i++)
		if (!fw_memcmp(list[i], mac, 6))
			return true;
	return false;
}

static bool filter_check(struct ovnic_dev *dev, const struct ovnic_frame *f)
{
	const struct ovnic_rx_filter *flt = &dev->filter;
	const u8 *dst = f->head;

	if (fw_dev_has(dev, VIRTIO_NET_F_CTRL_VLAN) && f->head_len >= 16 &&
	    f->head[12] == 0x81 && f->head[13] == 0x00) {
		u16 vid = (u16)((f->head[14] << 8 | f->head[15]) & 0xfff);

		if (!(flt->vlans[vid >> 5] & (1u << (vid & 31))))
			return false;
	}
	if (flt->promisc)
		return true;
	if (dst[0] & 1) {
		static const u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff,
					     0xff };

		return !fw_memcmp(dst, bcast, 6) || flt->allmulti ||
		       flt->mc_overflow ||
		       mac_in(flt->mc, flt->mc_count, dst);
	}
	return !fw_memcmp(dst, dev->cur_mac, 6) || flt->uc_overflow ||
	       mac_in(flt->uc, flt->uc_count, dst);
}

/* The owner's control queue rewrites the filter under a sequence count. */
bool fw_rx_filter_accepts(struct ovnic_dev *dev, const struct ovnic_frame *f)
{
	u32 seq;
	bool ok;

	do {
		seq = fw_load_acquire(&dev->filter.seq);
		if (seq & 1) {
			fw_cpu_relax();
			continue;
		}
		ok = filter_check(dev, f);
		fw_rmb();
	} while (seq & 1 || fw_read_once(&dev->filter.seq) != seq);
	return ok;
}

/* 5.1.4.2: nothing longer than the MTU plus the Ethernet header. */
static bool fits_mtu(const struct ovnic_dev *dev, const struct ovnic_frame *f)
{
	u32 max = dev->mtu + 14u;

	if (f->head_len >= 14 && f->head[12] == 0x81 && f->head[13] == 0x00)
		max += 4;
	return f->len <= max;
}

/* Receive @f on @dev as any frame for it: MTU, receive filter, queues. */
static void deliver(struct ovnic_dev *dev, const struct ovnic_frame *f,
		    struct fw_rx_batch *rxb)
{
	/* Any core or the wire may get here: the counters are atomic. */
	if (!fits_mtu(dev, f)) {
		fw_atomic_add(&dev->vq[0].stats.c[OVNIC_VQC_DROP_TOO_BIG], 1);
		return;
	}
	if (!fw_rx_filter_accepts(dev, f)) {
		fw_atomic_add(&dev->vq[0].stats.c[OVNIC_VQC_DROP_FILTERED], 1);
		return;
	}
	fw_net_rx_deliver(dev, f, rxb);
}

/* A frame the switch forwards to @dev, unless @dev is in loopback. */
static void switch_deliver(struct ovnic_dev *dev, const struct ovnic_frame *f,
			   struct fw_rx_batch *rxb)
{
	if (fw_read_once(&dev->loopback)) {
		fw_atomic_add(&dev->vq[0].stats.c[OVNIC_VQC_DROP_FILTERED], 1);
		return;
	}
	deliver(dev, f, rxb);
}

/* A frame @dev transmitted while in loopback: back to @dev, off the switch. */
void fw_switch_loopback(struct ovnic_dev *dev, const struct ovnic_frame *f,
			struct fw_rx_batch *rxb)
{
	deliver(dev, f, rxb);
}

/* @to_wire: the sending core's port counters (struct ovnic_core). */
static void wire_out(struct ovnic_card *card, const struct ovnic_frame *f,
		     struct fw_rx_batch *rxb, struct ovnic_vq_counters *to_wire)
{
	/* The host may hand the frame back to the card from wire_tx(). */
	if (rxb)
		fw_rx_batch_end(card, rxb);
	if (!fw_read_once(&card->wire_link)) {
		to_wire->c[OVNIC_VQC_DROP_FILTERED]++;
		return;
	}
	to_wire->c[OVNIC_VQC_PACKETS]++;
	to_wire->c[OVNIC_VQC_BYTES] += f->len;
	card->plat.wire_tx(card->plat.ctx, (const void *const *)f->piece,
			   f->piece_len, f->npieces);
}

/* Flood to every device but @in_port; @promisc_only for unknown unicast. */
static void flood(struct ovnic_card *card, u8 in_port,
		  const struct ovnic_frame *f, bool promisc_only,
		  struct fw_rx_batch *rxb)
{
	u32 i;

	for (i = 0; i < card->params.max_devices; i++) {
		struct ovnic_dev *dev = __atomic_load_n(&card->dev[i],
							__ATOMIC_ACQUIRE);

		if (!dev || i == in_port || !fw_dev_running(dev))
			continue;
		if (promisc_only && !fw_read_once(&dev->filter.promisc))
			continue;
		switch_deliver(dev, f, rxb);
	}
}

/*
 * Called inside an epoch, from a device core (@to_wire: its port counters)
 * or a wire receive (@in_port the uplink, nothing goes to the wire, and
 * @to_wire may be NULL).
 */
void fw_switch_forward(struct ovnic_card *card, u8 in_port,
		       const struct ovnic_frame *f, struct fw_rx_batch *rxb,
		       struct fw_fdb_memo *memo,
		       struct ovnic_vq_counters *to_wire)
{
	const u8 *dst = f->head;
	struct ovnic_dev *dev;
	u8 port;

	if (dst[0] & 1) {
		flood(card, in_port, f, false, rxb);
		if (in_port != OVNIC_UPLINK_PORT)
			wire_out(card, f, rxb, to_wire);
		return;
	}
	port = fdb_lookup(card, dst, memo);
	if (port == in_port)
		return;		/* never back where it came from */
	if (port < card->params.max_devices) {
		dev = __atomic_load_n(&card->dev[port], __ATOMIC_ACQUIRE);
		if (dev) {
			switch_deliver(dev, f, rxb);
			return;
		}
	}
	if (in_port != OVNIC_UPLINK_PORT)
		wire_out(card, f, rxb, to_wire);
	if (port != OVNIC_UPLINK_PORT)
		flood(card, in_port, f, true, rxb);
}

/* Describe a wire frame; false (counted) when the card can't take it. */
static bool wire_frame(struct ovnic_card *card, struct ovnic_frame *f,
		       const void *frame, u32 len)
{
	if (len < 14 || len > OVNIC_FRAME_MAX) {
		fw_atomic_add(&card->from_wire.c[OVNIC_VQC_DROP_BAD_DESC], 1);
		return false;
	}
	if (!fw_read_once(&card->wire_link)) {
		fw_atomic_add(&card->from_wire.c[OVNIC_VQC_DROP_FILTERED], 1);
		return false;
	}

	f->len = len;
	f->npieces = 1;
	f->piece[0] = frame;
	f->piece_len[0] = len;
	f->head_len = MIN(len, (u32)sizeof(f->head));
	fw_memcpy(f->head, frame, f->head_len);
	return true;
}

void ovnic_card_wire_rx_burst(struct ovnic_card *card,
			      const void *const *frame, const ovnic_u32 *len,
			      ovnic_u32 n)
{
	struct fw_rx_batch rxb = { NULL, 0 };
	struct fw_fdb_memo memo = { 0 };
	struct ovnic_frame f;
	u64 packets = 0, bytes = 0;
	u32 i, idx;

	idx = fw_epoch_enter(card);
	for (i = 0; i < n; i++) {
		if (!wire_frame(card, &f, frame[i], len[i]))
			continue;
		packets++;
		bytes += len[i];
		fw_fdb_learn(card, f.head + 6, OVNIC_UPLINK_PORT, &memo);
		fw_switch_forward(card, OVNIC_UPLINK_PORT, &f, &rxb, &memo,
				  NULL);
	}
	fw_rx_batch_end(card, &rxb);
	fw_epoch_exit(card, idx);
	/* Counted once per burst: several callers may share the port. */
	fw_atomic_add(&card->from_wire.c[OVNIC_VQC_PACKETS], packets);
	fw_atomic_add(&card->from_wire.c[OVNIC_VQC_BYTES], bytes);
}

void ovnic_card_wire_rx(struct ovnic_card *card, const void *frame,
			ovnic_u32 len)
{
	ovnic_card_wire_rx_burst(card, &frame, &len, 1);
}
