/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * stress_drv.c: a guest driver's thread per device.
 */
#ifndef OVNIC_STRESS_DRV_H
#define OVNIC_STRESS_DRV_H

#include "stress_test.h"

void *st_drv_thread(void *arg);

#endif /* OVNIC_STRESS_DRV_H */
