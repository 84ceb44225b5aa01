// SPDX-License-Identifier: GPL-2.0
/*
 * The requests of the ovnic family's commands: "link set" and "mac set"
 * send the attributes of the options given, and no others.
 */
#include "test_ovnic.h"

/* "link set" requests: the attributes of the options given, no others. */
static const struct link_req_case {
	const char *line;
	int up, loopback;	/* -1: absent */
} link_reqs[] = {
	{ "d0 state down", 0, -1 },
	{ "d0 loopback on", -1, 1 },
	{ "d0 loopback off", -1, 0 },
	{ "d0 state up loopback on", 1, 1 },
	{ "d0 loopback off state down", 0, 0 },
};

static void test_link_request(void **state)
{
	static const struct cmd_spec spec = {
		.required = OPT_NAME, .optional = OPT_STATE | OPT_LOOPBACK,
		.positional = OPT_NAME,
	};
	char buf[128], *argv[MAX_TEST_ARGS];
	struct nlattr *tb[OVNIC_NL_A_MAX + 1];
	struct nl_msg *m;
	struct opts o;
	size_t i;
	int argc;

	(void)state;
	ovnic_family.id = 0x21;		/* no kernel: a family id of our own */
	for (i = 0; i < ARRAY_SIZE(link_reqs); i++) {
		const struct link_req_case *c = &link_reqs[i];

		argc = split_args(c->line, buf, sizeof(buf), argv);
		assert_int_equal(opts_parse(&o, &spec, argc, argv), EXIT_OK);
		m = ovnic_req(OVNIC_NL_CMD_LINK_SET, 0, &o);
		assert_non_null(m);
		assert_int_equal(genlmsg_parse(nlmsg_hdr(m), 0, tb, OVNIC_NL_A_MAX,
					       NULL), 0);
		assert_string_equal(nla_get_string(tb[OVNIC_NL_A_DEV_NAME]), "d0");
		if (c->up < 0)
			assert_null(tb[OVNIC_NL_A_LINK_UP]);
		else
			assert_int_equal(nla_get_u8(tb[OVNIC_NL_A_LINK_UP]), c->up);
		if (c->loopback < 0)
			assert_null(tb[OVNIC_NL_A_LINK_LOOPBACK]);
		else
			assert_int_equal(nla_get_u8(tb[OVNIC_NL_A_LINK_LOOPBACK]),
					 c->loopback);
		nlmsg_free(m);
	}
	ovnic_family.id = 0;
}

/* "mac set" requests: the attributes of the options given, no others. */
static const struct mac_req_case {
	const char *line;
	int n_allowed;		/* -1: no MAC_ALLOWED */
	const char *allowed[3];
	int trust, spoofchk;	/* -1: absent */
} mac_reqs[] = {
	{ "d1 allow none", 0, { NULL }, -1, -1 },
	{ "d1 allow 02:00:00:00:66:01", 1, { "02:00:00:00:66:01" }, -1, -1 },
	{ "d1 allow 02:00:00:00:66:02,02:00:00:00:66:01 trust on", 2,
	  { "02:00:00:00:66:02", "02:00:00:00:66:01" }, 1, -1 },
	{ "d1 trust off", -1, { NULL }, 0, -1 },
	{ "d1 spoofchk on", -1, { NULL }, -1, OVNIC_NL_SPOOFCHK_ON },
	{ "d1 spoofchk off", -1, { NULL }, -1, OVNIC_NL_SPOOFCHK_OFF },
	{ "d1 spoofchk auto trust on allow none", 0, { NULL }, 1, OVNIC_NL_SPOOFCHK_AUTO },
};

static void check_mac_req(const struct mac_req_case *c, struct nlattr **tb)
{
	struct nlattr *nest = tb[OVNIC_NL_A_MAC_ALLOWED], *a;
	uint8_t mac[6];
	int rem, n = 0;

	assert_string_equal(nla_get_string(tb[OVNIC_NL_A_DEV_NAME]), "d1");
	if (c->n_allowed < 0) {
		assert_null(nest);
	} else {
		assert_non_null(nest);
		/* the kernel's strict validation wants NLA_F_NESTED */
		assert_true(nest->nla_type & NLA_F_NESTED);
		nla_for_each_nested(a, nest, rem) {
			assert_true(n < c->n_allowed);
			assert_int_equal(nla_type(a), OVNIC_NL_MACL_ADDR);
			assert_int_equal(nla_len(a), 6);
			assert_int_equal(parse_mac(c->allowed[n], mac), 0);
			assert_memory_equal(nla_data(a), mac, 6);
			n++;
		}
		assert_int_equal(n, c->n_allowed);
	}
	if (c->trust < 0)
		assert_null(tb[OVNIC_NL_A_MAC_TRUST]);
	else
		assert_int_equal(nla_get_u8(tb[OVNIC_NL_A_MAC_TRUST]), c->trust);
	if (c->spoofchk < 0)
		assert_null(tb[OVNIC_NL_A_MAC_SPOOFCHK]);
	else
		assert_int_equal(nla_get_u8(tb[OVNIC_NL_A_MAC_SPOOFCHK]), c->spoofchk);
}

static void test_mac_request(void **state)
{
	static const struct cmd_spec spec = {
		.required = OPT_NAME, .optional = OPT_MAC_POLICY,
		.positional = OPT_NAME,
	};
	char buf[256], *argv[MAX_TEST_ARGS];
	struct nlattr *tb[OVNIC_NL_A_MAX + 1];
	struct nl_msg *m;
	struct opts o;
	size_t i;
	int argc, n;

	(void)state;
	ovnic_family.id = 0x21;		/* no kernel: a family id of our own */
	for (i = 0; i < ARRAY_SIZE(mac_reqs); i++) {
		argc = split_args(mac_reqs[i].line, buf, sizeof(buf), argv);
		assert_int_equal(opts_parse(&o, &spec, argc, argv), EXIT_OK);
		m = ovnic_req(OVNIC_NL_CMD_MAC_SET, 0, &o);
		assert_non_null(m);
		assert_int_equal(genlmsg_parse(nlmsg_hdr(m), 0, tb, OVNIC_NL_A_MAX,
					       NULL), 0);
		/* nothing but the name and the options given */
		for (n = 0; n <= OVNIC_NL_A_MAX; n++)
			if (tb[n] && n != OVNIC_NL_A_DEV_NAME &&
			    n != OVNIC_NL_A_MAC_ALLOWED && n != OVNIC_NL_A_MAC_TRUST &&
			    n != OVNIC_NL_A_MAC_SPOOFCHK)
				fail_msg("case \"%s\": attribute %d", mac_reqs[i].line, n);
		check_mac_req(&mac_reqs[i], tb);
		nlmsg_free(m);
	}
	ovnic_family.id = 0;
}

int run_ovnic_request_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_request),
		cmocka_unit_test(test_mac_request),
	};

	return cmocka_run_group_tests_name("ovnic_request", tests, NULL, NULL);
}
