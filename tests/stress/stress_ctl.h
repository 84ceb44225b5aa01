/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * stress_ctl.c: the host's control thread on the mailbox.
 */
#ifndef OVNIC_STRESS_CTL_H
#define OVNIC_STRESS_CTL_H

#include "stress_test.h"

void st_op_query(struct st_test *t, unsigned int i);
void *st_control_thread(void *arg);

#endif /* OVNIC_STRESS_CTL_H */
