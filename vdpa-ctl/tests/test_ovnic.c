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
