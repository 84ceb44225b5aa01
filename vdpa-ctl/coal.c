// SPDX-License-Identifier: GPL-2.0
/*
 * coal: a device's notification coalescing policy (the ovnic family's
 * COAL_GET / COAL_SET) and what each data queue does now.
 *
 *	d0: mgmtdev ovnic0 rx_usecs 0 rx_frames 0 tx_usecs 0 tx_frames 0
 *	  adaptive_rx on adaptive_tx off irq_rate 20000
 *	  queue 0 usecs 100 frames 5 source adaptive active yes pending 2 rate 98000
 *
 * The defaults apply when the device's driver next enables its queues
 * after a reset; the adaptive flags at once (docs/coalescing-and-stats.md).
 */
#include "args.h"
#include "objects.h"
#include "ovnic_nl.h"
#include "print.h"

static const char *coal_source_name(uint8_t source)
{
	switch (source) {
	case OVNIC_NL_COAL_SRC_DEFAULT:
		return "default";
	case OVNIC_NL_COAL_SRC_DRIVER:
		return "driver";
	case OVNIC_NL_COAL_SRC_DRIVER_QUEUE:
		return "driver_queue";
	case OVNIC_NL_COAL_SRC_ADAPTIVE:
		return "adaptive";
	default:
		return "unknown";
	}
}

static void print_u32_attr(struct nlattr **tb, int attr, const char *key)
{
	if (tb[attr])
		print_uint(key, nla_get_u32(tb[attr]));
}

static void print_on_off(struct nlattr **tb, int attr, const char *key)
{
	if (tb[attr])
		print_onoff(key, nla_get_u8(tb[attr]));
}

static int coal_queue_print(struct nlattr *nest)
{
	struct nlattr *q[OVNIC_NL_COALQ_MAX + 1];

	if (ovnic_parse_nested(nest, q, OVNIC_NL_COALQ_MAX,
			       ovnic_coal_queue_policy, "queue"))
		return EXIT_FAIL;
	if (!q[OVNIC_NL_COALQ_INDEX]) {
		pr_err("queue index missing in the kernel's coal reply");
		return EXIT_FAIL;
	}
	print_line();
	print_obj_start(NULL);
	print_uint("queue", nla_get_u16(q[OVNIC_NL_COALQ_INDEX]));
	print_u32_attr(q, OVNIC_NL_COALQ_USECS, "usecs");
	print_u32_attr(q, OVNIC_NL_COALQ_FRAMES, "frames");
	if (q[OVNIC_NL_COALQ_SOURCE])
		print_str("source",
			  coal_source_name(nla_get_u8(q[OVNIC_NL_COALQ_SOURCE])));
	if (q[OVNIC_NL_COALQ_ACTIVE])
		print_yesno("active", nla_get_u8(q[OVNIC_NL_COALQ_ACTIVE]));
	print_u32_attr(q, OVNIC_NL_COALQ_PENDING, "pending");
	print_u32_attr(q, OVNIC_NL_COALQ_RATE, "rate");
	print_obj_end();
	return EXIT_OK;
}

/* A COAL_GET reply. */
int coal_print(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[OVNIC_NL_A_MAX + 1], *a;
	int rem, ret = EXIT_OK;

	(void)arg;
	if (ovnic_parse(msg, tb, "coal"))
		return EXIT_FAIL;
	print_handle_start(nla_get_string(tb[OVNIC_NL_A_DEV_NAME]));
	print_str("mgmtdev", tb[OVNIC_NL_A_MGMTDEV_NAME] ?
		  nla_get_string(tb[OVNIC_NL_A_MGMTDEV_NAME]) : "?");
	print_u32_attr(tb, OVNIC_NL_A_COAL_RX_USECS, "rx_usecs");
	print_u32_attr(tb, OVNIC_NL_A_COAL_RX_FRAMES, "rx_frames");
	print_u32_attr(tb, OVNIC_NL_A_COAL_TX_USECS, "tx_usecs");
	print_u32_attr(tb, OVNIC_NL_A_COAL_TX_FRAMES, "tx_frames");
	print_line();
	print_on_off(tb, OVNIC_NL_A_COAL_ADAPTIVE_RX, "adaptive_rx");
	print_on_off(tb, OVNIC_NL_A_COAL_ADAPTIVE_TX, "adaptive_tx");
	print_u32_attr(tb, OVNIC_NL_A_COAL_IRQ_RATE, "irq_rate");
	print_array_start("queues");
	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem) {
		if (nla_type(a) != OVNIC_NL_A_COAL_QUEUE)
			continue;
		if (coal_queue_print(a)) {
			ret = EXIT_FAIL;
			break;
		}
	}
	print_list_end();
	print_handle_end();
	return ret;
}

static int coal_show(int argc, char **argv)
{
	return ovnic_show(argc, argv, OVNIC_NL_CMD_COAL_GET, "coal",
			  coal_print, NULL);
}

static const struct cmd_spec coal_set_spec = {
	.required	= OPT_NAME,
	.optional	= OPT_COAL_POLICY,
	.positional	= OPT_NAME,
};

static int coal_set(int argc, char **argv)
{
	struct nl_msg *msg;
	struct opts o;
	int ret;

	ret = opts_parse(&o, &coal_set_spec, argc, argv);
	if (ret)
		return ret;
	if (!(o.present & OPT_COAL_POLICY)) {
		pr_err("nothing to set (rx_usecs, rx_frames, tx_usecs, tx_frames, adaptive_rx, adaptive_tx, irq_rate)");
		return EXIT_USAGE;
	}
	msg = ovnic_req(OVNIC_NL_CMD_COAL_SET, 0, &o);
	if (!msg)
		return EXIT_FAIL;
	return ovnic_run(msg, NULL, NULL, &o);
}

const struct cmd coal_cmds[] = {
	{ .name = "show", .run = coal_show, .spec = &spec_dev_optional, .args = "[ DEV ]", .is_default = true },
	{ .name = "set", .run = coal_set, .spec = &coal_set_spec,
	  .args = "DEV [ rx_usecs N ] [ rx_frames N ] [ tx_usecs N ] [ tx_frames N ]\n"
		  "\t[ adaptive_rx { on | off } ] [ adaptive_tx { on | off } ] [ irq_rate N ]" },
	{ }
};
