// SPDX-License-Identifier: GPL-2.0
/*
 * What the ovnic family's commands print for given kernel replies (built
 * the way kernel/nl_*.c builds them), in text and JSON, and malformed
 * replies.
 */
#include <netlink/genl/genl.h>

#include "helpers.h"
#include "objects.h"
#include "ovnic_nl.h"

static struct nl_msg *reply(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, 0, 1, 0x21, 0, 0, cmd, 1));
	return m;
}

typedef void (*fill_fn)(struct nl_msg *m);

struct ovnic_case {
	const char *name;
	uint8_t cmd;
	fill_fn fill;
	nlctl_reply_fn print;
	void *arg;
	const char *section;	/* NULL: records, no section */
	int ret;
	const char *text, *json;
	const char *err;
};

static void handle(struct nl_msg *m, const char *dev)
{
	nla_put_string(m, OVNIC_NL_A_DEV_NAME, dev);
	nla_put_string(m, OVNIC_NL_A_MGMTDEV_NAME, "ovnic0");
}

static void fill_card(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put_u32(m, OVNIC_NL_A_DEV_SLOT, 3);
	nla_put_u8(m, OVNIC_NL_A_DEV_STATUS, 0x0f);
	nla_put_string(m, OVNIC_NL_A_DEV_DRIVER, "virtio_vdpa");
	nla_put_u8(m, OVNIC_NL_A_LINK_UP, 1);
	nla_put_u32(m, OVNIC_NL_A_LINK_SPEED, 100000);
	nla_put_u8(m, OVNIC_NL_A_LINK_DUPLEX, OVNIC_NL_DUPLEX_FULL);
}

/* No driver, reset, link down, no SPEED_DUPLEX offered; odd status bits. */
static void fill_card_bare(struct nl_msg *m)
{
	handle(m, "d1");
	nla_put_u32(m, OVNIC_NL_A_DEV_SLOT, 0);
	nla_put_u8(m, OVNIC_NL_A_DEV_STATUS, 0);
	nla_put_u8(m, OVNIC_NL_A_LINK_UP, 0);
}

static void fill_card_odd_status(struct nl_msg *m)
{
	handle(m, "d2");
	nla_put_u8(m, OVNIC_NL_A_DEV_STATUS, 0x70);
	nla_put_u8(m, OVNIC_NL_A_LINK_DUPLEX, 7);
}

static void fill_card_noname(struct nl_msg *m)
{
	nla_put_u32(m, OVNIC_NL_A_DEV_SLOT, 0);
}

static void fill_card_badlen(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put_u16(m, OVNIC_NL_A_DEV_SLOT, 1);	/* should be u32 */
}

static void fill_ev_dev(struct nl_msg *m)
{
	handle(m, "d0");
}

static void fill_ev_link(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put_u8(m, OVNIC_NL_A_LINK_UP, 0);
}

static void fill_ev_reset(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put_u8(m, OVNIC_NL_A_DEV_STATUS, 0x4f);
}

static void fill_ev_policy(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put_u8(m, OVNIC_NL_A_POLICY, OVNIC_NL_POLICY_QUEUES);
}

static void fill_ev_policy_new(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put_u8(m, OVNIC_NL_A_POLICY, 200);
}

static const uint8_t rss_key[4] = { 0x6d, 0x5a, 0x56, 0xda };

/* As kernel/nl_hash.c builds RSS_GET. */
static void fill_rss(struct nl_msg *m)
{
	uint32_t table[4] = { 0, 1, 2, 3 };

	handle(m, "d0");
	nla_put_u32(m, OVNIC_NL_A_HASH_TYPES, 0x3f);
	nla_put_u32(m, OVNIC_NL_A_HASH_TYPES_SUPPORTED, 0x1ff);
	nla_put_u8(m, OVNIC_NL_A_HASH_REPORT, 1);
	nla_put_u8(m, OVNIC_NL_A_HASH_TUNNEL, 0);
	nla_put_u32(m, OVNIC_NL_A_HASH_TUNNEL_GUEST, 0);
	nla_put_u32(m, OVNIC_NL_A_HASH_TUNNEL_POLICY, 0x50);
	nla_put_u32(m, OVNIC_NL_A_HASH_TUNNEL_ACTIVE, 0x50);
	nla_put_u32(m, OVNIC_NL_A_HASH_TUNNEL_SUPPORTED, 0x1ff);
	nla_put_u8(m, OVNIC_NL_A_RSS, 1);
	nla_put_u8(m, OVNIC_NL_A_RSS_STEERING, OVNIC_NL_STEERING_TABLE);
	nla_put_u16(m, OVNIC_NL_A_QUEUE_PAIRS, 4);
	nla_put_u16(m, OVNIC_NL_A_RSS_UNCLASSIFIED, 0);
	nla_put_u16(m, OVNIC_NL_A_RSS_MAX_TX_VQ, 4);
	nla_put(m, OVNIC_NL_A_RSS_KEY, sizeof(rss_key), rss_key);
	nla_put(m, OVNIC_NL_A_RSS_TABLE, sizeof(table), table);
}

/* After reset: no key, nothing enabled, a bit a newer card may add. */
static void fill_rss_reset(struct nl_msg *m)
{
	uint32_t table[1] = { 0 };

	handle(m, "d1");
	nla_put_u32(m, OVNIC_NL_A_HASH_TYPES, 0);
	nla_put_u8(m, OVNIC_NL_A_HASH_REPORT, 0);
	nla_put_u8(m, OVNIC_NL_A_HASH_TUNNEL, 1);
	nla_put_u32(m, OVNIC_NL_A_HASH_TUNNEL_GUEST, 0);
	nla_put_u32(m, OVNIC_NL_A_HASH_TUNNEL_POLICY, 1u << 12);
	nla_put_u32(m, OVNIC_NL_A_HASH_TUNNEL_ACTIVE, 0);
	nla_put_u8(m, OVNIC_NL_A_RSS, 0);
	nla_put_u8(m, OVNIC_NL_A_RSS_STEERING, OVNIC_NL_STEERING_AUTO);
	nla_put_u16(m, OVNIC_NL_A_QUEUE_PAIRS, 1);
	nla_put(m, OVNIC_NL_A_RSS_KEY, 0, NULL);
	nla_put(m, OVNIC_NL_A_RSS_TABLE, sizeof(table), table);
}

static void fill_rss_bad_table(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put(m, OVNIC_NL_A_RSS_TABLE, 3, "abc");
}

static void fill_ev_policy_hash(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put_u8(m, OVNIC_NL_A_POLICY, OVNIC_NL_POLICY_HASH);
}

static struct hash_view inner_view = { .parts = HASH_INNER };
static struct hash_view rss_view = { .parts = HASH_RSS };
static struct card_view link_view = { .parts = CARD_LINK };
static struct card_view dev_view = { .parts = CARD_DEV };

static const struct ovnic_case cases[] = {
	{ "card", OVNIC_NL_CMD_DEV_GET, fill_card, card_print, NULL, "card", EXIT_OK,
	  "d0: mgmtdev ovnic0 slot 3 driver virtio_vdpa\n"
	  "  status ACKNOWLEDGE DRIVER FEATURES_OK DRIVER_OK\n"
	  "  link up speed 100000 duplex full\n",
	  "{\"card\":{\"d0\":{\"mgmtdev\":\"ovnic0\",\"slot\":3,\"driver\":\"virtio_vdpa\","
	  "\"status\":[\"ACKNOWLEDGE\",\"DRIVER\",\"FEATURES_OK\",\"DRIVER_OK\"],"
	  "\"link\":\"up\",\"speed\":100000,\"duplex\":\"full\"}}}\n" },
	{ "card, reset and down", OVNIC_NL_CMD_DEV_GET, fill_card_bare, card_print, NULL,
	  "card", EXIT_OK,
	  "d1: mgmtdev ovnic0 slot 0 driver none\n"
	  "  status RESET\n"
	  "  link down\n",
	  "{\"card\":{\"d1\":{\"mgmtdev\":\"ovnic0\",\"slot\":0,\"driver\":\"none\","
	  "\"status\":[\"RESET\"],\"link\":\"down\"}}}\n" },
	{ "card, unknown status bits", OVNIC_NL_CMD_DEV_GET, fill_card_odd_status,
	  card_print, NULL, "card", EXIT_OK,
	  "d2: mgmtdev ovnic0 driver none\n"
	  "  status NEEDS_RESET bit_4 bit_5\n"
	  "  duplex unknown\n", NULL },
	{ "link view", OVNIC_NL_CMD_DEV_GET, fill_card, card_print, &link_view, "link",
	  EXIT_OK, "d0: link up speed 100000 duplex full\n",
	  "{\"link\":{\"d0\":{\"link\":\"up\",\"speed\":100000,\"duplex\":\"full\"}}}\n" },
	{ "dev view", OVNIC_NL_CMD_DEV_GET, fill_card_bare, card_print, &dev_view, "card",
	  EXIT_OK, "d1: mgmtdev ovnic0 slot 0 driver none\n  status RESET\n", NULL },
	{ "card without a name", OVNIC_NL_CMD_DEV_GET, fill_card_noname, card_print, NULL,
	  "card", EXIT_FAIL, "", "{\"card\":{}}\n",
	  "Error: device name missing in the kernel's dev reply" },
	{ "card with a short attribute", OVNIC_NL_CMD_DEV_GET, fill_card_badlen,
	  card_print, NULL, "card", EXIT_FAIL, "", NULL, "Error: malformed dev reply" },
	{ "event dev_add", OVNIC_NL_CMD_DEV_ADD_NTF, fill_ev_dev, monitor_print, NULL,
	  NULL, EXIT_OK, "dev_add dev d0 mgmtdev ovnic0\n",
	  "{\"event\":\"dev_add\",\"dev\":\"d0\",\"mgmtdev\":\"ovnic0\"}\n" },
	{ "event dev_del", OVNIC_NL_CMD_DEV_DEL_NTF, fill_ev_dev, monitor_print, NULL,
	  NULL, EXIT_OK, "dev_del dev d0 mgmtdev ovnic0\n", NULL },
	{ "event link", OVNIC_NL_CMD_LINK_NTF, fill_ev_link, monitor_print, NULL,
	  NULL, EXIT_OK, "link_change dev d0 mgmtdev ovnic0 link down\n",
	  "{\"event\":\"link_change\",\"dev\":\"d0\",\"mgmtdev\":\"ovnic0\",\"link\":\"down\"}\n" },
	{ "event needs_reset", OVNIC_NL_CMD_NEEDS_RESET_NTF, fill_ev_reset, monitor_print,
	  NULL, NULL, EXIT_OK,
	  "needs_reset dev d0 mgmtdev ovnic0 status ACKNOWLEDGE DRIVER FEATURES_OK"
	  " DRIVER_OK NEEDS_RESET\n",
	  "{\"event\":\"needs_reset\",\"dev\":\"d0\",\"mgmtdev\":\"ovnic0\",\"status\":"
	  "[\"ACKNOWLEDGE\",\"DRIVER\",\"FEATURES_OK\",\"DRIVER_OK\",\"NEEDS_RESET\"]}\n" },
	{ "event policy", OVNIC_NL_CMD_POLICY_NTF, fill_ev_policy, monitor_print, NULL,
	  NULL, EXIT_OK, "policy_change dev d0 mgmtdev ovnic0 policy queues\n", NULL },
	{ "hash show", OVNIC_NL_CMD_RSS_GET, fill_rss, hash_print, &inner_view, "hash",
	  EXIT_OK,
	  "d0: mgmtdev ovnic0 hash_report true hash_tunnel false\n"
	  "  hash_types ipv4 tcpv4 udpv4 ipv6 tcpv6 udpv6\n"
	  "  tunnel_active vxlan geneve\n"
	  "  tunnel_guest none\n"
	  "  tunnel_policy vxlan geneve\n"
	  "  tunnel_supported gre_2784 gre_2890 gre_7676 gre_udp vxlan vxlan_gpe geneve ipip nvgre\n",
	  "{\"hash\":{\"d0\":{\"mgmtdev\":\"ovnic0\",\"hash_report\":true,"
	  "\"hash_tunnel\":false,\"hash_types\":[\"ipv4\",\"tcpv4\",\"udpv4\","
	  "\"ipv6\",\"tcpv6\",\"udpv6\"],\"tunnel_active\":[\"vxlan\",\"geneve\"],"
	  "\"tunnel_guest\":[],\"tunnel_policy\":[\"vxlan\",\"geneve\"],"
	  "\"tunnel_supported\":[\"gre_2784\",\"gre_2890\",\"gre_7676\",\"gre_udp\","
	  "\"vxlan\",\"vxlan_gpe\",\"geneve\",\"ipip\",\"nvgre\"]}}}\n" },
	{ "rss show", OVNIC_NL_CMD_RSS_GET, fill_rss, hash_print, &rss_view, "rss",
	  EXIT_OK,
	  "d0: mgmtdev ovnic0 rss true steering table pairs 4 max_tx_vq 4 unclassified_queue 0\n"
	  "  hash_types ipv4 tcpv4 udpv4 ipv6 tcpv6 udpv6\n"
	  "  key 6d:5a:56:da\n"
	  "  indirection_table 0 1 2 3\n",
	  "{\"rss\":{\"d0\":{\"mgmtdev\":\"ovnic0\",\"rss\":true,\"steering\":\"table\","
	  "\"pairs\":4,\"max_tx_vq\":4,\"unclassified_queue\":0,\"hash_types\":"
	  "[\"ipv4\",\"tcpv4\",\"udpv4\",\"ipv6\",\"tcpv6\",\"udpv6\"],"
	  "\"key\":\"6d:5a:56:da\",\"indirection_table\":[0,1,2,3]}}}\n" },
	{ "hash and rss, reset", OVNIC_NL_CMD_RSS_GET, fill_rss_reset, hash_print, NULL,
	  "rss", EXIT_OK,
	  "d1: mgmtdev ovnic0 hash_report false hash_tunnel true\n"
	  "  hash_types none\n"
	  "  tunnel_active none\n"
	  "  tunnel_guest none\n"
	  "  tunnel_policy bit_12\n"
	  "  rss false steering auto pairs 1\n"
	  "  key none\n"
	  "  indirection_table 0\n", NULL },
	{ "rss with a bent table", OVNIC_NL_CMD_RSS_GET, fill_rss_bad_table, hash_print,
	  &rss_view, "rss", EXIT_FAIL, NULL, NULL,
	  "Error: malformed indirection table" },
	{ "event policy hash", OVNIC_NL_CMD_POLICY_NTF, fill_ev_policy_hash, monitor_print,
	  NULL, NULL, EXIT_OK, "policy_change dev d0 mgmtdev ovnic0 policy hash\n", NULL },
	{ "event of a newer kernel", 99, fill_ev_policy_new, monitor_print, NULL,
	  NULL, EXIT_OK, "event_99 dev d0 mgmtdev ovnic0 policy policy_200\n", NULL },
	{ "event without a name", OVNIC_NL_CMD_DEV_ADD_NTF, fill_card_noname,
	  monitor_print, NULL, NULL, EXIT_FAIL, "", "",
	  "Error: device name missing in the kernel's event reply" },
};

static void run_case(const struct ovnic_case *c, unsigned int flags,
		     const char *want)
{
	struct capture cap;
	struct nl_msg *m;
	int ret;

	m = reply(c->cmd);
	c->fill(m);
	capture_start(&cap, flags);
	if (c->section)
		print_section_start(c->section);
	ret = c->print(m, c->arg);
	if (c->section)
		print_section_end();
	capture_stop(&cap);
	nlmsg_free(m);
	if (ret != c->ret || (want && strcmp(cap.out, want)) ||
	    (c->err && !strstr(cap.err, c->err)) || (!c->err && cap.err_len)) {
		print_error("case \"%s\" flags %u: ret %d, err \"%s\"\n",
			    c->name, flags, ret, cap.err);
		if (want)
			report_diff(c->name, cap.out, want);
		capture_free(&cap);
		fail();
	}
	capture_free(&cap);
}

static void test_ovnic_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		run_case(&cases[i], 0, cases[i].text);
		run_case(&cases[i], PRINT_JSON, cases[i].json);
		run_case(&cases[i], PRINT_PRETTY, NULL);
	}
}

/* monitor count N: the callback asks to stop after the Nth event. */
static void test_monitor_count(void **state)
{
	uint64_t left = 2, unlimited = 0;
	struct capture cap;
	struct nl_msg *m;

	(void)state;
	m = reply(OVNIC_NL_CMD_DEV_ADD_NTF);
	fill_ev_dev(m);
	capture_start(&cap, 0);
	assert_int_equal(monitor_print(m, &left), EXIT_OK);
	assert_int_equal(monitor_print(m, &left), NLCTL_STOP);
	assert_int_equal(monitor_print(m, &unlimited), EXIT_OK);
	assert_int_equal(monitor_print(m, &unlimited), EXIT_OK);
	capture_stop(&cap);
	assert_int_equal(strlen(cap.out), 4 * strlen("dev_add dev d0 mgmtdev ovnic0\n"));
	capture_free(&cap);
	nlmsg_free(m);
}

int run_ovnic_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ovnic_cases),
		cmocka_unit_test(test_monitor_count),
	};

	return cmocka_run_group_tests_name("ovnic", tests, NULL, NULL);
}
