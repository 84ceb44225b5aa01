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
u8 fw_fdb_lookup(struct fw_fdb *fdb, const u8 *mac, struct fw_fdb_memo *memo);
bool fw_fdb_source(struct fw_fdb *fdb, const u8 *mac, u8 port,
		   struct fw_fdb_memo *memo, bool *learnable);
void fw_fdb_learn(struct fw_fdb *fdb, const u8 *mac, u8 port);

#endif /* OVNIC_FW_FDB_H */
