// SPDX-License-Identifier: GPL-2.0
/*
 * The printing API: one sequence of calls, three expected outputs (text,
 * JSON, pretty JSON).
 */
#include "helpers.h"

struct print_case {
	const char *name;
	void (*emit)(void);
	const char *text, *json, *pretty;
};

/* Two handles, fields, a list on a line of its own, counters. */
static void emit_full(void)
{
	print_section_start("dev");
	print_handle_start("d0");
	print_str("type", "network");
	print_uint("max_vqs", 3);
	print_bool("link_announce", false);
	print_line();
	print_list_start("features");
	print_list_str("MAC");
	print_list_str("MTU");
	print_list_end();
	print_line();
	print_pairs_start("vendor_stats");
	print_pair("kicks", 7);
	print_pair("kicks", 18446744073709551615ULL);
	print_list_end();
	print_handle_end();
	print_handle_start("d1");
	print_list_start("features");
	print_list_end();
	print_handle_end();
	print_section_end();
}

static void emit_empty(void)
{
	print_section_start("mgmtdev");
	print_section_end();
}

static void emit_escape(void)
{
	print_section_start("s");
	print_handle_start("a\"b\\c");
	print_str("k", "tab\there\nnl\x01 \xc3\xa9");
	print_handle_end();
	print_section_end();
}

static const struct print_case cases[] = {
	{
		"full", emit_full,
		"d0: type network max_vqs 3 link_announce false\n"
		"  features MAC MTU\n"
		"  kicks 7 kicks 18446744073709551615\n"
		"d1: features\n",
		"{\"dev\":{\"d0\":{\"type\":\"network\",\"max_vqs\":3,"
		"\"link_announce\":false,\"features\":[\"MAC\",\"MTU\"],"
		"\"vendor_stats\":[{\"name\":\"kicks\",\"value\":7},"
		"{\"name\":\"kicks\",\"value\":18446744073709551615}]},"
		"\"d1\":{\"features\":[]}}}\n",
		"{\n"
		"    \"dev\": {\n"
		"        \"d0\": {\n"
		"            \"type\": \"network\",\n"
		"            \"max_vqs\": 3,\n"
		"            \"link_announce\": false,\n"
		"            \"features\": [\n"
		"                \"MAC\",\n"
		"                \"MTU\"\n"
		"            ],\n"
		"            \"vendor_stats\": [\n"
		"                {\n"
		"                    \"name\": \"kicks\",\n"
		"                    \"value\": 7\n"
		"                },\n"
		"                {\n"
		"                    \"name\": \"kicks\",\n"
		"                    \"value\": 18446744073709551615\n"
		"                }\n"
		"            ]\n"
		"        },\n"
		"        \"d1\": {\n"
		"            \"features\": []\n"
		"        }\n"
		"    }\n"
		"}\n",
	},
	{
		"empty", emit_empty,
		"",
		"{\"mgmtdev\":{}}\n",
		"{\n    \"mgmtdev\": {}\n}\n",
	},
	{
		"escape", emit_escape,
		"a\"b\\c: k tab\there\nnl\x01 \xc3\xa9\n",
		"{\"s\":{\"a\\\"b\\\\c\":{\"k\":\"tab\\there\\nnl\\u0001 \xc3\xa9\"}}}\n",
		"{\n"
		"    \"s\": {\n"
		"        \"a\\\"b\\\\c\": {\n"
		"            \"k\": \"tab\\there\\nnl\\u0001 \xc3\xa9\"\n"
		"        }\n"
		"    }\n"
		"}\n",
	},
};

static void check(const struct print_case *c, unsigned int flags,
		  const char *want)
{
	struct capture cap;

	if (!want)
		return;
	capture_start(&cap, flags);
	c->emit();
	capture_stop(&cap);
	if (flags & (PRINT_JSON | PRINT_PRETTY))
		assert_json(c->name, cap.out);
	if (strcmp(cap.out, want)) {
		print_error("case %s, flags %u\n", c->name, flags);
		report_diff(c->name, cap.out, want);
		capture_free(&cap);
		fail();
	}
	assert_int_equal(cap.err_len, 0);
	capture_free(&cap);
}

static void test_print_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		check(&cases[i], 0, cases[i].text);
		check(&cases[i], PRINT_JSON, cases[i].json);
		check(&cases[i], PRINT_JSON | PRINT_PRETTY, cases[i].pretty);
		/* -p alone means pretty JSON */
		check(&cases[i], PRINT_PRETTY, cases[i].pretty);
	}
}

/*
 * json_pretty() (helpers.h), which the command tests use to derive the
 * pretty output they expect from the compact one, agrees with the
 * hand-written pretty output above.
 */
static void test_pretty_reference(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = json_pretty(cases[i].json);

		if (strcmp(got, cases[i].pretty)) {
			report_diff(cases[i].name, got, cases[i].pretty);
			free(got);
			fail();
		}
		free(got);
	}
}

/* The JSON checker itself: what it takes and what it refuses. */
static void test_json_check(void **state)
{
	static const struct {
		const char *text;
		bool ok;
	} cases[] = {
		{ "{}\n", true },
		{ "{\"a\":[1,-2.5e3,true,false,null,\"x\\\"\\u00e9\"]}\n", true },
		{ "{\n    \"a\": {\n        \"b\": []\n    }\n}\n", true },
		{ "{\"event\":\"a\"}\n{\"event\":\"b\"}\n", true },
		{ "", false },
		{ "{}", false },			/* no newline */
		{ "{} {}\n", false },			/* two values on a line */
		{ "{\"a\":1,\"a\":2}\n", false },	/* a key twice */
		{ "{\"a\":1,}\n", false },
		{ "[1,]\n", false },
		{ "{\"a\" 1}\n", false },
		{ "{'a':1}\n", false },
		{ "{\"a\":01}\n", false },
		{ "{\"a\":1.}\n", false },
		{ "{\"a\":\"\\x\"}\n", false },
		{ "{\"a\":\"tab\there\"}\n", false },
		{ "{\"a\":tru}\n", false },
		{ "{\"a\":{}\n", false },
	};
	char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		why = json_check(cases[i].text);
		if (!why != cases[i].ok) {
			print_error("case %zu \"%s\": %s\n", i, cases[i].text,
				    why ? why : "accepted");
			free(why);
			fail();
		}
		free(why);
	}
}

int run_print_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_check),
		cmocka_unit_test(test_print_cases),
		cmocka_unit_test(test_pretty_reference),
	};

	return cmocka_run_group_tests_name("print", tests, NULL, NULL);
}
