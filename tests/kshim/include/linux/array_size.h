/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: ARRAY_SIZE, refusing pointers as the kernel's does. */
#ifndef OVNIC_KSHIM_LINUX_ARRAY_SIZE_H
#define OVNIC_KSHIM_LINUX_ARRAY_SIZE_H

#include <linux/build_bug.h>

#define __kshim_must_be_array(a)					\
	BUILD_BUG_ON_ZERO(__builtin_types_compatible_p(__typeof__(a),	\
						       __typeof__(&(a)[0])))

#define ARRAY_SIZE(arr)	\
	(sizeof(arr) / sizeof((arr)[0]) + 0 * __kshim_must_be_array(arr))

#endif
