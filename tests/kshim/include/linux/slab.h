/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: kmalloc is malloc; the GFP flags mean nothing here. */
#ifndef OVNIC_KSHIM_LINUX_SLAB_H
#define OVNIC_KSHIM_LINUX_SLAB_H

#include <stdlib.h>

#define GFP_KERNEL	0

static inline void *kmalloc(size_t size, int flags)
{
	(void)flags;
	return malloc(size);
}

static inline void *kzalloc(size_t size, int flags)
{
	(void)flags;
	return calloc(1, size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

#endif
