/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: errno values are the uapi's, the same in both worlds. */
#ifndef OVNIC_KSHIM_LINUX_ERRNO_H
#define OVNIC_KSHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#endif
