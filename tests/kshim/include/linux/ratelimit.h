/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the kernel's ratelimit: at most @burst passes per @interval
 * jiffies; when a new interval starts after some were held back, a
 * warning says how many ("callbacks suppressed"), as ___ratelimit() does.
 */
#ifndef OVNIC_KSHIM_LINUX_RATELIMIT_H
#define OVNIC_KSHIM_LINUX_RATELIMIT_H

#include <linux/types.h>

#define HZ				KSHIM_HZ
#define DEFAULT_RATELIMIT_INTERVAL	(5 * HZ)
#define DEFAULT_RATELIMIT_BURST		10

struct ratelimit_state {
	const char *what;	/* the kernel names its lock after it */
	int interval;
	int burst;
	int printed;
	int missed;
	unsigned long begin;
};

#define RATELIMIT_STATE_INIT(name, interval_init, burst_init) {	\
		.what		= #name,				\
		.interval	= interval_init,			\
		.burst		= burst_init,				\
	}

#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init)	\
	struct ratelimit_state name =					\
		RATELIMIT_STATE_INIT(name, interval_init, burst_init)

int ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(state)	___ratelimit(state, __func__)

#endif
