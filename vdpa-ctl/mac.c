// SPDX-License-Identifier: GPL-2.0
/*
 * mac: which MAC addresses a device owns, the host's policy (the ovnic
 * family's MAC_GET / MAC_SET), as "ip link set PF vf N mac/trust/spoofchk"
 * is for an SR-IOV VF.
 *
 *	d1: mgmtdev ovnic0 mac 02:00:00:00:00:0b trust off spoofchk auto spoofchk_active no
 *	  allowed 02:00:00:00:66:01
 *	  claimed none
 *
 * A device owns its provisioned MAC and the addresses the host allows; its
 * driver may switch its MAC only among those, unless trusted: then it may
 * claim free addresses (its MAC, its unicast filter), which end at its
 * next reset.  With spoof checking on, the card drops what the device
 * sends from an address it doesn't own; auto is on unless the host
 * kernel's virtio_vdpa drives the device.
 */
#include "args.h"
#include "objects.h"
#include "ovnic_nl.h"
#include "print.h"

static const char *spoofchk_name(uint8_t mode)
{
	switch (mode) {
	case OVNIC_NL_SPOOFCHK_AUTO:
		return "auto";
	case OVNIC_NL_SPOOFCHK_ON:
		return "on";
	case OVNIC_NL_SPOOFCHK_OFF:
		return "off";
	default:
		return "unknown";
	}
}

/* The addresses in @nest, or -1 when one isn't six bytes. */
static int mac_list_count(struct nlattr *nest)
{
	struct nlattr *a;
	int rem, n = 0;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != OVNIC_NL_MACL_ADDR)
			continue;
		if (nla_len(a) != ETH_ALEN_CTL)
			return -1;
		n++;
	}
	return n;
}

static void mac_list_print(const char *key, struct nlattr *nest)
{
	char buf[3 * ETH_ALEN_CTL];
	struct nlattr *a;
	int rem;

	print_line();
	print_list_start(key);
	if (!mac_list_count(nest))
		print_list_empty("none");
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != OVNIC_NL_MACL_ADDR)
			continue;
		format_mac(nla_data(a), ETH_ALEN_CTL, buf, sizeof(buf));
		print_list_str(buf);
	}
	print_list_end();
}

/* A MAC_GET reply. */
int mac_print(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[OVNIC_NL_A_MAX + 1];
	char buf[3 * ETH_ALEN_CTL];

	(void)arg;
	if (ovnic_parse(msg, tb, "mac"))
		return EXIT_FAIL;
	if ((tb[OVNIC_NL_A_MAC_ALLOWED] &&
	     mac_list_count(tb[OVNIC_NL_A_MAC_ALLOWED]) < 0) ||
	    (tb[OVNIC_NL_A_MAC_CLAIMED] &&
	     mac_list_count(tb[OVNIC_NL_A_MAC_CLAIMED]) < 0)) {
		pr_err("malformed address list in the kernel's mac reply");
		return EXIT_FAIL;
	}
	print_handle_start(nla_get_string(tb[OVNIC_NL_A_DEV_NAME]));
	print_str("mgmtdev", tb[OVNIC_NL_A_MGMTDEV_NAME] ?
		  nla_get_string(tb[OVNIC_NL_A_MGMTDEV_NAME]) : "?");
	if (tb[OVNIC_NL_A_MAC_CURRENT]) {
		format_mac(nla_data(tb[OVNIC_NL_A_MAC_CURRENT]), ETH_ALEN_CTL,
			   buf, sizeof(buf));
		print_str("mac", buf);
	}
	if (tb[OVNIC_NL_A_MAC_TRUST])
		print_onoff("trust", nla_get_u8(tb[OVNIC_NL_A_MAC_TRUST]));
	if (tb[OVNIC_NL_A_MAC_SPOOFCHK])
		print_str("spoofchk",
			  spoofchk_name(nla_get_u8(tb[OVNIC_NL_A_MAC_SPOOFCHK])));
	if (tb[OVNIC_NL_A_MAC_SPOOFCHK_ACTIVE])
		print_yesno("spoofchk_active",
			    nla_get_u8(tb[OVNIC_NL_A_MAC_SPOOFCHK_ACTIVE]));
	if (tb[OVNIC_NL_A_MAC_ALLOWED])
		mac_list_print("allowed", tb[OVNIC_NL_A_MAC_ALLOWED]);
	if (tb[OVNIC_NL_A_MAC_CLAIMED])
		mac_list_print("claimed", tb[OVNIC_NL_A_MAC_CLAIMED]);
	print_handle_end();
	return EXIT_OK;
}

static int mac_show(int argc, char **argv)
{
	return ovnic_show(argc, argv, OVNIC_NL_CMD_MAC_GET, "mac",
			  mac_print, NULL);
}

static const struct cmd_spec mac_set_spec = {
	.required	= OPT_NAME,
	.optional	= OPT_MAC_POLICY,
	.positional	= OPT_NAME,
};

static int mac_set(int argc, char **argv)
{
	struct opts o;
	int ret;

	ret = opts_parse(&o, &mac_set_spec, argc, argv);
	if (ret)
		return ret;
	if (!(o.present & OPT_MAC_POLICY)) {
		pr_err("nothing to set: give allow, trust or spoofchk");
		return EXIT_USAGE;
	}
	return ovnic_run(ovnic_req(OVNIC_NL_CMD_MAC_SET, 0, &o), NULL, NULL,
			 &o);
}

const struct cmd mac_cmds[] = {
	{ .name = "show", .run = mac_show, .spec = &spec_dev_optional, .args = "[ DEV ]", .is_default = true },
	{ .name = "set", .run = mac_set, .spec = &mac_set_spec,
	  .args = "DEV [ allow { MAC[,MAC...] | none } ] [ trust { on | off } ]\n"
		  "\t[ spoofchk { on | off | auto } ]" },
	{ }
};
