/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: dev_err and its rate-limited form, through kshim's printk. */
#ifndef OVNIC_KSHIM_LINUX_DEVICE_H
#define OVNIC_KSHIM_LINUX_DEVICE_H

#include <linux/array_size.h>
#include <linux/build_bug.h>
#include <linux/ratelimit.h>
#include <linux/types.h>

static inline const char *dev_name(const struct device *dev)
{
	return dev->name;
}

#define dev_err(dev, fmt, ...)						\
	kshim_dev_printk(KSHIM_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)						\
	kshim_dev_printk(KSHIM_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)						\
	kshim_dev_printk(KSHIM_INFO, dev, fmt, ##__VA_ARGS__)

#define dev_err_ratelimited(dev, fmt, ...)				\
do {									\
	static DEFINE_RATELIMIT_STATE(_rs, DEFAULT_RATELIMIT_INTERVAL,	\
				      DEFAULT_RATELIMIT_BURST);		\
	if (__ratelimit(&_rs))						\
		dev_err(dev, fmt, ##__VA_ARGS__);			\
} while (0)

#endif
