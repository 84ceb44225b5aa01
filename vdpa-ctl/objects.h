/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The objects vdpa-ctl manages: each file exports its command table and,
 * for the tests, the functions that print a kernel reply.
 */
#ifndef VDPA_CTL_OBJECTS_H
#define VDPA_CTL_OBJECTS_H

#include <stddef.h>
#include <stdint.h>

#include <netlink/msg.h>

#include "cmd.h"
#include "uapi/linux/ovnic.h"

/* objects.c: the top of the command tree */
extern const struct cmd top_cmds[];

/* mgmtdev.c: the vdpa family's management devices */
extern const struct cmd mgmtdev_cmds[];
int mgmtdev_print(struct nl_msg *msg, void *arg);

/* dev.c: the vdpa family's devices */
extern const struct cmd dev_cmds[];
int dev_print(struct nl_msg *msg, void *arg);
int dev_config_print(struct nl_msg *msg, void *arg);
int dev_vstats_print(struct nl_msg *msg, void *arg);

/* feature.c: the feature names vdpa-ctl knows */
extern const struct cmd feature_cmds[];

/*
 * The ovnic family's objects.  A device's (link, queue, stats, coal, hash,
 * rss, mac) are rows of dev_cmds[] ("dev coal show d0"); the card's view
 * (card) and its events (monitor) are objects of main.c's objects[].
 */

/* card.c: the card's view of its devices; link.c and queue.c show parts */
enum {
	CARD_DEV	= 1 << 0,	/* mgmtdev, slot, driver, status */
	CARD_LINK	= 1 << 1,
	CARD_QUEUES	= 1 << 2,
	CARD_ALL	= CARD_DEV | CARD_LINK | CARD_QUEUES,
};

struct card_view {
	unsigned int parts;	/* CARD_* */
};

extern const struct cmd card_cmds[];
int card_print(struct nl_msg *msg, void *arg);
int card_show_parts(int argc, char **argv, const char *section,
		    unsigned int parts);
void print_status(const char *key, uint8_t status);

/* link.c, queue.c: link state and queue limits */
extern const struct cmd link_cmds[];
extern const struct cmd queue_cmds[];

/* stats.c: counters of the card's queues, totals or rates */
#define STATS_GROUPS		3	/* rx, tx, ctrl sums of a device */
#define STATS_MAX_COUNTERS	64

struct stats_counters {
	uint64_t have;			/* bit per counter present */
	uint64_t val[STATS_MAX_COUNTERS];
};

struct stats_rec {
	char dev[OVNIC_NL_DEV_NAME_MAX];
	int qidx;			/* -1: the device's sums */
	uint8_t type;			/* enum ovnic_nl_queue_type */
	unsigned int groups;		/* sums: bit per group in c[] */
	struct stats_counters c[STATS_GROUPS];	/* a queue: c[0] */
};

struct stats_set {
	struct stats_rec *rec;
	size_t n, cap;
};

extern const struct cmd stats_cmds[];
int stats_collect(struct nl_msg *msg, void *arg);
void stats_set_free(struct stats_set *set);
void stats_rate(struct stats_set *now, const struct stats_set *then,
		uint64_t interval_ms);
void stats_print(const struct stats_set *set, uint64_t interval_ms);
/* coal.c: notification coalescing policy and each queue's state */
extern const struct cmd coal_cmds[];
int coal_print(struct nl_msg *msg, void *arg);
/*
 * hash.c: inner-header hash and hash reports; rss.c: RSS.  Both print parts
 * of the ovnic family's RSS_GET reply (hash_print() with a hash_view).
 */
enum {
	HASH_INNER	= 1 << 0,	/* hash types, report, tunnel types */
	HASH_RSS	= 1 << 1,	/* steering, table, key */
};

struct hash_view {
	unsigned int parts;	/* HASH_* */
};

extern const struct cmd hash_cmds[];
extern const struct cmd rss_cmds[];
int hash_print(struct nl_msg *msg, void *arg);
int hash_show_parts(int argc, char **argv, const char *section,
		    unsigned int parts);

/* mac.c: the host's MAC policy of a device (allowed, trust, spoofchk) */
extern const struct cmd mac_cmds[];
int mac_print(struct nl_msg *msg, void *arg);

/* monitor.c: events; a command of its own, without an object */
extern const struct cmd_spec monitor_spec;
int monitor_run(int argc, char **argv);
int monitor_print(struct nl_msg *msg, void *arg);

#endif
