/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: memcpy and friends are libc's. */
#ifndef OVNIC_KSHIM_LINUX_STRING_H
#define OVNIC_KSHIM_LINUX_STRING_H

#include <string.h>

#endif
