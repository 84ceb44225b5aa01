// SPDX-License-Identifier: GPL-2.0
/*
 * Feature names: parsing lists and masks, naming bits, printing lists.
 */
#include "helpers.h"
#include "features.h"
#include "virtio_compat.h"

#define B(n)	(1ULL << (n))

struct feat_case {
	const char *in;
	int ret;
	uint64_t mask;
	const char *err;
};

static const struct feat_case cases[] = {
	{ "VERSION_1,MAC,MTU,CTRL_VQ,MQ", 0, B(32) | B(5) | B(3) | B(17) | B(22) },
	{ "VIRTIO_NET_F_MQ", 0, B(22) },
	{ "virtio_net_f_mq,version_1", 0, B(22) | B(32) },
	{ "Mq", 0, B(22) },
	{ "VIRTIO_F_VERSION_1", 0, B(32) },
	{ "VIRTIO_F_ACCESS_PLATFORM,IOMMU_PLATFORM", 0, B(33) },
	{ "VIRTIO_RING_F_INDIRECT_DESC,RING_EVENT_IDX", 0, B(28) | B(29) },
	{ "INDIRECT_DESC,EVENT_IDX", 0, B(28) | B(29) },
	{ "HASH_TUNNEL,NOTF_COAL,VQ_NOTF_COAL,DEVICE_STATS", 0, B(51) | B(53) | B(52) | B(50) },
	{ "RSS,HASH_REPORT,SPEED_DUPLEX", 0, B(60) | B(57) | B(63) },
	{ "RING_RESET,ADMIN_VQ,NOTIFICATION_DATA", 0, B(40) | B(41) | B(38) },
	{ "bit_4,bit_63,BIT_0", 0, B(4) | B(63) | B(0) },
	{ "MAC,MAC", 0, B(5) },
	{ "0x100000000", 0, B(32) },
	{ "0X0", 0, 0 },
	{ "0xffffffffffffffff", 0, UINT64_MAX },
	{ "0x10000000000000000", -1, 0, "not a 64-bit hexadecimal" },
	{ "0xfoo", -1, 0, "\"0xfoo\" is not a 64-bit" },
	{ "VERSION_1,FOO,MAC", -1, 0, "unknown feature \"FOO\"" },
	{ "VIRTIO_NET_F_VERSION_1", -1, 0, "unknown feature \"VIRTIO_NET_F_VERSION_1\"" },
	{ "VIRTIO_F_MQ", -1, 0, "unknown feature \"VIRTIO_F_MQ\"" },
	{ "MAC,", -1, 0, "empty feature name" },
	{ ",MAC", -1, 0, "empty feature name" },
	{ "MAC,,MTU", -1, 0, "empty feature name" },
	{ "", -1, 0, "empty feature name" },
	{ "bit_64", -1, 0, "unknown feature \"bit_64\"" },
	{ "bit_07", -1, 0, "unknown feature \"bit_07\"" },
	{ "bit_", -1, 0, "unknown feature \"bit_\"" },
	{ "MAC ", -1, 0, "unknown feature \"MAC \"" },
	{ "MACX", -1, 0, "unknown feature \"MACX\"" },
	{ "VIRTIO_NET_F_", -1, 0, "unknown feature" },
	{ "42", -1, 0, "unknown feature \"42\"" },
};

static void test_features_parse(void **state)
{
	struct capture cap;
	uint64_t mask;
	size_t i;
	int ret;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct feat_case *c = &cases[i];

		mask = 0xdead;
		capture_start(&cap, 0);
		ret = features_parse(c->in, &mask);
		capture_stop(&cap);
		if (ret != c->ret || (!ret && mask != c->mask) ||
		    (c->err && !strstr(cap.err, c->err)) ||
		    (!c->err && cap.err_len)) {
			print_error("case \"%s\": ret %d mask %#llx err \"%s\"\n",
				    c->in, ret, (unsigned long long)mask, cap.err);
			capture_free(&cap);
			fail();
		}
		capture_free(&cap);
	}
}

/* Every name in the table parses back to its bit, alone and prefixed. */
static void test_features_roundtrip(void **state)
{
	const struct feature *f;
	char buf[64];
	uint64_t mask;
	size_t i, n;

	(void)state;
	f = feature_table(&n);
	assert_true(n > 40);
	for (i = 0; i < n; i++) {
		assert_int_equal(features_parse(f[i].name, &mask), 0);
		assert_true(mask == B(f[i].bit));
		snprintf(buf, sizeof(buf), "%s%s",
			 f[i].transport ? "VIRTIO_F_" : "VIRTIO_NET_F_", f[i].name);
		assert_int_equal(features_parse(buf, &mask), 0);
		assert_true(mask == B(f[i].bit));
		assert_string_equal(feature_name(f[i].bit, VIRTIO_ID_NET),
				    f[i].name);
		if (i)	/* sorted by bit, no bit twice */
			assert_true(f[i - 1].bit < f[i].bit);
	}
	assert_null(feature_name(4, VIRTIO_ID_NET));
	assert_null(feature_name(22, 2));		/* MQ is a net bit */
	assert_string_equal(feature_name(32, 2), "VERSION_1");
}

static void test_features_print(void **state)
{
	const uint64_t mask = B(0) | B(4) | B(5) | B(32) | B(51);
	struct capture cap;

	(void)state;
	capture_start(&cap, 0);
	print_handle_start("d0");
	print_features("dev_features", mask, VIRTIO_ID_NET);
	print_handle_end();
	capture_stop(&cap);
	assert_string_equal(cap.out,
			    "d0: dev_features CSUM bit_4 MAC VERSION_1 HASH_TUNNEL\n");
	capture_free(&cap);

	capture_start(&cap, PRINT_JSON);
	print_section_start("x");
	print_features("dev_features", mask, 2);
	print_section_end();
	capture_stop(&cap);
	assert_json("features", cap.out);
	assert_string_equal(cap.out,
		"{\"x\":{\"dev_features\":[\"bit_0\",\"bit_4\",\"bit_5\",\"VERSION_1\",\"bit_51\"]}}\n");
	capture_free(&cap);
}

/* QEMU 10.0's shadow virtqueue set without CTRL_VLAN (19), bit by bit. */
static const uint64_t qemu_svq_bits =
	B(0) | B(1) | B(2) | B(3) | B(5) | B(7) | B(8) | B(9) | B(10) |
	B(11) | B(12) | B(13) | B(14) | B(15) | B(16) | B(17) | B(18) |
	B(20) | B(22) | B(23) | B(27) | B(29) | B(32) | B(33) |
	B(57) | B(60) | B(61) | B(62) | B(63);

static void test_profile_migratable(void **state)
{
	const struct feature_profile *p = feature_profile_by_name("migratable");
	struct capture cap;
	uint64_t f;

	(void)state;
	assert_non_null(p);
	assert_null(feature_profile_by_name("Migratable"));
	assert_null(feature_profile_by_name(""));

	assert_int_equal(feature_profile_apply(p, UINT64_MAX, &f), 0);
	assert_true(f == qemu_svq_bits);
	/* Only what the management device has; INDIRECT_DESC, RING_PACKED,
	 * GUEST_ANNOUNCE, NOTF_COAL and DEVICE_STATS never. */
	assert_int_equal(feature_profile_apply(p, B(32) | B(33) | B(5) | B(28) |
					       B(34) | B(21) | B(53) | B(50), &f), 0);
	assert_true(f == (B(32) | B(33) | B(5)));

	f = 0xdead;
	capture_start(&cap, 0);
	assert_int_equal(feature_profile_apply(p, UINT64_MAX & ~B(33), &f), -1);
	capture_stop(&cap);
	assert_true(f == 0xdead);
	assert_non_null(strstr(cap.err, "profile migratable needs ACCESS_PLATFORM"));
	capture_free(&cap);
}

int run_features_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_features_parse),
		cmocka_unit_test(test_features_roundtrip),
		cmocka_unit_test(test_features_print),
		cmocka_unit_test(test_profile_migratable),
	};

	return cmocka_run_group_tests_name("features", tests, NULL, NULL);
}
