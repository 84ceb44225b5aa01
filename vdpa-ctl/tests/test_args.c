// SPDX-License-Identifier: GPL-2.0
/*
 * opts_parse(): table-driven cases of command lines, what they set and
 * what they report.
 */
#include "helpers.h"
#include "args.h"

static const struct cmd_spec add_spec = {
	.required = OPT_NAME | OPT_MGMTDEV,
	.optional = OPT_MAC | OPT_MTU | OPT_MAX_VQP | OPT_FEATURES,
};
static const struct cmd_spec del_spec = {
	.required = OPT_NAME, .positional = OPT_NAME,
};
static const struct cmd_spec show_spec = {
	.optional = OPT_NAME, .positional = OPT_NAME,
};
static const struct cmd_spec vstats_spec = {
	.required = OPT_NAME | OPT_QIDX, .positional = OPT_NAME,
};
static const struct cmd_spec mgmt_spec = {
	.optional = OPT_MGMTDEV, .positional = OPT_MGMTDEV,
};
/* the ovnic commands' */
static const struct cmd_spec link_spec = {
	.required = OPT_NAME, .optional = OPT_STATE | OPT_LOOPBACK,
	.positional = OPT_NAME,
};
static const struct cmd_spec queue_spec = {
	.required = OPT_NAME, .optional = OPT_MAX_PAIRS | OPT_MAX_SIZE,
	.positional = OPT_NAME,
};
static const struct cmd_spec stats_spec = {
	.optional = OPT_NAME | OPT_QIDX | OPT_SCOPE | OPT_INTERVAL,
	.positional = OPT_NAME,
};
static const struct cmd_spec monitor_spec = { .optional = OPT_COUNT };
static const struct cmd_spec coal_set_spec = {
	.required = OPT_NAME, .optional = OPT_COAL_POLICY, .positional = OPT_NAME,
};
static const struct cmd_spec hash_set_spec = {
	.required = OPT_NAME | OPT_TUNNEL, .positional = OPT_NAME,
};
static const struct cmd_spec mac_set_spec = {
	.required = OPT_NAME, .optional = OPT_MAC_POLICY, .positional = OPT_NAME,
};

#define M1	"02:00:00:00:66:01"
#define M7	M1 ",02:00:00:00:66:02,02:00:00:00:66:03,02:00:00:00:66:04," \
		"02:00:00:00:66:05,02:00:00:00:66:06,02:00:00:00:66:07"

struct args_case {
	const char *line;
	const struct cmd_spec *spec;
	int ret;
	uint64_t present;
	const char *err;	/* expected in the error output */
};

static const struct args_case cases[] = {
	{ "d0 rx_usecs 50 rx_frames 8 tx_usecs 0 tx_frames 1 adaptive_rx on adaptive_tx off irq_rate 20000",
	  &coal_set_spec, EXIT_OK, OPT_NAME | OPT_COAL_POLICY },
	{ "d0 adaptive_rx yes", &coal_set_spec, EXIT_USAGE, 0, "adaptive_rx \"yes\" is neither on nor off" },
	{ "d0 rx_usecs 4294967296", &coal_set_spec, EXIT_USAGE, 0, "rx_usecs \"4294967296\" is not a number" },
	{ "d0 irq_rate", &coal_set_spec, EXIT_USAGE, 0, "\"irq_rate\" needs a value" },
	{ "d0 rx_usecs 1 rx-usecs 2", &coal_set_spec, EXIT_USAGE, 0, "\"rx_usecs\" is given twice" },
	{ "d0 rx-usecs 1", &queue_spec, EXIT_USAGE, 0, "unknown argument \"rx-usecs\"" },
	{ "d0 max-pairs 1", &queue_spec, EXIT_USAGE, 0, "unknown argument \"max-pairs\"" },
	{ "name d0 mgmtdev ovnic0", &add_spec, EXIT_OK, OPT_NAME | OPT_MGMTDEV },
	{ "mgmtdev ovnic0 name d0 mac 02:00:00:00:00:01 mtu 9000 max_vqp 4 device_features 0x1",
	  &add_spec, EXIT_OK,
	  OPT_NAME | OPT_MGMTDEV | OPT_MAC | OPT_MTU | OPT_MAX_VQP | OPT_FEATURES },
	{ "", &add_spec, EXIT_USAGE, 0, "device name is missing" },
	{ "name d0", &add_spec, EXIT_USAGE, 0, "management device is missing" },
	{ "mgmtdev ovnic0", &add_spec, EXIT_USAGE, 0, "device name is missing" },
	{ "name d0 mgmtdev ovnic0 mtu", &add_spec, EXIT_USAGE, 0, "\"mtu\" needs a value" },
	{ "name d0 mgmtdev ovnic0 mtu 65536", &add_spec, EXIT_USAGE, 0, "mtu \"65536\" is not a number" },
	{ "name d0 mgmtdev ovnic0 mtu -1", &add_spec, EXIT_USAGE, 0, "is not a number" },
	{ "name d0 mgmtdev ovnic0 mtu 15OO", &add_spec, EXIT_USAGE, 0, "is not a number" },
	{ "name d0 mgmtdev ovnic0 mtu 0x2328", &add_spec, EXIT_OK,
	  OPT_NAME | OPT_MGMTDEV | OPT_MTU },
	{ "name d0 mgmtdev ovnic0 mtu 010", &add_spec, EXIT_USAGE, 0, "is not a number" },
	{ "name d0 mgmtdev ovnic0 max_vqp 70000", &add_spec, EXIT_USAGE, 0, "max_vqp" },
	{ "name d0 mgmtdev ovnic0 mac 02:00:00:00:00", &add_spec, EXIT_USAGE, 0, "is not a MAC address" },
	{ "name d0 mgmtdev ovnic0 mac 02:00:00:00:00:0g", &add_spec, EXIT_USAGE, 0, "is not a MAC address" },
	{ "name d0 mgmtdev ovnic0 mac 02:00:00:00:00:001", &add_spec, EXIT_USAGE, 0, "is not a MAC address" },
	{ "name d0 mgmtdev ovnic0 name d1", &add_spec, EXIT_USAGE, 0, "\"name\" is given twice" },
	{ "name d0 mgmtdev ovnic0 qidx 1", &add_spec, EXIT_USAGE, 0, "unknown argument \"qidx\"" },
	{ "name d0 mgmtdev ovnic0 MTU 1500", &add_spec, EXIT_USAGE, 0, "unknown argument \"MTU\"" },
	{ "name d0 mgmtdev ovnic0 mt 1500", &add_spec, EXIT_USAGE, 0, "unknown argument \"mt\"" },
	{ "name d0 mgmtdev pci/0000:01:00.0", &add_spec, EXIT_OK, OPT_NAME | OPT_MGMTDEV },
	{ "name d0 mgmtdev pci/a/b", &add_spec, EXIT_USAGE, 0, "is not a management device" },
	{ "name d0 mgmtdev /x", &add_spec, EXIT_USAGE, 0, "is not a management device" },
	{ "name d0 mgmtdev pci/", &add_spec, EXIT_USAGE, 0, "is not a management device" },
	{ "name d0 mgmtdev ovnic0 device_features VERSION_1,NOPE", &add_spec, EXIT_USAGE, 0,
	  "unknown feature \"NOPE\"" },
	{ "d0", &del_spec, EXIT_OK, OPT_NAME },
	{ "", &del_spec, EXIT_USAGE, 0, "device name is missing" },
	{ "d0 d1", &del_spec, EXIT_USAGE, 0, "unknown argument \"d1\"" },
	{ "name d0", &del_spec, EXIT_OK, OPT_NAME },
	{ "", &show_spec, EXIT_OK, 0 },
	{ "d0", &show_spec, EXIT_OK, OPT_NAME },
	{ "d0 qidx 3", &vstats_spec, EXIT_OK, OPT_NAME | OPT_QIDX },
	{ "d0", &vstats_spec, EXIT_USAGE, 0, "queue index is missing" },
	{ "qidx 3", &vstats_spec, EXIT_USAGE, 0, "device name is missing" },
	{ "d0 qidx 4294967296", &vstats_spec, EXIT_USAGE, 0, "is not a queue index" },
	{ "ovnic0", &mgmt_spec, EXIT_OK, OPT_MGMTDEV },
	{ "", &mgmt_spec, EXIT_OK, 0 },
	{ "d0 state up", &link_spec, EXIT_OK, OPT_NAME | OPT_STATE },
	{ "d0 state down", &link_spec, EXIT_OK, OPT_NAME | OPT_STATE },
	{ "d0 state Up", &link_spec, EXIT_USAGE, 0, "state \"Up\" is neither up nor down" },
	{ "d0 state", &link_spec, EXIT_USAGE, 0, "\"state\" needs a value" },
	{ "d0 up", &link_spec, EXIT_USAGE, 0, "unknown argument \"up\"" },
	/* "link set" itself wants one of state and loopback (test_cmd.c) */
	{ "d0", &link_spec, EXIT_OK, OPT_NAME },
	{ "d0 loopback on", &link_spec, EXIT_OK, OPT_NAME | OPT_LOOPBACK },
	{ "d0 loopback off", &link_spec, EXIT_OK, OPT_NAME | OPT_LOOPBACK },
	{ "d0 state down loopback on", &link_spec, EXIT_OK,
	  OPT_NAME | OPT_STATE | OPT_LOOPBACK },
	{ "d0 loopback off state up", &link_spec, EXIT_OK,
	  OPT_NAME | OPT_STATE | OPT_LOOPBACK },
	{ "name d0 loopback on", &link_spec, EXIT_OK, OPT_NAME | OPT_LOOPBACK },
	{ "d0 loopback maybe", &link_spec, EXIT_USAGE, 0,
	  "loopback \"maybe\" is neither on nor off" },
	{ "d0 loopback On", &link_spec, EXIT_USAGE, 0, "loopback \"On\" is neither on nor off" },
	{ "d0 loopback 1", &link_spec, EXIT_USAGE, 0, "loopback \"1\" is neither on nor off" },
	{ "d0 loopback", &link_spec, EXIT_USAGE, 0, "\"loopback\" needs a value" },
	{ "d0 loopback on loopback off", &link_spec, EXIT_USAGE, 0,
	  "\"loopback\" is given twice" },
	{ "loopback on", &link_spec, EXIT_USAGE, 0, "device name is missing" },
	{ "d0 loopback on", &queue_spec, EXIT_USAGE, 0, "unknown argument \"loopback\"" },
	{ "d0 max_pairs 2 max_size 256", &queue_spec, EXIT_OK,
	  OPT_NAME | OPT_MAX_PAIRS | OPT_MAX_SIZE },
	{ "d0 max_size 0x100", &queue_spec, EXIT_OK, OPT_NAME | OPT_MAX_SIZE },
	{ "d0 max_pairs 65536", &queue_spec, EXIT_USAGE, 0, "max_pairs \"65536\" is not a number" },
	{ "d0 max_size big", &queue_spec, EXIT_USAGE, 0, "max_size \"big\" is not a number" },
	{ "", &stats_spec, EXIT_OK, 0 },
	{ "d0 qidx 2 interval 0.5", &stats_spec, EXIT_OK, OPT_NAME | OPT_QIDX | OPT_INTERVAL },
	{ "scope queue", &stats_spec, EXIT_OK, OPT_SCOPE },
	{ "d0 scope device interval 2", &stats_spec, EXIT_OK, OPT_NAME | OPT_SCOPE | OPT_INTERVAL },
	{ "scope queues", &stats_spec, EXIT_USAGE, 0, "scope \"queues\" is neither device nor queue" },
	{ "interval 0", &stats_spec, EXIT_USAGE, 0, "interval \"0\" is not a number of seconds" },
	{ "interval 1.0001", &stats_spec, EXIT_USAGE, 0, "is not a number of seconds" },
	{ "interval 3601", &stats_spec, EXIT_USAGE, 0, "is not a number of seconds" },
	{ "interval -1", &stats_spec, EXIT_USAGE, 0, "is not a number of seconds" },
	{ "", &monitor_spec, EXIT_OK, 0 },
	{ "count 3", &monitor_spec, EXIT_OK, OPT_COUNT },
	{ "count 0", &monitor_spec, EXIT_USAGE, 0, "count \"0\" is not a number from 1" },
	{ "d0", &monitor_spec, EXIT_USAGE, 0, "unknown argument \"d0\"" },
	{ "d0 tunnel vxlan,GENEVE", &hash_set_spec, EXIT_OK, OPT_NAME | OPT_TUNNEL },
	{ "d0 tunnel all", &hash_set_spec, EXIT_OK, OPT_NAME | OPT_TUNNEL },
	{ "d0 tunnel none", &hash_set_spec, EXIT_OK, OPT_NAME | OPT_TUNNEL },
	{ "d0 tunnel 0x1ff", &hash_set_spec, EXIT_OK, OPT_NAME | OPT_TUNNEL },
	{ "d0", &hash_set_spec, EXIT_USAGE, 0, "tunnel types are missing" },
	{ "d0 tunnel vxlan,nope", &hash_set_spec, EXIT_USAGE, 0,
	  "unknown tunnel type \"nope\"" },
	{ "d0 tunnel 0x200", &hash_set_spec, EXIT_USAGE, 0,
	  "is not a mask of tunnel types" },
	{ "d0 tunnel ,", &hash_set_spec, EXIT_USAGE, 0, "no tunnel type" },
	{ "d0 tunnel vxlan,", &hash_set_spec, EXIT_OK, OPT_NAME | OPT_TUNNEL },
	/* mac set: "mac set" itself wants one of them (test_cmd.c) */
	{ "d1", &mac_set_spec, EXIT_OK, OPT_NAME },
	{ "d1 allow " M1, &mac_set_spec, EXIT_OK, OPT_NAME | OPT_ALLOW },
	{ "d1 allow none", &mac_set_spec, EXIT_OK, OPT_NAME | OPT_ALLOW },
	{ "d1 allow " M7, &mac_set_spec, EXIT_OK, OPT_NAME | OPT_ALLOW },
	{ "d1 allow " M1 " trust on spoofchk auto", &mac_set_spec, EXIT_OK,
	  OPT_NAME | OPT_MAC_POLICY },
	{ "d1 spoofchk off trust off", &mac_set_spec, EXIT_OK,
	  OPT_NAME | OPT_TRUST | OPT_SPOOFCHK },
	{ "name d1 spoofchk on", &mac_set_spec, EXIT_OK, OPT_NAME | OPT_SPOOFCHK },
	{ "d1 allow 02:AB:cd:00:00:01", &mac_set_spec, EXIT_OK, OPT_NAME | OPT_ALLOW },
	/* multicast and zero: the kernel says why a device can't own them */
	{ "d1 allow 01:00:5e:00:00:01,00:00:00:00:00:00", &mac_set_spec, EXIT_OK,
	  OPT_NAME | OPT_ALLOW },
	{ "d1 allow " M7 ",02:00:00:00:66:08", &mac_set_spec, EXIT_USAGE, 0,
	  "allow: too many addresses (at most 7)" },
	{ "d1 allow " M1 "," M1, &mac_set_spec, EXIT_USAGE, 0,
	  "allow: 02:00:00:00:66:01 is given twice" },
	{ "d1 allow 02:00:00:00:66:01,02:00:00:00:66:1", &mac_set_spec, EXIT_USAGE, 0,
	  "\"02:00:00:00:66:1\" is not a MAC address (XX:XX:XX:XX:XX:XX)" },
	{ "d1 allow 02:00:00:00:66", &mac_set_spec, EXIT_USAGE, 0,
	  "\"02:00:00:00:66\" is not a MAC address" },
	{ "d1 allow 02-00-00-00-66-01", &mac_set_spec, EXIT_USAGE, 0,
	  "\"02-00-00-00-66-01\" is not a MAC address" },
	{ "d1 allow 02:00:00:00:66:0g", &mac_set_spec, EXIT_USAGE, 0,
	  "\"02:00:00:00:66:0g\" is not a MAC address" },
	{ "d1 allow 02:00:00:00:66:01:02:03:04:05:06:07:08:09", &mac_set_spec,
	  EXIT_USAGE, 0, "\"02:00:00:00:66:01:02:03:04:05:06:07:08:09\" is not a MAC address" },
	{ "d1 allow " M1 ",", &mac_set_spec, EXIT_USAGE, 0,
	  "allow \"" M1 ",\" has an empty address" },
	{ "d1 allow ," M1, &mac_set_spec, EXIT_USAGE, 0, "has an empty address" },
	{ "d1 allow none," M1, &mac_set_spec, EXIT_USAGE, 0,
	  "allow: \"none\" goes alone, not with addresses" },
	{ "d1 allow " M1 ",none", &mac_set_spec, EXIT_USAGE, 0, "\"none\" goes alone" },
	{ "d1 allow NONE", &mac_set_spec, EXIT_USAGE, 0, "\"NONE\" is not a MAC address" },
	{ "d1 allow all", &mac_set_spec, EXIT_USAGE, 0, "\"all\" is not a MAC address" },
	{ "d1 allow", &mac_set_spec, EXIT_USAGE, 0, "\"allow\" needs a value" },
	{ "d1 allow none allow " M1, &mac_set_spec, EXIT_USAGE, 0, "\"allow\" is given twice" },
	{ "d1 trust yes", &mac_set_spec, EXIT_USAGE, 0, "trust \"yes\" is neither on nor off" },
	{ "d1 trust On", &mac_set_spec, EXIT_USAGE, 0, "trust \"On\" is neither on nor off" },
	{ "d1 spoofchk maybe", &mac_set_spec, EXIT_USAGE, 0,
	  "spoofchk \"maybe\" is not on, off or auto" },
	{ "d1 spoofchk AUTO", &mac_set_spec, EXIT_USAGE, 0, "spoofchk \"AUTO\" is not on" },
	{ "d1 spoofchk", &mac_set_spec, EXIT_USAGE, 0, "\"spoofchk\" needs a value" },
	{ "d1 trusted on", &mac_set_spec, EXIT_USAGE, 0, "unknown argument \"trusted\"" },
	{ "d1 allowed " M1, &mac_set_spec, EXIT_USAGE, 0, "unknown argument \"allowed\"" },
	{ "d1 mac " M1, &mac_set_spec, EXIT_USAGE, 0, "unknown argument \"mac\"" },
	{ "allow " M1, &mac_set_spec, EXIT_USAGE, 0, "device name is missing" },
	{ "d1 d2", &mac_set_spec, EXIT_USAGE, 0, "unknown argument \"d2\"" },
	{ "d0 allow none", &link_spec, EXIT_USAGE, 0, "unknown argument \"allow\"" },
};

/*
 * The hyphenated keywords of the coalescing options, deprecated: they
 * still parse, each with a warning that names the new spelling.
 */
static void test_args_aliases(void **state)
{
	static const struct {
		const char *old, *new;
		uint64_t bit;
	} aliases[] = {
		{ "rx-usecs",	"rx_usecs",	OPT_RX_USECS },
		{ "rx-frames",	"rx_frames",	OPT_RX_FRAMES },
		{ "tx-usecs",	"tx_usecs",	OPT_TX_USECS },
		{ "tx-frames",	"tx_frames",	OPT_TX_FRAMES },
		{ "adaptive-rx", "adaptive_rx",	OPT_ADAPTIVE_RX },
		{ "adaptive-tx", "adaptive_tx",	OPT_ADAPTIVE_TX },
		{ "irq-rate",	"irq_rate",	OPT_IRQ_RATE },
	};
	char line[64], want[96], buf[128], *argv[MAX_TEST_ARGS];
	struct capture cap;
	struct opts o;
	size_t i;
	int argc, ret;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(aliases); i++) {
		assert_string_equal(opt_keyword(aliases[i].bit), aliases[i].new);
		snprintf(line, sizeof(line), "d0 %s %s", aliases[i].old,
			 opt_values(aliases[i].bit) ? "on" : "7");
		snprintf(want, sizeof(want),
			 "Warning: \"%s\" is deprecated, use \"%s\"\n",
			 aliases[i].old, aliases[i].new);
		argc = split_args(line, buf, sizeof(buf), argv);
		capture_start(&cap, 0);
		ret = opts_parse(&o, &coal_set_spec, argc, argv);
		capture_stop(&cap);
		if (ret != EXIT_OK || o.present != (OPT_NAME | aliases[i].bit) ||
		    strcmp(cap.err, want)) {
			print_error("case \"%s\": ret %d err \"%s\"\n", line, ret,
				    cap.err);
			capture_free(&cap);
			fail();
		}
		capture_free(&cap);
	}
}

static void test_args_table(void **state)
{
	char buf[512], *argv[MAX_TEST_ARGS];
	struct capture cap;
	struct opts o;
	size_t i;
	int argc, ret;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct args_case *c = &cases[i];

		argc = split_args(c->line, buf, sizeof(buf), argv);
		capture_start(&cap, 0);
		ret = opts_parse(&o, c->spec, argc, argv);
		capture_stop(&cap);
		if (ret != c->ret || (ret == EXIT_OK && o.present != c->present) ||
		    (c->err && !strstr(cap.err, c->err)) ||
		    (!c->err && cap.err_len)) {
			print_error("case \"%s\": ret %d present %#llx err \"%s\"\n",
				    c->line, ret, (unsigned long long)o.present,
				    cap.err);
			capture_free(&cap);
			fail();
		}
		if (c->err)
			assert_non_null(strstr(cap.err, "Error: "));
		capture_free(&cap);
	}
}

static void test_args_values(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0xab, 0xCD, 0, 0, 0xff };
	char buf[512], *argv[MAX_TEST_ARGS];
	struct opts o;
	int argc;

	(void)state;
	argc = split_args("name d0 mgmtdev pci/0000:01:00.0 mac 02:ab:CD:00:00:ff "
			  "mtu 9000 max_vqp 0x10 device_features MAC,mtu",
			  buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &add_spec, argc, argv), EXIT_OK);
	assert_string_equal(o.name, "d0");
	assert_string_equal(o.mgmtdev_bus, "pci");
	assert_string_equal(o.mgmtdev_name, "0000:01:00.0");
	assert_memory_equal(o.mac, mac, sizeof(mac));
	assert_int_equal(o.mtu, 9000);
	assert_int_equal(o.max_vqp, 16);
	assert_int_equal(o.features, (1ULL << 5) | (1ULL << 3));

	argc = split_args("name d0 mgmtdev ovnic0", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &add_spec, argc, argv), EXIT_OK);
	assert_string_equal(o.mgmtdev_bus, "");
	assert_string_equal(o.mgmtdev_name, "ovnic0");

	argc = split_args("d7 qidx 4294967295", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &vstats_spec, argc, argv), EXIT_OK);
	assert_string_equal(o.name, "d7");
	assert_int_equal(o.qidx, 4294967295U);

	/* virtio's VIRTIO_NET_HASH_TUNNEL_TYPE_* bits */
	argc = split_args("d0 tunnel gre_2784,vxlan,Nvgre", buf, sizeof(buf),
			  argv);
	assert_int_equal(opts_parse(&o, &hash_set_spec, argc, argv), EXIT_OK);
	assert_int_equal(o.tunnel_types, 1 | 1 << 4 | 1 << 8);
	argc = split_args("d0 tunnel all", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &hash_set_spec, argc, argv), EXIT_OK);
	assert_int_equal(o.tunnel_types, 0x1ff);
	argc = split_args("d0 tunnel none", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &hash_set_spec, argc, argv), EXIT_OK);
	assert_int_equal(o.tunnel_types, 0);
}

static void test_ovnic_values(void **state)
{
	char buf[512], *argv[MAX_TEST_ARGS];
	struct opts o;
	int argc;

	(void)state;
	argc = split_args("d1 state down", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &link_spec, argc, argv), EXIT_OK);
	assert_false(o.link_up);
	argc = split_args("d1 state up", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &link_spec, argc, argv), EXIT_OK);
	assert_true(o.link_up);
	assert_false(o.present & OPT_LOOPBACK);
	argc = split_args("d1 loopback on", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &link_spec, argc, argv), EXIT_OK);
	assert_true(o.loopback);
	assert_false(o.present & OPT_STATE);
	argc = split_args("d1 loopback off state up", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &link_spec, argc, argv), EXIT_OK);
	assert_false(o.loopback);
	assert_true(o.link_up);
	argc = split_args("d1 max_size 512 max_pairs 3", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &queue_spec, argc, argv), EXIT_OK);
	assert_int_equal(o.max_size, 512);
	assert_int_equal(o.max_pairs, 3);
	argc = split_args("scope queue interval 0.25", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &stats_spec, argc, argv), EXIT_OK);
	assert_int_equal(o.scope, SCOPE_QUEUE);
	assert_int_equal(o.interval_ms, 250);
	argc = split_args("scope device", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &stats_spec, argc, argv), EXIT_OK);
	assert_int_equal(o.scope, SCOPE_DEVICE);
}

static void test_mac_values(void **state)
{
	static const uint8_t m[3][6] = {
		{ 0x02, 0, 0, 0, 0x66, 0x01 },
		{ 0x02, 0xab, 0xcd, 0, 0, 0xff },
		{ 0x01, 0, 0x5e, 0, 0, 0x01 },
	};
	char buf[512], *argv[MAX_TEST_ARGS];
	struct opts o;
	int argc;

	(void)state;
	argc = split_args("d1 allow 02:00:00:00:66:01,02:AB:cd:00:00:ff,01:00:5e:00:00:01",
			  buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &mac_set_spec, argc, argv), EXIT_OK);
	assert_string_equal(o.name, "d1");
	assert_int_equal(o.n_allow, 3);
	assert_memory_equal(o.allow, m, sizeof(m));
	assert_false(o.present & (OPT_TRUST | OPT_SPOOFCHK));

	argc = split_args("d1 allow " M7, buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &mac_set_spec, argc, argv), EXIT_OK);
	assert_int_equal(o.n_allow, OVNIC_NL_MAC_ALLOWED_MAX);
	assert_int_equal(o.allow[6][5], 0x07);

	argc = split_args("d1 allow none trust on spoofchk off", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &mac_set_spec, argc, argv), EXIT_OK);
	assert_true(o.present & OPT_ALLOW);
	assert_int_equal(o.n_allow, 0);
	assert_true(o.trust);
	assert_int_equal(o.spoofchk, OVNIC_NL_SPOOFCHK_OFF);

	argc = split_args("d1 trust off spoofchk on", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &mac_set_spec, argc, argv), EXIT_OK);
	assert_false(o.trust);
	assert_int_equal(o.spoofchk, OVNIC_NL_SPOOFCHK_ON);
	assert_false(o.present & OPT_ALLOW);

	argc = split_args("d1 spoofchk auto", buf, sizeof(buf), argv);
	assert_int_equal(opts_parse(&o, &mac_set_spec, argc, argv), EXIT_OK);
	assert_int_equal(o.spoofchk, OVNIC_NL_SPOOFCHK_AUTO);
	assert_true(o.present & OPT_SPOOFCHK);
}

static void test_parse_interval(void **state)
{
	static const struct {
		const char *s;
		int ret;
		uint64_t ms;
	} rows[] = {
		{ "1", 0, 1000 }, { "0.5", 0, 500 }, { "0.05", 0, 50 },
		{ "0.001", 0, 1 }, { "2.250", 0, 2250 }, { "3600", 0, 3600000 },
		{ "3600.000", 0, 3600000 }, { "3600.001", -1 }, { "0", -1 },
		{ "0.0004", -1 }, { "0.000", -1 }, { "1.", -1 }, { ".5", -1 },
		{ "", -1 }, { "1s", -1 }, { "99999999999999999999", -1 },
		{ "1e3", -1 }, { "1,5", -1 },
	};
	uint64_t ms;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		ms = 0;
		if (parse_interval(rows[i].s, &ms) != rows[i].ret ||
		    (!rows[i].ret && ms != rows[i].ms)) {
			print_error("interval \"%s\": got %llu\n", rows[i].s,
				    (unsigned long long)ms);
			fail();
		}
	}
}

static void test_parse_u64(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_u64("0", 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_u64("18446744073709551615", UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(parse_u64("18446744073709551616", UINT64_MAX, &v), -1);
	assert_int_equal(parse_u64("0xffffffffffffffff", UINT64_MAX, &v), 0);
	assert_int_equal(parse_u64("11", 10, &v), -1);
	assert_int_equal(parse_u64("", 10, &v), -1);
	assert_int_equal(parse_u64(" 1", 10, &v), -1);
	assert_int_equal(parse_u64("+1", 10, &v), -1);
	assert_int_equal(parse_u64("0x", 10, &v), -1);
	assert_int_equal(parse_u64("1 ", 10, &v), -1);
}

static void test_mac(void **state)
{
	uint8_t mac[6];
	char buf[18];

	(void)state;
	assert_int_equal(parse_mac("00:11:22:33:44:55", mac), 0);
	format_mac(mac, 6, buf, sizeof(buf));
	assert_string_equal(buf, "00:11:22:33:44:55");
	assert_int_equal(parse_mac("0:11:22:33:44:55", mac), -1);
	assert_int_equal(parse_mac("00-11-22-33-44-55", mac), -1);
	assert_int_equal(parse_mac("00:11:22:33:44:55:", mac), -1);
	assert_int_equal(parse_mac("", mac), -1);
	format_mac(mac, 6, buf, 9);		/* truncated, terminated */
	assert_string_equal(buf, "00:11:22");
}

int run_args_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args_table),
		cmocka_unit_test(test_args_aliases),
		cmocka_unit_test(test_args_values),
		cmocka_unit_test(test_ovnic_values),
		cmocka_unit_test(test_mac_values),
		cmocka_unit_test(test_parse_interval),
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_mac),
	};

	return cmocka_run_group_tests_name("args", tests, NULL, NULL);
}
