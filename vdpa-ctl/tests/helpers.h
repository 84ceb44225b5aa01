/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the unit tests: output capture and argument splitting.
 */
#ifndef VDPA_CTL_TEST_HELPERS_H
#define VDPA_CTL_TEST_HELPERS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "json_check.h"
#include "print.h"
#include "util.h"

/* Output of the print API and error messages, each into memory. */
struct capture {
	char *out, *err;
	size_t out_len, err_len;
	FILE *out_fp, *err_fp;
};

static inline void capture_start(struct capture *c, unsigned int print_flags)
{
	memset(c, 0, sizeof(*c));
	c->out_fp = open_memstream(&c->out, &c->out_len);
	c->err_fp = open_memstream(&c->err, &c->err_len);
	assert_non_null(c->out_fp);
	assert_non_null(c->err_fp);
	print_init(c->out_fp, print_flags);
	err_set_fp(c->err_fp);
}

static inline void capture_stop(struct capture *c)
{
	fclose(c->out_fp);
	fclose(c->err_fp);
	print_init(NULL, 0);
	err_set_fp(NULL);
}

static inline void capture_free(struct capture *c)
{
	free(c->out);
	free(c->err);
}

/* Where @got first differs from @want, with some context (cmocka truncates). */
static inline void report_diff(const char *what, const char *got,
			       const char *want)
{
	size_t i = 0, from;

	while (got[i] && got[i] == want[i])
		i++;
	from = i > 40 ? i - 40 : 0;
	print_error("%s: output differs at byte %zu\n--- got\n%.120s\n--- want\n%.120s\n",
		    what, i, got + from, want + from);
}

/*
 * The pretty form of compact JSON as vdpa-ctl writes it (no whitespace
 * outside strings, a newline after each top-level value): members and
 * elements one per line, indented by 4 per level, ": " after a key, an
 * empty object or array as {} or [].  Written independently of print.c;
 * test_print checks it against hand-written pretty output.  Returns a
 * string to free.
 */
static inline char *json_pretty(const char *json)
{
	size_t len = 0;
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, &len);
	bool in_str = false;
	int depth = 0;
	const char *p;

	assert_non_null(fp);
	for (p = json; *p; p++) {
		char c = *p;

		if (in_str) {
			fputc(c, fp);
			if (c == '\\' && p[1])
				fputc(*++p, fp);
			else if (c == '"')
				in_str = false;
			continue;
		}
		switch (c) {
		case '"':
			in_str = true;
			fputc(c, fp);
			break;
		case '{':
		case '[':
			fputc(c, fp);
			if (p[1] == (c == '{' ? '}' : ']')) {
				fputc(*++p, fp);
				break;
			}
			depth++;
			fprintf(fp, "\n%*s", depth * 4, "");
			break;
		case '}':
		case ']':
			depth--;
			fprintf(fp, "\n%*s%c", depth * 4, "", c);
			break;
		case ',':
			fprintf(fp, ",\n%*s", depth * 4, "");
			break;
		case ':':
			fputs(": ", fp);
			break;
		default:
			fputc(c, fp);
		}
	}
	fclose(fp);
	return buf;
}

#define MAX_TEST_ARGS	32

/* Splits @line at spaces into @argv (which points into @buf). */
static inline int split_args(const char *line, char *buf, size_t size,
			     char **argv)
{
	int argc = 0;
	char *tok, *save;

	snprintf(buf, size, "%s", line);
	for (tok = strtok_r(buf, " ", &save); tok && argc < MAX_TEST_ARGS;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	return argc;
}

int run_args_tests(void);
int run_features_tests(void);
int run_print_tests(void);
int run_output_tests(void);
int run_cmd_tests(void);
int run_ovnic_tests(void);
int run_ovnic_stats_tests(void);
int run_ovnic_request_tests(void);

#endif
