/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the kernel's types; the uapi headers' __u8, __be16 ... as well. */
#ifndef OVNIC_KSHIM_LINUX_TYPES_H
#define OVNIC_KSHIM_LINUX_TYPES_H

#include_next <linux/types.h>

#include "kshim.h"

#endif
