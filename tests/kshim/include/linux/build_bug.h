/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: compile-time assertions. */
#ifndef OVNIC_KSHIM_LINUX_BUILD_BUG_H
#define OVNIC_KSHIM_LINUX_BUILD_BUG_H

/* 0, or no build when @e is true: for use inside expressions */
#define BUILD_BUG_ON_ZERO(e)	((int)(sizeof(struct { int:(-!!(e)); })))

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), "BUILD_BUG_ON: " #cond)

#endif
