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
 * or "Error: <strerror>", and returns an exit status.  nlctl_exec() keeps a
 * kernel error in a struct nlctl_error instead, for a caller that can say
 * more (ovnic_run() tells "no such device" from "not an ovnic device");
 * nlctl_report() then prints it as nlctl_run() would have.
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
#define NLCTL_STOP	-1	/* nlctl_listen(): stop, successfully */
typedef int (*nlctl_reply_fn)(struct nl_msg *msg, void *arg);

/* A kernel error, kept for the caller to explain instead of printed. */
struct nlctl_error {
	int error;		/* positive errno; 0: none */
	char msg[256];		/* the extended ack message, or "" */
};

struct nl_msg *nlctl_req(struct nlctl_family *family, uint8_t cmd, int flags);
int nlctl_run(struct nl_msg *msg, nlctl_reply_fn reply, void *arg);
int nlctl_exec(struct nl_msg *msg, nlctl_reply_fn reply, void *arg,
	       struct nlctl_error *err);
void nlctl_report(const struct nlctl_error *err);
int nlctl_listen(struct nlctl_family *family, const char *group,
		 nlctl_reply_fn fn, void *arg);
void nlctl_close(void);

const char *nlctl_extack_msg(const struct nlmsghdr *nlh);

#endif
