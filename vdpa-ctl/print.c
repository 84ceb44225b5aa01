// SPDX-License-Identifier: GPL-2.0
/*
 * Text and JSON output behind one API (see print.h).
 *
 * JSON is written as it goes, with a stack that remembers, for each open
 * object or array, whether it holds anything yet (for commas and, in
 * pretty mode, for where the closing bracket goes).  Text is "key value"
 * pairs separated by spaces; after print_line() the next field starts an
 * indented line, so a line with nothing on it is never printed.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"

#define PRINT_MAX_DEPTH	16
#define PRINT_INDENT	4	/* pretty JSON */
#define TEXT_INDENT	"  "

static struct {
	FILE *fp;
	bool json;
	bool pretty;
	bool text_nl;			/* text: next field starts a new line */
	unsigned int depth;
	bool filled[PRINT_MAX_DEPTH];	/* JSON: container holds a value */
} pr;

static FILE *out(void)
{
	return pr.fp ? pr.fp : stdout;
}

void print_init(FILE *fp, unsigned int flags)
{
	memset(&pr, 0, sizeof(pr));
	pr.fp = fp;
	pr.json = flags & (PRINT_JSON | PRINT_PRETTY);
	pr.pretty = flags & PRINT_PRETTY;
}

/* ---- JSON ---- */

static void json_string(const char *s)
{
	FILE *fp = out();
	unsigned char c;

	fputc('"', fp);
	for (; (c = *s); s++) {
		switch (c) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			if (c < 0x20)
				fprintf(fp, "\\u%04x", c);
			else
				fputc(c, fp);
		}
	}
	fputc('"', fp);
}

static void json_newline(unsigned int depth)
{
	if (pr.pretty)
		fprintf(out(), "\n%*s", depth * PRINT_INDENT, "");
}

/* Separator and indentation before a member or element; then its key. */
static void json_member(const char *key)
{
	if (pr.depth) {
		if (pr.filled[pr.depth - 1])
			fputc(',', out());
		pr.filled[pr.depth - 1] = true;
		json_newline(pr.depth);
	}
	if (key) {
		json_string(key);
		fputs(pr.pretty ? ": " : ":", out());
	}
}

static void json_open(const char *key, char bracket)
{
	json_member(key);
	fputc(bracket, out());
	if (pr.depth == PRINT_MAX_DEPTH)
		abort();	/* a command nests deeper than any output needs */
	pr.filled[pr.depth++] = false;
}

static void json_close(char bracket)
{
	if (!pr.depth)
		return;
	pr.depth--;
	if (pr.filled[pr.depth])
		json_newline(pr.depth);
	fputc(bracket, out());
	if (!pr.depth)
		fputc('\n', out());
}

/* ---- text ---- */

/* A field starts an indented line (after print_line()) or adds a space. */
static void text_sep(void)
{
	fputs(pr.text_nl ? "\n" TEXT_INDENT : " ", out());
	pr.text_nl = false;
}

/* ---- API ---- */

/* The outermost object and the one named after what is listed. */
void print_section_start(const char *key)
{
	if (!pr.json)
		return;
	json_open(NULL, '{');
	json_open(key, '{');
}

void print_section_end(void)
{
	if (!pr.json)
		return;
	json_close('}');
	json_close('}');
}

/* An object's name: a device or management device. */
void print_handle_start(const char *name)
{
	if (pr.json) {
		json_open(name, '{');
		return;
	}
	fprintf(out(), "%s:", name);
	pr.text_nl = false;
}

void print_handle_end(void)
{
	if (pr.json) {
		json_close('}');
		return;
	}
	fputc('\n', out());
	pr.text_nl = false;
}

/* Text: what follows goes on a new, indented line (if anything follows). */
void print_line(void)
{
	if (!pr.json)
		pr.text_nl = true;
}

void print_str(const char *key, const char *val)
{
	if (pr.json) {
		json_member(key);
		json_string(val);
		return;
	}
	text_sep();
	fprintf(out(), "%s %s", key, val);
}

void print_uint(const char *key, uint64_t val)
{
	if (pr.json) {
		json_member(key);
		fprintf(out(), "%" PRIu64, val);
		return;
	}
	text_sep();
	fprintf(out(), "%s %" PRIu64, key, val);
}

void print_bool(const char *key, bool val)
{
	if (pr.json) {
		json_member(key);
		fputs(val ? "true" : "false", out());
		return;
	}
	text_sep();
	fprintf(out(), "%s %s", key, val ? "true" : "false");
}

static void print_bool_as(const char *key, bool val, const char *yes,
			  const char *no)
{
	if (pr.json) {
		print_bool(key, val);
		return;
	}
	print_str(key, val ? yes : no);
}

void print_onoff(const char *key, bool val)
{
	print_bool_as(key, val, "on", "off");
}

void print_yesno(const char *key, bool val)
{
	print_bool_as(key, val, "yes", "no");
}

/* A list of values; text shows the key, then the values. */
void print_list_start(const char *key)
{
	if (pr.json) {
		json_open(key, '[');
		return;
	}
	text_sep();
	fputs(key, out());
}

void print_list_str(const char *val)
{
	if (pr.json) {
		json_member(NULL);
		json_string(val);
		return;
	}
	fprintf(out(), " %s", val);
}

void print_list_uint(uint64_t val)
{
	if (pr.json) {
		json_member(NULL);
		fprintf(out(), "%" PRIu64, val);
		return;
	}
	fprintf(out(), " %" PRIu64, val);
}

void print_list_empty(const char *text)
{
	if (!pr.json)
		fprintf(out(), " %s", text);
}

/*
 * A list of named counters: JSON "key":[{"name":NAME,"value":VAL},...],
 * which keeps their order and repeated names (jq's from_entries turns it
 * into an object); text "NAME VAL NAME VAL ..." without the key.
 */
void print_pairs_start(const char *key)
{
	if (pr.json)
		json_open(key, '[');
}

void print_pair(const char *name, uint64_t val)
{
	if (pr.json) {
		json_open(NULL, '{');
		print_str("name", name);
		print_uint("value", val);
		json_close('}');
		return;
	}
	print_uint(name, val);
}

/* Ends a list or a list of counters. */
void print_list_end(void)
{
	if (pr.json)
		json_close(']');
}

/* A nested object; in an array, @key is NULL. */
void print_obj_start(const char *key)
{
	if (pr.json) {
		json_open(key, '{');
		return;
	}
	if (key) {
		text_sep();
		fputs(key, out());
	}
}

void print_obj_end(void)
{
	if (pr.json)
		json_close('}');
}

/* An array of objects; ended by print_list_end(). */
void print_array_start(const char *key)
{
	if (pr.json)
		json_open(key, '[');
}

/* One event: a line of text, or a JSON object on its own. */
void print_record_start(const char *event)
{
	if (pr.json) {
		json_open(NULL, '{');
		print_str("event", event);
		return;
	}
	fputs(event, out());
	pr.text_nl = false;
}

void print_record_end(void)
{
	if (pr.json)
		json_close('}');
	else
		fputc('\n', out());
	fflush(out());
}
