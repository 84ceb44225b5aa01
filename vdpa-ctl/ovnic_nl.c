// SPDX-License-Identifier: GPL-2.0
/*
 * The "ovnic" family: requests from options, reply parsing, and errors
 * explained with the help of the "vdpa" family.
 *
 * Adding an attribute vdpa-ctl sends: an option (args.h), a line in
 * ovnic_req().  The policies of what it reads (ovnic_policy_gen.c) are
 * generated from the family's spec: make netlink-gen.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ovnic_nl.h"
#include "print.h"
#include "util.h"
#include "vdpa_nl.h"

struct nlctl_family ovnic_family = {
	.name		= OVNIC_GENL_NAME,
	.version	= OVNIC_GENL_VERSION,
	.hint		= "is the ovnic module loaded?",
};

/*
 * A list of addresses: a nest of OVNIC_NL_MACL_ADDR, empty for none (which
 * libnl's nla_nest_end() would remove).
 */
static int put_mac_list(struct nl_msg *msg, int attr,
			const uint8_t (*list)[ETH_ALEN_CTL], unsigned int n)
{
	struct nlattr *nest = nla_nest_start(msg, attr);
	unsigned int i;

	if (!nest)
		return -1;
	for (i = 0; i < n; i++)
		if (nla_put(msg, OVNIC_NL_MACL_ADDR, ETH_ALEN_CTL, list[i]))
			return -1;
	return nla_nest_end_keep_empty(msg, nest);
}

/* A request carrying the options in @o that the family knows. */
struct nl_msg *ovnic_req(uint8_t cmd, int flags, const struct opts *o)
{
	struct nl_msg *msg = nlctl_req(&ovnic_family, cmd, flags);
	uint64_t p = o ? o->present : 0;
	int err = 0;

	if (!msg)
		return NULL;
	if (p & OPT_NAME)
		err |= nla_put_string(msg, OVNIC_NL_A_DEV_NAME, o->name);
	if (p & OPT_STATE)
		err |= nla_put_u8(msg, OVNIC_NL_A_LINK_UP, o->link_up);
	if (p & OPT_LOOPBACK)
		err |= nla_put_u8(msg, OVNIC_NL_A_LINK_LOOPBACK, o->loopback);
	if (p & OPT_MAX_PAIRS)
		err |= nla_put_u16(msg, OVNIC_NL_A_QUEUE_PAIRS_MAX, o->max_pairs);
	if (p & OPT_MAX_SIZE)
		err |= nla_put_u16(msg, OVNIC_NL_A_QUEUE_SIZE_MAX, o->max_size);
	if (p & OPT_QIDX)
		err |= nla_put_u16(msg, OVNIC_NL_A_STATS_QUEUE_INDEX, o->qidx);
	if ((p & OPT_SCOPE) && o->scope == SCOPE_QUEUE)
		err |= nla_put_flag(msg, OVNIC_NL_A_STATS_PER_QUEUE);
	if (p & OPT_RX_USECS)
		err |= nla_put_u32(msg, OVNIC_NL_A_COAL_RX_USECS, o->rx_usecs);
	if (p & OPT_RX_FRAMES)
		err |= nla_put_u32(msg, OVNIC_NL_A_COAL_RX_FRAMES, o->rx_frames);
	if (p & OPT_TX_USECS)
		err |= nla_put_u32(msg, OVNIC_NL_A_COAL_TX_USECS, o->tx_usecs);
	if (p & OPT_TX_FRAMES)
		err |= nla_put_u32(msg, OVNIC_NL_A_COAL_TX_FRAMES, o->tx_frames);
	if (p & OPT_ADAPTIVE_RX)
		err |= nla_put_u8(msg, OVNIC_NL_A_COAL_ADAPTIVE_RX, o->adaptive_rx);
	if (p & OPT_ADAPTIVE_TX)
		err |= nla_put_u8(msg, OVNIC_NL_A_COAL_ADAPTIVE_TX, o->adaptive_tx);
	if (p & OPT_IRQ_RATE)
		err |= nla_put_u32(msg, OVNIC_NL_A_COAL_IRQ_RATE, o->irq_rate);
	if (p & OPT_TUNNEL)
		err |= nla_put_u32(msg, OVNIC_NL_A_HASH_TUNNEL_POLICY,
				   o->tunnel_types);
	if (p & OPT_ALLOW)
		err |= put_mac_list(msg, OVNIC_NL_A_MAC_ALLOWED, o->allow,
				    o->n_allow);
	if (p & OPT_TRUST)
		err |= nla_put_u8(msg, OVNIC_NL_A_MAC_TRUST, o->trust);
	if (p & OPT_SPOOFCHK)
		err |= nla_put_u8(msg, OVNIC_NL_A_MAC_SPOOFCHK, o->spoofchk);
	if (err) {
		nlmsg_free(msg);
		pr_err("request too large");
		return NULL;
	}
	return msg;
}

int ovnic_parse(struct nl_msg *msg, struct nlattr **tb, const char *what)
{
	int err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, OVNIC_NL_A_MAX,
				ovnic_policy);

	if (err) {
		pr_err("malformed %s reply from the kernel: %s", what,
		       nl_geterror(err));
		return EXIT_FAIL;
	}
	if (!tb[OVNIC_NL_A_DEV_NAME]) {
		pr_err("device name missing in the kernel's %s reply", what);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* A nest of attribute set @policy (ovnic_policy_gen.h), up to @max. */
int ovnic_parse_nested(struct nlattr *nest, struct nlattr **tb, int max,
		       const struct nla_policy *policy, const char *what)
{
	int err = nla_parse_nested(tb, max, nest, policy);

	if (err) {
		pr_err("malformed %s in the kernel's reply: %s", what,
		       nl_geterror(err));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

const char *ovnic_duplex_name(uint8_t duplex)
{
	switch (duplex) {
	case OVNIC_NL_DUPLEX_HALF:
		return "half";
	case OVNIC_NL_DUPLEX_FULL:
		return "full";
	default:
		return "unknown";
	}
}

/* The management device the vdpa family names for device @name. */
struct vdpa_owner {
	char mgmtdev[128];
};

static int owner_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[VDPA_CTL_ATTR_MAX + 1];
	struct vdpa_owner *own = arg;
	char buf[128];
	const char *m;

	if (vdpa_parse(msg, tb, "dev"))
		return EXIT_FAIL;
	m = vdpa_mgmtdev_handle(tb, buf, sizeof(buf));
	snprintf(own->mgmtdev, sizeof(own->mgmtdev), "%s", m ? m : "?");
	return EXIT_OK;
}

/* "ovnicN", as ovnic names its cards' management devices. */
static bool is_ovnic_mgmtdev(const char *m)
{
	size_t n = strlen("ovnic");

	if (strncmp(m, "ovnic", n) || !m[n])
		return false;
	for (m += n; *m; m++)
		if (*m < '0' || *m > '9')
			return false;
	return true;
}

/*
 * The family knows only ovnic's devices.  For "no ovnic device of this
 * name", the vdpa family says whether the name is another vendor's device
 * or no device at all.
 */
static void explain_no_dev(const char *name, const struct nlctl_error *e)
{
	struct vdpa_owner own = { "" };
	struct nlctl_error ve;
	struct nl_msg *msg;

	msg = nlctl_req(&vdpa_family, VDPA_CMD_DEV_GET, 0);
	if (!msg || nla_put_string(msg, VDPA_ATTR_DEV_NAME, name)) {
		nlmsg_free(msg);
		nlctl_report(e);
		return;
	}
	nlctl_exec(msg, owner_reply, &own, &ve);
	if (ve.error == ENODEV)
		pr_err("no vDPA device \"%s\"", name);
	else if (!ve.error && own.mgmtdev[0] && !is_ovnic_mgmtdev(own.mgmtdev))
		pr_err("\"%s\" is not an ovnic device (its management device is %s)",
		       name, own.mgmtdev);
	else
		nlctl_report(e);
}

/*
 * "show [ DEV ]" of an object the family gets per device (@cmd): one
 * device, or a dump of all, printed by @reply in a section @section.
 */
int ovnic_show(int argc, char **argv, uint8_t cmd, const char *section,
	       nlctl_reply_fn reply, void *arg)
{
	struct nl_msg *msg;
	struct opts o;
	int ret;

	ret = opts_parse(&o, &spec_dev_optional, argc, argv);
	if (ret)
		return ret;
	msg = ovnic_req(cmd, o.present ? 0 : NLM_F_DUMP, &o);
	if (!msg)
		return EXIT_FAIL;
	print_section_start(section);
	ret = ovnic_run(msg, reply, arg, &o);
	print_section_end();
	return ret;
}

/*
 * nlctl_run() for the ovnic family: sends @msg and prints replies; a
 * device that is not ovnic's is told apart from one that does not exist.
 */
int ovnic_run(struct nl_msg *msg, nlctl_reply_fn reply, void *arg,
	      const struct opts *o)
{
	struct nlctl_error e;
	int ret;

	ret = nlctl_exec(msg, reply, arg, &e);
	if (!e.error)
		return ret;
	if (e.error == ENODEV && o && (o->present & OPT_NAME))
		explain_no_dev(o->name, &e);
	else
		nlctl_report(&e);
	return ret;
}
