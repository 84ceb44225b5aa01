// SPDX-License-Identifier: GPL-2.0
/*
 * Dispatch: exact words, defaults, help at every level, usage on errors;
 * and the real command tables' usage errors, which return before any
 * netlink socket is opened.
 */
#include <unistd.h>

#include "helpers.h"
#include "cmd.h"
#include "objects.h"

static const char *ran;
static int ran_argc;

static int run_a(int argc, char **argv)
{
	(void)argv;
	ran = "a";
	ran_argc = argc;
	return EXIT_OK;
}

static int run_b(int argc, char **argv)
{
	(void)argv;
	ran = "b";
	ran_argc = argc;
	return argc ? EXIT_USAGE : EXIT_FAIL;
}

static const struct cmd inner[] = {
	{ .name = "show", .run = run_a, .args = "[ X ]", .is_default = true },
	{ .name = "set", .run = run_b, .args = "X" },
	{ }
};

static const struct cmd nodefault[] = {
	{ .name = "show", .run = run_a },
	{ }
};

static const struct cmd objs[] = {
	{ .name = "obj", .sub = inner },
	{ .name = "other", .sub = nodefault },
	{ .name = "old", .sub = inner, .replaced_by = "obj" },
	{ }
};

struct cmd_case {
	const char *line;
	int ret;
	const char *ran;	/* which command ran, or NULL */
	int argc;		/* with how many arguments */
	const char *err;	/* in the error output, or NULL for none */
	const char *out;	/* all of stdout (help); NULL: nothing */
};

#define USAGE_ALL	"Usage: vdpa-ctl obj show [ X ]\n" \
			"       vdpa-ctl obj set X\n" \
			"       vdpa-ctl other show\n"
#define USAGE_OBJ	"Usage: vdpa-ctl obj show [ X ]\n" \
			"       vdpa-ctl obj set X\n"

static const struct cmd_case cases[] = {
	{ "obj show", EXIT_OK, "a", 0 },
	{ "obj show x y", EXIT_OK, "a", 2 },
	{ "obj", EXIT_OK, "a", 0 },
	{ "obj set", EXIT_FAIL, "b", 0 },
	{ "obj set x", EXIT_USAGE, "b", 1, "Usage: vdpa-ctl obj set X" },
	{ "obj sho", EXIT_USAGE, NULL, 0, "unknown command \"sho\" for \"vdpa-ctl obj\"" },
	{ "obj Show", EXIT_USAGE, NULL, 0, "unknown command \"Show\"" },
	{ "ob show", EXIT_USAGE, NULL, 0, "unknown command \"ob\" for \"vdpa-ctl\"" },
	{ "other", EXIT_USAGE, NULL, 0, "\"vdpa-ctl other\" needs a command" },
	{ "help", EXIT_OK, NULL, 0, NULL, USAGE_ALL },
	{ "obj help", EXIT_OK, NULL, 0, NULL, USAGE_OBJ },
	{ "obj --help", EXIT_OK, NULL, 0, NULL, USAGE_OBJ },
	{ "obj set help", EXIT_OK, NULL, 0, NULL,
	  "Usage: vdpa-ctl obj set X\n" },
	{ "obj show -h", EXIT_OK, NULL, 0, NULL,
	  "Usage: vdpa-ctl obj show [ X ]\n" },
	{ "other help", EXIT_OK, NULL, 0, NULL,
	  "Usage: vdpa-ctl other show\n" },
	/* a deprecated word: works, warns, usage in the new words */
	{ "old show x", EXIT_OK, "a", 1,
	  "Warning: \"vdpa-ctl old\" is deprecated, use \"vdpa-ctl obj\"\n" },
	{ "old", EXIT_OK, "a", 0, "is deprecated" },
	{ "old set x", EXIT_USAGE, "b", 1, "Usage: vdpa-ctl obj set X" },
	{ "old help", EXIT_OK, NULL, 0, "is deprecated", USAGE_OBJ },
};

/* Help goes to stdout: catch it in a file, out of the test log. */
static int stdout_begin(FILE **tmp)
{
	int saved = dup(STDOUT_FILENO);

	*tmp = tmpfile();
	assert_non_null(*tmp);
	fflush(stdout);
	dup2(fileno(*tmp), STDOUT_FILENO);
	return saved;
}

/* What went to stdout since stdout_begin(); free() it. */
static char *stdout_end(int saved, FILE *tmp)
{
	char *buf;
	long len;

	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	len = ftell(tmp);
	assert_true(len >= 0);
	buf = calloc(1, len + 1);
	assert_non_null(buf);
	rewind(tmp);
	assert_int_equal(fread(buf, 1, len, tmp), len);
	fclose(tmp);
	return buf;
}

static void test_dispatch(void **state)
{
	char buf[256], *argv[MAX_TEST_ARGS], *out;
	struct capture cap;
	int argc, ret, saved;
	FILE *tmp;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct cmd_case *c = &cases[i];

		ran = NULL;
		ran_argc = -1;
		argc = split_args(c->line, buf, sizeof(buf), argv);
		capture_start(&cap, 0);
		saved = stdout_begin(&tmp);
		ret = cmd_dispatch(objs, argc, argv);
		out = stdout_end(saved, tmp);
		capture_stop(&cap);
		if (ret != c->ret ||
		    (c->ran ? !ran || strcmp(ran, c->ran) || ran_argc != c->argc : !!ran) ||
		    (c->err ? !strstr(cap.err, c->err) : cap.err_len != 0) ||
		    strcmp(out, c->out ? c->out : "")) {
			print_error("case \"%s\": ret %d ran %s/%d err \"%s\" out \"%s\"\n",
				    c->line, ret, ran ? ran : "-", ran_argc, cap.err,
				    out);
			free(out);
			capture_free(&cap);
			fail();
		}
		free(out);
		capture_free(&cap);
	}
}

static void test_usage_text(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	cmd_usage(fp, objs, "vdpa-ctl");
	fclose(fp);
	assert_string_equal(buf,
			    "Usage: vdpa-ctl obj show [ X ]\n"
			    "       vdpa-ctl obj set X\n"
			    "       vdpa-ctl other show\n");
	free(buf);
}

/* The real tables: command lines that fail before reaching the kernel. */
static const struct object_case {
	const char *line;
	const char *err;
} usage_cases[] = {
	{ "dev add name d0", "management device is missing" },
	{ "dev add mgmtdev ovnic0 name d0 mtu big", "mtu \"big\" is not a number" },
	{ "dev add name d0 mgmtdev ovnic0 device_features MAC,MQQ", "unknown feature \"MQQ\"" },
	{ "dev add name d0 mgmtdev ovnic0 profile fast", "unknown profile \"fast\" (known: migratable)" },
	{ "dev add name d0 mgmtdev ovnic0 profile migratable device_features MAC",
	  "give device_features or profile, not both" },
	{ "dev del", "device name is missing" },
	{ "dev set d0", "mac is missing" },
	{ "dev set d0 mtu 1500", "unknown argument \"mtu\"" },
	{ "dev vstats show d0", "queue index is missing" },
	{ "dev vstats", "\"vdpa-ctl dev vstats\" needs a command" },
	{ "dev config sho", "unknown command \"sho\"" },
	{ "dev show d0 d1", "unknown argument \"d1\"" },
	{ "mgmtdev show a b", "unknown argument \"b\"" },
	{ "mgmtdev list", "unknown command \"list\"" },
	{ "feature show x", "unknown argument \"x\"" },
	{ "card show d0 d1", "unknown argument \"d1\"" },
	{ "monitor count 0", "count \"0\" is not a number from 1" },
	{ "dev link set d0", "nothing to set: give state up|down or loopback on|off" },
	{ "dev link set d0 loopback maybe", "loopback \"maybe\" is neither on nor off" },
	{ "dev link set d0 state up loopback", "\"loopback\" needs a value" },
	{ "dev link set d0 state sideways loopback on", "state \"sideways\" is neither up nor down" },
	{ "dev link set loopback on", "device name is missing" },
	{ "dev link sett d0", "unknown command \"sett\" for \"vdpa-ctl dev link\"" },
	{ "dev queue set d0", "nothing to set: give max_pairs or max_size" },
	{ "dev queue set d0 max-pairs 2", "unknown argument \"max-pairs\"" },
	{ "dev stats show qidx 1", "qidx needs a device" },
	{ "dev stats show d0 scope all", "scope \"all\" is neither device nor queue" },
	{ "dev coal set d0", "nothing to set (rx_usecs, rx_frames" },
	{ "dev coal set d0 adaptive_rx maybe", "adaptive_rx \"maybe\" is neither on nor off" },
	{ "dev hash set d0", "tunnel types are missing" },
	{ "dev hash set d0 tunnel vxlan,foo", "unknown tunnel type \"foo\"" },
	{ "dev rss set d0", "unknown command \"set\" for \"vdpa-ctl dev rss\"" },
	{ "dev mac set d1", "nothing to set: give allow, trust or spoofchk" },
	{ "dev mac set d1 allow zz", "\"zz\" is not a MAC address (XX:XX:XX:XX:XX:XX)" },
	{ "dev mac set d1 allow 02:00:00:00:00:01,02:00:00:00:00:01", "is given twice" },
	{ "dev mac set d1 spoofchk maybe", "spoofchk \"maybe\" is not on, off or auto" },
	{ "dev mac set d1 trust", "\"trust\" needs a value" },
	{ "dev mac set d1 trust on trusted on", "unknown argument \"trusted\"" },
	{ "dev mac set allow none", "device name is missing" },
	{ "dev mac sett d1", "unknown command \"sett\" for \"vdpa-ctl dev mac\"" },
	{ "dev mac Show", "unknown command \"Show\"" },
	{ "dev mac show d1 d2", "unknown argument \"d2\"" },
	/* the deprecated spellings reach the same commands */
	{ "link set d0", "nothing to set: give state up|down" },
	{ "queue set d0", "nothing to set: give max_pairs" },
	{ "stats show qidx 1", "qidx needs a device" },
	{ "coal set d0 rx-usecs big", "rx_usecs \"big\" is not a number" },
	{ "hash set d0", "tunnel types are missing" },
	{ "rss show d0 d1", "unknown argument \"d1\"" },
	{ "mac set d1", "nothing to set: give allow" },
};

/*
 * The start of the usage a line gets: the new words, "vdpa-ctl dev link"
 * for "link set d0" as for "dev link set d0".
 */
static const char *usage_prefix(const char *line)
{
	static const char *const top[] = { "mgmtdev ", "feature ", "card ", "monitor " };
	static char buf[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(top); i++)
		if (!strncmp(line, top[i], strlen(top[i])))
			return "Usage: vdpa-ctl ";
	snprintf(buf, sizeof(buf), "Usage: vdpa-ctl %s%.*s",
		 strncmp(line, "dev ", 4) ? "dev " : "",
		 (int)strcspn(line, " "), line);
	return buf;
}

/* Each line fails with its message and the command's usage, new words. */
static void test_object_usage(void **state)
{
	char buf[256], *argv[MAX_TEST_ARGS];
	struct capture cap;
	size_t i;
	int argc, ret;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(usage_cases); i++) {
		argc = split_args(usage_cases[i].line, buf, sizeof(buf), argv);
		capture_start(&cap, 0);
		ret = cmd_dispatch(top_cmds, argc, argv);
		capture_stop(&cap);
		if (ret != EXIT_USAGE || !strstr(cap.err, usage_cases[i].err) ||
		    !strstr(cap.err, usage_prefix(usage_cases[i].line))) {
			print_error("case \"%s\": ret %d err \"%s\"\n",
				    usage_cases[i].line, ret, cap.err);
			capture_free(&cap);
			fail();
		}
		capture_free(&cap);
	}
}

/*
 * The old top-level objects: each warns once, names its replacement, and
 * its usage is the new one's.  The top-level help lists none of them.
 */
static void test_deprecated_objects(void **state)
{
	static const char *const old[] = {
		"link", "queue", "stats", "coal", "hash", "rss", "mac",
	};
	char line[64], want[128], buf[256], *argv[MAX_TEST_ARGS], *out;
	struct capture cap;
	int argc, ret, saved;
	FILE *tmp;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(old); i++) {
		snprintf(line, sizeof(line), "%s help", old[i]);
		snprintf(want, sizeof(want),
			 "Warning: \"vdpa-ctl %s\" is deprecated, use \"vdpa-ctl dev %s\"\n",
			 old[i], old[i]);
		argc = split_args(line, buf, sizeof(buf), argv);
		capture_start(&cap, 0);
		saved = stdout_begin(&tmp);
		ret = cmd_dispatch(top_cmds, argc, argv);
		out = stdout_end(saved, tmp);
		capture_stop(&cap);
		snprintf(line, sizeof(line), "Usage: vdpa-ctl dev %s show", old[i]);
		if (ret != EXIT_OK || strcmp(cap.err, want) ||
		    strncmp(out, line, strlen(line))) {
			print_error("case \"%s help\": ret %d err \"%s\" out \"%s\"\n",
				    old[i], ret, cap.err, out);
			free(out);
			capture_free(&cap);
			fail();
		}
		free(out);
		capture_free(&cap);
	}

	argc = split_args("help", buf, sizeof(buf), argv);
	saved = stdout_begin(&tmp);
	ret = cmd_dispatch(top_cmds, argc, argv);
	out = stdout_end(saved, tmp);
	assert_int_equal(ret, EXIT_OK);
	for (i = 0; i < ARRAY_SIZE(old); i++) {
		snprintf(line, sizeof(line), "vdpa-ctl %s ", old[i]);
		assert_null(strstr(out, line));
		snprintf(line, sizeof(line), "vdpa-ctl dev %s show", old[i]);
		assert_non_null(strstr(out, line));
	}
	free(out);
}

/* A bad loopback value: the message, then the command's whole syntax. */
static void test_link_set_usage(void **state)
{
		char buf[256], *argv[MAX_TEST_ARGS];
	struct capture cap;
	int argc, ret;

	(void)state;
	argc = split_args("dev link set d0 loopback maybe", buf, sizeof(buf), argv);
	capture_start(&cap, 0);
	ret = cmd_dispatch(top_cmds, argc, argv);
	capture_stop(&cap);
	assert_int_equal(ret, EXIT_USAGE);
	assert_string_equal(cap.err,
			    "Error: loopback \"maybe\" is neither on nor off\n"
			    "Usage: vdpa-ctl dev link set DEV [ state { up | down } ]"
			    " [ loopback { on | off } ]\n");
	assert_int_equal(cap.out_len, 0);
	capture_free(&cap);
}

#define MAC_SET_USAGE	"vdpa-ctl dev mac set DEV [ allow { MAC[,MAC...] | none } ]" \
			" [ trust { on | off } ]\n\t[ spoofchk { on | off | auto } ]\n"

/* mac: help at each level of the real table, and a usage error. */
static void test_mac_usage(void **state)
{
	static const struct {
		const char *line;
		const char *out;
	} helps[] = {
		{ "dev mac help", "Usage: vdpa-ctl dev mac show [ DEV ]\n       " MAC_SET_USAGE },
		{ "dev mac --help", "Usage: vdpa-ctl dev mac show [ DEV ]\n       " MAC_SET_USAGE },
		{ "dev mac set help", "Usage: " MAC_SET_USAGE },
		{ "dev mac set -h", "Usage: " MAC_SET_USAGE },
		{ "dev mac show help", "Usage: vdpa-ctl dev mac show [ DEV ]\n" },
	};
	char buf[256], *argv[MAX_TEST_ARGS], *out;
	struct capture cap;
	int argc, ret, saved;
	FILE *tmp;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(helps); i++) {
		argc = split_args(helps[i].line, buf, sizeof(buf), argv);
		capture_start(&cap, 0);
		saved = stdout_begin(&tmp);
		ret = cmd_dispatch(top_cmds, argc, argv);
		out = stdout_end(saved, tmp);
		capture_stop(&cap);
		if (ret != EXIT_OK || cap.err_len || strcmp(out, helps[i].out)) {
			print_error("case \"%s\": ret %d err \"%s\" out \"%s\"\n",
				    helps[i].line, ret, cap.err, out);
			free(out);
			capture_free(&cap);
			fail();
		}
		free(out);
		capture_free(&cap);
	}

	argc = split_args("dev mac set d1 allow 02:00:00:00:66:01,01:02", buf, sizeof(buf),
			  argv);
	capture_start(&cap, 0);
	ret = cmd_dispatch(top_cmds, argc, argv);
	capture_stop(&cap);
	assert_int_equal(ret, EXIT_USAGE);
	assert_string_equal(cap.err,
			    "Error: \"01:02\" is not a MAC address (XX:XX:XX:XX:XX:XX)\n"
			    "Usage: " MAC_SET_USAGE);
	assert_int_equal(cap.out_len, 0);
	capture_free(&cap);
}

int run_cmd_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_usage_text),
		cmocka_unit_test(test_object_usage),
		cmocka_unit_test(test_deprecated_objects),
		cmocka_unit_test(test_link_set_usage),
		cmocka_unit_test(test_mac_usage),
	};

	return cmocka_run_group_tests_name("cmd", tests, NULL, NULL);
}
