// SPDX-License-Identifier: GPL-2.0
/*
 * Error output and argument parsing helpers.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static FILE *err_fp;

/* Where error messages go; tests point this at a memory stream. */
void err_set_fp(FILE *fp)
{
	err_fp = fp;
}

FILE *err_file(void)
{
	return err_fp ? err_fp : stderr;
}

static void vpr(const char *prefix, const char *fmt, va_list ap)
{
	FILE *fp = err_file();

	fputs(prefix, fp);
	vfprintf(fp, fmt, ap);
	fputc('\n', fp);
}

/* "Error: <message>": the one format of every error vdpa-ctl reports. */
void pr_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr("Error: ", fmt, ap);
	va_end(ap);
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr("Warning: ", fmt, ap);
	va_end(ap);
}

bool str_eq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/*
 * Decimal, or hexadecimal with a 0x prefix; no sign, no spaces, nothing
 * after the number.  Returns 0, or -1 when @s is not a number up to @max.
 */
int parse_u64(const char *s, uint64_t max, uint64_t *val)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -1;
	/* strtoull takes a leading 0 as octal: accept only plain decimal. */
	if (s[0] == '0' && s[1] && s[1] != 'x' && s[1] != 'X')
		return -1;
	*val = v;
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Exactly six colon-separated pairs of hex digits. */
int parse_mac(const char *s, uint8_t mac[ETH_ALEN_CTL])
{
	int i, hi, lo;

	for (i = 0; i < ETH_ALEN_CTL; i++) {
		hi = hex_digit(s[0]);
		lo = hi < 0 ? -1 : hex_digit(s[1]);
		if (lo < 0)
			return -1;
		mac[i] = hi << 4 | lo;
		s += 2;
		if (i < ETH_ALEN_CTL - 1 && *s++ != ':')
			return -1;
	}
	return *s ? -1 : 0;
}

/* "aa:bb:...", truncated to @size; @buf is always terminated. */
void format_mac(const uint8_t *mac, size_t len, char *buf, size_t size)
{
	size_t i, n = 0;
	int r;

	if (!size)
		return;
	buf[0] = '\0';
	for (i = 0; i < len; i++) {
		r = snprintf(buf + n, size - n, "%s%02x", i ? ":" : "", mac[i]);
		if (r < 0 || (size_t)r >= size - n)
			break;
		n += r;
	}
}
