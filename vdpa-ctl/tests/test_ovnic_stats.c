// SPDX-License-Identifier: GPL-2.0
/*
 * What "stats" prints for given kernel replies (built the way
 * kernel/nl_stats.c builds them): text, JSON and -p, counters unknown to
 * vdpa-ctl, malformed replies, and rates over an interval.
 */
#include "test_ovnic.h"

/* ---- stats: replies as kernel/nl_stats.c builds them ---- */

static void counters(struct nl_msg *m, int attr, uint64_t base)
{
	struct nlattr *nest = nla_nest_start(m, attr);
	int k;

	for (k = OVNIC_NL_STAT_PACKETS; k <= OVNIC_NL_STAT_CTRL_ERRORS; k++) {
		nla_put(m, OVNIC_NL_STAT_PAD, 0, NULL);
		nla_put_u64(m, k, base + k);
	}
	nla_nest_end(m, nest);
}

static struct nl_msg *dev_stats(const char *dev, uint64_t base, bool ctrl)
{
	struct nl_msg *m = reply(OVNIC_NL_CMD_STATS_GET);

	handle(m, dev);
	counters(m, OVNIC_NL_A_STATS_RX, base);
	counters(m, OVNIC_NL_A_STATS_TX, base + 100);
	if (ctrl)
		counters(m, OVNIC_NL_A_STATS_CTRL, base + 200);
	return m;
}

static struct nl_msg *queue_stats(const char *dev, uint16_t q, uint8_t type,
				  uint64_t base)
{
	struct nl_msg *m = reply(OVNIC_NL_CMD_STATS_GET);

	handle(m, dev);
	nla_put_u16(m, OVNIC_NL_A_STATS_QUEUE_INDEX, q);
	nla_put_u8(m, OVNIC_NL_A_STATS_QUEUE_TYPE, type);
	counters(m, OVNIC_NL_A_STATS, base);
	return m;
}

/* Feeds @m to stats_collect() and frees it. */
static int collect(struct stats_set *set, struct nl_msg *m)
{
	int ret = stats_collect(m, set);

	nlmsg_free(m);
	return ret;
}

/*
 * "packets B+2 bytes B+3 ... ctrl_errors B+12" (the counters of
 * counters()), or every counter @same when @base is ~0.
 */
static const char *const names[] = {
	"packets", "bytes", "descs", "kicks", "interrupts", "drop_no_buffer",
	"drop_too_big", "drop_bad_desc", "drop_bad_addr", "drop_filtered",
	"ctrl_errors",
};

static void cnt(char *buf, size_t size, uint64_t base, uint64_t same)
{
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		n += snprintf(buf + n, size - n, "%s%s %llu", i ? " " : "", names[i],
			      (unsigned long long)(base == ~0ULL ? same :
						   base + OVNIC_NL_STAT_PACKETS + i));
}

static char *print_set(const struct stats_set *set, unsigned int flags,
		       uint64_t interval_ms)
{
	struct capture cap;
	char *out;

	capture_start(&cap, flags);
	stats_print(set, interval_ms);
	capture_stop(&cap);
	if (flags & (PRINT_JSON | PRINT_PRETTY))
		assert_json("stats", cap.out);
	out = strdup(cap.out);
	assert_int_equal(cap.err_len, 0);
	capture_free(&cap);
	return out;
}

static void expect(char *got, const char *want)
{
	if (strcmp(got, want)) {
		report_diff("stats", got, want);
		free(got);
		fail();
	}
	free(got);
}

/* -p prints what -j prints, laid out (json_pretty(), helpers.h). */
static void expect_pretty(const struct stats_set *set, uint64_t interval_ms)
{
	char *json = print_set(set, PRINT_JSON, interval_ms);
	char *want = json_pretty(json);

	free(json);
	expect(print_set(set, PRINT_PRETTY, interval_ms), want);
	expect(print_set(set, PRINT_JSON | PRINT_PRETTY, interval_ms), want);
	free(want);
}

static void test_stats_output(void **state)
{
	struct stats_set set = { 0 };

	(void)state;
	assert_int_equal(collect(&set, dev_stats("d0", 1000, true)), EXIT_OK);
	assert_int_equal(collect(&set, dev_stats("d1", 1000, false)), EXIT_OK);
	{
		char rx[256], tx[256], ctrl[256], want[2048];

		cnt(rx, sizeof(rx), 1000, 0);
		cnt(tx, sizeof(tx), 1100, 0);
		cnt(ctrl, sizeof(ctrl), 1200, 0);
		snprintf(want, sizeof(want),
			 "d0:\n  rx %s\n  tx %s\n  ctrl %s\nd1:\n  rx %s\n  tx %s\n",
			 rx, tx, ctrl, rx, tx);
		expect(print_set(&set, 0, 0), want);
	}
	expect_pretty(&set, 0);
	stats_set_free(&set);

	assert_int_equal(collect(&set, queue_stats("d0", 0, OVNIC_NL_QUEUE_RX, 0)), EXIT_OK);
	assert_int_equal(collect(&set, queue_stats("d0", 1, OVNIC_NL_QUEUE_TX, 0)), EXIT_OK);
	assert_int_equal(collect(&set, queue_stats("d0", 2, OVNIC_NL_QUEUE_CTRL, 0)), EXIT_OK);
	assert_int_equal(collect(&set, queue_stats("d0", 3, OVNIC_NL_QUEUE_UNUSED, 0)), EXIT_OK);
	assert_int_equal(collect(&set, queue_stats("d1", 0, 9, 0)), EXIT_OK);
	expect(print_set(&set, 0, 0),
	       "d0:\n"
	       "  queue 0 type rx packets 2 bytes 3 descs 4 kicks 5 interrupts 6 drop_no_buffer 7"
	       " drop_too_big 8 drop_bad_desc 9 drop_bad_addr 10 drop_filtered 11 ctrl_errors 12\n"
	       "  queue 1 type tx packets 2 bytes 3 descs 4 kicks 5 interrupts 6 drop_no_buffer 7"
	       " drop_too_big 8 drop_bad_desc 9 drop_bad_addr 10 drop_filtered 11 ctrl_errors 12\n"
	       "  queue 2 type ctrl packets 2 bytes 3 descs 4 kicks 5 interrupts 6 drop_no_buffer 7"
	       " drop_too_big 8 drop_bad_desc 9 drop_bad_addr 10 drop_filtered 11 ctrl_errors 12\n"
	       "  queue 3 type unused packets 2 bytes 3 descs 4 kicks 5 interrupts 6 drop_no_buffer 7"
	       " drop_too_big 8 drop_bad_desc 9 drop_bad_addr 10 drop_filtered 11 ctrl_errors 12\n"
	       "d1:\n"
	       "  queue 0 type type_9 packets 2 bytes 3 descs 4 kicks 5 interrupts 6 drop_no_buffer 7"
	       " drop_too_big 8 drop_bad_desc 9 drop_bad_addr 10 drop_filtered 11 ctrl_errors 12\n");
	expect(print_set(&set, PRINT_JSON, 0),
	       "{\"stats\":{\"d0\":{\"queues\":["
	       "{\"queue\":0,\"type\":\"rx\",\"packets\":2,\"bytes\":3,\"descs\":4,\"kicks\":5,"
	       "\"interrupts\":6,\"drop_no_buffer\":7,\"drop_too_big\":8,\"drop_bad_desc\":9,"
	       "\"drop_bad_addr\":10,\"drop_filtered\":11,\"ctrl_errors\":12},"
	       "{\"queue\":1,\"type\":\"tx\",\"packets\":2,\"bytes\":3,\"descs\":4,\"kicks\":5,"
	       "\"interrupts\":6,\"drop_no_buffer\":7,\"drop_too_big\":8,\"drop_bad_desc\":9,"
	       "\"drop_bad_addr\":10,\"drop_filtered\":11,\"ctrl_errors\":12},"
	       "{\"queue\":2,\"type\":\"ctrl\",\"packets\":2,\"bytes\":3,\"descs\":4,\"kicks\":5,"
	       "\"interrupts\":6,\"drop_no_buffer\":7,\"drop_too_big\":8,\"drop_bad_desc\":9,"
	       "\"drop_bad_addr\":10,\"drop_filtered\":11,\"ctrl_errors\":12},"
	       "{\"queue\":3,\"type\":\"unused\",\"packets\":2,\"bytes\":3,\"descs\":4,\"kicks\":5,"
	       "\"interrupts\":6,\"drop_no_buffer\":7,\"drop_too_big\":8,\"drop_bad_desc\":9,"
	       "\"drop_bad_addr\":10,\"drop_filtered\":11,\"ctrl_errors\":12}]},"
	       "\"d1\":{\"queues\":["
	       "{\"queue\":0,\"type\":\"type_9\",\"packets\":2,\"bytes\":3,\"descs\":4,\"kicks\":5,"
	       "\"interrupts\":6,\"drop_no_buffer\":7,\"drop_too_big\":8,\"drop_bad_desc\":9,"
	       "\"drop_bad_addr\":10,\"drop_filtered\":11,\"ctrl_errors\":12}]}}}\n");
	expect_pretty(&set, 0);
	stats_set_free(&set);

	/* nothing at all */
	expect(print_set(&set, PRINT_JSON, 0), "{\"stats\":{}}\n");
	expect(print_set(&set, 0, 0), "");
}

/* Device sums in JSON, and a counter this build has no name for. */
static void test_stats_json_unknown(void **state)
{
	struct stats_set set = { 0 };
	struct nl_msg *m = reply(OVNIC_NL_CMD_STATS_GET);
	struct nlattr *nest;

	(void)state;
	handle(m, "d0");
	nest = nla_nest_start(m, OVNIC_NL_A_STATS_RX);
	nla_put_u64(m, OVNIC_NL_STAT_PACKETS, 5);
	nla_put_u64(m, 40, 7);
	nla_put_u64(m, 200, 9);		/* beyond what vdpa-ctl keeps */
	nla_nest_end(m, nest);
	assert_int_equal(collect(&set, m), EXIT_OK);
	expect(print_set(&set, PRINT_JSON, 0),
	       "{\"stats\":{\"d0\":{\"rx\":{\"packets\":5,\"stat_40\":7}}}}\n");
	expect(print_set(&set, PRINT_PRETTY, 0),
	       "{\n"
	       "    \"stats\": {\n"
	       "        \"d0\": {\n"
	       "            \"rx\": {\n"
	       "                \"packets\": 5,\n"
	       "                \"stat_40\": 7\n"
	       "            }\n"
	       "        }\n"
	       "    }\n"
	       "}\n");
	stats_set_free(&set);
}

static void test_stats_malformed(void **state)
{
	struct stats_set set = { 0 };
	struct capture cap;
	struct nl_msg *m;
	struct nlattr *nest;

	(void)state;
	capture_start(&cap, 0);
	/* a counter that is no u64 */
	m = reply(OVNIC_NL_CMD_STATS_GET);
	handle(m, "d0");
	nest = nla_nest_start(m, OVNIC_NL_A_STATS_TX);
	nla_put_u32(m, OVNIC_NL_STAT_PACKETS, 5);
	nla_nest_end(m, nest);
	assert_int_equal(collect(&set, m), EXIT_FAIL);
	/* a queue without counters */
	m = reply(OVNIC_NL_CMD_STATS_GET);
	handle(m, "d0");
	nla_put_u16(m, OVNIC_NL_A_STATS_QUEUE_INDEX, 1);
	assert_int_equal(collect(&set, m), EXIT_FAIL);
	/* no device name */
	m = reply(OVNIC_NL_CMD_STATS_GET);
	nla_put_u16(m, OVNIC_NL_A_STATS_QUEUE_INDEX, 1);
	assert_int_equal(collect(&set, m), EXIT_FAIL);
	capture_stop(&cap);
	assert_non_null(strstr(cap.err, "Error: malformed counter 2"));
	assert_non_null(strstr(cap.err, "Error: counters missing"));
	assert_non_null(strstr(cap.err, "Error: device name missing"));
	capture_free(&cap);
	assert_int_equal(set.n, 0);
	stats_set_free(&set);
}

/* Rates: per second over the measured interval, matched by device and queue. */
static void test_stats_rate(void **state)
{
	struct stats_set then = { 0 }, now = { 0 };

	(void)state;
	assert_int_equal(collect(&then, dev_stats("d0", 1000, true)), EXIT_OK);
	assert_int_equal(collect(&then, queue_stats("d0", 1, OVNIC_NL_QUEUE_TX, 500)), EXIT_OK);
	assert_int_equal(collect(&then, dev_stats("gone", 0, false)), EXIT_OK);
	/* d0's sums grew by 2000 each, queue 1 went backwards (re-created) */
	assert_int_equal(collect(&now, dev_stats("d0", 3000, true)), EXIT_OK);
	assert_int_equal(collect(&now, queue_stats("d0", 1, OVNIC_NL_QUEUE_TX, 10)), EXIT_OK);
	assert_int_equal(collect(&now, dev_stats("new", 50, false)), EXIT_OK);
	stats_rate(&now, &then, 500);
	assert_int_equal(now.n, 2);	/* "new" has no earlier reading */
	assert_int_equal(now.rec[0].c[0].val[OVNIC_NL_STAT_PACKETS], 4000);
	assert_int_equal(now.rec[0].c[2].val[OVNIC_NL_STAT_CTRL_ERRORS], 4000);
	assert_int_equal(now.rec[1].c[0].val[OVNIC_NL_STAT_PACKETS], 24);
	{
		char all[256], want[1024];

		cnt(all, sizeof(all), ~0ULL, 4000);
		snprintf(want, sizeof(want),
			 "d0: interval_ms 500\n  rx %s\n  tx %s\n  ctrl %s\n"
			 "  queue 1 type tx packets 24 bytes 26 descs 28 kicks 30 interrupts 32"
			 " drop_no_buffer 34 drop_too_big 36 drop_bad_desc 38 drop_bad_addr 40"
			 " drop_filtered 42 ctrl_errors 44\n", all, all, all);
		expect(print_set(&now, 0, 500), want);
	}
	expect_pretty(&now, 500);
	stats_set_free(&then);
	stats_set_free(&now);

	/* no overflow: a huge delta over a long interval */
	assert_int_equal(collect(&then, dev_stats("d0", 0, false)), EXIT_OK);
	assert_int_equal(collect(&now, dev_stats("d0", UINT64_MAX - 200, false)), EXIT_OK);
	stats_rate(&now, &then, 3000);
	{
		uint64_t d = UINT64_MAX - 200;	/* every counter's delta */

		assert_true(now.rec[0].c[0].val[OVNIC_NL_STAT_PACKETS] ==
			    d / 3000 * 1000 + d % 3000 * 1000 / 3000);
		assert_true(now.rec[0].c[0].val[OVNIC_NL_STAT_PACKETS] > d / 4);
	}
	stats_set_free(&then);
	stats_set_free(&now);
}

int run_ovnic_stats_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats_output),
		cmocka_unit_test(test_stats_json_unknown),
		cmocka_unit_test(test_stats_malformed),
		cmocka_unit_test(test_stats_rate),
	};

	return cmocka_run_group_tests_name("ovnic_stats", tests, NULL, NULL);
}
