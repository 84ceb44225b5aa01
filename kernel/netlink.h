/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "ovnic" generic netlink family (uapi/linux/ovnic.h): registration,
 * the devices it can address, events.  netlink.c holds the family; its
 * policies and op table are generated from the spec into nl_gen.c; each
 * object's ops live in a file of their own (nl_dev.c, nl_stats.c, ...).
 * docs/netlink.md says how to add one.
 */
#ifndef OVNIC_NETLINK_H
#define OVNIC_NETLINK_H

#include <net/genetlink.h>

#include "uapi/linux/ovnic.h"

struct ovnic_vdpa;

/* ---- For the rest of the driver ---- */

int ovnic_nl_init(void);
void ovnic_nl_exit(void);

/*
 * The family listens to the registry from init to exit: a device it
 * publishes becomes addressable (DEV_ADD_NTF), one it removes stops being
 * so (DEV_DEL_NTF), and NEEDS_RESET is an event too.
 */

/* Events; process context (they allocate with GFP_KERNEL). */
void ovnic_nl_notify_link(struct ovnic_vdpa *ovd, bool up, bool loopback);
void ovnic_nl_notify_policy(struct ovnic_vdpa *ovd, enum ovnic_nl_policy what);

/* ---- For the op files ---- */

extern struct genl_family ovnic_nl_family;

/*
 * The device a doit addresses: looked up by pre_doit from
 * OVNIC_NL_A_DEV_NAME, with the registry lock held until post_doit.
 */
static inline struct ovnic_vdpa *ovnic_nl_info_dev(struct genl_info *info)
{
	return info->user_ptr[0];
}

/*
 * Dumps.  Between two rounds a dump keeps where it is in cb->ctx by
 * stable identities, never by an index into a list that changes: the
 * device it is at (card and slot, and the serial number that tells it from
 * a later device in the same slot) and, for dumps of one message per
 * queue, that device's next queue.
 */
struct ovnic_nl_dump_ctx {
	unsigned long pos;	/* card and slot of the device it is at */
	u64 serial;		/* that device's serial; 0: not reached */
	u64 only;		/* a dump of one device: its serial */
	u32 queue;		/* the device's next queue */
};

static inline struct ovnic_nl_dump_ctx *
ovnic_nl_dump_ctx(struct netlink_callback *cb)
{
	NL_ASSERT_DUMP_CTX_FITS(struct ovnic_nl_dump_ctx);
	return (struct ovnic_nl_dump_ctx *)cb->ctx;
}

/*
 * A round: ovnic_nl_dump_lock(), then ovnic_nl_dump_dev() for the device
 * to fill (NULL: none left); when all of it is in the message,
 * ovnic_nl_dump_dev_done() and the next; ovnic_nl_dump_unlock().  With a
 * device that is not the one the last round was at, ovnic_nl_dump_dev()
 * sets ctx->queue to 0.
 */
void ovnic_nl_dump_lock(void);
void ovnic_nl_dump_unlock(void);
struct ovnic_vdpa *ovnic_nl_dump_dev(struct netlink_callback *cb);
void ovnic_nl_dump_dev_done(struct netlink_callback *cb);

/* Puts one device's object (header, handle, attributes) into @skb. */
typedef int ovnic_nl_fill_fn(struct sk_buff *skb, struct ovnic_vdpa *ovd,
			     u32 portid, u32 seq, int flags,
			     struct netlink_ext_ack *extack);

/* The doit of a GET: @fill's object of the op's device, as the reply. */
int ovnic_nl_get_reply(struct genl_info *info, ovnic_nl_fill_fn *fill);
/* The dumpit of a GET: @fill's object of every device, in rounds. */
int ovnic_nl_get_dump(struct sk_buff *skb, struct netlink_callback *cb,
		      ovnic_nl_fill_fn *fill);

/*
 * From a dump's start callback: only the device of this name, or ENODEV
 * with an extack message.  Deleted during the dump, it ends the dump.
 */
int ovnic_nl_dump_filter(struct netlink_callback *cb,
			 const struct nlattr *name);

/* Every reply and event starts with these: device and card name. */
int ovnic_nl_put_handle(struct sk_buff *skb, struct ovnic_vdpa *ovd);

/* Whether @attr is present; if not, says which is missing in extack. */
bool ovnic_nl_require(struct genl_info *info, int attr, const char *what);

/*
 * The op handlers, one group per file, and the pre_doit and post_doit
 * hooks (netlink.c) are declared by the generated nl_gen.h, with the
 * names the spec gives them (Documentation/netlink/specs/ovnic.yaml).
 */
#include "nl_gen.h"

#endif /* OVNIC_NETLINK_H */
