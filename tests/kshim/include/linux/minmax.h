/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: min_t and max_t (no type checks: the kernel build does those). */
#ifndef OVNIC_KSHIM_LINUX_MINMAX_H
#define OVNIC_KSHIM_LINUX_MINMAX_H

#define min_t(type, x, y) ({			\
	type __x = (x);				\
	type __y = (y);				\
	__x < __y ? __x : __y; })

#define max_t(type, x, y) ({			\
	type __x = (x);				\
	type __y = (y);				\
	__x > __y ? __x : __y; })

#endif
