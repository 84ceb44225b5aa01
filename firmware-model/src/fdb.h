/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The forwarding database: which port owns or was last seen with which
 * MAC address (fdb.c).  Devices reserve the addresses they own here; the
 * switch (eswitch.c) looks destinations up and learns sources.
 */
#ifndef OVNIC_FW_FDB_H
#define OVNIC_FW_FDB_H

#include "platform.h"

struct fw_fdb {
	struct fw_platform *pf;
	struct ovnic_lock *lock;	/* writers */
	u64 table[OVNIC_FDB_SIZE];
	u64 spare[OVNIC_FDB_SIZE];	/* rebuild scratch, under @lock */
	u32 used;
	u32 tombstones;		/* of @used, what a rebuild frees */
	u32 generation;		/* bumped after every change (from 1) */
	u32 seq;		/* odd while the table is rebuilt */
	u16 learned[OVNIC_FW_MAX_DEVICES];	/* per device port */
};

/*
 * A sender's last forwarding decisions (a transmit queue's, a wire
 * burst's): traffic comes in runs of one source and destination.  Valid
 * while the database's generation matches.
 */
struct fw_fdb_memo {
	u64 src;		/* MAC key last looked up as a source */
	u64 dst;		/* MAC key last looked up */
	u32 src_gen;
	u32 dst_gen;
	u8 dst_port;
	bool src_owned;		/* the sending port owns @src */
};

void fw_fdb_init(struct fw_fdb *fdb, struct fw_platform *pf,
		 struct ovnic_lock *lock);
bool fw_fdb_set(struct fw_fdb *fdb, const u8 *mac, u8 port);
bool fw_fdb_available(struct fw_fdb *fdb, const u8 *mac, u8 port);
void fw_fdb_del(struct fw_fdb *fdb, const u8 *mac, u8 port);
bool fw_fdb_owns(struct fw_fdb *fdb, const u8 *mac, u8 port);
void fw_fdb_touch(struct fw_fdb *fdb);
void fw_fdb_purge_port(struct fw_fdb *fdb, u8 port);
void fw_fdb_learn(struct fw_fdb *fdb, const u8 *mac, u8 port);
u8 fw_fdb_lookup_slow(struct fw_fdb *fdb, u64 key, u32 gen,
		      struct fw_fdb_memo *memo);
bool fw_fdb_source_slow(struct fw_fdb *fdb, u64 key, u32 gen, u8 port,
			struct fw_fdb_memo *memo, bool *learnable);

/* A MAC as the database's key: its six bytes, the first lowest. */
static inline u64 fw_fdb_key(const u8 *mac)
{
	return (u64)mac[0] | (u64)mac[1] << 8 | (u64)mac[2] << 16 |
	       (u64)mac[3] << 24 | (u64)mac[4] << 32 | (u64)mac[5] << 40;
}

/*
 * The port @mac was seen at or is owned by (OVNIC_NO_PORT: unknown).
 * @memo (the sender's, or NULL) answers while the same destination comes
 * again and the table hasn't changed.
 */
static inline u8 fw_fdb_lookup(struct fw_fdb *fdb, const u8 *mac,
			       struct fw_fdb_memo *memo)
{
	u32 gen = fw_load_acquire(&fdb->generation);
	u64 key = fw_fdb_key(mac);

	if (memo && memo->dst_gen == gen && memo->dst == key)
		return memo->dst_port;
	return fw_fdb_lookup_slow(fdb, key, gen, memo);
}

/*
 * A frame from @port with source @mac: whether @port owns the address;
 * *learnable says whether nobody owns it and it was last seen elsewhere
 * (fw_fdb_learn()).  @memo as for fw_fdb_lookup().
 */
static inline bool fw_fdb_source(struct fw_fdb *fdb, const u8 *mac, u8 port,
				 struct fw_fdb_memo *memo, bool *learnable)
{
	u32 gen = fw_load_acquire(&fdb->generation);
	u64 key = fw_fdb_key(mac);

	*learnable = false;
	if (memo && memo->src_gen == gen && memo->src == key)
		return memo->src_owned;
	return fw_fdb_source_slow(fdb, key, gen, port, memo, learnable);
}

#endif /* OVNIC_FW_FDB_H */
