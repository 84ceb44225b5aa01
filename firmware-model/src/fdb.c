// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The forwarding database (fdb.h): an open-addressed table of 64-bit words
 * (MAC, port, flags), so the data path reads it without locks; writers
 * hold its lock.  Static entries are the addresses devices own (their MAC
 * policy, mac_policy.c): at most OVNIC_MAC_OWNED_MAX per device, so all of
 * them always fit, and learned entries give way to them.  A device port
 * learns at most FDB_LEARN_PER_DEV addresses; the uplink, the rest.
 */
#include "fdb.h"

#define FDB_MAC_MASK	0xffffffffffffull
#define FDB_PORT_SHIFT	48
#define FDB_STATIC	(1ull << 56)
#define FDB_VALID	(1ull << 63)
#define FDB_TOMBSTONE	(~0ull)
#define FDB_LIMIT	(OVNIC_FDB_SIZE * 3 / 4)	/* short probes */
#define FDB_LEARN_PER_DEV 32

_Static_assert(OVNIC_FW_MAX_DEVICES * OVNIC_MAC_OWNED_MAX < FDB_LIMIT,
	       "every device's owned addresses must fit in the table");

static u8 fdb_port(u64 e)
{
	return (u8)(e >> FDB_PORT_SHIFT);
}

/* Learned addresses of a device port, under the switch lock. */
static void _fdb_count(struct fw_fdb *fdb, u64 e, int delta)
{
	if (e && e != FDB_TOMBSTONE && !(e & FDB_STATIC) &&
	    fdb_port(e) < OVNIC_FW_MAX_DEVICES)
		fdb->learned[fdb_port(e)] += delta;
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

/*
 * Index of @key's entry, or -1.  For the switch lock's holder: a rebuild
 * moves entries (fdb_get() is the lockless readers').
 */
static int fdb_find(struct fw_fdb *fdb, u64 key)
{
	u32 i, slot = fdb_slot(key);

	for (i = 0; i < OVNIC_FDB_SIZE; i++) {
		u32 s = (slot + i) & (OVNIC_FDB_SIZE - 1);
		u64 e = fw_read_once(&fdb->table[s]);

		if (!e)
			return -1;
		if (fdb_match(e, key))
			return (int)s;
	}
	return -1;
}

/*
 * @key's entry, or 0, for readers without the switch lock.  A rebuild
 * empties the table and fills it again: a lookup meanwhile would miss an
 * owned address and flood its traffic to every promiscuous device and the
 * wire, or read another address's entry in the slot it found.  So it waits
 * for the rebuild and looks again, under fdb_seq.
 */
static u64 fdb_get(struct fw_fdb *fdb, u64 key)
{
	u32 seq;
	u64 e;
	int s;

	do {
		seq = fw_load_acquire(&fdb->seq);
		if (seq & 1) {
			fw_cpu_relax();
			continue;
		}
		s = fdb_find(fdb, key);
		e = s < 0 ? 0 : fw_read_once(&fdb->table[s]);
		fw_rmb();
	} while (seq & 1 || fw_read_once(&fdb->seq) != seq);
	return e;
}

/* fw_fdb_lookup() without a memo that knows the answer. */
u8 fw_fdb_lookup_slow(struct fw_fdb *fdb, u64 key, u32 gen,
		      struct fw_fdb_memo *memo)
{
	u64 e;
	u8 port;

	e = fdb_get(fdb, key);
	port = e ? fdb_port(e) : OVNIC_NO_PORT;
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
static void _fdb_rebuild(struct fw_fdb *fdb, bool keep_learned)
{
	u32 i, n = 0;

	fw_atomic_add(&fdb->seq, 1);	/* fdb_get() waits */
	fw_wmb();
	for (i = 0; i < OVNIC_FDB_SIZE; i++) {
		u64 e = fdb->table[i];

		if (e && e != FDB_TOMBSTONE && (keep_learned || e & FDB_STATIC))
			fdb->spare[n++] = e;
		fw_write_once(&fdb->table[i], 0);
	}
	fdb->used = 0;
	fdb->tombstones = 0;
	fw_memset(fdb->learned, 0, sizeof(fdb->learned));
	for (i = 0; i < n; i++) {
		u32 t, slot = fdb_slot(fdb->spare[i] & FDB_MAC_MASK);

		for (t = slot; fdb->table[t]; t = (t + 1) & (OVNIC_FDB_SIZE - 1))
			;
		fw_write_once(&fdb->table[t], fdb->spare[i]);
		_fdb_count(fdb, fdb->spare[i], 1);
		fdb->used++;
	}
	fw_wmb();
	fw_atomic_add(&fdb->seq, 1);
}

/*
 * Slots in use, tombstones included, stay under FDB_LIMIT.  A rebuild
 * that keeps the learned entries only helps when there are tombstones:
 * with the table full of live entries, every frame from a new source on
 * the wire used to rebuild it, under the switch lock, for nothing.
 */
static bool _fdb_make_room(struct fw_fdb *fdb, bool is_static)
{
	if (fdb->used < FDB_LIMIT)
		return true;
	if (fdb->tombstones) {
		_fdb_rebuild(fdb, true);
		if (fdb->used < FDB_LIMIT)
			return true;
	}
	/* Full of live entries: learned ones give way to static ones. */
	if (!is_static)
		return false;
	_fdb_rebuild(fdb, false);
	return fdb->used < FDB_LIMIT;
}

static void _fdb_write(struct fw_fdb *fdb, u32 slot, u64 e)
{
	fdb->tombstones += (e == FDB_TOMBSTONE) -
				(fdb->table[slot] == FDB_TOMBSTONE);
	_fdb_count(fdb, fdb->table[slot], -1);
	_fdb_count(fdb, e, 1);
	fw_write_once(&fdb->table[slot], e);
}

static bool _fdb_store(struct fw_fdb *fdb, u64 key, u8 port, u64 flags)
{
	u64 e = key | (u64)port << FDB_PORT_SHIFT | flags | FDB_VALID;
	int s = fdb_find(fdb, key);
	u32 i, slot;

	if (s >= 0) {
		u64 old = fdb->table[s];

		/* A static address belongs to its port: nobody takes it. */
		if (old & FDB_STATIC && fdb_port(old) != port)
			return false;
		/* Learning never turns an owned address into a learned one. */
		if (old & FDB_STATIC && !(flags & FDB_STATIC))
			return true;
		_fdb_write(fdb, (u32)s, e);
		return true;
	}
	if (!(flags & FDB_STATIC) && port < OVNIC_FW_MAX_DEVICES &&
	    fdb->learned[port] >= FDB_LEARN_PER_DEV)
		return false;
	if (!_fdb_make_room(fdb, flags & FDB_STATIC))
		return false;
	slot = fdb_slot(key);
	for (i = 0; i < OVNIC_FDB_SIZE; i++) {
		u32 t = (slot + i) & (OVNIC_FDB_SIZE - 1);
		u64 old = fdb->table[t];

		if (!old || old == FDB_TOMBSTONE) {
			fdb->used += !old;
			_fdb_write(fdb, t, e);
			return true;
		}
	}
	return false;
}

/*
 * Unlock after changing the table: the generation tells transmit queues'
 * memos (struct fw_fdb_memo) that their decisions may be stale.
 */
static void fdb_unlock_changed(struct fw_fdb *fdb)
{
	__atomic_add_fetch(&fdb->generation, 1, __ATOMIC_RELEASE);
	fw_unlock(fdb->pf, fdb->lock);
}

/*
 * An address @port owns: learning never moves it, and no other port may
 * claim it.  Returns false when another port owns it.
 */
bool fw_fdb_set(struct fw_fdb *fdb, const u8 *mac, u8 port)
{
	bool ok;

	fw_lock(fdb->pf, fdb->lock);
	ok = _fdb_store(fdb, fw_fdb_key(mac), port, FDB_STATIC);
	fdb_unlock_changed(fdb);
	return ok;
}

/* Whether @port owns @mac (a static entry), for the control path. */
bool fw_fdb_owns(struct fw_fdb *fdb, const u8 *mac, u8 port)
{
	u64 e = fdb_get(fdb, fw_fdb_key(mac));

	return e & FDB_STATIC && fdb_port(e) == port;
}

/* Whether @mac is free for @port to claim. */
bool fw_fdb_available(struct fw_fdb *fdb, const u8 *mac, u8 port)
{
	u64 e = fdb_get(fdb, fw_fdb_key(mac));

	return !e || !(e & FDB_STATIC) || fdb_port(e) == port;
}

/* Make every memo look the table up again (a port's learning changed). */
void fw_fdb_touch(struct fw_fdb *fdb)
{
	fw_lock(fdb->pf, fdb->lock);
	fdb_unlock_changed(fdb);
}

/* Forget @mac if @port owns it. */
void fw_fdb_del(struct fw_fdb *fdb, const u8 *mac, u8 port)
{
	int s;

	fw_lock(fdb->pf, fdb->lock);
	s = fdb_find(fdb, fw_fdb_key(mac));
	if (s >= 0 && fdb_port(fdb->table[s]) == port)
		_fdb_write(fdb, (u32)s, FDB_TOMBSTONE);
	fdb_unlock_changed(fdb);
}

/* fw_fdb_source() without a memo that knows the answer. */
bool fw_fdb_source_slow(struct fw_fdb *fdb, u64 key, u32 gen, u8 port,
			struct fw_fdb_memo *memo, bool *learnable)
{
	u64 e = fdb_get(fdb, key);

	if (memo) {
		/* Tagged with the generation read before the lookup. */
		memo->src = key;
		memo->src_gen = gen;
		memo->src_owned = e & FDB_STATIC && fdb_port(e) == port;
	}
	if (e & FDB_STATIC)
		return fdb_port(e) == port;
	*learnable = !(key & 1) && !(e && fdb_port(e) == port);
	return false;
}

/*
 * @mac was seen at @port.  The caller holds no receive queue's lock: the
 * database's lock nests inside none (its holder may rebuild the table).
 */
void fw_fdb_learn(struct fw_fdb *fdb, const u8 *mac, u8 port)
{
	fw_lock(fdb->pf, fdb->lock);
	_fdb_store(fdb, fw_fdb_key(mac), port, 0);
	fdb_unlock_changed(fdb);
}

void fw_fdb_purge_port(struct fw_fdb *fdb, u8 port)
{
	u32 i;

	fw_lock(fdb->pf, fdb->lock);
	for (i = 0; i < OVNIC_FDB_SIZE; i++) {
		u64 e = fdb->table[i];

		if (e && e != FDB_TOMBSTONE && fdb_port(e) == port)
			_fdb_write(fdb, i, FDB_TOMBSTONE);
	}
	fdb_unlock_changed(fdb);
}

void fw_fdb_init(struct fw_fdb *fdb, struct fw_platform *pf,
		 struct ovnic_lock *lock)
{
	fdb->pf = pf;
	fdb->lock = lock;
	fdb->generation = 1;	/* a zeroed memo matches nothing */
}
