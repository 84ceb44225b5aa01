// SPDX-License-Identifier: GPL-2.0
/*
 * hash: a device's hash reports and inner-header hash (the ovnic family's
 * RSS_GET and HASH_SET), and the printer "rss show" shares.
 *
 *	d0: mgmtdev ovnic0 hash_report true hash_tunnel false
 *	  hash_types ipv4 tcpv4 udpv4 ipv6 tcpv6 udpv6
 *	  tunnel_active vxlan geneve
 *	  tunnel_guest none
 *	  tunnel_policy vxlan geneve
 *
 * The host's policy (hash set DEV tunnel TYPES) applies to a driver that
 * did not negotiate VIRTIO_NET_F_HASH_TUNNEL; one that did sets its own
 * (tunnel_guest) and that is what the card uses (tunnel_active).
 */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "objects.h"
#include "ovnic_nl.h"
#include "print.h"
#include "tunnel.h"
#include "virtio_compat.h"

#define BIT_OF(mask)	__builtin_ctz(mask)

/* virtio 5.1.6.4.3.1, VIRTIO_NET_RSS_HASH_TYPE_* by bit */
static const char *const hash_type_names[] = {
	[BIT_OF(VIRTIO_NET_RSS_HASH_TYPE_IPv4)] = "ipv4",
	[BIT_OF(VIRTIO_NET_RSS_HASH_TYPE_TCPv4)] = "tcpv4",
	[BIT_OF(VIRTIO_NET_RSS_HASH_TYPE_UDPv4)] = "udpv4",
	[BIT_OF(VIRTIO_NET_RSS_HASH_TYPE_IPv6)] = "ipv6",
	[BIT_OF(VIRTIO_NET_RSS_HASH_TYPE_TCPv6)] = "tcpv6",
	[BIT_OF(VIRTIO_NET_RSS_HASH_TYPE_UDPv6)] = "udpv6",
	[BIT_OF(VIRTIO_NET_RSS_HASH_TYPE_IP_EX)] = "ip_ex",
	[BIT_OF(VIRTIO_NET_RSS_HASH_TYPE_TCP_EX)] = "tcp_ex",
	[BIT_OF(VIRTIO_NET_RSS_HASH_TYPE_UDP_EX)] = "udp_ex",
};

/* A mask as names, "bit_N" for bits without one, "none" (text) if empty. */
static void print_mask(const char *key, uint32_t mask,
		       const char *const *names, size_t n)
{
	char buf[16];
	unsigned int b;

	print_list_start(key);
	if (!mask)
		print_list_empty("none");
	for (b = 0; b < 32; b++) {
		if (!(mask & (1u << b)))
			continue;
		if (b < n && names[b]) {
			print_list_str(names[b]);
		} else {
			snprintf(buf, sizeof(buf), "bit_%u", b);
			print_list_str(buf);
		}
	}
	print_list_end();
}

static void print_hash_mask(struct nlattr **tb, int attr, const char *key)
{
	if (!tb[attr])
		return;
	print_line();
	print_mask(key, nla_get_u32(tb[attr]), hash_type_names,
		   ARRAY_SIZE(hash_type_names));
}

static void print_tunnel_mask(struct nlattr **tb, int attr, const char *key)
{
	const char *const *names;
	size_t n;

	if (!tb[attr])
		return;
	names = tunnel_type_names(&n);
	print_line();
	print_mask(key, nla_get_u32(tb[attr]), names, n);
}

static void print_flag(struct nlattr **tb, int attr, const char *key)
{
	if (tb[attr])
		print_bool(key, nla_get_u8(tb[attr]));
}

static void hash_inner_fields(struct nlattr **tb)
{
	print_flag(tb, OVNIC_NL_A_HASH_REPORT, "hash_report");
	print_flag(tb, OVNIC_NL_A_HASH_TUNNEL, "hash_tunnel");
	print_hash_mask(tb, OVNIC_NL_A_HASH_TYPES, "hash_types");
	print_tunnel_mask(tb, OVNIC_NL_A_HASH_TUNNEL_ACTIVE, "tunnel_active");
	print_tunnel_mask(tb, OVNIC_NL_A_HASH_TUNNEL_GUEST, "tunnel_guest");
	print_tunnel_mask(tb, OVNIC_NL_A_HASH_TUNNEL_POLICY, "tunnel_policy");
	print_tunnel_mask(tb, OVNIC_NL_A_HASH_TUNNEL_SUPPORTED,
			  "tunnel_supported");
}

static const char *steering_name(uint8_t s)
{
	switch (s) {
	case OVNIC_NL_STEERING_AUTO:
		return "auto";
	case OVNIC_NL_STEERING_TABLE:
		return "table";
	default:
		return "unknown";
	}
}

/* The key as iproute2 and ethtool show one: hex bytes with colons. */
static void print_key(const struct nlattr *a)
{
	const uint8_t *k = nla_data(a);
	char buf[3 * 255 + 1];
	int i, n = nla_len(a) > 255 ? 255 : nla_len(a);
	size_t off = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		off += snprintf(buf + off, sizeof(buf) - off, "%s%02x",
				i ? ":" : "", k[i]);
	print_line();
	print_str("key", n ? buf : "none");
}

static int print_table(const struct nlattr *a)
{
	const uint32_t *t = nla_data(a);
	int i, n = nla_len(a) / (int)sizeof(*t);

	if (nla_len(a) % sizeof(*t)) {
		pr_err("malformed indirection table in the kernel's rss reply");
		return EXIT_FAIL;
	}
	print_line();
	print_list_start("indirection_table");
	for (i = 0; i < n; i++)
		print_list_uint(t[i]);
	print_list_end();
	return EXIT_OK;
}

static int hash_rss_fields(struct nlattr **tb, bool types)
{
	print_flag(tb, OVNIC_NL_A_RSS, "rss");
	if (tb[OVNIC_NL_A_RSS_STEERING])
		print_str("steering",
			  steering_name(nla_get_u8(tb[OVNIC_NL_A_RSS_STEERING])));
	if (tb[OVNIC_NL_A_QUEUE_PAIRS])
		print_uint("pairs", nla_get_u16(tb[OVNIC_NL_A_QUEUE_PAIRS]));
	if (tb[OVNIC_NL_A_RSS_MAX_TX_VQ])
		print_uint("max_tx_vq", nla_get_u16(tb[OVNIC_NL_A_RSS_MAX_TX_VQ]));
	if (tb[OVNIC_NL_A_RSS_UNCLASSIFIED])
		print_uint("unclassified_queue",
			   nla_get_u16(tb[OVNIC_NL_A_RSS_UNCLASSIFIED]));
	if (types)
		print_hash_mask(tb, OVNIC_NL_A_HASH_TYPES, "hash_types");
	if (tb[OVNIC_NL_A_RSS_KEY])
		print_key(tb[OVNIC_NL_A_RSS_KEY]);
	if (tb[OVNIC_NL_A_RSS_TABLE])
		return print_table(tb[OVNIC_NL_A_RSS_TABLE]);
	return EXIT_OK;
}

/* An RSS_GET reply; @arg is a struct hash_view, or NULL for everything. */
int hash_print(struct nl_msg *msg, void *arg)
{
	const struct hash_view *v = arg;
	unsigned int parts = v ? v->parts : HASH_INNER | HASH_RSS;
	struct nlattr *tb[OVNIC_NL_A_MAX + 1];
	int ret = EXIT_OK;

	if (ovnic_parse(msg, tb, "rss"))
		return EXIT_FAIL;
	print_handle_start(nla_get_string(tb[OVNIC_NL_A_DEV_NAME]));
	print_str("mgmtdev", tb[OVNIC_NL_A_MGMTDEV_NAME] ?
		  nla_get_string(tb[OVNIC_NL_A_MGMTDEV_NAME]) : "?");
	if (parts & HASH_INNER)
		hash_inner_fields(tb);
	if (parts & HASH_RSS) {
		if (parts & HASH_INNER)
			print_line();
		ret = hash_rss_fields(tb, !(parts & HASH_INNER));
	}
	print_handle_end();
	return ret;
}

/* RSS_GET of one device or all, printed in section @section. */
int hash_show_parts(int argc, char **argv, const char *section,
		    unsigned int parts)
{
	struct hash_view v = { .parts = parts };

	return ovnic_show(argc, argv, OVNIC_NL_CMD_RSS_GET, section,
			  hash_print, &v);
}

static int hash_show(int argc, char **argv)
{
	return hash_show_parts(argc, argv, "hash", HASH_INNER);
}

static const struct cmd_spec hash_set_spec = {
	.required	= OPT_NAME | OPT_TUNNEL,
	.positional	= OPT_NAME,
};

static int hash_set(int argc, char **argv)
{
	struct nl_msg *msg;
	struct opts o;
	int ret;

	ret = opts_parse(&o, &hash_set_spec, argc, argv);
	if (ret)
		return ret;
	msg = ovnic_req(OVNIC_NL_CMD_HASH_SET, 0, &o);
	if (!msg)
		return EXIT_FAIL;
	return ovnic_run(msg, NULL, NULL, &o);
}

const struct cmd hash_cmds[] = {
	{ .name = "show", .run = hash_show, .spec = &spec_dev_optional, .args = "[ DEV ]", .is_default = true },
	{ .name = "set", .run = hash_set, .spec = &hash_set_spec, .args = "DEV tunnel TYPES" },
	{ }
};
