/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by every part of vdpa-ctl: exit codes, error
 * messages, number and MAC address parsing.
 */
#ifndef VDPA_CTL_UTIL_H
#define VDPA_CTL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT_ULL(n)	(1ULL << (n))

/* Exit status, as iproute2's tools use it. */
enum {
	EXIT_OK		= 0,	/* done */
	EXIT_FAIL	= 1,	/* the command failed (kernel, socket, memory) */
	EXIT_USAGE	= 2,	/* the command line is wrong */
};

#define ETH_ALEN_CTL	6

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif

void err_set_fp(FILE *fp);
FILE *err_file(void);
__printf(1, 2) void pr_err(const char *fmt, ...);
__printf(1, 2) void pr_warn(const char *fmt, ...);

bool str_eq(const char *a, const char *b);
int parse_u64(const char *s, uint64_t max, uint64_t *val);
int parse_mac(const char *s, uint8_t mac[ETH_ALEN_CTL]);
void format_mac(const uint8_t *mac, size_t len, char *buf, size_t size);

#endif
