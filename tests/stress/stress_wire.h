/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * stress_wire.c: the network beyond the port.
 */
#ifndef OVNIC_STRESS_WIRE_H
#define OVNIC_STRESS_WIRE_H

#include "stress_test.h"

void *st_wire_thread(void *arg);

#endif /* OVNIC_STRESS_WIRE_H */
