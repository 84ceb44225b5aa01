/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A strict JSON checker for the tests: is what -j and -p printed valid
 * JSON (RFC 8259), one or more values each ending its line (monitor
 * prints JSON lines), with no key twice in one object (iproute2 repeats
 * keys; vdpa-ctl must not)?  Written apart from print.c, so a mistake
 * there is not repeated here.
 */
#ifndef VDPA_CTL_TEST_JSON_CHECK_H
#define VDPA_CTL_TEST_JSON_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH	32
#define JSON_MAX_KEYS	512

struct json_parser {
	const char *p, *start;
	const char *err;	/* what is wrong, at p */
	int depth;
};

static inline bool json_fail(struct json_parser *j, const char *err)
{
	if (!j->err)
		j->err = err;
	return false;
}

static inline void json_ws(struct json_parser *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static inline bool json_hex4(const char *p)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
			return false;
	return true;
}

/* A string at p; its extent (quotes included) in *from, *len. */
static inline bool json_string(struct json_parser *j, const char **from,
			       size_t *len)
{
	const char *s = j->p;

	if (*j->p != '"')
		return json_fail(j, "a string expected");
	for (j->p++; *j->p != '"'; j->p++) {
		unsigned char c = *j->p;

		if (!c)
			return json_fail(j, "an unterminated string");
		if (c < 0x20)
			return json_fail(j, "a control character in a string");
		if (c != '\\')
			continue;
		j->p++;
		if (*j->p == 'u') {
			if (!json_hex4(j->p + 1))
				return json_fail(j, "a bad \\u escape");
			j->p += 4;
		} else if (!*j->p || !strchr("\"\\/bfnrt", *j->p)) {
			return json_fail(j, "a bad escape");
		}
	}
	j->p++;
	if (from) {
		*from = s;
		*len = j->p - s;
	}
	return true;
}

static inline bool json_digits(struct json_parser *j)
{
	if (*j->p < '0' || *j->p > '9')
		return json_fail(j, "a digit expected");
	while (*j->p >= '0' && *j->p <= '9')
		j->p++;
	return true;
}

static inline bool json_number(struct json_parser *j)
{
	if (*j->p == '-')
		j->p++;
	if (*j->p == '0')
		j->p++;
	else if (!json_digits(j))
		return false;
	if (*j->p == '.') {
		j->p++;
		if (!json_digits(j))
			return false;
	}
	if (*j->p == 'e' || *j->p == 'E') {
		j->p++;
		if (*j->p == '+' || *j->p == '-')
			j->p++;
		if (!json_digits(j))
			return false;
	}
	return true;
}

static inline bool json_word(struct json_parser *j, const char *w)
{
	if (strncmp(j->p, w, strlen(w)))
		return json_fail(j, "an unknown word");
	j->p += strlen(w);
	return true;
}

static inline bool json_value(struct json_parser *j);

static inline bool json_object(struct json_parser *j)
{
	const char *key[JSON_MAX_KEYS];
	size_t klen[JSON_MAX_KEYS], n = 0, i;

	j->p++;
	json_ws(j);
	if (*j->p == '}') {
		j->p++;
		return true;
	}
	for (;;) {
		if (n == JSON_MAX_KEYS)
			return json_fail(j, "too many keys for the checker");
		if (!json_string(j, &key[n], &klen[n]))
			return false;
		for (i = 0; i < n; i++)
			if (klen[i] == klen[n] && !memcmp(key[i], key[n], klen[n]))
				return json_fail(j, "a key given twice in an object");
		n++;
		json_ws(j);
		if (*j->p != ':')
			return json_fail(j, "':' expected");
		j->p++;
		if (!json_value(j))
			return false;
		json_ws(j);
		if (*j->p == '}') {
			j->p++;
			return true;
		}
		if (*j->p != ',')
			return json_fail(j, "',' or '}' expected");
		j->p++;
		json_ws(j);
	}
}

static inline bool json_array(struct json_parser *j)
{
	j->p++;
	json_ws(j);
	if (*j->p == ']') {
		j->p++;
		return true;
	}
	for (;;) {
		if (!json_value(j))
			return false;
		json_ws(j);
		if (*j->p == ']') {
			j->p++;
			return true;
		}
		if (*j->p != ',')
			return json_fail(j, "',' or ']' expected");
		j->p++;
	}
}

static inline bool json_value(struct json_parser *j)
{
	bool ok;

	json_ws(j);
	if (++j->depth > JSON_MAX_DEPTH)
		return json_fail(j, "nested too deep");
	switch (*j->p) {
	case '{':
		ok = json_object(j);
		break;
	case '[':
		ok = json_array(j);
		break;
	case '"':
		ok = json_string(j, NULL, NULL);
		break;
	case 't':
		ok = json_word(j, "true");
		break;
	case 'f':
		ok = json_word(j, "false");
		break;
	case 'n':
		ok = json_word(j, "null");
		break;
	default:
		ok = json_number(j);
	}
	j->depth--;
	return ok;
}

/*
 * NULL if @text is one or more JSON values, each followed by a newline
 * (and nothing else between them but whitespace); else what is wrong and
 * where, in a string to free.
 */
static inline char *json_check(const char *text)
{
	struct json_parser j = { .p = text, .start = text };
	char *msg;
	int values = 0;

	for (;;) {
		while (*j.p == ' ' || *j.p == '\t' || *j.p == '\r' || *j.p == '\n')
			j.p++;
		if (!*j.p)
			break;
		if (!json_value(&j))
			goto bad;
		while (*j.p == ' ' || *j.p == '\t')
			j.p++;
		if (*j.p != '\n') {
			json_fail(&j, "a value does not end its line");
			goto bad;
		}
		values++;
	}
	if (values)
		return NULL;
	json_fail(&j, "no JSON value");
bad:
	if (asprintf(&msg, "%s at byte %td: \"%.40s\"", j.err, j.p - j.start,
		     j.p) < 0)
		msg = NULL;
	return msg ? msg : strdup("invalid JSON");
}

/* Fails the test when @out (from -j or -p) is not valid JSON. */
#define assert_json(what, out) do {					\
	char *_why = json_check(out);					\
	if (_why) {							\
		print_error("%s: %s\n--- output\n%s\n", (what), _why, (out)); \
		free(_why);						\
		fail();							\
	}								\
} while (0)

#endif
