// SPDX-License-Identifier: GPL-2.0
/*
 * stats: the card's counters of a device's queues (the ovnic family's
 * STATS_GET), summed by queue type or per queue, as totals or as rates
 * over an interval.
 *
 *	d0:
 *	  rx packets 12 bytes 1450 descs 12 kicks 0 interrupts 9 drop_no_buffer 0 ...
 *	  tx packets 10 bytes 1020 ...
 *	  ctrl packets 0 ... ctrl_errors 0
 *	d0:
 *	  queue 0 type rx packets 12 ...
 *
 * With "interval SECS" it reads the counters twice and prints what
 * changed per second ("rates" instead of "stats", with interval_ms).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "objects.h"
#include "ovnic_nl.h"
#include "print.h"

static const char *const stat_names[] = {
	[OVNIC_NL_STAT_PACKETS]		= "packets",
	[OVNIC_NL_STAT_BYTES]		= "bytes",
	[OVNIC_NL_STAT_DESCS]		= "descs",
	[OVNIC_NL_STAT_KICKS]		= "kicks",
	[OVNIC_NL_STAT_INTERRUPTS]	= "interrupts",
	[OVNIC_NL_STAT_DROP_NO_BUFFER]	= "drop_no_buffer",
	[OVNIC_NL_STAT_DROP_TOO_BIG]	= "drop_too_big",
	[OVNIC_NL_STAT_DROP_BAD_DESC]	= "drop_bad_desc",
	[OVNIC_NL_STAT_DROP_BAD_ADDR]	= "drop_bad_addr",
	[OVNIC_NL_STAT_DROP_FILTERED]	= "drop_filtered",
	[OVNIC_NL_STAT_CTRL_ERRORS]	= "ctrl_errors",
	[OVNIC_NL_STAT_COALESCED]	= "coalesced",
	[OVNIC_NL_STAT_DROP_SPOOFED]	= "drop_spoofed",
	[OVNIC_NL_STAT_DROP_BAD_OFFLOAD]	= "drop_bad_offload",
	[OVNIC_NL_STAT_CSUM_PARTIAL]		= "csum_partial",
	[OVNIC_NL_STAT_CSUM_VALID]		= "csum_valid",
	[OVNIC_NL_STAT_GSO_PACKETS]		= "gso_packets",
	[OVNIC_NL_STAT_GSO_BYTES]		= "gso_bytes",
	[OVNIC_NL_STAT_GSO_SEGMENTS]		= "gso_segments",
	[OVNIC_NL_STAT_GSO_SEGMENT_BYTES]	= "gso_segment_bytes",
	[OVNIC_NL_STAT_GSO_NOSEG_PACKETS]	= "gso_noseg_packets",
	[OVNIC_NL_STAT_GSO_NOSEG_BYTES]		= "gso_noseg_bytes",
	[OVNIC_NL_STAT_BAD_NOTIFY]		= "bad_notify",
};

static const char *const queue_types[] = {
	[OVNIC_NL_QUEUE_UNUSED]	= "unused",
	[OVNIC_NL_QUEUE_RX]	= "rx",
	[OVNIC_NL_QUEUE_TX]	= "tx",
	[OVNIC_NL_QUEUE_CTRL]	= "ctrl",
};

/* The sums of a device reply: which nest holds which queue type. */
static const struct {
	int attr;
	const char *name;
} groups[STATS_GROUPS] = {
	{ OVNIC_NL_A_STATS_RX,		"rx" },
	{ OVNIC_NL_A_STATS_TX,		"tx" },
	{ OVNIC_NL_A_STATS_CTRL,	"ctrl" },
};

/* Counters of one nest; counters unknown to this build keep their number. */
static int counters_parse(struct nlattr *nest, struct stats_counters *c)
{
	struct nlattr *a;
	int rem;

	memset(c, 0, sizeof(*c));
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) == OVNIC_NL_STAT_PAD)
			continue;
		if (nla_len(a) != sizeof(uint64_t)) {
			pr_err("malformed counter %d in the kernel's stats reply",
			       nla_type(a));
			return EXIT_FAIL;
		}
		if (nla_type(a) >= STATS_MAX_COUNTERS)
			continue;
		c->val[nla_type(a)] = nla_get_u64(a);
		c->have |= 1ULL << nla_type(a);
	}
	return EXIT_OK;
}

static struct stats_rec *rec_new(struct stats_set *set)
{
	struct stats_rec *r;

	if (set->n == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 16;

		r = realloc(set->rec, cap * sizeof(*r));
		if (!r) {
			pr_err("out of memory");
			return NULL;
		}
		set->rec = r;
		set->cap = cap;
	}
	r = &set->rec[set->n];
	memset(r, 0, sizeof(*r));
	return r;
}

/* A STATS_GET reply, kept in the struct stats_set @arg. */
int stats_collect(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[OVNIC_NL_A_MAX + 1];
	struct stats_set *set = arg;
	struct stats_rec *r;
	int g;

	if (ovnic_parse(msg, tb, "stats"))
		return EXIT_FAIL;
	r = rec_new(set);
	if (!r)
		return EXIT_FAIL;
	snprintf(r->dev, sizeof(r->dev), "%s",
		 nla_get_string(tb[OVNIC_NL_A_DEV_NAME]));
	if (tb[OVNIC_NL_A_STATS_QUEUE_INDEX]) {
		if (!tb[OVNIC_NL_A_STATS]) {
			pr_err("counters missing in the kernel's stats reply");
			return EXIT_FAIL;
		}
		r->qidx = nla_get_u16(tb[OVNIC_NL_A_STATS_QUEUE_INDEX]);
		r->type = tb[OVNIC_NL_A_STATS_QUEUE_TYPE] ?
			  nla_get_u8(tb[OVNIC_NL_A_STATS_QUEUE_TYPE]) : 0;
		r->groups = 1;
		if (counters_parse(tb[OVNIC_NL_A_STATS], &r->c[0]))
			return EXIT_FAIL;
	} else {
		r->qidx = -1;
		for (g = 0; g < STATS_GROUPS; g++) {
			if (!tb[groups[g].attr])
				continue;
			r->groups |= 1u << g;
			if (counters_parse(tb[groups[g].attr], &r->c[g]))
				return EXIT_FAIL;
		}
	}
	set->n++;
	return EXIT_OK;
}

void stats_set_free(struct stats_set *set)
{
	free(set->rec);
	memset(set, 0, sizeof(*set));
}

static const struct stats_rec *rec_find(const struct stats_set *set,
					const struct stats_rec *r)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->rec[i].qidx == r->qidx && !strcmp(set->rec[i].dev, r->dev))
			return &set->rec[i];
	return NULL;
}

/*
 * @now becomes the rate of change since @then, per second over
 * @interval_ms; records without a match in @then are dropped.  A counter
 * that went backwards (the device was deleted and created again) counts
 * from zero.
 */
void stats_rate(struct stats_set *now, const struct stats_set *then,
		uint64_t interval_ms)
{
	const struct stats_rec *old;
	size_t i, n = 0;
	unsigned int g, k;

	if (!interval_ms)
		interval_ms = 1;
	for (i = 0; i < now->n; i++) {
		struct stats_rec *r = &now->rec[i];

		old = rec_find(then, r);
		if (!old)
			continue;
		for (g = 0; g < STATS_GROUPS; g++) {
			for (k = 0; k < STATS_MAX_COUNTERS; k++) {
				uint64_t a = old->c[g].val[k], b = r->c[g].val[k];
				uint64_t d = b >= a ? b - a : b;

				r->c[g].val[k] = d / interval_ms * 1000 +
						 d % interval_ms * 1000 / interval_ms;
			}
		}
		now->rec[n++] = *r;
	}
	now->n = n;
}

static void counters_print(const struct stats_counters *c)
{
	char buf[16];
	unsigned int k;

	for (k = 0; k < STATS_MAX_COUNTERS; k++) {
		if (!(c->have & (1ULL << k)))
			continue;
		if (k < ARRAY_SIZE(stat_names) && stat_names[k]) {
			print_uint(stat_names[k], c->val[k]);
		} else {
			snprintf(buf, sizeof(buf), "stat_%u", k);
			print_uint(buf, c->val[k]);
		}
	}
}

static const char *queue_type_name(uint8_t type, char *buf, size_t size)
{
	if (type < ARRAY_SIZE(queue_types))
		return queue_types[type];
	snprintf(buf, size, "type_%u", type);
	return buf;
}

/* Records are printed in the kernel's order, grouped by device. */
void stats_print(const struct stats_set *set, uint64_t interval_ms)
{
	size_t i, j;
	char buf[16];
	unsigned int g;

	print_section_start(interval_ms ? "rates" : "stats");
	for (i = 0; i < set->n; i = j) {
		const struct stats_rec *r = &set->rec[i];
		bool queues = false;

		print_handle_start(r->dev);
		if (interval_ms)
			print_uint("interval_ms", interval_ms);
		for (j = i; j < set->n && !strcmp(set->rec[j].dev, r->dev); j++) {
			const struct stats_rec *q = &set->rec[j];

			if (q->qidx < 0) {
				for (g = 0; g < STATS_GROUPS; g++) {
					if (!(q->groups & (1u << g)))
						continue;
					print_line();
					print_obj_start(groups[g].name);
					counters_print(&q->c[g]);
					print_obj_end();
				}
				continue;
			}
			if (!queues) {
				print_array_start("queues");
				queues = true;
			}
			print_line();
			print_obj_start(NULL);
			print_uint("queue", q->qidx);
			print_str("type", queue_type_name(q->type, buf, sizeof(buf)));
			counters_print(&q->c[0]);
			print_obj_end();
		}
		if (queues)
			print_list_end();
		print_handle_end();
	}
	print_section_end();
}

static const struct cmd_spec stats_show_spec = {
	.optional	= OPT_NAME | OPT_QIDX | OPT_SCOPE | OPT_INTERVAL,
	.positional	= OPT_NAME,
};

/* One queue (do), or a dump: every device's sums, or every queue. */
static int stats_read(const struct opts *o, struct stats_set *set)
{
	int flags = o->present & OPT_QIDX ? 0 : NLM_F_DUMP;
	struct nl_msg *msg = ovnic_req(OVNIC_NL_CMD_STATS_GET, flags, o);

	if (!msg)
		return EXIT_FAIL;
	return ovnic_run(msg, stats_collect, set, o);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int stats_show(int argc, char **argv)
{
	struct stats_set then = { 0 }, now = { 0 };
	uint64_t t0, ms = 0;
	struct timespec ts;
	struct opts o;
	int ret;

	ret = opts_parse(&o, &stats_show_spec, argc, argv);
	if (ret)
		return ret;
	if ((o.present & OPT_QIDX) && !(o.present & OPT_NAME)) {
		pr_err("qidx needs a device");
		return EXIT_USAGE;
	}
	if ((o.present & OPT_QIDX) && (o.present & OPT_SCOPE)) {
		pr_err("qidx and scope exclude each other");
		return EXIT_USAGE;
	}
	if ((o.present & OPT_QIDX) && o.qidx > UINT16_MAX) {
		pr_err("qidx %u is not a queue index (0 to %u)", o.qidx, UINT16_MAX);
		return EXIT_USAGE;
	}
	/* The interval is measured between the starts of the two reads. */
	if (o.present & OPT_INTERVAL) {
		t0 = now_ms();
		ret = stats_read(&o, &then);
		if (ret)
			goto out;
		ts.tv_sec = o.interval_ms / 1000;
		ts.tv_nsec = o.interval_ms % 1000 * 1000000;
		while (nanosleep(&ts, &ts) && errno == EINTR)
			;
		ms = now_ms() - t0;
	}
	ret = stats_read(&o, &now);
	if (ret)
		goto out;
	if (o.present & OPT_INTERVAL)
		stats_rate(&now, &then, ms ? ms : 1);
	stats_print(&now, ms);
out:
	stats_set_free(&then);
	stats_set_free(&now);
	return ret;
}

const struct cmd stats_cmds[] = {
	{ .name = "show", .run = stats_show, .spec = &stats_show_spec, .is_default = true,
	  .args = "[ DEV [ qidx QUEUE_INDEX ] ] [ scope { device | queue } ]\n"
		  "\t[ interval SECS ]" },
	{ }
};
