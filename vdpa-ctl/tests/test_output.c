// SPDX-License-Identifier: GPL-2.0
/*
 * What each command prints for a given kernel reply (built here the way
 * drivers/vdpa/vdpa.c builds it), in text and JSON; malformed replies;
 * and the extended ack parser on error, ack and done messages.
 */
#include <linux/netlink.h>
#include <netlink/genl/genl.h>

#include "helpers.h"
#include "nl.h"
#include "objects.h"
#include "vdpa_compat.h"

#define B(n)	(1ULL << (n))

static struct nl_msg *reply(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, 0, 1, 0x20, 0, 0, cmd, 1));
	return m;
}

/* The attributes of one reply, added by a test. */
typedef void (*fill_fn)(struct nl_msg *m);

struct out_case {
	const char *name;
	uint8_t cmd;
	fill_fn fill;
	nlctl_reply_fn print;
	int ret;
	const char *text, *json;
	const char *err;
};

static void fill_mgmtdev(struct nl_msg *m)
{
	nla_put_string(m, VDPA_ATTR_MGMTDEV_DEV_NAME, "ovnic0");
	nla_put_u64(m, VDPA_ATTR_MGMTDEV_SUPPORTED_CLASSES, B(1));
	nla_put_u32(m, VDPA_ATTR_DEV_MGMTDEV_MAX_VQS, 65);
	nla_put_u64(m, VDPA_ATTR_DEV_SUPPORTED_FEATURES,
		    B(3) | B(5) | B(17) | B(32) | B(53));
}

static void fill_mgmtdev_pci(struct nl_msg *m)
{
	nla_put_string(m, VDPA_ATTR_MGMTDEV_BUS_NAME, "pci");
	nla_put_string(m, VDPA_ATTR_MGMTDEV_DEV_NAME, "0000:65:00.2");
	nla_put_u64(m, VDPA_ATTR_MGMTDEV_SUPPORTED_CLASSES, B(1) | B(2) | B(9));
}

static void fill_mgmtdev_block(struct nl_msg *m)
{
	nla_put_string(m, VDPA_ATTR_MGMTDEV_DEV_NAME, "blk0");
	nla_put_u64(m, VDPA_ATTR_MGMTDEV_SUPPORTED_CLASSES, B(2));
	nla_put_u64(m, VDPA_ATTR_DEV_SUPPORTED_FEATURES, B(5) | B(32));
}

static void fill_mgmtdev_noname(struct nl_msg *m)
{
	nla_put_u32(m, VDPA_ATTR_DEV_MGMTDEV_MAX_VQS, 65);
}

static void fill_dev(struct nl_msg *m)
{
	nla_put_string(m, VDPA_ATTR_MGMTDEV_DEV_NAME, "ovnic0");
	nla_put_string(m, VDPA_ATTR_DEV_NAME, "d0");
	nla_put_u32(m, VDPA_ATTR_DEV_ID, 1);
	nla_put_u32(m, VDPA_ATTR_DEV_VENDOR_ID, 0x1af4);
	nla_put_u32(m, VDPA_ATTR_DEV_MAX_VQS, 9);
	nla_put_u16(m, VDPA_ATTR_DEV_MAX_VQ_SIZE, 256);
	nla_put_u16(m, VDPA_ATTR_DEV_MIN_VQ_SIZE, 1);
}

static void fill_dev_noid(struct nl_msg *m)
{
	nla_put_string(m, VDPA_ATTR_DEV_NAME, "d0");
}

static void fill_dev_badlen(struct nl_msg *m)
{
	nla_put_string(m, VDPA_ATTR_DEV_NAME, "d0");
	nla_put_u16(m, VDPA_ATTR_DEV_ID, 1);	/* should be u32 */
}

static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x2a };

static void fill_config(struct nl_msg *m)
{
	nla_put_string(m, VDPA_ATTR_DEV_NAME, "d0");
	nla_put_u32(m, VDPA_ATTR_DEV_ID, 1);
	nla_put_u64(m, VDPA_ATTR_DEV_NEGOTIATED_FEATURES, B(5) | B(16) | B(32));
	nla_put_u64(m, VDPA_ATTR_DEV_FEATURES, B(3) | B(5) | B(16) | B(22) | B(32));
	nla_put_u16(m, VDPA_ATTR_DEV_NET_CFG_MTU, 9000);
	nla_put(m, VDPA_ATTR_DEV_NET_CFG_MACADDR, sizeof(mac), mac);
	nla_put_u16(m, VDPA_ATTR_DEV_NET_STATUS, 3);
	nla_put_u16(m, VDPA_ATTR_DEV_NET_CFG_MAX_VQP, 4);
}

/* Before FEATURES_OK; status as the u8 the header declares. */
static void fill_config_early(struct nl_msg *m)
{
	nla_put_string(m, VDPA_ATTR_DEV_NAME, "d1");
	nla_put_u32(m, VDPA_ATTR_DEV_ID, 1);
	nla_put_u64(m, VDPA_ATTR_DEV_FEATURES, B(16) | B(33));
	nla_put_u8(m, VDPA_ATTR_DEV_NET_STATUS, 0);
}

static void fill_config_block(struct nl_msg *m)
{
	nla_put_string(m, VDPA_ATTR_DEV_NAME, "b0");
	nla_put_u32(m, VDPA_ATTR_DEV_ID, 2);
	nla_put_u64(m, VDPA_ATTR_DEV_FEATURES, B(5) | B(32));
}

static void pad(struct nl_msg *m)
{
	nla_put(m, VDPA_ATTR_PAD, 0, NULL);
}

static void fill_vstats_head(struct nl_msg *m, uint64_t features, int max_vqp,
			     uint32_t idx)
{
	nla_put_string(m, VDPA_ATTR_DEV_NAME, "d0");
	nla_put_u32(m, VDPA_ATTR_DEV_ID, 1);
	pad(m);
	nla_put_u64(m, VDPA_ATTR_DEV_NEGOTIATED_FEATURES, features);
	if (max_vqp)
		nla_put_u16(m, VDPA_ATTR_DEV_NET_CFG_MAX_VQP, max_vqp);
	nla_put_u32(m, VDPA_ATTR_DEV_QUEUE_INDEX, idx);
}

static void stat(struct nl_msg *m, const char *name, uint64_t val)
{
	nla_put_string(m, VDPA_ATTR_DEV_VENDOR_ATTR_NAME, name);
	pad(m);
	nla_put_u64(m, VDPA_ATTR_DEV_VENDOR_ATTR_VALUE, val);
}

static void fill_vstats_tx(struct nl_msg *m)
{
	fill_vstats_head(m, B(17) | B(22) | B(32), 4, 5);
	stat(m, "descs", 120);
	stat(m, "kicks", 3);
	stat(m, "drop_no_buffer", 0);
}

static void fill_vstats_cvq(struct nl_msg *m)
{
	fill_vstats_head(m, B(17) | B(22), 4, 8);
	stat(m, "ctrl_errors", 1);
}

static void fill_vstats_cvq_single(struct nl_msg *m)
{
	fill_vstats_head(m, B(17), 0, 2);
}

static void fill_vstats_rx(struct nl_msg *m)
{
	fill_vstats_head(m, B(32), 0, 0);
	stat(m, "descs", 1);
}

static void fill_vstats_no_name(struct nl_msg *m)
{
	fill_vstats_head(m, 0, 0, 0);
	nla_put_u64(m, VDPA_ATTR_DEV_VENDOR_ATTR_VALUE, 1);
}

static void fill_vstats_no_value(struct nl_msg *m)
{
	fill_vstats_head(m, 0, 0, 0);
	stat(m, "a", 1);
	nla_put_string(m, VDPA_ATTR_DEV_VENDOR_ATTR_NAME, "b");
}

static void fill_vstats_short_value(struct nl_msg *m)
{
	fill_vstats_head(m, 0, 0, 0);
	nla_put_string(m, VDPA_ATTR_DEV_VENDOR_ATTR_NAME, "a");
	nla_put_u32(m, VDPA_ATTR_DEV_VENDOR_ATTR_VALUE, 1);
}

static const struct out_case cases[] = {
	{ "mgmtdev", VDPA_CMD_MGMTDEV_NEW, fill_mgmtdev, mgmtdev_print, EXIT_OK,
	  "ovnic0:\n"
	  "  supported_classes net\n"
	  "  max_supported_vqs 65\n"
	  "  dev_features MTU MAC CTRL_VQ VERSION_1 NOTF_COAL\n",
	  "{\"mgmtdev\":{\"ovnic0\":{\"supported_classes\":[\"net\"],"
	  "\"max_supported_vqs\":65,"
	  "\"dev_features\":[\"MTU\",\"MAC\",\"CTRL_VQ\",\"VERSION_1\",\"NOTF_COAL\"]}}}\n" },
	{ "mgmtdev on a bus", VDPA_CMD_MGMTDEV_NEW, fill_mgmtdev_pci, mgmtdev_print, EXIT_OK,
	  "pci/0000:65:00.2:\n"
	  "  supported_classes net block class_9\n",
	  "{\"mgmtdev\":{\"pci/0000:65:00.2\":{\"supported_classes\":"
	  "[\"net\",\"block\",\"class_9\"]}}}\n" },
	{ "block mgmtdev", VDPA_CMD_MGMTDEV_NEW, fill_mgmtdev_block, mgmtdev_print, EXIT_OK,
	  "blk0:\n"
	  "  supported_classes block\n"
	  "  dev_features bit_5 VERSION_1\n",
	  NULL },
	{ "mgmtdev without a name", VDPA_CMD_MGMTDEV_NEW, fill_mgmtdev_noname,
	  mgmtdev_print, EXIT_FAIL, "", "{\"mgmtdev\":{}}\n",
	  "Error: management device without a name" },
	{ "dev", VDPA_CMD_DEV_NEW, fill_dev, dev_print, EXIT_OK,
	  "d0: type network mgmtdev ovnic0 vendor_id 6900 max_vqs 9 max_vq_size 256"
	  " min_vq_size 1\n",
	  "{\"dev\":{\"d0\":{\"type\":\"network\",\"mgmtdev\":\"ovnic0\","
	  "\"vendor_id\":6900,\"max_vqs\":9,\"max_vq_size\":256,\"min_vq_size\":1}}}\n" },
	{ "dev without a type", VDPA_CMD_DEV_NEW, fill_dev_noid, dev_print, EXIT_FAIL,
	  "", NULL, "Error: device type missing in the kernel's reply" },
	{ "dev with a short attribute", VDPA_CMD_DEV_NEW, fill_dev_badlen, dev_print,
	  EXIT_FAIL, "", NULL, "Error: malformed dev reply" },
	{ "config", VDPA_CMD_DEV_CONFIG_GET, fill_config, dev_config_print, EXIT_OK,
	  "d0: mac 02:00:00:00:00:2a link up link_announce true mtu 9000 max_vq_pairs 4\n"
	  "  negotiated_features MAC STATUS VERSION_1\n"
	  "  dev_features MTU MAC STATUS MQ VERSION_1\n",
	  "{\"config\":{\"d0\":{\"mac\":\"02:00:00:00:00:2a\",\"link\":\"up\","
	  "\"link_announce\":true,\"mtu\":9000,\"max_vq_pairs\":4,"
	  "\"negotiated_features\":[\"MAC\",\"STATUS\",\"VERSION_1\"],"
	  "\"dev_features\":[\"MTU\",\"MAC\",\"STATUS\",\"MQ\",\"VERSION_1\"]}}}\n" },
	{ "config before FEATURES_OK", VDPA_CMD_DEV_CONFIG_GET, fill_config_early,
	  dev_config_print, EXIT_OK,
	  "d1: link down link_announce false\n"
	  "  dev_features STATUS ACCESS_PLATFORM\n",
	  "{\"config\":{\"d1\":{\"link\":\"down\",\"link_announce\":false,"
	  "\"dev_features\":[\"STATUS\",\"ACCESS_PLATFORM\"]}}}\n" },
	{ "config of a block device", VDPA_CMD_DEV_CONFIG_GET, fill_config_block,
	  dev_config_print, EXIT_OK,
	  "b0:\n"
	  "  dev_features bit_5 VERSION_1\n", NULL },
	{ "vstats tx", VDPA_CMD_DEV_VSTATS_GET, fill_vstats_tx, dev_vstats_print, EXIT_OK,
	  "d0: queue_index 5 queue_type tx\n"
	  "  descs 120 kicks 3 drop_no_buffer 0\n",
	  "{\"vstats\":{\"d0\":{\"queue_index\":5,\"queue_type\":\"tx\","
	  "\"vendor_stats\":[{\"name\":\"descs\",\"value\":120},"
	  "{\"name\":\"kicks\",\"value\":3},{\"name\":\"drop_no_buffer\",\"value\":0}]}}}\n" },
	{ "vstats control queue", VDPA_CMD_DEV_VSTATS_GET, fill_vstats_cvq,
	  dev_vstats_print, EXIT_OK,
	  "d0: queue_index 8 queue_type control_vq\n"
	  "  ctrl_errors 1\n", NULL },
	{ "vstats control queue, one pair", VDPA_CMD_DEV_VSTATS_GET,
	  fill_vstats_cvq_single, dev_vstats_print, EXIT_OK,
	  "d0: queue_index 2 queue_type control_vq\n",
	  "{\"vstats\":{\"d0\":{\"queue_index\":2,\"queue_type\":\"control_vq\","
	  "\"vendor_stats\":[]}}}\n" },
	{ "vstats rx", VDPA_CMD_DEV_VSTATS_GET, fill_vstats_rx, dev_vstats_print,
	  EXIT_OK, "d0: queue_index 0 queue_type rx\n  descs 1\n", NULL },
	{ "vstats value without a name", VDPA_CMD_DEV_VSTATS_GET, fill_vstats_no_name,
	  dev_vstats_print, EXIT_FAIL, NULL, NULL, "Error: malformed vendor statistics" },
	{ "vstats name without a value", VDPA_CMD_DEV_VSTATS_GET, fill_vstats_no_value,
	  dev_vstats_print, EXIT_FAIL, NULL, NULL, "Error: malformed vendor statistics" },
	{ "vstats short value", VDPA_CMD_DEV_VSTATS_GET, fill_vstats_short_value,
	  dev_vstats_print, EXIT_FAIL, NULL, NULL, "Error: malformed vendor statistics" },
};

static const char *section_of(uint8_t cmd)
{
	switch (cmd) {
	case VDPA_CMD_MGMTDEV_NEW:
		return "mgmtdev";
	case VDPA_CMD_DEV_NEW:
		return "dev";
	case VDPA_CMD_DEV_CONFIG_GET:
		return "config";
	default:
		return "vstats";
	}
}

static void run_case(const struct out_case *c, unsigned int flags,
		     const char *want, char **got)
{
	struct capture cap;
	struct nl_msg *m;
	int ret;

	m = reply(c->cmd);
	c->fill(m);
	capture_start(&cap, flags);
	print_section_start(section_of(c->cmd));
	ret = c->print(m, NULL);
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

static void test_output_cases(void **state)
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

/* ---- extended acks ---- */

struct ack_buf {
	uint8_t b[512] __attribute__((aligned(8)));
	size_t len;
};

static void *ack_put(struct ack_buf *a, const void *data, size_t len)
{
	void *p = a->b + a->len;

	memcpy(p, data, len);
	a->len += NLMSG_ALIGN(len);
	return p;
}

static void ack_attr(struct ack_buf *a, uint16_t type, const char *s)
{
	struct nlattr nla = { .nla_len = NLA_HDRLEN + strlen(s) + 1,
			      .nla_type = type };

	ack_put(a, &nla, sizeof(nla));
	ack_put(a, s, strlen(s) + 1);
}

/*
 * An error (or ack, with @error 0) for a 28-byte request: the request's
 * payload copied unless @capped, then the message attribute if @msg.
 */
static struct nlmsghdr *ack_build(struct ack_buf *a, int error, bool capped,
				  const char *msg)
{
	struct nlmsghdr *nlh, req = { .nlmsg_len = 28, .nlmsg_type = 0x20 };
	struct nlmsgerr e = { .error = error, .msg = req };
	uint8_t payload[12] = { 1, 2, 3 };

	memset(a, 0, sizeof(*a));
	nlh = ack_put(a, &(struct nlmsghdr){ .nlmsg_type = NLMSG_ERROR },
		      sizeof(*nlh));
	ack_put(a, &e, sizeof(e));
	if (!capped)
		ack_put(a, payload, sizeof(payload));
	if (capped)
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	if (msg) {
		ack_attr(a, NLMSGERR_ATTR_OFFS + 10, "ignored");
		ack_attr(a, NLMSGERR_ATTR_MSG, msg);
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	}
	nlh->nlmsg_len = a->len;
	return nlh;
}

static void test_extack(void **state)
{
	const char *msg = "vdpa: Fail to find the specified mgmt device";
	struct nlmsghdr *nlh;
	struct ack_buf a;
	int zero = 0;

	(void)state;
	nlh = ack_build(&a, -19, true, msg);
	assert_string_equal(nlctl_extack_msg(nlh), msg);
	nlh = ack_build(&a, -19, false, msg);
	assert_string_equal(nlctl_extack_msg(nlh), msg);
	nlh = ack_build(&a, 0, true, "a warning");
	assert_string_equal(nlctl_extack_msg(nlh), "a warning");
	nlh = ack_build(&a, -1, true, NULL);
	assert_null(nlctl_extack_msg(nlh));

	/* a message that is not terminated is not used */
	nlh = ack_build(&a, -22, true, "abc");
	((char *)nlh)[nlh->nlmsg_len - 4 + 3] = 'd';
	assert_null(nlctl_extack_msg(nlh));

	/* attributes that run past the message are not used */
	nlh = ack_build(&a, -22, true, "abcdefg");
	nlh->nlmsg_len -= 8;
	assert_null(nlctl_extack_msg(nlh));

	/* the end of a dump: its error, then attributes */
	memset(&a, 0, sizeof(a));
	nlh = ack_put(&a, &(struct nlmsghdr){ .nlmsg_type = NLMSG_DONE,
			      .nlmsg_flags = NLM_F_ACK_TLVS }, sizeof(*nlh));
	ack_put(&a, &zero, sizeof(zero));
	ack_attr(&a, NLMSGERR_ATTR_MSG, "dump failed");
	nlh->nlmsg_len = a.len;
	assert_string_equal(nlctl_extack_msg(nlh), "dump failed");
}

static void ack_u64(struct ack_buf *a, uint16_t type, uint64_t v)
{
	uint8_t b[NLA_HDRLEN + sizeof(v)];
	struct nlattr nla = { .nla_len = sizeof(b), .nla_type = type };

	memcpy(b, &nla, sizeof(nla));
	memcpy(b + NLA_HDRLEN, &v, sizeof(v));
	ack_put(a, b, sizeof(b));
}

/* The bounds the kernel gives with a value out of range. */
static void test_extack_range(void **state)
{
	struct nlattr nest = {
		.nla_len = NLA_HDRLEN + 2 * (NLA_HDRLEN + sizeof(uint64_t)),
		.nla_type = NLMSGERR_ATTR_POLICY | NLA_F_NESTED,
	};
	struct nlmsghdr *nlh;
	uint64_t min = 0, max = 0;
	struct ack_buf a;

	(void)state;
	nlh = ack_build(&a, -34, true, "integer out of range");
	assert_int_equal(nlctl_extack_range(nlh, &min, &max), -1);
	ack_put(&a, &nest, sizeof(nest));
	ack_u64(&a, NL_POLICY_TYPE_ATTR_MIN_VALUE_U, 1);
	ack_u64(&a, NL_POLICY_TYPE_ATTR_MAX_VALUE_U, 32);
	nlh->nlmsg_len = a.len;
	assert_string_equal(nlctl_extack_msg(nlh), "integer out of range");
	assert_int_equal(nlctl_extack_range(nlh, &min, &max), 0);
	assert_int_equal(min, 1);
	assert_int_equal(max, 32);

	/* only a minimum: no range */
	nlh = ack_build(&a, -34, true, "integer out of range");
	nest.nla_len = NLA_HDRLEN + NLA_HDRLEN + sizeof(uint64_t);
	ack_put(&a, &nest, sizeof(nest));
	ack_u64(&a, NL_POLICY_TYPE_ATTR_MIN_VALUE_U, 2);
	nlh->nlmsg_len = a.len;
	assert_int_equal(nlctl_extack_range(nlh, &min, &max), -1);
}

int run_output_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output_cases),
		cmocka_unit_test(test_extack),
		cmocka_unit_test(test_extack_range),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
