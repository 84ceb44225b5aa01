// SPDX-License-Identifier: GPL-2.0
/*
 * What the ovnic family's commands print for given kernel replies (built
 * the way kernel/nl_*.c builds them), in text and JSON, and malformed
 * replies.  test_ovnic_stats.c has "stats", test_ovnic_request.c the
 * requests of "link set" and "mac set".
 */
#include "test_ovnic.h"

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

static void fill_card(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put_u32(m, OVNIC_NL_A_DEV_SLOT, 3);
	nla_put_u8(m, OVNIC_NL_A_DEV_STATUS, 0x0f);
	nla_put_string(m, OVNIC_NL_A_DEV_DRIVER, "virtio_vdpa");
	nla_put_u8(m, OVNIC_NL_A_LINK_UP, 1);
	nla_put_u8(m, OVNIC_NL_A_LINK_LOOPBACK, 0);
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
	nla_put_u8(m, OVNIC_NL_A_LINK_LOOPBACK, 1);
}

static void fill_card_odd_status(struct nl_msg *m)
{
	handle(m, "d2");
	nla_put_u8(m, OVNIC_NL_A_DEV_STATUS, 0x70);
	nla_put_u8(m, OVNIC_NL_A_LINK_DUPLEX, 7);
}

/*
 * The vDPA bus takes names longer than the 63 bytes a request may give
 * (the spec's max-len): a dump still lists such a device.
 */
static void fill_card_long_name(struct nl_msg *m)
{
	char name[101];

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	handle(m, name);
}

/* A string without its NUL. */
static void fill_card_unterminated(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put(m, OVNIC_NL_A_DEV_DRIVER, 4, "vhos");
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
	nla_put_u8(m, OVNIC_NL_A_LINK_LOOPBACK, 0);
}

static void fill_ev_loopback(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put_u8(m, OVNIC_NL_A_LINK_UP, 1);
	nla_put_u8(m, OVNIC_NL_A_LINK_LOOPBACK, 1);
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

static void fill_card_queues(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put_u16(m, OVNIC_NL_A_QUEUE_PAIRS_MAX, 2);
	nla_put_u16(m, OVNIC_NL_A_QUEUE_PAIRS_LIMIT, 4);
	nla_put_u16(m, OVNIC_NL_A_QUEUE_PAIRS, 1);
	nla_put_u16(m, OVNIC_NL_A_QUEUE_SIZE_MAX, 256);
	nla_put_u16(m, OVNIC_NL_A_QUEUE_SIZE_LIMIT, 1024);
}

static void coal_queue(struct nl_msg *m, uint16_t idx, uint32_t usecs,
		       uint32_t frames, uint8_t source, uint8_t active)
{
	struct nlattr *n = nla_nest_start(m, OVNIC_NL_A_COAL_QUEUE);

	nla_put_u16(m, OVNIC_NL_COALQ_INDEX, idx);
	nla_put_u32(m, OVNIC_NL_COALQ_USECS, usecs);
	nla_put_u32(m, OVNIC_NL_COALQ_FRAMES, frames);
	nla_put_u8(m, OVNIC_NL_COALQ_SOURCE, source);
	nla_put_u8(m, OVNIC_NL_COALQ_ACTIVE, active);
	nla_put_u32(m, OVNIC_NL_COALQ_PENDING, 2);
	nla_put_u32(m, OVNIC_NL_COALQ_RATE, 98000);
	nla_nest_end(m, n);
}

static void fill_coal(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put_u32(m, OVNIC_NL_A_COAL_RX_USECS, 50);
	nla_put_u32(m, OVNIC_NL_A_COAL_RX_FRAMES, 8);
	nla_put_u32(m, OVNIC_NL_A_COAL_TX_USECS, 0);
	nla_put_u32(m, OVNIC_NL_A_COAL_TX_FRAMES, 0);
	nla_put_u8(m, OVNIC_NL_A_COAL_ADAPTIVE_RX, 1);
	nla_put_u8(m, OVNIC_NL_A_COAL_ADAPTIVE_TX, 0);
	nla_put_u32(m, OVNIC_NL_A_COAL_IRQ_RATE, 20000);
	coal_queue(m, 0, 100, 5, OVNIC_NL_COAL_SRC_ADAPTIVE, 1);
	coal_queue(m, 1, 0, 0, OVNIC_NL_COAL_SRC_DRIVER_QUEUE, 0);
}

static void fill_coal_noindex(struct nl_msg *m)
{
	struct nlattr *n;

	handle(m, "d0");
	n = nla_nest_start(m, OVNIC_NL_A_COAL_QUEUE);
	nla_put_u32(m, OVNIC_NL_COALQ_USECS, 1);
	nla_nest_end(m, n);
}

/* A queue whose index is a u8: the generated policy wants a u16. */
static void fill_coal_short_index(struct nl_msg *m)
{
	struct nlattr *n;

	handle(m, "d0");
	n = nla_nest_start(m, OVNIC_NL_A_COAL_QUEUE);
	nla_put_u8(m, OVNIC_NL_COALQ_INDEX, 1);
	nla_nest_end(m, n);
}

static void fill_ev_policy_coal(struct nl_msg *m)
{
	handle(m, "d0");
	nla_put_u8(m, OVNIC_NL_A_POLICY, OVNIC_NL_POLICY_COAL);
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

/* A nest of addresses, as kernel/nl_mac.c builds MAC_ALLOWED/_CLAIMED. */
static void mac_list(struct nl_msg *m, int attr, const char *const *macs)
{
	struct nlattr *nest = nla_nest_start(m, attr);
	uint8_t mac[6];

	for (; *macs; macs++) {
		assert_int_equal(parse_mac(*macs, mac), 0);
		nla_put(m, OVNIC_NL_MACL_ADDR, sizeof(mac), mac);
	}
	nla_nest_end_keep_empty(m, nest);
}

static void mac_current(struct nl_msg *m, const char *s)
{
	uint8_t mac[6];

	assert_int_equal(parse_mac(s, mac), 0);
	nla_put(m, OVNIC_NL_A_MAC_CURRENT, sizeof(mac), mac);
}

static const char *const no_macs[] = { NULL };

/* A tenant allowed two addresses, using one; sources checked. */
static void fill_mac(struct nl_msg *m)
{
	static const char *const allowed[] = {
		"02:00:00:00:66:01", "02:00:00:00:66:02", NULL
	};

	handle(m, "d1");
	mac_current(m, "02:00:00:00:66:01");
	mac_list(m, OVNIC_NL_A_MAC_ALLOWED, allowed);
	nla_put_u8(m, OVNIC_NL_A_MAC_TRUST, 0);
	nla_put_u8(m, OVNIC_NL_A_MAC_SPOOFCHK, OVNIC_NL_SPOOFCHK_ON);
	nla_put_u8(m, OVNIC_NL_A_MAC_SPOOFCHK_ACTIVE, 1);
	mac_list(m, OVNIC_NL_A_MAC_CLAIMED, no_macs);
}

/* Trusted, nothing allowed, two claims; auto, off for the host kernel. */
static void fill_mac_trusted(struct nl_msg *m)
{
	static const char *const claimed[] = {
		"02:00:00:00:77:01", "0a:bc:de:f0:12:34", NULL
	};

	handle(m, "d0");
	mac_current(m, "0a:bc:de:f0:12:34");
	mac_list(m, OVNIC_NL_A_MAC_ALLOWED, no_macs);
	nla_put_u8(m, OVNIC_NL_A_MAC_TRUST, 1);
	nla_put_u8(m, OVNIC_NL_A_MAC_SPOOFCHK, OVNIC_NL_SPOOFCHK_AUTO);
	nla_put_u8(m, OVNIC_NL_A_MAC_SPOOFCHK_ACTIVE, 0);
	mac_list(m, OVNIC_NL_A_MAC_CLAIMED, claimed);
}

/* A newer kernel: a mode without a name, a list entry of another type. */
static void fill_mac_newer(struct nl_msg *m)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0x66, 0x03 };
	struct nlattr *nest;

	handle(m, "d2");
	nla_put_u8(m, OVNIC_NL_A_MAC_SPOOFCHK, 9);
	nest = nla_nest_start(m, OVNIC_NL_A_MAC_ALLOWED);
	nla_put_u32(m, 7, 1);
	nla_put(m, OVNIC_NL_MACL_ADDR, sizeof(mac), mac);
	nla_nest_end(m, nest);
}

static void fill_mac_short_entry(struct nl_msg *m)
{
	struct nlattr *nest;

	handle(m, "d1");
	nest = nla_nest_start(m, OVNIC_NL_A_MAC_CLAIMED);
	nla_put(m, OVNIC_NL_MACL_ADDR, 5, "\2\0\0\0\0");
	nla_nest_end(m, nest);
}

static void fill_mac_short_current(struct nl_msg *m)
{
	handle(m, "d1");
	nla_put(m, OVNIC_NL_A_MAC_CURRENT, 7, "\2\0\0\0\0\1\2");
}

static void fill_mac_short_current5(struct nl_msg *m)
{
	handle(m, "d1");
	nla_put(m, OVNIC_NL_A_MAC_CURRENT, 5, "\2\0\0\0\0");
}

static void fill_ev_policy_mac(struct nl_msg *m)
{
	handle(m, "d1");
	nla_put_u8(m, OVNIC_NL_A_POLICY, OVNIC_NL_POLICY_MAC);
}

static struct hash_view inner_view = { .parts = HASH_INNER };
static struct hash_view rss_view = { .parts = HASH_RSS };
static struct card_view link_view = { .parts = CARD_LINK };
static struct card_view queue_view = { .parts = CARD_QUEUES };
static struct card_view dev_view = { .parts = CARD_DEV };

static const struct ovnic_case cases[] = {
	{ "card", OVNIC_NL_CMD_DEV_GET, fill_card, card_print, NULL, "card", EXIT_OK,
	  "d0: mgmtdev ovnic0 slot 3 driver virtio_vdpa\n"
	  "  status ACKNOWLEDGE DRIVER FEATURES_OK DRIVER_OK\n"
	  "  link up speed 100000 duplex full loopback off\n",
	  "{\"card\":{\"d0\":{\"mgmtdev\":\"ovnic0\",\"slot\":3,\"driver\":\"virtio_vdpa\","
	  "\"status\":[\"ACKNOWLEDGE\",\"DRIVER\",\"FEATURES_OK\",\"DRIVER_OK\"],"
	  "\"link\":\"up\",\"speed\":100000,\"duplex\":\"full\",\"loopback\":false}}}\n" },
	{ "card, reset and down", OVNIC_NL_CMD_DEV_GET, fill_card_bare, card_print, NULL,
	  "card", EXIT_OK,
	  "d1: mgmtdev ovnic0 slot 0 driver none\n"
	  "  status RESET\n"
	  "  link down loopback on\n",
	  "{\"card\":{\"d1\":{\"mgmtdev\":\"ovnic0\",\"slot\":0,\"driver\":\"none\","
	  "\"status\":[\"RESET\"],\"link\":\"down\",\"loopback\":true}}}\n" },
	{ "card, unknown status bits", OVNIC_NL_CMD_DEV_GET, fill_card_odd_status,
	  card_print, NULL, "card", EXIT_OK,
	  "d2: mgmtdev ovnic0 driver none\n"
	  "  status NEEDS_RESET bit_4 bit_5\n"
	  "  duplex unknown\n", NULL },
	{ "link view", OVNIC_NL_CMD_DEV_GET, fill_card, card_print, &link_view, "link",
	  EXIT_OK, "d0: link up speed 100000 duplex full loopback off\n",
	  "{\"link\":{\"d0\":{\"link\":\"up\",\"speed\":100000,\"duplex\":\"full\","
	  "\"loopback\":false}}}\n" },
	{ "link view, loopback", OVNIC_NL_CMD_DEV_GET, fill_card_bare, card_print, &link_view,
	  "link", EXIT_OK, "d1: link down loopback on\n",
	  "{\"link\":{\"d1\":{\"link\":\"down\",\"loopback\":true}}}\n" },
	{ "dev view", OVNIC_NL_CMD_DEV_GET, fill_card_bare, card_print, &dev_view, "card",
	  EXIT_OK, "d1: mgmtdev ovnic0 slot 0 driver none\n  status RESET\n", NULL },
	{ "queue view", OVNIC_NL_CMD_DEV_GET, fill_card_queues, card_print, &queue_view,
	  "queue", EXIT_OK,
	  "d0: max_pairs 2 max_pairs_limit 4 pairs 1 max_size 256 max_size_limit 1024\n",
	  "{\"queue\":{\"d0\":{\"max_pairs\":2,\"max_pairs_limit\":4,\"pairs\":1,"
	  "\"max_size\":256,\"max_size_limit\":1024}}}\n" },
	{ "card with queues", OVNIC_NL_CMD_DEV_GET, fill_card_queues, card_print, NULL,
	  "card", EXIT_OK,
	  "d0: mgmtdev ovnic0 driver none\n"
	  "  max_pairs 2 max_pairs_limit 4 pairs 1 max_size 256 max_size_limit 1024\n",
	  NULL },
	{ "card without a name", OVNIC_NL_CMD_DEV_GET, fill_card_noname, card_print, NULL,
	  "card", EXIT_FAIL, "", "{\"card\":{}}\n",
	  "Error: device name missing in the kernel's dev reply" },
	{ "card with a short attribute", OVNIC_NL_CMD_DEV_GET, fill_card_badlen,
	  card_print, NULL, "card", EXIT_FAIL, "", NULL, "Error: malformed dev reply" },
	{ "card with a long name", OVNIC_NL_CMD_DEV_GET, fill_card_long_name,
	  card_print, NULL, "card", EXIT_OK,
	  "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
	  "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn: mgmtdev ovnic0 driver none\n", NULL },
	{ "card with an unterminated string", OVNIC_NL_CMD_DEV_GET,
	  fill_card_unterminated, card_print, NULL, "card", EXIT_FAIL, "", NULL,
	  "Error: malformed dev reply" },
	{ "event dev_add", OVNIC_NL_CMD_DEV_ADD_NTF, fill_ev_dev, monitor_print, NULL,
	  NULL, EXIT_OK, "dev_add dev d0 mgmtdev ovnic0\n",
	  "{\"event\":\"dev_add\",\"dev\":\"d0\",\"mgmtdev\":\"ovnic0\"}\n" },
	{ "event dev_del", OVNIC_NL_CMD_DEV_DEL_NTF, fill_ev_dev, monitor_print, NULL,
	  NULL, EXIT_OK, "dev_del dev d0 mgmtdev ovnic0\n", NULL },
	{ "event link", OVNIC_NL_CMD_LINK_NTF, fill_ev_link, monitor_print, NULL,
	  NULL, EXIT_OK, "link_change dev d0 mgmtdev ovnic0 link down loopback off\n",
	  "{\"event\":\"link_change\",\"dev\":\"d0\",\"mgmtdev\":\"ovnic0\",\"link\":\"down\","
	  "\"loopback\":false}\n" },
	{ "event loopback", OVNIC_NL_CMD_LINK_NTF, fill_ev_loopback, monitor_print, NULL,
	  NULL, EXIT_OK, "link_change dev d0 mgmtdev ovnic0 link up loopback on\n",
	  "{\"event\":\"link_change\",\"dev\":\"d0\",\"mgmtdev\":\"ovnic0\",\"link\":\"up\","
	  "\"loopback\":true}\n" },
	{ "event needs_reset", OVNIC_NL_CMD_NEEDS_RESET_NTF, fill_ev_reset, monitor_print,
	  NULL, NULL, EXIT_OK,
	  "needs_reset dev d0 mgmtdev ovnic0 status ACKNOWLEDGE DRIVER FEATURES_OK"
	  " DRIVER_OK NEEDS_RESET\n",
	  "{\"event\":\"needs_reset\",\"dev\":\"d0\",\"mgmtdev\":\"ovnic0\",\"status\":"
	  "[\"ACKNOWLEDGE\",\"DRIVER\",\"FEATURES_OK\",\"DRIVER_OK\",\"NEEDS_RESET\"]}\n" },
	{ "event policy", OVNIC_NL_CMD_POLICY_NTF, fill_ev_policy, monitor_print, NULL,
	  NULL, EXIT_OK, "policy_change dev d0 mgmtdev ovnic0 policy queues\n", NULL },
	{ "coal", OVNIC_NL_CMD_COAL_GET, fill_coal, coal_print, NULL, "coal", EXIT_OK,
	  "d0: mgmtdev ovnic0 rx_usecs 50 rx_frames 8 tx_usecs 0 tx_frames 0\n"
	  "  adaptive_rx on adaptive_tx off irq_rate 20000\n"
	  "  queue 0 usecs 100 frames 5 source adaptive active yes pending 2 rate 98000\n"
	  "  queue 1 usecs 0 frames 0 source driver_queue active no pending 2 rate 98000\n",
	  "{\"coal\":{\"d0\":{\"mgmtdev\":\"ovnic0\",\"rx_usecs\":50,\"rx_frames\":8,"
	  "\"tx_usecs\":0,\"tx_frames\":0,\"adaptive_rx\":true,\"adaptive_tx\":false,"
	  "\"irq_rate\":20000,\"queues\":[{\"queue\":0,\"usecs\":100,\"frames\":5,"
	  "\"source\":\"adaptive\",\"active\":true,\"pending\":2,\"rate\":98000},"
	  "{\"queue\":1,\"usecs\":0,\"frames\":0,\"source\":\"driver_queue\","
	  "\"active\":false,\"pending\":2,\"rate\":98000}]}}}\n" },
	{ "coal, a queue without its index", OVNIC_NL_CMD_COAL_GET, fill_coal_noindex,
	  coal_print, NULL, "coal", EXIT_FAIL, NULL, NULL,
	  "Error: queue index missing in the kernel's coal reply" },
	{ "coal, a short queue index", OVNIC_NL_CMD_COAL_GET, fill_coal_short_index,
	  coal_print, NULL, "coal", EXIT_FAIL, NULL, NULL,
	  "Error: malformed queue in the kernel's reply" },
	{ "event policy coal", OVNIC_NL_CMD_POLICY_NTF, fill_ev_policy_coal, monitor_print,
	  NULL, NULL, EXIT_OK, "policy_change dev d0 mgmtdev ovnic0 policy coalescing\n",
	  NULL },
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
	{ "mac show", OVNIC_NL_CMD_MAC_GET, fill_mac, mac_print, NULL, "mac", EXIT_OK,
	  "d1: mgmtdev ovnic0 mac 02:00:00:00:66:01 trust off spoofchk on spoofchk_active yes\n"
	  "  allowed 02:00:00:00:66:01 02:00:00:00:66:02\n"
	  "  claimed none\n",
	  "{\"mac\":{\"d1\":{\"mgmtdev\":\"ovnic0\",\"mac\":\"02:00:00:00:66:01\","
	  "\"trust\":false,\"spoofchk\":\"on\",\"spoofchk_active\":true,"
	  "\"allowed\":[\"02:00:00:00:66:01\",\"02:00:00:00:66:02\"],\"claimed\":[]}}}\n" },
	{ "mac show, trusted", OVNIC_NL_CMD_MAC_GET, fill_mac_trusted, mac_print, NULL, "mac",
	  EXIT_OK,
	  "d0: mgmtdev ovnic0 mac 0a:bc:de:f0:12:34 trust on spoofchk auto spoofchk_active no\n"
	  "  allowed none\n"
	  "  claimed 02:00:00:00:77:01 0a:bc:de:f0:12:34\n",
	  "{\"mac\":{\"d0\":{\"mgmtdev\":\"ovnic0\",\"mac\":\"0a:bc:de:f0:12:34\","
	  "\"trust\":true,\"spoofchk\":\"auto\",\"spoofchk_active\":false,"
	  "\"allowed\":[],\"claimed\":[\"02:00:00:00:77:01\",\"0a:bc:de:f0:12:34\"]}}}\n" },
	{ "mac show, a newer kernel", OVNIC_NL_CMD_MAC_GET, fill_mac_newer, mac_print, NULL,
	  "mac", EXIT_OK,
	  "d2: mgmtdev ovnic0 spoofchk unknown\n"
	  "  allowed 02:00:00:00:66:03\n",
	  "{\"mac\":{\"d2\":{\"mgmtdev\":\"ovnic0\",\"spoofchk\":\"unknown\","
	  "\"allowed\":[\"02:00:00:00:66:03\"]}}}\n" },
	{ "mac show, a short address in a list", OVNIC_NL_CMD_MAC_GET, fill_mac_short_entry,
	  mac_print, NULL, "mac", EXIT_FAIL, "", "{\"mac\":{}}\n",
	  "Error: malformed address list in the kernel's mac reply" },
	{ "mac show, a long current address", OVNIC_NL_CMD_MAC_GET, fill_mac_short_current,
	  mac_print, NULL, "mac", EXIT_FAIL, "", "{\"mac\":{}}\n",
	  "Error: malformed mac reply from the kernel" },
	{ "mac show, a short current address", OVNIC_NL_CMD_MAC_GET,
	  fill_mac_short_current5, mac_print, NULL, "mac", EXIT_FAIL, "", "{\"mac\":{}}\n",
	  "Error: malformed mac reply from the kernel" },
	{ "event policy mac", OVNIC_NL_CMD_POLICY_NTF, fill_ev_policy_mac, monitor_print,
	  NULL, NULL, EXIT_OK, "policy_change dev d1 mgmtdev ovnic0 policy mac\n",
	  "{\"event\":\"policy_change\",\"dev\":\"d1\",\"mgmtdev\":\"ovnic0\","
	  "\"policy\":\"mac\"}\n" },
	{ "event of a newer kernel", 99, fill_ev_policy_new, monitor_print, NULL,
	  NULL, EXIT_OK, "event_99 dev d0 mgmtdev ovnic0 policy policy_200\n", NULL },
	{ "event without a name", OVNIC_NL_CMD_DEV_ADD_NTF, fill_card_noname,
	  monitor_print, NULL, NULL, EXIT_FAIL, "", "",
	  "Error: device name missing in the kernel's event reply" },
};

static void run_case(const struct ovnic_case *c, unsigned int flags,
		     const char *want, char **got)
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
	/* a failure may print nothing; what is printed must be JSON */
	if ((flags & PRINT_JSON) && (cap.out_len || ret == EXIT_OK))
		assert_json(c->name, cap.out);
	if (ret != c->ret || (want && strcmp(cap.out, want)) ||
	    (c->err && !strstr(cap.err, c->err)) || (!c->err && cap.err_len)) {
		print_error("case \"%s\" flags %u: ret %d, err \"%s\"\n",
			    c->name, flags, ret, cap.err);
		if (want)
			report_diff(c->name, cap.out, want);
		capture_free(&cap);
		fail();
	}
	if (got)
		*got = strdup(cap.out);
	capture_free(&cap);
}

static void test_ovnic_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *json, *pretty;

		run_case(&cases[i], 0, cases[i].text, NULL);
		run_case(&cases[i], PRINT_JSON, cases[i].json, &json);
		/* -p: the same JSON, laid out (test_print checks the layout) */
		pretty = json_pretty(json);
		run_case(&cases[i], PRINT_PRETTY, pretty, NULL);
		run_case(&cases[i], PRINT_JSON | PRINT_PRETTY, pretty, NULL);
		free(pretty);
		free(json);
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
