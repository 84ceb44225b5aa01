/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink socket: one per process, opened on first use, with
 * extended acks.  Families are resolved by name when first used, so a
 * command of another family (ovnic's) only needs its own struct nlctl_family.
 *
 *	msg = nlctl_req(&vdpa_family, VDPA_CMD_DEV_GET, NLM_F_DUMP);
 *	nla_put_string(msg, ...);
 *	return nlctl_run(msg, dev_print, NULL);
 *
 * nlctl_run() prints every error itself, as "Error: <kernel's extack message>"
 * or "Error: <strerror>", and returns an exit status.
 */
#ifndef VDPA_CTL_NL_H
#define VDPA_CTL_NL_H

#include <stdint.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

struct nlctl_family {
	const char *name;
	uint8_t version;
	const char *hint;	/* shown when the family is missing, or NULL */
	int id;			/* 0 until resolved */
};

/* Handles one reply message; returns 0, or an exit status to stop with. */
typedef int (*nlctl_reply_fn)(struct nl_msg *msg, void *arg);

struct nl_msg *nlctl_req(struct nlctl_family *family, uint8_t cmd, int flags);
int nlctl_run(struct nl_msg *msg, nlctl_reply_fn reply, void *arg);
void nlctl_close(void);

const char *nlctl_extack_msg(const struct nlmsghdr *nlh);

#endif
